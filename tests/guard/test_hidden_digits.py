"""PII in an answer is read also without the content a browser never shows, and a redaction keeps the HTML tags
it covers (atk14 B L4: `Card 4111 1111 1111 <span hidden>9</span>1111` displays a card and went out unchanged;
`Card 4111 11<span hidden>2</span>11 1111 1111` became `Card 4111 11<span hidden><PHONE_NUMBER_1> ok.`, the
placeholder took `</span>`)."""

from __future__ import annotations

import re

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.providers import openai
from tests.guard.conftest import PII_IN, PII_OUT, policy

_HIDDEN = re.compile(r"<([a-z]+)[^>]*(?:hidden|display:\s*none)[^>]*>.*?</\1>")
_TAGS = re.compile(r"</?[a-z]+(?:\s[^>]*)?>")  # (not a placeholder: upper case)


def shown(html: str) -> str:
    """What a browser displays: no hidden element, no tags."""
    return _TAGS.sub("", _HIDDEN.sub("", html))


async def _answers(guard: Guard, text: str) -> tuple[str, str]:
    p = policy(output=PII_OUT)
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), None)
    windows = guard.output_stream(p)
    streamed = ""
    for k in range(0, len(text), 6):
        streamed += await windows.feed("c", text[k:k + 6])
    streamed += await windows.end("c")
    return str(answer["choices"][0]["message"]["content"]), streamed


@pytest.mark.parametrize(("text", "value"), [
    ("Pay with 5105 1051 0510 <span hidden>7</span>5100 today.", "5105105105105100"),
    ("Pay with 5105<b hidden>3</b> 1051 0510 5100 today.", "5105105105105100"),
    ('Pay with 4012 8888 8888 <i style="display: none">0</i>1881 today.', "4012888888881881"),
    ("Ring 6175<span hidden>4</span>550143 tonight", "6175550143"),
    ("Pay with 51051051<span hidden>2</span>05105100 today.", "5105105105105100"),
])
async def test_a_value_a_hidden_digit_breaks_is_redacted_as_displayed(guard: Guard, text: str, value: str) -> None:
    for got in await _answers(guard, text):
        assert value not in re.sub(r"\D", "", shown(got)), got
        assert re.search(r"<(CREDIT_CARD|PHONE_NUMBER)_1>", shown(got)), got  # the placeholder shows
        assert _TAGS.findall(got) == _TAGS.findall(text), got  # every tag kept as written


@pytest.mark.parametrize(("text", "after"), [
    ("Pay with 5105 10<span hidden>3</span>51 0510 5100 now, thanks.", " now, thanks."),
    ("Call 617-<b>555</b>-0143 now.", " now."),
    ("Mail <i>li.wei</i>@acme.io today.", " today."),
])
async def test_a_redaction_never_takes_a_tag_s_syntax(guard: Guard, text: str, after: str) -> None:
    for got in await _answers(guard, text):
        assert _TAGS.findall(got) == _TAGS.findall(text), got
        assert got.endswith(after), got  # the text after the value stays as sent
        assert re.search(r"<(CREDIT_CARD|PHONE_NUMBER|EMAIL_ADDRESS)_1>", shown(got)), got


@pytest.mark.parametrize("text", [
    "Order <span hidden>id</span> 4412 shipped on 2024-05-01, qty 3.",
    'Build <span style="display:none">7</span>1.24.3 passed 1208 tests in 56 s.',
    "<template>x</template>Invoice 2024-0117 total 1,250.00 EUR",
])
async def test_pii_free_html_with_hidden_content_is_unchanged(guard: Guard, text: str) -> None:
    assert await _answers(guard, text) == (text, text)


async def test_a_request_with_a_hidden_digit_is_redacted_and_restored_byte_for_byte(guard: Guard) -> None:
    text = "My card is 5105 1051 0510 <span hidden>7</span>5100, thanks."
    verdict = await guard.input(policy(input=PII_IN, output=PII_OUT), [text], None)
    (sent,) = verdict.texts
    assert "5105" not in sent and "<CREDIT_CARD_1>" in sent, sent
    assert verdict.vault.restore(sent) == text
