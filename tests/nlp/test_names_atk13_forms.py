"""atk13 M5, M6, M7 (issue 13): names the name lists hold, in the forms markup and other languages give them.

M5: a name inside Markdown strike-through (`~~x~~`, GFM `~x~`), a spoiler (`||x||`), an insert (`++x++`) or a
highlight (`==x==`), and on a unified diff's removed or added line (`-x`, `+ owner: x`), went upstream in clear;
`**x**` and `<del>x</del>` were read. Arithmetic and code with the same characters stay.
M6: Hebrew glues a proclitic to a name (`לדניאל פרץ`), Thai an honorific (`คุณสิทธัญ ทวนไชย์`), Bengali and Tamil a
case ending (`লিটন পাণ্ডেকে`, `... ராகவ்க்கு`), Greek inflects it (`τον Κλεομένη Ασαρίδη`, `του Δαμασκηνού Μεταξά`).
M7: names in capitals: Turkish casing (`İ`, `I` for `ı`) and the Turkish convention `Mehmet YILMAZ`; Greek
capitals without accents; Vietnamese names in capitals (`HUỲNH THỊ THẢO`).
The values are other names than the report's, from the same lists.
"""

from __future__ import annotations

import pytest

from proxy.nlp.native_forms import (
    case_stem,
    greek_base,
    hebrew_proclitic,
    thai_honorific,
    thai_leading_name,
    vietnamese_capitals,
)
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import person_in

MARKED = [
    ("Assignee: ~~Laura Martin~~ (moved to infra)", "Laura Martin"),
    ("Please email ~~Carlos Garcia~~ before Friday.", "Carlos Garcia"),
    ("Reviewer: ~Peter Novak~", "Peter Novak"),
    ("The winner is ||Sofia Rossi||!", "Sofia Rossi"),
    ("Added: ++Kenji Tanaka++", "Kenji Tanaka"),
    ("Lead: ==Emily Davis== (new)", "Emily Davis"),
    ("-Peter Novak\n+Tom Baker\n", "Peter Novak"),
    ("-Chloe Dubois\n+Tom Baker\n", "Chloe Dubois"),
    ("@@ -3,2 +3,2 @@\n-Kenji Tanaka\n-Peter Novak\n+Ahmed Hassan\n", "Peter Novak"),
    ("--- a/CODEOWNERS\n+++ b/CODEOWNERS\n@@ -1 +1 @@\n- owner: David Miller\n+ owner: Anna Kowalski\n",
     "David Miller"),
    ("-Olga Ivanova approved the change.", "Olga Ivanova"),
]

GLUED = [
    ("העברתי לדניאל פרץ את החשבונית.", "דניאל פרץ"),            # ל to
    ("קיבלתי מנתן לוי הודעה.", "נתן לוי"),                      # מ from
    ("אני ואליה פאר ניפגש מחר.", "אליה פאר"),                    # ו and
    ("שמעתי שיצחק אגבאריה חזר.", "יצחק אגבאריה"),                # ש that
    ("โปรดโทรหาคุณสิทธัญ ทวนไชย์ที่ฝ่ายบุคคล", "สิทธัญ ทวนไชย์"),       # คุณ and ที่ glued
    ("ส่งเอกสารให้นายสิรวัฒน์ พรสีมา ด้วย", "สิรวัฒน์ พรสีมา"),             # นาย
    ("দয়া করে লিটন পাণ্ডেকে ইমেল করুন।", "লিটন পাণ্ডে"),             # dative
    ("আনন্দ মিশ্রের ঠিকানা বদলেছে।", "আনন্দ মিশ্র"),                # genitive
    ("உதயா ஷைலேஷ்க்கு அறிக்கையை அனுப்பவும்.", "உதயா ஷைலேஷ்"),      # dative
    ("வள்ளிமணாளன் ராகவ்வின் முகவரி மாறியது.", "வள்ளிமணாளன் ராகவ்"),   # genitive
    ("Μίλησα με τον Κλεομένη Ασαρίδη σήμερα.", "Κλεομένη Ασαρίδη"),  # accusative of -ης
    ("Το κινητό του Δαμασκηνού Μεταξά είναι κλειστό.", "Δαμασκηνού Μεταξά"),  # genitive of -ος, -ας
    ("Ευχαριστώ τον Πολύδωρο Χουδαλάκη.", "Πολύδωρο Χουδαλάκη"),
    ("Η πρόταση του Σταύρου Μεταξά εγκρίθηκε.", "Σταύρου Μεταξά"),  # `Σταύρου`: a surname too, as written
    ("Η διεύθυνση της Αιμιλίας Ανεζάκη άλλαξε.", "Αιμιλίας Ανεζάκη"),  # genitive of a feminine -α, -η
]

CAPITALS = [
    ("Hüseyin AYDIN toplantıya katılacak.", "Hüseyin AYDIN"),
    ("ZEYNEP DOĞAN toplantıya katılacak.", "ZEYNEP DOĞAN"),
    ("İBRAHİM KILIÇ toplantıya katılacak.", "İBRAHİM KILIÇ"),
    ("Merve KOÇ toplantıya katılacak.", "Merve KOÇ"),
    ("Ayşe KILIÇ yarın gelecek.", "Ayşe KILIÇ"),
    ("EMRE ÖZKAN toplantıya katılacak.", "EMRE ÖZKAN"),
    ("Ömer ŞİMŞEK yarın gelecek.", "Ömer ŞİMŞEK"),
    ("Hasan KORKMAZ yarın gelecek.", "Hasan KORKMAZ"),  # a first name a password list holds
    ("Chuyển tiền cho HUỲNH THỊ THẢO hôm nay.", "HUỲNH THỊ THẢO"),
    ("Liên hệ VÕ QUỐC CƯỜNG hoặc ĐINH THU HÀ.", "VÕ QUỐC CƯỜNG"),
    ("Δικαιούχος: ΚΛΕΟΜΕΝΗΣ ΑΣΑΡΙΔΗΣ", "ΚΛΕΟΜΕΝΗΣ ΑΣΑΡΙΔΗΣ"),
    ("Δικαιούχος: ΑΙΜΙΛΙΑ ΑΝΕΖΑΚΗ", "ΑΙΜΙΛΙΑ ΑΝΕΖΑΚΗ"),
]

# The same characters in arithmetic, code, ordinary text of those languages: no PERSON.
PLAIN = [
    "if (a || b) { x++; y == z; }",
    "Use ~/bin and ~/src for the tools, then run x++ + ++y.",
    "-5 degrees at night and +3 by noon.",
    "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-Install the package\n+Install the package with pip\n",
    "- Fix the login bug\n- Update the docs\n",
    "~~Deprecated~~ Removed in version 2.",
    "שלחתי לכם את הקובץ אתמול בערב.",
    "הבית של המשפחה נמצא ליד הים.",
    "คุณสามารถติดต่อฝ่ายบัญชีได้ที่ชั้นสาม",
    "অনুগ্রহ করে ফাইলটি আজকে পাঠান।",
    "தயவுசெய்து கோப்பை இன்று அனுப்புங்கள்.",
    "Η Ελπίδα και η Αγάπη είναι ωραίες λέξεις.",
    "Στείλε το αρχείο στην Αθήνα και στη Θεσσαλονίκη.",
    "ΠΡΟΣΟΧΗ: ΤΟ ΣΥΣΤΗΜΑ ΘΑ ΕΙΝΑΙ ΕΚΤΟΣ ΛΕΙΤΟΥΡΓΙΑΣ.",
    "DİKKAT: İSTANBUL OFİSİ YARIN KAPALI.",
    "Run the TEST SUITE in CI before the RELEASE.",
    "ĐỊA CHỈ: 12 TRẦN HƯNG ĐẠO, HÀ NỘI",
    "HỌP LÚC 9 GIỜ SÁNG THỨ HAI",
]


@pytest.mark.parametrize(("text", "name"), MARKED)
async def test_names_in_strike_through_spoilers_inserts_and_diff_lines_are_found(analyzer: PiiAnalyzer, text: str,
                                                                                 name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize(("text", "name"), GLUED)
async def test_names_with_a_glued_word_or_a_case_ending_are_found(analyzer: PiiAnalyzer, text: str,
                                                                  name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize(("text", "name"), CAPITALS)
async def test_names_in_turkish_and_greek_capitals_are_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize("text", PLAIN)
async def test_the_same_marks_and_forms_in_ordinary_text_find_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    (spans,) = await analyzer.analyze([text], ["PERSON"])
    assert [text[s.start:s.end] for s in spans if s.score >= 0.4] == []


async def test_a_diff_keeps_its_lines_when_its_names_are_found(analyzer: PiiAnalyzer) -> None:
    text = "@@\n-Michael Brown\n-Sofia Rossi\n+Lukas Weber\n"
    (spans,) = await analyzer.analyze([text], ["PERSON"])
    assert sorted(text[s.start:s.end] for s in spans) == ["Lukas Weber", "Michael Brown", "Sofia Rossi"]


def test_the_view_drops_the_marks_and_diff_prefixes_only() -> None:
    assert normalize("Owner: ~~Laura Martin~~ and ||Sofia Rossi||").text.startswith("Owner: Laura Martin and Sofia")
    assert normalize("-Peter Novak\n+Emily Davis").text == "Peter Novak\nEmily Davis"
    for text in ("a || b", "x++ + ++y", "a==b==c", "-5 and\n+3", "~/bin~", "i++ && j++"):
        assert normalize(text).text == text


def test_the_glue_and_case_helpers() -> None:
    he = frozenset({"דניאל", "פרץ"})
    assert hebrew_proclitic("לדניאל", he) == 1 and hebrew_proclitic("ודניאל", he) == 1
    assert hebrew_proclitic("דניאל", he) == 0 and hebrew_proclitic("לכם", he) == 0
    th = frozenset({"สิทธัญ"})
    assert thai_honorific("โปรดโทรหาคุณสิทธัญ", th) == len("โปรดโทรหาคุณ")
    assert thai_honorific("คุณสามารถ", th) == -1
    assert thai_leading_name("ทวนไชย์ที่ฝ่าย", frozenset({"ทวนไชย์"})) == len("ทวนไชย์")
    assert case_stem("পাণ্ডেকে", "bengali", frozenset({"পাণ্ডে"})) == len("পাণ্ডে")
    assert case_stem("குமாருக்கு", "tamil", frozenset({"குமார்"})) == len("குமார")
    assert case_stem("பாண்டேகே", "hebrew", frozenset({"பாண்டே"})) == 0
    el = frozenset({"Κλεομένης", "Ασαρίδης", "Δαμασκηνός", "Αιμιλία"})
    for word in ("Κλεομένη", "ΚΛΕΟΜΕΝΗΣ", "Δαμασκηνού", "Δαμασκηνό", "Αιμιλίας", "ΑΣΑΡΙΔΗ"):
        assert greek_base(word, el), word
    for word in ("κλεομένη", "ΚΛ", "Αθήνα"):
        assert not greek_base(word, el), word


def test_vietnamese_capitals_need_a_family_name_two_given_syllables_and_a_mark() -> None:
    text = "GỬI PHAN THANH BÌNH VÀ NGUYEN VAN AN"
    assert [text[a:b] for a, b in vietnamese_capitals(text)] == ["PHAN THANH BÌNH"]
    assert vietnamese_capitals("THÀNH PHỐ HỒ CHÍ MINH") == [] and vietnamese_capitals("Phan Thanh Bình") == []
