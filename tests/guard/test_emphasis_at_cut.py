"""Issue 12 (README-only attack atk8, tester B M6): a value whose group is emphasised, struck through or a code span
right before (or after) a cut between two texts (`call 617-**555**` + `-0143`) went upstream whole: at the cut the
ends were read as written (`**` is no separator), so no joint was made. The ends are now also read as rendered
(`proxy.guard.checks.pii.value_near`), as one text's view reads them (`617-**555**-0143` is `617-555-0143`)."""

from __future__ import annotations

import json

import pytest

from proxy.guard.checks.pii import value_near
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import openai
from tests.guard.conftest import PII_IN, policy

SPLITS = [(["call 617-**555**", "-0143"], "0143"), (["ssn 536-**90**", "-4399"], "4399"),
          (["mail jane.doe@**acme**", ".com"], "jane.doe"), (["call 617 **555**", " 0143"], "0143"),
          (["card 4539 **1488**", " 0343 6467"], "6467"), (["call 617-`555`", "-0143"], "0143"),
          (["call 617-~~555~~", "-0143"], "0143"), (["call 617-", "**555**-0143"], "617")]
PLAIN = [["Read the **docs**", "- then ask"], ["x = 2**10", "-1 is the limit"], ["see `make`", "-j4 builds"],
         ["**Note:** 3", " items left"]]


def _parts(texts: list[str]) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}


@pytest.mark.parametrize(("texts", "rest"), SPLITS)
async def test_a_value_with_an_emphasised_group_at_the_cut_is_redacted(guard: Guard, texts: list[str],
                                                                       rest: str) -> None:
    assert value_near(*texts)
    body = _parts(texts)
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    assert rest not in json.dumps(body)


@pytest.mark.parametrize("texts", PLAIN)
async def test_ordinary_emphasis_at_a_cut_stays(guard: Guard, texts: list[str]) -> None:
    body = _parts(texts)
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "allow" and [c["text"] for c in body["messages"][0]["content"]] == texts
