"""Escapes that hid a value from the analysis (esc39, atk38 F02, F03, F17, F18).

- A name spelled in HTML numeric character references (`&#1044;&#1084;...`, `&#x414;...`: ASCII-safe HTML, Word's
  "save as HTML", `xmlcharrefreplace`) was decoded by the view and found there, then cut apart by the rules that read
  the text as written (`proxy.nlp.pii._names_within_words` cuts a name at a `;`) and dropped (`_not_plain` read the
  hex digits as lower-case words). Those rules read the references of letters decoded now (`char_refs`, through
  `proxy.nlp.fields24.decoded_letters`), as they read `\\u00e9`.
- A percent-encoded run that is not UTF-8 (an older site's query string: Shift_JIS `%93n%95%D3%97T%8Eq`, GBK,
  EUC-KR, windows-1251 `%C4%EC%E8...`) reads as the text it encodes (`legacy_percent`) where one of those charsets
  makes of it letters of ONE script (kana and Han, Han, Hangul, Cyrillic), and spaces: random bytes
  (`%A7%1F%E2`, a token or a hash) make none of these.
- LaTeX ties (`~`, the non-breaking space) between a title, a given name and a surname or between a phone number's
  groups (`Dr.~Eugenia~Whitaker`, `(503)~472~9180`, `+44~7911~482913`) and LaTeX's spaces `\\,` and `\\ ` between
  them read as a space (`latex_ties`, a pass of the view) in a text with a LaTeX command (`\\author`, `\\cventry`,
  `\\\\`...) or a tie glued to a phone number's groups: `Fig.~3`, `Section~2.1` read `Fig. 3`, as LaTeX renders
  them, which is no value. A run of ties is no run of `~` (`~~strike~~`), a home path (`~/x`) nor a tilde before a
  version (`~1.2`).

Pure functions, CPU only; each scan gated by a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

__all__ = ["char_refs", "latex_ties", "legacy_percent", "tie_open"]

# --------------------------------------------------------------------------- character references

_REF = re.compile(r"&#(?:0*([0-9]{1,7})|[xX]0*([0-9A-Fa-f]{1,6}));")


def char_refs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, character) of each numeric character reference of `text` with its `;` (`&#1044;`, `&#x6E21;`):
    the rules that read a text as written read the letters so (`proxy.nlp.fields24`)."""
    out = []
    for m in _REF.finditer(text):
        code = int(m.group(1)) if m.group(1) is not None else int(m.group(2), 16)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            out.append((m.start(), m.end(), chr(code)))
    return out
