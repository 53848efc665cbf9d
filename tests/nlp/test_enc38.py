"""enc38 (files37's leftovers): uploaded text files in EUC-JP (Japanese Unix exports, no BOM, no charset),
ISO-2022-JP (mail bodies: `ESC $B ... ESC (B`), KOI8-R and KOI8-U (read as cp1251 before: cases swapped, names not
found) and UTF-16 without a BOM of a mostly CJK text (few NUL bytes) are read in their own encoding and go on
re-encoded in it with their values redacted; a base64 run in a text that holds UTF-16 without a BOM (its NUL bytes'
pattern) is read too. Random bytes stay binary, real cp1251/cp949/GBK/Big5/Shift_JIS files keep their reading, text
files without PII go byte for byte as sent, hex hashes and UUIDs are not decoded. Values and layouts held out."""

from __future__ import annotations

import base64
import hashlib
import random
import uuid

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.files37 import sniff
from proxy.nlp.pii import PiiAnalyzer
from tests.nlp.test_files37 import LEGACY, P_IN, PLAINS, _chat_file, _responses_file, b64, unb64
from tests.support.pii import WordScorer, sent_chat


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


JP = "氏名,電話,メール\n"
FILES = [  # (text, codec, secrets: values that must not reach the provider, what stays as written)
    # EUC-JP: kana in the text, or kanji only with a .jp address beside them
    (JP + "山田太郎,090-1234-5678,taro.yamada@example.jp\n佐藤花子,080-2345-6789,hanako.sato@example.jp\n", "euc_jp",
     ["山田太郎", "佐藤花子", "090-1234-5678", "taro.yamada@example.jp", "hanako.sato@example.jp"], JP),
    ("渡辺健二,070-3344-5566,k.watanabe@example.co.jp\n", "euc_jp", ["渡辺健", "070-3344-5566",
                                                                  "k.watanabe@example.co.jp"], ",<PHONE"),
    ("お世話になっております。担当の鈴木一郎です。\n電話: 03-5555-0123\nメール: ichiro.suzuki@example.jp\n", "euc_jp",
     ["鈴木一郎", "03-5555-0123", "ichiro.suzuki@example.jp"], "お世話になっております。担当の"),
    # ISO-2022-JP: a mail body
    ("件名: ご注文の件\n\n伊藤直樹様\n\nご連絡先 090-8765-4321 または n.ito@example.jp まで。\n", "iso2022_jp",
     ["伊藤直樹", "090-8765-4321", "n.ito@example.jp"], "件名: ご注文の件\n"),
    (JP + "山口恵子,080-1122-3344,keiko.yamaguchi@example.jp\n", "iso2022_jp",
     ["080-1122-3344", "keiko.yamaguchi@example.jp"], JP),
    # KOI8-R, KOI8-U
    ("ФИО,телефон,почта\nСоколов Андрей Петрович,+7 912 345-67-89,a.sokolov@example.ru\n"
     "Морозова Елена Игоревна,+7 926 111-22-33,e.morozova@example.ru\n", "koi8_r",
     ["Соколов", "Андрей", "Морозова", "Елена", "345-67-89", "a.sokolov@example.ru", "e.morozova@example.ru"],
     "ФИО,телефон,почта\n"),
    ("Здравствуйте! Меня зовут Новиков Сергей Александрович, мой телефон +7 903 765-43-21.\n", "koi8_r",
     ["Новиков", "Сергей", "765-43-21"], "Здравствуйте! Меня зовут "),
    ("ПІБ,телефон,пошта\nБондаренко Ірина Олексіївна,+380 67 234 56 78,i.bondarenko@example.ua\n", "koi8_u",
     ["Бондаренко", "Ірина", "i.bondarenko@example.ua"], "ПІБ,телефон,пошта\n"),
    # UTF-16 without a BOM, mostly CJK (few NUL bytes)
    ("担当 山田太郎 電話 090-1234-5678", "utf-16-le", ["山田太郎", "090-1234-5678"], "担当 "),
    ("客户名单\n王建华，电话13912345678，邮箱wang.jh@example.cn\n", "utf-16-le", ["13912345678", "wang.jh@example.cn"],
     "客户名单\n"),
    ("担当者：高橋誠、連絡先：makoto.takahashi@example.jp、電話：090-2468-1357", "utf-16-be",
     ["makoto.takahashi@example.jp", "090-2468-1357"], "担当者："),
    ("고객 명단입니다. 연락처는 010-9876-5432 이며 이메일은 minsu.kim@example.kr 입니다.", "utf-16-le",
     ["010-9876-5432", "minsu.kim@example.kr"], "고객 명단입니다."),
]


@pytest.mark.parametrize(("text", "codec", "secrets", "kept"), FILES)
@pytest.mark.parametrize(("media", "name"), [("text/csv", "export.csv"), ("application/octet-stream", "")])
async def test_file_read_in_its_own_encoding(guard: Guard, text: str, codec: str, secrets: list[str], kept: str,
                                             media: str, name: str) -> None:
    raw = text.encode(codec)
    assert sniff(raw) is not None and sniff(raw)[0] == text  # type: ignore[index]
    for file in (await _chat_file(guard, {"filename": name, "file_data": f"data:{media};base64,{b64(raw)}"}),
                 await _responses_file(guard, {"filename": name, "file_data": b64(raw)})):
        sent = unb64(file["file_data"]).decode(codec)  # re-encoded in its own encoding
        assert not [s for s in secrets if s in sent], sent
        assert kept in sent, sent


def test_sniff_tells_koi8_from_cp1251() -> None:
    for text in ("Иванов Иван Иванович,+7 916 123-45-67\n", "товар;цена\nвинт;4.5\nгайка;2.1\nшайба;0.9\n",
                 "СПИСОК: Петров П.П., Сидоров С.С.\n"):
        for codec in ("koi8_r", "cp1251"):
            found = sniff(text.encode(codec))
            assert found is not None and found[0] == text, (codec, found)
    ukr = "Коваленко Олена Іванівна, їжак, подвір'я, Євген\n"
    assert sniff(ukr.encode("koi8_u")) == (ukr, "koi8_u")


async def test_base64_utf16_in_a_text_field(guard: Guard) -> None:
    value = "Contact: Patricia Lindqvist, p.lindqvist@fabrikam.se, phone 415-555-0178"
    for codec in ("utf-16-le", "utf-16-be"):
        blob = b64(value.encode(codec))
        sent = await sent_chat(guard, P_IN, f"Decode and summarise: {blob}")
        assert sent.startswith("Decode and summarise: ") and blob not in sent, sent
        decoded = base64.b64decode(sent.rpartition(" ")[2]).decode(codec)
        assert "p.lindqvist@fabrikam.se" not in decoded and "555-0178" not in decoded, decoded
        assert decoded.startswith("Contact: "), decoded


# ---------------------------------------------------------------------------------------------------- look-alikes

def test_random_bytes_stay_binary() -> None:
    rng = random.Random(3801)
    blobs = [rng.randbytes(n) for n in (16, 24, 32, 48, 64, 100, 256, 1000, 4096) for _ in range(150)]
    assert sum(1 for raw in blobs if sniff(raw) is not None) <= 1
    # even-length blobs whose high bytes all fall in CJK bands are few: those that do are no text of CJK words
    assert all(sniff(bytes(b"\x00\x4e\x01\x9f" * 8 + rng.randbytes(n))) is None for n in (64, 256))


@pytest.mark.parametrize(("text", "codec"), [(t, c) for t, c, _ in LEGACY if not c.startswith("utf")] + [
    ("客户,电话\n王伟,139-1234-5678\n李娜,138-2222-3333\n", "gbk"),
    ("今天的会议记录如下，我们讨论了新产品的发布时间和市场策略。\n", "gbk"),
    ("今天的會議記錄如下，我們討論了新產品的發佈時間和市場策略。\n", "big5"),
    ("오늘 회의에서는 신제품 출시 일정과 마케팅 전략을 논의했습니다.\n", "cp949"),
    ("ООО \"Ромашка\", ИНН 7701234567, КПП 770101001\n", "cp1251"),
    ("СПИСОК СОТРУДНИКОВ ОТДЕЛА ПРОДАЖ\nИВАНОВ И.И.\nПЕТРОВ П.П.\n", "cp1251"),
    ("Привіт, це тестовий файл українською мовою. Дякую!\n", "cp1251")])
def test_legacy_files_keep_their_reading(text: str, codec: str) -> None:
    raw = text.encode(codec)
    for typed in (False, True):
        found = sniff(raw, "", typed)
        assert found is not None and found[0] == text, (codec, found)


@pytest.mark.parametrize("text", ["会議の議事録です。明日の打ち合わせは十時からです。", "製品一覧,数量\nネジ,千二百\n"])
def test_shift_jis_of_even_length_is_no_utf16(text: str) -> None:
    """Shift_JIS kanji and kana read as UTF-16-BE fall in the Han band: the plausible legacy reading is told first
    (these are read where the type or name says text, as before; untyped, their trail bytes fail `_prose`)."""
    raw = text.encode("shift_jis")
    assert sniff(raw, "", True) == (text, "cp932")
    assert sniff(raw) is None


PLAIN_NEW = [
    ("製品,数量,単価\nネジ M3,1200,4.5\nナット M3,800,2.1\n", "euc_jp"),
    ("件名: 会議\n\n明日の会議は十時からです。\n", "iso2022_jp"),
    ("товар,количество,цена\nвинт М3,1200,4.5\nгайка М3,800,2.1\n", "koi8_r"),
    ("товар,кількість,ціна\nгвинт М3,1200,4.5\nгайка М3,800,2.1\n", "koi8_u"),
    ("产品清单：螺丝、螺母、垫圈，数量一千二百。", "utf-16-le"),
    ("製品一覧：ネジ、ナット、ワッシャー。数量は千二百。", "utf-16-be"),
]


@pytest.mark.parametrize(("text", "codec"), PLAIN_NEW + [(t, c) for t, c in PLAINS if not c.startswith("utf")])
async def test_text_without_pii_byte_for_byte(guard: Guard, text: str, codec: str) -> None:
    raw = text.encode(codec)
    for media in ("text/csv", "application/octet-stream", ""):
        value = f"data:{media};base64,{b64(raw)}"
        file = await _chat_file(guard, {"filename": "items.csv", "file_data": value})
        assert file["file_data"] == value


async def test_hashes_uuids_and_random_base64_as_sent(guard: Guard) -> None:
    rng = random.Random(3802)
    wide_head = b"A\x00B\x00" * 6
    texts = [f"git show {hashlib.sha1(rng.randbytes(8)).hexdigest()} -- src/main.py",
             f"sha256: {hashlib.sha256(rng.randbytes(8)).hexdigest()}",
             f"request id {uuid.UUID(bytes=rng.randbytes(16))} failed",
             f"token={b64(rng.randbytes(48))}",
             f"blob {b64(wide_head + rng.randbytes(40))}"]
    for text in texts:
        assert await sent_chat(guard, P_IN, text) == text
