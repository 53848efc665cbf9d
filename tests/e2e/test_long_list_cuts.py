"""Long one-line lists and JSON arrays end to end (atk14 B H6): the analysis reads a long text in ~1,000-character
pieces, and in a text without sentence ends or spaces after words (`Cc: a@x.org, b@y.org, ...`, compact JSON
records) the cut fell inside the value at each mark, which reached the provider (and, in an answer, the client) raw
while its neighbours came out half-redacted (`user200.<EMAIL_ADDRESS_200>`). What the mock provider RECEIVED and
what the client RECEIVED: every value whole under one placeholder, in a user message, a chat `tool` message, an
Anthropic `tool_result` and a whole answer. (`tests/nlp/test_pii_long_cuts.py`: every offset around each cut.)
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, claude, oai, received

PLACEHOLDER = r"<(?:EMAIL_ADDRESS|PHONE_NUMBER|US_SSN)_\d+>"


@pytest.fixture(scope="module")
def lists(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _values(seed: int) -> tuple[list[str], list[str], list[str]]:
    r = random.Random(seed)
    emails = [f"{r.choice(['ann', 'bo', 'cyd', 'dee'])}{i}.{r.choice('xyz')}@{r.choice(['acme', 'mail'])}{i}.org"
              for i in range(170)]
    phones = [f"{r.choice([212, 415, 617])}-555-{1000 + i:04d}" for i in range(260)]
    ssns = [f"{101 + i:03d}-{10 + i % 80:02d}-{2000 + i:04d}" for i in range(260)]
    return emails, phones, ssns


def _one_line(text: str, prefix: str, sep: str, count: int) -> bool:
    """`text` is `prefix` and `count` placeholders joined by `sep`: each value whole under one placeholder."""
    return re.fullmatch(re.escape(prefix) + PLACEHOLDER + f"(?:{re.escape(sep)}{PLACEHOLDER}){{{count - 1}}}",
                        text) is not None


def _records(seed: int) -> list[dict[str, Any]]:
    emails, phones, _ = _values(seed)
    return [{"id": i, "email": emails[i], "phone": phones[i], "status": "active"} for i in range(120)]


def _all_placeholders(doc: list[dict[str, Any]]) -> bool:
    return all(re.fullmatch(PLACEHOLDER, rec["email"]) and re.fullmatch(PLACEHOLDER, rec["phone"]) for rec in doc)


@pytest.mark.parametrize(("kind", "prefix", "sep"), [(0, "Cc: ", ", "), (0, "To: ", "; "), (1, "Phone numbers: ", ", "),
                                                     (2, "SSNs: ", ", ")])
def test_a_one_line_list_in_a_message(lists: Proxy, mock: Mock, kind: int, prefix: str, sep: str) -> None:
    values = _values(kind)[kind]
    text = prefix + sep.join(values)
    mock.script(text="ok")
    oai(lists).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert [v for v in values if v in received(mock)] == []
    assert _one_line(sent, prefix, sep, len(values)), sent[:200]


def test_a_one_line_list_in_a_whole_answer(lists: Proxy, mock: Mock) -> None:
    emails = _values(3)[0]
    mock.script(text="Recipients: " + ", ".join(emails))
    r = oai(lists).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "list them"}])
    out = r.choices[0].message.content or ""
    assert [v for v in emails if v in out] == []
    assert _one_line(out, "Recipients: ", ", ", len(emails)), out[:200]


@pytest.mark.parametrize("spaced", [False, True])
def test_json_records_in_a_tool_message(lists: Proxy, mock: Mock, spaced: bool) -> None:
    recs = _records(4 + spaced)
    data = json.dumps(recs) if spaced else json.dumps(recs, separators=(",", ":"))
    mock.script(text="ok")
    oai(lists).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "look up the customers"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "crm_lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": data}])
    sent = json.loads(mock.last_body["messages"][2]["content"])
    assert [v for rec in recs for v in (rec["email"], rec["phone"]) if v in received(mock)] == []
    assert _all_placeholders(sent)


def test_json_records_in_an_anthropic_tool_result(lists: Proxy, mock: Mock) -> None:
    recs = _records(6)
    mock.script(text="ok")
    claude(lists).messages.create(model="claude-3-5-haiku-latest", max_tokens=100, messages=[
        {"role": "user", "content": "look up the customers"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "crm_lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                                      "content": json.dumps(recs, separators=(",", ":"))}]}])
    block = mock.last_body["messages"][2]["content"][0]["content"]
    sent = json.loads(block if isinstance(block, str) else block[0]["text"])
    assert [v for rec in recs for v in (rec["email"], rec["phone"]) if v in received(mock)] == []
    assert _all_placeholders(sent)
