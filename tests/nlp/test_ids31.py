"""acc28 F11 (`proxy.guard.ids31`): a person's name in an id field written with a dot, a hyphen or an initial
(`SCHMIDT.MARIA`, `M_Schmidt`, `MSchmidt`) goes as one placeholder, in every id field of chat, Responses and
Anthropic; identifiers of the same shapes go as sent."""

from __future__ import annotations

import json

import pytest

from proxy.guard import ids31
from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.nlp.test_names26 import _id_bodies, _sent
from tests.support.pii import WordScorer


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


TESTER = [("SCHMIDT.MARIA", "SCHMIDT"), ("M_Schmidt", "Schmidt"), ("MSchmidt", "Schmidt")]
HELD_OUT = [  # other names and joints, written before running the rule on them
    ("OKONKWO.MARGARET", "OKONKWO"), ("Okonkwo.Margaret", "Okonkwo"), ("D.Volkov", "Volkov"),
    ("KTanaka7", "Tanaka"), ("C-Okafor", "Okafor"), ("J_Kowalski", "Kowalski"), ("Emily.Clark", "Clark"),
]
LOOKALIKES = [  # (lower-case handles, `jordan.smith`, are documented to go as sent)
    "XServer", "AWorker", "JQuery", "web.server", "api-gateway", "user.name", "node-01", "Test.User", "prod-eu",
    "jsmith", "svc.account", "jordan.smith", "m.schmidt", "c-okafor", "eu-west-1", "v.next", "iOS.App", "team.alpha",
    "build-runner", "MBrown", "grace.period",
]


def test_shapes() -> None:
    assert ids31.id_names("SCHMIDT.MARIA") == [(0, 13)]
    assert ids31.id_names(" MSchmidt42 ") == [(1, 11)]
    assert ids31.id_names("MSCHMIDT") == []  # (capitals run together: no way to tell the initial)
    assert ids31.id_names("mschmidt") == []  # (lower case run together: any word)


@pytest.mark.parametrize(("value", "part"), TESTER + HELD_OUT)
async def test_a_name_with_an_initial_or_a_dot_in_every_id_field_goes_as_one_placeholder(
        guard: Guard, value: str, part: str) -> None:
    for kind, body in _id_bodies(value):
        sent = json.dumps(await _sent(guard, kind, body), ensure_ascii=False)
        assert part not in sent and value not in sent and "PERSON_" in sent, (kind, sent)


@pytest.mark.parametrize("value", LOOKALIKES)
async def test_identifiers_of_the_same_shapes_go_as_sent(guard: Guard, value: str) -> None:
    for kind, body in _id_bodies(value):
        assert await _sent(guard, kind, body) == body, (kind, value)


async def test_the_same_value_in_prose_is_read_as_before(guard: Guard) -> None:
    from tests.nlp.test_names26 import _text

    assert await _text(guard, "Run make in the XServer folder.") == "Run make in the XServer folder."
