"""Every selectable entity type is found (real Presidio and spaCy), other countries' identifiers
included; those with a check digit are not found with a wrong one."""

from __future__ import annotations

import pytest

from proxy.config.policy import ENTITY_TYPES, NATIONAL_ID_TYPES, Policy
from proxy.nlp.pii import PiiAnalyzer

# entity type -> (text, the value it must find), at the policies' floor of 0.4.
SAMPLES = {
    "PERSON": ("Please thank Margaret Hamilton for the talk.", "Margaret Hamilton"),
    "EMAIL_ADDRESS": ("write to jane.roe@example.com today", "jane.roe@example.com"),
    "PHONE_NUMBER": ("call (212) 555-0142 after lunch", "(212) 555-0142"),
    "CREDIT_CARD": ("Card 4111 1111 1111 1111 expires soon", "4111 1111 1111 1111"),
    "US_SSN": ("My SSN is 536-90-4399.", "536-90-4399"),
    "IBAN_CODE": ("IBAN GB56HXDO88167774656119 for the refund", "GB56HXDO88167774656119"),
    "IP_ADDRESS": ("connect from 192.168.10.24 now", "192.168.10.24"),
    "URL": ("the docs are at https://www.example.org/docs now", "https://www.example.org/docs"),
    "LOCATION": ("I will be travelling to Canada next week.", "Canada"),
    "DATE_TIME": ("The hearing is on 14 March 2025.", "14 March 2025"),
    "NRP": ("She is Brazilian and lives nearby.", "Brazilian"),
    "CRYPTO": ("send it to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT please", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
    "MAC_ADDRESS": ("the device mac is 00:1A:2B:3C:4D:5E here", "00:1A:2B:3C:4D:5E"),
    "MEDICAL_LICENSE": ("the prescriber's DEA number is BB1388568.", "BB1388568"),
    "US_BANK_NUMBER": ("my bank account number is 945456787654.", "945456787654"),
    "US_DRIVER_LICENSE": ("my driver license is H12345678.", "H12345678"),
    "US_ITIN": ("my ITIN is 912-71-1234.", "912-71-1234"),
    "US_PASSPORT": ("my passport number is 912803456.", "912803456"),
    "UUID": ("request 123e4567-e89b-12d3-a456-426614174000 failed", "123e4567-e89b-12d3-a456-426614174000"),
    "UK_NHS": ("my NHS number is 943 476 5919.", "943 476 5919"),
    "UK_NINO": ("my national insurance number is AB 12 34 56 C.", "AB 12 34 56 C"),
    "ES_NIF": ("mi NIF es 18034063Q, gracias.", "18034063Q"),
    "ES_NIE": ("mi NIE es Z1058756W, gracias.", "Z1058756W"),
    "IT_FISCAL_CODE": ("il mio codice fiscale è BCCFRC15M25E852P.", "BCCFRC15M25E852P"),
    "IN_PAN": ("my PAN is AMNPY0743S.", "AMNPY0743S"),
    "IN_AADHAAR": ("my Aadhaar number is 5982 5979 1903.", "5982 5979 1903"),
    "AU_TFN": ("my tax file number is 123 456 782.", "123 456 782"),
    "AU_ABN": ("our ABN is 51 824 753 556.", "51 824 753 556"),
    "AU_MEDICARE": ("my Medicare number is 2123 45670 1.", "2123 45670 1"),
    "SG_NRIC_FIN": ("my NRIC is S1234567D.", "S1234567D"),
    "PL_PESEL": ("mój PESEL to 26070414170.", "26070414170"),
    "FI_PERSONAL_IDENTITY_CODE": ("henkilötunnukseni on 251002A584J.", "251002A584J"),
    "SE_PERSONNUMMER": ("mitt personnummer är 961118-5829.", "961118-5829"),
    "CA_SIN": ("my SIN is 278 018 460.", "278 018 460"),
}
WRONG_CHECK_DIGIT = {
    "UK_NHS": "my NHS number is 943 476 5918.",
    "ES_NIF": "mi NIF es 18034063R, gracias.",
    "IN_AADHAAR": "my Aadhaar number is 5982 5979 1904.",
    "AU_TFN": "my tax file number is 123 456 781.",
    "AU_ABN": "our ABN is 51 824 753 557.",
    "PL_PESEL": "mój PESEL to 26070414171.",
    "CA_SIN": "my SIN is 278 018 461.",
    "MEDICAL_LICENSE": "the prescriber's DEA number is BB1388569.",
}


def test_every_selectable_type_has_a_sample() -> None:
    assert set(SAMPLES) == ENTITY_TYPES
    assert NATIONAL_ID_TYPES <= ENTITY_TYPES


@pytest.mark.parametrize("entity", sorted(SAMPLES))
async def test_each_type_is_found(analyzer: PiiAnalyzer, entity: str) -> None:
    text, value = SAMPLES[entity]
    (spans,) = await analyzer.analyze([text], [entity])
    assert {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4} == {(entity, value)}


@pytest.mark.parametrize("entity", sorted(WRONG_CHECK_DIGIT))
async def test_a_wrong_check_digit_is_not_found(analyzer: PiiAnalyzer, entity: str) -> None:
    (spans,) = await analyzer.analyze([WRONG_CHECK_DIGIT[entity]], [entity])
    assert [s for s in spans if s.score >= 0.4] == []


async def test_upper_case_places_are_found(analyzer: PiiAnalyzer) -> None:
    text = "Ship it to 12 Uuruntie\n   LAPPEENRANTA\n    53650, not to Canada."
    (spans,) = await analyzer.analyze([text], ["LOCATION"])
    assert {"LAPPEENRANTA", "Canada"} <= {text[s.start:s.end] for s in spans if s.score >= 0.4}


def test_a_policy_selects_them() -> None:
    policy = Policy.model_validate({"input": {"pii": {
        "entities": sorted(NATIONAL_ID_TYPES), "per_entity": {"IT_FISCAL_CODE": "block"},
        "operators": {"UK_NHS": {"type": "mask", "chars_to_mask": 8}}}}})
    assert policy.input.pii is not None and "IN_AADHAAR" in policy.input.pii.checked_entities()
