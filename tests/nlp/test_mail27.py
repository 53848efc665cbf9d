"""mail27 (issue 12, atk26 F15): mailboxes under private / Active Directory domains are e-mail addresses.

`jdoe@corp.local`, `rokafor@corp.internal`, `a.nguyen2@ad.contoso.local` went out as written: under a top-level name
no public list knows, only a person-shaped mailbox (`jane.doe@`) was taken. Now a user name is too, under the
private-use names (`.local`, `.internal`, `.lan`, `.corp`, `.intranet`, `.localdomain`, `.private`, `.home`,
`.localnet`, `.intra`); accounts services and roles run under, service principals, logins and single-label hosts
stay as written. The held-out values below (other names, domains and phrasings than the report's) were not tuned on.
"""

from __future__ import annotations

import pytest

from proxy.nlp.mail27 import internal_verdict, private_domain, url_password, user_mailbox
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


def _addresses(spans: set[tuple[str, str]]) -> set[str]:
    return {t for e, t in spans if e == "EMAIL_ADDRESS"}


@pytest.mark.parametrize(("text", "address"), [
    ("The mailbox jdoe@corp.local is full; draft a notice to its owner.", "jdoe@corp.local"),
    ("I have notified rokafor@corp.internal about the quota.", "rokafor@corp.internal"),
    ("Reset MFA for a.nguyen2@ad.contoso.local today.", "a.nguyen2@ad.contoso.local"),
    # held out
    ("Please reset the password for mkowalski@fabrikam.lan before Monday.", "mkowalski@fabrikam.lan"),
    ("UPN: sbaptiste@ad.tailspin.local", "sbaptiste@ad.tailspin.local"),
    ("From: kpatel@mail.wingtip.internal\nSubject: VPN drops every hour", "kpatel@mail.wingtip.internal"),
    ("Ticket #4411 opened by dchen7@corp.woodgrove.local", "dchen7@corp.woodgrove.local"),
    ("cc tbrennan@emea.litware.corp on the change", "tbrennan@emea.litware.corp"),
    ('user_principal_name = "yzhang@contoso.localdomain"', "yzhang@contoso.localdomain"),
    ('{"requester": "hmueller@research.private", "priority": 2}', "hmueller@research.private"),
    ("Login failed for mnakamura@adatum.intranet (bad password).", "mnakamura@adatum.intranet"),
    ("The mailbox of r_silva@fourthcoffee.home is over quota", "r_silva@fourthcoffee.home"),
    ("Add bwilliams2@prod.treyresearch.internal to the on-call list.", "bwilliams2@prod.treyresearch.internal"),
    ("Sent by EOKONKWO@CORP.LOCAL at 09:14", "EOKONKWO@CORP.LOCAL"),
    ("Reach me at vivanova@lab.intra", "vivanova@lab.intra"),
    ("owner: pmartin@adventure.localnet", "pmartin@adventure.localnet"),
    ("Bitte schreiben Sie an fschulz@firma.lan.", "fschulz@firma.lan"),
])
async def test_a_user_mailbox_under_a_private_domain_is_an_address(analyzer: PiiAnalyzer, text: str,
                                                                   address: str) -> None:
    assert _addresses(await found(analyzer, text)) == {address}


@pytest.mark.parametrize("text", [
    "ssh jdoe@build01.corp.local 'uptime'",
    "git clone git@gitlab.corp.local:infra/terraform.git",
    "postgres@db01.corp.internal is the replication user",
    "Run the job as root@node3.cluster.local",
    "svc-backup@corp.local runs the nightly job",
    "sql_svc@corp.local owns the database",
    "HTTP/web01.corp.local@CORP.LOCAL is the SPN",
    "noreply@alerts.corp.internal sends the pages",
    "The default login is admin@router.lan",
    "jenkins@ci.corp.internal triggers the builds",
    "krbtgt@CORP.LOCAL was reset twice",
    "Email: jdoe@fileserver",
    "jdoe@ws01:~$ ls -la",
    "systemctl restart nginx@localhost",
    "npm i @corp/ui@1.2.3 and pip install pkg@1.2.3",
    "@app.route('/x') def index(): ...",
    "Write to user@host.local as a placeholder.",
    "mysql@db.corp.local cannot read the socket",
    "DSN=mysql://report:s3cretPass@db01.corp.local/sales",
    "amqps://worker:Zq4rT8@mq.ad.contoso.internal:5671",
])
async def test_accounts_logins_and_code_under_private_domains_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert _addresses(await found(analyzer, text)) == set()


def test_private_domains_and_user_names() -> None:
    assert private_domain("corp.local") and private_domain("AD.CONTOSO.LOCAL") and private_domain("x.internal")
    assert not private_domain("local") and not private_domain("acme.com") and not private_domain("acme.example")
    assert user_mailbox("jdoe") and user_mailbox("a.nguyen2") and user_mailbox("r_silva")
    assert not user_mailbox("root") and not user_mailbox("svc-backup") and not user_mailbox("admin2")
    assert not user_mailbox("HTTP/web01.corp.local") and not user_mailbox("WS01$") and not user_mailbox("2fa")
    assert internal_verdict("jdoe", "corp.local") and internal_verdict("email='jdoe", "corp.local")
    assert internal_verdict("jdoe", "acme.test") is None and internal_verdict("HTTP/web01", "CORP.LOCAL") is None
    assert user_mailbox("adm-jdoe") and not user_mailbox("svc-payroll") and not user_mailbox("www-data")
    text = "mongodb://admin:hunter2@mongo.corp.local:27017 and write to hunter2@mongo.corp.local"
    at = text.index("hunter2@")
    assert url_password(text, at, text.index(":27017")) and not url_password(text, text.rindex("hunter2"), len(text))
