"""`synthesize` across turns (stream14): two requests never give one fake to two values.

A fake is an HMAC of the value, drawn from finite lists, so two values can draw the same one; within a request the
next draw is taken, but each request saw only its own values. Turn 1's fake for one customer, which the provider keeps
in its context (`previous_response_id`, a conversation, or the client's trimmed history), came back in turn 2 as the
fake of another person, and the model naming turn 1's customer was restored to turn 2's. Now the first value a fake
was issued for keeps it in this process: the other value takes its next draw, in any request."""

from __future__ import annotations

import secrets
from itertools import product

import pytest

from proxy.guard.engine import Guard
from proxy.guard.synth import fake_key, synthesize
from tests.guard.conftest import no_values, policy

FIRST = ("amara", "bogdan", "chiara", "dmitri", "esther", "farid", "greta", "hiro", "ines", "jonas", "kavya", "lorenzo",
         "mei", "nadia", "oskar", "pilar", "quentin", "rosa", "sanjay", "tamar")
LAST = ("okafor", "novak", "rossi", "ivanova", "cohen", "haddad", "lindqvist", "tanaka", "moreau", "weber", "iyer",
        "bianchi", "chen", "petrova", "berg", "ortega", "dubois", "ruiz", "mehta", "levi")
DOMAINS = ("acme-mail.com", "northwind.io", "contoso.org", "fabrikam.net")
RULE = policy(input={"pii": {"entities": ["EMAIL_ADDRESS"], "operators": {"EMAIL_ADDRESS": {"type": "synthesize"}},
                             "restore": True}})


@pytest.fixture(autouse=True)
def _salt(monkeypatch: pytest.MonkeyPatch) -> None:
    # A salt of this test's own: no other test's fakes in the process's record of those issued.
    monkeypatch.setenv("GUARDRAIL_PII_SALT", "fake-turns-" + secrets.token_hex(12))


def _colliding_pair() -> tuple[str, str, str]:
    """Two addresses whose first draw is the same fake under the salt (found among 1,600: a fake's lists are finite)."""
    seen: dict[str, str] = {}
    key = fake_key()
    for first, last, domain in product(FIRST, LAST, DOMAINS):
        value = f"{first}.{last}@{domain}"
        fake = synthesize("EMAIL_ADDRESS", value, key)
        if fake in seen:
            return seen[fake], value, fake
        seen[fake] = value
    raise AssertionError("no two addresses share a first draw")


def _fake_of(text: str) -> str:
    return next(w for w in text.replace(",", " ").split() if "@" in w).rstrip(".")


async def test_two_turns_never_share_a_fake(guard: Guard) -> None:
    first, second, fake = _colliding_pair()
    turn1 = await guard.input(RULE, [f"Customer {first}, keep on file."])
    assert _fake_of(turn1.texts[0] or "") == fake
    turn2 = await guard.input(RULE, [f"Now {second} asks the same."])
    other = _fake_of(turn2.texts[0] or "")
    assert other != fake, "turn 2's value got turn 1's fake"
    assert "@" in other and second not in (turn2.texts[0] or "")
    # The model names turn 1's customer by the fake it holds in its context: never restored to turn 2's value.
    answer = await guard.output(RULE, [f"Mailed {fake} and {other}."], turn2.vault)
    assert answer.texts[0] == f"Mailed {fake} and {second}."
    # The same value keeps its fake in later turns, whichever value a request names first.
    turn3 = await guard.input(RULE, [f"Copy {second}; then {first}."])
    assert turn3.texts[0] == f"Copy {other}; then {fake}."
    no_values(turn1.records, turn2.records, turn3.records, answer.records, repr(turn2.vault))


async def test_different_fakes_are_untouched(guard: Guard) -> None:
    """Values whose fakes differ keep their first draw (the deterministic fake of the README), turn after turn."""
    key = fake_key()
    values = [f"{f}.{x}@northwind.io" for f, x in zip(FIRST[:6], LAST[6:12], strict=True)]
    draws = [synthesize("EMAIL_ADDRESS", v, key) for v in values]
    assert len(set(draws)) == len(draws)
    for value, draw in zip(values, draws, strict=True):
        for _ in range(2):
            verdict = await guard.input(RULE, [f"mail {value}"])
            assert verdict.texts[0] == f"mail {draw}"
