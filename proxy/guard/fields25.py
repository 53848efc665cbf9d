"""Keys that name a phone number in more words, read the same in message text and in tool arguments (fields25:
atk24a F13), and IPv4 octets under an IP key in more shapes (atk24a F02).

A phone number under `contact_number`, `callback`, `mobile_no`, `telefon`, `telefono`, `Telefonnummer`,
`numero_telefono`, `telefone`, `handynummer`, `cellulare` is redacted in a message's text (the phone recognizer takes
`number`, `call` and the JSON around it as its context) but a tool call's arguments are read value by value, after
the context word of the type their key names (`proxy.guard.keyed.named`): those keys named none, so a bare number
went as sent. `phone_key` names them: the keyed reading then serves text and arguments alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.guard.joined import key_words

if TYPE_CHECKING:
    from proxy.guard.keyed import Keyed

# Words of other languages for a phone (`telefon`, `teléfono`, `telefone`, `téléphone`, `Telefonnummer`, `Handy`,
# `cellulare`, `celular`, `móvil`), read as a whole key's prefix too (`telefonnummer`, `handynummer`).
_FOREIGN = re.compile(r"(?:t[eé]l[eé]f[oó]n[oe]?|t[eé]l[eé]phone|handy|cellulare|celular|m[oó]vil|portable"
                      r"|mobil|rufnummer)(?:nummer|nr|number|no|num)?")
# A number for calling someone: the key's words (`contact_number`, `callback`, `mobile_no`, `cell_num`).
_CALL_WORDS = frozenset({"callback", "callbacks", "dial", "dialin", "hotline", "helpline", "sms", "whatsapp"})
_NUMBER_WORDS = frozenset({"number", "num", "no", "nr", "nummer", "numero", "número"})
_CALL_HEADS = frozenset({"contact", "call", "callback", "mobile", "cell", "home", "work", "office", "emergency",
                         "tel", "phone", "fax", "telefono", "telefon", "telephone", "dial"})


def phone_key(key: str) -> bool:
    """Whether `key` names a phone number beyond `proxy.guard.keyed`'s words (the module's docstring)."""
    words = key_words([key])
    whole = re.sub(r"[^a-zà-ÿ]", "", key[:64].lower())
    if words & _CALL_WORDS or _FOREIGN.fullmatch(whole):
        return True
    if any(_FOREIGN.fullmatch(w) for w in words):
        return True
    return bool(words & _NUMBER_WORDS) and bool(words & _CALL_HEADS)


# ------------------------------------------------------------------------------- IPv4 octets in code (F02)
# An address built from its four octets by a language's own constructor: Go `net.IPv4(192, 168, 10, 77)`,
# `net.IP{...}`, `netip.AddrFrom4([4]byte{...})`, Python `IPv4Address((...))` / `IPv4Address(bytes([...]))`, C#
# `new IPAddress(new byte[] { ... })`. The constructor names the address: no IP key is needed before it.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_CODE = re.compile(
    r"(?:\bnet\.IPv4[ \t]*\(|\bnet\.IP[ \t]*\{|\bAddrFrom4[ \t]*\([ \t]*\[4\]byte[ \t]*\{"
    r"|\bIPv4Address[ \t]*\([ \t]*(?:bytes[ \t]*\([ \t]*)?[(\[]"
    r"|\bIPAddress[ \t]*\([ \t]*new[ \t]+byte[ \t]*\[[ \t]*4?[ \t]*\][ \t]*\{)[ \t]*"
    rf"(?P<value>{_OCTET}(?:[ \t]*,[ \t]*{_OCTET}){{3}})[ \t]*,?[ \t]*[)\]}}]")
# A YAML block list of exactly four octets under an IP key (`ip:`, `client_ip:`, `ip_address:`).
_YAML = re.compile(
    r"(?im)^(?P<indent>[ \t]*)(?:[a-z]+[_-])?ipv?4?(?:[_-]?addr(?:ess)?)?[ \t]*:[ \t]*\r?\n"
    rf"(?P<value>(?P<item>[ \t]*)-[ \t]+{_OCTET}[ \t]*(?:\r?\n(?P=item)-[ \t]+{_OCTET}[ \t]*){{3}})"
    r"(?!\r?\n(?P=item)-)(?=\r?\n|$)")


def code_octets(text: str) -> list[tuple[int, int]]:
    """[start, end) of each address `text` builds from its four octets in code or lists under an IP key in YAML
    (above); the caller gates on `ip` in the text."""
    out: list[tuple[int, int]] = []
    if "(" in text or "{" in text:
        out.extend((m.start("value"), m.end("value")) for m in _CODE.finditer(text))
    if "-" in text and "\n" in text:
        for m in _YAML.finditer(text):
            value = m.group("value")
            start = m.start("value") + value.index("-") + 1
            start += len(text[start:]) - len(text[start:].lstrip(" \t"))
            out.append((start, m.end("value")))
    return out


def unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    """An octet address's span without the quotes of the one string it is in (`"192 168 10 77"`: the digits, so the
    placeholder stands inside the string's quotes); the quotes of each element (`"203","0","113","54"`) stay."""
    value = text[start:end]
    if len(value) > 2 and value[0] in "\"'" and value[-1] == value[0] and value[0] not in value[1:-1]:
        return start + 1, end - 1
    return start, end


# An IP key (`ip`, `ipv4`, `ip_address`, `client_ip`, `srcIp`): an array of its four octets under it is one address
# in tool arguments, tool_use input, metadata and defaults as in message text (`proxy.nlp.ip_octets`).
_IP_WORDS = frozenset({"ip", "ipv4", "ipaddr", "ipaddress"})
_OCTET_VALUE = re.compile(_OCTET)


def ip_group(key: str, members: Sequence[tuple[int, int, int, str, str]]) -> list[Keyed] | None:
    """The reading of a group of four octets under an IP key (`{"ip": [192, 168, 10, 77]}`, string octets too) as
    `ip: 192.168.10.77`, each element a piece of it; None where the key names no IP address (other readings)."""
    words = key_words([key])
    if not (words & _IP_WORDS or re.sub(r"[^a-z0-9]", "", key[:64].lower()) in _IP_WORDS):
        return None
    parts = [text.strip() for _, _, _, _, text in members]
    if len(parts) != 4 or not all(_OCTET_VALUE.fullmatch(p) for p in parts):
        return []
    pieces = tuple((i, a, b) for i, a, b, _, _ in members)
    from proxy.guard.keyed import Keyed

    return [Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], "IP_ADDRESS", False, "ip: " + ".".join(parts), pieces)]


__all__ = ["code_octets", "ip_group", "phone_key", "unquoted"]
