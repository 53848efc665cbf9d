"""What a redacted value becomes, through presidio-anonymizer's operators: one operator per entity type.

`placeholder` (`<TYPE_N>`, restored) and `synthesize` (a fake, restored) are custom operators that
write into the request's `Vault`; `mask`, `hash` and `encrypt` are Presidio's own, with Presidio's
parameters (the hash salt, per team, and the encryption key come from the environment). Pattern
findings always become placeholders: operators are per PII entity type.

Anonymizing is CPU work: `run` moves a batch of rewrites to a small thread pool of its own, so the
event loop never waits on a large one (the vault of a request is only touched by that batch
meanwhile). A small batch (up to `INLINE_CHARS` of text, well under a millisecond of work) runs in
place: the hand-off to a thread and back costs more CPU than the rewrite itself (bench/operators.py).

The operators are presidio-anonymizer's own classes, found through its `OperatorsFactory` and run
with the same parameters (plus `entity_type`) and the same validate-then-operate order as its
`AnonymizerEngine`; the engine itself is not used: the spans arrive sorted and merged
(`proxy.guard.rewrite.apply_findings`), and its bookkeeping around them (conflict resolution,
entity validation, a text builder working from the end) cost ~35 µs a value, ten times what the
placeholder operator itself costs (bench/operators.py).

presidio-anonymizer's package imports an Azure operator that imports presidio-analyzer, torch and
transformers (15 s, hundreds of MB): `_engine_class` blocks that one module while importing, so the
proxy process loads only the anonymizer (~0.1 s) and never Presidio's analyzer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import hmac
import os
import re
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from proxy.config.policy import (
    EncryptOperator,
    HashOperator,
    MaskOperator,
    Operator,
    PiiRule,
    SynthesizeOperator,
)
from proxy.guard.fair49 import lane
from proxy.guard.synth import claim, fake_key, synthesize
from proxy.guard.vault import PLACEHOLDER, Vault, json_escape, json_unescape
from proxy.nlp.normalize import markup_spans

if TYPE_CHECKING:
    from presidio_anonymizer.operators import Operator as PresidioOperator

T = TypeVar("T")

_POOL = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="anonymize")
_LOCAL = threading.local()
_IMPORT_LOCK = threading.Lock()
_BLOCKED = "presidio_anonymizer.operators.ahds_surrogate"


class OperatorError(Exception):
    """An operator could not run (key missing, Presidio refused a parameter). Never holds a value."""


INLINE_CHARS = 4_000
MIN_FAKE_CHARS = 4  # `synthesize` on fewer characters than this gives a placeholder (restored exactly)


async def run(work: Callable[[], T], chars: int | None = None) -> T:
    """`work()` (a batch of rewrites) in the anonymizer's threads, off the event loop; in place when the
    caller says the batch covers at most `INLINE_CHARS` characters."""
    if chars is not None and chars <= INLINE_CHARS:
        return work()
    return await asyncio.get_running_loop().run_in_executor(lane(chars, _POOL), work)  # a big one's own (fair49)


class _NoAzure:
    """Import hook: the Azure de-identification operator (a network service we never call) would import
    presidio-analyzer and torch; presidio-anonymizer catches the ImportError and goes on without it."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == _BLOCKED:
            raise ImportError(f"{_BLOCKED} is not used by the proxy")
        return None


def _import_anonymizer() -> None:
    """Import presidio-anonymizer without its Azure operator. Every use goes through here first: a plain
    `from presidio_anonymizer.x import y` as the first import would pull in presidio-analyzer and torch
    (seconds, and hundreds of MB, on the first redacting request)."""
    if "presidio_anonymizer" in sys.modules:
        return
    with _IMPORT_LOCK:
        hook = _NoAzure()
        sys.meta_path.insert(0, hook)
        try:
            import presidio_anonymizer  # noqa: F401
        finally:
            sys.meta_path.remove(hook)


def _operators() -> dict[str, PresidioOperator]:
    """presidio-anonymizer's anonymize operators by name (one instance each per thread: they keep no state)."""
    found: dict[str, PresidioOperator] | None = getattr(_LOCAL, "operators", None)
    if found is None:
        _import_anonymizer()
        from presidio_anonymizer.operators import OperatorsFactory, OperatorType

        factory = OperatorsFactory()  # type: ignore[no-untyped-call]
        found = _LOCAL.operators = {name: factory.create_operator_class(name, OperatorType.Anonymize)
                                    for name in ("custom", "mask", "hash", "encrypt")}
    return found


def preload() -> None:
    """Import presidio-anonymizer now (in the calling thread), not on the first request."""
    _operators()


def team_salt(op: HashOperator, team: str | None) -> str:
    """The salt Presidio's hash gets for a team: HMAC of the environment's salt and the team name."""
    secret = os.environ.get(op.salt_env)
    if not secret:
        raise OperatorError(f"hash: environment variable {op.salt_env} is not set")
    return hmac.new(secret.encode(), f"team\0{team or 'default'}".encode(), hashlib.sha256).hexdigest()[:32]


class Rewriter:
    """The operators of one rule for one text's findings. `restorable`: placeholders and fakes go into
    the vault's restore maps (input); on output the model's own values are rewritten without. `restore` (output,
    answers restored): a span that holds one of the request's placeholders (a value the model composed around a
    restored value, `<PERSON_1>.<PERSON_2>@acme.com`) is rewritten as the client would have read it
    (`Jane.Smith@acme.com`): the same value, the same placeholder, however the model wrote it."""

    def __init__(self, rule: PiiRule | None, vault: Vault, *, restorable: bool, text: str,
                 restore: Vault | None = None) -> None:
        self.rule, self.vault, self.restorable, self.text = rule, vault, restorable, text
        self.restore = restore

    def operand(self, span: str, in_json: bool) -> str:
        """What an operator rewrites for the span `span` of the text: its placeholders restored (`restore`)."""
        return self.restore.restored_value(span, in_json=in_json) if self.restore is not None else span

    def operator(self, check: str, entity: str) -> Operator | None:
        """None: a placeholder (patterns, or a type without an operator)."""
        if check != "pii" or self.rule is None:
            return None
        op = self.rule.operators.get(entity)
        return None if op is None or op.type == "placeholder" else op

    def config(self, check: str, entity: str, in_json: bool) -> tuple[str, dict[str, Any]]:
        """Presidio's operator name and parameters for one finding's type.

        In a JSON text (tool call arguments) the span is JSON-escaped text: each operator works on the
        value it stands for and its output goes back escaped, so the document stays valid JSON."""
        op = self.operator(check, entity)
        if op is None:
            return "custom", {"lambda": lambda v: _json(self.placeholder(entity, _value(v, in_json)), in_json)}
        if isinstance(op, SynthesizeOperator):
            def synthesized(v: str) -> str:
                value = _value(v, in_json)
                if len(value.strip()) < MIN_FAKE_CHARS:
                    # A piece this short (a value's first digit, cut off in the text before) would get a
                    # fake as short, and restoring it would rewrite every such character of the answer.
                    return _json(self.placeholder(entity, value), in_json)
                return _json(self.fake(entity, value), in_json)
            return "custom", {"lambda": synthesized}
        memo = self.vault.memo
        if isinstance(op, MaskOperator | HashOperator):
            name, params = (("mask", {"masking_char": op.masking_char, "chars_to_mask": op.chars_to_mask,
                                      "from_end": op.from_end}) if isinstance(op, MaskOperator)
                            else ("hash", {"hash_type": op.hash_type, "salt": team_salt(op, self.vault.team)}))
            if not in_json:
                return name, params
            return "custom", {"lambda": lambda v: _json(_presidio(name, _value(v, True), params), True)}
        assert isinstance(op, EncryptOperator)
        key = os.environ.get(op.key_env)
        if not key:
            raise OperatorError(f"encrypt: environment variable {op.key_env} is not set")

        def encrypt(v: str) -> str:
            # Presidio's AES-CBC draws a fresh IV per call: memoised so a value reads the same in one request.
            v = _value(v, in_json)
            found = memo.get(("encrypt", entity, v))
            if found is None:
                found = memo[("encrypt", entity, v)] = _presidio("encrypt", v, {"key": key})
            return found  # base64: nothing to escape in JSON
        return "custom", {"lambda": encrypt}

    def placeholder(self, entity: str, value: str) -> str:
        """The request's placeholder for `value`; on output (not `restorable`) one that restore never undoes."""
        return self.vault.placeholder(entity, value, restorable=self.restorable)

    def fake(self, entity: str, value: str) -> str:
        """The request's fake for `value`: the same within the request; never a value already in play."""
        memo_key = ("synthesize" if self.restorable else "synthesize-out", entity, value)
        found = self.vault.memo.get(memo_key)
        if found is not None:
            return found
        key = fake_key()
        for attempt in range(20):
            fake = synthesize(entity, value, key, attempt)
            if (fake != value and fake not in self.text and self.vault.fake_for(fake) is None
                    and not self.vault.is_original(fake) and not PLACEHOLDER.search(fake)
                    and (not self.restorable or claim(fake, entity, value, key))):  # no earlier request's either
                break
        else:
            raise OperatorError(f"synthesize: no distinct fake {entity} found")
        self.vault.memo[memo_key] = fake
        if self.restorable:
            self.vault.remember_fake(fake, value)
        return fake


def _json(value: str, in_json: bool) -> str:
    return json_escape(value) if in_json else value


def _value(span: str, in_json: bool) -> str:
    return json_unescape(span) if in_json else span


def _presidio(name: str, value: str, params: dict[str, Any]) -> str:
    """One of Presidio's own operators on one value."""
    operator = _operators()[name]
    operator.validate(params)
    return str(operator.operate(value, params))


# A tag kept out of a redaction (`_tags_in`): no comment (it may hold text), no digit or `@` in its attributes.
_KEPT_TAG = re.compile(r"</?[A-Za-z][\w:-]{0,32}(?:[ \t\r\n/][^<>@0-9]{0,200})?>")


def _tags_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The HTML tags wholly inside text[start:end] (`proxy.nlp.normalize.markup_spans`) that hold no value's
    characters (`_KEPT_TAG`): a comment, or a tag with a digit or `@` in its attributes, goes with the value."""
    return [(a, b) for a, b in markup_spans(text, start, end, tags=True)
            if start <= a and b <= end and _KEPT_TAG.fullmatch(text, a, b)]


def anonymize(text: str, spans: list[tuple[int, int, str, str]], rewriter: Rewriter, in_json: bool, *,
              unions: set[int] | frozenset[int] = frozenset()) -> tuple[str, list[tuple[int, int]]]:
    """Replace each of the sorted, non-overlapping (start, end, check, entity) spans of `text` by what its
    operator makes of it (Presidio's operator classes, validated then run, as its engine does).

    Returns the new text and where each replacement sits in it (to restore only the rest). Each span's
    operator comes from its check and type, so a pattern named like an entity type never borrows one.
    `unions`: spans merged from several findings (a card found over a phone number and an IP address
    beside it): a `mask` there masks the whole span, since its tail may be another value.
    """
    operators = _operators()
    out: list[str] = []
    replaced: list[tuple[int, int]] = []
    pos = at = 0
    for n, (start, end, check, entity) in enumerate(spans):
        if start < pos or end < start:
            raise OperatorError("anonymizer: spans overlap")  # apply_findings merges them: never
        name, params = rewriter.config(check, entity, in_json)
        params = {**params, "entity_type": entity}
        # An answer's value found across HTML tags (`4111 11<span hidden>2</span>11 ...`): the tags stay as written,
        # before the replacement, which never takes a tag's syntax (atk14 B L4: `<span hidden><PHONE_NUMBER_1>` hid
        # the rest of the answer). A request's keeps its span whole: restore gives it back byte for byte.
        tags = _tags_in(text, start, end) if check == "pii" and not rewriter.restorable and "<" in text[start:end] \
            else []
        value = text[start:end]
        if tags:
            value = "".join(text[a:b] for a, b in zip([start, *(b for _, b in tags)], [*(a for a, _ in tags), end],
                                                      strict=True))
        operand = rewriter.operand(value, in_json)
        if name == "mask" and n in unions:
            params["chars_to_mask"] = len(operand)
        operator = operators[name]
        try:
            operator.validate(params=params)
            new = operator.operate(params=params, text=operand)
        except OperatorError:
            raise
        except Exception as exc:  # Presidio's errors may quote a parameter: name the type only
            raise OperatorError(f"anonymizer failed: {type(exc).__name__}") from None
        if not isinstance(new, str):
            raise OperatorError(f"anonymizer: the {name} operator gave no text")
        out.append(text[pos:start])
        at += start - pos
        for a, b in tags:
            out.append(text[a:b])
            at += b - a
        out.append(new)
        replaced.append((at, at + len(new)))
        at += len(new)
        pos = end
    out.append(text[pos:])
    return "".join(out), replaced
