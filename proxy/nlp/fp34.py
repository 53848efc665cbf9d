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
