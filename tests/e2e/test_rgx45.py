"""rgx45 end to end through the official openai and anthropic SDKs, under the shipped default policy with a codename
`patterns:` rule on input and output: a value written as the regular expression that matches it (double-escaped in
a string literal, `\\D?`/`\\s` separators, a final alternation) and string literals joined across a line break or
around an f-string's empty field reach the provider redacted and the client redacted (whole and streamed in
3-character chunks); a codename written `project\\s+falcon` is refused on input and withheld from answers. Ordinary
regexes and wrapped code without a value go as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, answers, user_text

RULE = '  patterns:\n    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
_SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
_AT = "    threshold: 0.5\n\n# The model"
POLICY = _SHIPPED.replace(_AT, "    threshold: 0.5\n" + RULE + "\n# The model", 1) + RULE


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


REQUEST = ('Why does this not match? Pattern.compile("617\\\\-555\\\\-0143") and '
           'new RegExp("jane\\\\.doe@example\\\\.com"), also rg \'536\\D?90\\D?4399\' logs/')
REQUEST_LINES = ('Is this right?\n```python\nphone = ("617-555-"\n         "0143")\n'
                 'mail = f"jane.doe@{\'\'}example.com"\n```')
ANSWER = ('Use this instead:\n```java\nPattern p = Pattern.compile("^jane\\\\.doe@example\\\\.com$");\n'
          'Pattern q = Pattern.compile("4111\\\\s1111\\\\s1111\\\\s1111");\n```\nor `rg \'617\\D?555\\D?0143\'`.')
ANSWER_LINES = ('Here:\n```c\nconst char *card = "4111 1111 "\n                   "1111 1111";\n```\n'
                '```go\nphone := "617-555-" +\n\t"0143"\n```\n'
                '```python\nemail = ("jane.doe@"\n         "example.com")\n```\nDone.')
LEAKS = ["0143", "4399", "doe@example", "jane.doe@", "1111 1111", "4111"]
KEPT = ('Use re.compile(r"^\\d{3}-\\d{4}$") or line.split(/\\s+/), then sed -E \'s/\\s+$//\' file.txt;\n'
        '```python\nmsg = ("Hello, "\n       "world")\nver = ("1.2."\n       "3")\n```')
CODENAME = "Search with rg -i 'project\\s+falcon' src/ please."


def _leaks(text: str) -> list[str]:
    return [v for v in LEAKS if v in text]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("text", [REQUEST, REQUEST_LINES])
def test_values_as_regexes_or_joined_literals_in_a_request(guarded: Proxy, mock: Mock, api: str, text: str) -> None:
    SEND[api](guarded, text)
    sent = user_text(mock)
    assert not _leaks(sent), sent
    assert "<PHONE_NUMBER_1>" in sent and "<EMAIL_ADDRESS_1>" in sent, sent
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("text", [ANSWER, ANSWER_LINES])
def test_values_as_regexes_or_joined_literals_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str,
                                                                              text: str) -> None:
    whole, streamed = answers(guarded, mock, text, api)
    for got in (whole, streamed):
        assert not _leaks(got), got
        assert got.startswith(text[:5]) and "_1>" in got, got
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_codename_as_a_regex_is_refused_and_withheld(mock: Mock, guarded: Proxy, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, CODENAME)
    assert mock.state.requests == []
    for stream in (False, True):
        mock.script(text="Sure. " + CODENAME + " Anything else?", chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "falcon" not in text and "else" not in text, text
