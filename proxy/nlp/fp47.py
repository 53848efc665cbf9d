"""Words the name rules read as a person, in a frame no person is in (fp47, the gen46 held-out corpus's false
positives). Drop-only: each rule removes a PERSON span, never adds or widens one.

- a code word in lower case: a file extension (`.jpeg`); an identifier with `_`/`.`/a digit, a `get`/`set` call
  (`getaddrinfo`) or a config/tool suffix (`tsconfig`, `shipctl`); a short word of a protocol or store (`db`,
  `amqp`) in a technical text; a word inside backticks or after `import`; a YAML `name:` value in a Kubernetes/
  Compose/CI document (sibling keys `image:`, `ports:`, `containerPort:`, `command:`...); a word the text also uses
  as a command (`brew install shipctl`, `- shipctl deploy <service>`); `max`/`min` after a numeric type
  (`uint64 max`). A lower-case word that reads as a username (an initial or a given name glued to a surname,
  `bthompson`, `jsmith`) or that the name lists hold is never dropped by the shape rules;
- a product: a word beside a model code (`Ryzen 9 7900X`, `4070 Ti`, `QN90D Neo QLED`, `TP-Link Archer AXE75`),
  a span holding `vs` (`Zod vs Yup vs`), a brand's first word (`Intel Smart Sound`), a site or product name
  (`Stack Overflow`, `Grana Padano`, `Tesouro Direto`), an unlisted word given as an example in a technical
  sentence (`e.g. Forspoken with DirectStorage`);
- a given name used as a word: a month in a month range or date (`Jan..Dec`, `Jan 14`); a plant after a determiner or a
  garden verb, or before a plant's noun, in a sentence about growing it (`the Daisy or the Rose ... grow in
  containers`, `My Peace Lily is drooping`, `My Jasmine plant`; `Heather grows tomatoes` is a person); a place after a
  geographic word (`Loch Ness`); a name word before an object noun after `a` (`a Chelsea boot`); a Hindi
  possessive or numeral in Hinglish before any word (`Meri Royal Enfield`, `Ek achha sa`); `My` before a word;
  a Chinese role noun (`房东` landlord, `老板` boss); a lower-case verb with its object pronoun (`grant us`); an
  acronym's label in a glossary of acronyms (`NAT: translates ...` beside `DHCP: ...`).

No span with a person's cue right before it (`Dr.`, `Dear`, `ask`, `with`) is dropped, but for a brand's or a listed
product's (`issues with Intel Smart Sound drivers`); the word rules also keep a span with a person's verb right after
it (`Rose said`). The acronym label is dropped after caps31's speaker labels (`without_fp47_labels`), the rest at the
end of `_filtered`. Pure functions over strings, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence
from proxy.nlp.fp46 import _HINDI_PRONOUNS, _HINDI_WORDS

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------------- code words
_EXTENSION = re.compile(r"\.[a-z][a-z0-9]{1,4}")
_CODE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+|[a-z]+\d[a-z0-9]*|(?:get|set)[a-z]{4,}"
                         r"|[a-z]{2,}(?:config|conf|cfg|ctl|info|addr|rc|db|sql|proto|sock|opt)")
# Short words of stores, protocols and tools no name list holds; read as code only in a technical text.
_TECH_WORDS = frozenset("""
db amqp mqtt grpc http https tcp udp ssh sftp ftp dns smtp imap api cli sdk orm jwt json yaml toml csv sql nosql
regex cron sudo nginx redis kafka postgres mysql sqlite mongo mongodb webpack vite npm npx pnpm yarn tsconfig eslint
stdout stderr stdin tmp env venv src repo localhost kubectl helm ansible terraform systemd init sshd cgroup inode
""".split())
_TECHNICAL = re.compile(r"(?i)`|```|\b(?:hosts?|servers?|database|YAML|JSON|SQL|queue|cluster|container|docker"
                        r"|kubernetes|k8s|ansible|inventory|config|port|deploy|build|npm|pip|install|error|api"
                        r"|linux|bash|shell|script|python|node|postgres|redis|nginx|group vars)\b")
_NUMERIC_TYPE = re.compile(r"(?i)\b(?:u?int(?:8|16|32|64|128)?(?:_t)?|[iu](?:8|16|32|64|128)|usize|isize"
                           r"|float(?:32|64)?"
                           r"|double|long|short|size_t|Number|Integer|Math|np|numpy)[ \t.:_]+\Z")
_INFRA_KEY = re.compile(r"(?m)^[ \t]*-?[ \t]*(?:apiVersion|kind|image|containerPort|ports|command|args|runs-on|steps"
                        r"|uses|services|replicas|metadata|spec|selector|volumeMounts|env|restart|depends_on"
                        r"|targetPort|protocol|namespace|serviceName|template|containers|build|run):")
_NAME_KEY = re.compile(r"(?:^|\n)[ \t]*-?[ \t]*name:[ \t]*[\"']?\Z")
_BACKTICKS = re.compile(r"`[^`\n]*\Z")
_IMPORT = re.compile(r"\b(?:import|from|require|include|using)[ \t]+\Z")


def _username(word: str, names: NameLists) -> bool:
    """`bthompson`, `jsmith`, `johnsmith`, `smithj`: an initial or a given name glued to a surname (or a name)."""
    w = word.lower()
    if len(w) < 4 or not w.isalpha():
        return False
    if names.is_name(w[1:]) or names.is_name(w[2:]) or names.is_name(w[:-1]):
        return True
    return any(names.is_name(w[:k]) and names.is_name(w[k:]) for k in range(2, len(w) - 1))


def _command_elsewhere(chunk: str, word: str, start: int, end: int) -> bool:
    """The text also uses `word` as a command: `brew install shipctl`, `- shipctl deploy <service>`, `SHIPCTL_X`."""
    w = re.escape(word)
    pats = (rf"\b(?:install|add|run|exec|uninstall|upgrade)[ \t]+{w}\b",
            rf"(?m)^[ \t]*(?:[-*$>][ \t]+)?{w}[ \t]+[a-z][\w-]*[ \t]+(?:<|--|\[)",
            rf"\b{word.upper()}_[A-Z]")
    for p in pats:
        for m in re.finditer(p, chunk):
            if not (m.start() <= start < m.end()):
                return True
    return False


def _code_word(chunk: str, start: int, end: int, names: NameLists) -> bool:
    text = chunk[start:end]
    if _EXTENSION.fullmatch(text) is not None and (start == 0 or not chunk[start - 1].isalnum()):
        return True  # (`rename all .jpeg files`)
    if not re.fullmatch(r"[a-z][a-z0-9_.-]*", text):
        return False
    line_start = chunk.rfind("\n", 0, start) + 1
    if text in ("max", "min") and _NUMERIC_TYPE.search(chunk, max(0, start - 24), start) is not None:
        return True  # (`uint64 max`)
    parts = [w for w in re.split(r"[_.\d-]+", text) if len(w) >= 2]
    if any(names.is_name(w) or names.is_any_first(w) or _username(w, names) for w in parts):
        return False  # (`bthompson2`, `john.smith`, `j_smith`: a username's parts are names)
    if _CODE_SHAPE.fullmatch(text) is not None:
        return True
    if _BACKTICKS.search(chunk, line_start, start) is not None and chunk.find("`", end, end + 80) >= 0:
        return True
    if _IMPORT.search(chunk, max(0, start - 12), start) is not None:
        return True
    if _NAME_KEY.search(chunk, max(0, start - 40), start) is not None and len(_INFRA_KEY.findall(chunk)) >= 2:
        return True  # (`- name: amqp` beside `containerPort:`)
    if text in _TECH_WORDS and _TECHNICAL.search(chunk) is not None:
        return True  # (`groups web (3 hosts) and db (2 hosts)`)
    return _command_elsewhere(chunk, text, start, end)


# --------------------------------------------------------------------------------------------------------- products
_MODEL = r"(?=[A-Za-z-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9][\w-]{2,}"  # `7900X`, `8845HS`, `AXE75`, `QN90D`, `RM750e`
_MODEL_AFTER = re.compile(rf" (?:\d{{1,2}} )?(?:{_MODEL})(?![\w-])")  # (one space: no fixed-width row's columns)
_MODEL_BEFORE = re.compile(rf"(?<![\w-])(?:{_MODEL}|[A-Z]{{2,5}}[ -]?\d{{3,5}}) \Z")
_GLUED_BRAND = re.compile(r"(?<![\w-])[A-Z]{2,4}-\Z")  # (`TP-Link Archer`)
_BRANDS = frozenset("""
intel amd nvidia samsung apple microsoft google logitech corsair asus acer lenovo msi gigabyte razer qualcomm
broadcom realtek sony lg xiaomi huawei oneplus synology netgear tp-link ubiquiti seagate kingston sandisk crucial
""".split())
_PRODUCTS = frozenset({
    "stack overflow", "stack exchange", "grana padano", "parmigiano reggiano", "tesouro direto", "ryzen",
    "forspoken", "zod", "yup", "valibot", "superuser", "server fault", "github copilot", "visual studio",
})
_EXAMPLE_BEFORE = re.compile(r"(?i)\b(?:e\.g\.|i\.e\.|such as|like)[ \t]+\Z")
_TECH_TOKEN = re.compile(r"\b(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}[a-z]?\w*|\d+(?:\.\d+)+|\w*\d\w*)\b")


def _product(chunk: str, start: int, end: int, names: NameLists) -> bool:
    text = chunk[start:end]
    words = text.split()
    if any(w.lower() in ("vs", "vs.", "versus") for w in words):
        return not any(names.is_name(w) or names.is_any_first(w) for w in words if w.lower().rstrip(".") != "vs"
                       and w.lower() != "versus")
    if len(words) == 2 and _GLUED_BRAND.search(chunk, max(0, start - 6), start) is not None:
        return _MODEL_AFTER.match(chunk, end) is not None
    if len(words) != 1 or not re.fullmatch(r"[A-Z][a-z]+", text):
        return False  # (a word in capitals is a row's name: `E4471  NAKAMURA  KENJI`)
    if _MODEL_BEFORE.search(chunk, max(0, start - 20), start):
        return True  # (`RTX 4070 Ti`, `QN90D Neo`)
    if names.is_name(text) or names.is_any_first(text):
        return False
    if _MODEL_AFTER.match(chunk, end) is not None:
        return True  # (`Ryzen 9 7900X`: a word no name list holds)
    if _EXAMPLE_BEFORE.search(chunk, max(0, start - 12), start) is None:
        return False
    return len(_TECH_TOKEN.findall(_sentence(chunk, start))) >= 2  # (`e.g. Forspoken with DirectStorage`)


def _brand_or_listed(text: str, names: NameLists) -> bool:
    """`Stack Overflow`, `Tesouro Direto`; `Intel Smart`: a brand's word first, no given name after it."""
    words = text.split()
    if text.lower() in _PRODUCTS:
        return True
    return len(words) >= 1 and words[0].lower() in _BRANDS and not any(names.is_any_first(w) for w in words)


# --------------------------------------------------------------------------------------------- given names as words
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
           "february", "march", "april", "june", "july", "august", "september", "october", "november", "december")
_MONTH_WORD = re.compile(r"(?i)\b(?:" + "|".join(_MONTHS) + r")\b")
_PLANTS = frozenset("""
daisy rose lily jasmine iris violet holly heather ivy poppy rosemary lavender willow hazel laurel myrtle magnolia
dahlia camellia azalea marigold primrose hyacinth zinnia petunia peony fern clover olive sage basil juniper aster
begonia orchid lotus daphne verbena flora blossom bryony erica linnea calla lantana hosta cosmos
""".split())
_GARDEN = re.compile(r"(?i)\b(?:grow|grows|growing|grown|plant|plants|planted|planting|soil|water|watering|watered"
                     r"|flower|flowers|flowering|bloom|blooms|blooming|prune|pruning|leaves|leaf|pot|pots|potted"
                     r"|container|containers|garden|gardening|seeds?|sow|sowed|bulbs?|droop\w*|wilt\w*|fertili[sz]\w*"
                     r"|repot\w*|sun|shade|compost|cuttings?|roots?|petals?|hardy|perennial|annual|hedge)\b")
_PLANT_BEFORE = re.compile(r"(?i)\b(?:the|a|an|my|your|our|this|that|these|those|some|of|grow|growing|plant|planting"
                           r"|prune|pruning|water|watering|divide|repot|sow|propagate|deadhead|fertili[sz]e)[ \t]+"
                           r"(?:Peace[ \t]+)?\Z")
_PLANT_NOUN_AFTER = re.compile(r"(?i)[ \t]+(?:Lily[ \t]+)?(?:plants?|bush(?:es)?|shrubs?|seeds?|seedlings?|bulbs?"
                               r"|flowers?|hedges?|vines?|cuttings?|beds?|blooms?)\b")
_PLACE_BEFORE = re.compile(r"(?<![\w-])(?:Loch|Lough|Lake|Mount|Mt\.?|River|Glen|Cape|Fort|Port|Isle|Bay|Lac|Monte"
                           r"|Cerro|Rio|Río|Sierra|Costa)[ \t]+\Z")
_PERSON_NOUNS = frozenset("""
family families household kids children brothers sisters twins case estate trust foundation fan fans girl boy guy man
woman lady wife husband son daughter father mother parents team
""".split())
_ROLES_ZH = frozenset("""
房东 房客 租客 老板 老板娘 同事 客户 老师 医生 护士 经理 邻居 朋友 老公 老婆 丈夫 妻子 妈妈 爸爸 母亲 父亲
儿子 女儿 哥哥 姐姐 弟弟 妹妹 男朋友 女朋友 男友 女友 领导 上司 下属 员工 老乡 室友 舍友 同学 校长 律师
司机 保姆 阿姨 叔叔 房东太太 物业 中介 客服
""".split())
_PRONOUN_OBJECTS = frozenset("us me him her them you it".split())


def _word_as_word(chunk: str, start: int, end: int, names: NameLists, nouns: frozenset[str]) -> bool:
    text = chunk[start:end]
    words = text.split()
    if text in _ROLES_ZH:
        return True
    if len(words) == 2 and words[0].islower() and words[1] in _PRONOUN_OBJECTS:
        return True  # (`You grant us a licence`)
    if len(words) != 1:
        return len(words) == 2 and all(w.lower() in _PLANTS or w == "Peace" for w in words) \
            and _plant(chunk, start, end)
    low = text.lower()
    if low in _MONTHS and _month(chunk, start, end):
        return True
    if text == "My" and re.match(r"[ \t]+[A-Za-z]", chunk[end:end + 3]) is not None:
        return True  # (`My Jasmine plant`: the possessive)
    if _person_next(chunk, end):
        return False
    if (low in _PLANTS or (text == "Peace" and chunk.startswith(" Lily", end))) and _plant(chunk, start, end):
        return True
    if text[:1].isupper() and _PLACE_BEFORE.search(chunk, max(0, start - 8), start) is not None:
        return True  # (`Loch Ness`)
    if low in _HINDI_PRONOUNS or low == "ek":
        return re.match(r"[ \t]+\w", chunk[end:end + 3]) is not None \
            and _HINDI_WORDS.search(chunk, max(0, start - 200), min(len(chunk), end + 200)) is not None
    if re.search(r"(?i)\ban?[ \t]+\Z", chunk[max(0, start - 4):start]) is not None:
        m = re.match(r"[ \t]+([a-z]+)\b", chunk[end:end + 30])
        if m is not None and m.group(1) in nouns and m.group(1) not in _PERSON_NOUNS \
                and m.group(1) not in _PERSON_NEXT:
            return True  # (`a Chelsea boot`)
    return _acronym_label(chunk, start, end, names)


def _plant(chunk: str, start: int, end: int) -> bool:
    """`the Daisy or the Rose ... grow`, `My Jasmine plant`, `My Peace Lily is drooping`, `prune Lavender`: a plant's
    word after a determiner or a garden verb, or before a plant's noun, in a sentence about growing it (`Heather
    grows tomatoes`, `Ivy leaves early` are people)."""
    if _GARDEN.search(_sentence(chunk, start)) is None:
        return False
    if chunk.startswith("Lily", start + 6 if chunk.startswith("Peace ", start) else start) and \
            chunk[max(0, start - 6):start] == "Peace ":
        start -= 6  # (`Peace Lily` is one plant: its determiner is before `Peace`)
    return _PLANT_BEFORE.search(chunk, max(0, start - 16), start) is not None \
        or _PLANT_NOUN_AFTER.match(chunk, end) is not None


def _month(chunk: str, start: int, end: int) -> bool:
    """`Jan..Dec`, `Jan-Mar`, `Jan 14`, `Jan 2024`, `Jan, Feb`: a month beside another month or a day."""
    if re.match(r"[ \t]+(?:[0-3]?\d(?:st|nd|rd|th)?\b|(?:19|20)\d\d\b)", chunk[end:end + 8]) is not None:
        return True
    # another month joined by a range's or a list's mark, not by `and` (`Jan and Jun are on call`: two people)
    months = "|".join(_MONTHS)
    joined = r"[ \t]*(?:\.\.\.?|[-–—/,]|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\bbis\b)[ \t]*"
    return re.search(r"(?i)\b(?:" + months + r")\b" + joined + r"\Z", chunk[max(0, start - 20):start]) is not None \
        or re.match(r"(?i)" + joined + r"(?:" + months + r")\b", chunk[end:end + 20]) is not None


_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][A-Za-z/]*(?:[ \t][A-Za-z/]+){0,2}):[ \t]")


def _acronym_label(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`NAT: translates private addresses` in notes where another line opens with an acronym no name list holds
    (`DHCP: gives out ...`, `Ports: ...`) and none with a name: a definition (a lower-case word after the colon),
    no speaker."""
    text = chunk[start:end]
    if not re.fullmatch(r"[A-Z]{2,5}", text) or re.match(r":[ \t]+[a-z]", chunk[end:end + 4]) is None:
        return False
    labels = {m.group(1) for m in _LABEL.finditer(chunk)} - {text}
    named = [w for label in labels for w in label.split() if names.is_name(w) or names.is_any_first(w)]
    return not named and len(labels) >= 1


def without_fp47_labels(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` less an acronym's label in a glossary of acronyms read as a speaker (`NAT:` beside `DHCP:`)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _acronym_label(chunk, r[1], r[2], names)]


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


def without_fp47(chunk: str, found: list[Result], names: NameLists, nouns: frozenset[str]) -> list[Result]:
    """`found` less the PERSON spans the docstring's frames hold."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _not_person(chunk, r[1], r[2], names, nouns)]


def _not_person(chunk: str, start: int, end: int, names: NameLists, nouns: frozenset[str]) -> bool:
    text = chunk[start:end]
    if not text.strip():
        return False
    if _brand_or_listed(text, names):
        return True  # (`issues with Intel Smart Sound drivers`: `with` is no person's cue before a brand)
    if _CUE.search(chunk, max(0, start - 12), start) is not None:
        return False
    return _code_word(chunk, start, end, names) or _product(chunk, start, end, names) \
        or _word_as_word(chunk, start, end, names, nouns)
