"""intl25 (atk24a F07): a one-word name in a non-Latin script under a person's key in a tool call's arguments is read
as the same JSON written as text, as a message's text is; look-alikes keep their reading."""

from __future__ import annotations

from proxy.nlp.cued_values import person_key_readings
from proxy.nlp.intl25 import script_word


def _docs(n: int) -> list[list[tuple[int, str]]]:
    return [[(i, "key" if i % 2 == 0 else "string") for i in range(n)]]


def test_one_word_non_latin_values_under_person_keys_are_read_as_json() -> None:
    # held out from the reproducer's values: other names, other scripts, other keys
    texts = ["name", "Светлана", "customer", "يوسف", "patient", "지훈", "owner", "鈴木", "contact", "אבי",
             "user", "प्रिया", "author", "สมศักดิ์", "name", "Δημήτρης"]
    readings = person_key_readings(texts, _docs(len(texts)))
    assert [(i, text[at:at + len(texts[i])]) for i, text, at in readings] == [
        (i, texts[i]) for i in range(1, len(texts), 2)]
    assert readings[1][1] == '{"customer": "يوسف"}'


def test_look_alikes_are_not_read() -> None:
    texts = ["product", "Молоко", "city", "東京", "color", "빨강", "category", "林業", "status", "активен",
             "name", "report-2024", "name", "Anna", "name", "ab12"]
    readings = person_key_readings(texts, _docs(len(texts)))
    assert readings == []


def test_script_word() -> None:
    assert all(script_word(w) for w in ["Анна", "محمد", "김민준", "佐藤", "Ολγα", "राहुल", "สมชาย", "שרה"])
    assert not any(script_word(w) for w in ["Anna", "", "Анна Петрова", "Анна1", "佐藤_1", "Müller", "x" * 40,
                                            "ـمحمد"[1:] + " ", "Анна-"])


# --- F12: later mentions of names in scripts without case, and Thai names after a title -------------------------

class _S:
    def __init__(self, start: int, end: int, entity: str = "PERSON", score: float = 0.85) -> None:
        self.entity, self.start, self.end, self.score = entity, start, end, score


def _mentions(first: str, name: str, later: str) -> list[str]:
    from proxy.nlp.intl25 import script_mentions

    at = first.index(name)
    texts = [first, later]
    found = script_mentions(texts, [[_S(at, at + len(name))], []], lambda i, s: True)
    return [texts[i][a:b] for i, a, b, _ in found]


def test_later_mentions_in_scripts_without_case() -> None:
    # held out: other names, other phrasings than the reproducer's
    assert _mentions("العميل: يوسف الحداد", "يوسف الحداد", "اتصل يوسف أمس.") == ["يوسف"]
    assert _mentions("ग्राहक: प्रिया वर्मा", "प्रिया वर्मा", "कल प्रिया आएगी।") == ["प्रिया"]
    assert _mentions("לקוח: אבי כהן", "אבי כהן", "כהן התקשר.") == ["כהן"]
    later = "花子さんに聞いてください。佐藤花子は不在です。"
    assert _mentions("担当：佐藤花子", "佐藤花子", later) == ["佐藤花子", "花子"]
    assert _mentions("担当：王小明", "王小明", "小明说已经完成。") == ["小明"]
    assert _mentions("고객: 박지훈", "박지훈", "지훈 씨가 왔어요. 박지훈님") == ["박지훈", "지훈"]
    assert _mentions("ลูกค้า: คุณสมศักดิ์ รักไทย", "สมศักดิ์ รักไทย", "สมศักดิ์โทรมาแล้ว") == ["สมศักดิ์"]


def test_look_alikes_inside_longer_words_stay() -> None:
    assert _mentions("担当：林", "林", "林業と森林の話") == []  # (one character: no mention read)
    assert _mentions("担当：小林一郎", "小林一郎", "一郎丸の船、統一郎党") == []
    assert _mentions("담당: 김민수", "김민수", "민수정은 과일이다") == []
    assert _mentions("לקוח: שרה לוי", "שרה לוי", "היא אישרה את זה") == []
    assert _mentions("العميل: محمد أحمد", "محمد أحمد", "المحمدية مدينة.") == []
    assert _mentions("ลูกค้า: คุณสมชาย ใจดี", "สมชาย ใจดี", "เขาใจดีมาก") == []


def test_thai_names_after_a_title() -> None:
    from proxy.nlp.intl25 import thai_titled

    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in thai_titled(text)]

    assert found("กรุณาติดต่อ คุณ วีระพงษ์ สุขใจ ด่วน") == ["วีระพงษ์ สุขใจ"]
    assert found("ดร.อรพิน ทองดี บรรยาย") == ["อรพิน ทองดี"]
    assert found("นางสาว ปวีณา แก้วมณี มาถึงแล้ว") == ["ปวีณา แก้วมณี"]
    assert found("ผู้ป่วย: ธนพล ศรีสุข") == ["ธนพล ศรีสุข"]
    assert found("คุณ สมหญิง") == ["สมหญิง"]  # a listed given name alone
    # look-alikes: ordinary words after `คุณ`, a title glued to an ordinary word, no name after a label
    assert found("คุณ ต้องการ อะไร") == []
    assert found("คุณภาพ ดี มาก") == []
    assert found("นายกรัฐมนตรี แถลง ข่าว") == []
    assert found("คุณ ช่วย ส่ง เอกสาร") == []
