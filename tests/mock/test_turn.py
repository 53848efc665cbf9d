"""Planning one answer: scripted usage overrides the tokenizer's counts."""

from __future__ import annotations

from proxy.mock.state import Script
from tests.mock.samples import USER

# --------------------------------------------------------------------------- usage


async def test_usage_override(oai, mock):
    mock[0].add_script(Script(text="x", usage={"input_tokens": 1234, "output_tokens": 56}))
    resp = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert (resp.usage.prompt_tokens, resp.usage.completion_tokens) == (1234, 56)
