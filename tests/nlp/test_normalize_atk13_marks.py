"""atk13 H1, M1, M8, L2 (the view): combining marks of any script inside a value, dash-shaped letters doubled or with
spaces around them between digit groups, vowel points and stress marks on names, the Arabic decimal separator in an
IPv4 address.

H1: only Latin-block combining marks were dropped from the view; a Thai, Arabic, Hebrew, Devanagari, Khmer... mark
between two digits (`55\u0e315`), beside a separator (`617-\u0e31555`) or before the first digit left the value
unread, and one inside a word hid the codename from `patterns:`. M1: `617ــ555ــ0143`, `090ーー1234ーー5678`,
`4111 ㅡ 1111 ㅡ ...` were no number. M8: vocalized Arabic and Hebrew and stress-marked Russian names were missed
whole. L2: `١٩٢٫١٦٨٫١٠٫٧٧` was no IPv4 address.
"""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize, pattern_view

# Marks of many scripts (nonspacing and spacing), none of them in a Latin combining block.
MARKS = ["\u0eb4", "\u102d", "\u0bc0", "\u0acd", "\u0f72", "\u3099", "\u0483", "\u2de0", "\u05b7", "\u0650",
         "\u0941", "\u09bf", "\u0d3f", "\u17c6", "\u1885", "\u0711"]


@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize(("written", "value"), [
    ("Card 5500 00{m}00 0000 0004 ok", "5500 0000 0000 0004"),
    ("ssn 219-0{m}9-9999 ok", "219-09-9999"),
    ("call 212-{m}555-0199 ok", "212-555-0199"),
    ("call 212{m}-555-0199 ok", "212-555-0199"),
    ("host 10.20.3{m}0.40 ok", "10.20.30.40"),
    ("mail john.smith@exam{m}ple.org ok", "john.smith@example.org"),
])
def test_a_mark_inside_a_value_is_not_in_the_view(mark: str, written: str, value: str) -> None:
    text = written.format(m=mark)
    view = normalize(text)
    assert view.text == written.format(m="")
    start = view.text.index(value)
    a, b = view.span(start, start + len(value))
    assert text[a:b] == text.split(" ", 1)[1].rsplit(" ", 1)[0]  # the mark covered with the value


@pytest.mark.parametrize("written", ["call \u0e37212-555-0199", "\u0e37212-555-0199",
                                     "call 212\u2013\u0e37555\u20130199", "call 212-555-\u200b\u0e370199"])
def test_a_mark_before_a_group_after_a_space_or_a_dash_is_not_in_the_view(written: str) -> None:
    assert "212-555-0199" in normalize(written).text


def test_marks_after_digits_of_other_scripts_go_with_them() -> None:
    view = normalize("\u0663\u064e\u0664\u0665 \u0968\u093c\u0969")
    assert view.text == "345 23"
    assert view.span(0, 1) == (0, 2)


@pytest.mark.parametrize("text", [
    "ภาษาไทยที่นี่ 123 บาท", "नमस्ते दुनिया, कमरा 205 में", "வணக்கம் 42 நண்பர்களே", "ক্লাস ৫ এ পড়ি",
    "ສະບາຍດີ 2024", "ព្រះរាជាណាចក្រ 12", "にほんご ぱぴぷ 12", "ज़िंदगी 5", "ਪੰਜਾਬੀ 6",
])
def test_marks_of_words_in_their_own_script_stay(text: str) -> None:
    view = normalize(text)
    assert [ch for ch in view.text if not ch.isdigit()] == [ch for ch in text if not ch.isdecimal()]


@pytest.mark.parametrize("mark", ["\u0e31", "\u0e34", "\u0eb1", "\u17b7", "\u102d", "\u0941", "\u0902", "\u09c1",
                                  "\u0bc0", "\u0c3e", "\u0d41", "\u0dd2", "\u1885", "\u05bc", "\u064e"])
def test_the_pattern_view_drops_the_marks_of_any_script(mark: str) -> None:
    assert "project osprey" in pattern_view(f"status of pro{mark}ject osp{mark}rey").text
    assert "project osprey" in pattern_view(f"status of {mark}project osprey{mark}").text


@pytest.mark.parametrize(("written", "read"), [
    ("call 212ــ555ــ0199", "call 212-555-0199"),
    ("call 212ـــــ555ـــ0199", "call 212-555-0199"),
    ("اتصل ٢١٢ـــ٥٥٥ـــ٠١٩٩", "اتصل 212-555-0199"),
    ("card 5500ـــ0000ـــ0000ـــ0004", "card 5500-0000-0000-0004"),
    ("電話 080ーーー9876ーーー5432", "電話 080-9876-5432"),
    ("電話 080 ー 9876 ー 5432", "電話 080-9876-5432"),
    ("전화 010ㅡㅡ9876ㅡㅡ5432", "전화 010-9876-5432"),
    ("card 5500 ㅡ 0000 ㅡ 0000 ㅡ 0004", "card 5500-0000-0000-0004"),
    ("ssn 219\tˉ\t09\tˉ\t9999", "ssn 219-09-9999"),
])
def test_dash_letters_doubled_or_spaced_between_groups_read_as_a_hyphen(written: str, read: str) -> None:
    view = normalize(written)
    assert view.text == read
    assert view.span(len(read) - 4, len(read)) == (len(written) - 4, len(written))


@pytest.mark.parametrize("text", ["コーヒー 2 ーー 3", "1ーー2ーー3 番地", "2024 一 2025", "5 ー 6 ー 7 ー 8",
                                  "12ــ34ــ56", "call 212ー555ㅡ0199"])
def test_short_runs_and_mixed_letters_stay(text: str) -> None:
    assert "-" not in normalize(text).text


@pytest.mark.parametrize(("written", "read"), [
    ("الخادم ١٠٫٢٠٫٣٠٫٤٠ متوقف", "الخادم 10.20.30.40 متوقف"),
    ("server 10٫20٫30٫40 down", "server 10.20.30.40 down"),
])
def test_an_ipv4_address_with_the_arabic_decimal_separator_reads_with_dots(written: str, read: str) -> None:
    assert normalize(written).text == read


@pytest.mark.parametrize("text", ["٣٫١٤", "السعر ١٢٫٥ ريال", "1٫2٫3"])
def test_a_decimal_number_with_the_arabic_separator_stays(text: str) -> None:
    assert "." not in normalize(text).text


@pytest.mark.parametrize(("written", "name", "read"), [
    ("دعوت مُحَمَّد أَحْمَد إلى الاجتماع.", "مُحَمَّد أَحْمَد", "محمد أحمد"),
    ("قابلت فَاطِمَة الزَّهْرَاء أمس.", "فَاطِمَة الزَّهْرَاء", "فاطمة الزهراء"),
    ("דיברתי עם מֹשֶׁה כֹּהֵן אתמול.", "מֹשֶׁה כֹּהֵן", "משה כהן"),
    ("פגשתי את רִבְקָה לֵוִי.", "רִבְקָה לֵוִי", "רבקה לוי"),
    ("Спасибо Ива\u0301ну Петро\u0301ву за помощь.", "Ива\u0301ну Петро\u0301ву", "Ивану Петрову"),
    ("Звоните Ната\u0301лье Смирно\u0301вой.", "Ната\u0301лье Смирно\u0301вой", "Наталье Смирновой"),
])
def test_vowel_points_and_stress_marks_are_not_in_the_view(written: str, name: str, read: str) -> None:
    view = normalize(written)
    assert view.text == written.replace(name, read)
    start = view.text.index(read)
    a, b = view.span(start, start + len(read))
    assert written[a:b] == name  # a redaction covers the name with its marks


@pytest.mark.parametrize("text", ["أحمد آدم إسلام مؤمن سائق", "Ѓорѓи Ќосев", "ёлка йогурт", "ۀ ۂ", "ѝ ѐ"])
def test_letters_made_with_a_mark_stay(text: str) -> None:
    assert normalize(text).text == text
