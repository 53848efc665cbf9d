"""Encoded text in answers and short encoded runs (enc42, issue 12; atk41/atk42 leftovers).

`proxy.nlp.file36.blob_slots` reads long base64 runs of a request's texts (and short ones in the shapes b6441 knows);
an answer's text, and a short run anywhere, went as written. `encoded_text`, a pass of the normalised view (input and
output alike), reads these runs as the text they encode, each decoded character in place of the group of characters
that made it (`proxy.nlp.mime39.byte_edits`), where the bytes are UTF-8 of text (`proxy.nlp.enc40`'s test: three
letters at least, nine characters of ten letters, digits, spaces or common punctuation):

- **base64** (`am9obi5zbWl0aEBhY21lLmNvbQ==`): a run of 16 or more characters of its alphabet (12 bytes: 12 random
  bytes are printable text once in 150,000), standing alone (no word character, `-`, `.` or `/` glued to it: UUIDs,
  JWT segments, paths, URLs stay), padded or not;
- **short hex** after a hex cue (`hex: 6b2e6d40782e696f`, `0x6b2e6d40782e696f`, `in hex 6a616e65...`, `hex-encoded`):
  5 to 15 pairs (16 or more are `enc40.hex_text`'s anywhere);
- **base32** after a cue word (`base32: NJQW4ZJO...`, `b32`): 8 or more characters of its alphabet, padded or not;
- **Ascii85** in its `<~ ... ~>` frame (or after `ascii85`/`base85`/`a85`).

A value found there is redacted over the whole encoded run (`encoded_whole`, after every rule): `Here it is:
<EMAIL_ADDRESS_1>`, never a half-decodable run. Git hashes, hex colours, UUIDs, keys, tokens, hashes and base64 of
binary (images, keys) decode to no text and read as written. A stream's window does not end inside a base64 run that
may still be decoding to text (`b64_open`). Each scan is gated by a cheap test; pure functions, CPU only.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Iterator

from proxy.nlp.b6441 import cued_runs
from proxy.nlp.file36 import _KEYED_RUN
from proxy.nlp.lft43 import url_hint, url_runs  # base64url, a short keyed run (lft43)
from proxy.nlp.perf47 import B64_CHARS, hex_cue_possible, run_of  # fail-fast tests (perf47)

__all__ = ["b64_open", "b64_run_at", "encoded_hint", "encoded_text", "encoded_whole"]

Edit = tuple[int, int, str]
Result = tuple[str, int, int, float]

_B64_MIN = 16
_B64 = re.compile(r"(?<![\w+/=.?-])[A-Za-z0-9+/]{16,}+={0,2}+(?![\w+/=-]|\.\w)", re.ASCII)
_B64_HINT = re.compile(r"[A-Za-z0-9+/]{16}", re.ASCII)
_CUE = (r"(?:[ \t]*+(?:[:=]|is|are|reads?|string|value|encoded|-encoded|\(|\)|of|data|that|this|it|would|be|gives?"
        r"|becomes?)?+[ \t]*+){1,4}")
_HEX_CUED = re.compile(r"(?i:(?<![\w-])(?:hex(?:adecimal)?|in[ \t]hex)(?:[ \t-]?encoded)?" + _CUE + r"(?:0x)?|"
                       r"(?<![\w\\])0x)((?:[0-9A-Fa-f]{2}){5,15})(?![\w])"
                       r"|(?<![\w\\-])((?:[0-9A-Fa-f]{2}){5,15})(?=[ \t]*+(?:\([ \t]*+)?(?i:in[ \t]+)?(?i:hex)\b)",
                       re.ASCII)
_B32_CUED = re.compile(r"(?i:(?<![\w-])(?:base[ \t-]?32|b32)(?:[ \t-]?encoded)?" + _CUE + r")"
                       r"([A-Z2-7]{8,}+={0,6}+)(?![\w=])", re.ASCII)
_A85 = re.compile(r"<~([!-u \t\r\nz]{5,}?)~>|(?i:(?<![\w-])(?:ascii[ \t-]?85|base[ \t-]?85|a85)" + _CUE + r")"
                  r"([!-uz]{5,}+)", re.ASCII)
_NUMBER = re.compile(r"\+?[\d \t().-]{9,24}")  # (a number alone: a card's, a phone's; 12 random bytes never are)
_HEX_CUE_HINT = re.compile(r"(?i)hex|0x[0-9a-f]{10}")


def encoded_hint(text: str) -> bool:
    """Whether `text` may hold a run `encoded_text` reads: 16 characters of base64's alphabet in a row, a hex or
    base32 cue, an Ascii85 frame or cue."""
    return (len(text) >= _B64_MIN and run_of(text, B64_CHARS, _B64_MIN) and _B64_HINT.search(text) is not None) \
        or "<~" in text or url_hint(text) or hex_cue_possible(text) and _HEX_CUE_HINT.search(text) is not None \
        or ("32" in text or "85" in text) and (_B32_CUED.search(text) is not None or _A85.search(text) is not None)


def _texty_edits(text: str, pieces: list[tuple[int, int, bytes]]) -> list[Edit] | None:
    from proxy.nlp.enc40 import _texty
    from proxy.nlp.mime39 import byte_edits

    edits = byte_edits(text, [p for p in pieces if p[2]], "utf-8")
    read = "".join(new for _, _, new in edits or ())
    if not edits or not _texty(read) and _NUMBER.fullmatch(read) is None:
        return None
    return edits


def _read(raw: bytes) -> bool:
    """Whether `raw` is UTF-8 of text (a first test, before the pieces are made)."""
    from proxy.nlp.enc40 import _texty

    try:
        read = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _texty(read) or _NUMBER.fullmatch(read) is not None


def _grouped(a: int, b: int, raw: bytes, chars: int, size: int, positions: list[int] | None = None) -> \
        list[tuple[int, int, bytes]]:
    """`raw`, decoded from the run text[a:b], as pieces: each group of `chars` characters (at `positions` where the
    run has characters that are none: spaces, a frame) and the `size` bytes it made; the last group takes the rest."""
    where = positions if positions is not None else list(range(a, b))
    groups = (len(where) + chars - 1) // chars
    out: list[tuple[int, int, bytes]] = []
    for g in range(groups):
        start = a if g == 0 else where[g * chars]
        end = b if g == groups - 1 else where[(g + 1) * chars]
        out.append((start, end, raw[g * size:(g + 1) * size] if g < groups - 1 else raw[g * size:]))
    return out


def _b64(run: str) -> bytes | None:
    body = run.rstrip("=")
    if len(body) % 4 == 1 or "=" in run and len(run) % 4:
        return None
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _runs(text: str) -> Iterator[tuple[int, int, list[Edit]]]:
    """(start, end, edits) of each encoded run of `text` that decodes to text (the module's docstring)."""
    found: list[tuple[int, int, list[Edit]]] = []

    @functools.cache
    def cued() -> frozenset[int]:
        return frozenset(at for at, run, _ in cued_runs(text) if len(run) % 4 == 0)  # (file36 reads them padded)

    if len(text) >= _B64_MIN and _B64_HINT.search(text) is not None:
        for m in _B64.finditer(text):
            run = m.group()
            if len(run) >= 48 or len(run) >= 24 and _KEYED_RUN.search(text, max(0, m.start() - 8), m.start()):
                continue  # (what `file36.blob_slots` reads in a request, decoded, redacted and encoded again there;
                # in an answer, `answer_blobs`)
            raw = _b64(run)
            if raw is None or len(raw) < 12 or run.isdigit() or run.isalpha() and (run.islower() or run.isupper()) \
                    or not _read(raw) or m.start() in cued():
                continue  # (a word, a number, a run of one case, bytes of no text: no base64 of text; b6441's shapes)
            edits = _texty_edits(text, _grouped(m.start(), m.end(), raw, 4, 3))
            if edits:
                found.append((m.start(), m.end(), edits))
    found += url_runs(text, found)
    if _HEX_CUE_HINT.search(text) is not None:
        for m in _HEX_CUED.finditer(text):
            g = 1 if m.group(1) is not None else 2
            a, b = m.span(g)
            if any(s <= a < e for s, e, _ in found):
                continue
            pieces = [(k if k > a else a - (2 if text[a - 2:a] in ("0x", "0X") else 0), k + 2,
                       bytes.fromhex(text[k:k + 2])) for k in range(a, b, 2)]
            edits = _texty_edits(text, pieces)
            if edits:
                found.append((pieces[0][0], b, edits))
    if "32" in text:
        for m in _B32_CUED.finditer(text):
            run = m.group(1)
            body = run.rstrip("=")
            try:
                raw = base64.b32decode(body + "=" * (-len(body) % 8))
            except (binascii.Error, ValueError):
                continue
            edits = _texty_edits(text, _grouped(m.start(1), m.end(1), raw, 8, 5))
            if edits:
                found.append((m.start(1), m.end(1), edits))
    if "<~" in text or "85" in text:
        for m in _A85.finditer(text):
            g = 1 if m.group(1) is not None else 2
            a, b = m.span(g)
            where = [k for k in range(a, b) if text[k] not in " \t\r\n"]
            if any(text[k] == "z" for k in where):
                continue  # (`z`: four zero bytes, no text)
            try:
                raw = base64.a85decode("".join(text[k] for k in where))
            except (ValueError, binascii.Error):
                continue
            start, end = (m.start(), m.end()) if g == 1 else (a, b)
            edits = _texty_edits(text, _grouped(start, end, raw, 5, 4, [start, *where[1:]] if g == 1 else where))
            if edits:
                found.append((start, end, edits))
    yield from found


def encoded_text(text: str) -> Iterator[Edit]:
    """Each character of an encoded run that holds text in place of the characters that made it (a pass of the
    normalised view)."""
    if not encoded_hint(text):
        return
    for _, _, edits in _runs(text):
        yield from edits


def encoded_whole(text: str, found: list[Result]) -> list[Result]:
    """`found` with each finding inside an encoded run widened to the whole run (after every rule)."""
    if not found or not encoded_hint(text):
        return found
    runs = [(a, b) for a, b, _ in _runs(text)]
    if not runs:
        return found
    out: list[Result] = []
    for entity, a, b, score in found:
        for start, end in runs:
            if a < end and start < b:
                a, b = min(a, start), max(b, end)
        out.append((entity, a, b, score))
    return out


# A stream's window does not end inside a base64 run that may still be decoding to text: the text before a cut ends in
# 16 characters of the alphabet (no word before them), and what follows (as far as known) goes on with the run.
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_B64_HOLD = 4096


def b64_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text`: inside (or at the known end of) a base64 run of 16
    characters or more, standing alone, whose bytes so far decode to text (`b64_run_at`)."""
    if cut < _B64_MIN or text[cut - 1] not in _ALPHABET or cut < len(text) and text[cut] not in _ALPHABET \
            and text[cut] != "=":
        return False  # (the run ended at the cut: read whole)
    return b64_run_at(text, cut) >= 0


def b64_run_at(text: str, pos: int) -> int:
    """Where the base64 run that reaches `pos` of `text` starts: 16 characters of the alphabet at least, standing
    alone, whose bytes so far decode to text (the last character's bytes may be cut), within `_B64_HOLD` characters
    (a stream's window at its cap holds it whole until it ends); -1 if none."""
    if pos < _B64_MIN or text[pos - 1] not in _ALPHABET:
        return -1
    start, lo = pos, max(0, pos - _B64_HOLD)
    while start > lo and text[start - 1] in _ALPHABET:
        start -= 1
    if pos - start < _B64_MIN or start == lo > 0 or start > 0 and text[start - 1] in "_.-=?\\":
        return -1
    raw = _b64(text[start:start + (pos - start) // 4 * 4])
    return start if raw is not None and reads_as_text(raw) else -1


def reads_as_text(raw: bytes) -> bool:
    """Whether the bytes decoded so far of a base64 run being streamed are text or a number (the last character's
    bytes may not all be here yet: up to 3 dropped)."""
    from proxy.nlp.enc40 import _texty

    for drop in range(4):
        try:
            read = raw[:len(raw) - drop].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return _texty(read) or _NUMBER.fullmatch(read) is not None
    return False


def answer_blobs(texts: list[str]) -> tuple[list[str], dict[int, list[int]], dict[int, list[tuple[int, int, int,
                                                                                                      int]]]] | None:
    """An answer's texts with each base64 run `file36.blob_slots` reads in a request (48 characters or more, 24 after
    a key, b6441's shapes) that holds text read decoded in its place: (the texts read; per text changed, the offset
    of the text for each offset of its reading; per text changed, (start, end) of each decoded run in the reading and
    in the text): a finding there redacts the whole run (`proxy.guard.context24.Views`). None where none has one."""
    from proxy.nlp.file36 import blob_slots
    from proxy.providers.base import TextSlot

    slots = [TextSlot(texts, i, "assistant", "field", f"answer:{i}") for i, text in enumerate(texts)
             if _B64_HINT.search(text) is not None or "::" in text or "64" in text or "atob" in text]
    # (blob_slots' and b6441's own gates: 16 characters of the alphabet in a row, or a declared shape's substring)
    found: dict[int, list[tuple[int, int, str]]] = {}
    for blob in blob_slots(slots) if slots else ():
        i = int(blob.key)
        at = texts[i].find(blob.blob)
        while at >= 0 and any(a <= at < b for a, b, _ in found.get(i, ())):
            at = texts[i].find(blob.blob, at + 1)
        if at >= 0:
            found.setdefault(i, []).append((at, at + len(blob.blob), blob.text))
    if not found:
        return None
    read: list[str] = list(texts)
    where: dict[int, list[int]] = {}
    runs: dict[int, list[tuple[int, int, int, int]]] = {}
    for i, edits in found.items():
        text, pos = texts[i], 0
        chars: list[str] = []
        offsets: list[int] = []
        spans: list[tuple[int, int, int, int]] = []
        for a, b, decoded in sorted(edits):
            if a < pos:
                continue
            chars.append(text[pos:a])
            offsets.extend(range(pos, a))
            start = sum(map(len, chars))
            chars.append(decoded)
            offsets.extend([a] * len(decoded))
            spans.append((start, start + len(decoded), a, b))
            pos = b
        chars.append(text[pos:])
        offsets.extend(range(pos, len(text) + 1))
        read[i], where[i], runs[i] = "".join(chars), offsets, spans
    return read, where, runs
