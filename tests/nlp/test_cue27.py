"""cue27 (atk26 F13/F14): an undashed SSN or phone number after an everyday abbreviation of its label (`SS#`, `S.S.N.`,
`Soc. Sec. No.`, `Ph:`, `Mob`, `M:` at a line's start, `☎`), in a contact row beside a name, and the `from`/`to` of an
SMS record, is redacted in a request's text; look-alikes (`Ph: 7.4`, `Mob: 12`, `T: 1699999999`, ticket and order
numbers, `M:` in a sentence) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.cue27 import cued_values, valid_phone
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
BOTH = frozenset({"PHONE_NUMBER", "US_SSN"})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, the value that must not go up). Held-out values and shapes beside the report's.
SSNS = [
    ("Applicant record - SS# 536904399, status pending.", "536904399"),
    ("Employee SS #: 402718823 (verified)", "402718823"),
    ("SS No. 387452211 on the W-4.", "387452211"),
    ("S.S.N. 536904399", "536904399"),
    ("Borrower S.S.N.: 219098765", "219098765"),
    ("Soc. Sec. No. 078051121 is on file.", "078051121"),
    ("Soc Sec # 512448761", "512448761"),
    ("her soc sec 345128890 was verified", "345128890"),
    ("Social Sec. #: 601223344", "601223344"),
    ("Emp. SS#536904399 / DOB 1984", "536904399"),
]
PHONES = [
    ("Best,\nDana Smith\nAccount Manager\nPh: 4155550199", "4155550199"),
    ("Regards,\nOmar Haddad\nPh. 6175550188", "6175550188"),
    ("Dana Smith | Sales\nMob 4155550199", "4155550199"),
    ("Kind regards\nLi Wei\nMob.: 3125550164", "3125550164"),
    ("M: 4155550199 | E: dana@acme.test", "4155550199"),
    ("Carla Ruiz\nT: 2125550147\nacme.test", "2125550147"),
    ("Carla Ruiz | M: 7185550123 | carla@acme.test", "7185550123"),
    ("Tel. 3035550111 (office hours)", "3035550111"),
    ("Cell: 5035550172", "5035550172"),
    ("Signal 4155550199 (no SMS)", "4155550199"),
    ("☎ 4155550199", "4155550199"),
    ("📱 6175550143", "6175550143"),
    ("📞: 2065550135", "2065550135"),
    ("☎️ +14155550199", "4155550199"),
    ("Dana Smith, 4155550199, Sales", "4155550199"),
    ("Jane Doe | 6175550143 | Boston", "6175550143"),
    ("Name;Phone-less\nMarcus Webb;7135550109;Houston", "7135550109"),
    ('{"from": "4155550199", "to": "6175550188", "body": "see you at 5"}', "6175550188"),
    ('SMS log: {"from": "+13125550164", "to": "2025550173", "status": "delivered"}', "2025550173"),
    ('SMS log: {"from": "+13125550164", "to": "2025550173", "status": "delivered"}', "3125550164"),
]
KEPT = [
    "The water sample: Ph: 7.4, turbidity 2 NTU.",
    "Mob: 12 spawned in the dungeon at tick 4155550199.",
    "T: 1699999999\nrecorded by the sensor",
    "M: 4567890123",
    "Let M: 1099511627776 be the modulus of the ring.",
    "Ticket: 4155550199 is closed.",
    "Order no. 6175550143 shipped; Invoice # 536904399 paid.",
    "Ph.D. 2014, thesis 4155550199 pages",
    '{"from": "1700000000", "to": "1700086400", "status": "ok"}',
    '{"from": 4155550199, "to": 6175550188, "step": 1}',
    "Steel bolts, 4155550199, In stock",
    "SS# 123456789 is a placeholder in the form template.",
    "Batch SS-2024, lot 536904399",
    "signal 1699999999 dBm at the tower",
]


@pytest.mark.parametrize(("text", "secret"), SSNS + PHONES)
async def test_labelled_values_are_redacted(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_cued_values_spans_and_types() -> None:
    text = "SS# 536904399\nPh: 4155550199"
    got = cued_values(text, BOTH)
    assert [(text[a:b], kind) for a, b, kind in got] == [("536904399", "US_SSN"), ("4155550199", "PHONE_NUMBER")]
    assert cued_values(text, frozenset({"US_SSN"})) == got[:1]
    assert cued_values("SS# 5369", BOTH) == []


def test_valid_phone() -> None:
    assert valid_phone("4155550199") and valid_phone("+14155550199") and valid_phone("(415) 555-0199")
    assert not valid_phone("1699999999") and not valid_phone("4567890123")
