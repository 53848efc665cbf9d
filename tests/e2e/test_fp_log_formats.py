"""Issue 12, atk7 tester B findings 4 and 5 (the numbers), end to end: what the mock provider RECEIVED.

- machine-written log lines (access logs, HTTP and mail `Date:` headers, klog, git / ctime dates, Go `time.Time`),
  migration and snapshot names that start with a date and a dated invoice number go up as sent, in a message and
  in tool-call arguments, and come back as sent in an answer;
- a phone number after a time, a card in a log line and a name that is a month's abbreviation are still redacted.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, post_raw, received

POLICY = REDACT_NAMES_POLICY

LOGS = [
    '"GET /api/items HTTP/1.1" 200 2048',
    'web-1 - - [04/Jun/2024:10:22:01 +0000] "GET /index.html HTTP/1.1" 200 5123 "-" "curl/8.4.0"',
    "Date: Tue, 04 Jun 2024 10:22:01 GMT",
    "E0604 10:22:01.123456   12345 reflector.go:138] Failed to watch *v1.Pod",
    "I0517 05:59:46.072116   16568 server.go:243] handled request",
    "Date:   Tue Jun 4 10:22:01 2024 +0000",
    "last_modified: Mon Mar 11 08:15:42 2024 -0700",
    "2024-06-04 10:22:01.123 +0000 UTC m=+0.000123456",
    "In the migration 20240604_1022_add_index.py we add an index.",
    "Files: 2024_06_04_103000_create_orders_table.php",
    "snapshot_202406041022 was taken before the upgrade.",
    "Invoice 2024-03-0042 total 4,211.50 EUR due 2024-04-10",
    "Due: 15 Jun 2024",
    "Report for Q2 (Apr-Jun 2024) is attached.",
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _post(p: Proxy, body: dict[str, Any]) -> Any:
    r = post_raw(p, "/v1/chat/completions", json.dumps(body))
    assert r.status_code == 200, r.text
    return r


def _sent(mock: Mock) -> Any:
    return mock.state.requests[-1].body


@pytest.mark.parametrize("text", LOGS)
def test_log_lines_go_up_as_sent(plain: Proxy, mock: Mock, text: str) -> None:
    _post(plain, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert _sent(mock)["messages"][0]["content"] == text


def test_log_lines_in_tool_arguments_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    args = json.dumps({"line": LOGS[1], "file": "20240604_1022_add_index.py", "date": LOGS[2]})
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": args}}
    _post(plain, {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "look it up"}, {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}]})
    assert json.loads(_sent(mock)["messages"][1]["tool_calls"][0]["function"]["arguments"]) == json.loads(args)


def test_an_answer_with_log_lines_comes_back_as_sent(plain: Proxy, mock: Mock) -> None:
    content = "\n".join(LOGS)
    mock.script(raw_body=json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}))
    r = _post(plain, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "show the logs"}]})
    assert r.json()["choices"][0]["message"]["content"] == content


def test_pii_beside_log_shapes_is_still_redacted(plain: Proxy, mock: Mock) -> None:
    text = ("Call Jun Li at 10:22:01 617 555 0143.\n"
            "I0517 05:59:46.072116   16568 server.go:243] charged card 4111 1111 1111 1111")
    _post(plain, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    got = received(mock)
    assert "Jun Li" not in got and "617 555 0143" not in got and "4111 1111 1111 1111" not in got, got
    assert "05:59:46.072116   16568 server.go:243" in got, got
