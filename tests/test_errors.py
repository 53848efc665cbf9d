"""proxy.errors: each code's HTTP status, and the error answer in each provider's shape."""

from __future__ import annotations

import json

import pytest

from proxy.errors import STATUS, ProxyError
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.openai import ADAPTER as OPENAI

# code -> (status, OpenAI error type, Anthropic error type)
CODES = {
    "invalid_json": (400, "invalid_request_error", "invalid_request_error"),
    "invalid_request": (400, "invalid_request_error", "invalid_request_error"),
    "malformed_request": (400, "invalid_request_error", "invalid_request_error"),
    "unscreenable_input": (400, "invalid_request_error", "invalid_request_error"),
    "content_blocked": (400, "guardrail_violation", "invalid_request_error"),
    "invalid_api_key": (401, "invalid_request_error", "authentication_error"),
    "model_not_allowed": (403, "permission_error", "permission_error"),
    "unknown_url": (404, "invalid_request_error", "not_found_error"),
    "request_timeout": (408, "invalid_request_error", "timeout_error"),
    "request_too_large": (413, "invalid_request_error", "request_too_large"),
    "unsupported_encoding": (415, "invalid_request_error", "invalid_request_error"),
    "budget_exceeded": (429, "budget_exceeded", "rate_limit_error"),
    "upstream_unreachable": (502, "api_error", "api_error"),
    "upstream_unreadable": (502, "api_error", "api_error"),
    "answer_too_large": (502, "api_error", "api_error"),
    "guardrail_unavailable": (503, "guardrail_unavailable", "api_error"),
    "store_unavailable": (503, "api_error", "api_error"),
    "upstream_timeout": (504, "api_error", "api_error"),
}


def test_every_code_has_its_status() -> None:
    assert {code: status for code, (status, _, _) in CODES.items()} == STATUS


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_status_belongs_to_the_code(code: str) -> None:
    assert ProxyError(code, "m").status == CODES[code][0]


def test_an_unknown_code_has_no_status() -> None:
    with pytest.raises(KeyError):
        _ = ProxyError("no_such_code", "m").status


@pytest.mark.parametrize("code", sorted(CODES))
def test_openai_shape(code: str) -> None:
    resp = ProxyError(code, "what went wrong", param="model").response(OPENAI)
    assert resp.status == CODES[code][0] and resp.content_type == "application/json"
    assert resp.body is not None and json.loads(bytes(resp.body)) == {  # type: ignore[arg-type]
        "error": {"message": "what went wrong", "type": CODES[code][1], "param": "model", "code": code}}


@pytest.mark.parametrize("code", sorted(CODES))
def test_anthropic_shape(code: str) -> None:
    resp = ProxyError(code, "what went wrong", param="model").response(ANTHROPIC)
    assert resp.status == CODES[code][0] and resp.content_type == "application/json"
    assert resp.body is not None and json.loads(bytes(resp.body)) == {  # type: ignore[arg-type]
        "type": "error", "error": {"type": CODES[code][2], "message": "what went wrong"}}  # no param, no code


def test_headers_of_the_answer_and_of_the_error_are_merged() -> None:
    err = ProxyError("budget_exceeded", "over", headers={"retry-after": "60", "x-guardrail-decision": "block"})
    resp = err.response(OPENAI, {"x-guardrail-request-id": "req_1", "x-guardrail-decision": "allow"})
    assert resp.headers["retry-after"] == "60" and resp.headers["x-guardrail-request-id"] == "req_1"
    assert resp.headers["x-guardrail-decision"] == "block"  # the error's own headers win
    assert ProxyError("unknown_url", "m").headers == {}


def test_a_proxy_error_is_an_exception_with_its_message() -> None:
    err = ProxyError("invalid_json", "request body is empty; expected a JSON object")
    assert str(err) == err.message == "request body is empty; expected a JSON object"
    assert (err.code, err.param) == ("invalid_json", None)
