"""rst41 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk41 F02,
F05): the client's address, redacted on the way up, is not restored into a command or config that registers it with
a third party (an ACME CA: `certbot`, `acme.sh`, Traefik's `acme.email`, a Caddyfile's global `email`; a SaaS:
`stripe`, `npm adduser`, `fly`/`doppler`/`supabase secrets`, `netlify env:set`, `railway variables`, `op item
create`), whole and streamed; it is restored into prose and code that sends nothing. A structured-output answer (a
JSON document) gets a quoted-local-part address JSON-escaped, so it still parses; `"mensah,kwame"@host` is an
address. Held-out values and layouts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


MAIL = "adaeze.okafor@fastmail.com"
PROMPT = f"My address is {MAIL}. Write what I need for my server."
# Registers the address with a CA or a SaaS: kept as the placeholder (the model's text, as written).
SENDS = ["```sh\ncertbot certonly --webroot -w /var/www/html -d blog.example.net --email <EMAIL_ADDRESS_1> -n\n```",
         "sudo certbot register --agree-tos --email <EMAIL_ADDRESS_1>",
         "```bash\n~/.acme.sh/acme.sh --register-account -m <EMAIL_ADDRESS_1>\n```",
         "```yaml\ncertificatesResolvers:\n  myresolver:\n    acme:\n      email: <EMAIL_ADDRESS_1>\n"
         "      storage: acme.json\n```",
         "```\n{\n\temail <EMAIL_ADDRESS_1>\n\tacme_ca https://acme-staging-v02.api.letsencrypt.org/directory\n}\n```",
         "stripe customers create --email <EMAIL_ADDRESS_1> --description \"Pro plan\"",
         "```sh\nflyctl secrets set ADMIN_EMAIL=<EMAIL_ADDRESS_1> --app blog\n```",
         "doppler secrets set SUPPORT_EMAIL <EMAIL_ADDRESS_1>",
         "```\nop item create --category login --title Blog username=<EMAIL_ADDRESS_1>\n```"]
# Sends nothing: restored.
RESTORED = ["Your account address is <EMAIL_ADDRESS_1>; certbot will ask for it.",
            "```python\nadmin = \"<EMAIL_ADDRESS_1>\"\nprint(admin)\n```",
            "```yaml\nusers:\n  - name: admin\n    email: <EMAIL_ADDRESS_1>\n```"]


@pytest.mark.parametrize("route", ["chat", "messages"])
@pytest.mark.parametrize("answer", SENDS)
def test_registering_commands_and_configs_keep_the_placeholder(guarded: Proxy, mock: Mock, route: str,
                                                               answer: str) -> None:
    for got in answers(guarded, mock, answer, route, PROMPT):
        assert MAIL not in got, got
        assert "<EMAIL_ADDRESS_1>" in got, got
    assert MAIL not in json.dumps([r.body for r in mock.state.requests], ensure_ascii=False)


@pytest.mark.parametrize("route", ["chat", "messages"])
@pytest.mark.parametrize("answer", RESTORED)
def test_prose_and_code_that_sends_nothing_are_restored(guarded: Proxy, mock: Mock, route: str,
                                                        answer: str) -> None:
    for got in answers(guarded, mock, answer, route, PROMPT):
        assert got == answer.replace("<EMAIL_ADDRESS_1>", MAIL), got


QUOTED = ['"adaeze okafor"@fastmail.com', '"okafor,adaeze"@fastmail.com']
SCHEMA: Any = {"type": "json_schema", "json_schema": {"name": "c", "strict": True, "schema": {
    "type": "object", "properties": {"customer": {"type": "string"}, "emails": {"type": "array"}},
    "required": ["customer", "emails"], "additionalProperties": False}}}


@pytest.mark.parametrize("value", QUOTED)
@pytest.mark.parametrize("stream", [False, True])
def test_structured_output_is_json_escaped(guarded: Proxy, mock: Mock, value: str, stream: bool) -> None:
    answer = '{"customer": "<EMAIL_ADDRESS_1>", "emails": ["primary", "<EMAIL_ADDRESS_1>"]}'
    mock.script(text=answer, **({"chunk_chars": 3} if stream else {}))
    messages: Any = [{"role": "user", "content": f"Extract the contact: {value}"}]
    client = oai(guarded)
    if stream:
        got = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model="gpt-4o-mini", messages=messages, response_format=SCHEMA, stream=True) if c.choices)
    else:
        got = client.chat.completions.create(model="gpt-4o-mini", messages=messages,
                                             response_format=SCHEMA).choices[0].message.content or ""
    sent = mock.last_body["messages"][0]["content"]
    assert "fastmail" not in sent and "<EMAIL_ADDRESS_1>" in sent, sent
    assert json.loads(got) == {"customer": value, "emails": ["primary", value]}, got
