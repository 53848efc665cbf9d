"""brand41 (fpatk41 FP03/FP07, issue 12's false positives): works' titles after their kind (`the film Amadeus`, `the
novel Emma`), in quotes or emphasis in a sentence about works, before a year in brackets, in a list after a plural
work's noun, famous titles and dishes; brands, chains, loyalty schemes, crude benchmarks and libraries, a brand after
`compared with`, a possessive firm, a car's model, a word after an error's label or `class` go as sent; real people
in the same frames (`the film critic Dana Okafor said`, `Dr. Modena`, `Brent Collins said`, `Ask Emma`) stay
redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


PLAIN = [
    # a title after its kind (FP07)
    "Summarise the plot of the film Amadeus in three sentences.",
    "What makes the novel Lolita controversial among readers today?",
    "Compare the novel Emma with its 2020 film adaptation.",
    "Summarise the opera Tosca and its famous arias.",
    "What is the ballet Giselle about?",
    "Give a short analysis of the film Carol and its cinematography.",
    "Explain why the film Rocky II was less praised than the first.",
    "Summarise the musical Hamilton for a history class.",
    "Summarise the play Uncle Vanya.",
    "Explain why the novel Ulysses is considered difficult.",
    # quotes, emphasis, a year, a list of works
    'List three films like "Amadeus" and "Barry Lyndon".',
    "Compare *Emma* and *Persuasion* as Austen heroines' stories.",
    "Why was Marty (1955) such an important film?",
    "Recommend slow cinema: Stalker, Solaris, Andrei Rublev.",
    "Recommend novels like Stoner and Revolutionary Road.",
    "Recommend classic French novels: Madame Bovary, Eugénie Grandet, Thérèse Raquin.",
    # famous titles and dishes
    "Give me the main themes of Citizen Kane.",
    "Why does Jaws still scare people?",
    "Write a book club guide to The Master and Margarita.",
    "What is the secret to a good Tarte Tatin?",
    # brands, chains, schemes, benchmarks (FP03)
    "Compare the Marriott Bonvoy Boundless card with the Hilton Honors Surpass card.",
    "Why did Kellanova agree to be bought by Mars?",
    "Why is Safran a key supplier to Airbus?",
    "Why did Burger King franchisees go bankrupt in 2023?",
    "How does Tesco Clubcard pricing affect shoppers who don't have a card?",
    "Why did Berkshire Hathaway buy more Occidental shares?",
    "How is Urals crude priced relative to Brent after the sanctions?",
    "Why is Henry Hub the benchmark for US natural gas prices?",
    "What is the margin structure of Hermès compared with Kering?",
    "Write a competitor analysis of Calvin Klein's denim line in Europe.",
    "What is the difference between Dr. Martens 1460 and 1461 boots?",
    "How does Maserati position the Grecale against the Porsche Macan?",
    "Compare Johnnie Walker Black Label with Chivas Regal 12.",
    # libraries, tools, models, error strings
    "Should we use Moshi or Gson for JSON parsing on Android?",
    "We switched from Picasso to Coil and images load faster.",
    "Ship our Serilog events to Seq and keep the logs for 30 days.",
    "Is Koin or Hilt the better dependency injection choice for a small Kotlin app?",
    "Compare Jamba and Mamba on long-context benchmarks.",
    "Error: Ledger balance mismatch after replay",
    "Please review this wrapper; the class name Tanuki seems odd, would Backoff be better?",
    # ordinary uses of the cue words
    "Read the novel first, then watch the film.",
    "The series resistor limits the current to 20 mA.",
    "Our album view renders thumbnails at 256 px.",
]

NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("The film critic Dana Okafor said the ending was weak.", ["Dana Okafor"], ["The film critic"]),
    ("The opera singer Carmen Ruiz cancelled her Friday concert.", ["Carmen Ruiz"], ["The opera singer"]),
    ("The movie director Sofia Brandt said the shoot went well.", ["Sofia Brandt"], ["The movie director"]),
    ("Ask Emma about the novel before Friday.", ["Emma"], ["about the novel"]),
    ("The book Priya Raghunathan wrote sold well.", ["Priya Raghunathan"], ["The book"]),
    ('Send the novel to "Dana Okafor" by Friday.', ["Dana Okafor"], ["Send the novel to"]),
    ("Okafor (2019) found that the novel's readers skim.", ["Okafor"], ["(2019) found"]),
    ("Recommend books by authors like Toni Lindqvist and Marcus Adeyemi.", ["Lindqvist", "Adeyemi"], ["Recommend"]),
    ("Dr. Modena will call you tomorrow about the results.", ["Modena"], ["will call you"]),
    ("Brent Collins said the oil price report is late.", ["Brent Collins"], ["the oil price report"]),
    ("Ask Hilton to send the revised hotel budget.", ["Hilton"], ["the revised hotel budget"]),
    ("Luna Marriott left a voicemail about the loyalty card.", ["Luna Marriott"], ["left a voicemail"]),
    ("Please send the contract to Calvin Brooks.", ["Calvin Brooks"], ["Please send"]),
    ("Our customer Petra Novak compared with Dakota Reyes on price.", ["Petra Novak", "Dakota Reyes"], ["on price"]),
    ("Dr. Rockefeller will see you at 10.", ["Rockefeller"], ["will see you"]),
    ("Error: Dana Kerr not found in the roster", ["Dana Kerr"], ["not found"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_look_alikes_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_in_the_same_frames_redacted(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
