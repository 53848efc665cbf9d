"""Output checks and restore over a streamed answer, one logical text (channel) at a time.

`feed(channel, fragment)` returns the text that can be shown now, `end(channel)` the rest. What is
held back, and why (the bound that time-to-first-token pays):
- With output `pii` or `patterns` rules, or `toxicity` with `stream_hold: sentence`, text is
  released in windows: at each sentence end (`.`, `!`, `?` then whitespace, or a newline), or,
  with no sentence end, once `hold_chars` (default 200) are pending, at the last word boundary not
  preceded by digits (a phone number or card is never split; where output `pii` screens PERSON, none within three
  words of a capitalised word: `proxy.nlp.strm42.term_open`, `Reed-Sternberg ` | `cells`), and never more than
  `2 × hold_chars` (400) characters. Each window is analysed whole, so a value split across chunks is still found, and
  with output `pii` a window never ends where a value may run on into the next chunk, the answer read as the
  model wrote it and, restored, as the client gets it (`_may_cut`: `617` then `<PHONE_NUMBER_1>`; `may_cut`: digit
  groups one a line wait however many line breaks, list markers or quotes stand between them, up to
  `_GAP_REACH` characters of them: `_gap_held`), with
  `patterns:` never inside a match that may still grow (`proxy.guard.checks.patterns.WindowCuts`:
  `project`, a line break, then `falcon`). At the cap all goes out but a tail (`_cap_cut`, 80 characters or
  `hold_chars`) cut where neither can cross, so a value or a match growing after a long run is read whole.
  Where the cap must release text a `patterns:` match may still cross (`project`, then line breaks past the
  cap, then `falcon`; `secret-[a-z]+-end` growing past it), what it releases is carried (`_next_carry`: the
  patterns view, separator runs folded, back to as many letters and digits as a match holds, `2 × hold_chars`
  at most) and read before the next windows: the rest of such a match never goes out (blocked from the
  window's start, or redacted), though its words before the cut did. A match of more than `2 × hold_chars`
  letters and digits (only an unbounded repeat over them makes one) may be missed in a stream.
  An HTML comment or a tag with attributes the checks read away (`proxy.nlp.normalize.markup_open`, 400
  characters inside at most: `project <span class="x` then `">falcon`) is never cut: at the cap the window ends
  before the word it follows, or holds (`_comment_cut`), so a window may then hold up to `2 × hold_chars` plus
  the comment or tag. Nor does a window end inside a number the view reads only whole (digit words after a label,
  CJK numerals, Korean digit words after a phone word: `proxy.nlp.normalize.number_open`, opened `OPEN_HOLD` (256)
  characters back at most; the cap still bounds what is held), nor inside an inline LaTeX math span or an element
  shown right to left not yet closed (`rendered_open`), as far back as the view reads one whole (`RENDERED_HOLD`,
  400 characters inside): at the cap the window ends before the word it follows, as for a comment (`_comment_cut`).
  A window that starts at a number is read after the end of what its field released too (`_in_context`): a value
  known by its context word or key only (`My phone is ` | `6175550143` + 400 spaces) is read with it.
  A window under a table column's header naming a phone number or an SSN is read after that header and its row's
  released part (`_under_heading`, `proxy.guard.headings`): a whole answer reads every row after its column's word;
  a JSON channel's strings are read so decoded, each a text of its own, as a whole answer's arguments are.
  A JSON channel (tool call arguments) is held whole up to `2 × hold_chars`, no sentence cuts, and its
  values are also read together (`{"a":5555,"b":5555,...}`: `proxy.guard.joined.sibling_joints`).
- `toxicity` with `stream_hold: none` holds nothing: each sentence is scored once it is complete
  and the stream stops after the first violating one.
- Restore (`input.pii.restore`) only holds a tail that can still become one of the request's
  placeholders (`<EMAIL_ADD`), so a placeholder split across chunks is restored whole, and a placeholder on a
  command line or in a JSON request part until its line or object ends (`proxy.guard.linehold`, bounded). On a channel
  fed with `in_json=True` (tool call arguments streamed as JSON fragments) each original goes in
  JSON-string-escaped, so the joined arguments stay valid JSON. No value goes into a URL (`proxy.guard.urls`):
  each field is read after what it released before (`_Channel.url_ctx`), and a group's fields that are no JSON
  also after what the group's texts released before, joined in arrival order (`_Group.url_ctx`: a URL opened in
  one Anthropic text block and going on in the next, atk11 A-H3).

The fields of one answer (`group`: a chat choice's content, refusal, reasoning and tool-call arguments;
an Anthropic answer's blocks) are one text to the checks, read in the order they arrive, as the client
reads them, but for fields of an index order (`field_order`: blocks, Responses parts, chat tool calls), read in
that order, a field held while an earlier one may still add text before it (`_order_cut`, issue 12, atk14 B-H1): their
fragments share one window (`_Group`), cut at sentence ends over the fields joined,
and each window's pieces (one per field) are analysed together, a value or phrase that crosses from one
field into the next found at the joint between them (`proxy.guard.joined`: only what crosses counts,
and a JSON field is read from its first string value to its last, keys and structure passed over; one that
is no JSON object or array, or that ended unterminated, as it is, as a whole answer reads it: `_JsonLex.raw`).
What is released goes back to each field (`feed` returns the fed field's own text, `take_spill` what
was released for the others, in order), so a value redacted across two fields is redacted in both,
and nothing of one field is released while what follows it in the answer is still held: a field that
ends keeps its tail (`end` with a group releases nothing) until the next field's window or the
answer's end (`end_group`). A blocking sentence stops the whole answer, every field after it.
Each field is also one text of its own, as the client joins it, whatever other fields' fragments came
between its pieces (content `project `, a tool call's `{"q":"x"}`, content `Osprey.`): a window reads each
field's pieces joined too (`_field_findings`), never ends inside a field's own text where a value or a
`patterns:` match of it may run on (`_field_cut`), and a field taken to its end while still open (not
`close_field`) carries what a match may run on from into its next piece (`_field_carries`).

Once a window is blocked, `blocked` is set, `feed` and `end` return "", and the caller ends the
stream (OpenAI `finish_reason: "content_filter"`, Anthropic `stop_reason: "refusal"`). A check that
cannot run mid-stream under `on_error: block` also ends it (a 503 can no longer be sent).
"""

from __future__ import annotations

import asyncio
import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from proxy.config.policy import Policy
from proxy.guard import docvalues, reply26
from proxy.guard.checks.base import Finding
from proxy.guard.checks.patterns import WindowCuts, match_reach
from proxy.guard.checks.pii import group_run_open, value_near
from proxy.guard.decision import GuardUnavailable, block_message, rank, strongest
from proxy.guard.fixed import NAME_CHECK, name_findings, name_record
from proxy.guard.headings import KEYED, NO_HEADING, Heading, JsonHeading, Under, closing, json_strings
from proxy.guard.hosts import url_afters
from proxy.guard.join27 import holds_open_breaks, open_break, scored_texts
from proxy.guard.joined import JSON, JSON_IN_STRING, json_string_state, json_view
from proxy.guard.keyed import list_open
from proxy.guard.linehold import FAIL_CLOSED, LineHold
from proxy.guard.out43 import stream_read  # the texts that end an answer in a reading (out43)
from proxy.guard.part29 import run_on
from proxy.guard.parts26 import label_open
from proxy.guard.rewrite import apply_findings, rewritten
from proxy.guard.rm33 import Card, card_only, droppable, dropped, rows_after, under
from proxy.guard.scopes import SENDING, TAIL, TOOL, answer_of, code_sends, inert, sends, tool_scope_of
from proxy.guard.sealed import SEALED
from proxy.guard.strm33 import after_lines, card_open, keep, name_open, names_out
from proxy.guard.tool26 import released as calls_released
from proxy.guard.tool26 import window as calls_window
from proxy.guard.urls import MARK, Before, url_context
from proxy.guard.vault import Vault, placeholder_prefix_at
from proxy.nlp.b6446 import grouped_open, grouped_run_at  # base64 in 4-character groups read whole (b6446)
from proxy.nlp.comma33 import comma_open  # (atk31 F7: `reports to Yoshida, ` then `Aiko`)
from proxy.nlp.enc40 import hex_open, hex_run_at, hex_texty  # a hex run read whole (enc41)
from proxy.nlp.enc41 import closing_open, jis_open  # a closing's line read with the name's line after it (enc41)
from proxy.nlp.enc42 import b64_open, b64_run_at  # a base64 run that may still be decoding to text read whole (enc42)
from proxy.nlp.enc44 import continued_open  # a line continuation read joined (enc44)
from proxy.nlp.esc39 import tie_open  # (atk38 F02: LaTeX ties)
from proxy.nlp.fixw37 import record_end, record_open  # NACHA records, payroll-like lines read whole (atk36 F20)
from proxy.nlp.fold31 import fold_open
from proxy.nlp.html44 import shortcode_open  # emoji shortcodes read whole (html44)
from proxy.nlp.join42 import parts_open  # values given in parts (join42)
from proxy.nlp.kana39 import kana_open  # (ja40: `ふりがな` then its line `やまだ たろう`)
from proxy.nlp.key46 import stream_open  # keyed records (key46)
from proxy.nlp.lft43 import aamva_open, url_open  # a base64url run, an AAMVA block read whole (lft43)
from proxy.nlp.mail40 import dot_open  # a spaced address's dot (atk40 F01)
from proxy.nlp.mime39 import qp_open  # (mime39: a cut inside a QP escape or one character's escapes)
from proxy.nlp.nato39 import nato_open  # a name spelled in code words read whole (atk38 F09)
from proxy.nlp.normalize import (
    MARKUP_CHARS,
    RENDERED_REACH,
    SPELLED_ATS,
    SPELLED_DOTS,
    markup_open,
    number_open,
    pattern_view,
    rendered_open,
    rendered_start,
)
from proxy.nlp.pat49 import table_open  # query-output tables read whole (pat49)
from proxy.nlp.rgx45 import escaped_open, escaped_run_at, literal_open  # (rgx45: literals over lines, escaped runs)
from proxy.nlp.spaced39 import spaced_open  # letter-spaced runs read whole (spaced39, atk38 F04)
from proxy.nlp.strm40 import as_in_open, speaker_open  # spelling runs, a first speaker label read whole (strm40)
from proxy.nlp.strm42 import term_open  # a capitalised word read with the words around it (strm42)
from proxy.nlp.tox41 import tox_open  # `a ` | `s t u p i d`, `i-d-` | `i-o-t` (tox41)
from proxy.nlp.tox42 import tox42_open  # `stu ` | `pid` (tox42)
from proxy.providers.base import SIGNED_REASONING
from proxy.stream.glue31 import field_reads

if TYPE_CHECKING:
    from proxy.guard.engine import Guard
    from proxy.providers.base import TextSlot

# (not after a court case's `v.`/`vs.`: `Marbury v. Madison` is read in one window, fp36; nor after an initial or
# a form of address: `Seen by Dr. K. Nakashima`, init38)
_SENTENCE_END = re.compile(r"(?<![ \t]v)(?<![ \t]vs)(?<![\s(\"'][A-Z])(?<!^[A-Z])(?<![\s(](?:Dr|Mr|Ms|Mx))"
                           r"(?<![\s(]Mrs)(?<![\s(]Prof)(?<!^Dr)(?<!^Mr)(?<!^Ms)[.!?…]+[\"')\]]*\s+|\n+")
_SAFE_SPACE = re.compile(r"(?<=[^\W\d_])[,;:]?\s+")  # whitespace after a word of letters
_LINE_END = re.compile(r"\n+")
_SPACE_RUN = re.compile(r"\s+")


_UNDECIDED = " ._/-\t\r\n:,+|;([{<"  # what may start a value's next group without telling yet whether it does
# An address spelled out (`jane at example dot com`, `[at]`, `(dot)`): a word of it begun after a cut, or ending
# what comes before it.
# (the words of other languages too: `punkt`, `punto`, `chiocciola`, `małpa`...: atk37 F15)
_SPELLED_WORDS = (*SPELLED_ATS, *SPELLED_DOTS)
_SPELLED_BEGUN = "|".join(sorted({w[:n] for w in _SPELLED_WORDS for n in range(1, len(w) + 1)}, key=len, reverse=True))
_SPELLED_NEXT = re.compile(rf"\s*[\[({{<]?\s*(?:{_SPELLED_BEGUN}|@|\.)?\s*(?:[\])}}>]|\s|$)", re.IGNORECASE)
_SPELLED_LAST = re.compile(rf"(?:^|\s)[\[({{<]?\s*(?:{'|'.join(_SPELLED_WORDS)}|@|\.)\s*[\])}}>]?\s*$", re.IGNORECASE)
_KNOWN_AFTER = 48  # characters `value_near` reads after a cut
# What may stand between a number's groups written one a line, however long the run: whitespace, blank lines,
# list markers, quotes, brackets and the separators the view folds (`617\n\n\n555`, `"617"\n"555"`,
# `617\n- 555`). A cut after digits and such a run waits while digits (or nothing yet) follow it.
_GROUP_GAP = " \t\r\n\f\v._/-:,+|;()[]*•·>\"'`“”‘’«»"
_DIGITS_AND_GAPS = "0123456789" + _GROUP_GAP
_CAP_KEEP = 80  # what the cap holds back at least: a number with its separators, an e-mail's local part
_CAP_TRIES = 64  # cuts tried at the cap, after whitespace, then anywhere (bounded work per chunk)
_WORD_BACK = 320  # at the cap, a cut inside a word moves back to its start within this reach (an e-mail, a URL)
# How far back a run of them is read, and how long a run after digit groups is held (the window's cap is shorter:
# 400 at most). Kept at 2,048: a stream whose run passes the bound costs CPU in proportion to it (8,192: 4-6 times
# more, `bench/stream_gap.py`); a value split by a longer run is found in whole answers only (README).
_GAP_REACH = 2048
# The carry (`OutputWindows._next_carry`): a run of more separators than this is read as its first and last 4.
_CARRY_FOLD = re.compile(r"[\W_]{9,}")
# What a field released last, read again before its next window when that window starts at a number (`_in_context`):
# a value known only by its context word or key (`My phone is ` | `6175550143`, `{"phone": ` | `"6175550143"`, `ssn`
# + 450 line breaks | `536904399`) is read with it, as a whole answer reads it (atk14 B H5). The last `_CONTEXT_KEEP`
# characters, each whitespace run of 3 or more read as its first and last character (bounded, whatever the layout).
_CONTEXT_KEEP = 64
_CONTEXT_FOLD = re.compile(r"\s{3,}")
# A window whose first words (up to two, after layout, quotes and brackets) lead to a digit: a number its context
# word may have gone before.
_NUMBER_FIRST = re.compile(r"[\W_]*(?:[^\W\d_]+[\W_]+){0,2}?\d")
_LAST_WORD = re.compile(r"\S*\Z")  # the word a text ends with (`OutputWindows._comment_cut`)
# A quoted-printable soft break (`=` then a line break, after a character that is no space nor `=`) that a text ends
# in or inside (`exam=`, `exam=\r`, `exam=\n`), and what may still make it one after a cut: nothing known yet, the
# rest of its line break, or a character that is no space (`proxy.nlp.normalize._quoted_printable`).
_SOFT_BREAK_OPEN = re.compile(r"[^\s=]=(?:\r?\n|\r)?\Z")
_SOFT_BREAK_ON = re.compile(r"\Z|\r?\n?(?:\Z|\S)")


_MARKED: tuple[str, bool] = ("", False)


def _marked(text: str) -> bool:
    """Whether `text` holds a character markup starts with (`MARKUP_CHARS`), read once per text: a window's cuts
    are tried one after another on the same text."""
    global _MARKED
    memo = _MARKED
    if memo[0] is not text:
        memo = _MARKED = (text, MARKUP_CHARS.search(text) is not None)
    return memo[1]


def may_cut(text: str, cut: int, after_word: bool = False) -> bool:
    """Whether a window may end at `cut` of the pending `text` (output PII rules): no value (a number's
    next group, an e-mail, an `[at]` or spelled-out address) can run across it. The text after the cut,
    as far as it is known, decides, by the rule the request's joints use (`proxy.guard.checks.pii.
    value_near`); while nothing but separators is known after it, a cut after digits waits for the next
    chunk (`card 4111 1111.` then ` 1111 1111`; `617`, a newline, `555`). `after_word`: a cut at a space
    after a word (a long window without a sentence end) also waits, until 48 characters after it are known,
    while an address spelled out may run across it (`jane ` then `at example dot com`, `jane at ` then
    `example`)."""
    left, right = text[max(0, cut - 4 * _KNOWN_AFTER):cut], text[cut:cut + 4 * _KNOWN_AFTER]
    if _marked(text) and markup_open(text[:cut]) >= 0:
        return False  # inside an HTML comment, however far back it opened (`617-<!-- 300 characters`), or a tag
        # (or a terminal escape sequence, a right-to-left override, an empty Markdown link: `617-\x1b[0`)
    lo = max(0, cut - RENDERED_REACH)
    if number_open(text, cut, right) or (
            _rendered_chars(text, lo, cut) and rendered_open(text[lo:cut])):
        return False  # inside a number the view reads only whole (`六一七 五五五`, `call six one seven`, then the
        # rest), an inline math span or an element shown reversed not yet closed (`$\text{jane.doe}`, `<bdo dir=rtl>`)
    if continued_open(text, cut) or literal_open(text, cut) or escaped_open(text, cut):
        return False  # at a line continuation (`617-555-^` | `\n0143`: enc44), a literal's line end, in a run of
        # `\xHH` escapes (rgx45)
    if fold_open(text, cut) or comma_open(text, cut) or tie_open(text, cut) or nato_open(text, cut) \
            or shortcode_open(text, cut):  # (html44)
        return False  # in an iCalendar/vCard fold, or the word one may continue (a line break then a space: fold31),
        # or beside a LaTeX tie (`+44~7911` then `~482913`: esc39), or in a run of code words (`November Alfa Kilo`
        # then ` Alfa Sierra`: nato39)
    if spaced_open(text, cut) or as_in_open(text, cut) or speaker_open(text, cut) or hex_open(text, cut):
        return False  # inside a letter-spaced run that may go on (`e u g e n i a .` | ` w h i t a k e r @`: spaced39),
        # a spelling run (`S as in Sierra. ` | `M as in Mike.`) or after a first speaker label alone on its line
        # (strm40); inside a run of hex pairs (`4a616e65` | `20446f65`, `4a 61 ` | `6e 65`: enc41)
    if b64_open(text, cut) or url_open(text, cut) or aamva_open(text, cut) or grouped_open(text, cut):  # (b6446)
        return False  # inside a base64 run that may still decode to text (`am9obi5zbWl0` | `aEBhY21l`: enc42; a
        # base64url run or an AAMVA barcode block: lft43)
    if parts_open(text, cut):
        return False  # a value given in parts may run across (`@fastmail.` + a line break, `card starts with 4539 ...`)
    if text[max(0, cut - _GAP_REACH):cut].rstrip(_GROUP_GAP)[-1:].isdigit() \
            and (not right.lstrip(_GROUP_GAP) or right.lstrip(_GROUP_GAP)[:1].isdigit()):
        return False  # digits, any run of line breaks, list markers or quotes, then digits (or not known yet)
    if "=" in left[-3:] and _SOFT_BREAK_OPEN.search(left, max(0, len(left) - 4)) and _SOFT_BREAK_ON.match(right):
        return False  # inside a quoted-printable soft break, or right after one (`jane.doe@exam=` then `\nple.com`,
        # `617-555-=\n` then `0143`): the view reads the break away only with what follows it (atk10 B-H2)
    if "=" in left[-10:] and jis_open(text, cut):
        return False  # between two JIS runs of an ISO-2022-JP body a space apart (`=1B(B ` | `=1B$B`: enc41)
    if "=" in left[-3:] and qp_open(left, right):
        return False  # inside a quoted-printable escape or one UTF-8 character's escapes (`=EF=B` + `C=90`: mime39)
    if after_word and len(text) - cut < _KNOWN_AFTER and (
            not right.strip() or _SPELLED_NEXT.match(right) or _SPELLED_LAST.search(left[-12:])):
        return False
    if len(text) - cut < _KNOWN_AFTER and dot_open(left, right):
        return False  # after an address's spaced dot (`chinedu . ` then `okafor @ lagosmed . ng`: mail40)
    if len(text) - cut < _KNOWN_AFTER and group_run_open(left, text[cut:]):
        return False  # groups kept apart by one separator run on to the end of what is known (`card 4111 and ` +
        # `1111 and`): the next groups may make a value of them (atk8 B H1)
    if not right.strip(_UNDECIDED):
        return not value_near(left, "0")
    return not value_near(left, right)


# The text `_rendered_chars` read last (a window's cuts are tried one after the other in one text) and where in it the
# characters `rendered_open` needs are.
_MARKS: list[Any] = [None, []]
_RENDERED_MARK = re.compile(r"[$<]|\\\(")


def _rendered_chars(text: str, lo: int, hi: int) -> bool:
    """What `rendered_open` needs in text[lo:hi]: a `$`, a `<` or a `\\(` (a cheap test before it)."""
    if _MARKS[0] is not text:
        _MARKS[0], _MARKS[1] = text, [m.start() for m in _RENDERED_MARK.finditer(text)]
    marks = _MARKS[1]
    k = bisect.bisect_left(marks, lo)
    return k < len(marks) and marks[k] < hi


def _gap_held(text: str, hold_chars: int) -> bool:
    """Whether `text` is digit groups and layout only (`617` then 10,000 line breaks, `4111` + spaces), ending in
    layout shorter than the bound (`_GAP_REACH`): no window can end there until digits or words follow (`may_cut`
    and the cap's hold say the same), decided here in time linear in the text instead of per cut tried."""
    if len(text) < 2 * _CAP_KEEP or len(text) + hold_chars >= 2 * _GAP_REACH or text.strip(_DIGITS_AND_GAPS):
        return False
    body = text.rstrip(_GROUP_GAP)
    return body[-1:].isdigit() and len(text) - len(body) + min(hold_chars, _CAP_KEEP) + 1 < _GAP_REACH


def sentence_cut(text: str) -> int:
    """End of the last complete sentence in `text` (0 if none)."""
    cut = 0
    for m in _SENTENCE_END.finditer(text):
        cut = m.end()
    return cut


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, the trailing whitespace included; blank ones left out."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


_PARTIAL_END = re.compile(r"[\w.\-]+\Z")  # a word or host that the next piece may go on
_SCOPE_ENDS = re.compile(r"[`~>\n\r]")  # a code scope's end: a backtick or fence, an end tag, a command run's line


@dataclass
class _Channel:
    pending: str = ""      # received, not yet released
    group: str = ""        # the answer it is a field of (`feed`'s `group`), "" for none
    unscored: str = ""     # released, not yet scored (toxicity with stream_hold: none)
    in_json: bool = False  # the fragments form a JSON document (tool call arguments)
    lex: _JsonLex | None = None  # where a JSON channel's text is, as received so far
    json_inside: bool = False  # in_json: `pending` starts inside a JSON string
    data: bool = False     # an id or a name screened as data (`TextSlot.prose` False): no toxicity, no bias
    carry: str = ""        # released text a `patterns:` match may still run on from (`OutputWindows._next_carry`)
    closed: bool = False   # a field of a group that ended (`OutputWindows.close_field`): no more text comes
    url_ctx: str = ""      # restore: what of the released text tells whether a URL is open (`proxy.guard.urls`)
    whole_url: bool = False  # a URL field (a citation's `url`): a URL from its first character
    context: str = ""      # output pii: the end of what was released, layout folded (`_in_context`)
    heading: Heading = field(default_factory=Heading)  # output pii: the table header it released (`_under_heading`)
    released33: str = ""   # output pii: its last released lines, raw (`proxy.guard.strm33`)
    json_heading: JsonHeading = field(default_factory=JsonHeading)  # the same in a JSON channel's strings
    card: Card = field(default_factory=Card)  # output pii: the vCard it released still open (rm33)
    lines: LineHold | None = None  # restore: the open line or object of what was released (`_line_cut`)
    dest: bool = False     # tool: what it released names a network destination (`proxy.guard.scopes`)
    carries: bool = False  # tool: what it released is more than URLs (`proxy.guard.scopes.inert`)
    kind: str = ""         # the field's kind (`TextSlot.kind`: text, reasoning), when told (`field_kind`)

    scope: bool = False    # a tool call's text (`proxy.guard.scopes.tool_scope_of`), told by `field_kind`

    @property
    def tool(self) -> bool:
        """A tool call's text: one scope for restore (`OutputWindows.field_kind`)."""
        return self.kind == "tool_arguments" or self.scope


class _JsonLex:
    """Reads a JSON document as it streams: where the contents of its string VALUES are (keys and
    structure are not text of the answer's reading order), and whether the text can still be a JSON object
    or array (`raw`). Resumable fragment by fragment."""

    __slots__ = ("esc", "expect_key", "in_str", "is_key", "raw", "stack", "started")

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.in_str = self.esc = self.is_key = False
        self.expect_key = False
        # A whole answer reads arguments that do not decode to an object or an array as they are, one text joined
        # directly with its neighbours (`proxy.guard.phases.decoded`, `proxy.providers.inventory.json_text_slots`):
        # `raw` once what came cannot be such a document (it does not start with `{` or `[`, a character outside
        # a string that no JSON has there, text after the document's end, a bracket that closes nothing, a control
        # character or an unknown escape in a string). A light check, not a parser: what it lets pass as JSON
        # keeps its structure and keys passed over (`_Piece.parts`), which a document's edges (`{`, `}`) are anyway.
        self.raw = self.started = False

    @property
    def open(self) -> bool:
        """The document is not complete: a string or a bracket still open (or nothing but whitespace came)."""
        return self.in_str or bool(self.stack) or not self.started

    def scan(self, text: str, base: int, spans: list[list[int]]) -> None:
        """Add the value-string contents of `text` (at `base` in its piece) to `spans`, merged."""
        start = base if self.in_str and not self.is_key else -1
        i, n = 0, len(text)
        while i < n:
            if self.in_str:
                if self.esc:
                    self.esc = False
                    if text[i] not in _JSON_ESCAPES:
                        self.raw = True
                    i += 1
                    continue
                m = _STRING_STOP.search(text, i)  # to the string's next quote, backslash or control character
                if m is None:
                    break
                i = m.start()
                ch = text[i]
                if ch == "\\":
                    self.esc = True
                elif ch == '"':
                    self.in_str = False
                    if start >= 0:
                        _add_span(spans, start, base + i)
                        start = -1
                else:
                    self.raw = True  # `json` refuses a control character in a string
                i += 1
                continue
            ch = text[i]
            i += 1
            if ch in _JSON_SPACE:
                continue
            if not self.started:
                self.started = True
                if ch not in "{[":
                    self.raw = True  # a string, a number or text: no object, no array
            elif not self.stack:
                self.raw = True  # more after the document's end
            if ch == '"':
                self.in_str = True
                self.is_key = bool(self.stack) and self.stack[-1] == "{" and self.expect_key
                if not self.is_key:
                    start = base + i
            elif ch in "{[":
                self.stack.append(ch)
                self.expect_key = ch == "{"
            elif ch in "}]":
                if not self.stack or self.stack[-1] != ("{" if ch == "}" else "["):
                    self.raw = True
                if self.stack:
                    self.stack.pop()
                self.expect_key = False
            elif ch == ",":
                self.expect_key = bool(self.stack) and self.stack[-1] == "{"
            elif ch == ":":
                self.expect_key = False
            elif ch not in _JSON_BARE:
                self.raw = True  # no JSON has it outside a string (`{"to": jane.doe@...}`)
        if start >= 0:
            _add_span(spans, start, base + len(text))


_STRING_STOP = re.compile(r'["\\\x00-\x1f]')
_JSON_SPACE = frozenset(" \t\r\n")  # what `json` reads as whitespace
_JSON_ESCAPES = frozenset('"\\/bfnrtu')
# The characters of numbers and literals (`true`, `false`, `null`; `NaN`, `Infinity`, which `json` reads too).
_JSON_BARE = frozenset("0123456789+-.eEtrufalsnNIiy")


def _add_span(spans: list[list[int]], start: int, end: int) -> None:
    if spans and spans[-1][1] == start:
        spans[-1][1] = end
    elif end > start:
        spans.append([start, end])

_DIGITS = re.compile(r"\d+")  # a channel's indexes (`block:2`, `choice:0:...`): its kind without them
# The streamed fields a client joins into one text, one after the other (`OutputWindows._run_on`): Anthropic blocks,
# Responses message parts, a reasoning item's summaries or its text (`proxy.guard.phases.heading_runs`).
_JOINED_FIELD = re.compile(r"block:\d+|output:\d+:(?:content|summary|reasoning):\d+")

@dataclass
class _Piece:
    """One field's text inside a group's window."""

    channel: str
    text: str = ""
    in_json: bool = False
    spans: list[list[int]] = field(default_factory=list)  # JSON: value-string contents, in this piece
    # moved after other fields' text (`OutputWindows._park_value_tail`): read alone beside them, its field's
    # pieces joined (`_field_findings`), never glued to the text the move put before it
    parked: bool = False

    def split(self, at: int) -> _Piece:
        """The first `at` characters as a piece; this one keeps the rest."""
        head = _Piece(self.channel, self.text[:at], self.in_json,
                      [[a, min(b, at)] for a, b in self.spans if a < at], self.parked)
        self.text = self.text[at:]
        self.spans = [[max(a, at) - at, b - at] for a, b in self.spans if b > at]
        return head

    def parts(self, raw: bool = False) -> list[tuple[int, int, bool | None]]:
        """How the checks read this piece beside the others: (start, end, joined) runs. A JSON piece
        from its first string value to its last (structure and keys before and after: passed over); one
        whose channel is no JSON object or array (`raw`: `_JsonLex.raw`) as it is, as a whole answer reads it."""
        if not self.in_json or raw:
            return [(0, len(self.text), True)]
        if not self.spans:
            return [(0, len(self.text), None)]
        lo, hi = self.spans[0][0], self.spans[-1][1]
        return [(0, lo, None), (lo, hi, True), (hi, len(self.text), None)]


@dataclass
class _Group:
    pieces: list[_Piece] = field(default_factory=list)  # received, not yet released, in arrival order
    carry: str = ""  # as `_Channel.carry`, for the group's window
    url_ctx: str = ""  # restore: `_Channel.url_ctx` of the group's texts (no JSON field) joined in arrival order
    # Output pii: the fields a client joins into one text (`_run_on`): each run's last field so far, by its family
    # (the channel without its indexes) and kind, and the fields that released text.
    runs: dict[tuple[str, str], str] = field(default_factory=dict)
    begun: set[str] = field(default_factory=set)
    name: str = ""  # the answer (`proxy.stream.channels`: a chat choice, or all of it)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


class FieldPlaces(Protocol):
    """The index order of an answer's fields (`proxy.stream.order.FieldOrder`)."""

    def precedes(self, first: str, then: str) -> bool: ...

    def behind(self, channel: str) -> bool: ...


class OutputWindows:
    """Incremental output phase for one streamed answer. Not shared between requests."""

    def __init__(self, guard: Guard, policy: Policy, vault: Vault, hold_chars: int = 200) -> None:
        rules = policy.output
        self.guard, self.policy, self.vault = guard, policy, vault
        self.hold_chars = max(20, hold_chars)
        self.restore: Vault | None = vault if policy.input.pii is not None and policy.input.pii.restore else None
        tox = rules.toxicity
        self.score_after = tox is not None and tox.stream_hold == "none"
        scored = tox is not None or rules.bias is not None
        # The checks that look for data (values, patterns, secrets): all that reads an id or a name.
        self.reads_data = rules.pii is not None or rules.secrets is not None or bool(rules.patterns)
        self.windowed = self.reads_data or (scored and not self.score_after)
        self._open_breaks = holds_open_breaks(tox, rules.bias, self.score_after)  # (join27)
        # `patterns:` rules: a window never ends inside one of their matches that may still grow (`WindowCuts`).
        self._regexes = tuple(r.regex for r in rules.patterns)
        # The letters and digits of released text the carry keeps: as many as a match can hold (and 8 before it,
        # for `\b` and look-behinds), `2 × hold_chars` for a rule with no bound (`secret-[a-z]+-end`).
        reach = match_reach(self._regexes) if self._regexes else 0
        self._carry_keep = min(2 * self.hold_chars, int(reach) + 8) if reach != float("inf") else 2 * self.hold_chars
        self._unclean = False  # the last cut (`_cut`) may be crossed by a `patterns:` match
        self._names33 = names_out(self)  # output pii screens PERSON: no cut after a record's given name (strm33)
        # (text, its restored text, each restored value's (start, end) in the text and in it): `_may_cut`'s last read
        self._restored: tuple[str, str, list[tuple[int, int, int, int]]] | None = None
        # The fields of a group's last window (`_field_cut`): cut by the cap, or taken to their end while open.
        self._forced: set[str] = set()
        self._tails: set[str] = set()
        self.blocked = False
        self.block_check: str | None = None
        self.block_kind: str | None = None  # entity type, pattern name or label that blocked
        self.error: str | None = None
        self._channels: dict[str, _Channel] = {}
        self._groups: dict[str, _Group] = {}
        self._spill: list[tuple[str, str]] = []  # released for other fields than the one fed
        # The index order of a group's fields as the client joins them (`proxy.stream.order.FieldOrder`), if any.
        self.field_order: FieldPlaces | None = None
        self._records: dict[str, dict[str, Any]] = {}
        self._actions: list[str] = []
        # restore: the tool calls an event's whole fields showed to send (`proxy.guard.phases.destination_scopes`): a
        # later event repeating some of their fields (a `response.completed`'s `env` map) reads them as such
        self._sending: set[str] = set()

    # ---- public

    async def feed(self, channel: str, fragment: str, in_json: bool = False, group: str | None = None, *,
                   data: bool = False, url: bool = False) -> str:
        """Release what can be shown of `channel` after `fragment`; `in_json`: the channel's text is a
        JSON document, originals are restored into it JSON-string-escaped. `group`: the answer the
        channel is a field of (see the module's docstring); what is released for its other fields
        waits in `take_spill()`. `data`: the channel is an id or a name screened as data (not in a
        group): only the checks that look for data read it, never toxicity or bias (`TextSlot.prose`). `url`:
        the channel is a URL field (not in a group: `proxy.guard.urls.url_key`), restored only where the client
        sent that URL."""
        if self.blocked:
            return ""
        ch = self._channels.setdefault(channel, _Channel())
        ch.whole_url = ch.whole_url or (url and group is None)
        ch.in_json = ch.in_json or in_json
        ch.data = ch.data or (data and group is None)
        if group is not None:
            return await self._feed_group(group, channel, ch, fragment)
        ch.pending += fragment
        cut, carry = len(ch.pending), ch.carry
        if self.windowed:
            cut = self._json_cut(ch.pending, carry) if ch.in_json else self._cut(ch.pending, carry)
        if self.restore is not None and self.vault:
            cut = placeholder_prefix_at(ch.pending[:cut], self.vault)
            cut = self._line_cut(ch, ch.pending[:max(cut, 0)], kept="@" + self._answer(channel, ch) in self._sending)
        if self.policy.output.pii is not None and not (ch.in_json or ch.data):
            cut = reply26.hold(channel, fragment, cut)  # a short answer held whole (atk25 F07)
        if cut <= 0:
            return ""
        segment, ch.pending = ch.pending[:cut], ch.pending[cut:]
        if ch.lines is not None:
            ch.lines.advance(segment)
        ch.carry = self._next_carry(carry, segment)
        return await self._release(ch, segment, final=False, carry=carry, name=self._answer(channel, ch))

    async def end(self, channel: str, group: str | None = None) -> str:
        """The rest of `channel`. A field of a group keeps its tail: it goes with the next field's first
        window or the answer's end (`end_group`)."""
        if self.blocked or group is not None:
            return ""
        ch = self._channels.setdefault(channel, _Channel())
        (segment, ch.pending), (carry, ch.carry) = (ch.pending, ""), (ch.carry, "")
        out = await self._release(ch, segment, final=True, carry=carry, name=self._answer(channel, ch)) \
            if segment or ch.unscored else ""
        return out

    @staticmethod
    def _answer(channel: str, ch: _Channel) -> str:
        """The answer a field of no group is a text of (`proxy.guard.scopes.answer_of`; "": an id, a name or a URL
        field, no code in it)."""
        return "" if ch.data or ch.whole_url else answer_of(channel)

    async def end_group(self, group: str) -> list[tuple[str, str]]:
        """The answer `group` ended: the rest of its fields, (channel, text) in order."""
        g = self._groups.pop(group, None)
        if self.blocked or g is None or not g.pieces:
            return []
        fields = {p.channel: self._channels[p.channel].carry for p in g.pieces}
        for channel in fields:
            self._channels[channel].carry = ""
        return await self._release_pieces(g.pieces, final=True, carry=g.carry, fields=fields, group=g)

    def _scope_before(self, ch: _Channel, ctx: str, text: str) -> str:
        """What restore reads `text` after for `ch`: its URL context `ctx`; a tool call's, marked as one scope
        (`proxy.guard.scopes.TOOL`, `MARK` once what it released named a destination), which `text` moves on."""
        if ch.kind == SIGNED_REASONING:  # a text a signature covers: nothing restored (`proxy.guard.sealed`)
            return SEALED
        if not ch.tool:
            return ctx
        before = TOOL + (MARK if ch.dest else "") + ctx
        # (decided on what is complete: a host cut at the piece's end, `p.ht` of `p.html`, is read with the next)
        ch.dest = ch.dest or sends(_PARTIAL_END.sub("", ctx + text))
        return before

    def close_field(self, channel: str) -> None:
        """A field of a group ended (an Anthropic block's `content_block_stop`, a Responses part's `.done`, a chat
        tool call followed by the next): its text may go out to its end (`_field_cut`). Restore: its code scopes
        ended with it, and one that sends makes its answer send at once (atk23 H1: a run of command lines ending the
        field was read as open, and a later field of the answer using what it sends went out restored)."""
        ch = self._channels.setdefault(channel, _Channel())
        ch.closed = True
        if self.restore is not None and self.restore and ch.group and not ch.tool and not ch.in_json:
            self._answer_sends(ch.group, [(ch, "")])

    def field_kind(self, channel: str, kind: str) -> None:
        """The kind of a field (`TextSlot.kind`: `text`, `reasoning`, `tool_arguments`): an Anthropic text block and a
        thinking block share their channels' family (`block:N`), and a client never joins them into one text
        (`_run_on`); a tool call's arguments or input are one scope for restore, which writes no value into them once
        they send (`proxy.guard.scopes`), a placeholder held until they end (`proxy.guard.linehold`; scopes16)."""
        ch = self._channels.setdefault(channel, _Channel())
        ch.kind, ch.scope = kind, tool_scope_of(channel, kind) is not None

    def take_spill(self) -> list[tuple[str, str]]:
        """Text released for fields other than the one fed, (channel, text) in order, since the last call."""
        out, self._spill = self._spill, []
        return out

    @property
    def held(self) -> dict[str, int]:
        """Characters held back per channel right now."""
        out = {name: len(ch.pending) for name, ch in self._channels.items()}
        for g in self._groups.values():
            for p in g.pieces:
                out[p.channel] = out.get(p.channel, 0) + len(p.text)
        return out

    def held_in(self, channel: str) -> int:
        """Characters of `channel` held back right now."""
        ch = self._channels.get(channel)
        return (len(ch.pending) if ch is not None else 0) + sum(
            len(p.text) for g in self._groups.values() for p in g.pieces if p.channel == channel)

    def records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._records.values()]

    @property
    def decision(self) -> str:
        enforce = strongest(self._actions)
        if self.policy.monitor:
            return "flag" if enforce != "allow" else "allow"
        return enforce

    @property
    def would_decision(self) -> str | None:
        if not self.policy.monitor:
            return None
        return strongest(self._actions)

    @property
    def block_reason(self) -> str | None:
        if not self.blocked or not self.block_check:
            return None
        return block_message(self.policy.name, self.block_check, self.block_kind)

    def screen_names(self, names: list[str]) -> set[str]:
        """`patterns:` output rules on the ids and names of a stream event (`proxy.providers.answers.answer_names`,
        `proxy.guard.fixed`): recorded; a rule that redacts or blocks blocks the stream (an id cannot be
        rewritten). Returns the names to withhold (none in monitor mode, which records `would_block`)."""
        findings, action, matched = name_findings(self.policy.output.patterns, names)
        if not findings:
            return set()
        self._merge([name_record("output", findings, action, self.policy.monitor)])
        self._actions.append(action)
        if action != "block" or self.policy.monitor:
            return set()
        if not self.blocked:
            self.blocked, self.block_check, self.block_kind = True, NAME_CHECK, next(iter(sorted(findings)))
        return matched

    @stream_read  # (out43: an event's whole fields, read while the stream goes on, end no answer)
    async def screen_fields(self, slots: Sequence[TextSlot]) -> list[int]:
        """Whole texts and fields of one stream event (a `response.completed`'s `metadata`, its items' texts,
        a chunk's unknown fields) read together exactly as the same JSON in a whole answer is
        (`proxy.guard.phases.screen_answer`: its documents, keyed readings and joins: `{"project": "falcon"}`,
        `{"a": "jane.doe@exa", "b": "mple.com"}`). Changed texts are written back; returns the indices of
        `slots` withheld (a finding that blocks blocks the stream)."""
        from proxy.guard.phases import screen_answer  # phases imports the engine, which imports this module

        if self.blocked or not slots:
            return []
        try:
            out = await screen_answer(self.guard, self.policy, slots, None, vault=self.vault, sending=self._sending)
        except GuardUnavailable as exc:
            self._merge(exc.records)
            self.blocked, self.block_check, self.error = True, exc.check, exc.reason
            return list(range(len(slots)))
        self._merge(out.records)
        self._actions.append(out.would_decision or out.decision)
        if out.block_check is not None and not self.policy.monitor and not self.blocked:
            kind = next((next(iter(r["findings"]), None) for r in out.records
                         if r.get("check") == out.block_check and r.get("findings")), None)
            self.blocked, self.block_check, self.block_kind = True, out.block_check, kind
        return out.blocked

    # ---- internals

    async def _feed_group(self, group: str, channel: str, ch: _Channel, fragment: str) -> str:
        ch.group = group
        g = self._groups.get(group)
        if g is None:
            g = self._groups[group] = _Group(name=group)
        if not fragment and g.pieces and g.pieces[-1].channel != channel:
            # An empty fragment of another field (`"content": ""` beside each piece of a tool call) adds nothing:
            # no piece of its own, which would cut the field before it in two (read apart: a list of numbers
            # became phone numbers at the cuts). Nothing more is released: the window's text did not change.
            return ""
        self._park_held(g)
        piece = self._piece_for(g, channel, ch)
        self._park_value_tail(g, piece, fragment)
        if ch.in_json:
            if ch.lex is None:
                ch.lex = _JsonLex()
            ch.lex.scan(fragment, len(piece.text), piece.spans)
        piece.text += fragment
        whole = g.text
        cut = self._cut(whole, g.carry) if self.windowed else len(whole)
        start = self._offset(g, piece)
        cut = self._order_cut(g, cut)
        if self.windowed and piece.in_json and cut > start:
            # Tool call arguments are held whole up to 2 x hold_chars, so the values of one object are
            # read together (`proxy.guard.joined.sibling_joints`); longer, they go in such windows.
            cut = start + self._json_cut(piece.text, g.carry if start == 0 else "")
            if start:  # read without the fields before it: a match may cross the cut (`_next_carry`)
                self._unclean = bool(self._regexes)
        if self.windowed and cut > 0:
            cut = self._field_cut(g, cut)
        if self.restore is not None and self.vault:
            cut = self._placeholder_cut(g, placeholder_prefix_at(whole[:cut], self.vault))
            cut = self._group_line_cut(g, cut)
        if self.policy.output.pii is not None and not piece.in_json:
            cut = reply26.hold(channel, fragment, cut, start)  # a short answer held whole (atk25 F07)
        if cut <= 0:
            return ""
        taken: list[_Piece] = []
        while cut > 0 and g.pieces:
            first = g.pieces[0]
            if len(first.text) <= cut:
                taken.append(g.pieces.pop(0))
                cut -= len(first.text)
            else:
                taken.append(first.split(cut))
                cut = 0
        for p in taken:
            lines = self._channels[p.channel].lines
            if lines is not None:
                lines.advance(p.text)
        carry, g.carry = g.carry, self._next_carry(g.carry, "".join(p.text for p in taken))
        fields = self._field_carries(taken)
        released = await self._release_pieces(taken, final=False, carry=carry, fields=fields, group=g)
        if released and released[-1][0] == channel:
            self._spill.extend(released[:-1])
            return released[-1][1]
        self._spill.extend(released)
        return ""

    def _piece_for(self, g: _Group, channel: str, ch: _Channel) -> _Piece:
        """The piece a fragment of `channel` goes in: the group's last, or a new one after it; with a field order
        (`field_order`), before the held pieces of the fields the client puts after it (issue 12, atk14 B-H1:
        block 1's `Falcon launches Monday.` held, then block 0's `Status of Project ` is read before it)."""
        order = self.field_order
        at = len(g.pieces)
        if order is not None:
            at = next((k for k, p in enumerate(g.pieces) if order.precedes(channel, p.channel)), at)
        if at == len(g.pieces):
            # No field the client puts after it is held: its text joins its own held piece, whatever other fields'
            # pieces came after that one (a chat choice's content, a refusal, a tool call, then content: atk16 B M2,
            # M3): the field is one text, read and restored so (`Hi <EMAIL_` | refusal | `ADDRESS_1>.`), and the
            # others are not read between its two halves (`dana.kerr@exa` | `{"q":"weather"}` | `mple.org`).
            own = next((p for p in reversed(g.pieces) if p.channel == channel), None)
            if own is not None:
                return own
        if at and g.pieces[at - 1].channel == channel:
            return g.pieces[at - 1]
        piece = _Piece(channel, "", ch.in_json)
        g.pieces.insert(at, piece)
        return piece

    def _placeholder_cut(self, g: _Group, cut: int) -> int:
        """Restore: a window ends before what each open field holds of its own text (`placeholder_prefix_at`): a
        placeholder still arriving, or a whole one the field's next piece may make a hostname's label. Another
        field's text after it does not show that (atk16 B H2: `dig <EMAIL_ADDRESS_1>`, a refusal, then
        `.collector.example` was restored into the host)."""
        pos, own_texts = 0, dict[str, str]()  # field -> its text in the window up to the cut
        runs: dict[str, list[tuple[int, int]]] = {}  # field -> (start in the window, start in the field)
        for p in g.pieces:
            if pos >= cut:
                break
            at = runs.setdefault(p.channel, [])
            at.append((pos, len(own_texts.get(p.channel, ""))))
            own_texts[p.channel] = own_texts.get(p.channel, "") + p.text[:cut - pos]
            pos += len(p.text)
        if len(runs) < 2:
            return cut  # one field: the window's own text was read so already
        for channel, text in own_texts.items():
            if self._channels[channel].closed:
                continue  # its text ended: nothing of it may still come (`close_field`)
            held = placeholder_prefix_at(text, self.vault)
            if held < len(text):
                start, off = next((s, o) for s, o in reversed(runs[channel]) if o <= held)
                cut = min(cut, start + held - off)
        return cut

    def _open_fields(self, g: _Group) -> Iterator[tuple[str, int]]:
        """Each field of `g` not closed, with the index of its last piece, read when the loop reaches it (the caller
        may move pieces meanwhile: `_park_held`, `_park_value_tail`)."""
        for channel in dict.fromkeys(p.channel for p in g.pieces):
            if not self._channels[channel].closed:
                yield channel, max(i for i, p in enumerate(g.pieces) if p.channel == channel)

    def _park_held(self, g: _Group) -> None:
        """Restore: a field's held placeholder tail (`_placeholder_cut`) with `2 × hold_chars` or more of other fields'
        text after it moves after that text, still held: the others go out, it waits for its own field's next piece
        (a placeholder at the content's end does not hold a long tool call or refusal until the answer's end). Never
        past a field the client puts after it (`field_order`)."""
        if self.restore is None or not self.vault or len(g.pieces) < 2:
            return
        order = self.field_order
        for channel, k in self._open_fields(g):
            own = "".join(p.text for p in g.pieces if p.channel == channel)
            last, held = g.pieces[k], placeholder_prefix_at(own, self.vault)
            at = len(last.text) - (len(own) - held)  # where the held tail starts in the field's last piece
            after = g.pieces[k + 1:]
            if held >= len(own) or at < 0 or sum(len(p.text) for p in after) < 2 * self.hold_chars \
                    or (order is not None and any(order.precedes(channel, p.channel) for p in after)):
                continue
            head = last.split(at)
            g.pieces[k:k + 1] = [head] if head.text else []
            g.pieces.append(last)

    def _park_value_tail(self, g: _Group, piece: _Piece, fragment: str) -> None:
        """Output `pii`: a field's tail a value may still run on from (`may_cut` false at its end: `Write to
        carla.moss@nor`) that the group's cap would release (`_field_cut`: `2 × hold_chars` from the tail's start to
        the window's end) because another field's text came after it (a long annotation title, a refusal, a tool
        call) moves after that text, still held, as `_park_held` moves a placeholder: the others go out, the value
        waits for its field's next piece and is read whole (streamleft16: the address went out as written, whole
        answers redact it). `piece` is the one `fragment` is about to join: its field's tail is read with it. Never
        past a field the client puts after it (`field_order`); a tail of `2 × hold_chars` or more is the field's own
        cap's (`_cut`)."""
        total = len(g.text) + len(fragment)
        if self.policy.output.pii is None or len(g.pieces) < 2 or total < 2 * self.hold_chars:
            return
        order = self.field_order
        for channel, k in self._open_fields(g):
            after = g.pieces[k + 1:]
            if not after or (order is not None and any(order.precedes(channel, p.channel) for p in after)):
                continue
            last = g.pieces[k]
            tail = last.text + (fragment if last is piece else "")
            own = "".join(p.text for p in g.pieces[:k] if p.channel == channel) + tail
            base = len(own) - len(tail)
            if not tail or self._may_cut(own, len(own)):
                continue
            points = [m.end() for m in _SPACE_RUN.finditer(own, base) if m.end() < len(own)][::-1][:_CAP_TRIES]
            at = min(next((p for p in points if self._may_cut(own, p)), base) - base, len(last.text))  # in `last`
            if total - self._offset(g, last) - at < 2 * self.hold_chars or len(tail) - at >= 2 * self.hold_chars:
                continue
            head = last.split(at)
            head.parked, last.parked = last.parked, True
            g.pieces[k:k + 1] = [head] if head.text else []
            g.pieces.append(last)

    def _line_cut(self, ch: _Channel, text: str, after: int = 0, kept: bool = False) -> int:
        """Restore: where to stop releasing `text` (a field's pending text, as far as the other holds allow) so a
        placeholder on a command line or in a JSON request part waits for what decides it, and one in a tool call or
        a code scope for the answer's end (`after`: the answer's text pending after it; `kept`: the answer sends:
        `proxy.guard.linehold`); past the hold's bound the release fails closed (`FAIL_CLOSED` read before it: the
        placeholder kept)."""
        if ch.lines is None:
            ch.lines = LineHold(json=ch.in_json, scope=ch.tool)
        cut, fail = ch.lines.cut(text, self.vault._by_placeholder, after, kept)
        if fail and not ch.url_ctx.endswith(FAIL_CLOSED):
            ch.url_ctx += FAIL_CLOSED
        return cut

    def _group_line_cut(self, g: _Group, cut: int) -> int:
        """`_line_cut` over a group's pending pieces, in order, up to `cut`."""
        pos = 0
        later: dict[str, LineHold] = {}  # a field's state past its earlier pending piece
        total = len(g.text)
        kept = "@" + g.name in self._sending
        for i, p in enumerate(g.pieces):
            if pos >= cut:
                break
            ch = self._channels[p.channel]
            end = min(len(p.text), cut - pos)
            own = ch.lines if ch.lines is not None else LineHold(json=ch.in_json, scope=ch.tool)
            ch.lines = later.get(p.channel, own)
            held = self._line_cut(ch, p.text[:end], total - pos - end, kept)
            if held == end == len(p.text) and any(q.channel == p.channel for q in g.pieces[i + 1:]):
                nxt = ch.lines.copy()
                nxt.advance(p.text)
                later[p.channel] = nxt
            ch.lines = own
            if held < end:
                return pos + held
            pos += len(p.text)
        return cut

    @staticmethod
    def _offset(g: _Group, piece: _Piece) -> int:
        """Where `piece` starts in the group's window."""
        pos = 0
        for p in g.pieces:
            if p is piece:
                return pos
            pos += len(p.text)
        return pos

    def _order_cut(self, g: _Group, cut: int) -> int:
        """A window ends before the first piece of a field an earlier field may still add text before
        (`FieldOrder.behind`): what the client joins to its start is not known yet. Bounded: once
        `2 × hold_chars` would be pending the cut stands (a later text for the earlier field then stops the
        stream: `proxy.stream.order`)."""
        order = self.field_order
        if order is None or cut <= 0:
            return cut
        pos = 0
        for p in g.pieces:
            if pos >= cut:
                break
            if p.text and order.behind(p.channel):
                return pos if len(g.text) - pos < 2 * self.hold_chars else cut
            pos += len(p.text)
        return cut

    def _field_cut(self, g: _Group, cut: int) -> int:
        """Where a group's window ends (`cut`, over its fields joined) so that each field's own text is cut where
        it could be cut alone: a field's pieces are one text to the client whatever other fields' events came
        between them (`project ` in the content, a tool call, `Osprey.` in the content: `project Osprey.`). A
        field cut inside its known text is cut where no value (`may_cut`) nor `patterns:` match (`WindowCuts`)
        of its own text crosses (else the window ends at its last such sentence end, or past `hold_chars` space
        after a word, of the last `_CAP_TRIES`, or before the field); a field whose
        pending text goes out to its end, still open, where no value can run on from it (`may_cut`, what follows
        unknown), a `patterns:` match being carried instead (`_field_carries`). Bounded: at the cap (what these
        cuts would leave pending is `2 × hold_chars` or more) the joined cut stands, each field carried."""
        self._forced, self._tails = set(), set()
        layout: dict[str, list[tuple[int, int, int]]] = {}  # field -> (start in the window, start in the field, length)
        pos = 0
        for p in g.pieces:
            runs = layout.setdefault(p.channel, [])
            runs.append((pos, runs[-1][1] + runs[-1][2] if runs else 0, len(p.text)))
            pos += len(p.text)
        if len(layout) < 2:
            return cut
        texts = {c: "".join(p.text for p in g.pieces if p.channel == c) for c in layout}
        values = self.policy.output.pii is not None
        phrases: dict[str, WindowCuts] = {}

        def own(channel: str, at: int) -> int:
            return sum(max(0, min(n, at - start)) for start, _, n in layout[channel])

        def fits(channel: str, r: int, after_word: bool = False) -> bool:
            text, ch = texts[channel], self._channels[channel]
            if r >= len(text) and ch.closed:
                return True
            if values and not self._may_cut(text, r, after_word):
                return False
            if r >= len(text) or not self._regexes:
                return True  # at its end, a `patterns:` match that may go on is carried (`_field_carries`)
            if channel not in phrases:
                restored = self.vault if self.restore is not None else None
                phrases[channel] = WindowCuts(ch.carry + text, self._regexes, restored)
            return phrases[channel].may_cut(len(ch.carry) + r)

        first, changed = cut, True
        while changed and cut > 0:
            changed = False
            for channel, runs in layout.items():
                r = own(channel, cut)
                if not r or fits(channel, r):
                    continue
                text = texts[channel]
                ends = {m.end(): False for m in _SENTENCE_END.finditer(text, 0, r) if m.end() < r}
                if len(g.text) >= self.hold_chars:  # past the hold: after a word too, as `_cut`
                    ends.update({m.end(): True for m in _SAFE_SPACE.finditer(text, 0, r) if m.end() < r
                                 and m.end() not in ends})
                point = next((e for e in sorted(ends, reverse=True)[:_CAP_TRIES] if fits(channel, e, ends[e])
                              and not (ends[e] and self._names33 and term_open(text, e))), 0)  # (strm42)
                at = next((start + point - off for start, off, n in runs if off < point <= off + n), runs[0][0])
                if at < cut:
                    cut, changed = at, True
        if cut < first and len(g.text) - cut >= 2 * self.hold_chars:
            cut = first  # the cap: what it releases of each field is carried
            self._forced = {c for c in layout if own(c, cut)}
        self._tails = {c for c in layout if own(c, cut) >= len(texts[c]) and not self._channels[c].closed}
        return cut

    def _field_carries(self, taken: list[_Piece]) -> dict[str, str]:
        """Each field's carry before the window `taken` (read by `_field_findings`); after it, what a `patterns:`
        match may still run on from in the field's own text where the window took its pending text to its end
        while it is open, or the cap cut it (`_field_cut`); nothing after a cut no match of its own text crosses."""
        before = {p.channel: self._channels[p.channel].carry for p in taken}
        for c in before:
            carried = self._regexes and c in self._forced | self._tails
            released = "".join(p.text for p in taken if p.channel == c)
            self._channels[c].carry = self._carry_on(before[c], released) if carried else ""
        return before

    @stream_read  # what ends the answer in this reading (out43: `proxy.nlp.out42`'s cut values)
    async def _release_pieces(self, pieces: list[_Piece], final: bool, carry: str = "",
                              fields: dict[str, str] | None = None, group: _Group | None = None,
                              ) -> list[tuple[str, str]]:
        """Screen a group's window (its pieces read together, after the `carry`; `fields`: each field's own carry,
        `_field_carries`); each piece's releasable text."""
        pieces = [p for p in pieces if p.text]
        if not pieces:
            return []
        befores = self._url_befores(pieces, group, final)
        afters = self._url_afters(pieces, group)
        contexts, headings, lines = [], [], []
        for p in pieces:  # each piece after what its field released before it (`_in_context`, `_under_heading`)
            ch = self._channels[p.channel]
            self._run_on(group, p, ch)
            contexts.append(ch.context)
            lines.append(ch.released33)
            headings.append(ch.json_heading.prefix() if p.in_json else under(ch.heading.prefix(), ch.card))
            if self.windowed:
                self._follow(ch, p.text, p.in_json)
        try:
            if self.windowed:
                texts = await self._check_pieces(pieces, carry, fields or {}, final=final, befores=befores,
                                                 contexts=contexts, headings=headings, afters=afters, lines=lines)
            else:
                texts = [self.restore.restore(p.text, in_json=p.in_json, before=b, after=a)
                         if self.restore is not None else p.text
                         for p, b, a in zip(pieces, befores, afters, strict=True)]
            if self.score_after and not self.blocked:
                for p in pieces:
                    await self._score_released(self._channels[p.channel], p.text, final)
        except GuardUnavailable as exc:
            self._merge(exc.records)
            self.blocked, self.block_check, self.error = True, exc.check, exc.reason
            return []
        return [(p.channel, t) for p, t in zip(pieces, texts, strict=True) if t]

    def _follow(self, ch: _Channel, text: str, in_json: bool) -> None:
        """What a field's next windows are read after, followed over `text`, the window it releases: its context
        (`_in_context`), its last lines (strm33), its table header (`_under_heading`; a JSON document's strings, each
        a text: `JsonHeading`) and its open vCard (rm33)."""
        ch.context, ch.released33 = self._context_on(ch.context, text), keep(ch.released33, text)
        if self.policy.output.pii is not None:
            (ch.json_heading if in_json else ch.heading).feed(text)
            if not in_json:
                ch.card.feed(text)

    def _run_on(self, group: _Group | None, piece: _Piece, ch: _Channel) -> None:
        """Output pii: a field a client joins to the one before it of its family and kind (`_JOINED_FIELD`: Anthropic
        text blocks, Responses message parts), on its first piece, starts under the table header and after the text
        that field released (`_under_heading`, `_in_context`), as the whole answer reads them joined
        (`proxy.guard.keyed.labelled_values`, `proxy.guard.phases.heading_runs`): `| name | phone |` ending one text
        block, its rows in the next went out raw (atk17 M3). Never a JSON field (tool call arguments)."""
        if group is None or piece.in_json or self.policy.output.pii is None \
                or not _JOINED_FIELD.fullmatch(piece.channel):
            return
        family = (_DIGITS.sub("#", piece.channel), ch.kind)
        last = group.runs.get(family)
        if piece.channel not in group.begun:
            group.begun.add(piece.channel)
            if last is not None and last != piece.channel:
                before = self._channels[last]
                ch.heading = before.heading.copy()
                if list_open(before.context) or label_open(before.context):  # `Phone numbers:`, `Call me at `
                    ch.context = run_on(before.context)  # the list goes on here, the value is read after it
        group.runs[family] = piece.channel

    def _url_befores(self, pieces: list[_Piece], group: _Group | None = None, final: bool = False) -> list[Before]:
        """Restore: for each piece, what its field released before it says of a URL it may be inside
        (`proxy.guard.urls.url_context`, which the restore reads before the piece), and, for a field that is no
        JSON, what the group's texts (no JSON field) released before it, joined in arrival order, say: a URL opened
        in one Anthropic text block or Responses part and going on in the next, which the SDKs join (atk11 A-H3);
        each context moved on past its pieces."""
        if self.restore is None or not self.restore:  # nothing to restore: no URL to tell
            return [""] * len(pieces)
        out: list[Before] = []
        sending = group is not None and self._answer_sends(group.name, [(self._channels[p.channel], p.text)
                                                                        for p in pieces], final)
        for p in pieces:
            ch = self._channels[p.channel]
            before: Before
            if ch.tool or ch.kind == SIGNED_REASONING:
                before = self._scope_before(ch, ch.url_ctx, p.text)
            elif group is None or p.in_json:
                before = ch.url_ctx
            else:
                before = ch.url_ctx if group.url_ctx == ch.url_ctx else (ch.url_ctx, group.url_ctx)
                group.url_ctx = url_context(group.url_ctx + p.text)
            out.append(_sending(before) if sending else before)
            ch.url_ctx = url_context(ch.url_ctx + p.text, not p.in_json)  # (restore24: a JSON text's own reading)
        return out

    def _answer_sends(self, name: str, texts: list[tuple[_Channel, str]], final: bool = False) -> bool:
        """Restore: whether the answer `name` (a group: a chat choice, or all of it; a field of no group) sends: one
        of its tool calls or of the code scopes of its texts names a destination or runs a client
        (`proxy.guard.scopes.answer_of`; not one that is `inert`), as far as what its fields released and `texts`
        (each field's next, read after its context; `final`: the answer's last) show. Remembered in `_sending`,
        which the whole fields of later events read too (`screen_fields`): from then on every tool call and code
        scope of the answer keeps its placeholders (atk19 H1), and none is held for it (`proxy.guard.linehold`)."""
        key = "@" + name
        if key in self._sending:
            return True
        for ch, text in texts:
            joined = ch.url_ctx + text
            if ch.tool:  # (a tool call that sends nothing but the URLs it names: `proxy.guard.scopes.inert`)
                ch.carries = ch.carries or not inert(joined, json=ch.in_json, partial=not final)
                sending = ch.carries and (ch.dest or sends(_PARTIAL_END.sub("", joined) if not final else joined))
            elif ch.in_json or not (final or ch.closed
                                    or _SCOPE_ENDS.search(joined, max(0, len(joined) - len(text) - 1))):
                sending = False  # (no scope ends in it, nor right before it: one open is read once it ends)
            else:  # (a field that closed: its scopes ended with it, `close_field`)
                ended = final or ch.closed
                sending = code_sends(joined if ended else _PARTIAL_END.sub("", joined), ended=ended, whole=TAIL)
            if sending:
                if len(self._sending) < 1024:
                    self._sending.add(key)
                return True
        return False

    def _url_afters(self, pieces: list[_Piece], group: _Group | None = None) -> list[str]:
        """Restore: for each piece of a group's field that is no JSON, the start of the group's later pieces of such
        fields in the window (`proxy.guard.hosts.url_afters`): a placeholder ending one Anthropic text block or
        Responses part is a host's label when the next starts `.collector.example`, which the SDKs join
        (restorehost15, atk16 B H3; the hold, `placeholder_prefix_at`, keeps the placeholder in the same window)."""
        out = [""] * len(pieces)
        if self.restore is None or not self.restore or group is None:
            return out
        families: dict[str, list[int]] = {}  # a field runs on only into the later fields of its kind: text blocks,
        for k, p in enumerate(pieces):        # parts; a chat answer's content never into its reasoning or refusal
            if not p.in_json:
                families.setdefault(_DIGITS.sub("#", p.channel), []).append(k)
        for shown in families.values():
            for k, after in zip(shown, url_afters([pieces[k].text for k in shown]), strict=True):
                out[k] = after
        return out

    @calls_window  # a call's arguments read with its name (tool26)
    async def _check_pieces(self, pieces: list[_Piece], carry: str = "", fields: dict[str, str] | None = None,
                            final: bool = False, befores: list[Before] | None = None,
                            contexts: list[str] | None = None, headings: list[Under] | None = None,
                            afters: list[str] | None = None, lines: list[str] | None = None) -> list[str]:
        """`_check_window` over the pieces of several fields: each piece is analysed as it is, and beside
        the others (joined, `proxy.guard.joined`: only a finding that crosses from one into the next
        counts), and each field's pieces joined as the client reads that field, whatever came between them
        (`_field_findings`); a blocking sentence cuts every piece after it. `carry`: see `_carried`; `fields`: each
        field's own carry (`_field_carries`). A JSON field that is no JSON object or array (`_JsonLex.raw`: `Falcon
        now.`, `example.com"}`), or that ended unterminated (closed, or `final`: the answer's end, while a string or
        a bracket is open: `{"to":"jane.doe@`), is read beside the others as it is, as a whole answer reads it.
        `contexts`: per piece, the end of what its field released before it (`_in_context`); `headings`: per piece,
        the table header it lies under (`_under_heading`)."""
        fields = {c: t for c, t in (fields or {}).items() if t}
        inside: list[bool] = []  # per piece: a JSON piece that starts inside one of its strings
        for p in pieces:
            ch = self._channels[p.channel]
            inside.append(ch.json_inside if p.in_json else False)
            if p.in_json:
                ch.json_inside = json_string_state(p.text, ch.json_inside)
        befores = befores if befores is not None else [""] * len(pieces)
        afters = afters if afters is not None else [""] * len(pieces)
        contexts = contexts if contexts is not None else [""] * len(pieces)
        headings = headings if headings is not None else [NO_HEADING] * len(pieces)
        if len(pieces) == 1 and not fields:
            return [await self._check_window(pieces[0].text, pieces[0].in_json, inside[0], carry=carry,
                                             before=befores[0], context=contexts[0], heading=headings[0],
                                             keys=self._read_as_document(pieces[0], final),
                                             released=lines[0] if lines else "")]
        texts: list[str] = []
        joins: list[bool | str | None] = []
        json_texts: list[int] = []
        where: list[tuple[int, int]] = []  # (piece, offset in it) of each text
        views: dict[int, list[int] | None] = {}  # text -> its `json_view` offsets in the piece
        for k, p in enumerate(pieces):
            lex = self._channels[p.channel].lex
            raw = lex is not None and (lex.raw or ((final or self._channels[p.channel].closed) and lex.open))
            for a, b, join in p.parts(raw):
                if a < b:
                    texts.append(p.text[a:b])
                    joins.append(False if p.parked and join else join)
                    json_texts.append(0)
                    where.append((k, a))
        for k, p in enumerate(pieces):  # a JSON piece is also read whole, alone (as a field of its own is),
            if p.in_json:               # its values together (`proxy.guard.joined.sibling_joints`)
                view, at = json_view(p.text, inside[k])  # its escapes decoded (`_check_window`)
                texts.append(view)
                joins.append(False)
                json_texts.append(JSON_IN_STRING if inside[k] else JSON)
                where.append((k, 0))
                views[len(texts) - 1] = at
        scoring = {"toxicity", "bias"}
        whole_text = "".join(p.text for p in pieces)
        bases = [0]
        for p in pieces:
            bases.append(bases[-1] + len(p.text))
        run = self.guard.run_phase(self.policy, "output", texts, vault=self.vault, skip=scoring, joinable=joins,
                                   json_texts=json_texts)
        spans = sentence_spans(whole_text) or [(0, len(whole_text))]
        starts, reads = scored_texts(whole_text, spans, "")  # over an open line break too (F19)
        # each field's own sentences too: a field boundary ends a sentence, as the client shows it (atk30 F7)
        starts, reads = field_reads([(p.channel, p.text) for p in pieces], starts, reads, sentence_spans)
        if self.score_after or (self.policy.output.toxicity is None and self.policy.output.bias is None):
            result = await run
            self._merge(result.records)
            scored_findings: list[list[Finding]] = []
        else:
            result, scored = await asyncio.gather(run, self.guard.run_phase(
                self.policy, "output", reads, vault=self.vault, only=scoring,
                joined=False))
            self._merge(result.records + scored.records)
            scored_findings = scored.findings
        found: list[list[Finding]] = [[] for _ in pieces]
        for n, ((k, offset), per_text) in enumerate(zip(where, result.findings, strict=True)):
            for f in _raw_findings(per_text, views.get(n)):
                moved = replace(f, start=f.start + offset, end=f.end + offset)
                if moved not in found[k]:
                    found[k].append(moved)
        for k, f in await self._field_findings(pieces, fields):
            if f not in found[k]:
                found[k].append(f)
        found = await self._values_alone([(p.text, self._read_as_document(p, final), inside[k])
                                          for k, p in enumerate(pieces)], found)
        for k, p in enumerate(pieces):
            found[k] += await self._in_context(contexts[k], p.text, found[k])
            if not p.in_json:
                found[k] += await self._under_heading(headings[k], p.text, found[k])
                found[k] = await after_lines(self, lines[k] if lines else "", p.text, found[k])  # (strm33)
                found[k] = await rows_after(self, lines[k] if lines else "", p.text, found[k])  # (fp35)
            else:
                found[k] += await self._json_under_heading(headings[k], p.text, inside[k], found[k])
                if self._read_as_document(p, final):  # its keys read alone, as the whole answer's are
                    found[k] = await self._keys_alone(p.text, inside[k], found[k])
        carried = await self._carried(carry, whole_text)
        for f in carried:  # a match run on from released text: its part in each piece
            for k in range(len(pieces)):
                a, b = max(f.start, bases[k]), min(f.end, bases[k + 1])
                if a < b:
                    found[k].append(replace(f, start=a - bases[k], end=b - bases[k]))
        flat = [f for per in found for f in per]
        stops = [(a, f) for a, b in spans for k, per in enumerate(found) for f in per
                 if f.action == "block" and a <= bases[k] + f.start < b]
        stops += [(0, f) for f in carried if f.action == "block"]
        stops += [(starts[n], f) for n, per in enumerate(scored_findings) for f in per if f.action == "block"]
        stops.sort(key=lambda item: item[0])
        self._note([f for _, f in stops] + flat + [f for per in scored_findings for f in per])
        segments = [p.text for p in pieces]
        if self.policy.monitor:
            stop = len(whole_text)
        else:
            stop = stops[0][0] if stops else len(whole_text)
            for k in range(len(pieces)):
                keep = max(0, min(len(segments[k]), stop - bases[k]))
                segments[k] = segments[k][:keep]
                found[k] = [f for f in found[k] if f.end <= keep]
        restore, vault, rule = self.restore, self.vault, self.policy.output.pii
        redact = [k for k in range(len(pieces)) if not self.policy.monitor
                  and any(f.action == "redact" and f.end > f.start for f in found[k])]
        out = [restore.restore(t, in_json=p.in_json, before=b, after=a) if restore is not None else t
               for t, p, b, a in zip(segments, pieces, befores, afters, strict=True)]
        if redact:
            def rewrite() -> list[str]:
                return [apply_findings(segments[k], found[k], vault, restore, in_json=pieces[k].in_json, rule=rule,
                                       restorable=False, json_inside=inside[k], before=befores[k], after=afters[k])
                        for k in redact]

            for k, new in zip(redact, await rewritten(rewrite, self.policy, [], "output"), strict=True):
                out[k] = new
        return out

    async def _field_findings(self, pieces: list[_Piece], fields: dict[str, str]) -> list[tuple[int, Finding]]:
        """Each field's pieces in the window read joined, as the client reads that field whatever other fields'
        events came between them (the checks that look for data; a field's sentences are scored in the window),
        and after its own carry (`fields`, `_field_carries`: the `patterns:` rules, as `_carried`). (piece, finding)
        for each match that crosses from one of its pieces (or its carry) into the next: the part in each piece,
        as `_check_pieces` places it; the records count only these (what lies in one piece is read with it)."""
        runs: dict[str, list[tuple[int, int, int]]] = {}  # field -> (piece, start in the field, length)
        for k, p in enumerate(pieces):
            at = runs.setdefault(p.channel, [])
            at.append((k, at[-1][1] + at[-1][2] if at else 0, len(p.text)))
        joined = {c: "".join(pieces[k].text for k, _, _ in at) for c, at in runs.items()}
        reads: list[tuple[list[str], dict[str, str], dict[str, Any]]] = [
            ([c for c, at in runs.items() if len(at) > 1], {}, {"skip": {"toxicity", "bias"}}),
            ([c for c in runs if fields.get(c)], fields, {"only": {"patterns"}})]
        out: list[tuple[int, Finding]] = []
        for read, carries, which in reads:
            if not read or (not self.reads_data if not carries else not self._regexes):
                continue
            result = await self.guard.run_phase(self.policy, "output", [carries.get(c, "") + joined[c] for c in read],
                                                vault=self.vault, joined=False, **which)
            kept: list[Finding] = []
            for c, per in zip(read, result.findings, strict=True):
                n = len(carries.get(c, ""))
                for f in per:
                    start, end = f.start - n, f.end - n
                    parts = [(k, max(start, off) - off, min(end, off + size) - off) for k, off, size in runs[c]
                             if max(start, off) < min(end, off + size)]
                    if len(parts) > 1 or (parts and start < 0):
                        kept.append(f)
                        out.extend((k, replace(f, start=a, end=b)) for k, a, b in parts)
            for rec in result.records:
                rec = {k: v for k, v in rec.items() if k != "groups"}
                if rec["action"] != "error":
                    action = strongest([f.action for f in kept if f.check == rec["check"]] or ["allow"])
                    rec["action"] = f"would_{action}" if self.policy.monitor and action in ("block", "redact") \
                        else action
                if "findings" in rec:
                    rec["findings"] = dict(sorted(Counter(f.kind for f in kept if f.check == rec["check"]).items()))
                self._merge([rec])
        return out

    def _may_cut(self, text: str, cut: int, after_word: bool = False) -> bool:
        """`may_cut` in `text` as the model wrote it and, with answers restored, as the client reads it
        (`Vault.restored_view`, the cut moved into it): no window ends where a value the model composes around a
        restored value runs across (`617` then a line break then `<PHONE_NUMBER_1>`, `<PERSON_1>` then a line
        break then `@acme.com`), so the window reads it whole (`proxy.guard.checks.pii.composed`)."""
        if not may_cut(text, cut, after_word):
            return False
        if stream_open(text, cut, after_word or len(text) >= self.hold_chars) \
                or table_open(text, cut, after_word or len(text) >= self.hold_chars):  # (key46, key47; pat49)
            return False  # a keyed record's next member may join its value (`ssn:` / `  area: 536` / `  group: 90`)
        if self.restore is None or not self.vault:
            return True
        if self._restored is None or self._restored[0] != text:
            # A placeholder still arriving (`<PHONE_NU`) is read as text not known yet: the value it becomes may
            # continue what comes before it (`617` then a line break, then `<PHONE_NUMBER_1>`).
            view, own = self.vault.restored_view(text[:placeholder_prefix_at(text, self.vault)])
            self._restored = (text, view.text, [(*view.span(a, b), a, b) for a, b in own])
        _, restored, moves = self._restored
        if not moves and len(restored) == len(text):
            return True
        shift = 0
        for a0, b0, a, b in moves:  # the cut in the restored text (inside a placeholder: before its value)
            if cut <= a0:
                break
            if cut < b0:
                return may_cut(restored, a, after_word)
            shift = b - b0
        return may_cut(restored, cut + shift, after_word)

    def _cut(self, text: str, carry: str = "") -> int:
        """Where the window ends: the last sentence end a value cannot run across (`may_cut`) and no `patterns:`
        match can grow across (`WindowCuts`); without one, once `hold_chars` are pending, the last such space
        after a word; at `2 × hold_chars` (the cap), all but a tail that may still grow (`_cap_cut`). `carry`:
        released text a match may run on from (`_next_carry`), read before `text` by `WindowCuts`."""
        values = self.policy.output.pii is not None
        phrases: list[WindowCuts] = []  # built at the first cut to check (most chunks end mid-sentence)
        self._unclean = False
        if values and _gap_held(text, self.hold_chars):
            return 0  # digit groups and the layout after them only: held until what follows is known (`_gap_held`)

        def phrase_cut(cut: int) -> bool:
            if not values and not self._displayed_cut(text, cut):
                return False
            if self.policy.output.toxicity is not None and tox_open(text, cut):
                return False  # inside a run of letters written one by one (tox41)
            if self.policy.output.toxicity is not None and tox42_open(text, cut):
                return False  # between two fragments of an abusive word (tox42)
            if not self._regexes:
                return True
            if not phrases:
                restored = self.vault if self.restore is not None else None  # the rules read the answer restored
                phrases.append(WindowCuts(carry + text, self._regexes, restored))
            return phrases[0].may_cut(len(carry) + cut)

        # Past the cap only the cap's reach is searched: one event of 40,000 characters (`y y y ...`, every space a
        # cut `may_cut` refuses) tried 20,000 cuts, each reading the whole text (9 s on the event loop). An earlier
        # cut is the cap's to find (`_cap_cut`), as in a window fed chunk by chunk.
        floor = len(text) - 2 * self.hold_chars
        for m in reversed(list(_SENTENCE_END.finditer(text, max(0, floor - 2)))):
            if m.end() < floor:
                break
            if self._open_breaks and open_break(text, m.end()):
                continue  # (a sentence going on past a line break: read with what follows it, F19)
            if self._names33 and (card_open(text, m.end()) or kana_open(text, m.end()) or closing_open(text, m.end())):
                continue  # (a vCard's `N:` line with its `FN:` line: strm33; a reading's label with its line: ja40;
                # a closing's line with the name's line after it: enc41)
            if (not values or record_end(text, m.end()) or self._may_cut(text, m.end())) and phrase_cut(m.end()):
                return m.end()  # (record_end: after a NACHA record's line, fixw37)
        if len(text) < self.hold_chars:
            return 0
        if self._open_breaks and "\n" in text:  # past the hold: at a line's end before a word's (tbl33: a table's
            # rows are lines with no sentence mark; a cut at a space split a name cell, `Dmitri ` | `Zelenko,...`)
            for m in reversed(list(_LINE_END.finditer(text, max(0, floor - 2)))):
                if m.end() < floor:
                    break
                if (not values or self._may_cut(text, m.end(), after_word=True)) and phrase_cut(m.end()):
                    return m.end()
        for m in reversed(list(_SAFE_SPACE.finditer(text, max(0, floor - 2)))):
            if m.end() < floor:
                break
            if self._names33 and (name_open(text, m.end()) or term_open(text, m.end())) \
                    or values and record_open(text, m.end()):
                continue  # (record_open: a NACHA entry or a payroll-like line read whole, fixw37; term_open: a
                # capitalised word read with the words around it, `Reed-Sternberg ` | `cells`: strm42)
            if (not values or self._may_cut(text, m.end(), after_word=True)) and phrase_cut(m.end()):
                return m.end()
        if len(text) < 2 * self.hold_chars:
            return 0
        held = self._comment_cut(text, values, phrase_cut)
        return held if held is not None else self._cap_cut(text, values, phrase_cut, phrases, len(carry))

    @staticmethod
    def _displayed_cut(text: str, cut: int) -> bool:
        """Without output `pii` (whose `may_cut` says the same): a window never ends inside a link, a comment or a
        tag the second reading lays out only whole (`markup_open`): toxicity, bias and `patterns:` read the text as
        displayed, so `[you stu](#a)[pid](#b)` cut after `you ` was scored as two halves, `stupid` in none
        (streamleft16; linkview15 reads the whole answer so). Bounded as `may_cut` is: `markup_open` reads back
        `_LINK_MAX` characters at most, and at the cap the window ends before the word the link follows or the cap
        stands (`_comment_cut`, `_cap_cut`)."""
        return not (_marked(text) and markup_open(text[:cut]) >= 0) and not shortcode_open(text, cut)

    def _comment_cut(self, text: str, values: bool, phrase_cut: Callable[[int], bool]) -> int | None:
        """The cap where the tail it keeps starts inside an HTML comment (open, or closed in that tail) the checks
        may read away (`617-<!-- 300 characters -->555-0143`, `fal<!-- ... -->con`): the window ends before the
        word or value the comment follows (where a value or a `patterns:` match cannot cross), so both halves
        are read together once it closes; with no such cut, nothing goes out. Bounded: the comment is read away
        only up to `_COMMENT_MAX` characters (then `comment_open` is false), and a comment more than
        `2 × hold_chars` into the window (or after a longer word) leaves it to the cap (`_cap_cut`): what is
        held stays under `2 × hold_chars + _COMMENT_MAX` and the cap's tail. None: not this case."""
        top = len(text) - min(self.hold_chars, _CAP_KEEP)  # where the cap cuts (`_cap_cut`)
        at = markup_open(text[:top])  # a comment or a tag with attributes not yet closed
        lo = max(0, top - RENDERED_REACH)
        # or an inline math span or an element shown right to left (`rendered_start`: read only whole, stream14)
        rendered = rendered_start(text[lo:top]) if _rendered_chars(text, lo, top) else -1
        if rendered >= 0 and (at < 0 or lo + rendered < at):
            at = lo + rendered
        hexed = hex_run_at(text, top) if values else -1  # (a hex run the cap would cut, held from its start: enc41)
        if 0 <= hexed < top and hex_texty(text, hexed) and (at < 0 or hexed < at):
            at = hexed  # (only a run that may encode text: `9f9f...` the cap cuts as any run of digits)
        based = b64_run_at(text, top) if values else -1  # (a base64 run that may decode to text, held whole: enc42)
        if 0 <= based < top and (at < 0 or based < at):
            at = based
        escaped = escaped_run_at(text, top) if values else -1  # (a run of `\xHH` escapes, held whole: rgx45)
        if 0 <= escaped < top and (at < 0 or escaped < at):
            at = escaped
        grouped = grouped_run_at(text, top) if values else -1  # (base64 in 4-character groups, held whole: b6446)
        if 0 <= grouped < top and (at < 0 or grouped < at):
            at = grouped
        if at < 0:
            return None
        head = text[:at].rstrip(_DIGITS_AND_GAPS)  # the value before the comment, and its separators
        word = _LAST_WORD.search(head)
        start = word.start() if word is not None else len(head)  # and the word it is part of
        if at - start > 2 * self.hold_chars:
            return None
        cuts = [c for c in range(start, max(0, start - 2 * self.hold_chars), -1) if text[c - 1].isspace()]
        for c in cuts[:_CAP_TRIES]:
            if (not values or self._may_cut(text, c)) and phrase_cut(c):
                return c
        return 0 if at <= 2 * self.hold_chars else None

    def _cap_cut(self, text: str, values: bool, phrase_cut: Callable[[int], bool],
                 phrases: list[WindowCuts], carried: int = 0) -> int:
        """The cap (`2 × hold_chars` pending, no cut found): release all but a held tail that may still be part
        of a value or a `patterns:` match growing into the next chunk (a long unbroken run, then `project` and
        `falcon` in the next chunk). The cut is taken at least `_CAP_KEEP` characters (at most `hold_chars`)
        before the end, where no value (`may_cut`) nor known match (`WindowCuts`) crosses it, after whitespace
        first; none in reach: at that point, moved past a known match that crosses it (the window then holds
        the whole match), so the stream still goes out, screened, however long the run. A cut that a `patterns:`
        match may cross (that fallback, or one inside a word) sets `_unclean`: what it releases is carried
        (`_next_carry`), so the rest of such a match is still found when it arrives. `carried`: the carry's length
        (`phrases` read it before `text`)."""
        n = len(text)
        top = n - min(self.hold_chars, _CAP_KEEP)
        lo = max(1, n - 2 * self.hold_chars)

        def ok(cut: int) -> bool:
            return (not values or self._may_cut(text, cut)) and phrase_cut(cut)

        spaced = [c for c in range(top, lo - 1, -1) if text[c - 1].isspace() and not text[c].isspace()]
        if self._names33:  # (a cut no capitalised word stands beside first: strm42)
            spaced = sorted(spaced[:_CAP_TRIES], key=lambda c: term_open(text, c))
        for c in spaced[:_CAP_TRIES]:
            if ok(c):
                return c
        for c in range(top, max(lo, top - _CAP_TRIES) - 1, -1):
            if ok(c):
                # A rule that matches no whitespace (`secret-[a-z]+-end`) may cross a cut inside a word.
                self._unclean = bool(self._regexes) and not (text[c - 1].isspace() or text[c].isspace())
                return c
        if values:
            # Inside a long separator run after digit groups (`617` + 1,000 dashes + `555`...): the groups are held
            # with the run while it is shorter than `_GAP_REACH` (what `may_cut` reads back), so the groups after
            # it are read with them; the text before the groups goes out (bounded: a long table of numbers is cut;
            # none goes out when the pending text starts with the groups: held, not cut).
            held = text[:top].rstrip(_GROUP_GAP)
            start = len(held.rstrip(_DIGITS_AND_GAPS))
            group = held.rstrip("0123456789")
            if held[-1:].isdigit() and not (group[-1:].isalnum() or group.endswith("\\")) \
                    and top - len(held) < _GAP_REACH and top - start < 2 * _GAP_REACH:
                if start and not phrase_cut(start):
                    self._unclean = bool(self._regexes)  # (a match may cross it: carried, as below)
                return start
        cut = top
        if values and not text[top - 1].isspace() and not text[top].isspace():
            # Inside a word no cut in reach could end before (`[` opens a link each cut may be inside of: `[y [y
            # ... mail jane.doe@example.com`, the cap at `jane|.doe`, sent `jane.` and then `<EMAIL_ADDRESS_1>`): the
            # window ends before the word when it starts within `_WORD_BACK` characters, so a value in it is read
            # whole with what follows (what is held stays bounded: `_CAP_KEEP` + `_WORD_BACK`).
            start = max((text.rfind(c, max(0, top - _WORD_BACK), top) for c in " \t\n\r\f\v"), default=-1) + 1
            if 0 < start:
                cut = start
        self._unclean = bool(self._regexes)
        phrase_cut(top)  # the known matches (built once)
        if phrases and phrases[0].spans:
            cut = max([cut] + [b - carried for a, b in phrases[0].spans if a < carried + top < b])
        return cut

    def _next_carry(self, carry: str, released: str) -> str:
        """What a `patterns:` match may still run on from after `released` went out: nothing after a cut that no
        match can cross; after one the cap made (`_unclean`), the patterns view (`pattern_view`) of what was
        released, with each run of separators folded to its first and last 4 characters (a space in a pattern
        matches any run: `project`, 10,000 line breaks, `falcon`), back to the last `_carry_keep` letters and
        digits. Bounded, whatever the run: the memory a stream holds does not grow with it."""
        if not self._unclean or not self._regexes:
            return ""
        return self._carry_on(carry, released)

    def _carry_on(self, carry: str, released: str) -> str:
        """`_next_carry` after a cut a match may cross."""
        text = _CARRY_FOLD.sub(lambda m: m.group()[:4] + m.group()[-4:], pattern_view(carry + released).text)
        count = 0
        for i in range(len(text) - 1, -1, -1):
            if text[i].isalnum():
                count += 1
                if count > self._carry_keep:
                    return text[i + 1:]
        return text

    async def _carried(self, carry: str, text: str) -> list[Finding]:
        """The `patterns:` matches that run on from the carry (released text, `_next_carry`) into `text`: their
        part in `text` (from 0). A block stops the window at its start; a redaction covers the part not yet out."""
        if not carry or not self._regexes:
            return []
        n = len(carry)
        result = await self.guard.run_phase(self.policy, "output", [carry + text], vault=self.vault,
                                            only={"patterns"}, joined=False)
        found = [replace(f, start=0, end=f.end - n) for per in result.findings for f in per if f.start < n < f.end]
        self._merge_only(result.records, found)  # the record counts only these (what lies in the carry was counted)
        return found

    def _merge_only(self, records: list[dict[str, Any]], found: list[Finding]) -> None:
        """Merge the records of a reading that counts only `found` (its action and findings made of them)."""
        for rec in records:
            rec = {k: v for k, v in rec.items() if k != "groups"}
            if rec["action"] != "error":
                action = strongest([f.action for f in found]) if found else "allow"
                rec["action"] = f"would_{action}" if self.policy.monitor and action in ("block", "redact") else action
            if "findings" in rec:
                rec["findings"] = dict(sorted(Counter(f.kind for f in found).items()))
            self._merge([rec])

    @staticmethod
    def _context_on(context: str, released: str) -> str:
        """`_Channel.context` after `released` went out: the last `_CONTEXT_KEEP` characters, layout folded."""
        return _CONTEXT_FOLD.sub(lambda m: m.group()[0] + m.group()[-1], context + released)[-_CONTEXT_KEEP:]

    async def _in_context(self, context: str, text: str, found: list[Finding]) -> list[Finding]:
        """Output `pii` findings of a window (`text`, as written) that starts at a number, read after the end of what
        its field released before (`context`), that no finding of the window itself covers: a phone number or SSN
        known by its context word or key only, which a cut before it (the cap after a long run of layout, a cut
        after a word) parted from it (atk14 B H5: `My phone is ` then `6175550143` + 400 spaces). The record counts
        only these (what lies in the context was counted when it went out)."""
        from proxy.nlp.gen32 import cued_window  # `APE ` | `A.B//C.COM`, `SSR CTCM YY ` | `HK1/...` (gen32)
        from proxy.nlp.tsv30 import html_number_line  # `Kerr<br>VP Sales<br>6174938261` after `Dana ` (sig35)
        from proxy.nlp.voice38 import spoken_first  # `Caller: ` | `six one seven, ...` (voice38)

        if not context.strip() or self.policy.output.pii is None or not (_NUMBER_FIRST.match(text)
                                                                         or cued_window(context)
                                                                         or html_number_line(text)
                                                                         or spoken_first(text)):
            return []
        n = len(context)
        result = await self.guard.run_phase(self.policy, "output", [context + text], vault=self.vault, only={"pii"},
                                            joined=False)
        new: list[Finding] = []
        for f in result.findings[0] if result.findings else []:
            moved = replace(f, start=f.start - n, end=f.end - n)
            if moved.start >= 0 and not any(g.start < moved.end and moved.start < g.end for g in found + new):
                new.append(moved)
        self._merge_only(result.records, new)
        return new

    async def _under_heading(self, heading: Under, text: str, found: list[Finding],
                             at: list[int] | None = None) -> list[Finding]:
        """Output `pii` findings of a window (`text`, as written) under a table's column header that names a phone
        number or an SSN (`| name | phone |`, `ssn,name`, `<th>Phone</th>`: `proxy.guard.headings`), read after the
        header and the part of its row the field released before, of the types the header names, that no finding of
        the window itself covers: a whole answer reads every row's value after its column's word
        (`proxy.guard.keyed.labelled_values`); a stream's window cut at each line lost the header (issue 12, atk14
        B H4 streamed). The record counts only these. `at`: the offset in the window of each of `text`'s characters
        and of its end (a JSON window's string, decoded: `_json_under_heading`), read even under no header."""
        before, after, types = heading.before, closing(text, heading), heading.types
        if heading.people:  # (a name column's cells: tbl33)
            types = (*types, "PERSON")
        rule = self.policy.output.pii
        drop = at is None and droppable(heading, found, rule)  # its own PERSON findings no names under it (rm33)
        if not drop and (card_only(heading) or not before and not after and at is None or rule is None or not any(
                c.isdigit() for c in text) and not (heading.people and "PERSON" in rule.checked_entities())):
            return []
        types = types or KEYED  # an HTML table opened in the window, not closed in it
        n = len(before)
        result = await self.guard.run_phase(self.policy, "output", [before + text + after], vault=self.vault,
                                            only={"pii"}, joined=False)
        if drop and (gone := dropped(before + text + after, n, found, result.findings[0] if result.findings else [])):
            self._unmerge(gone)
            found[:] = [f for f in found if f not in gone]  # (the caller's list: the window's findings)
        new: list[Finding] = []
        for f in result.findings[0] if result.findings else []:
            moved = replace(f, start=f.start - n, end=f.end - n)
            if not (f.kind in types and 0 <= moved.start and moved.end <= len(text)):
                continue
            if at is not None:
                moved = replace(moved, start=at[moved.start], end=at[moved.end])
            if not any(g.start < moved.end and moved.start < g.end for g in found + new) \
                    or _retyped(moved, found + new):
                new.append(moved)
        self._merge_only(result.records, new)
        return new

    async def _json_under_heading(self, heading: Under, raw: str, inside: bool,
                                  found: list[Finding]) -> list[Finding]:
        """`_under_heading` over a JSON window (tool call arguments; `inside`: it starts inside a string): each of
        its strings read decoded, as a whole answer reads the arguments (`proxy.guard.phases.decoded`), the one it
        starts inside under the table header that string released before (`proxy.guard.headings.JsonHeading`): a
        table inside a string (`"| Name | Phone |\\n|---|---|\\n| A | 6175550143 |"`) was read with its line breaks
        escaped, no table's (tablerest15). Only a string with a line break or a tab, or markup, or under a header,
        is read again."""
        if self.policy.output.pii is None or not any(c.isdigit() for c in raw):
            return []
        new: list[Finding] = []
        for piece in json_strings(raw, inside):
            under = heading if piece.goes_on else NO_HEADING
            if under.before or under.html_open or any(c in piece.text for c in "\n\t<"):
                new += await self._under_heading(under, piece.text, found + new, at=piece.at)
        return new

    async def _keys_alone(self, raw: str, inside: bool, found: list[Finding]) -> list[Finding]:
        """Output `pii` findings of a JSON window (tool call arguments as written; `inside`: it starts inside a string)
        that lie in an object's key, kept only where the key read alone holds them, as a whole answer reads a key
        (`proxy.guard.phases.decoded`: a text of its own, never with its values' words): read as one text, the window
        lent a table's header or a label in a value its word (`phone`), and a key of digits after it went out redacted
        (`{"t": "name,phone\\nAnn,x\\n", "2125550199": "y"}`: tablerest15's report, item b). The record no longer
        counts what is dropped."""
        if self.policy.output.pii is None or not any(f.check == "pii" for f in found):
            return found
        keys = [key for key in _json_keys(raw, inside)
                if any(f.check == "pii" and key[0] <= f.start and f.end <= key[1] for f in found)]
        if not keys:
            return found
        result = await self.guard.run_phase(self.policy, "output", [text for _, _, text, _ in keys], vault=self.vault,
                                            only={"pii"}, joined=False)
        alone = [(at[g.start], at[g.end], g.kind) for (_, _, _, at), per in zip(keys, result.findings, strict=True)
                 for g in per]
        spans = [(a, b) for a, b, _, _ in keys]
        dropped = [f for f in found if f.check == "pii" and any(a <= f.start and f.end <= b for a, b in spans)
                   and not any(kind == f.kind and a < f.end and f.start < b for a, b, kind in alone)
                   and not _runs_into_value(f, found, spans)]
        if dropped:
            self._unmerge(dropped)
        return [f for f in found if f not in dropped]

    async def _values_alone(self, pieces: list[tuple[str, bool, bool]],
                            found: list[list[Finding]]) -> list[list[Finding]]:
        """`found` less the `pii` findings inside a JSON document's value that the whole answer's reading does not
        hold (`proxy.guard.docvalues`: a key's header governs its own string only); the record no longer counts
        them."""
        drop = await docvalues.dropped(self.guard, self.policy, self.vault, pieces, found)
        if any(drop):
            self._unmerge([f for per in drop for f in per])
            found = [[f for f in per if f not in gone] for per, gone in zip(found, drop, strict=True)]
        # A finding over several values (`[8443, 3000, 9090, 80]` beside a `phone` word): per value as the whole
        # answer holds it, or dropped (fields22).
        spans = await docvalues.across(self.guard, self.policy, self.vault, pieces, found)
        if not any(spans):
            return found
        self._unmerge([f for per in spans for f, instead in per if not instead])
        out = []
        for per, swaps in zip(found, spans, strict=True):
            instead = {id(f): new for f, new in swaps}
            out.append([g for f in per for g in instead.get(id(f), [f])])
        return out

    def _read_as_document(self, piece: _Piece, final: bool) -> bool:
        """Whether a group's JSON piece is read as a JSON document's, its keys apart (`_keys_alone`): not a field that
        is no JSON object or array, nor one that ended unterminated (`_JsonLex.raw`: a whole answer reads such
        arguments as one text, keys and all)."""
        lex = self._channels[piece.channel].lex
        return piece.in_json and lex is not None and not (
            lex.raw or ((final or self._channels[piece.channel].closed) and lex.open))

    def _unmerge(self, dropped: list[Finding]) -> None:
        """The `pii` record without `dropped` (`_keys_alone`): its counts less theirs; allowed when none is left."""
        rec = self._records.get("pii")
        if rec is None or "findings" not in rec:
            return
        left = Counter(rec["findings"]) - Counter(f.kind for f in dropped)
        rec["findings"] = dict(sorted(left.items()))
        if not left and rec.get("action") != "error":
            rec["action"] = "allow"

    def _json_cut(self, text: str, carry: str = "") -> int:
        """A JSON document (tool call arguments) is held whole up to `2 × hold_chars`, so the values of one
        object are read together (`proxy.guard.joined.sibling_joints`); longer, it goes in such windows."""
        cut = self._cut(text, carry) if len(text) >= 2 * self.hold_chars else 0
        return _escape_safe(text, cut)

    @calls_released  # (tool26)
    @stream_read  # (out43)
    async def _release(self, ch: _Channel, segment: str, final: bool, carry: str = "", name: str = "") -> str:
        before: Before = ch.url_ctx
        if self.restore is not None and self.restore:
            # (a tool call's text given whole in a stream's event, read as a field of no group: the rest of its
            # answer, which may send it, is not known yet: kept, atk21 H1)
            sending = bool(name) and (ch.tool or self._answer_sends(name, [(ch, segment)], final))
            context, ch.url_ctx = ch.url_ctx, url_context(ch.url_ctx + segment, not ch.tool)
            before = self._scope_before(ch, context, segment)
            if sending:
                before = _sending(before)
            if ch.tool and name and ch.dest and len(self._sending) < 1024:
                self._sending.add("@" + name)  # (its answer's held code and tool calls keep their placeholders)
        try:
            if self.windowed and segment and (self.reads_data or not ch.data):
                inside = ch.json_inside
                if ch.in_json:
                    ch.json_inside = json_string_state(segment, inside)
                out = await self._check_window(segment, ch.in_json, inside, data=ch.data, carry=carry, before=before,
                                               whole_url=ch.whole_url, context=ch.context,
                                               heading=ch.json_heading.prefix() if ch.in_json
                                               else under(ch.heading.prefix(), ch.card), released=ch.released33)
                self._follow(ch, segment, ch.in_json)
            else:
                out = self.restore.restore(segment, in_json=ch.in_json, before=before, whole_url=ch.whole_url) \
                    if self.restore is not None else segment
            if self.score_after and not self.blocked and not ch.data:
                await self._score_released(ch, segment, final)
        except GuardUnavailable as exc:
            self._merge(exc.records)
            self.blocked, self.block_check, self.error = True, exc.check, exc.reason
            return ""
        return out

    async def _check_window(self, segment: str, in_json: bool = False, inside: bool = False,
                            data: bool = False, carry: str = "", before: Before = "", whole_url: bool = False,
                            context: str = "", heading: Under = NO_HEADING, keys: bool = False,
                            released: str = "") -> str:
        """Output checks over one window; the releasable text (up to the sentence that blocks, if any).
        `in_json`: the window is (part of) a JSON document, its values read together too; `inside`: it
        starts inside one of its strings; `data`: an id or a name, not scored (toxicity, bias); `carry`: released
        text a `patterns:` match may run on from (`_carried`); `before`: what the field released before says of a
        URL open at the window's start (restore writes no value into one: `proxy.guard.urls`); `whole_url`: the
        window is (part of) a URL field; `context`: the end of what the field released before (`_in_context`);
        `heading`: the table header the window lies under (`_under_heading`); `keys`: a JSON document's window whose
        keys are read alone (`_keys_alone`)."""
        scoring = {"toxicity", "bias"}
        # A JSON window is read with its strings' escapes decoded, as a whole answer's arguments are (`json_view`);
        # what is found maps back onto the raw characters.
        view, at = json_view(segment, inside) if in_json else (segment, None)
        whole = self.guard.run_phase(self.policy, "output", [view], vault=self.vault, skip=scoring,
                                     json_texts=[JSON_IN_STRING if inside else JSON] if in_json else None)
        spans = sentence_spans(segment) or [(0, len(segment))]
        starts, reads = scored_texts(segment, spans, context)  # over an open line break too (F19)
        if data or self.score_after or (self.policy.output.toxicity is None and self.policy.output.bias is None):
            result = await whole
            self._merge(result.records)
            scored_findings: list[list[Finding]] = []
        else:
            result, scored = await asyncio.gather(whole, self.guard.run_phase(
                self.policy, "output", reads, vault=self.vault, only=scoring,
                joined=False))
            self._merge(result.records + scored.records)
            scored_findings = scored.findings
        carried = await self._carried(carry, segment)
        found = _raw_findings(result.findings[0] if result.findings else [], at)
        if keys and in_json:  # its values' findings as the whole answer's reading holds them
            found = (await self._values_alone([(segment, True, inside)], [found]))[0]
        found += await self._in_context(context, segment, found)
        if not in_json:  # names read after the record's lines released before (`released`: `proxy.guard.strm33`)
            found = await rows_after(self, released, segment, await after_lines(self, released, segment, found))
        found += (await self._under_heading(heading, segment, found) if not in_json
                  else await self._json_under_heading(heading, segment, inside, found)) + carried
        if keys and in_json:
            found = await self._keys_alone(segment, inside, found)
        # Where the first blocking sentence starts: everything before it may still go out (a match run on from
        # released text: nothing of the window).
        stops = [(a, f) for a, b in spans for f in found if f.action == "block" and a <= f.start < b]
        stops += [(0, f) for f in carried if f.action == "block"]
        stops += [(starts[k], f) for k, per in enumerate(scored_findings) for f in per if f.action == "block"]
        stops.sort(key=lambda item: item[0])
        self._note([f for _, f in stops] + found + [f for per in scored_findings for f in per])
        if self.policy.monitor:
            return self.restore.restore(segment, in_json=in_json, before=before, whole_url=whole_url) \
                if self.restore is not None else segment
        if stops:
            segment, found = segment[:stops[0][0]], [f for f in found if f.end <= stops[0][0]]
        if not any(f.action == "redact" and f.end > f.start for f in found):
            return self.restore.restore(segment, in_json=in_json, before=before, whole_url=whole_url) \
                if self.restore is not None else segment
        text, rule, restore, vault = segment, self.policy.output.pii, self.restore, self.vault

        def rewrite() -> list[str]:
            return [apply_findings(text, found, vault, restore, in_json=in_json, rule=rule, restorable=False,
                                   json_inside=inside, before=before, whole_url=whole_url)]

        return (await rewritten(rewrite, self.policy, [], "output"))[0]

    async def _score_released(self, ch: _Channel, segment: str, final: bool) -> None:
        """stream_hold: none: score sentences after they went out; a violation stops what follows."""
        ch.unscored += segment
        done = len(ch.unscored) if final else sentence_cut(ch.unscored)
        if not done:
            return
        batch, ch.unscored = sentences(ch.unscored[:done]), ch.unscored[done:]
        if batch:
            late = await self.guard.run_phase(self.policy, "output", batch, vault=self.vault,
                                              only={"toxicity", "bias"}, joined=False)
            self._merge(late.records)
            self._note([f for per_text in late.findings for f in per_text])

    def _note(self, found: list[Finding]) -> bool:
        """Remember the findings' actions; True if one blocks."""
        self._actions.extend(f.action for f in found)
        block = next((f for f in found if f.action == "block"), None)
        if block is not None and not self.policy.monitor and not self.blocked:
            self.blocked, self.block_check, self.block_kind = True, block.check, block.kind
        return block is not None

    def _merge(self, records: list[dict[str, Any]]) -> None:
        for rec in records:
            key = rec["check"]
            agg = self._records.get(key)
            if agg is None:
                self._records[key] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in rec.items()}
                continue
            agg["ms"] = round(agg.get("ms", 0) + rec.get("ms", 0), 2)
            if rank(rec["action"]) > rank(agg["action"]) or rec["action"] == "error":
                agg["action"] = rec["action"]
            if "error" in rec:
                agg["error"] = rec["error"]
            if "findings" in rec:
                agg["findings"] = dict(sorted((Counter(agg.get("findings", {})) + Counter(rec["findings"])).items()))
            if "scores" in rec:
                scores = agg.setdefault("scores", {})
                for label, value in rec["scores"].items():
                    scores[label] = max(scores.get(label, 0.0), value)
            if "groups" in rec:
                agg["groups"] = sorted(set(agg.get("groups", [])) | set(rec["groups"]))


_KEY_GAP = 24  # the characters between a key's end and its value's start (`": "`, escaped quotes, spaces)


def _sending(before: Before) -> Before:
    """A restore context (or each of several) marked as the text of an answer that sends (`proxy.guard.scopes.
    SENDING`: every code scope and tool call of it keeps its placeholders)."""
    if before == SEALED:  # a text a signature covers stays so: nothing restored into it (`proxy.guard.sealed`)
        return before
    return SENDING + before if isinstance(before, str) else tuple(SENDING + b for b in before)


def _runs_into_value(f: Finding, found: list[Finding], keys: list[tuple[int, int]]) -> bool:
    """Whether `f`, in an object's key, is the first piece of a value that goes on in that key's value (a finding of
    its kind starting right after the key, in no key: `{"mary.major&#64;": "example.org"}`, the model's address split
    between a key and its value, which a whole answer reads joined): kept, as the whole answer keeps it."""
    end = next((b for a, b in keys if a <= f.start and f.end <= b), None)
    return end is not None and f.end >= end - 1 and any(
        g is not f and g.check == f.check and g.kind == f.kind and end <= g.start <= end + _KEY_GAP
        and not any(a <= g.start < b for a, b in keys) for g in found)


def _retyped(f: Finding, found: list[Finding]) -> bool:
    """Whether `f`, read under a table's header, types a value the window read as another type over the same
    characters (a sample SSN under an `SSN` column of HTML rows, read as a phone number alone: fields20), so the
    value counts as the header names it (`per_entity`), as in the whole answer."""
    return any(g.start == f.start and g.end == f.end and g.kind != f.kind for g in found) \
        and not any(g.start < f.end and f.start < g.end and g.kind == f.kind for g in found)


def _json_keys(raw: str, inside: bool) -> list[tuple[int, int, str, list[int]]]:
    """The object keys of a JSON text (tool call arguments, or a window of them; `inside`: it starts inside a string):
    each string closed in it and followed by `:`, as (start, end) in `raw` of its characters, its text decoded and
    the offset in `raw` of each of its characters and of its end (`proxy.guard.headings.json_strings`)."""
    out: list[tuple[int, int, str, list[int]]] = []
    for piece in json_strings(raw, inside):
        if piece.open:
            continue
        after = piece.at[-1] + 1  # past its closing quote
        while after < len(raw) and raw[after] in " \t\r\n":
            after += 1
        if after < len(raw) and raw[after] == ":":
            out.append((piece.at[0], piece.at[-1], piece.text, piece.at))
    return out


def _raw_findings(found: list[Finding], at: list[int] | None) -> list[Finding]:
    """Findings in a `json_view` moved onto the raw text's characters (`at`: the view's offsets there)."""
    if at is None:
        return found
    return [f if f.start == f.end == 0 else replace(f, start=at[f.start], end=at[f.end]) for f in found]


def _escape_safe(text: str, cut: int) -> int:
    """`cut` moved back before an escape it would split (`\\u0040`, a surrogate pair's `\\udb40\\udc66`: 12
    characters at most), so a window never ends in half of one and each escape is decoded whole (`json_view`)."""
    if cut <= 0 or cut >= len(text):
        return cut
    back = text.rfind("\\", max(0, cut - 11), cut)
    if back < 0:
        return cut
    run = back
    while back > 0 and text[back - 1] == "\\" and run - back < 32:
        back -= 1
    if back > 0 and text[back - 1] == "\\":
        return cut  # a run of backslashes longer than any escape: no escape to keep whole (and bounded work)
    if back >= 6 and _HIGH_SURROGATE.fullmatch(text, back - 6, back):  # the second half of a pair: before the first
        back -= 6
    return back if back > 0 else cut


_HIGH_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}")
