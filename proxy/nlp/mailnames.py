"""A person's name in a mail's or an invite's own fields, and a found given name's surname (contact22: atk22b M1).

- A display name before an e-mail address in angle brackets (`From: "Bill White" <bill@acme.io>`, `To: "Grace Hall"
  <...>`, `Reply-To: "Price, Mark" <...>`, `"Hall, Grace" <grace@acme.io> wrote:`, `Bill White <bill@acme.io> wrote:`),
  quoted anywhere, unquoted at a line's start, after a header's key (`From:`) or after a list's `,`/`;`; and an
  invite's `CN=` (`ORGANIZER;CN="Nguyen, Thi Lan":mailto:...`, `ATTENDEE;CN="Wang, Wei"`), is the person's name
  whole: both words, given name first or `Surname, Given`, whatever the word lists say of each word (`White`,
  `Young`, `Hall` are English words; `Nguyen` stays beside the redacted given name otherwise).
  Not a role's, a team's, a robot's or an organisation's name (`"Acme Support" <support@...>`, `"No Reply"`,
  `"GitHub" <noreply@github.com>`, `CN=Build Bot`): a display name needs a listed given name (the given name and a
  listed surname in the `Surname, Given` form), no role or organisation word, an address that is no role's
  (`support@`, `noreply@`) and whose domain is not the name's words written together (`"Wells Fargo"
  <alerts@wellsfargo.com>`).
- A PERSON span of a lone listed given name followed by a capitalised surname of any list that is an English word
  (`Please forward the invoice to Grace Hall.`: the name recognizer grows a name over words no list reads as common)
  covers the surname too.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_SCORE = 0.85
# A quoted display name right before `<address>`; the quotes may be a JSON string's escaped ones (`\"Bill White\"`).
_QUOTED = re.compile(r"(?<![\w\"])\\?\"(?P<name>[^\"<>\n\\]{2,80})\\?\"[ \t]*<(?P<local>[^<>@\s\"]{1,64})@"
                     r"(?P<domain>[^<>\s\"]{1,255})>")
# An unquoted one: the words before `<address>` on the line (where it starts is checked by `_UNQUOTED_BEFORE`).
_UNQUOTED = re.compile(r"(?P<name>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){1,3})[ \t]*<(?P<local>[^<>@\s\"]{1,64})@"
                       r"(?P<domain>[^<>\s\"]{1,255})>")
# What may stand before an unquoted display name on its line: nothing (a quote's `>` marks), a header's key
# (`From:`, `Reply-To:`, `Cc:`), or anything ending in a list's `,` or `;` (`To: a@b.io, Bill White <...>`, `On Mon, 3
# Jun 2024, Bill White <...> wrote:`).
_UNQUOTED_BEFORE = re.compile(r"[ \t]*(?:>[ \t>]*)?(?:[A-Za-z][\w-]{0,30}[ \t]*:[ \t]*)?|.*[,;][ \t]*")
# An invite's organizer or attendee (RFC 5545): `ORGANIZER;CN="Nguyen, Thi Lan":mailto:...`, `ATTENDEE;ROLE=...;
# CN=Wang Wei;...:mailto:...`.
_ICS_CN = re.compile(r"(?im)^[ \t]*(?:ORGANIZER|ATTENDEE|CONTACT)(?:;[^:\n]*?)?;CN=(?P<q>\"?)(?P<name>[^\";:\n]{2,80})"
                     r"(?P=q)(?=[;:])(?P<rest>[^\n]*)")
_MAILTO = re.compile(r"(?i)mailto:(?P<local>[^@\s\";:]{1,64})@(?P<domain>[^\s\";:]{1,255})")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?\.?|[^\W\d_]\.")

# Words of a role, a team, a robot, a service or an organisation in a display name (lower case).
_ORG_WORDS = frozenset("""
support team teams bot bots robot reply noreply no do not notification notifications notify alert alerts service
services
sales billing invoice invoices info information admin administrator help helpdesk desk news newsletter calendar
updates update security account accounts hr payroll it ops devops marketing office operations customer customers
care success inc llc ltd gmbh corp corporation co company group labs lab studio studios bank store shop daemon system
systems mailer postmaster automation build ci cd deploy robot assistant digest community foundation university
school college hospital clinic department dept committee board payments payment orders order shipping delivery
feedback contact contacts hello press careers jobs recruiting recruitment partners events legal compliance finance
accounting reception front the and of for via from on at bounce bounces daemon server cloud software app apps
online mail email bulletin weekly daily monthly digest report reports monitor monitoring status tracker jira
confluence slack github gitlab bitbucket jenkins google microsoft amazon apple meta zoom dropbox linkedin twitter
facebook instagram youtube paypal stripe shopify atlassian salesforce hubspot docusign intuit quickbooks airbnb uber
calendly notion figma trello asana okta cross health insurance travel airlines airline hotel hotels club
association society institute center centre council agency network networks media news times post journal
technologies solutions consulting partners holdings global international national america american europe
""".split())
# An address of a role rather than a person (its local part, lower case, `-`, `_` and `.` dropped).
_ROLE_LOCALS = frozenset("""
noreply donotreply notreply reply support help helpdesk info information hello hi contact contactus team admin
administrator billing invoice invoices sales news newsletter newsletters notifications notification notify alerts
alert updates update security accounts account hr payroll jobs careers recruiting marketing office orders order
shipping feedback press postmaster mailerdaemon mailer bounce bounces calendar calendarnotification service
services customerservice care receipts receipt no bot bots ci builds build deploy devops ops system root webmaster
abuse privacy legal compliance finance accounting events membership members community digest reports monitor
monitoring status
""".split())
# Surnames that are a place's or a building's head more than a name after a given name (`Victoria Station`).
_HEAD_WORDS = frozenset("""
street road avenue lane drive square station airport bridge river lake beach island park tower church chapel
cathedral college university school hospital centre center bank court house castle hill valley bay harbor harbour
""".split())
# Articles and particles that lists hold as given names too (`Le`, `La`, `El`, `Van`).
_ARTICLES = frozenset("le la el les los las de del della di da du des van von der den dos das".split())
_MONTHS_DAYS = frozenset("""
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday
""".split())


@functools.cache
def _raw_surname(word: str) -> bool:
    from proxy.nlp.cued import _raw_surname as raw

    return raw(word)


def _given(names: NameLists, word: str) -> bool:
    """A listed given name, or a hyphenated one with a listed part (`Jean-Pierre`, `Min-jun`)."""
    parts = [word, *(p.capitalize() for p in word.split("-") if len(p) > 1)] if "-" in word else [word]
    return any(names.is_first(p) or names.is_any_first(p) for p in parts)


def _surname(names: NameLists, word: str) -> bool:
    return _raw_surname(word) or names.is_name(word)


def _words(value: str) -> list[str] | None:
    """The words of a display name (initials kept), None when anything else is in it (a digit, `&`, `@`, `/`...)."""
    words = value.replace(",", " ").split()
    if not all(_WORD.fullmatch(w) for w in words):
        return None
    return words


def person_name(names: NameLists, value: str, local: str = "", domain: str = "") -> bool:
    """Whether the display name `value` (of the address `local@domain`, when known) is a person's name (see the
    module's docstring)."""
    value = value.strip()
    words = _words(value)
    if words is None:
        return False
    full = [w.rstrip(".") for w in words if len(w.rstrip(".")) > 1]  # without initials
    if not 2 <= len(full) <= 4 or len(words) > 5:
        return False
    if any(w.lower() in _ORG_WORDS or not w[:1].isupper() for w in full) or role_address(full, local, domain):
        return False
    titled = [w if not w.isupper() else w.capitalize() for w in full]
    if value.count(",") == 1:
        surname, given = value.split(",")
        s_words, g_words = surname.split(), [w.rstrip(".") for w in given.split() if len(w.rstrip(".")) > 1]
        s_words = [w if not w.isupper() else w.capitalize() for w in s_words]
        g_words = [w if not w.isupper() else w.capitalize() for w in g_words]
        return bool(s_words and g_words) and _surname(names, s_words[-1]) and any(_given(names, w) for w in g_words)
    if "," in value:
        return False
    return _given(names, titled[0]) and _surname(names, titled[-1]) and titled[-1].lower() not in _MONTHS_DAYS


def role_address(full: list[str], local: str, domain: str) -> bool:
    """Whether `local@domain` is a role's address or the display name's words (`full`) its organisation's domain."""
    local_key = re.sub(r"[-_.+]", "", local.lower())
    if local_key in _ROLE_LOCALS or re.sub(r"\d+$", "", local_key) in _ROLE_LOCALS:
        return True
    label = domain.lower().split(".")
    joined = "".join(w.lower() for w in full)
    # (the organisation's own domain: "Wells Fargo" <alerts@wellsfargo.com>, "Acme Corp" <x@acme.io>)
    return any(joined in part or part and len(part) > 3 and part == full[0].lower() for part in label[:-1])


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


def mail_name_spans(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each person's display name in `text`'s mail fields and invite lines."""
    out: list[tuple[int, int]] = []
    if "@" in text and "<" in text:
        for m in _QUOTED.finditer(text):
            if person_name(names, m.group("name"), m.group("local"), m.group("domain")):
                out.append(_span(text, m.start("name"), m.end("name")))
        for m in _UNQUOTED.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            # the run of words may have taken a word of the key or of prose before it: try each later start
            name_start = m.start("name")
            for w in re.finditer(r"\S+", m.group("name")):
                a = name_start + w.start()
                if _UNQUOTED_BEFORE.fullmatch(text[line_start:a]) is not None and person_name(
                        names, text[a:m.end("name")], m.group("local"), m.group("domain")):
                    out.append(_span(text, a, m.end("name")))
                    break
    from proxy.nlp.reply39 import attribution_spans  # (reply39: `On ... at 10:15 AM Chinwe Okafor <...> wrote:`)

    out += attribution_spans(text)
    if "=?" in text and "@" in text:  # RFC 2047 `=?UTF-8?Q?Priya_Raman?= <p@x.io>` (atk31 F8)
        from proxy.nlp.xml32 import encoded_name_spans

        out += encoded_name_spans(text, names)
    if not text.isascii():  # `From: 渡辺裕子 <y.watanabe@example.jp>` (mime39, atk38 F15)
        from proxy.nlp.mime39 import cjk_display_spans

        out += cjk_display_spans(text)
    if "CN=" in text.upper():
        for m in _ICS_CN.finditer(text):
            mail = _MAILTO.search(m.group("rest"))
            local, domain = (mail.group("local"), mail.group("domain")) if mail else ("", "")
            if person_name(names, m.group("name"), local, domain):
                out.append(_span(text, m.start("name"), m.end("name")))
    return out


def with_mail_names(text: str, names: NameLists, found: list[Result]) -> list[Result]:
    """`found` with each display name of `mail_name_spans` as one PERSON span; PERSON spans inside it dropped."""
    spans = mail_name_spans(text, names)
    if not spans:
        return found
    kept = [r for r in found if r[0] != "PERSON" or not any(a <= r[1] and r[2] <= b for a, b in spans)]
    return kept + [("PERSON", a, b, _SCORE) for a, b in sorted(set(spans))]


_NEXT_SURNAME = re.compile(r"[ \u00a0](?P<word>[A-Z][a-zà-öø-ÿ'’]+(?:-[A-Z][a-zà-öø-ÿ]+)?)(?![\w'’-])(?!\.\w)")


def with_whole_surnames(text: str, names: NameLists, found: list[Result]) -> list[Result]:
    """`found` with each PERSON span of a lone listed given name grown over the capitalised surname after it that the
    name recognizer left as an English word (`to Grace Hall.`: `Grace` found, `Hall` left)."""
    out: list[Result] = []
    for r in found:
        entity, a, b, score = r
        word = text[a:b]
        if entity == "PERSON" and word.isalpha() and word[:1].isupper() and names.is_first(word) \
                and word.lower() not in _ARTICLES:  # `Le Mans`, `La Paz`: a place's article
            m = _NEXT_SURNAME.match(text, b)
            if m is not None:
                w = m.group("word")
                low = w.lower()
                if _raw_surname(w) and names.is_common(w) and low not in _HEAD_WORDS and low not in _MONTHS_DAYS \
                        and low not in _ORG_WORDS and not any(o[1] < m.end() and m.start("word") < o[2] and o is not r
                                                              for o in found):
                    r = (entity, a, m.end("word"), score)
        out.append(r)
    return out


__all__ = ["mail_name_spans", "person_name", "role_address", "with_mail_names", "with_whole_surnames"]
