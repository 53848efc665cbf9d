"""Deny by default on the answer side (`proxy.providers.answers.answer_sweep`): with the adapters' texts,
the sweep screens every other string and object key of an answer or stream event, except values of
the shape their key promises (ids, enums, base64 payloads) and logprob lists (trimmed instead).

The SDK walk of `test_answer_inventory.py` is reused: every string field of every response and
stream-event type holds a marker no id or enum looks like, so each must be screened, wherever it is.
"""

from __future__ import annotations

import typing
from typing import Any, get_args, get_origin

import pytest

from proxy.providers import anthropic as an
from proxy.providers import openai as oa
from proxy.providers.answer_keys import KNOWN_KEYS
from proxy.providers.answers import EntrySlot, answer_sweep, is_text_key, withhold_swept
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, TextSlot
from proxy.providers.inventory import TreeSlot
from tests.providers.test_answer_inventory import ROOTS, Reader, Samples, _screened, _strip

# Logprob lists are trimmed to the screened text, never screened (see `keep_prefix`).
_LOGPROBS = ("logprobs", "top_logprobs", "Logprob.", "TopLogprob.")


def _logprob(path: tuple[str, ...]) -> bool:
    return any(part.endswith(".logprobs") or part.startswith(_LOGPROBS) for part in path)


def _logprob_ids(kind: str, doc: Any) -> list[int]:
    adapter = an.ADAPTER if kind == MESSAGES else oa.ADAPTER
    lps = adapter.response_logprobs(kind, doc) + adapter.stream_event_logprobs(kind, doc)
    return [id(lp.container[lp.key]) for lp in lps]


def _screened_samples(samples: Samples, root: Any, kind: str, read: Reader) -> str:
    """The markers screened in `samples` of `root`: what the adapter reads, plus the sweep of the rest."""
    slots: list[TextSlot] = []
    for doc in samples.of(root, ()):
        known = read(kind, doc)
        slots += known + answer_sweep(doc, known, skip=_logprob_ids(kind, doc))
    return _screened(slots)


@pytest.mark.parametrize(("name", "root", "kind", "read"), ROOTS, ids=[r[0] for r in ROOTS])
def test_every_answer_string_is_screened_with_the_sweep(name: str, root: Any, kind: str, read: Reader) -> None:
    samples = Samples()
    screened = _screened_samples(samples, root, kind, read)
    missing = sorted({" > ".join(path) for marker, path in samples.paths.items()
                      if marker not in screened and not _logprob(path)})
    assert not missing, f"answer fields the proxy would relay unscreened: {missing}"


def test_every_sdk_field_name_is_a_known_key() -> None:
    """A key the SDKs define is not screened; one they do not (a new field, a client's key) is."""
    names: set[str] = set()
    for _name, root, _kind, _read in ROOTS:
        samples = Samples()
        samples.of(root, ())
        # pydantic names a field `schema_` whose JSON key (its alias) is `schema`
        names.update(part.rsplit(".", 1)[-1].rstrip("_") for path in samples.paths.values() for part in path)
    assert names <= KNOWN_KEYS, sorted(names - KNOWN_KEYS)


@pytest.mark.parametrize(("key", "value", "text"), [
    ("id", "chatcmpl-123", False), ("id", "bob@example.com", True), ("id", "a b", True), ("id", "x" * 300, True),
    ("role", "assistant", False), ("role", "mail bob@example.com", True), ("name", "get_weather", False),
    ("finish_reason", "stop", False), ("model", "gpt-4o-mini-2024-07-18", False),
    ("signature", "EqQBCgIYAhIMabcdefghijklmnop", False), ("signature", "mail bob@example.com", True),
    ("partial_image_b64", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", False), ("partial_image_b64", "bob@x.com", True),
    ("data", "4111111111111111", True),  # base64 by its alphabet, but too short to be a payload
    ("url", "https://example.com/?e=bob@example.com", True), ("title", "Anything", True),
    ("note", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", False),
    ("note", "data:image/png;base64,mail bob@example.com", True),
])
def test_shapes(key: str, value: str, text: bool) -> None:
    assert is_text_key({key: value}, key) is text


def test_unknown_keys_values_and_confused_shapes_are_swept() -> None:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "x_note": "n", "choices": [
        {"index": 2, "message": {"role": "assistant", "content": {"text": "t"}, "bob@example.com": 1},
         "finish_reason": "stop"}]}
    known = oa.response_texts(CHAT, body)
    got = {s.channel: s.get() for s in answer_sweep(body, known)}
    assert got == {"field:x_note": "n", "choice:2:field:message:content:text": "t",
                   "choice:2:field:message:bob@example.com:#key": "bob@example.com",
                   # the body's own keys and the numbers of unknown fields are text too (issue 12, F4/F5)
                   "field:x_note:#key": "x_note", "choice:2:field:message:bob@example.com": "1",
                   # a text field given as an object is read as a map: its keys are text (atk6 finding 7)
                   "choice:2:field:message:content:text:#key": "text"}


# ------------------------------------------------------------------ keys of maps and free-form JSON (atk5 F2)


class KeyedSamples(Samples):
    """As `Samples`, with every object of a `Dict` or `object` type keyed by a marker of its own: a key of a
    client-keyed map (a file's `attributes`, a shell's `env`), of free-form JSON or of the API's own words."""

    def of(self, t: Any, path: tuple[str, ...], stack: tuple[type, ...] = ()) -> list[Any]:
        t = _strip(t)
        if get_origin(t) in (dict, typing.Dict):  # noqa: UP006
            return [{self.marker((*path, "{key}")): v} for v in super().of(get_args(t)[1], path, stack)]
        if t is object or t is Any:
            return [{self.marker((*path, "{key}")): self.marker(path)}]
        return super().of(t, path, stack)


@pytest.mark.parametrize(("name", "root", "kind", "read"), ROOTS, ids=[r[0] for r in ROOTS])
def test_every_key_of_a_map_is_screened_with_the_sweep(name: str, root: Any, kind: str, read: Reader) -> None:
    """Issue 12 (atk5 F2): the keys of `file_search_call.results[].attributes` and `local_shell_call.action.env`
    reached the client unscreened when their values were strings (the value was read, so its key passed for the
    adapter's). Every key of every map of every answer and stream-event type, whatever its value, is screened."""
    samples = KeyedSamples()
    screened = _screened_samples(samples, root, kind, read)
    missing = sorted({" > ".join(path) for marker, path in samples.paths.items()
                      if path and path[-1] == "{key}" and marker not in screened and not _logprob(path)})
    assert not missing, f"map keys the proxy would relay unscreened: {missing}"


EMAIL = "mary.major@example.org"


def _responses(*items: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "status": "completed", "model": "gpt-4o", "output": list(items),
            **top}


FILE_SEARCH = {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["q"],
               "results": [{"file_id": "f", "filename": "a.pdf", "score": 0.5, "text": "t", "attributes": {}}]}
SHELL = {"type": "local_shell_call", "id": "ls_1", "call_id": "c", "status": "completed",
         "action": {"type": "exec", "command": ["ls"], "env": {}}}


def _swept(kind: str, body: dict[str, Any]) -> tuple[list[TextSlot], list[TextSlot]]:
    read = an.response_texts if kind == MESSAGES else oa.response_texts
    known = read(kind, body)
    return known, answer_sweep(body, known)


def _keys(slots: list[TextSlot]) -> list[str]:
    return [s.get() for s in slots if isinstance(s, TreeSlot) and s.mode == "key"]


@pytest.mark.parametrize("where", ["attributes", "env"])
def test_a_map_key_is_screened_whatever_its_value(where: str) -> None:
    """A string, a number, a boolean: the key is read all the same; so is a key an SDK type names (`project`,
    `id`: in a map it names nothing), and a value under `id` is text there, not an id."""
    entries = {EMAIL: "x", "call 212-555-0199": "y", "ssn 412-63-7785": 1, "flag": True, "project": "falcon",
               "id": "jane.doe@example.com"}
    item = {**FILE_SEARCH, "results": [{**FILE_SEARCH["results"][0], "attributes": entries}]} \
        if where == "attributes" else {**SHELL, "action": {**SHELL["action"], "env": entries}}
    known, swept = _swept(RESPONSES, _responses(item))
    assert sorted(_keys(swept)) == sorted(entries)
    texts = [s.get() for s in known + swept if getattr(s, "mode", "value") != "key"]
    assert {"x", "y", "falcon", "jane.doe@example.com"} <= set(texts)


def test_echoed_maps_read_every_key() -> None:
    """Responses `metadata`, `prompt.variables`, an MCP tool's `headers`, chat `metadata`: keys an SDK type names
    are keys of the client's there (`{"project": "falcon"}`)."""
    body = _responses({"type": "message", "id": "m", "role": "assistant", "status": "completed", "content": []},
                      metadata={"project": "falcon"}, prompt={"id": "pmpt_1", "variables": {"email": "x"}},
                      tools=[{"type": "mcp", "server_label": "s", "headers": {"name": "v"}}])
    assert sorted(_keys(_swept(RESPONSES, body)[1])) == ["email", "name", "project"]
    chat = {"id": "c", "object": "chat.completion", "choices": [], "metadata": {"user": "u"}}
    assert _keys(_swept(CHAT, chat)[1]) == ["user"]


def _mcp_tools(**tool: Any) -> dict[str, Any]:
    return _responses({"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "s",
                       "tools": [{"name": "get", "input_schema": {"type": "object"}, **tool}]})


def test_an_mcp_tools_annotations_are_a_map() -> None:
    """Issue 12 (atk6 MEDIUM 5): an `mcp_list_tools` tool's `annotations` (the SDK's `object`, the MCP server's
    keys) is a map: every key is text, one an SDK type names too (`project`, `title`), and a value under `id` is
    text there, not an id."""
    known, swept = _swept(RESPONSES, _mcp_tools(annotations={"project": "osprey", "title": "Get", "id": EMAIL,
                                                             "readOnlyHint": True}))
    assert sorted(_keys(swept)) == ["id", "project", "readOnlyHint", "title"]
    assert {"osprey", "Get", EMAIL} <= {s.get() for s in known + swept if getattr(s, "mode", "value") != "key"}


def test_a_list_of_annotations_is_no_map() -> None:
    """Output text annotations share the name, as a list of the SDK's objects: their keys stay the SDK's."""
    body = _responses({"type": "message", "id": "m", "role": "assistant", "status": "completed", "content": [
        {"type": "output_text", "text": "ok", "annotations": [{"type": "url_citation", "url": "https://a.io/x",
                                                               "title": "A", "start_index": 0, "end_index": 2}]}]})
    assert _keys(_swept(RESPONSES, body)[1]) == []


@pytest.mark.parametrize("key", ["parameters", "output_schema"])
def test_an_echoed_function_schema_is_read_with_its_property_names(key: str) -> None:
    """Issue 12 (atk6 MEDIUM 5): a function tool's echoed `output_schema` is a schema as its `parameters` is:
    a property's name (`project`, an SDK word) is read in one document with its description."""
    schema = {"type": "object", "properties": {"project": {"type": "string", "description": "falcon id"}}}
    body = _responses({"type": "message", "id": "m", "role": "assistant", "status": "completed", "content": []},
                      tools=[{"type": "function", "name": "f", key: schema}])
    texts = {s.get(): s for s in _swept(RESPONSES, body)[1]}
    assert {"project", "falcon id"} <= set(texts)
    assert getattr(texts["project"], "group", None) is not None
    assert texts["project"].group == texts["falcon id"].group  # type: ignore[attr-defined]


@pytest.mark.parametrize(("kind", "body"), [
    (RESPONSES, _responses({"type": "x_new_call", "id": "x_1", EMAIL: "v"})),
    (RESPONSES, _responses({"type": "mcp_list_tools", "id": "l", "server_label": "s",
                            "tools": [{"name": "t", "input_schema": {"properties": {EMAIL: {"type": "string"}}},
                                       "annotations": {EMAIL: "v"}}]})),
    (RESPONSES, _responses({"type": "message", "id": "m", "role": "assistant", "status": "completed", "content": [
        {"type": "output_text", "text": "ok", "annotations": [{"type": "url_citation", "url": "u", EMAIL: "v"}]}]})),
    (MESSAGES, {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude", "content": [
        {"type": "x_new_block", EMAIL: "v"}], "stop_reason": "end_turn"}),
    (CHAT, {"id": "c", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "stop", "message": {
        "role": "assistant", "content": "ok", "annotations": [{"type": "url_citation", EMAIL: "v"}]}}]}),
])
def test_a_key_no_sdk_names_is_screened_beside_a_string(kind: str, body: dict[str, Any]) -> None:
    """Outside maps too: an unknown item's, block's or annotation's key no SDK type names, its value a string
    the adapter reads (`answer_strings`), is screened (the value read used to pass the key as the adapter's)."""
    known, swept = _swept(kind, body)
    assert EMAIL in _keys(swept)


def test_a_key_and_its_value_share_their_cell() -> None:
    """The value the adapter reads (`EntrySlot`) and the key the sweep reads: either rewritten first, one entry
    stays; a block drops the key, and the value is not written back under its old key."""
    item = {"type": "x_new_call", "id": "x_1", EMAIL: "v"}
    known, swept = _swept(RESPONSES, _responses(item))
    value = next(s for s in known if isinstance(s, EntrySlot))
    key = next(s for s in swept if isinstance(s, TreeSlot) and s.mode == "key" and s.get() == EMAIL)
    key.set("<EMAIL_ADDRESS_1>")
    value.set("w")
    assert item == {"type": "x_new_call", "id": "x_1", "<EMAIL_ADDRESS_1>": "w"}
    withhold_swept(swept)
    value.set("")
    assert value.get() == ""
    assert "<EMAIL_ADDRESS_1>" not in item and EMAIL not in item


def test_a_key_of_a_field_the_adapter_reads_by_name_is_not_swept() -> None:
    """What the fix keeps: `reasoning_content`, read by the chat adapter by name, is no text (a block must not
    drop it)."""
    body = {"id": "c", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "stop", "message": {
        "role": "assistant", "content": "ok", "reasoning_content": "r"}}]}
    assert "reasoning_content" not in _keys(_swept(CHAT, body)[1])


# Issue 12: a tool's input or output in an answer (`CLIENT_DATA_FIELDS`) is read as Anthropic `tool_use.input` is:
# every key, an SDK word too (`project`), right before its value, in one document.
TOOL_SEARCH = {"type": "tool_search_call", "id": "ts_1", "call_id": "c", "execution": "server", "status": "completed"}
MCP_CALL = {"type": "mcp_call", "id": "mcp_1", "server_label": "s", "name": "get", "arguments": "{}"}


def _key_then_value(slots: list[TextSlot], key: str, value: str) -> None:
    """`key` is read as a key, right before `value`, in one document (`TreeSlot.group`)."""
    texts = [(s.get(), getattr(s, "mode", "value"), getattr(s, "group", None)) for s in slots]
    at = [i for i, (text, mode, _group) in enumerate(texts) if (text, mode) == (key, "key")]
    assert at, texts
    assert texts[at[0] + 1][0] == value and texts[at[0] + 1][2] is not None, texts
    assert texts[at[0] + 1][2] == texts[at[0]][2], texts


@pytest.mark.parametrize("item", [
    pytest.param({**TOOL_SEARCH, "arguments": {"project": "falcon"}}, id="tool-search-arguments"),
    pytest.param({**MCP_CALL, "error": {"type": "mcp_tool_execution_error", "content": {"project": "falcon"}}},
                 id="mcp-error-content"),
    pytest.param({**TOOL_SEARCH, "arguments": {"filter": {"project": "falcon"}, "tags": ["x"]}}, id="nested"),
    pytest.param({**TOOL_SEARCH, "arguments": [{"project": "falcon"}]}, id="array"),
])
def test_a_tool_input_or_output_reads_every_key_before_its_value(item: dict[str, Any]) -> None:
    known, swept = _swept(RESPONSES, _responses(item))
    _key_then_value(known + swept, "project", "falcon")


def test_an_echoed_tool_search_call_reads_every_key_before_its_value() -> None:
    """An input item echoed in `instructions` (not read by the adapter): the sweep reads it so."""
    body = _responses(instructions=[{**TOOL_SEARCH, "arguments": {"project": "falcon", "limit": 5}}])
    known, swept = _swept(RESPONSES, body)
    _key_then_value(swept, "project", "falcon")
    assert "limit" in _keys(swept)


def test_a_tool_input_needs_its_type() -> None:
    """`content` and `arguments` are other fields' names too: an output text's `content` parts keep the SDK's keys."""
    body = _responses({"type": "message", "id": "m", "role": "assistant", "status": "completed", "content": [
        {"type": "output_text", "text": "ok", "annotations": []}]})
    assert _keys(_swept(RESPONSES, body)[1]) == []


@pytest.mark.parametrize("content", [{"project": "falcon"}, [{"type": "text", "project": "falcon"}], [["falcon"]]])
def test_a_tool_output_the_adapter_read_is_not_swept_again(content: Any) -> None:
    """Read once: a block drops the sweep's keys, which would pull a key from under the adapter's slot."""
    item = {**MCP_CALL, "error": {"type": "mcp_tool_execution_error", "content": content}}
    known, swept = _swept(RESPONSES, _responses(item))
    assert "falcon" in [s.get() for s in known]
    assert "falcon" not in [s.get() for s in swept] and "project" not in _keys(swept)


def test_a_beta_tool_definitions_input_examples_read_every_key_before_its_value() -> None:
    """Anthropic beta: a compaction block's `tool_changes` carry tool definitions; their `input_examples` are example
    tool inputs (client data, found by name): every key, an SDK word too, right before its value."""
    tool = {"type": "custom", "name": "lookup", "input_schema": {"type": "object"},
            "input_examples": [{"project": "falcon", "limit": 5}]}
    body = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude", "stop_reason": "end_turn",
            "content": [{"type": "compaction", "content": "Summary.", "tool_changes": [
                {"type": "tool_addition", "tool": {"type": "tool_definition", "definition": tool}}]}]}
    known, swept = _swept(MESSAGES, body)
    _key_then_value(known + swept, "project", "falcon")
