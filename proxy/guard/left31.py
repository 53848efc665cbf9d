"""A tool's or a function's name that holds an SSN or a phone number (issue 12, acc28 F16).

A client's tool named after a record's value (`lookup_536904399`, `call_6175550143`, `sms_16175550143`) sends the
value in a field the proxy cannot rewrite: the client's code calls the tool by that name. Such a name is screened
as a name holding a person's name is (`proxy.guard.names26.person_named`, from `proxy.providers.inventory`): a
finding refuses the request (`name_text`).

Which digits: a run of 9 digits valid as an SSN by the SSA's rules, or of 10 or 11 digits valid as a North American
phone number to `phonenumbers` (`proxy.guard.keyed.valid_group`), the run not part of a longer one nor of a hex
digest's token. Versions, dates, counters, timestamps, ids that are neither (`get_v2`, `lookup_20241130`,
`tool_123`, `sha_4f1c2ab9`, `step_1234567`, `order_1234567890`) stay. Cheap: a digit run of 9 or more first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.config.policy import Policy
    from proxy.providers.base import TextSlot

_RUN = re.compile(r"(?<![0-9])[0-9]{9,11}(?![0-9])")
_HEX_TOKEN = re.compile(r"[0-9a-fA-F]{12,}")


def numbered(name: str) -> bool:
    """Whether a tool's or a function's name holds an SSN or a phone number's digits (the module's docstring)."""
    return bool(numbers_in(name))


def numbers_in(name: str) -> list[str]:
    """The types (`US_SSN`, `PHONE_NUMBER`) of the values a tool's or a function's name (or its reading, digits apart
    from letters: `proxy.providers.idshape.reading`) holds."""
    out: list[str] = []
    if len(name) > 256 or _RUN.search(name) is None:
        return out
    from proxy.guard.keyed import valid_group

    for m in _RUN.finditer(name):
        token = re.search(r"[^_\-.:/ ]*" + m.group() + r"[^_\-.:/ ]*", name)
        if token is not None and token.group() != m.group() and _HEX_TOKEN.fullmatch(token.group()):
            continue  # a digest's hex (`sha_4f1c2ab9536904399d`)
        digits = m.group()
        if len(digits) == 9 and valid_group("US_SSN", digits):
            out.append("US_SSN")
        elif len(digits) >= 10 and (len(digits) == 10 or digits[0] == "1") and valid_group("PHONE_NUMBER", digits):
            out.append("PHONE_NUMBER")
    return out


def refused(policy: Policy, slots: Sequence[TextSlot]) -> bool:
    """Whether a name slot (`idshape.NAME_KIND`: a tool's or a function's name) holds a value of a type the policy's
    input PII rule redacts or blocks: the request is refused (`name_text`), as for a finding in it."""
    from proxy.providers.idshape import NAME_KIND

    rule = policy.input.pii
    if rule is None:
        return False
    for slot in slots:
        if slot.kind == NAME_KIND:
            kinds = numbers_in(slot.get())
            if any(k in rule.entities and rule.per_entity.get(k, rule.action) != "flag" for k in kinds):
                return True
    return False


__all__ = ["numbered", "numbers_in", "refused"]
