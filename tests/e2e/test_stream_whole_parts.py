"""Whole texts of a Responses stream's fields, through the real proxy (issue 12, atk6 HIGH 1 and MEDIUM 6).

HIGH 1: deltas `Status: Project Osprey. ` (held: sentence scoring) trigger the block; a later
`response.output_item.added` or `.done` whose message already holds text (an `output_text` part, a `refusal`
part, two parts) was screened on its own and noted as released: the proxy's own `response.incomplete` carried
it in `output[0].content[0].text`. MEDIUM 6: parts sent only as `response.content_part.done` (no deltas),
`Status: Project` and ` Osprey now.`, were screened one by one and reached the client. Now a field's whole text
is read with the answer's other fields, in the order they arrive.

Scripted streams (the mock serves them verbatim); assertions on every event the client received, raw and
through the official SDK's stream helper. Values differ from the attack's.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import sse

LATER = "QUILLMARK plan"  # the later item's text: never the client's to see after the block
POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS]}
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
}
RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}


@pytest.fixture(scope="module")
def whole(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _post(p: Proxy, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{p.url}/v1/responses", json=body, headers={"Authorization": f"Bearer {p.keys['app']}"},
                      timeout=30)


def oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0)


def data_events(text: str) -> list[Any]:
    return [json.loads(line[5:]) for line in text.splitlines() if line.startswith("data:")]


def message(id: str, *parts: dict[str, Any]) -> dict[str, Any]:
    return {"type": "message", "id": id, "status": "completed", "role": "assistant", "content": list(parts)}


def text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": []}


def stream(middle: list[dict[str, Any]], output: list[Any] | None = None) -> bytes:
    events = [{"type": "response.created", "response": RESPONSE}, *middle,
              {"type": "response.completed", "response": {**RESPONSE, "status": "completed", "output": output or []}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return sse(*events, named=True)


def deltas(text: str) -> list[dict[str, Any]]:
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    return [
        {"type": "response.output_item.added", "output_index": 0, "item": {**message("msg_1"),
                                                                           "status": "in_progress"}},
        {"type": "response.content_part.added", **where, "part": text_part("")},
        {"type": "response.output_text.delta", **where, "delta": text},
        {"type": "response.output_text.done", **where, "text": text},
        {"type": "response.content_part.done", **where, "part": text_part(text)},
        {"type": "response.output_item.done", "output_index": 0, "item": message("msg_1", text_part(text))},
    ]


def parts_done_only(*texts: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [{"type": "response.output_item.added", "output_index": 0,
                                     "item": {**message("msg_1"), "status": "in_progress"}}]
    for i, text in enumerate(texts):
        where = {"item_id": "msg_1", "output_index": 0, "content_index": i}
        events += [{"type": "response.content_part.added", **where, "part": text_part("")},
                   {"type": "response.content_part.done", **where, "part": text_part(text)}]
    events.append({"type": "response.output_item.done", "output_index": 0,
                   "item": message("msg_1", *(text_part(t) for t in texts))})
    return events


LATER_ITEMS = {
    "output_text": message("msg_9", text_part(LATER)),
    "refusal": message("msg_9", {"type": "refusal", "refusal": LATER}),
    "two parts": message("msg_9", text_part(LATER + " one"), text_part(LATER + " two")),
}


@pytest.mark.parametrize("event_type", ["response.output_item.added", "response.output_item.done"])
@pytest.mark.parametrize("item", LATER_ITEMS)
def test_a_later_items_text_never_reaches_the_client_or_the_ending(whole: Proxy, mock: Mock, item: str,
                                                                   event_type: str) -> None:
    mock.script(raw_sse=stream([*deltas("Fine. Status: Project Osprey. "),
                                {"type": event_type, "output_index": 1, "item": LATER_ITEMS[item]}]))
    r = _post(whole, {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert r.status_code == 200, r.text
    assert "quillmark" not in r.text.lower() and "osprey" not in r.text.lower(), r.text
    last = data_events(r.text)[-1]
    assert last["type"] == "response.incomplete"
    assert last["response"]["incomplete_details"] == {"reason": "content_filter"}
    assert [p["text"] for p in last["response"]["output"][0]["content"]] == ["Fine. "]


def test_a_later_items_text_never_reaches_the_client_through_the_sdk(whole: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=stream([*deltas("Status: Project Osprey. "),
                                {"type": "response.output_item.added", "output_index": 1,
                                 "item": LATER_ITEMS["output_text"]}]))
    with oai(whole).responses.stream(model="gpt-4o-mini", input="hi") as s:
        seen = list(s)
    got = json.dumps([e.model_dump(mode="json", warnings=False) for e in seen])
    assert "quillmark" not in got.lower() and "osprey" not in got.lower(), got
    assert seen[-1].type == "response.incomplete"


def test_parts_sent_only_as_part_done_are_joined(whole: Proxy, mock: Mock) -> None:
    parts = ("Status: Project", " Osprey now.")
    mock.script(raw_sse=stream(parts_done_only(*parts), output=[message("msg_1", *map(text_part, parts))]))
    r = _post(whole, {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert "osprey" not in r.text.lower() and "status: project" not in r.text.lower(), r.text
    last = data_events(r.text)[-1]
    assert last["type"] == "response.incomplete" and last["response"]["incomplete_details"] == {
        "reason": "content_filter"}
    assert [p["text"] for p in last["response"]["output"][0]["content"]] == [""]


def test_an_address_split_across_parts_sent_only_as_part_done_is_redacted(whole: Proxy, mock: Mock) -> None:
    parts = ("Write to dana.kerr@exa", "mple.org today.")
    mock.script(raw_sse=stream(parts_done_only(*parts), output=[message("msg_1", *map(text_part, parts))]))
    r = _post(whole, {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert "dana.kerr" not in r.text and "mple.org" not in r.text, r.text
    done = [e["part"]["text"] for e in data_events(r.text) if e["type"] == "response.content_part.done"]
    assert len(done) == 2 and done[0].startswith("Write to <EMAIL_ADDRESS_") and done[1].endswith(" today."), done
    assert data_events(r.text)[-1]["type"] == "response.completed"


def test_unblocked_parts_sent_only_as_part_done_go_out_whole_through_the_sdk(whole: Proxy, mock: Mock) -> None:
    """Control: harmless parts stream as the provider sent them, each event with its own text, in order."""
    parts = ("We start the project", " now. All good.")
    mock.script(raw_sse=stream(parts_done_only(*parts), output=[message("msg_1", *map(text_part, parts))]))
    with oai(whole).responses.stream(model="gpt-4o-mini", input="hi") as s:
        seen = list(s)
        final = s.get_final_response()
    assert [e.part.text for e in seen if e.type == "response.content_part.done"] == list(parts)  # type: ignore[union-attr]
    assert final.output_text == "".join(parts)
    numbers = [e.sequence_number for e in seen]
    assert numbers == sorted(set(numbers))
