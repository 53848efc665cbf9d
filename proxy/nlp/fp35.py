"""PII-free text the name and phone rules read as a person's name or a phone number (fp35, atk33's false positives):

- a tool, a framework or a product named like a person (`Set up Hudson to run the nightly build`, `Write a Jasmine
  spec for the parser`, `Our Storm topology drops tuples`, `Query Loki for 5xx logs`): one word of
  `proxy.nlp.tech_terms.TECH_TERMS` or `TOOL_NAMES` in a sentence about software (a word of code, a build, a log, or
  another tool in it); never beside another name part (`Kate Hudson`, `Jasmine Patel`), after a title, a greeting
  or a person's cue (`Dear Ms. Hudson`, `ask Jasmine`), before a verb of persons (`Hudson said`, `Jasmine will`)
  or a possessive (`Hudson's laptop`);
- a firm's team in a sign-off (`Best regards,\\nThe Northwind Team`, `Thanks,\\nAcme Support`, `— Globex Billing`,
  `Cheers, the Initech crew`): one to three capitalised words before a department's word at the line's end, after
  a sign-off, a dash or `the`; a person's line (`Best regards,\\nJessica Miller`, `— Michael Jackson, Support Team`)
  stays a name;
- a place or a product as the subject of a short reply (`Denver works for me.`, `Phoenix it is.`, `Gadget Max is in
  stock.`): a listed city no list holds as a given name, or a product with a model's tier (`Max`, `Pro`, `Lite`)
  before a word of a shop (`in stock`, `on sale`, `ships`); `Charlotte works for me.` stays a name;
- a row of readings in a numeric table read as one phone number (`sensor 101 204 3345`, `412 118 2045`): three
  groups kept apart by blanks, in a block of two or more such rows (or one under a header of words; a bare number
  only under a header of a word per column: a signature's company line above its number is none), whose area code or
  exchange no North American number has (0 or 1 first), with no phone's word in the row or the header.

Pure functions, CPU only; each rule is gated by a cheap test of the finding's own text or of the text beside it.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_WORD = re.compile(r"[^\W\d_][\w'’.+#-]*")

# ------------------------------------------------------------------------------------------------ tools


@functools.cache
def _tools() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(tool names, words of a sentence about software, person cues before, person verbs after)."""
    from proxy.nlp.recognizers import (
        _COLLEAGUE_VERBS,
        _GREETINGS,
        _PERSON_VERBS,
        _RELATIONS,
        _TECH_CONTEXT,
        _TITLES,
    )
    from proxy.nlp.tech_terms import (
        AI_WORDS,
        LANGUAGE_WORDS,
        LOG_WORDS,
        PROGRAMMING_LANGUAGES,
        TECH_TERMS,
        TOOL_NAMES,
        TOOL_WORDS,
    )
    from proxy.nlp.techwords import _SOFTWARE_CUES

    tools = TECH_TERMS | TOOL_NAMES | (PROGRAMMING_LANGUAGES - {"c", "d", "r", "j", "v", "io", "joy", "logo"})
    context = _TECH_CONTEXT | _SOFTWARE_CUES | LANGUAGE_WORDS | LOG_WORDS | TOOL_WORDS | (AI_WORDS - {
        "answer", "answers", "answered", "explain", "explains", "explained", "summary", "draft", "drafts"})
    before = frozenset(t.strip(".") for t in _TITLES) | _GREETINGS | _RELATIONS | frozenset({"named", "called"})
    after = _PERSON_VERBS | _COLLEAGUE_VERBS
    return tools, context, before, after


_SENTENCE = re.compile(r"[.!?](?:\s|\Z)|\n")


def _sentence_words(chunk: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words of the span's sentence before and after it."""
    a = 0
    for m in _SENTENCE.finditer(chunk, max(0, start - 300), start):
        a = m.end()
    stop = _SENTENCE.search(chunk, end)
    b = stop.start() if stop is not None else len(chunk)
    b = min(b, end + 300)
    return _WORD.findall(chunk[max(a, start - 300):start]), _WORD.findall(chunk[end:b])


_JOINERS = frozenset({"and", "or", "can", "vs", "versus", "the", "to", "with", "&", "+", "/"})


def _tool(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """Tools named like people in a sentence about software (the module's docstring): the span's words (a joiner
    between them, `Storm and Flink`; a sentence's `Can` before) are all tools."""
    while start > 0 and chunk[start - 1].isalnum():
        start -= 1
    while end < len(chunk) and chunk[end].isalnum():
        end += 1
    span = chunk[start:end]
    tools, context, person_before, person_after = _tools()
    words = span.split()
    core = [w for w in words if w.lower() not in _JOINERS]
    if not core or len(words) > 5 or any(not w[:1].isupper() or w.lower() not in tools for w in core):
        return False
    if chunk[end:end + 2] in ("'s", "’s") or chunk[end:end + 1] in ("'", "’"):
        return False  # `Hudson's laptop`
    start += span.find(core[0])
    before, after = _sentence_words(chunk, start, end)
    prev = before[-1].lower().rstrip(".") if before else ""
    nxt = after[0] if after else ""
    if prev in person_before or nxt.lower() in person_after or (
            prev in ("to", "with", "by") and any(w.lower() in _TO_PERSON for w in before[-5:-1])):
        return False  # (`ask Jasmine`, `Hudson said`, `talk to Jenkins`, `assigned to Travis`)
    # another name part beside it (`Kate Hudson`, `Jasmine Patel`), unless it is a tool too (`Jasmine Karma`)
    for word, glued in ((before[-1] if before else "", chunk[max(0, start - 2):start]),
                        (nxt, chunk[end:end + 2])):
        if word[:1].isupper() and glued.strip(" ,") == "" and glued.count("\n") == 0 \
                and (names.is_name(word) or names.is_any_first(word)) and word.lower() not in tools \
                and not (word is not nxt and names.is_common(word) and _sentence_start(chunk, start - 1)):
            return False  # (a sentence's first word that is a common word: `Compare Storm and ...`, `Grant`)
    low = {w.lower() for w in core}
    sentence = [w.lower().rstrip(".") for w in before + after]
    other_tool = len(core) > 1 or any(w in tools and w not in low and not names.is_common(w) and not names.is_name(w)
                                      and not names.is_any_first(w) for w in sentence)
    if other_tool or _code_around(chunk, start, end):
        return True
    if not any(w in context for w in sentence):
        return False
    # a given name (`Jasmine`, `Nancy`) is the tool only in the tool's own form: before a word of software (`Jasmine
    # spec`), after a determiner, a preposition or a verb of software (`our Storm`, `from Karma`, `Set up Hudson`)
    from proxy.nlp.techwords import _SOFTWARE_VERBS

    return not any(names.is_any_first(w) for w in core) or nxt.lower() in context or prev in _TOOL_BEFORE \
        or prev in _SOFTWARE_VERBS


# Verbs before `to`/`with`/`by` and a person (`talk to Jenkins`, `assigned to Travis`, `reviewed by Hudson`).
_TO_PERSON = frozenset("""
talk talked talking speak spoke speaking reach reached send sent forward forwarded assign assigned hand handed give
gave report reports reported reporting reply replied write wrote chat chatted meet met check checked sync synced
pair paired escalate escalated reviewed approved signed written introduced pass passed email emailed
""".split())
_TOOL_BEFORE = frozenset("""
a an the our your their its this that my in from into on onto via using use uses used up run runs running query
queries queried replace replaced replacing versus vs over behind than like under for
""".split())


def _sentence_start(chunk: str, at: int) -> bool:
    """Whether the word that ends at `at` opens its sentence (`Compare Storm and ...`)."""
    while at > 0 and chunk[at - 1].isalpha():
        at -= 1
    k = at - 1
    while k >= 0 and chunk[k] in " \t":
        k -= 1
    return k < 0 or chunk[k] in ".!?:\n`\"(["


_CODE = re.compile(r"`|\b\d+xx\b|\.(?:ya?ml|json|toml|conf|ini|xml|py|js|ts|go|rs|java|sh)\b|--[a-z]")


def _code_around(chunk: str, start: int, end: int) -> bool:
    return _CODE.search(chunk, max(0, start - 80), min(len(chunk), end + 80)) is not None


# ------------------------------------------------------------------------------------------------ sign-offs

_DEPT = (r"(?:(?:Customer|Security|Support|Onboarding|Care|Service|Sales|Billing|Success|Product|Partner|Account"
         r"|Developer|Platform|Client|Member|Help|Community|Events|Recruiting|Talent|Marketing|Engineering)[ \t]+)?"
         r"(?:Team|Support|Billing|Success|Sales|Helpdesk|Help[ \t]+Desk|Desk|Operations|Ops|Accounts|Accounting"
         r"|Engineering|Payroll|HR|IT|Care|Service|Services|Partnerships|Marketing|Finance|Security|Crew|Staff"
         r"|Group|Office|Concierge|Reception|Hotline|Notifications|Newsletter"
         r"|team|crew|folks|gang|squad|staff)")
_FIRM_LINE = re.compile(r"(?P<firm>[A-Z][\w&'’.-]*(?:[ \t]+[A-Z][\w&'’.-]*){0,2})[ \t]+" + _DEPT
                        + r"[ \t]*[.!]?[ \t]*\r?$", re.MULTILINE)
_SIGN_OFF = re.compile(r"(?i)(?:regards|thanks|thank[ \t]+you|cheers|sincerely|best|wishes|yours|greetings"
                       r"|cordially|respectfully|love)[^\n]{0,40}[,!.:-]?[ \t]*\r?\n"
                       r"(?:[ \t]*(?:--)?[ \t]*\r?\n){0,2}[ \t]*\Z")
_DASH_OR_THE = re.compile(r"(?:^|\n)[ \t]*(?:[—–~]|--?)[ \t]*\Z|(?<![\w])(?:[Tt]he|[Ff]rom[ \t]+the|[Yy]our)[ \t]+\Z"
                          r"|(?i:regards|thanks|cheers|best|wishes)[ \t]*,[ \t]*(?:the[ \t]+)?\Z")


def _firm_sign_off(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A firm's team in a sign-off (the module's docstring): the span lies in `<Firm> <Department>` at its line's
    end, after a sign-off on the line before, a dash, `the` or `Thanks, `; never a given name and a surname before
    the department (`— Dana Kerr Sales`)."""
    line = chunk.rfind("\n", max(0, start - 200), start) + 1
    stop = chunk.find("\n", end, end + 200)
    if stop < 0 and end + 200 < len(chunk):
        return False
    m = _FIRM_LINE.search(chunk, max(line, start - 200), len(chunk) if stop < 0 else stop)
    if m is None or not (m.start("firm") <= start and end <= m.end()) or "," in chunk[m.start("firm"):m.end()]:
        return False
    firm = m.group("firm").split()
    if len(firm) > 1 and names.is_any_first(firm[0]) and names.is_name(firm[1]):
        return False
    head = chunk[max(0, m.start("firm") - 40):m.start("firm")]
    if _DASH_OR_THE.search(head) is not None:
        return True
    return chunk[line:m.start("firm")].strip() == "" and _SIGN_OFF.search(chunk, max(0, line - 100), line) is not None


# ------------------------------------------------------------------------------------------------ short replies

_REPLY = re.compile(r"[ \t]+(?:works(?:[ \t]+(?:for|better|best|fine|great))?|it[ \t]+is|is[ \t]+fine|sounds"
                    r"|is[ \t]+(?:closer|better|cheaper|easier|warmer|booked|too|okay|ok|perfect|great)|suits)\b")
_SHOP = re.compile(r"[ \t]+(?:is|are)[ \t]+(?:in[ \t]+stock|on[ \t]+sale|sold[ \t]+out|out[ \t]+of[ \t]+stock"
                   r"|back[ \t]+in[ \t]+stock|discontinued|backordered|available)\b|[ \t]+(?:ships|shipped|sells"
                   r"|costs|retails)\b")


def _short_reply(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A place or a product as the subject of a short reply (the module's docstring)."""
    if not _sentence_start(chunk, start):
        return False
    words = chunk[start:end].split()
    if _SHOP.match(chunk, end) is not None and len(words) == 2:
        from proxy.nlp.companies import DEVICE_LINES, MODEL_TIERS

        return words[1].lower() in MODEL_TIERS or words[0].lower() in DEVICE_LINES
    if len(words) != 1 or _REPLY.match(chunk, end) is None:
        return False
    from proxy.nlp.places import city_names

    stop = chunk.find("\n", end, end + 200)
    return words[0].lower() in city_names() and not _given_too(words[0].lower()) \
        and len(chunk[end:stop if stop >= 0 else end + 200].split()) <= 8


@functools.cache
def _given_too(word: str) -> bool:
    """Whether a city's name is a usual US given name too: faker's `en_US` first names, or among the 300 most
    frequent of the census lists (zxcvbn's, in rank order: `charlotte`, `eugene`, `florence`; not `denver`)."""
    from faker.providers.person.en_US import Provider
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    return word in lists["male_names"][:300] or word in lists["female_names"][:300] \
        or word in {n.lower() for n in Provider.first_names}


# ------------------------------------------------------------------------------------------------ numeric rows

_THREE = re.compile(r"(?:\d{1,2}[ \t]+)?(\d{3})[ \t]+(\d{3})[ \t]+(\d{4})")
_PHONE_WORD = re.compile(r"(?i)phone|\btel|mobile|\bcell|fax|\bcall|contact|whats|sms|\bdial|number|\bno\b|#|@|\+")
# A row: a label (`sensor`, `probe-3`, `rack 12`) or none, then three or more whole or decimal cells.
_ROW = re.compile(r"[ \t]*(?P<label>[A-Za-z][\w.-]*(?:[ \t]+\d{1,2}(?=[ \t]+\d{3}[ \t]))?[ \t]+)?"
                  r"\d+(?:\.\d+)?(?:[ \t]+-?\d+(?:\.\d+)?){2,}[ \t]*\r?")
_HEADER = re.compile(r"[ \t]*[A-Za-z][\w.%/()-]*(?:[ \t]+[A-Za-z][\w.%/()-]*)+[ \t]*\r?")


def reading_row(chunk: str, start: int, end: int, names: NameLists | None) -> bool:
    """A row of readings read as one phone (the module's docstring): a block of two or more rows (or one under a
    header of words), no phone's word in the rows or the line above them, no person's name as a row's label; a row
    with an id's label (`sensor-1`, `probe`), under a header, or a group no North American number has (0 or 1
    first: `412 118 2045`) somewhere in the block."""
    if _THREE.fullmatch(chunk, start, end) is None:
        return False
    a = chunk.rfind("\n", max(0, start - 200), start) + 1
    b = chunk.find("\n", end, end + 200)
    if (a == 0 and start > 200) or (b < 0 and end + 200 < len(chunk)):
        return False  # (a long line: no table's row)
    lines = chunk[max(0, a - 1200):a].split("\n")[:-1][-8:]  # (a bounded window: no reading of the whole text)
    above = len(lines)
    lines.append(chunk[a:len(chunk) if b < 0 else b])
    lines += chunk[b + 1:b + 1200].split("\n")[:8] if b >= 0 else []
    lo = hi = above
    while lo > 0 and _ROW.fullmatch(lines[lo - 1]) is not None:
        lo -= 1
    while hi + 1 < len(lines) and _ROW.fullmatch(lines[hi + 1]) is not None:
        hi += 1
    rows = [_ROW.fullmatch(line) for line in lines[lo:hi + 1]]
    if any(r is None for r in rows):
        return False
    head = lines[lo - 1] if lo > 0 else ""
    header = _HEADER.fullmatch(head) is not None and len(head.split()) >= 2 and ":" not in head
    if header and len(rows) < 2 and rows[0] is not None and not rows[0].group("label") \
            and len(head.split()) != len(lines[lo].split()):
        header = False  # (a bare number under no header of its columns: `Omar Haddad\nNorthwind Ltd\n646 771 2093`)
    if (len(rows) < 2 and not header) or _PHONE_WORD.search(head) is not None \
            or any(_PHONE_WORD.search(line) is not None for line in lines[lo:hi + 1]):
        return False
    labels = [(r.group("label") or "").split()[0] if r.group("label") else "" for r in rows if r is not None]
    if any(w[:1].isupper() and (names is None or names.is_name(w) or names.is_any_first(w)) for w in labels):
        return False
    if header or any(w[:1].islower() for w in labels):
        return True
    return any(m.group(1)[0] in "01" or m.group(2)[0] in "01"
               for line in lines[lo:hi + 1] for m in _THREE.finditer(line))


# ------------------------------------------------------------------------------------------------ all

_TITLED = re.compile(r"\b(?:Mrs?|Ms|Mx|Dr|Prof|Miss)\.?[ \t]+([A-Z][a-z]+)\b")


def _titled_tools(chunk: str, found: list[Result]) -> list[Result]:
    """A tool's word after a person's title (`Dear Ms. Hudson, the build is green`): a person, whatever the
    sentence says (the readers of tools name it none)."""
    tools = _tools()[0]
    return [("PERSON", m.start(1), m.end(1), 0.85) for m in _TITLED.finditer(chunk) if m.group(1).lower() in tools
            and not any(r[0] == "PERSON" and r[1] <= m.start(1) < r[2] for r in found)]


def without35(chunk: str, found: list[Result], names: NameLists, entities: list[str]) -> list[Result]:
    """`found` (spans of `chunk`) without what the rules of this module read as no name and no phone number, with a
    tool's word after a person's title (where `entities` hold PERSON)."""
    if "PERSON" in entities and ("M" in chunk or "Dr" in chunk or "Prof" in chunk):
        found = found + _titled_tools(chunk, found)
    out: list[Result] = []
    for r in found:
        kind, a, b = r[0], r[1], r[2]
        if kind == "PERSON" and (_tool(chunk, a, b, names) or _firm_sign_off(chunk, a, b, names)
                                 or _short_reply(chunk, a, b, names)):
            continue
        if kind == "PHONE_NUMBER" and " " in chunk[a:b] and reading_row(chunk, a, b, names):
            continue
        out.append(r)
    return out
