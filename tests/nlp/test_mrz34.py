"""mrz34 (atk33 F02): a machine-readable zone's first line that does not start its line is read as the
zone's: after a label (`MRZ: P<USA...`), inside a JSON string with a `\\n` escape, the two lines flattened into one,
a visa's (`V<`) and a TD2 card's (36 characters) zone. Values held out (other names, states, layouts than the
report's); look-alikes (C++ `<<`, heredocs, `P<` in prose, base64, lines of other lengths) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.mrz34 import with_mrz34
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
NAMES_OUT = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> tuple[bool, str]:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    verdict = await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return verdict.blocked, str(body["messages"][0]["content"])


def _line1(code: str, state: str, surname: str, given: str, width: int = 44) -> str:
    head = f"{code}{state}{surname}<<{given}"
    return head + "<" * (width - len(head))


TD3_DATA = "X41927653KEN9203148F3107226<<<<<<<<<<<<<<06"
TD2_DATA = "D23145890CAN8811253M2906309<<<<<<<8"
MRV_DATA = "VB7731028BRA9005217F2811304<<<<<<<<<<<<<<<2"

MRZ = [  # (text, what must not go up)
    (f"Please verify. MRZ: {_line1('P<', 'KEN', 'WANJIKU', 'ACHIENG<NJERI')}\n{TD3_DATA}", ["WANJIKU", "ACHIENG"]),
    (f'{{"type": "passport", "mrz": "{_line1("P<", "NZL", "PARATA", "RANGI")}\\n{TD3_DATA}"}}', ["PARATA", "RANGI"]),
    (f"{_line1('PM', 'IRL', 'FARRELLY', 'SIOBHAN')}{TD3_DATA} is what the scanner gave", ["FARRELLY", "SIOBHAN"]),
    (f"Visa zone: {_line1('V<', 'BRA', 'ARAUJO', 'LETICIA')}\n{MRV_DATA}", ["ARAUJO", "LETICIA"]),
    (f"visa (MRV-B) `{_line1('V<', 'THA', 'SRISUK', 'NARIN', 36)}`", ["SRISUK", "NARIN"]),
    (f"Card: I<CAN... no wait, line 2: {_line1('I<', 'CAN', 'TREMBLAY', 'GENEVIEVE', 36)}\n{TD2_DATA}",
     ["TREMBLAY", "GENEVIEVE"]),
    (f"- mrz_line_1: '{_line1('P<', 'D<<', 'SCHNEIDER', 'JOHANNA<MARIE')}'", ["SCHNEIDER", "JOHANNA"]),
]
LOOK_ALIKES = [
    '#include <iostream>\nint main() { std::cout << "P<USA total: " << total << std::endl; }',
    "cat <<EOF > /etc/motd\nWelcome to P<USA build host\nEOF",
    "Use P<T> for the parser type; P<USA> is a typedef. A << B << C shifts twice.",
    # (a named line's token is read decoded: file36)
    "Token: UDxVU0E8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDwK",
    "Note: P<USAMILLER<<DAVID<<<< is too short to be a zone line",
    "MRZ: P<QQQCOLLINS<<MARTHA<<<<<<<<<<<<<<<<<<<<<<",  # no ICAO state
    "x = P<USAORDER<<ITEMS<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",  # too long
    "stream: AP<USAVALUE<<OTHER<<<<<<<<<<<<<<<<<<<<<<<<",  # a letter before it
    "log.info() << 'P<' << name << '<<' << rest;",
]


@pytest.mark.parametrize(("text", "secrets"), MRZ)
async def test_a_zone_line_not_starting_its_line_has_its_name_redacted(guard: Guard, text: str,
                                                                       secrets: list[str]) -> None:
    blocked, after = await _sent(guard, text)
    assert not blocked and not any(s in after for s in secrets), after
    assert "<PERSON_1>" in after, after


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_mrz_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


def test_the_reader_takes_the_name_only() -> None:
    text = f"MRZ: {_line1('P<', 'KEN', 'WANJIKU', 'ACHIENG')}{TD3_DATA}"
    spans = with_mrz34(text, [])
    assert [(t, text[a:b]) for t, a, b, _ in spans] == [("PERSON", "WANJIKU<<ACHIENG")]
    found = [("EMAIL_ADDRESS", 0, 5, 0.9)]
    assert with_mrz34("a << b << c, plain text", found) is found


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=NAMES_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


async def test_a_labelled_zone_is_redacted_in_answers_whole_and_streamed(guard: Guard) -> None:
    zone = f"The MRZ reads: {_line1('P<', 'NOR', 'HALVORSEN', 'INGRID')}\n{TD3_DATA}\nLooks valid.\n"
    whole = (await guard.output(policy(output=NAMES_OUT), [zone])).texts[0]
    assert whole is not None and "HALVORSEN" not in whole and "INGRID" not in whole, whole
    for size in (7, 17):
        got = await _streamed(guard, zone, size)
        assert "HALVORSEN" not in got and "INGRID" not in got, (size, got)
