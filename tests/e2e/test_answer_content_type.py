"""The provider's `Content-Type` as the client gets it (issue 12, README-only attack atk8, tester A findings 1 and
3): the proxy reads every answer as UTF-8, so a `charset` other than UTF-8 is dropped (a client honouring
`charset=utf-7` read `dana.kerr+AEA-example.org` as an address and `Project+ACA-Falcon` as the codename the
output rules had passed, since they read the bytes as written); a media type is letters only (`application/
vnd.078-05-1120+json` carried an SSN) and is read by the output `patterns:` rules; a JSON answer whose label was
kept back is labelled `application/json`, a stream `text/event-stream`."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, sse

ASK = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Write it."}]}
UTF7 = "Mail dana.kerr+AEA-example.org about Project+ACA-Falcon today."  # UTF-7 for `@` and ` `


def chat(content: str) -> dict[str, object]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def _post(p: Proxy, body: dict[str, object]) -> httpx.Response:
    return httpx.post(f"{p.url}/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {p.keys['app']}"},
                      timeout=30)


@pytest.mark.parametrize("charset", ["utf-7", "UTF-16", "\"utf-7\"", "cp037"])
def test_a_charset_other_than_utf8_is_dropped(mock: Mock, guarded: Proxy, charset: str) -> None:
    mock.script(raw_body=json.dumps(chat(UTF7)), content_type=f"application/json; charset={charset}")
    r = _post(guarded, ASK)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert "@" not in r.text and "Project Falcon" not in r.text  # a client decodes what the proxy read
    assert r.json()["choices"][0]["message"]["content"] == UTF7


def test_a_streams_charset_other_than_utf8_is_dropped(mock: Mock, guarded: Proxy) -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "delta": {"content": UTF7}, "finish_reason": None}]}
    mock.script(raw_sse=sse(chunk, "[DONE]"), content_type="text/event-stream; charset=utf-7")
    r = _post(guarded, {**ASK, "stream": True})
    assert r.status_code == 200 and r.headers["content-type"] == "text/event-stream"
    assert "@" not in r.text and "+AEA-" in r.text


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_a_utf8_label_is_kept(mock: Mock, guarded: Proxy, charset: str) -> None:
    mock.script(raw_body=json.dumps(chat("Plain text.")), content_type=f"application/json; charset={charset}")
    r = _post(guarded, ASK)
    assert r.headers["content-type"] == f"application/json; charset={charset}"


@pytest.mark.parametrize("ctype", ["application/vnd.078-05-1120+json", "application/vnd.415-555-0198+json",
                                   "application/vnd.project-falcon+json"])
def test_a_media_type_holding_pii_or_a_codename_is_not_relayed(mock: Mock, guarded: Proxy, ctype: str) -> None:
    mock.script(raw_body=json.dumps(chat("Plain text.")), content_type=ctype)
    r = _post(guarded, ASK)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json()["choices"][0]["message"]["content"] == "Plain text."
    head = json.dumps(dict(r.headers)).lower()
    assert "1120" not in head and "0198" not in head and "falcon" not in head


# atk10 A L1: a media type's type and subtype are case-insensitive (RFC 9110 8.3.1): `application/JSON` is JSON, read
# and screened (it was refused as unreadable, a 502), `Text/Event-Stream` a stream.
@pytest.mark.parametrize("ctype", ["application/JSON", "APPLICATION/JSON; charset=UTF-8", "Application/Json"])
def test_a_json_label_in_any_case_is_read(mock: Mock, guarded: Proxy, ctype: str) -> None:
    mock.script(raw_body=json.dumps(chat("Plain text.")), content_type=ctype)
    r = _post(guarded, ASK)
    assert r.status_code == 200, r.text
    assert r.json()["choices"][0]["message"]["content"] == "Plain text."


def test_a_stream_label_in_any_case_is_a_stream(mock: Mock, guarded: Proxy) -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "delta": {"content": "Plain text."}, "finish_reason": None}]}
    mock.script(raw_sse=sse(chunk, "[DONE]"), content_type="Text/Event-Stream")
    r = _post(guarded, {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    assert "Plain text." in r.text
