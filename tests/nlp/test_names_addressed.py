"""Names written the way letters, business chat, tickets and mail headers write them (atk16 A HIGH-1, MEDIUM-2,
MEDIUM-4; `proxy.nlp.addressed`): a surname after a form of address in another European language (`Frau Müller`,
`Sra. García`, `pan Novák`), a CJK surname before an honorific (`佐藤様`, `王先生`, `김 과장님`), an airline passenger
name (`SMITH/JOHN MR`, `1.1SCHMIDT/MARIAMRS`) and a name glued to the next character (`Jordan Smith<x@acme.io>`).
Names and templates here are not the tester's; the texts with these shapes and no name stay unaltered."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

ADDRESSED = [
    ("Sehr geehrte Frau Hoffmann, vielen Dank für Ihre Nachricht.", ["Hoffmann"]),
    ("Bitte verbinden Sie mich mit Herrn Zimmermann.", ["Zimmermann"]),
    ("Herr Wolf kommt morgen, Frau Klein am Freitag.", ["Wolf", "Klein"]),  # surnames that are words too
    ("Frau Dr. med. Schäfer ist heute in der Praxis.", ["Schäfer"]),
    ("Herr Dipl.-Ing. Hofmann hat die Pläne geprüft.", ["Hofmann"]),
    ("Frau Anna Bergmann hat angerufen.", ["Anna", "Bergmann"]),
    ("Buenos días Sra. Castillo, su pedido ha salido.", ["Castillo"]),
    ("El Sr. Moreno llegará tarde.", ["Moreno"]),
    ("Atentamente, Dña. Lucía Vega", ["Vega"]),
    ("O Sr. Carvalho confirmou a reserva.", ["Carvalho"]),
    ("Geachte mevrouw Van der Berg,", ["Berg"]),
    ("Vážená paní Horáková, děkujeme za objednávku.", ["Horáková"]),
    ("Pan Kowalczyk będzie jutro w biurze.", ["Kowalczyk"]),
    ("Mme Rousseau a appelé ce matin.", ["Rousseau"]),
    ("Gentile Sig.ra Ricci, le inviamo la fattura.", ["Ricci"]),
]
CJK = [
    ("小川様、お世話になっております。", ["小川"]),
    ("石井さんから連絡がありました。", ["石井"]),
    ("森田部長に報告します。", ["森田"]),
    ("马先生，您的快递到了。", ["马"]),
    ("请转告胡女士。", ["胡"]),
    ("최 부장님께 메일 드렸습니다.", ["최"]),
]
PASSENGERS = [
    ("Passenger: HUBER/STEFAN MR seat 3A", ["HUBER", "STEFAN"]),
    ("Please rebook LARSEN/INGRID MRS on SK1463", ["LARSEN", "INGRID"]),
    ("1.1MOREAU/PAULMR  2.1MOREAU/ALICEMS", ["MOREAU", "PAUL", "ALICE"]),
]
GLUED = [
    ("From: Natalie Foster<nf@example.net>", ["Natalie", "Foster"]),
    ("Signed-off-by: Brian Kelly<bk@example.org>", ["Brian", "Kelly"]),
    ("Sync with Amanda Hughes(Legal) tomorrow", ["Amanda", "Hughes"]),
    ("ask Steven Ward@Finance", ["Steven", "Ward"]),
    ("ORGANIZER;CN=Karen Fleming:mailto:kf@example.com", ["Karen", "Fleming"]),
    ('ATTENDEE;CN="Patrick Doyle";ROLE=CHAIR:mailto:pd@example.com', ["Patrick", "Doyle"]),
    ("Ask Melissa Barnes2 today", ["Melissa", "Barnes"]),
]


@pytest.mark.parametrize(("text", "parts"), ADDRESSED + CJK + PASSENGERS + GLUED)
async def test_each_part_of_the_name_is_found(analyzer: PiiAnalyzer, text: str, parts: list[str]) -> None:
    people = [value for entity, value in await found(analyzer, text) if entity == "PERSON"]
    assert all(any(part in value for value in people) for part in parts), people


@pytest.mark.parametrize(("text", "kept"), [
    ("Sehr geehrte Frau Hoffmann,", "Frau"),  # the form of address stays
    ("Passenger: HUBER/STEFAN MR seat 3A", "MR"),
    ("1.1MOREAU/PAULMR", "1.1"),
    ("From: Natalie Foster<nf@example.net>", "From:"),
    ("森田部長に報告します。", "部長"),
])
async def test_only_the_name_is_found(analyzer: PiiAnalyzer, text: str, kept: str) -> None:
    assert not any(kept in value for _, value in await found(analyzer, text))


@pytest.mark.parametrize("text", [
    "Our Sr. Data Engineer owns the pipeline.",
    "Pan Am went bankrupt in 1991.",
    "Sehr geehrte Damen und Herren,",
    "Die Frau am Empfang hat geholfen.",
    "皆様、ご協力ありがとうございます。",
    "仕様を確認してください。",
    "项目经理今天请假。",
    "The TCP/IP stack and CI/CD jobs; READ/WRITE MS rights; SALES/PROGRAMS report.",
    "Hello World(1) returned Status Code(200).",
    "See Figure 3(b) and Table 2[a].",
])
async def test_the_same_shapes_without_a_name_stay_unaltered(analyzer: PiiAnalyzer, text: str) -> None:
    assert not [v for e, v in await found(analyzer, text) if e == "PERSON"]
