"""The provider connection: the upstream URL and headers, opening the request, reading a whole answer.

One shared `ClientSession` carries every request. Only an allowlist of client request headers goes on
(`forwarded_header`; hop-by-hop headers never cross, RFC 9110, nor do the proxy's own `x-guardrail-*`
headers), and of the query string only the parameters the provider's API defines (`upstream_query`);
in team mode the client's credentials are replaced by the proxy's provider key from its environment.
Failures become `UpstreamFailed` (502/504).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import aiohttp
from aiohttp.http_exceptions import ContentEncodingError
from multidict import CIMultiDict, CIMultiDictProxy, MultiMapping

from proxy.config.policy import PatternRule
from proxy.config.settings import Settings
from proxy.edge import credentials
from proxy.guard.fixed import name_findings
from proxy.modelname import priced_builtin
from proxy.providers.base import OPENAI, ProviderAdapter
from proxy.providers.idshape import letter_split

# Never forwarded in either direction (RFC 9110 hop-by-hop) or recomputed by aiohttp.
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
    "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length",
})
# Client request headers the proxy never sends upstream.
_DROP_REQUEST = HOP_BY_HOP | {"accept-encoding", "expect"}
# In team mode the client's credentials are ours, not the provider's; its account ids go with its key.
_CLIENT_AUTH = frozenset({"authorization", "x-api-key", "api-key", "openai-organization", "openai-project"})
_CREDENTIALS = frozenset(credentials.CREDENTIALS)


# Client request headers forwarded to the provider: an allowlist (anything else a client sends, such as
# `Cookie`, `Referer` or an `X-User-Email`, could carry what the guard never screens), each with a strict
# grammar its value must fullmatch, or it is dropped. A grammar leaves no room for text: ids are a prefix
# and one alphanumeric run, with no run of digits a phone or card number needs; names come from the
# SDKs' vocabulary (`User-Agent` products, `X-Stainless-*` words) or are the providers' beta names, which
# `patterns:` rules read too (`header_names`). Credentials have a key's grammar (`proxy.edge.credentials`): in
# single-tenant mode the one the provider reads goes on (the provider needs it); in team mode the proxy's
# key replaces them.
_A = re.ASCII
_VERSION = r"v?[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}(?:[-+.]?[A-Za-z][A-Za-z0-9]{0,11}(?:\.[0-9]{1,3})?)?"
_NUMBER = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,6})?", _A)
_MEDIA = (r"(?:\*/\*|application/(?:json|\*)|text/(?:event-stream|plain|\*))"
          r"(?: *; *q=(?:0(?:\.[0-9]{1,3})?|1(?:\.0{1,3})?))?")
_ACCEPT = re.compile(rf"{_MEDIA}(?: *, *{_MEDIA}){{0,7}}", _A)
# `User-Agent`: product tokens of the official SDKs (`OpenAI/Python 1.51.0`: the client class, then the
# language) and the common HTTP clients; any other product (a name, an app, a comment) drops the header.
UA_PRODUCTS = frozenset({  # the SDKs' client classes (a test derives them from the installed SDKs), then clients
    "OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI", "BedrockOpenAI", "AsyncBedrockOpenAI",
    "Anthropic", "AsyncAnthropic", "AnthropicBedrock", "AsyncAnthropicBedrock", "AnthropicVertex",
    "AsyncAnthropicVertex", "AnthropicFoundry", "AsyncAnthropicFoundry", "AnthropicAWS", "AsyncAnthropicAWS",
    "AnthropicBedrockMantle", "AsyncAnthropicBedrockMantle", "AnthropicGoogleCloud", "AsyncAnthropicGoogleCloud",
    "python-httpx", "python-requests", "Python", "aiohttp", "curl", "Wget", "node", "node-fetch", "undici", "axios",
    "okhttp", "Go-http-client", "Java", "Deno", "Bun", "Ruby", "Faraday"})
UA_PLATFORMS = frozenset({"Python", "JS", "Node", "Go", "Java", "Kotlin", "Ruby", "CSharp", "PHP", "Deno", "Bun"})
_UA_TOKEN = re.compile(rf"([A-Za-z][A-Za-z-]{{0,31}})/(?:({_VERSION})|([A-Za-z]{{1,16}}))|({_VERSION})", _A)
_ORG = re.compile(r"org-[A-Za-z0-9]{1,64}", _A)
_PROJECT = re.compile(r"proj[_-][A-Za-z0-9]{1,64}", _A)
# `OpenAI-Beta`: `assistants=v2`, `realtime=v1` (a feature, a version); `anthropic-beta`: names ending in
# their date (`prompt-caching-2024-07-31`, `output-128k-2025-02-19`), comma-separated.
_OPENAI_BETA = re.compile(r"[a-z][a-z_]{0,31}=v[0-9]{1,2}(?: *, *[a-z][a-z_]{0,31}=v[0-9]{1,2}){0,7}", _A)
# The words of Anthropic's beta names (a test derives them from the installed SDK's `AnthropicBetaParam` and
# the names its helpers send; then older published ones: `tools-2024-05-16`, `max-tokens-3-5-sonnet-2024-07-15`,
# `web-fetch-2025-09-10`, `search-results-2025-06-09`): a free word (`jane-doe-2024-07-31`, a codename) drops
# the header, as any value off its grammar. Besides them, a size (`128k`, `1m`) or one digit (`3-5`).
BETA_WORDS = frozenset({
    "admin", "advisor", "agent", "agents", "analytics", "api", "at", "batches", "billing", "binding", "budgets",
    "cache", "caching", "ce", "changes", "claude", "clear", "client", "code", "compact", "computer", "config",
    "context", "controls", "conversation", "cost", "count", "counting", "credit", "data", "destinations", "dev",
    "diagnosis", "display", "dreaming", "efficient", "efs", "exceeded", "execution", "experimental", "extended",
    "fallback", "fast", "federation", "files", "fine", "full", "google", "grained", "inline", "interleaved",
    "limit", "managed", "management", "mcp", "memory", "message", "mid", "mode", "model", "oauth", "oidc", "out",
    "output", "outputs", "pdfs", "plugins", "profiles", "prompt", "reads", "server", "settings", "side", "sign",
    "skills", "spend", "streaming", "structured", "system", "tag", "task", "telemetry", "thinking", "threads",
    "token", "tool", "tools", "ttl", "tunnels", "updates", "usage", "use", "user", "webhooks", "window",
    # published before the SDK's list
    "max", "tokens", "sonnet", "web", "fetch", "search", "results", "effort", "advanced", "batch", "messages"})
_BETA_WORD = "(?:" + "|".join(sorted(BETA_WORDS, key=lambda w: (-len(w), w))) + r"|[0-9]{1,3}[km]|[0-9])"
# Each beta name has at most 4 digits besides its date (the lookahead: not 13 before the next comma).
_BETA_NAME = rf"(?!(?:[^0-9,]*[0-9]){{13}}){_BETA_WORD}(?:-{_BETA_WORD}){{0,6}}-20[0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}}"
_ANTHROPIC_BETA = re.compile(rf"{_BETA_NAME}(?: *, *{_BETA_NAME}){{0,15}}", _A)
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# `Idempotency-Key`: a UUID, as the SDKs write it (`stainless-python-retry-<uuid>`) or bare.
_IDEMPOTENCY = re.compile(rf"(?:stainless-[a-z]{{1,12}}-retry-)?{_UUID}", _A)


def _grammar(pattern: str, *, digits: int | None = None, run: int | None = None,
             flags: int = 0) -> re.Pattern[str]:
    """One pattern a value must fullmatch: `pattern`, with at most `digits` digits in all (versions,
    numbers: `4111.1111.1111.1111` is no version) and no run of `run` digits (ids), as lookaheads, so a
    check is one regex call."""
    head = "" if digits is None else rf"(?!(?:[^0-9]*[0-9]){{{digits + 1}}})"
    head += "" if run is None else rf"(?!.*[0-9]{{{run}}})"
    return re.compile(f"{head}(?:{pattern})", _A | flags)


def _no_split_value(shape: re.Pattern[str]) -> Callable[[str], bool]:
    """An id's grammar that also refuses a phone number, an SSN or a card in its printed groups split by
    letters (`org-617x555x0143`, `proj_4111ab1111cd1111ef1111`: `idshape.letter_split`, `LETTER_GAPS`), which a
    run limit cannot see."""
    def check(value: str) -> bool:
        return shape.fullmatch(value) is not None and not letter_split(value)
    return check


@functools.lru_cache(maxsize=256)
def _user_agent(value: str) -> bool:
    """Product tokens only, each product (and the SDKs' language) from `UA_PRODUCTS`/`UA_PLATFORMS`, each
    version short: `OpenAI/Python 1.51.0`, `python-httpx/0.27.0`. At most 6 tokens, and no phone number, SSN or
    card spelled across them (`idshape.letter_split` with spaces). Cached: a client sends the same one with every
    request."""
    parts = value.split(" ")
    if len(parts) > 6:
        return False
    for part in parts:
        m = _UA_TOKEN.fullmatch(part)
        if m is None or sum(c.isdigit() for c in part) > 6:
            return False
        product, platform = m.group(1), m.group(3)
        if product is not None and (product not in UA_PRODUCTS or
                                    (platform is not None and platform not in UA_PLATFORMS)):
            return False
    # No phone number, SSN or card spelled across version tokens (`OpenAI/Python 617 555 0143`, `536.90 4399`,
    # `617a 555b 0143`): each token has at most 6 digits, the value as a whole may have more (atk8 B M3).
    return not letter_split(value, spaces=True)


# Each forwarded header: the grammar its value must fullmatch, or a check.
_FORWARDED: dict[str, re.Pattern[str] | Callable[[str], bool]] = {
    "content-type": _grammar(r"application/json(?:; *charset=[A-Za-z0-9_-]{1,16})?", flags=re.IGNORECASE),
    "accept": _ACCEPT,
    "user-agent": _user_agent,
    "openai-organization": _no_split_value(_grammar(_ORG.pattern, run=7)),
    "openai-project": _no_split_value(_grammar(_PROJECT.pattern, run=7)),
    "openai-beta": _OPENAI_BETA,
    "anthropic-version": _grammar(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}"),
    "anthropic-beta": _ANTHROPIC_BETA,
    "anthropic-dangerous-direct-browser-access": _grammar("true|false"),
    "idempotency-key": _grammar(_IDEMPOTENCY.pattern, run=10),
    **{name: functools.partial(credentials.credential_ok, name) for name in credentials.CREDENTIALS},
}
# The official SDKs' telemetry (`x-stainless-lang: python`, `x-stainless-retry-count: 0` ...), each value
# with its grammar (the SDKs' own values, from `openai/_base_client.py` and `anthropic/_base_client.py`).
# The words are closed vocabularies (`STAINLESS_WORDS`: what the Stainless SDKs write, a test derives the
# Python SDKs' from the installed ones): a free word (`X-Stainless-OS: projectfalcon`) or the SDKs'
# `Other:<platform>` is dropped.
_TRUE_FALSE = re.compile(r"true|false", _A)
_VERSION_CHECK = _grammar(_VERSION, digits=6)
_NUMBER_CHECK = _grammar(_NUMBER.pattern, digits=6)
_SDK_HELPERS = (  # Anthropic's `x-stainless-helper` tags (`anthropic/lib/_stainless_helpers.py`)
    "beta.messages.parse", "BetaToolRunner", "browser-toolset", "compaction", "computer-toolset",
    "environments-work-poller", "environments-worker", "fallback-refusal-middleware", "mcp_content",
    "mcp_message", "mcp_resource_to_content", "mcp_resource_to_file", "mcp_tool", "message-thread",
    "messages.parse", "session-tool-runner")
STAINLESS_WORDS: dict[str, tuple[str, ...]] = {
    "lang": ("python", "js", "go", "java", "kotlin", "ruby", "csharp", "php", "swift", "terraform"),
    "os": ("MacOS", "Linux", "Windows", "FreeBSD", "OpenBSD", "iOS", "Android", "Unknown"),
    "arch": ("x32", "x64", "arm", "arm64", "unknown"),
    "runtime": ("CPython", "PyPy", "IronPython", "Jython", "GraalVM", "unknown", "node", "deno", "bun", "edge",
                "workerd", "vercel-edge", "browser:chrome", "browser:firefox", "browser:safari", "browser:edge",
                "browser:ie", "go", "JRE", "ruby"),
    "async": ("false", "true", "async:asyncio", "async:trio", "async:curio", "async:false"),
    "helper-method": ("chat.completions.parse", "chat.completions.stream", "beta.chat.completions.parse",
                      "beta.chat.completions.stream", "responses.parse", "responses.stream", "stream"),
    "stream-helper": ("threads.create_and_run_stream", "threads.runs.create_and_stream",
                      "threads.runs.submit_tool_outputs_stream", "beta.messages", "messages", "responses"),
    "poll-helper": ("true",),
    "helper": _SDK_HELPERS,
}


def _one_of(words: tuple[str, ...], *, listed: bool = False) -> re.Pattern[str]:
    """A value that is one of `words` (`listed`: a comma-separated list of them, as `x-stainless-helper`)."""
    one = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:{one})(?: *, *(?:{one})){{0,15}}" if listed else one, _A)


_STAINLESS: dict[str, re.Pattern[str]] = {
    **{name: _one_of(words, listed=name == "helper") for name, words in STAINLESS_WORDS.items()},
    "package-version": _VERSION_CHECK, "runtime-version": _VERSION_CHECK,
    "retry-count": _NUMBER_CHECK, "read-timeout": _NUMBER_CHECK, "timeout": _NUMBER_CHECK,
    "custom-poll-interval": _NUMBER_CHECK,
    "raw-response": _grammar("true|false|stream"), "custom-event-handler": _TRUE_FALSE,
}
# Headers whose words `patterns:` rules read as names (`header_names`): what a grammar cannot tell from
# a codename (`OpenAI-Beta: falcon=v1`, `OpenAI-Project: proj_ProjectFalcon`).
_NAMED = ("openai-beta", "anthropic-beta", "openai-organization", "openai-project")
# Query parameters a provider API defines (Azure's `api-version`, the Anthropic SDK's `beta=true`, and on the
# one GET route, `/v1/models`, Anthropic's paging: OpenAI's list of models takes none), each with its shape;
# a POST route takes only the first two (`_POST_QUERY`): the APIs define no other query parameter on their
# POST routes. The paging ids are model ids, read by `patterns:` rules as model names are (`query_names`).
_LIFECYCLE = re.compile(r"active|deprecated|retired", _A)
_QUERY: dict[str, re.Pattern[str] | None] = {
    "api-version": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-preview)?|v1|latest|preview", _A),
    "beta": re.compile(r"true|false", _A),
    "stream": re.compile(r"true|false", _A),
    "limit": re.compile(r"[0-9]{1,4}", _A),
    "after_id": None, "before_id": None,
    "lifecycle": _LIFECYCLE, "lifecycle[]": _LIFECYCLE, "lifecycle%5B%5D": _LIFECYCLE,
}
_POST_QUERY = frozenset({"api-version", "beta"})
_PAGING_IDS = frozenset({"after_id", "before_id"})
_TOKEN_VALUE = re.compile(r"[A-Za-z0-9._:=,/+-]{1,128}", _A)
_DATE = re.compile(r"20[0-9]{2}-?[01][0-9]-?[0-3][0-9]", _A)


def _token_value(value: str) -> bool:
    """One short token (an id, a model: `claude-3-5-sonnet-20241022`) with a letter, and at most 6 digits
    besides a date: not a number a person has (`rvq_415_555_0176`)."""
    return _TOKEN_VALUE.fullmatch(value) is not None and any(c.isalpha() for c in value) and \
        sum(c.isdigit() for c in _DATE.sub("", value)) <= 6


def forwarded_header(name: str, value: str) -> bool:
    """Whether a client request header goes on to the provider (see `_FORWARDED`)."""
    low = name.lower()
    if low.startswith("x-stainless-"):
        shape = _STAINLESS.get(low[12:])
        return shape is not None and shape.fullmatch(value) is not None
    if low not in _FORWARDED:
        return False
    check = _FORWARDED[low]
    if isinstance(check, re.Pattern):
        return check.fullmatch(value) is not None
    return check(value)


def header_names(client: Mapping[str, str]) -> list[str]:
    """The forwarded headers' values that name something (beta features, the organization and project):
    `patterns:` rules read them as they read tool names (`proxy.guard.phases`), so a codename in a beta
    name blocks the request."""
    out = []
    for name in _NAMED:
        value = client.get(name)
        if value is not None and forwarded_header(name, value):
            out.append(value)
    return out


def upstream_query(query: str, *, post: bool = False) -> str:
    """The client's query string reduced to the parameters the provider's API defines, with their shape
    (`post`: a POST route, which takes only `api-version` and `beta`)."""
    if not query:
        return ""
    kept = []
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name not in _QUERY or (post and name not in _POST_QUERY):
            continue
        shape = _QUERY[name]
        if shape.fullmatch(value) is not None if shape is not None else _token_value(value):
            kept.append(part)
    return "&".join(kept)


def query_names(query: str) -> list[str]:
    """The paging ids the kept query names (`GET /v1/models?after_id=claude-...`): model ids, which `patterns:`
    rules read as they read model and tool names (`proxy.guard.phases.screen_names`)."""
    out = []
    for part in upstream_query(query).split("&"):
        name, _, value = part.partition("=")
        if name in _PAGING_IDS:
            out.append(value)
    return out


# Header sets already decided (`upstream_headers`): an SDK sends the same headers with every request.
_HEADER_SETS: dict[tuple[Any, ...], tuple[tuple[str, str], ...]] = {}
_MAX_HEADER_SETS = 256
_HEADER_SET_CHARS = 4096  # a set whose values total more is decided each time (the cache stays small)


def upstream_headers(client: MultiMapping[str], auth: Mapping[str, str] | None, *,
                     kind: str = OPENAI) -> CIMultiDict[str]:
    """The client's headers that are on the allowlist (`forwarded_header`). `auth` None: the client's own
    key goes on (single tenant), only in the one credential header a provider of `kind` reads
    (`credentials.client_credential`); else `auth` replaces the client's credentials, and its account
    ids (`OpenAI-Organization`, `OpenAI-Project`) stay behind with its key.

    Decided once per distinct header set (`_HEADER_SETS`, at most `_MAX_HEADER_SETS`, each of at most
    `_HEADER_SET_CHARS` characters of values), apart from `Content-Length` (never sent on, and different
    for most bodies); a request with an `Idempotency-Key` (one per request) is decided each time."""
    if type(client) is CIMultiDictProxy or type(client) is CIMultiDict:
        rest = client.copy()
        rest.popall("Content-Length", None)
        if "Idempotency-Key" not in rest and sum(map(len, rest.values())) <= _HEADER_SET_CHARS:
            key = (kind, tuple(rest.items()), None if auth is None else tuple(auth.items()))
            found = _HEADER_SETS.get(key)
            if found is None:
                found = tuple(_decide_headers(rest, auth, kind).items())
                if len(_HEADER_SETS) >= _MAX_HEADER_SETS:
                    _HEADER_SETS.clear()
                _HEADER_SETS[key] = found
            return CIMultiDict(found)
    return _decide_headers(client, auth, kind)


def _decide_headers(client: MultiMapping[str], auth: Mapping[str, str] | None, kind: str) -> CIMultiDict[str]:
    """`upstream_headers`, header by header."""
    out: CIMultiDict[str] = CIMultiDict()
    own_key = auth is None
    connection = client.get("Connection")
    # Headers named in Connection are hop-by-hop too (RFC 9110 7.6.1).
    listed = {t.strip().lower() for t in connection.split(",")} if connection else set()
    for name, value in client.items():
        # `_sent_value`, inlined (one call less per header)
        sent = _decide_cached(name, value, own_key) if len(value) <= _CACHED_CHARS else \
            _decide_header(name, value, own_key)
        if sent is None or (listed and name.lower() in listed):
            continue
        out.add(name, sent)
    if auth is None:
        auth = credentials.client_credential(client, kind)
        if listed:
            auth = {k: v for k, v in auth.items() if k.lower() not in listed}
    out.update(auth)
    return out


def _sent_value(name: str, value: str, own_key: bool) -> str | None:
    """What goes on for one client header (None: it stays at the proxy), apart from the `Connection`-listed
    names. Cached: an SDK sends the same headers with every request (~4 us a header uncached; the set an
    official SDK sends cost ~70 us a request). Only short values are kept (at most 4096 of them, each under
    `_CACHED_CHARS`): headers of up to 64 KiB each could otherwise pin hundreds of MB."""
    if len(value) > _CACHED_CHARS:
        return _decide_header(name, value, own_key)
    return _decide_cached(name, value, own_key)


_CACHED_CHARS = 512


def _decide_header(name: str, value: str, own_key: bool) -> str | None:
    low = name.lower()
    if low in _DROP_REQUEST or low.startswith("x-guardrail-") or low in (_CREDENTIALS if own_key else _CLIENT_AUTH) \
            or not forwarded_header(name, value):
        return None
    return idempotency_key(value) if low == "idempotency-key" else value


_decide_cached = functools.lru_cache(maxsize=4096)(_decide_header)

_NINE_DIGITS = re.compile(r"[0-9]{9}", _A)  # an SSN written without dashes
_KEY_SECRET = os.urandom(32)  # of this process: derived idempotency keys cannot be reversed or guessed


def idempotency_key(value: str) -> str:
    """The `Idempotency-Key` sent on: the client's (a UUID, `_IDEMPOTENCY`) unless it holds a run of 9
    digits (a random UUID does about 1 time in 30; an SSN fits one), then a UUID derived from it (HMAC
    under a key of this process): the SDK's retries of one request still share one key, and no digit of
    the client's goes on. The run is counted across the UUID's dashes (atk11 B M1: `41111111-1111-1111-a111-...` is
    the card 4111 1111 1111 1111 in its printed groups, `53690439-9abc-...` an SSN 8+1): about 1 random UUID in 8."""
    if _NINE_DIGITS.search(value.replace("-", "")) is None:
        return value
    digest = hmac.new(_KEY_SECRET, value.encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


# Provider response headers the client gets (what the official SDKs read, and the rate-limit facts),
# each with the grammar of its value; every other one (Set-Cookie, debug headers, Link, the free-form
# `openai-organization` name, ...) stays at the proxy: nothing screens them. Ids: a prefix and one
# alphanumeric run (or a UUID), no run of 9 digits (an SSN) except in a random hex id (32 hex digits,
# OpenAI's `req_...`, or a UUID: about 1 in 7 of them has one), none of 10; numbers: at most 9 digits (so no
# run of 10 either: durations and timestamps are made of shorter ones); no spaces, no `@`.
_HEX_ID = rf"(?:[A-Za-z]{{1,16}}[_-])?[0-9a-fA-F]{{32}}|{_UUID}"
_ID = _grammar(rf"{_HEX_ID}|(?!.*[0-9]{{9}})(?:[A-Za-z]{{1,16}}[_-])?[A-Za-z0-9]{{1,128}}", run=10)
_DURATION = r"(?:[0-9]{1,6}(?:\.[0-9]{1,6})?(?:ms|s|m|h|d)){1,4}"
_TIMESTAMP = r"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})"
_HTTP_DATE = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} 20[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
_RATE = re.compile(rf"[0-9]{{1,9}}(?:\.[0-9]{{1,6}})?|{_DURATION}|{_TIMESTAMP}", _A)
_RELAYED: dict[str, re.Pattern[str]] = {
    # A media type of letters (`application/vnd.project-falcon+json` is read by the output `patterns:` rules; no
    # digits, so no SSN or phone number in its groups: atk8 finding 3), its charset UTF-8 or none (`_content_type`).
    "content-type": _grammar(r"(?:application|text)/[a-z][a-z.+-]{0,31}(?:; *charset=(?:utf-?8|us-ascii))?",
                             flags=re.IGNORECASE),
    "request-id": _ID, "x-request-id": _ID,
    "retry-after": re.compile(rf"[0-9]{{1,9}}(?:\.[0-9]{{1,6}})?|{_HTTP_DATE}", _A),
    "retry-after-ms": _NUMBER, "openai-processing-ms": _NUMBER, "openai-poll-after-ms": _NUMBER,
    "x-should-retry": _TRUE_FALSE,
    "openai-version": re.compile(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}", _A),
    "openai-model": _grammar(r"[A-Za-z0-9._:/-]{1,128}", run=9),
    "openai-project": _grammar(_PROJECT.pattern, run=7),
    "anthropic-organization-id": _grammar(_UUID, run=10),
}
# Ids besides a random hex one that are dropped when they hold a phone number, an SSN or a card in its
# printed groups split by letters (`req_617x555x0143`, `req_617AB555CD0143`: `idshape.letter_split`).
_SPLIT_IDS = frozenset({"request-id", "x-request-id", "openai-project"})
_HEX_ID_SHAPE = re.compile(_HEX_ID, _A)
_RELAYED_PREFIXES = ("x-ratelimit-", "anthropic-ratelimit-")
# The words of the rate-limit families' names, as the providers send them (OpenAI and Azure
# `x-ratelimit-remaining-tokens`, Mistral and Cerebras `x-ratelimit-limit-tokens-minute`, Anthropic
# `anthropic-ratelimit-input-tokens-reset` and `-unified-5h-utilization`, OpenAI's older
# `-tokens_usage_based`): a name is the prefix and at most 6 of these (or a short window, `5h`), never
# free words (`x-ratelimit-project-falcon`, a name, an address spelled with dashes) or a number.
RATE_WORDS = frozenset({
    "limit", "limits", "remaining", "reset", "requests", "request", "req", "tokens", "token", "input", "output",
    "over", "usage", "based", "project", "model", "images", "audio", "batch", "queue", "concurrent", "global",
    "per", "second", "minute", "hour", "day", "week", "month", "unified", "status", "fallback", "percentage",
    "representative", "claim", "utilization", "overage", "disabled", "reason", "priority", "cache", "read",
    "write", "creation", "retry", "after"})
_WINDOW = re.compile(r"[0-9]{1,3}[smhdw]", _A)


@functools.lru_cache(maxsize=256)
def rate_limit_name(low: str) -> bool:
    """Whether a lower-case header name is one of the rate-limit families' (`RATE_WORDS`)."""
    for prefix in _RELAYED_PREFIXES:
        if low.startswith(prefix):
            words = re.split(r"[-_]", low[len(prefix):])
            return len(words) <= 6 and all(w in RATE_WORDS or _WINDOW.fullmatch(w) for w in words)
    return False


_SNAPSHOT = re.compile(r"-20[0-9]{2}-?[0-9]{2}-?[0-9]{2}$", _A)  # a dated snapshot (`-2024-07-18`, `-20241022`)


def _named_model(value: str, model: str | None) -> bool:
    """`value` is the request's model or a priced one, or a dated snapshot of either (`gpt-4o-mini-2024-07-18`)."""
    for name in dict.fromkeys((value, _SNAPSHOT.sub("", value))):
        if name and (name == model or priced_builtin(name, None)):
            return True
    return False


# Relayed headers whose value is a name or an id (not a number or a date): read by the output `patterns:` rules.
_NAME_VALUES = frozenset({"request-id", "x-request-id", "openai-model", "openai-project", "anthropic-organization-id",
                          "content-type"})
_CHARSET = re.compile(r";\s*charset=\s*\"?([^\s;\"]*)\"?\s*\Z", re.IGNORECASE)


def _content_type(value: str) -> str:
    """The provider's `Content-Type` as the client may read it: a `charset` other than UTF-8 dropped. The proxy
    reads every answer as UTF-8 (JSON and SSE are UTF-8 by their specs, RFC 8259 and the SSE standard, which
    clients then assume); a client that honoured `charset=utf-7` would read `+AEA-` as `@` in text the proxy
    screened as written (atk8 finding 1: `dana.kerr+AEA-example.org`, `Project+ACA-Falcon` reached the client)."""
    m = _CHARSET.search(value)
    if m is None or m.group(1).lower() in ("utf-8", "utf8", "us-ascii"):
        return value
    return value[:m.start()]


@functools.lru_cache(maxsize=1024)
def _relayed_name(name: str) -> tuple[str, re.Pattern[str]] | None:
    """A provider's response header name as `response_headers` reads it: its lower case and its value's
    grammar, or None when it stays at the proxy. Cached: a provider sends the same names with every answer."""
    low = name.lower()
    shape = _RELAYED.get(low)
    if shape is None:
        if not rate_limit_name(low):
            return None
        shape = _RATE
    return low, shape


def response_headers(upstream: Mapping[str, str], model: str | None = None,
                     rules: Sequence[PatternRule] = ()) -> CIMultiDict[str]:
    """The provider's response headers the client gets: those in the allowlist (`_RELAYED`, the
    rate-limit families: names of their words, values numbers, durations, timestamps), with a value of
    that header's grammar. `openai-model` only when it names the model the request named (`model`, which
    the input checks read) or one of the built-in price table, or a dated snapshot of either: a grammar
    cannot tell `617-555-0143` or `project-falcon` from a model's name. The output `patterns:` rules (`rules`)
    read the values that are names or ids (`_NAME_VALUES`) as they read an answer's ids: one that a rule that redacts
    or blocks matches stays behind. A `Content-Type`'s charset other than UTF-8 is dropped (`_content_type`)."""
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in upstream.items():
        relayed = _relayed_name(name)
        if relayed is None:
            continue
        low, shape = relayed
        if low == "openai-model" and not _named_model(value, model):
            continue
        if low == "content-type":
            value = _content_type(value)
        if shape.fullmatch(value) is not None and not (
                low in _SPLIT_IDS and _HEX_ID_SHAPE.fullmatch(value) is None and letter_split(value)):
            if rules and low in _NAME_VALUES and name_findings(rules, [value])[1] == "block":
                continue  # `req_projectFalcon`: a rule that redacts or blocks matched; an id cannot be rewritten
            out.add(name, value)
    return out


class UpstreamFailed(Exception):
    """The provider could not be reached or did not answer in time (code: upstream_unreachable|timeout), or
    answered with a body its `Content-Encoding` does not decode (upstream_unreadable: `br` or `zstd` on a plain
    body, a `gzip` label on bytes that are no gzip; `undecodable`).
    `sent`: the request may have reached the provider (a timeout, a connection broken after it was
    sent), so the provider may bill it; False only when no connection was made (refused, DNS, TLS,
    connect timeout)."""

    def __init__(self, code: str, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.sent = sent


UNDECODABLE = "the provider's answer could not be decoded (its Content-Encoding)"


def undecodable(exc: BaseException) -> bool:
    """The provider answered, and its body does not decode as its `Content-Encoding` says (aiohttp's
    `ContentEncodingError`, raised with the headers or while reading the body): an unreadable answer, not a
    provider out of reach."""
    seen: BaseException | None = exc
    for _ in range(8):  # the error aiohttp raises wraps the decoder's (`__cause__`)
        if seen is None:
            return False
        if isinstance(seen, ContentEncodingError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
    except aiohttp.ConnectionTimeoutError as exc:  # no connection was made: nothing was sent
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time", sent=False) from exc
    except aiohttp.ClientConnectorError as exc:  # refused, DNS, TLS: nothing was sent
        raise UpstreamFailed("upstream_unreachable", f"the provider could not be reached ({type(exc).__name__})",
                             sent=False) from exc
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        if undecodable(exc):
            raise UpstreamFailed("upstream_unreadable", UNDECODABLE) from exc
        raise UpstreamFailed("upstream_unreachable", f"the provider could not be reached ({type(exc).__name__})") \
            from exc


async def read_body(up: aiohttp.ClientResponse) -> bytes:
    try:
        return await up.read()
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        if undecodable(exc):
            raise UpstreamFailed("upstream_unreadable", UNDECODABLE) from exc
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
        if undecodable(exc):
            raise UpstreamFailed("upstream_unreadable", UNDECODABLE) from exc
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
        if undecodable(exc):
            raise UpstreamFailed("upstream_unreadable", UNDECODABLE) from exc
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
