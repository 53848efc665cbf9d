"""voice38 (atk37 F03): phone numbers and SSNs as voice/ASR transcripts write them, in a request and in an answer.

A call's transcript writes a number the caller reads out one digit at a time: single digits (`6 1 7, 5 5 5, 2 3 8 7`,
`5 3 6 9 0 4 3 9 9`) or digit words, in English (`oh` for zero, `double five`, `triple two`), German (`null`, `zwo`),
Spanish, French, Italian or Portuguese (`meia` for six), grouped by commas or not, mixed or not.

- `with_voice38` (the analysis, `proxy.nlp.pii`): a run of 7 to 12 such digits, each one token (a digit alone or a
  digit word; one space, a comma or a dash between), is a PHONE_NUMBER (nine digits an SSN can be after an SSN word,
  or after no phone word: a US_SSN) where a cue stands before it in its turn (the text since the line before the
  run's line, a blank line ending it): a phone, number, SSN or digits word in one of those languages, a call's verb
  (`confirm`, `read back`, `it's`, `that's`, `es`, `ist`, `c'est`), or a speaker's label (`Caller:`, `Agent:`,
  `Anrufer:`, `Cliente:`, `Appelant:`...). `spell28.spoken_numbers` reads the English runs right after a phone
  word; this reads the rest. Never: a run a number word goes on (`... nine hundred`, `ten`), counting up or down
  (`one two three four five six seven`, `6 5 4 3 2 1 0`), one digit repeated, zeros and ones only (bits), the
  digits of pi or e, a grid's row (it and the line before or after it single digits, one of them nothing else), a
  run after an order's, a ticket's, a booking's, a version's or another id's word in its sentence (`confirmation
  number is four seven two ...`) without a phone or SSN word there, nor fewer than 7 digits (`one, two, three, go`,
  `2 eggs, 3 cups`, times, scores).
- `with_voice38` also reads a mailbox spelled one letter at a time before a spoken `at` (`arroba`, `ät`, `chez`)
  and a mail provider's name, its top-level domain spoken or not (one needed after `web`, `mail`, `live`...):
  `K O W A L S K I at gmail`, `j-k-o-w at yahoo dot com`: an EMAIL_ADDRESS (three letters or more; other domains
  after spelled letters are left to the view's spelled addresses).
- `spoken_first` (stream windows, `proxy.guard.windows`): a window that opens with such a run is read after what
  its field released before, as one that opens with a number is.
- `voice_open` (stream windows, `proxy.nlp.normalize.number_open`): a window never ends between two tokens (three
  tokens before the cut, or one or two after a cue; a token, the start of one or nothing yet after it), so a
  streamed answer's run is read whole.
"""

from __future__ import annotations

import re

from proxy.nlp.misc37 import _ssn_shaped
from proxy.nlp.misc45 import RU_DIGITS, RU_PHONE_CUES, spoken45  # Russian; cards, pair words (misc45)
from proxy.nlp.spell28 import _WORD_DIGIT as _ENGLISH

Result = tuple[str, int, int, float]

_SCORE = 0.85

_WORDS: dict[str, str] = {
    **_ENGLISH,
    # German
    "null": "0", "eins": "1", "zwei": "2", "zwo": "2", "drei": "3", "vier": "4", "fünf": "5", "fuenf": "5",
    "sechs": "6", "sieben": "7", "acht": "8", "neun": "9",
    # Spanish
    "cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6",
    "siete": "7", "ocho": "8", "nueve": "9",
    # French
    "zéro": "0", "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "sept": "7",
    "huit": "8", "neuf": "9",
    # Italian
    "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sei": "6", "sette": "7", "otto": "8", "nove": "9",
    # Portuguese
    "um": "1", "uma": "1", "dois": "2", "duas": "2", "três": "3", "quatro": "4", "meia": "6", "sete": "7",
    "oito": "8",
    **RU_DIGITS,
}
_TIMES = {"double": 2, "triple": 3, "doppel": 2, "doppelt": 2}
_WORD_ALT = "|".join(sorted(_WORDS, key=len, reverse=True))
_TIMES_ALT = "|".join(sorted(_TIMES, key=len, reverse=True))
_TOKEN = (rf"(?:(?:{_TIMES_ALT})[ \t-]+)?(?:(?<![^\W_])(?:{_WORD_ALT})(?![^\W_])"
          r"|(?<![\w.])[0-9](?![\w]|[.,][0-9]))")
_SEP = r"(?:[ \t]*,[ \t]*|[ \t]+-[ \t]+|-|[ \t]+)"
_RUN = re.compile(rf"{_TOKEN}(?:{_SEP}{_TOKEN}){{4,17}}")
_ONE = re.compile(rf"(?:(?P<times>{_TIMES_ALT})[ \t-]+)?(?:(?P<word>{_WORD_ALT})|(?P<digit>[0-9]))")
# What goes on after a run of a bigger number: another digit, a number word (`nine hundred`, `ten`, `zehn`).
_MORE = re.compile(rf"{_SEP}(?:[0-9]|(?:ten|eleven|twelve|thirteen|twenty|thirty|forty|fifty|hundred|thousand"
                   r"|million|point|zehn|elf|zwölf|zwanzig|hundert|tausend|diez|once|doce|veinte|cien|ciento|mil"
                   r"|dix|onze|douze|vingt|cent|mille|dieci|venti|cento|dez|vinte|cem)(?![^\W_]))")
_GRID_RUN = re.compile(r"(?<![\w.])[0-9](?:[ \t,|]+[0-9]){3,}(?![\w.])")
_GRID_LINE = re.compile(r"[ \t|\[(,]*[0-9](?:[ \t,|]+[0-9]){3,}[ \t|\]),]*")  # (a line of single digits only)
# A turn's cue: a phone's, a number's, an SSN's or digits' word, a call's verb, a speaker's label.
_CUE = re.compile(
    r"(?i)(?<![^\W_])(?:phone|telephone|tel|cell|cellphone|mobile|call|callback|call[ \t]+back|reach|text[ \t]+me"
    r"|whatsapp|landline|number|no\.|num|ssn|social|security|digits|confirm|confirming|repeat"
    r"|read[ \t]+(?:it[ \t]+)?back|it's|it\u2019s|it[ \t]+is|that's|that\u2019s|that[ \t]+is|thats"
    r"|nummer|rufnummer|telefon|telefonnummer|handy|handynummer|mobilnummer|sozialversicherungsnummer|ziffern|ist"
    r"|número|numero|numéro|teléfono|telefono|téléphone|telefone|celular|móvil|movil|portable|cellulare|contatto"
    r"|dígitos|chiffres|cifre|es|est|c'est|è|é"
    r"|caller|agent|customer|client|cliente|patient|member|rep|representative|operator|speaker[ \t]*[0-9]*"
    r"|anrufer|anruferin|kunde|kundin|llamante|appelant|interlocuteur|chiamante|paciente|utente|" + RU_PHONE_CUES
    + r")(?![^\W_])")
_PHONE_CUE = re.compile(
    r"(?i)(?<![^\W_])(?:phone|telephone|tel|cell|cellphone|mobile|call|callback|call[ \t]+back|reach|text[ \t]+me"
    r"|whatsapp|landline|nummer|rufnummer|telefon|telefonnummer|handy|handynummer|mobilnummer|número|numero|numéro"
    r"|teléfono|telefono|téléphone|telefone|celular|móvil|movil|portable|cellulare|" + RU_PHONE_CUES + r")(?![^\W_])")
_SSN_CUE = re.compile(r"(?i)(?<![^\W_])(?:ssn|social|security|sozialversicherungsnummer|seguro[ \t]+social"
                      r"|sécurité[ \t]+sociale)(?![^\W_])")
# An id's word that makes a run read out no phone (without a phone or SSN word in its sentence).
_OTHER_ID = re.compile(
    r"(?i)(?<![^\W_])(?:order|tracking|confirmation|reference|ref|case|ticket|invoice|booking|reservation|policy"
    r"|claim|flight|model|serial|part|pin|zip|postal|postcode|version|build|room|table|lottery|winning|lucky|seat"
    r"|account|iban|routing|sort[ \t]+code|bestellnummer|auftragsnummer|kundennummer|pedido|commande|ordine"
    r"|referencia|référence|riferimento|lotto|lotería|loto)(?![^\W_])")
_SENTENCE_END = re.compile(r"[.!?](?=[ \t\n\"')]|\Z)|\n")
_NOT_A_VALUE = ("3141592", "2718281", "1414213", "1732050", "1618033")  # pi, e, roots of 2 and 3, phi
_BACK = 120
_GATE_SINGLES = re.compile(r"[0-9][ \t,-]{1,3}[0-9][ \t,-]{1,3}[0-9][ \t,-]{1,3}[0-9]")
_GATE_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "null", "eins",
               "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "cero", "uno", "dos", "tres",
               "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "deux", "trois", "quatre", "cinq", "sept",
               "huit", "neuf", "due", "tre", "sei", "sette", "otto", "nove", "dois", "três", "sete", "oito", "quatro",
               "meia", "double", "triple", *RU_DIGITS)


def _hint(text: str, low: str) -> bool:
    """A cheap test: four single digits a separator apart, or five digit words' letters (a count of each)."""
    if _GATE_SINGLES.search(text) is not None:
        return True
    seen = 0
    for word in _GATE_WORDS:
        seen += low.count(word)
        if seen >= 5:
            return True
    return False


def _digits(low: str, start: int, end: int) -> str:
    out = []
    for t in _ONE.finditer(low, start, end):
        one = _WORDS[t.group("word")] if t.group("word") else t.group("digit")
        out.append(one * _TIMES.get(t.group("times") or "", 1))
    return "".join(out)


def _counting(digits: str) -> bool:
    """Counting up or down, one digit repeated, bits, a constant's digits."""
    steps = {int(b) - int(a) for a, b in zip(digits, digits[1:], strict=False)}
    return (steps <= {1} or steps <= {-1} or steps == {0} or set(digits) <= {"0", "1"}
            or any(k in digits for k in _NOT_A_VALUE))


def _grid_row(text: str, start: int, end: int) -> bool:
    """Whether the run's line and the line before or after it are rows of single digits, one of them nothing else
    (a grid, a matrix, a puzzle)."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    own = _GRID_LINE.fullmatch(text, a, b) is not None
    prev = text[text.rfind("\n", 0, a - 1) + 1:a - 1] if a > 0 else ""
    nxt = text[b + 1:(text.find("\n", b + 1) if text.find("\n", b + 1) >= 0 else len(text))] if b < len(text) else ""
    return any(_GRID_LINE.fullmatch(line) is not None or (own and _GRID_RUN.search(line) is not None)
               for line in (prev, nxt) if line)


def _turn(text: str, start: int) -> tuple[str, str]:
    """What stands before `start` in its turn (from the line before its line, a blank line ending it), and its
    sentence."""
    before = text[max(0, start - _BACK):start]
    blank = before.rfind("\n\n")
    if blank >= 0:
        before = before[blank + 2:]
    line = before.rfind("\n")
    if line >= 0:
        before = before[before.rfind("\n", 0, line) + 1:]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return before, before[ends[-1]:] if ends else before


def spoken_runs(text: str) -> list[tuple[str, int, int]]:
    """Each run read out as a value (see the module's docstring): (entity, start, end)."""
    low = text.lower()
    if len(low) != len(text) or not _hint(text, low):
        return []
    out: list[tuple[str, int, int]] = []
    for m in _RUN.finditer(low):
        digits = _digits(low, m.start(), m.end())
        if not 7 <= len(digits) <= 12 or _MORE.match(low, m.end()) or _counting(digits):
            continue
        turn, sentence = _turn(text, m.start())
        if _CUE.search(turn) is None:
            continue
        phone, ssn = _PHONE_CUE.search(turn) is not None, _SSN_CUE.search(turn) is not None
        if _OTHER_ID.search(sentence) is not None and _PHONE_CUE.search(sentence) is None \
                and _SSN_CUE.search(sentence) is None:
            continue
        if not any(c.isalpha() for c in m.group()) and _grid_row(text, m.start(), m.end()):
            continue
        ssn_value = len(digits) == 9 and _ssn_shaped(digits) and (ssn or not phone)
        out.append(("US_SSN" if ssn_value else "PHONE_NUMBER", m.start(), m.end()))
    return out


# A mailbox spelled one letter at a time before a spoken `at` and a mail provider's name (`K O W A L S K I at gmail`,
# `j-k-o-w-a-l at yahoo dot com`): the letters, the `at` and the provider (and a spoken or written top-level domain).
_PROVIDERS = ("gmail", "googlemail", "yahoo", "hotmail", "outlook", "icloud", "aol", "protonmail", "gmx", "yandex",
              "libero", "naver", "comcast")
_WORD_PROVIDERS = ("mail", "web", "live", "free", "orange", "proton", "msn", "163", "qq")  # (a domain after them)
_DOT = r"(?:[ \t]+(?:dot|punto|punkt|point|ponto)[ \t]+|\.)"
_TLD = rf"{_DOT}[a-z]{{2,4}}(?:{_DOT}[a-z]{{2,3}})?"
_SPELLED_MAIL = re.compile(
    r"(?i)(?<![\w'.-])[a-z](?P<sep>[ \t]|[ \t]?[-.][ \t]?)[a-z](?:(?P=sep)[a-z])+[ \t]+(?:at|arroba|ät|chez)[ \t]+"
    rf"(?:(?:{'|'.join(_PROVIDERS)})(?:{_TLD})?|(?:{'|'.join(_WORD_PROVIDERS)}){_TLD})(?![\w@])")


def _spelled_mail(chunk: str, low: str) -> list[tuple[str, int, int]]:
    if " at " not in low and " arroba " not in low and " ät " not in low and " chez " not in low:
        return []
    if not any(p in low for p in (*_PROVIDERS, *_WORD_PROVIDERS)):
        return []
    return [("EMAIL_ADDRESS", m.start(), m.end()) for m in _SPELLED_MAIL.finditer(chunk)]


def with_voice38(chunk: str, found: list[Result], entities: list[str]) -> list[Result]:
    """`found` with each number read out in a transcript and each mailbox spelled out before a provider (the
    module's docstring); findings inside one give way."""
    runs = spoken_runs(chunk) + _spelled_mail(chunk, chunk.lower()) + spoken45(chunk)  # (misc45)
    from proxy.nlp.mob46 import spoken46  # digit words in nl pl tr id vi sv el fi hi ar (mob46)

    runs += spoken46(chunk)
    added = [(e, a, b, _SCORE) for e, a, b in runs if e in entities
             and not any(r[1] <= a and b <= r[2] and r[0] in ("PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "EMAIL_ADDRESS")
                         for r in found)]
    if not added:
        return found
    return [r for r in found if not any(a <= r[1] and r[2] <= b for _, a, b, _ in added)] + added


# --------------------------------------------------------------------------- stream windows

_LAST_RUN = re.compile(rf"(?:(?:{_TOKEN}){_SEP})*(?:{_TOKEN}){_SEP}?\Z")
_PART = re.compile(r"[^\W\d_]*")
_ALL = (*_WORDS, *_TIMES)
_OPENING = re.compile(r"[\W_]*(?:[^\W\d_]+[\W_]+){0,2}")


def _run_before(low: str, end: int) -> bool:
    """Whether low[:end] ends in a run of three tokens or more, or of one or two after a cue (`Caller: six one `;
    not `The loop runs one, two, `) or opening what is known, two words at most before it (its cue released before:
    `spoken_first`)."""
    m = _LAST_RUN.search(low, max(0, end - _BACK), end)
    if m is None:
        return False
    return len(_ONE.findall(low, m.start(), m.end())) >= 3 or _OPENING.fullmatch(low, 0, m.start()) is not None \
        or _CUE.search(low, max(0, m.start() - 60), m.start()) is not None


def voice_open(before: str, after: str) -> bool:
    """Whether a window ending between `before` and `after` (what is known after the cut) would cut a run of single
    digits or digit words (`_run_before`; after the cut, a token, the start of one, or nothing yet but
    separators)."""
    low, head = before[-_BACK:].lower(), after[:16].lower()
    if len(low) != len(before[-_BACK:]) or len(head) != len(after[:16]):
        return False
    if head[:1].isalpha() and low[-1:].isalpha():  # a cut inside a word: the word it cuts
        part = _PART.match(low[::-1]).group()[::-1]  # type: ignore[union-attr]
        lead = _PART.match(head).group()  # type: ignore[union-attr]
        word = part + lead
        if not (word in _WORDS or word in _TIMES
                or (len(lead) == len(head) and any(x.startswith(word) for x in _ALL))):
            return False
        return _run_before(low, len(low) - len(part))
    end = low.rstrip(" \t,-")
    last = _PART.match(end[::-1]).group()[::-1]  # type: ignore[union-attr]
    if not (end[-1:].isdigit() or last in _WORDS or last in _TIMES):
        return False
    if not _run_before(low, len(end) - len(last) if last in _TIMES else len(low)):
        return False
    rest = head.lstrip(" \t,-")
    if not rest:
        return True
    if rest[0].isdigit():
        return not rest[1:2].isdigit()
    w = _PART.match(rest).group()  # type: ignore[union-attr]
    return bool(w) and (w in _WORDS or w in _TIMES or (len(w) == len(rest) and any(x.startswith(w) for x in _ALL)))


# A window that opens (after two words at most: `Caller: `) with three tokens.
_FIRST = re.compile(rf"[\W_]*(?:[^\W\d_]+[\W_]+){{0,2}}?{_TOKEN}{_SEP}{_TOKEN}{_SEP}{_TOKEN}")


def spoken_first(text: str) -> bool:
    """Whether a stream window opens with a run of digits read out (`proxy.guard.windows`: then read after what its
    field released before, where the turn's cue went out: `Caller: ` | `six one seven, five five five, ...`)."""
    low = text[:160].lower()
    return len(low) == len(text[:160]) and _FIRST.match(low) is not None


__all__ = ["spoken_first", "spoken_runs", "voice_open", "with_voice38"]
