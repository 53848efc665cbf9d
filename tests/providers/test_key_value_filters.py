"""Objects that name a value with a sibling `key` field (issue 12, atk5 notes): a Responses file search filter
`{"type": "eq", "key": "ssn", "value": 536904399}` is read as `{"ssn": 536904399}` is. The reading finds them by
their path and channel (`proxy.providers.inventory.FILTER_VALUE`, `filter_field`), so a new SDK class
with `key` and `value` fields must be looked at: this test walks the official SDKs' types and fails on one that is
not `KEY_VALUE_CLASSES`."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any, get_args

import pydantic

from proxy.providers import openai
from proxy.providers.inventory import FILTER_VALUE, KEY_VALUE_CLASSES, filter_field


def _classes_with_key_and_value() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for package in ("openai.types", "anthropic.types"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            try:
                module = importlib.import_module(info.name)
            except ImportError:
                continue
            for name, obj in vars(module).items():
                if not inspect.isclass(obj) or obj.__module__ != module.__name__:
                    continue
                fields = obj.model_fields if issubclass(obj, pydantic.BaseModel) else \
                    getattr(obj, "__annotations__", {}) if type(obj).__name__ == "_TypedDictMeta" else {}
                if "key" in fields and "value" in fields:
                    found[name] = obj
    return found


def test_every_sdk_class_with_a_key_and_a_value_is_read_as_keyed() -> None:
    found = _classes_with_key_and_value()
    assert "ComparisonFilter" in found  # the walk sees the SDKs
    assert set(found) <= KEY_VALUE_CLASSES, sorted(set(found) - KEY_VALUE_CLASSES)
    for obj in found.values():
        if issubclass(obj, pydantic.BaseModel):  # a comparison: `type` is an operator, `key` a string
            assert obj.model_fields["key"].annotation is str
            assert set(get_args(obj.model_fields["type"].annotation)) <= {"eq", "ne", "gt", "gte", "lt", "lte",
                                                                          "in", "nin"}


def test_filter_values_are_found_by_path_and_channel_at_any_depth() -> None:
    for path in ["tools[]<file_search>.filters<eq>.value", "tools[]<file_search>.filters<in>.value[]",
                 "tools[]<file_search>.filters<and>.filters[]<eq>.value",
                 "tools[]<file_search>.filters<or>.filters[]<and>.filters[]<lt>.value"]:
        assert FILTER_VALUE.search(path), path
    for path in ["tools[]<web_search>.filters.allowed_domains[]", "metadata{}", "tools[]<file_search>.filters<eq>.key"]:
        assert not FILTER_VALUE.search(path), path
    assert filter_field("field:tools:0:filters:filters:1:filters:0:value") == (
        "field:tools:0:filters:filters:1:filters:0", "value")
    assert filter_field("field:tools:0:filters:value:2") == ("field:tools:0:filters", "value")
    assert filter_field("field:tools:0:filters:key") == ("field:tools:0:filters", "key")
    assert filter_field("field:tools:0:filters:allowed_domains:0") is None
    assert filter_field("field:metadata:value") is None


def test_a_compound_filters_short_numbers_are_texts_of_the_request() -> None:
    body = {"model": "m", "input": "hi", "tools": [{"type": "file_search", "vector_store_ids": ["vs_1"], "filters": {
        "type": "and", "filters": [{"type": "eq", "key": "area", "value": 617}, {"type": "eq", "key": "line",
                                                                                 "value": 143}]}}]}
    got = {s.channel: s.get() for s in openai.request_texts("responses", body)}
    assert got["field:tools:0:filters:filters:0:value"] == "617"
    assert got["field:tools:0:filters:filters:1:value"] == "143"
    assert got["field:tools:0:filters:filters:0:key"] == "area"
