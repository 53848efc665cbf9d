"""Person names glued to a file's extension after a space, to a path's separator, and to a form body's `&` (atk16 A
HIGH-2, HIGH-3, MEDIUM-3): found whole, only the name's characters (the extension, the separators, the `&` and the
next key stay), while folders, file names and form bodies without a person's name are left alone. Values differ
from the finding's."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


def persons(hits: set[tuple[str, str]]) -> set[str]:
    return {value for entity, value in hits if entity == "PERSON"}


# ------------------------------------------------------------------ HIGH-2: a name before `.ext` after a space

@pytest.mark.parametrize(("text", "name"), [
    ("Daniel Fischer.docx", "Daniel Fischer"),
    ("Hannah Weber.pdf", "Hannah Weber"),
    ("Resume Tomasz Nowak.pdf", "Tomasz Nowak"),
    ("Contract - Rachel Green.pdf", "Rachel Green"),
    ("Please check Marco Rossi.xlsx before Monday.", "Marco Rossi"),
    ("CV Laura Bennett.docx", "Laura Bennett"),
])
async def test_a_name_glued_to_an_extension_after_a_space_is_found_without_it(analyzer: PiiAnalyzer, text: str,
                                                                              name: str) -> None:
    assert persons(await found(analyzer, text)) == {name}


# ------------------------------------------------------------------ HIGH-3: a name as a path's segment

@pytest.mark.parametrize(("text", "name"), [
    ("PermissionError: [Errno 13] D:\\Users\\Daniel Fischer\\Documents\\budget.xlsx", "Daniel Fischer"),
    ('  File "C:\\Users\\Hannah Weber\\venv\\Lib\\site-packages\\pandas\\io\\common.py", line 873', "Hannah Weber"),
    ("Moved to \\\\nas01\\finance\\Tomasz Nowak\\payslips", "Tomasz Nowak"),
    ('{"cwd": "C:\\\\Users\\\\Rachel Green\\\\source\\\\repos"}', "Rachel Green"),
    ("Marco Rossi\\Pictures", "Marco Rossi"),
    ("Traceback at /Users/Laura Bennett/Projects/app/main.py line 9", "Laura Bennett"),
    ("C:\\Users\\Nils Gustafsson\\Downloads", "Nils Gustafsson"),  # a home folder: the surname listed nowhere
])
async def test_a_name_as_a_path_segment_is_found_without_the_separators(analyzer: PiiAnalyzer, text: str,
                                                                        name: str) -> None:
    assert name in persons(await found(analyzer, text))
    assert not {v for v in persons(await found(analyzer, text)) if "\\" in v or "/" in v}


# ------------------------------------------------------------------ MEDIUM-3: a name before a form body's `&`

@pytest.mark.parametrize(("text", "name"), [
    ("contact=Daniel%20Fischer&page=2", "Daniel%20Fischer"),
    ("curl -s -X PUT https://crm.example.net/api/leads -d 'owner=Hannah%20Weber&stage=won'", "Hannah%20Weber"),
    ("Assignee=Tomasz Nowak&label=bug", "Tomasz Nowak"),
    ("body: author=Rachel Green&state=draft", "Rachel Green"),
    # a given name the model does not read there, under a person's key: the value whole
    ("wget --post-data 'member=Chloe%20Laurent&tier=gold' https://club.example.org/join", "Chloe%20Laurent"),
])
async def test_a_name_before_a_form_bodys_ampersand_is_found_without_the_next_key(analyzer: PiiAnalyzer, text: str,
                                                                                  name: str) -> None:
    assert persons(await found(analyzer, text)) == {name}


def test_the_form_bodys_ampersand_reads_as_a_space() -> None:
    assert normalize("owner=Maria Lopez&team=ops").text == "owner=Maria Lopez team=ops"
    # not after a number, nor a word's `&`, nor without a `key=` before it
    for text in ("a=40&b=example.com", "R&D=1", "Smith&Wesson=1", "x=1&y=2"):
        assert normalize(text).text == text


# ------------------------------------------------------------------ no name: as sent

@pytest.mark.parametrize("text", [
    "C:\\Program Files\\Microsoft Office\\root\\Office16",
    "C:\\Users\\Public\\Documents\\Shared Templates\\Invoice.docx",
    "\\\\fileserver\\projects\\Quarterly Report\\Final Draft.docx",
    "Open Annual Budget.xlsx and Meeting Notes.docx",
    "/Applications/Visual Studio Code.app/Contents",
    "x=Hello&y=World",
    "mode=Fast Track&retries=3",
    "status=Closed Won&owner_id=42",
    "owner=Platform Team&sla=gold",
])
async def test_paths_files_and_forms_without_names_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert not persons(await found(analyzer, text))
