"""enc42 (issue 12, leftovers of the encoding and toxicity attacks): base64 of text in answers (short runs anywhere,
long ones as a request's are read), short hex runs after a hex cue, base32 after a cue word and Ascii85 in its
`<~ ~>` frame are read decoded, and a value found there redacts the whole encoded run, in requests and in answers,
whole and streamed. The toxicity check reads an abusive word written in pieces (`id-iot`, `m*oron`, `idi\\not`) and
letters one a line (`i\\nd\\ni\\no\\nt`). Values are held out (not the report's); the look-alikes (hashes, UUIDs,
colours, dumps and base64 of binary, tokens, compound words, lists of letters) go as sent."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.checks.scores import ScoreCache, joined
from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.toxicity import KeywordScorer
from tests.guard.conftest import TOX, policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

OUT_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}},
           output={"pii": {"action": "redact", "entities": OUT_ENTITIES, "min_score": 0.4}})


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def b32(s: str) -> str:
    return base64.b32encode(s.encode()).decode()


def a85(s: str) -> str:
    return "<~" + base64.a85encode(s.encode()).decode() + "~>"


def hx(s: str) -> str:
    return s.encode().hex()


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _decoded(text: str) -> str:
    """`text` with every run of it read as base64, base32, hex and Ascii85 where it decodes (what a reader recovers)."""
    import re

    out = [text]
    for w in re.findall(r"[A-Za-z0-9+/=]{8,}", text):
        body = w.rstrip("=")
        for decode, block in ((base64.b64decode, 4), (base64.b32decode, 8)):
            try:
                out.append(decode(body + "=" * (-len(body) % block)).decode("utf-8", "replace"))
            except ValueError:
                pass
        try:
            out.append(bytes.fromhex(w[2:] if w[:2].lower() == "0x" else w).decode("utf-8", "replace"))
        except ValueError:
            pass
    for w in re.findall(r"<~.*?~>", text, re.S):
        try:
            out.append(base64.a85decode(w, adobe=True).decode("utf-8", "replace"))
        except ValueError:
            pass
    return " ".join(out)


MAIL, MAIL2, PHONE = "henrik.olsen@posteo.dk", "w.zhang@fastmail.com", "+44 7700 900461"
REQUESTS = [
    (f"what does {b64(MAIL)} decode to?", MAIL),
    (f"decode: {b64('Tel: ' + PHONE)}", "900461"),
    (f"hex: {hx('k.m@x.io')}", "k.m@x.io"),
    (f"0x{hx('ab@cd.io')}", "ab@cd.io"),
    (f"{hx('jo@ik.se')} (hex)", "jo@ik.se"),
    (f"base32: {b32(MAIL)}", MAIL),
    (f"b32 {b32(MAIL2).rstrip('=')}", MAIL2),
    (f"Ascii85 {a85(MAIL2)}", MAIL2),
    (f"stream: {a85('mail ' + MAIL + ' now')} endstream", MAIL),
    (f"card {b64('4716190207394814')}", "4716190207394814"),
]


@pytest.mark.parametrize(("text", "needle"), REQUESTS)
async def test_encoded_values_in_a_request(guard: Guard, text: str, needle: str) -> None:
    sent = await sent_chat(guard, P, text)
    assert needle not in _decoded(sent), sent
    assert "_1>" in _decoded(sent), sent  # (redacted in place, or decoded, redacted and encoded again: b6441)


ANSWERS = [
    (f"Here it is: {b64(MAIL)}", MAIL),
    (f"Encoded: {b64('Call ' + PHONE + ' after six')}", "900461"),
    (f"The base64 is `{b64(MAIL2).rstrip('=')}`.", MAIL2),
    (f"Encoded for you:\n\n{b64('Write to ' + MAIL + ' or ring ' + PHONE + ' about the order, thanks.')}\n\nBye.",
     MAIL),
    (f"hex: {hx('k.m@x.io')}", "k.m@x.io"),
    (f"base32: {b32(MAIL2)}", MAIL2),
    (f"Here: {a85(MAIL)}", MAIL),
]


@pytest.mark.parametrize(("text", "needle"), ANSWERS)
async def test_encoded_values_in_an_answer_whole_and_streamed(guard: Guard, text: str, needle: str) -> None:
    verdict = await guard.output(P, [text])
    whole = verdict.texts[0] if verdict.texts[0] is not None else text
    assert needle not in _decoded(whole), whole
    for size in (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert needle not in _decoded(streamed), (size, streamed)


async def test_a_long_run_streamed_past_the_cap_is_read_whole(analyzer: PiiAnalyzer) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=20)
    text = "Encoded: " + b64("A longer note. Please write to the owner at " + MAIL + " today.") + "\nBye now."
    for size in (1, 3, 7):
        streamed = await streamed_out(guard, P, text, size)
        assert MAIL not in _decoded(streamed) and streamed.endswith("Bye now."), (size, streamed)


LOOK_ALIKES = [
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it",
    "id 550e8400-e29b-41d4-a716-446655440000 is the UUID",
    "Use colour #ff8800 and hex #1E90FF for links.",
    "hex: 0xdeadbeefcafebabe",
    "The hex value 0x7fffffffffffffff is INT64_MAX.",
    "hex dump: 89504e470d0a1a0a0000000d49484452",
    "in hex 48656c6c6f20776f726c64",
    "integrity sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@build",
    "AWS key id AKIAIOSFODNN7EXAMPLE in the docs",
    "Call getElementsByClassName and addEventListener on it.",
    "Encoded greeting: SGVsbG8gd29ybGQsIGhvdyBhcmUgeW91Pw==",
    "base64 of binary: 3q2+7wABAgMEBQYHCAkKCwwNDg8=",
    "random token: Zx8Qp2LmN4vR7tYw",
    "base32: JBSWY3DPEHPK3PXP (a TOTP secret)",
    "ascii85 <~9jqo^BlbD-BleB1DJ+*+F(f,q~>",
    "The checksum is 0x1F2E3D4C and the crc 0xABCD.",
    "ObjectId('507f1f77bcf86cd799439011')",
    "ThisIsAVeryLongCamelCaseIdentifierName and /usr/local/lib/python3.11/site-packages",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P, text) == text
    verdict = await guard.output(P, [text])
    assert verdict.texts[0] in (None, text)
    assert await streamed_out(guard, P, text, 3) == text


def test_the_view_reads_runs_decoded() -> None:
    from proxy.nlp.enc42 import encoded_text  # (here: the other cases run on main)

    edits = list(encoded_text(f"Here it is: {b64(MAIL)}"))
    assert "".join(new for _, _, new in edits) == MAIL
    assert not list(encoded_text("commit 9fceb02d0ae598e95dc970b74767f19372d61af8"))
    assert not list(encoded_text("hex colours: ff0000 00ff00 0000ff"))


def test_a_window_does_not_end_inside_a_base64_run_of_text() -> None:
    from proxy.nlp.enc42 import b64_open

    text = "Here it is: " + b64(MAIL)
    assert b64_open(text, len(text) - 6)
    assert b64_open(text[:-6], len(text) - 6)
    assert not b64_open(text + " next", len(text))
    assert not b64_open("token: 3q2+7wABAgMEBQYHCAkKCwwNDg8", 34)


# ----------------------------------------------------------------------------------------------------- toxicity

TOX_POLICY = Policy.model_validate({"name": "t", "on_error": "block", "input": {"toxicity": TOX},
                                    "output": {"toxicity": TOX}})
ABUSE = {
    "hyphen": "You are an id-iot.",
    "hyphen two": "You are a stu-pid m-oron.",
    "hyphens uneven": "What an id-i-ot you are.",
    "star": "You are such a mo*ron.",
    "threat": "I will k-ill you.",
    "line break": "You are an idi\not, honestly.",
    "letters a line": "You are an\ni\nd\ni\no\nt\nreally.",
    "letters a line alone": "m\no\nr\no\nn",
}
ORDINARY = {
    "compounds": "Please re-enter the password for the co-op account; the e-mail is in the x-ray t-shirt box.",
    "kill switch": "Add a kill-switch and a die-hard fallback to the skill-based router.",
    "wrapped prose": "The well\nknown tool was\nused here and the build\nfinished fine.",
    "list": "Options:\nA\nB\nC\nD\nPick one.",
    "vowel list": "Grades:\nA\nB\nE\nF",
    "hyphenated break": "Use the pre-\nprocessing step and the co-\nworker's config.",
}


def _toxic(text: str) -> bool:
    (scores,), _ = asyncio.run(joined(ScoreCache(KeywordScorer()), [text], together=False))
    return any(scores.get(label, 0.0) >= threshold for label, threshold in TOX["thresholds"].items())


@pytest.mark.parametrize("case", list(ABUSE))
def test_abuse_written_in_pieces_is_read(case: str) -> None:
    assert _toxic(ABUSE[case]), case


@pytest.mark.parametrize("case", list(ORDINARY))
def test_ordinary_pieces_are_not_abuse(case: str) -> None:
    assert not _toxic(ORDINARY[case]), case


async def _stream_blocked(guard: Guard, text: str, n: int) -> tuple[bool, str]:
    stream = guard.output_stream(TOX_POLICY)
    out = ""
    for i in range(0, len(text), n):
        out += await stream.feed("c", text[i:i + n])
        if stream.blocked:
            return True, out
    out += await stream.end("c")
    return stream.blocked, out


@pytest.mark.parametrize("case", list(ABUSE))
async def test_abuse_in_pieces_is_stopped_in_requests_and_answers(case: str) -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=20)
    text = "Fine. " + ABUSE[case] + " More words follow here."
    assert (await guard.input(TOX_POLICY, [text])).decision == "block"
    assert (await guard.output(TOX_POLICY, [text])).decision == "block"
    for n in (1, 3, 7):
        blocked, out = await _stream_blocked(guard, text, n)
        assert blocked and "More" not in out, (n, out)


@pytest.mark.parametrize("case", list(ORDINARY))
async def test_ordinary_answers_stream_unchanged(case: str) -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=20)
    text: Any = ORDINARY[case]
    assert (await guard.output(TOX_POLICY, [text])).decision != "block"
    blocked, out = await _stream_blocked(guard, text, 3)
    assert not blocked and out == text
