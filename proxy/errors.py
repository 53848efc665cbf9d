"""`ProxyError`: a request the proxy refuses or cannot complete, answered in the calling provider's format.

Raised anywhere in handling a request; `flow` turns it into an answer. The HTTP status belongs to the
error code; the body's shape and error type belong to the provider (`ProviderAdapter.error_body`).
Messages never contain user text, PII or keys: they name the problem, the policy or the check.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from aiohttp import web

# code -> HTTP status
STATUS: dict[str, int] = {
    "invalid_json": 400,
    "invalid_request": 400,
    "malformed_request": 400,
    "content_blocked": 400,
    "unscreenable_input": 400,
    "invalid_api_key": 401,
    "model_not_allowed": 403,
    "unknown_url": 404,
    "request_timeout": 408,
    "request_too_large": 413,
    "unsupported_encoding": 415,
    "budget_exceeded": 429,
    "upstream_unreachable": 502,
    "answer_too_large": 502,
    "upstream_unreadable": 502,
    "guardrail_unavailable": 503,
    "store_unavailable": 503,
    "upstream_timeout": 504,
}


class ErrorFormat(Protocol):
    """The part of a `ProviderAdapter` that writes error bodies."""

    def error_body(self, code: str, message: str, param: str | None = None) -> dict[str, Any]: ...


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
        return STATUS[self.code]

    def response(self, fmt: ErrorFormat, headers: dict[str, str] | None = None) -> web.Response:
        body = json.dumps(fmt.error_body(self.code, self.message, self.param)).encode()
        all_headers = {**(headers or {}), **self.headers}
        return web.Response(status=self.status, body=body, content_type="application/json", headers=all_headers)
