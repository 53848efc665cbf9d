"""PII-free text the name rules read as a person's name (fp25, atk24a's false positives):

- an AI assistant's or a model's name where the text speaks of the product (`proxy.nlp.everyday25.without25`): a model
  or size word after it (`Claude Sonnet`, `Llama 3`, `Mistral Large`), a verb of using it before it (`Ask Devin to`,
  `better than Claude`, `Claude vs Gemini`), a device's command after it (`Alexa, play`); `Claude Monet painted`,
  `Dr. Claude Bernard`, `Alexa Chung said` stay names;
- a name's span widened over the noun and the preposition before it (`proxy.nlp.everyday25.trimmed25`: `die Rechnung
  an Hans Koch`, `Das Angebot von Jürgen Müller`, `la factura a Juan Herrero`, `Raporu Ahmet Yılmaz'a`): cut back to
  the name's words (`Jan de Bakker` stays whole);
- a later mention of a name found in another text that is a plural noun opening a sentence before a verb in its
  plural form (`Customer: Hope Banks`, then `Banks close at 5.`: `plural_opening25`); `Banks called` stays a name.
"""

from __future__ import annotations

import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# Assistants and model families named like people (a cheap test: one of these words must be in the span).
ASSISTANTS = frozenset({
    "claude", "devin", "alexa", "siri", "cortana", "gemini", "copilot", "jarvis", "bard", "grok", "llama", "mistral",
    "watson", "eliza", "jasper", "harvey", "bixby", "pi", "phi", "gemma", "qwen", "falcon", "mixtral", "codex",
})
# A model's or a size's word after the family's name.
_MODEL = re.compile(
    r"[ \t-]*(?:\d|(?:sonnet|opus|haiku|instant|pro|ultra|flash|nano|large|medium|small|mini|code|chat|"
    r"instruct|vision|turbo|lite|max|plus|desktop|api|model|models|app)\b)", re.IGNORECASE)
# A verb of using, or a comparison, right before the name.
_BEFORE = re.compile(
    r"(?:\b(?:ask|asked|asking|tell|told|use|used|using|with|vs|versus|than|let|prompt|prompted|via|query|"
    r"queried|like|or|and)\.?|\bcompared\s+(?:to|with))\s+$", re.IGNORECASE)
# A device's command after a name called (`Alexa, play`, `Siri, set a timer`).
_COMMAND = re.compile(
    r",\s*(?:play|set|turn|open|remind|add|stop|pause|skip|resume|what|what's|whats|how|show|start|dim|lock)\b")
_TITLE = re.compile(r"\b(?:dr|mr|mrs|ms|miss|prof|sir|dame|st)\.?\s+$", re.IGNORECASE)
_OTHER_PRODUCT = re.compile(r"\b(?:gpt|chatgpt|openai|anthropic|llm|chatbot|assistant|model)\b", re.IGNORECASE)


def _assistant(chunk: str, start: int, end: int) -> bool:
    words = chunk[start:end].split()
    if not words or words[0].lower() not in ASSISTANTS:
        return False
    before = chunk[max(0, start - 30):start]
    if _TITLE.search(before):
        return False
    if len(words) == 2:  # `Claude Sonnet`: the second word a model's
        m = _MODEL.match(" " + words[1])
        return bool(m and m.end() == len(words[1]) + 1)
    if len(words) != 1:
        return False
    after = chunk[end:end + 30]
    if _MODEL.match(after) or _COMMAND.match(after):
        return True
    if _BEFORE.search(before):
        # `and`, `or`, `like` only beside another product's name (`Claude or Gemini`, `ChatGPT and Claude`)
        word = re.findall(r"\w+", before.lower())[-1:]
        if word and word[0] in ("and", "or", "like"):
            around = chunk[max(0, start - 60):end + 60]
            return bool(_OTHER_PRODUCT.search(around)) or sum(
                w.lower() in ASSISTANTS for w in re.findall(r"\w+", around)) > 1
        return True
    # the other side of a comparison: `Claude vs ...`, `Claude or Gemini`
    return bool(re.match(r"\s+(?:vs\.?|versus)\s", after))


def without25(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans that are an assistant's or a model's name."""
    low = chunk.lower()
    if not any(a in low for a in ASSISTANTS):
        return found
    out = []
    for r in found:
        if r[0] == "PERSON" and _assistant(chunk, r[1], r[2]):
            continue
        out.append(r)
    return out


# A preposition (German, Dutch, Spanish, Portuguese, French, Italian, English) inside a span before a given name.
_PREPOSITIONS = frozenset({
    "an", "von", "vom", "für", "mit", "bei", "zu", "zum", "zur", "durch", "a", "para", "por", "con", "al", "à", "pour",
    "avec", "par", "chez", "per", "da", "to", "for", "from", "with", "by", "naar", "voor", "met", "door", "aan",
})


_CASE_END = re.compile(r"\w['’][a-zçğıöşü]{1,4}$")


def trimmed25(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """PERSON spans cut back to the name when they hold a noun and a preposition before a given name (`Rechnung an
    Hans Koch` to `Hans Koch`), or a word that is no name before one (`Raporu Ahmet Yılmaz'a` to `Ahmet Yılmaz`)."""
    out: list[Result] = []
    for r in found:
        entity, start, end, score = r
        if entity != "PERSON" or " " not in chunk[start:end]:
            out.append(r)
            continue
        words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", chunk[start:end])]
        cut = 0
        for i, (_a, _b, w) in enumerate(words[:-1]):
            if w in _PREPOSITIONS and i + 2 <= len(words) and _given_name(names, words[i + 1][2]) \
                    and not any(_given_name(names, x[2]) for x in words[:i]):
                cut = i + 1
        first = words[0][2]
        if not cut and len(words) >= 3 and first.isalpha() and not _name_word(names, first) \
                and _given_name(names, words[1][2]) and (names.is_common(first) or _CASE_END.search(chunk[start:end])):
            cut = 1
        a = words[cut][0] if cut and cut < len(words) else start
        b = end
        m = _CASE_END.search(chunk[a:b])
        if m and (cut or not chunk[a:b].endswith(("'s", "’s"))):
            b = a + m.start() + 1
        out.append((entity, a, b, score) if (a, b) != (start, end) else r)
    return out


def _given_name(names: NameLists, word: str) -> bool:
    return word[:1].isupper() and (names.is_first(word) or names.is_any_first(word))


def _name_word(names: NameLists, word: str) -> bool:
    from proxy.nlp.cued import _raw_surname

    return _raw_surname(word) or names.is_name(word) or _given_name(names, word)


def plural_opening25(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A mention that is a plural noun opening a sentence, a verb's plural (base) form after it (`Banks close at 5.`;
    not `Banks called`, `Banks closes`, `Mr. Banks close`)."""
    word = text[start:end]
    if len(word) < 4 or not word.isalpha() or not word[0].isupper() or not word.endswith("s"):
        return False
    low = word.lower()
    if low not in lex.nouns and low[:-1] not in lex.nouns:
        return False
    head = text[max(0, start - 12):start]
    if start and not re.search(r"(?:[.!?]\s+|\n\s*)$", head) or _TITLE.search(head):
        return False
    m = re.match(r"[ \t]+([a-z]+)\b", text[end:end + 30])
    if not m or m.group(1) not in lex.verbs or m.group(1).endswith("s"):
        return False
    verb = m.group(1)  # not a past tense (`called`, `closed`; `need` is none)
    return not (verb.endswith("ed") and (verb[:-2] in lex.verbs or verb[:-1] in lex.verbs))
