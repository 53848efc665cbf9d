"""Every string field of an answer, as the official SDKs type it, is screened or listed as non-text.

The test walks the response and stream-event types of the installed `openai` and `anthropic`
packages, builds sample answers in which every string field holds its own marker (one sample per
union member, so every item, block and event type appears), runs the adapter over them and checks
that each marker is either in a `TextSlot` the output guard screens, or names a field listed as
carrying no text (`NON_TEXT_KEYS`, `NON_TEXT_FIELDS` in `proxy/providers/answers.py`). A field an
SDK release adds fails here until it is screened or listed. Event and delta types are checked too:
an unknown one fails closed under output rules, so the lists must be the SDKs'.
"""

from __future__ import annotations

import datetime
import itertools
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic
import pytest
from anthropic.types import ContentBlock, Message, RawContentBlockDelta, RawMessageStreamEvent
from anthropic.types.beta import BetaMessage, BetaRawMessageStreamEvent
from openai.types import Completion
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.responses import Response, ResponseStreamEvent

from proxy.providers import anthropic as an
from proxy.providers import openai as oa
from proxy.providers.answers import (
    ANSWER_MAPS,
    CLIENT_DATA_FIELDS,
    CLIENT_DATA_NAMES,
    FIXED_KEY_MAPS,
    FREE_FORM_FIELDS,
    MAP_KEYS,
    NON_TEXT_FIELDS,
    NON_TEXT_KEYS,
)
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES, TextSlot


def _strip(t: Any) -> Any:
    while get_origin(t) is Annotated:
        t = get_args(t)[0]
    return t


def _members(t: Any) -> tuple[Any, ...]:
    t = _strip(t)
    return get_args(t) if get_origin(t) in (Union, types.UnionType) else (t,)


class Samples:
    """Sample JSON values of a type, each string a unique marker remembered with its path of fields
    (`("Response.output", "ResponseOutputMessage.content", "ResponseOutputText.text")`)."""

    def __init__(self) -> None:
        self.paths: dict[str, tuple[str, ...]] = {}  # marker -> path of `Class.field`s
        self._n = itertools.count()

    def marker(self, path: tuple[str, ...]) -> str:
        m = f"\u27e6{next(self._n)}\u27e7"
        self.paths[m] = path
        return m

    def of(self, t: Any, path: tuple[str, ...], stack: tuple[type, ...] = ()) -> list[Any]:
        t = _strip(t)
        origin = get_origin(t)
        if t is str:
            return [self.marker(path)]
        if origin is Literal:
            return [get_args(t)[0]]
        if t in (int, float):
            return [0]
        if t is bool:
            return [False]
        if t is type(None):
            return [None]
        if t is datetime.datetime or t is datetime.date:
            return ["2026-01-01T00:00:00Z"]
        if t is object or t is Any:
            return [{"key": self.marker(path)}]
        if origin in (Union, types.UnionType):
            out = [v for a in get_args(t) if a is not type(None) for v in self.of(a, path, stack)]
            return out or [None]
        if origin in (list, typing.List, tuple, typing.Sequence):  # noqa: UP006
            args = [a for a in get_args(t) if a is not Ellipsis]
            return [[v for a in args for v in self.of(a, path, stack)]]
        if origin in (dict, typing.Dict):  # noqa: UP006
            return [{"key": v} for v in self.of(get_args(t)[1], path, stack)]
        if isinstance(t, type) and issubclass(t, pydantic.BaseModel):
            if t in stack:
                return [None]
            per_field = {name: self.of(f.annotation, (*path, f"{t.__name__}.{name}"), (*stack, t))
                         for name, f in t.model_fields.items()}
            n = max((len(v) for v in per_field.values()), default=1)
            return [{(t.model_fields[name].alias or name): values[i % len(values)]
                     for name, values in per_field.items()} for i in range(n)]
        raise AssertionError(f"a type the walk does not know: {t!r} at {path}")


def _screened(slots: list[TextSlot]) -> str:
    return "\n".join(slot.get() for slot in slots)


Reader = Callable[[str, Any], list[TextSlot]]

ROOTS: list[tuple[str, Any, str, Reader]] = [
    ("chat", ChatCompletion, CHAT, oa.response_texts),
    ("chat-stream", ChatCompletionChunk, CHAT, oa.stream_event_texts),
    ("completions", Completion, COMPLETIONS, oa.response_texts),
    ("completions-stream", Completion, COMPLETIONS, oa.stream_event_texts),
    ("responses", Response, RESPONSES, oa.response_texts),
    ("messages", Message, MESSAGES, an.response_texts),
    *((f"responses-stream:{get_args(m.model_fields['type'].annotation)[0]}", m, RESPONSES, oa.stream_event_texts)
      for m in _members(ResponseStreamEvent)),
    *((f"messages-stream:{get_args(m.model_fields['type'].annotation)[0]}", m, MESSAGES, an.stream_event_texts)
      for m in _members(RawMessageStreamEvent)),
]


# The beta Messages API's answer and stream-event types (same routes): walked for their `Dict` and `object` fields.
BETA_ROOTS = (BetaMessage, *_members(BetaRawMessageStreamEvent))


def _listed(path: tuple[str, ...]) -> bool:
    """Under a listed field, or a field whose name is a non-text key, or in a map (`ANSWER_MAPS`: the sweep
    reads each of its keys with its value, `test_answer_sweep.py`)."""
    return path[-1].rsplit(".", 1)[-1] in NON_TEXT_KEYS or any(f in NON_TEXT_FIELDS or f in ANSWER_MAPS for f in path)


@pytest.mark.parametrize(("name", "root", "kind", "read"), ROOTS, ids=[r[0] for r in ROOTS])
def test_every_answer_string_is_screened_or_listed(name: str, root: Any, kind: str, read: Reader) -> None:
    samples = Samples()
    docs = samples.of(root, ())
    screened = _screened([slot for doc in docs for slot in read(kind, doc)])
    missing = sorted({" > ".join(path) for marker, path in samples.paths.items()
                      if marker not in screened and not _listed(path)})
    assert not missing, f"answer fields neither screened nor listed as non-text: {missing}"


def test_the_walk_finds_the_fields_that_matter() -> None:
    """The walk is not vacuous: the known text fields are reached and screened."""
    seen: dict[str, set[str]] = {}
    for _name, root, kind, read in ROOTS:
        samples = Samples()
        docs = samples.of(root, ())
        screened = _screened([slot for doc in docs for slot in read(kind, doc)])
        seen.setdefault("screened", set()).update(p[-1] for m, p in samples.paths.items() if m in screened)
    for field in ("ChatCompletionMessage.content", "ChatCompletionMessage.refusal", "ChatCompletionAudio.transcript",
                  "ChoiceDelta.content", "ChoiceDeltaAudio.transcript", "CompletionChoice.text",
                  "ResponseOutputText.text", "Summary.text", "ThinkingBlock.thinking", "TextBlock.text",
                  "ThinkingDelta.thinking", "TextDelta.text", "InputJSONDelta.partial_json",
                  "ResponseReasoningSummaryTextDeltaEvent.delta", "ResponseAudioTranscriptDeltaEvent.delta",
                  "ResponseCodeInterpreterToolCall.code", "ToolUseBlock.input"):
        assert field in seen["screened"], field


def test_no_listed_field_is_screened_elsewhere_by_mistake() -> None:
    """A listed field must not be a text somewhere: `NON_TEXT_FIELDS` names only real SDK fields."""
    known: set[str] = set()
    for _name, root, _kind, _read in ROOTS:
        samples = Samples()
        samples.of(root, ())
        known.update(f for path in samples.paths.values() for f in path)
    assert set(NON_TEXT_FIELDS) <= known, sorted(set(NON_TEXT_FIELDS) - known)


def _types(union: Any, field: str = "type") -> set[str]:
    return {get_args(_strip(m.model_fields[field].annotation))[0] for m in _members(union)}


def test_event_and_delta_types_are_the_sdks() -> None:
    assert _types(ResponseStreamEvent) == set(oa.RESPONSES_EVENT_TYPES)
    assert _types(RawMessageStreamEvent) <= set(an.EVENT_TYPES)
    assert set(an.EVENT_TYPES) - _types(RawMessageStreamEvent) == {"ping", "error"}
    assert _types(RawContentBlockDelta) <= set(an.DELTA_TYPES)
    assert set(an.DELTA_TYPES) - _types(RawContentBlockDelta) == {"compaction_delta"}  # beta, in the fixtures
    for btype in _types(ContentBlock):  # every block type of a content_block_start is readable
        assert an.is_known_event(MESSAGES, {"type": "content_block_start", "index": 0,
                                            "content_block": {"type": btype}})


def _is_object(t: Any) -> bool:
    """Whether a field of type `t` can hold a JSON object (a model, a `Dict`, `object`), not only a list or a scalar."""
    t = _strip(t)
    origin = get_origin(t)
    if origin in (Union, types.UnionType):
        return any(_is_object(a) for a in get_args(t))
    return origin in (dict, typing.Dict) or t is object or t is Any or (  # noqa: UP006
        isinstance(t, type) and issubclass(t, pydantic.BaseModel))


def _fields(t: Any, owner: str, stack: tuple[type, ...], maps: set[str], names: dict[str, set[str]]) -> None:
    """Every `Dict` field under `t` (`maps`, as `Class.field`) and, by its JSON name (`names`), every field that can
    hold an object."""
    t = _strip(t)
    origin = get_origin(t)
    if origin in (Union, types.UnionType, list, typing.List, tuple, typing.Sequence):  # noqa: UP006
        for a in get_args(t):
            if a is not Ellipsis:
                _fields(a, owner, stack, maps, names)
    elif origin in (dict, typing.Dict):  # noqa: UP006
        maps.add(owner)
        _fields(get_args(t)[1], owner, stack, maps, names)
    elif t is object or t is Any:
        maps.add(owner)
    elif isinstance(t, type) and issubclass(t, pydantic.BaseModel) and t not in stack:
        for name, f in t.model_fields.items():
            if _is_object(f.annotation):
                names.setdefault(f.alias or name, set()).add(f"{t.__name__}.{name}")
            _fields(f.annotation, f"{t.__name__}.{name}", (*stack, t), maps, names)


def test_the_maps_are_the_sdks() -> None:
    """Issue 12 (atk5 F2): every `Dict` or `object` field of the SDKs' answer and stream-event types is listed, as
    a map whose keys are the client's or the provider's (`ANSWER_MAPS`: every key is text), as one keyed by the
    API's own words (`FIXED_KEY_MAPS`), as free-form JSON of the API's own structure (`FREE_FORM_FIELDS`: schemas,
    tool references, filters) or as a tool's input or output (`CLIENT_DATA_FIELDS`: every key is text); no entry is
    stale; and the
    sweep can find the maps by name: no field of another type that can hold an object shares a map's name (the
    sweep reads a map only where the value is an object, so a list field may: issue 12, atk6 MEDIUM 5, an MCP
    tool's `annotations` map beside the list `annotations` of output text and chat messages). The beta Messages
    types too (`BETA_ROOTS`)."""
    maps: set[str] = set()
    names: dict[str, set[str]] = {}
    for root in (*(r[1] for r in ROOTS), *BETA_ROOTS):
        _fields(root, "", (), maps, names)
    by_name = {f for f in maps if f.rsplit(".", 1)[1] in CLIENT_DATA_NAMES}
    owners: dict[str, set[type]] = {}
    for root in (*(r[1] for r in ROOTS), *BETA_ROOTS):
        _owners(root, (), owners)
    named = {f"{n}.{f}" for n, classes in owners.items() for c in classes for f in c.model_fields
             if f in CLIENT_DATA_NAMES}
    assert by_name and named == by_name, sorted(named ^ by_name)  # found by name: every field of the name is JSON
    listed = [set(ANSWER_MAPS), FIXED_KEY_MAPS, FREE_FORM_FIELDS, set(CLIENT_DATA_FIELDS), by_name]
    assert maps == set().union(*listed), (sorted(maps - set().union(*listed)), sorted(set().union(*listed) - maps))
    assert sum(len(s) for s in listed) == len(maps)  # each in one list
    for key in MAP_KEYS:
        assert names[key] <= set(ANSWER_MAPS), (key, sorted(names[key] - set(ANSWER_MAPS)))


def test_the_object_check_tells_lists_from_objects() -> None:
    """`_is_object`, which the map-name rule above keys on: a list of models is no object; a model, a `Dict`,
    `object` and an optional one are."""
    class Part(pydantic.BaseModel):
        text: str

    assert not _is_object(list[Part]) and not _is_object(typing.Optional[list[Part]])  # noqa: UP045
    assert not _is_object(str) and not _is_object(typing.Optional[str])  # noqa: UP045
    assert _is_object(Part) and _is_object(typing.Optional[object]) and _is_object(dict[str, str])  # noqa: UP045
    assert _is_object(typing.Union[list[Part], dict[str, object]])  # noqa: UP007


def _owners(t: Any, stack: tuple[type, ...], out: dict[str, set[type]]) -> None:
    """Every model class under `t`, by its name (two classes may share one: `McpCall` of output and input items)."""
    t = _strip(t)
    origin = get_origin(t)
    if origin in (Union, types.UnionType, list, typing.List, tuple, typing.Sequence, dict, typing.Dict):  # noqa: UP006
        for a in get_args(t):
            if a is not Ellipsis:
                _owners(a, stack, out)
    elif isinstance(t, type) and issubclass(t, pydantic.BaseModel) and t not in stack:
        out.setdefault(t.__name__, set()).add(t)
        for f in t.model_fields.values():
            _owners(f.annotation, (*stack, t), out)


def test_client_data_is_found_by_the_sdks_type_words() -> None:
    """Issue 12: `CLIENT_DATA_FIELDS` finds a tool's input or output by its object's `type` and the field's name; the
    `type` given for each `Class.field` is the SDK class's own `type` literal (a renamed type fails here)."""
    owners: dict[str, set[type]] = {}
    for root in (*(r[1] for r in ROOTS), *BETA_ROOTS):
        _owners(root, (), owners)
    for field, kind in CLIENT_DATA_FIELDS.items():
        cls_name, name = field.split(".")
        for cls in owners[cls_name]:
            assert name in cls.model_fields, field
            assert get_args(_strip(cls.model_fields["type"].annotation)) == (kind,), (field, kind)
