"""Shared by the keyed/joined e2e files (tests/e2e/test_keyed_joins.py, test_encoded_joins.py): the policy (PII on
both sides, the blocking codename rule), a post that must answer 200, and a chat turn with tool-call arguments."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Proxy
from tests.support.clients import SCREENED_POLICY, post_raw

# `SCREENED_POLICY` with the codename rule on output too.
KEYED_POLICY = SCREENED_POLICY + """  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

ASK = {"role": "user", "content": "Please summarise the report."}


def post_ok(p: Proxy, path: str, body: dict[str, Any]) -> Any:
    r = post_raw(p, path, json.dumps(body))
    assert r.status_code == 200, r.text
    return r


def tool_turn(value: dict[str, Any]) -> list[dict[str, Any]]:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": json.dumps(value)}}
    return [ASK, {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]
