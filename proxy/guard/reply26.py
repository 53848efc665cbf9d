"""A short reply, and a short answer, read with the question before it (issue 12, atk25 F03 and F07).

F03 (requests, `proxy.guard.context24`): a short reply is read with the cue of the question the assistant asked, and
assistants ask, then add a courtesy sentence: `What is your phone number? (digits only)`, `Could you share your
phone number? Thanks!`, `To verify you, what is your SSN? It stays private.`, `What is your phone number? 📱`.
`sentence_cue` takes the question from the turn's tail: its last sentence, else the last question (a sentence ending
with `?`, or a request: `Give me both phone numbers as a JSON array. Thanks!`) followed by at most `TAIL_SENTENCES`
short sentences (`TAIL_WORDS` words, no `?`) that ask for nothing. The cue words are read in English, German,
Spanish, French, Italian, Portuguese and Dutch (`_FOREIGN`: `Wie lautet Ihre Telefonnummer?`, `¿Cuál es su número
de teléfono?`, `Wie heißen Sie?`, `¿Cómo se llama?`, a social security number's words: read as the recognizers'
`SSN: `). A question for someone to contact (`Who should we call in an emergency?`)
asks for a contact's details (`record`: a name and a phone). A reply in capitals read with a name's cue is read in a
name's case (`cased`: `PRIYA RAGHUNATHAN` as `Priya Raghunathan`, the same length: the surname no longer goes).

F07 (answers): the mirror. The user asks `What is the support desk's phone number?` and the model answers
`6175550143`, `It's 6175550143.`, or a short JSON list (`["6175550143", "6175550188"]`): no context word of its own.
`note` reads the cue of the request's last user turn (chat, Anthropic, Responses, legacy completions; a kind, never
text) and holds it for the request (a context variable set per request by `proxy.flow`); the output PII check then
reads each short answer text (`short`, or a JSON list of at most `LIST_ITEMS` values, `LIST_CHARS` characters) with
the cue's context written before it, before each of a list's values (`answer_views`, the same pass, spans mapped
back), as `proxy.guard.context24` reads a short reply. Only the types an answer's values are known by their context
(`ANSWER_KINDS`: not a name: `What is your name?` / `Claude`). A stream reads the same text: with a cue held, a
field is held while it may still be a short answer (`hold`: at most `LIST_CHARS` characters), so its one window is
its whole text, read so (a window of a longer answer is not).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from proxy.guard import lang31, plur29, reply31
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES

if TYPE_CHECKING:
    from proxy.guard.checks.base import CheckContext
    from proxy.guard.context24 import Views

# The sentences after a question that may still be read as its courtesy tail, and their most words.
TAIL_SENTENCES = 2
TAIL_WORDS = 8
TAIL_CHARS = 80

# The cue words of other languages (German, Spanish, French, Italian, Portuguese, Dutch), per type (and a few more
# English phrasings).
_FOREIGN = {
    "ssn": re.compile(r"sozialversicherung|seguridad social|seguro social|s[ée]curit[ée] sociale|previdenza sociale"
                      r"|sicurezza sociale|seguran[çc]a social|seguridade social|burgerservicenummer|\bbsn\b"
                      r"|sofinummer", re.I),
    "card": re.compile(r"kreditkart|tarjeta de cr[ée]dito|carte (?:de cr[ée]dit|bancaire)|carta di credito"
                       r"|cart[ãa]o de cr[ée]dito|creditcard", re.I),
    "iban": re.compile(r"kontonummer|bankverbindung|n[úu]mero de (?:la )?cuenta|num[ée]ro de compte"
                       r"|numero di conto|n[úu]mero da conta|rekeningnummer", re.I),
    "email": re.compile(r"correo electr[óo]nico|\bcorreo\b|courriel|adresse [ée]lectronique|posta elettronica",
                        re.I),
    "phone": re.compile(r"telefon|tel[ée]fono|t[ée]l[ée]phone|telefone|telefoon|handynummer|\bhandy\b|mobilnummer"
                        r"|rufnummer|m[óo]vil\b|celular|cellulare|telem[óo]vel|num[ée]ro de portable"
                        r"|(?:votre|ton) portable|mobiele? nummer|\bgsm\b|(?:sie|dich) erreichen"
                        # (and English: `Which number should I call for billing?`)
                        r"|\b(?:which|what) (?:number|line)\b[^.?!]{0,30}\b(?:call|dial|ring|text)\b", re.I),
    "name": re.compile(r"wie hei(?:ß|ss)(?:en sie|t du)|\b(?:ihr(?:en)?|dein(?:en)?) (?:vollst[äa]ndigen? |vollen? )?"
                       r"namen?\b|vorname|nachname|familienname|c[óo]mo (?:se llama|te llamas)"
                       r"|\b(?:su|tu) nombre(?! de usuario)|nombre completo|apellido|comment (?:vous appelez|t'appelles"
                       r"|tu t'appelles)|\b(?:votre|ton) nom\b|nom complet|pr[ée]nom|nom de famille"
                       r"|come (?:si chiama|ti chiami)|\b(?:suo|tuo|seu|teu) nome\b|nome completo|cognome"
                       r"|como (?:se chama|te chamas)|sobrenome|hoe heet (?:u|je|jij)\b"
                       r"|\b(?:uw|je|jouw) (?:volledige )?naam\b|volledige naam|achternaam|voornaam", re.I),
}
# A question for someone to contact: their details (a name, a phone).
_CONTACT = re.compile(r"\bwho\b[^.?!]{0,40}\b(?:call|contact|notify|reach|ring)\b|emergency contact|next of kin"
                      r"|notfallkontakt|contacto de emergencia|contato de emerg[êe]ncia|contact d'urgence"
                      r"|contatto di emergenza|noodcontact", re.I)
_KINDS = ("ssn", "card", "iban", "email", "phone", "name")
_QUESTION_END = re.compile(r"[?？][\s\"'”’)\]»]*$")
# A request that is no question (`Give me both phone numbers as a JSON array. Thanks!`), a label before it (`Q: `).
_REQUEST = re.compile(r"^(?:[A-Za-z]{1,10}:\s*)?(?:please\s+|kindly\s+|bitte\s+|por favor,?\s+)?(?:give|list|tell"
                      r"|send|show|share|provide|enter|type|write|return|print|confirm|spell|state|nenne|geben|gib"
                      r"|dame|d[íi]game|donne|dammi|d[êe]|geef)\b", re.I)


def _kind(sentence: str, asks: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The type `sentence` asks for (`context24.question_cue`'s rule: the first type, `record` for several)."""
    english = {kind for kind, pattern in asks if pattern.search(sentence)}
    found = [kind for kind in _KINDS if kind in english or _FOREIGN[kind].search(sentence)
             or lang31.asks(kind, sentence)]  # (ar/hi/id/vi, a French service line: lang31)
    if not found:
        return "record" if _CONTACT.search(sentence) else None
    return found[0] if len(found) == 1 or found[0] in ("ssn", "card", "iban") else "record"


def _courtesy(sentence: str, asks: Sequence[tuple[str, re.Pattern[str]]]) -> bool:
    """A short sentence after a question that asks for nothing (`(digits only)`, `Thanks!`, `It stays private.`)."""
    s = sentence.strip()
    return (len(s) <= TAIL_CHARS and len(s.split()) <= TAIL_WORDS and not any(c in s for c in "?？¿")
            and _kind(s, asks) is None)


def sentence_cue(sentences: Sequence[str], asks: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The type the tail of a turn (its sentences, in order) asks for: its last sentence's, else that of the last
    question before at most `TAIL_SENTENCES` courtesy sentences (the module's docstring)."""
    kind = _kind(sentences[-1], asks)
    if kind is not None:
        return kind
    for back in range(1, TAIL_SENTENCES + 1):
        if len(sentences) <= back or not _courtesy(sentences[-back], asks):
            return None
        before = sentences[-back - 1]
        if _QUESTION_END.search(before) or _REQUEST.search(before.strip()):
            return _kind(before, asks)
    return None


_CAPITALS = re.compile(r"[^\W\d_]+")


def cased(text: str, prefix: str) -> str:
    """A reply read with a name's cue (`Name: `, `Contact: `) written in capitals, read in a name's case: `PRIYA
    RAGHUNATHAN` as `Priya Raghunathan` (the same length; a reply with a small letter is read as written)."""
    if prefix not in ("Name: ", "Contact: ") or not any(c.isupper() for c in text) \
            or any(c.islower() for c in text):
        return text
    out = _CAPITALS.sub(lambda m: m.group()[0] + m.group()[1:].lower(), text)
    return out if len(out) == len(text) else text


# ------------------------------------------------------------------------------------------- answers

# The types an answer's value is read with its question's cue for (not a name: `What is your name?` / `Claude`).
ANSWER_KINDS = frozenset({"phone", "ssn", "card", "iban", "email", "record"})
# A short answer that is a JSON list of values: its most characters and values.
LIST_CHARS = 200
LIST_ITEMS = 10
_FENCE = re.compile(r"^```[A-Za-z]*[ \t]*\n?(.*?)\n?```$", re.S)
_ITEM = re.compile(r'"(?:[^"\\\n]|\\.)*"|-?\d[\d.eE+-]*')


@dataclass
class _Answer:
    """A request's last user turn's cue, held for its answer; a stream's fields that may still be short answers."""

    prefix: str
    fields: dict[str, str | None] = field(default_factory=dict)  # per field: its text so far, None once too long


_ANSWER: ContextVar[_Answer | None] = ContextVar("reply26_answer", default=None)


def _last_user_text(kind: str, body: Any) -> str:
    from proxy.guard.context24 import _text

    if not isinstance(body, dict):
        return ""
    if kind in (CHAT, MESSAGES):
        messages = body.get("messages")
        last = messages[-1] if isinstance(messages, list) and messages else None
        return _text(last.get("content")) if isinstance(last, dict) and last.get("role") == "user" else ""
    if kind == RESPONSES:
        items = body.get("input")
        if isinstance(items, str):
            return items
        last = items[-1] if isinstance(items, list) and items else None
        if isinstance(last, dict) and last.get("type") in (None, "message") and last.get("role") == "user":
            return _text(last.get("content"))
        return ""
    if kind == COMPLETIONS:
        prompt = body.get("prompt")
        if isinstance(prompt, list) and prompt and isinstance(prompt[-1], str):
            prompt = prompt[-1]
        return prompt if isinstance(prompt, str) else ""
    return ""


def note(kind: str, body: Any) -> None:
    """Hold the cue of the request's last user turn for its answer (none: nothing held). Called once per request,
    its body already screened (the cue is a kind, never text)."""
    from proxy.guard import q28
    from proxy.guard.context24 import PREFIX, question_cue

    text = _last_user_text(kind, body)
    cue = q28.single(question_cue(text) if text else None)  # (several types: read as one, q28)
    _ANSWER.set(_Answer(lang31.label(cue) or PREFIX[cue]) if cue in ANSWER_KINDS and cue is not None else None)


def _list_items(text: str) -> list[int] | None:
    """Where the values of a short JSON list answer start (`["6175550143", "6175550188"]`, fenced or not), or None."""
    stripped = text.strip()
    if len(stripped) > LIST_CHARS:
        return None
    fenced = _FENCE.match(stripped)
    body = fenced.group(1).strip() if fenced else stripped
    if not (body.startswith("[") and body.endswith("]")):
        return None
    try:
        values = json.loads(body)
    except ValueError:
        return None
    if not isinstance(values, list) or not 0 < len(values) <= LIST_ITEMS \
            or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        return None
    at = text.index(body)
    starts = [at + m.start() for m in _ITEM.finditer(body)]
    return starts if len(starts) == len(values) else None


def _open(text: str) -> bool:
    """A stream field's text so far may still become a short answer (`short` or a short list)."""
    from proxy.guard.context24 import SHORT_CHARS, SHORT_WORDS

    stripped = text.strip()
    if stripped[:1] in ("[", "`"):
        return len(stripped) <= LIST_CHARS
    return len(stripped) <= SHORT_CHARS and "\n" not in stripped and len(stripped.split()) <= SHORT_WORDS \
        or plur29.open_lines(stripped) or reply31.open_long(stripped)  # (courtesy lines, value lines; reply31)


def hold(channel: str, fragment: str, cut: int, start: int = 0) -> int:
    """Output windows (`proxy.guard.windows`): where a window of a stream may end, `cut`, once `fragment` of
    `channel` (its piece starting at `start` in its group's text) came: with a cue held, not past the field's start
    while the field may still be a short answer (`_open`), so that answer is read whole, as a whole answer's is."""
    held = _ANSWER.get()
    if held is None:
        return cut
    text = held.fields.get(channel, "")
    if text is None:
        return cut
    text += fragment
    if not _open(text):
        held.fields[channel] = None
        return cut
    held.fields[channel] = text
    return min(cut, start)


def answer_views(texts: Sequence[str], ctx: CheckContext) -> Views | None:
    """An answer's short texts (prose, no JSON text) read with the held cue's context (the module's docstring); in a
    stream, only the whole text of a field held so (`hold`)."""
    from proxy.guard.context24 import Views, short

    held = _ANSWER.get()
    if held is None or ctx.phase != "output":
        return None
    whole = {t for t in held.fields.values() if t is not None} if held.fields else None
    read, where_of = list(texts), {}
    for i, text in enumerate(texts):
        if (ctx.prose is not None and not ctx.prose[i]) or (ctx.json_texts is not None and ctx.json_texts[i]) \
                or (whole is not None and text not in whole):
            continue
        at = [0] if short(text) else _list_items(text) or plur29.line_values(text) \
            or reply31.answer_at(text, held.prefix)  # (`- 536904399`: plur29; `Sure, it's 536904399, as listed.`)
        if not at:
            continue
        chars: list[str] = []
        where: list[int] = []
        places = set(at)
        for k, c in enumerate(text):
            if k in places:
                chars.append(held.prefix)
                where.extend([k] * len(held.prefix))
            chars.append(c)
            where.append(k)
        where.append(len(text))
        read[i] = "".join(chars)
        where_of[i] = where
    return Views(read, where_of, {}) if where_of else None
