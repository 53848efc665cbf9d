"""The field inventory against the providers' published schemas: no request field is a side door.

Every field of every route's request body is taken from OpenAI's OpenAPI spec (`../shared/fixtures`)
and from the request types of the installed `openai` and `anthropic` SDKs (`tests/support/schemas.py`
walks them; nothing here is copied by hand). For each one a body is built that carries a marker there,
the way a client would send it; the adapter must list a slot holding the marker, and rewriting the
slots must leave no marker in the body. Or the field is listed in `proxy.providers.inventory` as
carrying no user text. A new API field that is neither fails here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.providers import anthropic, inventory, openai
from proxy.providers.base import TextSlot
from proxy.providers.vocabulary import VOCABULARY
from tests.support.fixtures import FIXTURES, present, require_fixtures
from tests.support.schemas import SPEC_PARTS, Leaf, all_leaves, enum_words, load_openapi, path_of, witness

KINDS = ("chat", "completions", "embeddings", "responses", "messages", "count_tokens")
MARK = "zq mark"                 # a value no field lists as a fixed word
KEY = "zq key"                   # a map or free-form object key
NUMBER = 987654321012            # a number inside free-form JSON
ADAPTERS = {"chat": openai.ADAPTER, "completions": openai.ADAPTER, "embeddings": openai.ADAPTER,
            "responses": openai.ADAPTER, "messages": anthropic.ADAPTER, "count_tokens": anthropic.ADAPTER}


@pytest.fixture(scope="module")
def leaves() -> dict[str, list[Leaf]]:
    path = FIXTURES.joinpath(*SPEC_PARTS)
    spec = load_openapi(path) if present(path) else None
    return all_leaves(spec)


def _value(leaf: Leaf) -> Any:
    if leaf.type == "any":
        return {KEY: MARK, "n": NUMBER}
    if leaf.type == "number":
        return NUMBER
    return MARK


def _free_form(kind: str, leaf: Leaf) -> bool:
    paths = [path_of(leaf.steps[:i]) for i in range(1, len(leaf.steps) + 1)]
    return any(inventory.matches(inventory.FREE_FORM[kind], p) or inventory.matches(inventory.JSON_TEXT[kind], p)
               for p in paths)


def _redact_markers(slots: list[TextSlot]) -> None:
    for slot in slots:
        text = slot.get()
        new = text.replace(MARK, "R1").replace(KEY, "R2").replace(str(NUMBER), "R3")
        if new != text:
            slot.set(new)


def _unscreened(kind: str, leaf: Leaf) -> str | None:
    """Why the leaf's field is a side door, or None when it is screened."""
    body = witness(leaf, _value(leaf), key=KEY)
    slots = ADAPTERS[kind].request_texts(kind, body)
    if not any(MARK in s.get() or KEY in s.get() or str(NUMBER) in s.get() for s in slots):
        return "no slot lists it"
    _redact_markers(slots)
    sent = json.dumps(body, ensure_ascii=False)
    left = [m for m in (MARK, KEY, str(NUMBER)) if m in sent]
    return f"{left} still in the body after every slot was rewritten" if left else None


@pytest.mark.parametrize("kind", KINDS)
def test_every_request_field_is_screened_or_listed(leaves: dict[str, list[Leaf]], kind: str) -> None:
    listed = inventory.NO_TEXT[kind]
    side_doors: list[str] = []
    screened = 0
    for leaf in leaves[kind]:
        if any(inventory.matches(listed, path_of(leaf.steps[:i])) for i in range(1, len(leaf.steps) + 1)):
            continue  # the field, or an object holding it, is listed
        if leaf.type == "number" and not _free_form(kind, leaf):
            continue  # a number outside free-form JSON is a setting (temperature, max_tokens), not text
        why = _unscreened(kind, leaf)
        if why is not None:
            side_doors.append(f"{leaf.path} ({leaf.type}, {leaf.source}): {why}")
        screened += 1
    assert not side_doors, (f"{len(side_doors)} {kind} request fields are neither screened nor listed in "
                            "proxy/providers/inventory.py:\n  " + "\n  ".join(sorted(side_doors)))
    assert screened > 3


@pytest.mark.parametrize("kind", KINDS)
def test_every_inventory_entry_names_a_published_field(leaves: dict[str, list[Leaf]], kind: str) -> None:
    """A listed path no schema has is a typo, or a field that was renamed: the new name would then be
    screened, but the entry hides nothing any more and must go."""
    sharing = [k for k in KINDS if inventory.NO_TEXT[k] is inventory.NO_TEXT[kind]]  # count_tokens: messages'
    paths = {path_of(leaf.steps[:i]) for k in sharing for leaf in leaves[k] for i in range(1, len(leaf.steps) + 1)}
    entries = [*inventory.NO_TEXT[kind], *inventory.MAPS[kind], *inventory.FREE_FORM[kind],
               *inventory.JSON_TEXT[kind]]
    stale = [e for e in entries if not any(inventory.matches([e], p) for p in paths)]
    assert not stale, f"{kind}: inventory entries matching no published field: {stale}"


def test_vocabulary_is_the_published_enum_values() -> None:
    spec = load_openapi(require_fixtures(*SPEC_PARTS))
    words = enum_words(all_leaves(spec))
    assert VOCABULARY == words, ("proxy/providers/vocabulary.py is out of date: run "
                                 "`PYTHONPATH=. python -m tests.support.schemas`; "
                                 f"new {sorted(words - VOCABULARY)[:20]}, gone {sorted(VOCABULARY - words)[:20]}")


def test_the_walk_finds_the_fields_the_issue_names(leaves: dict[str, list[Leaf]]) -> None:
    """The walk is real: it reaches the fields named in issue 12 (and so tests them above)."""
    want = {
        "chat": ["messages[].name", "tools[]<function>.function.description", "metadata{}", "user",
                 "safety_identifier", "stop[]", "web_search_options.user_location<approximate>.approximate.city",
                 "messages[].content[]<image_url>.image_url.url", "messages[].content[]<file>.file.filename"],
        "responses": ["input[]<shell_call_output>.output[].stdout", "input[]<code_interpreter_call>.code",
                      "input[]<reasoning>.summary[]<summary_text>.text", "input[]<file_search_call>.results[].text",
                      "input[]<mcp_approval_request>.arguments", "input[]<message>.content[]<input_image>.image_url"],
        "messages": ["metadata.user_id", "messages[].content[]<thinking>.thinking", "mcp_servers[]<url>.url",
                     "messages[].content[]<text>.citations[]<char_location>.cited_text", "tools[]<custom>.description"],
    }
    for kind, paths in want.items():
        found = {leaf.path for leaf in leaves[kind]}
        missing = [p for p in paths if p not in found]
        assert not missing, f"{kind}: {missing}"


def test_a_field_nothing_screens_fails_the_walk(leaves: dict[str, list[Leaf]], monkeypatch: pytest.MonkeyPatch,
                                                ) -> None:
    """Without the sweep, fields the adapters do not list by role are side doors, and the walk says so."""
    monkeypatch.setattr(openai, "field_texts", lambda kind, body, out: None)
    by_path = {leaf.path: leaf for leaf in leaves["chat"]}
    assert _unscreened("chat", by_path["messages[].name"]) == "no slot lists it"
    assert _unscreened("chat", by_path["messages[].content"]) is None  # listed by role: still screened


# ------------------------------------------------------------------------------- the pieces, one by one


def test_tool_call_arguments_are_decoded_and_written_back_as_json() -> None:
    raw = '{"to": "m.ortiz\\u0040post.example", "n": 5105105105105100, "ok": true}'
    call = {"function": {"name": "send", "arguments": raw}}
    body = {"model": "m", "messages": [{"role": "assistant", "tool_calls": [call]}]}
    slots = {s.channel: s for s in openai.request_texts("chat", body)}
    assert slots["messages:0:tool_calls:0:arguments:to"].get() == "m.ortiz@post.example"  # decoded
    assert slots["messages:0:tool_calls:0:arguments:n"].get() == "5105105105105100"
    slots["messages:0:tool_calls:0:arguments:to:#key"].set("to")   # unchanged: the client's exact text stays
    assert call["function"]["arguments"] == raw
    slots["messages:0:tool_calls:0:arguments:n"].set("<CREDIT_CARD_1>")
    slots["messages:0:tool_calls:0:arguments:to:#key"].set("<EMAIL_ADDRESS_1>")  # a key first, its value after
    slots["messages:0:tool_calls:0:arguments:to"].set("<EMAIL_ADDRESS_1>")
    assert json.loads(call["function"]["arguments"]) == {"<EMAIL_ADDRESS_1>": "<EMAIL_ADDRESS_1>",
                                                         "n": "<CREDIT_CARD_1>", "ok": True}


@pytest.mark.parametrize("raw", ['{"to": "a", "to": "b"}', '{"to": "cut', "[1, 2"])
def test_arguments_that_are_ambiguous_or_not_json_are_screened_as_they_are(raw: str) -> None:
    body = {"model": "m", "messages": [{"role": "assistant", "function_call": {"name": "f", "arguments": raw}}]}
    (slot,) = openai.request_texts("chat", body)
    assert (slot.get(), slot.is_json) == (raw, True)


def test_what_the_sweep_leaves_alone() -> None:
    body = {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "tool", "tool_call_id": "call_abc123", "content": "ok"},
            {"role": "tool", "tool_call_id": "call for t.ng@post.example", "content": "ok"},
            {"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
                {"type": "image_url", "image_url": {"url": "https://img.example.org/x.png?u=1"}}]},
        ],
        "tool_choice": "auto",
        "service_tier": "flex",
    }
    fields = [(s.channel, s.get()) for s in openai.request_texts("chat", body) if s.kind == "field"]
    assert fields == [
        ("field:messages:1:tool_call_id", "call for t.ng@post.example"),  # not shaped like an id: screened
        ("field:messages:2:content:1:image_url:url", "https://img.example.org/x.png?u=1"),
    ]


def test_unscreenable_token_prompts() -> None:
    assert openai.unscreenable_field("completions", {"prompt": [[1, 2], [3]]}) == "prompt"
    assert openai.unscreenable_field("completions", {"prompt": [7, 8]}) == "prompt"
    assert openai.unscreenable_field("completions", {"prompt": ["text", [1]]}) == "prompt"
    assert openai.unscreenable_field("completions", {"prompt": ["text", "more"]}) is None
    assert openai.unscreenable_field("embeddings", {"input": [[1, 2]]}) == "input"
    assert openai.unscreenable_field("embeddings", {"input": "text"}) is None
    assert openai.unscreenable_field("chat", {"messages": []}) is None
    assert anthropic.ADAPTER.unscreenable_field("messages", {"messages": []}) is None


def test_field_names_are_the_published_property_names() -> None:
    """`FIELD_NAMES` (an object key that is one of them is the API's own word, any other key is screened)
    is generated with the vocabulary: out of date, a new field's key would be screened (safe) but an old
    one kept as known."""
    from proxy.providers.vocabulary import FIELD_NAMES
    from tests.support.schemas import field_names

    names = field_names(all_leaves(load_openapi(require_fixtures(*SPEC_PARTS))))
    assert FIELD_NAMES == names, ("proxy/providers/vocabulary.py is out of date: run "
                                  "`PYTHONPATH=. python -m tests.support.schemas`")


# Issue 12 review (f04, f11): keys and numbers anywhere, exempt fields checked to be what they claim.
def _channels(kind: str, body: dict[str, Any]) -> dict[str, str]:
    adapter = anthropic if kind == "messages" else openai
    return {s.channel: s.get() for s in adapter.request_texts(kind, body)}


def test_keys_that_are_no_field_name_and_long_numbers_are_texts() -> None:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi", "x_meta": {"a@b.io": "v"}}],
            "x_custom": {"k@x.io": 5105105105105100}, "seed": 4111111111111111, "temperature": 0.2,
            "max_tokens": 40000000, "stream_options": {"j@x.io": True}, "n": 1}
    got = _channels("chat", body)
    assert got["field:messages:0:x_meta:#key"] == "x_meta"
    assert got["field:messages:0:x_meta:a@b.io:#key"] == "a@b.io"
    assert got["field:x_custom:k@x.io:#key"] == "k@x.io"
    assert got["field:x_custom:k@x.io"] == "5105105105105100"
    assert got["field:seed"] == "4111111111111111"
    assert got["field:stream_options:j@x.io:#key"] == "j@x.io"
    assert not {"field:temperature", "field:max_tokens", "field:n", "field:model"} & set(got)
    assert "field:messages:0:role:#key" not in got and "field:stream_options:#key" not in got


@pytest.mark.parametrize(("value", "text"), [(4111111111111111.0, "4111111111111111"),
                                             (-4111111111111111, "4111111111111111"), (12.5, "12.5")])
def test_a_number_reads_as_its_digits(value: float, text: str) -> None:
    assert inventory.number_text(value) == text


# Issue 12 (attacker): a float is also read as the value its printed digits spell.
@pytest.mark.parametrize(("value", "text"), [
    (4111111111111111e3, "4111111111111111000 4111111111111111"),
    (6175550143e2, "617555014300 6175550143"),
    (4111111111111111.5, "4111111111111111.5 4111111111111111"),
    (41111111111111110e-1, "4111111111111111"),
    (0.4111111111111111, "0.4111111111111111"),  # a fraction below 1: as written
    (41111111.11111111, "41111111.11111111"), (1200000.0, "1200000"), (1e20, "100000000000000000000"),
    (1.5e-7, "1.5e-07"), (-74.0059728, "74.0059728"),
])
def test_a_float_reads_as_the_value_its_digits_spell(value: float, text: str) -> None:
    assert inventory.number_text(value) == text


def test_a_number_read_two_ways_keeps_only_the_rewritten_reading() -> None:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
            "x_a": 4111111111111111e3, "x_b": 6175550143e2}
    slots = {s.channel: s for s in openai.request_texts("chat", body)}
    slots["field:x_a"].set("<CREDIT_CARD_1>000 <CREDIT_CARD_1>")   # a card found in both readings
    slots["field:x_b"].set("617555014300 <PHONE_NUMBER_1>")          # only in the digits without the zeros
    assert body["x_a"] == "<CREDIT_CARD_1>000 <CREDIT_CARD_1>" and body["x_b"] == "<PHONE_NUMBER_1>"


@pytest.mark.parametrize(("key", "value", "text"), [
    ("score_threshold", 41111111.11111111, True), ("budget_tokens", 4111111111111111.5, True),
    ("score_threshold", 0.7000000000000001, False), ("temperature", 0.7, False), ("max_tokens", 1024, False),
])
def test_a_numeric_parameter_with_a_values_digits_around_its_point_is_text(key: str, value: float,
                                                                           text: bool) -> None:
    assert inventory._number_is_text(key, value) is text


def test_anthropic_metadata_keys_and_numbers() -> None:
    body = {"model": "claude-3-5-sonnet-latest", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}],
            "metadata": {"user_id": "u-1", "a@b.io": 6175550143}}
    got = _channels("messages", body)
    assert got["field:metadata:a@b.io:#key"] == "a@b.io" and got["field:metadata:a@b.io"] == "6175550143"
    assert "field:metadata:user_id:#key" not in got


@pytest.mark.parametrize(("kind", "body", "channel"), [
    ("chat", {"messages": [{"role": "user", "content": [{"type": "file", "file": {"file_data": "mail a@b.io"}}]}]},
     "field:messages:0:content:0:file:file_data"),
    ("chat", {"messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA, mail a@b.io"}}]}]},
     "field:messages:0:content:0:image_url:url"),
    ("chat", {"audio": {"voice": "a@b.io"}}, "field:audio:voice"),
    ("chat", {"logit_bias": {"a@b.io": 1}}, "field:logit_bias:a@b.io:#key"),
    ("messages", {"messages": [{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "data": "mail a@b.io"}}]}]},
     "field:messages:0:content:0:source:data"),
    ("messages", {"messages": [{"role": "assistant", "content": [
        {"type": "thinking", "thinking": "t", "signature": "call 617-555-0143"}]}]},
     "field:messages:0:content:0:signature"),
    ("messages", {"mcp_servers": [{"name": "s", "authorization_token": "617-555-0143"}]},
     "field:mcp_servers:0:authorization_token"),
    ("responses", {"input": [{"type": "reasoning", "encrypted_content": "a@b.io"}]},
     "field:input:0:encrypted_content"),
    ("responses", {"input": [{"type": "image_generation_call", "result": "not base64!"}]}, "field:input:0:result"),
    ("responses", {"tools": [{"type": "mcp", "headers": {"X-Note": "mail a@b.io"}}]},
     "field:tools:0:headers:X-Note"),
])
def test_an_exempt_field_without_its_shape_is_screened(kind: str, body: dict[str, Any], channel: str) -> None:
    assert channel in _channels(kind, body)


@pytest.mark.parametrize(("kind", "body"), [
    ("chat", {"messages": [{"role": "user", "content": [{"type": "file", "file": {"file_data": "QUJDRA=="}}]}]}),
    ("chat", {"messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}]}),
    ("chat", {"audio": {"voice": "alloy"}, "logit_bias": {"50256": -100}}),
    ("messages", {"messages": [{"role": "assistant", "content": [
        {"type": "thinking", "thinking": "", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"}]}]}),
    ("messages", {"mcp_servers": [{"name": "s", "authorization_token": "sk-abc_123.XYZ"}]}),
    ("responses", {"tools": [{"type": "mcp", "headers": {"Authorization": "Bearer tok_abc123"}}]}),
])
def test_an_exempt_field_with_its_shape_stays_exempt(kind: str, body: dict[str, Any]) -> None:
    assert not [c for c in _channels(kind, body) if c.startswith("field:")]
