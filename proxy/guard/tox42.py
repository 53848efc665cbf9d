"""Toxicity on the names and ids of a request (tox42, atk42 F06): a tool, function or schema name, a message's `name`
or another id that spells abuse (`you_stupid_idiot`, `kill_you_idiot`) is scored as the words it spells
(`proxy.nlp.tox42.name_reading`); every other name stays unscored (an id is not prose)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from proxy.nlp.tox42 import name_reading

if TYPE_CHECKING:
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard, InputVerdict


async def tox_names(guard: Guard, policy: Policy, verdict: InputVerdict, names: Sequence[str]) -> None:
    """Score the abusive readings of `names` with the input's toxicity rule; a finding decides as on a text."""
    readings = list(dict.fromkeys(r for n in names if n and (r := name_reading(n)) is not None))
    if not readings or policy.input.toxicity is None:
        return
    result = await guard.run_phase(policy, "input", readings, only={"toxicity"}, joined=False)
    verdict.records.extend(result.records)
    guard.fold_late(verdict, policy, result)


async def tox_answer_names(guard: Guard, policy: Policy, names: Sequence[str]) -> tuple[bool, list[Any]]:
    """The output toxicity rule on the abusive readings of a whole answer's names (a tool call's `name`): (whether
    the answer is blocked, the records). Monitor mode records and blocks nothing."""
    readings = list(dict.fromkeys(r for n in names if n and (r := name_reading(n)) is not None))
    if not readings or policy.output.toxicity is None:
        return False, []
    result = await guard.run_phase(policy, "output", readings, only={"toxicity"}, joined=False)
    return result.decision == "block" and not policy.monitor, list(result.records)
