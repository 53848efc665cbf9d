"""Issue 12, atk8 B M4/M5/L1: PII-free text read as PERSON, and the same frames with a person in them.

- short sentences in other languages: a sentence-initial article and a noun, capitalised nouns (`Der Server startet
  neu.`, `Le serveur redémarre.`, `De server is offline.`), months (`Im Januar`, `Anfang Mai`, `Kündigung zum 31.
  Juli.`);
- month and weekday abbreviation ranges (`Jan-Mar`, `Q1 (Jan–Mar)`, `Sep/Oct`, `Sat/Sun`);
- a label with a PII-free value (`Assignee: Nobody`, `Name: Billing Service`, `Approver: Finance`);
- `The quick brown fox jumps over the lazy dog`;

while a person's name in the same frame is still found (real Presidio, real spaCy model, the default policy's
entities and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in


@pytest.mark.parametrize("text", [
    "Der Server startet neu.",
    "Der Drucker ist offline.",
    "Das Passwort ist abgelaufen.",
    "Zugriff verweigert.",
    "Le serveur redémarre.",
    "Le client attend encore.",
    "De server is offline.",
    "Het ticket is gesloten.",
    "La fattura è scaduta.",
    "Il backup è completato.",
    "El ticket está cerrado.",
    "Zamówienie zostało wysłane.",
    "Objednávka byla odeslána.",
    "Müşteri hâlâ bekliyor.",
])
async def test_short_sentences_in_other_languages_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Der Server startet neu, sagt Klaus Müller.", "Klaus Müller"),
    ("Das Passwort hat Anna Schmidt geändert.", "Anna Schmidt"),
    ("Le serveur redémarre, dit Christelle Royer.", "Christelle Royer"),
    ("De server is offline, zegt Wessel de Groot.", "Wessel de Groot"),
    ("Het ticket is gesloten door Imke Jansen.", "Imke Jansen"),
    ("Sibylla Patberg ist krank.", "Sibylla Patberg"),  # a first name that is also a word, before a surname
    ("La fattura è scaduta, dice Salvatore Ioppi.", "Salvatore Ioppi"),
    ("Les said the build is green.", "Les"),
    ("De la Cruz fixed the build.", "Cruz"),
])
async def test_names_in_short_sentences_in_other_languages_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                          name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize("text", [
    "Im Januar",
    "Im Januar wird der Server migriert.",
    "Anfang Mai",
    "Seit Juni läuft der Vertrag.",
    "Kündigung zum 31. Juli.",
    "Bis Ende Mai bitte.",
    "Okt–Dez",
])
async def test_month_names_in_other_languages_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Im Januar kommt Julia Weber.", "Julia Weber"),
    ("Mai Nguyen owns the billing service.", "Mai Nguyen"),
    ("Julio Iglesias llega mañana.", "Julio Iglesias"),
    ("Ask Juli about the release.", "Juli"),
])
async def test_names_that_are_months_are_still_names(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize("text", [
    "Jan-Mar",
    "Q1 (Jan–Mar)",
    "Q2 (Apr–Jun)",
    "Sep/Oct",
    "Jan - Mar",
    "Revenue Jan-Mar: 1.2M",
    "Sales Apr-Jun grew 4%.",
    "Report for Sep-Nov attached.",
    "On call Sat/Sun.",
    "Umsatz Jan-Mär gestiegen.",
])
async def test_month_and_weekday_ranges_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Jan Novak owns Q1 (Jan–Mar).", "Jan Novak"),
    ("Ask Jun Li about Sep/Oct.", "Jun Li"),
    ("Sun Yang is on call Sat/Sun.", "Sun Yang"),
])
async def test_names_beside_month_ranges_are_still_names(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize("text", [
    "Assignee: Nobody",
    "Assignee: Support Queue",
    "Approver: Finance",
    "Maintainer: Infra Team",
    "Requester: Customer Success",
    "Name: Billing Service",
    "Name: Staging Cluster",
    "Owner: Platform Team",
    "Reviewer: none",
    "The quick brown fox jumps over the lazy dog",
])
async def test_labels_with_plain_values_and_pangrams_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Assignee: Hans Becker", "Hans Becker"),
    ("Approver: Margaux Evrard", "Margaux Evrard"),
    ("Name: Rose Garden", "Rose"),
    ("Name: Will Smith", "Smith"),
    ("my name is Hunter", "Hunter"),
    ("Ubul: What a wife.", "Ubul"),
    ("please ask rose smith", "rose smith"),
    ("ping amber lee about it", "amber lee"),
])
async def test_labels_and_lower_case_names_with_a_person_are_still_names(analyzer: PiiAnalyzer, text: str,
                                                                         name: str) -> None:
    assert await person_in(analyzer, text, name)


# atk9 B M3: months in longer German sentences, after a preposition the first rule did not list (`für Juni`, `von Juni
# auf Juli`) or in a list of months (`April und Mai`, `die Monate Juli, August und September`).
@pytest.mark.parametrize("text", [
    "Wie bereits besprochen, schicken wir Ihnen die vollständige Abrechnung für Juni bis spätestens Ende der "
    "nächsten Woche zu.",
    "Könnten Sie mir bitte die Zahlen für April und Mai bis Freitag zusammenstellen?",
    "Der Umzug des Rechenzentrums wurde von Juni auf Juli verschoben, weil die Hardware noch nicht geliefert wurde.",
    "Der Bericht über das dritte Quartal enthält die Monate Juli, August und September.",
    "Die Schulung ist nach Juni geplant.",
])
async def test_months_after_prepositions_and_in_lists_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert {e for e, _ in await found(analyzer, text)} == set(), await found(analyzer, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Die Abrechnung für Juni Weber liegt vor.", "Weber"),
    ("Bitte rufen Sie Mai Nguyen und Juli Schmidt an.", "Nguyen"),
    ("Das Angebot von Julia Becker gilt bis Juli.", "Julia Becker"),
])
async def test_names_beside_months_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)
