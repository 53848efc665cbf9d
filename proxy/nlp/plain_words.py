"""Words read as a person's name that are, where they stand, ordinary engineering or business text (issue 12,
finding 12 of atk6):

- German business and IT words: a letter's closing and an invoice's terms (DIN 5008 letter parts: `Mit
  freundlichen Grüßen`, `Betreff`, `Anlage`; `Zahlungsziel 30 Tage, Rechnung Nr.`), IT nouns (`Speicher`,
  `Plattform-Team`), German function words (the stop-word list the name rules already use) and nouns by their
  derivational suffix (`-ung`, `-heit`, `-keit`, `-schaft`, `-tät`) or as compounds (`Öffnungszeiten`,
  `Rückgabefrist`, atk10 B-L2): a span made only of these is no name, nor a lone German function word in lower case
  (`wurde`). A word the name lists hold (`Jung`) is never read by its suffix;
- lower-case words with a function word of another language and no listed name in them (`Quanto tempo ci vuole per
  spedire`: the NER's "ci vuole per", atk10 B-L3);
- a product's name with the lower-case words the NER swallowed after it (`Kafka lag is 12k.`);
- the comma-separated value of a command-line flag (`--limit Dallas,Austin`, `--hosts=Austin`), unless the flag
  names a person (`--author=Jane`, `--reviewers Anna,Ben`, `--to`);
- a lower-case hyphenated identifier with a software part (`billing-api`, `auth-service`);
- a month's abbreviation as the value of a month's key (`{"month": "Jan"}`, atk10 B-M6: `month_value`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Letter parts (DIN 5008) and invoice terms, and the IT nouns German tickets use; lower case, one word each.
GERMAN_WORDS = frozenset("""
grüße grüßen gruß grüssen grüsse freundlichen freundliche freundlicher herzlichen herzliche besten beste vielen dank
betreff anlage anlagen datum seite bearbeiter ansprechpartner zeichen ihr ihre unser unsere
rechnung rechnungen rechnungsnummer rechnungsdatum zahlungsziel zahlungsbedingungen zahlbar fällig netto brutto
mwst ust steuer summe betrag gesamtbetrag tage tagen tag woche wochen monat monate nr nummer kundennummer
bestellnummer auftragsnummer bestellung lieferung mahnung angebot auftrag vertrag kunde kunden lieferant konto
speicher arbeitsspeicher festplatte rechner dienst dienste benutzer passwort kennwort datei dateien ordner
plattform netzwerk fehler störung wartung team abteilung support betrieb entwicklung
hinweis hinweise ursache ursachen achtung ergebnis ergebnisse thema termin dauer umfang inhalt grund
""".split())
_GERMAN_SUFFIX = re.compile(r"(?i)[^\W\d_]{3,}(?:ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tät|täten)")
# A German compound noun (atk10 B-L2): such a noun with the linking "s" before another noun (`Öffnungszeiten`,
# `Bearbeitungszeit`, `Sicherheitshinweis`), or a noun ending in a head noun of labels and terms (`Rückgabefrist`,
# `Versandkosten`, `Lieferzeit`, `Fehlerursache`).
_GERMAN_COMPOUND = re.compile(r"(?i)[^\W\d_]{3,}(?:(?:ung|heit|keit|schaft|tät|ion)s[^\W\d_]{3,}|zeit|zeiten|frist"
                              r"|fristen|kosten|gebühr|gebühren|hinweis|hinweise|ursache|ursachen|angaben|nummer"
                              r"|datum|adresse|pflicht|bedingungen|zeitraum|stelle)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# a flag and the values before the span in its comma-separated list: `--limit ` or `--limit=Dallas,`
_FLAG_BEFORE = re.compile(r"(?:^|\s)--?([A-Za-z][\w-]{0,40})[ =](?:[^\s,]{1,100},){0,20}\Z")
# a flag that names a person keeps its value a name (`--author=Jane`, `--reviewers Anna,Ben`, `--to`, `--cc`)
_PERSON_FLAG = re.compile(r"(?i)user|author|owner|assign|review|name|member|contact|mail|people|person|who|by"
                          r"|^(?:to|cc|bcc|from|for|u)$")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")


def german_word(word: str, stops: frozenset[str], is_name: Callable[[str], bool]) -> bool:
    """Whether `word` (one word or a hyphenated compound) is German business or IT text, never a name."""
    parts = word.split("-")
    return all(p.lower() in GERMAN_WORDS or p.lower() in stops or (
        (_GERMAN_SUFFIX.fullmatch(p) is not None or _GERMAN_COMPOUND.fullmatch(p) is not None) and not is_name(p))
        for p in parts if p)


def plain_span(text: str, start: int, end: int, *, german: frozenset[str], is_name: Callable[[str], bool],
               is_first: Callable[[str], bool], tech: frozenset[str], heads: frozenset[str],
               foreign: frozenset[str] = frozenset()) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the plain texts above."""
    span = text[start:end]
    words = _WORD.findall(span)
    if not words:
        return False
    rest = re.sub(r"[\d\s.,:;]+", "", _WORD.sub("", span))
    if not rest and all(german_word(w, german, is_name) for w in words) \
            and any(p.lower() in GERMAN_WORDS or _GERMAN_SUFFIX.fullmatch(p) or _GERMAN_COMPOUND.fullmatch(p)
                    for w in words for p in w.split("-")):
        return True
    if len(words) == 1 and span.islower() and span in german and not is_name(span) and not is_first(span):
        return True  # a German function word in lower case: "Bestellung 2024/118 wurde am 3. Juni" (atk10 B-L3)
    if len(words) > 1 and span.islower() and any(w in foreign for w in words) \
            and not any(is_name(w) or is_first(w) for w in words):
        return True  # lower-case words with another language's function word, none a listed name: "ci vuole per"
    first = words[0]
    if len(words) > 1 and first.lower() in tech and not is_first(first) and all(w.islower() for w in words[1:]):
        return True  # "Kafka lag is"
    flag = _FLAG_BEFORE.search(text, max(0, start - 200), start)
    if flag is not None and " " not in span and not _PERSON_FLAG.search(flag.group(1)):
        return True  # `--limit Dallas,Austin`
    return _IDENTIFIER.fullmatch(span) is not None and any(p in heads or p in tech for p in span.split("-"))


# Keys whose value is a month (atk10 B-M6): `{"month": "Jan"}`, `month: Sep` (`PersonFilter.month_cell` in text).
MONTH_KEYS = frozenset({"month", "months", "mon", "period", "monat", "mes", "mois", "mese", "maand", "miesiąc"})
MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                 "dec"})


def month_value(value: str, keys: frozenset[str]) -> bool:
    """Whether a JSON value under a key with the words `keys` (`proxy.guard.joined.key_words`) is a month's
    abbreviation under a month's key: `{"month": "Jan"}`, `{"billing_period": "Sep"}`; `{"name": "Jan"}` stays a
    name."""
    return bool(keys & MONTH_KEYS) and value.strip().lower().rstrip(".") in MONTH_ABBREVIATIONS
