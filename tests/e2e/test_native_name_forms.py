"""atk11 B-H2 and B-M4 end to end, through the official SDKs and the mock provider: Russian and Ukrainian names in
an oblique case, Arabic names after a glued preposition or with an `ال` family name, and national phone numbers after
an Arabic, Persian, Hindi or Hebrew phone word never reach the provider; the words around them do, and the client
gets its text back as sent. Ordinary sentences of those languages go up as written."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, SEND

POLICY = REDACT_NAMES_POLICY


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def sent_text(mock: Mock) -> str:
    return json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_inflected_and_cliticised_names_and_other_scripts_phones_are_redacted(mock: Mock, guarded: Proxy, api: str,
                                                                              stream: bool) -> None:
    mock.script(chunk_chars=5)
    prompt = ("Пожалуйста, свяжитесь с Иваном Петровым. Договор подписан Николаем Лебедевым. "
              "Зв'яжіться з Іваном Шевченком. Спасибо Анне за помощь. أرسلت التقرير لمحمد أحمد. "
              "تحدثت مع خالد العتيبي أمس. رقم الهاتف 0501234567. मोबाइल नंबर 98765 43210. "
              "شماره تلفن 09123456789. טלפון: 0521234567")
    assert SEND[api](guarded, prompt, stream) == f"You said: {prompt}"  # restored as sent
    sent = sent_text(mock)
    for value in ("Иваном", "Петровым", "Николаем", "Лебедевым", "Іваном", "Шевченком", "Анне", "محمد", "العتيبي",
                  "خالد", "0501234567", "98765 43210", "09123456789", "0521234567"):
        assert value not in sent, "a name or a phone number reached the provider"
    for words in ("свяжитесь с <PERSON_", "Спасибо <PERSON_", "التقرير ل<PERSON_", "رقم الهاتف <PHONE_NUMBER_",
                  "मोबाइल नंबर <PHONE_NUMBER_", "טלפון: <PHONE_NUMBER_"):
        assert words in sent, "the words around a value went with it"


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_ordinary_sentences_and_numbers_of_those_languages_go_up_as_written(mock: Mock, guarded: Proxy,
                                                                          api: str) -> None:
    prompt = ("Номер заказа 0501234567. Вера в успех важна. Слава Богу, сервер работает. Поздравляю с 8 Марта! "
              "صباح الخير، رضا العملاء مهم جدا وتم التنفيذ بنجاح كامل. سعر الهاتف 1500 ريال. कमरा नंबर 204.")
    SEND[api](guarded, prompt)
    assert prompt in sent_text(mock).replace("\\n", "\n")
