"""A person's cue beats the word lists (atk18 HIGH-1, HIGH-2; `proxy.nlp.cued`): a surname that is an everyday word,
a place, a month or a brand after a form of address (`Mrs. Rivers`, `Mrs. Toyota`, `Rev. Church`, `林様`), a given
name that is an everyday word after a person's cue (`Hi June,`, `My name is April`, `cc Bill`, `Regards,\\nMay`), and
the later mentions of a found name's parts (`reply to Bill`). The same words with no such cue stay words (`in May`,
`Will you`, `Hope this helps`, `the White House`, `Sr. Software Engineer`). Names and sentences here are not the
tester's."""

from __future__ import annotations

import pytest

from proxy.nlp.cued import cjk_honorific, cued_echoes, cued_given, cued_names, titled_names, with_cued
from proxy.nlp.names import name_lists, native_names
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

TITLED = [
    ("Mrs. Toyota's order was delayed.", ["Toyota"]),
    ("Mrs. Nike returned the shoes.", ["Nike"]),
    ("Rev. Church will lead the service.", ["Church"]),
    ("Good evening Mr. Winter, your table is ready.", ["Winter"]),
    ("Please ask Dr. Summer to call back.", ["Summer"]),
    ("M. Peugeot a appelé hier.", ["Peugeot"]),
    ("Mr. O'Connell signed the lease.", ["O'Connell"]),
]
CJK = [
    ("林様、いつもお世話になっております。", ["林"]),
    ("森さんに確認してください。", ["森"]),
    ("中野様からお電話がありました。", ["中野"]),
    ("本田さんが来ました。", ["本田"]),
]
GIVEN = [
    ("Hi June, your appointment is confirmed.", ["June"]),
    ("Hello Summer, thanks for reaching out.", ["Summer"]),
    ("Dear Will, please find the invoice attached.", ["Will"]),
    ("Thanks Hope! I will check it.", ["Hope"]),
    ("My name is April and I need help with my bill.", ["April"]),
    ("Please cc Bill on the reply.", ["Bill"]),
    ("This is Paris from the sales team.", ["Paris"]),
    ("Regards,\nMay", ["May"]),
    ("Ask June about the schedule.", ["June"]),
    ("Thanks Will and April for the help!", ["Will", "April"]),
    ("Cheers,\nBill", ["Bill"]),
]
INITIALS = [
    ("Assigned to: K. Winter", ["Winter"]),
    ("cc: R. Page, T. Banks", ["Page", "Banks"]),
    ("Best regards,\nD. Young", ["Young"]),
    ("Please contact M. Summer for access.", ["Summer"]),
    ("Patient: Little, Emma (DOB 1975-03-02)", ["Little"]),
    ("Customer: PAGE, Robert", ["PAGE"]),
]
LATER = [
    ("Customer record: Bill Nowak, account 4410. Please reply to Bill about his refund.", ["Bill"]),
    ("Record: Summer Nowak. Please call Summer tomorrow.", ["Summer"]),
    ("Ticket from Hope Kowalczyk. Let Hope know the fix is live.", ["Hope"]),
]
WORDS = [
    "We met in May and will hope for the best.",
    "Paris is lovely in June.",
    "I will bill you on Monday.",
    "Hope this helps!",
    "Will you review the PR?",
    "May I ask a question?",
    "Let's meet in April or May.",
    "The meeting moved to June 5.",
    "Summer sales start next week.",
    "The White House issued a statement.",
    "Chase Bank called about my card.",
    "Hi team, the build is green.",
    "Dear Customer, your order shipped.",
    "Thanks again for your help!",
    "Sr. Software Engineer position open.",
    "Our Sr. Product Manager approved it.",
    "Mr. President, the report is ready.",
    "Name: Production Cluster",
    "From: Paris\nTo: London",
    "From: May 1\nTo: June 30",
    "Regards,\nThe Support Team",
    "He said we should bill the customer in April.",
    "お客様、皆さん、王様。",
    "The shirt comes in size M. The blue one is sold out.",
    "A. Introduction\nB. Methods",
    "From: Paris, France",
    "Ask Claude to explain this regex.",
    "Hey Siri, set a timer for ten minutes.",
    "Thanks,\nA. Summary follows below.",
]


async def _people(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [value for entity, value in await found(analyzer, text) if entity == "PERSON"]


@pytest.mark.parametrize(("text", "parts"), TITLED + CJK + GIVEN + INITIALS)
async def test_a_persons_cue_beats_the_word_lists(analyzer: PiiAnalyzer, text: str, parts: list[str]) -> None:
    people = await _people(analyzer, text)
    assert all(any(part in value for value in people) for part in parts), people


@pytest.mark.parametrize(("text", "parts"), LATER)
async def test_a_found_names_everyday_word_part_is_redacted_at_its_later_mention(
        analyzer: PiiAnalyzer, text: str, parts: list[str]) -> None:
    (spans,) = await analyzer.analyze([text], ["PERSON"])
    later = text.rindex(parts[0])
    assert any(s.entity == "PERSON" and s.start <= later < s.end and s.score >= 0.4 for s in spans), spans


@pytest.mark.parametrize("text", WORDS)
async def test_the_same_words_with_no_persons_cue_stay_words(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _people(analyzer, text) == []


def test_rules_find_only_the_names_characters() -> None:
    names = name_lists()
    text = "Dear Mrs. White, and Mr. Bill Price's note."
    assert [text[a:b] for a, b in titled_names(text, names)] == ["White", "Bill Price"]
    text = "Name: Bill Price\nHi April, thanks!"
    assert [text[a:b] for a, b in cued_given(text, names)] == ["Bill Price", "April"]
    text = "林様と中野さん、お客様"
    assert [text[a:b] for a, b in cjk_honorific(text, native_names())] == ["林", "中野"]


def test_later_mentions_only_where_a_name_stands() -> None:
    names = name_lists()
    text = "Emma White wrote. Reply to Mrs. White and White today. The White House. White balance."
    first = ("PERSON", 0, 10, 0.85)
    echoes = [text[a:b] for _, a, b, _ in cued_echoes(text, names, [first])]
    assert echoes == ["White", "White"]  # after `Mrs.`, and inside a sentence; not before `House`, nor opening one
    text = "May Chen called. We shipped it in May, and May 5 too; tell May."
    echoes = [(a, text[a:b]) for _, a, b, _ in cued_echoes(text, names, [("PERSON", 0, 8, 0.85)])]
    assert echoes == [(text.rindex("May"), "May")]


def test_long_texts_stay_linear() -> None:
    """Each match reads a bounded window (a street's `Dr.`, initials after a label, a spans' cover): texts of
    tens of thousands of cues took 10 to 30 s each while a match read the text before it."""
    import time

    names, native = name_lists(), native_names()
    texts = ["Oak Dr. Smith " * 5000, "x A. Bcd " * 5000, "cc: A. Bcd, " * 3000, "My name is Bill. " * 8000]
    started = time.process_time()
    spans = [cued_names(text, names, native) for text in texts]
    found = with_cued(texts[3], names, native, [("PERSON", 0, 4, 0.9)])
    assert len(spans[3]) == 8000 and len(found) == 8001
    assert time.process_time() - started < 5  # (CPU time: a loaded machine does not stretch it)
