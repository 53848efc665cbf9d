"""fp37b (atk37 FP01 and the over-redactions beside it): a cue word before a name (`customer`, `patient`, `Dear` in
other languages: `Müşteri`, `Pelanggan`, `Mteja`, `Onibara`, `Khách hàng`, `Sayın`) and a message's words after it
(`đã`, `menghubungi kami`) or before it (`lasku`) are no part of the name: the name is redacted, they go as sent.
Vietnamese function words (`sang gói`), a label before `:` (`Auth:`), `Per` before a name and a department word
filling a table cell are no name. Names and phrasings are held out (not the report's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("Müşteri Emre Aksoy dün aradı.", ["Emre", "Aksoy"], ["Müşteri "]),
    ("Pelanggan Andi Pratama menelepon tadi pagi.", ["Andi", "Pratama"], ["Pelanggan ", " menelepon"]),
    ("Mteja Neema Achieng alipiga simu.", ["Neema", "Achieng"], ["Mteja ", " alipiga"]),
    ("Onibara Oluwaseun Adeyemi pe wa.", ["Oluwaseun", "Adeyemi"], ["Onibara "]),
    ("Sayın Deniz Arslan, kargonuz yolda.", ["Deniz", "Arslan"], ["Sayın "]),
    ("Khách hàng Đỗ Văn Hùng đã gọi hôm qua.", ["Hùng"], ["Khách hàng ", " đã gọi"]),
    ("Nor Azizah binti Ismail menghubungi kami pagi tadi.", ["Azizah", "Ismail"], [" menghubungi kami"]),
    ("Lähetä lasku Pekka Lindroosille.", ["Pekka"], ["Lähetä lasku "]),
    ("<tr><td>Eleanor</td><td>Whitfield</td><td>Marketing</td></tr>", ["Eleanor", "Whitfield"],
     ["<td>Marketing</td>"]),
    ("Per Venkataraman, the rollout waits a week.", ["Venkataraman"], ["Per "]),
    ("Soita Antti Mäkiselle huomenna.", ["Antti", "Mäkiselle"], ["Soita ", " huomenna."]),
    ("Kerro Mikko Koskiselle, että kokous siirtyy.", ["Mikko", "Koskiselle"], ["Kerro "]),
    ("Hei! Muistuta Sanna Lehtistä laskusta.", ["Sanna"], ["Hei! Muistuta "]),
    ("Anna Virtanen soitti eilen.", ["Anna", "Virtanen"], [" eilen."]),  # (`anna` is a verb too: no cut)
]
PLAIN = [  # PII-free look-alikes
    "Khách hàng muốn chuyển sang gói doanh nghiệp từ tháng tới.",
    "Chúng tôi sẽ chuyển sang gói mới từ tuần sau.",
    "Vui lòng đổi gói cước sang gói gia đình cho khách hàng.",
    "Doanh nghiệp muốn chuyển sang gói cao cấp.",
    "Auth: Basic dXNlcjpwYXNzd29yZA==",
    "Per the runbook, restart the pod.",
    "<tr><td>Q3</td><td>Legal</td><td>12000</td></tr>",
    "Müşteri siparişi iptal etmek istiyor.",
    "Pelanggan ingin mengganti paket internet bulan depan.",
    "Das passiert drei oder vier Mal pro Woche.",
    "Jedes Mal, wenn der Build bricht, startet der Runner neu.",
    "Zum ersten Mal lief die Pipeline ohne Fehler.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_cues_kept(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
