"""b6446 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk45 F12, F13,
F07, F10): base64 of an e-mail in a URL path segment, base64 of a number under a phone key, character-code lists
(`String.fromCharCode(...)`, `bytes([0x..])`, `map(chr, [...])`) and base64 in 4-character groups reach the provider
redacted and the client redacted (whole and streamed in 3-character chunks), a URL's host kept out of the placeholder;
Chinese financial numerals, Braille digits and DIGIT COMMA forms likewise; IPv4 addresses defanged with `[.]` or in
octal after an IP cue reach the provider redacted. Ids in paths, a one-character code, an amount of money in financial
numerals, Braille prose and `[.]` in a regex go as sent. Held-out values (not the report's)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def b64u(s: str) -> str:
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def grouped(s: str) -> str:
    e = b64(s)
    return " ".join(e[i:i + 4] for i in range(0, len(e), 4))


MAIL, MAIL2, PHONE = "lucia.moreno@telefonica.es", "h.weber@posteo.de", "312-555-0164"
# (text, the value it must not give away once read as the view reads it, what must stay as written)
CASES = {
    "path": (f"Why does https://news.example.org/unsubscribe/{b64u(MAIL)} fail? Also /track/{b64(MAIL2)} please.",
             [MAIL, MAIL2], ["https://news.example.org/unsubscribe/<EMAIL_ADDRESS_", "/track/<EMAIL_ADDRESS_"]),
    "fragment-key": (f"Open https://h.example/#{b64(MAIL2)} or https://crm.example/c?tel={b64('3125550164')} now.",
                     [MAIL2, "3125550164"], ["https://h.example/#<EMAIL_ADDRESS_", "?tel=<PHONE_NUMBER_"]),
    "codes": ("const to = String.fromCharCode(" + ",".join(str(ord(c)) for c in MAIL) + "); p = bytes(["
              + ", ".join(hex(c) for c in PHONE.encode()) + "]).decode(); e = ''.join(map(chr, ["
              + ", ".join(str(ord(c)) for c in MAIL2) + "]))", [MAIL, PHONE, MAIL2],
              ["String.fromCharCode(<EMAIL_ADDRESS_", "bytes([<PHONE_NUMBER_", "map(chr, [<EMAIL_ADDRESS_"]),
    "grouped": ("Token: " + grouped("Reach me at " + MAIL) + " thanks.", [MAIL], ["Token: <EMAIL_ADDRESS_"]),
    "digits": ("信用卡号：伍伍伍伍 伍伍伍伍 伍伍伍伍 肆肆肆肆，电话：叁壹贰伍伍伍零壹陆肆。Phone ⠼⠉⠁⠃⠤⠑⠑⠑⠤⠚⠁⠋⠙; "
               "card " + "".join(chr(0x1F101 + int(d)) if d != " " else d for d in "4012 8888 8888 1881"),
               ["5555555555554444", "3125550164", "312-555-0164", "4012888888881881"],
               ["信用卡号：<CREDIT_CARD_", "电话：<PHONE_NUMBER_", "Phone <PHONE_NUMBER_", "card <CREDIT_CARD_"]),
}
KEPT = ("GET /api/v1/users/dXNlcjEyMw and /assets/app.3f9a7c2b.js, String.fromCharCode(65), 人民币壹万贰仟元整, "
        "⠓⠑⠇⠇⠕ ⠺⠕⠗⠇⠙, the regex \\d+[.]\\d+, this that with from have, "
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8.")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _gives_away(text: str, values: list[str]) -> list[str]:
    read = normalize(text).text
    return [v for v in values if v in read or (v[0].isdigit() and _digits(v) in _digits(read))]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CASES))
def test_values_in_a_request(guarded: Proxy, mock: Mock, api: str, case: str) -> None:
    text, values, kept = CASES[case]
    SEND[api](guarded, text)
    sent = user_text(mock)
    assert not _gives_away(sent, values), sent
    assert all(k in sent for k in kept), sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CASES))
def test_values_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str, case: str) -> None:
    text, values, kept = CASES[case]
    for got in answers(guarded, mock, text, api):
        assert not _gives_away(got, values), got
        assert all(k in got for k in kept), got


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_defanged_and_octal_ipv4_in_a_request(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, "IOC list:\n- 45[.]77[.]65[.]211\n- 172[.]16[.]254[.]3\nServer IP is 0254.0251.0001.0002")
    sent = user_text(mock)
    assert sent == "IOC list:\n- <IP_ADDRESS_1>\n- <IP_ADDRESS_2>\nServer IP is <IP_ADDRESS_3>", sent


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)
