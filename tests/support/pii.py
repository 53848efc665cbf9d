"""One PII analyzer per test process (loading Presidio and spaCy takes seconds), and a scorer.

Test modules wrap `shared_analyzer()` in their own session fixture (or use `tests/nlp/conftest.py`'s `analyzer`):
it runs in one spawned worker
process, like the proxy, so the test process itself never imports Presidio.
"""

from __future__ import annotations

import atexit
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.nlp.pii import PiiAnalyzer

if TYPE_CHECKING:
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard

_ANALYZER: PiiAnalyzer | None = None


# The default policy's PII entities, and its score floor.
DEFAULT_ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]


async def found(analyzer: PiiAnalyzer, text: str) -> set[tuple[str, str]]:
    """(entity, text) of each finding the default policy acts on in `text`."""
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    return {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}


async def person_in(analyzer: PiiAnalyzer, text: str, name: str) -> bool:
    """Every word of `name` inside a PERSON finding of `text`."""
    spans = [value for entity, value in await found(analyzer, text) if entity == "PERSON"]
    return all(any(part in value for value in spans) for part in name.split())


def shared_analyzer() -> PiiAnalyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = PiiAnalyzer(executor="process", workers=1)
        atexit.register(_ANALYZER.terminate)
    return _ANALYZER


class WordScorer:
    """Deterministic toxicity: a word's scores (max over the words present), else 0.01."""

    labels: tuple[str, ...] = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack",
                               "muslim", "female")
    WORDS: dict[str, dict[str, float]] = {
        "idiot": {"toxicity": 0.92, "insult": 0.9},
        "darn": {"toxicity": 0.7},
        "kill": {"toxicity": 0.9, "threat": 0.95},
        "hateful": {"toxicity": 0.85, "identity_attack": 0.75, "muslim": 0.9},
        "women": {"female": 0.9},
        "nasty": {"toxicity": 0.82},
    }

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.calls.append(list(texts))
        out = []
        for text in texts:
            scores = dict.fromkeys(self.labels, 0.01)
            for word, values in self.WORDS.items():
                if re.search(rf"\b{word}\b", text, re.IGNORECASE):
                    for label, value in values.items():
                        scores[label] = max(scores[label], value)
            out.append(scores)
        return out


class BrokenScorer:
    labels = ("toxicity",)

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        raise RuntimeError("model exploded on: " + " ".join(texts))  # must never reach records


async def sent_chat(guard: Guard, policy: Policy, text: str) -> str:
    """`text` as a chat request's user message reaches the provider under `policy` (the request's screening)."""
    from proxy.guard.phases import screen_request
    from proxy.providers import openai

    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, policy, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def streamed_out(guard: Guard, policy: Policy, text: str, size: int) -> str:
    """`text` as a streamed answer reaches the client under `policy`, fed `size` characters at a time."""
    stream = guard.output_stream(policy)
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")
