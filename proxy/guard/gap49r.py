"""Restore never writes into a tool call that posts to a recipient the model chose (issue 12, atk47 F07's rest).

`proxy.guard.strm48.names_recipient` reads a recipient under a recipient's key (`to`, `channel`, `chat_id`...) and
`proxy.guard.scopes.texts_number` a phone number under a number's key beside `message`/`text`/`body`. These posted
as well, and had the client's values restored into them:

- a URI that sends by itself, as a JSON value: `smsto:`/`SMSTO:`, `sms:`, `tel:`, `callto:`, `whatsapp:` and the like
  followed by a number (`{"uri": "smsto:+14155550172:<EMAIL_ADDRESS_1>"}`, `{"link": "tel:+1...", "note": ...}`);
- a `dial`/`call` tool's number beside what it says (`{"number": "+1...", "say": ...}`, `{"phone_number": ...,
  "script": ...}`): the speech keys read as a message's;
- a recipient-like argument under a key of its own that names a recipient (`recipient_handle`, `send_to_number`,
  `dm`, `callee`, `peer`, `whatsapp`) holding a handle, a channel, a phone number or a chat id, beside a message.

A contact record (`{"phone": ..., "name": ...}`), a lookup (`{"user": "@dana", "email": ...}`), a handle under a
query, title or tag, or a `tel:` link inside a note's prose send nothing. Gated: one `str.find` of `:` after a quote
and the digits' check; the key regexes run only on a text holding a recipient-like value.
"""

from __future__ import annotations

import re

__all__ = ["sends"]

_Q = r'\\?"'
# A JSON string value that is a URI sending to a number.
_URI = re.compile(r'(?i)' + _Q + r'\s{0,4}(?:smsto|sms|mms|tel|callto|whatsapp|viber|facetime(?:-audio)?|skype|'
                  r'signal|imessage):/{0,2}\+?\(?\d[\d \t().\-]{5,20}')
# Keys that name whom a message goes to (beyond strm48's `_TO_KEYS`), snake or camel case.
_WHO = (r"(?:(?:send_?|reply_?|forward_?)?to|recipients?|receivers?|addressees?|targets?|dest(?:ination)?s?|peer|dm|"
        r"callee|handle|number|phone|msisdn|mobile|cell|whatsapp|telegram|signal|sms)"
        r"(?:_(?:number|phone|handle|id|no|user|address|msisdn|mobile))?|[a-z]+_(?:handle|msisdn)")
_VALUE = (r'\s{0,8}:\s{0,8}\[?\s{0,8}' + _Q + r'(?:@[A-Za-z0-9_][\w.\-]{0,63}|#[A-Za-z0-9_][\w.\-]{0,79}|'
          r'\+?\(?\d[\d \t().\-]{6,20}|-?\d{6,20})' + _Q)
_RECIPIENT = re.compile(r'(?i)' + _Q + _WHO + _Q + _VALUE)
_CAMEL = re.compile(_Q + r'(?:(?:send|reply|forward)To|to|recipient|target|dest(?:ination)?|phone|mobile|callee)'
                    r'(?:Number|Phone|Handle|Id|User)?' + _Q + _VALUE)
# What the call says or sends: a message's keys and a voice call's.
_SAYS = re.compile(r'(?i)' + _Q + r'(?:message|text|body|msg|content|sms_?body|message_?body|caption|payload|say|'
                   r'script|speech|speak|tts|utterance|greeting|announcement|voicemail|voice_?message|'
                   r'spoken_?text|read_?out|prompt)' + _Q + r'\s{0,8}:')


def sends(text: str) -> bool:
    """Whether a tool call's JSON `text` posts to a recipient the model chose in one of the shapes above."""
    if ':' not in text:
        return False
    if _URI.search(text) is not None:
        return True
    if not any(c.isdigit() for c in text) and '"@' not in text and '"#' not in text:
        return False
    return (_RECIPIENT.search(text) is not None or _CAMEL.search(text) is not None) \
        and _SAYS.search(text) is not None
