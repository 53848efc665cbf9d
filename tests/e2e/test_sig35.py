"""sig35 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk33 F09,
F18, F06, F19): bare phone numbers in a signature's later cells (`Dana Kerr | VP Sales | 6174938261`), after `(m)`,
`m.`, `c:`, on an HTML signature's `<br>` lines, before `ext.`/`(mobile)`, and every item of a call list (`Callers:`,
`Missed calls:`, `Whitelist:`) or of a `caller`/`callee` column reach the provider redacted on the chat, Responses and
Messages routes; Unix times, order numbers and ids in the same shapes as sent; the model's own such numbers reach the
client redacted, whole and streamed. Held-out values (real-looking, not 555-01xx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, ask_chat, claude, oai, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Summarize these notes.\nPriya Raman | Director of Ops | 7734829910\n"
           "Marcus Hale, Acme Logistics, 2149983321\n(m) 5126648890\nc: 3059917742\n"
           "Omar Fadel<br>Head of Product<br>6462237781\n4047739921 ext. 12\n\n"
           "Callers:\n- 9178842230\n- 2123349981\n- 6195538821\n- 7186640093\n- 4043391287\n\n"
           "| caller | duration |\n|---|---|\n| 8573391124 | 42 |\n| 3128840019 | 17 |\n| 4159923318 | 9 |")
SECRETS = ["7734829910", "2149983321", "5126648890", "3059917742", "6462237781", "4047739921", "9178842230",
           "2123349981", "6195538821", "7186640093", "4043391287", "8573391124", "3128840019", "4159923318"]
KEPT = ("Timestamps:\n- 1700000000\n- 1700003600\n- 1700007200\nCallers: 42 unique, avg 3.5 min\n"
        "| caller | calls |\n|---|---|\n| auth-svc | 1204 |\n| billing | 988 |\n"
        "Whitelist:\n- *.example.com\n- build-runner-7\n(c) 2026 Northwind Inc.\nEpoch 1699999999 x1000 ms\nWhy?")


def test_chat_and_responses_requests(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert sent.count("<PHONE_NUMBER_") >= len(SECRETS), sent
    oai(guarded).responses.create(model="gpt-4o-mini", input=REQUEST)
    body = received(mock)
    assert not [s for s in SECRETS if s in body], body
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is what I found.\nDana Kerr | VP Sales | 6174938261\nDana Kerr<br>VP Sales<br>3128472291\n"
          "(o) 2027738190\n4158839912 (mobile)\n\nMissed calls:\n- 7186640093\n- 4043391287\n- 9178842230\n"
          "- 2123349981\n\n| callee | result |\n|---|---|\n| 6195538821 | ok |\n| 8573391124 | busy |\n"
          "| 3128840019 | ok |\nDone.")
ANSWER_SECRETS = ["6174938261", "3128472291", "2027738190", "4158839912", "7186640093", "4043391287", "9178842230",
                  "2123349981", "6195538821", "8573391124", "3128840019"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "calls?"):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got, got


def test_kept_answer(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=KEPT, chunk_chars=3)
    streamed = ask_chat(guarded, "ids?", stream=True)
    assert streamed == KEPT
