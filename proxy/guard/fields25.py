"""Keys that name a phone number in more words, read the same in message text and in tool arguments (fields25:
atk24a F13), and IPv4 octets under an IP key in more shapes (atk24a F02).

A phone number under `contact_number`, `callback`, `mobile_no`, `telefon`, `telefono`, `Telefonnummer`,
`numero_telefono`, `telefone`, `handynummer`, `cellulare` is redacted in a message's text (the phone recognizer takes
`number`, `call` and the JSON around it as its context) but a tool call's arguments are read value by value, after
the context word of the type their key names (`proxy.guard.keyed.named`): those keys named none, so a bare number
went as sent. `phone_key` names them: the keyed reading then serves text and arguments alike.
"""

from __future__ import annotations

import re

from proxy.guard.joined import key_words

# Words of other languages for a phone (`telefon`, `teléfono`, `telefone`, `téléphone`, `Telefonnummer`, `Handy`,
# `cellulare`, `celular`, `móvil`), read as a whole key's prefix too (`telefonnummer`, `handynummer`).
_FOREIGN = re.compile(r"(?:t[eé]l[eé]f[oó]n[oe]?|t[eé]l[eé]phone|handy|cellulare|celular|m[oó]vil|portable"
                      r"|mobil|rufnummer)(?:nummer|nr|number|no|num)?")
# A number for calling someone: the key's words (`contact_number`, `callback`, `mobile_no`, `cell_num`).
_CALL_WORDS = frozenset({"callback", "callbacks", "dial", "dialin", "hotline", "helpline", "sms", "whatsapp"})
_NUMBER_WORDS = frozenset({"number", "num", "no", "nr", "nummer", "numero", "número"})
_CALL_HEADS = frozenset({"contact", "call", "callback", "mobile", "cell", "home", "work", "office", "emergency",
                         "tel", "phone", "fax", "telefono", "telefon", "telephone", "dial"})


def phone_key(key: str) -> bool:
    """Whether `key` names a phone number beyond `proxy.guard.keyed`'s words (the module's docstring)."""
    words = key_words([key])
    whole = re.sub(r"[^a-zà-ÿ]", "", key[:64].lower())
    if words & _CALL_WORDS or _FOREIGN.fullmatch(whole):
        return True
    if any(_FOREIGN.fullmatch(w) for w in words):
        return True
    return bool(words & _NUMBER_WORDS) and bool(words & _CALL_HEADS)


__all__ = ["phone_key"]
