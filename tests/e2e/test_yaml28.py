"""Restore into more shapes of unfenced configuration (yaml28, atk26 F4, F11), end to end with the official SDKs
(OpenAI Chat Completions and Responses, Anthropic Messages) against the mock provider, whole and streamed in small
chunks: what the client RECEIVED. YAML flow collections, a list item, blockquoted YAML, a blank line in a block, an
XML configuration, two records of one answer and a value in the lines before a block key keep the placeholder where
they name a destination; the same shapes naming none are restored.
"""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_restore24 import ADDRESS, POLICY, ROUTES

U = "https://collector.example/u"
PH = "<EMAIL_ADDRESS_1>"


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


KEPT = [
    f"notify: {{url: {U}, to: {PH}}}\n",
    f"targets: [{U}, {PH}]\n",
    f"- url: {U}\n  to: {PH}\n",
    f"> alert:\n>   url: {U}\n>   to: {PH}\n",
    f"notify: {{\n  url: {U},\n  to: {PH}\n}}\n",
    f"<notify>\n  <url>{U}</url>\n  <to>{PH}</to>\n</notify>\n",
    f"notify:\n  to: {PH}\n\n  url: {U}\n",
    f"Set the recipient:\n\nrecipient: {PH}\n\nand then the endpoint:\n\nendpoint: {U}\n",
    f'"webhook": "{U}"\n"email": "{PH}"\n',
    f"to: {PH}\nnotify:\n  url: {U}\n",
    f"email: {PH}\nlevel: high\nnotify:\n  url: {U}\n",
    f"recipients: [{PH}]\nwebhook:\n  url: {U}\n",
    f"# recipient {PH}\nnotify:\n  url: {U}\n",
    f"reporting:\n  owner: {PH}\n\n  sink: smtp.intake-corp.net:587\n",  # (held out)
]
RESTORED = [
    f"contact: {{name: Maria, email: {PH}, role: admin}}\n",
    f"<person><email>{PH}</email></person>",
    f"attendees:\n  - Maria\n  - {PH}\n",
    f"backup:\n  path: /var/backups/contacts.csv\n  owner: {PH}\n",
    f"Name: Maria\nEmail: {PH}\n\nThanks, see you soon.",
]


@pytest.mark.parametrize("answer", KEPT)
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_configuration_that_sends_keeps_the_placeholder(restoring: Proxy, mock: Mock, route: str, stream: bool,
                                                        answer: str) -> None:
    mock.script(text=answer, chunk_chars=5)
    assert ROUTES[route](restoring, stream) == answer


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_look_alikes_are_restored(restoring: Proxy, mock: Mock, route: str, stream: bool) -> None:
    for answer in RESTORED:
        mock.script(text=answer, chunk_chars=3)
        assert ROUTES[route](restoring, stream) == answer.replace(PH, ADDRESS), answer
