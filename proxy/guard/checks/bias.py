"""The bias check: identity-targeted toxicity, from the same scores as the toxicity check.

A text is biased when `identity_attack` reaches the threshold, or when it is toxic (`toxicity` at the
threshold) and about an identity group the policy names (the unbiased model's group labels: the
probability that the text mentions that group), i.e. `max(identity_attack, min(toxicity, max(group
scores)))`. With no group labels from the model, only `identity_attack` counts. The groups a finding
is about are recorded (names, no text). Texts are read apart and together, as by the toxicity check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import IDENTITY_GROUPS, InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.checks.scores import ScoreCache, joined, max_scores

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
        per_text, per_joint = await joined(self.cache, texts, ctx.joined, ctx.joinable,
                                           screened=ctx.screened, phase=ctx.phase, vault=ctx.vault)
        groups = [g for g in (rule.groups or sorted(IDENTITY_GROUPS)) if g in self.cache.labels]

        def biased(s: dict[str, float]) -> tuple[float, tuple[str, ...]]:
            about = tuple(g for g in groups if s.get(g, 0.0) >= GROUP_MENTION)
            targeted = min(s.get("toxicity", 0.0), max((s[g] for g in about), default=0.0))
            return max(s.get("identity_attack", 0.0), targeted), about

        judged = [biased(s) for s in per_text]
        findings: list[list[Finding]] = [
            [Finding("bias", "identity_attack", rule.action, score=round(score, 4), groups=about)]
            if score >= rule.threshold else [] for score, about in judged]
        for indices, s in per_joint:  # split across texts: none of them reaches it alone
            score, about = biased(s)
            if score >= rule.threshold and all(judged[i][0] < rule.threshold for i in indices):
                for i in indices:
                    if not findings[i]:  # joints overlap where texts are short
                        findings[i].append(Finding("bias", "identity_attack", rule.action,
                                                   score=round(score, 4), groups=about))
        return Inspection(findings, max_scores([*per_text, *(s for _, s in per_joint)], ["identity_attack", *groups]))
