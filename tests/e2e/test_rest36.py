"""Code that hands the client's values to a third party's SDK (analytics, payments, another LLM API, cloud storage,
enrichment) and tool calls that post them to a channel, chat or repository keep their placeholders (rest36: atk35
F01, F04, F06-F08), through the official OpenAI and Anthropic SDKs under the shipped default policy, whole and
streamed in 3-character pieces; local code, a JSON record and a call that reads are restored as before.
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
    f"```python\nanalytics.identify('user-42', {{'email': '{E}', 'phone': '{P}'}})\n```",
    f"```js\nfbq('init', '123456789012345', {{ em: '{E}', ph: '{P}' }});\n```",
    f"```python\nimport stripe\nstripe.Customer.create(email='{E}', phone='{P}')\n```",
    f"```python\nfrom openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model='gpt-4o', "
    f"messages=[{{'role': 'user', 'content': 'Classify {E}'}}])\n```",
    f"```python\ns3 = boto3.client('s3')\ns3.put_object(Bucket='b', Key='k', Body='{E} {P}')\n```",
    f"```python\nresult = translate_client.translate('Contact {E}', target_language='fr')\n```",
]
LOCAL = [
    f"```python\nimport pandas as pd\ndf = pd.DataFrame([{{'email': '{E}', 'phone': '{P}'}}])\nprint(df)\n```",
    f"```js\nimport React, {{ useState }} from 'react';\nconst [email] = useState('{E}');\n```",
    f"```json\n{{\"email\": \"{E}\", \"phone\": \"{P}\"}}\n```",
]
POSTS = [("slack_post_message", {"channel_id": "C07QX1ABCDE", "text": f"New customer: {E}"}),
         ("create_issue", {"owner": "octo-org", "repo": "public-feedback", "title": "Customer",
                           "body": f"Contact {E} {P}"})]
READS = ("lookup_order", {"email": E, "order_id": "A-17"})


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
def test_code_handing_values_to_an_sdk_keeps_them(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    for said in SENDS:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        _placeholders_went_up(mock)
        assert MAIL not in text and text == said, said
    for said in LOCAL:
        mock.script(text=said, chunk_chars=3)
        text, _ = ask(guarded, stream)
        assert text == restored(said), said


@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_calls_posting_to_a_channel_keep_them(mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    ask = {"chat": _chat, "anthropic": _anthropic}[api]
    for name, args in POSTS:
        mock.script(tool_calls=[{"name": name, "arguments": args}], chunk_chars=3)
        _, calls = ask(guarded, stream)
        _placeholders_went_up(mock)
        assert calls == [args], name
    mock.script(tool_calls=[{"name": READS[0], "arguments": READS[1]}], chunk_chars=3)
    _, calls = ask(guarded, stream)
    assert calls == [{"email": MAIL, "order_id": "A-17"}]
