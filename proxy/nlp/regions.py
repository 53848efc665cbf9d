"""Cloud regions and zones (`eu-west-1`, `Us-east-2`, `ap-southeast-1a`, `europe-west1`, `us-central1-a`): an
area, a direction and a number, never a person nor a place's name (issue 12, fpmisc10: `Eu-west-1.` at a sentence's
start was read as a PERSON)."""

from __future__ import annotations

import re

# AWS (`us-east-1`, `us-gov-west-1`, `ap-southeast-1a`) and Google Cloud (`europe-west1`, `us-central1-a`): a
# fixed area, a fixed direction and one or two digits, maybe a zone's letter. No nested quantifier (linear time).
_REGION = re.compile(
    r"(?<![\w-])(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?|asia|europe|australia|northamerica"
    r"|southamerica|africa)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-?\d{1,2}"
    r"(?:-?[a-z])?(?!\w)", re.IGNORECASE)


def region_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each cloud region or zone written in `text`, in any case (`Eu-west-1`, `EU-WEST-1`)."""
    if "-" not in text:
        return []
    return [(m.start(), m.end()) for m in _REGION.finditer(text)]
