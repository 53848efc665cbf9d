"""What the look-alike fold of the patterns' view does to real text in other scripts (false positives).

    .venv/bin/python bench/pattern_fold_fp.py [--seed 12] [--show 5]

`pattern_view` reads letters of other scripts that look like Latin ones as those Latin letters
(`proxy.nlp.confusables`, for `patterns:` rules only; PII and toxicity read the text as written). Real
text in those scripts must not start matching rules. On `bench/pii_fp.py`'s non-English sets (faker
names in each locale's sentences, hand-written ordinary sentences, faker lorem) plus faker text of more
locales (Armenian, Georgian, Hebrew, Arabic, Greek, Cyrillic, Indic, Thai, East Asian...), with the
hand-written Cyrillic and Greek table only (before) and with the generated table (after):
- matches of the shipped policies' `patterns:` rules and of `(?i)\\bproject (falcon|osprey)\\b`,
  `(?i)\\bbluebird\\b` (the review's policy), as each `patterns:` rule is matched (`loose`);
- texts whose view gained an all-ASCII word of 4+ letters that the text did not have (what a word
  rule could newly match), with examples.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import proxy.nlp.normalize as normalize_module  # noqa: E402
from bench.pii_fp import name_cases, ordinary_texts  # noqa: E402
from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.checks.patterns import loose  # noqa: E402

MORE_LOCALES = ["hy_AM", "ka_GE", "he_IL", "ar_AA", "fa_IR", "el_GR", "ru_RU", "uk_UA", "bg_BG", "hi_IN", "bn_BD",
                "ne_NP", "th_TH", "zh_CN", "zh_TW", "ja_JP", "ko_KR", "pl_PL", "cs_CZ", "tr_TR", "vi_VN", "az_AZ",
                "hr_HR", "da_DK", "no_NO", "is_IS", "ro_RO", "hu_HU", "lv_LV", "lt_LT", "et_EE"]
PER_LOCALE = 30
REVIEW_RULES = [r"(?i)\bproject (falcon|osprey)\b", r"(?i)\bbluebird\b"]
_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def more_texts(seed: int) -> list[tuple[str, str]]:
    from faker import Faker

    out = []
    for locale in MORE_LOCALES:
        try:
            fake = Faker(locale)
        except AttributeError:
            continue
        fake.seed_instance(seed)
        for _ in range(PER_LOCALE):
            out.append((locale, f"{fake.name()}, {fake.address()}. {fake.sentence(nb_words=10)}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    texts = [("names " + s, t) for s, t, _, _ in name_cases(args.seed)] + ordinary_texts(args.seed) \
        + more_texts(args.seed)
    texts = [(lang, t) for lang, t in texts if not t.isascii()]
    rules = sorted({r.regex for p in load_policies(ROOT / "policies").policies.values()
                    for phase in (p.input, p.output) for r in phase.patterns} | set(REVIEW_RULES))
    compiled = [loose(r) for r in rules]
    after_fold = normalize_module._FOLD
    before_fold = str.maketrans({chr(k): v for k, v in normalize_module._CONFUSABLE.items()})
    report: dict[str, object] = {"texts": len(texts), "rules": rules}
    views = {}
    for name, fold in (("before", before_fold), ("after", after_fold)):
        normalize_module._FOLD = fold
        views[name] = [normalize_module.pattern_view(t).text for _, t in texts]
        matches = [(lang, t) for (lang, t), v in zip(texts, views[name], strict=True)
                   if any(c.search(v) for c in compiled)]
        report[f"matches_{name}"] = len(matches)
        report[f"match_examples_{name}"] = matches[:args.show]
    normalize_module._FOLD = after_fold
    changed = sum(a != b for a, b in zip(views["before"], views["after"], strict=True))
    new_words = []
    for (lang, t), b, a in zip(texts, views["before"], views["after"], strict=True):
        gained = set(_WORD.findall(a)) - set(_WORD.findall(b)) - set(_WORD.findall(t))
        if gained:
            new_words.append({"lang": lang, "words": sorted(gained)})
    report["views_changed_by_the_new_table"] = changed
    report["texts_with_a_new_ascii_word_4plus"] = len(new_words)
    by_lang: dict[str, int] = {}
    for w in new_words:
        by_lang[str(w["lang"])] = by_lang.get(str(w["lang"]), 0) + 1
    report["new_words_by_language"] = dict(sorted(by_lang.items(), key=lambda kv: -kv[1]))
    report["new_word_examples"] = new_words[:args.show]
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
