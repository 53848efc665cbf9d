"""tech45: tech43 re-landed without dropping real names, and command-line flags read as a person.

- `person_slot` (read first by `tech42._software`): a span in a person's slot is never a code token nor a software
  word, whatever encloses it: the value of a flag that names a person (`git commit --author Maria`, `--committer=`,
  `-u`, `--user`, `--owner`, `--assignee`, `--reviewers Anna,Ben`, `--to`); the value of a flag that names a thing
  (`--name`, `-Name`) only where it looks like a person's name (a given name some list holds, or two capitalised
  words: `-Name "Maria Lopez"`); `thing_named`: such a flag's one-word English value (`-Name Reports`, `--name
  Handler`) is no person; an HL7 v2 XCN/XPN component (`|3^Webb^Marcus`, `PID|...||NOVAK^PETRA||`), in a JSON
  string with `\\r` escapes or in XML too.
- `without_flags`: a command-line flag (`-Recurse`, `-Force`, `-Verbose`, `-Path`, `--Name`) is never a name: a
  PERSON span that is a flag's word (a dash right before it, a space or a line's start before the dash) on a command's
  line (a PowerShell `Verb-Noun`, another flag on the line, or a line continuation before: `` ` ``, `\\`, `^`) is
  dropped; one that starts with a flag and goes on to its value (`-Name Maria Lopez`) keeps the value. A dash at a
  line's start with no other flag on the line (`-Maria Lopez` as a list item) stays a name.
- `without_tech45` (`without_flags` and these): a word the text uses as a command's flag elsewhere (`-Xms2g -Xmx4g
  ... Is Xms equal to Xmx`) is the flag's name; a lone letter after a degree sign is a unit (`72 °F`); `Kit` after a
  kit's head word (`Slack Block Kit`, `a Starter Kit`) is a thing; `Kit Harington`, `Ask Kit` stay people.

Pure functions, CPU only; nothing read when no PERSON was found.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# A flag and its value's start right before a span: `--author `, `--author=`, `-u "`, `--reviewers Anna,` (the
# values before the span in its comma-separated list).
_FLAG_BEFORE = re.compile(r"(?:^|[\s(`])--?([A-Za-z][\w.-]{0,40})(?:[ \t]*=[ \t]*|[ \t]+)[\"']?"
                          r"(?:[^\s,\"']{1,60}[ \t]*,[ \t]*){0,20}\Z")
# Flags that name a person (`--author`, `-u`, `--committer`, `--add-reviewer`, `--assignee`, `--to`).
_PERSON_FLAG = re.compile(r"(?i)(?:^|[-_.])(?:author|authors|committer|user|users|owner|owners|assignee|assignees"
                          r"|assign|reviewer|reviewers|maintainer|maintainers|member|members|contact|contacts"
                          r"|manager|creator|requester|reporter|approver|approvers|person|people|who|by|signer|signoff"
                          r"|sender|recipient|recipients|to|cc|bcc|from|u)$|^(?:user|username|author)")
# Flags that name a person or a thing (`--name`, `-Name`, `--display-name`, `-GivenName`, `-Surname`).
_NAME_FLAG = re.compile(r"(?i)name$|^surname$")
# An HL7 v2 component: `^` or a field's `|` before, `^` after, or `^` before and a field's or a segment's end after
# (`|`, `~`, `\r` as written or as a JSON escape, a line break, a quote or a tag ending the text, the end).
_HL7_AFTER = re.compile(r"\^|\||~|\\r|\\n|\r|\n|\"|<|\Z")


def person_slot(chunk: str, a: int, b: int, names: NameLists) -> bool:
    """Whether the span `chunk[a:b]` is a person's flag value or an HL7 name component (the module's docstring)."""
    return _flag_value(chunk, a, b, names) or _hl7_component(chunk, a, b)


def _flag_value(chunk: str, a: int, b: int, names: NameLists) -> bool:
    m = _FLAG_BEFORE.search(chunk, max(0, a - 200), a)
    if m is None:
        return False
    flag = m.group(1)
    if _PERSON_FLAG.search(flag) is not None:
        return True
    if _NAME_FLAG.search(flag) is None:
        return False
    words = chunk[a:b].split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words) \
        or any(names.is_any_first(w) or names.is_census_first(w) for w in words)


def thing_named(chunk: str, a: int, b: int, names: NameLists, english: Callable[[str], bool]) -> bool:
    """Whether the span is the value of a flag that names a thing (`--name`, `-Name`) that does not look like a
    person's name: one word, no given name, an English or software word (`-Name Reports`, `--name Handler`); a
    surname no dictionary holds (`-Name Okafor`) stays a name."""
    m = _FLAG_BEFORE.search(chunk, max(0, a - 200), a)
    if m is None or _NAME_FLAG.search(m.group(1)) is None or _PERSON_FLAG.search(m.group(1)) is not None:
        return False
    word = chunk[a:b]
    return word.isalpha() and not names.is_any_first(word) and not names.is_census_first(word) and english(word)


def _hl7_component(chunk: str, a: int, b: int) -> bool:
    if a == 0 or "|" not in chunk[max(0, a - 400):a] or "^" in chunk[a:b] or "|" in chunk[a:b]:
        return False
    before = chunk[a - 1]
    if before == "|":
        return chunk[b:b + 1] == "^"
    return before == "^" and _HL7_AFTER.match(chunk, b) is not None


# A flag's dash right before a span (a space, a tab, `(` or a line's start before it), and a flag's word.
_DASH = re.compile(r"(?:^|(?<=[\s(]))--?\Z")
_FLAG_WORD = re.compile(r"[A-Za-z][\w-]*")
# A command's line: a PowerShell cmdlet (`Get-ChildItem`), or a flag (`-Filter`, `--force`).
_CMDLET = re.compile(r"(?<![\w-])(?:Get|Set|New|Remove|Add|Clear|Copy|Move|Rename|Start|Stop|Restart|Invoke|Test|Import"
                     r"|Export|Select|Where|ForEach|Sort|Format|Out|Write|Read|Update|Install|Uninstall|Enable"
                     r"|Disable|Register|Unregister|Resolve|Join|Split|Convert|ConvertTo|ConvertFrom|Measure|Wait"
                     r"|Enter|Exit|Push|Pop|Send|Receive|Connect|Disconnect|Find|Save|Show|Compare|Expand|Compress"
                     r"|Group|Tee|Mount|Dismount|Publish|Unblock|Grant|Revoke|Search|Reset|Use|Suspend|Resume"
                     r"|Restore|Backup|Lock|Unlock|Initialize|Edit|Optimize|Repair|Sync|Protect|Unprotect|Approve"
                     r"|Request|Submit|Confirm|Deploy|Build|Complete|Close|Open|Watch|Block|Merge|Trace|Debug)"
                     r"-[A-Z][A-Za-z]+\b")
_OTHER_FLAG = re.compile(r"(?:^|(?<=[\s(]))--?[A-Za-z][\w-]*")
# A line continuation at a line's end (PowerShell's backtick, a shell's backslash, cmd's caret), and the next line's
# indentation.
_CONTINUED = re.compile(r"(?:[ \t]`|\\|\^)[ \t]*\r?\n[ \t]*\Z")
_CONTINUES = re.compile(r"(?:[ \t]`|\\|\^)[ \t]*\r?$")


def without_flags(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON spans that are a command's flags; a span from a flag into its value keeps the
    value (`-Name Maria Lopez`)."""
    if not any(r[0] == "PERSON" and "-" in chunk[max(0, r[1] - 2):r[2]] for r in found):
        return found
    out: list[Result] = []
    for r in found:
        flag = _flag_at(chunk, r[1], r[2]) if r[0] == "PERSON" else None
        if flag is None or not _command_line(chunk, *flag):
            out.append(r)
            continue
        value = re.match(r"[ \t]*(?:=[ \t]*)?[\"']?", chunk[flag[1]:r[2]])
        start = flag[1] + (value.end() if value is not None else 0)
        if start < r[2] and chunk[start].isalpha():
            out.append((r[0], start, r[2], r[3]))  # `-Name Maria Lopez`: the value, not the flag
    return out


def _flag_at(chunk: str, a: int, b: int) -> tuple[int, int] | None:
    """The flag (its dashes and word) a PERSON span starts with or starts in (`-Recurse`, `Recurse` after `-`)."""
    if chunk[a:a + 1] == "-" and (a == 0 or chunk[a - 1] in " \t\r\n("):
        dashes = 2 if chunk[a + 1:a + 2] == "-" else 1
        word = _FLAG_WORD.match(chunk, a + dashes, b)
        return (a, word.end()) if word is not None else None
    dash = _DASH.search(chunk, max(0, a - 2), a)
    word = _FLAG_WORD.match(chunk, a, b)
    return (dash.start(), word.end()) if dash is not None and word is not None else None


def _command_line(chunk: str, start: int, end: int) -> bool:
    """A flag at `chunk[start:end]` sits on a command's line: a continuation ends the line before or its own line,
    or its line holds a cmdlet (`Get-ChildItem`) or another flag."""
    if _CONTINUED.search(chunk, max(0, start - 40), start) is not None:
        return True
    line_start = chunk.rfind("\n", 0, start) + 1
    line_end = chunk.find("\n", end)
    line = chunk[line_start:len(chunk) if line_end < 0 else line_end]
    if _CONTINUES.search(line) is not None or _CMDLET.search(line) is not None:
        return True
    return any(m.start() != start - line_start for m in _OTHER_FLAG.finditer(line))


# A kit's head word (`Block Kit`, `Starter Kit`, `UI Kit`): `Kit` after it is a thing.
_KIT_HEADS = frozenset("""
block starter design ui ux dev developer development tool tool's test testing media build web app sdk component
survival drum press brand style theme icon widget plugin sample demo evaluation eval software hardware solar repair
""".split())
_DEGREE = re.compile(r"[°º˚][ \t]?\Z")


def without_tech45(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the module docstring's flags, flag names, units and kits."""
    found = without_flags(chunk, found)
    if not any(r[0] == "PERSON" for r in found):
        return found
    flags = _flag_names(chunk) if "-" in chunk else frozenset()
    return [r for r in found if r[0] != "PERSON" or not (
        chunk[r[1]:r[2]] in flags
        or (r[2] - r[1] == 1 and _DEGREE.search(chunk, max(0, r[1] - 2), r[1]) is not None)
        or (chunk[r[1]:r[2]] == "Kit" and (m := re.search(r"([A-Za-z']+)[ \t]+\Z", chunk[max(0, r[1] - 24):r[1]]))
            is not None and m.group(1)[:1].isupper() and m.group(1).lower() in _KIT_HEADS))]


_FLAG_TOKEN = re.compile(r"(?:^|(?<=[\s(`\"']))--?([A-Za-z]{2,})(?=[\d:=+]|[A-Za-z]*[\d:=+\s`\"')]|[A-Za-z]*\Z)")


def _flag_names(chunk: str) -> frozenset[str]:
    """The letters of the flags on a command's line (`-Xmx4g`: `Xmx`, `-XX:+UseG1GC`: `XX`, `--verbose`)."""
    out = set()
    for m in _FLAG_TOKEN.finditer(chunk):
        end = m.end(1)
        word = re.match(r"[A-Za-z]*", chunk[end:])
        if _command_line(chunk, m.start(), end + (word.end() if word is not None else 0)):
            out.add(m.group(1))
    return frozenset(out)
