"""`proxy.nlp.memo31`: the cross-text pass's plan kept per text across turns gives what the pass without it gives
(`memo31.plain`), turn after turn, re-reads an earlier text whose names or carried names changed, and stays bounded."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from proxy.nlp import memo31
from proxy.nlp.pii import Span

KEY = ("floor", 0.5)


@pytest.fixture(autouse=True)
def _empty() -> Iterator[None]:
    memo31.clear()
    yield
    memo31.clear()


def keep(_: int, s: Span) -> bool:
    return s.score >= 0.5


def person(text: str, name: str, score: float = 0.85) -> Span:
    a = text.index(name)
    return Span("PERSON", a, a + len(name), score)


def both(texts: list[str], spans: list[list[Span]], documents: list[list[tuple[int, str]]] | None = None,
         ) -> tuple[list[memo31.Job], list[memo31.Whole]]:
    """The memo's plan, checked against the plan without the memo."""
    got = memo31.plan(texts, spans, keep, KEY, documents or ())
    assert got == memo31.plain(texts, spans, keep, documents or ())
    return got


CUE = "Customer: Mrs. Okafor. The order shipped on time."
LATER = "Later I told Okafor about the refund."


def test_a_new_turn_gives_the_job_of_its_new_text() -> None:
    texts, spans = [CUE, "Thanks, anything else?"], [[person(CUE, "Mrs. Okafor")], []]
    assert both(texts, spans) == ([], [])
    jobs, _ = both([*texts, LATER], [*spans, []])
    assert jobs == [(2, (("Mrs. Okafor", 0.85),))]
    assert both([*texts, LATER], [*spans, []])[0] == jobs  # (the same request again: every text from the memo)


def test_an_earlier_text_is_read_again_when_a_name_it_mentions_is_found_in_a_new_text() -> None:
    ask = "Please also cc Haddad on the thread."
    texts, spans = [CUE, LATER, ask], [[person(CUE, "Mrs. Okafor")], [], []]
    assert [i for i, _ in both(texts, spans)[0]] == [1]  # (nobody names Haddad yet: `ask` has no job)
    dear = "Dear Mr. Haddad, your card was charged."
    jobs, _ = both([*texts, dear], [*spans, [person(dear, "Mr. Haddad")]])
    assert dict(jobs)[2] == (("Mr. Haddad", 0.85),)  # (a memo that kept `ask`'s "no job" would leave it out)


def test_an_earlier_text_whose_spans_changed_is_read_again() -> None:
    texts, spans = [CUE, LATER], [[person(CUE, "Mrs. Okafor")], []]
    assert [i for i, _ in both(texts, spans)[0]] == [1]
    # The same texts, the cue's name no longer found (a policy's `allow`, a lower score): no name to carry.
    assert both(texts, [[person(CUE, "Mrs. Okafor", 0.3)], []]) == ([], [])
    assert [i for i, _ in both(texts, spans)[0]] == [1]


def test_a_better_score_elsewhere_changes_the_carried_names() -> None:
    again = "Mrs. Okafor wrote again."
    texts = [CUE, LATER, again]
    first = both(texts, [[person(CUE, "Mrs. Okafor")], [], [person(again, "Mrs. Okafor", 0.6)]])[0]
    assert dict(first)[1] == (("Mrs. Okafor", 0.85),)
    second = both(texts, [[person(CUE, "Mrs. Okafor")], [], [person(again, "Mrs. Okafor", 0.99)]])[0]
    assert dict(second)[1] == (("Mrs. Okafor", 0.99),)  # (a memo that ignored the score would keep 0.85)


def test_a_name_with_an_apostrophe_reads_every_text_again() -> None:
    cue = "Customer: Mrs. O'Neill called."
    texts, spans = [cue, "We emailed ONeill twice.", "ok"], [[person(cue, "Mrs. O'Neill")], [], []]
    assert [i for i, _ in both(texts, spans)[0]] == [1]
    other = "Dear Mr. O'Brien,"
    jobs, _ = both([*texts, "Told OBrien too.", other], [*spans, [], [person(other, "Mr. O'Brien")]])
    assert [i for i, _ in jobs] == [1, 3]


def test_a_value_under_a_key_keeps_its_key() -> None:
    texts = [CUE, "recipient", "Okafor", "colour", "Okafor"]
    spans: list[list[Span]] = [[person(CUE, "Mrs. Okafor")], [], [], [], []]
    documents = [[(1, "key"), (2, "value")], [(3, "key"), (4, "value")]]
    _, wholes = both(texts, spans, documents)
    assert [w[0] for w in wholes] == [2]  # (`colour` names a thing)
    assert [w[0] for w in both(texts, spans, [[(1, "key"), (2, "value"), (4, "value")]])[1]] == [2, 4]


def test_the_same_text_twice_in_a_request() -> None:
    texts = [CUE, LATER, LATER, "Hi Mr. Haddad"]
    spans = [[person(CUE, "Mrs. Okafor")], [], [], [person(texts[3], "Mr. Haddad")]]
    assert [i for i, _ in both(texts, spans)[0]] == [1, 2]
    assert [i for i, _ in both(texts[:3], spans[:3])[0]] == [1, 2]


NAMES = ["Okafor", "Haddad", "Lindqvist", "O'Neill", "White", "Kowalski", "山田太郎", "Price"]


def _conversation(rnd: random.Random, n: int) -> tuple[list[str], list[list[Span]]]:
    texts: list[str] = []
    spans: list[list[Span]] = []
    for _ in range(n):
        name = rnd.choice(NAMES)
        kind = rnd.randrange(6)
        if kind == 0:
            text = f"Customer: Mrs. {name}. Order {rnd.randrange(100)} shipped."
            found = [person(text, f"Mrs. {name}", rnd.choice([0.6, 0.85, 0.99]))]
        elif kind == 1:
            text = f"Later I told {name.replace(chr(39), '')} about the refund {rnd.randrange(100)}."
            found = []
        elif kind == 2:
            text = f'{{"to": "{name}", "n": "{rnd.randrange(100)}"}}'
            found = []
        elif kind == 3:
            text = name if rnd.random() < 0.5 else f"{name.upper()} and the {name}s"
            found = []
        elif kind == 4:
            text = f"{name}さんの報告 {rnd.randrange(100)}"
            found = [person(text, name)] if rnd.random() < 0.5 else []
        else:
            text = f"White paper {rnd.randrange(100)} is due; ask white to sign."
            found = []
        texts.append(text)
        spans.append(found)
    return texts, spans


@pytest.mark.parametrize("seed", range(6))
def test_turn_after_turn_the_memo_gives_what_the_pass_without_it_gives(seed: int) -> None:
    rnd = random.Random(seed)
    texts, spans = _conversation(rnd, 24)
    checked = 0
    for n in range(1, len(texts) + 1):
        turn_texts, turn_spans = list(texts[:n]), [list(found) for found in spans[:n]]
        if n > 3 and rnd.random() < 0.3:  # an earlier text's names change (a found name dropped, a score moved)
            j = rnd.randrange(n - 1)
            turn_spans[j] = [Span(s.entity, s.start, s.end, rnd.choice([0.3, 0.7])) for s in turn_spans[j]]
        if n > 3 and rnd.random() < 0.2:  # a conversation edited: an earlier message rewritten
            j = rnd.randrange(n - 1)
            turn_texts[j] = turn_texts[j] + " Dr. Haddad agreed."
            turn_spans[j] = [*turn_spans[j], person(turn_texts[j], "Dr. Haddad")]
        both(turn_texts, turn_spans)
        checked += 1
    assert checked == len(texts) and memo31.size() > 0


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo31, "_MAX_ENTRIES", 8)
    for k in range(30):
        cue = f"Customer: Mrs. Okafor, order {k}."
        both([cue, f"Later I told Okafor about order {k}."], [[person(cue, "Mrs. Okafor")], []])
        assert memo31.size() <= 8
    long = "Later I told Okafor. " + "x" * memo31._MAX_TEXT
    both([CUE, long], [[person(CUE, "Mrs. Okafor")], []])
    assert (long, KEY) not in memo31._MEMO and memo31.size() <= 8


def test_a_han_name_found_later_reads_the_earlier_texts_again() -> None:
    # (a Han name has no capitalised word: its mentions are found by substring, `name の`, never by a word)
    texts: list[str] = [CUE, "山田の報告を読みました。", "ありがとうございます。"]
    spans: list[list[Span]] = [[person(CUE, "Mrs. Okafor")], [], []]
    assert both(texts, spans) == ([], [])
    cue = "担当: 山田様"
    jobs, _ = both([*texts, cue], [*spans, [person(cue, "山田")]])
    assert [i for i, _ in jobs] == [1]


def test_the_name_states_are_bounded_and_a_text_whose_state_is_gone_is_read_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo31, "_MAX_STATES", 1)
    dear = "Dear Mr. Haddad, your card was charged."
    one = ([CUE, LATER], [[person(CUE, "Mrs. Okafor")], []])
    two = ([dear, "Please also cc Haddad on the thread."], [[person(dear, "Mr. Haddad")], []])
    for _ in range(3):  # (two conversations in turn: each one's state is gone when it comes back)
        assert [i for i, _ in both(*one)[0]] == [1]
        assert [i for i, _ in both(*two)[0]] == [1]
        assert len(memo31._STATES) == 1


def test_unseen_chars() -> None:
    """What `plan` reads anew: the texts the memo does not hold under the rule's key (`PiiCheck._mentions` runs the
    plan in place when that is small)."""
    memo31.clear()
    texts = ["Customer: Mrs. Okafor.", "Later I told Okafor about it.", "x" * (memo31._MAX_TEXT + 1)]
    spans: list[list[object]] = [[], [], []]
    key = (0.5, frozenset())
    assert memo31.unseen_chars(texts, key) == sum(map(len, texts))
    memo31.plan(texts, spans, lambda i, s: True, key)
    assert memo31.unseen_chars(texts, key) == len(texts[2])  # (too long to be remembered)
    assert memo31.unseen_chars([*texts[:2], "new"], key) == 3
    assert memo31.unseen_chars(texts[:2], (0.6, frozenset())) == len(texts[0]) + len(texts[1])
