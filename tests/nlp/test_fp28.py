"""PII-free text the name rules read as a person's name (fp28, atk26's false positives; `proxy.nlp.fp28`): a support
call's line after a speaker's label that opens with a word that is a given name too (`Caller: My order hasn't
arrived yet.`, `Caller: Will you send me a confirmation?`), a city as a noun's modifier (`delay the Austin meetup`), a
Portuguese or Italian imperative opening a sentence (`Escreva um resumo`, `Spiega cos'è`), a word opening a sentence
as its subject's adjective or noun (`Sandy soil drains`, `Amber alerts fire`), a fixed phrase (`Dean's list`, `a Roth
IRA`), a product named like a person (`Victoria Metrics`, `Mock Server`, `Crystal` for a web server, `Rundeck`) and a
team under an owner column. Real names in the same frames stay names (`Caller: Bill White here`, `Caller: Will Turner
speaking`, `the Austin Wu meeting`). Each list: the tester's texts (tuned on), then held-out ones written before the
rules (`bench/data/fp28_holdout_*`)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    """The PERSON values found in `text`, without those inside another one (`Amber Lewis` also reads `Lewis`)."""
    values = {value for entity, value in await found(analyzer, text) if entity == "PERSON"}
    return sorted(v for v in values if not any(v != w and v in w for w in values))


NO_PERSON = [
    # transcript lines: tuned on (atk26 fp/transcript_lines.txt, fp/transcript_starters.txt)
    "Caller: My order hasn't arrived yet.",
    "Customer: My internet keeps dropping every evening.",
    "Caller: My bill is higher than last month.",
    "Caller: My card was charged twice.",
    "Patient: My back has been hurting since Monday.",
    "Guest: My room key stopped working.",
    "Caller: My package says delivered but it's not here.",
    "Caller: Will you send me a confirmation?",
    "Customer: Hope you can help me with a refund.",
    "Caller: May I speak to a supervisor?",
    "Customer: Bill me next month instead, please.",
    "Customer: Frank answer please: is it covered?",
    "Caller: Grace period ends when?",
    "Patient: Faith in this clinic is low, honestly.",
    "Customer: Joy, finally it works.",
    "Caller: Jack up the volume, I can't hear you.",
    "Customer: Ray of hope: the parcel moved.",
    # held out (bench/data/fp28_holdout_transcripts.txt)
    "Caller: My flight was cancelled this morning.",
    "Client: My payment did not go through.",
    "Customer: Will the discount still apply tomorrow?",
    "Patient: May I bring my husband to the appointment?",
    "Guest: May we check out a bit later?",
    "Caller: Hope this gets sorted today.",
    "Customer: Bill the company account, not my card.",
    "Caller: Mark my complaint as resolved then.",
    "Customer: Frank question: why the late fee?",
    "Patient: Grace period for the co-pay, is there one?",
    "Caller: Joy, the router works again.",
    "Customer: Jack the speed up, it is still slow.",
    "Guest: Ray of sunshine, that news.",
    "Caller: Dawn deliveries would suit me better.",
    "Customer: Faith in your service is gone.",
    "Caller: Chase the courier for me, please.",
    "Patient: Grant me an earlier slot if possible.",
    "Guest: Summer rates, do they still apply?",
    "Client: Will you email me the invoice?",
    "Caller: Rose petals were on the bed, lovely.",
    "Agent: Ruby red is out of stock, sorry.",
    "Caller: Hello, I'm calling about a refund.\nAgent: Sure.\nCaller: My card was charged twice.",
    # cities as modifiers: tuned on (atk26 fp/city_noun.txt, fp/business.txt)
    "We agreed to delay the Austin meetup by two weeks.",
    "We agreed to delay the Denver campaign by two weeks.",
    "We agreed to delay the Milan launch by two weeks.",
    "We agreed to delay the Boston meetup by two weeks.",
    "Summarise the meeting: we agreed to hire two engineers and delay the Berlin launch.",
    # held out (bench/data/fp28_holdout_cities.txt)
    "We postponed the Dallas workshop until March.",
    "Can you share the Atlanta budget with finance?",
    "They cancelled the Orlando conference this year.",
    "We doubled the Charlotte headcount in Q3.",
    "The Florence exhibition opens on Saturday.",
    "Please review the Adelaide proposal before noon.",
    "How did the Brisbane launch go?",
    # imperatives: tuned on (atk26 fp/imperatives.txt, fp/nonenglish.txt)
    "Escreva um resumo da reunião de ontem.",
    "Escreva uma carta de apresentação.",
    "Descreva o processo de fotossíntese.",
    "Spiega cos'è l'inflazione.",
    # held out (bench/data/fp28_holdout_imperatives.txt)
    "Reescreva este parágrafo de forma mais clara.",
    "Inscreva os alunos na turma de sábado.",
    # opening words, fixed phrases: tuned on (atk26 fp/sentence_initial_names.txt, fp/domain_prose.txt)
    "Dean's list criteria changed this year.",
    "Sandy soil drains faster than clay.",
    "Amber alerts fire when error rates exceed 2%.",
    "Compare a Roth IRA with a traditional IRA for a 30-year-old.",
    # held out (bench/data/fp28_holdout_terms.txt)
    "Sandy beaches erode faster than rocky coasts.",
    "Amber lights flash when the battery is low.",
    "Dean's list students get early registration.",
    "Ivy walls keep the building cool.",
    # products, teams: tuned on (atk26 fp/tech_names.txt, fp/code_snippets.txt, fp/records.txt)
    "Is Crystal fast enough for a web server?",
    "Compare Ansible Tower with Rundeck.",
    "Ask Sage to review the accounting export.",
    "Add Victoria Metrics as a Prometheus long-term store.",
    "Why is pytest reporting \"fixture 'Mock Server' not found\"?",
    "Name,Type,Owner\nOrders,table,Sales Ops\nRefunds,view,Finance Team",
    # held out
    "Is Jade still a good template engine for Express?",
    "Configure Heidi SQL to connect over SSH.",
    "Migrate the Victoria Logs data to the new cluster.",
    "Why does jest say \"Cannot find module 'Mock Adapter'\"?",
    "Name,Kind,Owner\nInvoices,table,Billing Ops\nPayouts,view,Treasury Team",
]


@pytest.mark.parametrize("text", NO_PERSON)
async def test_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


NAMES = [
    # real names after a speaker's label (held out: bench/data/fp28_holdout_names.tsv)
    ("Caller: Bill White here, calling about my order.", ["Bill White"]),
    ("Caller: This is Hope Young from flat 4.", ["Hope Young"]),
    ("Agent: Thanks, Grace.", ["Grace"]),
    ("Caller: Will Turner speaking.", ["Will Turner"]),
    ("Caller: Rob told me to call back today.", ["Rob"]),
    ("Caller: Hope here, about the refund.", ["Hope"]),
    ("Caller: Will here, again about the leak.", ["Will"]),
    ("Customer: Frank Miller.", ["Frank Miller"]),
    ("Caller: May Chen, policy holder.", ["May Chen"]),
    ("Caller: Dawn called yesterday about this.", ["Dawn"]),
    ("Customer: Jack said the driver never came.", ["Jack"]),
    ("Agent: Hello Bill, how can I help?", ["Bill"]),
    ("Caller: My name is Chase Porter.", ["Chase Porter"]),
    ("Caller: Grace, from the downstairs flat.", ["Grace"]),
    # a person beside a city's name
    ("We postponed the Austin Wu meeting until March.", ["Austin Wu"]),
    ("Boston Reid called about the invoice.", ["Boston Reid"]),
    ("Ask Denver Lopez about the budget.", ["Denver Lopez"]),
    # products' and opening words' names as people
    ("Crystal Moore will present the roadmap.", ["Crystal Moore"]),
    ("Ask Sage Thompson to review the export.", ["Sage Thompson"]),
    ("Amber Lewis sent the alerts report.", ["Amber Lewis"]),
    ("Name,Type,Owner\nOrders,table,Sarah Connor\nRefunds,view,Tom Baker", ["Sarah Connor", "Tom Baker"]),
]


@pytest.mark.parametrize(("text", "names"), NAMES)
async def test_names_stay(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    assert await persons(analyzer, text) == names
