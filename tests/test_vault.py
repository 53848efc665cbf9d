"""Vault: stable placeholders, restore, and streaming restore that never emits half a placeholder."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from proxy.vault import PLACEHOLDER, Vault, placeholder_prefix_at


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
    assert placeholder_prefix_at("done <PERSON_1>", vault) == len("done <PERSON_1>")
    assert placeholder_prefix_at("x <", Vault()) == 3  # empty vault: nothing to wait for


def test_stream_restorer_holds_and_flushes() -> None:
    restorer = make_vault().restorer()
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
    restorer = vault.restorer()
    out = "".join(restorer.feed(f) for f in fragments) + restorer.flush()
    assert out == vault.restore(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=10))
def test_no_half_placeholder_is_ever_emitted(text: str, cuts: list[int]) -> None:
    vault = make_vault()
    inside = {i for m in PLACEHOLDER.finditer(text) if vault.original(m.group(0))
              for i in range(m.start() + 1, m.end())}
    points = sorted({c % (len(text) + 1) for c in cuts})
    restorer = vault.restorer()
    fed = 0
    for a, b in zip([0, *points], [*points, len(text)], strict=True):
        restorer.feed(text[a:b])
        fed = b
        released = fed - restorer.held  # the input consumed so far ends outside every placeholder
        assert released not in inside
