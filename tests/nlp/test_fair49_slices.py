"""A big PII job goes to the workers in half-size slices (fair49): another team's small request waits for a worker
only until a slice in flight ends. A job up to 16,000 characters keeps its ~1,000-character slices."""

from __future__ import annotations

from proxy.nlp.pii import PiiAnalyzer


def _prose(chars: int) -> str:
    out, i = [], 0
    while sum(map(len, out)) < chars:
        out.append(f"Lena Sato met Carlos Mendez in Berlin on visit {i}. ")
        i += 1
    return "".join(out)


def _sizes(texts: list[str]) -> list[int]:
    return [sum(len(piece) for _, _, piece, _ in bundle) for bundle in PiiAnalyzer()._slices(texts)]


def test_a_huge_prompt_is_sliced_at_half_the_chunk_size() -> None:
    text = _prose(80_000)
    sizes = _sizes([text])
    assert max(sizes) <= 500 and len(sizes) >= 160


def test_a_request_of_many_texts_over_the_bound_too() -> None:
    sizes = _sizes([_prose(400)] * 60)  # 60 texts of ~400: 24,000 characters in all
    assert max(sizes) <= 500


def test_a_job_up_to_the_bound_keeps_its_slices() -> None:
    text = _prose(15_000)
    sizes = _sizes([text])
    assert max(sizes) > 900 and len(sizes) <= 17
    assert max(_sizes([_prose(400)] * 30)) >= 800  # 12,000 characters: texts bundled up to ~1,000
