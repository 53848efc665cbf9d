"""keys40 (atk40 F10, F02, F11): abbreviated name columns of exports (`pat_fname`, `emp_first_nm`, `cust_fnm`,
`pt_first`, `patFname`, `fnm`/`lnm`, LDAP `givenName`/`sn`) in JSON, JSON Lines, YAML, `key=value`, CSV headers and
SQL; a CSV's quoted `"Surname, Given"` cells whole; common Indian surnames (`Raman`, `Pillai`, `Menon`) read as
surnames, their eponyms (`Raman spectroscopy`, `Raman shift`) as terms. Names and layouts are held out (not the
report's); the look-alikes go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    # F10: an abbreviated name column first in its object, in JSON Lines, an array, YAML, key=value, CSV, SQL
    ('Normalise:\n{"pat_fname": "Wanjiru", "pat_lname": "Kamau", "mrn": "00771203"}\n'
     '{"pat_fname": "Tomasz", "pat_lname": "Zielinski", "mrn": "00771204"}',
     ["Wanjiru", "Kamau", "Tomasz", "Zielinski"], ['"mrn": "00771203"']),
    ('{"emp_first_nm": "Chiara", "emp_last_nm": "Bianchi", "dept": "OPS"}', ["Chiara", "Bianchi"], ['"dept": "OPS"']),
    ('[{"cust_fnm": "Ingrid", "cust_lnm": "Solberg"}, {"cust_fnm": "Mateo", "cust_lnm": "Gonzalez"}]',
     ["Ingrid", "Solberg", "Mateo", "Gonzalez"], ["cust_fnm"]),
    ('{"pt_first": "Aiko", "pt_last": "Tanaka", "bed": 4}', ["Aiko", "Tanaka"], ['"bed": 4']),
    ('{"patFname": "Olusegun", "patLname": "Adeyemi", "ward": "B2"}', ["Olusegun", "Adeyemi"], ['"ward": "B2"']),
    ('{"mbr_last_name": "Haugland", "mbr_first_name": "Sigrid", "plan": "PPO"}', ["Haugland", "Sigrid"],
     ['"plan": "PPO"']),
    ('{"subscriber_given_nm": "Nadia", "subscriber_fam_nm": "Rahimi"}', ["Nadia", "Rahimi"], ["subscriber_given_nm"]),
    ("usr_fname: Dmitri\nusr_lname: Volkov\nusr_role: admin", ["Dmitri", "Volkov"], ["usr_role: admin"]),
    ("evt=signup mbr_fname=Lucia mbr_lname=Ferreira plan=basic", ["Lucia", "Ferreira"], ["plan=basic"]),
    ("pat_fname,pat_lname,mrn\nWanjiru,Kamau,00771203\nTomasz,Zielinski,00771204", ["Kamau", "Zielinski", "Tomasz"],
     ["00771204"]),
    ("emp_id;emp_first_nm;emp_last_nm;dept\n1001;Chiara;Bianchi;FIN\n1002;Dmitri;Volkov;OPS",
     ["Chiara", "Bianchi", "Dmitri", "Volkov"], [";FIN"]),
    ("INSERT INTO patients (pat_id, pat_fname, pat_lname) VALUES (1, 'Lucia', 'Ferreira'), (2, 'Aiko', 'Tanaka');",
     ["Lucia", "Ferreira", "Aiko", "Tanaka"], ["INSERT INTO patients"]),
    ('{"fnm": "Sigrid", "lnm": "Haugland", "role": "admin"}', ["Sigrid", "Haugland"], ['"role": "admin"']),
    ('{"givenName": "Thandiwe", "sn": "Mbeki", "mail": "tm@corp.example"}', ["Thandiwe", "Mbeki"], ['"sn": "']),
    # F02: a CSV's quoted "Surname, Given" cells, under a name column, beside a phone or an address, listed
    ('name,phone\n"Adeyemi, Olusegun",+2348035550142\n"Haugland, Sigrid",+4791234567',
     ["Adeyemi", "Olusegun", "Haugland", "Sigrid"], ["name,phone"]),
    ('Full Name,Email,Department\n"Pillai, Meera",,Oncology\n"Volkov, Dmitri",,Finance',
     ["Pillai", "Meera", "Volkov", "Dmitri"], [",,Oncology", ",,Finance"]),
    ('"Employee","Manager"\n"Zielinski, Tomasz","Menon, Arjun"', ["Zielinski", "Tomasz", "Menon", "Arjun"],
     ['"Employee","Manager"']),
    ('id,contact,notes\n7,"Kamau, Wanjiru",renewal due\n8,"Ferreira, Lucia",ok', ["Kamau", "Wanjiru", "Lucia"],
     ["renewal due"]),
    # F11: Indian surnames alone, before an initial, after a title, in a mention
    ("On-call rota: Mon Pillai R; Tue Menon A; Wed Kulkarni S", ["Pillai", "Menon", "Kulkarni"], ["On-call rota:"]),
    ("Reviewed by: Raman K, Mukherjee D (audit, ward 3)", ["Raman", "Mukherjee"], ["(audit, ward 3)"]),
    ("Ask Menon whether the rollout is done.", ["Menon"], ["whether the rollout is done."]),
    ("cc @meera_pillai on the incident channel", ["pillai"], ["on the incident channel"]),
]
PLAIN = [  # PII-free look-alikes
    '{"fname": "report.pdf", "size": 1200}',
    '{"src_fname": "Invoice", "dst_fname": "Archive"}',
    '{"page_first": "Intro", "page_last": "Summary", "count": 12}',
    '{"fnm": "config", "lnm": "default"}',
    '{"sn": "SN-4471", "model": "X1"}',
    "out_fname=Results\nlog_fname=Debug",
    'city,country\n"Paris, France",FR\n"Berlin, Germany",DE',
    'company,notes\n"Acme, Inc.",renewal due\n"Globex, Ltd",ok',
    'item,tags\n"Salt, Pepper",spices\n"Red, Green",colours',
    'route,stops\n"Austin, Texas",3\n"Salem, Oregon",2',
    "Raman spectroscopy measures vibrational modes of molecules.",
    "The Raman effect was discovered in 1928; the Raman shift of the G band is near 1580 cm-1.",
    "Surface-enhanced Raman scattering boosts the signal; compare the Raman spectra of both samples.",
    "Use a Raman microscope for the mapping.",
]


def test_keys() -> None:
    from proxy.nlp.keys40 import abbreviated_part

    parts = ["pat_fname", "pat_lname", "emp_first_nm", "emp_last_nm", "cust_fnm", "pt_first", "patFname", "usrSurname",
             "EMP_FIRST_NM", "first_nm", "last_nm", "given_nm", "mbr_maiden_nm", "pat_legal_first_nm", "cust_l_nm"]
    assert [k for k in parts if abbreviated_part(k) != "parts"] == []
    none = ["fname", "first", "src_fname", "out_fname", "page_first", "row_last", "pat_mid", "pat_id", "fnm",
            "pat_family", "user_last_login", "first_name", "customer_name", "dept"]
    assert [k for k in none if abbreviated_part(k) is not None] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 5])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
