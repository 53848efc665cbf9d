"""Ids and credentials on the way in (issue 12, "No side doors"), end to end with the official SDKs: the id a
tool result answers (Chat `tool_call_id`, Responses `call_id`, Anthropic `tool_use_id`) and an MCP server's
`authorization_token` and `headers` reached the provider with a codename although an input `patterns:` rule
blocks it. They cannot be rewritten (the conversation or the server's login would break): a match blocks, a
400 in the provider's format, and nothing goes upstream. A rule that only redacts (keys pasted by mistake)
does not read credentials. Codename spellings differ from the review's (`project-falcon`)."""

from __future__ import annotations

from typing import Any

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, claude, oai

POLICY = SCREENED_POLICY.replace(
    "    - {name: codenames,",
    '    - {name: keys, regex: "\\\\bsk-[A-Za-z0-9_-]{16,}\\\\b", action: redact}\n    - {name: codenames,')


@pytest.fixture(scope="module")
def doors(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _chat(call_id: str) -> list[Any]:
    return [{"role": "user", "content": "check the build"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": call_id, "type": "function", "function": {"name": "status", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": call_id, "content": "green"}]


def _responses(call_id: str) -> list[Any]:
    return [{"role": "user", "content": "check the build"},
            {"type": "function_call", "call_id": call_id, "name": "status", "arguments": "{}"},
            {"type": "function_call_output", "call_id": call_id, "output": "green"}]


def _anthropic(tool_use_id: str) -> list[Any]:
    return [{"role": "user", "content": "check the build"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": tool_use_id, "name": "status", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_use_id, "content": "green"}]}]


@pytest.mark.parametrize("call_id", ["call_ProjectOsprey7", "project-falcon", "toolu_project_falcon"])
def test_a_codename_in_a_result_id_blocks(doors: Proxy, mock: Mock, call_id: str) -> None:
    before = len(mock.state.requests)
    with pytest.raises(openai.BadRequestError) as err:
        oai(doors).chat.completions.create(model="gpt-4o-mini", messages=_chat(call_id))  # type: ignore[arg-type]
    assert "codenames" in str(err.value) and call_id not in str(err.value)
    with pytest.raises(openai.BadRequestError):
        oai(doors).responses.create(model="gpt-4o-mini", input=_responses(call_id))  # type: ignore[arg-type]
    with pytest.raises(anthropic.BadRequestError) as aerr:
        claude(doors).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                      messages=_anthropic(call_id))  # type: ignore[arg-type]
    assert aerr.value.body["type"] == "error" and "codenames" in str(aerr.value)  # type: ignore[index]
    assert len(mock.state.requests) == before, "a blocked request went upstream"


def test_ordinary_ids_pass_unchanged(doors: Proxy, mock: Mock) -> None:
    oai(doors).chat.completions.create(model="gpt-4o-mini", messages=_chat("call_8fJ2kQ"))  # type: ignore[arg-type]
    assert mock.last_body["messages"][2]["tool_call_id"] == "call_8fJ2kQ"
    oai(doors).responses.create(model="gpt-4o-mini", input=_responses("call_falcon_7"))  # type: ignore[arg-type]
    assert mock.last_body["input"][2]["call_id"] == "call_falcon_7"
    claude(doors).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                  messages=_anthropic("toolu_01A2b"))  # type: ignore[arg-type]
    assert mock.last_body["messages"][2]["content"][0]["tool_use_id"] == "toolu_01A2b"


def _mcp(token: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {"type": "url", "url": "https://mcp.example.com/sse", "name": "builds", "authorization_token": token,
            **({"headers": headers} if headers else {})}


def test_a_codename_in_mcp_credentials_blocks(doors: Proxy, mock: Mock) -> None:
    before = len(mock.state.requests)
    with pytest.raises(anthropic.BadRequestError):
        claude(doors).beta.messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                           messages=[{"role": "user", "content": "hi"}],
                                           mcp_servers=[_mcp("project-falcon")])  # type: ignore[list-item]
    with pytest.raises(openai.BadRequestError):
        oai(doors).responses.create(model="gpt-4o-mini", input="hi", tools=[  # type: ignore[list-item]
            {"type": "mcp", "server_label": "builds", "server_url": "https://mcp.example.com/sse",
             "headers": {"X-Team": "Project Osprey"}, "require_approval": "never"}])
    assert len(mock.state.requests) == before, "a blocked request went upstream"
    # A token a redact rule reads as a key pasted by mistake is what a credential is: it goes on, untouched.
    token = "sk-mcp_0123456789abcdefXYZ"
    claude(doors).beta.messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                       messages=[{"role": "user", "content": "hi"}],
                                       mcp_servers=[_mcp(token)])  # type: ignore[list-item]
    assert mock.last_body["mcp_servers"][0]["authorization_token"] == token
