"""A name found in one text of a request, at its later mentions in the request's other texts (later22, atk20 M2).

A chat request resends the whole conversation: the cue that makes a word a name is usually in one message (a system
prompt's `Customer: Mrs. White`, a user turn's `Dear Mrs. White,`) and the bare later mention in another (a later
user turn `Later I told White about the refund.`, a tool result `Notified White by mail.`, tool-call arguments
`{"recipient": "White"}`, `metadata` `{"account": "White"}`). Each text is analysed alone (`proxy.nlp.pii`, cached per
text); this module reads the names found in each text of a request at their mentions in its other texts:

- `mention_jobs` (the request's side, cheap, no name list): for each text, the names found in the request's OTHER
  texts (PERSON spans the rule keeps) of which a word occurs in it outside its own PERSON spans; only those texts
  go to the analysis workers (`proxy.nlp.pii.PiiAnalyzer.mentions`).
- `other_mentions` (in a worker, with the engines' lists): the same "where a name stands" rules as for a name's
  later mentions in its own text (`proxy.nlp.pii._name_echoes` for a name's words that are no everyday word,
  `proxy.nlp.cued.cued_echoes` for those that are: `White`, `Bill`, `Grace`), read in that text as if the names had
  been found in it: `Later I told White about` and `Notified White by mail.` are the name; `the White House`,
  `in May`, `White paper drafts are due` (a sentence's first word used as the word) and a German noun after its
  article (`Im Winter`) are not.
- `whole_values` (the request's side): a text that is a found name or one of its words whole (a tool call's
  argument or a `metadata` value: `{"recipient": "White"}`), and such a JSON string value inside a text (a tool
  result `{"to": "White"}`), is that name, unless its key names a thing (`{"color": "White"}`,
  `proxy.nlp.tables.column_kind`); a month's or a day's name only under a key that names a person.
- `echo_forms` (names21's leftovers, in a name's own text too: `proxy.nlp.pii._cued`): a name with an apostrophe
  written without it (`O'Neill` ... `ONeill`), a word of it in lower case right after a verb of telling or contacting
  (`told white about it`, `ask white to sign`; not `white paper`, `painted it white`), a Han surname before `の` and
  what a person writes or is in charge of (`林様` ... `林の報告`; not `林の中`, `小林の報告`).

The placeholder of a value is the request's (`proxy.guard.vault.Vault`): `White` is `<PERSON_1>` in every text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from typing import Any

Result = tuple[str, int, int, float]
Job = tuple[int, tuple[tuple[str, float], ...]]  # (text index, the other texts' names with their scores)

# A word of a found name as written (`White`, `O'Neill`, `Smith-Jones`, `Müller`), as `proxy.nlp.pii._CAPITALISED`.
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_](?:['’](?=[^\W\d_]{2}))?[^\W\d_]+(?![\w-])")
_MAX_NAME = 80  # a PERSON span longer than this is no name carried to other texts
_MAX_NAMES = 64  # the names carried to one text (a request with more reads the first found)


def _name_words(name: str) -> list[str]:
    """The words of `name` a later mention may be: capitalised, not in capitals alone (`SAM` may be an acronym)."""
    return [w for w in _WORD.findall(name) if w[0].isupper() and not w.isupper() and len(w) >= 2]


def found_names(texts: Sequence[str], spans: Sequence[Sequence[Any]],
                keep: Callable[[int, Any], bool]) -> list[dict[str, float]]:
    """Per text, the PERSON spans `keep` keeps (the rule's floor and `allow`) as written, with their best score."""
    out: list[dict[str, float]] = []
    for i, (text, found) in enumerate(zip(texts, spans, strict=True)):
        names: dict[str, float] = {}
        for s in found:
            if s.entity != "PERSON" or s.end - s.start > _MAX_NAME or not keep(i, s):
                continue
            name = text[s.start:s.end].strip()
            if "\n" in name or not (_name_words(name) or _HAN.fullmatch(name)):
                continue
            names[name] = max(s.score, names.get(name, s.score))
        out.append(names)
    return out


class _Others:
    """The names found in the texts other than one, each with its best score (of all texts), in time linear in the
    names: a long conversation has hundreds of texts."""

    def __init__(self, names: Sequence[dict[str, float]]) -> None:
        self.names = names
        self.best: dict[str, float] = {}
        self.texts: dict[str, int] = {}
        for found in names:
            for name, score in found.items():
                self.best[name] = max(score, self.best.get(name, score))
                self.texts[name] = self.texts.get(name, 0) + 1

    def other(self, i: int, name: str) -> bool:
        """Whether `name` is found in a text other than the `i`th."""
        return self.texts[name] > (name in self.names[i])

    def __call__(self, i: int) -> dict[str, float]:
        own = self.names[i]
        return {name: score for name, score in self.best.items() if self.texts[name] > (name in own)}


def _covered(spans: Sequence[Any], a: int, b: int) -> bool:
    return any(s.entity == "PERSON" and s.start <= a and b <= s.end for s in spans)


def mention_jobs(texts: Sequence[str], spans: Sequence[Sequence[Any]], names: Sequence[dict[str, float]],
                 documents: Sequence[Sequence[tuple[int, str]]] = (), only: Container[int] | None = None,
                 others: _Others | None = None) -> list[Job]:
    """The texts where a word of a name found in another text occurs outside their own PERSON spans (as written, or
    in capitals when of four letters or more: `PRICE`), each with those other texts' names (see the module's
    docstring); not a document's keys nor its values under a key that names a thing (`{"colour": "Stone"}`).
    Literal patterns, linear time. `only`: the texts to read (memo31 keeps the others' jobs across turns), `others`:
    `_Others(names)` when the caller has it."""
    if sum(1 for found in names if found) == 0:
        return []
    from proxy.nlp.tables import column_kind

    keys = _keys(texts, documents) if documents else {}
    jobs: list[Job] = []
    others_of = others or _Others(names)
    exact, marked, folded_words, han_names, words = _index(frozenset(others_of.best))
    # Per folded word, the texts a name holding it is found in: a text's word is worth reading only when a name of
    # it is found in another text (most words of a conversation's texts are their own names': skipped at once). Only
    # a shortcut (`other` drops the same names): not built for a few texts (`only`).
    owners: dict[str, set[int]] = {}
    for i, found in enumerate(names if only is None else ()):
        for name in found:
            for w in _name_forms(name)[1]:
                owners.setdefault(w, set()).add(i)
    for i, text in enumerate(texts):
        if only is not None and i not in only:
            continue
        key = keys.get(i)
        if not text.strip() or key == "#key" or (key is not None and column_kind(key) == "things"):
            continue

        def other(name: str, i: int = i) -> bool:
            return others_of.other(i, name)

        # Only the names of which a word occurs in the text (in any case, with or without its apostrophe, in its
        # plural or possessive: every form the rules read, `Kowalskis`, `ONeill`, `PRICE`, `told white`) are carried
        # to it: no other name can have a mention there. A conversation's other texts name dozens of people; each
        # name carried costs the worker a pass of its own, and the job's cache key holds the names, so a text stays
        # cached until a name it mentions changes (not whenever a new turn names anyone).
        # (set operations: a text of a conversation about people holds the words of dozens of names, its own too)
        runs, stems = _words_of(text)
        common = [stem for stem in stems & words if only is not None or len(owners[stem]) > 1
                  or i not in owners[stem]]
        relevant = {name for stem in common for name in folded_words[stem] if other(name)}
        if han_names:
            relevant.update(name for name in han_names if name in text and other(name))
        if not relevant or not (any(name + "の" in text and other(name) for name in han_names)
                                or _occurs(text, runs, exact, marked, spans[i], other)):
            continue
        ranked = sorted(((name, others_of.best[name]) for name in relevant), key=lambda kv: (-kv[1], kv[0]))
        jobs.append((i, tuple(ranked[:_MAX_NAMES])))
    return jobs


_Index = tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]], list[str], frozenset[str]]


@functools.lru_cache(maxsize=256)
def _index(names: frozenset[str]) -> _Index:
    """The found names' words once a request (a conversation's texts share dozens of names; cached: its turns mostly
    name the same people), indexed by the forms a mention takes (in capitals, in lower case, without its apostrophe:
    `PRICE`, `told white about`, `ONeill`: `echo_forms`), and by the words, folded, that make it worth carrying to a
    text: every text is then read once, word by word, whatever the number of names. (exact: a form of letters alone,
    the names it is a form of; marked: a form with an apostrophe, `O'Neill`, read by a regular expression; folded
    words; the Han names; the folded words again, as a set.) Shared: read it, never change it."""
    exact: dict[str, set[str]] = {}
    marked: dict[str, set[str]] = {}
    folded_words: dict[str, set[str]] = {}
    han_names: list[str] = []
    for name in sorted(names):
        forms, folds, han = _name_forms(name)
        for form in forms:
            (marked if "'" in form or "’" in form else exact).setdefault(form, set()).add(name)
        for w in folds:
            folded_words.setdefault(w, set()).add(name)
        if han:
            han_names.append(name)
    return exact, marked, folded_words, han_names, frozenset(folded_words)


@functools.lru_cache(maxsize=8192)
def _name_forms(name: str) -> tuple[frozenset[str], tuple[str, ...], bool]:
    """A found name's forms a mention takes (its words as written, in capitals, in lower case, without the
    apostrophe), its words folded (`_fold`) but forms of address, and whether it is a Han name. Cached: a
    conversation's names come back with every turn."""
    words = _name_words(name)
    forms = frozenset({*words, *(w.upper() for w in words if len(w) > 3), *(w.lower() for w in words if len(w) >= 3),
                       *(w[0] + w[2:] for w in words if len(w) > 3 and w[1] in "'’")})
    return forms, tuple(_fold(w) for w in words if w.lower() not in _TITLE_WORDS), _HAN.fullmatch(name) is not None


_LETTERS = re.compile(r"[^\W\d_]+")
# A word of a folded text (`_fold`): letters, with the combining marks case folding may leave (`İ` -> `i̇`).
_FOLDED_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")


@functools.lru_cache(maxsize=4096)
def _words_of(text: str) -> tuple[dict[str, list[tuple[int, int]]], frozenset[str]]:
    """`text`'s runs of letters with where they are (a run ending in `s` or `es` under its stem too: a plural), and
    its folded words (`_fold`) with their stems (less a final
    `s` or `es`: `Kowalskis`, `Whites`): what `mention_jobs` looks names up in. Cached: a conversation's texts come
    back with every turn (the result is shared: read it, never change it)."""
    from proxy.nlp.perf49 import word_patterns

    letters, folded = word_patterns(text, _LETTERS, _FOLDED_WORD)  # (the same runs, faster on ASCII text: perf49)
    runs: dict[str, list[tuple[int, int]]] = {}
    for m in letters.finditer(text):
        token = m.group()
        runs.setdefault(token, []).append(m.span())
        if token[-1:] in ("s", "S") and len(token) > 3:  # (a plural: `the Haddads`, `the KOWALSKIS`)
            runs.setdefault(token[:-1], []).append(m.span())
            if token[-2:-1] in ("e", "E"):
                runs.setdefault(token[:-2], []).append(m.span())
    stems: set[str] = set()
    for token in set(folded.findall(_fold(text))):
        stems.add(token)
        if token.endswith("s"):
            stems.update((token[:-1], token[:-2]))
    return runs, frozenset(stems)


def _occurs(text: str, runs: dict[str, list[tuple[int, int]]], exact: dict[str, set[str]],
            marked: dict[str, set[str]], spans: Sequence[Any], other: Callable[[str], bool]) -> bool:
    """Whether a form of an `other` name occurs in `text` between two characters that are no letters, outside
    `spans`' PERSON spans. A form of letters alone occurs exactly where it is a whole run of letters (`runs`: the
    text's, `_words_of`): set look-ups (a regular expression of the forms would be compiled anew for every text of
    every request); the rare form with an apostrophe (`O'Neill`) by a regular expression of those forms."""
    for form in runs.keys() & exact.keys():
        if any(other(name) for name in exact[form]) and any(not _covered(spans, a, b) for a, b in runs[form]):
            return True
    forms = [form for form, names in marked.items() if any(other(name) for name in names)]
    if not forms:
        return False
    # (either apostrophe: `O'Neill`, `O’Neill`; and the plural: `the O'Neills`)
    pattern = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.sub("['’]", "['’]", re.escape(w))
                                                       for w in sorted(forms, key=len, reverse=True))
                         + r")(?:e?s|E?S)?(?![^\W\d_])")
    return any(not _covered(spans, m.start(), m.end()) for m in pattern.finditer(text))


# Forms of address a found name's span may hold (`Mrs. White`): never a mention of that person on their own.
_TITLE_WORDS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "herr", "frau"})


def _fold(text: str) -> str:
    """`text` in lower case without apostrophes: one substring test for every spelling of a name's word."""
    return text.casefold().replace("'", "").replace("’", "")


def other_mentions(engines: Any, text: str, own: Sequence[Result], names: Sequence[tuple[str, float]]) -> list[Result]:
    """In a worker: PERSON spans of `text` for the mentions of `names` (found in the request's other texts) where a
    name stands, none inside `own` (its own PERSON spans): what the rules for a name's later mentions in its own text
    find (`proxy.nlp.pii._name_echoes`, `proxy.nlp.cued.cued_echoes`), each where `_stands` says a name stands."""
    from proxy.nlp.cued import cued_echoes
    from proxy.nlp.everyday16 import lexicon_of
    from proxy.nlp.everyday25 import plural_opening25
    from proxy.nlp.pii import _name_echoes, _not_in_table_column
    from proxy.nlp.recognizers import WORD_FIRST_NAMES  # imports Presidio: the engines have

    # The names on lines of their own after the text, found there: the rules read a few characters around each
    # mention, and a blank line ends the text as its end does (`Notified White` + `\n\n`).
    at = len(text) + 2
    persons: list[Result] = []
    for name, score in names:
        persons.append(("PERSON", at, at + len(name), score))
        at += len(name) + 1
    chunk = text + "\n\n" + "\n".join(name for name, _ in names)
    added = [*_name_echoes(engines, chunk, persons)[len(persons):], *cued_echoes(chunk, engines.names, persons)]
    words = {w for name, _ in names for w in _name_words(name)}
    lex = lexicon_of(engines)

    def english(word: str) -> bool:
        low = word.lower()
        return engines.names.is_common(word) or low in lex.nouns or low in lex.adjectives or low in WORD_FIRST_NAMES

    mine = [r for r in own if r[0] == "PERSON"]
    out: list[Result] = []
    for r in sorted(added, key=lambda r: (r[1], -r[2])):
        a, b = r[1], r[2]
        if b > len(text) or any(x < b and a < y for _, x, y, _ in mine) or any(x < b and a < y for _, x, y, _ in out):
            continue
        word = text[a:b]
        base = word if word in words else next((w for w in words if word.casefold().startswith(w.casefold())), word)
        if not _stands(text, a, b, engines.names, base, english(base), plural=word.casefold() != base.casefold()):
            continue
        if plural_opening25(text, a, b, lex):  # (fp25: `Banks close at 5.` after `Customer: Hope Banks`)
            continue
        out.append(r)
    for r in echo_forms(chunk, [*persons, *mine, *out]):
        if r[2] <= len(text) and not plural_opening25(text, r[1], r[2], lex):
            out.append(r)
    if not out:
        return []
    kept = set(_not_in_table_column(text, [*own, *out]))
    return [r for r in out if r in kept]


# The next word after a mention: capitalised (`Black Friday`, `Long Island`) or a number (`Julia 1.10`).
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W_][\w'’-]*)")
# The capitalised word right before a mention on its line (`Three Rivers`, `Amazing Grace`, `Penny Black`).
_CAP_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_a-z][\w'’-]*)[ \t\u00a0]+\Z")

# `on`, `upon` or `of` and a capitalised word after a word: a thing's or a place's name (`Ruby on Rails`).
_PHRASE_AFTER = re.compile(r"[ \t\u00a0]+(?:on|upon|of)[ \t\u00a0]+([^\W\d_a-z][\w'’-]*)")


def _stands(text: str, a: int, b: int, names: Any, word: str, english: bool, *, plural: bool = False) -> bool:
    """Whether the found name's `word` at [a, b) of another text of the request stands where a name stands: after a
    form of address, a person's label or an initial (`Mrs. White`, `cc: Honda`, `J. Young`); else never right after
    another capitalised word inside a sentence (`Three Rivers`, `Amazing Grace`); a word that is an English word
    (`White`, `Black`, `Grace`) where `proxy.nlp.cued` reads a later mention in its own text (inside a sentence and
    before no other capitalised word or number, after no article: `told White about`, not `Black Friday`, `the Max
    plan`; opening a sentence only as a possessive or before a verb of a person: `White called`, not `White paper
    drafts`); any other word (`Kowalczyk`) anywhere but after a German article (`Der Koch`) or before a number."""
    from proxy.nlp.cued import _CUE_BEFORE, _TITLE_BEFORE, GERMAN_ARTICLE, _echo_position, _sentence_start

    if _TITLE_BEFORE.search(text, max(0, a - 12), a) is not None or _CUE_BEFORE.search(text, max(0, a - 8), a):
        return True
    before = _CAP_BEFORE.search(text, max(0, a - 40), a)
    if before is not None and len(before.group(1)) > 1 and not _sentence_start(text, before.start(1)):
        return False
    if english and (m := _PHRASE_AFTER.match(text, b)) is not None and m.group(1).lower() not in _MONTHS_DAYS:
        return False  # (a name's phrase: `Ruby on Rails`, `Bank of England`)
    if english:
        # (a possessive read with its `'s`: `White's invoice is overdue`)
        return _echo_position(text, a, b + 2 if text[b:b + 2] in ("'s", "’s") else b, names, word, plural=plural)
    if GERMAN_ARTICLE.search(text, max(0, a - 8), a) is not None:
        return False
    nxt = _NEXT_WORD.match(text, b)
    return nxt is None or not nxt.group(1)[0].isdigit()


# A JSON string value after its key (`"to": "White"`), as a tool's result sends it.
_JSON_VALUE = re.compile(r"\"(?P<key>[^\"\\\n]{1,40})\"[ \t]*:[ \t]*\"(?P<value>[^\"\\\n]{1,80})\"")
_MONTHS_DAYS = frozenset("""
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday
""".split())


def _value_is_name(value: str, key: str | None, names: dict[str, float]) -> float | None:
    """The score of the name `value` is (a found name or one of its words, whole), unless `key` names a thing."""
    from proxy.nlp.cued import _SPELLED_WORD, _TITLE_WORD
    from proxy.nlp.tables import column_kind

    score = names.get(value)
    if score is None:
        for name, s in names.items():
            if value in _name_words(name) and _TITLE_WORD.fullmatch(value) is None \
                    and _SPELLED_WORD.fullmatch(value) is None:
                score = max(s, score or s)
    if score is None:
        return None
    kind = column_kind(key) if key else None
    if kind == "things" or (value.lower() in _MONTHS_DAYS and kind not in ("people", "parts")):
        return None
    return score


def _keys(texts: Sequence[str], documents: Sequence[Sequence[tuple[int, str]]]) -> dict[int, str | None]:
    """Each value of `documents` with the key before it (None: none); the keys themselves as `"#key"`."""
    from proxy.guard.keyed import keyed_members

    out: dict[int, str | None] = {}
    for i, key in keyed_members(texts, documents):  # (a value is in more than one document: `direct` pairs too)
        if out.get(i) is None:
            out[i] = key
    for document in documents:
        for i, kind in document:
            if kind == "key":
                out[i] = "#key"
    return out


def may_be_whole(text: str) -> bool:
    """Whether `whole_values` may find a value in `text`, whatever the request's names."""
    return 2 <= len(text.strip()) <= _MAX_NAME or ('"' in text and len(text) < 100_000 and bool(_json_values(text)))


def _json_scan(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, key, value) of each JSON string value after its key in `text`."""
    return tuple((*m.span("value"), m.group("key"), m.group("value")) for m in _JSON_VALUE.finditer(text))


# (cached for texts of up to 20,000 characters: a conversation's texts come back with every turn)
_json_cached = functools.lru_cache(maxsize=1024)(_json_scan)


def _json_values(text: str) -> tuple[tuple[int, int, str, str], ...]:
    return _json_cached(text) if len(text) <= 20_000 else _json_scan(text)


def whole_values(texts: Sequence[str], spans: Sequence[Sequence[Any]], names: Sequence[dict[str, float]],
                 documents: Sequence[Sequence[tuple[int, str]]], only: Iterable[int] | None = None,
                 others: _Others | None = None) -> Iterator[tuple[int, int, int, float]]:
    """(text index, start, end, score) of each text that is a name found in the request (another text's, or a word
    of it) whole, and of each such JSON string value inside a text (see the module's docstring). `only`: the texts
    that may be one (`may_be_whole`), in order; `others`: `_Others(names)` when the caller has it."""
    others_of = others or _Others(names)
    every = others_of.best  # (each name's best score, in the order found)
    if not every:
        return
    keys = _keys(texts, documents) if documents else {}
    for i in range(len(texts)) if only is None else only:
        text = texts[i]
        key = keys.get(i)
        if key == "#key":
            continue
        value = text.strip()
        if 2 <= len(value) <= _MAX_NAME:
            other_names = others_of(i)
            whole = _value_is_name(value, key, other_names) if other_names else None
            a = text.index(value)
            if whole is not None and not _covered(spans[i], a, a + len(value)):
                yield i, a, a + len(value), whole
                continue
        if '"' in text and len(text) < 100_000:
            for a, b, json_key, json_value in _json_values(text):
                inner = _value_is_name(json_value, json_key, every)
                if inner is not None and not _covered(spans[i], a, b):
                    yield i, a, b, inner


# --- a found name's later mentions in more forms (names21's leftovers) ---------------------------------------------

# Verbs of telling or contacting a person right before a lower-case mention (`told white about it`, `ask white to
# sign`, `cc white on`), and what follows a person there (a preposition, a conjunction, a time word, punctuation).
_LOWER_BEFORE = re.compile(r"(?<![\w'’-])(?i:told|tell|tells|ask|asks|asked|cc|cc'd|bcc|ping|pinged|remind|reminded"
                           r"|notify|notified|thank|thanked|email|emailed|e-mailed|message|messaged|contact|contacted"
                           r"|texted|phoned|inform|informed)[ \t\u00a0]+\Z")
# (what `_LOWER_BEFORE` reads, as substrings of the folded text: every text it matches in holds one)
_TELLING_VERBS = ("told", "tell", "ask", "cc", "ping", "remind", "notif", "thank", "mail", "message", "contact",
                  "texted", "phoned", "inform")
_LOWER_AFTER = re.compile(r"(?:[ \t\u00a0]*(?:[,.!?;:]|\r?\n|\Z)|[ \t\u00a0]+(?:about|that|to|and|or|know|yesterday"
                          r"|today|tomorrow|again|earlier|later|first|back|for|on|by|via|when|if|please|asap)\b)")
# What a person writes, sends or is in charge of, after a Han surname and `の` (`林の報告`, `森の資料`); not `林の中`.
_JA_OWNED = ("報告", "資料", "件", "意見", "メール", "提案", "担当", "書類", "説明", "連絡", "依頼", "回答", "返信",
             "確認", "発言", "案", "作業", "予定", "署名", "申請", "請求", "契約", "注文", "口座", "住所", "電話")
_HAN = re.compile(r"[\u3400-\u9fff\u3005]{1,3}")


def echo_forms(text: str, persons: Sequence[Result]) -> list[Result]:
    """PERSON spans for a found name's later mentions in forms the other rules leave (names21's leftovers): a name
    with an apostrophe written without it (`O'Neill` ... `ONeill`), a word of it in lower case right after a verb of
    telling or contacting and before what follows a person there (`told white about it`, `ask white to sign`; not
    `white paper`, `painted it white`), and a Han surname before `の` and what a person writes or is in charge of
    (`林様` ... `林の報告`; not `林の中`). None inside `persons`."""
    names = [r for r in persons if r[0] == "PERSON"]
    if not names:
        return []
    # A lower-case mention stands only after a verb of telling, a Han one only before `の`: a text with neither (most
    # texts) is not read for them (`_TELLING_VERBS`: a part of every verb `_LOWER_BEFORE` reads).
    folded = text.casefold()
    telling = any(verb in folded for verb in _TELLING_VERBS)
    owned = "の" in text
    patterns: dict[tuple[str, str], float] = {}  # (kind, pattern): score
    for _, a, b, score in names:
        name = text[a:b]
        for w in _name_words(name):
            # (each form only where the text holds it: one substring test, not a scan of the text)
            if len(w) > 3 and w[1] in "'’" and w[0] + w[2:] in text:
                patterns["plain", re.escape(w[0] + w[2:])] = score  # (`ONeill`; `Oneill` the model finds)
            if telling and len(w) >= 3 and w.lower() != w and w.lower() in text:
                patterns["lower", re.escape(w.lower())] = score
        if owned and _HAN.fullmatch(name) is not None and name + "の" in text:
            patterns["han", re.escape(name)] = score
    out: list[Result] = []
    for (kind, pattern), score in patterns.items():
        regex = (rf"(?<![\u3400-\u9fff\u3005]){pattern}(?=の(?:{'|'.join(_JA_OWNED)}))" if kind == "han"
                 else rf"(?<![\w'’-]){pattern}(?![\w'’-])")
        for m in re.finditer(regex, text):
            a, b = m.span()
            if kind == "lower" and (_LOWER_BEFORE.search(text, max(0, a - 16), a) is None
                                    or _LOWER_AFTER.match(text, b) is None):
                continue
            if any(x < b and a < y for _, x, y, _ in names) or any(x < b and a < y for _, x, y, _ in out):
                continue
            out.append(("PERSON", a, b, score))
    return out
