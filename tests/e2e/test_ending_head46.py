"""The proxy's own ending chunk of a chat or completions stream stopped by an output rule (atk45 F15), through
the real proxy with the official openai SDK client.

Reported: every chunk that went out had the provider's `id`, `model` and `created` screened (an id holding a phone
number as `chatcmpl-PHONE_NUMBER_1`, a model matched by a `patterns:` rule emptied, a card number in `created`
redacted), but the ending chunk (`finish_reason: "content_filter"`) the proxy writes copied them as the provider
sent them. On `/v1/completions` that ending was the only event the client got, raw id, model and created in it.
"""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import sse

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PERSON]}
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD], min_score: 0.4}
""",
}
MSGS = [{"role": "user", "content": "hi"}]
SECRETS = ("617-555-0143", "jane.doe@example.com", "4111111111111111", "Project Falcon")


@pytest.fixture(scope="module")
def ends(proxy_factory: ProxyFactory, mock_server: Mock) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(proxy_yaml={"providers": {"openai": {"base_url": f"{mock_server.url}/v1"}}},
                         teams={"app": {}}, files=POLICIES)


def chunk(text: str | None, finish: str | None = None, *, cid: str = "chatcmpl-9", model: str = "gpt-4o-mini",
          created: Any = 1733234567) -> dict[str, Any]:
    delta = {} if text is None else {"content": text}
    return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def chat(p: Proxy) -> list[Any]:
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0)
    return list(client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True))  # type: ignore


def _clean(chunks: list[Any]) -> None:
    seen = json.dumps([c.model_dump() for c in chunks])
    for secret in SECRETS:
        assert secret not in seen
    assert "4111111111111111" not in seen.replace(" ", "")


def test_chat_ending_repeats_the_screened_id_and_model(ends: Proxy, mock: Mock) -> None:
    head = {"cid": "chatcmpl-617-555-0143", "model": "jane.doe@example.com"}
    mock.script(raw_sse=sse(chunk("Hello there. ", **head), chunk("Status of project ", **head),
                            chunk("falcon is green.", **head), chunk(None, "stop", **head), "[DONE]"))
    chunks = chat(ends)
    assert chunks[-1].choices[0].finish_reason == "content_filter"
    _clean(chunks)
    assert chunks[-1].id == chunks[-2].id and chunks[-1].model == chunks[-2].model  # as the client got them


def test_chat_ending_never_carries_a_matched_model(ends: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk("Hello there. ", model="acme/Project Falcon"),
                            chunk("Status of project falcon is green.", model="acme/Project Falcon"), "[DONE]"))
    chunks = chat(ends)
    assert chunks and chunks[-1].choices[0].finish_reason == "content_filter"
    _clean(chunks)


def test_chat_ending_created_as_sent(ends: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk("Hello there. ", created=4111111111111111),
                            chunk("Status of project falcon.", created=4111111111111111), "[DONE]"))
    chunks = chat(ends)
    assert chunks[-1].choices[0].finish_reason == "content_filter"
    _clean(chunks)


def test_completions_ending_alone_keeps_nothing_unscreened(ends: Proxy, mock: Mock) -> None:
    def ev(text: str, finish: str | None = None) -> dict[str, Any]:
        return {"id": "cmpl-617-555-0143", "object": "text_completion", "created": 4111111111111111,
                "model": "jane.doe@example.com",
                "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}]}
    mock.script(raw_sse=sse(ev("Status of project "), ev("falcon is green."), ev("", "stop"), "[DONE]"))
    client = openai.OpenAI(base_url=f"{ends.url}/v1", api_key=ends.keys["app"], max_retries=0)
    chunks = list(client.completions.create(model="gpt-3.5-turbo-instruct", prompt="hi", stream=True))
    assert chunks[-1].choices[0].finish_reason == "content_filter"
    _clean(chunks)
    assert chunks[-1].created == 0 and chunks[-1].model == "" and chunks[-1].id == ""


def test_completions_ending_alone_keeps_a_clean_head(ends: Proxy, mock: Mock) -> None:
    def ev(text: str, finish: str | None = None) -> dict[str, Any]:
        return {"id": "cmpl-8xYz12Ab", "object": "text_completion", "created": 1733234567,
                "model": "gpt-3.5-turbo-instruct-0914",
                "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}]}
    mock.script(raw_sse=sse(ev("Status of project falcon is green."), ev("", "stop"), "[DONE]"))
    client = openai.OpenAI(base_url=f"{ends.url}/v1", api_key=ends.keys["app"], max_retries=0)
    chunks = list(client.completions.create(model="gpt-3.5-turbo-instruct", prompt="hi", stream=True))
    assert chunks[-1].choices[0].finish_reason == "content_filter"
    assert (chunks[-1].id, chunks[-1].model, chunks[-1].created) == (
        "cmpl-8xYz12Ab", "gpt-3.5-turbo-instruct-0914", 1733234567)
