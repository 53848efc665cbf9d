"""Encoded text that hid a value from the analysis (enc40, issue 12): hex-encoded text and LaTeX markup.

- Hex-encoded text (`hex_text`, a pass of the view): a run of 16 or more hex pairs, written as one run
  (`4a616e652e446f65406578616d706c652e636f6d`, `0x4a61...`) or as spelled bytes (`0x4a 0x61 ...`, `4a 61 6e ...`,
  `0x4a, 0x61, ...`, `4a:61:...`, xxd's `4a61 6e65 ...`), reads as the text it encodes where its bytes are UTF-8 of
  printable text with letters (three at least, most characters letters, digits, spaces or common punctuation): each
  decoded character maps back to the pairs (and the separators before them) that made it, so a finding redacts
  exactly the encoded value. Hashes, UUIDs, commit ids, keys and dumps of binary decode to no such text (random bytes
  are no UTF-8 of printable text: 16 of them are with a chance under 1 in 10^6) and read as written.

Pure functions, CPU only; each scan gated by a cheap test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["decoded_hex", "hex_hint", "hex_text"]

Edit = tuple[int, int, str]

# ------------------------------------------------------------------------------------------- hex-encoded text

_MIN_PAIRS = 16
# One run of pairs (an optional `0x` before it), or pairs (or xxd's groups of two) each with an optional `0x`, parted
# by one separator (a space, a comma and a space, a colon).
_HEX_RUN = re.compile(r"(?<![\w\\])(?:0[xX])?((?:[0-9A-Fa-f]{2}){16,})(?![\w])")
_HEX_SPELLED = re.compile(r"(?<![\w\\:.-])(?:(?:0[xX])?[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?(?:,[ \t]?|[ \t:]))"
                          r"{7,}(?:0[xX])?[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?(?![\w:])")
_SPELLED_GROUP = re.compile(r"(?:0[xX])?([0-9A-Fa-f]{2,4})")
_HINT = re.compile(r"[0-9A-Fa-f]{32}|(?:(?:[0-9A-Fa-f]{2}){1,2}(?:,[ \t]?|[ \t:])(?:0[xX])?){7}")
_TEXTY = re.compile(r"[\w \t\r\n.,;:!?@'\"()\[\]{}<>/&%+*#=_~$-]")


def hex_hint(text: str) -> bool:
    """Whether `text` may hold hex-encoded text (`hex_text`): 32 hex digits in a row, or 8 spelled pairs."""
    return _HINT.search(text) is not None


def _texty(decoded: str) -> bool:
    """Whether `decoded` reads as text: three letters at least, and nine of ten characters letters, digits, spaces or
    common punctuation."""
    letters = sum(ch.isalpha() for ch in decoded)
    return letters >= 3 and 10 * sum(_TEXTY.match(ch) is not None for ch in decoded) >= 9 * len(decoded)


def _decoded(text: str, pieces: list[tuple[int, int, bytes]]) -> list[Edit] | None:
    from proxy.nlp.mime39 import byte_edits

    if sum(len(raw) for _, _, raw in pieces) < _MIN_PAIRS:
        return None
    edits = byte_edits(text, pieces, "utf-8")
    if not edits or not _texty("".join(new for _, _, new in edits)):
        return None
    return edits


def hex_text(text: str) -> Iterator[Edit]:
    """Each character of a run of hex pairs that encodes text, in place of its pairs (the module's docstring)."""
    if not hex_hint(text):
        return
    done = 0
    for m in _HEX_RUN.finditer(text):
        a, b = m.span(1)
        pieces = [(k if k > a else m.start(), k + 2, bytes.fromhex(text[k:k + 2])) for k in range(a, b, 2)]
        found = _decoded(text, pieces)
        if found:
            yield from found
            done = m.end()
    for m in _HEX_SPELLED.finditer(text):
        if m.start() < done:
            continue
        groups = list(_SPELLED_GROUP.finditer(text, m.start(), m.end()))
        if len({len(g.group(1)) for g in groups}) != 1 or len(groups[0].group(1)) == 3:
            continue  # (one group size in a run: `4a 61 6e`, or xxd's `4a61 6e65`)
        pieces = []
        last = m.start()
        for g in groups:
            digits = g.group(1)
            for k in range(0, len(digits), 2):
                at = g.start(1) + k
                pieces.append((last, at + 2, bytes.fromhex(digits[k:k + 2])))
                last = at + 2
        found = _decoded(text, pieces)
        if found:
            yield from found


def decoded_hex(text: str) -> tuple[str, list[int]] | None:
    """`text` with its hex-encoded text read decoded, and per character the offset in `text` where it starts, as
    `proxy.nlp.fields24.decoded_letters` gives it (the rules read a name there as the model does); None where none."""
    if not hex_hint(text):
        return None
    edits = list(hex_text(text))
    if not edits:
        return None
    from proxy.nlp.fields24 import applied

    return applied(text, edits)
