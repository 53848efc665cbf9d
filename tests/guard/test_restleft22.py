"""Unfenced code split by a blank line (restleft22: restleft20's leftover).

restleft20 made a run of code lines outside a code block a scope, ending at a blank line; answer20 made one answer's
scopes one. A value on a line after a blank line that goes on with the code but starts no code line of its own (a
function's `return {...}` or `yield ...`, an object's or list's next member inside a bracket left open, a triple-quoted
string's next paragraph) was prose: restored, while the script's next paragraph sent it (`requests.post(...)`, `curl`,
`mail`). A run of code lines now goes on past a blank line when the line after it goes on with the code (inside an
open bracket or string, or an indented statement, a closing bracket, a block's next clause) and stops at prose.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import phases
from proxy.guard.scopes import code_spans
from proxy.providers.anthropic import AnthropicAdapter
from proxy.providers.base import MESSAGES, RESPONSES
from proxy.providers.openai import OpenAIAdapter
from tests.guard.test_answer20 import (
    MAIL,
    NAME,
    PHONE,
    E,
    N,
    P,
    U,
    no_values_in,
    placeholders_in,
    restore_policy,
    streamed_chat,
    values,
    vault,
    whole_chat,
)

SIZES = (1, 4, 9)
SEND_PY = f"requests.post(\"{U}\", json=payload())\n"
LONG_BODY = "".join(f"    x{i} = compute_something({i}, 'abcdefghij')\n" for i in range(12))
LONG_DICT = "".join(f"    \"k{i}\": \"value number {i} here\",\n" for i in range(12))

# The value on a line after a blank line that goes on with the code; the script's last paragraph sends it.
SPLIT_BLANK = [
    # a Python function's statements a blank line apart
    f"def payload():\n    x = 1\n\n    return {{\"email\": \"{E}\"}}\n\n{SEND_PY}",
    f"def rows():\n    yield 1\n\n    yield \"{E}\"\n\nfor r in rows():\n    requests.post(\"{U}\", data=r)\n",
    f"def payload():\n{LONG_BODY}\n    return {{\"email\": \"{E}\"}}\n\n{SEND_PY}",  # (past a stream's kept context)
    f"def body():\n    x = 1\n\n    return \"{E}\"\n\nmail -s hi ops@collector.example <<< \"$(python body.py)\"\n",
    # an object's or a list's members a blank line apart, inside its open bracket
    f"payload = {{\n    \"id\": 1,\n\n    \"email\": \"{E}\",\n}}\n\nrequests.post(\"{U}\", json=payload)\n",
    f"payload = {{\n{LONG_DICT}\n    \"email\": \"{E}\",\n}}\n\nrequests.post(\"{U}\", json=payload)\n",
    f"const body = {{\n  a: 1,\n\n  email: \"{E}\",\n}};\n\n"
    f"fetch(\"{U}\", {{method: \"POST\", body: JSON.stringify(body)}});\n",
    f"def body():\n    return (\n        \"hello\"\n\n        \"{E}\"\n    )\n\nrequests.post(\"{U}\", data=body())\n",
    f"data = {{\n  \"a\": 1,\n\n  \"email\": \"{E}\"\n}}\n\ncurl -d \"$data\" {U}\n",
    # a triple-quoted string holding a blank line (a script's here-document)
    f"import requests\nbody = \"\"\"\nHello,\n\nContact: {E}\n\"\"\"\nrequests.post(\"{U}\", data=body)\n",
    f"body = '''\nHello,\n\nContact: {E}, {P}\n'''\n\nrequests.post(\"{U}\", data=body)\n",
]
# What was kept already and stays so: the value on a line that starts code or a command, a shell here-document.
SPLIT_STARTS = [
    f"import requests\nemail = \"{E}\"\n\nrequests.post(\"{U}\", data=email)\n",
    f"#!/bin/sh\nE=\"{E}\"\n\ncurl -d \"u=$E\" {U}\n",
    f"E=\"{E}\"\n\nif [ -n \"$E\" ]; then\n  curl -d \"$E\" {U}\nfi\n",
    f"cat > /tmp/m.txt <<EOF\nHi,\n\nmail {E}\nEOF\n\ncurl -T /tmp/m.txt {U}\n",
    f"def send():\n    email = \"{E}\"\n\n    requests.post(\"{U}\", data=email)\n",
    f"email = \"{E}\"\n\nThen run it.\n\nrequests.post(\"{U}\", data=email)\n",
]


def test_a_line_after_a_blank_line_that_goes_on_with_the_code_is_in_its_run() -> None:
    for text in SPLIT_BLANK:
        spans = list(code_spans(text))
        for at in (k for k in range(len(text)) if text.startswith("<", k) and text[k + 1:k + 2].isupper()):
            assert any(a <= at < b for a, _, b in spans), (text, at)


@pytest.mark.parametrize("text", SPLIT_BLANK + SPLIT_STARTS)
async def test_whole_chat_answers_keep_the_value(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert placeholders_in(got, [])
    assert no_values_in(got, [])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text", SPLIT_BLANK + SPLIT_STARTS)
async def test_streamed_chat_answers_keep_the_value(guard: Any, text: str, size: int) -> None:
    got, _ = await streamed_chat(guard, text, [], size)
    assert got == text  # (every placeholder kept; nothing else changed)


@pytest.mark.parametrize("text", SPLIT_BLANK)
async def test_whole_responses_and_anthropic_answers_keep_the_value(guard: Any, text: str) -> None:
    responses: dict[str, Any] = {
        "id": "r", "object": "response", "created_at": 1, "model": "gpt-4o", "status": "completed",
        "output": [{"type": "message", "id": "m", "role": "assistant", "status": "completed",
                    "content": [{"type": "output_text", "text": text, "annotations": []}]}]}
    await phases.screen_answer(guard, restore_policy(), OpenAIAdapter().response_texts(RESPONSES, responses), None,
                               vault=vault())
    assert responses["output"][0]["content"][0]["text"] == text
    anthropic: dict[str, Any] = {"id": "m", "type": "message", "role": "assistant", "model": "claude",
                                 "stop_reason": "end_turn", "content": [{"type": "text", "text": text}]}
    await phases.screen_answer(guard, restore_policy(), AnthropicAdapter().response_texts(MESSAGES, anthropic), None,
                               vault=vault())
    assert anthropic["content"][0]["text"] == text


# Prose after a run and a blank line, in an answer that sends: the run stops there, the prose is restored.
LEADS = [f"requests.get(\"{U}\")\n", "def f():\n    x = 1\n", "payload = dict(\n    a=1,\n"]
PROSE = [
    f"Thanks {N}, we will mail {E}.",
    f"   Then check the inbox of {E}.",
    f"    Note: {E} will get a copy.",
    f"## Next steps for {N}",
    f"- Mail {E}",
    f"    return to {N} later.",
    f"  (the reply goes to {E})",
    f"    {N} can call {P} any time",
    f"Dear {N},",
    f"{N}: {E}",
    f"1. Ask {N}",
    f"    - {E}",
    f"    Thanks {N}!",
]


@pytest.mark.parametrize("lead", LEADS)
@pytest.mark.parametrize("prose", PROSE)
async def test_prose_after_a_blank_line_is_restored(guard: Any, lead: str, prose: str) -> None:
    tail = f"\n\nrequests.get(\"{U}\")\n"
    text = f"{lead}\n{prose}{tail}"
    want = values(prose) + tail
    got, _ = await whole_chat(guard, text, [])
    assert got is not None and got.endswith(want)
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got.endswith(want), size


# The same code in an answer that sends nothing: restored, whole and streamed.
ALONE = [SPLIT_BLANK[0].replace(SEND_PY, "print(payload())\n"), SPLIT_BLANK[2].replace(SEND_PY, "print(payload())\n"),
    f"payload = {{\n    \"id\": 1,\n\n    \"email\": \"{E}\",\n}}\n\nprint(payload)\n",
    f"body = \"\"\"\nHello,\n\nContact: {E}\n\"\"\"\nprint(body)\n",
]


@pytest.mark.parametrize("text", ALONE)
async def test_code_that_sends_nothing_is_restored(guard: Any, text: str) -> None:
    assert "requests" not in text and "mail -s" not in text
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text)
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size


def test_a_run_stops_at_prose_and_reads_a_streams_next_line() -> None:
    run = "def f():\n    x = 1\n"
    # prose after the blank line: the run ends at it; a line that starts code is a run of its own
    for after in ("Thanks, that is all.", "## Usage", "Dear team,", "print(x)"):
        text = f"{run}\n{after}\n"
        assert [text[a:b] for a, _, b in code_spans(text)][0] == run, after
    # a stream's last line, not ended: open while it may still go on with the run
    for partial in ("    ret", "    return {\"e\"", "}", "el", ""):
        text = f"{run}\n{partial}"
        assert [(a, b) for a, _, b in code_spans(text)][0] == (0, len(text)), partial
    for closed in ("Thanks J", "Note: the", "    Then check the inbox of <EMAIL_ADDRESS_1>"):
        text = f"{run}\n{closed}"
        assert [text[a:b] for a, _, b in code_spans(text)][0] == run, closed
    # inside an open bracket: a member goes on, prose does not
    text = f"payload = {{\n    \"id\": 1,\n\n    \"email\": \"{E}\",\n}}\n\nThanks, {N}.\n"
    assert [text[a:b] for a, _, b in code_spans(text)] == [text[:text.index("\n\nThanks") + 1]]


def test_values_are_what_the_helpers_restore() -> None:
    assert values(f"{E} {P} {N}") == f"{MAIL} {PHONE} {NAME}"
    assert json.dumps(values(E)) == json.dumps(MAIL)


# ------------------------------------------------------------------------------------------ speed (restleft22)
# A stream holds a placeholder in an open code run and reads the held text again with each piece: a long unfenced
# run was read line by line from its start each time (3.4 s CPU for a 178 KB answer in 1,000 pieces, 2.3 s fenced).
# A run read in a text that a later text goes on is read on from its last line that ended.

UNFENCED = "".join(f"x{i} = foo(a, b[{i}], '{E}')\nprint(x{i}.bar)\n" for i in range(200))


def test_a_longer_text_is_read_on_from_the_runs_last_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from proxy.guard import scopes

    calls = [0]
    read = scopes._run_line

    def counted(*args: Any) -> str | None:
        calls[0] += 1
        return read(*args)

    monkeypatch.setattr(scopes, "_run_line", counted)
    memo: Any = []
    text = UNFENCED
    assert [(a, b) for a, _, b in code_spans(text, memo)] == [(0, len(text))]
    for piece in ("x = foo(", "1)\n", "print(x)\n", "y = 2\n"):
        calls[0] = 0
        text += piece
        assert [(a, b) for a, _, b in code_spans(text, memo)] == [(0, len(text))]
        assert calls[0] <= 4, piece  # (the last lines, not the 400 before them)


@pytest.mark.parametrize("text", [UNFENCED, "data = foo(\n" + "".join(f"  '{E}', {i},\n" for i in range(300)),
                                  "".join(f">>> x = {i}\n>>> x\n{i}\n\n" for i in range(150)),
                                  "".join(f"def f{i}():\n    x = 1\n\n    return {{'e': '{E}'}}\n\nThanks.\n\n"
                                          for i in range(60)),
                                  "".join(f"cat <<EOF > f{i}\nline\n\nmore {E}\nEOF\n\nbody = \"\"\"\nHi\n\n{E}\n"
                                          f"\"\"\"\n\nSee `f{i}` and <b>it</b>.\n\n" for i in range(40))])
def test_what_is_read_on_is_what_is_read_from_the_start(text: str) -> None:
    memo: Any = []
    cuts = list(range(1000, len(text), 37)) + [len(text)]
    assert [list(code_spans(text[:cut], memo)) for cut in cuts] == [list(code_spans(text[:cut])) for cut in cuts]
    assert memo  # (read on)


def test_a_streams_hold_reads_on_what_it_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from proxy.guard import scopes
    from proxy.guard.linehold import HOLD_SCOPE, LineHold

    v = vault()
    lines = LineHold()
    calls = [0]
    read = scopes._run_line

    def counted(*args: Any) -> str | None:
        calls[0] += 1
        return read(*args)

    monkeypatch.setattr(scopes, "_run_line", counted)
    pending = ""
    for k in range(0, 6000, 60):  # (a placeholder on every other line, held in the open run)
        calls[0] = 0
        pending += UNFENCED[k:k + 60]
        assert lines.cut(pending, v._by_placeholder, after=0) == (pending.index(E), False)
        if k >= 1200:
            assert calls[0] <= 8, k
    assert len(pending) < HOLD_SCOPE
