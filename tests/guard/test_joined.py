"""proxy.guard.joined, and the checks reading a request's texts together: values and phrases split
across texts are found, in each text's own characters; unrelated neighbours do not join into false matches."""

from __future__ import annotations

import pytest

from proxy.guard.checks.pii import value_near
from proxy.guard.engine import Guard
from proxy.guard.joined import Fixed, joints
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, TOX, policy

CARD_BLOCK = {"pii": {**PII_IN["pii"], "per_entity": {"CREDIT_CARD": "block"}}}


def test_a_joint_joins_directly_and_maps_back() -> None:
    texts = ["first text, unrelated. Card 4111 1111", "", "1111 1111 thanks"]
    (joint,) = joints(texts, reach=20)
    assert joint.text.endswith("Card 4111 11111111 1111 thanks")  # nothing put between the texts
    assert joint.indices == [0, 2]  # the blank text is skipped
    start = joint.text.index("4111")
    end = start + len("4111 11111111 1111")
    assert joint.crosses(start, end) and not joint.crosses(0, 4)
    assert joint.project(start, end) == [(0, 28, 37), (2, 0, 9)]
    assert texts[0][28:37] == "4111 1111" and texts[2][0:9] == "1111 1111"


def test_joints_widen_to_whitespace_skip_invisibles_and_reach_back_over_short_texts() -> None:
    zw = "\u200b" * 60
    texts = ["lorem ipsum dolor sit amet word" + zw, "x", "tail and more words"]
    first, second = joints(texts, reach=10)
    # 60 invisible characters do not push the value out of reach; no word is cut at the edges
    assert first.indices == [0, 1] and first.text == " amet word" + zw + "x"
    assert second.indices == [0, 1, 2] and second.text == "amet word" + zw + "xtail and more"  # back over "x"
    assert second.cuts == (9 + 60, 9 + 60 + 1)


def test_a_joint_never_reaches_into_later_texts() -> None:
    history = [f"turn {i}: call 617-555-01{i:02d}" for i in range(5)]
    before = joints(history)
    assert joints([*history, "4111 1111 new"])[:len(before)] == before  # cached across turns


def test_near_decides_which_cuts_are_read() -> None:
    assert joints(["Hello there.", "How are you?"], near=lambda a, b: "@" in a + b) == []
    assert len(joints(["write to jane@", "example.com"], near=lambda a, b: "@" in a + b)) == 1
    assert joints(["only one text", "   "]) == []


@pytest.mark.parametrize(("before", "after", "joined"), [
    ("Card 4111 1111", " 1111 1111 please", True),
    ("Card 4111 11", "11 1111", True),
    ("Card \uff14\uff11\uff11\uff11", "\uff11\uff11\uff11\uff11", True),
    ("Card 4111 1111" + "\u200b" * 70, "1111", True),  # invisible padding does not hide the cut
    ("mail jane.doe@exa", "mple.com today", True),
    ("mail jane.doe", "\u200b[at]\u200bexample.com today", True),
    ("jane.doe [at]", " example.com", True),
    ("call 617-555-", "0143 today", True),
    ("call +1 (", "212) 555-0142", True),
    ("SSN 536-90", "-4399 ok", True),
    ("call 617    555", "    0143", True),  # doubled spaces on both sides: the view folds them in a number
    ("call 617\t\t555", "\t\t0143", True),
    ("row 617", "          0143", False),  # more than 8 in all
    ("IBAN GB82 WEST", " 1234 5698", True),
    ("IBAN D", "E89 3704 0044 0532 0130 00", True),  # the country code cut in two
    ("IBAN DE", "\u200b89 3704 0044 0532 0130 00", True),
    ("Ship it to the EU", " 12 parcels today", False),
    ("Acme\\", "n617-555-0143", True),  # a literal escape cut in two
    ("room 12", "34 people", True),  # read together; nothing is found there (below)
    ("Call +1 212-555-0042.", "Our quarterly review", False),  # a chat turn after a number: no joint
    ("write to jane@example.com.", "Thanks!", False),
    ("Hello there.", "How are you?", False),
    ("see you at", " noon", False),
    ("the total is 42.", "Next question", False),
    ("mail jane.doe@**acme", "**.com", True),  # emphasis around part of a value, cut inside the pair
    ("ring 617-**555", "**-0143", True),
    ("mail jane.doe@~~ac", "me~~.com", True),
    ("**Note**", "**Warning**: the build", False),  # emphasis of whole words
    ("compute x**", "2 + y**2", False),
    ('mail jane.doe@<b class="x">acme', "</b>.com", True),  # a tag with attributes, read without it
    ('<p class="a">Hello there.</p>', '<p class="b">How are you?</p>', False),
])
def test_which_cuts_a_value_can_cross(before: str, after: str, joined: bool) -> None:
    assert bool(joints([before, after], near=value_near)) is joined


@pytest.mark.parametrize(("parts", "entity", "pieces"), [
    (["Card 4111 1111", " 1111 1111 please"], "CREDIT_CARD", ["4111 1111", "1111 1111"]),
    (["Card 4111 11", "11 1111 1111 please"], "CREDIT_CARD", ["4111 11", "11 1111 1111"]),
    (["mail jane.doe@exa", "mple.com today"], "EMAIL_ADDRESS", ["jane.doe@exa", "mple.com"]),
    (["mail jane.doe", "\u200b[at]\u200bexample.com today"], "EMAIL_ADDRESS",
     ["jane.doe", "\u200b[at]\u200bexample.com"]),
    (["call 617-555-", "0143 today"], "PHONE_NUMBER", ["617-555-", "0143"]),
    (["SSN 536-90", "-4399 ok"], "US_SSN", ["536-90", "-4399"]),
    (["call 617    555", "    0143"], "PHONE_NUMBER", ["617    555", "0143"]),
])
async def test_a_value_split_across_texts_is_redacted_in_each_and_restored_as_sent(
        guard: Guard, parts: list[str], entity: str, pieces: list[str]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user", "user"])
    assert verdict.decision == "redact"
    sent = [t if t is not None else parts[i] for i, t in enumerate(verdict.texts)]
    for piece, text in zip(pieces, sent, strict=True):
        assert piece not in text and f"<{entity}_" in text, (piece, text)
    # The model answers with the placeholders: the client gets its own characters back, byte for byte.
    answer = await guard.output(p, ["".join(sent)], verdict.vault)
    assert answer.texts[0] == "".join(parts)


async def test_a_card_split_across_texts_hits_a_card_block_rule(guard: Guard) -> None:
    p = policy(input=CARD_BLOCK)
    assert (await guard.input(p, ["Card 4111 1111 1111", " 1111 please"], None)).decision == "block"
    # Each half alone is no card (the first reads as a phone number at most).
    assert (await guard.input(p, ["Card 4111 1111 1111"], None)).decision != "block"
    assert (await guard.input(p, [" 1111 please"], None)).decision == "allow"


@pytest.mark.parametrize("parts", [
    ["The meeting is in room 12", "34 people will attend."],
    ["Call extension 4411", "Invoice 20240115 is due."],
    ["Q3 revenue was 1200", "300 units shipped."],
    ["Total: 42.", "1 2 3 4 5 6 7 8 9 10 are the steps."],
    ["Thanks, see you at 10", ":30 in building 5."],
])
async def test_unrelated_neighbours_do_not_join_into_values(guard: Guard, parts: list[str]) -> None:
    p = policy(input=PII_IN)
    for part in parts:  # each alone is clean
        assert (await guard.input(p, [part], None)).decision == "allow", part
    verdict = await guard.input(p, parts, None)
    assert verdict.decision == "allow", [r.get("findings") for r in verdict.records]


async def test_a_toxic_phrase_split_across_texts_is_scored_as_one(guard: Guard) -> None:
    p = policy(input={"toxicity": TOX})
    assert (await guard.input(p, ["you are a total id", "iot, frankly"], None)).decision == "block"
    assert (await guard.input(p, ["you are a total id\u200b", "\u200biot"], None)).decision == "block"
    assert (await guard.input(p, ["you are a total id"], None)).decision == "allow"
    assert (await guard.input(p, ["iot, frankly"], None)).decision == "allow"
    # Words that only touch at the cut are not joined into another word.
    assert (await guard.input(p, ["Read the assignment on the id", "eas board."], None)).decision == "allow"


async def test_an_invisible_character_inside_a_toxic_word_does_not_hide_it(guard: Guard) -> None:
    p = policy(input={"toxicity": TOX})
    assert (await guard.input(p, ["you are an id\u200biot"], None)).decision == "block"
    assert (await guard.input(p, ["you are an \uff49\uff44\uff49\uff4f\uff54"], None)).decision == "block"


async def test_bias_reads_texts_together_too(guard: Guard) -> None:
    p = policy(input={"bias": {"action": "block", "threshold": 0.5}})
    assert (await guard.input(p, ["such hate", "ful people"], None)).decision == "block"
    assert (await guard.input(p, ["such hate"], None)).decision == "allow"


async def test_whole_answers_are_read_together(guard: Guard) -> None:
    p = policy(output={**PII_OUT, "toxicity": TOX})
    out = await guard.output(p, ["mail jane.doe@exa", "mple.com now"])
    assert out.texts[0] is not None and "jane.doe@exa" not in out.texts[0]
    assert out.texts[1] is not None and "mple.com" not in out.texts[1]
    out = await guard.output(p, ["you are an id", "iot"])
    assert out.blocked == [0, 1]


def test_texts_read_alone_end_a_run() -> None:
    texts = ["card 4111 1111", "1111", "1111 1111 ok"]
    assert joints(texts, joinable=[True, False, True]) == []  # a key or a field between: no joint across it
    (joint,) = joints(texts, joinable=[False, True, True])
    assert joint.indices == [1, 2] and joint.text == "11111111 1111 ok"  # nor back into the field


def test_the_request_says_which_texts_are_read_together() -> None:
    from proxy.guard.phases import joinable
    from proxy.providers.base import TextSlot
    from proxy.providers.inventory import TreeSlot

    body = {"a": "x", "b": {"k": 1}}
    assert joinable(TextSlot(body, "a", "user", "text", "c"))
    assert joinable(TextSlot(body, "a", "tool", "tool_result", "c"))
    assert not joinable(TextSlot(body, "a", "user", "field", "c"))
    assert not joinable(TreeSlot(body["b"], "k", "user", "tool_result", "c", mode="key"))


# Issue 12 ("no side doors"), a false positive of the joined reading: texts are joined with nothing between them,
# so an ordinary word ending one message ran into an e-mail starting the next (`worldjohn.smith@acme.com`), a
# number into a phone number or an SSN (`12412-63-7785`): the word was redacted with the value and the model read
# a mangled prompt. The value is redacted in its own text; the word beside it goes upstream as sent.
@pytest.mark.parametrize(("parts", "clean", "entity"), [
    (["hello world", "john.smith@acme.com"], 0, "EMAIL_ADDRESS"),
    (["do it", "john.smith@acme.com"], 0, "EMAIL_ADDRESS"),
    (["Please add my contact.", "info@acme.com for the invoice"], 0, "EMAIL_ADDRESS"),
    (["Book the room for tomorrow", "olga-patel@outlook.com is the right one"], 0, "EMAIL_ADDRESS"),
    (["The meeting is in room 12", "sofia.tanaka@corp.io, not the old one"], 0, "EMAIL_ADDRESS"),
    (["my email is sales@uni.edu.", "news today"], 1, "EMAIL_ADDRESS"),  # `.news` is a TLD
    (["Call me back, I am in room 12", "617.555.0052 is my desk"], 0, "PHONE_NUMBER"),
    (["Loop in room 12", "536-90-4399 please"], 0, "US_SSN"),
    (["Wire it to step 3", "301-22-8194 (work)"], 0, "US_SSN"),
    (["Loop in in 2024", "412-63-7785 thanks"], 0, "US_SSN"),  # `2024412-63-7785` passes Luhn
    (["Invite about 300", "202-555-0073 (work)"], 0, "PHONE_NUMBER"),  # so does `300202-555-0073`
])
async def test_a_word_beside_a_whole_value_in_the_next_text_is_left_as_sent(
        guard: Guard, parts: list[str], clean: int, entity: str) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user", "user"])
    assert verdict.decision == "redact"
    assert verdict.texts[clean] is None, verdict.texts  # the neighbour's words as sent
    value = verdict.texts[1 - clean]
    assert value is not None and f"<{entity}_" in value, value
    sent = [t if t is not None else parts[i] for i, t in enumerate(verdict.texts)]
    answer = await guard.output(p, [" | ".join(sent)], verdict.vault)
    assert answer.texts[0] == " | ".join(parts)


# ... while a value cut so that the text after the cut alone holds a shorter valid value is still redacted in both
# texts: the cut splits a word (`jan|e`, `sup|port`), the part before it is a name (`jane`), a letter (`r.`), a
# label of a domain (`co|m`), or the digits read together are a valid phone number (`617-555-0143`, a London number).
@pytest.mark.parametrize(("parts", "pieces"), [
    (["my email is jan", "e.doe@example.com thanks"], ["jan", "e.doe@example.com"]),
    (["my email is ja", "ne.doe@example.com thanks"], ["ja", "ne.doe@example.com"]),
    (["my email is jane", "doe@example.com thanks"], ["jane", "doe@example.com"]),
    (["my email is jane.", "doe@example.com thanks"], ["jane", "doe@example.com"]),
    (["my email is r.", "smith@mail.example.org"], ["r.", "smith@mail.example.org"]),
    (["mail sup", "portdesk@acme.io"], ["sup", "portdesk@acme.io"]),
    (["mail op", "s-team@corp.example.net"], ["op", "s-team@corp.example.net"]),
    (["mail jane.doe@acme.co", "m today"], ["jane.doe@acme.co", "m"]),
    (["call me at 6", "17-555-0143 today"], ["6", "17-555-0143"]),
    (["call 0", "207 946 0958 today"], ["0", "207 946 0958"]),
    (["call me at 6", "17\u200b555\u200b0143 today"], ["6", "17\u200b555\u200b0143"]),  # a weak SSN alone
    (["card 4532", "015112830366 ok"], ["4532", "015112830366"]),  # the rest alone reads as a German number
    (["card 4111", "1111 1111 1111 ok"], ["4111", "1111 1111 1111"]),
])
async def test_a_value_cut_so_its_second_part_alone_is_a_value_is_still_redacted_in_both(
        guard: Guard, parts: list[str], pieces: list[str]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user", "user"])
    sent = [t if t is not None else parts[i] for i, t in enumerate(verdict.texts)]
    for piece, text in zip(pieces, sent, strict=True):
        assert piece not in text and "<" in text, (piece, text)
    answer = await guard.output(p, ["".join(sent)], verdict.vault)
    assert answer.texts[0] == "".join(parts)


async def test_what_a_deliberate_split_at_an_ordinary_word_leaves(guard: Guard) -> None:
    """The trade-off, stated (proxy.guard.checks.pii.neighbour_word): one ordinary English word that starts a
    local part, cut off whole, goes upstream; the rest of the address never does."""
    p = policy(input=PII_IN)
    verdict = await guard.input(p, ["mail support", "desk@acme.io"], ["user", "user"])
    assert verdict.texts[0] is None
    assert verdict.texts[1] is not None and "desk" not in verdict.texts[1] and "acme" not in verdict.texts[1]


def test_ordinary_words_are_not_names() -> None:
    from proxy.nlp.segment import ordinary_word

    assert all(ordinary_word(w) for w in ["world", "it", "Contact", "news", "support"])
    assert not any(ordinary_word(w) for w in ["jane", "john", "smith", "mark", "jan", "a", "r", "ops", "sup"])


async def test_a_word_beside_an_allowed_address_still_joins(guard: Guard) -> None:
    """The allowed address alone is let through, so a word run into it makes another address: the word is
    redacted (the allowed address, its other piece, goes as sent, as it would alone)."""
    p = policy(input={"pii": {**PII_IN["pii"], "allow": ["desk@acme.io"]}})
    verdict = await guard.input(p, ["mail support", "desk@acme.io"], ["user", "user"])
    assert verdict.decision == "redact"
    assert verdict.texts[0] is not None and "support" not in verdict.texts[0]


# Three texts or more (issue: attack 12b, F1): a value or a phrase that starts a short text glued to the text
# before it (`ok` + `617-555` + `-0143` reads `ok617-555-0143`: no word boundary, no phone number) is read
# from that text's start too, so a split over any number of short texts is found.
def test_a_cut_is_also_read_from_the_start_of_each_short_text_glued_before_it() -> None:
    texts = ["ok", "617-555", "-0143"]
    assert [j.text for j in joints(texts)] == ["ok617-555", "ok617-555-0143"]
    found = joints(texts, starts=8)
    assert [j.text for j in found] == ["ok617-555", "ok617-555-0143", "617-555-0143"]
    assert found[2].indices == [1, 2] and found[2].project(0, 12) == [(1, 0, 7), (2, 0, 5)]
    # a text before it that ends in a space, or an invisible character only: no boundary lost / one lost
    assert [j.text for j in joints(["ok ", "617-555", "-0143"], starts=8)] == ["ok 617-555", "ok 617-555-0143"]
    assert joints(["ok\u200b", "617-555", "-0143"], starts=8)[-1].text == "617-555-0143"
    assert len(joints([f"w{i}" for i in range(40)])) == 39
    assert len(joints([f"w{i}" for i in range(40)], starts=8)) <= 39 * (1 + 8)  # bounded


THREE_PARTS = [
    (["ok", "617-555", "-0143"], "PHONE_NUMBER", ["617-555", "-0143"]),
    (["ok", "jane.doe", "@acme.com"], "EMAIL_ADDRESS", ["jane.doe", "@acme.com"]),
    (["thanks", "4111-1111", "-1111-1111"], "CREDIT_CARD", ["4111-1111", "-1111-1111"]),
    (["hi", "ssn 536-90", "-4399"], "US_SSN", ["536-90", "-4399"]),
    (["ok", "6", "17", "-555", "-0143"], "PHONE_NUMBER", ["6", "17", "-555", "-0143"]),
    (["hi", "jane", ".doe@ac", "me.com"], "EMAIL_ADDRESS", ["jane", ".doe@ac", "me.com"]),
    (["ok.", "617-555", "-0143"], "PHONE_NUMBER", ["617-555", "-0143"]),  # a `.` before: no boundary either
    (["hi", "+1 415", " 555 0132 today"], "PHONE_NUMBER", ["+1 415", "555 0132"]),
]


@pytest.mark.parametrize("parts", [
    ["ok", "again", "support@acme.com thanks"],
    ["hello", "lkim@acme.com", "world here"],
    ["ok.", "main", "sales@example.org for the invoice"],
])
async def test_short_words_before_a_whole_address_over_three_texts_are_left_as_sent(
        guard: Guard, parts: list[str]) -> None:
    verdict = await guard.input(policy(input=PII_IN), parts, ["user"] * len(parts))
    at = next(i for i, part in enumerate(parts) if "@" in part)
    assert verdict.texts[:at] == [None] * at, verdict.texts
    assert verdict.texts[at] is not None and "<EMAIL_ADDRESS_" in verdict.texts[at]


@pytest.mark.parametrize(("parts", "entity", "pieces"), THREE_PARTS)
async def test_a_value_split_over_three_short_texts_or_more_is_redacted_where_its_characters_are(
        guard: Guard, parts: list[str], entity: str, pieces: list[str]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user"] * len(parts))
    assert verdict.decision == "redact"
    assert verdict.texts[0] is None, verdict.texts  # the short first text goes as sent: no value there
    sent = [t if t is not None else parts[i] for i, t in enumerate(verdict.texts)]
    for piece, text in zip(pieces, sent[1:], strict=True):
        assert piece not in text and f"<{entity}_" in text, (piece, text)
    answer = await guard.output(p, ["".join(sent)], verdict.vault)
    assert answer.texts[0] == "".join(parts)
    # in an answer (text blocks), the same
    out = await guard.output(policy(output=PII_OUT), parts, None)
    assert out.texts[0] is None and all(t is not None and f"<{entity}_" in t for t in out.texts[1:]), out.texts


CODENAME = [{"name": "codename", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]


@pytest.mark.parametrize(("parts", "joinable"), [
    (["hi", "project", "falcon"], None),
    (["ok", "p", "roject fal", "con"], None),
    (["hi", "project", "falcon status?"], None),
    (["hi", "q", "project", "falcon"], [True, None, True, True]),  # tool-call arguments {"q": "project"}, result
])
async def test_a_phrase_split_over_three_short_texts_or_more_is_blocked(
        guard: Guard, parts: list[str], joinable: list[bool | None] | None) -> None:
    p = policy(input={"patterns": CODENAME}, output={"patterns": CODENAME})
    assert (await guard.input(p, parts, None, joinable=joinable)).decision == "block"
    assert (await guard.output(p, parts, None, joinable=joinable)).decision == "block"
    # each text alone passes
    for part in parts:
        assert (await guard.input(p, [part], None)).decision == "allow"


async def test_a_value_split_over_three_streamed_blocks_is_redacted(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    released: dict[str, str] = {}
    for n, text in enumerate(["ok", "617-555", "-0143"]):
        released[f"b{n}"] = await stream.feed(f"b{n}", text, group="m")
        released[f"b{n}"] += await stream.end(f"b{n}", group="m")
    for channel, text in stream.take_spill() + await stream.end_group("m"):
        released[channel] += text
    assert released["b0"] == "ok", released
    assert "617" not in released["b1"] and "0143" not in released["b2"], released


async def test_a_phrase_split_over_three_streamed_blocks_is_blocked(guard: Guard) -> None:
    stream = guard.output_stream(policy(output={"patterns": CODENAME}))
    for n, text in enumerate(["ok", "project", "falcon"]):
        await stream.feed(f"b{n}", text, group="m")
        await stream.end(f"b{n}", group="m")
    await stream.end_group("m")
    assert stream.blocked


# The id a tool result answers is read between the texts (attack 12b, F2): `please check the status`, a tool call
# `jane.doe`, then `@acme.com is the result` is the address `jane.doe@acme.com`, not `status@acme.com` (the
# redaction used to land on `status`, an unrelated word, while `jane.doe` went on in the ids). An id cannot be
# rewritten, so a value that covers a part of one blocks the request.
def test_a_tool_results_id_is_read_before_it_and_marked_fixed() -> None:
    texts, how = ["please check the status", "@acme.com is the result"], [True, Fixed("jane.doe")]
    plain, joint = joints(texts, joinable=how, ids=True)  # read without the id, and with it
    assert plain.text == "please check the status@acme.com is the result" and not plain.fixed
    assert joints(texts, joinable=how) == [plain]
    assert joint.text == "please check the statusjane.doe@acme.com is the result"
    at = joint.text.index("jane.doe")
    assert joint.fixed == ((at, at + 8),) and joint.touches_fixed(at, at + 17) and not joint.touches_fixed(0, 6)
    assert joint.project(at, at + 17) == [(1, 0, 9)]  # the id has no piece: nothing there can be rewritten


def _tool_chat(call_id: str, result: str) -> dict[str, object]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "please check the status"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": call_id, "content": result}]}


def _tool_anthropic(call_id: str, result: str) -> dict[str, object]:
    return {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "please check the status"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": call_id, "name": "f", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call_id, "content": result}]}]}


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_a_value_whose_first_part_is_a_tool_call_id_blocks_instead_of_redacting_a_neighbour(
        guard: Guard, provider: str) -> None:
    def slots(call_id: str, result: str) -> list:  # type: ignore[type-arg]
        if provider == "openai":
            body = _tool_chat(call_id, result)
            return openai.request_texts("chat", body), body  # type: ignore[return-value]
        body = _tool_anthropic(call_id, result)
        return anthropic.request_texts("messages", body), body  # type: ignore[return-value]

    p = policy(input=PII_IN)
    found, body = slots("jane.doe", "@acme.com is the result")
    verdict = await screen_request(guard, p, found)
    assert verdict.decision == "block", verdict.texts
    assert body["messages"][0]["content"] == "please check the status"  # no redaction in an unrelated message
    codename = policy(input={"patterns": [{"name": "codename", "regex": r"(?i)\bproject (falcon|osprey)\b",
                                           "action": "redact"}]})
    found, _ = slots("project", "falcon status")
    assert (await screen_request(guard, codename, found)).decision == "block"
    # an ordinary id before an ordinary result joins into nothing
    for result in ("done", "2024 revenue was 5 million", "jane.doe@acme.com is the owner"):
        found, body = slots("call_abc123", result)
        verdict = await screen_request(guard, p, found)
        assert verdict.decision != "block" and body["messages"][0]["content"] == "please check the status"


# Issue 12, a false positive of the joined reading: a compound word of ordinary words ending one short text
# (`us-east`, `on-call`, `us-east-1`) ran into an address starting the next and was redacted with it. Only the
# address is redacted; a word cut in two before an address still is (`op` + `s-team@...`, above).
@pytest.mark.parametrize("parts", [
    ["Deploy to us-east", "ops@acme.io is on call"],
    ["Deploy to us-east-1", "ops@acme.io is on call"],
    ["Page the on-call", "ops@acme.io now"],
    ["Escalate to eu_central", "sre.team@acme.io today"],
])
async def test_a_compound_word_beside_an_address_in_the_next_text_is_left_as_sent(
        guard: Guard, parts: list[str]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user", "user"])
    assert verdict.texts[0] is None, verdict.texts
    assert verdict.texts[1] is not None and verdict.texts[1].startswith("<EMAIL_ADDRESS_"), verdict.texts


async def test_a_compound_cut_inside_an_address_is_still_redacted(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, ["mail us-", "east.ops@acme.io"], ["user", "user"])
    assert verdict.texts[0] is not None and "us-" not in verdict.texts[0], verdict.texts


@pytest.mark.parametrize(("parts", "piece"), [
    (["mail us-ea", "stops@acme.io"], "us-ea"),        # the last part is no ordinary word: a word cut in two
    (["mail jane-", "doe@acme.io"], "jane-"),          # a compound cut at its hyphen
])
async def test_a_compound_that_does_not_end_in_an_ordinary_word_is_redacted_with_the_address(
        guard: Guard, parts: list[str], piece: str) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user", "user"])
    assert verdict.texts[0] is not None and piece not in verdict.texts[0], verdict.texts


@pytest.mark.parametrize("parts", [
    ["ask info@acme.com.", "personal world help"],     # `.com.pe` would read a Peruvian domain into the word
    ["ask sarah-khan@gmail.com.", "account today"],
    ["mail jane.doe@acme.com", "xylophone lessons"],
])
async def test_a_word_after_an_address_ending_the_text_before_is_left_as_sent(guard: Guard, parts: list[str]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await guard.input(p, parts, ["user", "user"])
    assert verdict.texts[1] is None, verdict.texts
    assert verdict.texts[0] is not None and "acme" not in verdict.texts[0] and "gmail" not in verdict.texts[0]
