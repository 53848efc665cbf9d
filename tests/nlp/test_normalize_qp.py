"""Quoted-printable in the view (atk10 B-H2): soft line breaks (`=` + a line break, RFC 2045 5.1) inside a value,
`=XX` escapes in a QP text, RFC 2047 encoded-words; each maps back to the original characters, the break with them."""

from __future__ import annotations

import quopri

import pytest

from proxy.nlp.normalize import normalize, pattern_readings


@pytest.mark.parametrize(("text", "view", "value", "original"), [
    ("Reply to lena.vos@bright=\nquay.org now", "Reply to lena.vos@brightquay.org now", "lena.vos@brightquay.org",
     "lena.vos@bright=\nquay.org"),
    ("Reply to lena.vos@bright=\r\nquay.org now", "Reply to lena.vos@brightquay.org now", "lena.vos@brightquay.org",
     "lena.vos@bright=\r\nquay.org"),
    ("Reply to lena.vos=\n@brightquay.org", "Reply to lena.vos@brightquay.org", "lena.vos@brightquay.org",
     "lena.vos=\n@brightquay.org"),
    ("Call 646-555-=\n0188 today", "Call 646-555-0188 today", "646-555-0188", "646-555-=\n0188"),
    ("SSN 078-05-=\n1120.", "SSN 078-05-1120.", "078-05-1120", "078-05-=\n1120"),
    ("host 10.20.=\n30.44 down", "host 10.20.30.44 down", "10.20.30.44", "10.20.=\n30.44"),
    ("card 5555 5555 55=\n55 4444.", "card 5555 5555 5555 4444.", "5555 5555 5555 4444", "5555 5555 55=\n55 4444"),
    ("call 646=2D555=2D0188 now", "call 646-555-0188 now", "646-555-0188", "646=2D555=2D0188"),
    ("mail lena=2Evos=40brightquay=2Eorg", "mail lena.vos@brightquay.org", "lena.vos@brightquay.org",
     "lena=2Evos=40brightquay=2Eorg"),
    ("Reply-To: =?utf-8?q?lena=2Evos=40brightquay=2Eorg?=", "Reply-To: lena.vos@brightquay.org",
     "lena.vos@brightquay.org", "lena=2Evos=40brightquay=2Eorg"),
    ("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <x>", "From: Jürgen Müller <x>", "Jürgen Müller",
     "J=C3=BCrgen_M=C3=BCller"),
    ("From: =?UTF-8?B?bGVuYS52b3NAYnJpZ2h0cXVheS5vcmc=?= x", "From: lena.vos@brightquay.org x",
     "lena.vos@brightquay.org", "=?UTF-8?B?bGVuYS52b3NAYnJpZ2h0cXVheS5vcmc=?="),
    ("J=C3=BCrgen M=C3=BCller wrote", "Jürgen Müller wrote", "Jürgen Müller", "J=C3=BCrgen M=C3=BCller"),
])
def test_quoted_printable_is_read_and_maps_back(text: str, view: str, value: str, original: str) -> None:
    v = normalize(text)
    assert v.text == view
    at = v.text.index(value)
    assert text[slice(*v.span(at, at + len(value)))] == original
    if not text.endswith("?="):  # an encoded-word's closing `?=` at the very end reads as nothing: it stays out
        assert v.span(0, len(v.text)) == (0, len(text))


def test_a_real_quopri_body_reads_whole() -> None:
    line = "Hello team, please forward the signed contract to our counsel at lena.vos@brightquay.org before Friday."
    qp = quopri.encodestring(line.encode()).decode()
    assert "=\n" in qp
    assert "lena.vos@brightquay.org" not in qp  # the encoder broke the address
    assert normalize(qp).text == line


def test_a_codename_over_a_soft_break_is_read_by_patterns() -> None:
    assert any("project falcon" in v.text for v in pattern_readings("Status of pro=\nject falcon?"))


@pytest.mark.parametrize("text", [
    "x =\n  y",  # a continuation in code: whitespace around the break
    "a ==\nb and c=\n",
    "width=40 height=40; a=40&b=example.com; x=40.5; x=2E5",
    "FLAGS=-O2=\n  -Wall",
    "=?not an encoded word?= and =?bogus?Q?a_b?=",
])
def test_equals_signs_in_ordinary_text_are_left_alone(text: str) -> None:
    assert normalize(text).text == text
