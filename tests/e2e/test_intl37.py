"""intl37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F04,
F07, F09): Cyrillic names with a patronymic, Arabic nasab chains, names after native `Name:` labels, under a `name`
key and after a native "customer" noun, inflected Finnish/Latvian/Slovene/Icelandic and Irish particle names reach
the provider redacted whole; ordinary text in those languages as sent. (The default policy redacts no PERSON in
answers: the class concerns requests only.) Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Подготовь письмо.\nАдресат: Григорий Аркадьевич Белов\nФИО: Сидорова Анна Олеговна\n"
           "العميل سعد بن فهد العنزي اتصل بخصوص الفاتورة\n"
           "పేరు: రమేష్ నాయుడు\nਨਾਮ: ਅਮਨਦੀਪ ਸੰਧੂ\nಗ್ರಾಹಕ ವಿನಯ್ ಶೆಟ್ಟಿ ಕರೆ ಮಾಡಿದರು\n"
           "Kysyin Juhani Lehtosen mielipidettä.\n"
           "Pošljite Tini Kranjc.\nSeol chuig Aoife Ní Dhomhnaill.\nSummarize.")
SECRETS = ["Аркадьевич", "Белов", "Сидорова", "Олеговна", "العنزي", "فهد", "రమేష్", "నాయుడు", "ਅਮਨਦੀਪ", "ਸੰਧੂ",
           "ವಿನಯ್", "ಶೆಟ್ಟಿ", "Lehtosen", "Tini", "Kranjc", "Dhomhnaill"]
KEPT = ("ФИО: не указано\nСервер PostgreSQL работает в Новосибирске.\nالبرنامج الجديد يعمل على الخادم الرئيسي\n"
        "نام: نامشخص\nग्राहक सेवा केंद्र सोमवार को बंद रहेगा\nSuomen Pankki nosti korkoa.\n"
        "Install Mac OS Sonoma on the MacBook.\nWhy?")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_request(guarded: Proxy, mock: Mock, route: str) -> None:
    mock.state.requests.clear()
    SEND[route](guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    assert "ਨਾਮ:" in sent and "ಕರೆ ಮಾಡಿದರು" in sent
    mock.state.requests.clear()
    SEND[route](guarded, KEPT)
    kept = received(mock)
    assert "ФИО: не указано" in kept and "Suomen Pankki nosti korkoa." in kept and "ग्राहक सेवा केंद्र" in kept
    assert "Install Mac OS Sonoma on the MacBook." in kept and "نام: نامشخص" in kept

