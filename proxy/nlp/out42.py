"""An answer that ends inside a value (issue 12, atk42 F07): the model's e-mail address or card number cut by the
end of the answer (`max_tokens`, `finish_reason: length`, a stream the provider breaks off, or the model's own stop).

`You can reach her at eloise.hargreaves@fastmail.c`, `...@fastm`, `...@`, `The card on file is 453914880343646`
(15 of 16 digits: the one missing is the Luhn check digit, so the whole number is known) reached the client: no
recognizer reads a value that is not whole. On output only, at the very END of an answer's text (nothing after it,
not even a space or a full stop: a streamed window ends after whitespace, `proxy.guard.windows`, so only the
answer's last window ends so), a trailing run that is

- the start of an e-mail address (`tail_values`, `EMAIL_ADDRESS`): a mailbox, `@`, then nothing, or domain
  letters whose last label is cut: a domain with no dot yet (`@fastm`), or one whose last label is one letter or
  the start of a common mail TLD it is not yet (`.c`, `.ne`, `.or`), or an ending dot (`@fastmail.`: the span ends
  before it, which may be the sentence's full stop);
- the start of a payment card (`CREDIT_CARD`): 13 to 15 digits of a 16-digit scheme (Visa `4`, Mastercard `51-55`,
  `2221-2720`, Discover `6011`, `644-649`, `65`, JCB `3528-3589`, UnionPay `62`, Mir `2200-2204`), 13 or 14 of an
  Amex (`34`, `37`): after a card word within the last 80 characters (`card`, `Visa`, `PAN`...), or after no word
  of another number (`order`, `part`, `tracking`, `IMEI`, `ISBN`, `invoice`...) in its printed groups of four (Amex
  4-6) with one separator (`4539 1488 0343 646`) or as one run of 15 digits (only the check digit missing)

is redacted as that type. What stays (`tests/nlp/test_out42.py`): a host login or a package's version at an answer's
end (`ssh deploy@bastion`, `git@github`, `npm i react@latest`, `pip@23`, `nginx@sha256`, `jdoe@CORP`), a whole address
(the recognizer's), a form's mailbox (`name@`, `username@`), `@` with no mailbox before it (`@types`), a number of
another scheme's first digits or after another number's word (`part number 4711-2233-4455-66`), and anything a text
does not end with. Cheap: an `@` or a digit among the last characters first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING

from proxy.nlp.mail40 import MAIL_TLDS

if TYPE_CHECKING:
    from proxy.nlp.pii import Span

__all__ = ["READ_END", "tail_values", "with_tails"]

# A stream's window reading (`proxy.guard.out43.stream_read`): the last characters of each text that ends the answer
# there (none while the stream goes on); None outside a stream's reading (a whole answer: every prose text's end).
READ_END: ContextVar[tuple[str, ...] | None] = ContextVar("out42_read_end", default=None)

# The mailbox and the domain letters so far, at the text's end.
_EMAIL_TAIL = re.compile(r"(?<![\w.%+/@-])(?P<local>[^\W_](?:[\w.%+-]{0,63}))"
                         r"@(?P<domain>[\w-]{0,63}(?:\.[\w-]{0,63}){0,6})\Z")
_TLD = re.compile(rf"(?i:{MAIL_TLDS})")
# Common mail TLDs a last label of two letters or more may be the start of (`.ne` of `.net`).
_MAIL_ENDS = ("com", "net", "org", "edu", "gov", "info", "biz", "email", "online", "mail")
# Logins and hosts of code and shells, versions and tags of packages: a text ending `user@host` or `pkg@tag` so is none.
_LOGINS = frozenset("""root admin administrator git postgres ubuntu debian centos fedora ec2-user azureuser opc pi
user deploy deployer www-data nobody oracle mysql redis jenkins ansible vagrant docker hadoop svc service app dev
test guest ftp sftp backup ops build ci runner node core alpine kali name username yourname your.name you me someone
email mail example first.last firstname.lastname foo bar""".split())
_HOSTS = frozenset("""localhost host server bastion db database prod production staging stage dev devbox vm box
laptop desktop workstation ubuntu debian centos raspberrypi pi jumpbox jump gateway router github gitlab bitbucket
remote origin master main head latest next beta alpha canary stable lts rc nightly edge experimental""".split())
_PACKAGE_TAG = re.compile(r"(?i)sha\d*|v?\d[\w.-]*|ip-\d.*|\d.*")

# A card's first digits (issuer ranges) and how many digits a cut one holds (its whole length less 1 to 3).
_SIXTEEN = re.compile(r"4|5[1-5]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|2200|220[1-4]|6011|64[4-9]|65|62"
                      r"|35(?:2[89]|[3-8]\d)")
_AMEX = re.compile(r"3[47]")
_CARD_TAIL = re.compile(r"(?<![\w.,/+-])(?:(?P<run>\d{13,15})|(?P<g>\d{4}([ -])\d{4}\3\d{4}\3\d{1,3})"
                        r"|(?P<amex>3[47]\d\d([ -])\d{6}\5\d{1,4}))\Z")
_CARD_WORD = re.compile(r"(?i)\b(?:card|cards|credit|debit|visa|mastercard|master ?card|amex|american express|discover"
                        r"|jcb|unionpay|pan|cc|cc#|ccn|payment|karte|carte|tarjeta|cartão|kort|kaart)\b")
_OTHER_NUMBER = re.compile(r"(?i)\b(?:order|tracking|track|invoice|isbn|ean|upc|gtin|imei|iccid|serial|s/n|sn|ref"
                           r"|reference|id|uuid|timestamp|epoch|ticket|case|awb|parcel|shipment|barcode|account|acct"
                           r"|phone|tel|fax|mobile|routing|aba|iban|swift|bsb|nhs|npi|sku|part|batch|lot|hash|seed"
                           r"|nonce|block|tx|txid)\b|#")


def _email_tail(text: str) -> tuple[int, int] | None:
    m = _EMAIL_TAIL.search(text, max(0, len(text) - 200))
    if m is None:
        return None
    local, domain = m.group("local"), m.group("domain")
    end = m.end()
    while domain.endswith((".", "-")):  # `@fastmail.`: the dot may be the sentence's; the span ends before it
        domain, end = domain[:-1], end - 1
    labels = domain.split(".")
    if not domain:  # `eloise.hargreaves@`
        return None if local.lower() in _LOGINS or len(local) < 2 else (m.start(), end)
    if len(labels) == 1:  # `@fastm`: no dot yet
        if local.lower() in _LOGINS or domain.lower() in _HOSTS or _PACKAGE_TAG.fullmatch(domain) \
                or (domain.isupper() and len(domain) > 1) or len(local) < 2:
            return None
        return m.start(), end
    last = labels[-1]
    if "" in labels[:-1] or not last:
        return None
    if _TLD.fullmatch(last):
        return None  # a whole address (`jane@acme.co`, `jane@acme.com.` then a full stop): the recognizer's
    if len(last) == 1 or (last.isalpha() and any(t.startswith(last.lower()) and t != last.lower() for t in _MAIL_ENDS)):
        return m.start(), end  # `@fastmail.c`, `@fastmail.ne`: the start of a TLD, not one yet
    return None


def _card_tail(text: str) -> tuple[int, int] | None:
    m = _CARD_TAIL.search(text, max(0, len(text) - 24))
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group())
    amex = _AMEX.match(digits) is not None
    if amex:
        if len(digits) > 14 or (m.group("g") is not None):
            return None
    elif _SIXTEEN.match(digits) is None or m.group("amex") is not None:
        return None
    before = text[max(0, m.start() - 80):m.start()]
    if _CARD_WORD.search(before) is None and (_OTHER_NUMBER.search(before) is not None
                                               or m.group("run") is not None and len(digits) < 15):
        return None
    return m.start(), m.end()


def tail_values(text: str, entities: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, entity) of the value `text` ends inside, if any (see the module)."""
    if not text or text[-1].isspace():
        return []
    out: list[tuple[int, int, str]] = []
    if "EMAIL_ADDRESS" in entities and "@" in text[-200:] and (span := _email_tail(text)) is not None:
        out.append((*span, "EMAIL_ADDRESS"))
    if "CREDIT_CARD" in entities and text[-1].isdigit() and (span := _card_tail(text)) is not None:
        out.append((*span, "CREDIT_CARD"))
    return out


def with_tails(texts: Sequence[str], found: Sequence[Sequence[Span]], prose: Sequence[bool] | None,
               entities: Sequence[str]) -> list[list[Span]]:
    """`found` plus, on output, the value each prose text ends inside (`tail_values`) no span of its type covers; in a
    stream's reading, only a text that ends the answer (`READ_END`)."""
    from proxy.nlp.pii import Span

    out = [list(spans) for spans in found]
    ends = READ_END.get()
    if ends is not None and not ends:
        return out
    for i, text in enumerate(texts):
        if prose is not None and i < len(prose) and not prose[i]:
            continue
        if ends is not None and not text.endswith(ends):
            continue
        for a, b, entity in tail_values(text, entities):
            if not any(s.entity == entity and s.start <= a and b <= s.end for s in out[i]):
                out[i].append(Span(entity, a, b, 0.85))
    return out
