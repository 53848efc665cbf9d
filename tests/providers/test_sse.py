"""SSE splitting must give back the exact events whatever the chunk boundaries."""

from __future__ import annotations

import random

import pytest

from proxy.providers.sse import SSEEvent, SSESplitter, encode_event

STREAM = (
    b"event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
    b": a comment line\n\n"
    b"data: {\"a\": 1}\n\n"
    b"event: multi\ndata: line one\ndata: line two\n\n"
    b"data: [DONE]\n\n"
)


def _split_randomly(data: bytes, rng: random.Random) -> list[bytes]:
    cuts = sorted(rng.sample(range(1, len(data)), k=min(len(data) - 1, rng.randint(1, 20))))
    return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]


@pytest.mark.parametrize("seed", range(50))
def test_any_chunking_gives_the_same_events(seed: int) -> None:
    rng = random.Random(seed)
    splitter = SSESplitter()
    events: list[SSEEvent] = []
    for chunk in _split_randomly(STREAM, rng):
        events.extend(splitter.feed(chunk))
    assert splitter.close() is None
    assert b"".join(e.raw for e in events) == STREAM
    assert [e.event for e in events] == ["message_start", None, None, "multi", None]
    assert events[0].json() == {"type": "message_start"}
    assert events[1].data is None
    assert events[2].json() == {"a": 1}
    assert events[3].data == "line one\nline two"
    assert events[4].is_done and events[4].json() is None


def test_crlf_events_and_unterminated_tail() -> None:
    splitter = SSESplitter()
    events = list(splitter.feed(b"data: {\"x\": 1}\r\n\r\ndata: {\"y\": 2}\r\n\r\ndata: tail"))
    assert [e.json() for e in events] == [{"x": 1}, {"y": 2}]
    tail = splitter.close()
    assert tail is not None and tail.data == "tail"


def test_encode_event_round_trips() -> None:
    raw = encode_event({"type": "ping", "text": "héllo"}, event="ping")
    assert raw == 'event: ping\ndata: {"type":"ping","text":"héllo"}\n\n'.encode()
    (ev,) = list(SSESplitter().feed(raw))
    assert ev.event == "ping" and ev.json() == {"type": "ping", "text": "héllo"}


@pytest.mark.parametrize("seed", range(30))
def test_crlf_stream_any_chunking(seed: int) -> None:
    data = STREAM.replace(b"\n", b"\r\n")
    splitter = SSESplitter()
    events: list[SSEEvent] = []
    for chunk in _split_randomly(data, random.Random(seed)):
        events.extend(splitter.feed(chunk))
    assert b"".join(e.raw for e in events) == data
    assert [e.event for e in events] == ["message_start", None, None, "multi", None]
    assert events[3].data == "line one\nline two"


_EVENT_PARTS = [b"data: {\"a\": 1}", b"event: x\ndata: y", b": comment", b"data: {\"usage\": {\"n\": 2}}",
                b"data: [DONE]", b"data: \xe2\x82\xac", b""]
_ENDS = [b"\n\n", b"\r\n\r\n", b"\r\r", b"\n\n\n"]


@pytest.mark.parametrize("seed", range(300))
def test_feed_whole_hands_back_whole_events_only(seed: int) -> None:
    """The relay's fast path (`feed_whole`): whatever the chunks, the bytes come back unchanged and in
    order, each piece ends with an event (no event is cut in two), and the events read from the
    pieces are the events of the stream."""
    rng = random.Random(seed)
    stream = b"".join(rng.choice(_EVENT_PARTS) + rng.choice(_ENDS) for _ in range(rng.randint(1, 12)))
    stream += rng.choice([b"", b"data: unterminated"])
    chunks = _split_randomly(stream, rng) if len(stream) > 1 else [stream]
    fast = SSESplitter()
    pieces = [fast.feed_whole(chunk) for chunk in chunks]
    assert b"".join(pieces) + fast._buf == stream
    rest = fast.close()

    def fields(events: list[SSEEvent]) -> list[tuple[str | None, str | None]]:
        return [(ev.event, ev.data) for ev in events if ev.event is not None or ev.data is not None]

    from_pieces: list[SSEEvent] = []
    for piece in pieces:
        splitter = SSESplitter()
        from_pieces += splitter.feed(piece)
        assert splitter.close() is None, "a piece ends with a whole event"
    reference = SSESplitter()
    expected = list(reference.feed(stream))
    tail = reference.close()
    assert fields(from_pieces) == fields(expected)
    assert (rest.data if rest else None) == (tail.data if tail else None)
