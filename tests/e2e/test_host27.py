"""host27 (atk26 F16) end to end through the official SDKs under the shipped default policy: an IPv4 address written
into a host name (`ip-10-0-1-23.ec2.internal`, `ec2-54-12-34-56.compute-1.amazonaws.com`, `203-0-113-45.sslip.io`)
or tcpdump's address.port reaches the provider as a placeholder over its octets, the host's shape kept, in a chat
message, a tool call's arguments and an Anthropic message; the client's echo gets the hosts back as typed; dashed
engineering numbers (`build-10-0-1-23`, `v1-2-3-4`, `k8s-node-1-2-3-4`) go as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
NODES = ("kubectl get nodes\nNAME                                          STATUS     ROLES\n"
         "ip-10-0-1-23.us-west-2.compute.internal       NotReady   <none>\n"
         "ip-172-31-5-9.ec2.internal                    Ready      <none>\n"
         "Refused from ec2-54-12-34-56.compute-1.amazonaws.com and 203-0-113-45.sslip.io\n"
         "12:01:02.123 IP 203.0.113.45.54321 > 198.51.100.7.443: Flags [S], seq 1")
OCTETS = ("10-0-1-23", "172-31-5-9", "54-12-34-56", "203-0-113-45", "203.0.113.45", "198.51.100.7")
PLAIN = "Image build-10-0-1-23 ships chart v1-2-3-4 to k8s-node-1-2-3-4 on 2024-01-02-03."


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SHIPPED})


def test_chat_text_and_tool_arguments(shipped: Proxy, mock: Mock) -> None:
    call = {"id": "call_1", "type": "function",
            "function": {"name": "ssh", "arguments": json.dumps({"host": "ec2-3-120-45-99.eu-central-1.compute"
                                                                         ".amazonaws.com", "cmd": "uptime"})}}
    answer = oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "up 3 days"},
        {"role": "user", "content": NODES}])
    m = mock.state.requests[-1].body["messages"]
    sent, args = m[2]["content"], json.loads(m[0]["tool_calls"][0]["function"]["arguments"])
    assert not any(o in sent for o in OCTETS), sent
    assert "ip-<IP_ADDRESS_" in sent and ".us-west-2.compute.internal" in sent and "ec2-<IP_ADDRESS_" in sent, sent
    assert "3-120-45-99" not in args["host"] and args["host"].startswith("ec2-<IP_ADDRESS_"), args
    assert args["host"].endswith(".eu-central-1.compute.amazonaws.com") and args["cmd"] == "uptime", args
    assert answer.choices[0].message.content == "You said: " + NODES  # the client's own hosts restored


def test_anthropic_hosts_and_lookalikes(shipped: Proxy, mock: Mock) -> None:
    content = "kubelet on ip-192-168-0-14.ec2.internal is NotReady; PTR c-73-12-34-56.hsd1.ca.comcast.net.\n" + PLAIN
    claude(shipped).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": content}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert "192-168-0-14" not in sent and "73-12-34-56" not in sent, sent
    assert "c-<IP_ADDRESS_" in sent and ".hsd1.ca.comcast.net." in sent, sent
    assert sent.endswith("\n" + PLAIN), sent


def test_chat_lookalikes_as_sent(shipped: Proxy, mock: Mock) -> None:
    oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": PLAIN}])
    assert mock.state.requests[-1].body["messages"][0]["content"] == PLAIN
