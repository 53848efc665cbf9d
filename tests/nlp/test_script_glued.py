"""atk9 B-H1: a value glued to letters of another script (a Korean or Japanese particle, Chinese or Thai words,
`é`, Cyrillic) or an IPv4 address glued to an ASCII word is read apart from them (`proxy.nlp.normalize._script_edges`,
`_glued`; `proxy.nlp.recognizers.OfflineEmailRecognizer`), and the words glued before an address stay out of it
(`请发邮件到jane.doe@example.com` redacts the address, not the request)."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer

ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]


@pytest.mark.parametrize(("text", "read"), [
    ("jane.doe@example.com으로 보내주세요", "jane.doe@example.com 으로 보내주세요"),
    ("请发邮件到jane.doe@example.com，谢谢", "请发邮件到 jane.doe@example.com,谢谢"),
    ("電話番号は617-555-0143です", "電話番号は 617-555-0143 です"),
    ("2001:db8::1に接続", "2001:db8::1 に接続"),
    ("โทร617-555-0143ค่ะ", "โทร 617-555-0143 ค่ะ"),
    ("jane.doe@example.comом", "jane.doe@example.com ом"),
    ("ip192.168.10.77", "ip 192.168.10.77"),
    ("from 192.168.10.77to 10.0.0.9", "from 192.168.10.77 to 10.0.0.9"),
    ("call617-555-0143now", "call 617-555-0143 now"),
])
def test_a_value_glued_to_letters_is_read_apart_in_the_view(text: str, read: str) -> None:
    v = normalize(text)
    assert v.text == read
    for i in range(len(v.text) + 1):  # the spaces map to nothing of the original
        a, b = v.span(i, i)
        assert 0 <= a == b <= len(text)


@pytest.mark.parametrize("text", [
    "Johnさんに電話", "Windowsを使う", "v1.2.3.4", "version1.2.3.4 ok", "1.2.3.4rc1", "id-617-555-0143x",
    "foo_192.168.1.1", "x192.168.1.300y", "café", "Москваcity",
])
def test_words_without_a_value_stay_glued(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize(("text", "value"), [
    ("jane.doe@example.com으로 보내주세요", "jane.doe@example.com"),
    ("jane.doe@example.com에게 연락하세요", "jane.doe@example.com"),
    ("jane.doe@example.comに送ってください", "jane.doe@example.com"),
    ("请联系jane.doe@example.com获取", "jane.doe@example.com"),
    ("jane.doe@example.comé", "jane.doe@example.com"),
    ("jane.doe@example.comом", "jane.doe@example.com"),
    ("서버 192.168.10.77에 접속하세요", "192.168.10.77"),
    ("2001:db8::1に接続", "2001:db8::1"),
    ("電話番号は617-555-0143です", "617-555-0143"),
    ("電話番号は6175550143です", "6175550143"),
    ("我的电话是13812345678", "13812345678"),
    ("โทร617-555-0143ค่ะ", "617-555-0143"),
    ("番号は536-90-4399です", "536-90-4399"),
    ("ip192.168.10.77", "192.168.10.77"),
    ("host192.168.10.77 is down", "192.168.10.77"),
    ("from 192.168.10.77to nowhere", "192.168.10.77"),
    ("server 192.168.10.77abc", "192.168.10.77"),
    ("call617-555-0143now", "617-555-0143"),
    ("请发邮件到jane.doe@example.com，谢谢", "jane.doe@example.com"),
    ("担当者のメールアドレスはjane.doe@example.com", "jane.doe@example.com"),
])
async def test_the_value_is_found_and_only_the_value(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    spans = (await analyzer.analyze([text], ENTITIES))[0]
    found = {text[s.start:s.end] for s in spans if s.score >= 0.4}
    assert found == {value}


@pytest.mark.parametrize("text", [
    "Johnさんに電話してください", "2024年12月4日に会議", "Windows10を使う", "第3章を読んでください", "价格是1234元",
    "version1.2.3.4 is out", "1.2.3.4rc1 released", "请在评论区@小助手提问",
    # (`用户@例子.广告` was here: a mailbox, `@` and a dotted domain, an address in any script since issue 12's
    # every-encoding decision: tests/nlp/test_names_joined.py)
])
async def test_value_free_text_glued_to_digits_is_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    spans = (await analyzer.analyze([text], ENTITIES))[0]
    assert [text[s.start:s.end] for s in spans if s.score >= 0.4] == []


# atk12 B H2: a label glued by `.` or `_` to a value's printed groups (e-mail signatures, file names); a single run
# of digits or an IPv4 address after `_` or `.` stays (identifiers, versions).
@pytest.mark.parametrize(("text", "read"), [
    ("T.617-555-0143", "T 617-555-0143"), ("M.617.555.0143", "M 617.555.0143"),
    ("ssn_536-90-4399", "ssn 536-90-4399"), ("scan_536-90-4399.pdf", "scan 536-90-4399.pdf"),
    ("card.4111-1111-1111-1111", "card 4111-1111-1111-1111"),
])
def test_a_value_glued_by_a_dot_or_an_underscore_is_read_apart(text: str, read: str) -> None:
    assert normalize(text).text == read


@pytest.mark.parametrize("text", ["user_1699999999", "v.1234567890", "foo_192.168.1.1", "file_2024-01-15.log",
                                  "build_1.2.3.4", "x_192.168.1.1y"])
def test_identifiers_with_a_dot_or_an_underscore_stay(text: str) -> None:
    assert normalize(text).text == text
