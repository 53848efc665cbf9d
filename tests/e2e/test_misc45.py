"""misc45 end to end through the official openai and anthropic SDKs, under the shipped default policy with a
`patterns:` codename rule on input and output (atk43 F10, F15, F02, F08):

- F10: an answer carrying a codename in a fancy-text alphabet (Canadian syllabics, the Greek/Cyrillic style set,
  upside down, regional indicators kept apart by ZWNJ) is withheld, whole and streamed; a fancy e-mail is redacted;
- F15: an IPv4 address as one number, hex or a short form after an IP label reaches the provider redacted;
- F02: an answer's payload field (`message.audio.data`, `image_generation_call.result`, `encrypted_content`,
  Anthropic `redacted_thinking.data`) holding base64 of text with PII does not reach the client; real binary does;
- F08: a card read out in German or Russian digit words, an English pair-word phone number and a Swedish spoken
  e-mail are redacted in requests and in answers, whole and streamed.
Greek and Russian prose, flags, bare numbers and real images go as written."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answer_of, answers, claude, oai, user_text

RULE = "  patterns:\n    - {name: codenames, regex: '(?i)\\bproject (falcon|osprey)\\b', action: block}\n"
DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


def _with_rule(policy: str) -> str:
    lines, out, section = policy.splitlines(keepends=True), [], None
    for line in lines:
        if line[:1].isalpha() and line.rstrip().endswith(":"):
            if section in ("input", "output"):
                out.append(RULE)
            section = line.rstrip()[:-1]
        out.append(line)
    if section in ("input", "output"):
        out.append(RULE)
    return "".join(out)


POLICY = _with_rule(DEFAULT_POLICY)


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def test_the_policy_has_the_rule_twice() -> None:
    assert POLICY.count("codenames") == 2


ZWNJ = "\u200c"
FANCY = ["Status: ᑭᖇOᒍEᑕT ᖴᗩᒪᑕOᑎ is on track.", "Status: ρяσʝєcт ƒαℓcσи is on track.",
         "Status: uoɔlɐɟ ʇɔǝɾoɹd is on track.",
         "Status: " + ZWNJ.join(chr(0x1F1E6 + ord(c) - 65) for c in "PROJECT") + " "
         + ZWNJ.join(chr(0x1F1E6 + ord(c) - 65) for c in "OSPREY") + " is on track."]
KEPT = "Η Αθήνα είναι όμορφη. Мы встретимся завтра. Teams: 🇯🇵 Tokyo, 🇧🇷 Rio. Order 169090600 shipped."


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(FANCY)))
def test_fancy_codename_withheld_whole_and_streamed(guarded: Proxy, mock: Mock, api: str, case: int) -> None:
    for stream in (False, True):
        mock.script(text=FANCY[case], chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "track" not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_fancy_mail_redacted_and_look_alikes_kept(guarded: Proxy, mock: Mock, api: str) -> None:
    for got in answers(guarded, mock, "Mail ʝαиє.∂σє@єχαмρℓє.¢σм today.", api):
        assert "ʝαиє" not in got and "<EMAIL_ADDRESS_1>" in got, got
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_ip_forms_redacted_in_requests(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, "my home IP is 0x0A141E28, the office IP: 203-0-113-7, and ping 10.1318440 works")
    sent = user_text(mock)
    assert "0A141E28" not in sent and "203-0-113-7" not in sent and "1318440" not in sent, sent
    assert sent.count("<IP_ADDRESS_") == 3, sent
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT


SECRET = "Customer Bob Jones, SSN 536-90-4399, card 4111 1111 1111 1111, bob.jones@corp-mail.com, 617-555-0143"
B64 = base64.b64encode(SECRET.encode()).decode()
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(256))).decode()


def _chat(message: dict[str, Any]) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-audio-preview",
                       "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop",
                                    "logprobs": None}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})


def _responses(item: dict[str, Any]) -> str:
    return json.dumps({"id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
                       "model": "gpt-4o-mini", "output": [item], "parallel_tool_calls": True, "tool_choice": "auto",
                       "tools": [], "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2,
                                              "input_tokens_details": {"cached_tokens": 0},
                                              "output_tokens_details": {"reasoning_tokens": 0}}})


def _payloads(guarded: Proxy, mock: Mock, value: str) -> list[str]:
    """What the client got in each payload field holding `value`."""
    got = []
    mock.script(raw_body=_chat({"content": None, "audio": {"id": "audio_1", "data": value, "expires_at": 1,
                                                           "transcript": "Here you go."}}))
    r = oai(guarded).chat.completions.create(model="gpt-4o-audio-preview", modalities=["text", "audio"],
                                             audio={"voice": "alloy", "format": "wav"},
                                             messages=[{"role": "user", "content": "hi"}])
    got.append(r.choices[0].message.audio.data if r.choices[0].message.audio else "")
    mock.script(raw_body=_responses({"type": "image_generation_call", "id": "ig_1", "status": "completed",
                                     "result": value}))
    got.append(json.dumps(oai(guarded).responses.create(model="gpt-4o-mini", input="draw").model_dump()))
    mock.script(raw_body=_responses({"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": value}))
    got.append(json.dumps(oai(guarded).responses.create(model="gpt-4o-mini", input="hi").model_dump()))
    mock.script(raw_body=json.dumps({"id": "msg_1", "type": "message", "role": "assistant",
                                     "model": "claude-sonnet-4-5",
                                     "content": [{"type": "redacted_thinking", "data": value},
                                                 {"type": "text", "text": "ok"}],
                                     "stop_reason": "end_turn", "stop_sequence": None,
                                     "usage": {"input_tokens": 1, "output_tokens": 1}}))
    m = claude(guarded).messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                        messages=[{"role": "user", "content": "hi"}])
    got.append(json.dumps(m.model_dump()))
    return got


def test_payload_fields_of_text_screened_binary_kept(guarded: Proxy, mock: Mock) -> None:
    for got in _payloads(guarded, mock, B64):
        assert B64 not in got and "536-90-4399" not in got, got[:300]
    assert all(PNG in got for got in _payloads(guarded, mock, PNG))


SPOKEN = [  # (text, what must not pass)
    ("Kartennummer: vier eins eins eins, eins eins eins eins, eins eins eins eins, eins eins eins eins.", "vier eins"),
    ("Позвоните: шесть один семь пять пять пять ноль один четыре три.", "шесть один"),
    ("Call six hundred seventeen, five fifty-five, zero one four three.", "seventeen"),
    ("Min e-post är jane.doe snabel-a example punkt com.", "snabel-a"),
]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(SPOKEN)))
def test_spoken_values_in_requests_and_answers(guarded: Proxy, mock: Mock, api: str, case: int) -> None:
    text, secret = SPOKEN[case]
    SEND[api](guarded, text)
    sent = user_text(mock)
    assert secret not in sent and "<" in sent, sent
    for got in answers(guarded, mock, text, api):
        assert secret not in got and "<" in got, got
