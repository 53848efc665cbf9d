"""What the stream window's holds cost ordinary answers (issue 12, stream joins): a window never ends inside an open
run of digit words, CJK numerals or Korean digit words, nor inside an open LaTeX math span or an element shown right to
left (`proxy.nlp.normalize.number_open`, `rendered_open`). Ordinary answers full of such characters (English with
numbers in words and dollar amounts, Chinese and Japanese with numerals, Korean with its digit syllables as words,
Markdown with math, HTML) are streamed in `--token`-character tokens through the output PII rule (e-mail, phone) and
a codename rule, analysed inline, as the proxy windows them.

    .venv/bin/python bench/stream_holds.py [--rounds 5] [--token 4] [--repeat 3] [--rules pii|toxicity|patterns]

`--rules toxicity`: the keyword scorer's toxicity rule alone (no output PII: a window never ends inside an open link,
comment or tag, streamleft16); `--rules patterns`: the codename rule alone.

Per answer: the stream's whole check time (CPU time of this process, median of `--rounds`), the characters held
at most, and the mean lag (characters held after each token: how far behind the model the client is, on average).
Run it in two trees (a copy of the script in each: it imports the tree it lies in) and compare.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from proxy.nlp.toxicity import KeywordScorer  # noqa: E402

CODENAMES = {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}
RULES = {
    "pii": {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}, "patterns": [CODENAMES]},
    "toxicity": {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}}},
    "patterns": {"patterns": [CODENAMES]},
}

ANSWERS = {
    "english, numbers in words": (
        "Here is one way to do it. First, open the file and read two or three lines at a time. "
        "The loop runs one, two, three times before it stops; each pass costs $5 and the whole run $15. "
        "If you call the helper with one argument, it returns zero or one. Prices went from $1,200.50 to $990 "
        "in one year, so the budget of $3k covers six or seven more runs. Call it once, then call it again. "),
    "chinese, numerals": (
        "第一步是打开文件，然后读取一行或两行。这个方法一共有三个参数，其中一个是可选的。"
        "我们在二〇二四年做了一次测试，结果显示一切正常。请在一月三日之前提交，一二三四个人参加。\n"
        "第二步，检查一下输出是否正确。如果有问题，请再试一次。"),
    "japanese, numerals": (
        "まず一つ目のファイルを開いて、二行ずつ読みます。三回繰り返したら終わりです。"
        "電話で確認してから、一月に送ってください。合計は五千円でした。\n次に、もう一度試してください。"),
    "korean, digit syllables as words": (
        "이 방법은 일단 파일을 열고 두 줄씩 읽습니다. 이 사람은 오늘 일을 마쳤고, 삼일 후에 다시 옵니다. "
        "전화로 확인한 뒤 이메일을 보내 주세요. 구월 이일에 오후 세 시에 만나요. 이 일은 사실 오래 걸립니다. "),
    "markdown with math": (
        "The area is $\\pi r^2$ and the sum is $$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$ as shown. "
        "For $x \\in \\mathbb{R}$, let $f(x) = x^2$. It costs $5 to print and $10 to bind. "
        "Then \\(a + b\\) is even when both are. Finally $e^{i\\pi} + 1 = 0$.\n"),
    "html": (
        "<p>Read the <b>first</b> section, then the <span class=\"note\">second</span>.</p>\n"
        "<p>Arabic text reads <bdo dir=\"rtl\">right to left</bdo> here, and <i>this</i> is italic.</p>\n"
        "<ul><li>One item.</li><li>Two items.</li></ul>\n"),
    "markdown, links": (
        "See [the install guide](https://docs.example.com/install) and the [FAQ][1] for setup, then read "
        "[the section on upgrades](https://docs.example.com/upgrade#from-older-versions \"Upgrades\") before you "
        "start, and ask in <https://chat.example.com/c/help|#help> or on [[Support]] when stuck; the "
        "`release notes <https://docs.example.com/notes>`_ list what changed and [why it changed][2] in detail\n"
        "[1]: https://docs.example.com/faq\n[2]: https://docs.example.com/why\n"),
}


async def one(guard: Guard, policy: Policy, text: str, token: int) -> dict[str, Any]:
    stream = guard.output_stream(policy)
    out, most, lag = "", 0, []
    started = time.process_time()
    for i in range(0, len(text), token):
        out += await stream.feed("content", text[i:i + token])
        held = stream.held_in("content")
        most = max(most, held)
        lag.append(held)
    out += await stream.end("content")
    return {"s": time.process_time() - started, "held": most, "lag": statistics.mean(lag), "same": out == text}


async def main_async(args: argparse.Namespace) -> None:
    analyzer = PiiAnalyzer(executor="inline", workers=0)  # type: ignore[arg-type]
    await analyzer.start()
    guard = Guard(analyzer, KeywordScorer())
    policy = Policy.model_validate({"name": "bench", "output": RULES[args.rules]})
    await one(guard, policy, "Warm up. " * 20, args.token)
    print(f"tree {ROOT}, rules {args.rules}")
    for name, text in ANSWERS.items():
        text = text * args.repeat
        runs = [await one(guard, policy, text, args.token) for _ in range(args.rounds)]
        ms = statistics.median(r["s"] for r in runs) * 1000
        print(f"{name:34} {len(text):5} chars  {ms:8.1f} ms  held at most {runs[0]['held']:4}  "
              f"mean lag {runs[0]['lag']:6.1f}  unchanged {runs[0]['same']}", flush=True)
    await analyzer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--token", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rules", choices=list(RULES), default="pii")
    asyncio.run(main_async(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
