"""sql31 (atk30 F1, F2, F27, F13, FP8): SQL dumps (mysqldump `INSERT ... VALUES` without a column list, sqlite
`.dump`, pg_dump `--inserts`, pg `COPY ... FROM stdin`) read by their columns, and single-quoted compact lists
(`IN ('A','B')`, JS and Python literals) read as spaced ones: names, phones and SSNs are redacted in requests and in
answers (whole and streamed); product, city, order and id dumps go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.headings import Heading
from proxy.nlp.normalize import normalize, structure_spaced
from proxy.nlp.sql31 import compact_points, tables, typed_values
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

PHONE_SSN = frozenset({"PHONE_NUMBER", "US_SSN"})


@pytest.fixture
def guard(analyzer: object) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)  # type: ignore[arg-type]


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


# (text, what must not go up): the report's shapes with other names and values (held out), and the report's own.
LEAKS = [
    ("CREATE TABLE `patients` (`pid` int, `given_name` varchar(40), `family_name` varchar(40), `mobile` varchar(15), "
     "`ssn` char(9));\nINSERT INTO `patients` VALUES (7,'Ingrid','Halvorsen','3125550172','412785506'),"
     "(8,'Tomasz','Wieczorek','2065550183','501663218');",
     ["Ingrid", "Halvorsen", "3125550172", "412785506", "Tomasz", "Wieczorek", "2065550183", "501663218"]),
    ("CREATE TABLE contacts(id INTEGER PRIMARY KEY, full_name TEXT, tel TEXT);\n"
     "INSERT INTO contacts VALUES(3,'Priya Raghunathan','7735550152');\n"
     "INSERT INTO contacts VALUES(4,'Kwame Mensah','8185550127');",
     ["Priya", "Raghunathan", "7735550152", "Kwame", "Mensah", "8185550127"]),
    ("INSERT INTO public.staff VALUES (11, 'Lucía', 'Fernández', '5125550134');\n"
     "INSERT INTO public.staff VALUES (12, 'Jonas', 'Lindqvist', '4045550178');",
     ["Lucía", "Fernández", "5125550134", "Jonas", "Lindqvist", "4045550178"]),
    ("CREATE TABLE public.staff (\n    id integer NOT NULL,\n    first_name text,\n    last_name text,\n"
     "    work_phone text\n);\n\nINSERT INTO public.staff VALUES (11, 'Lucía', 'Fernández', '5125550134');",
     ["Lucía", "Fernández", "5125550134"]),
    ("COPY public.members (member_id, full_name, home_phone, ssn) FROM stdin;\n12\tAisha Khan\t4045550178\t623119045\n"
     "13\tMarcus Webb\t9175550141\t274830661\n\\.", ["Aisha", "4045550178", "623119045", "Marcus", "274830661"]),
    ("DELETE FROM accounts WHERE owner IN ('Ingrid Halvorsen','Kwame Mensah','Lucía Fernández');",
     ["Ingrid", "Halvorsen", "Kwame", "Mensah", "Lucía", "Fernández"]),
    ("const rows = [['Dmitri Volkov','6175550143'],['Chidi Okafor','6175550199']];", ["Volkov", "Chidi", "Okafor"]),
    ("people = [(3,'Marcus Webb','admin'),(4,'Sofia Rossi','viewer')]", ["Marcus", "Webb", "Sofia", "Rossi"]),
    ("INSERT INTO `employees` VALUES (21,'Kenji','Watanabe','kenji.w@example.org','3035550162',NULL),"
     "(22,'Olena','Kovalenko','olena.k@example.org','6465550119',NULL);",
     ["Kenji", "Watanabe", "3035550162", "Olena", "Kovalenko", "6465550119"]),
    ("Why does this restore fail?\n\nCREATE TABLE `customers` (`id` int, `first_name` varchar(50), `last_name` "
     "varchar(50), `email` varchar(100), `phone` varchar(20));\nINSERT INTO `customers` VALUES (1,'Margaret','Okonkwo',"
     "'m.okonkwo@acme-corp.com','6175550143'),(2,'Dmitri','Volkov','dvolkov@contoso.org','6175550199');",
     ["Margaret", "Okonkwo", "Dmitri", "Volkov", "6175550143", "6175550199"]),
    ("COPY users (id, name, phone) FROM stdin;\n4\tDmitri Volkov\t6175550177\n\\.", ["6175550177"]),
    # an order's row holds its customer's name (`orders` names no table of things)
    ("INSERT INTO orders VALUES (17,'Siobhan Brennan','SKU-42',3),(18,'Nikolai Petrov','SKU-7',1);",
     ["Siobhan", "Brennan", "Nikolai", "Petrov"]),
]

# PII-free look-alikes: products, places, orders, ids (the report's and others).
KEPT = [
    "INSERT INTO products VALUES (1,'Tesla Coil Kit',19.99),(2,'Ada Lovelace Mug',9.5),(3,'Grace Hopper Poster',12);",
    "const cities = ['Santa Monica','San Jose','Fort Worth','Grand Rapids'];",
    "CREATE TABLE products (id int, name text, price int);\n"
    "INSERT INTO products VALUES (1,'Albert Einstein Bobblehead',1299),(2,'Frida Kahlo Tote',2599);",
    "SELECT * FROM stores WHERE city IN ('San Diego','Santa Barbara','El Paso');",
    "INSERT INTO orders VALUES (4417789032,'SKU-42',3,'2024-11-30');",
    "CREATE TABLE devices (id int, phone_model varchar(40), imei varchar(20));\n"
    "INSERT INTO devices VALUES (1,'Pixel 8','3035550162');",
    "COPY shipments (id, tracking_no, carrier) FROM stdin;\n1\t6175550143\tUPS\n2\t4155550199\tFedEx\n\\.",
    "INSERT INTO ids VALUES (1,'4155550199'),(2,'2125550143');",
    "INSERT INTO `jobs` VALUES (1,'nightly-build','2024113042','passed'),(2,'deploy','2024113043','failed');",
    "INSERT INTO builds VALUES (3,'release','6175550143','ok');",
    "COPY events (ts, kind, value) FROM stdin;\n1733480100\tdeploy\t2125550143\n\\.",
    "tags = ['Rose Gold','Navy Blue']",
    "Explain this:\nINSERT INTO `colors` VALUES (1,'Rose Gold'),(2,'Hunter Green'),(3,'Royal Blue'),(4,'Olive Drab');",
]


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_dump_and_compact_values_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


ANSWERS = [
    ("CREATE TABLE members (id int, mobile varchar(20));\n"
     "INSERT INTO members VALUES (5,'3125550172'),(6,'2065550183');",
     ["3125550172", "2065550183"]),
    ("COPY public.members (member_id, full_name, home_phone, ssn) FROM stdin;\n"
     "12\tAisha Khan\t4045550178\t623119045\n\\.", ["4045550178", "623119045"]),
    ("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, ssn TEXT);\nINSERT INTO users VALUES(1,'Kwame Mensah',"
     "'412785506');", ["412785506"]),
]


@pytest.mark.parametrize(("text", "secrets"), ANSWERS)
async def test_dump_values_are_redacted_in_answers(guard: Guard, text: str, secrets: list[str]) -> None:
    got = await _answered(guard, text)
    assert [s for s in secrets if s in got] == [], got


async def test_answer_of_ids_goes_as_sent(guard: Guard) -> None:
    text = "CREATE TABLE jobs (id int, build_no varchar(20));\nINSERT INTO jobs VALUES (5,'3125550172');"
    assert await _answered(guard, text) == text


# ---------------------------------------------------------------------------------------------- units


def test_compact_points_space_single_quoted_lists_only() -> None:
    text = "IN ('Dmitri Volkov','Chidi Okafor') AND x = [(1,'a'),(2,'b')]"
    spaced = structure_spaced(normalize(text)).text
    assert "('Dmitri Volkov', 'Chidi Okafor')" in spaced and "[(1, 'a'), (2, 'b')]" in spaced
    assert compact_points("It's a 'quote', 'spaced' already, rock,n roll") == []
    assert compact_points("f(a,b) and g(x),h") == []


def test_tables_read_columns_from_create_table_and_copy() -> None:
    text = ("CREATE TABLE IF NOT EXISTS `t` (`id` int NOT NULL, `cell` varchar(9), PRIMARY KEY (`id`));\n"
            "INSERT INTO `t` VALUES (1,'O''Brien 3125550172'),(2,NOW());\n"
            "COPY s.u (a, ssn) FROM stdin;\nx\t412785506\n\\.\n")
    found = tables(text)
    assert [(t.name, t.columns, len(t.rows)) for t in found] == [("t", ("id", "cell"), 2), ("u", ("a", "ssn"), 1)]
    got = typed_values(text, PHONE_SSN)
    assert [(text[a:b], e) for a, b, e in got] == [("O''Brien 3125550172", "PHONE_NUMBER"), ("412785506", "US_SSN")]
    assert typed_values(text, frozenset({"EMAIL_ADDRESS"})) == []


def test_stream_heading_keeps_the_schema_and_the_row() -> None:
    text = ("CREATE TABLE customers (id int, email varchar(100), phone varchar(20));\n"
            "INSERT INTO customers VALUES (1,'a@b.example','6175550143'),(2,'c@d.example','61")
    h = Heading()
    for k in range(0, len(text), 7):
        h.feed(text[k:k + 7])
    under = h.prefix()
    assert under.before.startswith("CREATE TABLE customers (id, email, phone);\nINSERT INTO customers VALUES ")
    assert under.before.endswith("(2,'c@d.example','61") and "6175550143" not in under.before
    assert "PHONE_NUMBER" in under.types
    h.feed("75550199');\nSELECT 1;\n")
    assert h.prefix().before == "CREATE TABLE customers (id, email, phone);\n"
    plain = Heading()
    plain.feed("INSERT INTO jobs VALUES (1,'x');\n")
    assert plain.prefix().before == ""


LISTS = [
    # (text, what must not go up): a list's full names, compact or spaced (held out: other names)
    ("assignees = ['Beatriz Souza','Yusuf Demir','Hannah Schulz']", ["Souza", "Yusuf", "Demir", "Schulz"]),
    ("rows = [(9,'Nikolai Petrov','x'),(10,'Amara Nwosu','y')]", ["Petrov", "Amara", "Nwosu"]),
]
THING_LISTS = [
    "SELECT * FROM products WHERE brand IN ('Ford','Lincoln','Ferrari','Porsche');",
    "products = ['Darwin Desk Globe','Edison Bulb Pack','Nobel Medal Replica']",
    "const stops = ['Palo Alto', 'Mountain View', 'Santa Clara', 'Los Gatos'];",
    "fonts = ['Open Sans','Fira Code','Source Serif Pro']",
]


@pytest.mark.parametrize(("text", "secrets"), LISTS)
async def test_list_full_names_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent


@pytest.mark.parametrize("text", THING_LISTS)
async def test_lists_of_things_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
