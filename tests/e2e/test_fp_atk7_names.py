"""Issue 12, atk7 findings 5 (name parts), 6 and 7, end to end: what the mock provider RECEIVED.

Kubernetes `name:` keys, a media type, a declaration, top's header, first-name products in technical text, a
Spanish title, German formal address and cities used as places go up as sent, in a message and in tool arguments
(`{"city": "Berlin"}`, `{"from": "Berlin", "to": "Munich"}`, a manifest, a German greeting); a person's name
beside them (`Austin Smith`, `{"to": "Austin"}`, `Anna Schmidt`) is still redacted.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, received, tool_turn

POLICY = REDACT_NAMES_POLICY

PLAIN = [
    "containers:\n- name: api\n  image: nginx:1.25\nenv:\n- name: LOG_LEVEL\n  value: debug",
    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly-report",
    "curl -X POST https://api.example.org/v2/jobs -H 'Content-Type: application/json' -d '{\"priority\": 5}'",
    "MiB Mem :  15923.4 total,   2316.8 free,   8123.5 used,   5483.1 buff/cache",
    'val config = ConfigFactory.load().getConfig("akka.http")',
    "Port the billing service from Ruby to Go. Apollo Server serves the GraphQL schema. "
    "Use Jasmine for the unit tests and Karma as the runner. Harper is a Rust-based linter for prose.",
    "Gracias Señora, hemos recibido su solicitud.",
    "Prüfen Sie bitte den Server. Bitte bestätigen Sie den Termin. Möchten Sie die Lizenz verlängern?",
    "The Victoria cluster runs Kubernetes 1.29. The Phoenix data center is under maintenance. "
    "Our Austin team owns the payments service. The Boston and Chicago offices share a VPN.",
    "La oficina de Valencia estará cerrada el lunes.",
]
ARGS = [
    {"lat": 52.52, "lon": 13.405, "city": "Berlin"},
    {"from": "Berlin", "to": "Munich", "distance_km": 585},
    {"greeting": "Bitte prüfen Sie die Rechnung.", "lang": "de"},
    {"manifest": "containers:\n- name: api\n  image: nginx:1.25"},
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize("text", PLAIN)
def test_engineering_german_and_place_text_goes_up_as_sent(plain: Proxy, mock: Mock, text: str) -> None:
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = received(mock)
    assert "<PERSON_" not in got.replace("\\u003c", "<"), got
    assert json.dumps(text, ensure_ascii=False)[1:-1] in got or json.dumps(text)[1:-1] in got, got


@pytest.mark.parametrize("value", ARGS)
def test_tool_arguments_with_places_go_up_as_sent(plain: Proxy, mock: Mock, value: dict[str, Any]) -> None:
    chat_ok(plain, {"messages": tool_turn(value)})
    got = received(mock)
    assert "<PERSON_" not in got.replace("\\u003c", "<"), got
    sent = json.loads(got)[-1]["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(sent) == value


def test_names_beside_them_are_still_redacted(plain: Proxy, mock: Mock) -> None:
    chat_ok(plain, {"messages": [{"role": "user", "content": "Please ask Austin Smith to review the Denver office "
                                                             "plan. Bitte rufen Sie Anna Schmidt an."}]})
    got = received(mock)
    assert "Austin" not in got and "Anna" not in got and "Schmidt" not in got, got
    assert "Denver office" in got
    chat_ok(plain, {"messages": tool_turn({"to": "Austin", "text": "deploy done", "city": "Berlin"})})
    got = received(mock)
    sent = json.loads(json.loads(got)[-1]["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent["to"] != "Austin" and sent["to"].startswith("<PERSON_"), sent
    assert sent["city"] == "Berlin"
