"""The cross-text pass's plan across turns (speed31, issue 12's bench bound: `chat turn with names`).

A chat request resends the whole conversation: its earlier texts are the last request's, with one new message. The
plan of the cross-text pass (`proxy.nlp.mentions`, `proxy.nlp.intl25.script_mentions`) read every text of every
request again: the names of each text's PERSON spans (`found_names`, `script_names`), and for each text whether a
word of another text's name occurs in it, with which names (`mention_jobs`). `plan` gives what `plain` gives (the
pass as it was), keeping per text, in memory only, in a bounded LRU (`_MAX_ENTRIES` texts of up to `_MAX_TEXT`
characters, never logged):

- its names (Latin and in a script without case), keyed by the text, its spans (compared equal) and what decides
  which spans count (the rule's floor and `allow`: `keep_key`);
- its job (the names carried to it, or none) with the request's name state it was decided under (`_Names`: each
  name's best score and the number of texts it is found in, the only inputs of a text's job besides the text, its
  spans and its document key). A later request reuses the job unless a name whose state changed since has a form
  the text holds (one of its folded words among the text's stems, a form among its runs of letters: what
  `mention_jobs` looks names up by; a name with an apostrophe or in Han script changes every text's job, as
  `mention_jobs`' regular expression and substring tests read them). A new turn pays for its new text and for the
  texts that mention a name whose state it changed. The states are kept apart, the last `_MAX_STATES` requests'
  (an entry whose state is gone is read again), of up to `_MAX_STATE` names each (a request with more keeps none).

`whole_values` (a text that is a name whole, JSON values) is read per request as before, on the texts that may hold
one only (`may_be_whole`, kept per text; the JSON scan cached per text: `proxy.nlp.mentions._json_values`).
Thread-safe (one lock around the LRU; entries are never changed).
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from proxy.nlp import perf49
from proxy.nlp.intl25 import mentions_of, script_mentions, script_names
from proxy.nlp.mentions import (
    Job,
    _name_forms,
    _Others,
    _words_of,
    found_names,
    may_be_whole,
    mention_jobs,
    whole_values,
)

Whole = tuple[int, int, int, float]
_MAX_ENTRIES = 1024  # texts remembered (LRU)
_MAX_TEXT = 20_000  # a longer text is read anew each request (not remembered)
_MAX_STATES = 32  # the name states of the last requests (LRU): one per conversation in flight
_MAX_STATE = 2048  # a request with more names than this keeps no jobs


class _Names:
    """A request's name state as an entry keeps it: each name's best score and the number of texts it is found in
    (`_Others.best`, `_Others.texts`, shared, never changed), and the request's per-text name dicts (the entries'
    own, for a request of up to `perf49.MAX_KEPT` texts: the next turn's state is this one's plus its new texts')."""

    __slots__ = ("best", "names", "texts")

    def __init__(self, others: _Others) -> None:
        self.best, self.texts = others.best, others.texts
        self.names = others.names if len(others.names) <= perf49.MAX_KEPT else None  # (`perf49.extended`)


class _Entry:
    __slots__ = ("doc_key", "job", "latin", "script", "spans", "state", "whole")

    def __init__(self, spans: tuple[Any, ...], latin: dict[str, float], script: dict[str, float], whole: bool,
                 state: int | None = None, doc_key: object = None,
                 job: tuple[tuple[str, float], ...] | None = None) -> None:
        self.spans, self.latin, self.script, self.whole = spans, latin, script, whole
        self.state, self.doc_key, self.job = state, doc_key, job


_MEMO: OrderedDict[tuple[str, Hashable], _Entry] = OrderedDict()
_STATES: OrderedDict[int, _Names] = OrderedDict()  # (`_Entry.state`: a key of this)
_TOKENS = itertools.count()
_LOCK = threading.Lock()


def clear() -> None:
    with _LOCK:
        _MEMO.clear()
        _STATES.clear()


def size() -> int:
    return len(_MEMO)


def unseen_chars(texts: Sequence[str], keep_key: Hashable) -> int:
    """The characters of `texts` the memo has not read under `keep_key`: what `plan` reads anew (the texts it holds
    cost it a look-up each, and a re-read of the few that mention a name whose state changed: their letter runs and
    stems are cached, `proxy.nlp.mentions._words_of`)."""
    with _LOCK:
        return sum(len(text) for text in texts if len(text) > _MAX_TEXT or (text, keep_key) not in _MEMO)


def plain(texts: Sequence[str], spans: Sequence[Sequence[Any]], keep: Callable[[int, Any], bool],
          documents: Sequence[Sequence[tuple[int, str]]] = ()) -> tuple[list[Job], list[Whole]]:
    """The plan without the memo: the jobs for the workers, the whole values and the mentions in scripts without case
    (`proxy.guard.checks.pii.PiiCheck._mentions`)."""
    more = script_mentions(texts, spans, keep)
    names = found_names(texts, spans, keep)
    if not any(names):
        return [], more
    return mention_jobs(texts, spans, names, documents), [*whole_values(texts, spans, names, documents), *more]


def _changed(old: _Names, new: _Others) -> tuple[frozenset[str], frozenset[str], bool]:
    """The folded words and the forms of letters of the names whose state differs between `old` and `new`, and
    whether one of them has a form with an apostrophe or is a Han name (then every text is read again)."""
    if old.best == new.best and old.texts == new.texts:
        return frozenset(), frozenset(), False
    # (the names whose score or count differs, or that one state lacks: the items' symmetric differences, in C)
    changed = {name for name, _ in old.best.items() ^ new.best.items()}
    changed.update(name for name, _ in old.texts.items() ^ new.texts.items())
    return _diff(changed)


def _diff(changed: Iterable[str]) -> tuple[frozenset[str], frozenset[str], bool]:
    """`_changed`'s answer for the names `changed`."""
    folds: set[str] = set()
    forms: set[str] = set()
    every = False
    for name in changed:
        name_forms, name_folds, han = _name_forms(name)
        folds.update(name_folds)
        forms.update(name_forms)
        every = every or han or any("'" in f or "’" in f for f in name_forms)
    return frozenset(folds), frozenset(forms), every


def plan(texts: Sequence[str], spans: Sequence[Sequence[Any]], keep: Callable[[int, Any], bool], keep_key: Hashable,
         documents: Sequence[Sequence[tuple[int, str]]] = ()) -> tuple[list[Job], list[Whole]]:
    """`plain`'s result, each text's names and job kept across requests (see the module's docstring). `keep_key`:
    what decides `keep` besides the text and the span (equal keys, the same spans kept)."""
    entries: list[_Entry | None] = []
    latin: list[dict[str, float]] = []
    script: list[dict[str, float]] = []
    olds: dict[int, _Names | None] = {}
    with _LOCK:
        for text in texts:
            entry = _MEMO.get((text, keep_key)) if len(text) <= _MAX_TEXT else None
            if entry is not None:
                _MEMO.move_to_end((text, keep_key))
                if entry.state is not None and entry.state not in olds:
                    olds[entry.state] = _STATES.get(entry.state)
            entries.append(entry)
    for i, (text, found) in enumerate(zip(texts, spans, strict=True)):
        entry = entries[i]
        own = tuple(found)
        if entry is None or entry.spans != own:
            def keep_i(s: Any, i: int = i) -> bool:
                return keep(i, s)
            entry = _Entry(own, found_names([text], [own], lambda _, s: keep_i(s))[0], script_names(text, own, keep_i),
                           may_be_whole(text))
            entries[i] = entry
        latin.append(entry.latin)
        script.append(entry.script)
    more = mentions_of(texts, script)
    if not any(latin):
        _store(texts, keep_key, [entry if entry is None else _Entry(entry.spans, entry.latin, entry.script,
                                                                    entry.whole) for entry in entries])
        return [], more
    state, base, added = perf49.extended(latin, olds)  # (the last request's state and this one's new names)
    keys: dict[int, str | None] = {}
    if documents:
        from proxy.nlp.mentions import _keys

        keys = _keys(texts, documents)
    kept: dict[int, tuple[tuple[str, float], ...] | None] = {}
    diffs: dict[int, tuple[frozenset[str], frozenset[str], bool]] = {} if base is None else {base: _diff(added)}
    for i, entry in enumerate(entries):
        assert entry is not None
        if entry.state is None or entry.doc_key != keys.get(i) or (old := olds.get(entry.state)) is None:
            continue
        diff = diffs.get(entry.state)
        if diff is None:
            diff = diffs[entry.state] = _changed(old, state)
        folds, forms, every = diff
        if every:
            continue
        if folds or forms:
            runs, stems = _words_of(texts[i])
            if not stems.isdisjoint(folds) or not runs.keys().isdisjoint(forms):
                continue
        kept[i] = entry.job
    todo = {i for i in range(len(texts)) if i not in kept}
    decided = dict(mention_jobs(texts, spans, latin, documents, only=todo, others=state)) if todo else {}
    jobs: list[Job] = []
    remembered: list[_Entry | None] = []
    token = next(_TOKENS) if len(state.best) <= _MAX_STATE else None
    for i, entry in enumerate(entries):
        assert entry is not None
        job = kept[i] if i in kept else decided.get(i)
        if job is not None:
            jobs.append((i, job))
        remembered.append(_Entry(entry.spans, entry.latin, entry.script, entry.whole, token, keys.get(i), job))
    _store(texts, keep_key, remembered, None if token is None else (token, _Names(state)))
    whole = [i for i, entry in enumerate(entries) if entry is not None and entry.whole]
    return jobs, [*(whole_values(texts, spans, latin, documents, whole, state) if whole else ()), *more]


def _store(texts: Sequence[str], keep_key: Hashable, remembered: Sequence[_Entry | None],
           state: tuple[int, _Names] | None = None) -> None:
    with _LOCK:
        if state is not None:
            _STATES[state[0]] = state[1]
            while len(_STATES) > _MAX_STATES:
                _STATES.popitem(last=False)
        for text, entry in zip(texts, remembered, strict=True):
            if entry is None or len(text) > _MAX_TEXT:
                continue
            _MEMO[text, keep_key] = entry
            _MEMO.move_to_end((text, keep_key))
        while len(_MEMO) > _MAX_ENTRIES:
            _MEMO.popitem(last=False)
