"""Placeholders for redacted values, and putting the originals back (whole texts and streams).

A `Vault` lives for one request. `placeholder(entity, value)` gives `<ENTITY_TYPE_N>`, the same
placeholder for the same value within the request (N counts per entity type from 1). `restore`
replaces the placeholders in a text by the originals. Over a stream of fragments, the output windows
(`proxy.guard.windows`) never emit half a placeholder: `placeholder_prefix_at` finds the tail that
could still become one (`<EMAIL_ADD`), held back until it completes or proves not to be one.

Texts that are JSON documents (tool-call arguments, Anthropic `partial_json`) get each original
JSON-string-escaped (`restore(text, in_json=True)`): a placeholder there sits inside a JSON string,
so a `"`, `\\` or newline in the original must not end the string or break the document. A value
redacted from such a text is stored decoded (`json_unescape`), so it is escaped exactly once
whichever kind of text it goes back into. A placeholder the answer wrote escaped (atk38 F11: `&lt;PERSON_1&gt;` in
HTML source shown as text, `\\u003cPERSON_1\\u003e` in a JSON document inside a text) gets its original escaped the
same way (HTML-escaped; JSON-string-escaped), under the same rules (never into a URL or code that sends), and a
stream holds a tail that may still become one (`&lt;PERS`).

Synthesized values (the `synthesize` operator) are kept the same way: `remember_fake(fake, original)`,
and `restore` puts the original back wherever the answer has the fake (as a whole word), streamed
answers included: `placeholder_prefix_at` also holds back a tail that could still become a fake.
Output placeholders (`placeholder(..., restorable=False)`: the model's own values, which the client must
never get back) share the numbering and the value map, so a value the model repeats in a later field,
window or choice of the answer gets the same placeholder; they never enter the restore map, so `restore`
leaves them as they are and `is_original` / `protected_spans` do not take the model's value for the
client's (which let its second copy through unredacted).
`team` (the request's team) salts the `hash` operator; `memo` keeps other operators' outputs per
value, so a value is rewritten the same way throughout a request.

`tag`: a request that continues a conversation the provider holds (`previous_response_id`, `conversation`, ...:
`proxy.providers.openai.continues_provider_state`) numbers its placeholders after a random tag of its own
(`<EMAIL_ADDRESS_1_k3f9x2mq>`, `new_tag`): the model's context holds the earlier turns' placeholders, numbered by
other requests, and `<EMAIL_ADDRESS_1>` of turn 1 (jane) must never be taken for turn 2's first address (bob's) and
restored to it (atk13 M2). A placeholder the request did not issue stays as the model wrote it.
`keyed`: a request that resends state the proxy cannot read (a reasoning item's `encrypted_content`, written by the
model with an earlier request's placeholders) or asks for it tags each placeholder with its value's own tag
(`value_tag`): a stateless agent loop resends its values, which get the same placeholders again and come back, while
an earlier turn's placeholder for a value the request no longer sends stays as the model wrote it (stream14).

The vault holds PII: it is never logged, never serialised into a record or an exception.
"""

from __future__ import annotations

import base64
import bisect
import functools
import hashlib
import hmac
import html
import json
import re
import secrets
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from proxy.guard.hosts import mailbox, rerouted, same_origin
from proxy.guard.scopes import SENDING, TOOL, sends
from proxy.guard.sealed import sealed
from proxy.guard.urls import MARK, Before, kept_spans, url_spans
from proxy.nlp.normalize import View, replaced

# <ENTITY_TYPE_N>: upper-case letters, digits and underscores, then _N; in a request that continues provider-held
# state, then a tag of 8 lower-case letters and digits (`<ENTITY_TYPE_N_k3f9x2mq>`: `Vault.tag`).
PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)_(\d+)(?:_[a-z2-7]{8})?>")
# A placeholder in a JSON text with its `<` / `>` written as JSON escapes (`\u003cEMAIL_ADDRESS_1\u003e`, any hex
# case, either or both: Go encoders, Ollama), restored as written plain (restorefix14, atk14 B M2).
ESCAPED_PLACEHOLDER = re.compile(r"(?:<|\\u003[cC])([A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?)(?:>|\\u003[eE])")
# A placeholder the answer wrote escaped in a text that is no JSON (atk38 F11): HTML-escaped (`&lt;PERSON_1&gt;`, HTML
# source shown as text), restored HTML-escaped; or with JSON-escaped `<` / `>` (`\u003cPERSON_1\u003e`, a JSON
# document in the answer's text), restored JSON-string-escaped.
# HTML-escaped twice (`&amp;lt;PERSON_1&amp;gt;`: HTML source of HTML source, a template's escaped output escaped
# again: enc40), restored escaped twice.
OTHER_ESCAPED_PLACEHOLDER = re.compile(
    r"(?:(?P<html>&(?P<amp>amp;)?(?i:lt|#0*60|#x0*3c);)|\\u003[cC])(?P<name>[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?)"
    r"(?(html)&(?(amp)amp;)(?i:gt|#0*62|#x0*3e);|\\u003[eE])")


def new_tag() -> str:
    """A random placeholder tag (`Vault.tag`): 40 bits in lower-case base32 (`a-z`, `2-7`), so the tags of a
    conversation's turns differ (two of a thousand turns share one with a chance under 1 in 2 million), and no
    request's tag says anything of another's."""
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii").lower()


def value_tag(team: str | None, entity: str, value: str) -> str:
    """A value's own placeholder tag (`Vault.keyed`): 40 bits of an HMAC of the team, the type and the value under
    the `synthesize` key (`GUARDRAIL_PII_SALT`, else a random key per process), in the alphabet of `new_tag`. The
    same value gets the same tag in every request of a team, two values one with a chance of 1 in 2^40, and nobody
    without the key can test a guess."""
    from proxy.guard.synth import fake_key  # faker loads with the first keyed request, not with the vault

    message = f"{team or ''}\0{entity}\0{value}".encode("utf-8", "surrogatepass")
    digest = hmac.digest(fake_key(), b"placeholder-tag\0" + message, hashlib.sha256)
    return base64.b32encode(digest[:5]).decode("ascii").lower()
_URLS_MAX = 256  # client URLs a request remembers (`Vault.note_urls`)


def json_escape(value: str) -> str:
    """`value` as it must appear between the quotes of a JSON string."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def json_unescape(text: str) -> str:
    """The value that `text`, taken from between the quotes of a JSON string, stands for.

    `text` itself when it is not a valid JSON string body (a span that cuts an escape in half, or
    that reaches past the string's quotes).
    """
    if "\\" not in text:  # nothing escaped: the value is the text (or the text is no string body)
        return text
    try:
        value = json.loads(f'"{text}"', strict=False)
    except ValueError:
        return text
    return value if isinstance(value, str) else text


# What may open a placeholder the client wrote in another spelling: `<` full-width or small, a character reference,
# a JSON or URL escape.
_LOOSE_OPEN = re.compile(r"[<\uff1c\ufe64]|&(?:lt|#0*60|#x0*3c);?|\\u003c|%3c", re.IGNORECASE)
_LOOSE_TOKEN = re.compile(r"<\s*([A-Za-z][A-Za-z0-9_]*?)_0*(\d{1,6})\s*>")
_INVISIBLE = dict.fromkeys(i for i in (0x00AD, 0x034F, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                                       *range(0x2060, 0x2070), 0xFEFF))


def written_placeholders(texts: Sequence[str]) -> set[str]:
    """The placeholders the client's texts hold in a spelling a model reads as the same token (atk16 B L2):
    `&lt;EMAIL_ADDRESS_1&gt;`, `\\<EMAIL_ADDRESS_1\\>`, a zero-width character inside, full-width `＜＞`,
    `< EMAIL_ADDRESS_1 >`, lower case, `_01`, or one split across two texts: each as `<EMAIL_ADDRESS_1>`, so no
    value of this request is given that number and the model's echo of the client's token is never restored to a
    value. Texts without anything that opens one cost a scan."""
    joined = "".join(texts)
    if not _LOOSE_OPEN.search(joined):
        return set()
    folded = html.unescape(unicodedata.normalize("NFKC", joined.translate(_INVISIBLE)))
    folded = folded.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u003C", "<").replace("\\u003E", ">")
    folded = re.sub(r"%3[cC]", "<", re.sub(r"%3[eE]", ">", folded)).replace("\\", "")
    return {f"<{m.group(1).upper()}_{int(m.group(2))}>" for m in _LOOSE_TOKEN.finditer(folded)}



def _network_urls(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each network URL of `text` (`url_spans`, no relative ones): kept for the texts of up to
    16,384 characters a client sends again (a resent conversation's earlier messages: `Vault.note_urls`)."""
    if len(text) > 16_384:
        return tuple((a, b) for a, b, _ in url_spans(text, relative=False))
    return _network_urls_kept(text)


@functools.lru_cache(maxsize=1024)
def _network_urls_kept(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((a, b) for a, b, _ in url_spans(text, relative=False))

@dataclass
class Vault:
    """Value <-> placeholder map for one request."""

    _by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_placeholder: dict[str, str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)
    _fakes: dict[str, str] = field(default_factory=dict)  # synthesized value -> original
    _fake_re: re.Pattern[str] | None = field(default=None, repr=False)
    team: str | None = None
    memo: dict[tuple[str, str, str], str] = field(default_factory=dict, repr=False)  # (operator, type, value)
    # The normalised input texts the toxicity and bias checks scored: an answer repeating one reuses its scores.
    screened: dict[str, None] = field(default_factory=dict, repr=False)
    # The URLs of the client's request that hold a placeholder or a synthesized value, as the provider saw them
    # (`note_urls`): a value may go back into the same URL (`restore`).
    _urls: dict[str, None] = field(default_factory=dict, repr=False)
    # Placeholders the client's own texts hold as written (`<EMAIL_ADDRESS_1>` pasted from a redacted log): never
    # given to a value, so a value and the client's token never share one, and restore leaves the token as sent.
    _taken: frozenset[str] = field(default_factory=frozenset, repr=False)
    # A request that continues provider-held state: its placeholders end in `_<tag>` (`new_tag`), so none is an
    # earlier request's (atk13 M2). Empty: `<ENTITY_TYPE_N>` as ever.
    tag: str = ""
    # A request that resends state the proxy cannot read (a reasoning item's `encrypted_content`, or asks for it):
    # each placeholder ends in its value's own tag (`value_tag`), the same in every turn, so the opaque state's
    # placeholders are restored only to the value they were issued for (stream14).
    keyed: bool = False

    def reserve_written(self, texts: Sequence[str]) -> None:
        """Keep the placeholders `texts` (the client's) already hold out of this request's numbering (atk10 B M4),
        in any spelling a model reads as one (`written_placeholders`)."""
        found = {m.group(0) for text in texts if "<" in text for m in PLACEHOLDER.finditer(text)}
        found |= written_placeholders(texts)
        if found:
            self._taken = self._taken | found

    def placeholder(self, entity: str, value: str, *, restorable: bool = True) -> str:
        """`value`'s placeholder in this request. `restorable`: a value the client sent (input), which
        `restore` puts back; False: the model's own value (output), never restored nor taken for the client's."""
        key = (entity, value)
        found = self._by_value.get(key)
        if found is None:
            n = self._counts.get(entity, 0) + 1
            # (keyed: a token the client's texts hold that ends in this value's own tag was issued for this value,
            # by an earlier turn, as in a signed thinking block sent back: the value takes it again, thinking20)
            while not self.keyed and self._token(entity, n, value) in self._taken:
                n += 1
            self._counts[entity] = n
            found = self._token(entity, n, value)
            self._by_value[key] = found
            if not restorable:
                return found
        if restorable and found not in self._by_placeholder:  # an output placeholder first: now the client's too
            self._by_placeholder[found] = value
        return found

    def _token(self, entity: str, n: int, value: str) -> str:
        tag = value_tag(self.team, entity, value) if self.keyed else self.tag
        return f"<{entity}_{n}_{tag}>" if tag else f"<{entity}_{n}>"

    def remember_fake(self, fake: str, original: str) -> None:
        """A synthesized value that stands for `original` in this request (restored like a placeholder)."""
        self._fakes[fake] = original
        self._fake_re = None  # compiled on first use: a request's rewrite adds several

    def _fakes_re(self) -> re.Pattern[str] | None:
        if self._fake_re is None and self._fakes:
            # Longest first: a fake that is a prefix of another must not win the match.
            alternatives = "|".join(re.escape(f) for f in sorted(self._fakes, key=len, reverse=True))
            self._fake_re = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        return self._fake_re

    def fake_for(self, fake: str) -> str | None:
        """The original a synthesized value stands for, if it is one of this request's."""
        return self._fakes.get(fake)

    def fake_spans(self, text: str) -> list[tuple[int, int]]:
        """Where this request's synthesized values occur in `text` (as whole words)."""
        pattern = self._fakes_re()
        if pattern is None:
            return []
        return [(m.start(), m.end()) for m in pattern.finditer(text)]

    def __len__(self) -> int:
        return len(self._by_placeholder) + len(self._fakes)

    def __bool__(self) -> bool:
        return bool(self._by_placeholder) or bool(self._fakes)

    def __repr__(self) -> str:  # never show values
        return f"Vault({len(self)} placeholders)"

    def original(self, placeholder: str) -> str | None:
        return self._by_placeholder.get(placeholder)

    def is_original(self, value: str) -> bool:
        """A value the client sent (and that a restore may put back)."""
        return value in self._by_placeholder.values() or value in self._fakes.values()

    def protected_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans an output check must leave alone: this request's placeholders and synthesized values."""
        spans = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text) if m.group(0) in self._by_placeholder]
        return spans + self.fake_spans(text)

    def counts(self) -> dict[str, int]:
        """Placeholders per entity type (for records: types and counts only)."""
        return dict(self._counts)

    @property
    def longest(self) -> int:
        return max((len(p) for p in (*self._by_placeholder, *self._fakes)), default=0)

    def restore(self, text: str, *, in_json: bool = False, before: Before = "", whole_url: bool = False,
                keep: Sequence[tuple[int, int]] = (), after: str = "", scope: bool = False) -> str:
        """`text` with each known placeholder and synthesized value replaced by its original; `in_json`:
        `text` is (part of) a JSON document, and each original goes in JSON-string-escaped.

        Never inside a URL with a network scheme (`proxy.guard.urls`: a model-chosen URL the client's renderer
        would fetch with the value in it), unless the client sent that URL itself (`note_urls`): there the
        placeholder stays. `before`: the text of the same field released before `text` (a stream's
        `proxy.guard.urls.url_context`), which may have opened the URL, or several such contexts (a stream's field
        and the answer's texts before it joined: `proxy.guard.windows`), a placeholder kept when one of them puts
        it in a URL; `whole_url`: `text` is a URL field (a citation's `url`), a URL from its first character.
        `keep`: spans of `text` left as they are (the output phase's new placeholders). `after`: the start of the
        answer's texts after `text` that the client reads joined to it (a host label there: restorehost15, H3).
        `scope`: `text` is (a piece of) a tool call's arguments or input (a stream's), one scope with what `before`
        holds of it: kept whole when it sends (`proxy.guard.scopes.sends`, scopes16). A `before` of
        `proxy.guard.sealed.SEALED`: a text a signature covers, returned as it is (thinking20)."""
        if sealed(before):
            return text
        found = sorted(self._restorable(text, in_json))
        if not found:
            return text  # nothing to restore (most long answers: no URL or tag read)
        last = max(b for _, b, _ in found)
        urls: list[list[tuple[int, int, str | None]]] | None = [[(0, len(text), text)]] if whole_url else None
        if urls is None and not keep:
            urls = self._url_spans(text, before, last, after, scope, in_json)
            if not urls:
                return self._restore_all(text, in_json, before)
        return self._restore_outside(text, in_json,
                                     urls=urls if urls is not None else self._url_spans(text, before, last, after,
                                                                                        scope, in_json),
                                     keep=keep,
                                     found=found, before=before)

    def _restore_all(self, text: str, in_json: bool, before: Before = "") -> str:
        pattern = self._fakes_re()
        if pattern is not None:
            text = pattern.sub(lambda m: _escaped(self._fakes[m.group(0)], in_json), text)
        escaped = in_json and "\\u003" in text
        if self._by_placeholder and _other_escapes(text, in_json):
            text = OTHER_ESCAPED_PLACEHOLDER.sub(lambda m: self._other_escaped(m, in_json), text)
        if not self._by_placeholder or ("<" not in text and not escaped):
            return text

        def original(m: re.Match[str]) -> str:
            value = self._by_placeholder.get(m.group(0) if not escaped else f"<{m.group(1)}>")
            if value is None:
                return m.group(0)
            return _escaped(value, in_json or json_string_at(text, m.start(), value, before))

        return (ESCAPED_PLACEHOLDER if escaped else PLACEHOLDER).sub(original, text)

    def _other_escaped(self, m: re.Match[str], in_json: bool) -> str:
        """The original of a placeholder written escaped (`OTHER_ESCAPED_PLACEHOLDER`), escaped as it was."""
        value = self._by_placeholder.get(f"<{m.group('name')}>")
        if value is None:
            return m.group(0)
        if not m.group("html") and not in_json and not _in_string(m.string, m.start(), m.end()):
            return m.group(0)  # (JSON-escaped outside a JSON string: written as such, `literally \u003c...`)
        return _escaped(_html_escaped(value, m) if m.group("html") else json_escape(value), in_json)

    def _url_spans(self, text: str, before: Before, until: int, after: str = "",
                   scope: bool = False, in_json: bool = False) -> list[list[tuple[int, int, str | None]]]:
        """Per context of `before`, the URLs and HTML tags of `context + text` that reach into `text`
        (`proxy.guard.urls.kept_spans`), in `text`'s coordinates (a start in the context: negative), each with its
        whole text, context and `after` included (a tag: None, never a URL the client sent); none: no list.
        `until`: the end of the last value to restore in `text` (a span starting past it holds none); `scope`: the
        context and `text` are one scope, a span whole when they send (`restore`)."""
        if not self or ("<" not in text and "\\u003" not in text and "&" not in text and not self._fakes):
            return []
        out: list[list[tuple[int, int, str | None]]] = []
        for context in (before,) if isinstance(before, str) else before:
            every = context.startswith(SENDING)  # (the answer's tool calls or code send: `proxy.guard.scopes`)
            context = context.removeprefix(SENDING)
            whole = scope or context.startswith(TOOL)  # (a stream's tool call: `proxy.guard.windows`)
            context = context.removeprefix(TOOL)
            n = len(context)
            joined = context + text + after
            if whole and (every or sends(joined)):
                out.append([(-n, len(text), joined)])
                continue
            spans = [(a - n, b - n, None if tag else joined[a:b])
                     for a, b, tag in kept_spans(joined, n + until, every_code=every, documents=not in_json) if b > n]
            if spans:
                out.append(spans)
        return out

    def _restore_outside(self, text: str, in_json: bool, urls: list[list[tuple[int, int, str | None]]],
                         keep: Sequence[tuple[int, int]], found: list[tuple[int, int, str]],
                         before: Before = "") -> str:
        edits: list[tuple[int, int, str]] = []
        starts = [[ua for ua, _, _ in spans] for spans in urls]  # per context: sorted, the URLs apart
        kept = sorted(keep)  # apart too: the last one starting before a match is the only one it may overlap
        kept_starts = [ka for ka, _ in kept]
        for a, b, value in found:  # (sorted)
            if edits and a < edits[-1][1]:
                continue  # a fake inside a placeholder (or the reverse): the first, as `restored_view`
            k = bisect.bisect_left(kept_starts, b) - 1
            if k >= 0 and kept[k][1] > a:
                continue
            if any(self._in_model_url(spans, at, text, a, b) for spans, at in zip(urls, starts, strict=True)):
                continue
            edits.append((a, b, value))
        if not edits:
            return text
        out: list[str] = []
        pos = 0
        for a, b, value in edits:
            out.append(text[pos:a])
            out.append(_escaped(value, in_json or json_string_at(text, a, value, before)))
            pos = b
        out.append(text[pos:])
        return "".join(out)

    def _in_model_url(self, spans: list[tuple[int, int, str | None]], starts: list[int], text: str, a: int,
                      b: int) -> bool:
        """Whether `text[a:b]` lies in one of `spans` (a context's URLs and tags) that is no URL the client sent."""
        u = bisect.bisect_right(starts, a) - 1
        if u < 0 or a >= spans[u][1]:
            return False
        ua, ue, whole = spans[u]
        if whole is None:
            return True
        if ua >= 0 and self._own_mailbox(text, ua, ue):
            return False
        if not self._urls:
            return True
        at = b - ua  # the placeholder's end in `whole`
        # Not where its line sends requests elsewhere (`curl -x http://evil.example ...`, `HTTPS_PROXY=... curl`).
        if rerouted(text[text.rfind("\n", 0, max(ua, 0)) + 1:max(ua, 0)] + whole):
            return True
        if self._client_url(whole, at):
            return False
        # A command line or a JSON object naming a host (restorecmd15) may hold a URL the client sent: its own.
        inner = [(s, e) for s, e, _ in url_spans(whole, relative=False) if s < at <= e]
        return not (inner and self._client_url(whole[inner[-1][0]:inner[-1][1]], at - inner[-1][0]))

    def restored_value(self, text: str, *, in_json: bool = False) -> str:
        """`text` (a finding an output operator rewrites whole) as the operator reads it: restored (`restore`), and a
        mailbox whole (`_MAILBOX`: `<PERSON_1>.<PERSON_2>@acme.com`, whose user `restore` keeps unless the client
        sent it, is `Jane.Smith@acme.com`: the same value, the same new placeholder, however the model wrote it)."""
        if _MAILBOX.fullmatch(json_unescape(text) if in_json else text):
            return self._restore_all(text, in_json)
        return self.restore(text, in_json=in_json)

    def _own_mailbox(self, text: str, a: int, b: int) -> bool:
        """`text[a:b]` (a kept span) is the `user@host` of a mailbox that, restored, is one the client sent
        (`proxy.guard.hosts.user_at`: `<PERSON_1>.<PERSON_2>@acme.com` for `Jane.Smith@acme.com`; restoreown15)."""
        box = mailbox(text, a, b) if b <= len(text) and PLACEHOLDER.match(text, a) else None
        return box is not None and self.is_original(self._restore_all(box, False))

    def note_urls(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        """Remember the URLs of a redacted request text (`text`, as the provider sees it) that hold one of the
        redactions at `spans`: the client sent them, so its values may go back into them (`restore`). Network
        URLs only: a relative one goes wherever a `<base>` in the answer says (atk12 A H1)."""
        if not spans:
            return
        for a, b in _network_urls(text):  # a relative one: a `<base>` may send it anywhere
            if MARK not in text[a:b] and any(s < b and a < e for s, e in spans) and len(self._urls) < _URLS_MAX:
                self._urls[text[a:b]] = None

    def _client_url(self, url: str, at: int) -> bool:
        """`url` (the model's, a placeholder ending at `at`) is a URL the client sent (`note_urls`) through the
        placeholder, with the same scheme and host whole (`proxy.guard.hosts.same_origin`: not `x.example` as the
        start of `x.example.collector.example` or `x.example@evil.example`; restoreown15)."""
        prefix = url[:at]
        url = prefix + url[at:].rstrip("\"'`>")  # (a bare URL runs on over a closing quote: `urls._BODY_BARE`)
        return bool(prefix) and any(sent.startswith(prefix) and same_origin(url, sent) for sent in self._urls)

    def restored_view(self, text: str) -> tuple[View, list[tuple[int, int]]]:
        """`text` as the client gets it: each of this request's placeholders and synthesized values replaced by
        its original (as `restore` does, unescaped), as a view whose `span` maps back to `text` (a span that
        reaches into a restored value takes its whole placeholder); and where each restored value lies in it."""
        edits: list[tuple[int, int, str]] = []
        for a, b, value in sorted(self._restorable(text)):
            if not edits or a >= edits[-1][1]:  # a fake inside a placeholder (or the reverse): the first
                edits.append((a, b, value))
        view = replaced(text, iter(edits))
        values: list[tuple[int, int]] = []
        shift = 0
        for a, b, value in edits:
            values.append((a + shift, a + shift + len(value)))
            shift += len(value) - (b - a)
        return view, values

    def _restorable(self, text: str, in_json: bool = False) -> Iterator[tuple[int, int, str]]:
        """(start, end, original) of each placeholder and synthesized value of `text`; `in_json`: placeholders
        written with JSON-escaped `<` / `>` too (`ESCAPED_PLACEHOLDER`)."""
        pattern = self._fakes_re()
        if pattern is not None:
            for m in pattern.finditer(text):
                yield m.start(), m.end(), self._fakes[m.group(0)]
        if in_json and self._by_placeholder and "\\u003" in text:
            for m in ESCAPED_PLACEHOLDER.finditer(text):
                value = self._by_placeholder.get(f"<{m.group(1)}>")
                if value is not None:
                    yield m.start(), m.end(), value
        elif self._by_placeholder and "<" in text:
            for m in PLACEHOLDER.finditer(text):
                value = self._by_placeholder.get(m.group(0))
                if value is not None:
                    yield m.start(), m.end(), value
        if self._by_placeholder and _other_escapes(text, in_json):
            for m in OTHER_ESCAPED_PLACEHOLDER.finditer(text):
                value = self._by_placeholder.get(f"<{m.group('name')}>")
                if value is not None and (m.group("html") or (not in_json and _in_string(text, m.start(), m.end()))):
                    yield m.start(), m.end(), _html_escaped(value, m) if m.group("html") else json_escape(value)


_MAILBOX = re.compile(r"[^\s@/:<>\\]*(?:<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>[^\s@/:<>\\]*)+@[\w.-]+")


def restored_views(texts: Sequence[str], vault: Vault) -> list[tuple[int, View, list[tuple[int, int]]]]:
    """(index, restored view, where its restored values lie) of each of `texts` that restore changes
    (`Vault.restored_view`): what output `pii` and `secrets` rules read for values composed around restored ones."""
    out: list[tuple[int, View, list[tuple[int, int]]]] = []
    for i, text in enumerate(texts):
        view, own = vault.restored_view(text)
        if own:
            out.append((i, view, own))
    return out


def crosses_restored(text: str, own: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the span [start, end) of a restored view's `text` (`Vault.restored_view`; `own`: where its restored
    values lie) reaches into a restored value and past its edge to a letter or digit the model wrote: a value
    composed of a restored value and the model's own characters (`Jane.Smith@acme.com` read from
    `<PERSON_1>.<PERSON_2>@acme.com`, `617-555-0143` from `617-<PHONE_NUMBER_1>`). Not one entirely inside one
    restored value (the client's own), nor restored values with only separators between them (the pieces of a
    value the client split across texts, each redacted, given back as sent: `<CREDIT_CARD_1> <CREDIT_CARD_2>`), nor
    the model's words kept from the restored value by whitespace (`Call <PHONE_NUMBER_1> 24/7.`: `_composes`)."""
    touches = False
    for a, b in own:
        if a <= start and end <= b:
            return False
        touches = touches or (start < b and a < end)
    if not touches:
        return False
    pos, prev = start, None
    for a, b in own:
        if b <= start or a >= end:
            continue
        if _composes(_shown(text[pos:max(pos, a)]), before=text[a:b], after=prev):
            return True
        pos, prev = max(pos, b), text[a:b]
    return _composes(_shown(text[pos:end]), before=None, after=prev)


# The model's characters between restored values as the client reads them (atk11 A M3): as they render, without
# HTML comments and the tags that show nothing (`Jane<!-- -->@acme.com`, `617<!-- -->-555-0143`, `(617)<b></b>
# 555-0143`, `617<span></span>-555-0143`: the input side's second reading, `uncommented`), a tag that breaks the line
# or the block (`<br>`, `<p>`, `<td>`, `<li>`...) as a line break (`<PHONE_NUMBER_1><br>617 is the area` is two
# lines), and with a spelled address's `at` / `dot` folded next to a restored value (`Jane at acme dot com`, `Jane @
# acme.com`: `spelled_addresses`). Only the gap is read so: whether a value crosses is the analyser's, on the same
# readings. `617<!-- --><PHONE_NUMBER_1>` renders `617555-0143`, read as `617<PHONE_NUMBER_1>` is (restore14).
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_TAG = re.compile(r"(?i)</?(?:address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|fieldset|figure|"
                        r"footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|"
                        r"thead|tr|ul)(?=[\s/>])[^<>]*>")
_INLINE_TAG = re.compile(rf"<(?!{PLACEHOLDER.pattern[1:]})/?[A-Za-z][\w:-]*(?:[\s/][^<>]*)?>")
_AT_AFTER = re.compile(r"(?i)\A[ \t]+(?:at|@)[ \t]+(?=[a-z0-9])")
_DOT_BEFORE = re.compile(r"(?i)(?<=[a-z0-9])[ \t]+dot[ \t]+\Z")


# A subscript or superscript renders apart from the text it follows (a footnote mark, a chemical index:
# `<PHONE_NUMBER_1><sub>2</sub>`, `<PERSON_1><sup>1</sup>`): its tags read as a space (restorecmd15); an `@` after
# one still goes on with the value (`<PERSON_1><sup>@acme.com</sup>`: `_composes`).
_MARK_TAG = re.compile(r"(?i)</?su[bp](?:\s[^<>]*)?>")


# A Markdown link between its text and its `mailto:`/`tel:` target shows nothing (`[<EMAIL_ADDRESS_1>](mailto:
# <EMAIL_ADDRESS_1>)`: the client's address twice, no value composed; atk19 M4).
_LINK_GAP = re.compile(r"\A\]\((?:mailto:|tel:)?\Z")


def _shown(gap: str) -> str:
    if "](" in gap and _LINK_GAP.match(gap) is not None:
        return " "
    if "<" in gap:
        gap = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", _MARK_TAG.sub(" ", _COMMENT.sub("", gap))))
    return _DOT_BEFORE.sub(".", _AT_AFTER.sub("@", gap))


def _composes(gap: str, *, before: str | None, after: str | None) -> bool:
    """Whether the model's characters `gap`, written `after` a restored value and/or `before` one, hold a letter or
    digit that goes on with it into one value: glued to it (`617-` + `555-0143`, `.` + `acme.com`), an address
    going on across a line break (`<PERSON_1>` + `\n@acme.com`), or an area code (2-3 digits, or 2-4 in
    brackets) before a restored local number of 7-8 digits, across any whitespace (`617\n\n` or `(617) ` +
    `555-0143`). Not the model's next or previous word kept from it by whitespace (`Call <PHONE_NUMBER_1> 24/7.`,
    `In 2024 <PHONE_NUMBER_1>`, `Top 3 <PHONE_NUMBER_1>`, `tax year 2024 <US_SSN_1>`: atk10 A M4, each became a new
    placeholder the client cannot resolve)."""
    if not any(ch.isalnum() for ch in gap):
        return False
    parts = gap.split()
    if before is not None and _STRING_PREFIX.search(gap) is not None:
        before = None  # (a string's prefix and quote: `b'` + `jane@acme.com`, code's bytes of the value; atk19 L2)
        if after is None:
            return False
    if before is not None:
        if not gap[-1:].isspace() and any(ch.isalnum() for ch in parts[-1]):
            return True
        if _GROUP.fullmatch(parts[-1]) and sum(ch.isdigit() for ch in before) in (7, 8):
            return True  # an area code before a local number (`(617) 555-0143`); not a year before an SSN
    if after is not None:
        if not gap[:1].isspace() and any(ch.isalnum() for ch in parts[0]):
            return True
        if parts[0][:1] == "@" and len(parts[0]) > 1:
            return True
    return False


_GROUP = re.compile(r"\+?\d{2,3}|\(\+?\d{2,4}\)")
# A string literal's prefix and opening quote before a value (Python `b'`, `r'`, `f'`, `u'`, `rb'`, `fr"`...): no part
# of it, the value quoted.
_STRING_PREFIX = re.compile(r"(?i)(?<![\w'\"])(?:[bfru]|[bf]r|r[bf])['\"]\Z")


def json_string_at(text: str, at: int, value: str, before: Before = "") -> bool:
    """Whether a `value` that JSON escapes (`"`, `\\`, a control character) is restored at `at` of a text that is
    a JSON document, inside a string member or item (`{"customer":"<EMAIL_ADDRESS_1>"}`: an answer to
    `response_format` json; rst41: atk41 F05): escaped as in a tool call's arguments, so the answer still parses."""
    if not _JSON_SPECIAL.search(value):
        return False
    line = text[text.rfind("\n", 0, at) + 1:at]
    if "\n" not in text[:at] and isinstance(before, str) and before:
        line = before[before.rfind("\n") + 1:][-_JSON_LINE:] + line
    return _JSON_STRING_BEFORE.search(line[-_JSON_LINE:]) is not None


_JSON_SPECIAL = re.compile(r'["\\\x00-\x1f]')
_JSON_LINE = 512
# What goes before a placeholder inside a JSON string value or array item: a `"key":` or `[`/`,`, then the string's
# opening quote and its text so far (no unescaped quote).
_JSON_STRING_BEFORE = re.compile(r'(?:"[ \t]*[:,]|\[)[ \t]*"(?:[^"\\\n]|\\.)*\Z')


def _escaped(value: str, in_json: bool) -> str:
    return json_escape(value) if in_json else value


def _other_escapes(text: str, in_json: bool) -> bool:
    """Whether `text` may hold a placeholder written escaped (`OTHER_ESCAPED_PLACEHOLDER`): a cheap test."""
    return "&lt;" in text or "&#" in text or "&LT;" in text or "&amp;" in text or (not in_json and "\\u003" in text)


def _in_string(text: str, at: int, end: int) -> bool:
    """Whether text[at:end] is quoted or lies inside a JSON string of its line (an odd number of unescaped `"` before
    it there): a JSON document in a text, `{"name":"\\u003cPERSON_1\\u003e"}` (not `literally \\u003c...`)."""
    if text[at - 1:at] == '"' or text[end:end + 1] == '"':
        return True
    line = text[text.rfind("\n", 0, at) + 1:at]
    return (line.count('"') - line.count('\\"')) % 2 == 1


def _html_escape(value: str) -> str:
    """`value` as HTML source writes it (`&`, `<`, `>`, `"`; an apostrophe as it is: `O'Brien`)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def _html_escaped(value: str, m: re.Match[str]) -> str:
    """`value` HTML-escaped as often as the placeholder of `m` (`OTHER_ESCAPED_PLACEHOLDER`) was (once, or twice)."""
    once = _html_escape(value)
    return _html_escape(once) if m.group("amp") else once


def placeholder_prefix_at(text: str, vault: Vault) -> int:
    """Index where a trailing possible placeholder prefix starts (`len(text)` if there is none).

    A prefix is kept back only if it can still become one of this vault's placeholders, so text
    like "a < b" is released at once.
    """
    held = len(text)
    start = text.rfind("<")
    if start >= 0 and ">" not in text[start:]:
        tail = text[start:]
        if any(p.startswith(tail) for p in vault._by_placeholder):
            held = start
    if vault._by_placeholder and "\\" in text[-_ESCAPED_REACH:]:
        held = min(held, _escaped_prefix_at(text, vault))
    if vault._by_placeholder and "&" in text[-_ESCAPED_REACH:]:
        held = min(held, _html_prefix_at(text, vault))
    # A whole placeholder at the end, or followed by what may still become a hostname (`<EMAIL_ADDRESS_1>.collec`):
    # held until what follows shows whether it is part of one (`proxy.guard.urls`: a lookup sends it there).
    if vault._by_placeholder and text[-1:] not in " \n\t":
        host = _HOST_TAIL.search(text, max(0, len(text) - _HOST_REACH - 8))
        if host is not None and f"<{host.group(1)}>" in vault._by_placeholder:
            held = min(held, host.start())
    # A synthesized value: hold a tail that is the start of one, or all of one (the next fragment may
    # still extend it into another word, which is then not the fake). Only from a word's start.
    for fake in vault._fakes:
        for k in range(min(len(fake), len(text)), 0, -1):
            at = len(text) - k
            if at < held and text.endswith(fake[:k]) and (at == 0 or not _word_char(text[at - 1])):
                held = at
                break
    return held


_ESCAPED_REACH = 128  # the longest placeholder with escaped `<` and `>` and its tag (`_escaped_prefix_at`)
_HOST_REACH = 320  # a placeholder and the hostname labels after it that a stream holds (`placeholder_prefix_at`)
# (what may still make it a label or a user, `proxy.guard.hosts`: `\\.`, `&#46;`, `。`, `@`; a shell's quote right after
# it, `"<PHONE_NUMBER_1>".collector.example`, or a JSON-escaped one; a JSON string's closing quote ends it)
_HOST_TAIL = re.compile(r"(?:<|\\u003[cC])([A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?)(?:>['\"]?|\\u003[eE])"
                        r"(?:\\[\"']|[^\s<\"']|<[A-Za-z0-9_]*+>?)*+\Z")  # (a placeholder after it: a label too)
_OPEN_ESCAPED = "\\u003c"


def _escaped_prefix_at(text: str, vault: Vault) -> int:
    """Where a trailing start of a placeholder written with JSON-escaped `<` / `>` (`\\u003cEMAIL_ADD`, `\\u00`,
    `<EMAIL_ADDRESS_1\\u00`) begins (`len(text)` if none): held as `<EMAIL_ADD` is."""
    n = held = len(text)
    for k in range(min(len(_OPEN_ESCAPED) - 1, n), 0, -1):  # an opening escape cut: `\`, `\u`... `\u003`
        if text[n - k:].lower() == _OPEN_ESCAPED[:k]:
            held = n - k
            break
    low = text[-_ESCAPED_REACH:].lower()
    at = max(low.rfind(_OPEN_ESCAPED), low.rfind("<"))
    if at < 0:
        return held
    start = n - len(low) + at
    tail = text[start + (6 if text[start] == "\\" else 1):]
    cut = tail.find("\\")
    name, rest = (tail, "") if cut < 0 else (tail[:cut], tail[cut:])
    if rest and (len(rest) >= 6 or not "\\u003e".startswith(rest.lower())):
        return held  # a `\u003e` written whole (restored) or another escape: no placeholder to wait for
    if rest:
        waits = f"<{name}>" in vault._by_placeholder
    else:
        waits = ">" not in tail and any(p[1:].startswith(name) for p in vault._by_placeholder)
    return start if waits else held


def _html_prefix_at(text: str, vault: Vault) -> int:
    """Where a trailing start of a placeholder written HTML-escaped (`&lt;PERS`, `&l`, `&lt;PERSON_1&g`) begins
    (`len(text)` if none): held as `<PERS` is (atk38 F11); escaped twice from its `&amp;l` (`&amp;lt;PERS`: enc40; a
    bare `&amp;` is held by no placeholder)."""
    tail = text[-_ESCAPED_REACH:]
    n = len(text) - len(tail)
    for at in sorted({tail.rfind("&lt;"), tail.rfind("&amp;lt;"), tail.rfind("&")}):
        begun = tail[at:]
        if at >= 0 and any(len(begun) < len(p) + 6 and f"&lt;{p[1:-1]}&gt;".startswith(begun)
                           or 5 < len(begun) < len(p) + 14 and f"&amp;lt;{p[1:-1]}&amp;gt;".startswith(begun)
                           for p in vault._by_placeholder):
            return n + at
    return len(text)


def _word_char(c: str) -> bool:
    """What the regex `\\w` matches (the fake-value boundary `restore` uses)."""
    return c.isalnum() or c == "_"
