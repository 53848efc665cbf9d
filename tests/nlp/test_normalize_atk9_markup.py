"""Issue 12, atk9 B-H2 and B-L5: markup a renderer does not show, read away in the second reading
(`proxy.nlp.normalize.uncommented`, `pattern_readings`).

- B-H2: tags without attributes of any name (`<label>`, `<output>`, `<ruby>`, `<rt>`, `<acronym>`, `<blink>`, SVG
  `<tspan>`, MathML `<mn>`, Office `<o:p>`, `<w:r>`), processing instructions, CDATA sections, stray end tags and a
  line break before a tag's `>` hid values and codenames, while the same tags with an attribute were laid out;
- B-L5: BBCode, MediaWiki and Markdown-extension markup (`[b]..[/b]`, `'''..'''`, `==..==`, `^..^`, `++..++`)
  inside a word or a value;
- code that only looks like them stays: generics, comparisons, placeholders, `a++ + ++b`, `x^2^3`, `a==b==c`.
"""

from __future__ import annotations

import re

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck
from proxy.nlp.normalize import markup_open, markup_spans, normalize, pattern_readings, uncommented
from proxy.nlp.pii import PiiAnalyzer

ALL = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
CODENAME = CheckContext("input", InputRules.model_validate(
    {"patterns": [{"name": "codename", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}))

TAGS = ["label", "output", "ruby", "rt", "rb", "rp", "acronym", "blink", "marquee", "tspan", "mn", "mi", "mo", "mrow",
        "o:p", "w:r"]
# Markup a browser shows nothing of: a processing instruction, CDATA (both bogus comments in HTML), a stray end tag,
# a known tag with a line break before its `>`.
UNSHOWN = ["<?x?>", "<![CDATA[]]>", "</x>", "<b\n>", "<?php ?>", "<!x>"]
# BBCode, MediaWiki and Markdown-extension pairs.
PAIRS = [("[b]", "[/b]"), ("[color=red]", "[/color]"), ("[URL=http://x.test]", "[/URL]"), ("''", "''"),
         ("'''", "'''"), ("==", "=="), ("^", "^"), ("++", "++")]


def _values(tag: str) -> list[tuple[str, str, str]]:
    o, c = f"<{tag}>", f"</{tag}>"
    return [(f"write to jane.doe@{o}example{c}.com today", "EMAIL_ADDRESS", f"jane.doe@{o}example{c}.com"),
            (f"call 617-{o}555{c}-0143 today", "PHONE_NUMBER", f"617-{o}555{c}-0143"),
            (f"my ssn is 536-{o}90{c}-4399", "US_SSN", f"536-{o}90{c}-4399"),
            (f"card 4111 1111 {o}1111{c} 1111", "CREDIT_CARD", f"4111 1111 {o}1111{c} 1111")]


@pytest.mark.parametrize(("text", "entity", "value"), [v for t in TAGS for v in _values(t)] + [
    (f"write to jane.doe@exam{m}ple.com today", "EMAIL_ADDRESS", f"jane.doe@exam{m}ple.com") for m in UNSHOWN] + [
    (f"write to jane.doe@{a}example{b}.com today", "EMAIL_ADDRESS", f"jane.doe@{a}example{b}.com") for a, b in PAIRS]
    + [("call 617-[b]555[/b]-0143 now", "PHONE_NUMBER", "617-[b]555[/b]-0143"),
       ("server 192.168.<mn>10</mn>.77 down", "IP_ADDRESS", "192.168.<mn>10</mn>.77")])
async def test_a_value_split_by_markup_is_found_as_written(analyzer: PiiAnalyzer, text: str, entity: str,
                                                           value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert (entity, value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


@pytest.mark.parametrize("text", [f"the pro<{t}>ject</{t}> falcon plan" for t in TAGS]
                         + [f"the <{t}>project</{t}> falcon plan" for t in TAGS]
                         + [f"the pro{m}ject falcon plan" for m in UNSHOWN]
                         + [f"the pro{a}ject{b} falcon plan" for a, b in PAIRS]
                         + ["the project<blink> falcon plan", "the project </x>falcon plan",
                            "<w:r><w:t>pro</w:t></w:r><w:r><w:t>ject falcon</w:t></w:r>",
                            "the [i]project [b]osprey[/b][/i] plan"])
def test_a_codename_split_by_markup_is_found(text: str) -> None:
    found = PatternCheck.find(text, CODENAME)
    assert [f.kind for f in found] == ["codename"]
    assert not re.search(r"(?i)project (falcon|osprey)", pattern_readings(text)[0].text)  # the first reading keeps it


@pytest.mark.parametrize(("text", "read", "inner"), [
    ("the pro<label>ject</label> falcon plan", "project falcon", "pro<label>ject</label> falcon"),
    ("the pro<?x?>ject falcon plan", "project falcon", "pro<?x?>ject falcon"),
    ("mail jane.doe@[b]example[/b].com now", "jane.doe@example.com", "jane.doe@[b]example[/b].com"),
    ("mail jane.doe@'''example'''.com now", "jane.doe@example.com", "jane.doe@'''example'''.com"),
    ("see pro<div\n>ject falcon", "pro ject", "pro<div\n>ject"),  # a block tag is a space
])
def test_the_second_reading_maps_back_over_the_markup(text: str, read: str, inner: str) -> None:
    bare = uncommented(text)
    assert bare is not None
    at = bare.text.index(read)
    assert text[slice(*bare.span(at, at + len(read)))] == inner


@pytest.mark.parametrize("text", [
    "List<String> and Vec<u8>", "std::vector<int> v; std::map<string, bool> m;", "Promise<void> and Array<number>",
    "template<typename T> T max(T a, T b)", "fn f<'a>(x: &'a str) -> Result<(), Box<dyn Error>>",
    "usage: tool <input> <output> [--verbose] <stdin> 2>&1 | tee <file>", "cmd < in.txt > out.txt",
    "close </x-note> without an opening", "x</w:t>", "a <b and c> d", "i<n; i++",
    "a[b] = c[i][j] + x^2^3 + a++ + ++b; if (a==b) { c == 5; }", "a==b==c and x^y^z", "2^10^3 and 1++2++3",
    "'' + name + ''", "[b] alone and [i] alone", "s[/b] without an opening", "x = '''doc''' + y",
])
def test_code_shaped_like_markup_has_no_second_reading(text: str) -> None:
    assert uncommented(text) is None


@pytest.mark.parametrize("text", ["project<T> falcon", "project<Vec<u8>> falcon",
                                  "project^2^ falcon"])
def test_no_codename_where_code_keeps_it_apart(text: str) -> None:
    assert PatternCheck.find(text, CODENAME) == []


def test_the_first_reading_keeps_unknown_tags() -> None:
    text = "the pro<label>ject</label> falcon plan"
    assert normalize(text).text == text  # what a model reads: the tags, and what they hold


@pytest.mark.parametrize(("text", "at"), [("pro<?x", 3), ("exam<![CDATA[", 4), ("a <?php echo 1;", 2)])
def test_a_window_does_not_end_inside_a_processing_instruction_or_cdata(text: str, at: int) -> None:
    assert markup_open(text) == at


def test_markup_spans_with_tags_take_the_other_markup() -> None:
    text = "a pro<label>ject</label> <?x?> c <T> d"
    assert [text[a:b] for a, b in markup_spans(text, 0, len(text), tags=True)] == ["<label>", "</label>", "<?x?>"]
    assert markup_spans(text, 0, len(text)) == []  # (without `tags`: comments and tags with attributes only)


# Angle brackets in full-width or small forms (`＜label＞`): NFKC reads them as `<` and `>`, and so did the second
# reading, but whether a text had markup at all was asked of the text as written (html11 leftover).
WIDE = [("\uff1c", "\uff1e"), ("\ufe64", "\ufe65")]


@pytest.mark.parametrize(("text", "entity", "value"), [
    (f"mail jane.doe@exa{lt}label{gt}mple.com now", "EMAIL_ADDRESS", f"jane.doe@exa{lt}label{gt}mple.com")
    for lt, gt in WIDE] + [
    (f"call 617-555{lt}ruby{gt}-0143 now", "PHONE_NUMBER", f"617-555{lt}ruby{gt}-0143") for lt, gt in WIDE] + [
    ("call 617-555-\uff1c!-- x --\uff1e0143 now", "PHONE_NUMBER", "617-555-\uff1c!-- x --\uff1e0143")])
async def test_a_value_split_by_full_width_markup_is_found(analyzer: PiiAnalyzer, text: str, entity: str,
                                                          value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert (entity, value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


@pytest.mark.parametrize("text", [f"the pro{lt}label{gt}ject{lt}/label{gt} falcon plan" for lt, gt in WIDE])
def test_a_codename_split_by_full_width_markup_is_found(text: str) -> None:
    assert [f.kind for f in PatternCheck.find(text, CODENAME)] == ["codename"]


def test_full_width_comparisons_are_no_markup() -> None:
    assert uncommented("a \uff1c b and c \uff1e d, 3\uff1c5") is None
