"""Regex rules (`patterns:` in a policy): each match is a finding named after its rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, Finding, Inspection
from proxy.guard.vault import PLACEHOLDER


class PatternCheck:
    name: ClassVar[str] = "patterns"

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return bool(rules.patterns)

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        return Inspection([self.find(text, ctx) for text in texts])

    @staticmethod
    def find(text: str, ctx: CheckContext) -> list[Finding]:
        protected = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)] if ctx.phase == "output" else []
        if ctx.phase == "output" and ctx.vault is not None:  # the request's fakes stand for the client's values
            protected += ctx.vault.fake_spans(text)
        found: list[Finding] = []
        for rule in ctx.rules.patterns:
            for m in rule.compiled.finditer(text):
                if m.end() > m.start() and not any(m.start() < e and b < m.end() for b, e in protected):
                    found.append(Finding("patterns", rule.name, rule.action, m.start(), m.end()))
        return found
