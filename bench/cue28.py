"""cue28 held-out set (atk26 F18 and leftovers): full names of two everyday words after a mail's, a letter's, a
payment's or a form's cue (English, de, es, fr, it, pt), a US phone number split over a sentence's `area code` and
`number`, and PII-free look-alikes, through the guard's input phase (chat message text).

Held-out: names, cues and phrasings written apart from the tests' (`tests/nlp/test_cue28.py`) and never tuned on.
A name leaks when its surname goes up as sent (a phone number: its last seven digits); a look-alike is altered when
anything in it changes. Runs on the code before cue28 too.

    PYTHONPATH=$PWD .venv/bin/python bench/cue28.py [--show]
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
    # English
    ("For the attention of Will Long, Procurement", "Long"),
    ("FAO: Faith Rice", "Rice"),
    ("Parcel 88 - C/O MAY LORD - fragile", "LORD"),
    ("Leave it in care of Joy Price at the lobby.", "Price"),
    ("Make the cheque payable to Dawn Marsh.", "Marsh"),
    ("Pay to the order of Frank Wood", "Wood"),
    ("Sincerely,\nGrant Hill", "Hill"),
    ("Yours truly,\nPat Little", "Little"),
    ("Prepared by Rob Banks on 3 May.", "Banks"),
    ("Witnessed by Amber Stone", "Stone"),
    ("Ref 2291 | Consignee - Will Long | 3 boxes", "Long"),
    ("Ticket 55; Beneficiary: Faith Rice; amount 300", "Rice"),
    ("ATTENTION: JOY PRICE", "PRICE"),
    ("Countersigned by Frank Wood and Dawn Marsh", "Marsh"),
    # German
    ("z.Hd. Joy Price", "Price"),
    ("Rechnung 17, Empfänger: Dawn Marsh", "Marsh"),
    ("Viele Grüße\nGrant Hill", "Hill"),
    ("gez. Pat Little", "Little"),
    ("i. A. Rob Banks", "Banks"),
    # Spanish
    ("Atn.: Amber Stone", "Stone"),
    ("Pedido 4 | Destinataria: Faith Rice", "Rice"),
    ("Un saludo,\nWill Long", "Long"),
    ("Fdo.: May Lord", "Lord"),
    # French
    ("A l'attention de Joy Price", "Price"),
    ("Bénéficiaire : Grant Hill", "Hill"),
    ("Bien à vous,\nFrank Wood", "Wood"),
    ("Signé par Pat Little", "Little"),
    # Italian
    ("Alla cortese attenzione di Rob Banks", "Banks"),
    ("c.a. Amber Stone", "Stone"),
    ("Distinti saluti,\nDawn Marsh", "Marsh"),
    ("Intestatario: Will Long", "Long"),
    # Portuguese
    ("A/C Faith Rice", "Rice"),
    ("Com os melhores cumprimentos,\nMay Lord", "Lord"),
    ("Beneficiário: Grant Hill", "Hill"),
    ("Em nome de Joy Price", "Price"),
    # a phone number split over a sentence's area code and number
    ("My area code is 312 and the number is 5550164.", "5550164"),
    ("Area code: 415; phone number 555-0199", "555-0199"),
]
KEPT = [
    "c/o Reception, Building 4",
    "ATTN: HUMAN RESOURCES",
    "Deliver to Dock 7 before noon.",
    "Requested by Product Management",
    "Signed, Sealed, Delivered is a song.",
    "Payable to Acme Holdings",
    "Bill to: Accounts Receivable",
    "z. Hd. Buchhaltung",
    "Destinataire : Service Comptabilité",
    "Cordialement,\nL'équipe support",
    "Atentamente,\nEl equipo de soporte",
    "Cordiali saluti,\nUfficio Acquisti",
    "Atenciosamente,\nEquipe Financeira",
    "Recipient - All Staff",
    "Approved by QA Lead",
    "c/o Holiday Inn Express",
    "On behalf of the Board of Directors",
    "per conto di Banca Sella",
    "Area code 212 serves Manhattan; the office has 5550100 square feet.",
    "The area code is 617 and the zip code is 02139.",
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
    print(f"cued names and split phones leaked: {leaked}/{len(LEAKS)}; look-alikes altered: {altered}/{len(KEPT)}")
    await analyzer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
