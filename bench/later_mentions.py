"""A name found in one text of a request at its mentions in the request's other texts (later22, atk20 M2), under a
policy's input PII rule.

    .venv/bin/python bench/later_mentions.py [--policy default] [--show N]

`bench/data/later_mentions_holdout.tsv` (`SURNAME<TAB>ORDINARY`, written after the rules, never tuned on): each surname
cued in a chat's first message (`Customer: Mrs.`, `Dear Mr.`, `Hi Ms.`, `Regards,\\nDr.`), then its bare mention in a
later user turn, in tool-call arguments (decoded into their keys and values as the chat route reads them) and in a
tool's result; the word's ordinary use in a last message where it is an English word. Counts the names kept per kind
of text, the requests whose texts share one placeholder, and the ordinary uses altered.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pii_fp import pii_only  # noqa: E402

from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data" / "later_mentions_holdout.tsv"
CUES = ["Customer: Mrs. {n}", "Dear Mr. {n}, thank you for your patience.", "Hi Ms. {n}, following up on the order.",
        "Regards,\nDr. {n}"]
LATER = ["Can you draft a reply to {n} about the delay?", "Please loop in {n} before Friday.",
         "Yesterday I spoke with {n} and promised a callback."]
TOOL = ["Ticket 4411 assigned to {n}.", "Email delivered to {n} at 10:42."]
ARGS = [[("customer", "{n}")], [("to", "{n}"), ("subject", "Refund")]]


def kept(name: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z])", text) is not None


async def run(policy_name: str, show: int) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    guard = Guard(PiiAnalyzer(executor="inline"), None)
    await guard.start()  # the engines loaded before the first request (the check's 30 s limit)
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    counts = {"later turn": 0, "arguments": 0, "tool result": 0}
    one = altered = ordinary = 0
    shown: list[str] = []
    for k, (name, use) in enumerate(rows):
        texts = [CUES[k % len(CUES)].format(n=name), "Noted.", LATER[k % len(LATER)].format(n=name)]
        documents: list[tuple[int, str]] = []
        for key, value in ARGS[k % len(ARGS)]:
            documents += [(len(texts), "key"), (len(texts) + 1, "string")]
            texts += [key, value.format(n=name)]
        texts.append(TOOL[k % len(TOOL)].format(n=name))
        if use:
            texts.append(use)
        verdict = await guard.input(policy, texts, None, documents=[documents])
        out = [new if new is not None else old for new, old in zip(verdict.texts, texts, strict=True)]
        args = " ".join(out[3:3 + len(documents)])
        tool = out[3 + len(documents)]
        for label, text in (("later turn", out[2]), ("arguments", args), ("tool result", tool)):
            if kept(name, text):
                counts[label] += 1
                shown.append(f"{label}: {name}")
        named = [out[0], out[2], args, tool]
        one += all("<PERSON_" in t for t in named) and len(set(re.findall(r"<PERSON_\d+>", " ".join(named)))) == 1
        if use:
            ordinary += 1
            if out[-1] != use:
                altered += 1
                shown.append(f"ordinary use altered: {name}")
    for label, n in counts.items():
        print(f"{label}: name kept {n}/{len(rows)}")
    print(f"the name redacted in all four texts with one placeholder: {one}/{len(rows)}")
    print(f"ordinary uses altered: {altered}/{ordinary}")
    for line in shown[:show]:
        print("  " + line)  # (a listed surname and the kind of text: no user text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policy", default="default")
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    asyncio.run(run(args.policy, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
