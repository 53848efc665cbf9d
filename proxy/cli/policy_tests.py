"""`guardrail-proxy test-policy`: a policy's tests as code, for a security team's CI.

    guardrail-proxy test-policy --policy NAME [--config proxy.yaml] [--junit out.xml] cases.yaml

A cases file lists texts with the decision the policy must reach and the types it must find:

    policy: default                  # optional: the policy to test (--policy overrides it)
    cases:
      - name: e-mail is redacted     # optional: "case N" otherwise
        text: "Mail jane.doe@example.com about it"
        phase: input                 # input (the client's text, default) | output (a model's answer)
        decision: redact             # allow | flag | redact | block (monitor: what the client sees)
        would_decision: null         # optional, monitor policies: what enforce would decide
        entities: [EMAIL_ADDRESS]    # optional: exactly these PII types, secret kinds and pattern names

Each case runs through the same engine as the proxy (real Presidio, the configured toxicity model).
Exit 0 when every case passes, 1 when any fails (or a check could not run), 2 when the cases file,
the configuration or the toxicity model is unusable. `--junit` writes JUnit XML (one testcase per
case; a failure says the case's line, what was expected and what came out, never the text).
A policy with toxicity or bias rules needs its model: when it does not load, the run stops (exit 2)
unless `--without-toxicity` is given, which drops those checks and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from proxy.config.yamlconf import ConfigErrors, StrictModel, read_yaml, validate_doc

ENTITY_CHECKS = ("pii", "secrets", "patterns")


class Case(StrictModel):
    name: str | None = None
    text: str
    phase: Literal["input", "output"] = "input"
    decision: Literal["allow", "flag", "redact", "block"]
    would_decision: Literal["allow", "flag", "redact", "block"] | None = None
    entities: list[str] | None = None


class CasesFile(StrictModel):
    policy: str | None = None
    cases: list[Case] = Field(min_length=1)


@dataclass
class Outcome:
    name: str
    line: int
    seconds: float
    problems: list[str] = field(default_factory=list)
    error: str | None = None  # a check could not run

    @property
    def passed(self) -> bool:
        return not self.problems and self.error is None


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("test-policy", help="run a file of policy test cases; exit 1 on any mismatch")
    p.add_argument("--policy", help="the policy to test (default: the cases file's `policy`)")
    p.add_argument("--config", help="proxy.yaml (default: $GUARDRAIL_CONFIG or ./proxy.yaml)")
    p.add_argument("--junit", metavar="FILE", help="also write JUnit XML here (for CI systems)")
    p.add_argument("--without-toxicity", action="store_true",
                   help="run without toxicity and bias checks when their model does not load")
    p.add_argument("cases", help="the cases file (YAML)")
    p.set_defaults(func=cmd_test_policy)


def cmd_test_policy(args: argparse.Namespace) -> int:
    from proxy.cli.guard import _Setup

    try:
        doc = read_yaml(Path(args.cases))
        spec = validate_doc(doc, CasesFile)
    except ConfigErrors as exc:
        print(str(exc), file=sys.stderr)
        return 2
    name = args.policy or spec.policy
    if not name:
        print(f"{args.cases}: no policy to test: give --policy NAME or `policy:` in the file", file=sys.stderr)
        return 2
    setup = _Setup(args.config)
    policy = setup.policy(name)
    guard = setup.guard([policy])
    needs_scores = any(r.toxicity is not None or r.bias is not None for r in (policy.input, policy.output))
    if needs_scores and guard.scores.scorer is None and not args.without_toxicity:
        for note in setup.notes:
            print(note, file=sys.stderr)
        print(f"policy '{name}' has toxicity or bias rules and their model is not available: "
              "fix models.toxicity in proxy.yaml, or pass --without-toxicity", file=sys.stderr)
        return 2
    effective = setup.without_scores(policy, guard)
    lines = [doc.line_for(("cases", i)) for i in range(len(spec.cases))]
    started = time.perf_counter()
    outcomes = asyncio.run(_run(guard, effective, spec.cases, lines))
    elapsed = time.perf_counter() - started
    policies = setup.settings.policies
    version = policies.version(name) if policies is not None else "builtin"
    label = f"{name}@{version}"
    _print(outcomes, label, args.cases, setup.notes)
    if args.junit:
        _write_junit(Path(args.junit), outcomes, label, args.cases, elapsed, setup.notes)
    return 0 if all(o.passed for o in outcomes) else 1


async def _run(guard: Any, policy: Any, cases: list[Case], lines: list[int]) -> list[Outcome]:
    from proxy.cli.guard import _scan

    out: list[Outcome] = []
    for i, (case, line) in enumerate(zip(cases, lines, strict=True), 1):
        started = time.perf_counter()
        result = await _scan(guard, policy, case.text, case.phase == "output")
        outcome = Outcome(case.name or f"case {i}", line, time.perf_counter() - started)
        if result["decision"] == "unavailable":
            outcome.error = f"check could not run: {result['error']}"
        else:
            _compare(case, result, outcome)
        out.append(outcome)
    return out


def _compare(case: Case, result: dict[str, Any], outcome: Outcome) -> None:
    if result["decision"] != case.decision:
        outcome.problems.append(f"decision: expected {case.decision}, got {result['decision']}")
    if case.would_decision is not None and result.get("would_decision") != case.would_decision:
        outcome.problems.append(f"would_decision: expected {case.would_decision}, got {result.get('would_decision')}")
    if case.entities is not None:
        found = sorted({f["type"] for f in result["findings"] if f["check"] in ENTITY_CHECKS})
        expected = sorted(set(case.entities))
        if found != expected:
            missing = [t for t in expected if t not in found]
            extra = [t for t in found if t not in expected]
            outcome.problems.append(f"entities: expected [{', '.join(expected)}], got [{', '.join(found)}]"
                                    + (f"; missing {', '.join(missing)}" if missing else "")
                                    + (f"; unexpected {', '.join(extra)}" if extra else ""))


def _print(outcomes: list[Outcome], label: str, cases_file: str, notes: list[str]) -> None:
    for note in notes:
        print(f"note: {note}")
    for o in outcomes:
        if o.passed:
            print(f"PASS  {o.name}")
        else:
            print(f"FAIL  {o.name}  ({cases_file}:{o.line})")
            for problem in ([o.error] if o.error else []) + o.problems:
                print(f"      {problem}")
    failed = sum(not o.passed for o in outcomes)
    print(f"{label}: {len(outcomes) - failed} passed, {failed} failed")


def _write_junit(path: Path, outcomes: list[Outcome], label: str, cases_file: str, elapsed: float,
                 notes: list[str]) -> None:
    failures = sum(bool(o.problems) and o.error is None for o in outcomes)
    errors = sum(o.error is not None for o in outcomes)
    suites = ET.Element("testsuites", tests=str(len(outcomes)), failures=str(failures), errors=str(errors),
                        time=f"{elapsed:.3f}")
    suite = ET.SubElement(suites, "testsuite", name=f"policy {label}", tests=str(len(outcomes)),
                          failures=str(failures), errors=str(errors), skipped="0", time=f"{elapsed:.3f}",
                          file=cases_file)
    if notes:
        props = ET.SubElement(suite, "properties")
        for note in notes:
            ET.SubElement(props, "property", name="note", value=note)
    classname = f"policy.{label.split('@')[0]}"
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", classname=classname, name=o.name, file=cases_file,
                             line=str(o.line), time=f"{o.seconds:.3f}")
        if o.error is not None:
            ET.SubElement(case, "error", message=o.error, type="unavailable").text = o.error
        elif o.problems:
            ET.SubElement(case, "failure", message="; ".join(o.problems), type="mismatch").text = (
                f"{cases_file}:{o.line}\n" + "\n".join(o.problems))
    ET.indent(suites)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
