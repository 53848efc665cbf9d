"""Issue 12, atk11 tester B FP-M2, FP-M4, FP-L1, FP-L3, end to end: what the mock provider RECEIVED.

Programming languages named like people in sentences about code (`Port the parser from Pascal to C.`), German
finance sentences (`Mio.`, `Geschäftsjahr`, `Der Umsatz lag bei`), JVM heap flags (`-Xmx8g`), a device's model name
(`iPhone 15 Pro Max`, `Echo Dot`), a log store (`Loki`) and an AI model (`Ask Claude to summarize ...`) go up as
sent; a person's name in the same frames (`Pascal Dupont`, `Claude Martin`) is still redacted."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, received

PLAIN = [
    "Port the parser from Pascal to C.",
    "Julia is fast for numerical code once it is compiled. Crystal compiles Ruby-like syntax to native code.",
    "Der Umsatz lag bei 1.234.567,89 € im Geschäftsjahr 2023. Der Cashflow lag bei 2,1 Mio. €.",
    "JAVA_OPTS=-Xms2g -Xmx8g -XX:MaxGCPauseMillis=200",
    "My iPhone 15 Pro Max keeps restarting after the update. The Echo Dot lost its Wi-Fi connection.",
    "Loki ingests about 2 TB of logs per day. Ask Claude to summarize the design doc before the meeting.",
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.mark.parametrize("text", PLAIN)
def test_languages_finance_flags_devices_and_models_go_up_as_sent(plain: Proxy, mock: Mock, text: str) -> None:
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = received(mock)
    assert "<PERSON_" not in got.replace("\\u003c", "<"), got
    assert json.dumps(text, ensure_ascii=False)[1:-1] in got or json.dumps(text)[1:-1] in got, got


def test_names_in_the_same_frames_are_still_redacted(plain: Proxy, mock: Mock) -> None:
    chat_ok(plain, {"messages": [{"role": "user", "content": "Port the parser with Pascal Dupont. Ask Claude Martin "
                                                             "to summarize the design doc."}]})
    got = received(mock)
    assert "Pascal" not in got and "Dupont" not in got and "Claude" not in got and "Martin" not in got, got
    assert "summarize the design doc" in got, got
