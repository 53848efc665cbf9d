"""proxy.edge.upstream: the closed vocabularies of the SDKs' telemetry words and of the rate-limit header names
(issue 12 review, F2 and F7). What the SDKs send comes from the installed SDKs, not from memory."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from multidict import CIMultiDict

from proxy.edge import upstream


def _sdk_header_values(header: str) -> set[str]:
    """Every literal value the installed SDKs write into `header` (`"X-Stainless-Helper-Method": "..."`)."""
    import anthropic
    import openai

    found: set[str] = set()
    for module in (openai, anthropic):
        for source in Path(module.__file__).parent.rglob("*.py"):
            found.update(re.findall(rf'"{header}": "([^"]+)"', source.read_text(), flags=re.IGNORECASE))
    return found


def test_the_sdks_telemetry_words_are_in_the_vocabulary() -> None:
    from anthropic.lib._stainless_helpers import HELPER_METHOD_STREAM, StainlessHelperHeaderValue
    from openai._base_client import Arch, Platform

    platforms = [a for arg in typing.get_args(Platform) for a in typing.get_args(arg) if isinstance(a, str)]
    arches = [a for arg in typing.get_args(Arch) for a in typing.get_args(arg) if isinstance(a, str)]
    assert len(platforms) >= 8 and len(arches) >= 5
    expected = {
        "os": platforms, "arch": arches, "lang": ["python"], "runtime": ["CPython", "PyPy"],
        "async": ["false", "async:asyncio", "async:trio"],
        "helper": list(typing.get_args(StainlessHelperHeaderValue)),
        "helper-method": [HELPER_METHOD_STREAM, *_sdk_header_values("X-Stainless-Helper-Method")],
        "stream-helper": ["messages", "beta.messages", *_sdk_header_values("X-Stainless-Stream-Helper")],
        "poll-helper": list(_sdk_header_values("X-Stainless-Poll-Helper")),
    }
    assert len(expected["helper"]) >= 10 and len(expected["helper-method"]) >= 3
    for name, values in expected.items():
        assert values
        for value in values:
            assert upstream.forwarded_header(f"X-Stainless-{name}", value), (name, value)
    # Anthropic joins the helpers of one request with ", ".
    assert upstream.forwarded_header("x-stainless-helper", ", ".join(expected["helper"]))


@pytest.mark.parametrize(("name", "value"), [
    ("X-Stainless-OS", "projectfalcon"), ("X-Stainless-OS", "Other:linux-5.10-kto"),
    ("X-Stainless-Lang", "MarekKowalski"),
    ("X-Stainless-Arch", "JaneDoe"), ("X-Stainless-Runtime", "Falcon"), ("X-Stainless-Async", "async:falcon"),
    ("X-Stainless-Helper-Method", "projectFalcon"), ("X-Stainless-Poll-Helper", "MarekKowalski"),
    ("X-Stainless-Stream-Helper", "project.falcon"), ("x-stainless-helper", "BetaToolRunner, projectFalcon"),
    ("X-Stainless-Custom-Jane", "x"),
])
def test_other_telemetry_words_stay_behind(name: str, value: str) -> None:
    assert not upstream.forwarded_header(name, value)


@pytest.mark.parametrize("name", [
    "x-ratelimit-limit-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-requests",
    "x-ratelimit-remaining-tokens", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens",
    "x-ratelimit-limit-tokens_usage_based", "x-ratelimit-limit", "x-ratelimit-limit-tokens-minute",
    "x-ratelimit-remaining-requests-day", "anthropic-ratelimit-requests-limit", "anthropic-ratelimit-tokens-reset",
    "anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-output-tokens-limit",
    "anthropic-ratelimit-unified-5h-utilization", "Anthropic-RateLimit-Requests-Remaining",
])
def test_the_providers_rate_limit_names_are_relayed(name: str) -> None:
    assert list(upstream.response_headers(CIMultiDict({name: "12"})).items()) == [(name, "12")]


@pytest.mark.parametrize("name", [
    "x-ratelimit-4111111111111111", "x-ratelimit-zed-quinn-fabrikam-io", "x-ratelimit-project-falcon",
    "anthropic-ratelimit-5555555555554444-reset", "anthropic-ratelimit-marek-kowalski",
    "x-ratelimit-limit-212-555-0199",
    "x-ratelimit-", "x-ratelimit-limit--tokens", "x-ratelimit-limit-limit-limit-limit-limit-limit-limit",
])
def test_other_rate_limit_names_stay_behind(name: str) -> None:
    assert not upstream.response_headers(CIMultiDict({name: "12"}))


def test_the_sdks_beta_names_are_made_of_the_beta_words() -> None:
    """Every beta name the installed Anthropic SDK types or sends passes; its words are `BETA_WORDS`."""
    import anthropic
    from anthropic.types.anthropic_beta_param import AnthropicBetaParam

    names = {a for arg in typing.get_args(AnthropicBetaParam) for a in typing.get_args(arg) if isinstance(a, str)}
    for source in Path(anthropic.__file__).parent.rglob("*.py"):
        names.update(re.findall(r'"([a-z][a-z0-9-]*-20[0-9]{2}-[0-9]{2}-[0-9]{2})"', source.read_text()))
    assert len(names) >= 40
    for name in names:
        assert upstream.forwarded_header("anthropic-beta", name), name
        words = name.rsplit("-", 3)[0].split("-")
        assert all(w in upstream.BETA_WORDS or re.fullmatch(r"[0-9]{1,3}[km]|[0-9]", w) for w in words), name
    for older in ("tools-2024-05-16", "max-tokens-3-5-sonnet-2024-07-15", "web-fetch-2025-09-10",
                  "search-results-2025-06-09", "fine-grained-tool-streaming-2025-05-14"):
        assert upstream.forwarded_header("anthropic-beta", older), older


@pytest.mark.parametrize("value", [
    "jane-doe-2024-07-31", "marek-kowalski-2025-01-01", "prompt-caching-2024-07-31,jane-doe-2024-07-31",
    "project-falcon-2025-01-01", "tools-zed-quinn-2024-05-16", "tools-617-2024-05-16", "context-4111k-2025-08-07",
])
def test_beta_names_of_other_words_stay_behind(value: str) -> None:
    assert not upstream.forwarded_header("anthropic-beta", value)
    assert dict(upstream.upstream_headers(CIMultiDict({"anthropic-beta": value, "Accept": "*/*"}), None)) == \
        {"Accept": "*/*"}
