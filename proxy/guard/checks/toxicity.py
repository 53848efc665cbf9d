"""The toxicity check: a finding per label whose score reaches the policy's threshold for it, per text and
per joint between texts (a phrase split across content parts: `proxy.guard.checks.scores.joined`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.checks.scores import ScoreCache, joined, max_scores


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
        per_text, per_joint = await joined(self.cache, texts, ctx.joined, ctx.joinable,
                                           screened=ctx.screened, phase=ctx.phase, vault=ctx.vault)
        findings = [
            [Finding("toxicity", label, rule.action, score=round(s[label], 4))
             for label, threshold in rule.thresholds.items() if s.get(label, 0.0) >= threshold]
            for s in per_text
        ]
        for indices, s in per_joint:  # a phrase split across texts: none of them reaches it alone
            for label, threshold in rule.thresholds.items():
                if s.get(label, 0.0) >= threshold and all(per_text[i].get(label, 0.0) < threshold for i in indices):
                    for i in indices:
                        if all(f.kind != label for f in findings[i]):  # joints overlap where texts are short
                            findings[i].append(Finding("toxicity", label, rule.action, score=round(s[label], 4)))
        return Inspection(findings, max_scores([*per_text, *(s for _, s in per_joint)], list(rule.thresholds)))
