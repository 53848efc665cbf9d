"""Form-urlencoded values outside a URL read with their `+` as spaces (issue 12, atk39 F05).

A form body (a POST, a webhook's, a HAR file's) writes a space as `+`: `phone=%2B44+7911+123456&consent=yes`,
`phone=+44+7911+123456`, `tel=%2B33+6+12+34+56+78`, `q=Theodore+Hargreaves+Chicago`. `proxy.nlp.normalize.
_plus_runs` reads a `+`-joined run as spaces only with a lower-case word among its tokens or one value after a word
(`Ctrl+Shift+Esc`, `1+2+3` are no form values), so a phone number's groups and capitalised words stayed glued.
`form_pluses`: the value of a `key=` pair that starts the text, a line or a word, or follows `&`, `?`, `;` or a
quote, is a form's:
- digit groups joined by `+` after an international prefix (`+` or `%2B`: the prefix stays, it is the number's),
  or after a key that names a phone (`tel=07911+123456`), 7 to 15 digits in all: the `+` between groups are spaces;
- words (letters, then letters, digits, `.`, `'`, `-`) joined by `+` after a search's or a person's key (`q=`,
  `search=`, `name=`, `customer=`, ...: not `filter=Red+Green+Blue`), outside a URL (whose query the view reads
  already): the `+` are spaces.
`amount=1234+5678` (no prefix, no phone key) and `a+b` in code (no `key=` before it) stay as written. A quick
`=`/`+` test before any pattern: text without both pays nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

_PAIR_START = r"(?<![^\s&?;'\"(])"
_KEY = r"([A-Za-z_][\w.\[\]-]{0,40})="
_FORM_PHONE = re.compile(_PAIR_START + _KEY + r"((?:%2[Bb]|\+)?)([0-9]{1,5}(?:\+[0-9]{1,10}){1,6})(?![\w+%])")
_FORM_WORDS = re.compile(_PAIR_START + r"((?i:q|query|search|term|keywords?|who|name|full_?name|customer|contact|"
                         r"person|user_?name|owner|recipient|attendee|guest|patient|author))="
                         r"([^\W\d_][\w.'-]*(?:\+[^\W\d_][\w.'-]*)+)(?![\w+%@])")
_PHONE_KEY = re.compile(r"phone|tel|mobile|cell|fax|msisdn|sms|whatsapp|callback", re.I)


def form_pluses(text: str, regions: Sequence[tuple[int, int, int]]) -> Iterator[int]:
    """Where each `+` of a form value that reads as a space is (see above); `regions`: the text's URLs and query
    strings (`url_regions`)."""
    for m in _FORM_PHONE.finditer(text):
        digits = sum(len(g) for g in m.group(3).split("+"))
        if 7 <= digits <= 15 and (m.group(2) and m.group(3).count("+") >= 2 or _PHONE_KEY.search(m.group(1))):
            yield from (k for k in range(m.start(3), m.end(3)) if text[k] == "+")
    starts = [a for a, _, _ in regions]
    for m in _FORM_WORDS.finditer(text):
        i = bisect.bisect_right(starts, m.start(2)) - 1
        if i >= 0 and m.start(2) < regions[i][2]:
            continue  # (a URL's: read as one)
        yield from (k for k in range(m.start(2), m.end(2)) if text[k] == "+")
