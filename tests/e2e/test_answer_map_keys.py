"""Answer map keys (issue 12, atk5 F2): with output rules, every key of a map in an answer (a file's `attributes` in
Responses `file_search_call` results, a `local_shell_call`'s `env`, echoed `metadata`) and every key no SDK type
names beside a string value (an unknown item's, block's or annotation's) is screened, whatever its value, whole and
streamed. The keys reached the client as sent when their values were strings (a number's key was redacted), with
`x-guardrail-decision: allow`, and a codename key passed a block rule.

Scripted answers (the mock serves crafted bodies and streams verbatim); assertions on the raw bytes the client got
and on the record.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, post_team, sse

EMAIL = "zed.quinn@fabrikam.io"
PHONE_KEY = "call 212-555-0199"
CODENAME = "project falcon"
LEAKS = (EMAIL, "zed.quinn", "212-555-0199", "falcon")

POLICIES = OUTPUT_CODENAME_POLICIES


@pytest.fixture(scope="module")
def mapped(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, version=True)


def clean(got: str) -> None:
    for word in LEAKS:
        assert word not in got, f"{word!r} reached the client"


def decision(p: Proxy, r: httpx.Response) -> str:
    return str(p.record_for(r.headers["x-guardrail-request-id"])["decision"])


def responses(*items: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "completed",
            "model": "gpt-4o-mini", "output": list(items),
            "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}, **top}


def file_search(attributes: dict[str, Any]) -> dict[str, Any]:
    return {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["report"],
            "results": [{"file_id": "file_1", "filename": "report.pdf", "score": 0.5, "text": "Quarterly figures.",
                         "attributes": attributes}]}


def local_shell(env: dict[str, Any]) -> dict[str, Any]:
    return {"type": "local_shell_call", "id": "lsh_1", "call_id": "call_1", "status": "completed",
            "action": {"type": "exec", "command": ["ls"], "env": env}}


ASK = {"model": "gpt-4o-mini", "input": "Find the report."}


@pytest.mark.parametrize("item", [file_search, local_shell], ids=["attributes", "env"])
def test_responses_map_keys_with_string_values_are_redacted(mock: Mock, mapped: Proxy, item: Any) -> None:
    mock.script(raw_body=json.dumps(responses(item({EMAIL: "x", PHONE_KEY: "y", "region": "eu"}))))
    r = _post(mapped, "/v1/responses", ASK)
    assert r.status_code == 200, r.text
    clean(r.text)
    entries = r.json()["output"][0]
    got = entries["results"][0]["attributes"] if "results" in entries else entries["action"]["env"]
    assert got == {"<EMAIL_ADDRESS_1>": "x", "call <PHONE_NUMBER_1>": "y", "region": "eu"}
    assert r.headers["x-guardrail-decision"] == "redact"


@pytest.mark.parametrize("item", [file_search, local_shell], ids=["attributes", "env"])
def test_a_codename_map_key_blocks_the_answer(mock: Mock, mapped: Proxy, item: Any) -> None:
    mock.script(raw_body=json.dumps(responses(item({CODENAME: "z"}))))
    r = _post(mapped, "/v1/responses", ASK)
    clean(r.text)
    assert r.json()["status"] == "incomplete"
    assert decision(mapped, r) == "block"


def test_responses_stream_map_keys_are_screened(mock: Mock, mapped: Proxy) -> None:
    item = file_search({EMAIL: "x", PHONE_KEY: "y"})
    base = {k: v for k, v in responses().items() if k not in ("output", "usage", "status")}
    events = [{"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                              "output": []}},
              {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
               "item": {**item, "status": "in_progress", "results": None}},
              {"type": "response.output_item.done", "sequence_number": 2, "output_index": 0, "item": item},
              {"type": "response.completed", "sequence_number": 3,
               "response": {**responses(item), **base}}]
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(mapped, "/v1/responses", {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    clean(r.text)
    assert r.text.count("<EMAIL_ADDRESS_1>") == 2  # in output_item.done and in response.completed


def test_responses_stream_codename_map_key_stops_the_stream(mock: Mock, mapped: Proxy) -> None:
    item = local_shell({CODENAME: "z"})
    base = {k: v for k, v in responses().items() if k not in ("output", "usage", "status")}
    events = [{"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                              "output": []}},
              {"type": "response.output_item.done", "sequence_number": 1, "output_index": 0, "item": item},
              {"type": "response.completed", "sequence_number": 2, "response": {**responses(item), **base}}]
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(mapped, "/v1/responses", {**ASK, "stream": True})
    clean(r.text)
    assert "response.incomplete" in r.text and "response.completed" not in r.text
    assert decision(mapped, r) == "block"


def test_echoed_metadata_key_an_sdk_names_is_read_with_its_value(mock: Mock, mapped: Proxy) -> None:
    """`{"project": "falcon"}`: in a map, `project` names no field; the key is read before its value."""
    message = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": "Done.", "annotations": []}]}
    mock.script(raw_body=json.dumps(responses(message, metadata={"project": "falcon"})))
    r = _post(mapped, "/v1/responses", ASK)
    clean(r.text)
    assert decision(mapped, r) == "block"


def test_unknown_item_block_and_annotation_keys_beside_strings_are_screened(mock: Mock, mapped: Proxy) -> None:
    mock.script(raw_body=json.dumps(responses({"type": "x_future_call", "id": "xf_1", "status": "completed",
                                               EMAIL: "x"})))
    r = _post(mapped, "/v1/responses", ASK)
    assert r.status_code == 200, r.text
    clean(r.text)
    assert "<EMAIL_ADDRESS_1>" in r.text

    message = {"role": "assistant", "content": "See the page.",
               "annotations": [{"type": "url_citation", "url_citation": {"url": "https://example.com/", "title": "t",
                                                                          "start_index": 0, "end_index": 3},
                                PHONE_KEY: "y"}]}
    mock.script(raw_body=json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567,
                                     "model": "gpt-4o-mini", "choices": [{"index": 0, "message": message,
                                                                          "finish_reason": "stop",
                                                                          "logprobs": None}]}))
    r = _post(mapped, "/v1/chat/completions", {"model": "gpt-4o-mini",
                                               "messages": [{"role": "user", "content": "Find it."}]})
    assert r.status_code == 200, r.text
    clean(r.text)
    assert "call <PHONE_NUMBER_1>" in r.text

    mock.script(raw_body=json.dumps({"id": "msg_1", "type": "message", "role": "assistant",
                                     "model": "claude-3-5-haiku-latest", "stop_reason": "end_turn",
                                     "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 2},
                                     "content": [{"type": "text", "text": "Done."},
                                                 {"type": "x_future_block", CODENAME: "z"}]}))
    r = _post(mapped, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 64,
                                       "messages": [{"role": "user", "content": "Find it."}]})
    clean(r.text)
    assert decision(mapped, r) == "block"


RESTORE_ONLY = {"policies/default.yaml": """
name: default
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS], restore: true}
"""}


def test_a_map_value_is_restored_without_output_rules(mock: Mock, proxy_factory: ProxyFactory) -> None:
    """Maps are the sweep's, not the adapter's: a whole answer restores into them without output rules too (the
    sweep runs there to restore only); a stream reads a shell call's `env` as its call's (answer21: kept)."""
    p = proxy_factory(teams={"app": {}}, files=RESTORE_ONLY)
    item = local_shell({"MAIL": "<EMAIL_ADDRESS_1>"})
    base = {k: v for k, v in responses().items() if k not in ("output", "usage", "status")}
    events = [{"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                              "output": []}},
              {"type": "response.output_item.done", "sequence_number": 1, "output_index": 0, "item": item},
              {"type": "response.completed", "sequence_number": 2, "response": {**responses(item), **base}}]
    ask = {**ASK, "input": "Mail jane.doe@example.com the report."}
    mock.script(raw_body=json.dumps(responses(item)))
    r = _post(p, "/v1/responses", ask)
    assert r.json()["output"][0]["action"]["env"] == {"MAIL": "jane.doe@example.com"}
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(p, "/v1/responses", {**ask, "stream": True})
    assert r.status_code == 200, r.text
    # answer21 (atk21 H1): a tool call a stream gives whole keeps its placeholders (its `env` too), in every event:
    # when it comes, the rest of the answer, which may send it, is not known (the whole answer above knows it)
    assert "jane.doe@example.com" not in r.text and r.text.count("<EMAIL_ADDRESS_1>") == 2
