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
mercado livre
mercado libre
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
    for line in (*COMPANIES, *CONSUMER_BRANDS):
        words = tuple(line.split())
        for k, w in enumerate(words):
            index.setdefault(w, []).append((words, k))
    return {w: tuple(v) for w, v in index.items()}


@functools.cache
def consumer_brands() -> frozenset[tuple[str, ...]]:
    """`CONSUMER_BRANDS` as token tuples."""
    return frozenset(tuple(line.split()) for line in CONSUMER_BRANDS)


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

# Brand names of drugs (atk14 tester B M1): the most prescribed and best-known brands, US and EU, lower case. A
# listed brand is no name unless a person's cue is around it ("Eliquis 5 mg twice daily", "Zofran for nausea");
# one that is also a listed name ("Allegra") only before a dose or a medication word (`PersonFilter.drug`).
DRUG_BRANDS = frozenset("""
abilify accupril aciphex actonel actos adderall advair advil afrezza aggrenox aimovig aldactone aleve allegra ambien
amaryl anoro antivert apidra aranesp arava aricept arimidex aristada arixtra atacand ativan augmentin avapro avastin
avodart azor azulfidine bactrim bactroban benadryl benicar bentyl biktarvy boniva botox breo brilinta bumex buspar
bystolic caduet calan cardizem cardura catapres celebrex celexa chantix cialis cipro claritin cleocin clozaril
cogentin colace colcrys compazine concerta cordarone coreg corgard cozaar crestor cymbalta cytotec dayquil decadron
delsym demerol depakote descovy desyrel detrol dexilant diflucan dilantin dilaudid diovan diprivan ditropan
dulcolax dupixent effexor effient elavil eliquis emgality enbrel entresto entyvio epipen epogen estrace evista
exelon farxiga febuxostat feldene fioricet flagyl flexeril flomax flonase flovent fosamax gabitril gardasil genvoya
geodon glucophage glucotrol glucovance gralise halcion haldol humalog humira humulin hydrodiuril imdur imitrex
imodium imuran inderal invega invokana januvia jardiance jentadueto kayexalate keflex keppra kenalog keytruda
klonopin lamictal lamisil lanoxin lantus lasix levaquin levemir levitra levothroid levoxyl lexapro librium lioresal
lipitor lisinopril lodine lokelma lomotil lopid lopressor lotensin lotrel lovaza lovenox lunesta lyrica macrobid
maxalt medrol metamucil mevacor micardis minipress miralax mirapex mobic motrin mounjaro mucinex multaq myrbetriq
namenda naprosyn narcan nasonex neulasta neurontin nexium nexplanon niaspan nitrostat nizoral norco normodyne
norvasc nucynta nurtec nuvaring nyquil ocrevus ofev olumiant opdivo orencia otezla oxycontin ozempic pamelor
paxil paxlovid pepcid percocet phenergan plaquenil plavix pradaxa pravachol precedex premarin prevacid prilosec
prinivil pristiq procardia procrit prolia proscar protonix provera provigil prozac pulmicort qulipta ranexa
reglan relafen relpax remeron remicade renvela requip restasis restoril revlimid rexulti risperdal ritalin
robaxin rocephin rybelsus sandostatin saxenda sensipar septra seroquel silvadene simponi sinemet singulair skyrizi
solu-medrol soma spiriva stelara strattera suboxone sudafed sular symbicort synjardy synthroid tamiflu taltz
tegretol temodar tenormin tenoretic tessalon topamax toprol toradol tradjenta tramadol trelegy tresiba tricor
trileptal trintellix trulicity truvada tylenol ubrelvy uceris ultram valium valtrex vancocin vasotec venofer
ventolin verelan vesicare viagra vicodin victoza vimpat vistaril vivitrol voltaren vraylar vyvanse wegovy
wellbutrin xanax xarelto xeljanz xiidra xyzal yasmin zanaflex zantac zebeta zepbound zestoretic zestril zetia ziac
zithromax zocor zofran zoloft zometa zomig zovirax zyban zyloprim zyprexa zyrtec zytiga
""".split())

# Units of a dose after its number ("5 mg", "22 units", "2 puffs"), never a name (atk14 B M1: `Eliquis 5 mg` went up
# as `<PERSON_1> 5 <PERSON_2>`); release forms between a brand and its dose ("Toprol XL 50 mg", "Effexor XR").
DOSE_UNITS = frozenset("""
mg mcg µg μg ug g gm gram grams kg mg/kg mcg/kg mg/ml ml mL l iu IU u units unit meq mEq mmol % tablet tablets tab tabs
capsule capsules cap caps puff puffs spray sprays drop drops patch patches vial vials ampule sachet
""".split())
RELEASE_FORMS = frozenset("xl xr sr er cr la odt dr hct cd ec".split())

# Verbs of giving and adjusting a drug, and words of medication and devices after a brand: a word in no name list
# after the one ("Give Toradol", "Start Keflex") or before the other ("Ventolin inhaler", "Synthroid dose",
# "Masimo pulse oximeter", "Alaris pump") in a sentence about medication is a drug's or a device's brand.
DOSING_VERBS = frozenset("""
give gave given start started continue continued take takes taking took prescribe prescribed titrate titrated hold
held resume resumed restart restarted stop stopped discontinue discontinued increase increased decrease decreased
switch switched add added initiate initiated
""".split())
MEDICATION_WORDS = frozenset("""
dose doses dosing inhaler inhalers tablet tablets pill pills capsule capsules injection injections infusion infusions
drip patch pen pens cream ointment spray syrup suspension level levels taper titration clinic course load pack
pump pumps monitor monitors sensor sensors cuff oximeter defibrillator catheter ventilator nebulizer glucometer
daily nightly weekly monthly bid tid qid prn qhs mg mcg units
""".split())

# Consumer, device and medical-device brands (atk14 B M1: `Fitbit Charge 6 does not sync`, `Baxter infusion pump`):
# written whole they are the brand as `COMPANIES` are; the capitalised words after one name its product line
# (`Garmin Forerunner`, `Philips Hue`, `Logitech MX Master`, `PersonFilter.product_line`).
CONSUMER_BRANDS = tuple(line.strip() for line in """
fitbit
garmin
bose
keurig
philips
yeti
nintendo
ninja
adidas
ikea
venmo
zara
logitech
peloton
weber
hertz
herman miller
sonos
roomba
irobot
vitamix
nespresso
lego
eufy
shark
sony
bissell
crocs
patagonia
hoka
birkenstock
osprey
wayfair
sephora
etsy
shopify
doordash
airbnb
duolingo
expedia
costco
walmart
spotify
netflix
tesla
paypal
zelle
revolut
bosch
miele
hoover
tineco
ecovacs
xiaomi
huawei
oneplus
motorola
nokia
canon
nikon
fujifilm
gopro
dji
roku
chromecast
vans
converse
puma
asics
levi 's
shein
temu
aliexpress
ebay
cricut
keychron
ugreen
netgear
linksys
eero
simplisafe
chamberlain
coleman
stanley
thermos
tupperware
oxo
blackstone
milwaukee
craftsman
greenworks
suunto
whoop
tonal
hydrow
nanit
britax
chicco
uppababy
bugaboo
fossil
seiko
tumi
fjallraven
ray - ban
rayban
medtronic
stryker
dexcom
omnipod
baxter
hillrom
welch allyn
becton dickinson
fresenius
draeger
dräger
mindray
olympus
karl storz
resmed
respironics
insulet
accu - chek
""".strip().splitlines())

# Words of products, devices and orders (atk14 B M1): after a brand holding a listed first name, or in its sentence,
# they read it as the brand, as `BUSINESS_WORDS` do ("Zara return label", "Ninja air fryer", "Baxter infusion pump",
# "Weber grill"); a person's cue around it still keeps the name ("ask Baxter about the pump", "Dr. Baxter").
PRODUCT_WORDS = frozenset("""
pump pumps monitor monitors bed beds sensor sensors scanner ventilator catheter bulb bulbs grill grills tumbler
tumblers fryer fryers blender vacuum vacuums speaker speakers headphones headset earbuds buds charger chargers cable
cables camera cameras doorbell thermostat mixer kettle toaster oven microwave washer dryer dishwasher fridge
refrigerator printer printers router laptop laptops tablet tablets watch smartwatch shoes sneakers trainers boots
sandals jacket backpack leggings sunglasses suitcase luggage mattress chair chairs sofa desk drill mower treadmill
bike controller console keyboard mouse earcup remote app order orders refund refunds return returns delivery
delivered shipping shipped package parcel warranty subscription membership transfer payment payout checkout cart
coupon receipt invoice charged fee fees firmware sync paired pairing bluetooth wi-fi wifi replacement defective
battery batteries lid zipper sole strap seller listing charging handle igniter burner knob button screen
""".split())

# Nouns of products and devices (atk14 B M1): a capitalised word right before one, maybe with a word between, is the
# product's brand, as a compound ("Arlo camera", "Vizio TV", "Bissell carpet cleaner", "Alaris pump",
# `PersonFilter.product_brand`); no verb among them ("Zara return", "Jane watch", "Oura ring" may be a sentence).
PRODUCT_NOUNS = frozenset("""
pump pumps monitor monitors sensor sensors scanner ventilator catheter defibrillator oximeter cuff glucometer
nebulizer inhaler bulb bulbs grill grills tumbler tumblers fryer fryers blender blenders vacuum vacuums speaker
speakers headphones headset headsets earbuds buds charger chargers cable cables camera cameras cam doorbell
thermostat mixer kettle toaster oven microwave washer dryer dishwasher fridge refrigerator printer printers router
routers laptop laptops tablet smartwatch shoes sneakers trainers boots sandals jacket jackets backpack leggings
sunglasses suitcase luggage mattress sofa desk drill drills mower treadmill bike controller console keyboard
earcup tv television soundbar projector cleaner purifier humidifier dehumidifier heater toothbrush razor
shaver trimmer bottle mug thermos cooler tent stroller cot crib lock deadbolt app subscription membership
""".split())

# Firms and brands named after people (atk40 FP01), as written (`proxy.nlp.fpco40`): law, consulting and accounting
# firms, banks, makers, retailers and food brands. One that is a given name and a surname (`Paul Smith`) counts only
# in a sentence of business.
PEOPLE_FIRMS = tuple(line.strip() for line in """
Baker McKenzie|Baker & McKenzie|Clifford Chance|Allen & Overy|A&O Shearman|Freshfields|Freshfields Bruckhaus Deringer
Linklaters|Slaughter and May|Herbert Smith Freehills|Ashurst|Hogan Lovells|Latham & Watkins|Kirkland & Ellis
Skadden|Skadden Arps|Sullivan & Cromwell|Cravath|Cravath Swaine & Moore|Wachtell Lipton|Davis Polk|Simpson Thacher
Cleary Gottlieb|Debevoise & Plimpton|Paul Weiss|Paul Hastings|Weil Gotshal|Weil Gotshal & Manges|Gibson Dunn
Jones Day|White & Case|Sidley Austin|Mayer Brown|Morgan Lewis|Ropes & Gray|Quinn Emanuel|Milbank|Shearman & Sterling
Norton Rose Fulbright|DLA Piper|Eversheds Sutherland|Pinsent Masons|Bird & Bird|Simmons & Simmons|Dentons
Covington & Burling|Wilson Sonsini|Cooley|Fenwick & West|Goodwin Procter|Orrick|Akin Gump|Greenberg Traurig
Holland & Knight|King & Spalding|Arnold & Porter|Proskauer|Willkie Farr|Milbank Tweed|Macfarlanes|Travers Smith
McKinsey|McKinsey & Company|Booz Allen|Booz Allen Hamilton|Bain|Bain & Company|Oliver Wyman|Roland Berger
Arthur D. Little|Kearney|A.T. Kearney|Deloitte|Ernst & Young|Grant Thornton|KPMG|Arthur Andersen|Accenture
Alvarez & Marsal|Kroll|Marsh McLennan|Towers Watson|Willis Towers Watson|Lazard|Rothschild|Evercore|Jefferies
Piper Sandler|Raymond James|Edward Jones|Charles Schwab|T. Rowe Price|Lehman Brothers|Bear Stearns|Salomon Brothers
Bosch|Robert Bosch|Siemens|Philips|John Deere|Deere|Caterpillar|Boeing|Ford|Ferrari|Lamborghini|Maserati|Bugatti
Chrysler|Dodge|Chevrolet|Honda|Toyota|Porsche|Rolls-Royce|Rolls Royce|Royce|Dyson|Miele|Bosch Siemens|Black & Decker
Stanley Black & Decker|Harley-Davidson|Harley Davidson|Gillette|Colgate|Palmolive|Kellogg|Kellogg's|Heinz|Kraft
Kraft Heinz|Cadbury|Hershey|Nestlé|Nestle|Mars|Lipton|Tim Hortons|Dunkin|Wendy's|Arby's|Carl's Jr|Ben & Jerry's
Peter Pan|Sara Lee|Betty Crocker|Duncan Hines|Chef Boyardee|Uncle Ben's|Little Debbie|Marie Callender's
Paul Smith|Ted Baker|Ralph Lauren|Tommy Hilfiger|Calvin Klein|Hugo Boss|Giorgio Armani|Armani|Gucci|Prada|Versace
Karl Lagerfeld|Stella McCartney|Alexander McQueen|Vivienne Westwood|Christian Dior|Dior|Yves Saint Laurent
Louis Vuitton|Coco Chanel|Michael Kors|Kate Spade|Tory Burch|Marc Jacobs|Jimmy Choo|Christian Louboutin
Levi Strauss|Levi's|Hugo Boss|Jack Wills|Charles Tyrwhitt|Marks & Spencer|John Lewis|Sainsbury's|Selfridges
Harrods|Debenhams|Macy's|Nordstrom|Walgreens|Trader Joe's|Dillard's|Kohl's|Lowe's|Sotheby's|Christie's
Bloomberg|Reuters|Thomson Reuters|Dow Jones|Merck|Pfizer|Eli Lilly|Johnson & Johnson|Bristol-Myers Squibb|Abbott
Roche|Bayer|Sanofi|Novartis|Boehringer Ingelheim|Siemens Healthineers|Philips Healthcare|Michelin|Goodyear|Pirelli
Bridgestone|Firestone|Dell|Hewlett Packard|Hewlett-Packard|Walt Disney|Disney|Warner Bros|Paramount|Ogilvy
Saatchi & Saatchi|Leo Burnett|J. Walter Thompson|Wieden+Kennedy|Goldman Sachs|Morgan Stanley|Merrill Lynch
J.P. Morgan|JP Morgan|Wells Fargo|Lloyd's|Lloyds|Barclays|Schroders|Baillie Gifford|Fidelity|Vanguard|Brown Brothers
Brown Brothers Harriman|Cantor Fitzgerald|Nomura|Mitsubishi|Matsushita|Yamaha|Suzuki|Kawasaki|Toyoda|Sony
Hilton|Marriott|Hyatt|Ritz|Ritz-Carlton|Carnegie|Guggenheim|Rockefeller|Pulitzer|Nobel|Tesla|Edison|Westinghouse
Kenwood|Breville|Sunbeam|Russell Hobbs|Morphy Richards|Dualit|Smeg|Le Creuset|Stanley|Craftsman|DeWalt|Makita
Hoover|Bissell|Dyson|Vorwerk|Bose|Marshall|Fender|Gibson|Steinway|Boosey & Hawkes
""".replace("|", "\n").strip().splitlines())

# Brands, chains, loyalty schemes, commodities' benchmarks and firms the name rules read as a person (fpatk41 FP03,
# brand41), as written: hotel chains and their schemes, restaurant chains, food, drink and fashion brands, makers,
# holding companies, crude and gas benchmarks. Read with `PEOPLE_FIRMS` by `proxy.nlp.fpco40` (one that is all
# listed names, `Brent`, `Hilton`, `Burger King`, only in a sentence of business).
NAMED_BRANDS = tuple(line.strip() for line in """
Hilton Honors|Hilton Garden Inn|Hampton Inn|DoubleTree|Conrad Hotels|Waldorf Astoria|Marriott Bonvoy|Courtyard
Sheraton|Westin|Radisson|Radisson Blu|Wyndham|Wyndham Rewards|Accor|Novotel|Sofitel|Mercure|Fairmont|Kempinski
IHG|IHG One Rewards|Premier Inn|Travelodge|Crowne Plaza|Shangri-La|Mandarin Oriental|Rosewood|Aman|Belmond
Burger King|Taco Bell|Chipotle|Wagamama|Jollibee|Tim Ho Wan|Nando's|Pret A Manger|Greggs|Krispy Kreme|Domino's
Papa John's|Little Caesars|Dairy Queen|Baskin-Robbins|Häagen-Dazs|Chick-fil-A|Carl's Jr.|Jack in the Box
Kellanova|WK Kellogg|Mondelez|Clif Bar|Oscar Mayer|Kraft Heinz|Unilever|Danone|Magnum Ice Cream|Ferrero|Lindt
Johnnie Walker|Johnnie Walker Black Label|Johnnie Walker Red Label|Johnnie Walker Blue Label|Jim Beam|Chivas Regal
Glenfiddich|Jameson|Captain Morgan|Jose Cuervo|Tanqueray|Bacardi
Pernod Ricard|Grand Marnier|Rémy Martin|Remy Martin|Rémy Cointreau|Veuve Clicquot|Tia Maria|Don Julio|Jim Beam
Hermès|Hermes|Kering|Cartier|Van Cleef & Arpels|Van Cleef|Bvlgari|Bulgari|Tom Ford|Jack Wolfskin|Victoria's Secret
Bath & Body Works|Tiffany & Co|Tiffany & Co.|Birkin|Dr. Martens|Dr Martens|Doc Martens|Clarks|Timberland
Safran|Thales|Airbus|Dassault|Dassault Systèmes|Embraer|Bombardier|Leonardo DRS|BAE Systems|Raytheon|Lockheed
Berkshire Hathaway|BlackRock|Blackstone|KKR|Carlyle|Brookfield|Citadel|Renaissance Technologies|Bridgewater
Clubcard|Tesco Clubcard|Nectar|Avios|SkyMiles|AAdvantage|Flying Blue|Miles & More|Boots Advantage Card
Brent|Brent crude|Dated Brent|WTI|West Texas Intermediate|Henry Hub|Dubai crude|Urals|Oman crude|Brent Blend
McLaren|Lamborghini|Aston Martin|Bentley|Lotus|Alfa Romeo|Lancia|Bugatti|Koenigsegg|Pagani|Rimac
Deezer|Spotify|Zalando|Klarna|Afterpay|Adyen|Mollie|Monzo|Starling|Starling Bank|Revolut|N26|Wise|bunq|Qonto|Okta
Auth0|Miro|Loom|Notion|Wolt|Bolt|Glovo|Deliveroo|Just Eat|Takeaway.com|Uber Eats|DoorDash|Grubhub|Instacart|Zomato
Swiggy|Zepto|Blinkit|Flipkart|Paytm|PhonePe|Razorpay|Ola Cabs|Meesho|Nykaa|Mercado Libre|MercadoLibre|Mercado Pago
Nubank|Rappi|iFood|Despegar|Brevo|Mailchimp|Sendinblue|Personio|HiBob|Fivetran|Hightouch|Northvolt|Hapag-Lloyd|Maersk
Ableton Live|Ableton|Gherkin|Cucumber|Bitwig|Celonis|UiPath|Spendesk|Pleo|Tink|Trustly|Vinted|Allegro|Rakuten
Shopee|Lazada|Grab|Gojek|Tokopedia|Careem|Talabat|Jumia|Yandex|Skyscanner|Trivago|BlaBlaCar|Doctolib|Lieferando
Delivery Hero|HelloFresh|Ocado|Picnic|Gorillas|Getir|Flink|Checkout.com|GoCardless|Paddle|Lemon Squeezy|Mistral AI
""".replace("|", "\n").strip().splitlines())
