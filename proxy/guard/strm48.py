"""The other fields of a streamed chat answer's content parts, joined across the chunks by their paths (atk47 F02).

A chat chunk's `delta.content` may be a list of content part objects (Mistral, and Magistral's reasoning:
`{"type": "thinking", "thinking": [{"type": "text", "text": ...}]}` or `{"type": "thinking", "thinking": "..."}`).
`proxy.providers.openai._parts` reads a part's `text` (joined by `choice:{i}:content:{k}`); every other string of the
part (a thinking part's chunks, an unknown key, a list nested in the part) was swept one event at a time, so a
codename or a value split over two chunks went out piece by piece. Each of them is now a field of its own
(`proxy.providers.loose`), joined across the chunks by its path (`choice:{i}:x:delta:content:{k}:thinking:0:text`)
as the same shapes directly in the delta, a choice or a tool call are; a thinking part's text is the answer's
reasoning (read with the question before it, as the text part is).

Cost: only a chunk whose `delta.content` is a list of objects with keys other than `type`/`text`/`refusal` is walked.
Parts that carry no text (`image_url`, `input_audio`...) stay swept whole.
"""

from __future__ import annotations

import re
from typing import Any

from proxy.providers.base import TextSlot
from proxy.providers.loose import LooseSlot, loose_texts

# The keys of a part `_parts` reads (or that name it); a string under any other key is a field of its own.
_KNOWN = frozenset({"type", "text", "refusal", "index"})
# Parts of a binary payload or a reference (as `openai._NON_TEXT_PARTS`): their strings are swept whole.
_NON_TEXT = frozenset({"image_url", "input_audio", "file", "input_image", "input_file", "image", "audio"})
_THINKING = "thinking"


def part_fields(delta: dict[str, Any], prefix: str, out: list[TextSlot]) -> None:
    """Slots for the strings of `delta.content[k]` other than its `text`/`refusal`, channels
    `{prefix}:x:delta:content:{k}:{key path}`; a thinking part's are the answer's reasoning."""
    content = delta.get("content")
    if not isinstance(content, list):
        return
    for k, part in enumerate(content):
        if not isinstance(part, dict) or part.keys() <= _KNOWN:
            continue  # the common case: a text part, nothing else to read
        ptype = part.get("type")
        if isinstance(ptype, str) and ptype in _NON_TEXT:
            continue
        start = len(out)
        loose_texts(part, _KNOWN, prefix, out, f"delta:content:{k}:")
        if ptype == _THINKING:
            out[start:] = [LooseSlot(s.container, s.key, s.role, "reasoning", s.channel) for s in out[start:]]


# ----------------------------------------------------------------------------------- atk47 F07: chat recipients
# Restore never writes into a scope that sends (`proxy.guard.scopes.sends`). A tool call's JSON that names a
# recipient the model chose by a chat handle (`"to": "@evil_handle"`), a channel (`"channel": "#random"`), a phone
# number (`"target": "+12125550199"`) or a chat id (`"chat_id": "-1001234567890"`) under a recipient's key sends the
# message there (`share`, `post_to_slack`, `send_message`, `notify`, `dial`): its placeholders are kept.
_Q = r'\\?"'
_TO_KEYS = r"(?:to|send_?to|targets?|recipients?|dest(?:ination)?|channels?|channel_?(?:id|name)|chat_?id|chat|room)"
_HANDLE = r"@[A-Za-z0-9_][\w.\-]{0,63}"
_CHANNEL = r"#[A-Za-z0-9_][\w.\-]{0,79}"
_PHONE = r"\+\d[\d \-().]{6,20}|\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}"
_CHAT_ID = r"-?\d{6,20}"
_RECIPIENT = re.compile(r"(?i)" + _Q + _TO_KEYS + _Q + r"\s{0,8}:\s{0,8}\[?\s{0,8}" + _Q
                        + f"(?:{_HANDLE}|{_CHANNEL}|{_PHONE}|{_CHAT_ID})" + _Q)


def names_recipient(text: str) -> bool:
    """Whether a tool call's JSON `text` names a chat handle, a channel, a phone number or a chat id under a
    recipient's key (gated on `@`, `#`, `+`, `-`, `(` or a digit after a quote: one regex search only then)."""
    return ('"@' in text or '"#' in text or '"+' in text or '"-' in text or '"(' in text or any(
        f'"{d}' in text for d in "0123456789")) and _RECIPIENT.search(text) is not None
