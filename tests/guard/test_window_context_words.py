"""proxy.guard.windows: a value known only by its context word or key (a bare phone number or SSN: `My phone is
6175550143`, `{"phone": "6175550143"`, `ssn` then line breaks then `536904399`) streamed with a long run of layout
after it or between them (atk14 B H5). The window cut the context off (the cap after the run, a cut after a word,
a line end) and read the value alone: it reached the client raw, while whole answers redact it. The window that
reads a value now also reads what its field released just before (`OutputWindows._in_context`): the tail of it,
layout folded, whatever the run's length. A number without such a word stays as it is.
"""

from __future__ import annotations

import json
import random

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_OUT, policy

PHONES = ["4155550176", "2125550199", "3125550187", "7185550134"]
SSNS = ["387452211", "219099999", "457555462"]
PADS = [" ", "\n", "\t", "\n\n  ", "\r\n"]


def _cases(seed: int) -> list[tuple[str, str, bool]]:
    """(text, the value, whether it is a JSON document) with runs of layout of 300-1,500 characters."""
    r = random.Random(seed)
    out = []
    for _ in range(6):
        phone, ssn, pad = r.choice(PHONES), r.choice(SSNS), r.choice(PADS) * r.randint(150, 700)
        out += [
            (f"My phone is {phone}{pad}ok.", phone, False),
            (f"Call my cell {phone}{pad}thanks", phone, False),
            (f"phone:{pad}{phone}", phone, False),
            (f"Tel.{pad}{phone} ok", phone, False),
            (f"ssn {ssn}{pad}end", ssn, False),
            (f"Her SSN:{pad}{ssn}.", ssn, False),
            ('{"phone": "' + phone + '"' + pad + "}", phone, True),
            ('{"mobile": ' + phone + pad + ', "a": 1}', phone, True),
            ('{"ssn": "' + ssn + '",' + pad + '"a": 1}', ssn, True),
            ('{"phone":' + pad + phone + "}", phone, True),
            ('{"to": "x", "phone": "' + phone + '", "ssn": ' + ssn + "," + pad + '"x": 1}', ssn, True),
        ]
    return out


async def _stream(guard: Guard, text: str, in_json: bool, size: int, group: str | None) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size], in_json=in_json, group=group)
    if group is None:
        return out + await stream.end("c")
    return out + "".join(t for _, t in stream.take_spill() + await stream.end_group(group))


@pytest.mark.parametrize("group", [None, "answer"])
@pytest.mark.parametrize("seed", [1, 2])
async def test_a_value_read_with_its_context_word_after_a_long_run(guard: Guard, seed: int, group: str | None) -> None:
    r = random.Random(seed)
    leaks = []
    for text, value, in_json in _cases(seed):
        out = await _stream(guard, text, in_json, r.choice([20, 7, 33]), group)
        if value in out or "<" not in out:
            leaks.append((text[:30], len(text), out.replace(" ", "").replace("\n", "")[:60]))
        if in_json:
            json.loads(out)  # still a JSON document
    assert leaks == []


async def test_numbers_without_a_context_word_stay(guard: Guard) -> None:
    """The context read adds only what a context word or key makes a value: other numbers after a long run pass
    as they are."""
    texts = ["Order 4155550176" + " " * 500 + "shipped.", "Build:" + "\n" * 450 + "2125550199",
             '{"id": "3125550187"' + " " * 400 + "}", "Count 387452211" + "\n" * 400 + "rows"]
    for text in texts:
        out = await _stream(guard, text, text.startswith("{"), 20, None)
        assert out == text
