"""An IPv4 address written into a host name (AWS `ip-10-0-1-23.ec2.internal`, `ec2-54-12-34-56...amazonaws.com`,
wildcard DNS `203-0-113-45.sslip.io`, ISP reverse DNS) or tcpdump's address.port form is an IP_ADDRESS over its
octets (host27: atk26 F16; `proxy.nlp.host27`); engineering strings with four dashed numbers stay as written."""

from __future__ import annotations

import pytest

from proxy.nlp.host27 import host_addresses
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

# The tester's shapes (atk26 F16), the ones the rule was written on.
REPORTED = [
    ("Connection refused from ec2-54-12-34-56.compute-1.amazonaws.com on port 22.", ["54-12-34-56"]),
    ("kubelet on ip-10-0-1-23.ec2.internal is NotReady.", ["10-0-1-23"]),
    ("node ip-10-0-1-23.us-west-2.compute.internal drained", ["10-0-1-23"]),
    ("Host 203-0-113-45.static.isp.example responded.", ["203-0-113-45"]),
    ("curl http://203-0-113-45.sslip.io/health", ["203-0-113-45"]),
    ("reverse DNS: host-203-0-113-45.example.net", ["203-0-113-45"]),
    ("seen from c-73-12-34-56.hsd1.ca.comcast.net", ["73-12-34-56"]),
    ("tcpdump: 12:01:02.123 IP 203.0.113.45.54321 > 10.0.0.5.443: Flags [S], seq 1", ["203.0.113.45", "10.0.0.5"]),
    ("ssh ec2-user@ip-172-31-5-9", ["172-31-5-9"]),
    ("hostname host_10_0_1_23 set", ["10_0_1_23"]),
]
# Held out: other values, providers and phrasings, written before the rule ran on them.
HELD_OUT = [
    ("NAME                                            STATUS   ROLES\n"
     "ip-172-16-200-7.eu-central-1.compute.internal   Ready    <none>", ["172-16-200-7"]),
    ("ssh -i key.pem ubuntu@ec2-3-120-45-99.eu-central-1.compute.amazonaws.com", ["3-120-45-99"]),
    ("The webhook points at https://192-0-2-77.nip.io/hook", ["192-0-2-77"]),
    ("Abuse report: scans from static-198-51-100-23.isp.example since Monday", ["198-51-100-23"]),
    ("Traceroute hop 4 pool-71-105-22-180.nycmny.fios.verizon.net", ["71-105-22-180"]),
    ("Spam came via cpe-24-58-12-101.twcny.res.rr.com", ["24-58-12-101"]),
    ("dhcp-10-20-30-40.corp.example.com leased for 8h", ["10-20-30-40"]),
    ("Set PEER=ip_192_168_4_20 in the env file", ["192_168_4_20"]),
    ("14:22:09.551 IP 192.168.1.10.51234 > 93.184.216.34.80: Flags [P.], ack 1", ["192.168.1.10", "93.184.216.34"]),
    ("Events: Node ip-192-168-0-14 status is now: NodeNotReady", ["192-168-0-14"]),
    ("its PTR is 45-33-12-9.ip.linodeusercontent.com", ["45-33-12-9"]),
]
# PII-free engineering strings with dashed or dotted numbers: no address read (`host_addresses` finds none, and the
# analyzer no IP_ADDRESS).
LOOKALIKES = [
    "Upgrade to v1-2-3-4 of the chart.",
    "Backup 2024-01-02-03 finished.",
    "Image tag build-10-0-1-23 is broken.",
    "Scale k8s-node-1-2-3-4 down.",
    "Request id 3f2a-10-0-1-23 not found",
    "uuid 123e4567-e89b-12d3-a456-426614174000",
    "version: 1.2.3.4",
    "Release release-1-2-3-4 is tagged.",
    "Page 12-15-20-30 of the spec",
    "Run migration 0001-02-03-04 again",
    "timestamp 10-01-02-03",
    "see backup-10-0-1-23.tar.gz in the bucket",
    "the archive x-1-2-3-4.zip",
    "chart nginx-1-2-3-4.tgz",
    "score was 1-2-3-4 after overtime",
    "phone tree options 1-2-3-4 then 0",
    "patch-2-0-1-5 is applied",
    "rc-1-0-0-1 fails CI",
    "Compare 1.2.3.4.5 with 1.2.3.4.6",
    "OID 1.3.6.1.4.1 is enterprise",
    "grid cells A-1-2-3-4",
    "ticket JIRA-1234-5-6-7",
    "Sizes: 8-16-32-64 GB",
    "port map 80-443-8080-9090",
    "Seats 10-11-12-13 are booked",
    "test_case_1_2_3_4 passed",
    "a score of 10-0-1-23 in the tiebreak",
    "log file app-2024-01-02.log",
    "commit abc1234 on branch feature-1-2-3-4",
    "Dates 01-02-03-04 appear in the COBOL file",
    "Use the bucket s3://logs-10-0-1-23-archive/",
    "ratio 16-9-4-3 looks off",
    "The matrix row 255-0-0-255 is red in RGBA",
    "Ship it at 10:01:02.123 > 09:00",
    "the spec tests.v1-2-3-4.example.py",
    "release-10-0-1-23.builds.example.com is the artifact host",
]


@pytest.mark.parametrize(("text", "values"), REPORTED + HELD_OUT)
async def test_an_address_in_a_host_name_is_an_ip_address(analyzer: PiiAnalyzer, text: str,
                                                          values: list[str]) -> None:
    got = await found(analyzer, text)
    for value in values:
        assert ("IP_ADDRESS", value) in got, got


@pytest.mark.parametrize("text", LOOKALIKES)
async def test_dashed_numbers_without_a_host_shape_are_none(analyzer: PiiAnalyzer, text: str) -> None:
    assert host_addresses(text) == []
    assert not any(e == "IP_ADDRESS" for e, _ in await found(analyzer, text))


def test_the_octets_alone_keep_the_host_readable() -> None:
    text = "kubelet on ip-10-0-1-23.ec2.internal and 203-0-113-45.sslip.io"
    assert [text[a:b] for a, b in host_addresses(text)] == ["10-0-1-23", "203-0-113-45"]


def test_a_port_past_65535_or_no_arrow_is_no_tcpdump_address() -> None:
    text = "IP 203.0.113.45.99999 > 10.0.0.5.443"
    assert [text[a:b] for a, b in host_addresses(text)] == ["10.0.0.5"]
    assert host_addresses("Compare 10.0.0.5.12 to 10.0.0.6.3") == []
