"""Full names made of two everyday words (`Bill White`, `Hope Young`, `May Lord`) that a person's cue makes names
(names22, atk20 H4), beside the cues of `proxy.nlp.cued`:

- `verb_names`: a listed given name, an optional initial or two and a surname of any list before a verb of a person
  in any tense and after any auxiliary (`Bill A. White called`, `Bill White calls`, `had called`, `paid`, `owes`,
  `can call`), with an apposition or a bracket between (`Bill White, our CFO, called`, `Bill White (CFO) called`),
  a coordination (`Bill White and Kowalczyk called`: each full name of it), and the same cue in capitals or lower
  case (`BILL WHITE CALLED`, `bill white called`: lower case only at a sentence's start, both words listed).
  Never a pair before an organisation's or a thing's head (`Grace Church announced`, `Summer Sale called off`,
  `Rose Garden needs`), a colour's name (`Rose Gold works`), nor a pair inside a longer capitalised phrase.
- `label_names`: each whole name of the list after a person's label of a form or a record (`Passenger: May Lord`,
  `Account holder:`, `Emergency contact:`, `Attendees: Bill White, Anna Kowalczyk`); the item is the name and only
  the name (`Product: Rose Gold Case`, `Member: Gold Tier`, `Beneficiary: Red Cross` are none).
- `record_names`: a vCard's `FN:` and `N:`, LDIF's `cn:`/`displayName:`, a display name before an e-mail address in
  angle brackets (`Signed-off-by: Bill White <bill@acme.com>`, `Co-authored-by:`, `From:`), CSV rows under a header
  with a given name's and a surname's column (`last,first`) or a whole name's (`name`), and a configuration's person
  key alone on its line (INI `name = Bill White`, YAML `author: Bill White`); names23 (atk23 M2): a person's flag
  value (`--author="Bill White"`, `--reviewer "Hope Young"`), a JSON person key or array (`{"name": "Bill White"}`,
  `{"attendees": ["Hope Young", "Will Long"]}`), an author's line (`@author`, `@maintainer`, `MAINTAINER`), LDIF's
  `sn:` beside `givenName:`, and both words in lower case after a label or a key (`name: bill white`).

All read the same pair: a listed given name (no title, no colour: `Pastor`, `Red`) and a surname of any list, no
organisation's, event's or thing's head (`Church`, `Sale`, `Garden`). Each finds only the name's characters;
`proxy.nlp.cued.cued_names` hooks them in, so `proxy.nlp.pii._not_uncued` still judges them.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists
from proxy.nlp.names24 import MORE_VERBS, with_object

_W = r"[^\W\d_][^\W\d_]*(?:[-'’][^\W\d_]{2,})*"
_SP = r"[ \t\u00a0]+"
# Verbs of a person, every tense (`call`: `calls`, `called`, `calling`); things do few of them (`works`, `needs`
# only after a listed given name and a surname: `Rose Garden needs` is a thing's head, left out below).
_STEMS = ("call phone ring email e-mail text write say ask reply respond mention confirm approve request complain "
          "tell report book cancel visit sign send pay owe live work join leave want need move resign buy receive "
          "attend prepare agree decide think believe know hire meet order submit stay marry retire quit become "
          "promise explain suggest answer contact speak talk apologise apologize thank refuse accept decline earn "
          "travel study teach manage lead like love hate own rent borrow lend sue claim deny admit insist argue "
          "disagree complain forget remember expect hope wish refund transfer deposit withdraw sell rent schedule "
          "reschedule confirm update").split()
_IRREGULAR = ("rang rung wrote written said told sent paid left bought met knew known thought became quit led spoke "
              "spoken taught sold lent forgot forgotten lives").split()


def _forms(stem: str) -> list[str]:
    out = [stem]
    if stem.endswith("y") and stem[-2:-1] not in "aeiou":
        out += [stem[:-1] + "ies", stem[:-1] + "ied"]
    elif stem.endswith(("s", "sh", "ch", "x", "z")):
        out += [stem + "es", stem + "ed"]
    else:
        out += [stem + "s", stem + ("d" if stem.endswith("e") else "ed")]
    out.append((stem[:-1] if stem.endswith("e") and not stem.endswith("ee") else stem) + "ing")
    if stem in ("cancel", "travel"):
        out += [stem + "led", stem + "ling"]
    return out


_VERBS = frozenset({f for s in _STEMS for f in _forms(s)} | set(_IRREGULAR))
# In capitals or lower case a pair is read only before a verb that no thing does: a month's or a thing's phrase takes
# these too (`april price needs review`, `JUNE HALL WORKS DONE`, `summer schedule left open`).
_THING_STEMS = ("need want work leave move stay order update schedule reschedule transfer deposit refund lead become "
                "sell rent own earn like love hate live expect manage book change start").split()
_THING_VERBS = frozenset({f for s in _THING_STEMS for f in _forms(s)} | {"left", "led", "became", "sold"})
# (names24: a person's work, `Bill White started the migration`; in title case only, as a thing's verbs)
_WORK_VERBS = MORE_VERBS - _VERBS  # (read only before their object: `started the migration`, not `started to fade`)
_VERBS, _THING_VERBS = _VERBS | MORE_VERBS, _THING_VERBS | MORE_VERBS
# Auxiliaries and adverbs between a name and its verb (`had called`, `has already paid`, `can't call`), lower case.
_AUX = frozenset("""
has have had will would can could should shall may might must did does do is was been just also already still never
not finally then recently again always often won't can't didn't doesn't isn't wasn't hasn't hadn't wouldn't couldn't
shouldn't
""".split())
# A name: a given name, an initial or two (`Bill A. White`), a surname; read at each word's start (overlapping).
_NAME = re.compile(rf"(?<![\w'’.-])(?=(?P<first>{_W})(?P<mid>(?:{_SP}[A-Za-z]\.){{0,2}}){_SP}(?P<last>{_W}))")
# An apposition or a bracket after the name (`Bill White, our CFO, called`, `Bill White (CFO) called`).
_BETWEEN = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*[^,.;:!?\n()\[\]]{1,40}?,|[ \t\u00a0]*\([^()\n]{1,40}\)"
                      r"|[ \t\u00a0]*\[[^\[\]\n]{1,40}\]")
# A coordination after it (`Bill White and Kowalczyk called`, `Hope Young & Will King approved`).
_AND = re.compile(rf"{_SP}(?i:and|&){_SP}(?P<first2>{_W})(?:(?:{_SP}[A-Za-z]\.){{0,2}}{_SP}(?P<last2>{_W}))?")
_NEXT_WORD = re.compile(rf"{_SP}([^\W\d_][\w'’-]*)")
# An event called off (`Summer Camp called off due to rain`); a person calls off a thing (`Hope Young called off the
# meeting`) and pays off a loan (`Bill White paid off his loan`).
_PARTICLE = re.compile(r"(?<=called)[ \t\u00a0]+off\b(?![ \t\u00a0]+(?:the|a|an|his|her|their|our|my|its|this|that"
                       r"|all|it|them)\b)", re.IGNORECASE)


def _verb_at(text: str, pos: int) -> tuple[str, int] | None:
    """The verb of a person after `pos` (after up to three auxiliaries or adverbs) and where it ends, else None."""
    for _ in range(4):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            return None
        word = m.group(1).lower().replace("’", "'")
        if word in _AUX:
            pos = m.end()
            continue
        return (m.group(1), m.end()) if word in _VERBS else None
    return None


# Heads of an organisation's, a place's, an event's or a thing's name (lower case): `Grace Church`, `Rose Garden`,
# `Summer Sale`, `Amber Alert`, `Joy Division`.
_HEADS = frozenset("""
bank banking group inc corp co ltd llc plc gmbh ag sa university college school hospital clinic center centre airlines
airline airways motors insurance capital financial services service support team office store shop foundation
institute association council department agency church chapel cathedral club company labs studio studios systems
technologies technology solutions partners media news network holdings trust fund realty properties street house
road avenue square station airport hotel garden gardens bowl parade bridge park festival fest sale sales camp period
alert day days night week weekend season break fair market mall plaza tower theatre theater museum gallery library
academy cup league series tour show edition collection line range pack kit bundle plus pro max mini edition party
division band orchestra choir ensemble festival holiday special deals deal offer event events project program
programme
""".split())
# Colours and gems a given name is too (`Rose`, `Ruby`, `Amber`), and the colours and metals after them that make a
# colour's or a product's name (`Rose Gold`, `Ruby Red`, `Olive Green`).
_COLOUR_GIVEN = frozenset("rose ruby amber jade ivy olive pearl coral hazel crystal violet lily daisy ginger "
                          "cherry scarlet sienna sky indigo".split())
_COLOURS = frozenset("gold golden silver red pink blue green white black grey gray brown copper bronze quartz "
                     "petal".split())
_NOT_GIVEN = frozenset("""
the a an this that these those our my your his her their its all each every some any no and or but if when while
dear hi hello hey thanks regards mr mrs ms dr prof sir madam new old big little happy merry good great
red blue green black brown white gray grey gold silver
""".split())  # (a colour is rarely a given name and often an organisation's first word: `Red Cross`, `Blue Cross`)
# A role or a rank written before a name is no given name (`Nurse`, `Captain`), nor a month standing as one.
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _surname_ok(names: NameLists, word: str) -> bool:
    from proxy.nlp.cued import _raw_surname, _role

    low = word.lower()
    if low in _HEADS or low in _WEEKDAYS or _role(word):
        return False
    return _raw_surname(word) or names.is_name(word)


def _given_ok(names: NameLists, word: str) -> bool:
    from proxy.nlp.cued import _SPELLED_WORD, _TITLE_WORD, _is_first, _role

    low = word.lower()
    if low in _NOT_GIVEN or low in _WEEKDAYS or _role(word):
        return False
    if _TITLE_WORD.fullmatch(word) is not None or _SPELLED_WORD.fullmatch(word) is not None:
        return False  # a title before a surname (`Pastor Hill led`: `proxy.nlp.cued.spelled_titles` reads it)
    return _is_first(names, word)


def pair_ok(names: NameLists, first: str, last: str) -> bool:
    """Whether `first last` (as written, or as a capitalised word) may be a person's full name: a listed given name
    and a surname of any list, no organisation's or thing's head after it, no colour's name."""
    f, la = first.capitalize() if first.isupper() or first.islower() else first, \
        last.capitalize() if last.isupper() or last.islower() else last
    if not (_given_ok(names, f) and _surname_ok(names, la)):
        return False
    return not (f.lower() in _COLOUR_GIVEN and la.lower() in _COLOURS)


def _case(first: str, last: str, verb: str) -> str | None:
    """The name's writing: `title` (`Bill White called`), `upper` (`BILL WHITE CALLED`), `lower` (`bill white
    called`); None when the words are written otherwise (a name's words and its verb of one writing)."""
    words = (first, last)
    if all(w[0].isupper() and not w.isupper() for w in words) and verb.islower():
        return "title"
    if all(w.isupper() and len(w) >= 2 for w in words) and verb.isupper():
        return "upper"
    if all(w.islower() for w in words) and verb.islower():
        return "lower"
    return None


def _cap_before(text: str, start: int) -> bool:
    """Whether a capitalised word stands right before `start` inside a sentence (`Holly Jolly Sale`, `The Mark Down`:
    the pair is part of a longer name)."""
    from proxy.nlp.cued import _sentence_start

    m = re.search(r"([^\W\d_][\w'’-]*)[ \t\u00a0]+\Z", text[max(0, start - 40):start])
    if m is None:
        return False
    word = m.group(1)
    if not word[0].isupper() or _sentence_start(text, start - len(m.group(0))):
        return False
    return word.lower() not in ("and", "with", "from", "by", "to", "cc", "ask", "tell", "thanks")


def verb_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each full name before a verb of a person (see the module's docstring)."""
    from proxy.nlp.cued import _sentence_start

    out: list[tuple[int, int]] = []
    for m in _NAME.finditer(text):
        first, last = m.group("first"), m.group("last")
        if not (first[0].isupper() or first.islower()) or not (names.is_any_first(first) or names.is_first(first)):
            continue  # (a listed given name first: cheap, before the rest is read)
        pos = m.end("last")
        between = _BETWEEN.match(text, pos)
        if between is not None:
            pos = between.end()
        other: tuple[int, int] | None = None
        verb = _verb_at(text, pos)
        coordination = _AND.match(text, pos) if verb is None else None
        if coordination is not None:
            ends = [coordination.end("first2")]
            if coordination.group("last2") is not None:
                ends.insert(0, coordination.end("last2"))
            for end in ends:
                verb = _verb_at(text, end)
                if verb is not None:
                    if coordination.group("last2") is not None and end == coordination.end("last2"):
                        other = (coordination.start("first2"), end)
                    break
        if verb is None or _PARTICLE.match(text, verb[1]) is not None:
            continue
        if verb[0].lower() in _WORK_VERBS and not with_object(text, verb[1]):
            continue
        case = _case(first, last, verb[0])
        if case is None or not pair_ok(names, first, last):
            continue
        if case == "upper" and not _upper_sentence(text, m.start()):
            continue  # (capitals read only in a sentence written in capitals: `BILL WHITE CALLED`)
        if case != "title" and verb[0].lower() in _THING_VERBS:
            continue
        if case == "lower" and not _sentence_start(text, m.start()):
            continue
        if case == "title" and _cap_before(text, m.start()):
            continue
        out.append((m.start("first"), m.end("last")))
        if other is not None and coordination is not None:
            first2, last2 = coordination.group("first2"), coordination.group("last2")
            if pair_ok(names, first2, last2) and _case(first2, last2, verb[0]) == case:
                out.append(other)
    return out


def _upper_sentence(text: str, start: int) -> bool:
    """Whether the line from `start` is written in capitals (no lower-case letter in its next 60 characters)."""
    end = text.find("\n", start)
    line = text[start:end if end != -1 else len(text)][:60]
    return not any(c.islower() for c in line)


# --- a person's label of a form or a record, and the names listed after it --------------------------------------

# Labels of forms and records that name a person (`proxy.nlp.cued._LABELS` has `Name:`, `Contact:`, `Customer:`,
# `Patient:`...): travel, work, banking, housing, school, law, health, meetings, mail, software; lower case.
_PERSON_LABELS = """
passenger passengers traveler traveller travelers travellers guest guests employee employees cardholder holder
policyholder insured applicant applicants co-applicant tenant tenants landlord landlady lessee lessor student students
pupil member members driver drivers beneficiary beneficiaries witness witnesses recipient recipients sender buyer
buyers seller sellers purchaser reporter manager supervisor parent parents guardian spouse partner child mother father
attendee attendees participant participants present absent apologies invitee invitees speaker speakers host hosts
organizer organiser organizers organisers chair moderator facilitator interviewer interviewee candidate candidates
nominee volunteer volunteers borrower co-borrower lender guarantor co-signer cosigner payee payer debtor creditor
claimant defendant plaintiff respondent petitioner victim suspect physician doctor nurse therapist attorney lawyer
counsel agent broker representative teacher instructor tutor coach advisor adviser mentor trainer editor reviewer
reviewers approver approvers signatory signer addressee consignee resident residents occupant occupants owners author
authors deceased person people
""".split() + [
    "card holder", "account holder", "policy holder", "staff member", "line manager", "legal guardian", "next of kin",
    "next-of-kin", "emergency contact", "referring physician", "prepared by", "written by", "signed by", "reviewed by",
    "checked by", "verified by", "authorized by", "authorised by", "issued to", "bill to", "ship to", "sold to",
    "deliver to", "contact person", "point of contact", "team members", "members present", "ordered by", "referred by",
    "in attendance", "cc", "bcc", "name on card", "name on the card"]
_LABEL_ALT = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(_PERSON_LABELS, key=len, reverse=True))
_LABELLED = re.compile(rf"(?im)(?:^[ \t>*•-]*(?:\d+[.)][ \t]*)?|(?<=[ \t][-–—|][ \t]))(?:{_LABEL_ALT})"
                       r"(?:[ \t]+(?:full[ \t]+)?names?)?[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*:[ \t]*(?P<rest>[^\n]*)")
# One name of a label's list: a form of address, a given name, an initial or two, a surname, a bracket after it
# (`Bill White (Finance)`); the items are separated by `,`, `;`, `/`, `&` or `and`.
_ITEM = re.compile(rf"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?{_SP})?(?P<first>{_W})(?:{_SP}[A-Z]\.){{0,2}}{_SP}(?P<last>{_W})"
                   r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*")
_ITEMS = re.compile(r"(?:(?![ \t]+(?:and|&)[ \t]+)[^,;/&|\n])+")
_ITEM_HEAD = re.compile(r"[ \t]*(?:(?:and|&)[ \t]+)?")


def label_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each full name after a person's label of a form or a record (`Passenger: May Lord`,
    `Attendees: Bill White, Anna Kowalczyk`, `Emergency contact: Hope Young (wife)`): a listed given name and a
    surname, the whole item (`Product: Rose Gold Case`, `Host: Grace Church` are none)."""
    if ":" not in text:
        return []
    out: list[tuple[int, int]] = []
    for m in _LABELLED.finditer(text):
        pieces = [(m.start("rest"), m.end("rest"))]
        if not m.group("rest").strip():
            # a label alone on its line, its list below, an item a line (`Attendees:\n- Bill White\n- Hope Young`)
            pos = m.end()
            while (bullet := _BULLET.match(text, pos)) is not None:
                pieces.append(bullet.span("item"))
                pos = bullet.end()
        for a, b in pieces:
            out += _listed(text, a, b, names)
    return out


# An item of a bulleted or numbered list on its own line.
_BULLET = re.compile(r"\r?\n[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+(?P<item>[^\n]{1,120}?)[ \t]*(?=\r?\n|\Z)")


def _listed(text: str, start: int, end: int, names: NameLists) -> list[tuple[int, int]]:
    """The whole names of a label's list in [start, end) of `text`."""
    out: list[tuple[int, int]] = []
    for item in _ITEMS.finditer(text, start, end):
        head = _ITEM_HEAD.match(text, item.start())
        a = head.end() if head is not None else item.start()
        n = _ITEM.fullmatch(text, a, item.end())
        if n is None:
            continue
        first, last = n.group("first"), n.group("last")
        if (first.isupper() != last.isupper()) or first.islower() != last.islower():
            continue  # (a name in lower case after a label, both words: `Passenger: will long`)
        if pair_ok(names, first, last):
            out.append((n.start("first"), n.end("last")))
    return out


# --- records: vCard, LDIF, a display name before an e-mail address, CSV under a name header, INI/YAML name keys ----

# A whole name as a record writes it: a given name, an initial or two, a surname.
_WHOLE = re.compile(rf"(?P<first>{_W})(?:{_SP}[A-Z]\.){{0,2}}{_SP}(?P<last>{_W})")
# vCard's formatted name (`FN:Bill White`, `FN;CHARSET=UTF-8:Bill White`) and LDIF's common and display names.
_RECORD_LINE = re.compile(r"(?im)^[ \t]*(?:FN(?:;[^:\n]{0,60})?|cn|displayName|gecos)[ \t]*:[ \t]*"
                          r"(?P<value>[^\n:;,=<>]{3,80}?)[ \t]*\r?$")
# vCard's structured name (`N:White;Bill;;;`): the surname, then the given name.
_VCARD_N = re.compile(r"(?m)^[ \t]*N(?:;[^:\n]{0,60})?:(?P<last>[^;\n]{2,40});(?P<first>[^;\n]{2,40})(?:;|\r?$)")
# A display name before an e-mail address in angle brackets (`Signed-off-by: Bill White <bill@acme.com>`,
# `Co-authored-by:`, `From:`, `Author:` of a commit), quoted or not.
_DISPLAY = re.compile(rf"(?<![\w'’.-])\"?(?P<first>{_W})(?:{_SP}[A-Z]\.){{0,2}}{_SP}(?P<last>{_W})\"?[ \t]*"
                      r"<[^<>@\s]{1,64}@[^<>\s]{1,255}>")
# A key of a configuration or a document that names a person, with its value alone on the line (INI's `name = Bill
# White`, YAML's `author: Bill White`).
_KEY_LINE = re.compile(r"(?im)^[ \t-]*(?:name|full[_ -]?name|display[_ -]?name|author|maintainer|owner|contact"
                       r"|user|username|person)[ \t]*[=:][ \t]*[\"']?(?P<value>[^\n\"'=:,;<>]{3,80}?)[\"']?[ \t]*\r?$")
# CSV headers that name a given name, a surname, a whole name (folded: no `_`, `-`, space).
_FIRST_COLUMNS = frozenset({"first", "firstname", "given", "givenname", "forename", "fname"})
_LAST_COLUMNS = frozenset({"last", "lastname", "surname", "family", "familyname", "lname"})
_WHOLE_COLUMNS = frozenset({"name", "fullname", "displayname", "contactname", "employeename", "customername",
                            "person", "employee", "customer", "contact", "author", "owner", "member", "student"})


def _whole(text: str, a: int, b: int, names: NameLists) -> tuple[int, int] | None:
    """The span of the whole name that [a, b) of `text` is, else None."""
    m = _WHOLE.fullmatch(text, a, b)
    if m is None:
        return None
    first, last = m.group("first"), m.group("last")
    if first.islower() != last.islower() or first.isupper() != last.isupper():
        return None  # (both in lower case after a person's key: `name: bill white`)
    return (m.start("first"), m.end("last")) if pair_ok(names, first, last) else None


def _csv_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """The names of CSV rows under a header with a given name's and a surname's column (`last,first`) or a whole
    name's (`name,email`): a listed given name and a surname, as everywhere."""
    out: list[tuple[int, int]] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\r\n]+", text)]
    i = 0
    while i < len(lines):
        start, header = lines[i]
        i += 1
        sep = "," if header.count(",") else ";" if header.count(";") else "\t" if header.count("\t") else ""
        if not sep or len(header) > 300:
            continue
        folded = [re.sub(r"[\s_.\"'-]+", "", c.lower()) for c in header.split(sep)]
        first_col = next((k for k, c in enumerate(folded) if c in _FIRST_COLUMNS), None)
        last_col = next((k for k, c in enumerate(folded) if c in _LAST_COLUMNS), None)
        whole_col = next((k for k, c in enumerate(folded) if c in _WHOLE_COLUMNS), None)
        if (first_col is None or last_col is None) and whole_col is None:
            continue
        while i < len(lines) and lines[i][1].count(sep) == header.count(sep):
            row_start, row = lines[i]
            i += 1
            cells, pos = [], row_start
            for cell in row.split(sep):
                lead = len(cell) - len(cell.lstrip(' "'))
                value = cell.strip(' "')
                cells.append((pos + lead, pos + lead + len(value), value))
                pos += len(cell) + len(sep)
            if first_col is not None and last_col is not None:
                (fa, fb, first), (la, lb, last) = cells[first_col], cells[last_col]
                if _WORD_ONLY.fullmatch(first) and _WORD_ONLY.fullmatch(last) and not first.islower() \
                        and not last.islower() and pair_ok(names, first, last):
                    out += [(fa, fb), (la, lb)]
            if whole_col is not None:
                a, b, _ = cells[whole_col]
                span = _whole(text, a, b, names)
                if span is not None:
                    out.append(span)
    return out


_WORD_ONLY = re.compile(_W)


# A command-line flag that names a person, its value quoted or not (`git commit --author="Bill White"`, `gh pr create
# --reviewer "Hope Young"`, `--to`, `--cc`).
_FLAG = re.compile(r"(?<![\w-])--(?:author|committer|reviewers?|assignees?|to|cc|bcc|owner|maintainer|contact"
                   r"|signoff-by|approver)(?:=|[ \t]+)(?P<q>[\"'])(?P<value>[^\"'\n<>]{3,80}?)[ \t]*"
                   r"(?:<[^<>\n]{0,255}>)?(?P=q)")
# A JSON key that names a person, with a string value (`{"name": "Bill White"}`) or an array of them
# (`{"attendees": ["Hope Young", "Will Long"]}`); the keys of `_KEY_LINE` and the labels of `_PERSON_LABELS`.
_JSON_KEY = re.compile(r"\"(?P<key>[A-Za-z][\w -]{1,40})\"[ \t]*:[ \t]*(?P<value>\"(?:[^\"\\\n]|\\.){3,80}\""
                       r"|\[[ \t\r\n]*\"[^\[\]]{0,2000}?\])")
_JSON_STRING = re.compile(r"\"(?P<s>[^\"\\\n]{3,80})\"")
_JSON_PERSON_KEYS = frozenset({"name", "fullname", "displayname", "author", "authors", "maintainer", "maintainers",
                               "owner", "owners", "contact", "contactname", "person", "people", "user", "username",
                               "assignee", "assignees", "reviewer", "reviewers", "cc", "bcc"}
                              | {re.sub(r"[\s_-]+", "", w) for w in _PERSON_LABELS})
# An author's line of a comment or a build file (Javadoc's `@author Hope Young`, `@maintainer`, a Dockerfile's
# `MAINTAINER Bill White`), an e-mail address after it or not.
_AUTHOR_LINE = re.compile(r"(?m)^[ \t/*#-]*(?:@author|@maintainer|@owner|MAINTAINER)[ \t]+(?P<value>[^\n<>@*]{3,80}?)"
                          r"[ \t]*(?:<[^<>\n]{0,255}>[ \t]*)?(?:\*/[ \t]*)?\r?$")
# LDIF's given name and surname of one entry (`givenName: Mark` / `sn: Green`).
_LDIF_GIVEN = re.compile(r"(?im)^givenName[ \t]*:[ \t]*(?P<v>[^\n:]{2,40}?)[ \t]*\r?$")
_LDIF_SN = re.compile(r"(?im)^(?:sn|surname)[ \t]*:[ \t]*(?P<v>[^\n:]{2,40}?)[ \t]*\r?$")


def _shaped_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """The names of a person's flag, JSON key or array, author's line and LDIF entry (names23, atk23 M2)."""
    out: list[tuple[int, int]] = []
    if "--" in text:
        for m in _FLAG.finditer(text):
            span = _whole(text, m.start("value"), m.end("value"), names)
            if span is not None:
                out.append(span)
    if '"' in text and ":" in text:
        for m in _JSON_KEY.finditer(text):
            if re.sub(r"[\s_-]+", "", m.group("key").lower()) not in _JSON_PERSON_KEYS:
                continue
            for s in _JSON_STRING.finditer(text, m.start("value"), m.end("value")):
                span = _whole(text, s.start("s"), s.end("s"), names)
                if span is not None:
                    out.append(span)
    if "@" in text or "MAINTAINER" in text:
        for m in _AUTHOR_LINE.finditer(text):
            span = _whole(text, m.start("value"), m.end("value"), names)
            if span is not None:
                out.append(span)
    if "givenname" in text.lower():
        given = [m for m in _LDIF_GIVEN.finditer(text) if _WORD_ONLY.fullmatch(m.group("v"))]
        for g in given:
            # the surname of the same entry: the next `sn:` before a blank line
            sn = _LDIF_SN.search(text, text.rfind("\n\n", 0, g.start()) + 1)
            while sn is not None and "\n\n" in text[min(sn.start(), g.start()):max(sn.start(), g.start())]:
                sn = _LDIF_SN.search(text, sn.end())
            if sn is None or not _WORD_ONLY.fullmatch(sn.group("v")):
                continue
            first, last = g.group("v"), sn.group("v")
            if first.islower() == last.islower() and pair_ok(names, first, last):
                out += [g.span("v"), sn.span("v")]
    return out


def record_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each full name of two everyday words in a record (see the module's docstring)."""
    out: list[tuple[int, int]] = []
    if ":" in text:
        for m in _RECORD_LINE.finditer(text):
            span = _whole(text, m.start("value"), m.end("value"), names)
            if span is not None:
                out.append(span)
        if "BEGIN:VCARD" in text.upper():
            for m in _VCARD_N.finditer(text):
                first, last = m.group("first").strip(), m.group("last").strip()
                if _WORD_ONLY.fullmatch(first) and _WORD_ONLY.fullmatch(last) and pair_ok(names, first, last):
                    out += [(m.start("last"), m.start("last") + len(last)), (m.start("first"),
                                                                            m.start("first") + len(first))]
    if "@" in text and "<" in text:
        for m in _DISPLAY.finditer(text):
            first, last = m.group("first"), m.group("last")
            if not (first.islower() or last.islower()) and pair_ok(names, first, last):
                out.append((m.start("first"), m.end("last")))
    if "=" in text or ":" in text:
        for m in _KEY_LINE.finditer(text):
            span = _whole(text, m.start("value"), m.end("value"), names)
            if span is not None:
                out.append(span)
    if "," in text or ";" in text or "\t" in text:
        out += _csv_names(text, names)
    return out + _shaped_names(text, names)


def full_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """Every span the rules above find in `text`."""
    from proxy.nlp.cue28 import cue28_names  # (cue28: `c/o`, `ATTN:`, `z. Hd.`, `Signed,` before a name)
    from proxy.nlp.names25 import names25  # (names25: person keys, records, mail headers, introductions)

    return [*verb_names(text, names), *label_names(text, names), *record_names(text, names), *names25(text, names),
            *cue28_names(text, names)]


__all__ = ["full_names", "label_names", "pair_ok", "record_names", "verb_names"]
