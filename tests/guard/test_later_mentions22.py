"""A name found in one text of a request, at its mentions in the request's other texts (later22, atk20 M2;
`proxy.nlp.mentions`): a chat request resends the conversation, so the cue (`Dear Mrs. White,`, `Customer: Mrs.
White`) is in one message and the bare later mention in another (a later turn, a tool result, tool-call arguments,
`metadata`). Redacted where a name stands, with the request's one placeholder; the word's ordinary uses in the other
texts (`White paper drafts`, `the White House`, `Black Friday`, `in May`) as sent. Other names than the report's."""

from __future__ import annotations

import re

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_IN, policy

CUE = "Dear Mrs. {n}, thanks for calling."


async def sent(guard: Guard, texts: list[str], documents: list[list[tuple[int, str]]] | None = None) -> list[str]:
    verdict = await guard.input(policy(input=PII_IN), texts, None, documents=documents or [])
    return [new if new is not None else old for new, old in zip(verdict.texts, texts, strict=True)]


def kept(name: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z])", text) is not None


# M2: everyday-word surnames the NER model does not find alone (the report's White, Young, ... left out), and one that
# is no word.
NAMES = ["Day", "Church", "Page", "Field", "Gold", "Cash", "West", "Park", "Best", "Nakamura"]
LATER = ["Later I told {n} about the refund.", "Please ask {n} to sign the form.", "Notified {n} by mail.",
         "{n} called back this morning.", "{n}'s invoice is overdue.", "cc: {n}", "Meeting with {n} and the team."]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("later", LATER)
async def test_a_name_found_in_one_text_is_redacted_in_another(guard: Guard, name: str, later: str) -> None:
    first, second = await sent(guard, [CUE.format(n=name), later.format(n=name)])
    assert not kept(name, first) and not kept(name, second), (first, second)
    placeholders = set(re.findall(r"<PERSON_\d+>", first + second))
    assert len(placeholders) == 1, (first, second)  # the request's one placeholder for the value
    assert re.sub(r"<PERSON_\d+>", name, second) == later.format(n=name)  # only the name rewritten


async def test_a_cue_in_a_later_text_names_an_earlier_mention(guard: Guard) -> None:
    """Every other text of the request, before the cue's text too (a system prompt read after a user turn)."""
    first, second = await sent(guard, ["Please forward the form to Cash today.", "Customer: Mrs. Cash"])
    assert not kept("Cash", first) and not kept("Cash", second), (first, second)


@pytest.mark.parametrize(("key", "value"), [("recipient", "Page"), ("account", "Cash"), ("customer", "Day")])
async def test_a_value_that_is_the_name_whole(guard: Guard, key: str, value: str) -> None:
    """A tool call's argument or a `metadata` value that is the name found elsewhere, whole (`{"recipient":
    "Page"}`), read as a value under its key."""
    texts = [CUE.format(n=value), key, value]
    out = await sent(guard, texts, [[(1, "key"), (2, "string")]])
    assert out[1] == key and re.fullmatch(r"<PERSON_\d+>", out[2]), out


async def test_a_json_value_inside_a_tool_result(guard: Guard) -> None:
    """A JSON string value that is the name whole inside a text (a tool's result), unless its key names a thing."""
    out = await sent(guard, [CUE.format(n="Green"), '{"status": "sent", "to": "Green"}',
                             '{"colour": "Green", "size": 4}', '{"status": "sent", "assignee": "Bond"}'])
    assert re.fullmatch(r'\{"status": "sent", "to": "<PERSON_\d+>"\}', out[1]), out
    assert out[2] == '{"colour": "Green", "size": 4}', out
    assert out[3] == '{"status": "sent", "assignee": "Bond"}', out  # (no name found Bond in the request)


# The word's ordinary uses in the other texts stay: before another capitalised word, after an article, opening a
# sentence as the word, a month after a time word, a thing's value, a phrase's word.
ORDINARY = [
    ("Long", "We moved to the Long Island office."), ("Green", "Green builds mean we can ship."),
    ("White", "The White House issued a statement."), ("White", "White paper drafts are due Friday."),
    ("Black", "Our biggest day is Black Friday."), ("Hall", "Hall B is free."),
    ("Brown", "Brown rice takes longer to cook."), ("Bond", "Bond yields rose again."),
    ("Rivers", "We stayed in Three Rivers overnight."), ("Max", "Max retries exceeded on the payments job."),
    ("Ruby", "Our stack is Ruby on Rails."), ("Church", "The church hall is booked."),
]


@pytest.mark.parametrize(("name", "text"), ORDINARY)
async def test_the_words_ordinary_uses_in_other_texts_stay(guard: Guard, name: str, text: str) -> None:
    first, second = await sent(guard, [CUE.format(n=name) if name != "Max" else "Hi Max, thanks.", text])
    assert not kept(name, first), first
    assert second == text, second


async def test_a_month_given_name_in_another_text(guard: Guard) -> None:
    first, second, third = await sent(guard, ["Hi April, thanks for the update.", "See you in April.",
                                              "Please send it to April today."])
    assert second == "See you in April.", second
    assert not kept("April", third), third


async def test_a_month_under_a_things_key_stays(guard: Guard) -> None:
    out = await sent(guard, ["Hi May, thanks.", "month", "May", "colour", "White"], [[(1, "key"), (2, "string")],
                                                                                   [(3, "key"), (4, "string")]])
    assert out[2] == "May" and out[4] == "White", out


# names21's leftovers, in the name's own text and in another: a name with an apostrophe written without it, a word
# of it in lower case after a verb of telling or contacting, a Han surname before `の` and what a person writes.
FORMS = [
    ("Dear Mr. O'Neill, thanks for calling.", "I spoke to ONeill today.", "ONeill"),
    ("Dear Mrs. Day, thanks for calling.", "Later I told day about it.", "day"),
    ("Dear Mrs. Church, thanks for calling.", "Please ask church to sign the form.", "church"),
    ("Dear Mr. Cash, thanks for calling.", "cc cash on the thread, please.", "cash"),
    ("林様、ありがとうございます。", "林の報告を読みました。", "林"),
    ("森様、ありがとうございます。", "森の資料を送りました。", "森"),
]


@pytest.mark.parametrize(("cue", "later", "name"), FORMS)
@pytest.mark.parametrize("apart", [False, True])
async def test_a_found_names_later_mention_in_other_forms(guard: Guard, cue: str, later: str, name: str,
                                                          apart: bool) -> None:
    texts = [cue, later] if apart else [cue + " " + later]
    out = await sent(guard, texts)
    expected = re.escape(later).replace(re.escape(name), r"<PERSON_\d+>", 1)
    assert re.search(rf"(?:^|\s){expected}$", out[-1]) is not None, out  # only the name rewritten


# The words' ordinary uses in lower case, and a Han surname's character in a word, stay.
FORMS_KEPT = [
    ("Dear Mrs. White, thanks for calling.", "The white paper is printed on white stock."),
    ("Dear Mrs. White, thanks for calling.", "We painted it white, told white lies and ask white wine lovers."),
    ("Dear Mr. Cash, thanks for calling.", "Pay cash to the driver; we told cash customers to wait."),
    ("林様、ありがとうございます。", "林の中を歩きました。小林の報告を読みました。"),
]


@pytest.mark.parametrize(("cue", "text"), FORMS_KEPT)
async def test_ordinary_lower_case_words_and_han_characters_stay(guard: Guard, cue: str, text: str) -> None:
    out = await sent(guard, [cue, text])
    assert out[1] == text, out
