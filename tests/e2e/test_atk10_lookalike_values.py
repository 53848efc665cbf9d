"""atk10 B-M2 and B-L1 end to end, through the official SDKs and the mock provider: an e-mail address with a
look-alike letter of another script in it (Greek, Cyrillic, Armenian, a small capital), a phone number, an SSN or
a card with letters written for digits (`617-555-O143`, `4111 1111 1111 l111`), and a value written with escape
syntaxes (`\\x{40}`, `%u0040`, CSS `\\40 `, `\\N{COMMERCIAL AT}`) never reach the provider, and restore gives the
client back the characters it sent, byte for byte; text with such letters and no value goes up as written."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, SEND, ask_chat, received

VALUES = [
    # (as sent, the placeholder's entity, what must not reach the provider)
    ("jane.doe@example.c\u03bfm", "EMAIL_ADDRESS", "jane.doe"),
    ("jane.doe@example.c\u043em", "EMAIL_ADDRESS", "jane.doe"),
    ("jane.doe@example.\u1d04om", "EMAIL_ADDRESS", "jane.doe"),
    ("j\u03b1ne.d\u03bfe@ex\u03b1mple.c\u03bfm", "EMAIL_ADDRESS", "ne.d"),
    ("em\u0456ly.sm\u0456th@example.com", "EMAIL_ADDRESS", "ly.sm"),
    ("jane.d\u0585e@example.com", "EMAIL_ADDRESS", "jane.d"),
    ("617-555-O143", "PHONE_NUMBER", "555"),
    ("536-9O-4399", "US_SSN", "4399"),
    ("6I7-555-0I43", "PHONE_NUMBER", "555"),
    ("617-555-\u039f143", "PHONE_NUMBER", "555"),
    ("4111 1111 1111 l111", "CREDIT_CARD", "1111"),
    ("jane.doe\\x{40}example.com", "EMAIL_ADDRESS", "jane.doe"),
    ("jane.doe%u0040example%u002Ecom", "EMAIL_ADDRESS", "jane.doe"),
    ("jane.doe\\40 example.com", "EMAIL_ADDRESS", "jane.doe"),
    ("jane.doe\\000040example.com", "EMAIL_ADDRESS", "jane.doe"),
    ("jane.doe\\N{COMMERCIAL AT}example.com", "EMAIL_ADDRESS", "jane.doe"),
    ("617\\x{2d}555\\x{2d}0143", "PHONE_NUMBER", "555"),
]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


@pytest.mark.parametrize(("value", "entity", "part"), VALUES)
def test_the_value_is_redacted_and_restored_as_sent(mock: Mock, guarded: Proxy, value: str, entity: str,
                                                    part: str) -> None:
    prompt = f"Please note {value} for the record."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"  # restored byte for byte
    assert mock.last_body["messages"][0]["content"] == f"Please note <{entity}_1> for the record."
    assert part not in received(mock)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_several_at_once_on_both_apis(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    mock.script(chunk_chars=5)
    prompt = ("Mail j\u03b1ne.d\u03bfe@ex\u03b1mple.c\u03bfm or call 6I7-555-0I43; "
              "backup jane.doe%u0040example.com, ssn 536-9O-4399.")
    assert SEND[api](guarded, prompt, stream) == f"You said: {prompt}"
    sent = received(mock)
    for part in ("ne.d", "555", "4399", "jane.doe"):
        assert part not in sent


@pytest.mark.parametrize("text", [
    "The IO board, the O2 sensor, l10n files, mask 0x1O and v1.O.2 all ship in build 2O24-01-15.",
    "\u041f\u0438\u0448\u0438\u0442\u0435 \u043d\u0430 \u043f\u043e\u0447\u0442\u0443, \u0441\u043e\u043e\u0431"
    "\u0449\u0435\u043d\u0438\u0435 \u043e\u0442 @\u0441\u043e\u0441\u043e.",
    "Paths C:\\Users\\dev\\2024\\build and regex \\d{3}-\\d{4}; 50%use.",
])
def test_text_without_a_value_goes_up_as_written(mock: Mock, guarded: Proxy, text: str) -> None:
    assert ask_chat(guarded, text) == f"You said: {text}"
    assert mock.last_body["messages"][0]["content"] == text
