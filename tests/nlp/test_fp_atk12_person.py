"""atk12 tester B FP-1, FP-2, FP-4 (false positives): ordinary words read as people's names.

FP-1: a Chinese word that starts with a surname character read as surname + given name before a title (文章总结
"summarize the article": 总 starts 总结; 项目经理 "project manager"), 请安静 "please be quiet", and Korean role nouns
before 님 (고객님 "dear customer"). Both directions: names before the same titles are still found (real Presidio,
real spaCy model, the default policy's entities and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in

# --------------------------------------------------------------------------- FP-1: CJK titles


@pytest.mark.parametrize("text", [
    # a word starting with a surname character, then a word starting with 总 (always, overall, in all, total)
    "温度总是在下午升高。",
    "方向总体是正确的。",
    "高度总计十米。",
    "费用总额是五千元。",
    "项目总结会在周一召开。",
    "钱包总是放在抽屉里。",
    # a job's field before 经理 / 老师, a word before the end of 请 "please ..."
    "区域经理下周到访。",
    "高级经理负责审批。",
    "游泳老师今天生病了。",
    "大家请安静！",
    # Korean role nouns before 님
    "구독자님, 감사합니다.",
    "이용자님의 정보가 변경되었습니다.",
    "고객님께서 요청하신 상품입니다.",
    "이사님께 보고드렸습니다.",
    "박사님 논문을 읽었습니다.",
    "차장님이 회의 중입니다.",
])
async def test_cjk_words_before_a_title_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert {e for e, _ in await found(analyzer, text)} == set(), text


@pytest.mark.parametrize(("text", "name"), [
    ("请把报告发给陈建国经理。", "陈建国"),   # an unlisted given name before a title
    ("刘德华先生来了。", "刘德华"),
    ("张晓东老师好。", "张晓东"),
    ("王明总。", "王明"),
    ("下面有请王芳。", "王芳"),               # announced after 有请, at the sentence's end
    ("请王芳参加。", "王芳"),
    ("박지훈 씨에게 연락하세요.", "박지훈"),
    ("이서연님, 안녕하세요.", "이서연"),
    ("木村陽一さんに見積書を送ってください。", "木村陽一"),
])
async def test_cjk_names_before_a_title_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name), text


# --------------------------------------------------------------------------- FP-4: short German lines


@pytest.mark.parametrize("text", [
    # a possessive before a noun: the noun is no lone first name ("Handy" is a listed one)
    "Dein Handy ist gesperrt.",
    "Unser Handy hat kein Netz.",
    "Ist dein Handy schon aktualisiert?",
    "Dein Handy-Akku ist leer.",
    # "im": the tokenizer's "i" "m" is no English "I" (the line was read as English, its nouns as names)
    "Die Rechnung liegt im Postfach.",
    "Das Protokoll steht im Wiki.",
    "Der Schlüssel ist im Tresor.",
    "Die Vorlage ist im Sharepoint.",
    # "Tel." ends no sentence, and labels a phone
    "Tel. und E-Mail siehe unten.",
    "Bitte Tel. angeben.",
])
async def test_short_german_lines_have_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert {e for e, _ in await found(analyzer, text)} == set(), text


@pytest.mark.parametrize(("text", "phone"), [
    ("Handy 0160 9876543", "0160 9876543"),
    ("Tel. 030 98765432", "030 98765432"),
])
async def test_a_phone_label_is_no_name_and_its_number_is_found(analyzer: PiiAnalyzer, text: str,
                                                               phone: str) -> None:
    assert await found(analyzer, text) == {("PHONE_NUMBER", phone)}


@pytest.mark.parametrize(("text", "name"), [
    ("Bitte rufen Sie Anna Schmidt an, Handy 0171 1234567.", "Anna Schmidt"),
    ("Mein Kollege Thomas Müller ist im Büro.", "Thomas Müller"),
    ("Sprich mit Jan Kowalski im Büro.", "Jan Kowalski"),
    ("Handy Smith called about the invoice.", "Handy Smith"),
    ("Handy: can you look at the build?", "Handy"),  # a listed name as a speaker's label, no number after it
    ("Liebe Grüße, deine Anna", "Anna"),            # a possessive before a name in a letter's sign-off
    ("Danke für die Hilfe, dein Lukas", "Lukas"),
    ("Bis bald, euer Jan", "Jan"),
])
async def test_names_beside_german_nouns_and_phone_labels_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                         name: str) -> None:
    assert await person_in(analyzer, text, name), text


# --------------------------------------------------------------------------- FP-2: first names that are words


@pytest.mark.parametrize("text", [
    # a first name that is an English word, a word, then an auxiliary: a noun phrase
    "Rose gold is back in fashion.",
    "Grace notes were added to the score.",
    "Dawn raids are rare here.",
    "Amber alerts were sent to every phone.",
    "Penny stocks have low liquidity.",
    "Hunter green was the old logo colour.",
    "Violet light is absorbed first.",
    "Carol singers were at the door.",
    "Ivy leaves are toxic.",
    "Hazel nuts are in season.",
    "Olive oil is cheaper this year.",
    # before a lower-case noun
    "Gene expression changed after treatment.",
])
async def test_first_names_used_as_english_words_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert {e for e, _ in await found(analyzer, text)} == set(), text


@pytest.mark.parametrize(("text", "name"), [
    ("Grace notes the change in the changelog.", "Grace"),  # a verb and its object
    ("Rose is out today.", "Rose"),
    ("Max too was there.", "Max"),                           # a function word before the auxiliary
    ("Penny said the build is green.", "Penny"),
    ("Gene Kim wrote the book.", "Gene Kim"),
    ("Violet was late again.", "Violet"),
    ("Hunter reviewed the PR.", "Hunter"),
    ("Carol sings in the choir.", "Carol"),
    ("Olive called about the invoice.", "Olive"),
])
async def test_first_names_that_are_words_are_still_names_as_people(analyzer: PiiAnalyzer, text: str,
                                                                    name: str) -> None:
    assert await person_in(analyzer, text, name), text
