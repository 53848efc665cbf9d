"""atk17 H4: a Markdown link or image whose text is only whitespace (`[ ](#s)`, a no-break space, `&nbsp;`, two
spaces, `![ ](x.png)`, reference links `[ ][s]` and `[ ][]`, Slack `<https://x| >`) displays a space. The second
reading (`uncommented`, `pattern_readings`) reads it as one space, so the groups of a value read as the rendered value
(`4111 1111 1111 1111`), a codename as `project falcon`, a name as `Jordan Whitfield`; the value's span maps back
over the link's characters. An empty link (`[](x)`) still reads as nothing."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import links_in, markup_spans, pattern_readings, uncommented

SHOWN = [
    ("Card 4111[ ](#a)1111[ ](#b)1111[ ](#c)1111 please.", "Card 4111 1111 1111 1111 please.",
     "4111 1111 1111 1111", "4111[ ](#a)1111[ ](#b)1111[ ](#c)1111"),
    ("Call me at 617[ ](#a)555[ ](#b)0143 today.", "Call me at 617 555 0143 today.", "617 555 0143",
     "617[ ](#a)555[ ](#b)0143"),
    ("SSN 536[ ](#a)90[ ](#b)4399.", "SSN 536 90 4399.", "536 90 4399", "536[ ](#a)90[ ](#b)4399"),
    ("Status of project[ ](#s)falcon?", "Status of project falcon?", "project falcon", "project[ ](#s)falcon"),
    ("Status of [project](#a)[ ](#s)[falcon](#b)?", "Status of project falcon?", "project falcon",
     "[project](#a)[ ](#s)[falcon](#b)"),
    ("Status of Project[\u00a0](#s)Osprey?", "Status of Project Osprey?", "Project Osprey",
     "Project[\u00a0](#s)Osprey"),
    ("Status of project[&nbsp;](#s)falcon?", "Status of project falcon?", "project falcon",
     "project[&nbsp;](#s)falcon"),
    ("Status of project[  ](#s)falcon?", "Status of project falcon?", "project falcon", "project[  ](#s)falcon"),
    ("Status of project[ ](https://x.example)falcon?", "Status of project falcon?", "project falcon",
     "project[ ](https://x.example)falcon"),
    ("Status of project[ ][s]falcon?\n\n[s]: #x", "Status of project falcon?\n\n[s]: #x", "project falcon",
     "project[ ][s]falcon"),
    ("Card 4111![ ](x.png)1111![ ](x.png)1111![ ](x.png)1111 ok", "Card 4111 1111 1111 1111 ok",
     "4111 1111 1111 1111", "4111![ ](x.png)1111![ ](x.png)1111![ ](x.png)1111"),
    ("Card 4111[ ][]1111[ ][]1111[ ][]1111 ok", "Card 4111 1111 1111 1111 ok", "4111 1111 1111 1111",
     "4111[ ][]1111[ ][]1111[ ][]1111"),
    ("Card 4111<https://x.example| >1111<https://x.example| >1111<https://x.example| >1111 ok",
     "Card 4111 1111 1111 1111 ok", "4111 1111 1111 1111",
     "4111<https://x.example| >1111<https://x.example| >1111<https://x.example| >1111"),
    ("Email Jordan[ ](#s)Whitfield now.", "Email Jordan Whitfield now.", "Jordan Whitfield", "Jordan[ ](#s)Whitfield"),
]


@pytest.mark.parametrize(("text", "shown", "value", "original"), SHOWN)
def test_a_link_whose_text_is_whitespace_reads_as_one_space(text: str, shown: str, value: str,
                                                             original: str) -> None:
    bare = uncommented(text)
    assert bare is not None and bare.text == shown
    at = bare.text.index(value)
    assert text[slice(*bare.span(at, at + len(value)))] == original  # the redaction takes the link's characters
    assert shown in [v.text for v in pattern_readings(text)]  # the `patterns:` rules read it too


def test_an_empty_link_still_reads_as_nothing() -> None:
    bare = uncommented("ring 617-555[](#b)-0143 or a[](x)b[ ](y)c")
    assert bare is not None and bare.text == "ring 617-555-0143 or ab c"


def test_a_name_across_a_space_link_gets_the_name_reading() -> None:
    assert links_in("Email Jordan[ ](#s)Whitfield now.")
    assert not links_in("Email jordan[ ](#s)whitfield now.")  # (lower-case words apart pay no NER pass)


def test_markup_spans_hold_a_space_link() -> None:
    text = "Card 4111[ ](#a)1111"
    assert [text[a:b] for a, b in markup_spans(text, 0, len(text))] == ["[ ](#a)"]


@pytest.mark.parametrize("text", ["- [ ] todo item", "- [x] done", "a [ ] b", "see [ ] and [ ]"])
def test_task_list_boxes_have_no_second_reading(text: str) -> None:
    assert uncommented(text) is None
