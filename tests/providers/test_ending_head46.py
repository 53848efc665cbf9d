"""`sent_head`: the head of a stopped chat/completions stream's ending (atk45 F15)."""

from __future__ import annotations

from proxy.providers.base import CHAT, COMPLETIONS
from proxy.providers.endings import StreamMeta, sent_head
from proxy.providers.sse import encode_event


def _meta(**raw: object) -> StreamMeta:
    meta = StreamMeta()
    meta.observe(CHAT, {"id": "chatcmpl-617-555-0143", "model": "jane.doe@example.com", "created": 4111111111111111,
                        "object": "chat.completion.chunk", **raw})
    return meta


def test_the_last_chunk_sent_gives_the_head() -> None:
    meta = _meta()
    sent = {"id": "chatcmpl-PHONE_NUMBER_1", "object": "chat.completion.chunk", "created": "<CREDIT_CARD_1>",
            "model": "EMAIL_ADDRESS_1", "choices": []}
    meta.last_sent = encode_event({**sent, "id": "older"}) + encode_event(sent)
    assert sent_head(CHAT, meta) == {k: sent[k] for k in ("id", "object", "created", "model")}


def test_nothing_sent_blanks_what_could_hold_a_value() -> None:
    assert sent_head(CHAT, _meta()) == {"id": "", "object": "chat.completion.chunk", "created": 0, "model": ""}
    meta = StreamMeta()
    meta.observe(COMPLETIONS, {"id": "cmpl-123456789012", "model": "gpt-4o-mini-6175550143", "created": 6175550143})
    meta.asked_model = "gpt-4o-mini"
    assert sent_head(COMPLETIONS, meta) == {"id": "", "object": "text_completion", "created": 0, "model": ""}


def test_nothing_sent_keeps_a_clean_head() -> None:
    meta = StreamMeta()
    meta.observe(CHAT, {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "model": "gpt-4o-mini-2024-07-18",
                        "created": 1733234567, "object": "chat.completion.chunk"})
    meta.asked_model = "gpt-4o-mini"
    assert sent_head(CHAT, meta) == {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "created": 1733234567,
                                     "object": "chat.completion.chunk", "model": "gpt-4o-mini-2024-07-18"}
    meta.asked_model = "other-model"
    assert sent_head(CHAT, meta)["model"] == ""
