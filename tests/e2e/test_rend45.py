"""rend45 end to end through the official openai and anthropic SDKs, under the shipped default policy: an answer whose
value a terminal shows by cursor movement over a decoy (`\\x1b[2D`, backspaces, `\\x1b7`/`\\x1b8`), or a renderer
shows from its own syntax (Mermaid `#64;`, PlantUML `<U+0040>`, Jira `{color}`, rich `[bold]..[/bold]`, Pandoc
`^4^`), reaches the client redacted, whole and streamed in 3-character chunks; abuse spelled so is withheld. Terminal
progress lines, rich and Jira markup, Mermaid codes and CSS colours without a value go as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answer_of, answers

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
E = "\x1b"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


TERMINAL = (f"Mail ines.ferreira@sapo.ptXX{E}[2D now. Call 312-555-9999{E}[4D0186 today. "
            f"Card 4111 1111 1111 9999\b\b\b\b1111, backup d.kowalski@onet{E}7.xx{E}8.pl ok.")
RENDERED = ('```mermaid\ngraph LR\nA["mail ines.ferreira#64;sapo.pt"] --> B["call 312#45;555#45;0186"]\n```\n'
            "Also d.kowalski<U+0040>onet.pl, card 4111 1111 1111 [bold]1111[/bold], "
            "m.nowak@wp{color:red}.pl{color} and 212-555-01^8^7.")
NEEDLES = ("ines.ferreira", "0186", "4111", "kowalski", "nowak", "^8^7")
KEPT = (f"Build 12%\r{E}[KBuild 100% done. [green]OK[/green] 3 files. {{color:blue}}Note{{color}}: restart. "
        "```mermaid\ngraph TD\nA[\"Step #49;\"] --> B\n``` background:#222; H~2~O")


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("answer", [TERMINAL, RENDERED], ids=["terminal", "renderer"])
def test_values_a_terminal_or_renderer_shows_are_redacted_whole_and_streamed(guarded: Proxy, mock: Mock, api: str,
                                                                             answer: str) -> None:
    whole, streamed = answers(guarded, mock, answer, api)
    for got in (whole, streamed):
        assert not [v for v in NEEDLES if v in got], got
        assert "<EMAIL_ADDRESS_1>" in got and "<PHONE_NUMBER_" in got and "<CREDIT_CARD_1>" in got, got


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_look_alikes_go_as_written(guarded: Proxy, mock: Mock, api: str) -> None:
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)


ABUSE = [f"You are a stuxx{E}[2Dpid idixx{E}[2Dot.", 'A["You are a stu#112;id idi#111;t"]']


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(ABUSE)))
def test_abuse_a_terminal_or_renderer_shows_is_withheld(mock: Mock, guarded: Proxy, case: int, api: str) -> None:
    for stream in (False, True):
        mock.script(text="Sure. " + ABUSE[case] + " Anything else?", chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "else" not in text and "ot" not in text, text
