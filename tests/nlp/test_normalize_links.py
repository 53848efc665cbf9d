"""Links read as rendered (atk14 B H2): a link whose target stands between the displayed words is read in the second
reading (`uncommented`, `pattern_readings`) as its text alone, in every link syntax a chat front end, a wiki or a bot
renders (Markdown inline, with a title or an angle target, images, reference links; Slack mrkdwn; Jira; MediaWiki
external and internal; Org; AsciiDoc; reStructuredText). A value or a codename that displays whole across or inside
such links is read whole, its span maps back over the displayed characters and the syntax between them (the whole
link where the value starts or ends at its text's edge), and the first reading keeps the target (a model reads it,
and values in it are read there). A stream window or a joint never ends inside an open link whose text may go on
(`markup_open`, `value_near`). Code shapes (`x[i](y)`, `a[i][j]`, nested arrays, code spans) stay as written."""

from __future__ import annotations

import pytest

from proxy.guard.checks.pii import value_near
from proxy.nlp.normalize import markup_open, markup_spans, normalize, pattern_readings, uncommented

# (text, its second reading, the value read there, what that value maps back to)
SHOWN = [
    ("ring 617-[555](https://docs.example/p)-0143 today", "ring 617-555-0143 today", "617-555-0143",
     "617-[555](https://docs.example/p)-0143"),
    ("ring [617](tel:a)-[555](tel:b)-[0143](tel:c) today", "ring 617-555-0143 today", "617-555-0143",
     "[617](tel:a)-[555](tel:b)-[0143](tel:c)"),
    ("mail jane.doe@[acme](https://acme.example/).io now", "mail jane.doe@acme.io now", "jane.doe@acme.io",
     "jane.doe@[acme](https://acme.example/).io"),
    ("mail [jane.doe](https://x.example/u)@acme.io now", "mail jane.doe@acme.io now", "jane.doe@acme.io",
     "[jane.doe](https://x.example/u)@acme.io"),
    ("ssn 078-[05](#s)-1120 ok", "ssn 078-05-1120 ok", "078-05-1120", "078-[05](#s)-1120"),
    ("card 5500 [0000](https://x.example/c) 0000 0004 ok", "card 5500 0000 0000 0004 ok", "5500 0000 0000 0004",
     "5500 [0000](https://x.example/c) 0000 0004"),
    ('ring 617-[555](https://x.example/a "the title")-0143', "ring 617-555-0143", "617-555-0143",
     '617-[555](https://x.example/a "the title")-0143'),
    ("ring 617-[555](<https://x.example/a b>)-0143", "ring 617-555-0143", "617-555-0143",
     "617-[555](<https://x.example/a b>)-0143"),
    ("ring 617-![555](https://x.example/i.png)-0143", "ring 617-555-0143", "617-555-0143",
     "617-![555](https://x.example/i.png)-0143"),
    ("ring 617-[555][n]-0143\n\n[n]: https://x.example", "ring 617-555-0143\n\n[n]: https://x.example",
     "617-555-0143", "617-[555][n]-0143"),
    ("ring 617-<https://x.example/a|555>-0143", "ring 617-555-0143", "617-555-0143",
     "617-<https://x.example/a|555>-0143"),
    ("mail jane.doe@<https://acme.example|acme>.io", "mail jane.doe@acme.io", "jane.doe@acme.io",
     "jane.doe@<https://acme.example|acme>.io"),
    ("ring 617-[555|https://x.example/a]-0143", "ring 617-555-0143", "617-555-0143",
     "617-[555|https://x.example/a]-0143"),
    ("ring 617-[https://x.example/a 555]-0143", "ring 617-555-0143", "617-555-0143",
     "617-[https://x.example/a 555]-0143"),
    ("ring 617-[[555]]-0143", "ring 617-555-0143", "617-555-0143", "617-[[555]]-0143"),
    ("ring 617-[[Main Page|555]]-0143", "ring 617-555-0143", "617-555-0143", "617-[[Main Page|555]]-0143"),
    ("ring 617-[[https://x.example/a][555]]-0143", "ring 617-555-0143", "617-555-0143",
     "617-[[https://x.example/a][555]]-0143"),
    ("ring 617-https://x.example/a[555]-0143", "ring 617-555-0143", "617-555-0143",
     "617-https://x.example/a[555]-0143"),
    ("ring 617-`555 <https://x.example/a>`_-0143", "ring 617-555-0143", "617-555-0143",
     "617-`555 <https://x.example/a>`_-0143"),
    ("ring 617-`555 <https://x.example/a>`__-0143", "ring 617-555-0143", "617-555-0143",
     "617-`555 <https://x.example/a>`__-0143"),
]


@pytest.mark.parametrize(("text", "shown", "value", "original"), SHOWN)
def test_the_second_reading_reads_a_link_as_its_text(text: str, shown: str, value: str, original: str) -> None:
    bare = uncommented(text)
    assert bare is not None and bare.text == shown
    at = bare.text.index(value)
    assert text[slice(*bare.span(at, at + len(value)))] == original
    assert shown in [v.text for v in pattern_readings(text)]  # the `patterns:` rules read it too


CODENAMES = [
    ("Plan: [Project](https://a.example/p) [Osprey](https://b.example/o) is go", "Plan: Project Osprey is go"),
    ("Plan: [Project][a] [Osprey][b] is go", "Plan: Project Osprey is go"),
    ("Plan: [Pro](#a)[ject](#b) [Os](#c)[prey](#d) is go", "Plan: Project Osprey is go"),
    ("Plan: Project Os[prey](#d) is go", "Plan: Project Osprey is go"),  # inside a word, after a letter
    ("Plan: <https://a.example|Project> <https://b.example|Osprey> is go", "Plan: Project Osprey is go"),
    ("Plan: [Project|https://a.example] [Osprey|https://b.example] is go", "Plan: Project Osprey is go"),
    ("Plan: [https://a.example Project] [https://b.example Osprey] is go", "Plan: Project Osprey is go"),
    ("Plan: [[https://a.example][Project]] [[https://b.example][Osprey]] is go", "Plan: Project Osprey is go"),
    ("Plan: https://a.example[Project] link:b.html[Osprey] is go", "Plan: Project Osprey is go"),
    ("Plan: `Project <https://a.example>`_ `Osprey <https://b.example>`_ is go", "Plan: Project Osprey is go"),
]


@pytest.mark.parametrize(("text", "shown"), CODENAMES)
def test_a_codename_across_links_is_read_whole(text: str, shown: str) -> None:
    readings = pattern_readings(text)
    reading = next(v for v in readings if v.text == shown)
    at = shown.index("Project")
    start, end = reading.span(at, at + len("Project Osprey"))
    assert text[start:end].startswith(("[", "<", "`", "Project", "https")) and text[end - 1] in "])>_y", text[start:end]


def test_the_first_reading_keeps_the_target() -> None:
    text = "ring 617-[555](tel:+16175550143)-0143 or [mail](mailto:jane.doe@acme.io)"
    assert normalize(text).text == text  # a model reads the target: values there are read in the first reading


@pytest.mark.parametrize("text", [
    "x = a[i][j] + m[k](y)", "handlers[name](event); arr[0](x)", "data [[1, 2], [3, 4]] and [[617]] ok",
    "use `code` and `x <y>` here", "see [1] and [the docs]", "a [b] c", "matrix [[0.5, 1.5]]",
])
def test_code_shapes_have_no_second_reading(text: str) -> None:
    assert uncommented(text) is None


@pytest.mark.parametrize(("text", "at"), [
    ("ring 617-[555](https://x.exa", 9), ("ring 617-[55", 9), ("ring 617-[555]", 9), ("ring 617-[555](", 9),
    ("Plan: [Project](x) [Os", 19), ("ring 617-<https://x.example|55", 9), ("ring 617-`55", 9),
    ("ring 617-`555 <https://x", 9), ("ring 617-[[https://x.example][55", 10), ("ring 617-[[55", 10),
    ("ring 617-[555|https://x.exa", 9), ("ring 617-[555][", 9),
])
def test_a_text_that_ends_inside_a_link_is_open(text: str, at: int) -> None:
    assert markup_open(text) == at


@pytest.mark.parametrize("text", ["see [1]", "a [", "closed [a](b) and", "ring [617](tel:a) now",
                                  "<https://x.example|ok> done", "`a` b"])
def test_a_text_that_closed_its_links_is_not_open(text: str) -> None:
    assert markup_open(text) == -1


def test_markup_spans_hold_the_link_syntax() -> None:
    text = "ring 617-[555](https://x.example/a)-0143"
    spans = markup_spans(text, 0, len(text), tags=True)
    assert [text[a:b] for a, b in spans] == ["[5", "5](https://x.example/a)"]


@pytest.mark.parametrize(("before", "after"), [
    ("ring 617-[555](https://x.exa", "mple/a)-0143"), ("ring 617-[55", "5](x)-0143"),
    ("mail jane.doe@[acme](https://x.example/", ").io"), ("ring 617-<https://x|55", "5>-0143"),
])
def test_a_value_cut_inside_a_link_makes_a_joint(before: str, after: str) -> None:
    assert value_near(before, after)
