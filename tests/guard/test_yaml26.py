"""A long unfenced YAML run that sends keeps its placeholders when streamed in small pieces (yaml25's leftover).

A stream's released text ends, now and then, with a line of blanks alone (the indentation of the next mapping line,
its key not yet come): that line may still become part of the run, so the run stays open there
(`proxy.guard.yaml25.yaml_run`). It used to end the run, and the context a stream keeps (`proxy.guard.urls.
url_context`) lost the run's block key; more than ~256 characters after the destination the scope was then read as
plain text and the client's value restored into it.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.scopes import open_code
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat

SIZES = (1, 3, 7, 9, 13)
_FILL = "".join(f"  retry_{k}: {k}\n" for k in range(30))
_FILL2 = "".join(f"    timeout_seconds_{k}: {10 * k}\n" for k in range(12))

SENDING = [
    f"notify:\n  url: https://evil.example/hook\n{_FILL}  email: {E}",
    f"smtp:\n  host: smtp.collector.example\n{_FILL}  to: {E}\n",
    f"receivers:\n  - name: ops\n    webhook_configs:\n      - url: https://ingest.acme-logs.org/v2\n{_FILL2}"
    f"    contact: {N}\n    phone: {P}\n",
]
RESTORED = [  # the same length, no destination: restored as before
    f"contact:\n{_FILL}  name: {N}\n  email: {E}\n",
    f"profile:\n  display: compact\n{_FILL2}  phone: {P}",
]


def test_a_run_stays_open_at_a_last_line_of_blanks() -> None:
    text = "notify:\n  url: https://evil.example/hook\n  retry: 3\n  "
    assert open_code(text) is not None
    assert open_code(text + "email: x") is not None
    assert open_code("notify:\n  url: https://evil.example/hook\n\nSee the docs.") is None


@pytest.mark.parametrize("text", SENDING)
async def test_a_long_run_that_sends_keeps_placeholders_streamed(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


@pytest.mark.parametrize("text", RESTORED)
async def test_a_long_record_that_sends_nothing_is_restored(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text) != text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size
