"""`guardrail-proxy scan` and `replay` (registered on a parser here; the lead adds them to cli.py)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from proxy.cli import guard as cli_guard
from tests.support.pii import WordScorer

POLICY = """\
input:
  pii: {action: redact, per_entity: {US_SSN: block}}
  toxicity: {action: block, thresholds: {toxicity: 0.8}}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS]}
"""
LENIENT = "input:\n  pii: {action: flag}\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "team.yaml").write_text(POLICY)
    (tmp_path / "policies" / "lenient.yaml").write_text(LENIENT)
    (tmp_path / "proxy.yaml").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GUARDRAIL_CONFIG", raising=False)
    monkeypatch.setattr(cli_guard._Setup, "_scorer", lambda self: WordScorer())
    return tmp_path


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="guardrail-proxy")
    cli_guard.register(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def test_scan_prints_findings_rewrite_and_decision(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("scan", "--policy", "team", "I am Jane Roe, mail jane@example.com") == 0
    out = capsys.readouterr().out
    assert "policy:    team@" in out and "(enforce), input rules" in out
    assert "pii       PERSON           5-13      score 0.85  redact  'Jane Roe'" in out
    assert "rewritten: I am <PERSON_1>, mail <EMAIL_ADDRESS_1>" in out
    assert "scores:    toxicity: toxicity 0.01" in out
    assert out.rstrip().endswith("decision:  redact")


def test_scan_json_block_and_output(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("scan", "--policy", "team", "--json", "SSN 536-90-4399, you idiot") == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert result["decision"] == "block"
    assert result["block_reason"] in ("blocked by guardrail policy 'team': pii (US_SSN)",
                                      "blocked by guardrail policy 'team': toxicity (toxicity)")
    assert {(f["check"], f["type"]) for f in result["findings"]} == {("pii", "US_SSN"), ("toxicity", "toxicity")}
    assert run("scan", "--policy", "team", "--output", "--json", "Jane Roe at jane@example.com") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["phase"] == "output" and result["rewritten"] == "Jane Roe at <EMAIL_ADDRESS_1>"


def test_scan_unknown_policy(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run("scan", "--policy", "nosuch", "x")
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip() == "no policy named 'nosuch' (known: default, lenient, team)"


def test_replay_compares_policies(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = workdir / "prompts.jsonl"
    corpus.write_text("\n".join([
        json.dumps({"prompt": "hello there"}),
        json.dumps({"model": "m", "messages": [{"role": "system", "content": "be nice"},
                                               {"role": "user", "content": "I am Jane Roe"}]}),
        json.dumps({"model": "m", "system": "s", "messages": [
            {"role": "user", "content": [{"type": "text", "text": "SSN 536-90-4399"}]}]}),
        json.dumps({"model": "m", "input": "you idiot"}),
        "not json",
    ]) + "\n")
    assert run("replay", "--policy", "team", "--baseline", "lenient", str(corpus)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "line 1: team: allow | lenient: allow"
    assert out[1] == "line 2: team: redact [pii:PERSON×1] | lenient: flag [pii:PERSON×1]  <- differs"
    assert out[2] == "line 3: team: block [pii:US_SSN×1] | lenient: flag [pii:US_SSN×1]  <- differs"
    assert out[3] == "line 4: team: block [toxicity×1] | lenient: allow  <- differs"
    assert out[4].startswith("line 5: unreadable line:")
    assert "summary: 5 lines (1 unreadable)" in out
    assert "  team: allow 1, block 2, redact 1" in out and "  lenient: allow 2, flag 2" in out
    assert "  lines that differ: 3" in out
    assert run("replay", "--policy", "team", "--json", str(corpus)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[-1]["summary"]["new"]["decisions"] == {"allow": 1, "redact": 1, "block": 2}


def test_corpus_texts_shapes() -> None:
    assert cli_guard.corpus_texts('"plain"') == ["plain"]
    assert cli_guard.corpus_texts(json.dumps({"prompt": ["a", "b"]})) == ["a", "b"]
    with pytest.raises(ValueError):
        cli_guard.corpus_texts(json.dumps({"model": "x"}))
