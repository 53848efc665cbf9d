"""Business words and numbers the name and phone rules read as a person or a phone number (fp37, atk36 FP01, FP02).

- a role's title in title case (`Scrum Master`, `Product Owner`, `Release Train Engineer`, `Business Analyst`, `Data
  Steward`, `Chief Technology Officer`): a name finding that lies wholly inside a run of business or technical
  words (`_ROLE_WORDS`) that ends in a role's word (`_ROLE_HEADS`); a name beside it (`Scrum Master Dana Kerr`, a
  finding reaching past the title) and a title after a title of address (`Dear Mr. Master`) stay names;
- an event's or a campaign's name in title case (`the Spring Product Update webinar`, `the Spring Leadership
  Offsite`, `a Spring Cleaning Day`): a season's, a month's or a business word's finding at the start of a run of
  capitalised words that ends in an event's word (`Update`, `Review`, `Town Hall`, `Offsite`, `Day`) or before a
  lower-case one (`webinar`, `kickoff`), or the event's word itself after such words (`Summer Partner Kickoff`); a
  listed given name in the finding (`Dana Review`, `Grace Product Update`), a name's word beside the run (`Spring
  Nguyen`), a title or a person's cue before it (`Dr. Winter`, `ask Spring`) or a person's verb after it (`Autumn
  Day will present`) keep the name;
- a number in a request to format it or compute with it (`Format this number with thousands separators:
  98765432101.`, `Is 98765432103 prime?`, `Write 31415926535 in words.`): digits alone, such a request's words in
  its sentence before it (or right after it: `... in words`, `... prime?`), and no phone's word within 200
  characters (`Format this phone number: ...`, `... and text Dana there`, `Is ... prime? It's my mobile.` stay phone
  numbers).

An order's, a loan's or a serial's number after its word (`Loan application 55-2048-0019`, `serial SN 4471-8829-0031`)
is `proxy.nlp.recognizers.id_number`'s (its `_ID_WORD`).

Pure functions, CPU only; each rule is gated by a substring test of the finding or of the text beside it.
"""

from __future__ import annotations

import re

from proxy.nlp.fp36 import _PERSON_NEXT
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------ roles and events

# The last word of a role's title.
_ROLE_HEADS = frozenset("""
master owner owners manager managers engineer engineers lead leads architect architects coach coaches officer officers
director directors analyst analysts steward stewards champion champions advocate advocates designer designers
developer developers administrator administrators consultant consultants specialist specialists executive executives
representative representatives coordinator coordinators facilitator facilitators sponsor sponsors partner partners
strategist strategists scientist scientists tester testers writer writers recruiter recruiters planner planners
controller controllers auditor auditors custodian custodians evangelist evangelists operator operators
""".split())
# Words of a business's or a technical team's titles, roles and events (lower case).
_ROLE_WORDS = frozenset("""
scrum product products release train program programme project portfolio delivery engineering data solution solutions
enterprise site reliability security platform cloud devops software systems system network database qa quality test
customer customers success account accounts sales marketing business agile tech technical team chief information
technology financial operating operations executive compliance privacy risk change service services support help desk
content ux ui design research brand growth community developer relations partner channel office ops hr people talent
training learning knowledge incident problem configuration asset vendor supplier procurement finance payroll legal
senior principal staff associate assistant deputy vice general regional area store shift plant
production maintenance field safety health facilities build integration machine ai ml analytics intelligence bi
frontend backend full stack mobile web game digital transformation innovation strategy sprint kanban
infrastructure automation governance architecture process value stream epic feature release
accessibility localization documentation api mlops dataops finops secops revenue pricing demand supply chain
logistics inventory category merchandising creative editorial social media events event program programs partnership
partnerships alliance alliances client clients user users experience employee workplace culture diversity inclusion
""".split())
# The last word of an event's or a campaign's name in title case, and lower-case words after one.
_EVENT_HEADS = frozenset("""
update updates review reviews summit summits hall kickoff kick-off offsite off-site retreat hackathon webinar webinars
workshop workshops showcase launch meetup forum expo keynote session sessions sync standup stand-up planning
retrospective retro briefing gala fair bootcamp campaign roadmap newsletter recap roundup digest conference
celebration party mixer festival week day days series hands all-hands town sale sales drive challenge tour
demo demos open house
""".split())
_EVENT_AFTER = frozenset("""
webinar webinars event events meeting meetings session sessions conference summit sale campaign launch newsletter
update review kickoff offsite deck email invite invitation recording agenda slides recap livestream keynote
presentation roadmap banner poster announcement registration survey
""".split())
# Words of a season, a month or a calendar that open an event's name (`Spring`, `Summer`, `Holiday`).
_CALENDAR = frozenset("""
spring summer autumn fall winter holiday holidays harvest easter christmas midsummer midyear year-end january
february march april may june july august september october november december quarterly annual monthly weekly
global regional internal
""".split())
_TITLE_BEFORE = re.compile(r"(?i)(?:\b(?:mr|mrs|ms|mx|dr|prof|sir|madam|dear|hi|hello|hey|ask|tell|thanks|thank"
                           r"|cc|ping|email|meet|with|by|from|to|invite|call|attn)\.?,?[ \t]+|@)\Z")
_TITLED = re.compile(r"(?i)\b(?:mr|mrs|ms|mx|dr|prof|sir|madam)\.?[ \t]+\Z")
_CAP = re.compile(r"[A-Z][A-Za-z&-]*")
_HINT = re.compile(r"[A-Z][a-z]+ [A-Z]")


def _words_around(chunk: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The run of capitalised words (one space apart) before `start` and after `end`, as spans."""
    before: list[tuple[int, int]] = []
    at = start
    while len(before) < 4:
        m = re.search(r"([A-Z][A-Za-z&-]*) \Z", chunk[max(0, at - 30):at])
        if m is None:
            break
        a = at - len(m.group(0))
        before.insert(0, (a, a + len(m.group(1))))
        at = a
    after: list[tuple[int, int]] = []
    at = end
    while len(after) < 4 and chunk.startswith(" ", at):
        m = _CAP.match(chunk, at + 1)
        if m is None:
            break
        after.append(m.span())
        at = m.end()
    return before, after


def _role(chunk: str, start: int, end: int, words: list[str], names: NameLists) -> bool:
    """A role's title: the finding's words and the capitalised words before it are business words, the last a role's
    word (`Scrum Master`, `Release Train Engineer`); a capitalised word right after it is none (`Scrum Master Dana`),
    a name's word right before the title none (`Jordan Scrum Master`; a sentence's verb may be: `Describe ...`)."""
    if words[-1].lower() not in _ROLE_HEADS or any(w.lower() not in _ROLE_WORDS for w in words[:-1]):
        return False
    before, after = _words_around(chunk, start, end)
    lead = [chunk[a:b].lower() for a, b in before]
    k = len(lead)
    while k > 0 and lead[k - 1] in _ROLE_WORDS:
        k -= 1
    if k == len(lead) and len(words) == 1:
        return False  # (`Master` alone: no business word before it)
    if after and chunk[after[0][0]:after[0][1]].lower() not in _ROLE_WORDS:
        return False
    if k > 0 and (names.is_name(lead[k - 1]) or names.is_any_first(lead[k - 1])):
        return False  # (a name's word before the title: `Jordan Scrum Master`)
    opening = before[k][0] if k < len(before) else start
    return _TITLED.search(chunk, max(0, opening - 12), opening) is None


def _event(chunk: str, start: int, end: int, words: list[str], names: NameLists) -> bool:
    """An event's name: a run of capitalised words, the finding in it, each a season's, a month's, a business word or
    an event's (no listed given name but a calendar word's), the run's last an event's word or a lower-case event
    word after it; the run two words or more, no title or person's cue before it, no name's word after the finding
    (`Spring Nguyen`) nor before the run (`Jordan Sales Kickoff`)."""
    def plain(w: str) -> bool:
        return w in _CALENDAR or (w in _ROLE_WORDS or w in _EVENT_HEADS) and not names.is_name(w) \
            and not names.is_any_first(w)  # (`Hall`, `Forum` are surnames: `Summer Hall said` stays a name)

    if not all(plain(w.lower()) for w in words) or chunk.startswith(("'s", "’s"), end):
        return False
    before, after = _words_around(chunk, start, end)
    lead = [chunk[a:b].lower() for a, b in before]
    k = len(lead)
    while k > 0 and plain(lead[k - 1]):
        k -= 1
    if k > 0 and (names.is_name(lead[k - 1]) or names.is_any_first(lead[k - 1])):
        return False  # `Jordan Sales Kickoff`
    opening = before[k][0] if k < len(before) else start
    if _TITLE_BEFORE.search(chunk, max(0, opening - 12), opening) is not None:
        return False  # `Dr. Winter`, `ask Spring`
    if after:
        first = chunk[after[0][0]:after[0][1]]
        if not plain(first.lower()) and (names.is_name(first) or names.is_any_first(first)):
            return False  # `Spring Nguyen`
    if len(before) - k + len(words) + len(after) < 2:
        return False
    last = chunk[after[-1][0]:after[-1][1]] if after else words[-1]
    tail = after[-1][1] if after else end
    nxt = re.match(r"[ \t]+([a-z][\w-]*)", chunk[tail:tail + 30])
    if nxt is not None and nxt.group(1) in _PERSON_NEXT:
        return False  # `Autumn Day will present`, `Winter Review signed`
    return last.lower() in _EVENT_HEADS or (nxt is not None and nxt.group(1) in _EVENT_AFTER)


def business_titles(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON findings that are a role's title or an event's name (the module's docstring)."""
    if not any(r[0] == "PERSON" for r in found) or _HINT.search(chunk) is None:
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            words = chunk[r[1]:r[2]].split()
            if words and len(words) <= 3 and all(_CAP.fullmatch(w) for w in words) \
                    and (_role(chunk, r[1], r[2], words, names) or _event(chunk, r[1], r[2], words, names)):
                continue
        out.append(r)
    return out


# ------------------------------------------------------------------------------------------------ arithmetic

_MATH_HINT = re.compile(r"(?i)separator|comma|words|notation|hex|binary|octal|base|roman|nearest|significant"
                        r"|decimal|prime|factor|divisib|divid|multipl|root|sqrt|mod|remainder|digit|odd|palindrome"
                        r"|square|logarithm|times|plus|minus|overflow|fits?\b|[*/+%x×÷]")
# A request to format a number or compute with it, before it in its sentence ...
_MATH_BEFORE = re.compile(
    r"(?i)\b(?:thousands?[ \t-]+separators?|digit[ \t]+grouping|(?:add|insert|with|using)[ \t]+commas"
    r"|scientific[ \t]+notation|in[ \t]+words|spell(?:ed)?[ \t]+out|roman[ \t]+numerals?|hex(?:adecimal)?|binary"
    r"|octal|base[ \t-]?(?:2|8|10|16|36)|round(?:ed)?[ \t]+(?:(?:the|this|that)[ \t]+number[ \t]+)?(?=\d)"
    r"|(?:to[ \t]+the[ \t]+)?nearest[ \t]+(?:ten|hundred|thousand|million|billion|integer|whole[ \t]+number)"
    r"|significant[ \t]+(?:figures|digits)|decimal[ \t]+places|primes?|factori[sz]e|factori[sz]ation|factors"
    r"|divisible|divided|divide|multiply|multiplied|square[ \t]+root|cube[ \t]+root|sqrt|modulo|remainder"
    r"|sum[ \t]+of[ \t]+(?:the[ \t]+|its[ \t]+)?digits|digit[ \t]+sum|even[ \t]+or[ \t]+odd|odd[ \t]+or[ \t]+even"
    r"|palindrome|perfect[ \t]+square|logarithm|how[ \t]+many[ \t]+(?:bits|digits))\b")
# ... or right after it (`98765432101 in words`, `Is 98765432101 prime?`, `98765432101 mod 7`).
_MATH_AFTER = re.compile(
    r"(?i)[ \t]+(?:(?:a[ \t]+)?prime(?:[ \t]+number)?|in[ \t]+(?:words|binary|hex(?:adecimal)?|octal|scientific"
    r"[ \t]+notation|roman[ \t]+numerals)|to[ \t]+(?:binary|hex(?:adecimal)?|octal|words|base[ \t]*\d+)"
    r"|mod(?:ulo)?[ \t]+\d|divided[ \t]+by|times[ \t]+\d|plus[ \t]+\d|minus[ \t]+\d|[*/%×÷][ \t]*\d"
    r"|(?:(?:is|be)[ \t]+)?divisible|rounded|to[ \t]+the[ \t]+nearest|overflows?|fits?[ \t]+in(?:to)?)\b")
_PHONE_CUE = re.compile(r"(?i)\b(?:phone|telephone|tel|cell|cellphone|mobile|call|calling|fax|whatsapp|sms|text"
                        r"|texting|dial|contact|reach|ring|landline|extension|ext|e\.164|msisdn|caller)\b")
_SENTENCE_END = re.compile(r"[.!?](?:\s|\Z)|\n")


def arithmetic_numbers(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the phone numbers that are a number to format or compute with (the module's docstring)."""
    if not any(r[0] == "PHONE_NUMBER" for r in found) or _MATH_HINT.search(chunk) is None:
        return found
    return [r for r in found if r[0] != "PHONE_NUMBER" or not _arithmetic(chunk, r[1], r[2])]


def _arithmetic(chunk: str, start: int, end: int) -> bool:
    value = chunk[start:end]
    if not (value.isascii() and value.isdigit()) or chunk[max(0, start - 1):start] in ("+", "-", "(") \
            or chunk[end:end + 1] in ("-", ")"):
        return False
    if _PHONE_CUE.search(chunk, max(0, start - 200), min(len(chunk), end + 200)) is not None:
        return False  # (a phone's word near it, in its sentence or the next: `Is 6175550143 prime? It's my mobile.`)
    a = max(0, start - 80)
    for m in _SENTENCE_END.finditer(chunk, a, start):
        a = m.end()
    return _MATH_BEFORE.search(chunk, a, start) is not None or _MATH_AFTER.match(chunk, end) is not None
