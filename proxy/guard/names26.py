"""More shapes of a name written as one token (issue 12, atk25 F04 and F11; `proxy.guard.context24` reads them).

A tool's or a function's name that holds such a name (`email_Priya_Raghunathan`) is screened as a name is
(`person_named`, from `proxy.providers.inventory`): a finding refuses the request with `name_text`.

`context24` reads `Maria_Schmidt` (ASCII capitalised parts joined by `_`) and, in an id field, `JohnSmith` with spaces
between the parts, so the PII model reads the name in the same pass and covers the whole token. The usual shapes of a
user name went as sent (atk25 F04): a part with a letter outside ASCII (`Anna_Müller`, `José_García`), a middle
initial (`John_A_Smith`), a particle (`Maria_von_Schmidt`), capitals (`SMITH_JOHN`, either order), a lower-case given
name (`maria_Schmidt`; in an id field `maria_schmidt` too), and in an id field trailing digits run together
(`MariaSchmidt42`, `JohnSmith1985`). `joined` finds those; `recase` gives the reading capitalised parts where a
part is written in lower case (the model reads `Maria Schmidt`, not `maria`).

Which parts make a name (the model decides after): capitalised parts as `context24` reads them (a listed first name,
then listed names or words no English list holds); capitals and lower case more strictly (each part a listed name,
none a common word, one a listed first name: `MAX_RETRIES`, `HTTP_CLIENT`, `max_retries` are not). A token of an
identifier's words is read as written (`Order_Status_2`, `UserName42`, `ApiKey2024`, `Test_A_Suite`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from proxy.nlp.names import name_lists

# An id field's run-together value, maybe with digits after it (`JohnSmith1985`).
_TOGETHER = re.compile(r"([^\W\d_]{4,40})(?:[ _.-]?(\d{1,4}))?")  # (the check may read it `JohnSmith 1985`)
_LETTERS = re.compile(r"[^\W\d_]+")
_LETTERS_OR_JOINTS = re.compile(r"[^\W\d]*")  # (always matches)
PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "dos", "das",
                       "do", "zu", "ten", "ter", "bin", "ibn", "al", "el", "y"})
MOST_PARTS = 5


def _title(p: str) -> bool:
    return len(p) >= 2 and p[0].isupper() and p[1:].islower()


@functools.lru_cache(maxsize=4096)
def _is_name(parts: tuple[str, ...], prose: bool) -> bool:
    """Whether the `_`-joined parts are a person's name (see the module's docstring)."""
    from proxy.guard.context24 import _name_parts

    if len(parts) < 2 or len(parts) > MOST_PARTS or (prose and all(p.islower() for p in parts)):
        return False  # (`snake_case` in a text is code)
    content = [parts[0], *(p for p in parts[1:-1] if not (p in PARTICLES or (len(p) == 1 and p.isupper()))),
               parts[-1]]
    if any(len(p) < 2 for p in content) or len(content) > 3:
        return False
    lists = name_lists()
    if all(_title(p) for p in content):
        if _name_parts(content):
            return True
        # a stronger sign of a name (a letter outside ASCII, a particle, an initial): a surname that is also a word of
        # some list (`Björn_Andersson`, `Anna_de_Vries`), not one of the commonest words
        return (len(content) < len(parts) or not "".join(parts).isascii()) and lists.is_first(content[0]) \
            and not any(lists.is_very_common(p) for p in content[1:])
    strict = all(lists.is_name(p) and not lists.is_common(p) and not lists.is_english(p) for p in content)
    if all(p.isupper() for p in content):  # `SMITH_JOHN`, `JOHN_A_SMITH`
        return strict and any(lists.is_first(p) for p in content)
    if content[0].islower() and all(_title(p) for p in content[1:]):  # `maria_Schmidt`
        return lists.is_first(content[0]) and _name_parts([content[0].capitalize(), *content[1:]])
    if not prose and all(p.islower() for p in content):  # `maria_schmidt` in an id field
        return strict and lists.is_first(content[0]) and content[-1] in lists.last
    return False


def _span_end(text: str, at: int) -> int:
    m = _LETTERS_OR_JOINTS.match(text, at)
    return m.end() if m is not None else at


def _runs(text: str) -> list[tuple[int, str]]:
    """Each run of letters joined by single `_`s, not beside a digit (scanned from each `_`: a regex over a long text
    of code tries every letter, 30 ms for 77,000 characters)."""
    out: list[tuple[int, str]] = []
    n, k = len(text), text.find("_")
    rev = text[::-1] if k >= 0 else ""  # (letters before a `_`: read forward in the reversed text)
    while k >= 0:
        a, b = n - _span_end(rev, n - k), _span_end(text, k)
        if (a == 0 or not text[a - 1].isdigit()) and (b >= n or not text[b].isdigit()):
            at = a
            for piece in text[a:b].split("__"):  # (runs of single `_`s)
                run = piece.strip("_")
                if "_" in run:
                    out.append((at + piece.index(run), run))
                at += len(piece) + 2
        k = text.find("_", b)
    return out


def joined(text: str, prose: bool, taken: Sequence[tuple[int, int, list[int]]]) -> list[tuple[int, int, list[int]]]:
    """The names of `text` in these shapes that `taken` (context24's) does not cover: (start, end, joints)."""
    out: list[tuple[int, int, list[int]]] = []
    if "_" in text:
        lists = name_lists()
        for start, run in _runs(text):
            if prose and run.islower():
                continue  # (`snake_case` in a text is code)
            parts = run.split("_")
            starts = [k for k, p in enumerate(parts[:-1]) if p.lower() in lists.any_first or p.lower() in lists.last]
            if not starts:
                continue  # (no name starts with any of its parts)
            offsets, at = [], start
            for p in parts:
                offsets.append(at)
                at += len(p) + 1
            i = starts[0]
            while i < len(parts) - 1:
                if parts[i].lower() not in lists.any_first and parts[i].lower() not in lists.last:
                    i += 1  # (no name starts with this part)
                    continue
                for j in range(min(len(parts), i + MOST_PARTS), i + 1, -1):
                    if _is_name(tuple(parts[i:j]), prose):
                        a, b = offsets[i], offsets[j - 1] + len(parts[j - 1])
                        if not any(s < b and a < e for s, e, _ in (*taken, *out)):
                            out.append((a, b, [offsets[k] - 1 for k in range(i + 1, j)]))
                        i = j
                        break
                else:
                    i += 1
    if not prose:
        value = text.strip()
        lead = len(text) - len(text.lstrip())
        t = _TOGETHER.fullmatch(value)
        if t is not None and (t.group(2) or not t.group(1).isascii()):  # (context24 reads `JohnSmith`)
            letters = t.group(1)  # (each part after the first a listed name: not `TomCat9`)
            starts = [k for k, c in enumerate(letters) if c.isupper()]
            ends = [*starts[1:], len(letters)] if starts else []  # (no capital: letters of a caseless script)
            parts = [letters[a:b] for a, b in zip(starts, ends, strict=True)]
            if starts[:1] == [0] and 2 <= len(parts) <= 3 and all(_title(p) for p in parts) \
                    and _is_name(tuple(parts), True) and all(name_lists().is_name(p) for p in parts[1:]):
                sep = value[t.end(1):t.start(2)] if t.group(2) else " "
                joints = [lead + k for k in starts[1:]] + {"": [lead + t.start(2)], "_": [lead + t.end(1)]}.get(sep, [])
                if not any(s < lead + len(value) and lead < e for s, e, _ in (*taken, *out)):
                    out.append((lead, lead + len(value), joints))
    return out


def edged(text: str, names: list[tuple[int, int, list[int]]]) -> list[tuple[int, int, list[int]]]:
    """`names` with a joint at the `_` right before and right after each name too (`send_to_Maria_Schmidt_2` read
    `send to Maria Schmidt 2`: the model reads no name glued to a word by `_`); the name's range stays."""
    return [(a, b, sorted({*at, *(k for k in (a - 1, b) if 0 <= k < len(text) and text[k] == "_")}))
            for a, b, at in names]


def person_named(name: str) -> bool:
    """Whether a tool's or a function's name (an identifier) holds a name joined by `_` as `context24` and `joined`
    read one (`email_Priya_Raghunathan`, `send_to_Maria_Schmidt`, atk25 F11): such a name is screened (the model
    reads the parts with spaces); a finding refuses the request (`name_text`, as a phone number there), since a tool
    name cannot be rewritten (the client's code calls the tool by it). Cheap: a `_` and a capital first."""
    if "_" not in name and not name.islower() and len(name) <= 80:
        from proxy.guard.cue28 import camel_joined  # `lookupBillWhite`, `getHopeYoungProfile` (cue28)

        return bool(camel_joined(name))
    if "_" not in name or name.islower() or len(name) > 256:
        return False
    from proxy.guard.context24 import _joined_names

    lists = name_lists()
    for a, b, _ in _joined_names(name, True):
        words = _LETTERS.findall(name, a, b)
        if not any(_wordlike(w) and not lists.is_name(w) for w in words[1:]):  # (not `get_Max_Retries`)
            return True
    return bool(part_camel(name) or surname_first(name))


def part_camel(text: str) -> list[tuple[int, int, list[int]]]:
    """A name run together inside one `_` part of an identifier (`call_MariaSchmidt`, atk28 F16), as `cue28` reads
    `callMariaSchmidt` (each `_` read as a letter: offsets stay)."""
    from proxy.guard.cue28 import camel_joined

    value = text.strip()
    if "_" not in value or not any(p[:1].isupper() and not p[1:].islower() and not p.isupper()
                                   for p in value.split("_")):
        return []
    return camel_joined(text.replace("_", "x"))


def _surname_first(parts: Sequence[str]) -> bool:
    """Two capitalised parts, a surname then a given name (`Kerr_Dana_profile`, atk28 F16): the surname a listed name
    that is no given name, the given name listed, neither a common or an English word (not `Test_Case`, `Gold_Rose`)."""
    lists = name_lists()
    return any(_title(x) and _title(y) and lists.is_first(y) and lists.is_name(x) and not lists.is_first(x)
               and not any(lists.is_common(w) or lists.is_english(w) for w in (x, y))
               for x, y in zip(parts, parts[1:], strict=False))


def surname_first(text: str) -> list[tuple[int, int, list[int]]]:
    """The first surname-then-given-name pair of an identifier's `_` parts (`Kerr_Dana_profile`), read with a space
    at each `_` (atk28 F16)."""
    if "_" not in text:
        return []
    pos = 0
    parts: list[tuple[int, str]] = []
    for part in text.split("_"):
        parts.append((pos, part))
        pos += len(part) + 1
    for (a, x), (b, y) in zip(parts, parts[1:], strict=False):
        if _surname_first((x.strip(), y.strip())):
            return [(a + len(x) - len(x.lstrip()), b + len(y.rstrip()), [b - 1])]
    return []


def _wordlike(word: str) -> bool:
    """A word of the word lists, or one of its plural or verb forms, or a word of an English word's ending (`Retries`,
    `Settings`, `Loaded`, `Validation`)."""
    lists, w = name_lists(), word.lower()
    stems = {w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith(("es", "ed")) else w,
             w[:-3] + "y" if w.endswith("ies") else w, w[:-3] if w.endswith("ing") else w}
    return w.endswith(_WORD_ENDS) or any(lists.is_common(s) or lists.is_english(s) for s in stems if len(s) >= 3)


# Endings of English words no surname of the lists has (a listed name is never read by them: `Jones`, `Fleming`).
_WORD_ENDS = ("s", "ing", "ed", "tion", "sion", "ment", "ness", "able", "ible", "ity", "ize", "ise", "ful", "less")


def recase(text: str, names: Sequence[tuple[int, int, list[int]]]) -> str:
    """`text` with each lower-case part of a name capitalised (same length: offsets stay), as the model reads it."""
    if not names:
        return text
    chars = list(text)
    for a, b, _ in names:
        for m in _LETTERS.finditer(text, a, b):
            w = m.group()
            if w.islower() and w not in PARTICLES and len(w) > 1 and len(w[0].upper()) == 1:
                chars[m.start()] = w[0].upper()
    return "".join(chars)
