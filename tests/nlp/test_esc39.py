"""esc39 (atk38 F02, F03, F17, F18): escapes that hid a value from the analysis: LaTeX ties (`~`) and `\\,` between a
name's parts and a phone number's groups, RTF `\\uN?` escapes inside names, HTML numeric character references
spelling names in other scripts (decimal and hex), and percent-encoded names (UTF-8 Japanese/Chinese, Shift_JIS, GBK,
EUC-KR, windows-1251) are redacted in a request's text, and tied phone numbers in an answer, whole and streamed.
Names, values and layouts are held out (not the report's); the look-alikes (LaTeX references and math, RTF control
words, entity-encoded punctuation, URLs with `%20`/`%2F` and random bytes, ordinary CJK text) go as sent."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.esc39 import char_refs, latex_ties, percent_letters, tie_open
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _refs(name: str, form: str = "&#%d;") -> str:
    return "".join(form % ord(ch) if ch != " " else " " for ch in name)


def _pct(name: str, charset: str) -> str:
    return quote(name.encode(charset))


NAMED = [  # (text, what must not go)
    # LaTeX ties between a title, given name and surname, and inside phone numbers; LaTeX's thin space
    (r"\author{Prof.~Cornelius~Hargreaves \\ Tel.: (415)~738~2291}", ["Hargreaves", "738~2291"]),
    (r"\cvitem{Mobile}{+49~1523~7781904} \cvitem{Mail}{see above}", ["1523~7781904"]),
    (r"\address{Mob.~+61~412~883~190}", ["412~883~190"]),
    (r"\signature{Theodora~Blackwood} \closing{Yours sincerely,}", ["Blackwood"]),
    (r"\item Phone: 617\,829\,4413 (office)", ["829\\,4413"]),
    # RTF \uN? escapes (a fallback `?`, none after \uc0, negative above 32767)
    (r"{\rtf1\ansi\deff0 Kunde: S\u248?ren J\u248?rgensen\par Vertrag 8812\par}", ["S\\u248?ren", "J\\u248?rgensen"]),
    (r"{\rtf1\ansi Client: Fran\u231?oise Lef\u232?bvre\par}", ["Fran\\u231?oise", "Lef\\u232?bvre"]),
    ("{\\rtf1\\ansi\\uc0 Patient: " + "".join(f"\\u{ord(c)}" if c != " " else " " for c in "Ольга Смирнова")
     + "\\par}", ["\\u1054"]),
    ("{\\rtf1\\ansi Patient: " + "".join(f"\\u{ord(c) - 65536}?" for c in "박서준") + "\\par}", ["\\u-17387?"]),
    # HTML numeric references, decimal and hex, non-Latin names
    (f"<p>Patient: {_refs('Ольга Смирнова')}</p><p>Room 12</p>", [_refs("Ольга Смирнова")]),
    (f"<td>Customer: {_refs('Γιώργος Νικολάου', '&#x%x;')}</td>", [_refs("Γιώργος", "&#x%x;")]),
    (f"<p>Customer: {_refs('高橋美咲')}</p><p>Order 9120 shipped.</p>", [_refs("高橋美咲")]),
    (f"<p>Customer: {_refs('李娜', '&#x%x;')}</p>", [_refs("李娜", "&#x%x;")]),
    (f"<p>Customer: {_refs('박서준')}</p>", [_refs("박서준")]),
    # percent-encoded names: UTF-8 Japanese/Chinese, legacy charsets
    (f'GET /crm/find?customer={_pct("高橋美咲", "utf-8")}&page=2 HTTP/1.1', [_pct("高橋美咲", "utf-8")]),
    (f"https://shop.example.cn/order?name={_pct('李娜', 'utf-8')}&id=5512", [_pct("李娜", "utf-8")]),
    (f'"GET /search?customer={_pct("高橋美咲", "shift_jis")}&ref=31 HTTP/1.0" 200', [_pct("高橋美咲", "shift_jis")]),
    (f"/member?user={_pct('张伟', 'gbk')}&from=mail", [_pct("张伟", "gbk")]),
    (f"/view?name={_pct('박서준', 'euc-kr')}&x=1", [_pct("박서준", "euc-kr")]),
    (f"/form?name={_pct('Ольга Смирнова', 'cp1251')}&city=1", [_pct("Ольга", "cp1251")]),
]


@pytest.mark.parametrize("text, secrets", NAMED)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert sent != text


ANSWERS = [  # (an answer, the phone's groups that must not reach the client)
    (r"\cvitem{Mobile}{+49~1523~7781904}{}", "1523~7781904"),
    (r"Reach me at \textbf{Tel.}~+44~7700~913482 any time. Done.", "7700~913482"),
]


@pytest.mark.parametrize("text, secret", ANSWERS)
async def test_answers_whole_and_streamed(guard: Guard, text: str, secret: str) -> None:
    out = policy(output=P_OUT)
    whole = (await guard.output(out, [text])).texts[0]
    for got in (whole, await streamed_out(guard, out, text, 3), await streamed_out(guard, out, text, 5)):
        assert got is not None and secret not in got and "PHONE_NUMBER" in got, got


LOOK_ALIKES = [
    r"As shown in Fig.~3 and Section~2.1, Table~4 lists the bounds for $a~b$ with Eq.~(4).",
    r"\begin{figure}\caption{Results}\label{fig:r}\end{figure} See Fig.~\ref{fig:r} and Theorem~2 for n~100.",
    r"\section{Method} We use Algorithm~1 on Dataset~B with Lemma~3 and Corollary~4.2.",
    "{\\rtf1\\ansi\\deff0 \\b Total:\\b0  4471 units \\ul shipped\\ulnone\\par}",
    "{\\rtf1\\ansi \\uc1 Price: 40\\u8364? net\\par}",
    "<p>Price &#8364;40 &#8211; tax &#38; fees &#169; 2026 Northwind &#8212; all rights reserved</p>",
    "<p>&#x2192; next step &#x2714; done &#60;b&#62;</p>",
    "GET /api/v1/files/report%20final%2Fq3.pdf?sort=asc%2Cname HTTP/1.1",
    "curl 'https://example.com/search?q=%E6%9D%B1%E4%BA%AC%E3%82%BF%E3%83%AF%E3%83%BC&lang=ja'",
    "token=%A7%1F%E2%9C%00%3B%FF%10&sig=%8F%02%D4%7E%B1",
    "<p>会議は東京で行われます。資料は明日送ります。</p>",
    "C:\\PROGRA~1\\MICROS~1\\Office and ~/projects with version ~1.2.3, ~~struck~~ text",
    "Ranges: 10~20 and 30~40 items per box.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


def test_readers() -> None:
    view = normalize(r"\author{Dr.~Ann~Lee} (503)~472~9180 +44~7911~482913").text
    assert "Dr. Ann Lee" in view and "(503) 472 9180" in view and "+44 7911 482913" in view
    assert list(latex_ties("Fig.~3 and 10~20~30")) == []  # no LaTeX command, no phone's groups
    assert [e[2] for e in latex_ties("call +44~7911~482913")] == [" ", " "]
    assert "".join(c for _, _, c in percent_letters(_pct("佐藤花子", "shift_jis"))) == "佐藤花子"
    assert "".join(c for _, _, c in percent_letters(_pct("Иван Петров", "cp1251"))) == "Иван Петров"
    assert percent_letters("%A7%1F%E2%9C%00%3B") == [] and percent_letters("a%2Fb%20c") == []
    assert percent_letters(_pct("渡辺裕子", "utf-8"), legacy_only=True) == []
    assert [c for _, _, c in char_refs("&#1044;&#x414;&#38;x")] == ["Д", "Д", "&"]
    assert tie_open("+44~7911", 8) is False and tie_open("+44~7911~", 9) and tie_open("+44~7911~48", 8)
    assert tie_open("617\\", 4) and tie_open("617\\,", 5) and not tie_open("Hello there", 5)
