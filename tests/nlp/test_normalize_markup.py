"""Issue 12, seventh round: markup the second reading lays out (`proxy.nlp.normalize`).

- HTML tags with a known boolean attribute (`<b hidden>`) and XML or custom elements with a quoted attribute
  (`<w:t xml:space="preserve">`, `<x-note a=1 b="2">`) are laid out as inline tags, with the closing tags of
  those elements; code that only looks like a tag stays (`<T extends U = V>`, `a <b and c> d`);
- `markup_open`: where a text ends inside a comment or a tag that may still close (a stream window or a joint
  never ends there); `markup_spans`: the markup a renderer does not show, for the joints' reach.
"""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import markup_open, markup_spans, normalize, pattern_readings, uncommented


@pytest.mark.parametrize(("text", "read", "inner"), [
    ("status of pro<b hidden>ject</b> osprey ok", "project osprey", "pro<b hidden>ject</b> osprey"),
    ("status of project <span\nhidden class=x>falcon</span> ok", "project falcon",
     "project <span\nhidden class=x>falcon"),
    ('status of fal<w:t xml:space="preserve">con</w:t> ok', "falcon", 'fal<w:t xml:space="preserve">con'),
    ("status of pro<x-note a=1 b='2'>ject</x-note> falcon ok", "project falcon",
     "pro<x-note a=1 b='2'>ject</x-note> falcon"),
    ('mail jane<Trans id="k">.doe</Trans>@acme.com ok', "jane.doe@acme.com", 'jane<Trans id="k">.doe</Trans>@acme.com'),
])
def test_boolean_attributes_and_xml_elements_are_laid_out_in_the_second_reading(text: str, read: str,
                                                                                 inner: str) -> None:
    assert read not in normalize(text).text  # the first reading keeps them
    bare = uncommented(text)
    assert bare is not None
    for v in (bare, next(r for r in pattern_readings(text) if "<" not in r.text)):
        at = v.text.index(read)
        a, b = v.span(at, at + len(read))
        assert text[a:b] == inner


@pytest.mark.parametrize("text", [
    "class Box<T extends Base = Default> {}", "if a <b and c> d: pass", "<custom-tag attr=1>x</custom-tag>",
    "List<String> and Vec<u8>", "close </x-note> without an opening", "a <b open c", "x < y and y > z",
    "<b hidden", "<w:t xml:space=preserve>x</w:t>",
])
def test_code_and_unpaired_markup_have_no_second_reading(text: str) -> None:
    assert uncommented(text) is None


@pytest.mark.parametrize(("text", "at"), [
    ('project <span class="x', 8), ("project <span\n", 8), ('project <span title="Note. ', 8),
    ("pro<b\nhidden", 3), ("project <b", 8), ('a <w:t xml:space="pre', 2), ("<!-- a. b", 0),
    ('x <x-note a=1 b="2 3 4', 2), ("fal<!-- <b class=x>", 3),
])
def test_where_a_text_ends_inside_markup(text: str, at: int) -> None:
    assert markup_open(text) == at


@pytest.mark.parametrize("text", [
    'project <span class="x">', "for (i = 0; i<n; i++) {", "x < y", "List<String>", "a <!-- closed --> b",
    "done <b>", "a <b and c; d", '<span title="' + "x" * 600, "plain text",
])
def test_where_a_text_ends_outside_markup(text: str) -> None:
    assert markup_open(text) == -1


def test_markup_spans_are_what_a_renderer_does_not_show() -> None:
    text = 'a <!-- x <b class="y"> --> b <span class="z">c</span> d <i id=1'
    spans = markup_spans(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ['<!-- x <b class="y"> -->', '<span class="z">', "<i id=1"]
    assert markup_spans(text, 20, 40) == [(29, 40)]  # offsets in `text`; a tag the stretch ends inside, to its end
    assert markup_spans("no markup here", 0, 14) == []
