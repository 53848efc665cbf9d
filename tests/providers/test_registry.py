"""proxy.providers.registry: which adapter speaks for a route (Anthropic SDKs on /v1/models included)."""

from __future__ import annotations

import pytest
from multidict import CIMultiDict

from proxy.providers import anthropic, openai
from proxy.providers.base import ANTHROPIC, CHAT, COUNT_TOKENS, EMBEDDINGS, MESSAGES, MODELS, OPENAI, RESPONSES
from proxy.providers.registry import ADAPTERS, adapter_for


def test_one_adapter_per_provider() -> None:
    assert ADAPTERS == {OPENAI: openai.ADAPTER, ANTHROPIC: anthropic.ADAPTER}
    assert ADAPTERS[OPENAI].name == "openai" and ADAPTERS[ANTHROPIC].name == "anthropic"


@pytest.mark.parametrize(("provider", "kind"), [
    (OPENAI, CHAT), (OPENAI, EMBEDDINGS), (OPENAI, RESPONSES), (ANTHROPIC, MESSAGES), (ANTHROPIC, COUNT_TOKENS),
])
def test_a_route_is_its_providers(provider: str, kind: str) -> None:
    assert adapter_for(provider, kind, CIMultiDict()) is ADAPTERS[provider]
    # Anthropic-looking headers change nothing outside /v1/models.
    assert adapter_for(provider, kind, CIMultiDict({"anthropic-version": "2023-06-01", "x-api-key": "k"})) \
        is ADAPTERS[provider]


@pytest.mark.parametrize("headers", [
    {"anthropic-version": "2023-06-01"},
    {"x-api-key": "sk-ant-1"},
    {"Anthropic-Version": "2023-06-01", "X-Api-Key": "sk-ant-1"},  # header names are case-insensitive
])
def test_an_anthropic_sdk_listing_models_gets_anthropics_format(headers: dict[str, str]) -> None:
    assert adapter_for(OPENAI, MODELS, CIMultiDict(headers)) is anthropic.ADAPTER


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sk-1"}, {"api-key": "azure"}])
def test_anyone_else_listing_models_gets_openais(headers: dict[str, str]) -> None:
    assert adapter_for(OPENAI, MODELS, CIMultiDict(headers)) is openai.ADAPTER
