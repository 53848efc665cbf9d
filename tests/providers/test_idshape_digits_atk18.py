"""atk18 M1: the exempt-field shape checks read digits of any script as digits (`proxy.providers.idshape.folded`).

An SSN, a phone number or an IP address written in full-width digits (what CJK input methods type), Arabic-Indic or
Devanagari digits in an id, a name, a signature or a base64 field was no id shape (ASCII only) but was screened as
plain text, where a value glued to letters (`ssn５３６９０４３９９`) is found by no recognizer: it went up as sent. The
checks and the reading now see the value folded, one character for one.
"""

from __future__ import annotations

import pytest

from proxy.providers import anthropic, openai
from proxy.providers.answers import is_text_key
from proxy.providers.idshape import IdSlot, digit_run, id_shaped, ipv6_spans, letter_split, reading, written


def fw(s: str) -> str:
    """Full-width digits (U+FF10...)."""
    return "".join(chr(ord(c) - 0x30 + 0xFF10) if c.isdigit() else c for c in s)


def ar(s: str) -> str:
    """Arabic-Indic digits (U+0660...)."""
    return "".join(chr(ord(c) - 0x30 + 0x0660) if c.isdigit() else c for c in s)


def dev(s: str) -> str:
    """Devanagari digits (U+0966...)."""
    return "".join(chr(ord(c) - 0x30 + 0x0966) if c.isdigit() else c for c in s)


SCRIPTS = [fw, ar, dev]


@pytest.mark.parametrize("script", SCRIPTS)
def test_folded_reads_each_digit_as_its_ascii_digit_one_for_one(script: object) -> None:
    from proxy.providers.idshape import folded

    value = script("ssn536904399")  # type: ignore[operator]
    assert folded(value) == "ssn536904399"
    assert len(folded(value)) == len(value)
    assert folded("ｕ_ｆｅ８０::１ｆｆ") == "u_fe80::1ff"  # full-width letters too
    assert folded("用户_42") == "用户_42" and folded("call_x") == "call_x"


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("value", "run"), [("ssn536904399", 9), ("tel6175550143", 10), ("call-617-555-0143", 10),
                                            ("u_10.20.30.40", 8), ("toolu_01A09q", 2)])
def test_digit_runs_count_digits_of_any_script(script: object, value: str, run: int) -> None:
    assert digit_run(script(value)) == run  # type: ignore[operator]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("value", "read"), [
    ("ssn536904399", "ssn 536904399"), ("tel6175550143", "tel 6175550143"), ("u_10.20.30.40", "u 10.20.30.40"),
    ("u_192.168.1.1", "u 192.168.1.1"), ("call_617x555x0143", "call 617-555-0143"),
])
def test_an_id_in_other_digits_is_no_id_shape_and_reads_as_its_ascii_twin(script: object, value: str,
                                                                          read: str) -> None:
    other = script(value)  # type: ignore[operator]
    assert not id_shaped(other)
    assert reading(other) == reading(value) == read


def test_letter_split_and_ipv6_read_other_digits() -> None:
    assert letter_split(fw("call_617x555x0143")) == letter_split("call_617x555x0143") != []
    value = "u_ｆｅ８０::１ｆｆ:ｆｅ２３:４５６７:８９０ａ"
    assert ipv6_spans(value) == ipv6_spans("u_fe80::1ff:fe23:4567:890a") != []
    assert reading(value) == "u fe80::1ff:fe23:4567:890a"


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_rewrite_writes_the_id_in_the_characters_every_provider_takes(script: object) -> None:
    value = script("tel6175550143")  # type: ignore[operator]
    assert written(value, "tel <PHONE_NUMBER_1>") == "telPHONE_NUMBER_1"
    assert written(script("card4111111111111111"), "card <CREDIT_CARD_1>") == "cardCREDIT_CARD_1"  # type: ignore[operator]
    assert written(value, reading(value)) == value  # nothing found: the value as sent


@pytest.mark.parametrize("value", ["user_42", "ｕｓｅｒ_４２", "用户_42", "call_١٢٣"])
def test_ids_with_few_digits_of_any_script_read_as_they_are(value: str) -> None:
    assert digit_run(value) <= 3
    assert written(value, reading(value)) == value


@pytest.mark.parametrize("script", SCRIPTS)
def test_request_ids_in_other_digits_are_screened_as_ids(script: object) -> None:
    ssn = script("ssn536904399")  # type: ignore[operator]
    body = {"model": "gpt-4o-mini", "user": ssn, "tools": [{"type": "function", "function": {"name": f"n_{ssn}"}}],
            "messages": [{"role": "tool", "tool_call_id": ssn, "content": "ok"}]}
    slots = {s.channel: s for s in openai.request_texts("chat", body)}
    for channel in ("field:user", "field:messages:0:tool_call_id", "field:tools:0:function:name"):
        assert isinstance(slots[channel], IdSlot), channel
        assert "536904399" in slots[channel].get(), channel
    body = {"model": "c", "max_tokens": 5, "metadata": {"user_id": ssn}, "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": [{"type": "redacted_thinking", "data": ssn},
                                          {"type": "thinking", "thinking": "x", "signature": ssn}]}]}
    got = [s.get() for s in anthropic.ADAPTER.request_texts("messages", body)]
    assert sum("536904399" in g for g in got) >= 3, got


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("key", ["id", "system_fingerprint", "signature"])
def test_answer_ids_in_other_digits_are_text(script: object, key: str) -> None:
    assert is_text_key({key: "fp_" + script("tel6175550143")}, key)  # type: ignore[operator]
