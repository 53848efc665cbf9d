"""Issue 12 (`proxy.nlp.xml32`, atk31 F13, F14, F10): parts of a person's name in XML attributes (`first=`/`last=`,
`firstName=`, `surname=`, `given=`/`family=`), in namespaced XML elements (Workday `wd:First_Name`, SOAP
`ns1:surname`, NIEM `nc:PersonSurName`), in HubSpot's nested `{"lastname": {"value": ...}}` and in a `Name` column
beside a `Vorname`/`Prénom` one (German and French CSV), and an RFC 2047 encoded display name (`To:
=?UTF-8?Q?Priya_Raman?= <...>`, atk31 F8): redacted on input
and, with PERSON in the output policy, in answers (whole and streamed). Held-out names (not the tester's), and
PII-free look-alikes (`first="1"`, `last="true"`, `name="build"`, a range's ends, product names) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.xml32 import name_part_spans
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

OUT = {"pii": {**PII_OUT["pii"], "entities": [*PII_OUT["pii"]["entities"], "PERSON"]}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


NAMES = [  # (text, the name parts that must not go out): held-out names
    ('<person first="Elif" last="Brannigan"/>\nMerge these.', ["Brannigan"]),
    ('<person first="Chidi" last="Balasubramanian"/>\nMerge these.', ["Balasubramanian"]),
    ('<row first="Aurelio" last="Bustamante"/><row first="Hamid" last="Quraishi"/>\nDedupe.',
     ["Bustamante", "Quraishi"]),
    ("<author given='Rustam' family='Achterberg'/>\nCite.", ["Achterberg"]),
    ("<hr:Worker><hr:First_Name>Lorenzo</hr:First_Name><hr:Last_Name>Castellanos</hr:Last_Name></hr:Worker>\n"
     "Summarize.", ["Lorenzo", "Castellanos"]),
    ("<m:party><m:givenName>Tomasz</m:givenName><m:surname>Thorvaldsen</m:surname></m:party>\nSummarize.",
     ["Tomasz", "Thorvaldsen"]),
    ("<j:PersonName><j:PersonGivenName>Rustam</j:PersonGivenName><j:PersonSurName>Tursunov</j:PersonSurName>"
     "</j:PersonName>\nSummarize.", ["Rustam"]),
    ('{"results":[{"id":"7","properties":{"firstname":{"value":"Signe"},"lastname":{"value":"Oyelaran"}}}]}',
     ["Oyelaran"]),
    ('{"properties":{"firstname":{"value":"Tomasz"},"lastname":{"value":"Thorvaldsen"}}}', ["Thorvaldsen"]),
    ("From: Dana Kerr <dk@corp-mail.net>\nTo: =?UTF-8?Q?Ingrid_Halvorsen?= <ih@corp-mail.net>\nSubject: Q3\nSummarize.",
     ["Halvorsen"]),
    ("Cc: =?iso-8859-1?Q?J=FCrgen_Achterberg?= <ja@corp-mail.net>\nSubject: Q3\n", ["Achterberg"]),
    ("To: =?UTF-8?Q?Chidi_Balasubramanian?= <cb@corp-mail.net>\nSubject: Q3\n", ["Balasubramanian"]),
    ("From: =?utf-8?B?SW5ncmlkIEhhbHZvcnNlbg==?= <ih@corp-mail.net>\nSubject: Q3\n", ["SW5ncmlkIEhhbHZvcnNlbg"]),
    # already redacted before: kept so that the new reading does not lose them
    ('<employee firstName="Tomasz" lastName="Wierzbicki" dept="ops"/>\nList them.', ["Tomasz", "Wierzbicki"]),
]

LOOK_ALIKES = [
    '<range first="1" last="10"/>\nExplain.',
    '<opt last="true" name="build"/>\nExplain.',
    '<page first="Alpha" last="Omega"/>\nExplain.',
    '<season first="Spring" last="Winter"/>\nExplain.',
    '<item first="Apple" last="Banana"/>\nSort.',
    '<taxon family="Lamiaceae" given="Yes"/>\nExplain.',
    '<target name="build" depends="Compile"/>\nExplain.',
    '<product name="Galaxy" brand="Samsung" model="Note"/>\nExplain.',
    '<xs:element name="Surname" type="xs:string"/>\nExplain.',
    "<ns:Product_Name>Acme Widget</ns:Product_Name><ns:Last_Updated>Monday</ns:Last_Updated>\nSummarize.",
    "<wd:Last_Name_Format>Western</wd:Last_Name_Format><wd:First_Day>Monday</wd:First_Day>\nSummarize.",
    '{"status":{"value":"Active"},"plan":{"value":"Premium"}}',
    "name;version;license\nRequests;2.31;Apache\nFlask;3.0;BSD\n",
    "Name;Vorname;Ort\n;;\n",
    "Subject: =?UTF-8?Q?Quarterly_report_Q3?=\nSummarize.",
]


@pytest.mark.parametrize(("text", "parts"), NAMES)
async def test_name_parts_in_xml_attributes_namespaced_elements_and_nested_values_are_redacted(
        guard: Guard, text: str, parts: list[str]) -> None:
    for out in (await _sent(guard, text), await _answered(guard, text), await _streamed(guard, text, 9)):
        assert not any(p in out for p in parts), out


# A `Name` column beside a given name's: read in a request and in whole answers (a stream's window that starts
# below the header does not see it).
TABLES = [
    ("Name;Vorname;Ort\nHalvorsen;Ingrid;Bremen\nOyelaran;Signe;Kiel\nBitte pr\u00fcfen.", ["Halvorsen", "Oyelaran"]),
    ("Nom;Pr\u00e9nom;Ville\nAchterberg;Rustam;Lyon\n", ["Achterberg"]),
]


@pytest.mark.parametrize(("text", "parts"), TABLES)
async def test_a_name_column_beside_a_given_name_column_holds_surnames(guard: Guard, text: str,
                                                                        parts: list[str]) -> None:
    for out in (await _sent(guard, text), await _answered(guard, text)):
        assert not any(p in out for p in parts), out


async def test_an_encoded_role_name_goes_as_sent(guard: Guard) -> None:
    text = "From: =?UTF-8?Q?Acme_Support?= <support@acme.io>\nSubject: =?UTF-8?Q?Quarterly_report?=\nSummarize."
    for out in (await _sent(guard, text), await _answered(guard, text)):
        assert "=?UTF-8?Q?Acme_Support?=" in out and "Quarterly_report" in out, out


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_xml_and_nested_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert name_part_spans(text) == []
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_a_name_column_of_another_table_is_not_read_as_surnames() -> None:
    text = "Name;Vorname;Ort\n;;\n\nName;Typ;Status\nServer Nord;VM;aktiv\nDatenbank S\u00fcd;DB;aktiv\n"
    assert name_part_spans(text) == []
    text = "Name;Vorname;Ort\nHalvorsen;Ingrid;Bremen\n\nName;Typ;Status\nServer Nord;VM;aktiv\n"
    assert [text[a:b] for a, b in name_part_spans(text)] == ["Halvorsen"]
