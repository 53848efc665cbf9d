"""Errors the proxy itself answers with, in the calling provider's format.

Messages never contain user text, PII or keys: they name the problem, the policy or the check.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

OPENAI = "openai"
ANTHROPIC = "anthropic"

# code -> (HTTP status, OpenAI error type, Anthropic error type)
_ERRORS: dict[str, tuple[int, str, str]] = {
    "invalid_json": (400, "invalid_request_error", "invalid_request_error"),
    "invalid_request": (400, "invalid_request_error", "invalid_request_error"),
    "content_blocked": (400, "guardrail_violation", "invalid_request_error"),
    "invalid_api_key": (401, "invalid_request_error", "authentication_error"),
    "model_not_allowed": (403, "permission_error", "permission_error"),
    "unknown_url": (404, "invalid_request_error", "not_found_error"),
    "request_too_large": (413, "invalid_request_error", "request_too_large"),
    "budget_exceeded": (429, "budget_exceeded", "rate_limit_error"),
    "upstream_unreachable": (502, "api_error", "api_error"),
    "guardrail_unavailable": (503, "guardrail_unavailable", "api_error"),
    "upstream_timeout": (504, "api_error", "api_error"),
}


def error_body(provider: str, code: str, message: str, param: str | None = None) -> dict[str, Any]:
    _, openai_type, anthropic_type = _ERRORS[code]
    if provider == ANTHROPIC:
        return {"type": "error", "error": {"type": anthropic_type, "message": message}}
    return {"error": {"message": message, "type": openai_type, "param": param, "code": code}}


def error_status(code: str) -> int:
    return _ERRORS[code][0]


class ProxyError(Exception):
    """Raised anywhere in request handling; becomes an error answer in the provider's format."""

    def __init__(self, code: str, message: str, *, param: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return error_status(self.code)

    def response(self, provider: str, headers: dict[str, str] | None = None) -> web.Response:
        body = json.dumps(error_body(provider, self.code, self.message, self.param)).encode()
        all_headers = {**(headers or {}), **self.headers}
        return web.Response(status=self.status, body=body, content_type="application/json", headers=all_headers)
