"""A tool's or a function's name that holds an SSN or a phone number (issue 12, acc28 F16).

A client's tool named after a record's value (`lookup_536904399`, `call_6175550143`, `sms_16175550143`) sends the
value in a field the proxy cannot rewrite: the client's code calls the tool by that name. Such a name is screened
as a name holding a person's name is (`proxy.guard.names26.person_named`, from `proxy.providers.inventory`), and
such digits in it refuse the request (`name_text`, `refused`, from `proxy.guard.phases.screen_request`) where the
policy's input PII rule redacts or blocks the type: the recognizers, without a context word, miss `536904399`.

`EdiHeading` (from `proxy.guard.headings.Heading`): what a stream's next window is read after for `proxy.nlp.left31`'s
X12 interchanges with another separator and FHIR SSN identifiers in YAML.

Which digits: a run of 9 digits valid as an SSN by the SSA's rules, or of 10 or 11 digits valid as a North American
phone number to `phonenumbers` (`proxy.guard.keyed.valid_group`), the run not part of a longer one nor of a hex
digest's token. Versions, dates, counters, timestamps, ids that are neither (`get_v2`, `lookup_20241130`,
`tool_123`, `sha_4f1c2ab9`, `step_1234567`, `order_1234567890`) stay. Cheap: a digit run of 9 or more first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.config.policy import Policy
    from proxy.providers.base import TextSlot

_RUN = re.compile(r"(?<![0-9])[0-9]{9,11}(?![0-9])")
_HEX_TOKEN = re.compile(r"[0-9a-fA-F]{12,}")


def numbered(name: str) -> bool:
    """Whether a tool's or a function's name holds an SSN or a phone number's digits (the module's docstring)."""
    return bool(numbers_in(name))


def numbers_in(name: str) -> list[str]:
    """The types (`US_SSN`, `PHONE_NUMBER`) of the values a tool's or a function's name (or its reading, digits apart
    from letters: `proxy.providers.idshape.reading`) holds."""
    out: list[str] = []
    if len(name) > 256 or _RUN.search(name) is None:
        return out
    from proxy.guard.keyed import valid_group

    for m in _RUN.finditer(name):
        token = re.search(r"[^_\-.:/ ]*" + m.group() + r"[^_\-.:/ ]*", name)
        if token is not None and token.group() != m.group() and _HEX_TOKEN.fullmatch(token.group()):
            continue  # a digest's hex (`sha_4f1c2ab9536904399d`)
        digits = m.group()
        if len(digits) == 9 and valid_group("US_SSN", digits):
            out.append("US_SSN")
        elif len(digits) >= 10 and (len(digits) == 10 or digits[0] == "1") and valid_group("PHONE_NUMBER", digits):
            out.append("PHONE_NUMBER")
    return out


def refused(policy: Policy, slots: Sequence[TextSlot]) -> bool:
    """Whether a name slot (`idshape.NAME_KIND`: a tool's or a function's name) holds a value of a type the policy's
    input PII rule redacts or blocks: the request is refused (`name_text`), as for a finding in it."""
    from proxy.providers.idshape import NAME_KIND

    rule = policy.input.pii
    if rule is None:
        return False
    for slot in slots:
        if slot.kind == NAME_KIND:
            kinds = numbers_in(slot.get())
            if any(k in rule.entities and rule.per_entity.get(k, rule.action) != "flag" for k in kinds):
                return True
    return False


# ---------------------------------------------------------------------------------- streamed interchanges

KEEP = 400  # (`proxy.guard.headings.KEEP`)
MAX_LINES = 12


class EdiHeading:
    """What a streamed field's next window is read after (`proxy.guard.headings.Heading.prefix`) where a whole answer
    reads it with what came before (`proxy.nlp.left31`): an X12 interchange's `ISA` that declares another separator
    than `*` (with the current segment's released part), and the last lines of a FHIR identifier in YAML whose system
    is the US SSN's or whose type codes it `SS` (with the current line's released part). Bounded: `KEEP` characters
    of a segment, `MAX_LINES` lines of at most `KEEP` characters; each released character looked at once or twice."""

    __slots__ = ("isa", "line", "lines", "marked", "segment", "tail")

    def __init__(self) -> None:
        self.isa = ""       # the ISA segment with its terminator ("" for none; one with `*` is read without it)
        self.tail = ""      # the last released characters while no ISA was kept (an ISA cut across releases)
        self.segment = ""   # the current segment's released part after the ISA
        self.line = ""      # the current line's released part
        self.lines: list[str] = []  # the last complete lines
        self.marked = 0     # how many of the last lines ago a YAML SSN system or type code was (0: none kept)

    def copy(self) -> EdiHeading:
        other = EdiHeading()
        other.isa, other.tail, other.segment, other.line = self.isa, self.tail, self.segment, self.line
        other.lines, other.marked = list(self.lines), self.marked
        return other

    def prefix(self) -> tuple[str, tuple[str, ...]]:
        """What the next window is read after, and the types to take from it ("" and () for none)."""
        if self.isa and len(self.segment) <= KEEP:
            return self.isa + self.segment, ("PHONE_NUMBER", "US_SSN")
        if self.marked and len(self.line) <= KEEP:
            return "\n".join(self.lines) + "\n" + self.line, ("US_SSN",)
        return "", ()

    def feed(self, released: str) -> None:
        """Follow `released` (the field's text as the model wrote it, in order)."""
        if not released:
            return
        self._feed_x12(released)
        if "\n" in released or self.marked:
            parts = released.split("\n")
            for part in parts[:-1]:
                self._on_line(self.line + part)
                self.line = ""
            self.line = (self.line + parts[-1])[-KEEP - 1:]
        else:
            self.line = (self.line + released)[-KEEP - 1:]

    def _on_line(self, line: str) -> None:
        from proxy.nlp.left31 import yaml_marks

        self.lines = [*self.lines, line[:KEEP]][-MAX_LINES:]
        if ":" in line and ("SS" in line or "113883.4.1" in line or "us-ssn" in line) and yaml_marks(line):
            self.marked = 1
        elif self.marked:
            self.marked = self.marked + 1 if self.marked < MAX_LINES else 0

    def _feed_x12(self, released: str) -> None:
        from proxy.nlp.left31 import x12_other, x12_syntax

        if self.isa:
            _, term = x12_syntax(self.isa)
            ends = [at for at in (released.rfind(term) if term else -1, released.rfind("\n")) if at >= 0]
            self.segment = released[max(ends) + 1:] if ends else self.segment + released
            if len(self.segment) > KEEP:
                self.segment = self.segment[-KEEP - 1:]
            return
        self.tail = (self.tail + released)[-2 * KEEP:]
        at = self.tail.find("ISA")
        while at >= 0:
            seg = self.tail[at:]
            if (at == 0 or self.tail[at - 1] in "\r\n~'! \t") and x12_other(seg):
                sep, term = x12_syntax(seg)
                # ISA's 16 elements: ISA-16 (one character) then the terminator
                pos = 0
                for _ in range(16):
                    pos = seg.find(sep, pos)
                    if pos < 0:
                        break
                    pos += 1
                if pos > 0 and len(seg) > pos + 1:
                    self.isa = seg[:pos + 1] + (term or "\n")
                    self.segment = seg[pos + 2:] if term else seg[pos + 1:].lstrip("\r\n")
                    self.tail = ""
                    return
            at = self.tail.find("ISA", at + 1)


__all__ = ["EdiHeading", "numbered", "numbers_in", "refused"]
