"""cue27 held-out set (atk26 F13/F14): undashed SSNs and phone numbers after everyday abbreviations of their labels,
in contact rows and SMS records, and PII-free look-alikes, through the guard's input phase (chat message text).

Held-out: values, names and phrasings written apart from the tests' (`tests/nlp/test_cue27.py`) and never tuned on.
A value leaks when its digits go up as sent; a look-alike is altered when anything in it changes. Runs on the code
before cue27 too.

    PYTHONPATH=$PWD .venv/bin/python bench/cue27.py [--show]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.phases import screen_request  # noqa: E402
from proxy.providers import openai  # noqa: E402

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE"]

LEAKS = [
    ("New hire packet: SS# 561223344, start date Monday.", "561223344"),
    ("ss #: 231457788", "231457788"),
    ("Tenant SS No: 449021377", "449021377"),
    ("S.S.N. - 318664520", "318664520"),
    ("Co-signer's Soc. Sec. # 276540913", "276540913"),
    ("Soc.Sec.No. 140882356 (spouse)", "140882356"),
    ("patient soc. sec. 523019946", "523019946"),
    ("Social Sec No 388104572", "388104572"),
    ("Cheers,\nPriya Nair\nSenior Analyst\nPh: 7325550181", "7325550181"),
    ("Yours,\nTom Becker\nPh 9195550142", "9195550142"),
    ("Ahmed Khan\nMob: 8575550126\nakhan@acme.test", "8575550126"),
    ("Mob. 2145550163", "2145550163"),
    ("Rosa Lima | T: 3055550117 | M: 7865550190", "7865550190"),
    ("Rosa Lima | T: 3055550117 | M: 7865550190", "3055550117"),
    ("C: 4045550138\nW: acme.test", "4045550138"),
    ("📞 5125550177", "5125550177"),
    ("📱: +447700900123", "7700900123"),
    ("Grace Park, 6465550184, Marketing", "6465550184"),
    ("Ivan Petrov\t2065550159\tSeattle", "2065550159"),
    ("Nora Quinn | +14155550123 | Remote", "4155550123"),
    ('Delivery: {"to": "9175550135", "from": "8885550100", "direction": "outbound-api"}', "9175550135"),
    ('[{"from": "3125550108", "to": "7735550166", "text": "ok"}]', "3125550108"),
]
KEPT = [
    "Buffer Ph: 6.8, conductivity 1.2",
    "Mob: 25, HP: 4000000000 damage",
    "T: 1712345678 epoch seconds",
    "M: 9876543210\nT: 1234567890",
    "We set M: 5125550177 as the modulus in the note.",
    "Ticket #: 4155550123, Priority: high",
    "PO No. 7325550181 received.",
    "Invoice no. 561223344 is due.",
    "Case ID, 6465550184, Closed",
    "Apollo Server, 2065550159, prod",
    '{"from": 20240101, "to": 20241231, "status": "ok"}',
    '{"from": "1700000000", "to": "1700003600", "text": "window"}',
    '{"from": "4155550123", "to": "6175550143", "step": 2}',
    "The SS #4 ship left port 7735550166 seconds ago.",
    "Ph.D. (2019), ORCID 0000000218250097",
]


async def main() -> int:
    from tests.support.pii import WordScorer, shared_analyzer

    analyzer = shared_analyzer()
    await analyzer.start()
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)
    policy = Policy.model_validate({"name": "bench", "input": {"pii": {"action": "redact", "entities": ENTITIES,
                                                                        "min_score": 0.4}}})
    show = "--show" in sys.argv

    async def sent(text: str) -> str:
        body = {"model": "m", "messages": [{"role": "user", "content": text}]}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        return str(body["messages"][0]["content"])

    leaked = altered = 0
    for text, secret in LEAKS:
        after = await sent(text)
        if secret in after:
            leaked += 1
            if show:
                print("LEAK   ", repr(after))
    for text in KEPT:
        after = await sent(text)
        if after != text:
            altered += 1
            if show:
                print("ALTERED", repr(after))
    print(f"labelled values leaked: {leaked}/{len(LEAKS)}; look-alikes altered: {altered}/{len(KEPT)}")
    await analyzer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
