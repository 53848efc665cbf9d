"""`guardrail-proxy test-policy`: cases run through real Presidio; pass, fail, JUnit XML, unusable input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from proxy.cli import guard as cli_guard
from proxy.cli.main import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "policies" / "tests" / "default.yaml"
SECRET_NAME = "Margaret Hamilton"

FAILING = f"""\
cases:
  - name: right
    text: "Mail jane.doe@example.com today"
    decision: redact
    entities: [EMAIL_ADDRESS]
  - name: wrong decision
    text: "Mail jane.doe@example.com today"
    decision: allow
  - name: wrong entities
    text: "Thank {SECRET_NAME} and mail jane.doe@example.com"
    decision: redact
    entities: [EMAIL_ADDRESS, IBAN_CODE]
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped policies, toxicity from the deterministic keyword scorer, PII in one worker process."""
    monkeypatch.delenv("GUARDRAIL_CONFIG", raising=False)
    path = tmp_path / "proxy.yaml"
    path.write_text(f"policies_dir: {REPO / 'policies'}\n"
                    "models: {pii: {workers: 1}, toxicity: {model: keywords}}\n")
    return path


def _junit(path: Path) -> ET.Element:
    suites = ET.parse(path).getroot()
    assert suites.tag == "testsuites"
    suite = suites.find("testsuite")
    assert suite is not None
    return suite


def test_the_shipped_sample_passes(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junit = tmp_path / "out" / "policy.xml"
    assert main(["test-policy", "--config", str(config), "--junit", str(junit), str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and out.rstrip().endswith("7 passed, 0 failed")
    suite = _junit(junit)
    assert suite.get("name", "").startswith("policy default@")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("7", "0", "0")
    cases = suite.findall("testcase")
    assert len(cases) == 7 and all(c.find("failure") is None and c.find("error") is None for c in cases)
    assert cases[0].get("line") == "8" and cases[0].get("classname") == "policy.default"


def test_a_mismatch_exits_1_and_says_what_differs(config: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(FAILING)
    junit = tmp_path / "policy.xml"
    assert main(["test-policy", "--policy", "default", "--config", str(config), "--junit", str(junit),
                 str(cases)]) == 1
    out = capsys.readouterr().out
    assert "PASS  right" in out
    assert f"FAIL  wrong decision  ({cases}:6)" in out and "decision: expected allow, got redact" in out
    assert ("entities: expected [EMAIL_ADDRESS, IBAN_CODE], got [EMAIL_ADDRESS, PERSON]; missing IBAN_CODE; "
            "unexpected PERSON") in out
    assert out.rstrip().endswith("1 passed, 2 failed")
    suite = _junit(junit)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    failures = {c.get("name"): c.find("failure") for c in suite.findall("testcase")}
    assert failures["right"] is None
    wrong = failures["wrong decision"]
    assert wrong is not None and wrong.get("message") == "decision: expected allow, got redact"
    text = junit.read_text()
    assert SECRET_NAME not in text and "jane.doe" not in text and SECRET_NAME not in out


def test_the_policy_flag_overrides_the_file(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same cases against `monitor`: nothing is changed, so every redact/block case fails.
    assert main(["test-policy", "--policy", "monitor", "--config", str(config), str(SAMPLE)]) == 1
    out = capsys.readouterr().out
    assert "decision: expected redact, got flag" in out and out.rstrip().endswith("2 passed, 5 failed")
    assert out.splitlines()[-1].startswith("monitor@")


# Issue 12: terms named after people pass the default policy unchanged, written as engineers write them (a noun
# between the surname and the head, a model number, a plural after an auxiliary, a unit in a conversion), and a
# person beside the same words is still redacted: the cases a team would put in its own policy tests.
EPONYM_CASES = """\
cases:
  - name: a noun between a surname and a head
    text: "Value the stock with the Gordon growth model."
    decision: allow
  - name: an architecture before its model number
    text: "Port the training job from a Tesla V100 to a Blackwell B200."
    decision: allow
  - name: a plural head after an auxiliary
    text: "Why do Cooper pairs form in a superconductor?"
    decision: allow
  - name: a unit in a conversion
    text: "Convert the sensor readings from Fahrenheit to Kelvin."
    decision: allow
  - name: a person's form
    text: "Please sign the Johnson form before Friday."
    decision: redact
    entities: [PERSON]
"""


def test_eponym_cases_pass_the_default_policy(config: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(EPONYM_CASES)
    assert main(["test-policy", "--policy", "default", "--config", str(config), str(cases)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and out.rstrip().endswith("5 passed, 0 failed")


@pytest.mark.parametrize(("text", "message"), [
    ("cases: []\n", "cases.yaml:1: cases: List should have at least 1 item"),
    ("cases:\n  - {text: hi, decision: maybe}\n", "cases.yaml:2: cases.0.decision:"),
    ("cases:\n  - {text: hi, decision: allow, phase: both}\n", "cases.yaml:2: cases.0.phase:"),
    ("cases:\n  - {text: hi, decison: allow}\n", "cases.yaml:2: cases.0.decison: unknown key 'decison'"),
    ("cases:\n  - {text: hi, decision: allow}\n", "no policy to test"),
])
def test_an_unusable_cases_file_exits_2(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        text: str, message: str) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(text)
    assert main(["test-policy", "--config", str(config), str(cases)]) == 2
    assert message in capsys.readouterr().err


def test_no_toxicity_model_stops_unless_told(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    def unavailable(self: cli_guard._Setup) -> None:
        self.notes.append("toxicity and bias skipped: model files missing")

    monkeypatch.setattr(cli_guard._Setup, "_scorer", unavailable)
    assert main(["test-policy", "--config", str(config), str(SAMPLE)]) == 2
    assert "pass --without-toxicity" in capsys.readouterr().err
    junit = tmp_path / "policy.xml"
    assert main(["test-policy", "--without-toxicity", "--config", str(config), "--junit", str(junit),
                 str(SAMPLE)]) == 1  # the threat case now fails: nothing blocks it
    out = capsys.readouterr().out
    assert "note: toxicity and bias skipped" in out
    assert "FAIL  a threat is blocked on input" in out and "decision: expected block, got allow" in out
    props = _junit(junit).find("properties")
    assert props is not None and "toxicity and bias skipped" in (props[0].get("value") or "")
