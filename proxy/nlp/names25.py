"""Full names of two everyday words (`Bill White`, `Hope Young`, `Will Long`) where the place says a person's name
stands, whatever the word lists say of its words (names25, atk24a F03, F08, F14, F20):

- `person_key`: one reading of a key that names a person, for every route (message text, tool-call arguments,
  prompt variables): a key read by its words (`customer_name`, `customerName`, `customer-name`, `CustomerName`,
  `created_by`, `{{user.name}}`): `name` alone or with a generic word (`full_name`, `display_name`), a person's
  noun as its head with or without `name` after it (`customer`, `patient_name`, `cardholder_name`, `requester`,
  `caller`, `kunde`), a person's name's modifier before `name` (`real_name`, `legal_name`, `billing_name`), a
  verb before `by` (`created_by`), a mail's fields (`to`, `from`, `cc`). Not a thing's (`product_name`,
  `file_name`, `project_name`, `team_owner` is a person's).
- `names25`: the names under such keys (JSON, a Python dict, YAML/INI lines, `key=value;`, a label line, a comment's
  `# Author:`), in records and code (`Copyright (c) 2024 Bill White`, `__author__ = 'Bill White'`, `Written by Bill
  White`, `TODO(Bill White)`, a table's cells under a person's column, action items `- [ ] Bill White to send`, chat
  transcripts `[10:02] Bill White: ...`, `git blame`, `git shortlog`, `CN=Bill White`), in mail headers written
  `Surname, Given` without quotes (`From: White, Bill <...>`, `To: Young, Hope; Hall, Grace`, `White, Bill Jr.`),
  a mail link's text (`[Bill White](mailto:...)`), a display name with a role (`"Hope Young (Finance)" <...>`), and
  after a personalised prompt's or a self-introduction's cue (`The user's name is Bill White.`, `You are talking
  to Hope Young`, `I'm Bill White and ...`, `My name is Grace Hall`).

Every value is read by `proxy.nlp.fullnames.pair_ok` (a listed given name, a surname of any list, no organisation's,
thing's or colour's name: `Golden Gate`, `Black Duck Software`, `Red Hat`, `Human Resources` are none). Each finds
only the name's characters; `proxy.nlp.fullnames.full_names` hooks it in. Pure functions, CPU only; every scan is
gated by a substring test.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.names import NameLists

__all__ = ["IMPERATIVE_WORDS", "names25", "person_key"]

_W = r"[^\W\d_][^\W\d_]*(?:[-'’][^\W\d_]{2,})*"
_SP = r"[ \t\u00a0]+"
_PAIR = rf"(?P<first>{_W})(?:{_SP}[A-Z]\.){{0,2}}{_SP}(?P<last>{_W})"
_PAIR_U = rf"({_W})(?:{_SP}[A-Z]\.){{0,2}}{_SP}({_W})"  # (unnamed: several in one pattern, read by `_groups`)

# --- keys ---------------------------------------------------------------------------------------------------------

# Nouns of a person a key's head may be (with `proxy.nlp.tables.PEOPLE` and the person labels of `proxy.nlp.fullnames`).
_PERSON_NOUNS = frozenset("""
customer customers client clients patient patients employee employees cardholder holder holders sender recipient
recipients requester requestor requesters caller callers callee contact contacts user users member members guest
guests traveller traveler travellers travelers passenger passengers buyer seller payer payee owner owners assignee
assignees approver approvers reviewer reviewers reporter author authors creator maintainer maintainers submitter
signer signatory applicant candidate tenant landlord student teacher doctor physician nurse agent rep representative
subscriber insured policyholder beneficiary claimant witness driver attendee attendees participant participants
speaker speakers organizer organiser host manager supervisor lead person people consignee addressee
kunde kunden kundin ansprechpartner mitarbeiter mitarbeiterin patientin cliente clientes paciente empleado
destinatario remitente destinataire expediteur
""".split())
# Words before `name` that make it a person's (`real_name`, `legal_name`, `billing_name`).
_NAME_MODIFIERS = frozenset("""
real legal billing shipping preferred nick birth maiden married official given full display complete your my his her
their contact holder card
""".split())
# Generic last words: the word before them decides (`customer_name`, `customer_full_name`, `nom_complet`).
_GENERIC = frozenset("name names full display complete completo complet nom nombre value".split())
# Verbs before `by` (`created_by`) and `to` (`assigned_to`) whose key names a person.
_BY_VERBS = frozenset("""
created updated modified edited authored written reported requested submitted assigned approved reviewed owned signed
opened closed resolved raised filed prepared issued sent delivered ordered booked entered maintained managed handled
""".split())
_TO_VERBS = frozenset("assigned sent addressed delegated escalated reassigned reply".split())
_MAIL_KEYS = frozenset({"to", "from", "cc", "bcc", "replyto", "sender"})
_KEY_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


@functools.lru_cache(maxsize=4096)
def person_key(key: str) -> bool:
    """Whether `key` (a JSON key, a field's label) names a person, read by its words (see the module's docstring)."""
    from proxy.nlp.tables import PEOPLE

    words = [w.lower() for w in _KEY_WORD.findall(key)]
    if not words or len(words) > 5:
        return False
    folded = "".join(words)
    if folded in _MAIL_KEYS or folded in ("name", "fullname", "displayname"):
        return True
    if len(words) >= 2 and words[-1] == "by" and words[-2] in _BY_VERBS:
        return True
    if len(words) >= 2 and words[-1] == "to" and words[-2] in _TO_VERBS:
        return True
    named = False
    while len(words) > 1 and words[-1] in _GENERIC:
        named = named or words[-1] in ("name", "names", "nom", "nombre")
        words.pop()
    if words[-1] in _GENERIC:
        return words[-1] in ("name", "names", "nom", "nombre")
    head = words[-1]
    if head in ("who", "by"):
        return False
    if head in _PERSON_NOUNS or head in PEOPLE:
        return True
    if named and head in _NAME_MODIFIERS:
        return True
    return folded in _PERSON_NOUNS


# --- values -------------------------------------------------------------------------------------------------------

_SUFFIX = r"(?:,?[ \t]+(?:Jr|Sr|II|III|IV|PhD|MD)\.?)?"
# A value that is a name, maybe with an address and a home page after it (npm's `"Bill White <bill@acme.com>
# (https://bill.dev)"`) or a bracket (`Hope Young (Finance)`).
_VALUE = re.compile(rf"[ \t]*{_PAIR}{_SUFFIX}[ \t]*(?:<[^<>\n]{{1,255}}>)?[ \t]*(?:\([^()\n]{{1,80}}\))?[ \t]*")
# `Surname, Given` (`White, Bill`, `White, Bill Jr.`).
_REVERSED = re.compile(rf"[ \t]*(?P<last>{_W}),[ \t]*(?P<first>{_W})(?:{_SP}[A-Z]\.?){{0,2}}{_SUFFIX}[ \t]*"
                       r"(?:<[^<>\n]{1,255}>|\[mailto:[^\[\]\n]{1,255}\])?[ \t]*")


def _title(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _pair(names: NameLists, m: re.Match[str], *, title: bool = True) -> tuple[int, int] | None:
    from proxy.nlp.fullnames import pair_ok

    first, last = m.group("first"), m.group("last")
    if title and not (_title(first) and _title(last)):
        return None
    if first.islower() != last.islower() or first.isupper() != last.isupper():
        return None
    if not pair_ok(names, first, last) or _place(first, last):
        return None
    return (m.start("first"), m.end("last"))


def _place(first: str, last: str) -> bool:
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    whole = f"{first} {last}".lower()
    return whole in city_names() or whole in place_names()


def _value(text: str, a: int, b: int, names: NameLists, *, title: bool = False) -> list[tuple[int, int]]:
    """The name that [a, b) of `text` is (given name first, or `Surname, Given`), else nothing."""
    m = _VALUE.fullmatch(text, a, b)
    if m is not None:
        span = _pair(names, m, title=title)
        return [span] if span is not None else []
    m = _REVERSED.fullmatch(text, a, b)
    if m is not None and _pair(names, m) is not None and not _places(m):
        return [(m.start("last"), m.end("last")), (m.start("first"), m.end("first"))]
    return []


def _places(m: re.Match[str]) -> bool:
    """Whether a word of `Surname, Given` is a place's (`Paris, France`, `Austin, Texas`: a place and its region)."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    return any(w.lower() in city_names() or w.lower() in place_names() for w in (m.group("first"), m.group("last")))


# A key and its value: JSON or a Python dict (`"customer_name": "Bill White"`, `'author': 'Bill White'`, an array of
# strings), a template's variable (`{{user.name}} = Bill White`), `key=value` up to `;`/`&`/`,`, a line's key.
_KEYED = re.compile(r"(?P<q>[\"'])(?P<key>[A-Za-z_][\w .-]{0,40})(?P=q)[ \t]*:[ \t]*"
                    r"(?:(?P<vq>[\"'])(?P<value>(?:(?!(?P=vq))[^\\\n]){3,160})(?P=vq)"
                    r"|\[(?P<array>[^\[\]]{3,2000})\])")
# `key=value` read from its `=`: the key right before it (`name=`, `{{user.name}} =`), the value after it.
_EQ_KEY = re.compile(r"(?<![\w.-])(?:\{\{[ \t]*)?(?P<key>[A-Za-z_][\w.-]{0,40})(?:[ \t]*\}\})?[ \t]*\Z")
_EQ_VALUE = re.compile(r"=[ \t]*(?P<q>[\"']?)(?P<value>[^\n\"'=;&,{}<>]{3,80}?)(?P=q)[ \t]*(?=[;&,\n]|$)")
_STRING = re.compile(r"[\"'](?P<s>[^\"'\\\n]{3,160})[\"']")
# A label or a key at a line's start, after a comment's or a list's marks (`# Author: Bill White`, `<!-- owner: Hope
# Young -->`, `Current user: Bill White`, `Reported by: Bill White`), its value up to the line's end.
_LINE = re.compile(r"(?m)^[ \t]*(?:#+|//+|/?\*+|<!--|--|;+|%|>|[-*•])?[ \t]*"
                   r"(?P<key>[A-Za-z][A-Za-z_.-]*(?:[ \t][A-Za-z][A-Za-z_.-]*){0,2})[ \t]*:[ \t]*"
                   r"(?P<value>[^\n:]{3,120}?)[ \t]*(?:-->|\*/)?[ \t]*\r?$")


def _keyed(text: str, names: NameLists) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if ('":' in text or "':" in text or '" :' in text) and ("'" in text or '"' in text):
        for m in _KEYED.finditer(text):
            if not person_key(m.group("key").strip("_ ")):
                continue
            if m.group("array") is not None:
                for s in _STRING.finditer(text, m.start("array"), m.end("array")):
                    out += _value(text, s.start("s"), s.end("s"), names)
            else:
                out += _value(text, m.start("value"), m.end("value"), names)
    pos = text.find("=")
    while pos > 0:
        before = _EQ_KEY.search(text, max(0, pos - 48), pos)
        if before is not None and person_key(before.group("key").strip("_")):
            after = _EQ_VALUE.match(text, pos)
            if after is not None:
                out += _value(text, after.start("value"), after.end("value"), names)
        pos = text.find("=", pos + 1)
    if ":" in text:
        for m in _LINE.finditer(text):
            key = m.group("key")
            if not person_key(key) and not _label_by(key):
                continue
            out += _value(text, m.start("value"), m.end("value"), names, title=True)
    return out


def _label_by(key: str) -> bool:
    words = key.lower().split()
    return len(words) == 2 and words[1] == "by" and words[0] in _BY_VERBS


# --- records and code ---------------------------------------------------------------------------------------------

# What may follow a name that stands alone (no capitalised word after it).
_END = r"(?=[ \t]*(?:[.,;:!?)\]\"'<>]|\r?\n|$)|[ \t]+(?:and|from|with|who|here|speaking|calling|at|of|in|on|for|to|" \
       r"via|is|was|has|-|–|—)\b)"
_COPYRIGHT = re.compile(rf"(?i:copyright)[ \t]*(?:\((?i:c)\)|©)?[ \t]*(?:\d{{4}}(?:[ \t]*[-–,][ \t]*\d{{4}})*,?"
                        rf"[ \t]*)?(?:(?i:by)[ \t]+)?{_PAIR}{_SUFFIX}(?=[ \t]*(?:[.,;<(]|\r?\n|$|[ \t]+All\b))")
_WRITTEN_BY = re.compile(rf"\b(?i:written|authored|created|maintained|reported|reviewed|approved|signed|prepared"
                         rf"|edited|submitted|requested|assigned|developed|drafted|translated|compiled|contributed)"
                         rf"[ \t]+(?:by|to)[ \t]+{_PAIR}{_END}")
_TODO = re.compile(rf"\b(?:TODO|FIXME|XXX|HACK|NOTE|BUG)\((?:@?){_PAIR}\)")
# Action items and lists of names: `- Bill White to send`, `- [ ] Bill White: send`, `1. Bill White` (alone: the
# whole list names people).
_ITEM = re.compile(rf"(?m)^[ \t]*(?:[-*•+]|\d{{1,2}}[.)])[ \t]+(?:\[[ xX]?\][ \t]+)?{_PAIR}"
                   r"(?P<after>[ \t]+to[ \t]+[a-z]|[ \t]*:[ \t]+\S|[ \t]+[-–—][ \t]+\S|[ \t]*\r?$)")
# Chat transcripts: `[10:02] Bill White: ...`, `10:02 Bill White: ...`, `Speaker 1 (Bill White): ...`, `<Bill White>
# ...`, `Bill White — 10:02 AM`, `Bill White reacted with`, `Bill White: text` at a line's start.
_CHAT = re.compile(rf"(?m)^[ \t]*(?:\[?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]?[AaPp][Mm])?\]?[ \t]+{_PAIR_U}[ \t]*:"
                   rf"|(?:Speaker|Participant|Caller|Agent|Customer)[ \t]*\d*[ \t]*\({_PAIR_U}\)[ \t]*:"
                   rf"|<{_PAIR_U}>[ \t]"
                   rf"|{_PAIR_U}[ \t]+[-–—•|][ \t]+(?:\d{{1,2}}:\d{{2}}|Today|Yesterday)"
                   rf"|{_PAIR_U}[ \t]+(?:reacted|joined|left|has[ \t]+joined|has[ \t]+left|was[ \t]+added|added|removed"
                   rf"|changed|pinned|shared|renamed|set[ \t]+the)\b"
                   rf"|{_PAIR_U}[ \t]*:[ \t]+(?=[^\W\d_\s]))")
_CHAT_VERBS = (" reacted", " joined", " left", " has ", " was added", " added", " removed", " changed", " pinned",
               " shared", " renamed", " set the")
_BLAME = re.compile(rf"(?m)^\^?[0-9a-f]{{7,40}}[ \t]+(?:[^\s(]+[ \t]+)?\({_PAIR_U}[ \t]+\d{{4}}-\d{{2}}-\d{{2}}")
_SHORTLOG = re.compile(rf"(?m)^[ \t]*\d{{1,6}}[ \t]+{_PAIR_U}[ \t]*(?:<[^<>\n]{{1,255}}>)?[ \t]*\r?$")
_CODEOWNER = re.compile(rf"(?m)@[\w.-]+[ \t]+{_PAIR_U}[ \t]*\r?$")
_CN = re.compile(rf"(?<![A-Za-z])CN=\"?{_PAIR_U}\"?(?=[,:;/+]|[ \t]*\r?$)")


def _records(text: str, names: NameLists) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    low = text[:100000].lower()
    scans: list[re.Pattern[str]] = []
    if "copyright" in low:
        scans.append(_COPYRIGHT)
    if " by " in low or " to " in low:
        scans.append(_WRITTEN_BY)
    if "(" in text:
        scans += [_TODO, _BLAME]
    if "\n" in text or ":" in text or "<" in text or "—" in text or any(w in text for w in _CHAT_VERBS):
        scans.append(_CHAT)
    if "@" in text:
        scans.append(_CODEOWNER)
    if "CN=" in text:
        scans.append(_CN)
    for pattern in scans:
        for m in pattern.finditer(text):
            out += _groups(names, m)
    out += _items(text, names)
    if "\n" in text:
        shortlog = [s for m in _SHORTLOG.finditer(text) for s in _groups(names, m)]
        if len(shortlog) >= 2 or shortlog and len(text.strip().splitlines()) == 1:
            out += shortlog
    out += _cells(text, names)
    return out


def _groups(names: NameLists, m: re.Match[str]) -> list[tuple[int, int]]:
    """The name of a match of a pattern with one `_PAIR` or several alternatives of it (named groups `first`/`last`
    are the first alternative's; the others' are read by position)."""
    spans = [i for i, g in enumerate(m.groups(), 1) if g is not None]
    out: list[tuple[int, int]] = []
    for i in range(0, len(spans) - 1):
        a, b = spans[i], spans[i + 1]
        first, last = m.group(a), m.group(b)
        if not (_title(first) and _title(last)):
            continue
        if text_between_ok(m, a, b) and _pair_ok(names, first, last):
            out.append((m.start(a), m.end(b)))
            break
    return out


def text_between_ok(m: re.Match[str], a: int, b: int) -> bool:
    between = m.string[m.end(a):m.start(b)]
    return re.fullmatch(rf"(?:{_SP}[A-Z]\.){{0,2}}{_SP}", between) is not None


def _pair_ok(names: NameLists, first: str, last: str) -> bool:
    from proxy.nlp.fullnames import pair_ok

    return pair_ok(names, first, last) and not _place(first, last)


def _items(text: str, names: NameLists) -> list[tuple[int, int]]:
    """Action items and a list of names (`_ITEM`): a name alone on its item only when every item of its list is one."""
    if "\n" not in text and not text.lstrip().startswith(("-", "*", "•", "[")):
        return []
    out: list[tuple[int, int]] = []
    alone: list[tuple[int, int]] = []
    items = 0
    for m in _ITEM.finditer(text):
        span = _pair(names, m)
        if span is None:
            continue
        if m.group("after").strip():
            out.append(span)
        else:
            alone.append(span)
    if alone:
        items = len(re.findall(r"(?m)^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+\S", text))
        if len(alone) >= 2 and len(alone) == items:
            out += alone
    return out


def _cells(text: str, names: NameLists) -> list[tuple[int, int]]:
    """The cells of a table (Markdown, CSV, HTML) under a column whose header names a person (`person_key`)."""
    from proxy.nlp.tab29 import fixed_width_cells  # a fixed-width table's, beside a phone or SSN column (tab29)

    fixed = [_value(text, a, b, names, title=True) for a, b, header in fixed_width_cells(text) if person_key(header)]
    if "|" not in text and "<t" not in text.lower():
        return [span for spans in fixed for span in spans]
    from proxy.nlp.tables import column_cells

    out: list[tuple[int, int]] = [span for spans in fixed for span in spans]
    for a, b, header in column_cells(text, single=True):
        if person_key(header.strip()):
            out += _value(text, a, b, names, title=True)
    return out


# --- mail ---------------------------------------------------------------------------------------------------------

_HEADER = re.compile(r"(?im)^[ \t>]*(?:\*\*)?(?:From|To|Cc|Bcc|Reply-To|Sender|Von|An|De|À|Para)(?:\*\*)?[ \t]*:"
                     r"(?:\*\*)?[ \t]*(?P<rest>[^\n]{3,600})")
_LINK = re.compile(rf"<a[ \t][^<>]{{0,300}}href=[\"']mailto:[^\"'<>]{{1,255}}[\"'][^<>]{{0,200}}>"
                   rf"[ \t]*{_PAIR_U}[ \t]*</a>"
                   rf"|<mailto:[^|<>\s]{{1,255}}\|{_PAIR_U}>"
                   rf"|\[{_PAIR_U}\]\(mailto:[^()\s]{{1,255}}\)"
                   rf"|\"{_PAIR_U}[ \t]+(?:\([^()\"\n]{{1,40}}\)|via[ \t]+[^\"<>\n]{{1,40}})\"[ \t]*<[^<>@\s]{{1,64}}@"
                   rf"|(?m:^)[ \t]*{_PAIR_U}[ \t]*(?:[-–—,|][ \t]*)<?[^<>@\s,;]{{1,64}}@[\w-]+(?:\.[\w-]+)+")


def _mail(text: str, names: NameLists) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if ":" in text and "," in text:
        for m in _HEADER.finditer(text):
            rest = m.group("rest")
            if "@" in rest and "<" not in rest and "[mailto:" not in rest:
                continue  # (bare addresses: no display name)
            sep = ";" if ";" in rest else None
            pos = m.start("rest")
            pieces = rest.split(sep) if sep else [rest]
            for piece in pieces:
                if piece.count(",") == 1:
                    out += _reversed_list(text, pos, pos + len(piece), names, single=sep is None)
                pos += len(piece) + 1
    if "mailto" in text or "@" in text:
        for m in _LINK.finditer(text):
            out += _groups(names, m)
    return out


def _reversed_list(text: str, a: int, b: int, names: NameLists, *, single: bool) -> list[tuple[int, int]]:
    """`Surname, Given` in [a, b) of a header (`White, Bill <bill@x.com>`); without `;` the field holds one such
    name (a `,` also separates an address list: `a@x.com, b@x.com`)."""
    m = _REVERSED.fullmatch(text, a, b)
    if m is None:
        return []
    if _pair(names, m) is None or _places(m):
        return []
    return [(m.start("last"), m.end("last")), (m.start("first"), m.end("first"))]


# --- personalised prompts and self-introductions -------------------------------------------------------------------

_INTRO_TAIL = (rf"[ \t]+{_PAIR}{_SUFFIX}(?=[ \t]*(?:[.,;!?)(]|\r?\n|$)|[ \t]+(?:and|from|with|who|here|speaking"
               r"|calling|at|of|in|on|for|to|via)\b)")
_NOUNS = r"user|customer|client|caller|patient|guest|member|employee|applicant|requester"
# Each cue, with the substrings (of the text in lower case) one of which it needs.
_INTROS = [
    (("name",), re.compile(
        rf"(?:\b(?i:(?:the[ \t]+)?(?:{_NOUNS}|person|student|visitor|subscriber)['’]s|my|his|her|their|your)[ \t]+"
        r"(?i:(?:full|legal|real|first[ \t]+and[ \t]+last|preferred)[ \t]+)?(?i:name)[ \t]+(?i:is)"
        r"|\b(?i:name)['’]s)" + _INTRO_TAIL)),
    (("i'm", "i’m", "i am", "this is"), re.compile(r"(?<![\w'’])(?:I['’]m|I[ \t]+am|[Tt]his[ \t]+is)" + _INTRO_TAIL)),
    (("assisting", "talking", "speaking", "chatting", "helping"), re.compile(
        r"\b(?i:you[ \t]+are[ \t]+|you['’]re[ \t]+)?(?i:assisting|talking[ \t]+to|speaking[ \t]+(?:to|with)|chatting"
        r"[ \t]+with|helping)" + _INTRO_TAIL)),
    (("address",), re.compile(r"\b(?i:address(?:ing)?[ \t]+(?:the[ \t]+)?(?:user|customer|client|caller|them|him"
                              r"|her)[ \t]+as)" + _INTRO_TAIL)),
    ((" is ",), re.compile(rf"\b(?i:(?:the[ \t]+)?(?:{_NOUNS})[ \t]+is)" + _INTRO_TAIL)),
]
# An apposition after a person's noun (`The customer, Bill White, has`).
_APPOSITION = re.compile(rf"\b(?i:user|customer|client|caller|patient|guest|member|employee|applicant|requester),"
                         rf"[ \t]+{_PAIR},")


def _intros(text: str, names: NameLists) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    low = text.lower()
    for gates, pattern in _INTROS:
        if not any(g in low for g in gates):
            continue
        for m in pattern.finditer(text):
            span = _pair(names, m)
            if span is not None:
                out.append(span)
    if "," in text:
        for m in _APPOSITION.finditer(text):
            span = _pair(names, m)
            if span is not None:
                out.append(span)
    return out


# --- a person as the object of an everyday request (F04) ---------------------------------------------------------

# An imperative whose object is a person, at a sentence's start (`Refund Bill White for`, `Give Hope Young admin
# rights`, `Welcome Hope Young to the team!`, `Look up Bill White's orders`).
_IMPERATIVES = ("Refund", "Give", "Add", "Welcome", "Invite", "Call", "Email", "Ping", "Message", "Remind", "Notify",
                "Ask", "Tell", "Pay", "Thank", "Contact", "Remove", "Promote", "Congratulate", "Introduce", "Onboard",
                "Offboard", "Reimburse", "Look up", "Search for", "Find", "Check on", "Follow up with", "Loop in",
                "Cc", "Text", "Phone", "Upgrade", "Block", "Unblock", "Ban", "Unban", "Suspend", "Deactivate")
# (their first words in lower case: no given name before a name at a sentence's start, `proxy.nlp.cued.given_before`)
IMPERATIVE_WORDS = frozenset(v.split()[0].lower() for v in _IMPERATIVES)
_SPACED = r"[ \t]+"
_IMPERATIVE_ALT = "|".join(v.replace(" ", _SPACED) for v in _IMPERATIVES)
_IMPERATIVE = re.compile(rf"(?:^|(?<=[.!?][ \t])|(?<=[.!?][ \t]{{2}})|(?<=\n))[ \t]*(?:Please[ \t]+|please[ \t]+)?"
                         rf"(?:{_IMPERATIVE_ALT})[ \t]+{_PAIR}"
                         r"(?=[ \t]+(?:to|for|on|in|at|about|admin|access|a|an|the|and|with|from|as|into|back|today"
                         r"|now)\b|['’]s\b|[ \t]*[.,!?;:]|[ \t]*$)")
# A thing handed or said to a person (`send the contract to Hope Young.`, `Thanks to Bill White for`).
_TO_VERBS_ = ("send", "Send", "forward", "Forward", "give", "Give", "hand", "pass", "email", "Email", "mail", "assign",
              "Assign", "reassign", "escalate", "Escalate", "introduce", "refer", "transfer", "reply", "Reply",
              "Thanks", "thanks", "Thank you", "thank you", "Kudos", "kudos", "Shout-out", "shout-out")
_TO_ALT = "|".join(re.escape(v).replace(r"\ ", _SPACED) for v in _TO_VERBS_)
_TO_PERSON = re.compile(rf"\b(?:{_TO_ALT})\b"
                        rf"[^.!?\n]{{0,40}}?[ \t]to[ \t]+{_PAIR}{_END}")
# A person's state (`Bill White is on leave this week.`, `Hope Young, our CFO, is out of office`).
_STATE = re.compile(rf"(?<![\w'’.-]){_PAIR}(?:[ \t]*,[ \t]*[^,.;:!?\n]{{1,40}}?,)?[ \t]+(?:is|was|will[ \t]+be|has"
                    r"[ \t]+been)[ \t]+(?:on[ \t]+(?:leave|vacation|holiday|sick[ \t]+leave|parental[ \t]+leave|"
                    r"PTO)|out[ \t]+(?:of[ \t]+(?:the[ \t]+)?office|sick)|off[ \t]+sick|away|OOO|our|my|the[ \t]+new"
                    r"|a[ \t]+new|joining|leaving)\b")


def _objects(text: str, names: NameLists) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    scans = []
    if any(v in text for v in _IMPERATIVES):
        scans.append(_IMPERATIVE)
    if " to " in text and any(v in text for v in _TO_VERBS_):
        scans.append(_TO_PERSON)
    if any(w in text for w in (" is ", " was ", " will be ", " has been ")):
        scans.append(_STATE)
    for pattern in scans:
        for m in pattern.finditer(text):
            span = _pair(names, m)
            if span is not None:
                out.append(span)
    return out


def names25(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each name the rules above find in `text`."""
    if len(text) < 7:
        return []
    return [*_keyed(text, names), *_records(text, names), *_mail(text, names), *_intros(text, names),
            *_objects(text, names)]
