"""budgets.yaml: spend caps per team and calendar window, alert thresholds, price overrides.

```yaml
timezone: UTC            # windows are calendar-aligned in this zone (IANA name)
default: {monthly: 100}  # teams not listed under `teams`
teams:
  marketing:
    monthly: 500
    daily: 40
    alert_at: [0.5, 0.8, 0.95]             # per scope: the team's windows and each scope's
    models: {"gpt-4o*": {monthly: 100}}    # caps per model glob (letter case ignored), within the team's
    per_key: {daily: 20}                   # each team key (teams.yaml)
    per_end_user: {daily: 1.0}             # each end user (needs $GUARDRAIL_PII_SALT: stored hashed)
    end_user_from: any                     # any (body fields, then the header) | header (the header only)
    mode: enforce                          # enforce | warn (decide and record `would_block`, refuse nothing)
  research: {monthly: 2000, on_exceed: clamp, background: charge_max}
mode: enforce            # the default of every team's `mode`
on_store_error: block    # block | allow, when Redis cannot be reached
unknown_model: block     # block | allow, when no price is known for a model
prices:                  # USD per 1M tokens, overriding the built-in table
  my-finetune: {input: 3.0, output: 12.0, cached_input: 1.5}
```

A team listed under `teams` takes its caps and thresholds from its own entry only (nothing is
inherited from `default`, `mode` aside: a team without one takes the top-level `mode`); an empty
entry (`research: {}`) means "no cap". Scopes (`models`, `per_key`, `per_end_user`) each need one
cap at least, and none above the team's cap of the same window (it could never refuse). Amounts are USD; the
budget code works in integer micro-dollars (`cap_micros`). Errors are `FILE:LINE: field.path: message`.
This module only describes the file: the budget code builds what it needs from it (the pricer with
the `prices` overrides is `proxy.budget.pricing.pricer_for(config)`).
"""

from __future__ import annotations

import fnmatch
import os
import re
import zoneinfo
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from proxy.config.yamlconf import StrictModel, read_yaml, validate_doc

WINDOWS = ("daily", "weekly", "monthly")
MAX_USD = 1_000_000_000  # a cap above a billion dollars is a typo

_TEAM_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_MODEL_GLOB = re.compile(r"[A-Za-z0-9_.:/@*?\[\]!-]{1,128}")
END_USER_SALT_ENV = "GUARDRAIL_PII_SALT"  # the keyed hash of end-user ids (proxy.budget.scopes)


def usd_to_micros(usd: float | Decimal) -> int:
    """USD (as written in YAML) to integer micro-dollars, exactly as written: 0.1 -> 100000."""
    return int((Decimal(str(usd)) * 1_000_000).to_integral_value())


def _check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "time_zone", "unknown time zone '{name}' (expected an IANA name such as UTC or America/New_York)",
            {"name": name[:64]},
        ) from None
    return name


def _check_fraction(value: float) -> float:
    if not 0 < value <= 1:
        raise PydanticCustomError("alert_fraction", "alert_at values are fractions of the cap in (0, 1], e.g. 0.8")
    return value


def _check_increasing(values: list[float]) -> list[float]:
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise PydanticCustomError("alert_order", "alert_at must be in increasing order, without duplicates")
    return values


def _check_team(name: str) -> str:
    if not _TEAM_NAME.fullmatch(name):
        raise PydanticCustomError("team_name", "team names are 1-64 characters, only A-Z a-z 0-9 _ . -")
    return name


def _check_glob(glob: str) -> str:
    if not _MODEL_GLOB.fullmatch(glob):
        raise PydanticCustomError("model_glob", "a model glob is 1-128 characters, only A-Z a-z 0-9 _ . : / @ - "
                                  "and the glob characters * ? [ ] !")
    return glob


def _check_end_user_salt(scope: ScopeCaps | None) -> ScopeCaps | None:
    """End-user ids are stored only as a keyed hash: the key must be there when the file is loaded."""
    if scope is not None:
        value = os.environ.get(END_USER_SALT_ENV, "")
        if len(value.encode()) < 16:  # never echo the value
            raise PydanticCustomError(
                "env_missing", "per_end_user stores end-user ids as a keyed hash: environment variable {name} "
                "must be set, at least 16 bytes long", {"name": END_USER_SALT_ENV})
    return scope


Usd = Annotated[float, Field(gt=0, le=MAX_USD, allow_inf_nan=False)]
PricePerMtok = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
Fraction = Annotated[float, AfterValidator(_check_fraction)]
TimeZone = Annotated[str, AfterValidator(_check_timezone)]
TeamName = Annotated[str, AfterValidator(_check_team)]
ModelName = Annotated[str, Field(min_length=1, max_length=200)]
ModelGlob = Annotated[str, AfterValidator(_check_glob)]


class ScopeCaps(StrictModel):
    """Caps (USD) of one scope inside a team: a model glob, each key, each end user."""

    daily: Usd | None = None
    weekly: Usd | None = None
    monthly: Usd | None = None

    @model_validator(mode="after")
    def _one_cap(self) -> ScopeCaps:
        if not any(getattr(self, w) is not None for w in WINDOWS):
            raise PydanticCustomError("scope_cap", "a scope needs a cap: daily, weekly or monthly")
        return self

    @cached_property
    def caps_micros(self) -> dict[str, int | None]:
        return {w: None if getattr(self, w) is None else usd_to_micros(getattr(self, w)) for w in WINDOWS}


class TeamBudget(StrictModel):
    """Caps (USD) for one team; a window without a cap is tracked but never refuses."""

    daily: Usd | None = None
    weekly: Usd | None = None
    monthly: Usd | None = None
    alert_at: Annotated[list[Fraction], AfterValidator(_check_increasing)] = Field(default_factory=list)
    # When the request's worst case does not fit: refuse it (429), or lower its output limit to what
    # the remaining budget affords (`proxy.budget.step`).
    on_exceed: Literal["block", "clamp"] = "block"
    # `background: true` on /v1/responses: refused (400), or let through with its whole reservation
    # charged (the proxy never sees the job's usage).
    background: Literal["block", "charge_max"] = "block"
    # Scopes: every one that applies to a request must allow it (proxy.budget.scopes).
    models: dict[ModelGlob, ScopeCaps] = Field(default_factory=dict)
    per_key: ScopeCaps | None = None
    per_end_user: Annotated[ScopeCaps | None, AfterValidator(_check_end_user_salt)] = None
    # Where `per_end_user` reads the end user: `any` (the body's `user`, `safety_identifier`, Anthropic
    # `metadata.user_id`, then the header) or `header` (`x-guardrail-end-user` only: an app that names
    # its users there and relays its clients' bodies). None: the file's top-level `end_user_from`.
    end_user_from: Literal["any", "header"] | None = None
    mode: Literal["enforce", "warn"] | None = None  # None: the file's top-level `mode`

    @field_validator("models", "per_key", "per_end_user")
    @classmethod
    def _within_the_team(cls, value: Any, info: ValidationInfo) -> Any:
        """A scope's cap above the team's cap of the same window could never refuse: a typo."""
        scopes = list(value.items()) if isinstance(value, dict) else [(None, value)]
        for glob, caps in scopes:
            if caps is None:
                continue
            for w in WINDOWS:
                mine, team = getattr(caps, w), info.data.get(w)
                if mine is not None and team is not None and mine > team:
                    where = f"'{glob}': " if glob is not None else ""
                    raise PydanticCustomError(
                        "scope_above_team", "{where}the {window} cap ({mine}) is above the team's ({team}): it could "
                        "never refuse", {"where": where, "window": w, "mine": f"{mine:g}", "team": f"{team:g}"})
        return value

    def model_scopes(self, model: str | None) -> list[tuple[str, ScopeCaps]]:
        """The `models` globs `model` matches (letter case ignored: a provider may treat it alike)."""
        if not self.models or model is None:
            return []
        found = self.glob_matches.get(model)
        if found is None:
            if len(self.glob_matches) > 1024:  # model names come from clients: stay bounded
                self.glob_matches.clear()
            folded = model.lower()
            found = self.glob_matches[model] = [(g, c) for g, c in self.models.items()
                                                if fnmatch.fnmatchcase(folded, g.lower())]
        return found

    @cached_property
    def glob_matches(self) -> dict[str, list[tuple[str, ScopeCaps]]]:
        """model -> the `models` globs it matches, filled as requests come (per loaded file)."""
        return {}

    @property
    def has_scopes(self) -> bool:
        return bool(self.models) or self.per_key is not None or self.per_end_user is not None

    def cap_micros(self, window: str) -> int | None:
        """The cap of `window` (daily, weekly, monthly) in micro-dollars; None when uncapped."""
        return self.caps_micros[window]

    @cached_property
    def caps_micros(self) -> dict[str, int | None]:
        """Every window's cap in micro-dollars (None: uncapped), converted once per loaded file."""
        return {w: None if getattr(self, w) is None else usd_to_micros(getattr(self, w)) for w in WINDOWS}

    @property
    def capped(self) -> bool:
        """Any cap: the team's own or a scope's (a request may still meet none: `proxy.budget.scopes`)."""
        return self.team_capped or self.has_scopes

    @property
    def team_capped(self) -> bool:
        return any(getattr(self, w) is not None for w in WINDOWS)


class PriceOverride(StrictModel):
    """A model's price in USD per 1M tokens; `cached_input` defaults to `input`."""

    input: PricePerMtok
    output: PricePerMtok
    cached_input: PricePerMtok | None = None


class BudgetsConfig(StrictModel):
    """budgets.yaml. Every key is optional: an empty file caps nothing but still prices spend."""

    timezone: TimeZone = "UTC"
    default: TeamBudget = Field(default_factory=TeamBudget)
    teams: dict[TeamName, TeamBudget] = Field(default_factory=dict)
    mode: Literal["enforce", "warn"] = "enforce"  # every team's, unless the team says otherwise
    end_user_from: Literal["any", "header"] = "any"  # every team's, unless the team says otherwise
    on_store_error: Literal["block", "allow"] = "block"
    unknown_model: Literal["block", "allow"] = "block"
    prices: dict[ModelName, PriceOverride] = Field(default_factory=dict)

    def for_team(self, team: str) -> TeamBudget:
        """The team's own entry, else `default`."""
        return self.teams.get(team, self.default)

    def mode_for(self, team: TeamBudget) -> str:
        return team.mode or self.mode

    def end_user_from_for(self, team: TeamBudget) -> str:
        return team.end_user_from or self.end_user_from

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def load_budgets(path: Path) -> BudgetsConfig | None:
    """The validated budgets file, or None when there is none (no caps apply). Raises ConfigErrors."""
    if not path.exists():
        return None
    return validate_doc(read_yaml(path), BudgetsConfig)
