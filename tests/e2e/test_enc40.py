"""enc40 end to end through the official openai and anthropic SDKs, under the shipped default policy (issue 12): a
name in LaTeX person commands and BibTeX accents, an RTF name copied out with `\\'hh` letters, math-bold letters as
RTF surrogate pairs, quoted-printable in ISO-8859-1 or Shift_JIS that no header declares, and hex-encoded text (one run,
spelled bytes) reach the provider redacted; a LaTeX paper, RTF without names, hashes, ids and a hex dump go as sent.
Placeholders the answer wrote HTML-escaped twice (`&amp;lt;PERSON_1&amp;gt;`) come back as the client's values escaped
twice, whole and streamed three characters a chunk. Held-out values."""

from __future__ import annotations

import quopri
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _bold(text: str) -> str:
    """`text` in math-bold letters, as RTF writes them (two signed `\\uN?` units each)."""
    out = []
    for ch in text:
        if not ch.isalpha():
            out.append(ch)
            continue
        code = (0x1D400 if ch.isupper() else 0x1D41A) + ord(ch.lower()) - ord("a")
        raw = chr(code).encode("utf-16-le")
        out += [f"\\u{int.from_bytes(raw[k:k + 2], 'little') - 65536}?" for k in (0, 2)]
    return "".join(out)


REQUESTS = [  # (text, what must not go)
    ("\\documentclass{moderncv}\n\\name{Eithne}{Carrollan}\n\\begin{document}\\makecvtitle", ["Eithne", "Carrollan"]),
    ("@inproceedings{z23, author = {Ko{\\v{s}}{\\'\\i}k, Mat{\\'e}j and N{\\\"a}slund, Bj{\\\"o}rn}}",
     ["Ko{\\v{s}}", "Bj{\\\"o}rn"]),
    ("Pasted from the record: Ana\\'efs Th\\'e9venot, Dossier 5521", ["Ana\\'efs", "Th\\'e9venot"]),
    ("{\\rtf1\\ansi Kunde: " + _bold("Eithne Carrollan") + "\\par}", ["\\u-10187?"]),
    (quopri.encodestring("Kunde: Jörg Wächter, Vertrag 9913".encode("latin-1")).decode(), ["J=F6rg", "W=E4chter"]),
    (quopri.encodestring("山本直樹様 携帯 090-7712-4408 です。".encode("shift_jis")).decode(), ["7712-4408"]),
    ("blob " + b"eithne.carrollan@eircom.net".hex(), ["65697468"]),
    ("bytes: " + " ".join(f"0x{b:02x}" for b in b"eithne.carrollan@eircom.net"), ["0x65 0x69 0x74"]),
]
KEPT = ("\\documentclass{article}\\begin{document}\\section{Method} We use \\textbf{Adam} with \\emph{warm-up}."
        "\\newline\\noindent See Table~2.\\end{document}\n"
        "{\\rtf1\\ansi\\deff0 \\b Total:\\b0  812 units\\par}\n"
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,\n"
        "commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad\n"
        "00000000: 8950 4e47 0d0a 1a0a 0000 000d 4948 4452  .PNG........IHDR\n"
        "Why?")


@pytest.mark.parametrize("text, secrets", REQUESTS)
def test_chat_request(guarded: Proxy, mock: Mock, text: str, secrets: list[str]) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in secrets if s in sent], sent


@pytest.mark.parametrize("k", [0, 6])
def test_anthropic_request(guarded: Proxy, mock: Mock, k: int) -> None:
    text, secrets = REQUESTS[k]
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in secrets if s in sent], sent


def test_kept(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT


PROMPT = "I'm Eithne Carrollan-Byrne, eithne.cb@eircom.net. Show the escaped HTML source of my profile card."
ESCAPED = ("<pre>&amp;lt;p&amp;gt;&amp;lt;PERSON_1&amp;gt; &amp;lt;EMAIL_ADDRESS_1&amp;gt;&amp;lt;/p&amp;gt;</pre>\n"
           "Keep &amp;lt;div&amp;gt; as written.")
RESTORED = ("<pre>&amp;lt;p&amp;gt;Eithne Carrollan-Byrne eithne.cb@eircom.net&amp;lt;/p&amp;gt;</pre>\n"
            "Keep &amp;lt;div&amp;gt; as written.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_double_escaped_placeholders_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ESCAPED, route, PROMPT):
        assert "Carrollan" not in str(mock.last_body["messages"][0]["content"])
        assert got == RESTORED, got
