"""Values seen more than once across files: copied records (`audit verify`), request ids counted twice (`report`).

A chain's hash and MACs say nothing about a second file holding the same records (a chain and its head
copied to another writer's name, or to another host's folder): every copy checks. `Repeats` keeps 16 bytes
per value (a 64-bit key, where it was, its line) in flat arrays, and sorts them once at the end: numpy's
sort when it is installed (it comes with the NLP stack), else Python's.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """One copy: the index of its place (`Repeats.places`) and its line (1-based; 0: unknown)."""

    place: int
    line: int


def id_key(value: str) -> int:
    """A 64-bit key for a string (BLAKE2b: the same in every process, unlike `hash()`)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def hex_key(digest: str) -> int | None:
    """A record hash's first 64 bits as the key; None when it is not hex."""
    try:
        return int(digest[:16], 16) if len(digest) >= 16 else None
    except ValueError:
        return None


class Repeats:
    """Collect (key, place, line); `groups()` returns the keys seen more than once, each as its places."""

    def __init__(self) -> None:
        self.keys = array("Q")
        self.where = array("I")
        self.lines = array("I")
        self.places: list[str] = []
        self._index: dict[str, int] = {}

    def place(self, name: str) -> int:
        index = self._index.get(name)
        if index is None:
            index = self._index[name] = len(self.places)
            self.places.append(name)
        return index

    def add(self, key: int, place: int, line: int = 0) -> None:
        self.keys.append(key)
        self.where.append(place)
        self.lines.append(min(line, 0xFFFFFFFF))

    def extend(self, other: Repeats) -> None:
        """Add another collector's values (its places renumbered into this one's)."""
        remap = [self.place(name) for name in other.places]
        self.keys.extend(other.keys)
        self.where.extend(array("I", (remap[i] for i in other.where)))
        self.lines.extend(other.lines)

    def __len__(self) -> int:
        return len(self.keys)

    def groups(self) -> list[list[Place]]:
        """Each key seen more than once: its places, in the order added."""
        n = len(self.keys)
        if n < 2:
            return []
        try:
            import numpy as np
        except ImportError:  # pragma: no cover - numpy comes with the NLP stack
            order = sorted(range(n), key=self.keys.__getitem__)
            runs: list[list[int]] = []
            for a, b in zip(order, order[1:], strict=False):
                if self.keys[a] == self.keys[b]:
                    if runs and runs[-1][-1] == a:
                        runs[-1].append(b)
                    else:
                        runs.append([a, b])
        else:
            keys = np.frombuffer(self.keys, dtype=np.uint64)
            sorted_order = np.argsort(keys, kind="stable")
            ordered = keys[sorted_order]
            same = np.flatnonzero(ordered[1:] == ordered[:-1])
            runs = []
            for i in same.tolist():
                a, b = int(sorted_order[i]), int(sorted_order[i + 1])
                if runs and runs[-1][-1] == a:
                    runs[-1].append(b)
                else:
                    runs.append([a, b])
        return [[Place(self.where[i], self.lines[i]) for i in sorted(run)] for run in runs]
