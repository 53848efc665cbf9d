"""rst41 (atk41 F02, F05): restore keeps the client's address out of commands and configs that register it with a
third party, JSON-escapes it inside a JSON answer's strings, and reads a quoted local part with a comma as an
address. Values and layouts are held out (not the report's); the look-alikes are restored, or go, as written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import phases
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.scopes import sends
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import CHAT
from proxy.providers.openai import OpenAIAdapter
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
E = "<EMAIL_ADDRESS_1>"


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


def _vault(value: str) -> Vault:
    v = Vault()
    v.placeholder("EMAIL_ADDRESS", value)
    return v


async def _whole(guard: Guard, text: str, value: str) -> str:
    body: dict[str, Any] = {"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o", "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]}
    await phases.screen_answer(guard, P_IN, OpenAIAdapter().response_texts(CHAT, body), None, vault=_vault(value))
    return str(body["choices"][0]["message"]["content"])


async def _streamed(guard: Guard, text: str, value: str, size: int = 3) -> str:
    stream = guard.output_stream(P_IN, _vault(value))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


MAIL = "ngozi.eze@posteo.de"
# F02: commands and configs that register the address with a CA or a SaaS (held-out layouts).
REGISTERS = [f"certbot certonly --dns-cloudflare -d '*.example.net' -m {E} --agree-tos",
             f"```\nsudo certbot update_account --email {E}\n```",
             f"acme.sh --register-account --accountemail {E}",
             f"```yaml\nacme:\n  caServer: https://acme-v02.api.letsencrypt.org/directory\n  email: {E}\n```",
             f"```toml\n[certificatesResolvers.le.acme]\n  email = \"{E}\"\n  storage = \"acme.json\"\n```",
             f"```yaml\ncommand:\n  - --certificatesresolvers.myresolver.acme.email={E}\n```",
             f"TRAEFIK_CERTIFICATESRESOLVERS_LE_ACME_EMAIL={E}",
             f"{{\n    email {E}\n}}\n",
             f"```\nexample.net {{\n    tls {E}\n}}\n```",
             f"stripe customers update cus_123 --email {E}",
             f"npm login --registry=https://npm.pkg.github.com --email {E}",
             f"fly secrets set OWNER={E} -a web",
             f"```sh\nnetlify env:set OWNER_EMAIL {E}\n```",
             f"railway variables --set OWNER={E}",
             f"supabase secrets set OWNER={E} --project-ref abc",
             f"op item edit Blog username={E}"]
# Look-alikes: restored as written.
RESTORES = [f"Your email is {E}.", f"When certbot asks, enter {E}.",
            f"```yaml\nusers:\n  - name: admin\n    email: {E}\n```", f"```python\nowner = \"{E}\"\nprint(owner)\n```",
            f"```yaml\nacme_corp:\n  email: {E}\n```", f"Acme Inc.\nemail: {E}",
            f"```caddyfile\nexample.net {{\n    reverse_proxy :8080\n}}\n```\nAccount: {E}",
            f"```json\n{{\"email\": \"{E}\", \"tls\": true}}\n```", f"op: {E}"]


@pytest.mark.parametrize("text", REGISTERS)
async def test_a_registering_command_or_config_keeps_the_placeholder(guard: Guard, text: str) -> None:
    assert sends(text if text.startswith("```") else f"```\n{text}\n```")
    for got in (await _whole(guard, text, MAIL), await _streamed(guard, text, MAIL)):
        assert MAIL not in got and E in got, got


@pytest.mark.parametrize("text", RESTORES)
async def test_a_look_alike_is_restored(guard: Guard, text: str) -> None:
    for got in (await _whole(guard, text, MAIL), await _streamed(guard, text, MAIL)):
        assert got == text.replace(E, MAIL), got


QUOTED = ['"ngozi eze"@posteo.de', '"eze,ngozi"@posteo.de', '"Eze, Ngozi"@posteo.de', 'back\\slash@posteo.de']
JSON_ANSWERS = [f'{{"customer":"{E}"}}', f'{{\n  "name": "Ngozi",\n  "email": "{E}"\n}}',
                f'{{"emails": ["{E}"]}}', f'{{"contacts": ["Ann", "{E}"], "n": 2}}', f'{{"note": "Primary: {E}"}}']


@pytest.mark.parametrize("value", QUOTED)
@pytest.mark.parametrize("text", JSON_ANSWERS)
async def test_a_json_answer_gets_the_value_json_escaped(guard: Guard, value: str, text: str) -> None:
    for got in (await _whole(guard, text, value), await _streamed(guard, text, value)):
        assert json.loads(got) == json.loads(text.replace(E, json.dumps(value)[1:-1])), got


PROSE = [f'He wrote "{E}" on the form.', f"Use {E}, then sign in.", f'Addresses: "{E}", "x"', f"({E})"]


@pytest.mark.parametrize("value", QUOTED[:2])
@pytest.mark.parametrize("text", PROSE)
async def test_prose_gets_the_value_as_written(guard: Guard, value: str, text: str) -> None:
    for got in (await _whole(guard, text, value), await _streamed(guard, text, value)):
        assert got == text.replace(E, value), got


@pytest.mark.parametrize("text", ['Write to "eze,ngozi"@posteo.de today.', 'CC: "Okafor, Adaeze"@fastmail.com',
                                  "Reply-To: 'obi,chidi'@example.org"])
async def test_a_quoted_local_part_with_a_comma_is_an_address(guard: Guard, text: str) -> None:
    sent = await _sent(guard, text)
    assert "<EMAIL_ADDRESS_1>" in sent and "@" not in sent, sent


@pytest.mark.parametrize("text", ['print("x, y")@app.route', 'He said "hello, world"@ the meeting.',
                                  'f("a, b")\n@dataclass', 'split("a,b") @ matrix'])
async def test_quoted_look_alikes_go_as_written(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
