"""Rewriting texts from findings: each `redact` finding becomes its placeholder, originals go back in.

A check finds, the engine decides, this module applies (Presidio's split between analyzer and
anonymizer). Placeholders are remembered in the request's `Vault`, so the answer can be restored.
"""

from __future__ import annotations

from collections.abc import Sequence

from proxy.guard.checks.base import Finding
from proxy.guard.vault import Vault, json_unescape


def apply_findings(text: str, findings: Sequence[Finding], vault: Vault, restore: Vault | None = None, *,
                   in_json: bool = False) -> str:
    """Replace every `redact` finding by its placeholder; with `restore`, put originals back elsewhere.

    Overlapping redactions (a pattern inside a PII span) become one placeholder over their union,
    typed by the first (PII entity type, else the pattern's name in upper case). `in_json`: `text`
    is (part of) a JSON document; redacted values are remembered decoded, originals go back escaped.
    """
    spans = sorted((f for f in findings if f.action == "redact" and f.end > f.start), key=lambda f: (f.start, -f.end))
    merged: list[tuple[Finding, int, int]] = []
    for f in spans:
        if merged and f.start < merged[-1][2]:
            first, start, end = merged[-1]
            merged[-1] = (first, start, max(end, f.end))
        else:
            merged.append((f, f.start, f.end))
    out: list[str] = []
    pos = 0
    for f, start, end in merged:
        out.append(restore.restore(text[pos:start], in_json=in_json) if restore is not None else text[pos:start])
        entity = f.kind if f.check == "pii" else f.kind.upper().replace("-", "_")
        value = text[start:end]
        out.append(vault.placeholder(entity, json_unescape(value) if in_json else value))
        pos = end
    out.append(restore.restore(text[pos:], in_json=in_json) if restore is not None else text[pos:])
    return "".join(out)
