"""issue 12, atk14 B H4 streamed: bare phone numbers and SSNs under a table column's header that names them
(Markdown, CSV, tab, `;`, HTML `<th>Phone</th>`) or after a `Phones:` label, in an answer streamed in 1-, 7- and
20-character chunks on the Chat Completions, Responses and Messages APIs through the official SDKs. Whole answers
redacted them (columns14); a stream's window, cut at each line, read each row without its header and let the values
go raw to the client. The streamed answer is now the whole answer. A table without a header, or under a header that
names no such type, keeps its numbers as sent."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, answer_of, oai

PH = ["6175550143", "2125550199", "4155550123", "3125550187", "7185550134"]
SS = ["536904399", "219099999", "457555462", "387452211", "234567891"]
NAMES = ["Ann Lee", "Bo Park", "Cy Diaz", "Di Chen", "Ed Kim"]

PROWS = list(zip(NAMES, PH, strict=True))  # (name, value) per row
SROWS = list(zip(NAMES, SS, strict=True))

TABLES = {
    "markdown": ("| Name | Phone |\n|---|---|\n" + "\n".join(f"| {a} | {n} |" for a, n in PROWS), PH),
    "csv": ("name,ssn,city\n" + "\n".join(f"{a},{n},Boston" for a, n in SROWS), SS),
    "tab": ("name\tphone\tteam\n" + "\n".join(f"{a}\t{n}\tsales" for a, n in PROWS), PH),
    "semicolon": ("id;SSN;team\n" + "\n".join(f"{i};{n};ops" for i, n in enumerate(SS)), SS),
    "html": ("<table>\n<tr><th>Name</th><th>Phone</th></tr>\n"
             + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>\n" for a, n in PROWS) + "</table>", PH),
    "phones list": ("Phones:\n" + "\n".join(f"- {n}" for n in PH), PH),
}
PLAIN = {
    "no header": "| a | b |\n|---|---|\n" + "\n".join(f"| item{i} | {n} |" for i, n in enumerate(PH)),
    "order header": "| item | order |\n|---|---|\n" + "\n".join(f"| box{i} | {n} |" for i, n in enumerate(PH)),
}
AROUND = "Here is the list you asked for.\n\n{}\n\nLet me know if you need more."


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _answer(p: Proxy, api: str, stream: bool) -> str:
    if api == "responses":
        client = oai(p).responses
        if not stream:
            return client.create(model="gpt-4o-mini", input="hi").output_text
        with client.stream(model="gpt-4o-mini", input="hi") as s:
            text = "".join(e.delta for e in s if e.type == "response.output_text.delta")
            assert s.get_final_response().output_text == text
        return text
    return answer_of(p, api, stream)[0]


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(TABLES))
def test_values_under_a_header_streamed_as_whole(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    table, values = TABLES[case]
    text = AROUND.format(table)
    mock.script(text=text)
    whole = _answer(guarded, api, False)
    assert [v for v in values if v in whole] == [], whole
    for size in (1, 7, 20):
        mock.script(text=text, chunk_chars=size)
        streamed = _answer(guarded, api, True)
        assert [v for v in values if v in streamed] == [], (size, streamed)
        assert streamed == whole, (size, streamed)


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(PLAIN))
def test_numbers_under_no_such_header_stay_streamed(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    text = AROUND.format(PLAIN[case])
    for size in (1, 7, 20):
        mock.script(text=text, chunk_chars=size)
        assert _answer(guarded, api, True) == text, size
