"""Restore into more shapes of unfenced configuration, whole and streamed alike (yaml28: issue 12, atk26 F4, F11).

F4: YAML flow mappings and sequences (on one line or several), a top-level list item, blockquoted YAML, a blank line
inside a block, an XML configuration, bare JSON members and two YAML records of one answer (one naming the
destination) are code scopes (`proxy.guard.yaml28`): their placeholders are kept where the answer sends. F11: a
value in the mapping lines (or a comment line) before a block key is kept streamed as it is whole: a stream holds
such a line until the lines after it decide. Look-alikes that name no destination are restored as before.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.linehold import LineHold
from proxy.guard.scopes import code_spans
from proxy.guard.yaml28 import PENDING, config_run, pending
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat

SIZES = (1, 3, 5, 8, 13)
U = "https://collector.example/u"

# The tester's shapes (atk26 F4, F11).
F4 = [
    f"notify: {{url: {U}, to: {E}}}\n",
    f"targets: [{U}, {E}]\n",
    f"- url: {U}\n  to: {E}\n",
    f"> alert:\n>   url: {U}\n>   to: {E}\n",
    f"notify: {{\n  url: {U},\n  to: {E}\n}}\n",
    f"recipients: [{E}]\nwebhook:\n  url: {U}\n",
    f"<notify>\n  <url>{U}</url>\n  <to>{E}</to>\n</notify>\n",
    f"<notify><url>{U}</url><to>{E}</to></notify>",
    f"notify:\n  to: {E}\n\n  url: {U}\n",
    f"Set the recipient:\n\nrecipient: {E}\n\nand then the endpoint:\n\nendpoint: {U}\n",
    f'"webhook": "{U}"\n"email": "{E}"\n',
]
F11 = [
    f"to: {E}\nnotify:\n  url: {U}\n",
    f"email: {E}\nlevel: high\nnotify:\n  url: {U}\n",
    f"- to: {E}\n  name: ops\nwebhook:\n  url: {U}\n",
    f"recipients: [{E}]\nwebhook:\n  url: {U}\n",
    f"# recipient {E}\nnotify:\n  url: {U}\n",
    f"Email: {E}\nnotify:\n  url: {U}\n",
]
# Held out: other keys, hosts, values and layouts than the tester's.
HELD_OUT = [
    f"alerting: {{channel: email, recipients: [{E}, {P}], relay: smtp.mailgun-relay.net:587}}",
    f"sinks: [\n  {{type: http, target: 'https://ingest.acme-logs.org/v2'}},\n  {{type: sms, number: '{P}'}}\n]\n",
    f"- name: oncall\n  contact: {N}\n  phone: {P}\n- name: relay\n  address: 198.51.100.23\n",
    f"> ```\n> ignored\n> ```\n\n> reporting:\n>   owner: {N}\n>   sink: https://hooks.intake-corp.net/a1\n",
    f"pager:\n  owner: {N}\n\n\n  callback: https://pager.intake-corp.net/cb\n",
    f"<config>\n  <smtp host=\"mx.collector.io\" port=\"25\"/>\n  <recipient>{E}</recipient>\n</config>",
    f"First the owner.\n\nowner: {N}\nphone: {P}\n\nThen the sink, once:\n\nsink_url: https://hooks.intake-corp.net/a1",
    f"# owner {N}, {P}\n# paste as is\nreporting:\n  sink: https://hooks.intake-corp.net/a1\n",
    f"Phone: {P}\nName: {N}\nexporter:\n  endpoint: https://otel.intake-corp.net:4318\n",
    f'  "callback_url": "https://hooks.intake-corp.net/a1",\n  "contact": "{N}"',
]
# Look-alikes that name no destination: restored, whole and streamed.
RESTORED = [
    f"contact: {{name: {N}, role: admin}}\n",
    f"<person><email>{E}</email></person>",
    f"<person>\n  <name>{N}</name>\n  <phone>{P}</phone>\n</person>\n",
    f"attendees:\n  - {N}\n  - {E}\n",
    f"backup:\n  path: /var/backups/contacts.csv\n  owner: {N}\n",
    f"Thanks {N}, I will write to {E} about the order.",
    f"Here is your record:\n\nname: {N}\nemail: {E}\nphone: {P}\n\nSee https://acme.com for the rest.",
    f"attendees: [{N}, {E}]\nroom: 4B\n",
    f"# Contact {N}\nemail: {E}\n\nAnything else?",
    f"> name: {N}\n> email: {E}\n\nVisit https://acme.com to update it.",
    f"Name: {N}\nEmail: {E}\nWebsite: https://acme.com\n",
    f"<p>Contact {N} at {E}.</p>\n<p>Docs: <a href=\"https://acme.com\">acme</a></p>",
    f"Dear {N},\n\nyour order shipped.\nnote: ring the bell\n\nRegards",
]


@pytest.mark.parametrize("text", F4 + F11 + HELD_OUT)
async def test_configuration_that_sends_keeps_placeholders(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text) != text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size


def test_the_runs_read() -> None:
    text = f"Intro.\n\nnotify: {{\n  url: {U},\n  to: {E}\n}}\nDone here.\n"
    assert [text[a:b] for a, _, b in code_spans(text)] == [f"notify: {{\n  url: {U},\n  to: {E}\n}}\n"]
    text = f"notify:\n  to: {E}\n\n  url: {U}\n\nThat is all.\n"
    assert [text[a:b] for a, _, b in code_spans(text)] == [f"notify:\n  to: {E}\n\n  url: {U}\n"]
    text = f"Use:\n<notify><url>{U}</url></notify> then <b>x</b>"
    assert [text[a:b] for a, _, b in code_spans(text)] == [f"<notify><url>{U}</url></notify>"]
    assert config_run(f"<div><p>{U}</p></div>", 0) is None
    assert config_run(f"Email: {E}\n- Phone: {P}\n", 0) is None
    # open at the text's end (a stream's next piece may go on with it)
    assert config_run("notify:\n  to: x\n\n", 0) == (0, 7, 17)


def test_a_stream_holds_a_line_that_may_join_a_run() -> None:
    head = ""
    assert pending(head, f"# recipient {E}\n", [12]) == (12, False, PENDING)
    assert pending(head, f"# recipient {E}\nnoti", [12]) == (12, False, PENDING)
    assert pending(head, f"# recipient {E}\nThanks, bye", [12]) is None
    assert pending(head, f"Email: {E}\n\n", [7]) is None
    assert pending(head, f"Thanks {E}\n", [7]) is None
    hold = LineHold()
    text = f"Name: {N}\nEmail: {E}\n"
    assert hold.cut(text, {N, E}) == (6, False)
    assert hold.cut(text + "Have a nice day.\n", {N, E}) == (len(text) + 17, False)


@pytest.mark.parametrize("text", [
    f"<Configuration>\n  <Endpoint>https://relay.fabrikam.io/in</Endpoint>\n  <Owner>{N}</Owner>\n</Configuration>",
    f"<appSettings><add key=\"hook\" value=\"https://relay.fabrikam.io/in\"/><add key=\"to\" value=\"{E}\"/>"
    "</appSettings>",
])
async def test_an_xml_configuration_with_capitals_keeps_placeholders(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


def test_a_placeholder_starts_no_xml_element() -> None:
    assert config_run(f"<note>{N} will call</note>", 0) is None
    assert config_run(f"{N}<note>\n<PHONE_NUMBER_1>\n", 0) is None
    assert config_run(f"<DIV><P>{U}</P></DIV>", 0) is None


def test_a_bracket_in_a_sentence_opens_no_flow_and_a_wrapper_tag_no_xml() -> None:
    text = f"todo: fix [WIP\nThe rest is prose with {E} and https://acme.com in it.\n"
    assert [text[a:b] for a, _, b in code_spans(text)] == ["todo: fix [WIP\n"]
    assert config_run(f"<answer>\n<greeting>Hi {N}</greeting>\n<link>https://acme.com/help</link>\n</answer>", 0) \
        is None


@pytest.mark.parametrize("text", [
    f"todo: check the ticket [WIP\n\nThanks {N}, I will mail {E}; see https://acme.com/status.",
    f"<answer>\n<greeting>Hi {N}</greeting>\n<link>https://acme.com/help</link>\n</answer>",
])
async def test_prose_after_a_bracket_or_in_a_wrapper_tag_is_restored(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text) != text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size
