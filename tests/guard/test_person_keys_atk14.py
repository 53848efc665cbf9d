"""atk14 tester B M4: a full name under a key that names a person (`name`, `owner`, `author`, `customer_name`,
`full_name`) is redacted whole: the model found half of it (`Kavya <PERSON_1>`) or none (`{"name":"Meera Thompson"}`
went up whole), while the same names in a sentence are found. Configuration values under such keys (`billing-service`,
`Space Gray`, `Hudson Yards`) stay as sent, and a thing's name that starts with a first name is not taken whole.
Other names than the report's.
"""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_IN, policy, redacted

# M4: names the old code left whole or in part under these keys (found in a sentence).
NAMES = ["Meera Thompson", "Priya Clarke", "Kavya Mitchell", "Maeve Kelly", "Tara Page"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("layout", ["compact name", "spaced owner", "customer_name in a list", "full_name",
                                    "yaml author"])
async def test_a_full_name_under_a_person_key_is_redacted_whole(guard: Guard, name: str, layout: str) -> None:
    text = {"compact name": json.dumps({"id": 3, "name": name}, separators=(",", ":")),
            "spaced owner": json.dumps({"owner": name, "tier": "gold"}),
            "customer_name in a list": json.dumps([{"customer_name": name, "plan": "basic"}]),
            "full_name": json.dumps({"full_name": name}),
            "yaml author": f"title: Quarterly review\nauthor: {name}\nstatus: draft"}[layout]
    verdict = await redacted(guard, policy(input=PII_IN), text)
    sent = verdict.texts[0]
    assert sent is not None, text
    assert [w for w in name.split() if w in sent] == [], sent
    if layout != "yaml author":
        assert json.loads(sent) is not None  # the JSON around the name goes up as sent


@pytest.mark.parametrize("value", ["billing-service", "Space Gray", "Midnight Blue", "Hudson Yards", "Lake Tahoe",
                                   "Platform Team", "Acme Corp", "Release Notes", "Jordan River", "Summer Sale"])
async def test_a_value_under_a_name_key_that_is_no_person_stays(guard: Guard, value: str) -> None:
    text = json.dumps({"name": value, "owner": value}, separators=(",", ":"))
    verdict = await redacted(guard, policy(input=PII_IN), text)
    assert verdict.texts[0] is None, verdict.texts[0]


@pytest.mark.parametrize(("value", "kept"), [("Golden Gate Bridge", "Gate Bridge"), ("Rose Gold", "Gold"),
                                              ("Victoria Station", "Station")])
async def test_a_thing_named_after_a_person_is_not_taken_whole(guard: Guard, value: str, kept: str) -> None:
    """The model reads the first word of these as a name (as before); the words that make the value a thing's
    name are not added to it."""
    text = json.dumps({"name": value}, separators=(",", ":"))
    verdict = await redacted(guard, policy(input=PII_IN), text)
    assert kept in (verdict.texts[0] or text)
