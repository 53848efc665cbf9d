"""An e-mail address read over two cuts or more, over values each text holds whole (atk16 B L4; `proxy.guard.checks.
pii.whole_values`): a user message ending `from server 10.20.30.40.` before a tool call whose `to` and `cc` hold an
address read `10.20.30.40.jane.doe@example.comjane.doe` as one address: the IP and its period went upstream as
`<EMAIL_ADDRESS_2>`. Each text's own findings are the values; a value split over the cuts is still one value."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import policy

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IP_ADDRESS"], "restore": True}}
MAIL = "jane.doe@example.com"


@pytest.mark.parametrize(("first", "placeholder"), [
    ("Please email jane.doe@example.com from server 10.20.30.40.", "from server <IP_ADDRESS_1>."),
    ("Send it from server 10.20.30.40.", "from server <IP_ADDRESS_1>."),
    ("Ask John Miller.", "Ask <PERSON_1>."),
])
@pytest.mark.parametrize("n", [2, 3])
async def test_an_address_after_whole_values_over_several_cuts_keeps_each_type(guard: Guard, first: str,
                                                                               placeholder: str, n: int) -> None:
    texts = [first, MAIL, *([MAIL] * (n - 1)), "ok"]
    verdict = await guard.input(policy(input=PII), texts, ["user", *(["assistant"] * n), "tool"])
    assert verdict.texts[0] is not None and verdict.texts[0].endswith(placeholder), verdict.texts
    assert "EMAIL_ADDRESS_2" not in str(verdict.texts), verdict.texts
    assert verdict.texts[1:1 + n] == ["<EMAIL_ADDRESS_1>"] * n, verdict.texts


async def test_an_address_split_over_two_cuts_is_still_one_value(guard: Guard) -> None:
    verdict = await guard.input(policy(input=PII), ["mail jane.", "doe@exa", "mple.com now"],
                                ["user", "assistant", "user"])
    assert verdict.decision == "redact", verdict.texts
    joined = " ".join(t if t is not None else o for t, o in zip(verdict.texts, ["mail jane.", "doe@exa",
                                                                                  "mple.com now"], strict=True))
    for raw in ("jane.", "doe@exa", "mple.com"):
        assert raw not in joined, verdict.texts
