"""Deny by default on the answer side (`proxy.providers.answers.answer_sweep`): with the adapters' texts,
the sweep screens every other string and object key of an answer or stream event, except values of
the shape their key promises (ids, enums, base64 payloads) and logprob lists (trimmed instead).

The SDK walk of `test_answer_inventory.py` is reused: every string field of every response and
stream-event type holds a marker no id or enum looks like, so each must be screened, wherever it is.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.providers import anthropic as an
from proxy.providers import openai as oa
from proxy.providers.answer_keys import KNOWN_KEYS
from proxy.providers.answers import answer_sweep, is_text_key
from proxy.providers.base import CHAT, MESSAGES, TextSlot
from tests.providers.test_answer_inventory import ROOTS, Reader, Samples, _screened

# Logprob lists are trimmed to the screened text, never screened (see `keep_prefix`).
_LOGPROBS = ("logprobs", "top_logprobs", "Logprob.", "TopLogprob.")


def _logprob(path: tuple[str, ...]) -> bool:
    return any(part.endswith(".logprobs") or part.startswith(_LOGPROBS) for part in path)


def _logprob_ids(kind: str, doc: Any) -> list[int]:
    adapter = an.ADAPTER if kind == MESSAGES else oa.ADAPTER
    lps = adapter.response_logprobs(kind, doc) + adapter.stream_event_logprobs(kind, doc)
    return [id(lp.container[lp.key]) for lp in lps]


@pytest.mark.parametrize(("name", "root", "kind", "read"), ROOTS, ids=[r[0] for r in ROOTS])
def test_every_answer_string_is_screened_with_the_sweep(name: str, root: Any, kind: str, read: Reader) -> None:
    samples = Samples()
    docs = samples.of(root, ())
    slots: list[TextSlot] = []
    for doc in docs:
        known = read(kind, doc)
        slots += known + answer_sweep(doc, known, skip=_logprob_ids(kind, doc))
    screened = _screened(slots)
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
                   "field:x_note:#key": "x_note", "choice:2:field:message:bob@example.com": "1"}
