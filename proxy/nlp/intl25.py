"""Non-Latin names in a tool call's values and at their later mentions (intl25, atk24a F07/F12).

- `script_word`: a one-word value in a non-Latin script (`Анна`, `محمد`, `김민준`, `佐藤`, `Ολγα`): under a key that
  names a person in a tool call's arguments, an Anthropic `tool_use` input or a Responses `function_call`, it is read
  as the same JSON written as text (`proxy.nlp.cued_values.person_key_readings`), as a message's text is: what the
  analyzer finds there counts for the value; nothing else. A Latin word keeps its reading (two words or more).

Pure functions, CPU only.
"""

from __future__ import annotations

import re
import unicodedata

# A letter of a script other than Latin: Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, Hangul, Kana, Han.
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u05d0-\u05ea\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                        r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_MAX_WORD = 30


def script_word(value: str) -> bool:
    """Whether `value` is one word of letters (and the marks its script writes vowels with) in a non-Latin script."""
    if not value or len(value) > _MAX_WORD or value.isascii() or _NON_LATIN.search(value) is None:
        return False
    return all(c.isalpha() or unicodedata.category(c).startswith("M") for c in value) and value[0].isalpha()


__all__ = ["script_word"]
