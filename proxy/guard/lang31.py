"""A phone question in more languages, a Polish number's label, and a two-part question (issue 12, atk30 F10, F30).

`proxy.guard.context24` reads a user's short reply (requests) and `proxy.guard.reply26` the model's short answer
(output rules) with the cue of the question before it. The phone words were read in English, seven Latin-script
languages (`reply26._FOREIGN`) and ru/ja/zh/ko (`proxy.guard.plur29`), so a bare-digit reply to `ما هو رقم هاتفك؟`
(Arabic), `आपका फ़ोन नंबर क्या है?` (Hindi), `Berapa nomor telepon Anda?` (Indonesian), `Số điện thoại của bạn là
gì?` (Vietnamese) and the French `Quel est le numéro du support ?` (the support line's number) went on as sent
(`ASKS`: a phone's words in those languages; `asks` is `reply26._kind`'s hook).

A Polish question (`Jaki jest Pana numer telefonu?`) was read, but its reply's view (`Phone number: 601234567`)
reads a 9-digit Polish mobile with no trunk prefix as no valid number of the English label's regions: the reply of a
Polish question is read after the Polish label (`Telefon: `, whose regions `proxy.nlp.intl29` knows; a US number
after it is still read). The cue carries its label (`Cue`: a `str` equal to its kind, so every reading of the kind
is unchanged; `label` gives it).

A two-part question (`Phone for support? And hours?`): its last sentence is a short follow-up that asks for no type
(`And hours?`, `What about weekends?`): the cue is that of the question before it (`cue`), unless the follow-up asks
for some other number (`And the ticket number?`, `Also, which year?`: the reply's digits may be that one).

Pure functions over strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["ASKS", "PL_LABEL", "Cue", "asks", "cue", "label"]

ASKS: dict[str, re.Pattern[str]] = {
    "phone": re.compile(
        # Arabic (a phone, a mobile, its number: the words take a pronoun or an article glued on)
        r"هاتف|جوال|موبايل|تليفون|تلفون|رقم (?:ال)?محمول"
        # Hindi (phone with and without the nukta, mobile, telephone)
        r"|फ़ोन|फ़ोन|फोन|मोबाइल|दूरभाष|टेलीफोन"
        # Indonesian / Malay
        r"|\bnomor (?:telepon|telp|hp|ponsel|handphone|wa|whatsapp)\b|\btelepon\b|\bponsel\b|\bhandphone\b"
        r"|\bno\.? ?(?:hp|telp)\b"
        # Vietnamese (NFC)
        r"|số điện thoại|\bđiện thoại\b|\bsđt\b|số di động"
        # Polish (besides `telefon`: a mobile)
        r"|\bkomórk\w*|\bnumer (?:kom|tel)\b"
        # French: the number of a service line (`le numéro du support`, `du service client`, `du standard`)
        r"|\bnum[ée]ro (?:du |de la |de l'|de l’|d'|d’|de )(?:support|service client\w*|sav|standard"
        r"|assistance|hotline|helpdesk|accueil|secr[ée]tariat|contact)\b",
        re.I),
}
# A Polish question: its reply is read after the Polish label.
_POLISH = re.compile(r"(?i)\btelefon(?:u|em|ie|ów|y)\b|\bkomórk\w*|\bnumer\b|\bjaki\b|\bpodaj\b|\bproszę\b")
PL_LABEL = "Telefon: "
# A follow-up question that asks for no type (`And hours?`); one that asks for another number is no follow-up here.
_FOLLOW_UP = re.compile(r"(?i)^\s*(?:and|also|plus|what about|how about|et|i|oraz|dan|và)\b[^?？]{0,40}[?？]\s*$")
_OTHER_NUMBER = re.compile(r"(?i)\b(?:numbers?|no\.|ids?|codes?|pins?|zip|postcode|numéro|numer|nomor"
                           r"|years?|dates?|ages?|how (?:many|much|old|long)|counts?|amounts?|prices?|costs?"
                           r"|totals?|quantit\w*|versions?|sizes?|ann[ée]es?|rok\w*|tahun|năm)\b|#")
_FOLLOW_UP_WORDS = 6


class Cue(str):
    """A cue's kind (equal to it) with the label its reply is read after, where the English one is not right."""

    label: str

    def __new__(cls, kind: str, label: str) -> Cue:
        made = super().__new__(cls, kind)
        made.label = label
        return made


def asks(kind: str, sentence: str) -> bool:
    """Whether `sentence` asks for `kind` in the languages above (`reply26._kind`'s hook)."""
    pattern = ASKS.get(kind)
    return pattern is not None and pattern.search(unicodedata.normalize("NFC", sentence)) is not None


def cue(kind: str | None, sentences: Sequence[str]) -> str | None:
    """`context24.question_cue`'s result for a turn's `sentences`: a Polish phone question's as a `Cue` with the Polish
    label; none, where the last sentence is a short follow-up, the cue of the question before it."""
    if kind is None and len(sentences) >= 2:
        last = sentences[-1].strip()
        if _FOLLOW_UP.match(last) and len(last.split()) <= _FOLLOW_UP_WORDS and not _OTHER_NUMBER.search(last) \
                and sentences[-2].rstrip().endswith(("?", "？")):
            from proxy.guard.context24 import question_cue

            kind = question_cue(" ".join(sentences[:-1]))
    if kind == "phone" and not isinstance(kind, Cue) and _POLISH.search(" ".join(sentences[-2:])):
        return Cue(kind, PL_LABEL)
    return kind


def label(kind: str | None) -> str | None:
    """The label a cue's reply is read after, where it has its own (`Cue`), else None."""
    return kind.label if isinstance(kind, Cue) else None
