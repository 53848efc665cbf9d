"""`proxy.nlp.mentions.mention_jobs`: a text is sent to the workers with the names of the request's other texts that
can have a mention in it (a word of theirs occurs in it, in any case, plural or possessive), not with every name of the
conversation: each name carried costs the worker a pass, and the job's cache key holds the names, so an earlier
message stays cached until a name it mentions changes (the cross-text pass's cost, bench/pii_normalize.py's "chat turn
with names")."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from proxy.nlp.mentions import mention_jobs


@dataclass(frozen=True)
class S:
    entity: str
    start: int
    end: int
    score: float = 0.85


def _person(text: str, name: str) -> S:
    a = text.index(name)
    return S("PERSON", a, a + len(name))


def _jobs(texts: list[str], found: dict[int, list[str]]) -> dict[int, list[str]]:
    spans = [[_person(t, n) for n in found.get(i, [])] for i, t in enumerate(texts)]
    names = [{n: 0.85 for n in found.get(i, [])} for i in range(len(texts))]
    return {i: [n for n, _ in carried] for i, carried in mention_jobs(texts, spans, names)}


def test_a_text_is_sent_with_the_names_it_mentions_only() -> None:
    people = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Kowalski", "Tanaka", "Ferreira", "Nakamura"]
    history = [f"Customer: Mrs. {p}. The order shipped on time." for p in people]
    texts = [*history, "Later I told Haddad about the refund."]
    jobs = _jobs(texts, {i: [f"Mrs. {p}"] for i, p in enumerate(people)})
    assert jobs == {len(history): ["Mrs. Haddad"]}


@pytest.mark.parametrize("mention", ["HADDAD", "the Haddads", "Haddad's invoice", "told haddad about it"])
def test_every_form_a_rule_reads_carries_the_name(mention: str) -> None:
    texts = ["Customer: Mrs. Haddad.", "Customer: Mr. Moreau.", f"Later: {mention}."]
    jobs = _jobs(texts, {0: ["Mrs. Haddad"], 1: ["Mr. Moreau"]})
    assert jobs.get(2) == ["Mrs. Haddad"]


def test_a_form_of_address_alone_carries_no_name() -> None:
    # `Mrs` is a word of `Mrs. Haddad` as found, never a mention of her: a text with another `Mrs.` is no job for it
    texts = ["Customer: Mrs. Haddad.", "Customer: Mrs. Moreau wrote again."]
    assert _jobs(texts, {0: ["Mrs. Haddad"], 1: ["Mrs. Moreau"]}) == {}


def test_an_apostrophe_name_and_its_form_without_it() -> None:
    texts = ["Dear Mr. O'Neill,", "Ask ONeill to sign.", "Ask O’Neill to sign."]
    jobs = _jobs(texts, {0: ["Mr. O'Neill"]})
    assert jobs == {1: ["Mr. O'Neill"], 2: ["Mr. O'Neill"]}


def test_a_han_name_before_no() -> None:
    texts = ["林様、ご連絡ありがとうございます。", "林の報告を確認しました。", "森の中を歩いた。"]
    assert _jobs(texts, {0: ["林"]}) == {1: ["林"]}
