"""A label ending one content part, the value alone in the next (issue 12, atk25 F09): held-out leaks and look-alikes.

    .venv/bin/python bench/parts26.py [--time 30]

Each pair (a part ending in a label or a phrase, then a part starting with a value or with an ordinary word or
number) is sent as two text parts of one chat message (input, the shipped default policy), as two blocks of an
Anthropic answer (whole), and streamed as two blocks in chunks of 1, 5 and 16 characters (the default output rule:
names are not an output type). Counted: values that reach the provider or the client (the leak set), and look-alike
pairs altered (the PII-free set); the same pair in one part is the control (`one part`). Runs the analyzer in worker
processes as the proxy does. Values and phrasings here are not those of the tests (tests/guard/test_parts26.py).
`--time N`: instead, CPU ms per request (the analysis inline, in this process) of a chat message of four text parts
(300 characters of prose, one part ending in a label, new digits each sample so nothing is cached), A/B interleaved:
A without the readings across parts (`proxy.guard.parts26.carries` off), B as shipped; and of a message of four parts
that end their sentences (no reading: the gates' cost alone).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard import parts26  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.phases import screen_answer, screen_request  # noqa: E402
from proxy.providers import openai  # noqa: E402
from proxy.providers.base import CHAT, TextSlot  # noqa: E402
from tests.support.pii import WordScorer, shared_analyzer  # noqa: E402

# (part one, part two, the value in part two or None for a look-alike, read on output too)
LEAKS = [
    ("Social security number: ", "512749856", True),
    ("Her SSN# ", "412559876", True),
    ("You can reach her on ", "2125550199", True),
    ("His mobile is ", "4155550172 if urgent", True),
    ("Fax: ", "3125550111", True),
    ("The caller's number was ", "7185550123.", True),
    ("Emergency contact phone:", " 3055550147", True),
    ("Customer details\nPhone:", "\n6465550188", True),
    ("Ring the front desk at ", "9175550164 after six", True),
    ("Patient name: Dmitri ", "Volkov", False),
    ("Contact person: ", "Anneliese Brandt", False),
    ("Please forward this to my colleague ", "Oluwaseun Adeyemi today", False),
]
LOOKALIKES = [
    ("Invoice no: ", "6175550143"), ("Tracking number ", "9400111899"), ("Version ", "3.2.1"), ("Step ", "4 of 7"),
    ("Chapter ", "12"), ("Total: ", "1234567890 bytes"), ("Order ", "#5551234"), ("Model: ", "Galaxy S24"),
    ("Title: ", "Pride and Prejudice"), ("Status: ", "Open"), ("Project: ", "Apollo Launch"), ("Meeting room ", "4B"),
    ("Serial: ", "SN4567890123"), ("Port ", "8080"), ("Year ", "2024"), ("Ticket ", "JIRA-4521"),
    ("Product: ", "Smart Home Hub"), ("Location: ", "Building 7"), ("Account type: ", "Premium"),
    ("The answer is ", "42"), ("Read section ", "3.4 first"), ("Set the timeout to ", "3000 ms"),
    ("Release ", "2025.1 ships Monday"), ("Reference: ", "RFC 7231"), ("Color: ", "Midnight Blue"),
]

POLICY = Policy.model_validate(yaml.safe_load((ROOT / "policies/default.yaml").read_text()))


async def _input(guard: Guard, parts: list[str]) -> list[str]:
    body = {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in parts]}]}
    await screen_request(guard, POLICY, openai.ADAPTER.request_texts(CHAT, body))
    return [p["text"] for p in body["messages"][0]["content"]]  # type: ignore[index]


async def _answer(guard: Guard, parts: list[str]) -> list[str]:
    holders = [{"text": t} for t in parts]
    slots = [TextSlot(h, "text", "assistant", "text", f"block:{k}") for k, h in enumerate(holders)]
    await screen_answer(guard, POLICY, slots, None)
    return [h["text"] for h in holders]


async def _stream(guard: Guard, parts: list[str], size: int) -> list[str]:
    stream = guard.output_stream(POLICY)
    outs = [""] * len(parts)

    def route(pairs: list[tuple[str, str]]) -> None:
        for channel, text in pairs:
            outs[int(channel.split(":")[1])] += text

    for k, text in enumerate(parts):
        for i in range(0, len(text), size):
            outs[k] += await stream.feed(f"block:{k}", text[i:i + size], group="answer")
            route(stream.take_spill())
        stream.close_field(f"block:{k}")
    route(stream.take_spill() + await stream.end_group("answer"))
    return outs


def _value(b: str) -> str:
    return b.strip().split()[0].rstrip(".")


async def timing(repeat: int) -> None:
    from proxy.nlp.pii import PiiAnalyzer

    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()
    guard = Guard(analyzer, WordScorer())
    shipped = parts26.carries

    def labelled(n: int) -> list[str]:
        return ["We moved the planning review to the larger room on the third floor because more people are coming. ",
                f"The agenda covers the budget for quarter {n % 4 + 1} and the hiring plan for the support team. ",
                "If anything changes before then, call me at ",
                f"617555{n % 10000:04d} and I will update the invitation for everyone. Thanks."]

    def closed(n: int) -> list[str]:
        return ["We moved the planning review to the larger room on the third floor because more people are coming.\n",
                f"The agenda covers the budget for quarter {n % 4 + 1} and the hiring plan for the support team.\n",
                "If anything changes before then, I will update the invitation for everyone.\n",
                f"Thanks, see you in room {n % 900 + 100}."]

    for name, make in (("label part", labelled), ("closed parts", closed)):
        a: list[float] = []
        b: list[float] = []
        for n in range(repeat):
            for arm in ((0, 1) if n % 2 == 0 else (1, 0)):
                parts26.carries = shipped if arm else (lambda *_: [])  # type: ignore[assignment]
                texts = make(n * 2 + arm + 7919)
                start = time.process_time()
                await _input(guard, texts)
                (b if arm else a).append((time.process_time() - start) * 1000)
        parts26.carries = shipped  # type: ignore[assignment]
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name}: A {ma:.2f} ms, B {mb:.2f} ms, B/A - 1 = {mb / ma - 1:+.1%} (median of {repeat} each)")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--time", type=int, default=0)
    args = ap.parse_args()
    if args.time:
        await timing(args.time)
        return
    analyzer = shared_analyzer()
    await analyzer.start()
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=200)
    leaks = {"input": 0, "answer": 0, "stream": 0, "input one part": 0, "answer one part": 0}
    total = {"input": 0, "answer": 0, "stream": 0}
    for a, b, output in LEAKS:
        value = _value(b)
        total["input"] += 1
        if value in "".join(await _input(guard, [a, b])):
            leaks["input"] += 1
            print("leak input:", repr(a), repr(b))
        if value in (await _input(guard, [a + b]))[0]:
            leaks["input one part"] += 1
        if output:
            total["answer"] += 1
            total["stream"] += 3
            if value in "".join(await _answer(guard, [a, b])):
                leaks["answer"] += 1
                print("leak answer:", repr(a), repr(b))
            if value in (await _answer(guard, [a + b]))[0]:
                leaks["answer one part"] += 1
            for size in (1, 5, 16):
                if value in "".join(await _stream(guard, [a, b], size)):
                    leaks["stream"] += 1
                    print("leak stream:", size, repr(a), repr(b))
    altered = {"input": 0, "answer": 0, "stream": 0, "input one part": 0}
    for a, b in LOOKALIKES:
        got = await _input(guard, [a, b])
        if got != [a, b]:
            altered["input"] += 1
            print("altered input:", got)
        if (await _input(guard, [a + b]))[0] != a + b:
            altered["input one part"] += 1
        if await _answer(guard, [a, b]) != [a, b]:
            altered["answer"] += 1
            print("altered answer:", repr(a), repr(b))
        for size in (1, 5, 16):
            if await _stream(guard, [a, b], size) != [a, b]:
                altered["stream"] += 1
                print("altered stream:", size, repr(a), repr(b))
    print(f"leaks (of input {total['input']}, answer {total['answer']}, stream {total['stream']}):", leaks)
    print(f"look-alikes altered (of {len(LOOKALIKES)}, streams x3):", altered)


if __name__ == "__main__":
    asyncio.run(main())
