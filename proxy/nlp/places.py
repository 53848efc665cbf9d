"""Cities used as places in engineering and business text (issue 12, atk7 finding 7): `The Denver office opens at
nine.`, `The Victoria cluster runs Kubernetes 1.29.`, `Il data center di Roma`, `La oficina de Valencia`,
`{"city": "Berlin"}`. Many cities are also listed first names or surnames (`Austin`, `Charlotte`, `Florence`,
`Victoria`, `Berlin`, `Milan`, `Roma`): such a word is read as the place only where the text says it is one
(`proxy.nlp.recognizers.PersonFilter.city`): before a place's head noun (`office`, `data center`, `cluster`,
`team`, ...), after such a head and `de`/`di`/`of`/`in` (`oficina de Valencia`), or as the value of a place's key
(`"city": "Berlin"`).

The list: the city part of the tz database's zone names (`Europe/Berlin`, `America/Denver`; `proxy.nlp.zones`)
and `CITIES` below (large cities and the cities offices and data centres are named after, in English and in
their own language; Polish cities with the forms they take after a preposition, `do Gdańska`). One word each, lower
case; a city of two words is read by its last word only when it is listed here.
"""

from __future__ import annotations

import functools

from proxy.nlp.zones import zone_names

CITIES = frozenset("""
aarhus abuja accra adelaide ahmedabad albany albuquerque alexandria algiers almaty amman amsterdam anchorage ankara
antwerp athens atlanta auckland augsburg austin baltimore bangalore bengaluru bangkok barcelona basel beijing beirut
belfast belgrade bergen berlin bern bielefeld bilbao birmingham bochum bogota bologna bonn bordeaux boston bratislava
bremen brisbane bristol brno brussels bruxelles bucharest budapest buffalo cairo calgary cambridge canberra capetown
cardiff charlotte chemnitz chengdu chennai chicago cincinnati cleveland cologne columbus copenhagen cork dallas
damascus delhi denver detroit doha dortmund dresden dubai dublin duisburg dusseldorf düsseldorf edinburgh edmonton
eindhoven essen florence firenze frankfurt fukuoka geneva genoa genova ghent glasgow gothenburg göteborg graz
guadalajara guangzhou hamburg hangzhou hanoi hannover hanover helsinki hiroshima houston hyderabad indianapolis
innsbruck istanbul jacksonville jakarta jeddah johannesburg kansas karachi karlsruhe kiel kiev kyiv kolkata krakow
kraków kuala kyoto lagos lahore leeds leipzig lille lima linz lisbon lisboa liverpool ljubljana london lyon madrid
malaga málaga malmo malmö manchester manila mannheim marseille melbourne memphis mexico miami milan milano
milwaukee minneapolis minsk montevideo montpellier montreal montréal moscow mumbai munich münchen munchen nagoya
nairobi nanjing nantes naples napoli nashville newcastle nice nottingham nuremberg nürnberg oakland odessa osaka oslo
ottawa oxford palermo paris perth philadelphia phoenix pittsburgh porto portland poznan poznań prague praha pune quebec
raleigh reykjavik riga riyadh rio rome roma rotterdam sacramento salzburg santiago sapporo sarajevo seattle seoul
seville sevilla shanghai sheffield shenzhen singapore sofia southampton stockholm strasbourg stuttgart sydney taipei
tallinn tampa tampere tbilisi tehran telaviv tokyo toronto toulouse tucson tunis turin torino utrecht valencia
vancouver venice venezia victoria vienna wien vilnius warsaw warszawa washington wellington winnipeg wroclaw wrocław
wuhan yokohama zagreb zaragoza zurich zürich orlando
salvador recife curitiba fortaleza manaus campinas brasilia brasília valparaiso valparaíso cordoba córdoba
braga coimbra aveiro funchal granada murcia alicante valladolid vigo bari catania verona padova trieste
gdańsk gdańska gdańsku gdansk krakowa krakowie wrocławia wrocławiu poznania poznaniu warszawy warszawie łódź łodzi
katowice katowic lublin lublina lublinie szczecin szczecina szczecinie gdynia gdyni toruń torunia toruniu
izmir bursa adana konya gaziantep kayseri mersin eskişehir eskisehir diyarbakır diyarbakir samsun trabzon
denizli sakarya kocaeli malatya erzurum şanlıurfa sanliurfa
tampereella tampereelta tampereelle tampereen helsingissä helsingistä helsinkiin turussa turusta turkuun turku oulu
espoo vantaa jyväskylä trondheim uppsala aalborg odense linköping örebro västerås
praze prahy prahu brna brně brnu ostrava ostravy ostravě plzeň olomouc
kobe sendai kawasaki hull york leicester coventry bradford plymouth aberdeen dundee swansea brighton
""".split())

# Destinations of travel and geography prompts (place41, fpatk41 FP01): towns, regions, islands, parks and
# landmarks, lower case, whole, comma-separated (`chiang mai`, `bryce canyon`). A list of places anchors on one of
# them; one that is also a given name (`petra`, `savannah`) anchors nothing (`proxy.nlp.place41._known`).
DESTINATIONS = frozenset(p.strip() for p in """
giza, luxor, aswan, petra, wadi rum, jerash, aqaba, marrakech, marrakesh, fez, fes, chefchaouen, essaouira, tangier,
cappadocia, göreme, pamukkale, ephesus, antalya, bodrum, santorini, mykonos, crete, corfu, rhodes, meteora, delphi,
dubrovnik, hvar, korcula, kotor, budva, mostar, bled, lake bled, piran, plitvice, hallstatt, zermatt, grindelwald,
interlaken, lauterbrunnen, lucerne, luzern, st. moritz, davos, chamonix, courchevel, val d'isere, kitzbühel,
kitzbuhel, st. anton, ischgl, cortina, dolomites, tyrol, tirol, bavaria, provence, normandy, brittany, alsace,
burgundy, dordogne, loire, côte d'azur, cannes, antibes, menton, carcassonne, avignon, arles, annecy, colmar,
tuscany, umbria, sicily, sardinia, puglia, apulia, calabria, campania, liguria, piedmont, lombardy, veneto, amalfi,
positano, ravello, sorrento, capri, ischia, pompeii, cinque terre, portofino, siena, pisa, lucca, san gimignano,
montepulciano, orvieto, assisi, perugia, modena, parma, ferrara, ravenna, mantua, bergamo, bellagio, taormina,
cefalù, cefalu, syracuse, siracusa, agrigento, matera, alberobello, lecce, andalusia, andalucía, ronda, cádiz,
cadiz, marbella, nerja, mallorca, majorca, menorca, ibiza, formentera, tenerife, lanzarote, gran canaria,
fuerteventura, san sebastián, san sebastian, galicia, toledo, segovia, salamanca, cuenca, girona, sitges, costa
brava, costa del sol, algarve, sintra, cascais, évora, evora, madeira, azores, douro, óbidos, obidos, cotswolds,
lake district, peak district, snowdonia, cornwall, devon, whitby, isle of skye, skye, galway, dingle, killarney,
kerry, connemara, donegal, bruges, brugge, delft, giethoorn, haarlem, maastricht, heidelberg, rothenburg,
neuschwanstein, wachau, český krumlov, cesky krumlov, karlovy vary, zakopane, lapland, rovaniemi, lofoten, tromsø,
tromso, flåm, geiranger, stavanger, akureyri, húsavík, faroe islands, svalbard, chiang mai, chiang rai, phuket,
krabi, koh samui, koh phangan, koh tao, koh lanta, ayutthaya, sukhothai, luang prabang, vang vieng, vientiane, siem
reap, angkor wat, phnom penh, kampot, ha long, halong, hoi an, da nang, sapa, mekong, bali, ubud, seminyak, canggu,
lombok, yogyakarta, borobudur, komodo, sumatra, langkawi, penang, malacca, melaka, borneo, sabah, sarawak, palawan,
el nido, coron, boracay, cebu, siargao, bohol, nara, hakone, nikko, kamakura, miyajima, kanazawa, takayama,
hokkaido, okinawa, gion, higashiyama, arashiyama, shinjuku, shibuya, asakusa, busan, jeju, gyeongju, jiufen,
kaohsiung, macau, guilin, yangshuo, zhangjiajie, xi'an, lhasa, tibet, kathmandu, pokhara, annapurna, bhutan,
thimphu, goa, kerala, munnar, alleppey, jaipur, udaipur, jodhpur, jaisalmer, agra, varanasi, rishikesh,
darjeeling, ladakh, hampi, mysore, kandy, ella, galle, sigiriya, trincomalee, mirissa, maldives, zanzibar,
serengeti, ngorongoro, kilimanjaro, masai mara, mombasa, kruger, stellenbosch, okavango, etosha, sossusvlei,
windhoek, sahara, merzouga, sharm el-sheikh, dahab, hurghada, jerusalem, eilat, masada, muscat, abu dhabi, banff,
lake louise, whistler, tofino, niagara, cape breton, yosemite, yellowstone, zion, bryce canyon, arches,
canyonlands, grand canyon, sedona, moab, monument valley, death valley, joshua tree, big sur, napa, sonoma, palm
springs, lake tahoe, grand teton, jackson hole, aspen, vail, telluride, breckenridge, santa fe, taos, savannah,
charleston, asheville, new orleans, key west, everglades, outer banks, cape cod, nantucket, acadia, maui, oahu,
kauai, waikiki, honolulu, denali, juneau, tulum, cancún, cancun, playa del carmen, cozumel, oaxaca, puerto
vallarta, guanajuato, san miguel de allende, chichén itzá, chichen itza, mérida, merida, cartagena, medellín,
medellin, salento, cusco, cuzco, machu picchu, arequipa, titicaca, uyuni, la paz, atacama, patagonia, torres del
paine, el calafate, el chaltén, bariloche, mendoza, iguazu, iguaçu, ushuaia, galápagos, galapagos, quito, punta
del este, florianópolis, florianopolis, paraty, fernando de noronha, jericoacoara, queenstown, wanaka, rotorua,
milford sound, fiordland, abel tasman, coromandel, tasmania, uluru, cairns, whitsundays, byron bay, noosa,
barossa, fiji, bora bora, tahiti, moorea, rarotonga, valletta, mdina, gozo, malta, cyprus, paphos, gosau,
rothenburg ob der tauber, merv, samarkand, bukhara, khiva, persepolis, palmyra, carthage, knossos, mycenae,
herculaneum, paestum, runnymede, stonehenge, avebury, alhambra, alcázar, alcazar, mezquita, montserrat, camino de
santiago, mont saint-michel, big sur, ho chi minh city, notting hill
""".replace("\n", " ").split(",")) - {""}

# Head nouns after a city used as a place: "the Denver office", "the Phoenix data center", "the Berlin cluster",
# "our Austin team", "the Berlin infrastructure" (one word; "data center" is read by its last word after "data").
CITY_HEADS = frozenset("""
office offices branch branches campus campuses site sites datacenter datacenters datacentre datacentres center centers
centre centres dc dcs hq headquarters team teams region regions cluster clusters infrastructure warehouse warehouses
store stores plant plants facility facilities location locations hub hubs zone zones rollout rollouts deployment
deployments server servers colo pop pops metro area staff employees customers users market markets airport
studio studios lab labs factory factories depot depots edge node nodes
""".split())

# Head nouns before a city (after them `de`, `di`, `of`, `in`, ...): "La oficina de Valencia", "Il data center di
# Roma", "das Büro in Berlin", "the office in Phoenix" (English, Spanish, Italian, French, German, Portuguese, Dutch).
CITY_HEADS_BEFORE = CITY_HEADS | frozenset("""
oficina oficinas sede sedes sucursal sucursales centro centros ufficio uffici filiale filiali bureau bureaux agence
succursale büro standort standorte rechenzentrum niederlassung escritório escritorio kantoor vestiging
tienda tiendas almacén almacenes loja lojas armazém armazéns filial filiais negozio negozi magazzino magazzini magasin
magasins entrepôt entrepôts agencia agencias agência agências fábrica fabbrica usine planta
""".split())
CITY_LINKS = frozenset({"of", "in", "at", "de", "di", "del", "da", "du", "von", "en", "em", "do", "a", "à"})

# Keys whose value is a place: `{"city": "Berlin"}`, `location: Denver`.
PLACE_KEYS = frozenset("""
city cities town location locations place destination origin region capital hometown birthplace office site
datacenter dc metro ciudad città ville stadt ort
""".split())
# Keys that take a place or a person (`{"to": "Munich"}`, `{"to": "Austin"}` to message him): a city that is no US
# first name only (`english_first_names`).
ROUTE_KEYS = frozenset({"from", "to", "departure", "arrival", "via"})


@functools.cache
def city_names() -> frozenset[str]:
    """`CITIES` and the one-word city parts of the tz database's zone names, lower case."""
    zones = {z.rsplit("/", 1)[-1].lower() for z in zone_names()}
    return CITIES | frozenset(z for z in zones if z.isalpha())


@functools.cache
def english_first_names() -> frozenset[str]:
    """US first names, lower case: the census lists (zxcvbn's, which keep a name only where it ranks best, so
    without `austin`) and faker's `en_US` first names (`austin`, `charlotte`, `victoria`, `sydney`)."""
    from faker.providers.person.en_US import Provider
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    return frozenset(lists["male_names"]) | frozenset(lists["female_names"]) | frozenset(
        n.lower() for n in Provider.first_names)


def place_value(value: str, keys: frozenset[str]) -> bool:
    """Whether a JSON value under a key with the words `keys` (`proxy.guard.joined.key_words`) is a city named as
    the place: the value is one listed city (`{"city": "Berlin"}`, `{"home_city": "Denver"}`), and under a key
    that takes a person too (`{"from": "Berlin", "to": "Munich"}`) no US first name (`english_first_names`:
    `{"to": "Austin"}` stays a name)."""
    word = value.strip()
    if not word.isalpha() or word.lower() not in city_names():
        return False
    if keys & PLACE_KEYS:
        return True
    return bool(keys & ROUTE_KEYS) and word.lower() not in english_first_names()
