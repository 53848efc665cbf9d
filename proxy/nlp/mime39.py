"""MIME in legacy charsets (mime39, issue 12, atk38 F15, F16): a raw mail's encoded words and bodies read decoded.

- Quoted-printable read with the charset its part declares (`qp_edits`, from `proxy.nlp.fold31.escapes31`, a pass of
  the normalised view): a MIME part's body after its header block (`Content-Transfer-Encoding: quoted-printable`,
  `Content-Type: text/...; charset=...`; up to the next `--boundary` line or the text's end), and a vCard 2.1 value
  (`N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9A...`, soft breaks continuing it), decoded byte by byte with an
  incremental decoder of the declared charset (UTF-8 where none; ISO-2022-JP, Shift_JIS, GB2312/GBK/GB18030, EUC-JP,
  EUC-KR, Big5, KOI8-R, windows-125x... as their supersets `_SUPERSETS`): each decoded character maps back to the
  escapes (and the ASCII bytes of a JIS or Shift_JIS pair) that made it, so a finding redacts exactly the encoded
  characters of the value (`=D0=94=D0=BC...` -> `<PERSON_1>`) and the rest of the body goes as written. A body
  that does not decode (or decodes to control characters) is left to the view's older readings.
- RFC 2047 encoded words (`proxy.nlp.normalize._encoded_word`): a Q word's body decoded the same way (`_` a space;
  `=?ISO-2022-JP?Q?...?=`, `=?SHIFT_JIS?Q?...?=`), B words with the same supersets, and the whitespace (a folded
  header's line break too) between two adjacent encoded words read as nothing, as RFC 2047 6.2 says
  (`adjacent_words`).
- A base64 body of a text part in a declared charset (`part_charset`: `proxy.nlp.file36.blob_slots` reads the run
  with it when it is no UTF-8): its rewrite is the redacted text encoded again in that charset (the whole run).
- A CJK display name before `<address>` in a mail header (`cjk_display_spans`: `From: 渡辺裕子 <...>`, decoded from
  an encoded word by `proxy.nlp.xml32.encoded_name_spans` too): 2 to 4 Han characters that start with a listed Han
  surname and hold no organisation's word (`客服中心`, `株式会社`).
- A `Given_Surname` inside a Q encoded word is left to the decoder (`in_encoded_word`: `proxy.guard.context24` used to
  read its `_` as a space first, which broke the word).

Each reading is gated by a substring test; pure functions, CPU only.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterable, Iterator

__all__ = ["UTF8_HINT", "adjacent_words", "cjk_display_spans", "cjk_name", "codec_of", "decoded_mime", "encoded_cuts",
           "in_encoded_word", "part_charset", "q_body", "qp_edits", "qp_open", "utf8_runs", "word_spans"]

Edit = tuple[int, int, str]

# What mail software writes under a legacy name is its superset (a GB2312 mail holds GBK characters, a Shift_JIS
# one Microsoft's cp932 extensions, an EUC-KR one cp949's).
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "iso-2022-jp": "iso2022_jp_2", "iso-2022-jp-1": "iso2022_jp_2", "csiso2022jp": "iso2022_jp_2",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "x-euc-kr": "cp949",
    "x-euc-jp": "euc_jis_2004", "euc-jp": "euc_jis_2004", "big5": "big5hkscs", "x-big5": "big5hkscs",
    "us-ascii": "utf-8", "ascii": "utf-8", "iso-8859-1": "cp1252", "latin1": "cp1252",
}


def codec_of(charset: str) -> str | None:
    """The Python codec that reads a MIME charset (its superset where mail software writes one), None if unknown."""
    name = charset.strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _printable(text: str) -> bool:
    return all(c.isprintable() or c in "\t\r\n" for c in text)


def byte_edits(text: str, pieces: Iterable[tuple[int, int, bytes]], codec: str) -> list[Edit] | None:
    """Edits that read the bytes of `pieces` ((start, end, bytes) of `text`, in order) decoded with `codec`: each
    decoded character (or run a decoder gives at once) in place of the pieces that made it; None where the bytes do
    not decode or make control characters."""
    dec = codecs.getincrementaldecoder(codec)("strict")
    out: list[Edit] = []
    start = -1
    try:
        for a, b, raw in pieces:
            if start < 0:
                start = a
            got = dec.decode(raw)
            if dec.getstate()[0]:
                continue  # (a character's bytes not all read yet)
            if got != text[start:b]:
                out.append((start, b, got))
            start = -1
        if dec.decode(b"", final=True) or start >= 0:
            return None
    except (UnicodeDecodeError, ValueError):
        return None
    if not all(_printable(new) for _, _, new in out):
        return None
    return out


_ESCAPE = re.compile(r"=(?:([0-9A-Fa-f]{2})|\r?\n)")


def _qp_pieces(text: str, a: int, b: int, utf8: bool, underscore: bool = False) -> Iterator[tuple[int, int, bytes]]:
    """The bytes of the quoted-printable `text[a:b]`: an `=XX` one byte, a soft line break none, a character its
    own (`_` a space in an encoded word); a character that is not ASCII raises ValueError (no QP) but in UTF-8."""
    k = a
    while k < b:
        ch = text[k]
        if ch == "=":
            m = _ESCAPE.match(text, k, b)
            if m is not None:
                yield k, m.end(), bytes.fromhex(m.group(1)) if m.group(1) else b""
                k = m.end()
                continue
        if ch == "_" and underscore:
            yield k, k + 1, b" "
        elif ch.isascii():
            yield k, k + 1, ch.encode("ascii")
        elif utf8:
            yield k, k + 1, ch.encode("utf-8", "surrogatepass")
        else:
            raise ValueError("not quoted-printable")
        k += 1


def q_body(text: str, a: int, b: int, codec: str, underscore: bool = True) -> list[Edit] | None:
    """Edits that read the quoted-printable `text[a:b]` decoded with `codec` (see the module's docstring)."""
    try:
        return byte_edits(text, _qp_pieces(text, a, b, codec == "utf-8", underscore), codec)
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------- MIME parts

_CTE_QP = re.compile(r"(?im)^content-transfer-encoding[ \t]*:[ \t]*\"?quoted-printable\"?[ \t]*\r?$")
_CHARSET = re.compile(r"(?i)\bcharset[ \t]*=[ \t]*\"?([A-Za-z0-9_.:+-]{1,40})")
_CONTENT_TYPE = re.compile(r"(?im)^content-type[ \t]*:[ \t]*([\w.+-]+)/")
_BLANK = re.compile(r"\r?\n[ \t]*\r?\n")
_BOUNDARY = re.compile(r"(?m)^--[^\s]{1,200}[ \t]*\r?$")
_HEADER_REACH = 2000
_BODY_REACH = 200_000
_VCARD_QP = re.compile(r"(?im)^(?:[A-Z0-9-]+\.)?[A-Z][A-Z0-9-]*((?:;[^:\r\n]*)?;(?:ENCODING=)?QUOTED-PRINTABLE"
                       r"(?:;[^:\r\n]*)?):")
_QP_HINT = re.compile(r"(?i)quoted-printable")


def _block(text: str, at: int) -> tuple[int, int]:
    """[start, end) of the header block around `text[at]`: from the blank line (or the text's start) before it to
    the blank line after it (or the text's end)."""
    lo = max(0, at - _HEADER_REACH)
    starts = [m.end() for m in _BLANK.finditer(text, lo, at)] + [m.end() for m in _BOUNDARY.finditer(text, lo, at)]
    start = max(starts) if starts else lo
    blank = _BLANK.search(text, at, at + _HEADER_REACH)
    return start, blank.start() if blank is not None else len(text)


def _text_part(block: str) -> bool:
    m = _CONTENT_TYPE.search(block)
    return m is None or m.group(1).lower() in ("text", "message", "multipart")


def _charset(block: str) -> str | None:
    m = _CHARSET.search(block)
    return codec_of(m.group(1)) if m is not None else "utf-8"


def _regions(text: str) -> list[tuple[int, int, str]]:
    """[start, end) and codec of each declared quoted-printable body and vCard value of `text`."""
    out: list[tuple[int, int, str]] = []
    if "ontent-" in text or "ONTENT-" in text:
        for m in _CTE_QP.finditer(text):
            lo, hi = _block(text, m.start())
            blank = _BLANK.match(text, hi)
            if blank is None or (out and lo < out[-1][1]):
                continue
            block = text[lo:hi]
            codec = _charset(block)
            if codec is None or not _text_part(block):
                continue
            bound = _BOUNDARY.search(text, blank.end(), blank.end() + _BODY_REACH)
            out.append((blank.end(), bound.start() if bound is not None
                        else min(len(text), blank.end() + _BODY_REACH), codec))
    for m in _VCARD_QP.finditer(text):
        if out and m.start() < out[-1][1] and any(a <= m.start() < b for a, b, _ in out):
            continue
        cs = re.search(r"(?i)CHARSET=([A-Za-z0-9_.:+-]{1,40})", m.group(1))
        codec = codec_of(cs.group(1)) if cs is not None else "utf-8"
        if codec is None:
            continue
        end = m.end()
        while True:  # the value's line, and the next while a soft break ends it
            nl = text.find("\n", end)
            if nl < 0:
                end = len(text)
                break
            line_end = nl - 1 if text[nl - 1:nl] == "\r" else nl
            if text[line_end - 1:line_end] != "=":
                end = line_end
                break
            end = nl + 1
        out.append((m.end(), end, codec))
    out.sort()
    return out


def qp_edits(text: str) -> tuple[list[Edit], list[tuple[int, int]]]:
    """Edits that read each declared quoted-printable body and vCard value of `text` decoded with its charset, and
    the [start, end) of those read (the view's other QP readings stay out of them)."""
    if "=" not in text or _QP_HINT.search(text) is None:
        return [], []
    edits: list[Edit] = []
    done: list[tuple[int, int]] = []
    for a, b, codec in _regions(text):
        found = q_body(text, a, b, codec, underscore=False)
        if found:
            edits += found
            done.append((a, b))
    return edits, done


def part_charset(text: str, at: int) -> str | None:
    """The codec of a text part whose base64 body starts at `text[at]`: its header block (right before, a blank line
    between) says `Content-Transfer-Encoding: base64` and a text type with a `charset=`; else None."""
    head = text[max(0, at - _HEADER_REACH):at]
    if "harset" not in head and "HARSET" not in head:
        return None
    blanks = list(_BLANK.finditer(head))
    if not blanks or head[blanks[-1].end():].strip():
        return None
    lo = blanks[-2].end() if len(blanks) > 1 else 0
    block = head[lo:blanks[-1].start()]
    if re.search(r"(?im)^content-transfer-encoding[ \t]*:[ \t]*\"?base64", block) is None or not _text_part(block):
        return None
    m = _CHARSET.search(block)
    return codec_of(m.group(1)) if m is not None else None


# ------------------------------------------------------------------------------------------- encoded words

_WORD_GAP = re.compile(r"[ \t]*(?:\r?\n[ \t]+)?[ \t]*")


def adjacent_words(text: str, words: list[re.Match[str]]) -> list[Edit]:
    """The whitespace between two adjacent encoded words read as nothing (RFC 2047 6.2)."""
    out: list[Edit] = []
    for w, nxt in zip(words, words[1:], strict=False):
        if w.end() < nxt.start() and _WORD_GAP.fullmatch(text, w.end(), nxt.start()) is not None:
            out.append((w.end(), nxt.start(), ""))
    return out


_Q_WORD = re.compile(r"=\?[A-Za-z0-9_.:-]{1,40}(?:\*[A-Za-z-]{1,20})?\?[Qq]\?[^?\s]{0,2000}\?=")


def in_encoded_word(text: str, a: int, b: int) -> bool:
    """Whether `text[a:b]` is inside a Q encoded word."""
    lo = text.rfind("=?", 0, a + 1)
    return lo >= 0 and (m := _Q_WORD.match(text, lo)) is not None and b <= m.end()


# ------------------------------------------------------------------------------------------- CJK display names

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005"
_CJK_MAILBOX = re.compile(rf"(?:^|(?<=[:,;]))[ \t]*\"?(?P<name>[{_HAN}]{{1,2}}[ \t\u3000]?[{_HAN}]{{1,3}})\"?"
                          r"[ \t]*<[^<>@\s\"]{1,64}@[^<>\s\"]{1,255}>", re.M)
# Words of an organisation, a team, a service or a role in a CJK display name.
_ORG = re.compile("公司|会社|會社|株式|有限|集团|集團|客服|服务|服務|中心|团队|團隊|小组|小組|系统|系統|通知|管理|支持|"
                  "银行|銀行|学校|學校|大学|大學|医院|醫院|病院|事务|事務|办公|辦公|官方|平台|平臺|商城|商店|科技|协会|協会|"
                  "委员|委員|财务|財務|人事|销售|銷售|販売|営業|広報|总部|總部|本部|支店|支社|部门|部門|网站|網站|"
                  "事業|研究|工作|招聘|采购|採購|物流|快递|快遞|运营|運營|市场|市場|技术|技術|編集|编辑|担当|窓口|"
                  "係|課|部|店|局|署|所|社|组|組|团|團|网|網|室|処|科")


def cjk_name(value: str) -> bool:
    """Whether `value` is a Han name: 2 to 4 characters (one space may part surname and given name) that start with a
    listed Han surname and hold no organisation's word."""
    from proxy.nlp.names import native_names

    word = value.replace(" ", "").replace("\t", "").replace("\u3000", "")
    if not 2 <= len(word) <= 4 or _ORG.search(word) is not None:
        return False
    han = native_names().last.get("han", frozenset())
    return any(word[:k] in han and len(word) > k for k in (1, 2))


def cjk_display_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each Han display name before `<address>` on a mail header's line or after a list's `,`."""
    if text.isascii() or "<" not in text or "@" not in text:
        return []
    return [m.span("name") for m in _CJK_MAILBOX.finditer(text) if cjk_name(m.group("name"))]


def word_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each encoded word of `text`."""
    if "=?" not in text:
        return []
    from proxy.nlp.normalize import _ENCODED_WORD

    return [m.span() for m in _ENCODED_WORD.finditer(text)]


@functools.lru_cache(maxsize=16)
def _decoded_regions(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(qp_edits(text)[1] + word_spans(text)))


def encoded_cuts(text: str, start: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`cuts` (offsets from `start` in `text`: where a PERSON span is cut at punctuation) without those inside a
    quoted-printable body or an encoded word the view read decoded (`=D0=94=D0=BC...` is one name, not pieces)."""
    regions = _decoded_regions(text)
    if not regions:
        return cuts
    return [(c, d) for c, d in cuts if not any(a <= start + c and start + d <= b for a, b in regions)]


def decoded_mime(text: str) -> tuple[str, list[int]] | None:
    """`text` with its declared quoted-printable bodies and vCard values and its encoded words read decoded, and per
    character the offset in `text` where it starts (one more entry: `len(text)`), as
    `proxy.nlp.fields24.decoded_letters` gives it: the rules read a name there as the model does (`N;CHARSET=UTF-8;
    ENCODING=QUOTED-PRINTABLE:=D0=9A...;=D0=94...;;;`); None where there is none."""
    if "=" not in text:
        return None
    edits, regions = qp_edits(text)
    from proxy.nlp.enc40 import legacy_qp  # (Shift_JIS, ISO-8859-1 QP no header declares: enc40)

    if not edits and (legacy := legacy_qp(text)):
        edits = legacy
    elif UTF8_HINT.search(text) is not None:  # (a QP body no header declares: a streamed window of one)
        more, _ = utf8_runs(text)
        edits += [e for e in more if not any(a <= e[0] < b for a, b in regions)]
    if "=?" in text and (spans := word_spans(text)):
        from proxy.nlp.normalize import _quoted_printable

        ends = {b for _, b in spans}
        edits += [e for e in _quoted_printable(text) if e[0] in ends or any(a <= e[0] and e[1] <= b for a, b in spans)]
    if not edits:
        return None
    from proxy.nlp.fields24 import applied

    return applied(text, sorted(edits))


UTF8_HINT = re.compile(r"=[C-F][0-9A-F]=[89AB][0-9A-F]")  # a character of UTF-8 written QP
_UTF8_SPAN = re.compile(r"(?:=[0-9A-F]{2}|=\r?\n)+")
_CONTINUATION = re.compile(r"(?:=\r?\n)*=[89AB][0-9A-F]")


def utf8_runs(text: str) -> tuple[list[Edit], list[tuple[int, int]]]:
    """In a quoted-printable text no header declares (a streamed window of a QP body, a body pasted alone), each run
    of `=XX` escapes and soft breaks (two escapes at least) that is UTF-8 of characters that are not ASCII, read
    decoded byte by byte (a character split by a soft break too); and their [start, end)."""
    edits: list[Edit] = []
    spans: list[tuple[int, int]] = []
    for m in _UTF8_SPAN.finditer(text):
        if m.end() - m.start() < 6 or m.group().count("=") - m.group().count("\n") < 2:
            continue
        a, b = m.span()
        found = q_body(text, a, b, "utf-8", underscore=False)
        if found is None:  # a cut's or a window's edges: the bytes of a character begun before, one not ended
            while (c := _CONTINUATION.match(text, a, b)) is not None:
                a = c.end()
            for _ in range(4):
                if b <= a or (found := q_body(text, a, b, "utf-8", underscore=False)) is not None:
                    break
                b = text.rfind("=", a, b)
        if found and not any(c.isascii() and not c.isspace() for _, _, new in found for c in new):
            # (the bytes of a character cut off at either edge read as nothing: `=9A` + `090-...` is `090-...`)
            edits += [*([(m.start(), a, "")] if a > m.start() else []), *found,
                      *([(b, m.end(), "")] if b < m.end() else [])]
            spans.append(m.span())
    return edits, spans


_ESCAPE_OPEN = re.compile(r"=[0-9A-F]?\Z")
_ESCAPE_END = re.compile(r"=[0-9A-F]{2}\Z")
_HEX_START = re.compile(r"[0-9A-F]")
_CONTINUED = re.compile(r"(?:=\r?\n)?=[89AB][0-9A-F]")


def qp_open(left: str, right: str) -> bool:
    """Whether a cut between `left` and `right` (a streamed window's) falls inside a quoted-printable escape
    (`=E` + `F=BC`) or inside the escapes of one UTF-8 character (`=EF` + `=BC=90`): the view reads it only whole."""
    if _ESCAPE_OPEN.search(left[-2:]) is not None and _HEX_START.match(right) is not None:
        return True
    return _ESCAPE_END.search(left[-3:]) is not None and _CONTINUED.match(right) is not None
