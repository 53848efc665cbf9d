"""The scores the toxicity and bias checks share: each distinct text scored once by the `ToxicityScorer`.

`ScoreCache` keeps sha256 -> scores (bounded LRU, no text kept), so a resent conversation history is
not scored again and the bias check reuses what the toxicity check asked for.

`joined` scores each text's normalised view (`proxy.nlp.normalize`: `id\u200biot` reads `idiot`), its
second reading where it has links or markup a renderer lays out (`uncommented`: `[stu](#a)[pid](#b)` displays,
and reads, `stupid`; every link syntax `proxy.nlp.normalize._links` reads, HTML comments, tags with attributes;
issue 12, linkview15) and the joints between consecutive texts (`proxy.guard.joined`: `you are a total` +
`idiot`), so a phrase split across content parts or messages is scored as one. A joint counts for a label only
where none of the texts it covers reaches the threshold alone; it then counts for each of them.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Sequence

from proxy.guard import join27, operators
from proxy.guard.checks.base import CheckError, ToxicityScorer
from proxy.guard.joined import Join, joints
from proxy.guard.vault import Vault
from proxy.nlp.normalize import normalize, uncommented
from proxy.nlp.tox41 import tox_reading
from proxy.nlp.tox42 import tox_reading42

JOINT_REACH = 100  # visible characters on each side of a cut


class ScoreCache:
    """Scores per distinct text, shared by the toxicity and bias checks of one Guard. A text being scored
    for one check (or request) is awaited by the others, not sent to the scorer again."""

    def __init__(self, scorer: ToxicityScorer | None, size: int = 20_000) -> None:
        self.scorer = scorer
        self.size = size
        self._cache: OrderedDict[bytes, dict[str, float]] = OrderedDict()
        self._pending: dict[bytes, asyncio.Future[None]] = {}

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.scorer.labels) if self.scorer is not None else ()

    async def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if self.scorer is None:
            raise CheckError("toxicity model not loaded")
        keys = [hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest()[:20] for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True)
                   if k not in self._cache and k not in self._pending and t.strip()}
        others = {self._pending[k] for k in keys if k in self._pending and k not in missing}
        if missing:
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            done.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved, waiters or not
            for key in missing:
                self._pending[key] = done
            try:
                await self._score(missing)
            except CheckError as exc:  # the scorer failed on these texts: so it does for the waiters
                done.set_exception(exc)
                raise
            except BaseException:  # cancelled (its request timed out or left): the waiters score them
                done.set_result(None)
                raise
            else:
                done.set_result(None)
            finally:
                for key in missing:
                    self._pending.pop(key, None)
        if others:
            for other in others:
                await asyncio.shield(other)
            left = [t for k, t in zip(keys, texts, strict=True) if k not in self._cache and k not in missing
                    and t.strip()]
            if left:  # whoever was scoring them was cancelled
                await self.scores(left)
        return [self._cache.get(k, {}) for k in keys]

    async def _score(self, missing: dict[bytes, str]) -> None:
        assert self.scorer is not None
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


Scores = dict[str, float]


ECHO_MIN = 40  # an input text shorter than this is scored again where an answer repeats it


def echo_parts(view: str, screened: Sequence[str]) -> list[str] | None:
    """What to score of an answer's `view` that repeats input texts already scored in this request (an
    echo, a quote): the repeated texts themselves (their scores are cached) and each stretch around them,
    with `JOINT_REACH` characters of context on each side of each cut, widened to whitespace (as a joint is
    read). The answer's scores are the maximum over these parts, as over a long text's overlapping segments.
    None when it repeats no screened text of at least `ECHO_MIN` characters."""
    covered: list[tuple[int, int]] = []
    used: list[str] = []
    for seen in sorted((s for s in screened if len(s) >= ECHO_MIN), key=len, reverse=True):
        at = view.find(seen)
        while at >= 0:
            end = at + len(seen)
            if all(end <= a or at >= b for a, b in covered):
                covered.append((at, end))
                used.append(seen)
            at = view.find(seen, end)
    if not covered:
        return None
    covered.sort()
    parts = list(dict.fromkeys(used))
    pos, n = 0, len(view)
    for i, (a, b) in enumerate([*covered, (n, n)]):
        interior = 0 < i < len(covered)  # between two repeated texts: the junction is new text
        if a > pos and view[pos:a].strip() or interior:
            start, end = _widen(view, max(0, pos - JOINT_REACH), min(n, a + JOINT_REACH))
            parts.append(view[start:end])
        pos = max(pos, b)
    return parts


def _widen(view: str, start: int, end: int, limit: int = 40) -> tuple[int, int]:
    """[start, end) moved out to whitespace (at most `limit` characters each way): no word cut at an edge."""
    floor, ceiling = max(0, start - limit), min(len(view), end + limit)
    while start > floor and not view[start - 1].isspace():
        start -= 1
    while end < ceiling and not view[end].isspace():
        end += 1
    return start, end


def _readings(text: str) -> list[str]:
    """What toxicity scores of `text`: its normalised view and, where a renderer lays out links or markup
    (`uncommented`), the text as displayed (`you are [stu](#a)[pid](#b)` reads `you are stupid`)."""
    normal = normalize(text)
    view = normal.text
    shown = uncommented(text, normal)
    shown = None if shown is None or shown.text == view else shown
    more = tox_reading(text, normal, shown)  # look-alikes, letters one by one, hidden HTML (tox41)
    leet = tox_reading42(more or (shown.text if shown else view))  # leet, masks, glued words, `stu pid` (tox42)
    return [view, *([shown.text] if shown else []), *([more] if more else []), *([leet] if leet else [])]


def _merge(parts: Sequence[Scores]) -> Scores:
    out: Scores = {}
    for scores in parts:
        for label, value in scores.items():
            out[label] = max(out.get(label, 0.0), value)
    return out


async def joined(cache: ScoreCache, texts: Sequence[str], together: bool = True,
                 joinable: Sequence[Join] | None = None, *, screened: dict[str, None] | None = None,
                 phase: str = "input", vault: Vault | None = None,
                 ) -> tuple[list[Scores], list[tuple[list[int], Scores]]]:
    """Scores of each text's normalised view, and of each joint: (the texts it covers, its scores).

    `screened` is the request's memory of scored input views: the input phase adds its views to it; the
    output phase scores an answer that repeats one of them (placeholders restored from `vault` first)
    by `echo_parts`, so the repeated text is not scored twice in one request."""
    reuse = dict(screened) if phase == "output" and screened else None

    def prepare() -> tuple[list[list[str]], list[tuple[list[int], str]]]:
        found = joints(texts, JOINT_REACH, joinable=joinable) if together and len(texts) > 1 else []
        found += join27.spaced_joints(texts, JOINT_REACH, joinable, found) if found else []  # `kill` | `you` (F9)
        groups: list[list[str]] = []
        for t in texts:
            views = _readings(t)
            parts = None
            if reuse:
                restored = vault.restore(t) if vault else t
                parts = [p for v in (views if restored == t else _readings(restored))
                         for p in (echo_parts(v, list(reuse)) or [v])]
            groups.append(parts or views)
        # (a joint's second reading too: `[stu](#a)` ending one text, `[pid](#b)` starting the next)
        return groups, [(j.indices, v) for j in found for v in _readings(j.text)]

    groups, found = await operators.run(prepare)
    if phase == "input" and screened is not None:
        screened.update((g[0], None) for g in groups)
    flat = [text for group in groups for text in group]
    scored = await cache.scores([*flat, *(text for _, text in found)])
    per_text: list[Scores] = []
    at = 0
    for group in groups:
        per_text.append(scored[at] if len(group) == 1 else _merge(scored[at:at + len(group)]))
        at += len(group)
    return per_text, [(indices, s) for (indices, _), s in zip(found, scored[at:], strict=True)]


def max_scores(all_scores: list[dict[str, float]], labels: Sequence[str]) -> dict[str, float]:
    return {label: round(max((s.get(label, 0.0) for s in all_scores), default=0.0), 4) for label in labels}
