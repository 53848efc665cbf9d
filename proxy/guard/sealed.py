"""An answer's text a provider's signature covers is never restored (thinking20, found by streamleft16).

Anthropic signs each `thinking` block (its `signature`, streamed as a `signature_delta` after the block's
`thinking_delta`s), and a tool loop's next request must send the block back with the text it signed, byte for byte.
Restored, the text held the client's values: sent back, the proxy can neither pass it (the value would reach the
provider) nor rewrite it (the signature would not hold), so the loop's next turn was refused
(`proxy.guard.phases.screen_request`, check `signed_text`). So restore writes nothing into such a text: the client
gets it as the provider signed it, placeholders and all, whole answers and streams alike, and resent it holds no value
and goes up unchanged (a placeholder the client sends is never renumbered). A request that asks for thinking or
sends a signed block back tags each value's placeholder with the value's own tag (`proxy.providers.state`), so the
values a loop resends get again the tokens its signed thinking holds. Under `synthesize` it holds the fakes the
model read: resent, a fake is found again as a value, but one that is this request's own fake of a value it sends
(the same value gives the same fake every turn) is the proxy's, not the client's, and the text goes up as it came
(`keep_signed_fakes`); a fake of a value the request does not send, like any other value there, blocks.
Output rules still read it and may redact the model's own values in it, as before (the provider then refuses it sent
back: README).

Restore is told through the text's `before` context (`proxy.guard.urls.Before`), as a tool call's is by
`proxy.guard.scopes.TOOL`: `SEALED` there, and `Vault.restore` returns the text as it is. Whole answers mark their
sealed texts' contexts (`sealed_befores`); a stream's filter learns a field is sealed from the kind it is told
(`field_kind`: `SIGNED_REASONING`, `proxy.guard.windows.OutputWindows.field_kind`).

OpenRouter's chat `reasoning_details` (thinking22) carry a provider's reasoning in pieces: `reasoning.text` (`text`,
and the provider's `signature` over it: Claude's thinking through OpenRouter, `format` `anthropic-claude-v1`),
`reasoning.summary` (`summary`) and `reasoning.encrypted` (`data`), each with its `id`, `format` and `index`. A signed
piece's `text` is sealed as a thinking block's is (`signed_detail`): nothing restored into it in an answer, whole or
streamed (a stream's pieces of the text come before the one with the signature: a piece of an `anthropic-` format is
taken as signed), and resent it is `SIGNED_REASONING` (`proxy.providers.openai`), so a value in it blocks and a text
holding only the request's own fakes goes up as it came. Resent, a piece's `signature` and encrypted `data` go as sent
while of a sealed payload's shape, and its `id` and `format` while of an id's (`detail_field`, read by
`proxy.providers.inventory.field_texts`); else they are screened as any field. Summaries and unsigned texts are
reasoning as `reasoning_content` is: restored, and read by output rules like every reasoning text.

A Responses reasoning item's summary is no such text: the provider reads the item's `encrypted_content`, never its
summary, so the summary is restored, and resent it is redacted again while the encrypted content goes as it came.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.providers.base import SIGNED_REASONING

if TYPE_CHECKING:
    from proxy.guard.urls import Before
    from proxy.guard.vault import Vault
    from proxy.providers.base import TextSlot

# A restore context (`before`) of a text a signature covers: nothing is restored into it (`Vault.restore`). A character
# no other restore context starts with (`proxy.guard.scopes`: `MARK`, `MIDLINE`, `TOOL`, `SENDING`).
SEALED = "\x06"

# The objects whose `thinking` a signature covers in an answer: a thinking block (whole, or a stream's
# `content_block_start`) and a stream's `thinking_delta`.
_SIGNED_TYPES = frozenset({"thinking", "thinking_delta"})


# OpenRouter's `reasoning_details` piece whose text a signature covers, and the formats whose text pieces are all
# signed (a stream sends the signature in a piece after the text's).
_DETAIL_TEXT = "reasoning.text"
_SIGNING_FORMATS = ("anthropic-",)


def sealed_slot(slot: TextSlot, streamed: bool = False) -> bool:
    """Whether an answer's text is one a signature covers: an Anthropic thinking block's text or a piece of it, or a
    signed OpenRouter `reasoning_details` text (`signed_detail`); `streamed`: a stream's, where any `reasoning.text`
    piece is, as its signature may come in a later piece whatever its `format` (atk23 L1: `google-gemini-v1`,
    `unknown`, `Anthropic-Claude-V1`)."""
    container = slot.container
    if slot.key == "text" and slot.kind in ("reasoning", SIGNED_REASONING):
        if streamed and isinstance(container, dict) and container.get("type") == _DETAIL_TEXT:
            return True
        return signed_detail(container, answer=True)
    return (slot.key == "thinking" and slot.kind in ("reasoning", SIGNED_REASONING) and isinstance(container, dict)
            and container.get("type") in _SIGNED_TYPES)


def signed_detail(piece: object, *, answer: bool = False) -> bool:
    """Whether a `reasoning_details` piece is a `reasoning.text` a signature covers: it has a `signature` (non-empty),
    or, in an answer, its `format` is one whose texts are signed (`anthropic-claude-v1`: a stream's text pieces come
    before the signature's)."""
    if not isinstance(piece, dict) or piece.get("type") != _DETAIL_TEXT:
        return False
    signature = piece.get("signature")
    if isinstance(signature, str) and signature:
        return True
    fmt = piece.get("format")
    return answer and isinstance(fmt, str) and fmt.lower().startswith(_SIGNING_FORMATS)


DETAIL_TYPES = frozenset({_DETAIL_TEXT, "reasoning.summary", "reasoning.encrypted"})
# A resent `reasoning_details` piece's fields that carry no user text while of their shape (`detail_field`).
_DETAIL_SEALED = frozenset({"signature", "data"})
_DETAIL_IDS = frozenset({"id", "format"})
# A piece's own field: a message's `reasoning_details[]`, the piece (its type named or not), one key.
_DETAIL_PATH = re.compile(r"(?:\A|\.)reasoning_details\[\](?:<[^<>]*>)?\.[A-Za-z_]+\Z")


def detail_field(path: str, key: object) -> str | None:
    """What a request's string at `path` (the inventory's path, `messages[].reasoning_details[].data`) under `key` is:
    `"sealed"` (a piece's `signature`, an encrypted piece's `data`), `"id"` (its `id`, `format`), None (neither)."""
    if "reasoning_details" not in path or _DETAIL_PATH.search(path) is None:
        return None
    if key in _DETAIL_SEALED:
        return "sealed"
    if key == "type":
        return "type"
    return "id" if key in _DETAIL_IDS else None


def field_kind(slot: TextSlot) -> str:
    """The kind a stream's filter is told for `slot`'s field: `SIGNED_REASONING` for a sealed text, else its own."""
    return SIGNED_REASONING if sealed_slot(slot, streamed=True) else slot.kind


def sealed(before: Before) -> bool:
    """Whether a restore context says its text is sealed (`SEALED`)."""
    return isinstance(before, str) and before.startswith(SEALED)


def sealed_befores(slots: Sequence[TextSlot], befores: list[str]) -> list[str]:
    """A whole answer's restore contexts (`proxy.guard.phases.screen_answer`), each sealed text's made `SEALED`."""
    return [SEALED if sealed_slot(slot) else before for slot, before in zip(slots, befores, strict=True)]


def keep_signed_fakes(slots: Sequence[TextSlot], texts: list[str | None], vault: Vault) -> None:
    """A request's signed texts (`SIGNED_REASONING`: a thinking block sent back) that the input phase rewrote only
    where they hold this request's own fakes (`fakes_only`) are sent as they came: `texts[i]` set back to None."""
    for i, (slot, text) in enumerate(zip(slots, texts, strict=True)):
        if text is not None and slot.kind == SIGNED_REASONING and fakes_only(slot.get(), text, vault):
            texts[i] = None


def fakes_only(before: str, after: str, vault: Vault) -> bool:
    """Whether `after` (`before` rewritten) differs from it only where `before` held a fake this request gave a value
    it sends (`synthesize`), now a fake of that fake: each such fake put back, `after` reads `before` again."""
    out: list[str] = []
    pos = 0
    for a, b in vault.fake_spans(after):
        fake = vault.fake_for(after[a:b])
        if fake is None or vault.fake_for(fake) is None:  # not a fake of one of the request's fakes
            continue
        out += [after[pos:a], fake]
        pos = b
    if not out:
        return False
    out.append(after[pos:])
    return "".join(out) == before
