"""PII analysis off the event loop, cached per text: the proxy's side of Presidio.

`PiiAnalyzer.analyze(texts, entities)` returns, per text, every span Presidio (plus our
recognizers, see `proxy.nlp.recognizers`) finds for those entity types in the text's normalised view
(`proxy.nlp.normalize`: invisible characters, full-width forms, escapes, `[at]`, separators inside
numbers), in the offsets of the text as sent, with scores: the analysis is
policy-independent (thresholds, allow-lists and actions are applied by the pipeline), so it is
cached per text (sha256 of the text and the entity set -> spans; a bounded LRU that holds no text).
Chat clients resend the whole conversation every turn: only the new message is analysed.

Presidio holds the GIL for most of its run time, so analysis runs in worker processes
(`executor="process"`, the default: the event loop never waits on it and two workers use both
cores); `"thread"` runs it in one thread of this process, `"inline"` in the caller (CLI, benchmarks).
Texts longer than `chunk_chars` are cut at sentence or line ends (anywhere in a one-line list or compact
JSON), a piece after a cut that is no sentence's end reading the last `OVERLAP` characters before it again; pieces
are bundled into slices of about `chunk_chars` that the workers take one at a time from per-team queues
(`proxy.nlp.pool`): a huge text from one team never holds the workers while another team's short text waits, and
a slice past `slice_timeout_s` gets its worker recycled.
Presidio is imported only in the workers (or on first inline use), never at `import proxy.*`: what this
module shares with the engines (`proxy.nlp.presidio`) is in `proxy.nlp.pii_types`.
"""

from __future__ import annotations

import asyncio
import bisect
import concurrent.futures
import functools
import hashlib
import re
import struct
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from proxy.nlp import warm33
from proxy.nlp.b6446 import whole46  # encoded46's runs whole, a URL's host kept, octal IPv4 (b6446)
from proxy.nlp.cjk33 import cjk_trimmed, cjk_widened  # Latin names in CJK text (cjk33)
from proxy.nlp.enc41 import jis_whole  # a span in an ISO-2022-JP QP body on its JIS run's escapes (enc41)
from proxy.nlp.enc42 import encoded_whole  # a value in a base64/base32/Ascii85/hex run: the whole run (enc42)
from proxy.nlp.fair49 import slice_chars  # a big job in smaller slices (fair49)
from proxy.nlp.hub import RemotePool
from proxy.nlp.lft43 import with_lft43  # AAMVA barcode data, a bare search's name (lft43)
from proxy.nlp.normalize import (
    escape_spans,
    has_tags,
    links_in,
    normalize,
    squeezed,
    structure_spaced,
    styled_joints,
    uncommented,
    unhidden,
    url_regions,
)
from proxy.nlp.pii_types import (
    DEFAULT_SPACY_MODEL,
    NER_ENTITIES,
    PiiUnavailable,
    Result,
    missing_model_message,
    model_installed,
)
from proxy.nlp.pool import PoolError, WorkerPool
from proxy.nlp.rend45 import joined_names, joined_only  # names split by markup the readings lay out (rend45)
from proxy.nlp.spaced39 import spaced_hint  # (spaced39)

if TYPE_CHECKING:  # the engines module imports Presidio: only the workers import it, when they start
    from proxy.nlp.names import NameLists
    from proxy.nlp.presidio import Engines

Executor = Literal["process", "thread", "inline"]

__all__ = [
    "DEFAULT_SPACY_MODEL", "Executor", "PiiAnalyzer", "PiiUnavailable", "Span", "missing_model_message",
    "model_installed", "split_text",
]


@dataclass(frozen=True, slots=True)
class Span:
    """One finding: entity type, character offsets, Presidio score."""

    entity: str
    start: int
    end: int
    score: float


_LEN = struct.Struct("<I")
_SPAN = struct.Struct("<iid")
_NAME = struct.Struct("<Id")


def _mention_key(text: str, own: Sequence[Span], names: Sequence[tuple[str, float]]) -> bytes:
    """The cache key of one cross-text job (`PiiAnalyzer.mentions`): a digest of the text, its PERSON spans (the only
    ones the job reads) and the names carried to it, each part length-prefixed (no two jobs share an encoding).
    Packed, not `repr`'d: a turn builds one per earlier text, cached or not (speed33: ~3x cheaper)."""
    parts = [b"", text.encode("utf-8", "surrogatepass")]
    parts[0] = _LEN.pack(len(parts[1]))
    people = [s for s in own if s.entity == "PERSON"]
    parts.append(_LEN.pack(len(people)))
    parts.extend(_SPAN.pack(s.start, s.end, s.score) for s in people)
    parts.append(_LEN.pack(len(names)))
    for name, score in names:
        encoded = name.encode("utf-8", "surrogatepass")
        parts.append(_NAME.pack(len(encoded), score))
        parts.append(encoded)
    return hashlib.sha256(b"".join(parts)).digest()[:20]


# --------------------------------------------------------------------------- worker side

_ENGINES: dict[str, Engines] = {}  # spaCy model -> its engines, built once per process
_ENGINES_LOCK = threading.Lock()


def _engines(spacy_model: str) -> Engines:
    with _ENGINES_LOCK:
        if spacy_model not in _ENGINES:
            if not model_installed(spacy_model):  # fail before paying for the Presidio import
                raise PiiUnavailable(missing_model_message(spacy_model))
            # Here, not at the top: importing Presidio takes seconds and ~300 MB, paid by workers only.
            from proxy.nlp.presidio import build_engines

            _ENGINES[spacy_model] = build_engines(spacy_model)
        return _ENGINES[spacy_model]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _analyze_view(engines: Engines, chunk: str, entities: list[str]) -> list[Result]:
    """Analyse the normalised view of `chunk` (`proxy.nlp.normalize`); spans in the chunk's own offsets."""
    # (typed by a key before the rules read them: a number after `#` is a ticket's to them, `social security #...` an
    # SSN)
    from proxy.nlp.fields24 import through_escapes  # the rules read `\u00e9` as `é` (fields24)

    found = through_escapes(chunk, _typed_by_key(chunk, _analyze_normalised(engines, chunk, entities), entities),
                            lambda text, spans: _filtered(engines, text, spans, entities))
    if "IP_ADDRESS" in entities and "ip" in chunk.lower():  # an address as its four octets after an IP key (contact22)
        from proxy.nlp.ip_octets import with_octet_addresses

        found = with_octet_addresses(chunk, found)
    if "IP_ADDRESS" in entities:  # an address written into a host name, tcpdump's address.port (host27)
        from proxy.nlp.host27 import with_host_addresses

        found = with_host_addresses(chunk, found)
    if "PHONE_NUMBER" in entities and ("area" in (low := chunk.lower()) or "prefix" in low or "vorwahl" in low
                                       or "indicatif" in low):  # `Area code 617, number 5550143.` (cue28, tone40)
        from proxy.nlp.cue28 import with_split_phones

        found = with_split_phones(chunk, found)
    if "PHONE_NUMBER" in entities:  # `Teléfono: 612345678`, `Mon portable : 0612345678`, `Name;Handy` (intl29)
        from proxy.nlp.intl29 import with_national_phones

        found = with_national_phones(chunk, found)
    if "PHONE_NUMBER" in entities:  # `ফোন: 01712345678`, `ෆෝන්:`, `Утас:`, `Port. : 06 12 34 56 78` (intl41)
        from proxy.nlp.intl41 import with_label_phones

        found = with_label_phones(chunk, found)
    if "PHONE_NUMBER" in entities:  # `Mon portable c'est 0612345678`, `Nomor HP saya ...`, `hit me up ...` (mob46)
        from proxy.nlp.mob46 import with_mob46_phones

        found = with_mob46_phones(chunk, found)
    if "PERSON" in entities:  # names as profile slugs, @-handles, Mac host names (fp31, atk30 F28, F31)
        from proxy.nlp.everyday16 import lexicon_of
        from proxy.nlp.fp31 import with_slug_names

        found = with_slug_names(chunk, found, lexicon_of(engines))
    if "PERSON" in entities:  # a name spelled out letter by letter beside it or its name word (spell28)
        from proxy.nlp.spell28 import with_spelled_names

        found = with_spelled_names(chunk, found, entities)
    if "*" in chunk or "+" in chunk or ":5" in chunk or "ISA" in chunk:  # X12, EDIFACT, MT103 (edi31; `ISA|`: left31)
        from proxy.nlp.edi31 import with_edi31

        found = with_edi31(chunk, found, entities, engines.names)
    if "US_SSN" in entities:  # an SSN after a label that carries one (misc37, atk37 F05: `Medicare HICN`, `W-2 box a`)
        from proxy.nlp.misc37 import with_misc37

        found = with_misc37(chunk, found)
    if "NAME" in chunk or "GIVN" in chunk or "SURN" in chunk or "NICK" in chunk or "//" in chunk or "@@" in chunk \
            or "DOCS" in chunk:
        from proxy.nlp.gen32 import with_gen32  # GEDCOM names, GDS-form e-mails (gen32, atk31 F1, F2)

        found = with_gen32(chunk, found, entities)
    if "PCTC" in chunk:
        from proxy.nlp.gds34 import with_gds34  # IATA emergency contact names (gds34, atk33 F07)

        found = with_gds34(chunk, found, entities)
    if "PERSON" in entities or "PHONE_NUMBER" in entities or "US_SSN" in entities:  # names in capitals (caps31)
        from proxy.nlp.caps31 import with_caps31
        from proxy.nlp.everyday16 import lexicon_of

        found = with_caps31(chunk, found, entities, engines.names, lexicon_of(engines))
        from proxy.nlp.fp47 import without_fp47_labels  # (fp47: `NAT: translates ...` beside `DHCP: gives ...`)
        found = without_fp47_labels(chunk, found, engines.names)
    if "PERSON" in entities and ("\nP" in chunk or chunk[:1] == "P" or ":86:" in chunk or "Nm>" in chunk
                                 or "CTA+" in chunk or "NAD+" in chunk):  # QIF, MT940, CAMT, EDIFACT (bank33)
        from proxy.nlp.bank33 import with_bank33
        from proxy.nlp.everyday16 import lexicon_of

        found = with_bank33(chunk, found, engines.names, lexicon_of(engines))
    from proxy.nlp.fp32 import without32  # (fp32: `原因` no name, `Case 24-1187  09:15`, `Payments, North America`)

    found = without32(chunk, found, engines.names)
    from proxy.nlp.fp33 import without33  # (fp33: `the Dean of Engineering`, `Room Austin`, `INV 2026 0042 1187`)

    found = without33(chunk, found, engines.names)
    from proxy.nlp.fp35 import without35  # (fp35: `Set up Hudson to`, `The Northwind Team`, `sensor 101 204 3345`)

    found = without35(chunk, found, engines.names, entities)
    from proxy.nlp.tone40 import without_tone40  # (tone40: `Kenya: 0712 345678`, `Mein Handy: 0171 ...`)

    found = without_tone40(chunk, found, engines.names)
    if "PERSON" in entities:  # names in frames of a person's name alone (town37, atk36 F11, F02, F03)
        from proxy.nlp.everyday16 import lexicon_of
        from proxy.nlp.town37 import town37

        found = town37(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.intl37 import with_intl37  # (intl37, atk37 F04, F09: `Алексей Николаевич Морозов`, `Jānim`)

        found = with_intl37(chunk, found, engines.names)
        from proxy.nlp.fp37b import without37b  # (fp37b: `Müşteri`, `sang gói`, `Khai đã`, `<td>Finance</td>`)

        found = without37b(chunk, found, engines.names)
        from proxy.nlp.html38 import with_html38  # (html38, atk37 F12: `<span class="family-name">`, `<input value>`)

        found = with_html38(chunk, found, engines.names)
        from proxy.nlp.ocr38 import with_ocr38  # (atk37 F20: `Theodora Aber-\nnathy`, hyphenated over a line)

        found = with_ocr38(chunk, found)
    if "PERSON" in entities or "EMAIL_ADDRESS" in entities:  # (nato39, atk38 F09: `November Alfa Kilo Alfa ...`)
        from proxy.nlp.nato39 import with_nato39

        found = with_nato39(chunk, found, entities)
    if "PHONE_NUMBER" in entities:  # `0033 6 12 34 56 78`, `(0 30) 1 23 45 67`, SMS `to`; no card after `+` (phone39)
        from proxy.nlp.phone39 import with_phone39

        found = with_phone39(chunk, found)
    if "PERSON" in entities:  # (nm40: `Approved by Okonkwo.`, `?q=Chinwe+Okafor`, `username: okonkwo_c`, JSON rows)
        from proxy.nlp.everyday16 import lexicon_of
        from proxy.nlp.nm40 import with_nm40

        found = with_nm40(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.nm42 import with_nm42  # (nm42: `Sefa Lemalu will join`, `username: YWRtaW4=` never cut)

        found = with_nm42(chunk, found, engines.names, lexicon_of(engines))
    if ".0" in chunk or "/o=" in chunk or "/O=" in chunk or "04" in chunk:  # `at 10.20.0.0`, `/o=Contoso` (num40)
        from proxy.nlp.num40 import without_num40

        found = without_num40(chunk, found)
    if "PHONE_NUMBER" in entities or "PERSON" in entities:  # `HS code 8471.30.0100`, `Green Tea 4006381333931`
        from proxy.nlp.num42 import without_num42  # (num42)

        found = without_num42(chunk, found)
    if spaced_hint(chunk):  # letter-spaced text read again with its words joined (spaced39, atk38 F04)
        from proxy.nlp.spaced39 import with_spaced39

        found = with_spaced39(chunk, found, lambda text: _analyze_view(engines, text, entities))
    from proxy.nlp.join42 import with_join42  # (join42, atk42 F04, F05, F08: e-mails, IBANs, cards, SSNs in parts)

    found = with_join42(chunk, found, entities)
    from proxy.nlp.iban44 import with_iban44  # (atk43 F01, F16, F20, F21: `FR76 30006 ...`, `SSN: 536,904,399`)

    found = with_iban44(chunk, found, entities, lambda text: _analyze_view(engines, text, entities))
    if "IP_ADDRESS" in entities:  # `IP is 169090600`, `0x0A141E28`, `10.1318440`, `203-0-113-7` after IP (misc45)
        from proxy.nlp.misc45 import with_ip_forms

        found = with_ip_forms(chunk, found)
    found = found + _linked_names(engines, chunk, entities, found)
    if not chunk.isascii():  # Yoruba/Igbo names; a span ends after its last letter's combining marks (tone40)
        from proxy.nlp.tone40 import with_tone40, with_tone40_names

        found = with_tone40(chunk, with_tone40_names(chunk, found, engines.names) if "PERSON" in entities else found)
    from proxy.nlp.fp46 import split_literal_parts  # (fp46: `VALUES (617, 555, '0143')`: each part, quotes kept)
    return split_literal_parts(chunk, found)


def _linked_names(engines: Engines, chunk: str, entities: list[str], found: list[Result]) -> list[Result]:
    """A name split across links (`[Maria](#a) [Schmidt](#b)`, `[Mar](#)[ia Schmidt](#)`, Slack, Jira, MediaWiki,
    Org, AsciiDoc and reST links: issue 12, linkview15) displays whole: the second reading (`uncommented`), spaced
    as the first is (`structure_spaced`), read by the NER model too, only where `chunk` has a link with text (one
    more spaCy pass for such a text alone). What it finds is read by the rules in that reading, where no link's
    target stands beside a name (`_filtered`: a URL's words are none), then mapped back over the link syntax, each
    span whole (one placeholder for `[Maria](#a) [Schmidt](#b)`, as for `Maria Schmidt`). Only a span with a link in
    it counts: words written as they are the first reading has read (the link syntax around them only changes the
    model's context: `Aurora` after linked words, a word no name, went up as sent before and still does)."""
    names = [e for e in entities if e in NER_ENTITIES]
    if not names or not links_in(chunk):
        return []
    bare = uncommented(chunk)
    if bare is None:
        return []
    spaced = structure_spaced(bare)
    text = spaced.text
    people = _filtered(engines, text, _named_parts(text, engines.analyze(_LONE_SURROGATE.sub("\ufffd", text), names)),
                       names)
    seen = set(found)
    out: list[Result] = []
    for entity, start, end, score in people:
        r = (entity, *spaced.span(start, end), score)
        if chunk[r[1]:r[2]] == text[start:end]:
            continue  # no link in it: the first reading read those words as they are (`Aurora` after linked words)
        if r not in seen and r not in out:
            out.append(r)
    return out


# A key or a label that names the type of the value right after it (`{"ssn": "123-45-6789"}`, `SSN: 123-45-6789`,
# `ssn=...`, `social_security_number: ...`, `card_number: ...`, `IBAN = ...`, `My SSN is ...`; issue 12,
# linkview15): a value found as another type (Presidio takes a sample SSN, `123-45-6789`, `078-05-1120`, for none, and
# the phone recognizer reads its groups; a card's or an IBAN's digits read as a phone number) is typed by the key
# where the whole value has the named type's shape, so `per_entity: {US_SSN: block}` blocks it and the record counts
# an SSN. The key's word (`SSN`, `S.S.N.`, `social security`, a camelCase or snake_case key's word: `customerSsn`,
# `ssnValue`, `ssn_last`, `primaryCardNumber`, `ibanCode`), its `number`/`no`/`#`, then what leads to the value
# (atk17 L1): `:`, `=`, `#`, `->`, `=>`, a spaced dash, `is`/`was`, a possessive (`SSN's 123-45-6789`), a remark in
# brackets or a few words before them (`SSN (on file): ...`, `The SSN on the form was ...`), quotes, an array's
# bracket (each of its values: `{"ssn": ["123-45-6789", ...]}`), or markup alone (`<SSN>...`,
# `<th>SSN</th></tr><tr><td>...`). Words that name another value (`ssn_phone`, `SSN or phone:`) type nothing.
_TYPING_SEP = r"(?:->|=>|:=|[:=#>\u2192\u21d2]|\b(?:is|was|are|were)\b|(?<=\s)[-\u2013\u2014](?=\s))"
_KEY_TAIL = (r"(?:[\s_-]*(?:numbers?|nos?\.?|nr|num|#|id|code)(?![a-z]))?"
             r"(?P<rest>(?>(?:(?-i:[A-Z][a-z0-9]*)|[_-][A-Za-z][A-Za-z0-9]*)*))"  # a key's rest: ssnValue, ssn_last
             r"(?P<poss>['\u2019]s\b)?"
             r"(?P<words>[ \t]*\([^()\n]{1,40}\)|(?:[ \t]+[A-Za-z]{1,12}){1,4}?)?"
             r"[\"'\u201d\u2019]?[ \t]*"
             rf"(?:(?:{_TYPING_SEP}[ \t]*){{1,2}}(?:\n[ \t]*)?"  # `:`, `is`, `->`, ...
             r"|(?:</?[A-Za-z][^<>\n]{0,60}>\s*){1,8}"  # markup alone: `<SSN>`, `<th>SSN</th></tr><tr><td>`
             r"|(?(poss)|(?!)))"  # nothing after a possessive: `SSN's 123-45-6789`
             r"(?P<open>\[\s*)?[\"'\u201c\u2018]?")
_KEY_START = r"(?:(?<![^\W_])|(?-i:(?<=[a-z0-9])(?=[A-Z])))"
_TYPING_KEYS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("US_SSN", re.compile(r"(?i)" + _KEY_START + r"(?:ssns?|s\.s\.n\.?|social[\s_-]*security|soc\.?[\s_-]*sec\.?)"
                          + _KEY_TAIL),
     re.compile(r"\d{3}([- .]?)\d{2}\1\d{4}")),
    ("CREDIT_CARD", re.compile(r"(?i)" + _KEY_START + r"(?:(?:credit|debit)[\s_-]*card|card|cc|pan|creditcard"
                               r"|cardnumber|ccnum)" + _KEY_TAIL),
     re.compile(r"\d{4}(?:([- .]?)\d{4}(?:\1\d{4}){1,2}(?:\1\d{1,3})?|[- ]?\d{6}[- ]?\d{5}|\d{9,15})")),
    ("IBAN_CODE", re.compile(r"(?i)" + _KEY_START + r"iban" + _KEY_TAIL),
     re.compile(r"[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)")),
)
_TYPING_HINT = re.compile(r"(?i)ssn|s\.s\.n|soc|card|cc|pan|iban")
# Words in a key or between a label and a value that say the value is another one (`ssn_phone`, `SSN or phone:`).
_OTHER_VALUE_WORDS = frozenset({"and", "or", "nor", "but", "phone", "phones", "telephone", "tel", "mobile", "cell",
                                "cellphone", "fax", "whatsapp", "msisdn", "landline", "email", "mail", "e"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_NEXT_ELEMENT = re.compile(r"""["'\u201d\u2019]?\s*,\s*["'\u201c\u2018]?""")
MAX_TYPED_ELEMENTS = 100  # values of one array under a typing key


def _typed_by_key(chunk: str, found: list[Result], entities: Sequence[str]) -> list[Result]:
    """`found` with a value right after a key or a label that names its type (`_TYPING_KEYS`) typed by the key: the
    findings inside the value (none reaching past it) become one of the named type over the whole value, at least
    the score a context word gives (0.85); under a key over an array, each of the array's values. A value nothing
    was found in stays as it is."""
    if not found or _TYPING_HINT.search(chunk) is None:
        return found
    columns = _columns(chunk)
    for named, key, shape in _TYPING_KEYS:
        if named not in entities:
            continue
        for k in key.finditer(chunk):
            between = f"{k.group('rest')} {k.group('words') or ''}"
            if any(w.lower() in _OTHER_VALUE_WORDS for w in _WORD.findall(between)):
                continue
            pos = k.end()
            for _ in range(MAX_TYPED_ELEMENTS if k.group("open") else 1):
                v = shape.match(chunk, pos)
                if v is None or chunk[v.end():v.end() + 1].isalnum():
                    break
                if not _other_column(columns, named, *v.span()):  # (`<th>Phone</th><th>SSN</th>...<td>V`: Phone's)
                    found = _typed(found, named, *v.span())
                step = _NEXT_ELEMENT.match(chunk, v.end())
                if step is None:
                    break
                pos = step.end()
    return _typed_by_column(chunk, found, entities, columns)


def _columns(chunk: str) -> list[tuple[int, int, str]]:
    """The cells of `chunk`'s HTML rows under a header row of several cells (`proxy.nlp.htmlrows.header_cells`)."""
    if "</" not in chunk:
        return []
    from proxy.nlp.htmlrows import header_cells

    return header_cells(chunk)


def _names(header: str, named: str, key: re.Pattern[str]) -> bool:
    """Whether a column's `header` names type `named` as its key does (`_TYPING_KEYS`: read as a whole), no word of
    it naming another value."""
    k = key.match(header + ":")
    return k is not None and k.end() > len(header) \
        and not any(w.lower() in _OTHER_VALUE_WORDS for w in _WORD.findall(header))


def _other_column(columns: list[tuple[int, int, str]], named: str, a: int, b: int) -> bool:
    """Whether [a, b) is in a cell of `columns` whose header does not name `named`: a label before the header row
    names another column's values (`<th>Phone</th><th>SSN</th></tr><tr><td>123-45-6789</td>`: Phone's)."""
    keys = {n: key for n, key, _ in _TYPING_KEYS}
    return any(c <= a and b <= d and not _names(header, named, keys[named]) for c, d, header in columns)


def _typed_by_column(chunk: str, found: list[Result], entities: Sequence[str],
                     columns: list[tuple[int, int, str]]) -> list[Result]:
    """`found` with each value of an HTML row under a header row of several cells typed by its column's header, as
    `_typed_by_key` types a value after a one-column header (`proxy.nlp.htmlrows`: `<tr><th>SSN</th><th>Phone</th>
    </tr><tr><td>123-45-6789</td>...` with no `<table>`, `<div class="row"><span>SSN</span>...`): a header the
    type's key reads as a whole (`_TYPING_KEYS`, no word naming another value), a cell of the type's shape: the
    findings inside the cell become one of the type over it; one reaching past the cell (read across the markup
    into the next cell) stays as it is, beside it."""
    for a, b, header in columns:
        for named, key, shape in _TYPING_KEYS:
            if named in entities and _names(header, named, key) and shape.fullmatch(chunk, a, b) is not None:
                inside = [r for r in found if a <= r[1] and r[2] <= b]
                if any(r[0] != named for r in inside):  # (a reading across cells stays beside it)
                    score = max([0.85, *(r[3] for r in inside)])
                    found = [r for r in found if r not in inside] + [(named, a, b, score)]
    return found


def _typed(found: list[Result], named: str, a: int, b: int) -> list[Result]:
    """`found` with the findings inside [a, b) one of type `named` over it, where one is of another type and none
    reaches past it."""
    over = [r for r in found if r[1] < b and a < r[2]]
    if not any(r[0] != named for r in over) or any(r[1] < a or r[2] > b for r in over):
        return found  # (nothing found in it, or typed so already; or a finding reaches past it: left alone)
    score = max([0.85, *(r[3] for r in over)])
    return [r for r in found if not (r[1] < b and a < r[2])] + [(named, a, b, score)]


def _filtered(engines: Engines, chunk: str, found: list[Result], entities: list[str]) -> list[Result]:
    """`found` (spans of `chunk`) without what the rules below read as no value in `chunk`."""
    # (proxy.nlp.paths imports Presidio: the engines have already)
    from proxy.nlp.addressed import without_forms_of_address
    from proxy.nlp.everyday16 import lexicon_of
    from proxy.nlp.paths import file_title_words, path_names_first, without_extension

    found = without_extension(chunk, _names_within_words(chunk, found))
    if "PERSON" in entities:
        from proxy.nlp.everyday25 import trimmed25  # (fp25: `die Rechnung an Hans Koch` to `Hans Koch`)

        found = trimmed25(chunk, found, engines.names)
        found = path_names_first(engines.names, chunk, found)
        lex = lexicon_of(engines)
        found = file_title_words(engines.names, chunk, found, (lex.nouns, lex.adjectives))
        found = without_forms_of_address(chunk, found, engines.names)
        found = _plus_names(engines, chunk, _keyed_name_parts(engines, chunk, _name_part_cells(chunk, found)))
        found = _keyed_people(engines, chunk, found)
        found = _row_names(engines, chunk, found)
        if "," in chunk or ";" in chunk:  # a CSV's person column (tbl33)
            from proxy.nlp.tbl33 import people_cells

            found = found + [("PERSON", a, b, 0.85) for a, b in people_cells(chunk, engines.names)
                             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
        from proxy.nlp.sql31 import names as sql_names  # a dump's rows by their columns (sql31)

        found = sql_names(engines.names, chunk, found)
        from proxy.nlp.conc33 import conc_names  # DAT load files' and sqlite rows' person cells (conc33)

        found = conc_names(engines.names, chunk, found)
    found = _not_technical(chunk, _not_in_doi(chunk, found))
    found = _not_in_zone(chunk, found)
    found = _not_in_table_column(chunk, found)
    found = _not_in_region(chunk, found)
    found = _not_url_words(engines, chunk, found)
    found = _not_plain(engines, chunk, found)
    from proxy.nlp.fp36 import computed_numbers  # (atk35 FP03: `F(45) is 1134903170`)

    found = computed_numbers(chunk, found)
    from proxy.nlp.fp37 import arithmetic_numbers  # (atk36 FP01: `with thousands separators: 98765432101`)

    found = arithmetic_numbers(chunk, found)
    if "PHONE_NUMBER" in entities or "US_SSN" in entities or "EMAIL_ADDRESS" in entities:  # (voice38, atk37 F03:
        # `Caller: six one seven, five five five, ...`, `K O W A L S K I at gmail`)
        from proxy.nlp.voice38 import with_voice38

        found = with_voice38(chunk, found, entities)
    if {"CREDIT_CARD", "IBAN_CODE", "EMAIL_ADDRESS"} & set(entities):  # (spoken39, atk39 F13: cards, IBANs read out)
        from proxy.nlp.spoken39 import with_spoken39

        found = with_spoken39(chunk, found, entities)
    if "EMAIL_ADDRESS" in entities:
        from proxy.nlp.phone37 import upi_handles  # (atk37 F21: `9820144573@ybl`, `rajesh.sharma@okaxis`)

        found = upi_handles(chunk, found)
    if "PERSON" in entities:
        from proxy.nlp.phone37 import contact_surnames  # (left38: `Faure (0612345678)`, `Sharma (9820144573)`)

        found = contact_surnames(chunk, found)
    if "PERSON" in entities:  # a person's cue beats the word lists (`Mrs. White`, `Dear Bill`: atk18 H1, H2)
        found = _cued(engines, chunk, found)
    # again after the echoes: a name's word in a place's cell is the place (`8,Austin Reed,Austin` under `city`)
    found = _not_in_table_column(chunk, _name_echoes(engines, chunk, found))
    if "PERSON" in entities:  # a found name's word in a fixed phrase is the word (fp22: `Baker Street`, `Im Winter`)
        from proxy.nlp.comma_names import comma_given  # `Patient: SMITH, JOHN A`
        from proxy.nlp.everyday22 import without_echoes22

        found = without_echoes22(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.names26 import folded, romanised_compound, vietnamese_given  # `GARCÍA, JOSÉ` (atk25)

        found = folded(chunk, _hl7_names(chunk, found), lambda c, f: comma_given(c, f, engines.names))
        from proxy.nlp.fields24 import comma_names, first_last_text  # `WHITE, BILL R`, `{"first": "Bill", ...}`

        found = folded(chunk, first_last_text(engines.names, chunk, found),
                       lambda c, f: comma_names(engines.names, c, f))
        found = romanised_compound(chunk, vietnamese_given(chunk, found))  # `Shangguan Wan'er` (atk25 F10)
        from proxy.nlp.everyday25 import without25  # (fp25: `Ask Devin to`, `Claude Sonnet`, `Banks close at 5.`)

        found = without25(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.everyday26 import without26  # (fp26: `Geprüft von der Rechtsabteilung`, `Ray schedules the`)

        found = without26(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.fp28 import without28  # (fp28: `the Austin meetup`, `Escreva um`, `Victoria Metrics`)

        found = without28(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.fp31 import without31  # (fp31: `Reg. No.`, `Écris un`, `Jordan and Morocco`, `Haskell's`)

        found = without31(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.fp30 import without30  # (fp30: `Vec<u32>`, `Optuna`, `Singapore and Sydney`, `db at <IP>`)

        found = without30(chunk, found, engines.names)
        from proxy.nlp.tel30 import tel_names  # (fp30, atk28 F14: `{"cnam": "KERR DANA"}`, a SIP display name)

        found = tel_names(chunk, found, engines.names)
        from proxy.nlp.particles31 import particle_names  # (acc28 F18: `Sanne de Vries`, `マイケル・ジョンソン`)

        found = particle_names(chunk, found, engines.names)
        from proxy.nlp.fw31 import fixed_width_names  # (acc28 F17: `Dana Kerr       Sales       4155550199`)

        found = fixed_width_names(chunk, found, engines.names)
        from proxy.nlp.comma33 import comma33  # (atk31 F7, F21: `by Nakamura, Kenji`, `Kenji's iPhone`, `Summarize`)

        found = comma33(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.sur34 import sur34  # (atk33 F04, F08: `lname=Miller`, BibTeX authors, `primary: Kerr, Dana;`)

        found = sur34(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.init38 import with_init38  # (atk38 F07: `Seen by Dr. K. Nakashima`, `Adjuster: K. Okonkwo`)

        found = with_init38(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.fp36 import without36  # (atk35 FP01-03: `Higgs boson`, `Marbury v. Madison`, `F(45) is`)

        found = without36(chunk, found, engines.names)
        from proxy.nlp.fp37 import business_titles  # (atk36 FP02: `a Scrum Master`, `the Spring Product Update`)

        found = business_titles(chunk, found, engines.names)
        from proxy.nlp.fp39 import without39  # (atk38 FP01-04: `the Mona Lisa`, `Hurricane Katrina`, `per una`)

        found = without39(chunk, found)
        from proxy.nlp.reply39 import without_reply39  # (atk39: `darwin/arm64`, `Payer:`, `Copay:`)

        found = without_reply39(chunk, found)
        from proxy.nlp.cjk35 import cjk_initialed, cyrillic_names  # (atk33 F14, F16: `审批人：M.Öberg`)

        found = cjk_initialed(chunk, cyrillic_names(chunk, found, engines.names), engines.names)
        from proxy.nlp.fold31 import with_fold31  # (atk30 F8, F14, F16: `N:` no name, `CN=Volkov\, Dmitri`, MRZ)

        found = with_fold31(chunk, found, engines.names, entities)
        from proxy.nlp.form33 import with_form33  # (atk31 F17, F9, F18: OCR'd MRZ, tax forms' columns, vCard N:)

        found = with_form33(chunk, found, engines.names)
        from proxy.nlp.mrz34 import with_mrz34  # (atk33 F02: `MRZ: P<USA...`, in a JSON string, flattened)

        found = with_mrz34(chunk, found)
        from proxy.nlp.dev35 import with_dev35  # (atk33 F01: ZPL `^FD` fields, adb contact rows, caller ids, PDF /V)

        found = with_dev35(chunk, found, entities, engines.names, lexicon_of(engines))
        found = conc_names(engines.names, chunk, found)  # (again: a cell's name as the rules above left it, conc33)
        from proxy.nlp.sms35 import contact_names  # (atk33 F03: SMS Backup & Restore's `contact_name="Dana Kerr"`)

        found = contact_names(engines.names, chunk, found)
        from proxy.nlp.fixw37 import with_fixw37  # (atk36 F20: NACHA entries' names, payroll lines' name pairs)

        found = with_fixw37(chunk, found, engines.names)
        from proxy.nlp.csv37 import csv_names  # (atk36 F19: header-less exports, `4471,KOVALENKO,BOGDAN,...`)

        found = csv_names(chunk, found, engines.names, lexicon_of(engines), entities)
        from proxy.nlp.keys37 import with_keys37  # (atk37 F14, F06, F23: `"nom":"Faure"`, `фамилия`, `姓,名`, `fn=`)

        found = with_keys37(chunk, found, engines.names)
        from proxy.nlp.keys40 import comma_cells  # (atk40 F02: a CSV's quoted `"Raman, Priya"` cells)

        found = comma_cells(chunk, found, engines.names)
        from proxy.nlp.part37 import cjk_dotted, surnames_after  # (atk36 F10, F08: `OLAMIDE FASHOLA, Plaintiff`)

        found = surnames_after(chunk, cjk_dotted(chunk, found, engines.names), engines.names, lexicon_of(engines))
        from proxy.nlp.upper38 import with_upper38  # (atk37: `TODO(okafor)`, `Assignee: mwhitaker`, action items)

        found = with_upper38(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.sqli38 import code_names  # (atk38 F12: `new Customer("Priya", "Raghunathan", ...)`)

        found = code_names(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.caps39 import label_names  # (atk38 F08: `PATIENT NAKASHIMA KENJI`, `Rx LABEL: ...`)

        found = label_names(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.acct39 import with_acct39  # (atk39 F04, F08, F12: `by 'cokafor'`, `#GivenSurname`, `<Rustam>`)

        found = with_acct39(chunk, found, engines.names)
        from proxy.nlp.slug40 import with_slug40  # (atk40 F08: `%B...^LINDQVIST/JOHAN^`, `Lindqvist/Johan`)

        found = with_slug40(chunk, found, engines.names)
        from proxy.nlp.kana39 import with_kana39  # (atk39 F01: `口座名義：ヤマモト ケンタ`, `担当の高橋が対応します`)

        found = with_kana39(chunk, found, engines.names)
        from proxy.nlp.enc41 import with_enc41  # (enc41: `Regards,\n林`, `敬具\n山田`: a Han name after a closing)

        found = with_enc41(chunk, found, engines.names)
        from proxy.nlp.fp40 import without_fp40  # (fp40: `the Widget Max`, `the Washington Post`, `flooded Houston`)

        found = without_fp40(chunk, found, engines.names)
        from proxy.nlp.fpco40 import without_co40  # (atk40 FP01-FP05: `Baker McKenzie`, `Kepler's law`, `Ben Nevis`)

        found = without_co40(chunk, found, engines.names)
        from proxy.nlp.fp41 import without_fp41  # (fp41: `Raman and IR spectroscopy`, `Kenya: Nairobi`, `in Frozen`)

        found = without_fp41(chunk, found, engines.names)
        from proxy.nlp.brand41 import without_brand41  # (fpatk41 FP07: `the film Amadeus`, `*Emma*`, `Dr. Martens`)

        found = without_brand41(chunk, found, engines.names)
        from proxy.nlp.data41 import without_data41  # (fpatk41 FP02: `{"name": "Luna Pillow", "stock": 4}`)

        found = without_data41(chunk, found, engines.names)
        from proxy.nlp.place41 import without_place41  # (fpatk41 FP01, FP05: `trip to Modena`, `the Boston Red Sox`)

        found = without_place41(chunk, found, engines.names)
        from proxy.nlp.fp42 import without_fp42  # (fp42: `after Loper Bright`, `Jasmine Pearl tea`, `Random Forest`)

        found = without_fp42(chunk, found, engines.names)
        from proxy.nlp.hdr41 import without_hdr41  # (atk41 FP03, FP04: `Server: nginx`, `Asunto:`, `Branch: main`)

        found = without_hdr41(chunk, found, engines.names)
        from proxy.nlp.place42 import without_place42  # (fpatk42 FP04: `nach Berlin`, `Miasto Kraków`, `Big Sur`)
        found = without_place42(chunk, found, engines.names)
        from proxy.nlp.epo42 import without_epo42  # (fpatk42 FP07, FP08: `Ming dynasty`, `Sage, thyme`, `Hi Ops,`)
        found = without_epo42(chunk, found, engines)
        from proxy.nlp.brand42 import without_brand42  # (fpatk42 FP02, FP06: `Project Aurora`, `Elden Ring`, `Hertha`)
        found = without_brand42(chunk, found, engines.names)
        from proxy.nlp.tech42 import without_tech42  # (fpatk42 FP03: `Failover took`, `Eq, Hash`, `g.Key.Quarter`)
        found = without_tech42(chunk, found, engines.names, lexicon_of(engines))
        from proxy.nlp.fp43 import without_fp43  # (fp43: `Wed. Ping`, `Raynaud's`, `Ruy Lopez`, `Berlin-Brandenburg`)
        found = without_fp43(chunk, found, engines.names)
        from proxy.nlp.place44 import without_place44  # (fpatk43: `Victoria has a harbour`, `Mardi Gras`, `Roman bath`)
        found = without_place44(chunk, found, engines.names)
        from proxy.nlp.word44 import without_word44  # (fpatk43: `Renault Clio`, `Allen key`, `Trie`, `-Xms2g`, `Cons:`)
        found = without_word44(chunk, found, engines)
        from proxy.nlp.call45 import without_call45  # (`... suggest ho Call +1 212-555-0143.`: no person)
        found = without_call45(chunk, found)
        from proxy.nlp.fp46 import without_fp46  # (fp46: `(Boston)` after coordinates, `Mera`, `1-800-FLOWERS`, `rdi`)
        found = without_fp46(chunk, found, engines.names)
        from proxy.nlp.fp47 import without_fp47  # (fp47: `tsconfig`, `.jpeg`, `Ryzen 9 7900X`, `Jan..Dec`, `the Daisy`)
        found = without_fp47(chunk, found, engines.names, lexicon_of(engines).nouns)
        from proxy.nlp.fp48 import without_fp48  # (fp48: `Keys are`, `A. Hosted`, `my cat Mochi`, `Kako`, `Roblox`)
        found = without_fp48(chunk, found, engines.names, lexicon_of(engines))
    from proxy.nlp.dg42 import without_dg42  # (fpatk42 FP05: `Jan,412,38,9120`, `Exit codes 137 139 143`, pids)

    found = without_dg42(chunk, found, lexicon_of(engines).nouns)
    from proxy.nlp.fp43 import without_fp43_numbers  # (fp43: ledger codes `GL 6100-200-3400`)
    found = without_fp43_numbers(chunk, found)
    from proxy.nlp.num44 import without_num44  # (fpatk43: `412 318 2045 litres`, `1.10.100.1 vs 1.10.99.12`)
    found = without_num44(chunk, found, lexicon_of(engines).nouns)
    from proxy.nlp.fp48 import without_fp48_numbers  # (fp48: `(2019–2022)`, a year range, is no phone number)
    found = without_fp48_numbers(chunk, found)
    from proxy.nlp.gap49 import surnames, without_verbs  # (gap49: `Zadzwoń do mnie`, `my surname is okafor`)
    found = without_verbs(chunk, found)
    return surnames(chunk, found, engines.names, lexicon_of(engines)) if "PERSON" in entities else found


def _hl7_names(chunk: str, found: list[Result]) -> list[Result]:
    """With the name parts of an HL7 v2 message's XPN fields (`proxy.nlp.hl7`: `PID|...||SMITH^JOHN^A||`, atk20 M4)
    as PERSON where no PERSON covers them; what another type found there stays."""
    from proxy.nlp.hl731 import name_spans, without_tag_names  # XCN, ASTM, DICOM PN; DICOM tag names (hl731)

    found, spans = without_tag_names(chunk, found), name_spans(chunk)
    if "|" in chunk or "MSH" in chunk:
        from proxy.nlp.hl7 import xpn_name_spans

        spans = list(dict.fromkeys(xpn_name_spans(chunk) + spans))
    added = [("PERSON", a, b, 0.85) for a, b in spans
             if not any(r[1] < b and a < r[2] and (r[0] != "PERSON" or r[1] <= a and b <= r[2]) for r in found)]
    return found + added


def _cued(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """With the names a person's cue makes names whatever the word lists say, and the later mentions of their parts
    that are everyday words (`proxy.nlp.cued`: `Dear Mrs. White`, `林様`, `Hi April,`, `reply to Bill`)."""
    from proxy.nlp.cued import cued_echoes, with_cued, without_labels
    from proxy.nlp.cued_values import with_valued_names
    from proxy.nlp.everyday16 import lexicon_of
    from proxy.nlp.everyday22 import without22
    from proxy.nlp.mailnames import with_mail_names, with_whole_surnames
    from proxy.nlp.names import native_names
    from proxy.nlp.names24 import with_names24
    from proxy.nlp.scripts22 import with_script_names

    lex = lexicon_of(engines)
    lexicon = (lex.nouns, lex.adjectives)
    found = without_labels(chunk, engines.names, found, lexicon)
    found = with_valued_names(chunk, engines.names, found, lexicon)
    found = with_cued(chunk, engines.names, native_names(), found, lexicon)
    from proxy.nlp.lower37 import with_lower37  # (lower37: `priya said`, `ask oluwaseun if`)

    found = with_lower37(chunk, found, engines.names, lex)
    from proxy.nlp.fp28 import labelled_sentences  # (fp28: `Caller: My order hasn't arrived`, `Will you send`)

    found = labelled_sentences(chunk, found, engines.names, lex)
    found = with_names24(chunk, found)  # (names24: a header's label is no name: `Bcc: Anna Schmidt`)
    found = _not_uncued(engines, chunk, found)
    found = with_script_names(chunk, found)  # names in other scripts faker's lists miss (intl22, atk22b)
    # a mail's display name and an invite's CN= whole, a found given name's everyday-word surname (contact22)
    found = with_whole_surnames(chunk, engines.names, with_mail_names(chunk, engines.names, found))
    found = without22(chunk, found, engines.names, lex)  # (fp22: `Dr. Pepper`, `King County said`, `Hi Mods,`)
    from proxy.nlp.everyday24 import without24  # (fp24: `Grace Period`, `Morgan Stanley said`, `Hello Boston!`)

    found = without24(chunk, found, engines.names, lex)
    from proxy.nlp.scr30 import with_scr30  # (scr30: `meeting with priya raghunathan`, `Dana\u200bKerr`)

    found = with_scr30(chunk, found, engines.names, lex)
    found = found + cued_echoes(chunk, engines.names, found)
    from proxy.nlp.reply39 import with_aligned_parts  # (reply39: a pandas print's `first_name` cells)

    found = with_aligned_parts(chunk, found)
    from proxy.nlp.mentions import echo_forms  # (`ONeill`, `told white about`, `林の報告`: later22)

    return found + echo_forms(chunk, found)


def _not_uncued(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """Without the PERSON spans a greeting or a verb of a person made names that are a term of endearment or a role
    greeted, or a club (`proxy.nlp.everyday20`: `Hi Darling,`, `Columbus Crew signed a striker`)."""
    from proxy.nlp.everyday20 import uncued20_span

    return [r for r in found if r[0] != "PERSON" or not uncued20_span(chunk, r[1], r[2], names=engines.names)]


# What never is part of a person's name: a quote, a bracket, a separator of structured data (`"`, `{`, `|`, `;`,
# `=`, `<`), and `,` or `:` glued to the next word (`Walker","dept`; `Smith, John` keeps its comma).
# (a `\uHHHH` or `\xHH` escape is a letter of the name, decoded by the view: `{"given": "J\u00f6rg"}`, fields22)
_NOT_IN_NAME = re.compile(r"[\"“”„«»{}\[\]()|;=<>@/]+|\\(?!u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2})|[,:](?!\s)"
                          r"|(?<=\w)['’](?=\W|$)|(?<=\W)['’]|^['’]")


def _names_within_words(chunk: str, found: list[Result]) -> list[Result]:
    """PERSON spans without what surrounds a name in structured text: the model reads a whole token, and a token
    glued by punctuation (`Walker"},{"id":2,"name":"Sofia Rossi`, `Schmidt'`, `Schmidt|HR|Berlin`) takes the
    text around the name with it, which a placeholder would then swallow. Such a span is cut at that
    punctuation, and its pieces with a capitalised word (or a letter of a script without case) are kept, each
    trimmed to its words: the redaction replaces the names and nothing outside them."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        entity, start, end, score = r
        if entity != "PERSON":
            out.append(r)
            continue
        text = chunk[start:end]
        joints = styled_joints(chunk, start, end) if "</w:t>" in text or "\x1b[" in text or "*" in text else []
        if joints:  # a name over Word runs, RFC 2231 pieces (html38): each piece, a word's tail too
            edges = [0, *(x - start for joint in joints for x in joint), len(text)]
            for a, b in zip(edges[::2], edges[1::2], strict=True):
                piece = text[a:b]
                a, b = a + len(piece) - len(piece.lstrip()), a + len(piece.rstrip())
                if a < b:
                    out.extend(_names_within_words(chunk, [(entity, start + a, start + b, score)]))
            continue
        cuts = [(m.start(), m.end()) for m in _NOT_IN_NAME.finditer(text)]
        if cuts and "=" in text:  # (mime39: a name's QP escapes, a whole encoded word)
            from proxy.nlp.mime39 import encoded_cuts

            cuts = encoded_cuts(chunk, start, cuts)
        if not cuts:
            out.append(r)
            continue
        pieces: list[tuple[int, int]] = []
        a = 0
        for c, d in cuts:
            pieces.append((a, c))
            a = d
        pieces.append((a, len(text)))
        trimmed = []
        for a, b in pieces:
            piece = text[a:b]
            lead = len(piece) - len(piece.lstrip(" \t\n-_.,:"))
            tail = len(piece.rstrip(" \t\n-_,:"))
            if tail > lead and any(ch.isalpha() for ch in piece[lead:tail]):
                trimmed.append((a + lead, a + tail))
        if len(trimmed) > 1:
            named = [(a, b) for a, b in trimmed if any(ch.isupper() or (ch.isalpha() and ch.lower() == ch.upper())
                                                      for ch in text[a:b])]
            trimmed = named or [(a, b) for a, b in trimmed if b - a > 2] or trimmed  # not the `s` of `roberto\'s`
        out.extend((entity, start + a, start + b, score) for a, b in trimmed)
    return out


# (a name with an apostrophe after its first letter whole: `O'Neill`, `D’Angelo`: names21)
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_](?:['’](?=[^\W\d_]{2}))?[^\W\d_]+(?![\w-])")


def _apostrophes(pattern: str) -> str:
    """`pattern` (escaped) with either apostrophe where it has one (`O'Neill`, `O’Neill`)."""
    return re.sub("['’]", "['’]", pattern)


def _name_echoes(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """Once a word is found as part of a person's name in a text, its other occurrences there, capitalised and
    spelled the same (a possessive too), are that name as well: "Simpson's rule violations were reported by Mary
    Simpson" redacts both "Simpson" (the first reads as the rule's on its own). Its plural is that family, and is
    redacted whole, possessive too: after "Jan Kowalski", "the Kowalskis" and "the Kowalskis' rule" send
    "the <PERSON>" and "the <PERSON>' rule" ("Joneses" after "Ann Jones"); in capitals too, a word of four
    letters or more ("THE KOWALSKIS' RULE"; not "SAM" after "Sam Lee"). Only a text where a name was found
    changes; ordinary English words ("Will", "Mark", "Rose"), titles and particles are not carried."""
    persons = [r for r in found if r[0] == "PERSON"]
    if not persons:
        return found
    from proxy.nlp.cued import GERMAN_ARTICLE, echo_position, word_opens_sentence
    from proxy.nlp.everyday16 import lexicon_of
    from proxy.nlp.recognizers import _PARTICLES, _TITLES, WORD_FIRST_NAMES  # imports Presidio: the engines have

    words: dict[str, float] = {}
    for _, start, end, score in persons:
        for m in _CAPITALISED.finditer(chunk, start, end):
            w = m.group()
            if w[0].isupper() and not w.isupper() and w.lower() not in _TITLES and w.lower() not in _PARTICLES \
                    and not engines.names.is_common(w):
                words[w] = min(words.get(w, score), score)
    lex = lexicon_of(engines)
    added: list[Result] = []
    for w, score in words.items():
        # beside a hyphen, a digit or `_` too (`the Lindqvist-Whitaker test`, `Whitfield2`, `Whitfield_notes.txt`),
        # never inside a word or after an apostrophe (`O'Neil`)
        # the plural too, "s" or after a sibilant "es" (`Kowalskis`, `Joneses`), and in capitals (`THE KOWALSKIS'
        # RULE`), except a word of three letters, as often an acronym (`SAM`, `ADA`): literals, linear time
        plural = "es" if w.endswith(("s", "x", "z", "ch", "sh")) else "s"
        # (either apostrophe inside the name: `O'Neill`, `O’Neill`: names21, atk20 M1)
        spellings = [f"{_apostrophes(re.escape(w))}(?:{plural})?"]
        if len(w) > 3:
            spellings.append(f"{_apostrophes(re.escape(w.upper()))}(?:{plural.upper()})?")
        word = w.lower() in WORD_FIRST_NAMES  # (`Grace`, `Max`: where a name stands only, as everyday words)
        # a surname that is an English word (`Black`, `Long`, `Stone`): not a sentence's first word used as the word
        english = w.lower() in lex.nouns or w.lower() in lex.adjectives
        for m in re.finditer(rf"(?<![^\W\d_]|['’])(?:{'|'.join(spellings)})(?![^\W\d_])", chunk):
            if any(a <= m.start() and m.end() <= b for _, a, b, _ in persons):
                continue
            if m.group() == w and (GERMAN_ARTICLE.search(chunk, max(0, m.start() - 8), m.start()) is not None
                                   or (word and not echo_position(chunk, m.start(), m.end(), engines.names, w))):
                continue  # (atk20 FP1: `Grace periods apply`, `Der Richter hat`, `Im Winter` after a name found)
            if m.group() == w and english and word_opens_sentence(chunk, m.start(), m.end()):
                continue  # (atk20 FP1 B: `Dear Ms. Black, ... Black Friday sales start soon.`)
            added.append(("PERSON", m.start(), m.end(), score))
    return found + added


_TECHNICAL_ENTITIES = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "EMAIL_ADDRESS", "US_SSN", "IP_ADDRESS"})


def _not_technical(chunk: str, found: list[Result]) -> list[Result]:
    """Without the values that are, as written, what engineers write: phone numbers that are dates, versions,
    shapes, labelled lists or number sequences, card numbers that are sequences or decimal fractions, SSNs that are
    sizes in code, addresses that are logins on a host (`proxy.nlp.recognizers.technical_value`)."""
    if not any(r[0] in _TECHNICAL_ENTITIES for r in found):
        return found
    from proxy.nlp.recognizers import technical_value  # imports Presidio: the engines have already

    return [r for r in found if r[0] not in _TECHNICAL_ENTITIES or not technical_value(r[0], chunk, r[1], r[2])]


# A DOI (`10.1000/182`, `doi:10.1038/nphys1170`): a directory code, a registrant's number and a suffix, never a
# phone number however its digits group.
_DOI = re.compile(r"(?<![\w.])10\.\d{4,9}/[^\s\"'<>]+")


def _not_in_doi(chunk: str, found: list[Result]) -> list[Result]:
    if "10." not in chunk:
        return found
    dois = [(m.start(), m.end()) for m in _DOI.finditer(chunk)]
    return [r for r in found if r[0] != "PHONE_NUMBER" or not any(a <= r[1] and r[2] <= b for a, b in dois)]


_PLACE_OR_NAME = frozenset({"PERSON", "LOCATION"})


def _not_in_zone(chunk: str, found: list[Result]) -> list[Result]:
    """Without the names read inside an IANA time zone (`Europe/Berlin`, `America/Denver`: `proxy.nlp.zones`)."""
    if "/" not in chunk or not any(r[0] in _PLACE_OR_NAME for r in found):
        return found
    from proxy.nlp.zones import zone_spans

    zones = zone_spans(chunk)
    return [r for r in found if r[0] not in _PLACE_OR_NAME or not any(a <= r[1] and r[2] <= b for a, b in zones)]


# What stands in a name's cell for no name.
_NO_NAME_CELLS = frozenset({"unknown", "none", "null", "nil", "total", "tbd", "tba", "na", "other", "others", "various",
                            "anonymous", "redacted", "yes", "no", "true", "false", "empty", "missing", "n"})


def _name_part_cells(chunk: str, found: list[Result]) -> list[Result]:
    """With the cells of a table's column, and the XML elements, that hold a part of a person's name (`vorname`,
    `last_name`, `<family>`: `proxy.nlp.tables.name_part_cells`) as PERSON where nothing covers them: a surname
    alone in its cell (`7;Sofia;Rossi`) is that surname; not a filler (`Unknown`, `None`, `Total`)."""
    if "\n" not in chunk and "</" not in chunk and "=" not in chunk and '"value"' not in chunk:
        return found
    from proxy.nlp.tables import name_part_cells
    from proxy.nlp.xml32 import name_part_spans  # XML attributes, namespaced elements, `{"value": ...}` (atk31)

    added = [("PERSON", a, b, 0.85) for a, b in name_part_cells(chunk) + name_part_spans(chunk)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)
             and chunk[a:b].lower() not in _NO_NAME_CELLS]
    return found + added


# A key that names a part of a person's name, then its value: JSON (`{"first_name":"Chloe"}`, `"givenName": "Chloe"`),
# YAML (`first_name: Chloe`) and `key=value` (`vorname=Jürgen`, `&prenom=Amélie`): one to three capitalised words
# (`tables._NAME_CELL`), or words in lower case or in capitals that are listed names; not a call (`Column(...)`) nor
# an attribute (`Name.upper`).
_KEYED_PART = re.compile(r"(?<![\w-])[\"']?([A-Za-zé_-]{3,30})[\"']?[ \t]*[:=][ \t]*([\"']?)"
                         r"([^\W\d_][^\W\d_'’ -]*(?:[ '’-][^\W\d_][^\W\d_'’-]*){0,2})\2(?![\w'’-]|\s*\(|\.\w)")
# A value `_KEYED_PART` takes (one to three words of letters).
_KEYED_VALUE = re.compile(r"[^\W\d_][^\W\d_'’ -]*(?:[ '’-][^\W\d_][^\W\d_'’-]*){0,2}")
# Keys that mean "name" or "first name" in a language whose word also names other things (`nombre`, `nome`): a
# listed name only.
_LOOSE_PART_KEYS = frozenset({"nombre", "nome", "prenom", "prénom", "imie", "imię", "voornaam", "achternaam", "fornavn",
                              "etternavn", "fornamn", "efternamn", "etunimi", "sukunimi"})


def _listed_name(names: NameLists, value: str) -> bool:
    """Every word of `value` a listed name (a first name or a surname)."""
    return all(names.is_name(w) or names.is_any_first(w) for w in re.split(r"[ '’-]", value) if w)


def _keyed_name_parts(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """With a value under a key that names a part of a person's name (`first_name`, `given_name`, `firstName`,
    `vorname`, `last_name`, `surname`, `family_name`: `proxy.nlp.tables.column_kind` "parts"; `prenom`, `nombre`
    when the value is a listed name) as PERSON where nothing covers it: a given name alone is no name to the model
    (`{"first_name": "Chloe"}`), a table's cell or an XML element so named already is (`_name_part_cells`)."""
    if ":" not in chunk and "=" not in chunk:
        return found
    from proxy.nlp.name_keys import paired_values
    from proxy.nlp.tables import column_kind

    names = engines.names
    added: list[Result] = []
    keyed: list[tuple[int, int, bool]] = []
    for m in _KEYED_PART.finditer(chunk):
        loose = m.group(1).lower() in _LOOSE_PART_KEYS
        if loose or column_kind(m.group(1)) == "parts":
            keyed.append((*m.span(3), loose))
    # (a key that names a name's part beside its partner: FHIR's `family`/`given`, `fname`/`lname`: atk20 H3), where
    # a value of the pair is a listed name (`{"fname": "Config", "lname": "Default"}` is none): the other may be any
    # word (`{"family": "Black", "given": ["Mark"]}`)
    paired = [(a, b, loose, at) for a, b, loose, at in paired_values(chunk) if _KEYED_VALUE.fullmatch(chunk, a, b)]
    named = {at for a, b, _, at in paired if _listed_name(names, chunk[a:b])}
    keyed += [(a, b, False) for a, b, _, at in paired if at in named]
    for a, b, loose in keyed:
        value = chunk[a:b]
        if value.lower() in _NO_NAME_CELLS:
            continue
        listed = _listed_name(names, value)
        if value[0].islower() and " " in value or (value[0].islower() or value.isupper() or loose) and not listed:
            continue
        if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found):
            added.append(("PERSON", a, b, 0.85))
    return found + added


# A key that names a person, then its value: JSON (`{"name":"Priya Johnson"}`, `"customer_name": "Daniel Price"`),
# YAML or a label (`owner: Olivia Hall`) up to the line's end, and `key=value`.
_KEYED_PERSON = re.compile(r"(?<![\w-])[\"']?([A-Za-z][A-Za-z_-]{1,30})[\"']?[ \t]*[:=][ \t]*"
                           r"(?:([\"'])([^\"'\n\\]{3,80})\2|([^\W\d_][^\n,;{}\"'=<>&]{2,79}?)[ \t]*"
                           r"(?=\r?\n|$|[,;}]|&[\w.\[\]-]{1,64}=))")  # (a form body's next `&key=`: atk16 A M3)
# A word of a person's name: capitalised, the rest in lower case or a name's capitals (`McDonald`, `O'Neil`,
# `Jean-Luc`), or an initial (`J.`).
_NAME_WORD = re.compile(r"[^\W\d_a-z](?:[^\W\d_]*[^\W\d_A-Z][^\W\d_]*(?:['’-][^\W\d_][^\W\d_]*)*|\.)")
# Words after a first name that make the value a colour's, a place's or a thing's name (`Hazel Brown`, `Sage Green`,
# `Golden Gate Bridge`, `Victoria Station`, `Iris Dataset`), with the header words of columns that hold things
# (`proxy.nlp.tables.NOT_PEOPLE`, less `hall`: `Olivia Hall`).
_THING_WORDS = frozenset("""
black blue brown gold golden gray green grey pink purple red rose silver white
bridge garden gardens square palace tunnel monument league market yards falls dataset soap alert leaves tower center
centre cathedral castle bay beach valley canyon island islands harbor harbour field fields plaza avenue boulevard lane
drive court blossom
""".split())


def _keyed_people(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """With a value under a key that names a person (`name`, `customer_name`, `full_name`, `owner`, `author`,
    `contact`: `proxy.nlp.tables.column_kind` "people") that is two to four capitalised name-shaped words
    (`_NAME_WORD`) as one PERSON (atk14 B M4): the model reads a name alone in a JSON value less surely than in a
    sentence (`{"name":"Daniel Price"}` gave `Daniel`, `{"name":"Priya Johnson"}` nothing). A PERSON span inside the
    value is extended to the whole value; a value no span touches is a name when its first word is a listed first
    name and its last a listed surname, a middle word a first name or an initial. A value whose words after the first
    name a colour, a place or a thing (`_THING_WORDS`: `Rose Gold`, `Sage Green`, `Victoria Station`), a listed
    place, lower-case words, digits or a filler (`Unknown`) stays as it is (`Holly Berry` is a name)."""
    if ":" not in chunk and "=" not in chunk:
        return found
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names
    from proxy.nlp.tables import NOT_PEOPLE, column_kind

    names = engines.names
    out = list(found)
    for m in _KEYED_PERSON.finditer(chunk):
        group = 3 if m.group(3) is not None else 4
        a, b = m.span(group)
        value = m.group(group)
        words = value.split(" ")
        if not 2 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words) or value.isupper() \
                or column_kind(m.group(1)) != "people" and m.group(1).lower().replace("_", "") != "fullname":
            continue
        lower = [w.lower() for w in words]
        if value.lower() in city_names() or value.lower() in place_names() or lower[-1] in _NO_NAME_CELLS \
                or lower[0] in _NO_NAME_CELLS:
            continue
        if any(w in _THING_WORDS or w in NOT_PEOPLE and w != "hall" or w in city_names() or w in place_names()
               for w in lower[1:]):
            continue
        inside = [r for r in out if r[0] == "PERSON" and r[1] < b and r[2] > a]
        if inside:
            if all(a <= r[1] and r[2] <= b for r in inside) and any((r[1], r[2]) != (a, b) for r in inside):
                out = [r for r in out if r not in inside] + [("PERSON", a, b, max(r[3] for r in inside))]
            continue
        if names.is_any_first(words[0]) and lower[-1] in names.last \
                and all(names.is_any_first(w) or len(w) == 2 and w.endswith(".") for w in words[1:-1]):
            out.append(("PERSON", a, b, 0.85))
    return out


# Two or three capitalised words joined by `+` outside a URL, as a name is pasted from a search or a form's field
# (`assign to Maria+Schmidt`, `cc Anna+Maria+Schmidt`): the view reads such a run as spaces only after a lower-case
# word or before a value (`proxy.nlp.normalize._plus_runs`: `Ctrl+Shift`, `Alt+Enter` are keys).
_PLUS_NAME = re.compile(r"(?<![\w+.@/-])[^\W\d_a-z][^\W\d_A-Z]+(?:\+[^\W\d_a-z][^\W\d_A-Z]+){1,2}(?![\w+@-])")


def _plus_names(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """With a `+`-joined name outside a URL (`_PLUS_NAME`) as PERSON: its first word a listed first name, its last a
    listed name, or a word of no top-5,000 list after a first name that is no common word (`Lars+Eriksson`;
    not `Rose+Gold`, `Tab+Enter`), and no listed city or country (`Austin+Dallas`, `Paris+London`)."""
    if "+" not in chunk:
        return found
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    regions = url_regions(chunk)
    starts = [a for a, _, _ in regions]
    names = engines.names
    added: list[Result] = []
    for m in _PLUS_NAME.finditer(chunk):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < regions[i][2]:
            continue  # (a URL's: `_not_url_words`)
        words = m.group().split("+")
        first, last = words[0], words[-1]
        if _name_pair(names, first, last) and last.lower() not in city_names() and last.lower() not in place_names() \
                and not any(r[0] == "PERSON" and r[1] <= m.start() and m.end() <= r[2] for r in found):
            added.append(("PERSON", m.start(), m.end(), 0.85))
    return found + added


def _name_pair(names: NameLists, first: str, last: str) -> bool:
    """A name's first and last word as lists know them: a listed first name, then a listed name, or a word of no
    top-5,000 list after a first name that is no common word (`Lars Eriksson`; not `Rose Gold`, `Tab Enter`)."""
    return names.is_any_first(first) and not names.is_very_common(last) \
        and (names.is_name(last) or names.is_first(first) and not names.is_common(first))


# A row of a table pasted without its header: three cells or more split by `|`, a tab or `;` (`Maria Schmidt|HR|
# Berlin`, `| Chloe Dubois | Sales |`), its first cell two or three capitalised words.
_ROW_SEPARATORS = ("|", "\t", ";")
_ROW_NAME = re.compile(r"[^\W\d_a-z][^\W\d_A-Z]+(?:[ '’-][^\W\d_a-z][^\W\d_A-Z]+){1,2}")


def _row_names(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """With the first cell of a header-less row (`_ROW_NAME`) as PERSON when its first and last words are a name's
    (`_name_pair`): the model reads `Chloe Dubois|Sales|Paris` as one token, and no header names the column."""
    if not any(sep in chunk for sep in _ROW_SEPARATORS):
        return found
    names = engines.names
    added: list[Result] = []
    at = 0
    for line in chunk.split("\n"):
        off, at = at, at + len(line) + 1
        # (a tab-separated row of two cells too: `John Smith\tSales` pasted from a spreadsheet, tsv30)
        sep = next((c for c in _ROW_SEPARATORS if line.count(c) >= (1 if c == "\t" else 2)), None)
        if sep is None:
            continue
        cells = line.split(sep)
        if sep == "|" and not cells[0].strip() and len(cells) > 3:
            off += len(cells[0]) + 1
            cells = cells[1:]  # `| Chloe Dubois | Sales |`
        cell = cells[0]
        a = len(cell) - len(cell.lstrip(" \"'"))
        b = len(cell.rstrip(" \"'\r"))
        words = re.split(r"[ '’-]", cell[a:b])
        if b - a > 60 or not _ROW_NAME.fullmatch(cell[a:b]) or not _name_pair(names, words[0], words[-1]):
            continue
        a, b = off + a, off + b
        # a span the model took past the cell's separator (`Chloe Dubois\tFinance`) ends with the cell
        found = [("PERSON", r[1], b, r[3]) if r[0] == "PERSON" and a <= r[1] < b < r[2] else r for r in found]
        if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found):
            added.append(("PERSON", a, b, 0.85))
    return found + added


def _not_in_table_column(chunk: str, found: list[Result]) -> list[Result]:
    """Without the names read in a table's cell that holds no person's name: under a place's or a thing's header
    (`city`, `destination`, `color`, `product`, `species`, `fund`), or a listed city outside a name column
    (`proxy.nlp.tables`)."""
    from proxy.nlp.fp34 import fixed_width_filtered

    found = fixed_width_filtered(chunk, found)  # (fp34: `Warehouse  Item  Qty` tables)
    if "\n" not in chunk or not any(r[0] in _PLACE_OR_NAME for r in found):
        return found
    from proxy.nlp.tables import nameless_cells

    cells = nameless_cells(chunk)
    if not cells:
        return found
    return [r for r in found if r[0] not in _PLACE_OR_NAME or not any(a <= r[1] and r[2] <= b for a, b in cells)]


def _not_in_region(chunk: str, found: list[Result]) -> list[Result]:
    """Without the names and places read inside a cloud region (`Eu-west-1`, `Us-east-2`: `proxy.nlp.regions`)."""
    if "-" not in chunk or not any(r[0] in _PLACE_OR_NAME for r in found):
        return found
    from proxy.nlp.regions import region_spans

    regions = region_spans(chunk)
    return [r for r in found if r[0] not in _PLACE_OR_NAME or not any(a <= r[1] and r[2] <= b for a, b in regions)]


@functools.cache
def _german_stops() -> frozenset[str]:
    from proxy.nlp.recognizers import load_stop_words  # imports Presidio: the engines have already

    return load_stop_words().get("de", frozenset())


@functools.cache
def _foreign_stops() -> frozenset[str]:
    from proxy.nlp.recognizers import load_stop_words  # imports Presidio: the engines have already

    stops = load_stop_words()
    english = stops.get("en", frozenset())
    return frozenset().union(*(v for k, v in stops.items() if k != "en")) - english


def _not_plain(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """Without the PERSON spans that are German business words, lower-case words of another language, a product and
    the words after it, a flag's value or a hyphenated identifier (`proxy.nlp.plain_words`), or everyday words
    (greetings, dishes, planets, places, contract titles, code-switched chat: `proxy.nlp.everyday`; namespaces,
    word-names, sign-offs, finance, review labels, clubs, German nouns: `proxy.nlp.everyday16`; clubs named after a
    city, plants, tool brands, Arabic and Hindi word pairs, terms of endearment: `proxy.nlp.everyday20`; medical
    eponyms and weekdays of opening hours: `proxy.nlp.clinical`; null words of code, a commit subject's verb, software
    in a technical sentence: `proxy.nlp.techwords`)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    from proxy.nlp.clinical import clinical_span
    from proxy.nlp.everyday import everyday_span
    from proxy.nlp.everyday16 import everyday16_span, lexicon_of
    from proxy.nlp.everyday20 import everyday20_span
    from proxy.nlp.notnames import finnish_noun_span, tool_span
    from proxy.nlp.plain_words import plain_span
    from proxy.nlp.recognizers import _TECH_HEADS
    from proxy.nlp.statutes import statute_span
    from proxy.nlp.tech_terms import TECH_TERMS
    from proxy.nlp.techwords import tech_span

    names = engines.names
    return [r for r in found if r[0] != "PERSON" or not plain_span(
        chunk, r[1], r[2], german=_german_stops(), is_name=names.is_name, is_first=names.is_first,
        tech=TECH_TERMS, heads=_TECH_HEADS, foreign=_foreign_stops())
        and not everyday_span(chunk, r[1], r[2], is_first=names.is_first, is_name=names.is_name,
                              is_word=names.is_very_common)
        and not everyday16_span(chunk, r[1], r[2], names=names, lex=lexicon_of(engines))
        and not everyday20_span(chunk, r[1], r[2], names=names, lex=lexicon_of(engines))
        and not clinical_span(chunk, r[1], r[2], names=names)
        and not statute_span(chunk, r[1], r[2], names=names)  # laws and doctrines named after people (contact22)
        and not finnish_noun_span(chunk, r[1], r[2], names=names) and not tool_span(chunk, r[1], r[2], names=names)
        and not tech_span(chunk, r[1], r[2])]


# What separates a URL's parts (`https://x.test/?x=1&q=Jan`): no part of a name.
_URL_PUNCT = re.compile(r"[/?&=#]")
_URL_LIKE = re.compile(r"://|[?=#]|\.[A-Za-z]{2,}/")
_WORD_RUN = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")


def _url_trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A PERSON span of `text` without the parts of a URL or a query string around the name: the NER model's tokenizer
    takes `https://x.test/?x=1&q=Jan` for one word, and a name's span took it whole (atk12 B M3: `https://x.test/?x=1&
    q=Jan%20Kowalski` went up as `<PERSON_1>`), or a `key=value` after the name (`?name=Jan%20Kowalski&x=1`). The
    first word keeps what follows its last separator, the span ends before the next word that holds one (at its
    separator; before a `key=`); a span of one word keeps its last part that starts with a capital (a key before `=`,
    a scheme, a host are none). None when no letter is left."""
    if _URL_LIKE.search(text, start, end) is None:
        return start, end  # (`Smith&Wesson`, `Maria/Jan`: no URL)
    words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text, start, end)]
    if len(words) == 1:
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^/?&=#]+", text[start:end])]
        named = [(a + start, b + start) for a, b in parts if _LETTER.search(text, a + start, b + start)
                 and text[b + start:b + start + 1] != "=" and not text.startswith(":", b + start - 1)
                 and "." not in text[a + start:b + start]]  # (not a key, a scheme, a host or a file)
        capital = [(a, b) for a, b in named if text[a].isupper()]
        return (capital or named)[-1] if named else None
    while words:
        a, b = words[0]
        cut = max(text.rfind(c, a, b) for c in "/?&=#")
        if cut >= 0:
            a = cut + 1
        if _LETTER.search(text, a, b):
            words[0] = (a, b)
            break
        words.pop(0)
    if not words:
        return None
    stop = words[-1][1]
    for (_, previous), (a, b) in zip(words, words[1:], strict=False):
        m = _URL_PUNCT.search(text, a, b)
        if m is not None and b - a > 1:
            stop = previous if m.start() == a or m.group() == "=" else m.start()
            break
    return (words[0][0], stop) if _LETTER.search(text, words[0][0], stop) else None


def _named_parts(text: str, found: list[Result]) -> list[Result]:
    """The PERSON spans of `found` without the URL parts around them (`_url_trimmed`), cut at line breaks and
    without the whitespace the NER model takes around them (`Jane Doe\n`, `Jane Doe\nJohn Smith` as one: the lines
    of a diff whose `-` and `+` the view reads as nothing, atk13 M5)."""
    lined: list[Result] = []
    for entity, start, end, score in found:
        span = text[start:end]
        if entity == "PHONE_NUMBER" and span.endswith(")") and span.count(")") > span.count("("):
            # `(+1 212 555 0199)`: the matcher takes the closing bracket of the one it left out (atk14 B L1)
            end -= 1
        if entity != "PERSON" or "\n" not in span and span.strip() == span:
            lined.append((entity, start, end, score))
            continue
        at = start
        for line in span.split("\n"):
            a, b = at, at + len(line)
            at = b + 1
            while b > a and text[b - 1].isspace():
                b -= 1
            while a < b and text[a].isspace():
                a += 1
            if a < b:
                lined.append((entity, a, b, score))
    out: list[Result] = []
    for entity, start, end, score in lined:
        if entity == "PERSON":
            trimmed = _url_trimmed(text, start, end)
            if trimmed is None:
                continue
            start, end = trimmed
            start, end = cjk_trimmed(text, start, end)  # `Carlos Mendoza 】` (cjk33)
        out.append((entity, start, end, score))
    return out


# A query parameter's key that names a person (`?name=`, `&last=`, `?cc=`): its value is a name when NER reads one
# (not `from`, `to`: a flight's or a date range's ends, `?to=Paris+Charles+de+Gaulle`).
_URL_PERSON_KEY = re.compile(r"(?i)name|first|last|surname|given|family|user|author|owner|assign|customer|client"
                             r"|contact|person|member|patient|employee|recipient|sender|(?:^|[_.-])(?:who|cc|bcc)$")
_URL_KEY = re.compile(r"([\w.\[\]-]{1,40})=[^=&?/#]*\Z")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-Z])")


def _not_url_words(engines: Engines, chunk: str, found: list[Result]) -> list[Result]:
    """Without the PERSON spans inside a URL or a query string (`proxy.nlp.normalize.url_regions`: what the view reads
    as words since atk12 B M3) that have neither two listed names (`?q=Olivia+Bennett`, `/people/Chloe%20Martin/`) nor
    a person's key before them (`?last=Wojcik`, `&customer=Noah`): a search's or a product's words are most of what URLs
    carry (`?q=Golden+Gate+Bridge`, `location=San+Francisco`, `q=Chicken+Tikka+Masala`: read as names in a sentence
    too)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    regions = url_regions(chunk)
    if not regions:
        return found
    from proxy.nlp.recognizers import _PARTICLES  # imports Presidio: the engines have already

    starts = [a for a, _, _ in regions]
    names = engines.names
    out: list[Result] = []
    for r in found:
        entity, start, end, _ = r
        i = bisect.bisect_right(starts, start) - 1
        if entity != "PERSON" or i < 0 or start >= regions[i][2]:
            out.append(r)
            continue
        key = _URL_KEY.search(chunk, max(regions[i][0], start - 200), start)
        if key is not None and _URL_PERSON_KEY.search(key.group(1)) is not None:
            out.append(r)
            continue
        words = [w for run in re.findall(r"[^\W\d_]{2,}", normalize(chunk[start:end]).text)
                 for w in _CAMEL.split(run) if w.lower() not in _PARTICLES]
        listed = sum(1 for w in words if names.is_name(w) or names.is_any_first(w))
        if (listed >= 2 or _given_and_tagged(names, words) and _whole_value(chunk, start, end, regions[i][2])) \
                and not _url_company(chunk, start, end, regions[i][2]):
            out.append(r)
    return out


def _given_and_tagged(names: NameLists, words: list[str]) -> bool:
    """Two words the model tagged as a name in a URL's spaced reading, the first a listed given name that is no
    common word, the second capitalised and in no top-5,000 list nor a listed place (`?q=Lars+Eriksson`: the
    surname is listed nowhere; not `?q=Virginia+Water`)."""
    if len(words) != 2 or not words[1][0].isupper() or not names.is_first(words[0]) or names.is_common(words[0]):
        return False
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = words[1].lower()
    return not names.is_very_common(low) and low not in place_names() and low not in city_names()


def _whole_value(chunk: str, start: int, end: int, stop: int) -> bool:
    """Whether chunk[start:end] is the whole of the URL value or path segment that holds it, two words and nothing else
    (`?q=Lars+Eriksson&page=2`; not `?to=Paris+Charles+de+Gaulle`, `?q=Jackson+Databind+Ignore+Unknown`)."""
    a = max((chunk.rfind(c, 0, start) for c in "=/?&"), default=-1) + 1
    b = min([k for k in (chunk.find(c, end, stop) for c in "&/#") if k >= 0] + [stop])
    return len(re.findall(r"[^\W\d_]+", normalize(chunk[a:b]).text)) == 2


@functools.cache
def _company_phrases() -> frozenset[tuple[str, ...]]:
    """The listed companies and brands (`proxy.nlp.companies.COMPANIES`) as their words, without `&`, `-`, `'s`."""
    from proxy.nlp.companies import COMPANIES

    return frozenset(tuple(w for w in line.split() if w not in ("&", "-", "'s")) for line in COMPANIES)


def _url_company(chunk: str, start: int, end: int, stop: int) -> bool:
    """Whether the URL value or path segment that holds chunk[start:end] holds a listed company or brand written whole
    (`?q=Morgan+Stanley+careers`, `?q=Ben+Jerry+ice+cream`): in a URL no person's cue says otherwise."""
    a = max((chunk.rfind(c, 0, start) for c in "=/?&"), default=-1) + 1
    b = min([k for k in (chunk.find(c, end, stop) for c in "&/#") if k >= 0] + [stop])
    value = normalize(chunk[a:b]).text
    words = [(m.start() + a, m.group().lower()) for m in re.finditer(r"[^\W\d_]+(?:'[^\W\d_]+)?", value)]
    phrases = _company_phrases()
    for k in range(len(words)):
        for n in range(1, 5):
            if k + n <= len(words) and tuple(w for _, w in words[k:k + n]) in phrases:
                return True
    return False


def _outside_escapes(chunk: str, found: list[Result]) -> list[Result]:
    """Spans read in `chunk` as written, each without the part of a `%XX` escape or a character reference it starts or
    ends inside (`?q=call%20617-555-0143` as written reads `20617-555-0143`: the `20` is the escape's, a space)."""
    escapes = escape_spans(chunk)
    if not escapes:
        return found
    starts = [a for a, _ in escapes]
    out: list[Result] = []
    for entity, start, end, score in found:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and escapes[i][0] < start < escapes[i][1]:
            start = escapes[i][1]
        i = bisect.bisect_right(starts, end - 1) - 1
        if i >= 0 and escapes[i][0] < end < escapes[i][1]:
            end = escapes[i][0]
        if start < end:
            out.append((entity, start, end, score))
    return out


def _analyze_normalised(engines: Engines, chunk: str, entities: list[str]) -> list[Result]:
    normal = normalize(chunk)
    # Structured data's punctuation spaced from the words it separates (`{"name":"Maria Schmidt"}` reads
    # `{"name": "Maria Schmidt"}`): spaCy then reads the name, and a key as a value's context word.
    view = structure_spaced(normal)
    # A lone surrogate (a JSON \\ud800 escape) cannot be encoded by the NLP pipeline: analyse U+FFFD
    # in its place (one character for one: offsets stay right).
    found = _named_parts(view.text, engines.analyze(_LONE_SURROGATE.sub("\ufffd", view.text), entities))
    mapped = found if view.identity else [(entity, *view.span(start, end), score) for entity, start, end, score
                                          in found]
    plain = [e for e in entities if e not in NER_ENTITIES]
    bare = uncommented(chunk, normal) if plain else None
    if bare is not None:
        # HTML comments removed, as a renderer shows the text (`617-<!-- -->555-0143`): a second reading by the
        # pattern recognizers (the view keeps what a comment holds: `<!-- jane@acme.com -->`).
        # What it finds is read by the rules as the shown text (`_filtered`): a link's syntax between a range's
        # numbers (`[300-9999](x)`, `[2008](x) [800](y) cases`) hides no year or range from them (atk14 B H2).
        seen = set(mapped)
        # (with tag characters, names too: a stray tag letter inside a name's word, `Theo` + U+E0041 + `dore`, spells
        # a letter out in the first reading; rare, so the NER pass is paid only then: atk39 F07)
        read = entities if not chunk.isascii() and has_tags(chunk) else plain
        joined = joined_names(normal.text, bare) if read is plain and len(plain) < len(entities) else []  # (rend45)
        read = entities if joined else read  # (a name markup splits: `Ros<!-- -->alind`, `\text{A}\enspace\text{B}`)
        shown = _filtered(engines, bare.text, engines.analyze(_LONE_SURROGATE.sub("\ufffd", bare.text), read), read)
        mapped += [r for r in ((e, *bare.span(s, t), sc) for e, s, t, sc in joined_only(shown, joined, NER_ENTITIES))
                   if r not in seen]
    hidden = unhidden(chunk, normal) if plain else None
    if hidden is not None:
        # Without what a browser never shows (`4111 1111 1111 <span hidden>9</span>1111`): a third reading by the
        # pattern recognizers, only where the text has such an element (atk14 B L4), its findings read by the rules
        # as the shown text too.
        seen = set(mapped)
        joined = joined_names(normal.text, hidden) if len(plain) < len(entities) else []  # (rend45: `Kat<b hidden>`)
        read = entities if joined else plain
        shown = _filtered(engines, hidden.text,
                          engines.analyze(_LONE_SURROGATE.sub("\ufffd", hidden.text), read), read)
        mapped += [r for r in ((e, *hidden.span(s, t), sc) for e, s, t, sc in joined_only(shown, joined, NER_ENTITIES))
                   if r not in seen]
    if normal.identity:
        return mapped
    # The view folds separators inside runs of digits, which can unmake a value written plainly beside
    # another (`415-555-0132 192.168.10.77` reads `415 555 0132 192 168 10 77`: no IP address in it).
    # The chunk as written is read too by the pattern recognizers (no NER: a second spaCy pass would
    # double the cost), around its runs of digit groups (what the folding touches), and what it finds
    # is kept as well.
    if plain:
        seen = set(mapped)
        for a, b in _digit_regions(chunk):  # where the folding works: a fraction of a long text
            part = _LONE_SURROGATE.sub("\ufffd", chunk[a:b])
            mapped += [r for r in _outside_escapes(chunk, [(e, s + a, t + a, sc) for e, s, t, sc
                                                           in engines.analyze(part, plain)]) if r not in seen]
    return mapped


# Runs of digit groups the view may fold into one (`415-555-0132 192.168.10.77`), and how much text
# around each is read with it (context words, a value that starts or ends in letters).
_DIGIT_RUN = re.compile(r"\d[\d\s().\-/_:,;+#*~]{4,}\d")
_AROUND = 100
_WHOLE_BELOW = 600  # a short text is read whole: cheaper than cutting it


def _digit_regions(text: str) -> list[tuple[int, int]]:
    """[start, end) regions of `text` to read as written: each run of digit groups with `_AROUND`
    characters either side, widened to whitespace and merged; the whole text when it is short."""
    if len(text) < _WHOLE_BELOW:
        return [(0, len(text))] if text.strip() else []
    out: list[tuple[int, int]] = []
    for m in _DIGIT_RUN.finditer(text):
        a, b = max(0, m.start() - _AROUND), min(len(text), m.end() + _AROUND)
        while a > 0 and not text[a - 1].isspace() and m.start() - a < 2 * _AROUND:
            a -= 1
        while b < len(text) and not text[b].isspace() and b - m.end() < 2 * _AROUND:
            b += 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _analyze_chunks(spacy_model: str, chunks: list[str], entities: list[str],
                    mentions: list[tuple[list[Result], list[tuple[str, float]]]] | None = None) -> list[list[Result]]:
    """Runs in a worker (or inline): analyse each chunk; with `mentions` (per chunk, a whole text: its own PERSON
    spans and the names found in the request's other texts), the mentions of those names in it instead
    (`proxy.nlp.mentions.other_mentions`). Errors come back without text."""
    try:
        engines = _engines(spacy_model)
        if mentions is not None:
            from proxy.nlp.mentions import other_mentions

            return [other_mentions(engines, chunk, own, names) for chunk, (own, names) in zip(chunks, mentions,
                                                                                            strict=True)]
        # (cjk33: after every rule, a Latin name in CJK text whole: `Rohan Deshpandeさん`)
        # (enc41: a span in an ISO-2022-JP QP body moved to its JIS run's escapes: `<PERSON_1>=1B$BMM=1B(B`)
        # (enc42: a value in an encoded run redacted over the whole run: `Here it is: <EMAIL_ADDRESS_1>`)
        # (lft43: AAMVA barcode data's values, a bare search's name `?q=Ikaika+Kahananui`)
        return [whole46(chunk, encoded_whole(chunk, jis_whole(chunk, cjk_widened(chunk, with_lft43(
            chunk, _analyze_view(engines, chunk, entities), entities, engines)))), entities)  # (b6446)
                for chunk in chunks]
    except PiiUnavailable:
        raise
    except Exception as exc:
        raise PiiUnavailable(f"analysis failed: {type(exc).__name__}") from None


class _NoTorch:
    """Import hook for analysis workers: Presidio imports torch and transformers when they are
    installed (for engines we do not use), which costs 5+ s and ~300 MB per worker; spaCy's CNN
    pipelines run on numpy. Transformer pipelines (`*_trf`) keep them."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] in ("torch", "transformers"):
            raise ImportError(f"{name} is not used by PII analysis workers")
        return None


def _init_worker(spacy_model: str) -> None:
    """A worker process's start: keep torch out, then load the model (the pool waits for this)."""
    import sys

    if not spacy_model.endswith("_trf"):
        sys.meta_path.insert(0, _NoTorch())
    _engines(spacy_model)
    warm33.warm_worker(spacy_model)  # the readers' lists and patterns, now, not on a first DAT or OFX text


def _warm(spacy_model: str) -> int:
    _engines(spacy_model)
    warm33.warm_worker(spacy_model)
    import os

    return os.getpid()


# --------------------------------------------------------------------------- chunking

_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD_SPACE = re.compile(r"(?<=[^\W\d_])\s+")
_SPACE_BEFORE = re.compile(r"\s(?=\S)")
# How much of the text before each cut the next piece reads again: a value (or its context word) that a
# cut falls in or beside is whole, with what comes before it, in one of the two pieces.
OVERLAP = 200


def split_text(text: str, max_chars: int, overlap: int = 0) -> list[tuple[int, str]]:
    """Cut `text` into (offset, piece) of at most ~max_chars at sentence or line ends (at spaces if
    there is none, never inside a word; anywhere in a text without such places: a one-line list, compact
    JSON). With `overlap`, each piece after a cut that is no sentence's end starts up to `overlap` characters
    before the end of the one before (at a word's start where there is one), so no cut splits what either side
    reads (a value, or a value and its context words: `phone:` and a line break)."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut, sentence = 0, False
        for m in _BREAK.finditer(window):
            if m.end() > max_chars // 4:
                cut, sentence = m.end(), window[m.start() - 1:m.start()] in (".", "!", "?")
        if not cut:  # no sentence end: the last space after a word of letters (never inside a number)
            spaces = [m.end() for m in _WORD_SPACE.finditer(window) if m.end() > max_chars // 4]
            cut = spaces[-1] if spaces else max_chars
        pieces.append((start, text[start:start + cut]))
        nxt = start + cut
        if overlap and not sentence:  # (a sentence's end: no value runs across it, nor its context words)
            # Back by `overlap` (at most half the piece: every piece moves on), to the next word's start.
            back = max(nxt - overlap, start + cut // 2)
            word = _SPACE_BEFORE.search(text, back, nxt)
            nxt = word.end() if word is not None and word.end() < nxt - overlap // 2 else back
        start = nxt
    pieces.append((start, text[start:]))
    return pieces


def _cut_off(pieces: Sequence[tuple[int, int]], k: int, start: int, end: int, length: int) -> bool:
    """Whether the span [start, end) that piece `k` of `pieces` (overlapping [start, end) of a text of `length`)
    found touches a cut at the piece's edge and lies in a neighbour, which reads it whole: a part cut off
    (`person48@mai`, `8@mail48.org`), dropped for the neighbour's reading. A span longer than the overlap is
    kept (no piece reads it whole)."""
    ps, pe = pieces[k]
    if end == pe < length and k + 1 < len(pieces) and pieces[k + 1][0] <= start:
        return True
    return start == ps > 0 and k > 0 and end <= pieces[k - 1][1]


# --------------------------------------------------------------------------- the analyzer


class PiiAnalyzer:
    """Cached, batched, off-loop Presidio analysis. Build once per process; `close()` at the end."""

    def __init__(self, spacy_model: str = DEFAULT_SPACY_MODEL, *, executor: Executor = "process", workers: int = 2,
                 cache_size: int = 20_000, chunk_chars: int = 1000, slice_timeout_s: float = 10.0,
                 team_max_jobs: int = 8, remote: str | None = None) -> None:
        self.spacy_model = spacy_model
        self.executor_kind: Executor = executor
        self.workers = max(1, workers if executor == "process" else 1)
        self.cache_size = cache_size
        self.chunk_chars = chunk_chars
        self.slice_timeout_s = slice_timeout_s
        self.team_max_jobs = team_max_jobs
        self.remote = remote  # a `GuardHub` socket: the workers are shared with other HTTP workers
        self._cache: OrderedDict[tuple[bytes, tuple[str, ...]], tuple[Span, ...]] = OrderedDict()
        self._inflight: dict[tuple[bytes, tuple[str, ...]], tuple[asyncio.Future[tuple[Span, ...]], _Fill]] = {}
        self._tasks: set[asyncio.Future[None]] = set()
        self._pool: WorkerPool | RemotePool | None = None
        self._thread_pool: concurrent.futures.ThreadPoolExecutor | None = None
        self.hits = self.misses = 0
        self.state: Literal["idle", "loading", "ready", "error"] = "idle"  # for /readyz
        self.error: str | None = None

    # ---- lifecycle

    def check_model(self) -> None:
        """Raise PiiUnavailable now if the spaCy model is not installed (cheap: no import)."""
        if not model_installed(self.spacy_model):
            raise PiiUnavailable(missing_model_message(self.spacy_model))

    def _executor(self) -> concurrent.futures.Executor | None:
        if self.executor_kind != "thread":
            return None
        if self._thread_pool is None:
            self._thread_pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pii")
        return self._thread_pool

    @property
    def pool(self) -> WorkerPool | RemotePool | None:
        """The worker processes (`executor="process"`), once started."""
        return self._pool

    async def start(self) -> None:
        """Check the model and load it in every worker now, not on the first request (10-30 s).

        `state` / `error` say where it is (for /readyz). Raises PiiUnavailable."""
        self.state = "loading"
        try:
            self.check_model()
            if self.executor_kind == "process" and self.remote is not None:
                if self._pool is None:
                    self._pool = RemotePool(self.remote)
                await self._pool.start()
            elif self.executor_kind == "process":
                if self._pool is None:
                    self._pool = WorkerPool(self.workers, _analyze_chunks, init=_init_worker,
                                            init_args=(self.spacy_model,), slice_timeout_s=self.slice_timeout_s,
                                            team_max_jobs=self.team_max_jobs, name="PII")
                await self._pool.start()
            elif (pool := self._executor()) is None:
                _warm(self.spacy_model)
            else:
                await asyncio.get_running_loop().run_in_executor(pool, _warm, self.spacy_model)
        except (PoolError, OSError) as exc:
            await self._reset()
            self.state, self.error = "error", f"PII analysis workers could not start: {exc}"
            raise PiiUnavailable(self.error) from None
        except PiiUnavailable as exc:
            self.state, self.error = "error", str(exc)
            raise
        self.state, self.error = "ready", None

    async def close(self) -> None:
        """Stop the workers (they hold no state: terminated, not drained)."""
        await self._reset()
        self.state = "idle"

    def terminate(self) -> None:
        """Kill the workers now, without waiting (atexit)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
        self.state = "idle"

    async def _reset(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()
        threads, self._thread_pool = self._thread_pool, None
        if threads is not None:
            threads.shutdown(wait=False, cancel_futures=True)

    # ---- analysis

    @staticmethod
    def _key(text: str, entities: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:20], entities

    def cached(self, text: str, entities: Iterable[str]) -> tuple[Span, ...] | None:
        return self._cache.get(self._key(text, tuple(sorted(set(entities)))))

    def _remember(self, key: tuple[bytes, tuple[str, ...]], spans: tuple[Span, ...]) -> None:
        self._cache[key] = spans
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def analyze(self, texts: Sequence[str], entities: Iterable[str]) -> list[tuple[Span, ...]]:
        """Spans per text for `entities`, from the cache where possible. Raises PiiUnavailable.

        Texts another request is already analysing are waited for, not analysed twice; a request that
        stops waiting (its check timed out, its client left) cancels the analysis once nobody else waits."""
        ents = tuple(sorted(set(entities)))
        keys = [self._key(t, ents) for t in texts]
        results: dict[int, tuple[Span, ...]] = {}
        waits: dict[int, tuple[asyncio.Future[tuple[Span, ...]], _Fill]] = {}
        todo: dict[tuple[bytes, tuple[str, ...]], int] = {}
        for i, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if not ents or not text.strip():
                results[i] = ()
            elif (hit := self._cache.get(key)) is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                results[i] = hit
            elif key in self._inflight:
                waits[i] = self._inflight[key]
            elif key not in todo:
                todo[key] = i
        if todo:
            self.misses += len(todo)
            loop = asyncio.get_running_loop()
            mine = {key: loop.create_future() for key in todo}
            # Its own task: a cancelled request does not cancel work other requests wait for.
            fill = _Fill(asyncio.ensure_future(self._fill(mine, [texts[i] for i in todo.values()], ents)))
            self._tasks.add(fill.task)
            fill.task.add_done_callback(self._tasks.discard)
            for key, i in todo.items():
                self._inflight[key] = waits[i] = (mine[key], fill)
        fills = {id(f): f for _, f in waits.values()}
        for fill in fills.values():
            fill.waiters += 1
        try:
            for i, (fut, _) in waits.items():
                results[i] = await asyncio.shield(fut)
        finally:
            for fill in fills.values():
                fill.waiters -= 1
                if fill.waiters == 0 and not fill.task.done():
                    fill.task.cancel()  # nobody waits for it any more: free the workers
        for i, key in enumerate(keys):
            if i not in results:  # a duplicate of a text computed above
                results[i] = results[todo[key]]
        return [results[i] for i in range(len(texts))]

    async def mentions(self, jobs: Sequence[tuple[str, tuple[Span, ...], tuple[tuple[str, float], ...]]],
                       ) -> list[tuple[Span, ...]]:
        """Per (text, its own spans, the names found in the request's other texts): the PERSON spans of those names'
        mentions in the text (`proxy.nlp.mentions`), in the workers; cached. Raises PiiUnavailable."""
        out: dict[int, tuple[Span, ...]] = {}
        todo: list[int] = []
        keys = [(_mention_key(text, own, names), ("@mentions",)) for text, own, names in jobs]
        for n, key in enumerate(keys):
            if (hit := self._cache.get(key)) is not None:
                self._cache.move_to_end(key)
                out[n] = hit
            else:
                todo.append(n)
        if todo:
            args = (self.spacy_model, [jobs[n][0] for n in todo], ["PERSON"],
                    [([(s.entity, s.start, s.end, s.score) for s in jobs[n][1] if s.entity == "PERSON"],
                      list(jobs[n][2])) for n in todo])
            try:
                if self.executor_kind == "process":
                    if self._pool is None:
                        await self.start()
                    assert self._pool is not None
                    found = (await self._pool.run([args]))[0]
                elif (pool := self._executor()) is None:
                    found = _analyze_chunks(*args)
                else:
                    found = await asyncio.get_running_loop().run_in_executor(pool, _analyze_chunks, *args)
            except PoolError as exc:
                raise PiiUnavailable(str(exc)) from None
            for n, spans in zip(todo, found, strict=True):
                out[n] = tuple(Span(e, a, b, sc) for e, a, b, sc in spans)
                self._remember(keys[n], out[n])
        return [out[n] for n in range(len(jobs))]

    async def _fill(self, futures: dict[tuple[bytes, tuple[str, ...]], asyncio.Future[tuple[Span, ...]]],
                    texts: list[str], entities: tuple[str, ...]) -> None:
        try:
            computed = await self._compute(texts, list(entities))
            for (key, fut), spans in zip(futures.items(), computed, strict=True):
                self._remember(key, spans)
                fut.set_result(spans)
        except BaseException as exc:
            for fut in futures.values():
                if not fut.done():
                    fut.set_exception(exc if isinstance(exc, Exception) else PiiUnavailable("analysis cancelled"))
                    fut.exception()  # retrieved: no "never retrieved" warning
            if not isinstance(exc, Exception):
                raise
        finally:
            for key in futures:
                self._inflight.pop(key, None)

    def _slices(self, texts: list[str]) -> list[list[tuple[int, int, str, int]]]:
        """(text index, offset, piece, lead) bundles of about `chunk_chars` characters: the unit a worker takes. A
        piece inside a long table is read from its first line's start behind the table's header (`proxy.nlp.tbl33`):
        its first `lead` characters are that header, not the text's."""
        from proxy.nlp.tbl33 import leads

        bundles: list[list[tuple[int, int, str, int]]] = []
        size = chunk = slice_chars(texts, self.chunk_chars)
        for ti, text in enumerate(texts):
            parts = split_text(text, chunk, OVERLAP)
            heads = leads(text, [off for off, _ in parts]) if len(parts) > 1 else [None]
            for (off, piece), head in zip(parts, heads, strict=True):
                lead = 0
                if head is not None:
                    off, piece, lead = head[0], head[1] + text[head[0]:off + len(piece)], len(head[1])
                if size + len(piece) > chunk:
                    bundles.append([])
                    size = 0
                bundles[-1].append((ti, off, piece, lead))
                size += len(piece)
        return bundles

    async def _compute(self, originals: list[str], entities: list[str]) -> list[tuple[Span, ...]]:
        # Long separator runs between digit groups read short (`squeezed`): never where a text is cut in pieces.
        views = [squeezed(t) for t in originals]
        texts = [v.text for v in views]
        bundles = self._slices(texts)
        try:
            if self.executor_kind == "process":
                if self._pool is None:
                    await self.start()  # first use without `start()` (CLI)
                assert self._pool is not None
                outs = await self._pool.run([(self.spacy_model, [p for _, _, p, _ in b], entities) for b in bundles])
            elif (pool := self._executor()) is None:
                outs = [_analyze_chunks(self.spacy_model, [p for _, _, p, _ in b], entities) for b in bundles]
            else:
                loop = asyncio.get_running_loop()
                outs = await loop.run_in_executor(pool, _analyze_bundles, self.spacy_model,
                                                  [[p for _, _, p, _ in b] for b in bundles], entities)
        except PoolError as exc:
            raise PiiUnavailable(str(exc)) from None
        # A long text's pieces overlap (`split_text`): what a cut splits, a neighbour reads whole.
        pieces: list[list[tuple[int, int]]] = [[] for _ in texts]
        for bundle in bundles:
            for ti, off, piece, lead in bundle:
                pieces[ti].append((off, off + len(piece) - lead))
        found: list[dict[tuple[str, int, int], float]] = [{} for _ in texts]
        seen = [0] * len(texts)
        for bundle, out in zip(bundles, outs, strict=True):
            for (ti, off, _, lead), results in zip(bundle, out, strict=True):
                k, seen[ti] = seen[ti], seen[ti] + 1
                for e, s, en, sc in results:
                    if lead:  # (a table's header read before the piece: tbl33)
                        if s < lead:
                            continue
                        s, en = s - lead, en - lead
                    if len(pieces[ti]) > 1 and _cut_off(pieces[ti], k, s + off, en + off, len(texts[ti])):
                        continue
                    key = (e, *views[ti].span(s + off, en + off))
                    found[ti][key] = max(sc, found[ti].get(key, sc))  # read twice in an overlap: once
        return [tuple(sorted((Span(e, a, b, sc) for (e, a, b), sc in spans.items()),
                             key=lambda s: (s.start, -s.end, s.entity))) for spans in found]


@dataclass(eq=False)
class _Fill:
    """One analysis in flight, and how many requests wait for it."""

    task: asyncio.Future[None]
    waiters: int = 0


def _analyze_bundles(spacy_model: str, bundles: list[list[str]], entities: list[str]) -> list[list[list[Result]]]:
    return [_analyze_chunks(spacy_model, chunks, entities) for chunks in bundles]
