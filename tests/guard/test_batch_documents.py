"""The documents of one `/v1/embeddings` or `/v1/completions` batch (array `input` / `prompt`) are independent
(atk15 L1): a value at the end of one is never read into the next (`["Call me at 617-555-0143", "99 problems"]`
left `<PHONE_NUMBER_2> problems`), while a value inside one document is redacted as before."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import joinables, screen_request
from proxy.providers import openai
from tests.guard.conftest import PII_IN, policy

# (first document, second document, the value redacted in the first, the second as sent)
CASES = [
    ("Ring me on 212-555-0187", "42 reasons to switch vendors", "212-555-0187", "42 reasons to switch vendors"),
    ("Invoice sent to Klaus Weber.", "carol.diaz@outlook.com replied", None, None),
    ("reference Q-2231", "tom.baker@yahoo.com", None, None),
    ("Reach 646-555-0112", "7 days a week we answer", "646-555-0112", "7 days a week we answer"),
]


def _body(kind: str, docs: list[str]) -> dict[str, Any]:
    return {"model": "m", ("input" if kind == "embeddings" else "prompt"): docs}


@pytest.mark.parametrize("kind", ["embeddings", "completions"])
@pytest.mark.parametrize(("first", "second", "value", "kept"), CASES)
async def test_a_batch_document_is_never_read_into_the_next(guard: Guard, kind: str, first: str, second: str,
                                                            value: str | None, kept: str | None) -> None:
    field = "input" if kind == "embeddings" else "prompt"
    body = _body(kind, [first, second])
    await screen_request(guard, policy(input=PII_IN), openai.request_texts(kind, body))
    sent = body[field]
    # Each document reads as it reads alone.
    for doc, got in zip([first, second], sent, strict=True):
        alone = _body(kind, [doc])
        await screen_request(guard, policy(input=PII_IN), openai.request_texts(kind, alone))
        assert got == alone[field][0], sent
    if value is not None:
        assert value not in sent[0] and sent[0].endswith("<PHONE_NUMBER_1>"), sent
    if kept is not None:
        assert sent[1] == kept, sent
    else:  # the first document holds no e-mail address; the second's is its own, the word after it kept
        assert "EMAIL_ADDRESS" not in sent[0], sent
        email = second.split(" ")[0]
        assert sent[1] == "<EMAIL_ADDRESS_1>" + second[len(email):], sent


@pytest.mark.parametrize("kind", ["embeddings", "completions"])
def test_batch_documents_are_read_alone_and_a_single_text_is_not(kind: str) -> None:
    field = "input" if kind == "embeddings" else "prompt"
    assert joinables(openai.request_texts(kind, {"model": "m", field: ["a", "b", "c"]})) == [False, False, False]
    assert joinables(openai.request_texts(kind, {"model": "m", field: "a"})) == [True]


async def test_a_value_inside_one_batch_document_is_still_redacted(guard: Guard) -> None:
    body = {"model": "m", "input": ["card 4111 1111 1111 1111 on file, mail ann.lee@gmail.com", "nothing here"]}
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("embeddings", body))
    assert verdict.decision == "redact"
    assert "4111" not in body["input"][0] and "ann.lee" not in body["input"][0], body
    assert body["input"][1] == "nothing here"
