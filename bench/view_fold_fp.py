"""What the view's folds for issue 12 (separators between digit groups, keycaps, words glued to a value, HTML
tags, quoted mailboxes) and the patterns' readings (`_` as a word edge, hyphens inside words) do to text
without values or codenames (false positives).

    .venv/bin/python bench/view_fold_fp.py [--seed 12] [--show 8] [--out FILE]

PII analysis (`proxy.nlp.pii._analyze_view`, inline, the regex entity types only: e-mail, phone, card,
SSN, IBAN, IP address; no NER, which the folding does not feed) at the default policy's floor (0.4) on
texts that hold no such value:
- `bench/data/technical_prompts.txt`, `technical_prompts_holdout.txt` and `technical_logs.txt` (`bench/pii_fp.py`'s
  technical sets), `bench/data/ordinary_non_english.txt` and faker's lorem and names of `bench/pii_fp.py` and
  `bench/pattern_fold_fp.py` (other scripts);
- numbers written in ways the folding must leave alone, generated (seeded): arithmetic with every symbol
  (`3*4*5`, `12^34^5`, `7 x 8 x 9`), versions, dates, times, ranges, sizes, table rows, thousands with `'`,
  `key:value` and `word-number` ids (epoch timestamps, build numbers, tickets), hashes, ports;
- code and markup (generated: generics, HTML with and without attributes, decorators, `user@host` accounts,
  package pins, snake_case and hyphenated words);
- code shaped like markup, dash letters and dots (generated: generics, comparisons, placeholders, XML rows, `a[b]`,
  `x^2^3`, `a++ + ++b`, docstrings, middle-dot products, Japanese and Korean numbers with a dash letter that are no
  values; atk9 B-H2, B-H3, B-L1, B-L5);
- number lists (generated: 3 to 5 random numbers of 1 to 4 digits as Markdown and ordered lists, quoted, on
  lines apart, with ` -- ` between them): the worst case of the folds of spread values;
- Markdown escapes (generated: MarkdownV2 bot messages with versions, dates, amounts, tickets; regular expressions,
  Windows paths, LaTeX; `*`, `**`, `~~`, backticks between digits): the backslash and delimiter folds (`escaped`),
  and the same texts as rendered (each `\\X` as X): the escaped texts should find no more than these.
Reports, per set, the texts whose view changed, the texts with a finding, and the texts a `patterns:` rule
(the shipped policies' and `bench/pattern_fold_fp.py`'s review rules, as the check matches them) matches;
`--out` writes the findings for a before/after comparison (run it on the commit before, then after).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pii_fp import DATA, name_cases, ordinary_texts, read_lines  # noqa: E402
from proxy.nlp.normalize import normalize  # noqa: E402

ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
FLOOR = 0.4
SYMBOLS = ["*", "~", "'", "#", "=", "^", "\\", "\u2022", "\u00b7", "x", " x ", " * ", " and ", " to ", " or ", "><",
           ")(", "][", "&", "%", "$", "@", "!", "?", "\u00d7"]


def numbers(seed: int) -> list[str]:
    """Numbers that are not values, written with separators (see the module's docstring)."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(600):  # arithmetic and lists: 3 or 4 operands of 1 to 4 digits, one symbol throughout
        sym = rng.choice(SYMBOLS)
        ops = [str(rng.randint(0, 10 ** rng.randint(1, 4) - 1)) for _ in range(rng.choice((3, 3, 4)))]
        out.append(f"compute {sym.join(ops)} for the table")
    for _ in range(150):
        a, b, c = rng.randint(0, 20), rng.randint(0, 40), rng.randint(0, 200)
        y, mo, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
        h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        n = rng.randint(1_000_000_000, 1_900_000_000)
        k, t = rng.randint(100, 999), rng.randint(100, 999)
        out += [
            f"upgrade to {a}.{b}.{c} then v{a}.{b}.{c}-rc{rng.randint(1, 9)}",
            f"released {y}-{mo:02d}-{d:02d}, {d:02d}/{mo:02d}/{y}, {y}*{mo:02d}*{d:02d}, {y}.{mo:02d}.{d:02d}",
            f"at {h:02d}:{mi:02d}:{s:02d}.{rng.randint(0, 999):03d} and {h:02d}h{mi:02d}",
            f"pages {a}-{c}, items {a}~{c}, {c}..{c + 100}",
            f"resize to {rng.randint(100, 9999)}x{rng.randint(100, 9999)} or {a} x {b} x {c} cm",
            f"| {a} | {b} | {c} | {rng.randint(0, 9999)} |",
            f"total 1'{k}'{t} CHF and {a}'{t}",
            f"ts:{n} created-{n} build-{n}{rng.randint(100, 999)} id={n} epoch {n}",
            f"ticket SRE-{k}, PR #{rng.randint(1, 99999)}, job-{t}-{b}",
            f"ports {rng.randint(1024, 65535)}:{rng.randint(1, 9999)} and {h}:{mi}:{s}",
            f"sha1:{rng.getrandbits(160):040x} and md5-{rng.getrandbits(128):032x}",
            f"scale {rng.randint(1, 9)}*{rng.randint(10, 99)}*{rng.randint(100, 999)}={rng.randint(1000, 99999)}",
            f"grid [{a}][{b}][{c}] and ({a})({b})({c}) and arr[{rng.randint(0, 999)}][{rng.randint(0, 99)}]",
        ]
    return out


def code(seed: int) -> list[str]:
    """Code and markup without values (see the module's docstring)."""
    rng = random.Random(seed)
    words = ["project", "hawk", "eagle", "robin", "deploy", "status", "report", "build", "worker", "queue",
             "client", "server", "cache", "token", "retry", "user", "admin", "service", "proj", "ect", "fal", "con"]
    out = []
    for _ in range(300):
        a, b, c = rng.sample(words, 3)
        out += [
            f"Use List<{a.title()}> and Map<{b.title()}, Vec<u8>> in {c}.rs",
            f"<p>The <b>{a}</b> of the <i>{b}</i> is <a href=\"/docs/{c}\">here</a></p><br>",
            f"@app.route('/{a}') def {b}_{c}(): ssh root@localhost; psql postgres@db.internal",
            f"pip install {a}-{b}=={rng.randint(0, 9)}.{rng.randint(0, 20)} and npm i @{a}/{b}@{rng.randint(1, 9)}.0.0",
            f"the_{a}_{b}_doc.md, {a}-{b}-{c}.yaml, re_{a}_{c}, {a[:3]}-{a[3:]} {b}",
        ]
    return out


def layouts(seed: int) -> list[str]:
    """Lists of 3 to 5 random numbers of 1 to 4 digits laid out as `proxy.nlp.normalize._spread` reads spread
    values (Markdown and ordered lists, quoted groups, blank lines, doubled separators): its worst case, every
    text a list of numbers."""
    rng = random.Random(seed)
    out = []
    for _ in range(300):
        xs = [str(rng.randint(0, 10 ** rng.randint(1, 4) - 1)) for _ in range(rng.choice((3, 3, 4, 5)))]
        out += ["Batch sizes:\n" + "\n".join(f"- {x}" for x in xs),
                "Steps:\n" + "\n".join(f"{i + 1}. {x}" for i, x in enumerate(xs)),
                "sizes = " + " ".join(f'"{x}"' for x in xs),
                "\n\n".join(f"Total {x}" if i == 0 else x for i, x in enumerate(xs)),
                "opts --a " + " -- ".join(xs)]
    return out


def escaped(seed: int) -> list[str]:
    """Markdown escapes and delimiters around digits without values (generated, seeded): Telegram MarkdownV2 bot
    messages (every `-`, `.`, `(`, `)`, `#`, `+` escaped) with versions, dates, times, sizes, tickets and amounts;
    regular expressions, Windows paths, LaTeX; arithmetic, exponents and products with `*`, `**`, `~~` and
    backticks between digits (`proxy.nlp.normalize._backslashes`, `_in_values`)."""
    rng = random.Random(seed)
    out = []
    for _ in range(150):
        a, b, c = rng.randint(0, 20), rng.randint(0, 40), rng.randint(0, 200)
        y, mo, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
        h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        n, k, t = rng.randint(1, 99999), rng.randint(100, 999), rng.randint(1000, 9999)
        w, x, z = rng.randint(1, 9999), rng.randint(1, 999), rng.randint(1, 99)
        out += [
            rf"Build \#{n} of v{a}\.{b}\.{c} finished {y}\-{mo:02d}\-{d:02d} {h:02d}:{mi:02d}:{s:02d} \(exit {z}\)",
            rf"Order \#{t}\-{k} total {w}\.{z:02d} EUR, disk {z}% \- {x}\.{a} GB free, \+{b}% on {d:02d}\.{mo:02d}\.",
            rf"Job {k}\-{t}\-{b} on worker\-{a}\.internal took {x}\.{s}s; ping {c}\.{z} ms",
            rf"match ^\d{{3}}\-\d{{{a % 5 + 2}}}$ or ^v\d+\.\d+\.\d+$ and ^\(\d{{3}}\) \d{{{b % 4 + 3}}}\-\d{{4}}$",
            rf"open C:\Users\dev\.config\app{a}\{k}\.{t}\{y}\-{mo:02d}\log.txt",
            rf"$\frac{{{a}}}{{{b}}} \cdot {c}\,{k:03d}$ and {n}\,{k:03d} items, \${w}\.{z:02d}",
            rf"escape \* and \_ in snake\_case\_{a}, \#{b} and {c}\. item",
            f"compute {a}**{b}**{c}, 2**{z}**2, {w}*{x}*{z} - {k} and x = {k}*{t}*{t}",
            f"sizes {w}*{x}*3 and {k}`{z}`{t}, {k}~~{z}~~{t} and {a}*{b}*{c}-{t}",
        ]
    return out


def shaped(seed: int) -> list[str]:
    """Code, shell and prose that only look like the markup, dashes and dots the second reading and the view read
    (issue 12, atk9 B-H2, B-H3, B-L1, B-L5; generated, seeded): generics and templates (`vector<int>`, `List<String>`,
    `Promise<void>`, `<T>`), comparisons (`a<b>c`, `x==y`), placeholders and redirections (`<stdin>`, `<file>`,
    `2>&1`), XML data rows, array indexes (`a[b]`), `x^2^3`, `a++ + ++b`, `'''docstrings'''`, products with a
    middle dot (`2·3·5·7`), Japanese and Korean numbers with a dash letter that are no values (an
    address's block numbers, ranges, a date)."""
    rng = random.Random(seed)
    words = ["project", "falcon", "osprey", "deploy", "status", "report", "build", "worker", "queue", "client",
             "server", "cache", "token", "retry", "user", "admin", "service", "proj", "ect", "fal", "con"]
    types = ["int", "char", "bool", "float", "double", "long", "string", "void", "number", "any", "T", "String",
             "Integer", "u8", "usize", "i32", "size_t", "auto", "K", "V", "object", "unknown", "str", "dyn Error"]
    out = []
    for _ in range(200):
        a, b, c = rng.sample(words, 3)
        t, u = rng.sample(types, 2)
        n, m, k = rng.randint(0, 255), rng.randint(0, 9999), rng.randint(1, 99)
        out += [
            f"std::vector<{t}> {a}; std::map<{t}, {u}> {b}_{c}; template<typename T> T {a}(T x);",
            f"List<{t}> {a} = new ArrayList<>(); Map<{t},{u}> {b}; Optional<{u}>.empty() in {c}",
            f"async function {a}(): Promise<{t}> {{ return Array<{u}>({m}) as <{t}>{b}; }}",
            f"fn {a}<'a>(x: &'a {t}) -> Result<(), Box<dyn Error>> {{ Vec::<{u}>::new() }}",
            f"if {a}<{b}>{c}: pass  # chained; while (i<n && j>{m}) {{ {a}<{b}>({c}); }}",
            f"usage: {a} <input> <output> [--{b}] <stdin> 2>&1 | tee <file>; cmd <{a}> <{c}>{n}",
            f"{a} < in_{m}.txt > out.txt; cat <<EOF > {b}.conf; <{a}>{m}</{a}> and <{b}/>",
            f"<row><id>{m}</id><{a}>{n}</{a}><{b}>{k}</{b}></row><?xml version=\"1.0\"?><![CDATA[{c}]]>",
            f"{a}[{b}] = {c}[i][j] + x^2^{k} + {a}++ + ++{b}; if ({a}=={b}) {{ {c} == {m}; }}",
            f"'''{a} docstring''' and ''{b}'' then {a}'''{b}''' with ==>{c}== and [b]{a} {b}[/b] {m}",
            f"product {rng.randint(2, 9)}\u00b7{rng.randint(2, 99)}\u00b7{rng.randint(2, 99)}"
            f"\u00b7{rng.randint(2, 9)} = x, "
            f"{a}\u00b7{b}\u00b7{c}, \u6771\u4eac\u00b7\u5927\u962a, v{k}\u30fb{n}\u30fb{m}",
            f"\u6771\u4eac\u90fd\u6e2f\u533a\u829d\u516c\u5712{rng.randint(1, 9)}\u30fc{rng.randint(1, 30)}\u30fc"
            f"{rng.randint(1, 30)} \u7b2c{k}\u30fc{rng.randint(1, 9)}\u7ae0 {m}\u30fc{m + 100}\u5186 "
            f"{rng.randint(1990, 2030)}\u30fc{rng.randint(1, 12):02d}\u30fc{rng.randint(1, 28):02d}",
            f"\uc11c\uc6b8 {rng.randint(1, 99)}\u3161{rng.randint(1, 999)} {k}\u4e00{n} "
            f"\u30b3\u30fc\u30d2\u30fc {m}\u02c9{k} \u0627\u0644\u0640{n}",
        ]
    return out


# The same texts as a Markdown renderer shows them (`\X` as X): what the folds of the escaped texts may find at most
# is what these find (the plain text's own findings, whatever the folds).
_RENDERED = re.compile(r"\\([^\w\s])")


def texts(seed: int) -> dict[str, list[str]]:
    from bench.pattern_fold_fp import more_texts

    return {
        "technical": read_lines(DATA / "technical_prompts.txt"),
        "technical holdout": read_lines(DATA / "technical_prompts_holdout.txt"),
        "logs": read_lines(DATA / "technical_logs.txt"),
        "non-English": [t for _, t in ordinary_texts(seed)] + [t for _, t, _, _ in name_cases(seed)]
        + [t for _, t in more_texts(seed)],
        "numbers": numbers(seed),
        "code": code(seed),
        "code, shaped like markup": shaped(seed),
        "number lists": layouts(seed),
        "markdown escapes": escaped(seed),
        "markdown escapes, as rendered": [_RENDERED.sub(r"\1", t) for t in escaped(seed)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--show", type=int, default=8)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from proxy.config.policy import InputRules, load_policies
    from proxy.guard.checks.base import CheckContext
    from proxy.guard.checks.patterns import PatternCheck
    from proxy.nlp.pii import _analyze_view, _engines
    from proxy.nlp.pii_types import DEFAULT_SPACY_MODEL

    engines = _engines(DEFAULT_SPACY_MODEL)
    rules = sorted({r.regex for p in load_policies(ROOT / "policies").policies.values()
                    for phase in (p.input, p.output) for r in phase.patterns} | {
        r"(?i)\bproject (falcon|osprey)\b", r"(?i)\bbluebird\b"})
    ctx = CheckContext("input", InputRules.model_validate(
        {"patterns": [{"name": f"rule{i}", "regex": r, "action": "flag"} for i, r in enumerate(rules)]}))
    report: dict[str, object] = {}
    findings: dict[str, list[list[str]]] = {}
    for name, items in texts(args.seed).items():
        changed = flagged = matched = 0
        examples = []
        for text in items:
            changed += normalize(text).text != text
            hits = PatternCheck.find(text, ctx)
            if hits:
                matched += 1
                findings.setdefault(name, []).append([text, *sorted({f"pattern: {text[f.start:f.end]}" for f in hits})])
            found = sorted({(e, text[s:t]) for e, s, t, score in _analyze_view(engines, text, ENTITIES)
                            if score >= FLOOR})
            if found:
                flagged += 1
                findings.setdefault(name, []).append([text, *(f"{e}: {v}" for e, v in found)])
                if len(examples) < args.show:
                    examples.append({"text": text, "found": [f"{e}: {v}" for e, v in found]})
        report[name] = {"texts": len(items), "views_changed": changed, "with_a_finding": flagged,
                        "pattern_matches": matched, "examples": examples}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.out is not None:
        args.out.write_text(json.dumps(findings, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
