"""Values as an OCR engine garbles them (ocr38, atk37 F20): scanned forms, faxes, PDF-to-text.

`proxy.nlp.normalize` already reads `O`/`o`/`I`/`l` (and their Greek and Cyrillic look-alikes) for digits inside a
phone number's, an SSN's or a card's groups (`_letter_digits`), look-alike letters in an address (`_mail_lookalikes`)
and an OCR'd MRZ (`form33`). This adds, each only where a checksum or the address's own shape confirms it:

- `ocr_iban`: an IBAN whose digits OCR read as letters (`DE18 37O4 OO44 O287 3619 45`: `O` for `0`, `I`/`l` for `1`,
  `S` for `5`, `B` for `8`, `Z` for `2`), from the first digit of the account part on, only where the IBAN as written
  fails its layout or its mod-97 check and the IBAN so read passes both (`normalize._iban_forms`).
- `ocr_cards`: a card number with an `S` for a `5` or a `B` for an `8` among its digits (`4556 7375 8689 98S5`; `O`
  and `I` too): 13-19 digits in a card's groups, a card's first digit (2-6), one such letter in three digits at most,
  Luhn passing after the fold, no part's cue before it (`SKU`, `Part no.`, `P/N`, `serial`...). `B2B`, `5S`, `S3`,
  part numbers and licence keys stay (no checksum, no card's shape).
- Cyrillic `З`/`з` for `3` and `б` for `6` in a phone number's or an SSN's groups (`SSN: 5З6-90-4399`): added to
  `normalize._letter_digits`' letters (a Cyrillic letter among digits is no word).
- `ocr_mail_tlds`: an address's `.com` as OCR writes it (`icloud.corn`, `icloud.c0m`, `icloud.cOm`, `icloud,com`,
  `outlook.co m`, `gmail. com`): `.corn`/`.c0m`/`.cOm` (no such top-level domain) right after `local@host`; a comma
  or a space in it only for a known mail host (`gmail`, `icloud`...) or after a mail cue (`Email:`) on its line.
  `www.iowa.corn` (no `@`), `corn` in prose stay. Also `.n3t`/`.0rg` for `.net`/`.org`, and an `@` read as a copyright
  sign (`k.osei©gmail.com`: a local part glued before it, a domain with a known top-level domain or mail host glued
  after it; `© 2024 Acme`, `Copyright©Contoso.com` stay).
- `with_ocr38`: a name hyphenated over a line break (`Theodora Aber-\\nnathy`): the PERSON found up to the hyphen takes
  the word's rest on the next line.

Pure functions, CPU only; each gated by a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["OCR_LIKE", "ocr_iban", "ocr_cards", "ocr_cards_hint", "ocr_mail_hint", "ocr_mail_tlds", "with_ocr38"]

Result = tuple[str, int, int, float]

# Cyrillic letters an OCR engine with a Cyrillic model writes for digits (`З` for 3, `б` for 6): read as digits by
# `normalize._letter_digits` in any phone number's, SSN's or card's groups.
OCR_LIKE = {"\u0417": "3", "\u0437": "3", "\u0431": "6"}

# --------------------------------------------------------------------------- IBANs

# Letters OCR writes for digits (only where the checksum confirms).
_IBAN_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2"})


def ocr_iban(compact: str, layout: re.Pattern[str], checks: Callable[[str], bool]) -> tuple[str, list[int]]:
    """`compact` (an IBAN without separators, as written, maybe with what follows it) with its look-alike letters
    read as digits from the first digit of its account part on (or from its start), and the indices so changed,
    where the IBAN so read matches `layout` and passes `checks` (mod 97); `(compact, [])` where not."""
    first = next((i for i in range(4, len(compact)) if compact[i].isdigit()), None)
    if first is None:
        return compact, []
    folded, changed = _iban_from(compact, layout, checks, first)
    if not changed and first > 4:  # (`BE68 S39O O754`, `CH58 OO76`: the account part starts with such a letter)
        folded, changed = _iban_from(compact, layout, checks, 4)
    return folded, changed


def _iban_from(compact: str, layout: re.Pattern[str], checks: Callable[[str], bool],
               first: int) -> tuple[str, list[int]]:
    found = layout.match(compact[:first] + compact[first:].translate(_IBAN_DIGITS))
    if found is None:
        return compact, []
    size = found.end()  # (the IBAN's length: what follows it is read as written)
    tail = compact[first:size].translate(_IBAN_DIGITS)
    changed = [first + i for i, ch in enumerate(compact[first:size]) if ch != tail[i]]
    if not changed or 2 * len(changed) > size - 4:  # (at most one letter for one digit: all of a font's 0s as O)
        return compact, []
    folded = compact[:first] + tail + compact[size:]
    if layout.match(folded) is None or not checks(folded[:size]):
        return compact, []
    return folded, changed


# --------------------------------------------------------------------------- cards

_CARD_LIKE = "SBOIl"
_CARD_DIGITS = str.maketrans({"S": "5", "B": "8", "O": "0", "I": "1", "l": "1"})
_CARD_GROUP = rf"[{_CARD_LIKE}]*+[0-9][0-9{_CARD_LIKE}]*+"
_CARD_RUN = re.compile(rf"(?<![\w|.-])[2-6][0-9{_CARD_LIKE}]*+(?:[ .-]{_CARD_GROUP})*+(?![\w|]|[.-][0-9])")
_CARD_HINT = re.compile(r"[0-9][SB]|[SB][0-9]")
_PART_CUE = re.compile(r"(?i)\b(?:SKU|part(?: no\.?| number)?|P/N|PN|serial(?: no\.?| number)?|S/N|model|licen[cs]e|"
                       r"key|product code|item|article|batch|lot)\b[^\w\n]*+(?:[\w-]+[^\w\n]++)?$")


def ocr_cards_hint(text: str) -> bool:
    return ("S" in text or "B" in text) and _CARD_HINT.search(text) is not None


def ocr_cards(text: str) -> Iterator[tuple[int, int, str]]:
    from proxy.nlp.normalize import _GROUP_SHAPES, luhn_ok

    for m in _CARD_RUN.finditer(text):
        run = m.group()
        if "S" not in run and "B" not in run:
            continue  # (`O`/`I` alone: `normalize._letter_digits`)
        digits = run.translate(_CARD_DIGITS)
        letters = [i for i, ch in enumerate(run) if ch != digits[i]]
        groups = re.split(r"[ .-]", digits)
        total = sum(map(len, groups))
        if not 13 <= total <= 19 or 3 * len(letters) > total or not all(g.isdigit() for g in groups):
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        if _PART_CUE.search(text, max(line, m.start() - 32), m.start()):
            continue  # (`SKU 5S00-0000-0000-0004`: a part's number)
        if len(groups) > 1 and tuple(map(len, groups)) not in _GROUP_SHAPES or not luhn_ok("".join(groups)):
            continue
        yield from ((m.start() + i, m.start() + i + 1, digits[i]) for i in letters)


# --------------------------------------------------------------------------- e-mail addresses' `.com`

_MAIL_HOSTS = frozenset("gmail googlemail outlook hotmail live yahoo icloud me mac proton protonmail aol gmx web mail "
                        "yandex zoho fastmail hey msn comcast verizon att sbcglobal orange free laposte wanadoo "
                        "t-online freenet libero virgilio btinternet sky ntlworld rediffmail qq 163 126 naver".split())
# `local@host` then the garbled `.com`: `.corn`, `.c0m`, `.cOm`, `.c0rn` (always: no such domain); `,com`, `. com`,
# `.co m`, `,corn`... (a comma or a space: a known host or a mail cue only).
_GARBLED_COM = re.compile(
    r"[@\u00a9](?P<host>[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*?)"
    r"(?P<tld>\.(?:corn|c0m|cOm|c0rn|cOrn|n3t|0rg|Org)|,[ ]?(?:com|corn|c0m|cOm)|\.[ ](?:com|corn|c0m)"
    r"|\.co[ ]m|\.c[ ]om)"
    r"(?![A-Za-z0-9-]|\.[A-Za-z])")
_TLD_READ = {"n3t": ".net", "0rg": ".org", "Org": ".org"}
# `local©host.tld`: an `@` OCR (or a font) read as a copyright sign, between an address's local part and a domain
# that ends in a known top-level domain or one of the garbled ones above (`© 2024 Acme`, `Acme©` stay: no such run).
_COPYRIGHT_AT = re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}(?<![.])\u00a9"
                           r"(?P<domain>[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*+)(?![\w-])")
_KNOWN_TLDS = frozenset("com net org io edu gov mil co uk de fr ca au nl es jp cn br ru ch se dk fi pl ie nz info biz "
                        "ai dev app us eu xyz".split())
_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}$")
_MAIL_CUE = re.compile(r"(?i)\b(?:e-?mail|mail|courriel|correo|posta|email address|e-mail-adresse)\b")


_MAIL_HINTS = (".corn", ".c0", ".cO", ",c", ", c", ". c", ".co m", ".c om", ".n3t", ".0rg", ".Org")


def ocr_mail_hint(text: str) -> bool:
    """Whether `ocr_mail_tlds` may have anything to do: an `@` and a garbled `.com`'s start (`ops@example.com`: no),
    or a copyright sign (`k.osei©gmail.com`)."""
    return "@" in text and any(hint in text for hint in _MAIL_HINTS) or "\u00a9" in text


def _copyright_ats(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _COPYRIGHT_AT.finditer(text):
        domain = m.group("domain")
        if "." not in domain or text[m.start():m.start("domain") - 1].lower() == "copyright":
            continue
        host, tld = domain.rsplit(".", 1)
        if tld.lower() in _KNOWN_TLDS or tld in _TLD_READ or tld in ("corn", "c0m", "cOm") \
                or host.lower().rsplit(".", 1)[-1] in _MAIL_HOSTS:
            yield m.start("domain") - 1, m.start("domain"), "@"


def ocr_mail_tlds(text: str) -> Iterator[tuple[int, int, str]]:
    edits = sorted([*_copyright_ats(text), *_garbled_tlds(text)]) if "\u00a9" in text else _garbled_tlds(text)
    yield from edits


def _garbled_tlds(text: str) -> Iterator[tuple[int, int, str]]:
    if "@" not in text and "\u00a9" not in text:
        return
    for m in _GARBLED_COM.finditer(text):
        at = m.start()
        if at == 0 or _LOCAL.search(text, max(0, at - 64), at) is None:
            continue
        tld = m.group("tld")
        if " " in tld or "," in tld:
            host = m.group("host").lower().rsplit(".", 1)[-1]
            if host in _KNOWN_TLDS:
                continue  # (`theo@icloud.com, com port`: the address ends before the comma)
            line = text.rfind("\n", 0, at) + 1
            if host not in _MAIL_HOSTS and _MAIL_CUE.search(text, max(line, at - 120), at) is None:
                continue
        yield m.start("tld"), m.end("tld"), _TLD_READ.get(m.group("tld")[1:], ".com")


# --------------------------------------------------------------------------- names hyphenated over a line

_CONTINUED = re.compile(r"-[ \t]*+\r?\n[ \t]*+[a-z]{2,}+(?![\w-])")
_CONTINUED_AFTER = re.compile(r" [A-Z][a-z]++-[ \t]*+\r?\n[ \t]*+[a-z]{2,}+(?![\w-])")


def with_ocr38(chunk: str, found: list[Result]) -> list[Result]:
    """`found` (spans of `chunk`) with each PERSON that ends at a hyphen before a line break (`Aber-`, or a name whose
    next word is so hyphenated) reaching to the end of the word's rest on the next line (`nathy`)."""
    if "-\n" not in chunk and "-\r\n" not in chunk and "- \n" not in chunk:
        return found
    out: list[Result] = []
    changed = False
    for r in found:
        kind, a, b, score = r
        if kind == "PERSON":
            end = b - 1 if chunk[b - 1:b] == "-" else b
            m = _CONTINUED.match(chunk, end) or _CONTINUED_AFTER.match(chunk, end)
            if m is not None and not any(o is not r and o[1] < m.end() and b < o[2] for o in found):
                r, changed = (kind, a, m.end(), score), True
        out.append(r)
    return out if changed else found
