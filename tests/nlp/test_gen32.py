"""gen32 (atk31 F1, F2): GEDCOM family trees (`1 NAME Given /Surname/`, `2 GIVN`, `2 SURN`, `2 NICK`, `1 PHON`,
`1 EMAIL` with `@@`) and airline PNR contact elements (`APM`, `APH`, `APB`, `SSR CTCM`, `APE` and `SSR CTCE` with
the GDS form of an address: `//` for `@`, `..` for `_`, `./` for `-`) are redacted in a request's text, and their
phones and e-mails in an answer, whole and streamed; PII-free look-alikes (GEDCOM headers, source and repository
names, PNR elements without contacts, an `AP` agency line's name) go as sent. Values here are held out: other names,
numbers and addresses than the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.gen32 import gen32_values, with_gen32
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer


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


HEAD = "0 HEAD\n1 SOUR FTM\n2 VERS 24.0\n2 NAME Family Tree Maker\n1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n"
GEDCOM = (HEAD + "0 @I7@ INDI\n1 NAME Bronwyn /Pettigrew/\n2 GIVN Bronwyn\n2 SURN Pettigrew\n2 NICK Wynnie\n"
          "1 SEX F\n1 BIRT\n2 DATE 3 MAR 1951\n2 PLAC Cardiff, Wales\n1 PHON 3035550162\n"
          "1 EMAIL b.pettigrew@@mailbox.example.org\n0 @I8@ INDI\n1 NAME /Castellanos/\n1 PHON +1 503 555 0178\n"
          "0 @R1@ REPO\n1 NAME Family History Library\n0 TRLR\nSummarise this tree.")
PNR = ("RP/LON1A0980/LON1A0980  BA/SU  03OCT26/0915Z  Q7XK2M\n  1.ADEYEMI/OLUWASEUN MS\n"
       "  2  BA 117 J 14OCT 3 LHRJFK HK1  0820 1105\n  3 APM 7135550164\n  4 APH LON 4045550117-H\n"
       "  5 APB 9375550110-B\n  6 SSR CTCM BA HK1/15125550191/P1\n  7 APE A.ADEYEMI//HOTMAIL.CO.UK\n"
       "  8 SSR CTCE BA HK1/SEUN..ADEYEMI//POST./BOX.EXAMPLE.NET\n  9 OSI BA CTCM 17185550135\n"
       "Why was the ticket not issued?")
GEDCOM_SECRETS = ["Pettigrew", "Bronwyn", "Wynnie", "3035550162", "b.pettigrew", "Castellanos", "503 555 0178"]
PNR_SECRETS = ["7135550164", "4045550117", "9375550110", "15125550191", "A.ADEYEMI//HOTMAIL", "SEUN..ADEYEMI",
               "17185550135"]


@pytest.mark.parametrize("text, secrets", [(GEDCOM, GEDCOM_SECRETS), (PNR, PNR_SECRETS),
                                           ("Is this right?\n1 NAME Eun-ji /Baek/\n1 SEX F", ["Baek", "Eun-ji"]),
                                           ("1 NAME Tomasz /Wieczorek/ Jr.", ["Wieczorek", "Tomasz"]),
                                           ("  5 SSR DOCS LH HK1/P/DEU/C01X00T47/DEU/12JUL82/F/20NOV27/HALBERSTADT/"
                                            "WIEBKE/ANTJE\nCheck the passport element.",
                                            ["HALBERSTADT", "WIEBKE", "ANTJE"])])
async def test_values_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == []
    # the record's structure stays as written
    assert all(tag in sent for tag in ("NAME", "PHON", "APM", "SSR CTCE", "APE", "0 TRLR") if tag in text)


OUT_SECRETS = ["3035550162", "503 555 0178", "7135550164", "4045550117", "9375550110", "15125550191",
               "A.ADEYEMI//HOTMAIL", "SEUN..ADEYEMI", "17185550135"]


@pytest.mark.parametrize("text", [GEDCOM, PNR])
async def test_answers_whole_and_streamed(guard: Guard, text: str) -> None:
    for got in (await _answered(guard, text), await _streamed(guard, text, 3)):
        assert [s for s in OUT_SECRETS if s in got] == []
        assert "Summarise this tree." in got or "Why was the ticket not issued?" in got


LOOK_ALIKES = [
    HEAD + "1 CHAR UTF-8\n0 @R1@ REPO\n1 NAME Allen County Public Library\n0 @S1@ SOUR\n1 TITL Parish registers\n"
    "0 TRLR\nIs this header valid?",
    "RP/LON1A0980/LON1A0980  BA/SU  03OCT26/0915Z  Q7XK2M\n  2  BA 117 J 14OCT 3 LHRJFK HK1  0820 1105\n"
    "  3 SSR VGML BA HK1/S2\n  4 SSR CTCR BA HK1/P1\n  5 OSI BA VIP CORPORATE TRAVELLER\n  6 TK OK03OCT/LON1A0980\n"
    "  7 FP CASH\n  8 RM FARE QUOTED 1185.40 GBP\n  9 AP LON ACME TRAVEL - A\n 10 APE\nExplain these elements.",
    "1 NAME /usr/local/bin/ is on the path\n2 SURN the second section lists the flags",
    "Step 1 NAME the project, step 2 SURN is not a word.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_readers() -> None:
    text = "0 @I1@ INDI\n1 NAME Ana /Ruiz/\n1 PHON 3035550162\n1 EMAIL a.ruiz@@ex.example.com\n0 TRLR"
    found = with_gen32(text, [], ["PERSON", "EMAIL_ADDRESS"])
    assert sorted(text[a:b] for _, a, b, _ in found) == ["Ana", "Ruiz", "a.ruiz@@ex.example.com"]
    assert [v for _, _, _, v in gen32_values(text, frozenset({"PHONE_NUMBER"}))] == ["3035550162"]
    assert gen32_values(text, frozenset({"US_SSN"})) == []
    pnr = "  5 SSR CTCE UA HK1/JO..ANN//MAIL./BOX.COM/P2\n  6 APE NOT AN ADDRESS"
    assert [pnr[a:b] for _, a, b, _ in with_gen32(pnr, [], ["EMAIL_ADDRESS"])] == ["JO..ANN//MAIL./BOX.COM"]
    escaped = '{"tree": "0 @I1@ INDI\\n1 NAME Ana /Ruiz/\\n1 PHON 3035550162\\n"}'
    assert sorted(escaped[a:b] for _, a, b, _ in with_gen32(escaped, [], ["PERSON"])) == ["Ana", "Ruiz"]
    assert [v for _, _, _, v in gen32_values(escaped, frozenset({"PHONE_NUMBER"}))] == ["3035550162"]
