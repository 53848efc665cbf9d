"""A reply, or an answer, of one sentence around one value, read with the question before it (acc28 F04, F10).

`proxy.guard.context24` reads a short reply (`SHORT_WORDS` words) with the cue of the assistant's question, and
`proxy.guard.reply26` a short answer with the cue of the user's: `6175550143`, `It's 6175550143.` People and models
say more around the value: `sure thing, it is 6175550143 thanks a lot`, `Sure, according to the file it's
536904399, as listed.` A one-line text of at most `LONG_WORDS` words and `LONG_CHARS` characters, no question,
holding one number and no other digit, after a question for a phone number, an SSN, a card or an account number, is
read with the cue's context written right before that number (`... it is Phone number: 6175550143 thanks a lot`),
in the same pass, spans mapped back. A stream holds such a field while it may still be one (`open_long`: bounded by
`LONG_CHARS`), as it holds a short answer. Pure functions.
"""

from __future__ import annotations

import re

from proxy.guard.lang31 import PL_LABEL

LONG_WORDS = 14
LONG_CHARS = 100

# The cues whose value is a number (`context24.PREFIX`'s phone, SSN, card and IBAN; not a name's or an e-mail's).
_NUMBER_PREFIXES = ("Phone number: ", "SSN: ", "Card number: ", "IBAN: ", PL_LABEL)  # (a Polish question's: lang31)
# One number as people write one: digits with spaces, dots, dashes, brackets or a leading `+` between.
_NUMBER = re.compile(r"(?<![\w.+-])\+?\(?\d[\d ().-]{5,22}\d(?![\w-]|\.\d)")
# Words that say the number is of something else (`the order I placed last week was 6175550143 I think`).
_OTHER = re.compile(r"\b(?:order|ticket|invoice|booking|tracking|reference|ref|case|confirmation|conf|id|room|flight|"
                    r"zip|postal|postcode|pin|code|serial|model|version|build|account|acct|policy|claim|member|"
                    r"employee|student|badge|receipt|transaction|shipment|parcel|package|item|sku|part|"
                    r"extension|ext|year|years|times|items|minutes|hours|days|dollars|euros|usd|eur)\b", re.I)
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?!\w)")


def _long(text: str) -> bool:
    stripped = text.strip()
    return 0 < len(stripped) <= LONG_CHARS and "\n" not in stripped and len(stripped.split()) <= LONG_WORDS \
        and stripped[0] not in "{[" and not stripped.endswith(("?", "？"))


def value_at(text: str, prefix: str) -> int | None:
    """Where the one value of `text` starts when it is one sentence around one number read with `prefix`, or None."""
    if prefix not in _NUMBER_PREFIXES or not _long(text):
        return None
    found = list(_IBAN.finditer(text)) if prefix == "IBAN: " else []
    if not found:
        found = list(_NUMBER.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    if any(c.isdigit() for c in text[:m.start()] + text[m.end():]):
        return None  # (another number: `order 4412 to 6175550143` is not the value's sentence)
    if prefix != "IBAN: " and _OTHER.search(text) is not None:
        return None  # (the number of something else: `the order I placed last week was 6175550143`)
    return m.start()


def moved(text: str, inserts: dict[int, str]) -> dict[int, str]:
    """A reply's cue written before its one value (`value_at`) rather than before the reply, when it is no short
    reply; `inserts` (`q28.inserts`) as it is otherwise."""
    if list(inserts) != [0]:
        return inserts
    at = value_at(text, inserts[0])
    return inserts if at is None else {at: inserts[0]}


def answer_at(text: str, prefix: str) -> list[int] | None:
    """`value_at` as `reply26.answer_views` reads places: a list of one, or None."""
    at = value_at(text, prefix)
    return None if at is None else [at]


def open_long(text: str) -> bool:
    """A stream field's text so far may still become one sentence around one value."""
    return _long(text) or not text.strip()
