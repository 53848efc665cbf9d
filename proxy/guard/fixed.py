"""`patterns:` rules on texts that cannot be rewritten: names, ids and credentials (issue 12, "No side doors").

The model and the tool names of a request, the ids it sends (the `tool_call_id` a tool result answers), an MCP
server's credentials, and, in an answer, the strings the answer inventory reads as ids, names or other fields
of a promised shape (`model`, `id`, `system_fingerprint`, a tool call's `name` and `id`:
`proxy.providers.answers.answer_names`). None can be redacted without breaking the conversation, the client's
code or a login, so a rule that redacts or blocks blocks when it matches one; a rule that flags, flags.
Credentials are read by the rules that block only (a rule for keys pasted by mistake, `sk-...`, would refuse
every login). Pure functions over strings.

A name is read as written and as words: split at punctuation and at a lower-to-upper case change (`projectFalcon`).
A run of capitals then lower case is read both ways, with digits apart from letters: the last capital starting a
word (`getProjectFALCONStatus`: `FALCON Status`) or, before one or two lower-case letters, the run a word of its own
(`ProjectFALCONv2`: `FALCON v 2`). A rule matches any of the readings (one may name `HTTPServer` or `gpt4o` as
written). Words run together in one case (`getPROJECTFALCONSTATUS`, `getprojectfalconstatus`, `Projectfalconstatus`:
7 letters or more) are read once more split into their likeliest English words (`proxy.nlp.segment`; the rule's own
words count as common ones): a match there counts when it spans a split (`PROJECT FALCON`), so a rule of two words
or more finds them run together; a one-word rule is not looked for inside a run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.config.policy import PatternRule
from proxy.guard.checks.patterns import loose
from proxy.nlp.normalize import pattern_view

_NAME_SPLIT = re.compile(r"[\W_]+|(?<=[a-z])(?=[A-Z])")
_READINGS = (re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])"),
             re.compile(r"(?<=[A-Z]{2})(?=[a-z]{1,2}(?![a-z]))|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])"))
_RULE_WORDS = re.compile(r"[A-Za-z]{3,}")
RUN_TOGETHER_NAME = re.compile(r"[a-z]{6,}|[A-Z]{7,}")  # what `proxy.nlp.segment.RUN_TOGETHER` may find
MAX_NAME = 4096  # characters of one name read (a credential may be long)
NAME_CHECK = "patterns"  # the record's check when a rule matches a name, an id or a credential


def _rule_words(regex: str) -> frozenset[str]:
    """The literal words of a rule's regex (escapes such as `\\b` left out), lower case."""
    return frozenset(w.lower() for w in _RULE_WORDS.findall(re.sub(r"\\.", " ", regex)))


def name_findings(rules: Sequence[PatternRule], names: Sequence[str],
                  credentials: Sequence[str] = ()) -> tuple[dict[str, int], str, set[str]]:
    """What `rules` find in `names` (read as words, see the module's docstring) and, by the rules that block
    only, in `credentials`: matches per rule name, the action (`block` when a rule that redacts or blocks
    matched, else `flag`), and the texts such a rule matched (to withhold)."""
    findings: dict[str, int] = {}
    action = "flag"
    matched: set[str] = set()
    if not rules:
        return findings, action, matched
    from proxy.nlp.segment import RUN_TOGETHER, split_reading

    extra = frozenset().union(*(_rule_words(rule.regex) for rule in rules))
    fixed = {name[:MAX_NAME]: False for name in names}
    for credential in credentials:
        fixed.setdefault(credential[:MAX_NAME], True)
    for name, block_only in fixed.items():
        if not name:
            continue
        words = _NAME_SPLIT.sub(" ", name)
        # As written too: a rule may spell a name's punctuation (`project-falcon`, `gpt-4o`).
        views = [pattern_view(w).text for w in dict.fromkeys([name, words, *(r.sub(" ", words) for r in _READINGS)])]
        # Words run together in one case, split (only a match across a split counts: a one-word rule inside a
        # run, `kill` in `getskill`, would be a substring search).
        splits = [split_reading(v[:256], extra) for v in views if RUN_TOGETHER.search(v)]
        for rule in rules:
            if block_only and rule.action != "block":
                continue
            regex = loose(rule.regex)
            if any(regex.search(v) for v in views) or any(
                    any(a < cut < b for cut in cuts for a, b in [m.span()]) for text, cuts in splits
                    for m in regex.finditer(text)):
                findings[rule.name] = findings.get(rule.name, 0) + 1
                if rule.action != "flag":
                    action = "block"
                    matched.add(name)
    return findings, action, matched


def name_record(phase: str, findings: dict[str, int], action: str, monitor: bool) -> dict[str, object]:
    """The check record of `name_findings`' findings (monitor mode: `would_block` for a block)."""
    return {"phase": phase, "check": NAME_CHECK, "field": "name", "ms": 0.0,
            "action": f"would_{action}" if monitor and action == "block" else action,
            "findings": dict(sorted(findings.items()))}
