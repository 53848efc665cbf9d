"""Which adapter speaks for a route: OpenAI's, or Anthropic's (also on `GET /v1/models` when the
client is an Anthropic SDK, which sends `anthropic-version` and `x-api-key`)."""

from __future__ import annotations

from collections.abc import Mapping

from . import anthropic, openai
from .base import ANTHROPIC, MODELS, OPENAI, ProviderAdapter

ADAPTERS: dict[str, ProviderAdapter] = {OPENAI: openai.ADAPTER, ANTHROPIC: anthropic.ADAPTER}


def adapter_for(provider: str, kind: str, headers: Mapping[str, str]) -> ProviderAdapter:
    if kind == MODELS and ("anthropic-version" in headers or "x-api-key" in headers):
        return anthropic.ADAPTER
    return ADAPTERS[provider]
