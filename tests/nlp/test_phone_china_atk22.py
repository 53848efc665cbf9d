"""atk22b M3 (issue 12): Chinese mobile numbers after the words Chinese texts put before them.

A Chinese mobile number has 11 digits from `13` to `19`. Unbroken after `手机：` it was redacted (a context word of
Presidio's), but not after `请拨打` (please dial), `微信`/`WeChat` (whose id is most often the mobile number), nor in
its printed 3-4-4 groups after `电话：` or `手机：` (no other country's valid number, about half went out). Now such a
number right after a phone word is one when it is a valid Chinese number; the same digits after other words stay.
Arabic `رقمي` (my number) is a phone word too. Other values than the tester's.
"""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

CUED = [
    ("请拨打13761120458咨询", "13761120458"),
    ("如有问题请拨打 159 2233 4410", "159 2233 4410"),
    ("微信：18675093321", "18675093321"),
    ("加我微信 177 0135 2468 备注姓名", "177 0135 2468"),
    ("WeChat: 15821907763", "15821907763"),
    ("my wechat is 136 2290 1187", "136 2290 1187"),
    ("电话：189 0611 4376", "189 0611 4376"),
    ("手机：138 4102 2287", "138 4102 2287"),
    ("联系电话：150 1234 9876", "150 1234 9876"),
    ("手機：0933 ... 或 158-2231-0045", "158-2231-0045"),
    ("致电 13912345670 预约", "13912345670"),
    ("联系方式：18800112233", "18800112233"),
    ("رقمي 0501234567 للتواصل", "0501234567"),
]


@pytest.mark.parametrize(("text", "number"), CUED)
async def test_a_chinese_mobile_after_a_phone_word_is_a_phone_number(analyzer: PiiAnalyzer, text: str,
                                                                     number: str) -> None:
    assert ("PHONE_NUMBER", number) in await found(analyzer, text)


UNCUED = [
    "订单号：13812345678",            # an order number
    "运单号 138 1234 5678 已发货",     # a waybill number
    "微信支付 共计 138 元",             # WeChat Pay, an amount
    "版本 1.3.8 发布于 2024 年",
    "请求耗时 13812 ms",
    "Build 13812345678 passed",
]


@pytest.mark.parametrize("text", UNCUED)
async def test_the_same_digits_after_other_words_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert {f for f in await found(analyzer, text) if f[0] == "PHONE_NUMBER"} == set()
