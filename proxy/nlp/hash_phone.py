"""A phone number right after `#` in its printed shape (fields22, struct20's leftover: `#(818)629-8896`,
`#818-629-8896`).

A number right after `#` is an issue's, a ticket's or a pull request's (`Ticket #4155 5512 3412`, `PR #1234 5678`:
`proxy.nlp.recognizers.port_epoch_ticket`), so a phone number written so went up whole. A North American number
in a phone's printed shape, valid, is one there: a bracketed area code then 3-4 (`(818)629-8896`, `(818) 629-8896`)
or 3-3-4 apart by `-` or `.` (`818-629-8896`), as `Ticket 617-555-0143` is one after an id's word
(`proxy.nlp.recognizers.id_number`) — unless an id's word stands right before the `#` (`Ticket #818-629-8896`,
`Issue #`, `PR #`, `Order No. ...`: the id's shape is the writer's). Spaces apart (`#818 629 8896`), other groupings
and `Nr.`/`No.` stay ids. Pure functions, CPU only.
"""

from __future__ import annotations

import re

_PRINTED = re.compile(r"\(\d{3}\)[ ]?\d{3}[-.]\d{4}|\d{3}([-.])\d{3}\1\d{4}", re.ASCII)
_HASH_BEFORE = re.compile(r"(?<![\w#])#$")
# An id's word right before the `#` (`Ticket #`, `PR #`, `issue#`, `Order No #`): the number is that id.
_ID_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:issues?|tickets?|pr|prs|pull(?:[ -]?request)?|mr|bugs?|cases?|orders?"
                        r"|invoices?|ref|reference|build|job|run|commit|item|sku|part|room|order|account|acct"
                        r"|customer|member|id|no|nr|num|number|task|story|req|request|incident|claim|rma|po|so"
                        r"|batch|lot|serial|version|v|rev|revision|step|row|line|page|table|figure|fig|section"
                        r"|chapter|episode|ep|vol|volume|seat|gate|flight|store|unit|apt|suite|ste|box|pin|code)"
                        r"[ \t]*[:.]?[ \t]*#$")


def hashed_phone(value: str, before: str) -> bool:
    """Whether the phone recognizer's match `value`, right after `#` (`before` ends with it), is a phone number in
    its printed shape, valid, with no id's word before the `#` (the module's docstring)."""
    from proxy.nlp.fields24 import led_phone  # `# 818-629-8896`, `#818 629 8896`, `No. 818-629-8896` (fields24)
    from proxy.nlp.recognizers import plausible_phone

    if led_phone(value, before, _ID_BEFORE):
        return True
    if not _HASH_BEFORE.search(before) or _ID_BEFORE.search(before[-40:]):
        return False
    return _PRINTED.fullmatch(value.strip()) is not None and plausible_phone(value)


__all__ = ["hashed_phone"]
