"""Score-based checks over a `ToxicityScorer`: toxicity thresholds, and bias (identity-targeted).

Both read the same scores: `ScoreCache` scores each distinct text once (sha256 -> scores, bounded
LRU, no text kept), so a resent conversation history is not scored again and the bias check reuses
what the toxicity check asked for.

Bias: a text is biased when `identity_attack` reaches the threshold, or when it is toxic
(`toxicity` at the threshold) and about an identity group the policy names (the unbiased model's
group labels: the probability that the text mentions that group), i.e.
`max(identity_attack, min(toxicity, max(group scores)))`. With no group labels from the model,
only `identity_attack` counts. The groups a finding is about are recorded (names, no text).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import IDENTITY_GROUPS, InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection, ToxicityScorer

GROUP_MENTION = 0.5  # a group score at or above this means the text is about that group


class ScoreCache:
    """Scores per distinct text, shared by the toxicity and bias checks of one Guard."""

    def __init__(self, scorer: ToxicityScorer | None, size: int = 20_000) -> None:
        self.scorer = scorer
        self.size = size
        self._cache: OrderedDict[bytes, dict[str, float]] = OrderedDict()
        self._lock = asyncio.Lock()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.scorer.labels) if self.scorer is not None else ()

    async def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if self.scorer is None:
            raise CheckError("toxicity model not loaded")
        keys = [hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest()[:20] for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache and t.strip()}
        if missing:
            try:
                scored = await self.scorer.score(list(missing.values()))
            except CheckError:
                raise
            except Exception as exc:  # the scorer's own errors must not carry text: name the type only
                # ...unless the scorer reports why its model is unusable (load errors never hold request text).
                status_error = getattr(self.scorer, "error", None)
                if isinstance(status_error, str) and status_error:
                    raise CheckError(f"the toxicity model is not loaded: {status_error}") from None
                raise CheckError(f"toxicity scoring failed: {type(exc).__name__}") from None
            if len(scored) != len(missing):
                raise CheckError("toxicity scorer returned a wrong number of results")
            for key, result in zip(missing, scored, strict=True):
                self._cache[key] = {k: float(v) for k, v in result.items()}
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return [self._cache.get(k, {}) for k in keys]


def _max_scores(all_scores: list[dict[str, float]], labels: Sequence[str]) -> dict[str, float]:
    return {label: round(max((s.get(label, 0.0) for s in all_scores), default=0.0), 4) for label in labels}


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
        return Inspection(findings, _max_scores(all_scores, list(rule.thresholds)))


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
        return Inspection(findings, _max_scores(all_scores, ["identity_attack", *groups]))
