"""What restore costs on a streamed answer (answer20): CPU time to stream long answers through the output windows.

    .venv/bin/python bench/restore_stream.py [--repeat 5] [--piece 20]

A restoring stream reads each released piece for what decides a placeholder (URLs, command lines, code scopes: a
placeholder in a tool call or a code scope is held to the answer's end) and, since answer20, whether the answer
sends (`proxy.guard.windows.OutputWindows._answer_sends`: its tool calls' and code scopes' texts, read piece by
piece). Answers (chat deltas, one choice, restore only: no output rules, so no analysis runs):
- `prose`: 100 KB of prose naming the client's name and e-mail every few sentences, with links;
- `code`: 100 KB of Markdown with a fenced block (JSON records of the client) every few paragraphs, commands, inline
  code;
- `tools`: 200 tool calls of about 300 characters with the client's values (mail, CRM, SQL).
Prints CPU ms per answer (best of `--repeat`). Run it on the code before and after a change to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.vault import Vault  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

POLICY = Policy.model_validate({"name": "bench", "input": {"pii": {
    "action": "redact", "restore": True, "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}})
N, E, P = "<PERSON_1>", "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"


def prose(size: int = 100_000) -> str:
    unit = (f"Thanks {N}, we updated the account for {E} and will call {P} tomorrow. See the "
            "[guide](https://docs.acme-corp.com/setup) for details; the team reviewed the change last week. ")
    return (unit * (size // len(unit) + 1))[:size]


def code(size: int = 100_000) -> str:
    unit = (f"Here is the record for {N}:\n```json\n{{\"name\": \"{N}\", \"email\": \"{E}\", \"phone\": \"{P}\"}}\n"
            f"```\nRun `make import` and then check the admin page. Your login is `{E}`.\n\n"
            "```sh\ngrep -c import logs/app.log\n```\nThe import takes a minute on large files.\n\n")
    return (unit * (size // len(unit) + 1))[:size]


def tools(n: int = 200) -> list[str]:
    calls = [{"to": E, "subject": "Your order", "body": f"Dear {N}, your order shipped. Call {P}."},
             {"name": N, "email": E, "phone": P, "source": "chat", "notes": "met at the fair"},
             {"query": f"SELECT * FROM customers WHERE email = '{E}' AND phone = '{P}'"}]
    return [json.dumps(calls[k % 3]) for k in range(n)]


def vault() -> Vault:
    v = Vault()
    v.placeholder("PERSON", "Dana Kim")
    v.placeholder("EMAIL_ADDRESS", "dana.kim@example.net")
    v.placeholder("PHONE_NUMBER", "303-555-0147")
    return v


async def stream(guard: Guard, text: str | None, calls: list[str], piece: int) -> int:
    windows = guard.output_stream(POLICY, vault())
    group, out = "choice:0", 0
    feeds: list[tuple[str, str, bool, bool]] = []  # (channel, fragment, JSON, the field's last)
    if text:
        feeds += [(f"{group}:content", text[k:k + piece], False, k + piece >= len(text))
                  for k in range(0, len(text), piece)]
    for i, raw in enumerate(calls):
        channel = f"{group}:tool:{i}:arguments"
        windows.field_kind(channel, "tool_arguments")
        feeds += [(channel, raw[k:k + piece], True, k + piece >= len(raw)) for k in range(0, len(raw), piece)]
    for channel, fragment, in_json, last in feeds:
        out += len(await windows.feed(channel, fragment, in_json=in_json, group=group))
        out += sum(len(t) for _, t in windows.take_spill())
        if last:  # (the next tool call starts: `proxy.stream.channels` closes the field)
            windows.close_field(channel)
    out += sum(len(t) for _, t in await windows.end_group(group))
    return out


async def run(repeat: int, piece: int) -> None:
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()
    guard = Guard(analyzer, None)
    cases = {"prose": (prose(), []), "code": (code(), []), "tools": (None, tools())}
    print(f"{'answer':8s} {'KB':>5s} {'CPU ms':>9s}")
    for name, (text, calls) in cases.items():
        size = len(text or "") + sum(len(c) for c in calls)
        best = float("inf")
        for _ in range(repeat):
            t = time.process_time()
            await stream(guard, text, calls, piece)
            best = min(best, time.process_time() - t)
        print(f"{name:8s} {size // 1000:5d} {best * 1000:9.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--piece", type=int, default=20, help="characters per streamed delta")
    args = ap.parse_args()
    asyncio.run(run(args.repeat, args.piece))


if __name__ == "__main__":
    main()
