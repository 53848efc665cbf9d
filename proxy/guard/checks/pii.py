"""The PII check: Presidio spans (from `PiiAnalyzer`, cached per text) filtered by a policy's rule.

The rule decides which entity types count (`entities` plus `per_entity` keys), the score floor
(`min_score`), values never reported (`allow`, compared case-insensitively, as written or normalised)
and the action per type. Spans are found in each text's normalised view and come in the text's own
offsets (`proxy.nlp.normalize`).
Overlapping spans are merged into one finding covering both (a URL inside an e-mail address, a
phone pattern inside a card number): the type of the higher-scored one, the strongest action.
On output, spans that touch one of the request's placeholders or synthesized values, or that are values
the client sent itself (restored answers), are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules, PiiRule
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.decision import strongest
from proxy.guard.vault import Vault
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer, PiiUnavailable, Span


class PiiCheck:
    name: ClassVar[str] = "pii"

    def __init__(self, analyzer: PiiAnalyzer | None) -> None:
        self.analyzer = analyzer

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return rules.pii is not None

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        rule = ctx.rules.pii
        assert rule is not None
        if self.analyzer is None:
            raise CheckError("PII analyzer not loaded")
        try:
            spans = await self.analyzer.analyze(texts, rule.checked_entities())
        except PiiUnavailable as exc:
            raise CheckError(str(exc)) from None
        return Inspection([select(text, found, rule, ctx.vault if ctx.phase == "output" else None)
                           for text, found in zip(texts, spans, strict=True)])


def select(text: str, spans: Sequence[Span], rule: PiiRule, vault: Vault | None = None) -> list[Finding]:
    """The spans the rule keeps, overlaps merged, as findings."""
    wanted = set(rule.checked_entities())
    allow = {a.strip().casefold() for a in rule.allow}
    protected = vault.protected_spans(text) if vault is not None else []
    kept = [
        s for s in spans
        if s.entity in wanted and s.score >= rule.min_score
        and not _allowed(text[s.start:s.end], allow)
        and not any(s.start < e and b < s.end for b, e in protected)
        and not (vault is not None and vault.is_original(text[s.start:s.end]))
    ]
    return merge(kept, rule)


def _allowed(value: str, allow: set[str]) -> bool:
    """An allowed value, as written or in its normalised view (`support＠example.com`)."""
    return bool(allow) and (value.strip().casefold() in allow or normalize(value).text.strip().casefold() in allow)


def merge(spans: Sequence[Span], rule: PiiRule) -> list[Finding]:
    findings: list[Finding] = []
    cluster: list[Span] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if cluster and span.start >= end:
            findings.append(_finding(cluster, rule))
            cluster = []
        cluster.append(span)
        end = max(end, span.end) if len(cluster) > 1 else span.end
    if cluster:
        findings.append(_finding(cluster, rule))
    return findings


def _finding(cluster: list[Span], rule: PiiRule) -> Finding:
    best = max(cluster, key=lambda s: (s.score, s.end - s.start))
    return Finding("pii", best.entity, strongest([rule.action_for(s.entity) for s in cluster]),
                   min(s.start for s in cluster), max(s.end for s in cluster), best.score)
