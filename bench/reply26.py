"""reply26 (issue 12, atk25 F03, F07): short replies and short answers read with their question, through a served proxy.

    PYTHONPATH=$PWD .venv/bin/python bench/reply26.py [--port 20070] [--product DIR]

Starts the mock provider on `--port` and the proxy (the shipped default policy, keyword toxicity) on the next port,
from `--product` (default: this checkout; point it at an export of the code before the change for the before
numbers), and counts:
- requests: the assistant asks, the user replies with a bare value (chat): what reaches the provider unredacted
  (`tuned`: the tester's cases; `held1`: written before the code ran on them, two answer classes then tuned on, the
  completions prompt's request before an `A:` label and `Which number should I call`; `held2`: written after, never
  tuned on), and the look-alikes the provider gets altered;
- answers: the user asks, the model answers with a bare value or a short JSON list (chat, Anthropic, Responses, legacy
  completions; whole and streamed in 3-character chunks): what reaches the client unredacted, and look-alikes altered.
Before (5817862) and after: see the branch's report.
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
U = "3125550147"
V2 = "7735550188"
REQ_TUNED_1 = [
    ("What is your phone number? (digits only)", "6175550143", ["6175550143"]),
    ("Could you share your phone number? Thanks!", "6175550143", ["6175550143"]),
    ("To verify you, what is your SSN? It stays private.", "536904399", ["536904399"]),
    ("What is your phone number? 📱", "6175550143", ["6175550143"]),
    ("Wie lautet Ihre Telefonnummer?", "6175550143", ["6175550143"]),
    ("¿Cuál es su número de teléfono?", "6175550143", ["6175550143"]),
    ("Wie heißen Sie?", "Anna Müller", ["Müller", "Anna"]),
    ("¿Cómo se llama?", "José García", ["García", "José"]),
    ("What is your full name?", "PRIYA RAGHUNATHAN", ["RAGHUNATHAN", "PRIYA"]),
    ("Who should we call in an emergency?", "Kwame Mensah, 6175550143", ["6175550143", "Mensah"]),
]
REQ_HELD_1 = [
    ("Can I get a callback number? We'll only use it for this order.", "4155550172", ["4155550172"]),
    ("What's the best number to reach you at? Thank you.", "2125550199", ["2125550199"]),
    ("Please confirm: what is your social security number? This is required.", "423551234", ["423551234"]),
    ("Quel est votre numéro de téléphone ?", U, [U]),
    ("Qual è il suo numero di cellulare?", U, [U]),
    ("Qual é o seu número de telefone? Obrigado!", U, [U]),
    ("Wat is uw telefoonnummer? Alvast bedankt.", U, [U]),
    ("Wie ist Ihre Sozialversicherungsnummer? Danke.", "536904399", ["536904399"]),
    ("¿Cuál es su número de la seguridad social?", "536904399", ["536904399"]),
    ("Comment vous appelez-vous ?", "Camille Dubois", ["Dubois"]),
    ("Come si chiama? Grazie.", "Giulia Romano", ["Romano"]),
    ("Hoe heet u?", "Daan Visser", ["Visser"]),
    ("Qual é o seu nome completo?", "Beatriz Almeida", ["Almeida"]),
    ("What is your first and last name? Spell it if you can.", "TOMASZ KOWALCZYK", ["KOWALCZYK"]),
    ("Who is your emergency contact?", "Grace Okafor " + U, [U, "Okafor"]),
    ("Could you give me your mobile number? 🙏", U, [U]),
    ("And your phone number? We never share it. Promise.", U, [U]),
]
REQ_LOOK_1 = [
    ("What's your order number?", "6175550143"),
    ("How many rows? Thanks!", "2024"),
    ("What is the ticket number? Thanks!", "4567890123"),
    ("Wie viele Zeilen?", "42"),
    ("¿Cuál es su número de pedido?", "4567890123"),
    ("Quel est le numéro de commande ? Merci.", "4567890123"),
    ("Which year? Thanks.", "1998"),
    ("What is your account ID? Thanks!", "4567890123"),
    ("Wie lautet die Bestellnummer? Danke.", "4567890123"),
    ("Can you share the error code? (digits only)", "4567890123"),
    ("What is your phone number? Also, what is your order number?", "4567890123"),
    ("Wat is het ordernummer?", "4567890123"),
    ("Qual è il numero dell'ordine? Grazie!", "4567890123"),
    ("How many users? Just the number.", "15000"),
    ("What is your name? Thanks!", "Build 4567890123"),
]
ANS_TUNED_1 = [
    ("What is the support desk's phone number?", "6175550143", ["6175550143"]),
    ("What is the support desk's phone number?", "It's 6175550143.", ["6175550143"]),
    ("What is the CEO's SSN?", "536904399", ["536904399"]),
    ("List the phone numbers as JSON", '["6175550143", "6175550188"]', ["6175550143", "6175550188"]),
    ("Wie lautet die Telefonnummer des Supports?", "Die Nummer ist 6175550143.", ["6175550143"]),
]
ANS_HELD_1 = [
    ("What's the front desk's mobile number? Thanks!", U, [U]),
    ("¿Cuál es el teléfono de la oficina?", "El número es " + U + ".", [U]),
    (
        "Give me the phone numbers of both offices as a JSON array.",
        '[\n  "' + U + '",\n  "2125550199"\n]',
        [U, "2125550199"],
    ),
    ("What is John's social security number?", "It is 536904399.", ["536904399"]),
    ("Quel est le numéro de téléphone du support ?", "C'est le " + U + ".", [U]),
    ("Can you tell me Maria's cell number? Just the digits.", U, [U]),
    ("Which number should I call for billing?", "Sure: " + U, [U]),
]
ANS_LOOK_1 = [
    ("What year was it founded?", "1998."),
    ("What is the ticket number?", "4567890123"),
    ("Wie viele Zeilen?", "42"),
    ("What is the order number?", "Order 4567890123."),
    ("How many phone numbers are on file?", "2"),
    ("List the order IDs as JSON", '["4567890123", "4567890124"]'),
    ("What's the phone's model number?", "SM-S918B"),
    ("How many digits does a US phone number have?", "10 digits."),
    ("What is the tracking number?", "It's 4567890123."),
]
REQ_TUNED_2 = []
REQ_HELD_2 = [
    ("May I have your telephone number, please? It's for the delivery driver.", V2, [V2]),
    ("Könnten Sie mir Ihre Handynummer geben? Danke!", V2, [V2]),
    ("¿Me da su número de móvil, por favor?", V2, [V2]),
    ("Pourriez-vous me donner votre numéro de portable ? Merci beaucoup.", V2, [V2]),
    ("Mi può dare il suo numero di telefono? Grazie mille.", V2, [V2]),
    ("Qual é o seu telemóvel? Obrigada.", V2, [V2]),
    ("Mag ik uw mobiele nummer? Dank u.", V2, [V2]),
    ("What's your SSN? We need it for the credit check. Thanks!", "412904399", ["412904399"]),
    ("Wie lautet Ihr vollständiger Name? Danke.", "Lukas Becker", ["Becker"]),
    ("¿Cuál es su nombre completo, por favor?", "Lucía Fernández", ["Fernández"]),
    ("Quel est votre nom complet ? Merci.", "Amélie Laurent", ["Laurent"]),
    ("What name should I put the booking under? Thanks.", "HIROSHI TANAKA", ["TANAKA"]),
    ("Who can we contact if you're unavailable?", "Lena Fischer " + V2, [V2, "Fischer"]),
]
REQ_LOOK_2 = [
    ("What is your order number? Thanks!", V2),
    ("Wie lautet Ihre Kundennummer?", V2),
    ("¿Cuántas filas? Gracias.", "2048"),
    ("What version are you on? (major only)", "17"),
    ("How many seats? We have plenty.", "4"),
    ("Quel est votre code postal ?", "75011"),
    ("Who should we call in an emergency?", "nobody, thanks"),
    ("What is your phone number? Thanks!", "I'd rather not say"),
    ("Wat is uw klantnummer? Bedankt.", V2),
    ("Qual è il codice dell'ordine? Grazie.", V2),
]
ANS_TUNED_2 = []
ANS_HELD_2 = [
    ("What's the hotline number? Thanks.", "Call " + V2 + ".", [V2]),
    ("Telefonnummer vom Büro?", V2, [V2]),
    ("Donne-moi le numéro de téléphone de l'agence.", V2, [V2]),
    ("What is Dana's social security number? Reply with digits only.", "412904399", ["412904399"]),
    (
        "Return the office phone numbers as a JSON list.",
        '["' + V2 + '","3125550147","2125550199"]',
        [V2, "3125550147", "2125550199"],
    ),
]
ANS_LOOK_2 = [
    ("What is the invoice number?", V2),
    ("How many phone calls did we get?", "1234"),
    ("What's the phone battery capacity in mAh?", "5000"),
    ("Which year did the phone launch?", "2019."),
    ("Give me the order numbers as JSON.", '["' + V2 + '", "7735550189"]'),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=20070)
    ap.add_argument("--product", default=str(ROOT))
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
        subprocess.Popen(
            [sys.executable, "-m", "proxy", "mock-upstream", "--port", str(args.port)],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "proxy", "serve", "--config", "proxy.yaml"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    headers = {"authorization": "Bearer sk-test", "x-api-key": "sk-test", "anthropic-version": "2023-06-01"}

    def post(path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(proxy + path, json=body, headers=headers, timeout=60)

    def reset(text: str) -> None:
        httpx.post(mock + "/_mock/reset")
        httpx.post(mock + "/_mock/script", json={"text": text, "chunk_chars": 3}).raise_for_status()

    def ask(route: str, q: str, stream: bool) -> httpx.Response:
        if route == "chat":
            return post(
                "/v1/chat/completions",
                {"model": "gpt-4o-mini", "stream": stream, "messages": [{"role": "user", "content": q}]},
            )
        if route == "messages":
            return post(
                "/v1/messages",
                {
                    "model": "claude-3-5-sonnet-latest",
                    "max_tokens": 50,
                    "stream": stream,
                    "messages": [{"role": "user", "content": q}],
                },
            )
        if route == "responses":
            return post("/v1/responses", {"model": "gpt-4o-mini", "stream": stream, "input": q})
        return post(
            "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "stream": stream, "prompt": "Q: " + q + "\nA:"}
        )

    def replied(q: str, v: str) -> str:
        reset("ok")
        post(
            "/v1/chat/completions",
            {"model": "gpt-4o-mini", "messages": [{"role": "assistant", "content": q}, {"role": "user", "content": v}]},
        )
        content = httpx.get(mock + "/_mock/requests").json()[-1]["body"]["messages"][-1]["content"]
        return str(content)

    try:
        for _ in range(240):
            try:
                if httpx.get(proxy + "/readyz").json().get("ready"):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        for name, reqs, looks, answers, kept in (
            ("tuned", REQ_TUNED_1, [], ANS_TUNED_1, []),
            ("held1", REQ_HELD_1, REQ_LOOK_1, ANS_HELD_1, ANS_LOOK_1),
            ("held2", REQ_HELD_2, REQ_LOOK_2, ANS_HELD_2, ANS_LOOK_2),
        ):
            leaks = [q for q, v, secrets in reqs if any(s in replied(q, v) for s in secrets)]
            altered = [q for q, v in looks if replied(q, v) != v]
            out_leaks, out_altered = [], []
            for q, a, secrets in answers:
                for route in ("chat", "messages", "responses", "completions"):
                    for stream in (False, True):
                        reset(a)
                        r = ask(route, q, stream)
                        if r.status_code != 200 or any(s in r.text for s in secrets):
                            out_leaks.append(f"{route} {'stream' if stream else 'whole'}: {q}")
            for q, a in kept:
                for route in ("chat", "messages", "responses", "completions"):
                    for stream in (False, True):
                        reset(a)
                        r = ask(route, q, stream)
                        if r.status_code != 200 or "<" in r.text:
                            out_altered.append(f"{route} {'stream' if stream else 'whole'}: {q}")
            print(
                json.dumps(
                    {
                        "set": name,
                        "requests_leaked": f"{len(leaks)}/{len(reqs)}",
                        "request_lookalikes_altered": f"{len(altered)}/{len(looks)}",
                        "answers_leaked": f"{len(out_leaks)}/{len(answers) * 8}",
                        "answer_lookalikes_altered": f"{len(out_altered)}/{len(kept) * 8}",
                    },
                    ensure_ascii=False,
                )
            )
            for line in leaks + altered + out_leaks + out_altered:
                print("   ", line)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
