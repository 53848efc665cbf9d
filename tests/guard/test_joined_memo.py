"""`JointMemo`: a resent conversation's joints between its earlier texts come from the memo, the cuts into its new
texts are read as before. The joints are the ones read without the memo, and a value split at a new cut or at a
remembered one is found."""

from __future__ import annotations

import random

import pytest

from proxy.guard.checks.pii import JOINT_REACH, NearCache
from proxy.guard.engine import Guard
from proxy.guard.joined import JOINT_STARTS, Fixed, Join, JointMemo, joints
from tests.guard.conftest import PII_IN, PII_OUT, policy

HISTORY = ["Hello, I need help with my account.", "Sure. What is the card?", "Card 4111 1111",
           " 1111 1111 please", "Thanks, and call me on 617-555-"]


class CountingNear(NearCache):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def __call__(self, before: str, after: str) -> bool:
        self.asked += 1
        return super().__call__(before, after)


def _read(texts: list[str], memo: JointMemo | None = None, near: NearCache | None = None,
          joinable: list[Join] | None = None) -> list[object]:
    return list(joints(texts, JOINT_REACH, near or NearCache(), joinable, JOINT_STARTS, ids=True, memo=memo))


@pytest.mark.parametrize("more", [
    ["0143 today"],                   # the new cut carries a value
    ["ok", "0143 today"],             # two texts more (an answer and a new message)
    ["ok", "x", "y", "z", "0143"],    # more than one turn later
    ["Unrelated new question."],      # no value at the new cut
])
def test_a_resent_conversation_has_the_joints_it_has_without_the_memo(more: list[str]) -> None:
    memo, near = JointMemo(), CountingNear()
    assert _read(HISTORY, memo, near) == _read(HISTORY)
    asked = near.asked
    full = [*HISTORY, *more]
    assert _read(full, memo, near) == _read(full)
    # Only the cuts into the new texts were read again.
    assert near.asked - asked == len(more)


def test_a_conversation_of_the_same_shape_is_not_taken_for_another() -> None:
    memo = JointMemo()
    _read(HISTORY, memo)
    other = ["Hello, I need help with my account.", "Sure. What is the mail?", "mail jane.doe@exa",
             "mple.com please", "Thanks, and call me on 617-555-"]
    assert _read([*other, "0143"], memo) == _read([*other, "0143"])
    # The same texts read otherwise (one read alone) are another sequence too.
    alone: list[Join] = [True, True, False, True, True, True]
    assert _read([*HISTORY, "0143"], memo, joinable=alone) == _read([*HISTORY, "0143"], joinable=alone)


def test_random_conversations_read_the_same_with_and_without_the_memo() -> None:
    rng = random.Random(12)
    atoms = ["617-555-", "0143", " hi ", "jane.doe@exa", "mple.com", "4111 1111 ", "1111 1111", " ", "ok",
             "\u200b", "falcon", "project ", "Thanks. ", "\n", "x" * 150, " word" * 30]
    hows: list[Join] = [True, True, True, " ", None, False, Fixed("call_1")]
    for _ in range(400):
        n = rng.randint(2, 9)
        texts = ["".join(rng.choice(atoms) for _ in range(rng.randint(0, 4))) for _ in range(n)]
        joinable = [rng.choice(hows) for _ in range(n)] if rng.random() < 0.5 else None
        memo, near = JointMemo(), NearCache()
        for m in sorted({rng.randint(1, n), rng.randint(1, n)}):
            _read(texts[:m], memo, near, joinable[:m] if joinable else None)
        assert _read(texts, memo, near, joinable) == _read(texts, None, near, joinable), (texts, joinable)


async def test_values_split_at_a_new_cut_and_at_a_remembered_one_are_redacted(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    first = await guard.input(p, HISTORY)
    assert first.texts[2] is not None and "4111" not in first.texts[2]
    full = [*HISTORY, "0143 today"]
    verdict = await guard.input(p, full)
    sent = [t if t is not None else full[i] for i, t in enumerate(verdict.texts)]
    for i, piece, entity in ((2, "4111 1111", "CREDIT_CARD"), (3, "1111 1111", "CREDIT_CARD"),
                             (4, "617-555-", "PHONE_NUMBER"), (5, "0143", "PHONE_NUMBER")):
        assert piece not in sent[i] and f"<{entity}_" in sent[i], (i, sent[i])
