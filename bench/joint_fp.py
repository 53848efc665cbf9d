"""The joined analysis at a cut between two messages: words it alters (false positives) and values it lets through.

    .venv/bin/python bench/joint_fp.py [--n 600] [--seed 12] [--without]

False-positive side: seeded two-message conversations where one message ends in an ordinary word (bare, or
followed by `.`, `!`, `?`, `:`, `,`) and the next starts with a value (an e-mail, a phone number, a card, an
SSN, an IBAN, a name), and the reverse (a message ends in a value, the next starts with a word). Counted: the
neighbour messages (no value of their own: checked alone) sent altered. Split side: the seeded values of every
kind in a sentence, cut at every position inside the value into two messages, and adversarial cuts (the text
after the cut alone a valid shorter e-mail: `jane` + `doe@example.com`, `support` + `desk@acme.io`); counted:
splits where a letter or a digit of the value goes upstream. The PII rule is the input rule of the property tests
plus PERSON. Runs the analyzer inline (this process). Seeded texts only (no user data): examples are printed.
`--without`: the same with `proxy.guard.checks.pii.neighbour_word` off (the A of an A/B).
`--three`: each conversation and each split after a short message of its own (`ok`, `hi`, `thanks`: three
messages, the short one glued to the next as the joints read them); also counted: the short message altered.
`--no-starts`: the joints read from the start of the cut's window only (`proxy.guard.joined.JOINT_STARTS` 0, as
before the readings from the start of each short text).
`--fields args`: the two texts are the values of one tool call's arguments (`{"a": first, "b": second}`, read
through the chat adapter as a request's are); `--fields metadata`: the first is the user's message and the second
a `metadata` value (issue 12 F3 and F8: `{"query": "status of ticket", "user": "ops@acme.io"}`, `deploy now` +
`{"notify": "@example.com"}`). Each counts what the default (two messages) does, in those fields.
`--fields parts`: the two texts are two text parts of one chat message (atk25 F09: a label ending one part is read
with the next, `proxy.guard.parts26`), counted as the default counts.
`--fields embeddings`: the two texts are the two inputs of one `/v1/embeddings` request (split36, atk35 F10: chunks
of one document cut inside a word or a value are read joined, independent documents alone), counted as the default.
`--fields results`: the two texts are the values of one JSON object a tool returned (`{"a": first, "b": second}` as
the chat `tool` message's content, read as a JSON document too: atk17 L2), counted as `--fields args` counts.
`--keys K1 K2` (with `--fields args` or `results`): the two values under these keys instead of `a` and `b` (atk6
F7: a label's value beside an address under a key naming whose it is, `--keys label reporter`: the conversations and
the splits read as such records, an attacker choosing the keys); `--fields args` (and `results`) also counts atk6
F7's twelve log records (the first values altered: `{"label": "bug", "reporter": "li.wei@acme.io"}`) and its splits
under role keys.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import proxy.guard.checks.pii as pii_check  # noqa: E402
from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.phases import screen_request  # noqa: E402
from proxy.nlp.normalize import normalize  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from proxy.providers import openai  # noqa: E402
from tests.support.pii import WordScorer  # noqa: E402

POLICY = Policy.model_validate({"name": "bench", "input": {"pii": {"action": "redact", "restore": True, "entities": [
    "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "PERSON"]}}})

OPENERS = ["Please send it to", "Can you check this for me", "hello world", "do it", "Here is the list you asked for",
           "I will forward the report", "Thanks for the quick reply", "Write a short note to the team",
           "Update the ticket and close it", "This is my contact", "Use this one instead", "Also add my colleague",
           "The invoice is attached", "Remind me tomorrow", "Send the minutes to", "Reply all", "Add him",
           "Book the room for Friday", "cc", "Forward the draft", "Loop in", "new address", "contact", "ok try this",
           "Sorry wrong one", "my details", "Escalate it", "Put her on the list", "Remove", "Invite", "ping",
           "Please call", "Call me back on", "Charge it to", "Pay with", "Wire it to", "My number is below",
           "Ask for", "Talk to", "Meeting with"]
WORDS = ("report meeting project budget review draft team office client order invoice account summary schedule "
         "update question answer support sales help info news world today tomorrow later please thanks again "
         "now here there this that above below first next last final new old main work home personal").split()
FIRST = "john jane maria david sarah li ahmed olga peter anna tom emma lucas sofia noah mia raj chen".split()
LAST = "smith doe garcia miller brown jones khan novak weber rossi tanaka silva ng kim patel lee".split()
DOMAINS = ["acme.com", "example.org", "mail.example.net", "corp.io", "gmail.com", "outlook.com", "uni.edu"]
CLOSERS = ["", " thanks", " is the right one", " please", " (work)", ", not the old one", " for the invoice"]


def email(rng: random.Random) -> str:
    f, last = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice([f"{f}.{last}", f"{f[0]}{last}", f, f"{f}_{last}", f"{f}{rng.randint(1, 99)}",
                        f"{last}.{f}", "support", "sales", "info", f"{f}-{last}"])
    return f"{local}@{rng.choice(DOMAINS)}"


def luhn(prefix: str, length: int, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    n = luhn(rng.choice(["4111", "5500", "4000", "5105"]), 16, rng)
    return rng.choice([" ", "-", ""]).join(n[i:i + 4] for i in range(0, 16, 4))


def phone(rng: random.Random) -> str:
    a, b = rng.choice(["617", "212", "415", "312", "202"]), f"{rng.randint(0, 99):04d}"
    return rng.choice([f"{a}-555-{b}", f"({a}) 555-{b}", f"+1 {a} 555 {b}", f"{a}.555.{b}"])


VALUES = {
    "email": email,
    "phone": phone,
    "card": card,
    "ssn": lambda rng: rng.choice(["536-90-4399", "412-63-7785", "301-22-8194"]),
    "iban": lambda rng: rng.choice(["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32"]),
    "name": lambda rng: f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}",
}


def opener(rng: random.Random) -> str:
    text = rng.choice(OPENERS) if rng.random() < 0.6 else " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
    return text + rng.choice(["", "", "", ".", "!", "?", ":", ","])


def conversations(n: int, seed: int) -> list[tuple[str, str, list[str], int]]:
    """(kind, direction, the two messages, the index of the neighbour without a value)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.choice(sorted(VALUES))
        value = VALUES[kind](rng)
        r = rng.random()
        if r < 0.55:
            out.append((kind, "word|value", [opener(rng), value + rng.choice(CLOSERS)], 0))
        elif r < 0.7:  # a message ends in a number, the next starts with a value
            number = rng.choice(["room 12", "order 88231", "in 2024", "about 300", "ticket 4417", "v2", "step 3"])
            out.append((kind, "number|value", [rng.choice(OPENERS) + " " + number, value + rng.choice(CLOSERS)], 0))
        else:  # a message ends in a value, the next starts with a word
            lead = rng.choice(["my email is ", "call ", "card ", "SSN ", "IBAN ", "ask ", ""])
            follow = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
            out.append((kind, "value|word", [lead + value + rng.choice(["", "", "."]), follow], 1))
    return out


SPLIT_SEEDS = {
    "email": ("my email is {} thanks", ["jane.doe@example.com", "r.smith@mail.example.org", "ops-team@corp.example.net",
                                        "janedoe@example.com", "supportdesk@acme.io", "john.smith@acme.com",
                                        "support.team@acme.io", "helpdesk@acme.io", "news.letter@mail.example.com",
                                        "jane@acme.co.uk", "ops@shop.example.com.au", "12ab@acme.io"]),
    "phone": ("call me at {} today", ["617-555-0143", "212 555 0198", "+1 415 555 0132"]),
    "card": ("card number {} please", ["4111 1111 1111 1111", "5500 0000 0000 0004", "3400 000000 00009"]),
    "ssn": ("my SSN is {} ok", ["536-90-4399", "412-63-7785"]),
    "iban": ("IBAN {} for the refund", ["DE89 3704 0044 0532 0130 00"]),
}
PLACEHOLDERS = re.compile(r"<[A-Z_]+_\d+>")
# `--fields`: the first text is ordinary, the second an address or a value starting with `@` (issue 12 F3, F8).
FIELD_CASES = [("status of ticket", "ops@acme.io"), ("Quarterly numbers.", "mary.major@example.org"),
               ("quarterly numbers", "mary.major@example.org"), ("t", "mary.major@example.org"),
               ("deploy now", "@example.com"), ("hi", "@example.com"), ("thanks", "@acme.io"),
               ("ok", "@example.com"), ("Please summarise the report.", "@example.com"), ("v", "ops@acme.io")]
# `--fields`: two versions side by side (issue 12, finding 10; atk6 F2): `^4.18.2` + `8.11.3` read `4.18.2 8.11.3`,
# which holds a dotted quad; read under the policy with IP addresses too. Counted: either value altered.
VERSION_CASES = [("^4.18.2", "8.11.3"), ("18.2.0", "18.2.0"), ("4.17.20", "4.17.21"), ("~4.17.21", "1.6.7"),
                 ("18.19.0", "20.11.1"), ("3.22.4", "2.2.1"), ("1.26.4", "0.4.0"), ("5.3.3", "29.7.0"),
                 ("10.2.4", "8.57.0"), ("3.12.1", "3.11.8")]
POLICY_IP = Policy.model_validate({"name": "bench-ip", "input": {"pii": {"action": "redact", "restore": True,
                                                                         "entities": [*POLICY.input.pii.entities,
                                                                                      "IP_ADDRESS"]}}})
# `--fields args`: atk6 F7's log records (an ordinary value, then an address under a key naming its role): only the
# address may change; and splits of an address under such keys (`he` + `lpdesk@acme.io`): the first value must go.
KEYED_CASES = [{"msg": "password reset", "email": "ops@acme.io"}, {"event": "signup", "user": "ana@acme.io"},
               {"subject": "Weekly report", "from": "reports@acme.io"}, {"action": "sent to", "to": "ops@acme.io"},
               {"service": "mailer", "recipient": "support@acme.io"}, {"channel": "email", "address": "oncall@acme.io"},
               {"title": "Build failed", "assignee": "dev.team@acme.io"}, {"region": "eu", "contact": "noc@acme.io"},
               {"status": "ok", "reply_to": "no-reply@acme.io"}, {"note": "ping", "cc": "qa@acme.io"},
               {"label": "bug", "reporter": "li.wei@acme.io"}, {"env": "prod", "owner": "sre.team@acme.io"}]
KEYED_SPLITS = [{"label": "he", "reporter": "lpdesk@acme.io"}, {"label": "help", "reporter": "desk@acme.io"},
                {"label": "sup", "reporter": "portdesk@acme.io"}, {"label": "ja", "reporter": "ne.doe@example.com"},
                {"label": "jane", "reporter": "doe@example.com"}, {"tag": "news", "owner": "letter@acme.io"},
                {"env": "jane", "owner": ".doe@example.com"}, {"note": "supp", "cc": "ort@acme.io"}]
# `--fields args`: a short id, a language code or a small number under one key, a value under the next (atk15 L1:
# `{"ticket": "T-1001", "to": "jane.roe@gmail.com"}` sent `{"ticket": "<EMAIL_ADDRESS_1>", ...}`): the neighbour
# must go as sent and the value as one placeholder; and splits of a value over two such fields, whose first part
# must not go (the last two, an id with a digit before a whole address, go by design: `field_neighbour`).
NEIGHBOURS = [("ticket", "T-1001"), ("order", "A-77812"), ("order", "ORD-2024-0042"), ("ref", "INV-7731"),
              ("id", "42"), ("n", "5"), ("qty", "3"), ("page", "12"), ("count", "1234"), ("lang", "en"),
              ("lang", "de"), ("locale", "fr"), ("locale", "es"), ("language", "it"), ("lang", "pt"), ("lang", "ja")]
NEIGHBOUR_VALUES = [("to", "jane.roe@gmail.com"), ("email", "li.wei@outlook.com"), ("phone", "212-555-0199"),
                    ("mobile", "415-555-0132"), ("card", "4111111111111111"), ("host", "10.1.2.3")]
NEIGHBOUR_SPLITS = [{"a": "de", "b": "nise.roe@gmail.com"}, {"a": "jo", "b": "hn.smith@acme.com"},
                    {"a": "617", "b": "555-0143"}, {"a": "5", "b": "500 0000 0000 0004"}, {"a": "5", "b": "36-90-4399"},
                    {"a": "jane", "b": "doe@gmail.com"}, {"a": "jane.", "b": "doe@gmail.com"},
                    {"a": "jdoe1", "b": "984@gmail.com"}, {"a": "en", "b": "ma.roe@gmail.com"},
                    {"a": "jdoe19", "b": "ann@gmail.com"}, {"a": "A-7", "b": "jane@acme.io"}]
SHORTS = ["ok", "hi", "thanks", "sure", "yes", "hello", "done", "ok.", "see", "also"]


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--show", type=int, default=8, help="examples of each outcome to print (structure only)")
    ap.add_argument("--without", action="store_true", help="the neighbour-word rule off (as before it)")
    ap.add_argument("--three", action="store_true", help="a short message before each conversation and split")
    ap.add_argument("--no-starts", action="store_true", help="no readings from the start of each short text")
    ap.add_argument("--fields", choices=["args", "results", "metadata", "parts", "embeddings"],
                    help="the two texts as tool-call argument values, values of a JSON tool result, a message and a "
                    "metadata value, two text parts of one message, or two inputs of one embeddings request")
    ap.add_argument("--keys", nargs=2, default=["a", "b"], help="with --fields args: the two values' keys")
    args = ap.parse_args()
    global KEYS
    KEYS = tuple(args.keys)
    if args.without:
        pii_check.neighbour_word = lambda *_: False  # type: ignore[assignment]
    if args.no_starts:
        pii_check.JOINT_STARTS = 0  # type: ignore[misc]
    shorts = random.Random(args.seed + 1)
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()
    guard = Guard(analyzer, WordScorer())

    altered: Counter[str] = Counter()
    total: Counter[str] = Counter()
    shown = 0
    short_altered = 0
    for kind, direction, parts, neighbour in conversations(args.n, args.seed):
        alone = await guard.input(POLICY, [parts[neighbour]], ["user"])
        if alone.decision != "allow":
            continue  # the neighbour has a value of its own: not a joint's doing
        if args.three:
            parts, neighbour = [shorts.choice(SHORTS), *parts], neighbour + 1
        key = f"{kind} {direction}"
        total[key] += 1
        verdict = await _screen(guard, parts, args.fields)
        sent = verdict.texts[neighbour]
        if args.three and verdict.texts[0] is not None and verdict.texts[0] != parts[0]:
            short_altered += 1
            sent_all = [t if t is not None else p for t, p in zip(verdict.texts, parts, strict=True)]
            print("  short altered:", parts, "->", sent_all)
        if sent is not None and sent != parts[neighbour]:
            altered[key] += 1
            if shown < args.show:
                shown += 1
                sent_all = [t if t is not None else parts[i] for i, t in enumerate(verdict.texts)]
                print("  altered:", parts, "->", sent_all)
    print(f"false positives: {sum(altered.values())} of {sum(total.values())} neighbour messages altered")
    if args.three:
        print(f"  short first messages altered: {short_altered} of {sum(total.values())}")
    for key in sorted(total):
        print(f"  {key:18s} {altered[key]:4d} / {total[key]}")

    if args.fields:  # the review's cases (issue 12 F3, F8): an ordinary text, then an address or an `@domain`
        hit = 0
        for case in FIELD_CASES:
            verdict = await _screen(guard, list(case), args.fields)
            if verdict.texts[0] is not None:
                hit += 1
                print("  altered:", list(case), "->", verdict.texts)
        print(f"issue 12 field cases: {hit} of {len(FIELD_CASES)} first texts altered")
        hit = 0
        for case in VERSION_CASES:
            verdict = await _screen(guard, list(case), args.fields, POLICY_IP)
            if any(t is not None and t != p for t, p in zip(verdict.texts, case, strict=True)):
                hit += 1
                print("  altered:", list(case), "->", verdict.texts)
        print(f"issue 12 version pairs: {hit} of {len(VERSION_CASES)} altered")
    if args.fields in ("args", "results"):
        hit = 0
        for record in KEYED_CASES:
            (k1, v1), (k2, v2) = record.items()
            verdict = await _screen(guard, [v1, v2], args.fields, keys=(k1, k2))
            if verdict.texts[0] is not None:
                hit += 1
                print("  altered:", record, "->", verdict.texts)
        print(f"atk6 F7 keyed records: {hit} of {len(KEYED_CASES)} first values altered")
        hit = 0
        for record in KEYED_SPLITS:
            (k1, v1), (k2, v2) = record.items()
            verdict = await _screen(guard, [v1, v2], args.fields, keys=(k1, k2))
            if verdict.texts[0] is None:
                hit += 1
                print("  leak:", list(record), "first value sent as it is")
        print(f"atk6 F7 keyed splits: {hit} of {len(KEYED_SPLITS)} leak their first value")
        hit = total_records = 0
        for (k1, v1), (k2, v2) in [(n, v) for n in NEIGHBOURS for v in NEIGHBOUR_VALUES]:
            for keys, parts, value in (((k1, k2), [v1, v2], 1), ((k2, k1), [v2, v1], 0)):
                verdict = await _screen(guard, parts, args.fields, POLICY_IP, keys=keys)
                total_records += 1
                sent = verdict.texts[1 - value]
                if sent is not None or not re.fullmatch(r"<[A-Z_]+_1>", verdict.texts[value] or ""):
                    hit += 1
                    print("  altered:", dict(zip(keys, parts, strict=True)), "->", verdict.texts)
        print(f"atk15 L1 field neighbours: {hit} of {total_records} records with the neighbour altered or the "
              "value not one placeholder")
        hit = 0
        for record in NEIGHBOUR_SPLITS:
            verdict = await _screen(guard, list(record.values()), args.fields)
            if verdict.texts[0] is None:
                hit += 1
                print("  leak:", list(record.values()), "first value sent as it is")
        print(f"atk15 L1 field neighbour splits: {hit} of {len(NEIGHBOUR_SPLITS)} leak their first value")

    leaks: Counter[str] = Counter()
    splits: Counter[str] = Counter()
    short_split_altered = 0
    for kind, (template, values) in SPLIT_SEEDS.items():
        for value in values:
            text = template.format(value)
            at = text.index(value)
            for cut in range(at + 1, at + len(value)):
                parts = [text[:cut], text[cut:]]
                prefix, suffix = template.split("{}")
                if args.three:  # a short message, then the value from the start of the next, cut in two
                    parts = [shorts.choice(SHORTS), value[:cut - at], value[cut - at:] + suffix]
                verdict = await _screen(guard, parts, args.fields)
                sent = [t if t is not None else parts[i] for i, t in enumerate(verdict.texts)]
                if args.three:
                    short_split_altered += sent[0] != parts[0]
                    sent, prefix = sent[1:], ""
                upstream = normalize("".join(sent)).text
                middle = upstream[len(prefix):len(upstream) - len(suffix)] \
                    if upstream.startswith(prefix) and upstream.endswith(suffix) else upstream
                splits[kind] += 1
                if re.search(r"[^\W_]", PLACEHOLDERS.sub("", middle)):
                    leaks[kind] += 1
                    print("  leak:", kind, repr(text[at:cut]), "|", repr(text[cut:at + len(value)]), "->",
                          repr(PLACEHOLDERS.sub("<>", middle)))
    print(f"split values: {sum(leaks.values())} of {sum(splits.values())} splits leak a letter or digit")
    if args.three:
        print(f"  short first messages altered: {short_split_altered} of {sum(splits.values())}")
    for kind in SPLIT_SEEDS:
        print(f"  {kind:6s} {leaks[kind]:4d} / {splits[kind]}")


class _Sent:
    def __init__(self, texts: list[str | None]) -> None:
        self.texts = texts


KEYS = ("a", "b")


async def _screen(guard: Guard, parts: list[str], fields: str | None, policy: Policy = POLICY,
                  keys: tuple[str, ...] | None = None) -> Any:
    """The texts as sent upstream (None: unchanged): as messages, or (`fields`) in the fields of one request."""
    if fields is None or len(parts) != 2:
        return await guard.input(policy, parts, ["user"] * len(parts))
    if fields == "args":
        call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": json.dumps(
            dict(zip(keys or KEYS, parts, strict=True)))}}
        body: dict[str, Any] = {"model": "m", "messages": [
            {"role": "user", "content": "look it up"}, {"role": "assistant", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c", "content": "done"}]}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        got = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
        sent = list(got.values())  # (a key may be redacted too)
    elif fields == "results":
        call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}
        body = {"model": "m", "messages": [
            {"role": "user", "content": "look it up"}, {"role": "assistant", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c", "content": json.dumps(dict(zip(keys or KEYS, parts, strict=True)))}]}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        sent = list(json.loads(body["messages"][2]["content"]).values())
    elif fields == "parts":  # two text parts of one message, read as the client joins them (parts26)
        body = {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in parts]}]}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        sent = [p["text"] for p in body["messages"][0]["content"]]
    elif fields == "embeddings":  # two inputs of one /v1/embeddings batch (split36: chunks of one document joined)
        body = {"model": "m", "input": list(parts)}
        await screen_request(guard, policy, openai.request_texts("embeddings", body))
        sent = list(body["input"])
    else:
        body = {"model": "m", "messages": [{"role": "user", "content": parts[0]}], "metadata": {"b": parts[1]}}
        await screen_request(guard, policy, openai.request_texts("chat", body))
        sent = [body["messages"][0]["content"], *body["metadata"].values()]  # (the key may be redacted too)
    return _Sent([t if t != p else None for t, p in zip(sent, parts, strict=True)])


if __name__ == "__main__":
    asyncio.run(main())
