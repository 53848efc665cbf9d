"""Restore into more senders' calls: a call whose name sends, publishes or notifies with a recipient (issue 12,
atk33 F05).

rest33 keeps the client's values out of named messaging SDKs' calls (Twilio's Python `messages.create(to=...)`,
Slack, Telegram...). A tester found more senders, in code the client runs, where the value was restored: AWS SNS
`sns.publish(PhoneNumber=...)`, SES `send_email(Destination=...)`, Plivo `messages.create(dst=...)`, Azure
`SmsClient.send(to=[...])`, pywhatkit `sendwhatmsg("+1...", ...)`, O365 `m.to.add(...)` then `m.send()`, Firebase
`messaging.send(messaging.Message(token=...))`, MessageBird `message_create(originator, "+1...", ...)`, Sinch,
Telnyx, Bandwidth, Infobip, Twilio in Go (`params.SetTo(...)`, `CreateMessage`), Java (`Message.creator(new
PhoneNumber(...))`), C# (`MessageResource.Create(to: ...)`), PHP (`$client->messages->create("+1...", ...)`).

The general shape, not one rule per vendor: a call whose name's first word sends (`send`, `publish`, `notify`,
`deliver`; `begin_send`, `sendAsync`), or that creates a message (`messages.create`, `Message.creator`,
`create_message`, `CreateMessage`), sends when
- its name also names what it sends (`send_email`, `sendSms`, `SendEmailCommand`, `sendwhatmsg`,
  `send_sms_message`, `send_mail`) and it has an argument; or
- its arguments name a recipient: a recipient's key (`to=`, `dst=`, `PhoneNumber=`, `TargetArn=`, `Destination=`,
  `recipients:`, `token=`, `"to" =>`...), a `PhoneNumber(...)`, or a string that is nothing but a placeholder, a phone
  number or a mailbox, given as an argument or a list's item (`sendwhatmsg("<PHONE_NUMBER_1>", ...)`); or
- the scope names a recipient elsewhere: a recipient's key or setter (`m.to.add(...)`, `params.SetTo(...)`,
  `$mail->addAddress(...)`, `msg["To"] = ...`, `.to("...")`, `"recipients": {...}`, `token=...`) beside a call of
  these (`m.send()`, `messaging.send(message)`, `client.begin_send(message)`, `client.Api.CreateMessage(params)`).
A call that stays in the process (`chrome.runtime.sendMessage`, `res.send(...)`, a generator's `send`, Ruby's
`send(:method, ...)`, `ipcRenderer.send`), one that sends a file, a header or keys (`send_file`, `send_header`,
`send_keys`), a definition's signature, and calls that store or show the value (`db.save(email=...)`,
`User(email=...)`, `print(...)`, `updateProfile(...)`, `Message.objects.create(...)`) are no sender here.
`sends` is read on a code scope's text (`proxy.guard.scopes.sends`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from proxy.guard.rest33 import _DEFINED, _IN_PROCESS, _READ, _SYMBOL, _TOKEN, _call_scopes, _close

# A call's name whose words may send: a verb that sends first, or a name that creates something (a message, told
# by its words or its receiver's, `_RECEIVER`), or `mail`, right before its `(`.
_CALL = re.compile(r"(?<![\w$])(?P<name>(?:[Bb]egin_?|[Aa]sync_?)?(?:[Ss]end|SEND|[Pp]ublish|PUBLISH|[Nn]otify"
                   r"|[Dd]eliver)[\w$]*|[\w$]*(?:[Cc]reat(?:e|or)|CREATE)[\w$]*|[Mm]ail)\(")
_RECEIVER = re.compile(r"(?<![\w$])([A-Za-z_$][\w$]*)\s*(?:\.|->|::|\?\.)\s*\Z")
_AFTER_RECEIVER = frozenset(".>:? \t\r\n")  # (what may come right before a member's name)
_CHAINED = re.compile(r"[A-Za-z_$][\w$]*\s*(?:\.|->|::|\?\.)\s*[\w$]+\(")  # (the call from its receiver)
_GATE = ("send", "Send", "SEND", "ublish", "otify", "eliver", "reate", "reator", "CREATE", "ail(")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_LEAD = frozenset({"begin", "async", "try", "do"})  # (`begin_send`, `async_send`)
_VERBS = ("send", "publish", "notify", "deliver")
# What a sender's name may say it sends (its words, or what follows the verb in one word: `sendwhatmsg`).
_WHAT = re.compile(r"e?mails?|sms|mms|msg|messages?|whatmsg|notifications?|push|fax|alerts?|invit(?:e|ation)s?")
_CREATED = frozenset({"message", "messages", "sms", "mms", "email", "emails", "mail", "mails"})
# A sending verb's object that sends no message: a file, a response or header to a server's own client, keys typed
# into a page, a signal or a process's IPC.
_NOT_SENT = frozenset({"file", "files", "header", "headers", "response", "error", "status", "redirect", "static",
                       "keys", "signal", "json", "bytes", "data", "from", "directory", "frame"})
# A receiver whose `send` stays in the process or answers a server's own client.
_LOCAL = frozenset({"res", "response", "reply", "gen", "generator", "coro", "coroutine", "signal", "process",
                    "ipcRenderer", "ipcMain", "webContents", "worker", "emitter", "events", "channel_layer"})

# A recipient's key, in a call's arguments (`to=`, `to:`, `"to":`, `'to' =>`) or in the scope.
_KEYS = (r"to|cc|bcc|dst|dest|destinations?|recipients?|to_?(?:e?mails?|address(?:es)?|numbers?|phones?|addrs?)"
         r"|(?:to|cc|bcc)_?addresses|phone_?number|target_?arn|topic_?arn|registration_?(?:tokens?|ids)"
         r"|device_?tokens?|tokens?")
_KEY_END = r"""["']?[ \t]*(?:=(?![=>])|:(?![:=])|=>)"""
_SCOPE_KEY = re.compile(rf"""(?i)(?<![\w$.])["']?(?:{_KEYS})""" + _KEY_END)
# An argument of a sending call given by a number's, a chat's or a channel's key too (`notify(channel=...)`; not
# inside a payload: `publish("user.created", {"email": ...})`).
_ARG_KEY = re.compile(rf"""(?i)[ \t\r\n]*["']?(?:{_KEYS}|phone|mobile|msisdn|number|chat_?id|channel(?:_?id)?"""
                      r"|topic|e?mail|address|user_?id)" + _KEY_END)
# A recipient set by a call: `m.to.add(...)`, `params.SetTo(...)`, `$mail->addAddress(...)`, `Mail::to("...")`, a
# builder's `.phoneNumber(...)` / `.toAddresses(...)` (AWS SDKs), `msg["To"] = ...`.
_SETTER = re.compile(r"""(?i)(?:\.|->|::)[ \t]*(?:(?:to|cc|bcc)[ \t]*\.[ \t]*(?:add|append|extend|push)"""
                     r"""|set_?(?:to|cc|bcc|recipients?)|add_?(?:to|cc|bcc|recipients?|address)"""
                     r"""|(?:to|cc|bcc)_?addresses|phone_?number"""
                     r"""|destination|recipients?|t(?:arget|opic)_?arn|to(?=[ \t]*\([ \t]*["'<]))[ \t]*\("""
                     r"""|\[[ \t]*["'](?:to|cc|bcc)["'][ \t]*\][ \t]*=(?!=)""")
# A string that is nothing but a recipient: a placeholder (`proxy.guard.vault.ESCAPED_PLACEHOLDER`), a phone number
# or a mailbox.
_CONTACT = re.compile(r"(?:<|\\u003[cC])[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?(?:>|\\u003[eE])"
                      r"|\+?\d[\d \t().\-]{6,20}\d|[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE_CALL = re.compile(r"(?<![\w$])PhoneNumber[ \t]*\(")


@lru_cache(maxsize=1024)
def _kind(recv: str | None, name: str, member: bool = False) -> str | None:
    """"what": the name says what it sends (`send_email`); "verb": it may send (`send`, `publish`,
    `messages.create`); None: no sender."""
    words = [w.lower() for w in _WORD.findall(name)]
    while len(words) > 1 and words[0] in _LEAD:
        words = words[1:]
    if not words or _NOT_SENT.intersection(words):
        return None
    first = words[0]
    if words == ["mail"]:
        return "verb"  # (PHP's `mail($to, ...)`, a Rails mailer's `mail(to: ...)`)
    verb = next((v for v in _VERBS if first.startswith(v)), None)
    if verb is not None:
        if recv in _LOCAL:
            return None
        rest = [first[len(verb):]] + words[1:]
        if any(_WHAT.fullmatch(w) for w in rest if w):
            return "what"
        return "verb" if member or len(words) > 1 or first != verb else None  # (a bare `send(...)`: the
        # code's own function, `send() { curl ...; }` in a shell, `notify(...)` in a C loop)
    if not {"create", "creator"}.intersection(words):
        return None
    named = set(words) | {w.lower() for w in _WORD.findall(recv or "")}
    return "verb" if _CREATED.intersection(named) else None


def _top(args: str) -> list[str]:
    """A call's arguments, split at their commas outside brackets and strings."""
    parts: list[str] = []
    depth = start = pos = 0
    for t in (*_TOKEN.finditer(args), None):
        if depth == 0:
            gap_end = len(args) if t is None else t.start()
            comma = args.find(",", pos, gap_end)
            while comma >= 0:
                parts.append(args[start:comma])
                start = comma + 1
                comma = args.find(",", start, gap_end)
        if t is None:
            break
        c = t.group()
        depth += 1 if c in "([{" else -1 if c in ")]}" else 0
        pos = t.end()
    parts.append(args[start:])
    return parts


def _contact(s: str) -> bool:
    """Whether `s` (a string token) is a string that is nothing but a contact (`_CONTACT`)."""
    return len(s) >= 2 and s[0] in "\"'" and s[-1] == s[0] and _CONTACT.fullmatch(s[1:-1]) is not None


def _names_recipient(args: str) -> bool:
    """Whether a call's arguments name a recipient: a recipient's key (`_KEYS`, at any depth: `Destination=
    {'ToAddresses': [...]}`), an argument's key (`_ARG_KEY`), a `PhoneNumber(...)`, or an argument (or a list's
    item) that is a string that is nothing but a contact."""
    if _SCOPE_KEY.search(args) is not None or _PHONE_CALL.search(args) is not None:
        return True
    for part in _top(args):
        if _ARG_KEY.match(part) is not None:
            return True
        part = part.strip()
        if part[:1] == "[" and part[-1:] == "]":
            if any(_contact(t.group()) for t in _TOKEN.finditer(part)):
                return True
        elif _contact(part):
            return True
    return False


def _calls(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each call of `text` that may send (`_kind`), from its receiver (`client.messages` / `.create(`, over lines
    too), with its kind; not a definition's signature nor a call that stays in the process
    (`chrome.runtime.sendMessage`)."""
    for m in _CALL.finditer(text):
        at = m.start()
        recv = _RECEIVER.search(text, max(0, at - 64), at) if at and text[at - 1] in _AFTER_RECEIVER else None
        member = text[max(0, at - 64):at].rstrip().endswith((".", "->", "::", "mutation"))  # (`f(x).send(`; a
        # GraphQL `mutation Send(...)`, read with its fields: rest33)
        kind = _kind(recv.group(1) if recv is not None else None, m.group("name"), member)
        if kind is not None and _DEFINED.search(text, max(0, at - 24), at) is None and \
                _IN_PROCESS.search(text, max(0, at - 10), at) is None and \
                not (recv is not None and _mock(text, recv.group(1))):
            yield (m if recv is None else _CHAINED.match(text, recv.start()) or m), kind


def _mock(text: str, recv: str) -> bool:
    """Whether the receiver's first name is a test's, a mock's or a fake's client the scope defines (`client =
    MagicMock()` then `client.notify(<PH>)`: rest36's look-alike)."""
    from proxy.guard.rest36 import _defined_locally

    first = re.match(r"[A-Za-z_$][\w$]*", recv)
    return first is not None and _defined_locally(text, first.group())


def gate(text: str) -> bool:
    """Whether `text` may hold a call of this module (cheap substring tests)."""
    return any(g in text for g in _GATE)


def sends(text: str) -> bool:
    """Whether a code scope's `text` sends through a call of this module (see the module)."""
    if not gate(text):
        return False
    calls = False
    for m, kind in _calls(text):
        limit = min(len(text), m.end() + _READ)
        end = _close(text, m.end() - 1, limit)
        args = text[m.end():limit if end is None else end - 1]
        if _SYMBOL.match(args) is not None:
            continue  # (Ruby's `send(:method, ...)`)
        if (kind == "what" and args.strip()) or _names_recipient(args):
            return True
        calls = True
    return calls and (_SETTER.search(text) is not None or _SCOPE_KEY.search(text) is not None)


@lru_cache(maxsize=256)
def scopes(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end of its opener, end) of each call of `text` that may send, from its line's start to its closing
    bracket, or to the text's end while it is open (`proxy.guard.rest33`'s calls'), by start."""
    out: list[tuple[int, int, int]] = []
    if gate(text):
        _call_scopes(text, out, (m for m, _ in _calls(text)))
    return tuple(sorted(set(out)))


def first(text: str, pos: int, gated: bool = True) -> tuple[int, int, int] | None:
    """The first scope of `text` at or after `pos` (`proxy.guard.rest31.first_in`; `proxy.guard.sess30.Spans`)."""
    from proxy.guard.rest31 import first_in

    return first_in(scopes(text), pos)
