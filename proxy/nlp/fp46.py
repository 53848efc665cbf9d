"""Words the name rules read as a person, in a frame no person is in (fp46, atk45's false positives and fpatk43's
held-out hunt). Drop-only: each rule removes a PERSON span, never adds or widens one.

- a place's label in parentheses right after a latitude and longitude (`42.3601, -71.0589 (Boston)`,
  `48.86° N, 2.35° E (Paris, France)`);
- a Hindi possessive or pronoun written in Latin letters (`Mera`, `Meri`, `Hamara`, `Aapka`...) before a lower-case
  word, in a text with a Hindi function word (`hai`, `ka`, `nahi`, `naam`...): `Mera mobile number ... hai`; the name
  after it (`Mera naam Rahul hai`) is another span and stays;
- the word of a vanity phone number, glued to its digits by a hyphen or a dot (`1-800-FLOWERS`, `1-888-NEW-CARS`);
- a JVM option's name (`Xmx is 3g`, `Xss`, `Xlog`);
- a CPU register's name in lower case in a text about registers or assembly (`[rdi + rsi*4 + 8]`, `xor esi, esi`);
- a CLI subcommand in lower case after a lower-case command word (`prisma migrate dev`, `npm run dev`);
- a Swedish, Norwegian or Danish imperative opening a sentence before a lower-case word (`Förklara reglerna`,
  `Beskriv skillnaden`): the span is the verb alone (`Hjälp Karin Ek` is not dropped);
- an eponym adjective used as a noun (`a Dobsonian`, `a Newtonian`): one word ending in `-ian`/`-ean` after an
  article, not a given name or a surname of the name lists (`Brian`, `Julian` stay);
- a product compared with another (`Uniqlo Heattech vs merino wool ...?`): a span of one or two words none of which
  the name lists know, right beside `vs`/`versus`/`or`, in a question or a `for ...` sentence.

No span with a person's cue right before it (`Dr.`, `ask`, `with`) nor a person's verb right after it is dropped.
Pure functions over strings, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_COORD = r"-?\d{1,3}\.\d{2,}[ \t]*°?[ \t]*[NSEWnsew]?"
_COORDS_BEFORE = re.compile(rf"{_COORD}[ \t]*,[ \t]*{_COORD}[ \t]*\([ \t]*(?:[^()\n]{{0,40}}?,[ \t]*)?\Z")
_LABEL_AFTER = re.compile(r"(?:[ \t]*,[^()\n]{0,40})?[ \t]*\)")

_HINDI_PRONOUNS = frozenset("""
mera meri mere mujhe mujhko hamara hamari hamare humara humari humare tumhara tumhari tumhare aapka aapki aapke apka
apki apke apna apni apne uska uski uske iska iski iske unka unki unke inka inki inke
""".split())
_HINDI_WORDS = re.compile(r"(?i)\b(?:hai|hain|hoon|hun|tha|thi|ka|ki|ke|ko|se|mein|nahi|nahin|naam|kya|kar"
                          r"|karo|karna|raha|rahi|rahe|gaya|gayi|diya|hua|hui|bhi|aur|lekin|abhi|kal|aaj|wala|wali)\b")

_VANITY_BEFORE = re.compile(r"(?<![\w.-])(?:\+?1[-.])?\(?\d{3}\)?[-.](?:\d{1,4}[-.])?\Z")
_VANITY_WORD = re.compile(r"[A-Z]{2,}(?:-[A-Z0-9]{1,10})*")

_JVM = frozenset("""
Xmx Xms Xss Xmn Xlog Xint Xcomp Xbatch Xshare Xverify Xnoclassgc Xrs Xdebug Xbootclasspath Xprof Xcheck Xdiag Xfuture
Xmixed Xincgc Xloggc Xrunhprof Xshareclasses
""".split())

_REGISTERS = frozenset("""
rax rbx rcx rdx rsi rdi rbp rsp rip eax ebx ecx edx esi edi ebp esp eip ax bx cx dx si di bp sp al ah bl bh cl ch dl
dh r8 r9 r10 r11 r12 r13 r14 r15 r8d r9d r10d r11d r12d r13d r14d r15d xmm0 xmm1 xmm2 xmm3 ymm0 zmm0 cr0 cr3 cs ds es
fs gs ss lr pc fp xzr wzr
""".split())
_ASM = re.compile(r"(?i)\b(?:mov[a-z]*|lea|xor|push|pop|ret|jmp|jne|je|jz|jnz|cmp|test|syscall|int|add|sub|imul"
                  r"|idiv|shl|shr|and|nop|registers?|assembly|asm|x86(?:-64)?|x64|amd64|aarch64|arm64|disassembly"
                  r"|calling[ \t]+convention|stack[ \t]+frame)\b")
_REGISTER_WORD = re.compile(r"(?<![\w$%])(" + "|".join(sorted(_REGISTERS, key=len, reverse=True)) + r")(?![\w])")

_SUBCOMMANDS = frozenset("""
dev build start deploy serve test push pull reset status init apply plan lint watch preview generate seed studio up
down logs exec run install migrate format check clean publish release rollout diff sync introspect resolve
""".split())
_COMMANDS = frozenset("""
npm npx yarn pnpm bun deno prisma git docker kubectl terraform cargo go pip poetry rails rake mix dotnet vite next
nuxt astro remix expo flutter gradle mvn make helm supabase firebase vercel netlify heroku fly wrangler ng vue
drizzle-kit knex sequelize alembic django-admin manage.py artisan composer turbo nx lerna
""".split())

_NORDIC_IMPERATIVES = frozenset("""
förklara beskriv sammanfatta jämför översätt berätta skriv visa lista räkna föreslå analysera rätta hitta nämn
förbättra granska planera skapa tolka definiera identifiera summera förenkla kontrollera motivera diskutera
redogör ange utveckla formulera
forklar oppsummer sammenlign oversett oversæt fortell fortæl foreslå opsummer beregn
""".split())

_EPONYM = re.compile(r"[A-Z][a-z]{3,}(?:ian|ean)")
_ARTICLE = re.compile(r"(?i)\b(?:a|an|the|my|your|our|this|that|his|her|their)[ \t]+\Z")
_COMPARE_BEFORE = re.compile(r"(?i)\b(?:vs\.?|versus|or)[ \t]+\Z")
_COMPARE_AFTER = re.compile(r"(?i)[ \t]+(?:vs\.?|versus|or)\b")
_FOR_FRAME = re.compile(r"(?i)\bfor\b")


def without_fp46(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` less the PERSON spans the docstring's frames hold."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _not_person(chunk, r[1], r[2], names)]


def _not_person(chunk: str, start: int, end: int, names: NameLists) -> bool:
    text = chunk[start:end]
    if not text.strip() or _CUE.search(chunk, max(0, start - 12), start) is not None:
        return False
    if text in _JVM:
        return True
    if _vanity(chunk, start, end) or _register(chunk, start, end) or _subcommand(chunk, start, end):
        return True  # (lower-case code words and a number's letters: `dev wants to reset` is the command's)
    if _person_next(chunk, end):
        return False
    return _coordinates_label(chunk, start, end) or _hindi_pronoun(chunk, start, end) \
        or _imperative(chunk, start, end) or _eponym(chunk, start, end, names) \
        or _compared_product(chunk, start, end, names)


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


def _coordinates_label(chunk: str, start: int, end: int) -> bool:
    """`42.3601, -71.0589 (Boston)`: the span is (in) the parenthesised label right after a coordinate pair."""
    return _COORDS_BEFORE.search(chunk, max(0, start - 80), start) is not None \
        and _LABEL_AFTER.match(chunk, end) is not None


def _hindi_pronoun(chunk: str, start: int, end: int) -> bool:
    """`Mera mobile number 9876543210 hai`: a possessive or pronoun before a lower-case word, in Hinglish."""
    if chunk[start:end].lower() not in _HINDI_PRONOUNS:
        return False
    if re.match(r"[ \t]+[a-z]", chunk[end:end + 3]) is None:
        return False
    return _HINDI_WORDS.search(chunk, max(0, start - 200), min(len(chunk), end + 200)) is not None


def _vanity(chunk: str, start: int, end: int) -> bool:
    """`1-800-FLOWERS`, `1-888-NEW-CARS`: the span's capitals glued to a phone number's digits."""
    if _VANITY_WORD.fullmatch(chunk[start:end]) is None or (end < len(chunk) and chunk[end].isalnum()):
        return False
    return _VANITY_BEFORE.search(chunk, max(0, start - 20), start) is not None


def _register(chunk: str, start: int, end: int) -> bool:
    """`[rdi + rsi*4 + 8]`, `xor esi, esi`: a register's name in lower case where the text is about assembly (an
    instruction's or register's word, or another register, on its line)."""
    text = chunk[start:end]
    if text not in _REGISTERS:
        return False
    line_start = chunk.rfind("\n", 0, start) + 1
    line_end = chunk.find("\n", end)
    line = chunk[line_start:line_end if line_end >= 0 else len(chunk)]
    if _ASM.search(line) is not None:
        return True
    return sum(1 for m in _REGISTER_WORD.finditer(line) if m.group(1) != text) > 0


def _subcommand(chunk: str, start: int, end: int) -> bool:
    """`prisma migrate dev`, `npm run dev`: a subcommand after a lower-case command word, a known CLI's name before."""
    text = chunk[start:end]
    if text not in _SUBCOMMANDS:
        return False
    before = re.findall(r"[\w.:-]+", chunk[max(0, start - 40):start])[-3:]
    if not before or not re.fullmatch(r"[a-z][\w.:-]*", before[-1]):
        return False
    return any(w.lower() in _COMMANDS for w in before)


def _imperative(chunk: str, start: int, end: int) -> bool:
    """`Förklara reglerna i innebandy.`: a Nordic imperative opening a sentence, a lower-case word after it."""
    if chunk[start:end].lower() not in _NORDIC_IMPERATIVES:
        return False
    if re.search(r"(?:\A|[.!?:\n])[ \t\"'*#>-]*\Z", chunk[max(0, start - 8):start]) is None:
        return False
    return re.match(r"[ \t]+[a-zåäöæø]", chunk[end:end + 3]) is not None


def _eponym(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`a refractor or a Dobsonian`: an eponym adjective used as a noun, after an article."""
    text = chunk[start:end]
    if _EPONYM.fullmatch(text) is None or names.is_any_first(text) or names.is_name(text):
        return False
    return _ARTICLE.search(chunk, max(0, start - 8), start) is not None


def _compared_product(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Uniqlo Heattech vs merino wool for skiing?`: one or two words no name list knows, compared in a question."""
    words = chunk[start:end].split()
    if not 1 <= len(words) <= 2 or any(names.is_name(w) or names.is_any_first(w) for w in words):
        return False
    if _COMPARE_AFTER.match(chunk, end) is None and _COMPARE_BEFORE.search(chunk, max(0, start - 10), start) is None:
        return False
    sentence = _sentence(chunk, start)
    return "?" in chunk[end:end + 200].split("\n", 1)[0] or _FOR_FRAME.search(sentence) is not None


# ------------------------------------------------------------------------------------- a value over a literal's quotes

_PART_ENTITIES = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN"})
# A literal's punctuation; a quote between two digits is a group separator (`4'111'111`), no string's quote.
_QUOTE = r"""(?<![0-9])['"]|['"](?![0-9])"""  # (a backtick is Markdown's code mark: `617-`555`-0143` is one value)
_LITERAL_PUNCT = re.compile(rf"""(?:[,;()\[\]{{}}]|{_QUOTE})+""")
_LITERAL_QUOTE = re.compile(_QUOTE)
_LITERAL_VALUE = re.compile(r"""[0-9 \t.\-/,;'"()\[\]{}]+""")  # digits, their separators, a literal's punctuation


def split_literal_parts(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with each digit value read over a code literal's punctuation (`VALUES (617, 555, '0143')`: a phone
    number over a tuple's opening bracket, commas and a string's quote) replaced by one finding per part, each over the
    part's own characters: the placeholders go where the parts were (`VALUES (<PHONE_NUMBER_1>, <PHONE_NUMBER_2>,
    '<PHONE_NUMBER_3>')`), as a JSON object's members are redacted (`proxy.nlp.join42`), and the brackets and quotes
    stay. A value of digits, their separators and such punctuation only, with a quote in it or one that opens a
    bracket and holds a comma, is split; `(617) 555-0143`, `617, 555, 0143` and a value read over markup are not."""
    if not any(r[0] in _PART_ENTITIES for r in found):
        return found
    out: list[Result] = []
    split = False
    for r in found:
        parts = _literal_parts(chunk, r) if r[0] in _PART_ENTITIES else None
        if parts is None:
            out.append(r)
            continue
        split = True
        out.extend((r[0], a, b, r[3]) for a, b in parts)
    if not split:
        return found
    best: dict[tuple[str, int, int], Result] = {}
    for r in out:
        key = (r[0], r[1], r[2])
        if key not in best or r[3] > best[key][3]:
            best[key] = r
    return list(best.values())


def _literal_parts(chunk: str, r: Result) -> list[tuple[int, int]] | None:
    _, start, end, _ = r
    text = chunk[start:end]
    opened = text[:1] in "([" and "," in text
    if not (_LITERAL_QUOTE.search(text) or opened) or _LITERAL_VALUE.fullmatch(text) is None:
        return None  # (a value read over markup, `4012 8888 <i style="display: none">0</i>1881`, is not split)
    parts: list[tuple[int, int]] = []
    pos = 0
    for m in _LITERAL_PUNCT.finditer(text):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    out = []
    for a, b in parts:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if any(c.isdigit() for c in piece):
            out.append((start + a + lead, start + a + trail))
    return out if len(out) > 1 or (out and out[0] != (start, end)) else None
