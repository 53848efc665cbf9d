"""Vault: stable placeholders, restore (JSON-escaped into tool arguments), and streaming restore (through the
output windows, restore only) that never emits half a placeholder."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import PLACEHOLDER, Vault, json_escape, json_unescape, placeholder_prefix_at
from proxy.guard.windows import OutputWindows

RESTORE_ONLY = Policy.model_validate({"name": "restore", "input": {"pii": {"restore": True}}})


class Restorer:
    """The output windows of a restore-only policy on one channel, driven without an event loop of its own."""

    def __init__(self, vault: Vault, *, in_json: bool = False) -> None:
        self.windows: OutputWindows = Guard().output_stream(RESTORE_ONLY, vault)
        self.in_json = in_json

    def feed(self, fragment: str) -> str:
        return asyncio.run(self.windows.feed("c", fragment, self.in_json))

    def flush(self) -> str:
        return asyncio.run(self.windows.end("c"))

    @property
    def held(self) -> int:
        return self.windows.held.get("c", 0)


def make_vault() -> Vault:
    vault = Vault()
    vault.placeholder("EMAIL_ADDRESS", "jane@example.com")
    vault.placeholder("PERSON", "Jane Roe")
    vault.placeholder("PERSON", "John Doe")
    for i in range(9):
        vault.placeholder("PHONE_NUMBER", f"555-010{i}")
    return vault


def test_same_value_same_placeholder_numbered_per_type() -> None:
    vault = Vault()
    assert vault.placeholder("PERSON", "Jane") == "<PERSON_1>"
    assert vault.placeholder("EMAIL_ADDRESS", "j@x.io") == "<EMAIL_ADDRESS_1>"
    assert vault.placeholder("PERSON", "John") == "<PERSON_2>"
    assert vault.placeholder("PERSON", "Jane") == "<PERSON_1>"
    assert len(vault) == 3 and vault.counts() == {"PERSON": 2, "EMAIL_ADDRESS": 1}
    assert PLACEHOLDER.fullmatch("<EMAIL_ADDRESS_1>")


def test_restore_and_unknown_placeholders_kept() -> None:
    vault = make_vault()
    text = "Dear <PERSON_1>, write to <EMAIL_ADDRESS_1> or <PERSON_9>; a < b > c"
    assert vault.restore(text) == "Dear Jane Roe, write to jane@example.com or <PERSON_9>; a < b > c"


def test_repr_never_shows_values() -> None:
    vault = make_vault()
    assert "Jane" not in repr(vault) and "example" not in repr(vault) and "Jane" not in str(vault)


def test_prefix_held_only_if_it_can_become_a_placeholder() -> None:
    vault = make_vault()
    assert placeholder_prefix_at("Hello <EMAIL_ADD", vault) == 6
    assert placeholder_prefix_at("Hello <", vault) == 6
    assert placeholder_prefix_at("Hello <PHONE_NUMBER_1", vault) == 6  # could be _1>, _10>...
    assert placeholder_prefix_at("if a <b then", vault) == len("if a <b then")
    assert placeholder_prefix_at("done <PERSON_1> ", vault) == len("done <PERSON_1> ")
    assert placeholder_prefix_at("done <PERSON_1>, ok", vault) == len("done <PERSON_1>, ok")
    # A whole one at the end may still be a hostname's label (`<PERSON_1>.collector.example`: restorefix14): held.
    assert placeholder_prefix_at("done <PERSON_1>", vault) == 5
    assert placeholder_prefix_at("x <", Vault()) == 3  # empty vault: nothing to wait for


def test_stream_restore_holds_and_flushes() -> None:
    restorer = Restorer(make_vault())
    assert restorer.feed("Hi <PER") == "Hi "
    assert restorer.held == 4
    assert restorer.feed("SON_2>, mail <EMAIL") == "John Doe, mail "
    assert restorer.feed("_ADDRESS_1> now <PERS") == "jane@example.com now "
    assert restorer.flush() == "<PERS"  # never completed: released as it was


TEXTS = st.lists(
    st.one_of(
        st.sampled_from(["<EMAIL_ADDRESS_1>", "<PERSON_1>", "<PERSON_2>", "<PHONE_NUMBER_1>", "<PHONE_NUMBER_9>",
                         "<PERSON_3>", "<", ">", "<PERSON_", "_1>"]),
        st.text(alphabet="ab <>_1 PERSON", max_size=8),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=10))
def test_any_split_restores_like_the_whole(text: str, cuts: list[int]) -> None:
    vault = make_vault()
    points = sorted({c % (len(text) + 1) for c in cuts})
    fragments = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    restorer = Restorer(vault)
    out = "".join(restorer.feed(f) for f in fragments) + restorer.flush()
    assert out == vault.restore(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=10))
def test_no_half_placeholder_is_ever_emitted(text: str, cuts: list[int]) -> None:
    vault = make_vault()
    inside = {i for m in PLACEHOLDER.finditer(text) if vault.original(m.group(0))
              for i in range(m.start() + 1, m.end())}
    points = sorted({c % (len(text) + 1) for c in cuts})
    restorer = Restorer(vault)
    fed = 0
    for a, b in zip([0, *points], [*points, len(text)], strict=True):
        restorer.feed(text[a:b])
        fed = b
        released = fed - restorer.held  # the input consumed so far ends outside every placeholder
        assert released not in inside


# ------------------------------------------------------------------ restoring into JSON (tool arguments)

QUOTED = 'O"Brien \\x'              # a quote and a backslash
ADDRESS = "12 Main St\nSpringfield\t\x01"  # a newline, a tab, a control character
NAME = "José Ünal"


def json_vault() -> Vault:
    vault = Vault()
    assert vault.placeholder("PERSON", QUOTED) == "<PERSON_1>"
    assert vault.placeholder("LOCATION", ADDRESS) == "<LOCATION_1>"
    assert vault.placeholder("PERSON", NAME) == "<PERSON_2>"
    return vault


ARGS = '{"name": "<PERSON_1>", "address": "<LOCATION_1>", "cc": ["<PERSON_2>", "<PERSON_9>"], "n": 1}'
WANT = {"name": QUOTED, "address": ADDRESS, "cc": [NAME, "<PERSON_9>"], "n": 1}


def test_restore_into_json_escapes_each_original() -> None:
    vault = json_vault()
    out = vault.restore(ARGS, in_json=True)
    assert json.loads(out) == WANT
    assert NAME in out  # non-ASCII stays as it is (ensure_ascii=False), only what JSON needs is escaped
    # Without in_json a placeholder inside a JSON string is escaped too (rst41, atk41 F05: a JSON answer's string,
    # e.g. a structured output): the quote does not end the string early, the newline is no raw control.
    assert json.loads(vault.restore(ARGS)) == WANT


def test_restore_into_plain_text_is_unchanged() -> None:
    vault = json_vault()
    assert vault.restore("Dear <PERSON_1> of <LOCATION_1>, <PERSON_2>") == f"Dear {QUOTED} of {ADDRESS}, {NAME}"


def test_json_escape_and_unescape() -> None:
    for value in (QUOTED, ADDRESS, NAME, "plain", "", "\\", '"', "\u2028"):
        assert json.loads(f'"{json_escape(value)}"') == value
        assert json_unescape(json_escape(value)) == value
    assert json_escape(NAME) == NAME
    assert json_unescape("no escapes") == "no escapes"
    # Not a JSON string body: kept as it is.
    for text in ("ends in \\", 'a"b\\n', "bad \\q escape"):
        assert json_unescape(text) == text


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 11])
def test_stream_restore_into_json_matches_the_whole(size: int) -> None:
    vault = json_vault()
    restorer = Restorer(vault, in_json=True)
    pieces = [restorer.feed(ARGS[i:i + size]) for i in range(0, len(ARGS), size)]
    out = "".join(pieces) + restorer.flush()
    assert out == vault.restore(ARGS, in_json=True) and json.loads(out) == WANT
    plain = Restorer(vault)
    assert "".join(plain.feed(ARGS[i:i + size]) for i in range(0, len(ARGS), size)) + plain.flush() == \
        vault.restore(ARGS)


# ---------------------------------------------- the model's own values (issue 12, atk6 H1)

def test_output_placeholders_share_the_numbering_and_are_never_restored() -> None:
    """A value the model wrote gets the same placeholder every time, but is no client value: restore keeps the
    placeholder, `is_original` and `protected_spans` do not take it for the client's (its second copy went out
    raw: the output check skipped a value it had itself put in the restore map)."""
    vault = Vault()
    assert vault.placeholder("EMAIL_ADDRESS", "client@example.com") == "<EMAIL_ADDRESS_1>"
    assert vault.placeholder("EMAIL_ADDRESS", "model@example.com", restorable=False) == "<EMAIL_ADDRESS_2>"
    assert vault.placeholder("EMAIL_ADDRESS", "model@example.com", restorable=False) == "<EMAIL_ADDRESS_2>"
    assert vault.is_original("client@example.com") and not vault.is_original("model@example.com")
    text = "A <EMAIL_ADDRESS_1>, B <EMAIL_ADDRESS_2>."
    assert vault.restore(text) == "A client@example.com, B <EMAIL_ADDRESS_2>."
    assert vault.protected_spans(text) == [(2, 19)]
    assert placeholder_prefix_at("B <EMAIL_ADDRESS_2", vault) == len("B <EMAIL_ADDRESS_2")  # nothing to restore
    assert vault.counts() == {"EMAIL_ADDRESS": 2} and len(vault) == 1


def test_output_only_vault_restores_nothing() -> None:
    vault = Vault()
    assert vault.placeholder("US_SSN", "536-90-4399", restorable=False) == "<US_SSN_1>"
    assert not vault and vault.restore("id <US_SSN_1>") == "id <US_SSN_1>"
    assert vault.restored_view("id <US_SSN_1>")[1] == []


def test_a_client_value_the_model_wrote_first_is_restorable_once_the_client_sends_it() -> None:
    vault = Vault()
    assert vault.placeholder("PERSON", "Jane Roe", restorable=False) == "<PERSON_1>"
    assert vault.placeholder("PERSON", "Jane Roe") == "<PERSON_1>"
    assert vault.is_original("Jane Roe") and vault.restore("<PERSON_1>") == "Jane Roe"


REDACT_OUT = Policy.model_validate({"name": "out", "output": {"pii": {"action": "redact", "entities": [
    "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})
REPEATED = [("jane.doe@example.com", "EMAIL_ADDRESS"), ("536-90-4399", "US_SSN"),
            ("4111 1111 1111 1111", "CREDIT_CARD")]


@pytest.mark.parametrize(("value", "entity"), REPEATED, ids=["email", "ssn", "card"])
async def test_a_value_repeated_in_a_later_stream_channel_gets_the_same_placeholder(
        guard: Guard, value: str, entity: str) -> None:
    """Two channels of one streamed answer (a citation, then the text; choice 0, then choice 1): the second copy
    was taken for a client value and relayed raw."""
    windows = guard.output_stream(REDACT_OUT, Vault())
    got = []
    for channel in ("citation", "text"):
        got.append(await windows.feed(channel, f"Write to {value} today. ", False))
        got.append(await windows.end(channel))
    assert value not in "".join(got)
    assert got[0] + got[1] == got[2] + got[3] == f"Write to <{entity}_1> today. ", got


async def test_a_value_repeated_in_a_later_whole_answer_check_is_redacted(guard: Guard) -> None:
    """The same vault through two output checks (a stream's final event after its deltas)."""
    vault = Vault()
    first = await guard.output(REDACT_OUT, ["Mail jane.doe@example.com."], vault)
    second = await guard.output(REDACT_OUT, ["Again: jane.doe@example.com."], vault)
    assert first.texts == ["Mail <EMAIL_ADDRESS_1>."] and second.texts == ["Again: <EMAIL_ADDRESS_1>."]


# atk10 B M4: a placeholder the client writes itself (a line pasted from a redacted log, a template) is never given to
# a value of the same request: the value gets the next number, and restore leaves the client's token as sent (it got
# `<EMAIL_ADDRESS_1>` for both, and the answer's copy of the token came back as the client's address).
def test_a_placeholder_the_client_wrote_is_never_a_values() -> None:
    vault = Vault()
    vault.reserve_written(["Log line says <EMAIL_ADDRESS_1> bounced and <PERSON_2> too"])
    assert vault.placeholder("EMAIL_ADDRESS", "jane.doe@example.com") == "<EMAIL_ADDRESS_2>"
    assert vault.placeholder("PERSON", "Jane Roe") == "<PERSON_1>"
    assert vault.placeholder("PERSON", "John Doe") == "<PERSON_3>"
    assert vault.restore("<EMAIL_ADDRESS_1> and <EMAIL_ADDRESS_2>, <PERSON_2> and <PERSON_3>") == \
        "<EMAIL_ADDRESS_1> and jane.doe@example.com, <PERSON_2> and John Doe"


# atk16 B L2: the client's token was reserved only in its exact ASCII form: written otherwise (a reference, an escape, a
# zero-width character, full width, spaces, lower case, a leading zero, split across two texts) the value got the
# same number, and the model's echo of the token came back as the new value.
@pytest.mark.parametrize("texts", [
    ["Log line: &lt;EMAIL_ADDRESS_1&gt; complained."], ["Log line: \\<EMAIL_ADDRESS_1\\> complained."],
    ["Log line: <EMAIL\u200b_ADDRESS_1> complained."], ["Log line: \uff1cEMAIL_ADDRESS_1\uff1e complained."],
    ["Log line: < EMAIL_ADDRESS_1 > complained."], ["Log line: <email_address_1> complained."],
    ["Log line: <EMAIL_ADDRESS_01> complained."], ["Log line: <EMAIL_", "ADDRESS_1> complained."],
    ['{"log": "\\u003cEMAIL_ADDRESS_1\\u003e complained"}'],
])
def test_a_placeholder_the_client_wrote_in_another_spelling_is_never_a_values(texts: list[str]) -> None:
    vault = Vault()
    vault.reserve_written([*texts, "New customer: jane.doe@example.com"])
    assert vault.placeholder("EMAIL_ADDRESS", "jane.doe@example.com") == "<EMAIL_ADDRESS_2>"
    assert vault.restore("It came from <EMAIL_ADDRESS_1>.") == "It came from <EMAIL_ADDRESS_1>."


@pytest.mark.parametrize("text", ["if a < b_1 > c: pass", "x = a<b and c_1>d", "<div>item_1</div>", "a_1 > 0"])
def test_code_with_angle_brackets_reserves_nothing(text: str) -> None:
    vault = Vault()
    vault.reserve_written([text])
    assert vault.placeholder("EMAIL_ADDRESS", "jane.doe@example.com") == "<EMAIL_ADDRESS_1>"


async def test_a_written_placeholder_comes_back_as_sent_through_the_guard(guard: Guard) -> None:
    policy = Policy.model_validate({"name": "r", "input": {"pii": {"action": "redact", "restore": True,
                                                                   "entities": ["EMAIL_ADDRESS"]}}})
    text = "Log line says <EMAIL_ADDRESS_1> bounced; my address is jane.doe@example.com"
    verdict = await guard.input(policy, [text])
    assert verdict.texts == ["Log line says <EMAIL_ADDRESS_1> bounced; my address is <EMAIL_ADDRESS_2>"]
    out = await guard.output(policy, [f"You wrote: {verdict.texts[0]}"], verdict.vault)
    assert out.texts == [f"You wrote: {text}"]
