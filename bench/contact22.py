"""contact22: held-out sets for its rules, each a PII-free file and a people file (a line, a tab, the name's words).

- mail: `mail_names22_fp.txt` (display names of roles, teams, robots, organisations) and `mail_names22_people.txt`
  (people's display names in mail fields and invite lines), atk22b M1;
- legal: `legal_eponyms22_holdout.txt` (laws, doctrines, distributions named after people) and
  `legal_people22_holdout.txt`, atk22b L2;
- fi-devops: `fi_devops22_holdout.txt` (Finnish short lines, DevOps tool sentences) and `fi_devops22_people.txt`,
  atk22a L1.

Each line is analysed in process (no worker; PERSON only); prints the PII-free lines a PERSON finding altered and the
people with a word left outside every PERSON finding.

    PYTHONPATH=$PWD .venv/bin/python bench/contact22.py [--sets mail legal fi-devops]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _analyze_chunks  # noqa: E402

DATA = Path(__file__).parent / "data"
SETS = {
    "mail": ("mail_names22_fp.txt", "mail_names22_people.txt"),
    "legal": ("legal_eponyms22_holdout.txt", "legal_people22_holdout.txt"),
    "fi-devops": ("fi_devops22_holdout.txt", "fi_devops22_people.txt"),
}


def _lines(name: str) -> list[str]:
    return [line for line in (DATA / name).read_text().splitlines() if line.strip() and not line.startswith("#")]


def run(name: str) -> None:
    fp_file, people_file = SETS[name]
    fp = _lines(fp_file)
    people = [line.split("\t") for line in _lines(people_file)]
    found = _analyze_chunks(DEFAULT_SPACY_MODEL, fp + [t for t, _ in people], ["PERSON"])
    altered = 0
    for text, spans in zip(fp, found[:len(fp)], strict=True):
        hits = [text[a:b] for e, a, b, s in spans if e == "PERSON" and s >= 0.4]
        if hits:
            altered += 1
            print(f"  fp    {text!r}: {hits}")
    left = 0
    for (text, words), spans in zip(people, found[len(fp):], strict=True):
        covered = [text[a:b] for e, a, b, s in spans if e == "PERSON" and s >= 0.4]
        missing = [w for w in words.split() if not any(w in c for c in covered)]
        if missing:
            left += 1
            print(f"  left  {text!r}: {missing}")
    print(f"{name}: PII-free lines altered {altered}/{len(fp)}; people with a word left {left}/{len(people)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    for name in parser.parse_args().sets:
        run(name)


if __name__ == "__main__":
    main()
