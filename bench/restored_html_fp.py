"""Restored HTML answers the output rules alter (restore14's held-out set, written before the change).

    .venv/bin/python bench/restored_html_fp.py

HTML and Markdown answers that only give the client's values back beside the model's words and markup (cells, list
items, line breaks, inline tags) must come back exactly restored with output `pii` on (whole answers). Prints each
altered answer and the count.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.vault import Vault  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402


class _NoScores:
    labels: tuple[str, ...] = ()

    async def score(self, texts: Any) -> list[dict[str, float]]:
        return [{} for _ in texts]


N, M, T = "<PERSON_1>", "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
ANS = [
 f"<p>Hi {N},</p><p>We will mail <b>{M}</b> or call <i>{T}</i> today.</p>",
 f"<table><tr><td>Name</td><td>{N}</td></tr><tr><td>Phone</td><td>{T}</td></tr><tr><td>Rooms</td><td>212</td></tr></table>",
 f"<ul><li>{M}</li><li>Order 48213 ships Monday</li><li>{T}</li></ul>",
 f"Contact: <a href=\"mailto:{M}\">{M}</a><br>Tel: {T}<br>Ref 7781",
 f"<span>{N}</span><span> wrote at 10:42</span>",
 f"Dear {N}<br>Your ticket 55102 is open.<br>We call {T}<br>2 days left",
 f"<div>{T}</div><div>24/7 support</div>",
 f"<b>{N}</b> <i>(account 9921)</i>: {M}",
 "Sending now", f"| Name | Phone |\n|---|---|\n| {N} | {T} |\n| Desk | 4410 |",
 f"<p>Call {T}</p><p>617 people joined</p>",
 f"**{N}** — {M}<br/>Floor 12",
 f"<h2>{N}</h2><p>Member since 2019. Phone: {T}.</p>",
 f"<li><code>{M}</code></li><li><code>v2.3.1</code></li>",
 f"{N}<sup>1</sup> and {T}<sub>2</sub>",
]
async def main() -> None:
    guard = Guard(PiiAnalyzer(executor="inline"), _NoScores())  # type: ignore[arg-type]
    p = Policy.model_validate({"name": "bench", "input": {"pii": {"action": "redact", "restore": True, "entities": [
        "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}, "output": {"pii": {"action": "redact", "entities": [
            "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})
    altered = 0
    for a in ANS:
        v = Vault()
        v.placeholder("PERSON", "Jane Roe")
        v.placeholder("EMAIL_ADDRESS", "jane.roe@example.net")
        v.placeholder("PHONE_NUMBER", "555-0143")
        want = a.replace(N, "Jane Roe").replace(M, "jane.roe@example.net").replace(T, "555-0143")
        got = await guard.output(p, [a], v)
        out = got.texts[0] if got.texts[0] is not None else a
        if out != want:
            altered += 1
            print("ALTERED", repr(out))
    print("altered", altered, "/", len(ANS))
if __name__ == "__main__":
    asyncio.run(main())
