"""proxy.guard.windows: streamed tool call arguments are read with their strings' escapes decoded, as a whole
answer's arguments are (`proxy.guard.joined.json_view`; README-only attack atk6 "b" H2): a literal `\\u0040` in an
e-mail and a codename in Unicode tag characters written as the surrogate escapes providers emit."""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import json_view
from proxy.guard.windows import _escape_safe
from tests.guard.conftest import PII_OUT, no_values, policy

CODENAME = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject falcon\b", "action": "block"}]}


def _tags(text: str) -> str:
    return "".join(chr(0xE0000 + ord(c)) for c in text)


def _pieces(text: str, n: int) -> list[str]:
    k = max(1, len(text) // n)
    return [text[i:i + k] for i in range(0, len(text), k)]


async def _stream(guard: Guard, doc: dict[str, object], args: str, n: int,
                  group: str | None = None) -> tuple[str, bool]:
    stream = guard.output_stream(policy(**doc))
    out = [await stream.feed("args", piece, in_json=True, group=group) for piece in _pieces(args, n)]
    if group is None:
        out.append(await stream.end("args"))
    else:
        out.extend(text for _, text in await stream.end_group(group))
    return "".join(out), stream.blocked


@pytest.mark.parametrize("escape", ["\\u0040", "\\u{40}", "\\100", "\\x40", "\\U00000040"])
@pytest.mark.parametrize("n", [1, 2, 7])
@pytest.mark.parametrize("group", [None, "a"])
async def test_a_literal_escape_in_a_streamed_email_is_redacted(guard: Guard, escape: str, n: int,
                                                                group: str | None) -> None:
    args = json.dumps({"note": f"Mail jane.doe{escape}example.com now.", "n": 2})
    out, blocked = await _stream(guard, {"output": PII_OUT}, args, n, group)
    assert not blocked
    note = json.loads(out)["note"]  # still JSON: only the value's characters were replaced
    assert note.startswith("Mail <EMAIL_ADDRESS_") and note.endswith("> now.") and "example" not in note


@pytest.mark.parametrize("n", [1, 2, 5])
@pytest.mark.parametrize("group", [None, "a"])
async def test_a_codename_in_tag_characters_escaped_as_surrogates_blocks(guard: Guard, n: int,
                                                                         group: str | None) -> None:
    args = json.dumps({"note": "We start project " + _tags("falcon") + " soon."})  # ensure_ascii: \udb40\udc66...
    assert "\\udb40\\udc66" in args
    out, blocked = await _stream(guard, {"output": CODENAME}, args, n, group)
    assert blocked and "udc66" not in out


async def test_escapes_that_keep_the_json_are_not_read_as_something_else(guard: Guard) -> None:
    # an escaped quote and backslash, a newline: the arguments stay as they were, nothing redacted
    args = json.dumps({"path": "C:\\new\\tmp", "say": 'he said "hi"\n', "at": "\\u0022"})
    out, blocked = await _stream(guard, {"output": PII_OUT}, args, 3)
    assert not blocked and out == args


def test_json_view_decodes_what_json_decodes_and_maps_back() -> None:
    raw = json.dumps({"note": "jane\\u0040x.io " + _tags("ab") + " a/b \u00e9"})
    view, at = json_view(raw)
    assert at is not None and len(at) == len(view) + 1 and at[-1] == len(raw)
    assert view == '{"note": "jane\\u0040x.io ' + _tags("ab") + ' a/b \u00e9"}'
    start = view.index(_tags("ab"))
    assert raw[at[start]:at[start + 2]] == "\\udb40\\udc61\\udb40\\udc62"
    # kept as written: a quote or backslash escape, a control escape, a lone surrogate, an escape cut short
    for kept in ['"a\\"b"', '"a\\\\"', '"\\n\\t"', '"\\u0022\\u005c\\u000a"', '"\\udb40x"',
                 '"ab\\u00', '"ab\\udb40\\udc']:
        assert json_view(kept)[0] == kept
    assert json_view("no escapes") == ("no escapes", None)
    assert json_view('x\\u0041"', inside=True)[0] == 'xA"'  # a window that starts inside a string
    assert json_view('{"a": 1}\\u0041')[0] == '{"a": 1}\\u0041'  # outside strings: not JSON escapes


def test_a_window_never_ends_inside_an_escape() -> None:
    text = 'x' * 40 + '\\\\u0040' + 'y' * 40
    start = text.index("\\")
    for cut in range(start + 1, start + 7):
        assert _escape_safe(text, cut) == start
    assert _escape_safe(text, start) == start and _escape_safe(text, 20) == 20
    pair = 'x' * 40 + '\\udb40\\udc66' + 'y'
    assert _escape_safe(pair, 40 + 8) == 40
    assert _escape_safe("\\u0040abc", 3) == 3  # no earlier place to cut: as it was
    run = "x" + "\\" * 100 + "y"
    assert _escape_safe(run, 90) == 90  # a run of backslashes longer than any escape: the cut as it was


async def test_no_value_in_the_records(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    args = json.dumps({"note": "Mail jane.doe\\u0040example.com now."})
    await stream.feed("args", args, in_json=True)
    await stream.end("args")
    no_values(stream.records())
