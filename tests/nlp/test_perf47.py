"""perf47: fail-fast tests in front of the view's hint searches (`proxy.nlp.perf47`): the same answers as the
searches alone on every input, and no search on prose that cannot match."""

from __future__ import annotations

import random

import pytest

import proxy.nlp.enc40 as enc40
import proxy.nlp.enc42 as enc42
import proxy.nlp.lft43 as lft43
from proxy.nlp.perf47 import B64_CHARS, HEX_SPELL_CHARS, URL_CHARS, ascii_table, hex_cue_possible, run_of

PROSE = ("Later I told Okafor about the refund; she had faced a bad decade at the cafe, and we agreed to call "
         "back on Monday at 10:30 with the new figures for the account.")


def _old_hex_hint(text: str) -> bool:
    return enc40._HINT.search(text) is not None


def _old_encoded_hint(text: str) -> bool:
    return (len(text) >= enc42._B64_MIN and enc42._B64_HINT.search(text) is not None) or "<~" in text \
        or _old_url_hint(text) or enc42._HEX_CUE_HINT.search(text) is not None or ("32" in text or "85" in text) and (
            enc42._B32_CUED.search(text) is not None or enc42._A85.search(text) is not None)


def _old_url_hint(text: str) -> bool:
    return len(text) >= 16 and ("-" in text or "_" in text or "=" in text) and any(
        "-" in m.group() or "_" in m.group() or m.group()[1:2] == "=" for m in lft43._URL_HINT.finditer(text))


# Characters the searches read, their neighbours, and others (non-ASCII look-alikes, a lone surrogate, case folds).
_ALPHABET = ("0123456789abcdefABCDEFxXghzGZ +/=_-,:\t\n.;<~>" + "héxÄßſKİı\u212a\u0660\uff10\ud800😀"
             + "hexHEX0x")


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.choice((5, 15, 16, 17, 20, 21, 22, 31, 32, 33, 40, 80, 200))
        weights = rng.choice(("hex", "b64", "any"))
        pool = {"hex": "0123456789abcdefABCDEF ,:\txX", "b64": "abcXYZ019+/_-=", "any": _ALPHABET}[weights]
        out.append("".join(rng.choice(pool) for _ in range(n)))
    return out


_CASES = [
    "", "a", PROSE, PROSE.upper(), "4a616e652e446f65406578616d706c652e636f6d",
    "0x4a 0x61 0x6e 0x65 0x2e 0x44 0x6f 0x65",
    "4a 61 6e 65 2e 44 6f 65", "4a 61 6e 65 2e 44 6f", "4a:61:6e:65:2e:44:6f:65", "4a, 61, 6e, 65, 2e, 44, 6f, 65",
    "4a61 6e65 2e44 6f65 4065 7861 6d70 6c65", "be de ad be ef ca fe ba", "ab cd ef 01 23 45 67 89 ab",
    "am9obi5zbWl0aEBhY21lLmNvbQ==", "token=am9obi5zbWl0aEBhY21l", "a_b-c_d-e_f-g_h-i_j-k", "x=ABCDEFGHIJKLMNOP",
    "the HEX value", "0XABCDEF0123", "in hex: 4a616e65", "ｈｅｘ", "h\u0435x", "base32: MZXW6YTBOI======",
    "<~87cURD]i,\"Ebo80~>", "ascii85 87cURD]i,", "\ud800" * 20, "é" * 40, "😀ab" * 12,
    "abcdefabcdefabcdefabcdefabcdefab", "abcdefabcdefabcdefabcdefabcdefa", "0" * 21, "0" * 20 + "é" + "0" * 20,
]


@pytest.mark.parametrize("text", _CASES + _random_texts(47, 3000))
def test_same_answers_as_the_searches_alone(text: str) -> None:
    assert enc40.hex_hint(text) == _old_hex_hint(text)
    assert lft43.url_hint(text) == _old_url_hint(text)
    assert enc42.encoded_hint(text) == _old_encoded_hint(text)
    assert (enc42._B64_HINT.search(text) is not None) == run_of(text, B64_CHARS, 16)
    if enc42._HEX_CUE_HINT.search(text) is not None:
        assert hex_cue_possible(text)


def test_run_of_counts_characters_not_bytes() -> None:
    hexes = ascii_table("0123456789abcdef")
    assert run_of("ab" * 8, hexes, 16)
    assert not run_of("ab" * 7 + "é" + "ab", hexes, 16)  # (é is two bytes, neither in the set)
    assert not run_of("\ud800" * 16, hexes, 1)
    assert run_of("x" * 3 + "0" * 21, HEX_SPELL_CHARS, 21)
    assert run_of("g" * 30, URL_CHARS, 16) and not run_of("g" * 15, URL_CHARS, 16)


class _NoSearch:
    def search(self, *_: object) -> None:
        raise AssertionError("searched")

    def finditer(self, *_: object) -> None:
        raise AssertionError("searched")


CHAT = ("Thanks for getting back to me so quickly. I checked the order history and the parcel left the warehouse on "
        "Tuesday, so it should arrive by the end of the week. Later I told Okafor about the refund.")


@pytest.mark.parametrize("text", [CHAT, CHAT * 4, "Mrs. Lindqvist called twice about the invoice for June."])
def test_prose_is_not_searched(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of it: a chat message's prose fails each test, and its search is not run (perf47)."""
    monkeypatch.setattr(enc40, "_HINT", _NoSearch())
    monkeypatch.setattr(enc42, "_B64_HINT", _NoSearch())
    monkeypatch.setattr(enc42, "_HEX_CUE_HINT", _NoSearch())
    monkeypatch.setattr(lft43, "_URL_HINT", _NoSearch())
    assert not enc40.hex_hint(text)
    assert not lft43.url_hint(text + " a-b")
    assert not enc42.encoded_hint(text)
