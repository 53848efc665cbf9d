"""intl25 (atk24a F07): a one-word name in a non-Latin script under a person's key in a tool call's arguments is read
as the same JSON written as text, as a message's text is; look-alikes keep their reading."""

from __future__ import annotations

from proxy.nlp.cued_values import person_key_readings
from proxy.nlp.intl25 import script_word


def _docs(n: int) -> list[list[tuple[int, str]]]:
    return [[(i, "key" if i % 2 == 0 else "string") for i in range(n)]]


def test_one_word_non_latin_values_under_person_keys_are_read_as_json() -> None:
    # held out from the reproducer's values: other names, other scripts, other keys
    texts = ["name", "Светлана", "customer", "يوسف", "patient", "지훈", "owner", "鈴木", "contact", "אבי",
             "user", "प्रिया", "author", "สมศักดิ์", "name", "Δημήτρης"]
    readings = person_key_readings(texts, _docs(len(texts)))
    assert [(i, text[at:at + len(texts[i])]) for i, text, at in readings] == [
        (i, texts[i]) for i in range(1, len(texts), 2)]
    assert readings[1][1] == '{"customer": "يوسف"}'


def test_look_alikes_are_not_read() -> None:
    texts = ["product", "Молоко", "city", "東京", "color", "빨강", "category", "林業", "status", "активен",
             "name", "report-2024", "name", "Anna", "name", "ab12"]
    readings = person_key_readings(texts, _docs(len(texts)))
    assert readings == []


def test_script_word() -> None:
    assert all(script_word(w) for w in ["Анна", "محمد", "김민준", "佐藤", "Ολγα", "राहुल", "สมชาย", "שרה"])
    assert not any(script_word(w) for w in ["Anna", "", "Анна Петрова", "Анна1", "佐藤_1", "Müller", "x" * 40,
                                            "ـمحمد"[1:] + " ", "Анна-"])
