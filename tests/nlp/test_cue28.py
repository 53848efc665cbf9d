"""cue28 (atk26 F18): a full name of two everyday words (`Hope Young`, `Bill White`, `Grace Hall`) after a mail's, a
letter's, a payment's or a form's cue the label list lacked (`c/o`, `ATTN:` in capitals, `Recipient -`, `Signed,`,
`Deliver to`, `On behalf of`, a label after another field of its line, and the same cues in de/es/fr/it/pt) is
redacted in a request's text; look-alikes without a name (`c/o the front desk`, `ATTN: ACCOUNTS PAYABLE`, `Signed,
sealed, delivered`, `Approved by Finance Team`, `Recipient - see below`) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.cue28 import cue28_names
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, the name that must not go up): the report's, then each cue class with other names.
NAMED = [
    ("Please forward the parcel c/o Hope Young, 12 Oak St.", "Young"),
    ("ATTN: HOPE YOUNG", "YOUNG"),
    ("Recipient - Hope Young", "Young"),
    ("Thanks for the quick turnaround.\nSigned, Hope Young", "Young"),
    ("Deliver to Hope Young", "Young"),
    ("On behalf of Bill White", "White"),
    ("control: Attn: Bill White", "White"),
    ("Order 1182 | Guardian - Grace Hall | paid", "Hall"),
    ("C/O GRACE HALL\n4 Elm Road", "HALL"),
    ("Yours faithfully,\nGrace Hall", "Hall"),
    ("Signed: Bill White, Treasurer", "White"),
    ("Approved by Hope Young and Bill White", "White"),
    ("z. Hd. Bill White", "White"),
    ("Zu Händen von Grace Hall, Buchhaltung", "Hall"),
    ("Mit freundlichen Grüßen\nHope Young", "Young"),
    ("A la atención de Bill White", "White"),
    ("Atentamente,\nGrace Hall", "Hall"),
    ("À l'attention de Hope Young", "Young"),
    ("Destinataire : Bill White", "White"),
    ("Cordiali saluti,\nGrace Hall", "Hall"),
    ("All'attenzione di Hope Young", "Young"),
    ("Aos cuidados de Bill White", "White"),
    ("Destinatário: Grace Hall", "Hall"),
]
KEPT = [
    "c/o the front desk",
    "ATTN: ACCOUNTS PAYABLE",
    "Signed, sealed, delivered",
    "Approved by Finance Team",
    "Recipient - see below",
    "Deliver to Loading Dock B",
    "c/o Grace Hall Hotel, 12 Oak St.",
    "Regards, The Support Team",
    "Mit freundlichen Grüßen\nIhr Support-Team",
    "À l'attention du service client",
    "Approved by Change Advisory Board on Monday",
    "On behalf of Summer Sale organisers",
]


@pytest.mark.parametrize(("text", "secret"), NAMED)
async def test_everyday_names_after_cues_are_redacted(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after
    assert "<PERSON_1>" in after, after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_spans_are_the_names_only() -> None:
    names = name_lists()
    text = "Attn: Hope Young / c/o BILL WHITE.\nSigned,\nGrace Hall"
    assert [text[a:b] for a, b in cue28_names(text, names)] == ["Hope Young", "BILL WHITE", "Grace Hall"]
    assert cue28_names("attn: hope young", names) == []  # (lower case: no name read)
    assert cue28_names("Signed, Hope Young and more text here", names) == []  # (a signature ends its line)
