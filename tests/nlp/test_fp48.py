"""fp48: words the name rules read as a person in frames no person is in (the gen47 corpus of PII-free prompts): a
capitalised common word by its role (a heading over a table, a numbered step, `Mark ... as`, `Keys are`, a comment's
opening word, `Is Patience a virtue`), an outline label (`A. Hosted vendor.`), a pet's name, products and code words,
other languages' words, and a year range read as a phone number. Each goes as sent; real people with the same words
stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})

KEPT = [
    'Linear issue: "Mark invoices as overdue after 30 days" — write the acceptance criteria.',
    '- Fixed the "Mark as shipped" button staying disabled after a refresh.',
    "Idempotency rules:\n- Keys are case-sensitive.\n- Keys expire after 24 hours.",
    "module Pricing\n  # Net amount for a line after its own discount. Rounds half up, per line.\n  def net; end\nend",
    "Status\n\nNumbers\n| Item | Value |\n|---|---|\n| Tables monitored | 42 |",
    "Runbook\n\n2. Branch\n- Create a branch from the tag currently in production.",
    '# Hashed assets can be cached forever; HTML must not be.\naws s3 sync dist/ "s3://$BUCKET"',
    "[limits]\n# Max concurrent resize operations. Each one can use ~150 MB.\nmax_jobs = 4",
    "Is Patience a virtue worth teaching explicitly to kids?",
    "Is Rose a strong enough wine for grilled lamb, or should I go for a red?",
    "Options\nA. Hosted vendor. Mature SDKs for all our languages.\n"
    "B. Open-source self-hosted service. No licence cost.",
    "Chicken thighs come out crispy in 22 minutes at 200°C. Reheating pizza is dramatically better.",
    "Our cat Pepper keeps scratching the sofa even though we bought two scratching posts. Help!",
    "I think my cat Mochi is overweight (6.8 kg). How can I help her lose weight safely?",
    "What vaccinations does a kitten need in the first year? Our new kitten is called Sunny.",
    "How do I teach my puppy to stop biting hands? Maple is 11 weeks old, a border collie mix.",
    "Can I take my cat on a train in Italy? Olive is very calm in her carrier.",
    "Skyrim SE mod load order question: does SkyUI need to load before the patches?",
    "Lua script for a Roblox game: give the player 50 coins when they touch a part.",
    "React Native app: Hermes enabled, release build crashes on launch.",
    "Terraform Cloud vs Atlantis vs Spacelift for a team of 10 managing ~40 workspaces?",
    "Describe the difference between INNER, LEFT, RIGHT, FULL OUTER and CROSS joins using two tiny tables.",
    "What's wrong with this Java equals?\n\npublic boolean equals(Object o) {\n    Sku other = (Sku) o;\n"
    "    return this.code.equals(other.code);\n}",
    'URL = "https://warehouse.internal.example/api/v2/stock"\nPAGE_SIZE = 500          # API max is 1000, but larger '
    "pages time out\nMAX_RETRIES = 4",
    "Noise: About as loud as a normal conversation on standard, noticeably louder on max. I run it while I'm out.",
    "Merchandising can add manual entries and pin suggestions for campaigns.",
    "Kako... sorry, wrong language. What's the fastest way to learn basic Czech phrases before a trip to Brno?",
    "Kannst du mir eine kurze Geburtstagskarte für meine Kollegin schreiben? Sie wird 50 und liebt Katzen.",
    "Hangi şehirde yaşamak daha ucuz: İzmir mi, Ankara mı? Öğrenciyim.",
    "Hangi meyveler köpekler için güvenlidir? Köpeğimin adı Fındık.",
    "Donne-moi une idée de menu pour un repas de Noël sans gluten pour 10 personnes.",
    "Kan du foreslå en vandretur i nærheten av Bergen som passer for nybegynnere? Helst under 4 timer.",
    "Is it safe to hike Table Mountain alone? Which route is the easiest?",
    "What is the difference between Sunni and Shia Islam, explained respectfully and briefly?",
    "- Backfill of the old event data (2019–2022) is slower than planned: 40% done.",
]
# (text, the names that must not reach the provider)
PEOPLE = [
    ("Mark Chen approved the release notes yesterday.", ["Mark Chen"]),
    ("Keys Anderson will run the workshop on Friday.", ["Keys Anderson"]),
    ("A. Smith wrote the original design document.", ["Smith"]),
    ("B. Ortega signed the lease on behalf of the company.", ["Ortega"]),
    ("Please ask my neighbour Olive Pratt to feed the cat.", ["Olive Pratt"]),
    ("Ask Patience Mwangi for the budget figures.", ["Patience Mwangi"]),
    ("The results were reviewed by Dr. Bergen last week.", ["Bergen"]),
    ("My cat Pepper and my husband Tom Reyes both hate the vacuum.", ["Tom Reyes"]),
    ("My dog bit Maria Gonzalez at the park; what should I do?", ["Maria Gonzalez"]),
    ("Our cat sitter Anna Lopez is away this weekend.", ["Anna Lopez"]),
    ("Is Rose Byrne in the new film?", ["Rose Byrne"]),
    ("Max Hoffmann reviewed the API limits.", ["Max Hoffmann"]),
    ("Call Maria Santos at (617) 555-0143 about the lease.", ["Maria Santos", "555-0143"]),
    # (English text is no Turkish text: under `(?i)` the Turkish letters matched every `i`; pii_quality's miss)
    ("Unlike the Ásgeirsdóttir novel, it's not about necrophilia. What it is about, I suppose is anyone's guess.",
     ["Ásgeirsdóttir"]),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(P_IN, [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize("text", KEPT)
async def test_goes_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "names"), PEOPLE)
async def test_people_beside_the_same_words_redacted(guard: Guard, text: str, names: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [n for n in names if n in sent] == [], sent


@pytest.mark.parametrize(("text", "span", "dropped"), [
    ("He was there (2019–2022) as lead.", "(2019–2022", True),
    ("He was there 1999—2004 as lead.", "1999—2004", True),
    ("Call: 2019-2022 after six.", "2019-2022", False),
    ("range 2022–2019 reversed", "2022–2019", False),
])
def test_year_ranges(text: str, span: str, dropped: bool) -> None:
    from proxy.nlp.fp48 import without_fp48_numbers

    start = text.index(span)
    found = [("PHONE_NUMBER", start, start + len(span), 0.6)]
    assert (without_fp48_numbers(text, found) == []) is dropped
