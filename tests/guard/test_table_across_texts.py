"""atk17 M3: a phone/SSN table or list whose header (label) ends one text a client joins (an Anthropic text block, a
Responses `output_text` part, a chat content part) and whose rows are in the next was not read under its header: the
bare numbers reached the client, whole and streamed, while the same table in one text was redacted. The texts a
client joins (`proxy.guard.phases.heading_runs`: of one choice, kind and field) are read joined for labels and
columns (`proxy.guard.keyed.labelled_values` over `runs`), and a stream's next field starts under the table header
the field before it released (`proxy.guard.windows.OutputWindows._run_on`). Tool call arguments, another choice's
text and a thinking block before a text block are never read with them: their numbers stay.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.headings import Heading
from proxy.guard.keyed import labelled_values, list_open
from proxy.guard.phases import heading_runs, screen_answer
from proxy.providers.base import TextSlot
from tests.guard.conftest import PII_OUT, policy

PH = ["6175550143", "2125550199"]
SS = ["536904399"]

# (the texts, one a block, and the values the client must not get)
SPLIT = {
    "markdown": (["Here:\n\n| name | phone |\n|---|---|\n", "| Ann | 6175550143 |\n| Bob | 2125550199 |\n\nDone."], PH),
    "markdown mid row": (["| name | phone |\n|---|---|\n| Ann | ", "6175550143 |\n| Bob | 2125550199 |\n"], PH),
    "csv ssn": (["name,ssn\n", "Ann,536904399\n"], SS),
    "html": (["<table><tr><th>Name</th><th>Phone</th></tr>",
              "<tr><td>Ann</td><td>6175550143</td></tr><tr><td>Bob</td><td>2125550199</td></tr></table>"], PH),
    "list label": (["Phone numbers:\n", "- 6175550143\n- 2125550199\n"], PH),
    "three blocks": (["| name | phone |\n|---|---|\n", "| Ann | 6175550143 |\n", "| Bob | 2125550199 |\n"], PH),
}


def _slot(holder: dict[str, Any], kind: str, channel: str, key: str = "text") -> TextSlot:
    return TextSlot(holder, key, "assistant", kind, channel)


# ------------------------------------------------------------------------------------------------- pure readings


def test_labelled_values_read_the_runs_joined() -> None:
    texts = ["| name | phone |\n|---|---|\n", "| Ann | 6175550143 |\n"]
    assert labelled_values(texts) == []  # each text alone: a header without rows, rows without a header
    found = labelled_values(texts, runs=[[0, 1]])
    assert [(k.index, texts[k.index][k.start:k.end], k.entity) for k in found] == [(1, "6175550143", "PHONE_NUMBER")]
    assert found[0].text == "phone: 6175550143"
    assert labelled_values(texts, runs=[[1, 0]]) == []  # the order the client joins them in
    # A value read in its own text is read once; a value across the cut is the joints' (`proxy.guard.joined`).
    one = ["| name | phone |\n|---|---|\n| Ann | 6175550143 |\n", "| Bob | 2125550199 |\n"]
    assert [(k.index, k.start) for k in labelled_values(one, runs=[[0, 1]])] == [(0, 35), (1, 8)]
    cut = ["| name | phone |\n|---|---|\n| Ann | 61755", "50143 |\n"]
    assert labelled_values(cut, runs=[[0, 1]]) == []


def test_list_open_is_a_label_and_its_values_to_the_end() -> None:
    assert list_open("Phone numbers:\n")
    assert list_open("Here they are. Phones: 6175550143, ")
    assert list_open("SSNs:\n- 536904399\n- ")
    assert not list_open("Phone numbers:\n- 6175550143\nThat is all.")
    assert not list_open("Call me at ")
    assert not list_open("| name | phone |\n|---|---|\n")
    assert not list_open("Order numbers:\n")


def test_heading_runs_are_a_choices_texts_of_one_kind_and_field() -> None:
    blocks = [{"text": "a"}, {"text": "b"}, {"thinking": "c"}, {"text": "d"}]
    slots = [_slot(blocks[0], "text", "block:0"), _slot(blocks[1], "text", "block:1"),
             _slot(blocks[2], "reasoning", "block:2", "thinking"), _slot(blocks[3], "text", "block:3"),
             _slot({"cited_text": "e"}, "text", "block:3:citations:0:cited_text", "cited_text")]
    assert heading_runs(slots) == [[0, 1, 3]]
    parts = [{"text": "a"}, {"text": "b"}, {"text": "c"}, {"arguments": "{}"}]
    chat = [_slot(parts[0], "text", "choice:0:content:0"), _slot(parts[1], "text", "choice:0:content:1"),
            _slot(parts[2], "text", "choice:1:content:0"),
            TextSlot(parts[3], "arguments", "assistant", "tool_arguments", "choice:0:tool:0:arguments", is_json=True)]
    assert heading_runs(chat) == [[0, 1]]  # not another choice's, not the arguments
    items = [{"text": "a"}, {"text": "b"}, {"text": "c"}]
    responses = [_slot(items[0], "text", "output:0:content:0"), _slot(items[1], "text", "output:1:content:0"),
                 _slot(items[2], "reasoning", "output:2:summary:0")]
    assert heading_runs(responses) == [[0, 1]]  # the SDK's `output_text` joins the messages' parts


def test_a_heading_copy_is_followed_apart() -> None:
    heading = Heading()
    heading.feed("| name | phone |\n|---|---|\n")
    copy = heading.copy()
    assert copy.prefix() == heading.prefix() and copy.prefix().types == ("PHONE_NUMBER",)
    copy.feed("no table here\n\n")
    assert copy.prefix().before == "" and heading.prefix().before.startswith("| name | phone |")
    assert heading.types == ["PHONE_NUMBER"]


# ------------------------------------------------------------------------------------------------ whole answers


async def _whole(guard: Guard, texts: list[str], kinds: list[str] | None = None,
                 channel: str = "block:{}") -> list[str]:
    holders = [{"text": t} for t in texts]
    slots = [_slot(h, (kinds or ["text"] * len(texts))[k], channel.format(k)) for k, h in enumerate(holders)]
    await screen_answer(guard, policy(output=PII_OUT), slots, None)
    return [h["text"] for h in holders]


@pytest.mark.parametrize("channel", ["block:{}", "output:0:content:{}", "choice:0:content:{}"])
@pytest.mark.parametrize("case", list(SPLIT))
async def test_a_header_ending_one_text_names_the_next_ones_values(guard: Guard, case: str, channel: str) -> None:
    texts, values = SPLIT[case]
    out = await _whole(guard, texts, channel=channel)
    assert [v for v in values if v in "".join(out)] == [], out
    one = await _whole(guard, ["".join(texts)])  # the same text in one block: the control
    assert "".join(out) == one[0]


async def test_texts_a_client_does_not_join_keep_their_numbers(guard: Guard) -> None:
    texts = SPLIT["markdown"][0]
    assert await _whole(guard, texts, ["reasoning", "text"]) == texts  # a thinking block, then the text
    holders = [{"text": texts[0]}, {"text": texts[1]}]
    other_choice = [_slot(holders[0], "text", "choice:0:content:0"), _slot(holders[1], "text", "choice:1:content:0")]
    await screen_answer(guard, policy(output=PII_OUT), other_choice, None)
    assert [h["text"] for h in holders] == texts
    body: dict[str, Any] = {"text": texts[0], "arguments": '{"rows": "| Ann | 6175550143 |"}'}
    args = [_slot(body, "text", "choice:0:content:0"),
            TextSlot(body, "arguments", "assistant", "tool_arguments", "choice:0:tool:0:arguments", is_json=True)]
    await screen_answer(guard, policy(output=PII_OUT), args, None)
    assert "6175550143" in body["arguments"]


# ------------------------------------------------------------------------------------------------------- streams


async def _stream(guard: Guard, texts: list[str], size: int, kinds: list[str] | None = None) -> list[str]:
    stream = guard.output_stream(policy(output=PII_OUT))
    outs = [""] * len(texts)

    def route(pairs: list[tuple[str, str]]) -> None:
        for channel, text in pairs:
            outs[int(channel.split(":")[1])] += text

    for k, text in enumerate(texts):
        if kinds:
            stream.field_kind(f"block:{k}", kinds[k])
        for i in range(0, len(text), size):
            outs[k] += await stream.feed(f"block:{k}", text[i:i + size], group="answer")
            route(stream.take_spill())
        stream.close_field(f"block:{k}")
    route(stream.take_spill() + await stream.end_group("answer"))
    return outs


@pytest.mark.parametrize("case", list(SPLIT))
async def test_a_streamed_field_starts_under_the_header_before_it(guard: Guard, case: str) -> None:
    texts, values = SPLIT[case]
    whole = await _whole(guard, texts)
    for size in (1, 7, 20):
        out = await _stream(guard, texts, size)
        assert [v for v in values if v in "".join(out)] == [], (size, out)
        assert out == whole, (size, out)


async def test_a_streamed_text_block_after_a_thinking_block_keeps_its_numbers(guard: Guard) -> None:
    texts = SPLIT["markdown"][0]
    for size in (1, 7, 20):
        assert await _stream(guard, texts, size, ["reasoning", "text"]) == texts, size
    # A label that names no value of a checked type before a number (the whole answer does not redact it either).
    # (`Call me at ` + `6175550143 now.` is now read joined, as one block holding both: tests/guard/test_parts26.py.)
    assert await _stream(guard, ["Order number: ", "6175550143 now."], 7) == ["Order number: ", "6175550143 now."]
