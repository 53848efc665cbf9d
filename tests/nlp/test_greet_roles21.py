"""A role greeted in another language is no name (atk20 FP2: `Beste Klant,`, `Drogi Kliencie,`, `Sayın
Müşterimiz,`, `Estimados Señores,` went up as `<PERSON_1>`): the openers of support mail, as `Dear Customer,` is."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

ROLES = [
    "Beste Klant, uw bestelling is verzonden.",
    "Drogi Kliencie, dziękujemy za zamówienie.",
    "Sayın Müşterimiz, siparişiniz kargoya verildi.",
    "Estimados Señores, adjunto la factura.",
    "Servus Leute, das Meeting ist verschoben.",
    "Hallo Buurman, de post is er.",
    "Bonjour Voisin, merci pour le colis.",
    "Grazie Capo, ci vediamo domani.",
    "Querido Diario, hoy fue un buen día.",
    "Merhaba Dünya",
]
NAMES = ["Beste Jan, uw bestelling is verzonden.", "Hallo Klaus, wie geht's?", "Drogi Tomaszu, dziękujemy."]


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [text[s.start:s.end] for s in (await analyzer.analyze([text], ["PERSON"]))[0] if s.entity == "PERSON"]


@pytest.mark.parametrize("text", ROLES)
async def test_a_role_greeted_is_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


@pytest.mark.parametrize("text", NAMES)
async def test_a_name_greeted_is_a_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text)
