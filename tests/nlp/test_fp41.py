"""fp41 (issue 12's false positives): science terms before their heads through a list of techniques (`Raman and
infrared spectroscopy`), a country before its city (`Kenya: Nairobi`), the Italian letter opening `Spett.le Ditta`,
`Café Crème`, a heading's noun (`Numbers by country:`), regions named like people in a place's frame (`battered
Brittany`), firms before a plural verb (`Russell Hobbs are popular`), eponyms' heads (`the Brayton cycle`, `Mohr's
circle`), characters beside their work (`Elsa and Anna sing in Frozen`, `Bruce Wayne is Batman`) and an AWS host name
on a network base (`ip-172-31-0-0`) go as sent; real people in the same frames (`Dr. Raman will see you`, `Anna
Kowalski called`, `Brittany Moreau`, `John Hobbs`) stay redacted."""

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
    # science terms through a list of techniques
    "Raman and infrared spectroscopy are complementary.",
    "Raman or IR spectra: which suits wet samples?",
    "Compare Raman and fluorescence microscopy for live cells.",
    "The Raman band at 1580 cm-1 is the G band.",
    "Raman peaks shift under strain.",
    "Brillouin and Raman scattering differ in frequency.",
    "Confocal Raman imaging maps the tablet.",
    "Auger electron spectroscopy probes the surface.",
    "Cherenkov radiation glows blue in the pool.",
    # countries and their cities, letter openings, drinks, headings
    "Kenya: Nairobi",
    "Georgia: Tbilisi\nJordan: Amman",
    "Chad: N'Djamena",
    "Spettabile Ditta, con la presente vi comunichiamo il listino.",
    "Spett.le Ditta, alleghiamo la fattura n. 12.",
    "We had a Café Crème and a croissant.",
    "Numbers by country:",
    "Numbers per year:\n2023: 14\n2024: 19",
    # regions named like people
    "Storm Ciarán battered Brittany overnight.",
    "Winds battered Brittany and Normandy.",
    "We toured Brittany by bike in June.",
    "The coast of Brittany is rugged.",
    # firms before a plural verb or a consumer word
    "Russell Hobbs are popular in the UK.",
    "Are Russell Hobbs irons any good?",
    "A Russell Hobbs kettle boils fast.",
    # eponyms
    "Newton's method converges quadratically.",
    "Horner's method evaluates a polynomial.",
    "Compute the efficiency of the Carnot cycle.",
    "Simulate a Rayleigh fading channel.",
    "Sample with Langevin dynamics.",
    "Plot the Bloch oscillations in the lattice.",
    "Use Thales's circle to find the right angle.",
    "Compute Cohen's d statistic for both groups.",
    "Model the pile as an Euler-Bernoulli beam.",
    # characters beside their work
    "Elsa and Anna sing in Frozen.",
    "Bruce Wayne is Batman.",
    "Simba and Nala grow up in The Lion King.",
    "Tony Stark builds the suit in Iron Man.",
    "Clark Kent is Superman.",
    "Elizabeth Bennet dances with Darcy in Pride and Prejudice.",
    # an AWS host name on a network base
    "ssh ec2-user@ip-172-31-0-0",
    "kubectl describe node ip-10-0-0-0.ec2.internal",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Dr. Raman will see you now.", ["Raman"], ["will see you"]),
    ("Ask Raman about the spectroscopy results.", ["Raman"], ["spectroscopy results"]),
    ("Raman said the spectrum looks noisy.", ["Raman"], ["the spectrum"]),
    ("Kowalski collected spectra all night.", ["Kowalski"], ["collected spectra"]),
    ("Anna Kowalski called about the invoice.", ["Anna", "Kowalski"], ["called about"]),
    ("Brittany Moreau sent the report.", ["Brittany", "Moreau"], ["sent the report"]),
    ("Email Brittany about the Normandy trip.", ["Brittany"], ["Normandy trip"]),
    ("John Hobbs approved the budget.", ["John Hobbs"], ["approved the budget"]),
    ("Russell Hobbs called about his order.", ["Russell Hobbs"], ["called about"]),
    ("Elsa Lindqvist called about the Frozen tickets.", ["Elsa", "Lindqvist"], ["Frozen tickets"]),
    ("Dear Bruce Wayne, your Batman parcel is ready.", ["Bruce Wayne"], ["your Batman parcel"]),
    ("Wade Wilson called to reschedule.", ["Wade Wilson"], ["called to"]),
    ("Kowalski's algebra class starts at nine.", ["Kowalski"], ["algebra class"]),
    ("Sarah's B test results came back.", ["Sarah"], ["test results"]),
    ("Kenya Thompson: Nairobi office lead.", ["Kenya Thompson"], ["Nairobi office"]),
    ("Ditta Kowalska wrote back.", ["Kowalska"], ["wrote back"]),
    ("ssh ec2-user@ip-172-31-5-9", ["172-31-5-9"], ["ssh ec2-user@ip-"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::6])
@pytest.mark.parametrize("size", [0, 3])
async def test_look_alikes_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_in_the_same_frames_redacted(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
