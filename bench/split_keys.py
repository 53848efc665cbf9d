"""fields22: one typed value (SSN, phone number, card, IBAN) split over sibling keys of one object, and PII-free
look-alikes under similar keys (ids, order numbers, quantities, SKUs, prices), in a request's tool-call arguments
and its JSON tool result.

Held-out: keys and cuts written apart from the tests' (`tests/guard/test_splitkeys.py`), never tuned on. A value
leaks when any of its parts goes up as sent; a look-alike is altered when anything in it changes.

    PYTHONPATH=$PWD .venv/bin/python bench/split_keys.py [--n 24] [--show 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import string
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.phases import screen_request  # noqa: E402
from proxy.providers import openai  # noqa: E402

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE"]

# Keys of the typed member and of the others (held out: none of these is in the tests).
SSN_KEYS = [("ssn_part1", "ssn_part2"), ("socialSecurityNumber", "remaining"), ("ssn_head", "ssn_tail"),
            ("ssnStart", "ssnEnd"), ("ssn", "rest_of_it"), ("patient_ssn", "cont"), ("ssn_a", "ssn_b")]
PHONE_KEYS = [("phone_prefix", "phone_suffix"), ("mobile", "tail"), ("phoneStart", "phoneRest"), ("cell", "more"),
              ("telephone_1", "telephone_2"), ("fax", "remainder"), ("contact_phone", "digits")]
CARD_KEYS = [("cardNumber", "cardNumberCont"), ("pan_head", "pan_tail"), ("card_1", "card_2"), ("cc", "rest"),
             ("credit_card_start", "credit_card_end"), ("card", "second_half")]
IBAN_KEYS = [("iban_start", "iban_end"), ("IBAN", "ibanRest"), ("iban", "part_2"), ("payee_iban", "remainder")]
LOOK_KEYS = [("order_id", "qty"), ("sku", "price"), ("phone_ext", "count"), ("card_last4", "card_exp"),
             ("ssn_verified", "attempts"), ("phone_count", "rest"), ("invoice", "amount_cents"),
             ("ticket_id", "line"), ("card_bin", "order_no"), ("phone_model", "serial"), ("product_id", "rest"),
             ("ssn_last4", "order"), ("card_type_id", "quantity"), ("account_id", "part2"), ("mobile_plan", "price"),
             ("iban_count", "rest")]


def _ssn(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def _phone(rng: random.Random) -> str:
    import phonenumbers

    while True:
        d = f"{rng.choice([212, 312, 415, 617, 646, 718, 818, 303, 206, 512])}{rng.randint(200, 999)}" \
            f"{rng.randint(0, 9999):04d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(d, "US")):
            return d


def _luhn_digit(body: str) -> str:
    total = 0
    for k, c in enumerate(reversed(body)):
        n = int(c)
        if k % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def _card(rng: random.Random) -> str:
    body = rng.choice(["4", "51", "52", "55"])
    body += "".join(rng.choice(string.digits) for _ in range(15 - len(body)))
    return body + _luhn_digit(body)


def _iban(rng: random.Random) -> str:
    cc, n = rng.choice([("DE", 18), ("FR", 23), ("NL", 14), ("ES", 20)])
    if cc == "NL":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + \
            "".join(rng.choice(string.digits) for _ in range(10))
    else:
        bban = "".join(rng.choice(string.digits) for _ in range(n))
    moved = bban + cc + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    return f"{cc}{check:02d}{bban}"


def _split(rng: random.Random, value: str, parts: int) -> list[str]:
    cuts = sorted(rng.sample(range(2, len(value) - 1), parts - 1))
    return [value[a:b] for a, b in zip([0, *cuts], [*cuts, len(value)], strict=True)]


def pii_cases(rng: random.Random, n: int) -> list[tuple[str, dict[str, Any], list[str]]]:
    out = []
    for cls, make, keys in (("ssn", _ssn, SSN_KEYS), ("phone", _phone, PHONE_KEYS), ("card", _card, CARD_KEYS),
                            ("iban", _iban, IBAN_KEYS)):
        for k in range(n):
            value = make(rng)
            first, rest = keys[k % len(keys)]
            parts = _split(rng, value, 2 if k % 3 else 3)
            obj: dict[str, Any] = {first: parts[0]}
            for m, part in enumerate(parts[1:]):
                obj[rest if m == 0 else f"{rest}{m + 1}"] = part
            if k % 4 == 1 and cls != "iban":
                obj = {key: int(v) if not v.startswith("0") else v for key, v in obj.items()}
            if k % 5 == 2:
                obj = {"query": "update the record", "record": obj}
            out.append((cls, obj, parts))
    return out


def look_cases(rng: random.Random, n: int) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for k in range(n * 4):
        first, second = LOOK_KEYS[k % len(LOOK_KEYS)]
        a = str(rng.randint(1, 10 ** rng.randint(1, 6)))
        b = str(rng.randint(1, 10 ** rng.randint(1, 8)))
        obj: dict[str, Any] = {first: a, second: b}
        if k % 3 == 1:
            obj = {key: int(v) for key, v in obj.items()}
        if k % 4 == 3:
            obj["status"] = "shipped"
        out.append(("look", obj))
    return out


def _body(args: dict[str, Any], as_result: bool) -> dict[str, Any]:
    call = {"id": "c", "type": "function", "function": {"name": "f",
                                                        "arguments": "{}" if as_result else json.dumps(args)}}
    return {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c", "content": json.dumps(args) if as_result else "done"}]}


def _sent(body: dict[str, Any], as_result: bool) -> str:
    return str(body["messages"][2]["content"] if as_result else body["messages"][1]["tool_calls"][0]["function"]
               ["arguments"])


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    from tests.support.pii import WordScorer, shared_analyzer

    analyzer = shared_analyzer()
    await analyzer.start()
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)
    policy = Policy.model_validate({"name": "bench", "input": {"pii": {"action": "redact", "entities": ENTITIES}}})
    rng = random.Random(args.seed)
    pii = pii_cases(rng, args.n)
    look = look_cases(rng, args.n)
    for as_result in (False, True):
        where = "tool result" if as_result else "tool-call arguments"
        leaks: dict[str, list[str]] = {}
        totals: dict[str, int] = {}
        for cls, obj, parts in pii:
            body = _body(obj, as_result)
            await screen_request(guard, policy, openai.request_texts("chat", body))
            sent = _sent(body, as_result)
            totals[cls] = totals.get(cls, 0) + 1
            if any(f'"{p}"' in sent or f": {p}" in sent or f":{p}" in sent for p in parts):
                leaks.setdefault(cls, []).append(sent)
        for cls, total in totals.items():
            print(f"{where:20} {cls:6} leaked {len(leaks.get(cls, [])):3}/{total}")
            for s in leaks.get(cls, [])[:args.show]:
                print("   ", s)
        altered = []
        for _, obj in look:
            body = _body(obj, as_result)
            before = _sent(body, as_result)
            await screen_request(guard, policy, openai.request_texts("chat", body))
            if json.loads(_sent(body, as_result)) != json.loads(before):
                altered.append(_sent(body, as_result))
        print(f"{where:20} look-alikes altered {len(altered):3}/{len(look)}")
        for s in altered[:args.show]:
            print("   ", s)
    # The same objects as JSON written over 2-3 content parts of one user message, cut at random places
    # (fields22 #2), half of them inside prose.
    leaks = {}
    totals = {}
    for cls, obj, parts in pii:
        texts = _cut(rng, obj, cls)
        body = {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        sent = "".join(c["text"] for c in body["messages"][0]["content"])
        totals[cls] = totals.get(cls, 0) + 1
        if any(f'"{p}"' in sent or f": {p}" in sent or f":{p}" in sent for p in parts):
            leaks.setdefault(cls, []).append(sent)
    for cls, total in totals.items():
        print(f"{'content parts':20} {cls:6} leaked {len(leaks.get(cls, [])):3}/{total}")
        for s in leaks.get(cls, [])[:args.show]:
            print("   ", s)
    altered = []
    for _, obj in look:
        texts = _cut(rng, obj, "look")
        body = {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        sent = [c["text"] for c in body["messages"][0]["content"]]
        if sent != texts:
            altered.append("|".join(sent))
    print(f"{'content parts':20} look-alikes altered {len(altered):3}/{len(look)}")
    for s in altered[:args.show]:
        print("   ", s)
    return 0


def _cut(rng: random.Random, obj: dict[str, Any], cls: str) -> list[str]:
    text = json.dumps(obj)
    if rng.random() < 0.5:
        text = f"Here is the {cls} record: {text} - please check it."
    cuts = sorted(rng.sample(range(1, len(text)), rng.choice([1, 2])))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
