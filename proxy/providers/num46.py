"""A number of an SDK numeric field that holds a value keeps its type (fp46, atk45's false positives).

An answer's number is read as text where it could hold one (`proxy.providers.answer_numbers.number_is_text`): beyond
its field's range, `"created": 4111111111111111` reads as a card. A value found there became its placeholder, a
string (`"created": "<CREDIT_CARD_1>"`), and clients that check the answer's types (the SDKs' typed models in strict
mode, generated clients) failed on it. Under a numeric field the official SDKs name (`NUMERIC_KEYS`, outside an
unknown field; not a list's element, an embedding's, nor an error's `code`) the number becomes `0` instead (`0.0`
for a float): the value never reaches the client and the field keeps its type (on a block every swept field is
emptied, `""`, as before). Under an unknown key, or a text field given as a number, it still becomes its
placeholder; a number with no finding is left as it is.
"""

from __future__ import annotations

from typing import Any

from proxy.providers.answer_numbers import NUMERIC_KEYS
from proxy.providers.inventory import TreeSlot


class TypedNumberSlot(TreeSlot):
    """A `TreeSlot` of mode "number" under an SDK numeric field: any change to its text writes 0 (the type kept)."""

    __slots__ = ()

    def set(self, value: str) -> None:
        if value == self.get():
            return
        if value == "":  # withheld on a block (`withhold_swept`): emptied as every swept field is
            super().set(value)
            return
        key = self.cell[0]
        old = self.container[key]
        self.container[key] = 0.0 if isinstance(old, float) else 0
        if self.doc is not None:
            self.doc.commit()


def number_slot(container: Any, key: Any, kind: str, path: str, cell: list[Any] | None, known: bool,
                name: Any) -> TreeSlot:
    """The slot of an answer's number read as text (`key` of `container`, under the object key `name`); `known`:
    not inside a field the SDKs do not name. A scalar under an SDK numeric field keeps its type (`TypedNumberSlot`);
    a list's element (an embedding vector's) and an error's `code` (a string in the OpenAI API) get placeholders."""
    typed = known and isinstance(name, str) and name in NUMERIC_KEYS and name != "code" \
        and not isinstance(container, list)
    slot = TypedNumberSlot if typed else TreeSlot
    return slot(container, key, "assistant", kind, path, mode="number", cell=cell)
