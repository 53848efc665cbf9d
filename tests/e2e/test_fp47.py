"""fp47 end to end through the official openai and anthropic SDKs, under the shipped default policy (the gen46
held-out corpus's false positives): code words in lower case (`tsconfig`, `.jpeg`, `getaddrinfo`, `db`, `uint64 max`,
a manifest's `name: amqp`), products beside model codes (`Ryzen 9 7900X`, `RTX 4070 Ti`, `QN90D Neo QLED`), `Zod vs
Yup`, `Stack Overflow`, `Grana Padano`, months (`Jan..Dec`), plants (`the Daisy or the Rose`, `My Peace Lily`),
`Loch Ness`, Hinglish `Meri`/`Ek`, `房东`, `grant us` and an acronym's label (`NAT:`) reach the provider as sent and
come back as written; real people beside the same words reach it redacted and come back restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


NOTES = ("I'm studying for my networking exam. Can you check my notes for mistakes and fill in anything "
         'important I missed?\n'
         '\n'
         'OSI model:\n'
         '1 Physical - cables, signals, hubs\n'
         '2 Data link - MAC addresses, switches, frames, Ethernet, ARP is here?\n'
         '3 Network - routing, packets, routers, IPv4 IPv6, ICMP\n'
         '4 Transport - TCP (reliable, connection, 3-way handshake SYN SYN-ACK ACK), UDP (no connection, '
         'faster, used for DNS and video calls)\n'
         '5 Session - keeps sessions open??\n'
         '6 Presentation - encryption, compression, formats like JPEG\n'
         '7 Application - HTTP, FTP, SMTP, DNS\n'
         '\n'
         'TCP/IP model has 4 layers: Network access, Internet, Transport, Application\n'
         '\n'
         'Ports: HTTP 80, HTTPS 443, SSH 22, FTP 21, DNS 53, SMTP 25, RDP 3389, MySQL 3306\n'
         '\n'
         'Subnetting: /24 = 256 addresses, 254 usable. /26 = 64 addresses, 62 usable. /30 = 4 addresses, '
         '2 usable, used for point to point links.\n'
         '\n'
         'NAT: translates private addresses to a public one so many devices share it.\n'
         'DHCP: gives out addresses automatically, uses DORA (Discover Offer Request Acknowledge), UDP '
         'ports 67 and 68.\n'
         '\n'
         'VLANs separate broadcast domains on the same switch. Trunk ports carry multiple VLANs with '
         '802.1Q tags.')
KEPT = [
    'vite build: Rollup failed to resolve import "@/components/Chart". tsconfig has paths set up.\n'
    "rename all .jpeg files to .jpg in a folder, PowerShell and bash versions pls\n"
    "what is the size of a uint64 max in decimal and how many digits\n"
    "Write an Ansible inventory in YAML with groups web (3 hosts) and db (2 hosts).",
    "Will a Corsair RM750e power an RTX 4080 Super with a Ryzen 9 7900X?\n"
    "Used RTX 3090 24GB or new RTX 4070 Ti Super 16GB?\n"
    "LG C4 OLED or Samsung QN90D Neo QLED for a bright room?\n"
    "Zod vs Yup vs Valibot for form validation in a React app.\n"
    "Stack Overflow says to use SKIP LOCKED for a job queue in Postgres.",
    "Che differenza c'è tra il Parmigiano Reggiano e il Grana Padano?\n"
    "SQL: pivot monthly revenue per region into columns Jan..Dec.\n"
    "Is the Daisy or the Rose easier to grow in containers for a beginner?\n"
    "My Peace Lily is drooping every few days even though I water it.",
    "Bhai bike ki servicing kitne km pe karwani chahiye? Meri Royal Enfield Classic 350 hai.\n"
    "请帮我写一封给房东的邮件，说明下个月的房租会晚五天交。\n"
    "Day 4: Inverness and Loch Ness, then Fort Augustus.\n"
    "5. You retain ownership of content you upload. You grant us a licence to host and display it.",
    NOTES,
    'vite build: "[vite]: Rollup failed to resolve import "@/components/Chart" from "src/pages/Dashboard.vue"."'
    " tsconfig has paths set up.",
    "```yaml\napiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n"
    "        - name: rabbitmq\n          image: rabbitmq:3.13-management\n          ports:\n"
    "            - containerPort: 5672\n              name: amqp\n```\nExplain it section by section.",
]
PEOPLE = ("Jan Kowalczyk configured the tsconfig paths. Daisy Okafor planted the daisies in containers. "
          "Neo Sun-woo reviewed the QLED specs. Max Hoffmann said the uint64 max overflowed.")
NAMES = ["Jan Kowalczyk", "Daisy Okafor", "Neo Sun-woo", "Max Hoffmann"]


@pytest.mark.parametrize("route", ["chat", "messages"])
@pytest.mark.parametrize("text", KEPT, ids=[f"kept{k}" for k in range(len(KEPT))])
def test_words_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str, text: str) -> None:
    SEND[route](guarded, text)
    assert user_text(mock) == text


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_words_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
@pytest.mark.parametrize("text", KEPT[:3], ids=["kept0", "kept1", "kept2"])
def test_words_answered_as_written(guarded: Proxy, mock: Mock, route: str, text: str) -> None:
    whole, streamed = answers(guarded, mock, text, route)
    assert whole == streamed == text
