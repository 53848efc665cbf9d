"""cjk33 (atk31 F20; `proxy.nlp.cjk33`): Latin-script names written inside Chinese, Japanese and Korean text.

- A Latin name glued to CJK letters (`请联系James Smith处理`, `担当はDmitri Volkovさんです`, `James Smith님께`), inside
  WeChat/DingTalk/Feishu/LINE system lines (`【X】已加入群聊`, `X撤回了一条消息`, `"X"邀请"Y"加入了群聊`,
  `XさんがYさんを招待しました`) and before a CJK role (`联系人：Priya Raman（经理）`) is redacted, its own characters
  only: the CJK words glued to it stay.
- Product, place and tech names inside CJK text (`使用Visual Studio Code调试`, `Apple Watch的电池`) stay as written.
Input and output (whole, and streamed in small chunks). Each list: the tester's texts (tuned on), then held-out
ones (`# held-out`).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.cjk33 import cjk_points, cjk_trimmed, cjk_widened
from proxy.nlp.normalize import normalize, structure_spaced
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

RULE = {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}
P = policy(input={"pii": {**RULE, "restore": True}}, output={"pii": RULE})

# (text, the name, what the text must read with the name replaced: `@` stands for the placeholder)
NAMES = [
    # atk31 (tuned on)
    ("请联系James Smith处理这个问题。", "James Smith", "请联系@处理这个问题。"),
    ("明天和Priya Raman开会。", "Priya Raman", "明天和@开会。"),
    ("担当はDmitri Volkovさんです。", "Dmitri Volkov", "担当は@さんです。"),
    ("【Kenji Watanuki】已加入群聊", "Kenji Watanuki", "【@】已加入群聊"),
    ("【Margaret Okafor】邀请你加入了群聊", "Margaret Okafor", "【@】邀请你加入了群聊"),
    ("James Smith撤回了一条消息", "James Smith", "@撤回了一条消息"),
    ("联系人：Priya Raman（经理）", "Priya Raman", "联系人：@（经理）"),
    # held-out: other names, zh (simplified, traditional), ja honorifics, ko, system lines, roles
    ("请把报告发给Oluwaseun Adeyemi。", "Oluwaseun Adeyemi", "请把报告发给@。"),
    ("下周三和Carlos Mendoza见面讨论合同。", "Carlos Mendoza", "下周三和@见面讨论合同。"),
    ("這件事請聯繫Margaret Thornton處理。", "Margaret Thornton", "這件事請聯繫@處理。"),
    ("我們明天跟Ingrid Halvorsen開會。", "Ingrid Halvorsen", "我們明天跟@開會。"),
    ("担当はHeinrich Baumgartnerさんです。", "Heinrich Baumgartner", "担当は@さんです。"),
    ("Fatima Al-Rashid様にメールを送ってください。", "Fatima Al-Rashid", "@様にメールを送ってください。"),
    ("明日Tobias Lindqvist氏と打ち合わせがあります。", "Tobias Lindqvist", "明日@氏と打ち合わせがあります。"),
    ("Elena Kowalczyk先生の授業は面白い。", "Elena Kowalczyk", "@先生の授業は面白い。"),
    ("Rafael Domínguez님께 전달해 주세요.", "Rafael Domínguez", "@님께 전달해 주세요."),
    ("내일 Aisha Mwangi님과 회의가 있습니다.", "Aisha Mwangi", "내일 @님과 회의가 있습니다."),
    ("Siobhan Gallagher씨에게 연락하세요.", "Siobhan Gallagher", "@씨에게 연락하세요."),
    ("【Lukas Brenner】已加入群聊", "Lukas Brenner", "【@】已加入群聊"),
    ("Marcus Whitfield撤回了一条消息", "Marcus Whitfield", "@撤回了一条消息"),
    ("Beatriz Carvalho邀请你加入了群聊", "Beatriz Carvalho", "@邀请你加入了群聊"),
    ("你已添加了Gregor Novak，现在可以开始聊天了。", "Gregor Novak", "你已添加了@，现在可以开始聊天了。"),
    ("Anders Bjorklund拍了拍你", "Anders Bjorklund", "@拍了拍你"),
    ("联系人：Chidi Okonkwo（经理）", "Chidi Okonkwo", "联系人：@（经理）"),
    ("负责人：Wilhelmina Strauss（项目总监）", "Wilhelmina Strauss", "负责人：@（项目总监）"),
    ("担当者：Pierre Lefebvre（部長）", "Pierre Lefebvre", "担当者：@（部長）"),
    ("「Naomi Fischer」さんが退出しました", "Naomi Fischer", "「@」さんが退出しました"),
    # names the model read in part (`Amara` or `Deshpande` left): the run of capitalised words set apart, whole
    ("先ほどRohan Deshpandeさんに電話しました。", "Rohan Deshpande", "先ほど@さんに電話しました。"),
    ("你邀请Amara Osei加入了群聊", "Amara Osei", "你邀请@加入了群聊"),
    ("麻烦把合同转给Amara Osei签字。", "Amara Osei", "麻烦把合同转给@签字。"),
    # a person's name before words that are no thing's (his book, his films): still a name
    ("James Smith的书在哪里？", "James Smith", "@的书在哪里？"),
    ("Christopher Nolan电影推荐", "Christopher Nolan", "@电影推荐"),
]
# Two names in one system line (held-out): each replaced, the words between them kept.
PAIRS = [
    ('"Hannah Kowalski"邀请"Diego Alvarez"加入了群聊', '"@"邀请"@"加入了群聊'),
    ("\u201cHannah Kowalski\u201d邀请\u201cDiego Alvarez\u201d加入了群聊", "\u201c@\u201d邀请\u201c@\u201d加入了群聊"),
    ("Yusuf DemirさんがNaomi Fischerさんを招待しました", "@さんが@さんを招待しました"),
    ("【Carlos Mendoza】已加入群聊。担当はElena Kowalczyk先生です。", "【@】已加入群聊。担当は@先生です。"),
]
UNCHANGED = [
    # atk31's look-alikes (tuned on)
    "使用Visual Studio Code调试",
    "部署到Google Cloud",
    "请用Python Flask写",
    "在Microsoft Teams里",
    "Apple Watch的电池",
    "用GitHub Actions",
    "Stack Overflow上",
    "New York的天气",
    # held-out: other products, places, tech words in zh, ja, ko
    "Visual Studio Codeでデバッグする方法を教えて",
    "Google Cloudにデプロイしてください",
    "Amazon Web Services의 요금은?",
    "請在Microsoft Excel裡建立表格",
    "我在Los Angeles工作",
    "请用Ruby on Rails重写",
    "用Adobe Photoshop修图",
    "Raspberry Pi的GPIO",
    "在Android Studio中运行",
    "Google Chromeの拡張機能",
    "Slackの通知設定",
    "Spring Boot项目结构",
    "Star Wars系列电影",
    "Jupyter Notebook里画图",
    # a run of Latin words before a CJK word for a thing names the thing (`Harry Potter这本书` tuned on, then held-out)
    "Harry Potter这本书",
    "Rolling Stone杂志",
    "Nike Air Max鞋",
    "Hello Kitty周边",
    "Toy Story这部电影",
    "Louis Vuitton包包",
    "Mickey Mouse图案",
]


def _placeheld(text: str) -> str:
    """`text` with each placeholder written `@`."""
    import re

    return re.sub(r"<PERSON_\d+>", "@", text)


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _both(guard: Guard, text: str) -> tuple[str, str]:
    """The text as the input phase sends it, and as the output phase returns it as the model's answer."""
    sent = await guard.input(P, [text])
    question = await guard.input(P, ["Explain."])
    answer = await guard.output(P, [text], question.vault)
    return sent.texts[0] or text, answer.texts[0] or text


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(P)
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


def _spaced(text: str) -> str:
    out, last = [], 0
    for p in cjk_points(text):
        out += [text[last:p], " "]
        last = p
    return "".join(out) + text[last:]


def test_points() -> None:
    text = "请联系James Smith处理，【Kenji】、联系人:Chidi(经理)\"Hannah\"邀请"
    assert _spaced(text) == "请联系 James Smith 处理，【 Kenji 】、联系人: Chidi (经理)\"Hannah\" 邀请"
    assert _spaced("担当はDmitri Volkovさん、James Smith님") == "担当は Dmitri Volkov さん、 James Smith 님"
    assert cjk_points("use Visual Studio Code, then deploy") == []
    assert cjk_points("Müller schrieb: Grüße") == []
    assert cjk_points("东京 Tokyo 大阪") == []


def test_trimmed() -> None:
    text = "【 Carlos Mendoza 】已加入群聊"
    assert cjk_trimmed(text, 2, 17) == (2, 16)
    assert cjk_trimmed(text, 0, 16) == (2, 16)
    assert cjk_trimmed("李明】", 0, 3) == (0, 3)  # no Latin letter: not this module's
    assert cjk_trimmed("Jane Doe", 0, 8) == (0, 8)


def test_widened() -> None:
    text = "先ほどRohan Deshpandeさんに電話しました。"
    assert cjk_widened(text, [("PERSON", 3, 8, 0.85)]) == [("PERSON", 3, 18, 0.85)]
    assert cjk_widened(text, [("PERSON", 3, 8, 0.85), ("PERSON", 9, 18, 0.85)]) == [("PERSON", 3, 18, 0.85)]
    text = "Rohan Deshpande and Amara Osei 开会"  # `Rohan Deshpande` is not set apart by CJK text
    assert cjk_widened(text, [("PERSON", 0, 5, 0.85)]) == [("PERSON", 0, 5, 0.85)]
    assert cjk_widened(text, [("PERSON", 26, 30, 0.85)]) == [("PERSON", 26, 30, 0.85)]  # `and Amara Osei`: no run
    assert cjk_widened("用Google Sheets做表", [("URL", 1, 7, 0.5)]) == [("URL", 1, 7, 0.5)]
    assert cjk_widened("Hello Kitty周边商品", [("PERSON", 6, 13, 0.85)]) == []  # `Kitty`, then a thing's word
    assert cjk_widened("hi Kitty说了", [("PERSON", 3, 10, 0.85)]) == [("PERSON", 3, 8, 0.85)]  # the name only
    assert cjk_widened("Harry Potter这本书", [("PERSON", 0, 12, 0.85)]) == []


def test_view_maps_back() -> None:
    text = "请联系James Smith处理这个问题。"
    view = structure_spaced(normalize(text))
    start = view.text.index("James Smith")
    assert view.text == "请联系 James Smith 处理这个问题。"
    assert view.span(start, start + len("James Smith")) == (3, 3 + len("James Smith"))


@pytest.mark.parametrize(("text", "name", "want"), NAMES)
async def test_names(guard: Guard, text: str, name: str, want: str) -> None:
    sent, answer = await _both(guard, text)
    assert _placeheld(sent) == want
    assert _placeheld(answer) == want


@pytest.mark.parametrize(("text", "want"), PAIRS)
async def test_pairs(guard: Guard, text: str, want: str) -> None:
    sent, answer = await _both(guard, text)
    assert _placeheld(sent) == want
    assert _placeheld(answer) == want


@pytest.mark.parametrize(("text", "name", "want"), NAMES[::3])
@pytest.mark.parametrize("size", [2, 5])
async def test_names_streamed(guard: Guard, text: str, name: str, want: str, size: int) -> None:
    out = await _streamed(guard, text, size)
    assert name.split()[-1] not in out
    assert _placeheld(out) == want


@pytest.mark.parametrize("text", UNCHANGED)
async def test_unchanged(guard: Guard, text: str) -> None:
    assert await _both(guard, text) == (text, text)


@pytest.mark.parametrize("text", UNCHANGED[::4])
async def test_unchanged_streamed(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text, 3) == text
