"""html44 (atk43 F03, F04, F12, F17): what a renderer shows where the text spells otherwise. HTML a browser never
shows beyond `hidden`/`display:none` (`<rp>`, `<dialog>` not open, `<datalist>`, `<title>`, media and canvas
fallback, `font-size:0`, `opacity:0`, a class a `<style>` rule hides, `display:&#110;one`, `display:/**/none`,
off-screen, zero width), LaTeX spacing commands and `\\[..\\]` display math, emoji shortcodes spelling digits and
letters, and left-to-right runs a right-to-left isolate shows in reverse order: a codename is found, a value
redacted, in requests and answers (whole and streamed). Look-alikes read as written; each new pass has a cheap
gate that texts without its trigger fail."""

from __future__ import annotations

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck
from proxy.guard.engine import Guard
from proxy.nlp.normalize import normalize, pattern_readings
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

CODENAME = CheckContext("input", InputRules.model_validate(
    {"patterns": [{"name": "codename", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}))
OUT_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}},
           output={"pii": {"action": "redact", "entities": OUT_ENTITIES, "min_score": 0.4}})
SC = "".join(f":regional_indicator_{c}:" if c.isalpha() else c for c in "project falcon")

CODENAMES = [
    "Status: project fal<rp>z</rp>con is on track.",
    "Status: project fal<dialog>z</dialog>con is on track.",
    "Status: project fal<canvas>z</canvas>con is on track.",
    "Status: project fal<audio>z</audio>con is on track.",
    "Status: project fal<datalist>z</datalist>con is on track.",
    "Status: project fal<title>z</title>con is on track.",
    'Status: project fal<span style="font-size:0">z</span>con is on track.',
    'Status: project fal<span style="opacity:0">z</span>con is on track.',
    '<style>.h{display:none}</style>Status: project fal<span class="h">z</span>con is on track.',
    'Status: project fal<span style="display:&#110;one">z</span>con is on track.',
    'Status: project fal<span style="display:/**/none">z</span>con is on track.',
    'Status: project fal<span style="dis\\play:none">z</span>con is on track.',
    'Status: project fal<span style="clip-path:inset(100%)">z</span>con.',
    'Status: project fal<span style="width:0;overflow:hidden;display:inline-block">z</span>con.',
    "Status: $\\text{project}\\enspace\\text{falcon}$ is on track.",
    "Status: $\\text{project}\\thinspace\\text{falcon}$ is on track.",
    "Status: \\[\\text{project}\\ \\text{falcon}\\]",
    'Status: $\\text{project }\\char"66\\text{alcon}$',
    "Status: $\\text{project fal}\\phantom{}\\text{con}$",
    f"Status: {SC} is on track.",
    "Status: \u2067falcon\u200f project\u2069 is on track.",
    "Status: \u202bfalcon\u200f project\u202c is on track.",
]


@pytest.mark.parametrize("text", CODENAMES)
def test_a_codename_shown_by_a_renderer_is_found(text: str) -> None:
    assert [f.kind for f in PatternCheck.find(text, CODENAME)] == ["codename"]


VALUES = [
    ("Card 4111 1111 1111 <rp>9</rp>1111 on file.", "4111"),
    ("Card 4111 1111 1111 <dialog>9</dialog>1111 on file.", "4111"),
    ("Mail jane.doe@exam<rp> x </rp>ple.com today.", "jane.doe"),
    ('Card 4111 1111 1111 <span style="position:absolute;left:-9999px">9</span>1111 on file.', "4111"),
    ("Pay with $4111\\enspace1111\\enspace1111\\enspace1111$ today.", "4111"),
    ("Card \\[4111\\hspace{1em}1111\\hspace{1em}1111\\hspace{1em}1111\\]", "4111"),
    ("Mail $\\text{jane.doe}\\hspace{0pt}@\\hspace{0pt}\\text{example.com}$ today.", "jane.doe"),
    ("Call :six::one::seven:-:five::five::five:-:zero::one::four::three: today.", ":six:"),
    ("Card \u20671111\u200f 1111\u200f 1111\u200f 4111\u2069 on file.", "4111"),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


@pytest.mark.parametrize(("text", "needle"), VALUES)
async def test_a_value_shown_by_a_renderer_is_redacted_in_answers(guard: Guard, text: str, needle: str) -> None:
    verdict = await guard.output(P, [text])
    whole = verdict.texts[0] if verdict.texts[0] is not None else text
    assert needle not in whole and "_1>" in whole, whole
    for size in (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert needle not in streamed and "_1>" in streamed, (size, streamed)


@pytest.mark.parametrize(("text", "needle"), [VALUES[0], VALUES[4], VALUES[8],
                                              ("Mail jane.doe@exam<dialog> x </dialog>ple.com please.", "jane.doe")])
async def test_a_value_shown_by_a_renderer_is_redacted_in_requests(guard: Guard, text: str, needle: str) -> None:
    sent = await sent_chat(guard, P, text)
    assert needle not in sent and "_1>" in sent, sent


LOOK_ALIKES = [
    '<video controls><source src="clip.mp4">Your browser does not support video.</video>',
    "<dialog open>Discard the draft?</dialog>",
    '<span style="font-size:14px">Total: 17 items</span>',
    '<div style="opacity:0.4">Saving</div>',
    '<style>.btn{display:inline-block;color:red}</style><a class="btn">Next</a>',
    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> reads kan.",
    "Indent with $\\hspace{2em}$ in LaTeX.",
    "\\[ a^2 + b^2 = c^2 \\]",
    "$u\\enspace v\\thinspace w$ shows spacing.",
    "The regex \\[xyz\\] matches the text [xyz].",
    "Great release :rocket: :tada:",
    "Voted :four: times :star:",
    "At 09:15:00, ratio 2:3:5.",
    ":one: install, :two: configure, :three: run.",
    "\u2067\u05e9\u05dc\u05d5\u05dd\u200f \u05e2\u05d5\u05dc\u05dd\u2069 is Hebrew.",
    "\u2067xyz\u2069 is an isolate without marks.",
    '<input type="hidden" name="token" value="q9z8">',
    '<span style="left:-12px;position:relative">x</span> nudged.',
    '<canvas id="chart">Charts need a newer browser.</canvas>',
    "<title>Dashboard</title><p>Welcome back</p>",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_are_relayed_as_written(guard: Guard, text: str) -> None:
    assert not PatternCheck.find(text, CODENAME)
    verdict = await guard.output(P, [text])
    assert verdict.texts[0] is None or verdict.texts[0] == text
    assert await streamed_out(guard, P, text, 3) == text


def test_shortcodes_read_as_digits_and_letters() -> None:
    assert normalize("Call :six::one::seven:-:five::five::five:-:zero::one::four::three:").text == "Call 617-555-0143"
    assert "project falcon" in pattern_readings(SC)[0].text
    assert normalize("only :six: here").text == "only :six: here"  # (one alone reads as written)


@pytest.mark.parametrize("text", ["plain text with no markup at all", "a < b and c > d", "ratio 1:2 at 10:30",
                                  "path C:\\temp\\x", "hello world"])
def test_the_gates_fail_fast_without_a_trigger(text: str) -> None:
    from proxy.nlp import html44

    assert not html44.hidden_hint(text) and not html44.latex44_hint(text)
    assert not html44.shortcodes_hint(text) and not html44.rtl_hint(text) and not html44.rendered44(text)


def test_a_stream_window_does_not_cut_a_run_of_shortcodes() -> None:
    from proxy.nlp import html44

    text = "Call :six::one::seven:-:five:"
    assert html44.shortcode_open(text, len(text)) and html44.shortcode_open(text, len("Call :six::one:"))
    assert not html44.shortcode_open("Call now.", 9)
