"""The check models of this process: which ones the policies need, loading them, and their state.

Only what the policies use is loaded: no PII workers or toxicity model for policies without such
checks; a reload that starts needing one loads it then. A model that cannot load is reported (log,
/readyz) and the policies that need it follow their `on_error`; the proxy itself still starts.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from proxy.config.settings import Settings
from proxy.guard import operators
from proxy.guard.engine import Guard
from proxy.nlp.hub import PII_ENV, SOCKET_ENV, TOXICITY_ENV, RemoteScorer
from proxy.nlp.pii import PiiAnalyzer, PiiUnavailable
from proxy.nlp.toxicity import KeywordScorer, build_scorer

log = logging.getLogger("guardrail.guard")


def build_guard(settings: Settings) -> Guard:
    """The guard with this process's models (not loaded yet: see `load_needed`)."""
    models = settings.proxy.models
    # `serve --workers N`: the supervisor runs the PII workers for every HTTP worker (proxy.nlp.hub).
    remote = os.environ.get(SOCKET_ENV) or None
    shared_pii = remote is not None and os.environ.get(PII_ENV) == "1"
    pii = PiiAnalyzer(models.pii.spacy_model, executor="process" if models.pii.workers else "thread",
                      workers=models.pii.workers or 1, slice_timeout_s=models.pii.slice_timeout_s,
                      team_max_jobs=models.pii.team_max_jobs, remote=remote if shared_pii else None)
    scorer: Any = KeywordScorer() if models.toxicity.model == "keywords" else build_scorer(settings)
    if remote and os.environ.get(TOXICITY_ENV) == "1":  # the supervisor runs the detoxify model for all
        scorer = RemoteScorer(remote, scorer.labels, models.toxicity.model)
    return Guard(pii, scorer)


def models_needed(settings: Settings) -> tuple[bool, bool]:
    """(PII, toxicity): whether any policy has a check that needs that model."""
    policies = settings.policies
    if policies is None:
        return False, False
    pii = scored = False
    for name in policies.names():
        policy = policies.get(name)
        for rules in (policy.input, policy.output):
            pii |= rules.pii is not None
            scored |= rules.toxicity is not None or rules.bias is not None
    return pii, scored


async def load_needed(guard: Guard, settings: Settings) -> None:
    """Load the models the policies use: PII workers now (seconds), the toxicity model in its own thread."""
    need_pii, need_scores = models_needed(settings)
    scorer: Any = guard.scores.scorer
    if need_scores and hasattr(scorer, "start"):
        scorer.start()  # in its own thread; /readyz shows loading, then ready or why not
    if need_pii:  # the rewrite engine, imported now rather than on the first redacting request
        await asyncio.to_thread(operators.preload)
    if need_pii and guard.pii is not None and guard.pii.state in ("idle", "error"):
        try:
            await guard.pii.start()
        except PiiUnavailable as exc:
            log.error("PII check unavailable: %s", exc)


async def close(guard: Guard) -> None:
    """Stop the PII workers and the toxicity model."""
    await guard.close()
    scorer: Any = guard.scores.scorer
    if scorer is not None and hasattr(scorer, "close"):
        await asyncio.to_thread(scorer.close)


def pool_stats(guard: Guard | None) -> dict[str, dict[str, Any]]:
    """The guard's worker pools (now: the PII workers) as `WorkerPool.stats()`, by name."""
    pool = guard.pii.pool if guard is not None and guard.pii is not None else None
    return {"pii": pool.stats()} if pool is not None else {}


def status(guard: Guard | None, settings: Settings) -> tuple[bool, dict[str, Any]]:
    """Per check model: state and error. Not ready when one failed and a policy would then block."""
    if guard is None:
        return True, {}
    need_pii, need_scores = models_needed(settings)
    out: dict[str, Any] = {}
    failed: set[str] = set()  # the checks that cannot run
    if guard.pii is not None and need_pii:
        out["pii"] = {"state": guard.pii.state, "error": guard.pii.error}
        if guard.pii.pool is not None:
            out["pii"]["pool"] = guard.pii.pool.stats()
        if guard.pii.state == "error":
            failed.add("pii")
    scorer: Any = guard.scores.scorer
    if scorer is not None and need_scores:
        st = scorer.status()
        out["toxicity"] = {"state": st.state, "model": st.model, "backend": st.backend, "error": st.error}
        if st.state == "error":
            failed |= {"toxicity", "bias"}
    policies = settings.policies
    if not failed or policies is None:
        return not failed, out
    blocking = any(policies.get(n).on_error_for(phase, check) == "block"
                   for n in policies.names() for phase in ("input", "output") for check in failed
                   if getattr(getattr(policies.get(n), phase), check) is not None)
    return not blocking, out
