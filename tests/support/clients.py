"""The official SDKs' clients pointed at a test proxy, and what the mock provider received."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import anthropic
import openai

if TYPE_CHECKING:
    from tests.conftest import Mock, Proxy


def oai(p: Proxy) -> openai.OpenAI:
    """An OpenAI client of `p` (single tenant: any key-shaped key; no retries, so each call is one request)."""
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-x", max_retries=0)


def claude(p: Proxy) -> anthropic.Anthropic:
    """An Anthropic client of `p`, as `oai`."""
    return anthropic.Anthropic(base_url=p.url, api_key="sk-x", max_retries=0)


def received(mock: Mock) -> str:
    """Every request body the mock provider received, as one JSON text (to search for what must not be there)."""
    return json.dumps([r.body for r in mock.state.requests], ensure_ascii=False)
