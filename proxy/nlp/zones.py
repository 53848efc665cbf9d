"""IANA time zone names (`Europe/Berlin`, `America/Argentina/Buenos_Aires`): an area and a city, never a person.

The list is the tz database the interpreter sees (`zoneinfo.available_timezones()`: the system's zoneinfo or
the `tzdata` package; nothing is downloaded). Where it holds no zone (a bare image without tzdata), no span is
found and names are read as before."""

from __future__ import annotations

import functools
import re
import zoneinfo

# An `Area/City` or `Area/Region/City` candidate: no nested quantifier, each part excludes `/` (linear time).
_ZONE_CANDIDATE = re.compile(r"(?<![\w/+-])[A-Z][A-Za-z_+-]*(?:/[A-Za-z0-9_+-]+){1,2}(?![\w/])")


@functools.cache
def zone_names() -> frozenset[str]:
    """The tz database's zone names that have an area (`Europe/Berlin`; not `UTC`, `GB`)."""
    try:
        return frozenset(z for z in zoneinfo.available_timezones() if "/" in z)
    except Exception:  # noqa: BLE001 - a broken tz install means no list, never a failed analysis
        return frozenset()


def zone_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each IANA zone name written in `text` (`TZ=Europe/Berlin`, `"tz": "America/Denver"`)."""
    if "/" not in text:
        return []
    zones = zone_names()
    return [(m.start(), m.end()) for m in _ZONE_CANDIDATE.finditer(text) if m.group() in zones]
