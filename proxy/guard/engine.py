"""The text-level guard: run a policy's checks over the texts of a request or an answer, decide, rewrite.

`Guard` is built once per process with the PII analyzer and the toxicity scorer (either may be
missing: a check that needs it then fails and the policy's `on_error` decides). Per request:

    verdict = await guard.input(policy, texts, roles)        # before forwarding
    answer = await guard.output(policy, texts, verdict.vault)  # a whole (non-streamed) answer
    stream = guard.output_stream(policy, verdict.vault)      # a streamed answer, per channel

`json_texts` (one flag per text, from `TextSlot.is_json`) marks texts that are JSON documents (tool
call arguments): values redacted from them are stored decoded, and originals restored into them
go in JSON-string-escaped, so the arguments stay valid JSON with the same meaning.

Decisions: block > redact > flag > allow. `redact` replaces each value by `<ENTITY_TYPE_N>` (the
same value, the same placeholder, within the request) and remembers it in the request's `Vault`;
with `input.pii.restore` the answer gets the originals back. In `monitor` mode nothing changes:
the verdict says what enforce would have done (`would_decision`, records' `would_block` ...).
A check that cannot run raises `GuardUnavailable` under `on_error: block`, and is recorded and
skipped under `on_error: allow`.

Records (`verdict.records`) are what the decision log holds per check: phase, check, action,
`findings` (type -> count) or `scores` (label -> max), ms. Never text, never values.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from proxy.config.policy import InputRules, OutputRules, Policy
from proxy.guard import operators
from proxy.guard.checks.base import (
    Check,
    CheckContext,
    CheckError,
    Finding,
    Inspection,
    Phase,
    ToxicityScorer,
)
from proxy.guard.checks.bias import BiasCheck
from proxy.guard.checks.patterns import PatternCheck
from proxy.guard.checks.pii import PiiCheck
from proxy.guard.checks.scores import ScoreCache
from proxy.guard.checks.secrets import SecretsCheck
from proxy.guard.checks.toxicity import ToxicityCheck
from proxy.guard.decision import GuardUnavailable, block_message, rank, strongest
from proxy.guard.fair49 import mark as mark_big
from proxy.guard.joined import Join, Sibling
from proxy.guard.keyed import Group
from proxy.guard.rewrite import apply_findings, rewritten
from proxy.guard.vault import Vault, new_tag
from proxy.guard.windows import OutputWindows
from proxy.nlp import segment, warm33
from proxy.nlp.pii import PiiAnalyzer

__all__ = [
    "CheckError", "Finding", "Guard", "GuardUnavailable", "InputVerdict", "OutputVerdict", "ToxicityScorer",
    "apply_findings",
]

Record = dict[str, Any]
# The checks that score prose (a model reads the words): ids and names screened as data are not theirs.
SCORING = frozenset({"toxicity", "bias"})


@dataclass
class PhaseResult:
    """Findings per text and the records of one phase over a list of texts."""

    findings: list[list[Finding]]
    records: list[Record]
    decision: str  # what enforce mode decides: allow | flag | redact | block


@dataclass
class InputVerdict:
    decision: str                   # allow | redact | flag | block (monitor: allow or flag)
    texts: list[str | None]         # rewritten texts, None where unchanged (always None in monitor)
    vault: Vault
    records: list[Record]
    policy: str
    block_check: str | None = None  # the check that blocked (with would_decision in monitor)
    block_reason: str | None = None  # for the 400 body: policy and check, never text
    would_decision: str | None = None  # monitor mode: what enforce would have decided
    deferred: asyncio.Task[PhaseResult] | None = field(default=None, repr=False)

    @property
    def blocked(self) -> bool:
        return self.decision == "block"

    async def settle(self, guard: Guard, policy: Policy) -> InputVerdict:
        """Wait for checks run in parallel with the upstream call (`toxicity.parallel`) and fold them in."""
        if self.deferred is None:
            return self
        task, self.deferred = self.deferred, None
        late = await task
        self.records.extend(late.records)
        guard.fold_late(self, policy, late)
        return self


@dataclass
class OutputVerdict:
    decision: str
    texts: list[str | None]         # what the client gets, None where unchanged ("" where blocked)
    blocked: list[int]              # indices of texts withheld (block on output)
    records: list[Record]
    policy: str
    block_check: str | None = None
    block_reason: str | None = None
    would_decision: str | None = None


class Guard:
    """The checks of this process, run for one policy phase at a time."""

    def __init__(self, pii: PiiAnalyzer | None = None, scorer: ToxicityScorer | None = None, *,
                 check_timeout_s: float = 30.0, stream_hold_chars: int = 200) -> None:
        self.pii = pii
        self.scores = ScoreCache(scorer)
        self.check_timeout_s = check_timeout_s
        self.stream_hold_chars = stream_hold_chars
        self.checks: list[Check] = [PiiCheck(pii), SecretsCheck(), PatternCheck(), ToxicityCheck(self.scores),
                                    BiasCheck(self.scores)]

    async def start(self) -> None:
        # presidio-anonymizer's import (~0.1 s) in a thread: small rewrites later run on the event loop.
        await operators.run(operators.preload)
        await operators.run(segment.warm)  # the word lists that split identifiers for `patterns:` (~0.5 s)
        await operators.run(warm33.warm)  # the IBAN layouts the windows read (never Presidio's import: warm33)
        if self.pii is not None:
            await self.pii.start()

    async def close(self) -> None:
        if self.pii is not None:
            await self.pii.close()

    # ---- running checks

    async def _run_one(self, check: Check, texts: Sequence[str], ctx: CheckContext, policy: Policy,
                       ) -> tuple[Inspection | None, Record]:
        started = time.perf_counter()
        try:
            result = await asyncio.wait_for(check.inspect(texts, ctx), self.check_timeout_s)
        except (CheckError, TimeoutError) as exc:
            reason = str(exc) if isinstance(exc, CheckError) else f"timed out after {self.check_timeout_s:g} s"
            on_error = policy.on_error_for(ctx.phase, check.name)
            record: Record = {"phase": ctx.phase, "check": check.name, "action": "error", "error": reason,
                              "on_error": on_error, "ms": _ms(started)}
            if on_error == "block":
                raise GuardUnavailable(check.name, reason, [record]) from None
            return None, record
        record = {"phase": ctx.phase, "check": check.name, "action": "allow"}
        flat = [f for per_text in result.findings for f in per_text]
        record["action"] = _record_action(strongest([f.action for f in flat]) if flat else "allow", policy)
        if result.scores:
            record["scores"] = result.scores
        else:
            record["findings"] = dict(sorted(_counts(flat).items()))
        groups = sorted({g for f in flat for g in f.groups})
        if groups:
            record["groups"] = groups
        record["ms"] = _ms(started)
        return result, record

    async def run_phase(self, policy: Policy, phase: Phase, texts: Sequence[str], *, vault: Vault | None = None,
                        roles: Sequence[str] | None = None, only: set[str] | None = None,
                        skip: set[str] | None = None, joined: bool = True,
                        joinable: Sequence[Join] | None = None, documents: Sequence[Sequence[Sibling]] = (),
                        json_texts: Sequence[int] | None = None,
                        screened: dict[str, None] | None = None,
                        prose: Sequence[bool] | None = None, groups: Sequence[Group] = (),
                        shown: Sequence[Sequence[int]] = ()) -> PhaseResult:
        """Run the configured checks of one phase concurrently; merge their findings per text. `joined`:
        also read the texts together (a value or phrase split across them); False for pieces of one text.
        `joinable`: per text, whether it is read with its neighbours (`proxy.guard.joined.joints`);
        `documents` and `json_texts`: the values of one JSON document read together
        (`proxy.guard.joined.sibling_joints`); `groups`: arrays and small objects of digits under a key, each read as
        one value (`proxy.guard.keyed`). `prose`: per text, False for an id or a name screened as data
        (`TextSlot.prose`): the scoring checks (toxicity, bias) read it as blank (an id is not prose). `shown`: the
        texts a client shows joined, each run in order (`proxy.guard.phases.heading_runs`: a table's header ending one
        text block names the values of the next, `proxy.guard.keyed.labelled_values`)."""
        rules: InputRules | OutputRules = policy.input if phase == "input" else policy.output
        mark_big(texts)  # a big request's in-process work in a lane of its own (fair49)
        if screened is None and phase == "output" and vault is not None and joined:
            screened = vault.screened  # whole answers: a repeated input text reuses its scores
        restored = phase == "output" and vault is not None and bool(vault) and policy.input.pii is not None \
            and policy.input.pii.restore
        ctx = CheckContext(phase, rules, vault, roles, joined, joinable, screened, documents if joined else (),
                           json_texts if joined else None, groups if joined else (), restored, prose,
                           shown if joined else ())
        checks = [c for c in self.checks if c.applies(rules)
                  and (only is None or c.name in only) and (skip is None or c.name not in skip)]
        if prose is not None and not any(prose):  # ids and names alone: nothing for the scoring checks
            checks = [c for c in checks if c.name not in SCORING]
        findings: list[list[Finding]] = [[] for _ in texts]
        if not checks or not texts:
            return PhaseResult(findings, [], "allow")
        prose_texts = texts
        if prose is not None and not all(prose):
            prose_texts = [t if is_prose else "" for t, is_prose in zip(texts, prose, strict=True)]
        outcomes = await asyncio.gather(*(self._run_one(c, prose_texts if c.name in SCORING else texts, ctx, policy)
                                          for c in checks), return_exceptions=True)
        records: list[Record] = []
        failure: GuardUnavailable | None = None
        for outcome in outcomes:
            if isinstance(outcome, GuardUnavailable):
                failure = failure or outcome
                records.extend(outcome.records)
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                inspection, record = outcome
                records.append(record)
                if inspection is not None:
                    for i, per_text in enumerate(inspection.findings):
                        findings[i].extend(per_text)
        if failure is not None:
            failure.records = records
            raise failure
        flat = [f.action for per_text in findings for f in per_text]
        return PhaseResult(findings, records, strongest(flat) if flat else "allow")

    # ---- input

    async def input(self, policy: Policy, texts: Sequence[str], roles: Sequence[str] | None = None, *,
                    defer_parallel: bool = False, json_texts: Sequence[int] | None = None,
                    team: str | None = None, joinable: Sequence[Join] | None = None,
                    documents: Sequence[Sequence[Sibling]] = (), prose: Sequence[bool] | None = None,
                    groups: Sequence[Group] = (), tagged: str = "",
                    shown: Sequence[Sequence[int]] = ()) -> InputVerdict:
        """Screen every text the client sent. With `defer_parallel` and `input.toxicity.parallel`, toxicity
        and bias run in the background: forward at once, then `await verdict.settle(guard, policy)`
        before releasing the answer. `team` salts the `hash` operator. `joinable`: per text, whether it
        is also read with its neighbours (None: all; see `proxy.guard.joined`); `documents`: the texts of
        each JSON document, read together (`proxy.guard.joined.sibling_joints`, as JSON texts are); `prose`:
        per text, False for an id or a name screened as data (not read by toxicity or bias, `run_phase`); `tagged`:
        how its placeholders are tagged ("turn": a random tag of the request's own, `Vault.tag`; "value": each
        value's own, `Vault.keyed`; "": none; `proxy.providers.state`); `shown`: the texts a client joins
        into one (a message's content parts, `proxy.guard.parts26.input_runs`)."""
        rules = policy.input
        deferred_names = {"toxicity", "bias"} if (defer_parallel and rules.toxicity is not None
                                                  and rules.toxicity.parallel) else set()
        screened: dict[str, None] = {}  # what toxicity and bias scored: the answer's check reuses it
        json_flags = _json_flags(json_texts)
        result = await self.run_phase(policy, "input", texts, roles=roles, skip=deferred_names, joinable=joinable,
                                      documents=documents, json_texts=json_flags, screened=screened, prose=prose,
                                      groups=groups, shown=shown)
        verdict = await self._input_verdict(policy, list(texts), result, json_texts, team, tagged)
        verdict.vault.screened = screened
        if deferred_names and not verdict.blocked:
            verdict.deferred = asyncio.create_task(
                self.run_phase(policy, "input", texts, roles=roles, only=deferred_names, joinable=joinable,
                               documents=documents, json_texts=json_flags, screened=screened, prose=prose,
                               groups=groups, shown=shown))
        return verdict

    async def _input_verdict(self, policy: Policy, texts: list[str], result: PhaseResult,
                             json_texts: Sequence[int] | None = None, team: str | None = None,
                             tagged: str = "") -> InputVerdict:
        vault = Vault(team=team, tag=new_tag() if tagged == "turn" else "", keyed=tagged == "value")
        vault.reserve_written(texts)
        verdict = InputVerdict("allow", [None] * len(texts), vault, result.records, policy.name)
        self._decide(verdict, policy, result)
        if verdict.decision == "redact":
            todo = [i for i, found in enumerate(result.findings) if any(f.action == "redact" for f in found)]
            rule = policy.input.pii

            def rewrite() -> list[str]:
                return [apply_findings(texts[i], result.findings[i], vault, in_json=_flag(json_texts, i), rule=rule)
                        for i in todo]

            size = sum(len(texts[i]) for i in todo)
            for i, new in zip(todo, await rewritten(rewrite, policy, verdict.records, "input", size), strict=True):
                verdict.texts[i] = new
        return verdict

    def fold_late(self, verdict: InputVerdict, policy: Policy, late: PhaseResult) -> None:
        """Merge the decision of deferred checks (they only block or flag) into a verdict."""
        if late.decision == "allow":
            return
        probe = InputVerdict("allow", [], verdict.vault, [], policy.name)
        self._decide(probe, policy, late)
        if policy.monitor:
            if rank(probe.would_decision) > rank(verdict.would_decision):
                verdict.would_decision = probe.would_decision
                verdict.block_check = probe.block_check or verdict.block_check
            if probe.decision == "flag":
                verdict.decision = "flag"
        elif rank(probe.decision) > rank(verdict.decision):
            verdict.decision = probe.decision
            verdict.block_check, verdict.block_reason = probe.block_check, probe.block_reason

    def _decide(self, verdict: InputVerdict | OutputVerdict, policy: Policy, result: PhaseResult) -> None:
        decision = result.decision
        block = next((f for per_text in result.findings for f in per_text if f.action == "block"), None)
        if block is not None:
            verdict.block_check = block.check
            verdict.block_reason = block_message(policy.name, block.check, block.kind)
        if policy.monitor:
            verdict.would_decision = decision
            verdict.decision = "flag" if decision != "allow" else "allow"
            verdict.block_reason = None
        else:
            verdict.decision = decision

    # ---- output (whole answers)

    async def output(self, policy: Policy, texts: Sequence[str], vault: Vault | None = None, *,
                     json_texts: Sequence[int] | None = None, joinable: Sequence[Join] | None = None,
                     documents: Sequence[Sequence[Sibling]] = (), prose: Sequence[bool] | None = None,
                     groups: Sequence[Group] = (), url_fields: Sequence[bool] | None = None,
                     url_before: Sequence[str] | None = None, url_after: Sequence[str] | None = None,
                     shown: Sequence[Sequence[int]] = ()) -> OutputVerdict:
        """Screen a whole answer: output checks on the model's text, then restore (input.pii.restore).
        `prose`: per text, False for an id or a name screened as data (`run_phase`). `url_fields`: per text,
        True for a URL field (a citation's `url`): a URL from its first character, restored only where the
        client sent that URL (`Vault.restore`). `url_before`: per text, what the answer's texts before it say of
        a URL it may be inside (`proxy.guard.urls.url_befores`); `url_after`: the start of the texts after it
        (`proxy.guard.hosts.url_afters`: a host it may be a label of); `shown`: the texts a client shows joined
        (`run_phase`)."""
        vault = vault if vault is not None else Vault()
        restore = vault if policy.input.pii is not None and policy.input.pii.restore and vault else None
        result = await self.run_phase(policy, "output", texts, vault=vault, joinable=joinable, documents=documents,
                                      json_texts=_json_flags(json_texts), prose=prose, groups=groups, shown=shown)
        verdict = OutputVerdict("allow", [None] * len(texts), [], result.records, policy.name)
        self._decide(verdict, policy, result)
        rule = policy.output.pii
        news: dict[int, str] = {}
        todo: list[int] = []
        plain: list[int] = []  # restored as they are (`restore`, below)
        for i, found in enumerate(result.findings):
            if policy.monitor:
                plain.append(i)
            elif any(f.action == "block" for f in found):
                verdict.blocked.append(i)
                news[i] = ""
            elif any(f.action == "redact" and f.end > f.start for f in found):
                todo.append(i)
            else:
                plain.append(i)

        def restored() -> list[str]:
            return [restore.restore(texts[i], in_json=_flag(json_texts, i), whole_url=_flag(url_fields, i),
                                    before=_before(url_before, i), after=_before(url_after, i))
                    if restore is not None else texts[i]
                    for i in plain]

        if plain and restore is not None:
            # Restore reads a long answer's URLs and tags (`proxy.guard.urls`: about 0.3 ms per KB of HTML, more
            # for thousands of links): off the event loop past `operators.INLINE_CHARS`, as the checks are.
            size = sum(len(texts[i]) for i in plain)
            news.update(zip(plain, await operators.run(restored, size), strict=True))
        else:
            news.update((i, texts[i]) for i in plain)

        def rewrite() -> list[str]:
            return [apply_findings(texts[i], result.findings[i], vault, restore, in_json=_flag(json_texts, i),
                                   rule=rule, restorable=False, whole_url=_flag(url_fields, i),
                                   before=_before(url_before, i), after=_before(url_after, i)) for i in todo]

        if todo:
            size = sum(len(texts[i]) for i in todo)
            news.update(zip(todo, await rewritten(rewrite, policy, verdict.records, "output", size), strict=True))
        for i, text in enumerate(texts):
            verdict.texts[i] = None if news[i] == text else news[i]
        return verdict

    def output_stream(self, policy: Policy, vault: Vault | None = None) -> OutputWindows:
        """A streamed answer: see `proxy.guard.windows.OutputWindows`."""
        return OutputWindows(self, policy, vault if vault is not None else Vault(), self.stream_hold_chars)


def _counts(findings: Sequence[Finding]) -> Counter[str]:
    """Findings per type for the record: a value read over several texts or fields (`{"area": "617", "exchange":
    "555", "line": "0143"}`), redacted piece by piece, counts once (`Finding.value`)."""
    counts = Counter(f.kind for f in findings if not f.value)
    counts.update(kind for kind, _ in {(f.kind, f.value) for f in findings if f.value})
    return counts


def _json_flags(flags: Sequence[int] | None) -> list[int] | None:
    """`json_texts` as `run_phase` takes them: JSON texts (tool-call arguments) read value by value too; a flag
    is `True` (`JSON`) or one of `proxy.guard.joined`'s kinds (`JSON_DOC`: a tool's output sent as JSON)."""
    return [int(flag) for flag in flags] if flags is not None and any(flags) else None


def _flag(flags: Sequence[int] | None, i: int) -> bool:
    return flags is not None and i < len(flags) and bool(flags[i])


def _before(befores: Sequence[str] | None, i: int) -> str:
    return befores[i] if befores is not None and i < len(befores) else ""


def _record_action(action: str, policy: Policy) -> str:
    if policy.monitor and action in ("block", "redact"):
        return f"would_{action}"
    return action


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
