"""Card numbers of national and airline schemes outside the card recognizer's issuer ranges (fp30, atk28 F13):
Turkey's Troy (`9792`), Korea's BC Card (`94`), UATP (`1`, 15 digits), and (atk41 F07) Uzbekistan's UzCard
(`8600`) and HUMO (`9860`), Belarus's Belkart (`9112`), Ukraine's PROSTIR (`9804`), India's RuPay (`81`, `82`).
Their first digits (9, 8, 1) start many other numbers, so such a number is a card only after a card word on its line
(`card 9792 4372 8754 4966`, `My Troy card is ...`, `Kartı`, `카드`) and when its Luhn check holds; it is written
as one run or in groups of 4 (the last shorter) or UATP's 4-5-6, with one separator.
"""

from __future__ import annotations

import re

from proxy.nlp.normalize import luhn_ok

# A card word (English, Turkish, Korean, German/Scandinavian, French, Spanish, Portuguese, Italian, Russian/Ukrainian
# `карта`/`картка`, the national schemes' names) then up to 40 characters of the same line before the number.
_CARD_WORD = re.compile(r"(?i)(?:\bcard|\bkart|카드|\bkarte|\bcarte|\btarjeta|\bcartão|\bcarta|\buatp|\bкарт"
                        r"|\buzcard|\bhumo|\bbelkart|\bprostir|\bпростір|\brupay)[^\n]{0,40}\Z")
_NUMBER = re.compile(r"(?<![\w.-])(?:\d{15,16}|\d{4}([ -])\d{4}\1\d{4}\1\d{3,4}|\d{4}([ -])\d{5}\2\d{6})(?![\w-]|\.\d)")
# What the text needs for the scan (a literal test first).
_NEEDS = ("card", "Card", "CARD", "kart", "Kart", "KART", "카드", "carte", "Carte", "tarjeta", "Tarjeta", "cartão",
          "Cartão", "carta", "Carta", "uatp", "UATP", "карт", "Карт", "КАРТ", "UzCard", "UZCARD", "HUMO", "Humo",
          "humo", "Belkart", "BELKART", "PROSTIR", "Prostir", "ПРОСТІР", "Простір", "RuPay", "Rupay", "RUPAY")


def _scheme(digits: str) -> bool:
    """Troy (9792, 16 digits), BC Card (94, 16 digits), UATP (1, 15 digits); (atk41 F07) UzCard (8600), HUMO (9860),
    Belkart (9112), PROSTIR (9804), RuPay's 81 and 82 ranges, 16 digits."""
    if len(digits) == 16:
        return digits.startswith(("9792", "94", "8600", "9860", "9112", "9804", "81", "82"))
    return len(digits) == 15 and digits[0] == "1"


def national_cards(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are card numbers of the schemes above after a card word."""
    if not any(n in text for n in _NEEDS):
        return []
    out = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _scheme(digits) and luhn_ok(digits) and _CARD_WORD.search(text, max(0, m.start() - 60), m.start()):
            out.append((m.start(), m.end()))
    return out
