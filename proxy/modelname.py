"""The model name as records, metrics and spend exports may show it: never free text a client typed.

`model` is the client's text, forwarded as sent. What the proxy writes down is `recorded_model()`:
- the name itself when it is known: priced under exactly that name (budgets.yaml `prices:` or the
  built-in table), or named exactly (no glob) in the team's `models` allow-list;
- else the name when it passes a strict check of model-name shape: 1-64 characters, a letter first,
  then letters and digits in segments joined by one `-` `.` `_` `/` (or `:`/`::`, fine-tunes), with
  a digit somewhere (a version: plain words such as a person's name do not pass); no `@`, no
  spaces; no run of more than 8 digits, and at most 8 digits and 3 segments in a row of digit-only
  segments (`2024-08-06`, `20241022` pass; a phone number, a card, an SSN or an IPv4 address do not);
- else the fixed marker `UNLISTED` ("<unlisted>").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.budget.pricing import pricer_for

if TYPE_CHECKING:
    from proxy.config.settings import Settings

UNLISTED = "<unlisted>"

_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:(?:[-._/]|::?)[A-Za-z0-9]+)*")
_SEGMENTS = re.compile(r"[-._/]|::?")
_MAX_CHARS = 64
_MAX_DIGITS = 8
_GLOB = re.compile(r"[*?\[\]]")


def looks_like_a_model(name: str) -> bool:
    """The strict shape check (see the module docstring)."""
    if len(name) > _MAX_CHARS or not _SHAPE.fullmatch(name) or not any(c.isdigit() for c in name):
        return False
    digits = 0  # digits in the current row of digit-only segments
    row = 0
    for segment in _SEGMENTS.split(name):
        if segment.isdigit():
            digits += len(segment)
            row += 1
            if digits > _MAX_DIGITS or row > 3:
                return False
        else:
            digits = row = 0
            if max((len(run) for run in re.findall(r"\d+", segment)), default=0) > _MAX_DIGITS:
                return False
    return True


def known_model(settings: Settings, team: str | None, model: str, provider: str | None) -> bool:
    """Priced under exactly this name, or named exactly in the team's allow-list."""
    price = pricer_for(settings.budgets).lookup(model, provider)
    if price is not None and price.matched.lower() == model.lower():
        return True
    if team is not None and settings.teams is not None:
        config = settings.team(team)
        if config is not None and config.models is not None:
            return any(not _GLOB.search(g) and g == model for g in config.models)
    return False


def recorded_model(settings: Settings, team: str | None, model: str | None, provider: str | None) -> str | None:
    """What records, metrics and the spend store say for `model` (None: the request named none)."""
    if model is None:
        return None
    if known_model(settings, team, model, provider) or looks_like_a_model(model):
        return model
    return UNLISTED
