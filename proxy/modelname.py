"""The model name as records, metrics and spend exports may show it: never free text a client typed.

`model` is the client's text, forwarded as sent. What the proxy writes down is `recorded_model()`:
the name itself only when it is KNOWN: priced under exactly that name (budgets.yaml `prices:`, a
provider's `prices:` in proxy.yaml, or the built-in table), named exactly (no glob) in a proxy.yaml
route's `models`, or in the team's `models` allow-list or one of its `model_policies`; else the
fixed marker `UNLISTED` ("<unlisted>"). A shape check alone cannot tell a model from text shaped
like one (`John-Smith-4o`, `jane-at-example-dot-com-1`, `project-falcon-1`,
`a617b555c0143` all look like versions), so it decides nothing (issue 12 review, f06);
`looks_like_a_model` stays for what only needs the shape.
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


def priced_builtin(model: str, provider: str | None) -> bool:
    """Priced under exactly this name in the built-in table (what is known without any configuration)."""
    return builtin_name(model, provider) is not None


def builtin_name(model: str, provider: str | None) -> str | None:
    """The built-in table's spelling of `model` when it is priced under exactly this name, letter case aside."""
    price = pricer_for(None).lookup(model, provider)
    return price.matched if price is not None and price.matched.lower() == model.lower() else None


def known_model(settings: Settings, team: str | None, model: str, provider: str | None) -> bool:
    """Priced under exactly this name, or named exactly in the team's allow-list or model policies."""
    return known_name(settings, team, model, provider) is not None


def known_name(settings: Settings, team: str | None, model: str, provider: str | None) -> str | None:
    """The name records show for `model`: a price table's spelling of it when it is priced under this name in
    any letter case (`gPt-4O-mINi` is recorded `gpt-4o-mini`: a client's case variants neither show its
    spelling nor use up the metrics' model labels; atk16 B L3), the name itself when it is named exactly in
    proxy.yaml or the team's allow-list or model policies, else None."""
    price = pricer_for(settings.budgets).lookup(model, provider)
    if price is not None and price.matched.lower() == model.lower():
        return price.matched
    # Named exactly (no glob) by the platform team in proxy.yaml: a route's models (an Azure deployment
    # routed by name) or a provider's own prices.
    for route in settings.proxy.routes:
        if any(not _GLOB.search(g) and g == model for g in route.models):
            return model
    for provider_config in settings.proxy.providers.values():
        if any(not _GLOB.search(g) and g == model for g in provider_config.prices):
            return model
    if team is not None and settings.teams is not None:
        config = settings.team(team)
        if config is not None:
            named = list(config.models or []) + [g for rule in config.model_policies for g in rule.models]
            return model if any(not _GLOB.search(g) and g == model for g in named) else None
    return None


# known_name per (team, model, provider), for one Settings (a reload makes a new one and empties it); "" for none.
_known: dict[tuple[str | None, str, str | None], str] = {}
_known_for: list[Settings | None] = [None]
_KNOWN_MAX = 4096


def recorded_model(settings: Settings, team: str | None, model: str | None, provider: str | None) -> str | None:
    """What records, metrics and the spend store say for `model` (None: the request named none)."""
    if model is None:
        return None
    if _known_for[0] is not settings:
        _known.clear()
        _known_for[0] = settings
    key = (team, model, provider)
    known = _known.get(key)
    if known is None:
        if len(_known) >= _KNOWN_MAX:  # bounded: clients choose what they send as `model`
            _known.clear()
        known = _known[key] = known_name(settings, team, model, provider) or ""
    return known or UNLISTED
