"""A one-word PERSON span typed all in lower case that is no listed name (a held-out FP hunt, gen46: `tsconfig has
paths set up`, `groups web and db (2 hosts)`, `getaddrinfo failed`, `rename all .jpeg files`, `name: shipctl`,
`name: amqp` in a k8s manifest). spaCy's small model and the keyed-name rules read such identifiers as people; a
person typed in lower case keeps a listed given name or surname among its words (`priya said`, `jane doe`, `name:
max`, `lena`), or stands where `proxy.nlp.lower37` makes any word a name (`thanks rukmini,`, `ask oluwaseun if`,
`pinged oyinkansola twice`, `lunch with fernanda and chidinma`).

A one-word lower-case span (ASCII letters and digits, no capital; other scripts have no case and are left alone;
two words stay: `email tanvir hossain the invoice`) with no listed word, after no cue of a person's own name (`my
name is bill.`, `customer: kim`: a bare `name:` key is no such cue, k8s names every port) and in which lower37 finds
no name itself is dropped. A listed word alone stays whatever its context (`uint64 max` stays a finding: `max` is a
listed name and the tests keep `lena` alone). Drop-only; cheap: nothing unless a PERSON span has no capital letter,
and lower37's scan only when one has no listed word.
"""

from __future__ import annotations

import re
from typing import Any

from proxy.nlp.names import NameLists
from proxy.nlp.pii_types import Result

_LOWER = re.compile(r"[.]?[a-z][a-z0-9.'’_-]*\Z")  # one word: `tanvir hossain` (two unlisted) stays
_TOKENS = re.compile(r"[a-z]+")
# A person's own name cue before the word: `my name is bill.`, `call me max`, `customer: kim` (a key naming a person).
_NAMED = re.compile(r"(?i)(?:\bmy name is|\bmy name's|\bcall me|\bi am|\bi'm|\bthis is|\bnamed|\bcalled"
                    r"|(?:^|[\s\"'{,])(?:first[ _]?name|last[ _]?name|full[ _]?name|surname|given[ _]?name"
                    r"|patient|customer|contact|author|assignee|employee|person)[\"']?[ \t]*[:=])[ \t]*[\"']?\Z")


def without_lc46(text: str, found: list[Result], names: NameLists, lex: Any) -> list[Result]:
    """`found` without the lower-case PERSON spans no word of which is a listed name (the module's docstring)."""
    unlisted = [r for r in found if r[0] == "PERSON" and _LOWER.match(text, r[1], r[2])
                and not any(names.is_name(t) for t in _TOKENS.findall(text[r[1]:r[2]]))
                and not _NAMED.search(text, max(0, r[1] - 24), r[1])]
    if not unlisted:
        return found
    from proxy.nlp.lower37 import lower_names

    cued = set(lower_names(text, names, (lex.nouns, lex.adjectives), lex.verbs))
    drop = {id(r) for r in unlisted if not any(r[1] <= a and b <= r[2] for a, b in cued)}  # (`tanvir hossain`)
    return [r for r in found if id(r) not in drop] if drop else found


__all__ = ["without_lc46"]
