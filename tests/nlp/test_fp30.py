"""fp30 (atk28's false positives, F13, F14; `proxy.nlp.fp30`, `proxy.nlp.cards30`, `proxy.nlp.tel30`).

- PII-free text the name rules read as names: Rust/Go/Java standard types (`Vec`, `Vec<u32>`, `Rc`, `Map`), libraries
  and services (`Optuna`, `Luxon`, `Huey` beside a tool, `Lodash's debounce`, `Pyroscope and Parca`, `Zendesk`), a
  city beside a city or after a street (`Singapore and Sydney`, `221 Baker Street, London.`), an airline in a
  sentence about flying (`flights on Delta`), lower-case words before `at <IP>` (`db at 192.168.0.15`), a card
  scheme before `card` (`My Troy card is`); real names in the same words stay names (`Sydney Chen`, `London Breed`,
  `Send Huey the schedule`, `Troy Baker`).
- F13: Troy (9792), BC Card (94), UATP (1, 15 digits) card numbers after a card word; not after another word, nor
  when the Luhn check fails.
- F14: call records (`ani`, `dnis`, `mdn`, `caller_id_number`, `cnam`, `caller_id_name`), an SMS record with one
  end (`{"recipient": ..., "message": ...}`), a SIP display name, a passwd GECOS field's phones are redacted; their
  PII-free look-alikes (`WIRELESS CALLER`, `{"recipient": "ops-team"}`, `nginx user`) go as sent.
Each list: the tester's texts (tuned on), then held-out ones (`# held-out`).
"""

from __future__ import annotations

import pytest

from proxy.guard import context24
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, found

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    values = {value for entity, value in await found(analyzer, text) if entity == "PERSON"}
    return sorted(v for v in values if not any(v != w and v in w for w in values))


NO_PERSON = [
    # atk28 fp/tech_words, fp/rust_types, fp/eng, fp/eng2, fp/biz, fp/biz2 (tuned on)
    "Should I return a Vec or a slice here?",
    "Wrap it in an Rc and clone the Rc.",
    "Convert the Vec into a HashSet first.",
    "Tune the learning rate with Optuna and log runs to Weights & Biases.",
    "Profile it with Pyroscope and Parca.",
    "Use Celery beat or Huey for periodic tasks.",
    "Replace Moment with Luxon or Day.js.",
    "Collect the results into a Vec<String>.",
    "Store the callbacks as Vec<Box<dyn Fn()>>.",
    "Use Lodash's debounce for the search box.",
    "Arc is the thread-safe version of Rc.",
    "Use Arc<Mutex<HashMap<String, Vec<u32>>>> or DashMap for the shared cache?",
    "Outline a go-to-market plan for the Asia-Pacific region starting with Singapore and Sydney.",
    "Our office moved to 221 Baker Street, London.",
    "We book flights on Delta and stay at the Marriott.",
    "We switched from Zendesk to Freshdesk last quarter.",
    "server at 10.1.2.3 and db at 192.168.0.15",
    "ping gw at 10.0.0.254",
    "My Troy card is expired. My Elo card is too.",
    # held-out (written before the rules; the second half never tuned on)
    "Cast the Rc<RefCell<Node>> to a Weak to break the cycle.",
    "Should the Go service return an error or panic on a nil Map?",
    "Optuna's pruner stops bad trials early.",
    "Does Zendesk's webhook retry on a 500?",
    "The first offices were in Dublin and Sydney.",
    "Book the team on Delta for the Boston trip.",
    "Why does my Vec keep reallocating when I push in a loop?",
    "A HashMap<u64, Vec<String>> holds the index.",
    "Zendesk's SLA policy sets the first reply target.",
    "Our expansion starts with Melbourne and Sydney, then Auckland.",
    "The pilot runs in Paris and London first.",
    "Our office is at 30 Rockefeller Plaza, New York, and one at 1 Canada Square, London.",
    "We flew Delta from Atlanta to Seattle last week.",
]


@pytest.mark.parametrize("text", NO_PERSON)
async def test_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


NAMES_STAY = [
    ("Ask Sydney Chen to review the Vec changes.", ["Sydney Chen"]),
    ("London Breed will speak at the opening.", ["London Breed"]),
    ("Send the invoice to Morgan Freeman at the Zendesk office.", ["Morgan Freeman"]),
    ("Dana Kerr asked whether the Rc is leaking.", ["Dana Kerr"]),
    ("Send Huey the schedule for the offsite.", ["Huey"]),
    ("Our new hire, Delta Burke, starts Monday.", ["Delta Burke"]),
    ("Troy Baker has a card.", ["Troy Baker"]),
]


@pytest.mark.parametrize(("text", "names"), NAMES_STAY)
async def test_names_stay(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    assert await persons(analyzer, text) == names


CARDS = [
    # atk28 F13 (tuned on)
    ("card 9792 4372 8754 4966", "9792 4372 8754 4966"),
    ("My Troy card is 9792 4372 8754 4966", "9792 4372 8754 4966"),
    ("My BC Card card is 9400 5237 9539 8260", "9400 5237 9539 8260"),
    ("card 1354 5757 6811 657", "1354 5757 6811 657"),
    # held-out: other numbers, one run, dashes, UATP's 4-5-6, other card words
    ("Troy kartı: 9792030000000000", "9792030000000000"),
    ("Paid with card 9792-1111-2222-3330 yesterday", "9792-1111-2222-3330"),
    ("UATP card 1100 00000 000007", "1100 00000 000007"),
    ("BC 카드 9410 1234 5678 9010", "9410 1234 5678 9010"),
]


@pytest.mark.parametrize(("text", "value"), CARDS)
async def test_national_cards(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    assert ("CREDIT_CARD", value) in await found(analyzer, text)


NO_CARD = [
    "order 9792 4372 8754 4966",           # no card word
    "card 9792 4372 8754 4967",            # Luhn fails
    "tracking 1354 5757 6811 657 shipped",  # no card word
    "card id 9400-5237",                    # too short
    "Card batch 9500 5237 9539 8269 printed",  # no scheme (95), Luhn-valid or not
]


@pytest.mark.parametrize("text", NO_CARD)
async def test_no_card(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(entity == "CREDIT_CARD" for entity, _ in await found(analyzer, text))


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


RECORDS = [
    # atk28 F14 (tuned on): (text, values that must not go up)
    ('{"caller_id_name": "KERR DANA", "caller_id_number": "4155550199"}', ["KERR", "DANA", "4155550199"]),
    ('{"cnam": "KERR DANA", "ani": "4155550199", "dnis": "8005550100"}', ["KERR", "DANA", "4155550199"]),
    ('{"subscriber": {"nickname": "Dana K", "mdn": "4155550199"}}', ["4155550199"]),
    ('{"recipient": "4155550199", "message": "hello"}', ["4155550199"]),
    ('P-Asserted-Identity: "KERR DANA" <tel:+14155550199>', ["KERR", "DANA"]),
    ("dkerr:x:1001:1001:Dana Kerr,,,4155550199,:/home/dkerr:/bin/bash", ["Dana", "Kerr", "4155550199"]),
    # held-out
    ('{"event": "call.ended", "ani": "+442079460958", "cnam": "PATEL PRIYA"}', ["PATEL", "PRIYA", "2079460958"]),
    ('{"destination": "6175550143", "body": "Reminder: appointment at 3pm"}', ["6175550143"]),
    ('Remote-Party-ID: "OKAFOR CHIDI" <sip:2125550147@10.0.0.5>;party=calling', ["OKAFOR", "CHIDI"]),
    ("jsmith:x:1002:1002:John Smith,Room 12,6175550143,2125550147:/home/jsmith:/bin/bash",
     ["6175550143", "2125550147"]),
    ('{"calling_name": "GARCIA MARIA", "dialed_number": "8005550199"}', ["GARCIA", "MARIA"]),
]


@pytest.mark.parametrize(("text", "values"), RECORDS)
async def test_records_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []


RECORDS_FREE = [
    '{"cnam": "WIRELESS CALLER", "ani": "anonymous"}',
    '{"caller_id_name": "ACME CORP", "status": "answered"}',
    '{"recipient": "ops-team", "message": "deploy finished"}',
    '{"ani_version": 3, "duration": 1699999999}',
    'From: "Support Line" <sip:support@pbx.example>',
    "nginx:x:101:101:nginx user,,,:/nonexistent:/usr/sbin/nologin",
    '{"dnis_count": 12, "mdn_prefix": "415"}',
    '{"build": 2024061599, "message": "ok", "to": "main"}',
]


@pytest.mark.parametrize("text", RECORDS_FREE)
async def test_record_lookalikes_unchanged(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def _tool_body(name: str, result: str) -> dict[str, object]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "check it"},
        {"role": "assistant", "content": None,
         "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": result}]}


async def _tool_sent(guard: Guard, name: str, result: str) -> str:
    body = _tool_body(name, result)
    slots = openai.request_texts("chat", body)
    with context24.cued("chat", body, slots):
        await screen_request(guard, P, slots)
    return str(body["messages"][2]["content"])  # type: ignore[index]


# atk28 fp/tool_fp (tuned on), then held-out names
NOT_PHONE_TOOLS = [
    ("get_phone_count", "4155550199"),
    ("get_cell_value", '{"result": 4155550199}'),
    ("get_tel_metrics", '{"value": 4155550199}'),
    ("get_fax_queue", '{"result": 4155550199}'),
    ("getPhoneUsage", "6175550143"),
    ("read_cell_range", '{"values": [6175550143]}'),
]


@pytest.mark.parametrize(("name", "result"), NOT_PHONE_TOOLS)
async def test_measuring_tools_unchanged(guard: Guard, name: str, result: str) -> None:
    assert await _tool_sent(guard, name, result) == result


@pytest.mark.parametrize("name", ["get_customer_phone", "get_cell_number", "get_fax"])
async def test_phone_tools_still_read(guard: Guard, name: str) -> None:
    assert "4155550199" not in await _tool_sent(guard, name, "4155550199")


async def _reply_sent(guard: Guard, question: str, reply: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": question},
                                       {"role": "user", "content": reply}]}
    slots = openai.request_texts("chat", body)
    with context24.cued("chat", body, slots):
        await screen_request(guard, P, slots)
    return str(body["messages"][2]["content"])  # type: ignore[index]


@pytest.mark.parametrize("reply", ["N/A - guest checkout", "N/A (guest)", "N/A, guest checkout", "N/A"])
async def test_not_applicable_after_name_question(guard: Guard, reply: str) -> None:
    assert await _reply_sent(guard, "What is your full name?", reply) == reply


async def test_name_after_name_question_still_redacted(guard: Guard) -> None:
    assert "Ali" not in await _reply_sent(guard, "What is your full name?", "Nora Ali")
