"""atk12 tester B M3: a PERSON span never takes the URL or the query parameter around the name with it (the NER
model's tokenizer reads `https://x.test/?x=1&q=Jan` as one word, and NER ran a name on into `x=1`)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import _url_trimmed


@pytest.mark.parametrize(("text", "name"), [
    ("https://x.test/?x=1&q=Anna Nowak", "Anna Nowak"),
    ("https://x.test/u/Anna Nowak", "Anna Nowak"),
    ("https://x.test/u/Anna Nowak/profile", "Anna Nowak"),
    ("x.test/people/Anna Nowak", "Anna Nowak"),
    ("Anna Nowak x=1", "Anna Nowak"),
    ("Anna Nowak tab=orders id=7", "Anna Nowak"),
    ("Nowak&lang=en", "Nowak"),
    ("https://x.test/?q=Nowak", "Nowak"),
])
def test_a_name_span_keeps_the_name_only(text: str, name: str) -> None:
    start, end = _url_trimmed(text, 0, len(text)) or (0, 0)
    assert text[start:end] == name


@pytest.mark.parametrize("text", ["Anna Nowak", "Smith&Wesson", "Tom & Jerry", "Anna/Jan Nowak", "Anna-Maria Nowak"])
def test_a_name_span_without_a_url_stays(text: str) -> None:
    assert _url_trimmed(text, 0, len(text)) == (0, len(text))


@pytest.mark.parametrize("text", ["https://x.test/?id=7", "https://x.test/a.png?w=800"])
def test_a_span_of_url_parts_only_is_none(text: str) -> None:
    assert _url_trimmed(text, 0, len(text)) is None
