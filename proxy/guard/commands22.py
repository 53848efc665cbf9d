"""Where a scope sends: a command wherever the shell puts it, a URL that sets a destination, a host handed to a
client (restore22: atk22a H3, M1, H2, M2).

`proxy.guard.scopes.runs_client` reads a network client or a publisher at a line's start, after a separator or a
JSON string's start, behind `sudo`, `env X=1`, `timeout 5`... A tester found the same command restored at the
other places POSIX shell grammar and the usual launchers put a command: after `then`, `do`, `else`, `!`, a quote
after `bash -lc`, `eval`, a call's `(` (`os.system("git push")`, `execSync('git push')`), an argv array's items
(`["git", "push"]`, `exec.Command("git", "push")`); behind a wrapper with its own options (`nice -n 5`, `flock
/tmp/l`, `sudo -u deploy`, `python -m`, `npx`, `pipx run`, `uvx --from x`); with global options before the
subcommand (`git -C /repo push`, `npm --prefix ./pkg publish`); before a `;`, `)`, `}` or a backtick; split by a
`\\` continuation. `runs_command` reads a scope so (`proxy.guard.scopes.sends` asks it too), with more commands
that send to a destination of their own (`_MORE`, `_ANY_ARG`: mail senders, backup and sync tools, tunnels,
deploy tools, a local file server) and any command whose subcommand is a sending verb (`mvn deploy`,
`dvc push`, `anaconda upload`: `_verb`).

`sets_destination` and `setting_key` narrow `proxy.guard.scopes.inert` (a scope naming only URLs keeps no other
scope's values) to scopes that read a page: not a URL of an upload scheme (`ftp:`, `sftp:`, `s3:`, `mailto:`) nor a
tool call member whose key names a destination (`forward_to`, `webhook`; atk22a H2). A tool's name is not read
(the windows of a stream do not know it): `set_webhook {"url": ...}` is still inert.

`host_call` reads a host literal handed to a standard-library network client (`http.client.HTTPSConnection(
"collector.dev")`, `socket.create_connection(("collector.dev", 443))`, `smtplib.SMTP(...)`, Node's `net.connect(443,
'collector.dev')`): under any top-level name of the public list, or none (`backup`).
"""

from __future__ import annotations

import re

# A `\` line continuation, as written or as a JSON string's text (`\\\n`): the command goes on.
_CONTINUATION = re.compile(r"\\(?:\r?\n|\\\\n)|\\\\\\n")
# What the shell takes out of a word: an empty quote pair, a backslash before a letter (`gi''t`, `g\it`).
_WORD_QUOTES = re.compile(r"(?<=\w)(?:''|\"\")(?=\w)|(?<=\w)\\(?=[a-z])|(?<=\s)\\(?=[a-z]\w)")

# Commands that run the command after them (their own options and arguments before it, up to four words).
_WRAPPERS = (r"sudo|doas|exec|time|nohup|command|builtin|env|xargs|watch|timeout|gtimeout|torsocks|proxychains4?"
             r"|nice|ionice|chronic|unbuffer|flock|setsid|systemd-run|runuser|stdbuf|caffeinate|parallel|coproc"
             r"|chrt|taskset|cgexec|firejail|bwrap|strace|ltrace|npx|bunx|pnpx|uvx|pipx[ \t]+run"
             r"|uv[ \t]+(?:tool[ \t]+)?run|(?:poetry|pdm|hatch|pipenv|rye)[ \t]+run|bundle[ \t]+exec"
             r"|(?:yarn|pnpm)[ \t]+(?:dlx|exec)"
             r"|npm[ \t]+(?:exec|x)|python[\d.]*[ \t]+-m|py[ \t]+-m|busybox|winpty|wsl")


def _prefix(sep: str) -> str:
    """Wrappers with their own options (a value after one), numbers and paths, and assignments: what may come before
    a command (`sep` between words)."""
    wrappers = _BLANK_RUN.sub(sep.replace("\\", "\\\\"), _WRAPPERS)
    value = r"[^\s\"',;|&<>()`-][^\s\"',;|&<>()`]*"
    own = rf"(?:{sep}(?:-[^\s\"',;|&<>()`]+(?:{sep}{value})?|\d[\w.]*|/[^\s\"',;|&<>()`]*)){{0,3}}"
    return rf"(?:(?:[\w.~-]*/)*(?:{wrappers}){own}{sep}|[A-Za-z_]\w*=[^\s;|&\"']*[ \t]+){{0,4}}"


# What ends a command's word: a blank, a separator, a redirection, a closing bracket, a quote, a backtick; a word
# that is a JSON key is none (`{"heroku": ...}`). A command of one word (`vercel`, `heroku`): not before a quote
# (`["vercel"]`, `{"host": "heroku"}` name it), but in a JSON string before a blank (`{"command": "vercel --prod"}`).
_END = r"(?!\\?[\"'][ \t]*:)(?=[\s;&|)}<>`]|\\?[\"']|\\[nrt]|\Z)"
_END_WORD = r"(?=[\s;&|)}<>`]|\\[nrt]|\Z)"
_END_STRING_WORD = r"(?=[ \t])"
_END_ITEM = r"(?=[\s;&|)}<>`]|\\[nrt]|\Z|\\?[\"'][ \t]*,)"  # (an argv array's item under `command`)
# Between a command's words: blanks, or an argv array's `", "` (`["git", "push"]`), quotes around a word (`"git"
# push`); options with their values before a subcommand (`git -C /repo push`, `git -c k=v push`, `npm --prefix
# ./pkg publish`, `cargo +nightly publish`).
_SEP = r"(?:[ \t]*(?:\\?[\"'][ \t]*,[ \t]*\\?[\"']|\\?[\"'])[ \t]*|[ \t]+)"


def _gap(sep: str) -> str:
    """Options with their values, then `sep`: what goes between a command and its subcommand."""
    opts = rf"(?:{sep}(?:-{{1,2}}[\w.-]+(?:=[^\s\"',;|&]*)?|\+[\w.-]+)(?:{sep}(?![-+])[^\s\"',;|&]+)??){{0,4}}"
    return opts + sep


def _split(alternatives: str) -> list[str]:
    """The top-level alternatives of a pattern (`a|b(?:c|d)` -> `a`, `b(?:c|d)`)."""
    out, depth, at = [], 0, 0
    for i, c in enumerate(alternatives):
        if c == "(" and alternatives[i - 1:i] != "\\":
            depth += 1
        elif c == ")" and alternatives[i - 1:i] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(alternatives[at:i])
            at = i + 1
    out.append(alternatives[at:])
    return out


# Clients that connect to the host or address they are given, any argument (`ssh backup`: a bare host name; a mail
# sender's recipient, `sendmail someone`; a share, `smbclient //share/x`).
_ANY_ARG = r"ssh|scp|sftp|mosh|autossh|telnet|smbclient"
# Mail senders: any argument too, but not a line they start whose words after them are only the client's values
# (placeholders) and plain words: a sentence (`mail <EMAIL_ADDRESS_1> today`), or a mail to the client's own address.
_MAILERS = r"sendmail|mailx?|mutt|neomutt|msmtp|ssmtp|swaks"
_PROSE_ARGS = r"(?:[ \t,]+(?:(?:{placeholder})+|[A-Za-z][a-z]*))+[ \t.,;:!?]*$"  # (`urls._PLACEHOLDER`)
# Commands that send to a destination of their own, an argument or none (besides `proxy.guard.scopes._PUBLISHERS` and
# the verbs below): a cluster's, a cloud's or a printer's (`kubectl`, `terraform apply`, `ansible-playbook`, `lpr`),
# backup and sync tools (to their repository), object-store copies, a commit to a central repository, tunnels and
# local file servers (they serve the directory another scope wrote), deploy tools.
_MORE = (r"kubectl|terraform[ \t]+apply|ansible-playbook|lpr|restic|borg|duplicity|rdiff-backup|kopia|rustic"
         r"|mc[ \t]+(?:cp|mirror|put)|azcopy|s5cmd"
         r"|skopeo[ \t]+copy|crane[ \t]+(?:copy|cp)|jf(?:rog)?[ \t]+rt[ \t]+u|svn[ \t]+(?:commit|ci|import)"
         r"|git[ \t]+svn[ \t]+dcommit|fossil[ \t]+sync|surge|wrangler|netlify|firebase|ngrok|cloudflared"
         r"|localtunnel|http\.server|SimpleHTTPServer|http-server|updog|onionshare(?:-cli)?")
# A command whose first or second word after it (its options aside) is a sending verb: `mvn deploy`, `dvc push`,
# `gradle publish`, `anaconda upload`, `b2 upload-file`, `dotnet nuget push`, `magic-wormhole send`, `npm run
# deploy`; not a text tool's argument (`grep push`, `echo deploy`), a local git command (`git stash push`) nor a
# sentence's words (a comment, `# now deploy`).
_NOT_COMMAND = (r"echo|printf|print|grep|egrep|fgrep|rg|ag|ack|cat|less|more|man|info|help|which|whereis|type|ls"
                r"|cd|mkdir|touch|rm|rmdir|cp|mv|ln|find|sed|awk|sort|uniq|wc|head|tail|tee|read|test|export|alias"
                r"|set|unset|local|declare|sleep|true|false|let|source|history|kill|then|now|and|or|to|we|you|i|it"
                r"|this|that|will|can|should|must|please|before|after|first|next|finally|also|just|so|not|the|a|an"
                r"|git[ \t]+(?:stash|help|log|show|diff|config|tag|branch|checkout|switch|commit|add|rm|reset|grep"
                r"|blame|reflog|notes)")
_VERBS = r"push|publish|upload(?:[-_][\w-]+)?|deploy|send|release"


def _verb(sep: str) -> str:
    gap = _gap(sep)
    return rf"(?!(?:{_NOT_COMMAND})\b)[a-z][\w.-]{{0,31}}(?:{gap}[a-z][\w.:-]{{0,31}})?{gap}(?:{_VERBS}){_END}"


_BLANK_RUN = re.compile(r"\[ \\t\]\+")
_RUNS: re.Pattern[str] | None = None


def _publishers() -> str:
    from proxy.guard.scopes import _PUBLISHERS

    return f"{_PUBLISHERS}|{_MORE}"


def _runs() -> re.Pattern[str]:
    global _RUNS
    if _RUNS is None:
        from proxy.guard.linehold import _PROMPT
        from proxy.guard.scopes import _ARG, _SENDERS, _SUB, INTRO
        from proxy.guard.urls import _NET, _PLACEHOLDER

        line = (rf"^(?:[ \t]*(?:\d{{1,3}}[.)]|[-*+>])[ \t]+)?{INTRO}(?:[ \t]*(?:RUN|CMD|ENTRYPOINT)[ \t]+)?"
                rf"(?:[ \t]*[A-Za-z]:\\[^>\n]{{0,64}}>)?{_PROMPT}"
                rf"(?:(?:[\d*/,-]+[ \t]+){{5}}|@\w+[ \t]+|Exec\w*=[-@:+!]*)?")  # (a crontab line, a systemd unit)
        shell = (r"[|;&({`!][ \t]*|\$\([ \t]*|\\[nr][ \t]*|(?<![\w-])(?:then|do|else|elif|if|while|until)[ \t]+"
                 r"|(?<![\w-])(?:-\w*c|-Command|-e|--eval|eval)[ \t]+\\?[\"']|[\[(][ \t]*\\?[\"']")
        string = r"[:,(][ \t]*\\?[\"']"
        words = _split(_publishers())
        one = "|".join(w for w in words if _BLANK_RUN.search(w) is None)
        many = "|".join(w for w in words if _BLANK_RUN.search(w) is not None)
        word = r"(?:\\?[\"'])?(?:[\w./\\~-]*[/\\])?"
        alternatives = []
        gap = _gap(_SEP).replace("\\", "\\\\")
        senders, many_words = _BLANK_RUN.sub(gap, _SENDERS), _BLANK_RUN.sub(gap, many)
        prefix = _prefix(_SEP)
        argv = r"\\?[\"'](?:cmd|command|commands|args|argv|exec|run|shell|script)\\?[\"'][ \t]*:[ \t]*\[?[ \t]*\\?[\"']"
        prose_args = _PROSE_ARGS.format(placeholder=_PLACEHOLDER)
        for start, end_word, verb, prose in ((line, _END_WORD, _verb(_SEP), True),
                                             (shell, _END_WORD, _verb(_SEP), False),
                                             (argv, _END_ITEM, _verb(_SEP), False),
                                             (string, _END_STRING_WORD, _verb(r"[ \t]+"), False)):
            # (a line that starts with a mail sender and goes on in plain words and the client's values is a sentence,
            # `mail <EMAIL_ADDRESS_1> today`; after a pipe, `echo x | mail bob`, it sends)
            mailer = rf"(?:{_MAILERS})(?:\.exe)?(?=[ \t]+[^\s\"'\\])" + (f"(?!{prose_args})" if prose else "")
            alternatives.append(
                rf"(?:{start}){prefix}{word}(?:(?:{_NET})(?:\.exe)?(?:\\?[\"'])?{_ARG}"
                rf"|(?:{senders})(?:\.exe)?(?:\\?[\"'])?(?:{_ARG}|{_SUB})"
                rf"|(?:{many_words})(?:\.exe)?{_END}|(?:{one})(?:\.exe)?{end_word}"
                rf"|(?:{_ANY_ARG})(?:\.exe)?(?=[ \t]+[^\s\"'\\])"
                rf"|{mailer}|{verb})")
        _RUNS = re.compile("(?m)" + "|".join(alternatives))
    return _RUNS


def runs_command(text: str) -> bool:
    """Whether `text` runs a network client, or a command that sends to a destination of its own, at a command's
    position (see the module): read with its `\\` continuations joined."""
    if "\\" in text:
        text = _CONTINUATION.sub("", text)
    if _runs().search(text) is not None:
        return True
    if "\\" in text or "''" in text or '""' in text:  # (the words as the shell reads them: a view, JSON escapes aside)
        view = _WORD_QUOTES.sub("", text)
        return view != text and _runs().search(view) is not None
    return False


# A scope naming only plain URLs is inert (`proxy.guard.scopes.inert`) when it reads them (`fetch_url {"url": ...}`),
# not when it sets where the app sends next (atk22a H2): a URL of a scheme that is no web page's (`ftp:`, `sftp:`,
# `s3:`, `smtp:`, `mailto:`...: an upload target), or a member whose key names a destination (`forward_to`,
# `webhook`, `callback_url`, `upload_target`, `notify_url`, `endpoint`, `server`...).
_OTHER_SCHEME = re.compile(r"(?i)(?<![\w+.\-])(?!https?://)[a-z][a-z0-9+.\-]{1,31}://|(?<![\w.-])mailto:")
_JSON_KEY = re.compile(r'\\?"((?:[^"\\]|\\.){1,64}?)\\?"\s*:')
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_SETTING_WORDS = frozenset({
    "webhook", "webhooks", "hook", "hooks", "callback", "callbacks", "forward", "forwarding", "target", "targets",
    "upload", "uploads", "notify", "notification", "notifications", "subscribe", "subscription", "dest",
    "destination", "destinations", "endpoint", "endpoints", "sink", "relay", "redirect", "post", "push", "send",
    "export", "mirror", "remote", "server", "host", "recipient", "recipients", "deliver", "delivery", "report",
    "to", "into", "sync", "backup", "out", "output", "outbound", "publish", "ingest", "collector", "beacon"})


def setting_key(key: str) -> bool:
    """Whether a tool call's member `key` names a destination the app sends to (`_SETTING_WORDS`: `forward_to`,
    `webhookUrl`, `upload-target`), not a page it reads (`url`, `urls`, `link`)."""
    return any(word.lower() in _SETTING_WORDS for word in _KEY_WORDS.findall(key))


def sets_destination(text: str, json: bool = False) -> bool:
    """Whether a scope naming only URLs may set a destination rather than read a page: a URL of another scheme than
    `http:`/`https:`, or (`json`: a tool call's arguments) a key that names one (`setting_key`)."""
    if _OTHER_SCHEME.search(text) is not None:
        return True
    return json and any(setting_key(m.group(1)) for m in _JSON_KEY.finditer(text))


# A standard-library network client handed a host (its first argument, or a tuple's, or after a port): Python's
# `http.client`, `socket`, `smtplib`, `ftplib`, `poplib`, `imaplib`, `telnetlib`, `asyncio`; Node's `net`, `tls`,
# `http(s).request`; Go's `net.Dial`; Java's `Socket`; Ruby's `Net::HTTP`, `TCPSocket`; PHP's `fsockopen`.
_CLIENT_CALL = re.compile(
    r"(?:HTTPS?Connection|create_connection|connect(?:_ex)?|createConnection|SMTP(?:_SSL)?|LMTP|FTP(?:_TLS)?"
    r"|POP3(?:_SSL)?|IMAP4(?:_SSL)?|Telnet|NNTP|getaddrinfo|gethostbyname(?:_ex)?|open_connection|Dial\w*"
    r"|TcpClient|Socket|TCPSocket|(?:HTTP|SMTP|FTP|POP3|IMAP|Telnet)\.(?:new|start)|fsockopen|stream_socket_client"
    r"|socket_connect|request)"
    r"[ \t]*\([ \t]*\(?[ \t]*(?:\d{1,5}[ \t]*,[ \t]*)?\\?[\"']\Z")
# Client calls whose first argument is a host and nothing else: a dot-less name there is one too (`backup`).
_HOST_ONLY = re.compile(r"(?:HTTPS?Connection|create_connection|SMTP(?:_SSL)?|LMTP|FTP(?:_TLS)?|POP3(?:_SSL)?"
                        r"|IMAP4(?:_SSL)?|Telnet|NNTP|gethostbyname(?:_ex)?|TCPSocket|fsockopen"
                        r")[ \t]*\([ \t]*\(?[ \t]*\\?[\"']\Z"
                        r"|(?:net|tls)\.(?:connect|createConnection)[ \t]*\([ \t]*(?:\d{1,5}[ \t]*,[ \t]*)?\\?[\"']\Z")
_QUOTED_HOST = re.compile(r"(?<=[\"'])([^\W_](?:[\w-]{0,62}[^\W_])?(?:\.[^\W_](?:[\w-]{0,62}[^\W_])?)*)\.?"
                          r"(?=\\?[\"'])")
_CALL_READ = 48
# Top-level names that are file extensions too (`connect("notes.zip")`, `request("main.py")`): a host only where a
# call takes nothing but a host (`_HOST_ONLY`).
_FILE_NAMES = frozenset({"zip", "mov", "app", "py", "sh", "md", "rs", "pl", "js", "ts", "rb", "cc", "in", "so",
                         "ps", "cs", "gs", "ai", "io", "db", "csv", "json", "yaml", "yml", "txt", "log", "exe"})


def host_call(text: str) -> bool:
    """Whether `text` hands a host literal to a network client call (`_CLIENT_CALL`): a dotted name under a known
    top-level name (`proxy.guard.urls._tlds`: the public suffix list's, with `.internal`, `.local`...; one that is
    also a file extension, `_FILE_NAMES`, only to a call that takes nothing but a host, `_HOST_ONLY`), or, to such a
    call, a name with no dot (`HTTPSConnection("backup")`)."""
    if "(" not in text:
        return False
    from proxy.guard.urls import _tlds

    for m in _QUOTED_HOST.finditer(text):
        at = m.start()
        before = text[max(0, at - _CALL_READ):at]
        if _CLIENT_CALL.search(before) is None:
            continue
        host = m.group(1)
        if "." in host:
            tld = host.rsplit(".", 1)[1].lower()
            if tld in _tlds() and (_HOST_ONLY.search(before) is not None or tld not in _FILE_NAMES):
                return True
        elif not host.isdigit() and _HOST_ONLY.search(before) is not None:
            return True
    return False
