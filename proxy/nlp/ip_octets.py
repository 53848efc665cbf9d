"""An IPv4 address written as its four octets after an IP word or key (contact22: atk22b L1).

Code and logs print an address as its bytes: a JSON array under an IP key (`{"ip": [192,168,10,77]}`,
`{"client_ip": ["203","0","113","54"]}`), a tuple or a list after one (`ip = (203, 0, 113, 54)`, `client ip [203, 0,
113, 54]`), the octets spaced (`IP: 203 0 113 54`). Four numbers from 0 to 255 right after a word or key that names an
IP address are one (IP_ADDRESS: the four numbers, their brackets as written). Without such a word the same shape is a
version (`(3, 11, 4, 0)`), a colour (`rgba(255, 0, 0, 128)`), a shape or a date: never read.
"""

from __future__ import annotations

import re

from proxy.guard.fields25 import code_octets, unquoted

Result = tuple[str, int, int, float]

_SCORE = 0.85
_OCTET = r"[\"']?(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)[\"']?"
# The key or word (`ip`, `IP`, `ipv4`, `ip_address`, `client_ip`, `src-ip`, `client ip`, `IP address`), then `:`, `=`
# or a space (a key's closing quote before them), an opening bracket, four octets separated by commas or by spaces
# (one kind), its closing bracket; no fifth number after.
_OCTETS = re.compile(
    r"(?i)(?<![A-Za-z0-9])(?:[a-z]+[_ -])?ipv?4?(?:[_ -]?addr(?:ess)?)?[\"']?[ \t]*(?:[:=][ \t]*|[ \t]+)"
    r"(?:(?:bytes|bytearray|\[\]byte|net\.IPv4)[ \t]*\(?)?"  # `bytes([...])`, Go's `[]byte{...}`, `net.IPv4(...)`
    r"(?P<open>[\[({][ \t]*)?"
    rf"(?P<value>{_OCTET}(?:(?P<sep>[ \t]*,[ \t]*)(?:{_OCTET}(?P=sep)){{2}}{_OCTET}"
    rf"|(?P<space>[ \t]+)(?:{_OCTET}(?P=space)){{2}}{_OCTET}))"
    r"(?![\"']?(?:[ \t]*,[ \t]*|[ \t]+)?[\"']?\d)(?![\w.])")
_CLOSE = {"[": "]", "(": ")", "{": "}"}


def octet_addresses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each address written as its four octets after an IP word or key in `text`."""
    if not re.search(r"(?i)ip", text):
        return []
    out: list[tuple[int, int]] = []
    for m in _OCTETS.finditer(text):
        opener = (m.group("open") or "").strip()
        if opener:
            rest = text[m.end("value"):m.end("value") + 3].lstrip(" \t")
            if not rest.startswith(_CLOSE[opener]):
                continue  # a longer list (`ip = [1, 2, 3, 4, 5]`) or another thing
        out.append(unquoted(text, m.start("value"), m.end("value")))  # `"192 168 10 77"`: its quotes stay (fields25)
    out.extend(s for s in code_octets(text) if not any(a < s[1] and s[0] < b for a, b in out))  # code (fields25)
    return out


def with_octet_addresses(text: str, found: list[Result]) -> list[Result]:
    """`found` with each octet address of `text` as IP_ADDRESS where no IP_ADDRESS covers it."""
    spans = octet_addresses(text)
    covered = [(a, b) for e, a, b, _ in found if e == "IP_ADDRESS"]
    return found + [("IP_ADDRESS", a, b, _SCORE) for a, b in spans
                    if not any(x <= a and b <= y for x, y in covered)]


__all__ = ["octet_addresses", "with_octet_addresses"]
