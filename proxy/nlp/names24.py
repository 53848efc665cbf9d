"""Names the PII check still missed on the request side (names24, issue 12 "No side doors"); each a class:

- `header_names`: every item of a mail header's list (`To:`, `Cc:`, `Bcc:`, `Reply-To:`, any case, at a line's
  start): a whole name whose given name is listed or whose surname is (`Bcc: Anna Schmidt, Will King`), a listed
  given name alone (`Cc: Priya, Rahul`), and in lower case a listed given name that is no English word (`cc: priya,
  rahul`) or a pair `fullnames.pair_ok` reads as a name; never a place, a date, a team, an address. The label
  itself is never a name: `without_header_labels` drops (or cuts off) a PERSON span over it (`Bcc` read as one).
- `MORE_VERBS`: what a person does in a team's work (`started`, `merged`, `deployed`, `reviewed`, `fixed`...), for
  `proxy.nlp.fullnames.verb_names` (`Bill White started the migration`: `start` was no verb of its list), read only
  in title case (a thing starts too: `summer sale started`).
- `weak_cue_names`: a listed given name and a census surname after `with`, `from`, `by`, `for`, `and` (`Meeting with
  Bill White tomorrow`, `Lunch with Grace Hall`); a word the census list leaves out as commoner as a word is no
  surname there (`with Bill Pay`, `with Grace Period`, `with Will Power`), nor an organisation's or a place's head.
- `korean_names`: a romanised Korean surname and a hyphenated given name of Revised Romanization syllables, a comma
  between or not (`Park, Ji-woo`, `Kim Min-jun`), in prose and JSON strings.
- `chinese_names`: a compound Chinese surname (`欧阳`, `司马`, `上官`, `诸葛`, `慕容`) or a single one outside the
  commonest 100 (`龚`, `邝`, `蔺`), then one or two given characters, after a role's noun (`经理司马光说`) or a verb
  of contacting (`请联系邝美云`), or a compound one before a predicate's word (`诸葛亮打电话了`).
- `unlisted_given`: a given name no list holds (`Oluwaseun`, `Seojun`, `Funmilayo`) where only a person stands: a
  capitalised word that is no English word, no technical term, no place, at a sentence's start before a person's
  verb (`Oluwaseun approved the refund`, `Seojun will review the PR`, `Thandiwe is out sick today`), after a verb of
  asking (`ask Jiho to`, `let Manish know`) or a person's label (`Reviewer: Siwoo`); and a listed given name or a
  locale's surname beside such a word (`Seojun Park joined`).

Pure functions over the text, CPU only; each scan is gated by a cheap substring test.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]
_SCORE = 0.85

_W = r"[^\W\d_][^\W\d_]*(?:[-'’][^\W\d_]{2,})*"

# --- verbs of a person's work ------------------------------------------------------------------------------------

_MORE_STEMS = ("start merge deploy review fix push commit open close create handle investigate debug test escalate "
               "assign ship refactor migrate implement design draft finish raise file flag present demo onboard "
               "interview fill complete pick check").split()
_MORE_IRREGULAR = ("began begun ran rewrote rewritten drew drawn took taken gave given got made did done").split()


def _forms(stem: str) -> set[str]:
    out = {stem}
    if stem.endswith("y") and stem[-2:-1] not in "aeiou":
        out |= {stem[:-1] + "ies", stem[:-1] + "ied"}
    elif stem.endswith(("s", "sh", "ch", "x", "z")):
        out |= {stem + "es", stem + "ed"}
    else:
        out |= {stem + "s", stem + ("d" if stem.endswith("e") else "ed")}
    out.add((stem[:-1] if stem.endswith("e") and not stem.endswith("ee") else stem) + "ing")
    if stem in ("ship", "drop"):
        out |= {stem + "ped", stem + "ping"}
    return out


MORE_VERBS = frozenset({f for s in _MORE_STEMS for f in _forms(s)} | set(_MORE_IRREGULAR))
# What opens a person's object after such a verb (`started the migration`, `merged our fix`, `reviewed PR 12`).
_OBJECT = re.compile(r"[ \t\u00a0]+(?:the|a|an|our|my|your|his|her|their|this|that|these|those|it|them|PR|MR|issue"
                     r"|ticket|work|on|up|with|all|both|two|three|\d|#)\b")


def with_object(text: str, end: int) -> bool:
    """Whether an object follows the verb ending at `end` (`Bill White started the migration`; not `Will Power
    started to fade`)."""
    return _OBJECT.match(text, end) is not None

# --- a mail header's list ----------------------------------------------------------------------------------------

_HEADER = re.compile(r"(?im)^[ \t>*-]*(?P<label>to|cc|bcc|reply-to)[ \t]*:[ \t]*(?P<rest>[^\n]*)")
_HEADER_ITEM = re.compile(r"[^,;]+")
_ITEM_WORDS = re.compile(rf"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?[ \t]+)?(?P<words>{_W}(?:[ \t]+(?:[A-Z]\.|{_W})){{0,2}})")


def _org_word(low: str) -> bool:
    from proxy.nlp.fullnames import _HEADS
    from proxy.nlp.mailnames import _ORG_WORDS

    return low in _HEADS or low in _ORG_WORDS


def _heads() -> frozenset[str]:
    from proxy.nlp.fullnames import _HEADS

    return _HEADS


def _place_phrase(words: list[str]) -> bool:
    from proxy.nlp.cued import _month_or_day, _place
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    phrase = " ".join(words).lower()
    return phrase in place_names() or phrase in city_names() or (len(words) == 1 and (
        _place(words[0]) or _month_or_day(words[0])))


def _given_alone(names: NameLists, word: str) -> bool:
    """A given name standing alone as a header's item (`Cc: Priya`, `cc: priya`; not `cc: all`, `To: Paris`)."""
    from proxy.nlp.cued import _NOT_A_GIVEN, _given_ok

    if _place_phrase([word]) or word.lower() in _NOT_A_GIVEN:
        return False
    if word.islower() or word.isupper() and len(word) > 2:  # (`cc: priya, rahul`, `CC: PRIYA, RAHUL`)
        return names.is_first(word) and not names.is_common(word) and _given_ok(names, word.capitalize())
    return word[0].isupper() and not word.isupper() and _given_ok(names, word)


def _item_name(names: NameLists, words: list[str]) -> bool:
    """Whether a header's item of two or three words is a person's name."""
    from proxy.nlp.cued import _NOT_A_GIVEN, _raw_surname, _role
    from proxy.nlp.fullnames import pair_ok

    first, last = words[0], words[-1]
    if any(_org_word(w.lower()) or _role(w) for w in words) or _place_phrase(words):
        return False
    if all(w.islower() for w in words) or all(w.isupper() for w in words if len(w) > 2):
        return pair_ok(names, first, last)
    if not all(w[0].isupper() for w in words) or first.lower() in _NOT_A_GIVEN:
        return False
    if pair_ok(names, first, last):
        return True
    from proxy.nlp.fullnames import _given_ok as listed_given

    return listed_given(names, first) or (_raw_surname(last) and not names.is_common(last)
                                          and not names.is_common(first))


def header_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each person's name of a mail header's list (see the module's docstring)."""
    if ":" not in text:
        return []
    out: list[tuple[int, int]] = []
    for m in _HEADER.finditer(text):
        for item in _HEADER_ITEM.finditer(text, m.start("rest"), m.end("rest")):
            raw = item.group()
            if "@" in raw or "<" in raw or '"' in raw:
                continue  # (an address, a display name before one: `proxy.nlp.mailnames`)
            lead = len(raw) - len(raw.lstrip(" \t"))
            value = raw.strip(" \t")
            n = _ITEM_WORDS.fullmatch(value)
            if n is None:
                continue
            words = n.group("words").split()
            a = item.start() + lead + n.start("words")
            b = item.start() + lead + n.end("words")
            if (_given_alone(names, words[0]) if len(words) == 1 else _item_name(names, words)):
                out.append((a, b))
    return out


def without_header_labels(text: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON spans over a header's label (`Bcc`, `Reply-To` read as a name); one reaching past
    the label's `:` keeps what follows it."""
    if ":" not in text or not any(r[0] == "PERSON" for r in found):
        return found
    labels = [(m.start("label"), m.start("rest")) for m in _HEADER.finditer(text)]
    if not labels:
        return found
    out: list[Result] = []
    for r in found:
        entity, a, b, score = r
        for c, d in labels:
            if entity == "PERSON" and a < d and c < b:
                if b <= d:
                    r = ("", 0, 0, 0.0)
                else:
                    a = max(a, d)
                    a += len(text[a:b]) - len(text[a:b].lstrip(" \t"))
                    r = (entity, a, b, score)
        if r[0]:
            out.append(r)
    return out


# --- a weaker cue: with, from, by, for, and ----------------------------------------------------------------------

_WEAK = re.compile(rf"(?<![\w'’-])(?:with|from|by|for|and)[ \t\u00a0]+(?P<first>{_W})(?:[ \t\u00a0]+[A-Z]\.){{0,2}}"
                   rf"[ \t\u00a0]+(?P<last>{_W})(?![\w'’-])(?P<after>[ \t\u00a0]*(?:[^\W\d_][\w'’-]*)?)")


@functools.cache
def _census_surnames() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["surnames"])


def weak_cue_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each `Given Surname` after `with`/`from`/`by`/`for`/`and` (the module's docstring)."""
    if not any(cue in text for cue in ("with ", "from ", "by ", "for ", "and ")):
        return []
    from proxy.nlp.fullnames import pair_ok

    out: list[tuple[int, int]] = []
    for m in _WEAK.finditer(text):
        first, last = m.group("first"), m.group("last")
        if not (first[0].isupper() and last[0].isupper()) or first.isupper() or last.isupper():
            continue
        if last.lower() not in _census_surnames() or not pair_ok(names, first, last):
            continue
        if names.is_census_first(last) or _place_phrase([first, last]):
            continue  # (a place: `from Santa Barbara`; two given names: `for Mary Ann`)
        after = m.group("after").strip()
        if after and (after[0].isupper() or after.lower() in _heads()):
            continue  # (a longer capitalised phrase: `with Bill White Associates`)
        out.append((m.start("first"), m.end("last")))
    return out


# --- romanised Korean names ---------------------------------------------------------------------------------------

_KO_SURNAMES = frozenset("""
kim lee yi rhee park pak bak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo suh shin
sin kwon gwon hwang ahn an song ryu yoo yu jeon jun chun hong ko moon mun yang son sohn bae baek paek heo hur nam
noh roh ha kwak gwak sung seong cha joo ju woo wu min na jin ji eom um chae won cheon bang gong hyun hyeon pyo byun
byeon yeo choo chu
""".split())
_RR_INITIAL = r"(?:kk|tt|pp|ss|jj|ch|g|k|n|d|t|r|l|m|b|p|s|j|h|w|y)?"
_RR_VOWEL = r"(?:yae|wae|yeo|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|ee|oo|a|e|o|u|i)"
_RR_FINAL = r"(?:ng|n|l|m|k|p|t)?"
_RR_SYLLABLE = re.compile(rf"{_RR_INITIAL}{_RR_VOWEL}{_RR_FINAL}")
# Surnames that are an interjection or a word too, read only without a comma (`Oh Se-hun`; not `Oh, Re-run`).
_KO_WORDS = frozenset("oh ha an im na um so yu ko".split())
_KO_PAIR = re.compile(r"(?<![\w'’-])(?P<last>[A-Z][a-z]{1,5})(?P<comma>,[ \t]*|[ \t]+)"
                      r"(?P<first>[A-Z][a-z]{1,5}-[a-z]{1,5})(?![\w'’-])")


def _romanised(word: str) -> bool:
    return _RR_SYLLABLE.fullmatch(word.lower()) is not None


def korean_names(text: str, names: NameLists | None = None) -> list[tuple[int, int]]:
    """[start, end) of each `Park, Ji-woo` / `Kim Min-jun`: a romanised Korean surname and a hyphenated given name
    of two Revised Romanization syllables."""
    if "-" not in text:
        return []
    out: list[tuple[int, int]] = []
    for m in _KO_PAIR.finditer(text):
        last = m.group("last").lower()
        if last not in _KO_SURNAMES or "," in m.group("comma") and last in _KO_WORDS:
            continue
        joined = m.group("first").replace("-", "").lower()
        if names is not None and (names.is_english(joined) or names.is_common(joined)):
            continue  # (`Re-run`, `To-do`: a word)
        if all(_romanised(s) for s in m.group("first").split("-")):
            out.append((m.start("last"), m.end("first")))
    return out


# --- Chinese surnames beyond the commonest 100 -------------------------------------------------------------------

_ZH_COMPOUND = frozenset("""
欧阳 司马 上官 诸葛 慕容 东方 皇甫 令狐 公孙 夏侯 尉迟 长孙 宇文 司徒 端木 独孤 南宫 呼延 西门 轩辕 澹台 公冶 太史 申屠
万俟 闻人 赫连 濮阳 淳于 单于 钟离 宗政 仲孙 鲜于 拓跋 百里 东郭 左丘 梁丘 司空 歐陽 諸葛 東方 長孫 獨孤 軒轅 鍾離
""".split())
# Verbs of contacting or asking a person right before the name (`请联系邝美云`, `抄送龚伟`).
_ZH_CONTACT = ("联系", "聯繫", "聯絡", "通知", "告诉", "告訴", "感谢", "感謝", "谢谢", "謝謝", "抄送", "发给", "發給",
               "转给", "轉給", "交给", "交給", "询问", "詢問", "找", "问", "問", "致电", "致電", "邀请", "邀請")


# Rarer single-character surnames (outside the commonest 100) whose character rarely starts an everyday word.
_ZH_RARE = frozenset("龚邝蔺岑冼佘邬邰阚郜鄢谌逯昝亓仝滕樊翟聂聶臧瞿靳阎閻闵甄"
                     "裴褚缪繆嵇奚虞庞龐鲍鮑骆駱饶饒邢祁卞窦竇栾欒冉雍郦酈宓芮"
                     "蒯訾隗晁钮鈕牟苟扈敖蔺藺鄔龔鄺")
# Compound surnames read before a predicate's word with no role's noun before them (`上官` is `上` + `官网` too).
_ZH_COMPOUND_ALONE = frozenset("欧阳 司马 诸葛 慕容 皇甫 令狐 公孙 夏侯 尉迟 宇文 "
                               "司徒 端木 独孤 南宫 轩辕 澹台 歐陽 諸葛 獨孤 軒轅".split())


@functools.cache
def _zh_rare() -> frozenset[str]:
    from proxy.nlp.scripts22 import _ZH_NOT_GIVEN, _zh_surnames

    return frozenset(_ZH_RARE - _zh_surnames() - _ZH_NOT_GIVEN)


@functools.cache
def _zh_candidates() -> re.Pattern[str]:
    """A compound surname or a rarer single one."""
    return re.compile("|".join(sorted(_ZH_COMPOUND)) + "|[" + "".join(sorted(_zh_rare())) + "]")


def chinese_names(text: str) -> list[tuple[int, int]]:
    """[start, end) of each name of a compound or a rarer single surname (the module's docstring)."""
    from proxy.nlp.scripts22 import _HAN_CHAR, _ZH_AFTER_WORDS, _ZH_NOT_GIVEN, _ZH_ROLES, _ZH_WORDS, _zh_next

    out: list[tuple[int, int]] = []
    for m in _zh_candidates().finditer(text):
        i = m.start()
        compound = len(m.group()) == 2
        size = 2 if compound else 1
        if not compound and text[i:i + 2] in _ZH_WORDS:
            continue
        before = text[max(0, i - 6):i].rstrip(":： \u3000")
        role = any(before.endswith(r) for r in _ZH_ROLES)
        contact = any(before.endswith(v) for v in _ZH_CONTACT)
        if i > 0 and not role and not contact and "\u4e00" <= text[i - 1] <= "\u9fff" and not compound:
            continue  # (a rare surname's character inside a word)
        best, best_end = 0, 0
        for gl in (1, 2):
            end = i + size + gl
            given = text[i + size:end]
            if len(given) != gl or not all(_HAN_CHAR.match(c) and c not in _ZH_NOT_GIVEN for c in given):
                break
            if gl == 2 and text[i + size:i + size + 2] in _ZH_AFTER_WORDS:
                break
            score = _zh_next(text, end)
            if score > best:
                best, best_end = score, end
        if not best:
            continue
        cued = role or contact or (compound and best == 2 and text[i:i + 2] in _ZH_COMPOUND_ALONE)
        if cued:
            out.append((i, best_end))
    return out


# --- given names no list holds ---------------------------------------------------------------------------------

_CAPWORD = r"[A-Z][a-zà-öø-ÿ]{2,13}"
# What only a person does, right after a name opening a sentence (`Oluwaseun approved the refund`, `Seojun will
# review the PR`, `Thandiwe is out sick today`).
_ALONE_AFTER = re.compile(
    r"[ \t\u00a0]+(?:(?:will|can|could|should|would|must)[ \t]+(?:review|join|call|approve|reply|email|attend|present"
    r"|interview|visit|sign|be[ \t]+(?:out|back|off|away|joining|on[ \t]+leave))|approved|said|asked|replied|called"
    r"|emailed|texted|joined|resigned|apologi[sz]ed|agreed|promised|mentioned|complained|thanked|confirmed"
    r"|is[ \t]+(?:out[ \t]+sick|on[ \t]+(?:leave|vacation|holiday|PTO)|off[ \t]+(?:today|sick)|sick|away[ \t]+today))"
    r"\b")
_ALONE = re.compile(rf"(?<![\w'’.-])(?P<name>{_CAPWORD})(?={_ALONE_AFTER.pattern})")
# A verb of asking before a name (`ask Jiho to`, `let Manish know`, `ping Liezel about`, `thanks Tunde,`).
_ASKED_UNLISTED = re.compile(rf"(?<![\w'’-])(?:(?:[Aa]sk|[Tt]ell|[Pp]ing|[Rr]emind)[ \t]+(?P<a>{_CAPWORD})"
                             r"(?=[ \t]+(?:to|about|that|if|whether)\b)"
                             rf"|[Ll]et[ \t]+(?P<b>{_CAPWORD})(?=[ \t]+know\b)"
                             rf"|(?:[Tt]hanks|[Tt]hank[ \t]+you|[Cc]c)[ \t]*,?[ \t]+(?P<c>{_CAPWORD})"
                             r"(?=[ \t]*(?:[,.!;]|\r?\n|\Z)))")
# A person's label of a ticket, a review or a meeting, the name alone after it (`Reviewer: Siwoo`).
_LABEL_UNLISTED = re.compile(r"(?im)^[ \t>*-]*(?:reviewers?|assignees?|approvers?|owner|author|attendees?"
                             r"|assigned[ \t]+to|(?:requested|reported|submitted|approved|reviewed)[ \t]+by"
                             r"|organi[sz]er|interviewer|candidate|employee|patient|customer|contact)[ \t]*:[ \t]*"
                             rf"(?-i:(?P<name>{_CAPWORD}))(?=[ \t]*(?:[,;(]|\r?\n|\Z))")
# A pair with one listed part before a verb of a person (`Seojun Park joined the team`).
_PAIR = re.compile(rf"(?<![\w'’.-])(?P<first>{_CAPWORD})[ \t\u00a0]+(?P<last>{_CAPWORD})(?![\w'’-])")
# Endings of products' and tools' names (`Mergify`, `Codecov`, `Pagerduty`).
_TOOL_ENDINGS = ("ify", "ly", "ops", "db", "js", "hub", "lab", "bot", "base", "stack", "flow", "kit", "io", "cov",
                 "duty", "sql", "api", "app", "net", "soft", "ware", "cloud", "desk", "dog", "lint", "test", "mark",
                 "man", "er", "ers", "ing", "tion", "ment", "ness", "able", "ible", "ous", "ive", "ism", "ist", "ity")


# Placeholder words of examples (`Foo said bar`, `Lorem ipsum`).
_PLACEHOLDERS = frozenset("foo bar baz qux quux corge grault garply waldo fred plugh xyzzy thud lorem ipsum dolor "
                          "amet hoge fuga piyo".split())


@functools.cache
def _wiki_rank() -> dict[str, int]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return {w: i for i, w in enumerate(FREQUENCY_LISTS["english_wikipedia"])}


@functools.cache
def _tv_words() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["us_tv_and_film"])


def unlisted(names: NameLists, word: str, lexicon: tuple[frozenset[str], ...]) -> bool:
    """Whether a capitalised word may be a given name no list holds: no English word (the TV and film list, English
    Wikipedia's top 10,000, WordNet), no technical term, tool's ending, brand, place, month, addressee, assistant."""
    from proxy.nlp.companies import consumer_brands
    from proxy.nlp.cued import _ADDRESSEES, _ASSISTANTS, _NOT_A_GIVEN, _month_or_day, _ordinary, _place, _role
    from proxy.nlp.given_names import english_word
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names
    from proxy.nlp.tech_terms import TECH_TERMS

    low = word.lower()
    if english_word(low, _wiki_rank(), _tv_words()) or _ordinary(low, lexicon) or low in TECH_TERMS:
        return False
    if low.endswith(_TOOL_ENDINGS) and not names.is_first(low) or not any(v in low for v in "aeiouy"):
        return False
    if low in _PLACEHOLDERS or low in _ADDRESSEES or low in _ASSISTANTS or low in _NOT_A_GIVEN or _role(word) \
            or _month_or_day(word):
        return False
    if _place(word) or low in place_names() or low in city_names():
        return False
    return (low,) not in consumer_brands() and (word,) not in consumer_brands()


def unlisted_given(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = ()) -> list[tuple[int, int]]:
    """[start, end) of each given name no list holds where only a person stands (the module's docstring)."""
    from proxy.nlp.cued import _sentence_start

    out: list[tuple[int, int]] = []
    for m in _ALONE.finditer(text):
        if _sentence_start(text, m.start()) and unlisted(names, m.group("name"), lexicon):
            out.append(m.span("name"))
    for m in _ASKED_UNLISTED.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
        if unlisted(names, m.group(group), lexicon):
            out.append(m.span(group))
    if ":" in text:
        for m in _LABEL_UNLISTED.finditer(text):
            if unlisted(names, m.group("name"), lexicon):
                out.append(m.span("name"))
    for m in _PAIR.finditer(text):
        first, last = m.group("first"), m.group("last")
        from proxy.nlp.cued import _raw_surname
        from proxy.nlp.fullnames import _given_ok as listed_given
        from proxy.nlp.fullnames import _verb_at

        verb = _verb_at(text, m.end())
        before = text[max(0, m.start() - 6):m.start()]
        if not ((verb is not None and verb[0].islower() and _sentence_start(text, m.start())) or re.search(
                r"(?<![\w'’-])(?:with|from|by)[ \t\u00a0]+\Z", before) is not None):
            continue  # (the cue first: cheap)
        if _place_phrase([first, last]) or names.is_any_first(last):
            continue  # (`from Santa Barbara`: a place, two given names)
        if (unlisted(names, first, lexicon) and _raw_surname(last)) or (
                listed_given(names, first) and unlisted(names, last, lexicon)):
            out.append(m.span())
    return out


# --- hooks -------------------------------------------------------------------------------------------------------


def names24_spans(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = ()) -> list[tuple[int, int]]:
    """Every span the Latin-script rules above find in `text` (for `proxy.nlp.cued.cued_names`)."""
    return [*header_names(text, names), *weak_cue_names(text, names), *korean_names(text, names),
            *unlisted_given(text, names, lexicon)]


def with_names24(text: str, found: list[Result]) -> list[Result]:
    """`found` without a PERSON span over a mail header's label (`proxy.nlp.pii._cued`)."""
    return without_header_labels(text, found)


__all__ = ["MORE_VERBS", "chinese_names", "header_names", "korean_names", "names24_spans", "unlisted",
           "unlisted_given", "weak_cue_names", "with_names24", "without_header_labels"]
