"""Placeholders for redacted values, and putting the originals back (whole texts and streams).

A `Vault` lives for one request. `placeholder(entity, value)` gives `<ENTITY_TYPE_N>`, the same
placeholder for the same value within the request (N counts per entity type from 1). `restore`
replaces the placeholders in a text by the originals. `StreamRestorer` does the same over a stream
of fragments: it never emits half a placeholder; it holds back a tail that could still become one
(`<EMAIL_ADD`) until it completes or proves not to be one, so at most `Vault.longest` characters
are held back.

The vault holds PII: it is never logged, never serialised into a record or an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# <ENTITY_TYPE_N>: upper-case letters, digits and underscores, then _N.
PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)_(\d+)>")


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

    def restore(self, text: str) -> str:
        if not self._by_placeholder or "<" not in text:
            return text
        return PLACEHOLDER.sub(lambda m: self._by_placeholder.get(m.group(0), m.group(0)), text)

    def restorer(self) -> StreamRestorer:
        return StreamRestorer(self)


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


@dataclass
class StreamRestorer:
    """Restore placeholders across fragments: `feed` returns what can be shown now, `flush` the rest."""

    vault: Vault
    _pending: str = ""

    def feed(self, fragment: str) -> str:
        text = self._pending + fragment
        cut = placeholder_prefix_at(text, self.vault)
        self._pending = text[cut:]
        return self.vault.restore(text[:cut])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self.vault.restore(text)

    @property
    def held(self) -> int:
        return len(self._pending)
