"""Budget scopes: which caps of a team apply to one request, and who its key and end user are.

A team's spend is capped by the team as a whole and, when budgets.yaml says so, by narrower scopes:

- `model <glob>`: requests whose model matches the glob (`models:`; letter case ignored); every
  glob that matches applies;
- `key`: each team key (teams.yaml), named by `key_id`: the first 16 hex digits of the key's sha256,
  as teams.yaml stores it (the key itself is never stored); single-tenant requests have none;
- `end user`: each end user of the team's application (`per_end_user`), from OpenAI's `user`, else
  `safety_identifier`, Anthropic's `metadata.user_id`, else the `x-guardrail-end-user` header.
  The value may be personal data: only `end_user_hash` of it is kept (keyed BLAKE2b under
  $GUARDRAIL_PII_SALT, per team, 20 hex digits), in records, Redis keys and reports (metrics say
  `end_user` only); a request without one is not limited by `per_end_user`.

Every scope that applies must allow the request: `proxy.budget.ledger.Budgets.reserve` checks and
reserves all of them in one script call (all of a team's keys share one Redis Cluster slot).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from proxy.config.budgets import END_USER_SALT_ENV, WINDOWS, TeamBudget

TEAM, MODEL, KEY, END_USER = "team", "model", "key", "end_user"
END_USER_HEADER = "x-guardrail-end-user"
_KEY_PART = {MODEL: "m", KEY: "k", END_USER: "u"}
_KIND_OF_PART = {v: k for k, v in _KEY_PART.items()}
_MAX_END_USER_CHARS = 4096  # hashed whole below this; longer ids are hashed by their first 4096 characters


@dataclass(frozen=True, slots=True)
class Scope:
    """One scope of a team: `kind` team|model|key|end_user, `name` '' | glob | key id | end-user hash."""

    kind: str
    name: str
    caps: Mapping[str, int | None]  # window -> cap in micro-dollars (None: tracked, not capped)

    @property
    def id(self) -> str:
        """As records, exports and `status` name it: `team`, `model:gpt-4o*`, `key:<id>`, `end_user:<hash>`."""
        return TEAM if self.kind == TEAM else f"{self.kind}:{self.name}"

    @property
    def label(self) -> str:
        """As a 429 names it: `team`, `model gpt-4o*`, `key`, `end user` (no id: the client knows its own)."""
        return {TEAM: "team", MODEL: f"model {self.name}", KEY: "key", END_USER: "end user"}[self.kind]

    @property
    def metric_label(self) -> str:
        """As metrics name it: bounded and without ids (`team`, `model:gpt-4o*`, `key`, `end_user`)."""
        return self.id if self.kind in (TEAM, MODEL) else self.kind

    def key_parts(self) -> tuple[str, ...]:
        """The Redis key segments after `spend` (the team scope has none: its keys are unchanged)."""
        return () if self.kind == TEAM else (_KEY_PART[self.kind], self.name)

    def windows(self) -> tuple[str, ...]:
        """The windows tracked: all three for the team, the capped ones for a narrower scope."""
        if self.kind == TEAM:
            return WINDOWS
        return tuple(w for w in WINDOWS if self.caps.get(w) is not None)


def team_scope(budget: TeamBudget) -> Scope:
    return Scope(TEAM, "", budget.caps_micros)


def scopes_for(budget: TeamBudget, model: str | None, key_id: str | None, end_user: str | None) -> list[Scope]:
    """The narrower scopes of `budget` that apply to a request (the team scope is always there too)."""
    if not budget.has_scopes:
        return []
    out = [_scope(MODEL, glob, caps.caps_micros) for glob, caps in budget.model_scopes(model)]
    if budget.per_key is not None and key_id is not None:
        out.append(_scope(KEY, key_id, budget.per_key.caps_micros))
    if budget.per_end_user is not None and end_user is not None:
        out.append(_scope(END_USER, end_user, budget.per_end_user.caps_micros))
    return out


_SCOPES: dict[tuple[str, str, int], Scope] = {}  # the scopes of recent requests (4,096 at most)


def _scope(kind: str, name: str, caps: Mapping[str, int | None]) -> Scope:
    """Scope(kind, name, caps), the same object for the same caps mapping (a loaded file's): the cached scope
    holds that mapping, so its id cannot be reused by another file's while it is remembered."""
    memo = (kind, name, id(caps))
    scope = _SCOPES.get(memo)
    if scope is None or scope.caps is not caps:
        if len(_SCOPES) >= _CACHE_MAX:
            _SCOPES.clear()
        scope = _SCOPES[memo] = Scope(kind, name, caps)
    return scope


def scope_from_key(team_key_tail: str, budget: TeamBudget | None) -> tuple[Scope, str, str] | None:
    """Parse `spend:...` key segments after the team (`spend:m:GLOB:daily:2026-11-27`): (scope, window,
    period), the scope's caps from `budget` (None when no longer configured). None: not a spend key."""
    parts = team_key_tail.split(":")
    if len(parts) < 3 or parts[0] != "spend":
        return None
    window, period = parts[-2], parts[-1]
    if window not in WINDOWS:
        return None
    if len(parts) == 3:
        return Scope(TEAM, "", budget.caps_micros if budget else {}), window, period
    kind = _KIND_OF_PART.get(parts[1])
    name = ":".join(parts[2:-2])
    if kind is None or not name:
        return None
    caps: Mapping[str, int | None] = {}
    if budget is not None:
        if kind == MODEL and name in budget.models:
            caps = budget.models[name].caps_micros
        elif kind == KEY and budget.per_key is not None:
            caps = budget.per_key.caps_micros
        elif kind == END_USER and budget.per_end_user is not None:
            caps = budget.per_end_user.caps_micros
    return Scope(kind, name, caps), window, period


# --------------------------------------------------------------------------------------- who


_CACHE_MAX = 4096  # ids remembered per process (then forgotten all at once): keys and end users seen lately
_CACHED_CHARS = 256  # longer values are hashed every time (the cache stays small)
_KEY_IDS: dict[str, str] = {}


def key_id(presented_key: str) -> str:
    """The id of a team key in records and scopes: 16 hex digits of its sha256 (teams.yaml's hash).
    Remembered in memory per key (only ever kept in this dict: never logged, never stored)."""
    found = _KEY_IDS.get(presented_key)
    if found is None:
        found = hashlib.sha256(presented_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        if len(presented_key) <= _CACHED_CHARS:
            if len(_KEY_IDS) >= _CACHE_MAX:
                _KEY_IDS.clear()
            _KEY_IDS[presented_key] = found
    return found


def end_user_value(provider: str, body: Any, headers: Mapping[str, str], *, header_only: bool = False) -> str | None:
    """The end-user id as the client sent it (never store or log it: hash it with `end_user_hash`).
    `header_only` (budgets.yaml `end_user_from: header`): the body's fields are ignored."""
    if isinstance(body, dict) and not header_only:
        for name in ("user", "safety_identifier"):
            value = body.get(name)
            if isinstance(value, str) and value:
                return value
        if provider == "anthropic":
            meta = body.get("metadata")
            value = meta.get("user_id") if isinstance(meta, dict) else None
            if isinstance(value, str) and value:
                return value
    value = headers.get(END_USER_HEADER)
    return value.strip() or None if value else None


_MAC_KEYS: dict[str, bytes] = {}
_END_USERS: dict[tuple[str, str, str], str] = {}  # (salt, team, value) -> hash: in memory only, never logged


def end_user_hash(team: str, value: str, env: Mapping[str, str] | None = None) -> str:
    """The keyed hash that stands for an end user: keyed BLAKE2b (a MAC) under $GUARDRAIL_PII_SALT, per team,
    80 bits as 20 hex digits. Without the salt it cannot be recomputed from a guessed id.

    Raises LookupError when the salt is not set (budgets.yaml with `per_end_user` refuses to load then)."""
    salt = (env if env is not None else os.environ).get(END_USER_SALT_ENV)
    if not salt:
        raise LookupError(f"{END_USER_SALT_ENV} is not set")
    memo = (salt, team, value)
    found = _END_USERS.get(memo)
    if found is not None:
        return found
    key = _MAC_KEYS.get(salt)
    if key is None:  # BLAKE2b keys are at most 64 bytes: any salt is hashed down to 32
        _MAC_KEYS.clear()
        key = _MAC_KEYS[salt] = hashlib.sha256(b"guardrail end-user key\0" + salt.encode()).digest()
    msg = team.encode() + b"\0" + value[:_MAX_END_USER_CHARS].encode("utf-8", "surrogatepass")
    found = hashlib.blake2b(msg, key=key, digest_size=10, person=b"gp-end-user").hexdigest()
    if len(value) <= _CACHED_CHARS:
        if len(_END_USERS) >= _CACHE_MAX:
            _END_USERS.clear()
        _END_USERS[memo] = found
    return found


__all__ = ["END_USER", "END_USER_HEADER", "KEY", "MODEL", "TEAM", "Scope", "end_user_hash", "end_user_value",
           "key_id", "scope_from_key", "scopes_for", "team_scope"]
