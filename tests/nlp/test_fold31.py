"""fold31 (atk30 F8, F8c, F26, F14, F16): iCalendar/vCard line folding (a line break then one space or tab, mid-word)
is read away in the views, so a folded e-mail, phone or `patterns:` codename is found, on input and in answers (whole
and streamed), and its placeholder covers the fold; a vCard property name is no person; CSS letter escapes, RTF
`\\'46` and a single quoted-printable `=20` on a header line are decoded; a passport MRZ's holder name and an LDAP
DN's `CN=Surname\\, Given` are redacted. Values and texts here are held out (other names, domains and numbers than
the report's); look-alikes (indented prose, YAML, code, Markdown lists, Windows paths, code with `=`, `<<`) go as
sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.windows import may_cut
from proxy.nlp.fold31 import fold_open, unfold
from proxy.nlp.normalize import normalize, pattern_view
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import PII_OUT, policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True},
                     **BLOCK})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> tuple[bool, str]:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    verdict = await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return verdict.blocked, str(body["messages"][0]["content"])


async def _streamed(guard: Guard, doc: dict[str, object], text: str, size: int) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=doc))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    out += await stream.end("c0")
    return out, stream.blocked


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20270114T090000Z\r\n"
       "ORGANIZER;CN=Board office:mailto:office@fabrikam.example.org\r\n"
       "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;X-NUM-GUESTS=0:mailto:priya.raghu\r\n"
       " nathan@fabrikam.example.org\r\nDESCRIPTION:Bridge line +1 415-555-01\r\n 87\\, ask for the chair.\r\n"
       "END:VEVENT\r\nEND:VCALENDAR\r\n")
VCF = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lars Eriksson\r\nN:Eriksson;Lars;;;\r\n"
       "EMAIL;TYPE=work:lars.eriksson.support-desk@north\r\n wind.example.com\r\n"
       "TEL;TYPE=cell:+1 312-555-\r\n\t0166\r\n"
       "END:VCARD\r\n")
FOLDED = [  # (text, what must not go up)
    ("Summarise this invite:\n" + ICS, "priya.raghu"),
    ("Summarise this invite:\n" + ICS, "nathan@"),
    ("Summarise this invite:\n" + ICS, "415-555-01"),
    ("Import this contact:\n" + VCF, "lars.eriksson.support-desk"),
    ("Import this contact:\n" + VCF, "wind.example.com"),
    ("Import this contact:\n" + VCF, "0166"),
    ("BEGIN:VCARD\nFN:Team inbox\nEMAIL:chidi.okafor@contos\n o.example.com\nEND:VCARD", "chidi.okafor"),  # LF + space
    # a fragment without `BEGIN:` (a pasted property line)
    ("Why is this rejected?\nATTENDEE;RSVP=TRUE:mailto:sofia.rossi.finance@tailspin\r\n .example.net", "sofia.rossi"),
]
CODENAMES = [
    "BEGIN:VEVENT\r\nSUMMARY:Kickoff for Project Osp\r\n rey with the leads\r\nEND:VEVENT",
    "BEGIN:VEVENT\nSUMMARY:Kickoff for Project Osp\n rey with the leads\nEND:VEVENT",
    "BEGIN:VEVENT\r\nSUMMARY:Kickoff for Project Osp\r\n\trey with the leads\r\nEND:VEVENT",
    "BEGIN:VTODO\r\nDESCRIPTION:Prepare the project fa\r\n lcon budget review\r\nEND:VTODO",
    "SUMMARY:Steering call: Proj\r\n ect Falcon roadmap",  # a fragment
]
# Text with a line break then one space that is no fold: it goes as sent, and its views are the text.
LOOK_ALIKES = [
    "Steps:\n- install\n - configure the Project Fal\n con mirror",  # (a list item's line: not joined)
    "summary: The results\n are good\nnotes: none",
    "SUMMARY: The results\n are good",  # (a space after the colon: prose, not a property)
    "def f(x):\n return x\n",
    "Notes\n indented paragraph continues\n here",
    "N: 5\n and more",
    "Hi team,\r\n please review the attached plan.\r\n Thanks",  # (CRLF, indented: no document)
    "    BEGIN:VCALENDAR\n    SUMMARY:x\n    END:VCALENDAR",  # (an indented document: every line indented)
]


@pytest.mark.parametrize(("text", "secret"), FOLDED)
async def test_a_folded_value_is_redacted_on_input(guard: Guard, text: str, secret: str) -> None:
    blocked, after = await _sent(guard, text)
    assert not blocked and secret not in after, after


async def test_the_placeholder_covers_the_fold_and_the_property_names_stay(guard: Guard) -> None:
    _, after = await _sent(guard, "Import this contact:\n" + VCF)
    assert "\nN:" in after and "EMAIL;TYPE=work:<EMAIL_ADDRESS_" in after, after  # (`N` was read as a person)
    assert "\r\n wind" not in after and "\r\n\t0166" not in after, after
    assert "\nFN:<PERSON_" in after, after


@pytest.mark.parametrize("text", CODENAMES)
async def test_a_folded_codename_is_blocked_on_input_and_in_answers(guard: Guard, text: str) -> None:
    assert (await _sent(guard, "Summarise this:\n" + text))[0]
    assert (await guard.output(policy(output=BLOCK), [text])).blocked
    for size in (1, 4, 6, 13):
        got, blocked = await _streamed(guard, BLOCK, text, size)
        assert blocked and "rey with" not in got and "lcon budget" not in got, (size, got)


@pytest.mark.parametrize("size", [3, 6, 11])
async def test_the_models_folded_values_are_redacted_in_answers(guard: Guard, size: int) -> None:
    for text in (ICS, VCF):
        whole = (await guard.output(policy(output=PII_OUT), [text])).texts[0]
        got, _ = await _streamed(guard, PII_OUT, text, size)
        for answer in (whole, got):
            assert answer is not None
            for secret in ("priya.raghu", "nathan@", "415-555-01", "support-desk", "wind.example", "0166"):
                assert secret not in answer, (size, answer)


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_indented_text_is_no_fold(guard: Guard, text: str) -> None:
    assert list(unfold(text)) == []
    assert normalize(text).text == text
    assert await _sent(guard, text) == (False, text)


def test_the_view_maps_a_fold_back() -> None:
    text = "BEGIN:VCARD\r\nEMAIL:ab\r\n cd@x.org\r\nEND:VCARD"
    view = normalize(text)
    assert "EMAIL:abcd@x.org\r\n" in view.text
    a = view.text.index("abcd")
    assert view.span(a, a + len("abcd@x.org")) == (text.index("ab\r"), text.index("@x.org") + len("@x.org"))


def test_a_window_never_ends_where_a_fold_may_follow() -> None:
    text = "SUMMARY:Kickoff for Project Osp\r\n"
    assert fold_open(text, len(text)) and fold_open(text + " rey", len(text))
    assert fold_open(text[:-1], len(text) - 1)  # (inside the CRLF)
    assert not fold_open(text + "END:VEVENT", len(text))  # (the next line is no continuation)
    assert not fold_open("Kickoff for Project Osp\n", len("Kickoff for Project Osp\n"))  # (prose)
    assert not may_cut("EMAIL:dana.k\r\n", len("EMAIL:dana.k\r\n"))


ESCAPED = [
    "What does this render? content: 'Project \\4f sprey';",
    "h1::after { content: \"Project\\20 Osprey\"; }",
    "content: 'Project \\000046 alcon';",
    "{\\rtf1\\ansi Project \\'4fsprey}",
    "{\\rtf1 The \\'50roject Falcon plan}",
    "Subject: Project=20Osprey kickoff",
    "Content-Transfer-Encoding: quoted-printable\n\nWe start Project=20Osprey today.",
]
ESCAPE_LOOK_ALIKES = [
    "Copy C:\\data\\2024\\Project\\20 files to the share: done",
    "x = a=20b; y: 'ok'",
    "content: 'Project \\46 ';",  # (an escape alone: `F`, no codename)
    "padding: 0 \\20;",
    "RTF sample: \\'46 without a document",
    "Subject: Weekly=sync",
    "total=20items in Project Osp rey",
]


@pytest.mark.parametrize("text", ESCAPED)
async def test_an_escaped_codename_is_blocked(guard: Guard, text: str) -> None:
    assert (await _sent(guard, text))[0], pattern_view(text).text


@pytest.mark.parametrize("text", ESCAPE_LOOK_ALIKES)
async def test_escape_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


MRZ = [
    ("P<GBRERIKSSON<<LARS<JOHAN<<<<<<<<<<<<<<<<<<<<\n1234567897GBR7408122M2010315<<<<<<<<<<<<<<00",
     ["ERIKSSON", "LARS", "JOHAN"]),
    ("MRZ:\nP<D<<RAGHUNATHAN<<PRIYA<<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
     ["RAGHUNATHAN", "PRIYA"]),
    ("I<UTOOKAFOR<<CHIDI<EMEKA<<<<<<<<<<<<<<<<\nD231458907UTO7408122M1204159<<<<<<<6", ["OKAFOR", "CHIDI", "EMEKA"]),
    ("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nROSSI<<SOFIA<MARIA<<<<<<<<<<<<",
     ["ROSSI", "SOFIA"]),
]
MRZ_LOOK_ALIKES = [
    "std::cout << x << y;\nA<<B",
    "HEADER<<SECTION<<<<<<<<<<<<<<<<<<<<",
    "P<USA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
]


@pytest.mark.parametrize(("text", "secrets"), MRZ)
async def test_an_mrz_holder_name_is_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    _, after = await _sent(guard, text)
    assert not any(s in after for s in secrets), after


@pytest.mark.parametrize("text", MRZ_LOOK_ALIKES)
async def test_mrz_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


LDAP = [
    ("Bind fails for CN=Okafor\\, Chidi,OU=Finance,DC=fabrikam,DC=example", ["Okafor", "Chidi"]),
    ("dn: CN=Eriksson\\, Lars Johan,OU=Users,OU=Stockholm,DC=corp,DC=example", ["Eriksson", "Lars"]),
    ('member="CN=Rossi\\, Sofia,OU=Staff,DC=tailspin,DC=net"', ["Rossi", "Sofia"]),
]
LDAP_LOOK_ALIKES = [
    "Bind as CN=Users,DC=corp,DC=example failed",
    "CN=Sales\\, EMEA,OU=Groups,DC=corp,DC=example",
    "CN=Finance\\, Europe,OU=Groups,DC=corp,DC=example",
    "CN=svc-backup,OU=Service Accounts,DC=corp,DC=example",
]


@pytest.mark.parametrize(("text", "secrets"), LDAP)
async def test_an_ldap_common_name_is_redacted_whole(guard: Guard, text: str, secrets: list[str]) -> None:
    _, after = await _sent(guard, text)
    assert not any(s in after for s in secrets), after


@pytest.mark.parametrize("text", LDAP_LOOK_ALIKES)
async def test_ldap_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


P_PASSPORT = policy(input={"pii": {"action": "redact", "entities": [*DEFAULT_ENTITIES, "US_PASSPORT"]}})


async def test_an_mrz_document_number_is_redacted_where_asked(guard: Guard) -> None:
    text = "P<CANWEBB<<MARCUS<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nGA3029471<4CAN8103049M3104125<<<<<<<<<<<<<<02"
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_PASSPORT, openai.request_texts("chat", body))
    after = str(body["messages"][0]["content"])
    assert "GA3029471" not in after and "WEBB" not in after and "<US_PASSPORT_1>" in after, after
    _, default = await _sent(guard, text)  # (not asked for: the number stays, the name goes)
    assert "GA3029471" in default and "WEBB" not in default, default
