"""acct39 (atk39 F04, F08, F12): logins made of an initial and a surname in login positions (quoted after `user`/`by`,
an Apache log's authuser, `Owner:`/`Backup:` keys, counts lists), every `@first.last` handle, names glued in camel
case (`#GivenSurname`, `@GivenSurname`, `givenSurnameThing`), couples sharing a surname (`X and Y Surname`), a double
surname's first half, and given-name speaker labels of transcripts. Names are held out (not the report's); the
look-alikes go as sent."""

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


NAMED = [  # (text, what must not go, what must stay as written)
    ("Merged PRs this sprint: bthompson 21, ngallagher 17, rdelacroix 8", ["bthompson", "ngallagher"],
     ["Merged PRs this sprint:", " 21,"]),
    ("Audit: user 'ngallagher' removed from group by 'bthompson' at 14:40", ["ngallagher", "bthompson"],
     ["removed from group", "at 14:40"]),
    ('203.0.113.9 - kbrennan [02/Feb/2025:09:10:11 +0000] "GET /admin HTTP/1.1" 403 12', ["kbrennan"],
     ['"GET /admin HTTP/1.1" 403 12']),
    ("Owner: gallagher_n; Backup: thompson_b", ["gallagher_n", "thompson_b"], ["Owner: ", "; Backup: "]),
    ("Assigned: @beatrice.thompson, reviewer: @niamh.gallagher", ["beatrice.thompson", "niamh.gallagher"],
     ["Assigned: @", ", reviewer: @"]),
    ("Well done #BeatriceThompson on the launch!", ["BeatriceThompson"], ["Well done #", " on the launch!"]),
    ("Follow @NiamhGallagher for release notes.", ["NiamhGallagher"], ["Follow @", " for release notes."]),
    ("const beatriceThompsonSettings = read();", ["beatriceThompson"], ["Settings = read();"]),
    ("Jo and Lesley Pennington-Hurst phoned about the loan.", ["Jo and", "Pennington"], ["phoned about the loan."]),
    ("Account holders: Grzegorz and Małgorzata Kowalski.", ["Grzegorz", "Kowalski"], ["Account holders:"]),
    ("12/05/2025, 08:01 - Beatrice: on my way\n12/05/2025, 08:02 - Kalani: ok", ["Beatrice", "Kalani"],
     [": on my way", ": ok"]),
    ("<Beatrice> is the build green?\n<Dilnoza> yes", ["Beatrice", "Dilnoza"], ["> is the build green?", "> yes"]),
    ('84.17.203.66 - jenkins [01/May/2024:10:00:00 +0000] "POST /build HTTP/1.1" 302 0', [],
     ['- jenkins [01/May/2024:10:00:00 +0000] "POST /build HTTP/1.1" 302 0']),
    ("Beatrice: hi\nAdaora: hello, the contract is signed", ["Beatrice", "Adaora"], ["hello, the contract is signed"]),
]
PLAIN = [  # PII-free look-alikes
    "Tickets closed this week: platform 14, billing 11, infra 9",
    "Tickets closed: root 3, admin 5, deploy 7, jenkins 2",
    "Audit: user 'root' granted admin by 'admin' at 10:02",
    "Audit: user 'www-data' ran cron by 'deploy' at 10:02",
    "Owner: platform_team; Backup: sre_oncall",
    "Join us at #BlackFriday and #DevOpsDays this year!",
    "Follow @GitHub and @YouTube for updates.",
    "We use PowerShell, JavaScript, GitHub, YouTube and DevOps.",
    "const maxRetries = getUserProfile(firstName, lastName);",
    "User: hi there\nAssistant: hello, how can I help?",
    "System: you are helpful\nUser: write code\nBot: sure",
    "<ChanServ> welcome\n<NickServ> identify please",
    "Errors: timeout 14, refused 11, reset 9",
    "Ping @dev.team about @config.yaml",
    "Note: this is important\nSummary: done\nStep 2: run",
    "Build stats: compile 14, link 11, test 9",
    "class WilliamsonEtherSynthesis: pass",
    "#MachineLearning and #DataScience are trending",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), [NAMED[k] for k in (1, 2, 3, 4, 5, 6, 7, 8, 9)])
@pytest.mark.parametrize("size", [0, 5])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
