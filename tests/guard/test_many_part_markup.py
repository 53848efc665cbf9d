"""Issue 12 (atk7 B finding 2): a value cut one character a text, with markup a renderer does not show in each text
(`m<!-- x -->`, `a<!-- x -->`, ..., `<b>m</b>`, `m<b></b>`, `<span class="c">m</span>`), is read as one: the joints
count the characters a renderer shows (`proxy.guard.joined._markup_back`: as far back as the markup takes it, up to
3,600 characters of it; inline tags without attributes do not count either), and so does the window `value_near`
reads at each cut. A blank text joined directly is read where it is: one character a part, `mail jane.doe@...`
keeps `mail` out of the address (each piece of the value its own placeholder, as a value over two texts)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.checks.pii import value_near
from proxy.guard.engine import Guard
from proxy.guard.joined import _markup_back, _markup_forward, joints
from proxy.guard.phases import screen_request
from proxy.providers import openai
from tests.guard.conftest import PII_IN, policy

LINE = "mail jane.doe@example.com now"


def _parts(texts: list[str]) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}


def _messages(texts: list[str]) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": t} for t in texts]}


def _texts(body: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for m in body["messages"]:
        out += [m["content"]] if isinstance(m["content"], str) else [p["text"] for p in m["content"]]
    return out


def test_the_reach_back_counts_only_what_a_renderer_shows() -> None:
    text = "".join(c + "<!-- x -->" for c in "abcdefghijklmnopqrstuvwxyz" * 4)  # 104 letters, 10 hidden after each
    cut = len(text)
    lo = _markup_back(text, cut, cut - 100, 0)
    shown = "".join(text[lo:cut].split("<!-- x -->"))
    assert len(shown) == 100, shown  # (4 rounds of what was hidden before: 32 letters)
    assert text[lo] != "<" or text.startswith("<!--", lo)  # never inside a comment
    bold = "".join(f"<b>{c}</b>" for c in "abcdefghij" * 12)
    lo = _markup_back(bold, len(bold), len(bold) - 100, 0)
    assert len(bold[lo:].replace("<b>", "").replace("</b>", "")) == 100
    ahead = "".join(f"<span class=\"k\">{c}</span>" for c in "abcdefghij" * 12)
    hi = _markup_forward(ahead, 0, 100, len(ahead))
    assert sum(ch.isalpha() for ch in ahead[:hi].replace("<span class=\"k\">", "").replace("</span>", "")) == 100


def test_the_reach_back_stops_after_3600_characters_of_markup() -> None:
    text = "jane.doe@example.com " + "<!--" + "y" * 393 + "-->" * 1 + "".join("<!--" + "y" * 393 + "-->"
                                                                          for _ in range(11)) + "z"
    lo = _markup_back(text, len(text), len(text) - 10, 0)
    # 4,800 characters of comments: 3,600 of them (and the rest of the one the bound falls inside), not all
    assert 21 < len(text) - 10 - 3_600 - 400 <= lo < len(text) - 10
    short = "ab" + "<!--" + "y" * 393 + "-->" + "<!--" + "y" * 393 + "-->" + "z"
    assert _markup_back(short, len(short), len(short) - 3, 0) == 0  # 800: all of them


def test_value_near_reads_64_shown_characters_back_over_markup() -> None:
    texts = [c + "<!-- x -->" for c in LINE]
    before, after = "".join(texts[:24]), texts[24]  # `mail jane.doe@example.co` | `m`
    assert value_near(before, after)
    assert not value_near("".join(c + "<!-- x -->" for c in "see the notes from today"), "n<!-- x -->")


@pytest.mark.parametrize("texts", [[c + "<!-- x -->" for c in LINE], [c + "<!---->" for c in LINE],
                                   ["<!-- x -->" + c for c in LINE], [f"<b>{c}</b>" for c in LINE],
                                   [c + "<b></b>" for c in LINE], [f'<span class="c{i}">{c}</span>'
                                                                   for i, c in enumerate(LINE)]])
def test_a_joint_holds_the_whole_address_cut_one_character_a_text(texts: list[str]) -> None:
    def shown(text: str) -> str:
        for junk in ("<!-- x -->", "<!---->", "<b>", "</b>", "</span>"):
            text = text.replace(junk, "")
        return "".join(part.split(">", 1)[-1] for part in text.split("<span "))

    found = [shown(j.text) for j in joints(texts, 100, value_near)]
    assert any("jane.doe@example.com" in j for j in found), found


@pytest.mark.parametrize("texts", [[c + "<!-- x -->" for c in LINE], [c + "<!---->" for c in LINE],
                                   ["<!-- x -->" + c for c in LINE], [f"<b>{c}</b>" for c in LINE],
                                   [c + "<b></b>" for c in LINE], list(LINE)])
async def test_an_address_cut_one_character_a_text_with_markup_is_redacted(guard: Guard, texts: list[str]) -> None:
    p = policy(input=PII_IN)
    for body in (_parts(list(texts)), _messages(list(texts))):
        verdict = await screen_request(guard, p, openai.request_texts("chat", body))
        assert verdict.decision == "redact", verdict.records
        sent = _texts(body)
        assert all("<EMAIL_ADDRESS_" in t for t in sent[5:25]), sent  # each character of the address
        assert "".join(sent[:5]) == "".join(texts[:5]) and "".join(sent[25:]) == "".join(texts[25:]), sent
        assert "jane" not in json.dumps(body), body


async def test_a_phone_number_cut_one_character_a_part_is_redacted(guard: Guard) -> None:
    body = _parts(list("call 6175550143"))
    verdict = await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = _texts(body)
    assert sent[:5] == list("call ") and all(t.startswith("<PHONE_NUMBER_") for t in sent[5:]), sent


async def test_ordinary_text_one_word_a_text_with_markup_is_left_as_sent(guard: Guard) -> None:
    p = policy(input=PII_IN)
    for texts in ([w + "<!-- x -->" for w in "deploy the build to staging at 5 then ping the team".split()],
                  [f"<b>{c}</b>" for c in "see section 4.2 of the guide"], list("run make test now")):
        body = _parts(list(texts))
        await screen_request(guard, p, openai.request_texts("chat", body))
        assert _texts(body) == texts
