"""keys37 (atk37 F14, F06, F23): a name's parts under other languages' field names (`nom` beside `prénom`,
`sobrenome`, `primer_apellido`, `фамилия`, `姓`/`名`, `nama_belakang`...) in JSON, YAML, XML and CSV headers of any
script; `fn=`/`ln=` query pairs; a CSV's phone column under a Japanese, Chinese, Korean, Arabic or Hindi header
and a people column's CJK names, every row. The look-alikes (a product's `nom`, `商品名,価格`, a lone `名`, JS `fn=`)
go as sent."""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = policy(output={"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                                "US_SSN"], "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


NAMED = [  # (text, values that must not go, what must stay as written)
    ('{"prénom":"Élodie","nom":"Faure","portable":"06 12 34 56 78"}', ["Faure", "Élodie"], ['"nom":"']),
    ("nom: Girard\nprénom: Hélène\nville: Lyon", ["Girard", "Hélène"], ["ville: Lyon"]),
    ("<contact><prenom>Sébastien</prenom><nom>Marchand</nom></contact>", ["Marchand", "Sébastien"], ["<nom>"]),
    ('{"nome":"Luana","sobrenome":"Carvalho","cidade":"Campinas"}', ["Carvalho", "Luana"], ['"sobrenome":"']),
    ('{"nombre":"Luana","primer_apellido":"Carvalho","segundo_apellido":"Prieto"}', ["Carvalho", "Prieto"], []),
    ('{"имя":"Сергей","фамилия":"Кузнецов","город":"Самара"}', ["Кузнецов", "Сергей"], ['"фамилия":"']),
    ("фамилия,имя,город\nКузнецов,Сергей,Самара\nЛебедева,Анна,Тверь", ["Кузнецов", "Лебедева"], ["фамилия,имя"]),
    ('{"прізвище":"Бондаренко","ім’я":"Оксана"}', ["Бондаренко", "Оксана"], []),
    ('{"姓":"山田","名":"太郎","部署":"総務"}', ["山田", "太郎"], ['"姓":"']),
    ("姓,名,都市\n山田,太郎,大阪\n王,建国,上海", ["山田", "太郎", "王", "建国"], ["姓,名,都市"]),
    ('{"성":"김","이름":"민준"}', ["김", "민준"], []),
    ('{"nama_depan":"Budi","nama_belakang":"Santoso","kota":"Bandung"}', ["Santoso", "Budi"], []),
    ('{"họ":"Phạm","tên":"Thu"}', ["Phạm", "Thu"], []),
    ('{"ad":"Emre","soyad":"Demirci"}', ["Emre", "Demirci"], []),
    ('GET /u?fn=Marcus&ln=Whitaker&zip=62704 HTTP/1.1', ["Marcus", "Whitaker"], ["zip=62704"]),
    ("https://shop.example.com/c?email=x%40example.org&fn=Theodora&ln=Abernathy&plan=pro", ["Abernathy"],
     ["plan=pro"]),
]
TABLES = [  # a CSV under a non-Latin header: every row's phone and name
    ("氏名,電話\n山田 太郎,09012345678\n佐藤 花子,08023456789\n鈴木 一郎,07034567890\n高橋 美咲,09045678901",
     ["08023456789", "07034567890", "09045678901", "鈴木", "高橋"]),
    ("姓名,手机\n王建国,13812345678\n李秀英,13987654321\n张伟,15012345678", ["15012345678", "张伟"]),
    ("성명,연락처\n김민준,01012345678\n이서연,01098765432\n박지훈,01055556666\n최유진,01077778888",
     ["01055556666", "01077778888"]),
    ("الاسم,الهاتف\nخالد العتيبي,0501234567\nفاطمة الزهراء,0559876543\nأحمد المنصوري,0541112223",
     ["0559876543", "0541112223"]),
    ("नाम,फ़ोन\nअरुण कुमार,9812345678\nसुनीता देवी,9833012345\nविकास गुप्ता,9870011223", ["9833012345", "9870011223"]),
    ("| 氏名 | 電話 |\n|---|---|\n| 山田 太郎 | 09012345678 |\n| 佐藤 花子 | 08023456789 |\n"
     "| 鈴木 一郎 | 07034567890 |",
     ["08023456789", "07034567890"]),
    ("名前,携帯\n山田 太郎,09012345678\n佐藤 花子,08023456789\n鈴木 一郎,07034567890", ["07034567890"]),
    ("name,phone\nTaro Yamada,09012345678\n佐藤 花子,08023456789\n鈴木 一郎,07034567890\n高橋 美咲,09045678901",
     ["鈴木", "高橋"]),
]
PLAIN = [  # look-alikes: things under the same keys, products under CJK headers, `fn`/`ln` in code
    '{"nom": "Produit A", "prix": 12.5, "stock": 40}',
    "nom: Rapport mensuel\nformat: pdf",
    "<nom>Tableau de bord</nom><version>2.1</version>",
    "商品名,価格,在庫\nりんご,120,30\nみかん,80,50",
    "名称,型号,数量\n路由器,AX3000,2\n交换机,S5735,4",
    '{"名": "設定", "値": "有効"}',
    "const fn = (x) => x * 2; let ln = Math.log(y); arr.map(fn=>fn)",
    "Set fn=relu&ln=true in the query string.",
    '{"ln": "ln(x)", "fn": "sigmoid"}',
    '{"имя": "config.yaml", "размер": 2048}',
    "имя,тип,размер\nconfig,файл,2048\ndata,папка,0",
    "SELECT nom, prenom FROM clients WHERE ville = 'Lyon';",
    "Le champ nom est obligatoire; le prénom est facultatif.",
    "電話,受付時間\n代表,9:00-18:00\nサポート,10:00-17:00",
    "order_id,手机,数量\nA1001,iPhone 15,2\nA1002,Galaxy S24,1",
    "name,price\n苹果,5\n香蕉,3",
    '{"họ": "Sản phẩm", "tên": "Áo sơ mi"}',
    # a locale file's or a form's labels under the same keys
    '{"prenom": "Prénom", "nom": "Nom de famille", "ville": "Ville"}',
    '{"имя": "Имя", "фамилия": "Фамилия"}',
    "fields:\n  姓: 姓\n  名: 名",
    '{"nombre": "Nombre", "primer_apellido": "Primer apellido"}',
    '{"fn": "none", "ln": "null"}',
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_name_parts_redacted(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values"), TABLES)
async def test_tables_every_row(guard: Guard, text: str, values: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == [], sent


@pytest.mark.parametrize(("text", "values"), TABLES[:2] + TABLES[3:6])
@pytest.mark.parametrize("size", [0, 3])
async def test_phone_columns_in_answers(guard: Guard, text: str, values: list[str], size: int) -> None:
    out = await streamed_out(guard, P_OUT, text, size or len(text))
    phones = [v for v in values if v.isdigit()]
    assert [v for v in phones if v in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


TOOL_INPUTS = [  # a tool call's arguments, decoded into their values (values that must not go)
    ({"nom": "Lemoine", "prénom": "Aurélie", "ville": "Rennes"}, ["Lemoine", "Aurélie"]),
    ({"фамилия": "Морозов", "имя": "Павел"}, ["Морозов"]),
    ({"records": [{"姓": "石井", "名": "翔"}, {"姓": "岡本", "名": "菜々"}]}, ["石井", "翔", "岡本", "菜々"]),
    ({"sobrenome": "Figueiredo", "plano": "pro"}, ["Figueiredo"]),
]


@pytest.mark.parametrize(("args", "values"), TOOL_INPUTS)
async def test_tool_call_arguments(guard: Guard, args: dict[str, object], values: list[str]) -> None:
    body = {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Save it"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "save", "input": args}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"}]}]}
    await screen_request(guard, P_IN, anthropic.request_texts("messages", body))
    sent = json.dumps(body["messages"][1]["content"][0]["input"], ensure_ascii=False)
    assert [v for v in values if v in sent] == [], sent


@pytest.mark.parametrize("args", [{"nom": "Produit A", "prix": 12}, {"名": "設定", "値": "有効"},
                                  {"имя": "config.yaml", "размер": 2048}])
async def test_tool_call_look_alikes(guard: Guard, args: dict[str, object]) -> None:
    body = {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Save it"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "save", "input": dict(args)}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"}]}]}
    await screen_request(guard, P_IN, anthropic.request_texts("messages", body))
    assert body["messages"][1]["content"][0]["input"] == args
