"""Companies, brands, drugs and products written like people's names (issue 12, atk9 tester B M5, L2).

spaCy's small English model and the name lists read `Morgan Stanley`, `Goldman Sachs`, `Mercedes-Benz`, `Dell`,
`Kenvue`, `Heparin`, `Cassandra` or `Alexa` as people. The rules that use these lists
(`proxy.nlp.recognizers.PersonFilter.organisation`, `drug`, `assistant`):

- `COMPANIES`: a listed company or brand, written whole (every word of it, in its order; `&`, `-` and `'s` as
  written in the brand), is no name when it holds no listed first name (`Goldman Sachs`, `Kenvue`), when it is
  written with `&` or `-` between its words (`Johnson & Johnson`, `Mercedes-Benz`), when a corporate suffix
  follows (`Inc`, `Corp`, `plc`, ...) or when its sentence holds a word of business (`BUSINESS_WORDS`: `revenue`,
  `stock`, `prices`, `sales`, `store`, ...); never after a listed first name (`Freeman Dyson`) nor with a
  person's cue (`ask`, `Dr.`, `said`) around it;
- `DRUG_STEMS`: a word of seven letters or more ending in a drug's stem (`Heparin`, `Cisplatin`, `Atorvastatin`,
  `Adalimumab`) that is no listed name;
- `ASSISTANTS`: a voice assistant's name (`Alexa`, `Siri`) in a sentence with a device word (`lights`, `phone`,
  `timer`, ...) and no other name part beside it (`Ask Alexa to turn off the lights`; `Ask Alexa Smith` stays).

One entry per line group, lower case; tokens as spaCy writes them (`&`, `-`, `'s` apart).
"""

from __future__ import annotations

import functools

from proxy.nlp.tech_terms import TECH_TERMS

COMPANIES = tuple(line.strip() for line in """
morgan stanley
goldman sachs
wells fargo
charles schwab
johnson & johnson
kenvue
procter & gamble
ernst & young
merrill lynch
dow jones
marks & spencer
ben & jerry 's
ralph lauren
tommy hilfiger
calvin klein
louis vuitton
estée lauder
estee lauder
walt disney
mcdonald 's
mercedes - benz
mercedes benz
hewlett packard
hewlett - packard
dell
lenovo
tiffany 's
tiffany & co
wendy 's
chanel
porsche
thomson reuters
jack daniel 's
dyson
lloyds
barclays
fidelity
boeing
bloomberg
lvmh
christian dior
hugo boss
giorgio armani
ralph lauren
dolce & gabbana
abercrombie & fitch
barnes & noble
johnson controls
charles river
lockheed martin
northrop grumman
pratt & whitney
rolls - royce
rolls royce
harley - davidson
harley davidson
black & decker
stanley black & decker
sherwin - williams
sherwin williams
john deere
jp morgan
jpmorgan
morgan chase
kellogg 's
campbell 's
trader joe 's
dunkin '
ben sherman
william hill
marks and spencer
sainsbury 's
morrisons
carrefour
aldi
lidl
""".strip().splitlines())

# Words after a company's name that make it one: "Dell Inc.", "Lloyds Bank plc".
CORPORATE_SUFFIXES = frozenset("""
inc inc. corp corp. corporation co co. ltd ltd. llc plc ag gmbh sa s.a. nv bv ab asa oyj spa s.p.a. kg group holdings
bank
""".split())

# Words of business, markets and retail: a sentence with one reads a listed brand holding a first name as the brand
# ("Compare Morgan Stanley and Goldman Sachs on trading revenue", "Chanel raised handbag prices").
BUSINESS_WORDS = frozenset("""
revenue revenues earnings profit profits forecast forecasts sales sale prices price priced pricing stock stocks
share shares shareholders stake investors ipo dividend dividends valuation valued market markets funds fund index
trading traded bank banks banking loan loans mortgage mortgages rate rates basis brokerage broker fees fee
acquisition acquired acquire bought buys merger deal analysts estimates quarter quarterly layoffs launched brand
brands store stores flagship retailer retail jeans handbag handbags perfume fragrance downgraded upgraded average
points shares nyse nasdaq ftse dax locations restaurants restaurant menu breakfast franchise franchises outlets
""".split())

# Stems that end international nonproprietary names of drugs (WHO INN stems): heparin, cisplatin, adalimumab,
# remdesivir, lisinopril, metoprolol, atorvastatin, losartan, omeprazole, amoxicillin, ...
DRUG_STEMS = (
    "parin", "platin", "mab", "vir", "pril", "olol", "statin", "sartan", "azole", "cillin", "mycin", "cycline",
    "dipine", "floxacin", "tinib", "afil", "triptan", "semide", "lukast", "gliptin", "glitazone", "formin", "tidine",
    "zepam", "zolam", "oxetine", "profen", "dronate", "parib", "ciclib", "navir", "setron", "vudine",
)

ASSISTANTS = frozenset({"alexa", "siri", "cortana", "bixby"})

# Words of devices, homes and phones: "Ask Alexa to turn off the kitchen lights", "Hey Siri does not work when
# the phone is in low power mode".
DEVICE_WORDS = frozenset("""
light lights lamp lamps phone phones iphone ipad android alarm alarms timer timers thermostat speaker speakers echo
homepod music playlist volume device devices app settings mode battery shortcut shortcuts reminder reminders
weather skill skills smart tv television watch mac windows key microphone mic
""".split())


@functools.cache
def company_index() -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    """Each word of a listed company -> the companies (as token tuples) holding it and its place in them."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for line in COMPANIES:
        words = tuple(line.split())
        for k, w in enumerate(words):
            index.setdefault(w, []).append((words, k))
    return {w: tuple(v) for w, v in index.items()}


# Keys whose value is a product (atk9 B-L2, tool arguments): `{"browser": "Safari"}`, `{"assistant": "Alexa"}`.
PRODUCT_KEYS = frozenset("""
browser browsers assistant assistants os platform platforms editor ide engine engines database db tool tools client
clients app apps model models provider providers runtime framework frameworks library libraries product products
service services driver backend vendor
""".split())


def product_value(value: str, keys: frozenset[str]) -> bool:
    """Whether a JSON value under a key with the words `keys` is a product named as such: one word, a listed
    product or voice assistant (`proxy.nlp.tech_terms`, `ASSISTANTS`), under a key naming a kind of product
    (`{"browser": "Safari"}`, `{"assistant": "Alexa"}`); `{"name": "Alexa"}`, `{"owner": "Hudson"}` stay names."""
    word = value.strip()
    if not word.isalpha() or not keys & PRODUCT_KEYS:
        return False
    return word.lower() in TECH_TERMS or word.lower() in ASSISTANTS


# Devices and their model tiers (atk11 tester B FP-L3): "My iPhone 15 Pro Max keeps restarting", "The Echo Dot lost
# its Wi-Fi connection" (`proxy.nlp.recognizers.PersonFilter.device_model`): a tier after a device line (model
# numbers and other tiers between), and a device line before a tier or a model number.
DEVICE_LINES = frozenset("""
iphone ipad ipod macbook imac airpods homepod echo kindle pixel galaxy surface thinkpad ideapad yoga xps inspiron
chromebook nest fire xbox playstation ps5 ps4 switch quest vive oculus fitbit garmin roku
""".split())
MODEL_TIERS = frozenset("""
pro max ultra plus mini air dot show studio lite se fold flip edge note carbon spot auto kids series gen
""".split())
