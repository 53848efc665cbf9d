"""A value or a codename cut apart inside an inline LaTeX math span or an element shown right to left that opened
more than 256 characters back, through the official SDKs (stream14, issue 12 stream joins).

The view reads such a span whole up to 400 characters inside; the stream waited for its end only while it had opened
`OPEN_HOLD` (256) characters back at most, so a span padded past that (`$\\text{` + 300 characters of words +
`jane.doe}` then `@\\text{example.com}$`) was cut at a word, each window read alone: the value went out raw, the
codename unblocked, though the whole answer redacts or blocks it. Now a window waits as far back as the view reads
such a span (`RENDERED_HOLD`), and at the cap it ends before the span (text before it goes out). Other words and
values than tests/e2e/test_stream_open_runs.py's.
"""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_stream_open_runs import PII_ONLY, chat, chat_whole, messages
from tests.support.clients import OUTPUT_CODENAME_POLICIES

PAD = "lorem ipsum dolor " * 17  # 306 characters of words inside the span
LEAD = "The summary of the quarterly numbers follows in the formula below for the team "  # no sentence end
VALUES: dict[str, tuple[list[str], list[str], str]] = {
    "latex-email": (["Write to $\\text{" + PAD + "ops.desk}", "@\\text{northwind.io}$ please. "],
                    ["ops.desk", "northwind"], "_ADDRESS_1>"),
    "latex-paren-phone": (["Call \\(\\text{" + PAD + "212 555}", " \\text{0187}\\) today. "],
                          ["212 555", "0187"], "<PHONE_NUMBER_1>"),
    "bdo-email": (["<bdo dir=\"rtl\">" + PAD + " oi.dniwhtron@", "ksed.spo etirW</bdo> ok. "],
                  ["dniwhtron", "ksed.spo"], "_ADDRESS_1>"),
    "latex-email-at-the-cap": ([LEAD * 2 + "$\\text{" + PAD + "ops.desk}", "@\\text{northwind.io}$ please. "],
                               ["ops.desk", "northwind"], "_ADDRESS_1>"),
}
CODENAMES: dict[str, list[str]] = {
    "latex-codename": ["$\\text{" + PAD + "we launch project} \\text{osprey", " soon}$ ok. "],
    "bdo-codename": ["<bdo dir=\"rtl\">" + PAD + " yerpso ", "tcejorp hcnual ew</bdo> ok. "],
    "latex-codename-at-the-cap": [LEAD * 2 + "$\\text{" + PAD + "we launch project} \\text{osprey", " soon}$ ok. "],
}


@pytest.fixture(scope="module")
def values(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=PII_ONLY)


@pytest.fixture(scope="module")
def codenames(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


@pytest.mark.parametrize("case", list(VALUES))
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_value_in_a_long_span_is_read_whole(mock: Mock, values: Proxy, case: str, api: str) -> None:
    chunks, raws, token = VALUES[case]
    whole, _, whole_id = chat_whole(mock, values, "".join(chunks))
    assert not any(raw in whole for raw in raws), whole  # the whole answer reads the span: the stream must too
    assert values.record_for(whole_id)["decision"] == "redact"
    text, finish, request_id = (chat if api == "chat" else messages)(mock, values, chunks)
    for raw in raws:
        assert raw not in text, (raw, text)
    assert token in text, text
    assert values.record_for(request_id)["decision"] == "redact"
    assert finish == ("stop" if api == "chat" else "end_turn")
    if case.endswith("at-the-cap"):
        assert text.startswith(LEAD * 2), "the text before the span goes out as written"


@pytest.mark.parametrize("case", list(CODENAMES))
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_codename_in_a_long_span_blocks(mock: Mock, codenames: Proxy, case: str, api: str) -> None:
    chunks = CODENAMES[case]
    _, whole_finish, whole_id = chat_whole(mock, codenames, "".join(chunks))
    assert whole_finish == "content_filter" and codenames.record_for(whole_id)["decision"] == "block"
    text, finish, request_id = (chat if api == "chat" else messages)(mock, codenames, chunks)
    assert "osprey" not in text and "yerpso" not in text, text
    assert finish == ("content_filter" if api == "chat" else "refusal")
    assert codenames.record_for(request_id)["decision"] == "block"


def test_a_span_longer_than_the_view_reads_is_not_held(mock: Mock, values: Proxy) -> None:
    """Past 400 characters inside, the view reads no span (nor does the whole answer): the text goes out as written
    (a guard: the longer hold changes nothing there)."""
    long_pad = "lorem ipsum dolor " * 30  # 540 characters: no span the view reads
    chunks = ["Note: $\\text{" + long_pad, "more words here. ", "The end."]
    text, finish, _ = chat(mock, values, chunks)
    assert text == "".join(chunks) and finish == "stop"
