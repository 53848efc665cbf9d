"""atk12 B M2: a North American number in an id or the model with its local 7 digits unbroken after the area code
(`gpt-4o-617.5550143`, `gpt-4o-1-617-5550143`) is read in its printed groups, so the screen finds it there
without a phone word."""

from __future__ import annotations

import pytest

from proxy.providers.idshape import reading, written


@pytest.mark.parametrize(("value", "read"), [
    ("gpt-4o-646.5550123", "gpt 4 o 646.555-0123"),
    ("gpt-4o-1-212-5550187", "gpt 4 o 1-212-555-0187"),
    ("call_718_5550166", "call 718_555-0166"),
    ("m:312:5550199", "m 312:555-0199"),
])
def test_a_valid_number_is_read_in_its_printed_groups(value: str, read: str) -> None:
    assert reading(value) == read
    assert written(value, read) == value  # the `-` read in is no character of the value


@pytest.mark.parametrize(("value", "read"), [
    ("gpt-4o-123.4567890", "gpt 4 o 123.4567890"),       # no valid number (area code 123)
    ("run-100.2000000", "run 100.2000000"),
    ("x-5-646-5550123", "x 5-646-5550123"),               # a longer run of groups: not the number alone
    ("gpt-4o-2024-08-06", "gpt 4 o 2024-08-06"),
    ("job-646.555012", "job 646.555012"),                 # 6 digits after the dot
])
def test_other_digits_are_read_as_before(value: str, read: str) -> None:
    assert reading(value) == read
