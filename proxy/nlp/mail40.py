"""Spaced and spelled e-mail addresses on every country's domain; text smuggled in variation selectors (mail40).

- **Top-level domains** (atk40 F01): the view reads an address written with spaces around its `@` and dots
  (`ananya.iyer @ infosys-partners.in`, `chinedu . okafor @ lagosmed . ng`), spelled out (`alejandro.villanueva at
  grupoazteca dot mx`) or with only its `@` spelled (`jane.doe at acme.in`) only where it ends in a known top-level
  domain. That list (`MAIL_TLDS`, `proxy.nlp.normalize`) was some thirty names (`.com .de .co.uk .org`...): India's,
  Mexico's, Nigeria's, Singapore's, Portugal's... addresses went as written. It now holds every two-letter country
  code in use (IANA's root zone) and the generic names mail is commonly under (`.info .biz .health .tech .email`...).
  The view's readers look at the top-level domain (`tld_ok`): never one right before `(` or `[` (`x @ w.to(device)`,
  `y @ x.at[0]`: a matrix product, a method call), and a country code that is also a common file extension (`.py`,
  `.sh`, `.md`, `.rs`, `.mk`, `.so`...), or spelled out one that is also an English word (`dot no`, `dot in`, `dot
  to`), only after a mailbox of two parts (`jane.doe @ ...`, `ola dot hansen at ...`) or under a second-level name
  (`acme.com.py`): `main @ setup.py`, `build @ script.sh`, `buy at market dot no limit` go as written. A top-level
  name in mixed case (`q @ k.mT`), or a one-letter mailbox before a one-letter name (`a @ b.in`), is a matrix
  product.
- **Variation selectors** (atk40 F05, "emoji smuggling"): each byte of a text written as one variation selector
  (U+FE00..FE0F for bytes 0-15, U+E0100..E01EF for 16-255) after an emoji: invisible when rendered, read by a model
  that is told to decode it. A run of 4 or more selectors (`vs_runs`) is read as the UTF-8 text it spells, one edit
  per character (the first pass of the view, beside the tag characters: `proxy.nlp.normalize._tags`), so a value
  spelled in it is found and its redaction replaces exactly its selectors. One selector after a character (an emoji's
  VS16, `❤️`; an ideographic variant) is left as written.
- **Streamed answers**: a window does not end right after a spaced dot (`ifeoma . ` | `eze @ ...`, `dot_open`) until
  48 characters after it are known (a sentence's full stop has no space before it).

Pure functions, CPU only; each is gated by a cheap test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["MAIL_TLDS", "dot_open", "smuggled_decoded", "tld_ok", "vs_runs"]

# Every two-letter country code delegated in the root zone (IANA), `.uk` and `.eu` included.
_CC = """
ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs bt bw by bz
ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr
ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp
ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu
mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw
sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz
ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
""".split()
# Generic top-level domains mail is commonly under (the original ones, and the new names of companies, clinics,
# firms and shops).
_GENERIC = """
com net org edu gov mil int info biz mobi asia tel travel jobs aero coop museum xyz app dev online site tech store
shop club health email cloud digital agency solutions company media blog law legal bank insurance clinic dental
academy consulting partners finance capital ventures studio services global website
""".split()
# Country codes that are also common file extensions: an address there needs a person-shaped mailbox or a
# second-level name (`tld_ok`).
_FILE_LIKE = frozenset("py sh md rs pm mk am ac so ps cc tf ml sc sv mm gs ms do la st vc".split())
# Country codes that are also English words: spelled out (`... dot no`), an address there needs a mailbox of two
# parts or more or a second-level name (`buy at market dot no limit` is a sentence).
_WORD_LIKE = frozenset("in no is me to so my am as do go by id".split())
_LOCAL_PARTS = re.compile(r"[ \t]*[._-][ \t]*|[ \t]+[^\W\d_]+[ \t]+")


def _alternation() -> str:
    """`MAIL_TLDS` as one regex alternation: the generic names longest first, the country codes by first letter."""
    by_first: dict[str, list[str]] = {}
    for cc in sorted(set(_CC)):
        by_first.setdefault(cc[0], []).append(cc[1])
    generic = sorted({g for g in _GENERIC if len(g) > 2}, key=lambda g: (-len(g), g))
    return "|".join((*generic, *(f"{a}[{''.join(bs)}]" for a, bs in sorted(by_first.items()))))


MAIL_TLDS = _alternation()
_TLDS = frozenset(_CC) | frozenset(_GENERIC)
_SPLIT = re.compile(r"[ \t]*\.[ \t]*|[ \t]+[^\W\d_]+[ \t]+")


def tld_ok(local: str, domain: str, text: str, end: int, spelled: bool = False) -> bool:
    """Whether an address the view reads (mailbox `local`, `domain` as written, spaces and spelled dots included,
    ending at `end` of `text`) may end in its top-level domain: never right before `(` or `[` (a method call, an
    index), and a file-extension-like country code only after a person-shaped mailbox or under a second-level
    name."""
    if text[end:end + 1] in ("(", "["):
        return False
    labels = _SPLIT.split(domain.strip())
    tld, local = labels[-1], local.strip()
    if not (tld.islower() or tld.isupper() or tld.istitle()) or len(local) == 1 and len(labels[0]) == 1:
        return False  # (`q @ k.mT`, `a @ b.Is`: a product of matrices)
    end_dot = _SENTENCE_END.search(domain)
    if end_dot is not None and (not tld.isupper() and tld.istitle() or end_dot.group(1).lower() in _TLDS):
        return False  # (`mara.lin@example.org. Be brief.`, `jane@acme.com. in the morning`: a full stop, then a word)
    if tld.lower() not in _FILE_LIKE and not (spelled and tld.lower() in _WORD_LIKE):
        return True
    return len(labels) >= 3 or len(_LOCAL_PARTS.split(local)) >= 2


# A dot right after a label's last letter and a space after it, then the last label (`example.org. Be`): a sentence's
# full stop when that label is capitalised or the label before the dot is a top-level domain already (`acme.com. in`).
_SENTENCE_END = re.compile(r"([^\W_]+)\.[ \t]+[^\W\d_]+[ \t]*\Z")


# A dot with a space before it after a letter or a digit (`ifeoma . `, `warszawa . `): an address's spaced dot, not a
# sentence's end (a sentence's full stop has no space before it).
_SPACED_DOT = re.compile(r"[A-Za-z0-9][ \t]+\.[ \t]*\Z")


def dot_open(left: str, right: str) -> bool:
    """Whether a stream window may not end between `left` and `right` (what is known after the cut): right after a
    spaced dot (`_SPACED_DOT`) while no line break is known after it (`chinedu . ` then `okafor @ lagosmed . ng`:
    the window waits until more is known, `proxy.guard.windows.may_cut`)."""
    return "." in left[-4:] and _SPACED_DOT.search(left, max(0, len(left) - 12)) is not None and "\n" not in right


# --------------------------------------------------------------------------------------- variation selectors
_VS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{4,}")


def _byte(ch: str) -> int:
    o = ord(ch)
    return o - 0xFE00 if o <= 0xFE0F else o - 0xE0100 + 16


def vs_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """Edits (start, end, character) that read each run of 4 or more variation selectors as the UTF-8 text its
    bytes spell, one edit per character (over that character's selectors); a byte that starts no character, and
    a control character, spell nothing (""): what a model decoding the run would read."""
    if text.isascii():
        return
    for m in _VS.finditer(text):
        data = bytes(_byte(ch) for ch in m.group())
        pos, at = 0, m.start()
        while pos < len(data):
            b = data[pos]
            size = 1 if b < 0x80 else 2 if 0xC0 <= b < 0xE0 else 3 if 0xE0 <= b < 0xF0 else 4 if 0xF0 <= b < 0xF8 else 1
            try:
                ch = data[pos:pos + size].decode("utf-8")
            except UnicodeDecodeError:
                ch, size = "", 1
            if ch and (ch.isprintable() or ch in "\n\t"):
                yield at + pos, at + pos + size, ch
            else:
                yield at + pos, at + pos + size, ""
            pos += size


_TAG_CHARS = re.compile("[\U000e0020-\U000e007e]")


def smuggled_decoded(text: str) -> tuple[str, list[int]] | None:
    """`text` with its runs of variation selectors (`vs_runs`) and its tag characters read as what they spell, and
    per character of the result the offset in `text` where it starts (`proxy.nlp.fields24.applied`): what the rules
    read (`fields24.through_escapes`: a phone number spelled in selectors is a number to them, not invisible
    characters); None where there is none."""
    if text.isascii() or "\ufe00" > max(text):
        return None
    from proxy.nlp.fields24 import applied

    edits = sorted([*vs_runs(text), *((m.start(), m.end(), chr(ord(m.group()) - 0xE0000))
                                      for m in _TAG_CHARS.finditer(text))])
    return applied(text, edits) if edits else None
