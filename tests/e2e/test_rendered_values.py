"""Issue 12 (atk8 A4, answer-side leftovers): a value that DISPLAYS whole while its characters are not. Inside it,
terminal (ANSI) escape sequences (`617-\\x1b[0m555-0143`, `jane.doe\\x1b[1m@\\x1b[0mexample.com`, an OSC 8 hyperlink),
an empty Markdown link or image (`jane.doe[](x)@example.com`, `617-555[]()-0143`), or the address written backwards
inside a right-to-left override (U+202E ... U+202C: `moc.elpmaxe@eod.enaj` displays `jane.doe@example.com`). The
text is read a second time as it is shown (`proxy.nlp.normalize.uncommented`), answers whole and streamed (small
chunks: the windows never end inside an open sequence) on the Chat Completions and the Messages APIs, and requests;
a redaction takes the sequence with the value, and ordinary coloured output and Arabic or Hebrew text with real bidi
marks go through unchanged."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, received
from tests.support.keyed import KEYED_POLICY

RLO, PDF = "\u202e", "\u202c"

# The value as written, the placeholder it becomes, and what follows it (a hyperlink's end is no part of the value).
VALUES: dict[str, tuple[str, ...]] = {
    "ansi address": ("jane.doe\x1b[1m@\x1b[0mexample.com", "<EMAIL_ADDRESS_1>"),
    "ansi phone": ("617-\x1b[0m555-0143", "<PHONE_NUMBER_1>"),
    "osc 8 link around a phone": ("617-555-\x1b]8;;https://x.example/a\x1b\\0143", "<PHONE_NUMBER_1>",
                                  "\x1b]8;;\x1b\\"),
    "empty link address": ("jane.doe[](x)@example.com", "<EMAIL_ADDRESS_1>"),
    "empty link phone": ("617-555[]()-0143", "<PHONE_NUMBER_1>"),
    "empty image address": ("jane![](x).doe@example.com", "<EMAIL_ADDRESS_1>"),
    "override address": (f"{RLO}moc.elpmaxe@eod.enaj{PDF}", "<EMAIL_ADDRESS_1>"),
}
CODENAMES = {
    "ansi": "Project Fal\x1b[31mcon",
    "empty link": "Project Fal[](x)con",
    "override": f"Project {RLO}noclaF{PDF}",  # displays `Project Falcon`: the override run is shown reversed
}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": KEYED_POLICY})


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(VALUES))
def test_a_value_shown_whole_is_redacted_with_what_hides_it(mock: Mock, guarded: Proxy, case: str, api: str,
                                                            stream: bool) -> None:
    value, placeholder, *rest = VALUES[case]
    after = "".join(rest)
    mock.script(text=f"Sure. Reach {value}{after} now. Bye.", chunk_chars=3)
    text, _ = answer_of(guarded, api, stream)
    assert text == f"Sure. Reach {placeholder}{after} now. Bye.", repr(text)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CODENAMES))
def test_a_codename_shown_whole_is_blocked(mock: Mock, guarded: Proxy, case: str, api: str, stream: bool) -> None:
    mock.script(text=f"All good so far. The plan: {CODENAMES[case]} is ready. More later.", chunk_chars=4)
    text, end = answer_of(guarded, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "Fal" not in text and "ready" not in text, text


# Ordinary text with what the second reading reads away: coloured test output, a hyperlink, a Markdown image with no
# alternative text, Arabic and Hebrew with real bidi marks (RLM, LRM, ALM, an isolate around a Latin name).
HARMLESS = [
    "\x1b[32mPASS\x1b[0m 17 tests in 3.2s; \x1b[1;31mFAIL\x1b[0m 0. See \x1b]8;;https://ci.example/run/42\x1b\\run 42"
    "\x1b]8;;\x1b\\ for the log, build 2.4.1 on 2024-03-05.",
    "The chart: ![](https://example.com/q3.png) shows 17% growth; [](#top) back to top, ticket 4411 closed.",
    "\u0627\u0644\u0633\u0639\u0631 \u200f150\u200f \u062f\u0648\u0644\u0627\u0631 \u061c\u0644\u0644\u0642\u0637\u0639"
    "\u0629 \u0631\u0642\u0645 \u20662024-17\u2069 \u0641\u064a \u0627\u0644\u0641\u0627\u062a\u0648\u0631\u0629.",
    "\u05d4\u05de\u05d7\u05d9\u05e8 \u200e150\u200e \u05e9\u05e7\u05dc \u05dc\u05d9\u05d7\u05d9\u05d3\u05d4, "
    "\u05d2\u05e8\u05e1\u05d4 \u20663.11\u2069 \u05e9\u05dc \u2067Python\u2069 \u05d1\u05e9\u05d9\u05de\u05d5\u05e9.",
]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("said", HARMLESS)
def test_ordinary_rendered_text_goes_through_unchanged(mock: Mock, guarded: Proxy, said: str, api: str,
                                                       stream: bool) -> None:
    mock.script(text=said, chunk_chars=4)
    assert SEND[api](guarded, "hi", stream) == said


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(VALUES))
def test_input_read_as_shown_is_redacted_and_restored_as_sent(mock: Mock, guarded: Proxy, case: str,
                                                              api: str) -> None:
    value, placeholder, *rest = VALUES[case]
    prompt = f"Mail {value}{''.join(rest)} the report."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"  # restored as sent, the sequence with it
    sent = received(mock)
    assert placeholder in sent and "jane" not in sent and "0143" not in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CODENAMES))
def test_input_with_a_codename_shown_whole_is_refused(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of {CODENAMES[case]} please")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []
