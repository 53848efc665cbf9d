"""proxy.guard.checks.pii: Presidio spans filtered by a policy's PII rule, overlaps merged, placeholders spared."""

from __future__ import annotations

import pytest

from proxy.config.policy import InputRules, OutputRules, PiiRule
from proxy.guard.checks.base import CheckContext, CheckError, Finding
from proxy.guard.checks.pii import PiiCheck, merge, select, value_near
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer, Span

RULE = PiiRule(entities=["EMAIL_ADDRESS", "PHONE_NUMBER"], per_entity={"US_SSN": "block"}, min_score=0.5)


def test_applies_only_with_a_pii_rule() -> None:
    assert PiiCheck(None).applies(InputRules()) is False
    assert PiiCheck(None).applies(OutputRules.model_validate({"pii": {}})) is True


def test_the_rule_picks_types_score_floor_and_allowed_values() -> None:
    rule = PiiRule(entities=["EMAIL_ADDRESS"], per_entity={"US_SSN": "block"}, min_score=0.5,
                   allow=["  Help@Corp.IO "])
    text = "help@corp.io jane@x.io 123-45-6789 Jane"
    spans = [Span("EMAIL_ADDRESS", 0, 12, 1.0),    # allowed (case-insensitive, trimmed)
             Span("EMAIL_ADDRESS", 13, 22, 0.49),  # under the floor
             Span("US_SSN", 23, 34, 0.85),         # named only in per_entity: checked, with its action
             Span("PERSON", 35, 39, 0.9)]          # not a type of the rule
    assert select(text, spans, rule) == [Finding("pii", "US_SSN", "block", 23, 34, 0.85)]
    assert select(text, [Span("EMAIL_ADDRESS", 13, 22, 0.5)], rule) == [
        Finding("pii", "EMAIL_ADDRESS", "redact", 13, 22, 0.5)]  # the floor itself counts


def test_overlaps_merge_into_one_finding_typed_by_the_best_score_with_the_strongest_action() -> None:
    spans = [Span("PHONE_NUMBER", 10, 22, 0.75), Span("US_SSN", 0, 11, 0.6), Span("EMAIL_ADDRESS", 30, 40, 1.0)]
    # `merged`: the finding covers values of two types (a mask then masks all of it).
    assert merge(spans, RULE) == [Finding("pii", "PHONE_NUMBER", "block", 0, 22, 0.75, merged=True),
                                  Finding("pii", "EMAIL_ADDRESS", "redact", 30, 40, 1.0)]
    # Spans that only touch are separate findings; on equal scores the longer span names the type.
    assert merge([Span("US_SSN", 0, 5, 0.5), Span("PHONE_NUMBER", 5, 9, 0.5)], RULE) == [
        Finding("pii", "US_SSN", "block", 0, 5, 0.5), Finding("pii", "PHONE_NUMBER", "redact", 5, 9, 0.5)]
    assert merge([Span("US_SSN", 0, 4, 0.5), Span("PHONE_NUMBER", 2, 9, 0.5)], RULE)[0].kind == "PHONE_NUMBER"
    assert merge([], RULE) == []


def test_on_output_the_requests_placeholders_and_values_are_spared() -> None:
    vault = Vault()
    mine = vault.placeholder("EMAIL_ADDRESS", "me@home.io")
    text = f"{mine} <EMAIL_ADDRESS_9> me@home.io new@corp.io"
    spans = [Span("EMAIL_ADDRESS", 0, len(mine), 1.0),           # a placeholder of this request
             Span("EMAIL_ADDRESS", 18, 35, 1.0),                 # looks like one, but is not in the vault
             Span("EMAIL_ADDRESS", 36, 46, 1.0),                 # a value the client sent itself (restored)
             Span("EMAIL_ADDRESS", 47, 58, 1.0)]
    assert [(f.start, f.end) for f in select(text, spans, RULE, vault)] == [(18, 35), (47, 58)]
    assert len(select(text, spans, RULE)) == 4  # input: nothing is spared


async def test_without_an_analyzer_the_check_cannot_run() -> None:
    ctx = CheckContext("input", InputRules.model_validate({"pii": {}}))
    with pytest.raises(CheckError, match="^PII analyzer not loaded$"):
        await PiiCheck(None).inspect(["Jane Roe"], ctx)


async def test_a_missing_model_is_a_check_error_naming_the_model_only() -> None:
    ctx = CheckContext("input", InputRules.model_validate({"pii": {}}))
    with pytest.raises(CheckError) as exc:
        await PiiCheck(PiiAnalyzer("no_such_spacy_model", executor="inline")).inspect(["Jane Roe, 212-555-0142"], ctx)
    assert str(exc.value).startswith("spaCy model 'no_such_spacy_model' is not installed")
    assert "Jane" not in str(exc.value) and "212" not in str(exc.value)


async def test_inspect_finds_what_the_rule_keeps_per_text(analyzer: PiiAnalyzer) -> None:
    ctx = CheckContext("input", InputRules.model_validate({"pii": {"entities": ["EMAIL_ADDRESS"]}}))
    inspection = await PiiCheck(analyzer).inspect(["mail jane.roe@example.com", "I am Jane Roe"], ctx)
    assert inspection.findings == [[Finding("pii", "EMAIL_ADDRESS", "redact", 5, 25, 1.0)], []]
    assert inspection.scores == {}


# Issue 12 review (n5): a value encoded the newer ways and cut in two still makes a joint at the cut.
@pytest.mark.parametrize(("before", "after", "near"), [
    ("write to lena at bright", "quay dot org today", True),
    ("write to lena dot vos at brightquay d", "ot org today", True),
    ("write to lena.vos%2540bright", "quay.org", True),
    ("write to lena.vos&amp;#64;bright", "quay.org", True),
    ("card 5555;5555", ";5555;4444", True),
    ("meet me at", " noon dot", False),
    ("look at the", " dot com bubble", False),
])
def test_value_near_sees_the_newer_encodings_across_a_cut(before: str, after: str, near: bool) -> None:
    assert value_near(before, after) is near
