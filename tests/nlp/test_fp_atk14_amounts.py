"""Amounts after their currency are no IP address or phone number, and more glued phone labels (issue 12; atk14,
the fpnames14 helper's notes: `Anggaran Rp 1.250.000.000` went on as `Rp <IP_ADDRESS_1>`, `Harga Rp 250.000.000` as
`Rp <PHONE_NUMBER_1>`, while `Tfno.912 345 678` and `Telf.030 9018203` went on as sent)."""

from __future__ import annotations

from proxy.nlp.pii import PiiAnalyzer

ENTITIES = ["IP_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]


async def _found(analyzer: PiiAnalyzer, texts: list[str]) -> list[list[str]]:
    found = await analyzer.analyze(texts, ENTITIES)
    return [[t[s.start:s.end] for s in spans if s.score >= 0.4] for t, spans in zip(texts, found, strict=True)]


async def test_amounts_after_their_currency_stay(analyzer: PiiAnalyzer) -> None:
    texts = ["Anggaran Rp 1.250.000.000 untuk proyek ini.", "Harga Rp 250.000.000 sudah termasuk pajak.",
             "Total IDR 3.400.000.000 per tahun", "Faturamento de R$ 1.250.000.000 em 2024",
             "Budget: KRW 120.000.000 for the pilot", "Thai baht ฿ 12.500.000 received", "Rs 2.500.000.000 sanctioned"]
    assert await _found(analyzer, texts) == [[] for _ in texts]


async def test_addresses_and_phones_without_a_currency_stay_found(analyzer: PiiAnalyzer) -> None:
    texts = ["ip 1.250.000.000 is odd but an address", "Server 10.20.30.40 is down", "Call me at 617.555.0143 today",
             "Tfno.912 345 678", "Telf.030 9018203", "Cel.11 98765-4321", "Puh.040 1234567"]
    assert await _found(analyzer, texts) == [["1.250.000.000"], ["10.20.30.40"], ["617.555.0143"], ["912 345 678"],
                                             ["030 9018203"], ["11 98765-4321"], ["040 1234567"]]
