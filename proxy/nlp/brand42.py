"""Codenames, game and music-software titles and sports clubs the name rules read as a person (brand42, fpatk42
FP02, FP06; its brands, FP01, are `proxy.nlp.companies.NAMED_BRANDS`).

- a codename: one capitalised word right after `Project`, `Team`, `Workstream`, `Squad`, `Operation`, `release
  train`/`train`, `codename`/`code name` (`Project Aurora`, `Team Rowan`, `Release train Hazel`; `Team lead Rowan
  Price` stays: the span is more than the word), the whole `Project X` span too; or one word before `team`, `squad`,
  `workstream`, `milestone`, `initiative` (`Vega team starts`, `the Dakota initiative`; `Give Priya team
  access` stays), or before a
  system's noun in brackets (`Orion (service mesh)`, `Phoenix (search)`; `Dana (my manager)` stays); or the word
  a sentence about a codename ends with (`Our internal codename for the new app is Luna.`);
- a listed game or music-software title (`Elden Ring`, `Hollow Knight`, `Baldur's Gate`, `Europa Universalis IV`,
  `Max for Live`); one that is also a given name (`Celeste`, `Zelda`, `Hades`) only in a sentence about games;
- a listed club (`Fiorentina`, `Hertha`, `Blackburn Rovers`, `Urawa Reds`); one that is also a name or a city
  (`Milan`, `Inter`, `Preston`) only in a sentence about sports.

No span with a person's cue right before it (`Dr.`, `ask`, `with`) nor a person's verb right after it (`Milan
Novak called`, `Hazel said`) is dropped. Pure functions, CPU only; each rule is gated by a substring test.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_CODE_BEFORE = re.compile(r"(?:\b(?:[Pp]roject|PROJECT|[Tt]eam|[Ww]orkstream|[Ss]quad|[Oo]peration|[Tt]rain"
                          r"|[Cc]ode[ -]?name|[Cc]odenamed|[Cc]ode-named|[Pp]rogram(?:me)?|[Ii]nitiative)[ \t]+)\Z")
_CODE_HEAD = re.compile(r"(?:Project|PROJECT|Workstream|Operation|Programme|Program)[ \t]+(?=[A-Z])")
_CODE_AFTER = re.compile(r"[ \t]+(?:team|squad|workstream|milestone|initiative)\b(?![ \t]+(?:access|permissions?"
                         r"|rights|roles?|members?|account|accounts)\b)")
_SYSTEM = frozenset("""
service services mesh platform engine pipeline api apis integration redesign migration search notifications billing
payments payment app apps cluster database db auth authentication gateway infra infrastructure dashboard dashboards
portal checkout mobile web frontend backend data analytics ml model models crm erp cache queue scheduler storage
ingestion ledger pricing inventory catalog catalogue identity messaging streaming observability monitoring logging
reporting warehouse lake sdk cli ui ux rewrite refactor v1 v2 v3 beta alpha mvp prototype pilot
""".split())
_TECH_WITH = re.compile(r"(?i)\b(?:sso|saml|oidc|login|log[ \t]+in|sign[ \t]+in|integrate|integrates|integrated"
                        r"|integrating|integration|pay|paying|payments?|checkout|sync|syncs|syncing|connect|connects"
                        r"|connected|order|ordering|ship|shipping|sell|selling|partner|partnered|listing)"
                        r"[ \t]+with[ \t]+\Z")
_PAREN_AFTER = re.compile(r"[ \t]*\(([^()\n]{1,40})\)")
_CODENAME_SENTENCE = re.compile(r"(?i)\bcode[ -]?names?d?\b[^.!?\n]{0,60}\b(?:is|was|be|will[ \t]+be|called|named)"
                                r"[ \t]+[\"'“]?\Z")

# Game and music-software titles written whole (no given name among them alone).
_TITLES = """
Elden Ring|Hollow Knight|Hollow Knight Silksong|Baldur's Gate|Baldur’s Gate|Baldur's Gate 3|Europa Universalis
Europa Universalis IV|Crusader Kings|Crusader Kings III|Hearts of Iron|Hearts of Iron IV|Stellaris|Witcher|The Witcher 3
Pokémon VGC|Pokemon VGC|Pokémon|Pokemon|Zelda|Legend of Zelda|Breath of the Wild|Tears of the Kingdom|Dark Souls
Demon's Souls|Bloodborne|Sekiro|Skyrim|Oblivion|Morrowind|Fallout|Starfield|Cyberpunk 2077|Red Dead Redemption
Mass Effect|Dragon Age|Stardew Valley|Animal Crossing|Super Smash Bros|Smash Bros|Mario Kart|Metroid|Kirby
Final Fantasy|Kingdom Hearts|Persona 5|Disco Elysium|Divinity Original Sin|Pillars of Eternity|Civilization VI
Age of Empires|StarCraft|Warcraft|World of Warcraft|Overwatch|Diablo|Hearthstone|League of Legends|Dota|Dota 2
Valorant|Counter-Strike|Fortnite|Minecraft|Terraria|Factorio|Rimworld|RimWorld|Cities Skylines|Kerbal Space Program
Dwarf Fortress|Slay the Spire|Dead Cells|Cuphead|Undertale|Hades|Celeste|Mario|Super Mario Bros
Ori and the Blind Forest|Shovel Knight
Max for Live|Ableton Live|Ableton|Logic Pro|FL Studio|Pro Tools|Bitwig|Bitwig Studio|Cubase|Reaper|Reason Studios
Serum|Kontakt|Native Instruments|Max/MSP|Pure Data|SuperCollider|Sonic Pi|TidalCycles
""".replace("|", "\n").strip().splitlines()
# Titles that are also given names or words: only in a sentence about games or music software.
_TITLE_AMBIGUOUS = frozenset("Celeste Hades Zelda Kirby Persona Mario Reaper Serum Reason Oblivion Diablo"
                             " Sekiro".split())
_GAMES = re.compile(r"(?i)\b(?:games?|gaming|gamer|played|playing|play|playthrough|boss|bosses|dlc|patch|speedrun"
                    r"|speedruns|levels?|meta|competitive|rpg|jrpg|roguelike|metroidvania|platformer|strategy|steam"
                    r"|switch|console|ps5|xbox|nintendo|harder|easier|campaign|build|builds|mods?|devices|plugins?"
                    r"|daw|synth|ableton|vgc|soulslike|sequel|expansion)\b")
# Clubs written whole; one that is also a name or a city (`_CLUB_AMBIGUOUS`) only in a sentence about sports.
_CLUBS = """
Hertha|Hertha BSC|Hertha Berlin|Union Berlin|Fiorentina|Juventus|Lazio|Atalanta|Sampdoria|Torino|Napoli|AC Milan
Inter Milan|Internazionale|Borussia Dortmund|Borussia|Schalke|Werder Bremen|Eintracht Frankfurt|Bayer Leverkusen
Preston North End|Blackburn Rovers|Bristol Rovers|Tranmere Rovers|Doncaster Rovers|Forest Green Rovers|Queens Park
Queens Park Rangers|Glasgow Rangers|Rangers|Celtic|Hibernian|Heart of Midlothian|Hearts|Aston Villa|Tottenham Hotspur
Tottenham|Everton|Sheffield Wednesday|Sheffield United|Wolverhampton Wanderers|Wolves|Bolton Wanderers
Wycombe Wanderers|Crystal Palace|West Ham|Leicester City|Norwich City|Stoke City|Hull City|Plymouth Argyle
Urawa Reds|Urawa Red Diamonds|Kashima Antlers|Yokohama F. Marinos|Gamba Osaka|Cerezo Osaka|Vissel Kobe
Boca Juniors|River Plate|Flamengo|Corinthians|Palmeiras|Santos|Fluminense|Benfica|Porto|Sporting CP|Ajax|Feyenoord
PSV|PSV Eindhoven|Anderlecht|Galatasaray|Fenerbahçe|Besiktas|Olympiacos|Panathinaikos|Dinamo Zagreb|Red Star
Bramley-Moore Dock|Anfield|Goodison Park|Old Trafford|San Siro|Camp Nou|Bernabéu|Santiago Bernabéu|Signal Iduna Park
Sevilla|Real Betis|Hamilton Academical|Crewe Alexandra|De Kuip|Artemio Franchi|Stadio Artemio Franchi
Ramón Sánchez-Pizjuán|Ramon Sanchez-Pizjuan|Allianz Arena|Deepdale|Ewood Park|Stamford Bridge|Villa Park
Elland Road|Hampden Park|Celtic Park|Ibrox
""".replace("|", "\n").strip().splitlines()
_CLUB_AMBIGUOUS = frozenset("Milan Inter Preston Santos Porto Hearts Wolves Celtic Rangers Everton Torino Lazio Ajax"
                            " Borussia Tottenham".split())
_RIVALS = re.compile(r"\b(?:Inter|Union|Juventus|Napoli|Roma|Lazio|Fiorentina|Atalanta|Hertha|Bayern|Dortmund"
                     r"|Arsenal|Chelsea|Liverpool|Milan|Madrid|Barcelona|Blackburn|Preston|Celtic|Rangers|Everton)\b")
_SPORTS = re.compile(r"(?i)\b(?:play|plays|played|playing|beat|beats|won|wins|lost|loses|draw|drew|match|matches"
                     r"|season|league|derby|fixture|fixtures|kick-?off|goal|goals|scored|striker|midfield|defence"
                     r"|defense|coach|manager|stadium|ground|club|clubs|fans|supporters|serie|bundesliga|premier"
                     r"|championship|cup|preview|lineup|squad|relegation|promotion|table|points|home|away|vs\.?"
                     r"|versus|football|soccer|j-?league|transfer|ultras|kit|shirt|share|shared)\b")


@functools.cache
def _phrases(items: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted((re.escape(t).replace(r"\ ", r"[ \t]+") for t in items), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def without_brand42(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans the docstring's codenames, titles and clubs are."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and _TECH_WITH.search(chunk, max(0, r[1] - 30), r[1]) is not None \
                and _brand(chunk, r[1], r[2]):
            continue  # (`SSO with Okta`, `integrate with Klarna`, `pay with Wise`: a listed brand)
        if r[0] == "PERSON" and _CUE.search(chunk, max(0, r[1] - 12), r[1]) is None \
                and (_headed(chunk, r[1], r[2]) or not _person_next(chunk, r[2])
                     and (_codename(chunk, r[1], r[2]) or _listed(chunk, r[1], r[2]))):
            continue
        out.append(r)
    return out


def _brand(chunk: str, start: int, end: int) -> bool:
    from proxy.nlp.fpco40 import _firms

    return any(m.start() <= start and end <= m.end()
               for m in _firms().finditer(chunk, max(0, start - 40), min(len(chunk), end + 40)))


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


def _headed(chunk: str, start: int, end: int) -> bool:
    """`Project Aurora`, `Team Rowan will present`, `Release train Hazel`: one word after a codename's head (a
    person's verb after it is the team's); `Team Rowan Price` (two words) is a person."""
    span = chunk[start:end]
    head = _CODE_HEAD.match(span)
    if head is not None:  # (`Project Aurora`, `Workstream Echo` found whole)
        start, span = start + head.end(), span[head.end():]
    if not re.fullmatch(r"[A-Z][a-z]+(?:'s|’s)?", span):
        return False
    if head is not None or _CODE_BEFORE.search(chunk, max(0, start - 14), start) is not None:
        return re.match(r"[ \t]+[A-Z][a-z]+\b", chunk[end:end + 20]) is None
    return False


def _codename(chunk: str, start: int, end: int) -> bool:
    span = chunk[start:end]
    if not re.fullmatch(r"[A-Z][a-z]+", span):
        return False
    if _CODE_AFTER.match(chunk, end) is not None:
        return True
    paren = _PAREN_AFTER.match(chunk, end)
    if paren is not None:
        words = re.findall(r"[A-Za-z0-9]+", paren.group(1).lower())
        return bool(words) and words[-1] in _SYSTEM
    if _CODENAME_SENTENCE.search(chunk, max(0, start - 90), start) is not None:
        return True
    return False


def _listed(chunk: str, start: int, end: int) -> bool:
    if not any(c in chunk for c in "AaBbCcDdEeFfGgHhIiKkLlMmOoPpRrSsTtUuVvWwZz"):
        return False
    for items, ambiguous, cue in ((tuple(_TITLES), _TITLE_AMBIGUOUS, _GAMES), (tuple(_CLUBS), frozenset(), _SPORTS)):
        for m in _phrases(items).finditer(chunk, max(0, start - 40), min(len(chunk), end + 40)):
            if m.start() <= start and end <= m.end() + (2 if chunk[end - 2:end] in ("'s", "’s") else 0):
                if m.group() in ambiguous and not cue.search(_sentence(chunk, start)):
                    return False
                return True
    word = chunk[start:end]
    if word in _CLUB_AMBIGUOUS and _SPORTS.search(_sentence(chunk, start)) \
            and _RIVALS.search(chunk[:start] + " " + chunk[end:]) is not None:
        return True  # (`shared by Inter and Milan`: the city's club beside another club)
    return False
