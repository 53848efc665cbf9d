"""The official SDKs' clients pointed at a test proxy, what the mock provider received, and the policy the
side-door e2e files share (PII redacted and restored, a codename blocked)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import anthropic
import httpx
import openai

if TYPE_CHECKING:
    from tests.conftest import Mock, Proxy


# The structured PII types redacted both ways (restored on the way back) and a codename rule on input.
SCREENED_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""


# The structured PII types and IP addresses redacted on input (restored), the contact types on output, and the
# codename rule blocking both ways (the e2e files of the view's readings: scripts, markup, dashes, dots).
SCREENED_BOTH_WAYS_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IP_ADDRESS], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""


# Names and the structured types redacted both ways, no other check (the false-positive e2e files: what an
# ordinary text loses to them).
REDACT_NAMES_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IP_ADDRESS], restore: true}
output:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IP_ADDRESS]}
"""


# Output only: the structured contact types redacted, and the blocking codename rule (the answer-side e2e files).
OUTPUT_CODENAME_POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
""",
}

def oai(p: Proxy) -> openai.OpenAI:
    """An OpenAI client of `p` (single tenant: any key-shaped key; no retries, so each call is one request)."""
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-x", max_retries=0)


def claude(p: Proxy) -> anthropic.Anthropic:
    """An Anthropic client of `p`, as `oai`."""
    return anthropic.Anthropic(base_url=p.url, api_key="sk-x", max_retries=0)


def received(mock: Mock) -> str:
    """Every request body the mock provider received, as one JSON text (to search for what must not be there)."""
    return json.dumps([r.body for r in mock.state.requests], ensure_ascii=False)


def user_text(mock: Mock) -> str:
    """The first message's text of the last request the mock provider received (its text blocks joined)."""
    content = mock.last_body["messages"][0]["content"]
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


def ask_chat(p: Proxy, content: str, stream: bool = False) -> str:
    """One user message through the Chat Completions API; the answer's text as the client got it."""
    client = oai(p)
    messages: Any = [{"role": "user", "content": content}]
    if stream:
        chunks = client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True)
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    r = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    return r.choices[0].message.content or ""


def ask_messages(p: Proxy, content: str, stream: bool = False) -> str:
    """One user message through the Messages API, as `ask_chat`."""
    client = claude(p)
    messages: Any = [{"role": "user", "content": content}]
    if stream:
        with client.messages.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages) as s:
            return "".join(s.text_stream)
    r = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages)
    return "".join(b.text for b in r.content if b.type == "text")


# Per route: how to ask, and the error a refused request raises.
SEND = {"chat": ask_chat, "messages": ask_messages}


def answers(p: Proxy, mock: Mock, answer: str, route: str, prompt: str = "?") -> tuple[str, str]:
    """`answer` (the mock provider's) as the client gets it on `route` (`SEND`'s keys), whole and then streamed three
    characters a chunk."""
    mock.script(text=answer)
    whole = SEND[route](p, prompt)
    mock.script(text=answer, chunk_chars=3)
    return whole, SEND[route](p, prompt, stream=True)
ERROR = {"chat": openai.BadRequestError, "messages": anthropic.BadRequestError}


def upstream_view(mock: Mock) -> str:
    """Everything the provider received, as JSON text and as its normalised view (what an obfuscated value reads)."""
    from proxy.nlp.normalize import normalize

    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    return sent + "\n" + normalize(sent).text


def sse(*events: Any, named: bool = False) -> str:
    """A provider's stream as raw SSE (`mock.script(raw_sse=...)`): each event a JSON object (with its `event:`
    line when `named`, Anthropic's and Responses' way) or a string: the data as is (`[DONE]`), or a whole event
    when it ends with a blank line."""
    out = []
    for e in events:
        if isinstance(e, str):
            out.append(e if e.endswith("\n\n") else f"data: {e}\n\n")
        else:
            out.append((f"event: {e['type']}\n" if named else "") + f"data: {json.dumps(e)}\n\n")
    return "".join(out)


def post_raw(p: Proxy, path: str, raw: str, timeout: float = 60) -> httpx.Response:
    """`raw` (a JSON text as written: numbers, escapes, key order kept) posted to `p` with both SDKs' headers."""
    return httpx.post(f"{p.url}{path}", content=raw.encode(), timeout=timeout,
                      headers={"Authorization": "Bearer sk-client", "x-api-key": "sk-ant-client",
                               "anthropic-version": "2023-06-01", "Content-Type": "application/json"})


def team_oai(p: Proxy, team: str = "app") -> openai.OpenAI:
    """An OpenAI client of `p` with `team`'s key (no retries)."""
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)


def team_claude(p: Proxy, team: str = "app") -> anthropic.Anthropic:
    """An Anthropic client of `p` with `team`'s key, as `team_oai`."""
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys[team], max_retries=0)


def post_team(p: Proxy, path: str, body: dict[str, Any], team: str = "app", *, version: bool = False,
              timeout: float = 30) -> httpx.Response:
    """`body` posted to `p` with `team`'s key in both SDKs' key headers (and `anthropic-version` when `version`)."""
    headers = {"Authorization": f"Bearer {p.keys[team]}", "x-api-key": p.keys[team]}
    if version:
        headers["anthropic-version"] = "2023-06-01"
    return httpx.post(f"{p.url}{path}", json=body, headers=headers, timeout=timeout)


def data_events(text: str) -> list[Any]:
    """The JSON data of every SSE event in `text` (`[DONE]` left out)."""
    return [json.loads(line[5:]) for line in text.splitlines()
            if line.startswith("data:") and line[5:].strip() != "[DONE]"]


def dump_models(objs: list[Any]) -> str:
    """The SDK objects the client got, every field (extra ones included), as one JSON text."""
    return json.dumps([o.model_dump(mode="json", warnings=False) for o in objs])


def assert_absent(got: str, *words: str) -> None:
    """None of `words` is in `got`, in any case."""
    for word in words:
        assert word.lower() not in got.lower(), f"{word!r} reached the client: {got[:3000]}"


def answer_of(p: Proxy, api: str, stream: bool) -> tuple[str, str | None]:
    """The answer to `hi` as the client got it through the SDK of `api` (`chat` or `messages`), streamed or whole,
    and how it ended (`finish_reason` or `stop_reason`)."""
    messages: Any = [{"role": "user", "content": "hi"}]
    if api == "chat":
        client = oai(p)
        if stream:
            chunks = list(client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True))
            ends = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
            return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices), ends[-1] if ends else None
        r = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
        return r.choices[0].message.content or "", r.choices[0].finish_reason
    a = claude(p)
    if stream:
        with a.messages.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages) as s:
            text = "".join(s.text_stream)
            return text, s.get_final_message().stop_reason
    m = a.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages)
    return "".join(b.text for b in m.content if b.type == "text"), m.stop_reason


def compact(text: str) -> str:
    """Letters and digits only: a value reads the same whatever was put between its characters."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def chat_ok(p: Proxy, body: dict[str, Any]) -> None:
    """`body` (the model added) posted to `p`'s chat route as raw JSON; the answer must be a 200."""
    r = post_raw(p, "/v1/chat/completions", json.dumps({"model": "gpt-4o-mini", **body}))
    assert r.status_code == 200, r.text


def user_texts_through(p: Proxy, mock: Mock, texts: list[str]) -> list[str]:
    """`texts` sent to `p`'s chat route as user messages of one request: their contents as the provider got them."""
    chat_ok(p, {"messages": [{"role": "user", "content": t} for t in texts]})
    return [m["content"] for m in json.loads(received(mock))[-1]["messages"]]


def tool_turn(arguments: dict[str, Any]) -> list[dict[str, Any]]:
    """A user message, an assistant tool call with `arguments`, and its result: the arguments go up as sent."""
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": json.dumps(arguments)}}
    return [{"role": "user", "content": "look it up"}, {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]


# Restore only: the contact types redacted on input and put back in the answer, no output rule (the restore-URL tests).
RESTORE_ONLY_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
"""


def responses_text_and_calls(sdk: openai.OpenAI, prompt: str, stream: bool) -> tuple[str, list[Any]]:
    """The Responses answer to `prompt` through `sdk`, streamed or whole: its output text and each function call's
    arguments, parsed (streamed: the deltas joined match the final response, asserted here)."""
    client = sdk.responses
    if stream:
        with client.stream(model="gpt-4o-mini", input=prompt) as s:
            events = list(s)
            final = s.get_final_response()
        text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
        args = "".join(e.delta for e in events if e.type == "response.function_call_arguments.delta")
        calls = [json.loads(item.arguments) for item in final.output if item.type == "function_call"]
        assert [json.loads(args)] == calls and final.output_text == text
        return text, calls
    whole = client.create(model="gpt-4o-mini", input=prompt)
    return whole.output_text, [json.loads(item.arguments) for item in whole.output if item.type == "function_call"]


def chat_text_and_arguments(sdk: openai.OpenAI, prompt: str, stream: bool) -> tuple[str, str]:
    """The chat answer to `prompt` through `sdk`, streamed or whole: its text and its first tool call's arguments
    (joined piece by piece when streamed)."""
    client = sdk.chat.completions
    msgs: Any = [{"role": "user", "content": prompt}]
    if stream:
        chunks = [c for c in client.create(model="gpt-4o-mini", messages=msgs, stream=True) if c.choices]
        text = "".join(c.choices[0].delta.content or "" for c in chunks)
        arguments = "".join(call.function.arguments or "" for c in chunks for call in
                            c.choices[0].delta.tool_calls or [] if call.function)
        return text, arguments
    message = client.create(model="gpt-4o-mini", messages=msgs).choices[0].message
    assert message.tool_calls
    return message.content or "", message.tool_calls[0].function.arguments  # type: ignore[union-attr]
