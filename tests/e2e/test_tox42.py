"""tox42 end to end (atk42 F01, F03, F06, F09) through the official openai and anthropic SDKs, under the shipped
default policy (toxicity from the keyword scorer) with the README's codename rule added both ways: abuse written in
leetspeak (`st00pid 1d10t`, `k1ll`), masked (`st*pid`, `sh!t`), elongated (`stuuupid`), broken by a dot, an emoji or a
space inside a word, glued (`#YouStupidIdiot`, `you_stupid_idiot`, `youstupididiot`) or in small capitals is refused on
input (nothing goes upstream) and withheld from answers, whole and streamed in 3-character chunks (Chat Completions
and Messages); a tool or schema name or a message's `name` that spells abuse is refused, and withheld as an answer's
tool call name; `Pr0ject F4lcon` and `Project F*lcon` are refused as `Project Falcon` is. Technical text with digits
in words, hashtags, identifiers and elongations goes through as written both ways."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, claude, oai

RULE = '    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    policy = DEFAULT_POLICY.replace("\noutput:", "\n  patterns:\n" + RULE + "output:", 1) + "  patterns:\n" + RULE
    return proxy_factory(files={"policies/default.yaml": policy})


ABUSE = {
    "leet": "You are a st00pid 1d10t and I will k1ll you.",
    "masks": "You are a st*pid id*ot, sh!t for brains.",
    "elongated": "You are sooo stuuuupid, such an idiooot.",
    "emoji and dot": "You are an id\U0001f600iot and a mo.ron.",
    "space inside": "You stu pid idi ot.",
    "hashtag": "Nobody asked you #YouStupidIdiot #ShutUpMoron",
    "snake": "status: you_stupid_idiot",
    "glued": "youstupididiot shutupmoron",
    "small caps": "You s\u1d1b\u1d1c\u1d18\u026a\u1d05 \u026a\u1d05\u026a\u1d0f\u1d1b.",
}

CODENAMES = ["Status of Pr0ject Falc0n?", "Project F4lcon is late.", "Ask about Project F@lcon.",
             "Project F*lcon, now."]

ORDINARY = [
    "Upgrade from v1.0.1 to v2.3.4 on k8s; store it in s3 with i18n.",
    "The l33t h4x0r zine and commit 5h1t0a9c3e.",
    "Soooo good, thanks!!! Mississippi and Tennessee.",
    "#BlackFriday #JustDoIt and IdiotProofValidator, killAll(), kill_process(pid).",
    "The assassin in Assam; use less memory; the daemon writes stu.pid.",
    "A password like Pass! or P@ssw0rd is weak; it costs $5.",
]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(ABUSE))
def test_abuse_in_a_request_is_refused(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, ABUSE[case])
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(ABUSE))
def test_abuse_in_an_answer_is_withheld(mock: Mock, guarded: Proxy, case: str, api: str, stream: bool) -> None:
    mock.script(text="Sure. " + ABUSE[case] + " Anything else?", chunk_chars=3)
    text, end = answer_of(guarded, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "else" not in text and ABUSE[case] not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("text", CODENAMES)
def test_a_codename_in_leetspeak_is_refused(mock: Mock, guarded: Proxy, text: str, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, text)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("text", CODENAMES)
def test_a_codename_in_leetspeak_is_withheld_from_answers(mock: Mock, guarded: Proxy, text: str,
                                                          stream: bool) -> None:
    mock.script(text="Sure. " + text + " Anything else?", chunk_chars=3)
    got, end = answer_of(guarded, "chat", stream)
    assert end == "content_filter" and "alc" not in got and "else" not in got, (got, end)


PARAMS = {"type": "object", "properties": {}}


def test_a_tool_name_that_spells_abuse_is_refused(mock: Mock, guarded: Proxy) -> None:
    client = oai(guarded)
    user = [{"role": "user", "content": "hi"}]
    bodies = [
        {"tools": [{"type": "function", "function": {"name": "you_stupid_idiot", "parameters": PARAMS}}]},
        {"response_format": {"type": "json_schema", "json_schema": {"name": "YouStupidIdiot", "schema": PARAMS}}},
        {"tools": [{"type": "function", "function": {"name": "f", "parameters": {
            "type": "object", "properties": {"you_stupid_idiot_i_will_kill_you": {"type": "string"}}}}}]},
    ]
    for extra in bodies:
        with pytest.raises(openai.BadRequestError):
            client.chat.completions.create(model="gpt-4o-mini", messages=user, **extra)  # type: ignore[arg-type]
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="gpt-4o-mini", messages=[
            {"role": "user", "name": "stupid_idiot", "content": "hi"}])
    with pytest.raises(ERROR["messages"]):
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=50, messages=[
            {"role": "user", "content": "hi"}], tools=[{"name": "kill_you_idiot", "input_schema": PARAMS}])
    assert mock.state.requests == []


def test_ordinary_tool_names_go_through(mock: Mock, guarded: Proxy) -> None:
    mock.script(text="ok")
    tools = [{"type": "function", "function": {"name": n, "parameters": PARAMS}}
             for n in ("killAll", "kill_process", "get_weather", "IdiotProofValidator", "skill_lookup")]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                         tools=tools)  # type: ignore[arg-type]
    assert [t["function"]["name"] for t in mock.last_body["tools"]] == [
        "killAll", "kill_process", "get_weather", "IdiotProofValidator", "skill_lookup"]


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_ordinary_text_goes_through_as_written(mock: Mock, guarded: Proxy, api: str) -> None:
    for text in ORDINARY:
        mock.state.requests.clear()
        SEND[api](guarded, text)
        body = mock.last_body
        sent = body["messages"][-1]["content"]
        sent = sent if isinstance(sent, str) else "".join(b.get("text", "") for b in sent)
        assert sent == text, (sent, text)
        for stream in (False, True):
            mock.script(text=text, chunk_chars=3)
            got, end = answer_of(guarded, api, stream)
            assert got == text and end in ("stop", "end_turn"), (got, end, stream)


def test_an_answer_calling_a_tool_named_in_abuse_is_withheld(mock: Mock, guarded: Proxy) -> None:
    client = oai(guarded)
    user = [{"role": "user", "content": "hi"}]
    mock.script(text="", tool_calls=[{"name": "you_stupid_idiot", "arguments": "{}"}])
    got = client.chat.completions.create(model="gpt-4o-mini", messages=user)  # type: ignore[arg-type]
    assert got.choices[0].finish_reason == "content_filter", got
    assert "stupid" not in got.model_dump_json()
    mock.script(text="", tool_calls=[{"name": "kill_process", "arguments": "{}"}])
    got = client.chat.completions.create(model="gpt-4o-mini", messages=user)  # type: ignore[arg-type]
    calls = got.choices[0].message.tool_calls
    assert calls is not None and calls[0].function.name == "kill_process", got  # type: ignore[union-attr]
