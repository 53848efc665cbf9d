"""tbl49 end to end through the official OpenAI and Anthropic SDKs, under the shipped default policy (atk49 F03,
F04): an SSN or a phone number under its column's header in a grid table (`+====+` header rule), a Jira/Confluence
`||h||` table, a MediaWiki `! h !! h` table or a box-drawing `mixed_grid` reaches the provider redacted and the
client redacted (whole and streamed answers); a streamed whitespace-aligned table (reST simple, sqlite `.mode
column`) or box table reaches the client redacted as the whole answer does. Look-alikes (order ids, prices, counts
in the same layouts) go as sent and come back as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SS, PH = "536904399", "6175550143"

GRID = (f"+------+-----------+------------+\n| id   | ssn       | phone      |\n+======+===========+============+\n"
        f"| 1    | {SS} | {PH} |\n+------+-----------+------------+")
JIRA = f"||id||ssn||phone||\n|1|{SS}|{PH}|"
WIKI = f"{{| class=\"wikitable\"\n! id !! ssn !! phone\n|-\n| 1 || {SS} || {PH}\n|}}"
MIXED = (f"┍━━━━━━┯━━━━━━━━━━━┯━━━━━━━━━━━━┑\n│ id   │ ssn       │ phone      │\n┝━━━━━━┿━━━━━━━━━━━┿━━━━━━━━━━━━┥\n"
         f"│ 1    │ {SS} │ {PH} │\n┕━━━━━━┷━━━━━━━━━━━┷━━━━━━━━━━━━┙")
RST = (f"====  =========  ==========\nid    ssn        phone\n====  =========  ==========\n1     {SS}  {PH}\n"
       "====  =========  ==========")
SQLITE = f"id  ssn        phone\n--  ---------  ----------\n1   {SS}  {PH}"
FANCY = ("╒══════╤═══════════╤═══════════╤════════════╕\n│ id   │ name      │ ssn       │ phone      │\n"
         "╞══════╪═══════════╪═══════════╪════════════╡\n"
         f"│ 1    │ Dana Kerr │ {SS} │ {PH} │\n╘══════╧═══════════╧═══════════╧════════════╛")
WHOLE_AND_STREAMED = {"grid": GRID, "jira": JIRA, "mediawiki": WIKI, "mixed grid": MIXED}
STREAMED = {"rst simple": RST, "sqlite column": SQLITE, "fancy grid": FANCY}
KEPT = [
    "+-----------+-----+---------+\n| order_id  | qty | price   |\n+===========+=====+=========+\n"
    "| 536904399 | 12  | 1499.00 |\n+-----------+-----+---------+",
    "||key||points||sprint||\n|PROJ-4411|8|2024-17|",
    "{| class=\"wikitable\"\n! City !! Population\n|-\n| Lagos || 15388000\n|}",
    "invoice   amount     customer_id\n--------  ---------  -----------\n100023    4410.25    536904399",
]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _leaked(text: str) -> list[str]:
    return [v for v in (SS, PH) if v in text]


@pytest.mark.parametrize("case", list(WHOLE_AND_STREAMED))
def test_f03_to_the_provider(guarded: Proxy, mock: Mock, case: str) -> None:
    text = "Why does this query return duplicates?\n\n" + WHOLE_AND_STREAMED[case]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert _leaked(sent) == [] and "<" in sent, sent
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                    messages=[{"role": "user", "content": text}])
    assert _leaked(str(mock.last_body["messages"])) == [], mock.last_body


@pytest.mark.parametrize("case", list(WHOLE_AND_STREAMED))
def test_f03_to_the_client_whole_and_streamed(guarded: Proxy, mock: Mock, case: str) -> None:
    table = WHOLE_AND_STREAMED[case]
    mock.script(text=table)
    r = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "show"}])
    assert _leaked(r.choices[0].message.content or "") == [], r
    mock.script(text=table, chunk_chars=4)
    chunks = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "show"}])
    got = "".join((c.choices[0].delta.content or "") for c in chunks if c.choices)
    assert got and _leaked(got) == [], got


@pytest.mark.parametrize("case", list(STREAMED))
def test_f04_streamed_aligned_tables(guarded: Proxy, mock: Mock, case: str) -> None:
    table = STREAMED[case]
    for size in (4, 16):
        mock.script(text=table, chunk_chars=size)
        chunks = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                      messages=[{"role": "user", "content": "show"}])
        got = "".join((c.choices[0].delta.content or "") for c in chunks if c.choices)
        assert got and _leaked(got) == [], (size, got)
    mock.script(text=table, chunk_chars=5)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=100,
                                         messages=[{"role": "user", "content": "show"}]) as s:
        got = "".join(s.text_stream)
    assert got and _leaked(got) == [], got


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_as_sent_and_as_written(guarded: Proxy, mock: Mock, text: str) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert mock.last_body["messages"][0]["content"] == text
    mock.script(text=text, chunk_chars=7)
    chunks = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "show"}])
    assert "".join((c.choices[0].delta.content or "") for c in chunks if c.choices) == text
