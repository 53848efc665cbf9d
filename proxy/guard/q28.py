"""A question's cue in more of the words people ask in, and a reply to several questions read part by part (issue 12,
atk26 F1).

`proxy.guard.context24` reads a short reply with the cue of the question before it (`question_cue`, `reply26` for a
courtesy tail and other languages, `prev26`/`prev27` for `previous_response_id`). Assistants ask for a name or a
phone number in many more ways than `What is your full name?`; `ASKS` adds, built from parts rather than sentences:

- a name asked for by what it is written on or booked under: `name` and a preposition (`on`, `under`, `for`) before
  a thing a person's name goes on (`_HOLDS`: booking, reservation, account, card, order, ticket...), `What/Which/Whose
  name` with such a thing anywhere after it, and `who` with such a thing and a preposition after it (`Who is the
  booking for?`, `Who should the invoice be addressed to?`); `who` and a role only a person has (`_ROLES`:
  cardholder, policyholder, lead passenger, emergency contact...) or doing what was booked (`Who will be checking
  in?`), `Who's calling?`, who one is speaking or talking with, `Who should I list as ...?`, `Under what name`, the
  name one goes by; a bare `Name?`, `Full name?`, `And you are?`, `Name and number`. Not `the name of the project`,
  `Who is the vendor?`, `What name should I give the file?` (no thing of `_HOLDS`, or `of`);
- a phone number asked for as `number` alone (`What's your number?`, `a number to send the code to`, `the number on
  the account`): a `number` no other noun qualifies (order, ticket, room, table, invoice, account,
  employee, version... numbers, and `number of`) in a sentence that speaks of the person or of reaching them
  (you, your, call, text, code, updates, delivery, account...). `What's your order number?`, `Which table
  number?`, `What number is on the invoice?`, `What number should I set the timeout to?` ask for none.

A question for several values (`To book, I need:` / `1. Your full name` / `2. Your phone number`, a list's items;
`your name and your SSN`, one sentence) was read with one cue (`record`'s `Contact: `, or the first of SSN, card,
IBAN), which found only one of `Hope Young, 6175550143`. `cue` gives such a question the types it asks for, in
order (`record` when they are a contact's: a name, a phone, an email; else `name+ssn` ...), and `inserts` reads a
reply with them part by part: each run of words, of digits, or a mailbox (split at `,`, `;`, `/`, `and`, and where
words turn to digits) gets the context of its type (`Name: Hope Young, Phone number: 6175550143`; a run of digits the
type its shape says among those asked: nine digits an SSN, thirteen to nineteen a card, else a phone). The answer's
side (`reply26.note`) reads such a question as before (`single`).

A reply that is no answer is read as written (`inserts` gives no context): after a name's cue a reply opening with a
word that declines or redirects (`Skip`, `Skip that please`, `Ask My Manager`, `Pass`) or naming a place or a desk
(`Main Street Branch`, `Front Desk`, `Head Office`); after a phone's cue digits after another number's label
(`Invoice 2024-00917`, `PO 4500012345`, `Order #...`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.guard import lang31

__all__ = ["ASKS", "case_as", "cue", "inserts", "prefix", "single"]

_HOLDS = (r"(?:booking|bookings|reservation|reservations|account|card|order|ticket|tickets|appointment|"
          r"delivery|package|parcel|invoice|receipt|registration|subscription|membership|badge|certificate|"
          r"prescription|cheque|payment|letter|gift|voucher|contract|lease|stay|visit|trip|flight|consultation)")
_ROLES = (r"(?:card ?holder|account ?holder|policy ?holder|card owner|account owner|guarantor|beneficiary|recipient|"
          r"addressee|patient|guest|passenger|driver|caller|applicant|tenant|borrower|co-?signer|signatory|"
          r"emergency contact|next of kin|insured|subscriber|attendee|travell?er|purchaser|payer|named driver)")
_WHO = r"\bwho(?:m|se)?\b"

ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("name", re.compile(
        r"\bname\b(?!\s+of\b)[^.?!\n]{0,30}?\b(?:on|under|for|in)\s+(?:(?:the|this|that|your|my|our|their)\s+)?"
        rf"(?:\w+\s+)?{_HOLDS}\b"
        rf"|\b(?:what|which|whose)\s+name\b[^.?!\n]{{0,40}}\b{_HOLDS}\b"
        rf"|{_WHO}[^.?!\n]{{0,30}}\b{_HOLDS}\b[^.?!\n]{{0,25}}\b(?:for|to|under)\b"
        rf"|{_WHO}(?:'s|’s|\s+is|\s+was|\s+will\s+be|\s+would\s+be|\s+should\s+be|\s+are)\s+"
        rf"(?:(?:the|your|this)\s+)?(?:(?:primary|main|lead|named|first)\s+)?{_ROLES}\b"
        r"|\bwho(?:'s|’s|\s+is)\s+(?:calling|speaking|on the (?:line|phone))\b"
        r"|\bwho\b[^.?!\n]{0,40}\b(?:speaking|talking|chatting)\s+(?:to|with)\b"
        rf"|{_WHO}(?:'s|’s|\s+is|\s+will\s+be|\s+would\s+be|\s+are)\s+(?:checking (?:in|out)|attending|travell?ing|"
        r"flying|staying|coming|signing)\b"
        r"|\bunder (?:what|which|whose) name\b|\bname\b[^.?!\n]{0,20}\bgo(?:es)? by\b"
        r"|^\W*(?:(?:your|the)\s+)?(?:full\s+)?name\s*(?:and|&|,)\s"
        r"|\bwho\b[^.?!\n]{0,30}\b(?:list|put(?: down)?|add|enter|register|write(?: down)?)\b(?:\s+\w+){0,2}\s+as\b"
        r"|^\W*(?:(?:and|ok(?:ay)?|great|thanks|got it|sure)[,.!]?\s+)*(?:(?:your|the)\s+)?"
        r"(?:(?:full|first|last)\s+|first\s+and\s+last\s+)?name(?:,?\s+please)?\s*(?:\?|:\s*$)"
        r"|^\W*(?:and\s+)?(?:you\s+are|you're|your\s+name\s+is)\s*(?:\.\.\.|…)?\s*\?", re.I)),
    ("phone", re.compile(
        # (a number of an order, an invoice, a ticket... named after it: `What number is your invoice?`, unless the
        # sentence speaks of calling or texting)
        r"^(?:(?=[^\n]*\b(?:call|text|reach|ring|dial|contact|sms|code|otp|whatsapp)\b)|(?![^\n]*\bnumbers?\b[^\n]*"
        r"\b(?:orders?|invoices?|tickets?|receipts?|case|tracking|confirmation|reference|ref|po|purchase|flight|seat|"
        r"gate|room|table|version|build|serial|model|part|item|policy|claim|employee|member|membership|student|patient|"
        r"shipment|parcel|package|reservation|booking|voucher|coupon|sku|transaction)\b))"
        r"(?=[^\n]*\b(?:you|your|yours|name|call|text|reach|ring|dial|contact|sms|code|otp|verification|updates?|"
        r"reminders?|notifications?|alerts?|delivery|courier|driver|account|file|record|profile|callback|whatsapp)\b)"
        r"[^\n]*?(?:^|[^\w\s'’-]\s*|\b(?!(?:order|orders|ticket|room|table|invoice|account|case|tracking|reference|"
        r"ref|confirmation|booking|flight|seat|gate|version|serial|model|part|item|employee|member|membership|"
        r"customer|policy|claim|po|purchase|routing|sort|tax|vat|id|registration|license|licence|passport|card|"
        r"house|street|apartment|apt|unit|suite|page|row|issue|build|port|release|batch|lot|bill|receipt|"
        r"transaction|reservation|voucher|coupon|pin|zip|postal|student|patient|record|file|social|security|"
        r"insurance|shipment|parcel|package|job|request|quote|contract|project|task|step|question|lucky|"
        r"favou?rite|bus|route|platform|vehicle|plate|floor|level|building|extension|error|exit|"
        r"sequence|index|same)\b)[\w'’]+\s+)numbers?\b(?!\s+of\b)", re.I)),
)

_LABELS = {"name": "Name: ", "phone": "Phone number: ", "ssn": "SSN: ", "email": "Email: ", "card": "Card number: ",
           "iban": "IBAN: "}
_CONTACT_KINDS = ("name", "phone", "email")
_ORDER = ("ssn", "card", "iban", "email", "phone", "name")  # reply26._KINDS: the first wins a one-type reading

# A list's item (`1. Your full name`, `- your SSN`, `• Phone`).
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·–]|\(?[a-z][.)])\s+\S")


def _found(sentence: str, asks: Sequence[tuple[str, re.Pattern[str]]]) -> list[str]:
    """The types `sentence` asks for, in the order it names them."""
    from proxy.guard.reply26 import _FOREIGN

    first: dict[str, int] = {}
    for kind, pattern in (*asks, *ASKS, *_FOREIGN.items()):
        m = pattern.search(sentence)
        if m is not None and m.start() < first.get(kind, len(sentence) + 1):
            first[kind] = m.start()
    return sorted(first, key=lambda k: first[k])


def _combined(kinds: Sequence[str]) -> str:
    """The cue of a question for several types: `record` for a contact's, else the types joined by `+`."""
    if all(k in _CONTACT_KINDS for k in kinds):
        return "record"
    return "+".join(kinds)


def _listed(tail: str, asks: Sequence[tuple[str, re.Pattern[str]]]) -> list[str]:
    """The types a turn's closing list asks for (its items: at least two lines in a row), in order."""
    lines = [ln for ln in tail.rstrip().split("\n")]
    items: list[str] = []
    for line in reversed(lines):
        if not _ITEM.match(line):
            break
        items.append(line)
    if len(items) < 2:
        return []
    out: list[str] = []
    for line in reversed(items):
        for kind in _found(line, asks):
            if kind not in out:
                out.append(kind)
    return out


def _courtesy_after(sentences: Sequence[str], asks: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The sentence a turn's tail asks in: its last, else the last before at most two courtesy sentences."""
    from proxy.guard import reply26

    for back in range(reply26.TAIL_SENTENCES + 1):
        if back >= len(sentences):
            return None
        s = sentences[-1 - back]
        if _found(s, asks):
            return s
        if not reply26._courtesy(s, (*asks, *ASKS)):
            return None
    return None


def cue(tail: str, sentences: Sequence[str], asks: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """`context24.question_cue` of a turn's tail (`tail`, its `sentences`): with `ASKS`, and several types asked in
    one sentence or one closing list read as one cue (the module's docstring)."""
    from proxy.guard import reply26

    listed = _listed(tail, asks) if "\n" in tail else []
    if len(listed) >= 2:
        return _combined(listed)
    kind = reply26.sentence_cue(sentences, (*asks, *ASKS))
    if kind == "name" and reply26._CONTACT.search(sentences[-1]):  # `Who should I list as the emergency contact?`
        return "record"
    if kind in ("ssn", "card", "iban"):  # one type read first: the sentence's others too (`your name and your SSN`)
        asking = _courtesy_after(sentences, asks)
        kinds = _found(asking, asks) if asking is not None else []
        if len(kinds) >= 2:
            return _combined(kinds)
    return kind


def single(kind: str | None) -> str | None:
    """A cue as one type (the answer's side, `reply26.note`): several types read as before (`reply26._kind`)."""
    if kind is None or "+" not in kind:
        return kind
    kinds = kind.split("+")
    return next((k for k in _ORDER[:3] if k in kinds), "record")


_KIND_OF = {label[:-2]: kind for kind, label in _LABELS.items()}


def prefix(kind: str) -> str:
    """The context a cue reads as, written before the reply (`context24.PREFIX`); several types' is their labels
    (`Name and SSN: `, read back by `_kinds`)."""
    from proxy.guard.context24 import PREFIX

    if kind in PREFIX:
        return PREFIX[kind]
    return " and ".join(_LABELS[k][:-2] for k in kind.split("+") if k in _LABELS) + ": "


def _kinds(prefix_: str) -> tuple[str, ...] | None:
    """The types of a prefix of several (`prefix`), or None."""
    if " and " not in prefix_ or not prefix_.endswith(": "):
        return None
    labels = prefix_[:-2].split(" and ")
    return tuple(_KIND_OF[lb] for lb in labels) if all(lb in _KIND_OF for lb in labels) else None


def case_as(prefix_: str) -> str:
    """The prefix `reply26.cased` reads a reply of several types with (a name's when one is a name)."""
    kinds = _kinds(prefix_)
    return "Contact: " if kinds is not None and "name" in kinds else prefix_


# ------------------------------------------------------------------------------------------- replies

# A reply's words (a run of digits with a phone's marks is one: `(312) 555-0188`, `+1 312 555 0188`).
_TOKEN = re.compile(r"\+?\(?\d[\d().\-]*(?:\s+\(?\d[\d().\-]*)*|\S+")
_AND = frozenset({"and", "&"})
# Words that decline or redirect instead of answering (`Skip`, `Ask My Manager`), and what follows them then.
_DECLINE = frozenset({"skip", "pass", "ask", "later", "none", "no", "nope", "n/a", "na", "unknown", "same", "idk",
                      "dunno", "prefer", "rather", "not", "why", "wait", "hold", "sorry", "next", "cancel", "stop",
                      "nevermind", "never", "check", "see", "use", "leave", "blank", "anonymous", "private",
                      "withheld", "confidential", "decline", "declined", "tbd", "tba", "refuse", "forget", "ignore",
                      "nothing", "nobody", "whatever"})
_AFTER_DECLINE = frozenset({"that", "this", "it", "me", "my", "the", "a", "an", "for", "please", "step", "question",
                            "one", "now", "him", "her", "them", "our", "your", "to", "on", "again", "thanks",
                            "thank", "so", "all", "everything", "both", "here", "there", "instead"})
# A place or a desk, not a person (`Main Street Branch`, `Front Desk`, `Head Office`).
_PLACE = frozenset({"street", "st.", "avenue", "ave", "road", "rd", "boulevard", "blvd", "office", "desk",
                    "department", "dept", "team", "manager", "support", "reception", "headquarters", "hq",
                    "branch", "company", "corp", "corporation", "inc", "inc.", "llc", "ltd", "ltd.", "gmbh",
                    "services", "store", "shop", "hospital", "clinic", "hotel", "bank", "centre", "center",
                    "caller", "customer", "unknown", "anonymous", "admin", "billing", "accounts", "sales"})
# Fillers before the answer (`Sure, Hope Young`).
_FILLER = frozenset({"sure", "yes", "yeah", "yep", "yup", "ok", "okay", "certainly", "absolutely", "of course",
                     "no problem", "thanks", "thank you", "please", "hi", "hello", "it's", "it is", "that's",
                     "that is", "here", "here you go", "fine"})
# Another number's label before digits (`Invoice 2024-00917`, `PO 4500012345`, `Order #4567`, `Ticket No. 77821`).
_OTHER_LABELS = frozenset(
    "order orders invoice inv po purchase ticket ref reference case tracking booking confirmation conf receipt claim "
    "policy account acct room table flight seat gate sku item part serial model id customer member membership "
    "employee student patient record file batch lot transaction txn reservation voucher coupon pin zip postal version "
    "build release issue pr bug job request req quote contract shipment parcel package unit route loan application "
    "registration licence license passport vin plate tax vat ein routing sort".split())
_LABEL_BEFORE = re.compile(r"\b([A-Za-z][A-Za-z.]*)(?:\s*(?:no\.?|nr\.?|num(?:ber)?|#|:))?[\s#:]*$", re.I)


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?\"'()").lower() for w in text.split()]


def _no_name(text: str) -> bool:
    """A reply after a name's cue that is no name: it declines or redirects, or names a place or a desk."""
    words = _words(text)
    if not words:
        return True
    if words[0] in _DECLINE:
        rest = text.split()[1:]
        if not rest or words[1] in _AFTER_DECLINE or rest[0][:1].islower():
            return True
    return any(w in _PLACE for w in words)


def _other_number(text: str, at: int) -> bool:
    """The digits at `at` follow another number's label (`Invoice 2024-00917`)."""
    label = _LABEL_BEFORE.search(text, 0, at)  # (right before the digits: not `Rusty Gate, 3125550177`)
    return label is not None and label.group(1).replace(".", "").lower() in _OTHER_LABELS


def _number_kind(run: str, kinds: Sequence[str]) -> str | None:
    digits = sum(c.isdigit() for c in run)
    numbers = [k for k in kinds if k in ("phone", "ssn", "card", "iban")]
    if not numbers:
        return None
    if digits == 9 and "ssn" in numbers:
        return "ssn"
    if 13 <= digits <= 19 and "card" in numbers:
        return "card"
    if "phone" in numbers:
        return "phone"
    return numbers[0]


def _runs(text: str) -> list[tuple[int, str, str]]:
    """`text`'s runs: (where, its class: `mail`, `digits` or `words`, its text), split at `,` `;` `/` `|` `and`."""
    out: list[tuple[int, str, str]] = []
    open_ = False  # the last run may take the next word
    for m in _TOKEN.finditer(text):
        tok = m.group()
        word = tok.strip(",;|/")
        if not word or word.lower() in _AND:
            open_ = False
            continue
        cls = "mail" if "@" in word else "digits" if word[0].isdigit() \
            or (word[0] in "+(#" and word[1:2].isdigit()) else "words"
        at = m.start() + (len(tok) - len(tok.lstrip(",;|/")))
        if open_ and out and out[-1][1] == cls == "words":
            out[-1] = (out[-1][0], cls, text[out[-1][0]:at + len(word)])
        else:
            out.append((at, cls, word))
        open_ = not tok.rstrip().endswith((",", ";", "|", "/"))
    return out


def _parts(text: str, kinds: Sequence[str]) -> dict[int, str]:
    """Each run of `text` read with the context of its type among `kinds` (the module's docstring)."""
    out: dict[int, str] = {}
    named = False
    runs = _runs(text)
    for k, (at, cls, run) in enumerate(runs):
        if cls == "mail":
            if "email" in kinds:
                out[at] = _LABELS["email"]
        elif cls == "digits":
            kind = _number_kind(run, kinds)
            if kind is not None and not _other_number(text, at):
                out[at] = _LABELS[kind]
        elif "name" in kinds and not named and run.lower().strip(".!") not in _FILLER:
            named = True  # (the first words that are no filler: a later run of words is read as written)
            labels = k + 1 < len(runs) and runs[k + 1][1] == "digits" and _other_number(text, runs[k + 1][0])
            if not labels and not _no_name(run):  # (not `Invoice` of `Invoice 2024-00917`)
                out[at] = _LABELS["name"]
    return out


def inserts(text: str, prefix_: str) -> dict[int, str]:
    """Where a reply read with a cue's context (`prefix_`, `context24.PREFIX`'s or `prefix`'s) gets it: `{0:
    prefix_}`, one per part of a reply to several types, or none for a reply that is no answer."""
    from proxy.guard.context24 import PREFIX

    kinds = _kinds(prefix_)
    if kinds is None and prefix_ == PREFIX["record"]:
        kinds = _CONTACT_KINDS
    if kinds is not None:
        return _parts(text, kinds)
    if prefix_ == PREFIX["name"] and _no_name(text):
        return {}
    if prefix_ in (PREFIX["phone"], lang31.PL_LABEL):
        first = next((k for k, c in enumerate(text) if c.isdigit()), None)
        if first is not None and _other_number(text, first):
            return {}
    return {0: prefix_}
