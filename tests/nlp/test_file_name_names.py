"""Person names inside file names and paths (issue 12): `Jordan_Smith_CV.pdf` is found as PERSON, exactly the
name's characters, while identifiers, repository files and documents named after terms are left alone."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize(("text", "name"), [
    ("Jordan_Smith_CV.pdf", "Jordan_Smith"),
    ("Please review Jordan_Smith_CV.pdf today", "Jordan_Smith"),
    ("resume-jordan-smith.docx", "jordan-smith"),
    ("/home/docs/JordanSmith_offer.pdf", "JordanSmith"),
    ("jordan.smith.cv.pdf", "jordan.smith"),
    ("Smith_Jordan_CV.pdf", "Smith_Jordan"),  # surname first
    ("SARAH_JOHNSON_W2.pdf", "SARAH_JOHNSON"),
    ("david_a_miller_timesheet.xlsx", "david_a_miller"),  # an initial between
    ("The file LauraMartinezInvoice.pdf is missing a page.", "LauraMartinez"),
    ("C:\\Users\\hr\\Anna_Kowalski_payslip.pdf", "Anna_Kowalski"),
    ("Wedding photos: megan_lee_2023_0042.jpg", "megan_lee"),  # the view reads `2023_0042` as `2023 0042`
    ("Fix the OCR on natalia.ivanova.cv.pdf", "natalia.ivanova"),  # a surname's ending, no English word
])
async def test_a_name_inside_a_file_name_is_found_exactly(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await found(analyzer, text) == {("PERSON", name)}


@pytest.mark.parametrize("text", [
    # identifiers: no file name
    "user_name = request.form['user_name']",
    "app = Flask_App(__name__)",
    "config.MaxRetries = 5",
    "OAuth2 Grant_Type must be client_credentials",
    "The Jenkins_Build stage failed again",
    "Deploy Lambda_Handler to us-east-1",
    # the id-shaped fields' values (`user`, `safety_identifier`, `prompt_cache_key`): no file name either
    "Jordan_Smith",
    "jordan.smith",
    # source files, repository files
    "Jordan_curve.py",
    "See Jenkinsfile and Dockerfile in the repo root",
    "Update README.md and CODE_OF_CONDUCT.md before the release",
    "src/main/java/com/example/GrantTypeHandler.java",
    # documents named after terms, products or software parts
    "Monte_Carlo_Simulation.xlsx",
    "Reed_Solomon.pdf",
    "Gauss_Jordan_elimination.pdf",
    "Kalman_Filter.pdf",
    "Ruby_Gems.pdf",
    "Travis_Config.md",
    "Max_Pooling.png",
    "Grant_Handler.pdf",
])
async def test_identifiers_and_technical_file_names_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert not {f for f in await found(analyzer, text) if f[0] == "PERSON"}
