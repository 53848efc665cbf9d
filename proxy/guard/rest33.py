"""Restore into messaging-SDK calls, GraphQL mutations that send, chat slash commands, modem SMS sends and `.netrc`
`default` entries (issue 12, atk31 F24, F16).

Restore keeps the client's values out of what sends (`proxy.guard.scopes`). A tester found shapes written without a
fence that were read as prose, or as code that names no destination, so the client's value came back where the
answer sends it:
- F24: a messaging SDK's call names its recipient as a channel, a chat id or a phone number, not as a host: Twilio
  `client.messages.create(to='+1...', body=...)` (with a `to`: Anthropic's `messages.create` sends a prompt),
  Slack `chat_postMessage(channel=...)` / `chat.postMessage({...})`, Vonage `sms.send_message`, Telegram
  `send_message(chat_id, ...)` / `sendMessage`, Discord `channel.send(...)` (`ctx`, `webhook`, `user`, `member`,
  `thread`...), SendGrid `Mail(to_emails=...)`, `sendmail(...)` (smtplib), PagerDuty (`pypd.Event.create`, a
  `pdpyras` session's `trigger`), Opsgenie (`create_alert`, `CreateAlertPayload`), a Teams or Slack incoming
  webhook's client (`pymsteams.connectorcard(url)`, `IncomingWebhook(url)`, `WebhookClient(url)`: its URL may be a
  variable); and Lua's `http.request{ url = ... }` (its destination is a URL, read by `proxy.guard.scopes.sends`;
  the call was no scope).
  A call is a scope from its line's start to its closing bracket (strings read through), or to the text's end while
  it is open (a stream's next piece may close it);
- F16: a GraphQL `mutation` whose field's name starts with a verb that sends (send, notify, post, message, invite,
  share, forward, publish, sms, email, mail, dm: `sendEmail`, not `updateMessageSettings`) with a recipient's or
  URL's argument (`to:`, `email:`, `channel:`, `url:`...), to its closing brace;
  a chat slash command that messages someone (`/msg @x ...`, `/dm`, `/whisper`, `/w`, `/tell`, `/notice`, `/query`,
  `/remind #ch "..."` but `/remind me`, `/invite`, `/share`, `/send`) on a line of its own or in an inline code
  span; a modem's `AT+CMGS="+1..."` and the message after it (to Ctrl-Z, a blank line or the text's end); a `.netrc`
  `default` entry (`default login <PH> password x`: its login goes to any host; `proxy.guard.rest32` finds it).
`first` gives these scopes to `proxy.guard.sess30.Spans`; `sends` tells the ones that send with no host in them.
Prose naming these calls (`Call client.messages.create with ...`), a GraphQL query or a mutation that sends nothing
(`updateProfile(email: ...)`), `/remind me` and a sentence about a default login are no scope that sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_READ = 4096  # a call's, mutation's or modem send's characters read at most

# ------------------------------------------------------------------------------------------------ F24 SDK calls
# A call's head, then its opening bracket. `to`: the call sends only with a recipient member (Twilio's, not
# Anthropic's `messages.create`); `mail`: SendGrid's `Mail(` with `to_emails`; the others send where they are called.
_CALL = re.compile(
    r"(?<![\w$])(?:(?P<to>messages\.create)|(?P<mail>Mail)|(?P<lua>(?:socket\.)?https?\.request)"
    r"|chat[._](?:postMessage|postEphemeral|scheduleMessage|post_message|post_ephemeral|schedule_message)"
    r"|chat_postMessage|chat_postEphemeral|chat_scheduleMessage|sms\.send(?:_message|_sms|Sms)?"
    r"|send_message|sendMessage|send_photo|sendPhoto|send_document|sendDocument|sendmail"
    r"|create_alert|createAlert|CreateAlertPayload|create_incident|createIncident|connectorcard|IncomingWebhook"
    r"|WebhookClient|(?:channel|ctx|webhook|user|member|author|thread|dm_channel|followup)\.send"
    r"|(?:pypd|pagerduty|pdpyras)\.[\w.]{0,64}?(?:create|trigger|send)|[Ss]ession\.trigger)[ \t]*[({]")
_CALL_GATE = ("messages.create", "Mail(", "http.request", "https.request", "chat_post", "chat.post", "chat_schedule",
              "chat.schedule", "sms.send", "send_message", "sendMessage", "send_photo", "sendPhoto", "send_document",
              "sendDocument", "sendmail", "create_alert", "createAlert", "CreateAlertPayload", "create_incident",
              "createIncident", ".send(", "connectorcard", "IncomingWebhook", "WebhookClient", "pypd.", "pagerduty.",
              "pdpyras.", "ession.trigger")
_TO = re.compile(r"""(?<![\w$])["']?to["']?[ \t]*[=:]""")
_TO_EMAILS = re.compile(r"(?<![\w$])to_emails[ \t]*=")
# A call that stays in the process or the browser: an extension's own messaging (`chrome.runtime.
# sendMessage`), Ruby's `send(:method, ...)` (calls a method by its name).
_IN_PROCESS = re.compile(r"(?<![\w$])(?:runtime|tabs|port|extension)\.\Z")  # (not `Transport.send`: JavaMail)
_SYMBOL = re.compile(r"[ \t]*:[A-Za-z_]")
_DEFINED = re.compile(r"(?i)\b(?:def|function|func|fn|sub|void|define|static|public|private)[ \t]+\Z")  # (defines it)
_PAIRS = {"(": ")", "[": "]", "{": "}"}


_TOKEN = re.compile(r"[()\[\]{}]|\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?|`[^`]*`?")


def _close(text: str, at: int, limit: int) -> int | None:
    """The end of the bracketed group opening at `at` (strings read through; an unclosed one ends with its line),
    None when it is open at `limit`."""
    stack: list[str] = []
    for t in _TOKEN.finditer(text, at, limit):
        c = t.group()
        if c in _PAIRS:
            stack.append(_PAIRS[c])
        elif c in ")]}":
            if stack and stack[-1] == c:
                stack.pop()
                if not stack:
                    return t.end()
            elif not stack:
                return t.end()
        elif t.end() == limit and (len(c) == 1 or c[-1] != c[0]):
            return None  # (a string open at the end)
    return None


def _call_scopes(text: str, out: list[tuple[int, int, int]], calls: Iterable[re.Match[str]] | None = None) -> None:
    """The scope of each of `calls` (a call's name and its opening bracket; `_CALL`'s), from its line's start to its
    closing bracket."""
    n = len(text)
    last = -1
    for m in _CALL.finditer(text) if calls is None else calls:
        if m.start() < last:
            continue  # (a call inside the last one's arguments: its scope holds it)
        if _DEFINED.search(text, max(0, m.start() - 24), m.start()) is not None:
            continue  # (a definition's signature: `def send_message(chat_id, text):`)
        limit = min(n, m.end() + _READ)
        end = _close(text, m.end() - 1, limit)
        if end is None and limit < n:
            last = limit
            continue  # (longer than read: no call of these, nor one inside it)
        line = text.rfind("\n", 0, m.start()) + 1
        last = n if end is None else end
        out.append((line, m.end(), last))


def _call_sends(text: str) -> bool:
    last = -1
    for m in _CALL.finditer(text):
        if m.start() < last or m.group("lua") is not None or \
                _DEFINED.search(text, max(0, m.start() - 24), m.start()) is not None:
            continue  # (inside the last one; Lua's URL: `proxy.guard.scopes.names_destination`)
        limit = min(len(text), m.end() + _READ)
        last = _close(text, m.end() - 1, limit) or limit
        args = text[m.end():last]
        if _IN_PROCESS.search(text, max(0, m.start() - 10), m.start()) is not None or \
                (m.group().startswith(("user.", "member.", "author.", "thread.")) and _SYMBOL.match(args)):
            continue
        if m.group("to") is not None:
            if _TO.search(args) is not None:
                return True
        elif m.group("mail") is not None:
            if _TO_EMAILS.search(args) is not None:
                return True
        else:
            return True
    return False


# ------------------------------------------------------------------------------------------- F16 more senders
# A GraphQL mutation (its name and variables, then `{`), its first field's name and arguments.
_MUTATION = re.compile(r"(?<![\w$])mutation\b[ \t]*(?:[A-Za-z_]\w*[ \t]*)?(?:\([^()]{0,512}\)[ \t]*)?\{\s*"
                       r"(?:[A-Za-z_]\w*[ \t]*:[ \t]*)?(?P<field>[A-Za-z_]\w*)[ \t]*\(")
# (the name's first word: `sendEmail`, `notify_user`, `shareDocument`; not `updateMessageSettings`)
_SENDS_NAME = re.compile(r"(?:[Ss]end|[Nn]otify|[Pp]ost|[Mm]essage|[Mm]sg|[Ii]nvite|[Ss]hare|[Ff]orward|[Pp]ublish"
                         r"|[Ss]ms|SMS|[Ee]mail|[Mm]ail|[Dd]m)(?![a-z])")
_RECIPIENT_ARG = re.compile(r"(?i)(?<![\w$])(?:to|cc|bcc|recipients?|emails?|phone(?:_?number)?|number|channel"
                            r"(?:_?id)?|chat_?id|users?|user_?ids?|members?|invitees?|address(?:es)?|url|webhook"
                            r"(?:_?url)?|callback(?:_?url)?|target|destination)[ \t]*:")


def _mutation_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    n = len(text)
    last = -1
    for m in _MUTATION.finditer(text):
        if m.start() < last:
            continue  # (inside the last one)
        brace = text.find("{", m.start())
        end = _braces(text, brace, min(n, brace + _READ))
        if end is None and brace + _READ < n:
            last = brace + _READ  # (longer than read: no mutation of these, nor one inside it)
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        last = n if end is None else end
        out.append((line, m.end(), last))


_BRACE = re.compile(r"[{}]")


def _braces(text: str, at: int, limit: int) -> int | None:
    """The end of the GraphQL selection opening at `at` (braces counted: a JSON string's escaped quotes in it too)."""
    depth = 0
    for b in _BRACE.finditer(text, at, limit):
        depth += 1 if b.group() == "{" else -1
        if depth == 0:
            return b.end()
    return None


def _mutation_sends(text: str) -> bool:
    last = -1
    for m in _MUTATION.finditer(text):
        if m.start() < last or _SENDS_NAME.match(m.group("field")) is None:
            continue
        limit = min(len(text), m.end() + _READ)
        end = last = _close(text, m.end() - 1, limit) or limit
        if _RECIPIENT_ARG.search(text, m.end(), end) is not None:
            return True
    return False


# A chat slash command that messages someone else, at a line's start (after a list marker or `>`) or a code span's.
_SLASH_CMDS = r"msg|message|dm|pm|whisper|w|tell|notice|query|remind|invite|share|send"
_SLASH = re.compile(rf"(?m)(?:^[ \t]*(?:[-*+>][ \t]+)?|(?<=`))/(?P<cmd>{_SLASH_CMDS})[ \t]+(?P<rest>[^\s`][^\n`]*)")
_SELF = re.compile(r"(?i)me\b|myself\b")


def _slash_sends(m: re.Match[str]) -> bool:
    """Whether the slash command `m` messages someone: a recipient and a message (`/remind me ...` reminds oneself;
    `/invite` needs only whom)."""
    cmd, rest = m.group("cmd"), m.group("rest")
    if cmd == "remind" and _SELF.match(rest) is not None:
        return False
    return cmd in ("invite", "share") or len(rest.split(None, 1)) == 2


def _slash_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    for m in _SLASH.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "`":
            continue  # (in a code span: a scope of its own, `proxy.guard.scopes.code_spans`)
        out.append((text.rfind("\n", 0, m.start()) + 1, m.start("rest"), m.end()))


# A modem's SMS send (`AT+CMGS="+15555550100"`), the message on the lines after it, to Ctrl-Z.
_CMGS = re.compile(r"(?i)(?<![\w+])AT\+CMGS[ \t]*=[ \t]*[\"'<+\d]")  # (the model's number: a placeholder too)
_CTRL_Z = re.compile(r"\x1a|\^Z|(?i:<?ctrl[-+ ]?z>?)|\n[ \t]*\r?\n")


def _cmgs_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    n = len(text)
    last = -1
    for m in _CMGS.finditer(text):
        if m.start() < last:
            continue  # (inside the last one's message)
        z = _CTRL_Z.search(text, m.end(), min(n, m.end() + _READ))
        line = text.rfind("\n", 0, m.start()) + 1
        last = min(n, m.end() + _READ) if z is None else (z.end() if text[z.start()] != "\n" else z.start())
        out.append((line, m.end(), n if z is None else last))


# A `.netrc` `default` entry: its tokens in pairs, to its line's (or lines') end.
_DEFAULT = re.compile(r"(?m)^[ \t]*default(?:\s+(?:login|password|account|port)[ \t]+\S+)+[ \t]*\r?$")


# ------------------------------------------------------------------------------------------------------ scopes
def gate(text: str) -> bool:
    """Whether `text` may hold a scope of this module (cheap substring tests)."""
    return any(g in text for g in _CALL_GATE) or "mutation" in text or _slash_gate(text) or _cmgs_gate(text)


_SLASH_WORDS = tuple("/" + c for c in _SLASH_CMDS.split("|"))


def _slash_gate(text: str) -> bool:
    return "/" in text and any(w in text for w in _SLASH_WORDS)


def _cmgs_gate(text: str) -> bool:
    return "CMGS" in text or "cmgs" in text or "Cmgs" in text


@lru_cache(maxsize=256)
def scopes(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end of its opener, end) of each scope of `text` (see the module), by start."""
    out: list[tuple[int, int, int]] = []
    if any(g in text for g in _CALL_GATE):
        _call_scopes(text, out)
    if "mutation" in text:
        _mutation_scopes(text, out)
    if _slash_gate(text):
        _slash_scopes(text, out)
    if _cmgs_gate(text):
        _cmgs_scopes(text, out)
    return tuple(sorted(set(out)))


def first(text: str, pos: int, gated: bool = True) -> tuple[int, int, int] | None:
    """The first scope of `text` at or after `pos` (`rest31.first_in`)."""
    from proxy.guard.rest31 import first_in

    return first_in(scopes(text), pos)


def sends(text: str) -> bool:
    """Whether a scope's `text` sends with no host in it (see the module): a messaging SDK's call, a GraphQL mutation
    that sends, a slash command that messages someone, a modem's SMS send, a `.netrc` `default` entry."""
    if any(g in text for g in _CALL_GATE) and _call_sends(text):
        return True
    if "mutation" in text and _mutation_sends(text):
        return True
    if _slash_gate(text) and any(_slash_sends(m) for m in _SLASH.finditer(text)):
        return True
    if _cmgs_gate(text) and _CMGS.search(text) is not None:
        return True
    return "default" in text and _DEFAULT.search(text) is not None
