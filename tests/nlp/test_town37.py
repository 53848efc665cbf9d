"""town37 (atk36 F11, F02, F03): a name in a frame that holds only a person's name goes as one placeholder whatever
its surname is (a town's: `Gemma Thornbury`, `April Sutton`; one no list holds: `Tomasz Wróblewski`): git trailers and
`.mailmap`, WebVTT voices, chat headers, `git blame`, Zoom chat, `tel:` links, iCalendar `CN=`, person JSON keys,
`/etc/passwd` GECOS names, build files' authors (Dockerfile labels, `MAINTAINER`, package.json, setup.py, pyproject,
Cargo, gemspec). Names and phrasings are held out (not the report's); system accounts, teams and towns in sentences
about places go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = policy(output={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


NAMED = [  # (text, the name's words that must not go, what must stay as written)
    ("Tidy the parser\n\nSigned-off-by: Bethany Wetherby <bw@example.org>", ["Wetherby"], ["Tidy the parser"]),
    ("Co-authored-by: Holly Alnwick <holly@users.noreply.github.com>", ["Alnwick"], ["Co-authored-by:"]),
    ("Poppy Keswick <poppy@keswick.dev> <pk@old.example>\nFaith Malton <fm@example.com>", ["Keswick", "Malton"],
     []),
    ("WEBVTT\n\n00:00:03.000 --> 00:00:06.000\n<v Imogen Buxton>My card was charged twice.", ["Buxton"],
     ["My card was charged twice."]),
    ("Ivy Kendal  3:17 PM\nthe build is green now", ["Kendal"], ["3:17 PM", "the build is green now"]),
    ("^4be21f0 (Rose Thirsk 2024-03-09 08:00:00 +0000 7)     return cfg", ["Thirsk"], ["return cfg"]),
    ('{"fields":{"assignee":{"displayName":"Summer Morley","active":true}}}', ["Morley"], ['"active":true']),
    ('{"profile":{"real_name":"Olive Tadcaster","tz":"Europe/London"}}', ["Olive", "Tadcaster"],
     ['"tz":"Europe/London"']),
    ("16:40:05 From April Pickering to Everyone:\n\tsharing the deck now", ["Pickering"], ["to Everyone:"]),
    ('<a href="tel:+441632960777">Call Hope Beverley</a>', ["Beverley"], ['<a href="tel:']),
    ("BEGIN:VEVENT\nORGANIZER;CN=Dawn Hornsea:mailto:dh@example.com\nEND:VEVENT", ["Hornsea"], ["BEGIN:VEVENT"]),
    ("root:x:0:0:root:/root:/bin/bash\ndan:x:1001:1001:Adaeze Okonkwo,,,:/home/dan:/bin/bash",
     ["Adaeze", "Okonkwo"], ["root:x:0:0:root:/root:/bin/bash", ":/home/dan:/bin/bash"]),
    ("rk:x:1002:1002:Radosław Kowalczyk,Room 12,,:/home/rk:/bin/zsh", ["Kowalczyk"], ["Room 12"]),
    ("tb:x:1003:1003:Taras Bondarenko:/home/tb:/bin/bash", ["Bondarenko"], ["/home/tb"]),
    ("hf:x:1004:1004:Harriet Filey,,,:/home/hf:/bin/bash", ["Filey"], []),
    ('FROM python:3.12-slim\nLABEL maintainer="Chinonso Obi"\nRUN pip install .', ["Chinonso", "Obi"],
     ["RUN pip install ."]),
    ('LABEL org.opencontainers.image.authors="Funmilayo Adeyemi <fa@example.com>"', ["Adeyemi"], ["LABEL"]),
    ("FROM debian:12\nMAINTAINER Nnamdi Okafor <no@example.com>", ["Okafor"], ["FROM debian:12"]),
    ('{"name": "widget", "author": "Keira Frome <kf@example.com> (https://example.com)"}', ["Frome"],
     ['"name": "widget"']),
    ("setup(name='tool', author='Babajide Olatunji', author_email='bo@example.com')", ["Olatunji"],
     ["name='tool'"]),
    ('[project]\nname = "tool"\nauthors = [{name = "Leah Yeovil", email = "ly@example.com"}]', ["Yeovil"],
     ['name = "tool"']),
    ('[package]\nauthors = ["Kwabena Mensah <km@example.com>", "Iris Padstow"]', ["Mensah", "Padstow"], []),
    ('Gem::Specification.new do |s|\n  s.authors = ["Naomi Penrith", "Aarav Krishnamurthy"]\nend',
     ["Penrith", "Krishnamurthy"], ["Gem::Specification.new"]),
]
PLAIN = [  # PII-free look-alikes
    "sshd:x:110:65534::/run/sshd:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin",
    "messagebus:x:102:104:System Message Bus,,,:/nonexistent:/usr/sbin/nologin",
    "systemd-network:x:100:102:systemd Network Management,,,:/run/systemd:/usr/sbin/nologin",
    "Debian-exim:x:101:103::/var/spool/exim4:/usr/sbin/nologin\npostfix:x:105:111:Postfix,,,:/var/spool:/bin/false",
    "ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\nlist:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin",
    'FROM alpine\nLABEL maintainer="Acme Platform Team"',
    'LABEL org.opencontainers.image.authors="The Kubernetes Authors"',
    '[package]\nauthors = ["The Rust Project Developers"]',
    "setup(name='x', author='Python Packaging Authority')",
    "Release Notes  10:02 AM\nGrace Period  14:00",
    "Standup  9:30 AM",
    "14:20:00 From Paris to London the train takes two hours",
    '{"displayName": "Engineering Team", "type": "group"}',
    "<v Narrator>Once upon a time",
    "1a2b3c4d (Dependabot 2024-01-02 10:00:00 +0000 4) x = 1",
    '{"city": "Whitby", "region": "North Yorkshire"}',
    "We drove from Thornbury via Ripley to Whitby.",
    "Meet me at Sutton Coldfield station at 10:02 AM",
    '{"assignee": {"displayName": "Unassigned Queue"}}',
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 5])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await streamed_out(guard, P_OUT, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text
