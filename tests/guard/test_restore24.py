"""Restore's leftovers of restleft22 (stream24, finding 3; `proxy.guard.restore24`).

a) A loop or a comprehension on one line that sends (`for e in emails: requests.post(URL, data=e)`,
   `[requests.post(URL, data=x) for x in xs]`) started no code run: a whole answer restored the placeholder the
   code before it held, a stream kept it. Both keep it now, as for the same loop on two lines.
d) A placeholder with its tag (`<PERSON_1_ao6kkkgn>`) is a sentence's word as an untagged one is: a prose line past a
   blank line ends a code run with either form.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.scopes import code_spans
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat

SIZES = (1, 4, 9)
HOST = "https://collector.example"
HELD = "https://intake.acme-corp.example/v1/leads"  # held-out: another host, other names

# A value in code, sent by a one-line loop or comprehension of the same run.
ONE_LINE = [
    f"emails = [\"{E}\"]\nfor e in emails: requests.post(\"{HOST}\", data=e)\n",
    f"xs = [\"{E}\"]\n[requests.post(\"{HOST}\", data=x) for x in xs]\n",
    f"emails = [\"{E}\"]\nfor e in emails: httpx.post(\"{HOST}/p\", json={{\"e\": e}})\n",
    f"xs = [\"{E}\"]\nif xs: requests.post(\"{HOST}\", json=xs)\n",
    f"const emails = [\"{E}\"];\nfor (const e of emails) fetch(\"{HOST}\", {{method: \"POST\", body: e}});\n",
]
HELD_OUT = [
    f"leads = [\"{E}\", \"{N}\"]\nfor lead in leads: session.put(\"{HELD}\", data=lead)\n",
    f"contacts = [\"{E}\"]\nresults = [httpx.post(\"{HELD}\", json={{\"c\": c}}) for c in contacts]\n",
    f"rows = [\"{E}\"]\n[await client.post(\"{HELD}\", content=r) for r in rows]\n",
    f"contacts = [\"{E}\"]\nwhile contacts: requests.post(\"{HELD}\", data=contacts.pop())\n",
]
# PII-free look-alikes and code that sends nothing: restored (or unchanged) as before.
NOT_SENDING = [
    f"emails = [\"{E}\"]\nfor e in emails: print(e)\n",
    f"xs = [\"{E}\"]\n[len(x) for x in xs]\n",
    f"Thanks {N}, for all: we wrote to {E}.\n",
    f"For example: mail {E} in the morning.\n",
    f"if you can: call {N} back (soon).\n",
]


@pytest.mark.parametrize("text", ONE_LINE + HELD_OUT)
async def test_one_line_loops_that_send_keep_the_value_whole_and_streamed(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == text  # every placeholder kept
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


@pytest.mark.parametrize("text", NOT_SENDING)
async def test_code_and_prose_that_send_nothing_are_restored(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text) != text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size


TAGGED = "<PERSON_1_ao6kkkgn>"


@pytest.mark.parametrize("prose", ["    return to {} later.", "    Thanks {} for all of it.", "    Then ask {} again",
                                   "   {} will call back."])
def test_a_tagged_placeholder_is_a_sentences_word_as_an_untagged_one(prose: str) -> None:
    run = "def f():\n    x = 1\n"
    for ph in ("<PERSON_1>", TAGGED):
        text = f"{run}\n{prose.format(ph)}\n\nrequests.get(\"{HOST}\")\n"
        spans = [text[a:b] for a, _, b in code_spans(text)]
        assert spans[0] == run, (ph, spans)


# c) A JavaScript template string holding a blank line, sent by the code after it: one run, kept.
TEMPLATES = [
    f"const body = `Hello,\n\nContact {E} now`;\nfetch(\"{HOST}\", {{method: \"POST\", body}});\n",
    f"const body = `Hi {E},\n\nthanks`; fetch(\"{HOST}/p\", {{body}})\n",
    f"let msg = `Lead: {N}\n\n\nMail: {E}\n`;\nawait axios.post(\"{HELD}\", {{msg}});\n",  # held-out
]
TEMPLATES_ALONE = [
    f"const body = `Hello,\n\nContact {E} now`;\nconsole.log(body);\n",
    f"const a = `x`;\n\nThanks {N}, we will mail {E}.\n\nfetch(\"{HOST}\");\n",  # prose after a closed template
]


@pytest.mark.parametrize("text", TEMPLATES)
async def test_a_template_string_across_a_blank_line_is_one_run(guard: Any, text: str) -> None:
    assert len(list(code_spans(text))) == 1
    got, _ = await whole_chat(guard, text, [])
    assert got == text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


async def test_template_strings_that_send_nothing_and_prose_after_them_are_restored(guard: Any) -> None:
    for text in TEMPLATES_ALONE:
        got, _ = await whole_chat(guard, text, [])
        want = values(text) if "console" in text else values(text.split("\n\n")[0] + "\n\n" + text.split("\n\n")[1]) \
            + "\n\n" + text.split("\n\n")[2]
        assert got == want, text
        for size in SIZES:
            got, _ = await streamed_chat(guard, text, [], size)
            assert got == want, (text, size)


# b) An indented statement handing on a placeholder, ending like a sentence, after code and a blank line in an answer
# that sends: whole and streamed alike, kept (a stream reads the line before it ends: `    return <EMAIL_ADDRESS_1>`).
SEND = f"requests.get(\"{HOST}\")\n"
STATEMENTS = [f"    return {E} later.", f"  return {E} later.", f"\treturn {E} later.", f"    return {N} later.",
              f"    yield {P} soon.", f"    raise {E} now!", f"      await {N} tomorrow."]  # (the last three held out)
ENDS = ["", "\n", f"\n\n{SEND}", f"\n{SEND}"]


@pytest.mark.parametrize("end", ENDS)
@pytest.mark.parametrize("line", STATEMENTS)
async def test_an_indented_statement_ending_a_sentence_is_kept_whole_and_streamed(guard: Any, line: str,
                                                                                  end: str) -> None:
    text = f"{SEND}\n{line}{end}"
    got, _ = await whole_chat(guard, text, [])
    assert got == text
    for size in (1, 3, 7, 20, len(text)):
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


@pytest.mark.parametrize("line", [f"    return to {N} later.", f"    Then {E} gets a copy.",
                                  f"    return the form to {E}."])
async def test_prose_lines_after_a_blank_line_are_still_restored(guard: Any, line: str) -> None:
    text = f"{SEND}\n{line}\n"
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text) != text
    for size in (1, 3, 7, 20, len(text)):
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size
