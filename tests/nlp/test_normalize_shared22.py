"""The second and third readings share the caller's normalised view (restleft22: speed20's leftover).

`uncommented` and `unhidden` compare their reading with the normalised view to tell whether it says anything more;
they normalised the chunk again for that, though the PII analysis (`proxy.nlp.pii._analyze_normalised`) and the
toxicity readings (`proxy.guard.checks.scores._readings`) had just normalised it. A caller's view is passed in: the
readings are the same, the chunk is normalised once.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.checks import scores
from proxy.nlp import normalize as nz

TEXTS = [
    "Call 617-<!-- -->555-0143 or mail fal<!-- x -->con@acme.com",
    'Card 4111 1111 1111 <span hidden>9</span>1111, fal<span class="x">con</span>',
    "you are [stu](#a)[pid](#b)",
    "jane.doe$@$example.com and <bdo dir=rtl>moc.emca@enaj</bdo>",
    '<template>4111</template> 4111 1111 1111 1111 <div style="display:none">x</div>',
    "plain text, nothing to lay out",
    "<b>bold</b> only",
]


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each `_normalize` call from now on is the plain normalised view's (`normalize`)."""
    calls: list[bool] = []
    real = nz._normalize

    def counted(text: str, passes: Any) -> Any:
        calls.append(passes is nz._PII_PASSES)
        return real(text, passes)

    monkeypatch.setattr(nz, "_normalize", counted)
    return calls


@pytest.mark.parametrize("text", TEXTS)
def test_the_readings_are_the_same_with_the_callers_view(text: str) -> None:
    normal = nz.normalize(text)
    for reading in (nz.uncommented, nz.unhidden):
        alone, shared = reading(text), reading(text, normal)
        assert (alone is None) == (shared is None), reading
        if alone is not None and shared is not None:
            assert shared.text == alone.text
            assert [shared.span(a, a + 1) for a in range(len(shared.text))] == \
                [alone.span(a, a + 1) for a in range(len(alone.text))]


@pytest.mark.parametrize("text", TEXTS[:5])
def test_a_reading_given_the_view_does_not_normalise_again(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    normal = nz.normalize(text)
    calls = _passes(monkeypatch)
    assert nz.uncommented(text, normal) is not None or nz.unhidden(text, normal) is not None
    assert calls and not any(calls)  # (their own passes only)


def test_the_toxicity_readings_normalise_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _passes(monkeypatch)
    assert scores._readings("you are [stu](#a)[pid](#b)") == ["you are [stu](#a)[pid](#b)", "you are stupid"]
    assert calls.count(True) == 1
