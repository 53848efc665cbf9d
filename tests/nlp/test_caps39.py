"""caps39 (atk38 F08, F10): a name in capitals `SURNAME GIVEN [MI]` after a person's label without a comma (lab
reports, specimen and pharmacy labels, clinic lists) and a lone `SURNAME GIVEN` row; an embeddings batch's one-word
items that are names (a surname list knows them, or the batch is a person's record: an e-mail, a phone, a name).
Names and layouts are held out (not the report's); the look-alikes (label layouts of tests, drugs, specimens, plans;
catalogue columns of products, tools, places, brands) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _embedded(guard: Guard, items: list[str]) -> list[str]:
    body = {"model": "text-embedding-3-small", "input": list(items)}
    await screen_request(guard, P_IN, openai.request_texts("embeddings", body))
    return list(body["input"])


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("SPECIMEN: 25-HM-203118  PATIENT: DELGADO RAFAEL  SEX: M  AGE: 58", ["DELGADO", "RAFAEL"],
     ["SPECIMEN: 25-HM-203118  PATIENT: ", "  SEX: M  AGE: 58"]),
    ("ACCESSION 25-UR-7710 PATIENT IKEDA SATOSHI", ["IKEDA", "SATOSHI"], ["ACCESSION 25-UR-7710 PATIENT "]),
    ("Rx LABEL: OKONJO ADAEZE  Take 1 tab twice daily", ["OKONJO", "ADAEZE"], ["Rx LABEL: ", "  Take 1 tab"]),
    ("Pt VANDERMEER PIETER J  MRN 00771234", ["VANDERMEER", "PIETER"], ["Pt ", "  MRN 00771234"]),
    ("PATIENT NAME: SOBCZAK HALINA  DOB: 04/02/1949", ["SOBCZAK", "HALINA"], ["PATIENT NAME: ", "  DOB: 04/02/1949"]),
    ("INSURED: LUNDGREN BIRGITTA  ID: W8812093", ["LUNDGREN", "BIRGITTA"], ["INSURED: ", "  ID: W8812093"]),
    ("RESIDENT: MACKINNON FIONA  ROOM 118", ["MACKINNON", "FIONA"], ["RESIDENT: ", "  ROOM 118"]),
    ("LAB REPORT\nPATIENT: ARROYO LUCIA MARIA\nCOLLECTED: 09/30/2025 06:40", ["ARROYO", "LUCIA"],
     ["LAB REPORT\nPATIENT: ", "\nCOLLECTED: 09/30/2025 06:40"]),
    ("DISPENSED TO: HORVATH ZSOFIA  09/12/2025", ["HORVATH", "ZSOFIA"], ["DISPENSED TO: ", "  09/12/2025"]),
    ("Clinic list 09/30\nMAZUR KATARZYNA  08:30\nLINDGREN JOHAN  09:00", ["MAZUR", "KATARZYNA", "LINDGREN", "JOHAN"],
     ["Clinic list 09/30\n", "  08:30\n", "  09:00"]),
    ("KACZMAREK EWA", ["KACZMAREK", "EWA"], []),
]

PLAIN = [
    "TEST: GLUCOSE FASTING  RESULT: NEGATIVE",
    "DRUG: AMOXICILLIN 500MG  SPECIMEN: BLOOD SERUM",
    "PATIENT: SEE ATTACHED  RESULT: PENDING",
    "CLIENT: ACME CORP  INVOICE: 4471",
    "MEMBER: GOLD TIER  PLAN: PPO",
    "PT INR 2.3  APTT 31",
    "NAME: BATCH JOB  STATUS: FAILED",
    "PATIENT: DISCHARGED HOME  CONDITION: STABLE",
    "Rx LABEL: SHAKE WELL  Take with food",
    "NAME: NEW YORK OFFICE  FLOOR 12",
    "TEST: LIPID PANEL  STATUS: FINAL",
    "Stack:\nSPRING BOOT\nREACT NATIVE\nAPACHE KAFKA",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_in_capitals_redacted_on_input(guard: Guard, text: str, values: list[str],
                                                   kept: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_in_capitals_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                                     size: int) -> None:
    out = await streamed_out(guard, policy(output=P_OUT), text, size or len(text))
    assert [v for v in values if v in out] == [], out
    assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_label_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


BATCHES = [  # (items, the items that are names)
    (["Tanimura", "Haruki", "haruki.t@outlook.com", "+1 503 555 0177", "Portland"], ["Tanimura", "Haruki"]),
    (["Oyedepo", "Chiamaka", "chiamaka.oyedepo@yahoo.com"], ["Oyedepo", "Chiamaka"]),
    (["Szczepanski", "Agata", "+48 512 345 678"], ["Szczepanski", "Agata"]),
    (["Sokolova", "Darya", "darya.s@mail.ru"], ["Sokolova", "Darya"]),
    (["Lindqvist", "Haddadi", "Okwuosa", "Kristiansen"], ["Lindqvist", "Haddadi", "Okwuosa", "Kristiansen"]),
]

CATALOGUES = [
    ["Kubernetes", "Paris", "Invoice"],
    ["Kubernetes", "Terraform", "Ansible", "Grafana", "Redis"],
    ["Ozempic", "Wegovy", "Mounjaro"],
    ["Tokyo", "Lagos", "Nairobi", "Lima"],
    ["support@acme.com", "Billing", "Shipping", "Returns"],
    ["support@acme.com", "Zendesk", "Freshdesk", "Intercom"],
    ["sales@acme.com", "Enterprise", "Starter", "Pro"],
    ["+1 800 555 0100", "Support", "Hotline", "Enterprise"],
    ["Laptop", "Monitor", "Keyboard", "Mouse"],
    ["Maserati", "Balenciaga", "Bugatti"],
]


@pytest.mark.parametrize(("items", "names"), BATCHES)
async def test_batch_items_that_are_names_redacted(guard: Guard, items: list[str], names: list[str]) -> None:
    sent = await _embedded(guard, items)
    assert [n for n in names if n in sent] == [], sent
    assert [i for i in items if i not in names and "@" not in i and "+" not in i and i not in sent] == [], sent


@pytest.mark.parametrize("items", CATALOGUES)
async def test_catalogue_batches_go_as_sent(guard: Guard, items: list[str]) -> None:
    sent = await _embedded(guard, items)
    assert [i for i in items if "@" not in i and "+" not in i and i not in sent] == [], sent
