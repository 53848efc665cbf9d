"""fp31 (atk30's FP3-FP6 and the lead's Spanish opening; `proxy.nlp.fp31`).

- PII-free text the name rules read as names: `Reg.` of a company's registration, a French imperative opening a
  sentence (`Écris un message`), the NER's span over opening words and a number (`Recepción abierta de 9 a 18 h.`),
  a country or a US state beside another place or before a state's affairs (`Jordan and Morocco`, `Georgia's sales
  tax`), hotel chains (`Hilton and Marriott`, `The Ritz-Carlton venue`), a language in a sentence about software
  (`Haskell's laziness`), a system's name before its noun or in apposition (`Darwin kernel`, `Homer, our internal
  dashboard,`); real names in the same words stay names (`Jordan Lee`, `Georgia said`, `Ask Homer Simpson`).
- PII-free numbers the phone rules read as phone numbers: a build's, run's, job's, request's, firmware's or
  version's number after its word, in requests and in answers; a phone number after `number is` in a phone's
  sentence, or one someone is reached at, stays a phone number.
Each list: the tester's texts (tuned on), then held-out ones (`# held-out`).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, found

RULE = {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}
P = policy(input={"pii": {**RULE, "restore": True}}, output={"pii": RULE})

NO_PERSON = [
    # atk30 FP3, FP4, FP6 and the lead's (tuned on)
    "Please shorten this footer: Reg. No. 12345678",
    "Please shorten this footer: Reg. office: 1 Main Street, London",
    "Please shorten this footer: Reg. charity 1122334",
    "Please shorten this footer: Co. Reg. No. 201912345K",
    "Please shorten this footer: Reg. Nr. HRB 12345",
    "Écris un message pour remercier l'équipe support.",
    "Recepción abierta de 9 a 18 h.",
    "Jordan and Morocco are the next markets for the logistics pilot, according to the strategy deck.",
    "Georgia's sales tax rules changed; update the invoicing templates for Atlanta customers.",
    "Hilton and Marriott both offer corporate rates, but our policy caps hotels at 180 euros.",
    "The Ritz-Carlton venue is booked for the customer summit in October.",
    "The Wells Fargo statement arrives on the 5th; reconcile it before the board pack.",
    "Haskell's laziness caused the space leak; add a bang pattern to the accumulator.",
    "Homer, our internal dashboard, links to every service's runbook.",
    "Darwin kernel panics on the M1 build agents after the Xcode 15 upgrade.",
    # held-out
    "Reg. no. 556677, registered in Scotland",
    "Company Reg. No. 09876543, VAT GB123456789",
    "Rédigez une lettre de motivation pour un poste de comptable.",
    "Traduis ce paragraphe en anglais, s'il te plaît.",
    "Résumez les points clés de la réunion d'hier.",
    "Entrega gratuita de 3 a 5 días laborables.",
    "Chile and Peru are next on the expansion roadmap.",
    "Nevada's minimum wage went up in July, so update the payroll tables.",
    "Kenya or Tanzania will host the second pilot site.",
    "Erlang's actor model makes supervision trees easy to reason about.",
    "Sheraton and Hyatt both have rooms near the conference centre.",
    "The Westin ballroom is booked for the awards night.",
    "Hermes, the notification service, retries failed webhooks.",
    "Minerva dashboard shows the nightly batch failures.",
    "Why does the Minerva dashboard show no failures?",
    "The Wells Fargo wire arrived this morning.",
]


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return sorted({value for entity, value in await found(analyzer, text) if entity == "PERSON"})


@pytest.mark.parametrize("text", NO_PERSON)
async def test_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


NAMES = [
    # (text, words that must be inside a PERSON finding); held-out all
    ("Jordan Lee signed the contract yesterday.", ["Jordan", "Lee"]),
    ("Georgia Smith said the budget is fine.", ["Georgia", "Smith"]),
    ("Ask Homer Simpson about the dashboard.", ["Homer", "Simpson"]),
    ("Georgia said the numbers look off.", ["Georgia"]),
    ("Jordan and Priya will join the call.", ["Jordan", "Priya"]),
    ("Virginia told me the compiler is broken.", ["Virginia"]),
    ("Hilton will present the hotel plan.", ["Hilton"]),
    ("Homer, our new hire, starts Monday.", ["Homer"]),
    ("Call Darwin about the kernel panics.", ["Darwin"]),
    ("Reg Holloway approved the invoice.", ["Reg", "Holloway"]),
    ("Écrivez à Camille Durand demain.", ["Camille", "Durand"]),
    ("María Recepción de 9 llamó ayer.", ["María"]),
    ("Give Priya cluster access before the audit.", ["Priya"]),
    ("Hilton and Marriott will join the call.", ["Hilton", "Marriott"]),
]


@pytest.mark.parametrize(("text", "words"), NAMES)
async def test_names_stay(analyzer: PiiAnalyzer, text: str, words: list[str]) -> None:
    spans = await persons(analyzer, text)
    assert all(any(w in s.split() for s in spans) for w in words), spans


NO_PHONE = [
    # atk30 FP5 (tuned on)
    "The build number is 20241130042 and the commit is 4f1c2ab.",
    "The build number is 2024113042.",
    "The request number is 3125550199.",
    "The job number is 8005551212.",
    "The run number is 20241130042.",
    "The firmware version 2024113042 of the phone app fixes the crash.",
    "The phone app crashed on build 6175550143",
    "Telefon-Modul Firmware 2024113042 wurde ausgerollt.",
    # held-out
    "The build number is 3125550143.",
    "Job 4155550123 failed after 20 minutes.",
    "Request 2125550187 timed out at the gateway.",
    "Pipeline run 8185550101 is green again.",
    "Firmware 6175550188 is rolling out to the phone fleet.",
    "Firmware-Version 2024120101 ist ab heute verfügbar.",
    "The mobile app release 2024120415 fixes the login crash.",
]
PHONES = [
    # held-out: a phone number after `number is` or a build's word in a phone's sentence
    "My phone number is 6175550143.",
    "Call the support line; the number is 6175550143.",
    "Reach me after the release: 6175550143",
    "My number for the build is 6175550143.",
    "The build team phone is 6175550143.",
    "Text me at 6175550143 when the job finishes.",
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


@pytest.mark.parametrize("text", NO_PHONE)
async def test_build_numbers_unchanged(guard: Guard, text: str) -> None:
    assert await _both(guard, text) == (text, text)


@pytest.mark.parametrize("text", PHONES)
async def test_phones_still_redacted(guard: Guard, text: str) -> None:
    sent, answer = await _both(guard, text)
    assert "6175550143" not in sent
    assert "6175550143" not in answer


# atk30 F28, F31: names by a site's or a tool's convention; (text, what must not be sent)
SLUG_NAMES = [
    # the tester's (tuned on)
    ("Here is my profile https://www.linkedin.com/in/dmitri-volkov-4b2a1/", ["dmitri", "volkov"]),
    ("Book via https://calendly.com/chidi-okafor/30min", ["chidi", "okafor"]),
    ("Join https://zoom.us/my/chidi.okafor", ["chidi", "okafor"]),
    ("assign to ChidiOkafor in Jira", ["ChidiOkafor"]),
    ("cc @chidi.okafor and @dmitri_volkov please review", ["chidi", "okafor", "dmitri", "volkov"]),
    ("<@U012AB3CD|chidi.okafor> can you check?", ["chidi", "okafor"]),
    ("Received: from Chidis-MacBook-Pro.local (unknown)", ["Chidis"]),
    ("Dec  6 10:15:00 Dmitris-MacBook-Air sshd[1234]: Accepted publickey for admin", ["Dmitris"]),
    # held-out
    ("See https://www.linkedin.com/in/priya-raghunathan/ for her background.", ["priya", "raghunathan"]),
    ("Grab a slot at https://calendly.com/maria-gonzalez/intro-call", ["maria", "gonzalez"]),
    ("Personal room: https://zoom.us/my/james.whitfield", ["james", "whitfield"]),
    ("Please assign to MariaGonzalez before Friday.", ["MariaGonzalez"]),
    ("thanks @sofia.rossi for the fix, and @james_whitfield for the review", ["sofia", "rossi", "james", "whitfield"]),
    ("<@W0ABCDEF12|priya.raghunathan> left the channel", ["priya", "raghunathan"]),
    ("Last login from Sofias-MacBook-Air.local on ttys001", ["Sofias"]),
    ("ssh priyas-macbook-pro.local", ["priyas"]),
]
SLUG_LOOKALIKES = [
    "Our company page is https://www.linkedin.com/company/acme-analytics/",
    "Book a demo at https://calendly.com/acme-sales/demo",
    "npm i @types/node @babel/core",
    "@here the deploy is done, @channel please verify",
    "@dependabot rebase",
    "The runner Build-MacBook-Pro.local is offline.",
    "build-macbook-pro.local is offline",
    "Ping @release-bot when the tag is cut.",
    "Join the room https://zoom.us/my/acmeteam",
    "Follow https://www.linkedin.com/in/acme-data-platform for updates",
    "assign to QATeam in Jira",
    "Use JavaScript or TypeScript with GraphQL and PostgreSQL.",
    '@mock.patch("app.client")\ndef test_it(client): ...',
    "@ray.remote\ndef work(x):\n    return x",
    "Set @max.retries to 5 in the config.",
    "Decorate it with @pytest.mark.parametrize and @jax.jit.",
]


@pytest.mark.parametrize(("text", "words"), SLUG_NAMES)
async def test_slug_names_redacted(guard: Guard, text: str, words: list[str]) -> None:
    sent = (await guard.input(P, [text])).texts[0] or text
    assert not any(w in sent for w in words), sent


@pytest.mark.parametrize("text", SLUG_LOOKALIKES)
async def test_slug_lookalikes_unchanged(guard: Guard, text: str) -> None:
    assert (await guard.input(P, [text])).texts[0] in (None, text)
