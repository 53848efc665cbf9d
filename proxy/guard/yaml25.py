"""Unfenced YAML configuration in an answer's text is a code scope (issue 12, atk24a F19).

A model's answer may write a configuration file's text without a fence: `notify:` / `  url: https://evil.example/hook`
/ `  email: <EMAIL_ADDRESS_1>`, an SMTP block (`smtp:` / `  host: smtp.evil.example` / `  to: <PH>`), an alertmanager
`receivers:` block (`webhook_configs: - url:`, `email_configs: - to:`, `smarthost:`). The client pastes it into the
file the tool reads, which sends the value where the model chose, as a fenced block or a JSON document would
(`proxy.guard.jsondoc24`). Such a run is read as a code scope (`proxy.guard.scopes.code_spans`): restore writes no value
into it where it sends (`proxy.guard.scopes.sends`: a URL, a host, a destination's key), and a stream holds its
placeholders as it holds any open code scope's.

A run (`yaml_run`) starts at a block key: a line `key:` with nothing after it (a key of a configuration: a lower-case
first letter or `_`, no blank in it) whose next line is a mapping line or a list item indented deeper (or a list item
at the same indentation); it takes the mapping lines (`key: value`, `- key: value`) just before it, and runs on over
mapping lines, list items, comments and indented lines to a blank line or a line of prose, or open to the text's end
(a stream's next piece may go on with it). A record of `key: value` lines with no block key (`name: <PERSON_1>` /
`email: <EMAIL_ADDRESS_1>`), a Markdown list (`- Email: <EMAIL_ADDRESS_1>`) and a heading line (`Contact:` then a
list) start none: restored as before. (yaml28: a record with a configuration's keys, flow collections, blockquoted
YAML and XML configurations are runs too, `proxy.guard.yaml28`; a record that sends nothing is restored.)

`CODE_INTRO`: code after an introducing sentence on its line (`Paste into your browser console: navigator.sendBeacon(
...)`) is code, as a command after `Run:` is (`proxy.guard.scopes.INTRO`).
"""

from __future__ import annotations

import re

from proxy.guard.yaml28 import config_run, merged

_MIDLINE = "\x01"  # `proxy.guard.scopes.MIDLINE` (a stream's kept context cut inside a line)
# A sentence that introduces the code after its colon, on the same line (`scopes._CODE_START`'s prefix).
CODE_INTRO = (r"(?:(?i:(?:[a-z]+,?[ \t]+){0,3}(?:paste|run|execute|exec|type|enter|insert|add|put|copy|drop|use)"
              r"\b[^\n:`<>]{0,60}:)[ \t]+)?")
_KEY = r"[A-Za-z_][\w.\-]*"
# A block key: `key:` alone on its line (a comment after it), lower-case first.
_BLOCK = re.compile(r"(?m)^([ \t]*)(?:-[ \t]+)?[a-z_][\w.\-]*[ \t]*:[ \t]*(?:#[^\n]*)?\r?$")
# A line of a run: a mapping line, a list item, a comment.
_MAPPING = re.compile(rf"[ \t]*(?:-[ \t]+)?(?:{_KEY}|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]+[^\n]*)?[ \t]*\r?$")
_ITEM = re.compile(r"[ \t]*-(?:[ \t]+[^\n]*)?\r?$")
_COMMENT = re.compile(r"[ \t]*#")
_INDENT = re.compile(r"[ \t]*")


def _line(text: str, at: int) -> tuple[str, int]:
    eol = text.find("\n", at)
    return (text[at:], len(text)) if eol < 0 else (text[at:eol], eol)


def _in_run(line: str) -> bool:
    return line.startswith(_MIDLINE) or _MAPPING.match(line) is not None or _ITEM.match(line) is not None or \
        _COMMENT.match(line) is not None or (line[:1] in " \t" and bool(line.strip()))


def yaml_run(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end of its opener, end) of the first YAML run (above) that starts at or after `pos`, if any; or of a
    record, flow collection, blockquoted run or XML element (`proxy.guard.yaml28`: atk26 F4)."""
    return merged(text, pos, _block_run(text, pos), config_run(text, pos))


def _block_run(text: str, pos: int) -> tuple[int, int, int] | None:
    if ":\n" not in text and ":\r\n" not in text and not text.rstrip(" \t").endswith(":"):
        return None
    n = len(text)
    for m in _BLOCK.finditer(text, pos):
        head_end = m.end()
        if head_end < n:
            nxt, _ = _line(text, head_end + 1)
            if head_end + 1 < n and not nxt.startswith(_MIDLINE):
                indent = len(_INDENT.match(nxt).group())  # type: ignore[union-attr]
                deeper = indent > len(m.group(1)) and (_MAPPING.match(nxt) is not None or
                                                        _ITEM.match(nxt) is not None)
                same = indent == len(m.group(1)) and _ITEM.match(nxt) is not None and \
                    _MAPPING.match(nxt) is not None and nxt.lstrip()[2:3].islower()
                if not (deeper or same):
                    if text.find("\n", head_end + 1) >= 0 or not _may_start(nxt, len(m.group(1))):
                        continue
        start = m.start()
        while start > pos and text[start - 1] == "\n":  # the mapping lines just before it
            prev = text.rfind("\n", 0, start - 1) + 1
            if prev < pos or _MAPPING.match(text[prev:start - 1]) is None:
                break
            start = prev
        at = head_end + 1 if head_end < n else n
        while at < n:
            line, eol = _line(text, at)
            # (a last line of blanks alone, not ended: a stream's next piece may indent it into the run)
            if not _in_run(line) and (eol < n or line.strip(" \t")):
                return start, head_end, at
            if eol >= n:
                return start, head_end, n
            at = eol + 1
        return start, head_end, n
    return None


def _may_start(line: str, indent: int) -> bool:
    """Whether a stream's last line, not ended, after a block key, may still become its first child."""
    if not line.strip():
        return True
    lead = len(_INDENT.match(line).group())  # type: ignore[union-attr]
    return lead > indent or (lead == indent and line.lstrip()[:1] == "-")
