"""proxy.budget.bound: the reservation is a true upper bound of what a provider can bill."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxy.budget.bound import (
    IMAGE_TOKENS_ANTHROPIC,
    IMAGE_TOKENS_OPENAI_KNOWN,
    IMAGE_TOKENS_OPENAI_MAX,
    REQUEST_TOKENS,
    Unbounded,
    affordable_limit,
    bound_micros,
    context_window,
    request_bound,
)
from proxy.budget.pricing import Pricer
from proxy.config.budgets import BudgetsConfig
from proxy.providers.base import ANTHROPIC, CHAT, COMPLETIONS, EMBEDDINGS, MESSAGES, OPENAI, RESPONSES


def chat(content: Any, **extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4.1", "messages": [{"role": "user", "content": content}], **extra}


def test_text_counts_its_utf8_bytes_whatever_its_shape() -> None:
    for text in ("数据" * 45_000, "x" * 100_000, "😀" * 10_000, "word " * 20_000):
        b = request_bound(OPENAI, CHAT, chat(text, max_tokens=1), "gpt-4.1")
        assert b.input_tokens >= len(text.encode()), text[:4]
        assert b.input_tokens <= len(text.encode()) + 200  # and not far above it
    # a data: URL outside an image part is text like any other: counted, never waved through
    data = "data:text/plain;base64," + "A" * 50_000
    assert request_bound(OPENAI, CHAT, chat(data, max_tokens=1), "gpt-4.1").input_tokens >= 50_000


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2_000), st.text(max_size=50), st.integers(1, 10_000))
def test_every_string_is_covered(text: str, name: str, limit: int) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "system", "content": name}, {"role": "user", "content": text}],
            "max_tokens": limit}
    b = request_bound(OPENAI, CHAT, body, "gpt-4o")
    assert b.input_tokens >= len(text.encode()) + len(name.encode()) + REQUEST_TOKENS
    assert b.output_tokens == limit


def test_images_cost_the_documented_maximum_not_their_base64() -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 2_000_000}}
    b = request_bound(OPENAI, CHAT, chat([image], max_tokens=1), "gpt-4.1")
    assert IMAGE_TOKENS_OPENAI_KNOWN <= b.input_tokens < IMAGE_TOKENS_OPENAI_KNOWN + 200
    mini = request_bound(OPENAI, CHAT, chat([image], max_tokens=1), "gpt-4o-mini")
    assert mini.input_tokens >= IMAGE_TOKENS_OPENAI_MAX == 2_833 + 5_667 * 8  # gpt-4o-mini bills images high
    assert request_bound(OPENAI, CHAT, chat([image], max_tokens=1), "some-new-model").input_tokens \
        >= IMAGE_TOKENS_OPENAI_MAX
    block = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "QUJD" * 10_000}}
    body = {"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": [block]}]}
    b = request_bound(ANTHROPIC, MESSAGES, body, "claude-sonnet-4-5")
    assert IMAGE_TOKENS_ANTHROPIC <= b.input_tokens < IMAGE_TOKENS_ANTHROPIC + 200


def test_token_arrays_count_one_token_per_id() -> None:
    b = request_bound(OPENAI, EMBEDDINGS, {"model": "e", "input": [[7] * 8_000 for _ in range(190)]}, "e")
    assert b.input_tokens >= 190 * 8_000 and b.output_tokens == 0
    b = request_bound(OPENAI, COMPLETIONS, {"model": "m", "prompt": [1] * 500, "max_tokens": 10}, "gpt-4o")
    assert b.input_tokens >= 500 and b.output_tokens == 10  # one prompt of token ids: one completion


def test_output_limits_per_route_and_choices() -> None:
    assert request_bound(OPENAI, CHAT, chat("x", max_completion_tokens=50, max_tokens=9), "gpt-4o").output_tokens == 50
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=100, n=3), "gpt-4o").output_tokens == 300
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=100, n=500), "gpt-4o").output_tokens == 50_000  # no cap
    assert request_bound(OPENAI, CHAT, chat("x"), "gpt-4o").output_tokens == 16_384
    body = {"model": "m", "prompt": ["a", "b", "c"], "max_tokens": 10, "n": 2, "best_of": 5}
    assert request_bound(OPENAI, COMPLETIONS, body, "gpt-4o").output_tokens == 10 * 5 * 3  # per prompt of a batch
    assert request_bound(OPENAI, RESPONSES, {"input": "x", "max_output_tokens": 77}, "gpt-4o").output_tokens == 77
    assert request_bound(ANTHROPIC, MESSAGES, {"max_tokens": True, "messages": []},
                         "claude-3-5-haiku").output_tokens == 8_192  # a boolean is not a limit
    pred = chat("x", max_tokens=10, prediction={"type": "content", "content": "y" * 1_000})
    assert request_bound(OPENAI, CHAT, pred, "gpt-4o").output_tokens >= 1_010  # rejected predictions bill as output


def test_an_unknown_output_limit_must_be_sent() -> None:
    with pytest.raises(Unbounded) as err:
        request_bound(OPENAI, CHAT, chat("x"), "my-finetune")
    assert err.value.param == "max_completion_tokens"
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=5), "my-finetune").output_tokens == 5


@pytest.mark.parametrize("extra", [{"previous_response_id": "resp_1"}, {"conversation": {"id": "conv_1"}},
                                   {"prompt": {"id": "pmpt_1"}},
                                   {"input": [{"type": "item_reference", "id": "msg_1"}]},
                                   {"input": [{"id": "msg_1"}]},  # ItemReference: `type` is optional
                                   {"input": [{"role": "user", "content": "hi"}, {"id": "msg_1", "type": None}]},
                                   {"input": [{"type": "reasoning", "encrypted_content": "gAAA"}]},
                                   {"input": [{"role": "user", "content": [{"type": "input_file", "file_id": "f"}]}]}])
def test_provider_side_context_is_the_context_window(extra: dict[str, Any]) -> None:
    body = {"model": "gpt-4.1", "input": "hi", "max_output_tokens": 10, **extra}
    b = request_bound(OPENAI, RESPONSES, body, "gpt-4.1")
    assert b.input_tokens == 1_047_576 and b.context is not None
    with pytest.raises(Unbounded):
        request_bound(OPENAI, RESPONSES, body, "no-such-model")


def test_context_windows_come_from_the_table_then_genai_prices() -> None:
    assert context_window("gpt-4.1-2025-04-14") == 1_047_576  # genai-prices says 1,000,000
    assert context_window("o3-pro") == 200_000
    assert context_window("claude-sonnet-4-5") == 200_000  # genai-prices
    assert context_window("no-such-model") is None and context_window(None) is None


@pytest.mark.parametrize(("provider", "kind", "body", "word"), [
    (OPENAI, CHAT, chat([{"type": "input_audio", "input_audio": {"data": "AA", "format": "wav"}}]), "audio"),
    (OPENAI, CHAT, chat("x", modalities=["text", "audio"]), "audio"),
    (OPENAI, RESPONSES, {"input": "x", "tools": [{"type": "web_search"}]}, "web_search"),
    (OPENAI, RESPONSES, {"input": "x", "tools": [{"type": "mcp", "server_url": "https://x"}]}, "mcp"),
    (OPENAI, CHAT, chat("x", web_search_options={}), "web_search_options"),
    (ANTHROPIC, MESSAGES, {"max_tokens": 5, "messages": [], "tools": [{"type": "web_search_20250305"}]}, "web_search"),
    (ANTHROPIC, MESSAGES, {"max_tokens": 5, "messages": [], "mcp_servers": [{}]}, "mcp_servers"),
    (OPENAI, CHAT, chat("x", max_tokens=5, service_tier="priority"), "priority"),
    (ANTHROPIC, MESSAGES, {"max_tokens": 5, "messages": [], "speed": "fast"}, "speed"),
    (OPENAI, CHAT, {"messages": [{"role": "user", "content": "story"},
                                 {"role": "assistant", "audio": {"id": "audio_1"}},
                                 {"role": "user", "content": "again"}], "max_tokens": 5}, "audio"),
])
def test_shapes_without_a_bound_are_refused(provider: str, kind: str, body: dict[str, Any], word: str) -> None:
    with pytest.raises(Unbounded) as err:
        request_bound(provider, kind, body, "gpt-4o" if provider == OPENAI else "claude-sonnet-4-5")
    assert word in err.value.message


@pytest.mark.parametrize("model", ["gpt-4o-search-preview", "gpt-4o-mini-search-preview-2025-03-11",
                                   "gpt-5-search-api"])
def test_search_models_are_refused(model: str) -> None:
    """They search the web on every call, billed per call outside `usage`: no token bound covers them."""
    with pytest.raises(Unbounded) as err:
        request_bound(OPENAI, CHAT, chat("news today?", max_tokens=16), model)
    assert "searches the web" in err.value.message
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=16), "gpt-4o-research-notes").output_tokens == 16


def test_tools_add_their_overheads() -> None:
    fn = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    plain = request_bound(OPENAI, CHAT, chat("x", max_tokens=1), "gpt-4o").input_tokens
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=1, tools=[fn]), "gpt-4o").input_tokens > plain + 32
    body = {"max_tokens": 5, "messages": [], "tools": [{"name": "f", "input_schema": {}},
                                                        {"type": "computer_20250124", "name": "computer"}]}
    assert request_bound(ANTHROPIC, MESSAGES, body, "claude-sonnet-4-5").input_tokens > 600 + 1_500


def test_deep_nesting_is_walked_without_recursion() -> None:
    deep: list[Any] = []
    for _ in range(5000):
        deep = [deep]
    assert request_bound(OPENAI, RESPONSES, {"input": deep, "max_output_tokens": 1}, "gpt-4o").input_tokens >= 0


def prices(**p: object) -> Pricer:
    return Pricer(BudgetsConfig.model_validate({"prices": p}).prices)


def test_bound_micros_and_the_cache_write_rates() -> None:
    pricer = Pricer()
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x" * 300}], "max_tokens": 1000}
    b = request_bound(OPENAI, CHAT, body, "gpt-4o-mini")
    price = pricer.lookup("gpt-4o-mini", OPENAI)
    assert price is not None
    assert bound_micros(price, b) == -(-b.input_tokens * 15 // 100) + 600  # $0.15 in, $0.60 out per 1M
    claude = pricer.lookup("claude-sonnet-4-5", ANTHROPIC)
    assert claude is not None
    part: dict[str, Any] = {"type": "text", "text": "y" * 10_000, "cache_control": {"type": "ephemeral"}}
    msg = {"role": "user", "content": [part]}
    cached = request_bound(ANTHROPIC, MESSAGES, {"max_tokens": 1, "messages": [msg]}, "claude-sonnet-4-5")
    plain_msg = {"role": "user", "content": "y" * 10_000}
    plain = request_bound(ANTHROPIC, MESSAGES, {"max_tokens": 1, "messages": [plain_msg]}, "claude-sonnet-4-5")
    assert bound_micros(claude, cached) > bound_micros(claude, plain) * 1.2  # written at 1.25x input
    part["cache_control"] = {"type": "ephemeral", "ttl": "1h"}
    hour = request_bound(ANTHROPIC, MESSAGES, {"max_tokens": 1, "messages": [msg]}, "claude-sonnet-4-5")
    assert bound_micros(claude, hour) >= 2 * bound_micros(claude, plain) - 100  # 1-hour writes: 2x input


def test_affordable_limit_is_the_largest_that_fits() -> None:
    price = prices(m={"input": 0.0, "output": 1000.0}).lookup("m")  # $0.001 per output token
    assert price is not None
    b = request_bound(OPENAI, CHAT, chat("x", max_tokens=2_000, n=2), "m")
    limit = affordable_limit(price, b, 500_000)
    assert limit == 250  # 2 choices x 250 tokens x $0.001 = $0.50
    assert bound_micros(price, b.with_limit(limit)) <= 500_000 < bound_micros(price, b.with_limit(limit + 1))
    assert affordable_limit(price, b, 0) == 0


def test_text_hidden_in_an_image_part_still_counts() -> None:
    """Only an image's payload (URL, base64 data, file id) is left out, never its other strings."""
    hidden = {"type": "image", "description": "z" * 100_000, "source": {"type": "base64", "data": "QUJD" * 1_000}}
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {
        "pic": hidden}}}}
    b = request_bound(OPENAI, CHAT, chat("x", max_tokens=1, tools=[tool]), "gpt-4.1")
    assert b.input_tokens >= 100_000
    part = {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "high"},
            "note": "y" * 50_000}
    assert request_bound(OPENAI, CHAT, chat([part], max_tokens=1), "gpt-4.1").input_tokens >= 50_000


def test_numbers_and_nulls_outside_token_arrays_count_their_text() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer", "enum": [10 ** 15] * 1_000},
                                               "m": {"enum": [None] * 1_000}}}
    tool = {"type": "function", "function": {"name": "f", "parameters": schema}}
    b = request_bound(OPENAI, CHAT, chat("x", max_tokens=1, tools=[tool]), "gpt-4.1")
    assert b.input_tokens >= 16 * 1_000 + 4 * 1_000  # 16 digits each, `null` each


def test_an_image_shaped_object_in_a_schema_is_text() -> None:
    fake = {"type": "image", "url": "u" * 80_000}
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {
        "pic": fake}}}}
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=1, tools=[tool]), "gpt-4.1").input_tokens >= 80_000
    fmt = {"type": "json_schema", "json_schema": {"name": "s", "schema": {"anyOf": [fake]}}}
    assert request_bound(OPENAI, CHAT, chat("x", max_tokens=1, response_format=fmt), "gpt-4.1").input_tokens >= 80_000
