"""Long texts are analysed in pieces of ~`chunk_chars` (1,000) characters (atk14 B H6): a one-line list
(`Cc: a@x.org, b@y.org, ...`, `; `-separated, `Phone numbers: 617-555-1000, ...`, `SSNs: ...`), a compact
JSON array or JSON records hold no sentence end and no space after a word, so the cut fell inside the value
at each ~1,000-character mark: that value was found by neither piece (it reached the provider raw) and its
neighbours half (`user200.<EMAIL_ADDRESS_200>`). The pieces now overlap: every value is read whole by one
of them, a part a cut leaves at a piece's edge is dropped for the neighbour's reading.

The property: each value, at every offset around each cut, is one finding covering exactly it (no part
left out, no finding over two values); random lists, separators, prefixes and values of each class.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from proxy.nlp.pii import PiiAnalyzer, Span, split_text

ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "IP_ADDRESS"]
CHUNK = 1000  # PiiAnalyzer's default chunk_chars
OVERLAP = 200  # proxy.nlp.pii.OVERLAP


def _email(r: random.Random) -> str:
    local = "".join(r.choice("abcdefghijklmnoprstuvw") for _ in range(r.randint(3, 9))) + str(r.randint(0, 999))
    if r.random() < 0.4:
        local += "." + "".join(r.choice("klmnopqrst") for _ in range(r.randint(1, 4)))
    domain = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 8))) + str(r.randint(0, 99))
    return f"{local}@{domain}.{r.choice(['com', 'org', 'net', 'io', 'de'])}"


def _phone(r: random.Random) -> str:
    return f"{r.choice([212, 312, 415, 617, 646, 718, 202])}-555-{r.randint(1000, 1999):04d}"


def _ssn(r: random.Random) -> str:
    return f"{r.randint(101, 665):03d}-{r.randint(10, 98):02d}-{r.randint(1001, 9998):04d}"


KINDS = {"EMAIL_ADDRESS": (_email, ["Cc: ", "To: ", "Recipients: ", "bcc "]),
         "PHONE_NUMBER": (_phone, ["Phone numbers: ", "Phones: ", "call list: "]),
         "US_SSN": (_ssn, ["SSNs: ", "SSN list: ", "ssn "])}
SEPARATORS = [", ", "; ", ",", ";", " , ", ",  "]


def _line(prefix: str, values: list[str], sep: str) -> tuple[str, list[tuple[int, str]]]:
    """`prefix` and the values joined by `sep`, with each value's offset."""
    text, where = prefix, []
    for i, v in enumerate(values):
        if i:
            text += sep
        where.append((len(text), v))
        text += v
    return text, where


def _check(text: str, where: list[tuple[int, str]], entity: str | None, spans: tuple[Span, ...]) -> list[str]:
    """What is wrong with the findings of `text` for its values (`where`): a value with no finding covering it
    exactly (of `entity` when given), a finding that covers part of a value or more than one."""
    problems = []
    found = [s for s in spans if s.score >= 0.4]
    for at, v in where:
        end = at + len(v)
        if not any(s.start == at and s.end == end and (entity is None or s.entity == entity) for s in found):
            problems.append(f"{v} at {at}: not one whole finding")
        for s in found:
            if s.start < end and at < s.end and not (s.start <= at and end <= s.end):
                problems.append(f"{v} at {at}: part in {s}")
    starts = sorted(at for at, _ in where)
    for s in found:
        if sum(1 for at in starts if s.start <= at < s.end) > 1:
            problems.append(f"{s} covers two values")
    return problems


def test_split_text_overlaps_and_moves_on() -> None:
    r = random.Random(7)
    for n in range(200):
        text = "".join(r.choice(["a", "b", " ", ",", ".", "\n", "@", "1", "x. "]) for _ in range(r.randint(900, 6000)))
        pieces = split_text(text, CHUNK, OVERLAP)
        assert pieces[0][0] == 0 and pieces[-1][0] + len(pieces[-1][1]) == len(text), n
        assert all(text[off:off + len(p)] == p and len(p) <= CHUNK for off, p in pieces), n
        for (a, p), (b, _) in zip(pieces, pieces[1:], strict=False):
            end = a + len(p)
            assert a < b <= end, n  # every piece moves on
            if not re.search(r"[.!?]\s+\Z", p):  # and after a cut that is no sentence's end reads back over it
                assert end - b >= min(OVERLAP // 2, len(p) // 2), n
    assert split_text("short", CHUNK, OVERLAP) == [(0, "short")]


@pytest.mark.parametrize("entity", sorted(KINDS))
async def test_every_offset_around_each_cut(analyzer: PiiAnalyzer, entity: str) -> None:
    """One list per shift of its start, so that each cut falls at every offset of a value and a separator."""
    make, prefixes = KINDS[entity]
    r = random.Random(entity)
    values = [make(r) for _ in range(2 * CHUNK // 11)]  # past two cuts
    sep = ", "
    period = max(len(v) for v in values) + len(sep)
    texts, wheres = [], []
    for shift in range(period):
        text, where = _line(prefixes[0] + "x" * shift + " ", values, sep)
        texts.append(text), wheres.append(where)
    assert all(len(t) > 2 * CHUNK for t in texts)
    results = await analyzer.analyze(texts, [*ENTITIES])
    problems = [p for t, w, spans in zip(texts, wheres, results, strict=True) for p in _check(t, w, entity, spans)]
    assert problems == []


@pytest.mark.parametrize("seed", range(6))
async def test_random_lists(analyzer: PiiAnalyzer, seed: int) -> None:
    r = random.Random(seed)
    texts, wheres, kinds = [], [], []
    for _ in range(6):
        entity = r.choice(sorted(KINDS))
        make, prefixes = KINDS[entity]
        values = [make(r) for _ in range(r.randint(60, 260))]
        text, where = _line(r.choice(prefixes) + "." * r.randint(0, 30) + " ", values, r.choice(SEPARATORS))
        texts.append(text), wheres.append(where), kinds.append(entity)
    results = await analyzer.analyze(texts, [*ENTITIES])
    problems = [p for t, w, e, spans in zip(texts, wheres, kinds, results, strict=True) for p in _check(t, w, e, spans)]
    assert problems == []


@pytest.mark.parametrize("compact", [True, False])
async def test_json_arrays_and_records(analyzer: PiiAnalyzer, compact: bool) -> None:
    """A compact (or `json.dumps`-spaced) array of addresses, and records as an app puts them in a prompt."""
    r = random.Random(int(compact))
    seps = (",", ":") if compact else (", ", ": ")
    texts, wheres = [], []
    for shift in range(0, 24, 3):
        emails = [_email(r) for _ in range(150)]
        text = "x" * shift + json.dumps(emails, separators=seps)
        texts.append(text)
        wheres.append([(text.index(json.dumps(e)) + 1, e) for e in emails])
        recs = [{"id": i, "email": _email(r), "phone": _phone(r), "status": "active"} for i in range(60)]
        text = "x" * shift + json.dumps(recs, separators=seps)
        pos, where = 0, []
        for rec in recs:
            for key in ("email", "phone"):
                pos = text.index(json.dumps(rec[key]), pos) + 1
                where.append((pos, str(rec[key])))
        texts.append(text), wheres.append(where)
    results = await analyzer.analyze(texts, [*ENTITIES])
    problems = [p for t, w, spans in zip(texts, wheres, results, strict=True) for p in _check(t, w, None, spans)]
    assert problems == []


async def test_prose_and_short_texts_read_as_before(analyzer: PiiAnalyzer) -> None:
    """A value at each offset around a cut in prose (a cut at a sentence end or a space) is found once, whole;
    a value read in two overlapping pieces comes once."""
    filler = "This sentence is only filler text for the chunker. " * 19
    texts = [filler + "x" * shift + " mail jane.roe@example.com and call 617-555-0143 now. " + filler
             for shift in range(0, 60, 4)]
    results = await analyzer.analyze(texts, ["EMAIL_ADDRESS", "PHONE_NUMBER"])
    for text, spans in zip(texts, results, strict=True):
        assert sorted(text[s.start:s.end] for s in spans) == ["617-555-0143", "jane.roe@example.com"]
