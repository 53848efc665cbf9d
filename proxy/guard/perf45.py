"""Work a chat turn skips where it provably cannot change the PII check's result (perf45, issue 12's 5% bound).

- `no_names`: the cross-text pass (`PiiCheck._mentions`, `proxy.nlp.memo31.plan`) carries the names of the request's
  PERSON spans to their mentions in its other texts; a request whose texts hold no PERSON span at all has no name to
  carry (`found_names` and `intl25.script_names` read PERSON spans only): the pass gives each text's spans back as
  they are, so it is not run (nor its memo read and rewritten for every text of the conversation).
- `selected`: the findings of a text whose text, spans and rule are those of an earlier request (a resent
  conversation's earlier messages) are that request's (`select` is a pure function of them on input).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from proxy.config.policy import PiiRule
from proxy.guard.checks.base import Finding


def no_names(spans: Sequence[Sequence[Any]]) -> bool:
    """Whether no text has a PERSON span (then the cross-text pass finds nothing: see the module's docstring)."""
    return not any(s.entity == "PERSON" for found in spans for s in found)


# ---------------------------------------------------------------------------------------------- `selected`
#
# `select` (the spans the rule keeps, overlaps merged into findings) is a pure function of a text, its spans and the
# rule when no vault and no spans already kept (`extra`) take part: the input phase. A chat client resends the
# conversation, whose earlier texts come back with the same spans each turn (the analysis is cached per text, the
# names carried to them by memo31): their findings are the last request's. Kept per (text, spans, the rule as JSON),
# in memory only, bounded (LRU, texts of up to `_MAX_TEXT` characters, never logged); findings are frozen (shared, the
# lists are the caller's).

_MAX_SELECTED = 4096  # texts remembered (LRU)
_MAX_TEXT = 20_000  # a longer text is selected anew each request (not remembered)
_SELECTED: OrderedDict[tuple[str, tuple[Any, ...], str], tuple[Finding, ...]] = OrderedDict()
_LOCK = threading.Lock()


def selected(texts: Sequence[str], per_text: Sequence[Sequence[Any]], rule: PiiRule, vault: object | None,
             extra: Sequence[Sequence[Any]],
             select: Callable[[str, Sequence[Any], PiiRule, Any, Sequence[Any]], list[Finding]]) -> list[list[Finding]]:
    """`[select(text, found, rule, vault, extra[i]) for each text]`, each text without a vault or `extra` spans
    from the memo when its text and spans were selected under the same rule before."""
    if vault is not None:
        return [select(t, found, rule, vault, extra[i]) for i, (t, found) in enumerate(zip(texts, per_text,
                                                                                            strict=True))]
    try:
        shape = rule.model_dump_json()
    except Exception:  # noqa: BLE001 (no memo then)
        shape = None
    out: list[list[Finding]] = []
    for i, (text, found) in enumerate(zip(texts, per_text, strict=True)):
        key = None
        if shape is not None and not extra[i] and len(text) <= _MAX_TEXT:
            try:
                key = (text, tuple(found), shape)
                hash(key)
            except TypeError:
                key = None
        if key is not None:
            with _LOCK:
                hit = _SELECTED.get(key)
                if hit is not None:
                    _SELECTED.move_to_end(key)
            if hit is not None:
                out.append(list(hit))
                continue
        findings = select(text, found, rule, vault, extra[i])
        if key is not None:
            with _LOCK:
                _SELECTED[key] = tuple(findings)
                _SELECTED.move_to_end(key)
                while len(_SELECTED) > _MAX_SELECTED:
                    _SELECTED.popitem(last=False)
        out.append(findings)
    return out


def clear() -> None:
    with _LOCK:
        _SELECTED.clear()
