"""html44 end to end through the official openai and anthropic SDKs, under the shipped default policy with a codename
`patterns:` rule on input and output: a card, an e-mail or a phone number that a renderer shows through HTML a
browser never displays (`<rp>`, `<dialog>`, `font-size:0`, a `<style>` class), LaTeX spacing (`\\enspace`,
`\\hspace`, `\\[..\\]`), emoji shortcodes (`:six::one::seven:`) or a right-to-left isolate reaches the provider and
the client redacted (whole and streamed in 3-character chunks); a codename shown so is refused on input and
withheld from answers. Look-alikes go as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, answers, user_text

RULE = '  patterns:\n    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
_DEFAULT = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
POLICY = _DEFAULT.replace("    threshold: 0.5\n\n# The model", "    threshold: 0.5\n" + RULE + "\n# The model") + RULE


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


SC = "".join(f":regional_indicator_{c}:" if c.isalpha() else c for c in "project osprey")
REQUEST = ("Card 5500 0000 0000 <rp>9</rp>0004 and mail max.muster@beispiel<dialog> x </dialog>.de, "
           "also $4111\\enspace1111\\enspace1111\\enspace1111$.")
ANSWER = ("Card \\[5500\\hspace{1em}0000\\hspace{1em}0000\\hspace{1em}0004\\]. Call :four::one::five:-:five::five:"
          ":five:-:two::six::seven::one: or mail max.muster@exa<span style=\"font-size:0\"> q </span>mple.org. "
          "Card \u20670004\u200f 0000\u200f 0000\u200f 5500\u2069 too. Anything else?")
LEAKS = ["5500", "0004", "4111", "max.muster", ":four:", "2671"]
CODENAMES = ["Status: project os<rp>k</rp>prey?", "Status: $\\text{project}\\thinspace\\text{osprey}$?",
             "Status: \u2067osprey\u200f project\u2069?", f"Status: {SC}?",
             '<style>.q{display:none}</style>Status: project os<i class="q">k</i>prey?']
KEPT = ('<dialog open>Discard the draft?</dialog> <span style="font-size:14px">17 items</span> '
        "Voted :four: times :star: at 09:15:00. $u\\enspace v$ and \\[ a^2 + b^2 = c^2 \\] "
        "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>")


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_values_shown_by_a_renderer_in_a_request(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, REQUEST)
    sent = user_text(mock)
    assert not [v for v in ("0004", "max.muster", "4111") if v in sent], sent
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_values_shown_by_a_renderer_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, api)
    for got in (whole, streamed):
        assert not [v for v in LEAKS if v in got], got
        assert got.count("<CREDIT_CARD_") == 2 and "<PHONE_NUMBER_1>" in got and "<EMAIL_ADDRESS_1>" in got, got
        assert got.startswith("Card ") and got.endswith("Anything else?"), got
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(CODENAMES)))
def test_a_codename_shown_by_a_renderer_is_refused_and_withheld(mock: Mock, guarded: Proxy, case: int,
                                                                 api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, CODENAMES[case])
    assert mock.state.requests == []
    for stream in (False, True):
        mock.script(text="Sure. " + CODENAMES[case] + " Anything else?", chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "else" not in text and "prey" not in text and "regional" not in text, text
