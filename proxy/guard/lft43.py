"""Toxicity on a streamed answer's tool call names (lft43): a chat tool call's `function.name` that spells abuse
(`you_stupid_idiot`, `StupidIdiotTool`) delivered over several chunks (`you_stu` + `pid_idiot`), or an Anthropic or
Responses tool call's name given whole in a stream event, is scored as a whole answer's is
(`proxy.guard.tox42.tox_answer_names`): the stream stops before any piece of it goes out (chat: `finish_reason`
`content_filter`; Messages: `stop_reason` `refusal`).

`prescore` (async, before an event is read) scores the abusive readings (`proxy.nlp.tox42.name_reading`) of the
names so far: each chat call's pieces joined with the event's own piece, and the event's other names; the verdict
of each reading is kept on the stream's windows. `blocked_names` (sync, where the `patterns:` rules read the whole
names: `proxy.stream.channels._CallNames`, `StreamRewriter._screen_names`) looks them up. Names that spell no abuse
(`killAll`, `get_weather`) cost one substring test, no model call. Monitor mode records and blocks nothing.
"""

from __future__ import annotations

from typing import Any

from proxy.guard.fixed import MAX_NAME
from proxy.nlp.tox42 import name_reading

__all__ = ["blocked_names", "prescore"]

_MAX_READINGS = 256  # readings kept per stream (beyond, read again: a name is scored at most once per event)


def _cache(windows: Any) -> dict[str, tuple[list[Any], bool]]:
    cache: dict[str, tuple[list[Any], bool]] | None = getattr(windows, "_lft43_names", None)
    if cache is None:
        cache = {}
        windows._lft43_names = cache
    return cache


async def prescore(windows: Any, calls: Any, data: Any) -> None:
    """Score the abusive readings of the names `data` (a stream event) brings, as far as they are known (the module's
    docstring); kept on `windows` for `blocked_names`."""
    policy = getattr(windows, "policy", None)
    if policy is None or policy.output.toxicity is None or not isinstance(data, dict):
        return
    from proxy.providers.answers import answer_names
    from proxy.stream.channels import _call_pieces

    names: list[str] = []
    if calls is not None:
        for call, container, key in _call_pieces(data)[0]:
            if container[key]:
                names.append(calls.joined.get((call, key), "") + container[key])
    names += [c[k] for c, k in answer_names(data) if isinstance(c[k], str)]
    cache = _cache(windows)
    new = list(dict.fromkeys(r for n in names if n and (r := name_reading(n)) is not None and r not in cache))
    if not new:
        return
    result = await windows.guard.run_phase(policy, "output", new, only={"toxicity"}, joined=False)
    windows._merge(result.records)
    if len(cache) > _MAX_READINGS:
        cache.clear()
    for reading, found in zip(new, result.findings or [[] for _ in new], strict=False):
        cache[reading] = (list(found), any(f.action == "block" for f in found))


def blocked_names(windows: Any, names: list[str]) -> set[str]:
    """Those of `names` whose abusive reading `prescore` found blocking (none in monitor mode: recorded only)."""
    cache: dict[str, tuple[list[Any], bool]] | None = getattr(windows, "_lft43_names", None)
    if not cache:
        return set()
    out: set[str] = set()
    for name in names:
        reading = name_reading(name) if name else None
        if reading is None or reading not in cache:
            continue
        found, block = cache[reading]
        windows._note(found)
        if block and not windows.policy.monitor:
            out.add(name[:MAX_NAME])
    return out
