"""Surnames with particles and name cells under a Japanese, Chinese or Korean header (acc28 F18;
`proxy.nlp.particles31`): the tester's texts, held-out names (other names, particles and layouts, not tuned on) and
the PII-free look-alikes that stay as written."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


# (text, the words of the name that must go): the tester's
TESTER = [
    ("Lotte van der Meer approved the budget.", ["Lotte", "Meer"]),
    ("Naam;Telefoon\nSanne de Vries;0612345678", ["Sanne", "Vries"]),
    ("氏名,電話番号\n山田太郎,09012345678\nマイケル・ジョンソン,08012345678", ["マイケル", "ジョンソン", "山田太郎"]),
]

# Held out: other names, particles, headers and layouts, written before running the rule on them.
HELD_OUT = [
    ("Please forward the invoice to Femke van den Heuvel today.", ["Femke", "Heuvel"]),
    ("naam,email\nDaan van Dijk,daan@example.nl", ["Daan", "Dijk"]),
    ("Joost ter Horst signed the contract.", ["Joost", "Horst"]),
    ("Name\tCity\nLuca di Stefano\tRome", ["Luca", "Stefano"]),
    ("Fernanda dos Santos enviou o relatório.", ["Fernanda", "Santos"]),
    ("Contact Annika von der Heide about the audit.", ["Annika", "Heide"]),
    ("名前;電話\nジェニファー・ロペス;09011112222", ["ジェニファー", "ロペス"]),
    ("이름,전화번호\n김지훈,01012345678", ["김지훈"]),
]

# PII-free look-alikes: places and institutions with particles, katakana products under other headers.
LOOKALIKES = [
    "We flew to Santa Cruz de Tenerife and San Juan de Puerto Rico.",
    "El Museo de Arte y la Universidad de Sevilla abren hoy.",
    "The Port of Rotterdam and Bergen op Zoom are on the route.",
    "製品名,価格\nアップル・ウォッチ,49800",
    "氏名の欄に記入してください。",
    "The pass-through de facto standard is TLS.",
    "Run it with -v de la configuración.",
    "Use the Van der Waals equation for the real-gas correction.",
    "Compute the von Mises stress in the beam.",
]


@pytest.mark.parametrize(("text", "words"), TESTER + HELD_OUT)
async def test_name_with_particles_is_redacted_whole(analyzer: PiiAnalyzer, text: str, words: list[str]) -> None:
    out = await rewritten(analyzer, text)
    for word in words:
        assert word not in out, out


@pytest.mark.parametrize("text", LOOKALIKES)
async def test_places_and_products_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text
