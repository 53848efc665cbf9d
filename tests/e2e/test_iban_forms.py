"""IBAN forms in text its recognizer missed (atk10 B L5), end to end: a space between the country code and the check
digits, a word glued before it, letters (a currency) glued after it. Read only where the value passes its country's
layout and mod 97; the words around it stay."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from proxy.nlp.normalize import normalize
from tests.conftest import Mock, Proxy, ProxyFactory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    files = {"policies/default.yaml": (REPO / "policies" / "default.yaml").read_text()}
    return proxy_factory(teams={"app": {}}, files=files)


def sent(p: Proxy, mock: Mock, text: str) -> str:
    r = httpx.post(f"{p.url}/v1/chat/completions", headers={"Authorization": f"Bearer {p.keys['app']}"}, timeout=60,
                   json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert r.status_code == 200, r.text
    content = mock.last_body["messages"][0]["content"]
    assert isinstance(content, str)
    return content


@pytest.mark.parametrize(("text", "expected"), [
    ("Pay to DE 89 3704 0044 0532 0130 00 now", "Pay to <IBAN_CODE_1> now"),
    ("Pay to DE 89370400440532013000 now", "Pay to <IBAN_CODE_1> now"),
    ("Pay to ibanDE89370400440532013000 now", "Pay to iban<IBAN_CODE_1> now"),
    ("Pay DE89370400440532013000EUR now", "Pay <IBAN_CODE_1>EUR now"),
    ("Send GB 82 WEST 1234 5698 7654 32 today", "Send <IBAN_CODE_1> today"),
    # atk10 B M2: a Greek or Cyrillic look-alike capital in the country or bank code, where the folded value checks
    ("Pay to IBAN D\u041589 3704 0044 0532 0130 00 please", "Pay to IBAN <IBAN_CODE_1> please"),
    ("Pay to IBAN GB82 W\u0415ST 1234 5698 7654 32 please", "Pay to IBAN <IBAN_CODE_1> please"),
    ("Pay to IBAN GB82 WE\u03a3T 1234 5698 7654 32 please".replace("\u03a3", "\u0405"),
     "Pay to IBAN <IBAN_CODE_1> please"),
    # atk11: an IBAN whose length is a multiple of 4 followed by a word (the pattern read `toda` as its last group)
    ("IBAN ES91 2100 0418 4502 0005 1332 today", "IBAN <IBAN_CODE_1> today"),
    ("IBAN ES9121000418450200051332 today", "IBAN <IBAN_CODE_1> today"),
    ("IBAN SE45 5000 0000 0583 9825 7466 thanks", "IBAN <IBAN_CODE_1> thanks"),
    ("IBAN CZ6508000000192000145399 please", "IBAN <IBAN_CODE_1> please"),
    # atk11 B M3: countries the IBAN registry added after Presidio's table
    ("IBAN MN209458073021573681 today", "IBAN <IBAN_CODE_1> today"),
    ("wire to RU0204452560040702810412345678901 now", "wire to <IBAN_CODE_1> now"),
    ("wire to SV62 CENR 0000 0000 0000 0070 0025 now", "wire to <IBAN_CODE_1> now"),
    ("wire to OM810180000001299123456 now", "wire to <IBAN_CODE_1> now"),
    ("wire to YE15CBYE0001018861234567891234 now", "wire to <IBAN_CODE_1> now"),
    ("wire to FK88SC123456789012 now", "wire to <IBAN_CODE_1> now"),
    ("wire to ST23000100010051845310146 now", "wire to <IBAN_CODE_1> now"),
    ("wire to BI4210000100010000332045181 now", "wire to <IBAN_CODE_1> now"),
    # atk10 B L5: one character at a time after its label
    ("Pay to IBAN: D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0 now", "Pay to IBAN: <IBAN_CODE_1> now"),
    ("iban d-e-8-9-3-7-0-4-0-0-4-4-0-5-3-2-0-1-3-0-0-0", "iban <IBAN_CODE_1>"),
    ("IBAN no. G.B.8.2.W.E.S.T.1.2.3.4.5.6.9.8.7.6.5.4.3.2 thanks", "IBAN no. <IBAN_CODE_1> thanks"),
])
def test_iban_forms_are_redacted(shipped: Proxy, mock: Mock, text: str, expected: str) -> None:
    assert sent(shipped, mock, text) == expected


@pytest.mark.parametrize("text", [
    "Pay to DE 89 3704 0044 0532 0130 01 now",  # mod 97 fails
    "Pay DE89370400440532013001EUR now",
    "Route DE 12 3456 closed, gate AB 12 WEST 4 open",
    "The ticket is AB 12 and the room CD34EF.",
    "\u0412\u0415 12 \u041f\u0440\u0438\u0432\u0435\u0442",  # Cyrillic words stay Cyrillic
    "IBAN: D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 1 now",  # one at a time, mod 97 fails
    "Pay to: D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0 now",  # no IBAN label: single characters are a list
    "IBAN checklist: a b c d e f g h i j k l m n o p q r s",
    "IBAN ES91 2100 0418 4502 0005 1333 today",  # mod 97 fails: no shorter end makes one either
    "wire to RU0204452560040702810412345678902 now",
])
def test_what_is_no_iban_stays(shipped: Proxy, mock: Mock, text: str) -> None:
    assert sent(shipped, mock, text) == text


@pytest.mark.parametrize(("text", "view"), [
    ("DE 89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
    ("ibanDE89370400440532013000", "iban DE89370400440532013000"),
    ("DE89370400440532013000EUR", "DE89370400440532013000 EUR"),
    ("DE89370400440532013001EUR", "DE89370400440532013001EUR"),
    ("D\u041589 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
])
def test_the_view_reads_an_iban_apart(text: str, view: str) -> None:
    assert normalize(text).text == view
