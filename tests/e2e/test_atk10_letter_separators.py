"""Issue 12, atk10 B-M1 end to end, through the official SDKs and the mock provider: a codename spelled letter by
letter with any one same separator (`p*r*o*j*e*c*t`, `p - r - o - j`, doubled spaces, `..`, emoji) is blocked;
a list of single letters that spells no codename goes up as written."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, ask_chat

POLICY = """
name: default
on_error: block
input:
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("sep", ["*", " - ", "  ", "..", "\u2192", "\U0001f525", ";"])
def test_a_codename_spelled_with_one_same_separator_is_blocked(mock: Mock, guarded: Proxy, api: str,
                                                                sep: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, "Status of " + sep.join("project") + " " + sep.join("falcon") + "?")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []


def test_single_letters_that_spell_no_codename_go_up(mock: Mock, guarded: Proxy) -> None:
    prompt = "Solve a * b * c * d = 1 - 2 - 3 - 4 for the columns a;b;c;d."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
