"""Values in structured text that still went up (fields24, issue 12 "No side doors"): the text rules' part.

- **Escaped letters** (`through_escapes`): a JSON text in a message writes letters as `\\u00e9` or `\\u0042`
  (`{"fname": "Bj\\u00f6rn", "lname": "Ib\\u00e1\\u00f1ez"}`, `{"name": "\\u0042ill \\u0057hite"}`). The model reads
  the normalised view (escapes decoded), but the rules that read keys and their values (`proxy.nlp.pii._filtered`:
  a first name's key, a paired key's partner, a person's key) read the text as written, and their patterns stop at a
  backslash: fields22 kept a span whole over an escape, yet a value under `fname`/`given` or one that starts with an
  escape went up. The rules now read the text with its letter escapes decoded (only escapes of letters and marks:
  quotes, brackets and separators stay as written, so the structure they read is the same), their spans mapped back
  over the escapes.
- **A name under `first`/`last`** (`first_last_text`, `first_last`): `{"first": "Bill", "last": "White"}`. A range's
  ends are as often so keyed (`{"first": "Alpha", "last": "Omega"}`, `"Spring"`/`"Winter"`, dates, numbers), so the
  pair is a name only when the value under `first` is a listed given name (any list: `Bill`, `Grace`), the value under
  `last` a surname of any list (everyday words among them: `White`, `Hall`), each one or two capitalised words (or
  capitals), neither a month, a weekday, a season, an ordinal, a direction, a placeholder (`_SEQUENCE`: `foo`) nor a
  place (`London`, `Paris`), and the two differ.
- **`SURNAME, GIVEN M` in capitals** (`comma_names`): after a person's label with a surname of any list (`Name:
  WHITE, BILL R`: `proxy.nlp.comma_names` took only surnames that are no everyday word), and as a whole value or
  quoted cell (`"WHITE, BILL"` in CSV or JSON, a tool argument `WHITE, BILL R`): the surname of any list, the given
  name a listed given name, neither a place nor a month.
- **A phone number after `#`, `# ` or `No.`** (`led_phone`): `# 818-629-8896` (a space after the hash), `#818 629
  8896` and `No. 818-629-8896` where the `#` or `No.` starts the line or the value (nothing but a label before it:
  `Emergency: No. 818-629-8896`) or follows a phone's word, the number valid and in a phone's printed groups.
  An id's word before it keeps it an id (`Ticket # 818-629-8896`, `Order No. 818-629-8896`), and so does a word of
  prose (`See #818 629 8896 in the log`).

Pure functions, CPU only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from proxy.nlp.enc44 import cdata_decoded, escaped_kept

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

__all__ = ["applied", "comma_names", "first_last", "first_last_text", "led_phone", "pair_is_name", "through_escapes"]

# ------------------------------------------------------------------------------------------------ escaped letters
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|U(0000[0-9A-Fa-f]{4})|.)", re.S)  # (`\U`: enc44)


def _letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def decoded_letters(text: str) -> tuple[str, list[int]] | None:
    """`text` with its `\\uHHHH`/`\\xHH` escapes and numeric character references (`&#1044;`, `&#x6E21;`) of letters
    and marks and its runs of percent-escapes of a name's letters (`%E6%B8%A1`, Shift_JIS `%93n%95%D3`: esc39)
    decoded, and per character of the decoded text the offset in `text` where it starts (one more entry:
    `len(text)`); None where there is no such escape."""
    edits: list[tuple[int, int, str]] = []
    if "{\\rtf" in text and ("\\u" in text or "\\'" in text):  # (an RTF document's `\\u246?`, `\\'e9`: esc39)
        from proxy.nlp.fold31 import _rtf

        edits = [e for e in _rtf(text) if _letter(e[2])]
    elif "\\u" in text or "\\x" in text or "\\U" in text:
        for m in _ESCAPE.finditer(text):
            code = m.group(1) or m.group(2) or m.group(3)
            if code is not None and (_letter(ch := chr(int(code, 16))) or escaped_kept(ch)):  # (enc44: `\x20`)
                edits.append((m.start(), m.end(), ch))
    if "\\'" in text and "{\\rtf" not in text:  # (`Ren\\'e9e` copied out of an RTF document: enc40)
        from proxy.nlp.fold31 import rtf_letters

        edits = sorted(edits + rtf_letters(text))
    if "&#" in text or "%" in text:  # (references, percent-encoded letters in any charset: esc39)
        from proxy.nlp.esc39 import char_refs, percent_letters

        edits = sorted(edits + [e for e in char_refs(text) if _letter(e[2])] + percent_letters(text))
    if not edits:
        return None
    return applied(text, edits)


def applied(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """`text` with `edits` (sorted `(start, end, replacement)`; one overlapping an earlier one is skipped) made, and
    per character of the result the offset in `text` where it starts (one more entry: `len(text)`)."""
    out: list[str] = []
    at: list[int] = []
    pos = 0
    for a, b, new in edits:
        if a < pos:
            continue
        for k in range(pos, a):
            out.append(text[k])
            at.append(k)
        for ch in new:
            out.append(ch)
            at.append(a)
        pos = b
    for k in range(pos, len(text)):
        out.append(text[k])
        at.append(k)
    at.append(len(text))
    return "".join(out), at


def through_escapes(chunk: str, found: list[Result], read: Callable[[str, list[Result]], list[Result]]) -> list[Result]:
    """`read(chunk, found)` (the rules), on `chunk` with its letter escapes decoded (`decoded_letters`) where it has
    any: `found` mapped into the decoded text, what the rules return mapped back over the escapes."""
    decoded = decoded_letters(chunk)
    if decoded is None and ("TJ" in chunk or "Tj" in chunk):
        from proxy.nlp.file36 import tj_decoded  # a PDF's TJ pieces read joined (file36)

        decoded = tj_decoded(chunk)
    if decoded is None and "=" in chunk:
        from proxy.nlp.mime39 import decoded_mime  # QP bodies, vCard values, encoded words read decoded (mime39)

        decoded = decoded_mime(chunk)
    if decoded is None and not chunk.isascii():
        from proxy.nlp.mail40 import smuggled_decoded  # text in variation selectors or tag characters (mail40)

        decoded = smuggled_decoded(chunk)
    if decoded is None and "<![CDATA[" in chunk:
        decoded = cdata_decoded(chunk)  # (enc44: `<![CDATA[Theodore]]> <![CDATA[Hargreaves]]>` read as one name)
    if decoded is None:
        from proxy.nlp.enc40 import decoded_text  # hex-encoded text, LaTeX accents read decoded (enc40)

        decoded = decoded_text(chunk)
    if decoded is None:
        return read(chunk, found)
    text, at = decoded
    index: dict[int, int] = {}
    for k, raw in enumerate(at):
        index.setdefault(raw, k)  # (a run decoded from one escape or encoded word: its first character)

    def start(raw: int) -> int:
        while raw not in index:
            raw -= 1
        return index[raw]

    def end(raw: int) -> int:
        while raw not in index:
            raw += 1
        return index[raw]

    def back(b: int) -> int:  # an end inside a run decoded from one escape or encoded word takes all of it
        while 0 < b < len(at) - 1 and at[b] == at[b - 1]:
            b += 1
        return at[b]

    mapped = [(e, start(a), end(b), s) for e, a, b, s in found]
    return [(e, at[a], back(b), s) for e, a, b, s in read(text, mapped) if a < b]


# --------------------------------------------------------------------------------------------- first / last pairs
_FIRST_KEYS = frozenset({"first"})
_LAST_KEYS = frozenset({"last"})
# Words of a range's ends or a sequence, never a name's part under `first`/`last`.
_SEQUENCE = frozenset("""
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
spring summer autumn fall winter
alpha beta gamma delta epsilon omega zeta theta kappa lambda sigma
one two three four five six seven eight nine ten first second third last next previous prev page start end
top bottom left right north south east west min max low high front back
foo bar baz qux quux test example sample dummy lorem ipsum placeholder
""".split())
_VALUE_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")


def _words(value: str) -> list[str] | None:
    words = value.split()
    if not 1 <= len(words) <= 2 or not all(_VALUE_WORD.fullmatch(w) for w in words):
        return None
    if not all(w[0].isupper() and (w[1:].islower() or w.isupper() or len(w) == 1 or "'" in w or "’" in w or "-" in w
                                   or w[1:2].islower()) for w in words):
        return None
    return words


def pair_is_name(names: NameLists, first: str, last: str) -> bool:
    """Whether `first` under a `first` key and `last` under its `last` partner are a person's name (the module's
    docstring): a listed given name, then a surname of any list, neither a word of a sequence."""
    from proxy.nlp.cued import _raw_surname

    given, family = _words(first), _words(last)
    if given is None or family is None or first.lower() == last.lower():
        return False
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    if any(w.lower() in _SEQUENCE or w.lower() in city_names() or w.lower() in place_names() for w in given + family):
        return False  # (a range of places: `{"first": "London", "last": "Paris"}`)
    if not names.is_any_first(given[0]) or not all(names.is_any_first(w) or len(w) == 1 for w in given[1:]):
        return False
    from proxy.nlp.names26 import unlisted_surname  # `{"first": "Priya", "last": "Raghunathan"}` (atk25 F06)

    return all(_raw_surname(p) or names.is_name(p) for w in family for p in re.split(r"['’-]", w) if len(p) > 1) \
        or unlisted_surname(names, given, family)


# A `first` or `last` key and its quoted or bare value, in JSON, YAML or `key=value`.
_PAIR_KEY = re.compile(r"(?<![\w-])([\"']?)(first|last|First|Last|FIRST|LAST)\1[ \t]*[:=][ \t]*([\"']?)"
                       r"([^\W\d_][^\W\d_'’ -]{0,40}?)\3[ \t]*(?=[,}\]\n\r]|$)")


_FIRST_GATE = ('first":', 'first" :', "first:", "first :", "first=", "first':")
_LAST_GATE = ('last":', 'last" :', "last:", "last :", "last=", "last':")


def first_last_text(names: NameLists, chunk: str, found: list[Result]) -> list[Result]:
    """`found` with the values of a `first`/`last` pair in `chunk` (JSON or YAML as text, one object: nothing but
    the pair's own members between them) that `pair_is_name` makes a name, as PERSON where nothing covers them."""
    low = chunk.lower()
    if not any(k in low for k in _FIRST_GATE) or not any(k in low for k in _LAST_GATE):
        return found
    hits = [(m.group(2).lower(), m.start(), m.span(4)) for m in _PAIR_KEY.finditer(chunk)]
    if len(hits) < 2:
        return found
    added: list[Result] = []
    for n, (key, at, (a, b)) in enumerate(hits):
        if key != "first":
            continue
        partner = None
        for other in hits[n + 1:n + 4] + hits[max(0, n - 3):n][::-1]:
            lo, hi = (b, other[1]) if other[1] > at else (other[2][1], at)
            if other[0] == "last" and hi - lo <= 120 and not re.search(r"[{}\[\]]", chunk[lo:hi]):
                partner = other
                break
        if partner is None:
            continue
        c, d = partner[2]
        if not pair_is_name(names, chunk[a:b], chunk[c:d]):
            continue
        for s, t in ((a, b), (c, d)):
            if not any(r[0] == "PERSON" and r[1] <= s and t <= r[2] for r in found + added):
                added.append(("PERSON", s, t, 0.85))
    if not added:
        return found
    return [r for r in found if not any(r[1] < t and s < r[2] for _, s, t, _ in added)] + added


def first_last(keys: list[tuple[str, int]], texts: list[str] | tuple[str, ...]) -> list[tuple[int, int]]:
    """The (first value, last value) text indexes of each `first`/`last` pair among a document's keys (`keys`: each
    key and the text index of its value, -1 for none), the partner within three keys either side. Cheap: the names
    are judged by `pair_is_name`."""
    out: list[tuple[int, int]] = []
    folded = [re.sub(r"[\s_.-]+", "", k.lower()) for k, _ in keys]
    for n, key in enumerate(folded):
        i = keys[n][1]
        if key not in _FIRST_KEYS or i < 0 or i >= len(texts) or not texts[i]:
            continue
        near = list(range(n + 1, min(len(keys), n + 4))) + list(range(n - 1, max(-1, n - 4), -1))
        j = next((keys[k][1] for k in near if folded[k] in _LAST_KEYS and 0 <= keys[k][1] < len(texts)), -1)
        if j >= 0 and texts[j]:
            out.append((i, j))
    return out


# ---------------------------------------------------------------------------------------- SURNAME, GIVEN M (caps)
_CAPS = r"[A-Z][A-Z'’-]*[A-Z]"
_GIVEN_PART = r",[ \t]?(" + _CAPS + r")((?:[ \t](?:[A-Z]\.?|" + _CAPS + r"))?)"
# Where a comma between capitals may be a name's (`_COMMA`: a literal first, a fast scan), the given name after it
# as a labelled value (to the line's end or a separator), a quoted cell (to its quote) or a whole value (to the end).
_COMMA = re.compile(r",[ \t]?[A-Z]{2}")
_AFTER_LABEL = re.compile(_GIVEN_PART + r"(?=[ \t]*(?:$|[,;|\t\"]))", re.M)
_AFTER_QUOTE = re.compile(_GIVEN_PART + r"(?=[\"'])")
_AFTER_WHOLE = re.compile(_GIVEN_PART + r"[ \t]*\Z")
_LABEL_BEFORE = re.compile(r"(?i)[ \t]*(?:patient(?:[ \t]name)?|pt|name|full[ \t]name|member|insured|subscriber"
                           r"|guarantor|resident|client|guest|employee|student|applicant|tenant|beneficiary|claimant"
                           r"|policyholder|cardholder|account[ \t]holder|attending|physician|provider|referring"
                           r"|ordering|customer|contact|driver|passenger|owner)[ \t]*[:#-][ \t]*")
_SURNAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ'’-")


def _comma_name(names: NameLists, surname: str, given: str, middle: str) -> bool:
    from proxy.nlp.cued import _raw_surname
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = [surname.lower(), given.lower()]
    if any(w in _SEQUENCE or w in city_names() or w in place_names() for w in low):
        return False
    if not (_raw_surname(surname) or names.is_name(surname)) or not names.is_any_first(given):
        return False
    mid = middle.strip().rstrip(".")
    return not mid or len(mid) == 1 or names.is_any_first(mid)


def comma_names(names: NameLists, chunk: str, found: list[Result]) -> list[Result]:
    """`found` with a name written `SURNAME, GIVEN M` in capitals after a person's label, or as a whole value or a
    quoted cell (the module's docstring), as PERSON over the surname and over the given name with its middle
    part, where nothing covers them."""
    if "," not in chunk:
        return found
    added: list[Result] = []
    for hit in _COMMA.finditer(chunk):
        c = hit.start()
        start = c
        while start > 0 and c - start < 40 and chunk[start - 1] in _SURNAME_CHARS:
            start -= 1
        if c - start < 2 or not chunk[start].isalpha() or not chunk[c - 1].isalpha():
            continue
        line = chunk.rfind("\n", max(0, start - 61), start) + 1
        if start and chunk[start - 1] in "\"'":
            m = _AFTER_QUOTE.match(chunk, c)
        elif start <= 8 and not chunk[:start].strip():
            m = _AFTER_WHOLE.match(chunk, c)
        elif (line or start <= 60) and _LABEL_BEFORE.fullmatch(chunk, line, start):
            m = _AFTER_LABEL.match(chunk, c)
        else:
            continue
        if m is None or not _comma_name(names, chunk[start:c], m.group(1), m.group(2)):
            continue
        for s, t in ((start, c), (m.start(1), m.end(2) if m.group(2) else m.end(1))):
            if not any(r[0] == "PERSON" and r[1] <= s and t <= r[2] for r in found + added):
                added.append(("PERSON", s, t, 0.85))
    if not added:
        return found
    return [r for r in found if not any(r[1] < t and s < r[2] and r[0] == "PERSON" for _, s, t, _ in added)] + added


# -------------------------------------------------------------------------------------- a phone after # or No.
_LEAD = re.compile(r"(?:(?<![\w#])#[ \t]?|(?<![^\W\d_])(?:No|NO|Nr|no)\.[ \t]?)$")
# What may stand before the lead: nothing on its line, a label (`Emergency:`, `- `), or a phone's word.
_HEAD = re.compile(r"(?:^|[\n\r]|[:|;(\[\t]|^[ \t]*[-*•])[ \t]*$")
_PHONE_WORD = re.compile(r"(?i)(?<![^\W\d_])(?:tel|phone|telephone|cell|mobile|mob|fax|contact|home|work|office"
                         r"|emergency|call|text|whatsapp|sms|landline)[ \t]*[.:]?[ \t]*$")
_PRINTED = re.compile(r"\(\d{3}\)[ ]?\d{3}[-. ]\d{4}|\d{3}([-. ])\d{3}\1\d{4}", re.ASCII)


def led_phone(value: str, before: str, id_before: re.Pattern[str]) -> bool:
    """Whether the phone recognizer's match `value`, right after `#`, `# ` or `No.` (`before` ends with it), is a
    phone number (the module's docstring): valid, in a phone's printed groups, the lead at the start of its line or
    after a label or a phone's word, or (`# ` in a dashed or dotted shape) anywhere; no id's word before it
    (`id_before`: `proxy.nlp.hash_phone`'s, read on the text before the lead and a `#`)."""
    from proxy.nlp.recognizers import plausible_phone

    lead = _LEAD.search(before)
    if lead is None or _PRINTED.fullmatch(value.strip()) is None:
        return False
    head = before[max(0, lead.start() - 40):lead.start()]
    if id_before.search(head.rstrip(" \t") + " #"):
        return False
    spaced = re.search(r"\d \d", value) is not None
    if not (_HEAD.search(head) or _PHONE_WORD.search(head)) and (spaced or lead.group() != "# "):
        return False
    return plausible_phone(value)
