"""Issue 12, atk25 F04, F06, F10, F11 (`proxy.guard.names26`, `proxy.nlp.names26`): names the request side let go.

- F04: a name joined by `_` or run together in an id field with a letter outside ASCII, a middle initial, a particle,
  capitals, a lower-case given name, or digits after it (`Anna_Müller`, `John_A_Smith`, `MariaSchmidt42`).
- F06: `SURNAME, GIVEN` in accented capitals (`GARCÍA, JOSÉ`), a Vietnamese given name after its middle name
  (`Nguyễn Văn An`), a surname no list holds under `last` (`{"first": "Priya", "last": "Raghunathan"}`).
- F10: Chinese names with a compound surname (`司马光说`, `我和慕容复开会`, `抄送：慕容复、令狐冲`), romanised ones.
- F11: a tool's name holding a `_`-joined person name refuses the request (`name_text`).

Each with held-out names (other names, other shapes) and PII-free look-alikes that must reach the provider as sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24, names26
from proxy.guard.engine import Guard
from proxy.guard.phases import NAME_TEXT_CHECK, InputVerdict, screen_request
from proxy.nlp import names26 as nlp26
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _screen(guard: Guard, kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], InputVerdict]:
    """The body as it goes upstream (screened as `proxy.flow` screens it), and the verdict."""
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == "messages" else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        verdict = await screen_request(guard, policy(input=PII), slots)
    return body, verdict


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    return (await _screen(guard, kind, body))[0]


async def _text(guard: Guard, text: str) -> str:
    sent = await _sent(guard, "chat", {"model": "m", "messages": [{"role": "user", "content": text}]})
    out = sent["messages"][0]["content"]
    assert isinstance(out, str)
    return out


def _id_bodies(value: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "user": value}),
        ("chat", {"model": "m", "messages": [{"role": "user", "name": value, "content": "hi"}]}),
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "safety_identifier": value}),
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "prompt_cache_key": value}),
        ("responses", {"model": "m", "input": "hi", "user": value}),
        ("messages", {"model": "c", "max_tokens": 5, "metadata": {"user_id": value},
                      "messages": [{"role": "user", "content": "hi"}]}),
    ]


# ------------------------------------------------------------------------------------------------ F04

F04_NAMES = [  # (id value, a part that must not go up)
    ("Anna_Müller", "Müller"), ("Jürgen_Müller", "Jürgen"), ("José_García", "García"), ("John_A_Smith", "Smith"),
    ("Maria_von_Schmidt", "Schmidt"), ("MariaSchmidt42", "Schmidt"), ("JohnSmith1985", "Smith"),
    ("SMITH_JOHN", "SMITH"), ("maria_Schmidt", "Schmidt"),
]
F04_HELD_OUT = [
    ("Zoë_Schäfer", "Schäfer"), ("François_Lefèvre", "Lefèvre"), ("Björn_Andersson", "Andersson"),
    ("Łukasz_Kowalski", "Kowalski"), ("Mary_J_Watson", "Watson"), ("Anna_de_Vries", "Vries"),
    ("CarlosMendez77", "Mendez"), ("EmilyClark2001", "Clark"), ("PriyaSharma7", "Sharma"),
    ("GARCIA_MARIA", "GARCIA"), ("JONES_DAVID", "JONES"), ("david_Jones", "Jones"), ("emily_clark", "clark"),
    ("Søren_Kierkegaard", "Kierkegaard"),
]
F04_LOOKALIKES = [
    "MAX_RETRIES", "HTTP_CLIENT", "Order_Status_2", "UserName42", "ApiKey2024", "Test_A_Suite",  # (the brief's)
    "MAX_POOL_SIZE", "MOCK_SERVER", "JAVA_HOME", "Grace_Period", "GracePeriod30", "MarkAsRead2", "Rose_Garden",
    "max_retries", "grace_period", "mark_done", "will_retry", "Build_Runner_3", "DataLoader2", "DEAN_LIST", "KEY_LIME",
    "Café_Menü", "Über_Config", "Straße_Name", "DEFAULT_TIMEOUT", "LOG_LEVEL", "bill_pay", "june_report",
    "team_alpha", "victor_ops", "BillPay2024", "TomCat9", "JackPot777",
]


@pytest.mark.parametrize(("value", "part"), F04_NAMES + F04_HELD_OUT)
async def test_f04_a_joined_name_in_every_id_field_goes_as_one_placeholder(guard: Guard, value: str,
                                                                           part: str) -> None:
    for kind, body in _id_bodies(value):
        sent = json.dumps(await _sent(guard, kind, body), ensure_ascii=False)
        assert part not in sent and value not in sent and "PERSON_" in sent, (kind, sent)


@pytest.mark.parametrize("value", F04_LOOKALIKES)
async def test_f04_identifiers_in_id_fields_go_as_sent(guard: Guard, value: str) -> None:
    for kind, body in _id_bodies(value):
        assert await _sent(guard, kind, body) == body, (kind, value)


@pytest.mark.parametrize(("text", "gone"), [
    ("Author: Anna_Müller wrote this.", "Müller"), ("Reviewer: José_García", "García"),
    ("cc @John_A_Smith on the ticket", "Smith"), ("owner=Maria_von_Schmidt", "Schmidt"),
    ("Assign to SMITH_JOHN", "SMITH"),
    ("Reviewer: Zoë_Schäfer", "Schäfer"), ("Contact: Mary_J_Watson", "Watson"), ("owner=JONES_DAVID", "JONES"),
])
async def test_f04_a_joined_name_in_a_message_is_redacted_whole(guard: Guard, text: str, gone: str) -> None:
    out = await _text(guard, text)
    assert gone not in out and "_<" not in out and ">_" not in out and "<PERSON_" in out, out


@pytest.mark.parametrize("text", [
    "Set MAX_RETRIES to 5 and HTTP_CLIENT to httpx.", "Order_Status_2 is the new enum value.",
    "Use UserName42 and ApiKey2024 as fixtures.", "Run Test_A_Suite before merging.",
    "Set MOCK_SERVER and JAVA_HOME before running.", "export DEFAULT_TIMEOUT=30 and LOG_LEVEL=debug",
    "call max_retries() and grace_period()", "The Café_Menü file is in Über_Config.",
])
async def test_f04_identifiers_in_a_message_stay(guard: Guard, text: str) -> None:
    assert await _text(guard, text) == text


def test_f04_shapes() -> None:
    assert names26.joined("John_A_Smith", True, []) == [(0, 12, [4, 6])]
    assert names26.joined("JohnSmith1985", False, []) == [(0, 13, [4, 9])]
    assert names26.joined("JohnSmith 1985", False, []) == [(0, 14, [4])]
    assert names26.joined("JohnSmith1985", True, []) == []  # (run together: id fields only)
    assert names26.joined("max_retries", False, []) == [] and names26.joined("Test_A_Suite", True, []) == []
    assert names26.recase("maria_schmidt", [(0, 13, [5])]) == "Maria_Schmidt"
    assert names26.recase("Maria_von_Schmidt", [(0, 17, [5, 9])]) == "Maria_von_Schmidt"


# ------------------------------------------------------------------------------------------------ F06

@pytest.mark.parametrize(("text", "gone"), [
    ("Patient: GARCÍA, JOSÉ", "JOSÉ"), ("Name: MÜLLER, JÜRGEN", "JÜRGEN"), ("Patient: NGUYỄN, VĂN AN", " AN"),
    ("Nguyễn Văn An will review.", " An "), ('{"first": "Priya", "last": "Raghunathan"}', "Raghunathan"),
    # held out
    ("Name: FRANÇOIS, RENÉ", "RENÉ"), ("Name: NÚÑEZ, INÉS", "INÉS"), ('"GÓMEZ, JOSÉ"', "JOSÉ"),
    ("Patient: TRẦN, THỊ HOA", "HOA"), ('{"first": "Lina", "last": "Abernathy"}', "Abernathy"),
    ('{"first": "Kai", "last": "Zephyrine"}', "Zephyrine"),
])
async def test_f06_the_whole_name_is_redacted(guard: Guard, text: str, gone: str) -> None:
    out = await _text(guard, text)
    assert gone not in out and "<PERSON_" in out, out


@pytest.mark.parametrize("text", [
    "Status: ÉTÉ, HIVER", "Menu: CAFÉ, CRÈME", "Régions: ÎLE-DE-FRANCE, PROVENCE", "Priority: ÉLEVÉ, MOYEN",
    "SÃO PAULO, BRASIL", "Catégorie: ÉLECTRONIQUE, MAISON", '{"first": "Monday", "last": "Friday"}',
    '{"first": "Page", "last": "Final"}', '{"first": "Spring", "last": "Winter"}', "Hà Nội là thủ đô của Việt Nam.",
    "Tôi sống ở Thành phố Hồ Chí Minh.", "Quận Ba Đình rất đẹp.",
])
async def test_f06_lookalikes_stay(guard: Guard, text: str) -> None:
    assert await _text(guard, text) == text


@pytest.mark.parametrize(("first", "last"), [("Priya", "Raghunathan"), ("Deepika", "Oyelaran")])
async def test_f06_first_last_in_a_tool_call(guard: Guard, first: str, last: str) -> None:
    args = json.dumps({"first": first, "last": last, "company": "Acme"})
    body = {"model": "m", "messages": [
        {"role": "user", "content": "add the contact"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "create_contact", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "ok"}]}
    sent = json.dumps(await _sent(guard, "chat", body))
    assert first not in sent and last not in sent and "Acme" in sent, sent


def test_f06_pair_rules() -> None:
    from proxy.nlp.fields24 import pair_is_name
    from proxy.nlp.names import name_lists

    lists = name_lists()
    assert pair_is_name(lists, "Priya", "Raghunathan")
    assert not pair_is_name(lists, "Alpha", "Omega") and not pair_is_name(lists, "Dev", "Prod")
    assert not pair_is_name(lists, "Start", "End") and not pair_is_name(lists, "Hello", "World")
    assert nlp26.fold("GARCÍA, JOSÉ Đức ŁUKASZ") == "GARCIA, JOSE Duc LUKASZ"


# ------------------------------------------------------------------------------------------------ F10

F10_NAMES = [  # (text, the name)
    ("司马光说构建失败了。", "司马光"), ("诸葛亮说构建失败了。", "诸葛亮"), ("慕容复说构建失败了。", "慕容复"),
    ("我和慕容复开会。", "慕容复"), ("慕容复：构建失败了。", "慕容复"), ("抄送：慕容复、令狐冲", "令狐冲"),
    ("上官婉儿负责这个项目。", "上官婉儿"), ("东方明明天来开会。", "东方明"), ("欧阳娜娜说构建失败了。", "娜娜"),
    ("Shangguan Wan'er will join.", "Wan'er"),
    # held out
    ("皇甫嵩说会议推迟了。", "皇甫嵩"), ("端木赐说他同意。", "端木赐"), ("独孤求败：我不同意。", "独孤求败"),
    ("我跟令狐冲讨论了方案。", "令狐冲"), ("公孙胜说需要更多时间。", "公孙胜"), ("长孙无忌负责审批。", "长孙无忌"),
    ("上官飞燕明天来。", "上官飞燕"), ("抄送：欧阳修、司马迁、诸葛瑾", "诸葛瑾"), ("Ouyang Nana will review.", "Nana"),
    ("Murong Fu said no.", "Murong"),
]
F10_LOOKALIKES = [
    "东方的天空很美。", "请访问上官方网站下载。", "公孙树是一种古老的树。", "东方航空说航班取消了。",
    "我们去东方红广场。", "东方人喜欢喝茶。", "西门子说新产品下个月发布。", "这是东方文化的一部分。",
    "长孙子今年上大学了。", "南宫市是河北的一个城市。", "太阳从东方升起。", "他向东方走去。",
    "东方卫视明天播出。", "东方财富网的数据更新了。", "我们讨论了东方和西方的差异。",
    "东方快车谋杀案是一本小说。", "上官网看看最新消息。", "公孙树的叶子变黄了。",
    "皇甫这个姓很少见。", "请在官方网站上查看。", "东方红太阳升。", "我们公司在东方路。",
    "构建失败了，请检查日志。", "会议改到明天下午。", "请把报告发给我。", "这个项目由团队负责。",
    "服务器说连接超时。", "系统：构建失败了。", "抄送：项目组、测试组", "欧阳这个复姓很少见。",
    "东方向的风很大。", "西门口有一家咖啡店。", "南宫的建筑很古老。", "司空见惯的问题。",
    "上官方微博发了通知。",
]


@pytest.mark.parametrize(("text", "name"), F10_NAMES)
async def test_f10_a_compound_surname_name_is_redacted(guard: Guard, text: str, name: str) -> None:
    out = await _text(guard, text)
    assert name not in out and "<PERSON_" in out, out


@pytest.mark.parametrize("text", F10_LOOKALIKES)
async def test_f10_ordinary_chinese_stays(guard: Guard, text: str) -> None:
    assert await _text(guard, text) == text


def test_f10_spans() -> None:
    assert nlp26.chinese_compound("我和慕容复开会。") == [(2, 5)]
    assert nlp26.chinese_compound("欧阳娜娜说构建失败了。") == [(0, 4)]
    assert nlp26.chinese_compound("他向东方走去。") == [] and nlp26.chinese_compound("公孙树") == []


# ------------------------------------------------------------------------------------------------ F11

F11_NAMES = ["email_Priya_Raghunathan", "send_to_Maria_Schmidt", "call_John_A_Smith",
             "page_Priya_Sharma", "email_Carlos_Mendez", "ping_Tomasz_Nowak", "notify_Chris_Jones"]  # (4 held out)
F11_TOOLS = ["get_weather", "send_email", "create_User_Account", "search_Jira_Issues", "get_Max_Retries",
             "Grace_Period_Check", "lookup_Order_Status", "run_Test_Suite", "mark_As_Read", "get_Max_Settings",
             "fetch_Max_Results", "set_Will_Power", "run_Max_Validation"]


def _tool_bodies(name: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                  "tools": [{"type": "function", "function": {"name": name, "parameters": {"type": "object"}}}]}),
        ("chat", {"model": "m", "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]}),
        ("messages", {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                      "tools": [{"name": name, "input_schema": {"type": "object"}}]}),
    ]


@pytest.mark.parametrize("name", F11_NAMES)
async def test_f11_a_person_in_a_tool_name_refuses_the_request(guard: Guard, name: str) -> None:
    for kind, body in _tool_bodies(name):
        _, verdict = await _screen(guard, kind, body)
        assert verdict.blocked and verdict.block_check == NAME_TEXT_CHECK, (kind, name)
        assert name.rsplit("_", 1)[1] not in (verdict.block_reason or "")


@pytest.mark.parametrize("name", F11_TOOLS)
async def test_f11_ordinary_tool_names_pass(guard: Guard, name: str) -> None:
    for kind, body in _tool_bodies(name):
        sent, verdict = await _screen(guard, kind, body)
        assert not verdict.blocked and sent == body, (kind, name)


# A name run together inside one `_` part, or surname first (atk28 F16); camelCase and all-capitals parts of ordinary
# tool names and a pair of everyday words stay.
F16_NAMES = ["call_MariaSchmidt", "Kerr_Dana_profile", "notify_PriyaRaghunathan", "Okafor_Chidi_notes",
             "email_GraceHopper"]
F16_TOOLS = ["get_UserProfile", "set_MaxRetries", "Test_Case", "Gold_Rose_theme", "use_GraphQL", "load_JSONData",
             "parse_HTMLPage", "fetch_OAuthToken", "Main_Window", "create_PullRequest", "list_S3Buckets",
             "getUser_ById", "Page_Size_limit"]


@pytest.mark.parametrize("name", F16_NAMES)
async def test_f16_a_person_run_together_or_surname_first_refuses_the_request(guard: Guard, name: str) -> None:
    for kind, body in _tool_bodies(name):
        _, verdict = await _screen(guard, kind, body)
        assert verdict.blocked and verdict.block_check == NAME_TEXT_CHECK, (kind, name)


@pytest.mark.parametrize("name", F16_TOOLS)
async def test_f16_ordinary_tool_names_pass(guard: Guard, name: str) -> None:
    for kind, body in _tool_bodies(name):
        sent, verdict = await _screen(guard, kind, body)
        assert not verdict.blocked and sent == body, (kind, name)
