"""left38 end to end through the official openai and anthropic SDKs under the shipped default policy: a romanised name
after a German CRM label, a lone surname before its phone number in parentheses, a Finnish name inflected in a
command, a passwd GECOS name, a ZPL addressee under a `SHIP TO` field and a crontab's `MAILTO` reach the provider
redacted (look-alikes as sent); a surname's phone number in the answer reaches the client redacted, whole and
streamed; Alertmanager, Grafana, Jenkins `emailext` and crontab answers that mail the client's address keep the
placeholder, whole and streamed (a config that mails nobody is restored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_scopes16 import MAIL, _anthropic, _chat
from tests.support.clients import ask_chat, ask_messages, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
E = "<EMAIL_ADDRESS_1>"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Kunde: Dmitrij Kusnezow\nAnsprechpartner: Artjom Smirnow\nRückruf: Faure (0612345678)\n"
           "Lähetä lasku Mikko Virtaselle\n"
           "oksana:x:1001:1001:Oksana Melnyk,,,:/home/oksana:/bin/bash\n"
           "^XA\n^FO50,50^FDSHIP TO^FS\n^FO50,100^FDJuniper Hale^FS\n^FO50,150^FD12 Oak St^FS\n^XZ\n"
           "MAILTO=jane.doe@example.org\n0 2 * * * /usr/local/bin/backup.sh\nExplain all of this.")
SECRETS = ["Dmitrij", "Kusnezow", "Artjom", "Smirnow", "Faure", "0612345678", "Mikko", "Virtaselle", "Oksana Melnyk",
           "Juniper Hale", "jane.doe@example.org"]
KEPT = ("Kunde: Bestandskunde seit 2019, Rückruf erbeten.\nLähetä lasku asiakkaalle huomenna.\n"
        "postgres:x:113:120:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n"
        "^XA\n^FO20,20^FDSHIP TO^FS\n^FO20,60^FDAcme Logistics^FS\n^XZ\n"
        "Build (20240115) failed; invoice (0612345678) is overdue.\nSHELL=/bin/bash\n0 2 * * * /opt/report.sh")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Kunde: <PERSON_" in sent and "^FD<PERSON_" in sent and "MAILTO=" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = "Call them back: Sharma (9820144573), Faure (0687654321). Then close the ticket."


@pytest.mark.parametrize("ask", [ask_chat, ask_messages], ids=["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, ask: object, stream: bool) -> None:
    mock.script(text=ANSWER, chunk_chars=3)
    got = ask(guarded, "who to call?", stream=stream)  # type: ignore[operator]
    assert "9820144573" not in got and "0687654321" not in got and got.endswith("Then close the ticket."), got


SENDS = [
    f"```yaml\nreceivers:\n  - name: team-ops\n    email_configs:\n      - to: {E}\n        send_resolved: true\n```",
    f"```yaml\ncontactPoints:\n  - orgId: 1\n    name: oncall\n    receivers:\n      - uid: a1\n        type: email\n"
    f"        settings:\n          addresses: {E}\n```",
    f"```groovy\npost {{\n  failure {{\n    emailext to: '{E}', subject: 'Failed', body: 'See console'\n  }}\n}}\n```",
    f"MAILTO={E}\n0 2 * * * /usr/local/bin/backup.sh",
]
LOCAL = [
    f"```yaml\nreceivers:\n  - name: slack\n    slack_configs:\n      - channel: '#ops'\n```\nOwner: {E}",
    f"```\n0 2 * * * /usr/local/bin/report.sh --owner {E}\n```",
]


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_configs_mailing_a_receiver_keep_the_placeholder(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    for said in SENDS:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        assert MAIL not in text and text == said, said
    for said in LOCAL:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        assert text == said.replace(E, MAIL), said
