"""What reading a streamed window after its field's last lines costs (strm33, issue 12): under an output PII rule
with PERSON, a window that may hold a name, after released lines that end no sentence, is read a second time after
them (`proxy.guard.strm33.after_lines`), and a window does not end after a record line's capitalised word
(`name_open`). A ~20 KB prose answer (paragraphs, Markdown headings and lists) and a ~20 KB record answer (QIF
records, `:86:` fields, CAMT entries, a form's label and value lines) are streamed in `--token`-character chunks
through the rule (PERSON, e-mail, phone), analysed inline, as the proxy windows them.

    .venv/bin/python bench/strm33.py [--rounds 1] [--token 4] [--hold 200]

Per answer: chunks per second (CPU time of this process, median of `--rounds`; rounds after the first read
windows the analyzer has cached), the characters held at most, and
whether the streamed answer is the whole answer's. Run it in two trees (a copy of the script in each: it imports the
tree it lies in) and compare.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from proxy.nlp.toxicity import KeywordScorer  # noqa: E402

RULES = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}

_PARAGRAPH = (
    "The migration went out in three steps over the week. First the read replicas were moved, then the writers, "
    "and last the batch jobs that depend on them. Each step had a rollback plan, and none was needed. The team "
    "measured the latency before and after; the median stayed flat and the tail improved a little. "
    "Support saw no tickets about it, which is the best outcome one can ask for.\n\n")
_LIST = ("## What changed\n\n- Replicas now live in the new region\n- Writers use the pooled connections\n"
         "- Batch jobs start after the nightly backup\n- Alerts page the on-call engineer directly\n\n")
_QIF = ("!Type:Bank\n" + "".join(f"D0{m}/1{d}/2026\nT-{d}{m}.40\nN{2200 + d}\nP{payee}\nM{memo}\n^\n"
                                  for m, d, payee, memo in [
                                      (1, 2, "Whole Foods Market", "Groceries"), (2, 3, "Austin Energy", "Power"),
                                      (3, 4, "Ingrid Solberg", "Deposit"), (4, 5, "Shell Oil 57442", "Fuel"),
                                      (5, 6, "City Water Dept", "Water"), (6, 7, "Tobias Lindqvist", "Rent")]))
_MT940 = (":61:2604010401DR310,00NTRFNONREF\n:86:166?00SEPA-UEBERWEISUNG?20EREF+NOTPROVIDED\n"
          "?21SVWZ+Nebenkosten April\n?30GENODEF1S04\n?32HENRIK BRANDSTAETTER\n:62F:C260401EUR20,00\n")
_CAMT = ("<Ntry><NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Ottilie Brandvold</Nm></Cdtr></RltdPties></TxDtls>"
         "</NtryDtls></Ntry>\n<Ntry><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Lincoln Financial</Nm></Dbtr>"
         "</RltdPties></TxDtls></NtryDtls></Ntry>\n")
_FORM = ("If joint return, spouse's first name  Last name\n" + "Solveig".ljust(38) + "Haraldsen\n"
         "Tenant:\nOyelaran, Bjorn\nUnit 4B, lease 12\n\n")


def _to(text: str, size: int) -> str:
    """`text` repeated to `size` characters, each copy's digits told apart (`7` of the third copy reads `37`): no
    window is the same as one read before (the analyzer's cache would hide the cost)."""
    copies = []
    for k in range(size // len(text) + 1):
        copies.append("".join(f"{k % 10}{c}" if c.isdigit() else c for c in text).replace(" the ", f" the {k} "))
    return "".join(copies)[:size]


ANSWERS = {
    "prose": _to(_PARAGRAPH * 3 + _LIST, 20_000),
    "records": _to(_QIF + _MT940 + _CAMT + _FORM, 20_000),
}


async def one(guard: Guard, policy: Policy, text: str, token: int) -> dict[str, Any]:
    stream = guard.output_stream(policy)
    out, most, chunks = "", 0, 0
    started = time.process_time()
    for i in range(0, len(text), token):
        out += await stream.feed("content", text[i:i + token])
        most = max(most, stream.held_in("content"))
        chunks += 1
    out += await stream.end("content")
    return {"s": time.process_time() - started, "held": most, "chunks": chunks, "out": out}


async def main_async(args: argparse.Namespace) -> None:
    analyzer = PiiAnalyzer(executor="inline", workers=0)  # type: ignore[arg-type]
    await analyzer.start()
    guard = Guard(analyzer, KeywordScorer(), stream_hold_chars=args.hold)
    policy = Policy.model_validate({"name": "bench", "output": RULES})
    await one(guard, policy, "Warm up. " * 20, args.token)
    print(f"tree {ROOT}, token {args.token}, hold {args.hold}")
    for name, text in ANSWERS.items():
        runs = [await one(guard, policy, text, args.token) for _ in range(args.rounds)]
        s = statistics.median(r["s"] for r in runs)
        verdict = await guard.output(policy, [text])
        whole = text if verdict.texts[0] is None else verdict.texts[0]
        print(f"{name:8} {len(text):6} chars {runs[0]['chunks']:6} chunks  {s * 1000:8.0f} ms  "
              f"{runs[0]['chunks'] / s:8.0f} chunks/s  held at most {runs[0]['held']:4}  "
              f"same as whole {runs[0]['out'] == whole}", flush=True)
    await analyzer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--token", type=int, default=4)
    parser.add_argument("--hold", type=int, default=200)
    asyncio.run(main_async(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
