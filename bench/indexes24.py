"""Held-out stream index shapes (atk24b F2/F3/F6: none of them in tests/stream/test_indexes24.py or
tests/e2e/test_indexes24.py: other event types, other values) and valid look-alikes (several choices asked for, calls,
blocks, items, raw U+2028/2029/0085), through the relay's pump with a pass-through filter under output rules.

    PYTHONPATH=$PWD .venv/bin/python bench/indexes24.py

`LEAK`: both pieces a client joins (`Mail bob.smith@cont` + `oso.com now.`) went out read apart; `STOPPED`: a valid
stream was refused as unreadable. Seconds to run. On the code before indexes24 (proxy/stream/channels.py and
proxy/providers/sse.py of the merge base): 15/15 leak, 1/7 stopped; after: 0/15, 0/7.
"""

import asyncio
import json
import sys

sys.path.insert(0, ".")
from proxy.providers.anthropic import ADAPTER as A
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as O
from tests.support.stream_pump import drive, make_pump, slices

try:
    from proxy.stream.indexes24 import note_request
except ImportError:
    note_request = None


class Identity:
    blocked = False

    async def feed(self, channel, fragment, in_json=False, *, data=False):
        return fragment

    async def end(self, channel):
        return ""


def sse(evs, named=False):
    return b"".join(((f"event: {e['type']}\n" if named else "") + f"data: {json.dumps(e)}\n\n").encode() for e in evs)


S1, S2 = "Mail bob.smith@cont", "oso.com now."
H = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}


def ch(delta, idx=0, fin=None):
    return {**H, "choices": [{"index": idx, "delta": delta, "finish_reason": fin}]}


def cm(text, idx=0):
    return {**H, "choices": [{"index": idx, "text": text, "finish_reason": None}]}


MS = {
    "type": "message_start",
    "message": {
        "id": "m",
        "type": "message",
        "role": "assistant",
        "model": "m",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    },
}


def blk(i, btype, dtype, field, text, start_extra=None):
    cb = {"type": btype, **(start_extra or {})}
    return [
        {"type": "content_block_start", "index": i, "content_block": cb},
        {"type": "content_block_delta", "index": i, "delta": {"type": dtype, field: text}},
    ]


END_A = [
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 1},
    },
    {"type": "message_stop"},
]


def resp(evs):
    return [
        {**e, "sequence_number": n}
        for n, e in enumerate(
            [
                {
                    "type": "response.created",
                    "response": {"id": "r", "object": "response", "status": "in_progress", "output": []},
                }
            ]
            + evs
        )
    ]


def fc_item(oi):
    return {
        "type": "response.output_item.added",
        "output_index": oi,
        "item": {"id": f"fc{oi}", "type": "function_call", "call_id": "c", "name": "f", "arguments": ""},
    }


BAD = []  # (name, kind, adapter, raw, n)
# chat
BAD.append(
    (
        "chat reasoning_details -1",
        CHAT,
        O,
        sse(
            [
                ch({"reasoning_details": [{"type": "reasoning.text", "text": S1, "index": 0}]}),
                ch({"reasoning_details": [{"type": "reasoning.text", "text": S2, "index": -1}]}),
            ]
        ),
        1,
    )
)
BAD.append(
    (
        "chat tool_calls 2**53",
        CHAT,
        O,
        sse(
            [
                ch(
                    {
                        "tool_calls": [
                            {
                                "index": 2**53 + 1,
                                "id": "a",
                                "type": "function",
                                "function": {"name": "f", "arguments": S1},
                            }
                        ]
                    }
                ),
                ch({"tool_calls": [{"index": 2**53, "function": {"arguments": S2}}]}),
            ]
        ),
        1,
    )
)
BAD.append(
    (
        "chat tool_calls true",
        CHAT,
        O,
        sse(
            [
                ch(
                    {
                        "tool_calls": [
                            {"index": 1, "id": "a", "type": "function", "function": {"name": "f", "arguments": S1}}
                        ]
                    }
                ),
                ch({"tool_calls": [{"index": True, "function": {"arguments": S2}}]}),
            ]
        ),
        1,
    )
)
BAD.append(("chat choice 2 with n=2", CHAT, O, sse([ch({"content": S1}, 0), ch({"content": S2}, 2)]), 2))
BAD.append(("completions choice 1 no n", COMPLETIONS, O, sse([cm(S1, 0), cm(S2, 1)]), 1))
BAD.append(("completions choice 2**53+1", COMPLETIONS, O, sse([cm(S1, 2**53), cm(S2, 2**53 + 1)]), 1))
BAD.append(
    (
        "chat choice index missing after choice 1",
        CHAT,
        O,
        sse([ch({"content": S1}, 1), {**H, "choices": [{"delta": {"content": S2}, "finish_reason": None}]}]),
        2,
    )
)
# anthropic
BAD.append(
    (
        "anthropic thinking 1.0",
        MESSAGES,
        A,
        sse(
            [
                MS,
                *blk(1, "thinking", "thinking_delta", "thinking", S1, {"thinking": ""}),
                {"type": "content_block_delta", "index": 1.0, "delta": {"type": "thinking_delta", "thinking": S2}},
                *END_A,
            ],
            True,
        ),
        None,
    )
)
BAD.append(
    (
        "anthropic input_json -1",
        MESSAGES,
        A,
        sse(
            [
                MS,
                *blk(
                    0,
                    "tool_use",
                    "input_json_delta",
                    "partial_json",
                    '{"a": "' + S1,
                    {"id": "t", "name": "f", "input": {}},
                ),
                {
                    "type": "content_block_delta",
                    "index": -1,
                    "delta": {"type": "input_json_delta", "partial_json": S2 + '"}'},
                },
                *END_A,
            ],
            True,
        ),
        None,
    )
)
BAD.append(
    (
        'anthropic text "0"',
        MESSAGES,
        A,
        sse(
            [
                MS,
                *blk(0, "text", "text_delta", "text", S1, {"text": ""}),
                {"type": "content_block_delta", "index": "0", "delta": {"type": "text_delta", "text": S2}},
                *END_A,
            ],
            True,
        ),
        None,
    )
)
# responses
BAD.append(
    (
        "responses refusal output_index 1.0",
        RESPONSES,
        O,
        sse(
            resp(
                [
                    {
                        "type": "response.output_item.added",
                        "output_index": 1,
                        "item": {"id": "m", "type": "message", "role": "assistant", "content": []},
                    },
                    {
                        "type": "response.refusal.delta",
                        "item_id": "m",
                        "output_index": 1,
                        "content_index": 0,
                        "delta": S1,
                    },
                    {
                        "type": "response.refusal.delta",
                        "item_id": "m",
                        "output_index": 1.0,
                        "content_index": 0,
                        "delta": S2,
                    },
                ]
            ),
            True,
        ),
        None,
    )
)
BAD.append(
    (
        "responses fn args output_index -1",
        RESPONSES,
        O,
        sse(
            resp(
                [
                    fc_item(0),
                    {
                        "type": "response.function_call_arguments.delta",
                        "item_id": "fc0",
                        "output_index": 0,
                        "delta": '{"a": "' + S1,
                    },
                    {
                        "type": "response.function_call_arguments.delta",
                        "item_id": "fc0",
                        "output_index": -1,
                        "delta": S2 + '"}',
                    },
                ]
            ),
            True,
        ),
        None,
    )
)
BAD.append(
    (
        "responses custom input missing output_index",
        RESPONSES,
        O,
        sse(
            resp(
                [
                    {
                        "type": "response.output_item.added",
                        "output_index": 1,
                        "item": {"id": "ct", "type": "custom_tool_call", "call_id": "c", "name": "f", "input": ""},
                    },
                    {"type": "response.custom_tool_call_input.delta", "item_id": "ct", "output_index": 1, "delta": S1},
                    {"type": "response.custom_tool_call_input.delta", "item_id": "ct", "delta": S2},
                ]
            ),
            True,
        ),
        None,
    )
)
BAD.append(
    (
        'responses reasoning_text content_index "0"',
        RESPONSES,
        O,
        sse(
            resp(
                [
                    {
                        "type": "response.output_item.added",
                        "output_index": 0,
                        "item": {"id": "rs", "type": "reasoning", "summary": [], "content": []},
                    },
                    {
                        "type": "response.reasoning_text.delta",
                        "item_id": "rs",
                        "output_index": 0,
                        "content_index": 0,
                        "delta": S1,
                    },
                    {
                        "type": "response.reasoning_text.delta",
                        "item_id": "rs",
                        "output_index": 0,
                        "content_index": "0",
                        "delta": S2,
                    },
                ]
            ),
            True,
        ),
        None,
    )
)
BAD.append(
    (
        "responses summary 2**53",
        RESPONSES,
        O,
        sse(
            resp(
                [
                    {
                        "type": "response.output_item.added",
                        "output_index": 0,
                        "item": {"id": "rs", "type": "reasoning", "summary": []},
                    },
                    {
                        "type": "response.reasoning_summary_text.delta",
                        "item_id": "rs",
                        "output_index": 0,
                        "summary_index": 2**53 + 1,
                        "delta": S1,
                    },
                    {
                        "type": "response.reasoning_summary_text.delta",
                        "item_id": "rs",
                        "output_index": 0,
                        "summary_index": 2**53,
                        "delta": S2,
                    },
                ]
            ),
            True,
        ),
        None,
    )
)

GOOD = []
GOOD.append(
    (
        "chat n=3",
        CHAT,
        O,
        sse([ch({"content": f"Answer {i}. "}, i) for i in range(3)] + [ch({}, i, "stop") for i in range(3)])
        + b"data: [DONE]\n\n",
        3,
    )
)
GOOD.append(
    (
        "chat 4 tool calls",
        CHAT,
        O,
        sse(
            [
                ch(
                    {
                        "tool_calls": [
                            {
                                "index": i,
                                "id": f"c{i}",
                                "type": "function",
                                "function": {"name": "f", "arguments": '{"x": 1}'},
                            }
                        ]
                    }
                )
                for i in range(4)
            ]
            + [ch({}, 0, "tool_calls")]
        )
        + b"data: [DONE]\n\n",
        1,
    )
)
GOOD.append(
    (
        "chat reasoning_details no index",
        CHAT,
        O,
        sse(
            [
                ch({"reasoning_details": [{"type": "reasoning.text", "text": "Thinking."}]}),
                ch({"content": "Done."}),
                ch({}, 0, "stop"),
            ]
        )
        + b"data: [DONE]\n\n",
        1,
    )
)
GOOD.append(
    (
        "chat text with U+2028",
        CHAT,
        O,
        "".join(
            f"data: {json.dumps(e, ensure_ascii=False)}\n\n"
            for e in [ch({"content": "Line one.\u2028Line two.\u2029End\u0085."}), ch({}, 0, "stop")]
        ).encode()
        + b"data: [DONE]\n\n",
        1,
    )
)
GOOD.append(("completions n=2", COMPLETIONS, O, sse([cm("One.", 0), cm("Two.", 1)]) + b"data: [DONE]\n\n", 2))
GOOD.append(
    (
        "anthropic 4 blocks",
        MESSAGES,
        A,
        sse(
            [
                MS,
                *blk(0, "thinking", "thinking_delta", "thinking", "Hmm.", {"thinking": ""}),
                {"type": "content_block_stop", "index": 0},
                *blk(1, "text", "text_delta", "text", "Sure.", {"text": ""}),
                {"type": "content_block_stop", "index": 1},
                *blk(
                    2, "tool_use", "input_json_delta", "partial_json", '{"q": 1}', {"id": "t", "name": "f", "input": {}}
                ),
                {"type": "content_block_stop", "index": 2},
                *blk(3, "text", "text_delta", "text", "Done.", {"text": ""}),
                {"type": "content_block_stop", "index": 3},
                *END_A,
            ],
            True,
        ),
        None,
    )
)
GOOD.append(
    (
        "responses message + call + reasoning",
        RESPONSES,
        O,
        sse(
            resp(
                [
                    {
                        "type": "response.output_item.added",
                        "output_index": 0,
                        "item": {"id": "rs", "type": "reasoning", "summary": []},
                    },
                    {
                        "type": "response.reasoning_summary_part.added",
                        "item_id": "rs",
                        "output_index": 0,
                        "summary_index": 0,
                        "part": {"type": "summary_text", "text": ""},
                    },
                    {
                        "type": "response.reasoning_summary_text.delta",
                        "item_id": "rs",
                        "output_index": 0,
                        "summary_index": 0,
                        "delta": "Plan.",
                    },
                    {
                        "type": "response.output_item.added",
                        "output_index": 1,
                        "item": {"id": "m", "type": "message", "role": "assistant", "content": []},
                    },
                    {
                        "type": "response.content_part.added",
                        "item_id": "m",
                        "output_index": 1,
                        "content_index": 0,
                        "part": {"type": "output_text", "text": "", "annotations": []},
                    },
                    {
                        "type": "response.output_text.delta",
                        "item_id": "m",
                        "output_index": 1,
                        "content_index": 0,
                        "delta": "Hello.",
                    },
                    {
                        "type": "response.content_part.added",
                        "item_id": "m",
                        "output_index": 1,
                        "content_index": 1,
                        "part": {"type": "output_text", "text": "", "annotations": []},
                    },
                    {
                        "type": "response.output_text.delta",
                        "item_id": "m",
                        "output_index": 1,
                        "content_index": 1,
                        "delta": "Again.",
                    },
                    fc_item(2),
                    {
                        "type": "response.function_call_arguments.delta",
                        "item_id": "fc2",
                        "output_index": 2,
                        "delta": '{"a": 1}',
                    },
                    {"type": "response.web_search_call.in_progress", "item_id": "ws", "output_index": 3},
                ]
            ),
            True,
        ),
        None,
    )
)


async def one(kind, ad, raw, n):
    if note_request is not None:
        note_request(kind, {"n": n} if n else {}) if n else note_request(kind, {})
    pump, rw = make_pump(kind, ad, Identity(), fail_closed=True)
    out = await drive(pump, slices(raw, 64))
    return out, rw.unreadable


async def main():
    leaks = 0
    for name, kind, ad, raw, n in BAD:
        out, unr = await one(kind, ad, raw, n)
        leak = S1.encode() in out and S2.encode() in out
        leaks += leak
        print(("LEAK " if leak else "held ") + name)
    fps = 0
    for name, kind, ad, raw, n in GOOD:
        out, unr = await one(kind, ad, raw, n)
        fps += unr
        print(("STOPPED " if unr else "ok ") + name)
    print(f"held-out bad indexes: {leaks}/{len(BAD)} leak; valid look-alikes: {fps}/{len(GOOD)} stopped")


asyncio.run(main())
