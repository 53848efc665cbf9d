"""Output `patterns:` rules read the answer as the client gets it: placeholders restored (issue 12, README-only
attack: `Ask Osprey Smith.` went upstream as `Ask <PERSON_1>.`, the model answered `Sure, Project <PERSON_1> is
on it.` and the client got `Sure, Project Osprey Smith is on it.`, although an output rule blocks
`(?i)\\bproject (falcon|osprey)\\b`: the rule read the placeholder, not the restored name).

A match that crosses a restored value and the model's own words blocks (or redacts, per the rule), whole answers
and streams alike, the name split across chunks included; a match entirely inside a restored value is the
client's own text and is left alone (the input side screened it); output PII rules still never re-redact a
value restore put back.
"""

from __future__ import annotations

import pytest

from proxy.guard.checks.patterns import WindowCuts
from proxy.guard.engine import Guard, InputVerdict
from proxy.guard.vault import Vault
from tests.guard.conftest import PII_IN, PII_OUT, policy

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
REDACT = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "redact"}]}
NAME = "Osprey Smith"
ANSWER = "Sure, Project <PERSON_1> is on it."


def _verdict(p_name: str = NAME) -> InputVerdict:
    vault = Vault()
    assert vault.placeholder("PERSON", p_name) == "<PERSON_1>"
    return InputVerdict("redact", [None], vault, [], "test")


def _policy(out: dict[str, object], *, restore: bool = True) -> object:
    pii = {**PII_IN["pii"], "restore": restore}  # type: ignore[dict-item]
    return policy(input={"pii": pii}, output=out)


async def _streamed(guard: Guard, p: object, vault: Vault, chunks: list[str]) -> tuple[str, object]:
    stream = guard.output_stream(p, vault)  # type: ignore[arg-type]
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0"), stream


def _splits(text: str) -> list[list[str]]:
    out = [[text[:i], text[i:]] for i in range(1, len(text))]
    out += [[text[k:k + n] for k in range(0, len(text), n)] for n in (1, 2, 3, 5, 7)]
    return out


def test_the_restored_view_maps_back_to_the_placeholder() -> None:
    vault = _verdict().vault
    view, own = vault.restored_view(ANSWER)
    assert view.text == "Sure, Project Osprey Smith is on it."
    assert own == [(14, 26)]
    assert view.span(6, 20) == (6, 24)  # `Project Osprey` reaches into the value: the whole placeholder


@pytest.mark.parametrize("out", [BLOCK, {**PII_OUT, **BLOCK}], ids=["patterns", "patterns+pii"])
async def test_a_match_formed_by_restoring_blocks_a_whole_answer(guard: Guard, out: dict[str, object]) -> None:
    got = await guard.output(_policy(out), [ANSWER], _verdict().vault)  # type: ignore[arg-type]
    assert got.decision == "block" and got.blocked == [0] and got.texts == [""]
    assert any(r["check"] == "patterns" and r["action"] == "block" for r in got.records)


async def test_a_match_formed_by_restoring_is_redacted_whole(guard: Guard) -> None:
    got = await guard.output(_policy(REDACT), [ANSWER], _verdict().vault)  # type: ignore[arg-type]
    assert got.decision == "redact"
    text = got.texts[0]
    assert text is not None and "Osprey" not in text and "Project" not in text and "<PERSON_1>" not in text
    assert text.startswith("Sure, <CODENAMES_") and text.endswith("> is on it.")


async def test_without_restore_the_placeholder_is_what_the_client_gets(guard: Guard) -> None:
    got = await guard.output(_policy(BLOCK, restore=False), [ANSWER], _verdict().vault)  # type: ignore[arg-type]
    assert got.decision == "allow" and got.texts == [None]  # `Project <PERSON_1>` names no codename


async def test_a_match_inside_the_clients_own_value_is_left_alone(guard: Guard) -> None:
    """The client's value `Project Osprey` (input patterns would have blocked it under the same rule): restored
    as it was sent, not a finding of the answer. Output PII does not re-redact it either."""
    vault = _verdict("Project Osprey").vault
    got = await guard.output(_policy({**PII_OUT, **BLOCK}), ["Hello <PERSON_1>, done."], vault)  # type: ignore[arg-type]
    assert got.decision == "allow" and got.texts == ["Hello Project Osprey, done."]


async def test_restored_pii_is_not_re_redacted(guard: Guard) -> None:
    vault = Vault()
    p = vault.placeholder("EMAIL_ADDRESS", "jane.roe@example.com")
    got = await guard.output(_policy({**PII_OUT, **BLOCK}), [f"Mail {p} about it."], vault)  # type: ignore[arg-type]
    assert got.decision == "allow" and got.texts == ["Mail jane.roe@example.com about it."]


async def test_a_match_across_texts_reaching_a_restored_value_blocks(guard: Guard) -> None:
    got = await guard.output(_policy(BLOCK), ["Sure, Project ", "<PERSON_1> is on it."],  # type: ignore[arg-type]
                             _verdict().vault)
    assert got.decision == "block"


@pytest.mark.parametrize("answer", [ANSWER, "Done. Ok.\nSure, Project <PERSON_1> is on it. More follows here, fine."])
async def test_a_stream_blocks_as_the_whole_answer_at_every_split(guard: Guard, answer: str) -> None:
    p = _policy({**PII_OUT, **BLOCK})
    for chunks in _splits(answer):
        got, stream = await _streamed(guard, p, _verdict().vault, chunks)
        assert stream.blocked, chunks  # type: ignore[attr-defined]
        assert "Osprey" not in got and "Project" not in got, (chunks, got)
        assert stream.decision == "block"  # type: ignore[attr-defined]


async def test_a_stream_redacts_as_the_whole_answer(guard: Guard) -> None:
    p = _policy(REDACT)
    for chunks in _splits(ANSWER):
        got, stream = await _streamed(guard, p, _verdict().vault, chunks)
        assert "Osprey" not in got and "Project" not in got and got.endswith("> is on it."), (chunks, got)


async def test_a_stream_restores_the_clients_own_value(guard: Guard) -> None:
    p = _policy({**PII_OUT, **BLOCK})
    text = "Hello <PERSON_1>, your project is done."
    for chunks in _splits(text):
        got, stream = await _streamed(guard, p, _verdict().vault, chunks)
        assert got == "Hello Osprey Smith, your project is done." and not stream.blocked  # type: ignore[attr-defined]


def test_a_window_does_not_cut_between_the_words_and_a_restored_value() -> None:
    """A long window without a sentence end: `Project ` then the placeholder of `Osprey Smith`. Read with the
    placeholder, enough letters follow the cut and nothing matches; read restored, the match crosses it."""
    vault = _verdict().vault
    text = "words " * 10 + "Project <PERSON_1> and then many more words follow"
    cut = text.index("<PERSON_1>")
    assert WindowCuts(text, (CODENAME,)).may_cut(cut)
    assert not WindowCuts(text, (CODENAME,), vault).may_cut(cut)
    assert WindowCuts(text, (CODENAME,), vault).may_cut(text.index("Project"))  # before it: fine


async def test_a_long_stream_window_holds_the_words_before_a_restored_value(guard: Guard) -> None:
    """Past `hold_chars` without a sentence end the window is cut after a word: not between `Project ` and the
    placeholder whose restored value completes the match (`WindowCuts` reads the restored text)."""
    p = _policy(BLOCK)
    text = "words " * 15 + "Project <PERSON_1> and then many more words follow here, with no end"
    for chunks in _splits(text):
        got, stream = await _streamed(guard, p, _verdict().vault, chunks)
        assert stream.blocked and "Osprey" not in got, (chunks, got)  # type: ignore[attr-defined]
