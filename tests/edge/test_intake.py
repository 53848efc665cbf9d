"""proxy.edge.intake: the body read within its limit, parsed strictly, checked against its route's fields."""

from __future__ import annotations

import gzip
import json
import random
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from proxy.edge.intake import (
    Call,
    _checks,
    _field_problem,
    _fields_ok,
    encode_answer,
    encode_body,
    parse_json,
    read_call,
    read_limited,
    validate,
)
from proxy.errors import ProxyError
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, COMPLETIONS, COUNT_TOKENS, EMBEDDINGS, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as OPENAI


def refused(raw: bytes) -> ProxyError:
    with pytest.raises(ProxyError) as exc:
        parse_json(raw)
    assert exc.value.code == "invalid_json" and exc.value.status == 400
    return exc.value


# --------------------------------------------------------------------------- strict JSON


def test_a_json_object_is_parsed() -> None:
    assert parse_json(b'{"model":"m","n":1.5,"big":123456789012345678901234567890,"ok":true}') == {
        "model": "m", "n": 1.5, "big": 123456789012345678901234567890, "ok": True}
    assert parse_json('{"t":"caf\u00e9 \\ud83d\\ude00"}'.encode()) == {"t": "caf\u00e9 \U0001f600"}  # a valid pair


def test_an_empty_body_is_refused() -> None:
    assert refused(b"").message == "request body is empty; expected a JSON object"


@pytest.mark.parametrize(("raw", "message"), [
    (b"{]", "request body is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
    (b'{"a":1} x', "request body is not valid JSON: Extra data (line 1, column 9)"),
    (b'\xef\xbb\xbf{"a":1}', "request body is not valid JSON: Expecting value (line 1, column 1)"),  # a BOM
    (b'{"a":\n  tru}', "request body is not valid JSON: Expecting value (line 2, column 3)"),
])
def test_invalid_json_names_where(raw: bytes, message: str) -> None:
    assert refused(raw).message == message


@pytest.mark.parametrize(("raw", "at"), [
    (b'{"c":"caf\xe9"}', 9),            # Latin-1
    (b'{"c":"\xed\xa0\x80"}', 6),       # an encoded surrogate
    (b'{"c":"\xc0\xaf"}', 6),           # overlong
])
def test_only_utf8_is_json(raw: bytes, at: int) -> None:
    assert refused(raw).message == f"request body is not valid UTF-8 (at byte {at})"


@pytest.mark.parametrize("escape", [b"\\ud800", b"\\uDBFF", b"\\udfff x", b"\\ude00\\ud83d"])
def test_lone_surrogate_escapes_are_refused(escape: bytes) -> None:
    message = refused(b'{"c":"' + escape + b'"}').message
    assert message == "request body holds a lone UTF-16 surrogate escape (\\ud800-\\udfff)"


def test_a_duplicate_key_is_refused_and_named_when_it_is_a_plain_name() -> None:
    message = refused(b'{"model":"a","messages":[],"model":"b"}').message
    assert message == ("request body is ambiguous: the key 'model' appears twice in one JSON object "
                       "(parsers disagree on which one counts)")
    nested = refused(b'{"messages":[{"role":"user","content":"x","content":"y"}]}').message
    assert "the key 'content' appears twice" in nested


@pytest.mark.parametrize("key", [
    "jane.roe@example.com",        # an address
    "my name is Jane Roe",         # text
    "k" * 65,                      # longer than any field name
    "caf\u00e9",                   # not ASCII
    "",
])
def test_a_duplicate_key_that_may_be_content_is_never_echoed(key: str) -> None:
    raw = json.dumps({"x": 1}).replace('"x"', json.dumps(key), 1)[:-1] + f', {json.dumps(key)}: 2}}'
    message = refused(raw.encode()).message
    assert message == ("request body is ambiguous: the key appears twice in one JSON object "
                       "(parsers disagree on which one counts)")
    assert key == "" or key not in message


@pytest.mark.parametrize(("literal", "shown"), [
    (b"NaN", "NaN"), (b"Infinity", "Infinity"), (b"-Infinity", "-Infinity"),
    (b"1e999", "1e999"), (b"-2.5E+400", "-2.5E+400"),  # beyond a double: no encoder writes them back
    (b"1" * 40 + b"e999", "a number this large"),       # a long literal is not echoed
])
def test_numbers_json_cannot_carry_are_refused(literal: bytes, shown: str) -> None:
    assert refused(b'{"temperature":' + literal + b"}").message == \
        f"request body is not valid JSON: {shown} is not a JSON number"


def test_big_but_finite_numbers_are_fine() -> None:
    assert parse_json(b'{"a":1e308,"b":-1.7976931348623157e308,"c":5e-324}') == {
        "a": 1e308, "b": -1.7976931348623157e308, "c": 5e-324}


def test_parser_limits_are_refused_not_crashed_on() -> None:
    assert refused(b"[" * 100_000 + b"]" * 100_000).message == "request body is nested too deeply"
    assert refused(b'{"n":' + b"9" * 5000 + b"}").message == \
        "request body is not valid JSON: a value exceeds the parser's limits"


@pytest.mark.parametrize(("raw", "name"), [(b"[1,2]", "an array"), (b'"text"', "a string"), (b"42", "a number"),
                                           (b"4.2", "a number"), (b"true", "a boolean"), (b"null", "null")])
def test_only_an_object_is_a_request(raw: bytes, name: str) -> None:
    assert refused(raw).message == f"request body must be a JSON object, not {name}"


# --------------------------------------------------------------------------- the route's fields


def invalid(adapter: Any, kind: str, body: dict[str, Any]) -> ProxyError:
    with pytest.raises(ProxyError) as exc:
        validate(adapter, kind, body)
    assert exc.value.code == "invalid_request" and exc.value.status == 400
    return exc.value


@pytest.mark.parametrize(("adapter", "kind", "body", "field", "message"), [
    (OPENAI, CHAT, {"messages": []}, "model", "missing required field 'model'"),
    (OPENAI, CHAT, {"model": "m"}, "messages", "missing required field 'messages'"),
    (OPENAI, CHAT, {"model": "m", "messages": None}, "messages", "missing required field 'messages'"),
    (OPENAI, CHAT, {"model": 5, "messages": []}, "model", "field 'model' must be a string"),
    (OPENAI, CHAT, {"model": "m", "messages": {}}, "messages", "field 'messages' must be an array"),
    (OPENAI, CHAT, {"model": "m", "messages": [], "stream": "yes"}, "stream", "field 'stream' must be a boolean"),
    (OPENAI, CHAT, {"model": "m", "messages": [], "stream_options": []}, "stream_options",
     "field 'stream_options' must be an object"),
    (OPENAI, COMPLETIONS, {"model": "m"}, "prompt", "missing required field 'prompt'"),
    (OPENAI, EMBEDDINGS, {"model": "m"}, "input", "missing required field 'input'"),
    (ANTHROPIC, MESSAGES, {"model": "m", "messages": [], "max_tokens": "10"}, "max_tokens",
     "field 'max_tokens' must be an integer"),
    (ANTHROPIC, MESSAGES, {"model": "m", "messages": [], "max_tokens": True}, "max_tokens",
     "field 'max_tokens' must be an integer"),  # a boolean is no integer here
    (ANTHROPIC, COUNT_TOKENS, {"model": "m"}, "messages", "missing required field 'messages'"),
    # Issue 12 review (f15): the numeric parameters, the provider's 400 rather than the provider's guess.
    (OPENAI, CHAT, {"model": "m", "messages": [], "max_tokens": "text"}, "max_tokens",
     "field 'max_tokens' must be an integer"),
    (OPENAI, CHAT, {"model": "m", "messages": [], "temperature": "x"}, "temperature",
     "field 'temperature' must be a number"),
    (OPENAI, CHAT, {"model": "m", "messages": [], "n": "x"}, "n", "field 'n' must be an integer"),
    (OPENAI, CHAT, {"model": "m", "messages": [], "top_p": True}, "top_p", "field 'top_p' must be a number"),
    (OPENAI, COMPLETIONS, {"model": "m", "prompt": "p", "max_tokens": 1.5}, "max_tokens",
     "field 'max_tokens' must be an integer"),
    (OPENAI, RESPONSES, {"max_output_tokens": "10"}, "max_output_tokens",
     "field 'max_output_tokens' must be an integer"),
    (ANTHROPIC, MESSAGES, {"model": "m", "messages": [], "temperature": "hot"}, "temperature",
     "field 'temperature' must be a number"),
])
def test_fields_the_proxy_relies_on(adapter: Any, kind: str, body: dict[str, Any], field: str,
                                    message: str) -> None:
    err = invalid(adapter, kind, body)
    assert err.message == message and err.param == field


# Issue 12 (attacker): a sampling parameter far out of its range carried a card's digits (`41111111.11111111`,
# 16 Luhn-valid digits); out of the provider's range (OpenAI's OpenAPI spec, Anthropic's API), it is refused
# as the provider would refuse it, never echoed.
@pytest.mark.parametrize(("adapter", "kind", "field", "value", "message"), [
    (OPENAI, CHAT, "temperature", 41111111.11111111, "must be a number from 0 to 2"),
    (OPENAI, CHAT, "top_p", 41111111.11111111, "must be a number from 0 to 1"),
    (OPENAI, CHAT, "frequency_penalty", -41111111.11111111, "must be a number from -2 to 2"),
    (OPENAI, CHAT, "presence_penalty", 4.111111111111111, "must be a number from -2 to 2"),
    (OPENAI, CHAT, "temperature", -0.5, "must be a number from 0 to 2"),
    (OPENAI, CHAT, "n", 536904399, "must be an integer from 1 to 128"),
    (OPENAI, CHAT, "top_logprobs", 6175550143, "must be an integer from 0 to 20"),
    (OPENAI, COMPLETIONS, "best_of", 6175550143, "must be an integer from 0 to 20"),
    (OPENAI, COMPLETIONS, "frequency_penalty", 6175550143.5, "must be a number from -2 to 2"),
    (OPENAI, RESPONSES, "temperature", 4111111111111111, "must be a number from 0 to 2"),
    (OPENAI, RESPONSES, "top_p", 1.0000001, "must be a number from 0 to 1"),
    (ANTHROPIC, MESSAGES, "temperature", 41111111.11111111, "must be a number from 0 to 1"),
    (ANTHROPIC, MESSAGES, "top_p", 2, "must be a number from 0 to 1"),
    (ANTHROPIC, MESSAGES, "top_k", -536904399, "must be an integer at least 0"),
])
def test_numeric_parameters_out_of_their_range_are_refused(adapter: Any, kind: str, field: str, value: float,
                                                           message: str) -> None:
    body: dict[str, Any] = {"model": "m", "messages": [], "prompt": "p", field: value}
    err = invalid(adapter, kind, body)
    assert err.message == f"field '{field}' {message}" and err.param == field
    assert str(abs(value))[:6] not in err.message


def test_numeric_parameters_in_their_range_pass() -> None:
    validate(OPENAI, CHAT, {"model": "m", "messages": [], "temperature": 2, "top_p": 0, "presence_penalty": -2,
                            "frequency_penalty": 2.0, "n": 128, "top_logprobs": 0, "seed": 4111111111111111})
    validate(OPENAI, COMPLETIONS, {"model": "m", "prompt": "p", "best_of": 20, "temperature": 0.0})
    validate(ANTHROPIC, MESSAGES, {"model": "m", "messages": [], "temperature": 1, "top_p": 0.95, "top_k": 40})


def test_well_formed_bodies_pass() -> None:
    validate(OPENAI, CHAT, {"model": "gpt-4o-mini", "messages": [], "stream": False, "stream_options": None})
    validate(OPENAI, RESPONSES, {"input": "hi"})  # Responses: every field optional
    validate(OPENAI, CHAT, {"model": "m", "messages": [], "temperature": 1, "top_p": 0.5, "max_tokens": 10, "n": 1})
    validate(OPENAI, COMPLETIONS, {"model": "m", "prompt": ["a", "b"]})  # any JSON type
    validate(ANTHROPIC, MESSAGES, {"model": "claude-sonnet-4-5@20250929", "messages": [], "max_tokens": 5})


def test_the_fields_shortcut_refuses_what_the_ordered_check_refuses() -> None:
    """`validate` reads only the fields a body holds (`_fields_ok`); `_field_problem` walks the route's fields
    in order for the message. Random bodies of every route: both say the same."""
    rng = random.Random(12)
    values: list[Any] = [None, True, False, 0, 7, -1, 1.5, 0.0, "x", "", [], ["a"], {}, {"k": 1}]
    for adapter in (OPENAI, ANTHROPIC):
        for kind in (CHAT, COMPLETIONS, EMBEDDINGS, RESPONSES, MESSAGES, COUNT_TOKENS):
            fields = adapter.request_fields(kind)
            for _ in range(300):
                body = {f.name: rng.choice(values) for f in fields if rng.random() < 0.6}
                body |= {"other": rng.choice(values)} if rng.random() < 0.3 else {}
                assert _fields_ok(_checks(fields), body) is (_field_problem(fields, body) is None), (kind, body)


@pytest.mark.parametrize("model", ["gpt 4o", "jane.roe@example.com is asking", "m" * 129, "mod\u00e8le", ""])
def test_the_model_must_be_a_model_name(model: str) -> None:
    err = invalid(OPENAI, CHAT, {"model": model, "messages": []})
    assert err.param == "model"
    assert err.message == "field 'model' must be a model name: 1-128 characters from A-Z a-z 0-9 . _ : / @ + -"


@pytest.mark.parametrize("model", ["gpt-4o-mini", "ft:gpt-4o:org:custom:id", "accounts/x/models/y+z", "m" * 128])
def test_model_names(model: str) -> None:
    validate(OPENAI, CHAT, {"model": model, "messages": []})


# --------------------------------------------------------------------------- writing a changed body back


def test_a_call_sends_its_exact_bytes_until_it_changes() -> None:
    raw = b'{"model": "m",  "messages": [], "x": 1.0}'
    call = Call(parse_json(raw), raw, "m", False)
    assert call.bytes_for_upstream() is raw
    call.body["messages"].append({"role": "user", "content": "caf\u00e9"})
    call.changed = True
    sent = '{"model":"m","messages":[{"role":"user","content":"caf\u00e9"}],"x":1.0}'
    assert call.bytes_for_upstream() == sent.encode()


def test_encode_body_keeps_every_number_exact() -> None:
    body = {"big": 123456789012345678901234567890, "neg": -18446744073709551617, "f": 0.1, "t": "\u00e9\U0001f600"}
    out = encode_body(body)
    assert out == '{"big":123456789012345678901234567890,"neg":-18446744073709551617,"f":0.1,"t":"\u00e9\U0001f600"}' \
        .encode()
    assert json.loads(out) == body


def test_encode_answer_escapes_a_lone_surrogate_again() -> None:
    assert encode_answer({"t": "caf\u00e9"}) == '{"t":"caf\u00e9"}'.encode()
    assert encode_answer({"t": "a\ud800b"}) == b'{"t":"a\\ud800b"}'  # from a \ud800 escape in an answer
    assert json.loads(encode_answer({"t": "a\ud800b"})) == {"t": "a\ud800b"}


# --------------------------------------------------------------------------- reading within the limit


Reader = Callable[[web.Request], Awaitable[Any]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Reader], Awaitable[TestClient[web.Request, web.Application]]]]:
    """Serve one handler that runs `reader` on the request: its result as JSON, a ProxyError as its status."""
    clients: list[TestClient[web.Request, web.Application]] = []

    async def make(reader: Reader) -> TestClient[web.Request, web.Application]:
        async def handler(request: web.Request) -> web.Response:
            try:
                return web.json_response(await reader(request))
            except ProxyError as err:
                return web.json_response({"code": err.code, "message": err.message, "param": err.param},
                                         status=err.status)

        app = web.Application()
        app.router.add_post("/", handler)
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


async def chunks(data: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]


async def test_a_body_within_the_limit_is_read_whole(serve: Any) -> None:
    client = await serve(lambda r: _text(read_limited(r, 20)))
    for data in (b"x" * 20, b""):
        async with client.post("/", data=data) as resp:
            assert resp.status == 200 and await resp.json() == data.decode()
        async with client.post("/", data=chunks(data)) as resp:  # chunked: no Content-Length
            assert resp.status == 200 and await resp.json() == data.decode()


async def test_a_declared_length_over_the_limit_is_refused_before_reading(serve: Any) -> None:
    client = await serve(lambda r: _text(read_limited(r, 20)))
    async with client.post("/", data=b"x" * 21) as resp:
        assert resp.status == 413
        assert await resp.json() == {"code": "request_too_large", "param": None,
                                     "message": "request body is 21 bytes; the limit is 20 bytes"}


async def test_a_chunked_body_over_the_limit_is_refused(serve: Any) -> None:
    client = await serve(lambda r: _text(read_limited(r, 20)))
    async with client.post("/", data=chunks(b"y" * 50)) as resp:
        assert resp.status == 413
        assert (await resp.json())["message"] == "request body exceeds the limit of 20 bytes"


async def _text(read: Awaitable[bytes]) -> str:
    return (await read).decode()


async def test_read_call_gives_the_body_its_bytes_model_and_stream(serve: Any) -> None:
    async def reader(request: web.Request) -> dict[str, Any]:
        call = await read_call(request, ANTHROPIC, MESSAGES, 1000)
        return {"body": call.body, "raw": call.raw.decode(), "model": call.model, "stream": call.stream,
                "changed": call.changed}

    client = await serve(reader)
    raw = b'{"model": "claude-haiku-4-5", "max_tokens": 5, "stream": true, "messages": []}'
    async with client.post("/", data=raw) as resp:
        assert await resp.json() == {"body": json.loads(raw), "raw": raw.decode(), "model": "claude-haiku-4-5",
                                     "stream": True, "changed": False}
    async with client.post("/", data=b'{"model": "m", "messages": [], "stream": "yes"}') as resp:
        assert resp.status == 400 and (await resp.json())["param"] == "stream"
    async with client.post("/", data=b"[]") as resp:
        assert resp.status == 400 and (await resp.json())["code"] == "invalid_json"
    async with client.post("/", data=b" " * 1001) as resp:
        assert resp.status == 413


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "x-unknown"])
async def test_a_compressed_body_is_refused_with_415(serve: Any, encoding: str) -> None:
    """Issue 12 review (f15): never an empty 499; what the guard screens is what goes on."""
    client = await serve(lambda r: read_call(r, ANTHROPIC, MESSAGES, 1000))
    plain = b'{"model": "m", "messages": []}'
    raw = gzip.compress(plain) if encoding == "gzip" else zlib.compress(plain) if encoding == "deflate" else plain
    async with client.post("/", data=raw, headers={"Content-Encoding": encoding}) as resp:
        assert resp.status == 415
        assert (await resp.json())["code"] == "unsupported_encoding"


async def test_identity_encoding_is_read(serve: Any) -> None:
    client = await serve(lambda r: _body(read_call(r, ANTHROPIC, MESSAGES, 1000)))
    raw = b'{"model": "m", "messages": []}'
    async with client.post("/", data=raw, headers={"Content-Encoding": "identity"}) as resp:
        assert resp.status == 200


async def _body(read: Awaitable[Any]) -> Any:
    return (await read).body
