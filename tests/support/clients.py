"""The official SDKs' clients pointed at a test proxy, what the mock provider received, and the policy the
side-door e2e files share (PII redacted and restored, a codename blocked)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import anthropic
import openai

if TYPE_CHECKING:
    from tests.conftest import Mock, Proxy


# The structured PII types redacted both ways (restored on the way back) and a codename rule on input.
SCREENED_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""


def oai(p: Proxy) -> openai.OpenAI:
    """An OpenAI client of `p` (single tenant: any key-shaped key; no retries, so each call is one request)."""
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-x", max_retries=0)


def claude(p: Proxy) -> anthropic.Anthropic:
    """An Anthropic client of `p`, as `oai`."""
    return anthropic.Anthropic(base_url=p.url, api_key="sk-x", max_retries=0)


def received(mock: Mock) -> str:
    """Every request body the mock provider received, as one JSON text (to search for what must not be there)."""
    return json.dumps([r.body for r in mock.state.requests], ensure_ascii=False)
