"""Linear time of the normalised view on adversarial inputs: CPU time at n and 4n characters, and the ratio.

    .venv/bin/python bench/normalize_linear.py [--size 25000]

Each family below is an input built to make a separator, gap or address rule backtrack (long runs between digit
groups, runs around an `@`, repeated near-values, markup the second reading lays out). `proxy.nlp.normalize.normalize`,
the squeezed view (`squeezed`, then `normalize`, as the analysis does for long texts) and the second reading
(`uncommented`) run on the family's input at `--size` characters and at four times that. A linear pass takes about
4x the time at 4x the size; the script prints every ratio and exits 1 when one passes 8 (quadratic would be ~16).
The tests in tests/nlp run the same inputs for their results; the time is measured here, not in a timed unit test
(issue 12).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.nlp.normalize import normalize, squeezed, uncommented  # noqa: E402


def _repeat(unit: str, n: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (n - len(head) - len(tail)) // len(unit)) + tail


FAMILIES: dict[str, Callable[[int], str]] = {
    "dash run between groups": lambda n: _repeat("-", n, "617", "555"),
    "617- repeated": lambda n: _repeat("617-", n),
    "digit + 64 dashes": lambda n: _repeat("1" + "-" * 64, n),
    "digits + mixed separators": lambda n: _repeat("617" + "-.*~|" * 20, n),
    "a@ + spaces": lambda n: _repeat("a@" + " " * 64, n),
    "lines of dashes": lambda n: _repeat("617\n" + "-" * 70 + "\n", n),
    "digit + asterisks": lambda n: _repeat("*", n, "4"),
    "digit + _- pairs": lambda n: _repeat("1" + "_-" * 40, n),
    "spaced mailbox dots": lambda n: _repeat("jane" + " " * 60 + "." + " " * 60, n, tail="@example.com"),
    "one space run": lambda n: _repeat(" ", n, "1", "x"),
    "one newline run": lambda n: _repeat("\n", n, "1", "x"),
    "617 + spaces": lambda n: _repeat("617" + " " * 7, n),
    "617 + blank lines": lambda n: _repeat("617\n\n\n\n\n\n\n", n),
    "a@ + newline spaces": lambda n: _repeat("\n ", n, "a@", "x"),
    "IBAN group lines": lambda n: _repeat("GB82\n\n", n),
    "1 + space newline": lambda n: _repeat("1 \n", n),
    "digits in emphasis pairs": lambda n: _repeat("1**1**", n),
    "card groups, a digit in a pair": lambda n: _repeat("4111 1**1**11 ", n),
    "IBAN heads, a digit in a pair": lambda n: _repeat("DE89 0**5**32 ", n),
    "backslash-escaped dashes": lambda n: _repeat("\\-", n, "7", "7"),
    "digit, backslash-escaped dot": lambda n: _repeat("1\\.", n),
    # atk9 B-H2, B-H3, B-L1, B-L5: the second reading's markup and the dash letters and dots
    "dash letters, a long group last": lambda n: _repeat("1\u30fc", n, tail="1234567"),
    "middle dots before an @": lambda n: _repeat("a\u00b7", n, tail="@x"),
    "lone tags glued to words": lambda n: _repeat("a<x> ", n),
    "unclosed tags, spaces": lambda n: _repeat("<b" + " " * 30, n),
    "processing instructions open": lambda n: _repeat("<?", n),
    "wiki quotes": lambda n: _repeat("''a", n),
    "BBCode openings, one closing": lambda n: _repeat("[b]", n, tail="[/b]"),
    # fold31: iCalendar/vCard folds, CSS, RTF and quoted-printable header escapes (`proxy.nlp.fold31`)
    "iCalendar folds, one logical line": lambda n: _repeat("\r\n a", n, "BEGIN:VCARD\r\nNOTE:x"),
    "indented lines after a property": lambda n: _repeat("x\n y\n", n, "SUMMARY:a\n"),
    "CSS declarations never closed": lambda n: _repeat("a:'\\46 ", n),
    "RTF hex escapes": lambda n: _repeat("\\'46", n, "{\\rtf1 "),
    "QP escapes on a Subject line": lambda n: _repeat("=20a", n, "Subject: "),
}


def cpu(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        normalize(squeezed(text).text)
        normalize(text)
        uncommented(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=25_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = ap.parse_args()
    normalize("warm up 617-555-0143 jane@example.com")
    worst = 0.0
    print(f"{'family':28} {'ms @ n':>8} {'ms @ 4n':>8} {'ratio':>6}")
    for name, build in FAMILIES.items():
        small, large = cpu(build(args.size), args.repeat), cpu(build(4 * args.size), args.repeat)
        ratio = large / small if small > 0 else 0.0
        worst = max(worst, ratio)
        print(f"{name:28} {small * 1000:8.1f} {large * 1000:8.1f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (linear ~4, quadratic ~16; fails above 8)")
    return 1 if worst > 8 else 0


if __name__ == "__main__":
    sys.exit(main())
