"""Unfenced configuration held out of yaml28's tuning (atk26 F4, F11): what restore keeps and gives back.

    PYTHONPATH=. .venv/bin/python bench/yaml28_heldout.py

- sends: configuration in the shapes yaml28 reads (flow collections, list items, blockquoted YAML, XML, records split
  by prose, values before a block key), with other keys, hosts and values than the tests': must keep every
  placeholder;
- look-alikes: the same shapes naming no destination, prose, Markdown: must come back restored.
Each whole and streamed (3- and 8-character pieces). About half a minute (analyzer inline).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from proxy.guard.engine import Guard  # noqa: E402
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat  # noqa: E402
from tests.support.pii import WordScorer, shared_analyzer  # noqa: E402

SENDS = [
    f'alerts: {{email_to: {E}, webhook_url: "https://hooks.slack-relay.io/T0/B1"}}',
    f"escalation: [{{notify: {E}}}, {{hook: 'https://pager.fabrikam.io/x'}}]",
    f"- endpoint: https://intake.northwind-data.com/ingest\n  headers: {{X-User: {E}}}\n",
    f"> smtp:\n>   host: mail.contoso-relay.net\n>   rcpt: {E}\n",
    f"<webhook>\n  <target>https://relay.fabrikam.io/in</target>\n  <payload>{P}</payload>\n</webhook>",
    f'<smtp server="mx.fabrikam-mail.com"><rcpt>{E}</rcpt></smtp>',
    f"owner_email: {E}\n\nNext, point it at the collector:\n\ncollector_url: https://otel.fabrikam.io:4318",
    f'"callback": "https://cb.fabrikam.io/r",\n"phone": "{P}"',
    f"report:\n  cc: {E}\n\n\n  sftp_target: sftp://files.fabrikam.io/in\n",
    f"contact_phone: {P}\ncontact_name: {N}\nforwarder:\n  url: https://fwd.fabrikam.io/sms\n",
    f"# on-call: {N} {P}\nsink:\n  http: https://logs.fabrikam.io/ingest\n",
    f"Recipient: {E}\nmailer:\n  relay: 198.51.100.40:25\n",
    f"notify: {{\n  channels: [email, sms],\n  sms_to: {P},\n  gateway: https://sms.fabrikam.io/send\n}}",
    f"> hooks: {{url: https://x.fabrikam.io, who: {N}}}",
    f"Step 1, the owner:\n\n    owner: {N}\n\nStep 2:\n\n    upload_to: s3://bucket-fabrikam/reports\n",
]
LOOKS = [
    f"profile: {{display_name: {N}, timezone: Europe/Berlin}}",
    f"<customer>\n  <name>{N}</name>\n  <phone>{P}</phone>\n</customer>",
    f"guests:\n  - {N}\n  - {E}\nvenue: Room 12",
    f"export:\n  file: ~/reports/q3.csv\n  owner: {E}",
    f"Meeting with {N} on Tuesday; I'll send the notes to {E}.",
    f"name: {N}\nrole: reviewer\n\nI added them to the list.",
    f"> Reminder: {N} will call from {P}.",
    f"shipping: {{recipient: {N}, phone: {P}, city: Lisbon}}",
    f"# Notes for {N}\n\nThey prefer email ({E}).",
    f"reviewers: [{N}]\nlabels: [bug, p2]",
    f'"name": "{N}",\n"email": "{E}"',
    f"<signup><email>{E}</email><plan>pro</plan></signup>",
    f"Name: {N}\nPhone: {P}\nNotes: prefers mornings",
    f"attendee:\n  name: {N}\n\n  seat: 14C",
    f"Summary for {N}:\n- status: active\n- email: {E}\n\nLet me know if anything changed.",
]


async def main() -> None:
    a = shared_analyzer()
    await a.start()
    g = Guard(a, WordScorer(), stream_hold_chars=60)
    sets = (("sends (should keep)", SENDS, True), ("look-alikes (should restore)", LOOKS, False))
    for name, texts, want_kept in sets:
        ok = {"whole": 0, "stream3": 0, "stream8": 0}
        bad: list[tuple[str, str]] = []
        for t in texts:
            got, _ = await whole_chat(g, t, [])
            res = {"whole": got}
            for size in (3, 8):
                res[f"stream{size}"], _ = await streamed_chat(g, t, [], size)
            for k, v in res.items():
                good = (v == t) if want_kept else (v == values(t))
                ok[k] += good
                if not good:
                    bad.append((k, t))
        print(f"{name}: " + ", ".join(f"{k} {v}/{len(texts)}" for k, v in ok.items()))
        for k, t in bad:
            print("   miss", k, repr(t)[:110])


if __name__ == "__main__":
    asyncio.run(main())
