"""The normalised view of a text that the checks analyse, and the way back to the original's offsets.

A value written to slip past a recognizer (`jane\u200b@example.com`, full-width `４１１１`, a card
with dots or underscores between its groups, `jane [at] example [dot] com`, `Acme\\n617-555-0143`
with a literal backslash-n pasted from a log) reads the same as the plain value in the view. The
checks find spans in the view; `View.span` maps them back, so a redaction replaces the ORIGINAL
characters (a zero-width space inside an e-mail is redacted with it) and a restore gives back exactly
what the client sent.

The view, in the order it is built (each step one pass, each pass a list of edits):

0. Unicode tag characters (U+E0020..U+E007E, "ASCII smuggling": invisible when rendered, read by a model
   as the ASCII text they encode) read as that ASCII character (U+E0000 + code), one for one, so a value
   spelled in them is found and the redaction replaces exactly the tag characters; the second reading
   (`uncommented`, `pattern_readings`) removes them instead, as a person sees them (`Fal` + U+E0041 + `con`
   reads `Falcon` there: one tag character inside a word of an answer hides nothing);
1. literal escape sequences decoded: `\\n`, `\\r`, `\\t`, `\\f`, `\\v`, `\\/`, `\\"`, `\\'`, `\\xHH`, `\\uHHHH`,
   `\\u{H...}`, `\\x{H...}`, `\\UHHHHHHHH`, `\\N{COMMERCIAL AT}` (Python, C, Perl), a CSS `\\40 ` that makes ASCII
   punctuation (`_MORE_ESCAPES`), and a three-digit octal `\\ooo` that makes a printable ASCII character
   (`\\100` is `@`; not between two digits, where it is a separator: `4111\\1111\\1111\\1111`)
   (a JSON or log escape pasted next to a value; lone surrogates stay as written);
1a. (PII's view only, `normalize`) a URL and a query string read as a form does (`_form_spaces`, before the escapes
   are decoded: a `%2B` is a plus): a `+` between two characters as a space (`?q=who+called+me+617-555-0143`; not
   after `=` or `/`, a prefix as typed, `?phone=+4917...`, nor in a mailbox), and a query's `?` and `&` and the `/`
   before a path segment with a space as spaces, so the NER model reads a name there as words
   (`?name=Jan%20Kowalski&x=1`, `/u/Jan%20Kowalski/profile`); a `+`-joined run outside a URL too
   (`who+called+me+617-555-0143`, `a+617-555-0143`; not `Ctrl+Shift+Esc`, `a+b+c`, `1+2+3`);
1b. percent-escapes (and JavaScript's `%u0040`) and HTML character references decoded (`%40`, `&#64;`, `&#64`,
   `&#x0000040;`, `&nbsp;`), and decoded again, with the escapes of step 1, while a round changes something
   (`%2540`, `&amp;#64;`; three more at most);
   quoted-printable `=40` (and `=2E`) inside an address (`jane=40example.com`; never `a=40` elsewhere); QP soft line
   breaks between two non-space characters removed (`jane.doe@exam=\nple.com`), `=XX` escapes in such a text
   decoded, RFC 2047 encoded-words read (`=?UTF-8?Q?J=C3=BCrgen?=`: `_quoted_printable`);
2. Unicode: format characters (category Cf: zero-width space and joiners, word joiner, BOM, soft
   hyphen, bidi controls, the language and cancel tags) and other invisible fillers removed; no-break and other Unicode
   spaces to a space, line/paragraph separators and other ASCII controls to a newline or removed;
   dashes (Pd) and the minus sign to `-`; decimal digits of any script to ASCII digits; enclosing marks removed
   (a keycap `4\ufe0f\u20e3` reads `4`, the mark mapping back with its digit); enclosed digits, numbers and Latin
   letters to what they enclose (`⑷` and `⒋` read `4`, `❻`, `➏`, `⓵` their digit, `⒜` reads `a`); the rest NFKC
   (full-width forms, ligatures, `＠`), a base letter and its combining marks taken together; combining marks of any
   script that compose with nothing on an ASCII letter or a digit, or after a space or a dash before a digit, removed
   (`55\u0e315`, `617-\u0e31555`), and the optional vowel points and stress marks on Arabic, Hebrew and Cyrillic
   letters (`مُحَمَّد`, `Ива\u0301н`); letters shaped like a
   dash (`ー`, `ㅡ`, `一`..., one or a run, spaces around or not) between the digit groups of a value's shape to `-`
   (`090ー1234ー5678`, `617ــ555ــ0143`, `_dash_letters`);
   CJK numerals one per digit in a value-shaped run, and Korean digit words after a phone or card word, to digits
   (`〇九〇-一二三四-五六七八`, `전화 공일공-일이삼사-오육칠팔`: `_numerals`);
   the second reading
   (`uncommented`, `pattern_readings`) first removes terminal (ANSI) escape sequences (`617-\\x1b[0m555-0143`, an
   OSC 8 hyperlink's `\\x1b]8;;url\\x1b\\\\`: `_terminal`; the first removes the ESC only) and reads a right-to-left
   override's run reversed, as it is displayed (`\u202emoc.elpmaxe@eod.enaj\u202c` reads `jane.doe@example.com`:
   `_overrides`; the first reads it in its order, as a model does);
2a. (PII's view only, `normalize`) a Word run's edge inside a paragraph (`</w:t></w:r><w:r><w:rPr>...</w:rPr><w:t>`)
   and an RFC 2231 parameter's continuation (`; filename*1*=`) read as nothing, so the NER model reads a name split by
   them whole (`_word_runs`, `_continuations`; `proxy.nlp.pii` cuts it back into its pieces, `styled_joints`: html38;
   terminal colour codes stay as the first reading keeps them, ESC alone removed: digits inside one are read);
2b. HTML tags without attributes as a browser lays them out: an inline one (`<b>`, `</i>`, `<span>`) removed
   (`project <b>falcon</b>`, `jane<b>@</b>acme.com`), a block one or a line break (`<br>`, `<p>`, `<li>`) a
   space (`project<br>falcon`); tags with attributes (in the first reading) and non-HTML ones (`List<String>`)
   stay. A quoted mailbox
   (`"jane doe"@acme.com` reads `jane.doe@acme.com`) and a comment next to an `@` (`jane(comment)@acme.com`);
   HTML comments are kept (a model reads what they hold); a second reading removes them (`uncommented`,
   `pattern_readings`: `fal<!-- -->con`, `617-<!-- x -->555-0143`; up to 400 characters inside) and lays out tags
   with attributes as those without (`fal<span class="x">con</span>`, `pro<b hidden>ject`), XML and custom
   elements with a quoted attribute as inline ones (`fal<w:t xml:space="preserve">con</w:t>`), tags without
   attributes of any name in pairs or inside a word or a value, processing instructions, CDATA
   (`pro<label>ject</label>`, `exam</x>ple`, `exam<?x?>ple`, `<b\n>`; not `List<String>`, `vector<int>`:
   `_bare_markup`), BBCode pairs and
   MediaWiki `'''`, `==`, `^`, `++` around part of a word or a value (`jane.doe@[b]example[/b].com`, `pro'''ject'''`;
   `_bbcode`, `_wiki_marks`), and removes empty Markdown links and images (`jane.doe[](x)@example.com`,
   `617-555[]()-0143`: `_empty_links`), and reads a link with text as its text (`212-[555](https://x)-0199`,
   `[Project](x) [Falcon](y)`, Slack, Jira, MediaWiki, Org, AsciiDoc and reST links: `_links`); after the tags,
   Markdown emphasis, strike-through and code-span delimiters around part of a word or of a value
   (`pro**ject**`, `` `pro`ject ``, `jane.doe@**acme**.com`, `4111 **1111** 1111 1111`), around digits inside a
   value's group where the number read so is a value (`4111 1**1**11 1111 1111`, `192.168.1**0**.77`,
   `_in_values`), never around whole words (`**Note:**`, `__init__`), in arithmetic (`3*4*5`, `x**2`,
   `10*1000*1000`), globs or pointers (`_emphasis`); then Markdown backslash escapes of ASCII punctuation next to a
   letter or a digit as the character (`617\\-555\\-0143`, `jane\\.doe@example\\.com`; `\\\\` stays,
   `_backslashes`), then string literals joined in code read as one where they hold a value across the joint
   (`'jane.doe@' + 'example.com'`, `||`, `&`, `CONCAT(`, adjacent literals, `${'...'}`, `exam""ple`: `_concat`);
3. `[at]`, `(at)`, `{at}`, `<at>`, `[@]` between two word characters to `@`; `[dot]`, `(dot)`, `[.]` to `.`;
   the ideographic full stop (`\u3002`, `\uff61`) between ASCII letters or digits to `.`, and other dots (`·`, `・`,
   `ꓸ`, `∙`...) inside an e-mail address with a known top-level domain or an IPv4 address (`_dot_like`); an address
   spelled out in words (`jane at example dot com`, `_spelled`) or with spaces around its `@` and dots
   (`jane @ example . com`, any run of spaces or tabs, `--` around the `@`, `_spaced`) to `jane@example.com`;
   `jane at example.com` after a mail word
   (`mail jane at ...`) or with a person's mailbox (`jane.doe at ...`, `_at_word`) too; an address broken over
   lines at its `@` (`jane.doe\n@acme.com`, `jane.doe@\n\nacme.com`, any number, `_broken_at`) without the line breaks;
   `-at-`, `_at_`, `'at'`, `"at"`, `/at/` and spoken `arroba`/`arobase`/`собака`/`ät` (with `punto`, `point`, `точка`,
   `punkt`...) in an address with a known top-level domain (`_wrapped_at`);
4. separators inside numbers folded to one space, where a recognizer would not read them: runs of
   digit groups (and an IBAN's groups, `DE89 ...`, `GB82 WEST ...`) with 7 or more digits whose
   separators are underscores, slashes, doubled spaces or tabs, spaced punctuation (` - `) or a mix
   (`4111.1111 1111-1111`), or dots between 13 or more digits in groups of 4 or more (a card; never an
   IP address, a date, a version); groups on separate lines or kept apart by `:` `,` `+` `|` `;` (`_lines`);
   a card's groups kept apart by `x` (`4111x1111x1111x1111`; never two groups: `1920x1080`); three or more
   groups of a phone number's, an SSN's or a card's shape kept apart by one same separator throughout that
   none of these reads: any punctuation or symbol, or up to three (`4111*1111*1111*1111`, `078~05~1120`,
   `617'555'0143`, `617#555#0143`, `4111\u20221111...`, `(4111)(1111)(1111)(1111)`, `4111 * 1111 ...`), a
   glued `x` (`617x555x0143`) or a short word (`4111 x 1111 x ...`, `4111 and 1111 and ...`; not `to`, `or`,
   `by`...: a range, a choice, a size); never arithmetic (`3*4*5`), versions, dates, times, sizes, lists:
   their groups have none of those shapes (`bench/view_fold_fp.py`). Groups of those shapes spread out by layout
   (`_spread`): a blank line or any number of line breaks, list markers at line starts, quotes or backticks around each
   group, a separator before a line break, doubled, mixed-length or long separator runs
   (`617\n\n555\n\n0143`, `- 617\n- 555\n- 0143`, `1. 078\n2. 05\n3. 1120`, `"617" "555" "0143"`, `617--555--0143`,
   `4111 - 1111 -- 1111 - 1111`), when the digits can be that value (`_could_be_a_value`); and 7 to 19 single
   digits each kept apart by a separator after a label word (`ssn: 0 7 8 0 5 1 1 2 0` reads `ssn: 078 05 1120`), and
   7 to 19 English digit words after one (`card four one one one, ...` reads `card 4111 ...`, `_digit_words`).
   Not folded either: a phone number after its dialling code (`+1 212-555-0132`, `+44 20.7946.0958`) and a
   date with one separator throughout (`12/1/1981`, `2003-08-28 12:13:52`): recognizers read them as written
   (no pattern reads dates), and each fold makes the text as written worth a second reading (`proxy.nlp.pii`).
   Not read: a card written as the fraction of a number (`0.4111111111111111`): 16-digit fractions are
   common in data and one in twenty passes the card checks (Luhn and issuer prefix: 5.1% of 20,000
   random floats' first 16 digits).
   Other runs of spaces are left as they are: the NER model reads layout (an indented upper-case line is
   a place name).
5. (PII's view only, `normalize`; not `pattern_view`) a value glued to a word read apart from it: a word of
   letters then `-`, `:` or nothing before digit groups of a phone number's, an SSN's or a card's shape
   (`tel-617-555-0143`, `ssn078-05-1120`, `card-4111-1111-1111-1111`), or `-`/`:` before 10 to 19 bare
   digits (`tel:6175550143`): the `-` or `:` reads as a space, or a space is inserted (recognizers want a
   value to start a word and their context words to be words of their own); an IPv4 address too
   (`ip192.168.10.77`), and a word glued after an IPv4 address or such groups (`192.168.10.77to`,
   `call617-555-0143now`). Never `sha256`, `SRE-4410`, `x86-64`, a version. And a space between a letter of
   another script (Han, kana, Hangul, Thai, Cyrillic...) and a run of ASCII with a digit or an `@` glued to it
   (`jane.doe@example.com으로`, `電話番号は617-555-0143です`: `_script_edges`). Look-alike letters of other scripts in
   an e-mail address read as the Latin ones (`jane.doe@example.cοm`: `_mail_lookalikes`), and letters for digits in a
   phone number, an SSN or a card as the digits (`617-555-O143`, `4111 1111 1111 l111`: `_letter_digits`), only
   where the value so read is one.
6. (PII analysis only, `structure_spaced`: one more layer over `normalize`'s view, which other callers read as it is)
   a space beside the punctuation of structured data glued to a word, where a writer who spaces such text puts one:
   compact JSON (`{"name":"Maria Schmidt","id":1}` reads `{"name": "Maria Schmidt", "id": 1}`), CSV and `;` lists
   (`7,Jan Kowalski,Berlin`, `x;Maria`), `|` cells, an XML element's text (`<name> Maria Schmidt </name>`), a
   mention of a full name (`@ Maria Schmidt`) and an arrow before a name (`-> Maria`): spaCy reads the words apart
   (atk12 B H3). Spaces only are added: a span maps back exactly.

Each pass only touches what it matches: a plain ASCII text costs a few scans and is its own view.
Pure functions, CPU only: callers run them off the event loop (analysis workers, the guard's threads).
"""

from __future__ import annotations

import base64
import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from proxy.nlp.b6446 import digits46, digits46_hint, encoded46, encoded46_hint  # (b6446: atk45 F12, F13, F07, F10)
from proxy.nlp.back46 import code46, code46_hint, wraps46, wraps46_hint  # code-built values, wrapped mailboxes (back46)
from proxy.nlp.cjk33 import CJK_EDGE, cjk_joints, cjk_points  # Latin words glued to CJK letters (cjk33)
from proxy.nlp.confusables import BEFORE_NFKC, LOOKALIKES
from proxy.nlp.enc40 import hex_hint, hex_text, latex_text, legacy_qp  # hex text, LaTeX, legacy QP (enc40)
from proxy.nlp.enc41 import raw_jis  # raw ISO-2022-JP runs no header declares (nm42)
from proxy.nlp.enc42 import encoded_hint, encoded_text  # base64 in answers, short cued hex, base32, Ascii85 (enc42)
from proxy.nlp.enc44 import cdata44, joins44, joins44_hint  # line continuations, CDATA, C1 controls (enc44)
from proxy.nlp.esc39 import latex_ties, percent_letters  # LaTeX ties; legacy charsets' percent-escapes (esc39)
from proxy.nlp.file36 import tj_strings  # PDF TJ arrays and Tj runs read joined (file36, atk35 F09)
from proxy.nlp.fixw37 import wrapped_cards, wrapped_hint  # a card number wrapped over two lines (atk36 F16)
from proxy.nlp.fold31 import escapes31, unfold  # iCalendar/vCard folds; CSS, RTF, QP header escapes (fold31)
from proxy.nlp.gds34 import unconc  # GEDCOM CONC/CONT continuations (gds34, atk33 F11)
from proxy.nlp.html44 import (  # (html44)
    hidden_hint,
    hidden_spans,
    latex44,
    rendered44,
    rtl_runs,
    shortcodes,
    shortcodes_hint,
)
from proxy.nlp.mail40 import MAIL_TLDS, tld_ok, vs_runs  # (mail40)
from proxy.nlp.misc45 import MAIL_ATS, MAIL_DOTS, fancy_hint, fancy_text, mail_words_hint, pair_open  # (misc45)
from proxy.nlp.num33 import table_row  # a numeric table's row: cells, not one value's groups (num33)
from proxy.nlp.num40 import ocr_labelled, ocr_labelled_hint  # (num40: `SSN: S23-4S-6789`)
from proxy.nlp.ocr38 import OCR_LIKE, ocr_cards, ocr_cards_hint, ocr_iban, ocr_mail_hint, ocr_mail_tlds  # (ocr38)
from proxy.nlp.rend45 import rendered45, rendered45_any, terminal45  # terminal, renderers' syntaxes (rend45)
from proxy.nlp.rgx45 import joins45, joins45_hint, regex45, regex45_hint  # regexes, literals over lines (rgx45)
from proxy.nlp.spell28 import spoken_numbers, spoken_numbers_hint  # numbers read out as words (spell28)

__all__ = ["INVISIBLE", "MARKUP_CHARS", "OPEN_HOLD", "RENDERED_HOLD", "RENDERED_REACH", "View", "comment_open",
           "emphasis_across", "escape_spans", "has_tags", "joined_reading", "markup_open", "markup_spans", "normalize",
           "number_open", "pattern_readings", "pattern_view", "rendered_open", "rendered_start", "spelled_addresses",
           "squeezed", "structure_spaced", "styled_joints", "uncommented",
           "url_regions"]

# (view start, view end, original start, original end) of one replaced stretch, view order.
Edit = tuple[int, int, int, int]


class _Layer:
    """The edits of one pass: maps offsets of its output back to offsets of its input."""

    __slots__ = ("edits", "starts")

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = edits
        self.starts = [e[0] for e in edits]

    def start(self, p: int) -> int:
        """Where a span starting at `p` starts in the input: a span starting inside a replacement takes
        all of it; invisible characters removed just before it stay out."""
        i = bisect.bisect_right(self.starts, p) - 1
        if i < 0:
            return p
        _, ve, os_, oe = self.edits[i]
        return os_ if p < ve else oe + (p - ve)

    def end(self, p: int) -> int:
        """Where a span ending at `p` ends in the input (a replacement it ends inside is taken whole;
        invisible characters removed just after it stay out)."""
        i = bisect.bisect_left(self.starts, p) - 1
        if i < 0:
            return p
        _, ve, _, oe = self.edits[i]
        return oe if p <= ve else oe + (p - ve)


@dataclass(frozen=True, slots=True)
class View:
    """A normalised text and the map back to the original (`span`)."""

    text: str
    original: str
    layers: tuple[_Layer, ...] = ()

    @property
    def identity(self) -> bool:
        """The view is the original (nothing was normalised)."""
        return not self.layers

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original's (start, end) for the view's [start, end): every original character that became
        part of the span, the invisible ones inside it included."""
        for layer in reversed(self.layers):
            start, end = layer.start(start), layer.end(end)
            end = max(start, end)  # an empty span at removed characters stays empty
        return start, end


# A pass yields (start, end, replacement) for stretches of its input, in order, without overlaps.
Pass = Callable[[str], Iterator[tuple[int, int, str]]]


def _apply(text: str, edits: Iterator[tuple[int, int, str]]) -> tuple[str, _Layer | None]:
    out: list[str] = []
    layer: list[Edit] = []
    pos = view = 0
    for a, b, new in edits:
        if text[a:b] == new:
            continue
        out.append(text[pos:a])
        view += a - pos
        layer.append((view, view + len(new), a, b))
        out.append(new)
        view += len(new)
        pos = b
    if not layer:
        return text, None
    out.append(text[pos:])
    return "".join(out), _Layer(layer)


# --------------------------------------------------------------------------- 0. tag characters

# The tag characters that spell printable ASCII (U+E0020 space .. U+E007E `~`). The language tag (U+E0001)
# and the cancel tag (U+E007F) spell nothing: step 2 removes them with the other format characters.
_TAGS = re.compile("[\U000e0020-\U000e007e]")


def has_tags(text: str) -> bool:
    """Whether `text` holds a tag character that spells printable ASCII."""
    return _TAGS.search(text) is not None


def _tags(text: str) -> Iterator[tuple[int, int, str]]:
    """Each tag character as the ASCII character it encodes (one edit each: a span maps back exactly)."""
    if text.isascii():
        return
    edits = [(m.start(), m.end(), chr(ord(m.group()) - 0xE0000)) for m in _TAGS.finditer(text)]
    yield from sorted(edits + list(vs_runs(text))) if "\ufe00" <= max(text) else edits  # (mail40: selectors)


# --------------------------------------------------------------------------- 1. escapes

_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrtfv/\"'])|u\{([0-9a-fA-F]{1,6})\}|([0-3][0-7]{2})"
                     r"|U([0-9a-fA-F]{8}))")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "f": "\n", "v": "\n", "/": "/", '"': '"', "'": "'"}
# Other syntaxes (atk10 B-L1): Perl's, PCRE's and Ruby's `\\x{40}` (read as `\\u{40}` is), Python's named escape
# `\\N{COMMERCIAL AT}` (a name of up to 88 letters, digits, spaces and hyphens that `unicodedata.lookup` knows) and a
# CSS escape (`\\40 `: a backslash, hex digits and one optional space), this last only where it makes printable ASCII
# punctuation (`@`, `.`, `-`...: up to 4 zeros then 2 hex digits from 21 to 7E, the 6-digit form ending the escape
# whatever follows: `\\000040example`; a path's `\\2024\\`, `\\dev`, a
# regex's `\\d` or `\\1`, `\\31 ` for `1` stay as written). A regular expression of their own: one with all the
# syntaxes scans a text of many backslashes (LaTeX, Windows paths) three to four times slower. Where both read at one
# backslash, `_ESCAPE` wins (`\\040` is octal, as before) unless it reads nothing printable (`\\0040 `, `\\000040`).
_MORE_ESCAPES = re.compile(r"\\(?=[xN0-7])(?:x\{([0-9a-fA-F]{1,6})\}|N\{([A-Za-z0-9 -]{1,88})\}"
                           r"|(0000[2-7][0-9a-fA-F]|0{0,3}[2-7][0-9a-fA-F](?![0-9a-fA-F])) ?)")


def _escapes(text: str) -> Iterator[tuple[int, int, str]]:
    if "\\" not in text:
        return
    more = {m.start(): m for m in _MORE_ESCAPES.finditer(text)}
    if not more:
        yield from _plain_escapes(text, more)
        return
    # (neither kind holds a backslash after its first character: only one starting at the same one overlaps)
    yield from sorted([*_plain_escapes(text, more), *_more_escapes(more.values())])


def _more_escapes(found: Iterable[re.Match[str]]) -> Iterator[tuple[int, int, str]]:
    for m in found:
        braced, named, css = m.groups()
        if css is not None:  # `\\40 ` (CSS): printable ASCII punctuation only
            code = int(css, 16)
            if 0x21 <= code <= 0x7E and not chr(code).isalnum():
                yield m.start(), m.end(), chr(code)
        elif named is not None:  # `\\N{COMMERCIAL AT}` (Python)
            try:
                yield m.start(), m.end(), unicodedata.lookup(named)
            except KeyError:
                continue
        else:  # `\\x{40}`
            code = int(braced, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                yield m.start(), m.end(), chr(code)


def _plain_escapes(text: str, more: dict[int, re.Match[str]]) -> Iterator[tuple[int, int, str]]:
    """The escapes of `_ESCAPE`; each start of one is taken out of `more` (it wins there), but for an octal one that
    reads nothing: `\\000040` and `\\0040 ` are CSS's `@`, not a NUL then digits."""
    for m in _ESCAPE.finditer(text):
        u, x, simple, braced, octal, wide = m.groups()
        if octal is None:
            more.pop(m.start(), None)
        if braced is not None or wide is not None:  # `\\u{40}` (JavaScript, Rust, Swift, PHP), `\\U00000040` (Python)
            code = int(braced if braced is not None else wide, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                yield m.start(), m.end(), chr(code)
        elif octal is not None:  # `\\100` (C, shell, Python bytes): printable ASCII only
            decoded = chr(int(octal, 8))
            # Between digits it is a separator between a number's groups (`4111\\1111\\1111\\1111`), not `I`.
            between = m.start() and text[m.start() - 1].isdigit() and text[m.end():m.end() + 1].isdigit()
            if " " <= decoded <= "~" and not between:
                more.pop(m.start(), None)
                yield m.start(), m.end(), decoded
        elif u is not None:
            code = int(u, 16)
            if 0xD800 <= code <= 0xDFFF:
                continue  # half of a surrogate pair: left as written
            yield m.start(), m.end(), chr(code)
        elif x is not None:
            yield m.start(), m.end(), chr(int(x, 16))
        else:
            yield m.start(), m.end(), _SIMPLE[simple]


# --------------------------------------------------------------------------- 1a. URLs as a form reads them

# A URL (a scheme's `://` or `www.` to the next space or quote) and a query string (`?key=` to the next space, in a
# URL or not: `/search?q=...`). In either a `+` between two characters is a space (HTML forms, browsers' address
# bars and search engines write a space so: `?q=who+called+me+617-555-0143`, `/maps/place/Maria+Schmidt`), except
# after a delimiter (`=`, `/`, `:`...) before a digit, where it is an international prefix as people type it
# (`?phone=+4917612345678`, `wa.me/+1415...`), and in a mailbox (`?email=jane+news@acme.com`). A query's `?` and `&`
# before a `key=` are spaces too, and so is the `/` before a path segment that holds a space (`%20`, `+`): the NER
# model's tokenizer takes a URL for one word up to its first space (`https://x.test/?q=Jan`), so a name there was
# never read whole (atk12 B M3: `?q=Maria%20Schmidt` left `Maria`, `?name=Jan%20Kowalski&x=1` was not read, and the
# name's span took the URL with it). One character for one: a span maps back to exactly what was written.
_URL = re.compile(r"(?i)(?<![\w.+-])(?:[a-z][a-z0-9+.-]{0,15}://|www\.)(?=[^\s<>\"'`])")
_QUERY = re.compile(r"(?<!\?[QqBb])\?(?=[\w.%\[\]-]{1,64}=)")  # (not a mail header's `=?UTF-8?Q?J=C3=BC...?=`)
_URL_END = re.compile(r"[\s<>\"'`]")
_PARAMETER = re.compile(r"[?&](?=[\w.%\[\]-]{1,64}=)")
_FORM_PLUS_BEFORE = frozenset("=/?&#:;,+([{")  # a `+` after these starts a value (`=+49...`): kept
_FORM_RUN = re.compile(r"(?<![\w.+-])[\w.+-]*\+[\w.+-]*")  # a run of a mailbox's characters with a `+` in it
_SPACED_SEGMENT = re.compile(r"/(?=[^/?#]*?(?:%20|[^/?#+]\+[^/?#+\s]))")  # (not a prefix: `wa.me/+1415...`)


_WWW = re.compile(r"(?i)(?<![\w.+-])www\.(?=[^\s<>\"'`])")
# (`[a-z]` under `(?i)` also takes the four letters whose simple case folding is ASCII: `İ`, `ı`, `ſ`, Kelvin `K`)
_SCHEME_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131\u017f\u212a")
_SCHEME_CHARS = _SCHEME_LETTERS | frozenset("0123456789+.-")
_NOT_AFTER_URL = frozenset(" \t\n\r\f\v<>\"'`")


def _url_starts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each match of `_URL` in `text`, as `_URL.finditer` gives them (a test holds them equal), from
    the `://` found by `str.find` back to its scheme: the expression scanned every letter of a text (0.5 ms per
    2,000 characters)."""
    found: list[tuple[int, int]] = []
    at = text.find("://")
    while at >= 0:
        s = at
        while s > 0 and at - s < 17 and text[s - 1] in _SCHEME_CHARS:
            s -= 1
        after = text[at + 3:at + 4]
        if 1 <= at - s <= 16 and text[s] in _SCHEME_LETTERS and after and not after.isspace() \
                and after not in _NOT_AFTER_URL \
                and not (s and (text[s - 1] in "_.+-" or text[s - 1].isalnum())):
            found.append((s, at + 3))
        at = text.find("://", at + 1)
    if "www." in text or "WWW." in text or "www" in text.lower():
        found += ((m.start(), m.end()) for m in _WWW.finditer(text))
        found.sort(key=lambda se: (se[0], -se[1]))  # (at one start the scheme's wins: `www.://`)
    out: list[tuple[int, int]] = []
    for a, b in found:  # (finditer's matches never overlap)
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


def _at_char(pattern: re.Pattern[str], text: str, char: str, pos: int = 0,
             endpos: int | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos, endpos)` for a pattern whose matches start at `char` (after a look-behind): from
    `str.find`, as the expression's look-behind makes `re` try every position of the text (`_QUERY`: 0.1 ms per
    2,000 characters). Matches do not overlap, as finditer's."""
    stop = len(text) if endpos is None else endpos
    at = text.find(char, pos, stop)
    while at >= 0:
        m = pattern.match(text, at, stop)
        if m is not None:
            yield m
            at = text.find(char, max(m.end(), at + 1), stop)
        else:
            at = text.find(char, at + 1, stop)


def url_regions(text: str) -> list[tuple[int, int, int]]:
    """(start, query start or -1, end) of each URL (after its `://`) and bare query string of `text`, in order,
    without overlaps."""
    out: list[tuple[int, int, int]] = []
    for m_start, m_end in _url_starts(text) if "://" in text or "www." in text or "WWW." in text else ():
        if out and m_start < out[-1][2]:
            continue
        end = _URL_END.search(text, m_end)
        stop = end.start() if end is not None else len(text)
        query = next(_at_char(_QUERY, text, "?", m_end, stop), None)
        out.append((m_end, query.start() if query is not None else -1, stop))
    if "?" not in text:
        return out
    bare: list[tuple[int, int, int]] = []
    i = done = 0
    for m in _at_char(_QUERY, text, "?"):
        while i < len(out) and out[i][2] <= m.start():
            i += 1
        if m.start() < done or (i < len(out) and out[i][0] <= m.start()):
            continue  # inside a URL, or a query string read already
        end = _URL_END.search(text, m.end())
        done = end.start() if end is not None else len(text)
        bare.append((m.start(), m.start(), done))
    return sorted(out + bare)


# Outside a URL: a parameter's `&` glued to the value before it, after a query string on the same line
# (`?name=Jan Kowalski&x=1`, the space left as typed ends the URL; not `a=40&b=example.com` alone), and a run of
# words and values joined by `+`, as a query is pasted from a search box's URL (`who+called+me+617-555-0143`,
# `contact+Maria+Schmidt`): two `+` or more and a lower-case word of two letters or more among the run's tokens (not
# `Ctrl+Shift+Esc`, `a+b+c`, `1+2+3`, `str1+str2+str3`), or one `+` between a word and a value's printed groups
# (`a+617-555-0143`: a `+` glued before the digits read as an international prefix).
_LOOSE_PARAMETER = re.compile(r"(?<=[\w%.])&(?=[\w.%\[\]-]{1,64}=(?!=))")
# (possessive, and a run's first character only: linear)
_PLUS_RUN = re.compile(r"(?<![\w.()'+@-])[\w.()'-]++(?:\+[\w.()'-]++)++(?![+@])")
_PLUS_WORD = re.compile(r"[^\W\d_]+(?:['.-][^\W\d_]+)*+\.?|[(0-9][0-9().-]*+")
_LOWER_WORD = re.compile(r"[a-z]{2,}")
_PLUS_VALUE = re.compile(r"\(?[0-9]+\)?(?:[ .-][0-9]+)+")


def _in_plus_run(ch: str) -> bool:
    return ch.isalnum() or ch in "_.()'-+"  # `[\w.()'+-]`: what `_PLUS_RUN` reads, its `+` included


def _plus_run_matches(text: str) -> Iterator[re.Match[str]]:
    r"""`_PLUS_RUN.finditer(text)` from each `+` by `str.find` (its look-behind made `re` try every position: a
    quarter of `normalize`'s time on prose). A match starts where a run of `[\w.()'+-]` begins and spans the run, so
    the expression is tried once per run, at its start; a run that fails is skipped whole (linear)."""
    at = text.find("+")
    while at >= 0:
        start = at
        while start > 0 and _in_plus_run(text[start - 1]):
            start -= 1
        m = _PLUS_RUN.match(text, start)
        if m is not None:
            yield m
            at = text.find("+", m.end())
            continue
        end = at + 1
        while end < len(text) and _in_plus_run(text[end]):
            end += 1
        at = text.find("+", end)


def _plus_runs(text: str, regions: list[tuple[int, int, int]]) -> Iterator[int]:
    """Where each `+` of a `+`-joined run outside `regions` that reads as spaces is (see above)."""
    starts = [a for a, _, _ in regions]
    for m in _plus_run_matches(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < regions[i][2]:
            continue  # (a URL's: read above)
        tokens = m.group().split("+")
        if not all(len(t) <= 30 and _PLUS_WORD.fullmatch(t) for t in tokens):
            continue  # an identifier or base64 (`str1+str2`, `aGVsbG8+d29y`), not words and values
        if len(tokens) >= 3 and any(_LOWER_WORD.fullmatch(t) for t in tokens) or len(tokens) == 2 \
                and tokens[0].isalpha() and (value := _PLUS_VALUE.fullmatch(tokens[1].rstrip("."))) is not None \
                and tuple(len(g) for g in re.findall(r"[0-9]+", value.group())) in _GROUP_SHAPES:
            yield from (k for k in range(m.start(), m.end()) if text[k] == "+")


def _form_spaces(text: str) -> Iterator[tuple[int, int, str]]:
    if "+" not in text and "?" not in text and "%20" not in text and "&" not in text:
        return
    found: set[int] = set()
    regions = url_regions(text)
    for start, query, end in regions:
        if "+" in text[start:end]:
            for run in _FORM_RUN.finditer(text, start, end):
                if text[run.end():run.end() + 1] == "@":
                    continue  # a mailbox (`jane+news@acme.com`)
                at = text.find("+", run.start(), run.end())
                while at >= 0:
                    before, after = text[at - 1], text[at + 1:at + 2]
                    if after and not after.isspace() and after not in "+&#" and not before.isspace() \
                            and before not in _FORM_PLUS_BEFORE:
                        found.add(at)
                    at = text.find("+", at + 1, run.end())
        if query >= 0:
            found.update(m.start() for m in _PARAMETER.finditer(text, query, end))
        found.update(m.start() for m in _SPACED_SEGMENT.finditer(text, start, query if query >= 0 else end))
    if "&" in text and regions:
        starts = [a for a, _, _ in regions]
        for m in _at_char(_LOOSE_PARAMETER, text, "&"):  # after a query string on the same line only
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and regions[i][1] >= 0 and text.rfind("\n", regions[i][1], m.start()) < 0:
                found.add(m.start())
    if "&" in text:
        found.update(_form_body_amps(text, regions))
    if "+" in text:
        found.update(_plus_runs(text, regions))
        if "=" in text:  # a form's phone number and a `key=` value's words (join39, atk39 F05)
            from proxy.nlp.join39 import form_pluses

            found.update(form_pluses(text, regions))
    for at in sorted(found):
        yield at, at + 1, " "


# A form-encoded body outside a URL (a POST body, `curl -d 'name=Jordan%20Smith&role=admin'`, `Owner=Jordan
# Smith&team=x`; atk16 A M3): a `&` glued after a value that ends in a letter and before the next `key=`, the value's
# own `key=` starting the line, a word or the body (after a space, a quote, a bracket or another `&`), is a space as
# in a query string, so the NER model reads the surname glued to it. Not `a=40&b=example.com` (a number before the
# `&`), nor an HTML entity (`&amp;`: no `=` after it).
_FORM_AMP = re.compile(r"(?<=[^\W\d_])&(?=[A-Za-z_][\w.%\[\]-]{0,63}=(?!=))")
_FORM_PAIR_BEFORE = re.compile(r"(?<![^\s'\"(&])[A-Za-z_][\w.\[\]-]{0,63}=[^=&\n\"'<>]{1,200}\Z")


def _form_body_amps(text: str, regions: list[tuple[int, int, int]]) -> Iterator[int]:
    """Where each `&` of a form-encoded body outside `regions` (URLs and query strings, read above) is (see above)."""
    starts = [a for a, _, _ in regions]
    for m in _at_char(_FORM_AMP, text, "&"):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < regions[i][2]:
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        if _FORM_PAIR_BEFORE.search(text, max(line, m.start() - 270), m.start()) is not None:
            yield m.start()


# --------------------------------------------------------------------------- 2. Unicode

# Invisible characters that are not Cf: Hangul fillers, combining grapheme joiner, variation selectors,
# Mongolian free variation selectors, Khmer inherent vowels, braille blank.
_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800, 0x3164, 0xFFA0]
    + list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0)))
# Format characters (Cf) and the invisibles above (Unicode 14 tables; a test checks them against the
# running Python's `unicodedata`): what the view removes, and what `INVISIBLE` finds.
_CF = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
       "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
       "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_OTHER_INVISIBLE = ("\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
                    "\U000e0100-\U000e01ef")
# Spaces (Zs, Zl, Zp), dashes (Pd) and minus signs.
_SPACES_DASHES = ("\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029"
                  "\u02d7\u058a\u05be\u1400\u1806\u2010-\u2015\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d"
                  "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead")
INVISIBLE = re.compile(f"[{_CF}{_OTHER_INVISIBLE}]")
# Everything non-ASCII the Unicode pass may change besides NFKC; non-ASCII decimal digits are caught by
# `\d` (not `[0-9]`).
_ENCLOSING = "\u0488\u0489\u1abe\u20dd-\u20e0\u20e2-\u20e4\ua670-\ua672"  # Me: keycap, circle, square...
# Enclosed digits and Latin letters (`⑷`, `⒋`, `⒜`, `❻`, `➏`, `⓵`, `🅐`): the digit or the letter itself.
_ENCLOSED = "\u2460-\u24ff\u2776-\u2793\U0001f100-\U0001f1e5"
_CHANGES = re.compile(f"[{_CF}{_OTHER_INVISIBLE}{_SPACES_DASHES}{_ENCLOSING}{_ENCLOSED}]|(?![0-9])\\d")
# A run of non-ASCII characters, or an ASCII control character and the run right after it if any, found by a scan
# for a character class (`_non_ascii_runs` adds the character before a run: the spans of `(?s).?[^\x00-\x7f]+|
# [\x00-\x08\x0b\x0c\x0e-\x1f\x7f]`, a pattern the regular expression engine tries at every character, three times
# the cost on text with accented names).
_NON_ASCII_RUNS = re.compile(r"[^\t\n\r\x20-\x7e][^\x00-\x7f]*")


def _non_ascii_runs(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each run of non-ASCII characters with the character before it (when the run before has
    not taken it), and of each ASCII control character with the run right after it if any, in order."""
    done = 0
    for m in _NON_ASCII_RUNS.finditer(text):
        a, b = m.span()
        if a > done and text[a] >= "\x80":
            a -= 1
        yield a, b
        done = b


# --------------------------------------------------------------------------- 1b. percent and HTML

# A run of percent-escapes (`%40`, `%C3%A9`), decoded when it is UTF-8; HTML character references
# (`&#64;`, `&#x40;`, `&commat;`, `&nbsp;`), decoded when they name a character. A numeric reference
# without its `;` (`&#64example`, `proj&#101ct`) is decoded as a browser does, except that a hex one whose
# digits run on into the word (`&#x40e` in `&#x40example`) reads as the ASCII character its first two
# digits make; of the named ones, only the few that are written without `;` to hide a space or a
# separator (`&nbsp`, `&amp`, `&lt`, `&gt`, `&quot`, `&shy`).
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# JavaScript `escape()`'s `%u0040` (atk10 B-L1): a UTF-16 code unit; a lone surrogate stays as written.
_PERCENT_U = re.compile(r"%[uU]([0-9A-Fa-f]{4})")
_ENTITY = re.compile(r"&(?:#0*[0-9]{1,7};?|#[xX]0*[0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};"
                     r"|(?:nbsp|amp|AMP|lt|LT|gt|GT|quot|QUOT|shy)(?![A-Za-z0-9]*;))")


def _reference(ref: str) -> tuple[int, str]:
    """(how many characters of `ref` (`&...`) make the reference, what it decodes to)."""
    decoded = html.unescape(ref)
    if ref.endswith(";") or not ref.startswith(("&#x", "&#X")) or decoded.isascii():
        return len(ref), decoded
    # A hex reference without `;` whose digits ran on: the longest prefix that is an ASCII character.
    for end in range(len(ref) - 1, 3, -1):
        short = html.unescape(ref[:end] + ";")
        if short.isascii() and (short.isprintable() or short.isspace()):
            return end, short
    return len(ref), decoded


def _entities(text: str) -> Iterator[tuple[int, int, str]]:
    has_percent, has_amp = "%" in text, "&" in text
    if not (has_percent or has_amp):
        return
    found: list[tuple[int, int, str]] = []
    if has_percent:
        for m in _PERCENT.finditer(text):
            try:
                decoded = bytes.fromhex(m.group().replace("%", "")).decode("utf-8")
            except UnicodeDecodeError:
                continue
            visible = INVISIBLE.sub("", decoded)  # an encoded zero-width space or joiner is removed with the rest
            if visible.isprintable() or visible.isspace():
                found.append((m.start(), m.end(), decoded))
        if "%u" in text or "%U" in text:
            for m in _PERCENT_U.finditer(text):
                code = int(m.group(1), 16)
                if not 0xD800 <= code <= 0xDFFF and (chr(code).isprintable() or chr(code).isspace()
                                                     or INVISIBLE.fullmatch(chr(code))):
                    found.append((m.start(), m.end(), chr(code)))
            found.sort()
        if legacy := percent_letters(text, legacy_only=True):  # (Shift_JIS, GBK, windows-1251 names: esc39)
            found = sorted([f for f in found if not any(a < f[1] and f[0] < b for a, b, _ in legacy)] + legacy)
    if has_amp:
        for m in _ENTITY.finditer(text):
            size, decoded = _reference(m.group())
            if decoded != m.group() and len(decoded) <= 2 and "\ufffd" not in decoded \
                    and (decoded.isprintable() or decoded.isspace() or INVISIBLE.fullmatch(decoded)):
                found.append((m.start(), m.start() + size, decoded))
        found.sort()
    yield from found  # the kinds never overlap: none contains another's first character (`%u` is no `%XX`)


_ONE_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def escape_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each `%XX` escape and character reference of `text` as written that the view decodes (one
    escape of a run apiece: `%C3%A9` is two)."""
    if "%" not in text and "&" not in text:
        return []
    out: list[tuple[int, int]] = []
    for a, b, _ in _entities(text):
        if text[a] == "%" and b - a > 3 and text[a + 1] not in "uU":
            out += [m.span() for m in _ONE_PERCENT.finditer(text, a, b)]  # (`%93n`: a letter kept in it, esc39)
        else:
            out.append((a, b))
    return out


# Quoted-printable `=40` (`@`) and `=2E` (`.`) in an address (`jane=40example.com`, `jane=40example=2Ecom`):
# only where what follows is a domain ending in a known top-level domain (`a=40` alone is an assignment).
_QP = re.compile(r"(?i)(?<![\w.=+-])[a-z0-9][\w.+-]*=40[a-z0-9][\w-]*(?:(?:\.|=2E)[a-z0-9][\w-]*)*(?:\.|=2E)"
                 r"(?:COM|NET|ORG|IO|EDU|GOV|MIL|CO|UK|DE|FR|CA|AU|NL|ES|JP|CN|BR|RU|CH|SE|DK|FI|PL|IE|NZ"
                 r"|INFO|BIZ|AI|DEV|APP|US|EU|XYZ)(?![\w@=-])")
_QP_ESCAPE = re.compile(r"=(40|2[Ee])")


# Quoted-printable soft line breaks (RFC 2045 5.1: `=` then a line break, every 76 characters of a QP mail body; a
# QP encoder puts one anywhere, inside a word or a value: `jane.doe@exam=\nple.com`, `617-555-=\n0143`,
# `pro=\nject`) removed where they sit between two characters that are not whitespace (`x =\n  y` stays; `==\n`
# stays). In a text that has one, or two or more runs of `=XX` escapes between letters or digits (`617=2D555=2D0143`,
# `J=C3=BCrgen M=C3=BCller`), the runs (upper-case hex, as QP writes them) glued to a letter or a digit are decoded
# too, as UTF-8, where that makes printable characters. RFC 2047 encoded-words (a raw mail header's
# `=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=`, `=?utf-8?B?...?=`) read as the text they encode (atk10 B-H2).
_SOFT_BREAK = re.compile(r"(?<=[^\s=])=\r?\n(?=\S)")
_QP_RUN = re.compile(r"(?:=[0-9A-F]{2})+")
_ENCODED_WORD = re.compile(r"=\?([A-Za-z0-9_.:-]{1,40})(?:\*[A-Za-z-]{1,20})?\?([QqBb])\?([^?\s]{0,2000})\?=")
_Q_RUN = re.compile(r"(?:=[0-9A-Fa-f]{2})+")


def _qp_run(run: str, charset: str = "utf-8") -> str | None:
    """What a run of `=XX` escapes encodes; None where that is not printable, or holds an ASCII letter or digit (QP
    never writes those so: `617=555=0143` is a number with `=` between its groups)."""
    try:
        decoded = bytes.fromhex(run.replace("=", "")).decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None
    return decoded if decoded.isprintable() and not any(c.isascii() and c.isalnum() for c in decoded) else None


def _glued_run(text: str, a: int, b: int) -> bool:
    """Whether the run of escapes at `text[a:b]` sits between two ASCII letters or digits."""
    return a > 0 and b < len(text) and text[a - 1].isascii() and text[a - 1].isalnum() \
        and text[b].isascii() and text[b].isalnum()


def _encoded_word(text: str, m: re.Match[str]) -> Iterator[tuple[int, int, str]]:
    from proxy.nlp.mime39 import codec_of, q_body  # (mime39: ISO-2022-JP, Shift_JIS, GB2312... as their supersets)

    charset, kind, body = codec_of(m.group(1)) or m.group(1), m.group(2).upper(), m.group(3)
    if kind == "B":
        try:
            decoded = base64.b64decode(body + "=" * (-len(body) % 4), validate=True).decode(charset)
        except (ValueError, UnicodeDecodeError, LookupError):
            return
        if decoded.isprintable():
            yield m.start(), m.end(), decoded
        return
    try:
        "".encode(charset)
    except LookupError:
        return
    yield m.start(), m.start(3), ""
    if (read := q_body(text, m.start(3), m.end(3), charset)) is not None:  # (mime39: byte by byte, any charset)
        yield from read
        yield m.end(3), m.end(), ""
        return
    at = m.start(3)
    for r in _Q_RUN.finditer(body):
        for i, ch in enumerate(body[at - m.start(3):r.start()]):
            if ch == "_":
                yield at + i, at + i + 1, " "
        word = _qp_run(r.group().upper(), charset)
        if word is not None:
            yield m.start(3) + r.start(), m.start(3) + r.end(), word
        at = m.start(3) + r.end()
    for i, ch in enumerate(text[at:m.end(3)]):
        if ch == "_":
            yield at + i, at + i + 1, " "
    yield m.end(3), m.end(), ""


def _quoted_printable(text: str) -> Iterator[tuple[int, int, str]]:
    words = list(_ENCODED_WORD.finditer(text)) if "=?" in text else []
    soft = "=\n" in text or "=\r\n" in text
    breaks = [(m.start(), m.end(), "") for m in _SOFT_BREAK.finditer(text)] if soft else []
    qp_text = bool(breaks)
    if not qp_text:
        glued = (m for m in _QP_RUN.finditer(text) if _glued_run(text, m.start(), m.end())
                 and _qp_run(m.group()) is not None)
        qp_text = next(glued, None) is not None and next(glued, None) is not None
    found: list[tuple[int, int, str]] = []
    if qp_text:
        for m in _QP_RUN.finditer(text):
            a, b = m.start(), m.end()
            if not (a > 0 and text[a - 1].isascii() and text[a - 1].isalnum()
                    or b < len(text) and text[b].isascii() and text[b].isalnum()):
                continue
            decoded = _qp_run(m.group())
            if decoded is not None:
                found.append((a, b, decoded))
    elif "=40" in text:
        for m in _QP.finditer(text):
            for e in _QP_ESCAPE.finditer(m.group()):
                found.append((m.start() + e.start(), m.start() + e.end(), "@" if e.group(1) == "40" else "."))
    from proxy.nlp.mime39 import UTF8_HINT, utf8_runs

    if legacy := legacy_qp(text):  # (enc40: Shift_JIS, ISO-8859-1 QP no header declares)
        found = [f for f in found if not any(a <= f[0] < b for a, b, _ in legacy)] + legacy
        breaks = [f for f in breaks if not any(a <= f[0] < b for a, b, _ in legacy)]
    elif breaks or UTF8_HINT.search(text):  # (mime39: a QP body's UTF-8 runs, over soft breaks: `=D0=94=D0=BC=\n`)
        more, spans = utf8_runs(text)
        if spans:
            found = [f for f in found if not any(a <= f[0] < b for a, b in spans)] + more
            breaks = [f for f in breaks if not any(a <= f[0] < b for a, b in spans)]
    if words:
        spans = [(w.start(), w.end()) for w in words]
        found = [f for f in found + breaks if not any(a <= f[0] < b for a, b in spans)]
        for w in words:
            found.extend(_encoded_word(text, w))
        from proxy.nlp.mime39 import adjacent_words  # (mime39: `?= =?` between two words read as nothing)

        found.extend(adjacent_words(text, words))
        found.sort()
    elif breaks:
        found = sorted(found + breaks)
    else:
        found.sort()
    yield from found


# --------------------------------------------------------------------------- 1c. invisible between groups

# Digit groups kept apart by invisible characters only (`617\u200b555\u200b0143`): removing them would
# leave a bare `6175550143`, which a recognizer may not score. Where the groups have the shape of a phone
# number, an SSN or a card, each invisible run becomes a space; elsewhere it is removed (step 2).
_INV_CLASS = f"[{_CF}{_OTHER_INVISIBLE}]+"
_INV_GROUPS = re.compile(rf"\d(?<!\d\d)\d*(?:{_INV_CLASS}\d+)+(?!\d)")  # (`(?<!\d)\d+` from its first digit)
_INV_RUN = re.compile(_INV_CLASS)
_GROUP_SHAPES = frozenset({(3, 4), (3, 3, 4), (1, 3, 3, 4), (2, 3, 3, 4), (3, 2, 4), (4, 4, 4, 4), (4, 6, 5),
                           (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 2), (4, 4, 4, 3)})


def _invisible_groups(text: str) -> Iterator[tuple[int, int, str]]:
    if text.isascii():
        return
    for m in _INV_GROUPS.finditer(text):
        runs = list(_INV_RUN.finditer(m.group()))
        groups = tuple(len(g) for g in _INV_RUN.split(m.group()))
        if groups in _GROUP_SHAPES:
            for r in runs:
                yield m.start() + r.start(), m.start() + r.end(), " "



# Words kept apart by invisible or blank-looking characters only, where a lower-case letter meets a capital
# (`Theodore\u2800Hargreaves` with a braille blank or a Hangul filler, which show as a space; `Theodore\u200bHargreaves`
# with a zero-width space, U+180E or a cancel tag after a listed given name; atk39 F07): removed, they would glue the
# words into one (`TheodoreHargreaves`) that no reader takes for a name; each such run becomes a space. Inside a word
# (`Theo\u200bdore`), or a zero-width one after a word no list holds as a given name (`Power\u200bShell`), it is
# removed (step 2), as before.
_INV_WORDS = re.compile(rf"(?<=[^\W\d_]){_INV_CLASS}(?=[^\W\d_])")
_BLANK_LOOKING = frozenset("\u2800\u3164\u115f\u1160\uffa0")
_WORD_BEFORE = re.compile(r"[^\W\d_]+\Z")


def _invisible_words(text: str) -> Iterator[tuple[int, int, str]]:
    if text.isascii():
        return
    for m in _INV_WORDS.finditer(text):
        before, after = text[m.start() - 1], text[m.end()]
        if not (before.islower() and after.isupper()):
            continue
        if _BLANK_LOOKING.isdisjoint(m.group()):
            from proxy.nlp.names import name_lists

            word = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if word is None or not name_lists().is_first(word.group().lower()):
                continue
        yield m.start(), m.end(), " "


# An emoji between a name's words (`Siobhan😀Gallagher`, `Ikaika👍 Kahananui`, nm41): a pictograph (with its skin
# tone, variation selector and joiners) after a lower-case letter and before a capital, a blank after it or not,
# reads as the space it shows as; elsewhere (`ship it 🚀`, `🎉Done`) it stays.
_EMOJI_WORDS = re.compile(r"(?<=[^\W\d_])[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55]"
                          r"[\U0001F3FB-\U0001F3FF\uFE0F\u200D\U0001F300-\U0001FAFF\u2600-\u27BF]{0,8}[ \t]?"
                          r"(?=[^\W\d_a-z][^\W\d_A-Z])")


def _emoji_words(text: str) -> Iterator[tuple[int, int, str]]:
    if text.isascii():
        return
    for m in _EMOJI_WORDS.finditer(text):
        if text[m.start() - 1].islower():
            yield m.start(), m.end(), " "


def _char(ch: str) -> str | None:
    """What one character becomes by itself; None: NFKC with the marks that follow it."""
    cp = ord(ch)
    if cp < 0x80:
        if cp in (0x0B, 0x0C):
            return "\n"
        if cp < 0x20 and cp not in (0x09, 0x0A, 0x0D) or cp == 0x7F:
            return ""
        return None
    if cp in _INVISIBLE:
        return ""
    cat = unicodedata.category(ch)
    if cat == "Cf":
        return ""
    if cat == "Zs":
        return " "
    if cat in ("Zl", "Zp"):
        return "\n"
    if cat == "Pd" or cp in (0x02D7, 0x2212):  # dashes, the minus sign
        return "-"
    if cat == "Nd":
        return str(unicodedata.decimal(ch))
    if cat == "Me":  # enclosing marks (keycap `4\ufe0f\u20e3`, circle, square): they decorate, they spell nothing
        return ""
    if 0x2460 <= cp <= 0x24FF or 0x2776 <= cp <= 0x2793 or 0x1F100 <= cp <= 0x1F1E5:
        return _enclosed(ch)
    return None


def _enclosed(ch: str) -> str | None:
    """An enclosed digit, number or Latin letter as the digits or the letter it encloses: NFKC writes the
    parenthesized ones with their brackets (`⑷` is `(4)`, `⒜` is `(a)`) and the full-stop ones with their dot
    (`⒋` is `4.`), and leaves the negative, double-circled and dingbat ones as they are (`❻`, `⓵`, `➏`, `🅐`)."""
    folded = unicodedata.normalize("NFKC", ch)
    name = unicodedata.name(ch, "")
    if name.startswith("PARENTHESIZED "):
        folded = folded.strip("()")
    elif name.endswith(" FULL STOP"):
        folded = folded.rstrip(".")
    elif folded == ch:
        value = unicodedata.numeric(ch, -1.0)
        if value >= 0 and value == int(value):
            folded = str(int(value))
        elif " LATIN CAPITAL LETTER " in name or " LATIN SMALL LETTER " in name:
            folded = name[-1] if "CAPITAL" in name else name[-1].lower()
    return folded if folded.isascii() and folded.isalnum() else None


def _is_mark(ch: str) -> bool:
    """A visible combining mark (category Mn, Mc or Me; not a variation selector, the grapheme joiner...: the view
    removes those anyway)."""
    return unicodedata.category(ch)[0] == "M" and ord(ch) not in _INVISIBLE


# The optional vowel points and stress marks (atk13 M8): Arabic harakat (tanween, fatha, damma, kasra, shadda,
# sukun... U+064B-U+0652, U+0656-U+065F, the superscript alef U+0670, Quranic marks; never the madda and hamza that
# make a letter, U+0653-U+0655), Hebrew points and cantillation (U+0591-U+05C7, the marks only), and the stress
# accents on a Cyrillic letter (U+0300, U+0301: `Ива́н`): vocalized or stress-marked text writes a name with them,
# a model and the name recognizer read it without.
_POINTS = "".join(chr(c) for c in (*range(0x0610, 0x061B), *range(0x064B, 0x0653), *range(0x0656, 0x0660), 0x0670,
                                   *range(0x06D6, 0x06EE), *range(0x0591, 0x05C8))
                  if unicodedata.category(chr(c)) == "Mn")
_DROP_POINTS = str.maketrans(dict.fromkeys(_POINTS))
_DROP_STRESS = str.maketrans(dict.fromkeys("\u0300\u0301"))
# Where the Unicode pass drops a combining mark (atk13 H1): after an ASCII letter or a digit of any script, where it
# composes with nothing (`6\u0301`, `55\u0e315`, `1\u093c0`: Latin-block marks compose first, `e\u0301` is `é`); after
# a space, a punctuation mark or a symbol (or at the start) where a digit follows it (`617-\u0e31555`, `\u0e31617`);
# and the points above (in a run NFKC leaves as it is, a point, or an accent on a Cyrillic letter, composed with
# nothing: `_BARE_POINTS`).
_BARE_POINTS = re.compile(f"[{_POINTS}\u0300\u0301]")
# A mark of another script than Latin right after a Latin letter that is not ASCII (`Zoë\u0e31`, `çağ\u0651ri`,
# `jöh\u0e31n`; atk13 H1's class): no Latin word takes it, so it is dropped as after an ASCII letter; the Latin
# blocks' marks (`e\u0301`, Vietnamese `ệ` decomposed) compose as before.
_LATIN_MARKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
_LATIN_LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff"


def _latin_mark(ch: str) -> bool:
    return any(a <= ord(ch) <= b for a, b in _LATIN_MARKS)


_FOREIGN_MARKS = "".join(chr(c) for c in range(0x0300, 0x10000)
                         if unicodedata.category(chr(c))[0] == "M" and not _latin_mark(chr(c)))
_FOREIGN_MARK_ON_LATIN = re.compile(f"[{_LATIN_LETTERS}][{re.escape(_FOREIGN_MARKS)}]")
_LATIN_LETTER = re.compile(f"[{_LATIN_LETTERS}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An enclosing mark after a character, a variation selector between them or not (a keycap: `4\ufe0f\u20e3`).
_KEYCAP = re.compile(f"[\ufe00-\ufe0f]?[{_ENCLOSING}]+")


def _marks_end(text: str, at: int, end: int) -> int:
    """Where the run of (visible) combining marks at `at` ends."""
    while at < end and _is_mark(text[at]):
        at += 1
    return at


def _before(text: str, at: int) -> str:
    """The visible character before `at` (invisible ones passed over), or ''."""
    at -= 1
    while at >= 0 and (ord(text[at]) in _INVISIBLE or unicodedata.category(text[at]) == "Cf"):
        at -= 1
    return text[at] if at >= 0 else ""


def _loose_marks(text: str, at: int, stop: int) -> bool:
    """Whether the marks at text[at:stop], which follow no letter they compose with, are dropped: after an ASCII
    letter or a digit (`6\u200b\u0e31`), or after a space, a dash or a symbol (or at the start) before a digit
    (`617\u2013\u0e31555`); never after a letter of another script (a mark of its word)."""
    before = _before(text, at)
    if before.isdecimal() or before.isascii() and before.isalnum():
        return True
    if _LATIN_LETTER.fullmatch(before) and not any(_latin_mark(c) for c in text[at:stop]):
        return True  # a foreign mark on a Latin letter (`Zoë\u0e31`)
    return text[stop:stop + 1].isdecimal() and not (before and unicodedata.category(before)[0] in "LM")


def _unicode(text: str) -> Iterator[tuple[int, int, str]]:
    if text.isascii():
        if text.isprintable():  # (no control character: a fast check)
            return
        for m in _CONTROL.finditer(text):
            yield m.start(), m.end(), _char(m.group()) or ""
        return
    for pos, end in _non_ascii_runs(text):
        run = text[pos:end]
        if len(run) > 1 and unicodedata.is_normalized("NFKC", run) and not _CHANGES.search(run) \
                and not (run[0].isascii() and _is_mark(run[1])) \
                and not (_is_mark(run[-1]) and text[end:end + 1].isdecimal()) \
                and not _FOREIGN_MARK_ON_LATIN.search(run):
            # (the run's only ASCII character is its first; its other digits are `_CHANGES`)
            for p in _BARE_POINTS.finditer(text, pos, end):
                if p.group() not in "\u0300\u0301" or "\u0400" <= text[p.start() - 1] <= "\u04ff" \
                        or _LATIN_LETTER.fullmatch(text[p.start() - 1].rstrip("\u0300\u0301") or text[p.start() - 2]):
                    yield p.start(), p.end(), ""
            continue
        while pos < end:
            ch = text[pos]
            fixed = _char(ch)
            if fixed is not None:
                stop = pos + 1
                if fixed.isdecimal():  # the marks after a digit go with it (`\u0661\u064e`)
                    stop = _marks_end(text, stop, end)
                yield pos, stop, fixed
                pos = stop
                continue
            stop = pos + 1
            ascii_base = ch.isascii()
            if ascii_base:
                stop = _marks_end(text, stop, end)
            elif _is_mark(ch):  # marks that follow no letter they compose with
                stop = _marks_end(text, stop, end)
                if _loose_marks(text, pos, stop):
                    yield pos, stop, ""
                    pos = stop
                    continue
            else:
                latin = _LATIN_LETTER.fullmatch(ch) is not None
                while stop < end and unicodedata.combining(text[stop]) and ord(text[stop]) not in _INVISIBLE \
                        and not (latin and not _latin_mark(text[stop])):  # (a foreign mark: `_loose_marks`)
                    stop += 1
            cluster = text[pos:stop]
            folded = unicodedata.normalize("NFKC", cluster)
            if len(folded) > 1 and ascii_base and (ch.isalnum() or text[stop:stop + 1].isdecimal()):
                folded = ch  # a mark that composes with nothing (`6\u0301`, `j\u0301`, `5\u0e31`, `-\u0e315`): dropped
            elif len(folded) > 1 and not ascii_base:
                if "\u0590" <= ch <= "\u06ff" or "\ufb1d" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc":
                    folded = folded.translate(_DROP_POINTS) or folded
                elif "\u0400" <= ch <= "\u04ff":
                    folded = unicodedata.normalize("NFC", folded.translate(_DROP_STRESS)) or folded
                elif _LATIN_LETTER.fullmatch(ch) is not None:  # a tone mark no letter composes with (`ọ\u0300`,
                    folded = "".join(c for c in folded if not unicodedata.combining(c)) or folded  # tone40)
            keycap = _KEYCAP.match(text, stop, end)
            if keycap is not None and ascii_base:  # `4\ufe0f\u20e3`: the digit, the keycap taken with it
                folded, stop = folded if len(folded) == 1 else ch, keycap.end()
            yield pos, stop, folded
            pos = stop


# Letters shaped like a dash that Japanese, Korean and Chinese writers type as the hyphen of a number (atk9 B-H3):
# the katakana prolonged-sound mark `ー` (and the half-width `ｰ`, which NFKC makes it), the Hangul vowel `ㅡ` (the
# jamo `ᅳ` after NFKC), the CJK ideograph one `一` (and the Kangxi radical `⼀`), the modifier macron `ˉ` and the
# Arabic tatweel, between the digit groups of a number with a value's shape: three groups or more, one same letter
# throughout, 7 to 19 digits (`090ー1234ー5678`, `536ー90ー4399`, `4111ㅡ1111ㅡ1111ㅡ1111`): each reads `-`. Between
# letters they are letters (`コーヒー`, `一个`), and a short number stays (`1ー2ー3`, an address's block numbers).
_DASH_LETTERS = "\u30fc\u1173\u4e00\u02c9\u0640"
# One such letter or a run of it (`ーー`, the tatweel an Arabic line is stretched with: `ـــ`), spaces or tabs around
# it or not (`090 ー 1234 ー 5678`; atk13 M1): the whole separator reads one `-` (`090-1234-5678`).
_DASH_SEP = rf"[ \t]{{0,3}}+[{_DASH_LETTERS}]++[ \t]{{0,3}}+"
_DASH_RUN = re.compile(rf"(?<![0-9])[0-9]++(?:{_DASH_SEP}[0-9]++)++")  # (possessive, never fails: linear)
_DASH_SPLIT = re.compile(_DASH_SEP)
_DASH_LETTER = re.compile(rf"[{_DASH_LETTERS}]")
_DASH_HINT = re.compile(rf"[0-9][ \t]{{0,3}}[{_DASH_LETTERS}]")


def _dash_letters(text: str) -> Iterator[tuple[int, int, str]]:
    if _DASH_HINT.search(text) is None:
        return
    for m in _DASH_RUN.finditer(text):
        run = m.group()
        groups = _DASH_SPLIT.split(run)
        digits = sum(map(len, groups))
        if len(groups) >= 3 and max(map(len, groups)) <= 6 and 7 <= digits <= 19 \
                and len(set(_DASH_LETTER.findall(run))) == 1:
            for d in _DASH_SPLIT.finditer(run):
                yield m.start() + d.start(), m.start() + d.end(), "-"


# Digits written as CJK numerals, one numeral per digit (`〇九〇-一二三四-五六七八`, `四一一一 一一一一 ...`, the way
# Japanese vertical text and Chinese write a phone number; atk11 B-M2): `〇一二三四五六七八九` (and `零`) read as ASCII
# digits only inside a run of them shaped like a value: 7 to 19 numerals, either 10 or more in a row, or groups kept
# apart by one same separator (`-`, `ー`, `・`, `.`, a space; full-width forms are these after NFKC) in a phone
# number's, an SSN's or a card's shape (`_NUMERAL_SHAPES`) or an IPv4 address's (`一九二.一六八.一〇.七七`).
# Counted numbers (`十`, `百`, `千`, `万` break a run), words (`一个`, `三月`, `第一`), dates
# (`二〇二四.一二.三一`), years in a row (`二〇二八 一九五三 二〇二五年`), short lists (`一二三`, `一・二・三`)
# and postal codes (`〒一〇〇-〇〇〇一`) stay. Korean Sino-Korean digit words (`공`/`영` `일 이 삼 사 오 육 칠
# 팔 구`) likewise, in groups kept apart by a separator or 10 or more in a row, only within 24 characters after a
# phone or card word (`전화`, `번호`, `휴대폰`, `카드`, `phone`...): those syllables are everyday Korean otherwise.
_NUMERALS = "〇零一二三四五六七八九"
_NUMERAL_DIGIT = {**{c: str(i) for i, c in enumerate("〇一二三四五六七八九")}, "零": "0"}
_NUMERAL_SEP = r"(?:[ \t]?[-\u30fc\u30fb.][ \t]?|[ \t])"
_NUMERAL_RUN = re.compile(rf"(?<![{_NUMERALS}])[{_NUMERALS}]++(?:{_NUMERAL_SEP}[{_NUMERALS}]++)*+")
_NUMERAL_HINT = re.compile(rf"[{_NUMERALS}]{_NUMERAL_SEP}?[{_NUMERALS}]")
_NUMERAL_SPLIT = re.compile(_NUMERAL_SEP)
_NUMERAL_SHAPES = _GROUP_SHAPES | {(2, 4, 4), (3, 4, 4), (2, 3, 4)}
_POSTAL = re.compile(r"〒|郵便番号|邮编|邮政编码")  # (a postal code, `〒一〇〇-〇〇〇一`: 7 numerals, no phone number)
_HANGUL_DIGIT = {"공": "0", "영": "0", "일": "1", "이": "2", "삼": "3", "사": "4", "오": "5", "육": "6", "칠": "7",
                 "팔": "8", "구": "9"}
_HANGUL_DIGITS = "".join(_HANGUL_DIGIT)
_HANGUL_RUN = re.compile(rf"(?<![\uac00-\ud7a3])[{_HANGUL_DIGITS}]++(?:{_NUMERAL_SEP}[{_HANGUL_DIGITS}]++)*+")
_HANGUL_LABEL = re.compile(r"(?i)전화|번호|휴대폰|핸드폰|연락처|카드|팩스|phone|tel|call|mobile|cell|card|fax")
_HANGUL_HINT = re.compile(rf"[{_HANGUL_DIGITS}](?:{_NUMERAL_SEP}[{_HANGUL_DIGITS}]|[{_HANGUL_DIGITS}]{{9}})")
_ANY_NUMERAL = re.compile(f"[{_NUMERALS}{_HANGUL_DIGITS}]")


def _numeral_value(groups: list[str], seps: list[str]) -> str | None:
    """What separator the groups of a run of numerals read with when they have a value's shape (None: not one)."""
    shape = tuple(map(len, groups))
    if not 7 <= sum(shape) <= 19:
        return None
    if len(groups) == 1:
        return "" if sum(shape) >= 10 else None
    marks = {s.strip(" \t") for s in seps}
    if len(marks) != 1:
        return None
    mark = marks.pop()
    if len(groups) == 4 and mark in (".", "\u30fb") and all(len(g) <= 3 for g in groups):
        return "."  # (an IPv4 address: its numbers are checked by its recognizer)
    if shape not in _NUMERAL_SHAPES:
        return None
    return "-" if mark in ("\u30fc", "\u30fb") else ""


def _numeral_edits(text: str, start: int, run: str, table: dict[str, str], pattern: re.Pattern[str],
                   cut: bool) -> Iterator[tuple[int, int, str]]:
    groups, seps = pattern.split(run), pattern.findall(run)
    if cut and len(groups) == 1:  # (unbroken: `공일공일이삼사오육칠팔이에요`, the particle `이` glued before `에요`; in
        end = start + len(run)     # 11 syllables it is a mobile number's last digit: `공일공구팔칠육오사삼이에요`)
        if len(run) >= 12 and run.endswith("이") and "\uac00" <= text[end:end + 1] <= "\ud7a3":
            run = groups[0] = run[:-1]
    elif cut and len(groups[-1]) > 4:  # (a particle glued after the last group, `...오육칠팔이에요`: `이` is 2 too)
        run = run[:len(run) - len(groups[-1]) + 4]
        groups[-1] = groups[-1][:4]
    new = _numeral_value(groups, seps)
    if new is None:
        return
    at = start
    for i, group in enumerate(groups):
        for ch in group:
            yield at, at + 1, table[ch]
            at += 1
        if i < len(seps):
            sep = seps[i]
            if new and sep.strip(" \t"):
                yield at, at + len(sep), new
            at += len(sep)


def _numerals(text: str) -> Iterator[tuple[int, int, str]]:
    if _ANY_NUMERAL.search(text) is None:
        return
    found: list[tuple[int, int, str]] = []
    if _NUMERAL_HINT.search(text) is not None:
        for m in _NUMERAL_RUN.finditer(text):
            if _POSTAL.search(text, max(0, m.start() - 8), m.start()) is not None:
                continue
            found += _numeral_edits(text, m.start(), m.group(), _NUMERAL_DIGIT, _NUMERAL_SPLIT, False)
    if _HANGUL_HINT.search(text) is not None and _HANGUL_LABEL.search(text) is not None:
        for m in _HANGUL_RUN.finditer(text):
            if _HANGUL_LABEL.search(text, max(0, m.start() - 24), m.start()) is not None:
                found += _numeral_edits(text, m.start(), m.group(), _HANGUL_DIGIT, _NUMERAL_SPLIT, True)
    yield from sorted(found)


# --------------------------------------------------------------------------- 2b. markup, address quirks

# HTML tags without attributes, as a browser lays them out: an inline one (`<b>`, `</i>`, `<span>`) joins what
# is around it (`project <b>falcon</b>` reads `project falcon`, `jane<b>@</b>acme.com` reads `jane@acme.com`),
# a block one or a line break (`<br>`, `<p>`, `</div>`, `<li>`) is a space (`project<br>falcon`). A tag with
# attributes stays as written (`<a href="mailto:...">`: what its attributes hold is read), and so does
# anything that is no HTML element (`List<String>`, `Vec<u8>`, `<at>`).
_INLINE_TAGS = ("a|abbr|b|bdi|bdo|big|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|nobr|q|s|samp|small|span|strike"
                "|strong|sub|sup|time|tt|u|var|wbr")
_BLOCK_TAGS = ("address|article|aside|blockquote|br|caption|center|dd|details|div|dl|dt|figcaption|figure|footer"
               "|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul")
_TAG = re.compile(rf"(?i)</?(?:({_INLINE_TAGS})|{_BLOCK_TAGS})[ \t]*/?>")


def _tags_html(text: str) -> Iterator[tuple[int, int, str]]:
    if "<" not in text:
        return
    for m in _TAG.finditer(text):
        yield m.start(), m.end(), "" if m.group(1) else " "


# A Word run's edge inside a paragraph (`<w:t>Theodora Aber</w:t></w:r><w:r><w:t>nathy</w:t>`, its `<w:rPr>` and the
# empty elements Word writes between runs, `<w:proofErr .../>`): nothing, as Word shows the runs, in the first
# reading too (html38, atk37 F12: the NER model reads a name split over runs whole; `proxy.nlp.pii` cuts it back
# into its runs' pieces, `styled_joints`).
_WORD_RUN = re.compile(r"</w:t>(?:\s{0,4}</w:r>)?"
                       r"(?:\s{0,4}<w:(?:proofErr|bookmarkStart|bookmarkEnd|lastRenderedPageBreak)\b[^<>]{0,200}/>){0,4}"
                       r"\s{0,4}<w:r\b[^<>/]{0,200}>\s{0,4}"
                       r"(?:<w:rPr>(?:\s{0,4}<[^<>]{1,200}/>){0,24}\s{0,4}</w:rPr>\s{0,4})?<w:t\b[^<>/]{0,100}>")


def _word_runs(text: str) -> Iterator[tuple[int, int, str]]:
    if "</w:t>" not in text:
        return
    for m in _WORD_RUN.finditer(text):
        yield m.start(), m.end(), ""


def styled_joints(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the Word run edges and RFC 2231 continuations wholly inside text[start:end] that the view
    reads as nothing (`_word_runs`, `_continuations`): where a name read whole over them is cut back into its pieces
    (html38)."""
    part = text[start:end]
    found = [(m.start() + start, m.end() + start) for m in _WORD_RUN.finditer(part)] if "</w:t>" in part else []
    if "*" in part and "=" in part:
        base = max(0, start - 2000)
        found += [(a + base, b + base) for a, b, _ in _continuations(text[base:end])
                  if start <= a + base and b + base <= end]
    return sorted(found)


# An RFC 2231 parameter continued (`filename*0*=UTF-8''Theodora%20Aber; filename*1*=nathy.pdf`, quoted or not, on a
# folded line): the joint read away, as a mail reader joins the pieces (html38).
_CONTINUED = re.compile(r"(?i)\"?;[ \t]{0,8}(?:\r?\n[ \t]{1,8})?([\w-]{1,40})\*[1-9][0-9]?\*?=\"?")


def _continuations(text: str) -> Iterator[tuple[int, int, str]]:
    if "*0" not in text:
        return
    for m in _CONTINUED.finditer(text):
        if f"{m.group(1)}*0".lower() in text[max(0, m.start() - 2000):m.start()].lower():
            yield m.start(), m.end(), ""


# An HTML comment (`fal<!-- -->con`, `617-<!-- x -->555-0143`, `project <!-- x -->falcon`) is nothing, as a
# browser or a Markdown renderer shows it: removed in a second reading (`uncommented`, `pattern_readings`; the view
# keeps it, so what it holds is read too), up to `_COMMENT_MAX` characters inside (a stream window holds at most
# twice `hold_chars`, 400 by default; a longer comment stays as written, and so does one never closed).
_COMMENT_MAX = 400


def _comments(text: str) -> Iterator[tuple[int, int, str]]:
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4, start + 4 + _COMMENT_MAX + 3)
        if end < 0:
            start = text.find("<!--", start + 4)
            continue
        yield start, end + 3, ""
        start = text.find("<!--", end + 3)


# HTML tags with attributes (`fal<span class="x">con</span>`, `pro<b id=1>ject</b>`, `<b hidden>`) laid out as the
# tags without them are, in the same second reading as the comments (the first keeps them: an `href`'s address is
# read there), and XML or custom elements with a quoted attribute (`<w:t xml:space="preserve">`, `<x-note a="1">`,
# `<Trans id='k'>`) as inline ones, with their closing tags (`</w:t>`, `</x-note>`). Bounded: a name of at most 80
# characters, attributes of at most `_TAG_MAX` without `<` or `>`. An HTML tag needs a `name=value` attribute or a
# known boolean one (`a <b and c> d` in code is no tag); another name a quoted value (`<T extends U = V>` is none).
_TAG_MAX = 400
_BOOLEAN_ATTRIBUTES = ("allowfullscreen|async|autofocus|autoplay|checked|contenteditable|controls|default|defer"
                       "|disabled|draggable|hidden|inert|ismap|itemscope|loop|multiple|muted|nowrap|open|readonly"
                       "|required|reversed|selected|spellcheck|translate")
_XML_NAME = r"[A-Za-z_][\w.-]{0,40}(?::[A-Za-z_][\w.-]{0,40})?"
_ATTRIBUTED_TAG = re.compile(
    rf"(?i)<(?:(?:({_INLINE_TAGS})|{_BLOCK_TAGS})[ \t\r\n]++"
    rf"(?=[^<>=]{{0,200}}=|(?:{_BOOLEAN_ATTRIBUTES})[ \t\r\n/>])"
    rf"|(?P<xml>{_XML_NAME})[ \t\r\n]++(?=[^<>]{{0,200}}=[ \t\r\n]*+[\"']))[^<>]{{0,{_TAG_MAX}}}>")
_XML_CLOSE = re.compile(rf"</({_XML_NAME})[ \t]*+>")


def _attributed_tags(text: str) -> Iterator[tuple[int, int, str]]:
    if "<" not in text:
        return
    edits: list[tuple[int, int, str]] = []
    opened: dict[str, int] = {}
    for m in _ATTRIBUTED_TAG.finditer(text):
        edits.append((m.start(), m.end(), "" if m.group(1) or m.group("xml") else " "))
        if m.group("xml"):
            opened.setdefault(m.group("xml").lower(), m.start())
    if opened:  # the closing tag of an XML element read away (`</w:t>`, `</x-note>`); no other
        edits += [(m.start(), m.end(), "") for m in _XML_CLOSE.finditer(text)
                  if opened.get(m.group(1).lower(), len(text)) < m.start()]
        edits.sort()
    yield from edits


# Any other tag-shaped markup a browser does not show, in the same second reading (atk9 B-H2): a processing
# instruction, a CDATA section or another `<!...>` (bogus comments in HTML: `exam<?x?>ple`, `pro<![CDATA[]]>ject`),
# and tags without attributes of any name (`<label>`, `<ruby>`, `<rt>`, `<acronym>`, `<blink>`, SVG `<tspan>`,
# MathML `<mn>`, Office `<o:p>`, `<w:r>`; a line break before the `>` too, `<b\n>`). The known HTML tags are laid
# out as the first reading lays them out (`_TAG`); another name where the text is markup there: an opening tag whose
# closing tag follows, and that closing tag (`pro<label>ject</label>`, `<ruby>555</ruby>`), or a tag without its
# pair inside a word or a value (`exam</x>ple`, `pro<blink>ject`: `_joins` on both sides), or glued to one of them
# with a lower-case name that is no type, a space and more text on its other side (`project<blink> falcon`,
# `project </x>falcon`). Code stays: `List<String> and Vec<u8>`,
# `vector<int> v`, `Promise<void>`, `<T>`, `cmd <file> <stdin>`, a closing tag alone between words.
_BARE_NAME = r"[A-Za-z][\w.-]{0,40}(?::[A-Za-z_][\w.-]{0,40})?"
_BARE_MARKUP = re.compile(rf"<[!?](?!--)[^<>]{{0,{_TAG_MAX}}}>|<(/?)({_BARE_NAME})[ \t\r\n]*+(/?)>")
_KNOWN_INLINE = re.compile(rf"(?i)(?:{_INLINE_TAGS})")
_KNOWN_BLOCK = re.compile(rf"(?i)(?:{_BLOCK_TAGS})")
_LOWER_NAME = re.compile(r"[a-z]+(?::[a-z]+)?")
_SPACE_THEN_TEXT = re.compile(r"\s{1,8}\S")
_TEXT_THEN_SPACE = re.compile(r"\S\s{1,8}\Z")
# Lower-case names of types and placeholders that code puts in angle brackets after a word (`vector<int>`).
_CODE_NAMES = frozenset("""
any auto bool boolean byte bytes char double dyn float int integer long never null number object self short signed
size str string symbol t uint unknown unsigned usize isize void
""".split())


def _bare_markup(text: str) -> Iterator[tuple[int, int, str]]:
    if "<" not in text:
        return
    found = list(_BARE_MARKUP.finditer(text))
    if not found:
        return
    opened: dict[str, int] = {}  # a name's first opening tag
    closed: dict[str, int] = {}  # a name's last closing tag
    for m in found:
        name = m.group(2)
        if name is not None and not m.group(3):
            if m.group(1):
                closed[name.lower()] = m.start()
            else:
                opened.setdefault(name.lower(), m.start())
    i = 0
    while i < len(found):
        j = i  # a run of markup with nothing between (`</w:t></w:r>`): glued as a whole
        while j + 1 < len(found) and found[j + 1].start() == found[j].end():
            j += 1
        left, right = _joins(text, found[i].start() - 1, -1), _joins(text, found[j].end(), 1)
        # glued to a word on one side, a space then more text on the other (`project<blink> falcon`)
        start = found[i].start()
        one_side = (left and _SPACE_THEN_TEXT.match(text, found[j].end()) is not None
                    or right and _TEXT_THEN_SPACE.search(text[max(0, start - 9):start]) is not None)
        for m in found[i:j + 1]:
            name = m.group(2)
            if name is None:  # a bogus comment: `<?x?>`, `<![CDATA[...]]>`, `<!DOCTYPE html>`
                yield m.start(), m.end(), ""
                continue
            if _KNOWN_INLINE.fullmatch(name):
                yield m.start(), m.end(), ""
                continue
            if _KNOWN_BLOCK.fullmatch(name):
                yield m.start(), m.end(), " "
                continue
            key = name.lower()
            paired = not m.group(3) and (opened.get(key, len(text)) < m.start() if m.group(1)
                                         else closed.get(key, -1) > m.start())
            if paired or (left and right) or (one_side and _LOWER_NAME.fullmatch(name) is not None
                                               and name not in _CODE_NAMES):
                yield m.start(), m.end(), ""
        i = j + 1


# Markup of forums, wikis and Markdown renderers other than CommonMark's and GFM's, as rendered, in the second
# reading (atk9 B-L5): BBCode tags in pairs (`jane.doe@[b]example[/b].com`, `pro[color=red]ject[/color]`; a closing
# tag makes them markup, `a[b]` alone is code), and MediaWiki's `''`/`'''`/`'''''`, the highlight `==`, the
# superscript `^` and the insertion `++` around a part of a word or a value (`jane.doe@'''example'''.com`,
# `pro==ject==`, `jane.doe@^example^.com`, `617-++555++-0143`) as `_emphasis` reads its pairs: glued to a word or a
# value on one side, never on both (`a==b==c`, `x^2^3`), never with a digit just outside (`2^10^3`), never
# around whitespace (`a++ + ++b`).
_BBCODE_NAMES = ("b|i|u|s|color|colour|size|font|face|url|email|quote|code|sup|sub|strike|highlight|spoiler|center"
                 "|left|right|tt|mark|small|big|h[1-6]|noparse|align|glow|shadow|indent|plain|ins|del|em|strong")
_BBCODE = re.compile(rf"(?i)\[(/?)({_BBCODE_NAMES})(?:=[^\[\]\n]{{0,64}})?\]")
_BBCODE_REACH = 400
_WIKI_MARKS = re.compile(r"(?<!')('{2,5})([^\s']{1,64})\1(?!')|(?<![=!<>])(==)([^\s=]{1,64})==(?!=)"
                         r"|(?<![\^\\])(\^)([^\s^]{1,64})\^(?!\^)|(?<![+\\])(\+\+)([^\s+]{1,64})\+\+(?!\+)")


def _bbcode(text: str) -> Iterator[tuple[int, int, str]]:
    if "[/" not in text:
        return
    found: list[tuple[int, int, str]] = []
    waiting: dict[str, list[re.Match[str]]] = {}  # opening tags not yet closed, by name
    for m in _BBCODE.finditer(text):
        name = m.group(2).lower()
        if not m.group(1):
            waiting.setdefault(name, []).append(m)
            continue
        opens = waiting.get(name)
        if opens and m.start() - opens[-1].end() <= _BBCODE_REACH:
            o = opens.pop()
            found += [(o.start(), o.end(), ""), (m.start(), m.end(), "")]
    yield from sorted(found)


def _wiki_marks(text: str) -> Iterator[tuple[int, int, str]]:
    if "''" not in text and "==" not in text and "^" not in text and "++" not in text:
        return
    for m in _WIKI_MARKS.finditer(text):
        k = next(i for i in (1, 3, 5, 7) if m.group(i) is not None)
        inner = m.group(k + 1)
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if before.isdigit() or after.isdigit() or not any(c.isalnum() for c in inner) \
                or (before.isalnum() and after.isalnum()):
            continue
        if _joins(text, m.start() - 1, -1) or _joins(text, m.end(), 1) or any(c.isdigit() for c in inner):
            yield m.start(), m.end(), inner


# Markdown strike-through (`~~`, GFM `~`), spoiler (`||`), insert (`++`) and highlight (`==`) around a phrase, for PII
# only (atk13 M5: `Owner: ~~Maria Schmidt~~`, `Please call ||John Smith|| today`): the delimiters read as nothing where
# the pair opens after a line's start, a space or an opening bracket and closes before a space, the line's end or
# punctuation, and holds two or more words, a capital and a letter just inside the first mark and a letter inside the
# last (no arithmetic, code or one word: `a || b`, `x++ + ++y`, `a==b==c`, `a ~b~ c`, `~~struck~~` stay).
_PHRASE_MARKS = re.compile(r"(?<![^\s(\[{\"'«“])(~~|~|\|\||\+\+|==)(?=[^\W\d_]{2})([^\n~|+=]{1,80}?)(?<=[^\W_])\1"
                           r"(?![^\s.,;:!?)\]}\"'»”])")


def _phrase_marks(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _PHRASE_MARKS.finditer(text):
        if not m.group(2)[0].isupper() or " " not in m.group(2):
            continue  # a name's words (`~~struck~~`, `~~Deprecated~~` read as written)
        mark = len(m.group(1))
        yield m.start(), m.start() + mark, ""
        yield m.end() - mark, m.end(), ""


# A unified diff's removed and added lines (atk13 M5: `-Maria Schmidt`, `+ owner: John Smith`, a Responses
# `apply_patch` diff), for PII only: the `-`/`+` that starts a line reads as nothing where a letter follows it, or
# anything but a digit in a diff (a `@@` hunk or a `---`/`+++` header in the text); never `--`/`++`, never before a
# digit (`-5`, `+1 617 555 0143`).
_DIFF_LINE = re.compile(r"(?m)^[-+](?=[^\W\d_])")
_DIFF_ANY_LINE = re.compile(r"(?m)^[-+](?=[^-+\d\n])")
_DIFF_HEADER = re.compile(r"(?m)^(?:@@|--- |\+\+\+ )")


def _diff_lines_hint(text: str) -> bool:
    return text[:1] in "-+" or "\n-" in text or "\n+" in text


def _diff_lines(text: str) -> Iterator[tuple[int, int, str]]:
    lines = _DIFF_ANY_LINE if _DIFF_HEADER.search(text) else _DIFF_LINE
    for m in lines.finditer(text):
        yield m.start(), m.start() + 1, ""


# Terminal (ANSI) escape sequences that only style or link what a terminal shows: nothing (`617-\x1b[0m555-0143`,
# `jane.doe\x1b[1m@\x1b[0mexample.com`, an OSC 8 hyperlink `\x1b]8;;https://x\x1b\\` around its text). Removed in the
# second reading (`uncommented`, `pattern_readings`; the first removes the ESC character only, and reads what a
# sequence holds: a hyperlink's address): a CSI SGR (`ESC [` or U+009B, parameters, `m`), a string command (OSC
# `ESC ]`, DCS, APC, PM, SOS) up to its BEL or `ESC \\` within `_ESCAPE_MAX` characters, and a character set's
# designation (`ESC ( B`, as `tput sgr0` writes). The other CSIs move the cursor or erase (`\x1b[2K`, `\x1b[1A`):
# they lay the text out, as a line break does, and stay as written (removed, `82/3454 \x1b[1A\x1b[2K18%` would join
# a progress line's numbers into a phone number's shape).
_ESCAPE_MAX = 400
_TERMINAL = re.compile(rf"(?:\x1b\[|\x9b)[0-?]{{0,32}}[ -/]{{0,4}}m"
                       rf"|\x1b[\]PX^_][^\x07\x1b\n]{{0,{_ESCAPE_MAX}}}(?:\x07|\x1b\\)"
                       r"|\x1b[ -/]{1,2}[0-~]")
_TERMINAL_OPEN = re.compile(rf"\x1b(?:\[[0-?]{{0,32}}[ -/]{{0,4}}|[\]PX^_][^\x07\x1b\n]{{0,{_ESCAPE_MAX}}}\x1b?"
                            r"|[ -/]{0,2})\Z|\x9b[0-?]{0,32}[ -/]{0,4}\Z")


def _terminal(text: str) -> Iterator[tuple[int, int, str]]:
    if "\x1b" not in text and "\x9b" not in text:
        return
    for m in _TERMINAL.finditer(text):
        yield m.start(), m.end(), ""


# A right-to-left override (U+202E) up to its pop (U+202C), a line break or the text's end: a renderer shows the run
# reversed (`\u202emoc.elpmaxe@eod.enaj\u202c` displays `jane.doe@example.com`, as Latin letters and digits are laid
# out right to left under it). The second reading (`uncommented`, `pattern_readings`) reads the run so, one edit (a
# span inside maps back over the whole run); the first removes the controls and reads the characters in their order,
# as a model does. Up to `_OVERRIDE_MAX` characters (a stream window holds at most twice `hold_chars`). Other bidi
# controls (embeddings, isolates, the marks: U+202A-U+202D, U+2066-U+2069, U+200E, U+200F, U+061C) reorder no Latin
# value: both readings remove them, as the Unicode pass removes every format character.
_OVERRIDE_MAX = 400
_OVERRIDE = re.compile(rf"\u202e([^\u202c\n\r\u2029]{{1,{_OVERRIDE_MAX}}})(?:\u202c|(?=[\n\r\u2029])|\Z)")
_OVERRIDE_OPEN = re.compile(rf"\u202e[^\u202c\n\r\u2029]{{0,{_OVERRIDE_MAX}}}\Z")


def _overrides(text: str) -> Iterator[tuple[int, int, str]]:
    if "\u202e" not in text:
        return
    for m in _OVERRIDE.finditer(text):
        yield m.start(), m.end(), m.group(1)[::-1]


# An empty Markdown link or image (`[](x)`, `[]()`, `![](x)`, `[](<a b> "title")`): a renderer shows nothing of it
# (an image with no alternative text, no letter), so `jane.doe[](x)@example.com` and `617-555[]()-0143` display as
# the value. Removed in the second reading (`uncommented`, `pattern_readings`); the first reads its destination.
_EMPTY_LINK = re.compile(r"(?<!\\)!?\[\]\((?:<[^<>\n]{0,400}>|[^()\s]{0,400})"
                         r"""(?:[ \t]+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'))?[ \t]*\)""")
_EMPTY_LINK_OPEN = re.compile(r"""(?:(?<=\S)!?\[|!?\[\](?:\((?:<[^<>\n]{0,400}|[^()\s]{0,400}"""
                              r"""(?:[ \t]+(?:"[^"\n]{0,200}"?|'[^'\n]{0,200}'?))?)[ \t]*)?)\Z""")


def _empty_links(text: str) -> Iterator[tuple[int, int, str]]:
    empty = "[](" in text
    blank = ("](" in text or "][" in text or "|" in text) and _BLANK_LINK.search(text) is not None
    if not (empty or blank):
        return
    spans = [(m.start(), m.end(), "") for m in _EMPTY_LINK.finditer(text)] if empty else []
    if blank:
        spans += [(m.start(), m.end(), " ") for m in _BLANK_LINK.finditer(text)]
    yield from sorted(spans)


# Links with text, as a renderer shows them (atk14 B H2): the link text alone, the target and the syntax around the
# text read as nothing, so `212-[555](https://x.example/a)-0199`, `bob.evil@[example](https://x.example/z).org` and
# `[Project](https://a.example/x) [Falcon](https://b.example/y)` display, and read, as the value or the codename.
# Markdown inline links and images (a title, an angle target, one level of parentheses in the target), reference
# links (`[Project][1]`, `[Project][]`; not after a word, a `]` or a `)`: `a[i][j]` is an index), Slack mrkdwn
# (`<https://x|555>`, `<@U1|name>`), Jira (`[555|https://x]`), MediaWiki (`[https://x 555]`, `[[555]]`,
# `[[Page|555]]`), Org (`[[https://x][555]]`), AsciiDoc (`https://x[555]`, `link:x[555]`) and reStructuredText
# (`` `555 <https://x>`_ ``). Laid out in the second reading (`uncommented`, `pattern_readings`), after the tags
# (BBCode's `[url=]` and HTML's `<a href>` are laid out by `_bbcode` and `_attributed_tags`); the first reading keeps
# the target, whose values are read there. A span maps back over the displayed characters, the syntax between them
# where a value spans the link, and the syntax before the link text's first or after its last character where it
# starts or ends there (`[bob.evil](https://x.example/a)@example.org` is redacted whole). A `[[...]]` of digits alone
# (`[[1, 2]]`, a nested array) is laid out only glued to a word or a value, and a Markdown link right after a letter or
# a digit only where its target looks like one (a `#`, `/`, `.` or `:`: `Fal[con](#d)`; not `handlers[name](event)`).
_LINK_MAX = 400
_MD_TARGET = (rf"(?:<[^<>\n]{{0,{_LINK_MAX}}}+>|(?:[^()\s]++|\([^()\s]{{0,{_LINK_MAX}}}+\)){{0,{_LINK_MAX}}}+)"
              r"""(?:[ \t]+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|\([^()\n]{0,200}\)))?[ \t]*""")
_LINK_SCHEME = r"(?:[A-Za-z][A-Za-z0-9+.-]{0,15}:|www\.)"
# A link or image whose text is only whitespace (`[ ](#s)`, a no-break space, `&nbsp;` once decoded, `![ ](x.png)`,
# reference links `[ ][s]` and `[ ][]`, Slack `<https://x| >`: atk17 H4) displays a space: read as one space, so
# `4111[ ](#a)1111[ ](#b)1111[ ](#c)1111` reads `4111 1111 1111 1111`, `project[ ](#s)falcon` `project falcon`, and
# a redaction takes the link's characters with the value. (An empty link reads as nothing: `_EMPTY_LINK`.)
_BLANK = "(?:[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|&nbsp;|&#0*160;|&#[xX]0*[aA]0;){1,40}"
_BLANK_LINK = re.compile(
    rf"(?<!\\)!?\[{_BLANK}\](?:\({_MD_TARGET}\)|\[[^\[\]\n]{{0,100}}\])"
    rf"|<(?:{_LINK_SCHEME}|[@#!])[^<>|\s]{{0,{_LINK_MAX}}}\|{_BLANK}>")


_LINK = re.compile(
    rf"(?<!\\)(?:(?<!\w)|(?=!?\[[^\[\]\n]{{1,{_LINK_MAX}}}\]\((?:[#/.<]|[^()\s:/.]*+[:/.])))(?P<md>!?\[)(?=[^\[\]\n]*[^\s\[\]])[^\[\]\n]{{1,{_LINK_MAX}}}(?P<mdend>\]\({_MD_TARGET}\))"
    rf"|(?<!\[)\[(?=[^\[\]|\n]*[^\s\[\]|])[^\[\]|\n]{{1,{_LINK_MAX}}}(?P<jira>\|(?:{_LINK_SCHEME}|[#/~^])"
    rf"[^\[\]|\s]{{0,{_LINK_MAX}}}\])"
    rf"|(?P<mw>(?<!\[)\[(?:https?:|ftp:|mailto:|//)[^\s\[\]]{{1,{_LINK_MAX}}}[ \t]+)(?=[^\[\]\n]*[^\s\[\]])"
    rf"[^\[\]\n]{{1,{_LINK_MAX}}}(?P<mwend>\])(?!\])"
    rf"|(?<![\w\]\)\\])(?P<ref>!?\[)(?=[^\[\]\n]*[^\s\[\]])[^\[\]\n]{{1,{_LINK_MAX}}}(?P<refend>\]\[[^\[\]\n]{{0,100}}\])"
    rf"|(?P<org>\[\[[^\[\]\n]{{1,{_LINK_MAX}}}\]\[)[^\[\]\n]{{1,{_LINK_MAX}}}(?P<orgend>\]\])"
    rf"|(?P<wiki>\[\[(?:[^\[\]|\n]{{1,{_LINK_MAX}}}\|)?)(?P<wikitext>[^\[\]|\n]{{1,{_LINK_MAX}}})(?P<wikiend>\]\])"
    rf"|(?P<slack><(?:{_LINK_SCHEME}|[@#!])[^<>|\s]{{0,{_LINK_MAX}}}\|)(?=[^<>|\n]*[^\s<>|])[^<>|\n]{{1,{_LINK_MAX}}}"
    r"(?P<slackend>>)"
    rf"|(?P<adoc>(?<![A-Za-z0-9+.])(?:(?:https?|ftp|irc|mailto):|link:)[^\s\[\]<>]{{1,{_LINK_MAX}}}\[)"
    rf"(?=[^\[\]\n]*[^\s\[\]])[^\[\]\n]{{1,{_LINK_MAX}}}(?P<adocend>\])(?!=)"
    rf"|(?<![`\\])(?P<rst>`)(?=[^`<\s])[^`<\n]{{1,{_LINK_MAX}}}?(?P<rstend>[ \t]*<[^<>`\n]{{1,{_LINK_MAX}}}>`__?)")
_LINK_PARTS = (("md", "mdend"), ("ref", "refend"), ("org", "orgend"), ("wiki", "wikiend"), ("slack", "slackend"),
               (None, "jira"), ("mw", "mwend"), ("adoc", "adocend"), ("rst", "rstend"))
_LINK_HINT = re.compile(r"\]\(|\]\[|\[\[|<[^<>|\s]{1,400}\||\|[^\[\]|\s]{1,400}\]|\[(?:https?:|ftp:|mailto:|//)"
                        r"|[a-z]:[^\s\[\]<>]{1,400}\[|>`_")
_LINK_GLUED = frozenset("-@.+_")
# The values of a JSON array written out, one at least a quoted string or two or more (`"x", 6175550143`,
# `6175550143, "x"`, `"Maria"`): inside `[[...]]` a nested array's row, not a MediaWiki link's text (atk20 L1: the
# link's syntax went with a value that ends the row, and its placeholder swallowed the row's brackets).
_JSON_SCALAR = r'(?:"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)'
_JSON_ROW = re.compile(rf"\s*{_JSON_SCALAR}(?:\s*,\s*{_JSON_SCALAR})*\s*")


def _json_row(inner: str) -> bool:
    """Whether `inner` (what stands between `[[` and `]]`) is a JSON array's values (`_JSON_ROW`)."""
    return ('"' in inner or "," in inner) and _JSON_ROW.fullmatch(inner) is not None
# A link not yet closed at the end of a text (`212-[555](https://x.ex`, `212-[55`, `[Fal`, `212-[555]`,
# `<https://x|55`, `` 212-`55 ``): its text may still go on, and the second reading lays it out only whole; a stream
# window never ends inside one (`markup_open`), up to `_LINK_MAX` characters back. A bracket after a space with
# nothing in it yet, or closed (`a [`, `see [1]`), opens none.
_LINK_OPEN = re.compile(
    rf"(?<![\\\x1b])(?:(?<=[^\s\x00-\x1f\x7f\x9b])!?\[[^\[\]\n]{{0,{_LINK_MAX}}}\]?|!?\[[^\[\]\n]{{1,{_LINK_MAX}}}"
    rf"|!?\[[^\[\]\n]{{0,{_LINK_MAX}}}\](?:\((?:<[^<>\n]{{0,{_LINK_MAX}}}"
    rf"|(?:[^()\s]++|\([^()\s]{{0,{_LINK_MAX}}}+\)?+){{0,{_LINK_MAX}}}+"
    r"""(?:[ \t]+(?:"[^"\n]{0,200}"?|'[^'\n]{0,200}'?|\([^()\n]{0,200}\)?))?[ \t]*)?|\[[^\[\]\n]{0,100}))\Z"""
    rf"|<(?:{_LINK_SCHEME}|[@#!])[^<>|\s]{{0,{_LINK_MAX}}}(?:\|[^<>\n]{{0,{_LINK_MAX}}})?\Z"
    rf"|`[^`<\n]{{1,{_LINK_MAX}}}<[^<>`\n]{{0,{_LINK_MAX}}}(?:>`?)?\Z")


# A reference link right after another (`[stu][1][pid][2]`, linkview15): `_LINK` takes none after a `]` (`a[i][j]` is
# an index), so one that follows a reference link is read here; an index's first `[i]` follows a word and starts none.
_REF_CHAINED = re.compile(rf"(?P<ref>!?\[)(?=[^\[\]\n]*[^\s\[\]])[^\[\]\n]{{1,{_LINK_MAX}}}"
                          r"(?P<refend>\]\[[^\[\]\n]{0,100}\])")


# Citation and footnote markers one after another (`see [1][2][3][4]`, `[^1][^2]`, linkview15's leftover): the syntax
# of reference links, but a renderer shows them as written where no definition (`[2]: https://...`) gives one of them
# a target, and a footnote's marker (`[^1]`) is never a link's text or label. Read as links they glued every other
# number into one (`see 13`, `refs 13579`), which may read as a value: such a run is read as written. Citations count
# up, each of at most three digits: `[617][1][555][2][0143][3]` and `[61][1][75][2][55][3][01][4][43][5]` are still
# read as links (a value split so needs its definitions to display, and a stream may not have them yet).
_CITATION_RUN = re.compile(r"(?:\[(?:\^[^\[\]\s]{1,40}|\d{1,3})\]){2,}")
_BRACKETS = re.compile(r"(?:\[[^\[\]\n]{0,100}\])+")  # a run of bracketed parts, one after another
_CITATION_MARKER = re.compile(r"\[(\^?)([^\[\]]*)\]")
_DEFINITION = re.compile(r"(?m)^[ \t]{0,3}\[([^\[\]\n]{1,100})\]:")


def _citations(text: str, start: int, defined: Callable[[], frozenset[str]]) -> int:
    """Where a run of citation or footnote markers that starts at `start` ends (see `_CITATION_RUN`), or -1: every
    bracket of the run one, a footnote's among them, or numbers counting up none of which `text` defines as a label
    (`defined`: the labels it defines)."""
    run = _BRACKETS.match(text, start)
    if run is None or _CITATION_RUN.fullmatch(run.group()) is None:
        return -1  # (a bracket of words or a longer number in the run: links, `[617][1][555][2][0143][3]`)
    markers = _CITATION_MARKER.findall(run.group())
    if any(caret for caret, _ in markers):
        return run.end()
    numbers = [int(label) for _, label in markers]
    if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
        return -1  # (not counting up: no citations)
    labels = defined()
    return -1 if any(label in labels for _, label in markers) else run.end()


def _link_matches(text: str) -> Iterator[re.Match[str]]:
    pos, chained = 0, False
    labels: list[frozenset[str]] = []

    def defined() -> frozenset[str]:  # (read once, where a run of citations is met)
        if not labels:
            labels.append(frozenset(_DEFINITION.findall(text)) if "]:" in text else frozenset())
        return labels[0]

    while True:
        m = _REF_CHAINED.match(text, pos) if chained else None
        if m is None:
            m = _LINK.search(text, pos)
        if m is None:
            return
        if m.re is _LINK and m.group("refend") is not None and (end := _citations(text, m.start(), defined)) >= 0:
            pos, chained = end, False  # citations, as written (a run read once, from its first bracket: linear)
            continue
        yield m
        chained = m.re is _REF_CHAINED or m.group("refend") is not None
        pos = max(m.end(), pos + 1)


def links_in(text: str) -> bool:
    """Whether `text` has a link with text the second reading lays out (`_links`) that may hold or end a name's part:
    its text starts with a capital (or a letter of a script without case: `[Maria](#a)`, `[Mar](#)[ia Schmidt](#)`)
    or it is glued to a letter before it (`Mar[ia](#)`), or a link that displays a space stands before a capital
    (`Jordan[ ](#s)Whitfield`). Where PII analysis reads that reading for names too
    (`proxy.nlp.pii`): a text whose links are lower-case words apart (`[the install guide](x)`) pays no NER pass."""
    if not ("[" in text or "<" in text or "`" in text):
        return False
    if ("](" in text or "][" in text or "|" in text) and any(
            text[m.end():m.end() + 1].isupper() for m in _BLANK_LINK.finditer(text)):
        return True  # a link that displays a space before a capital (`Jordan[ ](#s)Whitfield`)
    if _LINK_HINT.search(text) is None:
        return False
    for m in _link_matches(text):
        if m.re is _REF_CHAINED:
            first = text[m.end("ref")]
        else:
            opening = next((o for o, c in _LINK_PARTS if m.group(c) is not None), "")
            if opening == "":
                continue
            first = text[m.start() + 1 if opening is None else m.end(opening)]
        if first.isupper() or first.isalpha() and not first.isascii() or text[m.start() - 1:m.start()].isalpha():
            return True
    return False


def _links(text: str) -> Iterator[tuple[int, int, str]]:
    if _LINK_HINT.search(text) is None:
        return
    for m in _link_matches(text):
        if m.re is _REF_CHAINED:
            a, b = m.end("ref"), m.start("refend")
            yield from ((m.start(), m.end(), text[a]),) if b - a == 1 else ((m.start(), a + 1, text[a]),
                                                                          (b - 1, m.end(), text[b - 1]))
            continue
        for opening, closing in _LINK_PARTS:
            if m.group(closing) is None:
                continue
            if opening == "wiki" and not any(c.isalpha() for c in m.group("wikitext")):
                before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
                if not any(c.isalnum() or c in _LINK_GLUED for c in before + after):
                    break  # digits alone in `[[...]]`, apart from any word: a nested array (`[[1, 2]]`)
            if opening == "wiki" and m.group("wiki") == "[[" and _json_row(m.group("wikitext")):
                break  # a JSON table's row (`"rows": [["x", 6175550143]]`): a nested array, no link (atk20 L1)
            a = m.start() + 1 if opening is None else m.end(opening)
            b = m.start(closing)
            if b - a == 1:
                yield m.start(), m.end(), text[a]
            else:  # (each edit takes a displayed character with the syntax: a span from or to it takes the syntax)
                yield m.start(), a + 1, text[a]
                yield b - 1, m.end(), text[b - 1]
            break

# Inline LaTeX math, which chat front ends render (KaTeX, MathJax: atk11 A-M4): `jane.doe$@$example.com`,
# `$617{-}555{-}0143$`, `$\text{Project}\ \text{Falcon}$`, `\(\text{project}~\text{falcon}\)` display as the value or
# the codename. The second reading (`uncommented`, `pattern_readings`) lays a math span out as it renders: its `$`,
# `$$`, `\(` `\)` delimiters removed, `{` `}` grouping removed, the text wrappers (`\text{..}`, `\mathrm{..}`,
# `\textrm`, `\mathit`, `\texttt`...) read as their content, `\ `, `~` and the spacing commands (`\,`, `\;`, `\quad`)
# as a space, `\!` as nothing, `\{` `\}` `\$` `\%` `\&` `\#` `\_` as the character. A span: on one line, up to
# `_MATH_MAX` characters, read only where rendering changes what it spells (a brace, a backslash or a `~` inside, or
# a `$` glued to a letter, a digit, `@`, `.` or `-` outside it: `jane.doe$@$`); money (`$5 and $10`) reads as written.
# It runs before the escapes are decoded (`\text` is no tab there).
_MATH_MAX = 400
_MATH = re.compile(rf"(?<![\\$])(\$\$?)(?![\s$])([^$\n]{{1,{_MATH_MAX}}}?)(?<![\s\\])\1"
                   rf"|\\\(((?:[^\n\\]|\\[^()\n]){{1,{_MATH_MAX}}}?)\\\)")  # (no `\(` inside: linear)
_MATH_INSIDE = re.compile(r"\\(?:text(?:rm|tt|it|bf|sf|normal|up)?|math(?:rm|it|tt|bf|sf|normal|up)|operatorname"
                          r"|mbox|hbox)[ \t]*+\{|\\([{}$%&#_])|(\\[ ,;:>]|\\q?quad(?![A-Za-z])|~)|(\\!)|[{}]")
_MATH_RENDERS = re.compile(r"[{}\\~]")
_MATH_GLUED = re.compile(r"[\w@.-]")


def _math(text: str) -> Iterator[tuple[int, int, str]]:
    if "$" not in text and "\\(" not in text:
        return
    for m in _MATH.finditer(text):
        inner = 3 if m.group(1) is None else 2
        a, b = m.start(inner), m.end(inner)
        glued = m.group(1) is not None and (_MATH_GLUED.match(text[m.start() - 1:m.start()]) is not None
                                             or _MATH_GLUED.match(text, m.end()) is not None)
        if not glued and _MATH_RENDERS.search(text, a, b) is None:
            continue
        yield m.start(), a, ""
        for e in _MATH_INSIDE.finditer(text, a, b):
            if e.group(1) is not None:
                yield e.start(), e.end(), e.group(1)
            else:
                yield e.start(), e.end(), " " if e.group(2) is not None else ""
        yield b, m.end(), ""


# Right-to-left overrides written in HTML (atk11 A-M2): `<bdo dir="rtl">moc.elpmaxe@eod.enaj</bdo>` and an element
# styled `unicode-bidi: bidi-override; direction: rtl` display their text reversed, as U+202E does (`_overrides`; a
# `&#x202E;` is decoded before it). The second reading reads such an element's text reversed, its tags removed, up
# to `_OVERRIDE_MAX` characters without markup inside.
_HTML_OVERRIDE = re.compile(
    rf"(?i)<(bdo)\b[^<>]{{0,{_TAG_MAX}}}?\bdir[ \t]*+=[ \t]*+[\"']?rtl\b[^<>]{{0,{_TAG_MAX}}}>"
    rf"([^<]{{1,{_OVERRIDE_MAX}}})</bdo[ \t]*+>"
    rf"|<({_XML_NAME})\b(?=[^<>]{{0,{_TAG_MAX}}}?unicode-bidi[ \t]*+:[ \t]*+bidi-override)"
    rf"(?=[^<>]{{0,{_TAG_MAX}}}?direction[ \t]*+:[ \t]*+rtl)[^<>]{{0,{_TAG_MAX}}}>"
    rf"([^<]{{1,{_OVERRIDE_MAX}}})</\3[ \t]*+>")


def _html_overrides(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _HTML_OVERRIDE.finditer(text):
        yield m.start(), m.end(), (m.group(2) if m.group(1) else m.group(4))[::-1]


# HTML a browser never displays (atk11 A-M2): an element with the `hidden` attribute or styled `display: none`
# or `visibility: hidden` (`pro<span hidden>xx</span>ject falcon`, `project<span style=display:none>zz</span>
# falcon`), and `<style>`, `<script>`, `<template>`, `<noscript>` elements, a codename spelled around it. A third
# reading for `patterns:` rules (`pattern_readings`) removes such an element with its content, up to `_TAG_MAX`
# characters inside, to the first closing tag of its name (the others keep the content, the second lays the tags
# out: `pro<b hidden>ject</b> osprey` reads `project osprey` there).
_HIDDEN_ELEMENT = re.compile(
    rf"(?i)<(style|script|template|noscript)\b[^<>]{{0,{_TAG_MAX}}}>(?s:.{{0,{_TAG_MAX}}}?)</\1[ \t]*+>"
    rf"|<({_XML_NAME})[ \t\r\n]++(?=[^<>]{{0,{_TAG_MAX}}}?(?:(?<=[ \t\r\n\"'])hidden(?=[ \t\r\n/>=\"'])"
    rf"|display[ \t]*+:[ \t]*+none|visibility[ \t]*+:[ \t]*+hidden))[^<>]{{0,{_TAG_MAX}}}>"
    rf"(?s:.{{0,{_TAG_MAX}}}?)</\2[ \t]*+>")


def _hidden_html(text: str) -> Iterator[tuple[int, int, str]]:
    done = 0
    for a, b in sorted([m.span() for m in _HIDDEN_ELEMENT.finditer(text)] + hidden_spans(text)):  # (html44)
        if a >= done:
            yield a, b, ""
            done = b


def _has_hidden(text: str) -> bool:
    return "<" in text and (_HIDDEN_ELEMENT.search(text) is not None or hidden_hint(text) and bool(hidden_spans(text)))


# `&#x202E;` / `&#8238;`: a right-to-left override written as a character reference (the second reading decodes it
# before it reads overrides).
_OVERRIDE_REFERENCE = re.compile(r"(?i)&#(?:x0*202e|0*8238)")


def _rendered(text: str) -> bool:
    """Whether `text` has what the second reading lays out besides `_markup`'s: LaTeX math that renders
    otherwise than written (`_math`), a right-to-left override written as a character reference."""
    if ("$" in text or "\\(" in text) and next(_math(text), None) is not None or rendered44(text) \
            or rendered45_any(text):  # (rend45: terminal cursor movement, renderers' syntaxes)
        return True  # (html44: LaTeX spacing, `\\[..\\]`, right-to-left runs)
    return "&#" in text and _OVERRIDE_REFERENCE.search(text) is not None



def _markup(text: str) -> bool:
    """Whether `text` has an HTML comment, a tag with attributes, a tag character, a terminal escape sequence, a
    right-to-left override, an empty Markdown link or other markup the second reading lays out (`_bare_markup`,
    `_bbcode`, `_wiki_marks`): read again without them, or reversed. Angle brackets in full-width or small forms
    (`exa＜label＞mple.com`) are read as NFKC reads them, as the second reading does (it removes markup after
    the Unicode pass)."""
    if not text.isascii() and ("\uff1c" in text or "\ufe64" in text):
        text = unicodedata.normalize("NFKC", text)
    if _rendered(text):
        return True
    if ("<!--" in text or "\x1b" in text
            or (not text.isascii() and (_TAGS.search(text) is not None or "\u202e" in text or "\x9b" in text))
            or next(_empty_links(text), None) is not None):
        return True
    if "<" in text and (_ATTRIBUTED_TAG.search(text) is not None or next(_bare_markup(text), None) is not None):
        return True
    if next(_bbcode(text), None) is not None or next(_wiki_marks(text), None) is not None:
        return True
    return ("[" in text or "<" in text or "`" in text) and next(_links(text), None) is not None


# Markdown emphasis, strike-through and code-span delimiters around a part of a word or a value, as a renderer
# shows it: `pro**ject**` reads `project`, `pro*ject*`, `` `pro`ject ``, `jane.doe@**acme**.com`, `call
# **617**-555-0143`, `4111 **1111** 1111 1111`, `4111 __1111__ ...`. A pair of the same run (`*` to `***`, `_` to
# `___` never inside a word, as CommonMark reads them, `~~` or `~` (GFM), a backtick or two) around a stretch without
# whitespace is removed where it splits a word or a value: glued to a letter or digit outside it (`pro**ject**`),
# to an address's `@` or to a `.` or `-` before one (`@**acme**.com`, `**617**-555`), or, `*`, `_` and `~~` only,
# around digits (`**1111**`). Left as written: emphasis of whole words (`**Note:** the project`, `__init__`,
# `` `make` ``: a word alone reads the same to the recognizers), a pair with digits just outside it (`3*4*5`,
# `4111**1111**1111`: arithmetic, or separators `_symbol_groups` reads), `x**2`, `char *p`, `*.py`,
# `snake_case_name`, backticks around digits alone (`_spread` reads those). The delimiters map back with what
# they surround, so a redaction takes them too.
_EMPHASIS = re.compile(r"(?<![*\\])(\*{1,3})([^\s*]{1,64})\1(?!\*)|(?<![\w\\])(_{1,3})([^\s_]{1,64})\3(?!\w)"
                       r"|(?<![~\\])(~{1,2})([^\s~]{1,64})\5(?!~)|(?<![`\\])(`{1,2})([^\s`]{1,64})\7(?!`)")
_DELIMITER = re.compile(r"[*_~`]")  # where a pair may start (a scan for a character class is fast)


def _joins(text: str, at: int, step: int) -> bool:
    """Whether the character at `at` (just outside a pair) joins it to a word or a value: a letter or a digit,
    an `@`, or a `.` or `-` with a letter or digit beyond it (`step`: -1 on the left, 1 on the right)."""
    if not 0 <= at < len(text):
        return False
    ch = text[at]
    if ch.isalnum() or ch == "@":
        return True
    beyond = at + step
    return ch in ".-" and 0 <= beyond < len(text) and text[beyond].isalnum()


def _emphasis(text: str) -> Iterator[tuple[int, int, str]]:
    if "*" not in text and "_" not in text and "~" not in text and "`" not in text:
        return  # (four literal scans cost less than the one for the character class)
    found: list[tuple[int, int, str]] = []
    inside: list[int] = []  # indexes in `found` of pairs inside a number (`1**1**11`): kept only in a value
    spelled: list[tuple[int, int]] | None = None
    done = 0
    for d in _DELIMITER.finditer(text):
        before = text[d.start() - 1] if d.start() else ""
        if d.start() < done or before == d.group() or d.group() == "_" and before.isalnum():
            continue  # (inside a run, `snake_case`: refused by the pattern's look-behinds, without calling it)
        m = _EMPHASIS.match(text, d.start())
        if m is None:
            continue
        done = m.end()
        k = next(i for i in (1, 3, 5, 7) if m.group(i) is not None)
        inner = m.group(k + 1)
        for _ in range(3):  # nested (`**_1111_**`, `~~*ject*~~`): what the innermost pair holds
            nested = _EMPHASIS.fullmatch(inner)
            if nested is None:
                break
            k = next(i for i in (1, 3, 5, 7) if nested.group(i) is not None)
            inner = nested.group(k + 1)
        after = text[m.end():m.end() + 1]
        if not any(c.isalnum() for c in inner):
            continue
        if len(inner) == 1 and inner.isalpha():
            if spelled is None:  # letters written one by one with one same separator (`_ONE_BY_ONE_SAME`)
                spelled = [(r.start(), r.end()) for r in _ONE_BY_ONE_SAME.finditer(text)]
            i = bisect.bisect_right(spelled, (m.start(), len(text))) - 1
            if i >= 0 and m.end() <= spelled[i][1]:
                continue  # a separator pair around one of them (`p*r*o*j*e*c*t`, `p~r~o~j`): `joined_reading`
        if before.isdigit() or after.isdigit():
            if inner.isascii() and inner.isdigit() and not _separating(text, m.start()):
                inside.append(len(found))  # digits inside a number: `_in_values` decides
                found.append((m.start(), m.end(), inner))
            continue
        digits = k != 7 and any(c.isdigit() for c in inner)
        if digits or _joins(text, m.start() - 1, -1) or _joins(text, m.end(), 1):
            found.append((m.start(), m.end(), inner))  # one edit: a span that takes any of it takes the delimiters
    if inside:
        dropped = set(inside) - _in_values(text, found, inside)
        found = [f for i, f in enumerate(found) if i not in dropped]
    yield from found


# A pair of delimiters with digits just outside it (`4111 1**1**11 1111 1111`, `ssn 5**3**6-90-4399`, `call
# 617-5`5`5-0143`, `ip 192.168.1**0**.77`, `IBAN DE89 3704 0044 0**5**32 0130 00`) is read as rendered only where
# the number it sits in, read without the pairs, is a value (up to five of its groups, the pair's among them: a card
# with a date or a short number beside it, `4111 1**1**11 1111 1111 12 27`, `_a_value_around`): three or more
# groups of a phone number's, an SSN's or a card's shape that can be that value (`_could_be_a_value`; an area code
# in brackets counts as a group, `(617) 5**5**5-0143`), 13 to 19 digits that pass a card's checksum, an IPv4 address
# (four groups of at most three digits, at most 255, apart by dots), or an IBAN (a country code, check digits and
# groups of at most four letters or digits whose first 15 to 34 characters pass its mod-97 check). Arithmetic
# (`3*4*5`, `10*1000*1000`), a product's or a size's digits (`4111**1111**1111`, 12 digits), exponents (`2**10`)
# make none and stay as written.
_IN_NUMBER = re.compile(r"(?:\([0-9]{3}\)[ \t]?)?[0-9]++(?:[ .-][0-9]++)*+")
_IN_IBAN = re.compile(r"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?:[ .-]?+[0-9A-Z]{1,4}+){2,8}+")
_IBAN_GROUP = re.compile(r"[0-9A-Z]{1,4}")


def _separating(text: str, at: int) -> bool:
    """Whether the pair that starts at `at`, digits before it, keeps whole groups of a value's shape apart as one same
    separator throughout (`3400*000000*00009`, `4111**1111**1111**1111`): `_symbol_groups` reads those as groups."""
    start = at
    while start and "0" <= text[start - 1] <= "9" and at - start < 20:
        start -= 1
    run = _SYMBOL_RUN.match(text, start, min(len(text), at + 96))  # (a value's run is shorter: bounded, linear)
    if run is None or run.end() <= at:
        return False
    groups = run.group().split(run.group(1))
    return len(groups) >= 3 and tuple(map(len, groups)) in _GROUP_SHAPES


def _iban_ok(run: str, upto: int) -> bool:
    """Whether the first whole groups of `run` (an IBAN's head and groups) that reach past `upto` make an IBAN of 15
    to 34 characters whose mod-97 check passes."""
    compact = run[:4]
    for g in _IBAN_GROUP.finditer(run, 4):
        compact += g.group()
        if g.end() >= upto and 15 <= len(compact) <= 34:
            moved = compact[4:] + compact[:4]
            if int("".join(str(int(c, 36)) for c in moved)) % 97 == 1:
                return True
    return False


def _a_value(number: str) -> bool:
    """Whether a run of digit groups (`_IN_NUMBER`) is a value (see above)."""
    groups = re.findall(r"[0-9]+", number)
    shape = tuple(map(len, groups))
    if len(groups) >= 3 and shape in _GROUP_SHAPES and _could_be_a_value(groups):
        return True
    digits = "".join(groups)
    if 13 <= len(digits) <= 19 and luhn_ok(digits):
        return True
    return (len(groups) == 4 and number.count(".") == 3 and max(shape) <= 3
            and all(int(g) <= 255 for g in groups))


_GROUP_DIGITS = re.compile(r"[0-9]+")


def _a_value_around(read: str, groups: tuple[list[int], list[int]], at: int, end: int) -> bool:
    """Whether up to five groups of a run (`groups`: their starts and ends in `read`), the pair's digits
    (`read[at:end]`) among them, are a value (`_a_value`): a card's number with a short number or a date beside it
    is read as one (`4111 1**1**11 1111 1111 12 27`)."""
    starts, ends = groups
    g = bisect.bisect_right(starts, at) - 1
    for first in range(max(0, g - 4), g + 1):
        for last in range(g, min(len(starts), first + 5)):
            a, b = starts[first], ends[last]
            if a <= at and end <= b and b - a <= 64 and _a_value(read[a:b]):
                return True
    return False


def _in_values(text: str, found: list[tuple[int, int, str]], inside: list[int]) -> set[int]:
    """Which of the pairs `found[i]`, `i` in `inside`, sit in a value once every pair of `found` is read as rendered."""
    parts: list[str] = []
    where: dict[int, int] = {}  # index in `found` -> where its inner starts in the text read as rendered
    pos = size = 0
    for i, (a, b, inner) in enumerate(found):
        parts.append(text[pos:a])
        size += a - pos
        where[i] = size
        parts.append(inner)
        size += len(inner)
        pos = b
    parts.append(text[pos:])
    read = "".join(parts)
    runs = list(_IN_NUMBER.finditer(read))
    ibans = list(_IN_IBAN.finditer(read)) if any("A" <= c <= "Z" for c in read) else []
    starts, iban_starts = [m.start() for m in runs], [m.start() for m in ibans]
    groups: dict[int, tuple[list[int], list[int]]] = {}  # a run's groups' starts and ends, for the runs with pairs
    kept: set[int] = set()
    for i in inside:  # (the runs do not overlap: the one that starts last before a pair is the only one it may be in)
        at, end = where[i], where[i] + len(found[i][2])
        j, k = bisect.bisect_right(starts, at) - 1, bisect.bisect_right(iban_starts, at) - 1
        if j >= 0 and end <= runs[j].end():
            if j not in groups:
                spans = [g.span() for g in _GROUP_DIGITS.finditer(read, runs[j].start(), runs[j].end())]
                groups[j] = [a for a, _ in spans], [b for _, b in spans]
            if _a_value_around(read, groups[j], at, end):
                kept.add(i)
                continue
        if k >= 0 and end <= ibans[k].end() and _iban_ok(ibans[k].group(), end - ibans[k].start()):
            kept.add(i)
    return kept


# Markdown backslash escapes, as a renderer shows them: `\X` for an ASCII punctuation character X is X (CommonMark;
# Telegram's MarkdownV2 requires `\-`, `\.`, `\(`, `\)`, `\+`... so a bot's phone number is `\+1 \(617\) 555\-0143`),
# and `\ ` is a space (Pandoc's no-break space): `617\-555\-0143`, `617-\-555-\-0143`, `192\.168\.1\.77`,
# `jane\.doe@example\.com`, `jane.doe\@example.com`, `(617)\ 555\-0143`. Read after the emphasis and the tags (an
# escaped `\*` or `\<b\>` is no delimiter and no tag: the passes before read it as written), and only where a run of
# escapes is next to a letter or a digit (`\d{3}\-\d{4}` in a regular expression stays). `\\` is an escaped
# backslash (`C:\\Users`, `617\\555\\0143`: read as written, the separator fold reads it); `\n`, `\u0040`, `\/` and
# the other escapes of step 1 are decoded there already.
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~ ])")


def _backslashes(text: str) -> Iterator[tuple[int, int, str]]:
    if "\\" not in text:
        return
    run: list[re.Match[str]] = []
    for m in _BACKSLASH.finditer(text):
        if run and m.start() != run[-1].end():
            yield from _escaped_run(text, run)
            run = []
        run.append(m)
    if run:
        yield from _escaped_run(text, run)


def _escaped_run(text: str, run: list[re.Match[str]]) -> Iterator[tuple[int, int, str]]:
    r"""The escapes of one run (`\-\-`) read as what they escape, where a letter or a digit is next to the run."""
    start, end = run[0].start(), run[-1].end()
    if (start and text[start - 1].isalnum()) or text[end:end + 1].isalnum():
        for m in run:
            if m.group(1) != "\\":
                yield m.start(), m.end(), m.group(1)


def emphasis_across(before: str, after: str) -> bool:
    """Whether a pair of emphasis delimiters read as rendered (`_emphasis`) has the cut between `before` and
    `after` inside it: a value split across two texts there (`jane.doe@**acme` + `**.com`, `617-**555` +
    `**-0143`) is read across the cut (`proxy.guard.checks.pii.value_near`)."""
    left, right = before[-72:], after[:72]
    if not (_DELIMITER.search(left) and _DELIMITER.search(right)):
        return False
    return any(a < len(left) < b for a, b, _ in _emphasis(left + right))


# A value written as string concatenation in code (atk10 B-M3): string literals joined by an operator, `+` (Python,
# JavaScript, Java, C#), `||` (SQL), `&` (a spreadsheet formula, VB), `.` (PHP, Perl), `,` inside `CONCAT(` or
# `CONCATENATE(`, or nothing but blanks (C and Python adjacent literals); a quoted expression inside a JavaScript
# template (`` `jane.doe@${'example.com'}` ``); an empty quote pair inside a word and quotes around the parts of an
# address (shell: `jane.doe@exam""ple.com`, `"jane.doe"@"example.com"`). Each joint (a closing quote, the operator,
# the opening quote) is left out where the literals joined so hold a value across it: an e-mail address, three or
# more digit groups of a phone number's, an SSN's or a card's shape that can be that value, 13 to 19 digits that pass
# a card's checksum, an IPv4 address, an IBAN that passes its mod-97 check (`'617-555-' + '0143'` reads
# `'617-555-0143'`). A value's span maps back over the joints: the whole expression, from the value's first character
# to its last, is what is redacted (`to = '<EMAIL_ADDRESS_1>'`). Ordinary code stays as written (`'Hello ' + name`,
# `"a" "b"`, `['617-555', '0143']`: an array's items are no concatenation); digit groups each quoted on their own
# (`'617' + '555' + '0143'`) are the separator fold's (step 4: `'617 555 0143'`). `patterns:` rules also read every
# joint left out (`joined_reading`: `'pro' + 'ject falcon'`, `pro""ject falcon`).
_CONCAT_Q = "\"'`\u2018\u2019\u201c\u201d"
_CONCAT_JOINT = re.compile(
    rf"[{_CONCAT_Q}](?:[ \t]*+(?:\+|\|\||&|\.|(,))[ \t]*+|[ \t]*+)[{_CONCAT_Q}]"
    rf"|(?<=[\w.+-])[{_CONCAT_Q}](?=@[{_CONCAT_Q}])|(?<=@)[{_CONCAT_Q}](?=[\w-])"
    rf"|\$\{{[ \t]*+(['\"])([^'\"\n]{{0,256}}+)\2[ \t]*+\}}")
_CONCAT_CALL = re.compile(r"(?i)\bconcat(?:enate)?[ \t]*+\([^()\n]*+\Z")
_CONCAT_REACH = 256  # characters read on each side of a run of joints (on its line)
_CONCAT_MAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")  # (from a run's start: no rescans)
_CONCAT_HINT = re.compile(  # (from a character class: a fast scan)
    rf"[{_CONCAT_Q}@$](?:(?<=[{_CONCAT_Q}])[ \t]*+[+|&.,@{_CONCAT_Q}]|(?<=@)[{_CONCAT_Q}]|(?<=\$)\{{)")


def _concat_joints(text: str) -> list[tuple[int, int, str]]:
    """Every joint of `text` (start, end, what it reads as): what `patterns:` rules read left out (`joined_reading`)."""
    out: list[tuple[int, int, str]] = []
    if _CONCAT_HINT.search(text) is None:
        return out
    for m in _CONCAT_JOINT.finditer(text):
        if m.group(3) is not None:  # a template's `${'...'}` reads as what it quotes
            out.append((m.start(), m.end(), m.group(3)))
            continue
        a, b = m.span()
        if m.group(1) is not None:
            lo = max(0, a - _CONCAT_REACH)
            if _CONCAT_CALL.search(text[text.rfind("\n", lo, a) + 1 or lo:a]) is None:
                continue  # a comma joins only inside `CONCAT(`
        if a > 0 and b < len(text) and "0" <= text[a - 1] <= "9" and "0" <= text[b] <= "9":
            continue  # `'617' + '555'`: groups each quoted, the separator fold's (`_spread`: `'617 555'`)
        out.append((a, b, ""))
    return out


def _concat_number(number: str) -> bool:
    """Whether a run of digit groups (`_IN_NUMBER`) is a value: three groups or more of a value's shape that can be
    that value, or an IPv4 address (as `_a_value`; not any 13 to 19 digits that pass Luhn: a tenth of runs do)."""
    groups = _GROUP_DIGITS.findall(number)
    shape = tuple(map(len, groups))
    if len(groups) >= 3 and shape in _GROUP_SHAPES and _could_be_a_value(groups):
        return True
    return len(groups) == 4 and number.count(".") == 3 and max(shape) <= 3 and all(int(g) <= 255 for g in groups)


def _holds_value(joined: str) -> list[tuple[int, int]]:
    """The spans of the values `joined` holds (see above)."""
    spans = [m.span() for m in _CONCAT_MAIL.finditer(joined)] if "@" in joined else []
    spans += [m.span() for m in _IN_NUMBER.finditer(joined) if _concat_number(m.group())]
    spans += [m.span() for m in _IN_IBAN.finditer(joined) if _iban_ok(m.group(), 0)]
    return spans


def _concat(text: str) -> Iterator[tuple[int, int, str]]:
    for run in joint_runs(text, _concat_joints(text), _CONCAT_REACH):
        # read with its line around it
        lo = max(0, run[0][0] - _CONCAT_REACH)
        lo = text.rfind("\n", lo, run[0][0]) + 1 or lo
        yield from joints_in_values(text, run, lo, _CONCAT_REACH)


def joint_runs(text: str, joints: list[tuple[int, int, str]], reach: int) -> Iterator[list[tuple[int, int, str]]]:
    """`joints` (in order, apart) in runs: each within `reach` of the last, no line break between them but inside a
    joint (`_concat`, rgx45's `joins45`)."""
    i = 0
    while i < len(joints):
        j = i + 1
        while j < len(joints) and joints[j][0] - joints[j - 1][1] <= reach \
                and "\n" not in text[joints[j - 1][1]:joints[j][0]]:
            j += 1
        yield joints[i:j]
        i = j


def joints_in_values(text: str, run: list[tuple[int, int, str]], lo: int,
                     reach: int) -> Iterator[tuple[int, int, str]]:
    """The joints of `run` that a value crosses when the run is read joined, from `lo` to the line's end (at most
    `reach` past the last joint)."""
    hi = text.find("\n", run[-1][1], run[-1][1] + reach)
    hi = min(len(text), run[-1][1] + reach) if hi < 0 else hi
    parts: list[str] = []
    at: list[int] = []  # where each joint sits in the joined text
    pos, size = lo, 0
    for a, b, new in run:
        parts += [text[pos:a], new]
        size += a - pos
        at.append(size)
        size += len(new)
        pos = b
    parts.append(text[pos:hi])
    spans = _holds_value("".join(parts))
    for joint, p in zip(run, at, strict=True):
        if any(s < p + len(joint[2]) and p < e for s, e in spans):
            yield joint


# An address's mailbox written quoted (`"jane doe"@acme.com`, `"jane.doe"@acme.com`, `"doe,jane"@acme.com`) reads
# as the mailbox (spaces and commas as dots: `jane.doe@acme.com`), quotes included in what maps back; a comment next
# to its `@` (`jane(comment)@acme.com`, `jane@(comment)acme.com`) is left out.
_DOMAIN_AHEAD = r"(?:(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2}|localhost\b)"
_QUOTE = "\"'\u201c\u201d"
_QUOTED_MAILBOX = re.compile(rf"(?<![\w{_QUOTE}])[{_QUOTE}]([^{_QUOTE}\n@<>()\[\];:\\]{{1,64}})[{_QUOTE}]"
                             rf"(?=@{_DOMAIN_AHEAD})")
_COMMA_RUN = re.compile(r"[\s,]+")  # (a comma too, `"mensah,kwame"@acme.com`: rst41, atk41 F05)
_MAIL_COMMENT = re.compile(rf"(?<=[\w.+-])\([^()@\n]{{0,40}}\)(?=@{_DOMAIN_AHEAD})"
                           rf"|(?<=[\w.+-]@)\([^()@\n]{{0,40}}\)(?={_DOMAIN_AHEAD})")


# What either needs (a closing quote or bracket right before the `@`, a bracket right after it): one scan from a
# character class, where the two patterns, each from a look-behind, are tried at every character (after the
# substring tests, cheaper still where a text has no quote and no bracket).
_MAILBOX_QUIRK_HINT = re.compile(rf"[{_QUOTE})]@|@\(")


def _mailbox_quirks(text: str) -> Iterator[tuple[int, int, str]]:
    if "@" not in text or not ('"' in text or "'" in text or ")" in text or "\u201c" in text or "\u201d" in text) \
            or _MAILBOX_QUIRK_HINT.search(text) is None:
        return
    found = [(m.start(), m.end(), _COMMA_RUN.sub(".", m.group(1).strip(" \t,")))
             for m in _QUOTED_MAILBOX.finditer(text)]
    found += [(m.start(), m.end(), "") for m in _MAIL_COMMENT.finditer(text)]
    yield from sorted(found)


# --------------------------------------------------------------------------- 3. [at] and [dot]

_AT_DOT = re.compile(r"(?i)(?<=\w)[ \t]*[\[({<][ \t]*(at|@|dot|\.)[ \t]*[\])}>][ \t]*(?=\w)")
# Its bracketed word (a scan from the bracket; `_AT_DOT`, from a look-behind, is tried at every character).
_AT_DOT_HINT = re.compile(r"(?i)[\[({<][ \t]*(?:at|@|dot|\.)[ \t]*[\])}>]")


def _at_dot(text: str) -> Iterator[tuple[int, int, str]]:
    if "[" not in text and "(" not in text and "{" not in text and "<" not in text or _AT_DOT_HINT.search(text) is None:
        return
    for m in _AT_DOT.finditer(text):
        word = m.group(1).lower()
        yield m.start(), m.end(), "@" if word in ("at", "@") else "."


# The ideographic full stop (and its half-width form, which NFKC makes one) between ASCII letters or digits:
# the dot of a domain as IDNA reads it (`jane@example\u3002com`). Between other letters it is a sentence's
# full stop and stays.
_IDNA_DOT = re.compile(r"(?<=[A-Za-z0-9_-])\u3002(?=[A-Za-z0-9])")


def _idna_dots(text: str) -> Iterator[tuple[int, int, str]]:
    found = _dot_like(text)  # (the other dots, in an address only)
    if "\u3002" in text:
        found += [(m.start(), m.end(), ".") for m in _IDNA_DOT.finditer(text)]
    yield from sorted(set(found))


# An address spelled out in words: `jane at example dot com`, `jane dot doe at mail dot example dot org`,
# `jane@example dot com`. Only with a spelled `dot` in the domain and a known top-level domain at its end,
# and never where a word of it is one that ordinary English puts there (`look at the dot com era`, `meet
# at noon dot`, `he worked at Acme dot com`): `jane at example.com` is left as written (`take a look at
# docs.python.org` reads the same way).
# (every country code and the common generic names: `proxy.nlp.mail40`, whose `tld_ok` looks at those added, atk40 F01)
_SPELLED_TLDS = MAIL_TLDS


# Other dots (atk9 B-L1): middle dots and dot operators (`·`, `・`, `∙`, `⋅`, `‧`, `⸱`), the Lisu `ꓸ` (which Unicode's
# confusables read as `.`), the Armenian, Urdu and Ethiopic full stops (`։`, `۔`, `።`), the Arabic decimal separator
# (`٫`, the dot of Arabic-digit numbers: `١٩٢٫١٦٨٫١٠٫٧٧`, atk13 L2), read as a dot only where the
# text read so is an address: between the ASCII labels of an e-mail address whose domain ends in a known top-level
# domain (`jane.doe@example·com`, `jane·doe@example・co・uk`), or between the four numbers of an IPv4 address (each
# 0-255, one same dot throughout, 5 digits or more, not an equation's side; with a dot that also writes a product,
# `·`, `∙`, `⋅`, after a word of networks: `server 192·168·10·77`; `2·3·5·7 = 210`, `compute 228·9·161·5` stay).
# A middle dot in prose or between CJK words (`東京·大阪`, `Tom·Jerry`) stays.
_DOT_LIKE = "\u00b7\u30fb\ua4f8\u2219\u22c5\u2027\u0589\u06d4\u1362\u2e31\u066b\u2e33"  # (U+2E33 raised dot: iban44)
_DOT_LIKE_RE = re.compile(f"[{_DOT_LIKE}]")
_ANY_DOT = f"[.{_DOT_LIKE}]"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_DOTTED_IP = re.compile(rf"(?<![A-Za-z0-9_.=])(?<!=[ \t]){_OCTET}([{_DOT_LIKE}]){_OCTET}(?:\1{_OCTET}){{2}}"
                        rf"(?![A-Za-z0-9_]|{_ANY_DOT}[0-9]|[ \t]?=)")
# (the domain's labels given back to a sentence's `.` after it: `jane.doe@example·com.`, iban44)
_DOTTED_MAIL = re.compile(rf"(?i)(?<![A-Za-z0-9_.+{_DOT_LIKE}-])[a-z0-9_+-]++(?:{_ANY_DOT}[a-z0-9_+-]++)*+@"
                          rf"(?:[a-z0-9-]++{_ANY_DOT})+(?:{_SPELLED_TLDS})(?![A-Za-z0-9_-]|{_ANY_DOT}[a-z0-9])")


# The dots that also write a product (`228·9·161·5`): an address only after a word of networks, within 48 characters.
_PRODUCT_DOTS = "\u00b7\u2219\u22c5"
_NETWORK_CUE = re.compile(r"(?i)\b(?:ip|ipv4|ips|server|servers|host|hostname|address|addr|gateway|gw|dns|ping|subnet"
                          r"|router|network|vpn|proxy|node|endpoint|interface|nameserver|firewall|lan|wan|ssh|client"
                          r"|peer|machine|vm|box|device|inet|route|resolver|upstream|backend|connect|connects|connected"
                          r"|connecting|sunucu|servidor|serveur|服务器|サーバー?|서버)\b|サーバー?|服务器|서버")


def _dot_like(text: str) -> list[tuple[int, int, str]]:
    if _DOT_LIKE_RE.search(text) is None:
        return []
    found: list[tuple[int, int, str]] = []
    matches = [m for m in _DOTTED_IP.finditer(text)
               if m.group(1) not in _PRODUCT_DOTS or _NETWORK_CUE.search(text, max(0, m.start() - 48), m.start())]
    if "@" in text:
        matches += _DOTTED_MAIL.finditer(text)
    for m in matches:
        found += [(m.start() + d.start(), m.start() + d.end(), ".") for d in _DOT_LIKE_RE.finditer(m.group())]
    return found


_WS = r"[ \t]{1,3}"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# The words for the dot and the `@` in English, German, Italian, Dutch and Polish (`punkt`, `punto`, `punt`, `kropka`;
# `chiocciola`, `apenstaartje`, `małpa`; a German address says `at`: atk37 F15), and the top-level domains of
# their countries the English list lacks.
SPELLED_DOTS = ("dot", "punkt", "punto", "punt", "kropka", *MAIL_DOTS)  # (misc45: sv cs tr el ko ru)
SPELLED_ATS = ("at", "chiocciola", "apenstaartje", "małpa", "malpa", *MAIL_ATS)  # (also `windows`' spelled runs)
_DOT_WORDS = "|".join(SPELLED_DOTS)
_AT_WORDS = "|".join(SPELLED_ATS)
_SPELLED = re.compile(
    rf"(?i)(?<![\w.@+-])(?P<local>[a-z0-9][a-z0-9_+-]*(?:(?:{_WS}(?:{_DOT_WORDS}){_WS}|\.)[a-z0-9_+-]+)*)"
    rf"(?:{_WS}(?:{_AT_WORDS}){_WS}|[ \t]{{0,3}}@[ \t]{{0,3}})"
    rf"(?P<domain>{_LABEL}(?:(?:{_WS}(?:{_DOT_WORDS}){_WS}|\.){_LABEL})*{_WS}(?:{_DOT_WORDS}){_WS}"
    rf"(?:{_SPELLED_TLDS}|it|at|be))(?![\w@-])")
_SPELLED_HINT = re.compile(rf"(?i)[ \t](?:{_DOT_WORDS})[ \t]")
_SPELLED_WORD = re.compile(rf"(?i){_WS}({_AT_WORDS}|{_DOT_WORDS}){_WS}|[ \t]{{0,3}}@[ \t]{{0,3}}")
_SPELLED_AT = re.compile(rf"(?i)@|{_AT_WORDS}")
# Words that ordinary English puts before `at` or as the place after it: never a domain label, nor a mailbox
# of one word (`a dot berg at ...` is one).
_NOT_ADDRESS = frozenset("""
a an the this that these those it its is are was were be been am my your our their his her him them us me
you we they i he she who what which here there and or but not no yes all any each every some one two
look looks looked looking stare stared staring glance glanced laugh laughed smile smiled aim aimed point
pointed points pointing arrive arrived arrives meet met meeting stay stayed work works worked working
live lives lived living based located available found find hit shot shoot good bad best better great
well now then once first last least most noon night midnight home times time same end start top bottom
""".split())


_SPELLED_SPLIT = re.compile(rf"(?i)[ \t]+(?:{_AT_WORDS}|{_DOT_WORDS})[ \t]+|[.@ \t]+")


def spelled_addresses(text: str) -> Iterator[re.Match[str]]:
    """The addresses spelled out in words in `text` (`jane at example dot com`, `anna punkt weber at gmx punkt de`),
    as the view folds them."""
    low = text.lower()
    if ("dot" not in low and "pun" not in low and "kropka" not in low and not mail_words_hint(low)) \
            or not _SPELLED_HINT.search(text):
        return
    for m in _SPELLED.finditer(text):
        local = _SPELLED_SPLIT.split(m.group("local"))
        words = _SPELLED_SPLIT.split(m.group("domain"))[:-1] + (local if len(local) == 1 else [])
        if not any(w.lower() in _NOT_ADDRESS for w in words) and tld_ok(m.group("local"), m.group("domain"), text,
                                                                        m.end(), spelled=True):
            yield m


def _spelled(text: str) -> Iterator[tuple[int, int, str]]:
    for m in spelled_addresses(text):
        for w in _SPELLED_WORD.finditer(m.group()):
            word = w.group(1) or "@"
            yield m.start() + w.start(), m.start() + w.end(), "@" if _SPELLED_AT.fullmatch(word) else "."


# An address with its `@` (and dots) spelled in Japanese or Chinese (`taro.yamadaアットマークdocomo.ne.jp`,
# `wang 点 jianguo 艾特 163 点 com`; atk37 F15): a Latin mailbox, the word, a domain ending in a known top-level domain,
# with or without spaces (the text around is CJK: no Latin letter or digit glued on either side).
_CJK_DOT = r"(?:\.|[ \t]*(?:点|ドット)[ \t]*)"
_CJK_AT = re.compile(
    rf"(?i)(?<![a-z0-9_.@+-])[a-z0-9][a-z0-9_+-]*(?:{_CJK_DOT}[a-z0-9_+-]+)*(?P<at>[ \t]*(?:アットマーク|艾特)[ \t]*)"
    rf"(?P<domain>{_LABEL}(?:{_CJK_DOT}{_LABEL})*{_CJK_DOT}(?:{_SPELLED_TLDS}|it|at|be|kr|tw|hk))(?![a-z0-9@-])")
_CJK_DOT_RE = re.compile(_CJK_DOT)


def _cjk_at(text: str) -> Iterator[tuple[int, int, str]]:
    if "アットマーク" not in text and "艾特" not in text:
        return
    for m in _CJK_AT.finditer(text):
        edits = [(m.start("at"), m.end("at"), "@")]
        for d in _CJK_DOT_RE.finditer(m.group()):
            a, b = m.start() + d.start(), m.start() + d.end()
            if d.group() != "." and not m.start("at") <= a < m.end("at"):
                edits.append((a, b, "."))
        yield from sorted(edits)


# An address written with spaces around its `@` and its dots (`jane @ example . com`, `jane.doe @example .io`):
# a literal `@`, a known top-level domain at the end, no word of it one that ordinary English puts there
# (`_NOT_ADDRESS`: `meet @ home . com`); the spaces are dropped.
# Any run of spaces or tabs (`jane.doe    @    example.com`), and a run of dashes between them around the `@`
# (`jane.doe -- @ -- example.com`), read as nothing.
_MAIL_GAP = r"[ \t]*+"
_AT_MARK = r"(?:[ \t]++-{2,}+)?[ \t]*+@[ \t]*+(?:-{2,}+[ \t]*+)?"
_SPACED = re.compile(
    rf"(?i)(?<![\w.@+-])(?P<local>[a-z0-9][a-z0-9_+-]*(?:{_MAIL_GAP}\.{_MAIL_GAP}[a-z0-9_+-]+)*){_AT_MARK}"
    rf"(?P<domain>{_LABEL}(?:{_MAIL_GAP}\.{_MAIL_GAP}{_LABEL})*{_MAIL_GAP}\.{_MAIL_GAP}(?:{_SPELLED_TLDS}))(?![\w@-])")
_SPACED_MARK = re.compile(rf"{_AT_MARK}|[ \t]*+\.[ \t]*+")


# Spaces next to an `@`, in the domain after it or in the mailbox before it: only such an `@` is looked at
# (a plain address needs no fold), and only the characters around it are searched.
_DOMAIN_GAP = re.compile(r"[\w-]+(?:\.[\w-]+)*(?:[ \t]+\.|\.[ \t])")
_WORD_GOES_ON = re.compile(r"[\w@-]")
# A mailbox read backwards from its `@`, spaces around its dots included, any number (`jane` + 300 spaces + `.doe`).
_LOCAL_BACK = re.compile(r"[\w+-]++(?:[ \t]*+\.[ \t]*+[\w+-]++)*+")
_MAIL_REACH = 4096  # characters looked at on each side of an `@` (the window grows with the runs by it)


def _local_before(text: str, at: int) -> str:
    """The mailbox that ends at `at` (`_LOCAL_BACK`), up to `_MAIL_REACH` characters back; "" when none."""
    m = _LOCAL_BACK.match(text[max(0, at - _MAIL_REACH):at][::-1])
    return m.group()[::-1] if m is not None else ""


def _spaced_at(text: str, at: int) -> bool:
    return (text[at - 1:at] in (" ", "\t") or text[at + 1:at + 2] in (" ", "\t")
            or _DOMAIN_GAP.match(text, at + 1) is not None
            or any(c in " \t" for c in _local_before(text, at)))


def _spaced(text: str) -> Iterator[tuple[int, int, str]]:
    at, done = text.find("@"), 0
    while at >= 0:
        if at >= done and _spaced_at(text, at):
            head, tail = text[max(0, at - _MAIL_REACH):at], text[at + 1:at + _MAIL_REACH + 1]  # (the window grows
            before, after = len(head) - len(head.rstrip(" \t.-")), len(tail) - len(tail.lstrip(" \t.-"))  # with the
            mailbox = len(_local_before(text, at - before))  # runs by the `@` and in the mailbox)
            for m in _SPACED.finditer(text, max(done, at - max(160, mailbox + 8) - before),
                                      min(len(text), at + 320 + after)):
                if not m.start() <= at < m.end() or _WORD_GOES_ON.match(text, m.end()):
                    continue
                local = _SPELLED_SPLIT.split(m.group("local"))
                words = _SPELLED_SPLIT.split(m.group("domain"))[:-1] + (local if len(local) == 1 else [])
                if not any(w.lower() in _NOT_ADDRESS for w in words) and tld_ok(m.group("local"),
                                                                                m.group("domain"), text, m.end()):
                    for mark in _SPACED_MARK.finditer(m.group()):
                        yield m.start() + mark.start(), m.start() + mark.end(), "@" if "@" in mark.group() else "."
                    done = m.end()
                break
        at = text.find("@", at + 1)


# An address with only its `@` spelled out (`jane at acme.com`): read as one where a mail word comes just before
# it (`mail jane at acme.com`, `write to support at acme.com`) or its mailbox is a person's name
# (`jane.doe at acme.com`), and the domain ends in a known top-level domain; never a word that ordinary English
# puts before `at` (`look at docs.python.org`, `us at acme.com`), nor `jobs at stripe.com` with no mail word.
_AT_DOMAIN = re.compile(rf"(?i)[ \t]{{1,3}}at[ \t]{{1,3}}(?P<domain>{_LABEL}(?:\.{_LABEL})*\.(?:{_SPELLED_TLDS}))"
                        rf"(?![\w@-]|\.[a-z0-9])")
_AT_LOCAL = re.compile(r"(?i)(?<![\w.@+-])[a-z0-9][a-z0-9_+-]*(?:\.[a-z0-9_+-]+)*\Z")
_MAIL_CUE = re.compile(r"(?i)\b(?:e-?mail|mail|mailto|write to|contact|reach|send to|cc|bcc)\b\W{0,3}\Z")
_NAMED_MAILBOX = re.compile(r"[A-Za-z]+[._][A-Za-z]+")
_AT_WORD_HINT = re.compile(r"(?i)[ \t]at[ \t]")


def _at_word(text: str) -> Iterator[tuple[int, int, str]]:
    if " at " not in text and " AT " not in text and " At " not in text and "\t" not in text:
        return  # (a literal test first: the regex alone costs ten times as much on text without one)
    for hint in _AT_WORD_HINT.finditer(text):  # `at` between spaces is common: the domain after it is looked at first
        end = hint.start()
        while end > 0 and text[end - 1] in " \t" and hint.start() - end < 2:
            end -= 1
        after = _AT_DOMAIN.match(text, end)
        if after is None:
            continue
        local = _AT_LOCAL.search(text, max(0, end - 80), end)
        if local is None or local.group().lower() in _NOT_ADDRESS \
                or not tld_ok(local.group(), after.group("domain"), text, after.end()):
            continue
        if _NAMED_MAILBOX.fullmatch(local.group()) or _MAIL_CUE.search(text, max(0, local.start() - 24),
                                                                       local.start()):
            yield end, after.start("domain"), "@"


# `at` and `dot` set off by dashes, underscores, quotes or slashes (`jane.doe -at- example -dot- com`, `_at_`, `'at'`,
# `/at/`, `"at"`), and an address's `@` and dots spoken in Spanish, Portuguese, French, Russian or German
# (`jane.doe arroba example punto com`, `arobase ... point`, `собака ... точка`, `ät ... punkt`; atk11 B-L3): read as
# `@` and `.` only in a whole address, a mailbox then the `@` word then a domain ending in a known top-level domain;
# with a set-off `at` the domain needs a dot spelled the same way (`-dot-`) or spaces around the `at`
# (`look-at-me.com` is a host name). No word of it one that ordinary English puts there (`_NOT_ADDRESS`).
_WRAPPED_CORE = re.compile(r"([-_'\"/])[aA][tT]\1")  # (scans start at a character class, the words at a letter:
_SPOKEN_AT = re.compile(r"arroba|Arroba|arobase|Arobase|собака|Собака|ät|Ät")  # fast; the spaces are added after)
_SPOKEN_ASCII = ("rroba", "robase")
_SPOKEN_WORDS = ("обака", "ät", "Ät")
# What the pass needs in a text (`_NEEDS`): one of these.
_WRAPPED_NEEDS = ("-at-", "_at_", "'at'", "/at/", '"at"', "-AT-", "_AT_", "'AT'", "/AT/", '"AT"', *_SPOKEN_ASCII,
                  *_SPOKEN_WORDS)
_MARK_BEFORE = re.compile(r"[\w.+-][ \t]{0,8}\Z")
_MARK_AFTER = re.compile(r"[ \t]*(?=\w)")
_DOMAIN_SPOKEN = re.compile(r"(?i)[ \t]{1,3}(?:dot|punto|ponto|point|точка|punkt)[ \t]{1,3}|\.")
_WRAPPED_LABEL = r"[a-z0-9]++(?:-[a-z0-9]++)*+"


def _wrapped_domain(wrapper: str | None) -> re.Pattern[str]:
    if wrapper is None:
        dot, label = r"(?:[ \t]{1,3}(?:dot|punto|ponto|point|точка|punkt)[ \t]{1,3}|\.)", _WRAPPED_LABEL
    else:
        w = re.escape(wrapper)
        dot = rf"(?:[ \t]*+{w}dot{w}[ \t]*+|\.)"
        label = "[a-z0-9]++" if wrapper == "-" else _WRAPPED_LABEL
    return re.compile(rf"(?i){label}(?:{dot}{label})++(?![\w@-]|\.[a-z0-9])")


_WRAPPED_DOMAINS = {w: _wrapped_domain(w) for w in (None, "-", "_", "'", '"', "/")}
_TLD = re.compile(rf"(?i)(?:{_SPELLED_TLDS})")


def _wrapped_marks(text: str) -> Iterator[tuple[int, int, str | None]]:
    """Each set-off or spoken `at` with what is around it (spaces included): (start, end, its wrapper or None)."""
    spoken = any(w in text for w in _SPOKEN_ASCII) or (not text.isascii() and any(w in text for w in _SPOKEN_WORDS))
    found: list[tuple[int, int, str | None]] = []
    for core in _WRAPPED_CORE.finditer(text):
        before = _MARK_BEFORE.search(text, max(0, core.start() - 9), core.start())
        after = _MARK_AFTER.match(text, core.end())
        if before is not None and after is not None:
            found.append((before.start() + 1, after.end(), core.group(1)))
    if spoken:
        for word in _SPOKEN_AT.finditer(text):
            a, b = word.start(), word.end()
            while a > 0 and text[a - 1] in " \t" and word.start() - a < 3:
                a -= 1
            after = _MARK_AFTER.match(text, b)
            if a < word.start() and after is not None and 0 < after.end() - b <= 3 and a > 0 \
                    and (text[a - 1].isalnum() or text[a - 1] in "_.+-"):
                found.append((a, after.end(), None))
    return iter(sorted(found))


# What `_wrapped_at` needs (`_WRAPPED_NEEDS`), read at once on an ASCII text: its bytes with the wrappers as `-` and
# capitals in lower case, then three searches (not one search of the text per form: 20 us per 2,000 characters).
_WRAP_BYTES = bytes((b + 32) if 65 <= b <= 90 else (45 if b in b"-_'\"/" else b) for b in range(256))


def _wrapped_hint(text: str) -> bool:
    if text.isascii():
        m = text.encode("ascii").translate(_WRAP_BYTES)
        return b"-at-" in m or b"rroba" in m or b"robase" in m
    return any(w in text for w in _WRAPPED_NEEDS)


def _wrapped_at(text: str) -> Iterator[tuple[int, int, str]]:
    done = 0
    for start, end, wrapper in _wrapped_marks(text):
        domain = _WRAPPED_DOMAINS[wrapper].match(text, end) if start >= done else None
        if domain is None:
            continue
        w = re.escape(wrapper) if wrapper else ""
        dots = re.compile(rf"(?i)[ \t]*+{w}dot{w}[ \t]*+|\.") if wrapper else _DOMAIN_SPOKEN
        marks = list(dots.finditer(domain.group()))
        labels = dots.split(domain.group())
        if not marks or not _TLD.fullmatch(labels[-1]):
            continue
        if wrapper and text[start] not in " \t" and all(d.group() == "." for d in marks):
            continue  # (`look-at-me.com`: a host name)
        local = _AT_LOCAL.search(text, max(0, start - 80), start)
        if local is None:
            continue
        words = labels[:-1] + ([local.group()] if "." not in local.group() else [])
        if any(x.lower() in _NOT_ADDRESS for x in words) or not tld_ok(local.group(), ".".join(labels), text,
                                                                          domain.end()):
            continue
        yield start, end, "@"
        for d in marks:
            yield domain.start() + d.start(), domain.start() + d.end(), "."
        done = domain.end()


# An address broken over lines at its `@` (`jane.doe\n@acme.com`, `jane.doe@\nacme.com`, a blank line or
# several): a mailbox right before the line break(s), a domain ending in a known top-level domain right after
# them; the line breaks (and spaces around them) are left out. Never a decorator or a mention on its own line
# (`@app.route`, `@pytest.fixture`, `@jane`): what follows their `@` ends in no top-level domain.
_BREAK_LOCAL = re.compile(r"(?<![\w.@+-])[A-Za-z0-9][\w.+-]{0,63}\Z")
_BREAK_DOMAIN = rf"{_LABEL}(?:\.{_LABEL})*\.(?:{_SPELLED_TLDS})(?![\w@(\[-]|\.[a-z0-9])"
# The line breaks next to an `@` between a mailbox's last character and a domain (checked in the scan itself:
# the `@` of a decorator or a mention fails there).
_BREAKS = r"[ \t]*+(?:\r?\n[ \t]*+)++"
_AT_BREAK = re.compile(rf"(?i)(?<=[\w.+-])(?:{_BREAKS}@(?:{_BREAKS})?|@{_BREAKS})(?={_BREAK_DOMAIN})")
# A line break next to an `@` (spaces between or not): what `_AT_BREAK` needs, found by one scan from `\n` or `@`.
_AT_BREAK_HINT = re.compile(r"\n[ \t]*@|@[ \t]*\r?\n")


def _broken_at(text: str) -> Iterator[tuple[int, int, str]]:
    if "@" not in text or "\n" not in text or _AT_BREAK_HINT.search(text) is None:
        return
    for m in _AT_BREAK.finditer(text):
        if _BREAK_LOCAL.search(text, max(0, m.start() - 64), m.start()) is None:
            continue
        yield m.start(), m.end(), "@"



# An address's domain wrapped over a line at a dot or a hyphen (join42, atk42 F10: `eh1986@fastmail.\ncom`,
# `eh1986@fast-\nmail.com`, a PDF column's `eh1986@fastmail.\n                com`): the line break and the spaces
# around it are left out where the rest on the next line, in lower case, ends in a known top-level domain (a further
# label after a hyphen: `mail.com`) and the part before the break is no whole domain (`ops@acme.com.\nIt`, a line
# ending in an address then a word, stays).
_DOMAIN_WRAP = re.compile(rf"(?<=[\w.+-])@((?i:{_LABEL}(?:\.{_LABEL})*))(?:(\.)|-)([ \t]*\r?\n[ \t]*)"
                          rf"(?=(?:{_LABEL}\.)*(?:{_SPELLED_TLDS})(?![\w@-]|\.[a-z0-9]))")


def _domain_wrap_hint(text: str) -> bool:
    return "@" in text and "\n" in text


def _domain_wrap(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _DOMAIN_WRAP.finditer(text):
        labels = m.group(1).lower().split(".")
        if len(labels) > 1 and _TLD.fullmatch(labels[-1]):
            continue  # (a whole domain before the break)
        if m.group(2) is None and "." not in text[m.end():m.end() + 254].split(None, 1)[0]:
            continue  # (`fast-\ncom`: after a hyphen, a label and a top-level domain)
        if _BREAK_LOCAL.search(text, max(0, m.start() - 64), m.start()) is None:
            continue
        yield m.start(3), m.end(3), ""

# --------------------------------------------------------------------------- 4. separators inside numbers

# Digit groups of a phone number's, an SSN's or a card's shape (`_GROUP_SHAPES`, three groups or more) spread
# out where no other fold here reads them: kept apart by a blank line or several line breaks
# (`617\n\n555\n\n0143`), by list markers at line starts (`- 617\n- 555\n- 0143`, `* 4111\n* 1111 ...`,
# `1. 078\n2. 05\n3. 1120`: a list's numbers are markers, not groups), by quotes or backticks around each group
# (`"617" "555" "0143"`, `'078'-'05'-'1120'`, `` `4111` `1111` ... ``), by a separator before a line break
# (`617-\n555-\n0143`), or by doubled or mixed-length separators (`617--555--0143`, `078 - - 05 - - 1120`,
# `4111 - 1111 -- 1111 - 1111`). The whole run must have the shape, and at least one of its gaps must be one
# of these (runs whose gaps the other folds read are left to them); every gap becomes one space. Never a
# Markdown list of versions, an ordered list or a table of other numbers, nor an array of unrelated
# numbers: their groups have none of those shapes (`bench/view_fold_fp.py`).
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"
_GAP_SEP = r"[-./_,:;|+*~#]"
_MARKER = r"(?:[-*+\u2022]|[0-9]{1,3}[.)])[ \t]{1,3}"
# One gap between two groups: quotes around them, separators (any run), then line breaks (any number) with a list
# marker and separators after them; every run possessive, matched atomically (one reading, never backtracked).
_GAP = (rf"(?>[{_QUOTES}]?[ \t]*+(?:{_GAP_SEP}[ \t]*+)*+"
        rf"(?:(?:[ \t]*+\r?\n)++[ \t]*+(?:{_MARKER})?(?:{_GAP_SEP}[ \t]*+)*+)?[{_QUOTES}]?)")
_SPREAD_RUN = re.compile(rf"[0-9](?<![\w.][0-9])[0-9]*+(?:{_GAP}[0-9]++)++")  # (`(?<![\w.])[0-9]++`, from its digit)
_SPREAD_PARTS = re.compile(rf"(?<![0-9])([0-9]++)({_GAP})(?=[0-9])")
_LEAD_MARKER = re.compile(r"[0-9]{1,3}[.)][ \t]{1,3}\Z")
_MARKER_GAP = re.compile(rf"[^0-9]*\n[ \t]*{_MARKER}")
# Quoted items of a list or an array (`["250", "500", "1000"]`, `'a', 'b'`): numbers in code, left as written.
_ARRAY_GAP = re.compile(rf"[{_QUOTES}][ \t]*,")
# What the other folds read (`_numbers`, `_lines`): a gap of only these leaves the run to them.
_PLAIN_GAP = re.compile(r"[ \t]{0,3}[-./_][ \t]{0,3}|[ \t]{1,3}|[ \t]*(?:\r?\n|[:,+|;])[ \t]*")

# 7 to 19 single digits, each kept apart by a separator, after a label word (`ssn: 0 7 8 0 5 1 1 2 0`,
# `phone 6-1-7-5-5-5-0-1-4-3`, `card: 4.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1`): read as the digits grouped as the
# value is written (`078 05 1120`, `617 555 0143`, `4111 1111 1111 1111`). Only after a label: single digits
# elsewhere are a list, a version, a sequence.
_ONE_SEP = r"(?:[ \t]{1,2}|[ \t]?[-./_:|*~#][ \t]?)"
_SINGLES = re.compile(rf"[0-9](?<![\w.][0-9])(?![0-9])(?:{_ONE_SEP}[0-9](?![0-9])){{6,18}}+")
_SINGLES_AFTER = re.compile(rf"[^\W_]|{_ONE_SEP}[0-9]")
_SINGLES_LABEL = re.compile(
    r"(?i)\b(?:ssn|social security|sin|itin|phone|telephone|tel|cell|mobile|mob|call|fax|whatsapp|dial"
    r"|card|credit card|debit card|cc|visa|mastercard|amex)\.?(?:[ \t]+(?:number|num|no\.?|nr|#))?"
    r"[ \t]*(?:[:#=-]|is)?[ \t]*(?:\r?\n[ \t]*)?\Z")
# One scan for both (from a digit: a fast scan for a character class): a quote after a digit, a separator then a
# line break or a second separator, a blank line or a list marker after a line break, or single digits apart.
_SPREAD_HINT = re.compile(rf"[0-9](?:[{_QUOTES}]|[ \t]*+(?:{_GAP_SEP}[ \t]*+(?:\r?\n|{_GAP_SEP})"
                          rf"|\r?\n(?:[ \t]*+\r?\n|[ \t]*+{_MARKER}))|[ \t]{{4}}|(?:{_ONE_SEP}[0-9]){{4}})")
_SINGLES_SHAPE = {7: (3, 4), 8: (4, 4), 9: (3, 2, 4), 10: (3, 3, 4), 11: (1, 3, 3, 4), 12: (2, 3, 3, 4)}


def luhn_ok(digits: str) -> bool:
    """A card number's checksum (Luhn) over a string of ASCII digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _could_be_a_value(groups: list[str]) -> bool:
    """Whether digit groups of a value's shape can be that value: a card's checksum (Luhn), a North American
    number's area code and exchange (`[2-9]..`; a country code `1` or `7` before them), an SSN's area, group and
    serial (not `000`, `666`, `9..`; not `00`; not `0000`). A list or an array of other numbers of that shape
    (`1. 100\n2. 200\n3. 3000`, `["100", "200", "3000"]`) mostly cannot."""
    shape = tuple(map(len, groups))
    if sum(shape) >= 13:
        return luhn_ok("".join(groups))
    if shape == (3, 2, 4):
        area, group, serial = groups
        return area != "000" and area != "666" and area[0] != "9" and group != "00" and serial != "0000"
    if shape == (1, 3, 3, 4) and groups[0] not in ("1", "7"):
        return False
    national = groups[-3:] if len(groups) >= 3 else ["2", *groups]  # (3, 4): an exchange and a line
    return national[0][0] not in "01" and national[1][0] not in "01"


# A national number with its trunk `0` in the 2-4-4, 3-4-4 or 4-4-4 grouping Japan, Korea and Indonesia print
# (`03-1234-5678`, `080-9876-5432`, `010-1234-5678`, `0812-3456-7890`) spread out so (`080---9876---5432`,
# `080 -- 9876 -- 5432`: a doubled dash reads as written, tripled or spaced ones did not): an area code (`0` and a
# digit `1-9`), a Japanese or Korean mobile prefix (`070`, `080`, `090`, `010`, `011`, `016`-`019`) or an
# Indonesian one (`081x`-`089x`), then two groups of 4 digits, the first not `0` (`073 -- 0697 -- 7785`: no number).
_TRUNK_NUMBER = re.compile(r"(?:0[1-9]|0[1-9]0|01[16-9]|08[1-9][0-9])[1-9][0-9]{3}[0-9]{4}")
_TRUNK_SHAPES = frozenset({(2, 4, 4), (3, 4, 4), (4, 4, 4)})


def _trunk_number(groups: list[str]) -> bool:
    return tuple(map(len, groups)) in _TRUNK_SHAPES and _TRUNK_NUMBER.fullmatch("".join(groups)) is not None


def _spread_runs(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _SPREAD_RUN.finditer(text):
        end = m.end()
        if _WORD_OR_FRACTION.match(text, end) or len(_ANY_DIGITS.findall(text, m.start(), end)) > 10:
            continue  # (a value's groups are fewer: a long run is a table, a list, data; its gaps any length)
        parts = [(p.start(1), p.end(1), p.end(2)) for p in _SPREAD_PARTS.finditer(text, m.start(), end)]
        groups = [(a, b) for a, b, _ in parts] + [(parts[-1][2], end)]
        if len(groups) > 10:
            continue
        gaps = [(b, c) for _, b, c in parts]
        # A list's numbers (`1. 078\n2. 05`) are markers: the first when its line starts with it, the others
        # are in their gaps already.
        at = m.start()
        while at and text[at - 1] in " \t" and m.start() - at < 8:
            at -= 1
        line_start = at == 0 or text[at - 1] == "\n"
        if line_start and len(groups) > 3 and _LEAD_MARKER.fullmatch(text, groups[0][0], gaps[0][1]) \
                and any(_MARKER_GAP.fullmatch(text, a, b) for a, b in gaps[1:]):
            groups, gaps = groups[1:], gaps[1:]
        digits = [text[a:b] for a, b in groups]
        if not (_trunk_number(digits) if tuple(map(len, digits)) in _TRUNK_SHAPES
                else tuple(map(len, digits)) in _GROUP_SHAPES and _could_be_a_value(digits)) \
                or all(_PLAIN_GAP.fullmatch(text, a, b) for a, b in gaps) \
                or any(_ARRAY_GAP.match(text, a, b) for a, b in gaps):
            continue
        for a, b in gaps:
            yield a, b, " "


def _singles(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _SINGLES.finditer(text):
        if _SINGLES_AFTER.match(text, m.end()) \
                or _SINGLES_LABEL.search(text, max(0, m.start() - 40), m.start()) is None:
            continue
        digits = [m.start() + i for i, c in enumerate(m.group()) if c.isdigit()]
        shape = _SINGLES_SHAPE.get(len(digits)) or (4,) * (len(digits) // 4) + (len(digits) % 4,) * (
            len(digits) % 4 > 0)
        if len(digits) == 11 and text[digits[0]] == "0" and text[digits[1]] != "0":
            shape = (5, 6)  # a trunk-prefixed national number (`Mob: 0 7 7 0 0 9 0 0 1 2 3`: `07700 900123`, strm40)
        cuts, at = set(), 0
        for size in shape[:-1]:
            at += size
            cuts.add(at)
        for i in range(1, len(digits)):
            yield digits[i - 1] + 1, digits[i], " " if i in cuts else ""


# An IBAN spelled one character at a time after its label (`IBAN: D E 8 9 3 7 0 4 0 0 ...`, `iban d-e-8-9-...`; atk10
# B L5): 15 to 34 single letters and digits, each kept apart by a separator as above, whose first ones are a valid
# IBAN (its country's layout, mod 97): read joined, as the IBAN recognizer reads an IBAN written without spaces.
_IBAN_SINGLES = re.compile(rf"(?<![\w.])[A-Za-z](?![^\W_])(?:{_ONE_SEP}[0-9A-Za-z](?![^\W_])){{14,33}}+")
_IBAN_LABEL = re.compile(r"(?i)\biban(?:[ \t]+(?:number|num|no\.?|nr|#|code))?[ \t]*(?:[:#=-]|is)?[ \t]*"
                         r"(?:\r?\n[ \t]*)?\Z")
_IBAN_WORD = re.compile(r"(?i)iban")


def _iban_singles(text: str) -> Iterator[tuple[int, int, str]]:
    if _IBAN_WORD.search(text) is None:
        return
    for m in _IBAN_SINGLES.finditer(text):
        if _IBAN_LABEL.search(text, max(0, m.start() - 40), m.start()) is None:
            continue
        chars = [m.start() + i for i, c in enumerate(m.group()) if c.isalnum()]
        joined = "".join(text[i] for i in chars).upper()
        layout = iban_layouts().get(joined[:2])
        found = layout.match(joined) if layout is not None else None
        if found is None or not iban_checks(found.group()):
            continue
        for i in range(1, found.end()):
            yield chars[i - 1] + 1, chars[i], ""


# 7 to 19 digits spelled as English words after a label word, as `_singles` reads single digits (atk11 B-M2):
# `card four one one one, one one one one, ...`, `My SSN is five three six, nine zero, four three nine nine`: each word
# reads its digit, grouped as printed (a comma, `;`, `.`, `/` or a spaced dash keeps groups apart; without them, as
# `_singles` groups them). Only right after a label (`_SINGLES_LABEL`'s words): digit words elsewhere are prose.
_WORD_DIGIT = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
               "seven": "7", "eight": "8", "nine": "9"}
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)(?![a-z])"
_WORD_SEP = r"(?:[ \t]*[,;./][ \t]*|[ \t]+-[ \t]+|[ \t]+|-)"
_WORDS_LABEL = re.compile(r"ssn|social security|sin|itin|phone|telephone|tel|cell|mobile|call|fax|whatsapp|dial"
                          r"|card|credit card|debit card|cc|visa|mastercard|amex")  # (no look-behind: a fast scan)
_WORDS_AFTER_LABEL = re.compile(rf"(?:[ \t]+(?:number|num|no\.?|nr|#))?[ \t]*(?:[:#=-]|is)?[ \t]*(?:\r?\n[ \t]*)?"
                                rf"(?={_DIGIT_WORD})")
_WORDS_RUN = re.compile(rf"{_DIGIT_WORD}(?:{_WORD_SEP}{_DIGIT_WORD}){{6,18}}+")
_WORDS_MORE = re.compile(rf"{_WORD_SEP}(?:{_DIGIT_WORD}|ten|eleven|twelve|twenty|hundred|thousand)|[a-z0-9]")
_ONE_WORD = re.compile(r"[a-z]+")
_DIGIT_WORDS_NEEDS = (*_WORD_DIGIT, *(w.upper() for w in _WORD_DIGIT))  # (`_NEEDS`: one of these)
_GROUP_SEP = re.compile(r"[,;./]|[ \t]-[ \t]")


def _digit_words_hint(text: str) -> bool:
    """What `_digit_words` needs (`_GATES`): 7 digit words at least, in any case (a count of each is a fast scan, the
    label's regular expression is not; one search per spelling of the text took 30 us per 2,000 characters)."""
    low = text.lower()
    seen = 0
    for word in _WORD_DIGIT:
        seen += low.count(word)
        if seen >= 7:
            return True
    return False


def _digit_words(text: str) -> Iterator[tuple[int, int, str]]:
    low = text.lower()
    if len(low) != len(text):
        return  # (a letter whose lower case is longer: offsets would not match; no label word is one)
    for label in _WORDS_LABEL.finditer(low):
        if label.start() and low[label.start() - 1].isalpha():
            continue
        after = _WORDS_AFTER_LABEL.match(low, label.end())
        m = _WORDS_RUN.match(low, after.end()) if after is not None else None
        if m is None or _WORDS_MORE.match(low, m.end()):
            continue
        words = list(_ONE_WORD.finditer(low, m.start(), m.end()))
        seps = [low[a.end():b.start()] for a, b in zip(words, words[1:], strict=False)]
        grouped = [bool(_GROUP_SEP.search(s)) for s in seps]
        if any(grouped) and not all(grouped):
            cuts = {i + 1 for i, g in enumerate(grouped) if g}
        else:
            shape = _SINGLES_SHAPE.get(len(words)) or (4,) * (len(words) // 4) + (len(words) % 4,) * (
                len(words) % 4 > 0)
            cuts, at = set(), 0
            for size in shape[:-1]:
                at += size
                cuts.add(at)
        for i, w in enumerate(words):
            if i:
                yield words[i - 1].end(), w.start(), " " if i in cuts else ""
            yield w.start(), w.end(), _WORD_DIGIT[w.group()]


_WORD_OR_FRACTION = re.compile(r"[^\W_]|\.[0-9]")
_ANY_DIGITS = re.compile(r"[0-9]+")


def _spread(text: str) -> Iterator[tuple[int, int, str]]:
    """`_spread_runs` and `_singles` (one pass: their runs never overlap), after one cheap scan."""
    if not _SPREAD_HINT.search(text):
        return
    found = [*_spread_runs(text), *_singles(text), *_iban_singles(text)]
    found.sort()
    done = 0
    for a, b, new in found:
        if a >= done:
            yield a, b, new
            done = b


# A card's digit groups kept apart by `x` (`4111x1111x1111x1111`, `3400X000000X00009`): three or more
# groups of a card's shape (13+ digits); two groups are a size (`1920x1080`) and stay.
_X_GROUPS = re.compile(r"(?<![\w.])\d{4}(?:[xX]\d{2,6}){2,4}(?![\w.])")
_X_HINT = re.compile(r"[0-9][xX][0-9]")
_X_SHAPES = frozenset(s for s in _GROUP_SHAPES if sum(s) >= 13)


def _x_groups(text: str) -> Iterator[tuple[int, int, str]]:
    if ("x" not in text and "X" not in text) or _X_HINT.search(text) is None:
        return
    for m in _X_GROUPS.finditer(text):
        if tuple(len(g) for g in re.split("[xX]", m.group())) in _X_SHAPES:
            for i, ch in enumerate(m.group()):
                if ch in "xX":
                    yield m.start() + i, m.start() + i + 1, " "


# Digit groups kept apart by one same separator throughout, one that no recognizer reads and no other
# fold here handles: any punctuation or symbol, or a run of up to three of them (`4111*1111*1111*1111`,
# `078~05~1120`, `617'555'0143`, `617#555#0143`, `4111\u20221111...`, `(4111)(1111)(1111)(1111)`,
# `[4111][1111]...`), with spaces around it or not (`4111 * 1111 ...`), a glued `x` (`617x555x0143`), or a
# short word between spaces (`4111 x 1111 x ...`, `4111 and 1111 and ...`, `4111, then 1111, then ...`; not
# one that makes a range, a choice or a ratio: `to`, `or`, `of`, `by`...).
# Folded to one space when there are three groups or more and they have the shape of a phone number, an
# SSN or a card (`_GROUP_SHAPES`): arithmetic (`3*4*5`, `12^34^5`), versions, dates (`2024*01*15`), sizes
# and lists of numbers have none of those shapes. `-` `.` `/` `_` and spaces (`_numbers`), `:` `,` `+`
# `|` `;` and line breaks (`_lines`) are left to their own folds.
_SYMBOL = r"[^\w\s\-./,:;+|]"
# (a run of up to three punctuation marks or symbols, one of them at least a symbol: `$-$`, `(-)`, `-'`, `=-=`,
# `!-`; atk11 A-M1. A run of `-./,:;+|` alone is the other folds'.)
_SYMBOL_SEP = (rf"(?:[ \t]{{0,2}}(?=[^\w\s]{{0,2}}{_SYMBOL})[^\w\s]{{1,3}}[ \t]{{0,2}}|[xX]"
               rf"|,?[ \t]{{1,2}}[A-Za-z]{{1,4}}[ \t]{{1,2}})")
_MIXED_RUN = re.compile(r"[-./,:;+|]")
_SYMBOL_RUN = re.compile(rf"(?<![\d.])[0-9]+({_SYMBOL_SEP})[0-9]+(?:\1[0-9]+)+(?![0-9]|\.[0-9])")
_SYMBOL_HINT = re.compile(rf"[0-9](?:{_SYMBOL_SEP})[0-9]")


# Words that join numbers into a range, a choice, a ratio or a size, not a number's groups (`12 to 48`; read at a
# cut between two texts too, `proxy.guard.checks.pii`).
NOT_CONNECTORS = frozenset({"to", "or", "of", "in", "by", "vs", "per", "from", "til", "till", "thru"})


def _symbol_groups(text: str) -> Iterator[tuple[int, int, str]]:
    done = 0
    for hint in _SYMBOL_HINT.finditer(text):  # a digit, then a separator: the run is read from its first digit
        start = hint.start()
        if start < done:
            continue
        while start and "0" <= text[start - 1] <= "9":
            start -= 1
        m = _SYMBOL_RUN.match(text, start)
        if m is None:
            continue
        done = m.end()
        groups = m.group().split(m.group(1))
        if m.group(1).strip(" \t,").lower() in NOT_CONNECTORS:
            continue
        if len(groups) >= 3 and tuple(map(len, groups)) in _GROUP_SHAPES:
            if _MIXED_RUN.search(m.group(1)) and ("\\" in m.group(1) or not _could_be_a_value(groups)):
                continue  # a mixed run (`$-$`, `(-)`): only the groups that can be the value (`$100-$200-$3000`);
                # an escaped separator is the escapes' (`617\\-555\\-0143`, `_backslashes`)
            at = m.start()
            for g in groups[:-1]:
                at += len(g)
                yield at, at + len(m.group(1)), " "
                at += len(m.group(1))


# Groups of a number on separate lines, or kept apart by `:` `,` `+` `|` `;` (the same one throughout, or
# a mix: `4111,1111:1111+1111`): `4111\n1111\n1111\n1111`, `617:555:0143`, an IBAN's groups one a line.
# Folded to one space when the groups have the shape of a phone number, an SSN or a card
# (`_GROUP_SHAPES`), or an IBAN's (1 to 4 letters or digits each, 15 or more); never a list or a column of
# numbers, thousands (`1,234,567`) or a time (`12:30:45,123`): their groups have none of those shapes.
# (`(?<![^\W_])(?:[A-Z]{2}[0-9]{2}|[0-9]+)` written from its first character, as `_DIGITS` is below.)
_LINE_RUN = re.compile(r"[0-9A-Z](?<![^\W_].)(?:(?<=[A-Z])[A-Z][0-9]{2}|(?<=[0-9])[0-9]*)"
                       r"(?:[ \t]*+(?:(?:\r?\n[ \t]*+)++|[:,+|;])[ \t]*+[0-9A-Z]+)+(?![^\W_])")
_LINE_SEP = re.compile(r"[ \t]*+((?:\r?\n[ \t]*+)++|[:,+|;])[ \t]*+")
_LINE_HINT = re.compile(r"[0-9][ \t]*+(?:(?:\r?\n[ \t]*+)++|[:,+|;])[ \t]*+[0-9A-Z]")


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    if not _LINE_HINT.search(text):
        return
    for m in _LINE_RUN.finditer(text):
        run = m.group()
        seps = list(_LINE_SEP.finditer(run))
        groups = _LINE_SEP.split(run)[::2]
        if len(groups) < 3:
            continue
        if run[:2].isalpha():  # an IBAN
            if not (all(1 <= len(g) <= 4 for g in groups) and sum(map(len, groups)) >= 15):
                continue
        elif not all(g.isdigit() for g in groups) or tuple(map(len, groups)) not in _GROUP_SHAPES:
            continue  # a column or a list of numbers, thousands, a time: not one number
        elif any(sep.group().count("\n") > 1 for sep in seps) and not _could_be_a_value(groups):
            continue  # paragraphs of numbers apart: only when the digits can be the value (as `_spread`)
        for sep in seps:
            yield m.start() + sep.start(), m.start() + sep.end(), " "


_SEP = r"(?:[ \t]{0,3}[-./_][ \t]{0,3}|[ \t]{1,3})"
# Digit groups first (a pattern that starts with a character class scans fast, and one scan is most of
# this pass's cost); an IBAN's head (`DE89`, `GB82 WEST`) is looked for just before each run.
# (`(?<![0-9])[0-9]++` written from its first digit: a pattern that starts with a look-behind is tried at every
# character, four times the cost of the scan for a digit.)
_DIGITS = re.compile(rf"[0-9](?<![0-9]{{2}})[0-9]*+(?:{_SEP}[0-9]++)+(?![^\W_])")
_IBAN_HEAD = re.compile(rf"(?<![^\W_])[A-Z]{{2}}[0-9]{{2}}(?:{_SEP}[A-Z0-9]{{1,4}})*?{_SEP}$")
_IBAN_TAIL = re.compile(rf"(?:{_SEP}[A-Z0-9]{{1,4}})*(?![^\W_])")  # letter groups after the digits ("3M02")
_SEP_RE = re.compile(_SEP)
_NUMBER_HINT = re.compile(r"[0-9][ \t._/-]")


def _start(text: str, m: re.Match[str]) -> int | None:
    """Where the number of digit run `m` starts (its IBAN head included); None: inside a word."""
    start = m.start()
    if start and text[start - 1].isalnum():
        # "DE89_3704...": the run starts at the check digits, right after the country code.
        country = text[max(0, start - 2):start]
        if (len(country) == 2 and country.isascii() and country.isupper() and country.isalpha()
                and (start == 2 or not text[start - 3].isalnum()) and m.group()[2:3] in " \t._/-"):
            return start - 2
        return None
    if start >= 5 and text[start - 1] in " ._/-":
        head = _IBAN_HEAD.search(text[max(0, start - 40):start])
        if head is not None:
            return start - (len(head.string) - head.start())
    return start


def _odd(number: str, seps: list[str]) -> bool:
    """Whether a recognizer may miss this number as written (else it is left alone)."""
    if sum(c.isdigit() for c in number) < 7:
        return False
    kinds = set(seps)
    if (len(kinds) > 1 and _dialling_code(number, seps)) or _DATE.fullmatch(number):
        return False
    if len(kinds) > 1 or not kinds <= {" ", "-", "."}:
        return True
    if kinds == {"."}:  # a card with dots; not an IP address (groups of at most 3), a version, a date
        groups = number.split(".")
        return sum(len(g) for g in groups) >= 13 and max(len(g) for g in groups) >= 4
    return False


# A date with one separator throughout (`12/1/1981`, `24.06.1991`, `2003-08-28`), and the hour of a time after it
# (`2003-08-28 12:13:52` is the run `2003-08-28 12`): no pattern recognizer reads dates (the NER model does, as
# written), and folding one would only make the text as written worth a second reading (`proxy.nlp.pii`).
_DAY, _MONTH, _YEAR = r"(?:0?[1-9]|[12][0-9]|3[01])", r"(?:0?[1-9]|1[0-2])", r"(?:19|20)?[0-9]{2}"
_DATE = re.compile(rf"(?:{_DAY}([-./]){_DAY}\1{_YEAR}|(?:19|20)[0-9]{{2}}([-./]){_MONTH}\2{_DAY})"
                   r"(?: (?:[01]?[0-9]|2[0-3]))?")


def _dialling_code(number: str, seps: list[str]) -> bool:
    """A phone number after its country or trunk code (`1 212-555-0132` of `+1 212-555-0132`,
    `44 20.7946.0958`): a code of 1-3 digits, one space, then groups kept apart by one dash or dot
    throughout that are not odd themselves. The phone recognizer reads it as written (a space, dash or
    dot between any two groups); folding it would only make the text as written worth a second reading
    (`proxy.nlp.pii`), on every such number."""
    rest = seps[1:]
    if seps[0] != " " or not rest or len(set(rest)) > 1 or rest[0] not in ("-", "."):
        return False
    code, _, national = number.partition(" ")
    return len(code) <= 3 and not _odd(national, rest)


# A numeric literal with `_` digit separators as code writes it (atk11 B FP-M1: Python, Rust, Java, C#, Go, Kotlin,
# Swift `4_294_967_295`, `10_000_000`, `1_234_567.89`): thousands groups of 3 after 1-3 digits, a decimal part or not.
# No phone number's, SSN's or card's groups (`617_555_0143`, `078_05_1120`, `4111_1111_1111_1111` are still folded).
_CODE_LITERAL = re.compile(r"[0-9]{1,3}(?:_[0-9]{3})+(?:\.[0-9]+)?")


# An underscore beside a phone number's bracketed area code after a phone word (`Phone_(617)_555_0143`,
# `phone:(617)_555_0143`, `tel_(030)_90182034`): read as a space, the area code then a word of its own and the local
# number apart from it (`_numbers` reads the `_` between the local number's groups). Only before a local number of
# 7-8 digits in one or two groups, and right after a phone word: `f_(1)_2`, `x_(2024)_v2`, `arr_(57)_2286540` stay.
_BRACKET_UNDERSCORE = re.compile(r"(_?)\([0-9]{2,5}\)(_?)(?=[0-9]{3,4}(?:[-._ ]?[0-9]{4})(?![0-9]))")
_BRACKET_PHONE_WORD = re.compile(r"(?i)(?<![^\W\d_])(?:phone|telephone|tel|mobile|mob|cell|fax|handy|telefon|telp|hp"
                                 r"|whatsapp)(?:[ \t_]?(?:number|no|nr|num))?[\W_]{0,3}$")


def _bracket_underscores(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _BRACKET_UNDERSCORE.finditer(text):
        if _BRACKET_PHONE_WORD.search(text, max(0, m.start() - 24), m.start() + len(m.group(1))) is None:
            continue
        for g in (1, 2):
            if m.group(g):
                yield m.start(g), m.end(g), " "


def _numbers(text: str) -> Iterator[tuple[int, int, str]]:
    if not _NUMBER_HINT.search(text):
        return
    done = 0
    for m in _DIGITS.finditer(text):
        start = _start(text, m)
        if start is None or start < done:
            continue
        end = m.end()
        if start < m.start() or not text[start].isdigit():  # an IBAN: its groups may go on with letters
            tail = _IBAN_TAIL.match(text, end)
            end = tail.end() if tail is not None else end
        done = end
        number = text[start:end]
        seps = list(_SEP_RE.finditer(number))
        if _CODE_LITERAL.fullmatch(number) or not _odd(number, [s.group() for s in seps]) \
                or table_row(number, _GROUP_SHAPES, _could_be_a_value, _trunk_number):
            continue
        for sep in seps:
            yield start + sep.start(), start + sep.end(), " "


# A number in exponent notation (`4.532015112830366e15`, `5.36904399E8`, `61755501.43e2`, `0.6175550143e10`: JSON
# numbers as encoders and models write them) is read as the digits a parser gives (atk14 B H3: a card in streamed
# tool-call arguments reached the client's tool; a whole answer's parsed arguments were read so already,
# `proxy.providers.inventory.number_text`): its integral value, and with the zeros the exponent added left off as
# well (`4111111111111111e3` reads `4111111111111111000 4111111111111111`); a value with a fraction, its integer part.
# Only where the mantissa has 9 significant digits or more (an SSN's; `1e10`, `6.02e23` are no value) and the value
# has 9 to 19 digits (a card's most). For PII only; exact decimal arithmetic (no float's binary noise).
_EXPONENT = re.compile(r"(?<![\w.])-?([0-9]+(?:\.[0-9]+)?)[eE]([+-]?[0-9]{1,2})(?![\w.])")
_EXPONENT_HINT = re.compile(r"[0-9][eE][+-]?[0-9]")


def _exponents(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _EXPONENT.finditer(text):
        mantissa, exp = m.group(1), int(m.group(2))
        if len(mantissa.replace(".", "").strip("0")) < 9:
            continue
        whole, _, fraction = mantissa.partition(".")
        digits, point = (whole + fraction).lstrip("0") or "0", len(fraction) - exp
        if point <= 0:
            value, spelled = digits + "0" * -point, digits.rstrip("0")
        else:
            value = digits[:-point] if point < len(digits) else ""
            spelled = value
        if not 9 <= len(value) <= 19:
            continue
        yield m.start(), m.end(), value if spelled == value or len(spelled) < 9 else f"{value} {spelled}"


# A value glued to a word (`tel-617-555-0143`, `card-4111-1111-1111-1111`, `ssn078-05-1120`, `tel:6175550143`):
# a word of letters, then a `-` or `:` or nothing, then digit groups of a phone number's, an SSN's or a
# card's shape (three groups or more, `_GROUP_SHAPES`), or, after a `-` or `:`, one run of 10 to 19 digits. The
# recognizers' patterns want a value to start a word, and their context words (`tel`, `ssn`, `card`) to be
# words of their own: the `-` or `:` reads as a space, and a space is put between letters and digits
# (`ssn 078-05-1120`). For PII only (`normalize`; `pattern_view` keeps `ref-4111-...` as written, for rules
# that name such a form). Never a word that ends in digits (`sha256`, `ipv4`), a version, a ticket
# (`SRE-4410`), or digits that a letter or digit follows.
_GLUED = re.compile(r"[0-9][0-9]*")  # digit runs first (a scan for a character class is fast, not for `[0-9]+`)
_GLUED_VALUE = re.compile(r"[0-9]+(?:[ .-][0-9]+)*(?![.-]?[0-9])")
_LETTER = re.compile(r"[^\W\d_]")
# An IPv4 address glued to a word is read apart from it too (`ip192.168.10.77`, `host192.168.10.77 is down`), and
# from letters glued after it (`192.168.10.77to`, `server 192.168.10.77abc`); a phone number's, an SSN's or a card's
# groups with letters on both sides as well (`call617-555-0143now`; a word of two letters or more after it, not
# `id-617-555-0143x`). Never a version: after a version word
# (`v1.2.3.4`, `version1.2.3.4`), or with a pre-release or build suffix after it (`1.2.3.4rc1`, `1.2.3.4beta`).
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_QUAD = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_QUAD_THEN_WORD = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}(?=[^\W\d_]{{2}})")
_VERSION_WORD = re.compile(r"(?i)v|r|ver|vers|version|versions|rev|revision|release|build|tag|rc|tls|ssl|http|py"
                           r"|python")
_VERSION_SUFFIX = re.compile(r"(?i)(?:a|b|c|rc|alpha|beta|dev|post|pre|final|snapshot|stable|lts|ga|m|p)[0-9]*"
                             r"(?![^\W_])")
_WORD_OR_DOT = re.compile(r"[\w.]")
# A word of two letters or more glued after the value (`now`, `to`; not an extension's `x`: `617-555-0143x`).
_WORD_AFTER = re.compile(r"[^\W\d_]([^\W\d_])?")
# A phone label glued by `.` or `_` (an e-mail signature's `Tel.`, `Mobil.`, `M.`, a file's `phone_`) reads the
# number after it apart in any grouping, 7 to 15 digits (atk12 B H2: `Tel.030/90182034`, `Mobil.0171-1234567`,
# `mob.07700 900123`, `Tél.01 42 68 53 00`), not only in a value's printed groups; a network word so glued reads
# an IPv4 address apart (`ip_10.20.30.40`, `host.10.20.30.40`), and so does a file's name whose address is a
# private one (`backup_10.20.30.40.tar`; versions are written `1.2.3.4`, `11.2.0.4`, never `10.x`, `172.16-31.x`
# or `192.168.x` with four numbers of at most 255; `foo_192.168.1.1`, no file, stays an identifier).
_PHONE_LABEL_WORD = re.compile(r"(?i)t|m|f|p|c|tel|t\u00e9l|tfn|tlf|tlfn|tf|tfno|telf|fon|telefon|telefono"
                               r"|tel\u00e9fono|telephone|t\u00e9l\u00e9phone|phone|ph|mob|mobil|mobile|m\u00f3vil|movil"
                               r"|cel|cell|cellphone|celular|handy|natel|puh|fax|gsm|whatsapp")
_NETWORK_WORD = re.compile(r"(?i)ip|ipv4|ips|ipaddr|addr|address|host|hostname|server|srv|gateway|gw|dns|router|proxy"
                           r"|node|peer|client|src|dst|source|dest|remote|endpoint|nameserver|vpn|lan|wan|nat|inet"
                           r"|upstream|backend|machine|vm|box|device")
_PAREN_VALUE = re.compile(r"[0-9]{2,5}\)[ .-]?[0-9]+(?:[ .-][0-9]+)*(?![.-]?[0-9])")
_FILE_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}(?![\w-])")
_PRIVATE_QUAD = re.compile(r"10\.|172\.(?:1[6-9]|2[0-9]|3[01])\.|192\.168\.")


_ANY_DIGIT = re.compile(r"[0-9]")
_RUN_END = re.compile(r"[0-9](?![0-9])")
# Each byte of an ASCII text as `0` (an ASCII digit) or a space (anything else): its runs of digits are found by
# `bytes.find`, a scan many times faster than a regular expression's.
_DIGIT_MASK = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))


def _digit_runs(text: str, starts: bool = False) -> list[int]:
    """Where the runs of ASCII digits of `text` end (their last digits), in order; or, `starts`, where they start."""
    if not text.isascii():
        return [m.start() for m in (_GLUED if starts else _RUN_END).finditer(text)]
    mask = text.encode("ascii").translate(_DIGIT_MASK)
    out = [0] if starts and mask[:1] == b"0" else []
    edge, shift = (b" 0", 1) if starts else (b"0 ", 0)
    at = mask.find(edge)
    while at >= 0:
        out.append(at + shift)
        at = mask.find(edge, at + 2)
    if not starts and mask[-1:] == b"0":
        out.append(len(mask) - 1)
    return out


def _labelled(text: str, word: int, last: int, m: re.Match[str], quad: bool) -> bool:
    """Whether the number `m`, glued by `.` or `_` to the word `text[word:last + 1]`, is read apart from it for
    that word (`_PHONE_LABEL_WORD`, `_NETWORK_WORD`) or, an IPv4 address, for the file it names (see above)."""
    if quad:
        return _NETWORK_WORD.fullmatch(text, word, last + 1) is not None or (
            text[m.start() - 1] == "_" and _FILE_EXTENSION.match(text, m.end()) is not None
            and _PRIVATE_QUAD.match(m.group()) is not None)
    return 7 <= sum(c.isdigit() for c in m.group()) <= 15 \
        and _PHONE_LABEL_WORD.fullmatch(text, word, last + 1) is not None


def _labelled_area(text: str, at: int) -> int | None:
    """Where the number ends whose bracketed area code starts at `text[at]`, after a phone label glued to it by `.`
    or `_` (`Tel.(030)90182034`, `T.(617)555-0143`, `tel_(617)5550143`); None when it is no such number."""
    area = _PAREN_VALUE.match(text, at)
    if area is None or not 7 <= sum(c.isdigit() for c in area.group()) <= 15 \
            or _WORD_AFTER.match(text, area.end()) is not None:
        return None
    word = at - 3
    while word >= 0 and _LETTER.match(text, word) and at - 3 - word < 24:
        word -= 1
    if word == at - 3 or (word >= 0 and _LETTER.match(text, word)):
        return None
    return area.end() if _PHONE_LABEL_WORD.fullmatch(text, word + 1, at - 2) is not None else None


def _glued(text: str) -> Iterator[tuple[int, int, str]]:
    if _ANY_DIGIT.search(text) is None:  # (`[0-9]` is found by a fast scan; `[0-9]+` is not)
        return
    done = 0
    for at in _digit_runs(text, starts=True):
        if at < done:
            continue
        # `-` or `:`, or `.` or `_` before a value's printed groups (atk12 B H2: `T.617-555-0143`, `M.617.555.0143`,
        # `ssn_536-90-4399`, `scan_536-90-4399.pdf`; not a single run, `user_1699999999`, nor an IPv4 address,
        # `foo_192.168.1.1`: identifiers)
        glue = text[at - 1] if at > 0 and text[at - 1] in "-:._" else ""
        if not glue and at > 1 and text[at - 1] == "(" and text[at - 2] in "._":
            area = _labelled_area(text, at)
            if area is not None:  # a bracketed area code after a phone label so glued (`Tel.(030)90182034`)
                done = area
                yield at - 2, at - 1, " "
                continue
        last = at - 1 - len(glue)  # the word's last letter
        word = last  # the word of letters before the digits: 1 to 24 letters, a whole word
        if last >= 0 and _LETTER.match(text, last):
            while word > 0 and _LETTER.match(text, word - 1) and last - word < 23:
                word -= 1
            if word > 0 and _LETTER.match(text, word - 1):
                continue
        elif at > 0 and _WORD_OR_DOT.match(text, at - 1):
            continue
        else:
            # no word before: only an IPv4 address with a word glued after it (`192.168.10.77to`)
            if _QUAD_THEN_WORD.match(text, at) is None:
                continue
            word = -1
        m = _GLUED_VALUE.match(text, at)
        if m is None:
            continue
        done = m.end()
        number = m.group()
        letters = _WORD_AFTER.match(text, m.end())
        after = letters is not None and letters.group(1) is not None
        if letters is not None and not after:
            continue
        groups = re.split(r"[ .-]", number)
        quad = _QUAD.fullmatch(number) is not None and not (word >= 0 and _VERSION_WORD.fullmatch(text, word, last + 1))
        if after and quad and _VERSION_SUFFIX.match(text, m.end()):
            continue  # `1.2.3.4rc1`: a version
        shaped = len(groups) >= 3 and len(set(re.findall(r"[ .-]", number))) == 1 \
            and tuple(map(len, groups)) in _GROUP_SHAPES
        if word < 0:
            if not (after and quad):
                continue
        elif after:
            if not (shaped or quad and glue not in (".", "_")):
                continue  # letters on both sides: a value's groups or an IPv4 address only (`call617-555-0143now`)
        elif not (shaped or quad and glue not in (".", "_") or len(groups) == 1 and glue in ("-", ":")
                  and 10 <= len(number) <= 19 or glue in (".", "_") and _labelled(text, word, last, m, quad)):
            continue
        if word >= 0:
            if glue:
                yield at - 1, at, " "
            else:
                yield at, at, " "  # inserted: nothing of the original maps to it
        if after:
            yield m.end(), m.end(), " "


# Letters of the scripts other than Latin (Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts, Thai, Lao,
# Tibetan, Myanmar, Georgian, Hangul, Ethiopic, Khmer, Mongolian, kana, Bopomofo, Han, Yi): Korean and Japanese
# write a particle glued to the word before it, Chinese and Thai write no space between words, so a value or a Latin
# term stands glued to them (`jane.doe@example.com으로`, `電話番号は617-555-0143です`, `Project Falconの進捗`).
# Only letters among these count (`[^\W\d_]` too): punctuation of these blocks is an edge already.
SCRIPTS = ("\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
           "\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u10a0-\u10ff\u1100-\u11ff\u1200-\u139f"
           "\u1780-\u17ff\u1800-\u18af\u1c80-\u1c8f\u1f00-\u1fff\u2d00-\u2d2f\u2de0-\u2dff\u2e80-\u2fdf"
           "\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf"
           "\u4e00-\u9fff\ua000-\ua4cf\ua640-\ua69f\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufb1d-\ufdff"
           "\ufe70-\ufefc\uff66-\uffdc\U00020000-\U0003134f")
# The same without the scripts whose letters the patterns' view reads as Latin ones where they look alike (Greek,
# Cyrillic, Armenian: `_FOLD`): there a word of those letters is partly Latin in the view, and an edge at each change
# would cut it into Latin words (`proxy.guard.checks.patterns`).
UNFOLDED_SCRIPTS = ("\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\u0e00-\u0eff"
                    "\u0f00-\u0fff\u1000-\u109f\u10a0-\u10ff\u1100-\u11ff\u1200-\u139f\u1780-\u17ff"
                    "\u1800-\u18af\u2d00-\u2d2f\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035"
                    "\u3038-\u303c\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufefc\uff66-\uffdc"
                    "\U00020000-\U0003134f")
_SCRIPT_LETTER = re.compile(f"[{SCRIPTS}](?<=[^\\W\\d_])")
# A run of printable ASCII glued to a letter of those scripts, on either side (from a run's start only: linear).
_SCRIPT_GLUED = re.compile(f"(?<=[{SCRIPTS}])(?<=[^\\W\\d_])[!-~]++|(?<![!-~])[!-~]++(?=[{SCRIPTS}])(?=[^\\W\\d_])")
_VALUE_MARK = re.compile(r"[0-9@]")


def _script_edges(text: str) -> Iterator[tuple[int, int, str]]:
    """A value glued to letters of another script is read apart from them (`jane.doe@example.com으로`,
    `请发邮件到jane.doe@example.com`, `電話番号は617-555-0143です`, `192.168.10.77へ`, `我的电话是13812345678`): a
    space is put between such a letter and a run of ASCII with a digit or an `@` in it, on each side where the run
    starts or ends with a letter or a digit (the recognizers' patterns want a value to start and end a word, and
    `\\w` takes those letters in). For PII only; nothing of the original maps to the space, so a redaction covers
    the value, never the words glued to it. ASCII words without a digit or an `@` stay glued (`Johnさん`)."""
    if _SCRIPT_LETTER.search(text) is None:
        return
    for m in _SCRIPT_GLUED.finditer(text):
        run = m.group()
        if _VALUE_MARK.search(run) is None:
            continue
        a, b = m.start(), m.end()
        if a > 0 and _SCRIPT_LETTER.match(text, a - 1) and run[0].isalnum():
            yield a, a, " "
        if b < len(text) and _SCRIPT_LETTER.match(text, b) and run[-1].isalnum():
            yield b, b, " "


# An IBAN written in a form its recognizer misses (atk10 B L5): a space between its country code and its check digits
# (`DE 89 3704 0044 0532 0130 00`), a word glued before it (`ibanDE89370400440532013000`), letters glued after it
# (`DE89370400440532013000EUR`), a digit glued before it (an MT940 `?31` subfield, `Ref31DE89...`: atk37 F02; then the
# IBAN ends its word). Read only where the value is one: its country's layout (the recognizer's) and mod 97.
# (From the country code's first letter, which the match takes: a pattern that starts with a look-ahead is tried at
# every character.)
_IBAN_AT = re.compile(r"[A-Z](?=[A-Z]( ?)[0-9]{2})", re.ASCII)
_CAPITALS = re.compile(r"[A-Z\u0370-\u03ff\u0400-\u04ff]{2}")


def _iban_start(text: str, ends: Sequence[int]) -> bool:
    """What `_iban_forms` needs to have anything to do (`_normalize` does not call it without): a run of two digits
    or more (`ends`: where the runs end, `_digit_runs`) right after two capitals, or two capitals and a space (Greek
    and Cyrillic ones too: look-alikes). Read from the runs `_normalize` has found: no scan of the whole text."""
    for at in ends:
        a = at
        while a > 0 and "0" <= text[a - 1] <= "9":
            a -= 1
        if a == at:
            continue
        if a > 0 and text[a - 1] == " ":
            a -= 1
        if a >= 2 and _CAPITALS.fullmatch(text, a - 2, a):
            return True
    return False
_IBAN_BODY = re.compile(r"[A-Z0-9lo]++(?: [A-Z0-9lo]++)*+", re.ASCII)  # (`l`, `o`: OCR's 1 and 0, ocr38)
_IBAN_BODY_SPAN = 72
_iban_layouts: dict[str, re.Pattern[str]] | None = None


def iban_layouts() -> dict[str, re.Pattern[str]]:
    """Each country's IBAN layout as the IBAN recognizer checks it, without its optional spaces."""
    global _iban_layouts
    if _iban_layouts is None:
        from proxy.nlp.iban_countries import regex_per_country

        _iban_layouts = {cc: re.compile(rx.replace("[ ]?", ""), re.ASCII) for cc, rx in regex_per_country().items()}
    return _iban_layouts


def iban_checks(iban: str) -> bool:
    """The mod-97 check of an IBAN written without separators."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


_GREEK_CYRILLIC = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")


def _iban_folded(text: str) -> str:
    """`text` with each Greek or Cyrillic letter that looks like a Latin capital written as that capital (`DЕ89`,
    Cyrillic `Е`, reads `DE89`; atk10 B M2), one character for one: where an IBAN is read so, only for an IBAN."""
    if _GREEK_CYRILLIC.search(text) is None:
        return text
    out = list(text)
    for m in _GREEK_CYRILLIC.finditer(text):
        latin = m.group().translate(_FOLD)
        if len(latin) == 1 and "A" <= latin <= "Z":
            out[m.start()] = latin
    return "".join(out)


def _iban_forms(text: str) -> Iterator[tuple[int, int, str]]:
    if _ANY_DIGIT.search(text) is None:
        return
    original, text = text, _iban_folded(text)
    layouts = None
    done = 0
    for m in _IBAN_AT.finditer(text):
        a = m.start()
        if a < done:
            continue
        cc, gap = text[a:a + 2], m.group(1)
        glued = a > 0 and text[a - 1].isalnum()
        if not gap and not glued and not (a + 4 < len(text) and text[a + 4:a + 5].isalpha()) and \
                not any(c.isalpha() for c in text[a + 4:a + 40]) and text is original:
            continue  # (cheap) the plain form: the recognizer reads it
        layouts = layouts or iban_layouts()
        layout = layouts.get(cc)
        at = a + 4 + len(gap)
        # (an IBAN's body is at most 30 characters, a space between each at most: a read bounded by that, so a
        # text of `GB82 GB82 ...` costs each start its own few characters, not the rest of the text)
        start = at + (text[at:at + 1] == " ")
        body = _IBAN_BODY.match(text, start, start + _IBAN_BODY_SPAN)
        if layout is None or body is None:
            continue
        where = [i for i in range(body.start(), body.end()) if text[i] != " "]
        compact = cc + text[a + 2 + len(gap):a + 4 + len(gap)] + "".join(text[i] for i in where)
        found = layout.match(compact)
        ocr: list[int] = []
        if found is None or not iban_checks(found.group()):
            compact, ocr = ocr_iban(compact, layout, iban_checks)  # (`37O4 OO44`: OCR's letters for digits, ocr38)
            found = layout.match(compact) if ocr else None
            if found is None:
                continue
        end = where[found.end() - 5] + 1
        after = end < len(text) and text[end].isalpha()
        if end < len(text) and text[end].isdigit() or glued and text[a - 1].isdigit() and (after or gap):
            continue  # (a digit glued before it (`?31DE18...`, misc37): the IBAN ends its word, no gap)
        alike = [i for i in range(a, end) if original[i] != text[i]]
        if not (gap or glued or after or alike or ocr):
            continue
        done = end
        digits = {where[k - 4]: compact[k] for k in ocr}
        edits = [(i, i + 1, digits.pop(i, text[i])) for i in alike] + [(i, i + 1, d) for i, d in digits.items()]
        if glued:
            edits.append((a, a, " "))
        if gap:
            edits.append((a + 2, a + 3, ""))
        if after:
            edits.append((end, end, " "))
        yield from sorted(edits, key=lambda e: (e[0], e[1]))


# An e-mail address with look-alike letters of another script in it (atk10 B-M2: `jane.doe@example.cοm` with a Greek
# omicron, Cyrillic `о`, small capital `ᴄ`, Armenian `օ`, Cyrillic `і`): the run of word characters, dots, `+` and
# `-` around an `@` is read with each such letter as the Latin letter or digit it looks like (`_FOLD`, one character
# for one: a redaction replaces the letters as sent), only where the whole run so read is an address (every character
# ASCII, a domain of dotted labels ending in letters) and the run as written holds an ASCII letter: a word of Greek or
# Cyrillic alone never becomes one, nor does a run with a letter that looks like none (`почта@example.com` stays).
_MAIL_DOMAIN = re.compile(r"[\w-]++(?:\.[\w-]++)++")
_MAIL_FOLDED = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_KNOWN_TLDS = frozenset(("com|net|org|io|edu|gov|mil|co|uk|de|fr|ca|au|nl|es|jp|cn|br|ru|ch|se|dk|fi|pl|ie|nz"
                         "|info|biz|ai|dev|app|us|eu|xyz").split("|"))  # (`_SPELLED_TLDS`)


def _mail_lookalikes(text: str) -> Iterator[tuple[int, int, str]]:
    if "@" not in text or text.isascii():
        return
    at = text.find("@")
    done = 0  # (two runs share a stretch where an address has two `@`: each letter read once)
    while at >= 0:
        here = begin = at
        while begin > 0 and here - begin < 256 and (text[begin - 1].isalnum() or text[begin - 1] in "._+-"):
            begin -= 1
        domain = _MAIL_DOMAIN.match(text, here + 1)
        at = text.find("@", here + 1)
        if begin == here or domain is None:
            continue
        run = text[begin:domain.end()]
        if run.isascii() or _ASCII_LETTER.search(run) is None:
            continue
        a, b = 0, len(run)
        while not run[a].isascii():
            a += 1
        while not run[b - 1].isascii():
            b -= 1
        # The letters inside the run (`example.cοm`); at its ends only where the address then ends in a known
        # top-level domain (`example.cο`): a word glued to an address (`jane.doe@example.comом`) stays out of it.
        for start, end in ((a, b), (0, len(run))):
            if start >= end or "@" not in run[start:end] or (start, end) == (0, len(run)) != (a, b) \
                    and not _known_tld(run):
                continue
            edits = _mail_folded(run, start, end)
            if edits is not None:
                for i, latin in edits:
                    if begin + i >= done:
                        yield begin + i, begin + i + 1, latin
                        done = begin + i + 1
                break


def _known_tld(run: str) -> bool:
    return run.rpartition(".")[2].translate(_FOLD).lower() in _KNOWN_TLDS


def _mail_folded(run: str, start: int, end: int) -> list[tuple[int, str]] | None:
    """(index, Latin letter) for each letter of `run[start:end]` not ASCII, where that stretch so read is an address
    and has one at least; None where it is not."""
    edits: list[tuple[int, str]] = []
    for i in range(start, end):
        ch = run[i]
        if ch.isascii():
            continue
        latin = ch.translate(_FOLD)
        if len(latin) != 1 or not latin.isascii() or not latin.isalnum():
            return None
        edits.append((i, latin))
    if not edits:
        return None
    folded = "".join(ch.translate(_FOLD) for ch in run[start:end])
    return edits if _MAIL_FOLDED.fullmatch(folded) else None


# A word of Latin letters with a few Greek or Cyrillic look-alikes among them (part37, atk36 F17: `Оlamide Fashоla`
# with a Cyrillic `О` and `о`): read with each such letter as the Latin one it looks like (`_CONFUSABLE`, one
# character for one: the redaction covers the letters as sent). Only a mixed word (twice as many ASCII letters as
# others at least: not `Москваcity`) whose every other letter has a look-alike, written as a name (capitalised, or in
# capitals), not glued to an `@` or a `.` (an address's glued word: `jane.doe@example.comом`, `_mail_lookalikes`): a
# word of Cyrillic or Greek alone (`Москва`, `Ольга`), one with a letter that looks like none (`прoект`) and one of
# no name's shape (`iPhoneом`) stay as written.
_MIXED_WORD = re.compile(r"[^\W\d_]+")


def _word_lookalikes(text: str) -> Iterator[tuple[int, int, str]]:
    if _GREEK_CYRILLIC.search(text) is None:
        return
    end = 0
    for hit in _GREEK_CYRILLIC.finditer(text):
        if hit.start() < end:
            continue
        a = hit.start()
        while a > 0 and (text[a - 1].isalpha()) and a > end:
            a -= 1
        m = _MIXED_WORD.match(text, a)
        if m is None:
            continue
        end = m.end()
        word = m.group()
        if _ASCII_LETTER.search(word) is None or not all(ch.isascii() or ord(ch) in _CONFUSABLE for ch in word) \
                or a > 0 and text[a - 1] in "@." or end < len(text) and text[end] in "@.":
            continue
        folded = word.translate(_CONFUSABLE)
        if not (folded.isupper() or folded[0].isupper() and folded[1:].islower()) \
                or 2 * sum(not ch.isascii() for ch in word) > sum(ch.isascii() for ch in word):
            continue
        yield from ((a + i, a + i + 1, _CONFUSABLE[ord(ch)]) for i, ch in enumerate(word) if not ch.isascii())


# Letters written for digits in a number (atk10 B-M2: `617-555-O143`, `536-9O-4399`, `6I7-555-0I43`, Greek
# `617-555-Ο143`, `4111 1111 1111 l111`): `O`, `o` and their Greek and Cyrillic look-alikes read as `0`, `I`, `l`,
# `|` and theirs as `1`, only inside groups with a digit of their own, kept apart by one space, `-` or `.`, where
# the groups so read are a value: three or more of a phone number's or an SSN's shape that can be one
# (`_could_be_a_value`), or a card's 13-19 digits that pass Luhn; at most one such letter in three digits. `IO`,
# `O2`, `l10n`, `0x1O`, `v1.O.2`, hex ids stay (`bench/pii_fp.py`).
_ZERO_LIKE = "Oo\u039f\u03bf\u041e\u043e"
_ONE_LIKE = "Il|\u0399\u0406\u04c0"
_DIGIT_LIKE = str.maketrans(dict.fromkeys(_ZERO_LIKE, "0") | dict.fromkeys(_ONE_LIKE, "1") | OCR_LIKE)  # (ocr38)
_OCR_LIKE = "".join(OCR_LIKE)
_LIKE_GROUP = rf"[{_ZERO_LIKE}{_ONE_LIKE}{_OCR_LIKE}]*+[0-9][0-9{_ZERO_LIKE}{_ONE_LIKE}{_OCR_LIKE}]*+"
_LIKE_RUN = re.compile(rf"(?<![\w|.-]){_LIKE_GROUP}(?:[ .-]{_LIKE_GROUP})*+(?![\w|]|[.-][0-9])")
# Such a letter glued after a digit (`9O`, `6I7`), or after a digit and a separator with a digit or another such letter
# after it (`-O143`, ` l111`; not `10 on`, `2 of`): from the letter (a scan for a character class is fast).
_LIKES = _ZERO_LIKE + _ONE_LIKE + _OCR_LIKE
_LIKE_SCAN = re.compile(rf"[{_LIKES}](?<=[0-9][{_LIKES}])|[{_LIKES}](?<=[0-9][ .-][{_LIKES}])(?=[0-9{_LIKES}])")


def _like_start(text: str, ends: Sequence[int]) -> bool:
    """What `_letter_digits` needs to have anything to do (`_normalize` does not call it without): a digit (`ends`,
    `_digit_runs`) and a letter for a digit by one (`_LIKE_SCAN`)."""
    for at in ends:  # from the runs `_normalize` has found (as `_LIKE_SCAN` reads, without a scan of the text)
        after = text[at + 1:at + 2]
        if not after:
            continue
        if after in _LIKES:
            return True
        if after in " .-":
            letter, then = text[at + 2:at + 3], text[at + 3:at + 4]
            if letter and letter in _LIKES and then and (then in _LIKES or "0" <= then <= "9"):
                return True
    return False


def _letter_digits(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _LIKE_RUN.finditer(text):
        run = m.group()
        digits = run.translate(_DIGIT_LIKE)
        if digits == run:
            continue
        letters = [i for i, ch in enumerate(run) if ch != digits[i]]
        if any(run[i] == "|" and 0 < i < len(run) - 1 and run[i - 1].isdigit() and run[i + 1].isdigit()
               for i in letters):
            continue  # `1|2`: a separator between digits
        groups = re.split(r"[ .-]", digits)
        total = sum(map(len, groups))
        if 3 * len(letters) > total:
            continue
        shape = tuple(map(len, groups))
        card = 13 <= total <= 19 and (len(groups) == 1 or shape in _GROUP_SHAPES) and luhn_ok("".join(groups))
        if not card and not (len(groups) >= 3 and shape in _GROUP_SHAPES and _could_be_a_value(groups)):
            continue
        yield from ((m.start() + i, m.start() + i + 1, digits[i]) for i in letters)


_PASSES: tuple[Pass, ...] = (_tags, joins44, unfold, unconc, encoded_text, escapes31, latex_ties, latex_text, _escapes,
                             hex_text,
                             _entities,
                             _quoted_printable, raw_jis, _invisible_groups, _invisible_words, _emoji_words, shortcodes,
                             fancy_text, _unicode,
                             tj_strings, _numerals,
                             _dash_letters,
                             _tags_html, _emphasis, _backslashes, _concat, _mailbox_quirks, _at_dot, _idna_dots,
                             _spelled, _cjk_at, _spaced,
                             _at_word, _wrapped_at, _broken_at, _domain_wrap, _digit_words, spoken_numbers,
                             _spread,
                             _symbol_groups, _lines, wrapped_cards,
                             _x_groups, _bracket_underscores, _numbers)
_PASSES = tuple(x for s in _PASSES  # (rgx45)
                for x in ((regex45, s) if s is _tags_html else (joins45, s) if s is _concat else (s,)))
_PASSES = tuple(x for s in _PASSES for x in ((s, encoded46) if s is encoded_text else (digits46, s) if s is _unicode
                                             else (s,)))  # (b6446)
_PASSES = tuple(x for s in _PASSES  # (back46)
                for x in ((code46, s) if s is _concat else (wraps46, s) if s is _domain_wrap else (s,)))
# `pattern_view` reads the view without `_glued` (a rule may name `ref-4111-1111-1111-1111` as written) nor
# `_script_edges` (a rule's `\b` is an edge between a Latin letter and one of another script already:
# `proxy.guard.checks.patterns`).
# A URL's and a query string's `+` and separators read as spaces (`_form_spaces`) before its escapes are decoded (a
# `%2B` is a plus): for PII only (rules read `project+falcon` already, and name no URL's layout).
_ENTITIES_AT = _PASSES.index(_entities)
_PII_PASSES: tuple[Pass, ...] = (*_PASSES[:_ENTITIES_AT], _form_spaces, *_PASSES[_ENTITIES_AT:], ocr_mail_tlds,
                                 _mail_lookalikes, _word_lookalikes, _letter_digits, ocr_labelled, ocr_cards, _glued,
                                 _iban_forms, _script_edges, _phrase_marks,
                                 _diff_lines, _exponents)
# A name split by a Word run's edge, a colour code or an RFC 2231 continuation read whole, for PII only (html38: the
# rules' first reading keeps them, their second reads them away).
_PII_PASSES = tuple(x for step in _PII_PASSES for x in ((step, cdata44) if step is joins44  # (enc44)
                                                         else (step, _continuations) if step is unfold
                                                         else (step, _word_runs) if step is _tags_html else (step,)))
# The second reading without HTML comments (`uncommented`, `pattern_readings`): removed after the Unicode pass.
# It reads tag characters as a person sees them, as nothing (without `_tags`, the Unicode pass removes them:
# `Fal\U000e0041con` reads `Falcon` there, `FalAcon` in the first reading).
# Terminal escape sequences and right-to-left overrides are read before it (it removes ESC and U+202E), empty
# Markdown links after the comments and tags.
_CUT = _PASSES.index(_unicode) + 1
_UNCOMMENTED_PASSES: tuple[Pass, ...] = (latex44, _math, _PASSES[1], cdata44,  # (html44, enc44)
                                         *_PASSES[2:_CUT - 1], terminal45, _terminal, rtl_runs, _overrides,
                                         _html_overrides, _unicode, rendered45, _comments,  # (rend45)
                                         _attributed_tags, _bare_markup, _bbcode, _wiki_marks, _empty_links,
                                         _links, *_PASSES[_CUT:])
assert _PASSES[0] is _tags
_PII_UNCOMMENTED_PASSES: tuple[Pass, ...] = (
    *_UNCOMMENTED_PASSES[:_UNCOMMENTED_PASSES.index(_entities)], _form_spaces,
    *_UNCOMMENTED_PASSES[_UNCOMMENTED_PASSES.index(_entities):], ocr_mail_tlds, _mail_lookalikes, _word_lookalikes,
    _letter_digits, ocr_labelled, ocr_cards, _glued, _iban_forms, _script_edges, _exponents)
# A third PII reading, only where the text has an element a browser never shows (`unhidden`).
_PII_HIDDEN_PASSES: tuple[Pass, ...] = (
    *_PII_UNCOMMENTED_PASSES[:_PII_UNCOMMENTED_PASSES.index(_comments)], _hidden_html,
    *_PII_UNCOMMENTED_PASSES[_PII_UNCOMMENTED_PASSES.index(_comments):])
_DECODES = (_escapes, _entities)
_ENCODED = re.compile(r"[\\%&]")


def replaced(text: str, edits: Iterator[tuple[int, int, str]]) -> View:
    """`text` with each (start, end, replacement) of `edits` (in order, without overlaps) made, as a view whose
    `span` maps back to `text` (a span that starts or ends inside a replacement takes all of it)."""
    new, layer = _apply(text, edits)
    return View(new, text, (layer,) if layer is not None else ())


# A long run of separators between two digit groups, or beside an `@` (`617` + 1,000 dashes + `555`, `jane` +
# 600 spaces + `@`): read as its first and last `_SQUEEZE_KEEP` characters (`squeezed`), so that the run never
# decides where a long text is cut for analysis, nor how far a recognizer reads; the view's folds read any length.
_SQUEEZE_KEEP = 32
_SQUEEZE = re.compile(rf"(?<![^\w@])(?<!_)(?:[^\w@]|_){{{2 * _SQUEEZE_KEEP + 1},}}+")  # (from a run's start only)
_SQUEEZE_ENDS = "0123456789@"


# A mailbox's spaced dot (`jane` + 600 spaces + `.doe@acme.com`): each run of spaces or tabs by the dot is cut so
# too (the dot kept), where the mailbox goes on to an `@`.
_MAILBOX_AHEAD = re.compile(r"[\w+-]++(?:[ \t]*+\.[ \t]*+[\w+-]++)*+[ \t]*+@")
_BLANKS = re.compile(rf"[ \t]{{{2 * _SQUEEZE_KEEP + 1},}}")


def _squeeze(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _SQUEEZE.finditer(text):
        a, b = m.span()
        before, after = text[a - 1:a], text[b:b + 1]
        if (before and before in _SQUEEZE_ENDS and after and after in _SQUEEZE_ENDS) or before == "@" or after == "@":
            yield a + _SQUEEZE_KEEP, b - _SQUEEZE_KEEP, ""
        elif "." in m.group() and not m.group().strip(" \t.") \
                and _MAILBOX_AHEAD.match(text, b, b + _MAIL_REACH):
            for w in _BLANKS.finditer(text, a, b):
                yield w.start() + _SQUEEZE_KEEP, w.end() - _SQUEEZE_KEEP, ""


def squeezed(text: str) -> View:
    """`text` with each long run of separators between digit groups or beside an `@` cut to its first and last
    32 characters (`_squeeze`), mapped back to `text`: what PII analysis chunks and reads (`proxy.nlp.pii`)."""
    out, layer = _apply(text, _squeeze(text))
    return View(out, text, () if layer is None else (layer,))


def normalize(text: str) -> View:
    """The normalised view of `text` (see the module's docstring)."""
    return _normalize(text, _PII_PASSES)


def uncommented(text: str, normal: View | None = None) -> View | None:
    """`normalize`'s view with HTML comments removed and tags with attributes laid out, as a renderer shows the
    text (`fal<!-- -->con`, `617-<!-- -->555-0143`, `fal<span class="x">con</span>`), and without tag characters
    (`exam` + U+E0020 + `ple.org`), LaTeX math as it renders (`jane.doe$@$example.com`, `_math`) and right-to-left
    overrides written in HTML reversed (`<bdo dir=rtl>`, `&#x202E;`: `_html_overrides`): a second reading, never
    the only one (the view keeps what a comment or an
    attribute holds and spells tag characters out, which a model reads: `<!-- jane@acme.com -->`); None when `text`
    has none of these. `normal`: `normalize(text)`, where the caller has it (speed20: not normalised again)."""
    if not _markup(text):
        return None
    view = _normalize(text, _PII_UNCOMMENTED_PASSES)
    return view if view.text != (normal if normal is not None else normalize(text)).text else None


def unhidden(text: str, normal: View | None = None) -> View | None:
    """`uncommented` also without the content a browser never shows (`hidden`, `display:none`, `<template>`:
    `_HIDDEN_ELEMENT`), as `pattern_readings` reads it: `Card 4111 1111 1111 <span hidden>9</span>1111` displays a
    card (atk14 B L4). A third reading for the pattern recognizers, only where the text has such an element; None
    where it has none. `normal`: `normalize(text)`, where the caller has it (`uncommented`)."""
    if not _has_hidden(text):
        return None
    view = _normalize(text, _PII_HIDDEN_PASSES)
    return view if view.text != (normal if normal is not None else normalize(text)).text else None


def comment_open(text: str) -> bool:
    """Whether `text` ends inside an HTML comment that may still close within the bound (`_COMMENT_MAX`): a
    stream window or a joint between texts must not end there (`fal<!-- a. b` then ` -->con`)."""
    start = text.rfind("<!--", max(0, len(text) - _COMMENT_MAX - 7))
    return start >= 0 and text.find("-->", start + 4) < 0


# A tag begun and not yet closed at the end of a text (`project <span class="x`, `pro<b\nhidden`): a name, then what
# may be attributes (names, `=`, values, a quoted value not yet closed), within the bound a tag is read away in
# (`_TAG_MAX`). Code is none (`i<n; i++`: no attribute has a `;`). Possessive: linear on any input.
_ATTRIBUTE_OPEN = r"""[\w:.-]++(?:[ \t\r\n]*+=[ \t\r\n]*+(?:"[^"<>]*+"?+|'[^'<>]*+'?+|[^\s"'<>=`]++)?+)?+"""
_TAG_OPEN = re.compile(rf"<{_XML_NAME}(?:[ \t\r\n]++(?:{_ATTRIBUTE_OPEN}[ \t\r\n]*+)*+)?+\Z")
_BOGUS_OPEN = re.compile(rf"<[!?][^<>]{{0,{_TAG_MAX}}}+\Z")  # a processing instruction or CDATA not yet closed


def markup_open(text: str) -> int:
    """Where the markup the second reading removes that `text` ends inside starts: an HTML comment that may still
    close (`comment_open`) or a tag whose attributes may still close within the bound (`project <span class="x`
    then `">falcon`), a processing instruction or a CDATA section (`pro<?x`, `exam<![CDATA[`), a terminal escape
    sequence, a right-to-left override or an empty Markdown link not yet closed (`_rendered_open`); -1 when none. A
    stream window never ends there, nor does a joint read without it."""
    rendered = _rendered_open(text)
    if "<" not in text[-(_COMMENT_MAX + _TAG_MAX + 90):]:
        return rendered
    if comment_open(text):
        at = text.rfind("<!--")
    else:
        at = text.rfind("<", max(0, len(text) - _TAG_MAX - 90))  # (a tag holds no `<`: only the last may be open)
        at = at if at >= 0 and (_TAG_OPEN.match(text, at) is not None or _BOGUS_OPEN.match(text, at) is not None) \
            else -1
    return at if rendered < 0 or 0 <= at < rendered else rendered


_OPEN_REACH = _OVERRIDE_MAX + 8  # (longer than an open escape sequence or empty link too)
# A character that starts what `markup_open` finds: a text without any has none (a cheap test before it).
MARKUP_CHARS = re.compile("[<\x1b\x9b\\[\u202e`]")


def _rendered_open(text: str) -> int:
    """Where a terminal escape sequence, a right-to-left override or an empty Markdown link that `text` ends inside
    starts (`617-\x1b[0`, `\u202emoc.elpmaxe@e`, `jane.doe[](x`): the second reading reads it away (or reversed)
    only once it is whole; -1 when none."""
    lo = max(0, len(text) - _OPEN_REACH)
    tail = text[lo:]
    found = [m.start() for test, pattern in (("\x1b", _TERMINAL_OPEN), ("\x9b", _TERMINAL_OPEN),
                                             ("\u202e", _OVERRIDE_OPEN), ("[", _EMPTY_LINK_OPEN))
             if test in tail and (m := pattern.search(text, lo)) is not None]
    if "[" in tail or "<" in tail or "`" in tail:
        m = _LINK_OPEN.search(text, lo)
        if m is not None:
            found.append(m.start())
        line = text.rfind("\n", lo) + 1
        tick = text.rfind("`", line)
        if tick > line and text.count("`", line, tick) % 2 == 0 and not text[tick - 1].isspace() \
                and text[tick - 1] != "`" and tick + 1 + _LINK_MAX >= len(text):
            found.append(tick)  # a backtick glued to a word or a value opens what may be reST link text (`` 617-`55 ``)
    return min(found, default=-1)


# ---------------------------------------------------------------- what a stream window never ends inside

# How far back a construct the readings only read whole may have opened for a stream window to wait for its end
# (`proxy.guard.windows.may_cut`, `proxy.guard.checks.patterns.WindowCuts`): a stream is never held longer for one.
OPEN_HOLD = 256
# A run of digit words read backwards from a cut (each word reversed, a separator of `_WORD_SEP` before it), and the
# label a run is read after (`_digit_words`), ending where the run starts.
_REVERSED_WORDS = re.compile(r"(?:(?:[ \t]*[,;./][ \t]*|[ \t]+-[ \t]+|[ \t]+|-)?(?:"
                             + "|".join(w[::-1] for w in sorted(_WORD_DIGIT, key=len, reverse=True))
                             + r")(?![a-z]))++")
_WORDS_LABEL_END = re.compile(rf"(?<![a-z])(?:{_WORDS_LABEL.pattern})(?:[ \t]+(?:number|num|no\.?|nr|#))?[ \t]*"
                              rf"(?:[:#=-]|is)?[ \t]*(?:\r?\n[ \t]*)?\Z")
_WORD_SEP_START = re.compile(_WORD_SEP)
_LETTERS_START = re.compile(r"[a-z]*")
_LETTERS = re.compile(r"[a-z]+")
_NUMBER_SEPS = " \t,;./-\u30fc\u30fb"
_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")


def _leading_letters(text: str) -> str:
    m = _LETTERS_START.match(text)
    return m.group() if m is not None else ""


def _digit_word_ahead(head: str) -> bool:
    """`head` (lower case, what is known after a cut) may go on with a digit word: nothing known yet but a separator,
    a digit word, or the start of one up to its end."""
    m = _WORD_SEP_START.match(head)
    rest = head[m.end():] if m is not None else head
    word = _leading_letters(rest)
    if not rest.strip(_NUMBER_SEPS):
        return True
    if word in _WORD_DIGIT:
        return True
    return len(word) == len(rest) and any(w.startswith(word) for w in _WORD_DIGIT)


def _words_open(before: str, after: str) -> bool:
    """A cut inside 7 to 19 digit words after a label (`_digit_words`: `call six one seven ` then `five five ...`),
    or right after the label with a digit word next (`call ` then `six one ...`)."""
    low, head = before.lower(), after[:24].lower()
    if len(low) != len(before):
        return False
    if head[:1].isalpha() and low[-1:].isalpha():  # a cut inside a word: the word it cuts
        part = _leading_letters(low[-8:][::-1])[::-1]
        lead = _leading_letters(head)
        word = part + lead
        if not part or (word not in _WORD_DIGIT and not (
                len(lead) == len(head) and any(w.startswith(word) for w in _WORD_DIGIT))):
            return False
        end, count = len(low) - len(part), 1
    elif _digit_word_ahead(head):
        end, count = len(low), 0
    else:
        return False
    run = _REVERSED_WORDS.match(low[:end][::-1])
    if run is not None:
        count += len(_LETTERS.findall(run.group()))
        end -= run.end()
    return count <= 19 and _WORDS_LABEL_END.search(low, max(0, end - 48), end) is not None


def _run_open(before: str, after: str, digits: str) -> tuple[bool, int]:
    """Whether `before` ends in a run of `digits` (a separator of `_NUMERAL_SEP` after it at most) and what is known
    after the cut may go on with one; and where that run starts."""
    k = len(before)
    while k and before[k - 1] in " \t-\u30fc\u30fb." and len(before) - k < 3:
        k -= 1
    if not k or before[k - 1] not in digits or _NUMERAL_SPLIT.fullmatch(before, k) is None and k < len(before):
        return False, k
    rest = after[:4].lstrip(" \t-\u30fc\u30fb.")
    if rest and rest[0] not in digits:
        return False, k
    start = k - 1
    while start and (before[start - 1] in digits or before[start - 1] in " \t-\u30fc\u30fb.") and k - start < OPEN_HOLD:
        start -= 1
    while start < k and before[start] not in digits:
        start += 1
    return True, start


def _hangul_run_ahead(rest: str) -> bool:
    """`rest` (what is known after a cut and its separators) may start a run of Korean digit words: digit syllables
    up to its end, a separator or another group, not a word that starts with one (`이메일`, `구월`, `일요일`)."""
    k = 0
    while k < len(rest) and rest[k] in _HANGUL_DIGIT:
        k += 1
    return k > 0 and (k == len(rest) or k >= 3 or not _HANGUL_SYLLABLE.match(rest, k))


# The words a label for digit words ends with (`_WORDS_LABEL`, then `number`, `no`, `is`...): a cut right after one
# waits while a digit word may come next.
_LABEL_ENDS = frozenset({*(alt.split()[-1] for alt in _WORDS_LABEL.pattern.split("|")), "number", "num", "no", "nr",
                         "is"})


def number_open(text: str, cut: int, after: str) -> bool:
    """Whether a stream window ending at `cut` of `text` (`after`: what is known after it) would cut a
    number the view reads only whole (issue 12, stream joins): a run of CJK numerals (`六一七 五五五` then
    ` 〇一四三`, `_numerals`), of Korean digit words after a phone or card word (`전화 육일칠` then ` 오오오 공일사삼`,
    or `전화 ` then `육일칠...`), or of English digit words after a label (`call six one seven` then ` five ...`,
    `_digit_words`). Read back `OPEN_HOLD` characters at most; what ends `before` decides first (most cuts follow a
    word that is none of these: a few characters read)."""
    short = text[max(0, cut - 24):cut].rstrip(_NUMBER_SEPS + ":#=\r\n")
    last = short[-1:]
    if not last:
        return False
    before = text[max(0, cut - OPEN_HOLD):cut]
    rest = after[:8].lstrip(_NUMBER_SEPS)
    if last in _NUMERALS:
        return _run_open(before[-OPEN_HOLD:], after, _NUMERALS)[0]
    if last in _HANGUL_DIGIT:
        before = before[-OPEN_HOLD:]
        ahead, start = _run_open(before, after, _HANGUL_DIGITS)
        if not ahead or (start and _HANGUL_SYLLABLE.match(before, start - 1) is not None):
            return False  # (a word ending in such syllables: no run, `_HANGUL_RUN`'s look-behind)
        return _HANGUL_LABEL.search(before, max(0, start - 24), start) is not None
    if (_hangul_run_ahead(rest) if rest else "\uac00" <= last <= "\ud7a3") \
            and not (rest and len(rest) == len(after[:8]) and _HANGUL_SYLLABLE.match(before[-1:])) \
            and _HANGUL_LABEL.search(before, max(0, len(before) - 24)) is not None:
        return True  # a phone or card word, then a run of Korean digit words (or nothing known yet)
    if last.isascii() and last.isalpha():
        word = _leading_letters(short[-16:][::-1].lower())[::-1]  # (the last word: read backwards, linear)
        inside = before[-1:].isalpha() and after[:1].isalpha()
        if (word in _WORD_DIGIT or word in _LABEL_ENDS or (inside and any(w.startswith(word) for w in _WORD_DIGIT))) \
                and _words_open(before[-OPEN_HOLD:], after):
            return True
    from proxy.nlp.spoken39 import spoken_open  # pair words read out (spoken39)
    from proxy.nlp.voice38 import voice_open  # single digits or digit words read out, any label (voice38)

    return voice_open(before, after) or spoken_open(before, after) or pair_open(before, after)  # (misc45)


# An unclosed inline math span (`_math`): `$` or `$$` not after a backslash or another `$`, no space after it, or
# `\(`; a dollar amount (`$5`, `$1,200.50`) is no math.
_MONEY = re.compile(r"\$\d++(?:[.,]\d++)*+(?:[kKmMbBtT]|bn|mn|mm)?(?![\d{}\\~^_A-Za-z])")
# The opening tag of an element a browser shows reversed (`_HTML_OVERRIDE`), and a closing tag begun after it.
_OVERRIDE_TAG = re.compile(
    rf"(?i)<(?:bdo\b[^<>]{{0,{_TAG_MAX}}}?\bdir[ \t]*+=[ \t]*+[\"']?rtl\b"
    rf"|{_XML_NAME}\b(?=[^<>]{{0,{_TAG_MAX}}}?unicode-bidi[ \t]*+:[ \t]*+bidi-override)"
    rf"(?=[^<>]{{0,{_TAG_MAX}}}?direction[ \t]*+:[ \t]*+rtl))[^<>]{{0,{_TAG_MAX}}}>")
_CLOSING_BEGUN = re.compile(r"<(?:/[\w:.-]*[ \t]*)?\Z")


def _dollars(line: str) -> list[int]:
    """Where a `$` or `$$` that may open a math span is (`_MATH`: not after a backslash or another `$`, no space
    after it)."""
    out: list[int] = []
    i = line.find("$")
    while i >= 0:
        j = i + 1 if line[i + 1:i + 2] == "$" else i
        after = line[j + 1:j + 2]
        if (not i or line[i - 1] not in "\\$") and not after.isspace() and after != "$":
            out.append(i)
        i = line.find("$", j + 1)
    return out


# How far back an inline math span or an element shown right to left may have opened for a stream window to wait for
# its end (`rendered_start`): as far as the second reading reads one whole (`_MATH_MAX`, `_OVERRIDE_MAX` characters
# inside), so a window ends inside one only where the whole answer would not read it either (stream14: 256 let
# `$\text{` + 300 characters + `jane.doe}` then `@\text{example.com}$` be cut apart, each window read alone).
RENDERED_HOLD = max(_MATH_MAX, _OVERRIDE_MAX)
RENDERED_REACH = RENDERED_HOLD + _TAG_MAX + 2  # what `rendered_start` reads back, the opening tag or `$$` included


def rendered_open(before: str) -> bool:
    """Whether `before` ends inside what the second reading lays out only whole (issue 12, stream joins): an inline
    LaTeX math span not yet closed on its line (`Mail $\\text{jane.doe}` then `@\\text{example.com}$`, `_math`), or
    an element shown right to left whose closing tag has not come (`<bdo dir="rtl">... noclaf ` then `tcejorp</bdo>`,
    `_html_overrides`), opened `RENDERED_HOLD` characters back at most (`rendered_start`)."""
    return rendered_start(before) >= 0


def rendered_start(before: str) -> int:
    """Where the inline math span or the element shown right to left that `before` ends inside starts (`rendered_open`:
    its `$`, `$$` or `\\(`, or its opening tag), -1 when none: a stream window that must release text at its cap ends
    before it (`proxy.guard.windows.OutputWindows._comment_cut`)."""
    base = max(0, len(before) - RENDERED_HOLD - 2)
    tail = before[base:]
    if "$" in tail or "\\(" in tail:
        start = tail.rfind("\n") + 1
        line = tail[start:]
        openers = [i for i in _dollars(line) if not _MONEY.match(line, i)]  # (money only: no span to read)
        if "\\(" in line:
            openers.append(line.rfind("\\("))
        if openers:
            last = 0
            for m in _MATH.finditer(line):
                last = m.end()
            still = [i for i in openers if i >= last]  # opened after the last span that closed
            if still:
                return base + start + min(still)
    wide = before[-(RENDERED_HOLD + _TAG_MAX):]
    at = wide.rfind("<")
    if at < 0:
        return -1
    if _CLOSING_BEGUN.match(wide, at) is not None:
        at = wide.rfind("<", 0, at)  # (the element's closing tag begun: `</bd`)
    tag = _OVERRIDE_TAG.match(wide, at) if at >= 0 else None
    if tag is None or len(wide) - tag.end() > RENDERED_HOLD:
        return -1
    return len(before) - len(wide) + at


def markup_spans(text: str, start: int, end: int, tags: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the HTML comments and tags with attributes the second reading removes (`uncommented`) that
    lie in text[start:end], the terminal escape sequences and the empty Markdown links, and of those the text ends
    inside (`markup_open`): nothing a renderer shows. `tags`: also of the inline tags without attributes the view
    removes (`<b>`, `</span>`) and of the other markup the second reading removes (`_bare_markup`: `<label>`,
    `<?x?>`)."""
    part = text[start:end]
    html = "<" in part
    if not (html or "\x1b" in part or "\x9b" in part or "[" in part or "`" in part or "\u202e" in part):
        return []
    out = [(a, b) for a, b, _ in (*_comments(part), *_attributed_tags(part))] if html else []
    if tags and html:
        out += [m.span() for m in _TAG.finditer(part) if m.group(1)]
        out += [(a, b) for a, b, r in _bare_markup(part) if not r]
    out += [(a, b) for a, b, _ in (*_terminal(part), *_empty_links(part), *_links(part))]
    tail = markup_open(part)
    if tail >= 0:
        out.append((tail, len(part)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(out):  # (a tag inside a comment is one stretch with it)
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [(a + start, b + start) for a, b in merged]


# The number folds and the cheap test each starts with (`[0-9]` then a character that is no digit): a fold whose
# test matches at no digit that ends a run of digits has nothing to do.
_DIGIT_TESTS: dict[Pass, re.Pattern[str]] = {_spread: _SPREAD_HINT, _symbol_groups: _SYMBOL_HINT, _lines: _LINE_HINT,
                                             _x_groups: _X_HINT, _numbers: _NUMBER_HINT, _exponents: _EXPONENT_HINT}

# What a pass needs in the text it reads to have anything to do: one of these strings (the pass's own first test,
# made here without calling it: a call costs more than the test, and most passes have nothing to do in most
# texts), or, `None`, a character that is not ASCII. A pass not named here is always called.
_NEEDS: dict[Pass, tuple[str, ...] | None] = {
    _bracket_underscores: ("_(", ")_"),
    _tags: None, _escapes: ("\\",), _form_spaces: ("+", "?", "%20", "&"), _entities: ("%", "&"),
    unfold: ("\n ", "\n\t"), escapes31: ("\\", "="),  # (fold31)
    latex_ties: ("~", "\\,", "\\ "),  # (esc39)
    latex_text: ("\\",),  # (enc40)
    latex44: ("\\",), rtl_runs: ("\u200f",),  # (html44)
    unconc: (" CONC", " CONT"),  # (gds34)
    tj_strings: ("TJ", "Tj"),  # (file36)
    _quoted_printable: ("=",), raw_jis: ("\x1b$",), _invisible_groups: None, _invisible_words: None,
    _emoji_words: None,
    _dash_letters: None, _numerals: None,
    _word_runs: ("</w:t>",), _continuations: ("*0",),  # (html38)
    _tags_html: ("<",), _comments: ("<!--",),
    cdata44: ("<![CDATA[",),  # (enc44)
    _attributed_tags: ("<",), _emphasis: ("*", "_", "~", "`"),
    _bare_markup: ("<",), _bbcode: ("[/",), _wiki_marks: ("''", "==", "^", "++"),
    _terminal: ("\x1b", "\x9b"), _overrides: ("\u202e",), _empty_links: ("](", "][", "|"), _links: ("[", "<", "`"),
    _math: ("$", "\\("), _html_overrides: ("<",), _hidden_html: ("<",),
    _backslashes: ("\\",), _concat: ("'", '"', "`", "\u2018", "\u2019", "\u201c", "\u201d"),
    _mailbox_quirks: ("@",), _cjk_at: None, _at_dot: ("[", "(", "{", "<"), _idna_dots: None, _spaced: ("@",),
    _at_word: (" at ", " AT ", " At ", "\t"), _wrapped_at: (),
    _digit_words: (), _broken_at: ("@",), _script_edges: None, _mail_lookalikes: None, _word_lookalikes: None,
    _domain_wrap: (),  # (join42: `_domain_wrap_hint`)
    _phrase_marks: ("~", "||", "++", "=="),
}


# Passes asked first by a function of the text (one pass over it, where a list of `_NEEDS` strings would be many).
_GATES: dict[Pass, Callable[[str], bool]] = {_wrapped_at: _wrapped_hint, _digit_words: _digit_words_hint,
                                             _domain_wrap: _domain_wrap_hint,  # (join42)
                                             spoken_numbers: spoken_numbers_hint,  # (spell28)
                                             _diff_lines: _diff_lines_hint, wrapped_cards: wrapped_hint,
                                             ocr_cards: ocr_cards_hint, ocr_mail_tlds: ocr_mail_hint,  # (ocr38)
                                             hex_text: hex_hint,  # (enc40)
                                             encoded_text: encoded_hint,  # (enc42)
                                             joins44: joins44_hint,  # (enc44)
                                             shortcodes: shortcodes_hint,  # (html44)
                                             fancy_text: fancy_hint,  # (misc45)
                                             ocr_labelled: ocr_labelled_hint}  # (num40)
_GATES.update({regex45: regex45_hint, joins45: joins45_hint})  # (rgx45)
_GATES.update({encoded46: encoded46_hint, digits46: digits46_hint})  # (b6446)
_GATES.update({code46: code46_hint, wraps46: wraps46_hint})  # (back46)


def _normalize(text: str, passes: tuple[Pass, ...]) -> View:
    layers: list[_Layer] = []
    current = text
    decoded = False
    ends: list[int] = []  # where the runs of digits of `read` end (its last digits): one scan for the number folds
    read: str | None = None
    for step in passes:
        gate = _GATES.get(step)
        if gate is not None and not gate(current):
            continue
        needs = _NEEDS.get(step, ())
        if needs is None:
            if current.isascii():
                continue
        elif needs:
            for need in needs:
                if need in current:
                    break
            else:
                continue
        test = _DIGIT_TESTS.get(step)
        if test is not None:
            if read is not current:
                read, ends = current, _digit_runs(current)
            for at in ends:
                if test.match(current, at):
                    break
            else:
                continue
        elif step is _glued and read is current and not ends:
            continue  # no digit: nothing glued to one
        elif step is _iban_forms or step is _letter_digits:
            if read is not current:
                read, ends = current, _digit_runs(current)
            if not (_iban_start if step is _iban_forms else _like_start)(current, ends):
                continue  # no two capitals before two digits (no IBAN's start), no letter for a digit by a number
        current, layer = _apply(current, step(current))
        if layer is not None:
            layers.append(layer)
            decoded = decoded or step in _DECODES
        if step is _entities and decoded and _ENCODED.search(current):
            # Encoded twice (`jane%2540example.com`, `&amp;#64;`, `%26%2364%3B`): decoded again while a
            # round changes something, at most 15 more rounds (16 levels; atk8: 4 were read, a fifth passed).
            for _ in range(15):
                changed = False
                for again in _DECODES:
                    current, layer = _apply(current, again(current))
                    if layer is not None:
                        layers.append(layer)
                        changed = True
                if not changed or not _ENCODED.search(current):
                    break
    return View(current, text, tuple(layers))


# Cyrillic and Greek letters that look like Latin ones (Unicode's confusables, the common ones), for the
# view patterns read: `prоject` with a Cyrillic `о` is `project` to a `patterns:` rule. Never for PII
# (a Cyrillic or Greek name stays as written for the NER model). With the letters of any script that
# Unicode's confusables read as a Latin letter or a digit, and the Latin letters named after one
# (`proxy.nlp.confusables`, generated: Armenian `օ`, `ɑ`, dotless `ȷ`, small capitals, Cherokee `Ꭴ`);
# this table wins where both have the character.
_CONFUSABLE = str.maketrans({
    "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h", "\u043e": "o",
    "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0443": "y", "\u0445": "x", "\u0455": "s", "\u0456": "i",
    "\u0457": "i", "\u0458": "j", "\u0461": "w", "\u04bb": "h", "\u04cf": "l", "\u0501": "d", "\u051b": "q",
    "\u051d": "w", "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0423": "Y", "\u0425": "X", "\u0405": "S",
    "\u0406": "I", "\u0408": "J", "\u04c0": "I",
    "\u03b1": "a", "\u03b5": "e", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03bf": "o", "\u03c1": "p",
    "\u03c4": "t", "\u03c5": "u", "\u03c7": "x", "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z",
    "\u0397": "H", "\u0399": "I", "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P",
    "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X",
})
# Cherokee small letters (U+AB70-U+ABBF, U+13F8-U+13FD): Unicode lower-cases the capitals to them, and they look like
# small capitals of the same Latin letters (atk11 B L2: `ꮲroject faꮮcon`): read as those letters, in lower case.
_CHEROKEE_SMALL = {chr(c): LOOKALIKES[chr(c).upper()].lower() for c in (*range(0xAB70, 0xABC0), *range(0x13F8, 0x13FE))
                   if chr(c).upper() in LOOKALIKES and chr(c) not in LOOKALIKES}
_FOLD = str.maketrans({**_CHEROKEE_SMALL, **LOOKALIKES, **{chr(k): v for k, v in _CONFUSABLE.items()}})
# Letters NFKC would read as another letter than the one they look like (`ſ` is `s` to NFKC, `f` to a reader; Greek
# lunate sigma `ϲ`, `Ϲ` are `ς`, `Σ` to NFKC, `c`, `C` to a reader): read as what they look like before NFKC, for
# `patterns:` only (`proxy.nlp.confusables.BEFORE_NFKC`).
_EARLY = re.compile("[" + "".join(BEFORE_NFKC) + "]")


# `ſ` is an `s` as well (`oſprey` is how old print spells `osprey`): a second reading takes each letter NFKC reads as
# an ASCII letter as that one (`ſ` as `s`), the others as above (`pattern_readings`).
_AS_NFKC = {ch: (unicodedata.normalize("NFKC", ch) if unicodedata.normalize("NFKC", ch).isascii() else target)
            for ch, target in BEFORE_NFKC.items()}
_EARLY_AMBIGUOUS = re.compile("[" + "".join(ch for ch in BEFORE_NFKC if _AS_NFKC[ch] != BEFORE_NFKC[ch]) + "]")


def _early_letters(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _EARLY.finditer(text):
        yield m.start(), m.end(), BEFORE_NFKC[m.group()]


def _early_letters_nfkc(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _EARLY.finditer(text):
        yield m.start(), m.end(), _AS_NFKC[m.group()]


_UNICODE_AT = _PASSES.index(_unicode)
_PATTERN_PASSES: tuple[Pass, ...] = (*_PASSES[:_UNICODE_AT], _early_letters, *_PASSES[_UNICODE_AT:])
_PATTERN_UNCOMMENTED_PASSES: tuple[Pass, ...] = (
    *_UNCOMMENTED_PASSES[:_UNCOMMENTED_PASSES.index(_unicode)], _early_letters,
    *_UNCOMMENTED_PASSES[_UNCOMMENTED_PASSES.index(_unicode):])
_PATTERN_NFKC_PASSES: tuple[Pass, ...] = (*_PASSES[:_UNICODE_AT], _early_letters_nfkc, *_PASSES[_UNICODE_AT:])
_PATTERN_UNCOMMENTED_NFKC_PASSES: tuple[Pass, ...] = tuple(
    _early_letters_nfkc if step is _early_letters else step for step in _PATTERN_UNCOMMENTED_PASSES)
_PATTERN_HIDDEN_PASSES: tuple[Pass, ...] = (  # a third reading (`pattern_readings`), without never-displayed HTML
    *_PATTERN_UNCOMMENTED_PASSES[:_PATTERN_UNCOMMENTED_PASSES.index(_comments)], _hidden_html,
    *_PATTERN_UNCOMMENTED_PASSES[_PATTERN_UNCOMMENTED_PASSES.index(_comments):])
_NEEDS[_early_letters] = _NEEDS[_early_letters_nfkc] = None
_FOLD_HINT = re.compile(r"[\u0370-\u03ff\u0400-\u052f]|[^\x00-\x7f]")


def _fold_letters(text: str) -> Iterator[tuple[int, int, str]]:
    """Look-alike letters to Latin letters or digits, combining marks of every script dropped (`é` reads `e`, `ǿ`
    reads `o`, `proj\u0e31ect` reads `project`): one character at a time."""
    if text.isascii():
        return
    for m in _FOLD_HINT.finditer(text):
        ch = m.group()
        folded = ch.translate(_FOLD)
        if folded == ch:
            decomposed = unicodedata.normalize("NFD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD)
            if not folded or folded == ch:
                if unicodedata.category(ch)[0] == "M":  # any script's (`proj\u0e31ect`, `proj\u0941ect`: atk13 H1)
                    yield m.start(), m.end(), ""
                continue
        yield m.start(), m.end(), folded


def pattern_view(text: str) -> View:
    """The view `patterns:` rules read: `normalize`'s, then look-alike letters (Cyrillic, Greek, Armenian,
    Cherokee, Latin small capitals and hooked or dotless letters... `_FOLD`) as the Latin letters or digits
    they look like and combining marks dropped (the map back stays exact); the letters NFKC would read as another
    letter (`ſ`, `ϲ`, `Ϲ`: `_early_letters`) are read as what they look like before NFKC."""
    return _pattern_view(text, _PATTERN_PASSES)


def _pattern_view(text: str, passes: tuple[Pass, ...]) -> View:
    view = _normalize(text, passes)
    folded, layer = _apply(view.text, _fold_letters(view.text))
    if layer is None:
        return view
    return View(folded, text, (*view.layers, layer))


# A hyphen (or a run of them) between two letters, a line break after it or not: `proj-ect fal-con` and
# `proj-\nect fal-\ncon` are `project falcon` written to slip past a rule; an underscore between two letters, each
# of a word of two or more (`fal_con`, `pro_ject`; not `x_y_z`; the main reading keeps it: an identifier's words
# are words there); and letters written one by one, a space, a dot or a hyphen after each (`p r o j e c t f a l
# c o n`, four or more), or one same separator throughout (`_ONE_BY_ONE_SAME`: a line break, or any run of up to
# three punctuation marks, symbols, emoji and spaces, the same run each time: `P_R_O_J_E_C_T`, `p\nr\no\nj`,
# `P. R. O. J.`, `p*r*o*j`, `p - r - o - j`, `p  r  o  j`, `p..r..o..j`, `p🔥r🔥o🔥j`; digits are not letters:
# `1 - 2 - 3 - 4` is left as written). Read by `joined_reading`, a second reading for `patterns:` rules.
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])(?:-++(?:[ \t]*+\r?\n[ \t]*+)?|(?<=[^\W\d_]{2})_(?=[^\W\d_]{2}))(?=[^\W\d_])")
_ONE_BY_ONE = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ .-][^\W\d_](?![^\W\d_])){3,}")
_ONE_BY_ONE_GAP = re.compile(r"[ .-]")
_ONE_BY_ONE_SAME = re.compile(r"(?<![^\W\d_])[^\W\d_](?P<sep>\r?\n|(?:[^\w\r\n]|_){1,3})"
                              r"[^\W\d_](?![^\W\d_])(?:(?P=sep)[^\W\d_](?![^\W\d_])){2,}+")


_ONE_BY_ONE_HINT = re.compile(r"[ .-][^\W\d_][ .-][^\W\d_][ .-]")  # a scan from a character class: fast


def _joined(text: str) -> Iterator[tuple[int, int, str]]:
    runs = list(_ONE_BY_ONE.finditer(text)) if _ONE_BY_ONE_HINT.search(text) else []
    gaps = {(m.start() + g.start(), m.start() + g.end()) for m in runs for g in _ONE_BY_ONE_GAP.finditer(m.group())}
    same = False
    for m in _ONE_BY_ONE_SAME.finditer(text):
        size = len(m.group("sep"))
        if m.group("sep") in (" ", ".", "-"):
            continue  # read above already
        gaps.update((at, at + size) for at in range(m.start() + 1, m.end(), size + 1))
        runs.append(m)
        same = True
    hyphens = {(m.start(), m.end()) for m in _INNER_HYPHEN.finditer(text)} if "-" in text or "_" in text \
        else set()
    spans: list[list[int]] = []  # the runs' spans, merged (a hyphen inside one is read with it)
    for start, end in sorted((m.start(), m.end()) for m in runs):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    starts = [a for a, _ in spans]

    def inside(at: int) -> bool:
        i = bisect.bisect_right(starts, at) - 1
        return i >= 0 and at < spans[i][1]

    found = sorted(gaps | {h for h in hyphens if not inside(h[0])})
    joints = _concat_joints(text)  # string concatenation's joints (`'pro' + 'ject'`), each with what it reads as
    if not (same or joints):
        for a, b in found:
            yield a, b, ""
        return
    done = 0
    # The readings may overlap (`a. b. c. d`, `p'r'o'j`): the longest gap that starts at a place wins.
    for a, b, new in sorted([*((a, b, "") for a, b in found), *joints], key=lambda gap: (gap[0], -gap[1])):
        if a >= done:
            yield a, b, new
            done = b


def joined_reading(view: View) -> View | None:
    """`view` (a `pattern_view`) with the hyphens between letters and the gaps between letters written one by
    one left out (`proj-ect` and `p r o j e c t` read `project`), mapped back to the original; None when it
    has none."""
    joined, layer = _apply(view.text, _joined(view.text))
    if layer is None:
        return None
    return View(joined, view.original, (*view.layers, layer))


def pattern_readings(text: str) -> list[View]:
    """Every reading `patterns:` rules match (a match in any is a finding): `pattern_view`, its `joined_reading`, the
    text as written (where the view differs),
    and, where the text has HTML comments or tags with attributes, both again without them (`project fal<!-- -->con`,
    `fal<span class="x">con</span>`; the first keeps what a comment holds: `<!-- project falcon -->`; LaTeX math and
    right-to-left overrides written in HTML laid out there too, `_math`, `_html_overrides`), once more without content
    a browser never shows where it has such (`pro<span hidden>xx</span>ject`, `_hidden_html`), and where it
    has a long s, with that read as `s` too (`oſprey`; the view reads it as the `f` it looks like: `ſalcon`)."""
    view = pattern_view(text)
    views = [view]
    ambiguous = not text.isascii() and _EARLY_AMBIGUOUS.search(text) is not None
    if ambiguous:
        views.append(_pattern_view(text, _PATTERN_NFKC_PASSES))
    if _markup(text):
        bare = _pattern_view(text, _PATTERN_UNCOMMENTED_PASSES)
        if bare.text != view.text:
            views.append(bare)
            if ambiguous:
                views.append(_pattern_view(text, _PATTERN_UNCOMMENTED_NFKC_PASSES))
        if _has_hidden(text):
            # (a third reading: the second keeps what a hidden element holds, `pro<b hidden>ject</b> osprey`)
            views.append(_pattern_view(text, _PATTERN_HIDDEN_PASSES))
    out: list[View] = []
    for v in views:
        joined = joined_reading(v)
        out += [v] if joined is None else [v, joined]
    from proxy.nlp.tox42 import leet_views  # `Pr0ject F@lcon`, `F*lcon` (tox42; it reads this module's View)

    out += leet_views(view)
    if view.text != text:
        # The text as written too: what a rule's regex matches in the delivered text is a match, whatever the view
        # lays out or removes around it (atk11 A H2: `**x**project falcon`, `x\u200bproject falcon`, `x<b></b>`
        # glue the codename to a letter in the view, while `*` or an invisible character before it is a word edge
        # to a program reading the text).
        out.append(View(text, text))
    return out


# --------------------------------------------------------------------------- 6. structure spaced (PII analysis only)

# Punctuation that structures data glued to the words it separates, which spaCy's tokenizer keeps in one token with
# them (`"name":"Maria`, `7,Jan`, `x;Maria`, `Schmidt|HR`, `Schmidt</name`, `@Maria`, `->Maria`): a name there was
# not read whole, nor a keyed value's key as its context word (`"ssn":"536904399"`). A space is put where a writer
# who spaces such text would put one (`json.dumps`' default, `7, Jan`, `x; Maria`, `Schmidt | HR`,
# `<name> Maria Schmidt </name>`): only spaces are added, so a span maps back exactly to what was sent.
# (Each branch starts with its punctuation, its look-behind after it: the engine skips to those characters.)
_STRUCTURE_AFTER = re.compile(
    r"[:,](?<=\S.)(?=[\"{\[])"  # compact JSON and keyed quotes: `"name":"`, `","`, `":{`, `"},{"`, `owner:"`
    r"|:(?<=\":)(?=[^\s\"{\[])"  # a JSON key before a bare value: `"mobile":6175550143`, `"id":1`
    r"|[,;](?<=\S.)(?=[^\W\d_])"  # CSV and lists: `7,Jan Kowalski,Berlin`, `7;Maria;Schmidt`, `x;Maria`
    r"|;(?<=\S;)(?=[\"'])"  # `;` before a quoted cell: `"7";"Maria"`
    r"|@(?<![\w.@]@)(?=[A-Z][a-z]+ [A-Z][a-z])"  # a mention of a full name: `@Maria Schmidt`
    r"|(?:->|=>)(?<=\S..)(?=[A-Z][a-z])|→(?<=\S.)(?=[A-Z][a-z])"  # an arrow before a name: `assigned->Maria`
)
_STRUCTURE_PIPE = re.compile(r"\|(?<=[^\s|]\|)(?=[^\s|])")  # `Maria Schmidt|HR|Berlin`: both sides
# An element with text inside, its tags glued to it: `<name>Maria Schmidt</name>`, `<given>Maria</given>`.
_ELEMENT = re.compile(r"<([A-Za-z][\w.:-]{0,40})(?:\s[^<>]{0,200})?>([^<>\n]{1,300})</\1\s*>")
_STRUCTURE_HINT = re.compile(r"[:,;]\S|\S[,;|]|@[A-Z]|[>→]\S|</" f"|[{CJK_EDGE}]")  # (CJK text: cjk33)


def _structure(text: str) -> Iterator[tuple[int, int, str]]:
    points: set[int] = set()
    for m in _STRUCTURE_AFTER.finditer(text):
        points.add(m.end())
    for m in _STRUCTURE_PIPE.finditer(text):
        points.update((m.start(), m.end()))
    from proxy.nlp.sql31 import compact_points  # `'Dmitri Volkov','Chidi Okafor'`, `(1,'A'),(2,'B')` (sql31)

    points.update(compact_points(text))
    points.update(cjk_points(text))  # `请联系James Smith处理` reads `请联系 James Smith 处理` (cjk33)
    if "</" in text:
        for m in _ELEMENT.finditer(text):
            a, b = m.span(2)
            if not text[a].isspace():
                points.add(a)
            if not text[b - 1].isspace():
                points.add(b)
    yield from sorted({*((p, p, " ") for p in points), *cjk_joints(text)})  # `James・Smith先生` (cjk35)


def structure_spaced(view: View) -> View:
    """`view` with a space put beside the punctuation that structures data glued to a word (`_STRUCTURE_AFTER`,
    `_STRUCTURE_PIPE`, `_ELEMENT`), as one more layer mapped back to the original: what the PII analysis reads
    (`proxy.nlp.pii`), so that spaCy reads `{"name":"Maria Schmidt"}` as `{"name": "Maria Schmidt"}`."""
    from proxy.nlp.conc33 import dat_edits  # a load file's `þ` qualifiers as spaces (conc33, atk31 F19)

    dat = dat_edits(view.text)
    if not dat and not _STRUCTURE_HINT.search(view.text):
        return view
    new, layer = _apply(view.text, iter(sorted([*_structure(view.text), *dat])))
    return view if layer is None else View(new, view.original, (*view.layers, layer))
