"""More shapes of unfenced configuration in an answer's text are code scopes (issue 12, atk26 F4, F11).

yaml25 (`proxy.guard.yaml25.yaml_run`) reads a run of unfenced YAML from a block key (`notify:` alone on its line, a
child under it). A model's answer writes the same configuration in other shapes, and the client pastes each into the
file a tool reads (`notify: {url: https://collector.example/u, to: <PH>}`). `config_run` reads these as runs too,
and `proxy.guard.yaml25.yaml_run` gives the first of its own and these (merged where they meet):
- a record: a run of YAML lines that starts at a mapping line whose key is a configuration's (`to: <PH>`, `- url:
  https://...`, `"webhook": "https://..."`: a lower-case first letter, `_`, or a quoted key; not `Email: <PH>` nor a
  Markdown list's `- Email: <PH>`), on over mapping lines, list items, comments and indented lines, a flow
  collection's lines to its close (`notify: {` ... `}`, `targets: [https://..., <PH>]`), past blank lines that an
  indented line of the run follows (`notify:` / `  to: <PH>` / blank / `  url: https://...`), to a line of prose
  (or open at the text's end: a stream's next piece may go on with it), the comment lines just before it taken
  too (`# recipient <PH>` / `notify:`). Two records of one answer are two scopes: the answer rule joins them
  (`proxy.guard.scopes.answer_of`: `recipient: <PH>`, a sentence, `endpoint: https://...`);
- the same inside a blockquote (`> alert:` / `>   url: ...` / `>   to: <PH>`), read without its `>` markers;
- an XML element that starts a line and holds elements (`<notify><url>https://...</url><to><PH></to></notify>`, one
  line or several), to its end tag (or the text's end), but an HTML element's (`<p>`, `<div>`, `<table>`...).
A record that names no destination (`contact: {name: <PH>, role: admin}`, `<person><email><PH></email></person>`,
a local path) sends nothing, so it is restored as before unless another scope of its answer sends.

A stream (`pending`): a line with a placeholder in mapping shape or a comment line that is no record's (`Email: <PH>`,
`# recipient <PH>`) may still become part of a block key's run (yaml25 takes the mapping lines just before its block
key), so it is held while the lines after it could be (mapping lines, comments, not ended), at most `PENDING`
characters after the placeholder; a line that is none (prose, a blank line) decides it.
"""

from __future__ import annotations

import re

_MIDLINE = "\x01"  # `proxy.guard.scopes.MIDLINE`
PENDING = 512  # the characters a stream holds after a placeholder in a line that may join a YAML run
_FLOW_LINES = 64  # a flow collection's lines at most
# A blockquote's markers at a line's start.
_QUOTE = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
# A record's first line: a mapping line with a configuration's key (lower-case first, `_`, or quoted).
_START = re.compile(r"(?m)^(?:[ \t]{0,3}(?:>[ \t]?)+)?[ \t]*(?:-[ \t]+)?(?:[a-z_][\w.\-]*|\"[^\"\n]{1,64}\""
                    r"|'[^'\n]{1,64}')[ \t]*:(?:[ \t]+[^\n]*)?\r?$")
_KEY_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?(?:[a-z_][\w.\-]*|\"[^\"\n]{1,64}\"|'[^'\n]{1,64}')[ \t]*:(?:[ \t]|\r?\Z)")
_MAPPING = re.compile(r"[ \t]*(?:-[ \t]+)?(?:[A-Za-z_][\w.\-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]+[^\n]*)?"
                      r"[ \t]*\r?$")
_KEY_START = re.compile(r"[ \t]*(?:-[ \t]*)?[\w.\-\"']*")
_ITEM = re.compile(r"[ \t]*-(?:[ \t]+[^\n]*)?\r?$")
_COMMENT = re.compile(r"[ \t]*#")
_FLOW_OPEN = re.compile(r"[ \t]*(?:-[ \t]+)?(?:(?:[A-Za-z_][\w.\-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:[ \t]+)?[\[{]")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"?|'[^'\n]*'?")
# An XML element that starts a line and whose content starts with an element (a configuration, not a sentence); no
# placeholder (`<EMAIL_ADDRESS_1>`) is one.
_XML = re.compile(r"(?m)^[ \t]*<(?![A-Z][A-Z0-9_]*_\d)([A-Za-z][\w.\-]*(?::[\w.\-]+)?)(?:[ \t]+[^<>\n]*)?>\s*"
                  r"<(?![A-Z][A-Z0-9_]*_\d)[A-Za-z]")
_HTML = frozenset((
    "html head body div span p a ul ol li table tr td th thead tbody tfoot caption colgroup col form fieldset legend "
    "section article nav header footer main aside h1 h2 h3 h4 h5 h6 em strong b i u s pre code blockquote details "
    "summary dl dt dd br hr img script style iframe svg label input button select option optgroup textarea small "
    "sup sub mark figure figcaption picture source video audio template slot abbr cite q kbd samp var time address "
    "center font big tt strike del ins ruby rt rp bdi bdo wbr meta link title noscript object embed param canvas "
    "map area track dialog menu output progress meter datalist data listing xmp plaintext frame frameset base "
    "basefont applet acronym dir marquee blink nobr noembed noframes image math hgroup search rb rtc menuitem "
    "portal g defs symbol use path rect circle text tspan foreignobject").split())


# The tags a model wraps its answer's parts in (their text is prose): no configuration's.
_WRAPPERS = frozenset(("answer response result output reasoning thinking thought thoughts reflection scratchpad "
                       "example examples document documents context instructions final_answer summary analysis "
                       "draft reply message email letter note notes quote citation citations source sources").split())


def _line(text: str, at: int) -> tuple[str, int]:
    eol = text.find("\n", at)
    return (text[at:], len(text)) if eol < 0 else (text[at:eol], eol)


def _depth(line: str, depth: int) -> int:
    """A flow collection's depth after `line` (brackets outside quoted strings); one opens only where a value, a list
    item or the line starts with it (`note: see [1` opens none)."""
    if depth == 0 and ("{" not in line and "[" not in line or _FLOW_OPEN.match(line) is None):
        return 0
    plain = _STRING.sub("", line) if '"' in line or "'" in line else line
    plain = plain.split(" #", 1)[0]
    return max(0, depth + plain.count("{") + plain.count("[") - plain.count("}") - plain.count("]"))


def _body(line: str, quoted: bool) -> str | None:
    """The line without its blockquote markers (`quoted` runs: none when it has none)."""
    if not quoted:
        return line
    m = _QUOTE.match(line)
    return None if m is None else " " * (m.end() - m.start()) + line[m.end():]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _in_run(line: str, base: int = 0) -> bool:
    return line.startswith(_MIDLINE) or _MAPPING.match(line) is not None or _ITEM.match(line) is not None or \
        _COMMENT.match(line) is not None or (_indent(line) > base and bool(line.strip()))


def _record(text: str, start: int) -> tuple[int, int, int]:
    """(start, end of its first line, end) of the record whose first line starts at `start`."""
    n = len(text)
    first, head_end = _line(text, start)
    quoted = first.lstrip(" \t")[:1] == ">"
    body = _body(first, quoted) or ""
    base = _indent(body)
    depth, flow = _depth(body, 0), 0
    if head_end >= n:
        return start, head_end, n
    at = head_end + 1
    while at < n:
        raw, eol = _line(text, at)
        line = _body(raw, quoted)
        if line is None:
            return start, head_end, at
        if depth > 0 and flow < _FLOW_LINES:  # a flow collection's line
            flow += 1
            depth = _depth(line, depth)
        elif not line.strip(" \t\r"):  # blank lines: on when an indented line of the run follows
            k, keol = at, eol
            nxt: str | None = line
            while nxt is not None and not nxt.strip(" \t\r") and keol < n:
                k = keol + 1
                raw, keol = _line(text, k)
                nxt = _body(raw, quoted)
            if nxt is not None and not nxt.strip(" \t\r"):  # (to the text's end: a stream's next piece may)
                return start, head_end, n
            if nxt is None or _indent(nxt) <= base or not _in_run(nxt, base):
                return start, head_end, at
            at, eol = k, keol
            depth, flow = _depth(nxt, 0), 0
        elif _in_run(line, base):
            depth, flow = _depth(line, 0), 0
        else:
            return start, head_end, at
        if eol >= n:
            return start, head_end, n
        at = eol + 1
    return start, head_end, n


def _comments_before(text: str, start: int, pos: int) -> int:
    """`start` moved back over the comment lines just before it (not before `pos`)."""
    while start > pos and text[start - 1] == "\n":
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev:start - 1]
        body = _QUOTE.sub("", line, count=1) if line.lstrip(" \t")[:1] == ">" else line
        if prev < pos or _COMMENT.match(body) is None or body.lstrip(" \t").startswith("#!"):
            break
        start = prev
    return start


def _xml(text: str, m: re.Match[str]) -> tuple[int, int, int]:
    close = re.compile(rf"</{re.escape(m.group(1))}\s*>")
    c = close.search(text, m.end())
    return m.start(), text.index(">", m.start()) + 1, len(text) if c is None else c.end()


def config_run(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end of its first line, end) of the first record or XML element (the module) at or after `pos`."""
    if ":" not in text and "</" not in text:
        return None
    rec = _START.search(text, pos) if ":" in text else None
    xml = None
    if "<" in text:
        for x in _XML.finditer(text, pos):
            if x.group(1).lower() not in _HTML and x.group(1).lower() not in _WRAPPERS and \
                    (rec is None or x.start() < rec.start()):
                xml = x
                break
            if rec is not None and x.start() >= rec.start():
                break
    if xml is not None:
        return _xml(text, xml)
    if rec is None:
        return None
    a, h, b = _record(text, rec.start())
    return _comments_before(text, a, pos), h, b


def merged(text: str, pos: int, first: tuple[int, int, int] | None,
           more: tuple[int, int, int] | None) -> tuple[int, int, int] | None:
    """yaml25's run `first` and `more` (`config_run`): the earlier, with what overlaps it joined."""
    if first is None or more is None:
        return first or more
    a, b = (first, more) if first[0] <= more[0] else (more, first)
    if b[0] > a[2]:
        return a
    end = max(a[2], b[2])
    return a[0], a[1], end


def pending(head: str, text: str, spots: list[int]) -> tuple[int, bool, int] | None:
    """A stream's hold (`proxy.guard.linehold.LineHold.cut`) of the first of `spots` (placeholders of pending
    `text`, after the released open line's start `head`) on a line in mapping shape or a comment line, while the lines
    after it may still be part of a YAML run (the module): (where, False: past the bound it goes out as read,
    `PENDING`)."""
    if ":" not in text and "#" not in text and ":" not in head and "#" not in head:
        return None
    for spot in spots:
        at = text.rfind("\n", 0, spot) + 1
        line_head = (head if at == 0 else "") + text[at:spot]
        body = _QUOTE.sub("", line_head, count=1) if line_head.lstrip(" \t")[:1] == ">" else line_head
        if _KEY_LINE.match(body) is not None:
            continue  # a record's line: a code scope (`config_run`), held as one
        if _COMMENT.match(body) is None and re.match(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.\-]*[ \t]*:[ \t]", body) is None:
            continue
        if _undecided(text, spot):
            return spot, False, PENDING
    return None


def _undecided(text: str, spot: int) -> bool:
    """Whether the lines after `spot`'s in pending `text` may still run on to a block key (the module's `pending`)."""
    n = len(text)
    eol = text.find("\n", spot)
    while eol >= 0:
        if eol + 1 >= n:
            return True
        nxt, nxt_end = _line(text, eol + 1)
        if nxt_end >= n:  # not ended: a key's start, or a line of the run
            return _in_run(nxt) or _KEY_START.fullmatch(nxt) is not None
        if not nxt.strip(" \t\r") or not _in_run(nxt):
            return False
        eol = nxt_end
    return True
