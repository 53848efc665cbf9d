"""q28 (issue 12, atk26 F1): short replies to ordinary name / phone questions, through a served proxy.

    PYTHONPATH=$PWD .venv/bin/python bench/q28.py [--port 20430] [--product DIR] [--set tuned|held|all]

Starts the mock provider on `--port` and the proxy (the shipped default policy, keyword toxicity) on the next port,
from `--product` (default: this checkout; an export of the code before the change gives the before numbers). Each
question is asked by the assistant and answered by the user, in chat (`messages`) and in a Responses request that
continues the answer with `previous_response_id` (prev26). Counts what reaches the provider unredacted (`leaked`) and,
for the look-alikes (questions about other data, and ordinary replies that are no answer), what the provider gets
altered. `tuned`: the tester's cases (atk26 F1); `held`: written before the code, measured once, then four of its
misses' classes tuned on; `held2`: written after that, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
P1, P2, P3 = "4155550123", "2125550147", "(312) 555-0188"

TUNED = [
    ("What name should I put the booking under?", "Hope Young", ["Hope Young"]),
    ("Who should the invoice be addressed to?", "Hope Young", ["Hope Young"]),
    ("Who is the booking for?", "Hope Young", ["Hope Young"]),
    ("What name is on the account?", "Hope Young", ["Hope Young"]),
    ("What's the name for the reservation?", "Hope Young", ["Hope Young"]),
    ("Who's calling, please?", "Hope Young", ["Hope Young"]),
    ("Who is the cardholder?", "Hope Young", ["Hope Young"]),
    ("Name?", "Hope Young", ["Hope Young"]),
    ("And you are?", "Hope Young", ["Hope Young"]),
    ("Got it. And the name on the card?", "Hope Young", ["Hope Young"]),
    ("Who should I list as the emergency contact?", "Hope Young", ["Hope Young"]),
    ("What's your number?", "6175550143", ["6175550143"]),
    ("Can I get a number to send the code to?", "6175550143", ["6175550143"]),
    ("What number should we use for delivery updates?", "6175550143", ["6175550143"]),
    ("Could you confirm the number on the account?", "6175550143", ["6175550143"]),
    ("What is your phone number? 📞", "6175550143", ["6175550143"]),
    ("What is your phone number? (e.g. 5551234567)", "6175550143", ["6175550143"]),
    ("To book, I need:\n1. Your full name\n2. Your phone number", "Hope Young, 6175550143",
     ["Hope Young", "6175550143"]),
    ("I just need two things: your name and your SSN.", "Hope Young 536904399", ["Hope Young", "536904399"]),
]
TUNED_LOOK = [
    ("What number should I call you back on if the order number is wrong?", "the usual one"),
    ("What's your order number?", "4567890123"),
    ("Which table number?", "12"),
    ("What's the name of the project?", "Phoenix"),
    ("Who is the vendor?", "Acme Corp"),
    ("What is your full name?", "Skip that please"),
    ("What is your full name?", "Skip"),
    ("what's your full name and phone number?", "Skip this step"),
    ("what's your full name and phone number?", "Ask My Manager"),
    ("what's your full name and phone number?", "Main Street Branch"),
    ("What is your phone number?", "Invoice 2024-00917"),
    ("What is your phone number?", "PO 4500012345"),
]
# Questions of the look-alike lists that do ask for a value (their replies are the look-alikes).
ASKING = {"What is your full name?", "What is your phone number?", "what's your full name and phone number?",
          "What number should I call you back on if the order number is wrong?"}
# Written before the code ran on them: other phrasings, other names and numbers.
HELD = [
    ("Whose name is the reservation under?", "Marcus Bell", ["Bell"]),
    ("Under what name did you book?", "Ivy Carter", ["Carter"]),
    ("What name is the appointment booked under?", "Dawn Price", ["Dawn Price"]),
    ("Who will be checking in?", "Grant Wood", ["Grant Wood"]),
    ("Who's the primary guest on this stay?", "Rose Hill", ["Rose Hill"]),
    ("May I ask who I'm speaking to?", "Tobias Lindqvist", ["Lindqvist"]),
    ("What name would you like on the order?", "Mark Stone", ["Mark Stone"]),
    ("Who is the package addressed to?", "Faith Moore", ["Faith Moore"]),
    ("Who is the policyholder?", "Bill Carter", ["Bill Carter"]),
    ("Can I get the name on the account, please?", "Joy Baker", ["Joy Baker"]),
    ("And whose name is on the card?", "Chidi Okonkwo", ["Okonkwo"]),
    ("Who is this order for?", "Hazel Brook", ["Hazel Brook"]),
    ("What's the name on your booking?", "Sunny Day", ["Sunny Day"]),
    ("Who will be the lead passenger?", "Amara Nwosu", ["Nwosu"]),
    ("What name should I write on the ticket?", "Ray Church", ["Ray Church"]),
    ("Full name?", "Wren Castillo", ["Castillo"]),
    ("Who's the account holder?", "Ernesto Salgado", ["Salgado"]),
    ("And who do I have the pleasure of speaking with?", "Pearl Rivers", ["Pearl Rivers"]),
    ("What name do you go by?", "Lorenzo Bianchi", ["Bianchi"]),
    ("Who should the certificate be made out to?", "Iris Field", ["Iris Field"]),
    ("Who am I addressing the letter to?", "Reed Gardner", ["Reed Gardner"]),
    ("Who's the appointment for?", "Petra Novak", ["Novak"]),
    ("What's the best number for you?", P1, [P1]),
    ("Which number can we text you at?", P2, [P2]),
    ("What number are you calling from?", P1, [P1]),
    ("Can I have a number in case we get cut off?", P3, ["555-0188"]),
    ("What number should the courier call?", P2, [P2]),
    ("Is there a number I can use to get hold of you?", P1, [P1]),
    ("What's a good number to send the verification code to?", P2, [P2]),
    ("Could you give me the number on file?", P1, [P1]),
    ("What number is linked to your account?", P3, ["555-0188"]),
    ("Your number?", P2, [P2]),
    ("What's the number we should have on record for you?", P1, [P1]),
    ("Which number would you like us to use for appointment reminders?", P2, [P2]),
    ("What's the number the driver can call?", P3, ["555-0188"]),
    ("What number did you register with?", P1, [P1]),
    ("Could you read me the number associated with the account?", P2, [P2]),
    ("I'll need your name and mobile number.", "Rose Hill, " + P1, ["Rose Hill", P1]),
    ("Name and number, please.", "Dawn Price " + P2, ["Dawn Price", P2]),
    ("Before we continue, please send:\n- your full name\n- your SSN", "Grant Wood, 412904399",
     ["Grant Wood", "412904399"]),
]
HELD_LOOK = [
    ("What's the name of the repository?", "Orion"),
    ("Which name should the new branch have?", "Feature Login"),
    ("Who is the supplier?", "Globex Ltd"),
    ("What number should the loop stop at?", "100"),
    ("What's your ticket number?", "4567890123"),
    ("Which room number?", "305"),
    ("What's the booking reference?", "ABX123"),
    ("What is the order number on the receipt?", "4567890123"),
    ("What name should I give the file?", "Quarterly Report"),
    ("What's the name of the hotel?", "Grand Plaza"),
    ("What number is on the invoice?", "2024-00917"),
    ("Which gate number?", "22"),
    ("What's the card's expiry year?", "2027"),
    ("What number of guests?", "4"),
    ("What's the zip code for the delivery?", "10001"),
    ("Who is the manufacturer?", "Siemens"),
    ("What is the name of the company?", "Northwind Traders"),
    ("What's your employee number?", "4567890123"),
    ("What's the flight number?", "UA 2214"),
    ("Who is the talk for, beginners or experts?", "Beginners"),
    ("What number should I set the timeout to?", "3000"),
    ("What's the case number?", "5003000123"),
    ("What name should the Slack channel have?", "Launch Team"),
    ("What's the version number?", "4.2.1"),
    ("What is your phone number?", "Order 4567890123"),
    ("What is your phone number?", "Ticket 5003000123"),
    ("What's your number?", "Ref 884422119"),
    ("What is your full name?", "Skip for now"),
    ("Who is the booking for?", "Front Desk"),
    ("What name should I put the booking under?", "Head Office"),
    ("Who's calling, please?", "Ask my assistant"),
]

# Written after the held set was measured and the code generalised on its misses (`Under what name`, `who I'm speaking
# to`, `Who will be checking in?`, `Name and number`), before the code ran on them; never tuned on.
P4 = "3125550177"
HELD2 = [
    ("Who's the reservation under?", "Dale Forest", ["Dale Forest"]),
    ("What's the name on the lease?", "Ingrid Solberg", ["Solberg"]),
    ("Who shall I say is calling?", "Wendy Marsh", ["Wendy Marsh"]),
    ("Who is the prescription for?", "Noor Haddad", ["Haddad"]),
    ("Could you tell me who the parcel is for?", "Holly Bush", ["Holly Bush"]),
    ("Which number should the pharmacy call when it's ready?", P4, [P4]),
    ("What number shall we put on the order for the driver?", P4, [P4]),
    ("What is the number we should text the receipt to?", P4, [P4]),
    ("Your name and email, please?", "Sage Park, sage.park@example.org", ["Sage Park", "sage.park@example.org"]),
    ("Please provide:\n1) full name\n2) mobile number", "Rusty Gate, " + P4, ["Rusty Gate", P4]),
]
HELD2_LOOK = [
    ("Name and version, please.", "Atlas 2.1"),
    ("Which number should the counter start from?", "1000"),
    ("What's the name of your team?", "Platform Ops"),
    ("Who is the audience for this doc?", "New Hires"),
    ("What number did the test return?", "4045550123"),
    ("Which account should I charge?", "Operating Account"),
    ("What's the order for?", "Office Supplies"),
    ("Who is the product for?", "Small Businesses"),
    ("What number is your invoice?", "2024-00931"),
    ("What's the room number for your stay?", "1204"),
    ("Under which heading should this go?", "Release Notes"),
    ("What is your reference number?", "8842130097"),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=20430)
    ap.add_argument("--product", default=str(ROOT))
    ap.add_argument("--set", default="all", choices=("tuned", "held", "held2", "all"))
    args = ap.parse_args()
    mock, proxy = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(Path(args.product) / "policies", folder / "policies")
    (folder / "proxy.yaml").write_text(
        f"listen: {{host: 127.0.0.1, port: {args.port + 1}}}\n"
        f"providers:\n  openai: {{kind: openai, base_url: {mock}/v1}}\n"
        f"  anthropic: {{kind: anthropic, base_url: {mock}}}\n"
        "policies_dir: policies\ndata_dir: .guardrail\nmodels: {pii: {workers: 1}, toxicity: {model: keywords}}\n"
    )
    env = {"PYTHONPATH": args.product, "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "proxy", "mock-upstream", "--port", str(args.port)], cwd=folder,
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([sys.executable, "-m", "proxy", "serve", "--config", "proxy.yaml"], cwd=folder, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    headers = {"authorization": "Bearer sk-test"}

    def post(path: str, body: dict[str, Any]) -> Any:
        r = httpx.post(proxy + path, json=body, headers=headers, timeout=60)
        r.raise_for_status()
        return r.json()

    def script(text: str) -> None:
        httpx.post(mock + "/_mock/reset")
        httpx.post(mock + "/_mock/script", json={"text": text}).raise_for_status()

    def last() -> Any:
        return httpx.get(mock + "/_mock/requests").json()[-1]["body"]

    def chat(q: str, v: str) -> str:
        script("ok")
        post("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
            {"role": "user", "content": "Help me, please."}, {"role": "assistant", "content": q},
            {"role": "user", "content": v}]})
        return str(last()["messages"][-1]["content"])

    def previous(q: str, v: str) -> str:
        script(q)
        rid = post("/v1/responses", {"model": "gpt-4o-mini", "input": "Help me, please."})["id"]
        script("ok")
        post("/v1/responses", {"model": "gpt-4o-mini", "previous_response_id": rid, "input": v})
        return str(last()["input"])

    try:
        for _ in range(240):
            try:
                if httpx.get(proxy + "/readyz").json().get("ready"):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        sets = [("tuned", TUNED, TUNED_LOOK), ("held", HELD, HELD_LOOK), ("held2", HELD2, HELD2_LOOK)]
        for name, asks, looks in sets:
            if args.set not in ("all", name):
                continue
            # the cue each question gets (`context24.question_cue` of the product), apart from what Presidio finds
            questions = [q for q, _, _ in asks] + sorted({q for q, _ in looks})
            kinds = json.loads(subprocess.run(
                [sys.executable, "-c", "import json, sys; from proxy.guard.context24 import question_cue; "
                 "print(json.dumps([question_cue(q) for q in json.load(sys.stdin)]))"],
                input=json.dumps(questions), capture_output=True, text=True, env=env, cwd=folder, check=True).stdout)
            cued = dict(zip(questions, kinds, strict=True))
            asking = {q for q, _, _ in TUNED + HELD + HELD2} | ASKING
            looked = sorted({q for q, _ in looks} - asking)  # the questions about other data
            print(json.dumps({"set": name, "questions_cued": f"{sum(cued[q] is not None for q, _, _ in asks)}"
                              f"/{len(asks)}", "lookalike_questions_cued":
                              f"{sum(cued[q] is not None for q in looked)}/{len(looked)}"}))
            for q in questions:
                print("    CUE", repr(q), cued[q])
            for route, send in (("chat", chat), ("previous_response_id", previous)):
                leaks = [f"{q!r} -> {got!r}" for q, v, secrets in asks
                         if any(s in (got := send(q, v)) for s in secrets)]
                altered = [f"{q!r} / {v!r} -> {got!r}" for q, v in looks if (got := send(q, v)) != v]
                print(json.dumps({"set": name, "route": route, "leaked": f"{len(leaks)}/{len(asks)}",
                                  "lookalikes_altered": f"{len(altered)}/{len(looks)}"}, ensure_ascii=False))
                for line in leaks:
                    print("    LEAK", line)
                for line in altered:
                    print("    ALTERED", line)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
