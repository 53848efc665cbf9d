"""Values given in parts that join42 did not join (back46, atk45 F09, F14, F05, F11).

- **Read back in parts, in any order and more words** (F09, `read_back46`): a card, an SSN or a phone number read
  back in parts in one sentence (`proxy.nlp.join42._read_back`'s rule: the type's word in the sentence, a part's word
  before each part, the parts side by side), where the part words say the parts' order and the sentence gives them
  in another (`ends with 1111 1111 and starts with 4111 1111`, `the last four of my SSN are 4399 and the first five
  are 536-90`, `SSN serial 4399, group 90, area 536`): the parts read in the order their words give (first, middle,
  last) make the value. More part words (`finishes with`, `leading/trailing digits`, `prefix/suffix`, `opening`,
  `closing`), German, Spanish, French, Portuguese and Italian ones (`beginnt mit ... endet mit`, `empieza por ...
  termina en`, `commence par ... se termine par`) and the type's word in those languages (`Kartennummer`,
  `tarjeta`, `carte`, `cartão`). A phone number read back as its area code, its exchange (`prefix`) and its line
  number (`The prefix is 617-555 and the line number is 0143.`): ten digits of a North American number (area code
  and exchange not starting with 0 or 1), in a sentence with a phone's word (`phone`, `cell`, `line number`,
  `area code`...). Each part is a finding of the type.
- **An e-mail address read back in prose** (F14, `mail_prose`): its local part after a mailbox's word (`the username
  is jane.doe`, `the part before the at sign is jane.doe`, `Email me at jane.doe`) and its domain after a domain's
  word (`the domain is example.com`, `the part after is example.com`, `domain example.com`) in one sentence, either
  order, the domain with a known top-level domain (`username is admin and the domain is corp` is no address);
  and a mailbox at a named provider (`My gmail is jane.doe1987`, `my outlook address: tom.b_88`): the mailbox, with
  a dot, an underscore or a digit in it (`My gmail is full` is no mailbox). Both parts EMAIL_ADDRESS.

Both are asked by `proxy.nlp.join42.part_values` (one line there), so `proxy.guard.join43` counts one value once;
`parts_open46` holds a stream's window over a read-back in the new words (`proxy.nlp.join42.parts_open`).

- **Values built by code** (F05, `code46`, a pass of the normalised view before `_concat`): `"-".join(("617", "555",
  "0143"))`, `''.join([...])`, `String.join("-", ...)`, `["617", "555", "0143"].join("-")`, `"%s-%s-%s" % (...)`,
  `"{}-{}-{}".format(...)`, `String.format(...)`, `"jane.doe".concat("@", "example.com")`: each joint between two
  literal arguments reads as its separator, where the parts so joined hold a value across it (`_concat`'s test).
- **A mailbox wrapped over a line** (F11, `wraps46`, a pass before `_domain_wrap`): `jane.` + line break +
  `doe@example.com` (a YAML folded block, a mail key before it), `kovalchuk-` + line break + `brown@example.com`: the
  line break and its indentation read as nothing; `Please email me.` + line break + an address stays.
Gates (what a text without the trigger pays): the read-back only where two runs of digits stand near each other in
a sentence (`_TWO_NEAR`, a search from a digit: a character class's fast scan) and a type word stands as a word
(`_TYPE_WORDS`, `str.find` on the lower-cased text), then only the sentences around those words; the prose only
where a domain's word or `after` stands as a word and a dot before letters is in the text, or a provider's name
(`_PAIR_WORDS`, `_PROVIDER_WORDS`). The view's passes: `code46_hint` (`join`/`concat`/`format` or a `%` then a
substring's regex from it), `wraps46_hint` (an `@` and a line break, then one search from `[._-]`).
Pure functions, CPU only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

__all__ = ["code46", "code46_hint", "mail_prose", "parts_open46", "read_back46", "values46", "wraps46", "wraps46_hint"]

Parts = list[tuple[int, int]]

# --------------------------------------------------------------------------------------------- F09: read back

_L = r"(?<![^\W\d_])"  # no letter before
_R = r"(?![^\W\d_])"  # no letter after
# Two runs of digits in one sentence, near each other (from a digit: a character class's fast scan).
_TWO_NEAR = re.compile(r"[0-9](?:[ -]?[0-9])*+[^0-9.!?\n]{1,80}?[0-9]")
_RUNS = re.compile(r"[0-9]+(?:[ -][0-9]+)*")
# (substrings of the type words below, lower case: tested with `in`, no regex over texts without one)
# (`karte` inside a compound: `Kreditkarte`, `Kartennummer`; the others as words, a plural's `s` allowed)
_TYPE_WORDS = ("card", "visa", "mastercard", "master card", "amex", "discover", "bin", "pan", "cc", "credit", "debit",
               "ssn", "social security", "karte", "tarjeta", "carte", "cartão", "cartao", "carta", "phone", "telephone",
               "tel", "cell", "cellphone", "mobile", "fax", "whatsapp", "call", "dial", "line number", "area code",
               "exchange", "handy", "telefon", "telefonnummer", "teléfono", "telefono", "téléphone", "portable",
               "móvil", "movil", "celular", "cellulare")


def _hits(low: str, words: tuple[str, ...]) -> list[int]:
    """Where `words` stand as words in `low` (lower case; `karte` in a compound too), in order: one `find` scan per
    word, no regex."""
    out = []
    for w in words:
        i = low.find(w)
        while i >= 0:
            end = i + len(w)
            end += low.startswith("s", end)
            if w == "karte" or (not i or not low[i - 1].isalpha()) and (end >= len(low) or not low[end].isalpha()):
                out.append(i)
            i = low.find(w, i + 1)
    return sorted(out)


def _within(hits: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_left(hits, start)
    return k < len(hits) and hits[k] < end


_SENTENCE_REACH = 300  # (a sentence's start at most this far before its word)
_BOUNDARY = re.compile(r"[!?\n]|\.(?!\S)")  # (a sentence's end as `proxy.nlp.join42._SENTENCE` reads it)


def _sentences(text: str, hits: list[int]) -> Iterator[tuple[int, int]]:
    """The [start, end) of each sentence of `text` with a hit in it, once each: found from the hits (a few `rfind`s
    and one search each), not by reading every sentence of the text."""
    end = -1
    for i in hits:
        if i < end:
            continue
        lo = max(0, i - _SENTENCE_REACH)
        start = max(lo - 1, text.rfind("!", lo, i), text.rfind("?", lo, i), text.rfind("\n", lo, i),
                    text.rfind(". ", lo, i), text.rfind(".\t", lo, i)) + 1
        stop = _BOUNDARY.search(text, i)
        end = len(text) if stop is None else stop.start()
        yield start, end
_CARD = re.compile(rf"(?i){_L}(?:cards?|visa|master ?card|amex|discover|bin|pan|cc|credit|debit|tarjetas?|cartes?"
                   rf"|cart[ãa]o|carta)(?![a-z])|karte")
_SSN = re.compile(rf"(?i){_L}(?:ssn|social security)(?![a-z])")
_PHONE = re.compile(rf"(?i){_L}(?:phone|telephone|tel|cell(?:phone)?|mobile|fax|whatsapp|call|dial|line number"
                    rf"|area code|exchange|handy|telefon(?:nummer)?|tel[eé]fono|t[eé]l[eé]phone|portable|m[oó]vil"
                    rf"|celular|cellulare){_R}")
# A part's word and the place it gives the part (0 first ... 9 last), by type. (`prefix` is a card's first digits
# but a phone number's exchange, its middle part.)
_FIRST = (r"start(?:s|ing|ed)?|begin(?:s|ning)?|beginnt|first|leading|opening|initial|front|bin|iin|prefix|area"
          r"|erste[nr]?|anfang|vorne|empieza|comienza|inicia|primer[oa]?s?|commence|premiers?|premi[eè]res?|d[eé]but"
          r"|come[cç]a|primeiros?|inizia|comincia|prim[ei]")
_MIDDLE = r"middle|mid|second|next|group|account|mittleren?|mitte|medio|centrales?|milieu|meio|mezzo"
_THIRD = r"third|dritte[nr]?|tercer[oa]?s?|troisi[eè]mes?"
_LAST = (r"end(?:s|ing|et|e)?|last|final|finish(?:es|ing)?|trailing|closing|suffix|serial|check|rest|remaining|tail"
         r"|letzte[nr]?|schluss|hinten|termina|acaba|[uú]ltim[oa]s|termine|finit|derni[eè]re?s?|finisce")
_RANKS = [(re.compile(rf"(?i){_L}(?:{w}){_R}"), rank)
          for w, rank in ((_FIRST, 0), (_MIDDLE, 1), (_THIRD, 2), (_LAST, 9))]
_PHONE_RANKS = [(re.compile(rf"(?i){_L}(?:{w}){_R}"), rank) for w, rank in (
    (r"area(?: code)?|first|start(?:s|ing)?|begin(?:s|ning)?", 0),
    (r"prefix|exchange|middle|central office|second", 1),
    (r"line(?: number)?|last|end(?:s|ing)?|final|subscriber|rest|suffix|trailing", 9))]
# Any part's word (join42's too: `part`, `half`, which give no place).
_CUE = re.compile("|".join([p.pattern.removeprefix("(?i)") for p, _ in _RANKS + _PHONE_RANKS[1:]]
                           + [rf"{_L}(?:part|half|teil|parte|partie|mitad|moiti[eé]){_R}"]), re.I)


def _rank(sentence: str, lo: int, hi: int, ranks: list[tuple[re.Pattern[str], int]]) -> int | None:
    """The place the part word nearest before `hi` (from `lo`) gives, or None."""
    best: tuple[int, int] | None = None
    for pattern, rank in ranks:
        for m in pattern.finditer(sentence, lo, hi):
            if best is None or m.end() > best[0]:
                best = (m.end(), rank)
    return None if best is None else best[1]


def _orders(chosen: list[tuple[int, int, str]], ranks: list[int | None]) -> list[list[tuple[int, int, str]]]:
    """The parts as given, and in the order their words give where each has one place and no two share it."""
    out = [chosen]
    if None not in ranks and len(set(ranks)) == len(ranks):
        places = [r for r in ranks if r is not None]
        ordered = [p for _, p in sorted(zip(places, chosen, strict=True), key=lambda x: x[0])]
        if ordered != chosen:
            out.append(ordered)
    return out


def read_back46(text: str) -> list[tuple[str, Parts]]:
    """The cards, SSNs and phone numbers `text` reads back in parts (the module's docstring, F09)."""
    if _TWO_NEAR.search(text) is None:
        return []
    low = text.lower()
    hits = _hits(low, _TYPE_WORDS)
    if not hits:
        return []
    from proxy.guard.keyed import _plausible, valid_group
    from proxy.nlp.join42 import _CUE_REACH, _GAP_REACH, _RUN
    from proxy.nlp.normalize import luhn_ok

    out: list[tuple[str, Parts]] = []
    for base, stop in _sentences(text, hits):
        sentence = text[base:stop]
        if len(_RUNS.findall(sentence)) < 2:
            continue  # (fewer than two runs of digits: nothing read back here)
        card, ssn = _CARD.search(sentence) is not None, _SSN.search(sentence) is not None
        phone = _PHONE.search(sentence) is not None
        if not (card or ssn or phone):
            continue
        runs = [(m.start(), m.end(), re.sub("[ -]", "", m.group())) for m in _RUN.finditer(sentence)]
        if len(runs) < 2:
            continue
        leads = [(max(a - _CUE_REACH, runs[n - 1][1] if n else 0), a) for n, (a, _, _) in enumerate(runs)]
        cued = [_CUE.search(sentence, lo, hi) is not None and (not n or runs[n][0] - runs[n - 1][1] <= _GAP_REACH)
                for n, (lo, hi) in enumerate(leads)]
        for i in range(len(runs)):
            lo, hi = leads[i]
            if not cued[i] and not any(p.search(sentence, lo, hi) for p in (_CARD, _SSN, _PHONE)):
                continue
            for j in range(i + 2, min(len(runs), i + 5) + 1):
                if not cued[j - 1]:
                    break
                chosen = runs[i:j]
                spans = [(base + a, base + b) for a, b, _ in chosen]
                found = None
                for ranks, kind in ((_RANKS, "card"), (_PHONE_RANKS, "phone")):
                    if kind == "phone" and not phone or kind == "card" and not (card or ssn):
                        continue
                    for order in _orders(chosen, [_rank(sentence, *leads[i + k], ranks) for k in range(j - i)]):
                        digits = "".join(r[2] for r in order)
                        shape = tuple(len(r[2]) for r in order)
                        if kind == "phone":
                            if len(digits) == 11 and digits[0] == "1":
                                digits = digits[1:]
                            if len(digits) == 10 and digits[0] not in "01" and digits[3] not in "01" \
                                    and _plausible("PHONE_NUMBER", digits):
                                found = "PHONE_NUMBER"
                        elif card and 13 <= len(digits) <= 19 and luhn_ok(digits) \
                                and _plausible("CREDIT_CARD", digits):
                            found = "CREDIT_CARD"
                        elif ssn and shape in ((3, 2, 4), (3, 6), (5, 4)) \
                                and valid_group("US_SSN", f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"):
                            found = "US_SSN"
                        if found:
                            break
                    if found:
                        break
                if found:
                    out.append((found, spans))
    return out


# A part read back before a stream's cut: a part's word, then its digits (`endet mit 1111`, `prefix is 617`).
_CUED_RUN = re.compile(rf"(?:{_CUE.pattern})[^.!?\n0-9]{{0,30}}[0-9]", re.I)


def parts_open46(sentence: str, head: str) -> bool:
    """Whether a stream's window may not end inside `sentence` after `head` (its part before the cut: digits on both
    sides, `proxy.nlp.join42.parts_open`): a type word here in the sentence and a part read back before the cut
    (`Meine Kartennummer beginnt mit 4111 1111 und ` then `endet mit 1111 1111.`)."""
    return any(p.search(sentence) is not None for p in (_CARD, _SSN, _PHONE)) and _CUED_RUN.search(head) is not None


# ----------------------------------------------------------------------------------------- F14: prose e-mail

# (lower-case substrings: a domain's word, `... after`, a provider's name; tested with `in`)
_PAIR_WORDS = ("domain", "dominio", "domaine", "domäne", "domane", "after")
_PROVIDER_WORDS = ("gmail", "outlook", "hotmail", "yahoo", "icloud", "proton", "gmx", "aol")
_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
_HOST_HINT = re.compile(r"\.[A-Za-z]{2}")  # (a dot then letters: a domain may be there)
_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9])?"
_IS = r"(?:[ \t]+(?:is|was|reads|would be|es|ist|est|[eé])[ \t]*:?[ \t]+|[ \t]*[:=][ \t]*|[ \t]+)"
_Q = "[\"'`\u201c\u201d\u2018\u2019]?"
# A mailbox's words (`username`, `login name`, `local part`, `the part before the at sign`, `me at`).
_LOCAL_CUE = (r"user[ _-]?name|user|login(?:[ _-]?name)?|account(?:[ _-]?name)?|local[ _-]?part|mailbox(?: name)?"
              r"|handle|usuario|nombre de usuario|benutzername|benutzer|nom d'utilisateur|identifiant|utilisateur"
              r"|(?:part|bit|piece|portion) before (?:the )?(?:@|at(?:[ -]sign| symbol)?|at)(?: sign)?"
              r"|me at|e-?mail(?: address)?(?: is)?|correo")
_DOMAIN_CUE = (r"(?:mail[ _-]?)?domain(?: name)?|dominio|dom[äa]ne|domaine"
               r"|(?:part|bit|piece|portion) after(?: (?:the )?(?:@|at(?:[ -]sign| symbol)?))?(?: sign)?")
_LOCAL_CUE_AT = re.compile(rf"(?i){_L}(?:{_LOCAL_CUE})")
_LOCAL_AFTER = re.compile(rf"(?i){_IS}{_Q}(?P<l>{_LOCAL}){_Q}(?![\w@.-]|\.[A-Za-z0-9])")
_DOMAIN_AT = re.compile(rf"(?i){_L}(?:{_DOMAIN_CUE}){_IS}{_Q}(?P<d>{_HOST}){_Q}(?![\w@-]|\.[A-Za-z0-9])")
_PAIR_REACH = 120
# A mailbox at a named provider: `My gmail is jane.doe1987`, `gmail: jane.doe1987`, `my outlook address is ...`.
_PROVIDER = re.compile(rf"(?i){_L}(?:gmail|googlemail|outlook|hotmail|yahoo|icloud|proton(?:mail)?|gmx|aol)"
                       rf"(?:[ \t]+(?:address|account|id|e-?mail|mail|handle|user(?:name)?|login))?"
                       rf"(?:[ \t]+(?:is|was)[ \t]*:?[ \t]+|[ \t]*[:=][ \t]*)"
                       rf"{_Q}(?P<l>[A-Za-z][A-Za-z0-9._+-]{{0,62}}[A-Za-z0-9]){_Q}(?![\w@-]|\.[A-Za-z0-9])")
_MAILBOX = re.compile(r"[A-Za-z0-9+-]*[._0-9][A-Za-z0-9._+-]*")
_VERSION = re.compile(r"(?i)v?[0-9]+(?:\.[0-9]+)*[a-z]?")
_NOT_LOCAL = frozenset({"is", "was", "the", "a", "an", "my", "your", "its", "at", "to", "and", "or", "not", "in",
                        "on", "of", "for", "required", "optional", "empty", "blank", "missing", "unknown", "same",
                        "different", "set", "field", "name", "here", "there", "below", "above", "this", "that"})


def _tld(domain: str) -> bool:
    from proxy.nlp.mail40 import _TLDS

    return domain.rsplit(".", 1)[-1].lower() in _TLDS


def _local_ok(local: str, loose: bool) -> bool:
    from proxy.nlp.join42 import _PLACEHOLDERS

    low = local.lower()
    if low in _PLACEHOLDERS or low in _NOT_LOCAL or _VERSION.fullmatch(local) or len(local) < 2:
        return False
    return loose or _MAILBOX.fullmatch(local) is not None


def mail_prose(text: str) -> list[Parts]:
    """The [start, end) of each part of the addresses `text` reads back in prose (the module's docstring, F14)."""
    low = text.lower()
    pairs = _hits(low, _PAIR_WORDS) if _HOST_HINT.search(text) is not None else []
    providers = _hits(low, _PROVIDER_WORDS)
    if not pairs and not providers:
        return []
    out: list[Parts] = []
    for base, stop in _sentences(text, sorted(pairs + providers)):
        sentence = text[base:stop]
        domains = [m for m in _DOMAIN_AT.finditer(sentence) if _tld(m.group("d"))] \
            if _within(pairs, base, stop) else []
        if domains:
            locals_ = [(cue.group().lower(), m) for cue in _LOCAL_CUE_AT.finditer(sentence)
                       if (m := _LOCAL_AFTER.match(sentence, cue.end())) is not None]
            for d in domains:
                near = [m for cue, m in locals_ if abs(m.start("l") - d.start("d")) <= _PAIR_REACH
                        and not (d.start() <= m.start("l") < d.end())
                        and _local_ok(m.group("l"), loose="me at" != cue and "mail" not in cue)]
                if near:
                    m = min(near, key=lambda m: abs(m.start("l") - d.start("d")))
                    out.append([(base + m.start("l"), base + m.end("l")), (base + d.start("d"), base + d.end("d"))])
        for m in _PROVIDER.finditer(sentence) if _within(providers, base, stop) else ():
            if _local_ok(m.group("l"), loose=False):
                out.append([(base + m.start("l"), base + m.end("l"))])
    return out


def values46(text: str, entities: Iterable[str]) -> list[tuple[str, Parts]]:
    """The values of `entities` that `text` gives in parts (F09, F14), as `proxy.nlp.join42.part_values` lists them."""
    wanted = set(entities)
    out = [v for v in read_back46(text) if v[0] in wanted] if wanted & {"CREDIT_CARD", "US_SSN", "PHONE_NUMBER"} \
        else []
    if "EMAIL_ADDRESS" in wanted:
        out += [("EMAIL_ADDRESS", parts) for parts in mail_prose(text)]
    return out


# ------------------------------------------------------------------------------------ F05: values built by code

Edit = tuple[int, int, str]
# One argument: a quoted string (no escapes, one line) or a bare integer.
_ITEM = r"""(?:"[^"\\\n]{0,100}"|'[^'\\\n]{0,100}'|[0-9]{1,19}(?![\w.]))"""
_COMMA = r"[ \t]*,[ \t]*(?:\r?\n[ \t]*)?"
_ITEMS = rf"(?P<items>{_ITEM}(?:{_COMMA}{_ITEM}){{1,9}})"
_SEP = r"""(?P<q>["'])(?P<sep>[^"'\\\n]{0,5})(?P=q)"""
_TEMPLATE = r"""(?P<q>["'])(?P<t>[^"'\\\n]{0,80})(?P=q)"""
_OPEN = r"[ \t]*\([ \t]*(?:\r?\n[ \t]*)?"
_CALLS = [re.compile(p) for p in (
    rf"{_SEP}[ \t]*\.[ \t]*join{_OPEN}(?:[\[(][ \t]*)?{_ITEMS}",  # `"-".join(("617", "555", "0143"))`
    rf"[Ss]tring[ \t]*\.[ \t]*[Jj]oin{_OPEN}{_SEP}{_COMMA}{_ITEMS}",  # `String.join("-", "617", ...)`
    rf"\[[ \t]*{_ITEMS}[ \t]*,?[ \t]*\][ \t]*\.[ \t]*join{_OPEN}{_SEP}[ \t]*\)",  # `["617", "555"].join("-")`
    rf"{_TEMPLATE}[ \t]*%[ \t]*\([ \t]*{_ITEMS}",  # `"%s-%s-%s" % ("617", "555", "0143")`
    rf"{_TEMPLATE}[ \t]*\.[ \t]*format{_OPEN}{_ITEMS}",  # `"{}-{}-{}".format("617", "555", "0143")`
    rf"[Ss]tring[ \t]*\.[ \t]*[Ff]ormat{_OPEN}{_TEMPLATE}{_COMMA}{_ITEMS}",  # `String.format("%s-%s", ...)`
)]
# `"jane.doe".concat("@", "example.com")`, `"a".concat("b").concat("c")`: every literal's joint read as nothing.
_CONCAT = re.compile(rf"""(?:"[^"\\\n]{{0,100}}"|'[^'\\\n]{{0,100}}')"""
                     rf"""(?:[ \t]*\)?[ \t]*\.[ \t]*concat{_OPEN}{_ITEM}(?:{_COMMA}{_ITEM}){{0,9}})+""")
_ONE = re.compile(_ITEM)
_HOLDER = re.compile(r"%[sd]|\{[0-9]?\}")
_CALL_GATE = re.compile(r"\.[ \t]*(?:join|concat|format)[ \t]*\(|[Ss]tring[ \t]*\.[ \t]*[JjFf]")
_PERCENT_GATE = re.compile(r"%[ \t]*\(")
_CODE_REACH = 256


def code46_hint(text: str) -> bool:
    """Whether `text` may hold a value built by code (`code46`'s gate)."""
    return ("join" in text or "oncat" in text or "ormat" in text or "Join" in text) \
        and _CALL_GATE.search(text) is not None or "%" in text and _PERCENT_GATE.search(text) is not None


def _joints(text: str, items: list[re.Match[str]], seps: list[str]) -> list[Edit]:
    """The joints between `items` (from a literal's closing quote to the next one's opening quote), each read as
    its separator (digits on both sides with none between: a space, so the groups read as one number's)."""
    out: list[Edit] = []
    for left, right, sep in zip(items, items[1:], seps, strict=False):
        a, b = left.end(), right.start()
        if left.group()[0] in "\"'":
            a -= 1
        if right.group()[0] in "\"'":
            b += 1
        if not sep and text[a - 1:a].isdigit() and text[b:b + 1].isdigit():
            sep = " "
        out.append((a, b, sep))
    return out


def code46(text: str) -> Iterator[Edit]:
    """The joints of the values `text` builds by code from literal parts (F05): a `join` with its separator, a
    `%`/`format` template's pieces between its placeholders, `concat`; each joint only where the parts read
    joined hold a value across it (`proxy.nlp.normalize.joints_in_values`: an e-mail address, a phone number's, an
    SSN's or a card's digit groups, an IPv4 address, an IBAN)."""
    from proxy.nlp.normalize import joints_in_values

    runs: list[list[Edit]] = []
    for pattern in _CALLS:
        for m in pattern.finditer(text):
            items = list(_ONE.finditer(text, *m.span("items")))
            if "t" in pattern.groupindex:
                pieces = _HOLDER.split(m.group("t"))
                if len(pieces) != len(items) + 1 or "%" in "".join(pieces):
                    continue
                seps = pieces[1:-1]
            else:
                seps = [m.group("sep")] * (len(items) - 1)
            runs.append(_joints(text, items, seps))
    for m in _CONCAT.finditer(text):
        runs.append(_joints(text, list(_ONE.finditer(text, *m.span())), [""] * 10))
    taken = -1
    for run in sorted(runs):
        if not run or run[0][0] < taken:
            continue
        lo = max(0, run[0][0] - _CODE_REACH)
        lo = text.rfind("\n", lo, run[0][0]) + 1 or lo
        crossed = set(joints_in_values(text, run, lo, _CODE_REACH))
        if crossed:
            yield from run  # (every joint of a value's call: its parts read as one)
            taken = run[-1][1]


# ------------------------------------------------------------------------ F11: a mailbox wrapped over a line

# A line that ends inside a mailbox at a dot, a hyphen or an underscore, the rest of it and its domain on the next
# line (`jane.` + line break + `doe@example.com`, a YAML folded scalar's lines, `kovalchuk-` + `brown@...`).
_WRAP = re.compile(r"[._-](?P<gap>[ \t]*\r?\n[ \t]*)(?P<rest>[A-Za-z0-9][\w.+-]{0,63})@"
                   r"(?P<dom>(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?![\w-])")
_PIECE = re.compile(r"(?<![\w.@+/:-])[A-Za-z0-9][\w.+-]{0,63}\Z")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+")
_MAIL_KEY = re.compile(r"(?i)(?<![a-z])(?:e-?mail|mail|contact|reply-to|to|from|cc|bcc|address|correo|courriel)"
                       r"[ \t]*[:=][ \t]*\Z")
_BLOCK = re.compile(r"[:-][ \t]*[>|][+-]?[ \t]*\r?\n(?:[ \t]*\S[^\n]*\r?\n)*[ \t]*\Z")


def wraps46_hint(text: str) -> bool:
    """Whether `text` may hold a mailbox wrapped over a line (`wraps46`'s gate)."""
    return "@" in text and "\n" in text and _WRAP.search(text) is not None


def wraps46(text: str) -> Iterator[Edit]:
    """The line breaks (and the spaces around them) inside the mailboxes `text` wraps over a line (F11), left out:
    the piece before the break a mailbox's (no domain, URL or abbreviation: `example.com.`, `e.g.`), and after a
    dot one that cannot be a sentence's end: a mailbox's inner dot, hyphen, underscore or digit in it
    (`maria.fernanda.`), a mail key before it on its line (`Email: jane.`), or alone on its line in a YAML block
    scalar (`email: >-`). `Please email me.` + line break + `jane@example.com` stays."""
    for m in _WRAP.finditer(text):
        if m.group("dom").rsplit(".", 1)[-1].lower() not in _tlds():
            continue
        a = m.start()
        piece = _PIECE.search(text, max(0, a - 64), a + 1)
        if piece is None:
            continue
        word, brk = piece.group()[:-1], piece.group()[-1]
        if not word or _ABBREVIATION.fullmatch(piece.group()) or brk == "." and "." in word \
                and word.rsplit(".", 1)[-1].lower() in _tlds():
            continue
        if brk == "." and _MAILBOX.fullmatch(word) is None:
            line = text[text.rfind("\n", 0, piece.start()) + 1:piece.start()]
            keyed = _MAIL_KEY.search(line) is not None
            if not keyed and (line.strip() or _BLOCK.search(text, max(0, piece.start() - 2000), piece.start()) is None
                              or not m.group("rest")[0].islower()):
                continue
        yield m.start("gap"), m.end("gap"), ""


def _tlds() -> frozenset[str]:
    from proxy.nlp.mail40 import _TLDS

    return _TLDS
