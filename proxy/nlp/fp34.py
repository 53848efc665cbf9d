"""Eponyms in CJK text (issue 12, "No side doors": atk33 FP03).

A Latin surname written right before a CJK technical noun names a method, a theorem, a filter or a distribution, not
a person: `请用 Taylor 级数展开`, `用 Newton 法求根`, `Kalman 滤波器`, `Pearson 相关系数`, `Bloom 过滤器`,
`Hamilton 回路`, `Fisher 信息矩阵`, `Taylor 展開で`, `Kalman フィルタ`, `Kalman 필터`. `proxy.nlp.cjk33.cjk_widened`
drops a PERSON finding of Latin words set apart by CJK text when one of these words follows it (glued, or a space
apart). Only words no one writes right after a person's name: `法` not before `官`/`师`/`院`/`律` (`Smith法官` is a
judge); no `先生`, `老师`, `的`. A name before anything else (`Taylor先生`, `联系Taylor处理`) is left to the rules.

A cheap `match` at one offset per finding; pure functions, CPU only.
"""

from __future__ import annotations

import re

Result = tuple[str, int, int, float]

# Chinese (simplified and traditional), Japanese and Korean technical nouns after an eponym.
_TERM = re.compile(
    "(?:"
    # Chinese
    "级数|級數|展开|展開|法(?![官师師院律学學国國语語兰蘭])|方法|算法|演算法|滤波器?|濾波器?|过滤器|過濾器|"
    "相关系数|相關係數|回路|路径|路徑|矩阵|矩陣|信息矩阵|分布|分佈|定理|定律|公式|变换|變換|"
    "迭代|增益|采样|採樣|抽样|抽樣|求解器|标准形|標準形|函数|函數|积分|積分|级数|方程|检验|檢驗|编码|編碼|链(?!接)|鏈(?!接)|试验|試驗|树|樹|范式|範式|"
    "乘数|乘數|消元|多项式|多項式|常数|常數|猜想|引理|不等式|曲线|曲線|模型|系数|係數|指数|指數|熵|机(?![场場票会會器构構关關])|"
    # Japanese
    "変換|法の|法と|フィルタ|フィルター|連鎖|分布|推定|過程|級数|行列|"
    # Korean
    "급수|방법|법으로|법을|법의|필터|변환|분포|정리(?![해하])|공식|행렬|알고리즘|연쇄"
    ")")


def term_after(text: str, end: int) -> bool:
    """A CJK technical noun right after `end` in `text` (a space apart at most): the Latin word before it is an
    eponym (the module's docstring)."""
    return _TERM.match(text, end + 1 if text.startswith(" ", end) else end) is not None


# ------------------------------------------------------------------------------------------------ atk33 FP02

# A column that names its row (`name`, `title`, `label`): under a table of things (`products`, `cities`: `proxy.nlp.
# sql31._things`) its cells are the things' names (`1|Laser Jet|98.85|` from `SELECT id, name, price FROM products`).
_OWN_NAME = frozenset({"name", "names", "title", "label", "itemname", "productname"})


def row_name_column(header: str) -> bool:
    """Whether a column's header names its row (`name`, `title`): under a table of things, a thing's name."""
    return re.sub(r"[^a-z]", "", header.lower().rsplit(".", 1)[-1]) in _OWN_NAME


# A fixed-width table's header (`Warehouse  Item            Qty   Reorder`): two or more cells of words, two or more
# blanks apart. A row: the lines after it, each of cells two or more blanks apart.
_FW_CELL = re.compile(r"\S+(?: \S+)*")
_FW_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9%#./_-]*(?: [A-Za-z][A-Za-z0-9%#./_-]*)?")
# Headers of a column of things or places (beside `proxy.nlp.tables.column_kind`'s "things").
_THING_HEADS = frozenset({"warehouse", "item", "items", "pop", "site", "datacenter", "depot", "store", "branch",
                          "location", "product", "sku", "region", "city", "hub", "facility"})


def fixed_width_nameless(text: str) -> list[tuple[int, int]]:
    """[start, end) of each cell of a fixed-width table under a header of things or places (`Warehouse`, `Item`,
    `PoP`), and of its header: none holds a person's name."""
    if "\n" not in text or "  " not in text:
        return []
    from proxy.nlp.tables import column_kind

    out: list[tuple[int, int]] = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    i = 0
    while i < len(lines):
        header = lines[i]
        i += 1
        if "  " not in header or "|" in header or "\t" in header or len(header) > 300:
            continue
        heads = [(m.start(), m.group()) for m in _FW_CELL.finditer(header)]
        if len(heads) < 2 or any(" " in header[max(0, s - 1):s] and s > 0 and header[s - 2:s] != "  "
                                 for s, _ in heads[1:]) or not all(_FW_HEAD.fullmatch(h) for _, h in heads):
            continue
        things = [h.lower() in _THING_HEADS or column_kind(h) == "things" for _, h in heads]
        if not any(things):
            continue
        rows: list[tuple[int, int]] = []
        j = i
        while j < len(lines) and lines[j].strip() and "|" not in lines[j] and "\t" not in lines[j]:
            cells = [(m.start(), m.end()) for m in _FW_CELL.finditer(lines[j])]
            if len(cells) > len(heads) or any(lines[j][max(0, a - 2):a] not in ("  ", "") for a, _ in cells[1:]):
                break
            for a, b in cells:
                k = max((n for n, (s, _) in enumerate(heads) if s <= a + 1), default=0)
                if things[k]:
                    rows.append((offsets[j] + a, offsets[j] + b))
            j += 1
        if j > i or j == len(lines) or (j == len(lines) - 1 and not lines[j]):
            # (a stream's window may hold the header and one row, or none yet: the header and its line break, fp35)
            out.extend((offsets[i - 1] + s, offsets[i - 1] + s + len(h)) for s, h in heads)  # the header's words
            out.extend(rows)
            i = j
    return out


_GAP = re.compile(r"\S {2,}\S")


def fixed_width_filtered(text: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON and LOCATION findings that start in a cell of a fixed-width table's column of things
    or places (`fixed_width_nameless`), nor a phone number read across two of a row's cells (`1776  459`)."""
    if "\n" not in text or "  " not in text or not found:
        return found
    cells = fixed_width_nameless(text)
    if not cells:
        return found
    lo, hi = cells[0][0], cells[-1][1]
    lo = text.rfind("\n", 0, lo) + 1
    hi_nl = text.find("\n", hi)
    hi = len(text) if hi_nl < 0 else hi_nl
    return [r for r in found
            if not (r[0] in ("PERSON", "LOCATION") and any(a <= r[1] < b for a, b in cells))
            and not (r[0] == "PHONE_NUMBER" and lo <= r[1] and r[2] <= hi and _GAP.search(text, r[1], r[2]))]
