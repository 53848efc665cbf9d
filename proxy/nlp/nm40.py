"""Leftover name shapes of atk38/atk39 (nm40, issue 12): a lone surname after a person's frame, a name in a query
string's value, logins under a login's key or made of a found person's name, a JSON row's name cell beside a found
one, one word in capitals after a person's label.

- a lone capitalised word after a frame that names a person (`Approved by Okonkwo.`, `Reviewed by Adeyemi`,
  `Signed off by Nakashima`, `Reviewed-by:`, `assigned to`/`escalated to`/`handed over to`, `thanks to`, `cc:`,
  `Attn:`), and the next ones of its list (`and Adeyemi`): a listed surname or given name that is no ordinary word
  and no AI model's name, or a word of no list at all (no English or everyday word of the model's lexicon, no
  place, company, brand, tool or insurer, no product's ending: `Approved by QA.`, `Reviewed by Legal`, `cc:
  Finance`, `Escalated to Zendesk`, `Approved by Cigna` stay), ending its phrase (not before another capitalised
  word: `Approved by Okonkwo Holdings` is a firm's);
- a query string's value (`?q=`, `&name=`, `customer=`, `user=`, `search=`: `GET /search?q=Chinwe+Okafor&page=2`):
  two capitalised words joined by `+`/`%20`, a listed surname after a word of no list (`acct39`'s loose pair) or a
  listed given name before one; two listed parts are the other rules' (`q=Harry+Potter+books` as they leave it),
  `q=python+asyncio`, `q=Kafka+Streams` stay;
- a login under a login's key (`username: okonkwo_c`, `login=c.okafor`, `"user": "a.adeyemi"`) read as `acct39`
  reads an owner's (an initial and a listed surname, either way round), and any login made of a person's name
  found in the same text or of a mailbox `given.surname@` in it (`Dragan Petrovic (dragan.petrovic@...) ...
  dpetrovic`, `petrovic_d`, `d.petrovic`); the surname after a found given name where the two make that mailbox
  (`Petrovic`, an everyday word for the lists); service accounts (`svc_backup`, `jenkins`) are no person's;
- a JSON array's string cell beside a found PERSON cell in a row that holds a phone or an e-mail
  (`["Wójcik","Tomasz","+48 601 234 567"]`): a capitalised word that is no ordinary word, or a listed name even
  where the noisy English list holds it (`Katarzyna`);
- one word in capitals alone after a person-only label with its `:` (`CUSTOMER: BRANDSTAETTER`): a word of no list
  (`PATIENT: STABLE`, `CUSTOMER: ACME` stay; `Provider:`, `Client:` name firms too and are not read).

A substring test before each pass (`by`/`to`/`cc`/`attn`, `=`, `:`, `@`, `["`); pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.everyday25 import ASSISTANTS
from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["with_nm40"]

_SCORE = 0.85
_NAME = r"([A-Z][a-zà-ÿąćęłńóśźżčšžđőűğışñ'’]{2,25}(?:-[A-Z][a-zà-ÿąćęłńóśźżčšžđőűğışñ]{2,25})?)"
# The frame's last word, then the name (read first: a pattern of every verb at each position of a text costs ~1 ms
# per 1,000 characters), then the verb before `by`/`to` (`_VERB`, anchored at the frame's last word).
# (nm41: `loop in`, `ping`, `ask`, `tell`, `remind` before a lone surname: `loop in Raman from the data team`)
_FRAME = re.compile(r"(?<![\w])(?i:(by|to)|b?cc|attn|fao|loop(?:ed)?[ \t]+in|ping(?:ed)?|ask(?:ed)?|tell|told"
                    r"|remind(?:ed)?)[ \t]*[:\-]?[ \t]*" + _NAME
                    + r"(?=[ \t]*(?:[.,;!?)\]]|\r?\n|\Z)|[ \t]+(?:and|on|for|at|in|yesterday|today|last|this|via|after"
                    r"|before|from|about|to|when|if|re|once|too|asap|tomorrow)\b)")
_FRAME_WORD = re.compile(r"(?<!\w)(?:by|to|b?cc|attn|fao|loop(?:ed)?[ \t]+in|ping(?:ed)?|ask(?:ed)?|tell|told"
                         r"|remind(?:ed)?)(?=[ \t:\-]*[^\W\d_])")
_VERB = re.compile(
    r"(?:^|(?<![\w-]))(?i:approved|reviewed|signed(?:[ -]off)?|authori[sz]ed|requested|submitted|prepared|verified"
    r"|checked|tested|raised|reported|resolved|closed|escalated|reassigned|assigned|handed(?:[ \t]+over)?|forwarded"
    r"|delegated|transferred|referred|routed|handled|merged|owned|fixed|written|authored|triaged|maintained"
    r"|acked|suggested|co-authored|helped|thanks|credit|credits|kudos)[ \t-]+\Z")
_QUERY_KEYS = ("q", "query", "search", "name", "customer", "user", "contact", "person", "who")
_QUERY = re.compile(r"(?<![\w.-])([A-Za-z][A-Za-z_]{0,30})=([^&#\s\"'<>]{3,120})")
_SEARCH_KEYS = frozenset({"q", "query", "search", "who", "s", "term", "keywords"})
# (nm41) What says a search's words are a person's: a person's word among them (`q=Kealoha+Nakoa+attorney`), or
# a people's path before the query (`/people/search?q=`, `/directory?q=`, `/staff?q=`).
_PERSON_WORDS = frozenset({"attorney", "lawyer", "dr", "md", "dds", "phd", "obituary", "obit", "linkedin", "facebook",
                           "instagram", "twitter", "profile", "phone", "email", "address", "contact", "realtor",
                           "nurse", "doctor", "dentist", "therapist", "age", "wife", "husband", "family", "arrest",
                           "mugshot", "resume", "cv"})
_PEOPLE_PATH = re.compile(r"(?i)/(?:people|person|persons|staff|directory|employees?|users|members|patients|customers"
                          r"|contacts|team|profiles?|whitepages|lookup|find-?people|search-?people)(?:/[\w.-]*)?\?"
                          r"[^\s?]*\Z")
_QWORD = re.compile(r"[^+\s]+")
# A login's key read back from each `:`/`=` before a lower-case login (no pass of the keys over the text).
_LOGIN_KEY = re.compile(r"(?<![\w-])(?i:user_?name|user|login|logon|login_?name|user_?id|uid|samaccountname"
                        r"|account(?:_?name)?)[\"']?[ \t]*\Z")
_LOGIN_AT = re.compile(r"[:=][ \t]*[\"']?([a-z][a-z0-9._-]{3,40})(?![\w@/-])")
_TOKEN = re.compile(r"(?<![\w@./-])([a-z]{1,30}[._-]?[a-z]{1,30}[0-9]{0,4})(?![\w@/-]|\.[a-z])")
_ROW = re.compile(r"\[[ \t]*\"[^\"\n\]]{1,60}\"(?:[ \t]*,[ \t]*(?:\"[^\"\n\]]{0,60}\"|-?[\d.]+|null|true|false))+"
                  r"[ \t]*\]")
_CELL = re.compile(r"\"([^\"\n]{0,60})\"")
_SERVICE = frozenset("""
root admin administrator jenkins deploy deployer backup svc service system daemon www-data nobody postgres mysql
nginx apache git gitlab github runner build builder bot ci cd ops devops ubuntu ec2-user centos guest test tester
""".split())


def with_nm40(chunk: str, found: list[Result], names: NameLists, lex: Lexicon | None = None) -> list[Result]:
    """`found` with the names of the module's docstring that nothing found covers (`lex`: the model's everyday
    words, `ACME`, `Kanban` no name)."""
    added: list[tuple[int, int]] = []
    low = chunk.lower()
    if "ping" in low or "ask" in low or "tell" in low or "loop" in low or "remind" in low:
        found = _without_cue_words(chunk, found, names)
    if "by" in low or " to" in low or "cc" in low or "attn" in low or "fao" in low or "loop" in low or "ping" in low \
            or "ask" in low or "tell" in low or "told" in low or "remind" in low:
        added += _framed(chunk, low, names, lex)
    if "=" in chunk and ("+" in chunk or "%20" in chunk):
        added += _query_names(chunk, names, lex)
    if (":" in chunk or "=" in chunk) and ("user" in low or "log" in low or "uid" in low or "account" in low):
        added += _keyed_logins(chunk, names)
    persons = [chunk[r[1]:r[2]] for r in found if r[0] == "PERSON"]
    if "@" in chunk:
        locals_ = _locals(chunk, names)
        persons += [" ".join(p) for p in locals_]
        if locals_:
            added += _mailed_neighbours(chunk, found, locals_)
    if persons:
        added += _echo_logins(chunk, persons, found, names)
    if ":" in chunk:
        added += _label_caps(chunk, names, lex)
    if "[\"" in chunk or "[ \"" in chunk:
        added += _row_cells(chunk, found, names)
    new: list[tuple[int, int]] = []
    for a, b in added:
        if not any(r[1] < b and a < r[2] for r in found) and not any(x < b and a < y for x, y in new):
            new.append((a, b))
    return found + [("PERSON", a, b, _SCORE) for a, b in new] if new else found


# What stands before `loop in` where it is a request (`Can you loop in`, `Please loop in`, a sentence's start).
_LOOP_BEFORE = re.compile(r"(?i)(?:^|[.!?:;,(\n][ \t]*|\b(?:please|pls|plz|to|and|also|you|can|could|will|we|i|let's"
                          r"|lets|should|must|then|just|kindly|pl)[ \t]+)\Z")
_CUE_WORD = re.compile(r"(?:ping(?:ed)?|ask(?:ed)?|tell|told|remind(?:ed)?|loop(?:ed)?[ \t]+in)[ \t]+")


def _without_cue_words(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with a PERSON span that the NER model began at a lower-case verb of contacting (`ping Raman`) without
    the verb, and none where the one word after it is a tool's or a firm's (`ping Redis,`, `ping Kafka about lag`:
    nm41)."""
    from proxy.nlp.caps39 import _plain
    from proxy.nlp.tech_terms import AI_MODELS

    out = []
    for r in found:
        m = _CUE_WORD.match(chunk, r[1], r[2]) if r[0] == "PERSON" else None
        if m is None:
            out.append(r)
            continue
        rest = chunk[m.end():r[2]]
        if " " in rest or rest and not (_plain(rest, names) or rest.isupper() or rest.lower() in AI_MODELS):
            out.append((r[0], m.end(), r[2], r[3]))
    return out


_NEXT = re.compile(r"[ \t]*(?:,|&|\band\b|/)[ \t]*" + _NAME + r"(?![\w'’-]|[ \t]+[A-Z])")


def _framed(chunk: str, low: str, names: NameLists, lex: Lexicon | None) -> list[tuple[int, int]]:
    """The lone names after a person's frame, and the next ones of its list (`Approved by Okonkwo and Adeyemi.`)."""
    out: list[tuple[int, int]] = []
    if len(low) == len(chunk):  # (the frame's word found in the lower-cased text, a literal's fast scan)
        starts = [w.start() for w in _FRAME_WORD.finditer(low)]
        hits = [m for m in (_FRAME.match(chunk, k) for k in starts) if m is not None]
    else:
        hits = list(_FRAME.finditer(chunk))
    for m in hits:
        if m.group(1) is not None and _VERB.search(chunk, max(0, m.start() - 24), m.start()) is None:
            continue
        if not _lone(m.group(2), names, lex):
            continue
        if chunk.startswith(("loop", "Loop"), m.start()) and _LOOP_BEFORE.search(
                chunk[max(0, m.start() - 24):m.start()]) is None:
            continue  # (a noun's loop: `the optimisation loop in Optuna`)
        low2 = m.group(2).lower()
        if chunk[m.start():m.start(2)].lower().startswith(("ask", "tell", "told", "ping", "remind", "loop")) and (
                low2 in ASSISTANTS or lex is not None and (low2 in lex.nouns or low2 in lex.adjectives
                                                           or low2 in lex.verbs)):
            continue  # (an assistant or a product one asks as a person: `Ask Devin to bump`, `Ask Sage to review`)
        out.append(m.span(2))
        pos = m.end(2)
        for _ in range(4):
            nxt = _NEXT.match(chunk, pos)
            if nxt is None or not _lone(nxt.group(1), names, lex):
                break
            out.append(nxt.span(1))
            pos = nxt.end(1)
    return out


def _lone(word: str, names: NameLists, lex: Lexicon | None) -> bool:
    """A lone word after a person's frame: a listed name that is no ordinary word, or a word of no list at all."""
    from proxy.nlp.caps39 import _plain
    from proxy.nlp.tech_terms import AI_MODELS

    if _plain(word, names) or word.isupper() or word.lower() in AI_MODELS:
        return False
    low = word.lower()
    if (low in names.last or names.is_first(low)) and not names.is_common(low):
        return True
    return _unlisted(word, names, lex)


# Endings of products', tools' and firms' names (`Zendesk`, `Salesforce`, `Grafana`'s kin), of no unlisted name.
_PRODUCT_ENDINGS = ("ing", "tion", "ment", "ness", "ity", "ics", "ware", "ops", "bot", "desk", "force", "hub", "lab",
                    "labs", "flow", "base", "stack", "point", "soft", "tech", "cloud", "works", "forge", "net", "ify",
                    "io", "sys", "box", "book", "grid", "logic", "mail", "pay", "press", "sense", "wise", "app",
                    "scale", "code", "data", "db", "ql", "dev", "ci", "space", "zone", "verse", "matic", "tron",
                    "corp", "bank", "care", "serve", "link", "sync", "trix", "gram", "chat", "tube", "cast", "sec",
                    "form")


# Firms, insurers and tools named after a frame or a label that no list of the product holds (`Approved by Cigna.`,
# `Merged by Bors.`, `CUSTOMER: GLOBEX`).
_FIRMS = frozenset("""
cigna humana anthem optum centene molina elevance medicaid medicare bcbs unitedhealthcare hubspot freshdesk servicenow
workday asana trello clickup bitbucket circleci buildkite mypy pylint flake8 eslint prettier ruff bors mergify
codecov coveralls bugsnag rollbar newrelic splunk opsgenie typeform docusign globex initech wipro infosys cognizant
capgemini genpact mphasis xero quickbooks netsuite freshbooks zoho odoo intuit gusto plaid twilio okta auth0 vercel
heroku netlify supabase firebase
""".split())


def _unlisted(word: str, names: NameLists, lex: Lexicon | None) -> bool:
    """A word of no list: no name list's, no English or ordinary word, no product's ending."""
    from proxy.nlp.caps39 import _plain

    low = word.lower()
    if low in _FIRMS:
        return False
    if lex is not None and (low in lex.nouns or low in lex.adjectives or low in lex.verbs or low in lex.stops):
        return False
    return not names.is_common(low) and not names.is_english(low) and not names.is_any_first(low) \
        and low not in names.last and not _plain(word, names) and not low.endswith(_PRODUCT_ENDINGS)


def _query_names(chunk: str, names: NameLists, lex: Lexicon | None) -> list[tuple[int, int]]:
    from proxy.nlp.acct39 import _pair
    from proxy.nlp.tables import column_kind

    out: list[tuple[int, int]] = []
    for m in _QUERY.finditer(chunk):
        key = m.group(1).lower()
        search = key in _SEARCH_KEYS
        person = not search and (key in _QUERY_KEYS or column_kind(key) == "people"
                                 or key.replace("_", "") == "fullname")
        if not search and not person:
            continue
        value, base = m.group(2), m.start(2)
        parts = [(w.start(), w.end(), w.group()) for w in _QWORD.finditer(value.replace("%20", "+  "))]
        # (nm41: a person's key's value, or a search's with a person's cue, of two or three capitalised words of no
        # list or listed names: `customer=Tsegaye+Wolde`, `patient=Kealoha+Nakoa`, `/people?q=Ikaika+Kahananui`)
        words = [w for w in parts if w[2].lower() not in _PERSON_WORDS]
        cued = person or len(words) < len(parts) \
            or _PEOPLE_PATH.search(chunk, max(0, m.start() - 80), m.start()) is not None
        if 2 <= len(words) <= 3 and cued and _whole_name([w[2] for w in words], names, lex):
            out.append((base + words[0][0], base + words[-1][1]))
            continue
        for (a1, b1, w1), (a2, b2, w2) in zip(parts, parts[1:], strict=False):
            if not (w1.isalpha() and w2.isalpha() and w1[:1].isupper() and w2[:1].isupper()
                    and w1[1:].islower() and w2[1:].islower()):
                continue
            # (one part unlisted: two listed parts are the other rules', `q=Harry+Potter+books` as they leave it)
            if _pair(w1, w2, names, loose=True) and _unlisted(w1, names, lex) or _pair_given(w1, w2, names, lex):
                out += [(base + a1, base + b1), (base + a2, base + b2)]
    return out


def _whole_name(words: list[str], names: NameLists, lex: Lexicon | None) -> bool:
    """Two or three capitalised words, each of no list or a listed name that is no common word, one at least of no
    list (two listed parts are the other rules'): `Kealoha Nakoa`, `Tsegaye Wolde`; not `New York`, `Kafka Streams`."""
    from proxy.nlp.caps39 import _plain

    if not all(w.isalpha() and w[:1].isupper() and w[1:].islower() and len(w) > 1 for w in words):
        return False
    odd = [_unlisted(w, names, lex) for w in words]
    listed = [(names.is_any_first(w.lower()) or w.lower() in names.last) and not names.is_common(w.lower())
              and not _plain(w, names) for w in words]
    return any(odd) and all(o or k for o, k in zip(odd, listed, strict=True))


def _pair_given(first: str, last: str, names: NameLists, lex: Lexicon | None) -> bool:
    """A listed given name (no ordinary word) before a word of no list and no English word (`Tsolmon Batbold`)."""
    from proxy.nlp.caps39 import _plain

    return names.is_first(first) and not names.is_common(first) and not _plain(first, names) \
        and _unlisted(last, names, lex)


_LOCAL = re.compile(r"(?<![\w.+-])([a-z]{2,20})[._]([a-z]{2,25})@[\w-]+\.[\w.-]+", re.IGNORECASE)
_AT = re.compile("@")


def _locals(chunk: str, names: NameLists) -> list[tuple[str, str]]:
    """The (given, surname) of each mailbox `given.surname@host` whose first part is a listed given name and whose
    last is no everyday word (`dragan.petrovic@`; not `sales.team@`, `no.reply@`)."""
    out = []
    for at in _AT.finditer(chunk):  # (read back from each `@`: no pass of the pattern over the text)
        m = _LOCAL.search(chunk, max(0, at.start() - 48), at.end() + 60)
        while m is not None and m.end(2) < at.start():
            m = _LOCAL.search(chunk, m.end(), at.end() + 60)
        if m is None or m.end(2) != at.start():
            continue
        first, last = m.group(1).lower(), m.group(2).lower()
        if names.is_any_first(first) and not names.is_very_common(first) and not names.is_very_common(last) \
                and len(last) >= 3:
            out.append((first, last))
    return out


_NEIGHBOUR = re.compile(r"[ \t]+([A-Z][^\W\d_]{2,25})(?![\w'’-])")


def _mailed_neighbours(chunk: str, found: list[Result], locals_: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """The capitalised word right after a found given name when the two make a mailbox of the text (`Dragan
    Petrovic (dragan.petrovic@...)`: `Petrovic`, an everyday word for the lists)."""
    out = []
    for r in found:
        if r[0] != "PERSON":
            continue
        n = _NEIGHBOUR.match(chunk, r[2])
        if n is not None and (chunk[r[1]:r[2]].split()[-1].lower(), n.group(1).lower()) in locals_:
            out.append(n.span(1))
    return out


def _keyed_logins(chunk: str, names: NameLists) -> list[tuple[int, int]]:
    from proxy.nlp.acct39 import _login, _surname

    out: list[tuple[int, int]] = []
    for m in _LOGIN_AT.finditer(chunk):
        if _LOGIN_KEY.search(chunk, max(0, m.start() - 20), m.start()) is None:
            continue
        login = m.group(1)
        if login.split(".")[0].split("_")[0] in _SERVICE:
            continue
        initial = re.fullmatch(r"([a-z])[._-]?([a-z]{3,30})[0-9]{0,4}", login)
        if _login(login, names) or initial is not None and "." in login and _surname(initial.group(2), names):
            out.append(m.span(1))
    return out


def _echo_logins(chunk: str, persons: list[str], found: list[Result], names: NameLists) -> list[tuple[int, int]]:
    """Logins made of a found person's given name and surname (`dpetrovic`, `petrovic_d`, `d.petrovic`)."""
    forms: set[str] = set()
    for p in persons:
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", p)]
        if len(words) < 2:
            continue
        first, last = words[0], words[-1]
        if len(last) < 3 or names.is_very_common(last):
            continue
        forms |= {first[0] + last, last + first[0], f"{first[0]}.{last}", f"{first}.{last}", f"{first}_{last}",
                  f"{last}_{first[0]}", f"{last}.{first[0]}", f"{first[0]}_{last}", f"{first}{last}", f"{last}{first}"}
    if not forms:
        return []
    out = []
    for m in _TOKEN.finditer(chunk.lower()):
        word = m.group(1).rstrip("0123456789")
        if word in forms and not names.is_common(word) \
                and not any(r[1] <= m.start() and m.end() <= r[2] for r in found):
            out.append(m.span(1))
    return out


_ONE_CAP = re.compile(r"([A-Z][A-Z'’-]{3,25})(?=[ \t]*(?:\r?\n|\Z|[,;|]|[ \t]{2}|\t))")


def _label_caps(chunk: str, names: NameLists, lex: Lexicon | None) -> list[tuple[int, int]]:
    """One word in capitals alone after a person's label with its `:` (`CUSTOMER: BRANDSTAETTER`): a word of no
    list (`PATIENT: STABLE`, `CUSTOMER: ACME` stay)."""
    out = []
    for m in _COLON_CAP.finditer(chunk):
        if _CAPS_LABEL.search(chunk, max(0, m.start() - 24), m.start()) is not None \
                and _unlisted(m.group(1).capitalize(), names, lex):
            out.append(m.span(1))
    return out


# Labels of a person only (not `Provider:`, `Client:`, `Member:`, `Name:`, which name firms and plans too).
_CAPS_LABEL = re.compile(r"(?<![\w/-])(?i:patient|pt[ \t]name|insured|subscriber|guarantor|resident|guest|employee"
                         r"|emp[ \t]name|student|applicant|tenant|beneficiary|claimant|policyholder|cardholder"
                         r"|account[ \t]holder|customer|caller|requester|recipient|assignee|driver|passenger)"
                         r"[ \t]*\Z")
# (read from each `:` before a word in capitals, the label then read back: no pass of the labels over the text)
_COLON_CAP = re.compile(r":[ \t]*" + _ONE_CAP.pattern)


def _row_cells(chunk: str, found: list[Result], names: NameLists) -> list[tuple[int, int]]:
    from proxy.nlp.caps39 import _plain

    out: list[tuple[int, int]] = []
    for row in _ROW.finditer(chunk):
        inside = [r for r in found if row.start() <= r[1] and r[2] <= row.end()]
        if not any(r[0] in ("PHONE_NUMBER", "EMAIL_ADDRESS") for r in inside) \
                or not any(r[0] == "PERSON" for r in inside):
            continue
        cells = list(_CELL.finditer(chunk, row.start(), row.end()))
        for k, c in enumerate(cells):
            if any(r[1] < c.end(1) and c.start(1) < r[2] for r in inside):
                continue
            word = c.group(1)
            near = [cells[j] for j in (k - 1, k + 1) if 0 <= j < len(cells)]
            low = word.lower()
            # (a listed name wins over the noisy English list here: `Katarzyna`, `Tomasz`, `Mbeki`)
            if re.fullmatch(_NAME, word) and not word.isupper() and not _plain(word, names) \
                    and (not names.is_common(low) or names.is_any_first(low) or low in names.last) \
                    and any(any(r[0] == "PERSON" and r[1] <= n.start(1) and n.end(1) <= r[2] for r in inside)
                            for n in near):
                out.append(c.span(1))
    return out
