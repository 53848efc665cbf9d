"""The nums14 values end to end (issue 12 leftovers, atk13 L3), through the official SDKs and the mock provider, both
ways: a 10-digit number glued to an id after a phone word, an underscore beside a bracketed area code, a 6-4 grouping
after a phone word, a trunk-0 number with tripled or spaced dashes, Indonesian and German mobiles unbroken after their
phone words and an Iranian IBAN never reach the provider in a request, nor (phones) the client in the model's answer,
whole or streamed; the same shapes without a phone word stay as written. Other values than the reports'."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, SEND, answer_of, assert_absent

TEXT = ("Ping me, my cell is build_3125550178. Tel_(030)_90182034, mobile:(212)_555_0199. Phone 415555-0123. "
        "Tel 090---1234---5678, call 010 -- 2345 -- 6789. HP: 085712345678, Handy: 017612345678.")
NUMBERS = ("3125550178", "90182034", "555_0199", "415555-0123", "090---1234---5678", "010 -- 2345 -- 6789",
           "085712345678", "017612345678")
IBAN = "IR42 0170 0000 0021 2345 6789 01"
IDS = "Model ft-gpt-4o-2125550199 finished; order 212555-0199 and ID 081234567890 shipped."


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    policy = SCREENED_BOTH_WAYS_POLICY.replace("US_SSN, IP_ADDRESS]", "US_SSN, IP_ADDRESS, IBAN_CODE]")
    assert "IBAN_CODE" in policy
    return proxy_factory(files={"policies/default.yaml": policy})


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_the_values_do_not_reach_the_provider(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    mock.script(chunk_chars=5)
    text = f"{TEXT} IBAN {IBAN}. {IDS}"
    assert SEND[api](guarded, text, stream) == f"You said: {text}"  # restored as sent
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    for value in (*NUMBERS, IBAN):
        assert value not in sent, "a value reached the provider"
    assert IDS in sent, "ids without a phone word were altered"


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_the_models_own_values_do_not_reach_the_client(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    mock.script(text=f"{TEXT} {IDS}", chunk_chars=4)
    got, _ = answer_of(guarded, api, stream)
    assert_absent(got, *NUMBERS)
    assert IDS in got, "ids without a phone word were altered"
