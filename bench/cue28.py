"""cue28 held-out set (atk26 F18 and leftovers): full names of two everyday words after a mail's, a letter's, a
payment's or a form's cue (English, de, es, fr, it, pt), a US phone number split over a sentence's `area code` and
`number`, a tool's JSON result holding one value after a call whose name says what it is, camelCase tool names holding
a listed name, and PII-free look-alikes, through the guard's input phase (chat message text, tool results and names).

Held-out: names, cues and phrasings written apart from the tests' (`tests/nlp/test_cue28.py`) and never tuned on.
A name leaks when its surname goes up as sent (a phone number: its last seven digits); a look-alike is altered when
anything in it changes. Runs on the code before cue28 too.

    PYTHONPATH=$PWD .venv/bin/python bench/cue28.py [--show]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

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


# A tool's JSON result holding one value, after a call whose name says what it is (tool, result, what must not go up),
# and JSON results that must go as sent.
TOOL_LEAKS = [
    ("get_customer_name", '{"value": "Faith Rice"}', "Rice"),
    ("get_patient_name", '{"data": {"full_name_text": "Dawn Marsh"}, "ok": true}', "Marsh"),
    ("get_account_holder", '["Grant Hill"]', "Hill"),
    ("get_customer_phone", '{"data": "3125550164"}', "3125550164"),
    ("get_customer_name", '{"result": "May Lord"}', "Lord"),
    ("get_guest_name", '["Summer Little"]', "Little"),
    ("get_contact_name", '{"data": {"value": "Will King"}}', "King"),
]
TOOL_KEPT = [
    ("get_customer_name", '{"result": "Gold Tier"}'),
    ("get_order_status", '{"result": "Dawn Marsh"}'),
    ("get_customer_name", '{"result": "not found", "code": 404}'),
    ("get_customer_phone", '{"result": "pending", "retry": 3}'),
]
# camelCase tool names holding a listed name (refused) and ordinary ones (sent).
CAMEL_LEAKS = ["emailAnikaPatel", "getRaviKumarDetails", "pingMarcoRossi", "LookupSofiaGarcia"]
CAMEL_KEPT = ["getWeatherForecast", "sendSlackMessage", "lookupInvoiceTotal", "getMaxTokens", "setGraceTimeout",
              "runJuliaNotebook", "getDisneyPlusTitles", "listMorganStanleyFunds"]


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

    from proxy.guard import context24
    from proxy.guard.phases import NAME_TEXT_CHECK

    async def screened(body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        slots = openai.ADAPTER.request_texts("chat", body)
        with context24.cued("chat", body, slots):
            verdict = await screen_request(guard, policy, slots)
        return body, verdict.blocked and verdict.block_check == NAME_TEXT_CHECK

    def tool_body(tool: str, result: str) -> dict[str, Any]:
        return {"model": "m", "messages": [
            {"role": "user", "content": "Look it up."},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": tool, "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "c1", "content": result}]}

    leaked = altered = 0
    for tool, result, secret in TOOL_LEAKS:
        body, _ = await screened(tool_body(tool, result))
        if secret in body["messages"][2]["content"]:
            leaked += 1
            if show:
                print("LEAK   ", tool, body["messages"][2]["content"])
    for tool, result in TOOL_KEPT:
        body, _ = await screened(tool_body(tool, result))
        if body["messages"][2]["content"] != result:
            altered += 1
            if show:
                print("ALTERED", tool, body["messages"][2]["content"])
    print(f"JSON tool results leaked: {leaked}/{len(TOOL_LEAKS)}; look-alikes altered: {altered}/{len(TOOL_KEPT)}")
    leaked = altered = 0
    for name in CAMEL_LEAKS + CAMEL_KEPT:
        _, refused = await screened({"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": [
            {"type": "function", "function": {"name": name, "parameters": {"type": "object"}}}]})
        if name in CAMEL_LEAKS and not refused:
            leaked += 1
            if show:
                print("LEAK   ", name)
        if name in CAMEL_KEPT and refused:
            altered += 1
            if show:
                print("REFUSED", name)
    print(f"camelCase tool names with a name sent: {leaked}/{len(CAMEL_LEAKS)}; ordinary ones refused: "
          f"{altered}/{len(CAMEL_KEPT)}")
    await analyzer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
