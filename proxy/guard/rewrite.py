"""Rewriting texts from findings: each `redact` finding becomes what its operator makes of it, originals
go back in.

A check finds, the engine decides, this module applies (Presidio's split between analyzer and
anonymizer): each span goes through presidio-anonymizer's operator for its entity type
(`proxy.guard.operators`; placeholders by default). Placeholders and synthesized values are
remembered in the request's `Vault`, so the answer can be restored. This is CPU work: the guard runs
it through `proxy.guard.operators.run`, off the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from proxy.config.policy import PiiRule, Policy
from proxy.guard import operators
from proxy.guard.checks.base import Finding
from proxy.guard.decision import GuardUnavailable
from proxy.guard.fp46 import json_quoted
from proxy.guard.joined import json_bare_numbers
from proxy.guard.keyed import json_like
from proxy.guard.operators import Rewriter, anonymize
from proxy.guard.urls import Before
from proxy.guard.vault import Vault


def apply_findings(text: str, findings: Sequence[Finding], vault: Vault, restore: Vault | None = None, *,
                   in_json: bool = False, rule: PiiRule | None = None, restorable: bool = True,
                   json_inside: bool = False, before: Before = "", whole_url: bool = False, after: str = "") -> str:
    """Replace every `redact` finding by its operator's output; with `restore`, put originals back elsewhere.

    Overlapping redactions (a pattern inside a PII span) become one replacement over their union,
    typed by the first (PII entity type, else the pattern's name in upper case). `in_json`: `text`
    is (part of) a JSON document; redacted values are remembered decoded, originals go back escaped.
    `rule`: the PII rule whose `operators` apply (None: placeholders only). `restorable`: placeholders
    and fakes may be restored later (input); the output phase passes False for synthesized values.
    A redaction in a number of a JSON text (`{"a":5555,...}`) replaces the whole number by a JSON string,
    so the document stays valid (`json_inside`: the text is a fragment that starts inside a string).
    A request's text (no `restore`, `restorable`) tells the vault which URLs the client sent with a value in
    them (`Vault.note_urls`); an answer's is restored outside URLs (`Vault.restore`; `before`: the text of the
    same field already released, a stream's `proxy.guard.urls.url_context`; `whole_url`: a URL field; `after`: the
    start of the answer's texts after it, `proxy.guard.hosts.url_afters`).
    """
    spans = sorted((f for f in findings if f.action == "redact" and f.end > f.start), key=lambda f: (f.start, -f.end))
    merged: list[tuple[Finding, int, int]] = []
    unions: set[int] = set()  # merged spans made of several findings
    for f in spans:
        if merged and f.start < merged[-1][2]:
            first, start, end = merged[-1]
            unions.add(len(merged) - 1)
            merged[-1] = (first, start, max(end, f.end))
        else:
            if f.merged:
                unions.add(len(merged))
            merged.append((f, f.start, f.end))
    if not merged:
        return restore.restore(text, in_json=in_json, before=before, whole_url=whole_url, after=after) \
            if restore is not None else text
    quoted: set[int] = set()
    if in_json or _json_document(text):  # (a message or answer text that is a JSON document: as its arguments)
        merged, quoted = _whole_numbers(merged, json_bare_numbers(text, json_inside))
        quoted = json_quoted(text, [(a, b) for _, a, b in merged], quoted, json_inside)  # only a JSON value's (fp46)
    rewriter = Rewriter(rule, vault, restorable=restorable, text=text, restore=restore)
    items = [(start, end, f.check, f.kind if f.check == "pii" else f.kind.upper().replace("-", "_"))
             for f, start, end in merged]
    new, replaced = anonymize(text, items, rewriter, in_json, unions=unions)
    if quoted and len(replaced) == len(items):
        new, replaced = _quote(new, replaced, quoted)
    if restore is None:
        if restorable:
            vault.note_urls(new, replaced)
        return new
    # Restore only between the replacements: a new placeholder must not turn back into the model's value.
    return restore.restore(new, in_json=in_json, before=before, whole_url=whole_url, keep=replaced, after=after)


def _json_document(text: str) -> bool:
    """Whether `text` is a JSON object or array as a whole (`{"ssn": [536, 90, 4399]}` as an answer's content): a
    redacted number in it becomes a JSON string too, so the document stays valid and an array keeps its length."""
    if not json_like(text.lstrip()):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _whole_numbers(merged: list[tuple[Finding, int, int]], numbers: Sequence[tuple[int, int]],
                   ) -> tuple[list[tuple[Finding, int, int]], set[int]]:
    """Redactions widened to the whole JSON numbers they touch (merged where that makes them overlap), and
    which of them (by position) touch one: their replacement is put in quotes."""
    if not numbers:
        return merged, set()
    out: list[tuple[Finding, int, int]] = []
    quoted: set[int] = set()
    for f, start, end in merged:
        touched = False
        for a, b in numbers:
            if a < end and start < b:
                start, end, touched = min(start, a), max(end, b), True
        if out and start < out[-1][2]:
            first, s0, e0 = out[-1]
            out[-1] = (first, s0, max(e0, end))
            if touched:
                quoted.add(len(out) - 1)
            continue
        if touched:
            quoted.add(len(out))
        out.append((f, start, end))
    return out, quoted


def _quote(text: str, replaced: list[tuple[int, int]], quoted: set[int]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with the replacements at the positions in `quoted` put in quotes (a JSON string)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = shift = 0
    for n, (start, end) in enumerate(replaced):
        parts.append(text[pos:start])
        if n in quoted:
            parts.append(f'"{text[start:end]}"')
            spans.append((start + shift, end + shift + 2))
            shift += 2
        else:
            parts.append(text[start:end])
            spans.append((start + shift, end + shift))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), spans


async def rewritten(rewrite: Callable[[], list[str]], policy: Policy, records: list[dict[str, Any]], phase: str,
                    chars: int | None = None) -> list[str]:
    """The rewritten texts, computed off the event loop. An operator that cannot run (a key missing) is a
    check failure of `pii`: 503 under `on_error: block`; under `allow` a 503 too, since passing the
    value on unrewritten would leak it (fail closed)."""
    try:
        return await operators.run(rewrite, chars)
    except operators.OperatorError as exc:
        records.append({"phase": phase, "check": "pii", "action": "error", "error": str(exc),
                        "on_error": policy.on_error_for(phase, "pii")})
        raise GuardUnavailable("pii", str(exc), records) from None
