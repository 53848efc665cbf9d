"""Mobiles without a country code after everyday cues, bare numbers beside a contact, UPI handles (issue 12, atk37
F01, F21, F22).

Each value found here is read after the type's context word (`proxy.guard.keyed.labelled_values`: a `Keyed` reading,
`phone: 9820144573`), so the recognizer's own checks still decide; on input and on output (a stream's window that
starts at the value is read after what went out before it).

- cued mobiles (F01): a number valid to `phonenumbers` as a US, GB, IN, AU, DE, FR or CN (mainland) one, or an
  8-digit Singapore or Hong Kong mobile (`8`/`9` first), after a word of calling or texting and a few glue words on
  the same line (`Please call the customer back on 98201 44573`, `OTP sent to 9820144573`, `UPI linked to
  13812345678`, `missed call from ...`, `mob`, `HP:`, `Handy`, `Celular`, `Number:`, `ping me at`, `Rufen Sie ...
  an`, `PayNow to 9123 4567`, `支付宝账号：`). Not after an id's word (`Order Number: ...`, `Ticket no. ...`);
- contact lines (F22): a number beside a contact, on the same line, apart by `,` `;` `|` `/` `:` `(` or blanks:
  after an e-mail address (`m.whitaker@gmail.com, 6175552387`; the address's country domain adds its region:
  `e.faure@orange.fr, 0612345678`), or after a person's name (`Whitaker (6175552387)`, `Marcus Whitaker /
  6175552387`, `WANJIRU MWANGI 254722123456`, `王建国 13812345678`): capitalised or upper-case words, the last a
  listed surname or given name that is no common word (or a listed given name before it), or two to four Han
  characters. The number: valid as above, national with its trunk `0` (`_TRUNK`), or international without its
  `+` (11 to 13 digits). A 9-digit SSN (SSA's rules: area not 000, 666 nor 9xx) so beside a person or an address,
  maybe after a date of birth (`Marcus Whitaker, DOB 04/12/1980, 536904399`), is read as an SSN; a product's
  barcode beside its name (`Rooibos Tea 00012345678905`, `num42.padded_gtin`) is no number of a contact;
- UPI handles (F21): `<name or number>@<a UPI provider's handle>` without a domain after it (`9820144573@ybl`,
  `rajesh.sharma@okaxis`) is an e-mail address's kind of value: an EMAIL_ADDRESS finding (`upi_handles`, the
  analyzer's hook), not `@ybl` alone, a decorator nor a package's scope (`@types/node`).

Gated by a substring test (a run of eight digits, an `@`); pure functions, CPU only.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.cue27 import valid_phone
from proxy.nlp.num42 import padded_gtin

__all__ = ["contact_surnames", "phone37_values", "upi_handles"]

Valued = tuple[int, int, str, str]

_REGIONS = ("US", "GB", "IN", "AU", "DE", "FR", "CN")
_TRUNK = ("GB", "DE", "FR", "IT", "NL", "AU", "IN", "ES", "BE", "AT", "CH", "GH", "KE", "NG", "ZA", "JP", "BR")
_TLD_REGION = {"fr": "FR", "de": "DE", "uk": "GB", "in": "IN", "cn": "CN", "sg": "SG", "hk": "HK", "au": "AU",
               "it": "IT", "nl": "NL", "es": "ES", "be": "BE", "at": "AT", "ch": "CH", "ke": "KE", "gh": "GH",
               "ng": "NG", "za": "ZA", "jp": "JP", "br": "BR", "ie": "IE", "nz": "NZ", "ca": "CA", "mx": "MX"}

# A number: 8 to 15 digits, maybe grouped by single blanks, dots or hyphens, no digit, word character nor `@` around.
_NUMBER = re.compile(r"(?<![\w@.+/-])(?<![0-9][ .-])\+?[0-9](?:[0-9]|[ .-](?=[0-9])){7,18}"
                     r"(?![0-9]|[ .,-][0-9]|[\w@-])")
_EIGHT = re.compile(r"[0-9](?:[ .-]?[0-9]){7}")


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _phone(value: str, regions: tuple[str, ...] = (), trunk: bool = True, plusless: bool = False,
           short: bool = False) -> str | None:
    """The value to read if `value` is a phone number: valid in `_REGIONS` (and `regions`), with its `+`, national
    with a trunk `0`, international without its `+` (`plusless`, 11 to 13 digits), or an 8-digit SG/HK mobile
    (`short`); a number the recognizer knows no region of is read in its international form."""
    import phonenumbers

    digits = _digits(value)
    if len(digits) == 8:
        return value if short and digits[0] in "89" and valid_phone(digits, ("SG", "HK")) else None
    if not 10 <= len(digits) <= 15:
        return None
    if plusless and 12 <= len(digits) <= 13 and digits[0] not in "01" and valid_phone("+" + digits):
        return "+" + digits  # (`254722123456`: Kenya's, read with its `+`)
    if valid_phone(value, _REGIONS):
        return value
    candidates: list[tuple[str, str | None]] = [
        (digits, r) for r in regions + (_TRUNK if digits[0] == "0" and trunk else ())]
    if plusless and 11 <= len(digits) <= 13:
        candidates.append(("+" + digits, None))
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed) or (region == "GB" and digits.startswith("07")
                                                    and phonenumbers.is_possible_number(parsed)):
            # (a UK mobile's `07700 9xxxxx` ranges are only possible to the library)
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _ssn(value: str) -> bool:
    digits = _digits(value)
    if len(digits) != 9 or not re.fullmatch(r"[0-9]{9}|[0-9]{3}[ -][0-9]{2}[ -][0-9]{4}", value):
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000" \
        and len(set(digits)) > 2


def _line_start(text: str, at: int) -> int:
    """Where the line of `at` starts (after a line break as written or JSON-escaped)."""
    escaped = text.rfind("\\n", 0, at)
    return max(text.rfind("\n", 0, at) + 1, escaped + 2 if escaped >= 0 else 0)


# ------------------------------------------------------------------------------------------------ cued mobiles

_CUE = re.compile(
    r"(?i)(?:(?<![^\W\d_])(?:call(?:ed|ing|back)?|ring|text(?:ed)?|sms|otp|whats[ ]?app|wa|mob|mobile|phone|tel"
    r"|cell|hp|handy|celular|cel|number|num|contact|reach|dial|ping|upi|paynow|paytm|gpay|phonepe|m-?pesa|momo"
    r"|wallet|alipay|wechat|gcash|bkash"
    r"|anrufen|rufen|appelez|appeler|llamar|ll[aá]m[ae](?:me)?|ligue|chiama)(?![^\W\d_])"
    r"|支付宝|微信|手机|电话|账号|号码|联系)"
    r"(?:[\s:：#.=,-]|(?<![^\W\d_])(?:me|us|him|her|them|the|customer|client|user|caller|buyer|seller|patient|tenant"
    r"|guest|driver|agent|rider|courier|owner|landlord|candidate|applicant|merchant|vendor|back|on|at|to|from|is|was"
    r"|sent|linked|number|no|nr|registered|mobile|with|via|sie|mich|le|la|al|me|nummer|whatsapp|please|pls|has|have"
    r"|had|been|be|were|will|got)"
    r"(?![^\W\d_])){0,16}$")
_ID_WORD = re.compile(r"(?i)(?<![^\W\d_])(?:order|invoice|ticket|ref|reference|tracking|account|acct|case|build"
                      r"|serial|part|po|transaction|txn|batch|item|policy|claim|employee|customer|member|job|run"
                      r"|issue|bug|pr|id|sku|lot|model|version|record|row|page|room|flight|seat|port|pid)"
                      r"\W{0,3}(?:number|num|no|nr)?\W{0,3}$")


def _cued(text: str, numbers: list[re.Match[str]]) -> list[Valued]:
    out: list[Valued] = []
    for m in numbers:
        head = text[max(_line_start(text, m.start()), m.start() - 60):m.start()]
        cue = _CUE.search(head)
        if cue is None or _ID_WORD.search(head[:cue.start()]) is not None:
            continue
        if cue.group()[:3].lower() == "num" and head[:cue.start()].strip(" \t") \
                and head[:cue.start()].rstrip(" \t")[-1] not in ",;|(-•*":
            continue  # `Number:` opens its label (not `The request number is ...`)
        read = _phone(m.group(), trunk=True, short=True)
        if read is not None:
            out.append((m.start(), m.end(), "PHONE_NUMBER", read))
    return out


# ------------------------------------------------------------------------------------------------ contact lines

_EMAIL_BEFORE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.(?P<tld>[A-Za-z]{2,})"
                           r"[ \t]*(?:[,;|/:(]|-{1,2}|–)?[ \t]*\(?$")
_NAME_BEFORE = re.compile(r"(?P<n>(?:[A-Z][\w'’-]*(?:[ \t]+|[ \t]*$)){1,4}|[\u4e00-\u9fff]{2,4}[ \t]*$)")
_SEP = re.compile(r"(?:[ \t]*(?:[,;|/:(（：]|-{1,2}|–)[ \t]*\(?|[ \t]+)$")
_DOB = re.compile(r"[,;|/]?[ \t]*(?:DOB|D\.O\.B\.|born|b\.)[ \t:]*[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}"
                  r"[ \t]*[,;|/][ \t]*$", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@functools.cache
def _lists():  # type: ignore[no-untyped-def]
    from proxy.nlp.names import name_lists

    return name_lists()


@functools.cache
def _english_ranks() -> tuple[dict[str, int], frozenset[str]]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    return {w: i for i, w in enumerate(lists["english_wikipedia"])}, frozenset(lists["us_tv_and_film"])


def _proper_surname(word: str) -> bool:
    """A listed surname that English writes as a proper noun only (`Faure`: far down English Wikipedia, in no TV
    and film subtitle; not `Bonnet`, `Lake`): `proxy.nlp.given_names.english_word`'s test (left38)."""
    from proxy.nlp.cued import _raw_surname
    from proxy.nlp.given_names import english_word

    return _raw_surname(word) and not english_word(word.lower(), *_english_ranks())


def _person(words: list[str]) -> bool:
    """Whether capitalised or upper-case `words` end with a person's name (see the module's docstring)."""
    from proxy.nlp.cued import _raw_surname

    lists = _lists()
    if not words:
        return False
    last = words[-1]
    if len(last) < 2 or not last[0].isupper() or last.isupper() and (len(words) == 1 or len(last) <= 3):
        return False  # (an acronym: `P.IVA 0962...`, `Partita IVA: ...`)
    if len(words) >= 2 and lists.is_first(words[-2]) and (_raw_surname(last) or lists.is_name(last)):
        return True
    from proxy.nlp.tech_terms import TECH_TERMS, TOOL_NAMES  # (no recognizers' import on the guard's side)

    if last.lower() in lists.very_common or last.lower() in TECH_TERMS or last.lower() in TOOL_NAMES \
            or lists.is_english(last) and not _proper_surname(last):
        return False  # an everyday word, a tool's name (`Jenkins / ...`), a word (`Moon: ...`)
    if _raw_surname(last) or lists.is_name(last):
        return True
    # upper-case names (`WANJIRU MWANGI`, `KWAME MENSAH`): two or three words, one of them listed
    return 2 <= len(words) <= 3 and all(w.isupper() and w.isalpha() for w in words) \
        and any(lists.is_name(w) or _raw_surname(w) for w in words)


def _counter(run: list[str]) -> bool:
    """A counter's or a metric's word alone before the numbers (`Counts 652 71 3390`: fp43), no contact's name."""
    from proxy.nlp.dg42 import _COUNTER_WORDS, _UNITS

    return len(run) == 1 and (run[0].lower() in _COUNTER_WORDS or run[0].lower() in _UNITS)


def _contact(text: str, numbers: list[re.Match[str]], wanted: frozenset[str],
             people: list[tuple[int, int]] | None = None) -> list[Valued]:
    """The numbers beside a contact; with `people`, the [start, end) of each name run beside one is added to it."""
    out: list[Valued] = []
    for m in numbers:
        value = m.group()
        line = _line_start(text, m.start())
        head = text[max(line, m.start() - 120):m.start()]
        sep = _SEP.search(head)
        if sep is None or "(" in sep.group() and text[m.end():m.end() + 1] != ")":
            continue
        before = head[:sep.start()]
        regions: tuple[str, ...] = ()
        beside = False
        run: list[str] = []
        at = 0  # (where the run starts in `before`)
        email = _EMAIL_BEFORE.search(head)
        if email is not None:
            beside = True
            region = _TLD_REGION.get(email.group("tld").lower())
            regions = (region,) if region else ()
        elif re.search(r"[\u4e00-\u9fff]{2,4}$", before) is not None:
            beside = _digits(value)[:1] == "1"  # a Han name before a mainland mobile
        else:
            dob = _DOB.search(head)
            if dob is not None:
                before = head[:dob.start()]
            cut = max(0, len(before) - 80)
            for w in reversed(list(_WORD.finditer(before, cut))):
                if not w.group()[0].isupper() or len(run) == 4:
                    break
                run.insert(0, w.group())
                at = w.start()
            tail = before.rstrip(" \t,;|/:(-")
            beside = bool(run) and tail.endswith(run[-1]) and _person(run) and not _counter(run)
        if not beside:
            continue
        short = email is None and len(run) >= 2 and re.fullmatch(r"[0-9]{4} ?[0-9]{4}", value) is not None
        read = None if padded_gtin(value) else _phone(value, regions, trunk=True, plusless=True, short=short)
        if "PHONE_NUMBER" in wanted and read is not None:
            out.append((m.start(), m.end(), "PHONE_NUMBER", read))
            if people is not None and run:
                base = m.start() - len(head)
                people.append((base + at, base + len(before.rstrip(" \t,;|/:(-"))))
        elif "US_SSN" in wanted and _ssn(value):
            out.append((m.start(), m.end(), "US_SSN", value))
    return out


# ------------------------------------------------------------------------------------------------ UPI handles

_UPI_HANDLES = ("ybl|ibl|axl|upi|paytm|pthdfc|ptsbi|ptaxis|ptyes|okaxis|okhdfcbank|oksbi|okicici|apl|yapl|abfspay"
                "|axisbank|axisb|icici|hdfcbank|sbi|kotak|kbl|yesbank|yespay|fbl|federal|indus|idfcbank|idfcfirst"
                "|aubank|rbl|freecharge|airtel|jio|barodampay|pnb|unionbank|cnrb|boi|mahb|jupiteraxis|naviaxis"
                "|superyes|slice|fam|waaxis|wahdfcbank|wasbi|waicici|timecosmos|ikwik|postbank|dbs|citi|hsbc"
                "|sc|pingpay|amazonpay|apay|gpay|phonepe|bhim|mobikwik|dlb|tjsb|ezeepay|equitas|obc|allbank")
_UPI = re.compile(r"(?<![\w.+-])(?P<h>[A-Za-z0-9][A-Za-z0-9._-]{1,63})@(?:" + _UPI_HANDLES + r")(?![\w@-]|\.[A-Za-z])",
                  re.I)


def upi_handles(chunk: str, found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """`found` with each UPI handle of `chunk` (`9820144573@ybl`, `rajesh.sharma@okaxis`) as an EMAIL_ADDRESS where no
    finding covers it (the analyzer's hook: input and output)."""
    if "@" not in chunk:
        return found
    add = [("EMAIL_ADDRESS", m.start(), m.end(), 0.9) for m in _UPI.finditer(chunk) if m.group("h")[-1] not in "._-"
           and not any(r[0] == "EMAIL_ADDRESS" and r[1] <= m.start() and m.end() <= r[2] for r in found)]
    return found + add if add else found


_GATE = re.compile(r"[0-9](?:[ .-]?[0-9]){7}")


def contact_surnames(chunk: str, found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """`found` with the name beside a contact's phone number as PERSON where no PERSON finding overlaps it: the run's
    last word, and a listed given name before it (`Faure (0612345678)`, `Sharma (9820144573)`; left38). The
    analyzer's hook, input only (PERSON)."""
    if _GATE.search(chunk) is None:
        return found
    numbers = [m for m in _NUMBER.finditer(chunk) if 8 <= len(_digits(m.group())) <= 15]
    people: list[tuple[int, int]] = []
    if numbers:
        _contact(chunk, [m for m in numbers if not _table_row(chunk, m.start())], frozenset({"PHONE_NUMBER"}), people)
    add = []
    for a, b in people:
        words = list(_WORD.finditer(chunk, a, b))
        if not words:
            continue
        if _CUE.fullmatch(words[-1].group()) is not None:
            continue  # a phone's cue, read as a contact's word (`Handy 0160 9876543`)
        start = words[-2].start() if len(words) >= 2 and _lists().is_first(words[-2].group()) else words[-1].start()
        end = words[-1].end()
        if not any(r[0] == "PERSON" and r[1] < end and start < r[2] for r in found):
            add.append(("PERSON", start, end, 0.85))
    return found + add if add else found


def phone37_values(text: str, wanted: frozenset[str]) -> list[Valued]:
    """(start, end, type, value to read) of each cued mobile, number beside a contact and of `text` (see the module's
    docstring); only the types in `wanted` (`PHONE_NUMBER`, `US_SSN`)."""
    out: list[Valued] = []
    if ("PHONE_NUMBER" in wanted or "US_SSN" in wanted) and _GATE.search(text) is not None:
        numbers = [m for m in _NUMBER.finditer(text) if 8 <= len(_digits(m.group())) <= 15]
        if numbers:
            if "PHONE_NUMBER" in wanted:
                out += _cued(text, numbers)
            out += _contact(text, [m for m in numbers if not _table_row(text, m.start())], wanted)
    return list(dict.fromkeys((a, b, e, v) for a, b, e, v in out))


_CELL_SEP = re.compile(r"\t|[^\s,;\d][,;](?=[^\s,;])|\d[,;](?=[^\s,;\d])")  # (not `2,500.00`)


def _line(text: str, at: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    return a, b if b >= 0 else len(text)


def _table_row(text: str, at: int) -> bool:
    """Whether the line at `at` is a row of a table: a `|` in it, a separator between two cells with no blank after
    it (`Ann,6175550199`, a tab), or a line above or below it holds as many of one separator
    (`,`, `;`, a tab, `|`), one or more. A table's numbers are its columns' business (its header names them:
    `proxy.nlp.tables`, `csv37`): `name,order_id` above `Dana Kerr,4158839912` is an order's id."""
    a, b = _line(text, at)
    row = text[a:b]
    if row.lstrip().startswith("|") or row.count("|") > 1 or _CELL_SEP.search(row) is not None:
        return True  # (a Markdown row; a CSV's cells, `Ann,6175550199`, no prose's `, `)
    for sep in ",;\t|":
        n = row.count(sep)
        if not n:
            continue
        for c, d in ((text.rfind("\n", 0, max(0, a - 1)) + 1, a - 1), (b + 1, _line(text, b + 1)[1])):
            if 0 <= c < d <= len(text) and text.count(sep, c, d) == n:
                return True
    return False
