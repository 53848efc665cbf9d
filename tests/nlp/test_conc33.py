"""conc33 (atk31 F19, F3): Concordance DAT load files (`þ` qualifier, `¶` or ASCII 20 delimiter) read as a table,
sqlite3 list-mode output read by its SELECT's columns (or a `.headers on` header row), and call records' phone
columns (`CallerNumber`, `caller_id`, `ANI`, `DNIS`, ...) are redacted in a request, and their phones and e-mails in
an answer, whole and streamed; PII-free look-alikes (sqlite rows of cities, products, counts; DAT files of document
metadata) go as sent. Values here are held out: other names, numbers and addresses than the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.keyed import headed
from proxy.nlp.conc33 import conc_values, dat_edits, stream_header
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

P, D, A20 = "\u00fe", "\u00b6", "\x14"


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
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


def _dat(rows: list[list[str]], sep: str = D) -> str:
    return "\n".join(sep.join(f"{P}{c}{P}" for c in row) for row in rows)


@pytest.mark.parametrize("name", ["Thaddeus Okonjo", "Marisol Etxeberria", "Radek Novotny", "Linnea Bergstrand",
                                  "Robert Johnson", "Yusuf Karaca"])
async def test_dat_custodian_is_redacted(guard: Guard, name: str) -> None:
    text = _dat([["DOCID", "CUSTODIAN", "DATESENT"], ["KLM0042", name, "02/11/2026"]]) + "\nList the custodians."
    sent = await _sent(guard, text)
    assert name not in sent and name.split()[-1] not in sent
    assert sent.startswith(_dat([["DOCID", "CUSTODIAN", "DATESENT"]]))
    assert f"{P}KLM0042{P}" in sent and f"{P}02/11/2026{P}" in sent  # the qualifiers stay as written


@pytest.mark.parametrize("sep", [D, A20])
async def test_dat_people_fields_addresses_and_phones(guard: Guard, sep: str) -> None:
    text = _dat([["BEGBATES", "CUSTODIAN", "FROM", "TO", "CC", "PHONE", "SUBJECT"],
                 ["DEF000210", "Annika Solberg", "Annika Solberg <a.solberg@fjordline-law.com>",
                  "Kwabena Asante; Ilse Vermeulen", "", "5125550147", "Escrow release"],
                 ["DEF000211", "Kwabena Asante", "kasante@brightwater.org", "Annika Solberg", "Ilse Vermeulen",
                  "3125550163", "Re: escrow"]], sep) + "\nWho wrote to whom?"
    sent = await _sent(guard, text)
    secrets = ["Annika", "Solberg", "Kwabena", "Asante", "Ilse", "Vermeulen", "a.solberg", "kasante", "5125550147",
               "3125550163"]
    assert [s for s in secrets if s in sent] == []
    assert "Escrow release" in sent and f"{P}DEF000211{P}" in sent


async def test_dat_surname_first_particles_and_crlf(guard: Guard) -> None:
    text = _dat([["DOCID", "CUSTODIAN", "Email From", "All Custodians"],
                 ["TUV0300", "Ravensworth, Clementine", "Maarten ter Horst", "Ravensworth, Clementine; Ngozi Eze"],
                 ["TUV0301", "Ngozi Eze", "Bettina von Alvensleben", "Maarten ter Horst"]]).replace("\n", "\r\n")
    sent = await _sent(guard, text + "\r\nGroup by custodian.")
    secrets = ["Ravensworth", "Clementine", "Maarten", "Horst", "Ngozi", "Eze", "Bettina", "Alvensleben"]
    assert [s for s in secrets if s in sent] == []
    assert f"{P}TUV0300{P}" in sent and f"{P}TUV0301{P}" in sent  # (the ids stay)


SQLITE = ("-- Loading resources from /home/ops/.sqliterc\nsqlite> SELECT u.full_name, u.mobile AS cell FROM users u;\n"
          "Gwendolyn Achebe|5035550124\nFerdinand Mbeki|4045550186\nWhich of these are duplicates?")
SQLITE_HEADERS = ("sqlite> .headers on\nsqlite> SELECT * FROM contacts;\nid|name|phone\n1|Ottilie Brandt|7185550112\n"
                  "2|Casimir Lindholm|2065550139")
CALLS = ['"CallDate","CallerNumber","Agent"\n"2026-02-01","5035550124","Hollis"\n"2026-02-02","4045550186","Hollis"',
         "id,caller_id,dnis,secs\n1,5035550124,4045550186,44\n2,7185550112,2065550139,9",
         "ANI;DNIS;Duration\n5035550124;4045550186;31\n7185550112;2065550139;12",
         "from_number\tto_number\tcallback_number\n5035550124\t4045550186\t7185550112\n2065550139\t5035550124\t4045550186",
         "| CalleeNumber | Status |\n|---|---|\n| 5035550124 | busy |\n| 4045550186 | answered |"]
CALLS.append("sqlite> SELECT given_name, surname, tel FROM members;\nTheodora|Quispe|5035550124\n"
             "Anselm|Okwuosa|4045550186")
PHONES = ["5035550124", "4045550186", "7185550112", "2065550139"]


@pytest.mark.parametrize("text", [SQLITE, SQLITE_HEADERS, *CALLS])
async def test_rows_are_redacted(guard: Guard, text: str) -> None:
    sent = await _sent(guard, text)
    secrets = PHONES + ["Gwendolyn", "Achebe", "Ferdinand", "Mbeki", "Ottilie", "Brandt", "Casimir", "Lindholm",
                        "Theodora", "Quispe", "Anselm", "Okwuosa"]
    assert [s for s in secrets if s in sent] == []


ANSWERS = [
    "Here is the result:\n\nsqlite> SELECT name, phone FROM staff;\nGwendolyn Achebe|5035550124\n"
    "Ferdinand Mbeki|4045550186\n\nDone.",
    'Sure:\n"CallDate","CallerNumber","Agent"\n"2026-02-01","5035550124","Hollis"\n"2026-02-02","4045550186","Hollis"\n',
    _dat([["DOCID", "PHONE"], ["GHI0001", "5035550124"]]) + "\nThat is all.",
    _dat([["DOCID", "EMAIL"], ["GHI0001", "hollis.ng@quarrybank.net"]]) + "\nThat is all.",
]


@pytest.mark.parametrize("text", ANSWERS)
async def test_answers_whole_and_streamed(guard: Guard, text: str) -> None:
    # (a DAT answer streamed: checked by hand, 3- and 7-character chunks; its first stream in a process costs ~15 s,
    # as on main, so it is left out here)
    streams = [] if P in text else [await _streamed(guard, text, 3), await _streamed(guard, text, 7)]
    for got in (await _answered(guard, text), *streams):
        assert [s for s in [*PHONES, "hollis.ng"] if s in got] == []
        assert got.endswith(text[-5:])  # (the rest as written)


LOOK_ALIKES = [
    "sqlite> SELECT city, population FROM cities;\nAustin|961855\nJackson|153701\nLincoln|291082",
    "sqlite> SELECT product, price FROM items;\nWidget Pro|19.99\nMadison Desk|249.00\nCarter Lamp|35.50",
    "sqlite> SELECT id, count FROM events;\n4155550199|12\n2125550143|7",
    _dat([["DOCID", "BEGBATES", "PAGECOUNT", "FILENAME"], ["ABC0001", "ABC0001", "12", "Master Services Agreement.pdf"],
          ["ABC0002", "ABC0013", "4", "Austin Office Lease.docx"]]) + "\nHow many pages in total?",
    _dat([["DOCID", "DOCTYPE", "TITLE"], ["REL0007", "Memo", "Grace Period Extension"],
          ["REL0008", "Letter", "Jordan Valley Water Rights"]], A20),
    "order_number,to_number,from_number\nSO-1182,12,40\nSO-1183,7,9",
    _dat([["DOCID", "CUSTODIAN", "AUTHOR", "TO"], ["Z1", "Records Management", "IT Ops", "Executive Committee"],
          ["Z2", "Procurement", "Globex Holdings", "Everyone"]]),
    "Það er gott veður í dag. Þetta er þýðing á skjalinu, þú þarft að lesa það.",  # (a thorn in words: letters)
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_readers() -> None:
    text = _dat([["DOCID", "PHONE"], ["A1", "5035550124"]])
    assert [text[a:b] for a, b, _ in conc_values(text, frozenset({"PHONE_NUMBER"}))] == ["5035550124"]
    assert conc_values(text, frozenset({"US_SSN"})) == []
    assert [text[a] for a, _, _ in dat_edits(text)] == [P] * 8
    assert dat_edits("Ásþór Guðmundsson wrote þis") == []  # a thorn in a word is a letter
    assert stream_header("sqlite> SELECT name, tel FROM t;") == ("|", 2, ["PHONE_NUMBER"])
    assert stream_header("sqlite> SELECT name, city FROM t;") is None
    assert [headed(h) for h in ("CallerNumber", "caller_id", "DNIS", "callback_number", "Caller", "order_number")] \
        == [["PHONE_NUMBER"]] * 4 + [[], []]
