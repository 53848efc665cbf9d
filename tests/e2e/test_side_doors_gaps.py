"""Issue 12 ("No side doors"), gaps left after the main work, end to end with the official SDKs against the
mock provider: what the client RECEIVED (or what the mock provider received).

- Empty streams: a 200 `text/event-stream` that ends without one event of an answer (nothing, only
  comments or pings, only `[DONE]`) is unreadable under output rules: 502 `upstream_unreadable` in the
  provider's format, recorded; without output rules it is relayed as it is, in monitor mode recorded.
- Numbers side by side: a phone number or an SSN in the NUMBERS of one JSON object or array is read as
  one when a key of the document names it (`{"ssn": [412, 63, 7785]}`, `{"area": 617, "exchange": 555,
  "line": "0143"}`), in requests (tool-call arguments, tool_use inputs, unknown fields) and answers
  (tool-call arguments, whole and streamed); numbers without such a key stay as they are (a box).
- Identifiers in one case: a codename run together in a tool name or the model (`getPROJECTFALCONSTATUS`,
  `getprojectospreystatus`) is read as its words by `patterns:` rules; a one-word rule is not looked for
  inside such a run (`GETSKILLCONTENT` holds `kill`).
- Id-shaped headers: no SSN (9 digits) or phone number (10+) in a relayed request id; an
  `Idempotency-Key` holding 9 digits goes on as a UUID derived from it (the same for a retry).
- Stream windows: a value cut where the output window would end a sentence (`card 4111 1111.` then
  ` 1111 1111`, digit groups one per line) reaches the client whole in neither half: a window only ends
  where no value can run on into the next chunk (`proxy.guard.windows.may_cut`).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""


POLICIES = {"policies/default.yaml": POLICY,
            "policies/watch.yaml": "name: watch\nextends: default\nmode: monitor\n",
            "policies/open.yaml": "name: open\n"}


@pytest.fixture(scope="module")
def gaps(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}, "watchers": {"policy": "watch"}, "open": {"policy": "open"}},
                         files=POLICIES)


def oai(p: Proxy, team: str = "app") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)


def claude(p: Proxy, team: str = "app") -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys[team], max_retries=0)


def post(p: Proxy, path: str, body: dict[str, Any], team: str = "app", **headers: str) -> httpx.Response:
    return httpx.post(f"{p.url}{path}", json=body, timeout=30,
                      headers={"Authorization": f"Bearer {p.keys[team]}", "x-api-key": p.keys[team], **headers})


# ------------------------------------------------------------------ a value across a window's sentence cut

# (answer text, the chunk sizes the mock streams it in, the placeholder it must get, pieces that must not pass)
CUT_CASES = {
    "card cut after a full stop": ("Card 5105 1051. 0510 5100 is on file.", (5, 1, 3), "<CREDIT_CARD_",
                                   ("5105", "1051", "0510", "5100")),
    "card one group a line": ("Card:\n5105\n1051\n0510\n5100\nok.", (5, 4, 2), "<CREDIT_CARD_",
                              ("5105", "1051", "0510", "5100")),
    "phone one group a line": ("Call 415\n555\n0176 today.", (4, 9, 1), "<PHONE_NUMBER_", ("415", "0176")),
    "ssn one group a line": ("SSN 412\n63\n7785 noted.", (4, 8, 2), "<US_SSN_", ("412", "7785")),
}


def _chat_text(p: Proxy) -> str:
    got = []
    for c in oai(p).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                            stream=True):
        got.extend(choice.delta.content or "" for choice in c.choices)
    return "".join(got)


def _responses_text(p: Proxy) -> str:
    with oai(p).responses.stream(model="gpt-4o-mini", input="hi") as s:
        events = list(s)
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    done = [e.text for e in events if e.type == "response.output_text.done"]
    assert done == [deltas]
    return deltas


def _anthropic_text(p: Proxy) -> str:
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 50,
                              "messages": [{"role": "user", "content": "hi"}]}
    with claude(p).messages.stream(**kwargs) as s:
        text = "".join(e.delta.text for e in s if e.type == "content_block_delta" and e.delta.type == "text_delta")
    return text


ROUTES = {"chat": _chat_text, "responses": _responses_text, "anthropic": _anthropic_text}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("case", list(CUT_CASES))
def test_a_value_across_a_sentence_cut_of_the_stream_window(gaps: Proxy, mock: Mock, route: str, case: str) -> None:
    text, sizes, placeholder, pieces = CUT_CASES[case]
    for size in sizes:
        mock.script(text=text, chunk_chars=size)
        got = ROUTES[route](gaps)
        assert placeholder in got and [p for p in pieces if p in got] == [], (size, got)


# ------------------------------------------------------------------------------------- empty streams

CHAT_BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": True}
ANTHROPIC_BODY = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
                  "messages": [{"role": "user", "content": "hi"}]}
RESPONSES_BODY = {"model": "gpt-4o-mini", "input": "hi", "stream": True}
EMPTY = {"nothing": "", "comments": ": keep-alive\n\n: still here\n\n", "done only": "data: [DONE]\n\n",
         "pings": 'event: ping\ndata: {"type": "ping"}\n\n' * 2}


OAI_ERROR = {"code": "upstream_unreadable", "type": "api_error"}
EMPTY_CASES = [(path, body, error, raw) for path, body, error in [
    ("/v1/chat/completions", CHAT_BODY, OAI_ERROR), ("/v1/responses", RESPONSES_BODY, OAI_ERROR),
    ("/v1/messages", ANTHROPIC_BODY, {"type": "api_error"})]
    for raw in EMPTY if raw != "pings" or path == "/v1/messages"]  # a ping is an Anthropic event


@pytest.mark.parametrize(("path", "body", "error", "raw"), EMPTY_CASES)
def test_an_empty_stream_fails_closed_under_output_rules(gaps: Proxy, mock: Mock, path: str, body: dict[str, Any],
                                                         error: dict[str, str], raw: str) -> None:
    mock.script(raw_sse=EMPTY[raw])
    r = post(gaps, path, body)
    assert r.status_code == 502, r.text
    got = r.json()["error"]
    assert {k: got.get(k) for k in error} == error and got["message"]
    rec = gaps.record_for(r.headers["x-guardrail-request-id"])
    assert rec["status"] == 502 and rec["error"] == "upstream_unreadable" and rec["decision"] == "block"
    assert r.headers["x-guardrail-decision"] == "block"  # as the record says (atk9 A-M1: it said `allow`)
    assert {"phase": "output", "check": "readable", "action": "block", "findings": {"empty_stream": 1}} in rec["checks"]
    # without output rules it is relayed as it came; in monitor mode too, and recorded
    for team in ("open", "watchers"):
        mock.script(raw_sse=EMPTY[raw])
        r = post(gaps, path, body, team)
        assert r.status_code == 200 and r.text == EMPTY[raw] and r.headers["content-type"].startswith(
            "text/event-stream"), (team, r.text)
    rec = gaps.record_for(r.headers["x-guardrail-request-id"])
    assert rec["decision"] == "flag" and {"phase": "output", "check": "readable", "action": "flag",
                                          "findings": {"empty_stream": 1}} in rec["checks"]


# The first event unreadable (not JSON, a key twice, a type-confused piece): the 502 the proxy answers with says
# `block` in its header, as its record does (atk9 A-M1: the header said `allow`, the state before the answer).
UNREADABLE_FIRST = {
    "/v1/chat/completions": ["data: not json\n\n",
                             'data: {"choices": [{"index": 0, "delta": {"content": {"project": "falcon"}}}]}\n\n',
                             'data: {"id": "a", "id": "b", "choices": []}\n\n'],
    "/v1/responses": ["event: response.created\ndata: not json\n\n"],
    "/v1/messages": ["event: message_start\ndata: not json\n\n"],
}


@pytest.mark.parametrize(("path", "raw"), [(p, raw) for p, raws in UNREADABLE_FIRST.items() for raw in raws])
def test_an_unreadable_first_event_is_a_block_in_the_header_too(gaps: Proxy, mock: Mock, path: str, raw: str) -> None:
    body = {"/v1/chat/completions": CHAT_BODY, "/v1/responses": RESPONSES_BODY, "/v1/messages": ANTHROPIC_BODY}[path]
    mock.script(raw_sse=raw)
    r = post(gaps, path, body)
    assert r.status_code == 502, r.text
    rec = gaps.record_for(r.headers["x-guardrail-request-id"])
    assert rec["decision"] == "block" and rec["error"] == "upstream_unreadable"
    assert r.headers["x-guardrail-decision"] == "block"


def test_an_empty_stream_is_an_error_to_the_sdks(gaps: Proxy, mock: Mock) -> None:
    mock.script(raw_sse="")
    with pytest.raises(openai.InternalServerError) as exc:
        list(oai(gaps).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                               stream=True))
    assert exc.value.status_code == 502
    mock.script(raw_sse=EMPTY["pings"])
    with pytest.raises(anthropic.InternalServerError) as aexc:
        with claude(gaps).messages.stream(model="claude-3-5-haiku-latest", max_tokens=10,
                                          messages=[{"role": "user", "content": "hi"}]) as s:
            list(s)
    assert aexc.value.status_code == 502


def test_a_stream_with_an_answer_still_passes(gaps: Proxy, mock: Mock) -> None:
    mock.script(text="All fine here.")
    got = _chat_text(gaps)
    assert got == "All fine here."


# ------------------------------------------------------------------------------- id-shaped headers

def test_an_idempotency_key_with_an_ssn_reaches_the_provider_as_a_derived_uuid(gaps: Proxy, mock: Mock) -> None:
    key = "stainless-python-retry-9f1c2d4e-1b2a-4c3d-8e9f-412637785abc"
    sent = []
    for _ in range(2):  # a retry of the same request keeps one key
        oai(gaps).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                          extra_headers={"Idempotency-Key": key})
        sent.append(mock.last_headers["idempotency-key"])
    assert sent[0] == sent[1] and "412637785" not in sent[0] and str(uuid.UUID(sent[0])) == sent[0]
    plain = "stainless-python-retry-9f1c2d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
    oai(gaps).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                      extra_headers={"Idempotency-Key": plain})
    assert mock.last_headers["idempotency-key"] == plain


@pytest.mark.parametrize(("name", "value", "relayed"), [
    ("x-request-id", "req_412637785", False), ("request-id", "412637785", False),
    ("request-id", "req_011C412637785abcXYZ", False), ("x-request-id", "req_4155550176", False),
    ("x-request-id", "req_ded8ab984ec4bf840f37566c1011c417", True),
    ("request-id", "req_011CYK5mje9HkutJtmfPzzNC", True),
])
def test_a_request_id_with_an_ssn_does_not_reach_the_client(gaps: Proxy, mock: Mock, name: str, value: str,
                                                           relayed: bool) -> None:
    mock.script(text="ok", headers={name: value})
    r = oai(gaps).chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                           messages=[{"role": "user", "content": "hi"}])
    assert (r.headers.get(name) == value) is relayed and ("412637785" in str(r.headers)) is False
    mock.script(text="ok", headers={name: value})
    a = claude(gaps).messages.with_raw_response.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                                       messages=[{"role": "user", "content": "hi"}])
    assert (a.headers.get(name) == value) is relayed


# ------------------------------------------------------------------------- numbers side by side

KEYED = [
    ({"area": 617, "exchange": 555, "line": "0143"}, ("617", "0143")),
    ({"ssn": [412, 63, 7785]}, ("412", "7785")),
    ({"contact": {"mobile": [415, 555, 1760]}}, ("415", "1760")),
    ({"areaCode": 415, "exchangeCode": 555, "lineNumber": 1760}, ("415", "1760")),
]


def _history(args: dict[str, Any]) -> list[Any]:
    return [{"role": "user", "content": "look it up"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args)}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]


@pytest.fixture(scope="module")
def keyed(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY + """input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: false}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
    - {name: violence, regex: "(?i)\\\\bkill\\\\b", action: block}
"""})


def _k_oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-x", max_retries=0)


@pytest.mark.parametrize(("args", "pieces"), KEYED)
def test_keyed_numbers_in_a_request_are_one_value(keyed: Proxy, mock: Mock, args: dict[str, Any],
                                                  pieces: tuple[str, ...]) -> None:
    _k_oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])  # still JSON
    assert [p for p in pieces if p in json.dumps(sent)] == [], sent
    anthropic.Anthropic(base_url=keyed.url, api_key="sk-x", max_retries=0).messages.create(
        model="claude-3-5-haiku-latest", max_tokens=10, messages=[
            {"role": "user", "content": "pay"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": args}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"}]}])
    got = mock.last_body["messages"][1]["content"][0]["input"]
    assert set(got) == set(args) and [p for p in pieces if p in json.dumps(got)] == [], got
    _k_oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                          extra_body={"x_lookup": args})
    assert [p for p in pieces if p in json.dumps(mock.last_body["x_lookup"])] == []


def test_numbers_without_a_naming_key_pass_unchanged(keyed: Proxy, mock: Mock) -> None:
    args = {"area": 617, "width": 555, "height": 1430, "box": [210, 855, 2043], "ids": [412, 63, 7785]}
    _k_oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    assert mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"] == json.dumps(args)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(("args", "pieces"), [KEYED[0], KEYED[3]])
def test_keyed_numbers_in_an_answer_are_one_value(gaps: Proxy, mock: Mock, stream: bool, args: dict[str, Any],
                                                  pieces: tuple[str, ...]) -> None:
    mock.script(tool_calls=[{"name": "dial", "arguments": json.dumps(args)}], chunk_chars=5)
    client = oai(gaps)
    if stream:
        got = "".join(call.function.arguments or "" for c in client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True)
            for choice in c.choices for call in choice.delta.tool_calls or [] if call.function is not None)
    else:
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        calls = answer.choices[0].message.tool_calls
        assert calls is not None
        got = calls[0].function.arguments  # type: ignore[union-attr]
    decoded = json.loads(got)
    assert set(decoded) == set(args) and [p for p in pieces if p in got] == [], got
    mock.script(tool_calls=[{"name": "dial", "arguments": json.dumps(args)}], chunk_chars=5)
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 10,
                              "messages": [{"role": "user", "content": "hi"}]}
    if stream:
        with claude(gaps).messages.stream(**kwargs) as s:
            message = s.get_final_message()
    else:
        message = claude(gaps).messages.create(**kwargs)
    block = next(b for b in message.content if b.type == "tool_use")
    assert [p for p in pieces if p in json.dumps(block.input)] == [], block.input


# ---------------------------------------------------------------- identifiers without case changes

def _tool(name: str) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "parameters": {"type": "object", "properties": {}}}}


@pytest.mark.parametrize("name", ["getPROJECTFALCONSTATUS", "getprojectospreystatus", "LIST_PROJECTFALCONRUNS"])
def test_a_codename_run_together_in_a_tool_name_is_blocked(keyed: Proxy, mock: Mock, name: str) -> None:
    with pytest.raises(openai.BadRequestError) as exc:
        _k_oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                              tools=[_tool(name)])  # type: ignore[list-item]
    assert "patterns" in exc.value.message
    with pytest.raises(anthropic.BadRequestError):
        anthropic.Anthropic(base_url=keyed.url, api_key="sk-x", max_retries=0).messages.create(
            model="claude-3-5-haiku-latest", max_tokens=10, messages=[{"role": "user", "content": "hi"}],
            tools=[{"name": name, "input_schema": {"type": "object"}}])
    with pytest.raises(openai.BadRequestError):
        _k_oai(keyed).chat.completions.create(model=f"ft-{name.lower()}", messages=[{"role": "user", "content": "hi"}])
    assert mock.state.requests == []


def test_ordinary_run_together_names_pass(keyed: Proxy, mock: Mock) -> None:
    names = ["GETSKILLCONTENT", "createchatcompletion", "LISTPROJECTFILES", "getprojectstatus", "projectfalconer"]
    _k_oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                          tools=[_tool(n) for n in names])  # type: ignore[misc]
    assert [t["function"]["name"] for t in mock.last_body["tools"]] == names
