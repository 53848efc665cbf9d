"""Ids and names in answers (issue 12, "No side doors"), end to end with the official SDKs: an output `patterns:`
rule did not read the fields the answer inventory treats as ids and names, so an answer with `"model":
"project-falcon"`, a tool call named `project_falcon` or with the id `call_projectfalcon` reached the client.
Now the rules read every string the client receives but the SDKs' enumerated words; a match in an id or a name
blocks the answer (it cannot be redacted), whole or streamed, and the blocked answer does not carry it either.
Ordinary ids and names pass unchanged. Codename spellings differ from the review's."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
output:
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""
MONITOR = POLICY.replace("on_error: block", "on_error: block\nmode: monitor")
ASK = [{"role": "user", "content": "check the build"}]


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _codename(text: str) -> bool:
    squeezed = "".join(c for c in text.lower() if c.isalpha())
    return "projectfalcon" in squeezed or "projectosprey" in squeezed


@pytest.mark.parametrize(("model", "call"), [
    ("Project-Falcon-4o", {"name": "status", "arguments": "{}"}),
    ("gpt-4o-mini", {"name": "project_osprey_status", "arguments": "{}"}),
    ("gpt-4o-mini", {"name": "status", "arguments": "{}", "id": "call_projectFalcon"}),
])
def test_a_codename_in_an_answer_id_or_name_blocks(named: Proxy, mock: Mock, model: str, call: dict[str, Any]) -> None:
    client = oai(named)
    mock.script(tool_calls=[call])
    raw = client.chat.completions.with_raw_response.create(model=model, messages=ASK)  # type: ignore[arg-type]
    assert raw.headers["x-guardrail-decision"] == "block"
    answer = raw.parse()
    assert not _codename(answer.model_dump_json()), answer.model_dump_json()
    assert answer.choices[0].finish_reason == "content_filter"
    rec = named.record_for(raw.headers["x-guardrail-request-id"])
    assert any(c["check"] == "patterns" and c["phase"] == "output" and c["action"] == "block" for c in rec["checks"])
    mock.script(tool_calls=[call], chunk_chars=4)
    chunks = list(client.chat.completions.create(model=model, messages=ASK, stream=True))  # type: ignore[arg-type]
    events = "".join(c.model_dump_json() for c in chunks)
    assert not _codename(events), events
    assert any(choice.finish_reason == "content_filter" for c in chunks for choice in c.choices), events


def test_anthropic_and_responses_answers(named: Proxy, mock: Mock) -> None:
    mock.script(tool_calls=[{"name": "projectFalconDeploy", "arguments": "{}"}])
    message = claude(named).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                            messages=ASK)  # type: ignore[arg-type]
    assert not _codename(message.model_dump_json()) and message.stop_reason != "tool_use", message
    mock.script(tool_calls=[{"name": "status", "arguments": "{}"}], chunk_chars=4)
    with claude(named).messages.stream(model="project-osprey", max_tokens=10, messages=ASK) as s:  # type: ignore[arg-type]
        events = "".join(e.model_dump_json() for e in s)
    assert not _codename(events), events
    mock.script(tool_calls=[{"name": "project_falcon", "arguments": "{}"}])
    response = oai(named).responses.create(model="gpt-4o-mini", input="check the build")
    assert not _codename(response.model_dump_json()), response.model_dump_json()


def test_ordinary_ids_and_names_pass_unchanged(named: Proxy, mock: Mock) -> None:
    mock.script(tool_calls=[{"name": "falcon_status", "arguments": "{\"project\": \"build\"}", "id": "call_9xQ"}])
    answer = oai(named).chat.completions.create(model="gpt-4o-mini", messages=ASK)  # type: ignore[arg-type]
    calls = answer.choices[0].message.tool_calls
    assert answer.model == "gpt-4o-mini" and calls is not None
    assert calls[0].id == "call_9xQ" and calls[0].function.name == "falcon_status"  # type: ignore[union-attr]
    assert json.loads(calls[0].function.arguments) == {"project": "build"}  # type: ignore[union-attr]


def test_monitor_mode_records_and_passes(proxy_factory: ProxyFactory, mock: Mock) -> None:
    watched = proxy_factory(files={"policies/default.yaml": MONITOR})
    raw = oai(watched).chat.completions.with_raw_response.create(model="project-falcon",
                                                                  messages=ASK)  # type: ignore[arg-type]
    assert raw.parse().model == "project-falcon"
    rec = watched.record_for(raw.headers["x-guardrail-request-id"])
    assert any(c["check"] == "patterns" and c["action"] == "would_block" for c in rec["checks"]), rec["checks"]
