"""Issue 12, seventh round: HTML and XML tags with attributes in stream windows and at the joints of texts.

The checks read a text once more with its tags with attributes laid out (`project <span class="x">falcon` reads
`project falcon`, `proxy.nlp.normalize.uncommented`). A stream window could end inside such a tag while it was
still open (`project <span title="Note. ` at a sentence end, `project <span\\n` at a line break, a space inside a
long `style` at `hold_chars`): what came before it went out, the rest was read without it, and the codename or
value split around the tag passed. Now a window never ends inside a tag that may still close, as it never ends
inside an HTML comment (`proxy.nlp.normalize.markup_open`, 400 characters at most). A joint between two texts
reaches back and on over such markup, which a renderer does not show (`proxy.guard.joined`): a tag longer than
the joint's 100 characters no longer hides the codename before it.
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import joints
from tests.guard.conftest import PII_OUT, policy
from tests.guard.test_window_comments import BLOCK, streamed
from tests.support.pii import WordScorer

LONG = ('<span class="highlight-token" style="color: #c0392b; font-weight: 600; text-decoration: underline" '
        'data-id="12345" title="x">')  # 125 characters, spaces inside

TAGS = [
    '<span title="Note. See the whole thread for the history of it">',  # a sentence end inside
    "<span\nclass=\"abcdefghijklmnopqrstuvwxyz\">",  # a line break inside
    '<span style="color: red; font-weight: bold; text-decoration: underline; margin: 0 auto">',  # spaces
    "<b\nhidden>",  # a boolean attribute
    '<w:t xml:space="preserve">',  # an XML element
    LONG,
]


@pytest.mark.parametrize("hold", [60, 200])
@pytest.mark.parametrize("tag", TAGS)
async def test_a_phrase_split_around_a_tag_with_attributes_is_blocked_in_a_stream(analyzer: object, hold: int,
                                                                                  tag: str) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=hold)  # type: ignore[arg-type]
    text = "Hello there. Status: project " + tag + "falcon ships. Bye."
    assert (await guard.output(policy(output=BLOCK), [text])).blocked
    for size, group in ((1, None), (3, None), (8, None), (3, "a")):  # a field of an answer's group too
        got, stream, most = await streamed(guard, BLOCK, text, size, group)
        assert stream.blocked and "falcon" not in got, (size, got[-60:])
        assert most <= 2 * hold + 400 + 100, most


@pytest.mark.parametrize("tag", TAGS[:3])
async def test_a_value_split_around_a_tag_with_attributes_is_redacted_in_a_stream(analyzer: object,
                                                                                  tag: str) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)  # type: ignore[arg-type]
    text = "Hello there. Call 617-" + tag + "555-0143</span> now. Bye."
    assert "617" not in (await guard.output(policy(output=PII_OUT), [text])).texts[0]
    for size in (1, 3, 8):
        got, _, _ = await streamed(guard, PII_OUT, text, size)
        assert "617" not in got and "0143" not in got and got.startswith("Hello there. "), (size, got)


@pytest.mark.parametrize("doc", [PII_OUT, BLOCK], ids=["pii", "patterns"])
@pytest.mark.parametrize("text", [
    "for (int i = 0; i<n; i++) {\n  total += a[i];\n}\n" * 12,  # code: no tag open, windows as before
    'Intro. <span title="' + "never closed " * 60 + " end. More text here. " * 10,  # longer than the bound
])
async def test_text_with_no_tag_to_close_goes_out_unaltered_and_bounded(guard: Guard, doc: dict[str, object],
                                                                        text: str) -> None:
    for size in (1, 7):
        got, stream, most = await streamed(guard, doc, text, size)
        assert got == text and not stream.blocked
        assert most <= 2 * 60 + 400 + 100, most


@pytest.mark.parametrize("parts", [
    ["project " + LONG, "falcon</span> is late"],
    ["status of project", LONG + "falcon</span>"],
    ["project <!-- " + "x " * 100 + "-->", "falcon"],
    ["project <b hidden>", "falcon"],
    ['project <w:t xml:space="preserve">', "falcon</w:t>"],
    ["ok", "project " + LONG, "falcon"],
])
async def test_a_phrase_split_across_texts_around_a_long_tag_is_blocked(guard: Guard, parts: list[str]) -> None:
    p = policy(input=BLOCK, output=BLOCK)
    assert (await guard.input(p, parts, None)).decision == "block"
    assert (await guard.output(p, parts, None)).decision == "block"
    for part in parts:
        assert (await guard.input(p, [part], None)).decision == "allow"


def test_a_joint_reaches_over_markup_as_over_invisible_characters() -> None:
    before, after = "lorem ipsum " * 20 + "project " + LONG, "falcon and more words " * 10
    (joint,) = joints([before, after])
    assert "project " + LONG + "falcon" in joint.text
    (plain,) = joints(["lorem ipsum " * 20 + "project " + "x" * len(LONG), after])
    assert "project" not in plain.text  # 100 visible characters, as before
