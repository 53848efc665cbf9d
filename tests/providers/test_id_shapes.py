"""The shapes of ids, names and sealed values (issue 12: F3, F6, F13): `proxy.providers.idshape`."""

from __future__ import annotations

import random
import string

import pytest

from proxy.providers import answers, anthropic, openai
from proxy.providers.answer_words import ANSWER_WORDS
from proxy.providers.answers import answer_sweep, is_text_key
from proxy.providers.idshape import NAME_KIND, IdSlot, digit_run, iban_spans, id_shaped, opaque, reading, written
from tests.support.answer_enums import answer_enum_words


@pytest.mark.parametrize(("value", "run"), [
    ("call_4111111111111111", 16), ("call-617-555-0143", 10), ("call.617.555.0143", 10), ("536-90-4399", 9),
    ("o1-2024-12-17", 1), ("claude-3-5-sonnet-20241022", 2), ("gpt-4o-mini-2024-07-18", 1),
    ("prompt-caching-2024-07-31", 0), ("toolu_01A09q90qw90lq917835lq9", 6), ("a1b2c3", 1),
])
def test_digit_runs_are_read_across_separators_with_dates_apart(value: str, run: int) -> None:
    assert digit_run(value) == run


@pytest.mark.parametrize(("value", "shaped"), [
    ("call_Vw5HjfqeTFc5fE8T1oY4xGjx", True), ("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", True),
    ("file-BK7bzQj3FfZFXr7DbL6xJwfo", True), ("toolu_01A09q90qw90lq917835lq9", True), ("o1-2024-12-17", True),
    ("resp_67ccd2bed1ec8190b14f964a105426701239a6b452d3795b", True),  # hex: a 12-digit run by chance
    ("msg_030d085c0b53e67e0069332e3a72d4819c96c6f2c4adc15d33", True),
    ("call_4111111111111111", False), ("call-617-555-0143", False), ("X-4111111111111111", False),
    ("4111111111111111", False), ("call_4111111111111111abcdef", False),  # no hex prefix
    ("resp_4111111111111111", False),  # too short for a hex id
    ("a b", False), ("a@b.io", False), ("x" * 300, False),
    # A value in its printed groups split by letters: not of an id's shape (read as the value, `reading`).
    ("call_617x555x0143", False), ("toolu_536a90b4399", False), ("fp_4111x1111x1111x1111", False),
    ("call_2025x11x04", True), ("call_617x555x0143b", False), ("call_617x555x143", True),  # no printed groups
    ("call_123x456x7890", True),  # no valid number
    # atk8 B M3: a phone number or a card split by up to 3 letters (`LETTER_GAPS`, measured: `bench/id_gaps.py`)
    ("call_617AB555CD0143", False), ("toolu_617abc555x0143", False), ("fp_4111ab1111cd1111ef1111", False),
    ("call_617abcd555x0143", True), ("call_123ab456cd7890", True),  # 4 letters; no valid number
])
def test_id_shapes(value: str, shaped: bool) -> None:
    assert id_shaped(value) is shaped


def test_real_random_ids_always_pass() -> None:
    """Provider ids are random base62 (OpenAI `call_`, Anthropic `toolu_01`) or hex: none is screened."""
    rng = random.Random(12)
    b62 = string.ascii_letters + string.digits
    for _ in range(3000):
        assert id_shaped("call_" + "".join(rng.choice(b62) for _ in range(24)))
        assert id_shaped("toolu_01" + "".join(rng.choice(b62) for _ in range(22)))
        assert id_shaped("resp_" + "".join(rng.choice("0123456789abcdef") for _ in range(48)))


def test_opaque_payloads_are_long_and_random() -> None:
    rng = random.Random(3)
    sig = "".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(120))
    assert opaque(sig) and opaque(sig + "4111111111111111")
    assert not opaque("a4111111111111111") and not opaque("A" * 60 + "4111111111111111")


@pytest.mark.parametrize(("value", "read", "new", "back"), [
    ("call-617-555-0143", "call 617-555-0143", "call <PHONE_NUMBER_1>", "call-PHONE_NUMBER_1"),
    ("t617-555-0143", "t 617-555-0143", "t <PHONE_NUMBER_1>", "tPHONE_NUMBER_1"),
    ("call_4111111111111111", "call 4111111111111111", "call <CREDIT_CARD_1>", "call_CREDIT_CARD_1"),
    ("send_<EMAIL_ADDRESS_1>", "send_ EMAIL_ADDRESS 1 ", "send_ EMAIL_ADDRESS 1 ", "send_<EMAIL_ADDRESS_1>"),
    ("a2@b.io", "a2@b.io", "<EMAIL_ADDRESS_1>", "EMAIL_ADDRESS_1"),  # an address is read as written
    ("call_617x555x0143", "call 617-555-0143", "call <PHONE_NUMBER_1>", "call_PHONE_NUMBER_1"),
    ("toolu_536a90b4399", "toolu 536-90-4399", "toolu <US_SSN_1>", "toolu_US_SSN_1"),
    ("call_617AB555CD0143", "call 617--555--0143", "call <PHONE_NUMBER_1>", "call_PHONE_NUMBER_1"),
    # atk10 B H1: a valid IBAN is read whole, apart from what is glued to it
    ("call_DE89370400440532013000", "call DE89370400440532013000", "call <IBAN_CODE_1>", "call_IBAN_CODE_1"),
    ("call_de89370400440532013000", "call de89370400440532013000", "call <IBAN_CODE_1>", "call_IBAN_CODE_1"),
    ("acct-gb82west12345698765432", "acct gb82west12345698765432", "acct <IBAN_CODE_1>", "acct-IBAN_CODE_1"),
    ("acct-GB82WEST12345698765432", "acct GB82WEST12345698765432", "acct <IBAN_CODE_1>", "acct-IBAN_CODE_1"),
    ("payFR7630006000011234567890189x", "pay FR7630006000011234567890189 x", "pay <IBAN_CODE_1> x",
     "payIBAN_CODE_1x"),
])
def test_an_id_is_read_with_letters_apart_from_digits_and_written_back(value: str, read: str, new: str,
                                                                       back: str) -> None:
    assert reading(value) == read
    assert written(value, new) == back


def test_names_and_the_model_are_never_rewritten_ids_are() -> None:
    body = {"model": "gpt-4o-mini", "tools": [{"type": "function", "function": {"name": "card_4111111111111111"}}],
            "messages": [{"role": "tool", "tool_call_id": "call_4111111111111111", "content": "ok"}]}
    kinds = {s.channel: (type(s), s.kind) for s in openai.request_texts("chat", body)}
    assert kinds["field:tools:0:function:name"] == (IdSlot, NAME_KIND)
    assert kinds["field:messages:0:tool_call_id"] == (IdSlot, "field")
    body = {"model": "c", "messages": [], "betas": ["project-4111111111111111"],
            "mcp_servers": [{"name": "s", "authorization_token": "tok4111111111111111"}]}
    got = {s.channel: s.kind for s in anthropic.ADAPTER.request_texts("messages", body)}
    assert got["field:betas:0"] == NAME_KIND and got["field:mcp_servers:0:authorization_token"] == "field"


@pytest.mark.parametrize(("key", "value", "text"), [
    ("finish_reason", "stop", False), ("finish_reason", "212-555-0199", True), ("finish_reason", "stop_now", True),
    ("stop_reason", "end_turn", False), ("role", "assistant", False), ("role", "5555555555554444", True),
    ("object", "chat.completion.chunk", False), ("id", "212-555-0199", True), ("name", "5555555555554444", True),
    ("system_fingerprint", "fp_44709d6fcb", False), ("code", "212-555-0199", True),
    ("signature", "a" * 23 + "4111111111111111", True),
])
def test_answer_ids_and_enums(key: str, value: str, text: bool) -> None:
    assert is_text_key({key: value}, key) is text


def test_answer_words_are_the_sdks_words() -> None:
    assert answer_enum_words() == ANSWER_WORDS, (
        "proxy/providers/answer_words.py is out of date: run `PYTHONPATH=. python -m tests.support.answer_enums`")


def test_without_output_rules_the_sweep_never_looks_at_an_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """No output rule reads the answer (placeholders are only restored): an id, a name or an enum is passed
    over whatever it holds, its shape not even looked at (nothing would screen it, restore never writes
    into one); a payload that is not base64 and other text are still slots, as they were before ids were read."""
    body = {"id": "chatcmpl-mock00000000000000000003", "object": "chat.completion", "model": "gpt-<EMAIL_ADDRESS_1>",
            "choices": [{"index": 0, "finish_reason": "212-555-0199", "message": {"role": "assistant", "content": "hi",
                                                                                   "signature": "<EMAIL_ADDRESS_1>"}}]}
    screened = {s.channel: type(s) for s in answer_sweep(body, [])}
    assert screened["field:id"] is IdSlot and screened["field:model"] is IdSlot
    assert screened["choice:0:field:finish_reason"] is IdSlot

    def looked_at(*_: object) -> bool:
        raise AssertionError("an id's shape was looked at")

    monkeypatch.setattr(answers, "_shaped", looked_at)
    restored = {s.channel: s.get() for s in answer_sweep(body, [], screen=False)}
    assert restored == {"choice:0:field:message:content": "hi", "choice:0:field:message:signature": "<EMAIL_ADDRESS_1>"}
    assert is_text_key({"id": "212-555-0199"}, "id", screen=False) is False


@pytest.mark.parametrize(("value", "read"), [
    ("call_DE89370400440532013001", "call_DE 89370400440532013001"),  # mod 97 fails: no IBAN
    ("call_XX89370400440532013000", "call_XX 89370400440532013000"),  # no such country
    ("call_DE8937040044053201300", "call_DE 8937040044053201300"),  # too short for DE
])
def test_only_a_valid_iban_is_read_whole(value: str, read: str) -> None:
    assert reading(value) == read


@pytest.mark.parametrize(("value", "found"), [
    ("call_de89370400440532013000", [(5, 27)]),
    ("acct-gb82west12345698765432", [(5, 27)]),
    ("call_De89370400440532013000", [(5, 27)]),
    # a hex id: an Andorran layout with letters mixed into its digits, mod 97 by chance (bench/id_gaps.py --ibans)
    ("req_8fbaad40455749989cd274f91ec9612b", []),
    ("req_8FBAAD40455749989CD274F91EC9612B", [(8, 32)]),  # in capitals a layout's letters go anywhere it allows
])
def test_ibans_in_ids_in_lower_case(value: str, found: list[tuple[int, int]]) -> None:
    assert iban_spans(value) == found
