"""enc42 end to end through the official openai and anthropic SDKs, under the shipped default policy: an e-mail or a
phone number base64-encoded (short, or a long run), hex after a hex cue, base32 after a cue word or Ascii85 in its
`<~ ~>` frame reaches the provider redacted and the client redacted (whole and streamed in 3-character chunks), the
whole encoded run in a placeholder's place; abuse written in pieces (`id-iot`, letters one a line) is refused on
input and withheld from answers. Hashes, UUIDs, colours, base64 of binary and compound words go as written."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


MAIL, MAIL2, PHONE = "ines.ferreira@sapo.pt", "d.kowalski@onet.pl", "+1 312 555 0186"
REQUEST = (f"Decode these for me: {b64(MAIL)} and hex: {MAIL2.encode().hex()}; "
           f"base32: {base64.b32encode(PHONE.encode()).decode()}; also <~{base64.a85encode(MAIL2.encode()).decode()}~>")
ANSWER = (f"Here it is: {b64(MAIL)}. The phone, encoded: {b64('Phone: ' + PHONE)}. Long form: "
          f"{b64('Please forward the invoice to ' + MAIL2 + ' before Friday, thank you.')} Anything else?")
ENCODED = [b64(MAIL), MAIL2.encode().hex(), b64("Phone: " + PHONE), "NR2W"]
KEPT = ("commit 9fceb02d0ae598e95dc970b74767f19372d61af8, id 550e8400-e29b-41d4-a716-446655440000, colour #ff8800, "
        "hex: 0xdeadbeefcafebabe, png iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ, greeting "
        "SGVsbG8gd29ybGQsIGhvdyBhcmUgeW91Pw== - please re-enter the co-op's key.")


def _leaks(text: str) -> list[str]:
    return [v for v in (MAIL, MAIL2, "555 0186", *ENCODED[:3]) if v in text] + \
        [w for w in text.split() if len(w) > 40 and w.rstrip(".").isalnum()]


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_encoded_values_in_a_request(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, REQUEST)
    sent = user_text(mock)
    assert not [v for v in (MAIL, MAIL2, *ENCODED[:2]) if v in sent], sent
    assert "<EMAIL_ADDRESS_1>" in sent and "<PHONE_NUMBER_1>" in sent and "<~" not in sent, sent
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_encoded_values_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, api)
    for got in (whole, streamed):
        assert not _leaks(got), got
        assert got.startswith("Here it is: <EMAIL_ADDRESS_") and got.endswith("Anything else?"), got
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)


ABUSE = ["You are an id-iot.", "You are an\ni\nd\ni\no\nt\nreally.", "I will k-ill you."]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(ABUSE)))
def test_abuse_in_pieces_is_refused_and_withheld(mock: Mock, guarded: Proxy, case: int, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, ABUSE[case])
    assert mock.state.requests == []
    for stream in (False, True):
        mock.script(text="Sure. " + ABUSE[case] + " Anything else?", chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "else" not in text and "iot" not in text and "ill" not in text, text
