"""`guardrail-proxy scan` and `guardrail-proxy replay`: try a policy on a text or a corpus, offline.

    guardrail-proxy scan --policy NAME [--output] [--config proxy.yaml] [--json] "TEXT"
    guardrail-proxy replay --policy NEW [--baseline OLD] [--config proxy.yaml] [--json] prompts.jsonl

`scan` prints the findings (type, offsets, score, action, and the matched text: this is a local
tool run on your own text), the rewritten text and the decision. `replay` reads one request per
line (`{"prompt": "..."}`, or an OpenAI / Anthropic request body), runs every text through one or
two policies and prints each line's decision, the lines where the policies differ, and a summary.

Both run the PII analysis in one worker process (it starts in a few seconds). Toxicity uses
the model configured in proxy.yaml when it loads; otherwise toxicity and bias are skipped with a
note (they are not treated as passing).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proxy.config.policy import Policy

if TYPE_CHECKING:
    from proxy.nlp.pii import PiiAnalyzer

_ANALYZERS: dict[str, PiiAnalyzer] = {}  # one per spaCy model and process


def register(subparsers: Any) -> None:
    """Add `scan` and `replay` to the CLI's subparsers."""
    p = subparsers.add_parser("scan", help="run a policy on one text: findings, rewritten text, decision")
    p.add_argument("--policy", default="default", help="policy name (default: default)")
    p.add_argument("--output", action="store_true", help="treat TEXT as a model answer (output rules)")
    p.add_argument("--config", help="proxy.yaml (default: $GUARDRAIL_CONFIG or ./proxy.yaml)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("text", help='the text ("-" reads standard input)')
    p.set_defaults(func=cmd_scan)

    p = subparsers.add_parser("replay", help="run a corpus through a policy (and a baseline) and compare")
    p.add_argument("--policy", required=True, help="the policy to try")
    p.add_argument("--baseline", help="a policy to compare with")
    p.add_argument("--config", help="proxy.yaml (default: $GUARDRAIL_CONFIG or ./proxy.yaml)")
    p.add_argument("--json", action="store_true", help="one JSON object per line, then a summary object")
    p.add_argument("corpus", help='JSONL: {"prompt": ...} or a chat request body per line')
    p.set_defaults(func=cmd_replay)


# --------------------------------------------------------------------------- setup


class _Setup:
    def __init__(self, config: str | None) -> None:
        from proxy.config.settings import ConfigErrors, load_settings

        try:
            self.settings = load_settings(Path(config) if config else None)
        except ConfigErrors as exc:
            raise SystemExit(_fail(str(exc), 2)) from None
        self.notes: list[str] = []

    def policy(self, name: str) -> Policy:
        policies = self.settings.policies
        if policies is None or not policies.has(name):
            known = ", ".join(policies.names()) if policies is not None else ""
            raise SystemExit(_fail(f"no policy named '{name}' (known: {known})", 2))
        policy: Policy = policies.get(name)
        return policy

    def guard(self, policies: list[Policy]) -> Any:
        from proxy.guard.engine import Guard
        from proxy.nlp.pii import PiiAnalyzer

        needs_scores = any(r.toxicity is not None or r.bias is not None for p in policies for r in (p.input, p.output))
        scorer = self._scorer() if needs_scores else None
        model = self.settings.proxy.models.pii.spacy_model
        if model not in _ANALYZERS:
            # One worker process without torch starts in ~3 s; Presidio in this process would take longer.
            _ANALYZERS[model] = PiiAnalyzer(model, executor="process", workers=1)
            atexit.register(_ANALYZERS[model].terminate)
        return Guard(_ANALYZERS[model], scorer)

    def _scorer(self) -> Any:
        try:
            from proxy.nlp.toxicity import build_scorer
        except ImportError:
            self.notes.append("toxicity and bias skipped: no toxicity scorer in this installation")
            return None
        if self.settings.proxy.models.toxicity.model == "keywords":
            from proxy.nlp.toxicity import KeywordScorer

            return KeywordScorer()
        try:
            scorer = build_scorer(self.settings)
            scorer.load(timeout=300)
            return scorer
        except Exception as exc:  # the model could not load: say why, skip the checks
            self.notes.append(f"toxicity and bias skipped: {exc}")
            return None

    def without_scores(self, policy: Policy, guard: Any) -> Policy:
        if guard.scores.scorer is not None:
            return policy
        rules = {"toxicity": None, "bias": None}
        return policy.model_copy(update={"input": policy.input.model_copy(update=rules),
                                         "output": policy.output.model_copy(update=rules)})


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


# --------------------------------------------------------------------------- scan


def cmd_scan(args: argparse.Namespace) -> int:
    setup = _Setup(args.config)
    policy = setup.policy(args.policy)
    text = sys.stdin.read() if args.text == "-" else args.text
    guard = setup.guard([policy])
    effective = setup.without_scores(policy, guard)
    policies = setup.settings.policies  # not None: setup.policy() found the policy in it
    version = policies.version(policy.name) if policies is not None else "builtin"
    result = asyncio.run(_scan(guard, effective, text, args.output))
    result.update(policy=f"{policy.name}@{version}", mode=policy.mode, notes=setup.notes)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_scan(result)
    return 0


async def _scan(guard: Any, policy: Policy, text: str, output: bool) -> dict[str, Any]:
    from proxy.guard.engine import GuardUnavailable

    phase = "output" if output else "input"
    try:
        result = await guard.run_phase(policy, phase, [text])
        if output:
            verdict = await guard.output(policy, [text])
            rewritten = verdict.texts[0]
        else:
            verdict = await guard.input(policy, [text], ["user"])
            rewritten = verdict.texts[0]
    except GuardUnavailable as exc:
        return {"phase": phase, "decision": "unavailable", "error": f"{exc.check}: {exc.reason}", "findings": [],
                "rewritten": text, "checks": exc.records}
    findings = [{"check": f.check, "type": f.kind, "start": f.start, "end": f.end, "score": f.score,
                 "action": f.action, **({"text": text[f.start:f.end]} if f.end > f.start else {}),
                 **({"groups": list(f.groups)} if f.groups else {})}
                for f in result.findings[0]]
    return {"phase": phase, "decision": verdict.decision, "would_decision": verdict.would_decision,
            "block_reason": verdict.block_reason, "findings": findings,
            "rewritten": text if rewritten is None else rewritten, "checks": verdict.records}


def _print_scan(r: dict[str, Any]) -> None:
    print(f"policy:    {r['policy']} ({r['mode']}), {r['phase']} rules")
    for note in r["notes"]:
        print(f"note:      {note}")
    if r.get("error"):
        print(f"error:     {r['error']}")
    print("findings:" + ("  none" if not r["findings"] else ""))
    for f in r["findings"]:
        where = f"{f['start']}-{f['end']}" if f["end"] > f["start"] else "text"
        shown = f"  {f['text']!r}" if "text" in f else ""
        print(f"  {f['check']:<9} {f['type']:<16} {where:<9} score {f['score']:.2f}  {f['action']}{shown}")
    for rec in r["checks"]:
        if "scores" in rec:
            scores = ", ".join(f"{k} {v:.2f}" for k, v in rec["scores"].items())
            print(f"scores:    {rec['check']}: {scores}")
    print(f"rewritten: {r['rewritten']}")
    decision = r["decision"] + (f" (would {r['would_decision']})" if r.get("would_decision") else "")
    print(f"decision:  {decision}" + (f" - {r['block_reason']}" if r.get("block_reason") else ""))


# --------------------------------------------------------------------------- replay


def corpus_texts(line: str) -> list[str]:
    """The texts of one corpus line: a prompt, or any OpenAI / Anthropic request body."""
    from proxy.providers import anthropic, openai
    from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES

    body = json.loads(line)
    if isinstance(body, str):
        return [body]
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object or string")
    if "messages" in body:
        anthropic_like = "system" in body or any(
            isinstance(m, dict) and isinstance(m.get("content"), list)
            and any(isinstance(b, dict) and b.get("type") in ("tool_use", "tool_result") for b in m["content"])
            for m in body.get("messages") or [])
        slots = (anthropic.request_texts(MESSAGES, body) if anthropic_like
                 else openai.request_texts(CHAT, body))
    elif "prompt" in body:
        slots = openai.request_texts(COMPLETIONS, body)
    elif "input" in body:
        slots = openai.request_texts(RESPONSES, body)
    else:
        raise ValueError("no prompt, messages or input")
    return [s.get() for s in slots]


def cmd_replay(args: argparse.Namespace) -> int:
    setup = _Setup(args.config)
    new = setup.policy(args.policy)
    base = setup.policy(args.baseline) if args.baseline else None
    lines = [ln for ln in Path(args.corpus).read_text(encoding="utf-8").splitlines() if ln.strip()]
    guard = setup.guard([p for p in (new, base) if p is not None])
    new_eff = setup.without_scores(new, guard)
    base_eff = setup.without_scores(base, guard) if base is not None else None
    rows = asyncio.run(_replay(guard, lines, new_eff, base_eff))
    summary = _summary(rows, new.name, base.name if base else None)
    summary["notes"] = setup.notes
    if args.json:
        for row in rows:
            print(json.dumps(row))
        print(json.dumps({"summary": summary}))
    else:
        _print_replay(rows, summary, new.name, base.name if base else None)
    return 0


async def _replay(guard: Any, lines: list[str], new: Policy, base: Policy | None) -> list[dict[str, Any]]:
    from proxy.guard.engine import GuardUnavailable

    rows: list[dict[str, Any]] = []
    for n, line in enumerate(lines, 1):
        row: dict[str, Any] = {"line": n}
        try:
            texts = corpus_texts(line)
        except (ValueError, json.JSONDecodeError) as exc:
            rows.append({**row, "error": f"unreadable line: {exc}"})
            continue
        for key, policy in (("new", new), ("baseline", base)):
            if policy is None:
                continue
            try:
                verdict = await guard.input(policy, texts, None)
                row[key] = {"decision": verdict.decision, "would": verdict.would_decision,
                            "findings": _counts(verdict.records)}
            except GuardUnavailable as exc:
                row[key] = {"decision": "unavailable", "error": f"{exc.check}: {exc.reason}", "findings": {}}
        if base is not None:
            row["differs"] = row["new"] != row["baseline"]
        rows.append(row)
    return rows


def _counts(records: list[dict[str, Any]]) -> dict[str, int]:
    out: Counter[str] = Counter()
    for rec in records:
        for kind, n in rec.get("findings", {}).items():
            out[f"{rec['check']}:{kind}"] += n
        if rec.get("action") not in (None, "allow", "error") and "scores" in rec:
            out[rec["check"]] += 1
    return dict(sorted(out.items()))


def _summary(rows: list[dict[str, Any]], new: str, base: str | None) -> dict[str, Any]:
    summary: dict[str, Any] = {"lines": len(rows), "unreadable": sum("error" in r for r in rows)}
    for key, name in (("new", new), ("baseline", base)):
        if name is not None:
            summary[key] = {"policy": name, "decisions": dict(Counter(
                (r[key]["would"] and f"would_{r[key]['would']}") or r[key]["decision"] for r in rows if key in r))}
    if base is not None:
        summary["differences"] = sum(bool(r.get("differs")) for r in rows)
    return summary


def _print_replay(rows: list[dict[str, Any]], summary: dict[str, Any], new: str, base: str | None) -> None:
    def fmt(v: dict[str, Any]) -> str:
        decision = str(v["decision"]) + (f" (would {v['would']})" if v.get("would") else "")
        found = ", ".join(f"{k}×{n}" for k, n in v["findings"].items())
        return decision + (f" [{found}]" if found else "") + (f" {v['error']}" if v.get("error") else "")

    for r in rows:
        if "error" in r:
            print(f"line {r['line']}: {r['error']}")
            continue
        line = f"line {r['line']}: {new}: {fmt(r['new'])}"
        if base is not None:
            line += f" | {base}: {fmt(r['baseline'])}" + ("  <- differs" if r["differs"] else "")
        print(line)
    print()
    print(f"summary: {summary['lines']} lines ({summary['unreadable']} unreadable)")
    for key in ("new", "baseline"):
        if key in summary:
            counts = ", ".join(f"{k} {n}" for k, n in sorted(summary[key]["decisions"].items()))
            print(f"  {summary[key]['policy']}: {counts}")
    if base is not None:
        print(f"  lines that differ: {summary['differences']}")
    for note in summary.get("notes", []):
        print(f"note: {note}")
