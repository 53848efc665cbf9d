"""A client's value restored into tool-call arguments next to the model's other short values: the neighbours are
no part of a value composed around it (issue 12; atk15 M1: `{"cc": "ops", "to": "<EMAIL_ADDRESS_1>"}` came back as
`{"cc": "<EMAIL_ADDRESS_2>", "to": "<EMAIL_ADDRESS_1>"}`, and the answer's `Sure.` as `<EMAIL_ADDRESS_2>`; 14 of 20
`send_email`-style calls). Whole and streamed, through the OpenAI SDK."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, chat_text_and_arguments, oai

MAIL = "marta.ruiz@fastmail.com"
PROMPT = f"Please e-mail me the status, my address is {MAIL}."
E = "<EMAIL_ADDRESS_1>"
CASES = [
    ("", {"cc": "ops", "to": E}),
    ("", {"ticket": "T-2002", "to": E}),
    ("", {"subject": "Order 57", "to": E}),
    ("", {"template": "shipping_v3", "to": E}),
    ("", {"name": "status", "to": ["ops", E]}),
    ("Sure.", {"to": E}),
    ("Done.", {"lang": "en", "to": E}),
    ("Sending the update.", {"to": E, "subject": "Status"}),
    ("See ticket_58", {"to": E}),
]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize(("said", "args"), CASES)
def test_neighbours_of_a_restored_address_stay(mock: Mock, guarded: Proxy, said: str, args: dict[str, object],
                                               stream: bool) -> None:
    mock.script(text=said or None, chunk_chars=3, tool_calls=[{"name": "send_email", "arguments": json.dumps(args)}])
    text, arguments = chat_text_and_arguments(oai(guarded), PROMPT, stream)
    want = json.loads(json.dumps(args).replace(E, MAIL))
    assert (text, json.loads(arguments)) == (said, want)
