"""brand42 (fpatk42 FP01, FP02, FP06): lesser-known brands, project/team/release codenames, game and music-software
titles, sports clubs and grounds go as sent (issue 12's false positives); the same words as people's names stay
redacted (`Hazel Okafor`, `Team lead Rowan Price`, `Milan Novak called`, `Luna Reyes`)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


PLAIN = [
    # codenames
    "Status: Project Aurora is on track, Project Quartz slipped two days.",
    "Notes: Orion team closed the epic; Vega team starts load tests.",
    "One line each: Atlas (billing), Phoenix (search), Hermes (notifications).",
    "Release train Hazel ships Thursday; train Ivy follows on the 20th.",
    "Workstream Echo: move logs. Workstream Delta: move metrics.",
    "Project Maple's budget was approved.",
    "Team Rowan will demo on Friday.",
    "Our internal codename for the new app is Luna.",
    "Orion (service mesh): on track.",
    # titles
    "How do I get better at Elden Ring bosses?",
    "Which Zelda game should I start with?",
    "Tips for Baldur's Gate 3 on tactician difficulty.",
    "Is Hollow Knight harder than Celeste?",
    "Stellaris or Europa Universalis IV?",
    "Compare the Witcher games and the books.",
    "Max for Live devices for generative music.",
    # clubs and grounds
    "Hertha and Union both play in Berlin.",
    "The San Siro is shared by Inter and Milan.",
    "Preview: Fiorentina away at Torino.",
    "Blackburn Rovers and Preston North End meet on Saturday.",
    "Urawa Reds are top of the J-League.",
    "Everton's move to Bramley-Moore Dock.",
    # brands
    "Draft a competitor analysis of Spotify, Apple Music and Deezer.",
    "Should we sell on Zalando or build our own store?",
    "We want SSO with Okta for the admin panel.",
    "Maersk and Hapag-Lloyd added capacity on the route.",
    "Compare Ableton Live, Logic Pro and FL Studio.",
    "Write a Gherkin feature file for the login page.",
    "Zomato and Swiggy both expanded in Pune.",
    "Why did Northvolt file for bankruptcy?",
    "Mercado Libre grew fast in Brazil.",
    "Explain the difference between Uber Eats and Glovo.",
]

NAMED = [  # (text, the name's parts that must not go)
    ("Hazel Okafor leads Project Aurora.", ["Hazel", "Okafor"]),
    ("Team lead Rowan Price will present the demo.", ["Rowan", "Price"]),
    ("Milan Novak called about the match.", ["Milan", "Novak"]),
    ("Luna Reyes runs the Vega team.", ["Luna", "Reyes"]),
    ("Please email Celeste Martin about the game night.", ["Celeste", "Martin"]),
    ("Mario Rossi scored twice in the match.", ["Mario", "Rossi"]),
    ("Rowan Price is on Team Atlas.", ["Rowan", "Price"]),
    ("Ivy Nakamura will join the release train.", ["Ivy", "Nakamura"]),
    ("Priya Raman (design) and Tom Becker (backend) joined.", ["Priya", "Raman", "Tom Becker"]),
    ("Max Becker played in the company football match.", ["Max", "Becker"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_look_alikes_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await _streamed(guard, text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []


@pytest.mark.parametrize(("text", "values"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
