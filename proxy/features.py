"""What goes in and what comes out, as PII-free numbers and codes: the decision record's `input` and
`output` objects, and the `/metrics` series that follow them per model.

Request (`input`): `chars` (characters of the conversation's texts: messages, system prompt, tool
calls and results; not the request's other fields, which only the checks walk), `messages` (entries
of `messages`, or of a Responses `input` list; 1 for a plain prompt), `tools` (tool definitions
offered: a count, never their names) and `lang` (an ISO 639-1 code of the users' own texts, from
py3langid's bundled model; `und` when the texts are too short to tell).
Answer (`output`): `chars` (characters of the answer's texts; whole answers and screened streams
only), `finish` (each choice's finish or stop reason, from a fixed vocabulary; anything else is
`other`), `refusal` (the model refused: OpenAI's `refusal` text or Anthropic's `refusal` stop),
`filtered` (the provider's content filter stopped it) and `tool_calls` (tool calls in the answer).

Nothing here keeps text: the language detector reads at most `LANG_CHARS` characters and returns a
code from its fixed list.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import re
import threading
from typing import Any

from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES, ProviderAdapter

#: Finish and stop reasons as providers name them (OpenAI chat and completions, Responses' incomplete
#: reasons, Anthropic); any other value is recorded as `other`, so the set of values stays bounded.
FINISH_REASONS = frozenset({
    "stop", "length", "tool_calls", "function_call", "content_filter",                       # OpenAI
    "end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal",         # Anthropic
    "model_context_window_exceeded", "max_output_tokens", "completed", "incomplete", "other",
})
FILTER_REASONS = frozenset({"content_filter"})
REFUSAL_REASONS = frozenset({"refusal"})
TOOL_REASONS = frozenset({"tool_calls", "function_call", "tool_use"})
UNDETERMINED = "und"
LANG_CHARS = 400       # the detector reads at most this much of the users' text (the last part)
LANG_MIN_LETTERS = 12  # fewer letters than this: `und`

_lock = threading.Lock()
_identifier: Any = None
# The detector is a model (~0.1-0.8 ms a text): in the proxy it runs here, never on the event loop.
_POOL = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="language")
LANG_WAIT_S = 0.01  # how long the record waits for a detection still running (a request refused at once)


def preload() -> None:
    """Load the language model (~0.8 s, once): call in a thread at start, not on the event loop."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def detect_language(text: str) -> str:
    """An ISO 639-1 code for `text` (its last `LANG_CHARS` characters), `und` when too short."""
    sample = text[-LANG_CHARS:]
    if sum(c.isalpha() for c in sample) < LANG_MIN_LETTERS:
        return UNDETERMINED
    if _identifier is None:
        preload()
    code, _ = _identifier.classify(sample)
    return str(code) if isinstance(code, str) and 2 <= len(code) <= 3 and code.isalpha() else UNDETERMINED


_GENERATION = frozenset({CHAT, COMPLETIONS, MESSAGES, RESPONSES})


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def request_features(adapter: ProviderAdapter, kind: str, body: Any, *, language: bool = True,
                     defer: bool = False) -> dict[str, Any] | None:
    """The record's `input` object for a request body (None: not a generation request); `language`
    False leaves out `lang` (`decision_log.language` in proxy.yaml). `defer`: `lang` is a future of the
    detection running in this module's thread (the proxy: off the event loop), to be replaced by its
    code with `settle_language` when the request is recorded."""
    if kind not in _GENERATION or (type(body) is not dict and not isinstance(body, dict)):
        return None
    if kind == CHAT and not language:  # the usual record: counts only, in C passes where the shape allows
        messages = body.get("messages")
        if type(messages) is list and ("prediction" not in body or body["prediction"] is None):
            chars = _plain_chars(messages)
            if chars is not None:
                return {"chars": chars, "messages": len(messages),
                        "tools": (_count(body["tools"]) if "tools" in body else 0) +
                        (_count(body["functions"]) if "functions" in body else 0)}
    plain = _plain_chat_request(body, users=language) if kind == CHAT else None
    if plain is not None:
        chars, user = plain
    else:
        chars, user = _request_texts(adapter, kind, body)
    if kind == COMPLETIONS:
        messages = _count(body.get("prompt")) or 1
    elif kind == RESPONSES:
        given = body.get("input")
        messages = _count(given) or (1 if isinstance(given, str) else 0)
    else:
        given = body.get("messages")
        messages = len(given) if type(given) is list or isinstance(given, list) else 0  # `_count`, inlined
    # Most requests offer no tools: no lookup for a key that is not there.
    tools = (_count(body["tools"]) if "tools" in body else 0) + \
        (_count(body["functions"]) if "functions" in body else 0)
    out: dict[str, Any] = {"chars": chars, "messages": messages, "tools": tools}
    if not language:
        return out
    tail = ""
    for text in reversed(user):  # the last user texts, up to LANG_CHARS: a huge prompt is never copied whole
        tail = text[-LANG_CHARS:] + (" " + tail if tail else "")
        if len(tail) >= LANG_CHARS:
            break
    out["lang"] = _POOL.submit(detect_language, tail) if defer else detect_language(tail)
    return out


def _request_texts(adapter: ProviderAdapter, kind: str, body: dict[str, Any]) -> tuple[int, list[str]]:
    """Characters of the request's texts and the users' own texts, from the adapter's walk."""
    slots = adapter.request_texts(kind, body, fields=False)  # the whole field walk costs ~50 µs a request
    chars = 0
    user: list[str] = []
    for slot in slots:
        text = slot.get()
        chars += len(text)
        if slot.role == "user" and slot.kind in ("text", "prompt", "input") and text:
            user.append(text)
    return chars, user


# Keys of a chat message that hold no text of the conversation (the adapter's walk never reads them).
_NO_TEXT_KEYS = frozenset({"role", "name", "tool_call_id"})
_PLAIN_KEYS = _NO_TEXT_KEYS | {"content"}


def _plain_chat_request(body: dict[str, Any], users: bool = True) -> tuple[int, list[str]] | None:
    """What `_request_texts` gives for a chat request whose messages are all plain (string or null
    `content`, no other field with a value but the role, a name or a tool call id) and which has no
    `prediction`, without building a slot per text (the common case: ~2x cheaper); None for any other
    shape, which the adapter's walk (`request_texts`, the one definition of a request's texts) reads.
    `users` False: the users' texts are not collected (only the language reads them; the list is empty).
    `tests/test_features.py` checks that both agree."""
    if "prediction" in body and body["prediction"] is not None:
        return None
    messages = body.get("messages")
    if not users and type(messages) is list:
        counted = _plain_chars(messages)
        if counted is not None:
            return counted, []
    chars = 0
    user: list[str] = []
    # `type(x) is C` first: the parser's own classes, without a call per message (isinstance for the rest)
    for msg in messages if type(messages) is list or isinstance(messages, list) else ():
        if type(msg) is not dict and not isinstance(msg, dict):
            continue
        if msg.keys() <= _PLAIN_KEYS:  # the usual message (a role and a content): one set test, no loop
            text = msg.get("content")
            if text is None:
                continue
            if type(text) is not str and not isinstance(text, str):
                return None
        else:
            text = None
            for key, value in msg.items():
                if key == "content" and isinstance(value, str):
                    text = value
                elif value is not None and key not in _NO_TEXT_KEYS:
                    return None
            if text is None:
                continue
        chars += len(text)
        if users and text:
            role = msg.get("role")
            if role == "user" or not isinstance(role, str):  # the adapter's role: `user` when not a string
                user.append(text)
    return chars, user


_DICT = frozenset({dict})
_TEXT_TYPES = frozenset({str, type(None)})


def _plain_chars(messages: list[Any]) -> int | None:
    """The characters of `messages` when each is a dict of `_PLAIN_KEYS` only whose `content` is a string
    or null (the usual request), in a few passes of C functions, no bytecode per message; None for any other
    list (`_plain_chat_request`'s loop reads it: other fields, parts, subclasses, anything not an object)."""
    if not _DICT.issuperset(map(type, messages)) or not all(map(_PLAIN_KEYS.issuperset, messages)):
        return None
    texts = list(map(dict.get, messages, itertools.repeat("content")))
    if not _TEXT_TYPES.issuperset(map(type, texts)):
        return None
    return sum(map(len, filter(None, texts)))


def settle_language(features: dict[str, Any] | None) -> None:
    """Replace a deferred `lang` (see `request_features`) by its code: `und` when the detection failed
    or is still running after `LANG_WAIT_S` (it normally ended while the provider answered)."""
    if features is None:
        return
    lang = features.get("lang")
    if isinstance(lang, concurrent.futures.Future):
        try:
            features["lang"] = lang.result(timeout=0 if lang.done() else LANG_WAIT_S)
        except Exception:  # noqa: BLE001 - a code or `und`, never an error in the record
            lang.cancel()
            features["lang"] = UNDETERMINED


def _reason(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return value if value in FINISH_REASONS else "other"


def answer_features(adapter: ProviderAdapter, kind: str, body: Any) -> dict[str, Any] | None:
    """The record's `output` object for a whole answer body (None: not a generation answer)."""
    if kind not in _GENERATION or (type(body) is not dict and not isinstance(body, dict)):
        return None
    if kind == CHAT:
        choices = body.get("choices")
        if type(choices) is list and len(choices) == 1:  # the usual answer: one choice, read without a loop
            found = _one_plain_choice(choices[0])
            if found is not None:
                return found
        plain = _plain_chat_answer(body)
        if plain is not None:
            return plain
    return _answer_features(adapter, kind, body)


def _answer_features(adapter: ProviderAdapter, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """`answer_features` of any answer: its texts from the adapter's walk (`response_texts`)."""
    chars = sum(len(slot.get()) for slot in adapter.response_texts(kind, body))
    finish: list[str] = []
    refusal = False
    tool_calls = 0
    if kind in (CHAT, COMPLETIONS):
        choices = body.get("choices")
        for choice in choices if isinstance(choices, list) else ():
            if not isinstance(choice, dict):
                continue
            if (r := _reason(choice.get("finish_reason"))) is not None:
                finish.append(r)
            msg = choice.get("message")
            if isinstance(msg, dict):
                refusal = refusal or bool(isinstance(msg.get("refusal"), str) and msg.get("refusal"))
                tool_calls += _count(msg.get("tool_calls")) + (1 if isinstance(msg.get("function_call"), dict) else 0)
    elif kind == MESSAGES:
        if (r := _reason(body.get("stop_reason"))) is not None:
            finish.append(r)
        content = body.get("content")
        tool_calls = sum(1 for b in content if isinstance(b, dict) and b.get("type") == "tool_use") \
            if isinstance(content, list) else 0
    else:  # Responses
        details = body.get("incomplete_details")
        why = details.get("reason") if isinstance(details, dict) else None
        if (r := _reason(why if isinstance(why, str) else body.get("status"))) is not None:
            finish.append(r)
        output = body.get("output")
        for item in output if isinstance(output, list) else ():
            if not isinstance(item, dict):
                continue
            if str(item.get("type", "")).endswith("_call"):
                tool_calls += 1
            parts = item.get("content")
            for part in parts if isinstance(parts, list) else ():
                if isinstance(part, dict) and part.get("type") == "refusal":
                    refusal = True
    return summarise(chars, finish, refusal, tool_calls)


def _plain_chat_answer(body: dict[str, Any]) -> dict[str, Any] | None:
    """`_answer_features` of a chat answer whose every choice's message is plain (`content` and `refusal`
    strings or null, `annotations` empty, no other field with a value but the role), in one pass and
    without building a slot per text (the common shape); None for any other shape (the walk reads it).
    A plain message holds no tool call. `tests/test_features.py` checks that both agree."""
    choices = body.get("choices")
    chars = 0
    finish: list[str] = []
    refusal = False
    # `type(x) is C` first, as in `_plain_chat_request`
    for choice in choices if type(choices) is list or isinstance(choices, list) else ():
        if type(choice) is not dict and not isinstance(choice, dict):
            continue
        reason = choice.get("finish_reason")
        if reason and (type(reason) is str or isinstance(reason, str)):  # `_reason`, inlined
            finish.append(reason if reason in FINISH_REASONS else "other")
        msg = choice.get("message")
        if type(msg) is not dict and not isinstance(msg, dict):
            continue
        for key, value in msg.items():
            if value is None or key == "role":
                continue
            if key == "content" and (type(value) is str or isinstance(value, str)):
                chars += len(value)
            elif key == "refusal" and isinstance(value, str):
                chars += len(value)
                if value:
                    refusal = True
            elif not (key == "annotations" and value == []):
                return None
    return summarise(chars, finish, refusal, 0)


_ANSWER_KEYS = frozenset({"role", "content", "refusal", "annotations"})
_ANSWER_TEXTS = ("content", "refusal", "annotations")


def _one_plain_choice(choice: Any) -> dict[str, Any] | None:
    """`_plain_chat_answer` of a lone choice of the parser's own classes whose message holds only these keys,
    with string or null `content` and `refusal`, no annotations, a string or null finish reason; None for any
    other (the loop decides it)."""
    if type(choice) is not dict:
        return None
    msg = choice.get("message")
    if type(msg) is not dict or not msg.keys() <= _ANSWER_KEYS:
        return None
    content, refusal, notes = map(msg.get, _ANSWER_TEXTS)
    reason = choice.get("finish_reason")
    if not _TEXT_TYPES.issuperset(map(type, (content, refusal, reason))) or not (notes is None or notes == []):
        return None
    chars = (len(content) if content else 0) + (len(refusal) if refusal else 0)
    if reason == "stop" and not refusal:  # `summarise` of a lone stop, inlined
        return {"chars": chars, "finish": ["stop"], "refusal": False, "filtered": False, "tool_calls": 0}
    finish = [reason if reason in FINISH_REASONS else "other"] if reason else []
    return summarise(chars, finish, bool(refusal), 0)


_STOP = ["stop"]  # the usual answer's finish reasons: no tool, refusal or filter reason among them


def summarise(chars: int | None, finish: list[str], refusal: bool, tool_calls: int) -> dict[str, Any]:
    if finish == _STOP:
        filtered = False
    else:
        if not TOOL_REASONS.isdisjoint(finish):  # most answers stop for another reason: no count
            tool_calls = max(tool_calls, sum(1 for r in finish if r in TOOL_REASONS))
        refusal = refusal or not REFUSAL_REASONS.isdisjoint(finish)
        filtered = not FILTER_REASONS.isdisjoint(finish)
    if chars is None:
        return {"finish": finish, "refusal": refusal, "filtered": filtered, "tool_calls": tool_calls}
    return {"chars": chars, "finish": finish, "refusal": refusal, "filtered": filtered, "tool_calls": tool_calls}


# Stream events: found by a byte search, like usage (`proxy.stream.usage`), so most events are never parsed.
_FINISH = re.compile(rb'"(?:finish_reason|stop_reason)"\s*:\s*"([A-Za-z_]{1,40})"')
_INCOMPLETE = re.compile(rb'"incomplete_details"\s*:\s*\{\s*"reason"\s*:\s*"([A-Za-z_]{1,40})"')
_REFUSAL = re.compile(rb'"refusal"\s*:\s*"[^"]|"type"\s*:\s*"refusal"')
# A tool call's first event: Anthropic's tool_use block start, an OpenAI chat tool call's id chunk
# (Responses streams repeat their items in several events: their calls are not counted).
_TOOL_START = re.compile(rb'"type"\s*:\s*"tool_use"|"tool_calls"\s*:\s*\[\s*\{\s*"index"\s*:\s*\d+\s*,\s*"id"')


class StreamFeatures:
    """The `output` object of a streamed answer, from the raw bytes of its events."""

    __slots__ = ("finish", "refusal", "tool_calls", "completed")

    def __init__(self) -> None:
        self.finish: list[str] = []
        self.refusal = False
        self.tool_calls = 0
        self.completed = False

    def scan(self, raw: bytes) -> None:
        if b"_reason" in raw:
            for m in _FINISH.finditer(raw):
                self.finish.append(_reason(m.group(1).decode("ascii")) or "other")
            for m in _INCOMPLETE.finditer(raw):
                self.finish.append(_reason(m.group(1).decode("ascii")) or "other")
        if not self.refusal and b"refusal" in raw and _REFUSAL.search(raw):
            self.refusal = True
        if b"tool" in raw:
            self.tool_calls += len(_TOOL_START.findall(raw))
        if not self.completed and b'"response.completed"' in raw:
            self.completed = True

    def result(self, chars: int | None) -> dict[str, Any]:
        finish = self.finish if self.finish or not self.completed else ["completed"]
        return summarise(chars, finish, self.refusal, self.tool_calls)
