"""split36 (atk35 F10, F11): a document cut into chunks in one embeddings/completions batch (`input: [chunk1, ...]`,
no overlap) is read joined like content parts: an e-mail, a card or a name cut at a chunk boundary is redacted in
each piece; independent documents of a batch stay read alone. A lower-case surname after an honorific (`mr. x`,
`dr. x's`, `frau x`, `señora x`, `madame x`) is a name; brands, titles and code after `mr`/`dr`/`ms` stay as sent.
Values and phrasings held out (not the report's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import joinables, screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _batch(guard: Guard, kind: str, docs: list[str]) -> list[str]:
    field = "input" if kind == "embeddings" else "prompt"
    body = {"model": "m", field: list(docs)}
    await screen_request(guard, P_IN, openai.request_texts(kind, body))
    return list(body[field])


def _chunks(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


DOCS = [  # (document, values that must not reach the provider in the joined chunks)
    ("Account review. Holder: Ingrid Johansson, ingrid.johansson@fjordbank-mail.no, card 4532 0151 1283 0366 on file.",
     ["Johansson", "ingrid.johansson@fjordbank-mail.no", "4532 0151 1283 0366"]),
    ("Escalation from Rafael Mendoza: reach him at rafael.mendoza@tiendas-sol.mx or the desk phone after noon.",
     ["Mendoza", "rafael.mendoza@tiendas-sol.mx"]),
    ("Ticket 5521 opened. Requester: Priyanka Chaudhary, priyanka.c@globex-hr.com; priority high.",
     ["Chaudhary", "priyanka.c@globex-hr.com"]),
]


@pytest.mark.parametrize("size", [20, 28, 33])
@pytest.mark.parametrize(("doc", "values"), DOCS)
async def test_chunked_document_values_not_sent(guard: Guard, doc: str, values: list[str], size: int) -> None:
    joined = "".join(await _batch(guard, "embeddings", _chunks(doc, size)))
    assert [v for v in values if v in joined] == [], joined


async def test_chunked_prompts_too(guard: Guard) -> None:
    joined = "".join(await _batch(guard, "completions", _chunks(DOCS[1][0], 25)))
    assert "rafael.mendoza@tiendas-sol.mx" not in joined and "Mendoza" not in joined, joined


INDEPENDENT = [  # batches of independent documents (or chunks of no PII): as sent
    ["Kubernetes deployment guide: apply the manifests and watch the rollout until it", " completes, then add TLS."],
    ["Release notes for version 2.3.1 of the parser", "Bug fixes in the tokenizer and lexer modules", "Faster IO"],
    ["SELECT id, name FROM orders WHERE status = 'open' ORDER BY created_at DESC LIMIT 100; -- q", "uery for it."],
    ["apple banana cherry", "durian elderberry fig", "grape honeydew kiwi"],
    ["The build failed on step 4 of 9 at", "tempt 2, the cache was cold and the runner ran out of disk space."],
]


@pytest.mark.parametrize("docs", INDEPENDENT)
async def test_plain_batches_go_as_sent(guard: Guard, docs: list[str]) -> None:
    assert await _batch(guard, "embeddings", docs) == docs


def test_independent_documents_stay_alone_chunks_join() -> None:
    docs = ["Call me at 617-555-0143", "99 problems"]  # (atk15 L1: two documents)
    assert joinables(openai.request_texts("embeddings", {"model": "m", "input": docs})) == [False, False]
    chunks = _chunks(DOCS[0][0], 30)
    assert joinables(openai.request_texts("embeddings", {"model": "m", "input": chunks})) == [True] * len(chunks)


HONORIFIC = [  # (text, the surname)
    ("could you send mr. fitzgerald the revised quote", "fitzgerald"),
    ("remind dr. nakashima about the 3pm consult", "nakashima"),
    ("mrs. kowalczyk called about her refund", "kowalczyk"),
    ("ms okonkwo asked for the invoice copy", "okonkwo"),
    ("prof. haugland's lecture is moved to friday", "haugland"),
    ("liebe frau yilmaz, danke für ihre nachricht", "yilmaz"),
    ("bitte rufen sie herr bauer zurück", "bauer"),
    ("la señora fernández pidió una factura", "fernández"),
    ("dites à monsieur lefebvre que le colis est arrivé", "lefebvre"),
    ("sr. gutiérrez confirmó la cita", "gutiérrez"),
    ("tell mr. baker his order shipped", "baker"),
    ("sehr geehrte frau prof. dr. hoffmann, anbei die unterlagen", "hoffmann"),
]


@pytest.mark.parametrize(("text", "name"), HONORIFIC)
async def test_lower_case_surname_after_honorific(guard: Guard, text: str, name: str) -> None:
    sent = await _sent(guard, text)
    assert name not in sent, sent
    assert "<PERSON_1>" in sent, sent


LOOK_ALIKES = [
    "mr. clean magic eraser works well", "add dr. pepper to the soda list", "save it as ms. word format",
    "mrs. dash salt-free seasoning", "dr. oetker frozen pizza", "set dr = 0.25 and mr = 2 in the config",
    "see mr. 4521 for the fix", "the p95 is 180 ms. latency is fine", "die hausfrau von nebenan",
    "waiting for mr. right", "dr. who season 3", "mr. robot is a good show", "prof. dr. ing. title rules",
    "we need a sr. engineer for this", "the sr dev team owns it", "a sr. dev role", "dr. seuss books for kids",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_honorific_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
