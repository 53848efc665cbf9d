"""The secrets check: API keys, tokens, private keys, credentials in URLs and JWTs (`proxy.nlp.secrets`).

Each secret is a finding named after its kind (`AWS_ACCESS_KEY`) with the rule's action. Scanning is
CPU work and runs in the anonymizer's threads, never on the event loop. On output, the request's own
placeholders and synthesized values are left alone (a restored secret is the client's own); with answers restored,
a secret the model composed around a restored value (it crosses the value's edge) is one too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules
from proxy.guard import operators
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.vault import crosses_restored, restored_views


class SecretsCheck:
    name: ClassVar[str] = "secrets"

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return rules.secrets is not None

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        rule = ctx.rules.secrets
        assert rule is not None
        from proxy.nlp.secrets import find_secrets  # detect-secrets loads its plugins on first use

        def scan() -> tuple[list[list[tuple[str, int, int]]], list[list[tuple[str, int, int]]]]:
            found = [find_secrets(text) for text in texts]
            composed: list[list[tuple[str, int, int]]] = [[] for _ in texts]
            vault = ctx.vault
            if ctx.restored and vault is not None and ctx.phase == "output":
                # Read as the client gets it, restored: a secret the model composed around a restored value
                # (`postgres://admin:pw<PERSON_1>@db`) crosses its edge (one inside a restored value is the client's).
                for i, view, own in restored_views(texts, vault):
                    for kind, a, b in find_secrets(view.text):
                        if crosses_restored(view.text, own, a, b) and not vault.is_original(view.text[a:b]):
                            composed[i].append((kind, *view.span(a, b)))
            return found, composed

        try:
            found, composed = await operators.run(scan)
        except Exception as exc:  # never the text: the type only
            raise CheckError(f"secrets scan failed: {type(exc).__name__}") from None
        out: list[list[Finding]] = []
        for text, spans, extra in zip(texts, found, composed, strict=True):
            protected = ctx.vault.protected_spans(text) if ctx.phase == "output" and ctx.vault is not None else []
            kept = [Finding("secrets", kind, rule.action, start, end) for kind, start, end in spans
                    if not any(start < e and b < end for b, e in protected)]
            out.append(kept + [f for f in (Finding("secrets", kind, rule.action, start, end)
                                           for kind, start, end in extra) if f not in kept])
        return Inspection(out)
