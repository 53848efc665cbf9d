"""Regex rules (`patterns:` in a policy): each match is a finding named after its rule.

How a pattern is matched, so that `project falcon` also catches `project  falcon`, `project\u00a0falcon`,
`project\u200bfalcon`, `project-falcon` and `ＰＲＯＪＥＣＴ falcon`:
- on each text's normalised view for patterns (`proxy.nlp.normalize.pattern_view`: NFKC, invisible
  characters removed, tag characters read as the ASCII they spell, Unicode spaces folded, escapes,
  percent-encoding and HTML references decoded, and look-alike letters of any script read as the Latin
  ones, combining marks dropped), the finding
  mapped back to the characters as sent;
- a space in the pattern (a literal space, `\\ ` or `\\s`, with any quantifier after it) matches any run
  of whitespace, punctuation and symbols (`project.falcon`, `project/falcon`, `project_falcon`), or none,
  but not a sentence's end (`.`, `!` or `?`, whitespace and a capital: `the project. Falcon 9 launched`);
  `\\b` is also the edge of a word in an identifier (`_`, a case change and a letter-digit edge separate
  words: `the_project_falcon_doc.md`, `ProjectFalcon2`; so does the edge between a Latin letter and one of Han,
  kana, Hangul, Thai...: `Project Falconの進捗`);
  the text is also read with the hyphens between letters, an underscore between parts of words, and the gaps
  between letters written one by one, left out (`proj-ect fal-con`, `pro_ject fal_con`, `p r o j e c t`,
  `p*r*o*j*e*c*t`, `p - r - o - j`: any one same run of up to three punctuation marks, symbols and spaces);
  and, where it has HTML comments, all that again without them (`project fal<!-- -->con`;
  `proxy.nlp.normalize.pattern_readings`);
  everything else as written (a pattern that must
  ignore case says `(?i)`, as the shipped ones do). Patterns in verbose mode (`(?x)`) are used as written;
- across texts too: a match that crosses from one text into the next (`proxy.guard.joined`) is a
  finding in each; an object key of a tool input is read with its value (`{"project": "falcon"}`), and
  the keys and values of one JSON object or array with each other (`{"a": "project", "b": "falcon"}`,
  `metadata: {"project": "falcon"}`, `["project", "falcon"]`, the values inside tool-call arguments).
Matching runs in the guard's threads, never on the event loop.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import re._parser as sre_parse
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from proxy.config.policy import InputRules, OutputRules, _nested_repeat
from proxy.guard import operators
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.decision import Decision
from proxy.guard.joined import (
    ANSWER_FIELDS,
    JOINT_STARTS,
    Joint,
    joints,
    json_fields,
    json_value_joints,
    on_texts,
    sibling_joints,
)
from proxy.guard.json46 import content_joints  # JSON in content and answers, in a JSON string (json46)
from proxy.guard.vault import PLACEHOLDER, Vault
from proxy.nlp.fold31 import fold_open  # (fold31)
from proxy.nlp.key46 import pair_findings  # (key46)
from proxy.nlp.normalize import (
    MARKUP_CHARS,
    RENDERED_REACH,
    UNFOLDED_SCRIPTS,
    View,
    markup_open,
    pattern_readings,
    rendered_open,
)

JOINT_REACH = 100
# A space in a pattern: any run of whitespace, punctuation and symbols between the words, or none
# (`project.falcon`, `project/falcon`, `project+falcon`, `project_falcon`, `projectfalcon`).
_SEPARATORS = r"[\W_]*"
# `\b` in a pattern: a word's edge, `_` one too (`the_project_falcon_doc.md`, `re_project_falcon`), and so
# are a case change and the edge between letters and digits (`ProjectFalcon2`, `getOspreyStatus`,
# `PROJECTFalcon`): an identifier's words are words, in prose as in names. The case tests are case-sensitive
# whatever the rule's flags (`(?-i:...)`: under `(?i)` `[a-z]` would match every letter). So is the edge between a
# Latin letter and a letter of a script Chinese, Japanese, Korean, Thai... are written in (`UNFOLDED_SCRIPTS`), which
# glue a particle or the next word to a Latin term (`Project Falconの進捗`, `来週からProject Falconを`,
# `project falcon에 대해`); not between Latin letters with and without marks (`falconé`: one word, as `café` is),
# nor into Greek, Cyrillic or Armenian, which the view partly reads as Latin.
# (The Latin test first, then a cheap non-ASCII one: most positions of a text fail at one of them. Punctuation of
# those blocks is an edge already, the view reads their digits as ASCII digits and drops their marks.)
_LATIN = "[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"
_WORD_EDGE = (r"(?:\b|(?<=_)(?=[^\W_])|(?<=[^\W_])(?=_)|(?<=(?-i:[a-z]))(?=(?-i:[A-Z]))"
              r"|(?<=(?-i:[A-Z]))(?=(?-i:[A-Z][a-z]))|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])"
              f"|(?<={_LATIN})(?=[^\\x00-\\x7f\\s])(?=[{UNFOLDED_SCRIPTS}])"
              f"|(?={_LATIN})(?<=[^\\x00-\\x7f\\s])(?<=[{UNFOLDED_SCRIPTS}]))")
# A space in a pattern: a literal space, an escaped one or \s, then an optional quantifier (lazy or not).
_SPACE_TOKEN = re.compile(r"(?: |\\ |\\s)+(?:[*+?]|\{\d*(?:,\d*)?\})?\??")


def _loosen(regex: str) -> str:
    """`regex` with every space outside a character class matching `[\\s_-]*` (see the module's docstring)."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(regex):
        ch = regex[i]
        if not in_class:
            m = _SPACE_TOKEN.match(regex, i)
            if m is not None:
                out.append(_SEPARATORS)
                i = m.end()
                continue
        if ch == "\\":
            out.append(_WORD_EDGE if regex[i:i + 2] == "\\b" and not in_class else regex[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            # A "]" right after "[" or "[^" is a literal.
            i += 1
            if regex.startswith("^", i):
                out.append("^")
                i += 1
            if regex.startswith("]", i):
                out.append("]")
                i += 1
            continue
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def loose(regex: str) -> re.Pattern[str]:
    """The compiled pattern a rule is matched with (its own regex where loosening cannot apply safely)."""
    if re.search(r"\(\?[aiLmsu]*x", regex):
        return re.compile(regex)
    new = _loosen(regex)
    try:
        if new != regex and not _nested_repeat(sre_parse.parse(new)):
            return re.compile(new)
    except re.error:
        pass
    return re.compile(regex)


# What the rules find in a joint's text (`PatternCheck.find`, unprotected: a function of the text and the rules
# only), remembered: a resent conversation reads the same joints turn after turn (its messages' cuts, each
# `metadata` value with the latest message texts, `proxy.guard.phases.field_pairs`), and most of what a joint
# costs is the rules' reading of it (`bench/metadata_pairs.py --resend`). Keyed by the process's string hash and
# the length of the text and by the rules (no text kept); emptied when full.
_JOINT_FINDS: dict[tuple[int, int, int], tuple[Finding, ...]] = {}
JOINT_FINDS_SIZE = 20_000


def rules_key(rules: Sequence[Any]) -> int:
    """The part of `patterns:` rules a finding depends on (`find`), as one key."""
    return hash(tuple((rule.name, rule.regex, rule.action) for rule in rules))


def joint_finds(text: str, ctx: CheckContext, rules: int) -> tuple[Finding, ...]:
    """`PatternCheck.find(text, ctx, protect=False)`, remembered (`_JOINT_FINDS`); `rules`: `rules_key` of the
    context's rules."""
    key = (hash(text), len(text), rules)
    found = _JOINT_FINDS.get(key)
    if found is None:
        found = tuple(PatternCheck.find(text, ctx, protect=False))
        if len(_JOINT_FINDS) >= JOINT_FINDS_SIZE:
            _JOINT_FINDS.clear()
        _JOINT_FINDS[key] = found
    return found


class PatternCheck:
    name: ClassVar[str] = "patterns"

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return bool(rules.patterns)

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        def scan() -> list[list[Finding]]:
            if not (ctx.restored and ctx.vault is not None):
                return scan_texts(texts)
            # What the client gets is the answer restored: read that (`Project <PERSON_1>` is `Project Osprey
            # Smith`), each finding mapped back to the answer as the model wrote it (a match that reaches into
            # a restored value takes its whole placeholder). A match entirely inside one restored value is the
            # client's own text (`own`), left alone as the placeholder was.
            views = [ctx.vault.restored_view(text) for text in texts]
            found = scan_texts([view.text for view, _ in views], [own for _, own in views])
            out: list[list[Finding]] = []
            for (view, _), per_text in zip(views, found, strict=True):
                mapped: list[Finding] = []
                for f in per_text:
                    start, end = view.span(f.start, f.end)
                    moved = replace(f, start=start, end=end)
                    if moved not in mapped:
                        mapped.append(moved)
                out.append(mapped)
            return out

        def scan_texts(texts: Sequence[str], owns: Sequence[Sequence[tuple[int, int]]] = ()) -> list[list[Finding]]:
            found = [self.find(text, ctx, own=owns[i] if owns else ()) for i, text in enumerate(texts)]
            found = pair_findings(texts, found, lambda t: self.find(t, ctx, protect=False))  # cells, attributes (key46)
            # An object key of a tool input is read with its value (`{"project": "falcon"}`).
            for i in range(len(texts) - 1):
                if ctx.joinable is not None and i < len(ctx.joinable) and ctx.joinable[i] is None and texts[i]:
                    pair = Joint(texts[i] + " " + texts[i + 1], ((i, 0, 0, len(texts[i])),
                                                                 (i + 1, 0, len(texts[i]) + 1, len(texts[i + 1]))),
                                 (len(texts[i]) + 1,))
                    for f in self.find(pair.text, ctx, protect=False):
                        if pair.crosses(f.start, f.end):
                            for j, start, end in pair.project(f.start, f.end):
                                piece = Finding("patterns", f.kind, f.action, start, end)
                                if piece not in found[j]:
                                    found[j].append(piece)
            across = joints(texts, JOINT_REACH, joinable=ctx.joinable, starts=JOINT_STARTS, ids=True) \
                if ctx.joined and len(texts) > 1 else []
            # The values of one JSON object or array, keys and values in order (`{"a": "project", "b": "falcon"}`).
            across += sibling_joints(texts, ctx.documents, ctx.json_texts, JOINT_REACH)
            across += content_joints(texts, ctx.json_texts, JOINT_REACH, None)  # JSON in content (json46)
            # A request's JSON texts and an answer's tool results sent as JSON: their string values read joined
            # directly, as the values of tool-call arguments are (`{"a": "proj", "b": "ect falcon"}`).
            fields = json_fields(texts, ctx.json_texts, None if ctx.phase == "input" else ANSWER_FIELDS) \
                if ctx.joined else []
            across += [on_texts(j, texts, fields) for j in json_value_joints(texts, fields, JOINT_REACH,
                                                                             starts=JOINT_STARTS)]
            rules = rules_key(ctx.rules.patterns)
            for joint in across:
                for f in joint_finds(joint.text, ctx, rules):
                    if joint.crosses(f.start, f.end):
                        # A part of it in a field that cannot be rewritten (`Joint.fixed`, an id): block.
                        action = Decision.BLOCK if f.action == Decision.REDACT and joint.touches_fixed(f.start, f.end) \
                            else f.action
                        for i, start, end in joint.project(f.start, f.end):
                            piece = Finding("patterns", f.kind, action, start, end)
                            # Joints overlap where texts are short: the same match comes once.
                            if piece not in found[i] and not _protected(texts[i], ctx, start, end):
                                found[i].append(piece)
            return found

        try:
            return Inspection(await operators.run(scan))
        except Exception as exc:  # never the text: the type only
            raise CheckError(f"patterns failed: {type(exc).__name__}") from None

    @staticmethod
    def find(text: str, ctx: CheckContext, protect: bool = True,
             own: Sequence[tuple[int, int]] = ()) -> list[Finding]:
        """Matches of the rules in `text`'s normalised view for patterns, in `text`'s offsets. `own`: the spans of
        the client's values restored into `text`: a match entirely inside one is not a finding."""
        # `proj-ect fal-con`: hyphens inside words left out, a second reading; `fal<!-- -->con`: HTML comments too
        readings = pattern_readings(text)
        found: list[Finding] = []
        for rule in ctx.rules.patterns:
            for reading in readings:
                for m in loose(rule.regex).finditer(reading.text):
                    if m.end() <= m.start() or _across_sentences(rule.regex, reading.text, m.start(), m.end()):
                        continue
                    start, end = reading.span(m.start(), m.end())
                    finding = Finding("patterns", rule.name, rule.action, start, end)
                    if finding not in found and not (protect and _protected(text, ctx, start, end)) \
                            and not any(a <= start and end <= b for a, b in own):
                        found.append(finding)
        return found


# A sentence's end: `.`, `!` or `?`, whitespace, a capital letter (`the project. Falcon 9 launched`).
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\u00c0-\u00d6\u00d8-\u00de])")


def _across_sentences(regex: str, text: str, start: int, end: int) -> bool:
    """A match that a pattern's space made across a sentence's end: a space joins words of one sentence
    (`project.falcon`, `project. falcon` still match), unless the rule's own regex matches that text."""
    if _SENTENCE_END.search(text, start, end) is None:
        return False
    try:
        return re.compile(regex).fullmatch(text, start, end) is None
    except re.error:
        return True


def _protected(text: str, ctx: CheckContext, start: int, end: int) -> bool:
    """On output, the request's placeholders and fakes stand for the client's values: left alone."""
    if ctx.phase != "output":
        return False
    protected = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    if ctx.vault is not None:
        protected += ctx.vault.fake_spans(text)
    return any(start < e and b < end for b, e in protected)


# --------------------------------------------------------------------------- stream windows

_INF = float("inf")
_C = sre_parse  # the opcodes (`re._constants`), as `re._parser` re-exports them
_NO_ALNUM_CATEGORIES = {_C.CATEGORY_NOT_WORD, _C.CATEGORY_SPACE}
_SPACE_CATEGORIES = {_C.CATEGORY_SPACE, _C.CATEGORY_NOT_WORD, _C.CATEGORY_NOT_DIGIT}


def _class_width(items: Any) -> tuple[float, bool]:
    """(1 if the class can match a letter or digit else 0, whether it can match whitespace)."""
    if items and items[0][0] is _C.NEGATE:  # `[^\W_]`: no whitespace; `[^}]`: whitespace too
        return 1, not any(op is _C.CATEGORY and av in _NO_ALNUM_CATEGORIES for op, av in items[1:])
    alnum = space = False
    for op, av in items:
        if op is _C.LITERAL:
            ch = chr(av)
            alnum, space = alnum or ch.isalnum(), space or ch.isspace()
        elif op is _C.RANGE:
            lo, hi = int(av[0]), int(av[1])
            alnum = alnum or any(chr(c).isalnum() for c in range(lo, min(hi, lo + 512) + 1)) or hi > 127
            space = space or any(chr(c).isspace() for c in range(lo, min(hi, 0x3000) + 1))
        elif op is _C.CATEGORY:
            alnum = alnum or av not in _NO_ALNUM_CATEGORIES
            space = space or av in _SPACE_CATEGORIES
        else:
            return 1, True
    return (1 if alnum else 0), space


def _width(items: Any) -> tuple[float, bool]:
    """The most letters and digits a match of the parsed `items` can hold (inf: no bound), and whether it can
    hold whitespace. Conservative: an opcode not read here counts as unbounded, with whitespace."""
    total, space = 0.0, False
    for op, av in items:
        w: float
        s: bool
        if op is _C.LITERAL:
            w, s = (1 if chr(av).isalnum() else 0), chr(av).isspace()
        elif op in (_C.NOT_LITERAL, _C.ANY):
            w, s = 1, True
        elif op is _C.IN:
            w, s = _class_width(av)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            w, s = _width(sub)
            w = 0 if w == 0 else (_INF if hi == _C.MAXREPEAT else w * hi)
        elif op is _C.SUBPATTERN:
            w, s = _width(av[-1])
        elif op is _C.ATOMIC_GROUP:
            w, s = _width(av)
        elif op is _C.BRANCH:
            alts = [_width(alt) for alt in av[1]]
            w, s = max(a for a, _ in alts), any(b for _, b in alts)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            direction, sub = av
            w, s = _width(sub) if direction == 1 else (0, False)  # a lookahead reads after the match
        elif op is _C.AT:
            w, s = 0, False
        elif op is _C.GROUPREF_EXISTS:
            _, yes, no = av
            a, b = _width(yes), (_width(no) if no is not None else (0, False))
            w, s = max(a[0], b[0]), a[1] or b[1]
        else:  # a back reference, anything new
            w, s = _INF, True
        total += w
        space = space or s
    return total, space


@functools.lru_cache(maxsize=256)
def cut_reach(regexes: tuple[str, ...]) -> float:
    """How many letters and digits must be known after a stream window's cut before a match of one of the
    rules that crosses it is sure to be visible: 0 when no rule can match across whitespace (a stream window
    ends after whitespace: `\\b(sk|gp)-[A-Za-z0-9_-]{16,}\\b` never crosses one), the most a match can hold
    otherwise (`(?i)\\bproject (falcon|osprey)\\b`: 17), inf when unbounded (`REF\\{[^}]*\\}`)."""
    reach = 0.0
    for regex in regexes:
        try:
            w, s = _width(sre_parse.parse(loose(regex).pattern).data)
        except (re.error, RecursionError, TypeError, ValueError):
            w, s = _INF, True
        if s:
            reach = max(reach, w)
    return reach


@functools.lru_cache(maxsize=256)
def match_reach(regexes: tuple[str, ...]) -> float:
    """The most letters and digits one match of any of the rules can hold, whitespace or not (inf: no bound):
    how much of a stream's released text a match may still cross from (`proxy.guard.windows`, the carry)."""
    reach = 0.0
    for regex in regexes:
        try:
            w, _ = _width(sre_parse.parse(loose(regex).pattern).data)
        except (re.error, RecursionError, TypeError, ValueError):
            w = _INF
        reach = max(reach, w)
    return reach


_LETTER = re.compile(r"[^\W\d_]")


def _counts(view: View) -> list[int]:
    """The letters and digits of `view` up to each of its positions."""
    counts = [0]
    for ch in view.text:
        counts.append(counts[-1] + (1 if ch.isalnum() else 0))
    return counts


class WindowCuts:
    """Where a stream window may end for `patterns:` rules (`proxy.guard.windows`): not inside a match that
    could still grow. A space in a pattern matches any run of whitespace, punctuation and symbols, so
    `project` then a line break (or a blank line, or chunks of spaces) then `falcon` is one match: a cut
    after `project\\n` is taken only once no match of the known text crosses it and enough letters and
    digits (`cut_reach`) follow it in the view the rules read for a match that crosses it to be visible."""

    def __init__(self, text: str, regexes: tuple[str, ...], vault: Vault | None = None) -> None:
        self.text = text
        self.reach = cut_reach(regexes)
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []
        self.reach_to: list[int] = []
        self.counts: list[int] = []
        self.view: View | None = None
        self.others: list[tuple[View, list[int]]] = []
        # `vault` (answers restored): the rules read the text as the client gets it (`Vault.restored_view`); spans
        # are mapped back to `text`, a cut in `text` forward into it (`_moves`: each restored value's spans).
        self._moves: list[tuple[int, int, int, int]] = []
        if self.reach == 0 or self.reach == _INF:
            return
        restored: View | None = None
        if vault is not None and vault:
            restored, own = vault.restored_view(text)
            self._moves = [(*restored.span(a, b), a, b) for a, b in own]
        readings = pattern_readings(restored.text if restored is not None else text)
        view = readings[0]
        for reading in readings:
            for regex in regexes:
                for m in loose(regex).finditer(reading.text):
                    if m.end() > m.start():
                        span = reading.span(m.start(), m.end())
                        self.spans.append(restored.span(*span) if restored is not None else span)
        self.spans.sort()
        self.starts = [a for a, _ in self.spans]
        self.reach_to = list(itertools.accumulate((b for _, b in self.spans), max))  # furthest end so far
        self.view = view
        self.counts = _counts(view)
        # The other readings (without HTML comments: `fal<!-- 200 letters -->` then `con`): what follows a cut is
        # counted in each, a comment's letters not being read there.
        self.others = [(r, _counts(r)) for r in readings[1:]]
        # A comment open at the end of the text: what it holds is not read in the reading without it, so the
        # letters after a cut before it count up to its start only (`project |fal<!-- 200 letters`, ` -->con`).
        self.comment_at = markup_open(text)  # (or a tag with attributes: `project <span class="x`, `">falcon`)

    def may_cut(self, cut: int) -> bool:
        t = self.text
        if MARKUP_CHARS.search(t) and markup_open(t[:cut]) >= 0:
            return False  # inside an HTML comment or a tag that may still close (`project fal<!-- a. b` then
            # ` -->con`, `project <span title="a. b` then `">falcon`)
        lo = max(0, cut - RENDERED_REACH)
        if (t.find("$", lo, cut) >= 0 or t.find("<", lo, cut) >= 0 or t.find("\\(", lo, cut) >= 0) \
                and rendered_open(t[lo:cut]):
            return False  # inside an inline math span or an element shown reversed not yet closed (`$\text{we start
            # project} ` then `\text{falcon}$`, `<bdo dir=rtl>noclaf ` then `tcejorp</bdo>`: issue 12, stream joins)
        if 2 <= cut < len(t) + 1 and t[cut - 1] == " " and _LETTER.fullmatch(t[cut - 2]) \
                and not (cut >= 3 and _LETTER.fullmatch(t[cut - 3])):
            return False  # inside letters written one by one (`p r o j e c t`: the joined reading), any rule
        if self.reach == 0:
            return True
        if fold_open(t, cut):
            return False  # in an iCalendar/vCard fold or the word one may continue (`Project Fal\r\n` then ` con`)
        if self.reach == _INF or self.view is None:
            return False  # held up to the window's cap, which then cuts as before
        k = bisect.bisect_left(self.starts, cut)  # the matches that start before the cut
        if k and self.reach_to[k - 1] > cut:
            return False  # one of them ends after it
        if 0 <= self.comment_at and cut <= self.comment_at \
                and sum(ch.isalnum() for ch in t[cut:self.comment_at]) < self.reach:
            return False
        cut = self._forward(cut)
        return self._follow(self.view, self.counts, cut) and all(self._follow(*other, cut) for other in self.others)

    def _follow(self, view: View, counts: list[int], cut: int) -> bool:
        """Whether `reach` letters and digits follow `cut` (in the text the rules read) in `view`."""
        if view.identity:
            return counts[-1] - counts[cut] >= self.reach
        lo, hi = 0, len(view.text)  # the first view position whose original start is at or after `cut`
        while lo < hi:
            mid = (lo + hi) // 2
            if view.span(mid, mid)[0] < cut:
                lo = mid + 1
            else:
                hi = mid
        return counts[-1] - counts[lo] >= self.reach

    def _forward(self, cut: int) -> int:
        """`cut` (in `text`) in the restored text the rules read (inside a placeholder: before its value)."""
        shift = 0
        for a0, b0, a, b in self._moves:
            if cut <= a0:
                break
            if cut < b0:
                return a
            shift = b - b0
        return cut + shift
