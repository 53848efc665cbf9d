"""The records' PII-free `input` and `output` features: from bodies and streams, through the real
proxy in front of the mock, and live on /metrics. No text of the prompt or the answer is recorded."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import anthropic
import openai
import pytest

from proxy.features import (
    StreamFeatures,
    _answer_features,
    _one_plain_choice,
    _plain_chars,
    _plain_chat_answer,
    _plain_chat_request,
    _request_texts,
    answer_features,
    detect_language,
    request_features,
    summarise,
)
from proxy.providers.registry import ADAPTERS
from tests.conftest import Mock, ProxyFactory

FRENCH = "Bonjour, pourriez-vous me résumer ce document avant la réunion de demain matin ?"
ENGLISH = "Hello, could you please summarise this document before tomorrow morning's meeting?"
# Checks that need no PII engine (it takes many seconds to load on a busy machine): keyword toxicity.
TOX_POLICY = "name: default\ninput:\n  toxicity: {action: block, thresholds: {toxicity: 0.8}}\n"
TOOL = {"type": "function", "function": {"name": "lookup_order", "parameters": {"type": "object"}}}


def test_language_codes_and_short_texts() -> None:
    assert detect_language(FRENCH) == "fr"
    assert detect_language(ENGLISH) == "en"
    assert detect_language("Guten Tag, können Sie mir bitte diesen Bericht bis morgen zusammenfassen?") == "de"
    assert detect_language("ok 42") == "und"
    assert detect_language("") == "und"


def test_request_features_count_and_never_copy_text() -> None:
    body = {"model": "gpt-4o-mini", "tools": [TOOL, TOOL],
            "messages": [{"role": "system", "content": "You are terse and always answer in English."},
                         {"role": "user", "content": FRENCH}]}
    f = request_features(ADAPTERS["openai"], "chat", body)
    assert f == {"chars": len("You are terse and always answer in English.") + len(FRENCH), "messages": 2,
                 "tools": 2, "lang": "fr"}  # the system prompt counts in size, not in the language
    a = request_features(ADAPTERS["anthropic"], "messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5,
                                                              "messages": [{"role": "user", "content": ENGLISH}]})
    assert a == {"chars": len(ENGLISH), "messages": 1, "tools": 0, "lang": "en"}
    assert request_features(ADAPTERS["openai"], "embeddings", {"input": "x"}) is None
    assert "lang" not in request_features(ADAPTERS["openai"], "chat", body, language=False)  # type: ignore[operator]


# Chat messages of many shapes: plain ones (the features' shortcut reads them) and every other kind (the
# adapter's walk does).
_REQUEST_MESSAGES: list[Any] = [
    {"role": "system", "content": "Be terse."}, {"role": "user", "content": FRENCH},
    {"role": "assistant", "content": None}, {"role": "user", "content": ""}, {"content": "no role"},
    {"role": 5, "content": "a role that is no string"}, {"role": "tool", "content": "42", "tool_call_id": "call_1"},
    {"role": "function", "name": "f", "content": "result"}, {"role": "developer", "content": "dev", "name": "x"},
    {"role": "user", "content": [{"type": "text", "text": "a part"}]},
    {"role": "assistant", "content": "x", "refusal": "no"},
    {"role": "assistant", "content": "", "tool_calls": [{"id": "c", "type": "function",
                                                        "function": {"name": "f", "arguments": "{\"q\": \"v\"}"}}]},
    {"role": "assistant", "function_call": {"name": "f", "arguments": "{}"}}, {"role": "user", "content": 7},
    {"role": "user", "content": "other key", "extra": "x"}, "not an object", None,
]


def test_plain_chat_requests_count_as_the_adapters_walk() -> None:
    adapter = ADAPTERS["openai"]
    bodies: list[dict[str, Any]] = [{"messages": [m]} for m in _REQUEST_MESSAGES]
    bodies += [{"messages": _REQUEST_MESSAGES[:9]}, {"messages": _REQUEST_MESSAGES}, {"messages": "x"}, {},
               {"messages": _REQUEST_MESSAGES[:2], "prediction": {"type": "content", "content": "predicted"}},
               {"messages": _REQUEST_MESSAGES[:2], "prediction": None}]
    shortcuts = 0
    for body in bodies:
        plain = _plain_chat_request(body)
        # Without the users' texts (no language): the same count, through `_plain_chars` where it can
        assert _plain_chat_request(body, users=False) == (None if plain is None else (plain[0], [])), body
        if plain is not None:
            shortcuts += 1
            assert plain == _request_texts(adapter, "chat", body), body
    assert shortcuts >= 12  # the plain shapes took the shortcut; the others (None) the walk
    assert _plain_chars([{"role": "user", "content": "abc"}, {"role": "assistant", "content": None}, {}]) == 3
    assert _plain_chars([]) == 0
    for odd in ({"role": "user", "content": ["x"]}, {"role": "user", "content": "x", "refusal": None}, "x", [], None):
        assert _plain_chars([{"role": "user", "content": "abc"}, odd]) is None, odd  # the loop reads these
    assert _plain_chat_request({"messages": _REQUEST_MESSAGES}) is None


def test_plain_chat_answers_count_as_the_adapters_walk() -> None:
    adapter = ADAPTERS["openai"]
    messages: list[Any] = [
        {"role": "assistant", "content": "Hello there", "refusal": None, "annotations": []},
        {"role": "assistant", "content": None, "refusal": "I can't help with that."},
        {"role": "assistant", "content": "x", "refusal": ""},
        {"role": "assistant", "content": "x", "audio": None, "tool_calls": None, "function_call": None},
        {"role": "assistant", "content": "x", "reasoning_content": "thinking"},
        {"role": "assistant", "content": "x", "annotations": [{"type": "url_citation", "url_citation": {
            "title": "A title", "url": "https://example.com"}}]},
        {"role": "assistant", "content": [{"type": "text", "text": "parts"}]},
        {"role": "assistant", "content": "", "tool_calls": [{"id": "c", "type": "function",
                                                            "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "assistant", "audio": {"id": "a", "data": "", "transcript": "spoken"}}, "x", None,
    ]
    reasons: list[Any] = ["stop", "tool_calls", "refusal", "content_filter", "weird_new_reason", "", None, 3]
    bodies: list[dict[str, Any]] = [
        {"choices": [{"index": 0, "message": m, "finish_reason": reasons[i % len(reasons)]}]}
        for i, m in enumerate(messages)]
    bodies += [{"choices": [{"index": i, "message": m} for i, m in enumerate(messages)]}, {"choices": None}, {},
               {"choices": [{"index": 0, "message": messages[0], "finish_reason": "length"},
                            {"index": 1, "message": messages[1], "finish_reason": "stop"}, "x"]},
               {"choices": [{"index": 0, "finish_reason": "stop"}]}]
    shortcuts = 0
    for body in bodies:
        plain = _plain_chat_answer(body)
        if plain is not None:
            shortcuts += 1
            assert plain == _answer_features(adapter, "chat", body), body  # chars, finish, refusal, tool calls
            assert plain["chars"] == sum(len(slot.get()) for slot in adapter.response_texts("chat", body)), body
    assert shortcuts >= 8


def test_chat_counts_without_language_agree_with_the_walk() -> None:
    """`request_features` of a chat request without `lang` (the usual record: `_plain_chars` straight away)
    says what the adapter's walk says, for every shape, tools and functions counted."""
    adapter = ADAPTERS["openai"]
    plain = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is a port?"},
             {"role": "assistant", "content": None}]
    tool = {"type": "function", "function": {"name": "f", "parameters": {}}}
    bodies: list[dict[str, Any]] = [
        {"messages": plain}, {"messages": plain, "tools": [tool, tool]}, {"messages": plain, "functions": [{}]},
        {"messages": plain, "tools": None, "prediction": None}, {"messages": []},
        {"messages": plain, "prediction": {"type": "content", "content": "The port is 443."}},
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "parts"}]}]},
        {"messages": [{"role": "user", "content": "x", "name": "jo"}, {"role": "tool", "content": "42",
                                                                      "tool_call_id": "c1"}]},
        {"messages": [{"role": "assistant", "content": "", "tool_calls": [
            {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{\"a\": 1}"}}]}]},
        {"messages": "not a list"}, {}]
    for body in bodies:
        given = body.get("messages")
        expected = {"chars": _request_texts(adapter, "chat", {"model": "m", **body})[0],
                    "messages": len(given) if isinstance(given, list) else 0,
                    "tools": len(body.get("tools") or []) + len(body.get("functions") or [])}
        assert request_features(adapter, "chat", {"model": "m", **body}, language=False) == expected, body


def test_a_lone_plain_choice_counts_as_the_adapters_walk() -> None:
    """The one-choice shortcut (`_one_plain_choice`, no loop) agrees with the walk on every shape it takes,
    and leaves every other shape to the loop."""
    adapter = ADAPTERS["openai"]
    usual = {"role": "assistant", "content": "Use a lock.", "refusal": None, "annotations": []}
    taken = [(usual, "stop"), (usual, "length"), (usual, None), (usual, "weird_new_reason"), (usual, ""),
             ({"role": "assistant", "content": None, "refusal": "I can't help with that."}, "stop"),
             ({"role": "assistant", "content": "x", "refusal": ""}, "content_filter"),
             ({"role": "assistant", "content": "x", "refusal": "no"}, "refusal"), ({"content": ""}, "stop"), ({}, None)]
    left = [({"role": "assistant", "content": "x", "tool_calls": None}, "stop"),
            ({"role": "assistant", "content": ["x"]}, "stop"), ({"role": "assistant", "content": "x"}, 3),
            ({"role": "assistant", "content": "x", "annotations": [{"type": "url_citation"}]}, "stop"),
            ({"role": "assistant", "content": "x", "refusal": 1}, "stop")]
    for message, reason in taken + left:
        choice = {"index": 0, "message": message, "finish_reason": reason}
        one = _one_plain_choice(choice)
        assert (one is not None) == ((message, reason) in taken), choice
        if one is not None:
            assert one == _answer_features(adapter, "chat", {"choices": [choice]}), choice
    assert _one_plain_choice("x") is None and _one_plain_choice({"finish_reason": "stop"}) is None


class _Dict(dict[str, Any]):
    pass


class _Str(str):
    __slots__ = ()


def test_the_shortcuts_read_subclasses_as_their_base_classes() -> None:
    """The shortcuts test the parser's own classes first (`type(x) is dict`): a subclass (a body built in
    code, not parsed) counts as its base class, as the adapter's walk counts it."""
    adapter = ADAPTERS["openai"]
    plain = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is a port?"}]
    request = {"model": "m", "messages": [_Dict(role="system", content=_Str("Be brief.")),
                                          _Dict(role="user", content=_Str("What is a port?"))]}
    assert _plain_chat_request(request) == _plain_chat_request({"messages": plain}) == (24, ["What is a port?"])
    assert _plain_chat_request(request) == _request_texts(adapter, "chat", request)
    assert _plain_chat_request(request, users=False) == (24, [])
    assert request_features(adapter, "chat", _Dict(request), language=False) == \
        {"chars": 24, "messages": 2, "tools": 0}
    answer = _Dict(choices=[_Dict(index=0, finish_reason=_Str("stop"),
                                  message=_Dict(role="assistant", content=_Str("A number."), refusal=None))])
    assert answer_features(adapter, "chat", answer) == _answer_features(adapter, "chat", answer) == \
        {"chars": 9, "finish": ["stop"], "refusal": False, "filtered": False, "tool_calls": 0}


@pytest.mark.parametrize("finish", [["stop"], ["length"], ["stop", "stop"], ["stop", "tool_calls"],
                                    ["content_filter"], ["refusal"], []])
def test_summarise_of_a_lone_stop_as_of_any_reasons(finish: list[str]) -> None:
    """A lone `stop` skips the reason sets: it keeps the refusal and tool calls the answer had, filters nothing."""
    for refusal, tools in ((False, 0), (True, 0), (False, 2), (True, 3)):
        got = summarise(5, list(finish), refusal, tools)
        assert got == {"chars": 5, "finish": finish, "refusal": refusal or "refusal" in finish,
                       "filtered": "content_filter" in finish,
                       "tool_calls": max(tools, sum(r == "tool_calls" for r in finish))}


def test_answer_features_of_whole_bodies() -> None:
    oa = ADAPTERS["openai"]
    refused = {"choices": [{"index": 0, "finish_reason": "stop",
                            "message": {"role": "assistant", "content": None, "refusal": "I can't help."}}]}
    assert answer_features(oa, "chat", refused) == {"chars": len("I can't help."), "finish": ["stop"],
                                                     "refusal": True, "filtered": False, "tool_calls": 0}
    filtered = {"choices": [{"index": 0, "finish_reason": "content_filter", "message": {"content": "Par"}},
                            {"index": 1, "finish_reason": "weird_new_reason", "message": {"content": "x"}}]}
    f = answer_features(oa, "chat", filtered)
    assert f is not None and f["finish"] == ["content_filter", "other"] and f["filtered"] and not f["refusal"]
    tools = {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "a", "arguments": "{}"}},
        {"id": "c2", "type": "function", "function": {"name": "b", "arguments": "{}"}}]}}]}
    assert answer_features(oa, "chat", tools)["tool_calls"] == 2  # type: ignore[index]
    an = answer_features(ADAPTERS["anthropic"], "messages", {"content": [{"type": "text", "text": "no"}],
                                                             "stop_reason": "refusal"})
    assert an == {"chars": 2, "finish": ["refusal"], "refusal": True, "filtered": False, "tool_calls": 0}
    resp = answer_features(oa, "responses", {"status": "incomplete", "incomplete_details": {"reason": "content_filter"},
                                             "output": [{"type": "function_call", "arguments": "{}"}]})
    assert resp is not None and resp["filtered"] and resp["tool_calls"] == 1


def test_stream_features_from_raw_events() -> None:
    sf = StreamFeatures()
    sf.scan(b'data: {"choices":[{"index":0,"delta":{"role":"assistant","refusal":null},"finish_reason":null}]}\n\n')
    sf.scan(b'data: {"choices":[{"index":0,"delta":{"refusal":"I cannot"},"finish_reason":null}]}\n\n'
            b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n')
    assert sf.result(None) == {"finish": ["stop"], "refusal": True, "filtered": False, "tool_calls": 0}
    an = StreamFeatures()
    an.scan(b'event: message_start\ndata: {"type":"message_start","message":{"stop_reason":null}}\n\n'
            b'event: content_block_start\ndata: {"type":"content_block_start","index":0,'
            b'"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}\n\n'
            b'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"}}\n\n')
    assert an.result(7) == {"chars": 7, "finish": ["tool_use"], "refusal": False, "filtered": False, "tool_calls": 1}


def _scrape(url: str) -> str:
    async def go() -> str:
        async with aiohttp.ClientSession() as s, s.get(f"{url}/metrics") as r:
            return await r.text()
    return asyncio.run(go())


def _no_text(rec: dict[str, Any], *texts: str) -> None:
    line = json.dumps(rec, ensure_ascii=False)
    for text in texts:
        for word in text.split():
            if len(word) > 5:
                assert word not in line, word


def test_records_and_metrics_after_real_traffic(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory({"decision_log": {"language": True}}, teams={"fr": {}},
                      files={"policies/default.yaml": TOX_POLICY})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["fr"], max_retries=0)
    r1 = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", tools=[TOOL], messages=[{"role": "user", "content": FRENCH}])
    mock.script(refusal="Je ne peux pas répondre à cette question.")
    r2 = client.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                          messages=[{"role": "user", "content": FRENCH}])
    mock.script(refusal="Je ne peux pas répondre à cette question.", chunk_chars=5)
    with client.chat.completions.with_streaming_response.create(
            model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": FRENCH}]) as r3:
        for _ in r3.iter_lines():
            pass
    mock.script(tool_calls=[{"name": "lookup_order", "arguments": {"order": 7}}])
    claude = anthropic.Anthropic(base_url=p.url, api_key=p.keys["fr"], max_retries=0)
    with claude.messages.with_streaming_response.create(
            model="claude-3-5-haiku-latest", max_tokens=50, stream=True,
            messages=[{"role": "user", "content": ENGLISH}]) as r4:
        for _ in r4.iter_lines():
            pass
    ids = [r.headers["x-guardrail-request-id"] for r in (r1, r2, r3, r4)]
    recs = [p.record_for(i) for i in ids]
    assert recs[0]["input"] == {"chars": len(FRENCH), "messages": 1, "tools": 1, "lang": "fr"}
    assert recs[0]["output"]["finish"] == ["stop"] and recs[0]["output"]["refusal"] is False
    assert recs[0]["output"]["chars"] > 0
    assert recs[1]["output"] == {"chars": len("Je ne peux pas répondre à cette question."), "finish": ["stop"],
                                 "refusal": True, "filtered": False, "tool_calls": 0}
    assert recs[2]["output"]["refusal"] is True and recs[2]["output"]["finish"] == ["stop"]
    assert recs[3]["input"]["lang"] == "en"
    assert recs[3]["output"]["finish"] == ["tool_use"] and recs[3]["output"]["tool_calls"] == 1
    for rec in recs:
        _no_text(rec, FRENCH, ENGLISH, "Je ne peux pas répondre à cette question.")
    text = _scrape(p.url)
    assert 'guardrail_refusals_total{kind="refusal",model="gpt-4o-mini"} 2.0' in text
    assert 'guardrail_finish_reasons_total{model="claude-3-5-haiku-latest",reason="tool_use"} 1.0' in text
    assert 'guardrail_prompt_languages_total{lang="fr",team="fr"} 3.0' in text
    assert 'guardrail_input_tokens_count{model="gpt-4o-mini"} 3.0' in text
    assert 'guardrail_output_tokens_bucket{le="+Inf",model="claude-3-5-haiku-latest"} 1.0' in text
    assert 'guardrail_tool_calls_total{model="claude-3-5-haiku-latest"} 1.0' in text


def test_model_label_values_are_bounded() -> None:
    from proxy.exchange import Exchange
    from proxy.metrics import MAX_MODELS, OTHER_MODELS, Metrics

    m = Metrics()
    for i in range(MAX_MODELS + 20):
        ex = Exchange(f"r{i}", "openai", "chat", "/v1/chat/completions")
        ex.model = ex.model_label = f"model-{i}"
        ex.prompt = {"chars": 1, "messages": 1, "tools": 0, "lang": "en"}
        ex.answer = {"finish": ["stop"], "refusal": False, "filtered": False, "tool_calls": 0}
        m.observe(ex)
    models = {labels[0] for labels in m.finish.values}
    assert len(models) == MAX_MODELS + 1 and OTHER_MODELS in models
    assert m.finish.values[(OTHER_MODELS, "stop")] == 20


def test_deferred_language_runs_off_the_caller_and_settles_to_a_code() -> None:
    import concurrent.futures
    import threading

    from proxy import features

    seen: list[str] = []
    real = features.detect_language

    def spy(text: str) -> str:
        seen.append(threading.current_thread().name)
        return real(text)

    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": FRENCH}]}
    features.detect_language = spy  # type: ignore[assignment]
    try:
        f = request_features(ADAPTERS["openai"], "chat", body, defer=True)
        assert f is not None and isinstance(f["lang"], concurrent.futures.Future)
        f["lang"].result(timeout=30)
    finally:
        features.detect_language = real  # type: ignore[assignment]
    features.settle_language(f)
    assert f["lang"] == "fr"
    assert seen and all(name.startswith("language") for name in seen)
    failed: concurrent.futures.Future[str] = concurrent.futures.Future()
    failed.set_exception(RuntimeError("x"))
    g = {"chars": 1, "lang": failed}
    features.settle_language(g)
    assert g["lang"] == "und"
