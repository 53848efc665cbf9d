"""Where restore must not write a value, read around each placeholder as a resolver, a shell, a renderer or an
address bar reads the host (restorehost15: atk16 B H1, H3, H4, M5).

`proxy.guard.urls` finds the URLs without a scheme on the text as written; the model can write the same host so that
no such reading sees it, while curl, dig, ssh, a browser or a linkifier still goes there:
- a placeholder followed by a dot and a label (`label_after`): the host goes on after it whatever its end (`dig
  <EMAIL_ADDRESS_1>.collector.example.`, the sentence's period or the root dot; `example.)`, `example./x`), and
  whatever the dot is written as: in quotes the shell joins (`"<PH>".host`), after a backslash (`<PH>\\.host`), as a
  character reference (`<PH>&#46;host`), as a dot NFKC or IDNA folds to `.` (`。`, `．`, `｡`); the last label a
  top-level name (a known one, an IDN one: `xn--p1ai`, `рф`);
- a placeholder followed by `@` and a host (`user_at`): the user of `user@host:path`, `ssh <PH>@host`, sftp, rsync,
  which the SSH handshake sends to that host;
- a placeholder in a URL without a scheme whose host is written otherwise (`schemeless_before`): the root dot
  (`collector.example./c?u=`, `host.:80/`), an IDN label or top-level name, userinfo (`u@host/`), IPv4 in any
  `inet_aton` form (`0xcb.0.0x71.9`, an integer), `[IPv6]`, `&#46;` or `\\.` or an IDNA dot for a dot.
Each reads the text folded (`_folded`: references and escapes decoded, backslashes taken off, NFKC, IDNA dots as `.`,
characters IDNA drops removed) in a bounded window around the placeholder, so its cost is per placeholder. Fail
closed: the placeholder stays. Prose, `mailto:`, file paths (`<PERSON_1>.txt`: no top-level name) are restored.
"""

from __future__ import annotations

import html
import re
import socket
import unicodedata
from collections.abc import Sequence

_PH = re.compile(r"(?:<|\\u003[cC])[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?(?:>|\\u003[eE])")  # `urls._PH_ANY`
_REACH = 320  # characters read after a placeholder for a host, or before it for a URL's start
# What the folded reading decodes: a placeholder (one label character), an HTML character reference, a JSON
# `\uXXXX`, a backslash and the character after it.
_FOLD_TOKEN = re.compile(rf"{_PH.pattern}|&(?:#[0-9]{{1,8}}|#[xX][0-9a-fA-F]{{1,8}}|[A-Za-z][A-Za-z0-9]{{1,31}});?"
                         r"|\\u[0-9a-fA-F]{4}|\\.", re.S)
_DOTS = {"\u3002": ".", "\uff0e": ".", "\uff61": "."}  # IDNA's full stops (UTS 46 maps them to `.`)
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u034f")  # what IDNA maps to nothing
_FOLDABLE = re.compile(r"[^\x00-\x7f]|[&\\\"'<]")  # a window without these reads as it is (lower-cased)


def _char(ch: str) -> str:
    if ch in _DROPPED:
        return ""
    if ch in _DOTS:
        return "."
    return unicodedata.normalize("NFKC", ch).lower() if ord(ch) > 0x7f else ch.lower()


def _folded(text: str, lo: int, hi: int, *, quotes: bool) -> tuple[str, list[int]]:
    """`text[lo:hi]` as a host is read (`quotes`: `"` and `'` taken off, as a shell joins), and per character of it
    (and one past its end) where it comes from in `text`."""
    window = text[lo:hi]
    if _FOLDABLE.search(window) is None:
        return window.lower(), list(range(lo, hi + 1))
    parts: list[str] = []
    origin: list[int] = []
    pos = lo
    for m in _FOLD_TOKEN.finditer(text, lo, hi):
        a, b = m.span()
        for k in range(pos, a):
            ch = text[k]
            out = "" if quotes and ch in "\"'" else _char(ch)
            parts.append(out)
            origin.extend([k] * len(out))
        raw = m.group()
        if _PH.fullmatch(raw):
            decoded = "x"
        elif raw[0] == "&":
            decoded = html.unescape(raw)
        elif raw[:2] == "\\u" and len(raw) == 6:
            decoded = chr(int(raw[2:], 16))
        else:
            decoded = " " if raw[1] in "ntr\n" else raw[1]
        out = "".join(_char(c) for c in decoded).replace("\\", "")  # (an escaped backslash: shell and Markdown drop it)
        if quotes:
            out = out.replace('"', "").replace("'", "")
        parts.append(out)
        origin.extend([a] * len(out))
        pos = b
    for k in range(pos, hi):
        ch = text[k]
        out = "" if quotes and ch in "\"'" else _char(ch)
        parts.append(out)
        origin.extend([k] * len(out))
    origin.append(hi)
    return "".join(parts), origin


def _tlds() -> frozenset[str]:
    from proxy.guard.urls import _tlds as known  # (urls imports this module)

    return known()


def top_level(label: str) -> bool:
    """Whether `label` (folded) may be a top-level name: a known one, an IDN one (`xn--p1ai`, letters beyond ASCII:
    `рф`)."""
    if label.isascii():
        return label in _tlds() or (label.startswith("xn--") and len(label) > 4)
    return label.isalpha()


# After a placeholder (folded): label characters that go on with it, then dot-separated labels, the last a top-level
# name, an optional root dot, and no label after it.
_AFTER = re.compile(r"[\w-]*(?:\.[\w-]+)*?\.(?P<tld>[\w-]+)\.?(?![\w-]|\.[\w-])")
_AT_HOST = re.compile(r"@[\w\[]")


def label_after(text: str, end: int) -> int | None:
    """Where the host ends (in `text`) when the placeholder ending at `end` is a label of one (`label_after`)."""
    folded, origin = _folded(text, end, min(len(text), end + _REACH), quotes=True)
    m = _AFTER.match(folded)
    return origin[m.end()] if m is not None and top_level(m.group("tld")) else None


def user_at(text: str, start: int, end: int) -> int | None:
    """Where the `@` and a host's first character end when the placeholder at `text[start:end]` is the user of
    `user@host:path` (scp, git, rsync's `::`), or of `user@host` in a remote login's command line (`ssh`, `sftp`,
    `rsync`, `mosh`...: `_REMOTE`). Elsewhere `<PERSON_1>@acme.com` is an address composed around a restored value,
    which output `pii` reads restored (`proxy.guard.vault.crosses_restored`)."""
    folded, origin = _folded(text, end, min(len(text), end + _REACH), quotes=True)
    m = _AT_HOST.match(folded)
    if m is None:
        return None
    scp = _SCP_HOST.match(folded)
    if scp is not None:
        return origin[scp.end()]
    if _REMOTE.search(text, max(0, start - _REACH), start) is not None:
        return origin[m.end()]
    return None


_SCP_HOST = re.compile(r"@(?:\[[^\]\s]{1,64}\]|[\w.-]{1,253}):")
# A remote login's command before the user on its line (its options and arguments between).
_REMOTE = re.compile(r"(?i)(?:^|[\s;&|(`$\"'])(?:ssh|sftp|scp|rsync|mosh|telnet|ftp|sshfs|autossh|ssh-copy-id|git)"
                     r"(?=\s)[^\n;&|]*\Z")


# A URL without a scheme, folded, from a start to the placeholder: userinfo, a host, a port, then a path, a query or
# a fragment that reaches the placeholder.
_USER = r"(?:(?P<user>[^\s/?#@\[\]]{1,64})@)?"
_PORT_PATH = r"\.?(?::\d{0,5})?(?P<path>[/?#]\S*)\Z"
_NAMED = re.compile(rf"{_USER}(?P<name>(?:[\w-]+\.)+(?P<tld>[\w-]+)){_PORT_PATH}")
_NUMBERED = re.compile(rf"{_USER}(?P<ip>(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){{0,3}}){_PORT_PATH}")
_V6 = re.compile(rf"{_USER}\[(?P<v6>[0-9a-f:.]{{2,45}}(?:%[\w.-]{{1,16}})?)\](?::\d{{0,5}})?(?P<path>[/?#]\S*)\Z")
_NOT_AFTER = frozenset("._-@/\\%")
_TOKEN_END = frozenset("\"'<>`")


def _ipv4(ip: str) -> bool:
    """An IPv4 address as `inet_aton` reads it, but plain decimal only with four parts (`1.2.3`: a version) or as one
    integer of 8-10 digits."""
    parts = ip.split(".")
    decimal = all(p.isdigit() and (p == "0" or not p.startswith("0")) for p in parts)
    if decimal and len(parts) == 1 and not 8 <= len(ip) <= 10:
        return False
    if decimal and 1 < len(parts) < 4:
        return False
    try:
        socket.inet_aton(ip)
    except OSError:
        return False
    return True


def schemeless_before(text: str, start: int, lo: int = 0) -> int | None:
    """Where a URL without a scheme starts (in `text`, not before `lo`) when the placeholder starting at `start`
    lies in its path, query or fragment and its host is written otherwise than `proxy.guard.urls` reads it."""
    a = start
    floor = max(lo, start - _REACH)
    while a > floor:  # back to the token's start (the placeholders in it included)
        ch = text[a - 1]
        if ch == ">" or text.endswith(("\\u003e", "\\u003E"), floor, a):
            m = _PH_BEFORE.search(text, max(floor, a - 80), a)
            if m is not None:
                a = m.start()
                continue
        if ch.isspace() or ch in _TOKEN_END:
            break
        a -= 1
    if a == start:
        return None
    folded, origin = _folded(text, a, start, quotes=False)
    cut = max(folded.rfind(" "), folded.rfind("\t"), folded.rfind("\n"))  # an escape's line break: a start
    for i in range(cut + 1, len(folded)):
        if i > cut + 1 and (folded[i - 1] in _NOT_AFTER or folded[i - 1].isalnum()):
            continue
        if _schemeless(folded, i):
            return origin[i]
    return None


_PH_BEFORE = re.compile(rf"{_PH.pattern}\Z")
_GOES_ON = frozenset(".-_@\"'\\&<")  # what may follow a placeholder that is a label or a user (`placeholder_host`)


def _schemeless(folded: str, i: int) -> bool:
    m = _NAMED.match(folded, i)
    if m is not None and top_level(m.group("tld")) and _path_ok(m):
        return True
    m = _NUMBERED.match(folded, i)
    if m is not None and _ipv4(m.group("ip")) and _path_ok(m):
        return True
    m = _V6.match(folded, i)
    return m is not None and ":" in m.group("v6") and _path_ok(m)


def _path_ok(m: re.Match[str]) -> bool:
    """With userinfo, the path holds more than its `/` before the placeholder: `ops@example.com/<PHONE_NUMBER_1>` is
    an address and a number in prose; `u@collector.example/c?u=` a URL curl fetches."""
    return m.group("user") is None or len(m.group("path")) > 1


def placeholder_host(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end of its host) of the next placeholder from `pos` that is a hostname's label (`label_after`), the
    user of `user@host` (`user_at`), or in a URL without a scheme whose host is written otherwise
    (`schemeless_before`; the span from the URL's start): a kind of `proxy.guard.urls._BARE_KINDS`."""
    for m in _PH.finditer(text, pos):
        a, b = m.span()
        nxt = text[b:b + 1]
        if nxt and (nxt in _GOES_ON or nxt.isalnum() or not nxt.isascii()):  # (else: no label nor user after it)
            end = label_after(text, b)
            if end is None:
                end = user_at(text, a, b)
            if end is not None:
                return a, end
        at = schemeless_before(text, a, pos)
        if at is not None:
            return at, b
    return None


def url_afters(texts: Sequence[str]) -> list[str]:
    """Per text of an answer that the client reads joined (`proxy.guard.phases.answer_url_afters`), the start of the
    texts after it (`_REACH` characters): what a placeholder at its end may be a host's label or user with."""
    out: list[str] = []
    tail = ""
    for text in reversed(texts):
        out.append(tail)
        tail = (text + tail)[:_REACH]
    return out[::-1]
