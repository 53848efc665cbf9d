"""enc40 (issue 12): encoded text that hid a value from the analysis. LaTeX markup (a person's commands, text styles,
BibTeX accents; `\\name`, `\\textbf` no C escapes), RTF surrogate pairs and `\\'hh` letters copied out of an RTF
document, quoted-printable in Shift_JIS or ISO-8859-1 that no header declares, and hex-encoded text (one run or
spelled bytes) are redacted in a request's text; placeholders an answer wrote HTML-escaped twice are restored
escaped twice, whole and streamed. Values held out of the measuring sets; look-alikes (LaTeX papers and tables
without names, RTF without names, hashes, UUIDs, commit ids, hex keys, hex dumps, colour codes) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.vault import Vault, placeholder_prefix_at
from proxy.nlp.enc40 import decoded_text, hex_text, latex_text, legacy_qp
from proxy.nlp.fold31 import escapes31
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _hex(text: str) -> str:
    return text.encode().hex()


def _spelled(text: str, prefix: str = "0x", sep: str = " ") -> str:
    return sep.join(f"{prefix}{b:02x}" for b in text.encode())


def _rtf_units(text: str) -> str:
    """`text` as RTF writes it: each character that is no ASCII as `\\uN?` UTF-16 units (signed, astral ones two)."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        raw = ch.encode("utf-16-le")
        for k in range(0, len(raw), 2):
            n = int.from_bytes(raw[k:k + 2], "little")
            out.append(f"\\u{n - 65536 if n > 32767 else n}?")
    return "".join(out)


def _qp(raw: bytes) -> str:
    import quopri

    return quopri.encodestring(raw).decode("ascii")


NAMED = [  # (text, what must not go)
    # LaTeX: a person's commands, moderncv's two arguments, text styles, accents (LaTeX and BibTeX)
    ("\\documentclass{article}\\title{Notes}\\author{Caoimhe Thornbury}\\begin{document}\\maketitle",
     ["Caoimhe", "Thornbury"]),
    ("\\name{Caoimhe}{Thornbury}\n\\title{Curriculum Vitae}\n\\phone[mobile]{+353~87~412~9931}",
     ["Caoimhe", "Thornbury", "412~9931"]),
    ("\\firstname{Fergal} \\familyname{Dunleavy}", ["Fergal", "Dunleavy"]),
    ("\\signature{Fergal Dunleavy}\n\\begin{letter}{Acme Ltd}", ["Dunleavy"]),
    ("\\textbf{Fergal Dunleavy} (PI), \\textit{Trinity College}", ["Dunleavy"]),
    ("@article{k24,\n  author = {Dvo{\\v{r}}{\\'a}k, Anton{\\'\\i}n and M{\\\"u}ller, J{\\\"o}rg},\n  title = {X}\n}",
     ["Dvo{\\v{r}}", "M{\\\"u}ller", "J{\\\"o}rg"]),
    ("\\author{Bj\\\"orn Sigur\\dh sson and Fran\\c{c}oise Lef\\`evre}", ["Bj\\\"orn", "Sigur", "Lef\\`evre"]),
    # RTF: astral characters as surrogate pairs (math-bold letters), `\'hh` letters out of an RTF document
    ("{\\rtf1\\ansi Customer: " + _rtf_units("𝐅𝐞𝐫𝐠𝐚𝐥 𝐃𝐮𝐧𝐥𝐞𝐚𝐯𝐲") + "\\par}", ["\\u-10187?"]),
    ("{\\rtf1\\ansi Mail: " + _rtf_units("𝚏𝚎𝚛𝚐𝚊𝚕.𝚍@𝚎𝚒𝚛𝚌𝚘𝚖.𝚗𝚎𝚝") + "\\par}", ["\\u-10187?"]),
    ("Copied from the letter: Ren\\'e9e Lef\\'e8vre, Dossier 8812", ["Ren\\'e9e", "Lef\\'e8vre"]),
    # quoted-printable no header declares: ISO-8859-1, Shift_JIS
    (_qp("Kundin: Jürgen Müller, Vertrag 4471".encode("latin-1")), ["J=FCrgen", "M=FCller"]),
    (_qp("ご担当 高橋美咲様 携帯 080-3391-2275 よろしくお願いします。".encode("shift_jis")),
     [_qp("高橋".encode("shift_jis")), "3391-2275"]),
    # hex-encoded text: one run, spelled bytes, a C array, xxd groups
    ("payload=" + _hex("fergal.dunleavy@eircom.net"), [_hex("fergal")]),
    ("bytes: " + _spelled("fergal.dunleavy@eircom.net"), [_spelled("fergal")]),
    ("static const char s[] = {" + _spelled("Contact: Caoimhe Thornbury +353 87 412 9931", sep=", ") + "};",
     [_spelled("Thornbury", sep=", "), _spelled("412 9931", sep=", ")]),
    ("0x" + _hex("Customer Caoimhe Thornbury, phone 087 412 9931"), [_hex("Thornbury"), _hex("412 9931")]),
]


@pytest.mark.parametrize("text, secrets", NAMED)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert sent != text


LOOK_ALIKES = [
    "\\documentclass{article}\\usepackage{amsmath}\\begin{document}\\section{Introduction} We study "
    "\\textbf{gradient descent} on \\emph{convex} functions \\cite{boyd04}.\\newline \\noindent Theorem~1 holds for "
    "$n \\to \\infty$ with \\textit{step size} $\\eta$.\\end{document}",
    "\\begin{tabular}{lrr}\\toprule \\textbf{Method} & \\textit{Acc.} & F1 \\\\ \\midrule Baseline & 71.2 & 0.64 "
    "\\\\ \\bottomrule\\end{tabular}",
    "@misc{tool24, title = {The {\\\"U}ber Parser: Fast {\\'E}tudes}, year = {2024}, note = {v1.2}}",
    "\\renewcommand{\\vec}[1]{\\mathbf{#1}} \\newcommand{\\R}{\\mathbb{R}} \\vspace{2mm} \\textwidth",
    "{\\rtf1\\ansi\\deff0 \\f0\\fs24 Total: 4471 units\\par \\u8364? 40 net\\par "
    + _rtf_units("🚀 launch") + "\\par}",
    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 (HEAD -> main), md5 d41d8cd98f00b204e9800998ecf8427e",
    "id 123e4567-e89b-12d3-a456-426614174000, key 4f2a9c81d3e7b6a0f5c4e3d2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8",
    "00000000: 7f45 4c46 0201 0100 0000 0000 0000 0000  .ELF............\n"
    "00000010: 0300 3e00 0100 0000 6010 0000 0000 0000  ..>.....`.......",
    "magic: 0xde 0xad 0xbe 0xef 0xca 0xfe 0xba 0xbe 0x00 0x01 0x02 0x03 0x89 0x50 0x4e 0x47 0x0d 0x0a",
    "fingerprint MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
    "greeting = " + _hex("Hello world, this is only a test of the encoder."),
    "body { color: #C0C0C0; } bg=C0C0C0; fg=FFFFFF; mask=FF",
    "msg = 'l\\'ecole est ferm\\u00e9e aujourd\\'hui'",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


def test_readers() -> None:
    assert normalize("\\name{Ann}{Lee} \\textbf{Bo Chen}").text.startswith("Name: Ann Lee\n Bo Chen")
    assert "Dvořák, Antonín" in normalize("@book{x, author = {Dvo\\v{r}\\'ak, Anton{\\'\\i}n}}").text
    assert "\n" not in normalize("\\noindent Dear Ann, \\newline thanks \\textit{x}").text
    assert list(latex_text("C:\\new\\table and printf('a\\tb\\n')")) == []  # no LaTeX: C escapes as before
    view = normalize("{\\rtf1 " + _rtf_units("𝐀𝐧𝐧 😀") + "}").text
    assert "Ann" in view and "😀" in view
    assert [e[2] for e in escapes31("Ren\\'e9e l\\'ac")] == ["é"]
    assert "".join(e[2] for e in hex_text(_hex("ann.lee@example.com"))) == "ann.lee@example.com"
    assert list(hex_text("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")) == []
    assert list(hex_text(_hex("0123456789012345678"))) == []  # digits only: no text
    assert "".join(e[2] for e in legacy_qp("J=FCrgen M=FCller")) == "üü" and legacy_qp("bg=C0C0C0 fg=FFFFFF") == []
    assert decoded_text("no escapes here") is None


def _vault() -> Vault:
    v = Vault()
    assert v.placeholder("PERSON", "Ciarán O'Neill & Sons") == "<PERSON_1>"
    assert v.placeholder("EMAIL_ADDRESS", "c.oneill@example.ie") == "<EMAIL_ADDRESS_1>"
    return v


def test_double_escaped_placeholders_restored_twice_escaped() -> None:
    v = _vault()
    src = "<pre>&amp;lt;p&amp;gt;Dear &amp;lt;PERSON_1&amp;gt;, mail &amp;lt;EMAIL_ADDRESS_1&amp;gt;</pre>"
    assert v.restore(src) == "<pre>&amp;lt;p&amp;gt;Dear Ciarán O'Neill &amp;amp; Sons, mail c.oneill@example.ie</pre>"
    assert v.restore("&amp;LT;EMAIL_ADDRESS_1&amp;GT; and &amp;#60;EMAIL_ADDRESS_1&amp;#62;") == \
        "c.oneill@example.ie and c.oneill@example.ie"
    for text in ("&amp;lt;PERSON_7&amp;gt;", "&amp;lt;div&amp;gt;", "&amp;lt;PERSON_1&gt;", "a &amp;amp; b"):
        assert v.restore(text) == text
    for tail in ("&amp;l", "&amp;lt;", "&amp;lt;PERS", "&amp;lt;PERSON_1&amp;", "&amp;lt;PERSON_1&amp;gt"):
        assert placeholder_prefix_at("Dear " + tail, v) == 5, tail
    for text in ("Dear &amp;", "Dear &amp;lt;div", "Dear &amp;lt;PERSON_1&amp;gt;"):
        assert placeholder_prefix_at(text, v) == len(text), text

