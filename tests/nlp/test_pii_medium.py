"""Issue 12, medium findings of the README-only attack on PII detection (real Presidio, real spaCy model):
names after a label written in lower case, phones inside links, an address with letters glued to its
top-level domain; and what engineers write that was read as PII (named methods and tests, DOIs, syslog
timestamps, countries that are also first names)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import DEFAULT_ENTITIES, found


async def covered(analyzer: PiiAnalyzer, text: str, entity: str) -> set[int]:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    return {i for s in spans if s.entity == entity and s.score >= 0.4 for i in range(s.start, s.end)}


def chars(text: str, value: str) -> set[int]:
    start = text.index(value)
    return {i for i in range(start, start + len(value)) if not text[i].isspace()}


# ----------------------------------------------------------------------------- named methods and tests

@pytest.mark.parametrize("text", [
    "Explain the Burrows-Wheeler transform.",
    "Run a Monte Carlo simulation of the portfolio.",
    "Run a Mann-Whitney U test on both samples.",
    "Use a Hash Join for the big tables.",
    "Implement Floyd-Warshall in Rust.",
    "Compute the Levenshtein distance.",
    "Compute the Kullback-Leibler divergence.",
    "Add Reed-Solomon error correction.",
    "Align them with Needleman-Wunsch.",
    # more of the derived list (`proxy.nlp.eponyms.EPONYM_PHRASES`)
    "Compare Smith-Waterman and Needleman-Wunsch on these reads.",
    "Run a Kruskal-Wallis test and a Shapiro-Wilk test.",
    "Use Lempel-Ziv-Welch compression here.",
    "The Box-Muller transform gives normal samples.",
    "Estimate the integral with Markov Chain Monte Carlo.",
    "Is Metropolis-Hastings or Gibbs sampling faster here?",
])
async def test_named_methods_and_tests_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Carlo Rossi ran the Monte Carlo simulation.", "Carlo Rossi"),  # a phrase's word alone is a name
    ("Ask Monte Carlo about it.", "Monte Carlo"),                      # a verb of addressing before it
    ("Smith wrote the Smith-Waterman code.", "Smith"),
    ("Mark Reed called about the invoice.", "Mark Reed"),
    ("Please forward it to Hash Smith.", "Hash Smith"),                # a name part right after the phrase's word
])
async def test_names_next_to_named_methods_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert chars(text, name) <= await covered(analyzer, text, "PERSON")


# ----------------------------------------------------------------------------- names after a label

@pytest.mark.parametrize(("text", "name"), [
    ("name: jane doe", "jane doe"),
    ("Name: jane van der berg", "jane van der berg"),
    ("contact: Jane Doe", "Jane Doe"),
    ("contact: jane doe", "jane doe"),
    ("name: jane doe, phone 6175550143", "jane doe"),
    ("my name is jane doe and I need help", "jane doe"),
])
async def test_a_whole_lower_case_name_after_a_label_is_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert chars(text, name) <= await covered(analyzer, text, "PERSON")


@pytest.mark.parametrize(("text", "name"), [
    ("my name is sam please help", "sam"),   # "please" ends the name
    ("name: jane and the team", "jane"),     # a stop word ends it
])
async def test_a_lower_case_name_stops_at_ordinary_words(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert {t for e, t in await found(analyzer, text) if e == "PERSON"} == {name}


# ----------------------------------------------------------------------------- phones in links

@pytest.mark.parametrize(("text", "number"), [
    ("Message me on wa.me/16175550143 please", "16175550143"),
    ("https://wa.me/16175550143?text=hi", "16175550143"),
    ("https://api.whatsapp.com/send?phone=16175550143", "16175550143"),
    ('<a href="tel:+16175550143">here</a>', "+16175550143"),
    ('<a href="tel:+1-617-555-0143">here</a>', "+1-617-555-0143"),
    ("sms:6175550143", "6175550143"),
    ("open callto:6175550143", "6175550143"),
])
async def test_the_number_of_a_dialling_link_is_a_phone(analyzer: PiiAnalyzer, text: str, number: str) -> None:
    assert ("PHONE_NUMBER", number) in await found(analyzer, text)


@pytest.mark.parametrize("text", ["Build 1234567 of wa.me/docs", "tel:123", "sms:555"])
async def test_links_without_a_number_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


# ----------------------------------------------------------------------------- letters glued to an address

@pytest.mark.parametrize(("text", "address"), [
    ("jane.doe@acme.comx", "jane.doe@acme.com"),
    ("mail jane.doe@acme.comx today", "jane.doe@acme.com"),
    ("jane.doe@acme.co.ukx", "jane.doe@acme.co.uk"),
    ("bob@example.orgs and more", "bob@example.org"),
    ("jane.doe@acme.community", "jane.doe@acme.community"),  # a whole known top-level domain: all of it
    # a stop, then a word: the address up to the stop (not `.com.pe` of `personal`, `.com.ac` of `account`)
    ("ask info@acme.com.personal world", "info@acme.com"),
    ("ask sarah-khan@gmail.com.account today", "sarah-khan@gmail.com"),
    # a file's extension or a number after the address: the address up to them (not `.com.ht` of `.html`)
    ("see jane.doe@example.com.pdf", "jane.doe@example.com"),
    ("mail jane.doe@example.com.html", "jane.doe@example.com"),
    ("Send an email to ops@acme.io.bak", "ops@acme.io"),
    ("jane.doe@example.com.tar.gz", "jane.doe@example.com"),
    ("reply to jane.doe@example.com.2024 now", "jane.doe@example.com"),
    ("jane.doe@example.co.uk.eml", "jane.doe@example.co.uk"),
])
async def test_an_address_with_letters_glued_to_its_tld_is_found(analyzer: PiiAnalyzer, text: str,
                                                                 address: str) -> None:
    assert {t for e, t in await found(analyzer, text) if e == "EMAIL_ADDRESS"} == {address}


# Whole or nothing, never a known top-level domain cut out of a longer last label: `user@domain.tld` (what engineers
# write for any address: taken whole, as any address is; it was `<EMAIL_ADDRESS_1>d`, `.tl` read as a top-level
# domain with `d` glued to it) and an account on an internal host (`admin@corp.intranet`: left, as
# `postgres@db.internal` is; it was `admin@corp.int` and `ranet`).
@pytest.mark.parametrize(("text", "addresses"), [
    ("Send the report to user@domain.tld when the job ends.", {"user@domain.tld"}),
    ("Reply to jane.doe@domain.tld please.", {"jane.doe@domain.tld"}),
    ("Configure SMTP with noreply@sub.domain.tld as the sender.", {"noreply@sub.domain.tld"}),
    ("Set admin@corp.intranet as the owner.", set()),
    ("Write to jane.doe@acme.intranet about it.", {"jane.doe@acme.intranet"}),
])
async def test_an_address_is_found_whole_or_not_at_all(analyzer: PiiAnalyzer, text: str, addresses: set[str]) -> None:
    assert {t for e, t in await found(analyzer, text) if e == "EMAIL_ADDRESS"} == addresses


async def test_no_address_without_a_known_tld_in_its_last_label(analyzer: PiiAnalyzer) -> None:
    assert await found(analyzer, "user@host.c and user@build.xq and user@build.xq.1") == set()


@pytest.mark.parametrize("text", ["Email user@domain.tld", "Please email jane@gmail.con tomorrow",
                                  "My email is jane@gmail.coml", "Send an email to ops@acme.io.bak",
                                  "Email addresses look like user@domain.tld per RFC 5322."])
async def test_a_context_word_next_to_an_address_found_by_our_reading(analyzer: PiiAnalyzer, text: str) -> None:
    # Presidio writes a context word (`email`) into the finding's explanation: ours had none, and the analysis
    # failed (503 under `on_error: block`, every value of the request passed under `allow`).
    assert any(e == "EMAIL_ADDRESS" for e, _ in await found(analyzer, text))


# ----------------------------------------------------------------------------- DOIs, syslog, places

@pytest.mark.parametrize("text", [
    "See DOI 10.1000/182 for the paper.",
    "Cite doi:10.1038/nphys1170 in the README.",
    "https://doi.org/10.1145/3368089.3409692",
    "Jun  4 10:22:01 host sshd[123]: Accepted publickey for root",
    "Mar 12 08:00:01 web-1 CRON[991]: (root) CMD (run-parts /etc/cron.hourly)",
    "We deploy to Georgia next week.",
    "Chad's elections were postponed.",
    "Deploy to Jordan and Chad regions.",
    "Ship the build to Georgia tomorrow.",
    "Our team in Jordan is growing.",
])
async def test_dois_timestamps_and_places_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Jordan Smith called about the invoice.", "Jordan Smith"),
    ("Chad's phone number is in the file.", "Chad"),       # a possessive before no place's noun
    ("Let Jordan sort it out.", "Jordan"),
    ("Georgia Miller lives in Georgia.", "Georgia Miller"),
    ("Jun Li reviewed the patch.", "Jun Li"),
    ("Jun 4 Smith", "Smith"),
])
async def test_names_shaped_like_places_and_months_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                   name: str) -> None:
    assert chars(text, name) <= await covered(analyzer, text, "PERSON")


async def test_a_phone_number_next_to_a_doi_is_still_found(analyzer: PiiAnalyzer) -> None:
    text = "DOI 10.1000/182, questions to 617-555-0143"
    assert ("PHONE_NUMBER", "617-555-0143") in await found(analyzer, text)


# ------------------------------------------------------------------------- a short number beside a card

@pytest.mark.parametrize(("text", "card"), [
    ("ok 5 4539 1488 0343 6467", "4539 1488 0343 6467"),
    ("room 7 4539-1488-0343-6467 today", "4539-1488-0343-6467"),
    ("ok 12 4539148803436467", "4539148803436467"),
    ("4539 1488 0343 6467 5", "4539 1488 0343 6467"),
    ("Primes: 2 3 5 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("a 1 2 3 4539 1488 0343 6467 4 5 6 b", "4539 1488 0343 6467"),
    ("amex 3 3782 822463 10005", "3782 822463 10005"),
])
async def test_a_card_with_a_short_number_beside_it_is_found(analyzer: PiiAnalyzer, text: str, card: str) -> None:
    # The pattern took the number in, the whole failed the checks, and the card inside was never tried.
    assert ("CREDIT_CARD", card) in await found(analyzer, text)


@pytest.mark.parametrize("text", ["ids 1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7 8", "step 1 4 16 64 256 1024 4096",
                                  "batch 8 1234 5678 9012 3456 (a made-up id)",
                                  # a decimal's fraction (the view reads the point as a separator): not a card
                                  "p 0.4111111111111111", "x 12.4539148803436467"])
async def test_short_numbers_beside_groups_that_are_no_card_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(e == "CREDIT_CARD" for e, _ in await found(analyzer, text))


@pytest.mark.parametrize(("text", "card"), [("card: 4.111111111111111", "4.111111111111111"),
                                            ("Visa no. 4.539148803436467 exp 12/29", "4.539148803436467"),
                                            ("credit card number 0.4111111111111111", "4111111111111111")])
async def test_a_card_written_as_a_decimal_after_a_card_word_is_found(analyzer: PiiAnalyzer, text: str,
                                                                       card: str) -> None:
    # Issue 12: the point is the attacker's; the word says what the digits are (bare, a decimal is data).
    assert ("CREDIT_CARD", card) in await found(analyzer, text)


@pytest.mark.parametrize("text", ["pi = 3.141592653589793", "loss 4.111111111111111 at step 9",
                                  "the card game scored 4.111111111111111 points on average"])
async def test_decimals_without_a_card_word_just_before_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(e == "CREDIT_CARD" for e, _ in await found(analyzer, text))


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("write to jane@[192.168.0.1] today", "EMAIL_ADDRESS", "jane@[192.168.0.1]"),
    ("ops@[IPv6:2001:db8::1] is the box", "EMAIL_ADDRESS", "ops@[IPv6:2001:db8::1]"),
    ("the server is 010.001.002.003", "IP_ADDRESS", "010.001.002.003"),
    ("gateway 192.168.000.001 down", "IP_ADDRESS", "192.168.000.001"),
])
async def test_a_mailbox_at_an_address_literal_and_ipv4_with_leading_zeros(analyzer: PiiAnalyzer, text: str,
                                                                          entity: str, value: str) -> None:
    # Issue 12: the local part went on as sent (only the IP inside was found); `ipaddress` refuses leading zeros.
    assert (entity, value) in await found(analyzer, text)


@pytest.mark.parametrize("text", ["bind 000.000.000.000", "ping 127.000.000.001", "x@[999.1.1.1] is no address"])
async def test_addresses_that_name_no_host_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert not {e for e, _ in await found(analyzer, text)} & {"IP_ADDRESS", "EMAIL_ADDRESS"}
