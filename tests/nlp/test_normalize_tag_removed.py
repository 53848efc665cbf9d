"""Tag characters (U+E0020..U+E007E) read a second time as a person sees them, as nothing (issue 12, atk8 tester A
finding 2): the first reading spells them out as ASCII (what a model reads), the second removes them, and a span
found there maps back over the tag characters."""

from __future__ import annotations

import pytest

from proxy.guard.checks.pii import value_near
from proxy.nlp.normalize import normalize, pattern_readings, uncommented

TEXT = "Project Fal\U000e0041con launches Monday. Mail dana.kerr@exam\U000e0020ple.org now."


def test_the_first_reading_spells_tag_characters_out() -> None:
    assert normalize(TEXT).text == "Project FalAcon launches Monday. Mail dana.kerr@exam ple.org now."


def test_the_second_reading_removes_them_and_maps_back_over_them() -> None:
    bare = uncommented(TEXT)
    assert bare is not None
    assert bare.text == "Project Falcon launches Monday. Mail dana.kerr@example.org now."
    at = bare.text.index("Falcon")
    assert TEXT[slice(*bare.span(at, at + 6))] == "Fal\U000e0041con"
    at = bare.text.index("dana")
    assert TEXT[slice(*bare.span(at, at + len("dana.kerr@example.org")))] == "dana.kerr@exam\U000e0020ple.org"


def test_pattern_rules_read_both() -> None:
    texts = [v.text for v in pattern_readings(TEXT)]
    assert "project falcon launches monday. mail dana.kerr@example.org now." in [t.lower() for t in texts]
    assert any("FalAcon" in t for t in texts)  # the model's reading stays


@pytest.mark.parametrize("text", ["plain ASCII text", "caf\u00e9 cr\u00e8me", "zero\u200bwidth", "a\U000e0001b"])
def test_a_text_without_tag_characters_has_no_second_reading(text: str) -> None:
    assert uncommented(text) is None
    # the view, and the text as written where the view differs (atk11 A H2): no reading without markup
    readings = pattern_readings(text)
    assert len(readings) == (1 if readings[0].text == text else 2) and readings[-1].text == text or len(readings) == 1


def test_a_value_cut_after_a_tag_character_makes_a_joint() -> None:
    assert value_near("Mail dana.kerr@exam\U000e0020", "ple.org now")
    assert not value_near("The end.\U000e0020", " Next one")
