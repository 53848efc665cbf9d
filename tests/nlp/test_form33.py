"""form33 (atk31 F17, F9, F18): a passport's machine-readable zone as OCR writes it (`«`, `(` or `K` for the `<`
filler, spaces around the chevrons, a line one or two characters short or long, lower case; a TD1 card's third line),
the name cells of US tax forms as text (Form 1040's `If joint return, spouse's first name  Last name`, W-2 box `e`,
1099 `RECIPIENT'S name`, read by the columns of their labels) and a vCard's `N:` parts and `FN:` are redacted as
names. Values are held out (other names, states, numbers and layouts than the report's and the ones tuned on);
look-alikes (C++/shell/Markdown `<<`, conflict markers, guillemets, blank forms, firms in the employer or payer box,
organisations' and roles' vCards) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.form33 import with_form33
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
NAMES_OUT = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> tuple[bool, str]:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    verdict = await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return verdict.blocked, str(body["messages"][0]["content"])


def _td3(state: str, surname: str, given: str, fill: str = "<", width: int = 44) -> str:
    head = f"P{fill}{state}{surname}{fill * 2}{given}"
    return head + fill * (width - len(head))


DATA = "L898902C36NZL7408122F1204159<<<<<<<<<<<<<<04"
MRZ = [  # (text, what must not go up)
    (f"OCR result:\n{_td3('NZL', 'PARATA', 'RANGI', '«')}\n{DATA}", ["PARATA", "RANGI"]),
    (f"{_td3('NOR', 'HALVORSEN', 'INGRID', '«')}\n{DATA}\nIs this valid?", ["HALVORSEN", "INGRID"]),
    (f"P < PER QUISPE << WAYRA <<<<<<<<<<<<<<<<<<<<<<<<<\n{DATA}", ["QUISPE", "WAYRA"]),
    (f"P < NGA OKEKE << CHINEDU < < < < < < < < < < < < < <\n{DATA}", ["OKEKE", "CHINEDU"]),
    (f"{_td3('FRA', 'DELACROIX', 'MANON', '«')[:-2]}\n{DATA}", ["DELACROIX", "MANON"]),
    (f"P < IRL FARRELLY << SIOBHAN {'<' * 28}\n{DATA}", ["FARRELLY", "SIOBHAN"]),
    (f"{_td3('KEN', 'WANJIKU', 'ACHIENG', 'K')}\n{DATA}", ["WANJIKU", "ACHIENG"]),
    (f"{_td3('CHL', 'ARAVENA', 'CATALINA', '(')}\n{DATA}", ["ARAVENA", "CATALINA"]),
    (f"scan:\n{_td3('ISL', 'GUDMUNDSDOTTIR', 'SOLVEIG').lower()}\n{DATA.lower()}", ["gudmundsdottir", "solveig"]),
    ("P<NZLPARATA<<RANGI<<<<<<<<<<<<<<<<<<<<<<<<<<<", ["PARATA", "RANGI"]),  # one long, no data line
    ("I<NORD231458907<<<<<<<<<<<<<<<\n7408122F1204159NOR<<<<<<<<<<<6\nHALVORSEN<<INGRID«««««««««««««",
     ["HALVORSEN", "INGRID"]),
]
MRZ_LOOK_ALIKES = [
    '#include <iostream>\nint main() {\n    std::cout << "Total: " << total << " items" << std::endl;\n}',
    "cat <<EOF > /etc/motd\nWelcome to the build host\nEOF",
    "PARAMS << INPUT << OUTPUT <<<<<<<<<<<<<<<<<<<<<<<",
    "In a << b the left operand shifts; C << D << E shifts twice.",
    '<<<<<<< HEAD\nconst owner = "platform";\n=======\nconst owner = "infra";\n>>>>>>> feature/owners',
    "Press << PREV or NEXT >> to page. « Bonjour », dit-il. « Très bien. »",
    "IMPORTANT << NOTICE << READ THIS <<<<<<<<<<<<<<",
    "CLASSKEEPKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK",
    "ACCESS((DENIED((((((((((((((((((((((((((((((",
    "Pstream << Cstream << Astream << data << more << stuff",
    "P<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
    "Appendix: the guillemets «««« mark quotations; ««« and »»» look odd in some typesetting.",
]


@pytest.mark.parametrize(("text", "secrets"), MRZ)
async def test_an_ocr_mrz_holder_name_is_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    blocked, after = await _sent(guard, text)
    assert not blocked and not any(s in after for s in secrets), after
    assert "<PERSON_1>" in after, after


@pytest.mark.parametrize("text", MRZ_LOOK_ALIKES)
async def test_mrz_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


FORMS = [
    ("Form 1040 (2025)\nYour first name and middle initial     Last name             Your social security number\n"
     "Rangi T                                Parata                618 40 2271\n"
     "If joint return, spouse's first name and middle initial     Last name\n"
     "Yuki                                   Nakashima\n", ["Parata", "Nakashima"]),
    ("If joint return, spouse's first name  Last name\nThandiwe                              Mokoena\n", ["Mokoena"]),
    ("If joint return, spouse's first name and middle initial    Last name\n"
     "Ayesha K                                                    Siddiqui\n", ["Siddiqui"]),
    ("W-2 2025\nc Employer's name, address, and ZIP code\nTailspin Toys Inc, 9 Pier Rd, Portland OR 97201\n"
     "e Employee's first name and initial    Last name           Suff.\nTomasz                                 "
     "Wierzbicki\nf Employee's address and ZIP code\n", ["Tomasz", "Wierzbicki"]),
    ("1099-MISC\nRECIPIENT'S name\nManon Delacroix\nStreet address (including apt. no.)\n", ["Manon", "Delacroix"]),
    ("Household employer W-2:\nc Employer's name, address, and ZIP code\nRavi Shankar, 4 Oak Ln, Ames IA\n",
     ["Shankar"]),
]
FORM_LOOK_ALIKES = [
    "Form 1040 (2025)\nYour first name and middle initial   Last name          Your social security number\n"
    "If joint return, spouse's first name  Last name          Spouse's social security number\n"
    "Home address (number and street). If you have a P.O. box, see instructions.   Apt. no.\n",
    "e Employee's first name and initial     Last name                 Suff.\nf Employee's address and ZIP code\n",
    "c Employer's name, address, and ZIP code\nMadison Square Logistics LLC\n1 Main St, Dallas TX 75201\n",
    "PAYER'S name, street address, city or town, state or province, country, ZIP\n"
    "Lincoln Financial Group, 150 Radnor Rd, Radnor PA 19087\n",
    "RECIPIENT'S name\nStreet address (including apt. no.)\nCity or town, state or province, and ZIP code\n",
    "If joint return, spouse's first name  Last name\nCheck here if your spouse itemizes on a separate return\n",
    "First name         Last name\n(required)         (required)\n",
    "Field              Last name\nType               string\n",
]


@pytest.mark.parametrize(("text", "secrets"), FORMS)
async def test_a_tax_forms_name_columns_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    _, after = await _sent(guard, text)
    assert not any(s in after for s in secrets), after


@pytest.mark.parametrize("text", FORM_LOOK_ALIKES)
async def test_blank_forms_and_firms_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


CARDS = [
    ("BEGIN:VCARD\nVERSION:3.0\nN:Parata;Rangi;;;\nFN:Rangi Parata\nEND:VCARD\nSummarize.", ["Parata", "Rangi"]),
    ("BEGIN:VCARD\r\nVERSION:4.0\r\nN:Lin;Mei;Hua;Dr.;\r\nFN:Dr. Mei Hua Lin\r\nEND:VCARD\r\n", ["Mei", "Hua"]),
    ("BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8:Delacroix;Manon;;;\nFN;CHARSET=UTF-8:Manon Delacroix\n"
     "ORG:Contoso\nEND:VCARD", ["Delacroix", "Manon"]),
    ("BEGIN:VCARD\nVERSION:3.0\nFN:Tomasz Wierzbicki\nN:Wierzbicki;Tomasz;;;PhD\nEND:VCARD", ["Wierzbicki", "Tomasz"]),
]
CARD_LOOK_ALIKES = [
    "BEGIN:VCARD\nVERSION:4.0\nKIND:org\nN:;;;;\nFN:Austin Community College\nORG:Austin Community College\n"
    "END:VCARD",
    "BEGIN:VCARD\nVERSION:3.0\nN:Madison Dental Group;;;;\nFN:Madison Dental Group\nORG:Madison Dental Group\n"
    "X-ABShowAs:COMPANY\nEND:VCARD",
    "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Jackson Hewitt Support\nORG:Jackson Hewitt\nEND:VCARD",
    "BEGIN:VCARD\nVERSION:3.0\nN:Support;Help Desk;;;\nFN:Help Desk Support\nORG:Contoso\nEND:VCARD",
    "The vCard N property has five parts: N:Family;Given;Additional;Prefix;Suffix (RFC 6350 6.2.2).",
]


@pytest.mark.parametrize(("text", "secrets"), CARDS)
async def test_a_vcards_name_parts_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    _, after = await _sent(guard, text)
    assert not any(s in after for s in secrets), after


@pytest.mark.parametrize("text", CARD_LOOK_ALIKES)
async def test_organisations_vcards_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == (False, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=NAMES_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


async def test_names_of_zones_forms_and_cards_are_redacted_in_answers_where_asked(guard: Guard) -> None:
    """Names are no output entity by default; where a policy asks, a whole answer reads them as a request does, and
    a stream the zone's line (a window ends at each line: a form's value line or a card's `N:` line is read there
    without its label line or `FN:`, as a fixed-width table's name column is)."""
    zone = f"Here is the zone:\n{_td3('NOR', 'HALVORSEN', 'INGRID', '«')}\n{DATA}\n"
    text = (zone + "\nIf joint return, spouse's first name  Last name\n" + "Thandiwe".ljust(38) + "Mokoena\n\n"
            "BEGIN:VCARD\nVERSION:3.0\nN:Parata;Rangi;;;\nFN:Rangi Parata\nEND:VCARD\n")
    whole = (await guard.output(policy(output=NAMES_OUT), [text])).texts[0]
    assert whole is not None and not any(s in whole for s in ("HALVORSEN", "INGRID", "Mokoena", "Rangi", "Parata"))
    for size in (7, 17):
        got = await _streamed(guard, zone, size)
        assert "HALVORSEN" not in got and "INGRID" not in got, (size, got)


def test_the_readers_leave_other_text_and_findings_alone() -> None:
    found = [("EMAIL_ADDRESS", 0, 5, 0.9)]
    assert with_form33("a << b << c\nplain text, no names", found) is found
    spans = with_form33(f"{_td3('PER', 'QUISPE', 'WAYRA', '«')}\n{DATA}", [])
    assert [(t, a, b) for t, a, b, _ in spans] == [("PERSON", 5, 18)]  # `QUISPE<<WAYRA`, fillers aside


def test_a_file_of_vcards_has_each_cards_names_once() -> None:
    people = [("Parata", "Rangi"), ("Lin", "Mei"), ("Oduya", "Wanjiru"), ("Mokoena", "Thandiwe"), ("Quispe", "Wayra")]
    text = "".join(f"BEGIN:VCARD\nVERSION:3.0\nN:{s};{g};;;\nFN:{g} {s}\nEND:VCARD\n" for s, g in people)
    found = [("PERSON", text.index("Rangi Parata"), text.index("Rangi Parata") + 5, 0.7)]  # inside a card's FN
    spans = sorted((a, b) for t, a, b, _ in with_form33(text, found) if t == "PERSON")
    assert [text[a:b] for a, b in spans] == [w for s, g in people for w in (s, g, f"{g} {s}")]
