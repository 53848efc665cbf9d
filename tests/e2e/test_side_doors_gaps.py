"""Issue 12 ("No side doors"), gaps left after the main work, end to end with the official SDKs against the
mock provider: what the client RECEIVED (or what the mock provider received).

- Stream windows: a value cut where the output window would end a sentence (`card 4111 1111.` then
  ` 1111 1111`, digit groups one per line) reaches the client whole in neither half: a window only ends
  where no value can run on into the next chunk (`proxy.guard.windows.may_cut`).
"""

from __future__ import annotations

from typing import Any

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""


@pytest.fixture(scope="module")
def gaps(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-x", max_retries=0)


def claude(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key="sk-x", max_retries=0)


# ------------------------------------------------------------------ a value across a window's sentence cut

# (answer text, the chunk sizes the mock streams it in, the placeholder it must get, pieces that must not pass)
CUT_CASES = {
    "card cut after a full stop": ("Card 5105 1051. 0510 5100 is on file.", (5, 1, 3), "<CREDIT_CARD_",
                                   ("5105", "1051", "0510", "5100")),
    "card one group a line": ("Card:\n5105\n1051\n0510\n5100\nok.", (5, 4, 2), "<CREDIT_CARD_",
                              ("5105", "1051", "0510", "5100")),
    "phone one group a line": ("Call 415\n555\n0176 today.", (4, 9, 1), "<PHONE_NUMBER_", ("415", "0176")),
    "ssn one group a line": ("SSN 412\n63\n7785 noted.", (4, 8, 2), "<US_SSN_", ("412", "7785")),
}


def _chat_text(p: Proxy) -> str:
    got = []
    for c in oai(p).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                            stream=True):
        got.extend(choice.delta.content or "" for choice in c.choices)
    return "".join(got)


def _responses_text(p: Proxy) -> str:
    with oai(p).responses.stream(model="gpt-4o-mini", input="hi") as s:
        events = list(s)
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    done = [e.text for e in events if e.type == "response.output_text.done"]
    assert done == [deltas]
    return deltas


def _anthropic_text(p: Proxy) -> str:
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 50,
                              "messages": [{"role": "user", "content": "hi"}]}
    with claude(p).messages.stream(**kwargs) as s:
        text = "".join(e.delta.text for e in s if e.type == "content_block_delta" and e.delta.type == "text_delta")
    return text


ROUTES = {"chat": _chat_text, "responses": _responses_text, "anthropic": _anthropic_text}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("case", list(CUT_CASES))
def test_a_value_across_a_sentence_cut_of_the_stream_window(gaps: Proxy, mock: Mock, route: str, case: str) -> None:
    text, sizes, placeholder, pieces = CUT_CASES[case]
    for size in sizes:
        mock.script(text=text, chunk_chars=size)
        got = ROUTES[route](gaps)
        assert placeholder in got and [p for p in pieces if p in got] == [], (size, got)
