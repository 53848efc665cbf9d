"""tool26 (atk25 F01, F08): a tool call's JSON results and its own arguments read with the call's name, held out.

Tool names, keys, shapes and values written apart from the tests (`tests/guard/test_tool26.py`) and never tuned on;
values random (valid North American numbers, valid SSNs). Each case goes through the input phase as `proxy.flow`
screens a request (`proxy.guard.context24.cued`, chat, Anthropic and Responses bodies), and the model's calls through
the output phase as a whole answer (`proxy.guard.tool26.answered`). A value leaks when its digits go as sent; a
look-alike is altered when anything in its call or result changes.

    PYTHONPATH=$PWD .venv/bin/python bench/tool26.py [--n 4] [--show 5]

Before (the merge base, tool26's hooks absent) and after, --n 4 (120 values per leak set, 180 look-alikes each way):
JSON tool results leaked 120/120 -> 0/120, call arguments 120/120 -> 0/120, the model's calls 120/120 -> 0/120;
look-alikes altered 12/180 -> 12/180 (requests, the same 12: `get_customer_ssn` -> `{"result": {"ssn_last4": ...,
"customer_id": <nine digits>}}`, read beside the `ssn` key word before tool26 too) and 0/180 -> 0/180 (answers).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import random
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard import context24  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.phases import screen_answer, screen_request  # noqa: E402
from proxy.providers import anthropic, openai  # noqa: E402
from proxy.providers.answers import answer_sweep  # noqa: E402

IN = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
OUT = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]

# (tool, result template: {v} the value) whose value must not go up.
RESULTS = [("get_patient_ssn", '{{"results": ["{v}"]}}'), ("fetch_social_security_number", '{{"value": "{v}"}}'),
           ("getEmployeeSSN", '{{"data": [{v}]}}'), ("get_user_phone", '{{"output": {v}}}'),
           ("lookupCallbackNumber", '{{"response": {{"value": "{v}"}}}}'),
           ("get_emergency_contact_number", '{{"result": "{v}"}}'), ("whatsapp_lookup", '{{"data": "{v}"}}'),
           ("read_member_phone", '{{"ok": true, "payload": {{"values": ["{v}"]}}}}'),
           ("getContactNumber", '[{{"value": {v}}}]'), ("retrieve_ssn", '{{"items": [{{"id": 3, "value": "{v}"}}]}}')]
# (call, arguments template) whose value must not go up.
ARGS = [("send_text_message", {"recipient": "{v}", "message": "see you"}), ("dial", {"target": "{v}"}),
        ("place_call", {"destination": "{v}"}), ("verify_ssn", {"input": "{v}"}), ("sms_notify", {"numbers": ["{v}"]}),
        ("find_contact_by_mobile", {"search": "{v}"}), ("find_patients", {"q": "{v}"}),
        ("lookup_subscriber", {"term": "{v}"}), ("update_ssn", {"id": 42, "value": "{v}"}),
        ("sendSms", {"to": "{v}", "text": "on my way"})]
# Look-alikes: (call, arguments, result), every value as sent.
LOOKS = [("get_invoice_total", {}, '{{"result": {p}}}'), ("get_ticket", {}, '{{"id": {p}, "status": "open"}}'),
         ("count_phone_numbers", {}, '{{"result": {p}}}'), ("get_sms_balance", {}, '{{"result": {p}}}'),
         ("send_sms", {"template_id": "{p}", "channel": "sms"}, "sent"), ("search_products", {"query": "{p}"}, "none"),
         ("call_api", {"value": "{p}"}, '{{"result": "{p}"}}'), ("get_order_status", {"order_id": "{p}"}, "shipped"),
         ("get_phone_model", {}, '{{"result": "Pixel 8", "year": 2023}}'),
         ("get_phone", {}, '{{"updated_at": 1733400000, "count": 2}}'),
         ("get_customer", {}, '{{"result": {{"customer_number": {p}}}}}'),
         ("search_customers", {"limit": 25, "query": "Acme"}, "none"),
         ("get_customer_ssn", {}, '{{"result": {{"ssn_last4": "{l4}", "customer_id": {s}}}}}'),
         ("call_customer", {"customer_id": "{p}", "value": "urgent"}, "ok"),
         ("send_sms", {"from": 1700000000, "to": 1700086400, "page": "{p}"}, "sent")]


def _phone(rng: random.Random) -> str:
    import phonenumbers

    while True:
        d = f"{rng.choice([212, 312, 415, 646, 718, 818, 303, 206, 512, 404])}{rng.randint(200, 999)}" \
            f"{rng.randint(0, 9999):04d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(d, "US")):
            return d


def _ssn(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def _fill(node: Any, v: dict[str, str]) -> Any:
    if isinstance(node, str):
        return node.format(**v) if "{" in node else node
    if isinstance(node, dict):
        return {k: _fill(x, v) for k, x in node.items()}
    if isinstance(node, list):
        return [_fill(x, v) for x in node]
    return node


def _request(kind: str, name: str, args: dict[str, Any], result: str) -> dict[str, Any]:
    if kind == "chat":
        return {"model": "m", "messages": [
            {"role": "user", "content": "Please do it"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": result}]}
    if kind == "messages":
        return {"model": "c", "max_tokens": 5, "messages": [
            {"role": "user", "content": "Please do it"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": args}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": result}]}]}
    return {"model": "m", "input": [
        {"role": "user", "content": "Please do it"},
        {"type": "function_call", "call_id": "c1", "name": name, "arguments": json.dumps(args)},
        {"type": "function_call_output", "call_id": "c1", "output": result}]}


def _answer(kind: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    if kind == "chat":
        return {"id": "x", "object": "chat.completion", "model": "m", "choices": [{"index": 0, "finish_reason":
                "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]}}]}
    if kind == "messages":
        return {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "stop_reason": "tool_use",
                "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": args}]}
    return {"id": "resp_1", "object": "response", "status": "completed", "model": "m", "output": [
        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": name, "arguments": json.dumps(args)}]}


def _answered(kind: str, body: dict[str, Any]) -> AbstractContextManager[None]:
    try:  # (the code before tool26 has none: the bench runs there too, for the numbers before)
        from proxy.guard.tool26 import answered
    except ImportError:
        return nullcontext()
    return answered(kind, body)


def _values(body: dict[str, Any]) -> str:
    """The body's calls and results, as JSON (arguments decoded), for comparing and for finding values."""
    return json.dumps(body, sort_keys=True)


async def _sent(guard: Guard, policy: Policy, kind: str, body: dict[str, Any]) -> str:
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == "messages" else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        verdict = await screen_request(guard, policy, slots)
    return "<blocked>" if verdict.blocked else _values(body)


async def _got(guard: Guard, policy: Policy, kind: str, body: dict[str, Any]) -> str:
    body = copy.deepcopy(body)
    adapter = anthropic.ADAPTER if kind == "messages" else openai.ADAPTER
    known = adapter.response_texts(kind, body)
    with _answered(kind, body):
        await screen_answer(guard, policy, known + answer_sweep(body, known, screen=True), None)
    return _values(body)


def _decoded(text: str) -> str:
    """`text` with JSON strings inside it decoded once (arguments given as a JSON string)."""
    return text.replace('\\"', '"')


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4, help="values per case")
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    from tests.support.pii import WordScorer, shared_analyzer

    analyzer = shared_analyzer()
    await analyzer.start()
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)
    pin = Policy.model_validate({"name": "bench", "input": {"pii": {"action": "redact", "entities": IN}}})
    pout = Policy.model_validate({"name": "bench", "output": {"pii": {"action": "redact", "entities": OUT}}})
    rng = random.Random(args.seed)
    counts: dict[str, list[int]] = {}
    shown: list[str] = []

    def count(label: str, bad: bool, what: str) -> None:
        c = counts.setdefault(label, [0, 0])
        c[0] += bad
        c[1] += 1
        if bad and len(shown) < args.show:
            shown.append(f"{label}: {what}")

    for kind in ("chat", "messages", "responses"):
        for _ in range(args.n):
            for name, template in RESULTS:
                v = _ssn(rng) if "ssn" in name.lower() or "social" in name else _phone(rng)
                sent = await _sent(guard, pin, kind, _request(kind, name, {}, template.format(v=v)))
                count("request: JSON tool results    leaked", v in _decoded(sent), f"{kind} {name}")
            for name, arguments in ARGS:
                v = _ssn(rng) if "ssn" in name.lower() else _phone(rng)
                filled = _fill(arguments, {"v": v})
                sent = await _sent(guard, pin, kind, _request(kind, name, filled, "done"))
                count("request: call arguments       leaked", v in _decoded(sent), f"{kind} {name}")
                got = await _got(guard, pout, kind, _answer(kind, name, filled))
                count("answer:  the model's calls    leaked", v in _decoded(got), f"{kind} {name}")
            for name, arguments, result in LOOKS:
                s = _ssn(rng)
                v = {"p": _phone(rng), "s": s, "l4": s[-4:]}
                filled, text = _fill(arguments, v), result.format(**v)
                body = _request(kind, name, filled, text)
                sent = await _sent(guard, pin, kind, body)
                count("request: look-alikes         altered", sent != _values(body), f"{kind} {name} {sent[:160]}")
                answer = _answer(kind, name, filled)
                got = await _got(guard, pout, kind, answer)
                count("answer:  look-alike calls    altered", got != _values(answer), f"{kind} {name} {got[:160]}")
    for label, (bad, total) in counts.items():
        print(f"{label} {bad:4d}/{total}")
    for line in shown:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
