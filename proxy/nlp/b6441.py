"""b6441 (atk41 F06): short base64 values in the shapes where base64 is the standard encoding of a value.

`proxy.nlp.file36.blob_slots` reads a base64 run of 48+ characters anywhere, and from 24 after a key's `=`, a JSON
field's quote or `Basic `. These shapes write a value as base64 by their own rules, so a shorter run is read there:
- declared (from 4 characters, any length of bytes, UTF-8 or a MIME part's charset): an LDIF line `attr:: <b64>`,
  a literal decoded in code (`base64.b64decode("...")`, `atob("...")`, `Buffer.from("...", "base64")`,
  `FROM_BASE64('...')`, `Convert.FromBase64String("...")`, `base64_decode('...')`), an XML element whose start tag
  says base64 (`<x encoding="base64">...</x>`), a MIME part's body (`proxy.nlp.mime39.part_charset`, checked by
  file36), and a Kubernetes Secret's `key: <b64>` lines (a text saying `kind: Secret`);
- keyed (from 16 characters, 12 bytes that decode to text, as file36 reads an untyped run): a YAML or HTTP header line
  `key: <b64>` whose value is the run alone, a CSV/TSV cell that is the run alone.
What decodes to no text (binary, keys, hashes, random tokens, git SHAs) is left as it is; UUIDs and JWT segments
(`-`, `.` beside them) are no whole value of these shapes. Cheap: a text pays one scan for 16 characters of the
alphabet in a row, or a substring test (`::`, `64`, `atob`), before any of these patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_B64 = r"([A-Za-z0-9+/]{4,}+={0,2}+)"
# Declared: the shape says the value is base64.
_DECLARED = re.compile(
    r"(?m:^[A-Za-z][\w.;-]*::[ \t]*" + _B64 + r"[ \t]*\r?$)"
    r"|(?i:(?:b64decode|decodebase64|base64_decode|from_?base64(?:string)?|atob|base64\.decode|decoder\(\)\.decode)"
    r"\(\s*+[bBuU]?[\"'`]" + _B64 + r"[\"'`])"
    r"|(?:Buffer\.from\(\s*+[\"'`]" + _B64 + r"[\"'`]\s*+,\s*+[\"'`]base64[\"'`])"
    r"|(?i:<[\w:.-]+[^<>]*?base64[^<>]*+>\s*+" + _B64 + r"\s*+</)", re.ASCII)
# Keyed: a YAML/header line `key: <b64>`, a CSV/TSV cell.
_KEYED = re.compile(r"(?m:^[ \t]*[\w.-]+:[ \t]+[\"']?([A-Za-z0-9+/]{16,}+={0,2}+)[\"']?[ \t]*\r?$)"
                    r"|(?m:(?:^|(?<=[,;\t]))[\"']?([A-Za-z0-9+/]{16,}+={0,2}+)[\"']?(?=[,;\t]|\r?$))", re.ASCII)
_HINT = re.compile(r"[A-Za-z0-9+/]{16}", re.ASCII)
_SECRET = re.compile(r"[\"']?kind[\"']?[ \t]*:[ \t]*[\"']?Secret\b")


def cued_runs(text: str) -> Iterator[tuple[int, str, bool]]:
    """(start, run, declared) of each base64 value of these shapes in `text` (see the module's docstring)."""
    strong = "::" in text or "64" in text or "atob" in text
    hint = len(text) >= 16 and _HINT.search(text) is not None
    if not strong and not hint:
        return
    seen: set[int] = set()
    if strong:
        for m in _DECLARED.finditer(text):
            g = next(i for i in range(1, 5) if m.group(i) is not None)
            seen.add(m.start(g))
            yield m.start(g), m.group(g), True
    if hint:
        secret = _SECRET.search(text) is not None
        for m in _KEYED.finditer(text):
            g = 1 if m.group(1) is not None else 2
            if m.start(g) not in seen:
                yield m.start(g), m.group(g), secret and g == 1
