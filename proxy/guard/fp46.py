"""Which redacted numbers of a JSON-read text really are JSON numbers (fp46, atk45's false positives).

A text read as JSON (`proxy.guard.rewrite.apply_findings`: tool-call arguments, a JSON document) has a redaction
that touches a number outside a string put in quotes, so the document stays valid (`{"a": 4111111111111111}` ->
`{"a": "<CREDIT_CARD_1>"}`). The number reader is tolerant: in a text that is not JSON it also reads digits inside
single-quoted strings and YAML or SQL values as numbers, and the quotes added there corrupted the value:
`{'phone': '617-555-0143'}` (Python-style arguments) became `{'phone': '"<PHONE_NUMBER_1>"'}`, `VALUES (617, 555,
'0143')` got a quoted placeholder. A replacement is put in quotes only where the number stands as a JSON value: after
a double-quoted key's `:`, or as an element of a `[...]` array (or a `{...}` object, or at the text's top level)
after `[` or `,`, and before `,`, `]`, `}` or the text's end. Anything else keeps the bare placeholder in the quotes
it already has (`{'phone': '<PHONE_NUMBER_1>'}`, `save(phone='<PHONE_NUMBER_1>')`), and a YAML plain value becomes
a bare placeholder too (`phone: <PHONE_NUMBER_1>`, a valid YAML string: a plain scalar may start with `<`).

Pure functions over strings, CPU only.
"""

from __future__ import annotations

from collections.abc import Sequence

_SPACE = " \t\r\n"


def json_quoted(text: str, spans: Sequence[tuple[int, int]], quoted: set[int], inside: bool = False) -> set[int]:
    """Of `quoted` (indexes into `spans`, [start, end) of the replacements in `text`), those that stand as a JSON
    value (the docstring); `inside`: `text` starts inside a JSON string."""
    if not quoted:
        return quoted
    opens = _open_brackets(text, sorted(spans[i][0] for i in quoted), inside)
    return {i for i in quoted if _json_value(text, *spans[i], opens.get(spans[i][0], ""))}


def _json_value(text: str, start: int, end: int, bracket: str) -> bool:
    before = text[:start].rstrip(_SPACE)
    after = text[end:].lstrip(_SPACE)
    prev, nxt = before[-1:], after[:1]
    if nxt not in ("", ",", "]", "}"):
        return False
    if prev == ":":
        return before[:-1].rstrip(_SPACE).endswith('"') and bracket != "("
    if prev in ("", "[", ","):
        return bracket != "("
    return False


def _open_brackets(text: str, positions: list[int], inside: bool) -> dict[int, str]:
    """The innermost bracket (`(`, `[`, `{`; "" at the top level) open at each of `positions`, outside JSON strings."""
    out: dict[int, str] = {}
    stack: list[str] = []
    k = 0
    in_string, escaped = inside, False
    for pos, ch in enumerate(text):
        while k < len(positions) and positions[k] == pos:
            out[pos] = stack[-1] if stack else ""
            k += 1
        if k == len(positions):
            break
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "([{":
            stack.append(ch)
        elif ch in ")]}" and stack:
            stack.pop()
    for pos in positions[k:]:
        out[pos] = stack[-1] if stack else ""
    return out
