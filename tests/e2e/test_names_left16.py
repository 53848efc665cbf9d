"""Names the fifteenth session's rules left (nameleft16), end to end through the official SDKs: a Chinese surname
after a verb before a role title, a display name's unlisted surname glued to `<`, a product's given name in a file's
name reach the provider redacted; a salutation and a form of address stay before the surname's one placeholder; a
document's title in a spaced file name goes as sent."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_chinese_surname_after_a_verb_and_a_spanish_letter(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "请联系赵经理确认。"},
        {"role": "user", "content": "Estimada Sra. Jiménez, le escribimos por su pedido."}])
    first, second = (m["content"] for m in mock.state.requests[-1].body["messages"])
    assert re.fullmatch(r"请联系<PERSON_\d>经理确认。", first), first
    assert re.fullmatch(r"Estimada Sra\. <PERSON_\d>, le escribimos por su pedido\.", second), second


def test_responses_display_name_and_a_product_given_name_in_a_file(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", instructions="Reviewed-by: Nina Petrova<nina@example.com>",
                                  input="Check the typos in Julia Novak.docx please")
    body = mock.state.requests[-1].body
    text = json.dumps(body, ensure_ascii=False)
    assert all(w not in text for w in ("Nina", "Petrova", "Julia", "Novak")), text
    assert re.fullmatch(r"Reviewed-by: <PERSON_\d><<EMAIL_ADDRESS_\d>>", body["instructions"]), body["instructions"]
    assert re.search(r"Check the typos in <PERSON_\d>\.docx please", text), text


def test_anthropic_document_titles_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    sent = "Please review the Grant Proposal.pdf and Sample Data.csv before Friday."
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": sent}])
    assert mock.state.requests[-1].body["messages"][0]["content"] == sent
