"""Issue 12 (README-only attack, second round) end to end, through the official SDKs and the mock provider:
digit groups kept apart by long separator runs (any length: `617` + 500 dashes + `555`...), an e-mail with
runs of spaces, tabs or dashes around its `@` and dots, and values written in enclosed characters (`⑷⑴⑴⑴`,
`❻❶❼`, `⒫⒭⒪⒥⒠⒞⒯`), in requests (chat and messages), whole answers and streamed answers."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, ask_chat, upstream_view

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN],
        per_entity: {CREDIT_CARD: block}, restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})




def spread(groups: list[str], sep: str) -> str:
    return sep.join(groups)


PHONES = [spread(["617", "555", "0143"], "-" * 116), spread(["617", "555", "0143"], "." * 500),
          spread(["617", "555", "0143"], "~" * 300), spread(["617", "555", "0143"], "|" * 1000),
          spread(["617", "555", "0143"], " " * 600), spread(["617", "555", "0143"], "\n" * 700),
          spread(["617", "555", "0143"], "*" * 200), "\u2479\u2474\u247a-\u2478\u2478\u2478-\u24ea\u2474\u2477\u2476",
          "\u277b\u2776\u277c-\u277a\u277a\u277a-\u24ff\u2776\u2779\u2778",
          "\u278f\u278a\u2790-\u278e\u278e\u278e-\u24ff\u278a\u278d\u278c"]
MAILS = ["jane.doe    @example.com", "jane.doe@    example.com", "jane.doe\t\t\t\t@\t\t\t\texample.com",
         "jane.doe -- @ -- example.com", "jane    .    doe@example.com", "jane.doe" + " " * 200 + "@example.com",
         "\u24a5\u249c\u24a9\u24a0@example.com"]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", PHONES, ids=range(len(PHONES)))
def test_phone_numbers_with_long_gaps_or_enclosed_digits_are_redacted_and_restored(
        mock: Mock, guarded: Proxy, api: str, written: str) -> None:
    prompt = f"Please call {written} about the report."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"
    sent = upstream_view(mock)
    assert "<PHONE_NUMBER_1>" in sent and "0143" not in sent and "555" not in sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", MAILS, ids=range(len(MAILS)))
def test_addresses_with_runs_around_the_at_are_redacted_and_restored(mock: Mock, guarded: Proxy, api: str,
                                                                     written: str) -> None:
    prompt = f"Please mail {written} today."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"
    sent = upstream_view(mock)
    assert "<EMAIL_ADDRESS_1>" in sent and "jane" not in sent and "doe" not in sent and "example" not in sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", [spread(["4111"] + ["1111"] * 3, "_" * 1000),
                                     spread(["4111"] + ["1111"] * 3, " " * 900),
                                     "\u2477\u2474\u2474\u2474 \u2474\u2474\u2474\u2474 \u2474\u2474\u2474\u2474 "
                                     "\u2474\u2474\u2474\u2474",
                                     "\u248b" + "\u2488" * 15])
def test_cards_with_long_gaps_or_enclosed_digits_are_blocked(mock: Mock, guarded: Proxy, api: str,
                                                             written: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Charge card {written} today")
    assert "CREDIT_CARD" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_codename_in_parenthesized_letters_is_blocked(mock: Mock, guarded: Proxy, api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, "About \u24ab\u24ad\u24aa\u24a5\u24a0\u249e\u24af "
                           "\u24a1\u249c\u24a7\u249e\u24aa\u24a9 today")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("gap", ["-" * 300, " " * 700, "\n" * 600, "." * 1800])
def test_answers_with_long_gaps_between_groups_are_screened(mock: Mock, guarded: Proxy, stream: bool,
                                                            gap: str) -> None:
    mock.script(text=f"Sure. Call 617{gap}555{gap}0143 tomorrow. Bye.", chunk_chars=7)
    text = ask_chat(guarded, "hi", stream)
    assert "<PHONE_NUMBER_" in text and "0143" not in text and "555" not in text, text[:200]


@pytest.mark.parametrize("stream", [False, True])
def test_answers_with_spaced_addresses_and_enclosed_digits_are_screened(mock: Mock, guarded: Proxy,
                                                                        stream: bool) -> None:
    mock.script(text="Sure. Write to jane.doe    @    example.com or call \u277b\u2776\u277c-\u277a\u277a\u277a-"
                     "\u24ff\u2776\u2779\u2778 tomorrow. Bye.", chunk_chars=3)
    text = ask_chat(guarded, "hi", stream)
    assert "<EMAIL_ADDRESS_" in text and "<PHONE_NUMBER_" in text and "jane" not in text, text
    assert "\u277a" not in text


@pytest.mark.parametrize("prompt", [
    "x = a    @    b  # matrix product", "Use    @app.route('/')    for the index",
    "ssh deploy    @    build-host then run make", "step 1" + "-" * 300 + "step 2" + "-" * 300 + "done",
    "| 1.2.3 |" + " " * 400 + "| 2024-01-05 |", "obj    .    method()    .    other()",
    "List \u2460 first \u2461 second \u2474 third",
])
def test_technical_text_passes_unchanged(mock: Mock, guarded: Proxy, prompt: str) -> None:
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt
