"""PII-free text the name and phone rules read as a person's name or a phone number (fp33, atk31's false positives
left after fp32):

- a title after `the` before `of` (`the Dean of Engineering`, `the Provost of Arts`): `Dean Smith` stays a name;
- a word after a determiner as the name of a system or a project (`the Hermes notification service`, `the Lincoln
  migration`): the word is followed by at most one lower-case word and a noun of a system (`_SYSTEM_HEADS`); never
  before a verb or a possessive (`the Hermes Okafor called` has no such noun);
- a room's name (`LOCATION:Room Austin`, `Conference Room Lincoln`): `Contact: Austin Reed` stays a name;
- a firm's name: one word before a capitalised word of a firm (`Lincoln Financial premium`, `Madison Capital`), never
  before a person's role (`Reed Financial Advisor`);
- a service's name in a table or a list (`Hunter Scheduler`, `Mason Build`): a name's word before or with a
  capitalised word of a service (`_SERVICE_HEADS`);
- a brand or a tool the NER reads as a person (`Codecov`, `Rivian`: `_BRANDS33`), written alone;
- a Turkish phrase in lower case with an article or a function word (`kibar bir` "a polite");
- a vCard of an organisation (`N:;;;;`, `FN:Jackson Hewitt Support`, `ORG:Jackson Hewitt`): its FN and ORG lines
  hold no person where the name is empty and FN opens with the ORG; an FN that ends with a department's word
  (`Support`, `Helpdesk`) holds none, read line by line too;
- a place under a place's key (`"city": "Madison"`, `state: Georgia`): the whole value;
- an SQL row whose first name is a common word no list holds as a given name (`first_name='Building',
  last_name='North'`): neither its first nor its last name is a person's;
- an id read as a phone number (`INV 2026 0042 1187`, `Build 26.01.05 1002`, `PO 4471-2290-1187`, UPS `1Z 999 AA1
  01 2345 6784`): after an id's label where its digit groups are no phone's (`build 617-555-0143` stays one), or
  inside a UPS tracking number; `Ph: 617 555 0143` and a phone after a postcode (`SW1A 1AA 020 7946 0958`) stay.

Pure functions, CPU only; each rule is gated by a cheap test of the finding's own text or of the text beside it.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------ titles

_TITLES = frozenset("""
dean provost chancellor rector president director chair chairman chairwoman head principal registrar bursar warden
secretary minister mayor governor bishop archbishop treasurer comptroller superintendent commissioner
""".split())
_THE_BEFORE = re.compile(r"(?i)(?:^|[^\w'’-])the[ \t]+\Z")
_OF_AFTER = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]")


def _title_of(chunk: str, start: int, end: int) -> bool:
    """`the Dean of Engineering`: a title between `the` and `of`."""
    return chunk[start:end].lower() in _TITLES and _THE_BEFORE.search(chunk, max(0, start - 8), start) is not None \
        and _OF_AFTER.match(chunk, end) is not None


# ------------------------------------------------------------------------------------------------ systems, projects

_DETERMINER = re.compile(r"(?i)(?:^|[^\w'’-])(?:the|our|their|your|this|that|its|new|old)[ \t]+\Z")
# Nouns of a system, a project or a piece of work after its name (`the Hermes notification service`, `the Lincoln
# migration`, `the Jackson serializer upgrade`).
_SYSTEM_HEADS = frozenset("""
service services microservice migration migrations rewrite rewrites upgrade upgrades refactor integration
integrations serializer deserializer parser pipeline pipelines backend frontend api apis endpoint endpoints
server servers cluster clusters scheduler worker workers queue queues cache connector connectors plugin plugins
module modules library sdk repo repository codebase dashboard database schema rollout deployment release
releases cutover initiative workstream epic sprint milestone prototype redesign replatform sunset deprecation
""".split())
_NEXT_LOWER = re.compile(r"[ \t]+([a-z][a-z-]*)(?:[ \t]+([a-z][a-z-]*))?")


def _system_name(chunk: str, start: int, end: int) -> bool:
    """`the Hermes notification service`: a word after a determiner, then at most one lower-case word, then a noun
    of a system."""
    if " " in chunk[start:end] or _DETERMINER.search(chunk, max(0, start - 8), start) is None:
        return False
    m = _NEXT_LOWER.match(chunk, end)
    if m is None:
        return False
    return m.group(1) in _SYSTEM_HEADS or (m.group(2) is not None and m.group(2) in _SYSTEM_HEADS)


# ------------------------------------------------------------------------------------------------ rooms

_ROOM_BEFORE = re.compile(r"(?i)\b(?:room|rm\.?|boardroom|conference[ \t]+room|meeting[ \t]+room|building|bldg\.?)"
                          r"[ \t]+\Z")


def _room(chunk: str, start: int, end: int) -> bool:
    """`Room Austin`: one word after a room's word."""
    return " " not in chunk[start:end] and _ROOM_BEFORE.search(chunk, max(0, start - 16), start) is not None


# ------------------------------------------------------------------------------------------------ firms, services

_FIRM_HEADS = frozenset("""
financial energy insurance bank bancorp capital partners group holdings logistics motors industries foods pharmacy
pharmaceuticals labs laboratories systems solutions technologies consulting airlines airways healthcare realty
properties investments securities mutual brewing electric utilities telecom communications media entertainment
""".split())
# Words after a firm's word that make the name a person's role (`Reed Financial Advisor`).
_ROLE_AFTER = re.compile(r"[ \t]+(?:Advisor|Adviser|Analyst|Officer|Planner|Consultant|Manager|Director|Engineer"
                         r"|Specialist|Associate|Representative|Rep|Counselor|Coordinator|Controller)\b")
_SERVICE_HEADS = frozenset("""
scheduler build builds processor gateway worker workers runner runners pipeline daemon indexer crawler dashboard
portal registry router queue cache bot sync exporter importer poller notifier dispatcher ingest ingestor listener
relay webhook cron loader uploader watcher
""".split())
_CAP_NEXT = re.compile(r"[ \t]([A-Z][a-z]+)\b")


def _firm_or_service(chunk: str, start: int, end: int) -> bool:
    """`Lincoln Financial`, `Mason Build`: one word before a firm's or a service's word; `Hunter Scheduler`: a
    service's word last in the span."""
    words = chunk[start:end].split()
    if len(words) == 2 and words[-1].lower() in _SERVICE_HEADS and words[-1][:1].isupper():
        return True
    if len(words) != 1:
        return False
    m = _CAP_NEXT.match(chunk, end)
    if m is None:
        return False
    head = m.group(1).lower()
    if head in _SERVICE_HEADS:
        return True
    return head in _FIRM_HEADS and _ROLE_AFTER.match(chunk, m.end()) is None


# ------------------------------------------------------------------------------------------------ brands

# Brands and tools the NER reads as people (exact spelling).
_BRANDS33 = frozenset("""
Codecov Coveralls Rivian Lucid Polestar Snyk Dependabot Renovate Sentry Datadog Grafana Kibana
Mailchimp Zendesk Intercom Twilio Heroku Vercel Netlify
""".split())
_TITLE_BEFORE = re.compile(r"(?i)\b(?:mrs?|ms|mx|dr|prof)\.?[ \t]+\Z")


def _brand(chunk: str, start: int, end: int) -> bool:
    return chunk[start:end] in _BRANDS33 and _CAP_NEXT.match(chunk, end) is None \
        and _TITLE_BEFORE.search(chunk, max(0, start - 8), start) is None


# ------------------------------------------------------------------------------------------------ Turkish

_TURKISH_FUNCTION = frozenset("bir ve ile için bu şu çok daha gibi".split())


def _turkish_phrase(chunk: str, start: int, end: int) -> bool:
    """`kibar bir`: a lower-case span with a Turkish article or function word."""
    words = chunk[start:end].split()
    return len(words) >= 2 and all(w.islower() for w in words) and any(w in _TURKISH_FUNCTION for w in words)


# ------------------------------------------------------------------------------------------------ vCard

_VCARD_N_EMPTY = re.compile(r"(?m)^N:[; \t]*\r?$")
_VCARD_ORG = re.compile(r"(?m)^ORG[;:](?:[^:\n]*:)?(?P<org>[^;\r\n]+)")
_VCARD_FN = re.compile(r"(?m)^FN[;:](?:[^:\n]*:)?(?P<fn>[^\r\n]+)")


def _org_card_lines(chunk: str) -> list[tuple[int, int]]:
    """The FN and ORG lines of the vCards of `chunk` whose name is empty and whose FN opens with the ORG."""
    out: list[tuple[int, int]] = []
    for card in re.finditer(r"(?s)BEGIN:VCARD.*?(?:END:VCARD|\Z)", chunk):
        body = card.group()
        org, fn = _VCARD_ORG.search(body), _VCARD_FN.search(body)
        if _VCARD_N_EMPTY.search(body) is None or org is None or fn is None:
            continue
        if not fn.group("fn").strip().lower().startswith(org.group("org").strip().lower()):
            continue
        base = card.start()
        out += [(base + org.start(), base + org.end()), (base + fn.start(), base + fn.end())]
    return out


_FN_DEPARTMENT = re.compile(r"[ \t]+(?:Support|Helpdesk|Help[ \t]+Desk|Service|Services|Sales|Billing|Reception"
                            r"|Hotline|Customer[ \t]+(?:Care|Service)|Team|Desk|Office)[ \t]*\r?$", re.MULTILINE)


def _fn_department(chunk: str, start: int, end: int) -> bool:
    """`FN:Jackson Hewitt Support`: a vCard's formatted name that ends with a department's word (read line by line,
    as a stream's window holds it)."""
    line = chunk.rfind("\n", 0, start) + 1
    return chunk.startswith("FN", line) and re.match(r"FN(?:;[^:\n]*)?:[ \t]*\Z", chunk[line:start]) is not None \
        and _FN_DEPARTMENT.match(chunk, end) is not None


# ------------------------------------------------------------------------------------------------ place keys

_PLACE_KEY = re.compile(r"""(?i)(?:^|[\s{,"'])["']?(?:city|town|state|country|county|province|region|district"""
                        r"""|suburb|municipality|village|locality|address_?city|city_?name)["']?"""
                        r"""[ \t]*[:=][ \t]*["']?\Z""")


def _place_value(chunk: str, start: int, end: int) -> bool:
    """`"city": "Madison"`: the whole value of a place's key."""
    if _PLACE_KEY.search(chunk, max(0, start - 24), start) is None:
        return False
    return end == len(chunk) or chunk[end] in "\"',;}\r\n<&"


# ------------------------------------------------------------------------------------------------ SQL rows

_SQL_INSERT = re.compile(r"(?is)\((?P<cols>[^()]*)\)\s*values\s*")
_SQL_TUPLE = re.compile(r"\((?:[^()'\"]|'(?:[^'\\\n]|\\.|'')*'|\"[^\"\n]*\")*\)")
_SQL_VALUE = re.compile(r"\s*(?P<v>'(?:[^'\\\n]|\\.|'')*'|\"[^\"\n]*\"|[^,()]*?)\s*(?:,|\)|\Z)")
_FIRST_COLS = frozenset("first_name firstname first fname given_name givenname forename".split())
_LAST_COLS = frozenset("last_name lastname last lname surname family_name familyname".split())


def _sql_not_people(chunk: str, names: NameLists) -> list[tuple[int, int]]:
    """The first and last names' values of the SQL rows (`INSERT INTO t (id, first_name, last_name) VALUES (1,
    'Building', 'North')`) whose first name is a common word that no list holds as a given name."""
    out: list[tuple[int, int]] = []
    for m in _SQL_INSERT.finditer(chunk):
        cols = [c.strip(" \t\r\n`\"'[]").lower() for c in m.group("cols").split(",")]
        first = next((k for k, c in enumerate(cols) if c in _FIRST_COLS), None)
        last = next((k for k, c in enumerate(cols) if c in _LAST_COLS), None)
        if first is None:
            continue
        pos = m.end()
        while (row := _SQL_TUPLE.match(chunk, pos)) is not None:
            values: list[tuple[int, int]] = []
            at = row.start() + 1
            while at < row.end() - 1 and (v := _SQL_VALUE.match(chunk, at)) is not None and v.end() > at:
                values.append(v.span("v"))
                at = v.end()
            if len(values) == len(cols):
                word = chunk[values[first][0]:values[first][1]].strip("'\"")
                if word.isalpha() and names.is_very_common(word) and not names.is_any_first(word):
                    out += [values[first]] + ([values[last]] if last is not None else [])
            comma = re.match(r"\s*,\s*", chunk[row.end():row.end() + 40])
            if comma is None:
                break
            pos = row.end() + comma.end()
    return out


# ------------------------------------------------------------------------------------------------ ids

_ID_LABEL = re.compile(r"(?i)(?:^|[^\w-])(?:inv|invoice|po|p\.o\.|build|order|tracking|trk|ref|sku|batch|lot|serial"
                       r"|s/n|part|item|receipt|shipment|waybill|awb|bol|release|version|ver"
                       # a part's or an article's number (num42: `P/N 0986-452-041`, `Art.-Nr. 0451-103-335`)
                       r"|p/n|pn|mpn|model|article|artikel(?:nr|nummer)?|catalog(?:ue)?|material(?:nr|nummer)?"
                       r"|bestellnr|bestellnummer|(?:art|mat)\.?-?[ \t]*nr)\.?(?:[ \t]*(?:#|no\.?|nr\.?"
                       r"|number|num|id))?[ \t]*[:#]?[ \t]*\Z")
_UPS = re.compile(r"\b1Z(?:[ \t]?[0-9A-Z]){16}\b")


def _not_phone_shaped(value: str) -> bool:
    """Whether `value`'s digit groups are none of a phone number's usual ones: one run (`6175550143`), 3-3-4 or
    1-3-3-4 (`617-555-0143`, `1 617 555 0143`), 3-4 (`555-0143`)."""
    groups = tuple(len(g) for g in re.findall(r"\d+", value))
    return len(groups) >= 2 and groups not in ((3, 3, 4), (1, 3, 3, 4), (3, 4))


def _id_number(chunk: str, start: int, end: int) -> bool:
    """An id read as a phone number: after an id's label (`INV 2026 0042 1187`, `PO 4471-2290-1187`), or inside a
    UPS tracking number (`1Z 999 AA1 01 2345 6784`); never a number that opens with `+` or `(`."""
    if chunk[start:start + 1] in "+(":
        return False
    lo = max(0, start - 24)
    if _ID_LABEL.search(chunk, lo, start) is not None and _not_phone_shaped(chunk[start:end]):
        return True
    return "1Z" in chunk and any(m.start() <= start and end <= m.end() for m in _UPS.finditer(chunk, lo, end + 4))


# ------------------------------------------------------------------------------------------------ all

def without33(chunk: str, found: list[Result], names: NameLists | None = None) -> list[Result]:
    """`found` (spans of `chunk`) without what the rules of this module read as no name and no phone number."""
    cards = _org_card_lines(chunk) if "VCARD" in chunk else []
    if names is not None and ("values" in chunk or "VALUES" in chunk) and any(r[0] == "PERSON" for r in found):
        cards += _sql_not_people(chunk, names)
    out: list[Result] = []
    for r in found:
        kind, a, b = r[0], r[1], r[2]
        if kind == "PERSON":
            if _title_of(chunk, a, b) or _system_name(chunk, a, b) or _room(chunk, a, b) \
                    or _firm_or_service(chunk, a, b) or _brand(chunk, a, b) or _turkish_phrase(chunk, a, b):
                continue
            if any(x <= a and b <= y for x, y in cards) or _place_value(chunk, a, b) \
                    or ("FN" in chunk and _fn_department(chunk, a, b)):
                continue
        elif kind == "PHONE_NUMBER" and _id_number(chunk, a, b):
            continue
        out.append(r)
    return out
