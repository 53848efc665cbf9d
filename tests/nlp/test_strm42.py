"""strm42 (issue 12): a streamed answer reads a capitalised word with the words around it, as the whole answer does.

The drop-only name filters read the words after a name (an eponym's head: `Michaelis-Menten equation`, `Amdahl's
law`; a place's head; a title's year) and before it (`the Cori cycle`, `the novel Emma`). A window cut after a word
past the hold (a sentence longer than `hold_chars`) read the name alone: `Purkinje ` | `fibers conduct ...` went out
`<PERSON_1> fibers`, while the whole answer was left alone. Now the window ends where no capitalised word stands within
three words of the cut (`proxy.nlp.strm42.term_open`), so streamed and whole answers agree: split after every word,
fed one, three and seven characters at a time. People's names stay redacted, streamed too; text of capitalised words
all along still goes out within the hold's cap. And py3langid's model (`proxy.nlp.notnames`) is loaded at the
analyzer's warm-up, not by a request. Values held out from /tmp/strm42's measured sets."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.strm42 import term_open
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, streamed_out

P_OUT = policy(output={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


# Long sentences (past the hold of 60), the term after it: left as written whole, so streamed too.
TERMS = [
    ("During intense exercise the lactate made in the muscles travels to the liver where the Cori cycle turns it back "
     "into glucose for the muscles", "Cori"),
    ("To estimate the pH of a buffer made from a weak acid and its conjugate base the chemistry student plugs the "
     "concentrations into the Henderson-Hasselbalch equation and takes the logarithm", "Henderson-Hasselbalch"),
    ("An ECG with a short PR interval and a slurred upstroke of the QRS complex in a young patient with palpitations "
     "points to Wolff-Parkinson-White syndrome and an accessory pathway", "Wolff-Parkinson-White"),
    ("When the blood sugar stays high for months the small vessels of the retina leak and the ophthalmologist looks "
     "for the changes of diabetic retinopathy and for Roth spots too", "Roth"),
    ("For an enzyme that follows simple saturation kinetics the rate at a given substrate concentration comes from the "
     "Michaelis-Menten equation with the two measured constants", "Michaelis-Menten"),
    ("My reading group chose something light for the summer after a heavy spring of long histories and we settled on "
     "the novel Emma which everyone had somehow avoided at school", "Emma"),
    ("After two days of driving through the desert we finally reached the rim of the Grand Canyon where the light at "
     "sunset turned the layered rock walls red and gold", "Grand Canyon"),
]
PEOPLE = [
    ("After the long planning meeting ended and most people had left for the airport our buyer Tamsin Okonkwo called "
     "the supplier about the delayed order", ["Tamsin", "Okonkwo"]),
    ("The remaining items on the onboarding list are the laptops, the badges and the desks which our coordinator "
     "Rafael Lindqvist will finish this week", ["Rafael", "Lindqvist"]),
]
# Look-alikes: long sentences of ordinary and technical text, with capitalised products and tools.
PLAIN = [
    "We deploy the service with Kubernetes and Helm on a managed cluster, the pipeline runs on GitHub Actions and the "
    "logs go to Grafana Loki where the on-call engineer reads them every morning",
    "the quarterly numbers look fine overall, revenue rose by four percent while costs stayed flat and the margin "
    "improved slightly compared with the same quarter of last year in every region",
]


def _splits(text: str) -> list[list[str]]:
    """Split after every word, and fed one, three and seven characters at a time."""
    out = [[text[:m.end()], text[m.end():]] for m in re.finditer(r" +", text)]
    return out + [[text[k:k + n] for k in range(0, len(text), n)] for n in (1, 3, 7)]


async def _streamed(guard: Guard, chunks: list[str]) -> str:
    stream = guard.output_stream(P_OUT)
    return "".join([await stream.feed("c0", c) for c in chunks]) + await stream.end("c0")


async def _whole(guard: Guard, text: str) -> str:
    got = (await guard.output(P_OUT, [text])).texts[0]
    return got if got is not None else text


@pytest.mark.parametrize(("text", "name"), TERMS)
async def test_eponym_streamed_as_whole_at_every_split(guard: Guard, text: str, name: str) -> None:
    whole = await _whole(guard, text)
    assert whole == text, whole  # the term is kept whole
    for chunks in _splits(text):
        assert await _streamed(guard, chunks) == whole, chunks[0][-40:]


@pytest.mark.parametrize(("text", "names"), PEOPLE)
async def test_people_still_redacted_streamed(guard: Guard, text: str, names: list[str]) -> None:
    whole = await _whole(guard, text)
    assert [n for n in names if n in whole] == [] and "<PERSON_1>" in whole, whole
    for chunks in _splits(text):
        got = await _streamed(guard, chunks)
        assert [n for n in names if n in got] == [], (chunks[0][-40:], got)
        assert got == whole, chunks[0][-40:]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_streamed_as_whole(guard: Guard, text: str) -> None:
    whole = await _whole(guard, text)
    for size in (1, 3, 7):
        assert await streamed_out(guard, P_OUT, text, size) == whole


async def test_capitalised_words_all_along_still_bounded(guard: Guard) -> None:
    """A text of capitalised words (no cut with three plain words each side) goes out at the hold's cap, as before."""
    text = " ".join(["Alpha Bravo Charlie Delta Echo Foxtrot"] * 30)
    stream = guard.output_stream(P_OUT)
    out, most = "", 0
    for k in range(0, len(text), 5):
        out += await stream.feed("c0", text[k:k + 5])
        most = max(most, stream.held_in("c0"))
    out += await stream.end("c0")
    assert most <= 2 * 60 + 5
    assert len(out) >= len(text) - 40


def test_term_open() -> None:
    text = "the lab examines the node and then searches for Reed-Sternberg cells which are large and binucleated "
    cut = text.index("cells")
    assert term_open(text, cut)  # right after the name
    assert term_open(text, text.index("Reed"))  # right before it
    assert term_open(text, text.index("which"))  # two words after it
    assert not term_open(text, text.index("large"))  # three plain words each side
    assert not term_open(text, text.index("then"))
    assert term_open("the lab examines the node and then searches for the ", 49)  # what follows not known yet
    assert not term_open("we run it on AWS and then I check the logs for errors in the morning ", 21)


def test_langid_loaded_at_warm_up() -> None:
    """The analyzer's warm-up (`build_engines`) loads `finnish_noun_span`'s py3langid model: no request pays it."""
    code = ("from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines\n"
            "from proxy.nlp import notnames\n"
            "assert notnames._identifier.cache_info().currsize == 0\n"
            "_engines(DEFAULT_SPACY_MODEL)\n"
            "print(notnames._identifier.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "1"
