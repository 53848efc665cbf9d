"""What a renderer shows, where the text spells otherwise (html44, atk43 F03, F04, F12, F17).

- **hidden HTML** beyond `hidden`, `display:none` and `<style>`/`<script>`/`<template>` (`normalize._hidden_html`):
  elements the HTML standard's UA stylesheet never shows (`<rp>`, `<dialog>` without `open`, `<datalist>`,
  `<title>`, `<canvas>`/`<video>`/`<audio>` fallback content), and elements styled out of view by a `style`
  attribute or by a class that a `<style>` rule in the same text hides: `display:none` spelled with a character
  reference, a CSS comment or a CSS escape (`display:&#110;one`, `display:/**/none`, `dis\\play:none`),
  `font-size:0`, `opacity:0`, `visibility:hidden`, off-screen positions (`left:-9999px`, `text-indent:-999em`),
  `clip-path:inset(100%)`, `clip:rect(0 0 0 0)`, zero width or height with `overflow:hidden`,
  `transform:scale(0)`. `hidden_spans` gives them to the third reading (`unhidden`, `pattern_readings`), which reads
  them away; `hidden_hint` is its cheap gate. CSS reordering (`flex-direction:row-reverse`, `order:`, SVG `x`) and
  generated content (`::after{content:..}`) are not modelled.
- **LaTeX spacing** in math (`latex44`, before `normalize._math` in the second reading): `\\enspace`, `\\thinspace`,
  `\\medspace`, `\\thickspace`, `\\hspace{..}` read as `\\ ` (a zero `\\hspace{0pt}` or small one as nothing),
  `\\phantom{}` as nothing (with content, a space), `\\char"66` / `\\char'146` / `\\char102` as the character, and
  display math `\\[..\\]` read as `$$..$$`.
- **emoji shortcodes** (`shortcodes`, first reading): `:six::one::seven:` and `:regional_indicator_p:` as Slack,
  Discord and GitHub render them, digits and letters, where a text has two or more of them.
- **right-to-left runs** (`rtl_runs`, second reading): in a right-to-left isolate or embedding (U+2067 .. U+2069,
  U+202B .. U+202C) left-to-right runs separated by RIGHT-TO-LEFT MARKs display in reverse order
  (`\\u2067falcon\\u200f project\\u2069` shows `project falcon`): read in that order where no run holds a
  right-to-left letter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

Edit = tuple[int, int, str]

__all__ = ["hidden_hint", "hidden_spans", "latex44", "latex44_hint", "rtl_hint", "rtl_runs", "rendered44",
           "shortcode_open", "shortcodes", "shortcodes_hint"]

_MAX = 200  # (as `normalize._TAG_MAX`: a tag's attributes, an element's content)

# ---------------------------------------------------------------------------------------------------- hidden HTML
_UA_HIDDEN = re.compile(
    rf"(?i)<(rp|datalist|title|canvas|video|audio)\b[^<>]{{0,{_MAX}}}>(?s:.{{0,{_MAX}}}?)</\1[ \t]*+>"
    rf"|<dialog\b(?![^<>]{{0,{_MAX}}}?[ \t\r\n]open\b)[^<>]{{0,{_MAX}}}>(?s:.{{0,{_MAX}}}?)</dialog[ \t]*+>")
_HINT = re.compile(r"(?i)<(?:rp|datalist|title|canvas|video|audio|dialog)\b|[ \t\r\n](?:style|class)[ \t\r\n]*+=")
_ATTRIBUTED = re.compile(
    rf"(?i)<([A-Za-z][\w:-]{{0,40}})[ \t\r\n]++([^<>]{{0,{_MAX}}}?)>(?s:.{{0,{_MAX}}}?)</\1[ \t]*+>")
_ATTRIBUTE = re.compile(
    r"""(?i)(?:^|[ \t\r\n])(style|class)[ \t\r\n]*+=[ \t\r\n]*+(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n]?|\\(.)")
_HIDING = re.compile(
    r"(?:^|;)(?:display:none|visibility:(?:hidden|collapse)|font-size:0(?:\.0*)?(?:[a-z%]+)?(?:!important)?(?:;|$)"
    r"|opacity:0?(?:\.0*)?(?:%)?(?:!important)?(?:;|$)"
    r"|(?:left|top|right|text-indent|margin-left|margin-top):-\d{3,}"
    r"|clip-path:inset\((?:50|100)%\)|clip:rect\(0(?:px)?,?0(?:px)?,?0(?:px)?,?0(?:px)?\)"
    r"|transform:scale\(0\)|(?:max-)?(?:width|height):0(?:px)?(?:;|$)(?=.*overflow:hidden)"
    r"|overflow:hidden(?=.*(?:^|;)(?:max-)?(?:width|height):0(?:px)?(?:;|$)))")
_STYLE_BLOCK = re.compile(rf"(?i)<style\b[^<>]{{0,{_MAX}}}>((?s:.{{0,2000}}?))</style[ \t]*+>")
_RULE = re.compile(r"([^{}]{1,200})\{([^{}]{0,400})\}")
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")


def _css(value: str) -> str:
    """A style's declarations as a browser reads them: references decoded, comments and escapes read, lower case,
    without whitespace."""
    value = html.unescape(value) if "&" in value else value
    value = _CSS_COMMENT.sub("", value) if "/*" in value else value
    if "\\" in value:
        value = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), value)
    return "".join(value.lower().split())


def _hides(style: str) -> bool:
    return _HIDING.search(_css(style)) is not None


def hidden_hint(text: str) -> bool:
    """Whether `text` may hold an element `hidden_spans` finds (a cheap test: a UA-hidden element's name, or a
    `style` or `class` attribute)."""
    return "<" in text and _HINT.search(text) is not None


def _hidden_classes(text: str) -> set[str]:
    classes: set[str] = set()
    for block in _STYLE_BLOCK.finditer(text):
        for rule in _RULE.finditer(block.group(1)):
            if _hides(rule.group(2)):
                for selector in rule.group(1).split(","):
                    selector = selector.strip()
                    if ":" in selector:
                        continue  # (`::after`, `:hover`: not the element itself, or not always)
                    m = _CLASS.search(selector.split()[-1] if selector.split() else "")
                    if m is not None:
                        classes.add(m.group(1))
    return classes


def hidden_spans(text: str) -> list[tuple[int, int]]:
    """The elements a browser never shows beyond `normalize._HIDDEN_ELEMENT`'s (the module's docstring), with their
    content, each to the first closing tag of its name."""
    if not hidden_hint(text):
        return []
    spans = [m.span() for m in _UA_HIDDEN.finditer(text)]
    classes = _hidden_classes(text) if "<style" in text.lower() else set()
    for m in _ATTRIBUTED.finditer(text):
        for a in _ATTRIBUTE.finditer(m.group(2)):
            value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
            if a.group(1).lower() == "style" and _hides(value) \
                    or a.group(1).lower() == "class" and classes and not classes.isdisjoint(value.split()):
                spans.append(m.span())
                break
    return spans


# ---------------------------------------------------------------------------------------------------- LaTeX spacing
_LATEX_HINT = re.compile(r"\\(?:enspace|thinspace|medspace|thickspace|hspace|phantom|hphantom|char[\"'\d]|\[)")
_MATH_SPAN = re.compile(r"(?<![\\$])\$\$?[^$\n]{1,400}?\$|\\\((?:[^\n\\]|\\[^()\n]){1,400}?\\\)"
                        r"|\\\[((?:[^\n\\]|\\[^\[\]\n]){1,400}?)\\\]")
_SPACING = re.compile(r"\\(?:(enspace|thinspace|medspace|thickspace)(?![A-Za-z])[ \t]*"
                      r"|(hspace)\*?[ \t]*\{[ \t]*(-?[\d.]*)[ \t]*([a-z]{0,2})[ \t]*\}"
                      r"|(h?phantom)[ \t]*\{([^{}]{0,100})\}"
                      r"|char[ \t]*(?:\"([0-9A-Fa-f]{1,4})|'([0-7]{1,6})|(\d{1,5}))(?![0-9])[ \t]?)")
_DISPLAY_RENDERS = re.compile(r"\\(?:text|math|mbox|operatorname|enspace|thinspace|medspace|thickspace|hspace|phantom"
                              r"|char|[ ,;:!]|q?quad)|[{}~]")


def latex44_hint(text: str) -> bool:
    """Whether `text` may hold what `latex44` reads (a cheap test)."""
    return "\\" in text and _LATEX_HINT.search(text) is not None


def _spacing(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return "\\ "
    if m.group(2) is not None:
        try:
            size = float(m.group(3) or "0")
        except ValueError:
            return "\\ "
        unit = m.group(4)
        small = size <= 0 or unit in ("pt", "px", "bp", "mu", "") and size < 4 or unit in ("em", "ex") and size < 0.3
        return "" if small else "\\ "
    if m.group(5) is not None:
        return "\\ " if m.group(6).strip() else ""
    code = int(m.group(7), 16) if m.group(7) else int(m.group(8), 8) if m.group(8) else int(m.group(9))
    return chr(code) if 32 < code < 0x110000 and chr(code).isprintable() else ""


def latex44(text: str) -> Iterator[Edit]:
    """LaTeX spacing and `\\char` in math, display math `\\[..\\]` (the module's docstring)."""
    if not latex44_hint(text):
        return
    for m in _MATH_SPAN.finditer(text):
        a, b = m.span()
        display = m.group(1) is not None
        if display:
            if _DISPLAY_RENDERS.search(m.group(1)) is None:
                continue
            yield a, a + 2, "$$"
        for s in _SPACING.finditer(text, a, b):
            yield s.start(), s.end(), _spacing(s)
        if display:
            yield b - 2, b, "$$"


# ---------------------------------------------------------------------------------------------------- shortcodes
_DIGITS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_SHORTCODE = re.compile(r":(zero|one|two|three|four|five|six|seven|eight|nine|keycap_(\d)|hash"
                        r"|regional_indicator_(?:symbol_letter_)?([a-z])):")


def shortcodes_hint(text: str) -> bool:
    """Whether `text` may hold shortcodes `shortcodes` reads (two)."""
    if ":" not in text:
        return False
    m = _SHORTCODE.search(text)
    return m is not None and _SHORTCODE.search(text, m.end()) is not None


def shortcodes(text: str) -> Iterator[Edit]:
    """Emoji shortcodes as the digits and letters they render (the module's docstring)."""
    if not shortcodes_hint(text):
        return
    for m in _SHORTCODE.finditer(text):
        word = m.group(1)
        yield m.start(), m.end(), (m.group(2) or m.group(3) or ("#" if word == "hash" else _DIGITS[word]))


# ---------------------------------------------------------------------------------------------------- RTL runs
_ISOLATE = re.compile("[\u2067\u202b]([^\u2066-\u2069\u202a-\u202e\n]{1,400})[\u2069\u202c]")
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def rtl_hint(text: str) -> bool:
    """Whether `text` may hold what `rtl_runs` reads (a cheap test)."""
    return "\u200f" in text and ("\u2067" in text or "\u202b" in text)


def rtl_runs(text: str) -> Iterator[Edit]:
    """Left-to-right runs split by RIGHT-TO-LEFT MARKs in a right-to-left isolate, in display order."""
    if not rtl_hint(text):
        return
    for m in _ISOLATE.finditer(text):
        inner = m.group(1)
        if "\u200f" not in inner or _RTL_LETTER.search(inner) is not None:
            continue
        runs = inner.split("\u200f")
        out = runs[0].strip()
        for before, run in zip(runs, runs[1:], strict=False):  # (a space beside a mark displays between the runs)
            out = run.strip() + (" " if before[-1:].isspace() or run[:1].isspace() else "") + out
        yield m.start(), m.end(), out


_SHORTCODE_END = re.compile(r":(?:zero|one|two|three|four|five|six|seven|eight|nine|keycap_\d|hash"
                            r"|regional_indicator_(?:symbol_letter_)?[a-z]):[ \t.-]{0,3}(?::[a-z_0-9]{0,40})?\Z")
_SHORTCODE_ON = re.compile(r"[ \t.-]{0,3}(?::|\Z)")


def shortcode_open(text: str, cut: int) -> bool:
    """Whether a stream window ending at `cut` of `text` would cut a run of shortcodes `shortcodes` reads (after
    one, with another, or nothing yet but separators, after the cut)."""
    if cut <= 0 or ":" not in text[max(0, cut - 64):cut]:
        return False
    if _SHORTCODE_END.search(text, max(0, cut - 64), cut) is None:
        return False
    return _SHORTCODE_ON.match(text, cut) is not None


def rendered44(text: str) -> bool:
    """Whether the second reading has LaTeX spacing or display math (`latex44`) or right-to-left runs (`rtl_runs`)
    to read in `text` (each behind its cheap test)."""
    return (latex44_hint(text) and next(latex44(text), None) is not None
            or rtl_hint(text) and next(rtl_runs(text), None) is not None)
