"""Laws, doctrines, legal tests and plans named after people, and distributions named so, as the NER reads them
(contact22: atk22b L2; the README's medical and technical eponyms, extended to the law).

A capitalised word, or two or three of them hyphenated (`Sarbanes-Oxley`, `Dodd-Frank`, `Glass-Steagall`), right
before a legal head noun is the statute, doctrine or test named after them, not a person: capitalised heads (`the
Hatch Act`, `the Marshall Plan`, `the Fourteenth Amendment`, `the Jones Act`, `Miller Rule`) and the law's lower-case
terms (`Miranda rights`, `Brady material`, `the Daubert standard`, `a Terry stop`, `an Allen charge`, `the Chevron
doctrine`); also a Linux distribution's name (`Rocky Linux 9`, `Kali Linux`). A head that is also a verb (`stop`,
`charge`, `rule`, `test`, `plan`...) only with an article, a possessive pronoun or a preposition before the term (`Terry
stop the server` stays a name); a person's cue beside the span keeps it a name: a title before it (`Mr. Allen charge`),
a given name before it (`Tom Hatch Act`), a possessive after it (`Allen's charge`).
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

# Capitalised heads, as a statute's or a plan's name writes them.
_CAPITAL_HEADS = frozenset("""
Act Acts Law Laws Amendment Amendments Clause Treaty Doctrine Rule Rules Standard Test Plan Accords Accord Convention
Directive Regulation Regulations Statute Code Decision Warnings Rights Hearing Exception Linux
""".split())
# The law's lower-case terms after the name (`Miranda rights`, `Brady material`, `Daubert standard`).
_LOWER_HEADS = frozenset("""
act rights warning warnings material materials doctrine standard hearing hearings exception exceptions defense defence
motion notice violation violations disclosure disclosures waiver instruction instructions stop stops charge charges rule
rules test plan
""".split())
# Heads that are verbs too: the term needs a determiner or a preposition before it.
_VERB_HEADS = frozenset("stop stops charge charges rule rules test plan act notice waiver".split())
_DETERMINERS = frozenset("""
a an the his her their its our your my this that these those under per of in on by with from for to after before
about against via violating violate violated comply complies applied apply applies invoke invoked invoking cite cited
""".split())
_TITLES = frozenset("mr mrs ms mx dr prof sir judge justice senator rep representative officer det".split())
_GROUP = re.compile(r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*){0,2}")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’]*)\.?[ \t\u00a0]+$")
_HEAD_AFTER = re.compile(r"[ \t\u00a0]+([A-Za-z]+)\b(?!['’]s)")


def statute_span(text: str, start: int, end: int, *, names: NameLists) -> bool:
    """Whether the PERSON span `text[start:end]` is (part of) a name of a statute, a doctrine, a legal test or a plan
    before its head noun (see the module's docstring)."""
    inside = re.search(r"[ \t\u00a0]+([A-Z][a-z]+)$", text[start:end])
    if inside is not None and inside.group(1) in _CAPITAL_HEADS:
        end = start + inside.start()  # the head inside the span: `Rocky Linux`, `Hatch Act`
    a = start
    while a > 0 and (text[a - 1].isalnum() or text[a - 1] in "-'’"):
        a -= 1
    m = _GROUP.match(text, a)
    if m is None or m.end() < end or text[m.end() - 2:m.end()] in ("'s", "’s"):
        return False
    head = _HEAD_AFTER.match(text, m.end())
    if head is None:
        return False
    word = head.group(1)
    if word not in _CAPITAL_HEADS and word not in _LOWER_HEADS:
        return False
    before = _WORD_BEFORE.search(text, max(0, a - 40), a)
    prev = before.group(1) if before else ""
    if prev.lower() in _TITLES or (prev[:1].isupper() and names.is_first(prev) and prev.lower() not in _DETERMINERS):
        return False  # `Mr. Allen charge`, `Tom Hatch Act`: a person
    if word.lower() in _VERB_HEADS and word not in _CAPITAL_HEADS and prev.lower() not in _DETERMINERS:
        return False  # `Terry stop the server`
    return True


__all__ = ["statute_span"]
