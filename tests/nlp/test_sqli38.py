"""sqli38 (atk38 F01, F12): names in every tuple of a SQL `INSERT` (mysqldump's extended insert with no column list,
`first, last` / `fname, lname` / `given, family` column lists) and in code's string arguments (`new Customer("Priya",
"Raghunathan", ...)`, `createUser(...)`, `dict(first=..., last=...)`). The look-alikes (things' tables, pairs of words
in calls, numbers under `first=`/`last=`) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
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


DUMP = ("INSERT INTO `customers` VALUES (1042,'Priya','Raghunathan','priya.r@yahoo.com','415-829-3317'),"
        "(1043,'Tomasz','Wójcik','tomasz.wojcik@wp.pl','+48 601 234 567'),"
        "(1044,'Declan','Fitzgerald','declan.fitz@eircom.net','087 412 9931');")

NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    (DUMP, ["Priya", "Raghunathan", "Tomasz", "Wójcik", "Declan", "Fitzgerald"],
     ["INSERT INTO `customers` VALUES (1042,"]),
    ("INSERT INTO customers (id, first, last, email) VALUES (1042, 'Priya', 'Raghunathan', 'priya.r@yahoo.com'), "
     "(1043, 'Tomasz', 'Wójcik', 'tomasz.wojcik@wp.pl');", ["Priya", "Raghunathan", "Tomasz", "Wójcik"],
     ["(id, first, last, email)", "(1043, '"]),
    ("INSERT INTO customers (id, fname, lname, email) VALUES (1042, 'Priya', 'Raghunathan', 'priya.r@yahoo.com');",
     ["Priya", "Raghunathan"], ["(id, fname, lname, email)"]),
    ("INSERT INTO customers VALUES\n(1042, 'Priya', 'Raghunathan', 'priya.r@yahoo.com'),\n"
     "(1043, 'Tomasz', 'Wójcik', 'tomasz.wojcik@wp.pl');", ["Priya", "Raghunathan", "Tomasz", "Wójcik"],
     ["INSERT INTO customers VALUES\n(1042, '"]),
    ("INSERT INTO `clients` VALUES (7,'Fenella','Abernethy','Leeds'),(8,'Joaquim','Esteves','Porto'),"
     "(9,'Dariusz','Wróblewski','Gdańsk');", ["Fenella", "Abernethy", "Joaquim", "Esteves", "Dariusz", "Wróblewski"],
     ["INSERT INTO `clients` VALUES (7,'"]),
    ("INSERT INTO people (given, family, phone) VALUES ('Nneka', 'Ezeudu', '555-0188');", ["Nneka", "Ezeudu"],
     ["(given, family, phone)"]),
    ('Customer c1 = new Customer("Priya", "Raghunathan", "priya.r@yahoo.com");\n'
     'Customer c2 = new Customer("Chidi", "Okonkwo", "chidi.okonkwo@outlook.com");',
     ["Priya", "Raghunathan", "Chidi", "Okonkwo"], ["Customer c1 = new Customer(\""]),
    ('await createUser("Ingrid", "Halvorsen", "ingrid.halvorsen@online.no");\n'
     'await createUser("Declan", "Fitzgerald", "declan.fitz@eircom.net");',
     ["Ingrid", "Halvorsen", "Declan", "Fitzgerald"], ["await createUser(\""]),
    ('val p = Person("Declan", "Fitzgerald", 41)', ["Declan", "Fitzgerald"], ["val p = Person(\"", "\", 41)"]),
    ("users = [dict(first='Maria', last='Gonzalez'), dict(first='Priya', last='Raghunathan'), "
     "dict(first='Chidi', last='Okonkwo')]", ["Maria", "Gonzalez", "Priya", "Raghunathan", "Chidi", "Okonkwo"],
     ["users = [dict(first='"]),
    ("seed.add(new Member(3, 'Nneka', 'Abernethy'));", ["Nneka", "Abernethy"], ["seed.add(new Member(3, '"]),
]


@pytest.mark.parametrize(("text", "secrets", "kept"), NAMED, ids=[f"named{i}" for i in range(len(NAMED))])
async def test_names_do_not_go(guard: Guard, text: str, secrets: list[str], kept: list[str]) -> None:
    got = await _sent(guard, text)
    assert not [s for s in secrets if s in got], got
    assert all(k in got for k in kept), got


LOOK_ALIKES = [
    "INSERT INTO products VALUES (1,'Widget','Blue',9.99),(2,'Gadget','Red',4.50);",
    "INSERT INTO cities VALUES ('Paris','France'),('Lyon','France');",
    "INSERT INTO settings VALUES ('Theme','Dark'),('Language','English'),('Region','Europe');",
    "INSERT INTO tools (id, name, vendor) VALUES (1, 'Jenkins', 'CloudBees'), (2, 'Terraform', 'HashiCorp');",
    "INSERT INTO status VALUES (1,'Open','Pending'),(2,'Closed','Resolved');",
    "INSERT INTO log (lvl, msg) VALUES ('INFO','Started'),('WARN','Retry');",
    'Color c = new Color("Red", "Green");',
    'p = Pair("Key", "Value")',
    'logger.info("Starting", "Server")',
    "r = dict(first=1, last=10)",
    "d = dict(first='Alpha', last='Omega')",
    'const range = { first: "Monday", last: "Friday" };',
    'assertEquals("Hello", "World");',
    'new Label("Submit", "Button");',
    'new Tuple<string,string>("Docker", "Kubernetes");',
    'registerTool("Grafana", "Prometheus");',
    'make_pair("Django", "Flask")',
    'new Font("Helvetica", "Bold", 12);',
    'Sort("Ascending", "Name");',
]


@pytest.mark.parametrize("text", LOOK_ALIKES, ids=[f"alike{i}" for i in range(len(LOOK_ALIKES))])
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


ANSWER = ("Here is the seed file:\nINSERT INTO `customers` VALUES (1,'Fenella','Abernethy','Leeds'),"
          "(2,'Joaquim','Esteves','Porto'),(3,'Dariusz','Wróblewski','Gdańsk');\n"
          'and the fixture: new Customer("Chidi", "Okonkwo", 41);\nDone.')
ANSWER_SECRETS = ["Fenella", "Abernethy", "Joaquim", "Esteves", "Dariusz", "Wróblewski", "Chidi", "Okonkwo"]


@pytest.mark.parametrize("size", [3, 17, len(ANSWER)])
async def test_answer_streamed(guard: Guard, size: int) -> None:
    got = await _streamed(guard, ANSWER, size)
    assert not [s for s in ANSWER_SECRETS if s in got], got
    assert "Done." in got and "Here is the seed file:" in got
