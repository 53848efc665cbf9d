"""A card, SSN or phone number written as a JSON number with an exponent or a fraction in STREAMED tool-call
arguments is found as in a whole answer (issue 12; atk14 tester B H3): `{"card": 4.111111111111111e15}` reached the
client's tool as 4111111111111111 from a chat, Responses or Anthropic stream while the whole answer was redacted.
Scripted streams through the real proxy; the assertions are on the bytes the client received and what it decodes.
"""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_stream_args_escapes_opening import ROUTES
from tests.support.clients import post_team

POLICIES = {"policies/default.yaml": """
name: default
on_error: block
output:
  pii: {action: redact, entities: [CREDIT_CARD, US_SSN, PHONE_NUMBER, EMAIL_ADDRESS]}
"""}


@pytest.fixture(scope="module")
def gx(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(teams={"app": {}}, files=POLICIES)

# (arguments as the model streams them, the value's digits a JSON parser gives the client's tool)
CASES = [
    ('{"card": 4.532015112830366e15}', "4532015112830366"),
    ('{"card": 4.532015112830366E+15}', "4532015112830366"),
    ('{"card": 45320151128303660e-1}', "4532015112830366"),
    ('{"card": 4532015112830366.0}', "4532015112830366"),
    ('{"ssn": 5.36904399E8}', "536904399"),
    ('{"ssn": 219099999e0}', "219099999"),
    ('{"phone": 6.175550143e9, "note": "call"}', "6175550143"),
    ('{"phone": 61755501.43e2}', "6175550143"),
    ('{"phone": 0.6175550143e10}', "6175550143"),
    ('{"n": [1, 3.782822463100050e14]}', "378282246310005"),
    ('{"card": 4532015112830366, "x": 1}', "4532015112830366"),  # as written: found before this change too
]


def _digits_of_numbers(value: object) -> list[str]:
    """The digits a client's JSON parser gives for every number inside `value` (as integers where integral)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [str(abs(value))]
    if isinstance(value, float):
        return [str(int(abs(value)))] if value.is_integer() else [repr(value)]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _digits_of_numbers(v)]
    if isinstance(value, list):
        return [d for v in value for d in _digits_of_numbers(v)]
    return []


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize(("args", "digits"), CASES)
def test_an_exponent_number_in_streamed_arguments_is_redacted(gx: Proxy, mock: Mock, route: str, args: str,
                                                                 digits: str) -> None:
    path, make, read = ROUTES[route]
    raw, body = make(args)
    mock.script(raw_sse=raw)
    r = post_team(gx, path, body, "app", version=True, timeout=60)
    assert r.status_code == 200, r.text
    got = read(r.text)
    assert got != args, got
    parsed = json.loads(got)  # still JSON: the number became a placeholder string
    assert digits not in _digits_of_numbers(parsed), got
    assert digits not in re.sub(r"\D", "", json.dumps(parsed)), got
    assert "<" in got, got
