"""atk12 tester B, request side: phone numbers in spellings the recognizers missed (real Presidio, real spaCy model,
the default policy's entities and score floor).

- M2: a bracketed area code with the local number right after it (`(617)5550143`, `1(617)5550143`, `[617]5550143`,
  `617)5550143`, `(030)90182034`), and a North American number with its 7 local digits unbroken after a country code
  or a dot (`1-617-5550143`, `617.5550143`: a decimal as written, a phone number beside a phone word).
- H2 (rest): a phone label glued by `.` or `_` to a number in any grouping (`Tel.030/90182034`, `Mobil.0171-1234567`,
  `mob.07700 900123`, `Tél.01 42 68 53 00`), a network word glued by `_` to an IPv4 address (`ip_10.20.30.40`), a
  private address in a file's name (`backup_10.20.30.40.tar`).

Other values of the same shapes than the report's."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize(("text", "phone"), [
    ("phone (312)5550199", "(312)5550199"),
    ("her cell is (646)5550123.", "(646)5550123"),
    ("ring me at 1(212)5550187 after six", "1(212)5550187"),
    ("(718)5550166", "(718)5550166"),                          # a valid number's shape: no word needed
    ("Telefon (089)12345678", "(089)12345678"),
    ("Handy: (0160)9876543", "(0160)9876543"),
    ("phone [646]5550123", "[646]5550123"),
    ("call 718)5550166", "718)5550166"),
    ("phone 1-212-5550187", "1-212-5550187"),
    ("my fax 1.646.5550123", "1.646.5550123"),
    ("cell 646.5550123", "646.5550123"),
    ("Telefon 718.5550166", "718.5550166"),
    ("my number is 312.5550199", "312.5550199"),
    ("312.5550199 (mobile)", "312.5550199"),
    ("Tel 089.12345678", "089.12345678"),                      # a national number after its trunk `0`, dotted
    ("Telefon 0160.9876543", "0160.9876543"),
])
async def test_a_bracketed_or_unbroken_local_number_is_a_phone_number(analyzer: PiiAnalyzer, text: str,
                                                                      phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)


@pytest.mark.parametrize("text", [
    "elapsed 646.5550123 s",                                  # a decimal without a phone word
    "The ratio was 212.5550187 overall",
    "version 312.5550199",
    "lat 718.5550166",
    "Call took 718.5550166 ms",                               # a phone word, but a unit after the decimal
    "the API call returned after 646.5550123 seconds",
    "foo (100)2000000 bar",                                   # bracketed, no valid number, no phone word
    "see table (2)1234567",
    "f(646)5550123",                                          # a call in code
    "x = [646]5550123",                                       # square brackets: a phone word only
    "bytes 718)5550166",
    "elapsed 089.12345678 s",
    "ratio 0160.9876543",
    "v.(646)5550123",                                        # no phone label before the bracket
    "ref.(2024)1234567",
])
async def test_numbers_that_only_look_so_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert [v for e, v in await found(analyzer, text) if e == "PHONE_NUMBER"] == []


@pytest.mark.parametrize(("text", "read"), [
    ("Tel.089/12345678", "Tel 089 12345678"),
    ("Mobil.0160-9876543", "Mobil 0160-9876543"),
    ("mob.07911 123456", "mob 07911 123456"),
    ("Tél.06 12 34 56 78", "Tél 06 12 34 56 78"),
    ("M.0160 9876543", "M 0160 9876543"),
    ("fax_3125550199", "fax 3125550199"),
    ("host_172.16.5.20", "host 172.16.5.20"),
    ("server.192.168.7.9", "server 192.168.7.9"),
    ("dump_192.168.7.9.sql", "dump 192.168.7.9.sql"),
    ("Tel.(089)12345678", "Tel (089)12345678"),                # a bracketed area code after the label
    ("M.(646)555-0123", "M (646)555-0123"),
    ("fax_(312)5550199", "fax (312)5550199"),
])
def test_a_label_glued_by_a_dot_or_an_underscore_is_read_apart(text: str, read: str) -> None:
    assert normalize(text).text == read


@pytest.mark.parametrize("text", [
    "foo_192.168.1.1",           # an identifier (no label word, no file)
    "app_2.0.1.3.tar",           # a version in a file's name
    "lib_11.2.0.4.zip",
    "build_10.20.30.40.log",     # a version word
    "user_1699999999",           # no phone label
    "v.1234567890",
    "tel.123456",                # too few digits for a phone number
    "step_0.01234567",
    "x_192.168.1.1y",
    "v.(646)5550123",
    "tel.(646)5550123now",
])
def test_identifiers_and_versions_stay(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize(("text", "value"), [
    ("Regards, Jan | Tel.089/12345678 | www.acme.test", "12345678"),
    ("Mobil.0160-9876543", "9876543"),
    ("mob.07911 123456", "07911"),
    ("Tél.06 12 34 56 78", "06 12"),
    ("attached: Jan_Novak_312-555-0199.vcf", "312-555-0199"),
    ("log in ip_172.16.5.20 and host_10.1.2.3", "172.16.5.20"),
    ("restore dump_192.168.7.9.sql tonight", "192.168.7.9"),
    ("Gruss | Tel.(089)12345678 | Fax.(089)12345679", "12345678"),
    ("cell_(646)5550123", "5550123"),
])
async def test_the_glued_value_is_found_whole(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    spans = [(e, v) for e, v in await found(analyzer, text) if e in ("PHONE_NUMBER", "IP_ADDRESS")]
    assert any(value in v for _, v in spans), spans
