"""sur34 (atk33 F04, F08): a surname sent beside a redacted given name: `last=`/`lname=`/`surname=`/`family_name=`
key=value pairs, BibTeX `author`/`editor` lists (`Surname, Given and ...`), and `Surname, Given` after a lower-case
label, first in a `;` list, in a payroll line after an id, before an initial / `(Dept)` / `, PhD`, with an all-caps
surname. Names and phrasings are held out (not the report's); the look-alikes go as sent."""

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


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("Cite this: @book{l2019, author = {Baker, Susan and Carter, Robert}, title = {On Floods}, year = {2019}}",
     ["Baker", "Susan", "Carter", "Robert"], ["title = {On Floods}", "year = {2019}"]),
    ('@inproceedings{x, editor = "Fisher, Linda and Tanaka, Yuki", booktitle = {Proc}}',
     ["Fisher", "Linda", "Tanaka", "Yuki"], ["booktitle = {Proc}"]),
    ("Parse: ts=2026-01-02 level=warn event=signup fname=Linda lname=Fisher plan=pro",
     ["Linda", "Fisher"], ["plan=pro", "level=warn"]),
    ("curl -X POST -d 'first_name=Yuki&last_name=Tanaka&plan=basic' https://api.example.com/users",
     ["Yuki", "Tanaka"], ["plan=basic"]),
    ("Query string: ?given_name=Robert&family_name=Carter&lang=en", ["Robert", "Carter"], ["lang=en"]),
    ("log: user_id=88 first=Susan surname=Baker status=ok", ["Susan", "Baker"], ["status=ok"]),
    ("Shifts this week. lead: Tanaka, Yuki; relief: Fisher, Linda", ["Tanaka", "Yuki", "Fisher", "Linda"],
     ["lead:", "relief:"]),
    ("Reviewers: Carter, Robert; Baker, Susan; Tanaka, Yuki", ["Carter", "Robert", "Baker", "Susan"],
     ["Reviewers:"]),
    ("Why is this wrong?\nEmployee: 00457 Carter, Robert  Dept 12  Rate 41.00", ["Carter", "Robert"],
     ["Dept 12", "Rate 41.00"]),
    ("Checked by Baker, Susan M. and merged.", ["Baker", "Susan"], ["and merged."]),
    ("Ask Fisher, Linda (Finance) about the budget.", ["Fisher", "Linda"], ["(Finance) about the budget."]),
    ("Credit to Tanaka, Yuki, MD, for the chart review.", ["Tanaka", "Yuki"], ["for the chart review."]),
    ("Approved by CARTER, Robert last week.", ["CARTER", "Robert"], ["last week."]),
    # the report's own shapes (atk33 F04, F08), which went out before this change
    ("Format this: @article{m2020, author = {Miller, David and Gonzalez, Maria}, title = {On Things}}",
     ["Miller", "David", "Gonzalez", "Maria"], ["title = {On Things}"]),
    ("Parse this log line: level=info msg=signup first=David last=Miller", ["David", "Miller"], ["level=info"]),
    ("Why is lname empty? curl -d 'fname=David&lname=Miller' https://api.acme.com/leads", ["David", "Miller"],
     ["' https://api.acme.com/leads"]),
    ("Rota for next week. primary: Kerr, Dana; backup: Raman, Priya", ["Kerr", "Dana", "Raman", "Priya"],
     ["primary:", "backup:"]),
    ("Approvers: Raman, Priya; Kerr, Dana; Okafor, Chidi", ["Raman", "Priya", "Kerr", "Dana"], ["Approvers:"]),
    ("Payroll line:\nEmployee: 00123 Raman, Priya  Dept 40  Rate 55.00", ["Raman", "Priya"], ["Dept 40"]),
    ("Reviewed by Nakamura, Kenji R. and approved.", ["Nakamura", "Kenji"], ["and approved."]),
    ("Thanks to Nakamura, Kenji, PhD, for the review.", ["Nakamura", "Kenji"], ["PhD, for the review."]),
    ("Contact Nakamura, Kenji (Legal) about the NDA.", ["Nakamura", "Kenji"], ["(Legal) about the NDA."]),
]
PLAIN = [  # PII-free look-alikes
    "The service is owned by Payments, North America.",
    "primary: Payments, North America; backup: Billing, Grace Period",
    "We moved to Austin, Texas; the lab stayed in Boston, Massachusetts.",
    "Run it with last=10 and first=5 to page the results.",
    "curl -d 'fname=config.yaml&lname=settings.json' http://localhost:8080/upload",
    "Set surname=required and family_name=optional in the form schema.",
    "@misc{k, author = {{Acme Corporation}}, title = {Annual Report}, year = {2021}}",
    "@techreport{t, author = {Microsoft Research}, institution = {MSR}}",
    "region: Austin, Texas; fallback: Salem, Oregon",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 5])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
