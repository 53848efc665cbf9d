"""fp47: words the name rules read as a person in frames no person is in (the gen46 held-out corpus's false
positives): code words in lower case, products beside model codes, months, plants, `Loch Ness`, Hinglish words,
`房东`, `grant us`, an acronym's label in notes. Each goes as sent; real people beside the same words stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})

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
MANIFEST = ("Explain this manifest:\n\n```yaml\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: queue\n"
            "spec:\n  template:\n    spec:\n      containers:\n        - name: rabbitmq\n"
            "          image: rabbitmq:3.13-management\n          ports:\n            - containerPort: 5672\n"
            "              name: amqp\n            - containerPort: 15672\n              name: http\n```")
TOOL_NOTES = ("Turn these notes into a README for our internal CLI tool.\n\nname: shipctl\nwhat it does: deploys "
              "services.\n\ninstall: brew install shipctl.\n\ncommands:\n- shipctl deploy <service> --version <tag>\n"
              "- shipctl status <service> shows the current revision")

KEPT = [
    "Stack Overflow says to use `SELECT ... FOR UPDATE SKIP LOCKED` for a job queue in Postgres.",
    "rename all .jpeg files to .jpg in a folder, PowerShell and bash versions pls",
    "Which GPU for local LLM inference: used RTX 3090 24GB at ~$700 or new RTX 4070 Ti Super 16GB at ~$800?",
    "Why is my Wi-Fi 6E router (TP-Link Archer AXE75) only giving 300 Mbps on a 1 Gbps fiber line?",
    "SQL: pivot monthly revenue per region into columns Jan..Dec (Postgres, crosstab or FILTER?).",
    "Will a Corsair RM750e power an RTX 4080 Super with a Ryzen 9 7900X? Total system estimate?",
    "what is the size of a uint64 max in decimal and how many digits",
    "npm ERR! network request to https://registry.npmjs.org/typescript failed, reason: getaddrinfo EAI_AGAIN "
    "registry.npmjs.org",
    'Which is better for a 65" living room TV: LG C4 OLED or Samsung QN90D Neo QLED, bright room with windows?',
    "Write an Ansible inventory in YAML with groups web (3 hosts) and db (2 hosts) using hostnames web01..web03.",
    "Is Windows 11 24H2 stable enough for 300 office laptops? Known issues with Intel Smart Sound drivers?",
    "Zod vs Yup vs Valibot for form validation in a React app — bundle size and DX.",
    "How much faster is a PCIe 5.0 NVMe than PCIe 4.0 in real game load times, e.g. Forspoken with DirectStorage?",
    "Che differenza c'è tra il Parmigiano Reggiano e il Grana Padano? Quale usare per la carbonara?",
    "请帮我写一封给房东的邮件，说明下个月的房租会晚五天交。",
    "Is the Daisy or the Rose easier to grow in containers for a beginner?",
    "My Peace Lily is drooping every few days even though I water it. What's wrong?",
    "Pode me explicar a diferença entre CDB e Tesouro Direto?",
    "Bhai bike ki servicing kitne km pe karwani chahiye? Meri Royal Enfield Classic 350 hai.",
    "What's the difference between a Chelsea boot and a Jodhpur boot?",
    "Ek achha sa Diwali message likh do office group ke liye, formal but warm",
    "My Jasmine plant has stopped flowering. What's it missing?",
    "Day 4: Inverness, Loch Ness (the kid really wants to look for the monster), then Fort Augustus.",
    "5. You retain ownership of content you upload. You grant us a licence to host and display it.",
    NOTES,
    MANIFEST,
    TOOL_NOTES,
]
# (text, the people's names that must not reach the provider)
PEOPLE = [
    ("Jan Kowalczyk configured the tsconfig paths last week.", ["Jan Kowalczyk"]),
    ("Please ask Rose about the roses in containers.", ["Rose"]),
    ("Daisy Okafor planted the daisies by the fence.", ["Daisy Okafor"]),
    ("Dear Lily, the pots are ready for planting.", ["Lily"]),
    ("Chelsea Morgan bought a Chelsea boot.", ["Chelsea Morgan"]),
    ("Meri dost Anjali Verma ka birthday kal hai.", ["Anjali Verma"]),
    ("Neo Sun-woo reviewed the QLED specs.", ["Neo Sun-woo"]),
    ("Max Hoffmann said the uint64 max overflowed.", ["Max Hoffmann"]),
    ("contacts:\n  - name: Maria Lopez\n    role: treasurer", ["Maria Lopez"]),
    ("Grant Harper asked us to grant him access.", ["Grant Harper"]),
    ("Audit: user 'ngallagher' removed from the db group by 'bthompson' at 14:40", ["ngallagher", "bthompson"]),
    ("Eliot Ness led the team in Chicago.", ["Eliot Ness"]),
    ("我的房东王建国不肯退押金。", ["王建国"]),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(P_IN, [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize("text", KEPT)
async def test_goes_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "names"), PEOPLE)
async def test_people_beside_the_same_words_redacted(guard: Guard, text: str, names: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [n for n in names if n in sent] == [], sent


async def test_a_value_beside_a_kept_word_still_redacted(guard: Guard) -> None:
    sent = await _sent(guard, "My Peace Lily is drooping; call me at 617-555-0143 with tips.")
    assert sent.startswith("My Peace Lily is drooping") and "617-555-0143" not in sent, sent
