"""README-only attack, end to end with the openai SDK against the mock provider: a long unbroken run before a
value or a `patterns:` phrase defeated the stream window. At the cap (400 characters pending) the window
released everything, the tail where `project` (then ` falcon.` in the next chunk) or `617-555` (then
`-0143 ok.`) was still growing included. The cap now keeps that tail (`OutputWindows._cap_cut`).
"""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_answer_fields_joined import A_END, A_START, chunk, sse
from tests.e2e.test_stream_window_phrases import BLOCKED, POLICY, ROUTES, _anthropic, _chat


@pytest.fixture(scope="module")
def capped(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _script(mock: Mock, first: str, second: str) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": first}), chunk({"content": second}),
                            chunk({}, "stop"), "[DONE]"))


@pytest.mark.parametrize("run", [390, 393, 394, 395, 400, 420])
def test_a_phrase_after_a_long_run_is_blocked(capped: Proxy, mock: Mock, run: int) -> None:
    _script(mock, "Digest:" + "9f" * (run // 2) + " project", " falcon.")
    got, finish = _chat(capped)
    assert "project" not in got and "falcon" not in got and finish == "content_filter", (run, got[-40:], finish)


@pytest.mark.parametrize("run", [390, 393, 394, 395, 400, 420])
def test_a_number_after_a_long_run_is_redacted(capped: Proxy, mock: Mock, run: int) -> None:
    _script(mock, "x" * run + " call 617-555", "-0143 ok.")
    got, _ = _chat(capped)
    assert "617" not in got and "0143" not in got and got.endswith(" ok."), (run, got[-40:])


@pytest.mark.parametrize("run", [390, 394, 400, 420])
def test_a_phrase_after_a_long_run_is_blocked_anthropic(capped: Proxy, mock: Mock, run: int) -> None:
    deltas = [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": part}}
              for part in ("Digest:" + "9f" * (run // 2) + " project", " falcon.")]
    mock.script(raw_sse=sse(A_START, {"type": "content_block_start", "index": 0,
                                      "content_block": {"type": "text", "text": ""}},
                            *deltas, {"type": "content_block_stop", "index": 0}, *A_END, named=True))
    got, stop = _anthropic(capped)
    assert "project" not in got and "falcon" not in got and stop == "refusal", (got[-40:], stop)


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("run", ["\n" * 500, " \n" * 300], ids=["newlines", "mix"])
def test_a_phrase_over_a_separator_run_longer_than_the_cap_is_blocked(capped: Proxy, mock: Mock, route: str,
                                                                      run: str) -> None:
    # Issue 12: the cap released `project` with the run, each window was read alone, and `falcon` went out too.
    # What the cap releases is now carried (`OutputWindows._next_carry`): `project` is out, the rest never is.
    mock.script(text="Status report. project" + run + "falcon ships on Monday. Bye.", chunk_chars=3)
    got, reason = ROUTES[route](capped)
    assert "falcon" not in got and "Monday" not in got and reason == BLOCKED[route], (route, got[-40:], reason)


@pytest.mark.parametrize("route", ["chat", "responses"])  # (the Anthropic helper's max_tokens cuts such a text)
@pytest.mark.parametrize("n", [192, 300, 390])
def test_a_value_or_phrase_split_around_a_long_html_comment_never_goes_out_in_halves(capped: Proxy, mock: Mock,
                                                                                   route: str, n: int) -> None:
    # Issue 12: the window ended inside the comment (192 characters or more into it, or at the cap), and the
    # halves were read apart; the whole answer reads them without the comment.
    filler = ("lorem ipsum dolor sit amet " * 20)[:n]
    mock.script(text="Status report. Call 617-<!-- " + filler + " -->555-0143 today. Bye.", chunk_chars=3)
    got, _ = ROUTES[route](capped)
    assert "617" not in got and "0143" not in got and got.endswith("today. Bye."), (route, got[-60:])
    mock.script(text="Status report. The project fal<!-- " + filler + " -->con ships. Bye.", chunk_chars=3)
    got, reason = ROUTES[route](capped)
    assert "con ships" not in got and reason == BLOCKED[route], (route, got[-40:], reason)
