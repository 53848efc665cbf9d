"""rend45 (atk43 F13, F14): what a terminal or a renderer other than a browser shows, where the text spells otherwise.
Terminal cursor movement (`\\x1b[6D`, backspaces, `ESC 7`/`ESC 8`, CSI `s`/`u`, a bare `\\r`, erase in line)
overwrites a decoy; Mermaid entity codes (`#64;`), Jira `{color}`, AsciiDoc `{empty}`, PlantUML `<U+0040>`, Streamlit
`:red[..]`, Python rich markup in pairs and highlight/insert/superscript marks glued on both sides render a value the
text spells otherwise: a codename is found, a value redacted, abuse refused (answers, whole and streamed). Look-alikes
read as written; the passes' gates fail fast on texts without their trigger."""

from __future__ import annotations

import pytest

from proxy.config.policy import InputRules, Policy
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck
from proxy.guard.engine import Guard
from proxy.nlp import rend45
from proxy.nlp.normalize import normalize, uncommented
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.toxicity import KeywordScorer
from tests.guard.conftest import TOX, policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, streamed_out

E = "\x1b"
CODENAME = CheckContext("input", InputRules.model_validate(
    {"patterns": [{"name": "codename", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}))
OUT_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}},
           output={"pii": {"action": "redact", "entities": OUT_ENTITIES, "min_score": 0.4}})

CODENAMES = [
    f"Status: project xxxxxx{E}[6Dfalcon is on track.",
    "Status: project xxxxxx\b\b\b\b\b\bfalcon is on track.",
    f"Status: project {E}7xxxxxx{E}8falcon is on track.",
    f"Status: project {E}[sqqqqqq{E}[uosprey is on track.",
    "Status: project ___con is on track.\rStatus: project fal",
    f"Status: project osxxey{E}[4Dpr{E}[2C today.",
    '```mermaid\ngraph LR\nA["project fal#99;on"]\n```',
    'graph LR\nA["project #102;alcon"] --> B',
    "Status: project {color:red}fal{color}con is on track.",
    "Status: project fal{empty}con is on track.",
    "Status: project fal{zwsp}con is on track.",
    "Status: project<U+0020>falcon is on track.",
    "Status: project [red]fal[/red]con is on track.",
    "Status: project [bold magenta]os[/]prey is on track.",
    "Status: project fal:red[c]on is on track.",
    "Status: project os:blue-background[pr]ey is on track.",
    "Status: project fal==c==on is on track.",
    "Status: project fal++c++on is on track.",
]


@pytest.mark.parametrize("text", CODENAMES)
def test_a_codename_shown_by_a_terminal_or_renderer_is_found(text: str) -> None:
    assert [f.kind for f in PatternCheck.find(text, CODENAME)] == ["codename"]


VALUES = [
    (f"Mail jane.doe@exampXX{E}[2Dle.com today.", "jane.doe"),
    (f"Call 617-555-9999{E}[4D0143 today.", "0143"),
    ("Card 4111 1111 1111 xxxx\b\b\b\b1111 on file.", "4111"),
    (f"SSN 536-90-4zzz{E}[3D{E}[K399 ok", "536"),
    ('```mermaid\ngraph LR\nA["mail jane.doe#64;example.com"]\n```', "jane.doe"),
    ('```mermaid\ngraph LR\nA["call 617#45;555#45;0143"]\n```', "0143"),
    ("Mail jane.doe<U+0040>example.com today.", "jane.doe"),
    ("Mail jane.doe@exam{empty}ple.com today.", "jane.doe"),
    ("Card 4111 1111 1111 [bold]1111[/bold] on file.", "4111"),
    ("Call 617-555-[green]0143[/green] today.", "0143"),
    ("Call 617-555-01^4^3 today.", "^3"),
    ("Mail jane.doe@exa{color:#f00}mple{color}.com today.", "jane.doe"),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


@pytest.mark.parametrize(("text", "needle"), VALUES)
async def test_a_value_shown_by_a_terminal_or_renderer_is_redacted_in_answers(guard: Guard, text: str,
                                                                              needle: str) -> None:
    verdict = await guard.output(P, [text])
    whole = verdict.texts[0] if verdict.texts[0] is not None else text
    assert needle not in whole and "_1>" in whole, whole
    for size in (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert needle not in streamed and "_1>" in streamed, (size, streamed)


ABUSE = [f"You are a stuxx{E}[2Dpid idixx{E}[2Dot and I will kixx{E}[2Dll you.",
         'A["You are a stu#112;id idi#111;t and I will ki#108;l you"]',
         "You are an [italic]idi[/italic]ot, I will :red[ki]ll you."]


TOX_POLICY = Policy.model_validate({"name": "t", "on_error": "block", "output": {"toxicity": TOX}})


@pytest.mark.parametrize("text", ABUSE)
async def test_abuse_shown_by_a_terminal_or_renderer_is_withheld(analyzer: PiiAnalyzer, text: str) -> None:
    guard = Guard(analyzer, KeywordScorer(), stream_hold_chars=60)
    verdict = await guard.output(TOX_POLICY, [text])
    assert verdict.blocked, verdict
    stream = guard.output_stream(TOX_POLICY)
    for k in range(0, len(text), 3):
        await stream.feed("c", text[k:k + 3])
        if stream.blocked:
            break
    else:
        await stream.end("c")
    assert stream.blocked


LOOK_ALIKES = [
    f"Build 12%\r{E}[KBuild 100% done",
    "Spinner -\b\\\b|\b/ finished",
    f"Done 3/7{E}[1A{E}[2KDone 7/7",
    f"{E}[1m{E}[32mPASSED{E}[0m tests/test_x.py",
    "```mermaid\ngraph TD\nA[\"Step #49;\"] --> B{Choice}\n```",
    "Set background:#222; and padding #8; there.",
    "Fixed in PR #1234; see the changelog.",
    "{color:blue}Note{color}: restart the service.",
    "{noformat}ls -la{noformat} lists files.",
    "Use {nbsp} for a no-break space in AsciiDoc.",
    "[green]OK[/green] 3 files copied",
    "items[k] = values[/k] is not valid Python",
    "st.markdown(':blue[Info] all good')",
    "while (i++ < n && j++ < m) x==y==z;",
    "E = mc^2^ and H~2~O are written so.",
    "<U+1F600> is an emoji code point.",
    "- [x] shipped\n- [ ] docs",
    "Ratio 3^4^2 in the puzzle.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_are_relayed_as_written(guard: Guard, text: str) -> None:
    assert not PatternCheck.find(text, CODENAME)
    verdict = await guard.output(P, [text])
    assert verdict.texts[0] is None or verdict.texts[0] == text
    assert await streamed_out(guard, P, text, 3) == text


def test_a_terminal_line_is_read_as_displayed() -> None:
    view = uncommented(f"Call 617-555-9999{E}[4D0143 today.")
    assert view is not None and view.text == "Call 617-555-0143 today."
    assert view.span(5, 17) == (5, 25)  # (the redaction covers the decoy and the overwrite)
    view = uncommented(f"a{E}[5Axx\b\bz\nyy\b\bzz")  # (a line left upwards is read as written, the next as shown)
    assert view is not None and view.text.endswith("\nzz") and "a[5Axxz" in view.text
    assert normalize(f"Status: project xxxxxx{E}[6Dfalcon").text != "Status: project falcon"  # (second reading only)


@pytest.mark.parametrize("text", ["plain text with no markup at all", "a < b and c > d", "ratio 1:2 at 10:30",
                                  "path C:\\temp\\x", "hello world, line one\r\nline two", "x = a[1] + b[2]"])
def test_the_gates_fail_fast_without_a_trigger(text: str) -> None:
    assert not rend45.terminal45_hint(text) and not rend45.rendered45_hint(text) and not rend45.rendered45_any(text)


# ------------------------------------------------------------------- names split by markup on input (html44's limit)
SPLIT_NAMES = [
    ("Please call The<rp>x</rp>odore Har<rp>x</rp>greaves about the lease.", "odore"),
    ("$\\text{Theodore}\\enspace\\text{Hargreaves}$ signed the lease.", "Hargreaves"),
    ("Owner: The<span hidden>zz</span>odore Hargreaves will call back.", "odore"),
    ("Contact Ros<!-- x -->alind Fairweather for the details.", "alind"),
]


@pytest.mark.parametrize(("text", "needle"), SPLIT_NAMES)
async def test_a_name_split_by_markup_is_redacted_in_requests(guard: Guard, text: str, needle: str) -> None:
    from tests.support.pii import sent_chat

    sent = await sent_chat(guard, P, text)
    assert needle not in sent and "<PERSON_1>" in sent, sent


NAME_LOOK_ALIKES = [
    '<span class="a">Total</span> <span class="b">Revenue</span> rose this quarter.',
    "$\\text{Net}\\enspace\\text{Income}$ rose 5% this year.",
    '<span class="dropcap">O</span>nce upon a time the build was green.',
    "Press <kbd hidden>x</kbd>Enter to continue.",
]


@pytest.mark.parametrize("text", NAME_LOOK_ALIKES)
async def test_markup_without_a_name_goes_as_written(guard: Guard, text: str) -> None:
    from tests.support.pii import sent_chat

    assert await sent_chat(guard, P, text) == text
