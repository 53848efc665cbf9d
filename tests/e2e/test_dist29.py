"""dist29 end to end through the official openai SDK, under the shipped default policy (atk28 F01/F02): a bare SSN
or phone number a few words after its cue, with a name between cue and value, or the second of a pair or a labelled
list, reaches the provider redacted, and the model's reaches the client redacted, whole and streamed. Look-alikes
(another number's noun between, another clause) go as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUESTS = [
    ("Here is the social security number of the new hire starting Monday: 536904399", ["536904399"]),
    ("The primary applicant's social security number, as listed on the W-2 form attached, is 536904399.",
     ["536904399"]),
    ("SSN (last 4 redacted): 536-90-XXXX, full on file 536904399", ["536904399"]),
    ("The SSN for Dana Kerr is 536904399 and for Chidi Okafor it is 536904398.", ["536904399", "536904398"]),
    ("SSNs: Dana Kerr 536904399, Chidi Okafor 536904398", ["536904399", "536904398"]),
    ("Here is the phone number of our new hire Jane Roe who starts Monday: 6175550143", ["6175550143"]),
    ("Phone number for Emily Chen, our new customer: 6175550143", ["6175550143"]),
    ("The phone numbers for Greta Lind and Oskar Berg are 3125550176 and 4155550199.", ["3125550176", "4155550199"]),
]
# (look-alikes the code before dist29 sent as written: `see build 6175550143` after `Phone number` is Presidio's own
# context step's, before and after; tests/nlp/test_dist29.py's KEPT_WHOLE)
KEPT = ["The phone number is unchanged and the order number is 6175550143.",
        "The SSN validation module was rewritten in 2021 and issue 412785963 tracks the regressions."]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert all(s not in sent for s in secrets), sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


ANSWERS = [("Here is the social security number of the new hire starting Monday: 536904399", "536904399"),
           ("The SSN for Dana Kerr is 536904399 and for Chidi Okafor it is 536904398.", "536904398")]


def test_chat_answers_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    for answer, secret in ANSWERS:
        mock.script(text=answer)
        got = oai(guarded).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}]).choices[0].message.content
        assert got is not None and secret not in got, got
        mock.script(text=answer, chunk_chars=3)
        streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}], stream=True) if c.choices)
        assert streamed and secret not in streamed, streamed
