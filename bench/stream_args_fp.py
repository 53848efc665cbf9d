"""False positives of streamed tool call arguments (fields20): `bench/pii_fp.py`'s PII-free `tool-args` objects
(generated, the technical prompts' words as values, keyed PII-free), each with a table header, a label or a key that
names a phone number or an SSN in one string beside the values (`{"note": "| name | phone |\\n|---|---|\\n", ...}`,
`{"label": "Phones:", ...}`, `{"phone": "", ...}`), streamed as a chat tool call's arguments in 7-character chunks
through the output PII rule of `policies/default.yaml`, and read whole (`screen_answer`). Counts the objects whose
values the stream or the whole answer altered (a key's header must govern its own string only).

    .venv/bin/python bench/stream_args_fp.py [--seed 12] [--chunk 7]

Run it with `PYTHONPATH` at another tree to compare (the sets come from that tree's `bench/pii_fp.py`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BESIDE = [("note", "| name | phone |\n|---|---|\n"), ("label", "Phones:"), ("phone", ""), ("ssn_note", "SSN:")]
CHANNEL = "choice:0:tool:0:arguments"


async def run(seed: int, chunk: int) -> dict[str, tuple[int, int, int, list[str]]]:
    from bench.pii_fp import DATA, argument_objects, keyed_objects, read_lines, words_object
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard
    from proxy.guard.phases import screen_answer
    from proxy.nlp.pii import PiiAnalyzer
    from proxy.providers.base import TextSlot

    policy = Policy.model_validate({"name": "bench", "output": {"pii": {  # policies/default.yaml's output rule
        "action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up"], ["PHONE_NUMBER"])
    guard = Guard(analyzer, None)
    prompts = read_lines(DATA / "technical_prompts.txt") + read_lines(DATA / "technical_prompts_holdout.txt")
    free, _ = keyed_objects(seed)
    sets = (("generated", argument_objects(seed)), ("technical words", [words_object(t) for t in prompts]),
            ("keyed, PII-free", free))
    report: dict[str, tuple[int, int, int, list[str]]] = {}
    for name, objects in sets:
        streamed = whole = 0
        examples: list[str] = []
        docs = [obj for obj in objects if isinstance(obj, dict)]
        for n, obj in enumerate(docs):
            key, value = BESIDE[n % len(BESIDE)]
            args = json.dumps({key: value, **obj})
            stream = guard.output_stream(policy)
            out = ""
            for i in range(0, len(args), chunk):
                out += await stream.feed(CHANNEL, args[i:i + chunk], True, group="choice:0")
            out += "".join(t for _, t in stream.take_spill() + await stream.end_group("choice:0"))
            holder = {"arguments": args}
            await screen_answer(guard, policy, [TextSlot(holder, "arguments", "assistant", "tool_arguments", CHANNEL,
                                                         is_json=True)], None)
            if out != args:
                streamed += 1
                if len(examples) < 3:
                    examples.append(f"{args[:120]} -> {out[:120]}")
            if json.loads(holder["arguments"]) != json.loads(args):
                whole += 1
        report[name] = (streamed, whole, len(docs), examples)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--chunk", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    for name, (streamed, whole, total, examples) in asyncio.run(run(args.seed, args.chunk)).items():
        print(f"{name:20s} altered streamed {streamed}/{total}, whole {whole}/{total}")
        for example in examples:
            print("   ", example)
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
