"""strm40 (atk38/atk39 leftovers): a transcript's speaker labels alone on their line (`Amara:` over its turn) and in
streamed answers whose windows hold one label each; spelling-alphabet runs apart by periods (`S as in Sierra. M as in
Mike.`), held whole in a stream, and a run of four letters or more with no name word before it; a letter-spaced UK
mobile after `Mob`/`Mob.`/`Tel.`/`Cell`. Values and layouts are held out (not the report's); the look-alikes (short
sentences, `A. B. C.` lists, `A as in the example`, the alphabet in order, a common word spelled, headings over
lines, version tables, digits after other words) go as sent, whole and streamed."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.windows import may_cut
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = policy(output={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _answers(guard: Guard, text: str) -> list[str]:
    """The answer as the client gets it: whole, then streamed one and three characters at a time."""
    whole = (await guard.output(P_OUT, [text])).texts[0]
    return [whole if whole is not None else text, await streamed_out(guard, P_OUT, text, 1),
            await streamed_out(guard, P_OUT, text, 3)]


SPEAKERS = [  # (transcript, the labels that must not go, what stays)
    ("Tendai:\nthe build is red again\nIngrid:\nlooking at it now\nTendai:\nthanks\n", ["Tendai", "Ingrid"],
     ["the build is red again", "looking at it now"]),
    ("Paolo:\nwhere did the invoice go?\nSiobhan:\nit is in the shared folder.\n", ["Paolo", "Siobhan"],
     ["it is in the shared folder."]),
    ("Hannah:\nthe meeting moved to 3pm\nYerlan:\nnoted\n", ["Hannah", "Yerlan"], ["noted"]),
]
SPEAKERS_INLINE = [  # labels before their line's text: read whole, now in streams too
    ("Maria: can you check the logs?\nTendai: on it now.\nMaria: thanks!\nTendai: found the error.\n",
     ["Tendai"], ["on it now."]),
    ("Sofia: hi, is the build green?\nAroha: yes, merged an hour ago.\n", ["Aroha"], ["merged an hour ago."]),
]
SPELLED = [  # (text, the code words that must not go, what stays)
    ("Sure, it is B as in Bravo. A as in Alpha. L as in Lima. O as in Oscar. G as in Golf. U as in Uniform. "
     "N as in November. Anything else?", ["Bravo", "Lima", "Golf", "Uniform", "November"], ["Anything else?"]),
    ("K as in Kilo, O as in Oscar, V as in Victor, A as in Alpha, C as in Charlie, S as in Sierra.",
     ["Kilo", "Victor", "Charlie", "Sierra"], []),
    ("Let me read it back. D as in Delta. U as in Uniform. B as in Bravo. O as in Oscar. I as in India. "
     "S as in Sierra. Correct?", ["Delta", "Uniform", "Bravo", "Sierra"], ["Let me read it back.", "Correct?"]),
    ("P as in Papa\nE as in Echo\nT as in Tango\nR as in Romeo\nO as in Oscar\nV as in Victor\n",
     ["Papa", "Tango", "Romeo", "Victor"], []),
    ("That's T as in Tom, A as in Apple, N as in Nancy, A as in Apple, K as in King, A as in Apple.",
     ["Tom", "Nancy", "King"], []),
]
MOBILES = [  # (text, the number as written)
    ("Regards,\nPriya\nMob: 0 7 4 0 0 1 2 3 4 5 6", "0 7 4 0 0 1 2 3 4 5 6"),
    ("Mob. 0 7 5 5 7 1 2 3 4 5 6", "0 7 5 5 7 1 2 3 4 5 6"),
    ("Contact details - Mob 0 7 3 1 1 9 8 7 6 5 4", "0 7 3 1 1 9 8 7 6 5 4"),
    ("Tel.: 0 1 6 1 4 9 6 0 0 0 0", "0 1 6 1 4 9 6 0 0 0 0"),
    ("Cell: 0 7 7 1 2 3 4 5 6 7 8 (evenings)", "0 7 7 1 2 3 4 5 6 7 8"),
]
LOOK_ALIKES = [
    "Here is the plan. Step one. Step two. Step three. Done.",
    "Options: A. B. C. D. Pick one.",
    "Choose A. Then B. Then C. Then D.",
    "Use A as in the example above, then B as in the second one.",
    "Set the flag as in the docs. Then run it as in step 2. Then check it as in step 3.",
    "Press Y for yes, N for no, A for all, Q for quit.",
    "S for small, M for medium, L for large, X for extra large.",
    "Colors: R as in red, G as in green, B as in blue.",
    "X as in the unknown, Y as in the output.",
    "| Version | Date |\n| 1.2.3 | 2024-01-02 |\n| 1.2.4 | 2024-02-03 |",
    "Versions: 1 2 3 4 5 6 7 8 9 10 11",
    "mobx: 0 7 7 0 0 9 0 0 1 2 3",
    "Serial: 0 7 7 0 0 9 0 0 1 2 3",
    "1. First item\n2. Second item\n3. Third item\n4. Fourth item",
    "1st place, 2nd place, 3rd place, 4th place.",
    "Input:\n  a list of numbers\nOutput:\n  their sum\nExample:\n  [1,2] -> 3\n",
    "Ubuntu:\n  sudo apt install nginx\nFedora:\n  sudo dnf install nginx\nArch:\n  sudo pacman -S nginx\n",
    "Summary:\nThe job failed.\nCause:\nA missing key.\nFix:\nAdd the key.\n",
    "Python:\nprint('hi')\nRust:\nprintln!(\"hi\");\nGo:\nfmt.Println(\"hi\")\n",
    "Monday:\ngym\nTuesday:\nrest\nWednesday:\nrun\n",
    "User: hi\nAssistant: hello, how can I help?\nUser: explain DNS\n",
    "It works. I tested it. It passed. We shipped it.",
    "Tel Aviv is nice. Call it a day. Mob rule is bad.",
]


@pytest.mark.parametrize(("text", "values", "kept"), SPEAKERS + SPELLED)
async def test_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), SPEAKERS + SPEAKERS_INLINE + SPELLED)
async def test_redacted_in_answers_whole_and_streamed(guard: Guard, text: str, values: list[str],
                                                      kept: list[str]) -> None:
    for out in await _answers(guard, text):
        assert [v for v in values if v in out] == [], out
        assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize(("text", "value"), MOBILES)
async def test_spaced_mobile_after_its_label(guard: Guard, text: str, value: str) -> None:
    sent = await _sent(guard, text)
    assert value not in sent and value[-11:] not in sent and "PHONE_NUMBER" in sent, sent
    for out in await _answers(guard, text):
        assert value[-11:] not in out and "PHONE_NUMBER" in out, out


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answers(guard, text) == [text, text, text]


def test_stream_window_held_inside_a_spelling_run() -> None:
    run = "That is S as in Sierra. M as in Mike. I as in India. T as in Tango. Thanks. Bye."
    held = [run[:c][-12:] for c in range(1, len(run)) if run[c - 1] == " " and not may_cut(run, c)]
    assert held[0].endswith("is S ") and held[-1].endswith("T as in ")
    assert may_cut(run, run.index("Thanks. ") + 8) and may_cut(run, run.index("That is ") + 5)
    assert not may_cut(run[:run.index("M as")], run.index("M as"))  # (nothing known after the item yet)
    plain = "Choose A. Then B. Then C. Use A as in the example. Done."
    assert all(may_cut(plain, m) for m in (10, 18, 51))
