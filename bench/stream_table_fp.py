"""Streamed tables and lists without PII (issue 12, atk14 B H4 streamed): what the window's header reading
(`proxy.guard.headings`) costs answers whose numbers are no phone number nor SSN. Tables (Markdown, CSV, tab, `;`,
HTML) and lists of order numbers, tracking numbers, invoice and account numbers, SKUs, amounts, ZIP codes and
quantities, some under a header that names a phone or an SSN only in part (`phone model`, `phone_count`, `SSN status`)
or after a table that does name one, are streamed in 1-, 7- and 20-character chunks through the output PII rule
(e-mail, phone, card, SSN), inline, and read whole. A second set, the same tables under a `phone` / `ssn` header,
shows what the reading finds (values redacted) and costs. `--rest` (tablerest15) adds the same sets with each row's
item cell 500 characters long (rows the window's cap cuts, released past 400 characters) and HTML tables never closed,
and the tables as a string of tool call arguments (`{"to": "ops", "body": ...}`, a JSON channel, read whole as
`proxy.guard.phases.screen_answer` reads arguments: decoded). `--split` (tablesplit16, atk17 M3) adds the first three
sets with each answer in two Anthropic text blocks, cut after its (first) table's header or list's label: the rows
start the second block, which the client joins to the first (whole: two `block:N` texts; streamed: the answer's
group, each block closed before the next).

    .venv/bin/python bench/stream_table_fp.py [--n 40] [--seed 15] [--rest] [--split]

Prints per set: texts altered (streamed at each chunk size, and whole), streams whose result differs from the whole
answer's, the characters held at most, and the check CPU time. It imports the tree it lies in: copy it into the other
tree to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.phases import screen_answer  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from proxy.providers.base import TextSlot  # noqa: E402

POLICY = Policy.model_validate({"name": "bench", "output": {
    "pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})
SIZES = (1, 7, 20)
HEADERS = ["order", "tracking", "invoice", "account", "sku", "amount", "zip", "qty", "build", "ticket",
           "phone model", "phone_count", "SSN status", "serial"]
ITEMS = ["widget", "gadget", "bolt", "panel", "cable", "sensor", "lamp", "valve"]


def _number(r: random.Random, header: str) -> str:
    if header == "phone":  # a valid North American number, no 555 exchange (the recognizer's checks)
        return f"{r.choice([212, 312, 415, 617, 718, 202])}{r.randint(200, 999)}{r.randint(0, 9999):04d}"
    if header == "ssn":
        return f"{r.randint(100, 665)}{r.randint(10, 99)}{r.randint(1000, 9999)}"
    if header in ("order", "tracking", "invoice", "account", "ticket", "serial", "build"):
        return str(r.randint(10**8, 10**10 - 1))  # 9-10 digits, as phone numbers and SSNs are
    if header == "amount":
        return f"{r.randint(1, 99999)}.{r.randint(0, 99):02d}"
    if header == "zip":
        return f"{r.randint(1000, 99999):05d}"
    if header == "sku":
        return f"{r.randint(100, 999)}-{r.randint(1000, 9999)}"
    return str(r.randint(1, 5000))


LONG = " " + "note " * 100  # `--rest`: an item cell 500 characters long


def _table(r: random.Random, header: str, shape: str, rows: int, long: bool = False) -> str:
    cells = [(r.choice(ITEMS) + str(i) + (LONG if long else ""), _number(r, header)) for i in range(rows)]
    if shape == "html open":  # never closed
        return (f"<table>\n<tr><th>Item</th><th>{header}</th></tr>\n"
                + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>\n" for a, b in cells))
    if shape == "markdown":
        return f"| item | {header} |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in cells)
    if shape == "html":
        return (f"<table>\n<tr><th>Item</th><th>{header}</th></tr>\n"
                + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>\n" for a, b in cells) + "</table>")
    if shape == "list":
        return f"{header.capitalize()}s:\n" + "\n".join(f"- {b}" for _, b in cells)
    sep = {"csv": ",", "tab": "\t", "semicolon": ";"}[shape]
    return f"item{sep}{header}{sep}note\n" + "\n".join(f"{a}{sep}{b}{sep}ok" for a, b in cells)


def texts(n: int, seed: int, named: str | None, long: bool = False) -> list[str]:
    """`n` answers, each a table or a list in a sentence; `named`: under that header instead (the second set);
    `long`: rows with a long cell, and HTML tables never closed (`--rest`)."""
    r = random.Random(seed)
    out = []
    for k in range(n):
        shape = ["markdown", "csv", "tab", "semicolon", "html", "list"][k % 6]
        if long and shape == "list":
            shape = "html open"
        header = named or r.choice(HEADERS)
        body = _table(r, header, shape, r.randint(3, 8), long and shape != "html open")
        if named is None and k % 5 == 4:  # after a table that names a phone, ended by a blank line
            body = "| name | phone |\n|---|---|\n| Ann Lee | 555 |\n\n" + body
        out.append(f"Here is what you asked for.\n\n{body}\n\nAnything else?")
    return out


async def stream(guard: Guard, text: str, size: int, in_json: bool = False) -> tuple[str, int]:
    s = guard.output_stream(POLICY)
    out, most = "", 0
    for i in range(0, len(text), size):
        out += await s.feed("content", text[i:i + size], in_json=in_json)
        most = max(most, s.held_in("content"))
    return out + await s.end("content"), most


# Where `--split` cuts an answer: after its first table's header (and rule line) or list's label.
_HEADER_ENDS = ("|---|---|\n", "</th></tr>\n", "s:\n", "note\n")


def split(text: str) -> list[str]:
    """`text` as two text blocks, the second starting at its first table's first row (`--split`)."""
    at = min((text.index(end) + len(end) for end in _HEADER_ENDS if end in text), default=len(text) // 2)
    return [text[:at], text[at:]]


async def stream_blocks(guard: Guard, blocks: list[str], size: int) -> tuple[list[str], int]:
    """`blocks` streamed as an Anthropic answer's text blocks (one group, each closed before the next)."""
    s = guard.output_stream(POLICY)
    outs, most = [""] * len(blocks), 0

    def route(pairs: list[tuple[str, str]]) -> None:
        for channel, text in pairs:
            outs[int(channel.split(":")[1])] += text

    for k, block in enumerate(blocks):
        tell = getattr(s, "field_kind", None)  # (a tree before tablesplit16 has none)
        if tell is not None:
            tell(f"block:{k}", "text")
        for i in range(0, len(block), size):
            outs[k] += await s.feed(f"block:{k}", block[i:i + size], group="answer")
            route(s.take_spill())
            most = max(most, s.held_in(f"block:{k}"))
        s.close_field(f"block:{k}")
    route(s.take_spill() + await s.end_group("answer"))
    return outs, most


async def whole_blocks(guard: Guard, blocks: list[str]) -> list[str]:
    holders = [{"text": block} for block in blocks]
    await screen_answer(guard, POLICY, [TextSlot(h, "text", "assistant", "text", f"block:{k}")
                                        for k, h in enumerate(holders)], None)
    return [h["text"] for h in holders]


async def whole_of(guard: Guard, text: str, in_json: bool) -> str:
    if not in_json:
        verdict = await guard.output(POLICY, [text])
        return verdict.texts[0] if verdict.texts[0] is not None else text
    holder = {"arguments": text}  # as a whole answer's arguments are read: decoded
    await screen_answer(guard, POLICY, [TextSlot(holder, "arguments", "assistant", "tool_arguments", "c",
                                                 is_json=True)], None)
    return holder["arguments"]


async def main_async(args: argparse.Namespace) -> None:
    analyzer = PiiAnalyzer(executor="inline", workers=0)  # type: ignore[arg-type]
    await analyzer.start()
    guard = Guard(analyzer, None)
    print(f"tree {ROOT}")
    sets = [("PII-free tables and lists", None, "", False), ("under a phone header", "phone", "", False),
            ("under an ssn header", "ssn", "", False)]
    if args.rest:
        sets += [(f"{name}, {kind}", named, kind, True) for kind in ("long rows", "in arguments")
                 for name, named, _, _ in sets[:3]]
    if args.split:
        sets += [(f"{name}, two blocks", named, "split", False) for name, named, _, _ in sets[:3]]
    for name, named, kind, _ in sets:
        batch = texts(args.n, args.seed, named, kind == "long rows")
        in_json = kind == "in arguments"
        if in_json:
            batch = [json.dumps({"to": "ops", "body": text}) for text in batch]
        altered = {size: 0 for size in SIZES}
        whole_altered = differs = held = 0
        started, wall = time.process_time(), time.perf_counter()
        for text in batch:
            if kind == "split":
                blocks = split(text)
                whole_parts = await whole_blocks(guard, blocks)
                whole_altered += whole_parts != blocks
                for size in SIZES:
                    outs, most = await stream_blocks(guard, blocks, size)
                    altered[size] += outs != blocks
                    differs += outs != whole_parts
                    held = max(held, most)
                continue
            whole = await whole_of(guard, text, in_json)
            whole_altered += whole != text
            for size in SIZES:
                out, most = await stream(guard, text, size, in_json)
                altered[size] += out != text
                differs += (json.loads(out) != json.loads(whole)) if in_json else out != whole
                held = max(held, most)
        cpu, wall = time.process_time() - started, time.perf_counter() - wall
        print(f"{name:41} altered streamed " + " ".join(f"{altered[s]}/{len(batch)}" for s in SIZES)
              + f" (chunks {'/'.join(map(str, SIZES))}), whole {whole_altered}/{len(batch)}; streams unlike the whole"
              f" answer {differs}/{len(batch) * len(SIZES)}; held at most {held}; CPU {cpu:.1f} s, wall {wall:.1f} s",
              flush=True)
    await analyzer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--rest", action="store_true", help="long rows, open HTML tables, tables in arguments")
    parser.add_argument("--split", action="store_true", help="each answer in two text blocks, cut after the header")
    asyncio.run(main_async(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
