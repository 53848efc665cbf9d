"""Placeholders for redacted values, and putting the originals back (whole texts and streams).

A `Vault` lives for one request. `placeholder(entity, value)` gives `<ENTITY_TYPE_N>`, the same
placeholder for the same value within the request (N counts per entity type from 1). `restore`
replaces the placeholders in a text by the originals. Over a stream of fragments, the output windows
(`proxy.guard.windows`) never emit half a placeholder: `placeholder_prefix_at` finds the tail that
could still become one (`<EMAIL_ADD`), held back until it completes or proves not to be one.

Texts that are JSON documents (tool-call arguments, Anthropic `partial_json`) get each original
JSON-string-escaped (`restore(text, in_json=True)`): a placeholder there sits inside a JSON string,
so a `"`, `\\` or newline in the original must not end the string or break the document. A value
redacted from such a text is stored decoded (`json_unescape`), so it is escaped exactly once
whichever kind of text it goes back into.

The vault holds PII: it is never logged, never serialised into a record or an exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# <ENTITY_TYPE_N>: upper-case letters, digits and underscores, then _N.
PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)_(\d+)>")


def json_escape(value: str) -> str:
    """`value` as it must appear between the quotes of a JSON string."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def json_unescape(text: str) -> str:
    """The value that `text`, taken from between the quotes of a JSON string, stands for.

    `text` itself when it is not a valid JSON string body (a span that cuts an escape in half, or
    that reaches past the string's quotes).
    """
    if "\\" not in text:  # nothing escaped: the value is the text (or the text is no string body)
        return text
    try:
        value = json.loads(f'"{text}"', strict=False)
    except ValueError:
        return text
    return value if isinstance(value, str) else text


@dataclass
class Vault:
    """Value <-> placeholder map for one request."""

    _by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_placeholder: dict[str, str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def placeholder(self, entity: str, value: str) -> str:
        key = (entity, value)
        found = self._by_value.get(key)
        if found is None:
            n = self._counts.get(entity, 0) + 1
            self._counts[entity] = n
            found = f"<{entity}_{n}>"
            self._by_value[key] = found
            self._by_placeholder[found] = value
        return found

    def __len__(self) -> int:
        return len(self._by_placeholder)

    def __bool__(self) -> bool:
        return bool(self._by_placeholder)

    def __repr__(self) -> str:  # never show values
        return f"Vault({len(self)} placeholders)"

    def original(self, placeholder: str) -> str | None:
        return self._by_placeholder.get(placeholder)

    def is_original(self, value: str) -> bool:
        """A value the client sent (and that a restore may put back)."""
        return value in self._by_placeholder.values()

    def counts(self) -> dict[str, int]:
        """Placeholders per entity type (for records: types and counts only)."""
        return dict(self._counts)

    @property
    def longest(self) -> int:
        return max((len(p) for p in self._by_placeholder), default=0)

    def restore(self, text: str, *, in_json: bool = False) -> str:
        """`text` with each known placeholder replaced by its original; `in_json`: `text` is (part of)
        a JSON document, and each original goes in JSON-string-escaped."""
        if not self._by_placeholder or "<" not in text:
            return text

        def original(m: re.Match[str]) -> str:
            value = self._by_placeholder.get(m.group(0))
            if value is None:
                return m.group(0)
            return json_escape(value) if in_json else value

        return PLACEHOLDER.sub(original, text)


def placeholder_prefix_at(text: str, vault: Vault) -> int:
    """Index where a trailing possible placeholder prefix starts (`len(text)` if there is none).

    A prefix is kept back only if it can still become one of this vault's placeholders, so text
    like "a < b" is released at once.
    """
    start = text.rfind("<")
    if start < 0 or ">" in text[start:]:
        return len(text)
    tail = text[start:]
    if any(p.startswith(tail) for p in vault._by_placeholder):
        return start
    return len(text)
