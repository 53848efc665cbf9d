"""The secrets check: API keys, tokens, private keys, credentials in URLs and JWTs (`proxy.nlp.secrets`).

Each secret is a finding named after its kind (`AWS_ACCESS_KEY`) with the rule's action. Scanning is
CPU work and runs in the anonymizer's threads, never on the event loop. On output, the request's own
placeholders and synthesized values are left alone (a restored secret is the client's own).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules
from proxy.guard import operators
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection


class SecretsCheck:
    name: ClassVar[str] = "secrets"

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return rules.secrets is not None

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        rule = ctx.rules.secrets
        assert rule is not None
        from proxy.nlp.secrets import find_secrets  # detect-secrets loads its plugins on first use

        def scan() -> list[list[tuple[str, int, int]]]:
            return [find_secrets(text) for text in texts]

        try:
            found = await operators.run(scan)
        except Exception as exc:  # never the text: the type only
            raise CheckError(f"secrets scan failed: {type(exc).__name__}") from None
        out: list[list[Finding]] = []
        for text, spans in zip(texts, found, strict=True):
            protected = ctx.vault.protected_spans(text) if ctx.phase == "output" and ctx.vault is not None else []
            out.append([Finding("secrets", kind, rule.action, start, end) for kind, start, end in spans
                        if not any(start < e and b < end for b, e in protected)])
        return Inspection(out)
