"""Numbers left over from atk38/atk39 (issue 12, num40).

- `ocr_labelled`: an SSN or a North American phone number as OCR writes it, `S` for `5` and `B` for `8` among its
  digits (`SSN: S23-4S-6789`, `SSN l23-45-67B9`, `Tel: (617) 4B2-0143`), with `O`/`o`/`I`/`l` beside them
  (`normalize._letter_digits` reads those alone): only after a label that names the value on its line (`SSN`,
  `Social Security No.`, `Phone`, `Tel`, `Cell`, `Fax`...), in the value's own shape (3-2-4 for an SSN, a phone's
  3-3-4 with its area code), every group with a digit of its own, one such letter in three digits at most.
  `SKU B12-34-5678`, `S23-4S-6789` alone, `B2B`, `5S`, part numbers stay (no label).
- `without_networks`: an IPv4 network address (its last octet `0`) in a routing or subnet question is no host's:
  `a /22 network starting at 10.20.0.0`, `route add 10.20.0.0 255.255.0.0`, `10.20.0.0 mask 255.255.0.0`
  (a prefix or a netmask right after it, or a network word before it on its line).
- `mx_mobiles`: a Mexican mobile dialled the old way from a landline, `044`/`045` and the ten digits
  (`044 55 1234 5678`, `045 33 1987 6543`), was found as an SSN's groups: a phone number (its ten digits a valid
  Mexican number).
- `without_dn_orgs`: an Exchange X.500 address's organisation and administrative group (`/o=Contoso/ou=Exchange
  Administrative Group/cn=...`) are no person's name (the alias after `cn=Recipients/cn=` is: `acct38`).

The form-urlencoded phone numbers (`phone=%2B49+151+23456789`) are `join39`'s, Exchange X.500 aliases
(`/cn=Recipients/cn=jsmith`) `acct38`'s. Pure functions, CPU only; each gated by a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["ocr_labelled", "ocr_labelled_hint", "mx_mobiles", "without_num40", "without_dn_orgs", "without_networks"]

Result = tuple[str, int, int, float]

# --------------------------------------------------------------------------- OCR'd SSNs and phone numbers

_LIKE = "SBOoIl"
_DIGITS = str.maketrans({"S": "5", "B": "8", "O": "0", "o": "0", "I": "1", "l": "1"})
_G = rf"[0-9{_LIKE}]"
_HINT = re.compile(r"[0-9][SB]|[SB][0-9]")
_SSN = re.compile(rf"(?<![\w-]){_G}{{3}}([- ]){_G}{{2}}\1{_G}{{4}}(?![\w-])")
_PHONE = re.compile(rf"(?<![\w-])(?:\({_G}{{3}}\)[ ]?|{_G}{{3}}[ .-]){_G}{{3}}[ .-]{_G}{{4}}(?![\w-])")
_SSN_LABEL = re.compile(r"(?i)(?<![a-z])(?:ssn|ss#|ss ?no\.?|soc\.? ?sec\.?|social[ -]security)(?![a-z])"
                        r"(?:[ \t]*(?:no\.?|number|#|num\.?|nr\.?))?[^\n\w]{0,4}$")
_PHONE_LABEL = re.compile(r"(?i)(?<![a-z])(?:phone|ph|tel|telephone|cell|cellphone|mobile|mob|fax|home|work|direct"
                          r"|call|txt|text|sms|whatsapp|contact)(?![a-z])"
                          r"(?:[ \t]*(?:no\.?|number|#|num\.?|nr\.?))?[^\n\w]{0,4}$")


def ocr_labelled_hint(text: str) -> bool:
    return ("S" in text or "B" in text) and _HINT.search(text) is not None


def _edits(text: str, m: re.Match[str], label: re.Pattern[str]) -> Iterator[tuple[int, int, str]]:
    run = m.group()
    if "S" not in run and "B" not in run:
        return  # (`O`/`I`/`l` alone: `normalize._letter_digits`)
    groups = re.findall(rf"{_G}+", run)
    letters = sum(c in _LIKE for c in run)
    if 3 * letters > sum(map(len, groups)) or not all(any(c.isdigit() for c in g) for g in groups):
        return
    line = text.rfind("\n", 0, m.start()) + 1
    if label.search(text, max(line, m.start() - 40), m.start()) is None:
        return
    digits = run.translate(_DIGITS)
    yield from ((m.start() + i, m.start() + i + 1, digits[i]) for i, ch in enumerate(run) if ch != digits[i])


def ocr_labelled(text: str) -> Iterator[tuple[int, int, str]]:
    """Edits that read an OCR'd SSN's or phone number's `S`, `B` (and `O`, `I`, `l` with them) as digits after
    its label (see above)."""
    edits: dict[int, tuple[int, int, str]] = {}
    for m in _SSN.finditer(text):
        edits.update((e[0], e) for e in _edits(text, m, _SSN_LABEL))
    for m in _PHONE.finditer(text):
        edits.update((e[0], e) for e in _edits(text, m, _PHONE_LABEL))
    yield from (edits[k] for k in sorted(edits))


# --------------------------------------------------------------------------- network addresses

_NETWORK = re.compile(r"(?<![\w.])(?:[0-9]{1,3}\.){3}0(?![\w.]|/[0-9])")
_NET_AFTER = re.compile(r"[ \t]+(?:(?:net)?mask[ \t]+|/[ \t]*)?255\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?![\w.])")
_NET_WORDS = re.compile(r"(?i)(?<![a-z])(?:subnet(?:s|ted|ting)?|network|netmask|cidr|route[sd]?|routing|"
                        r"prefix|supernet|vpc|vlan|address (?:range|block|space)|/[0-9]{1,2})(?![a-z0-9])")


def without_networks(text: str, found: list[Result]) -> list[Result]:
    """`found` without the IP addresses that are networks' in a routing or subnet text (see above)."""
    if ".0" not in text:
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "IP_ADDRESS" and _NETWORK.fullmatch(text, r[1], r[2]) is not None:
            line = text.rfind("\n", 0, r[1]) + 1
            if _NET_AFTER.match(text, r[2]) or _NET_WORDS.search(text, max(line, r[1] - 120), r[1]):
                continue
        out.append(r)
    return out


# --------------------------------------------------------------------------- X.500 organisations

_DN_ORG = re.compile(r"(?i)/(?:o|ou)=([^/\n]{1,80})(?=/(?:o|ou|cn)=)")


def without_dn_orgs(text: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON findings inside an X.500 address's `/o=` or `/ou=` value (see above)."""
    low = text.lower()
    if "/o=" not in low or "/cn=" not in low:
        return found
    orgs = [m.span(1) for m in _DN_ORG.finditer(text)]
    return [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for a, b in orgs))]


def without_num40(text: str, found: list[Result]) -> list[Result]:
    """`found` without the networks' addresses and the X.500 organisations above, `mx_mobiles` relabelled."""
    return mx_mobiles(text, without_dn_orgs(text, without_networks(text, found)))


# --------------------------------------------------------------------------- Mexican mobiles after 044/045

_MX_OLD = re.compile(r"(?<![\w.+-])04[45][ .-]?(?:[0-9]{2}[ .-]?[0-9]{4}|[0-9]{3}[ .-]?[0-9]{3})[ .-]?[0-9]{4}"
                     r"(?![\w-]?[0-9])")


def mx_mobiles(text: str, found: list[Result]) -> list[Result]:
    """`found` with each Mexican mobile after `044`/`045` a PHONE_NUMBER, no SSN in its groups (see above)."""
    if "04" not in text:
        return found
    from proxy.nlp.cue27 import valid_phone

    for m in _MX_OLD.finditer(text):
        if not valid_phone(m.group()[3:], ("MX",)):
            continue
        a, b = m.span()
        inside = [r for r in found if r[0] in ("US_SSN", "PHONE_NUMBER") and a <= r[1] and r[2] <= b]
        if any(r[0] == "US_SSN" for r in inside):
            found = [r for r in found if r not in inside] + [("PHONE_NUMBER", a, b, max(r[3] for r in inside))]
    return found
