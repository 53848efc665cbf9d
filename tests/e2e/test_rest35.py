"""A call that sends, publishes or notifies with a recipient (AWS SNS and SES, Plivo, Azure, pywhatkit, O365,
Firebase, MessageBird, Twilio in Node, Go, Java and PHP) keeps the client's address or number (rest35: atk33 F05),
through the official OpenAI and Anthropic SDKs (whole and streamed in 3-character pieces); look-alikes (code that
stores or shows the value) are restored as before; Anthropic's `messages.create` keeps it (send37).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, SEND

MAIL, PHONE = "dana.kerr@example.org", "+1 415 555 0172"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"My email is {MAIL} and my phone is {PHONE}. Help me."

ATTACKS = [
    f'sns.publish(PhoneNumber="{P}", Message="Your code is 1234")',
    f"ses.send_email(Source=SENDER, Destination={{'ToAddresses': ['{E}']}}, Message=msg)",
    f'client.messages.create(src=SRC, dst="{P}", text="Hello")',
    f'pywhatkit.sendwhatmsg_instantly("{P}", "Hello")',
    f"m = mailbox.new_message()\nm.to.add('{E}')\nm.send()",
    f'message = messaging.Message(notification=messaging.Notification(body="{E}"), token=tok)\n'
    f'messaging.send(message)',
    f"client.messages.create({{ to: '{P}', from: FROM, body: 'Hello' }});",
    f'params.SetTo("{P}")\nresp, err := client.Api.CreateMessage(params)',
    f'Message.creator(new PhoneNumber("{P}"), new PhoneNumber(FROM), "Hello").create();',
    f'$client->messages->create("{P}", ["from" => $from, "body" => "Hello"]);',
    # send37 (atk35 F07): an LLM API's call sends the value to that provider around the proxy, import or none
    f'client.messages.create(model="claude-sonnet-4-5", messages=[{{"role": "user", "content": "{E}"}}])',
]
ORDINARY = [
    f'db.save(email="{E}", phone="{P}")',
    f'user = User(email="{E}")',
    f'print("{E}")',
]


def _values(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE)


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_senders_keep_the_address(mock: Mock, proxy: Proxy, stream: bool) -> None:
    for route, send in SEND.items():
        for said in ATTACKS:
            mock.script(text=said, chunk_chars=3)
            got = send(proxy, PROMPT, stream)
            assert MAIL not in got and PHONE not in got, (route, said)
            assert got == said
            sent = json.dumps(mock.last_body, ensure_ascii=False)
            assert MAIL not in sent and PHONE not in sent and E in sent, route
        for said in ORDINARY:
            mock.script(text=said, chunk_chars=3)
            assert send(proxy, PROMPT, stream) == _values(said), route
