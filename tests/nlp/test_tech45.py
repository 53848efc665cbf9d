"""tech45: tech43 re-landed without dropping real names (it dropped `git commit --author Maria` and an HL7
`PV1|...|3^Webb^Marcus` inside a JSON string: a flag's person value and an HL7 name component are never code tokens),
and command-line flags read as a person (a PowerShell flag after a line continuation, `-Name Handler`, `--name
Handler`), and leftovers of the class (`-Xmx8g ... Xmx`, `Trie`, `68 °F`, `Slack Block Kit`). Values are not the
failing tests' own; people in the same syntaxes stay redacted."""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
MSH = "MSH|^~\\&|CERNER|MERCY|LIS|MERCY|202501150830||ADT^A04|7781|P|2.5.1\r"


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


PLAIN = [  # PII-free: each went out altered on main or with tech43 re-landed
    "Get-ChildItem -Path C:\\temp `\n  -Recurse",
    "Get-ChildItem -Path C:\\tmp\\logs `\n    -Recurse `\n    -Verbose",
    "New-Item -Path C:\\temp -Name Handler",
    "docker run --rm --name Handler --restart always nginx",
]
LEFTOVERS = [  # PII-free (dev probes' leftovers, values of our own): a flag's name, a data structure, a unit, a kit
    "JVM options: -Xms1g -Xmx8g -XX:+UseZGC. Should Xms match Xmx in production?",
    "Trie lookups are O(k) in the key length.",
    "Set the oven to 350 °F and the thermostat to 68 °F.",
    "Build the modal with the Slack Block Kit builder.",
]
KEPT = [  # PII-free commands that must stay as sent (the flags around the fixed ones)
    "Get-ChildItem -Path C:\\temp -Recurse -Filter *.log",
    "Remove-Item -Path C:\\temp\\old `\n  -Recurse `\n  -Force -Verbose",
    "New-Item -Path C:\\temp `\n-Name Reports -ItemType Directory",
    "Copy-Item -Path C:\\temp\\a.txt `\n  -Destination C:\\backup -Force",
]
NAMED = [  # (text, what must not go out): people after a person's flag, in HL7 components, after `-Name`
    ("git commit --author Maria", ["Maria"]),
    ("git log --author Webb --since=1.week", ["Webb"]),
    ("git commit --committer=Halvorsen -m wip", ["Halvorsen"]),
    ("gh pr create --reviewers Anna,Ben --title Retry", ["Anna", "Ben"]),
    (json.dumps({"hl7": MSH + "PID|1||5^^^M^MR||NOVAK^PETRA||1980|F\rPV1|1|I|W||||3^Webb^Marcus"}),
     ["NOVAK", "PETRA", "Webb", "Marcus"]),
    ("New-LocalUser `\n-Name \"Maria Lopez\" `\n-NoPassword", ["Maria", "Lopez"]),
    ("New-LocalUser -Name Maria `\n-NoPassword", ["Maria"]),
    ("-Maria Lopez\n-John Smith", ["Maria", "Lopez", "John", "Smith"]),  # a list, no command
    ("Thanks, see you then.\n-Maria", ["Maria"]),  # a sign-off
    ("Kit Harington played Jon Snow.", ["Kit", "Harington"]),
    ("Thanks, Kit! The starter kit arrived.", ["Kit"]),
    ("The UI Kit was designed by Kit Chen.", ["Chen"]),
]


@pytest.mark.parametrize("text", PLAIN + LEFTOVERS + KEPT)
async def test_flags_and_flag_values_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_people_in_flags_and_hl7_stay_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
