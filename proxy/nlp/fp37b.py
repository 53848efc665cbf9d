"""Words read into a person's name that are no part of it (fp37b, atk37 FP01 and its over-redactions).

- a cue word before a name, `customer`/`patient`/`Dear` in other languages (`Müşteri Ayşe Yılmaz`, `Pelanggan Budi
  Santoso`, `Mteja Amina Wanjiru`, `Onibara Adebayo Ogunleye`, `Khách hàng ...`, `Sayın ...`): cut off the span;
- a lower-case word at a span's edge beside a capitalised name part, a very common English word or a listed word of
  a message in another language, neither a particle (`de`, `van`, `bin`, `binti`) nor a listed name (`Ravi shankar`
  keeps `shankar`): `Khai đã`, `Ahmad menghubungi kami`, `lasku Liisa Korhoselle`, `Ravi shankar called`: cut off;
- a span of Vietnamese function words alone, lower case (`sang gói`, `chuyển sang`): no name;
- a Finnish imperative opening a sentence before a name (`Soita Antti Mäkiselle`, `Lähetä Liisa Virtaselle`): cut off;
  German `Mal` after a number or a determiner (`drei oder vier Mal`, `jedes Mal`): no name;
- a label before its `:` (`Auth: Basic ...`), `Per` (as in "per X") before a name read apart from it (`Per
  Natarajan, ...`), a department word filling a table cell (`<td>Finance</td>`, `| Legal |`): no name.
Names stay redacted: only the cut words go as sent.
"""

from __future__ import annotations

import re

from proxy.nlp.everyday22 import ENGLISH_DEPARTMENTS
from proxy.nlp.everyday26 import PARTICLES
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# `customer`, `client`, `patient`, `Dear` before a name, as a text opens on it (not names in any list that matters).
_CUES = frozenset("""
müşteri müşterimiz sayın hasta pelanggan nasabah konsumen pasien pesakit mteja mgonjwa onibara alaisan khách hàng
bệnh nhân klient klientka klientem pacjent pacjentka asiakas potilas kund kunden kunde kundin klant patiënt zákazník
zákaznice pacient pacientka ügyfél beteg clientul pacientul cliente clienta paciente customer client patient
kustomer kliyente pasyente
""".split())
_PARTS = PARTICLES | frozenset({"bin", "binti", "binte", "ibn", "bint", "al", "el", "ben", "bat", "y", "e", "af", "av",
                                "mac", "ap", "st"})
# Vietnamese words that are no syllable of a name written in lower case (names are capitalised).
_VI_WORDS = frozenset("""
sang gói muốn chuyển đổi cước từ tháng đã sẽ đang vừa gọi và của cho với là có không được đến về hôm qua nay sau
trước năm ngày tuần dịch vụ doanh nghiệp gia đình cá nhân hợp đồng thanh toán tiền mạng hỏi báo yêu cầu cần nhờ
đề nghị xin hủy nâng cấp giảm tăng lên xuống các những một này đó kia rồi nữa cũng thì mà nên vì khi nếu
""".split())
# Lower-case words of other languages read onto a name's edge: Vietnamese above; Malay and Indonesian, Finnish,
# Swahili, Turkish, Yoruba verbs, pronouns and nouns of a message (`menghubungi kami`, `lasku`, `alipiga`).
_NOT_PARTS = _VI_WORDS | frozenset("""
menghubungi hubungi kami kita saya anda telah sudah akan sedang yang dan menelepon mengirim meminta ingin mau tidak
belum dari untuk dengan pada kemarin hari ini lasku laskun maksu tilaus viesti soitti soita lähetä lähetti ja on
alipiga amepiga anataka simu aradı istiyor yazdı ve pe wa ti
""".split())
# Finnish imperatives a request opens with before the person it concerns (`Soita Antti Mäkiselle huomenna`, `Lähetä
# Liisa Virtaselle viesti`): read onto the name by the model at a sentence's start, cut off there.
# (Not `anna`, "give": the given name `Anna` opens as many sentences.)
_LEAD_VERBS = frozenset("""
soita soittakaa lähetä lähettäkää kerro kertokaa kysy kysykää muistuta muistuttakaa ilmoita ilmoittakaa pyydä pyytäkää
välitä välittäkää kiitä kiittäkää maksa maksakaa lisää poista kutsu kutsukaa vastaa vastatkaa tarkista tarkistakaa
auta auttakaa antakaa tervehdi onnittele palauta hyvitä siirrä varaa peru
""".split())
# German `Mal` (`times`) after a number or a determiner (`drei oder vier Mal`, `jedes Mal`, `zum ersten Mal`): no name.
_MAL_BEFORE = re.compile(r"(?i)(?:(?:\b|\Azum[ \t]+)(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"
                         r"|zwanzig|hundert|jedes|letztes|nächstes|dieses|erstes|zweites|drittes|manches|einziges|paar|etliche|viele"
                         r"|mehrere|ersten|zweiten|dritten|letzten|nächsten|x)|\d)[ \t]+\Z")
_LABELS = frozenset("auth authorization bearer basic token apikey cookie"
                    # a contact's labels (atk38 FP02: `<td>Mobile:</td>`)
                    " mobile cell cellphone phone telephone tel fax email e-mail home work office".split())
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:\n])[ \t\"'„“»(-]*\Z")
_CELL = re.compile(r"(?:<t[dh][^>]*>|\|[ \t]*|\t|^)\Z")
_CELL_END = re.compile(r"(?:</t[dh]>|[ \t]*\||\t|$)", re.M)
_PER_NEXT = re.compile(r"[ \t]+[A-Z]")


def _hint(chunk: str, text: str) -> bool:
    return any(not w[:1].isupper() for w in text.split()) or ":" in chunk or "Per " in chunk or "<t" in chunk \
        or "|" in chunk or "\t" in chunk or text.split()[0].lower() in _CUES or text.split()[0].lower() in _LEAD_VERBS \
        or text.endswith("Mal")


def _trimmed(chunk: str, start: int, end: int, names: NameLists) -> tuple[int, int] | None:
    """The span without the cue words and lower-case words at its edges (None: nothing of a name is left)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(chunk, start, end)]
    if not words:
        return start, end
    if all(w.islower() for _, _, w in words):
        return None if all(w in _VI_WORDS for _, _, w in words) else (start, end)

    def lower_edge(w: str) -> bool:
        return w.islower() and w not in _PARTS and (w in _NOT_PARTS or names.is_very_common(w) and not names.is_name(w))

    lo, hi = 0, len(words)
    if len(words) > 1 and words[0][2].lower() in _LEAD_VERBS and _SENTENCE_START.search(chunk, 0, words[0][0]):
        lo = 1  # (`Soita Antti Mäkiselle`: the verb opening the sentence)
    while lo < hi and (words[lo][2].lower() in _CUES or lower_edge(words[lo][2])):
        lo += 1
    while hi > lo and lower_edge(words[hi - 1][2]):
        hi -= 1
    while lo < hi and words[lo][2] in _PARTS:  # (a particle alone at an edge is no name either)
        lo += 1
    while hi > lo and words[hi - 1][2] in _PARTS:
        hi -= 1
    if lo >= hi:
        return None
    return words[lo][0] if lo else start, words[hi - 1][1] if hi < len(words) else end


def _no_name(chunk: str, start: int, end: int, found: list[Result]) -> bool:
    word = chunk[start:end]
    if word.lower() in _LABELS and chunk[end:end + 2].lstrip(" ")[:1] == ":":
        return True  # `Auth: Basic ...`
    if word == "Mal" and _MAL_BEFORE.search(chunk, max(0, start - 24), start) is not None \
            or word.endswith(" Mal") and _MAL_BEFORE.fullmatch(word[:-3] + " ") is not None:
        return True  # `drei oder vier Mal`, `Jedes Mal`
    if word == "Per" and (m := _PER_NEXT.match(chunk, end)) is not None \
            and any(r[0] == "PERSON" and r[1] == m.end() - 1 for r in found):
        return True  # `Per Natarajan, ...`: the name read apart
    return word.lower() in ENGLISH_DEPARTMENTS and _CELL.search(chunk, max(0, start - 40), start) is not None \
        and _CELL_END.match(chunk, end) is not None  # `<td>Finance</td>`


def without37b(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with its PERSON spans cut to the name (module doc); spans of no name dropped."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        entity, start, end, score = r
        if entity != "PERSON" or not chunk[start:end].strip() or not _hint(chunk, chunk[start:end]):
            out.append(r)
            continue
        if _no_name(chunk, start, end, found):
            continue
        cut = _trimmed(chunk, start, end, names)
        if cut is not None:
            out.append((entity, cut[0], cut[1], score))
    return out
