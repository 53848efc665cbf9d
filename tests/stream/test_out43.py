"""out43: out42's cut values (an answer that ends inside an e-mail address or a card, atk42 F07) read only where a
stream's reading ends the answer, and only identifier fields read alone (atk42 F11), so the joins out42 broke hold.

- A Responses item or an Anthropic block given whole in one event, ending inside a value that the text after it
  completes, is no answer's end: the address is read joined, both halves redacted (out42 redacted the first half
  alone mid-stream, and the second went out raw).
- The answer's real end, in a field streamed or given whole, or before a short tool call, is still read so.
- A whole answer's data field that is no identifier (a code interpreter's `code`) is read joined with the text
  beside it, over the item ids between them; an identifier not of an id's shape (`msg_...` with 20 digits) is read
  alone and never rewritten.
Values are not out42's nor the tests' it broke."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.phases import joinable, screen_answer
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.answers import answer_sweep
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import MESSAGES, RESPONSES, TextSlot
from proxy.providers.idshape import IdSlot
from proxy.providers.openai import ADAPTER as OPENAI
from tests.stream.test_item_joins import BLOCKS, messages_stream, responses_stream, run
from tests.support.pii import shared_analyzer
from tests.support.responses_events import ITEMS

PII_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD"]}}
HALVES = ("Forward it to h.lindqvist@tel", "ia.se by Friday. ")


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


def _joined(got: str) -> None:
    for raw in ("lindqvist", "tel\"", "ia.se"):
        assert raw not in got, (raw, got)
    assert "Forward it to <EMAIL_ADDRESS_" in got and "> by Friday. " in got, got


@pytest.mark.parametrize("item", ["image_generation_call.revised_prompt", "computer_call.action.text"])
async def test_responses_an_item_given_whole_mid_stream_is_no_answer_end(analyzer: PiiAnalyzer, item: str) -> None:
    got, stopped, decision = await run(analyzer, RESPONSES, OPENAI, responses_stream(*HALVES, ITEMS[item], True))
    assert not stopped and decision == "redact"
    _joined(got)


@pytest.mark.parametrize("block", ["mcp_tool_result.content.text", "bash_code_execution_tool_result.stdout"])
async def test_messages_a_block_given_whole_mid_stream_is_no_answer_end(analyzer: PiiAnalyzer, block: str) -> None:
    got, stopped, decision = await run(analyzer, MESSAGES, ANTHROPIC, messages_stream(*HALVES, BLOCKS[block], True))
    assert not stopped and decision == "redact"
    _joined(got)


async def test_the_answer_ending_in_a_block_given_whole_is_read_as_its_end(analyzer: PiiAnalyzer) -> None:
    """Text, then a block given whole that ends the answer inside an address: redacted in the last reading."""
    events = messages_stream("Here is what the script printed. ", "owner: b.achterberg@kpnm",
                             BLOCKS["code_execution_tool_result.stdout"])
    got, stopped, decision = await run(analyzer, MESSAGES, ANTHROPIC, events)
    assert not stopped and decision == "redact", got
    assert "achterberg" not in got and "owner: <EMAIL_ADDRESS_" in got, got


async def test_content_cut_before_a_short_tool_call_is_read_at_the_answers_end(analyzer: PiiAnalyzer) -> None:
    """A chat choice: content that ends inside a card, then a tool call: the content's end is read so at the end."""
    w = Guard(analyzer).output_stream(Policy.model_validate({"name": "t", "output": PII_OUT}), Vault())
    content, tool = "choice:0:content", "choice:0:tool:0"
    got = {content: "", tool: ""}
    text = "Charged to the Visa 4485 2790 1135 57"
    for k in range(0, len(text), 4):
        got[content] += await w.feed(content, text[k:k + 4], group="choice:0")
    got[tool] += await w.feed(tool, '{"ref": "R-17"}', in_json=True, group="choice:0")
    for channel, out in w.take_spill() + await w.end_group("choice:0"):
        got[channel] += out
    assert got[content].startswith("Charged to the Visa <CREDIT_CARD_") and "4485" not in got[content], got
    assert got[tool] == '{"ref": "R-17"}', got


def _answer(text: str, code: str) -> dict[str, Any]:
    return {"id": "resp_hold00000000000000000071", "object": "response", "status": "completed", "model": "m",
            "output": [{"id": "msg_hold00000000000000000072", "type": "message", "status": "completed",
                        "role": "assistant", "content": [{"type": "output_text", "text": text, "annotations": []}]},
                       {"type": "code_interpreter_call", "id": "ci_hold00000000000000000073", "status": "completed",
                        "code": code, "container_id": "cntr_1", "outputs": None},
                       {"id": "fc_hold00000000000000000074", "type": "function_call", "name": "lookup",
                        "call_id": "call_hold00000000000000000075", "arguments": "{}", "status": "completed"}]}


def _ids(body: dict[str, Any]) -> list[Any]:
    return [body["id"]] + [(o["id"], o.get("call_id")) for o in body["output"]]


async def _screened(analyzer: PiiAnalyzer, body: dict[str, Any]) -> None:
    known = openai.response_texts("responses", body)
    policy = Policy.model_validate({"name": "t", "output": PII_OUT})
    await screen_answer(Guard(analyzer), policy, known + answer_sweep(body, known), None)


async def test_whole_answer_code_is_read_with_the_text_and_ids_alone(analyzer: PiiAnalyzer) -> None:
    body = _answer("Mail p.nyberg@exa", "mple.org  # notify")
    sent = copy.deepcopy(body)
    await _screened(analyzer, body)
    out = body["output"]
    assert "nyberg" not in out[0]["content"][0]["text"] and "mple.org" not in out[1]["code"], out
    assert _ids(body) == _ids(sent)


async def test_an_address_before_an_id_not_of_its_shape_leaves_the_id(analyzer: PiiAnalyzer) -> None:
    body = _answer("Escalate to ops@varde.co", "print(1)")
    sent = copy.deepcopy(body)
    await _screened(analyzer, body)
    assert "varde" not in str(body) and _ids(body) == _ids(sent), body


def test_id_field_is_an_identifier_screened_as_data() -> None:
    from proxy.guard.out43 import id_field

    item = {"id": "msg_hold00000000000000000072", "call_id": "call_1", "code": "x = 1", "name": "lookup2025120700",
            "output_id": "o_1", "text": "hi"}
    assert id_field(IdSlot(item, "id", "assistant", "text", "c"))
    assert id_field(IdSlot(item, "call_id", "assistant", "text", "c"))
    assert id_field(IdSlot(item, "output_id", "assistant", "text", "c"))
    assert not id_field(IdSlot(item, "code", "assistant", "tool_result", "c"))  # data, read with its neighbours
    assert not id_field(IdSlot(item, "name", "assistant", "text", "c"))
    assert not id_field(TextSlot(item, "id", "assistant", "text", "c"))  # a map's value under `id`: text
    assert joinable(IdSlot(item, "code", "assistant", "tool_result", "c")) is True
    assert joinable(IdSlot(item, "id", "assistant", "text", "c")) is None  # read alone, passed over
