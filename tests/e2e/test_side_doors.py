"""No side doors on the way in (issue 12), end to end through the official SDKs and the mock provider.

Every field class the issue names carries a seeded value (e-mail addresses, phone numbers, a card as a
JSON number) that must not reach the provider, plain and streamed; tool-call arguments are decoded
JSON; token-id prompts are refused under input rules; a model name a client typed as free text never
reaches the decision log, the metrics or the spend export. Values differ from the issue's examples.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import anthropic
import openai
import pytest
import yaml

from proxy.budget.ledger import Budgets
from proxy.modelname import UNLISTED
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.redis_servers import StoreServer, make_server

POLICIES = {
    "policies/default.yaml": """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
""",
    "policies/cards.yaml": """
name: cards
extends: default
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD], per_entity: {CREDIT_CARD: block}}
""",
    "policies/watch.yaml": """
name: watch
extends: default
mode: monitor
""",
    "policies/open.yaml": """
name: open
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS]}
""",
}

# One seeded value per field, so a failure names the field.
MAIL = {name: f"rvq.{name}@ledgerline.io" for name in (
    "name", "tooldesc", "default", "propkey", "fmtdesc", "imgquery", "filename", "metaval", "metakey", "user",
    "safety", "stop", "args", "argkey", "shell", "localshell", "code", "summary", "filesearch", "approval",
    "textfmt", "inputimg", "tooluse", "tooluse_key", "anthdesc", "userid", "anthimg", "cited", "mcp", "thinking",
    "model")}
CITY_PHONE = "(415) 555-0176"
CARD_NUMBER = 5500005555555559  # a Mastercard test number (Luhn-valid), sent as a JSON number


@pytest.fixture(scope="module")
def doors(proxy_factory: ProxyFactory) -> Proxy:
    # Presidio imports torch and transformers (~30 s on a loaded machine): import them here, not inside
    # the server's start, which the test helper gives 30 s.
    import presidio_analyzer  # noqa: F401

    return proxy_factory(teams={"app": {}, "cards": {"policy": "cards"}, "open": {"policy": "open"},
                                "watch": {"policy": "watch"}}, files=POLICIES)


def oai(p: Proxy, team: str = "app") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)


def ant(p: Proxy, team: str = "app") -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys[team], max_retries=0)


def _received(mock: Mock) -> str:
    return json.dumps(mock.last_body, ensure_ascii=False)


def _assert_nothing_leaked(mock: Mock, p: Proxy, seeds: list[str], request_id: str) -> dict[str, Any]:
    sent = _received(mock)
    leaked = [s for s in seeds if s in sent]
    assert not leaked, f"reached the provider: {leaked}"
    rec = p.record_for(request_id)
    p.flush()
    log = p.log_path.read_text()
    assert not [s for s in seeds if s in log], "a seeded value reached the decision log"
    return rec


def _pii_findings(rec: dict[str, Any]) -> dict[str, int]:
    pii = next(c for c in rec["checks"] if c["phase"] == "input" and c["check"] == "pii")
    findings: dict[str, int] = pii["findings"]
    return findings


# ------------------------------------------------------------------------------------------- chat

def _chat_kwargs() -> dict[str, Any]:
    args = json.dumps({"to": MAIL["args"], MAIL["argkey"]: "cc", "amount": CARD_NUMBER})
    args = args.replace("@", "\\u0040")  # JSON escapes: the provider decodes them, so does the proxy
    return {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_7", "type": "function", "function": {"name": "send_mail", "arguments": args}}]},
            {"role": "tool", "tool_call_id": "call_7", "content": "sent"},
            {"role": "user", "name": MAIL["name"], "content": [
                {"type": "text", "text": f"Did the mail to {MAIL['args']} go out?"},
                {"type": "image_url", "image_url": {"url": f"https://img.example.org/a.png?owner={MAIL['imgquery']}"}},
                {"type": "file", "file": {"filename": f"{MAIL['filename']} notes.pdf", "file_data": "JVBERi0x"}},
            ]},
        ],
        "tools": [{"type": "function", "function": {
            "name": "send_mail", "description": f"Mails go out from {MAIL['tooldesc']}",
            "parameters": {"type": "object", "properties": {
                "to": {"type": "string", "default": MAIL["default"]},
                MAIL["propkey"]: {"type": "string"}}}}}],
        "response_format": {"type": "json_schema", "json_schema": {
            "name": "receipt", "description": f"Receipt for {MAIL['fmtdesc']}",
            "schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}},
        "metadata": {"contact": MAIL["metaval"], MAIL["metakey"]: "1"},
        "user": MAIL["user"],
        "safety_identifier": MAIL["safety"],
        "stop": [MAIL["stop"]],
        "web_search_options": {"user_location": {"type": "approximate",
                                                 "approximate": {"city": f"Call {CITY_PHONE}"}}},
    }


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_chat_fields_beyond_messages_are_screened(mock: Mock, doors: Proxy, stream: bool) -> None:
    client = oai(doors)
    kwargs = _chat_kwargs()
    seeds = [MAIL[k] for k in ("name", "tooldesc", "default", "propkey", "fmtdesc", "imgquery", "filename",
                               "metaval", "metakey", "user", "safety", "stop", "args", "argkey")] + [CITY_PHONE]
    if stream:
        raw = client.chat.completions.with_raw_response.create(stream=True, **kwargs)
        text = "".join(c.choices[0].delta.content or "" for c in raw.parse() if c.choices)
    else:
        raw = client.chat.completions.with_raw_response.create(**kwargs)
        text = raw.parse().choices[0].message.content or ""
    # The echo carries the e-mail's placeholder back: the client gets exactly the address it typed.
    assert text == f"You said: Did the mail to {MAIL['args']} go out?"
    assert raw.headers["x-guardrail-decision"] == "redact"
    rec = _assert_nothing_leaked(mock, doors, seeds, raw.headers["x-guardrail-request-id"])
    body = mock.last_body
    # The arguments are still JSON, redacted inside: the card number became a placeholder string.
    args = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert args["amount"].startswith("<CREDIT_CARD_") and args["to"].startswith("<EMAIL_ADDRESS_")
    assert [k for k in args if k.startswith("<EMAIL_ADDRESS_")], "the e-mail used as a key was not redacted"
    # The same address in the arguments and in the text: one placeholder.
    assert args["to"] in body["messages"][3]["content"][0]["text"]
    # What carries no user text went on as sent.
    assert body["model"] == "gpt-4o-mini" and body["messages"][1]["tool_calls"][0]["id"] == "call_7"
    assert body["tools"][0]["function"]["name"] == "send_mail"
    assert body["messages"][3]["content"][2]["file"]["file_data"] == "JVBERi0x"
    assert body["response_format"]["json_schema"]["name"] == "receipt"
    findings = _pii_findings(rec)
    assert findings["EMAIL_ADDRESS"] >= 13 and findings["PHONE_NUMBER"] == 1 and findings["CREDIT_CARD"] == 1
    assert rec["decision"] == "redact" and rec["stream"] is stream


# -------------------------------------------------------------------------------------- responses

def _responses_input() -> list[dict[str, Any]]:
    return [
        {"type": "shell_call", "call_id": "sh_1", "action": {"commands": ["ls"]}, "status": "completed"},
        {"type": "shell_call_output", "call_id": "sh_1", "output": [
            {"stdout": f"owner: {MAIL['shell']}", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]},
        {"type": "local_shell_call_output", "id": "lsh_1", "output": f"mail {MAIL['localshell']}"},
        {"type": "code_interpreter_call", "id": "ci_1", "container_id": "cntr_1", "status": "completed",
         "code": f"send('{MAIL['code']}')", "outputs": []},
        {"type": "reasoning", "id": "rs_1", "summary": [
            {"type": "summary_text", "text": f"The user is {MAIL['summary']}"}]},
        {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["owner"],
         "results": [{"file_id": "file-1", "text": f"Owner: {MAIL['filesearch']}"}]},
        {"type": "mcp_approval_request", "id": "mcpr_1", "server_label": "crm", "name": "find",
         "arguments": json.dumps({"who": MAIL["approval"]}).replace("@", "\\u0040")},
        {"role": "user", "content": [
            {"type": "input_text", "text": "Summarise the above."},
            {"type": "input_image", "image_url": f"https://img.example.org/b.png?u={MAIL['inputimg']}"}]},
    ]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_responses_items_beyond_messages_are_screened(mock: Mock, doors: Proxy, stream: bool) -> None:
    client = oai(doors)
    seeds = [MAIL[k] for k in ("shell", "localshell", "code", "summary", "filesearch", "approval", "textfmt",
                               "inputimg")]
    text_cfg = {"format": {"type": "json_schema", "name": "owner", "schema": {
        "type": "object", "description": f"Owner is {MAIL['textfmt']}", "properties": {}}}}
    raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input=_responses_input(),  # type: ignore[arg-type]
                                                    text=text_cfg, stream=stream)  # type: ignore[arg-type]
    if stream:
        events = list(raw.parse())
        assert events[-1].type == "response.completed"
    else:
        assert raw.parse().output_text == "You said: Summarise the above."
    assert raw.headers["x-guardrail-decision"] == "redact"
    rec = _assert_nothing_leaked(mock, doors, seeds, raw.headers["x-guardrail-request-id"])
    body = mock.last_body
    assert json.loads(body["input"][6]["arguments"])["who"].startswith("<EMAIL_ADDRESS_")
    assert body["input"][3]["container_id"] == "cntr_1" and body["input"][5]["results"][0]["file_id"] == "file-1"
    assert _pii_findings(rec)["EMAIL_ADDRESS"] == len(seeds)


# ------------------------------------------------------------------------------------------ messages

def _messages_kwargs() -> dict[str, Any]:
    return {
        "model": "claude-3-5-haiku-latest",
        "max_tokens": 100,
        "metadata": {"user_id": MAIL["userid"]},
        "tools": [{"name": "charge", "description": f"Receipts go to {MAIL['anthdesc']}",
                   "input_schema": {"type": "object", "properties": {"card": {"type": "number"}}}}],
        "messages": [
            {"role": "user", "content": "Charge the card."},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_9", "name": "charge",
                                               "input": {"card": CARD_NUMBER, MAIL["tooluse_key"]: 1,
                                                         "note": MAIL["tooluse"]}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_9", "content": "charged"},
                {"type": "image", "source": {"type": "url", "url": f"https://img.example.org/c.png?u={MAIL['anthimg']}"}},
                {"type": "text", "text": "What now?", "citations": [
                    {"type": "char_location", "cited_text": f"Owner {MAIL['cited']}", "document_index": 0,
                     "document_title": "memo", "start_char_index": 0, "end_char_index": 5}]},
            ]},
        ],
    }


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_anthropic_tool_input_keys_numbers_and_fields_are_screened(mock: Mock, doors: Proxy, stream: bool) -> None:
    client = ant(doors)
    seeds = [MAIL[k] for k in ("userid", "anthdesc", "tooluse", "tooluse_key", "anthimg", "cited", "mcp")] + \
        [str(CARD_NUMBER)]
    kwargs = _messages_kwargs()
    extra = {"mcp_servers": [{"type": "url", "name": "crm", "url": f"https://mcp.example.org/sse?u={MAIL['mcp']}"}]}
    if stream:
        raw_stream = client.messages.with_raw_response.create(stream=True, extra_body=extra, **kwargs)
        events = list(raw_stream.parse())
        headers = raw_stream.headers
        text = "".join(e.delta.text for e in events if e.type == "content_block_delta" and e.delta.type == "text_delta")
        assert text == "You said: What now?"
    else:
        raw = client.messages.with_raw_response.create(extra_body=extra, **kwargs)
        headers = raw.headers
        assert raw.parse().content[0].text == "You said: What now?"  # type: ignore[union-attr]
    rec = _assert_nothing_leaked(mock, doors, seeds, headers["x-guardrail-request-id"])
    tool_input = mock.last_body["messages"][1]["content"][0]["input"]
    assert tool_input["card"].startswith("<CREDIT_CARD_"), "a card sent as a JSON number was not found"
    assert any(k.startswith("<EMAIL_ADDRESS_") for k in tool_input)
    assert mock.last_body["tools"][0]["name"] == "charge" and mock.last_body["messages"][1]["content"][0]["id"] == \
        "toolu_9"
    findings = _pii_findings(rec)
    assert findings["CREDIT_CARD"] == 1 and findings["EMAIL_ADDRESS"] == 7


def test_a_card_number_in_a_tool_input_is_blocked_by_a_block_rule(mock: Mock, doors: Proxy) -> None:
    before = len(mock.state.requests)
    with pytest.raises(anthropic.BadRequestError) as err:
        ant(doors, "cards").messages.create(**_messages_kwargs())
    assert len(mock.state.requests) == before, "a blocked request went upstream"
    assert "CREDIT_CARD" in str(err.value) and str(CARD_NUMBER) not in str(err.value)


def test_a_signed_thinking_block_with_pii_is_blocked_not_rewritten(mock: Mock, doors: Proxy) -> None:
    """Its signature covers the text: rewritten, the provider refuses it; sent on, the value leaks."""
    before = len(mock.state.requests)
    messages = [
        {"role": "user", "content": "Who owns it?"},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": f"The owner is {MAIL['thinking']}.", "signature": "EqQBCgIYAhIMsig"},
            {"type": "text", "text": "Let me check."}]},
        {"role": "user", "content": "Go on."},
    ]
    with pytest.raises(anthropic.BadRequestError) as err:
        ant(doors).messages.with_raw_response.create(model="claude-3-7-sonnet-latest", max_tokens=50,
                                                     messages=messages)  # type: ignore[arg-type]
    assert len(mock.state.requests) == before
    assert "signed_text" in str(err.value) and MAIL["thinking"] not in str(err.value)
    rec = doors.record_for(err.value.response.headers["x-guardrail-request-id"])
    assert any(c["check"] == "signed_text" and c["action"] == "block" for c in rec["checks"])
    # Without PII in it, a thinking block passes untouched, signature and all.
    messages[1]["content"][0]["thinking"] = "Checking the ledger."  # type: ignore[index]
    ant(doors).messages.create(model="claude-3-7-sonnet-latest", max_tokens=50, messages=messages)  # type: ignore[arg-type]
    assert mock.last_body["messages"][1]["content"][0] == {"type": "thinking", "thinking": "Checking the ledger.",
                                                           "signature": "EqQBCgIYAhIMsig"}


# ------------------------------------------------------------------------------------------ token ids

@pytest.mark.parametrize("route", ["completions", "embeddings"])
def test_token_id_prompts_are_refused_under_input_rules_and_pass_without(mock: Mock, doors: Proxy,
                                                                         route: str) -> None:
    before = len(mock.state.requests)
    client = oai(doors)
    with pytest.raises(openai.BadRequestError) as err:
        if route == "completions":
            client.completions.create(model="gpt-3.5-turbo-instruct", prompt=[[9906, 1917], [5159]], max_tokens=5)
        else:
            client.embeddings.create(model="text-embedding-3-small", input=[[9906, 1917, 0]])
    assert len(mock.state.requests) == before, "an unscreenable prompt went upstream"
    body = err.value.body
    assert isinstance(body, dict)
    field = "prompt" if route == "completions" else "input"
    assert (body["type"], body["code"], body["param"]) == ("invalid_request_error", "unscreenable_input", field)
    assert "token ids" in body["message"]
    rec = doors.record_for(err.value.response.headers["x-guardrail-request-id"])
    assert rec["status"] == 400 and rec["decision"] == "block" and rec["error"] == "unscreenable_input"
    # A policy without input rules has nothing to screen: the token ids pass.
    open_client = oai(doors, "open")
    if route == "completions":
        open_client.completions.create(model="gpt-3.5-turbo-instruct", prompt=[[9906, 1917]], max_tokens=5)
        assert mock.last_body["prompt"] == [[9906, 1917]]
    else:
        open_client.embeddings.create(model="text-embedding-3-small", input=[[9906, 1917, 0]])
        assert mock.last_body["input"] == [[9906, 1917, 0]]


def test_token_ids_in_monitor_mode_pass_and_are_recorded(mock: Mock, doors: Proxy) -> None:
    raw = oai(doors, "watch").completions.with_raw_response.create(model="gpt-3.5-turbo-instruct",
                                                                    prompt=[[9906, 1917]], max_tokens=5)
    assert mock.last_body["prompt"] == [[9906, 1917]]
    rec = doors.record_for(raw.headers["x-guardrail-request-id"])
    assert {"check": "token_ids", "action": "would_block"}.items() <= next(
        c for c in rec["checks"] if c["check"] == "token_ids").items()
    assert rec["decision"] == "flag" and rec["status"] == 200


# -------------------------------------------------------------------------------------------- model

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = make_server("valkey", tmp_path_factory.mktemp("side-doors-store"))
    yield server
    server.stop()


def test_a_model_typed_as_free_text_never_reaches_records_metrics_or_the_export(
        mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    budgets = yaml.safe_dump({"timezone": "UTC", "unknown_model": "allow", "on_store_error": "block"})
    p = proxy_factory({"store": {"url": store.url}}, teams={"ledger": {}}, start_store=True,
                      files={"budgets.yaml": budgets})
    client = oai(p, "ledger")
    # A model holding PII is refused (it cannot be rewritten: check name_text, issue 12 F3); one the client
    # made up without PII goes on. None is recorded, counted or exported by name.
    typed = [MAIL["model"], "tel-415-555-0176", "rvq-ledger-model-v2", "gpt-4o-mini"]
    ids = []
    for m in typed:
        try:
            ids.append(client.chat.completions.with_raw_response.create(
                model=m, messages=[{"role": "user", "content": "hi"}]).headers["x-guardrail-request-id"])
        except openai.BadRequestError as err:
            assert m in typed[:2] and "name_text" in str(err) and m not in str(err)
            ids.append(err.response.headers["x-guardrail-request-id"])
    assert mock.last_body["model"] == "gpt-4o-mini"
    assert [p.record_for(i)["model"] for i in ids] == [UNLISTED, UNLISTED, UNLISTED, "gpt-4o-mini"]

    async def export() -> list[Any]:
        conn = connect(store.url)
        try:
            today = date.today()
            return await Budgets(conn).export(today - timedelta(days=1), today + timedelta(days=1))
        finally:
            await conn.aclose()

    deadline = time.monotonic() + 5
    while True:
        rows = [r for r in asyncio.run(export()) if r.team == "ledger"]
        if sum(r.requests for r in rows) == 2:  # the two refused are not charged
            break
        assert time.monotonic() < deadline, rows
        time.sleep(0.1)
    assert sorted(r.model for r in rows) == sorted(["gpt-4o-mini", UNLISTED])
    metrics = asyncio.run(_get(f"{p.url}/metrics"))
    p.flush()
    for leaked in typed[:3]:
        assert leaked not in metrics and leaked not in p.log_path.read_text()


async def _get(url: str) -> str:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        return await resp.text()
