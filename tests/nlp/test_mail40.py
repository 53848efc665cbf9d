"""mail40 (atk40 F01, F05): e-mail addresses written with spaces around the `@` and dots, or spelled out (`at`,
`dot`), on a country's top-level domain (`.in .mx .ng .sg .pt .no .gr .tr .ae`...) or a generic one (`.health`) are
redacted in a request's text and in an answer, whole and streamed; a text spelled in variation selectors after an
emoji ("emoji smuggling") is read, and the selectors spelling a value are redacted. Matrix products, method calls,
file names, prices, shell prompts and prose go as sent; an emoji's one VS16 stays. Values held out: not the
report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


def smuggled(value: str, base: str = "\U0001F600") -> str:
    """`value`'s UTF-8 bytes as variation selectors after `base` (VS1-VS16 for 0-15, VS17-VS256 for 16-255)."""
    return base + "".join(chr(0xFE00 + b) if b < 16 else chr(0xE0100 + b - 16) for b in value.encode())


def unsmuggled(text: str) -> str:
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if 0xFE00 <= o <= 0xFE0F:
            out.append(o - 0xFE00)
        elif 0xE0100 <= o <= 0xE01EF:
            out.append(o - 0xE0100 + 16)
    return out.decode("utf-8", "replace")


CASES = [
    ("Please cc rohan.mehta @ tatahealth.in on the thread.", ["rohan.mehta"]),
    ("Contatto: francesca.bellini @ avvocati-roma.it", ["francesca.bellini"]),
    ("Send the PO to lucia.hernandez @ cementos-norte.com.mx by Friday.", ["lucia.hernandez"]),
    ("My email: tunde . bakare @ ikejaclinic . ng", ["bakare"]),
    ("Escalations go to kavya.nair @ finserve.sg and joao.silva @ lisboa-tech.pt", ["kavya.nair", "joao.silva"]),
    ("Kontakt: ingrid.haugen @ fjordmedia.no", ["ingrid.haugen"]),
    ("Reply to nikos.papadakis @ athens-law.gr or emre.yilmaz @ istanbulbank.com.tr",
     ["nikos.papadakis", "emre.yilmaz"]),
    ("Billing: fatima.alhashimi @ gulfclinic.ae", ["fatima.alhashimi"]),
    ("Write to dr.osei @ kumasi.health for records", ["dr.osei"]),
    ("Write to meera.pillai at keralatextiles dot in today", ["meera.pillai"]),
    ("Escribe a ricardo.mendoza at grupoleon dot mx", ["ricardo.mendoza"]),
    ("reach adaeze.nwosu at abujacare dot ng or sven.olsen at bergen-shipping dot no", ["adaeze.nwosu", "sven.olsen"]),
    ("Email tomas.novak at pragueworks.cz for access.", ["tomas.novak"]),
    ("Ticket from " + smuggled("priya.krishnan@chennai-labs.com") + " see above", ["priya.krishnan@chennai-labs"]),
]


@pytest.mark.parametrize("text, secrets", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert "EMAIL_ADDRESS" in sent


@pytest.mark.parametrize("text", [
    "Customer id " + smuggled("617-492-3817") + " attached.", "ref " + smuggled("x 503-555-0112", "\u2764") + " ok",
    "Call " + "".join(chr(0xE0000 + ord(c)) for c in "617-492-3817") + " today",  # (tag characters too)
])
async def test_smuggled_phones(guard: Guard, text: str) -> None:
    sent = await _sent(guard, text)
    assert "PHONE_NUMBER" in sent, sent
    assert "492" not in unsmuggled(sent) + "".join(chr(ord(c) - 0xE0000) for c in sent if ord(c) >= 0xE0000)


async def test_smuggled_phone_and_mail(guard: Guard) -> None:
    text = "Customer " + smuggled("olu.adeyemi@lagosfin.ng 212-555-0184") + " attached."
    sent = await _sent(guard, text)
    assert "EMAIL_ADDRESS" in sent and "PHONE_NUMBER" in sent, sent
    left = unsmuggled(sent)
    assert "olu.adeyemi" not in left and "0184" not in left


@pytest.mark.parametrize("k", range(0, len(CASES) - 1, 2))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert [s for s in secrets if s in got] == [], got
        assert "EMAIL_ADDRESS" in got


@pytest.mark.parametrize("text, secret", [
    ("Email: ifeoma . eze @ enugu-hospital . ng", "eze @ enugu"),
    ("Write to piotr.nowak@krakow-med . pl today.", "nowak"),
])
async def test_spaced_dots_streamed(guard: Guard, text: str, secret: str) -> None:
    for size in (3, 5):
        got = await _streamed(guard, text, size)
        assert secret not in got and "EMAIL_ADDRESS" in got, got


LOOK_ALIKES = [
    "meet @ 10 in the lobby", "price @ 5.00 each", "lunch @ noon. Then standup @ 2.",
    "y = x @ w.to(device)", "out = q @ k.transpose(-2, -1)", "z = a @ b.T + c", "h = x @ self.W.to(x.dtype)",
    "acc = x @ y.at[0].set(1)", "user @ host:~$ ls", "root @ buildbox # make",
    "run main @ setup.py to install", "build @ scripts.sh failed", "see notes @ README.md", "libfoo @ lib.so",
    "I was at home dot com era stuff", "look at the file dot py", "Compile file . py then run it",
    "The dot is at the centre. Point A is at x dot y.", "We stay at hotel dot in Goa? No.",
    "He worked at Acme dot com in 1999.", "release @ v2.1.0 is out", "deps: numpy @ 1.26",
    "Version pinned: requests @ 2.31.0", "Arrived at 5 pm. Dot the i's.",
    "I ❤️ this", "👍🏽 done", "葛\U000E0100城市", "✌️ ok ☺️ fine", "#️⃣ hashtag", "text\ufe0e variant",
    "A @ B . T", "out = q @ k.mT", "buy at market dot no limit orders", "sell at open dot to close",
    "cost @ 3.50/kg", "grep foo @ bar.c", "a @ b.in_features", "x @ w.no_grad",
]


@pytest.mark.parametrize("text", ["The user is mara.lin@example.org. Be brief.",
                                  "write jane.roe@acme.com. in the morning", "Mail ana.k@studio.it. It works.",
                                  "send to jo.pike@x.co.uk. no reply needed"])
async def test_a_full_stop_after_an_address_ends_it(guard: Guard, text: str) -> None:
    # (a full stop glued to the address, then a word that is a country code: the next sentence, not a spaced label)
    rest = text[text.index(". ", text.index("@")):]
    for out in (await _sent(guard, text), await _answered(guard, text)):
        assert "@" not in out and out.endswith("_1>" + rest), out


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_tld_ok() -> None:
    from proxy.nlp.mail40 import MAIL_TLDS, tld_ok
    assert tld_ok("jane", "acme.com", "jane @ acme.com)", 15) and not tld_ok("jane", "acme.com", "jane @ acme.com(", 15)
    assert not tld_ok("x", "w.to", "x @ w.to(d)", 8)
    assert tld_ok("x.y", "w.to", "x.y @ w.to", 10)
    assert not tld_ok("main", "setup.py", "main @ setup.py", 15)
    assert not tld_ok("q", "k.mT", "q @ k.mT", 8) and not tld_ok("a", "b.in", "a @ b.in", 8)
    assert not tld_ok("buy", "market dot no", "buy at market dot no", 20, spelled=True)
    assert tld_ok("ola dot hansen", "fjord dot no", "ola dot hansen at fjord dot no", 30, spelled=True)
    assert tld_ok("jane.doe", "acme.py", "jane.doe @ acme.py", 18)
    assert tld_ok("jdoe", "acme.com.py", "jdoe @ acme.com.py", 18)
    import re
    assert re.fullmatch(f"(?:{MAIL_TLDS})", "ng") and re.fullmatch(f"(?:{MAIL_TLDS})", "health")
    assert not re.fullmatch(f"(?:{MAIL_TLDS})", "zz")


def test_vs_runs() -> None:
    from proxy.nlp.mail40 import vs_runs
    text = "id " + smuggled("ab\u00e9") + " x"
    assert [ch for _, _, ch in vs_runs(text)] == ["a", "b", "\u00e9"]
    assert list(vs_runs("I ❤️ it \ufe0f\ufe0f\ufe0f")) == []  # fewer than four
    assert list(vs_runs("plain")) == []
