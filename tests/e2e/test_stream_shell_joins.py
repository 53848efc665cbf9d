"""Issue 12 (atk6 MEDIUM 4): a Responses shell call's streamed commands and output are read together, as the whole
answer's joined texts are. `echo project` in command 0 then `falcon` in command 1, `mail jane.doe@exa` then
`mple.com`, stdout `owner jane.doe@exa` then stderr `mple.com` reached the client as sent: each
`shell_call_command.delta` command and each `stdout`/`stderr` was screened alone. Ordinary commands pass as sent.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, sse

POLICIES = OUTPUT_CODENAME_POLICIES


@pytest.fixture(scope="module")
def shell(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _stream(p: Proxy, mock: Mock, events: list[dict[str, Any]]) -> httpx.Response:
    base = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
    seq = [{"type": "response.created", "response": {**base, "status": "in_progress", "output": []}}, *events,
           {"type": "response.completed", "response": {**base, "status": "completed", "output": []}}]
    mock.script(raw_sse=sse(*({**e, "sequence_number": n} for n, e in enumerate(seq)), named=True))
    return httpx.post(f"{p.url}/v1/responses", json={"model": "gpt-4o-mini", "input": "run it", "stream": True},
                      headers={"Authorization": f"Bearer {p.keys['app']}"}, timeout=30)


def decision(p: Proxy, r: httpx.Response) -> str:
    return str(p.record_for(r.headers["x-guardrail-request-id"])["decision"])


SHELL = {"type": "shell_call", "id": "sh_1", "call_id": "call_s", "status": "in_progress",
         "action": {"commands": [], "timeout_ms": None, "max_output_length": None}}


def commands(*parts: str) -> list[dict[str, Any]]:
    return [{"type": "response.output_item.added", "output_index": 0, "item": SHELL},
            *({"type": "response.shell_call_command.delta", "output_index": 0, "command_index": n, "delta": part}
              for n, part in enumerate(parts))]


def output(*parts: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"type": "response.shell_call_output_content.delta", "item_id": "sho_1", "output_index": 0,
             "command_index": 0, "delta": {stream: text}} for stream, text in parts]


def test_a_codename_across_two_commands_stops_the_stream(mock: Mock, shell: Proxy) -> None:
    r = _stream(shell, mock, commands("echo project", " falcon"))
    assert "falcon" not in r.text
    assert decision(shell, r) == "block"


@pytest.mark.parametrize("events", [
    pytest.param(commands("mail jane.doe@exa", "mple.com"), id="two-commands"),
    pytest.param(output(("stdout", "owner jane.doe@exa"), ("stderr", "mple.com")), id="stdout-then-stderr"),
])
def test_an_address_split_over_two_shell_fields_is_redacted(mock: Mock, shell: Proxy,
                                                            events: list[dict[str, Any]]) -> None:
    r = _stream(shell, mock, events)
    assert r.status_code == 200, r.text
    assert "jane.doe" not in r.text and "mple.com" not in r.text
    assert "<EMAIL_ADDRESS_1>" in r.text
    assert decision(shell, r) == "redact"


def test_ordinary_commands_and_output_pass_as_sent(mock: Mock, shell: Proxy) -> None:
    r = _stream(shell, mock, [*commands("ls -la /srv/app", "git status"),
                              *output(("stdout", "total 12 drwxr-xr-x app"), ("stderr", "warning: detached HEAD"))])
    sent = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]
    got = "".join(e["delta"] if isinstance(e["delta"], str) else "".join(e["delta"].values())
                  for e in sent if "delta" in e)
    assert got == "".join(["ls -la /srv/app", "git status", "total 12 drwxr-xr-x app", "warning: detached HEAD"])
    assert decision(shell, r) == "allow"


def mcp_call(n: int, text: str) -> dict[str, Any]:
    return {"type": "mcp_call", "id": f"mcp_{n}", "server_label": "docs", "name": "lookup", "arguments": "{}",
            "output": text, "error": None, "status": "completed"}


def test_an_address_split_over_two_mcp_outputs_is_redacted_as_in_the_whole_answer(mock: Mock, shell: Proxy) -> None:
    # atk6 s6 E15: each item's `output` was read alone in a stream; the whole answer joins its items' outputs.
    items = [mcp_call(1, "owner jane.doe@exa"), mcp_call(2, "mple.com")]
    r = _stream(shell, mock, [{"type": "response.output_item.done", "output_index": n, "item": item}
                              for n, item in enumerate(items)])
    assert r.status_code == 200, r.text
    assert "jane.doe" not in r.text and "mple.com" not in r.text and "<EMAIL_ADDRESS_1>" in r.text
    assert decision(shell, r) == "redact"
    mock.script(raw_body=json.dumps({"id": "resp_1", "object": "response", "created_at": 1733234567,
                                     "model": "gpt-4o-mini", "status": "completed", "output": items}))
    whole = httpx.post(f"{shell.url}/v1/responses", json={"model": "gpt-4o-mini", "input": "run it"},
                       headers={"Authorization": f"Bearer {shell.keys['app']}"}, timeout=30)
    assert "jane.doe" not in whole.text and "mple.com" not in whole.text and decision(shell, whole) == "redact"
