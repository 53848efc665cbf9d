"""A `DIRECT` document of two texts (`proxy.guard.phases.field_pairs`: a `metadata` value with a message text) is
read by `proxy.guard.joined._pair` from each text's own end, worked out once per text, not by `_joints` over the
two texts joined (bench/metadata_pairs.py: the pairs' cost). The joints are the same, `near` or not: every
two-text document of a set of awkward texts (short, long, blank, spaced, no space for a long stretch, invisible
characters, values cut anywhere) read both ways is compared with `_joints`'s reading of it."""

from __future__ import annotations

import random

import pytest

from proxy.guard import joined
from proxy.guard.checks.pii import NearCache
from proxy.guard.joined import DIRECT, Joint, sibling_joints

TEXTS = [
    "call 617-555", "-0143", "ok", " ", "", "\n", "mail jane.roe@exa", "mple.com please", "x" * 250, "y" * 90 + " tail",
    "card 4111 1111", " 1111 1111 please", "status of project", "falcon", "word " * 60, "-" * 30 + "0143" + "z" * 120,
    "a\u200bb\u200bc\u200b" * 40 + " 617-555", "\u2060" * 300 + "0143", "617\u200b-555\u200b-" + "\u2063" * 150,
    "ends with a space ", " starts with one", "tab\tand\nline 415-555", "héllo wörld 617-555", "0143 ünïcode",
    "trace 4411 env staging the deploy pipeline failed on staging because the config map was missing a key " * 2,
]


def _general(texts: list[str], a: int, b: int, near: NearCache | None) -> list[Joint]:
    """What `sibling_joints` made of the pair before `_pair`: `_joints` over the two texts, indices mapped back."""
    found = joined._joints([texts[a], texts[b]], 100, near, [True, True], 0)
    order = [a, b]
    return [Joint(j.text, tuple((order[p[0]], *p[1:]) for p in j.pieces), j.cuts) for j in found]


@pytest.mark.parametrize("use_near", [False, True])
def test_a_two_text_document_is_read_as_joints_reads_the_two_texts(use_near: bool) -> None:
    near = NearCache() if use_near else None
    pairs = [(a, b) for a in range(len(TEXTS)) for b in range(len(TEXTS)) if a != b]
    made = sibling_joints(TEXTS, [[(a, DIRECT), (b, DIRECT)] for a, b in pairs], reach=100, near=near)
    expected = [j for a, b in pairs for j in _general(TEXTS, a, b, near)]
    assert made == expected
    assert len(expected) >= 50  # the set holds pairs that join (with `near` too: 64 of 600)


def test_random_texts_are_read_the_same() -> None:
    rng = random.Random(12)
    alphabet = "ab 0123-.@\t\n\u200b\u2063é"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 3, 40, 99, 100, 101, 180, 320])))
             for _ in range(60)]
    near = NearCache()
    for reading in (None, near):
        pairs = [(rng.randrange(60), rng.randrange(60)) for _ in range(600)]
        made = sibling_joints(texts, [[(a, DIRECT), (b, DIRECT)] for a, b in pairs], reach=100, near=reading)
        assert made == [j for a, b in pairs for j in _general(texts, a, b, reading)]


def test_the_ends_of_a_text_paired_many_times_are_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    back = joined._visible_back

    def counted(text: str, pos: int, n: int) -> int:
        calls.append(n)
        return back(text, pos, n)

    monkeypatch.setattr(joined, "_visible_back", counted)
    texts = [f"message {k} ends with 617-555" for k in range(10)] + ["-0143"]
    found = sibling_joints(texts, [[(k, DIRECT), (10, DIRECT)] for k in range(10)] * 3, reach=100)
    assert len(found) == 30 and all(j.text.endswith("617-555-0143") for j in found)
    assert len(calls) == 10  # once per message text, not once per pair


def test_markup_in_a_pair_is_still_reached_over() -> None:
    texts = ['project <span class="' + "x" * 150 + '">', "falcon"]
    made = sibling_joints(texts, [[(0, DIRECT), (1, DIRECT)]], reach=100)
    assert made == _general(texts, 0, 1, None) and made[0].text.startswith("project")
