"""Issue 12, atk11 B-M2 and B-L3 (`proxy.nlp.normalize`).

- B-M2: values written digit by digit in CJK numerals (`〇九〇-一二三四-五六七八`, `四一一一 一一一一 ...`), in Korean
  Sino-Korean digit words after a phone or card word (`공일공-일이삼사-오육칠팔`), or in English digit words after a
  label (`card four one one one, ...`) read as the digits; ordinary CJK text with numerals (`一个`, `三月`, dates,
  counts, `一二三`) and digit words elsewhere stay as written;
- B-L3: `-at-`, `_at_`, `'at'`, `/at/` spellings and the Spanish, French, Russian and German at/dot words read as an
  address where it ends in a known top-level domain.
"""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer

ALL = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]


@pytest.mark.parametrize(("text", "read"), [
    ("電話番号は〇九〇-一二三四-五六七八です", "090-1234-5678"),
    ("電話：〇三-一二三四-五六七八", "03-1234-5678"),
    ("电话：一三八-〇〇一三-八〇〇〇", "138-0013-8000"),
    ("电话：一三八零零一三八零零零", "13800138000"),
    ("call 六一七-五五五-〇一四三", "call 617-555-0143"),
    ("カード番号 四一一一 一一一一 一一一一 一一一一", "4111 1111 1111 1111"),
    ("ssn 五三六-九〇-四三九九", "ssn 536-90-4399"),
    ("サーバー 一九二.一六八.一〇.七七", "192.168.10.77"),
    ("〇九〇ー一二三四ー五六七八", "090-1234-5678"),
    ("〇九〇・一二三四・五六七八", "090-1234-5678"),
    ("\uff10九〇－一二三四－五六七八", "090-1234-5678"),
    ("전화번호는 공일공-일이삼사-오육칠팔이에요", "010-1234-5678"),
    ("전화번호 공일공일이삼사오육칠팔", "01012345678"),  # 10 or more in a row (atk12 list)
    ("휴대폰은 공일공구팔칠육오사삼이에요", "01098765432"),  # the particle `이` glued before `에요` is no digit
    ("카드 사일일일일일일일일일일일일일일일", "4111111111111111"),
    ("카드 사일일일 일일일일 일일일일 일일일일", "4111 1111 1111 1111"),
    ("card four one one one, one one one one, one one one one, one one one one", "card 4111 1111 1111 1111"),
    ("My SSN is five three six, nine zero, four three nine nine.", "My SSN is 536 90 4399."),
    ("call six one seven five five five zero one four three now", "call 617 555 0143 now"),
    ("Phone: six one seven - five five five - oh one four three", "Phone: 617 555 0143"),
])
def test_numerals_and_digit_words_read_as_digits(text: str, read: str) -> None:
    assert read in normalize(text).text


@pytest.mark.parametrize("text", [
    "我有一个问题，二〇二四年一二月三一日开会。", "三月一日から五日まで休みです。",
    "第一、第二、第三の理由", "一二三、四五六", "一・二・三・四・五・六・七", "二〇二四.一二.三一に出発",
    "〒一〇〇-〇〇〇一 東京都", "二〇二八 一九五三 二〇二五年の記録", "人口は一億二千三百万人です",
    "一五一十地说了", "四四四", "一一一一一一", "他住在三楼，电话是一个秘密。",
    "이 사람은 오일 동안 일했다. 삼일 후에 다시 이사했다", "오늘 일이 많다",
    "전화번호 일이삼사오육칠팔구", "오늘 일이 삼사오육칠팔구공일이 많다",  # 9 in a row; no phone word before
    "I have one two three four five six seven things", "one two three four five six seven eight nine",
    "phone: one two three four five six seven eight nine ten", "Call one of the two numbers we gave you",
])
def test_ordinary_numerals_and_words_stay(text: str) -> None:
    assert normalize(text).text == text.replace("，", ",").replace("、", "、")


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("電話番号は〇九〇-一二三四-五六七八です", "PHONE_NUMBER", "〇九〇-一二三四-五六七八"),
    ("カード番号 四一一一 一一一一 一一一一 一一一一", "CREDIT_CARD", "四一一一 一一一一 一一一一 一一一一"),
    ("サーバー 一九二.一六八.一〇.七七", "IP_ADDRESS", "一九二.一六八.一〇.七七"),
    ("card four one one one, one one one one, one one one one, one one one one", "CREDIT_CARD",
     "four one one one, one one one one, one one one one, one one one one"),
    ("mail jane.doe -at- example -dot- com", "EMAIL_ADDRESS", "jane.doe -at- example -dot- com"),
])
async def test_values_are_found_as_written(analyzer: PiiAnalyzer, text: str, entity: str, value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert (entity, value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


@pytest.mark.parametrize("text", [
    "mail jane.doe -at- example -dot- com", "mail jane.doe _at_ example _dot_ com",
    "mail jane.doe 'at' example 'dot' com", "mail jane.doe /at/ example /dot/ com",
    'mail jane.doe "at" example "dot" com',
    "mail jane.doe_at_example_dot_com", "mail jane.doe -AT- example -DOT- com",
    "escribe a jane.doe arroba example punto com", "écrivez à jane.doe arobase example point com",
    "пишите jane.doe собака example точка com", "schreib an jane.doe ät example punkt com",
    "escreva para jane.doe arroba example ponto com", "escribe a jane.doe arroba example.com",
])
def test_at_dot_spellings_read_as_an_address(text: str) -> None:
    assert "jane.doe@example.com" in normalize(text).text


@pytest.mark.parametrize("text", [
    "see look-at-me.com today", "the word 'at' is short", "rate_at_launch_dot_product", "a -at- b",
    "mail jane.doe -at- example -dot- notatld", "Es un punto de vista, arroba y punto.", "Die Universität punkt com",
    "моя собака спит", "look /at/ the dot com era", "the -at- operator -dot- com",
])
def test_ordinary_text_with_at_words_stays(text: str) -> None:
    assert normalize(text).text == text
