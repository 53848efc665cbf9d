"""Names the fifteenth session's rules left (nameleft16), on a held-out set written before the fixes and never tuned
on (`bench/data/name_leftovers_heldout.tsv`):

- `cjk`: a one-character Chinese surname and a role title after a verb, no particle (`请联系赵经理`);
- `glued`: a given name and a surname no list holds glued to `<` (`Nina Petrova<nina@...>`);
- `epofile`: a name in a spaced file name or a path whose given name is also a product's (`Julia Novak.docx`);
- `shape`: a surname after a salutation and a form of address: the form of address must stay as written and the
  surname become one placeholder right after it (`Estimada Sra. <PERSON_1>`, not `<PERSON_1>. <PERSON_2>`);
- kinds ending in `-none` (and `files-none`, PII-free file names and paths): texts without a name, which the guard
  must leave unaltered.

    .venv/bin/python bench/name_leftovers.py [--show N]

Every text goes through the guard's input phase as a request would (`Guard.input`, the default policy's PII rule
only), as `bench/path_form_names.py` does; a name part counts as leaked when the text sent still holds it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pii_fp import pii_only  # noqa: E402
from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data" / "name_leftovers_heldout.tsv"


def load() -> list[tuple[str, str, list[str]]]:
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, parts = (line.split("\t") + [""])[:3]
        out.append((kind, text, [p for p in parts.split("|") if p]))
    return out


def leaked(part: str, sent: str) -> bool:
    if not part.isascii() and not any(c.isalpha() and c.isascii() for c in part) and not part[:1].isupper():
        return part in sent  # a CJK surname
    return re.search(rf"(?<![^\W\d_]){re.escape(part)}(?![^\W\d_])", sent) is not None


def wrong(kind: str, text: str, parts: list[str], sent: str) -> bool:
    if not parts:
        return sent != text
    if kind == "shape":
        title, surname = parts
        return leaked(surname, sent) or re.search(rf"(?<!\w){re.escape(title)}\s*<PERSON_\d+>", sent) is None
    return any(leaked(p, sent) for p in parts)


async def evaluate(policy_name: str, policies_dir: Path) -> dict[str, list[tuple[str, str, bool]]]:
    policy = pii_only(load_policies(policies_dir).get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["Warm-up: Jane Doe"], ["PERSON"])
    guard = Guard(analyzer, None)
    report: dict[str, list[tuple[str, str, bool]]] = {}
    for kind, text, parts in load():
        verdict = await guard.input(policy, [text])
        sent = verdict.texts[0] if verdict.texts[0] is not None else text
        report.setdefault(kind, []).append((text, sent, wrong(kind, text, parts, sent)))
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--policies", type=Path, default=ROOT / "policies")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    report = asyncio.run(evaluate(args.policy, args.policies))
    for kind, rows in report.items():
        bad = [(t, s) for t, s, w in rows if w]
        what = "altered" if kind.endswith("-none") else "keep a name part or a wrong shape" if kind == "shape" \
            else "keep a name part"
        print(f"{kind:13} {len(bad)}/{len(rows)} {what}")
        for text, sent in bad[:args.show]:
            print(f"    {text!r} sent as {sent!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
