"""tablerest15's report, item (b): keys read as values in streamed tool call arguments under a table. A streamed
JSON window is read as one text, so a table's header or a list's label in one string lent its word (`phone`) to the
object key after it: `{"t": "name,phone\\nAnn,x\\n", "2125550199": "y"}` went out with the key redacted (the app
calling the tool got another key), while the whole answer reads each key alone (`proxy.guard.phases.decoded`) and
kept it. A finding in a key of a JSON document's window now stands only where the key read alone holds it
(`proxy.guard.windows.OutputWindows._keys_alone`): the streamed arguments are the whole answer's, a key that names
its own value (`{"phone 6175550143": 1}`) is still redacted, and arguments that are no JSON are read as they are.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.providers.base import TextSlot
from tests.guard.conftest import PII_OUT, policy

CHANNEL = "choice:0:tool:0:arguments"
KEYS = {
    "markdown header": {"t": "| name | phone |\n|---|---|\n| Ann | ", "6175550143 |": 1},
    "csv header": {"t": "name,phone\nAnn,x\n", "2125550199": "y"},
    "list label": {"t": "Phones:\n- 1\n", "- 6175550143": "x"},
    "phone key": {"phone": "6175550143", "2125550199": "x"},
}


async def _whole(guard: Guard, args: str) -> str:
    holder = {"arguments": args}
    await screen_answer(guard, policy(output=PII_OUT), [TextSlot(holder, "arguments", "assistant", "tool_arguments",
                                                                 CHANNEL, is_json=True)], None)
    return holder["arguments"]


async def _stream(guard: Guard, args: str, size: int) -> tuple[str, list[dict[str, Any]]]:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(args), size):
        out += await stream.feed(CHANNEL, args[i:i + size], True, group="choice:0")
    out += "".join(t for _, t in stream.take_spill() + await stream.end_group("choice:0"))
    return out, stream.records()


@pytest.mark.parametrize("case", list(KEYS))
async def test_a_key_after_a_table_streamed_is_the_whole_answers(guard: Guard, case: str) -> None:
    args = json.dumps(KEYS[case])
    whole = json.loads(await _whole(guard, args))
    assert list(whole) == list(KEYS[case])  # the whole answer keeps every key
    for size in (1, 7, 20):
        out, records = await _stream(guard, args, size)
        assert json.loads(out) == whole, (size, out)
        pii = [r for r in records if r["check"] == "pii"]
        assert pii and sum(pii[0]["findings"].values()) == (1 if case == "phone key" else 0), (size, pii)


async def test_a_key_that_names_its_own_value_is_still_redacted(guard: Guard) -> None:
    args = json.dumps({"phone 6175550143": 1})
    whole = await _whole(guard, args)
    assert "6175550143" not in whole
    for size in (1, 7, 20):
        out, _ = await _stream(guard, args, size)
        assert "6175550143" not in out and json.loads(out) == json.loads(whole), (size, out)


async def test_arguments_that_are_no_json_are_read_as_they_are(guard: Guard) -> None:
    args = 'name,phone\nAnn,x\n "2125550199": 1'  # no JSON document: a whole answer reads it as one text
    whole = await _whole(guard, args)
    for size in (1, 7, 20):
        out, _ = await _stream(guard, args, size)
        assert out == whole, (size, out)
