"""What a guard phase decides: `Decision` and its one ranking, and the two ways a phase can refuse.

allow < flag < redact < block. Check records may also say `would_block` / `would_redact` (monitor mode:
ranked as the action they stand for) or `error` (the check could not run: ranked below allow).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any


class Decision(enum.StrEnum):
    ALLOW = "allow"
    FLAG = "flag"
    REDACT = "redact"
    BLOCK = "block"


_RANK = {"allow": 0, "flag": 1, "redact": 2, "block": 3, "error": -1}


def rank(action: str | None) -> int:
    """The rank of a decision or a record's action; `would_X` ranks as X; None and unknown words as allow."""
    if action is None:
        return 0
    return _RANK.get(action.removeprefix("would_"), 0)


def strongest(actions: Iterable[str]) -> Decision:
    """The strongest of some actions (allow for none)."""
    best = Decision.ALLOW
    for action in actions:
        if rank(action) > rank(best):
            best = Decision(action.removeprefix("would_"))
    return best


def stronger(current: Decision, other: str | None) -> Decision:
    """`other` if it outranks `current`, else `current`."""
    return Decision(other) if other is not None and rank(other) > rank(current) else current


def block_message(policy: str, check: str, kind: str | None = None) -> str:
    """What a refusal says: the policy and the check (and entity type or label), never the text."""
    what = f"{check} ({kind})" if kind else check
    return f"blocked by guardrail policy '{policy}': {what}"


class GuardUnavailable(Exception):
    """A check could not run and the policy says `on_error: block` (the proxy answers 503)."""

    def __init__(self, check: str, reason: str, records: list[dict[str, Any]] | None = None) -> None:
        self.check, self.reason = check, reason
        self.records = records or []
        super().__init__(f"guardrail check '{check}' unavailable: {reason}")
