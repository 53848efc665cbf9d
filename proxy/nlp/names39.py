"""names39 (atk38 F05, F06): common names of origins the faker and census lists under-cover, and Persian names in
Persian text.

- `GIVEN` and `SURNAMES`: the commonest given names and surnames (romanised as English texts write them) of
  Southern Africa (Sotho, Tswana, Zulu, Xhosa), Mongolia, the Andes (Quechua, Aymara), the Pacific (Tonga, Samoa,
  Fiji, Maori), Hungary, Ukraine, Central Asia (Kazakh, Uzbek), the Philippines, Indonesia and Malaysia, Kurdistan,
  Ethiopia and Somalia, Nigeria (Yoruba, Igbo, Hausa), Iran and India (keys40, atk40 F11: `Raman`, `Pillai`,
  `Menon`, `Kulkarni`, `Mukherjee`) (`Thabo Mokoena`, `Batbayar Dorj`, `Tupac Quispe`,
  `Mele Fifita`). `proxy.nlp.names.name_lists` takes them as first and last names and out of the common words, so
  every frame that reads a listed name reads them. None is an English word (`bat`, `bold`, `zulu`, `pita`, `tau`,
  `neo` are left out); tests/nlp/test_names39.py checks the lists against the English word lists.
- `folded`: a listed name written without its diacritics (`Zsofia` for `Zsófia`, `Wojcik` for `Wójcik`), as
  English texts and keyboards without the letters write them; `name_lists` drops those that are common words.
- `PERSIAN_FIRST`, `PERSIAN_LAST` and `persian_forms`: Persian given names and surnames in Persian script, and each
  Arabic-script name in both spellings of its yeh and kaf (Persian `ی` U+06CC / `ک` U+06A9, Arabic `ي` U+064A /
  `ك` U+0643): `مریم رضایی`, `فاطمه حسینی`, `نرگس مرادی` are two listed words for
  `proxy.nlp.recognizers.NativeScriptNameRecognizer`. `persian_family`: a surname formed with `زاده` or `پور`
  (`حسن‌زاده`, `علی‌پور`) after a listed word; `persian_cued`: any surname of the `-ی` form after a listed given
  name where a Persian cue frames the pair (`اسم من ... است`, `من ... هستم`, `آقای`, `خانم`, `جناب`, `... عزیز`):
  `-ی` ends many ordinary words too, so never without the cue; `persian_titled`: a listed given name alone in the
  same cues (`خانم مریم`, `من علی هستم`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

GIVEN = frozenset("""
thabo tshepo lerato palesa mpho karabo lebohang refilwe kagiso katlego tumelo dineo boitumelo kgomotso teboho tebogo
thato nthabiseng puleng keabetswe lesego onalenna masego tshiamo oratile kabelo bokang rethabile mamello lineo
relebohile motlatsi sipho thandeka nomvula andile siyabonga sibusiso bongani themba zanele nomsa lwazi lindiwe
sizwe thulani mandla xolani zodwa nokuthula ayanda lungile nolwazi zinhle thandiwe buhle mbali nkosinathi luthando
sanele thando khanyisile unathi vusi bheki sifiso lwando akhona asanda yonela anathi simphiwe mthunzi nomthandazo
batbayar enkhbayar ganbaatar gantulga batbold tsogtbaatar erdenebat munkhbat otgonbayar altangerel sukhbaatar
oyunchimeg oyuunchimeg narantsetseg enkhjargal bolormaa sarangerel tsetsegmaa khulan nomin solongo uyanga
altantsetseg munkhtsetseg erdenechimeg ariunaa odgerel tsolmon temuulen temuujin bilguun battulga ganzorig
chinbat davaasuren purevdorj tserendorj baasanjav lkhagvasuren naranbaatar dorjsuren dashdorj bayarmaa enkhtuya
oyunbileg munkhbayar batzorig erdenebileg
tupac yupanqui wayra sumaq killa amaru quilla huaman
sione siosaia viliami losaline salote tevita semisi tavita iosefa sefo faamoe malia josaia mereoni litia akanisi
aroha wiremu hemi rawiri ngaire anahera manaia tipene paora whetu hohepa tamati henare piripi horomona mele
seini lesieli vika kalolaine
zsofia zsuzsanna zsolt gyula bence levente dorottya eszter reka kinga csaba gergely balazs marton ildiko
erzsebet tunde gyorgy istvan ferenc laszlo katalin szilvia krisztina aniko timea gabor tamas attila janos
iryna nataliia yuliia viktoriia mariia anastasiia svitlana kateryna dmytro andrii serhii mykhailo yurii vitalii
bohdan taras ostap yaroslav ihor maksym denys oleksandra khrystyna solomiia
nursultan aigerim dauren yerlan askar aruzhan dinara gulnara zhanna aizhan baurzhan nurlan saule madina zhanibek
yerbol daulet dilshod sherzod jasur bobur otabek sardor nodira dilnoza gulnora feruza shahnoza akmal jahongir
farrukh bekzod ulugbek aziza gulnoza
budi agus siti dewi wahyu rina putri rizky fitri ayu indah hendra joko bambang nurul syafiq hafiz aiman
nurhaliza zulkifli azlan faizal suharto sukarno yudi dimas bayu andi rudi wulan ratna
rojda berivan dilan zana azad baran rojin jiyan nechirvan shirwan sherko hawre rebwar soran shilan
abebe kebede tesfaye getachew alemu bekele girma tadesse mulugeta worku assefa mengistu wondimu yohannes tsegaye
hailu berhanu gebremedhin tekle mekonnen negash ayele demissie selam tigist hiwot meron mahlet almaz meseret tsion
rahel aster genet birtukan mekdes abdullahi abdirahman abdirizak hodan faduma sahra ayaan ifrah nimco hibo ubah
deeqa sagal ilhan maryan guled liban mahad cabdi maxamed
adebayo olawale afolabi akinola adeleke adeniyi oluwaseun temitope folake funmilayo bukola damilola chukwuemeka
emeka obinna uchenna chinedu nneka ifeoma chiamaka adaeze kelechi ikenna garba aliyu danjuma shehu yakubu kabiru
hadiza hauwa jummai zainab
fatemeh narges mahsa parisa niloofar niloufar arash babak mehdi hamid saeed kourosh dariush farhad behnam omid
navid pouya shahram bahram mojtaba hossein zahra shirin mehrdad mahnaz roya elham sepideh golnaz azadeh
""".split())

SURNAMES = frozenset("""
mokoena mofokeng molefe nkosi dlamini ndlovu khumalo mthembu ngcobo mahlangu sithole mkhize buthelezi shabalala
ntuli zungu mabaso msimang hlongwane nxumalo zwane mbatha maseko radebe sibiya mathebula baloyi maluleke
chauke motaung molapo mosia motsepe masilo letsie moloi nhlapo lekota modise mokgosi sekhukhune mabena mokwena
moeketsi ramaphosa makhubela mashaba tshabalala mhlongo maponya ramokgopa makgoba mokgatle mbeki ntshona mabuza
mkhabela mhlaba nqakula sisulu mlambo bhengu ngubane magubane gumede majola mthethwa madonsela
dorj ganbold tserendorj gantumur purevdorj dashnyam batbayar enkhbayar ochirbat
quispe mamani condori huaman choque ccama apaza yupanqui ticona cusi huanca chambi
taufa fifita vake fonua havili kioa taione tuipulotu vaipulu fakatava tuilagi leota faleolo tauiliili sapolu
fuimaono malietoa naivalu nadolo vunipola koroi ravouvou rabuka qarase bainimarama ngata parata tawhiri tipoki
ruihana
kovalenko shevchenko bondarenko tkachenko kravchenko oliynyk melnyk boyko kovalchuk polishchuk lysenko
marchenko savchenko rudenko petrenko klymenko pavlenko ponomarenko kharchenko levchenko karpenko vasylenko tkachuk
hnatiuk symonenko zinchenko yatsenko moroz
akhmetov zhakupov seitkali abenov ospanov zhunusov tokayev nazarbayev suleimenov kassymov iskakov ermekov
sarsenbayev rakhimov yusupov usmonov ergashev abdullaev mirzaev saidov khodjaev tursunov normatov ismoilov
juraev kholmatov
tolentino manalo pascual macaraeg dimaculangan magbanua lacson panganiban ocampo soriano dizon samonte manalastas
bulaong dumalagan macapagal guevarra
santoso wijaya saputra hidayat kusuma setiawan pratama nugroho gunawan susanto sutanto hartono wibowo siregar
nasution harahap simanjuntak sitompul lubis
barzani talabani hawrami
kebede tesfaye getachew alemu bekele girma tadesse mulugeta worku assefa mengistu wondimu tsegaye hailu berhanu
gebremedhin mekonnen negash ayele demissie warsame abdullahi
adeyemi ogunleye adebayo olawale oyelaran afolabi ogunbanjo oyewole akinola adeleke ogundipe balogun olaniyan
fashola adeniyi okonkwo okafor nwosu okoro nwachukwu chukwu onyeka ugwu anyanwu okeke nnaji ezeh ibekwe igwe
onwuka danjuma
rezaei rezaee hosseini mohammadi ahmadi jafari moradi karimi rahimi hashemi mousavi sadeghi ghorbani heidari
ebrahimi kazemi najafi asadi rostami azizi farahani shirazi tehrani esfahani golpayegani alavi bagheri salehi
soltani nouri akbari taheri abbasi yousefi amini
nakashima
raman pillai menon nambiar kurup panicker warrier namboodiri nambudiri iyengar ayyar chettiar gounder mudaliar naidu
thevar pandian murugan ramasamy ramaswamy sundaram venkatesan ramanathan raghavan sivakumar selvaraj arumugam perumal
rajendran ganesan chandrasekhar chandrasekaran gopalan shetty kamath kulkarni deshpande patil jadhav pawar shinde
gaikwad chavan sawant chatterjee mukherjee ganguly ghosh chakraborty bhattacharya majumdar pandey mishra tiwari
kapoor chopra yadav chowdary goud krishnamurthy subramaniam kutty thampi ramachandran vasudevan rangarajan
parthasarathy muthukumar kannappan mahadevan
""".split())

# The given names of `proxy.nlp.given_names.CURATED` that an English word list also holds (`kenji`, `tomasz`,
# `thabo`: as a proper noun there), kept as given names: no English word.
GIVEN |= frozenset({"kenji", "tomasz"})


def folded(words: Iterable[str], english: Collection[str]) -> set[str]:
    """The words that carry a diacritic, without it (`zsófia` -> `zsofia`, `wójcik` -> `wojcik`; `ł`, `ø`, `đ`,
    `ß` and the other letters without a decomposition as English texts write them), of five letters or more, no
    word of `english` nor its plural (`Novembers`, `Bārds`: Latvian names), nor a Vietnamese syllable (`trọng` is
    `trong`, in: Vietnamese without its marks is its function words, `proxy.nlp.vi_id`)."""
    out = set()
    for w in words:
        if w.isascii() or _VIETNAMESE.search(w):
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", w.translate(_PLAIN)) if not unicodedata.combining(c))
        if len(plain) >= 5 and plain.isascii() and plain.isalpha() and plain not in english \
                and plain not in _FUNCTION_WORDS and not (plain.endswith("s") and plain[:-1] in english):
            out.add(plain)
    return out


# Function words of other languages that a name spells without its marks (`Póder`: Spanish `poder`; Swedish
# `andras`, Italian `dagli`, Finnish `tulin`): spaCy's stop-word lists (`proxy.nlp.recognizers.load_stop_words`).
_FUNCTION_WORDS = frozenset({"poder", "andras", "dagli", "tulin"})
_VIETNAMESE = re.compile("[\u1ea0-\u1effăơưđĂƠƯĐ]")
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss",
                        "ı": "i"})

# Persian given names and surnames in Persian script (the Persian letters; `persian_forms` adds the Arabic ones).
PERSIAN_FIRST = frozenset("""
مریم فاطمه زهرا نرگس مهسا پریسا نیلوفر لیلا شیرین سارا الهام سپیده آزاده رویا مهناز گلناز نازنین زینب معصومه
آرش بابک رضا مهدی حمید سعید امیر کوروش داریوش فرهاد بهنام امید نوید پویا شهرام بهرام مجتبی حسین علی محمد
حسن مرتضی مصطفی مهرداد سینا کامران پیمان هومن فرشته سمیرا طاهره منیژه
""".split())
PERSIAN_LAST = frozenset("""
رضایی حسینی محمدی احمدی جعفری مرادی کریمی رحیمی هاشمی موسوی صادقی قربانی حیدری ابراهیمی کاظمی نجفی اسدی رستمی
زارع عزیزی فراهانی شیرازی تهرانی اصفهانی گلپایگانی علوی باقری صالحی سلطانی نوری اکبری طاهری عباسی یوسفی امینی
قاسمی رسولی فتحی مرادی نظری کرمانی طباطبایی جوادی میرزایی یزدانی شریفی بهرامی نیکخواه
""".split())


def persian_forms(words: Iterable[str]) -> set[str]:
    """Each Arabic-script word in its Persian and its Arabic spelling of yeh and kaf (`رضایی`, `رضايي`), less the
    Persian words an Arabic name spells (`عزیز`, dear: `نرگس مرادی عزیز،` is Narges Moradi and a greeting)."""
    out = set()
    for w in words:
        out.add(w)
        out.add(w.translate(_TO_PERSIAN))
        out.add(w.translate(_TO_ARABIC))
    return out - _PERSIAN_WORDS


# Persian words that an Arabic given name spells in Persian letters.
_PERSIAN_WORDS = frozenset({"عزیز", "جان", "گرامی", "محترم"})


_TO_PERSIAN = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_TO_ARABIC = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})

# A Persian surname's endings: `زاده` (son of) and `پور` (son), glued or after a zero-width non-joiner.
_FAMILY_ENDS = ("زاده", "پور")


def persian_family(word: str) -> bool:
    """A Persian surname formed with `زاده` or `پور` (`حسن‌زاده`, `علیزاده`, `علی‌پور`): a word of four letters
    or more ending in one."""
    w = word.replace("\u200c", "")
    return len(w) >= 5 and w.endswith(_FAMILY_ENDS)


# Persian cues before a name (Mr, Mrs/Ms, His Excellency, Her Excellency; my name is) and after one (I am, dear).
_TITLES = ("آقای", "اقای", "خانم", "جناب", "سرکار")
_CUES_BEFORE = ("اسم من", "نام من", *_TITLES)
_CUES_AFTER = ("هستم", "عزیز", "جان", "گرامی")
# Ordinary words of the `-ی` form that follow a name in a sentence (very, that is, when, for, something, great...).
_NOT_SURNAMES = frozenset("""
خیلی یعنی وقتی برای چیزی کسی جایی عالی بعدی قبلی اصلی فعلی کنونی گرامی همیشگی واقعی خودی اینجایی آنجایی
""".split())


def persian_cued(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` (a listed given name, a space and a word) ends in a surname of the `-ی` form
    (`گلستانی`) inside a Persian cue: one of `_CUES_BEFORE` right before, or one of `_CUES_AFTER` right after."""
    word = text[start:end].rsplit(None, 1)[-1]
    if len(word) < 4 or not word.endswith(("ی", "ي")) or word in _NOT_SURNAMES:
        return False
    before = text[max(0, start - 8):start].rstrip()
    after = text[end:end + 8].lstrip()
    return before.endswith(_CUES_BEFORE) or after.startswith(_CUES_AFTER)


def persian_titled(text: str, start: int, end: int) -> bool:
    """Whether a Persian cue frames the word `text[start:end]` (a listed given name) alone: a form of address or
    `اسم من` right before it (`خانم مریم`, `اسم من سارا است`), or `هستم`, `عزیز`, `جان` right after it
    (`من علی هستم`, `مریم عزیز`)."""
    return (text[max(0, start - 8):start].rstrip().endswith(_CUES_BEFORE)
            or text[end:end + 8].lstrip().startswith(_CUES_AFTER))
