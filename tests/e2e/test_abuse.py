"""Abuse: hostile and malformed input, property-based (hypothesis, bounded) and targeted.

Request bodies, headers, SSE from the provider, YAML config files and slow clients. Whatever comes
in, the proxy answers with the contract's errors (2xx forwarded, 400, 401, 413, ... in the
provider's format), never a 500 of its own, never a traceback, never a key or a piece of PII in its
decision log or its own log, and keeps answering /healthz.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from aiohttp import web
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from proxy.app import create_app
from proxy.config.settings import ConfigErrors, load_settings
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.servers import ServerThread

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                          HealthCheck.data_too_large, HealthCheck.large_base_example])

# Seeded secrets and PII: none of these may ever show up in a decision log or the proxy's log.
CLIENT_KEY = "sk-client-SECRET-7f3a9c0e1d2b"
EMAIL = "jane.doe.abuse@example.com"
PHONE = "415-555-0134"
SSN = "123-45-6789"
CARD = "4111 1111 1111 1111"
PII_TEXT = f"I am Jane Doe, mail {EMAIL} or call {PHONE}; my card is {CARD}, SSN {SSN}"
SEEDED = [CLIENT_KEY, EMAIL, PHONE, SSN, CARD, "4111111111111111"]

ROUTES = {  # path -> provider format
    "/v1/chat/completions": "openai", "/v1/completions": "openai", "/v1/embeddings": "openai",
    "/v1/responses": "openai", "/v1/messages": "anthropic", "/v1/messages/count_tokens": "anthropic",
}
LOG_RECORDS: list[logging.LogRecord] = []
SEEN_IDS: dict[str, list[str]] = {}  # proxy url -> request ids answered


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        LOG_RECORDS.append(record)


@pytest.fixture(scope="module", autouse=True)
def _collect_logs() -> Iterator[None]:
    """Every log record of the module's tests, for the final leak check (caplog is per test)."""
    handler = _Collect(logging.INFO)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    yield
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="module")
def small(proxy_factory: ProxyFactory) -> Proxy:
    """A proxy with a 64 KiB body limit."""
    return proxy_factory({"limits": {"max_body_bytes": 65536, "upstream_timeout_s": 10}})


# ----------------------------------------------------------------------------------------- helpers

def request(url: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            chunked: bool = False) -> tuple[int, dict[str, str], bytes]:
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port, timeout=30)
    try:
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        if chunked and body is not None:
            step = 16384
            parts = [body[i:i + step] for i in range(0, len(body), step)]
            conn.request(method, path, body=iter(parts), headers=hdrs, encode_chunked=True)
        else:
            conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


def raw_exchange(url: str, data: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes on a fresh socket; return whatever comes back until the server closes or goes quiet."""
    u = urlsplit(url)
    with socket.create_connection((u.hostname or "127.0.0.1", u.port or 80), timeout=timeout) as sock:
        sock.sendall(data)
        out = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out and _complete(out):
                break
        return out


def _complete(resp: bytes) -> bool:
    head, _, body = resp.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)content-length:\s*(\d+)", head)
    return m is not None and len(body) >= int(m.group(1))


def status_of(resp: bytes) -> int:
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    assert m is not None, resp[:200]
    return int(m.group(1))


def check_answer(p: Proxy, path: str, status: int, headers: dict[str, str], data: bytes,
                 allowed: tuple[int, ...] = (200, 400, 413)) -> None:
    """The contract for any body: forwarded (2xx), 400 or 413 in the provider's format; no 500, no trace."""
    assert status in allowed, (status, data[:500])
    assert b"Traceback" not in data and b'File "' not in data
    if "x-guardrail-request-id" in headers:
        SEEN_IDS.setdefault(p.url, []).append(headers["x-guardrail-request-id"])
    if status >= 400 and headers.get("x-guardrail-request-id"):
        body = json.loads(data)
        if ROUTES.get(path) == "anthropic":
            assert body["type"] == "error" and set(body["error"]) == {"type", "message"}
        else:
            assert set(body["error"]) == {"message", "type", "param", "code"}


def healthz(p: Proxy) -> None:
    status, _, data = request(p.url, "GET", "/healthz")
    assert status == 200 and json.loads(data)["status"] == "ok"


def one_record_each(p: Proxy) -> None:
    """Every request that got an id has exactly one decision record."""
    ids = SEEN_IDS.get(p.url, [])
    deadline = time.monotonic() + 5
    while True:
        counts = Counter(r["request_id"] for r in p.records() if r.get("type") is None)
        missing = [i for i in ids if counts[i] != 1]
        if not missing:
            return
        assert time.monotonic() < deadline, f"{len(missing)} requests without exactly one record: {missing[:3]}"
        time.sleep(0.05)


# ------------------------------------------------------------------------------- request bodies

# Texts: any code point, and now and then lone surrogates (sent as \\ud800 escapes).
_text = st.text(max_size=40) | st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
_scalars = st.none() | st.booleans() | st.integers(-(2 ** 70), 2 ** 70) | st.floats() | _text
json_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(_text, inner, max_size=4), max_leaves=12)
_roles = st.sampled_from(["user", "system", "assistant", "tool", "developer"]) | json_values
_parts = st.lists(st.fixed_dictionaries({"type": st.sampled_from(["text", "input_text", "image_url", "tool_result"])
                                         | json_values}, optional={"text": _text | json_values,
                                                                   "content": json_values}), max_size=3)
_messages = st.lists(st.fixed_dictionaries(
    {"role": _roles}, optional={"content": st.just(PII_TEXT) | _text | _parts | json_values, "tool_calls": json_values,
                                "name": json_values, "tool_call_id": json_values}), max_size=3)
_optional = {"tools": json_values, "stream": st.booleans() | json_values,
             "max_tokens": st.integers(-5, 10 ** 12) | json_values, "prompt": _text | json_values,
             "input": _text | _messages | json_values, "system": _text | _parts | json_values,
             "stream_options": json_values, "n": json_values, "max_output_tokens": json_values,
             "instructions": json_values}
# Wrong types anywhere, the top level included.
_bodies = st.fixed_dictionaries({"model": st.just("gpt-4o-mini") | json_values},
                                optional={"messages": _messages | json_values, **_optional})
# The fields the proxy relies on well-typed, hostile content inside: these reach the checks and upstream.
_plausible = st.fixed_dictionaries(
    {"model": st.sampled_from(["gpt-4o-mini", "claude-haiku-4-5"]), "messages": _messages,
     "prompt": _text, "input": _text | _messages, "max_tokens": st.integers(1, 10 ** 6)},
    optional={k: v for k, v in _optional.items() if k not in ("prompt", "input", "max_tokens", "stream")}
    | {"stream": st.booleans(), "stream_options": st.fixed_dictionaries({}, optional={"include_usage": json_values})})


def _encode(body: Any) -> bytes:
    return json.dumps(body, allow_nan=True).encode()  # NaN/Infinity literals, \ud800 escapes


@BOUNDED
@given(path=st.sampled_from(sorted(ROUTES)), body=_bodies | _plausible)
def test_any_json_body_is_forwarded_or_a_provider_format_400(mock: Mock, proxy: Proxy, path: str,
                                                             body: dict[str, Any]) -> None:
    status, headers, data = request(proxy.url, "POST", path, _encode(body))
    event(f"status {status}")
    check_answer(proxy, path, status, headers, data)


@BOUNDED
@given(path=st.sampled_from(sorted(ROUTES)), body=_bodies, data=st.data())
def test_mangled_bytes_are_forwarded_or_400(mock: Mock, proxy: Proxy, path: str, body: dict[str, Any],
                                            data: st.DataObject) -> None:
    raw = bytearray(_encode(body))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=4))  # invalid UTF-8, stray bytes
    status, headers, out = request(proxy.url, "POST", path, bytes(raw))
    event(f"status {status}")
    check_answer(proxy, path, status, headers, out)


@pytest.mark.parametrize("depth", [50, 500, 900, 990, 10_000, 100_000])
@pytest.mark.parametrize("where", ["content", "tools", "top"])
def test_deep_nesting_is_answered_never_a_crash(mock: Mock, proxy: Proxy, depth: int, where: str) -> None:
    nested = "[" * depth + "]" * depth
    if where == "content":
        raw = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":' + nested + "}]}"
    elif where == "tools":
        raw = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":' + nested + "}"
    else:
        raw = nested
    for path in ("/v1/chat/completions", "/v1/messages"):
        status, headers, data = request(proxy.url, "POST", path, raw.encode())
        check_answer(proxy, path, status, headers, data)
        if depth >= 5000:
            assert status == 400 and b"nest" in data, data[:300]
    healthz(proxy)


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages"])
@pytest.mark.parametrize("chunked", [False, True])
def test_bodies_just_under_and_over_the_limit(mock: Mock, small: Proxy, path: str, chunked: bool) -> None:
    limit = 65536

    def body_of(size: int) -> bytes:
        head = b'{"model":"gpt-4o-mini","max_tokens":5,"messages":[{"role":"user","content":"'
        tail = b'"}]}'
        return head + b"a " * ((size - len(head) - len(tail)) // 2) + b"a" * ((size - len(head) - len(tail)) % 2) + tail

    exact = body_of(limit)
    assert len(exact) == limit
    status, headers, data = request(small.url, "POST", path, exact, chunked=chunked)
    check_answer(small, path, status, headers, data, allowed=(200,))
    for size in (limit + 1, limit * 4):
        status, headers, data = request(small.url, "POST", path, body_of(size), chunked=chunked)
        check_answer(small, path, status, headers, data, allowed=(413,))
    healthz(small)


@pytest.mark.parametrize("raw", [
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"caf\xe9"}]}',      # Latin-1, not UTF-8
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"\xed\xa0\x80"}]}',  # an encoded surrogate
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"\xc0\xaf"}]}',      # overlong
    b'\xef\xbb\xbf{"model":"gpt-4o-mini","messages":[]}',                               # a BOM
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"\\ud800"}]}',       # lone surrogate escape
    b'{"model":"\\udfff","messages":[{"role":"user","content":"hi"}]}',
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"\\ud83d\\ude00 ok"}]}',  # a valid pair
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":NaN}',
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":Infinity}',
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":-Infinity,"n":1e999}',
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":' + b"9" * 5000 + b"}",
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream":"yes"}',
    b'{"model":"gpt-4o-mini","model":5,"messages":[]}',
    b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"messages":{}}',
    b"\x00\x00\x00",
    b"",
])
@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages", "/v1/responses"])
def test_invalid_text_and_number_literals(mock: Mock, proxy: Proxy, raw: bytes, path: str) -> None:
    status, headers, data = request(proxy.url, "POST", path, raw)
    check_answer(proxy, path, status, headers, data)
    if mock.state.requests:  # whatever went upstream is valid UTF-8 JSON
        sent = mock.state.requests[-1].raw
        sent.decode("utf-8")


def test_duplicate_keys_cannot_smuggle_unscreened_text_upstream(mock: Mock, proxy: Proxy) -> None:
    """A body with a key twice: the proxy must not screen one copy and forward another. JSON parsers
    disagree on which copy wins (most take the last, some the first), so such a body is refused."""
    screened = '{"role":"user","content":"nothing to see"}'
    raw = ('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"' + PII_TEXT + '"}],'
           '"messages":[' + screened + ']}').encode()
    for path in ("/v1/chat/completions", "/v1/messages"):
        status, headers, data = request(proxy.url, "POST", path, raw)
        check_answer(proxy, path, status, headers, data, allowed=(400,))
        assert b"appears twice" in data
        nested = raw.replace(b'"content":"nothing', b'"content":"' + PII_TEXT.encode() + b'","content":"nothing')
        status, headers, data = request(proxy.url, "POST", path, nested)
        check_answer(proxy, path, status, headers, data, allowed=(400,))
    assert all(EMAIL.encode() not in r.raw for r in mock.state.requests)


# ------------------------------------------------------------------------------------- headers

def _raw_request(path: str, headers: list[bytes], body: bytes = b'{"model":"gpt-4o-mini","messages":[]}') -> bytes:
    lines = [f"POST {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close",
             b"Content-Type: application/json", *headers]
    if not any(h.lower().startswith((b"content-length", b"transfer-encoding")) for h in headers):
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@pytest.mark.parametrize("header", [
    b"X-Evil: a\rInjected: yes",                       # bare CR inside a value
    b"X-Evil: a\nInjected: yes",                       # bare LF
    b"X-Evil: a\r\n Injected: yes",                    # obsolete line folding
    b"X-Evil: a\x00Injected: yes",                     # NUL
    b"X Evil: a",                                      # space in a name
    b"X-Evil : a",                                     # space before the colon
    b"Content-Length: 5\r\nContent-Length: 40",        # conflicting lengths (request smuggling)
    b"Transfer-Encoding: chunked\r\nContent-Length: 40",
    b"Transfer-Encoding: chunked, identity",
])
def test_header_injection_is_refused_or_harmless(mock: Mock, proxy: Proxy, header: bytes) -> None:
    # aiohttp's parser refuses each of these before the app's handlers see the request; the app answers
    # (`proxy.edge.server`): a 400 in OpenAI's format, and a record (atk7 finding 10: there was none).
    resp = raw_exchange(proxy.url, _raw_request("/v1/chat/completions", [header]))
    assert status_of(resp) == 400, resp[:300]
    assert b"Traceback" not in resp
    head, _, body = resp.partition(b"\r\n\r\n")
    assert json.loads(body)["error"]["code"] == "malformed_request"
    request_id = re.search(rb"(?im)^x-guardrail-request-id: (\S+)", head)
    assert request_id is not None, head
    rec = proxy.record_for(request_id.group(1).decode())
    assert rec["error"] == "malformed_request" and rec["status"] == 400 and rec["route"] == "(unknown)"
    for sent in mock.state.requests:
        assert "injected" not in sent.headers
        assert not any("\r" in v or "\n" in v or "\x00" in v for v in sent.headers.values())
    healthz(proxy)


_FRAMING = {  # atk7 finding 10: each of these was answered by aiohttp alone, and left no record
    "two lengths": [b"Content-Length: 3", b"Content-Length: 3"],
    "length and chunked": [b"Content-Length: 5", b"Transfer-Encoding: chunked"],
    "bad chunk size": [b"Transfer-Encoding: chunked"],
}


@pytest.mark.parametrize("case", [*_FRAMING, "odd expectation"])
def test_a_malformed_or_odd_request_leaves_its_record(mock: Mock, proxy: Proxy, case: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PII_TEXT}]}).encode()
    before = len(proxy.records())
    if case == "odd expectation":  # RFC 9110 lets a server ignore an expectation other than 100-continue
        resp = raw_exchange(proxy.url, _raw_request("/v1/chat/completions", [b"Expect: 100-continue-x"], body))
        assert status_of(resp) == 200, resp[:300]
    else:
        chunked = b"zz\r\n" + body + b"\r\n0\r\n\r\n" if case == "bad chunk size" else body
        with caplog.at_level(logging.DEBUG):
            resp = raw_exchange(proxy.url, _raw_request("/v1/chat/completions", _FRAMING[case], chunked))
        assert status_of(resp) == 400, resp[:300]
        assert json.loads(resp.partition(b"\r\n\r\n")[2])["error"]["code"] == "malformed_request"
        assert not mock.state.requests
        logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
        assert "malformed HTTP request refused (400" in logged
        assert not any(seed in logged for seed in SEEDED) and "Jane" not in logged
    request_id = re.search(rb"(?im)^x-guardrail-request-id: (\S+)", resp.partition(b"\r\n\r\n")[0])
    assert request_id is not None
    rec = proxy.record_for(request_id.group(1).decode())
    assert len(proxy.records()) == before + 1
    assert rec["status"] == (200 if case == "odd expectation" else 400)


@pytest.mark.parametrize(("headers", "expected"), [
    ([b"X-Big: " + b"a" * 70_000], (400, 431)),
    ([b"X-Big: " + b"a" * 9_000], (200, 400, 431)),
    ([f"X-Many-{i}: v".encode() for i in range(300)], (400, 431)),
    ([b"Authorization: Bearer " + b"k" * 70_000], (400, 431)),
])
def test_huge_and_many_headers(mock: Mock, proxy: Proxy, headers: list[bytes], expected: tuple[int, ...]) -> None:
    resp = raw_exchange(proxy.url, _raw_request("/v1/chat/completions", headers))
    assert status_of(resp) in expected, resp[:300]
    assert b"Traceback" not in resp
    healthz(proxy)


# (header value, status as `Authorization`, status as the whole `x-api-key` or `api-key`). In team mode
# only a team key passes: as a bearer token (the scheme in any case, spaces around the key trimmed), or
# as the whole value of `x-api-key` / `api-key`. Anything else is the proxy's 401 in the provider's
# format, except bytes aiohttp's HTTP parser refuses before any of the proxy's code runs (its plain-text
# 400). Never a 200 for a malformed key.
WEIRD_AUTH = [
    ("Bearer  {key}", 200, 401),    # two spaces: tolerated (the key itself is intact)
    ("bearer {key}", 200, 401),     # scheme case-insensitive; as x-api-key the whole value is no key
    ("Bearer {key} extra", 401, 401),  # a space inside the key
    ("Bearer {key}\u00e9", 401, 401),  # non-ASCII after the key
    ("Bearer \u2603{key}", 401, 401),
    ("Bearer", 401, 401),
    ("Bearer ", 401, 401),
    ("Basic {key}", 401, 401),
    ("{key}", 401, 200),            # no scheme: not a bearer token; the very form x-api-key and api-key carry
    ("Bearer gp-" + "x" * 5000, 401, 401),
    ("Bearer gp-\x7f\x01", 400, 400),  # control characters: refused by the HTTP parser
]
AUTH_REFUSED = b"missing or invalid guardrail key; send a team key (gp-...) as the API key"


def _check_auth_answer(resp: bytes, status: int, key: str, anthropic: bool) -> None:
    head, _, body = resp.partition(b"\r\n\r\n")
    assert b"Traceback" not in resp and key.encode() not in body
    if status == 400:  # aiohttp's parser refused it: the app's answer to a malformed request, recorded
        assert json.loads(body)["error"]["code"] == "malformed_request" and b"x-guardrail-request-id" in head.lower()
        return
    assert b"x-guardrail-request-id" in head.lower()
    if status == 401:
        error = json.loads(body)
        if anthropic:
            assert error == {"type": "error", "error": {"type": "authentication_error",
                                                        "message": AUTH_REFUSED.decode()}}
        else:
            assert error["error"]["code"] == "invalid_api_key" and error["error"]["message"] == AUTH_REFUSED.decode()


@pytest.mark.parametrize(("auth", "bearer_status", "api_key_status"), WEIRD_AUTH)
def test_weird_auth_headers_in_team_mode(mock: Mock, team_proxy: Proxy, auth: str, bearer_status: int,
                                         api_key_status: int) -> None:
    key = team_proxy.keys["marketing"]
    value = auth.format(key=key).encode("utf-8")
    resp = raw_exchange(team_proxy.url, _raw_request(
        "/v1/chat/completions", [b"Authorization: " + value],
        body=json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}).encode()))
    status = status_of(resp)
    assert status == bearer_status, resp[:300]
    _check_auth_answer(resp, status, key, anthropic=False)
    message = json.dumps({"model": "claude-haiku-4-5", "max_tokens": 5,
                          "messages": [{"role": "user", "content": "hi"}]}).encode()
    for header in (b"x-api-key: " + value, b"api-key: " + value):
        resp = raw_exchange(team_proxy.url, _raw_request("/v1/messages", [header], body=message))
        assert status_of(resp) == api_key_status, (header[:12], resp[:300])
        _check_auth_answer(resp, api_key_status, key, anthropic=True)
    # Only the requests that passed reached the provider, with the proxy's key; the client's key never goes
    # upstream, whatever it looked like.
    passed = [bearer_status == 200] + [api_key_status == 200] * 2
    assert len(mock.state.requests) == sum(passed)
    for sent in mock.state.requests:
        assert key not in json.dumps(sent.to_json())
        if sent.path.endswith("/chat/completions"):
            assert sent.headers["authorization"] == "Bearer sk-proxy-openai" and "x-api-key" not in sent.headers
        else:
            assert sent.headers["x-api-key"] == "sk-ant-proxy" and "api-key" not in sent.headers


# Single-tenant mode (issue 12 review, F1): the client's key goes to the provider, so a credential header must
# have a key's grammar (`proxy.edge.credentials`), else 401; the openai provider gets `Authorization: Bearer`
# only (a key-shaped x-api-key or api-key is no error, and goes nowhere).
SINGLE_TENANT_AUTH = [
    ("Bearer  {key}", 200, 401),    # two spaces: tolerated (the key itself is intact)
    ("bearer {key}", 200, 401),     # scheme case-insensitive; as x-api-key the whole value is no key
    ("Bearer {key} extra", 401, 401),  # a space inside the key
    ("Bearer {key}\u00e9", 401, 401),  # non-ASCII after the key
    ("Bearer \u2603{key}", 401, 401),
    ("Bearer", 401, 200),
    ("Bearer ", 401, 200),
    ("Basic {key}", 401, 401),
    ("{key}", 401, 200),            # no scheme: not a bearer token; the very form x-api-key and api-key carry
    ("Bearer sk-" + "x" * 5000, 401, 401),
    ("Bearer sk-\x7f\x01", 400, 400),  # control characters: refused by the HTTP parser
]


@pytest.mark.parametrize(("auth", "bearer_status", "api_key_status"), SINGLE_TENANT_AUTH)
def test_weird_auth_headers_in_single_tenant_mode(mock: Mock, proxy: Proxy, auth: str, bearer_status: int,
                                                  api_key_status: int) -> None:
    key = "sk-client-" + "k" * 20
    value = auth.format(key=key).encode("utf-8")
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}).encode()
    for name in (b"Authorization", b"x-api-key", b"api-key"):
        before = len(mock.state.requests)
        resp = raw_exchange(proxy.url, _raw_request("/v1/chat/completions", [name + b": " + value], body=body))
        status = bearer_status if name == b"Authorization" else api_key_status
        assert status_of(resp) == status, (name, resp[:300])
        assert b"Traceback" not in resp
        head, _, answer = resp.partition(b"\r\n\r\n")
        if status == 401:
            assert json.loads(answer)["error"]["code"] == "invalid_api_key" and key.encode() not in answer
        assert len(mock.state.requests) == before + (status == 200)
        if status == 200:
            sent = {k: v for k, v in mock.last_headers.items() if k in ("authorization", "x-api-key", "api-key")}
            assert sent == ({"authorization": f"Bearer {key}"} if name == b"Authorization" else {})


def test_client_key_in_single_tenant_mode_reaches_only_the_provider(mock: Mock, proxy: Proxy) -> None:
    status, headers, data = request(proxy.url, "POST", "/v1/chat/completions", json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PII_TEXT}]}).encode(),
        headers={"Authorization": f"Bearer {CLIENT_KEY}"})
    check_answer(proxy, "/v1/chat/completions", status, headers, data, allowed=(200,))
    assert headers["x-guardrail-decision"] == "redact"  # the built-in default policy screened the text
    assert mock.last_headers["authorization"] == f"Bearer {CLIENT_KEY}"
    assert CLIENT_KEY not in json.dumps(mock.last_body)


# ------------------------------------------------------------------------------ SSE from upstream

_event_names = st.sampled_from(["", "event: message_start\n", "event: content_block_delta\n", "event: x\n",
                                "id: 1\n", ": comment\n", "retry: 5\n"])
_good_chunk = st.builds(lambda t: json.dumps({"id": "c", "object": "chat.completion.chunk", "model": "m",
                                               "choices": [{"index": 0, "delta": {"content": t}}]}),
                        _text | st.just(PII_TEXT))
_good_anthropic = st.builds(lambda t: json.dumps({"type": "content_block_delta", "index": 0,
                                                   "delta": {"type": "text_delta", "text": t}}), _text)
_payloads = (_good_chunk | _good_anthropic | st.builds(lambda s, n: s[:n], _good_chunk, st.integers(0, 60))
             | st.just("[DONE]") | st.just('{"usage":{"prompt_tokens":"x"}}') | st.just('{"choices":null}')
             | st.just('{"type":"message_delta","usage":{"output_tokens":-5}}')
             | st.just('{"choices":[{"index":"0","delta":{"content":7}}]}')
             | st.builds(json.dumps, json_values) | st.text(max_size=40))
_terminators = st.sampled_from(["\n\n", "\r\n\r\n", "\r\r", "\n", "", "\n\n\n"])
_events = st.builds(lambda name, data, end: f"{name}data: {data}{end}", _event_names, _payloads, _terminators)
_streams = st.lists(_events | st.text(max_size=40), min_size=0, max_size=8).map("".join)


def _stream_request(p: Proxy, path: str) -> tuple[int, dict[str, str], bytes, bool]:
    body = {"model": "gpt-4o-mini", "stream": True, "max_tokens": 50,
            "messages": [{"role": "user", "content": "hello"}]}
    u = urlsplit(p.url)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port, timeout=30)
    try:
        conn.request("POST", path, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        try:
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read(), True
        except http.client.IncompleteRead as exc:
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, exc.partial, False
    finally:
        conn.close()


@BOUNDED
@given(raw=_streams, path=st.sampled_from(["/v1/chat/completions", "/v1/messages", "/v1/responses"]),
       chunk=st.integers(1, 64))
def test_garbage_sse_from_the_provider_is_relayed_or_broken_never_a_crash(
        mock: Mock, proxy: Proxy, plain_proxy: Proxy, raw: str, path: str, chunk: int) -> None:
    for p in (plain_proxy, proxy):
        mock.script(raw_sse=raw, chunk_chars=chunk)
        status, headers, data, complete = _stream_request(p, path)
        event(f"{'plain' if p is plain_proxy else 'guarded'}: {'complete' if complete else 'broken'} {status}")
        assert b"Traceback" not in data
        if p is plain_proxy:
            assert status == 200
        else:  # output rules: what cannot be read fails closed, before anything went out or mid-stream
            _unreadable_fails_closed(status, data)
        SEEN_IDS.setdefault(p.url, []).append(headers["x-guardrail-request-id"])
        if p is plain_proxy and '"usage"' not in raw:
            sent = raw.encode("utf-8", "surrogatepass")
            # Without checks the bytes pass unchanged; only blank lines after the last event (no event
            # in SSE) may be dropped.
            assert sent.startswith(data) and not sent[len(data):].strip(), (sent[:200], data[:200])


@pytest.mark.parametrize("raw", [
    "data: " + "x" * 300_000 + "\n\n",                                        # one huge event
    "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": "y " * 20_000}}]}) + "\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut",             # truncated, no terminator
    "\n\n" * 1000,                                                           # empty events only
    "data: [DONE]\n\ndata: after the end\n\n",
    'data: {"choices":[{"index":0,"delta":{"content":"lone \\ud800 surrogate, mail jane@example.com"}}]}\n\n',
    'data: {"choices":[{"index":0,"delta":{"content":"' + PII_TEXT + '"}}]}\n\ndata: [DONE]\n\n',
])
def test_targeted_sse_garbage(mock: Mock, proxy: Proxy, plain_proxy: Proxy, raw: str) -> None:
    for p in (plain_proxy, proxy):
        mock.script(raw_sse=raw, chunk_chars=4096)
        status, headers, data, _ = _stream_request(p, "/v1/chat/completions")
        assert b"Traceback" not in data
        rec = p.record_for(headers["x-guardrail-request-id"])
        assert rec["status"] == status
        if p is plain_proxy:
            assert status == 200
        else:
            _unreadable_fails_closed(status, data)
            if status == 502 or b"could not be read" in data:
                assert rec["error"] == "upstream_unreadable" and rec["decision"] == "block"
    healthz(proxy)


def _unreadable_fails_closed(status: int, data: bytes) -> None:
    """A guarded stream is relayed (200), or, when the proxy cannot read it, refused with a 502 in the
    provider's format before anything went out, or ended by an error event mid-stream."""
    assert status in (200, 502)
    if status == 502:
        body = json.loads(data)
        assert body.get("error") and "could not be read" in json.dumps(body)


def test_every_abused_request_left_one_record(proxy: Proxy, plain_proxy: Proxy, small: Proxy) -> None:
    for p in (proxy, plain_proxy, small):
        one_record_each(p)
        healthz(p)


# ------------------------------------------------------------------------------------ YAML files

CONFIG_LINE = re.compile(r"^.+:\d+: \S+: .+$")
_yaml_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_yaml_values = st.recursive(_yaml_scalars, lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=3), max_leaves=10)
_known = {
    "proxy.yaml": st.fixed_dictionaries({}, optional={
        "listen": st.fixed_dictionaries({}, optional={"host": _yaml_values, "port": _yaml_values}),
        "limits": st.fixed_dictionaries({}, optional={"max_body_bytes": _yaml_values,
                                                      "upstream_timeout_s": _yaml_values}),
        "store": _yaml_values, "models": _yaml_values, "providers": _yaml_values, "decision_log": _yaml_values}),
    "teams.yaml": st.fixed_dictionaries({"teams": st.dictionaries(
        st.text(max_size=10), st.fixed_dictionaries({"keys": st.lists(_yaml_values | st.just("sha256:" + "a" * 64))},
                                                    optional={"policy": _yaml_values, "models": _yaml_values}),
        max_size=3) | _yaml_values}),
    "budgets.yaml": st.fixed_dictionaries({}, optional={
        "timezone": _yaml_values | st.sampled_from(["UTC", "Mars/Olympus"]),
        "default": _yaml_values, "teams": st.dictionaries(st.text(max_size=10), _yaml_values, max_size=3),
        "on_store_error": _yaml_values, "prices": _yaml_values, "alert_at": _yaml_values}),
    "policies/default.yaml": st.fixed_dictionaries({"name": st.just("default") | _yaml_values}, optional={
        "extends": _yaml_values, "mode": _yaml_values, "on_error": _yaml_values,
        "input": st.fixed_dictionaries({}, optional={
            "pii": _yaml_values, "toxicity": _yaml_values, "bias": _yaml_values,
            "patterns": st.lists(st.fixed_dictionaries({"name": _yaml_values, "regex": _yaml_values,
                                                        "action": _yaml_values}), max_size=2) | _yaml_values}),
        "output": _yaml_values}),
}


def _check_load(folder: Path) -> None:
    try:
        load_settings(folder / "proxy.yaml", env={})
    except ConfigErrors as exc:
        lines = str(exc).split("\n")
        assert lines and all(CONFIG_LINE.match(line) for line in lines), str(exc)[:2000]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / "policies").mkdir(exist_ok=True)
    for other in ("proxy.yaml", "teams.yaml", "budgets.yaml", "policies/default.yaml"):
        (folder / other).unlink(missing_ok=True)
    (folder / "proxy.yaml").write_text("{}\n")
    (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")


@BOUNDED
@given(name=st.sampled_from(sorted(_known)), data=st.data())
def test_yaml_files_load_or_fail_with_file_line_errors(tmp_path_factory: pytest.TempPathFactory, name: str,
                                                       data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("yaml")
    doc = data.draw(_known[name])
    text = yaml.safe_dump(doc, allow_unicode=True)
    mutate = data.draw(st.integers(0, 3))
    for _ in range(mutate):  # stray characters anywhere: broken indentation, quotes, tabs, flow markers
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(["\t", ":", " ", "\n", "'", '"', "[", "{", "&a ", "*a",
                                                       "- ", "!!python/object ", "\x00", "\ufeff", "#"])) + text[at:]
    _write(folder, name, text)
    _check_load(folder)


@BOUNDED
@given(name=st.sampled_from(sorted(_known)), text=st.text(max_size=200))
def test_random_text_as_yaml(tmp_path_factory: pytest.TempPathFactory, name: str, text: str) -> None:
    folder = tmp_path_factory.mktemp("yaml")
    _write(folder, name, text)
    _check_load(folder)


def _bomb(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(_known))
@pytest.mark.parametrize("kind", ["bomb", "bomb_in_field", "deep_flow", "deep_block", "huge_scalar", "huge_key",
                                  "odd_keys", "complex_key", "odd_values", "recursive_alias", "binary", "python_tag"])
def test_hostile_yaml(tmp_path: Path, name: str, kind: str) -> None:
    if kind == "bomb":
        text = _bomb()
    elif kind == "bomb_in_field":
        field = {"proxy.yaml": "limits", "teams.yaml": "teams", "budgets.yaml": "prices",
                 "policies/default.yaml": "input"}[name]
        text = _bomb() + f"{field}: {{x: *a11, y: [*a11, *a11]}}\n"
    elif kind == "deep_flow":
        text = "x: " + "[" * 600 + "]" * 600 + "\n"
    elif kind == "deep_block":
        text = "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "v\n"
    elif kind == "huge_scalar":
        text = "name: " + "x" * 1_000_000 + "\n"
    elif kind == "huge_key":
        text = "k" * 200_000 + ": 1\n"
    elif kind == "odd_keys":
        text = '"": 1\n"a b": 2\n"line\\nbreak": 3\n"\\t": 5\nteams: {"x y": {keys: []}, "": 1}\n'
    elif kind == "complex_key":
        text = "? [1, 2]\n: 4\n"
    elif kind == "odd_values":
        text = ('timezone: "Mars\\nOlympus"\nname: "a\\r\\nb"\nlisten: {host: "\\u2028"}\n'
                'mode: "x\\ny"\ninput: {patterns: [{name: "n\\n", regex: "(\\n", action: block}]}\n')
    elif kind == "recursive_alias":
        text = "a: &a [*a]\n" if name != "teams.yaml" else "teams: &t {x: *t}\n"
    elif kind == "binary":
        text = "\udcff\udcfe name: x\n"
    else:
        text = "!!python/object/apply:os.system ['echo pwned']\n"
    _write(tmp_path, name, text)
    started = time.monotonic()
    _check_load(tmp_path)
    assert time.monotonic() - started < 10


# ---------------------------------------------------------------------------------------- slowloris

def test_slowloris_does_not_stall_other_clients(mock: Mock, proxy: Proxy) -> None:
    """A client sending its headers one byte per 50 ms holds one connection, nothing else: normal
    requests are answered promptly meanwhile, and the slow request is answered once it is complete."""
    u = urlsplit(proxy.url)
    slow = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 30 + b"\r\n\r\n"  # ~3.5 s
    socks = [socket.create_connection((u.hostname or "", u.port or 0), timeout=10) for _ in range(20)]
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}).encode()
    latencies = []
    try:
        for i, byte in enumerate(slow):
            for s in socks:
                s.sendall(bytes([byte]))
            if i % 10 == 0:
                t0 = time.monotonic()
                status, _, _ = request(proxy.url, "POST", "/v1/chat/completions", body)
                latencies.append(time.monotonic() - t0)
                assert status == 200
            time.sleep(0.05)
        for s in socks:
            assert s.recv(4096).startswith(b"HTTP/1.1 200")
    finally:
        for s in socks:
            s.close()
    assert max(latencies) < 1.5, latencies  # the slow clients take 3.5 s: a blocked server would show it


def test_an_endless_header_is_cut_at_the_keepalive_timeout(mock: Mock, tmp_path: Path) -> None:
    """A request head that never completes is cut at `server.header_timeout_s` (aiohttp's keep-alive
    timer, armed when the connection opens), bytes trickling in or not. Shown here with 1 s."""
    # A folder of its own: a second app on a running proxy's folder would share its decision log.
    (tmp_path / "proxy.yaml").write_text(f"providers: {{openai: {{base_url: '{mock.url}/v1'}}}}\n"
                                         "server: {header_timeout_s: 1}\n")
    settings_ = load_settings(tmp_path / "proxy.yaml", env={})

    class Runner(ServerThread):
        async def _start(self) -> None:
            self.app = self._make_app()
            self.runner = web.AppRunner(self.app, access_log=None, handler_cancellation=False)
            await self.runner.setup()
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            await site.start()
            assert site._server is not None
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    server = Runner(lambda: create_app(settings_, env={}, start_store=False, start_guard=False)).start()
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 4:
            try:
                sock.sendall(b"s")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            time.sleep(0.05)
        if not closed:
            sock.settimeout(0.5)
            try:
                closed = sock.recv(100) == b""
            except ConnectionResetError:
                closed = True
            except TimeoutError:
                closed = False
        sock.close()
        assert closed and time.monotonic() - started < 4
    finally:
        server.stop()


# ------------------------------------------------------------------------------------- no leaks

def test_no_key_or_pii_in_any_decision_log_or_log(proxy: Proxy, plain_proxy: Proxy, team_proxy: Proxy,
                                                  small: Proxy) -> None:
    """Runs last: after all of the above, no seeded key or PII value is in a decision log or a log line."""
    secrets = [*SEEDED, *team_proxy.keys.values()]
    for p in (proxy, plain_proxy, team_proxy, small):
        p.flush()
        if p.log_path.exists():
            text = p.log_path.read_text(encoding="utf-8", errors="replace")
            for secret in secrets:
                assert secret not in text, f"{secret[:6]}... in {p.log_path}"
    for record in LOG_RECORDS:
        line = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        for secret in secrets:
            assert secret not in line, f"{secret[:6]}... logged by {record.name}"


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-2.5E+400"])
@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages"])
def test_nan_and_infinity_are_refused_not_forwarded(mock: Mock, proxy: Proxy, literal: bytes, path: str) -> None:
    """Python's json reads NaN/Infinity; JSON does not. Forwarding them hands the provider a body it
    rejects or reads differently, so the proxy answers 400 itself and sends nothing."""
    before = len(mock.state.requests)
    raw = b'{"model":"gpt-4o-mini","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"temperature":' \
        + literal + b"}"
    status, headers, data = request(proxy.url, "POST", path, raw)
    check_answer(proxy, path, status, headers, data, allowed=(400,))
    assert literal in data and b"not a JSON number" in data
    assert len(mock.state.requests) == before


def test_a_rewritten_body_keeps_every_number_exact(mock: Mock, proxy: Proxy) -> None:
    """A streamed chat request is rewritten (include_usage is added): integers beyond 64 bits, floats
    and non-ASCII text reach the provider with the same values the client sent."""
    raw = (b'{"model":"gpt-4o-mini","stream":true,"max_tokens":5,"temperature":0.1,"top_p":1e-7,'
           b'"metadata":{"big":123456789012345678901234567890,"neg":-18446744073709551617},'
           b'"messages":[{"role":"user","content":"caf\xc3\xa9 \\u00e9 \\ud83d\\ude00"}]}')
    status, headers, data = request(proxy.url, "POST", "/v1/chat/completions", raw)
    check_answer(proxy, "/v1/chat/completions", status, headers, data, allowed=(200,))
    sent = json.loads(mock.state.requests[-1].raw)
    original = json.loads(raw)
    assert sent["stream_options"] == {"include_usage": True}
    del sent["stream_options"]
    assert sent == original
    assert type(sent["metadata"]["big"]) is int and sent["temperature"] == 0.1 and sent["top_p"] == 1e-7
