"""The provider connection: the upstream URL and headers, opening the request, reading a whole answer.

One shared `ClientSession` carries every request. Only an allowlist of client request headers goes on
(`forwarded_header`; hop-by-hop headers never cross, RFC 9110, nor do the proxy's own `x-guardrail-*`
headers), and of the query string only the parameters the provider's API defines (`upstream_query`);
in team mode the client's credentials are replaced by the proxy's provider key from its environment.
Failures become `UpstreamFailed` (502/504).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any

import aiohttp
from multidict import CIMultiDict

from proxy.config.settings import Settings
from proxy.providers.base import ProviderAdapter

# Never forwarded in either direction (RFC 9110 hop-by-hop) or recomputed by aiohttp.
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
    "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length",
})
# Client request headers the proxy never sends upstream.
_DROP_REQUEST = HOP_BY_HOP | {"accept-encoding", "expect"}
# In team mode the client's credentials are ours, not the provider's.
_CLIENT_AUTH = frozenset({"authorization", "x-api-key", "api-key", "openai-organization", "openai-project"})


# Client request headers forwarded to the provider: an allowlist (anything else a client sends, such as
# `Cookie`, `Referer` or an `X-User-Email`, could carry what the guard never screens). Each with the shape
# its value must have: one that does not is dropped too. Credentials pass as the client sent them in
# single-tenant mode (the provider needs them); in team mode they are replaced by the proxy's key.
_TOKEN_VALUE = re.compile(r"[A-Za-z0-9._:=,/+-]{1,128}", re.ASCII)
_FORWARDED: dict[str, re.Pattern[str] | None] = {
    "content-type": re.compile(r"application/json(?:; *charset=[A-Za-z0-9_-]+)?", re.ASCII | re.IGNORECASE),
    "accept": re.compile(r"[A-Za-z0-9*/+.;=, -]{1,128}", re.ASCII),
    "user-agent": re.compile(r"[A-Za-z][A-Za-z0-9._-]*/[A-Za-z0-9._-]+(?: [A-Za-z0-9._/-]+){0,8}", re.ASCII),
    "openai-organization": re.compile(r"org-[A-Za-z0-9_-]{1,64}", re.ASCII),
    "openai-project": re.compile(r"proj[_-][A-Za-z0-9_-]{1,64}", re.ASCII),
    "openai-beta": re.compile(r"[A-Za-z0-9._=-]{1,64}(?:, *[A-Za-z0-9._=-]{1,64}){0,15}", re.ASCII),
    "anthropic-version": re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII),
    "anthropic-beta": re.compile(r"[A-Za-z0-9._=-]{1,64}(?:, *[A-Za-z0-9._=-]{1,64}){0,15}", re.ASCII),
    "anthropic-dangerous-direct-browser-access": re.compile(r"true|false", re.ASCII),
    "idempotency-key": _TOKEN_VALUE,
    "authorization": None, "x-api-key": None, "api-key": None,
}
# The official SDKs' telemetry (`x-stainless-lang: python`, `x-stainless-retry-count: 0` ...).
_STAINLESS = frozenset({
    "lang", "package-version", "os", "arch", "runtime", "runtime-version", "async", "retry-count", "read-timeout",
    "timeout", "raw-response", "helper", "helper-method", "stream-helper", "poll-helper", "custom-poll-interval",
    "custom-event-handler"})
# Query parameters a provider API defines (Azure's `api-version`, the Anthropic SDK's `beta=true`, the
# paging and streaming parameters of the GET routes), each with its shape.
_QUERY: dict[str, re.Pattern[str] | None] = {
    "api-version": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-preview)?|v1|latest|preview", re.ASCII),
    "beta": re.compile(r"true|false", re.ASCII),
    "stream": re.compile(r"true|false", re.ASCII),
    "limit": re.compile(r"[0-9]{1,4}", re.ASCII),
    "order": re.compile(r"asc|desc", re.ASCII),
    "after": None, "before": None, "after_id": None, "before_id": None, "starting_after": None,
    "include": None, "include[]": None, "include%5B%5D": None,
}


def _token_value(value: str) -> bool:
    """One short token that is not a number a person has (a phone number, a card: digits and no letter)."""
    return _TOKEN_VALUE.fullmatch(value) is not None and (
        any(c.isalpha() for c in value) or sum(c.isdigit() for c in value) < 7)


def forwarded_header(name: str, value: str) -> bool:
    """Whether a client request header goes on to the provider (see `_FORWARDED`)."""
    low = name.lower()
    if low.startswith("x-stainless-"):
        return low[12:] in _STAINLESS and _token_value(value)
    if low not in _FORWARDED:
        return False
    shape = _FORWARDED[low]
    if shape is None:
        return True
    if shape is _TOKEN_VALUE:
        return _token_value(value)
    return shape.fullmatch(value) is not None and "@" not in value


def upstream_query(query: str) -> str:
    """The client's query string reduced to the parameters the provider's API defines, with their shape."""
    if not query:
        return ""
    kept = []
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name not in _QUERY:
            continue
        shape = _QUERY[name]
        if shape.fullmatch(value) is not None if shape is not None else _token_value(value):
            kept.append(part)
    return "&".join(kept)


def upstream_headers(client: Mapping[str, str], auth: Mapping[str, str] | None) -> CIMultiDict[str]:
    """The client's headers that are on the allowlist (`forwarded_header`); in team mode the client's auth
    replaced by `auth`."""
    out: CIMultiDict[str] = CIMultiDict()
    drop_auth = auth is not None
    connection = client.get("Connection")
    # Headers named in Connection are hop-by-hop too (RFC 9110 7.6.1).
    listed = {t.strip().lower() for t in connection.split(",")} if connection else ()
    for name, value in client.items():
        low = name.lower()
        if low in _DROP_REQUEST or low.startswith("x-guardrail-") or (drop_auth and low in _CLIENT_AUTH) \
                or low in listed or not forwarded_header(name, value):
            continue
        out.add(name, value)
    if auth:
        out.update(auth)
    return out


# Provider response headers the client gets (what the official SDKs read, and the rate-limit facts);
# every other one (Set-Cookie, debug headers, Link, ...) stays at the proxy: nothing screens them.
_RELAYED = frozenset({
    "content-type", "request-id", "x-request-id", "retry-after", "retry-after-ms", "x-should-retry",
    "openai-processing-ms", "openai-version", "openai-model", "openai-organization", "openai-project",
    "openai-poll-after-ms", "anthropic-organization-id",
})
_RELAYED_PREFIXES = ("x-ratelimit-", "anthropic-ratelimit-")
# A relayed value is a fact, not text: ids, numbers, dates, media types (no '@', bounded).
_HEADER_VALUE = re.compile(r"[A-Za-z0-9 _.:/+=,;*-]{0,256}")


def response_headers(upstream: Mapping[str, str]) -> CIMultiDict[str]:
    """The provider's response headers the client gets: those in the allowlist (`_RELAYED`, the
    rate-limit families), with a value of the shape such a header has."""
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in upstream.items():
        low = name.lower()
        if (low in _RELAYED or low.startswith(_RELAYED_PREFIXES)) and _HEADER_VALUE.fullmatch(value):
            out.add(name, value)
    return out


class UpstreamFailed(Exception):
    """The provider could not be reached or did not answer in time (code: upstream_unreachable|timeout)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@functools.lru_cache(maxsize=64)
def _timeout(stream: bool, timeout_s: float) -> aiohttp.ClientTimeout:
    """Streams: `timeout_s` between chunks; plain answers: `timeout_s` in all (immutable, so shared)."""
    if stream:
        return aiohttp.ClientTimeout(total=None, sock_connect=min(30.0, timeout_s), sock_read=timeout_s)
    return aiohttp.ClientTimeout(total=timeout_s, sock_connect=min(30.0, timeout_s))


async def open_upstream(session: aiohttp.ClientSession, method: str, url: str, headers: CIMultiDict[str],
                        body: bytes | None, *, stream: bool, timeout_s: float) -> aiohttp.ClientResponse:
    """Send the request; return the response once its headers are in."""
    timeout = _timeout(stream, timeout_s)
    try:
        return await session.request(method, url, headers=headers, data=body, timeout=timeout,
                                     allow_redirects=False)
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamFailed("upstream_unreachable", f"the provider could not be reached ({type(exc).__name__})") \
            from exc


async def read_body(up: aiohttp.ClientResponse) -> bytes:
    try:
        return await up.read()
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamFailed("upstream_unreachable", f"the provider's answer broke off ({type(exc).__name__})") \
            from exc


_TAIL = 64 * 1024  # what is kept of an answer too large to hold: its usage is at the end


async def read_upto(up: aiohttp.ClientResponse, limit: int) -> tuple[bytes, bool]:
    """The answer's first bytes: all of it (`True`) when it is at most `limit` bytes, else at least `limit`
    bytes of it (`False`; the rest is still to read)."""
    length = up.content_length
    if length is not None and length <= limit:
        return await read_body(up), True
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            chunk = await up.content.readany()
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
            size += len(chunk)
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamFailed("upstream_unreachable", f"the provider's answer broke off ({type(exc).__name__})") \
            from exc
    return b"".join(chunks), False


async def relay_rest(up: aiohttp.ClientResponse, head: bytes, write: Any = None) -> bytes:
    """The rest of an answer too large to hold: passed to `write` chunk by chunk (or dropped); returns its
    last 64 KiB (where the usage is). Memory stays bounded whatever the answer's size."""
    tail = head[-_TAIL:]
    try:
        async for chunk in up.content.iter_any():
            if write is not None:
                await write(chunk)
            tail = (tail + chunk)[-_TAIL:]
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamFailed("upstream_unreachable", f"the provider's answer broke off ({type(exc).__name__})") \
            from exc
    return tail


def usage_from_tail(tail: bytes) -> dict[str, Any] | None:
    """The last top-level-looking `"usage": {...}` object in an answer's tail (a JSON answer ends with it)."""
    text = tail.decode("utf-8", "replace")
    at = text.rfind('"usage"')
    while at >= 0:
        brace = text.find("{", at)
        if brace >= 0:
            try:
                value, _ = json.JSONDecoder().raw_decode(text, brace)
            except ValueError:
                value = None
            if isinstance(value, dict):
                return {"usage": value}
        at = text.rfind('"usage"', 0, at)
    return None


def retry_after_s(headers: Mapping[str, str], cap: float) -> float | None:
    """A provider's `retry-after` (seconds; an HTTP date is not waited for), at most `cap`."""
    value = headers.get("retry-after-ms")
    scale = 1000.0
    if value is None:
        value, scale = headers.get("retry-after"), 1.0
    if value is None:
        return None
    try:
        seconds = float(value) / scale
    except ValueError:
        return None
    if not seconds > 0:  # NaN, negative, zero
        return None
    return min(seconds, cap)


def upstream_url(settings: Settings, adapter: ProviderAdapter, path: str, query: str) -> str:
    """Where the request goes: the default provider's base URL (from proxy.yaml) and the client's path and
    query (the flow addresses named providers with `proxy.edge.routing.Target.url`)."""
    base = settings.proxy.providers[adapter.name].base_url
    return adapter.upstream_url(base, path, upstream_query(query))


def provider_auth(settings: Settings, env: Mapping[str, str], adapter: ProviderAdapter) -> dict[str, str] | None:
    """Upstream credentials in team mode (the proxy's key, from its environment; {} when unset);
    None in single-tenant mode, where the client's own key passes through."""
    if settings.teams is None:
        return None
    env_name = settings.proxy.providers[adapter.name].api_key_env
    key = env.get(env_name, "") if env_name else ""
    return adapter.auth_headers(key) if key else {}
