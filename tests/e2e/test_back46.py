"""back46 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk45 F09,
F14, F05, F11): a card, an SSN or a phone number read back in parts with the last part first or in other words and
languages, an e-mail address read back in prose or as a mailbox at a named provider, values built by code from
literal parts (`join`, `concat`, `%`), and an address wrapped over a line inside its mailbox reach the provider
redacted; read-backs and code-built values in answers reach the client redacted (whole and streamed). Look-alikes go
as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


READ_BACK = ("My card ends with 1111 1111 and starts with 4111 1111. The last four of my SSN are 4399 and the first "
             "five are 536-90. Meine Kartennummer beginnt mit 4012 8888 und endet mit 8888 1881. The prefix is "
             "617-555 and the line number is 0143.")
READ_BACK_VALUES = ["1111 1111", "4111 1111", "4399", "536-90", "4012 8888", "8888 1881", "617-555", "0143"]
MAIL_PROSE = ("The username is jane.doe and the domain is example.com. Email me at k.tanaka, domain yahoo.co.jp. "
              "My gmail is jane.doe1987")
MAIL_VALUES = ["jane.doe", "example.com", "k.tanaka", "yahoo.co.jp", "doe1987"]
CODE = ('email = "jane.doe".concat("@", "example.com")\ncard = \'\'.join(["4111", "1111", "1111", "1111"])\n'
        'phone = "-".join(("617", "555", "0143"))\nString tel = String.join("-", "312", "555", "0186");\n'
        'ssn = "%s-%s-%s" % ("536", "90", "4399")')
CODE_VALUES = ['"jane.doe"', '"4111"', '"617"', '"0143"', '"312"', '"0186"', '"536"', '"4399"']
WRAPPED = "contact:\n  email: >-\n    jane.\n    doe@example.com\nEmail: oleksandra.kovalchuk-\nbrown@example.com"
WRAPPED_VALUES = ["jane.", "oleksandra", "kovalchuk"]
KEPT = ("The build starts with step 1 and ends with step 4. The username is admin and the domain is corp. "
        "My gmail is full.\nresult = ''.join(parts)\nversion = \"%s-%s\" % (major, minor)\n"
        "date = \"-\".join((\"2024\", \"01\", \"15\"))\nPlease email me.\nThanks, version 3.12.1.")


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize(("text", "values"), [(READ_BACK, READ_BACK_VALUES), (MAIL_PROSE, MAIL_VALUES),
                                              (CODE, CODE_VALUES), (WRAPPED, WRAPPED_VALUES)],
                         ids=["F09", "F14", "F05", "F11"])
def test_values_in_parts_in_a_request(guarded: Proxy, mock: Mock, api: str, text: str, values: list[str]) -> None:
    SEND[api](guarded, text)
    sent = user_text(mock)
    assert [v for v in values if v in sent] == [], sent
    assert "<" in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize(("text", "values"), [(READ_BACK, READ_BACK_VALUES), (CODE, CODE_VALUES)], ids=["F09", "F05"])
def test_values_in_parts_in_an_answer(guarded: Proxy, mock: Mock, api: str, text: str, values: list[str]) -> None:
    for got in answers(guarded, mock, text, api):  # (whole, then streamed three characters a chunk)
        assert [v for v in values if v in got] == [], got


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT
    whole, streamed = answers(guarded, mock, KEPT, api)
    assert whole == KEPT and streamed == KEPT
