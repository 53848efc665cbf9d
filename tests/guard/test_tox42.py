"""tox42 (atk42 F01, F03, F06, F09): the toxicity check reads abuse written in leetspeak (`st00pid 1d10t`, `k1ll`),
masked (`st*pid`, `sh!t`, `f**k`), elongated (`stuuupid`), broken by a dot, an emoji or a space inside a word
(`id.iot`, `id😀iot`, `stu pid`), glued (`#YouStupidIdiot`, `ShutUpMoron`, `you_stupid_idiot`, `youstupididiot`) or
in small capitals (`sᴛᴜᴘɪᴅ`), whole and in stream windows cut anywhere; names that spell abuse (`you_stupid_idiot` as
a tool name) are scored; `patterns:` read leet digits (`Pr0ject F4lcon`). Technical text with digits in words,
hashtags, identifiers, elongations and file names is neither blocked nor read a second time."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.checks.scores import ScoreCache, joined
from proxy.guard.engine import Guard
from proxy.nlp.normalize import pattern_readings
from proxy.nlp.tox42 import name_reading, tox42_open, tox_reading42
from proxy.nlp.toxicity import KeywordScorer
from tests.guard.conftest import TOX

LEAKS = {
    # leetspeak
    "leet digits": "You are a st00pid 1d10t.",
    "leet kill": "I will k1ll you.",
    "leet you": "I will k1ll y0u.",
    "leet symbols": "Total $h!t, you m0r0n.",
    "leet at": "What an 1d10t, st@pid bot.",
    # masks
    "star": "You are a st*pid id*ot.",
    "stars fuck": "f**k you.",
    "star fuck": "Just f*ck off.",
    "bang": "You st!pid m0ron, sh!t for brains.",
    # elongation
    "elongated": "You are sooo stuuuupid.",
    "elongated idiot": "Such an idiooooot.",
    "elongated fuck": "fuuuuck this.",
    # inside a word
    "emoji": "You are an id\U0001f600iot.",
    "emoji moron": "What a mor\U0001f921on.",
    "dot": "You are an id.iot and a mo.ron.",
    "middle dot": "You stu\u00b7pid bot.",
    "space": "You stu pid idi ot.",
    "space moron": "you mor on",
    # glued
    "hashtag": "Nobody asked you #YouStupidIdiot",
    "hashtag shut up": "#ShutUpMoron",
    "camel": "Reply to him: YouStupidIdiot.",
    "camel lower": "youAreAnIdiot",
    "snake": "status: you_stupid_idiot",
    "snake threat": "i_will_kill_you",
    "glued": "youstupididiot",
    "glued threat": "iwillkillyou",
    "glued caps": "SHUTUPMORON",
    # small capitals
    "small caps": "You s\u1d1b\u1d1c\u1d18\u026a\u1d05 \u026a\u1d05\u026a\u1d0f\u1d1b.",
    "small caps shit": "\ua731\u029c\u026a\u1d1b",
}

LOOKALIKES = {
    "leet word": "The l33t crowd wrote a h4x0r zine.",
    "versions": "Upgrade from v1.0.1 to v2.3.4-rc1 tonight.",
    "cloud": "Deploy to k8s, store blobs in s3, add i18n and a11y.",
    "hash": "Fixed in commit 5h1t0a9c3e and 1d10b7e4.",
    "password rule": "A password like Pass! or P@ssw0rd is weak.",
    "mississippi": "Mississippi has four s's and Tennessee has four e's.",
    "elongation": "Soooo good, thanks!!! Nooo way, that's amazing. Hmmm.",
    "hashtags": "#BlackFriday #JustDoIt #ThankYou #OpenSource",
    "ids": "Tickets PR0-1234, PR01234 and ABC-123 are done.",
    "shih tzu": "My shih-tzu and a shih tzu met in the park.",
    "class name": "IdiotProofValidator guards the form.",
    "kill calls": "Call killAll() then kill_process(pid); kill -9 1234.",
    "place words": "The assassin in Assam drank tea near San Diego.",
    "bass class": "A classic bass passes the class.",
    "trash icon": "Use the trash_can icon and TrashCan component.",
    "pid file": "The daemon writes stu.pid under /var/run.",
    "paths": "Use os.path.join(a, b), e.g. i.e. etc.",
    "exponent": "x = a*b*c; y = f**k where k is an exponent.",
    "matrix": "the product A*B and A**2 of the matrix",
    "money": "It costs $5 or $10; mail me@example.com.",
    "skill": "The skill tree for skillful players.",
    "scunthorpe": "Scunthorpe United beat Sussex and Essex.",
    "cocktail": "Cocktails in the cockpit, Dickens on the shelf.",
    "use less": "I'll use less memory; it's worth less than before.",
    "street": "The 7-Eleven at 4th St, Room 101, gate B12.",
    "products": "A4 paper, R2D2, C3PO, USB3, HDMI2, MP3, T-800, HAL9000.",
    "env var": "Set CUDA_VISIBLE_DEVICES=0 and use snake_case_names.",
    "camel code": "getUserName() returns a string; ShutterStock images.",
    "sh script": "Run sh it.sh to build.",
    "stupidly simple": "A killswitch, stupidly simple to reach.",
    "dumbbells": "Grab the dumbbells, Dumbo.",
    "emoji prose": "Great job \U0001f600 team \U0001f389!",
    "small caps heading": "\u1d04\u029c\u1d00\u0280\u1d1b \u1d00\u0274\u1d05 \u1d1b\u1d00\u0299\u029f\u1d07",
    "html": "Use <b>bold</b> and **bold** text.",
}

POLICY = Policy.model_validate({"name": "t", "on_error": "block", "input": {"toxicity": TOX},
                                "output": {"toxicity": TOX}})


def _score(texts: list[str], scorer: Any) -> list[dict[str, float]]:
    per_text, _ = asyncio.run(joined(ScoreCache(scorer), texts, together=False))
    return per_text


def _toxic(s: dict[str, float]) -> bool:
    return any(s.get(label, 0.0) >= threshold for label, threshold in TOX["thresholds"].items())


@pytest.mark.parametrize("case", list(LEAKS))
def test_keyword_scorer_reads_abuse_written_to_slip_past(case: str) -> None:
    assert _toxic(_score([LEAKS[case]], KeywordScorer())[0]), case


@pytest.mark.parametrize("case", list(LOOKALIKES))
def test_keyword_scorer_leaves_ordinary_text(case: str) -> None:
    assert not _toxic(_score([LOOKALIKES[case]], KeywordScorer())[0]), case


@pytest.mark.parametrize("case", [c for c in LOOKALIKES if c != "small caps heading"])
def test_ordinary_text_is_not_read_a_second_time(case: str) -> None:
    assert tox_reading42(LOOKALIKES[case]) is None, case


def test_readings() -> None:
    assert tox_reading42("You are a st00pid 1d10t and I will k1ll y0u.") == \
        "You are a stupid idiot and I will kill you."
    assert tox_reading42("#YouStupidIdiot") == "#You Stupid Idiot"
    assert tox_reading42("you_stupid_idiot") == "you stupid idiot"
    assert tox_reading42("You stu pid idi ot") == "You stupid idiot"
    assert tox_reading42("sooo stuuupid") == "sooo stupid"  # (`sooo` as written)
    assert tox_reading42("v1.0.1 on k8s") is None


def test_names() -> None:
    assert name_reading("you_stupid_idiot") == "you stupid idiot"
    assert name_reading("kill_you_idiot") == "kill you idiot"
    assert name_reading("YouStupidIdiot") == "You Stupid Idiot"
    for name in ("killAll", "kill_process", "get_weather", "IdiotProofValidator", "gpt-4o-mini", "call_abc123",
                 "shutdown_server", "skill_lookup", "assassin_score"):
        assert name_reading(name) is None, name


def test_stream_windows_hold_fragments() -> None:
    assert tox42_open("You stu pid", 8)
    assert tox42_open("You stu ", 8)
    assert not tox42_open("You use less", 8)
    assert not tox42_open("Deploy it now", 10)


_RULE = re.compile(r"(?i)\bproject (falcon|osprey)\b")


@pytest.mark.parametrize("text", ["Status of Pr0ject Falc0n?", "Project F4lcon", "Project 0sprey", "Project F@lcon",
                                  "PR0JECT FALC0N", "Project F*lcon", "Pr*ject Osprey", "Pr0ject Fa1c0n"])
def test_patterns_read_leet_digits(text: str) -> None:
    assert any(_RULE.search(v.text) for v in pattern_readings(text)), text


@pytest.mark.parametrize("text", ["Project Fal 1con", "project f 4 lcon", "v1.0.1 k8s s3", "Project F1",
                                  "Project F*l*c*o*n*x", "**Project** Fa"])
def test_patterns_leave_other_digits(text: str) -> None:
    assert not any(_RULE.search(v.text) for v in pattern_readings(text)), text


def test_a_leet_match_maps_back() -> None:
    text = "see Pr0ject F4lcon now"
    for view in pattern_readings(text):
        m = _RULE.search(view.text)
        if m is not None:
            a, b = view.span(*m.span())
            assert text[a:b] == "Pr0ject F4lcon"
            return
    raise AssertionError("no match")


async def _streamed(guard: Guard, text: str, n: int) -> tuple[bool, str]:
    stream = guard.output_stream(POLICY)
    out = ""
    for i in range(0, len(text), n):
        out += await stream.feed("c", text[i:i + n])
        if stream.blocked:
            return True, out
    out += await stream.end("c")
    return stream.blocked, out


STREAMED = ["leet digits", "leet you", "star", "bang", "elongated", "emoji", "dot", "space", "space moron",
            "hashtag", "snake", "glued", "small caps"]


@pytest.mark.parametrize("hold", [20, 200])
@pytest.mark.parametrize("case", STREAMED)
async def test_an_answer_streamed_in_any_chunks_is_stopped(case: str, hold: int) -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=hold)
    text = "Fine. " + LEAKS[case] + " More words follow here."
    assert (await guard.output(POLICY, [text])).decision == "block"
    for n in (1, 3, 7):
        blocked, out = await _streamed(guard, text, n)
        assert blocked, (n, out)
        assert "More" not in out, (n, out)


async def test_a_long_answer_is_not_cut_between_fragments() -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=20)
    text = "word " * 12 + "you stu pid idi ot and more words follow here " * 2
    blocked, out = await _streamed(guard, text, 3)
    assert blocked, out


@pytest.mark.parametrize("case", list(LOOKALIKES))
async def test_an_ordinary_answer_streams_unchanged(case: str) -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=20)
    text = LOOKALIKES[case]
    assert (await guard.output(POLICY, [text])).decision != "block"
    blocked, out = await _streamed(guard, text, 3)
    assert not blocked and out == text
