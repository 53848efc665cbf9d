"""UK numbers dictated over turns (issue 12, turn47's left): `ring me on 020 7946` / `ok` / `0321`.

- The British ways to ask to be phoned (`ring me on`, `landline`, `WhatsApp me`) cue a dictated number as `phone`
  and `call` do (`proxy.guard.join39._CUE`, `proxy.guard.turn47`).
- A number in national form starts with its trunk `0` (`020 7946`, `07911 123`): turn47 keeps that `0` in the shape
  it remembers (`0dd_dddd`, the only digit it keeps: the form's mark, as `+` is), and its stand-in is then a UK
  number's start (`020 7946 0...`), so the completing piece is read as a UK number, as with the history resent.
"""

from __future__ import annotations

__all__ = ["UK_CUES", "national", "stand_in_digits"]

UK_CUES = r"\bring (?:me|us|him|her|them)\b|landline|whatsapp"
# a UK number in national form (London, then further digits valid after it)
_UK_NATIONAL = "02079460958882736190"


def national(run: str, shape: str) -> str:
    """`shape` (turn47's: `d` digits) with the trunk `0` of a number in national form kept (`0dd_dddd`)."""
    first = next((c for c in run if c.isdigit()), "")
    return "0" + shape[1:] if first == "0" and shape.startswith("d") and not run.lstrip().startswith("+") else shape


def stand_in_digits(shape: str) -> str | None:
    """The stand-in digits (the trunk `0` among them) for a shape kept in national form, else None."""
    return _UK_NATIONAL[:shape.count("d") + 1] if shape.startswith("0") else None
