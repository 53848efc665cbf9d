"""Request numbers written with a fraction or an exponent (issue 12, attacker): what the mock provider
RECEIVED. A sampling parameter far out of its range (`"temperature": 41111111.11111111`, 16 Luhn-valid digits)
is refused with the provider's 400, never forwarded; a number of a field the client invents or of
`metadata`, printed with an exponent or a fraction (`4111111111111111e3`, `6175550143e2`,
`4111111111111111.5`), is read as the value its digits spell and redacted like `4111111111111111`.
Bodies are raw JSON texts: the SDKs would not print these numbers so.
"""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, post_raw

HEAD = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],'
CLAUDE = '{"model":"claude-3-5-sonnet-latest","max_tokens":10,"messages":[{"role":"user","content":"hi"}],'


@pytest.fixture(scope="module")
def nums(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})



def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


@pytest.mark.parametrize(("path", "raw", "param"), [
    ("/v1/chat/completions", HEAD + '"temperature":41111111.11111111}', "temperature"),
    ("/v1/chat/completions", HEAD + '"top_p":41111111.11111111}', "top_p"),
    ("/v1/chat/completions", HEAD + '"frequency_penalty":-41111111.11111111}', "frequency_penalty"),
    ("/v1/chat/completions", HEAD + '"presence_penalty":4.111111111111111}', "presence_penalty"),
    ("/v1/chat/completions", HEAD + '"n":6175550143}', "n"),
    ("/v1/messages", CLAUDE + '"temperature":41111111.11111111}', "temperature"),
])
def test_a_numeric_parameter_out_of_its_range_is_refused(nums: Proxy, mock: Mock, path: str, raw: str,
                                                         param: str) -> None:
    count = len(mock.state.requests)
    r = post_raw(nums, path, raw)
    assert r.status_code == 400, r.text
    assert len(mock.state.requests) == count
    body = r.json()
    error = body["error"]
    assert param in error["message"] and "must be" in error["message"]
    assert "4111" not in r.text and "555" not in r.text
    if path == "/v1/messages":
        assert body["type"] == "error" and error["type"] == "invalid_request_error"
    else:
        assert error["param"] == param


@pytest.mark.parametrize("number", ["4111111111111111e3", "4111111111111111E+3", "6175550143e2",
                                    "4111111111111111.5", "41111111111111110e-1", "4111111111111111.0e0", "6175550143"])
@pytest.mark.parametrize("where", ["x_card", "metadata"])
def test_a_number_with_an_exponent_or_a_fraction_is_read_as_its_digits(nums: Proxy, mock: Mock, number: str,
                                                                        where: str) -> None:
    # A bare ten-digit number is a phone number where its key says so (`"card": 6175550143` passes as well).
    key = "phone" if number.startswith("617") else "card"
    field = f'"x_{key}":{number}' if where == "x_card" else f'"metadata":{{"{key}":{number}}}'
    r = post_raw(nums, "/v1/chat/completions", HEAD + field + "}")
    assert r.status_code == 200, r.text
    got = mock.state.requests[-1].body
    value = got[f"x_{key}"] if where == "x_card" else got["metadata"][key]
    assert isinstance(value, str) and value.startswith("<"), value
    spelled = "6175550143" if number.startswith("617") else "4111111111111111"
    assert spelled not in _digits(json.dumps(got))


def test_numbers_of_data_pass_unchanged(nums: Proxy, mock: Mock) -> None:
    data = ('"metadata":{"lat":"x"},"x_data":{"lat":40.7127753,"lng":-74.0059728,"t":1701234567.123456,'
            '"p":0.4111111111111111,"big":1e20,"price":12.5,"n":1200000.0},"temperature":0.7,"top_p":1}')
    r = post_raw(nums, "/v1/chat/completions", HEAD + data)
    assert r.status_code == 200, r.text
    got = mock.state.requests[-1].body
    assert got["x_data"] == {"lat": 40.7127753, "lng": -74.0059728, "t": 1701234567.123456,
                             "p": 0.4111111111111111, "big": 1e20, "price": 12.5, "n": 1200000.0}
    assert got["temperature"] == 0.7 and got["top_p"] == 1
