"""atk13 M3 and M4 end to end, through the official SDKs and the mock provider, both ways: a bare national number
after a phone word as people write it (`Τηλ.`, `ΤΗΛΕΦΩΝΟ`, `Тел.`, `моб.`, `טל'`, `تليفون`, `شماره همراه`, `SĐT`,
`HP:`) and an Indian mobile with its trunk `0` in its 5-5 grouping (`098765 43210`) never reach the provider in a
request, nor the client in the model's answer, whole or streamed. Other values than the report's."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, SEND, answer_of, assert_absent

TEXT = ("Στοιχεία: Τηλ.: 6940011223, ΤΗΛΕΦΩΝΟ 2102233445. Контакты: Тел. 89265554411, моб.: 89031239876. "
        "פרטים: טל' 0524443322. تليفون: 01098765432. شماره همراه 09361234567. SĐT: 0971234567. HP: 0856781234. "
        "मोबाइल नंबर 094321 09876, phone 0 70011 22334.")
NUMBERS = ("6940011223", "2102233445", "89265554411", "89031239876", "0524443322", "01098765432", "09361234567",
           "0971234567", "0856781234", "094321 09876", "70011 22334")


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_numbers_after_everyday_phone_words_do_not_reach_the_provider(mock: Mock, guarded: Proxy, api: str,
                                                                     stream: bool) -> None:
    mock.script(chunk_chars=5)
    assert SEND[api](guarded, TEXT, stream) == f"You said: {TEXT}"  # restored as sent
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    for number in NUMBERS:
        assert number not in sent, "a phone number reached the provider"
    for words in ("Τηλ.: <PHONE_NUMBER_", "Тел. <PHONE_NUMBER_", "טל' <PHONE_NUMBER_", "شماره همراه <PHONE_NUMBER_",
                  "मोबाइल नंबर <PHONE_NUMBER_"):
        assert words in sent, "the words around a value went with it"


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_the_models_own_numbers_after_those_words_do_not_reach_the_client(mock: Mock, guarded: Proxy, api: str,
                                                                          stream: bool) -> None:
    mock.script(text=TEXT, chunk_chars=4)
    got, _ = answer_of(guarded, api, stream)
    assert_absent(got, *NUMBERS)
    assert "Τηλ.: " in got and "SĐT: " in got, "the answer's words went with the numbers"
