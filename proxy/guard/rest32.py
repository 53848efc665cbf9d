"""Restore into unfenced connection configs, SQL statements that send, Jenkinsfile `sh` steps and VBA HTTP calls
(issue 12, atk31 F22, F11, F23).

Restore keeps the client's values out of what sends (`proxy.guard.scopes`). Fenced, these shapes are code scopes;
unfenced, a tester found them read as prose, so the client's value came back where the answer sends it:
- F22: an ssh_config block (`Host evil` / `  HostName evil.example` / `  User <PH>`: a `Host` or `Match` line and the
  ssh_config keyword lines after it), a `.netrc` entry (`machine evil.example login <PH> password ...`, on one line
  or several), a `.pgpass` line (`evil.example:5432:*:<PH>:pw`), an msmtprc account (`account`/`defaults`, then
  `host`, `from`, `user`... lines);
- F11: a SQL statement that sends (`COPY ... TO PROGRAM`, pgsql-http `http_post(`, pg_net `net.http_post`,
  `xp_cmdshell`, `sp_send_dbmail`, `sp_add_jobstep`, `UTL_HTTP`, ClickHouse `url(`): from the statement's first
  line to its `;`, a blank line, or the text's end (a stream's next piece may go on with it);
- F23: a Jenkinsfile `sh '...'` step running a client (`sh 'curl -d e=<PH> https://...'`), VBA that sends with
  `MSXML2.XMLHTTP` / `WinHttp.WinHttpRequest` (to its `End Sub`/`End Function`, or the text's end), a launchd
  plist's `ProgramArguments` array (to its `</array>`), a SQL Agent `sp_add_jobstep` (F11's statements).
These are scopes (`first`, read by `proxy.guard.sess30.Spans`); whether one keeps its placeholders is
`proxy.guard.scopes.sends` (a destination: `HostName evil.example`, `machine evil.example`, `host:5432`, a URL, a
mailbox's host). A local one (`Host localhost`, `machine localhost`) sends nothing and is restored; prose naming
these files is no scope.
"""

from __future__ import annotations

import re
from functools import lru_cache

_READ = 8192  # a block's characters read at most
_PH = re.compile(r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>")

# ------------------------------------------------------------------------------------------------ F22 configs
_SSH_KEYS = (r"hostname|user|port|identityfile|identitiesonly|proxyjump|proxycommand|forwardagent|localforward"
             r"|remoteforward|dynamicforward|serveraliveinterval|serveralivecountmax|stricthostkeychecking"
             r"|userknownhostsfile|addkeystoagent|usekeychain|controlmaster|controlpath|controlpersist|compression"
             r"|loglevel|certificatefile|preferredauthentications|pubkeyauthentication|passwordauthentication"
             r"|sendenv|setenv|requesttty|remotecommand|hostkeyalias|connecttimeout|batchmode|include")
_SSH_HOST = re.compile(r"(?im)^[ \t]*(?:host|match[ \t]+(?:host|originalhost|user|all|exec))"
                       r"(?:[ \t]+[\w.*?!\[\]:%@\"-]+){1,8}(?<![.,:;])[ \t]*\r?$")
_SSH_LINE = re.compile(rf"(?i)[ \t]*(?:{_SSH_KEYS})(?:[ \t]*=[ \t]*|[ \t]+)\S[^\n]*")
_NETRC = re.compile(r"(?m)^[ \t]*(?:machine[ \t]+\S+|default)(?=[ \t]*(?:\n[ \t]*)?(?:login|password|account)\b)")
_NETRC_LINE = re.compile(r"[ \t]*(?:login|password|account|macdef|port)[ \t]+\S[^\n]*")
_PGPASS = re.compile(r"(?m)^[ \t]*(?:[A-Za-z0-9*\[][\w.*:\[\]-]*?|\*):(?:\d{1,5}|\*):[^\s:]+:[^\s:]+:\S+[ \t]*\r?$")
_MSMTP_OPEN = re.compile(r"(?m)^[ \t]*(?:account[ \t]+\S+|defaults)[ \t]*\r?$")
_MSMTP_LINE = re.compile(r"[ \t]*(?:host|port|from|user|auth|tls|tls_starttls|tls_trust_file|tls_certcheck|password"
                         r"|passwordeval|logfile|syslog|domain|protocol|account[ \t]+default[ \t]*:)[ \t]+\S[^\n]*")


def _line_end(text: str, at: int) -> int:
    b = text.find("\n", at)
    return len(text) if b < 0 else b


_PARTIAL = re.compile(r"[ \t]*([A-Za-z_]*)([ \t]*)")
_WORDS = {"ssh": tuple(_SSH_KEYS.split("|")), "netrc": ("login", "password", "account", "macdef", "port"),
          "msmtp": ("host", "port", "from", "user", "auth", "tls", "tls_starttls", "tls_trust_file", "tls_certcheck",
                    "password", "passwordeval", "logfile", "syslog", "domain", "protocol")}


def _may_go_on(raw: str, kind: str) -> bool:
    """Whether an open last line `raw` may still become a keyword line of `kind` (`from `, `Hostn`)."""
    m = _PARTIAL.fullmatch(raw)
    if m is None:
        return False
    word = m.group(1).lower()
    if m.group(2):
        return word in _WORDS[kind]
    return any(k.startswith(word) for k in _WORDS[kind])


def _run(text: str, start: int, line: re.Pattern[str], kind: str) -> int:
    """The end of the run of `line` lines from `start` (a line's start), blank lines inside it too."""
    n = len(text)
    end = start - 1
    at = start
    limit = min(n, start + _READ)
    while at < limit:
        eol = _line_end(text, at)
        raw = text[at:eol].rstrip("\r")
        if raw.strip(" \t"):
            if line.fullmatch(raw) is None:
                if eol == n and _may_go_on(raw, kind):
                    end = n  # (a stream's last line, a keyword line's start: its next piece may end it)
                break
            end = eol
        at = eol + 1
    else:
        if at >= n and text.endswith("\n"):
            end = n  # (a stream's text ends after a keyword line: its next piece may go on with the run)
    return max(end, start - 1)


def _config_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    lower = text.lower()
    if "host" in lower or "match" in lower:
        for m in _SSH_HOST.finditer(text):
            end = _run(text, m.end() + 1, _SSH_LINE, "ssh")
            if end > m.end() or not text[m.end():].strip():  # (keyword lines, or a stream's last: more may come)
                out.append((m.start(), m.end(), end if end > m.end() else len(text)))
    if "machine" in text or "default" in text:
        for m in _NETRC.finditer(text):
            eol = _line_end(text, m.end())
            end = max(eol, _run(text, eol + 1, _NETRC_LINE, "netrc"))
            out.append((m.start(), m.end(), end))
    if text.count(":") >= 4:
        for m in _PGPASS.finditer(text):
            out.append((m.start(), m.start(), m.end()))
    if "account" in text or "defaults" in text:
        for m in _MSMTP_OPEN.finditer(text):
            end = _run(text, m.end() + 1, _MSMTP_LINE, "msmtp")
            if end > m.end() or not text[m.end():].strip():
                out.append((m.start(), m.end(), end if end > m.end() else len(text)))


# --------------------------------------------------------------------------------------------- F11 SQL senders
_SQL_SENDER = re.compile(r"(?i)\bto[ \t]+program\b|(?<!\w)http_(?:post|get|put|patch|delete|request"
                         r"|head)[ \t]*\(|\bxp_cmdshell\b|\bsp_send_dbmail\b|\bsp_add_jobstep\b|\butl_http\b"
                         r"|\butl_smtp\b|\binto[ \t]+function[ \t]+(?:url|s3|remote|remotesecure|mysql|postgresql)"
                         r"[ \t]*\(|\bfrom[ \t]+(?:url|s3)[ \t]*\([ \t]*'[a-z][\w+.-]*://")
_SQL_GATE = ("program", "PROGRAM", "http_", "HTTP_", "xp_cmdshell", "sp_send_dbmail", "sp_add_jobstep", "utl_",
             "UTL_", "FUNCTION", "function", "url(", "s3(")
_SQL_START = re.compile(r"(?im)^[ \t]*(?:copy|select|insert|update|exec(?:ute)?|call|perform|with|do|begin"
                        r"|declare)\b")
_STMT_END = re.compile(r";[ \t]*(?:--[^\n]*)?(?=\r?\n|\Z)|\n[ \t]*\r?\n")


# A stream's open last statement from `COPY` with a placeholder (`COPY (SELECT '<PH>'`: its `TO PROGRAM` may come).
_COPY_OPEN = re.compile(r"(?im)^[ \t]*copy\b")


def _copy_open(text: str, out: list[tuple[int, int, int]]) -> None:
    m: re.Match[str] | None = None
    for m in _COPY_OPEN.finditer(text, max(0, len(text) - 1024)):  # noqa: B007 (the last one)
        pass
    if m is None or _STMT_END.search(text, m.end()) is not None or _PH.search(text, m.end()) is None:
        return
    out.append((m.start(), m.end(), len(text)))


_SQL_WORDS = ("program", "http_", "xp_cmdshell", "sp_send_dbmail", "sp_add_jobstep", "utl_", "function", "url(",
              "s3(")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lines_with(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` holding one of `words` (lower case), in order: where a scope's regex is
    read (found by their characters first: fast)."""
    lower = text.translate(_ASCII_LOWER)  # (ASCII letters only: every character keeps its place)
    spans: set[tuple[int, int]] = set()
    for w in words:
        at = lower.find(w)
        while at >= 0:
            a = text.rfind("\n", 0, at) + 1
            b = _line_end(text, at)
            spans.add((a, b))
            at = lower.find(w, b)
    return sorted(spans)


def _sql_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    for la, lb in _lines_with(text, _SQL_WORDS):
        for m in _SQL_SENDER.finditer(text, la, lb):
            _sql_scope(text, m, out)


def _sql_scope(text: str, m: re.Match[str], out: list[tuple[int, int, int]]) -> None:
    line = text.rfind("\n", 0, m.start()) + 1
    a = line
    s: re.Match[str] | None = None
    for s in _SQL_START.finditer(text, max(0, line - 1024), line + 1):  # noqa: B007 (the statement's start)
        pass
    if s is not None:
        a = text.rfind("\n", 0, s.start() + 1) + 1 if text[s.start()] == "\n" else s.start()
        between = text[a:line]
        if _STMT_END.search(between) is not None:
            a = line  # (an earlier statement ended before this line)
    e = _STMT_END.search(text, m.end())
    b = len(text) if e is None else e.start() + (1 if text[e.start()] == ";" else 0)
    out.append((a, min(_line_end(text, a), m.end()), b))


# ------------------------------------------------------------------------------------------------ F23 and more
_SH_STEP = re.compile(r"(?<![\w.$-])(?:sh|bat|powershell|pwsh)[ \t]*\(?[ \t]*(?:script:[ \t]*)?"
                      r"(\"\"\"|'''|'|\")[ \t]*(?=[a-z])")
_VBA_HTTP = re.compile(r"(?i)(?:msxml2\.(?:server)?xmlhttp|microsoft\.xmlhttp|winhttp\.winhttprequest"
                       r"|msxml2\.serverxmlhttp)")
_VBA_END = re.compile(r"(?im)^[ \t]*end[ \t]+(?:sub|function)\b")


def _step_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    from proxy.guard.cmd26 import _patterns

    start = _patterns()["start"]
    for m in (m for la, lb in _lines_with(text, _STEP_WORDS) for m in _SH_STEP.finditer(text, la, lb)):
        q = m.group(1)
        if start.match(text, m.end()) is None:
            continue  # (a step that runs no client: `sh 'make test'`)
        close = text.find(q, m.end())
        out.append((m.start(), m.end(), len(text) if close < 0 else close + len(q)))


# A launchd plist's argv (`<key>ProgramArguments</key><array><string>curl</string>...`): to its `</array>`.
_LAUNCHD = re.compile(r"<key>[ \t]*ProgramArguments[ \t]*</key>\s*<array>")


def _launchd_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    for m in _LAUNCHD.finditer(text):
        e = text.find("</array>", m.end(), min(len(text), m.end() + _READ))
        out.append((m.start(), m.end(), len(text) if e < 0 else e + len("</array>")))


def _vba_scopes(text: str, out: list[tuple[int, int, int]]) -> None:
    for m in _VBA_HTTP.finditer(text):
        a = text.rfind("\n", 0, m.start()) + 1
        e = _VBA_END.search(text, m.end(), min(len(text), m.end() + _READ))
        out.append((a, _line_end(text, m.start()), len(text) if e is None else e.end()))


# ------------------------------------------------------------------------------------------------------ scopes
def gate(text: str) -> bool:
    """Whether `text` may hold a scope of this module (cheap substring tests)."""
    lower = text.lower()
    return "host" in lower or "match" in lower or "machine" in text or "default" in text or "account" in text or \
        text.count(":") >= 4 or any(g in text for g in _SQL_GATE) or "copy" in lower or _step_gate(text) or \
        "xmlhttp" in lower or "winhttp" in lower or "ProgramArguments" in text


_STEP_GATE = ("sh '", 'sh "', "sh(", "sh (", "bat '", 'bat "', "bat(", "script:")
_STEP_WORDS = _STEP_GATE


def _step_gate(text: str) -> bool:
    return any(g in text for g in _STEP_GATE)


@lru_cache(maxsize=256)
def scopes(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end of its opener, end) of each scope of `text` (see the module), by start."""
    if not gate(text):
        return ()
    out: list[tuple[int, int, int]] = []
    _config_scopes(text, out)
    if any(g in text for g in _SQL_GATE):
        _sql_scopes(text, out)
    if "COPY" in text[-1024:] or "copy" in text[-1024:]:
        _copy_open(text, out)
    if _step_gate(text):
        _step_scopes(text, out)
    lower = text.lower()
    if "xmlhttp" in lower or "winhttp" in lower:
        _vba_scopes(text, out)
    if "ProgramArguments" in text:
        _launchd_scopes(text, out)
    return tuple(sorted(set(out)))


def first(text: str, pos: int, gated: bool = True) -> tuple[int, int, int] | None:
    """The first scope of `text` at or after `pos` (`rest31.first_in`)."""
    from proxy.guard.rest31 import first_in

    return first_in(scopes(text), pos)
