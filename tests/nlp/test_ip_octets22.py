"""An IPv4 address written as its four octets after an IP word or key is an IP_ADDRESS (contact22: atk22b L1;
`proxy.nlp.ip_octets`); the same shape without one (a version, a colour, a shape, a date) is none."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

OCTETS = [
    ('{"ip": [192,168,10,77]}', "192,168,10,77"),
    ('{"client_ip": [203, 0, 113, 54]}', "203, 0, 113, 54"),
    ('{"ip": ["203","0","113","54"]}', '"203","0","113","54"'),
    ("client ip [203, 0, 113, 54]", "203, 0, 113, 54"),
    ("IP: 203 0 113 54", "203 0 113 54"),
    ("ip = (203, 0, 113, 54)", "203, 0, 113, 54"),
    ("peer_ip = bytes([192, 168, 1, 20])", "192, 168, 1, 20"),
    ("IP address: 10 20 30 40", "10 20 30 40"),
]
NOT_OCTETS = [
    "sys.version_info is (3, 11, 4, 0) on the ip host",
    "color: rgba(255, 0, 0, 128); the ip column is hidden",
    "input shape (1, 3, 224, 224) for the ip camera model",
    "ip = [1, 2, 3, 4, 5]",
    "IP: 203 0 113 540",
    "ip = (300, 1, 2, 3)",
    "tip: 1, 2, 3, 4",
    "ship (1, 2, 3, 4)",
]


@pytest.mark.parametrize(("text", "value"), OCTETS)
async def test_four_octets_after_an_ip_key_are_an_address(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    assert ("IP_ADDRESS", value) in await found(analyzer, text)


@pytest.mark.parametrize("text", NOT_OCTETS)
async def test_four_numbers_without_an_ip_key_are_none(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(e == "IP_ADDRESS" for e, _ in await found(analyzer, text))
