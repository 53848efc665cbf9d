"""issue 12, atk14 B H4 streamed: bare phone numbers and SSNs under a table column's header that names them
(Markdown, CSV, tab, `;`, HTML `<th>Phone</th>`) or after a `Phones:` label, in an answer streamed in 1-, 7- and
20-character chunks on the Chat Completions, Responses and Messages APIs through the official SDKs. Whole answers
redacted them (columns14); a stream's window, cut at each line, read each row without its header and let the values
go raw to the client. The streamed answer is now the whole answer. A table without a header, or under a header that
names no such type, keeps its numbers as sent."""

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

PH = ["6175550143", "2125550199", "4155550123", "3125550187", "7185550134"]
SS = ["536904399", "219099999", "457555462", "387452211", "234567891"]
NAMES = ["Ann Lee", "Bo Park", "Cy Diaz", "Di Chen", "Ed Kim"]

PROWS = list(zip(NAMES, PH, strict=True))  # (name, value) per row
SROWS = list(zip(NAMES, SS, strict=True))

TABLES = {
    "markdown": ("| Name | Phone |\n|---|---|\n" + "\n".join(f"| {a} | {n} |" for a, n in PROWS), PH),
    "csv": ("name,ssn,city\n" + "\n".join(f"{a},{n},Boston" for a, n in SROWS), SS),
    "tab": ("name\tphone\tteam\n" + "\n".join(f"{a}\t{n}\tsales" for a, n in PROWS), PH),
    "semicolon": ("id;SSN;team\n" + "\n".join(f"{i};{n};ops" for i, n in enumerate(SS)), SS),
    "html": ("<table>\n<tr><th>Name</th><th>Phone</th></tr>\n"
             + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>\n" for a, n in PROWS) + "</table>", PH),
    "phones list": ("Phones:\n" + "\n".join(f"- {n}" for n in PH), PH),
}
PLAIN = {
    "no header": "| a | b |\n|---|---|\n" + "\n".join(f"| item{i} | {n} |" for i, n in enumerate(PH)),
    "order header": "| item | order |\n|---|---|\n" + "\n".join(f"| box{i} | {n} |" for i, n in enumerate(PH)),
}
AROUND = "Here is the list you asked for.\n\n{}\n\nLet me know if you need more."


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _answer(p: Proxy, api: str, stream: bool) -> str:
    if api == "responses":
        client = oai(p).responses
        if not stream:
            return client.create(model="gpt-4o-mini", input="hi").output_text
        with client.stream(model="gpt-4o-mini", input="hi") as s:
            text = "".join(e.delta for e in s if e.type == "response.output_text.delta")
            assert s.get_final_response().output_text == text
        return text
    return answer_of(p, api, stream)[0]


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(TABLES))
def test_values_under_a_header_streamed_as_whole(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    table, values = TABLES[case]
    text = AROUND.format(table)
    mock.script(text=text)
    whole = _answer(guarded, api, False)
    assert [v for v in values if v in whole] == [], whole
    for size in (1, 7, 20):
        mock.script(text=text, chunk_chars=size)
        streamed = _answer(guarded, api, True)
        assert [v for v in values if v in streamed] == [], (size, streamed)
        assert streamed == whole, (size, streamed)


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(PLAIN))
def test_numbers_under_no_such_header_stay_streamed(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    text = AROUND.format(PLAIN[case])
    for size in (1, 7, 20):
        mock.script(text=text, chunk_chars=size)
        assert _answer(guarded, api, True) == text, size


# tablerest15: a table inside a tool call's arguments (chat `tool_calls`, Responses `function_call_arguments`,
# Anthropic `input_json_delta`), streamed in 1-, 7- and 20-character chunks: the whole answer reads each string of
# the arguments decoded and redacts the rows under the header; the stream read the raw JSON (its line breaks escaped)
# and let them go. Now the streamed arguments are the whole answer's.
ARG_TABLES = {
    "markdown": ({"to": "ops", "body": "Here:\n\n| Name | Phone |\n|---|---|\n"
                  + "\n".join(f"| {a} | {n} |" for a, n in PROWS) + "\n\nThanks"}, PH),
    "csv": ({"body": "name,ssn,city\n" + "\n".join(f"{a},{n},Boston" for a, n in SROWS)}, SS),
    "html": ({"body": "<table><tr><th>Name</th><th>Phone</th></tr>"
              + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>" for a, n in PROWS) + "</table>"}, PH),
}
TOOLS: Any = [{"name": "send", "description": "send", "input_schema": {"type": "object"}}]


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
@pytest.mark.parametrize("case", list(ARG_TABLES))
def test_a_table_in_streamed_arguments_as_whole(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    args, values = ARG_TABLES[case]
    mock.script(tool_calls=[{"name": "send", "arguments": args}])
    whole = _arguments(guarded, api, False)
    assert [v for v in values if v in json.dumps(whole)] == [], whole
    for size in (1, 7, 20):
        mock.script(tool_calls=[{"name": "send", "arguments": args}], chunk_chars=size)
        streamed = _arguments(guarded, api, True)
        assert [v for v in values if v in json.dumps(streamed)] == [], (size, streamed)
        assert streamed == whole, (size, streamed)


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
def test_numbers_in_streamed_arguments_under_no_such_header_stay(mock: Mock, guarded: Proxy, api: str) -> None:
    args = {"body": "| item | order |\n|---|---|\n" + "\n".join(f"| box{i} | {n} |" for i, n in enumerate(PH))}
    for size in (1, 7, 20):
        mock.script(tool_calls=[{"name": "send", "arguments": args}], chunk_chars=size)
        assert _arguments(guarded, api, True) == args, size
