"""atk14 B H2: links whose target stands between the displayed words (`617-[555](https://x.example/a)-0143`,
`[Project](https://a.example) [Osprey](https://b.example)`, reference links, Slack `<url|text>`, Jira `[text|url]`,
MediaWiki `[url text]` and `[[text]]`, Org `[[url][text]]`, AsciiDoc `url[text]`, reST `` `text <url>`_ ``) display
the value or the codename whole, as any renderer shows them. The second reading reads each link as its text: answers
whole and streamed in small chunks (a window never ends inside an open link) on the Chat Completions and the Messages
APIs, and requests; a redaction takes the link syntax with the value, and Markdown documentation full of links goes
through unchanged."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, received
from tests.support.keyed import KEYED_POLICY

# The value as written (no part of it a value the first reading finds) and the placeholder it becomes.
VALUES: dict[str, tuple[str, str]] = {
    "markdown phone": ("617-[555](https://docs.example/p)-0143", "<PHONE_NUMBER_1>"),
    "markdown phone, each group": ("[617](tel:a)-[555](tel:b)-[0143](tel:c)", "<PHONE_NUMBER_1>"),
    "markdown address domain": ("jane.doe@[acme](https://acme.example/).io", "<EMAIL_ADDRESS_1>"),
    "markdown address mailbox": ("[jane.doe](https://x.example/u)@acme.io", "<EMAIL_ADDRESS_1>"),
    "markdown ssn": ("SSN 372-[84](#s)-1956", "SSN <US_SSN_1>"),
    "markdown card": ("5500 [0000](https://x.example/c) 0000 0004", "<CREDIT_CARD_1>"),
    "markdown title": ('617-[555](https://x.example/a "t")-0143', "<PHONE_NUMBER_1>"),
    "slack": ("617-<https://x.example/a|555>-0143", "<PHONE_NUMBER_1>"),
    "jira": ("617-[555|https://x.example/a]-0143", "<PHONE_NUMBER_1>"),
    "mediawiki": ("617-[https://x.example/a 555]-0143", "<PHONE_NUMBER_1>"),
    "mediawiki internal": ("617-[[555]]-0143", "<PHONE_NUMBER_1>"),
    "org": ("617-[[https://x.example/a][555]]-0143", "<PHONE_NUMBER_1>"),
    "asciidoc": ("617-https://x.example/a[555]-0143", "<PHONE_NUMBER_1>"),
    "rest": ("617-`555 <https://x.example/a>`_-0143", "<PHONE_NUMBER_1>"),
}
CODENAMES = {
    "markdown": "[Project](https://a.example/p) [Osprey](https://b.example/o)",
    "markdown pieces": "[Pro](#a)[ject](#b) [Os](#c)[prey](#d)",
    "reference": "[Project][1] [Osprey][2]",
    "slack": "<https://a.example|Project> <https://b.example|Osprey>",
    "jira": "[Project|https://a.example] [Osprey|https://b.example]",
    "mediawiki": "[https://a.example Project] [https://b.example Osprey]",
    "org": "[[https://a.example][Project]] [[https://b.example][Osprey]]",
    "asciidoc": "https://a.example[Project] https://b.example[Osprey]",
    "rest": "`Project <https://a.example>`_ `Osprey <https://b.example>`_",
}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": KEYED_POLICY})


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(VALUES))
def test_a_value_shown_whole_across_a_link_is_redacted(mock: Mock, guarded: Proxy, case: str, api: str,
                                                       stream: bool) -> None:
    value, placeholder = VALUES[case]
    mock.script(text=f"Sure. Reach {value} now. Bye.", chunk_chars=3)
    text, _ = answer_of(guarded, api, stream)
    assert text == f"Sure. Reach {placeholder} now. Bye.", repr(text)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CODENAMES))
def test_a_codename_shown_whole_across_links_is_blocked(mock: Mock, guarded: Proxy, case: str, api: str,
                                                        stream: bool) -> None:
    mock.script(text=f"All good so far. The plan: {CODENAMES[case]} is ready. More later.", chunk_chars=7)
    text, end = answer_of(guarded, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "Osprey" not in text and "ready" not in text, text


# Markdown documentation and chat answers full of links, none displaying a value or a codename.
HARMLESS = [
    "See [the install guide](https://docs.example.com/install) and [FAQ][faq]; release [2.4.1](https://x.example/r/241)"
    " fixed [#4411](https://github.com/o/r/issues/4411).\n\n[faq]: https://docs.example.com/faq",
    "Steps: 1. open [Settings](#settings) 2. pick [Network](#net) 3. set port [8080](#port) and retry [3](#r) times.",
    "Ask in <https://team.slack.com/archives/C1|#builds> or <@U024BE7LH|oncall>; the runbook is "
    "[Runbook|https://wiki.example/rb] and [[Release Process]] on the wiki, build [[2024-03-05]].",
    "Refs: `Sphinx <https://www.sphinx-doc.org>`_, https://asciidoc.org[AsciiDoc] and [[https://orgmode.org][Org]]; "
    "numbers: [12](#a) [34](#b) [56](#c).",
    # (ranges and years read as shown by the rules that keep them from being values: `[300-9999.](x)` is a range)
    "Valid values are [300-9999.](https://docs.example.com/limits); output by year: [2008](/wiki/Y2008) "
    "[800](https://docs.example.com/c) cases, [[2009]] [[302]] cases.",
]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("said", HARMLESS)
def test_documentation_full_of_links_goes_through_unchanged(mock: Mock, guarded: Proxy, said: str, api: str,
                                                            stream: bool) -> None:
    mock.script(text=said, chunk_chars=4)
    assert SEND[api](guarded, "hi", stream) == said


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(VALUES))
def test_input_across_a_link_is_redacted_and_restored_as_sent(mock: Mock, guarded: Proxy, case: str,
                                                              api: str) -> None:
    value, placeholder = VALUES[case]
    prompt = f"Mail {value} the report."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"  # restored as sent, the link with it
    sent = received(mock)
    assert placeholder in sent and "0143" not in sent and "jane" not in sent and "1956" not in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CODENAMES))
def test_input_with_a_codename_across_links_is_refused(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of {CODENAMES[case]} please")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []
