"""Issue 12, seventh round: an IPv4 address written with groups of 4 digits or more, zero-led (`0192.0168.0000.0001`,
`00010.0.0.1`), is read with each group as its value, as one with zero-led groups of 1-3 digits is
(`proxy.nlp.recognizers.HostIpRecognizer`, `ip_text`)."""

from __future__ import annotations

import pytest

from proxy.nlp.recognizers import HostIpRecognizer, ip_text


@pytest.mark.parametrize(("written", "read"), [("0192.0168.0000.0001", "192.168.0.1"), ("00010.0.0.1", "10.0.0.1"),
                                               ("10.0020.0030.0040", "10.20.30.40"), ("010.001.002.003", "10.1.2.3"),
                                               ("0010.0000.0000.0005/24", "10.0.0.5/24")])
def test_zero_padded_groups_read_as_their_values(written: str, read: str) -> None:
    assert ip_text(written) == read


@pytest.mark.parametrize("written", ["0256.0001.0001.0001", "1234.0.0.1", "0192.0168.0000"])
def test_groups_over_255_or_too_few_are_no_address(written: str) -> None:
    assert ip_text(written) is None


@pytest.mark.parametrize(("text", "found"), [
    ("The server is at 0192.0168.0000.0001 now.", "0192.0168.0000.0001"),
    ("ping 00010.0.0.1 now", "00010.0.0.1"), ("host 0172.016.0000.0010.", "0172.016.0000.0010"),
    ("host 0010.0000.0000.0005/24 up", "0010.0000.0000.0005/24"),
])
def test_the_recognizer_finds_a_zero_padded_address(text: str, found: str) -> None:
    results = HostIpRecognizer().analyze(text, ["IP_ADDRESS"])
    assert [text[r.start:r.end] for r in results] == [found]


@pytest.mark.parametrize("text", [
    "upgrade to version 0001.0002.0003.0004 today", "v0001.0002.0003.0004", "ratio 0.0001 and 12.0005 ms",
    "bind to 0000.0000.0000.0000 here", "ping 0127.0000.0000.0001 first", "net 0010.0000.0000.0000/8",
    "the range 0256.0001.0001.0001", "build 2024.0101.0001.0002", "id 0192.0168.0000.0001.0005 or x0192.0168.0000.0001",
])
def test_zero_padded_numbers_that_are_no_host_address(text: str) -> None:
    assert HostIpRecognizer().analyze(text, ["IP_ADDRESS"]) == []
