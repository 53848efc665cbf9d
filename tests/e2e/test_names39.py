"""names39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F05,
F06): common names of under-covered origins (Southern African, Mongolian, Andean, Tongan, Maori, Hungarian,
Ukrainian, Kazakh, Indonesian, Ethiopian, Somali, Igbo) in `cc`/`by`/`Approved-by:`/`Customer:` frames, chat exports,
a Teams header and EDIFACT NAD/CTA segments, and Persian names in Persian sentences, reach the provider redacted;
English words that are names elsewhere and Persian/Arabic prose as sent; under a policy that redacts names in answers
(the default leaves them), the model's own such names reach the client redacted, whole and streamed. Held-out
values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, ask_chat, ask_messages, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    """The shipped default leaves names in answers (the client asked about them): a policy that redacts them there."""
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


REQUEST = ("Ticket handed to Refilwe Mabaso by the bot.\ncc Erdenebat Gantumur\nApproved-by: Sumaq Ticona\n"
           "Customer: yeah its Losaline Kioa\ncc Hohepa Tipoki\nReviewed-by: Bence Toth\ncc Solomiia Kravchenko\n"
           "Assigned to Dauren Zhakupov\n[2/3/25, 7:05:13 AM] Rina Setiawan: running late\n"
           "Mulugeta, Hiwot 10:16 AM\nNAD+BY+++Mthethwa:Lungile+9 Elm Rd+Pretoria++0002+ZA'\n"
           "CTA+IC+:Lungile Mthethwa'\nAsk Guled Warsame and Ikenna Nnaji.\n"
           "سلام، اسم من الهام کاظمی است.\nمن بهنام اکبری هستم\nسپیده طاهری عزیز، سفارش شما ارسال شد.\n"
           "Summarise this.")
SECRETS = ["Refilwe", "Mabaso", "Erdenebat", "Gantumur", "Sumaq", "Ticona", "Losaline", "Kioa", "Hohepa", "Tipoki",
           "Bence", "Toth", "Solomiia", "Kravchenko", "Dauren", "Zhakupov", "Rina", "Setiawan", "Mulugeta", "Hiwot",
           "Mthethwa", "Lungile", "Guled", "Warsame", "Ikenna", "Nnaji", "الهام", "کاظمی", "بهنام", "اکبری", "سپیده",
           "طاهری"]
KEPT = ("The bat flew out of the cave; use bold type for the heading.\nOrder a pita with hummus.\n"
        "The Zulu time on the log is 14:00Z.\nTonga and Samoa played in the Pacific Nations Cup.\n"
        "دوست عزیز، از همکاری شما سپاسگزاریم.\nمن دانشجوی کارشناسی ارشد هستم.\nالطقس اليوم جميل جدا.")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    ask_chat(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    assert "by the bot." in sent and "Pretoria++0002+ZA'" in sent and "سفارش شما ارسال شد." in sent, sent
    ask_chat(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


# short messages: no sentence around the name for the NER model to read
SHORT = ["cc Semisi Vaipulu", "[12/3/24, 10:10:01 AM] Guled Warsame: running late", "cc Yupanqui Choque",
         "Approved-by: Killa Apaza"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_short_requests(guarded: Proxy, mock: Mock, ask: Callable[..., str]) -> None:
    for text in SHORT:
        ask(guarded, text)
        sent = received(mock)
        assert not [p for p in text.split() if p[:1].isupper() and p.isalpha() and p in sent], sent


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    ask_messages(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    ask_messages(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ("The ticket went to Refilwe Mabaso.\ncc Erdenebat Gantumur\nApproved-by: Sumaq Ticona\n"
          "[2/3/25, 7:05:13 AM] Rina Setiawan: running late\nمن بهنام اکبری هستم\nDone.")
ANSWER_SECRETS = ["Refilwe", "Mabaso", "Erdenebat", "Gantumur", "Sumaq", "Ticona", "Rina", "Setiawan", "بهنام",
                  "اکبری"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_answer_whole_and_streamed(named: Proxy, mock: Mock, ask: Callable[..., str]) -> None:
    mock.script(text=ANSWER)
    got = ask(named, "who?")
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask(named, "who?", stream=True)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
