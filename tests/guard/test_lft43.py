"""lft43: a streamed chat tool call's `function.name` that spells abuse, delivered over several chunks
(`you_stu` + `pid_idiot`) or glued beside an ordinary word (`StupidIdiotTool`), is scored as a whole answer's name
is (`proxy.guard.tox42.tox_answer_names`): the stream stops with `content_filter` before any piece of the name goes
out. Ordinary names (`kill_process`, `IdiotProofValidator`, `StupidSimpleTool`) go out joined as the SDKs join them;
monitor mode records and withholds nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.nlp.toxicity import KeywordScorer
from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER
from tests.guard.conftest import TOX
from tests.support.stream_pump import data_of, drive, make_pump, slices


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta or {}, "finish_reason": finish}]}


def stream(*pieces: str) -> bytes:
    first, *rest = pieces
    events = [chunk({"role": "assistant", "content": None}),
              chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                     "function": {"name": first, "arguments": ""}}]}),
              *(chunk({"tool_calls": [{"index": 0, "function": {"name": p}}]}) for p in rest),
              chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}),
              chunk(finish="tool_calls")]
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"


async def run(pieces: tuple[str, ...], monitor: bool = False) -> tuple[str, str | None, Any]:
    """The joined tool call name the client gets, the finish reason, and the windows (their records)."""
    p = Policy.model_validate({"name": "t", "mode": "monitor" if monitor else "enforce",
                               "output": {"toxicity": TOX}})
    windows = Guard(None, KeywordScorer()).output_stream(p)
    pump, _ = make_pump(CHAT, ADAPTER, windows, monitor=monitor)
    got = data_of(await drive(pump, slices(stream(*pieces), 37)))
    name = "".join(tc.get("function", {}).get("name") or "" for e in got for c in e.get("choices", [])
                   for tc in c.get("delta", {}).get("tool_calls") or [])
    ends = [c["finish_reason"] for e in got for c in e.get("choices", []) if c.get("finish_reason")]
    return name, ends[-1] if ends else None, windows


ABUSIVE = [("you_stu", "pid_", "idiot"), ("Stupid", "IdiotTool"), ("kill_you", "_idiot"), ("you_stupid_idiot",),
           ("StupidIdiotTool",)]
ORDINARY = [("kill", "_process"), ("get_", "weather"), ("Idiot", "ProofValidator"), ("Stupid", "SimpleTool"),
            ("skill_", "lookup"), ("KillAll",)]


@pytest.mark.parametrize("pieces", ABUSIVE)
async def test_an_abusive_streamed_tool_name_stops_the_stream(pieces: tuple[str, ...]) -> None:
    name, end, windows = await run(pieces)
    assert end == "content_filter" and name == "", (name, end)
    assert windows.blocked and windows.block_check == "toxicity"


@pytest.mark.parametrize("pieces", ORDINARY)
async def test_an_ordinary_streamed_tool_name_goes_out_joined(pieces: tuple[str, ...]) -> None:
    name, end, windows = await run(pieces)
    assert (name, end) == ("".join(pieces), "tool_calls") and not windows.blocked


async def test_monitor_mode_records_and_withholds_nothing() -> None:
    name, end, windows = await run(("you_stu", "pid_", "idiot"), monitor=True)
    assert (name, end) == ("you_stupid_idiot", "tool_calls") and not windows.blocked
