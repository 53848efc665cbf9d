"""proxy.edge.upstream: id-shaped header values hold no SSN (9 digits) and no phone number (10+ digits).

Real ids keep working: OpenAI's `req_` + 32 hex digits, Anthropic's `req_011C...`, UUIDs (idempotency keys
as the SDKs write them)."""

from __future__ import annotations

import random
import re
import string
import uuid

import pytest
from multidict import CIMultiDict

from proxy.edge.upstream import idempotency_key, response_headers, upstream_headers

SSN_DIGITS, PHONE_DIGITS = "412637785", "4155550176"


@pytest.mark.parametrize("value", [
    f"req_{SSN_DIGITS}", SSN_DIGITS, f"req_011C{SSN_DIGITS}abcXYZ", f"msg_01a{SSN_DIGITS}", "req-412-63-7785",
    f"req_{PHONE_DIGITS}", f"x{PHONE_DIGITS}y", "415-555-0176",
])
def test_a_request_id_with_an_ssn_or_a_phone_is_not_relayed(value: str) -> None:
    for name in ("x-request-id", "request-id"):
        assert dict(response_headers(CIMultiDict({name: value}))) == {}, value
    assert dict(response_headers(CIMultiDict({"openai-model": f"ft:gpt-4o:{SSN_DIGITS}"}))) == {}


def test_real_request_ids_are_relayed() -> None:
    r = random.Random(7)
    b62 = string.digits + string.ascii_letters
    for _ in range(2000):
        anthropic_id = "req_011C" + "".join(r.choice(b62) for _ in range(20))
        uid = str(uuid.UUID(int=r.getrandbits(128), version=4))
        openai_id = "req_" + "".join(r.choice("0123456789abcdef") for _ in range(32))
        for name, value in (("request-id", anthropic_id), ("x-request-id", uid)):
            if not re.search(r"[0-9]{10}", value):
                assert dict(response_headers(CIMultiDict({name: value}))) == {name: value}
        if not re.search(r"[0-9]{10}", openai_id):  # a random one has a run of 9 digits about 1 time in 7
            assert dict(response_headers(CIMultiDict({"x-request-id": openai_id}))) == {"x-request-id": openai_id}


def test_an_idempotency_key_holding_nine_digits_goes_on_as_a_derived_uuid() -> None:
    for key in (f"00000000-0000-4000-8000-{SSN_DIGITS}abc", f"stainless-python-retry-9f1c2d4e-1b2a-4c3d-8e9f-"
                                                            f"{SSN_DIGITS}abc"):
        sent = dict(upstream_headers(CIMultiDict({"Idempotency-Key": key}), None))["Idempotency-Key"]
        assert SSN_DIGITS not in sent and str(uuid.UUID(sent)) == sent
        assert idempotency_key(key) == sent  # the SDK's retries of one request keep one key
    plain = "stainless-python-retry-9f1c2d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
    assert dict(upstream_headers(CIMultiDict({"Idempotency-Key": plain}), None)) == {"Idempotency-Key": plain}
    assert idempotency_key("00000000-0000-4000-8000-412637785abc") != idempotency_key(
        "00000000-0000-4000-8000-412637786abc")


@pytest.mark.parametrize("key", ["41111111-1111-1111-a111-aaaaaaaaaaaa", "51051051-0510-5100-abcd-aaaaaaaaaaaa",
                                 "stainless-python-retry-41111111-1111-1111-a111-aaaaaaaaaaaa",
                                 "53690439-9abc-4def-8abc-aaaaaaaaaaaa"])
def test_an_idempotency_key_holding_a_value_across_its_dashes_goes_on_derived(key: str) -> None:
    """atk11 B M1: a card in a UUID's 8-4-4 groups, an SSN as 8+1 digits: the run counted across the dashes."""
    sent = dict(upstream_headers(CIMultiDict({"Idempotency-Key": key}), None))["Idempotency-Key"]
    assert sent != key and str(uuid.UUID(sent)) == sent and "1111-1111" not in sent and "536904399" not in sent


@pytest.mark.parametrize("value", ["617-555-0143", "4111-1111-1111-1111", "536-90-4399", "10.20.30.40",
                                   "project-falcon", "project.falcon", "ProjectOsprey", "jane.doe", "gpt-4o-jane-doe"])
def test_openai_model_is_relayed_only_when_it_names_a_known_model_or_the_requests(value: str) -> None:
    # A grammar cannot tell a phone number, a codename or a name from a model's name, and no answer check reads
    # a header: the value goes only when the request named it (the input checks read that) or it is priced.
    assert dict(response_headers(CIMultiDict({"openai-model": value}))) == {}, value
    assert dict(response_headers(CIMultiDict({"openai-model": value}), "gpt-4o")) == {}, value
    assert dict(response_headers(CIMultiDict({"openai-model": value}), value)) == {"openai-model": value}


def test_openai_model_of_a_priced_model_is_relayed() -> None:
    for value in ("gpt-4o-mini-2024-07-18", "gpt-4o", "claude-3-5-sonnet-20241022"):
        assert dict(response_headers(CIMultiDict({"openai-model": value}), "gpt-4o-mini")) == {"openai-model": value}


# Issue 12 (attacker, README only): a phone number, an SSN or a card in its printed groups split by letters
# (`idshape.letter_split`) has no run a run limit sees.
SPLIT = ["617x555x0143", "4111x1111x1111x1111", "536a90b4399", "5555k5555k5555k4444"]


# atk8 B M3: a phone number or a card split by 2 or 3 letters (`idshape.LETTER_GAPS`, measured on random ids).
SPLIT_WIDE = ["617AB555CD0143", "617abc555xyz0143", "1x617ab555c0143", "4111ab1111cd1111ef1111",
              "5555kkk5555k5555kk4444"]


@pytest.mark.parametrize("digits", SPLIT + SPLIT_WIDE)
def test_ids_holding_a_value_split_by_letters_are_not_relayed(digits: str) -> None:
    for name, value in (("x-request-id", f"req_{digits}"), ("request-id", f"req_011C{digits}"),
                        ("openai-project", f"proj_{digits}")):
        assert dict(response_headers(CIMultiDict({name: value, "openai-version": "2020-10-01"}))) == \
            {"openai-version": "2020-10-01"}, value


@pytest.mark.parametrize("digits", SPLIT + SPLIT_WIDE)
def test_account_ids_holding_a_value_split_by_letters_stay_behind(digits: str) -> None:
    for name, value in (("OpenAI-Organization", f"org-{digits}"), ("OpenAI-Project", f"proj_{digits}")):
        assert dict(upstream_headers(CIMultiDict({name: value, "Accept": "*/*"}), None)) == {"Accept": "*/*"}, value


def test_real_account_and_project_ids_go_on_and_come_back() -> None:
    r = random.Random(11)
    b62 = string.digits + string.ascii_letters
    for _ in range(2000):
        org = "org-" + "".join(r.choice(b62) for _ in range(24))
        proj = "proj_" + "".join(r.choice(b62) for _ in range(24))
        hex_id = "req_" + "".join(r.choice("0123456789abcdef") for _ in range(32))
        if re.search(r"[0-9]{7}", org + " " + proj):
            continue
        sent = CIMultiDict({"OpenAI-Organization": org, "OpenAI-Project": proj})
        assert dict(upstream_headers(sent, None)) == dict(sent)
        assert dict(response_headers(CIMultiDict({"openai-project": proj}))) == {"openai-project": proj}
        if not re.search(r"[0-9]{10}", hex_id):  # a random hex id is relayed whatever groups it holds
            assert dict(response_headers(CIMultiDict({"x-request-id": hex_id}))) == {"x-request-id": hex_id}
    # a hex id that happens to hold a phone number's groups between hex letters is still a random hex id
    hex_split = "req_617a555b0143" + "c" * 20
    assert dict(response_headers(CIMultiDict({"x-request-id": hex_split}))) == {"x-request-id": hex_split}


def test_id_headers_a_blocking_or_redacting_rule_matches_stay_behind() -> None:
    from proxy.config.policy import PatternRule

    rules = [PatternRule(name="codenames", regex=r"(?i)\bproject (falcon|osprey)\b", action="block"),
             PatternRule(name="watch", regex=r"(?i)\bkestrel\b", action="flag")]
    for name, value in (("x-request-id", "req_projectFalcon"), ("request-id", "req_projectOsprey01"),
                        ("openai-project", "proj_ProjectFalcon")):
        assert dict(response_headers(CIMultiDict({name: value}), None, rules)) == {}, value
        assert dict(response_headers(CIMultiDict({name: value}))) == {name: value}  # no rule: its grammar only
    kept = {"x-request-id": "req_kestrel1", "request-id": "req_011CKQvTk3XyZabcDEF"}
    assert dict(response_headers(CIMultiDict(kept), None, rules)) == kept  # a flag rule does not drop
