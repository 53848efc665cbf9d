"""left38: leftovers of earlier classes. Romanised Russian and Ukrainian names after a German CRM label (`Kunde:
Dmitrij Kusnezow`) and in an /etc/passwd GECOS field (`Oksana Melnyk`), Finnish names inflected in a command (`Soita
Jukka Korhoselle`), a lone surname before a phone number in parentheses (`Faure (0612345678)`), a ZPL label's
addressee under a field that holds only its label (`^FDSHIP TO^FS` then `^FDJuniper Hale^FS`) are redacted; alerting
configs that mail a receiver (Alertmanager `email_configs`, a Grafana contact point, Jenkins `emailext`) and a
crontab's `MAILTO=` keep the placeholder in an answer, whole and streamed. Look-alikes (German CRM notes, Finnish
prose, service accounts' passwd lines, labels addressed to companies, numbers in parentheses after words, configs
that mail nobody) go as sent, or are restored."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.guard.test_answer20 import E, N, streamed_chat, values, whole_chat
from tests.support.pii import WordScorer, streamed_out


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=PII_OUT), text, size)


def _zpl(*fields: str) -> str:
    return "^XA\n" + "".join(f"^FO50,{50 * (k + 1)}^FD{f}^FS\n" for k, f in enumerate(fields)) + "^XZ"


SENT = [  # (text, what must not go up)
    # 1. a German CRM label before a romanised Russian or Ukrainian name
    ("Kunde: Dmitrij Kusnezow", ["Dmitrij", "Kusnezow"]),
    ("Notiz: Kundin: Oksana Lysenko bittet um Rückruf wegen der Rechnung.", ["Oksana", "Lysenko"]),
    ("Ansprechpartner: Artjom Smirnow (Einkauf)", ["Artjom", "Smirnow"]),
    ("Kunde: Mykola Hrytsenko, Vertrag 2231", ["Mykola", "Hrytsenko"]),
    # 2. a lone surname before a phone number in parentheses
    ("Faure (0612345678)", ["Faure", "0612345678"]),
    ("Sharma (9820144573)", ["Sharma", "9820144573"]),
    ("Rappeler Mme Faure (0687654321) demain matin", ["Faure", "0687654321"]),
    ("Callback list:\nGupta (9812345670)\nMercier (0611223344)", ["Gupta", "9812345670", "Mercier", "0611223344"]),
    # 3. Finnish names inflected in a command
    ("Lähetä lasku Mikko Virtaselle", ["Mikko", "Virtaselle"]),
    ("Soita Jukka Korhoselle huomenna", ["Jukka", "Korhoselle"]),
    ("Antti Mäkisen osoite on muuttunut", ["Antti", "Mäkisen"]),
    # 4. a passwd GECOS field
    ("oksana:x:1001:1001:Oksana Melnyk,,,:/home/oksana:/bin/bash", ["Oksana Melnyk"]),
    ("root:x:0:0:root:/root:/bin/bash\nmykola:x:1003:1003:Mykola Bondar,Room 4,,:/home/mykola:/bin/zsh",
     ["Mykola Bondar"]),
    # 5. a ZPL label's addressee under a field of its label alone
    (_zpl("SHIP TO", "Juniper Hale", "12 Oak St"), ["Juniper", "Hale"]),
    (_zpl("Deliver to", "Willow Grant", "88 Mill Road"), ["Willow", "Grant"]),
    (_zpl("ATTN", "Hazel Brook"), ["Hazel", "Brook"]),
    # 6. a crontab's MAILTO
    ("MAILTO=jane.doe@example.org\n0 2 * * * /usr/local/bin/backup.sh", ["jane.doe@example.org"]),
]
UNCHANGED = [
    "Kunde: Bestandskunde seit 2019, Rückruf erbeten.",
    "Ansprechpartner: siehe Vertrag, Abteilung Einkauf",
    "Lähetä lasku asiakkaalle huomenna ja soita asiakaspalveluun.",
    "Osoite on muuttunut, tarkista tilaus.",
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "postgres:x:113:120:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n"
    "systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin",
    _zpl("SHIP TO", "Acme Logistics", "400 Dock Street"),
    _zpl("SHIP TO", "Northwind Traders"),
    _zpl("SHIP TO", "Warehouse B", "Qty 12"),
    "Build (20240115) failed on Jenkins (1234567890)",
    "Invoice (0612345678) is overdue",
    "Kernel (6.8.0-45) on Ubuntu (22.04), capacity (1000000000) bytes",
    "SHELL=/bin/bash\n0 2 * * * /usr/local/bin/report.sh",
]


@pytest.mark.parametrize(("text", "gone"), SENT)
async def test_sent_redacted(guard: Guard, text: str, gone: list[str]) -> None:
    got = await _sent(guard, text)
    assert not [g for g in gone if g in got], got


@pytest.mark.parametrize("text", UNCHANGED)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("size", (0, 3))
async def test_a_surname_s_phone_in_an_answer(guard: Guard, size: int) -> None:
    text = "Call them back: Faure (0612345678), Sharma (9820144573). Then close the ticket."
    got = await (_answered(guard, text) if not size else _streamed(guard, text, size))
    assert "0612345678" not in got and "9820144573" not in got and got.endswith("Then close the ticket."), got


def _fenced(lang: str, body: str) -> str:
    return f"```{lang}\n{body}\n```"


KEPT = [  # answers that mail the client's value to a receiver: the placeholder stays
    _fenced("yaml", f"receivers:\n  - name: team-ops\n    email_configs:\n      - to: {E}\n"
                    f"        send_resolved: true"),
    f"route:\n  receiver: ops\nreceivers:\n- name: ops\n  email_configs:\n  - to: '{E}'\n    require_tls: true",
    _fenced("yaml", f"apiVersion: 1\ncontactPoints:\n  - orgId: 1\n    name: oncall\n    receivers:\n      - uid: a1\n"
                    f"        type: email\n        settings:\n          addresses: {E}\n          singleEmail: false"),
    _fenced("groovy", f"post {{\n  failure {{\n    emailext to: '{E}',\n      subject: \"Failed: ${{env.JOB_NAME}}\",\n"
                      f"      body: 'See console'\n  }}\n}}"),
    _fenced("groovy", f"emailext(to: '{E}', subject: 'Nightly', body: '${{BUILD_URL}}')"),
    f"MAILTO={E}\n0 2 * * * /usr/local/bin/backup.sh",
    _fenced("", f"SHELL=/bin/bash\nMAILTO=\"{E}\"\n*/15 * * * * /opt/app/sync.sh >/dev/null"),
]
RESTORED = [  # look-alikes: no receiver mailed
    _fenced("yaml", f"receivers:\n  - name: slack\n    slack_configs:\n      - channel: '#ops'\n"
                    f"        text: 'Owner {N}'"),
    _fenced("yaml", f"user:\n  name: {N}\n  email: {E}\n  type: admin"),
    f"Send the report to {E} by Friday.",
    _fenced("", f"0 2 * * * /usr/local/bin/report.sh --owner {E}"),
    _fenced("groovy", f"echo \"Build by {E}\""),
]


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", KEPT)
async def test_configs_that_mail_a_receiver_keep_the_placeholder(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)
