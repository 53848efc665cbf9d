"""PII analysis on the normalised view: obfuscated values are found, in the offsets of the text as sent."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

ALL = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE"]


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("mail jane\u200b.doe@exa\u00admple.com now", "EMAIL_ADDRESS", "jane\u200b.doe@exa\u00admple.com"),
    ("mail jane\uff20example.com now", "EMAIL_ADDRESS", "jane\uff20example.com"),
    ("mail jane [at] example [dot] com now", "EMAIL_ADDRESS", "jane [at] example [dot] com"),
    ("args: jane.doe\\u0040example.com", "EMAIL_ADDRESS", "jane.doe\\u0040example.com"),
    ("Acme\\n617-555-0143 asap", "PHONE_NUMBER", "617-555-0143"),
    ("call \uff16\uff11\uff17\u2010\uff15\uff15\uff15\u2010\uff10\uff11\uff14\uff13 now", "PHONE_NUMBER",
     "\uff16\uff11\uff17\u2010\uff15\uff15\uff15\u2010\uff10\uff11\uff14\uff13"),
    ("tel 617\u00a0555\u00a00143 ok", "PHONE_NUMBER", "617\u00a0555\u00a00143"),
    ("card 4111.1111.1111.1111 ok", "CREDIT_CARD", "4111.1111.1111.1111"),
    ("card 4111_1111_1111_1111 ok", "CREDIT_CARD", "4111_1111_1111_1111"),
    ("card 4111/1111/1111/1111 ok", "CREDIT_CARD", "4111/1111/1111/1111"),
    ("card 4111  1111 1111  1111 ok", "CREDIT_CARD", "4111  1111 1111  1111"),
    ("card 4111 1111-1111.1111 ok", "CREDIT_CARD", "4111 1111-1111.1111"),
    ("card 4111\u20601111\u20601111\u20601111 ok", "CREDIT_CARD", "4111\u20601111\u20601111\u20601111"),
    ("card \uff14\uff11\uff11\uff11 1111 1111 1111 ok", "CREDIT_CARD", "\uff14\uff11\uff11\uff11 1111 1111 1111"),
    ("SSN 536\u200b-90-4399 ok", "US_SSN", "536\u200b-90-4399"),
    ("SSN 536_90_4399 ok", "US_SSN", "536_90_4399"),
    ("IBAN DE89_3704_0044_0532_0130_00 ok", "IBAN_CODE", "DE89_3704_0044_0532_0130_00"),
    ("IBAN DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000 ok", "IBAN_CODE",
     "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000"),
])
async def test_obfuscated_values_are_found_as_written(analyzer: PiiAnalyzer, text: str, entity: str,
                                                      value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert (entity, value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


_PROSE = "The quarterly review covers the migration of the billing service to the new cluster. " * 8


@pytest.mark.parametrize(("text", "value"), [
    ("call +1 212-555-0132 now", "+1 212-555-0132"),
    ("tel +44 20.7946.0958 ok", "+44 20.7946.0958"),
    ("or 1 617-555-0143.", "1 617-555-0143"),
])
async def test_a_phone_number_after_its_dialling_code_is_found_whole(analyzer: PiiAnalyzer, text: str,
                                                                     value: str) -> None:
    """Left as written by the view (the phone recognizer reads a space, dash or dot between groups)."""
    (spans,) = await analyzer.analyze([text], ALL)
    assert ("PHONE_NUMBER", value) in {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


@pytest.mark.parametrize(("text", "value"), [
    ("call 212-555-0187 10.44.7.19", "10.44.7.19"),
    ("ok 646-555-0100 172.16.254.3 then", "172.16.254.3"),
    # A long text is read as written only around its runs of digit groups: the value is found there too.
    (_PROSE + "call 212-555-0187 10.44.7.19 " + _PROSE, "10.44.7.19"),
    (_PROSE + "ok\n646-555-0100\u00a0172.16.254.3." + _PROSE + "and 415-555-0111.", "172.16.254.3"),
    # After a dialling code too (`+1 212-555-0187` alone is left as written; with an address after it, folded).
    ("call +1 212-555-0187 10.44.7.19", "10.44.7.19"),
    ("seen 12/1/1981 10.44.7.19", "10.44.7.19"),  # and after a date (`12 1 1981 10 44 7 19`)
])
async def test_a_value_the_view_unmakes_is_found_as_written(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    """The view folds a run of digit groups (`212 555 0187 10 44 7 19`): no IP address is left in it, so
    the text as written is read by the pattern recognizers too."""
    (spans,) = await analyzer.analyze([text], [*ALL, "IP_ADDRESS"])
    found = {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}
    assert ("IP_ADDRESS", value) in found, found


@pytest.mark.parametrize("text", [
    "The build 10.0.19041.1234 runs on 192.168.100.200 since 2024/01/15.",
    "Use snake_case_names like retry_after_ms; see a/b/c and x_1_2.",
    "Meet me (at) noon [dot] Bring the slides.",
])
async def test_normalising_finds_nothing_new_in_plain_technical_text(analyzer: PiiAnalyzer, text: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert [(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4] == []
