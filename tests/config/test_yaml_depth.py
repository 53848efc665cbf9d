"""Deeply nested flow collections in a config file are refused fast (fair49: a broken policy's reload took
~7 s of one core in PyYAML's scanner, over 10 s under load)."""

from __future__ import annotations

import time

import pytest

from proxy.config.yamlconf import MAX_FLOW_DEPTH, ConfigErrors, parse_yaml


@pytest.mark.parametrize("text", [
    "name: default\ninput: " + "[" * 3000 + "]" * 3000 + "\n",
    "name: default\ninput: " + "{" * 3000 + "}" * 3000 + "\n",
    "name: default\ninput: " + "[{" * 1500 + "\n",  # cut short
], ids=["sequences", "mappings", "unclosed"])
def test_deep_flow_nesting_is_refused_in_a_bounded_time(text: str) -> None:
    started = time.process_time()
    with pytest.raises(ConfigErrors) as err:
        parse_yaml(text, "policies/default.yaml")
    assert time.process_time() - started < 0.5
    assert str(err.value) == "policies/default.yaml:1: (root): invalid YAML: nested too deeply"


def test_nesting_up_to_the_bound_still_parses() -> None:
    d = MAX_FLOW_DEPTH
    doc = parse_yaml("a: " + "[" * d + "1" + "]" * d + "\nb: {c: [1, {d: 2}]}\n", "x.yaml")
    value = doc.data["a"]
    for _ in range(d):
        value = value[0]
    assert value == 1 and doc.data["b"] == {"c": [1, {"d": 2}]}
    assert doc.lines[("b", "c")] == 2
