"""file36 (atk35 F05, F09): text files sent as base64, and PDF content-stream text split into pieces.

F05. A text file attached as base64 (a Responses `input_file`'s or a chat `file` part's `file_data`, `data:text/csv;
base64,...`; an Anthropic `source` of type `base64`) is a text of the request: `payload_text` decodes it where its
media type is a text one (`text/*`, CSV, JSON, XML, YAML, Markdown, NDJSON, `+json`/`+xml`), or an unknown or
`application/octet-stream` one (or none) beside a text file name (`.csv`, `.txt`, `.json`, `.md`, `.tsv`, `.log`,
`.xml`, `.yaml`...), or none at all (then 12 bytes or more), and the bytes are UTF-8 (a declared `charset=`, or UTF-16
with its BOM; a text-typed file also as cp1252) with nothing but printable characters, tabs and line breaks.
`FileSlot` reads it so; a rewrite is encoded back the same way (same `data:` prefix, same charset and BOM; `filename`
and the other fields untouched). A base64 run in a text (48+ characters of its alphabet, MIME lines of it too) that
decodes to such text is read decoded as well (`blob_slots`, `BlobSlot`): a rewrite replaces the run by the redacted
text encoded again. PDFs, images, audio and other binary payloads are not decoded (no text to read): they go as sent.
files37 (atk37 F10, F11, F16, F17): an uploaded file's (`file_slot`) bytes decide whether it is a text, whatever its
type or name says (`proxy.nlp.files37.sniff`: legacy encodings, UTF-16/32 without a BOM, a few control bytes kept);
a declared text type or name only helps. A base64 run in a text is read as UTF-8, or as UTF-16 with its BOM
or (enc38) without one where its NUL bytes' pattern says it (`proxy.nlp.files37.wide`).

F09. A PDF content stream's text-showing operators (`[(Email: ma)-15(ria.gon)10(zalez@acme-)5(corp.com)] TJ`, and
`(...) Tj` runs one after the other) are read with their strings joined (`tj_strings`, a pass of the normalised view,
as DOCX `<w:t>` runs are read across their tags): the kerning numbers between a `TJ` array's strings read as nothing
(as a space where a word space's offset, -200 or less, sits between two letters), `) Tj (` as nothing, a line move
between two `Tj` as a line break, `\\(`, `\\)` and `\\\\` as the character. A value found there is redacted over its
pieces (`[(Email: <EMAIL_ADDRESS_1>)] TJ`).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Iterator, Sequence
from typing import Any

from proxy.nlp.b6441 import cued_runs
from proxy.nlp.files37 import binary_start, sniff, wide
from proxy.nlp.mime39 import part_charset
from proxy.providers.base import TextSlot

__all__ = ["BlobSlot", "FileSlot", "blob_slots", "file_slot", "payload_text", "tj_decoded", "tj_strings"]

# ------------------------------------------------------------------------------------------- F05: base64 text

_DATA_URL = re.compile(r"data:((?:[\w.+-]+/[\w.+-]+)?)((?:;[\w.+-]+=[\w.+-]+)*);base64,", re.ASCII)
_TEXT_TYPES = frozenset({
    "application/json", "application/xml", "application/yaml", "application/x-yaml", "application/csv",
    "application/x-csv", "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonl",
    "application/markdown", "application/x-markdown", "application/javascript", "application/x-sh",
    "application/sql", "application/toml", "application/x-toml", "application/rtf", "application/x-tex",
    "application/x-subrip", "application/mbox", "application/vcard", "application/x-mbox", "application/txt",
    "application/x-log", "application/edi-x12", "application/edifact", "application/hl7-v2",
    "application/x-www-form-urlencoded"})
_OPEN_TYPES = frozenset({"application/octet-stream", "binary/octet-stream", "application/unknown", ""})
_TEXT_NAME = re.compile(r"(?i).*\.(?:csv|tsv|txt|text|json|jsonl|ndjson|md|markdown|log|xml|ya?ml|ini|cfg|conf|toml"
                        r"|html?|sql|eml|vcf|ics|srt|vtt|rtf|tex|py|js|ts|sh|env|properties|mbox|hl7|edi|x12|ldif|sta)\Z")
_BASE64 = re.compile(r"[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*", re.ASCII)
_UNTYPED_MIN = 12  # bytes: 12 random ones are all printable ASCII once in 150,000
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _text_type(media: str, name: str) -> bool | None:
    """True: a text type; None: unknown (decoded where the bytes are text); False: binary (never decoded)."""
    media = media.lower()
    if media.startswith(("text/", "message/")) or media in _TEXT_TYPES or media.endswith(("+json", "+xml", "+yaml")):
        return True
    if media in _OPEN_TYPES:
        return None if not name or _TEXT_NAME.fullmatch(name) else False
    return False


def _declared(media: str, name: str) -> bool | None:
    """True: a text type or name (files37: every file is sniffed, `proxy.nlp.files37.sniff`; this only helps)."""
    return True if _text_type(media, name) or (name and _TEXT_NAME.fullmatch(name)) else None


def _text(raw: bytes, charset: str, typed: bool) -> tuple[str, str] | None:
    """(the text, the codec that writes it back) of bytes that are text, else None."""
    tries: list[str] = []
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            tries = [codec]
            break
    else:
        tries = [charset] if charset else []
        utf16 = wide(raw)  # (enc38: UTF-16 without a BOM, told by its NUL bytes' pattern)
        tries += ([utf16] if utf16 else []) + ["utf-8"] + (["cp1252"] if typed else [])
    for codec in tries:
        try:
            text = raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return (text, codec) if _printable(text) else None
    return None


def _sniffed(start: str) -> bool:
    """Whether the first bytes of a payload (`start`: 64 characters of its base64) can start a text."""
    try:
        raw = base64.b64decode(start, validate=True)
    except (binascii.Error, ValueError):
        return False
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or wide(raw) is not None:
        return True
    try:
        return _printable(codecs.getincrementaldecoder("utf-8")().decode(raw, final=False))
    except UnicodeDecodeError:
        return False


def _binary_head(start: str) -> bool:
    """Whether the first bytes of a payload (`start`: 64 characters of its base64) are a binary file's (files37)."""
    try:
        return len(start) == 64 and binary_start(base64.b64decode(start, validate=True))
    except (binascii.Error, ValueError):
        return False


def _printable(text: str) -> bool:
    return all(c.isprintable() or c in "\t\n\r\f" for c in text)


def payload_text(value: str, media: str = "", name: str = "", file: bool = False,
                 charset: str = "", declared: bool = False) -> tuple[str, str, str] | None:
    """(the decoded text, the prefix written back before its base64: the `data:` URL's head or "", the codec) of a
    base64 payload that holds a text file; None for a binary one or what does not decode. `media`: the media type
    given beside it (an Anthropic `source.media_type`), `name`: the file's name (`filename`); `file`: an uploaded
    file's payload, whose bytes decide what it is (files37), not a base64 run in a text; `charset`: the one its MIME
    part declares (mime39); `declared`: a run whose shape says base64 (b6441), read however short."""
    m = _DATA_URL.match(value)
    head, body = "", value
    if m is not None:
        head, body, media = m.group(), value[m.end():], m.group(1)
        params = dict(p.split("=", 1) for p in m.group(2).split(";")[1:])
        charset = params.get("charset", "")
    typed = _declared(media, name) if file else _text_type(media, name)
    if file and _binary_head(body[:64]):
        return None  # (files37: a binary file, told by its first bytes; the rest not read)
    if typed is False or len(body) < 4 or not _BASE64.fullmatch(body):
        return None
    body = "".join(body.split()) if "\n" in body else body
    if not file and typed is None and len(body) > 64 and not _sniffed(body[:64]):
        return None  # (an image or audio sent without its type: its first bytes are no text, the rest not decoded)
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    if typed is None and len(raw) < _UNTYPED_MIN and not declared:  # (b6441: `declared`: its shape says base64)
        return None  # (a short untyped payload is as likely random bytes that happen to be printable: an id, a token)
    found = sniff(raw, charset, bool(typed)) if file else _text(raw, charset, bool(typed))
    if found is None:
        return None
    return found[0], head, found[1]


def _encoded(text: str, codec: str, wrap: int = 0, newline: str = "\n") -> str:
    raw = text.encode(codec, errors="strict" if codec.startswith("utf") else "replace")
    out = base64.b64encode(raw).decode("ascii")
    if wrap:
        out = newline.join(out[k:k + wrap] for k in range(0, len(out), wrap))
    return out


class FileSlot(TextSlot):
    """A base64 text file's contents (`payload_text`), read decoded; a rewrite goes back encoded the same way."""

    __slots__ = ("codec", "head", "text")

    def __init__(self, container: Any, key: str | int, role: str, kind: str, channel: str, *,
                 text: str, head: str, codec: str) -> None:
        super().__init__(container, key, role, kind, channel, False)
        self.text, self.head, self.codec = text, head, codec

    def get(self) -> str:
        return self.text

    def set(self, value: str) -> None:
        if value != self.text:
            self.container[self.key] = self.head + _encoded(value, self.codec)
            self.text = value


def file_slot(container: Any, key: str | int, channel: str) -> FileSlot | None:
    """A `FileSlot` for `container[key]` where it is a base64 text file (its media type and file name read beside it:
    `media_type`, `mime_type`, `filename`, `name`), else None."""
    value = container[key]
    if not isinstance(value, str):
        return None
    media = name = ""
    if isinstance(container, dict):
        media = next((v for k in ("media_type", "mime_type") if isinstance(v := container.get(k), str)), "")
        name = next((v for k in ("filename", "name", "title") if isinstance(v := container.get(k), str)), "")
    found = payload_text(value, media, name, file=True)
    if found is None:
        return None
    return FileSlot(container, key, "user", "field", channel, text=found[0], head=found[1], codec=found[2])


# A run of base64 in a text: 48+ characters of its alphabet (MIME lines of 4+ after it), padded, alone; or glued
# after a key's `=` (`state=eyJ...`, a cookie's `session=`), base64url's alphabet (`-`, `_`) too, padded or not; from
# 24 characters after a key (`=`, `: "`) or `Basic ` (atk37 F18).
_RUN = re.compile(r"(?:(?<![\w+/=-])|(?<=[\w\]-]=))[A-Za-z0-9+/_-]{24,}+(?:\r?\n[A-Za-z0-9+/]{4,}+)*+={0,2}+"
                  r"(?![\w+/=-])", re.ASCII)
_RUN_HINT = re.compile(r"[A-Za-z0-9+/_-]{24}", re.ASCII)
_KEYED_RUN = re.compile(r"(?:[\w\]-]=[\"']?|[:=][ \t]*[\"']|Basic[ \t]+)\Z")
_URL_SAFE = str.maketrans("-_", "+/")
_URL_BACK = str.maketrans("+/", "-_")


def _run_body(run: str) -> tuple[str, bool] | None:
    """A run as standard base64 (padded), and whether it was written base64url (`-`, `_`) or unpadded."""
    url = "-" in run or "_" in run
    if url and ("+" in run or "/" in run):
        return None  # (both alphabets: no base64)
    body = run.translate(_URL_SAFE) if url else run
    if "=" not in body and "\n" not in body and len(body) % 4:
        if len(body) % 4 == 1:
            return None
        return body + "=" * (4 - len(body) % 4), True
    return body, url


class BlobSlot(TextSlot):
    """A base64 run inside a text (`blob_slots`), read decoded; a rewrite puts the redacted text encoded again in the
    run's place (found again by its characters: the text around it may have been rewritten first)."""

    __slots__ = ("blob", "codec", "text", "url")

    def __init__(self, container: Any, key: str | int, role: str, channel: str, *, blob: str, text: str,
                 codec: str, url: bool = False) -> None:
        super().__init__(container, key, role, "field", channel, False)
        self.blob, self.text, self.codec, self.url = blob, text, codec, url

    def get(self) -> str:
        return self.text

    def set(self, value: str) -> None:
        current = self.container[self.key]
        if value == self.text or not isinstance(current, str):
            return
        at = current.find(self.blob)
        lines = self.blob.split("\n")
        wrap = len(lines[0].rstrip("\r")) if len(lines) > 1 else 0
        encoded = _encoded(value, self.codec, wrap, "\r\n" if "\r\n" in self.blob else "\n")
        if self.url:  # written as it was: base64url's alphabet, without padding where it had none
            encoded = encoded if "+" in self.blob or "/" in self.blob else encoded.translate(_URL_BACK)
            encoded = encoded if self.blob.endswith("=") else encoded.rstrip("=")
        if at >= 0:
            self.container[self.key] = current[:at] + encoded + current[at + len(self.blob):]
            self.blob, self.text = encoded, value


def blob_slots(slots: Sequence[TextSlot]) -> list[BlobSlot]:
    """A `BlobSlot` for each base64 run in a plain text of `slots` that decodes to text (cheap: a text without 48
    characters of the alphabet in a row is passed over by one scan)."""
    out: list[BlobSlot] = []
    for slot in slots:
        if type(slot) is not TextSlot or slot.is_json:
            continue
        text = slot.get()
        runs = _RUN.finditer(text) if len(text) >= 24 and _RUN_HINT.search(text) is not None else ()
        read_at: set[int] = set()
        for n, m in enumerate(runs):
            run = m.group()
            charset = part_charset(text, m.start())
            if len(run) < 48 and not charset and _KEYED_RUN.search(text, max(0, m.start() - 8), m.start()) is None:
                continue
            read = _run_body(run)
            found = payload_text(read[0]) if read is not None else None
            if found is None and read is not None and charset:
                found = payload_text(read[0], "text/plain", charset=charset)  # (mime39: a MIME part's own charset)
            if found is not None and found[0].strip():
                read_at.add(m.start())
                out.append(BlobSlot(slot.container, slot.key, slot.role, f"{slot.channel}:base64:{n}",
                                    blob=run, text=found[0], codec=found[2], url=read is not None and read[1]))
        for n, (at, run, declared) in enumerate(cued_runs(text)):  # (b6441: LDIF, Secrets, decode calls, headers)
            cs = "" if at in read_at else part_charset(text, at) or ""
            found = None if at in read_at else payload_text(run, "text/plain" if cs else "", charset=cs,
                                                            declared=declared)
            if found is not None and found[0].strip():
                out.append(BlobSlot(slot.container, slot.key, slot.role, f"{slot.channel}:base64:c{n}",
                                    blob=run, text=found[0], codec=found[2]))
    return out


# ------------------------------------------------------------------------------------- F09: PDF text operators

_STRING = r"\((?:[^()\\]|\\.)*+\)"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_TJ_ARRAY = re.compile(rf"\[(?:\s*+{_STRING}\s*+(?:{_NUMBER})?+)++\s*+\]\s*+TJ")
_TJ_JUNCTION = re.compile(rf"\)\s*+({_NUMBER})?\s*+\(")
_TJ_RUN = re.compile(rf"{_STRING}\s*+Tj(?:\s++(?:{_NUMBER}\s++{_NUMBER}\s++T[dD]\s++|T\*\s++)?{_STRING}\s*+Tj)++")
_TJ_STEP = re.compile(rf"\)\s*+Tj\s*+(?:({_NUMBER})\s++({_NUMBER})\s++T[dD]\s*+|(T\*)\s*+)?\(")
_ESCAPED = re.compile(r"\\([()\\])")
_WORD_SPACE = -200.0


def _letters(text: str, before: int, after: int) -> bool:
    return before > 0 and text[before - 1].isalpha() and after < len(text) and text[after].isalpha()


def _escapes_in(text: str, a: int, b: int) -> Iterator[tuple[int, int, str]]:
    for e in _ESCAPED.finditer(text, a, b):
        yield e.start(), e.start() + 1, ""


def tj_strings(text: str) -> Iterator[tuple[int, int, str]]:
    """Edits (start, end, replacement) that read a PDF content stream's `TJ` arrays and `Tj` runs as the text they
    show (see the module's docstring)."""
    if "TJ" not in text and "Tj" not in text:
        return
    edits: list[tuple[int, int, str]] = []
    if "TJ" in text:
        for m in _TJ_ARRAY.finditer(text):
            at = m.start()
            for j in _TJ_JUNCTION.finditer(text, m.start(), m.end()):
                edits.extend(_escapes_in(text, at, j.start()))
                space = j.group(1) is not None and float(j.group(1)) <= _WORD_SPACE \
                    and _letters(text, j.start(), j.end())
                edits.append((j.start(), j.end(), " " if space else ""))
                at = j.end()
            edits.extend(_escapes_in(text, at, m.end()))
    if "Tj" in text:
        for m in _TJ_RUN.finditer(text):
            at = m.start()
            for j in _TJ_STEP.finditer(text, m.start(), m.end()):
                edits.extend(_escapes_in(text, at, j.start()))
                line = j.group(3) is not None or (j.group(2) is not None and float(j.group(2)) != 0)
                space = not line and j.group(1) is not None and _letters(text, j.start(), j.end())
                edits.append((j.start(), j.end(), "\n" if line else " " if space else ""))
                at = j.end()
            edits.extend(_escapes_in(text, at, m.end()))
    edits.sort()
    yield from edits


def tj_decoded(text: str) -> tuple[str, list[int]] | None:
    """`text` with its `TJ` arrays and `Tj` runs read joined (`tj_strings`), and per character the offset in `text`
    where it starts (one more entry: `len(text)`), as `proxy.nlp.fields24.decoded_letters` gives it: the rules read
    a name across the pieces (`[(Kenji Wata)15(nabe)] TJ`); None where there is none."""
    edits = list(tj_strings(text))
    if not edits:
        return None
    out: list[str] = []
    at: list[int] = []
    pos = 0
    for a, b, new in edits:
        out.append(text[pos:a])
        at.extend(range(pos, a))
        out.append(new)
        at.extend([a] * len(new))
        pos = b
    out.append(text[pos:])
    at.extend(range(pos, len(text)))
    at.append(len(text))
    return "".join(out), at
