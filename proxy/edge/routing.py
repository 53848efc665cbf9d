"""Which named provider serves a request: proxy.yaml `routes:` (first match wins, model globs), then the
format's default; and how a request is addressed to a provider of each kind.

`router_for(config)` is built once per loaded proxy.yaml. `Router.chain(wire, model)` answers the names
to try in order (the route's provider, then its `fallback`), from a bounded cache of exact model names.
A miss looks up exact names in a dict and tries only the globs whose literal head (the text before the
first wildcard) the model starts with: its cost grows with the name's length, not the number of routes.
Routes whose provider speaks the other format are not looked at: a `/v1/messages` request only ever
matches routes to `kind: anthropic` providers, OpenAI-format requests (Azure paths included) routes to
`kind: openai` and `kind: azure` ones.

Azure OpenAI: the model is the deployment (`/openai/deployments/{model}/chat/completions`), the key
goes in `api-key`, the provider's `api_version` in the query.
"""

from __future__ import annotations

import fnmatch
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from proxy.budget.pricing import ProviderPrices
from proxy.providers.base import ANTHROPIC, CHAT, COMPLETIONS, EMBEDDINGS, MODELS, OPENAI, RESPONSES

if TYPE_CHECKING:
    from proxy.config.settings import ProviderConfig, ProxyConfig

AZURE = "azure"
_MAX_CACHE = 4096  # model names come from clients: the cache stays bounded
_WILD = re.compile(r"[*?\[]")

# OpenAI route kinds -> the path under /openai/deployments/{deployment}/ (Azure's deployment routes).
AZURE_DEPLOYMENT_PATHS = {CHAT: "chat/completions", COMPLETIONS: "completions", EMBEDDINGS: "embeddings"}
# The same routes at OpenAI's paths (an Azure-path request sent to an OpenAI-kind provider).
OPENAI_PATHS = {CHAT: "/v1/chat/completions", COMPLETIONS: "/v1/completions", EMBEDDINGS: "/v1/embeddings",
                RESPONSES: "/v1/responses", MODELS: "/v1/models"}


@dataclass(frozen=True, slots=True)
class Target:
    """One named provider, as the flow uses it."""

    name: str
    kind: str        # openai | anthropic | azure
    wire: str        # openai | anthropic: the request format it speaks
    base_url: str
    api_key_env: str | None
    api_version: str | None
    timeout_s: float | None
    prices: ProviderPrices | None
    # From `base_url`, once at load: without its trailing `/`, and whether it names OpenAI's `/v1` already.
    root: str = field(init=False, repr=False, compare=False)
    versioned: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        root = self.base_url.rstrip("/")
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "versioned", self.kind == OPENAI and root.endswith("/v1"))

    def url(self, route_kind: str, model: str | None, client_path: str, client_query: str,
            *, azure_client: bool) -> str:
        """Where a request of `route_kind` goes on this provider. `client_path`/`client_query`: what the
        client called (passed on as they are to a provider of its own format)."""
        base = self.root
        if self.kind == AZURE:
            version = quote(self.api_version or "", safe="")
            suffix = AZURE_DEPLOYMENT_PATHS.get(route_kind)
            if suffix is not None and model:
                return f"{base}/openai/deployments/{quote(model, safe='')}/{suffix}?api-version={version}"
            tail = "responses" if route_kind == RESPONSES else "models"
            return f"{base}/openai/{tail}?api-version={version}"
        if azure_client:  # an Azure-path request to an OpenAI-kind provider: OpenAI's path, no api-version
            client_path, client_query = OPENAI_PATHS[route_kind], ""
        if self.versioned and client_path[:4] == "/v1/":
            client_path = client_path[3:]  # the base URL already names the version
        return f"{base}{client_path}?{client_query}" if client_query else f"{base}{client_path}"

    def auth(self, key: str) -> dict[str, str]:
        if self.kind == AZURE:
            return {"api-key": key}
        if self.kind == ANTHROPIC:
            return {"x-api-key": key}
        return {"Authorization": f"Bearer {key}"}


def _target(name: str, p: ProviderConfig) -> Target:
    prices = ProviderPrices(p.prices) if p.prices else None
    return Target(name, p.kind, p.wire, p.base_url, p.api_key_env, p.api_version, p.timeout_s, prices)


class Router:
    def __init__(self, config: ProxyConfig) -> None:
        self.targets: dict[str, Target] = {name: _target(name, p) for name, p in config.providers.items()}
        azure = next((n for n, t in self.targets.items() if t.kind == AZURE), None)
        # Where a request no route takes goes: what the client's SDK was pointed at.
        self.defaults: dict[str, str] = {OPENAI: OPENAI, ANTHROPIC: ANTHROPIC, AZURE: azure or OPENAI}
        self._chains: dict[str, list[tuple[str, ...]]] = {OPENAI: [], ANTHROPIC: []}
        # Per format: exact names -> their first route; globs by their literal head (the text before the first
        # wildcard) -> [(route, regex)] in route order. A lookup tries the heads the model starts with only.
        self._exact: dict[str, dict[str, int]] = {OPENAI: {}, ANTHROPIC: {}}
        self._heads: dict[str, dict[str, list[tuple[int, re.Pattern[str]]]]] = {OPENAI: {}, ANTHROPIC: {}}
        for route in config.routes:
            target = self.targets.get(route.provider)
            if target is None:  # refused at load (route_errors); never in a loaded config
                continue
            chains = self._chains[target.wire]
            index = len(chains)
            chains.append(tuple(dict.fromkeys((route.provider, *route.fallback))))
            for glob in route.models:
                head = _WILD.split(glob, 1)[0]
                if head == glob:
                    self._exact[target.wire].setdefault(glob, index)
                else:
                    self._heads[target.wire].setdefault(head, []).append((index, re.compile(fnmatch.translate(glob))))
        self._head_sizes = {w: sorted({len(h) for h in heads}) for w, heads in self._heads.items()}
        self._cache: dict[tuple[str, str | None], tuple[str, ...]] = {}
        # The providers' own prices (proxy.yaml `prices:`), by name; None when no provider has any.
        self.provider_prices: Mapping[str, ProviderPrices] | None = {
            n: t.prices for n, t in self.targets.items() if t.prices is not None} or None

    def chain(self, wire: str, model: str | None, *, azure_client: bool = False) -> tuple[str, ...]:
        """The providers to try for a `wire`-format request for `model`, in order (at least one)."""
        key = (AZURE if azure_client else wire, model)
        found = self._cache.get(key)
        if found is None:
            found = self._resolve(wire, model, azure_client)
            if len(self._cache) >= _MAX_CACHE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _resolve(self, wire: str, model: str | None, azure_client: bool) -> tuple[str, ...]:
        if model is not None and wire in self._chains:
            best = self._exact[wire].get(model, len(self._chains[wire]))
            heads = self._heads[wire]
            for size in self._head_sizes[wire]:
                if size > len(model):
                    break
                for index, regex in heads.get(model[:size], ()):
                    if index >= best:
                        break
                    if regex.match(model):
                        best = index
                        break
            if best < len(self._chains[wire]):
                return self._chains[wire][best]
        return (self.defaults[AZURE if azure_client else wire],)

    def passes_client_key(self, name: str, wire: str, *, azure_client: bool) -> bool:
        """Single-tenant mode: the client's own key goes only to the provider its SDK was pointed at (the
        default of its path); any other provider gets the proxy's key for it, never the client's. An Azure
        client's key is an Azure key: with no `kind: azure` provider its requests go to `openai` with the
        proxy's key for it."""
        if azure_client:
            target = self.targets.get(name)
            return name == self.defaults[AZURE] and target is not None and target.kind == AZURE
        return name == self.defaults[wire]



_ROUTERS: dict[int, tuple[weakref.ref[ProxyConfig], Router]] = {}


_LAST: list[Any] = [None, None]  # the config the last request named, and its router (every request asks)


def router_for(config: ProxyConfig) -> Router:
    """The router of a loaded proxy.yaml (built once per loaded file; a reload builds a new one)."""
    if _LAST[0] is config:
        return _LAST[1]  # type: ignore[no-any-return]
    _LAST[1] = router = _router_for(config)
    _LAST[0] = config
    return router


def _router_for(config: ProxyConfig) -> Router:
    key = id(config)
    entry = _ROUTERS.get(key)
    if entry is not None and entry[0]() is config:
        return entry[1]
    router = Router(config)

    def forget(ref: weakref.ref[ProxyConfig]) -> None:
        if _ROUTERS.get(key, (None,))[0] is ref:
            del _ROUTERS[key]

    _ROUTERS[key] = (weakref.ref(config, forget), router)
    return router

