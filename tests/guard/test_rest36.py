"""Restore into code that hands the client's values to a third party's SDK, and into tool calls that post them to a
channel, a chat or a repository (rest36, atk35 F01, F04, F06, F07, F08).

A code scope with a placeholder keeps it when it imports a package that is not a local-only one (`import stripe`,
`from openai import OpenAI`, `require('@slack/web-api')`), calls a well-known SDK global (`analytics.identify`,
`gtag(`, `fbq(`), constructs a client (`OpenAI()`, `boto3.client('s3')`) or calls a client it does not define
(`client.embeddings.create`); a tool call keeps its placeholders when it names a channel, chat or repository beside a
message's text. Look-alikes (local code: a dataclass, pandas, a regex, a test client, relative imports; JSON records;
tool calls that read or name no such destination) are restored, whole and streamed.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard import rest36
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat


def fenced(lang: str, body: str) -> str:
    return f"```{lang}\n{body}\n```"


KEPT = [
    # F01: analytics, CRM, payments, ad pixels
    fenced("python", f"analytics.identify('user-42', {{'email': '{E}', 'phone': '{P}'}})"),
    fenced("js", f"mixpanel.people.set({{ $email: '{E}', $phone: '{P}' }});"),
    fenced("js", f"gtag('set', 'user_data', {{ email: '{E}', phone_number: '{P}' }});"),
    fenced("js", f"fbq('init', '123456789012345', {{ em: '{E}', ph: '{P}' }});"),
    fenced("js", f"window.Intercom('boot', {{ app_id: 'abc123', email: '{E}' }});"),
    fenced("python", f"sentry_sdk.set_user({{'email': '{E}'}})"),
    fenced("python", f"stripe.Customer.create(email='{E}', phone='{P}')"),
    fenced("python", f"sf.Contact.create({{'LastName': 'Customer', 'Email': '{E}'}})"),
    fenced("python", f"import hubspot\napi = hubspot.Client.create(access_token='t')\n"
                     f"api.crm.contacts.basic_api.create({{'properties': {{'email': '{E}'}}}})"),
    # F07: another LLM API
    fenced("python", f"from openai import OpenAI\nclient = OpenAI()\nresp = client.chat.completions.create("
                     f"model='gpt-4o', messages=[{{'role': 'user', 'content': 'Classify {E}, {P}'}}])"),
    fenced("python", f"import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model='claude', "
                     f"max_tokens=100, messages=[{{'role': 'user', 'content': 'Classify {E}'}}])"),
    fenced("python", f"model = genai.GenerativeModel('gemini-1.5-pro')\nmodel.generate_content('Classify {E}')"),
    fenced("python", f"co = cohere.Client()\nco.chat(message='Classify {E}')"),
    fenced("python", f"vec = client.embeddings.create(model='text-embedding-3-small', input='{E} {P}')"),
    fenced("python", f"llm = ChatOpenAI(model='gpt-4o')\nllm.invoke('Summarize {N}, {E}')"),
    fenced("python", f"client = InferenceClient('meta-llama/Llama-3.1-8B-Instruct')\n"
                     f"client.text_generation('Extract fields from: {E}')"),
    # F06: cloud storage, hosted DBs, queues
    fenced("python", f"s3 = boto3.client('s3')\ns3.put_object(Bucket='b', Key='u.json', "
                     f"Body=json.dumps({{'email': '{E}'}}))"),
    fenced("python", f"blob = storage.Client().bucket('signups').blob('u.txt')\nblob.upload_from_string('{E}')"),
    fenced("python", f"container.upload_blob(name='u.txt', data='{E}')"),
    fenced("js", f"await supabase.from('leads').insert({{ email: '{E}', phone: '{P}' }})"),
    fenced("js", f"await addDoc(collection(db, 'users'), {{ email: '{E}' }});"),
    fenced("python", f"ws = gc.open('Leads').sheet1\nws.append_row(['{E}', '{P}'])"),
    fenced("python", f"table = boto3.resource('dynamodb').Table('users')\ntable.put_item(Item={{'email': '{E}'}})"),
    fenced("python", f"publisher.publish(topic_path, b'signup', email='{E}')"),
    fenced("python", f"from kafka import KafkaProducer\nproducer = KafkaProducer()\n"
                     f"producer.send('signups', {{'email': '{E}'}})"),
    fenced("python", f"channel.basic_publish(exchange='', routing_key='q', body='{E}')"),
    # F08: enrichment, translation, calendar invitations
    fenced("python", f"person = clearbit.Enrichment.find(email='{E}', stream=True)"),
    fenced("python", f"hunter = PyHunter('key')\nhunter.email_verifier('{E}')"),
    fenced("python", f"phone = client.lookups.v2.phone_numbers('{P}').fetch()"),
    fenced("python", f"result = translate_client.translate('Contact {E}', target_language='fr')"),
    fenced("python", f"translator = deepl.Translator(auth_key)\nprint(translator.translate_text('{P}', "
                     f"target_lang='DE'))"),
    fenced("python", f"service.events().insert(calendarId='primary', sendUpdates='all', body={{'attendees': "
                     f"[{{'email': '{E}'}}]}}).execute()"),
    # the general rule: an import of a package that may send, in other languages too
    fenced("js", f"const {{ WebClient }} = require('@slack/web-api');\nconst web = new WebClient(token);\n"
                 f"await web.users.lookupByEmail({{ email: '{E}' }});"),
    fenced("python", f"import acme_crm\nacme_crm.sync({{'email': '{E}'}})"),
    fenced("ruby", f"require 'intercom'\nintercom.users.create(email: '{E}')"),
    fenced("java", f"import com.segment.analytics.Analytics;\nAnalytics.builder(KEY).build()"
                   f".enqueue(IdentifyMessage.builder().traits(Map.of(\"email\", \"{E}\")));"),
]
CALLS_KEPT: list[tuple[str, dict[str, Any]]] = [
    ("slack_post_message", {"channel_id": "C07QX1ABCDE", "text": f"New customer: {E}"}),
    ("create_issue", {"owner": "octo-org", "repo": "public-feedback", "title": "Customer", "body": f"Contact {E}"}),
    ("send_telegram_message", {"chat_id": -1001234567890, "text": f"Phone {P}"}),
    ("share_document", {"doc_id": "d-1", "share_with": "x@partner.example", "message": f"From {N}"}),
]
RESTORED = [
    fenced("python", f"from dataclasses import dataclass\n\n@dataclass\nclass User:\n    email: str\n\n"
                     f"print(User(email='{E}'))"),
    fenced("python", f"import pandas as pd\ndf = pd.DataFrame([{{'name': '{N}', 'email': '{E}'}}])\nprint(df)"),
    fenced("python", f"import re\nassert re.fullmatch(r'[^@]+@[^@]+', '{E}')"),
    fenced("python", f"from fastapi.testclient import TestClient\nfrom app.main import app\n\n"
                     f"client = TestClient(app)\nassert client.post('/users', json={{'email': '{E}'}}).ok"),
    fenced("python", f"from .models import Customer\nCustomer.objects.create(email='{E}', phone='{P}')"),
    fenced("python", f"import sqlite3\ncon = sqlite3.connect('app.db')\n"
                     f"con.execute('INSERT INTO users VALUES (?)', ('{E}',))"),
    fenced("python", f"import json\nprint(json.dumps({{'email': '{E}'}}))"),
    fenced("js", f"import React, {{ useState }} from 'react';\nconst [email] = useState('{E}');"),
    fenced("js", f"const fs = require('fs');\nfs.writeFileSync('c.json', JSON.stringify({{ email: '{E}' }}));"),
    fenced("ts", f"import {{ formatPhone }} from '@/lib/format';\nformatPhone('{P}');"),
    fenced("java", f"import java.util.Map;\nMap<String, String> c = Map.of(\"email\", \"{E}\");"),
    fenced("python", f"from unittest.mock import MagicMock\nclient = MagicMock()\nclient.notify('{E}')"),
    fenced("json", f'{{"name": "{N}", "email": "{E}"}}'),
    f"Segment's analytics.identify call takes traits; yours would hold {E}.",
    fenced("python", f"print('Contact {N} at {E}')"),
]
CALLS_RESTORED: list[tuple[str, dict[str, Any]]] = [
    ("lookup_order", {"email": E, "order_id": "A-17"}),
    ("create_contact", {"name": N, "email": E, "phone": P}),
    ("write_file", {"path": "notes.txt", "content": f"{N} {E}"}),
    ("set_notification_channel", {"channel": "email", "address": E}),
]


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", KEPT)
async def test_code_that_hands_the_value_to_an_sdk_keeps_it(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 7))
@pytest.mark.parametrize("call", CALLS_KEPT, ids=[c[0] for c in CALLS_KEPT])
async def test_a_call_that_posts_to_a_channel_keeps_it(guard: Any, call: tuple[str, dict[str, Any]],
                                                       size: int) -> None:
    _, calls = await (whole_chat(guard, None, [call]) if not size else streamed_chat(guard, None, [call], size))
    assert calls == [call[1]]


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", RESTORED)
async def test_local_code_is_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)


@pytest.mark.parametrize("size", (0, 7))
@pytest.mark.parametrize("call", CALLS_RESTORED, ids=[c[0] for c in CALLS_RESTORED])
async def test_calls_that_post_nowhere_are_restored(guard: Any, call: tuple[str, dict[str, Any]], size: int) -> None:
    _, calls = await (whole_chat(guard, None, [call]) if not size else streamed_chat(guard, None, [call], size))
    assert calls == [{k: (values(v) if isinstance(v, str) else v) for k, v in call[1].items()}]


@pytest.mark.parametrize("text", ["import stripe\nstripe.Customer.create(email='<EMAIL_ADDRESS_1>')",
                                  "from openai import OpenAI\nOpenAI().responses.create(input='<PERSON_1>')"])
def test_sends(text: str) -> None:
    assert rest36.sends(text)


@pytest.mark.parametrize("text", ["import stripe\nstripe.Customer.create(email=email)",  # (no placeholder)
                                  "import json\nprint(json.dumps({'e': '<EMAIL_ADDRESS_1>'}))",
                                  '["channel": "email", "address": "<EMAIL_ADDRESS_1>", '])
def test_sends_nothing(text: str) -> None:
    assert not rest36.sends(text)


# atk36 F12: an HTTP client's call that sends a body keeps the client's values whatever its URL (a variable, the
# environment); a route's definition, a GET and a read stay restored.
HTTP_KEPT = [
    f"requests.post(WEBHOOK_URL, json={{'text': 'lead {E}'}})",
    fenced("python", f"requests.post(os.environ['HOOK'], json={{'email': '{E}'}})"),
    fenced("js", f"await fetch(process.env.HOOK, {{ method: 'POST', body: JSON.stringify({{ email: '{E}' }}) }});"),
    fenced("python", f"urllib.request.urlopen(HOOK, data=json.dumps({{'phone': '{P}'}}).encode())"),
    fenced("python", f"httplib2.Http().request(uri=WEBHOOK_URL, method='POST', body='{E}')"),
    fenced("js", f"axios.post(endpoint, {{ email: '{E}' }});"),
    fenced("python", f"httpx.put(cfg.url, json={{'phone': '{P}'}})"),
    fenced("go", f'resp, err := http.Post(hookURL, "text/plain", strings.NewReader("{E}"))'),
    fenced("php", f"curl_setopt($ch, CURLOPT_POSTFIELDS, 'email={E}');\ncurl_exec($ch);"),
    fenced("powershell", f"Invoke-RestMethod -Uri $env:HOOK -Method Post -Body '{E}'"),
]
HTTP_RESTORED = [
    fenced("js", f"app.post('/users', (req, res) => res.json({{ email: '{E}' }}));"),
    fenced("js", f"router.post('/contact', handler); // for {E}"),
    fenced("js", f"const r = await fetch(url);\nconsole.log('{E}');"),
    fenced("python", f"r = requests.get(url, params={{'q': 'orders'}})\nprint('{E}')"),
    fenced("python", f"with urlopen(url) as f:\n    print(f.read(), '{E}')"),
]


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", HTTP_KEPT)
async def test_an_http_body_keeps_it_whatever_the_url(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == text


@pytest.mark.parametrize("size", (0, 5))
@pytest.mark.parametrize("text", HTTP_RESTORED)
async def test_routes_gets_and_reads_are_restored(guard: Any, text: str, size: int) -> None:
    got, _ = await (whole_chat(guard, text, []) if not size else streamed_chat(guard, text, [], size))
    assert got == values(text)
