"""Code and configuration that send a message to a recipient keep the client's values (send37: atk35 F02, F03, F06,
F07): a mailer, VBA, Mailjet, an n8n step, a GitHub Action, Airflow, an Android intent, Home Assistant, an iOS
composer, Terraform, fail2ban, Sieve, a no-code automation's `Send an email` step, Rust imports, Airtable and an LLM
API's call with no import, through the official OpenAI and Anthropic SDKs under the shipped default policy, whole and
streamed in 3-character pieces; a draft e-mail, a form, a local store and code that prints are restored as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_scopes16 import MAIL, PHONE, _anthropic, _chat

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"

SENDS = [
    f"```ruby\nUserMailer.with(email: '{E}').welcome.deliver_now\n```",
    f"```vba\nSet mail = CreateObject(\"Outlook.Application\").CreateItem(0)\nmail.To = \"{E}\"\nmail.Send\n```",
    f"```python\nmailjet.send.create(data={{'Messages': [{{'To': [{{'Email': '{E}'}}]}}]}})\n```",
    f"```json\n{{\"parameters\": {{\"operation\": \"send\", \"sendTo\": \"{E}\", \"subject\": \"Hi\"}}}}\n```",
    f"```yaml\n- uses: dawidd6/action-send-mail@v3\n  with:\n    to: {E}\n    subject: Build done\n```",
    f"```python\nnotify = EmailOperator(task_id='notify', to='{E}', subject='ETL done')\n```",
    f"```kotlin\nval i = Intent(Intent.ACTION_SENDTO)\ni.putExtra(Intent.EXTRA_EMAIL, arrayOf(\"{E}\"))\n```",
    f"```yaml\n- service: notify.sms\n  data:\n    target: \"{P}\"\n    message: Door open\n```",
    f"```swift\nlet c = MFMessageComposeViewController()\nc.recipients = [\"{P}\"]\n```",
    f"```hcl\nresource \"pagerduty_user_contact_method\" \"sms\" {{\n  type    = \"sms_contact_method\"\n"
    f"  address = \"{P}\"\n}}\n```",
    f"```ini\n[DEFAULT]\ndestemail = {E}\n```",
    f"```sieve\nredirect \"{E}\";\n```",
    f"```\nAction: Gmail - Send Email\nTo: {E}\nSubject: New lead\n```",
    f"```python\ntable.create({{'Email': '{E}', 'Phone': '{P}'}})\n```",
    f"```rust\nuse lettre::Message;\nlet m = Message::builder().to(\"{E}\".parse()?);\n```",
    f"```python\nclient.messages.create(model='claude-3-5-haiku-latest', max_tokens=100, "
    f"messages=[{{'role': 'user', 'content': 'Classify {E}'}}])\n```",
]
LOCAL = [
    f"Here is a draft:\n\n```\nTo: {E}\nSubject: Follow-up\n\nPlease send me the notes.\n```",
    f"```json\n{{\"email\": \"{E}\", \"phone\": \"{P}\", \"email_notifications\": true}}\n```",
    f"```python\nimport sqlite3\ncon = sqlite3.connect('a.db')\ncon.execute('INSERT INTO c VALUES (?, ?)', "
    f"('{E}', '{P}'))\n```",
    f"```python\nprint(f'Contact: {E}, {P}')\n```",
    f"I'll send the summary to {E} and call {P}.",
]
NO_SEND = ("save_contact", {"email": E, "phone": P, "notify": True})


def restored(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE)


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _placeholders_went_up(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert MAIL not in sent and E in sent


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_code_sending_to_a_recipient_keeps_the_values(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    for said in SENDS:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        _placeholders_went_up(mock)
        assert MAIL not in text and text == said, said
    for said in LOCAL:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        _placeholders_went_up(mock)
        assert text == restored(said), said


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_call_with_no_sending_action_is_restored(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    mock.script(tool_calls=[{"name": NO_SEND[0], "arguments": NO_SEND[1]}], chunk_chars=3)
    _, calls = ask(guarded, stream)
    _placeholders_went_up(mock)
    assert calls == [{k: restored(v) if isinstance(v, str) else v for k, v in NO_SEND[1].items()}]
