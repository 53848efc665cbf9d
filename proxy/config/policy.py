"""Guardrail policies (`policies/*.yaml`): typed models, `extends` resolution, versions, loading.

A policy says what the input and output phases check and what they do with a finding (see the
README's `policies/*.yaml` section and `policies/default.yaml`). Every key is validated (unknown keys,
unknown entity types, unknown toxicity labels, regexes that do not compile or may backtrack
exponentially are `FILE:LINE` errors): a typo must never silently disable a control.

`extends: base` starts from another policy: mappings merge key by key (a child overrides only the
keys it gives), lists and scalars replace, and `null` switches an inherited block off
(`input: {bias: null}`). A block that is absent from the whole chain is not checked.
When `policies/default.yaml` does not exist the built-in `default` below applies.

A policy's version is the first 12 hex digits of a sha256 over its file and its extends chain, so
editing a parent changes the version of every child.
"""

from __future__ import annotations

import hashlib
import os
import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from proxy.config.yamlconf import (
    ConfigError,
    ConfigErrors,
    StrictModel,
    YamlDoc,
    display_path,
    parse_yaml,
    pattern_check,
    read_yaml,
    validate_doc,
)

# Entity types the PII analyzer can find (Presidio's English recognizers plus ours), and Presidio's
# identifiers of other countries that `proxy.nlp.presidio` adds for English text.
NATIONAL_ID_TYPES = frozenset({
    "UK_NHS", "UK_NINO", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "IN_PAN", "IN_AADHAAR", "AU_TFN", "AU_ABN",
    "AU_MEDICARE", "SG_NRIC_FIN", "PL_PESEL", "FI_PERSONAL_IDENTITY_CODE", "SE_PERSONNUMMER", "CA_SIN",
})
ENTITY_TYPES = frozenset({
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS",
    "URL", "LOCATION", "DATE_TIME", "NRP", "CRYPTO", "MAC_ADDRESS", "MEDICAL_LICENSE",
    "US_BANK_NUMBER", "US_DRIVER_LICENSE", "US_ITIN", "US_PASSPORT", "UUID",
}) | NATIONAL_ID_TYPES
# Labels of the detoxify models (original, unbiased, multilingual).
TOXICITY_LABELS = frozenset({
    "toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack", "sexual_explicit",
})
# Identity groups the unbiased model scores (the probability that a text mentions the group).
IDENTITY_GROUPS = frozenset({
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
})

Action = Literal["redact", "block", "flag"]
ScoreAction = Literal["block", "flag"]
Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def _one_of(known: frozenset[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in known:
            raise PydanticCustomError(
                f"unknown_{what.replace(' ', '_')}", f"unknown {what} '{{value}}' (known: {', '.join(sorted(known))})",
                {"value": value},
            )
        return value
    return AfterValidator(check)


EntityType = Annotated[str, _one_of(ENTITY_TYPES, "entity type")]
ToxicityLabel = Annotated[str, _one_of(TOXICITY_LABELS, "toxicity label")]
IdentityGroup = Annotated[str, _one_of(IDENTITY_GROUPS, "identity group")]


def _nested_repeat(pattern: Any, inside_repeat: bool = False) -> bool:
    """A repeat of something that itself repeats ("(a+)+", "(\\w*\\s?)*"): exponential backtracking."""
    for op, arg in pattern:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = arg
            repeats = high == sre_constants.MAXREPEAT or high > 1
            if repeats and inside_repeat and _can_repeat(sub):
                return True
            if _nested_repeat(sub, inside_repeat or repeats):
                return True
        elif op == sre_constants.SUBPATTERN:
            if _nested_repeat(arg[-1], inside_repeat):
                return True
        elif op == sre_constants.BRANCH:
            if any(_nested_repeat(branch, inside_repeat) for branch in arg[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _nested_repeat(arg[1], inside_repeat):
                return True
    return False


def _can_repeat(sub: Any) -> bool:
    return any(op not in (sre_constants.AT,) for op, _ in sub)


def _check_regex(value: str) -> str:
    try:
        parsed = sre_parse.parse(value)
        re.compile(value)
    except re.error as exc:
        raise PydanticCustomError("regex", "invalid regular expression: {reason}", {"reason": str(exc)}) from None
    if _nested_repeat(parsed):
        raise PydanticCustomError(
            "regex_backtracking",
            "nested repetition (like '(a+)+') can take exponential time on some inputs: rewrite without it",
        )
    return value


Regex = Annotated[str, AfterValidator(_check_regex)]
PatternName = Annotated[str, pattern_check(
    r"[A-Za-z][A-Za-z0-9_-]{0,63}", "pattern_name",
    "pattern names are 1-64 characters, start with a letter, only A-Z a-z 0-9 _ -")]


# --------------------------------------------------------------------------- blocks

# Operators: what a redacted value becomes. Parameter names are presidio-anonymizer's (mask:
# masking_char, chars_to_mask, from_end; hash: hash_type); keys and salts never sit in a policy
# file (it is versioned and shared): `key_env` / `salt_env` name the environment variable instead.
DEFAULT_SALT_ENV = "GUARDRAIL_PII_SALT"
DEFAULT_KEY_ENV = "GUARDRAIL_PII_KEY"
EnvName = Annotated[str, pattern_check(r"[A-Za-z_][A-Za-z0-9_]{0,127}", "env_name",
                                       "an environment variable name: letters, digits and _")]


def _env_secret(name: str, what: str, sizes: tuple[int, ...] | None = None, minimum: int = 0) -> None:
    """The variable must be set now (a policy that cannot run is refused at load, not per request)."""
    value = os.environ.get(name)
    if not value:
        raise PydanticCustomError("env_missing", "{what}: environment variable {name} is not set",
                                  {"what": what, "name": name})
    size = len(value.encode())
    if sizes is not None and size not in sizes:  # never echo the value, only its size
        raise PydanticCustomError("env_size", "{what}: {name} must be 16, 24 or 32 bytes long (AES-128/192/256), "
                                  "it is {size}", {"what": what, "name": name, "size": size})
    if size < minimum:
        raise PydanticCustomError("env_size", "{what}: {name} must be at least {minimum} bytes long, it is {size}",
                                  {"what": what, "name": name, "minimum": minimum, "size": size})


class PlaceholderOperator(StrictModel):
    """`<ENTITY_TYPE_N>`, restored in the answer (input with `restore`): the default."""

    type: Literal["placeholder"] = "placeholder"


class MaskOperator(StrictModel):
    """Presidio's `mask`: `chars_to_mask` characters replaced by `masking_char`, from the start or the end.
    Not restored."""

    type: Literal["mask"]
    masking_char: str = Field(default="*", min_length=1, max_length=1)
    chars_to_mask: int = Field(default=100, ge=0)  # more than the value has: all of it
    from_end: bool = False


class HashOperator(StrictModel):
    """Presidio's `hash`, salted per team (HMAC of the environment's salt and the team name): the same
    value gives the same hash within a team, another in another team. Not restored."""

    type: Literal["hash"]
    hash_type: Literal["sha256", "sha512"] = "sha256"
    salt_env: EnvName = DEFAULT_SALT_ENV

    @model_validator(mode="after")
    def _salt_set(self) -> HashOperator:
        _env_secret(self.salt_env, "hash needs a salt", minimum=16)
        return self


class EncryptOperator(StrictModel):
    """Presidio's `encrypt` (AES-CBC, base64), the key from the environment: whoever holds it can decrypt
    (presidio-anonymizer's `decrypt` operator). Not restored."""

    type: Literal["encrypt"]
    key_env: EnvName = DEFAULT_KEY_ENV

    @model_validator(mode="after")
    def _key_set(self) -> EncryptOperator:
        _env_secret(self.key_env, "encrypt needs a key", sizes=(16, 24, 32))
        return self


class SynthesizeOperator(StrictModel):
    """A realistic fake value of the same type and shape (faker), the same for the same value within a
    request and across a conversation's turns; restored in the answer like a placeholder."""

    type: Literal["synthesize"]


Operator = Annotated[PlaceholderOperator | MaskOperator | HashOperator | EncryptOperator | SynthesizeOperator,
                     Field(discriminator="type")]
PLACEHOLDER_OPERATOR = PlaceholderOperator()
RESTORED_OPERATORS = frozenset({"placeholder", "synthesize"})


class PiiRule(StrictModel):
    """Presidio findings: which entity types, the action per type, a score floor, allowed values, and
    what a redacted value becomes (`operators`, per type; a type without one gets a placeholder)."""

    action: Action = "redact"
    entities: list[EntityType] = Field(default_factory=lambda: [
        "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"])
    per_entity: dict[EntityType, Action] = Field(default_factory=dict)
    min_score: Score = 0.4
    allow: list[str] = Field(default_factory=list)
    operators: dict[EntityType, Operator] = Field(default_factory=dict)
    on_error: Literal["block", "allow"] | None = None  # this check only; None: the policy's `on_error`

    def operator_for(self, entity: str) -> Operator:
        return self.operators.get(entity) or PLACEHOLDER_OPERATOR

    def checked_entities(self) -> list[str]:
        """`entities` plus any type named only in `per_entity`."""
        return sorted(set(self.entities) | set(self.per_entity))

    def action_for(self, entity: str) -> Action:
        return self.per_entity.get(entity, self.action)


class InputPiiRule(PiiRule):
    restore: bool = True  # put the original values back into the answer


class ToxicityRule(StrictModel):
    action: ScoreAction = "block"
    thresholds: dict[ToxicityLabel, Score] = Field(default_factory=lambda: {
        "toxicity": 0.8, "severe_toxicity": 0.5, "threat": 0.6, "insult": 0.8, "identity_attack": 0.6})
    on_error: Literal["block", "allow"] | None = None  # this check only; None: the policy's `on_error`


class InputToxicityRule(ToxicityRule):
    parallel: bool = False  # screen while the request is already upstream; the answer waits for the verdict


class OutputToxicityRule(ToxicityRule):
    # sentence: a streamed sentence is released once scored; none: released at once, the stream stops
    # after the first violating sentence.
    stream_hold: Literal["sentence", "none"] = "sentence"


class BiasRule(StrictModel):
    """Identity-targeted toxicity: identity_attack, or toxicity aimed at one of the groups named."""

    action: ScoreAction = "flag"
    threshold: Score = 0.5
    groups: list[IdentityGroup] | None = None  # None: every group the model scores
    on_error: Literal["block", "allow"] | None = None  # this check only; None: the policy's `on_error`


class PatternRule(StrictModel):
    name: PatternName
    regex: Regex
    action: Action = "block"

    @property
    def compiled(self) -> re.Pattern[str]:
        return _compiled(self.regex)


_REGEX_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(regex: str) -> re.Pattern[str]:
    found = _REGEX_CACHE.get(regex)
    if found is None:
        found = _REGEX_CACHE.setdefault(regex, re.compile(regex))
    return found


class SecretsRule(StrictModel):
    """Secrets (detect-secrets' rule set): cloud keys, tokens, private keys, credentials in URLs, JWTs.
    redact: `<AWS_ACCESS_KEY_1>`-style placeholders."""

    action: Action = "block"
    on_error: Literal["block", "allow"] | None = None  # this check only; None: the policy's `on_error`


class InputRules(StrictModel):
    pii: InputPiiRule | None = None
    secrets: SecretsRule | None = None
    toxicity: InputToxicityRule | None = None
    bias: BiasRule | None = None
    patterns: list[PatternRule] = Field(default_factory=list)


class OutputRules(StrictModel):
    pii: PiiRule | None = None
    secrets: SecretsRule | None = None
    toxicity: OutputToxicityRule | None = None
    bias: BiasRule | None = None
    patterns: list[PatternRule] = Field(default_factory=list)


Rules = InputRules | OutputRules


class Policy(StrictModel):
    name: str = Field(default="", pattern=r"^[A-Za-z0-9_.-]*$")
    extends: str | None = None
    mode: Literal["enforce", "monitor"] = "enforce"
    on_error: Literal["block", "allow"] = "block"
    input: InputRules = Field(default_factory=InputRules)
    output: OutputRules = Field(default_factory=OutputRules)

    @property
    def monitor(self) -> bool:
        return self.mode == "monitor"

    def on_error_for(self, phase: str, check: str) -> str:
        """What a failure of `check` (`pii`, `toxicity`...) in `phase` does: the check's own `on_error`, else the
        policy's (`toxicity: {on_error: allow}` runs without the model while a PII timeout still blocks)."""
        rule = getattr(self.input if phase == "input" else self.output, check, None)
        own = getattr(rule, "on_error", None)
        return own if own is not None else self.on_error


# --------------------------------------------------------------------------- built-in default

BUILTIN_SOURCE = "(built-in default)"
BUILTIN_DEFAULT_YAML = """\
name: default
mode: enforce
on_error: block
input:
  pii:
    action: redact
    entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]
    min_score: 0.4
    restore: true
  toxicity:
    action: block
    thresholds: {toxicity: 0.8, severe_toxicity: 0.5, threat: 0.6, insult: 0.8, identity_attack: 0.6}
    parallel: false
  bias:
    action: flag
    threshold: 0.5
output:
  pii:
    action: redact
    entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]
    min_score: 0.4
  toxicity:
    action: block
    thresholds: {toxicity: 0.8, severe_toxicity: 0.5, threat: 0.6, insult: 0.8, identity_attack: 0.6}
    stream_hold: sentence
"""


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class PolicySet:
    """Every policy of a folder, resolved, with its version; plus the built-in default if needed."""

    policies: dict[str, Policy] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # name -> file, or BUILTIN_SOURCE

    def has(self, name: str) -> bool:
        return name in self.policies

    def get(self, name: str) -> Policy:
        """The policy called `name`; KeyError if there is none."""
        return self.policies[name]

    def version(self, name: str) -> str:
        return self.versions.get(name, "unknown")

    def names(self) -> list[str]:
        return sorted(self.policies)

    def __iter__(self) -> Iterator[Policy]:
        return iter(self.policies.values())


@dataclass
class _Raw:
    name: str
    doc: YamlDoc
    data: dict[str, Any]
    digest: bytes  # sha256 of the file's bytes


def _deep_merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_one(path: Path, text: str | None = None) -> tuple[_Raw | None, list[ConfigError]]:
    try:
        if text is None:
            doc = read_yaml(path)
            digest = hashlib.sha256(path.read_bytes()).digest()
        else:
            doc = parse_yaml(text, BUILTIN_SOURCE)
            digest = hashlib.sha256(text.encode()).digest()
        data = doc.data
        if data is None or data == {}:
            # empty, comments only, `~`, `{}`: a file being written or a template that failed, not a policy that
            # means to check nothing (that one says its name)
            return None, [doc.error((), f"the policy file is empty (a policy with no checks says so: "
                                        f"`name: {path.stem}`)")]
        policy = validate_doc(doc, Policy)
        if not data.keys() & {"name", "extends", "input", "output"}:
            # `mode: enforce` alone: nothing to enforce, and no name to say that is meant
            return None, [doc.error((), f"the policy file sets no checks (a policy with no checks says so: "
                                        f"`name: {path.stem}`)")]
    except ConfigErrors as exc:
        return None, exc.errors
    except OSError as exc:
        return None, [ConfigError(display_path(path), 1, "(root)", f"cannot read: {exc.strerror}")]
    name = path.stem
    if policy.name and policy.name != name:
        return None, [doc.error(("name",), f"name '{policy.name}' does not match the file name '{path.name}'")]
    return _Raw(name, doc, doc.data if isinstance(doc.data, dict) else {}, digest), []


def load_policies(folder: Path) -> PolicySet:
    """Load and resolve every `*.yaml` in `folder` (missing folder: built-in default only).

    Raises ConfigErrors with every problem found, each as `FILE:LINE: path: message`.
    """
    raws: dict[str, _Raw] = {}
    errors: list[ConfigError] = []
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    # `default.yml` would be skipped without a word (and its rules with it)
    errors += [ConfigError(display_path(path), 1, "(root)", f"policy files end in .yaml: this one is not read "
                                                            f"(rename it {path.stem}.yaml)")
               for path in (sorted(folder.glob("*.yml")) if folder.is_dir() else [])]
    for path in paths:
        raw, errs = _read_one(path)
        errors.extend(errs)
        if raw is not None:
            raws[raw.name] = raw
    invalid = {p.stem for p in paths} - set(raws)
    if "default" not in raws and "default" not in invalid:
        builtin, errs = _read_one(Path("default.yaml"), BUILTIN_DEFAULT_YAML)
        assert builtin is not None and not errs, errs
        raws["default"] = builtin
    result = PolicySet()
    for name in sorted(raws):
        try:
            policy, version = _resolve(name, raws, invalid, folder)
        except ConfigErrors as exc:
            errors.extend(e for e in exc.errors if e not in errors)
            continue
        result.policies[name] = policy
        result.versions[name] = version
        result.sources[name] = raws[name].doc.file
    if errors:
        raise ConfigErrors(errors)
    return result


def _resolve(name: str, raws: dict[str, _Raw], invalid: set[str], folder: Path) -> tuple[Policy, str]:
    chain = [name]
    raw = raws[name]
    while (parent := raws[chain[-1]].data.get("extends")) is not None:
        child = raws[chain[-1]]
        if not isinstance(parent, str):
            break  # already reported by validation
        if parent in chain:
            # Reported at the extends line of each policy in the cycle (a policy that only leads
            # into a cycle gets the error of the policy where it closes).
            cycle = " -> ".join([*chain[chain.index(parent):], parent])
            where = raw if parent == name else child
            raise ConfigErrors([where.doc.error(("extends",), f"extends cycle: {cycle}")])
        if parent not in raws:
            why = "is invalid (see its errors)" if parent in invalid else "does not exist"
            raise ConfigErrors([child.doc.error(
                ("extends",), f"policy '{parent}' {why} in {display_path(folder)}")])
        chain.append(parent)
    merged: dict[str, Any] = {}
    digest = b""
    for link in reversed(chain):
        data = {k: v for k, v in raws[link].data.items() if k not in ("name", "extends")}
        merged = _deep_merge(merged, data)
        digest = hashlib.sha256(digest + raws[link].digest).digest() if digest else raws[link].digest
    merged["name"] = name
    if raw.data.get("extends") is not None:
        merged["extends"] = raw.data["extends"]
    try:
        policy = Policy.model_validate(merged)
    except Exception as exc:  # a merge of two valid files that is invalid: point at the child
        raise ConfigErrors([raw.doc.error((), f"invalid after applying extends: {exc}")]) from None
    return policy, digest.hex()[:12]
