"""Words of Vietnamese and Indonesian text (and Brazil's places) that the NER model and name lists take for names
(atk13 M9).

Vietnamese syllables are capitalised in places, countries, languages, weekdays and months, and many of those
syllables are also given names (`Anh` in `tiếng Anh` "English", `Hà` in `Hà Nội`, `Hai` in `Thứ Hai` "Monday",
`Nam` in `Việt Nam`); Indonesian weekdays, months, holidays and cities are capitalised single words (`hari Senin`,
`Lebaran`, `Cabang Makassar`). `PersonFilter.vi_id_word` reads such a word as no name:

- after a language's noun (`tiếng`, `bahasa`): a capitalised run of up to three words is the language's name
  (`tiếng Anh`, `tiếng Tây Ban Nha`, `bahasa Inggris`);
- inside a listed phrase (`PHRASES`, matched on lower-case words): the provinces and large cities of Vietnam and
  Indonesia, countries as both languages write them, weekdays, months and holidays. A phrase of one word that is
  also a listed given name (`Vinh`, `Bình`) is left out, and one that is a first name elsewhere (`April`, `Mei`)
  counts in a Vietnamese or Indonesian sentence only;
- a compass word after a listed place (`Tangerang Selatan`, `Jawa Barat`).

Brazil's places of two or more words (`São Paulo`, `Santa Catarina`, `Belo Horizonte`) are listed here too
(`_BR`, atk13 M9: after `CEP` or `para` they were PERSON).
"""

from __future__ import annotations

import functools

# Nouns after which a capitalised run is a language's name: "tiếng Anh", "bahasa Inggris".
LANGUAGE_NOUNS = frozenset({"tiếng", "bahasa", "berbahasa"})

_VI = """
hà nội; thành phố hồ chí minh; hồ chí minh; sài gòn; hải phòng; đà nẵng; cần thơ; huế; nha trang; đà lạt; vũng tàu;
bà rịa; biên hòa; biên hoà; thủ đức; quy nhơn; hội an; hạ long; sa pa; sapa; phú quốc; mỹ tho; buôn ma thuột;
an giang; bà rịa vũng tàu; bắc giang; bắc kạn; bạc liêu; bắc ninh; bến tre; bình định; bình dương; bình phước;
bình thuận; cà mau; cao bằng; đắk lắk; đắk nông; điện biên; đồng nai; đồng tháp; gia lai; hà giang; hà nam;
hà tĩnh; hải dương; hậu giang; hòa bình; hoà bình; hưng yên; khánh hòa; khánh hoà; kiên giang; kon tum; lai châu;
lâm đồng; lạng sơn; lào cai; long an; nam định; nghệ an; ninh bình; ninh thuận; phú thọ; phú yên; quảng bình;
quảng nam; quảng ngãi; quảng ninh; quảng trị; sóc trăng; sơn la; tây ninh; thái bình; thái nguyên; thanh hóa;
thanh hoá; thừa thiên huế; tiền giang; trà vinh; tuyên quang; vĩnh long; vĩnh phúc; yên bái; phan thiết;
rạch giá; long xuyên; cam ranh; móng cái; hồ gươm; hồ tây; sông hồng; sông hàn; sông cửu long; mê kông;
mekong; tây nguyên; miền bắc; miền nam; miền trung; bắc bộ; nam bộ; trung bộ; cầu rồng; côn đảo; cát bà; tam đảo;
việt nam; thái lan; nhật bản; hàn quốc; trung quốc; anh quốc; hoa kỳ; lào; campuchia; pháp; đức; nga; úc;
ấn độ; tây ban nha; bồ đào nha; triều tiên; đài loan; hồng kông; miến điện; hà lan; thụy điển; thuỵ điển;
thụy sĩ; thuỵ sĩ; na uy; đan mạch; ba lan; ai cập; mỹ; ý; châu âu; châu á; châu phi; đông nam á; liên hợp quốc;
thứ hai; thứ ba; thứ tư; thứ năm; thứ sáu; thứ bảy; chủ nhật;
tháng giêng; tháng một; tháng hai; tháng ba; tháng tư; tháng năm; tháng sáu; tháng bảy; tháng tám; tháng chín;
tháng mười; tháng mười một; tháng mười hai; tháng chạp;
tết; tết nguyên đán; nguyên đán; trung thu; quốc khánh; giáng sinh; năm mới
"""

_ID = """
jakarta; surabaya; bandung; medan; semarang; makassar; palembang; tangerang; depok; bekasi; bogor; yogyakarta;
jogja; jogjakarta; malang; solo; surakarta; denpasar; batam; pekanbaru; padang; manado; balikpapan; samarinda;
pontianak; banjarmasin; jambi; cirebon; cikarang; karawang; kupang; mataram; ambon; jayapura; sorong; kendari;
palu; bengkulu; lampung; bandar lampung; serang; cilegon; sukabumi; tasikmalaya; kediri; madiun; jember;
banyuwangi; tegal; purwokerto; magelang; pekalongan; salatiga; blitar; probolinggo; pasuruan; mojokerto; sidoarjo;
gresik; lombok; bali; sumatra; sumatera; jawa; kalimantan; sulawesi; papua; maluku; aceh; riau; bintan; flores;
labuan bajo; bangka; belitung; banten; gorontalo; ternate; tarakan; bukittinggi; puncak; bandara soekarno hatta;
nusa tenggara; nusa dua; kuta; ubud; bromo; toba; danau toba; borobudur; monas; kepulauan seribu;
indonesia; malaysia; singapura; jepang; korea; tiongkok; cina; amerika; amerika serikat; belanda; inggris; jerman;
prancis; perancis; australia; arab saudi; mesir; turki; rusia; filipina; thailand; vietnam; brunei; timor leste;
senin; selasa; rabu; kamis; jumat; jum'at; sabtu; minggu; ahad;
januari; februari; pebruari; maret; april; mei; juni; juli; agustus; september; oktober; november; nopember;
desember;
lebaran; idul fitri; idulfitri; idul adha; iduladha; natal; nyepi; imlek; waisak; ramadan; ramadhan; galungan;
tahun baru; hari raya; hari kartini; hari kemerdekaan; maulid; isra miraj
"""

# Brazil's states and large cities of more than one word, read whole (`CEP 01310-100, São Paulo`, `vou para São José`,
# `Entrega para Santa Catarina`: the one-word city rule, `PersonFilter.listed_city`, reads one word only).
_BR = """
são paulo; rio de janeiro; belo horizonte; porto alegre; santa catarina; rio grande do sul; rio grande do norte;
minas gerais; espírito santo; mato grosso; mato grosso do sul; distrito federal; são josé; são josé dos campos;
são luís; são bernardo do campo; santo andré; são gonçalo; são caetano do sul; são carlos; ribeirão preto;
campo grande; juiz de fora; feira de santana; foz do iguaçu; duque de caxias; nova iguaçu; praia grande;
vila velha; cabo frio; angra dos reis; ouro preto; campos do jordão
"""

# Compass words after a place: "Tangerang Selatan", "Jakarta Barat", "Jawa Tengah", "Sulawesi Utara".
COMPASS = frozenset({"selatan", "utara", "barat", "timur", "tengah", "tenggara", "daya", "laut"})


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split()) for p in text.replace("\n", " ").split(";") if p.strip())


@functools.cache
def phrases() -> frozenset[tuple[str, ...]]:
    """The listed phrases, each a tuple of lower-case words."""
    return _phrases(_VI) | _phrases(_ID) | _phrases(_BR)


@functools.cache
def longest_phrase() -> int:
    return max(len(p) for p in phrases())


@functools.cache
def given_names() -> frozenset[str]:
    """faker's vi_VN and id_ID given names (first and middle), lower case: a one-word phrase that is one of them
    (`Vinh`, `Bình`) is not read as the place."""
    from faker.providers.person.id_ID import Provider as Indonesian
    from faker.providers.person.vi_VN import Provider as Vietnamese

    words = {*Vietnamese.first_names_male, *Vietnamese.first_names_female, *Vietnamese.first_names_unisex,
             *Vietnamese.middle_names, *Indonesian.first_names}
    return frozenset(w.lower() for n in words for w in n.split())


@functools.cache
def vietnamese_names() -> frozenset[str]:
    """faker's vi_VN given, middle and family names, lower case, one word each (`anh`, `thanh`, `ba`)."""
    from faker.providers.person.vi_VN import Provider as Vietnamese

    words = {*Vietnamese.first_names_male, *Vietnamese.first_names_female, *Vietnamese.first_names_unisex,
             *Vietnamese.middle_names, *Vietnamese.last_names}
    return frozenset(w.lower() for n in words for w in n.split())
