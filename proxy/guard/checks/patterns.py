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
  `\\b` is also the edge of a word in an identifier (`_` separates words: `the_project_falcon_doc.md`);
  the text is also read with the hyphens between letters, and the gaps between letters written one by one,
  left out (`proj-ect fal-con`, `p r o j e c t`);
  everything else as written (a pattern that must
  ignore case says `(?i)`, as the shipped ones do). Patterns in verbose mode (`(?x)`) are used as written;
- across texts too: a match that crosses from one text into the next (`proxy.guard.joined`) is a
  finding in each; an object key of a tool input is read with its value (`{"project": "falcon"}`), and
  the keys and values of one JSON object or array with each other (`{"a": "project", "b": "falcon"}`,
  `metadata: {"project": "falcon"}`, `["project", "falcon"]`, the values inside tool-call arguments).
Matching runs in the guard's threads, never on the event loop.
"""

from __future__ import annotations

import functools
import re
import re._parser as sre_parse
from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules, _nested_repeat
from proxy.guard import operators
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.decision import Decision
from proxy.guard.joined import JOINT_STARTS, Joint, joints, sibling_joints
from proxy.guard.vault import PLACEHOLDER
from proxy.nlp.normalize import joined_reading, pattern_view

JOINT_REACH = 100
# A space in a pattern: any run of whitespace, punctuation and symbols between the words, or none
# (`project.falcon`, `project/falcon`, `project+falcon`, `project_falcon`, `projectfalcon`).
_SEPARATORS = r"[\W_]*"
# `\b` in a pattern: a word's edge, `_` one too (`the_project_falcon_doc.md`, `re_project_falcon`): an
# identifier's words are words.
_WORD_EDGE = r"(?:\b|(?<=_)(?=[^\W_])|(?<=[^\W_])(?=_))"
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


class PatternCheck:
    name: ClassVar[str] = "patterns"

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return bool(rules.patterns)

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        def scan() -> list[list[Finding]]:
            found = [self.find(text, ctx) for text in texts]
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
            for joint in across:
                for f in self.find(joint.text, ctx, protect=False):
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
    def find(text: str, ctx: CheckContext, protect: bool = True) -> list[Finding]:
        """Matches of the rules in `text`'s normalised view for patterns, in `text`'s offsets."""
        view = pattern_view(text)
        joined = joined_reading(view)  # `proj-ect fal-con`: hyphens inside words left out, a second reading
        found: list[Finding] = []
        for rule in ctx.rules.patterns:
            for reading in (view,) if joined is None else (view, joined):
                for m in loose(rule.regex).finditer(reading.text):
                    if m.end() <= m.start() or _across_sentences(rule.regex, reading.text, m.start(), m.end()):
                        continue
                    start, end = reading.span(m.start(), m.end())
                    finding = Finding("patterns", rule.name, rule.action, start, end)
                    if finding not in found and not (protect and _protected(text, ctx, start, end)):
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
