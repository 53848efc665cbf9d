"""More everyday PII-free text the NER reads as a person's name (atk16 tester A, issue 12: M5-M8, L1-L3), each read
from the words around the span, so that the same words where the sentence says person stay names:

- .NET / JVM namespaces and packages: a word inside a dotted name under a listed namespace root (`using
  System.Text.Json;`, `Newtonsoft.Json`, `Microsoft.AspNetCore.Mvc`, `Polly.Retry`), a data format's name (`String
  json`, `The Json property`), the package of a package manager's command (`dotnet add package Polly`), and a .NET
  library named like a person in a sentence about retries or packages (`Our retries use Polly with backoff`);
- a first name that is also an English noun or adjective at a sentence's start as the word: before a noun and an
  auxiliary (`Violet flowers are edible.`, `Autumn leaves are falling`), before a plural noun and an `-ing` form
  (`Cherry blossoms falling`), in an idiom (`Heaven knows`), and, for a word no US census lists as a first name,
  before a preposition and a determiner or `and` and a lower-case noun (song lines: `Sunshine on the water`,
  `Angel on my shoulder`, `Liberty and laughter`); before a plural noun that is the clause's subject (`Ivy leaves
  turn red`, `Holly bushes grow well`, `Victor rules in graph colouring are rarely used`), and in a hymn's line
  (`Mercy on the broken,`);
- greetings and sign-offs of support chats (`Moin,`, `Liebe Grüße`, `Groeten`, `Pozdrawiam`, `Mvh`, `Terveisin`);
- finance institutions, benchmarks and currencies written whole, with a word of markets in the text (`the Fed`,
  `Fannie Mae`, `Moody's`, `Fitch`, `Goldman`, `Brent crude`, `the Russell 2000`, `Sterling fell`, `the Loonie`);
- a code review's label at a line's start (`Nit:`, `Minor:`, `Blocker (non-blocking):`: Conventional Comments);
- clubs, grounds and teams in a sports text (`Aston Villa`, `Villa Park`, `Orlando City`, `the Bills`, `The Maple
  Leafs`, `Ferrari`/`Williams` as constructors), a club named after its city (`Houston Dynamo`, `The Toronto Maple
  Leafs`, `Austin FC`) and a city's team as the other side (`Miami Heat beat Orlando`);
- a German noun after an article in a German sentence (`Der Weber arbeitet am Webstuhl.`, `auf dem Grabstein`), the
  feast or place after `Saint-` (`la Saint-Valentin`), a Portuguese or Spanish word-name before `do`, `da`, `del`...
  and a lower-case word (`Vitória do time`), and a car brand beside another or a word of cars (`Mercedes y BMW`);
- a shop ticket's product (fpleft16): unlisted capitalised words ending with or before a product's noun (`Beats Studio
  Buds`, `Oura ring battery`), lower-case nouns inside a lower-case compound (`impact driver chuck`).

Never with a person's cue next to the span (`Ask Goldman`, `Goldman said`, `Herr Weber`, `Hi Violet`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proxy.nlp.names import NameLists

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """WordNet's English nouns, adjectives and verbs (the NER pipeline's lemmatizer tables) and the English stop
    words."""

    nouns: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()
    german: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()


def lexicon_of(engines: Any) -> Lexicon:
    """The lexicon of the engines' person filter (`proxy.nlp.recognizers.PersonFilter`); empty when none."""
    key = id(engines)
    lex = _LEXICONS.get(key)
    if lex is None:
        lex = _LEXICONS[key] = _lexicon(engines)
    return lex


_LEXICONS: dict[int, Lexicon] = {}


def _lexicon(engines: Any) -> Lexicon:
    for r in getattr(getattr(getattr(engines, "engine", None), "registry", None), "recognizers", ()):
        filt = getattr(r, "person_filter", None)
        if filt is not None:
            stops = filt.stop_words
            return Lexicon(frozenset(filt.nouns), frozenset(filt.adjectives), frozenset(stops.get("en", ())),
                           frozenset(stops.get("de", ())), frozenset(filt.verbs))
    return Lexicon()


# --------------------------------------------------------------------------- person cues

_CUE_BEFORE = frozenset("""
ask asked tell told ping cc thanks thank dear hi hello hey call called email e-mail message contact meet met invite
mr mrs ms miss dr prof sir madam herr herrn frau sr sra señor señora senhor senhora signor signora monsieur madame
mme pan pani mevrouw meneer
""".split())
_CUE_AFTER = frozenset("""
said says told tells wrote writes asked asks replied replies emailed texted messaged mentioned thinks thought
called calls
""".split())


def _before(text: str, start: int, n: int) -> list[str]:
    return _WORD.findall(text[max(0, start - 120):start])[-n:]


def _after(text: str, end: int, n: int) -> list[str]:
    return _WORD.findall(text[end:end + 120])[:n]


def _cued(text: str, start: int, end: int) -> bool:
    before = [w.lower() for w in _before(text, start, 1)]
    after = [w.lower() for w in _after(text, end, 1)]
    return bool(before and before[-1] in _CUE_BEFORE) or bool(after and after[0] in _CUE_AFTER)


def _sentence_start(text: str, start: int) -> bool:
    pre = text[:start].rstrip(" \t\"“'‘(*•>-")
    return not pre or pre[-1] in ".!?\n…:;"


# --------------------------------------------------------------------------- .NET / JVM (M5)

# Roots of .NET and JVM namespaces and packages: a word after one in a dotted name is a namespace's part.
NAMESPACE_ROOTS = frozenset("""
system microsoft newtonsoft polly serilog nlog log4net automapper mediatr fluentvalidation fluentassertions xunit nunit
moq nsubstitute dapper npgsql stackexchange castle autofac ninject hangfire quartz masstransit rabbitmq confluent grpc
azure amazon awssdk humanizer bogus swashbuckle duende identityserver4 refit restsharp ocelot orleans akka marten
wolverine xamarin avalonia prism reactiveui communitytoolkit mongodb elasticsearch nest sentry opentelemetry pomelo
mysqlconnector windows android java javax jakarta org com io kotlin kotlinx scala sun jdk mono unityengine unityeditor
shouldly mapster scrutor yarp nhibernate lucene ravendb couchbase spectre benchmarkdotnet octokit stripe twilio sendgrid
""".split())
# Data formats a type or a property is named after: never a person (`String json`, `The Json property`).
FORMAT_WORDS = frozenset("json jsonl ndjson yaml yml xml csv tsv toml bson protobuf msgpack avro parquet html".split())
# A package manager's command before a package's name.
_PACKAGE_COMMAND = re.compile(r"(?i)(?:dotnet\s+add(?:\s+\S+)?\s+package|install-package|nuget\s+install|paket\s+add"
                              r"|PackageReference\s+Include=\"?|pip\s+install|npm\s+(?:install|i)|gem\s+install"
                              r"|cargo\s+add|go\s+get)\s*\Z")
# .NET libraries named like a person, and the words of the sentences about them.
NET_LIBRARIES = frozenset({"polly"})
_LIBRARY_WORDS = frozenset("""
retry retries backoff resilience circuit breaker bulkhead fallback timeout timeouts policy policies nuget dotnet net
c# httpclient library package packages middleware
""".split())
_USING = frozenset("use uses used using via add adds added install installed adopt adopted configure configured try"
                   .split())
_LIBRARY_AFTER = frozenset("policy policies retry retries pipeline pipelines package library handler handlers".split())
_CHAIN_BEFORE = re.compile(r"(?<![\w.])([A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)*\.\Z")


def _dotnet(text: str, start: int, end: int, words: list[str]) -> bool:
    m = _CHAIN_BEFORE.search(text, max(0, start - 200), start)
    if m is not None and m.group(1).lower() in NAMESPACE_ROOTS:
        return True  # `System.Text.Json`, `Microsoft.AspNetCore.Mvc`
    if len(words) != 1:
        return False
    low = words[0].lower()
    if low in NAMESPACE_ROOTS and re.match(r"\.[A-Za-z_]", text[end:end + 2]):
        return True  # `Polly.Retry.AsyncRetryEngine`
    if low in FORMAT_WORDS:
        return True
    if _PACKAGE_COMMAND.search(text[max(0, start - 80):start]):
        return True  # `dotnet add package Polly`
    if low in NET_LIBRARIES and not _cued(text, start, end):
        # used as a library: "use Polly", "Polly policies", "Polly 8", in a text about retries or packages
        before = [w.lower() for w in _before(text, start, 1)]
        after = text[end:end + 20].split()
        used = (before and before[-1] in _USING) or (after and (after[0].lower().strip(".,;") in _LIBRARY_AFTER
                                                                or after[0][:1].isdigit()))
        rest = {w.lower() for w in _WORD.findall(text[:start] + " " + text[end:])}
        return bool(used) and (bool(rest & _LIBRARY_WORDS) or ".NET" in text or "C#" in text)
    return False


# --------------------------------------------------------------------------- word-names at a sentence's start (M6)

_AUXILIARIES = frozenset("is are was were has have had can could will would shall should may might must do does did"
                         .split())
# Nouns of a person's own things or times: "Maria team is ..." is no noun phrase.
_PERSONAL = frozenset("""
family team household lab office home house group company account personal private wedding birthday medical health
tax bank salary credit contact phone email mail address today tonight tomorrow yesterday morning evening herself
himself
""".split())
# Verbs that take an `-ing` form: "Maria stops working", "Anna keeps trying" (a person and a verb, no noun phrase).
_CATENATIVES = frozenset("""
stop keep like love hate enjoy start begin finish mind avoid miss risk consider suggest recommend quit prefer continue
go come spend practice practise dislike imagine deny admit appreciate try remember forget regret need resume discuss
mention delay postpone fancy tolerate detest loathe see hear watch feel find catch
""".split())
_IDIOMS = frozenset({("heaven", "knows"), ("heaven", "forbid"), ("heaven", "help"), ("heaven", "sent"),
                     ("goodness", "knows"), ("mercy", "me")})
_LINE_PREPOSITIONS = frozenset("on in by under over through across from into upon beneath beyond above with at".split())
# Where a person is said to be: "Angel on the call", "Sky at the desk".
_PLACES_OF_PEOPLE = frozenset("call calls phone line shift rota desk side staff project squad crew board panel meeting"
                              .split())
_LINE_DETERMINERS = frozenset("the a an my your our his her their this that every".split())
_NOT_NOUNS = frozenset("i me you he she it we they him her us them my your our their his its this that these those"
                       .split())


def _singular(word: str) -> list[str]:
    out = [word]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("ves"):
        out += [word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


def _noun(word: str, lex: Lexicon) -> bool:
    return word.isalpha() and word.islower() and any(w in lex.nouns for w in _singular(word))


def _word_name(text: str, start: int, end: int, words: list[str], names: NameLists, lex: Lexicon) -> bool:
    if len(words) != 1 or not lex.nouns:
        return False
    word = words[0]
    low = word.lower()
    if not word[:1].isupper() or (word.isupper() and len(word) > 1) or not _sentence_start(text, start) \
            or not (low in lex.nouns or low in lex.adjectives) or text[end:end + 1] in ("'", "’", ",", ":"):
        return False
    if _cued(text, start, end):
        return False
    after = _after(text, end, 3)
    if not after:
        return False
    nxt = after[0]
    nxt2 = after[1] if len(after) > 1 else ""
    gap = text[end:end + 1 + len(nxt)]
    if not gap.startswith(" "):
        return False
    if (low, nxt) in _IDIOMS:
        return True  # "Heaven knows I tried"
    plain = nxt.islower() and nxt not in lex.stops and not nxt.endswith("ly") and nxt not in _PERSONAL \
        and not names.is_first(nxt)
    if plain and _noun(nxt, lex) and nxt2 in _AUXILIARIES:
        return True  # "Violet flowers are edible.", "Golden hour is the best time"
    if plain and len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")) and _noun(nxt, lex) \
            and not any(w in _CATENATIVES for w in _singular(nxt)) and nxt2.endswith("ing") and nxt2.islower():
        return True  # "Cherry blossoms falling on an April day"
    if plain and _plural_subject(word, text, end, after, lex):
        return True  # "Ivy leaves turn red", "Victor rules in graph colouring are rarely used"
    if _hymn_line(text, end, lex):
        return True  # "Mercy on the broken, shelter from despair"
    if names.is_census_first(word):
        return False
    nxt3 = after[2].lower() if len(after) > 2 else ""
    if nxt in _LINE_PREPOSITIONS and nxt2 in _LINE_DETERMINERS and nxt3 not in _PERSONAL \
            and nxt3 not in _PLACES_OF_PEOPLE:
        return True  # "Sunshine on the water", "Angel on my shoulder" (not "Angel on my team")
    if nxt == "and" and nxt2.islower() and nxt2 not in _NOT_NOUNS and nxt2 not in lex.stops and _noun(nxt2, lex) \
            and nxt2 not in _PERSONAL:
        return True  # "Liberty and laughter"
    return False


# Verbs of a person in the third person that are also plural nouns: "Grace keeps calm under pressure", "Max runs
# fast in the mornings" (the word after them is no verb of the plural, `_plural_subject`).
_PERSON_THIRD = frozenset("""
keeps stays remains seems looks feels sounds turns grows gets goes becomes appears takes makes gives runs works leads
says tells asks lets helps needs wants hopes plans tries finds does has loves likes hates plays reads watches studies
sells buys draws cooks drinks
""".split())
# Verbs that take an adjective after a plural subject: "Ivy leaves turn red", "Pearl buttons look smart".
_LINKING = frozenset("turn grow go stay look feel seem become get remain appear smell taste sound prove".split())
_ADVERBS = frozenset("well early late fast together apart away back".split())
# Auxiliaries that agree with a plural subject (a person's clause before them would need a conjunction).
_PLURAL_AUXILIARIES = frozenset("are were have do can could will would should may might must".split())
_OF_PREPOSITIONS = _LINE_PREPOSITIONS | frozenset({"of", "for", "about"})
# Nouns of a person's routine a verb takes bare ("Robin calls home every night", "Max leaves work early").
_ROUTINE = frozenset("home work school class church bed lunch dinner breakfast shop".split())
# Determiners and quantifiers an object starts with: "Lily pads cover most of the pond".
_QUANTIFIERS = _LINE_DETERMINERS | frozenset("most much many some all both each".split())


def _plural_subject(word: str, text: str, end: int, after: list[str], lex: Lexicon) -> bool:
    """The word (a first name that is a noun or an adjective, at a sentence's start) modifies the plural noun after
    it, the subject of the clause: before a linking verb and an adjective (`Ivy leaves turn red`), before a verb that
    is no noun and no adjective and then an adverb or a preposition (`Holly bushes grow well`), or before a
    preposition's phrase and a plural's auxiliary (`Victor rules in graph colouring are rarely used`). A person's
    verb in the third person that is also a plural noun (`Grace keeps calm`, `Max needs help`) is none."""
    nxt = after[0]
    if not (len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")) and _noun(nxt, lex)) \
            or nxt in _PERSON_THIRD or any(w in _CATENATIVES for w in _singular(nxt)) or len(after) < 3:
        return False
    verb, third = after[1], after[2]
    if verb in _LINKING and third.islower() and third in lex.adjectives:
        return True
    base = verb in lex.verbs and verb not in _AUXILIARIES and verb not in lex.stops and not verb.endswith("s") \
        and verb not in _ROUTINE
    if base and third in _QUANTIFIERS:
        return True  # "Lily pads cover most of the pond"
    past = verb.endswith("ed") and (verb[:-2] in lex.verbs or verb[:-1] in lex.verbs)
    if ((base and verb not in lex.nouns and verb not in lex.adjectives) or past) \
            and (third in _LINE_PREPOSITIONS or third in _ADVERBS or (third.endswith("ly") and third.islower())):
        return True  # "Holly bushes grow well", "Crystal glasses shattered in the sink"
    if verb not in _OF_PREPOSITIONS or not lex.nouns:
        return False
    clause = re.split(r"[.,;:!?()\n]", text[end:end + 120])[0]
    words = _WORD.findall(clause)[2:8]
    for k, w in enumerate(words):
        if w in _PLURAL_AUXILIARIES:
            return k > 0
        if not w.islower() or w in _NOT_NOUNS or (w in lex.stops and w not in _LINE_DETERMINERS):
            return False
    return False


_HYMN = re.compile(r"[ \t]+(on|upon|for|to|with)[ \t]+the[ \t]+([a-z]+)[ \t]*(?:[,;.!?\n]|$|and\b)")


def _hymn_line(text: str, end: int, lex: Lexicon) -> bool:
    """The word before a preposition, `the` and an adjective used as a noun that ends the line's phrase: `Mercy on
    the broken,`, `Peace to the weary` (a hymn's or a song's line; `Grace on the left` is a person: `left` is a
    noun too)."""
    m = _HYMN.match(text, end)
    return m is not None and m.group(2) in lex.adjectives and m.group(2) not in lex.nouns \
        and m.group(2) not in _PERSONAL


# --------------------------------------------------------------------------- greetings and sign-offs (M7)

GREETINGS = frozenset("""
moin servus grüezi gruezi tschüss tschüs ciao hej hei hallo hola olá ola salut bonjour bonsoir coucou buongiorno
buonasera merhaba selam selamlar witam cześć czesc ahoj dobrý zdravím hoi goedemorgen goedemiddag dag
liebe lieben grüße grüsse gruß gruss viele beste herzliche schöne schönen freundliche freundlichen mfg lg vg
groeten groetjes hartelijke vriendelijke groet met
pozdrawiam pozdrowienia serdecznie pozdrav pozdravem pozdravy
beijos beijo abraços abraço abrazos abrazo saludos cumprimentos atenciosamente besos
cordialement bises amitiés
saluti cordiali distinti un saluto
hälsningar vänliga hälsning med vänlig mvh hilsen venlig vennlig hilsener
terveisin ystävällisin kiitos
saygılarımla sevgiler
""".split())


def _greeting(words: list[str], names: NameLists) -> bool:
    low = [w.lower() for w in words]
    return all(w in GREETINGS for w in low) and not any(names.is_name(w) for w in words) \
        and any(w not in {"met", "un", "med", "viele", "beste", "liebe", "lieben", "dag"} for w in low)


# --------------------------------------------------------------------------- finance (M8)

# Words of markets in a text: institutions and currencies named like people are the institutions there.
FINANCE_WORDS = frozenset("""
rate rates rating ratings rated downgrade downgraded downgrades upgrade upgraded upgrades affirmed affirms outlook
credit bond bonds yield yields treasury treasuries securities mortgage mortgages loan loans lending fund funds stock
stocks shares share equities equity market markets index indices investors trading traded traders commission
commissions fee fees price prices target dividend dividends earnings revenue revenues profit basis points bps inflation
cpi gdp jobs payrolls data currency currencies dollar dollars euro euros yen pound pounds franc haven forex fx oil
crude barrel barrels futures commodities gilts insurer insurance insurers premiums underwriting ratio broker brokerage
brokers bank banks banking analyst analysts stars portfolio portfolios etf etfs asset assets guarantee guarantees
conforming issuer issuers default defaults sovereign investment hike hikes cut cuts policy fomc caps
""".split())
# Institutions, benchmarks and currencies (lower case, as written whole); a span of their words is no name with a
# word of markets in the text.
FINANCE_NAMES = (
    "fannie mae", "freddie mac", "ginnie mae", "sallie mae", "farmer mac", "moody's", "moody’s", "fitch",
    "goldman", "schwab", "morningstar", "lloyd's", "lloyd’s", "jefferies", "lazard", "vanguard", "fidelity",
    "barclays", "citi", "nomura", "mizuho", "macquarie", "evercore", "bernstein", "cowen", "baird", "stifel",
    "ameritrade", "robinhood", "blackrock", "pimco", "nuveen", "invesco", "schroders", "merrill", "piper sandler",
    "raymond james", "edward jones", "franklin templeton", "janus henderson", "sterling", "loonie", "swissie",
    "aussie", "kiwi", "greenback", "dow", "nikkei", "hang seng", "stoxx", "russell",
)
_GSE = ("fannie mae", "freddie mac", "ginnie mae", "sallie mae", "farmer mac", "lloyd's of london",
        "lloyd’s of london")
_BENCHMARK_AFTER = {"brent": frozenset("crude oil futures prices price benchmark contract contracts blend".split()),
                    "russell": frozenset("microcap index indices".split())}


def _phrase_around(text: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
    """The span lies inside one of `phrases` written whole (each word capitalised as a name is)."""
    window_start = max(0, start - 40)
    window = text[window_start:end + 40]
    for phrase in phrases:
        pattern = r"(?<![\w])" + r"\s+".join(re.escape(p[:1].upper() + p[1:]) if p[:1].isalpha() else re.escape(p)
                                             for p in phrase.split()) + r"(?![\w])"
        for m in re.finditer(pattern, window):
            if window_start + m.start() <= start and end <= window_start + m.end():
                return True
    return False


def _finance(text: str, start: int, end: int, words: list[str]) -> bool:
    if _cued(text, start, end):
        return False
    low = [w.lower() for w in words]
    before = [w.lower() for w in _before(text, start, 1)]
    if low == ["fed"] and words[0] == "Fed" and before == ["the"]:
        return True  # "The Fed raised rates"
    if _phrase_around(text, start, end, _GSE):
        return True  # "Fannie Mae and Freddie Mac", "Lloyd's of London"
    if len(low) == 1 and low[0] in _BENCHMARK_AFTER:
        nxt = text[end:end + 30].split()
        if nxt and (nxt[0].lower().strip(".,") in _BENCHMARK_AFTER[low[0]] or re.fullmatch(r"[123]000\W*", nxt[0])):
            return True  # "Brent crude", "The Russell 2000"
    if not _phrase_around(text, start, end, FINANCE_NAMES):
        return False
    rest = {w.lower() for w in _WORD.findall(text[:start] + " " + text[end:])}
    return bool(rest & FINANCE_WORDS)


# --------------------------------------------------------------------------- review labels (L1)

# Conventional Comments' labels and the other labels of code reviews.
REVIEW_LABELS = frozenset("""
nit nits nitpick minor major blocker blocking nonblocking question suggestion suggestions praise issue issues todo chore
note thought thoughts typo polish quibble optional fyi idea concern style perf performance security refactor docs
cosmetic trivial critical important aside request discussion
""".split())
_LABEL_AFTER = re.compile(r"\s*(?:\([^()\n]{0,40}\))?\s*:")


def _review_label(text: str, start: int, end: int, words: list[str]) -> bool:
    if len(words) != 1 or words[0].lower() not in REVIEW_LABELS:
        return False
    line = text[text.rfind("\n", 0, start) + 1:start]
    return not line.strip(" \t-*•>#[]") and _LABEL_AFTER.match(text, end) is not None


# --------------------------------------------------------------------------- sports (L2)

SPORTS_WORDS = frozenset("""
beat beats drew draw edged lost won win wins defeated thrashed routed unbeaten scored score season league match matches
game games derby playoff playoffs cup final title points goal goals stadium fixture fixtures standings relegation
promotion race podium pole lap laps grand prix qualifying constructors constructor one-two overtime innings wickets
premiership championship clinched swept hosted home away kick-off kickoff halftime touchdown
""".split())
_SCORE = re.compile(r"(?<![\d.:/-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d.:/-])")
# Heads of a club's or a ground's name: "Orlando City", "Villa Park".
CLUB_HEADS = frozenset("""
city united fc sc cf afc athletic rovers wanderers albion county town hotspur park stadium arena field ground
""".split())
# Clubs, constructors and teams whose names hold a listed name (lower case, written whole).
TEAMS = (
    "aston villa", "bayer leverkusen", "inter miami", "borussia dortmund", "borussia mönchengladbach",
    "werder bremen", "hertha berlin", "eintracht frankfurt", "nottingham forest", "crystal palace", "tottenham hotspur",
    "sheffield wednesday", "queens park rangers", "real madrid", "real sociedad", "athletic bilbao", "celta vigo",
    "sporting lisbon",
    "olympique lyonnais", "ferrari", "williams", "mclaren", "sauber", "haas", "alpine", "mercedes", "red bull",
    "aston martin", "brabham", "lotus", "penske", "ganassi", "andretti", "utah jazz", "orlando magic",
)


_HYPHENED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _sports(text: str, start: int, end: int, words: list[str], names: NameLists, lex: Lexicon) -> bool:
    rest = {w.lower() for w in _HYPHENED.findall(text[:start] + " " + text[end:])}
    if not (rest & SPORTS_WORDS or _SCORE.search(text)) or _cued(text, start, end):
        return False
    after = _after(text, end, 1)
    if after and after[0][:1].isupper() and after[0].lower() in CLUB_HEADS and text[end:end + 1] == " ":
        return True  # "Orlando City", "Villa Park"
    before = [w.lower() for w in _before(text, start, 1)]
    if before == ["the"] and len(words) == 1 and words[0].endswith("s") and words[0][:1].isupper() \
            and not names.is_name(words[0][:-1]):
        return True  # "the Bills" (not "the Johnsons")
    if before == ["the"] and len(words) == 1 and after and after[0][:1].isupper() and after[0].endswith("s") \
            and text[end:end + 1] == " ":
        return True  # "The Maple Leafs"
    if len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in CLUB_HEADS:
        return True  # the model took the head with it: "Austin FC", "Sydney FC"
    if _city_club(text, start, end, names, lex):
        return True  # "Houston Dynamo", "The Toronto Maple Leafs"
    if len(words) == 1 and before and before[0] in _OPPONENT_BEFORE:
        from proxy.nlp.places import city_names, english_first_names

        cities = city_names()
        others = [w for w in _WORD.findall(text[:start] + " " + text[end:]) if w[:1].isupper()
                  and w.lower() in cities and w.lower() not in english_first_names()]
        if words[0].lower() in cities and others:
            return True  # a city's team as the other side of another's: "Miami Heat beat Orlando in game five"
            # ("Nadal beat Austin in the final" stays a name)
    return _phrase_around(text, start, end, TEAMS)


# Words before the other side of a result: "beat Orlando", "a win over Dallas".
_OPPONENT_BEFORE = frozenset("beat beats defeated defeat edged edge vs v versus against hosted hosts routed thrashed"
                             " swept over".split())
_CAPITAL = re.compile(r"[A-Z][^\W\d_]*")
_RUN_STOPS = frozenset({"the", "a", "an"})


def _city_club(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """The span is among the capitalised words of a club's name that starts with its city or state: `Houston Dynamo`,
    `The Toronto Maple Leafs`, `Tampa Bay Lightning`; its last word an English noun no name list holds (`Dallas
    Walker`, `Charlotte Dujardin`, `Victoria Azarenka` stay names), a plural after a census first name alone
    (`Charlotte Hornets`; `Charlotte Flair` stays a name)."""
    from proxy.nlp.everyday import STATES_COUNTRIES
    from proxy.nlp.places import city_names

    run = [m.group(0) for m in _CAPITAL.finditer(text[start:end])]
    if not run or text[start:end] != " ".join(run):
        return False
    lo, hi = start, end
    while len(run) < 6:
        m = re.search(r"([A-Z][^\W\d_]*) \Z", text[max(0, lo - 30):lo])
        if m is None or m.group(1).lower() in _RUN_STOPS:
            break
        run.insert(0, m.group(1))
        lo -= len(m.group(0))
    while len(run) < 6:
        m = re.match(r" ([A-Z][^\W\d_]*)\b", text[hi:hi + 30])
        if m is None:
            break
        run.append(m.group(1))
        hi += len(m.group(0))
    first = run[0].lower()
    if len(run) < 2 or not (first in city_names() or first in STATES_COUNTRIES or first in _CITY_PREFIXES):
        return False
    last = run[-1]
    if len(run) == 2 and names.is_census_first(run[0]) and not (last.endswith("s") and _noun(last.lower()[:-1], lex)):
        return False  # a first name and a noun: "Charlotte Flair won the title" (a plural is a club: "Charlotte
        # Hornets")
    return not names.is_name(last) and not names.is_any_first(last) and _noun(last.lower(), lex)


# A multi-word city's or region's first word: "New England Patriots", "San Jose Earthquakes", "Los Angeles Rams".
_CITY_PREFIXES = frozenset({"new", "san", "los", "las", "st", "saint", "la", "ny", "golden", "green"})


# --------------------------------------------------------------------------- German, French, Romance (L3)

_DE_ARTICLES = frozenset("der die das dem den des ein eine einem einen einer eines am im vom zum zur beim ins".split())
# German nouns that are also listed surnames (trades, animals, ranks): the noun after an article.
GERMAN_NOUN_SURNAMES = frozenset("""
weber hirsch fuchs wolf vogel koch bauer fischer jäger schäfer schneider müller richter wagner zimmermann krämer
gärtner maurer schuster töpfer metzger bäcker hahn adler falke hase bär stier strauß fink specht kranich storch keller
engel könig kaiser graf herzog bischof meister schmied förster pfarrer lehmann
""".split())
_ENGLISH_TOO = frozenset({"die", "am", "den", "des", "ein", "in", "an", "so", "was", "will", "bin", "war", "hat"})
_SAINT = re.compile(r"\b(?:Saint|Sainte|San|Santa|Santo|St|Ste)-\Z")
ROMANCE_WORD_NAMES = frozenset("""
vitória vitoria victoria glória gloria esperanza esperança fé paz luz rosa dolores mercedes consuelo amparo socorro
pilar rocío rocio aurora estrella paloma flor rosario alegría alegria felicidade felicidad fortuna vida fátima
""".split())
_ROMANCE_LINKS = frozenset("do da dos das del de della dello degli di du des".split())
CAR_BRANDS = frozenset("""
mercedes ferrari porsche lamborghini maserati bugatti lancia tesla opel citroën peugeot renault seat škoda skoda
bmw audi volkswagen vw toyota honda ford chevrolet nissan hyundai kia volvo fiat mazda subaru jaguar
""".split())
_CAR_WORDS = frozenset("""
car cars coche coches carro carros auto autos voiture voitures vehicle vehicles vehículos veículos fahrzeuge ev evs suv
suvs sedan eléctricos elétricos elektrische électriques dealership dealer models modelos
""".split())
_JOINS = frozenset({"and", "y", "e", "und", "et", "o", "or", "ou", "oder", "vs"})


def _german(text: str, start: int, end: int, words: list[str], names: NameLists, lex: Lexicon) -> bool:
    if len(words) >= 2 and words[0].lower() in _DE_ARTICLES and words[0][:1].isupper() \
            and all(w.islower() for w in words[2:]):
        # the model took the article with it, and maybe the lower-case words after: "Der Weber arbeitet",
        # "Der Hirsch frisst am"
        before, words = [words[0]], words[1:2]
    elif len(words) == 1 and text[start - 1:start] == " ":
        before = _before(text, start, 2)
    else:
        return False
    if not words[0][:1].isupper() or not lex.german or not before or before[-1].lower() not in _DE_ARTICLES:
        return False
    if before[-1].lower() == "am" and len(before) > 1 and before[-2].lower() in ("i", "who"):
        return False  # "I am Weber"
    sentence = _WORD.findall(text[max(0, start - 200):end + 200])
    german = [w for w in sentence if w.lower() in lex.german and w.lower() not in lex.stops
              and w.lower() not in _ENGLISH_TOO]
    if not german:
        return False
    low = words[0].lower()
    return not names.is_name(words[0]) or low in GERMAN_NOUN_SURNAMES


def _romance(text: str, start: int, end: int, words: list[str]) -> bool:
    if re.search(_SAINT, text[max(0, start - 8):start]):
        return True  # "la Saint-Valentin"
    if len(words) > 1 and all(w.lower() in CAR_BRANDS or w.lower() in _JOINS for w in words) \
            and words[0].lower() in CAR_BRANDS and words[-1].lower() in CAR_BRANDS:
        return True  # the model took the pair whole: "Mercedes y Audi"
    if len(words) != 1 or _cued(text, start, end):
        return False
    low = words[0].lower()
    after = _after(text, end, 2)
    if low in ROMANCE_WORD_NAMES and _sentence_start(text, start) and len(after) == 2 \
            and after[0].lower() in _ROMANCE_LINKS and after[1].islower():
        return True  # "Vitória do time na final"
    if low in CAR_BRANDS:
        before = _before(text, start, 2)
        around = [w.lower() for w in before[-2:] + after[:2]]
        near = [w.lower() for w in before[-1:] + after[:1]]
        if any(w in _JOINS for w in near) and any(w in CAR_BRANDS for w in around if w != low):
            return True  # "Mercedes y BMW"
        rest = {w.lower() for w in _WORD.findall(text[:start] + " " + text[end:])}
        return bool(rest & _CAR_WORDS)
    return False


# --------------------------------------------------------------------------- shop tickets (fpleft16)

# Wearables' and accessories' words the product nouns of `proxy.nlp.companies` lack.
_GEAR_WORDS = frozenset("ring rings strap straps band bands tracker trackers case cases lid screen buds".split())


def _product(text: str, start: int, end: int, words: list[str], names: NameLists, lex: Lexicon) -> bool:
    """A shop ticket's product: capitalised words no name list holds that end with a product's noun or stand before
    one, maybe after one more lower-case word (`Beats Studio Buds fall out`, `Oura ring battery lasts`); or
    lower-case nouns inside a lower-case compound, in a text that capitalises (`Makita impact driver chuck is
    stuck`: `chuck` is a listed first name). Never with a person's cue (`Ask Oura`, `Chuck said`)."""
    from proxy.nlp.companies import DEVICE_WORDS, PRODUCT_NOUNS

    if _cued(text, start, end) or re.match(r"['’]s?\b", text[end:end + 2]) or words[0].lower() in _CUE_BEFORE \
            or text[end:end + 1] != " ":
        return False  # "Ask Oura", "Wendy's laptop", "Hi Anker, the earbuds case ..."
    products = PRODUCT_NOUNS | DEVICE_WORDS | _GEAR_WORDS
    if all(w[:1].isupper() for w in words):
        listed = [names.is_name(w) or names.is_any_first(w) for w in words]
        after = _after(text, end, 2)
        if len(words) > 2 and not listed[0] and not listed[-1] and after and after[0] in products \
                and text[end:end + 1] == " ":
            return True  # a product line's word between: "Skullcandy Indy Evo earbuds"
        if any(listed):
            return False
        if len(words) > 1 and words[-1].lower() in products:
            return True  # "Beats Studio Buds"
        return bool(after) and after[0].islower() and (after[0] in products or (
            len(after) > 1 and after[1].islower() and after[1] in products and after[0] not in lex.stops))
    if not all(w.islower() and _noun(w, lex) for w in words) or text.islower():
        return False
    before = _before(text, start, 1)
    return bool(before) and before[0].islower() and before[0] in lex.nouns and before[0] not in lex.stops \
        and text[start - 1:start] == " " and before[0] not in _CUE_BEFORE


def everyday16_span(text: str, start: int, end: int, *, names: NameLists, lex: Lexicon) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the PII-free texts above."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    return _dotnet(text, start, end, words) or _greeting(words, names) or _review_label(text, start, end, words) \
        or _finance(text, start, end, words) or _sports(text, start, end, words, names, lex) \
        or _word_name(text, start, end, words, names, lex) or _german(text, start, end, words, names, lex) \
        or _romance(text, start, end, words) or _product(text, start, end, words, names, lex)
