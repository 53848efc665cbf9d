"""perf49: a chat turn's name state is the last turn's plus its new texts' names (`perf49.extended`), and an ASCII
text's words are read with ASCII patterns (`perf49.word_patterns`): the same answers as before, less work."""

from __future__ import annotations

import random

import pytest

from proxy.nlp import memo31, mentions, perf49
from tests.nlp.test_memo31 import KEY, _empty, keep, person  # noqa: F401 (_empty: the memo emptied around each test)


class _Raising:
    def __getattr__(self, name: str) -> object:
        raise AssertionError("searched with the Unicode pattern")


def test_a_new_turn_extends_the_last_turns_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resent texts' names are not counted again: no full build of the state in the second turn."""
    people = ["Okafor", "Haddad", "Lindqvist", "Moreau"]
    history = [f"Customer: Mrs. {p}. The order shipped on time." for p in people]
    spans = [[person(t, f"Mrs. {p}")] for t, p in zip(history, people, strict=True)]
    assert memo31.plan(history, spans, keep, KEY) == memo31.plain(history, spans, keep)
    new = "Later I told Haddad about the refund, and Dr. Kaur too."
    texts, all_spans = [*history, new], [*spans, [person(new, "Dr. Kaur")]]
    expected = memo31.plain(texts, all_spans, keep)
    built = []
    real = mentions._Others.__init__

    def counting(self: mentions._Others, names: list[dict[str, float]]) -> None:
        built.append(len(names))
        real(self, names)

    monkeypatch.setattr(mentions._Others, "__init__", counting)
    assert memo31.plan(texts, all_spans, keep, KEY) == expected
    assert built == []


def test_extended_is_the_full_state() -> None:
    rng = random.Random(49)
    pool = ["Ann Lee", "Bo", "O'Neill", "林", "Kowalski", "Mr. White", "Zoë Ng", "Ann"]
    for _ in range(2000):
        n = rng.randint(0, 8)
        latin = [{rng.choice(pool): rng.choice((0.4, 0.6, 0.85, 1.0)) for _ in range(rng.randint(0, 3))}
                 for _ in range(n)]
        cut = rng.randint(0, n)
        prefix = latin[:cut]
        old = memo31._Names(mentions._Others(prefix))
        state, base, added = perf49.extended(latin, {7: None, 3: old})
        full = mentions._Others(latin)
        assert base == 3 and state.names is latin
        assert list(state.best.items()) == list(full.best.items())
        assert list(state.texts.items()) == list(full.texts.items())
        assert memo31._diff(added) == memo31._changed(old, full)
        # (a different dict at one place of the prefix, even an equal one: built whole)
        if cut:
            other = [*latin]
            other[rng.randrange(cut)] = dict(other[0])
            state, base, _ = perf49.extended(other, {3: old})
            assert base is None and list(state.best.items()) == list(mentions._Others(other).best.items())


def test_ascii_words_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(4949)
    alphabet = "abcXYZ s'’_-0123456789.\n\tKkéÉİıß\u0301²½ﬁ"
    texts = ["The Haddads and the KOWALSKIS met O'Neill's team_lead at 9am.", "", "ab_cd 12ef", "Müller's"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += ["".join(rng.choice(alphabet[:24]) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        new = mentions._words_of.__wrapped__(text)
        with monkeypatch.context() as m:
            m.setattr(perf49, "word_patterns", lambda text, letters, folded: (letters, folded))
            old = mentions._words_of.__wrapped__(text)
        assert new == old, text
        assert list(new[0].items()) == list(old[0].items()), text


def test_ascii_text_is_not_read_with_the_unicode_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mentions, "_LETTERS", _Raising())
    monkeypatch.setattr(mentions, "_FOLDED_WORD", _Raising())
    runs, stems = mentions._words_of.__wrapped__("Later I told the Haddads about it.")
    assert runs["Haddad"] == [(17, 24)] and {"haddad", "haddads", "later"} <= stems
