"""Names after the forms of address beside `Mrs.`/`Frau`, their later mentions in other forms, everyday-word given
names after cue forms beside the listed ones, and a found surname's word at a sentence's start (names21: atk20 H2,
M1, M3, FP1 B)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


# H2: a surname that is a word or a brand after the other forms of address; the form itself stays as written.
ADDRESSED = [
    ("Dear Miss White, thank you for your letter.", "White", "Dear Miss <P>,"),
    ("Please send the contract to Mister Young today.", "Young", "Mister <P>"),
    ("Please send the contract to Lady Hall today.", "Hall", "Lady <P>"),
    ("Please send the contract to Aunt Honda today.", "Honda", "Aunt <P>"),
    ("Please send the contract to Det. King today.", "King", "Det. <P>"),
    ("Please send the contract to Lt. Price today.", "Price", "Lt. <P>"),
    ("Please send the contract to Drs. Little today.", "Little", "Drs. <P>"),
    ("Please send the contract to Prof. Dr. White today.", "White", "Prof. Dr. <P>"),
    ("Please send the contract to MRS. White today.", "White", "MRS. <P>"),
    ("please send the contract to mrs. White today.", "White", "mrs. <P>"),
    ("Sehr geehrte Frau Dr. med. Honda, vielen Dank.", "Honda", "Frau Dr. med. <P>,"),
    ("Sehr geehrte Frau Dr. Honda, vielen Dank.", "Honda", "Frau Dr. <P>,"),
    ("Sehr geehrter Herr Dr.-Ing. Koch, vielen Dank.", "Koch", "Herr Dr.-Ing. <P>,"),
    ("Sehr geehrter Herr Dipl.-Ing. Koch, vielen Dank.", "Koch", "Herr Dipl.-Ing. <P>,"),
    ("Ik heb de heer White gisteren gebeld.", "White", "de heer <P>"),
    ("Geachte mevrouw Honda, bedankt voor uw bericht.", "Honda", "mevrouw <P>"),
    ("Szanowna Pani King, dziękuję.", "King", "Pani <P>"),
    ("Vážená paní Hall, děkuji.", "Hall", "paní <P>"),
    ("Estimada Dña. Little, gracias.", "Little", "Dña. <P>"),
    ("Gentile Sig. White, grazie.", "White", "Sig. <P>"),
    ("Sehr geehrter Hr. Young, vielen Dank.", "Young", "Hr. <P>"),
    ("Sehr geehrte Fr. Honda, vielen Dank.", "Honda", "Fr. <P>"),
    ("Geachte dhr. King, bedankt.", "King", "dhr. <P>"),
]
# What those forms make with a word that is no name, or a phrase's word.
NOT_ADDRESSED = [
    "She won Miss Universe in 2019.",
    "Did you Miss Work today?",
    "Lady Luck was on our side today.",
    "We miss you already.",
    "The lady at the desk was helpful.",
]


@pytest.mark.parametrize(("text", "name", "shape"), ADDRESSED)
async def test_a_surname_after_other_forms_of_address_is_redacted(analyzer: PiiAnalyzer, text: str, name: str,
                                                                  shape: str) -> None:
    out = await rewritten(analyzer, text)
    assert name not in out
    assert shape in out


@pytest.mark.parametrize("text", NOT_ADDRESSED)
async def test_a_form_of_address_before_no_name_changes_nothing(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text


# M1: a cue-found name's later mentions in other forms (the possessive's `'s` stays as written).
LATER = [
    ("Dear Mrs. White, thanks for calling. I read White's report this morning.", "White", "<P>'s report"),
    ("Dear Mrs. White, thanks for calling. I read White’s report this morning.", "White", "<P>’s report"),
    ("Dear Mrs. King, thanks for calling. We met the Kings at the office.", "King", "the <P> at"),
    ("Dear Mrs. Price, thanks for calling. I sent it to PRICE as well.", "PRICE", "to <P> as"),
    ("Dear Mrs. Honda, thanks for calling.\ncc: Honda", "Honda", "cc: <P>"),
    ("Dear Mrs. Young, thanks for calling. I sent it to J. Young as well.", "Young", "J. <P> as"),
    ("Dear Mr. O'Neill, thanks. I spoke with O’Neill today.", "Neill", "with <P> today"),
    ("Frau Honda rief an. Ich habe Hondas Bericht gelesen.", "Honda", "habe <P> Bericht"),
    ("Hi Bill, thanks for calling. I read Bill's notes this morning.", "Bill", "<P>'s notes"),
]
# The same forms where the word is no mention of the person found.
LATER_WORDS = [
    ("Dear Mrs. White, thanks for calling. The White House called back.", "The White House"),
    ("Sehr geehrte Frau Koch, danke. Das Rezept des Kochs ist gut.", "des Kochs"),
    ("Dear Mrs. King, thanks. The king's speech was long.", "The king's speech"),
]


@pytest.mark.parametrize(("text", "name", "shape"), LATER)
async def test_later_mentions_in_other_forms_are_redacted(analyzer: PiiAnalyzer, text: str, name: str,
                                                          shape: str) -> None:
    out = await rewritten(analyzer, text)
    assert name not in out
    assert shape in out


@pytest.mark.parametrize(("text", "kept"), LATER_WORDS)
async def test_a_found_surnames_word_uses_stay(analyzer: PiiAnalyzer, text: str, kept: str) -> None:
    out = await rewritten(analyzer, text)
    assert "<P>" in out
    assert kept in out


# M3: everyday-word given names after the cue forms beside the listed ones; a speaker's label.
CUED_GIVEN = [
    ("Please find the invoice attached. Regards, Bill", "Bill", "Regards, <P>"),
    ("Hi, I'm Will from accounting. The invoice is attached.", "Will", "I'm <P> from"),
    ("Hi Bill the invoice is attached.", "Bill", "Hi <P> the"),
    ("Bill here, the invoice is attached.", "Bill", "<P> here,"),
    ("The invoice is attached.\nthx\nBill", "Bill", "thx\n<P>"),
    ("The invoice is attached.\n—Bill", "Bill", "—<P>"),
    ("my name is bill. the invoice is attached.", "bill", "my name is <P>."),
    ("Bob: can you check the invoice?", "Bob", "<P>: can"),
    ("Bill: did the invoice go out?\nSue: yes, this morning.", "Bill", "<P>: did"),
]
# The same shapes without a given name.
NOT_CUED_GIVEN = [
    "The report is attached. Regards, Team",
    "Summary: the build passed on every runner.",
    "Note: restart the server after the upgrade.",
    "June: sales were up five percent.",
    "Grant: approved by the finance committee.",
    "I'm Happy with the result.",
    "Hi team the build is green again.",
    "The results are in.\n— June 2024",
]


@pytest.mark.parametrize(("text", "name", "shape"), CUED_GIVEN)
async def test_an_everyday_given_name_after_other_cue_forms_is_redacted(analyzer: PiiAnalyzer, text: str, name: str,
                                                                         shape: str) -> None:
    out = await rewritten(analyzer, text)
    assert name not in out
    assert shape in out


@pytest.mark.parametrize("text", NOT_CUED_GIVEN)
async def test_cue_shapes_without_a_given_name_change_nothing(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text


# FP1 B: a found surname that is an English word, as the word opening a later sentence; and as the name there.
OPENING_WORDS = [
    ("Dear Ms. Black, thanks for calling. Black Friday sales start soon.", "Black Friday sales"),
    ("Dear Mr. Long, thanks for calling. Long meetings waste time.", "Long meetings"),
    ("Dear Mr. Stone, thanks for calling. Stone floors are cold.", "Stone floors"),
    ("Dear Ms. Cook, thanks. Cook times vary by oven.", "Cook times"),
]
OPENING_NAMES = [
    ("Dear Ms. Black, thanks for calling. Black said she would call back.", "Black said"),
    ("Dear Mr. Long, thanks. Long's report is attached.", "Long's"),
    ("Dear Mr. Stone, thanks. Stone, can you confirm the date?", "Stone,"),
    ("Dear Mr. Frost, thanks. I spoke with Frost yesterday.", "Frost yesterday"),
]


@pytest.mark.parametrize(("text", "kept"), OPENING_WORDS)
async def test_a_found_surnames_word_opening_a_sentence_stays(analyzer: PiiAnalyzer, text: str, kept: str) -> None:
    out = await rewritten(analyzer, text)
    assert "<P>" in out
    assert kept in out


@pytest.mark.parametrize(("text", "gone"), OPENING_NAMES)
async def test_a_found_surname_opening_a_sentence_as_a_name_is_redacted(analyzer: PiiAnalyzer, text: str,
                                                                        gone: str) -> None:
    out = await rewritten(analyzer, text)
    assert gone not in out


# Held-out review: a form that is a word before a place or a tea, a rank after an abbreviated one; a possessive opening
# a sentence is the name.
@pytest.mark.parametrize("text", ["Miss Saigon opens next week.", "A pot of Lady Grey tea with lemon, please.",
                                  "The Det. Sgt. rank list is attached."])
async def test_word_forms_before_a_place_a_phrase_or_a_rank_change_nothing(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text


async def test_a_possessive_opening_a_sentence_is_the_name(analyzer: PiiAnalyzer) -> None:
    out = await rewritten(analyzer, "Dear Mr. King, thanks. King's invoice is overdue.")
    assert "King" not in out and "<P>'s invoice" in out
