"""The toxicity check: a finding per label whose score reaches the policy's threshold for it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.checks.scores import ScoreCache, max_scores


class ToxicityCheck:
    name: ClassVar[str] = "toxicity"

    def __init__(self, cache: ScoreCache) -> None:
        self.cache = cache

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return rules.toxicity is not None

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        rule = ctx.rules.toxicity
        assert rule is not None
        missing = [label for label in rule.thresholds if label not in self.cache.labels]
        if self.cache.scorer is not None and missing:
            raise CheckError(f"the toxicity model has no label {', '.join(sorted(missing))}")
        all_scores = await self.cache.scores(texts)
        findings = [
            [Finding("toxicity", label, rule.action, score=round(s[label], 4))
             for label, threshold in rule.thresholds.items() if s.get(label, 0.0) >= threshold]
            for s in all_scores
        ]
        return Inspection(findings, max_scores(all_scores, list(rule.thresholds)))
