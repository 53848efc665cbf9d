"""The scores the toxicity and bias checks share: each distinct text scored once by the `ToxicityScorer`.

`ScoreCache` keeps sha256 -> scores (bounded LRU, no text kept), so a resent conversation history is
not scored again and the bias check reuses what the toxicity check asked for.

`joined` scores each text's normalised view (`proxy.nlp.normalize`: `id\u200biot` reads `idiot`) and
the joints between consecutive texts (`proxy.guard.joined`: `you are a total` + `idiot`), so a phrase
split across content parts or messages is scored as one. A joint counts for a label only where none of
the texts it covers reaches the threshold alone; it then counts for each of them.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Sequence

from proxy.guard import operators
from proxy.guard.checks.base import CheckError, ToxicityScorer
from proxy.guard.joined import Join, joints
from proxy.nlp.normalize import normalize

JOINT_REACH = 100  # visible characters on each side of a cut


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


Scores = dict[str, float]


async def joined(cache: ScoreCache, texts: Sequence[str], together: bool = True,
                 joinable: Sequence[Join] | None = None) -> tuple[list[Scores], list[tuple[list[int], Scores]]]:
    """Scores of each text's normalised view, and of each joint: (the texts it covers, its scores)."""
    def prepare() -> tuple[list[str], list[tuple[list[int], str]]]:
        found = joints(texts, JOINT_REACH, joinable=joinable) if together and len(texts) > 1 else []
        return [normalize(t).text for t in texts], [(j.indices, normalize(j.text).text) for j in found]

    views, found = await operators.run(prepare)
    scored = await cache.scores([*views, *(text for _, text in found)])
    return scored[:len(texts)], [(indices, s) for (indices, _), s in zip(found, scored[len(texts):], strict=True)]


def max_scores(all_scores: list[dict[str, float]], labels: Sequence[str]) -> dict[str, float]:
    return {label: round(max((s.get(label, 0.0) for s in all_scores), default=0.0), 4) for label in labels}
