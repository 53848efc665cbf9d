"""fields24: values in structured fields, held out (names, numbers and key spellings the tests do not use, written
before the rules were run on them) with PII-free look-alikes, through the input phase under the default policy's PII
rule: names split over `first`/`last` keys, `SURNAME, GIVEN M` in capitals, phone numbers as arrays of their groups,
names written with `\\u` escapes in JSON text, phone numbers after `#`, `# ` or `No.`. A value leaks when any of
its words or digit groups goes up as sent; a look-alike is altered when anything in it changes.

    PYTHONPATH=$PWD .venv/bin/python bench/fields24.py [--show 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

Body = tuple[str, dict[str, Any], Callable[[dict[str, Any]], str]]


def _args(v: Any) -> Body:
    return ("chat", {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(v)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]},
        lambda b: b["messages"][1]["tool_calls"][0]["function"]["arguments"])


def _result(v: Any) -> Body:
    return ("chat", {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c", "content": json.dumps(v)}]}, lambda b: b["messages"][2]["content"])


def _tool_use(v: Any) -> Body:
    return ("messages", {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": v}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]},
        lambda b: json.dumps(b["messages"][1]["content"][0]["input"], ensure_ascii=False))


def _meta(v: Any) -> Body:
    return ("chat", {"model": "m", "metadata": v, "messages": [{"role": "user", "content": "Hello there."}]},
            lambda b: json.dumps(b["metadata"], ensure_ascii=False))


def _text(s: str) -> Body:
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": s}]},
            lambda b: b["messages"][0]["content"])


CARRIERS = [_args, _result, _tool_use]
POLICY = Path(__file__).resolve().parents[1] / "policies/default.yaml"

NAMES = [("Mark", "Young"), ("Joy", "Baker"), ("Hope", "Turner"), ("Guy", "Carpenter"), ("Dawn", "Wood"),
         ("Rich", "Cook"), ("Faith", "Church"), ("Art", "Long"), ("Priya", "Raghunathan"), ("Tomasz", "Nowak"),
         ("Heather", "Stone"), ("Ray", "King")]
NAME_LOOKS = [("Intro", "Outro"), ("Red", "Blue"), ("Head", "Tail"), ("London", "Paris"), ("Apple", "Zebra"),
              ("Chapter", "Epilogue"), ("Draft", "Final"), ("Morning", "Evening"), ("Basic", "Premium"),
              ("Mercury", "Neptune"), ("Easy", "Hard"), ("Rose", "Garden"), ("A1", "Z9"), ("2023-01-01", "2023-06-30"),
              (3, 17), ("v1.2", "v2.0"), ("Start", "Finish"), ("Bronze", "Gold")]


def _name_shapes(g: str, f: str, n: int) -> Any:
    return [{"first": g, "last": f}, {"First": g, "Last": f}, {"person": {"name": {"first": g, "last": f}}},
            [{"id": 7, "first": g, "last": f}, {"id": 8, "first": "Ana", "last": "Silva"}],
            {"patient": {"first": g, "middle": "", "last": f, "dob": "1980-02-03"}}][n % 5]


COMMAS = ["Insured: {s}, {g} T", "Subscriber: {s}, {g}", "Guarantor: {s}, {g} A", "Member: {s}, {g}",
          "Patient name: {s}, {g} J.", 'id,name,dob\n1,"{s}, {g}",1980-01-02', "Pt: {s}, {g}"]
COMMA_LOOKS = ["Name: SALES, MARKETING", "Location: DENVER, COLORADO", "Member: GOLD, PLATINUM",
               'id,level\n1,"LOW, MEDIUM"', "Customer: NORTH, EAST", "Contact: SUPPORT, SALES", "Provider: AWS, GCP",
               "Owner: TEAM, OPS", "Client: RETAIL, WHOLESALE", 'k,v\n2,"RED, GREEN B"', "Tenant: ALPHA, BETA",
               "Name: PROD, STAGING"]

PHONE_KEYS = ["mobile", "cell", "tel", "phoneNumber", "home_phone"]
PHONE_LOOKS: list[Any] = [{"date": [2024, 3, 15]}, {"version": [2, 7, 18]}, {"ports": [8080, 8443, 9090]},
                          {"range": [[617, 555], [143]]}, {"type": "phone", "count": [3, 4, 5]},
                          {"kind": "mobile", "sizes": [360, 640, 1024]}, {"first": 1, "last": 10},
                          {"phone": [1, 2, 3]}, {"coords": [[41, 87], [12]]}, {"rgb": [255, 128, 64]},
                          {"contact": "email", "number": [617, 555, 143]}, {"mobile": [12, 24, 36]},
                          {"type": "cell", "values": [0.5, 0.25, 0.125]}, {"tel": [[1, 2], [3, 4]]}]

ESC_KEYS = [("given", "family"), ("firstName", "lastName"), ("fname", "lname"), ("first", "last"),
            ("forename", "surname")]
ESC_LOOKS = [{"cafe": "Caf\u00e9 M\u00fcller"}, {"label": "\u00dcbersicht"}, {"city": "K\u00f6ln", "zip": "50667"},
             {"first": "\u00c4pfel", "last": "Birnen"}, {"dish": "Cr\u00eape", "price": 4},
             {"name": "Ma\u00eetre d'h\u00f4tel menu"}, {"title": "\u0042uild \u0052eport"},
             {"given": "true", "family": "Ros\u00e1ceae"}, {"word": "na\u00efvet\u00e9"}, {"step": "\u0046inal"}]

HASH_FRAMES = ["# {d}", "#{s}", "No. {d}", "Tel#{o}", "Phone No. {d}", "- # {d}", "Emergency contact: #{s}",
               "Mobile # {d}", "Contact\n# {d}", "Home: No. {d}"]
HASH_LOOKS = ["Build # 2024-0611-7788", "Ticket # 818-629-8896", "Order No. 617-555-0143", "Case #415 555 0123",
              "Issue No. 212-555-0199", "Invoice # 303-555-0111", "step # 3 of 10", "# 1234-5678-9012",
              "Section No. 4.2.1", "Room No. 212-555-0199", "PR # 646-555-0134", "Release #2024 11 05",
              "See commit #718 555 0100 for details", "Batch No. 312-555-0187", "Ref # 206-555-0162"]


def _phone(rng: random.Random, zero: bool) -> str:
    import phonenumbers

    while True:
        line = rng.randint(100, 999) if zero else rng.randint(1000, 9999)
        d = f"{rng.choice([212, 303, 404, 512, 602, 713, 919, 206, 305, 414])}{rng.randint(200, 999)}{line:04d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(d, "US")):
            return d


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seed", type=int, default=24)
    args = ap.parse_args()
    import yaml

    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard
    from proxy.guard.phases import screen_request
    from proxy.providers import anthropic, openai
    from tests.support.pii import WordScorer, shared_analyzer

    analyzer = shared_analyzer()
    await analyzer.start()
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)
    doc = yaml.safe_load(POLICY.read_text())  # noqa: ASYNC240
    doc["input"].pop("toxicity", None)
    doc["input"].pop("bias", None)
    doc["output"].pop("toxicity", None)
    policy = Policy.model_validate(doc)
    rng = random.Random(args.seed)

    async def sent(body: Body) -> tuple[str, str]:
        route, b, get = body
        before = get(b)
        await screen_request(guard, policy, (anthropic if route == "messages" else openai).request_texts(route, b))
        return before, get(b)

    def leaks(out: str, parts: list[str]) -> bool:
        return any(re.search(r"(?<![\w\\])" + re.escape(p) + r"(?!\w)", out) for p in parts)

    sets: list[tuple[str, list[tuple[Body, list[str]]], list[Body]]] = []
    cases = []
    for n, (g, f) in enumerate(NAMES):
        shape = _name_shapes(g, f, n)
        carrier = [*CARRIERS, _meta][n % 4] if not isinstance(shape, list) or n % 4 != 3 else _args
        cases.append((carrier(shape), [g, f]))
        cases.append((_text(f"first: {g}\nlast: {f}\nrole: admin" if n % 2 else
                            "Record: " + json.dumps({"first": g, "last": f})), [g, f]))
    looks = [[*CARRIERS, _meta][n % 4]({"first": a, "last": b}) for n, (a, b) in enumerate(NAME_LOOKS)]
    looks += [_text("Record: " + json.dumps({"first": a, "last": b})) for a, b in NAME_LOOKS[:8]]
    sets.append(("first/last names", cases, looks))

    cases = []
    for n, (g, f) in enumerate(NAMES):
        text = COMMAS[n % len(COMMAS)].format(s=f.upper(), g=g.upper())
        cases.append((_text(text), [f.upper(), g.upper()]))
        cases.append((_args({"patient": f"{f.upper()}, {g.upper()} R"}), [f.upper(), g.upper()]))
    sets.append(("SURNAME, GIVEN M", cases, [_text(t) for t in COMMA_LOOKS]
                 + [_args({"tags": t.split(": ", 1)[-1]}) for t in COMMA_LOOKS[:6]]))

    cases = []
    for n in range(24):
        d = _phone(rng, zero=n % 3 != 2)
        a, b, c = int(d[:3]), int(d[3:6]), int(d[6:])
        key = PHONE_KEYS[n % len(PHONE_KEYS)]
        shape = [{key: [a, b, c]}, {key: [[a, b], [c]]}, {"kind": "cell", "digits": [a, b, d[6:]]},
                 {"label": "Mobile", "value": [a, b, c]}, {key: [[a], [b, c]]},
                 {"type": "phone", "num": [a, b, c]}][n % 6]
        carrier = CARRIERS[n % 3]
        cases.append((carrier(shape), [d[:3], d[3:6], str(c), d[6:]]))
    sets.append(("phone arrays", cases, [CARRIERS[n % 3](v) for n, v in enumerate(PHONE_LOOKS)]))

    cases = []
    escaped_names = [("Mark", "Young"), ("J\u00f6rn", "Str\u00f6m"), ("Ren\u00e9", "Fran\u00e7ois"),
                     ("\u00c9lodie", "Lef\u00e8bvre"), ("Ma\u00eblle", "Th\u00e9venin"),
                     ("\u0141ucja", "Wi\u015bniewska"), ("Ond\u0159ej", "Nov\u00e1k"),
                     ("Sigr\u00fan", "J\u00f3nsd\u00f3ttir"), ("Hope", "Turner"), ("In\u00e9s", "Mu\u00f1oz"),
                     ("Bj\u00f8rn", "\u00c5berg"), ("\u00d6zge", "\u00c7elik")]
    for n, (g, f) in enumerate(escaped_names):
        k1, k2 = ESC_KEYS[n % len(ESC_KEYS)]
        text = json.dumps({k1: g, k2: f}) if n % 3 else json.dumps({"name": f"{g} {f}", "role": "owner"})
        parts = []
        for word in (g, f):
            written = json.dumps(word)[1:-1]
            if "\\u" not in written:  # an ASCII name: its first letter escaped (`\u004dark`)
                escaped = f"\\u{ord(word[0]):04x}" + written[1:]
                text = text.replace(written, escaped, 1)
                written = escaped
            parts.append(written)
        cases.append((_text(text if n % 2 else "Here is the row: " + text), parts))
    sets.append(("\\u names", cases, [_text(json.dumps(v)) for v in ESC_LOOKS]))

    cases = []
    for n in range(20):
        d = _phone(rng, zero=False)
        frame = HASH_FRAMES[n % len(HASH_FRAMES)]
        text = frame.format(d=f"{d[:3]}-{d[3:6]}-{d[6:]}", s=f"{d[:3]} {d[3:6]} {d[6:]}", o=f"{d[:3]}.{d[3:6]}.{d[6:]}")
        cases.append((_text(text), [d[:3], d[3:6], d[6:]]))
    sets.append(("# / No. phones", cases, [_text(t) for t in HASH_LOOKS]))

    for label, cases, looks in sets:
        leaked = []
        for body, parts in cases:
            _, out = await sent(body)
            if leaks(out, parts):
                leaked.append(out)
        print(f"{label:18} leaked            {len(leaked):3}/{len(cases)}")
        for t in leaked[:args.show]:
            print("    ", t.replace("\n", "\\n"))
        altered = []
        for body in looks:
            before, out = await sent(body)
            if out != before and json.loads(json.dumps(out)) != before:
                if not (before.startswith(("{", "[")) and _same_json(before, out)):
                    altered.append(out)
        print(f"{label:18} look-alikes altered {len(altered):3}/{len(looks)}")
        for t in altered[:args.show]:
            print("    ", t.replace("\n", "\\n"))
    return 0


def _same_json(a: str, b: str) -> bool:
    try:
        return bool(json.loads(a) == json.loads(b))
    except ValueError:
        return False


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
