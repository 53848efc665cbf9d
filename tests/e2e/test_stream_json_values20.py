"""tablesplit16's leftovers (fields20), through the official SDKs, whole and streamed in 1-, 7- and 20-character
chunks: (a) tool call arguments (chat `tool_calls`, Responses `function_call_arguments`, Anthropic
`input_json_delta`) where a `phone` or `ssn` word in one string (a table's header, a label, a key) lent its type to
another string's digits in the stream (`{"label": "phone", "order": "2125550199"}` went out with the order number
redacted, the app calling the tool got another value) while the whole answer kept them; (b) a Markdown table with a
row of fewer cells than its header: the rows after it went out raw in the whole answer, and the stream redacted
the short row's number under another column. The streamed answer is now the whole answer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    SCREENED_POLICY,
    answer_of,
    chat_text_and_arguments,
    claude,
    oai,
    responses_text_and_calls,
)

LENT = {
    "markdown header": {"to": "ops", "t": "| name | phone |\n|---|---|\n", "order": "2125550199"},
    "label": {"t": "Phones:\n", "order": "2125550199"},
    "word": {"label": "phone", "order": "2125550199"},
    "ssn": {"note": "SSN:", "order": "536904399"},
    "key": {"phone": "", "tracking": "2125550199"},
}
TOOLS: Any = [{"name": "send", "description": "send", "input_schema": {"type": "object"}}]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _arguments(p: Proxy, api: str, stream: bool) -> Any:
    """The first tool call's arguments, parsed (streamed: joined as the client joins them)."""
    if api == "chat":
        return json.loads(chat_text_and_arguments(oai(p), "hi", stream)[1])
    if api == "responses":
        return responses_text_and_calls(oai(p), "hi", stream)[1][0]
    client = claude(p).messages
    msgs: Any = [{"role": "user", "content": "hi"}]
    if stream:
        with client.stream(model="claude-3-5-haiku-latest", max_tokens=100, messages=msgs, tools=TOOLS) as s:
            events = list(s)
            final = s.get_final_message()
        joined = "".join(e.delta.partial_json for e in events
                         if e.type == "content_block_delta" and e.delta.type == "input_json_delta")
        uses = [b.input for b in final.content if b.type == "tool_use"]
        assert [json.loads(joined)] == uses, joined
        return uses[0]
    answer = client.create(model="claude-3-5-haiku-latest", max_tokens=100, messages=msgs, tools=TOOLS)
    return next(b.input for b in answer.content if b.type == "tool_use")


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(LENT))
def test_a_word_in_one_argument_types_no_other_value_streamed(mock: Mock, guarded: Proxy, case: str,
                                                              api: str) -> None:
    args = LENT[case]
    mock.script(tool_calls=[{"name": "send", "arguments": args}])
    assert _arguments(guarded, api, False) == args
    for size in (1, 7, 20):
        mock.script(tool_calls=[{"name": "send", "arguments": args}], chunk_chars=size)
        assert _arguments(guarded, api, True) == args, size


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
def test_a_value_under_its_own_key_is_still_redacted_streamed(mock: Mock, guarded: Proxy, api: str) -> None:
    args = {"phone": "6175550143", "order": "2125550199"}
    mock.script(tool_calls=[{"name": "send", "arguments": args}])
    whole = _arguments(guarded, api, False)
    assert whole["order"] == "2125550199" and whole["phone"] != "6175550143"
    for size in (1, 7, 20):
        mock.script(tool_calls=[{"name": "send", "arguments": args}], chunk_chars=size)
        assert _arguments(guarded, api, True) == whole, size


SHORT = ("Orders:\n\n| order | phone |\n|---|---|\n| 2125550199 |\n| 88 | 6175550143 |\n| 89 | 4155550123 |\n\n"
         "Done.")


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_table_with_a_short_row_streamed_as_whole(mock: Mock, guarded: Proxy, api: str) -> None:
    mock.script(text=SHORT)
    whole = answer_of(guarded, api, False)[0]
    assert "6175550143" not in whole and "4155550123" not in whole and "| 2125550199 |" in whole, whole
    for size in (1, 7, 20):
        mock.script(text=SHORT, chunk_chars=size)
        assert answer_of(guarded, api, True)[0] == whole, size
