"""atk13 H1, M1, M8, L2 end to end, through the official SDKs and the mock provider: a combining mark of a non-Latin
script inside a value (`55\u0e315`, `212-\u0e34555`) or inside the codename (`pro\u0e31ject`), dash-shaped letters
doubled or with spaces around them between a value's groups (`212ـــ555ـــ0199`, `080 ー 9876 ー 5432`), an IPv4
address with the Arabic decimal separator, and names with vowel points or stress marks, on input and in answers
whole and streamed."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SCREENED_BOTH_WAYS_POLICY, SEND, answer_of, ask_chat

NAMES_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON], restore: true}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


VALUES = [
    ("Card 5500 00\u0eb400 0000 0004 on file.", "0004"),
    ("My SSN is 219-0\u064e9-9999.", "9999"),
    ("Call +1 212 55\u05bc5 0199 today.", "0199"),
    ("Call 212-\u17b7555-0199 now.", "0199"),
    ("Call \u0e37212-555-0199 now.", "0199"),
    ("call 212ــ555ــ0199 please", "0199"),
    ("電話 080ーー9876ーー5432 です", "5432"),
    ("card 5500 ㅡ 0000 ㅡ 0000 ㅡ 0004", "0004"),
    ("ssn 219 ـ 09 ـ 9999", "9999"),
]


@pytest.mark.parametrize(("prompt", "raw"), [*VALUES, ("The host is 10.20.3\u093c0.40 now.", "40 now"),
                                             ("الخادم ١٠٫٢٠٫٣٠٫٤٠ متوقف", "٣٠٫٤٠")])
def test_values_are_redacted_upstream_and_restored(mock: Mock, guarded: Proxy, prompt: str, raw: str) -> None:
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    assert raw not in sent and "_1>" in sent, sent


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(("answer", "raw"), VALUES)
def test_the_models_values_are_redacted_in_answers(mock: Mock, guarded: Proxy, answer: str, raw: str,
                                                   stream: bool) -> None:
    mock.script(text=f"Sure. {answer} Bye.", chunk_chars=5)
    text, _ = answer_of(guarded, "chat", stream)
    assert raw not in text and "_1>" in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("mark", ["\u0e31", "\u0941", "\u17b7", "\u0dd2"])
def test_a_codename_with_a_mark_inside_is_blocked(mock: Mock, guarded: Proxy, api: str, mark: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of pro{mark}ject osp{mark}rey please.")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
def test_an_answer_with_a_marked_codename_is_stopped(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text="Sure. Pro\u0e34ject Osp\u0e34rey ships on Monday, as planned.", chunk_chars=4)
    text, end = answer_of(guarded, "chat", stream)
    assert end == "content_filter" and "rey ships" not in text, text


def test_ordinary_marked_text_goes_up_as_written(mock: Mock, guarded: Proxy) -> None:
    prompt = "ภาษาไทยที่นี่ราคา 120 บาท; कमरा 205 में; コーヒー 2 ーー 3; السعر ١٢٫٥ ريال; ёлка 7"
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt


def test_names_with_vowel_points_or_stress_marks_are_redacted_upstream(mock: Mock, proxy_factory: ProxyFactory) -> None:
    proxy = proxy_factory(files={"policies/default.yaml": NAMES_POLICY})
    prompt = "Спасибо Ива\u0301ну Петро\u0301ву. דיברתי עם מֹשֶׁה כֹּהֵן אתמול. دعوت مُحَمَّد أَحْمَد إلى الاجتماع."
    assert ask_chat(proxy, prompt) == f"You said: {prompt}"
    sent = mock.last_body["messages"][0]["content"]
    for part in ("Петро\u0301ву", "מֹשֶׁה", "مُحَمَّد"):
        assert part not in sent, sent
    assert sent.count("<PERSON_") >= 3, sent
