"""What every check shares: findings, the Check and ToxicityScorer protocols, the per-call context.

A check finds; the engine decides; a rewriter applies (Presidio's split). A check gets the texts
of one phase and returns, per text, its findings, each already carrying the action its policy rule
gives it. Findings hold offsets, types and scores, never the text itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol, runtime_checkable

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.joined import Join, Sibling
from proxy.guard.keyed import Group
from proxy.guard.vault import Vault

Phase = Literal["input", "output"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found in one text. `start == end == 0` means the whole text (scores)."""

    check: str           # pii | patterns | toxicity | bias
    kind: str            # entity type, pattern name or label
    action: str          # redact | block | flag, from the policy rule
    start: int = 0
    end: int = 0
    score: float = 1.0
    groups: tuple[str, ...] = ()  # bias: identity groups the text is about
    merged: bool = False  # pii: one span over values of several types (a `mask` then covers all of it)
    value: int = 0  # pii: > 0, a piece of one value read over texts or fields, counted once (`checks.pii.Piece`)


@dataclass
class Inspection:
    """A check's answer: findings per text, and for scoring checks the highest score per label."""

    findings: list[list[Finding]]
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class CheckContext:
    phase: Phase
    rules: InputRules | OutputRules
    vault: Vault | None = None       # output: placeholders to leave alone, originals not to re-redact
    roles: Sequence[str] | None = None
    joined: bool = True              # also read the texts together (`proxy.guard.joined`); False: they are
                                     # pieces of one text already cut apart (a stream's sentences)
    joinable: Sequence[Join] | None = None  # per text: read with its neighbours (None: all)
    screened: dict[str, None] | None = None  # the request's scored input views (input: filled; output: reused)
    documents: Sequence[Sequence[Sibling]] = ()  # the texts of each JSON document (`joined.sibling_joints`)
    json_texts: Sequence[int] | None = None  # per text: JSON, JSON_IN_STRING or 0 (`joined.sibling_joints`)
    groups: Sequence[Group] = ()  # arrays and small objects of digits under a key (`keyed.keyed_values`)
    restored: bool = False  # output with `input.pii.restore`: the client gets `vault`'s originals back
    prose: Sequence[bool] | None = None  # per text: False for an id or a name screened as data (`TextSlot.prose`)
    shown: Sequence[Sequence[int]] = ()  # the texts a client shows joined, in order (`keyed.labelled_values`)


class CheckError(Exception):
    """A check could not run. The message says why in words that never include the texts."""


@runtime_checkable
class Check(Protocol):
    name: ClassVar[str]

    def applies(self, rules: InputRules | OutputRules) -> bool:
        """Whether the rules configure this check at all."""
        ...

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection: ...


@runtime_checkable
class ToxicityScorer(Protocol):
    """Implemented by `proxy.nlp.toxicity` (detoxify); tests use a deterministic one."""

    labels: tuple[str, ...]

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """label -> probability in [0, 1], one mapping per text."""
        ...
