"""Issue 12, F7 of the README-only attack: a log's label before a colon at a line's start (`Traceback:`), a CI
service that is also a first name (`Travis`) and a product written as two words (`Maria DB`) are no person's name
unless something says so (real Presidio, real spaCy model, the default policy's entities and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize("text", [
    "Traceback: File \"app.py\", line 3",
    "Traceback: see the log below",
    "Stacktrace: Error in main",
    "Coredump: Segmentation fault at 0x0",
    "Errno: File \"/etc/app.yaml\" not found",
    "Stderr: File \"app.py\", line 3",
    "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nValueError: bad",
    "merge when Travis is green",
    "Travis CI failed again",
    "wait for Travis",
    "Travis: build passed",
    "Maria DB vs Postgres: which one?",
    "Victoria Metrics or Prometheus for long retention?",
])
async def test_log_labels_and_ci_services_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Ubul: What a wife.", "Ubul"),                          # a speaker at a line's start
    ("Vsevolod: \"Who are you?\"", "Vsevolod"),
    ("Vsevolod: Can you restart the pod?", "Vsevolod"),    # a speaker's technical words are no code
    ("Ubul: What about the API?", "Ubul"),
    ("Efimiya: Deploy v2.3 now", "Efimiya"),
    ("Hi, I'm Travis", "Travis"),                            # a CI service's name with a person's cue
    ("Dear Travis,", "Travis"),
    ("Travis Scott", "Travis Scott"),
    ("ask Travis about the build", "Travis"),
    ("Travis said the build is green", "Travis"),
    ("Maria Lopez wrote the doc", "Maria Lopez"),
])
async def test_names_beside_those_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert ("PERSON", name) in await found(analyzer, text)
