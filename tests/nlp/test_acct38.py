"""acct38 (atk37 F08): a person's name as an account's name: Windows/Linux/macOS home folders, `DOMAIN\\user`,
Exchange X.500 and LDAP `cn=`, account keys (`sAMAccountName:`, `Owner:`), mailboxes with no top-level domain
(`@corp`, `@163`), `first.last` after a person's cue, and code hosts' and social sites' profile URLs. Names and
layouts are held out (not the report's); the look-alikes (service accounts, organisations' repositories, modules,
packages, constants) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.acct38 import account_name
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


NAMED = [  # (text, the account that must not go, what must stay as written)
    ('File "C:\\Users\\harriet.bellamy\\AppData\\Local\\Programs\\tool\\main.py", line 40, in run',
     "harriet.bellamy", ['File "C:\\Users\\', "\\AppData\\Local\\Programs\\tool\\main.py", "line 40"]),
    ("C:\\Users\\Oswald.Pemberton\\OneDrive - Northwind\\Legal\\nda.docx", "Oswald.Pemberton",
     ["C:\\Users\\", "\\OneDrive - Northwind\\Legal\\nda.docx"]),
    ("Error: cannot open /home/harriet_bellamy/.aws/credentials", "harriet_bellamy",
     ["/home/", "/.aws/credentials"]),
    ("rsync -a ./out/ /home/oswald-pemberton/backup/", "oswald-pemberton", ["rsync -a ./out/ /home/"]),
    ('{"cwd": "C:\\\\Users\\\\imogen.castellanos\\\\source\\\\repos"}', "imogen.castellanos", ["source"]),
    ("C:\\Users\\OPemberton\\Desktop\\todo.txt", "OPemberton", ["\\Desktop\\todo.txt"]),
    ("fork: https://github.com/harriet-bellamy/budget-tracker", "harriet-bellamy", ["/budget-tracker"]),
    ("git clone git@gitlab.com:oswald_pemberton/thesis-latex.git", "oswald_pemberton", ["/thesis-latex.git"]),
    ("her page: instagram.com/imogen.castellanos and nothing else", "imogen.castellanos", ["and nothing else"]),
    ("https://twitter.com/harriet_bellamy/status/12345", "harriet_bellamy", ["/status/12345"]),
    ("DM at https://northwind.slack.com/team/oswald.pemberton", "oswald.pemberton", ["northwind.slack.com/team/"]),
    ("An account failed to log on. Account Name: NORTHWIND\\imogen.castellanos", "imogen.castellanos",
     ["NORTHWIND\\"]),
    ("X-MS-Exchange-Organization-AuthAs: /o=Northwind/ou=Exchange Administrative Group/cn=Recipients/"
     "cn=harriet.bellamy", "harriet.bellamy", ["cn=Recipients/cn="]),
    ("dn: CN=oswald.pemberton,OU=Legal,DC=northwind,DC=local", "oswald.pemberton", [",OU=Legal,DC=northwind"]),
    ("sAMAccountName: opemberton", "opemberton", ["sAMAccountName: "]),
    ("Reporter: imogen.castellanos", "imogen.castellanos", ["Reporter: "]),
    ("Owner: harriet.bellamy (you)", "harriet.bellamy", ["Owner: ", " (you)"]),
    ("please mail imogen.castellanos@corp today", "imogen.castellanos", ["@corp today"]),
    ("她的邮箱 liu.jianhua@163 可以联系", "liu.jianhua", ["@163"]),
    ("ask oswald.pemberton (same as his gmail)", "oswald.pemberton", ["ask ", "(same as his gmail)"]),
]
PLAIN = [  # PII-free look-alikes: engineering text with paths, accounts and repositories
    "C:\\Users\\Public\\Documents\\setup.log and C:\\Users\\Administrator\\Desktop",
    "cd /home/ubuntu/app && ls /home/runner/work/repo /home/node/app",
    "The notebook lives in /home/jovyan/work; CI uses /home/circleci/project.",
    "pip install from https://github.com/pallets/flask and https://github.com/open-telemetry/opentelemetry-python",
    "See https://github.com/rust-lang/rust/issues/1234 and github.com/aws-samples/aws-cdk-examples",
    "uses: actions/checkout@v4 from https://github.com/kubernetes-sigs/kind",
    "x.com/home shows the timeline; instagram.com/explore is the feed.",
    "Run as CONTOSO\\svc-backup, not NT AUTHORITY\\SYSTEM or BUILTIN\\Administrators.",
    "ou=Exchange Administrative Group/cn=Recipients and cn=Configuration",
    "dn: CN=Users,DC=contoso,DC=com",
    "import os.path; from django.contrib import admin",
    "npm i react-dom date-fns lodash.debounce",
    "Owner: root; Reporter: jenkins; user: postgres; login: ubuntu",
    "owner=MAX_RETRIES and user=DataLoader",
    "cc max.retries into the config",
    "Set user.name and user.email with git config.",
]


@pytest.mark.parametrize(("text", "value", "kept"), NAMED)
async def test_accounts_redacted_on_input(guard: Guard, text: str, value: str, kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert value not in sent
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "value", "kept"), NAMED[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_accounts_redacted_in_answers(guard: Guard, text: str, value: str, kept: list[str], size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert value not in out
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("account", "name"), [
    ("harriet.bellamy", True), ("oswald_pemberton2", True), ("OPemberton", True), ("liu.jianhua", True),
    ("cordelia.winthrop", True),
    ("svc-backup", False), ("Administrator", False), ("ubuntu", False), ("MAX_RETRIES", False), ("os.path", False),
    ("lodash.debounce", False), ("react-dom", False), ("Recipients", False),
])
def test_account_name(account: str, name: bool) -> None:
    assert bool(account_name(account)) is name


@pytest.mark.parametrize(("account", "level", "name"), [
    ("cordelia-winthrop", "host", True), ("rust-lang", "host", False), ("julia-lang", "host", False),
    ("open-telemetry", "host", False), ("max.retries", "prose", False), ("harriet.bellamy", "prose", True),
])
def test_account_name_by_place(account: str, level: str, name: bool) -> None:
    assert bool(account_name(account, level)) is name
