"""Issue 12, atk25 F01 and F08 (`proxy.guard.tool26`), end to end through the official SDKs under the shipped default
policy: a tool's JSON result and a call's own arguments are read with the call's name. Requests: what the mock
provider received (chat `tool` messages and `tool_calls`, Anthropic `tool_result` and `tool_use`, Responses
`function_call_output` and `function_call`); answers: what the client got, whole and streamed (the model's own
`send_sms {"to": ...}`). Look-alikes (an order total, an id, an order search, a message's body) go as sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import chat_text_and_arguments, claude, oai, responses_text_and_calls

SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, PHONE, PHONE2 = "536904399", "6175550143", "6175550188"


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SHIPPED})


def _call(name: str, args: dict[str, Any], n: int = 1) -> dict[str, Any]:
    return {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


def test_chat_results_and_arguments_read_with_the_calls_name(shipped: Proxy, mock: Mock) -> None:
    oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "Look up my record and text me"},
        {"role": "assistant", "content": None, "tool_calls": [
            _call("get_customer_ssn", {}, 1), _call("get_phone", {}, 2), _call("get_phone_numbers", {}, 3),
            _call("get_order_total", {}, 4), _call("get_order", {}, 5), _call("get_callback_number", {}, 6)]},
        {"role": "tool", "tool_call_id": "call_1", "content": '{"data": {"id": 7, "value": "536904399"}}'},
        {"role": "tool", "tool_call_id": "call_2", "content": '{"result": 6175550143}'},
        {"role": "tool", "tool_call_id": "call_3", "content": '["6175550143", "6175550188"]'},
        {"role": "tool", "tool_call_id": "call_4", "content": '{"result": 536904399}'},
        {"role": "tool", "tool_call_id": "call_5", "content": '{"id": 6175550143}'},
        {"role": "tool", "tool_call_id": "call_6", "content": "2125550199"},
        {"role": "assistant", "content": None, "tool_calls": [
            _call("send_sms", {"to": PHONE, "body": "Your code is 482913"}, 7), _call("update_ssn", {"value": SSN}, 8),
            _call("search_customers", {"query": "3125550177"}, 9), _call("search_orders", {"query": PHONE}, 10)]},
        {"role": "tool", "tool_call_id": "call_7", "content": "sent"},
        {"role": "tool", "tool_call_id": "call_8", "content": "ok"},
        {"role": "tool", "tool_call_id": "call_9", "content": "none"},
        {"role": "tool", "tool_call_id": "call_10", "content": "none"}])
    m = mock.state.requests[-1].body["messages"]
    assert json.loads(m[2]["content"])["data"]["id"] == 7 and SSN not in m[2]["content"]
    assert PHONE not in m[3]["content"] and json.loads(m[3]["content"])["result"].startswith("<PHONE_NUMBER_")
    assert PHONE not in m[4]["content"] and PHONE2 not in m[4]["content"] and len(json.loads(m[4]["content"])) == 2
    # (misc37, atk37 F05: the digits of an SSN the request holds elsewhere are that SSN wherever they stand, an order's
    # total of the same nine digits too: the safe side; before misc37 this one went as sent)
    assert json.loads(m[5]["content"])["result"].startswith("<US_SSN_") and SSN not in m[5]["content"]
    assert m[6]["content"] == '{"id": 6175550143}'  # an id
    assert "2125550199" not in m[7]["content"] and m[7]["content"].startswith("<PHONE_NUMBER_")
    calls = [json.loads(c["function"]["arguments"]) for c in m[8]["tool_calls"]]
    assert PHONE not in json.dumps(calls[0]) and calls[0]["body"] == "Your code is 482913"
    assert SSN not in json.dumps(calls[1]) and "3125550177" not in json.dumps(calls[2])
    assert calls[3] == {"query": PHONE}  # an order search


def test_anthropic_and_responses_requests(shipped: Proxy, mock: Mock) -> None:
    claude(shipped).messages.create(model="claude-3-5-haiku-latest", max_tokens=20, messages=[  # type: ignore[misc]
        {"role": "user", "content": "Call me back"},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": "toolu_1", "name": "get_phone", "input": {}},
            {"type": "tool_use", "id": "toolu_2", "name": "call_customer", "input": {"number": PHONE2}},
            {"type": "tool_use", "id": "toolu_3", "name": "get_order", "input": {"order_id": 6175550199}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": '{"ok": true, "data": "6175550143"}'},
            {"type": "tool_result", "tool_use_id": "toolu_2", "content": "ringing"},
            {"type": "tool_result", "tool_use_id": "toolu_3", "content": '{"id": 6175550199, "total": 4155550172}'}]}])
    m = mock.state.requests[-1].body["messages"]
    assert json.loads(m[2]["content"][0]["content"])["ok"] is True and PHONE not in m[2]["content"][0]["content"]
    assert PHONE2 not in json.dumps(m[1]["content"][1]["input"])
    assert m[1]["content"][2]["input"] == {"order_id": 6175550199}
    assert m[2]["content"][2]["content"] == '{"id": 6175550199, "total": 4155550172}'
    oai(shipped).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
        {"role": "user", "content": "Verify me"},
        {"type": "function_call", "call_id": "c1", "name": "lookup_by_phone", "arguments": json.dumps({"q": PHONE})},
        {"type": "function_call_output", "call_id": "c1", "output": '{"result": {"ssn": "on file"}}'},
        {"type": "function_call", "call_id": "c2", "name": "get_customer_ssn", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c2", "output": '["536904399"]'}])
    items = mock.state.requests[-1].body["input"]
    assert PHONE not in items[1]["arguments"] and json.loads(items[1]["arguments"])["q"].startswith("<PHONE_NUMBER_")
    assert items[2]["output"] == '{"result": {"ssn": "on file"}}'
    assert SSN not in items[4]["output"] and json.loads(items[4]["output"])[0].startswith("<US_SSN_")


CALLS = [("send_sms", {"to": PHONE, "body": "hi"}, PHONE), ("update_ssn", {"value": SSN}, SSN),
         ("lookup_by_phone", {"q": PHONE}, PHONE)]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize(("name", "args", "secret"), CALLS, ids=[c[0] for c in CALLS])
def test_the_models_own_call_reaches_the_client_redacted(shipped: Proxy, mock: Mock, stream: bool, name: str,
                                                         args: dict[str, Any], secret: str) -> None:
    mock.script(tool_calls=[{"name": name, "arguments": args}], chunk_chars=4)
    _, arguments = chat_text_and_arguments(oai(shipped), "do it", stream)
    got = json.loads(arguments)
    assert secret not in arguments and list(got) == list(args), arguments
    if "body" in args:
        assert got["body"] == "hi"
    mock.script(tool_calls=[{"name": name, "arguments": args}], chunk_chars=4)
    _, calls = responses_text_and_calls(oai(shipped), "do it", stream)
    assert secret not in json.dumps(calls) and list(calls[0]) == list(args), calls
    mock.script(tool_calls=[{"name": name, "arguments": args}], chunk_chars=4)
    msgs: Any = [{"role": "user", "content": "do it"}]
    if stream:
        with claude(shipped).messages.stream(model="claude-3-5-haiku-latest", max_tokens=50, messages=msgs) as s:
            events = [e.model_dump_json() for e in s]
            final = s.get_final_message()
        assert not [e for e in events if secret in e]
    else:
        final = claude(shipped).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=msgs)
    inputs = [b.input for b in final.content if b.type == "tool_use"]
    assert secret not in json.dumps(inputs) and list(inputs[0]) == list(args), inputs  # type: ignore[arg-type]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_the_models_look_alike_calls_go_as_sent(shipped: Proxy, mock: Mock, stream: bool) -> None:
    for name, args in [("search_orders", {"query": PHONE}), ("get_order", {"id": PHONE}),
                       ("call_api", {"value": PHONE}),
                       ("send_sms", {"to": "+16175550143", "body": "Your code is 482913"})]:
        mock.script(tool_calls=[{"name": name, "arguments": args}], chunk_chars=4)
        _, arguments = chat_text_and_arguments(oai(shipped), "do it", stream)
        got = json.loads(arguments)
        if name == "send_sms":  # (a number with its country code under `to`: redacted before, as a phone's key)
            assert got["body"] == "Your code is 482913" and PHONE not in got["to"]
        else:
            assert got == args, (name, arguments)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_the_clients_own_number_is_restored_into_the_models_call(shipped: Proxy, mock: Mock, stream: bool) -> None:
    """The value the client sent goes up as its placeholder, and the model's call with that placeholder reaches the
    client with the value back (restore), not redacted again for the call's name."""
    mock.script(tool_calls=[{"name": "send_sms", "arguments": {"to": "<PHONE_NUMBER_1>", "body": "hi"}}],
                chunk_chars=4)
    client = oai(shipped).chat.completions
    msgs: Any = [{"role": "user", "content": f"Text my mom at {PHONE} that I am late"}]
    if stream:
        chunks = [c for c in client.create(model="gpt-4o-mini", messages=msgs, stream=True) if c.choices]
        arguments = "".join(call.function.arguments or "" for c in chunks for call in
                            c.choices[0].delta.tool_calls or [] if call.function)
    else:
        message = client.create(model="gpt-4o-mini", messages=msgs).choices[0].message
        assert message.tool_calls
        arguments = message.tool_calls[0].function.arguments  # type: ignore[union-attr]
    assert PHONE not in json.dumps(mock.last_body)
    assert json.loads(arguments) == {"to": PHONE, "body": "hi"}, arguments
