"""Restore into code and configuration that sends a message to a recipient (send37, atk35 F02, F03, F06, F07).

A scope that names a sending action (`mail.Send`, `Transport.send(`, `deliver_now`, `notify.sms`, `action-send-mail`,
`ACTION_SENDTO`, `"operation": "send"`, a composer, an `EmailOperator`) and holds a placeholder under a recipient's key
(`to`, `recipients`, `target`, `sendTo`, `EXTRA_EMAIL`, `addr`), a key that names both (`destemail`, `-ForwardTo`,
Sieve's `redirect`), a contact's key beside a mail or SMS notification's name (`email_on_failure`, Nagios
`notify-service-by-email`), a mail system's forwarding files, a Terraform resource of a remote provider, Go and Rust
imports of packages that may send, pyairtable's `table.create({...})` and an LLM API's `messages.create(model=...)`
keep the client's values, whole and streamed. Look-alikes (a draft e-mail, a form, a JSON record, code that prints,
formats, validates or stores locally, Rails' `redirect_to`, a local Terraform file, Go's and
Rust's standard library) are restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard import rest36, send37
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat


def fenced(lang: str, body: str) -> str:
    return f"```{lang}\n{body}\n```"


KEPT = [
    # atk35 F02: mail-sending code and automations
    fenced("ruby", f"UserMailer.with(email: '{E}').welcome.deliver_now"),
    fenced("java", f'message.setRecipients(Message.RecipientType.TO, InternetAddress.parse("{E}"));\n'
                   f"Transport.send(message);"),
    fenced("vba", f'Set mail = CreateObject("Outlook.Application").CreateItem(0)\nmail.To = "{E}"\nmail.Send'),
    fenced("python", f"mailjet.send.create(data={{'Messages': [{{'To': [{{'Email': '{E}'}}], 'Subject': 'Hi'}}]}})"),
    fenced("json", f'{{"nodes": [{{"name": "Gmail", "type": "n8n-nodes-base.gmail", "parameters": {{"operation": '
                   f'"send", "sendTo": "{E}", "subject": "Hi", "message": "Report"}}}}]}}'),
    fenced("yaml", f"- uses: dawidd6/action-send-mail@v3\n  with:\n    connection_url: ${{{{ secrets.MAIL }}}}\n"
                   f"    to: {E}\n    subject: Build done"),
    fenced("python", f"notify = EmailOperator(task_id='notify', to='{E}', subject='ETL done', html_content='ok')"),
    fenced("kotlin", f'val intent = Intent(Intent.ACTION_SENDTO).apply {{ data = Uri.parse("mailto:"); '
                     f'putExtra(Intent.EXTRA_EMAIL, arrayOf("{E}")) }}\nstartActivity(intent)'),
    fenced("python", f"default_args = {{\n    'owner': 'data',\n    'email': ['{E}'],\n"
                     f"    'email_on_failure': True,\n}}"),
    fenced("hcl", f'resource "google_monitoring_notification_channel" "email" {{\n  type = "email"\n'
                  f'  labels = {{\n    email_address = "{E}"\n  }}\n}}'),
    fenced("sieve", f'if header :contains "subject" "invoice" {{\n  redirect :copy "{E}";\n}}'),
    fenced("", f"# /etc/aliases\nroot: {E}"),
    fenced("bash", f"echo '{E}' > ~/.forward"),
    fenced("ini", f"[DEFAULT]\ndestemail = {E}\naction = %(action_mwl)s"),
    fenced("", f"define contact {{\n    contact_name   oncall\n    email          {E}\n    pager          {P}\n"
               f"    service_notification_commands   notify-service-by-email\n}}"),
    fenced("", f"Trigger: New row in Google Sheets\nAction: Gmail - Send Email\nTo: {E}\nSubject: New lead"),
    fenced("", f"1. When a new response is submitted\n2. Send an email (V2)\n   To: {E}\n   Subject: New response"),
    fenced("powershell", f'New-InboxRule -Name "fwd" -Mailbox me -ForwardTo "{E}"'),
    # left38: a crontab's own MAILTO (moved from the restored list: cron mails the jobs' output there, as Airflow's
    # `email_on_failure` above)
    f"MAILTO={E}\n0 * * * * /usr/local/bin/backup.sh",
    # atk35 F03: SMS
    fenced("python", f"sms_message = SmsMessage(source='python', body='Hi', to='{P}')\n"
                     f"api_instance.sms_send_post(SmsMessageCollection(messages=[sms_message]))"),
    fenced("yaml", f"automation:\n  - alias: door open\n    action:\n      - service: notify.sms\n        data:\n"
                   f"          target: \"{P}\"\n          message: Door open"),
    fenced("hcl", f'resource "pagerduty_user_contact_method" "sms" {{\n  user_id = pagerduty_user.me.id\n'
                  f'  type    = "sms_contact_method"\n  address = "{P}"\n}}'),
    fenced("swift", f'let composer = MFMessageComposeViewController()\ncomposer.recipients = ["{P}"]\n'
                    f'composer.body = "Hi"\npresent(composer, animated: true)'),
    # atk35 F06: Airtable with no import
    fenced("python", f"table.create({{'Email': '{E}', 'Phone': '{P}'}})"),
    # Go and Rust imports of packages that may send; an LLM API's call with no import
    fenced("go", f'package main\n\nimport (\n    "fmt"\n    "net/smtp"\n)\n\nvar to = "{E}"'),
    fenced("rust", f"use reqwest::blocking::Client;\n\nfn main() {{ let email = \"{E}\"; }}"),
    fenced("rust", f'use lettre::{{Message, SmtpTransport}};\nlet m = Message::builder().to("{E}".parse()?);'),
    fenced("python", f"client.messages.create(model='claude-3-5-haiku-latest', max_tokens=100, "
                     f"messages=[{{'role': 'user', 'content': 'Classify {E}'}}])"),
]
RESTORED = [
    fenced("", f"To: {E}\nSubject: Follow-up\n\nHi {N},\n\nPlease send me the notes and forward them to Sam.\n"),
    fenced("json", f'{{"name": "{N}", "email": "{E}", "email_notifications": true}}'),
    fenced("json", f'{{"to": "{E}", "subject": "Hi", "body": "Thanks"}}'),
    fenced("python", f"print(f'Contact: {N} <{E}>')"),
    fenced("python", f"from email.message import EmailMessage\nmsg = EmailMessage()\nmsg['To'] = '{E}'\n"
                     f"open('draft.eml', 'w').write(msg.as_string())"),
    fenced("python", f"import sqlite3\ncon = sqlite3.connect('a.db')\n"
                     f"con.execute('INSERT INTO contacts(email) VALUES (?)', ('{E}',))"),
    fenced("python", f"import csv\nwith open('c.csv', 'w') as fh:\n    csv.writer(fh).writerow(['{N}', '{E}', '{P}'])"),
    fenced("python", f"contact = {{'name': '{N}', 'email': '{E}', 'phone': '{P}'}}"),
    fenced("ruby", f"redirect_to root_path, notice: 'Welcome {N}'"),
    fenced("erb", f"<%= mail_to '{E}' %>"),
    fenced("hcl", f'resource "local_file" "contacts" {{\n  filename = "contacts.txt"\n  content  = "{E}"\n}}'),
    fenced("go", f'package main\n\nimport "fmt"\n\nfunc main() {{ fmt.Println("{E}") }}'),
    fenced("rust", f'use std::collections::HashMap;\nuse serde::Serialize;\nlet e = "{E}";'),
    fenced("yaml", f"user:\n  name: {N}\n  email: {E}\n  notifications: true"),
    fenced("python", f"# TODO: send the welcome mail later\nuser = {{'email': '{E}'}}"),
    fenced("python", f"@dataclass\nclass Notification:\n    to: str\n\nn = Notification(to='{E}')\nprint(n)"),
    fenced("", f"BEGIN:VCARD\nFN:{N}\nEMAIL:{E}\nTEL:{P}\nEND:VCARD"),
    fenced("js", f"const form = {{ to: '{E}', subject: 'Hi' }};\nconsole.log(form);"),
    f"Here is a draft you can send:\n\nTo: {E}\nSubject: Welcome\n\nHi {N}, thanks for signing up!",
]
CALLS_RESTORED = [
    ("save_contact", {"name": N, "email": E, "phone": P, "notify": True}),
    ("draft_email", {"to": E, "subject": "Hi", "body": f"Dear {N}"}),
]


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", KEPT)
async def test_code_that_sends_to_a_recipient_keeps_it(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)


@pytest.mark.parametrize("size", (0, 7))
@pytest.mark.parametrize("call", CALLS_RESTORED, ids=[c[0] for c in CALLS_RESTORED])
async def test_calls_with_no_sending_action_are_restored(guard: Any, call: tuple[str, dict[str, Any]],
                                                         size: int) -> None:
    _, calls = await (whole_chat(guard, None, [call]) if not size else streamed_chat(guard, None, [call], size))
    assert calls == [{k: (values(v) if isinstance(v, str) else v) for k, v in call[1].items()}]


@pytest.mark.parametrize("text", ["mail.To = \"<EMAIL_ADDRESS_1>\"\nmail.Send", "destemail = <EMAIL_ADDRESS_1>",
                                  'redirect "<EMAIL_ADDRESS_1>";', "service: notify.sms\ntarget: <PHONE_NUMBER_1>",
                                  'resource "pagerduty_user_contact_method" "x" {\n  address = "<PHONE_NUMBER_1>"\n}'])
def test_sends(text: str) -> None:
    assert send37.sends(text)


@pytest.mark.parametrize("text", ["mail.To = \"x@y.example\"\nmail.Send",  # (no placeholder)
                                  "To: <EMAIL_ADDRESS_1>\nSubject: please send the notes",
                                  "redirect_to root_path, notice: '<PERSON_1>'",
                                  'resource "local_file" "x" {\n  content = "<EMAIL_ADDRESS_1>"\n}'])
def test_sends_nothing(text: str) -> None:
    assert not send37.sends(text)


@pytest.mark.parametrize(("text", "sends"), [
    ('package main\nimport "fmt"\nfunc main() { fmt.Println("<EMAIL_ADDRESS_1>") }', False),
    ('package main\nimport (\n  "net/smtp"\n)\nvar e = "<EMAIL_ADDRESS_1>"', True),
    ('use std::io;\nlet e = "<EMAIL_ADDRESS_1>";', False),
    ('use reqwest::Client;\nlet e = "<EMAIL_ADDRESS_1>";', True),
])
def test_go_and_rust_imports(text: str, sends: bool) -> None:
    assert rest36.imports_sender(text) is sends
