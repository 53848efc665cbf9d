"""What restore costs on long HTML and Markdown answers (restore14): `Vault.restore` reads the answer's URLs and
HTML tags (`proxy.guard.urls.kept_spans`) to keep the client's values out of them.

    .venv/bin/python bench/restore_html.py [--repeat 5]

Answers (each holding the client's placeholders in prose, cells, link texts and URLs):
- table: a 100 KB HTML table (`<tr><td>...</td>...</tr>`, links and images in the cells);
- links: 8,000 relative Markdown links (`[page 12](docs/page-12.md)`), one per line;
- prose: 100 KB of sentences with a few tags (`<b>`), no URL;
- data: 2,000 `data:` images in Markdown and `<img>` (restore14's new reading).
Per answer: the whole restore (CPU ms, best of `--repeat`: the machine is shared), and the same answer streamed in
1,000 pieces as the stream windows read it (`restore(piece, before=context)`, `context = url_context(context +
piece)`), in all.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.guard.urls import url_context  # noqa: E402
from proxy.guard.vault import Vault  # noqa: E402

E, P, N = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>", "<PERSON_1>"


def table(size: int = 100_000) -> str:
    rows, i = ["<table><tr><th>Name</th><th>Mail</th><th>Page</th></tr>"], 0
    while sum(map(len, rows)) < size:
        rows.append(f'<tr><td class="n">{N} {i}</td><td>{E}</td><td><a href="p/{i}.html?u={E}">page {i}</a>'
                    f'<img src="i/{i}.png" alt="{N}"></td><td>{P}</td></tr>\n')
        i += 1
    return "".join(rows) + "</table>"


def links(n: int = 8000) -> str:
    return "".join(f"- [page {i} for {N}](docs/page-{i}.md?u={E}) call {P}\n" for i in range(n))


def prose(size: int = 100_000) -> str:
    out, i = [], 0
    while sum(map(len, out)) < size:
        out.append(f"Thanks {N}, order {i} ships <b>today</b>; we mail {E} or call {P} if it is late. ")
        i += 1
    return "".join(out)


def data(n: int = 2000) -> str:
    return "".join(f"![i{i}](data:image/png;base64,iVBORw0KGgo{i}) <img src='data:image/gif;base64,R0lG{i}'> "
                   f"{N} at {E}\n" for i in range(n))


def best(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        f()
        times.append(time.process_time() - t)
    return min(times) * 1000


def streamed(vault: Vault, text: str, pieces: int = 1000) -> None:
    step = max(1, len(text) // pieces)
    ctx = ""
    for k in range(0, len(text), step):
        piece = text[k:k + step]
        vault.restore(piece, before=ctx)
        ctx = url_context(ctx + piece)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    vault = Vault()
    vault.placeholder("EMAIL_ADDRESS", "jane.roe@example.net")
    vault.placeholder("PHONE_NUMBER", "415-555-0177")
    vault.placeholder("PERSON", "Jane Roe")
    print(f"{'answer':8} {'KB':>6} {'whole ms':>9} {'streamed ms':>12}")
    for name, text in (("table", table()), ("links", links()), ("prose", prose()), ("data", data())):
        whole = best(lambda t=text: vault.restore(t), args.repeat)  # type: ignore[misc]
        stream = best(lambda t=text: streamed(vault, t), max(1, args.repeat // 2))  # type: ignore[misc]
        print(f"{name:8} {len(text) / 1000:6.0f} {whole:9.1f} {stream:12.1f}")


if __name__ == "__main__":
    main()
