"""Restore into more senders' calls (rest35, atk33 F05): a call whose name sends, publishes or notifies (or creates a
message) with a recipient keeps the client's value, whole and streamed.

AWS SNS `publish(PhoneNumber=...)`, SES `send_email(Destination=...)` and `SendEmailCommand`, Plivo
`messages.create(dst=...)`, Azure `SmsClient.send(to=[...])` and `EmailClient.begin_send` with `"recipients"`,
pywhatkit `sendwhatmsg`, O365 `m.to.add(...)` then `m.send()`, Firebase `messaging.send` of a message with a `token`,
MessageBird, Sinch, Telnyx, Bandwidth, Infobip, Twilio in Node, Go, Java, C#, Ruby and PHP. Look-alikes (code that
stores or shows the value, a call that stays in the process, a JSON record, prose) are restored; an LLM SDK's
`messages.create` keeps it (send37: it sends the value to that provider).
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard import rest35
from tests.guard.test_answer20 import E, P, streamed_chat, values, whole_chat

# The tester's shapes (atk33 F05), then others (layouts, languages, vendors).
KEPT = [
    f'sns.publish(PhoneNumber="{P}", Message="Your code is 1234")',
    f"boto3.client('sns').publish(TargetArn=arn, Message=\"Lead: {E}\")",
    f"ses.send_email(Source=SENDER, Destination={{'ToAddresses': ['{E}']}}, Message=msg)",
    f"await ses.send(new SendEmailCommand({{ Destination: {{ ToAddresses: ['{E}'] }}, Source: FROM, Message: m }}));",
    f'client.messages.create(src=SRC, dst="{P}", text="Hello")',
    f'sms_client.send(from_=SENDER, to=["{P}"], message="Hello")',
    f'message = {{"senderAddress": SENDER, "recipients": {{"to": [{{"address": "{E}"}}]}}, "content": {{}}}}\n'
    f'poller = email_client.begin_send(message)',
    f'pywhatkit.sendwhatmsg("{P}", "Hello", 13, 30)',
    f'pywhatkit.sendwhatmsg_instantly("{P}", "Hello")',
    f"m = mailbox.new_message()\nm.to.add('{E}')\nm.subject = 'Hi'\nm.send()",
    f'message = messaging.Message(notification=messaging.Notification(title="Lead", body="{E}"), token=tok)\n'
    f'response = messaging.send(message)',
    f"client.message_create('Acme', '{P}', 'Hello')",
    f'sinch.sms.batches.send(to=["{P}"], from_=NUMBER, body="Hello")',
    f'telnyx.Message.create(from_=NUMBER, to="{P}", text="Hello")',
    f'messaging_client.create_message(account_id, MessageRequest(application_id=APP, to=["{P}"], from_=NUMBER,'
    f' text="Hi"))',
    f'infobip.send_sms_message(SmsAdvancedTextualRequest(messages=[SmsTextualMessage(destinations=['
    f'SmsDestination(to="{P}")], text="Hello")]))',
    f'params := &openapi.CreateMessageParams{{}}\nparams.SetTo("{P}")\nparams.SetFrom(from)\n'
    f'resp, err := client.Api.CreateMessage(params)',
    f'Message message = Message.creator(new PhoneNumber("{P}"), new PhoneNumber(FROM), "Hello").create();',
    f'var message = MessageResource.Create(body: "Hello", from: new PhoneNumber(FROM), to: new PhoneNumber("{P}"));',
    f'$client->messages->create("{P}", ["from" => $from, "body" => "Hello"]);',
    f"client.messages\n  .create({{ body: 'Hi', from: FROM, to: '{P}' }})\n  .then(m => console.log(m.sid));",
    f'send_mail("Welcome", "Hi there", settings.DEFAULT_FROM_EMAIL, ["{E}"])',
    f'send_mail(to="{E}", subject="Hi there")',  # (restorestream15 had it restored: a send with a recipient)
    f"$mail->addAddress('{E}');\n$mail->Subject = 'Hi';\n$mail->send();",
    f'notifier.notify(phone_number="{P}", text="ready")',
    f'```python\nsns.publish(PhoneNumber="{P}", Message="x")\n```',
    f'PublishRequest request = PublishRequest.builder().message("hi").phoneNumber("{P}").build();\n'
    f'snsClient.publish(request);',
    f'let resp = client.publish().phone_number("{P}").message("hi").send().await?;',
    f'Mail::to("{E}")->send(new OrderShipped($order));',
    f'mail(to: "{E}", subject: "Welcome")',
    f"Run this:\n\n    sns.publish(PhoneNumber=\"{P}\", Message=\"x\")\n",
    # send37 (atk35 F07): an LLM API's call sends the value to that provider around the proxy, import or none (these
    # were look-alikes of Twilio's `messages.create` here, restored while rest36 kept the same call after an import)
    f'client.beta.threads.messages.create(thread_id, role="user", content="{E}")',
    f'client.messages.create(model="claude-3-5-sonnet", max_tokens=100, messages=[{{"role": "user",'
    f' "content": "{E}"}}])',
]
RESTORED = [
    f'db.save(email="{E}")',
    f'user = User(email="{E}", phone="{P}")',
    f'api.updateProfile({{ email: "{E}" }})',
    f'print("{E}")',
    f'res.send({{ email: "{E}" }})',
    f'chrome.runtime.sendMessage({{ email: "{E}" }})',
    f'gen.send("{E}")',
    f'element.send_keys("{E}")',
    f'signal.send(sender=User, email="{E}")',
    f'ipcRenderer.send("save-email", "{E}")',
    f'self.send_response(200)\nself.wfile.write(b"{E}")',
    f'Message.objects.create(author=user, body="{E}")',
    f'const user = await prisma.user.create({{ data: {{ email: "{E}" }} }});',
    f'{{"to": "{E}", "subject": "Hi"}}',
    f"Send (or forward) the invoice to {E}.",
    f"The send_email() helper needs a recipient; {E} owns it.",
    f'cond.notify()\nresult = "{E}"',
    f'app.send_task("tasks.welcome", args=["{E}"])',
    f'Message message = new Message("{E}");\nrepo.save(message);',
    f'tensor = tensor.to("cuda")\nemail = "{E}"',
    f'bus.publish("user.created", {{"email": "{E}"}})',
    f"def send_email(to, body):\n    print(to, body)\n\nemail = \"{E}\"",
]


@pytest.mark.parametrize("size", (0, 1, 5))
@pytest.mark.parametrize("text", KEPT)
async def test_the_placeholder_stays_in_a_call_that_sends(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)


@pytest.mark.parametrize("text", ['sns.publish(PhoneNumber="+15555550100", Message="x")',
                                  "client.message_create('Acme', '+31612345678', 'x')",
                                  'pywhatkit.sendwhatmsg("+15555550100", "x", 1, 2)',
                                  "m.to.add('a@b.example')\nm.send()"])
def test_shapes_send(text: str) -> None:
    assert rest35.sends(text)


@pytest.mark.parametrize("text", ["Use sns.publish to send.", 'db.save(email="a@b.example")',
                                  'client.messages.create(model="m", messages=[])', "m.send()"])
def test_look_alikes_send_nothing(text: str) -> None:
    assert not rest35.sends(text)
