"""JSON read as tool arguments are, wherever it is written (json46; atk45 F03, F06, F16, F17).

The values of one JSON object or array are read with each other (`proxy.guard.joined.sibling_joints`: `{"a": 4111, "b":
1111, "c": 1111, "d": 1111}`, `{"a": "project", "b": "falcon"}`) and keyed parts as one value (`proxy.guard.keyed.
keyed_values`, `proxy.guard.splitkeys`) in tool-call arguments and tool results. Here the same readings, by the same
functions, reach:

- JSON written as a message's content or an answer's (user, system, a JSON-mode answer, whole or streamed), whole or in
  prose (`Here: ["617", "555", "0143"]`): `content_joints` (`proxy.nlp.json46.json_docs`);
- JSON written as a string inside JSON (`{"event": "{\\"phone\\": {...}}"}`, compact or spaced): its values read as
  a JSON text's, each finding mapped back onto the escaped characters (`proxy.nlp.json46.inner_docs`);
- keyed parts in any member order (`{"rest": "904399", "ssn": "536"}`, `{"phone": {"line": "0143", "exchange":
  "555", "area": "617"}}`, `{"last": "1111 1111", "card": "4111 1111"}`): read again in the order their keys name
  (`proxy.nlp.json46.key_rank`), only where that order is not the document's (`ordered_readings`); the joined digits
  must still pass the type's checks (`proxy.guard.keyed.group_reading`, `proxy.guard.splitkeys._split_in`).

Each is gated by a cheap test (`{`/`[` in the text; a quote then a bracket for a string that holds JSON; a key with a
rank out of order), so texts without the trigger cost about nothing. Pure functions; the checks run them off the loop.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from proxy.guard.joined import Joint, Sibling, _readings, json_values, key_words
from proxy.guard.keyed import CONTEXT_WORD, Group, Keyed, group_reading, json_groups, json_like, keyed_values, named
from proxy.guard.split26 import phone_parts
from proxy.guard.splitkeys import MAX_JOINED, _reading, _runs, _split_in, _types
from proxy.nlp.json46 import doc_hint, inner_docs, json_docs, key_rank, plain_key, ranked_keys

__all__ = ["content_hint", "content_joints", "more_keyed"]

_JSON, _JSON_IN_STRING = 1, 2  # (proxy.guard.joined.JSON, JSON_IN_STRING)
_KEY_BACK = 80  # characters read back from a member's value for its key
_KEY_END = re.compile(r'"((?:[^"\\]|\\.){1,64})"\s*:\s*"?\Z')
_SPACED = re.compile(r"[0-9]+(?:[ -][0-9]+){0,4}")  # a part in its printed groups (`"4111 1111"`)


def _how(json_texts: Sequence[int] | None, i: int) -> int:
    return json_texts[i] if json_texts is not None and i < len(json_texts) else 0


def _spans(text: str, how: int) -> list[tuple[int, int]]:
    """The JSON documents of a text: the text when it is a JSON text, else those `json_docs` finds in it (a document
    longer than `MAX_JOINED` is read only as prose, as `proxy.guard.splitkeys.split_across` reads)."""
    if how == _JSON_IN_STRING:
        return []
    if how:
        return [(0, len(text))]
    return [(a, b) for a, b in json_docs(text) if b - a <= MAX_JOINED]


# ------------------------------------------------------------------------------------------- joints


def content_hint(texts: Sequence[str]) -> bool:
    """Whether one of `texts` may hold a JSON document in prose (`proxy.nlp.json46.json_docs`' first test): a bracket
    then a quote, a digit or a bracket."""
    return any(doc_hint(text) for text in texts)


def content_joints(texts: Sequence[str], json_texts: Sequence[int] | None, reach: int,
                   near: Callable[[str, str], bool] | None) -> list[Joint]:
    """The joints of the values of the JSON documents written in texts that are no JSON texts (a message's content,
    an answer's), and of the documents written as a JSON string in any text's JSON, as `sibling_joints` reads a
    JSON text's (`proxy.guard.joined._readings`)."""
    out: list[Joint] = []
    for i, text in enumerate(texts):
        if not text or ("{" not in text and "[" not in text):
            continue  # the gate
        how = _how(json_texts, i)
        spans = _spans(text, how)
        for start, end in spans if not how else ():
            items = [(i, start + a, start + b, kind) for a, b, kind in json_values(text[start:end])]
            out.extend(_readings(items, reach, near, texts))
        for start, end in spans:
            for inner, at in inner_docs(text, start, end):
                items = [(0, a, b, kind) for a, b, kind in json_values(inner)]
                for j in _readings(items, reach, near, [inner]):
                    pieces = []
                    for _, local, here, length in j.pieces:
                        if at[local + length] - at[local] != length:
                            break  # an escape inside the piece: no one-to-one mapping
                        pieces.append((i, at[local], here, length))
                    else:
                        out.append(Joint(j.text, tuple(pieces), j.cuts, j.numbers, j.keys))
    return list(dict.fromkeys(out)) if len(out) > 1 else out


# ---------------------------------------------------------------------------------------- keyed readings


def _sorted_pieces(k: Keyed) -> Keyed:
    pieces = tuple(sorted(k.pieces))
    return Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], k.entity, k.loose, k.text, pieces) if pieces else k


def _order(keys: Sequence[str], type_words: frozenset[str]) -> list[int] | None:
    """The members' places in the order their keys name, when each key names one (all distinct) and that order is
    not the document's; else None."""
    ranks = [key_rank(key, type_words) for key in keys]
    if len(ranks) < 2 or any(r is None for r in ranks) or len(set(ranks)) != len(ranks):
        return None
    order = sorted(range(len(keys)), key=lambda n: ranks[n] or 0)
    return order if order != list(range(len(keys))) else None


def _type_words(key: str) -> frozenset[str]:
    return key_words([plain_key(key)]) if named(key) else frozenset()


def _key_before(text: str, at: int) -> str | None:
    """The key of the object member whose value starts at `at` of a JSON text (`"line": "0143"`: at the `0`)."""
    m = _KEY_END.search(text, max(0, at - _KEY_BACK), at)
    return m.group(1) if m is not None else None


def ordered_readings(texts: Sequence[str], documents: Sequence[Sequence[Sibling]], json_texts: Sequence[int] | None,
                     entities: frozenset[str], groups: Sequence[Group]) -> list[Keyed]:
    """Keyed groups (an object under a key that names a type) and values split over sibling keys whose members come
    in another order than their keys name, read in that order (the module's docstring). The gate: a key that names
    a part's place (`proxy.nlp.json46.ranked_keys`)."""
    out: list[Keyed] = []
    key_of: dict[int, str] = {}
    for document in documents:
        key: str | None = None
        for i, kind in document:
            if i >= len(texts):
                continue
            if kind == "key":
                key = texts[i]
            elif key is not None:
                key_of[i] = key
                key = None
    for key_index, siblings, is_object in groups:
        if not is_object or key_index >= len(texts) or any(i >= len(texts) or i not in key_of for i, _ in siblings):
            continue
        order = _order([key_of[i] for i, _ in siblings], frozenset())
        if order is not None:
            members = [(siblings[n][0], 0, len(texts[siblings[n][0]]), siblings[n][1], texts[siblings[n][0]])
                       for n in order]
            out.extend(_sorted_pieces(k) for k in group_reading(texts[key_index], members, entities, padded=True))
    json_like_texts = [i for i, text in enumerate(texts) if _how(json_texts, i) != _JSON_IN_STRING and text
                       and (_how(json_texts, i) or json_like(text)) and text.count(":") >= 2 and ranked_keys(text)]
    for i in json_like_texts:
        text = texts[i]
        for name, found, is_object in json_groups(text):
            if not is_object or len(found) < 2:
                continue
            keys = [_key_before(text, a) for a, _, _ in found]
            if any(k is None for k in keys):
                continue
            order = _order([k or "" for k in keys], frozenset())
            if order is not None:
                members = [(i, found[n][0], found[n][1], found[n][2], text[found[n][0]:found[n][1]]) for n in order]
                out.extend(_sorted_pieces(k) for k in group_reading(name, members, entities, padded=True))
    out.extend(_split_runs(texts, documents, json_like_texts, entities))
    return out


def _split_runs(texts: Sequence[str], documents: Sequence[Sequence[Sibling]], json_like_texts: Sequence[int],
                entities: frozenset[str]) -> list[Keyed]:
    """Values split over sibling keys (`proxy.guard.splitkeys`) whose members' keys name another order than the
    document's: each stretch of adjacent members whose keys all name a place, one of them the type, read sorted."""
    wanted = frozenset(entities) & frozenset(CONTEXT_WORD) - {"EMAIL_ADDRESS"}
    out: list[Keyed] = []
    if not wanted:
        return out
    sources: list[list[tuple[int, int, int, str, str]]] = []
    for document in documents:
        items = [(i, 0, len(texts[i]), kind, texts[i]) for i, kind in document if i < len(texts)]
        if len(items) >= 4 and any(kind == "key" and key_rank(text) is not None for _, _, _, kind, text in items):
            sources.append(items)
    for i in json_like_texts:
        text = texts[i]
        sources.append([(i, a, b, kind, text[a:b]) for a, b, kind in json_values(text)
                        if kind != "number" or a == 0 or text[a - 1] != "-"])
    for items in sources:
        for run in _runs(items):
            if not any(key_rank(m[5]) is not None for m in run):
                continue  # no part's key (the gate: `_types` reads each key's words)
            typed = [bool(_types(m[5]) & wanted) for m in run]
            if not any(typed):
                continue
            type_words = frozenset().union(*(_type_words(m[5]) for m, t in zip(run, typed, strict=True) if t))
            ranks = [key_rank(m[5], type_words) for m in run]
            n = 0
            while n < len(run):
                if ranks[n] is None:
                    n += 1
                    continue
                stop = n
                while stop < len(run) and ranks[stop] is not None:
                    stop += 1
                stretch, marks = run[n:stop], ranks[n:stop]
                n = stop
                if len(stretch) < 2 or not any(typed[k] for k in range(n - len(stretch), n)) \
                        or len(set(marks)) != len(marks) or marks == sorted(m or 0 for m in marks):
                    continue
                ordered = [m for _, m in sorted(zip(marks, stretch, strict=True), key=lambda x: x[0] or 0)]
                # a part written in its printed groups (`"4111 1111"`): its digits
                ordered = [(i, a, b, kind, value.replace(" ", "").replace("-", "")
                            if kind == "string" and _SPACED.fullmatch(value) else value, key)
                           for i, a, b, kind, value, key in ordered]
                for entity, value, members in _split_in(ordered, wanted):
                    pieces = tuple(sorted((i, a, b) for i, a, b, *_ in members))
                    out.append(Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], entity, False,
                                     f"{CONTEXT_WORD[entity]}: {_reading(entity, value)}", pieces))
                if "PHONE_NUMBER" in wanted:
                    out.extend(_sorted_pieces(k) for k in phone_parts(ordered))
    return out


def inner_keyed(texts: Sequence[str], json_texts: Sequence[int] | None, entities: frozenset[str]) -> list[Keyed]:
    """The keyed readings (`proxy.guard.keyed.keyed_values`) of the JSON documents written as JSON strings in the texts'
    JSON, in the texts' offsets."""
    out: list[Keyed] = []
    for i, text in enumerate(texts):
        if not text or ("{" not in text and "[" not in text) or '"' not in text:
            continue  # the gate
        for start, end in _spans(text, _how(json_texts, i)):
            for inner, at in inner_docs(text, start, end):
                for k in keyed_values([inner], (), [_JSON], entities):
                    pieces = tuple((i, at[a], at[b]) for _, a, b in k.pieces)
                    out.append(Keyed(i, at[k.start], at[k.end], k.entity, k.loose, k.text, pieces))
    return out


def more_keyed(texts: Sequence[str], documents: Sequence[Sequence[Sibling]], json_texts: Sequence[int] | None,
               entities: frozenset[str], groups: Sequence[Group]) -> list[Keyed]:
    """`ordered_readings` and `inner_keyed` (the hook in `proxy.guard.keyed.keyed_values`)."""
    return ordered_readings(texts, documents, json_texts, entities, groups) + inner_keyed(texts, json_texts, entities)
