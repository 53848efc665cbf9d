"""The client's own provider key in single-tenant mode: the grammar every credential header must have,
and the one header each kind of provider reads.

Single tenant means the client's key goes on to the provider its SDK was pointed at (team mode replaces
it with the proxy's key). A credential header is a value the guard never screens, so it gets a grammar
that every real key fits and text cannot:

- a key is one token (RFC 6750 `b64token`): letters, digits and `-._~+/`, then at most two `=`, at most
  4096 characters; so no space and no `@` (no sentence, no e-mail address);
- no run of 9 digits, also across those separators (`4111-1111-1111-1111`, `536-90-4399`,
  `617.555.0143`): no card, phone or social security number. Random keys of letters and digits
  (OpenAI `sk-proj-...`, Anthropic `sk-ant-api03-...`, Groq, xAI, Gemini, JWTs) have such a run with a
  probability under one in a million;
- except in a hex segment of a key generator's size: a whole segment (between separators) of exactly 32,
  40, 48 or 64 hex digits, or a UUID. Azure's classic keys (32 hex digits), DeepSeek's `sk-<32 hex>`,
  OpenRouter's `sk-or-v1-<64 hex>` or Together's 64 hex digits are digits in about 5 of 8 places: one in
  eight 32-digit keys has a run of 9. Such a segment can carry up to its size in digits (a card number
  among hex digits), which this grammar cannot tell from a key: the residual risk, documented;
- and a JSON Web Token (an Entra ID token: `eyJ...` header and claims that decode to JSON objects)
  has no digit rule: its segments are base64url, where a run of 9 digits is noise (one token in ten
  thousand), not a number anyone wrote. What its claims say is base64-encoded, as the issuer wrote it.

`Authorization` carries `Bearer <key>`. In single-tenant mode a credential header of another shape is
refused (401 `invalid_api_key`, in the provider's format, naming the header and never its value), and
of the credentials the client sent only the one its provider reads goes on (`client_credential`).
"""

from __future__ import annotations

import base64
import functools
import json
import re

from multidict import MultiMapping

from proxy.edge.routing import AZURE
from proxy.providers.base import ANTHROPIC

CREDENTIALS = ("authorization", "x-api-key", "api-key")

_A = re.ASCII
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]{1,4096}={0,2}", _A)
_BEARER = re.compile(r"[Bb][Ee][Aa][Rr][Ee][Rr] +([^ ]+)", _A)
_HEX_SEGMENT = re.compile(
    r"(?<![A-Za-z0-9])(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{64}|[0-9a-fA-F]{48}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![A-Za-z0-9])", _A)
_DIGIT_RUN = re.compile(r"[0-9](?:[._~+/=-]*[0-9]){8}", _A)


_JWT = re.compile(r"(eyJ[A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{1,4000})\.[A-Za-z0-9_-]{0,4000}", _A)


def _json_segment(segment: str) -> bool:
    try:
        return isinstance(json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))), dict)
    except ValueError:
        return False


def _jwt(value: str) -> bool:
    """A JSON Web Token (an Entra ID token for Azure): header and claims are base64url-encoded JSON objects."""
    m = _JWT.fullmatch(value)
    return m is not None and _json_segment(m.group(1)) and _json_segment(m.group(2))


@functools.lru_cache(maxsize=256)
def key_shaped(value: str) -> bool:
    """Whether `value` has a key's grammar (see the module docstring). Cached: a client sends the same key
    with every request."""
    if _TOKEN.fullmatch(value) is None:
        return False
    if _DIGIT_RUN.search(value) is None:
        return True
    return _DIGIT_RUN.search(_HEX_SEGMENT.sub("x", value)) is None or _jwt(value)


@functools.lru_cache(maxsize=256)
def bearer_key(value: str) -> str | None:
    """The key of an `Authorization: Bearer <key>` value when it has a key's grammar, else None (cached as
    `key_shaped` is)."""
    m = _BEARER.fullmatch(value)
    return m.group(1) if m is not None and key_shaped(m.group(1)) else None


def credential_ok(name: str, value: str) -> bool:
    """Whether a credential header's value has its grammar (`Authorization`: `Bearer <key>`)."""
    return bearer_key(value) is not None if name.lower() == "authorization" else key_shaped(value)


def refused_credential(headers: MultiMapping[str]) -> str | None:
    """The name of the first credential header (every value of it) without its grammar, or None."""
    for name in CREDENTIALS:
        if name in headers:  # most requests carry one of them: one lookup for each of the others
            for value in headers.getall(name):  # `credential_ok`, inlined (the names are lower case)
                if (bearer_key(value) is None) if name == "authorization" else not key_shaped(value):
                    return name
    return None


def client_credential(headers: MultiMapping[str], kind: str) -> dict[str, str]:
    """The one credential header a provider of `kind` reads, from what the client sent (each of its grammar):
    OpenAI and OpenAI-compatible providers `Authorization: Bearer`; Anthropic `x-api-key`, else a bearer
    token (the SDK's `auth_token`, and its api key in recent versions); Azure `api-key`, else a bearer token
    (an Entra ID token). {} when the client sent none."""
    own = {ANTHROPIC: "x-api-key", AZURE: "api-key"}.get(kind)
    if own is not None:
        for value in headers.getall(own, ()):
            if key_shaped(value):
                return {own: value}
    for value in headers.getall("authorization", ()):
        key = bearer_key(value)
        if key is not None:
            return {"Authorization": f"Bearer {key}"}
    return {}
