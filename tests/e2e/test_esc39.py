"""esc39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F02, F03,
F17, F18): names and phone numbers tied by LaTeX's `~`, names in RTF `\\uN?` escapes, names spelled in HTML numeric
character references (Cyrillic, Greek, CJK, Korean; decimal and hex) and percent-encoded names (UTF-8 Japanese,
Shift_JIS, GBK, windows-1251) reach the provider redacted; the look-alikes (LaTeX references, RTF control words,
entity-encoded punctuation, URL paths with `%20`/`%2F`, ordinary CJK text) as sent; a tied phone number in the model's
own answer reaches the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _refs(name: str, form: str = "&#%d;") -> str:
    return "".join(form % ord(ch) if ch != " " else " " for ch in name)


REQUESTS = [  # (text, what must not go)
    (r"\author{Dr.~Leopold~Ashcombe \\ Phone: (312)~846~5597}", ["Ashcombe", "846~5597"]),
    (r"\cvitem{Mobile}{+33~6~48~27~91~05} \address{Tel.~+81~90~4417~2286}", ["4417~2286"]),
    (r"{\rtf1\ansi Patientin: Ingrid H\u229?kansson\par}", ["H\\u229?kansson"]),
    (f"<p>Client: {_refs('Наталья Волкова')}</p><p>Invoice 7730.</p>", [_refs("Наталья Волкова")]),
    (f"<p>Customer: {_refs('山本直樹', '&#x%x;')}</p>", [_refs("山本直樹", "&#x%x;")]),
    (f'"GET /find?customer={quote("山本直樹".encode())}&p=1 HTTP/1.1" 200', [quote("山本直樹".encode())]),
    (f'"GET /find?customer={quote("山本直樹".encode("shift_jis"))}&p=1 HTTP/1.1" 200',
     [quote("山本直樹".encode("shift_jis"))]),
    (f"/u?name={quote('Наталья Волкова'.encode('cp1251'))}&lang=ru", [quote("Наталья".encode("cp1251"))]),
]
KEPT = ("See Fig.~2 and Section~3.1; Table~5 holds $x~y$.\n"
        "{\\rtf1\\ansi\\deff0 \\b Total:\\b0  812 units\\par}\n"
        "<p>&#8364;40 &#8211; tax &#38; fees</p>\nGET /files/q3%20report%2Fdraft.pdf\n"
        "<p>会議は大阪で行われます。</p>\nWhy?")


@pytest.mark.parametrize("text, secrets", REQUESTS)
def test_chat_request(guarded: Proxy, mock: Mock, text: str, secrets: list[str]) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in secrets if s in sent], sent


def test_anthropic_request_and_kept(guarded: Proxy, mock: Mock) -> None:
    text, secrets = REQUESTS[0]
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in secrets if s in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = "Your CV line:\n\\cvitem{Mobile}{+44~7700~918364}{}\nDone."


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "cv?"):
        assert got and "7700~918364" not in got and "918364" not in got, got
        assert "Done." in got, got
