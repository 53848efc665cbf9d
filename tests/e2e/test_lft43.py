"""lft43 end to end through the official openai and anthropic SDKs: AAMVA driver-licence barcode data reaches the
provider and the client with its values redacted and its element ids kept (whole and streamed in 3-character
chunks); base64url (`-`, `_`, unpadded) and a short run after a key's `=` holding an e-mail are redacted in requests
and answers; a bare search's name (`?q=Ikaika+Kahananui`) is redacted upstream; a chat tool call's name that spells
abuse delivered in pieces, or glued beside an ordinary word (`StupidIdiotTool`), is withheld from a streamed answer
(and refused as a request's tool name); a codename with one masked consonant (`Project Osp*ey`) is refused and
withheld. Look-alikes (a `DAQ` board in prose, tokens, `StupidSimpleTool`) go as written."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, answers, claude, oai, sse, user_text

RULE = '    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
CARD_ENTITIES = "[PERSON, EMAIL_ADDRESS, PHONE_NUMBER, DATE_TIME, LOCATION, US_DRIVER_LICENSE]"
CARD_POLICY = f"""
name: default
on_error: block
input:
  pii: {{action: redact, entities: {CARD_ENTITIES}, restore: true}}
output:
  pii: {{action: redact, entities: {CARD_ENTITIES}}}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    policy = DEFAULT_POLICY.replace("\noutput:", "\n  patterns:\n" + RULE + "output:", 1) + "  patterns:\n" + RULE
    return proxy_factory(files={"policies/default.yaml": policy})


@pytest.fixture(scope="module")
def cards(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": CARD_POLICY})


# ------------------------------------------------------------------------------------------- AAMVA

AAMVA = ("@\n\x1e\rANSI 636014040002DL00410278ZC03190024DLDAQD1234567\nDCSGONZALEZ\nDACMARIA\nDADELENA\n"
         "DBB01151990\nDBA01152030\nDAG123 MAIN ST\nDAIANYTOWN\nDAJCA\nDAK902230000\n")
VALUES = ["GONZALEZ", "MARIA", "ELENA", "01151990", "D1234567", "123 MAIN ST", "ANYTOWN", "902230000"]
IDS = ["ANSI 636014", "DCS<", "DAC<", "DAD<", "DBB<", "DAQ<", "DAG<", "DAI<", "DAK<", "DBA01152030", "DAJCA"]
LOOK = "The DAQ board logs at 48 kHz; DAQD9911 is its part number.\nDAGBag and DAGRun are Airflow classes."


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_aamva_data_in_a_request(cards: Proxy, mock: Mock, api: str) -> None:
    SEND[api](cards, "Parse this barcode:\n" + AAMVA)
    sent = user_text(mock)
    assert not [v for v in VALUES if v in sent], sent
    assert all(i in sent for i in IDS), sent
    SEND[api](cards, LOOK)
    assert user_text(mock) == LOOK


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_aamva_data_in_an_answer_whole_and_streamed(cards: Proxy, mock: Mock, api: str) -> None:
    for got in answers(cards, mock, "The payload:\n" + AAMVA + "That is the card.", api):
        assert not [v for v in VALUES if v in got], got
        assert all(i in got for i in IDS) and got.endswith("That is the card."), got
    assert answers(cards, mock, LOOK, api) == (LOOK, LOOK)


# ------------------------------------------------------------------------------------------- base64url


def u(s: str) -> str:
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


MAIL, MAIL2 = "astrid.l@kth.se", "noor.haddad@gmx.at"
ENCODED = [u("Is? " + MAIL), u("To? " + MAIL2)]  # (`?` as a group's third byte: a `_`)
TEXT = f"Here it is: {ENCODED[0]} and secret={ENCODED[1]} - anything else?"
KEPT = ("token: Zm9vYmFyYmF6cXV4-x_y2Q9, id get_user_profile_data_for_admins, slug my-very-long-blog-post-title-2024, "
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig_abc-123")


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_base64url_values_both_ways(guarded: Proxy, mock: Mock, api: str) -> None:
    assert all("_" in e or "-" in e for e in ENCODED)
    SEND[api](guarded, TEXT)
    sent = user_text(mock)
    assert not [v for v in ENCODED if v in sent] and "<EMAIL_ADDRESS_" in sent, sent
    for got in answers(guarded, mock, TEXT, api):
        assert not [v for v in (*ENCODED, MAIL, MAIL2) if v in got] and "<EMAIL_ADDRESS_" in got, got
        assert got.endswith("anything else?"), got
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)


# ------------------------------------------------------------------------------------------- a bare search's name


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_bare_search_name_is_redacted(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, "What does ?q=Ikaika+Kahananui return? And https://x/search?q=Keola+Kaleikini too.")
    sent = user_text(mock)
    assert not [p for p in ("Ikaika", "Kahananui", "Keola", "Kaleikini") if p in sent], sent
    assert "?q=<PERSON_1>" in sent, sent
    SEND[api](guarded, "Try ?q=Kafka+Streams and ?q=Harry+Potter+books")
    assert user_text(mock) == "Try ?q=Kafka+Streams and ?q=Harry+Potter+books"


# ------------------------------------------------------------------------------------------- toxicity


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta or {}, "finish_reason": finish}]}


def named_in_pieces(*pieces: str) -> str:
    first, *rest = pieces
    return sse(chunk({"role": "assistant", "content": None}),
               chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                      "function": {"name": first, "arguments": ""}}]}),
               *(chunk({"tool_calls": [{"index": 0, "function": {"name": p}}]}) for p in rest),
               chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}),
               chunk(finish="tool_calls"), "[DONE]")


def _streamed_call(p: Proxy) -> tuple[str, str | None]:
    chunks = list(oai(p).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                 messages=[{"role": "user", "content": "hi"}]))
    names = "".join(tc.function.name or "" for c in chunks if c.choices for tc in c.choices[0].delta.tool_calls or []
                    if tc.function is not None)
    ends = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    return names, ends[-1] if ends else None


@pytest.mark.parametrize("pieces", [("you_stu", "pid_", "idiot"), ("Stupid", "IdiotTool"), ("StupidIdiotTool",)])
def test_a_streamed_tool_call_name_that_spells_abuse_is_withheld(guarded: Proxy, mock: Mock,
                                                                  pieces: tuple[str, ...]) -> None:
    mock.script(raw_sse=named_in_pieces(*pieces))
    names, end = _streamed_call(guarded)
    assert end == "content_filter" and "tupid" not in names and "idiot" not in names.lower(), (names, end)
    mock.script(raw_sse=named_in_pieces("StupidSimple", "Tool"))
    assert _streamed_call(guarded) == ("StupidSimpleTool", "tool_calls")


def test_an_anthropic_streamed_tool_name_that_spells_abuse_is_withheld(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="", tool_calls=[{"name": "you_stupid_idiot", "arguments": "{}"}])
    events = list(claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, stream=True,
                                                  messages=[{"role": "user", "content": "hi"}]))
    # (raw events: the stream helper's accumulator trips over the ending the proxy writes after a withheld block,
    # as it does for a `patterns:` match in a tool name: not this change's)
    ends = [e.delta.stop_reason for e in events if e.type == "message_delta"]
    assert ends == ["refusal"] and "stupid" not in json.dumps([e.model_dump() for e in events]), events


PARAMS = {"type": "object", "properties": {}}


def test_a_glued_tool_name_beside_an_ordinary_word(guarded: Proxy, mock: Mock) -> None:
    client = oai(guarded)
    user = [{"role": "user", "content": "hi"}]
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="gpt-4o-mini", messages=user,  # type: ignore[arg-type]
                                       tools=[{"type": "function", "function": {"name": "StupidIdiotTool",
                                                                                "parameters": PARAMS}}])
    assert mock.state.requests == []
    mock.script(text="", tool_calls=[{"name": "StupidIdiotTool", "arguments": "{}"}])
    got = client.chat.completions.create(model="gpt-4o-mini", messages=user)  # type: ignore[arg-type]
    assert got.choices[0].finish_reason == "content_filter" and "Stupid" not in got.model_dump_json(), got
    mock.script(text="ok")
    client.chat.completions.create(model="gpt-4o-mini", messages=user,  # type: ignore[arg-type]
                                   tools=[{"type": "function", "function": {"name": "StupidSimpleTool",
                                                                            "parameters": PARAMS}}])
    assert mock.last_body["tools"][0]["function"]["name"] == "StupidSimpleTool"


MASKED = ["Status of Project Osp*ey?", "Project Fal*on is late."]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("text", MASKED)
def test_a_codename_with_a_masked_consonant(guarded: Proxy, mock: Mock, text: str, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, text)
    assert mock.state.requests == []
    for stream in (False, True):
        mock.script(text="Sure. " + text + " Anything else?", chunk_chars=3)
        got, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal") and "else" not in got, (got, end)
    SEND[api](guarded, "Project Dra*on and Project Fa**on are fine.")
    assert user_text(mock) == "Project Dra*on and Project Fa**on are fine."
