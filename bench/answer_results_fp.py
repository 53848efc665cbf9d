"""False positives of an answer's tool results read as JSON documents (fields20): the `tool-args` objects of
`bench/pii_fp.py` (generated, the technical prompts' words as values, keyed PII-free, and keyed PII for recall) as
the JSON text of a Responses `mcp_call`'s `output` and of an Anthropic `mcp_tool_result`, through the whole answer's
path (`screen_answer`) under the shipped policy's output PII rule (`policies/default.yaml`). Counts the outputs altered
(PII-free sets) or, for the keyed PII set, those with a value with digits left as it was.

    .venv/bin/python bench/answer_results_fp.py [--seed 12]

Run it with `PYTHONPATH` at another tree to compare (the sets come from that tree's `bench/pii_fp.py`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _bodies(text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("responses", "output", {"id": "r", "object": "response", "status": "completed", "model": "m", "output": [
            {"type": "mcp_call", "id": "mcp_1", "server_label": "d", "name": "f", "arguments": "{}", "output": text,
             "error": None, "status": "completed"}]}),
        ("messages", "content", {"id": "m", "type": "message", "role": "assistant", "model": "m",
                                 "stop_reason": "end_turn", "content": [
                                     {"type": "mcp_tool_result", "tool_use_id": "t", "is_error": False,
                                      "content": [{"type": "text", "text": text}]}]}),
    ]


def _result(kind: str, body: dict[str, Any]) -> str:
    if kind == "responses":
        return str(body["output"][0]["output"])
    return str(body["content"][0]["content"][0]["text"])


async def run(seed: int) -> dict[str, Any]:
    from bench.pii_fp import DATA, _digit_leaves, argument_objects, keyed_objects, read_lines, words_object
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard
    from proxy.guard.phases import screen_answer
    from proxy.nlp.pii import PiiAnalyzer
    from proxy.providers import anthropic, openai
    from proxy.providers.answers import answer_sweep

    policy = Policy.model_validate({"name": "bench", "output": {"pii": {  # policies/default.yaml's output rule
        "action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up"], ["PHONE_NUMBER"])
    guard = Guard(analyzer, None)
    prompts = read_lines(DATA / "technical_prompts.txt") + read_lines(DATA / "technical_prompts_holdout.txt")
    free, keyed_pii = keyed_objects(seed)
    sets = (("generated", argument_objects(seed)), ("technical words", [words_object(t) for t in prompts]),
            ("keyed, PII-free", free), ("keyed PII (altered = found)", keyed_pii))
    adapters = {"responses": openai.ADAPTER, "messages": anthropic.ADAPTER}
    report: dict[str, Any] = {}
    for name, objects in sets:
        for kind in adapters:
            bad = []
            for obj in objects:
                sent = json.dumps(obj)
                body = next(b for k, _, b in _bodies(sent) if k == kind)
                known = adapters[kind].response_texts(kind, body)
                await screen_answer(guard, policy, known + answer_sweep(body, known, screen=True), None)
                after = _result(kind, body)
                if "found" in name:
                    if not any(v in after for v in _digit_leaves(obj)):
                        bad.append(sent)
                elif after != sent:
                    bad.append(sent)
            report[f"{name} / {kind}"] = (len(bad), len(objects), bad[:3])
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    report = asyncio.run(run(args.seed))
    for name, (bad, total, examples) in report.items():
        print(f"{name:45s} {bad}/{total} {'found' if 'found' in name else 'altered'}")
        for example in examples:
            print("   ", example[:160])
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
