"""Guardrails end to end, through the official SDKs: PII redaction and restore, output redaction,
blocking, monitor mode, and toxicity on the real detoxify path (a tiny model trained for the tests).

Seeded values must never reach the provider (the mock's record) nor the decision log.
"""

from __future__ import annotations

import json

import anthropic
import openai
import pytest
import yaml

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import chat_text_and_arguments

EMAIL = "jane.doe@example.com"
PHONE = "(212) 555-0142"
SSN = "536-90-4399"
CARD = "4111 1111 1111 1111"
SEEDS = (EMAIL, PHONE, SSN, CARD)

POLICIES = {
    "policies/default.yaml": """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN],
        per_entity: {US_SSN: block}, restore: true}
  toxicity: {action: block, thresholds: {toxicity: 0.8, insult: 0.8, threat: 0.6}}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
    "policies/watch.yaml": """
name: watch
extends: default
mode: monitor
""",
}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}, "watchers": {"policy": "watch"}}, files=POLICIES)


def oai(p: Proxy, team: str = "app") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)


def ant(p: Proxy, team: str = "app") -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys[team], max_retries=0)


def _no_seeds_upstream(mock: Mock) -> None:
    sent = json.dumps([r.to_json() for r in mock.state.requests])
    for seed in SEEDS:
        assert seed not in sent, "a seeded PII value reached the provider"


def _no_seeds_logged(p: Proxy) -> None:
    p.flush()
    text = p.log_path.read_text()
    for seed in (*SEEDS, "Jane", "bastard"):
        assert seed not in text, "a seeded value reached the decision log"


# ----------------------------------------------------------------------------------- redact + restore

def test_pii_redacted_upstream_and_restored_for_the_client(mock: Mock, guarded: Proxy) -> None:
    prompt = f"Please email {EMAIL} or call {PHONE} about the invoice."
    raw = oai(guarded).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "system", "content": "Be brief."},
                                       {"role": "user", "content": prompt}])
    assert raw.parse().choices[0].message.content == f"You said: {prompt}"
    assert raw.headers["x-guardrail-decision"] == "redact"
    upstream = mock.last_body["messages"][1]["content"]
    assert "<EMAIL_ADDRESS_1>" in upstream and "<PHONE_NUMBER_1>" in upstream
    _no_seeds_upstream(mock)
    rec = guarded.record_for(raw.headers["x-guardrail-request-id"])
    pii = next(c for c in rec["checks"] if c["phase"] == "input" and c["check"] == "pii")
    assert pii["findings"] == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1} and pii["action"] == "redact"
    _no_seeds_logged(guarded)


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
def test_restore_on_streams_even_when_a_placeholder_is_split(mock: Mock, guarded: Proxy, api: str) -> None:
    prompt = f"My address is {EMAIL}, thanks."
    mock.script(chunk_chars=3)  # placeholders arrive cut into 3-character pieces
    if api == "chat":
        stream = oai(guarded).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], stream=True)
        pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
        text = "".join(pieces)
    elif api == "responses":
        with oai(guarded).responses.stream(model="gpt-4o-mini", input=prompt) as s:
            pieces = [e.delta for e in s if e.type == "response.output_text.delta"]
            final = s.get_final_response()
        text = "".join(pieces)
        assert final.output_text == text
    else:
        with ant(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=200,
                                          messages=[{"role": "user", "content": prompt}]) as s:
            pieces = list(s.text_stream)
            final_msg = s.get_final_message()
        text = "".join(pieces)
        assert final_msg.content[0].text == text
    assert text == f"You said: {prompt}"
    assert not any("<" in piece and ">" not in piece for piece in pieces), "half a placeholder reached the client"
    _no_seeds_upstream(mock)


def test_anthropic_tool_results_and_system_are_screened(mock: Mock, guarded: Proxy) -> None:
    msgs = [{"role": "user", "content": "Look up the customer."},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "crm", "input": {"q": "x"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                                          "content": f"Customer phone: {PHONE}"}]}]
    r = ant(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100, messages=msgs,
                                     system=f"Escalations go to {EMAIL}.")
    assert r.content[0].type == "text"
    sent = mock.last_body
    assert sent["system"] == "Escalations go to <EMAIL_ADDRESS_1>."
    assert sent["messages"][2]["content"][0]["content"] == "Customer phone: <PHONE_NUMBER_1>"
    _no_seeds_upstream(mock)


# --------------------------------------------------------------------------------- output redaction

@pytest.mark.parametrize("stream", [False, True])
def test_pii_the_model_says_is_redacted_for_the_client(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text=f"Sure. Her card is {CARD} and her SSN is {SSN}. Anything else?", chunk_chars=4)
    client = oai(guarded)
    if stream:
        text = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True) if c.choices)
    else:
        text = client.chat.completions.create(model="gpt-4o-mini",
                                              messages=[{"role": "user", "content": "hi"}]).choices[0].message.content
    assert CARD not in text and SSN not in text
    assert "<CREDIT_CARD_1>" in text and "<US_SSN_1>" in text
    assert text.startswith("Sure. Her card is") and text.endswith("Anything else?")


# ---------------------------------------------------------------------------------------------- block

def test_blocked_input_is_400_in_both_formats_and_never_forwarded(mock: Mock, guarded: Proxy) -> None:
    with pytest.raises(openai.BadRequestError) as exc:
        oai(guarded).chat.completions.create(model="gpt-4o-mini",
                                             messages=[{"role": "user", "content": f"My SSN is {SSN}"}])
    assert exc.value.body == {"message": exc.value.body["message"], "type": "guardrail_violation", "param": None,
                              "code": "content_blocked"}
    assert "default" in exc.value.body["message"] and "pii" in exc.value.body["message"]
    assert SSN not in exc.value.body["message"]
    assert exc.value.response.headers["x-guardrail-decision"] == "block"
    with pytest.raises(anthropic.BadRequestError) as aexc:
        ant(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                     messages=[{"role": "user", "content": "Status of Project Falcon?"}])
    assert aexc.value.body["type"] == "error" and aexc.value.body["error"]["type"] == "invalid_request_error"
    assert "codenames" in aexc.value.body["error"]["message"]
    assert mock.state.requests == []
    _no_seeds_logged(guarded)


# -------------------------------------------------------------------------------------------- monitor

@pytest.mark.parametrize("stream", [False, True])
def test_monitor_mode_is_invisible_to_the_client(mock: Mock, guarded: Proxy, stream: bool) -> None:
    prompt = f"Email {EMAIL}. My SSN is {SSN}."
    client = oai(guarded, "watchers")
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], stream=stream)
    if stream:
        text = "".join(c.choices[0].delta.content or "" for c in raw.parse() if c.choices)
    else:
        text = raw.parse().choices[0].message.content
    assert text == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt, "monitor mode forwards the request unchanged"
    rec = guarded.record_for(raw.headers["x-guardrail-request-id"])
    assert rec["mode"] == "monitor" and rec["decision"] != "block"
    actions = {c["action"] for c in rec["checks"] if c["check"] == "pii" and c["phase"] == "input"}
    assert actions == {"would_block"}


# ------------------------------------------------------------------------- toxicity, real detoxify path

@pytest.fixture(scope="module")
def tox_proxy(proxy_factory: ProxyFactory, tox_model: object) -> Proxy:
    model = tox_model
    cfg = {"models": {"pii": {"workers": 0}, "toxicity": {
        "model": "original", "checkpoint": str(model.checkpoint),  # type: ignore[attr-defined]
        "huggingface_config_path": str(model.hf_dir)}}}  # type: ignore[attr-defined]
    return proxy_factory(cfg, files={"policies/default.yaml": yaml.safe_dump({
        "name": "default", "on_error": "block",
        "input": {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}}},
        "output": {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}, "stream_hold": "sentence"}}})})


def test_toxic_input_is_blocked_by_the_real_model(mock: Mock, tox_proxy: Proxy) -> None:
    client = openai.OpenAI(base_url=f"{tox_proxy.url}/v1", api_key="sk", max_retries=0)
    ok = client.chat.completions.create(model="gpt-4o-mini",
                                        messages=[{"role": "user", "content": "Please review the contract."}])
    assert ok.choices[0].message.content == "You said: Please review the contract."
    mock.state.reset()
    with pytest.raises(openai.BadRequestError) as exc:
        client.chat.completions.create(model="gpt-4o-mini",
                                       messages=[{"role": "user", "content": "You are a worthless bastard."}])
    assert exc.value.body["code"] == "content_blocked" and "toxicity" in exc.value.body["message"]
    assert mock.state.requests == []


SAFE = "Thank you for your help with the quarterly report. "
TOXIC = "You are a worthless bastard. "
AFTER = "The meeting is moved to Thursday afternoon."


@pytest.mark.parametrize("stream", [False, True])
def test_toxic_answer_ends_with_content_filter(mock: Mock, tox_proxy: Proxy, stream: bool) -> None:
    mock.script(text=SAFE + TOXIC + AFTER, chunk_chars=6)
    client = openai.OpenAI(base_url=f"{tox_proxy.url}/v1", api_key="sk", max_retries=0)
    if stream:
        chunks = list(client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True,
            stream_options={"include_usage": True}))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        assert finish == ["content_filter"]
        assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
        assert text == SAFE, "the sentence before the violation arrives; nothing from the violation on"
    else:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        assert r.choices[0].finish_reason == "content_filter"
        text = r.choices[0].message.content or ""
        assert "bastard" not in text and AFTER not in text


@pytest.mark.parametrize("stream", [False, True])
def test_toxic_anthropic_answer_ends_with_refusal(mock: Mock, tox_proxy: Proxy, stream: bool) -> None:
    mock.script(text=SAFE + TOXIC + AFTER, chunk_chars=6)
    client = anthropic.Anthropic(base_url=tox_proxy.url, api_key="sk-ant", max_retries=0)
    if stream:
        with client.messages.stream(model="claude-3-5-haiku-latest", max_tokens=200,
                                    messages=[{"role": "user", "content": "hi"}]) as s:
            text = "".join(s.text_stream)
            final = s.get_final_message()
        assert text == SAFE
    else:
        final = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=200,
                                       messages=[{"role": "user", "content": "hi"}])
    assert final.stop_reason == "refusal"
    assert "bastard" not in json.dumps(final.model_dump()) and AFTER not in json.dumps(final.model_dump())


def test_parallel_toxicity_screens_while_upstream_and_still_blocks(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(files={"policies/default.yaml": yaml.safe_dump({
        "name": "default", "input": {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8},
                                                  "parallel": True}}})})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk", max_retries=0)
    ok = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello there"}])
    assert ok.choices[0].message.content == "You said: Hello there"
    mock.script(latency_ms=300)  # the provider is slower than the verdict: the answer is withheld, then refused
    with pytest.raises(openai.BadRequestError) as exc:
        client.chat.completions.create(model="gpt-4o-mini",
                                       messages=[{"role": "user", "content": "shut up you stupid idiot"}])
    assert exc.value.body["code"] == "content_blocked" and "toxicity" in exc.value.body["message"]
    rec = p.record_for(exc.value.response.headers["x-guardrail-request-id"])
    assert rec["decision"] == "block" and rec["status"] == 400
    assert any(c["check"] == "toxicity" and c["action"] == "block" for c in rec["checks"])


# ------------------------------------------------------------ restore into tool call arguments (JSON)

TICKET = 'REF{O"Brien \\x\n12 Main St}'  # a quote, a backslash and a newline: JSON must escape each
TICKET_POLICY = r"""
name: default
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS], restore: true}
  patterns:
    - {name: ticket, regex: 'REF\{[^}]*\}', action: redact}
"""


@pytest.fixture(scope="module")
def ticket_proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": TICKET_POLICY})


@pytest.mark.parametrize(("api", "stream"), [
    ("chat", False), ("chat", True),
    ("responses", False), ("responses", True),
    ("messages", False), ("messages", True)])
def test_restored_values_in_tool_arguments_are_json_escaped(mock: Mock, ticket_proxy: Proxy, api: str,
                                                            stream: bool) -> None:
    mock.script(text="Filing <TICKET_1> now.", chunk_chars=3,
                tool_calls=[{"name": "file_ticket", "arguments": {"ref": "<TICKET_1>", "note": "re <TICKET_1>"}}])
    prompt = f"Please file {TICKET} for me."
    want = {"ref": TICKET, "note": f"re {TICKET}"}
    if api == "chat":
        text, arguments = chat_text_and_arguments(oai(ticket_proxy), prompt, stream)
        inputs = [json.loads(arguments)]
    elif api == "responses":
        if stream:
            with oai(ticket_proxy).responses.stream(model="gpt-4o-mini", input=prompt) as s:
                deltas = [e.delta for e in s if e.type == "response.function_call_arguments.delta"]
                final = s.get_final_response()
            inputs = [json.loads("".join(deltas))]
        else:
            final = oai(ticket_proxy).responses.create(model="gpt-4o-mini", input=prompt)
            inputs = []
        text = final.output_text
        inputs += [json.loads(item.arguments) for item in final.output if item.type == "function_call"]
    else:
        client_a = ant(ticket_proxy).messages
        msgs_a = [{"role": "user", "content": prompt}]
        if stream:
            with client_a.stream(model="claude-3-5-haiku-latest", max_tokens=200, messages=msgs_a) as s:
                partial = "".join(e.delta.partial_json for e in s if e.type == "content_block_delta"
                                  and e.delta.type == "input_json_delta")
                final_msg = s.get_final_message()
            inputs = [json.loads(partial)]
        else:
            final_msg = client_a.create(model="claude-3-5-haiku-latest", max_tokens=200, messages=msgs_a)
            inputs = []
        text = "".join(b.text for b in final_msg.content if b.type == "text")
        inputs += [b.input for b in final_msg.content if b.type == "tool_use"]
    assert len(inputs) >= 1 and all(args == want for args in inputs)
    assert text == f"Filing {TICKET} now."  # ordinary text: restored as sent, nothing escaped
    sent = json.dumps(mock.last_body)
    assert "<TICKET_1>" in sent and "Brien" not in sent  # the value never went upstream
