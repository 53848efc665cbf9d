"""contact22 (atk22b M1): display names in mail fields and invite lines.

Reads `bench/data/mail_names22_people.txt` (lines with a person's display name; the name's words after a tab) and
`bench/data/mail_names22_fp.txt` (PII-free look-alikes: roles, teams, robots, organisations), analyses each line in
process (no worker, the default policy's entities) and prints the people whose words are left and the PII-free lines
whose PERSON findings altered them.

    PYTHONPATH=$PWD .venv/bin/python bench/mail_names22.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _analyze_chunks  # noqa: E402

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    return [line for line in (DATA / name).read_text().splitlines() if line.strip() and not line.startswith("#")]


def main() -> None:
    people = [line.split("\t") for line in _lines("mail_names22_people.txt")]
    fp = _lines("mail_names22_fp.txt")
    texts = [t for t, _ in people] + fp
    found = _analyze_chunks(DEFAULT_SPACY_MODEL, texts, ["PERSON"])
    left = 0
    for (text, name), spans in zip(people, found[:len(people)], strict=True):
        covered = [text[a:b] for e, a, b, s in spans if e == "PERSON" and s >= 0.4]
        missing = [w for w in name.split() if not any(w in c for c in covered)]
        if missing:
            left += 1
            print(f"left   {text!r}: {missing}")
    altered = 0
    for text, spans in zip(fp, found[len(people):], strict=True):
        hits = [text[a:b] for e, a, b, s in spans if e == "PERSON" and s >= 0.4]
        if hits:
            altered += 1
            print(f"fp     {text!r}: {hits}")
    print(f"people with a word left: {left}/{len(people)}; PII-free lines altered (PERSON): {altered}/{len(fp)}")


if __name__ == "__main__":
    main()
