"""Issue 12 (fpmisc10): `max`/`min` before a number is the limit it abbreviates, not a person (`(max 50 results)`,
`max: 50`, `Max 50 results per page.`), and a cloud region or zone at a sentence's start (`Eu-west-1.`,
`Us-east-2 is down.`) is no person nor place, in text and in a tool's descriptions; `Max said`, `ask Max` and a
name beside a region are still found (real Presidio, real spaCy model, the default policy's entities and floor)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.regions import region_spans
from proxy.providers import openai
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer, found


@pytest.mark.parametrize("text", [
    "Return at most max: 50 rows",
    "Max 50 results per page.",
    "Min 5 replicas are needed.",
    "Page size (max 100, min 1).",
    "Min 1.",
    "Search the catalog (max 50 results)",
    "Fetch up to max 50 items per page.",
    "Limits: Max 50, Min 1",
    "The maxRetries option defaults to 3.",
    "Set max=50 for the page",
    "set max = 50 for the page",
    # after a number or an article, before a lower-case noun (atk8 B M5)
    "BERT-base: 12 layers, 512 max positions.",
    "Set 30 max retries.",
    "The max int is 2147483647.",
])
async def test_max_and_min_before_a_number_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Max said the limit is 50.", "Max"),
    ("Please ask Max about it.", "Max"),
    ("Please ask Max 2 questions.", "Max"),   # a person cue before it
    ("Max Mustermann set max: 50 rows.", "Max Mustermann"),
    ("I met max yesterday.", "max"),
    ("Give 5 max points to Max Weber.", "Max Weber"),
])
async def test_max_as_a_name_is_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    got = await found(analyzer, text)
    assert any(entity == "PERSON" and value.startswith(name) for entity, value in got), got


def test_region_spans() -> None:
    text = "Eu-west-1. us-gov-west-1, ap-southeast-1a, europe-west1 and us-central1-a; not eu-west-1x2 or Anna-west-1"
    assert [text[a:b] for a, b in region_spans(text)] == ["Eu-west-1", "us-gov-west-1", "ap-southeast-1a",
                                                           "europe-west1", "us-central1-a"]


@pytest.mark.parametrize("text", [
    "Eu-west-1.",
    "Us-east-2 is down.",
    "Ap-south-1 latency is high.",
    "Deploy it. Eu-west-1 is the region.",
    "Eu-west-1. Us-east-2. Ap-south-1.",
    "EU-WEST-1 is the region.",
])
async def test_cloud_regions_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


async def test_a_name_beside_a_region_is_still_found(analyzer: PiiAnalyzer) -> None:
    got = await found(analyzer, "Maria Schmidt deploys to Eu-west-1 tonight.")
    assert ("PERSON", "Maria Schmidt") in got


def _tool(description: str, parameter: str) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": "Find me red shoes"}], "tools": [
        {"type": "function", "function": {"name": "search", "description": description, "parameters": {
            "type": "object", "properties": {"limit": {"type": "integer", "description": parameter}}}}}]}


@pytest.mark.parametrize(("description", "parameter"), [
    ("Search the catalog (max 50 results)", "How many"),
    ("Max 50 results.", "max=50"),
    ("Search the catalog", "Min 1."),
    ("Search the catalog (min 1, max 50)", "max: 50"),
    ("Lists the hosts in Eu-west-1.", "Us-east-2 or Ap-south-1"),
])
async def test_tool_descriptions_with_limits_and_regions_go_up_as_sent(analyzer: PiiAnalyzer, description: str,
                                                                       parameter: str) -> None:
    body = _tool(description, parameter)
    before = copy.deepcopy(body)
    verdict = await screen_request(Guard(analyzer, WordScorer()), policy(input=PII_IN, output=PII_OUT),
                                   openai.request_texts("chat", body))
    assert verdict.decision == "allow" and body == before, verdict.records


async def test_a_name_in_a_tool_description_is_still_redacted(analyzer: PiiAnalyzer) -> None:
    body = _tool("Ask Max about the catalog (max 50 results)", "How many")
    await screen_request(Guard(analyzer, WordScorer()), policy(input=PII_IN, output=PII_OUT),
                         openai.request_texts("chat", body))
    assert body["tools"][0]["function"]["description"] == "Ask <PERSON_1> about the catalog (max 50 results)"
