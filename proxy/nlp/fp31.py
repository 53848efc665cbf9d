"""PII-free text the name and phone rules read as a person's name or a phone number (fp31, atk30's FP3-FP6):

- `Reg.` of a company's registration (`Reg. No. 12345678`, `Co. Reg. No. 201912345K`, `Reg. office: 1 Main Street`):
  the abbreviation with its point before a number's or an office's word (`_registration`);
- a French imperative opening a sentence (`Écris un message`, `Rédigez une lettre`) before a French function word,
  a word no name list holds (`_french_imperative`);
- the NER's span over a sentence's opening words and a number (`Recepción abierta de 9 a 18 h.`): a lower-case word
  that is no name's particle and a number inside, no word of it a listed name (`_words_and_number`);
- a country or a US state beside another place (`Jordan and Morocco are`), or possessive before a word of a
  state's affairs (`Georgia's sales tax`); a hotel chain in a sentence about hotels or beside another chain
  (`Hilton and Marriott both offer`, `The Ritz-Carlton venue`); a programming language's name in a sentence about
  software (`Haskell's laziness`); a word before a system's noun (`Darwin kernel panics`) or in apposition to one
  (`Homer, our internal dashboard, links to`); `Wells` of `Wells Fargo`. A name of two words stays whole
  (`Jordan Lee`, `Georgia Smith said`, `Paris Hilton`); so does a word addressed (`Ask Homer`) or before a verb of a
  person (`Georgia said`, `Julia thinks the compiler`).
- a build's, a run's, a job's, a request's, a firmware's or a version's number after its word (`The build number is
  2024113042.`, `The phone app crashed on build 6175550143`, `Telefon-Modul Firmware 2024113042`): read as those
  ids are (`build_number`), even after a phone word that stands before the id's word.
"""

from __future__ import annotations

import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------ Reg.

# `Reg.` before what a registration names (`No.`, `Nr.`, `number`, `office`, `charity`, `address`, a number).
_REG_AFTER = re.compile(r"\.[ \t]*(?:(?i:no|nr|nos|num|number|n[°º]|office|offices|charity|address|addr|id|code"
                        r"|company|co|in|with|at|#)\b|[#:(]|\d)")
_REG_WORDS = frozenset({"reg", "regd", "regn", "regist", "registd"})


def _registration(chunk: str, start: int, end: int) -> bool:
    return chunk[start:end].lower() in _REG_WORDS and _REG_AFTER.match(chunk, end) is not None


# ------------------------------------------------------------------------------------------------ French

_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n[ \t*>•-]*)$")
# Common French imperatives (tu and vous forms) that a request opens with.
_FRENCH_IMPERATIVES = frozenset("""
écris écrivez réécris réécrivez décris décrivez traduis traduisez fais faites dis dites lis lisez choisis choisissez
définis définissez établis établissez résume résumez crée créez génère générez énumère énumérez rédige rédigez
explique expliquez donne donnez liste listez montre montrez corrige corrigez propose proposez compare comparez
analyse analysez vérifie vérifiez envoie envoyez prépare préparez présente présentez calcule calculez complète
complétez reformule reformulez simplifie simplifiez améliore améliorez classe classez trouve trouvez indique indiquez
précise précisez aide aidez imagine imaginez élabore élaborez évalue évaluez écoute écoutez réponds répondez
""".split())
# French function words after an imperative (articles, pronouns, prepositions, question words, numbers).
_FRENCH_NEXT = frozenset("""
un une des le la les l ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs moi nous
en pour à au aux du de d comment pourquoi quel quelle quels quelles quoi ou où tout tous toute toutes trois deux
cinq dix quatre brièvement rapidement simplement ici
""".split())


def _french_imperative(chunk: str, start: int, end: int, names: NameLists) -> bool:
    word = chunk[start:end]
    if _SENTENCE_START.search(chunk, max(0, start - 8), start) is None or names.is_any_first(word):
        return False
    low = word.lower()
    if low not in _FRENCH_IMPERATIVES and not (low.endswith("ez") and len(low) > 5 and not names.is_name(word)):
        return False
    m = re.match(r"(?:-(?:moi|nous)\b)?[ \t]+([a-zàâçéèêëîïôûùüÿœ]+)", chunk[end:end + 30])
    return m is not None and m.group(1) in _FRENCH_NEXT


# ------------------------------------------------------------------------------------------------ words and a number

# Particles of a name's (`María de la O`, `Ludwig van Beethoven`): the other lower-case words are no name's.
_PARTICLES = frozenset("""
de del della di da do dos das du la las los le y e van von der den ter ten zu af al el bin ibn bint ben st
""".split())


def _words_and_number(text: str, names: NameLists) -> bool:
    words = text.split()
    return len(words) >= 3 and any(w.isdigit() for w in words) \
        and any(w.isalpha() and w.islower() and w not in _PARTICLES for w in words) \
        and not any(w[:1].isupper() and (names.is_name(w) or names.is_any_first(w)) for w in words)


# ------------------------------------------------------------------------------------------------ places, brands

# Words of a state's or a country's affairs after its possessive (`Georgia's sales tax`, `Jordan's economy`).
_STATE_AFFAIRS = frozenset("""
sales tax taxes law laws rule rules regulation regulations regulator regulators government governor legislature
capital economy market markets population border borders coast coastline state courts supreme department dmv
election elections primary minimum wage wages weather climate exports imports gdp parliament president prime
ministry central national federal health education public largest second biggest cities counties residents
citizens voters lawmakers attorney senate house constitution currency inflation
""".split())
_CONJOINED_BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]*(?:,[ \t]+|(?:\band\b|\bor\b|&)[ \t]*)\Z")
_CONJOINED_AFTER = re.compile(r"[ \t]*(?:,[ \t]+|(?:\band\b|\bor\b|&)[ \t]*)([A-Z][a-z]+)\b(?![ \t]+[A-Z])")
# Hotel chains named like a person; lower case (`ritz-carlton` whole).
_HOTELS = frozenset("""
hilton marriott hyatt westin sheraton ritz-carlton carlton radisson wyndham fairmont kempinski sofitel novotel
doubletree hampton omni loews
""".split())
_HOTEL_WORDS = frozenset("""
hotel hotels venue venues room rooms rate rates stay stays suite suites resort resorts booked booking bookings
night nights chain chains loyalty points check-in checkin lobby ballroom conference summit offsite corporate
""".split())
# Words of software in a sentence about a language or a system (beside `proxy.nlp.tech_terms.TECH_TERMS`).
_SOFTWARE31 = frozenset("""
laziness lazy strict strictness thunk thunks monad monads typeclass typeclasses leak leaks compiler compile compiled
runtime syntax type types accumulator pattern patterns bang kernel panic panics build builds binary binaries code
library libraries package packages function functions closure closures garbage collector gc memory heap stack
concurrency actor actors interpreter bytecode module modules
""".split())
# Nouns of a system after its name (`Darwin kernel panics`, `Homer dashboard`): no verb of a person among them.
_SYSTEM_NOUNS = frozenset("""
kernel kernels compiler compilers runtime toolchain daemon firmware cluster clusters dashboard dashboards codebase
repo repos repository sdk api cli binaries container containers pod pods instance instances
""".split())
# What a system is said to be in apposition (`Homer, our internal dashboard, links to`).
_APPOSITION = re.compile(r",[ \t]+(?:our|the|a|an|their|your|my)[ \t]+(?:[a-z][a-z-]*[ \t]+){0,2}?"
                         r"(?:dashboard|tool|service|app|application|bot|platform|system|server|cluster|library"
                         r"|framework|pipeline|database|repo|repository|api|cli|portal|wiki|crm|site|website|engine"
                         r"|scheduler|agent|plugin|monitor|tracker|runbook|console)(?=[ \t]*[,.;:)]|[ \t]*\Z)")
_ADDRESSING = re.compile(r"(?i)\b(?:ask|asked|tell|told|send|sent|call|called|email|e-mail|text|hi|hello|hey|dear"
                         r"|thanks|thank|cc|ping|invite|invited|meet|met|with|from|by|to)[ \t]+\Z")
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|our|their|your|this|that|its|a|an)[ \t]+\Z")
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \t]+([A-Za-z][a-z'’-]*)")
_PERSON_NEXT = frozenset("""
said says told tells asked asks wrote writes thinks thought knows knew wants wanted needs needed is was has had will
would can could should says replied mentioned confirmed agreed signed sent called emailed here speaking
reviewed reviews approved approves commented comments suggested suggests noticed notices reported joined presented
presents explained explains shared proposed proposes decided decides believes believed prefers preferred liked
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_SENTENCE_MAX = 200


def _sentence_words(chunk: str, start: int, end: int) -> set[str]:
    a = max(0, start - _SENTENCE_MAX)
    b = min(len(chunk), end + _SENTENCE_MAX)
    left = max(chunk.rfind(". ", a, start), chunk.rfind("\n", a, start), chunk.rfind("? ", a, start))
    right = [i for i in (chunk.find(". ", end, b), chunk.find("\n", end, b), chunk.find("? ", end, b)) if i >= 0]
    return {w.lower() for w in _WORD.findall(chunk[left + 1 if left >= 0 else a:min(right) if right else b])}


def _next_word(chunk: str, end: int) -> str:
    m = _NEXT_WORD.match(chunk, end)
    return m.group(1) if m is not None else ""


def _place(chunk: str, start: int, end: int, word: str, found: list[Result]) -> bool:
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    places = place_names()
    if word.lower() not in places:
        return False
    if chunk.startswith(("'s ", "’s "), end) and _next_word(chunk, end).lower() in _STATE_AFFAIRS:
        return True
    known = places | city_names()

    def place(m: re.Match[str] | None) -> bool:
        return m is not None and m.group(1).lower() in known and m.group(1).lower() != word.lower() and not any(
            r[0] == "PERSON" and r[1] < m.end(1) and m.start(1) < r[2] for r in found)

    return place(_CONJOINED_BEFORE.search(chunk, max(0, start - 24), start)) \
        or place(_CONJOINED_AFTER.match(chunk, end))


def _hotel(chunk: str, start: int, end: int, word: str) -> bool:
    return word.lower() in _HOTELS and any(w in _HOTEL_WORDS for w in _sentence_words(chunk, start, end))


def _software(chunk: str, start: int, end: int, word: str, found: list[Result]) -> bool:
    low = word.lower()
    nxt = _next_word(chunk, end)
    if nxt.lower() in _SYSTEM_NOUNS and not chunk.startswith(("'s", "’s"), end) and (
            _SENTENCE_START.search(chunk, max(0, start - 8), start) is not None
            or _DETERMINER_BEFORE.search(chunk, max(0, start - 8), start) is not None):
        return True  # `Darwin kernel panics`, `the Minerva dashboard` (not `Give Priya cluster access`)
    if _APPOSITION.match(chunk, end) is not None:
        return True  # `Homer, our internal dashboard, links to`
    from proxy.nlp.tech_terms import TECH_TERMS

    if low not in TECH_TERMS:
        return False
    # (the sentence's other words, not those of another name found: `To: Black, May; Black, Ray` is no software)
    named = {w.lower() for r in found if r[0] == "PERSON" and (r[1], r[2]) != (start, end)
             for w in _WORD.findall(chunk[r[1]:r[2]])}
    words = _sentence_words(chunk, start, end) - {low} - named
    return any(w in _SOFTWARE31 or w in TECH_TERMS for w in words)


def _word_of(chunk: str, start: int, end: int) -> str:
    text = chunk[start:end].strip()
    for cut in ("'s", "’s"):
        if text.endswith(cut):
            return text[:-len(cut)]
    return text


def without31(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans the rules of this module read as no name."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            start, end = r[1], r[2]
            word = _word_of(chunk, start, end)
            if " " in word:
                if _words_and_number(word, names):
                    continue
            elif _registration(chunk, start, end) or _french_imperative(chunk, start, end, names):
                continue
            elif word == "Wells" and chunk.startswith(" Fargo", end):
                continue  # `Wells` of `Wells Fargo`
            elif word.replace("-", "").isalpha() and _plain31(chunk, start, end, word, found):
                continue
        out.append(r)
    return out


def _plain31(chunk: str, start: int, end: int, word: str, found: list[Result]) -> bool:
    nxt = _next_word(chunk, end)
    if nxt[:1].isupper() or nxt.lower() in _PERSON_NEXT:
        return False  # `Jordan Lee`, `Georgia said`
    if _ADDRESSING.search(chunk, max(0, start - 12), start) is not None:
        return False  # `Ask Homer`
    return _place(chunk, start, end, word, found) or _hotel(chunk, start, end, word) \
        or _software(chunk, start, end, word, found)


# ------------------------------------------------------------------------------------------------ build numbers

# A build's, a run's, a job's, a request's, a firmware's or a version's word (`build 6175550143`, `Firmware
# 2024113042`, `run number is 20241130042`, `Build-Nr. 2024113042`); the gap after it as `recognizers._ID_GAP` reads
# an order's.
_BUILD_WORD = re.compile(r"(?i)(?<![^\W\d_])(?:builds?|runs?|jobs?|requests?|firmware|versions?|revisions?|rev"
                         r"|pipelines?|workflows?|changelists?|changesets?|deployments?|deploys?|releases?)"
                         r"(?![^\W\d_])")
# What asks to be reached at a number (`reach me after the release: ...`, `my number for the build is ...`).
_REACH = re.compile(r"(?i)\b(?:call|calling|text|texting|reach|contact|ring|dial|sms|whatsapp|me|us)\b"
                    r"|\b(?:my|our|his|her|their|your)[ \t]+(?:number|phone|cell|mobile)\b")
_BUILD_CUE = re.compile(r"(?i)build|run|job|request|firmware|version|revision|rev|pipeline|workflow|change|deploy"
                        r"|release")


def build_number(text: str, start: int, end: int) -> bool:
    """Whether the number at `text[start:end]` is a build's, a run's, a job's, a request's, a firmware's or a
    version's, right after its word (see above): its digits in one run (no phone number's printed groups, no `+`),
    only number words, `ID`, punctuation or a copula between, no phone word right after it."""
    value = text[start:end]
    if not (value.isascii() and value.isdigit()) or text[max(0, start - 1):start] == "+":
        return False
    before = text[max(0, start - 80):start]
    if _BUILD_CUE.search(before) is None or _REACH.search(before) is not None:
        return False
    from proxy.nlp.recognizers import _CALL_ME_AFTER, _ID_GAP, _ID_GAP_LENGTH, _PHONE_WORD_AFTER

    words = list(_BUILD_WORD.finditer(before))
    if not words:
        return False
    gap = before[words[-1].end():]
    return len(gap) <= _ID_GAP_LENGTH and _ID_GAP.fullmatch(gap) is not None \
        and not (_PHONE_WORD_AFTER.match(text, end) or _CALL_ME_AFTER.match(text, end))


# ------------------------------------------------------------------------------------------------ slugs and handles

# Names by a site's or a tool's own convention (atk30 F28, F31): a profile URL's slug (`linkedin.com/in/dmitri-volkov-
# 4b2a1`, `calendly.com/chidi-okafor/30min`, `zoom.us/my/chidi.okafor`), an @-mention of a first and last name
# (`@chidi.okafor`, `@dmitri_volkov`), a Slack mention's label (`<@U012AB3CD|chidi.okafor>`), macOS's default host
# name (`Chidis-MacBook-Pro.local`, `Dmitris-MacBook-Air`) and a name run together after a person's cue (`assign to
# ChidiOkafor`). A slug's or a handle's words: two or three apart by `-`, `.` or `_`, one of them a listed name (a
# handle's: a listed given name first and a listed name last, and no decorator: `@mock.patch("x")`, `@max.retries`,
# `@jax.jit` alone on its line), none of them a word of a team, a product or a page (`calendly.com/acme-sales/demo`,
# `@types/node`, `@here`); a profile URL's or a Slack label's one word, a listed given name. (slug40: `@first-last`,
# a Discord tag `first_last#1234`, an initial and a listed surname `@g_ferraro`; and any URL's path segments.)
_PROFILE = re.compile(r"(?i)(?:linkedin\.com/(?:in|pub)|calendly\.com|cal\.com|zoom\.us/my|whereby\.com"
                      r"|savvycal\.com|tidycal\.com|facebook\.com|about\.me)/([a-z][a-z0-9._-]{1,60})")
_MENTION = re.compile(r"(?<![\w@.+-])@([a-z][a-z'’]{1,30}(?:[._-][a-z][a-z'’]{1,30}){1,2})(?![\w/@-]|\.[a-z])"
                      r"|(?<![\w@.+/#-])([a-z][a-z'’]{1,30}(?:[._][a-z][a-z'’]{1,30}){1,2})#\d{4}(?!\w)")  # (Discord)
_INITIAL = re.compile(r"(?<![\w@.+-])@([a-z])[._]([a-z][a-z'’]{2,30})(?![\w/@-]|\.[a-z])")  # (`@g_ferraro`)
# A path segment of two or three words apart by `-`/`_` (`/staff/priya-raman/profile`, slug40): both a listed given
# name and a listed name, one of them no common word, or after a person's path word one listed name of them.
_PATH_SLUG = re.compile(r"(?i)(?<=/)([a-z][a-z'’]{1,30}(?:[-_][a-z][a-z'’]{1,30}){1,2})(?=[/?#\s\"'>)\]]|\Z)")
_PERSON_PATH = re.compile(r"(?i)/(?:staff|team|people|persons?|users?|customers?|clients?|agents?|employees?|members?"
                          r"|authors?|profiles?|doctors?|patients?|students?|contacts?|u)/\Z")
_SLACK = re.compile(r"<@[UW][A-Z0-9]{6,12}\|([A-Za-z][A-Za-z0-9._-]{1,60})>")
_MAC_HOST = re.compile(r"(?<![\w.-])([A-Za-z][a-z]{1,20})s?['’]?s?-(?i:macbook|imac|mac-mini|mac-pro|mac-studio|mbp"
                       r"|macbookpro|macbookair|iphone|ipad)\b")
_CAMEL_CUE = re.compile(r"(?i:\bassign(?:ed|ing)?(?:[ \t]+it)?[ \t]+to|\bassignee|\bowner|\breporter|\bcc"
                        r"|\bping|\bhand(?:ed)?[ \t]+(?:it|this)[ \t]+(?:over[ \t]+)?to)[ \t]*[:=]?[ \t]*"
                        r"([A-Z][a-z]{2,20})([A-Z][a-z]{2,20})(?![\w-])")
_SLUG_STOPS = frozenset("""
sales team support demo demos help info admin office hr ops marketing billing events event meeting meetings booking
bookings intro call chat sync onboarding company page official the and of new us hello contact careers jobs
""".split())
_SLUG_CUES = ("linkedin", "calendly", "cal.com", "zoom.us", "whereby", "savvycal", "tidycal", "facebook", "about.me")


def _slug_words(slug: str, start: int, single: bool, strict: bool = False) -> list[tuple[int, int]]:
    """The spans (from `start`) of a slug's name words (see above), or none."""
    names = _names()
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"[A-Za-z'’]+", slug)]
    words = [w for w in words if len(w[2]) >= 2]
    rest = re.sub(r"[A-Za-z'’]+|[._-]", "", slug)
    if not words or len(words) > 3 or any(w[2].lower() in _SLUG_STOPS for w in words):
        return []
    listed = [w for w in words if names.is_name(w[2].title()) or names.is_any_first(w[2].title())]
    if strict:  # (a handle: a given name first, a name last; `@mock.patch`, `@max.retries` are code)
        listed = listed if names.is_any_first(words[0][2].title()) and names.is_name(words[-1][2].title()) else []
    if len(words) == 1:
        return [(words[0][0], words[0][1])] if single and names.is_any_first(words[0][2].title()) and not rest \
            else []
    return [(words[0][0], words[-1][1])] if listed else []


def _decorator(chunk: str, start: int, end: int) -> bool:
    """Whether the @-word at [start, end) is a decorator: called (`@mock.patch("x")`) or alone on its line."""
    if chunk.startswith("(", end):
        return True
    line_start = chunk.rfind("\n", 0, start) + 1
    line_end = chunk.find("\n", end)
    return not chunk[line_start:start].strip() and not chunk[end:line_end if line_end >= 0 else len(chunk)].strip()


def _names() -> NameLists:
    from proxy.nlp.names import name_lists

    return name_lists()


def slug_names(chunk: str, lex: Lexicon | None = None) -> list[tuple[int, int]]:
    """The spans of the names of profile URLs, @-mentions, Slack labels, macOS host names and a name run together
    after a person's cue in `chunk` (see above)."""
    spans: list[tuple[int, int]] = []
    low = chunk.lower()
    if any(c in low for c in _SLUG_CUES):
        for m in _PROFILE.finditer(chunk):
            slug = re.split(r"[/?#]", m.group(1))[0]
            parts = re.match(r"(.*?)(?:-[0-9a-f]*\d[0-9a-f]*)?/?\Z", slug)  # (`-4b2a1`: LinkedIn's suffix)
            spans += _slug_words(parts.group(1) if parts else slug, m.start(1), "linkedin" in m.group().lower())
    from proxy.nlp.acct38 import account_names

    spans += account_names(chunk)  # code hosts' profiles, home folders, DOMAIN\\user, X.500 (acct38)
    if "@" in chunk:
        for m in _MENTION.finditer(chunk):
            k = 1 if m.group(1) else 2
            if not _decorator(chunk, m.start(), m.end()):
                spans += _slug_words(m.group(k), m.start(k), False, strict=True)
        from proxy.nlp.acct39 import _surname

        spans += [(m.start(1), m.end(2)) for m in _INITIAL.finditer(chunk) if _surname(m.group(2), _names())]
        if "<@" in chunk:
            for m in _SLACK.finditer(chunk):
                spans += _slug_words(m.group(1), m.start(1), True)
    elif "#" in chunk:
        spans += [s for m in _MENTION.finditer(chunk) if m.group(2)
                  for s in _slug_words(m.group(2), m.start(2), False, strict=True)]
    if "/" in chunk and ("-" in chunk or "_" in chunk):
        spans += _path_slugs(chunk, lex)
    if "mac" in low or "mbp" in low or "iph" in low or "ipad" in low:
        names = _names()
        for m in _MAC_HOST.finditer(chunk):
            word = m.group(1).title()
            if names.is_any_first(word) or word.endswith("s") and names.is_any_first(word[:-1]):
                spans.append((m.start(1), chunk.index("-", m.end(1))))  # (`Chidis`, `Chidi's`: not the machine)
    if "ssign" in low or "wner" in low or "eporter" in low or "cc" in low or "ping" in low or "hand" in low:
        names = _names()
        for m in _CAMEL_CUE.finditer(chunk):
            first, last = m.group(1), m.group(2)
            if names.is_any_first(first) and names.is_name(last) \
                    and not names.is_common(first) and not names.is_common(last):
                spans.append((m.start(1), m.end(2)))
    return spans


def _path_slugs(chunk: str, lex: Lexicon | None = None) -> list[tuple[int, int]]:
    """The spans of `_PATH_SLUG`'s names (see there)."""
    from proxy.nlp.tech_terms import TECH_TERMS

    names = _names()
    spans = []
    for m in _PATH_SLUG.finditer(chunk):
        words = re.split(r"[-_]", m.group(1))
        if any(names.is_very_common(w) and names.is_english(w) or w.lower() in _SLUG_STOPS or w.lower() in TECH_TERMS
               for w in words):  # (the password list's top holds surnames: `petrova`)
            continue
        first, last = words[0].title(), words[-1].title()
        both = names.is_any_first(first) and names.is_name(last) \
            and not (names.is_common(first) and names.is_common(last))
        person = _PERSON_PATH.search(chunk, max(0, m.start() - 14), m.start()) is not None
        if both or person and (names.is_first(first) or last.lower() in names.last  # (none very common: above)
                               or len(words) == 2 and all(_odd_word(w, names, lex) for w in words)):
            spans.append(m.span(1))
    return spans


def _odd_word(word: str, names: NameLists, lex: Lexicon | None) -> bool:
    """A slug's word of no list (nm41: `/people/ikaika-kahananui`): four letters or more (three in a listed name) with
    a vowel, no English, common or lexicon word, no product's ending (`/team/data-platform`, `/users/me-settings`,
    `/staff/on-call`, `/users/saml-sso` stay)."""
    from proxy.nlp.nm40 import _PRODUCT_ENDINGS

    low = word.lower()
    return (len(low) >= 4 or len(low) == 3 and names.is_name(low)) and any(c in "aeiouy" for c in low) \
        and not names.is_english(low) and not names.is_common(low) and not low.endswith(_PRODUCT_ENDINGS) \
        and (lex is None or all(low not in words for words in (lex.nouns, lex.adjectives, lex.verbs, lex.stops)))


def with_slug_names(chunk: str, found: list[Result], lex: Lexicon | None = None) -> list[Result]:
    """`found` with the names of `slug_names` as PERSON where no PERSON covers them."""
    added = [("PERSON", a, b, 0.85) for a, b in slug_names(chunk, lex)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    return found + added if added else found
