"""fp33 (atk31's false positives left after fp32; `proxy.nlp.fp33`).

- `the Dean of Engineering`, `the Hermes notification service`, `the Lincoln migration`, `LOCATION:Room Austin`,
  `Lincoln Financial`, CSV services (`Hunter Scheduler`, `Mason Build`), `Codecov`, `Rivian`, Turkish `kibar bir`,
  an organisation's vCard and `"city": "Madison"` are no names; `Dean Smith`, `Hermes Okafor`, `Contact: Austin
  Reed`, `Hunter Smith` in the same table, a person's vCard and `"name": "Madison Reed"` stay names.
- Ids read as phone numbers (`INV 2026 0042 1187`, `Build 26.01.05 1002`, `PO 4471-2290-1187`, UPS `1Z ...`) are
  no phone numbers; `Ph: 617 555 0143` stays one.
- An SQL row whose first name is a common word no list holds as a given name (`'Building', 'North'`) is no
  person's; `'Grace', 'North'` and `'Dmitri', 'Volkov'` stay names.
Input and output (whole, and streamed in small chunks). Each list: the tester's texts (tuned on), then held-out
ones (`# held-out`).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

RULE = {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}
P = policy(input={"pii": {**RULE, "restore": True}}, output={"pii": RULE})

UNCHANGED = [
    # atk31 (tuned on)
    "Create a Jira epic for the Phoenix rewrite with stories for auth, billing and the Hermes notification service.",
    "Set up GitHub Actions to run pytest on Python 3.11 and 3.12, cache pip, and upload coverage to Codecov.",
    "Please proofread: \"The committee, chaired by the Dean of Engineering, approved the new curriculum on Friday.\"",
    "Summarize: Tesla, Ford and General Motors all cut EV prices in January, while Rivian delayed its R2 launch.",
    "name,region,instances\nFalcon Gateway,us-east-1,4\nHunter Scheduler,eu-west-1,2",
    "Name,Owner Team,Tier\nGrant Processor,Finance Platform,1\nMason Build,Developer Tools,2",
    "Date,Description,Amount\n2026-01-05,Payment to Austin Energy,-120.00\n2026-01-07,Lincoln Financial premium,-45.00",
    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Sprint Planning - Grace Period feature\nLOCATION:Room Austin\n"
    "DESCRIPTION:Agenda: review the Lincoln migration and the Jackson\n  serializer upgrade\nEND:VEVENT\nEND:VCALENDAR",
    "Müşteri şikayetine kibar bir yanıt yaz: sipariş üç gün gecikti.",
    "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Jackson Hewitt Support\nORG:Jackson Hewitt\nEND:VCARD",
    "{\"resourceType\":\"Location\",\"name\":\"Jackson Wing, Floor 3\",\"address\":{\"city\":\"Madison\"}}",
    "Invoice INV 2026 0042 1187 due 2026-02-01",
    "Build 26.01.05 1002 passed",
    "PO 4471-2290-1187 shipped on 01/05",
    "Tracking 1Z 999 AA1 01 2345 6784 delivered",
    "INSERT INTO `locations` (`id`, `first_name`, `last_name`) VALUES (1, 'Building', 'North');",
    # held-out: other titles, systems, rooms, firms, services, cards, places and ids
    "Please proofread: \"The board, led by the Provost of Arts, met on Monday.\"",
    "We migrated off the Jackson pipeline and the Hermes queue worker last week.",
    "Review the Madison rewrite before the Mercury service ships.",
    "LOCATION:Conference Room Lincoln",
    "name,region,instances\nSentinel Gateway,us-east-1,4\nParker Runner,eu-west-1,2",
    "Name,Owner Team,Tier\nCarter Dispatcher,Finance Platform,1",
    "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Morgan Stanley Helpdesk\nORG:Morgan Stanley\nEND:VCARD",
    "{\"resourceType\":\"Location\",\"address\":{\"city\":\"Austin\",\"state\":\"Georgia\"}}",
    "Invoice INV 2025 0117 3342 due 2025-12-01",
    "PO 5512-3390-2278 received",
    "Release 25.11.03 2207 deployed",
    "Tracking 1Z 4E8 V12 03 9981 2207 out for delivery",
    "INSERT INTO rooms (id, first_name, last_name) VALUES (1, 'Warehouse', 'East'), (2, 'Kitchen', 'Annex');",
]
# Streamed (the model's answer in chunks of 3 and 7 characters, the default hold): the tester's (tuned on), then
# held-out ones. (A streamed window is a line: the vCard's ORG line, read without its card, is left out.)
STREAMED = [
    UNCHANGED[0], UNCHANGED[1], UNCHANGED[2], UNCHANGED[3], UNCHANGED[4], UNCHANGED[5],
    "Date,Description,Amount\n2026-01-07,Lincoln Financial premium,-45.00",
    "LOCATION:Room Austin\nDESCRIPTION:Agenda: review the Lincoln migration",
    UNCHANGED[8],
    "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Jackson Hewitt Support\nEND:VCARD",
    UNCHANGED[10], UNCHANGED[11], UNCHANGED[12], UNCHANGED[13], UNCHANGED[14], UNCHANGED[15],
    # held-out
    UNCHANGED[16], UNCHANGED[17], UNCHANGED[19], UNCHANGED[20], UNCHANGED[23], UNCHANGED[25], UNCHANGED[27],
    UNCHANGED[28],
]
NAMES = [
    # (text, what must not go up or out); held-out all
    ("Hermes Okafor called about the outage.", "Okafor"),
    ("Send the coverage report to Nakamura before Friday.", "Nakamura"),
    ("Dean Smith chaired the committee on Friday.", "Smith"),
    ("Contact: Austin Reed", "Reed"),
    ("Name,Owner Team,Tier\nCarter Dispatcher,Finance Platform,1\nHunter Smith,Developer Tools,2", "Hunter Smith"),
    ("Talk to Reed Financial Advisor Jane Doe.", "Reed"),
    ("Ayşe Yılmaz ile görüşmek istiyorum.", "Yılmaz"),
    ("BEGIN:VCARD\nVERSION:3.0\nN:Hewitt;Jackson;;;\nFN:Jackson Hewitt\nORG:Acme Corp\nEND:VCARD", "Hewitt"),
    ("{\"name\":\"Madison Reed\",\"city\":\"Boston\"}", "Reed"),
    ("Ph: 617 555 0143", "555 0143"),
    ("Order 88123 was placed; call 617-555-0143 if it is late.", "555-0143"),
    ("Ship to London SW1A 1AA 020 7946 0958", "7946 0958"),
    ("Order 617-555-0143 is the number to call about the refund.", "555-0143"),
    ("INSERT INTO users (id, first_name, last_name) VALUES (1, 'Warehouse', 'East'), (2, 'Dmitri', 'Volkov');",
     "Volkov"),
    ("INSERT INTO users (id, first_name, last_name) VALUES (1, 'Grace', 'North');", "North"),
    ("Dr. Lucid saw the patient.", "Lucid"),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer())


async def _both(guard: Guard, text: str) -> tuple[str, str]:
    """The text as the input phase sends it, and as the output phase returns it as the model's answer."""
    sent = await guard.input(P, [text])
    question = await guard.input(P, ["Explain."])
    answer = await guard.output(P, [text], question.vault)
    return sent.texts[0] or text, answer.texts[0] or text


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(P)
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


@pytest.mark.parametrize("text", UNCHANGED)
async def test_unchanged(guard: Guard, text: str) -> None:
    assert await _both(guard, text) == (text, text)


@pytest.mark.parametrize("size", [3, 7])
@pytest.mark.parametrize("text", STREAMED)
async def test_unchanged_streamed(guard: Guard, text: str, size: int) -> None:
    assert await _streamed(guard, text, size) == text


@pytest.mark.parametrize(("text", "value"), NAMES)
async def test_names_stay(guard: Guard, text: str, value: str) -> None:
    sent, answer = await _both(guard, text)
    assert value not in sent
    assert value not in answer


# (`Dr. Lucid saw ...` streamed: `Dr. ` ends a window, and the NER misses `Lucid` alone on main too)
@pytest.mark.parametrize(("text", "value"), NAMES[:-1])
async def test_names_stay_streamed(guard: Guard, text: str, value: str) -> None:
    assert value not in await _streamed(guard, text, 3)
