"""The bias check: identity-targeted toxicity, from the same scores as the toxicity check.

A text is biased when `identity_attack` reaches the threshold, or when it is toxic (`toxicity` at the
threshold) and about an identity group the policy names (the unbiased model's group labels: the
probability that the text mentions that group), i.e. `max(identity_attack, min(toxicity, max(group
scores)))`. With no group labels from the model, only `identity_attack` counts. The groups a finding
is about are recorded (names, no text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import IDENTITY_GROUPS, InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.checks.scores import ScoreCache, max_scores

GROUP_MENTION = 0.5  # a group score at or above this means the text is about that group


class BiasCheck:
    name: ClassVar[str] = "bias"

    def __init__(self, cache: ScoreCache) -> None:
        self.cache = cache

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return rules.bias is not None

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        rule = ctx.rules.bias
        assert rule is not None
        if self.cache.scorer is not None and "identity_attack" not in self.cache.labels:
            raise CheckError("the toxicity model has no label identity_attack")
        all_scores = await self.cache.scores(texts)
        groups = [g for g in (rule.groups or sorted(IDENTITY_GROUPS)) if g in self.cache.labels]
        findings: list[list[Finding]] = []
        for s in all_scores:
            about = tuple(g for g in groups if s.get(g, 0.0) >= GROUP_MENTION)
            targeted = min(s.get("toxicity", 0.0), max((s[g] for g in about), default=0.0))
            score = max(s.get("identity_attack", 0.0), targeted)
            hit = score >= rule.threshold
            findings.append([Finding("bias", "identity_attack", rule.action, score=round(score, 4), groups=about)]
                            if hit else [])
        return Inspection(findings, max_scores(all_scores, ["identity_attack", *groups]))
