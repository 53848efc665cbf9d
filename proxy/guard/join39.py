"""A value given over two user turns of one chat (issue 12, atk39 F06).

Slot-filling bots ask for a value in parts, and the client resends the whole history each turn:
user `Card number, first eight digits: 4485 2753` / assistant `And the last eight?` / user `1890 4418`;
user `My SSN starts 512-47` / assistant `And the last four?` / user `8893`; user `Phone: area code 312` /
assistant `And the number?` / user `867 4412`. The joints of `proxy.guard.joined` read adjacent texts, so the
assistant's question sits between the halves. `turn_joints`: a user text that opens with digit groups, after
nothing but short assistant questions since the previous user text, whose tail ends in digits, is read joined
with that tail (`Joint`s, as `joined.joints` makes: only what crosses counts, and each finding is projected
back onto both halves), with a space between them, or the tail's own delimiter when its last token is digit
groups joined by one (`512-47` + `8893` reads `512-47-8893`), when a word of a value's type (`card`, `SSN`,
`phone`, `area code`, `digits`, `number`, ...) is in the tail or the question.
Only the roles are looked at first: a chat with no
such turn pays a loop over its roles.

Pure functions over strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.guard.joined import Joint

# The most characters of the earlier user text's tail, of the answer's head, and of a question between.
TAIL_CHARS = 48
HEAD_CHARS = 40
QUESTION_CHARS = 120

# An answer that opens with digit groups (`1890 4418`, `8893`, `867-4412, thanks`).
_HEAD = re.compile(r"\s*\(?[0-9]{2,}(?:[ .-]\(?[0-9]+\)?)*")
# A tail that ends in digits, and its last token's delimiter (`512-47`: `-`).
_TAIL_END = re.compile(r"[0-9]\)?\s*\Z")
# A word of the value's type in the earlier user text's tail or in the question (`Meeting at 14 30` / `Which
# room?` / `101` has none: no joint).
from proxy.guard.gap49t import UK_CUES  # noqa: E402

_CUE = re.compile(r"(?i)card|visa|master|amex|discover|\bssn|social|phone|mobile|cell|\btel|area code|call|"
                  r"contact|digits|number|" + UK_CUES)  # (`ring me on 020 7946`: gap49)
_LAST_GROUPS = re.compile(r"(?<![\w.-])[0-9]+(?:([.-])[0-9]+)+\s*\Z")


def _question(text: str) -> bool:
    """A short assistant question (`Thanks. And the last eight?`)."""
    stripped = text.strip()
    return 0 < len(stripped) <= QUESTION_CHARS and stripped.endswith("?")


def turn_joints(texts: Sequence[str], roles: Sequence[str] | None) -> list[Joint]:
    """The joints of user texts with the previous user text's tail across short assistant questions (see above)."""
    if roles is None or len(texts) < 3 or "assistant" not in roles:
        return []
    out: list[Joint] = []
    last = -1  # the previous user text
    ok = asked = False  # only short assistant questions since it; one at least
    for i, text in enumerate(texts):
        role = roles[i] if i < len(roles) else ""
        if not text.strip():
            continue
        if role == "assistant":
            asked = ok = ok and _question(text)
            continue
        if role != "user":
            last, ok, asked = -1, False, False
            continue
        if asked and (head := _HEAD.match(text)) is not None and (_CUE.search(texts[last][-TAIL_CHARS * 2:])
                                                                   or _CUE.search(texts[i - 1])):
            joint = _joint(texts[last], last, text, i, head.end())
            if joint is not None:
                out.append(joint)
        last, ok, asked = i, True, False
    return out


def _joint(before: str, b: int, after: str, a: int, digits: int) -> Joint | None:
    end = len(before.rstrip())
    if _TAIL_END.search(before, max(0, end - 3), end) is None:
        return None
    lo = max(0, end - TAIL_CHARS)
    if lo > 0:
        space = before.find(" ", lo, end)
        lo = space + 1 if space >= 0 else lo
    start = len(after) - len(after.lstrip())
    hi = min(len(after), max(digits, start + HEAD_CHARS))
    if hi < len(after):
        space = after.rfind(" ", digits, hi)
        hi = space if space >= 0 else digits
    groups = _LAST_GROUPS.search(before, lo, end)
    glue = groups.group(1) if groups is not None and after[start:digits].strip().isdigit() else " "
    tail, head = before[lo:end], after[start:hi]
    cut = len(tail) + len(glue)
    return Joint(tail + glue + head, ((b, lo, 0, len(tail)), (a, start, cut, len(head))), (cut,))
