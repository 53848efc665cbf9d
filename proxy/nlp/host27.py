"""An IPv4 address written into a host name, and tcpdump's address.port form (host27: atk26 F16).

Cloud and ISP reverse DNS write a host's address into its name, the four octets apart by dashes: AWS
`ip-10-0-1-23.ec2.internal` (every EKS/EC2 node in `kubectl get nodes`), `ip-10-0-1-23.us-west-2.compute.internal`,
`ec2-54-12-34-56.compute-1.amazonaws.com`, wildcard DNS `203-0-113-45.sslip.io`, ISP `host-203-0-113-45.example.net`,
`c-73-12-34-56.hsd1.ca.comcast.net`. tcpdump prints an address with its port after a fifth dot
(`IP 203.0.113.45.54321 > 198.51.100.7.443: Flags [S]`), a run the dotted-quad reading leaves (more than four parts
are an OID's). The four octets are the address (IP_ADDRESS over them alone: the host keeps its shape,
`ip-<IP_ADDRESS_1>.ec2.internal`, `<IP_ADDRESS_1>.54321`).

Read as an address:
- four octets (0-255, no leading zero) apart by dashes in a host label, after `ip-` or `ec2-` (AWS: with or without
  a domain, `ip-172-31-5-9`), or in a host name: the label's domain after it has two labels or more and ends in a
  public suffix or an internal name (`.internal`, `.local`, `.example`...), whatever words come before the octets in
  the label (`host-`, `c-`, `static-`) unless a version word (`v`, `version`, `release`, `build`, `rc`, `tag`);
- `ip_10_0_1_23`, `host_10_0_1_23` (an identifier from a host's address);
- tcpdump's `A.B.C.D.PORT` (a port 0-65535) after tcpdump's `IP ` or on either side of its ` > `.
Not: `ip-172-31-0-0` (an `A.B.0.0` network base, no host's: fp41), `v1-2-3-4`, `build-10-0-1-23`,
`k8s-node-1-2-3-4`, dates (`2024-01-02-03`, `10-01-02-03`), a file name (`backup-10-0-1-23.tar.gz`, `x-1-2-3-4.zip`:
one label after), a five-part version (`1.2.3.4.5`) with no arrow.
"""

from __future__ import annotations

import re
from functools import lru_cache

import tldextract

Result = tuple[str, int, int, float]

_SCORE = 0.85
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# Cheap gates: four 1-3 digit groups apart by `-` or `_`; a five-part dotted run.
_DASHED_GATE = re.compile(r"\d{1,3}[-_]\d{1,3}[-_]\d{1,3}[-_]\d{1,3}")
_DOTTED_GATE = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\.\d")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DASHED = re.compile(
    r"(?i)(?<![\w.-])"
    r"(?P<words>(?:[a-z][a-z0-9]*-){0,4})"
    rf"(?P<ip>{_OCTET}-{_OCTET}-{_OCTET}-{_OCTET})"
    rf"(?P<domain>(?:\.{_LABEL})*)"
    r"(?![\w-])")
_UNDERSCORED = re.compile(
    rf"(?i)(?<![a-z0-9])(?:[a-z0-9]+_)*(?:ip|ipv4|host|ec2)_(?P<ip>{_OCTET}_{_OCTET}_{_OCTET}_{_OCTET})(?![\w-])")
_STRONG = frozenset({"ip", "ec2", "ipv4"})
_VERSION_WORDS = frozenset({"v", "ver", "version", "release", "rel", "build", "rc", "tag", "r", "rev", "patch"})
_INTERNAL = frozenset({"internal", "local", "lan", "corp", "intranet", "localdomain", "private", "home", "example",
                       "test", "invalid", "localhost", "arpa"})
# Public suffixes that are also file extensions engineers write (`tests.spec.py`, `run.up.sh`, `notes.draft.md`).
_FILE_LIKE = frozenset({"py", "sh", "md", "rs", "pl", "so", "in", "am", "ml", "ps", "mk", "zip", "mov", "cc", "gz"})
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
_TCPDUMP = re.compile(rf"(?<![\w.])(?P<ip>{_OCTET}(?:\.{_OCTET}){{3}})\.(?P<port>\d{{1,5}})(?![\w]|\.\d)")
_RUN = rf"{_OCTET}(?:\.{_OCTET}){{3}}(?:\.\d{{1,5}})?"
_ARROW_AFTER = re.compile(rf"[ \t]+>[ \t]+{_RUN}(?![\w]|\.\d)")
_ARROW_BEFORE = re.compile(rf"(?<![\w.]){_RUN}[ \t]+>[ \t]+$")
_IP_WORD = re.compile(r"(?<![\w.])IP6?[ \t]+$")


@lru_cache(maxsize=4096)
def _host_domain(domain: str) -> bool:
    """Whether `domain` (`.ec2.internal`, with its leading dot) is a host's domain: two labels or more, the last a
    public suffix or an internal name, no file extension."""
    labels = domain[1:].lower().split(".") if domain else []
    if len(labels) < 2 or not labels[-1].isalpha() or labels[-1] in _FILE_LIKE:
        return False
    return labels[-1] in _INTERNAL or _EXTRACT(".".join(labels)).suffix != ""


def host_addresses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each IPv4 address written into a host name or as tcpdump's address.port in `text`."""
    out: list[tuple[int, int]] = []
    if _DASHED_GATE.search(text) is not None:
        for m in _DASHED.finditer(text):
            words = [w.lower() for w in m.group("words").split("-") if w]
            if words and words[-1] in _VERSION_WORDS or m.group("ip").endswith("-0-0"):
                continue  # (fp41: `ip-172-31-0-0`, an A.B.0.0 base no subnet holding it lends a host, AWS's included)
            if (words and words[-1] in _STRONG) or _host_domain(m.group("domain")):
                out.append(m.span("ip"))
        out.extend(m.span("ip") for m in _UNDERSCORED.finditer(text))
    if _DOTTED_GATE.search(text) is None:
        return out
    for m in _TCPDUMP.finditer(text):
        if int(m.group("port")) > 65535:
            continue
        start, end = m.span()
        if _ARROW_AFTER.match(text, end) or _ARROW_BEFORE.search(text, max(0, start - 40), start) \
                or _IP_WORD.search(text, max(0, start - 8), start):
            out.append(m.span("ip"))
    return out


def with_host_addresses(text: str, found: list[Result]) -> list[Result]:
    """`found` with each address of `host_addresses` as IP_ADDRESS where no IP_ADDRESS covers it; a finding of
    another type inside it (its groups read as a phone's) gives way."""
    spans = host_addresses(text)
    if not spans:
        return found
    covered = [(a, b) for e, a, b, _ in found if e == "IP_ADDRESS"]
    new = [(a, b) for a, b in spans if not any(x <= a and b <= y for x, y in covered)]
    kept = [r for r in found if r[0] == "IP_ADDRESS" or not any(a <= r[1] and r[2] <= b for a, b in new)]
    return kept + [("IP_ADDRESS", a, b, _SCORE) for a, b in new]


__all__ = ["host_addresses", "with_host_addresses"]
