"""PII-free technical text dense with links, read as rendered (atk14 B H2): what the input phase alters, and what the
`patterns:` codename rule matches.

    .venv/bin/python bench/link_text_fp.py [--n 300] [--show N] [--json]

Lines of `bench/data/technical_prompts.txt`, `technical_prompts_holdout.txt`, `technical_atk9_numbers.txt` and
`technical_atk10_numbers.txt` (value-free, numbers included) with their words and numbers turned into links, one syntax
per copy (seeded): Markdown inline (with a title now and then), Markdown images, reference links (their definitions
appended), footnote-like `[n](#ref)` links glued after some numbers (they add a digit to what a reader sees:
`--no-footnotes` leaves them out), Slack `<url|text>`, Jira `[text|url]`, MediaWiki `[url text]`
and `[[text]]`, Org `[[url][text]]`, AsciiDoc `url[text]` and reST `` `text <url>`_ ``. Every text goes through
`Guard.input` under the policy's PII rule only
(`--space-links`: the lines instead with about one space in two made a link that displays a space, atk17 H4:
`[ ](#s)`, a no-break space, `&nbsp;`, `![ ](x.png)`, `[ ][]`, Slack `<url| >`; `--citations`: the lines instead with
a run of citation or footnote markers at the end of each sentence, `[12][13][15]`, `[^3][^4]`, as answers citing
their sources print them, linkview15's leftover) (as `bench/pii_fp.py`); a text is altered when the guard changes it.
The codename rule (`project (falcon|osprey)`) is matched in every `pattern_readings` view. Run on the commit before a
change to the link readings and after it: the altered count must not grow.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pii_fp import DATA, altered, pii_only, read_lines  # noqa: E402
from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.normalize import pattern_readings  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

SOURCES = ("technical_prompts.txt", "technical_prompts_holdout.txt", "technical_atk9_numbers.txt",
           "technical_atk10_numbers.txt")
CODENAME = re.compile(r"(?i)\bproject (falcon|osprey)\b")
_TOKEN = re.compile(r"[A-Za-z][\w.-]*|\d[\d.,:/-]*")


def _url(rng: random.Random) -> str:
    return rng.choice(("https://docs.example.com/", "https://github.com/org/repo/issues/", "#sec-", "/wiki/Page_",
                       "https://en.wikipedia.org/wiki/Topic_(x)")) + str(rng.randint(1, 9999))


def _link(style: str, word: str, url: str, n: int) -> str:
    return {
        "markdown": f"[{word}]({url})", "title": f'[{word}]({url} "see {word}")', "image": f"![{word}]({url}.png)",
        "reference": f"[{word}][r{n}]", "slack": f"<{url if ':' in url else 'https://x.example' + url}|{word}>",
        "jira": f"[{word}|{url if ':' in url else 'https://x.example' + url}]",
        "mediawiki": f"[{url if ':' in url else 'https://x.example' + url} {word}]", "wiki": f"[[{word}]]",
        "org": f"[[{url}][{word}]]", "asciidoc": f"{url if ':' in url else 'https://x.example' + url}[{word}]",
        "rest": f"`{word} <{url}>`_",
    }[style]


STYLES = ("markdown", "title", "image", "reference", "slack", "jira", "mediawiki", "wiki", "org", "asciidoc", "rest")


def linked(text: str, style: str, rng: random.Random, footnotes: bool = True) -> str:
    """`text` with about one token in three (and every number) made a link of `style`; footnote links after some
    numbers."""
    out: list[str] = []
    pos = n = 0
    for m in _TOKEN.finditer(text):
        out.append(text[pos:m.start()])
        word = m.group()
        if word[0].isdigit() or rng.random() < 0.33:
            n += 1
            out.append(_link(style, word, _url(rng), n))
            if word[0].isdigit() and rng.random() < 0.3 and footnotes:
                out.append(f"[{rng.randint(1, 9)}](#ref-{n})")
        else:
            out.append(word)
        pos = m.end()
    out.append(text[pos:])
    body = "".join(out)
    if style == "reference" and n:
        body += "\n\n" + "\n".join(f"[r{i}]: {_url(rng)}" for i in range(1, n + 1))
    return body


SPACE_LINKS = ("[ ](#s)", "[\u00a0](#s)", "[&nbsp;](#s)", "![ ](x.png)", "[ ][]", "<https://x.example| >")


def spaced(text: str, rng: random.Random) -> str:
    """`text` with about one space in two between words made a link that displays a space."""
    return re.sub(r"(?<=\S) (?=\S)", lambda _: rng.choice(SPACE_LINKS) if rng.random() < 0.5 else " ", text)


def cited(text: str, rng: random.Random) -> str:
    """`text` with a run of 2 to 24 citation markers (consecutive numbers or not, one run in five footnotes) at the end
    of each sentence: after a space before its full stop, or after the full stop (a run glued to a word starts no
    link)."""
    def run(m: re.Match[str]) -> str:
        start, count = rng.randint(1, 60), rng.randint(2, 24)
        numbers = (sorted(rng.sample(range(start, start + 3 * count), count)) if rng.random() < 0.5
                   else list(range(start, start + count)))
        caret = "^" if rng.random() < 0.2 else ""
        markers = "".join(f"[{caret}{k}]" for k in numbers)
        stop = m.group() or "."
        return f" {markers}{stop}" if rng.random() < 0.5 else f"{stop}{markers}"

    return re.sub(r"[.!?](?=\s+[A-Z]|$)|(?<![.!?])$", run, text.rstrip())


def texts(n: int, seed: int, footnotes: bool = True, space_links: bool = False,
          citations: bool = False) -> list[str]:
    rng = random.Random(seed)
    lines = [t for name in SOURCES for t in read_lines(DATA / name)]
    rng.shuffle(lines)
    if space_links:
        return [spaced(t, rng) for t in lines[:n]]
    if citations:
        return [cited(t, rng) for t in lines[:n]]
    return [linked(t, STYLES[i % len(STYLES)], rng, footnotes) for i, t in enumerate(lines[:n])]


async def evaluate(n: int, seed: int, footnotes: bool = True, space_links: bool = False,
                   citations: bool = False) -> dict[str, Any]:
    policy = pii_only(load_policies(ROOT / "policies").get("default"))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up"], ["PERSON"])
    guard = Guard(analyzer, None)
    sample = texts(n, seed, footnotes, space_links, citations)
    bad = await altered(guard, policy, sample)
    matched = [t for t in sample if any(CODENAME.search(v.text) for v in pattern_readings(t))]
    return {"texts": len(sample), "altered": len(bad), "codename_matches": len(matched),
            "examples": [{"text": t, "found": f} for t, f in bad]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-footnotes", action="store_true",
                        help="no `[n](#ref)` link glued after a number (it changes the digits a reader sees)")
    parser.add_argument("--space-links", action="store_true",
                        help="the lines with links that display a space between words instead (atk17 H4)")
    parser.add_argument("--citations", action="store_true",
                        help="the lines with runs of citation markers (`[12][13]`, `[^3][^4]`) instead (linkview15)")
    args = parser.parse_args()
    report = asyncio.run(evaluate(args.n, args.seed, not args.no_footnotes, args.space_links, args.citations))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"link-dense PII-free texts: {report['altered']}/{report['texts']} altered, "
          f"{report['codename_matches']} codename rule matches")
    for ex in report["examples"][:args.show]:
        print(f"  {ex['found']} in {ex['text'][:160]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
