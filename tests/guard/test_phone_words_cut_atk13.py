"""atk13 M3 in a streamed answer: a phone word abbreviated with a point (`Тел.`, `Τηλ.`, `טל.`, `Tel.`) read as a
sentence end let a window end before the number after it, which the next window then read without its context word
(`Тел. 89261234455` went to the client). No window ends there now; a sentence that ends with another word does."""

from __future__ import annotations

import pytest

from proxy.guard.windows import may_cut


@pytest.mark.parametrize("text", ["Контакты: Тел. ", "Στοιχεία: Τηλ. ", "פרטים: טל. ", "Office Tel. ", "моб. ",
                                  "Cel. ", "HP. "])
def test_no_window_ends_after_an_abbreviated_phone_word_before_its_number(text: str) -> None:
    assert not may_cut(text + "89261234455 и всё", len(text))
    assert not may_cut(text, len(text))  # the number not known yet


@pytest.mark.parametrize("text", ["Отчёт готов. ", "The hotel. ", "Встретимся в отеле. ", "Мы купили тел. "])
def test_a_window_still_ends_after_other_words(text: str) -> None:
    assert may_cut(text + "Завтра в 10 утра.", len(text))
