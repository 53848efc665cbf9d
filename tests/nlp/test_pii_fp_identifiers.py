"""Issue 12: spaCy's small model tags lower-case identifiers, config keys and abbreviations PERSON when they
stand alone, before a value or after a verb that sets them (`lang`, `Set lang to de.`, `max: en`,
`{"max": "de"}`), and a language code after a name label was read as a lower-case name (`name: en`). They are
no person's name unless something says so; lower-case names with a cue or a second listed part still are
(real Presidio, real spaCy model, the default policy's entities and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize("text", [
    "lang",                              # alone: a whole short field
    "max",                               # a listed first name that engineers write as an identifier
    "null",
    "nan",
    "Set lang to de.",                   # after a verb that sets a key; a language code as the value
    "Set max to de.",
    "Set lib to de.",
    "Set config to de.",
    "Set info to de.",
    "lang: en",                          # a key before a colon at a line's start
    "max: en",
    "lib: en",
    "bin: en",
    "uri: en",
    "workdir: en",
    '{"max": "de"}',                     # a quoted key
    "lang=de",
    "change max to 5",                   # another verb that sets a key
    "field: max",                        # the value of a key that names a key
    "the max value is 5",                # before a noun of keys
    "lang field",
    "max: can you look?",                # the trade-off: a lower-case speaker's label is taken for a key
    "name: en",                          # a language code after a name label
    "name: de",
    "Name: fr",
])
async def test_lower_case_identifiers_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert {(e, t) for e, t in await found(analyzer, text) if e == "PERSON"} == set()


@pytest.mark.parametrize(("text", "name"), [
    ("my name is max", "max"),           # a name cue
    ("name: max", "max"),                # a name label before a name, not a language code
    ("ask max about it", "max"),         # a verb of addressing
    ("max said the build is green", "max"),
    ("jordan smith", "jordan smith"),    # a listed first and last name
    ("name: jane doe", "jane doe"),
    ("contact: jane doe", "jane doe"),
    ("lena", "lena"),                    # a listed first name alone that is no identifier
    ("Max", "Max"),                      # capitalised alone
    ("Set Max to review it.", "Max"),
])
async def test_lower_case_names_with_a_cue_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert ("PERSON", name) in await found(analyzer, text)
