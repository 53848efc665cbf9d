"""rm33: a streamed window under a kept header drops its own PERSON findings its header's reading says are no names.

A stream's window was read again under its table's header (or nothing), and that reading could only add findings:
`Berlin` under `Ort` went out as a person from the second window on, and a company's vCard streamed line by line lost
its `ORG:` line. Tuned on the tester's `Name;Vorname;Telefon;Ort` export and the `Jackson Hewitt` card; held out: other
headers (`Stadt`, tab-separated, Markdown), other names and cities (`Madison`, `Austin`, `Lyon`: also names), other
organisations' cards. Names in the same rows and a person's card stay redacted; a window with no header is unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.rm33 import KEEP, Card
from tests.guard.conftest import TOX, policy
from tests.guard.test_tbl33 import PEOPLE, semicolon

OUT_PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}
GIVEN = [g for _, g in PEOPLE]
SURNAMES = [s for s, _ in PEOPLE]

# held out: other names, cities that are names too, other headers and separators
HELD = [("Lindqvist", "Sofia"), ("Castellano", "Iker"), ("Okafor", "Hermes"), ("Brennan", "Aoife")]
CITIES = ["Hamburg", "Madison", "Lyon", "Austin"]
HELD_TABLES = {
    "stadt": "Nachname;Vorname;Telefon;Stadt\n" + "".join(f"{s};{g};040 {7654300 + i};{CITIES[i % 4]}\n"
                                                          for i, (s, g) in enumerate(HELD * 3)),
    "tab": "name\tphone\tcity\n" + "".join(f"{g} {s}\t212555{2000 + i}\t{CITIES[i % 4]}\n"
                                           for i, (s, g) in enumerate(HELD * 3)),
    "markdown": "| Name | Phone | City |\n|---|---|---|\n" + "".join(
        f"| {g} {s} | 212555{2000 + i} | {CITIES[i % 4]} |\n" for i, (s, g) in enumerate(HELD * 3)),
}
ORG_CARD = "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Jackson Hewitt Support\nORG:Jackson Hewitt\nEND:VCARD"
HELD_CARDS = [
    "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Morgan Stanley Helpdesk\nORG:Morgan Stanley\nEND:VCARD",
    "Here is the card:\n\nBEGIN:VCARD\nVERSION:4.0\nN:;;;;\nFN:Austin Reed Customer Service\nORG:Austin Reed\n"
    "END:VCARD\n",
]


async def _streamed(guard: Guard, text: str, size: int, **output: Any) -> tuple[str, list[dict[str, Any]]]:
    stream = guard.output_stream(policy(output={**OUT_PII, **output}))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size])
    return out + await stream.end("c"), stream.records()


# ------------------------------------------------------------------ a city column under a kept header


@pytest.mark.parametrize("size", [1, 3, 7, 17])
async def test_a_city_column_stays_in_every_row(guard: Guard, size: int) -> None:
    text = "Here is the export.\n\n" + semicolon()
    out, _ = await _streamed(guard, text, size, toxicity={**TOX, "stream_hold": "sentence"})
    assert out.count("Berlin") == 64
    assert [s for s in SURNAMES + GIVEN if s in out] == []  # the names in the same rows still redacted


@pytest.mark.parametrize("size", [1, 17])
@pytest.mark.parametrize("kind", sorted(HELD_TABLES))
async def test_held_out_place_columns_stay(guard: Guard, kind: str, size: int) -> None:
    text = HELD_TABLES[kind]
    out, _ = await _streamed(guard, text, size)
    assert [c for c in CITIES if out.count(c) != text.count(c)] == []
    assert [s for s, _ in HELD if s in out] == []


async def test_the_record_counts_what_the_whole_answer_does(guard: Guard) -> None:
    text = "Name;Vorname;Telefon;Ort\n" + "".join(f"{s};{g};030 {1234500 + i};Berlin\n"
                                                for i, (s, g) in enumerate(PEOPLE[:3]))
    whole = await guard.output(policy(output=OUT_PII), [text])
    for size in (1, 7):
        out, records = await _streamed(guard, text, size)
        assert out.count("Berlin") == 3
        assert records[0]["findings"] == whole.records[0]["findings"] == {"PERSON": 6, "PHONE_NUMBER": 3}


# ------------------------------------------------------------------ an organisation's vCard


@pytest.mark.parametrize("size", [1, 3, 7, 17])
async def test_an_org_card_streamed_goes_as_sent(guard: Guard, size: int) -> None:
    out, records = await _streamed(guard, ORG_CARD, size)
    assert out == ORG_CARD
    assert records[0]["findings"] == {}


@pytest.mark.parametrize("size", [1, 7])
@pytest.mark.parametrize("card", HELD_CARDS, ids=["morgan", "austin"])
async def test_held_out_org_cards_go_as_sent(guard: Guard, card: str, size: int) -> None:
    assert (await _streamed(guard, card, size))[0] == card


@pytest.mark.parametrize("size", [1, 7])
async def test_a_persons_card_and_a_headerless_line_stay_redacted(guard: Guard, size: int) -> None:
    card = "BEGIN:VCARD\nVERSION:3.0\nN:Hewitt;Jackson;;;\nFN:Jackson Hewitt\nORG:Acme Corp\nEND:VCARD"
    out, _ = await _streamed(guard, card, size)
    assert "Hewitt" not in out and "Acme Corp" in out
    out, _ = await _streamed(guard, "ORG:Jackson Hewitt", size)  # no card open: read alone, as before
    assert "Hewitt" not in out


# ------------------------------------------------------------------ Card


def _fed(*pieces: str) -> Card:
    card = Card()
    for p in pieces:
        card.feed(p)
    return card


def test_card_follows_a_begin_cut_by_a_window() -> None:
    assert _fed("Here:\nBEGIN:VC", "ARD\nN:;;;;\n").text == "BEGIN:VCARD\nN:;;;;\n"
    assert _fed("Here:\nBEGIN:VCAR", "D\n", "FN:A B\n").text == "BEGIN:VCARD\nFN:A B\n"
    assert _fed("BEGIN:VCARD\nFN:A\nEND:VC", "ARD\n").text == ""
    assert _fed("BEGIN:VCARD\nEND:VCARD\nBEGIN:VCARD\n", "N:;;;;\n").text == "BEGIN:VCARD\nN:;;;;\n"
    assert _fed("no card here", "VCARD is a format\n").text == ""
    assert _fed("BEGIN:VCARD\n", "NOTE:" + "x" * KEEP + "\n", "ORG:Acme\n").text == ""  # too long: none kept
