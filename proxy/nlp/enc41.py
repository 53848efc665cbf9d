"""Leftovers in non-English scripts and encodings (enc41, issue 12; atk39/atk40 leftovers).

- **A CJK name alone on the line after a closing** (`signed_han`): one to four Han characters alone on their line
  (`林`, `王伟`, `张三丰`, `山田`), the line before it (blank lines between at most two) a closing: an English sign-off
  (`Regards,`, `Best,`, `Thanks,`, `Kind regards,`: `cued._SIGN_OFF_LINE`) or a Chinese/Japanese one ending its line
  (`此致`/`敬礼`, `谢谢！`, `祝好，`, `敬具`, `草々`, `以上、よろしくお願いします。`), where the run starts with a
  listed surname (one character, or two: `欧阳`, `山田`). A closing's own word (`敬礼`, `以上`), a team's or a
  desk's name (`客服部`, `技术支持团队`, `人事課`) and a wish (`明天见`, `平安`) stay. A streamed window does not end
  right after a closing's line (`closing_open`): the name's line is read with it.

- **A value in an ISO-2022-JP quoted-printable body** (`jis_whole`, after every rule): mime39 reads the body decoded
  (`=1B$B;3ED2mO:=1B(B` is `山田裕子`), each character mapped to the bytes that made it; a span that starts or ends
  inside a JIS run (between `=1B$B` and `=1B(B`) is widened to the run's escapes, and one that ends inside the next
  run's opening escape (or starts inside the closing one) ends before it (starts after it), so the placeholder (ASCII)
  stands outside any JIS run and every escape that remains is whole: `=1B$B;3ED2mO:=1B(B=1B$BMM=1B(B` goes as
  `<PERSON_1>=1B$BMM=1B(B`, never `=1B$B<PERSON_1>MM=1B(B`.

  A JIS run no header declares (a body's window streamed after its header went out, a body pasted alone) is read
  decoded as well (`jis_runs`, from `enc40.legacy_qp`): the escape `=1B$B` is ISO-2022-JP's own. A streamed window
  does not end between two JIS runs a space apart (`=1B(B =1B$B`: `jis_open`), so a name's parts are read together.
  A raw run (the ESC byte itself, `\x1b$B;3EDB@O:\x1b(B`, pasted without a header: nm42) is read decoded by the view
  and the rules (`raw_jis`: a normalising pass, and `enc40.decoded_text`), its spans widened to its escapes too.

Found last, so they stand. Each pass is gated by a substring test. Pure functions, CPU only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["closing_open", "jis_open", "jis_runs", "jis_whole", "raw_jis", "signed_han", "with_enc41"]

Result = tuple[str, int, int, float]

_HAN = "\u3400-\u9fff\u3005"
# A line of one to four Han characters alone (spaces around it at will).
_HAN_LINE = re.compile(rf"(?m)^[ \t\u3000]*([{_HAN}]{{1,4}})[ \t\u3000]*\r?$")
# A Chinese or Japanese closing at a line's end (punctuation after it at will).
_CJK_CLOSING = re.compile(r"(?:此致|敬礼|敬禮|敬上|谨上|謹上|顺祝(?:商祺|时祺|安好)?"
                          r"|祝(?:好|商祺|工作顺利|一切顺利|安好)|谢谢|謝謝|多谢|多謝|感谢|感謝|敬具|草々|謹白|敬白|拝具|かしこ|以上"
                          r"|(?:よろしく|宜しく)お願い(?:いた|致)?(?:します|申し上げます)|ありがとうございました)"
                          r"[ \t\u3000]*[!！。.,，、~～]*[ \t\u3000]*\r?$")
_CLOSING_CHARS = frozenset("此敬谨謹顺祝谢謝多感草拝かし以くいまた")
# What such a line is when it is no name: a closing's own words, wishes, teams and desks.
_NOT_NAMES = tuple("""
敬礼 敬禮 敬上 敬具 敬白 谢谢 謝謝 以上 草々 谨上 祝好 此致 明天见 明日 再见 平安 安好 万事如意 全体 全员 全員 同上
加油 高兴 白天 黄金 华为 文件 方案 时间 管理员 公司 公告 安全 明天 和平 金融 文档 全部 高级
""".split())  # (a line that starts with one: `全体员工`)
_ORG_END = tuple("""
部 组 組 队 隊 司 处 處 科 室 中心 团队 團隊 办 辦 会 會 局 院 厅 廳 店 社 課 係 班 团 團 所 署 一同 全员 全員 们 們
员工 員工 同事 大家 各位
""".split())


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(one-character, two- or three-character) Han surnames: the native lists, Japanese surnames (`cued._JA_LAST`,
    kana39)."""
    from proxy.nlp.cued import _JA_LAST
    from proxy.nlp.kana39 import _ONE
    from proxy.nlp.names import native_names

    han = native_names().last.get("han", frozenset()) | _JA_LAST
    return frozenset(s for s in han if len(s) == 1) | _ONE, frozenset(s for s in han if len(s) in (2, 3))


def _closing(line: str) -> bool:
    from proxy.nlp.cued import _SIGN_OFF_LINE

    if _SIGN_OFF_LINE.match(line) is not None:
        return True
    return any(ch in _CLOSING_CHARS for ch in line) and _CJK_CLOSING.search(line) is not None


def closing_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text`: right after a closing's line (`Regards,`, `敬具`,
    `谢谢！`), blank lines after it at will (the module's docstring)."""
    if cut < 2 or text[cut - 1] != "\n":
        return False
    end = cut - 1
    while end > 0 and text[end - 1] in "\r\n" and cut - end < 4:
        end -= 1
    line = text.rfind("\n", 0, end) + 1
    return 0 < end - line <= 40 and _closing(text[line:end].rstrip("\r"))


def signed_han(text: str) -> list[tuple[int, int]]:
    """[start, end) of each Han name alone on the line after a closing (the module's docstring)."""
    if "\n" not in text:
        return []
    one, more = _surnames()
    out = []
    for m in _HAN_LINE.finditer(text):
        run = m.group(1)
        if run.startswith(_NOT_NAMES) or run.endswith(_ORG_END) or not (run[0] in one or run[:2] in more
                                                                or run[:3] in more):
            continue
        lines = text[:m.start()].split("\n")[-4:-1]  # the lines before it (the last is empty: the run's own start)
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines or len(text[:m.start()].split("\n")[-4:-1]) - len(lines) > 2:
            continue
        previous = lines[-1]
        if _closing(previous) or previous.strip() in ("敬礼", "敬禮") and len(lines) >= 2 and _closing(lines[-2]):
            out.append(m.span(1))
    return out


def with_enc41(text: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the module's names as PERSON where no PERSON finding covers them already."""
    del names  # (the native lists are read here)
    if text.isascii():
        return found
    spans = signed_han(text)
    added = [("PERSON", a, b, 0.85) for a, b in dict.fromkeys(spans)
             if not any(r[1] <= a and b <= r[2] and r[0] == "PERSON" for r in found)]
    return found + added if added else found


# A JIS run of an ISO-2022-JP body written quoted-printable: its opening escape (`=1B$B`, `=1B$@`, `=1B$(D`), its
# bytes (soft line breaks among them at will), its closing escape (`=1B(B`, `=1B(J`) or the text's end.
_JIS_RUN = re.compile(r"(=1[Bb]\$(?:[B@]|\(D))(?:(?!=1[Bb]\()[\s\S]){0,2000}?(=1[Bb]\([BJ]|\Z)")


# (nm42) A JIS run pasted with its raw escapes and no header (`\x1b$B;3EDB@O:\x1b(B`: `山田太郎`).
_RAW_RUN = re.compile(r"(\x1b\$[B@])((?:[\x21-\x7e]{2}){1,1000})(\x1b\([BJ]|\Z)")


def raw_jis(text: str) -> Iterator[tuple[int, int, str]]:
    """A normalising pass (nm42): each raw JIS run read decoded, each character in place of its two bytes, the first
    over the opening escape, the last over the closing one; none where a run does not decode to Japanese."""
    if "\x1b$" not in text:
        return
    for m in _RAW_RUN.finditer(text):
        try:
            chars = (b"\x1b$B" + m.group(2).encode("ascii") + b"\x1b(B").decode("iso2022_jp")
        except (UnicodeError, ValueError):
            continue
        if len(chars) * 2 != len(m.group(2)) or not all("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
                                                         for ch in chars):
            continue
        for i, ch in enumerate(chars):
            a = m.start() if i == 0 else m.start(2) + 2 * i
            yield a, m.end() if i == len(chars) - 1 else m.start(2) + 2 * i + 2, ch


def jis_whole(text: str, found: list[Result]) -> list[Result]:
    """`found` with each span that starts or ends inside a JIS run of an ISO-2022-JP quoted-printable body (or a raw
    one: nm42) moved to the run's escapes (the module's docstring)."""
    if "=1B$" not in text and "=1b$" not in text and "\x1b$" not in text or not found:
        return found
    runs = [(m.start(), m.end(1), m.start(2), m.end()) for m in _JIS_RUN.finditer(text)] if "\x1b$" not in text \
        else [(m.start(), m.end(1), m.start(3), m.end()) for m in _RAW_RUN.finditer(text)]
    if not runs:
        return found
    out: list[Result] = []
    for entity, a, b, score in found:
        for start, opened, closing, end in runs:
            if closing <= a < end:
                a = end  # (inside the closing escape: after it)
            elif start < a < end:
                a = start
            if start < b <= opened:
                b = start  # (inside the next run's opening escape: before it)
            elif start < b < end:
                b = end
        if a < b:
            out.append((entity, a, b, score))
    return out


_DECLARED = re.compile(r"(?i)content-transfer-encoding:[ \t]*quoted-printable")


def jis_runs(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Edits that read each JIS run of an ISO-2022-JP quoted-printable body no header declares (outside the encoded
    words `words`) decoded: each character in place of the escapes that made it; none where a run does not decode
    to Japanese."""
    if _DECLARED.search(text) is not None:
        return []  # (a declared body: mime39 reads it)
    from proxy.nlp.mime39 import codec_of, q_body

    codec = codec_of("iso-2022-jp") or "iso2022_jp_2"
    out: list[tuple[int, int, str]] = []
    for m in _JIS_RUN.finditer(text):
        if not m.group(2) or any(a <= m.start() < b for a, b in words):
            continue
        found = q_body(text, m.start(), m.end(), codec, underscore=False)
        new = "".join(n for _, _, n in found or ())
        if found and new and all("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in new):
            out.extend(found)
    return out


_JIS_LEFT = re.compile(r"=1[Bb]\([BJ][ \t\u3000]*\Z")
_JIS_RIGHT = re.compile(r"[ \t\u3000]*(?:=(?:1(?:[Bb](?:\$)?)?)?)?\Z|[ \t\u3000]*=1[Bb]\$")


def jis_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text`: after a JIS run's closing escape and blanks, before
    the next run's opening escape (or where what follows is not known yet): `=1B(B ` | `=1B$B...`."""
    return "=1" in text[max(0, cut - 10):cut] and _JIS_LEFT.search(text, max(0, cut - 10), cut) is not None \
        and _JIS_RIGHT.match(text[cut:cut + 8]) is not None
