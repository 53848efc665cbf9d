"""dg42 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk42 FP05):
a CSV's rows, arrays and SQL literals, log timers, a `vmstat` row, `wc` columns, exit codes, sizes in MB and process
ids reach the provider as sent, and an answer that holds them reaches the client as written, whole and streamed;
phone numbers, SSNs and cards beside them (after a phone word, an SSN label, a card word, in a signature) reach the
provider redacted and the model's own reach the client redacted. Held-out values (not the attack's)."""

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


KEPT = ("quarter,units,returns,revenue\nQ1,318,27,7410\nQ2,362,31,8025\n\n"
        "matrix = [[230, 55, 6120], [198, 47, 5830]]\nSELECT 275, 33, 6245 UNION ALL SELECT 281, 35, 6390;\n"
        "weights = np.array([735, 284, 6195])\n\n"
        "HAProxy timers 0/0/3/7204/7207 502 318 sC--\n"
        " 1  0      0 734512  20418 6123304    0    0     8    31  402  733  4  1 94  1  0\n"
        "$ wc lib/*.rb\n   418   913  7215 lib/parser.rb\n   206   511  4120 lib/lexer.rb\n\n"
        "The three runs returned exit codes 126 127 130. Docker layer sizes in MB: 734 281 1196.\n"
        "pids 51827 51904 8823107 are stuck.")
VALUES = ("Call Omar at 312 845 9120 about the rows above.\nEmployee SSN 478-22-6619 is on file.\n"
          "Pay with card 4532 0151 1283 0366.\nThanks,\nLena Ortiz\n415 823 6617")
SECRETS = ["312 845 9120", "478-22-6619", "4532 0151 1283 0366", "415 823 6617"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_numbers_of_data_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_numbers_of_data_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_values_beside_them_redacted_both_ways(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT + "\n" + VALUES)
    sent = user_text(mock)
    assert [s for s in SECRETS if s in sent] == [], sent
    assert sent.startswith(KEPT), sent
    # the model's own values (not the client's: nothing to restore) reach the client redacted, whole and streamed
    whole, streamed = answers(guarded, mock, KEPT + "\n" + VALUES, route)
    for got in (whole, streamed):
        assert [s for s in SECRETS if s in got] == [] and got.startswith(KEPT), got
