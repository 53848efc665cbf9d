"""Leftover name shapes of the black-box attacks (nm42, issue 12): a placeholder inside an encoded run, two unlisted
words of a name's shape as a bare search's value or before a person's verb.

- **No placeholder inside a base64, hex or token run** (`whole_runs`, after every rule of the view): a PERSON span
  that starts or ends inside a run of base64's alphabet glued to a digit or `=` (`username: YWRtaW4=` read
  as `Customer name: Summer` is: `YWRtaW` before `4=`) is dropped where the run is an encoded value's (padded or a
  whole number of base64 quads with a digit, hex with a digit, a token's mixed case with a digit): a value is
  redacted whole (by the readers that decode it: file36, b6441) or not at all, never cut. `Kaleikini42` stays a
  name's.
- **The pair of two unlisted words** (`foreign_pair`; not yet read for a bare search's value, `?q=`: see nm42's report):
  `/search?q=Ikaika+Kahananui&page=2`: two capitalised words of letters only (3+ each), one at least that no list
  holds (no name, English or everyday word, place, firm, brand, tool, product ending), the other too or a listed
  name no common word (`nm40._whole_name`: `Kalani Keawe`), one at least of a name's open syllables
  (`Ka-ha-na-nu-i`, `Se-fa`: a consonant, then vowels, to its end). `q=Harry+Potter+books`, `q=New+York`,
  `q=python+asyncio`, `q=Grand+Canyon`, `q=Kubernetes+operator` stay.
- **Two unlisted words before a person's verb** (`verb_names`): `Sefa Lemalu will join the call`, `Kalea Palakiko
  joined`, `... is out today`: the same pair at a sentence's start or after a lower-case word, before `will
  join/attend/present`, `joined`, `is out/away/joining`, `said`, `wrote`, `called`. `Kafka Streams will join the
  cluster`, `Grafana Loki will replace Promtail` stay.

Each pass is gated by a substring test; pure functions, CPU only.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING

from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["foreign_pair", "whole_runs", "with_nm42"]

_SCORE = 0.85

# ---------------------------------------------------------------------------------------- encoded runs

_B64_CHAR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_GLUE = frozenset("0123456789=")  # (not `+`, `/`: separators too, EDIFACT's `FARAHANI:LEILA+12`)
_HEX = re.compile(r"[0-9A-Fa-f]{8,}")
_B64 = re.compile(r"(?=.{8})[A-Za-z0-9+/]+={0,2}")
# A name's word as written (`Dana`, `McKenzie`, `DANA`, `dana`): not a run's cut (`YWRtaW` of `YWRtaW4`)
_NAMEY = re.compile(r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)?|[A-Z]+")
_SWITCH = re.compile(r"[a-z][A-Z]")


def _encoded(run: str) -> bool:
    """Whether `run` (letters, digits, `+/=`) is an encoded value's: padded base64, whole base64 quads with a digit or
    `+`/`/`, hex with a digit, or a token's mixed case (two switches to a capital) with a digit."""
    digit = any(c.isdigit() for c in run)
    if _HEX.fullmatch(run) is not None and digit:
        return True
    mixed = any(c.islower() for c in run) and any(c.isupper() for c in run)
    if mixed and _B64.fullmatch(run) is not None and len(run) % 4 == 0 and (run.endswith("=") or digit or "+" in run
                                                                             or "/" in run):
        try:
            base64.b64decode(run, validate=True)
            return True
        except (binascii.Error, ValueError):
            pass
    return digit and len(run) >= 8 and len(_SWITCH.findall(run)) >= 2


def whole_runs(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON spans that cut an encoded run (see the module's docstring)."""
    cut = [r for r in found if r[0] == "PERSON" and _cuts(chunk, r[1], r[2])]
    return [r for r in found if r not in cut] if cut else found


def _cuts(chunk: str, a: int, b: int) -> bool:
    # (`=` glued after a span is padding; before it a key's, `q=Chidubem+Okonkwo`: only a digit glues there)
    if not (b < len(chunk) and chunk[b] in _GLUE or a > 0 and chunk[a - 1].isdigit()) or not chunk[a:b].isalpha():
        return False
    s, e = a, b
    while s > 0 and chunk[s - 1] in _B64_CHAR:
        s -= 1
    while e < len(chunk) and chunk[e] in _B64_CHAR:
        e += 1
    while e < len(chunk) and chunk[e] == "=" and e - b < 64:
        e += 1
    return (s, e) != (a, b) and (_encoded(chunk[s:e]) or _NAMEY.fullmatch(chunk[a:b]) is None)


# ------------------------------------------------------------------------------------------- name pairs

# Tools and models whose names are open syllables no list holds (`q=Velero+Kiali`, `Sora Luma`).
_TOOLS = frozenset("""
velero kiali koa sora veo luma suno krea hailuo doubao zhipu kona pago parca kimi qwen kyverno promtail multus spegel
litestar sanic rollouts keda dapr vitess tikv tidb kuma kuma karpenter
""".split())
# A name's open syllables: a consonant (or a pair that opens a syllable), then one to three vowels, to its end.
_OPEN = re.compile(r"[aeiou]{0,2}(?:(?:[bcdfghjklmnprstvwyz]|ng|ny|ts|ch|sh|th|kh|ph|dh|bh|mb|nd|nk|nt|kw|gb|hl)"
                   r"[aeiou]{1,3})+")
_WORD = re.compile(r"[A-Z][a-z]{2,24}")


def _open(word: str) -> bool:
    return len(word) >= 4 and _OPEN.fullmatch(word.lower()) is not None


def foreign_pair(words: list[str], names: NameLists, lex: Lexicon | None) -> bool:
    """Two capitalised words of letters only of a whole name (`nm40._whole_name`: one of no list, the other too or a
    listed name), no place, brand or tool, one at least of a name's open syllables (`Ikaika Kahananui`)."""
    from proxy.nlp.caps39 import _plain
    from proxy.nlp.nm40 import _whole_name

    return len(words) == 2 and all(_WORD.fullmatch(w) is not None and w.lower() not in _TOOLS
                                   and not _plain(w, names) for w in words) \
        and any(_open(w) for w in words) and _whole_name(words, names, lex)


_VERB = re.compile(
    r"(?<![\w'’.@/-])(?P<first>[A-Z][a-z]{2,24})[ \t\u00a0]+(?P<last>[A-Z][a-z]{2,24})[ \t\u00a0]+"
    r"(?:will[ \t]+(?:join|attend|present|call|lead|be[ \t]+(?:joining|out|away|off|late|presenting|attending))"
    r"|joined|has[ \t]+joined|is[ \t]+(?:out|away|off|joining|on[ \t]+leave|presenting|sick)|was[ \t]+(?:out|away|off)"
    r"|said|says|wrote|called|replied|emailed|mentioned|confirmed|asked|told)\b")
_BEFORE = re.compile(r"(?:^|[.!?:;\n(\"“,]|(?:^|[ \t])(?:[a-z][\w'’-]*|[A-Z]{2,5}|Also|Today|Yesterday|Tomorrow|Update"
                     r"|Note|So|And|But|Then|Now|Sadly|Unfortunately|Btw|Fyi|Ps))[ \t\u00a0]*\Z")
_GATE = ("will ", "joined", " is ", " was ", "said", "says", "wrote", "called", "replied", "emailed", "mentioned",
         "confirmed", "asked", "told")


def verb_names(chunk: str, names: NameLists, lex: Lexicon | None) -> list[tuple[int, int]]:
    """The two unlisted words of a name's shape before a person's verb (see the module's docstring)."""
    if not any(g in chunk for g in _GATE):
        return []
    out = []
    for m in _VERB.finditer(chunk):
        if _BEFORE.search(chunk, max(0, m.start() - 30), m.start()) is None:
            continue  # (a third capitalised word before it: a product's or a place's name)
        if foreign_pair([m.group("first"), m.group("last")], names, lex):
            out.append((m.start("first"), m.end("last")))
    return out


def with_nm42(chunk: str, found: list[Result], names: NameLists, lex: Lexicon | None) -> list[Result]:
    """`found` with the names of the module's docstring that nothing found covers, and no span cutting a run."""
    added = [(a, b) for a, b in verb_names(chunk, names, lex)
             if not any(r[1] < b and a < r[2] and not (a <= r[1] and r[2] <= b) for r in found)]
    if added:
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for a, b in added))] \
            + [("PERSON", a, b, _SCORE) for a, b in added]
    return whole_runs(chunk, found)
