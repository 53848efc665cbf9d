"""Per-entity operators end to end, through the official SDKs, plain and streamed.

One policy uses every operator: the provider (the mock, which echoes) must see none of the seeded
values; the client gets the placeholder's and the fake's originals back (a fake cut into 3-character
stream chunks included) and the masked, hashed and encrypted forms as the model saw them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

EMAIL = "jane.doe@example.com"
PHONE = "(212) 555-0142"
SSN = "536-90-4399"
CARD = "4111 1111 1111 1111"
IP = "203.0.113.77"
SEEDS = (EMAIL, PHONE, SSN, CARD, IP)
ENV = {"GUARDRAIL_PII_SALT": "e2e-salt-0123456789abcdef", "GUARDRAIL_PII_KEY": "0123456789abcdef0123456789abcdef"}

POLICY = """
name: default
on_error: block
input:
  pii:
    entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IP_ADDRESS]
    operators:
      EMAIL_ADDRESS: {type: synthesize}
      PHONE_NUMBER: {type: placeholder}
      CREDIT_CARD: {type: mask, masking_char: "*", chars_to_mask: 15}
      US_SSN: {type: hash}
      IP_ADDRESS: {type: encrypt}
output:
  pii: {entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Iterator[Proxy]:
    saved = {k: os.environ.get(k) for k in ENV}
    os.environ.update(ENV)  # the policy is validated at load and the operators read them per request
    # `bare`: no output rules, so a stream is released as it comes, except a tail that may be part of a fake.
    yield proxy_factory(teams={"app": {}, "app2": {}, "bare": {"policy": "bare"}},
                        files={"policies/default.yaml": POLICY,
                               "policies/bare.yaml": "name: bare\nextends: default\noutput: {pii: null}\n"})
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _ask(p: Proxy, api: str, stream: bool, prompt: str, team: str = "app") -> tuple[str, list[str], dict[str, str]]:
    if api == "chat":
        client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)
        if stream:
            raw = client.chat.completions.with_raw_response.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], stream=True)
            pieces = [c.choices[0].delta.content or "" for c in raw.parse() if c.choices]
            return "".join(pieces), pieces, dict(raw.headers)
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
        text = raw.parse().choices[0].message.content or ""
        return text, [text], dict(raw.headers)
    ant = anthropic.Anthropic(base_url=p.url, api_key=p.keys[team], max_retries=0)
    if stream:
        with ant.messages.stream(model="claude-3-5-haiku-latest", max_tokens=300,
                                 messages=[{"role": "user", "content": prompt}]) as s:
            pieces = list(s.text_stream)
            final = s.get_final_message()
        text = "".join(pieces)
        assert final.content[0].type == "text" and final.content[0].text == text
        return text, pieces, {}
    raw_msg = ant.messages.with_raw_response.create(model="claude-3-5-haiku-latest", max_tokens=300,
                                                    messages=[{"role": "user", "content": prompt}])
    msg = raw_msg.parse()
    text = "".join(b.text for b in msg.content if b.type == "text")  # none when the answer was blocked
    return text, [text], dict(raw_msg.headers)


def _upstream_text(mock: Mock, api: str) -> str:
    content = mock.last_body["messages"][-1]["content"]
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


@pytest.mark.parametrize(("stream", "team"), [(False, "app"), (True, "app"), (True, "bare")],
                         ids=["plain", "stream", "stream-restore-only"])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_every_operator_end_to_end(mock: Mock, guarded: Proxy, api: str, stream: bool, team: str) -> None:
    prompt = f"Mail {EMAIL} or call {PHONE}; card {CARD}, SSN {SSN}, host {IP}."
    mock.script(chunk_chars=3)
    text, pieces, headers = _ask(guarded, api, stream, prompt, team)
    sent = json.dumps([r.to_json() for r in mock.state.requests])
    for seed in SEEDS:
        assert seed not in sent, "a seeded value reached the provider"
    upstream = _upstream_text(mock, api)
    fake = re.search(r"Mail (\S+@\S+) or", upstream)
    assert fake is not None and fake.group(1).split("@")[1].startswith("example.")  # a realistic fake e-mail
    assert "<PHONE_NUMBER_1>" in upstream
    assert "***************1111" in upstream  # masked, last four kept
    digest = re.search(r"SSN ([0-9a-f]{64})", upstream)
    assert digest is not None  # salted sha256 (Presidio's hash)
    host = re.search(r"host (\S+)\.$", upstream)
    assert host is not None and host.group(1) != IP  # AES, base64
    # The client: the fake and the placeholder restored; mask, hash and encrypt as the model saw them.
    expected = upstream.replace(fake.group(1), EMAIL).replace("<PHONE_NUMBER_1>", PHONE)
    assert text == f"You said: {expected}"
    assert EMAIL in text and PHONE in text and CARD not in text and SSN not in text and IP not in text
    if stream:
        assert len(pieces) > 3
        assert not any(fake.group(1)[:4] in piece for piece in pieces), "part of a fake reached the client"
        assert not any("<" in piece and ">" not in piece for piece in pieces), "half a placeholder reached the client"
    if headers:
        # a stream under output rules cannot know its decision up front: `pending`, and the record decides
        # (restore only, team `bare`: no output rules, the decision is known)
        assert headers["x-guardrail-decision"] == ("pending" if stream and team != "bare" else "redact")
        assert guarded.record_for(headers["x-guardrail-request-id"])["decision"] == "redact"
    guarded.flush()
    log = guarded.log_path.read_text()
    for seed in (*SEEDS, fake.group(1), digest.group(1)):
        assert seed not in log, "a value reached the decision log"


def test_the_same_value_hashes_the_same_way_in_every_request(mock: Mock, guarded: Proxy) -> None:
    digests = []
    for _ in range(2):
        _ask(guarded, "chat", False, f"SSN {SSN}.")
        found = re.search(r"SSN ([0-9a-f]{64})", _upstream_text(mock, "chat"))
        assert found is not None
        digests.append(found.group(1))
    assert digests[0] == digests[1]


def _ssn_digest(p: Proxy, mock: Mock, team: str) -> str:
    _ask(p, "chat", False, f"SSN {SSN}.", team)
    found = re.search(r"SSN ([0-9a-f]{64})", _upstream_text(mock, "chat"))
    assert found is not None
    return found.group(1)


def test_hash_is_salted_per_team(mock: Mock, guarded: Proxy) -> None:
    """Two teams on the same policy: the same value hashes alike within a team, differently across teams."""
    app_first, app_again = _ssn_digest(guarded, mock, "app"), _ssn_digest(guarded, mock, "app")
    other_first, other_again = _ssn_digest(guarded, mock, "app2"), _ssn_digest(guarded, mock, "app2")
    assert app_first == app_again
    assert other_first == other_again
    assert app_first != other_first


SECRET_POLICY = "name: {name}\ninput: {{secrets: {{action: {action}}}}}\noutput: {{secrets: {{action: {action}}}}}\n"
AWS_KEY = "AKIA" + "Q7X2M4N8P0R5T3V6"


@pytest.fixture(scope="module")
def secret_proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"blocker": {"policy": "sblock"}, "redactor": {"policy": "sredact"}},
                         files={"policies/sblock.yaml": SECRET_POLICY.format(name="sblock", action="block"),
                                "policies/sredact.yaml": SECRET_POLICY.format(name="sredact", action="redact")})


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_secrets_blocked_and_redacted_on_input(mock: Mock, secret_proxy: Proxy, api: str) -> None:
    with pytest.raises((openai.BadRequestError, anthropic.BadRequestError)) as err:
        _ask(secret_proxy, api, False, f"why does {AWS_KEY} fail?", "blocker")
    assert "secrets" in str(err.value) and AWS_KEY not in str(err.value)
    assert not mock.state.requests, "a blocked request went upstream"
    text, _, _ = _ask(secret_proxy, api, True, f"why does {AWS_KEY} fail?", "redactor")
    assert "<AWS_ACCESS_KEY_1>" in _upstream_text(mock, api) and AWS_KEY not in json.dumps(mock.last_body)
    # No input.pii rule, so no restore: the placeholder stays (secrets come back only with input.pii.restore).
    assert text == "You said: why does <AWS_ACCESS_KEY_1> fail?"


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_secrets_the_model_says_are_redacted_or_blocked_on_output(mock: Mock, secret_proxy: Proxy, api: str,
                                                                   stream: bool) -> None:
    said = f"Use the key {AWS_KEY} for that. Then retry."
    mock.script(text=said, chunk_chars=3)
    text, pieces, _ = _ask(secret_proxy, api, stream, "which key?", "redactor")
    assert text == "Use the key <AWS_ACCESS_KEY_1> for that. Then retry."
    mock.script(text=said, chunk_chars=3)
    text, pieces, _ = _ask(secret_proxy, api, stream, "which key?", "blocker")
    assert AWS_KEY[:6] not in text and "Then retry" not in text
    secret_proxy.flush()
    assert AWS_KEY not in secret_proxy.log_path.read_text()
