"""strm42 end to end through the official openai and anthropic SDKs: a streamed answer reaches the client as the whole
answer does where a sentence runs past the stream's hold (200 characters) and a chunk ends right after an eponym's
head (`Henderson-Hasselbalch equation ` | `and takes`: the window ended before `equation`) or right after the eponym,
or is fed one, three or seven characters at a time. Under the shipped default policy (no names read in answers) and
under the same policy reading names in answers too (`PERSON` on output, where the eponym went out `<PERSON_1>
equation` streamed, left alone whole); a person's name in such a sentence is redacted whole and streamed alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
OUT_ENTITIES = "    entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]\n"
NAMES_OUT = DEFAULT_POLICY.replace(OUT_ENTITIES, OUT_ENTITIES.replace("[EMAIL", "[PERSON, EMAIL"))


@pytest.fixture(scope="module", params=["default", "names_out"])
def guarded(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    assert NAMES_OUT.count("[PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]") == 1
    policy = DEFAULT_POLICY if request.param == "default" else NAMES_OUT
    return proxy_factory(files={"policies/default.yaml": policy})


TERMS = [  # (answer, the eponym: the first chunk ends right after it)
    ("To estimate the pH of a buffer that the laboratory prepares from a weak acid and its conjugate base, for "
     "example acetic acid with sodium acetate or a phosphate pair at physiological strength, the student first writes "
     "down both concentrations and then plugs them into the Henderson-Hasselbalch equation and takes the logarithm of "
     "their ratio", "Henderson-Hasselbalch"),
    ("An electrocardiogram recorded in the emergency room from a young athlete who complains of sudden episodes of "
     "palpitations and light-headedness during training sessions shows a short PR interval and a slurred upstroke of "
     "the QRS complex, which points to Wolff-Parkinson-White syndrome and an accessory pathway between the chambers",
     "Wolff-Parkinson-White"),
    ("When a beam of light passes from air into water or glass at an angle it bends towards the normal because it "
     "travels more slowly in the denser medium, and the relation between the angles and the refractive indices of the "
     "two media that optics students apply in every lens problem is Snell's law of refraction as taught in school",
     "Snell"),
]
PERSON = ("After the long quarterly planning meeting finally ended and most of the regional team had already left for "
          "the airport to catch their evening flights home, our senior buyer Tamsin Okonkwo called the supplier in "
          "Rotterdam about the delayed order of spare parts")


def _streamed(p: Proxy, mock: Mock, route: str, answer: str, size: int) -> str:
    mock.script(text=answer, chunk_chars=size)
    return SEND[route](p, "?", stream=True)


@pytest.mark.parametrize("route", ["chat", "messages"])
@pytest.mark.parametrize(("answer", "name"), TERMS)
def test_eponym_streamed_as_whole(guarded: Proxy, mock: Mock, route: str, answer: str, name: str) -> None:
    mock.script(text=answer)
    whole = SEND[route](guarded, "?")
    assert whole == answer
    # The first chunk ends after the word after the name (the window, past the hold, ended before that word: nothing
    # known after it), or right after the name.
    after = re.compile(re.escape(name) + r"\S* \S+ ").search(answer)
    assert after is not None and after.end() > 200
    for size in (after.end(), answer.index(name) + len(name) + 1, 1, 3, 7):
        assert _streamed(guarded, mock, route, answer, size) == whole, size


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_person_streamed_as_whole(guarded: Proxy, mock: Mock, route: str) -> None:
    mock.script(text=PERSON)
    whole = SEND[route](guarded, "?")
    if "PERSON" in guarded.dir.joinpath("policies", "default.yaml").read_text().split("output:")[1]:
        assert "Tamsin" not in whole and "Okonkwo" not in whole and "<PERSON_1>" in whole, whole
    else:
        assert whole == PERSON
    after = PERSON.index("Tamsin") + len("Tamsin ")
    for size in (after, 3):
        assert _streamed(guarded, mock, route, PERSON, size) == whole, size
