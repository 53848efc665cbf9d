"""Recognizers added to (or replacing) Presidio's defaults, tuned on the presidio-research set.

- `PersonNameRecognizer`: name deny-list (faker + zxcvbn lists, see `pii_names`) over spaCy
  tokens, plus span completion: a name the NER model found partly ("Faina" of "Faina D.
  Yefremova") is extended over adjacent capitalised words, initials and particles.
- `PhoneNumberRecognizer`: international and national formats by regex (Presidio's
  `PhoneRecognizer` only knows 8 regions and is the slowest recognizer), with context words.
- `CardNumberRecognizer`: 12-19 digit Luhn-valid numbers (Presidio's pattern stops at 16-17
  digits and misses 2-series Mastercard, JCB 2131 and 12-digit Maestro).
- `OfflineEmailRecognizer`: Presidio's e-mail recognizer without tldextract's network fetch of
  the public-suffix list (it uses the snapshot shipped in the wheel).
- `PersonFilter`: what is not a name in engineers' prompts (product and tool names, sentence-initial
  imperatives, code tokens, acronyms), applied to the name recognizer's seeds and to the NER model's
  PERSON spans.

Imported only where Presidio is (analysis workers, CLI): importing it loads Presidio.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

import tldextract
from presidio_analyzer import EntityRecognizer, LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer, IbanRecognizer, IpRecognizer

from proxy.nlp.companies import (
    ASSISTANTS,
    BUSINESS_WORDS,
    CORPORATE_SUFFIXES,
    DEVICE_LINES,
    DEVICE_WORDS,
    DOSE_UNITS,
    DOSING_VERBS,
    DRUG_BRANDS,
    DRUG_STEMS,
    MEDICATION_WORDS,
    MODEL_TIERS,
    PRODUCT_NOUNS,
    PRODUCT_WORDS,
    RELEASE_FORMS,
    company_index,
    consumer_brands,
)
from proxy.nlp.eponyms import (
    BARE_HEADS,
    EPONYM_CONTEXT,
    EPONYM_HEADS,
    EPONYM_PARTICLES,
    EPONYM_PHRASE_WORDS,
    EPONYM_PHRASES,
    EPONYMS,
    EPONYMS_IN_CONTEXT,
    POSSESSIVE_HEADS,
    POSSESSIVE_SCIENCE_HEADS,
    POSSESSIVE_TERM_HEADS,
    TERM_HEADS,
    UNITS,
)
from proxy.nlp.hash_phone import hashed_phone
from proxy.nlp.iban_countries import regex_per_country
from proxy.nlp.mail27 import PRIVATE_TLDS, internal_verdict, url_password
from proxy.nlp.names import (
    UNSPACED,
    NameLists,
    NativeNames,
    name_lists,
    native_names,
    place_names,
    place_phrases,
    script_chars,
    script_of,
)
from proxy.nlp.names39 import persian_cued, persian_family, persian_titled
from proxy.nlp.native_forms import (
    al_family,
    arabic_proclitic,
    case_stem,
    cyrillic_base,
    greek_base,
    hebrew_proclitic,
    lone_cyrillic_first,
    strip_arabic,
    thai_honorific,
    thai_leading_name,
    vietnamese_capitals,
)
from proxy.nlp.normalize import SCRIPTS, luhn_ok
from proxy.nlp.num33 import row_finding  # a numeric table's row is no phone number (num33)
from proxy.nlp.num42 import gs1_check  # (there: the check layer reads barcodes without Presidio)
from proxy.nlp.places import (
    CITY_HEADS,
    CITY_HEADS_BEFORE,
    CITY_LINKS,
    PLACE_KEYS,
    ROUTE_KEYS,
    city_names,
    english_first_names,
)
from proxy.nlp.plain_words import AMOUNT_ABBREVIATIONS, MONTH_KEYS
from proxy.nlp.segment import ordinary_word, split_words
from proxy.nlp.spell28 import without_spelled_letters
from proxy.nlp.tech_terms import (
    AI_MODELS,
    AI_WORDS,
    LANGUAGE_WORDS,
    LOG_TOOLS,
    LOG_WORDS,
    PROGRAMMING_LANGUAGES,
    TECH_TERMS,
)
from proxy.nlp.vi_id import COMPASS, LANGUAGE_NOUNS, given_names, longest_phrase, phrases, vietnamese_names

# --------------------------------------------------------------------------- IBAN

regex_per_country()  # the registry's later countries in the IBAN recognizer's table (Presidio's own dict)

# Where an IBAN found by the pattern may end instead: after an IBAN character before a space, a `-` or the match's end.
_IBAN_END = re.compile(r"[A-Za-z0-9](?=[ -]|\Z)")


class WholeIbanRecognizer(IbanRecognizer):
    """Presidio's IBAN recognizer, and when the pattern's match does not validate, the match up to an earlier word
    end: the pattern reads case-insensitively, so a word after an IBAN whose length is a multiple of 4 is read as its
    last group (`IBAN ES91 2100 0418 4502 0005 1332 today`, `SE45 5000 ... 7466 thanks`, `MN20 9458 ... 3681 today`:
    `toda` and `than` taken in), no end of the match validated, and the IBAN went up unredacted (atk11, found on B
    M3's newer countries; 24-character IBANs: Spain, Czechia, Sweden, Slovakia, Romania, Saudi Arabia...). Never inside
    a word: the IBAN ends where a word does."""

    def __init__(self) -> None:
        # case-insensitive as the registry loads Presidio's (`de89...`: a lower-case IBAN is found, at the pattern's
        # score; its country's layout is checked in capitals)
        super().__init__(supported_language="en", regex_flags=re.DOTALL | re.MULTILINE | re.IGNORECASE,
                         name="IbanRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        found: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts,  # type: ignore[arg-type]
                                                        regex_flags)  # type: ignore[arg-type]
        patterns: list[Pattern] = self.patterns  # type: ignore[has-type]
        flags = int(self.global_regex_flags or 0)
        for pattern in patterns:
            for m in re.finditer(pattern.regex, text, flags=flags):
                start = m.start()
                if any(r.start <= start < r.end for r in found):
                    continue
                piece = text[start:m.end()]
                for end in sorted((e.end() for e in _IBAN_END.finditer(piece)), reverse=True):
                    if end < 15 or end == len(piece):
                        continue
                    valid = self.validate_result(piece[:end])
                    if valid is False:
                        continue
                    found.append(RecognizerResult(self.supported_entities[0], start, start + end,
                                                  EntityRecognizer.MAX_SCORE if valid else pattern.score,
                                                  recognition_metadata={
                                                      RecognizerResult.RECOGNIZER_NAME_KEY: "IbanRecognizer",
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
                    break
        return found

# --------------------------------------------------------------------------- e-mail

_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


# Top-level names of no public suffix that name hosts inside a network (`.internal`, mDNS `.local`, `.lan`...).
_INTERNAL_TLDS = frozenset({"internal", "local", "lan", "corp", "intranet", "localdomain", "private", "home"})
# What engineers write for any top-level domain (`user@domain.tld`): an address's stand-in, taken whole.
_PLACEHOLDER_TLDS = frozenset({"tld"})
_INTERNAL_TLDS = _INTERNAL_TLDS | PRIVATE_TLDS  # and the private-use names of `mail27` (atk26 F15)
# A mailbox named after a person (`jane.doe`, `j_doe`, `jane-doe`): on an internal host (or `localhost`) the
# address is a person's; `root@localhost`, `postgres@db.internal` are accounts and stay.
_PERSON_MAILBOX = re.compile(r"[A-Za-z]+(?:[._-][A-Za-z]+)+")


# An address whose last label may have letters glued to it (`jane.doe@acme.comx`); starts only where no
# address character precedes (one scan per run: linear on a long run of word characters).
_GLUED_EMAIL = re.compile(r"(?<![\w.%+'-])[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.([A-Za-z0-9]+)")
# An address at a top-level domain in another script that no list knows (`ユーザー@例え.テスト`, `jane@例子.测试`): an
# e-mail address is a mailbox, `@` and a domain with a dot, in any script; its last label of two letters or more of
# which one is no ASCII letter (atk12 issue 12: every encoding). ASCII domains keep their list (`admin@corp.intranet`).
_SCRIPT_EMAIL = re.compile(r"(?<![\w.%+'-])[\w.%+'-]*\w@\w[\w-]*(?:\.\w[\w-]*)*\.([^\W\d_]{2,})(?![\w-])")
_TRAILING_LABELS = 3  # labels after an address read as a file's extension or a word (`.tar.gz.1`)
# Extensions that start like a known suffix (`.html`: `com.ht`, `.csv`: `.cs`...): an address named a file.
_FILE_EXTENSIONS = frozenset("html htm xhtml csv cfg conf json jsonl eml msg mbox vcf ics pdf doc docx xls xlsx ppt "
                             "pptx txt log bak old orig tmp zip gz tgz tar xml yaml yml toml ini md rst png jpg "
                             "jpeg gif svg webp mp3 mp4 wav bin dat db sql key pem crt asc gpg sig".split())


# A key and `=`, then quotes, before a mailbox (`User(email='bob@acme.com')`, `?email=bob@acme.com`): the
# address pattern's local part takes `=` and `'` in (both are legal there), so the key would go with it.
_KEY_BEFORE_MAILBOX = re.compile(r"[^@]*=['\"`]*|['\"`]+")
# What comes before that `=` is a key only in a key's shape: a word (`email`, `to`, `user_email`, `X-Reply-To`) or a
# dotted key ending in an address word (`git -c user.email=`). A dotted or `+`-joined mailbox before `=` is part of
# the address (`maria.schmidt=sales@example.com`, a VERP bounce `list-bounces+maria.schmidt=acme.com@lists.example`:
# RFC 5322 allows `=` in a mailbox; issue 12, atk16 A MEDIUM-1).
_KEY_SEGMENT = re.compile(r"[^?&;,\s(\[{]*$")
_ADDRESS_KEYS = frozenset("email e-mail mail address addr to from cc bcc sender recipient user username login "
                          "account reply-to replyto".split())


def _is_key(key: str) -> bool:
    """Whether `key` (the text before a mailbox's `=`, from its last separator) is a key, not a mailbox's start."""
    if "+" in key:
        return False
    if "." not in key:
        return True
    return key.rpartition(".")[2].lower().strip("'\"`") in _ADDRESS_KEYS


# The letters of another script before an ASCII mailbox (`请发邮件到jane.doe@example.com`: "please e-mail"): the
# words of the sentence, glued to it as Chinese and Japanese write, not part of the address.
_SCRIPT_BEFORE_MAILBOX = re.compile(f"(?s).*[{SCRIPTS}](?<=[^\\W\\d_])(?=[A-Za-z0-9])")


def _mailbox_start(text: str, start: int, end: int) -> int:
    """Where the address `text[start:end]` starts once a key and `=` or quotes before its mailbox are left
    out (`email='bob.ross@acme.com` is `bob.ross@acme.com`; `o'brien@acme.com` stays whole), and the letters of
    another script glued before an ASCII mailbox (`请联系jane.doe@example.com` is `jane.doe@example.com`; a mailbox
    wholly in another script stays whole)."""
    at = text.find("@", start, end)
    m = _KEY_BEFORE_MAILBOX.match(text, start, at) if at > start else None
    if m is not None and m.end() < at:
        eq = text.rfind("=", start, m.end())
        key = text[start:eq] if eq >= 0 else ""
        segment = _KEY_SEGMENT.search(key)
        if eq < 0 or _is_key(segment.group() if segment is not None else key):
            start = m.end()
    script = _SCRIPT_BEFORE_MAILBOX.match(text, start, at) if at > start else None
    return script.end() if script is not None else start


# A mailbox at an address literal (RFC 5321: `jane@[192.168.0.1]`, `ops@[IPv6:2001:db8::1]`): the whole address,
# not only the IP address inside it (the mailbox would go on as sent).
_ADDRESS_LITERAL = (r"(?<![\w.%+'-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    r"@\[(?:(?:\d{1,12}\.){3}\d{1,12}|(?i:ipv6):[0-9A-Fa-f:.]{2,45})\]")


class OfflineEmailRecognizer(EmailRecognizer):
    """Also an address whose top-level domain has `_` and more glued to it (`jane@acme.com_x`), a person's mailbox on an
    internal host (`jane.doe@acme.internal`, `jane.doe@localhost`; `admin@corp.intranet` is an account and is left
    as written, never `admin@corp.int` of it), an address at the placeholder domain engineers write
    (`user@domain.tld`: whole, never `.tl` of it), an address followed by a file's extension or a number
    (`jane.doe@acme.com.pdf`, `jane.doe@acme.com.1`: the address up to them), and an address with letters glued to
    its top-level domain (`jane.doe@acme.comx`): the address up to the longest known top-level domain the last label
    starts with, when the whole label is none (`acme.community` is one). The glued letters stay out of the finding:
    where one text ends in an address and the next starts with a word, the two are read together
    (`proxy.guard.joined`: `...@example.com` + `nothing here`), and that word is not taken in."""

    def __init__(self) -> None:
        super().__init__(patterns=[*EmailRecognizer.PATTERNS,
                                   Pattern("email (localhost)", r"\b[A-Za-z0-9._%+'-]+@localhost\b", 0.5),
                                   Pattern("email (address literal)", _ADDRESS_LITERAL, 0.5)])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if "@" not in text:
            return results
        for r in results:
            r.start = _mailbox_start(text, r.start, r.end)
        for m in _GLUED_EMAIL.finditer(text):
            end = self.glued_end(m.group(), m.group(1))
            if end is None and m.end() < len(text) and not text[m.end()].isascii() and text[m.end()].isalpha() \
                    and _OFFLINE_TLD(m.group().rpartition("@")[2]).suffix != "":
                end = len(m.group())  # a letter of another alphabet after a known top-level domain (`...comé`)
            if end is not None and not any(r.start < m.start() + end and m.start() < r.end for r in results):
                results.append(RecognizerResult("EMAIL_ADDRESS", _mailbox_start(text, m.start(), m.start() + end),
                                                m.start() + end, 0.5, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: str(getattr(self, "name", "")),
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        if not text.isascii():
            for m in _SCRIPT_EMAIL.finditer(text):
                if m.group(1).isascii() or any(r.start < m.end() and m.start() < r.end for r in results):
                    continue
                results.append(RecognizerResult("EMAIL_ADDRESS", m.start(), m.end(), 0.5, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: str(getattr(self, "name", "")),
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results

    @staticmethod
    def glued_end(address: str, last: str) -> int | None:
        """Where the address ends inside `address` when its last label is a known top-level domain with
        letters glued to it (`acme.comx`: after `com`), else None."""
        domain = address.rpartition("@")[2]
        if _OFFLINE_TLD(domain).suffix != "":
            return None  # a known top-level domain: the pattern's own finding
        head = domain[:len(domain) - len(last)]
        glued: tuple[int, int] | None = None  # (end, labels of its suffix)
        # an internal or placeholder top-level name is no known one with letters glued to it (`.int` of
        # `.intranet`, `.tl` of `.tld`): `validate_result` takes the address whole or leaves it
        for k in range(len(last) - 1, 1, -1) if last.lower() not in _INTERNAL_TLDS | _PLACEHOLDER_TLDS else ():
            extracted = _OFFLINE_TLD(head + last[:k])
            if extracted.suffix.rpartition(".")[2] == last[:k] and extracted.domain:
                glued = len(address) - len(last) + k, extracted.suffix.count(".") + 1
                break
        # An address, a `.`, then a file's extension, a number or a word (`jane@acme.com.pdf`, `...com.1`,
        # `info@acme.com.personal`: a sentence's stop before the next text's first word): the address up to the
        # first label after a known domain; not `.com.ht` of `.html`, nor `.com.pe` of `personal`, but `.co.uk`
        # of `acme.co.ukx` (letters glued to a longer known suffix than the stop leaves).
        labels = domain.split(".")
        for n in range(1, min(_TRAILING_LABELS, len(labels) - 2) + 1):
            extracted = _OFFLINE_TLD(".".join(labels[:-n]))
            if extracted.suffix and extracted.domain:
                if glued is not None and n == 1 and glued[1] > extracted.suffix.count(".") + 1 \
                        and not ordinary_word(last) and last.lower() not in _FILE_EXTENSIONS:
                    return glued[0]
                return len(address) - sum(len(x) + 1 for x in labels[-n:])
        # A word after a stop (`me (at) noon [dot] Bring`) is no top-level domain with letters glued to it.
        return glued[0] if glued is not None and not ordinary_word(last) else None

    def validate_result(self, pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        if domain.startswith("["):  # an address literal: an IPv4 or IPv6 address (`jane@[192.168.0.1]`)
            return ip_text(domain[1:-1].removeprefix("IPv6:").removeprefix("ipv6:")) is not None
        if _OFFLINE_TLD(domain).suffix != "":
            return True
        head, _, last = domain.lower().rpartition(".")
        if head and last in _PLACEHOLDER_TLDS:
            return True
        if "_" in last and head and _OFFLINE_TLD(f"{head}.{last.split('_', 1)[0]}").suffix != "":
            return True
        if (verdict := internal_verdict(local, domain)) is not None:
            return verdict  # a user name under a private / AD domain (`jdoe@corp.local`: atk26 F15, `mail27`)
        internal = last in _INTERNAL_TLDS if head else last == "localhost"
        return internal and _PERSON_MAILBOX.fullmatch(re.split(r"[/=:'\"`]", local)[-1]) is not None


# A login on a host, not a mailbox (issue 12): `git clone git@github.com:org/repo.git`, `scp f deploy@build-01:/tmp`,
# `ssh ubuntu@ec2-3-91-12-34.compute-1.amazonaws.com`. The address is followed by `:` and a path, comes after a
# command that logs in or copies over SSH, or names a cloud machine's host. Never a person's mailbox
# (`jane.doe@`, `j_doe@`) nor a mail provider's domain: `ssh jane.doe@gmail.com` stays an address.
_HOST_PATH = re.compile(r":(?:~?/|[\w.-]+/|[\w.-]+\.git\b)")
# the command, then only its options and paths (`ssh -i ~/.ssh/id.pem -p 2222 ubuntu@`, `scp dist.tar.gz deploy@`)
_LOGIN_COMMAND = re.compile(r"(?i)(?:^|[\s`$;|&(])(?:ssh|scp|sftp|rsync|mosh|ssh-copy-id|git[ \t]+clone)"
                            r"(?:[ \t]+(?:-\S*|\S*[/.:=~]\S*|\d+))*[ \t]+$")
_CLOUD_HOST = re.compile(r"(?i)(?:^|\.)(?:ec2-[\d-]+\.[\w.-]*amazonaws\.com|[\w.-]*\.compute\.internal"
                         r"|[\w.-]*\.cloudapp\.(?:net|azure\.com)|[\w.-]*\.bc\.googleusercontent\.com)$")
_NAMED_MAILBOX = re.compile(r"[A-Za-z]+[._][A-Za-z]+")
_MAIL_PROVIDERS = frozenset("gmail googlemail outlook hotmail live yahoo icloud me proton protonmail aol gmx mail "
                            "yandex zoho fastmail hey".split())


def host_login(text: str, start: int, end: int) -> bool:
    """Whether the address `text[start:end]` is a login on a host (see above), not an e-mail address."""
    local, _, domain = text[start:end].rpartition("@")
    if _NAMED_MAILBOX.search(local) or _OFFLINE_TLD(domain).domain.lower() in _MAIL_PROVIDERS:
        return False
    return bool(_HOST_PATH.match(text, end) or _CLOUD_HOST.search(domain)
                or _LOGIN_COMMAND.search(text, max(0, start - 80), start))


# --------------------------------------------------------------------------- IP addresses


# A version word right before a dotted quad (nothing but spaces, `:` or a JSON key's quotes between:
# `{"version": "1.2.3.4"}`, `Version string 3.10.12.1`), or a version operator.
_IP_VERSION_CUE = re.compile(r"(?i)(?:\bv|[=<>~!]=\s*|\b(?:(?:(?:assembly|assemblyfile|assemblyinformational|file"
                             r"|product)?versions?|releases?)(?:[ \t]+(?:strings?|numbers?|ids?)"
                             r"|[_-]?(?:name|code))?"  # (data41: Android's `versionName 2.4.1.7`)
                             r"|ver"
                             # a language's or a firmware's version (atk38 FP03: `Python 3.10.12.1`)
                             r"|rev|tags?|builds?|python|py|firmware|fw|jdk|java|ruby|php|perl)(?:[\s:]{1,3}"
                             # (fp42: `<AssemblyVersion>5.0.0.0<`, `AssemblyVersion("5.0.0.0")`)
                             r"|[\"']\s*[:=]\s*[\"']?|>|\(\s*[\"'])"
                             # (data41, fpatk41 FP08: `the board revision is 1.2.3.4`, `Should I update to 10.5.0.1?`)
                             r"|\b(?:versions?|revisions?|rev|builds?|firmware)[ \t]+(?:is|was|now)[ \t]+"
                             r"|\b(?:update[ds]?|updating|upgrade[ds]?|upgrading|downgrade[ds]?|downgrading)"
                             r"[ \t]+to[ \t]+)$")
# Dotted numbers that are no address (atk9 B-M2): what a numbering word names right before it (nothing but
# spaces, `:`, `#`, `§`, `=` or a JSON key's quotes between), a section, clause, requirement, chapter, paragraph,
# article, figure, item, step, question, appendix or test case (`See section 3.2.1.4`, `Requirement 4.1.2.3`,
# `{"section": "3.2.1.4"}`), or an object identifier (`OID 2.5.4.3`); and the numbers listed after the first,
# joined by `,`, `and`, `or`, `to`, `-` (`clauses 6.2.1.1 and 6.2.1.2`, `sections 3.1.1.1 to 3.1.1.9`). Not
# `table`, `rule`, `point` or `case` alone (`ARP table 10.0.0.5`, `firewall rule 10.0.0.5`, `in case 10.0.0.5
# is down` name hosts).
_LISTED_AFTER = (r"(?:\d+(?:\.\d+)*[a-z]?\s*(?:[,;&/]|[-\u2013\u2014]|\b(?:and|or|to|through|thru)\b|,\s*(?:and|or)\b)"
                 r"\s*){0,8}")
_IP_NUMBERING_CUE = re.compile(
    r"(?i)(?:(?<![a-z])(?:sections?|sect?\.|clauses?|requirements?|reqs?\.?|chapters?|ch\.|paragraphs?|paras?\.?"
    r"|articles?|art\.|figures?|figs?\.|items?|steps?|questions?|appendix|annex|headings?|outline|test[ _-]?cases?"
    r"|oids?|object[ _-]?ids?|object[ _-]?identifiers?)|\u00a7{1,2})"
    r"(?:[\s:#=]{0,3}|[\"']\s*[:=]\s*[\"']?)" + _LISTED_AFTER + "$")
# A subnet mask or a wildcard (inverse) mask after a word that ends in `mask` (`netmask 255.255.255.0`, `Subnet
# mask 255.255.240.0`, `wildcard mask 0.0.0.255`, `{"netmask": "255.255.0.0"}`, `subnetMask`): ones then zeros,
# or zeros then ones.
_IP_MASK_CUE = re.compile(r"(?i)mask(?:[\s:=]{1,3}|[\"']\s*[:=]\s*[\"']?)" + _LISTED_AFTER + "$")
_DOTTED_RUN_LEFT = re.compile(r"(?:\d+\.)+$")
_DOTTED_RUN_RIGHT = re.compile(r"(?:\.\d+)+")


def dotted_parts(text: str, start: int, end: int) -> int:
    """How many parts the run of digit groups apart by single dots that holds `text[start:end]` has
    (`1.3.6.1.2.1.1.3.0` around `1.3.6.1`: 9)."""
    left = _DOTTED_RUN_LEFT.search(text, max(0, start - 200), start)
    right = _DOTTED_RUN_RIGHT.match(text, end)
    run = (left.group() if left is not None and left.end() == start else "") + text[start:end] \
        + (right.group() if right is not None else "")
    return run.count(".") + 1


def contiguous_mask(address: str) -> bool:
    """Whether dotted quad `address` is a subnet mask (ones, then zeros) or a wildcard mask (zeros, then ones)."""
    try:
        x = int(ipaddress.IPv4Address(address))
    except ValueError:
        return False
    inverse = ~x & 0xFFFFFFFF
    return inverse & (inverse + 1) == 0 or x & (x + 1) == 0


def numbered_not_address(text: str, start: int, end: int) -> bool:
    """Whether the dotted quad at `text[start:end]` is a number that names no host (atk9 B-M2): a part of a
    longer dotted run (an OID, `1.3.6.1.2.1.1.3.0`: never an address in part), a version after a version word,
    a section's, clause's or OID's number after its word (`_IP_NUMBERING_CUE`), or a mask after a mask word."""
    if dotted_parts(text, start, end) > 4:
        return True
    if _IP_VERSION_CUE.search(text, max(0, start - 28), start) \
            or _IP_NUMBERING_CUE.search(text, max(0, start - 160), start):
        return True
    return bool(_IP_MASK_CUE.search(text, max(0, start - 160), start)) and contiguous_mask(text[start:end])
# An IPv4 address written with leading zeros (`010.001.002.003`, `192.168.000.001`): Python's `ipaddress` refuses
# it (octal to some parsers), a reader and most tools take it as the address without them.
# So is one whose groups are padded to 4 digits or more (`0192.0168.0000.0001`, `00010.0.0.1`): Presidio's pattern
# takes 1-3 digits a group; `IPv4 (zero-padded)` below reads these, each group its value (at most 255).
_ZERO_LED = re.compile(r"(?<!\d)0+(?=\d)")
_DOTTED_QUAD = re.compile(r"\d{1,12}(?:\.\d{1,12}){3}(?:/\d{1,2})?")
_PADDED_GROUP = r"(?:0*+[1-9]\d{0,2}+|0++)"
_PADDED_IPV4 = (rf"(?<![\w.])(?=(?:\d{{1,12}}\.){{0,3}}0\d{{3}})"
                rf"{_PADDED_GROUP}(?:\.{_PADDED_GROUP}){{3}}(?:/(?:[0-2]?\d|3[0-2]))?(?!\w|\.\d)")


def ip_text(text: str) -> str | None:
    """`text` as an IP address (interface) Python reads, with an IPv4 address's leading zeros dropped; None when
    it is none."""
    if _DOTTED_QUAD.fullmatch(text):
        text = _ZERO_LED.sub("", text)
    try:
        ipaddress.ip_interface(text)
    except ValueError:
        return None
    return text


class HostIpRecognizer(IpRecognizer):
    """Presidio's IP recognizer without the addresses that name no host: loopback (127.0.0.0/8, ::1),
    unspecified (0.0.0.0, ::), which engineers write in every other config ("bind to 0.0.0.0"), and networks
    written as a prefix (`CIDR 10.0.0.0/8`, `2001:db8::/32`), nor a four-part version right after a version word
    (`Version 4.1.1.1 of libfoo`, `upgrade to version 1.2.3.4`, `v2.0.0.1`, `==1.2.3.4`; a word between them,
    `release on 10.0.0.5`, keeps it an address), nor the numbers `numbered_not_address` reads (OIDs, section and
    clause numbers, masks after a mask word), nor an IPv4 address in 0.0.0.0/8 (`this network`: a wildcard mask,
    `0.0.0.255`) or 240.0.0.0/4 (reserved: a subnet mask, `255.255.255.0`, the broadcast `255.255.255.255`); an IPv4
    address with leading zeros is read without them (`010.001.002.003` is 10.1.2.3), and so is one with groups
    padded to 4 digits or more (`0192.0168.0000.0001` is 192.168.0.1)."""

    PATTERNS = [*IpRecognizer.PATTERNS, Pattern("IPv4 (zero-padded)", _PADDED_IPV4, 0.6)]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results
                if not (_DOTTED_QUAD.fullmatch(text, r.start, r.end) and numbered_not_address(text, r.start, r.end))]

    def invalidate_result(self, pattern_text: str) -> bool:
        text = ip_text(pattern_text)
        if text is None:
            return True
        pattern_text = text
        try:
            address = ipaddress.ip_interface(pattern_text).ip
        except ValueError:
            return False
        if address.is_loopback or address.is_unspecified:
            return True
        if address.version == 4 and (address.is_reserved or address.packed[0] == 0):
            return True  # 240.0.0.0/4 and 0.0.0.0/8 hold no host: masks, `255.255.255.0`, `0.0.0.255`
        # a network, not a host: a prefix length short of the whole address, host bits zero (`10.0.0.0/8`,
        # `2001:db8::/32`); `10.20.30.40/32` and `10.20.30.40/24` name a host
        if "/" in pattern_text:
            try:
                network = ipaddress.ip_network(pattern_text.strip(), strict=True)
            except ValueError:
                return False
            return network.prefixlen < network.max_prefixlen
        return False


# --------------------------------------------------------------------------- phone numbers

_EXT = r"(?:\s?(?:x|ext\.?|#)\s?\d{1,6})?"
_PHONE_PATTERNS = [
    # +CC ... with optional (0) trunk prefix: "+46 (0)8 928 571 38", "+1-984-182-0190x769"
    Pattern("phone (international)",
            r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,5}\)?){1,6}" + _EXT + r"(?![\w])", 0.7),
    # North American: "(579)888-3058", "930.167.3943", "001-518-640-0854", "345-899-3560x4587"
    # (the country code glued to a bracketed area code too, as forms and CRMs print it: `1(617)555-0143`,
    # `001(617)555-0143`: atk20 H1)
    Pattern("phone (NANP)",
            r"(?<![\w.+-])(?:(?:001|1)(?:[ .-]|(?=\()))?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}" + _EXT
            + r"(?![\w-]?\d)", 0.6),
    # A bracketed area code glued to what stands before it (atk20 H1: `x(617)555-0143`, `u_(617)555-0143`,
    # `cust-(212)555-0199`, `21(617)555 0143`), or in other brackets (`[617] 555-0143`, `{617}`, `<617>`): the
    # number from its bracket, a valid North American number only (`_VALIDATED_PATTERNS`)
    Pattern("phone (NANP, glued bracket)",
            r"(?<=\S)\(\d{3}\)\s?\d{3}[ .-]\d{4}" + _EXT + r"(?![\w-]?\d)", 0.6),
    Pattern("phone (NANP, other brackets)",
            r"(?<![\w.+-])(?:(?:001|1)[ .-]?)?(?:\[\d{3}\]|\{\d{3}\}|<\d{3}>)\s?\d{3}[ .-]\d{4}" + _EXT
            + r"(?![\w-]?\d)", 0.5),
    # Grouped digits, national formats: "0490 75 40 81", "(37) 788-063", "60-56-85-91", "467 3395"
    Pattern("phone (grouped)",
            r"(?<![\w.+-])\(?\d{2,5}\)?(?:[ .-]{1,2}\d{2,8}){1,4}" + _EXT + r"(?![\w-]?\d)", 0.4),
    # Unbroken 10-11 digits: only with context ("Fax: 9498777106"); so is an international number dialled
    # with its `00` prefix instead of `+` ("0016175550143", "00442079460958")
    Pattern("phone (digits)", r"(?<![\w.+-])(?:\d{10,11}|00[1-9]\d{8,12})(?![\w-]?\d)", 0.3),
    # A bracketed area code with the local number right after it, no separator (atk12 B M2: `(617)5550143`,
    # `1(617)5550143`, `(030)90182034`), as `(617) 5550143` is read with one; in square brackets or with only the
    # closing one (`[617]5550143`, `617)5550143`) with a context word only
    Pattern("phone (bracketed area code)",
            r"(?<![\w.+-])(?:(?:001|1)[ .-]?)?\(\d{2,5}\)\d{4,9}" + _EXT + r"(?![\w-]?\d)", 0.4),
    Pattern("phone (bracketed area code, context)",
            r"(?<![\w.+(\[-])(?:(?:001|1)[ .-]?)?(?:\[\d{3}\]|\d{3}\))\d{7}" + _EXT + r"(?![\w-]?\d)", 0.3),
    # North American, the local number's 7 digits unbroken after the area code: after a country code (atk12 B M2:
    # `1-617-5550143`), or after a dot (`617.5550143`: a decimal as written, a phone number only with a phone word
    # before or after it, `technical_number`)
    Pattern("phone (NANP, unbroken local number)",
            r"(?<![\w.+-])(?:(?:001|1)[ .-])?\d{3}[ .-]\d{7}" + _EXT + r"(?![\w-]?\d|\.\d)", 0.4),
    # An Indian mobile number with its trunk `0` in its printed 5-5 grouping (atk13 M4: `098765 43210`,
    # `098765-43210`, `0 98765 43210`): the grouped pattern takes 2-5 digits a group and starts no match inside
    # `098765`; a valid Indian number only (`validate_result`)
    Pattern("phone (India, trunk 0)", r"(?<![\w.+-])0[ -]?[6-9]\d{4}[ -]\d{5}(?![\w-]?\d)", 0.4),
    # Three shapes that are a phone number only right after a phone word (`PhoneNumberRecognizer.analyze` drops
    # them elsewhere, `_CUED_PATTERNS`): the local number glued to the area code in a 6-4 grouping (`phone
    # 617555-0143`); an Indonesian mobile of 12-13 digits (`HP 081234567890`) or a German one of 12 (`Handy
    # 015112345678`) unbroken, a valid number of its country; 10 digits glued to an id or a model's name by `_`
    # or `-` (`call me, run_6175550143`, `phone: gpt-4o-6175550143`), a valid North American number. Without the
    # word they are a build, an order, a job's or a model's id (`bench/pii_fp.py`'s identifiers).
    Pattern("phone (6-4, cued)", r"(?<![\w.+-])\d{6}[ .-]\d{4}" + _EXT + r"(?![\w-]?\d)", 0.3),
    Pattern("phone (long national mobile, cued)",
            r"(?<![\w.+-])0(?:8[1-9]\d{9,10}|1[5-7]\d{9})(?![\w-]?\d)", 0.3),
    Pattern("phone (in an id, cued)", r"(?<=[A-Za-z0-9][_-])\d{10}(?![\w-]?\d)", 0.3),
    # A Chinese mobile number (11 digits, `1[3-9]`), unbroken or in its printed 3-4-4 groups (`138 1234 5678`),
    # right after a phone word (`手机：`, `请拨打`, `微信：`, `WeChat:`): a valid Chinese number (atk22b M3)
    Pattern("phone (China mobile, cued)", r"(?<![\w.+-])1[3-9]\d(?:[ -]?\d{4}){2}(?![\w-]?\d)", 0.3),
    # The number of a link that dials or messages it: a WhatsApp link (`wa.me/16175550143`,
    # `api.whatsapp.com/send?phone=16175550143`), a `tel:`, `sms:`, `callto:` or `facetime:` URI: the link says
    # it is a phone number (the number alone, the prefix kept)
    Pattern("phone (link)",
            r"(?:(?<=wa\.me/)|(?<=[?&]phone=)|(?<=\btel:)|(?<=\bsms:)|(?<=\bcallto:)|(?<=\bfacetime:)|(?<=\btel://)"
            r"|(?<=\bsms://))\+?\d(?:[ .()-]?\d){6,14}(?![\w-]?\d)", 0.7),
]
# Phone words of languages in other scripts (see `_PHONE_CONTEXT`, `_SCRIPT_PHONE_WORD`): `फ़ोन` with its nukta
# precomposed or not, and without it.
_SCRIPT_PHONE_WORDS = (
    "هاتف", "جوال", "اتصل", "تلفون", "موبايل", "واتس", "تلفن", "موبایل",
    "मोबाइल", "फोन", "\u092b\u093c\u094b\u0928", "\u095e\u094b\u0928", "नंबर", "नम्बर",
    "טלפון", "נייד", "פלאפון", "телефон", "мобильн", "мобільн", "τηλέφων", "κινητ",
    # everyday forms (atk13 M3): Greek without its accent or with it moved (capitals drop it: `ΤΗΛΕΦΩΝΟ`; the
    # genitive `τηλεφώνου`), Egyptian Arabic `تليفون`, `محمول` (mobile), Levantine `خلوي`, Persian `تماس`
    # (`شماره تماس`, contact number), Hebrew `סלולרי`, Russian `сотовый`, `факс`
    "τηλεφων", "τηλεφών", "تليفون", "محمول", "خلوي", "خليوي", "تماس", "סלולר", "сотов", "факс",
    # Chinese (atk22b M3): the phone and mobile words, WeChat (whose id is most often the mobile number), `dial`
    # and `call` (`请拨打`, `致电`), `contact details`; Arabic `رقمي` (my number)
    "电话", "電話", "手机", "手機", "微信", "拨打", "撥打", "致电", "致電", "联系方式", "聯繫方式", "رقمي",
    # call back and call (cjk35, atk33 F14: `請回電0912345678`, `打给13812345678`)
    "回电", "回電", "打给", "打給",
)
# Phone words as people write them on signatures, forms and cards that Presidio's context step cannot read (atk13
# M3): it matches a context word inside one token, and an abbreviation read so matches other words (`тел` in
# `учитель`, `טל` in `מטלה`, `τηλ` in `τηλεόραση`), a phrase is two tokens. Whole words, then only spaces and
# punctuation before the number: Greek `Τηλ.`, `Κιν.`, Russian and Ukrainian `Тел.`, `тлф`, `моб.`, `сот.`, Hebrew
# `טל'`, `טל:`, Arabic `ت:`, Persian `همراه:`; phrases, a few words between: Persian `شماره همراه` (mobile number),
# Vietnamese `điện thoại`, `SĐT`.
_PHONE_ABBREVIATION = re.compile(
    r"(?i)(?:(?<![^\W\d_])(?:τηλ|κιν|тел|тлф|моб|сот|טל|همراه(?=[\s\u200c]*[:\uff1a])|ت(?=\s?[:.\uff1a]))"
    r"(?![^\W\d_])[^\w\n]{0,6}"
    r"|(?<![^\W\d_])(?:شماره[\s\u200c]*(?:ی[\s\u200c]*)?همراه|đi[eệ]n\s+tho[aạ]i|sđt)(?![^\W\d_])[^\d\n]{0,30})$")
# The same in Latin script, whose short forms are other things too (`HP` the brand, `GSM` the standard, `CEP` a
# Brazilian postal code, `WA` a state): they make a bare run of digits a phone number (`PhoneNumberRecognizer`), and
# a grouped number after them is judged as before: Turkish `Cep:`, `GSM:`, Vietnamese `ĐT:`, Indonesian `HP:`,
# `No. HP`, `Telp`, `WA:`, Portuguese `Cel.:`, `Whats:`, `Celular:`.
_LATIN_PHONE_ABBREVIATION = re.compile(
    r"(?i)(?<![^\W\d_])(?:cep|gsm|đt|đtdđ|hp|telp|tlp|wa|cel|celular|whats|ponsel"
    # German `Handy`, `Mobil`, `Handynummer`, `Mobilnummer`, Indonesian `Telepon`, `Nomor HP`
    r"|handy(?:nummer|nr)?|mobil(?:nummer|nr|telefon|funk)?|telepon|nomor[ \t]+(?:hp|telepon|ponsel|wa))"
    r"(?![^\W\d_])[^\w\n]{0,6}$")
# What Presidio's context step adds to a pattern's score for a context word, and the score it lifts it to at least.
_CONTEXT_FACTOR = 0.35
_CONTEXT_FLOOR = 0.4
_PHONE_CONTEXT = [
    "phone", "telephone", "tel", "cell", "mobile", "call", "fax", "number", "contact", "reach",
    "text", "whatsapp", "wechat", "weixin", "office", "desk", "home", "work", "landline", "dial", "ring",
    # the same in Chinese, Japanese, Korean and Thai, read inside a word (Presidio matches a context word as part of
    # a token, and these languages write a sentence's words together: `我的电话是13812345678`, `電話番号は...`)
    "电话", "電話", "手机", "手機", "携帯", "ケータイ", "联系", "聯絡", "連絡",
    "전화", "휴대폰", "핸드폰", "연락처", "โทร", "ติดต่อ",  # (Thai contact: `ติดต่อ: สมชาย ใจดี 0812345678`, cjk35)
    # Arabic, Persian, Hindi, Hebrew, Russian/Ukrainian and Greek (atk11 B-M4: `رقم الهاتف 0501234567`, `الجوال:
    # 0501234567`, `اتصل بي على`, `شماره تلفن 09123456789`, `मोबाइल नंबर 98765 43210`, `मेरा नंबर 9876543210`,
    # `טלפון: 0501234567`), read inside a word as above (`الهاتف`, `بالجوال`, `टेलीफोन`); `नंबर` is "number"
    *_SCRIPT_PHONE_WORDS,
]
_DATE = re.compile(r"(?:19|20)\d\d[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])"
                   r"|(?:0?[1-9]|[12]\d|3[01])[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:19|20)?\d\d"
                   r"|(?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])[-./ ](?:19|20)?\d\d")
# A date and the hour after it, as logs write a timestamp (`2024-03-01 12:00:01,123`, `2023-11-05T09:15`):
# the grouped pattern reads `2024-03-01 12` as a 10-digit number. Year first, `-` `/` or `.` throughout
# (`2012 05 11 23` stays a phone number's shape).
_DATE_HOUR = re.compile(r"(?:19|20)\d\d([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])[ T](?:[01]?\d|2[0-3])")
_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")
# One decimal point and nothing else (`1234.5678 ms`, a coordinate `121.7851`): a number, not a phone. No
# phone number of the synthetic set is written so; `617.555.0143` and `+1.617.5550143` still are phones. A valid
# North American number written so (`617.5550143`, atk12 B M2), or a national one after its trunk `0` (`089.12345678`),
# is one with a phone word beside it (`technical_number`).
_DECIMAL = re.compile(r"\d+\.\d+")
_DOTTED_PHONE = re.compile(r"\d{3}\.\d{7}|0\d{1,4}\.\d{5,8}")
# A bracketed area code and the local number right after it (`(617)5550143`, `1(617)5550143`, `[617]5550143`): a phone
# number without a phone word before it only when it is a valid one (`technical_number`).
_BRACKET_GLUED = re.compile(r"(?:(?:001|1)[ .-]?)?(?:[(\[]\d{2,5}[)\]]|\d{3}\))\d{4,9}")
# `098765 43210` (atk13 M4): a phone number when it is a valid Indian one (`validate_result`).
_INDIA_TRUNK = re.compile(next(p.regex for p in _PHONE_PATTERNS if p.name == "phone (India, trunk 0)"))


# Regions whose national numbers are written with a trunk `0` (`02079460958`, `030 901820`): a number with
# that `0` is read as theirs by `plausible_phone`.
_TRUNK_REGIONS = ("GB", "DE", "FR", "IT", "NL", "AU", "IN", "JP", "BR", "ZA")


def plausible_phone(text: str) -> bool:
    """Whether `text` (a phone recognizer's match) is a valid phone number by libphonenumber's rules: North
    American without a country code (`4155550123`, `1-415-555-0123`), international with `+` or `00`, or
    national with a trunk `0` in one of `_TRUNK_REGIONS`. `1700000000` (a Unix time) is none."""
    import phonenumbers

    digits = re.sub(r"\D", "", re.split(r"\s?(?:x|ext\.?|#)\s?\d", text, maxsplit=1)[0])
    if text.lstrip().startswith("+") or digits.startswith("00"):
        candidates: list[tuple[str, str | None]] = [("+" + digits.removeprefix("00"), None)]
    elif digits.startswith("0"):
        candidates = [(digits, region) for region in _TRUNK_REGIONS]
    else:
        candidates = [(digits, "US")]
    for number, region in candidates:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(number, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


# What engineers write that reads as a phone number's digit groups, once the view folds their separators
# or as written (issue 12): a date next to a date (`2024-06-17 2024-06-18`, `06/17/2024 06/18/2024`), a
# version (`version 617.555.0143`, `foo==617.555.0143`), a tensor's shape (`reshape to 256 x 512 x 1024`,
# `(128, 512, 1024)`, `torch.Size([64, 512, 1024])`) and numbers after a label (`ports: 6170 5550 1430`).
# A phone word before the number (`call`, `phone:`, `fax`) keeps it a phone number, whatever else is said. A date
# written year first with `_` is a file's name (`2024_06_04_103000_create_orders_table.php`).
_WRITTEN_DATE = re.compile(r"(?<!\d)(?:(?:19|20)\d\d([-./_])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
                           r"|(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)\d\d)(?!\d)")
# The same shape with a month or day no calendar has (atk12 B FP-3: `time data '2024-13-01' does not match format`,
# `invalid date 2024-00-10`, `bad date 2024-12-32`): what a validation error echoes, a date-like id, no phone number.
_DATE_SHAPED = re.compile(r"(?<!\d)(?<!\d[-./])(?:19|20)\d\d([-./])\d{1,2}\1\d{1,2}(?!\d|[-./]\d)")
_PHONE_WORD = re.compile(r"(?i)\b(?:phone|telephone|tel|cell|mobile|call|calling|fax|whatsapp|wechat|weixin|dial"
                         r"|ring|sms|text|contact|reach)\w{0,3}\W*(?:\w+\W+){0,3}$")
# The same words before a number in their scripts, a few words between (`मोबाइल नंबर 98765 43210`, `رقم الجوال:`):
# Devanagari's vowel signs are no `\w`, so no `_PHONE_WORD` shape.
_SCRIPT_PHONE_WORD = re.compile("(?i)(?:" + "|".join(_SCRIPT_PHONE_WORDS) + r")[^\d\n]{0,30}$")
_VERSION_CUE = re.compile(r"(?i)(?:(?:[=<>~!]=|[\^~@]|\bv)\s*|\b(?:versions?|releases?|ver|rev|tags?|builds?"
                          r"|upgrade[ds]?|bump(?:ed|s)?|pin(?:ned|s)?|patch(?:es)?"
                          # what a device runs (atk12 A FP1: `The modem firmware is 11.22.333.4444.`)
                          r"|firmware|bios|kernel)\b\W*(?:[\w.]+\W+){0,3})$")
_DOTTED = re.compile(r"\d+(?:\.\d+){2,}")
_SHAPE_CUE = re.compile(r"(?i)\b(?:re)?(?:shaped?|shapes|size[ds]?|dims?|dimensions?|tensors?|matri(?:x|ces)|arrays?"
                        r"|resized?|resolutions?|views?|ports?|pids?|epochs?|steps?|batch(?:es)?|seeds?|layers?"
                        r"|offsets?|indices|lengths?|widths?|heights?|channels?)\b\W*(?:(?:to|of|is|are|=)\W*)?$")
_LIST_SEPARATORS = re.compile(r"[\d\s,xX×*()\[\]]+")  # not `-` nor `.`: `size 617-555-0143` can be a phone number
_TIMES = re.compile(r"\s*[xX×*]\s*")
_TUPLE = re.compile(r"[(\[]\s*\d+(?:\s*,\s*\d+){2,}\s*,?\s*[)\]]")
# Two groups of 4-5 digits and nothing else (`8080-8443`, `build 1234-5678`, `30000-32767`, `7731-0042.gz`): a
# range, a build, job, ticket or order number, a file's name, far more often than a phone number. It is one only
# with a phone word before it (`_PHONE_WORD`: `call 5550-1234`, `Phone: 9472 7916`), a phone label (`Desk: `),
# a possessive before "number" (`my number is 5550 1234`) or a phone word right after it (`9472 7916 (mobile)`).
_TWO_GROUPS = re.compile(r"\d{4,5}[ .-]\d{4,5}")
# The same for the part, lot, case, SKU and order numbers written as two hyphenated groups of 7-8 digits in all
# (atk9 B-M4: `SKU 10045-221`, `Part 20451-117`, `Case 58142-37`, `Ref 1849-922`, `Order 845-12093`): 4-3, 5-2, 5-3
# and 3-5; a phone number's 3-4 (`555-0143`) stays one.
_ID_GROUPS = re.compile(r"\d{4}-\d{3}|\d{5}-\d{2,3}|\d{3}-\d{5}")
_PHONE_LABEL = re.compile(r"(?i)(?:\b(?:desk|office|home|work|landline|mob|ph)\s*[:#]"
                          r"|\b(?:my|your|his|her|our|their)\s+(?:number|no\.?|#)(?:\s+is)?)[\s:]*$")
_PHONE_WORD_AFTER = re.compile(r"(?i)\W{0,3}(?:phone|telephone|tel|cell|mobile|fax|office|landline|whatsapp)\b")
# A label of ids, bins or counts before a list, the list's items before the match (`Order ids: 212-555-01, `).
_LIST_LABEL = re.compile(r"(?i)\b(?:ids?|identifiers?|bins?|buckets?|counts?)\b(?:\s+(?:were|are|was|is))?\W*"
                         r"(?:\d[\d.-]*\s*[,;]\s*)*$")


# The same reasoning as `_TWO_GROUPS` (issue 12, finding 11), for three more things engineers write: ports apart by
# `/` (`Open 8080/8443`, `443/8443`, `80/443/8443`), a 10-digit Unix time in seconds after a time, reset or expiry
# word or header (`X-RateLimit-Reset: 1717506000`, `"exp": 1717506000`, `created_at=1717506000`) and a number
# right after `#`, `Nr.` or `No.` (`Ticket #4155 5512 3412`, `PR #1234 5678`, `Rechnung Nr. 2024-118`). Each stays
# a phone number with a phone word before it (`Telefon Nr.` too), a phone label (`ph #`, `my # is`) or a phone word
# right after it.
_PORT_PAIR = re.compile(r"\d{2,5}(?:/\d{2,5})+")
_EPOCH_SECONDS = re.compile(r"1\d{9}")  # 2001-09-09 to 2033-05-18
_TIME_WORD = re.compile(r"(?i)(?<![a-z])(?:reset|resets|expires?|expiry|expiration|exp|iat|nbf|timestamp|ts|time"
                        r"|epoch|created|updated|modified|deleted|issued|since|until|deadline|not[-_ ]?before"
                        r"|not[-_ ]?after)(?:[-_ ]?(?:at|on|time|ts|seconds|secs|s))?[\"'`\s:=]{0,6}$")
_AFTER_HASH = re.compile(r"(?:(?<![\w#])#|\b(?:Nr|No)\.)\s?$")  # `#`, German `Nr.`, English `No.`
_OTHER_PHONE_WORD = re.compile(r"(?i)telefon|handy|mobil|\btel\.")  # `Telefon Nr. 030 1234567` stays a phone number


# Numbers beside each other that are no phone number's groups (issue 12, atk10 B-M5, B-M7): a 3-digit and a 4-digit
# number side by side, apart by a space, a hyphen or a dash (`rows 100-2000`, `pages 120–1450`, `2019 812 mm`, an
# access log's `500 2034ms`, `HTTP 200 1480 ms`), and three or more numbers of 3-4 digits without a leading zero in
# a shape no printed phone number has and no valid number's (`Scores: 950 1020 1100`). A 7-digit local number
# (`555-0143`) is a phone number only with a phone word before it (`call 555-0143`, `Phone: 467 3395`), a phone
# label or a possessive right before it (`Desk: 555 0143`, `my registered 668 5702`, `My desk number is 555-0143`)
# or a phone word right after it (`781 1704 office`, `555-0143, call me`).
_PAIR_3_4 = re.compile(r"\d{3}(?:[ \t]{1,2}|[-\u2013\u2014])\d{4}|\d{4}(?:[ \t]{1,2}|[-\u2013\u2014])\d{3}")
_PLAIN_GROUPS = re.compile(r"[1-9]\d{2,3}(?:[ \t]{1,2}[1-9]\d{2,3}){2,}")
_POSSESSIVE_BEFORE = re.compile(r"(?i)(?:\b(?:my|your|his|her|our|their)\s+(?:[^\W\d_]+\s+)?"
                                r"|\b(?:my|your|his|her|our|their)\s+(?:[^\W\d_]+\s+){0,2}(?:number|no\.?|#)(?:\s+is)?[\s:]*"
                                r"|\b(?:desk|office|home|work|direct|landline|cell|mobile)\s+(?:number|no\.?|#|line)"
                                r"(?:\s+is)?[\s:]*)$")
# A request to call or text right after the number (`555-0143, call me`).
_CALL_ME_AFTER = re.compile(r"(?i)[\s,;.]{0,3}(?:call|text|ring|dial|phone)\s+(?:me|us|him|her|them)\b")
# Cells of a Markdown or ASCII table (`| /search | 120 | 480 | 1200 |`): a value is written in one cell; numbers in
# cells side by side are a table's, unless they read as a valid phone number together (`| 617 | 555 | 0143 |`).
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")
# curl's progress meter (`100  1256  100  1256    0     0   8123      0 --:--:-- --:--:-- --:--:--  8154`): three
# percentages and sizes, two speeds, then three times.
_SIZE = r"\d+(?:\.\d+)?[kMGTP]?"
_CURL_METER = re.compile(rf"(?m)^[ \t]*(?:\d{{1,3}}[ \t]+{_SIZE}[ \t]+){{3}}{_SIZE}[ \t]+{_SIZE}[ \t]+"
                         r"(?:(?:--:--:--|\d+:\d\d:\d\d)[ \t]+){3}\S+[ \t]*$")
# A measurement with its error after it (JMH's `thrpt   25  1523.412 ± 12.301  ops/s`, `12.5 +/- 0.3`).
# An access log's status and duration at a match's end, a time unit after it, a method or `HTTP` before it on the line.
_STATUS_DURATION = re.compile(r"(?<!\d)[1-5]\d\d[ \t]+\d{1,6}$")
_UNIT_AFTER = re.compile(r"[ \t]?(?:ms|s|us|\u00b5s|ns)\b")
_METHOD_BEFORE = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|HTTP(?:/[\d.]+)?)\b")
_ERROR_AFTER = re.compile(r"[ \t]*(?:\u00b1|\+/-|\+-)[ \t]*\d")
# A business, tax or product registration number after its word (atk10 A-M2, B-L4): a US EIN (`23-4279348`), a
# D-U-N-S number (`28-779-7530`), a VAT id (`USt-IdNr. DE 282 911 059`), a SIREN or SIRET (`973 329 535`), a Polish
# NIP (`115-244-93-90`), a Korean business registration number (`사업자번호 078-19-75748`), a Japanese corporate
# number (`法人番号`), a drug's NDC (`0002-7510-01`), a barcode (`EAN 4193817805558`), a postal code after `〒`
# (`〒842-0661`). The word is the last cue before the number: nothing between them but a few words (no other
# number, no phone or card word: `EIN 23-4279348, phone 617-555-0143` redacts the phone number).
_REGISTRY_WORD = re.compile(
    r"(?:(?<![^\W\d_])(?:EIN|FEIN|TIN|ITIN|D-?U-?N-?S|USt-?Id(?:Nr)?|UID|VAT|TVA|BTW|MwSt|SIREN|SIRET|CNPJ|NIP|REGON"
    r"|KRS|KVK|P\.\s?IVA|ABN|ACN|GSTIN|NDC|UPC|EAN(?:-?(?:8|13))?|GTIN(?:-?(?:8|12|13|14))?|GS1|ISBN(?:-?1[03])?"
    r"|ISSN|CAS|INN|OGRN|KPP|HRB|HRA)(?![^\W\d_])"
    r"|(?i:(?<![^\W\d_])(?:tax[ _-]?id\w*|taxpayer id\w*|employer identification|steuernummer|partita iva"
    r"|umsatzsteuer-?id\w*|bar[ -]?codes?|barcodes?)(?![^\W\d_]))"
    r"|사업자\s?(?:등록\s?)?번호|법인\s?(?:등록\s?)?번호|法人番号|〒|郵便番号|邮政编码|邮编)")
_REGISTRY_GAP = re.compile(r"[^\n]{0,40}$")
_CNPJ = re.compile(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}")  # a Brazilian company's number, in its printed shape


def registry_number(text: str, start: int, card: bool = False) -> bool:
    """Whether the number at `text[start:...]` follows a registration number's word (`_REGISTRY_WORD`) with no other
    number and no phone word (with `card`, no card word) between them."""
    before = text[max(0, start - 80):start]
    words = list(_REGISTRY_WORD.finditer(before))
    if not words:
        return False
    last = words[-1]
    gap = before[last.end():]
    return _REGISTRY_GAP.fullmatch(gap) is not None and re.search(r"\d{3}", gap) is None \
        and not (_PHONE_WORD.search(gap) or _OTHER_PHONE_WORD.search(gap)) \
        and not (card and _CARD_WORD.search(gap))


def side_by_side(text: str, start: int, end: int) -> bool:
    """Whether the phone recognizer's match `text[start:end]` is numbers side by side that are no phone number's
    groups (see above): a 3-digit and a 4-digit number, plain numbers in a shape no phone number is printed in,
    table cells, curl's progress meter, a measurement before its error."""
    value = text[start:end]
    if _ERROR_AFTER.match(text, end) or any(m.start() <= start and end <= m.end() for m in _CURL_METER.finditer(
            text, text.rfind("\n", 0, start) + 1, len(text) if text.find("\n", end) < 0 else text.find("\n", end))):
        return True
    if "|" in value:
        a, b = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        return _TABLE_ROW.fullmatch(text, a, b if b >= 0 else len(text)) is not None and not plausible_phone(value)
    before = text[max(0, start - 40):start]
    if _PHONE_LABEL.search(before) or _POSSESSIVE_BEFORE.search(before) or _PHONE_WORD_AFTER.match(text, end) \
            or _CALL_ME_AFTER.match(text, end):
        return False
    if _PAIR_3_4.fullmatch(value):
        return True
    if _UNIT_AFTER.match(text, end) and _STATUS_DURATION.search(value) \
            and _METHOD_BEFORE.search(text, text.rfind("\n", 0, start) + 1, start):
        return True  # an access log's status and duration (`GET /api/v2/orders?per_page=50 200 148ms`)
    parts = value.split()
    if len(parts) > 1 and all(_PAIR_3_4.fullmatch(x) or _TWO_GROUPS.fullmatch(x) or _ID_GROUPS.fullmatch(x)
                              for x in parts):
        return True  # such numbers, each with its hyphen, side by side (`400-4000 120-1450`: two values read joined)
    groups = [len(g) for g in re.findall(r"\d+", value)]
    return _PLAIN_GROUPS.fullmatch(value) is not None and groups != [3, 3, 4] and 4 in groups \
        and not plausible_phone(value)


_DOTTED_GROUPS = re.compile(r"\d+(?:\.\d+)+")
# An amount written with thousands separators (atk9 B-M6): a lead of 1-3 digits, then groups of exactly 3 apart by
# one same separator throughout, a space, a no-break or narrow no-break space (French typesetting: U+00A0, U+202F,
# U+2009), `.` or `'` (`6 304 919 105`, `12.345.678`, `1'234'567`), the run not part of a longer one, with a
# currency sign, code or word right before or after it (`12 345 678 €`, `CHF 1'234'567`, `265 770 067 kronor`) or
# an amount word before it (`Umsatz`, `total`, `budget`; not for three groups of 3, below) or a count word after it
# (`units`, `habitants`). Without one, such groups stay a phone number (`612 345 678`, Spain's and Poland's mobiles).
_THOUSANDS = re.compile(r"(?<!\d)(?<!\d[ .'\u00a0\u202f\u2009])\d{1,3}([ .'\u00a0\u202f\u2009])\d{3}(?:\1\d{3})+"
                        r"(?!\d|\1\d)")
_CURRENCY = (r"(?:[\u20a0-\u20bf$\u00a3\u00a5\u0e3f]|R\$|US\$|(?<![^\W\d_])(?:zł|Kč|Ft|kr|lei|лв|руб|грн|тенге|Fr"
             r"|Rp|Rs|Ksh|KSh|IDR|KRW|VND|NGN|KES|PHP|THB|MYR|SGD|HKD|NZD|AED|SAR|EGP|ILS|RMB"
             r"|EUR|USD|GBP|CHF|PLN|SEK|NOK|DKK|CZK|HUF|RON|BGN|RUB|UAH|KZT|TRY|JPY|CNY|INR|BRL|CAD|AUD|MXN|ZAR"
             r"|euros?|dollars?|francs?|pounds?|kronor|kroner|krona|krone|kronur|złotych|zlotych|złote|złoty|zloty"
             r"|forint\w*|рубл\w*|гривен\w*|reais|pesos?|yen|yuan|rupees?|lira|liras|lire|leva|korun\w*"
             r"|Euro)(?![^\W\d_]))")
_CURRENCY_AFTER = re.compile(r"[\s,]{0,2}(?:" + _CURRENCY + r"|(?:mln|mld|Mio|Mrd|units?|unités|pièces|Stück|pcs"
                             r"|habitants|inhabitants|Einwohner|abitanti|habitantes|mieszkańców|invånare"
                             r"|people|users|rows|records|bytes|octets"
                             # count nouns of data and traffic (atk11 B FP-M3: `12 345 678 Anfragen`, `2 147 483 647
                             # lignes`, `4 294 967 295 registros`, `1 073 741 824 righe`)
                             r"|lines|entries|items|requests|events|messages|tokens|samples|visits|visitors|files"
                             r"|documents|transactions|downloads|hits|views|queries|jobs|tasks|objects|keys|pages"
                             r"|Zeilen|Einträge|Datensätze|Anfragen|Requests|Nutzer|Benutzer|Besucher|Dateien"
                             r"|Dokumente|Transaktionen|Aufrufe|Kunden|Objekte|Seiten|Elemente"
                             r"|lignes|entrées|enregistrements|requêtes|utilisateurs|visiteurs|fichiers|éléments"
                             r"|clients|objets"
                             r"|filas|registros|solicitudes|peticiones|entradas|usuarios|visitantes|archivos"
                             r"|clientes|elementos|consultas"
                             r"|righe|record|voci|richieste|utenti|visitatori|elementi|clienti|interrogazioni"
                             r")(?![^\W\d_]))")
_CURRENCY_BEFORE = re.compile(_CURRENCY + r"[\s.:]{0,2}$")
_AMOUNT_WORD = re.compile(
    r"(?i)(?<![^\W\d_])(?:total\w*|sum|summe|somme|suma|summa|сумма|amount|montant|importe|importo|betrag|bedrag"
    r"|kwota|belopp|částka|revenues?|turnover|umsatz\w*|chiffre d'affaires|fatturato|faturamento|facturación"
    r"|omzet|przychody|omsättning\w*|выручка|tržby|budget\w*|budżet\w*|presupuesto|orçamento|бюджет\w*"
    r"|capital|kapital|grundkapital|costs?|kosten|koszty|coûts?|costi|costos|prices?|preis|prix|prezzo|precio"
    r"|population|bevölkerung|einwohner|итого|стоимость)(?![^\W\d_])(?:\s*:)?[^\d\n.!?;:]{0,40}$")
# Three groups of 3 (`612 345 678`) is how Spain and Poland print a mobile number: an amount word before it is not
# enough, a currency or a count word right beside it is.
_MOBILE_SHAPE = re.compile(r"\d{3}\D\d{3}\D\d{3}")


# A measurement, no phone number (atk11 A FP1, B FP-L2): three numbers of 3 digits joined by one hyphen or one space
# (`p50/p95/p99 latency: 254-431-504 ms`, `Timeouts (connect-read-write): 127-876-640 ms.`, `rgb 216-117-123`), or
# a number in thousands groups (`_THOUSANDS`: `299 792 458 m/s`, `149 597 870 700 m`), with a unit of measure right
# after it, or (three groups of 3) a colour or timing word before it; and a number in thousands groups whose digits
# are 2^n or 2^n - 1 (`Der Zähler steht auf 4 294 967 295.`). A phone word before it keeps it a phone number
# (`call 254-431-504 ms`), and no North American number has three groups of 3.
_THREE_BY_THREE = re.compile(r"(?<![\d-])\d{3}([ -])\d{3}\1\d{3}(?![\d-])")
_MEASURE_UNIT = re.compile(
    r"[ \t\u00a0\u202f]?(?:m/s|km/h|ms|s|secs?|seconds?|us|\u00b5s|ns|min|mins|h|hrs?|px|pt|em|rem|dpi|%|m|km|cm|mm"
    r"|nm|\u00b5m|kg|g|mg|t|mph|Hz|kHz|MHz|GHz|KB|MB|GB|TB|KiB|MiB|GiB|TiB|kWh|kW|MW|W|V|mV|mA|A|\u00b0C|\u00b0F|K|au"
    r"|ly|lux|rpm|fps|dB|ops|qps|rps|req/s)(?![^\W\d_]|/[^\W\d_])")
_MEASURE_WORD = re.compile(r"(?i)(?<![^\W\d_])(?:rgba?|hsla?|colou?rs?|latenc(?:y|ies)|timeouts?|percentiles?"
                           r"|p\d\d(?:/p\d\d)*|durations?|delays?)(?![^\W\d_])[^\d\n.!?]{0,30}$")


def measurement(text: str, start: int, end: int) -> bool:
    """Whether a phone recognizer's match `text[start:end]` is a measurement (see above)."""
    before = text[max(0, start - 40):start]
    if _PHONE_LABEL.search(before) or _POSSESSIVE_BEFORE.search(before) or _PHONE_WORD_AFTER.match(text, end) \
            or _CALL_ME_AFTER.match(text, end):
        return False  # `my mobile 612 345 678`, `612-345-678 (mobile)`
    unit = _MEASURE_UNIT.match(text, end) is not None
    for m in _THREE_BY_THREE.finditer(text, max(0, start - 12), min(len(text), end + 12)):
        if m.start() <= start and end <= m.end():
            if unit and m.end() == end or _MEASURE_WORD.search(text, max(0, m.start() - 40), m.start()) is not None:
                return True
    for m in _THOUSANDS.finditer(text, max(0, start - 40)):
        if m.start() > start:
            break
        if end <= m.end():
            return _MEASURE_UNIT.match(text, m.end()) is not None or power_of_two(re.sub(r"\D", "", m.group()))
    return False


def amount(text: str, start: int, end: int, words: bool = True) -> bool:
    """Whether a phone recognizer's match `text[start:end]` lies in an amount written with thousands separators
    (see `_THOUSANDS`): a currency or a count word beside it, or, with `words`, an amount word before it."""
    for m in _THOUSANDS.finditer(text, max(0, start - 40)):
        if m.start() > start:
            break
        if end <= m.end():
            return bool(_CURRENCY_AFTER.match(text, m.end())
                        or _CURRENCY_BEFORE.search(text, max(0, m.start() - 8), m.start())
                        or (words and not _MOBILE_SHAPE.fullmatch(m.group())
                            and _AMOUNT_WORD.search(text, max(0, m.start() - 60), m.start())))
    return False


def port_epoch_ticket(value: str, before: str) -> bool:
    """Whether a phone recognizer's match `value`, after the text `before` it, is ports apart by `/`, a Unix time
    after a time word, or a number right after `#` (see above)."""
    return bool(_PORT_PAIR.fullmatch(value.strip("()[] "))  # git's `Receiving objects: 100% (1523/1523)`
                or (_EPOCH_SECONDS.fullmatch(value) and _TIME_WORD.search(before))
                or (_AFTER_HASH.search(before) and not _OTHER_PHONE_WORD.search(before)
                    and not hashed_phone(value, before)))  # `#818-629-8896` (`proxy.nlp.hash_phone`)


# An order, ticket, case, invoice or booking number right after its word (atk12 A FP1): `Order 9313-4517-1614`,
# `Ticket 4155-5512-3412`, `Invoice 2024-000123`, `Die Bestellnummer lautet 4711-0815-42`, `注文番号は 2024-0611-7788`,
# `Номер заказа 4410-2211-9987`, `رقم الطلب 7781-2231-5566`, in 15 languages (en, de, fr, es, it, pt, pl, nl, tr, ru,
# uk, ar, ja, zh, ko). Only a number word (`number`, `Nr.`, `numéro`, `番号`, `번호`), `ID`, a colon, quotes or
# emphasis, a copula (`is`, `lautet`, `は`) or the ids listed before it (`Orders 9313-4517-1614 and 8812-4405-3379`)
# may stand between the word and the number: `in case of emergency: 617-555-0143` and `for reference, my number is
# 617-555-0143` stay phone numbers, as does one with a phone word or label before or after it (`Order desk phone
# 617-555-0143`, `Ticket 617-555-0143 (mobile)`), or written as an international or bracketed number (`Order +1 617
# 555 0143`, `Order (617) 555-0143`), or a valid number in a phone number's printed shape (North American 3-3-4,
# `Ticket 617-555-0143`; a national number with its trunk `0`, `Bestellung 0171 1234567`). A card after such a word
# is still one in a card's printed shape (`Order 4539-1488-0343-6467`, `technical_value`).
_ID_WORD = re.compile(
    r"(?i)(?<![^\W\d_])(?:orders?|ordernumm\w*|tickets?|cases?|invoices?|ref|reference|booking|reservation"
    r"|confirmation|tracking|shipment|incident|claim|rma"
    # a transaction's, a budget line's or a cost centre's number (atk38 FP03: `Transaction 7744-2210-93`, `budget
    # line 6100-200-4471`, `invoice numbers look like 2024-000431`)
    r"|transactions?|txns?|budgets?|cost[ \t]+cent(?:er|re)s?|ledgers?"
    # a product's or an asset's number (atk16 B M4: `Part number 563-8629-67`, `SKU 4418-392-771`, `Seriennummer
    # 418-6449-11`); a `-nummer` compound of German or Dutch unless it names a phone (`Telefonnummer`, `Rufnummer`)
    r"|parts?|items?|sku|skus|serial|serials|s/n|model|models|article|contract|meter|asset|catalog(?:ue)?|product"
    r"|lot|batch|member|membership|employee|customer|account|policy"
    # a loan's, a permit's, a warranty's or a container's number, a serial after `SN` (atk36 FP01: `Loan application
    # 55-2048-0019`, `Machine serial SN 4471-8829-0031`)
    r"|loans?|applications?|sn|s\.n\.?|warrant(?:y|ies)|licen[cs]es?|permits?|vouchers?|receipts?|quotes?|quotations?"
    r"|registrations?|certificates?|dockets?|containers?|pallets?|mortgages?|leases?|subscriptions?|patents?"
    r"|(?!(?:telefo\w*|handy|mobil\w*|fax|ruf|notruf|festnetz|durchwahl|service|hotline|kontakt|whatsapp|gsm|tel)"
    r"nummer)[^\W\d_]{2,}nummer|artikel\w*|serien\w*|mitglied\w*|vertrag\w*|material\w*|zähler\w*|geräte\w*"
    r"|bestell\w*|auftrag\w*|auftrags\w*|rechnung\w*|vorgang\w*|vorgangs\w*|buchung\w*|sendung\w*|aktenzeichen"
    r"|referenz\w*|kundennummer"
    r"|commande|facture|dossier|réservation|référence|pedidos?|factura|orden|reserva|caso|referencia|encomenda"
    r"|fatura\w*|protocolo|chamado|ordine|fattura|pratica|prenotazione|riferimento|zamówieni[ae]|faktur[ay]"
    r"|zgłoszeni[ae]|rezerwacj[ai]|bestelling|bestelnummer|factuur|boeking|referentie|sipariş\w*|rezervasyon\w*"
    r"|talep\w*|заказ\w*|сч[её]т\w*|заявк\w*|тикет\w*|обращени\w*|брониров\w*|замовлен\w*|рахун\w*"
    r"|(?:[وبل]?ال)?(?:طلب|فاتورة|حجز|تذكرة)(?:ك|كم|ية)?)(?![^\W\d_])"
    r"|注文|受注|請求書|予約|問い合わせ|問合せ|チケット|伝票|订单|訂單|单号|單號|发票|發票|工单|工單|预订|預訂"
    r"|주문|송장|예약|티켓|문의")
_ID_GAP = re.compile(
    r"(?i)(?:[\s:#.,;\-(*_`\"'«»„“”\uff1a\uff0c\u3001\uff1b「『]"
    r"|(?<![^\W\d_])(?:numbers?|num|no|nr|n[°º]|nummer|numéro|numero|número|numer|номер|رقم|numara\w*|id|code"
    r"|lines?|looks?[ \t]+like|formatted[ \t]+as"
    r"|is|was|are|were|lautet|ist|est|es|è|é|jest|это"
    # the ids listed before it, apart by commas or a conjunction (`Orders 9313-4517-1614 and 8812-4405-3379`)
    r"|and|or|und|oder|et|ou|y|o|e|i|en|of|ve|veya|и|или|і|та)(?![^\W\d_])"
    r"|(?<![\w-])\d[\d./-]{4,}\d(?![\w-])"
    # a key's word, an owner's or a prefix's code in capitals (atk36 FP01: `License key 4410-...`, `Container MSCU
    # 4471-...`, `serial SN 4471-...`), no phone's abbreviation (`Account TEL 4471-...`)
    r"|(?<![^\W\d_])key(?![^\W\d_])|(?<![^\W\d_])(?!(?i:tel|fax|mob|cell|ph|tlf|gsm|sms|tfn|tf|hp|cel)\b)"
    r"(?-i:[A-Z]{2,4})(?![^\W\d_])"
    r"|番号|号|號|번호|는|은|は|为|為|是|和|及|と)*")
_ID_GAP_LENGTH = 64
# A booking desk's phone line right before the number (`our booking line: 0161 0930 1145`, `reservations line is`).
_BOOKING_LINE = re.compile(r"(?i)(?<![^\W\d_])(?:bookings?|reservations?)[ \t]+line[ \t]*(?:is[ \t]+|[:#][ \t]*)?\Z")
_PLAIN_ID = re.compile(r"\(?[0-9]+(?:[ ./-][0-9]+)*\)?")
_AREA_CODE = re.compile(r"\(\+?\d{1,5}\)")  # `(617) 555-0143`, `(0)171 1234567`: a phone number's bracketed part


def id_number(text: str, start: int, end: int) -> bool:
    """Whether the number at `text[start:end]` is an order, ticket, case or invoice number right after its word
    (see above): only number words, `ID`, punctuation, a copula or the ids listed before it between (so no phone
    word or label: `Order desk: 617-555-0143` stays a phone number), no phone word right after it."""
    if not _PLAIN_ID.fullmatch(text, start, end):
        return False  # as an id is written: ASCII digits in groups (a value in keycaps or between symbols is none)
    if text.startswith(("+", "00"), start) or text[max(0, start - 1):start] == "+":
        return False  # `+1 617 555 0143`, `0044 20 7946 0958`: an international number
    bracket = start if text.startswith("(", start) else start - 1
    if bracket >= 0 and _AREA_CODE.match(text, bracket):
        return False  # `(617) 555-0143`
    value = text[start:end]
    if _printed_phone(value) or (value.startswith("0") and plausible_phone(value)):
        return False  # `Ticket 617-555-0143`, `Bestellung 0171 1234567`: a phone number's printed shape, valid
    before = text[max(0, start - 80):start]
    words = list(_ID_WORD.finditer(before))
    if not words or _BOOKING_LINE.search(before) is not None:
        return False  # (`booking line 0161 0930 1145`: a desk's phone line, no booking's number: enc41)
    gap = before[words[-1].end():]
    return len(gap) <= _ID_GAP_LENGTH and _ID_GAP.fullmatch(gap) is not None \
        and not (_PHONE_WORD_AFTER.match(text, end) or _CALL_ME_AFTER.match(text, end))


# What machine-written logs put where a phone number's groups could be (issue 12, atk7 finding 4): the seconds of a
# clock time and what a log writes after them (`10:22:01.123456   12345` klog's fraction and thread id,
# `08:15:42 2024 -0700` a git or ctime date's year and zone), an access log's status and size after its request line
# (`"GET /api/items HTTP/1.1" 200 2048`), Go's monotonic clock reading (`m=+0.000123456`, nine decimals) and a
# number that starts with a year and month (`Invoice 2024-03-0042`). The first three hold whatever word is before
# them: no phone number starts with a time's seconds, after a request line or after `m=`; a phone number after
# a time is still found on its own (`10:22:01 617 555 0143`, `10:22:01 5550143`: a thread id only after a fraction).
_CLOCK_BEFORE = re.compile(r"(?<![\d:])\d{1,2}:\d{2}:(?:\d{2}[.,])?$")
_CLOCK_TAIL = re.compile(r"\d{1,9}[.,]\d{1,9}(?:[ \t]+(?:#?\d{1,7}|[+-]\d{4})(?:[ \t]+[+-]\d{4})?)?"  # with a fraction
                         r"|\d{1,9}(?:[ \t]+(?:(?:19|20)\d\d(?:[ \t]+[+-]\d{4})?|[+-]\d{4}))?")  # without: year, zone
_REQUEST_LINE = re.compile(r'\bHTTP/\d(?:\.\d)?"[ \t]+$')
_STATUS_SIZE = re.compile(r"[1-5]\d\d[ \t]+\d{1,12}")
_MONOTONIC = re.compile(r"[+-]\d{1,9}\.\d{9}")
_DATED_SERIAL = re.compile(r"(?:19|20)\d\d([-/.])(?:0[1-9]|1[0-2])\1\d{3,6}")
# The same for more log formats (issue 12, atk8 B M4): Ruby's Logger writes its process id after the clock's
# fraction (`I, [2024-05-01T12:34:56.789012 #12345]  INFO -- :`, in `_CLOCK_TAIL`); an AWS load balancer (ALB,
# classic ELB) writes the target's port (or `-`), three processing times (`-1` when none), the balancer's and the
# target's status (`-` when none) and the bytes received and sent, then the quoted request line (`10.0.0.1:80 0.000
# 0.001 0.000 200 200 34 366 "GET ...`); a row of tab-separated fields (a CloudFront log, a TSV file: 8 fields or
# more on the line) keeps each number in its field, so digits on both sides of a tab are never one value there
# (`/posts/6140<TAB>302`). `call 617<TAB>555<TAB>0143` has three fields: still a phone number. Nor does a port after
# an IPv4 address start one (`192.0.2.1:2817 10.0.0.1:80`: the next address's first number after it).
_BALANCER_FIELDS = re.compile(r"(?:\d{1,5}|-)[ \t]+(?:(?:-1|\d{1,6}\.\d{1,9})[ \t]+){3}(?:[1-5]\d\d|-)[ \t]+"
                              r"(?:[1-5]\d\d|-)[ \t]+\d{1,15}[ \t]+\d{1,15}(?=[ \t]+\")")
_BALANCER_REACH = 120  # how far before a match its fields may start
_ADDRESS_COLON = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}:$")
_TABLE_FIELDS = 8


def _tab_fields(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` crosses a tab on a line of `_TABLE_FIELDS` or more non-empty tab-separated fields."""
    if "\t" not in text[start:end]:
        return False
    a, b = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line = text[a:b if b >= 0 else len(text)]
    return sum(1 for field in line.split("\t") if field.strip()) >= _TABLE_FIELDS


def log_field(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]`, a phone or card recognizer's match, is a clock time's seconds and what a log
    writes after them, an access log's status and size, Go's monotonic clock reading, a load balancer's numbers
    before its request line, numbers in fields of a tab-separated row or a port after an IPv4 address (see above)."""
    before = text[max(0, start - 12):start]
    return bool((_CLOCK_BEFORE.search(before) and _CLOCK_TAIL.fullmatch(text, start, end))
                or (_REQUEST_LINE.search(before) and _STATUS_SIZE.fullmatch(text, start, end))
                or (before.endswith("m=") and _MONOTONIC.fullmatch(text, start, end))
                or any(m.start() <= start and end <= m.end() for m in _BALANCER_FIELDS.finditer(
                    text, max(0, start - _BALANCER_REACH), min(len(text), end + 40)))
                or _tab_fields(text, start, end)
                or _ADDRESS_COLON.search(text, max(0, start - 16), start) is not None)


# Two-digit numbers apart by single spaces (atk16 B M1): scores, ages, temperatures, lottery numbers. A phone number
# is written in pairs in France, Denmark or Norway, but with no phone word before it only a national number with its
# trunk `0` is read as one (`06 12 34 56 78`), and none that more pairs go on after (`07 15 31 13 22 14`: six).
_PAIRS = re.compile(r"\d\d(?: \d\d){2,}")
_PAIR_PHONE_LABEL = re.compile(r"(?i)(?:(?<![^\W\d_])(?:tel|t\u00e9l|tfn|tlf|tlfn|tf|tfno|telf|fon|telefon\w*"
                               r"|tel[e\u00e9]fono|(?:t[e\u00e9]l[e\u00e9])?phone|ph|mob\w*|m[o\u00f3]vil|cel\w*|handy|natel|puh"
                               r"|fax|gsm|whatsapp)|(?<![^\W\d_])[tmfc])[.:#_\s]*$")
_PAIR_BEFORE = re.compile(r"(?:(?<![\d+])\d\d )+$")
_PAIR_AFTER = re.compile(r"(?: \d\d(?!\d))+")
# A conference's access code before its `#` (`Meeting ID 123 456 789#`, `dial-in code ...#`, `PIN: 4411 2299#`).
_CODE_WORD = re.compile(r"(?i)\b(?:code|pin|passcode|password|meeting\s+id|conference\s+id|participant\s+id"
                        r"|access\s+id)\b\W*(?:\w+\W+){0,2}$")


def pair_run(text: str, start: int, end: int) -> int:
    """How many two-digit numbers apart by single spaces the run around `text[start:end]` holds."""
    head = _PAIR_BEFORE.search(text, max(0, start - 60), start)
    tail = _PAIR_AFTER.match(text, end)
    return text[start:end].count(" ") + 1 + (head.group().count(" ") if head else 0) \
        + (tail.group().count(" ") if tail else 0)


def _printed_phone(value: str) -> bool:
    """Whether `value` is a North American number in its printed groups (3-3-4, a country code before), valid."""
    groups = [len(g) for g in re.findall(r"\d+", value)]
    return groups in ([3, 3, 4], [1, 3, 3, 4]) and plausible_phone(value)


def technical_number(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]`, a phone recognizer's match in the text as written, is one of the numbers
    engineers write that only look like a phone number's groups (see above): dates, versions, shapes, labelled
    lists. A phone word in the few words before it keeps it a phone number (`call 617.555.0143`)."""
    value = text[start:end]
    # dates (year first, or last with 4 digits; one separator, not a space: `2012 05 11 23` can be a phone
    # number): the digits outside every date in and around the match are too few for a phone number
    dates = [m.span() for m in _WRITTEN_DATE.finditer(text, max(0, start - 10), end + 10)] \
        + [m.span() for m in _DATE_SHAPED.finditer(text, max(0, start - 10), end + 10)]
    if any(a < end and start < b for a, b in dates):
        outside = sum(ch.isdigit() and not any(a <= start + k < b for a, b in dates) for k, ch in enumerate(value))
        if outside < 7:
            return True
    if power_of_two(value):
        return True  # `2^32 = 4294967296` (`ring` is a phone word: `Hash ring with 2^32 = ...`)
    if log_field(text, start, end):
        return True
    if amount(text, start, end, words=False):
        return True  # a currency or a count word beside it, whatever is before (`revenue reached € 1 204 330 915`)
    if registry_number(text, start) or any(m.start() <= start and end <= m.end() for m in _CNPJ.finditer(
            text, max(0, start - 20), min(len(text), end + 20))):
        return True  # `EIN 23-4279348`, `SIREN : 973 329 535`, `〒842-0661`, `CNPJ 75.839.222/0001-72`
    before = text[max(0, start - 40):start]
    decimal = _DECIMAL.fullmatch(value) is not None
    if decimal and _MEASURE_UNIT.match(text, end):
        return True  # a valid North American number's digits as a decimal before a unit (`Call took 718.5550166 ms`)
    if text.startswith("#", end) and _CODE_WORD.search(before):
        return True  # a conference's access code keyed in with `#` (`dial-in code 123 456 789#`, atk16 B)
    from proxy.nlp.fp31 import build_number  # (fp31: `The build number is 2024113042.`, `phone app on build ...`)

    if build_number(text, start, end):
        return True
    if _EPOCH_SECONDS.fullmatch(value) and _TIME_WORD.search(before):
        return True  # a Unix time right after its key, a phone's key before it (atk38 FP03: `"phone":..., "iat":17..`)
    if _PHONE_WORD.search(before) or _SCRIPT_PHONE_WORD.search(before) or _PHONE_ABBREVIATION.search(before):
        return False
    if row_finding(text, start, end):
        return True  # a numeric table's row: `Totals: 612.00  5508.00`, `88  92  79  95` (num33)
    if _PAIRS.fullmatch(value) and not _PAIR_PHONE_LABEL.search(before) \
            and (not value.startswith("0") or pair_run(text, start, end) > value.count(" ") + 1):
        return True  # `Scores per round: 59 11 95 18`, `Winning numbers: 07 15 31 13 22 14` (see above)
    if _BRACKET_GLUED.fullmatch(value) and not plausible_phone(value):
        return True  # a bracketed number with digits right after it, no valid phone number (`(100)2000000`)
    if decimal:
        # a valid North American number written as a decimal (`617.5550143`: `validate_result`) is one only with a
        # phone label or word beside it (`Telefon`, `Desk:`, `my number is`, `(mobile)`); `elapsed 617.5550143 s`
        return not (_OTHER_PHONE_WORD.search(before) or _PHONE_LABEL.search(before)
                    or _POSSESSIVE_BEFORE.search(before) or _PHONE_WORD_AFTER.match(text, end)
                    or _CALL_ME_AFTER.match(text, end))
    if measurement(text, start, end):
        return True  # `254-431-504 ms`, `rgb 216-117-123`, `299 792 458 m/s`, `4 294 967 295`
    if side_by_side(text, start, end):
        return True  # `rows 100-2000`, `2019 812 mm`, `Scores: 950 1020 1100`, `| 120 | 480 | 1200 |`
    if _DATED_SERIAL.fullmatch(value):
        return True  # `Invoice 2024-03-0042`
    if _DOTTED_GROUPS.fullmatch(value) and dotted_parts(text, start, end) > value.count(".") + 1:
        return True  # groups of a longer dotted number: a mask, an address, an OID (`netmask 255.255.255.0`)
    if amount(text, start, end):
        return True  # an amount word before it: `Umsatz 12.345.678`, `The total is 2 125 550 199`
    if id_number(text, start, end):
        return True  # `Order 9313-4517-1614`, `Invoice 2024-000123`, `注文番号は 2024-0611-7788 です`
    if _TWO_GROUPS.fullmatch(value) or _ID_GROUPS.fullmatch(value) or port_epoch_ticket(value, before):
        return not (_PHONE_LABEL.search(before) or _PHONE_WORD_AFTER.match(text, end))
    if _DOTTED.fullmatch(value) and _VERSION_CUE.search(before):
        return True
    if size_list(value) and not (_PHONE_LABEL.search(before) or _PHONE_WORD_AFTER.match(text, end)):
        return True  # `torch.randn(512, 768, 3072)`, `[720, 768, 1080]`
    if _printed_phone(value):
        # A phone number's printed groups (3-3-4, a valid number): a label, a shape word or brackets before it
        # do not make it a list (`size 617 555 0143`, `[617, 555, 0143]` would hide any number); a sequence does.
        return number_sequence(text, start, end)
    if _SHAPE_CUE.search(before.rstrip("([ \t")) and _LIST_SEPARATORS.fullmatch(value):
        return True
    # the same inside a longer run of sizes after the shape word (`tensor 3 224 224 1 1000 4096 4096`)
    run = number_run(text, start, end)
    if run is not None and _SHAPE_CUE.search(text[max(0, run.start() - 40):run.start()].rstrip("([ \t")) \
            and _LIST_SEPARATORS.fullmatch(value):
        return True
    # a shape written with `x` whose sizes have no leading zero and are multiples of 8 (`256 x 512 x 1024`)
    groups = _TIMES.split(value.strip("()[] "))
    if len(groups) >= 3 and all(g.isdecimal() and g[0] != "0" and int(g) % 8 == 0 for g in groups):
        return True
    # a list of ids, bins or counts after its label (`IDs 212 555 0143 were retried`, `Order ids: 212-555-01,
    # 212-555-02`): groups apart by spaces or commas, or digits no valid phone number's
    if _LIST_LABEL.search(before) and (_LIST_SEPARATORS.fullmatch(value) or not plausible_phone(value)):
        return True
    if number_sequence(text, start, end):
        return True
    # a tuple or list of three or more numbers in brackets (`(128, 512, 1024)`, `[64, 512, 1024]`)
    return any(m.start() <= start and end <= m.end()
               for m in _TUPLE.finditer(text, max(0, start - 2), min(len(text), end + 2)))


# Sizes in code (issue 12, atk8 B L1): three or more integers apart by commas, each a multiple of 8 without a
# leading zero (`torch.randn(512, 768, 3072)`, `view(192, 64, 5120)`, `[720, 768, 1080]`), are a tensor's, an
# image's or a buffer's sizes, not a phone number's or an SSN's groups, even where such a value's checks pass
# (512-768-3072 is a valid North American number). The trade-off: a phone number or an SSN whose every group is a
# multiple of 8 (one in 512) written with commas is not redacted without a phone word or label before it; one
# with a group that is no multiple of 8 or with a leading zero (`[617, 555, 0143]`) still is.
_SIZE_LIST = re.compile(r"[1-9]\d*(?:[ \t]*,[ \t]*[1-9]\d*){2,}")


def size_list(value: str) -> bool:
    """Whether `value` (a recognizer's match, brackets around it aside) is sizes apart by commas (see above)."""
    inner = value.strip("()[] \t")
    return _SIZE_LIST.fullmatch(inner) is not None and all(int(g) % 8 == 0 for g in re.findall(r"\d+", inner))


# Integers apart by spaces or commas (`2 3 5 7 11`, `256, 512, 1024`), not inside a word, a version or a decimal.
_NUMBER_RUN = re.compile(r"(?<![\w.-])(?:\d+(?:,[ \t]*|[ \t]+))+\d+(?![\w-]|\.\d)")
_SEQUENCE_SPAN = 1000  # how far either side of a match its run is looked for


def number_sequence(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` lies inside a run of integers that is a sequence of a known kind (issue 12):
    arithmetic (`100 200 300 400`, `seq 1 20`), geometric (`256 512 1024`, powers of two), consecutive squares,
    cubes, triangular numbers or primes, or Fibonacci-like (each the sum of the two before). The whole run is
    judged, not the match: a value among other numbers (`Primes: 2 3 5 617 555 0143`) breaks the sequence,
    and three groups of a phone number are never one unless its digits are that sequence."""
    m = number_run(text, start, end)
    if m is None:
        return False
    items = re.findall(r"\d+", m.group())
    return sequence_kind([int(x) for x in items]) or listed_from_start(items)


_LISTED_FROM = 7  # how many numbers a run from 0 or 1 needs to be read as a listed sequence


def listed_from_start(items: list[str]) -> bool:
    """Whether the numbers `items` (as written) are a sequence listed from its start (atk11 B FP-L2): 7 or more, the
    first 0 or 1, none written with a leading zero, never decreasing (`Catalan numbers: 1 1 2 5 14 42 132 429 1430`,
    factorials, Bell numbers) or a row that reads the same both ways (Pascal's triangle: `1 10 45 120 210 252 210
    120 45 10 1`). A phone number's groups after a few small numbers (`1 2 3 617 555 0143`) are none: a group goes
    down or starts with a zero."""
    if len(items) < _LISTED_FROM or items[0] not in ("0", "1") or any(x[0] == "0" and x != "0" for x in items):
        return False
    ns = [int(x) for x in items]
    return all(x <= y for x, y in pairwise(ns)) or ns == ns[::-1]


def number_run(text: str, start: int, end: int) -> re.Match[str] | None:
    """The run of integers apart by spaces or commas (`_NUMBER_RUN`) that holds `text[start:end]`, brackets
    around it aside; None when it is in none."""
    inner = text[start:end].strip("()[] ")
    if not inner[:1].isdigit() or not inner[-1:].isdigit():
        return None
    a = start + text[start:end].index(inner[0])
    b = a + len(inner)
    for m in _NUMBER_RUN.finditer(text, max(0, a - _SEQUENCE_SPAN), min(len(text), b + _SEQUENCE_SPAN)):
        if m.start() <= a and b <= m.end():
            return m
    return None


def sequence_kind(ns: list[int]) -> bool:
    """Whether `ns` is one of `number_sequence`'s kinds (long enough for the kind to tell)."""
    n = len(ns)
    if n < 3 or max(ns) > 10**12:
        return False
    steps = [y - x for x, y in pairwise(ns)]
    if n >= 4 and steps[0] != 0 and len(set(steps)) == 1:
        return True  # arithmetic
    ratio = ns[1] // ns[0] if ns[0] > 0 else 0
    if ratio >= 2 and all(y == x * ratio for x, y in pairwise(ns)):
        return True  # geometric
    if n < 5:
        return False
    if all(ns[k] == ns[k - 1] + ns[k - 2] for k in range(2, n)) and ns[-1] > ns[0]:
        return True  # Fibonacci-like
    if any(y <= x for x, y in pairwise(ns)):
        return False
    for power in (2, 3):  # consecutive squares or cubes
        root = round(ns[0] ** (1 / power))
        if all(x == (root + k) ** power for k, x in enumerate(ns)):
            return True
    k = round((2 * ns[0]) ** 0.5)  # consecutive triangular numbers k(k+1)/2
    if all(x == (k + j) * (k + j + 1) // 2 for j, x in enumerate(ns)):
        return True
    if max(ns) >= _PRIMES_BELOW:
        return False
    primes = _primes()  # consecutive primes: each prime, and none between two of them
    return all(primes[x] for x in ns) and all(primes[x + 1:y].count(1) == 0 for x, y in pairwise(ns))


_PRIMES_BELOW = 100_000  # the primes engineers list are small


@functools.cache
def _primes() -> bytes:
    """1 at each prime below `_PRIMES_BELOW` (a sieve, built once)."""
    sieve = bytearray([1]) * _PRIMES_BELOW
    sieve[0:2] = b"\0\0"
    for k in range(2, int(_PRIMES_BELOW ** 0.5) + 1):
        if sieve[k]:
            sieve[k * k::k] = bytes(len(range(k * k, _PRIMES_BELOW, k)))
    return bytes(sieve)


def power_of_two(value: str) -> bool:
    """A number written without separators that is 2^n or 2^n - 1, n >= 16 (`4294967296`, `4294967295`)."""
    if not (value.isascii() and value.isdigit()) or value[0] == "0":  # (`⒋⒈` are digits to isdigit, not to int)
        return False
    x = int(value)
    return x >= 1 << 16 and (x & (x - 1) == 0 or x & (x + 1) == 0)


# A decimal fraction with a short whole part (`2.718281828459045`, `3.14159265358979`): a constant, no card number
# (the view folds its point, and the card pattern reads its digits).
_FRACTION = re.compile(r"\d{1,3}\.\d+")
_FRACTION_HEAD = re.compile(r"(?<![\d.])\d{1,3}\.$")
# A card word right before the number (`card: 4.111111111111111`, `visa no. 0.4111111111111111`; a JSON value
# under a card key is read so, `proxy.guard.keyed`): a card written with a point in it, not a constant.
_CARD_LABEL = re.compile(r"(?i)\b(?:card|visa|mastercard|amex|discover|debit|credit)(?:[ \t]*(?:number|num|no\.?|#))?"
                         r"[ \t]*[:=]?[ \t]*[\"']?[ \t]*$")
# A card word anywhere before a number (a barcode's or a registration number's word before it does not make it one).
_CARD_WORD = re.compile(r"(?i)\b(?:card|visa|mastercard|amex|discover|debit|credit|cc|payment)\b")
# A device's number after its word, a few words between (atk16 B L1): an IMEI is 15 digits with a Luhn check digit, so
# every one passes a card's checks (`IMEI: 490154203237518`, `The IMEI of the replacement phone is ...`); MEID, ESN,
# ICCID (a SIM's 19-20 digits) alike. A card word after the device word keeps it a card.
_DEVICE_ID_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:imei(?:sv)?|meid|esn|iccid)(?![^\W\d_])[^\n.;]{0,40}$")
_CARD_PAIRS = re.compile(r"\d{1,2}(?: \d{1,2}){5,}")


# 12 digits (the shortest Maestro) written in groups (`5003-2211-8745`, `4123 5512 3412`) are a card only with a card
# word before them (`maestro 6304 2737 3398`): no card is printed 4-4-4, orders, cases and tickets are (atk12 A FP1).
# A 12-digit run is a card after a card word or alone (`card number 630427373398`; `_TRACE_ID_BEFORE` below).
_TWELVE_IN_GROUPS = re.compile(r"(?=(?:[^0-9]*[0-9]){12}[^0-9]*$)[0-9]+(?:[ -][0-9]+)+")
_TWELVE_CARD_WORD = re.compile(r"(?i)\b(?:card|visa|mastercard|amex|discover|debit|credit|cc|payment|maestro"
                               r"|karte|carte|tarjeta|cartão|carta|karta|kart|карт\w*|kaart)\b")


# A run of 12 digits (no groups) is a card only with a card word before it or as a value alone (atk14 A FP-1: an AWS
# account id, `arn:aws:iam::123456789012:role/x`, `123456789012.dkr.ecr.eu-west-1.amazonaws.com`, `"Account":
# "123456789012"`, passes the checks one time in twenty-five): no card in use is 12 digits long but the rarest Maestro.
# A run of digits right after a trace or span id's name (`dd.trace_id`, `span_id`, `Trace 1234567890123456789`,
# `x-datadog-parent-id`: a decimal uint64, 19-20 digits) is that id.
_TRACE_ID_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:x-datadog-(?:trace|parent)-id"
                              r"|(?:dd\.)?(?:trace|span|parent)(?:[_.-]?id)?|traceid|spanid)"
                              r"[\"']?[ \t]*[:=]?[ \t]*[\"']?$")


def _number_start(text: str, start: int) -> int:
    """Where the number around `text[start]` starts: before the whole part of a decimal whose fraction was found
    (`0.` of `0.4111111111111111`)."""
    head = _FRACTION_HEAD.search(text, max(0, start - 5), start)
    return head.start() if head is not None else start


_SSN_LABEL = re.compile(r"(?i)\b(?:ssn|social security|soc\.? sec\.?|sozialversicherung)\b\W*(?:\w+\W+){0,3}$")


# A run of digits right after a parcel's tracking word is the tracking number (atk14 A LOW-FP-1: a FedEx Ground
# number has 15 digits and passes a card's checks one time in ten): `Tracking 608656907029313 shows delivered`, `my
# FedEx tracking number is 608656907029313`; a card word before it keeps the card.
_TRACKING_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:tracking|fedex|ups|usps|dhl|waybill|consignment)"
                              r"(?:[ \t]+(?:number|no\.?|num|id|code|#))?(?:[ \t]+(?:is|was))?[ \t]*[:#=]?[ \t]*$")
_HEX = frozenset("0123456789abcdefABCDEF")


def hex_digest(text: str, start: int, end: int) -> bool:
    """`text[start:end]` lies inside a hex digest glued to it: a run of 32 hex characters or more with letters, the
    value not the whole run (atk14 A LOW-FP-1: a SHA-256 `safety_identifier`, `...aadb6652900714124c0dab6d...`)."""
    lo, hi = start, end
    while lo > 0 and text[lo - 1] in _HEX:
        lo -= 1
    while hi < len(text) and text[hi] in _HEX:
        hi += 1
    return hi - lo >= 32 and (lo < start or hi > end) and any(c.isalpha() for c in text[lo:hi])


def technical_value(entity: str, text: str, start: int, end: int) -> bool:
    """Whether a finding of `entity` at `text[start:end]` (the text as written) is one of the values engineers
    write that only look like PII: a phone number's groups (`technical_number`), a card number's digits in a
    sequence (`Primes: 2 3 5 7 11 13 17 19 23 29 31 37 41 43`) or a decimal fraction, a login on a host, an IP
    address that is an amount after its currency."""
    if entity in ("PHONE_NUMBER", "CREDIT_CARD") and hex_digest(text, start, end):
        from proxy.nlp.pay41 import glued_pans  # (atk41 F03: a track 2 `...D2709...`, an EMV record, are no digest)

        # `e2493692...aadb6652900714124c0dab6d...`: digits inside a SHA-256 digest (see above)
        return entity == "PHONE_NUMBER" or (start, end) not in glued_pans(text)
    if entity == "IP_ADDRESS":  # `Rp 1.250.000.000`: an amount after its currency (atk14, fpnames14's note)
        return amount(text, start, end, words=False)
    if entity == "PHONE_NUMBER":
        return technical_number(text, start, end)
    if entity == "CREDIT_CARD":
        if _TRACKING_BEFORE.search(text, max(0, start - 40), start) \
                and not _CARD_WORD.search(text, max(0, start - 40), start):
            return True  # `Tracking 608656907029313 shows delivered` (see above)
        if log_field(text, start, end):
            return True  # `I0517 05:59:46.072116   16568 server.go:243]`
        value = text[start:end]
        card_word = _CARD_WORD.search(text, max(0, start - 40), start)
        device = _DEVICE_ID_BEFORE.search(text, max(0, start - 48), start)
        if device is not None and (card_word is None or card_word.start() < device.start()):
            return True  # `IMEI: 490154203237518`, `The IMEI of the new phone is ...` (atk16 B L1; see above)
        if _CARD_PAIRS.fullmatch(value) and card_word is None:
            return True  # `Scores per round: 23 89 74 44 65 91 40`: no card is printed in pairs (atk16 B M1)
        if power_of_two(value):
            return True  # `2^45 = 35184372088832`
        if registry_number(text, start, card=True):
            return True  # `Barcode 4193817805558`, `EAN 4193817805558`, `法人番号: 1234567890123`
        if _TWELVE_IN_GROUPS.fullmatch(value) and not _TWELVE_CARD_WORD.search(text, max(0, start - 40), start):
            return True  # `Your case number is 5003-2211-8745`: 12 digits in groups, no card word before (see above)
        if len(value) == 12 and value.isascii() and value.isdigit() and text.strip() != value \
                and not _TWELVE_CARD_WORD.search(text, max(0, start - 40), start):
            return True  # `arn:aws:iam::123456789012:role/deploy`: an AWS account id (see above)
        if value.isascii() and value.isdigit() and _TRACE_ID_BEFORE.search(text, max(0, start - 40), start):
            return True  # `"dd.trace_id": "1234567890123456789"` (see above)
        if id_number(text, start, end) and not _PRINTED_CARD.fullmatch(value):
            return True  # `El pedido 300-1234567-8901234`: an order number; `Order 4539-1488-0343-6467` stays a card
        if len(value) == 13 and value.isascii() and value.isdigit() and gs1_check(value) and text.strip() != value \
                and not _CARD_WORD.search(text, max(0, start - 40), start):
            # an EAN-13 (its GS1 check digit; no 13-digit card is issued now) in a sentence with no card word before
            # it; a value alone (a JSON string, whatever its key) stays a card
            return True
        if _CARD_LABEL.search(text, max(0, start - 40), _number_start(text, start)) is not None:
            return number_sequence(text, start, end)
        return number_sequence(text, start, end) or (
            _FRACTION.fullmatch(text, start, end) is not None and not re.match(r"\.?\d", text[end:end + 2])) or (
            # the digits after a decimal's point (`0.4111111111111111`: the view reads the point as a separator)
            _FRACTION_HEAD.search(text, max(0, start - 5), start) is not None)
    if entity == "EMAIL_ADDRESS":
        return host_login(text, start, end) or url_password(text, start, end)  # mail27
    if entity == "US_SSN":
        return size_list(text[start:end]) and not _SSN_LABEL.search(text, max(0, start - 40), start)
    return False


def _valid_in(regions: tuple[str, ...]) -> Callable[[str], bool]:
    def valid(value: str) -> bool:
        import phonenumbers

        digits = re.sub(r"\D", "", value)
        for region in regions:
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(digits, region)):
                    return True
            except phonenumbers.NumberParseException:
                continue
        return False
    return valid


# The patterns read only right after a phone word (`_PHONE_CUE` and the other scripts' words and abbreviations, on
# the same line), each with the check its digits must pass.
_CUED_PATTERNS: dict[str, Callable[[str], bool]] = {
    "phone (6-4, cued)": plausible_phone,
    "phone (long national mobile, cued)": _valid_in(("ID", "DE")),
    "phone (in an id, cued)": plausible_phone,
    "phone (China mobile, cued)": _valid_in(("CN",)),
}
# A phone word right before a number, only filler words between (`call me, run_6175550143`, `my cell is
# build_2125550199`, `"phone": "gpt-4o-6175550143"`, `Phone number: 212555-0199`): the words that name a phone
# (`_PHONE_WORD` without `text`, `contact`, `reach`, `ring`, `dial` and a bare `call`: an API call, a function's,
# `call for job_2125550199`, are other things), and no other word after them (`Cell A2 holds job_...`, `Mobile app
# build run_...`: a spreadsheet's cell, an app).
_PHONE_CUE = re.compile(r"(?i)(?:\b(?:phone|telephone|tel|cell|mobile|fax|whatsapp|wechat|weixin|sms|telefon"
                        r"|handy)\w{0,6}"
                        r"|\bcall(?:ing)?\s+(?:me|us|him|her|them)\b)"
                        r"(?:\W+(?:is|was|at|on|number|no|nr|num|me|us|my|our|his|her|him|them|to))*\W*$")


_ID_HEAD = re.compile(r"[\w.-]*$")
# The patterns whose match must be a valid phone number wherever it stands (a bracketed area code glued to a word or
# in square, curly or angle brackets: atk20 H1).
_VALIDATED_PATTERNS = frozenset({"phone (NANP, glued bracket)", "phone (NANP, other brackets)"})


def _north_american(text: str) -> bool:
    """Whether `text` is a valid North American number (`plausible_phone`), its country code (`1`, `001`) aside: a
    bracketed `[099]` or `{011}` is no area code, whatever a trunk `0` makes of it elsewhere."""
    digits = re.sub(r"\D", "", re.split(r"\s?(?:x|ext\.?|#)\s?\d", text, maxsplit=1)[0])
    digits = digits.removeprefix("001") if len(digits) == 13 else digits.removeprefix("1") if len(digits) == 11 \
        else digits
    return len(digits) == 10 and digits[0] in "23456789" and plausible_phone(digits)


def _cued_pattern(result: RecognizerResult) -> Callable[[str], bool] | None:
    explanation = result.analysis_explanation
    return None if explanation is None else _CUED_PATTERNS.get(explanation.pattern_name or "")


class PhoneNumberRecognizer(PatternRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entity="PHONE_NUMBER", patterns=_PHONE_PATTERNS, context=_PHONE_CONTEXT,
                         name="PhoneNumberRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """The patterns' findings, a finding right after a phone word as people abbreviate it (`Тел.`, `טל'`,
        `HP:`: `_PHONE_ABBREVIATION`, `_LATIN_PHONE_ABBREVIATION`) scored as Presidio's context step scores one
        after a context word (it skips a finding so marked)."""
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for r in results:
            before = text[max(0, r.start - 48):r.start]
            cued = _cued_pattern(r)
            if r.analysis_explanation is not None and r.analysis_explanation.pattern_name in _VALIDATED_PATTERNS \
                    and not _north_american(text[r.start:r.end]):
                continue
            if cued is not None:
                if not cued(text[r.start:r.end]):
                    continue
                line = _ID_HEAD.sub("", before.rpartition("\n")[2])  # (`run_`, `gpt-4o-` of an id: its words)
                word = (_PHONE_CUE.search(line) or _SCRIPT_PHONE_WORD.search(line) or _PHONE_ABBREVIATION.search(line)
                        or _LATIN_PHONE_ABBREVIATION.search(line))
                if word is None:
                    continue
            else:
                word = _PHONE_ABBREVIATION.search(before) or _LATIN_PHONE_ABBREVIATION.search(before)
            kept.append(r)
            if word is None:
                continue
            r.score = min(1.0, max(r.score + _CONTEXT_FACTOR, _CONTEXT_FLOOR))
            r.recognition_metadata = {**(r.recognition_metadata or {}),
                                      RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True}
            if r.analysis_explanation is not None:
                r.analysis_explanation.set_supportive_context_word(word.group().strip())
                r.analysis_explanation.set_improved_score(r.score)
        return kept

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = re.sub(r"\D", "", re.split(r"\s?(?:x|ext\.?|#)\s?\d", pattern_text, maxsplit=1)[0])
        if not 7 <= len(digits) <= 15 or len(set(digits)) == 1:
            return False
        if _INDIA_TRUNK.fullmatch(pattern_text) and not plausible_phone(pattern_text):
            return False
        if _DATE.fullmatch(pattern_text) or _DATE_HOUR.fullmatch(pattern_text) or _IPV4.fullmatch(pattern_text) \
                or (_DECIMAL.fullmatch(pattern_text)
                    and not (_DOTTED_PHONE.fullmatch(pattern_text) and plausible_phone(pattern_text))):
            return False
        return None  # keep the pattern's score


# --------------------------------------------------------------------------- payment cards

_CARD_PATTERNS = [
    Pattern("card (12-19 digits)", r"(?<![\d.-])(?:\d[ -]?){11,18}\d(?![\d-]|\.\d)", 0.3),
]
_CARD_RUN = re.compile(_CARD_PATTERNS[0].regex)
_DIGIT_GROUP = re.compile(r"\d+")
_CARD_SHORT = 4  # short groups left off each end
# A card as printed: one run, or groups of 4-4-4-4 (Visa, Mastercard...), 4-6-5 (Amex), 4-4-4-4-3, one separator.
_PRINTED_CARD = re.compile(r"\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{5}")
_CARD_CONTEXT = ["credit", "card", "visa", "mastercard", "cc", "amex", "discover", "jcb", "diners",
                 "maestro", "debit", "payment", "pay"]


class CardNumberRecognizer(PatternRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entity="CREDIT_CARD", patterns=_CARD_PATTERNS, context=_CARD_CONTEXT,
                         name="CardNumberRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """Also a card with a short number written beside it (`room 7 4539-1488-0343-6467`, `ok 5 4539 1488
        0343 6467`, `4539 1488 0343 6467 2`): the pattern takes the number in, the whole fails the checks,
        and the card inside was never tried. Up to 4 groups of 1-3 digits are left off either end where what is left
        is a card as printed (one run of 13-19 digits, or groups of 4-4-4-4, 4-6-5, 4-4-4-4-3 with one
        separator)."""
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if "CREDIT_CARD" not in entities:
            return results
        for m in _CARD_RUN.finditer(text):
            if any(r.start < m.end() and m.start() < r.end for r in results):
                continue
            groups = list(_DIGIT_GROUP.finditer(m.group()))
            found = None
            for i in range(0, min(_CARD_SHORT + 1, len(groups))):
                for j in range(len(groups), max(len(groups) - _CARD_SHORT - 1, i), -1):
                    if (i, j) == (0, len(groups)) or any(len(g.group()) > 3 for g in groups[:i] + groups[j:]):
                        continue
                    a, b = m.start() + groups[i].start(), m.start() + groups[j - 1].end()
                    if _PRINTED_CARD.fullmatch(text[a:b]) and self.validate_result(text[a:b]):
                        found = a, b
                        break
                if found:
                    break
            if found:
                # Validated, as Presidio scores a validated pattern match.
                results.append(RecognizerResult("CREDIT_CARD", found[0], found[1], EntityRecognizer.MAX_SCORE,
                                                recognition_metadata={
                                                    RecognizerResult.RECOGNIZER_NAME_KEY: self._name(),
                                                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        from proxy.nlp.cards30 import national_cards  # (fp30, atk28 F13: Troy, BC Card, UATP after a card word)
        from proxy.nlp.pay41 import glued_pans  # (atk41 F03: ISO 8583, track 2, EMV)

        results += [RecognizerResult("CREDIT_CARD", a, b, EntityRecognizer.MAX_SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self._name(), RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
                    for a, b in national_cards(text) + glued_pans(text)
                    if not any(r.start < b and a < r.end for r in results)]
        return results

    def _name(self) -> str:
        return str(getattr(self, "name", ""))

    def validate_result(self, pattern_text: str) -> bool:
        digits = re.sub(r"\D", "", pattern_text)
        separators = set(re.sub(r"\d", "", pattern_text))
        # Issuer ranges (ISO/IEC 7812): 0604 Maestro UK, 1800/2131 JCB, 2200-2204 Mir, 2221-2720 2-series Mastercard,
        # 3 Amex/Diners/JCB, 4 Visa, 5 Mastercard/Maestro, 6 Discover/Maestro/UnionPay. No card starts 2000-2199: a
        # run that starts with this century's date (`20240604_1022`, `snapshot_202406041022`) is none.
        issuer = digits[0] in "3456" or "2200" <= digits[:4] <= "2204" or "2221" <= digits[:4] <= "2720" \
            or digits.startswith(("0604", "1800", "2131"))
        return 12 <= len(digits) <= 19 and len(separators) <= 1 and issuer and luhn_ok(digits)


# --------------------------------------------------------------------------- person names

_INITIAL = re.compile(r"[A-Z]\.?")
_PARTICLES = frozenset({"van", "de", "der", "den", "ten", "ter", "von", "da", "di", "del", "della", "la",
                        "le", "du", "dos", "das", "bin", "ibn", "al", "el", "mac", "st.", "y"})
_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.",
                     "sir", "madam", "mx", "mx."})
_LOWER_CUES = (("name", "is"), ("name", ":"), ("name", "?"), ("call", "me"), ("calls", "me"))
# A contact label: the lower-case word after it is a name when it is a listed first name ("contact: jane doe").
_LABEL_CUES = (("contact", ":"),)
_CUES = (("named",), ("called",), ("dear",), ("i", "am"), ("i", "'m"), ("this", "is"), ("hi",), ("hello",))
# "my kid Tadzio", "Tomomi lives at ...": words around an unlisted capitalised word that make it a name.
_RELATIONS = frozenset({"kid", "son", "daughter", "wife", "husband", "mom", "mother", "dad", "father",
                        "brother", "sister", "uncle", "aunt", "cousin", "friend", "colleague", "boss",
                        "grandma", "grandpa", "grandmother", "grandfather", "nephew", "niece", "partner",
                        "fiancé", "fiance", "fiancée", "girlfriend", "boyfriend", "neighbour", "neighbor"})
_PERSON_VERBS = frozenset({"lives", "lived", "spent", "shouted", "said", "says", "told", "asked", "married",
                           "works", "worked", "replied", "wrote", "smiled", "laughed", "cried", "was born"})
_NOT_A_NAME_ENT = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL",
                             "PERCENT", "QUANTITY"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Surname morphology (Slavic, Nordic, Georgian, Armenian, Greek, Romanian, Turkish, South Slavic).
# Indonesian nouns of a verb (pe-/per-/ke- ... -ian): "Pengembalian" (refund), "Pembelian", "Penilaian", "Kesehatian".
_INDONESIAN_NOUN = re.compile(r"(?:[Pp]e|[Kk]e)\w{3,}ian")
_SURNAME_SUFFIX = re.compile(
    r"\w{2,}(?:ov|ova|ev|eva|yov|yova|in|ina|ovich|evich|ovna|evna|sky|ski|ska|skaya|skiy|enko|chuk|yuk|"
    r"dze|shvili|yan|ian|oglu|oğlu|dottir|dóttir|sson|sdóttir|poulos|opoulos|escu|ić|ovic|ović|evic|ević|"
    r"czyk|wicz|ewski|owski|ewska|owska)"
)


def only_common_words(span: str, names: NameLists) -> bool:
    """True for spans the small NER model tags PERSON that are made of ordinary words ("Wisdom and
    Discipline", "Salesperson", "Guilty Pleasures"): no listed name, no surname-shaped word."""
    words = [w for w in _WORD.findall(span) if len(w) > 1]
    return not words or all(names.is_common(w) and not names.is_name(w) and not _SURNAME_SUFFIX.fullmatch(w)
                            for w in words)


# --------------------------------------------------------------------------- not names: what engineers type

# Words that may follow a sentence-initial verb used as an imperative ("Add a unit test", "Fix the build",
# "Debug why ...") but not a name used as a subject ("Mark said", "Grant is").
_AFTER_IMPERATIVE = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "its", "their", "all", "each",
    "every", "some", "any", "it", "them", "me", "us", "how", "why", "what", "which", "whether", "where", "when",
    "if", "up", "out", "in", "on", "to", "for", "with", "from", "into", "by", "and", "or", "both", "one", "two",
    "three", "more", "less", "only", "just", "again", "everything", "anything", "something", "ten", "five",
    ":", "-", "—", "–", "`", '"', "'", "(", "[",
})
# Words that make a whole sentence technical (a first-name product in it is the product).
_TECH_CONTEXT = frozenset("""
api apis backend cli codebase compiler config configs configuration container containers dependencies dependency
deployment deployments dockerfile endpoint endpoints frontend json kubectl localhost microservice microservices
middleware namespace pipeline pipelines plugin plugins pod pods regex repo repos repository runtime schema sdk yaml
linter linters replica replicas runner runners
ci cors preflight browser browsers compaction
""".split())
_BROWSERS = frozenset({"safari", "firefox", "chrome", "chromium", "opera", "vivaldi", "brave", "edge"})
_SENTENCE_START = frozenset({".", "!", "?", ":", ";", ">", "-", "*", "•", "—", "–", "(", '"', "“", "`", "#"})
_VERSION = re.compile(r"v?\d+(?:\.\d+)+(?:[-.+]\w+)*|v\d+")
# Names with a lower-case prefix before an inner capital: McKenzie, MacArthur, DeShawn, LaToya, DiCaprio, O'Neil.
_NAME_CAMEL = re.compile(r"(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Ja|Ke|Sha|Ta|D'|O')[A-Z][a-zà-ÿ]+")
# After a product name: "Grafana dashboard", "Helm chart", "Rust function", "Jira tickets".
_TECH_HEADS = frozenset("""
api apis app apps agent agents alert alerts backend build builds bucket buckets bot bots chart charts cli client
clients cluster clusters code config configs configuration console container containers controller core cores
crate dashboard dashboards database databases deploy deployment deployments docs driver drivers endpoint
endpoints engine exporter exporters extension function functions gem image images index instance instances job
jobs kernel kernels library libraries logs metrics module modules node nodes operator package packages panel
panels pipeline pipelines plugin plugins pod pods project provider query queries release releases repo
repository rule rules runner runners runtime schema scripts script sdk server servers service services snippet
stack support syntax table tables template templates test tests token tokens topic topics trace traces
version versions workflow workflows workspace cache caches queue queues broker cluster's tickets ticket board
boards issues messages channel channels preview previews upgrade install compiler toolchain binary binaries boot
compaction
""".split())


# A country or a state that is also a first name ("Jordan", "Chad", "Georgia") is the place after one of
# these prepositions, after "to" in a sentence with one of `_PLACE_VERBS` ("deploy the build to Georgia"; not
# "send it to Jordan"), before one of `_PLACE_HEADS` ("Chad regions") or before a possessive and one of them
# ("Chad's elections"; not "Chad's phone").
_PLACE_BEFORE = frozenset({"in", "from", "across", "within", "throughout", "inside", "outside", "near", "via"})
_PLACE_VERBS = frozenset({"deploy", "deploys", "deployed", "deploying", "ship", "ships", "shipped", "shipping",
                          "migrate", "migrated", "migrating", "move", "moved", "moving", "travel", "travelled",
                          "traveled", "travelling", "traveling", "fly", "flew", "flying", "expand", "expanded",
                          "expanding", "relocate", "relocated", "relocating", "export", "exported", "exporting",
                          "route", "routed", "routing", "replicate", "replicated", "failover", "fail", "roll",
                          "rolled", "rollout", "launch", "launched", "region", "regions", "trip", "visit", "visited"})
_PLACE_HEADS = frozenset("""
region regions datacenter datacenters data-center zone zones border borders embassy government governments election
elections economy capital president parliament population army military currency constitution coast coastline
citizens climate exports imports gdp territory weather market markets office offices customers users law laws
""".split())
_MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_ENGLISH_MONTHS = frozenset("january february march april june july august september october november december".split())
_WEEKDAYS = frozenset({"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"})
# German weekday abbreviations, in a range only (`Mo–Fr`, `Sa/So`: atk10 B-L2): each is a word or a name elsewhere.
_WEEKDAYS_DE = frozenset({"mo", "di", "mi", "do", "fr", "sa", "so"})
# Workday abbreviations after a preposition of time are dates (`by Fri`, `until Wed`, `next Tue`: atk42 FP04).
_WORKDAYS = frozenset({"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"})
_TIME_PREPOSITIONS = frozenset({"by", "on", "until", "till", "til", "before", "after", "next", "this", "last", "every",
                                "from", "due", "through", "thru"})
# A month's abbreviation as a table's cell or a list's item (atk10 B-M6, `PersonFilter.month_cell`): before a number
# across one of these (`| Jan | 1200 |`, `Jan: 42 tickets`, `Jan,1200`), before one of `_PERIOD_NOUNS` (`Jan
# sales`), or the value of one of `proxy.nlp.plain_words.MONTH_KEYS` (`{"month": "Jan"}`).
_POSTCODE = re.compile(r"(?:[A-Z]{1,2}-)?\d{4,5}")  # German, French, Italian, Spanish (5), Swiss, Austrian (4)
_CELL_SEPARATORS = frozenset({":", "|", ",", ";", "=", "\t"})
_PERIOD_NOUNS = frozenset("""
sales revenue revenues income profit profits costs cost spend spending expenses budget budgets forecast forecasts
figures numbers totals total results report reports data metrics stats statistics kpis invoices invoice payroll
orders signups churn traffic usage volume volumes tickets incidents releases release close closing cohort batch
targets target bill bills statement statements rent payments payment deliveries shipments returns visits
""".split())
_MONTH_LIST_JOINERS = frozenset({"and", "or", "&", "vs", "vs.", "versus", "to"})
_CELL_NUMBER = re.compile(r"[-+]?[$€£]?\d[\d,.']*%?k?")
# Two month or weekday abbreviations joined by one of these are a range (`Jan-Mar`, `Q1 (Jan–Mar)`, `Sep/Oct`,
# `Mon-Fri`): atk8 B M5.
_RANGE_JOINERS = frozenset({"-", "–", "—", "‐", "/", "to"})
_RANGE_MONTHS = _MONTHS | frozenset({"mär", "mrz", "mai", "okt", "dez"})  # German ones too: `Jan–Mär`, `Okt/Dez`
# Months in German, Dutch, French, Spanish, Italian, Portuguese, Polish, Czech and Turkish, with German
# abbreviations (atk8 B M4): "Im Januar", "Ende Februar", "März", "Okt–Dez". Those a name list also holds as a first
# name ("Mai", "Juli", "Julio", "Abril", "Avril", "Maj", "Augustus") only where a date says month
# (`PersonFilter.month_name`).
_FOREIGN_MONTHS = frozenset("""
januar jänner februar feber märz april mai juni juli august september oktober november dezember mär okt dez
januari februari maart mei augustus
janvier février mars avril juin juillet août septembre octobre novembre décembre
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
styczeń stycznia styczniu luty lutego lutym marzec marca marcu kwiecień kwietnia kwietniu maj maja maju czerwiec
czerwca czerwcu lipiec lipca lipcu sierpień sierpnia sierpniu wrzesień września wrześniu październik października
październiku listopad listopada listopadzie grudzień grudnia grudniu
leden ledna lednu únor února únoru březen března březnu duben dubna dubnu květen května květnu červen června červnu
červenec července červenci srpen srpna srpnu září říjen října říjnu prosinec prosince prosinci
ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık
""".split())
# Words of time before a month ("Im Mai", "Ende Juli", "en julio", "fin avril", "a marzo", "in mei").
_MONTH_BEFORE = frozenset("""
im am ab bis seit ende anfang mitte vom zum in en em fin début finales principios mediados inicio fine inizio metà
entro eind begin für von auf nach vor über zwischen monat monate monaten monats maand maanden mois mes meses mese
""".split())
# Words that join months in a list or a span ("Juli, August und September", "von Juni auf Juli", "April und Mai"):
# a month's name beside another across one of these is a month (atk9 B M3).
_MONTH_JOINERS = frozenset({",", "und", "oder", "and", "or", "et", "ou", "y", "o", "e", "en", "of", "i", "a", "bis",
                            "auf", "-", "–", "/", "und/oder"})
_TYPE_NAME = re.compile(r"u?(?:int|float|bfloat|fp|i|u|f)(?:8|16|32|64|128)(?:_t)?")
_HYPHENS = frozenset({"-", "–", "‐"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Words after which a lone eponym is the person ("Ask Kruskal about it", "cc Huffman", "with Knuth").
_PERSON_BEFORE = frozenset({"ask", "asked", "tell", "told", "email", "e-mail", "mail", "ping", "cc", "call", "called",
                            "thank", "thanks", "contact", "message", "meet", "met", "invite"})
# Before a person, not a month: "Thanks Jan, 15 tickets closed" (`PersonFilter.month_cell`).
_GREETINGS = _PERSON_BEFORE | frozenset({"hi", "hello", "hey", "dear", "thx", "@"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "our", "my", "your", "their", "its", "each", "every"})
# Before a noun phrase, as an article is: "At what Reynolds number", "with Barrett reduction", "under the ...",
# "Convert the quaternion to Tait-Bryan angles" (prepositions only: never a conjunction that starts a clause, as
# "before", "after", "until" do: "before Scott tests the build").
_NOUN_BEFORE = _DETERMINERS | frozenset({"what", "which", "whose", "any", "some", "no", "with", "using", "via", "under",
                                         "by", "from", "of", "on", "in", "into", "for", "between", "over", "to", "at",
                                         "onto", "toward", "towards", "across", "through", "within", "against"})
# Where software goes or runs: a capitalised word after "to" after one of `_DEPLOY_WORDS` (with its object between:
# "Deploy to Aurora failed", "Migrate the database to Aurora") or after "on", "in", "at" after one of `_RUNS_ON`
# ("The job on Aurora failed", "Run the pipeline on Hopper") names a product, a cluster or a host, not a person
# (`PersonFilter.infrastructure`).
_DEPLOY_WORDS = frozenset({"deploy", "deploys", "deployed", "deploying", "deployment", "deployments", "redeploy",
                           "redeployed", "redeploying", "rollout", "rollouts", "migrate", "migrates", "migrated",
                           "migrating", "migration", "migrations", "failover", "upgrade", "upgraded", "upgrading",
                           "replicate", "replicated", "replicating", "replication"})
# Not "tests", "query", "images": a person's too ("ran blood tests on Maria", "a query on Maria").
_RUNS_ON = _DEPLOY_WORDS | frozenset("""
run runs ran running hosted installed job jobs build builds pod pods node nodes container containers cluster clusters
service services kernel kernels instance instances server servers workload workloads pipeline pipelines runner runners
app apps binary binaries database databases benchmark benchmarks
""".split())
# What ends the object between a deploy word and "to": "Deploy the build, then send the notes to Mary".
_CLAUSE_BREAK = frozenset({",", ";", ":", ".", "!", "?", "and", "or", "then", "but", "so", "(", ")", '"'})
# An object's first word: after a head that is also a verb, it makes the head the verb ("Gordon sort the tickets").
_OBJECT_WORDS = _DETERMINERS | frozenset({"it", "them", "these", "those", "him", "her", "me", "us", "all", "some",
                                          "any", "everything", "out", "up"})
# Before a question's subject: the subject's verb after one is bare ("Why do Cooper pairs form?", "Are Cooper pairs
# stable?"), so a head in its "-s" form after `<auxiliary> <Surname>` is a plural noun, not the name's verb; and a
# noun phrase starts after one ("Is Elias gamma coding better?").
_AUXILIARIES = frozenset({"do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would", "shall",
                          "should", "may", "might", "must", "has", "have", "had"})
# A model number after a product or an architecture named after a person, with its initial: "a Blackwell B200",
# "Kepler K80 cards", "Hopper H100" (two digits or more: not "Q3", "H1"; "Assign Lee PR123" keeps the name).
_MODEL_NUMBER = re.compile(r"[A-Z]{1,3}[0-9]{2,4}[A-Za-z]{0,2}")
# Nouns a person's own things are named with, and times: never the modifier between a surname and a head ("the Smith
# family tree", "the Lee lab network", "to Kowalski tomorrow morning").
_PERSONAL_MODIFIERS = frozenset("""
family team household lab office home house group company estate account personal private wedding birthday medical
health tax bank salary credit contact phone email mail address today tonight tomorrow yesterday morning evening
""".split())
# Words of a conversion, before a unit (`PersonFilter.unit`): "Convert the readings from Fahrenheit to Kelvin".
# Not "express" ("Express your thanks to Kelvin"); "converted" after a determiner is an adjective ("Send the converted
# files to Kelvin").
_CONVERT_WORDS = frozenset({"convert", "converts", "converted", "converting", "conversion", "conversions"})
# Verbs that take a clause, not an object: "Let Jordan sort it out", "Have Mary test it", "Help Lee filter the mail".
_CLAUSE_VERBS = frozenset({"let", "have", "make", "help", "see", "watch", "hear", "get", "bid", "need", "want"})
_JOINERS = frozenset({"'s", "’s", "vs", "vs.", "versus"})
# Products that are also listed first names, whose product reading is the one engineers write ("merge when Travis
# is green", "Travis CI"): the product unless `PersonFilter.person_cued` ("Hi Travis", "Travis Scott", "ask Travis").
_SERVICE_FIRST_NAMES = frozenset({"travis"})
# Imperatives engineers start prompts with that WordNet's verb index lacks.
_EXTRA_VERBS = frozenset({"benchmark", "refactor", "inline", "lint", "visualise", "visualize", "dockerize",
                          "containerize", "memoize", "memoise", "parallelize", "parallelise", "vectorize", "vectorise",
                          "dedupe", "deduplicate", "tokenize", "tokenise", "serialize", "serialise", "deserialize",
                          "unit-test", "upsert", "backport", "autoscale", "prefetch", "debounce", "throttle"})


# Lower-case identifiers, config keys and values (issue 12: spaCy's small model tags "lang", "max", "lib", "null"
# PERSON when they stand alone or before a value): see `PersonFilter.lower_identifier`.
# Two-letter language codes written as values ("lang: en", "Set lang to de.", "name: en"); not "da", "el" (name
# particles), "it", "he", "hi", "ms", "id" (words, a greeting, a title).
LANGUAGE_CODES = frozenset("""
en de fr es nl pt sv nb nn no fi pl cs sk hu ro tr ru uk bg hr sl et lv lt ja zh ko ar fa th vi ca gl eu
""".split())
# Listed first names that engineers write as identifiers: a whole text or field of one of them alone, in lower
# case and with no cue, is the identifier (`max` alone), while any other lower-case listed first name alone
# stays a name (`lena`). The trade-off: a field holding only a person called `max`, in lower case, passes.
IDENTIFIER_FIRST_NAMES = frozenset("""
max min val len ami nan ret rev del sid
""".split())
# Listed first names that are also English words engineers write capitalised at a sentence's start (issue 12, atk6
# F5): "Grace period is 30 s", "Max concurrency is 64", "Rose to 95% CPU", "Max. Speicher: 4096 MB" (`word_name`).
WORD_FIRST_NAMES = frozenset("""
grace rose max min mark frank grant chase miles drew lance rich dawn faith hope joy crystal amber holly iris pearl
gene violet penny hunter carol ivy olive hazel fern heather ginger handy
""".split())
# Words that label a phone number (`PersonFilter.phone_label`): "Handy" is a listed first name, "Tel" the NER model's.
_PHONE_LABELS = frozenset({"tel", "telefon", "handy", "mobil", "mobile", "fax", "phone", "cell", "mob", "tél",
                           "teléfono", "telefono", "telefone", "móvil", "cellulare", "gsm",
                           # Nordic, Spanish, Dutch, Swiss and English abbreviations and words (fpnames14)
                           "tlf", "tlfn", "tfn", "telf", "tfno", "puh", "ph", "telefoon", "mobiel", "celular", "cel",
                           "natel", "téléphone", "mobilnr", "telnr"})
# "Max."/"Min." as the abbreviation of maximum and minimum, in English, German, French and Spanish text.
_ABBREVIATED_FIRST_NAMES = frozenset({"max", "min"})


def milliseconds(toks: list[str], k: int) -> bool:
    """Token k is the unit `ms` after a number (`102.45 ms Billed Duration`: issue 12, atk8 B M4), not the title
    `Ms`: lower case, right after a token that ends in a digit."""
    return toks[k] == "ms" and k > 0 and toks[k - 1][-1:].isdigit()


# What joins "min" and "max" as the words (`PersonFilter.limit_word`), the operators they are operands of, and the
# keys that name a person before "=" ("name = max" is a name).
_LIMIT_JOINERS = frozenset({"and", "or", "vs", "vs.", "versus", "/", "-", "&", ",", "to", "|"})
_OPERATORS = frozenset({"=", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "**", "//", "+=", "-=", "*=",
                        "/=", "<<", ">>"})
_PERSON_KEY = re.compile(r"name|user|author|owner|assign|review|member|contact|person|(?:^|_)(?:who|by|from|to|cc)$")
# Verbs whose past is their bare form, and verbs a subject takes bare: "Max set the flag", "Grace put it back",
# "Max need not worry" (a person, not "Max heap").
_SAME_FORM_PASTS = frozenset("""
put set read cut let hit shut quit spread cast cost hurt split upset bet bid burst fit rid shed slit thrust wed
broadcast forecast reset preset offset input output beat bust knit lit spit sweat need dare
""".split())
# Capitalised heads of a place's or an institution's name: the capitalised words before one are the place's, not a
# person ("Charlotte Douglas Airport", "Virginia Beach", "Santa Monica Pier", "Jackson Street", "Harvey Mudd College";
# `PersonFilter.place_named`). A head that is also a surname or a listed name ("Park", "Beach", "Lane", "Pier")
# counts only after a listed place ("Virginia Beach", "Santa Monica Pier") or before another head ("Lincoln Park
# Station"): "Jack Park", "Emily Beach" stay names.
PLACE_HEADS = frozenset("""
airport airports beach beaches pier county street st avenue ave boulevard blvd road rd lane drive highway freeway
expressway turnpike parkway station terminal bridge tunnel bay lake lakes river creek falls canyon valley mountain
mountains mount peak hills island islands peninsula harbor harbour port marina park square plaza mall center centre
stadium arena museum library university college institute academy school hospital clinic cathedral church chapel
temple mosque synagogue abbey castle palace tower zoo aquarium gardens forest reserve township parish district borough
heights springs memorial hbf hauptbahnhof bahnhof underground overground hotel centraal wall
""".split())
_SURNAME_HEADS = frozenset({"park", "hall", "church", "temple", "castle", "tower", "hill", "hills", "bay", "mount",
                            "port", "bridge", "ford", "square", "lake", "forest", "lane", "beach", "marina", "wall",
                            "pier", "river", "canyon", "abbey", "mountain", "springs", "banks", "brooks", "wood"})
# Currency codes and signs written before an amount (atk13: "Anggaran Rp 6.175.550.143", "Bajeti ni KSh 6,175,550,143"):
# the capitalised words before one and a number label the amount (`PersonFilter.before_amount`).
CURRENCY_WORDS = frozenset("""
rp idr ksh kes tsh tzs ush ugx usd eur gbp jpy cny rmb inr rs brl r$ us$ a$ c$ hk$ s$ nz$ chf cad aud mxn ars clp cop
pen php myr sgd thb vnd krw zar ngn ghs egp try rub uah pln czk huf sek nok dkk aed sar qar pkr bdt lkr npr
€ £ ¥ ₹ ₩ ₦ ₱ ₫ ₺ ₽ ₴ ₪ ฿ $
""".split())
# Colours and materials a word first name compounds with before a noun: "Rose gold cases", "Amber glass bottles",
# "Olive green jackets" (`PersonFilter.word_name`).
_COLOURS_AND_MATERIALS = frozenset("""
gold silver green red blue pink white black grey gray brown purple yellow orange glass oil stone steel wood copper
bronze iron plastic paper leather cotton wool silk velvet quartz marble
""".split())
# Particles of phrasal verbs a first name that is a verb takes: "Max out the pool", "Drew up a plan", "Mark down
# the price" (`PersonFilter.word_name`).
_PARTICLES_OF_VERBS = frozenset({"up", "out", "down", "off"})
# Verbs a bare form follows ("Holly helps build the site", "Max lets go the rope") and verbs of saying: never the
# plural noun of `PersonFilter.plural_subject`.
_BARE_FORM_TAKERS = frozenset({"lets", "helps", "makes", "sees", "watches", "hears", "gets", "needs", "wants", "dares",
                               "says", "tells", "asks", "goes", "does", "has", "was", "bids", "tries"})
# A verb's object pronouns, after the verb of `PersonFilter.plural_subject`: "Ivy roots hold it in place".
_VERB_OBJECTS = frozenset({"them", "it", "us", "him", "her", "me", "you", "everything", "everyone"})
# After a past tense that is a first name, before a number: "Rose to 95%", "Rose by 3%".
_RISE_PREPOSITIONS = frozenset({"to", "by", "from", "above", "over", "past"})
# Verbs that set a key: "Set lang to de.", "change max to 5", "bump timeout to 30".
_SET_VERBS = frozenset({"set", "unset", "reset", "change", "changed", "changes", "update", "updated", "configure",
                        "increase", "decrease", "raise", "lower", "bump", "pin", "export", "override", "toggle",
                        "enable", "disable", "default", "defaults"})
# Keys whose value names another key: `{"key": "lang", "value": "de"}`, `field: max` (not "name").
_FIELD_KEYS = frozenset({"key", "keys", "field", "fields", "param", "params", "parameter", "option", "flag",
                         "setting", "attribute", "attr", "property", "prop", "column", "col", "variable", "var",
                         "arg", "argument", "env", "metric", "aggregation", "agg", "op", "operator", "sort",
                         "order_by", "group_by"})
# Nouns after a key's name: "the lang field", "max value", "lib folder".
_FIELD_HEADS = _FIELD_KEYS | frozenset({"value", "values", "flags", "options", "settings", "columns", "variables",
                                        "folder", "directory", "dir", "path", "setting", "parameters", "arguments"})
_QUOTES = frozenset({'"', "'", "`", "“", "”", "‘", "’"})
# Keywords that declare a name in code (Scala, Kotlin, Swift, JavaScript, Rust, Go): `val config = ...`.
_DECLARATIONS = frozenset({"val", "var", "let", "const", "def", "fn", "func", "lazy", "final", "auto", "dim"})


# atk11 B FP-M2, M4, L1, L3 (issue 12): see `PersonFilter.programming_language`, `amount_abbreviation`, `size_unit`.
_LANGUAGE_SUFFIXES = frozenset({"like", "style", "based", "inspired", "flavored", "flavoured", "compatible", "esque"})
# Verbs of a colleague right after a language's name: "Julia reviewed the code", "Ada wrote the parser".
_COLLEAGUE_VERBS = frozenset("""
reviewed reviews approved approves merged merges wrote fixed fixes sent sends asked asks said says told thinks
thought knows knew agreed agrees suggested mentioned joined left wants wanted will would could should please
""".split())
_MODEL_VERBS = frozenset({"wrote", "replied"})  # verbs of persons that a model does too (`PersonFilter.ai_model`)
_SIZE_UNITS = frozenset({"g", "m", "k", "t", "gb", "mb", "kb", "tb", "gib", "mib", "kib", "gi", "mi", "ki"})
_DATA_SIZES = frozenset({"TB", "GB", "MB", "KB", "PB", "TiB", "GiB", "MiB", "KiB", "PiB"})
_DOSE_TIMES = frozenset({"daily", "nightly", "weekly", "monthly", "bid", "tid", "qid", "prn", "qhs"})
_DEVICE_NUMBER = re.compile(r"[A-Z]{0,2}\d{1,4}[A-Za-z]?")  # a device's model number: "15", "S24", "X1", "8a"
_AMOUNT_NUMBER = re.compile(r"\d[\d.,'\u00a0\u202f]*")


_STOP_LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "tr", "id", "ro", "cs", "fi",
               "hu", "ca", "hr", "sk", "sl", "vi")


def load_stop_words() -> dict[str, frozenset[str]]:
    """spaCy's stop-word lists (function words) of the European languages it ships.

    Each list is loaded from its own file, not as `spacy.lang.xx.stop_words`: importing that imports the
    language package first, whose tokenizer exceptions take seconds to build (French: 1-8 s), in every
    PII worker at start."""
    import importlib.util
    from pathlib import Path

    import spacy

    base = Path(spacy.__file__).parent / "lang"
    out: dict[str, frozenset[str]] = {}
    for lang in _STOP_LANGS:
        spec = importlib.util.spec_from_file_location(f"_guardrail_stop_words_{lang}", base / lang / "stop_words.py")
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            words = frozenset(w.lower() for w in module.STOP_WORDS)
            if lang == "vi":
                # its entries are phrases ("a lô", "bao_giờ"): the one-syllable ones, none a Vietnamese name nor a
                # listed first name ("anh", "thanh", "sang" are given names too: they stay names, atk13 M9)
                first = name_lists().is_first
                words = frozenset(w for w in words if w.isalpha() and w not in vietnamese_names()
                                  and not first(w.title()))
            out[lang] = words
        except (OSError, ImportError, AttributeError):
            continue
    out["sw"] = _SWAHILI_STOP_WORDS  # spaCy ships none (atk13: "Hali ya hewa Mombasa leo ni nzuri.")
    return out


# Letters only Vietnamese writes (a vowel with a dot below or a hook above, with a horn, "đ"): two words with one, and
# more than half the sentence's words with one or Vietnamese function words, make a sentence Vietnamese however few
# its function words (`PersonFilter._language`).
_VIETNAMESE_LETTER = re.compile("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹơưđ]")
# Swahili function words, time words and copulas (spaCy ships no Swahili list; atk13: "leo ni" = "today is" was read
# as a name): enough of them in a sentence makes it Swahili, whose function words are no names.
_SWAHILI_STOP_WORDS = frozenset("""
ni si ya wa za la cha vya kwa katika kwenye na pia lakini au kama tu bado sasa leo kesho jana hii hiyo huu hizi hawa
ile yule kuna hakuna sana tafadhali asante mimi wewe yeye sisi ninyi wao yangu yako yake yetu yenu yao nini nani
wapi lini vipi kwa nini ndiyo hapana hapa pale huko kila baada kabla
""".split())


# "in", "nach", "à": before a place far more often than before a person ("to", "from", "de" are both).
_IN_PLACE = frozenset({"in", "im", "nach", "à", "en", "em", "naar", "w", "dans"})
# Before a place: "in Boston", "nach Berlin", "from Berlin to Vienna", "à Lyon" (for words the NER model calls places).
_PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "at", "near", "via", "nach", "aus", "von", "bei", "à", "en",
                                 "a", "de", "da", "em", "para", "desde", "hacia", "naar", "uit", "w", "do", "z"})


# A sentence of this many lower-case words, fewer than this share of them English words, goes to py3langid.
_MIN_WORDS = 3
_ENGLISH_SHARE = 0.6
# Articles and determiners (de, fr, es, it, pt, nl): the word after one is a noun, not a name ("Im Sommer").
_ARTICLES = frozenset("""
der die das den dem des ein eine einen einem einer eines im am zum zur vom beim ins
le les un une du au aux ce cet cette ces mon ma mes son sa ses
el los las una unos unas del al este esta mi mis su sus
il lo gli uno dello della dei degli delle allo alla ai agli alle nel nello nella sul sulla questo questa
o os um uma uns umas dos das no na nos nas ao het een
""".split())
# German possessives and determiners: the word after one is a noun when a lower-case word or a compound's "-" follows
# it ("Mein Handy ist kaputt.", "Unser Handy-Tarif", atk12 B FP-4), not in a letter's sign-off ("Liebe Grüße, deine
# Anna").
_GERMAN_DETERMINERS = frozenset("""
mein meine meinen meinem meiner meines dein deine deinen deinem deiner deines sein seine seinen seinem seiner seines
ihr ihre ihren ihrem ihrer ihres unser unsere unseren unserem unserer unseres euer eure euren eurem eurer eures
kein keine keinen keinem keiner keines dieser diese dieses diesen diesem jeder jede jedes jeden jedem
""".split())
# The articles of those languages proper (no contraction, possessive or demonstrative: "Al", "Su", "Mi" are names).
_SENTENCE_ARTICLES = frozenset("""
der die das den dem des ein eine einen einem einer eines de het een le la les un une el los las una il lo gli uno
o os as um uma
""".split())
# Before a place, in other languages ("nach Berlin", "desde Valencia"; not "a", "de", "con": persons too).
_FROM_PLACE = _IN_PLACE | frozenset({"aus", "desde", "hacia", "uit", "vers", "verso", "dalla", "dal"})
# Before a place or a person in those languages ("viajo a Valencia" / "llamo a María", "vou para Braga", "jadę do
# Gdańska" / "list do Anny"): a listed city there is the place (`PersonFilter.listed_city`, atk10 B-L3).
_TO_PLACE = frozenset({"a", "para", "per", "do", "de", "da", "di", "z", "ze", "od", "pod", "przez", "ao", "al"})
# Titles before a name in other languages: "Frau Sommer", "Mme Rose", "Sra. Mari".
_FOREIGN_TITLES = frozenset({"herr", "frau", "hr.", "fr.", "monsieur", "madame", "mme", "mme.", "mlle", "m.",
                             "señor", "señora", "sr.", "sra.", "srta.", "don", "doña", "signor", "signora",
                             "sig.", "sig.ra", "dott.", "pan", "pani", "senhor", "senhora", "meneer", "mevrouw"})


# Abbreviations whose "." ends no sentence: German "Tel.", "Nr.", "bzw.", "ca.", "ggf." (atk12 B FP-4: "Tel. und Fax
# stehen im Impressum." is one German sentence, not "Tel." alone).
_ABBREVIATIONS = frozenset({"tel", "nr", "bzw", "ca", "ggf", "evtl", "inkl", "zzgl", "vgl", "usw", "str"})


def _sentence_end(toks: list[str], k: int) -> bool:
    """Token k ends a sentence: ".", "!", "?" (not an abbreviation's "."), or a line break."""
    tok = toks[k]
    return "\n" in tok or (tok in (".", "!", "?") and not (
        tok == "." and k > 0 and toks[k - 1].lower() in _ABBREVIATIONS))


def _join_im(words: list[str]) -> list[str]:
    """Lower-case words with "i" "m" read back as German "im": the English tokenizer splits it so ("I'm" keeps its
    apostrophe, "I" "'m"), and "i" is no English function word there (atk12 B FP-4: "Die Datei ist im Anhang.")."""
    out: list[str] = []
    for w in words:
        if w == "m" and out and out[-1] == "i":
            out[-1] = "im"
        else:
            out.append(w)
    return out


class PersonFilter:
    """Decides, per spaCy token, what is not a person's name in technical text.

    - code tokens: digits, `_`, `/`, `=`, `@`, inner dots ("customer_id", "webpack.config.js", "MOB-231"),
      camelCase ("OpenTelemetry", "PyTorch"; not "McKenzie", "DeShawn");
    - acronyms: all capitals ("CUDA", "DAG", "SHA") that are not listed names;
    - product and tool names (`proxy.nlp.tech_terms`): always, unless the word is also a listed first name
      ("Ruby", "Julia", "Ray"): then only when the sentence is technical (another product name, a code
      token or a version number in it, or a word like "dashboard" right after it); a CI service that is a
      listed first name ("Travis") unless a person's cue is around it (`person_cued`); a product written as
      two words ("Maria DB");
    - a sentence-initial imperative ("Add a unit test", "Summarise RFC 9110"): a base-form verb (spaCy's
      WordNet verb index) followed by an article, a pronoun, a preposition, a capitalised word or a colon.
    """

    def __init__(self, names: NameLists, verbs: frozenset[str], tech: frozenset[str],
                 stop_words: dict[str, frozenset[str]] | None = None, adjectives: frozenset[str] = frozenset(),
                 nouns: frozenset[str] = frozenset()) -> None:
        self.names = names
        self.verbs = verbs
        self.adjectives = adjectives  # WordNet's ("green", "amber"): `capitals_run`
        self.nouns = nouns  # WordNet's ("web", "worker"): `label_identifier`
        self.tech = tech
        self.stop_words = stop_words if stop_words is not None else load_stop_words()
        self._cache_toks: list[str] | None = None
        self._cache: dict[tuple[int, ...], str] = {}
        english = self.stop_words.get("en", frozenset())
        self.foreign_stops = frozenset().union(*(v for k, v in self.stop_words.items() if k != "en")) - english
        self._identifier: Any = None
        self.places = place_names()
        self.cities = city_names()

    def language(self, toks: list[str], i: int) -> str:
        """The language of token i's sentence by its function words: "en" unless another language's stop
        words clearly outnumber English ones ("Können Sie mir bitte helfen?" is "de")."""
        lo, hi = self.sentence_bounds(toks, i)
        if self._cache_toks is not toks:  # one analysis at a time per process: remember this text's sentences
            self._cache_toks, self._cache = toks, {}
        key = (lo, hi)
        if key not in self._cache:
            lang = self._language(toks[lo:hi + 1])
            if lang == "" and (lo // 40, hi // 40, -1) in self._cache:
                lang = self._cache[(lo // 40, hi // 40, -1)]  # a long run without stops: one guess per block
            elif lang == "":
                lang = self._cache[(lo // 40, hi // 40, -1)] = self.identify(" ".join(toks[lo:hi + 1]))
            self._cache[key] = lang
        return self._cache[key]

    def _language(self, sentence: list[str]) -> str:
        """A language by the sentence's function words; "" when py3langid must decide (see `identify`)."""
        sentence = without_spelled_letters(sentence)  # `S-C-H-M-I-D-T`'s letters are no function words (spell28)
        words = _join_im([t.lower() for t in sentence if t.isalpha()])
        english_stops = self.stop_words.get("en", frozenset())
        english = sum(w in english_stops for w in words)
        best, count = "en", 0
        for lang, stops in self.stop_words.items():
            if lang != "en":
                n = sum(w in stops and w not in english_stops for w in words)
                if n > count:
                    best, count = lang, n
        if count >= 3 and count > english + 1:
            return best
        vietnamese = self.stop_words.get("vi", frozenset())
        marked = sum(bool(_VIETNAMESE_LETTER.search(w)) for w in words)
        if vietnamese and marked >= 2 and 2 * sum(bool(_VIETNAMESE_LETTER.search(w)) or (
                w in vietnamese and w not in english_stops) for w in words) > len(words):
            return "vi"  # letters only Vietnamese writes, and its function words, in most words: "Tôi quê ở Nghệ An."
            # (atk13); not "Send the file to Nguyễn Đức"
        german = self.stop_words.get("de", frozenset())
        if "sie" in words and "sie" in german and not any(
                w in english_stops and w not in german and not (w == "i" and words[k + 1:k + 2] == ["m"])
                for k, w in enumerate(words)):
            # German formal address, no English-only function word ("an", "in" are German too; the tokenizer
            # splits "im" into "i" "m"): "Prüfen Sie bitte den Server.", "Melden Sie sich bitte im Portal an."
            return "de"
        # No function words to go by (a row of nouns, a heading, a list): when most of its lower-case words
        # are no English words nor product names, py3langid's model decides among the languages we have
        # stop words for.
        lower = [t for t in sentence if len(t) > 1 and t.isalpha() and t.islower() and script_of(t) is None]
        english_words = sum(self.names.is_english(w) or self.is_tech(w) or w in _TECH_CONTEXT or self.tech_head(w)
                            for w in lower)  # "kubectl", "pods", "json"
        if english_words >= _ENGLISH_SHARE * len(lower):
            return "en"
        if len(lower) < _MIN_WORDS and (english or all(w in _PARTICLES or self.names.is_name(w) for w in lower) or not (
                any(w in self.foreign_stops for w in words) or any(t[:1].isupper() for t in sentence))):
            # a short sentence goes to py3langid too when it has no English function word, a lower-case word that is
            # no name particle nor a listed name, and another language's function word or a capitalised word (atk8
            # B M4: "Der Server startet neu.", "Le serveur redémarre.", "Zugriff verweigert."; not "Maika van de
            # Noort", "sam", "guðgeir bergsveinsson")
            return "en"
        return ""

    def identify(self, text: str) -> str:
        """py3langid's guess among the languages with stop words (its bundled model, loaded once: ~1 s;
        ~0.5 ms a sentence)."""
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
            identifier.set_languages([lang for lang in _STOP_LANGS  # its model has "no", not "nb"
                                      if lang in self.stop_words and lang in identifier.nb_classes])
            self._identifier = identifier
        code = str(self._identifier.classify(text)[0])
        return code if code in self.stop_words else "en"

    def capitalised_pair(self, toks: list[str], i: int) -> bool:
        """Token i and a neighbour are capitalised words, neither a function word nor code, in a sentence in a
        language that does not capitalise its nouns ("Jacopo Pucci verrà": names the lists hold as words)."""
        if self.language(toks, i) in ("en", "de") or not self._is_cap(toks[i]) or toks[i].lower() in _FOREIGN_TITLES:
            return False  # a title is no name part: "Gracias Señora," (before a name it makes a pair: "Señora García")
        if toks[i].lower() in self.foreign_stops and not self.names.is_name(toks[i]) \
                and not self.names.is_any_first(toks[i]):
            return False  # nor a function word ("Mein Handy startet ständig neu." taken for Swedish: atk12 B FP-4)
        return any(0 <= j < len(toks) and self._is_cap(toks[j]) and toks[j].lower() not in self.foreign_stops
                   and not (j > i and toks[j].lower() in _FOREIGN_TITLES)
                   and not self.not_a_name(toks, j) for j in (i - 1, i + 1))

    @staticmethod
    def _is_cap(tok: str) -> bool:
        return bool(_WORD.fullmatch(tok)) and tok[0].isupper() and not tok.isupper()

    def lone_foreign_word(self, toks: list[str], i: int) -> bool:
        """In a sentence in another language, a capitalised word with no capitalised neighbour that starts the
        sentence or follows an article ("Rose fou genre", "Im Sommer", "El pedido"): German capitalises
        every noun and any sentence starts with a capital, so a listed first name there needs a second
        name part ("Anna Schmidt") or a title before it ("Frau Sommer")."""
        lower = [t.lower() for t in toks[max(0, i - 2):i]]
        if lower and (lower[-1] in _TITLES or lower[-1] in _FOREIGN_TITLES):
            return False
        j = i + 1
        while j < len(toks) and j < i + 3 and toks[j].lower() in _PARTICLES:
            j += 1
        if j > i + 1 and j < len(toks) and toks[j][:1].isupper():
            return False  # "Maria de la Cruz", "Jan van Dijk"
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and (_INITIAL.fullmatch(toks[j]) or (
                    _WORD.fullmatch(toks[j]) and toks[j][:1].isupper() and not toks[j].isupper()
                    and not self.sentence_initial(toks, j) and toks[j].lower() not in self.foreign_stops)):
                return False  # "Anna Schmidt", "Iva D. Grusová"
        # (the English tokenizer splits German "Im" into "I" "m", as it would "I'm")
        return self.sentence_initial(toks, i) or lower == ["i", "m"] or bool(
            lower and (lower[-1] in _ARTICLES or lower[-1] in _FROM_PLACE)) or (  # "desde Valencia", "aus Bremen"
            bool(lower) and lower[-1] in _GERMAN_DETERMINERS and i + 1 < len(toks) and (
                toks[i + 1].isalpha() and toks[i + 1].islower() or toks[i + 1] == "-")) or (  # "Unser Handy-Tarif"
            bool(lower) and lower[-1] in _TO_PLACE and self.listed_city(toks[i]))  # "a Valencia", "do Gdańska"

    def listed_city(self, tok: str) -> bool:
        """A city of `proxy.nlp.places` that is no US first name (`Valencia`, `Genova`, `Gdańska`; not `Austin`,
        `Victoria`, `Florence`, which stay names after "a", "para", "do")."""
        low = tok.lower()
        return low in self.cities and low not in english_first_names()

    def foreign_first(self, toks: list[str], i: int) -> bool:
        """Token i is a first name in a sentence in another language: a listed one, or one any list holds that is
        also a word ("Sibylla", "Rose") right before a listed surname that is no common word ("Sibylla Patberg ist
        krank.": a short German line is read as German since atk8 B M4)."""
        if self.names.is_first(toks[i]):
            return True
        if not self.names.is_any_first(toks[i]):
            return False
        k = i + 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        return k < len(toks) and self._is_cap(toks[k]) and self.names.is_name(toks[k]) \
            and not self.names.is_common(toks[k]) and not self.not_a_name(toks, k)

    @staticmethod
    def code_like(tok: str) -> bool:
        if re.search(r"[\d_/\\=@<>{}\[\]|#$%^&*+~]", tok) or re.search(r"\w\.\w", tok):
            return True
        if re.search(r"[a-z][A-Z]", tok) and not _NAME_CAMEL.fullmatch(tok):
            return True  # camelCase: OpenTelemetry, GitHub, FastAPI, MLflow
        return bool(re.fullmatch(r"[A-Z]{2,}[a-z]+", tok))  # MLflow, NGINX-style mixed

    def acronym(self, tok: str) -> bool:
        """All capitals: "CUDA", "DAG", "SHA", "NULL" (up to 4 letters even when listed: "Dag", "Sha" are
        names); longer ones unless listed ("MARIA")."""
        return len(tok) > 1 and tok.isupper() and tok.isalpha() and (len(tok) <= 4 or not self.names.is_name(tok))

    def is_tech(self, tok: str) -> bool:
        return tok.lower().strip(".") in self.tech

    @staticmethod
    def tech_head(tok: str) -> bool:
        """Words that name parts of software ("Server", "Cluster", "Workflows"): not names, capitalised or not."""
        return tok.lower() in _TECH_HEADS

    @staticmethod
    def sentence_bounds(toks: list[str], i: int) -> tuple[int, int]:
        """Token i's sentence, at most 40 tokens either side (a log line without stops stays cheap)."""
        lo = i
        while lo > max(0, i - 40) and not _sentence_end(toks, lo - 1):
            lo -= 1
        hi = i
        while hi + 1 < min(len(toks), i + 41) and not _sentence_end(toks, hi + 1):
            hi += 1
        return lo, hi

    def technical_sentence(self, toks: list[str], i: int) -> bool:
        if i + 1 < len(toks) and (toks[i + 1].lower() in _TECH_HEADS or _VERSION.fullmatch(toks[i + 1])):
            return True
        if toks[i].lower() in _BROWSERS and self._browser_use(toks, i):
            return True  # "renders blank in Safari.", "Safari 17 blocks the cookie" (atk21 FP2)
        lo, hi = self.sentence_bounds(toks, i)
        for k in range(lo, hi + 1):
            t = toks[k]
            if k == i or not t.strip():
                continue
            if _VERSION.fullmatch(t) or (self.code_like(t) and not t.isdigit()) or "`" in t:
                return True
            if t.lower() in _TECH_CONTEXT or t.lower() in EPONYM_CONTEXT:
                return True  # "Write a Spring Boot config", "the Ruby API", "Use Jackson to serialize the POJO"
            if t[:1].isupper() and (t.lower() in EPONYMS or (
                    t.lower() in EPONYMS_IN_CONTEXT and k + 2 <= hi and toks[k + 1] in _HYPHENS
                    and toks[k + 2].lower() in EPONYMS_IN_CONTEXT)):
                return True  # "Explain Paxos in Haskell", "the Mann-Whitney test in Haskell"
            if self.is_tech(t) and not self.names.is_first(t) and (not self.names.is_common(t) or (
                    t[:1].isupper() and not (t.lower() in self.stop_words.get("en", ())
                                             and self.sentence_initial(toks, k)))):
                return True  # "Terraform", "kubectl", "prometheus", "from Ruby to Go"; not "flow", "render", "Go ask"
        return False

    @staticmethod
    def _browser_use(toks: list[str], i: int) -> bool:
        """A browser's name used as one: before its major version (`Safari 17`) or after `in`, `on`, `with`, `using`,
        `via` (`blank in Safari`)."""
        k = i + 1
        while k < len(toks) and toks[k] in (" ", "\u00a0"):
            k += 1
        if k < len(toks) and toks[k].isdigit() and len(toks[k]) <= 3:
            return True
        j = i - 1
        while j >= 0 and not toks[j].strip():
            j -= 1
        return j >= 0 and toks[j].lower() in ("in", "on", "with", "using", "via", "under")

    def sentence_initial(self, toks: list[str], i: int) -> bool:
        j = i - 1
        while j >= 0 and not toks[j].strip() and "\n" not in toks[j]:
            j -= 1
        return j < 0 or "\n" in toks[j] or toks[j] in _SENTENCE_START or bool(re.fullmatch(r"\d+[.)]", toks[j]))

    def imperative(self, toks: list[str], i: int) -> bool:
        tok = toks[i]
        if not tok[:1].isupper() or tok.lower() not in self.verbs or not self.sentence_initial(toks, i):
            return False
        if i + 1 >= len(toks):
            return False
        nxt = toks[i + 1]
        if nxt.lower() in _AFTER_IMPERATIVE or self.code_like(nxt) or self.acronym(nxt) or self.is_tech(nxt):
            return True
        if self.names.is_census_first(tok):
            return False  # "Mark said", "Mark Twain", "Bill Gates": an English first name needs "the", "a"...
        # "Add retries", "Summarise ticket", "Deploy Ollama", "Compare Sidekiq", "Add Reed-Solomon"
        return (nxt.isalpha() and nxt.islower()) or (nxt[:1].isupper() and (
            not self.names.is_name(nxt) or self.eponym_phrase(toks, i + 1)))

    def lone_place(self, toks: list[str], i: int, before: frozenset[str] = _IN_PLACE,
                   census: frozenset[str] = frozenset()) -> bool:
        """A lone capitalised word after a place preposition ("nach Berlin", "à Lyon", "in Boston") that is no
        US-census first name ("to Jordan" stays a name: documented over-redaction), unless the preposition is
        in `census` ("in Georgia" where the NER model calls it a place)."""
        if i == 0 or toks[i - 1].lower() not in before or (
                self.names.is_census_first(toks[i]) and toks[i - 1].lower() not in census):
            return False
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        return not (nxt[:1].isupper() and nxt.isalpha() and not self.names.is_common(nxt))

    def joiner(self, tok: str) -> bool:
        """A lower-case function word or "vs" between or before terms: never a name part on its own."""
        return tok in _JOINERS or (tok.islower() and tok in self.stop_words.get("en", frozenset()))

    def initial_verb(self, toks: list[str], i: int) -> bool:
        """A capitalised base-form verb that starts a sentence and is no name ("Compare", "Use", "Explain",
        "Describe"; not "Mark", "Grant", "Will", "Guy": listed first names even where commoner as words):
        never part of a name, whatever follows ("Compare Kruskal and Prim", "Use Jackson", "Describe Conway's
        law")."""
        tok = toks[i]
        return (tok[:1].isupper() and (tok.lower() in self.verbs or tok.lower() in _EXTRA_VERBS)
                and not self.names.is_name(tok) and not self.names.is_any_first(tok) and self.sentence_initial(toks, i))

    def _name_neighbour(self, toks: list[str], k: int) -> bool:
        """Token k could be another part of a person's name: an initial ("J."), or a capitalised word that is
        a listed name or no common word ("Edsger"), and no eponym, product, code, head noun or leading verb."""
        if not 0 <= k < len(toks):
            return False
        t = toks[k]
        if re.fullmatch(r"[A-Z]\.", t):
            return True
        if not self._is_cap(t):
            return False
        w = t.lower()
        if w in EPONYMS or w in EPONYMS_IN_CONTEXT or w in EPONYM_HEADS or self.code_like(t) or self.tech_head(t) \
                or self.initial_verb(toks, k) or (self.is_tech(t) and not self.names.is_name(t)):
            return False  # a product that is also a listed name is a name part here: "Taylor Swift"
        return self.names.is_name(t) or not self.names.is_common(t)

    def eponym(self, toks: list[str], i: int) -> bool:
        """Token i names an algorithm, a law, a distribution or a library after a person ("Dijkstra's
        algorithm", "a Bloom filter", "Bellman-Ford", "the Xavier initializer"), not the person: see
        `proxy.nlp.eponyms` for the lists and the rule. A name part next to it ("Edsger Dijkstra", "J.
        Kruskal", "John Moore") or a verb of addressing before it ("Ask Kruskal") makes it a name."""
        tok = toks[i]
        if tok.lower() in EPONYM_PARTICLES:  # "De" of "De Morgan's laws", "van der" of "the van der Corput sequence"
            k = i + 1
            while k < min(len(toks), i + 3) and toks[k].lower() in EPONYM_PARTICLES:
                k += 1
            return k < len(toks) and self._is_cap(toks[k]) and toks[k].lower() not in EPONYM_PARTICLES \
                and self.eponym(toks, k)
        if not self._is_cap(tok):
            return False
        if self.eponym_phrase(toks, i):
            return True  # "Burrows-Wheeler transform", "Monte Carlo", "Needleman-Wunsch", "Hash Join"
        if self.unit(toks, i):
            return True  # "Convert the readings from Fahrenheit to Kelvin"
        lo = hi = i  # the hyphenated pair or chain it is part of: "Bellman-Ford", "Floyd-Warshall"
        while lo >= 2 and toks[lo - 1] in _HYPHENS and self._is_cap(toks[lo - 2]):
            lo -= 2
        while hi + 2 < len(toks) and toks[hi + 1] in _HYPHENS and self._is_cap(toks[hi + 2]):
            hi += 2
        parts = [toks[k].lower() for k in range(lo, hi + 1, 2)]
        while lo > 0 and toks[lo - 1].lower() in EPONYM_PARTICLES:
            lo -= 1  # "De Morgan", "Van der Waals", "de Bruijn", "Le Chatelier": the particles are the surname's
        if self._name_neighbour(toks, lo - 1) or self._name_neighbour(toks, hi + 1):
            return False
        j = hi + 1
        possessive = j < len(toks) and toks[j] in _POSSESSIVE
        nxt = toks[j + possessive].lower() if j + possessive < len(toks) else ""
        if possessive and nxt in POSSESSIVE_HEADS:
            return True  # "Conway's law", "Dijkstra's algorithm"
        # a head that is also a verb after a first name needs an article before the term: "a Kalman filter",
        # "the Gray code"; not "Let Jordan sort it out", "Have Mary test it"
        article = lo > 0 and toks[lo - 1].lower() in _DETERMINERS
        noun = nxt not in self.verbs or article
        # an object's place reads a head as a noun as an article does: after a sentence's leading verb, a
        # preposition or "what" ("Compute Lucas numbers", "Use Wang tiles", "At what Reynolds number"); not
        # after a verb that takes a clause ("Let Jordan sort it out", "Have Mary test it")
        before = toks[lo - 1].lower() if lo > 0 else ""
        # one adjective may open the noun phrase after an article or a preposition ("to upper Hessenberg form")
        adjective = lo > 1 and toks[lo - 1].islower() and before in self.adjectives and before not in self.verbs \
            and toks[lo - 2].lower() in _NOUN_BEFORE
        object_place = article or adjective or before in _NOUN_BEFORE or (
            lo > 0 and self.initial_verb(toks, lo - 1) and before not in _CLAUSE_VERBS)
        if not possessive and nxt in EPONYM_HEADS and (any(p in EPONYMS for p in parts) or all(
                not self.names.is_first(p) or (noun and (nxt in POSSESSIVE_HEADS or p in EPONYMS_IN_CONTEXT))
                for p in parts)):
            return True  # "Hough transform", "Kalman filter", "Jensen inequality"; not "Mary test", "Jordan sort"
        if lo > 0 and toks[lo - 1].lower() in _PERSON_BEFORE:
            return False
        if not possessive and j < len(toks) and _MODEL_NUMBER.fullmatch(toks[j]) and toks[j][0] == toks[lo][0]:
            return True  # a product or an architecture before its model number: "a Blackwell B200", "Kepler K80"
        aux = before in _AUXILIARIES
        # a sentence's subject: a head in its base form there is no verb of the word before ("Johnson model fits
        # the data": a singular subject's verb would be "models")
        subject = self.sentence_initial(toks, lo)
        preposition = (before in _NOUN_BEFORE and not article) or (
            adjective and toks[lo - 2].lower() not in _DETERMINERS)
        if self.headed_term(toks, j, possessive, object_place, parts, subject, aux,
                            noun_phrase=article or adjective or aux or before in _NOUN_BEFORE, preposition=preposition):
            return True  # "Simpson's rule", "Cantor's diagonal argument", "the Lee distance", "Lambert W function"
        if any(p in EPONYMS for p in parts):
            return True  # "Explain Paxos", "Levenshtein", "Floyd-Warshall"
        if len(parts) > 1 and all(p in EPONYMS_IN_CONTEXT for p in parts):
            return True  # "Mann-Whitney"
        return any(p in EPONYMS_IN_CONTEXT for p in parts) and self.eponym_context(toks, i)

    def unit(self, toks: list[str], i: int) -> bool:
        """Token i is a unit named after a person (`UNITS`) in a conversion: after "to", "into", "in" or "from" with a
        word of `_CONVERT_WORDS` before it in its clause, its object between ("Convert the sensor readings from
        Fahrenheit to Kelvin", "the conversion of the field to Tesla"); never next to a name part or before a
        possessive, nor with a clause between ("Convert the file, then send it to Kelvin") or after "converted" as an
        adjective ("Send the converted files to Kelvin")."""
        if toks[i].lower() not in UNITS or i < 2 or toks[i - 1].lower() not in ("to", "into", "in", "from") \
                or self._name_neighbour(toks, i + 1) or (i + 1 < len(toks) and toks[i + 1] in _POSSESSIVE):
            return False
        for k in range(i - 2, max(-1, i - 9), -1):  # the conversion word, its object (up to six words) between
            w = toks[k].lower()
            if w in _CONVERT_WORDS:
                return not (w == "converted" and k > 0 and toks[k - 1].lower() in _DETERMINERS)
            if w in _CLAUSE_BREAK or "\n" in w:
                return False
        return False

    def headed_term(self, toks: list[str], j: int, possessive: bool, article: bool, parts: list[str],
                    subject: bool = False, aux: bool = False, noun_phrase: bool = False,
                    preposition: bool = False) -> bool:
        """The class of `eponym` for words in no list: the capitalised word(s) `parts` end before token j and a
        technical head noun follows (`proxy.nlp.eponyms`). After a possessive: a head of `POSSESSIVE_HEADS`, or
        of `POSSESSIVE_TERM_HEADS` after no English first name, up to two modifiers between ("Simpson's rule",
        "Cantor's diagonal argument", "Booth's multiplication algorithm"; not "Sarah's rule", "Simpson's phone
        number"). Without one: a head of `EPONYM_HEADS` right after, or after one capital letter or acronym
        ("Lambert W function", "Ramsey RESET test"), read as a noun ("the Lee distance", "a Wallace tree",
        "Montgomery multiplication"; not "Scott tests the build", "Lee filters the mail", "Mary test results").
        A head that is a verb's base form after a `subject` (the sentence's first words) that is no English first
        name is a noun too: a singular subject's verb takes "-s" ("Johnson model fits the data"; "Johnson models
        the data", "Scott test results", "Gordon sort the tickets" keep the name). After an auxiliary (`aux`: "Why do
        Cooper pairs form?") a head in its "-s" form is a plural noun: the verb there would be bare. Where a noun phrase
        starts (`noun_phrase`: an article, a preposition or an auxiliary before the term), one noun may stand between
        the term and a head of `TERM_HEADS` ("Is Elias gamma coding better?", "the Gordon growth model", "a
        Cobb-Douglas production function"): a lower-case word that is no verb in any form, no adjective, no function
        word and none of `_PERSONAL_MODIFIERS` ("the Smith family tree" keeps the name). A head of `BARE_HEADS` only
        right after a `preposition` with no article ("in Jordan form", "to upper Hessenberg form"; not "the Johnson
        form")."""
        if not possessive and preposition and j < len(toks) and toks[j] in BARE_HEADS:
            return True
        census = any(self.names.is_census_first(p) for p in parts)

        def letters(t: str) -> bool:  # "W", "RESET"
            return self.acronym(t) or bool(re.fullmatch(r"[A-Z]", t))

        k = j + possessive
        heads = [k]  # where the head may be: right after, or after the modifiers
        for _ in range(2 if possessive else 1):
            if k < len(toks) and letters(toks[k]):
                k += 1
            elif possessive and k < len(toks) and toks[k].isalpha() and toks[k].islower() and not self.joiner(toks[k]):
                k += 1  # "diagonal", "multiplication"; "one-at-a-time" is one modifier
                while k + 1 < len(toks) and toks[k] in _HYPHENS and toks[k + 1].isalpha() and toks[k + 1].islower():
                    k += 2
            else:
                break
            heads.append(k)
        for h in heads:
            head = toks[h].lower() if h < len(toks) else ""
            if possessive:
                if head in POSSESSIVE_HEADS or (head in POSSESSIVE_TERM_HEADS and not (
                        census and not self.science_sentence(toks, j, h))):
                    return True  # "Scott's rule" among "histogram" and "bin width"; not "Sarah's rule"
                letter = h - 1 > j and re.fullmatch(r"[A-HJ-Zb-z]", toks[h - 1]) is not None
                if head in POSSESSIVE_SCIENCE_HEADS and (self.science_sentence(toks, j, h) or h - 1 > j and (
                        self.noun_modifier(toks[h - 1]) or letter)) or (
                        not census and (letter or h - 1 > j and letters(toks[h - 1])) and head in EPONYM_HEADS):
                    return True  # "Mohr's circle" with "stress", "Allen's interval algebra", "Youden's J statistic"
                continue
            # a head that is a verb in any form ("filter", "filters", "numbers") needs an article before the term,
            # and so does any head after an English first name
            verb = any(f in self.verbs for f in (head, head.removesuffix("s"), head.removesuffix("es")))
            # the subject's head is no verb unless an object follows it, as after an address without a comma
            # ("Gordon sort the tickets")
            subject_noun = subject and not census and not (head.endswith("s") and (
                head[:-1] in self.verbs or head[:-2] in self.verbs)) and not (
                h + 1 < len(toks) and toks[h + 1].lower() in _OBJECT_WORDS)
            plural = aux and head.endswith("s") and head in TERM_HEADS  # "Why do Cooper pairs form?"
            if (head in EPONYM_HEADS or (head in TERM_HEADS and toks[h].islower())) and (
                    article or not (verb or census) or subject_noun or plural):
                return True  # "Richardson extrapolation", "the Smith chart"; not "Williams Group"
        if not possessive and noun_phrase and j + 1 < len(toks) and self.noun_modifier(toks[j]) \
                and toks[j + 1].islower() and toks[j + 1] in TERM_HEADS:
            return True  # "the Gordon growth model", "Is Elias gamma coding"; not "the Smith family tree"
        return False

    def verb_form(self, word: str) -> bool:
        """A lower-case word that is a verb's base form, or its "-s", "-ed" or "-ing" form ("filters", "tested",
        "coding")."""
        stems = [word]
        for suffix in ("s", "es", "ed", "d", "ing"):
            if word.endswith(suffix):
                stems.append(word[:-len(suffix)])
        if word.endswith("ing"):
            stems.append(word[:-3] + "e")
        return any(s in self.verbs for s in stems)

    def noun_modifier(self, tok: str) -> bool:
        """A lower-case noun that may stand between a term and its head ("gamma", "growth", "production"): no verb
        in any form, no adjective, no function word, none of `_PERSONAL_MODIFIERS`."""
        return tok.isalpha() and tok.islower() and not self.joiner(tok) and tok not in _OBJECT_WORDS \
            and tok not in self.adjectives and tok not in _PERSONAL_MODIFIERS and not self.verb_form(tok)

    def science_sentence(self, toks: list[str], j: int, h: int) -> bool:
        """The sentence of tokens j..h has, besides them, a lower-case head noun of `TERM_HEADS` or a word of
        `EPONYM_CONTEXT` ("Choose the histogram bin width with Scott's rule"), and no run of digits that could be
        a phone number or an account ("Sarah's rule: call 555 0143")."""
        lo, hi = self.sentence_bounds(toks, j)
        words = [toks[k] for k in range(lo, hi + 1) if not j <= k <= h]
        if any(sum(c.isdigit() for c in t) >= 3 for t in words):
            return False
        return any(t.islower() and (t in TERM_HEADS or t in EPONYM_CONTEXT) for t in words)

    def eponym_phrase(self, toks: list[str], i: int) -> bool:
        """Token i is a word of a named method, test or theorem of `EPONYM_PHRASES` written whole ("Monte
        Carlo", "Reed-Solomon", "Mann-Whitney U"), with no name part just outside it ("Carlo Rossi",
        "Ask Monte Carlo Smith"; a sentence-initial verb is none: "Add Reed-Solomon error correction") and no
        verb of addressing before it."""
        # the words joined to token i by a hyphen or a single space, up to the longest phrase either side
        left = [i]
        while len(left) < EPONYM_PHRASE_WORDS:
            k = left[-1]
            if k >= 2 and toks[k - 1] in _HYPHENS and _WORD.fullmatch(toks[k - 2]):
                left.append(k - 2)
            elif k >= 1 and _WORD.fullmatch(toks[k - 1]):
                left.append(k - 1)
            else:
                break
        right = [i]
        while len(right) < EPONYM_PHRASE_WORDS:
            k = right[-1]
            if k + 2 < len(toks) and toks[k + 1] in _HYPHENS and _WORD.fullmatch(toks[k + 2]):
                right.append(k + 2)
            elif k + 1 < len(toks) and _WORD.fullmatch(toks[k + 1]):
                right.append(k + 1)
            else:
                break
        chain = left[::-1] + right[1:]
        words = [toks[k].lower() for k in chain]
        at = len(left) - 1
        for a in range(at + 1):
            for b in range(max(at, a + 1), min(len(chain), a + EPONYM_PHRASE_WORDS)):
                if tuple(words[a:b + 1]) in EPONYM_PHRASES and self._phrase_alone(toks, chain[a], chain[b]):
                    return True
        return False

    def _phrase_alone(self, toks: list[str], lo: int, hi: int) -> bool:
        """No name part right before or after tokens lo..hi, and no verb of addressing before them."""
        before = lo - 1
        if before >= 0 and toks[before].lower() in _PERSON_BEFORE:
            return False
        if self._name_neighbour(toks, before) and not (
                toks[before].lower() in self.verbs and not self.names.is_census_first(toks[before])
                and self.sentence_initial(toks, before)):
            return False
        return not self._name_neighbour(toks, hi + 1)

    def eponym_context(self, toks: list[str], i: int) -> bool:
        """A technical sentence (`technical_sentence`: "Use Jackson to serialize the POJO", "Compare Floyd
        and Dijkstra", "Use Adam with beta1=0.9")."""
        return self.technical_sentence(toks, i)

    def place(self, toks: list[str], i: int) -> bool:
        """Token i is a country or a state that is also a first name, used as the place (see `_PLACE_BEFORE`):
        "deploy to Georgia", "in Jordan", "Chad's elections"; never next to a name part ("Jordan Smith")."""
        tok = toks[i]
        if not self._is_cap(tok) or tok.lower() not in self.places:
            return False
        if self._name_neighbour(toks, i - 1) and not self.sentence_initial(toks, i - 1) \
                or self._name_neighbour(toks, i + 1):
            return False
        before = toks[i - 1].lower() if i else ""
        after = toks[i + 1].lower() if i + 1 < len(toks) else ""
        if after in _POSSESSIVE:
            after = toks[i + 2].lower() if i + 2 < len(toks) else ""
        if before in _PLACE_BEFORE or after in _PLACE_HEADS:
            return True
        lo, _ = self.sentence_bounds(toks, i)
        return before == "to" and any(toks[k].lower() in _PLACE_VERBS for k in range(lo, i - 1))

    def place_phrase(self, toks: list[str], i: int) -> bool:
        """Token i is part of a place of two words or more written whole and capitalised (`proxy.nlp.names.
        place_phrases`, atk14 B L3): "Shipping to Puerto Rico", "Costa Rica", "San Diego office"; never with a
        person's cue or another name part around it ("ask Santa Clara", "Sierra Leone Smith")."""
        entries = place_phrases().get(toks[i].lower())
        if not entries or not self._is_cap(toks[i]):
            return False
        for words in entries:
            for k in [m for m, w in enumerate(words) if w == toks[i].lower()]:
                lo, hi = i - k, i - k + len(words)
                if lo < 0 or hi > len(toks) or tuple(t.lower() for t in toks[lo:hi]) != words:
                    continue
                if all(t[:1].isupper() or len(t) < 3 or not t.isalpha() for t in toks[lo:hi]) \
                        and not self._brand_cued(toks, lo, hi):
                    return True
        return False

    def vi_id_word(self, toks: list[str], i: int) -> bool:
        """Token i is a Vietnamese or Indonesian place, country, language, weekday, month or holiday
        (`proxy.nlp.vi_id`, atk13 M9): a capitalised run of up to three words after "tiếng" or "bahasa" ("tiếng
        Anh", "tiếng Tây Ban Nha", "bahasa Inggris"), a word of a listed phrase ("Hà Nội", "Thứ Hai", "hari
        Senin", "Lebaran"; a phrase of one word that is also a given name, "Vinh", not) or a compass word after
        such a place ("Tangerang Selatan")."""
        tok = toks[i]
        if not (_WORD.fullmatch(tok) and tok[:1].isupper()):
            return False
        k = i
        while k > 0 and i - k < 2 and _WORD.fullmatch(toks[k - 1]) and toks[k - 1][:1].isupper():
            k -= 1
        if any(j > 0 and toks[j - 1].lower() in LANGUAGE_NOUNS for j in range(k, i + 1)):
            return True
        listed = phrases()
        for n in range(1, longest_phrase() + 1):
            for s in range(max(0, i - n + 1), min(i, len(toks) - n) + 1):
                if tuple(t.lower() for t in toks[s:s + n]) in listed and not (n == 1 and (
                        tok.lower() in given_names()
                        or (self.names.is_first(tok) and self.language(toks, i) not in ("vi", "id")))):
                    return True  # one word that is also a first name ("April", "Mei"): in those languages only
        return tok.lower() in COMPASS and i > 0 and self.vi_id_word(toks, i - 1)

    def city(self, toks: list[str], i: int) -> bool:
        """Token i is a city used as a place (`proxy.nlp.places`, issue 12, atk7 F7): before a place's head noun,
        alone or in a pair ("The Denver office", "The Phoenix data center", "The Victoria cluster", "Our Austin
        team", "The Boston and Chicago offices"), after such a head and a link ("La oficina de Valencia", "Il data
        center di Roma", "the office in Phoenix"), or as a place key's value (`{"city": "Berlin"}`, `location:
        Denver`; `{"from": "Berlin"}` when no US first name: `{"to": "Austin"}` stays a name); never next
        to a name part or before a possessive ("Austin Smith", "Austin's team")."""
        tok = toks[i]
        if not self._is_cap(tok) or tok.lower() not in self.cities:
            return False
        if i + 1 < len(toks) and toks[i + 1] in _POSSESSIVE:
            return False
        if (self._name_neighbour(toks, i - 1) and not self.sentence_initial(toks, i - 1)
                and toks[i - 1].lower() not in self.cities) or (
                self._name_neighbour(toks, i + 1) and toks[i + 1].lower() not in self.cities):
            return False

        def head_at(k: int) -> bool:
            if k < len(toks) and toks[k].lower() == "data":
                k += 1
            return k < len(toks) and toks[k].lower() in CITY_HEADS

        if head_at(i + 1):
            return True
        if i + 3 < len(toks) and toks[i + 1].lower() in ("and", "or", "&", ",") and self._is_cap(toks[i + 2]) \
                and head_at(i + 3):
            return True  # "The Boston and Chicago offices"
        if i >= 2 and toks[i - 1].lower() in CITY_LINKS and toks[i - 2].lower() in CITY_HEADS_BEFORE:
            return True  # "La oficina de Valencia", "Il data center di Roma"
        if i >= 1 and _POSTCODE.fullmatch(toks[i - 1]):
            return True  # after a postal code: "PLZ 10115 Berlin", "Hauptstr. 5, 80331 München" (atk10 B-L3)
        words = [t.lower() for t in toks[max(0, i - 6):i] if t.strip() and t not in _QUOTES]
        if len(words) >= 2 and words[-1] in (":", "="):
            key = words[-2].replace("-", "_").split("_")[-1]  # "city", "home_city", "from_city"
            if key in PLACE_KEYS:
                return True
            if key in ROUTE_KEYS and tok.lower() not in english_first_names():
                return True  # {"from": "Berlin", "to": "Munich"}
        return False

    def infrastructure(self, toks: list[str], i: int) -> bool:
        """Token i names where software goes or runs (`_DEPLOY_WORDS`, `_RUNS_ON`): "Deploy to Aurora failed",
        "Migrate the database to Aurora", "The job on Aurora failed", "Benchmark the kernel on Hopper"; never
        next to a name part or before a possessive ("the pipeline on Maria's laptop"), nor after "to" with a clause
        between ("Deploy the build, then send the notes to Mary")."""
        if i < 2 or not self._is_cap(toks[i]) or self._name_neighbour(toks, i + 1) \
                or (i + 1 < len(toks) and toks[i + 1] in _POSSESSIVE):
            return False
        before = toks[i - 1].lower()
        if before in ("on", "in", "at"):
            return toks[i - 2].lower() in _RUNS_ON
        if before != "to":
            return False
        for k in range(i - 2, max(-1, i - 7), -1):  # the deploy word, its object (up to four words) between
            w = toks[k].lower()
            if w in _DEPLOY_WORDS:
                return True
            if w in _CLAUSE_BREAK or "\n" in w or self.sentence_initial(toks, k):
                return False
        return False

    @staticmethod
    def month_before_day(toks: list[str], i: int) -> bool:
        """A month's abbreviation before a day of the month, as syslog and `ls -l` write dates (`Jun  4
        10:22:01`, `Mar 12 2024`): "Jun" is a name elsewhere ("Jun Li")."""
        if toks[i].lower().rstrip(".") not in _MONTHS:
            return False
        k = i + 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        return k < len(toks) and toks[k].isdecimal() and 1 <= int(toks[k]) <= 31 and len(toks[k]) <= 2

    @staticmethod
    def date_word(toks: list[str], i: int) -> bool:
        """A month's or weekday's abbreviation in a date, as logs, mail and HTTP headers write them (issue 12, atk7
        finding 4): a month before a day (`month_before_day`) or a year (`Jun 2024`, `Apr-Jun 2024`), after a day
        (`04 Jun 2024`, `Due: 15 Jun`); a weekday before such a month or a day (`Tue Jun 4 10:22:01 2024`, `Tue, 04
        Jun 2024`); a number beside one of them. "Jun", "Jan", "Sun" are names elsewhere ("Jun Li", "Sun Yang")."""
        def near(k: int, step: int) -> int:  # the next token from k that is not blank (nor a comma after a weekday)
            k += step
            while 0 <= k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += step
            return k if 0 <= k < len(toks) else -1

        def day(k: int) -> bool:
            return k >= 0 and toks[k].isdecimal() and len(toks[k]) <= 2 and 1 <= int(toks[k]) <= 31

        def year(k: int) -> bool:
            return k >= 0 and toks[k].isdigit() and len(toks[k]) == 4 and toks[k][:2] in ("19", "20")

        def month(k: int, span: bool = True) -> bool:
            if k < 0 or toks[k].lower().rstrip(".") not in _MONTHS:
                return False
            after, before = near(k, 1), near(k, -1)
            if span and after >= 0 and toks[after] in _HYPHENS and month(near(after, 1), span=False):
                return True  # `Apr-Jun 2024`
            return day(after) or year(after) or day(before)

        def abbreviation(k: int, words: frozenset[str]) -> bool:
            return 0 <= k < len(toks) and toks[k].lower().rstrip(".") in words and toks[k][:1].isupper()

        def in_range(k: int, words: frozenset[str]) -> bool:
            """`Jan-Mar`, `Q1 (Jan–Mar)`, `Sep/Oct`, `Mon-Fri`, `Sat/Sun`: two abbreviations of the same kind joined
            by a dash, a slash or "to" (atk8 B M5)."""
            if not abbreviation(k, words):
                return False
            after, before = near(k, 1), near(k, -1)
            return (after >= 0 and toks[after].lower() in _RANGE_JOINERS and abbreviation(near(after, 1), words)) \
                or (before >= 0 and toks[before].lower() in _RANGE_JOINERS and abbreviation(near(before, -1), words))

        def weekday(k: int) -> bool:
            if k < 0 or toks[k].lower().rstrip(".") not in _WEEKDAYS:
                return False
            after = near(k, 1)
            if toks[k].lower().rstrip(".") in _WORKDAYS and near(k, -1) >= 0 \
                    and toks[near(k, -1)].lower() in _TIME_PREPOSITIONS \
                    and (toks[k].endswith(".")
                         or not (after >= 0 and toks[after][:1].isupper() and toks[after].isalpha())):
                return True  # `by Fri`, `until Wed.` (atk42 FP04; `Sat`/`Sun` are names and words too)
            if after >= 0 and toks[after] == ",":
                after = near(after, 1)
            return month(after) or (day(after) and month(near(after, 1)))

        tok = toks[i]
        if tok.isdigit():
            return any(month(k) or weekday(k) for k in (near(i, -1), near(i, 1)))
        return PersonFilter.month_before_day(toks, i) or month(i) or weekday(i) or in_range(i, _RANGE_MONTHS) \
            or in_range(i, _WEEKDAYS) or in_range(i, _WEEKDAYS_DE)

    def month_cell(self, toks: list[str], i: int) -> bool:
        """A month's abbreviation as a table's cell or a list's item (atk10 B-M6), no name part after it: before a
        number across a cell's separator or none (`| Jan | 1200 |`, `Jan: 42 tickets, Feb: 37 tickets`, `Jan,1200`,
        `Sep 12.5%`), beside another month's abbreviation across one (`| Jan | Feb | Mar |`), before a word of a
        period's figures (`_PERIOD_NOUNS`: `Jan sales`, `Sep incidents`), beside such a month across "and", "or",
        "vs" (`Jan, Feb and Mar`, `Jan vs Feb revenue`), or as the value of a month's key (`{"month": "Jan"}`,
        `month: Sep`). "Jan Kowalski: 42", "Jan: please call me", "Jan and Jun are on call" stay names."""
        def near(k: int, step: int) -> int:  # the next token from k that is not blank, on the same line
            k += step
            while 0 <= k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += step
            return k if 0 <= k < len(toks) and "\n" not in toks[k] else -1

        def month(k: int) -> bool:
            return k >= 0 and toks[k].lower().rstrip(".") in _MONTHS and toks[k][:1].isupper() \
                and not self._name_neighbour(toks, k + 1)

        def cell(k: int, joined: bool) -> bool:
            after = near(k, 1)
            if after >= 0 and toks[after] in _CELL_SEPARATORS and toks[after] != ",":  # "Thanks Jan, 15 tickets"
                after = near(after, 1)
            if after >= 0 and (_CELL_NUMBER.fullmatch(toks[after]) or toks[after].lower() in _PERIOD_NOUNS):
                return True
            for step in (1, -1):
                j = near(k, step)
                if j >= 0 and toks[j] in _CELL_SEPARATORS:
                    j = near(j, step)
                    if month(j) and toks[j].lower() != toks[k].lower():
                        return True
                elif joined and j >= 0 and toks[j].lower() in _MONTH_LIST_JOINERS:
                    j = near(j, step)
                    if month(j) and toks[j].lower() != toks[k].lower() and cell(j, False):
                        return True
            return False

        before = near(i, -1)
        if not month(i) or (before >= 0 and toks[before].lower() in _GREETINGS):
            return False  # "Thanks Jan, 15 tickets closed", "Hi Jan: 42 is the answer"
        if cell(i, True):
            return True
        words = [t.lower() for t in toks[max(0, i - 6):i] if t.strip() and t not in _QUOTES]
        return len(words) >= 2 and words[-1] in (":", "=") and words[-2] in MONTH_KEYS

    def month_name(self, toks: list[str], i: int) -> bool:
        """A month's name in another language (`_FOREIGN_MONTHS`, atk8 B M4: "Im Januar", "Ende Februar", "März",
        "Okt–Dez"), capitalised or not: always when no name list holds it as a first name; one that is also a first
        name ("Mai", "Juli", "Julio", "Abril") only after a word of time (`_MONTH_BEFORE`: "Anfang Mai", "en julio"),
        after a day ("31. Juli", "15 de mayo") or before a year ("Juli 2024"), and never with a capitalised word
        after it ("Julio Iglesias")."""
        tok = toks[i]
        low = tok.lower().rstrip(".")
        if low not in _FOREIGN_MONTHS or not tok.isalpha() or (tok.isupper() and len(tok) > 1):
            return False
        if not self.names.is_any_first(low):
            return True
        k = i + 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        after = toks[k] if k < len(toks) else ""
        if _WORD.fullmatch(after) and after[:1].isupper():
            return False
        if after.isdigit() and len(after) == 4:
            return True  # "Juli 2024"
        before = [t.lower() for t in toks[max(0, i - 3):i] if t.strip()]
        if before and before[-1] == "de" and len(before) >= 2 and before[-2].isdigit():
            return True  # "15 de mayo"
        if before and before[-1] == "." and len(before) >= 2 and before[-2].isdigit():
            return True  # "31. Juli"
        if before and before[-1].isdigit() and len(before[-1]) <= 2:
            return True  # "15 mai"
        # (the English tokenizer splits German "Im" into "I" "m")
        if bool(before) and (before[-1] in _MONTH_BEFORE or before[-2:] == ["i", "m"]):
            return True
        return self._beside_month(toks, i)

    def _beside_month(self, toks: list[str], i: int) -> bool:
        """Another month's name one joiner away (`_MONTH_JOINERS`: "April und Mai", "Juli, August", "Mai-Juni"),
        one that is no first name or the English month: the list is of months (atk9 B M3)."""
        for step in (-1, 1):
            k, joined = i + step, False
            while 0 <= k < len(toks) and (not toks[k].strip() or (not joined and toks[k].lower() in _MONTH_JOINERS)):
                joined = joined or bool(toks[k].strip())
                k += step
            if not joined or not 0 <= k < len(toks):
                continue
            other = toks[k].lower().rstrip(".")
            if toks[k].isalpha() and other != toks[i].lower() and (
                    (other in _FOREIGN_MONTHS and not self.names.is_any_first(other)) or other in _ENGLISH_MONTHS):
                return True
        return False

    def month_phrase(self, toks: list[str], i: int) -> bool:
        """A month's name in another language (`month_name`), or a capitalised word of time right before one ("Seit
        Juni", "Anfang Mai", "Ende Februar")."""
        if self.month_name(toks, i):
            return True
        k = i + 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        return toks[i].lower() in _MONTH_BEFORE and toks[i][:1].isupper() and k < len(toks) \
            and self.month_name(toks, k)

    def foreign_article(self, toks: list[str], i: int) -> bool:
        """An article of German, Dutch, French, Spanish, Italian or Portuguese (`_SENTENCE_ARTICLES`) at a sentence's
        start with a lower-case word after it that is no name particle (atk8 B M4: "De server is offline.", "Le
        client attend encore.", "Het ticket is gesloten."; not "De la Cruz"), unless it is a US census first name or
        a person's cue is around it ("Les said")."""
        tok = toks[i]
        if tok.lower() not in _SENTENCE_ARTICLES or not tok[:1].isupper() or not self.sentence_initial(toks, i):
            return False
        k = i + 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        nxt = toks[k] if k < len(toks) else ""
        return bool(_WORD.fullmatch(nxt)) and nxt.islower() and nxt not in _PARTICLES \
            and not self.names.is_census_first(tok) and not self.person_cued(toks, i)

    def plain_label_value(self, toks: list[str], i: int) -> bool:
        """Token i starts the value of a label ("Name: Billing Service", "Name: Nightly Export", atk8 B L1) that is,
        to the line's end, one to four English words (the 5,000 commonest of a word list, WordNet's nouns and
        adjectives, software nouns), none of them a name any list holds ("Name: Rose Garden", "Name: Will Smith" stay
        names)."""
        words: list[str] = []
        k = i
        while k < len(toks) and "\n" not in toks[k]:
            t = toks[k]
            if t in (".", ",", ";", ")", "!") and k > i:
                break
            if t.strip():
                if not t.isalpha():
                    return False
                words.append(t)
            k += 1
        return 0 < len(words) <= 4 and all(
            (self.names.is_very_common(w) or w.lower() in self.nouns or w.lower() in self.adjectives
             or self.tech_head(w)) and not self.names.is_name(w) and not self.names.is_any_first(w) for w in words)

    def capitals_run(self, toks: list[str], i: int) -> bool:
        """Token i is an English word in capitals next to another word in capitals ("GREEN BUILD", "OOM KILLER",
        "FROM CASSANDRA TO"): in text written in capitals such a word alone is no name, nor a listed first name
        that is an English adjective and no English (US census) first name ("THE BUILD IS GREEN BUT"; "AMBER",
        "ROSE", "ANDREI" stay); a full name there is a first name and a surname (`PersonNameRecognizer._surname_after`:
        "JANE DOE")."""
        def caps(t: str) -> bool:
            return len(t) > 1 and t.isalpha() and t.isupper()

        tok = toks[i]
        if not caps(tok) or (self.names.is_first(tok) and (
                tok.lower() not in self.adjectives or self.names.is_census_first(tok))):
            return False
        return any(0 <= k < len(toks) and caps(toks[k]) for k in (i - 1, i + 1))

    def person_cued(self, toks: list[str], i: int, neighbours: bool = True) -> bool:
        """Something around token i says it is a person: a title, a relation, a verb of addressing or a greeting
        before it ("Dr.", "my colleague", "ask", "cc", "Hi", "Dear", "I'm"), a verb of persons after it ("said",
        "wrote") or another part of a name beside it ("Travis Scott")."""
        before = tuple(t.lower() for t in toks[max(0, i - 3):i] if t.strip() and t != ",")
        if before and ((before[-1] in _TITLES and not milliseconds(toks, i - 1)) or before[-1] in _RELATIONS
                       or before[-1] in _PERSON_BEFORE):
            return True
        if any(before[-len(c):] == c for c in (*_CUES, *_LOWER_CUES)):
            return True
        if i + 1 < len(toks) and toks[i + 1].lower() in _PERSON_VERBS:
            return True
        return neighbours and (self._name_neighbour(toks, i - 1) or self._name_neighbour(toks, i + 1))

    def _lower_name_neighbour(self, toks: list[str], i: int) -> bool:
        """A lower-case listed name or a name particle next to token i: "jordan smith", "jan de vries"."""
        for k in (i - 1, i + 1):
            if 0 <= k < len(toks):
                t = toks[k]
                if t in _PARTICLES or (t.isalpha() and t.islower() and self.names.is_name(t)
                                       and not self.names.is_common(t) and not self.joiner(t)):
                    return True
        return False

    def label_identifier(self, toks: list[str], i: int) -> bool:
        """Token i, the value after a name label, is an identifier, not a person (issue 12, atk7 F5: Kubernetes,
        Compose and CI `name:` keys): no part of it a listed name (`name: max`, `name: jane doe` stay names), and
        code (`- name: LOG_LEVEL`, `name: api_v2`), a lower-case hyphenated identifier (`name: nightly-report`)
        or one lower-case word alone on the line that is a product, a software noun or an English noun
        (WordNet's: `- name: api`, `name: redis`, `name: web`)."""
        tok = toks[i]
        parts = [tok]
        k = i
        while k + 2 < len(toks) and toks[k + 1] in _HYPHENS and toks[k + 2].isalnum() and toks[k + 2].islower() \
                and tok.islower():
            parts.append(toks[k + 2])
            k += 2
        words = [w for p in parts for w in re.findall(r"[^\W\d_]+", p)]
        if not words or any(self.names.is_name(w) or self.names.is_any_first(w) for w in words):
            return False
        if self.code_like(tok) or len(parts) > 1:
            return True
        if not (tok.isalpha() and tok.islower()):
            return False
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        alone = not nxt.strip() or "\n" in nxt or nxt in _QUOTES or nxt in (",", "}", "]")
        return alone and (self.is_tech(tok) or self.tech_head(tok) or tok in _TECH_CONTEXT or tok in self.nouns)

    def language_code(self, toks: list[str], i: int) -> bool:
        """A lower-case two-letter language code with no name beside it: "en" in "name: en", "lang: en",
        "Set lang to de." (not "de" in "jan de vries")."""
        return toks[i] in LANGUAGE_CODES and not self._lower_name_neighbour(toks, i)

    def lower_identifier(self, toks: list[str], i: int) -> bool:
        """A lower-case word that is an identifier, a config key or a value, not a name (issue 12): no cue
        around it (`person_cued`, "name:", "contact:"), no lower-case listed name beside it ("jordan smith"),
        and one of:
        - a language code (`language_code`);
        - a key before ":" or "=" at a line's or a field's start: "lang: en", `{"max": "de"}`, "lib=vendor";
        - after a verb that sets a key and before "to", "=" or "from": "Set lang to de.", "change max to 5";
        - the value of a key that names a key: `{"key": "lang", ...}`, "field: max";
        - before a noun of keys: "the lang field", "max value";
        - alone in its text, line or sentence ("lang", `"null"`), when it is no listed first name or one in
          `IDENTIFIER_FIRST_NAMES` (`max` alone is the identifier; `lena` alone stays a name)."""
        tok = toks[i]
        if not (tok.isalpha() and tok.islower()) or self.person_cued(toks, i) or self._lower_name_neighbour(toks, i):
            return False
        words = [(k, t.lower()) for k, t in enumerate(toks[max(0, i - 4):i], max(0, i - 4))
                 if t.strip() and t not in _QUOTES]
        before = tuple(t for _, t in words)
        if any(before[-len(c):] == c for c in _LABEL_CUES):
            return False  # "contact: max"
        if self.language_code(toks, i):
            return True
        j = i + 1
        while j < len(toks) and (toks[j] in _QUOTES or not toks[j].strip()) and "\n" not in toks[j]:
            j += 1
        nxt = toks[j] if j < len(toks) else ""
        prev = toks[i - 1] if i > 0 else ""
        if nxt in (":", "=") and (self.sentence_initial(toks, i) or prev in _QUOTES or prev in ("{", ",", "(", "[")):
            return True
        if before and before[-1] in _SET_VERBS and nxt.lower() in ("to", "=", "from"):
            return True
        if len(before) >= 2 and before[-1] in (":", "=") and before[-2] in _FIELD_KEYS:
            return True
        if i + 1 < len(toks) and toks[i + 1].lower() in _FIELD_HEADS:
            return True
        if any(0 <= k < len(toks) and any(c.isalnum() for c in toks[k]) for k in (i - 1, i + 1)):
            return False  # a word beside it: not alone (without walking the sentence)
        lo, hi = self.sentence_bounds(toks, i)
        if all(k == i or not any(c.isalnum() for c in toks[k]) for k in range(lo, hi + 1)):
            return not self.names.is_first(tok) or tok in IDENTIFIER_FIRST_NAMES
        return False

    def word_name(self, toks: list[str], i: int) -> bool:
        """A capitalised first name of `WORD_FIRST_NAMES` used as the English word it also is (issue 12, atk6 F5),
        with no person cue around it (`person_cued`: "ask Rose", "Max said", "Grace Hopper" stay names):
        - "Max."/"Min." before a number, or before a word then ":" or a number: "Max. 20 connexions",
          "Max. Speicher: 4096 MB", "Max. 10 réplicas" (not "Thanks, Max. See you");
        - at a sentence's start (or after ")" or "):"), before a lower-case noun (`noun_modifier`: no verb in any
          form, no adjective, adverb or function word) or a verb's bare form (no subject name takes one; not a past
          of the same form, `_SAME_FORM_PASTS`) that is no listed name: "Grace period", "Max heap reached",
          "Max concurrency", "Max retries exceeded" (not "Grace fixed it", "Max is out", "Max set the flag");
        - at a sentence's start, before "to", "by", "from", ... and a number: "Rose to 95% CPU"."""
        tok = toks[i]
        low = tok.lower()
        if low not in WORD_FIRST_NAMES or not tok[:1].isupper() or (tok.isupper() and len(tok) > 1) \
                or self.person_cued(toks, i):
            return False
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if low in _ABBREVIATED_FIRST_NAMES and nxt == ".":
            k = i + 2
            while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += 1
            word = toks[k] if k < len(toks) else ""
            after = toks[k + 1] if k + 1 < len(toks) else ""
            return word[:1].isdigit() or (word.isalpha() and not self.names.is_first(word) and (
                after == ":" or after[:1].isdigit()))  # not "Max. Anna: 12"
        j = i - 1
        while j >= 0 and not toks[j].strip() and "\n" not in toks[j]:
            j -= 1
        if not (self.sentence_initial(toks, i) or (j >= 0 and toks[j][-1:] in (")", ":") and not any(
                c.isalnum() for c in toks[j]))):  # "port=443): Max retries exceeded"
            return False
        if nxt.lower() in _RISE_PREPOSITIONS and i + 2 < len(toks) and toks[i + 2][:1].isdigit():
            return True
        if nxt == "per":
            return True  # a rate: "Miles per gallon", "Max per request is 100" (atk12 B FP-2)
        if nxt in _PARTICLES_OF_VERBS and i + 2 < len(toks) and (
                toks[i + 2].lower() in _OBJECT_WORDS or toks[i + 2][:1].isdigit()):
            return True  # a phrasal verb and its object: "Max out the pool", "Drew up a plan" (atk12 B FP-2)
        if self.plural_subject(toks, i):
            return True  # "Holly bushes line the driveway", "Drew curtains keep the room dark" (atk12 B FP-2)
        if not (nxt.isalpha() and nxt.islower()) or nxt.endswith("ly"):
            return False  # an adverb: "Max probably knows" stays a name
        if i + 2 < len(toks) and toks[i + 2] in _AUXILIARIES and nxt not in self.stop_words.get("en", ()) \
                and nxt not in _PERSONAL_MODIFIERS and (not self.names.is_name(nxt) or self.names.is_english(nxt)
                                                        or nxt in self.adjectives):
            # an auxiliary after the name and one word: the two are a noun phrase, a person and a verb take none
            return True  # "Rose gold is", "Grace notes are", "Hunter green is" (atk12 B FP-2); "Max too is" stays
        if i + 2 < len(toks) and nxt in _COLOURS_AND_MATERIALS and toks[i + 2].isalpha() and toks[i + 2].islower() \
                and (toks[i + 2] in self.nouns or toks[i + 2][:-1] in self.nouns):
            return True  # a colour or a material, then a noun: "Rose gold cases sold out" (atk12 B FP-2)
        if self.names.is_name(nxt) and not (
                nxt in self.verbs and not self.names.is_any_first(nxt) and i + 2 < len(toks)
                and toks[i + 2].isalpha() and toks[i + 2].islower() and toks[i + 2] not in _OBJECT_WORDS
                and toks[i + 2] not in self.stop_words.get("en", ())):  # not "Olive sent the slides"
            return False  # a lower-case listed surname that is a verb's bare form is the verb: "Grace hash join
            # spills to disk" (atk12 B FP-2)
        # a noun, or a verb's bare form, which no name as a subject takes ("Max heap reached", "Max size is 10"),
        # but not a past the same as it ("Max set the flag")
        return self.noun_modifier(nxt) or (nxt in self.verbs and nxt not in _SAME_FORM_PASTS
                                           and nxt not in self.adjectives and not self.joiner(nxt))

    def place_named(self, toks: list[str], last: int) -> bool:
        """The capitalised words ending at token `last` name a place or an institution (fpnames14, bench/url_pii.py's
        held-out URLs): the last of them, or one of the two capitalised words right after it (maybe joined by "+"
        as in a query string), is a capitalised head of `PLACE_HEADS` that is no listed name ("Virginia Beach",
        "Charlotte Douglas Airport", "Jackson Street exit", "Lincoln Park Station")."""
        def head(k: int, before: int) -> bool:
            t = toks[k]
            if not (t[:1].isupper() and t.isalpha() and t.lower() in PLACE_HEADS) or (t.isupper() and len(t) > 1):
                return False
            if t.lower() not in _SURNAME_HEADS and not self.names.is_name(t) and not self.names.is_any_first(t):
                return True
            # a head that is also a surname: after a listed place, or before another head
            prev = toks[before].lower() if before >= 0 else ""
            return prev in self.places or prev in self.cities or (k + 1 < len(toks) and head_after(k + 1))

        def next_word(k: int) -> int:
            while k < len(toks) and (not toks[k].strip() and "\n" not in toks[k] or toks[k] == "+"):
                k += 1
            return k

        def head_after(k: int) -> bool:
            k = next_word(k)
            t = toks[k] if k < len(toks) else ""
            return t[:1].isupper() and t.isalpha() and t.lower() in PLACE_HEADS and t.lower() not in _SURNAME_HEADS \
                and not self.names.is_name(t) and not self.names.is_any_first(t)

        if last > 0 and head(last, last - 1):
            return True
        k, prev, seen = last + 1, last, 0
        while k < len(toks) and seen < 2:
            k = next_word(k)
            if k >= len(toks) or not (toks[k][:1].isupper() and toks[k].isalpha()):
                return False
            if head(k, prev):
                return True
            prev, seen = k, seen + 1
            k += 1
        return False

    @staticmethod
    def before_amount(toks: list[str], last: int) -> bool:
        """Token `last` (or one after it, past up to two lower-case words) is a currency's code or sign and a number
        follows: the words before it label an amount, no person ("Anggaran Rp 6.175.550.143", "Bajeti ni KSh
        6,175,550,143", atk13); the callers keep a listed name there ("Send Maria Rp 50.000")."""
        k, between = last, 0
        while toks[k].lower() not in CURRENCY_WORDS:
            if k > last and (not (toks[k].isalpha() and toks[k].islower()) or between >= 2):
                return False  # up to two lower-case words between: "Bajeti ni KSh 2,430,118,907" ("is")
            between += 1 if k > last else 0
            k += 1
            while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += 1
            if k >= len(toks):
                return False
        k += 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        return k < len(toks) and toks[k][:1].isdigit()

    def listed_name_among(self, toks: list[str], ks: Iterable[int]) -> bool:
        """A capitalised listed name among tokens `ks`, a currency's code aside ("Send Maria Rp 50.000"; not "Bajeti
        ni KSh")."""
        return any(toks[k][:1].isupper() and toks[k].lower() not in CURRENCY_WORDS and (
            self.names.is_name(toks[k]) or self.names.is_any_first(toks[k])) for k in ks)

    def plural_subject(self, toks: list[str], i: int) -> bool:
        """Token i, a first name that is a word, modifies the plural noun after it, and the verb after the two takes
        an object: "Holly bushes line the driveway", "Hunter boots keep your feet dry", "Pearl divers hold their
        breath" (atk12 B FP-2). A name as the subject reads "Max needs help", "Iris leads design reviews": the word
        after its verb is a noun, not a verb's bare form then a determiner; verbs a bare form follows ("Holly helps
        build the site", "Max lets go the rope") are none of the plural's."""
        if i + 3 >= len(toks):
            return False
        plural, verb, obj = toks[i + 1], toks[i + 2], toks[i + 3].lower()
        if not (plural.isalpha() and plural.islower() and len(plural) > 3 and plural.endswith("s")) \
                or plural.endswith(("ss", "us", "is", "'s")) or self.names.is_name(plural) \
                or plural in self.stop_words.get("en", ()) or plural in _BARE_FORM_TAKERS:
            return False
        if not (verb.isalpha() and verb.islower() and verb in self.verbs) or verb.endswith("s") \
                or verb in _AUXILIARIES or verb in ("be", "been", "being") or self.names.is_name(verb):
            return False
        return obj in _DETERMINERS or obj in _VERB_OBJECTS

    def limit_word(self, toks: list[str], i: int) -> bool:
        """"max"/"min" as the limit it abbreviates (issue 12, fpmisc10), with no person cue around it
        (`person_cued`: "ask Max", "Max said" stay names): right before a number, maybe after ":" or "=":
        "(max 50 results)", "max: 50", "max = 50", "up to max 50", "min 1"; capitalised only where a sentence or a
        clause starts: "Max 50 results per page.", "(Min 1, max 50)", "Limits: Max 50". In lower case also after a
        determiner ("the max.", "2**10-1 is the max", "its min"), paired with the other by a joiner ("min and max",
        "max/min", "min vs max") or beside an operator ("n = max", "> max", "max - 1"; not after a key naming a
        person, "name = max") (issue 12, atk8 B M5)."""
        tok = toks[i]
        if tok.lower() not in _ABBREVIATED_FIRST_NAMES or self.person_cued(toks, i):
            return False
        k = i + 1
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        if k < len(toks) and toks[k] in (":", "="):
            k += 1
            while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += 1
        j = i - 1
        while j >= 0 and not toks[j].strip() and "\n" not in toks[j]:
            j -= 1
        if tok.islower() and j >= 0 and (toks[j][:1].isdigit() or toks[j].lower() in ("the", "a")) \
                and k < len(toks) and toks[k].isalpha() and toks[k].islower():
            return True  # before a lower-case noun after a number or an article: "512 max positions", "Set 30 max
            # retries", "The max int is ..." (atk8 B M5)
        if tok.islower() and i + 1 < len(toks) and self.noun_modifier(toks[i + 1]) \
                and not self.names.is_name(toks[i + 1]):
            return True  # before a lower-case noun: "The job hit max memory", "Set max memory to 512 MB" (atk12 B
            # FP-2)
        if tok.islower() and (self._limit_pair(toks, i) or self._operand(toks, i, j, k)
                              or (j >= 0 and toks[j].lower() in _DETERMINERS)):
            return True  # "min and max", "max/min", "n = max", "max - 1", "the max.", "2**10-1 is the max" (atk8 B M5)
        if k >= len(toks) or not toks[k][:1].isdigit():
            return False
        if tok.islower() or tok.isupper():
            return True
        return self.sentence_initial(toks, i) or (j >= 0 and toks[j] == ",")

    @staticmethod
    def _limit_pair(toks: list[str], i: int) -> bool:
        """Lower-case "min" and "max" paired by a joiner: "min and max", "max/min", "min vs max", "max or min"."""
        other = "min" if toks[i] == "max" else "max"
        for step in (-1, 1):
            k = i + step
            while 0 <= k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += step
            if not (0 <= k < len(toks)) or toks[k].lower() not in _LIMIT_JOINERS:
                continue
            k += step
            while 0 <= k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
                k += step
            if 0 <= k < len(toks) and toks[k] == other:
                return True
        return False

    @staticmethod
    def _operand(toks: list[str], i: int, j: int, k: int) -> bool:
        """Token i an operand: an arithmetic or comparison operator right after it (k, the token after) or before
        it (j, the token before), but not "=" after a key that names a person ("name = max", "user_name == max")."""
        if k < len(toks) and toks[k] in _OPERATORS:
            return True  # "max - 1", "max * 2", "max >= n"
        if j < 0 or toks[j] not in _OPERATORS:
            return False
        key = toks[j - 1].lower() if j > 0 else ""
        return toks[j] not in ("=", "==") or _PERSON_KEY.search(key) is None

    def field_label(self, toks: list[str], i: int) -> bool:
        """Token i is a word of a log's field label (issue 12, atk8 B M4: AWS Lambda's REPORT line): two to four
        capitalised words on one line right before ":" and a number, the last an English word, none after the
        first a listed name, no person cue before them (`Billed Duration: 103 ms`, `Max Memory Used: 71 MB`,
        `Init Duration: 245.31 ms`); `Jane Smith: 42`, `Ask Max Power: 5` stay names."""
        def cap(t: str) -> bool:
            return t[:1].isupper() and t.isalpha() and not (t.isupper() and len(t) > 1)

        if not cap(toks[i]):
            return False
        lo = hi = i
        while lo > 0 and i - lo < 3 and cap(toks[lo - 1]):
            lo -= 1
        while hi + 1 < len(toks) and hi - lo < 3 and cap(toks[hi + 1]):
            hi += 1
        if hi == lo or hi + 1 >= len(toks) or toks[hi + 1] != ":":
            return False
        k = hi + 2
        while k < len(toks) and not toks[k].strip() and "\n" not in toks[k]:
            k += 1
        if k >= len(toks) or not toks[k][:1].isdigit():
            return False
        words = toks[lo:hi + 1]
        before = toks[lo - 1].lower() if lo > 0 else ""
        return self.names.is_english(words[-1]) and not any(self.names.is_name(w) for w in words[1:]) \
            and before not in _PERSON_BEFORE and not (before in _TITLES and not milliseconds(toks, lo - 1)) \
            and not self.person_cued(toks, lo)

    def row_label(self, toks: list[str], i: int) -> bool:
        """Token i is a row's label in a command's output (issue 12, atk10 B-M7: `free -m`'s `Mem:          15885
        11203 ...`, `Swap:`): a capitalised word no name list holds, at a line's start, right before ":" and two or
        more numbers that are the rest of the line, no valid phone number; `Jane: 42 17` (a listed name) stays a
        name."""
        tok = toks[i]
        if not (tok[:1].isupper() and tok.isalpha()) or i + 1 >= len(toks) or toks[i + 1] != ":" \
                or (i > 0 and "\n" not in toks[i - 1]) or self.names.is_name(tok) or self.names.is_any_first(tok):
            return False
        numbers: list[str] = []
        for t in toks[i + 2:]:
            if "\n" in t:
                break
            if t.strip():
                if not re.fullmatch(r"\d+(?:[.,]\d+)?[kMGTBi]{0,2}", t):
                    return False
                numbers.append(t)
        return len(numbers) >= 2 and not plausible_phone(" ".join(numbers))  # `Xochitl: 617 555 0143` is a contact

    # ----------------------------------------------------------------- atk9 B-M5, L2 and others (issue 12)

    def _brand_cued(self, toks: list[str], lo: int, hi: int, after: bool = True) -> bool:
        """A person's cue around the words lo..hi-1: a title, a relation, a verb of addressing or a greeting
        before ("Dr.", "ask", "Hi"), a verb of persons after ("said"), a listed first name before ("Freeman
        Dyson") or another name part after."""
        before = tuple(t.lower() for t in toks[max(0, lo - 3):lo] if t.strip() and t != ",")
        if before and (before[-1] in _TITLES or before[-1] in _RELATIONS or before[-1] in _PERSON_BEFORE):
            return True
        if any(before[-len(c):] == c for c in (*_CUES, *_LOWER_CUES)):
            return True
        if hi < len(toks) and toks[hi].lower() in _PERSON_VERBS:
            return True
        if lo > 0 and self.names.is_first(toks[lo - 1]) and self._name_neighbour(toks, lo - 1):
            return True
        return after and hi < len(toks) and toks[hi].lower() not in CORPORATE_SUFFIXES \
            and self._name_neighbour(toks, hi)

    def organisation(self, toks: list[str], i: int, line: bool = False) -> bool:
        """Token i is part of a listed company or brand written whole (`proxy.nlp.companies.COMPANIES`, atk9 B-M5):
        always when the brand holds no listed first name ("Goldman Sachs", "Kenvue") or is written with `&` or
        `-` ("Johnson & Johnson", "Mercedes-Benz"), else when a corporate suffix follows ("Dell Inc.") or the
        sentence holds a word of business ("Compare Morgan Stanley ... on trading revenue", "Chanel raised
        handbag prices"); never with a person's cue around it ("Ask Morgan Stanley", "Freeman Dyson"). A consumer
        brand (`CONSUMER_BRANDS`, atk14 B M1) holding a listed surname is read as one listed first name. With `line`,
        a capitalised word after it is no cue: it may be the brand's product line (`product_line`)."""
        tok = toks[i]
        entries = company_index().get(tok.lower())
        if not entries or not tok[:1].isalpha():
            return False
        for words, k in entries:
            lo, hi = i - k, i - k + len(words)
            if lo < 0 or hi > len(toks) or tuple(t.lower() for t in toks[lo:hi]) != words:
                continue
            if not all(t[:1].isupper() for t in toks[lo:hi] if t[:1].isalpha() and t.lower() not in ("'s", "co")):
                continue  # "the dell of the valley": a brand is written capitalised
            parts = [t for t in toks[lo:hi] if t[:1].isalpha() and t.lower() != "'s"]
            line_after = line or not any(self.names.is_name(t) or self.names.is_any_first(t) for t in parts) \
                or self._line_then_product(toks, hi)
            if self._brand_cued(toks, lo, hi, after=not line_after):
                continue
            parts = [t for t in toks[lo:hi] if t[:1].isalpha() and t.lower() != "'s"]
            named = any(self.names.is_first(t) or (words in consumer_brands() and self.names.is_name(t)) for t in parts)
            if not named or any(t in ("&", "-") for t in toks[lo:hi]):  # a consumer brand that is a listed surname
                # ("Weber", "Philips") needs a product's or a business word too: "Guy Weber will join the call"
                return True
            if hi < len(toks) and toks[hi].lower() in CORPORATE_SUFFIXES:
                return True
            s_lo, s_hi = self.sentence_bounds(toks, i)
            owner = any(t in _POSSESSIVE for t in toks[lo:hi + 1])  # "Wendy's laptop": a person's
            if any(toks[m].lower() in BUSINESS_WORDS or (toks[m].lower() in PRODUCT_WORDS and not owner)
                   for m in range(s_lo, s_hi + 1) if not lo <= m < hi):
                return True  # atk14 B M1: a product's or an order's word too ("Zara return label", "Weber grill")
        return False

    def _line_then_product(self, toks: list[str], k: int) -> bool:
        """From token k, up to three capitalised words, model numbers or hyphens, then a product's word among the
        next three lower-case words: "Hue bulbs", "QC45 left earcup", "Creami bowl lid" (atk14 B M1); no listed
        name among the capitalised words, no verb of persons after them ("Zara Larsson said the order ...")."""
        n = 0
        while k < len(toks) and n < 4 and (
                toks[k] == "-" or toks[k][:1].isupper() or _DEVICE_NUMBER.fullmatch(toks[k])):
            if self.names.is_name(toks[k]) or self.names.is_any_first(toks[k]):
                return False
            k += 1
            n += 1
        after = [t for t in toks[k:k + 4] if t.strip()][:3]
        for t in after:
            if t.lower() in PRODUCT_WORDS:
                return True
            if not (t.isalpha() and t.islower()) or t in _PERSON_VERBS:
                return False
        return False

    def lower_compound(self, toks: list[str], i: int) -> bool:
        """Token i is a lower-case word in no name list after another lower-case word, in a sentence with no
        capitalised name beside it: a compound noun's head ("resistance knob", "travel mug", atk14 B M1)."""
        tok = toks[i]
        if not (tok.isalpha() and tok.islower()) or i == 0 or self.names.is_name(tok) or self.names.is_any_first(tok):
            return False
        prev = toks[i - 1]
        if prev in _PERSON_BEFORE or prev in _TITLES or prev in _GREETINGS or prev in _RELATIONS \
                or prev in ("named", "called", "dear", "is", "am", "me", "mr", "by", "with", "and", "from", "to",
                            "for"):
            return False
        return prev.isalpha() and prev.islower() and not self.names.is_name(prev) \
            and not self.names.is_any_first(prev)

    def product_brand(self, toks: list[str], i: int) -> bool:
        """Token i is a product's brand before the product's noun (`proxy.nlp.companies.PRODUCT_NOUNS`, atk14 B
        M1), right after it or one word between ("Arlo camera", "Vizio TV", "Bissell carpet cleaner", "Beats Studio
        Buds"); never with a person's cue or another name part around it ("ask Oakley", "Mark Oakley camera")."""
        tok = toks[i]
        if not (tok[:1].isupper() and tok.isalpha()) or (tok.isupper() and len(tok) > 1 and tok.lower() != "tv"):
            return False
        after = [t for t in toks[i + 1:i + 4] if t.strip()]
        if not after:
            return False
        if after[0].lower() in PRODUCT_NOUNS:
            pass
        elif not (len(after) > 1 and after[0].isalpha() and after[1].lower() in PRODUCT_NOUNS
                  and (after[0].islower() or not self.names.is_name(after[0]))):
            return False
        if self._brand_cued(toks, i, i + 1, after=False) or (i > 0 and toks[i - 1][:1].isupper()
                                                               and toks[i - 1].isalpha()):
            return False  # "a huge Jouni Hahli fan": a capitalised word before, a person's name
        return not (i + 1 < len(toks) and toks[i + 1] in _POSSESSIVE)

    def product_line(self, toks: list[str], i: int) -> bool:
        """Token i names a product line after a brand read as one (`organisation`, atk14 B M1): up to three
        capitalised words, model numbers or hyphens between ("Garmin Forerunner", "Philips Hue", "Logitech MX
        Master", "Nintendo Switch Joy-Con"); not a listed first name before another name part ("Lenovo Mark
        Smith")."""
        tok = toks[i]
        if not tok[:1].isupper() or (self.names.is_first(tok) and self._name_neighbour(toks, i + 1)):
            return False
        k = i - 1
        while k >= max(0, i - 4):
            t = toks[k]
            if t[:1].isupper() and self.organisation(toks, k, line=True):
                return True
            if not (t == "-" or t[:1].isupper() or _DEVICE_NUMBER.fullmatch(t)) or not t.strip():
                return False
            k -= 1
        return False

    @staticmethod
    def _dose_number(tok: str) -> bool:
        return bool(re.fullmatch(r"\d+(?:[.,]\d+)?(?:/\d+(?:[.,]\d+)?)*", tok))

    def dose_unit(self, toks: list[str], i: int) -> bool:
        """Token i is a dose's unit after its number (atk14 B M1): "5 mg", "22 units", "2 puffs"."""
        return toks[i] in DOSE_UNITS and i > 0 and self._dose_number(toks[i - 1])

    def _dosed(self, toks: list[str], i: int) -> bool:
        """A dose follows token i, maybe after a release form: "Eliquis 5 mg", "Toprol XL 50 mg", "Norco 5/325"."""
        k = i + 1
        if k < len(toks) and toks[k].lower() in RELEASE_FORMS:
            k += 1
        if k + 1 >= len(toks) or not self._dose_number(toks[k]):
            return False
        return toks[k + 1] in DOSE_UNITS or ("/" in toks[k] and toks[k + 1].lower() in ("one", "two", "tablet"))

    def _medicated(self, toks: list[str], i: int) -> bool:
        """A medication or device word right after token i (maybe after a release form or one more word:
        "Ventolin inhaler", "Masimo pulse oximeter"), or a verb of dosing before it in a sentence holding a dose
        or a medication word ("Start Keflex 500 mg", "Hold Coreg if ... daily")."""
        after = [t.lower() for t in toks[i + 1:i + 4] if t.strip()]
        if after and after[0] in RELEASE_FORMS:
            after = after[1:]
        if any(w in MEDICATION_WORDS and w not in _DOSE_TIMES for w in after[:2]):
            return True
        before = [t.lower() for t in toks[max(0, i - 2):i] if t.strip()]
        if not before or before[-1] not in DOSING_VERBS:
            return False
        lo, hi = self.sentence_bounds(toks, i)
        return any(toks[m].lower() in MEDICATION_WORDS or (m != i and self._dosed(toks, m))
                   for m in range(lo, hi + 1) if m != i)

    def drug(self, toks: list[str], i: int) -> bool:
        """Token i is a drug's name (atk9 B-M5, atk14 B M1):
        - by its stem (`proxy.nlp.companies.DRUG_STEMS`): seven letters or more, ending in an INN stem, no listed
          name ("Heparin", "Cisplatin", "Atorvastatin", "Adalimumab");
        - a listed brand (`DRUG_BRANDS`: "Eliquis", "Zofran") without a person's cue around it; one that is also a
          listed name ("Allegra") only before a dose or a medication word;
        - a capitalised word in no name list before a dose ("Toradol 15 mg", "Rocephin 1 g") or a medication or
          device word ("Ventolin inhaler", "Masimo pulse oximeter"), or after a verb of dosing in a sentence
          about a dose ("Give Toradol ..."); never with a person's cue ("Dr. Baxter", "ask Philips")."""
        tok = toks[i]
        if not tok.isalpha():
            return False
        listed = self.names.is_name(tok) or self.names.is_any_first(tok)
        if len(tok) >= 7 and tok.lower().endswith(DRUG_STEMS) and not listed:
            return True
        if not tok[:1].isupper() or len(tok) < 3 or self._brand_cued(toks, i, i + 1):
            return False
        if tok.lower() in DRUG_BRANDS and not listed:
            return True
        if listed and tok.lower() not in DRUG_BRANDS:
            return False
        return self._dosed(toks, i) or self._medicated(toks, i)

    def assistant(self, toks: list[str], i: int) -> bool:
        """Token i is a voice assistant (`proxy.nlp.companies.ASSISTANTS`, atk9 B-L2) in a sentence with a device
        word and no other name part beside it: "Ask Alexa to turn off the kitchen lights", "Hey Siri does not
        work when the phone is in low power mode"; "Ask Alexa Smith about the lights" stays a name."""
        if toks[i].lower() not in ASSISTANTS or not self._is_cap(toks[i]) or self._name_neighbour(toks, i + 1) \
                or (i > 0 and self.names.is_first(toks[i - 1]) and self._name_neighbour(toks, i - 1)):
            return False
        if i + 1 < len(toks) and toks[i + 1] in _POSSESSIVE:
            return False
        lo, hi = self.sentence_bounds(toks, i)
        return any(toks[m].lower() in DEVICE_WORDS for m in range(lo, hi + 1) if m != i)

    _HEADING_FUNCTION_WORDS = frozenset({"for", "to", "of", "the", "and", "in", "on", "with", "when", "from", "by",
                                         "is", "at", "a", "an", "not", "into", "after", "before", "without"})
    _TIME_WORDS = frozenset({"today", "tomorrow", "tonight", "yesterday", "now", "soon", "morning", "afternoon",
                             "evening", "week", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday"})

    def title_heading(self, toks: list[str], i: int) -> bool:
        """Token i is an adjective before a noun in a Title Case heading (atk9 B, titles): its line has four words
        or more, all capitalised, a function word among them ("For", "To", "Of"), and the next word is a noun that
        is no listed name and no time word: "Improve Search Ranking For Long Queries"; "Notes From Mark Long",
        "Call With Frank Today" stay names."""
        tok = toks[i]
        if not self._is_cap(tok) or tok.lower() not in self.adjectives or i + 1 >= len(toks):
            return False
        nxt = toks[i + 1]
        if not self._is_cap(nxt) or self.names.is_name(nxt) or nxt.lower() in self._TIME_WORDS or not (
                nxt.lower() in self.nouns or nxt.lower().removesuffix("s") in self.nouns
                or nxt.lower().removesuffix("es") in self.nouns or nxt.lower().removesuffix("ies") + "y" in self.nouns):
            return False
        if i > 0 and self.names.is_first(toks[i - 1]) and self._name_neighbour(toks, i - 1):
            return False
        lo = i
        while lo > 0 and "\n" not in toks[lo - 1]:
            lo -= 1
        hi = i
        while hi + 1 < len(toks) and "\n" not in toks[hi + 1]:
            hi += 1
        words = [t for t in toks[lo:hi + 1] if t[:1].isalpha()]
        return len(words) >= 4 and all(t[:1].isupper() for t in words) \
            and any(t.lower() in self._HEADING_FUNCTION_WORDS for t in words[1:])

    _JAVA_TYPES = frozenset({"long", "short", "byte", "integer", "double", "float", "boolean", "character", "string",
                             "object", "number", "math", "void"})

    def java_type(self, toks: list[str], i: int) -> bool:
        """Token i is a Java type's name (atk9 B, code): before `.` or `(` and an identifier ("Long.MAX_VALUE",
        "Long.parseLong"), or beside another such type with "instead of", "or", "to", "vs" between ("Use Long
        instead of Integer"); "Ask Long about it" stays a name."""
        tok = toks[i]
        if tok.lower() not in self._JAVA_TYPES or not self._is_cap(tok):
            return False
        if i + 2 < len(toks) and toks[i + 1] in (".", "::") and (toks[i + 2][:1].isalpha() or toks[i + 2][:1] == "_"):
            return True
        lo, hi = self.sentence_bounds(toks, i)
        return any(m != i and toks[m] != tok and toks[m].lower() in self._JAVA_TYPES and self._is_cap(toks[m])
                   and not self.names.is_name(toks[m]) and abs(m - i) <= 4 for m in range(lo, hi + 1))

    _CELESTIAL = frozenset({"sun", "moon", "earth"})

    def celestial(self, toks: list[str], i: int) -> bool:
        """Token i is the Sun, the Moon or the Earth after "the" ("the Sun is about 149.6 million km
        away"); "Sun Yang" stays a name."""
        return toks[i].lower() in self._CELESTIAL and self._is_cap(toks[i]) and i > 0 \
            and toks[i - 1] in ("the", "The") and not self._name_neighbour(toks, i + 1)

    # ----------------------------------------------------------------- atk11 B FP-M2, M4, L1, L3 (issue 12)

    def _person_around(self, toks: list[str], i: int) -> bool:
        """A person's cue around token i (`person_cued`: a title, a relation, a verb of addressing, a greeting, a
        verb of persons after, another name part beside) or a greeting before it ("Hi", "Thanks", "@")."""
        before = [t.lower() for t in toks[max(0, i - 2):i] if t.strip() and t != ","]
        return self.person_cued(toks, i) or bool(before and before[-1] in _GREETINGS)

    def _language_at(self, toks: list[str], k: int) -> bool:
        """Token k names a programming language unambiguously as another language of a sentence: listed, no
        listed first name, and a common word only when capitalised inside its sentence ("from Pascal to C.",
        "in Fortran", "a Python-like syntax"; not a sentence's "Go")."""
        t = toks[k]
        w = t.lower().removesuffix(".") if len(t) == 2 and t.endswith(".") else t.lower()  # "C." ends a sentence
        if w not in PROGRAMMING_LANGUAGES or self.names.is_first(t) or not (t[:1].isupper() or t[:1] in "#+"):
            return False
        return not self.names.is_common(t) or not self.sentence_initial(toks, k)

    def programming_language(self, toks: list[str], i: int) -> bool:
        """Token i is a programming language named like a person (`proxy.nlp.tech_terms.PROGRAMMING_LANGUAGES`,
        atk11 B FP-M2) in a sentence about code: before `-like`, `-style`, `-based` ("Ruby-like syntax"), or with
        another language ("Port the parser from Pascal to C.", "rewrite it in Julia or keep it in Fortran") or a
        word of code (`LANGUAGE_WORDS`: "Julia is fast for numerical code once it is compiled", "Ada is still used
        in avionics for its strong typing") in its sentence; a possessive only before such a word ("Julia's
        multiple dispatch"; not "Julia's laptop"). Never with a person's cue around it ("Port the parser with
        Pascal Dupont", "ask Julia", "Julia said") nor before a verb of a colleague ("Julia reviewed the code")."""
        tok = toks[i]
        if tok.lower() not in PROGRAMMING_LANGUAGES or not self._is_cap(tok) or self._person_around(toks, i):
            return False
        nxt = toks[i + 1].lower() if i + 1 < len(toks) else ""
        if nxt in _COLLEAGUE_VERBS:
            return False
        if nxt in _HYPHENS and i + 2 < len(toks) and toks[i + 2].lower() in _LANGUAGE_SUFFIXES:
            return True
        lo, hi = self.sentence_bounds(toks, i)
        if nxt in _POSSESSIVE:  # "Julia's multiple dispatch", "Haskell's type system": up to two words between
            return any(toks[k].lower() in LANGUAGE_WORDS for k in range(i + 2, min(hi + 1, i + 5)))
        return any(k != i and (toks[k].lower() in LANGUAGE_WORDS or self._language_at(toks, k))
                   for k in range(lo, hi + 1))

    def ai_model(self, toks: list[str], i: int) -> bool:
        """Token i is an AI assistant or model named like a person (`proxy.nlp.tech_terms.AI_MODELS`, atk11 B
        FP-L3) in a sentence about prompts, documents or code (`AI_WORDS`): "Ask Claude to summarize the design
        doc", "Claude wrote the first draft of the migration script"; never beside another name part, after a
        title or a greeting, or before a verb of persons ("ask Claude Martin", "Hi Claude", "Claude said")."""
        tok = toks[i]
        if tok.lower() not in AI_MODELS or not self._is_cap(tok) or self._name_neighbour(toks, i - 1) \
                or self._name_neighbour(toks, i + 1):
            return False
        before = tuple(t.lower() for t in toks[max(0, i - 3):i] if t.strip() and t != ",")
        if before and (before[-1] in _TITLES or before[-1] in _RELATIONS or before[-1] in _GREETINGS - {"ask", "call"}
                       or any(before[-len(c):] == c for c in (*_CUES, *_LOWER_CUES))):
            return False
        if i + 1 < len(toks) and ((toks[i + 1].lower() in _PERSON_VERBS and toks[i + 1].lower() not in _MODEL_VERBS)
                                  or toks[i + 1] in _POSSESSIVE):
            return False  # "Claude said", "Claude's wife"; "Claude wrote the first draft of the script" is the model
        lo, hi = self.sentence_bounds(toks, i)
        return any(k != i and toks[k].lower() in AI_WORDS for k in range(lo, hi + 1))

    def log_tool(self, toks: list[str], i: int) -> bool:
        """Token i is a log or trace store named like a person (`proxy.nlp.tech_terms.LOG_TOOLS`, atk11 B FP-L3) in
        a sentence about logs or a data size: "Loki ingests about 2 TB of logs per day"; not beside a person's
        cue ("ask Loki", "Loki Smith")."""
        if toks[i].lower() not in LOG_TOOLS or not self._is_cap(toks[i]) or self._person_around(toks, i):
            return False
        lo, hi = self.sentence_bounds(toks, i)
        return any(k != i and (toks[k].lower() in LOG_WORDS or (
            toks[k] in _DATA_SIZES and k > lo and toks[k - 1].replace(".", "").isdigit())) for k in range(lo, hi + 1))

    def device_model(self, toks: list[str], i: int) -> bool:
        """Token i is part of a device's model name (`proxy.nlp.companies.DEVICE_LINES`, `MODEL_TIERS`, atk11 B
        FP-L3): a tier after a device line, model numbers and other tiers between ("iPhone 15 Pro Max", "Galaxy
        S24 Ultra"), or a device line before a tier or a model number ("Echo Dot", "Pixel 8"); not before another
        name part ("Pro Max Mustermann")."""
        tok = toks[i]
        low = tok.lower()
        if (low not in DEVICE_LINES and low not in MODEL_TIERS) or not tok[:1].isupper() \
                or (self._name_neighbour(toks, i + 1) and toks[i + 1].lower() not in MODEL_TIERS):
            return False
        if low in DEVICE_LINES:
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            return (nxt.lower() in MODEL_TIERS and nxt[:1].isupper()) or bool(_DEVICE_NUMBER.fullmatch(nxt))
        k = i - 1
        while k >= max(0, i - 5):
            t = toks[k]
            if t.lower() in DEVICE_LINES:
                return True
            if not (_DEVICE_NUMBER.fullmatch(t) or (t.lower() in MODEL_TIERS and t[:1].isupper())):
                return False
            k -= 1
        return False

    @staticmethod
    def size_unit(toks: list[str], i: int) -> bool:
        """Token i is a size's unit glued to a flag's number (atk11 B FP-L1): "-Xmx8g", "-Xms512m", "MaxRAM=4g"
        (the tokenizer splits the letter off the number); lower case, right after a token ending in a digit."""
        return toks[i] in _SIZE_UNITS and i > 0 and toks[i - 1][-1:].isdigit() and not toks[i - 1].isdigit()

    def phone_label(self, toks: list[str], i: int) -> bool:
        """Token i is a phone's label (atk12 B FP-4): before a number, maybe after "." or ":" ("Handy 0171 1234567",
        "Tel. +49 30 1234567", "Mobil: 0171 ..."), or, when no list holds it as a name, before "." or ":" ("Tel.
        Sprechzeiten: Mo-Fr"); a listed one before ":" and words is a speaker ("Handy: can you look?")."""
        if toks[i].lower() not in _PHONE_LABELS or not toks[i][:1].isupper():
            return False
        after = [t for t in toks[i + 1:i + 5] if t.strip() and "\n" not in t]
        if not after:
            return False
        if after[0] in (".", ":") and (not (self.names.is_name(toks[i]) or self.names.is_any_first(toks[i]))):
            return True
        number = after[1] if after[0] in (".", ":", "-") and len(after) > 1 else after[0]
        return number[:1].isdigit() or (number[:1] in ("+", "(") and len(number) > 1) or (
            number in ("+", "(") and len(after) > 2)

    @staticmethod
    def amount_abbreviation(toks: list[str], i: int) -> bool:
        """Token i abbreviates a number's magnitude after the number (atk11 B FP-M4): "2,1 Mio. €", "3,4 Mrd.
        Euro", "120 Tsd. Euro"."""
        return toks[i].lower() in AMOUNT_ABBREVIATIONS and i > 0 and bool(_AMOUNT_NUMBER.fullmatch(toks[i - 1]))

    def not_a_name(self, toks: list[str], i: int) -> bool:
        """True when token i is, in its sentence, not a person's name (see the class doc)."""
        tok = toks[i]
        if self.word_name(toks, i):
            return True
        if self.limit_word(toks, i):
            return True
        if self.field_label(toks, i) or self.row_label(toks, i):
            return True
        if self.code_like(tok) or self.acronym(tok) or self.date_word(toks, i) or self.month_phrase(toks, i) \
                or self.month_cell(toks, i) \
                or self.foreign_article(toks, i) or self.place(toks, i) \
                or self.capitals_run(toks, i) or self.infrastructure(toks, i) or self.city(toks, i) \
                or self.vi_id_word(toks, i) or self.place_phrase(toks, i):
            return True
        if self.organisation(toks, i) or self.drug(toks, i) or self.assistant(toks, i) or self.java_type(toks, i) \
                or self.celestial(toks, i) or self.title_heading(toks, i):
            return True  # atk9 B-M5, L2: companies, brands, drugs, assistants, Java types, headings
        if self.dose_unit(toks, i) or self.product_line(toks, i) or self.product_brand(toks, i) \
                or self.lower_compound(toks, i):
            return True  # atk14 B M1: "Eliquis 5 mg", "Garmin Forerunner", "Logitech MX Master"
        if self.size_unit(toks, i) or self.amount_abbreviation(toks, i) or self.programming_language(toks, i) \
                or self.phone_label(toks, i) \
                or self.ai_model(toks, i) or self.log_tool(toks, i) or self.device_model(toks, i):
            return True  # atk11 B FP-L1, M4, M2, L3: "-Xmx8g", "2,1 Mio.", "from Pascal to C", "Ask Claude to ..."
        if i >= 2 and toks[i - 1] == "." and toks[i - 2].isidentifier() and toks[i - 2].lower() not in _TITLES \
                and (re.match(r"[^\W\d]\w*\(", tok) or (i + 1 < len(toks) and toks[i + 1] == "(")):
            return True  # a function called on a package or an object: "fmt.Errorf(" (atk14 B L3)
        if tok.islower() and i >= 2 and toks[i - 1] == "/" and toks[i - 2].isalnum():
            return True  # a path's or a media type's part: "application/json", "text/html"
        if tok in _DECLARATIONS and i + 2 < len(toks) and toks[i + 1].isidentifier() and toks[i + 2] in ("=", ":") \
                and self.sentence_initial(toks, i):
            return True  # a declaration in code: "val config = ...", "let max = 5"
        if i > 0 and toks[i - 1][:1].isalpha() and self.code_like(toks[i - 1]) and self.sentence_initial(toks, i - 1) \
                and toks[i][:1].isupper() and not self.names.is_name(tok) and not self.names.is_any_first(tok):
            return True  # an unlisted label after a unit or an identifier at a line's start: "MiB Mem :" (top)
        if self.tech_head(tok):
            return True
        if tok.islower() and i > 0 and toks[i - 1].islower() and self.is_tech(toks[i - 1]) \
                and not self.names.is_first(toks[i - 1]) and not self.names.is_common(toks[i - 1]):
            return True  # a tool's subcommand: "git log", "docker logs" (not "ruby smith")
        if i + 1 < len(toks) and _TYPE_NAME.fullmatch(toks[i + 1]):
            return True  # a label before a type's name: "Max int64", "Min uint32"
        if i + 1 < len(toks) and toks[i + 1] == "of" and self.sentence_initial(toks, i) \
                and not self.names.is_first(tok) and (ordinary_word(tok) or ordinary_word(tok.removesuffix("s"))):
            return True  # an ordinary word before "of" at a sentence's start: "Powers of two", "Bits of entropy"
        lang = self.language(toks, i) if tok.lower() in self.foreign_stops else "en"
        if lang != "en" and tok.lower() in self.stop_words[lang]:
            return True  # German "Sie", "Die", "Man" in a German sentence
        if self.is_tech(tok) and (not self.names.is_first(tok) or self.technical_sentence(toks, i) or (
                tok.lower() in _SERVICE_FIRST_NAMES and not self.person_cued(toks, i))):
            return True
        if i + 1 < len(toks) and toks[i + 1][:1].isupper() and toks[i + 1].isalpha() \
                and self.is_tech(tok + toks[i + 1]):
            return True  # a product's name written as two words: "Maria DB", "Victoria Metrics"
        if self.initial_verb(toks, i) or self.eponym(toks, i) or self.lower_identifier(toks, i):
            return True
        return self.imperative(toks, i)


# --------------------------------------------------------------------------- names in other scripts

# Honorifics and name cues after a CJK name: 先生 (Mr), 女士 (Ms), 老师, 同学, 经理, さん, 様, 氏, 씨, 님.
_ZH_TITLES = "先生|女士|小姐|老师|老師|同学|同學|经理|經理|总|總"
_CJK_AFTER = re.compile(f" ?(?:({_ZH_TITLES})|さん|様|さま|氏|君|くん|ちゃん|先輩|部長|課長|씨|님|선생님)")
# Given-name characters beside faker's (its zh lists hold 278): with these, what a Chinese title may follow as an
# unlisted given name (atk12 B FP-1: 项目经理 "project manager", 文件总共 "the file in all" are words, not names).
_ZH_GIVEN_EXTRA = frozenset("新生清光宝寶然轩軒梓晓曉天诗立振瑶瑤悦悅蕾薇艺藝冰毅昊皓泽澤福民庆慶耀晖暉松莲菊贤江河山"
                            "伦倫婧娇嬌嫣琪琦琼瑾瑛璇婕姗妮娅媛茜芊蕊萌蓓露岚嵐凌灵靈玮炜烨煜焕炎晗昕曦晟昱晋展锋鋒"
                            "铭锐銳钧鈞钰凡舟航腾騰驰馳骏駿鸿鹤鶴楷栋棟森桦樺枫楓彦卓越威鸣鳴奇胜力")
# Korean role nouns of three syllables that start with a listed surname: before 님 or 씨 a role, no name
# (구독자님 "dear subscriber", 이용자님 "dear user"; 고객님 "dear customer" has a one-syllable 'given name').
_HANGUL_ROLES = frozenset({
    "구독자", "구매자", "구직자", "구청장", "이용자", "이용객", "이사장", "전문가", "전임자", "진행자", "신청자",
    "신입생", "정비사", "정회원", "지점장", "지배인", "지원자", "주무관", "주문자", "하느님", "안내원", "조종사",
    "조리사", "조합원", "노무사", "한의사", "유튜버", "문의자", "장인어른"})


@functools.lru_cache(maxsize=8)
def _given_chars(first: frozenset[str]) -> frozenset[str]:
    """The characters listed given names are written with, and common ones faker lacks."""
    return frozenset("".join(first)) | _ZH_GIVEN_EXTRA


def _titled(text: str, i: int, j: int, k: int, first: frozenset[str], hangul: bool) -> bool:
    """text[i:j] a listed surname, text[j:k] one or two characters, a title at k: a name before a title.

    Korean: a given name of two syllables (faker lists no other) and no role noun (고객님, 구독자님). Chinese titles:
    the given name in given-name characters, and 总 ("boss", 王总) only at a word's end: it starts 总结 "summarize",
    总是 "always", 总部 "headquarters", 总监 "director" (atk12 B FP-1)."""
    m = _CJK_AFTER.match(text, k)
    if m is None:
        return False
    if hangul:
        return k - j == 2 and text[i:k] not in _HANGUL_ROLES
    if m.group(1) is None:
        return True
    if not set(text[j:k]) <= _given_chars(first):
        return False
    return m.group(1) not in "总總" or not _HAN.match(text, m.end())


# Words that come right before a person in Chinese (give, and, with, is, ask, let, to, find, by, ...): a two-character
# name between Han characters needs one of them before it.
_HAN_BEFORE_NAME = frozenset("给給和跟与與同及或是叫让讓请請对對向找问問被把由等为為替陪帮幫见見派像谢謝诉訴知")
_HAN = re.compile(f"[{script_chars('han')}]")


def _inside_han(text: str, start: int, end: int) -> bool:
    """A span with Han characters (kana aside) on both sides and no name-introducing word before it."""
    before, after = text[start - 1:start], text[end:end + 1]
    return bool(before and after and _HAN.match(before) and _HAN.match(after)
                and not ("\u3040" <= before <= "\u30ff" or "\u3040" <= after <= "\u30ff")
                and before not in _HAN_BEFORE_NAME)


def _kana_near(text: str, start: int, end: int) -> bool:
    """Two Han characters in Japanese (kana within eight characters either side): a word (金利 "interest rate",
    安静 "bed rest", atk14 B L3), since Japanese names are longer than one surname and one given character; a
    name there is read with its honorific (`_titled`: 林さん)."""
    around = text[max(0, start - 8):start] + text[end:end + 8]
    return any("\u3040" <= c <= "\u30ff" for c in around)


def _please_word(text: str, start: int, end: int) -> bool:
    """A two-character span after 请 "please" that ends its sentence: a word (请安静 "please be quiet"), where a
    person after 请 has a verb after them (请李娜参加) or is announced (有请王芳, 邀请王芳) (atk12 B FP-1)."""
    return (text[start - 1:start] in ("请", "請") and text[start - 2:start - 1] not in ("有", "邀", "聘", "申")
            and not _HAN.match(text, end))


class NativeScriptNameRecognizer(LocalRecognizer):
    """Names written in scripts the English pipeline cannot read, from faker's lists in those scripts.

    - Han/kana and Hangul (no space between surname and given name): a listed surname followed by a
      listed given name ("王秀英", "木村陽一", "홍정훈"), or a listed surname and one or two more
      characters followed by an honorific ("王总", "李明先生", "木村さん", "김민준 씨").
    - Space-separated scripts (Arabic, Devanagari, Cyrillic, Greek, Hebrew, Thai, Tamil, ...): two or three
      adjacent listed words with at least one given name ("राहुल जैन", "مريم گلپایگانی"), or one listed
      given name inside Latin-script text ("Please ask राहुल to review").
    """

    def __init__(self, native: NativeNames | None = None) -> None:
        self.native = native
        self.runs: dict[str, re.Pattern[str]] = {}  # script -> a run of its words (space-separated scripts)
        super().__init__(supported_entities=["PERSON"], name="NativeScriptNameRecognizer", supported_language="en")

    def load(self) -> None:
        if self.native is None:
            self.native = native_names()
        for script in set(self.native.first) | set(self.native.last):
            chars = script_chars(script)
            # Ukrainian writes an apostrophe inside a word (`Вʼячеслав`, `Мар'яна`), surnames a hyphen
            # (`Ващенко-Захарченко`): one word
            inner = "(?:[\u02bc'\u2019-][\u0400-\u04ff]+)*" if script == "cyrillic" else ""
            self.runs[script] = re.compile(f"[{chars}]+{inner}(?:[ \u00a0]+[{chars}]+{inner})*")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if "PERSON" not in entities or text.isascii():
            return []
        if self.native is None or not self.runs:
            self.load()
        native = self.native
        assert native is not None
        spans: list[tuple[int, int, float]] = []
        for script, run in self.runs.items():
            first, last = native.first.get(script, frozenset()), native.last.get(script, frozenset())
            for m in run.finditer(text):
                if script in UNSPACED:
                    spans.extend(self._unspaced(text, m.start(), m.end(), first, last, script == "hangul"))
                else:
                    spans.extend(self._spaced(text, m.start(), m.end(), first, last, script))
        spans.extend((a, b, 0.7) for a, b in vietnamese_capitals(text))
        return [RecognizerResult("PERSON", a, b, score, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: "NativeScriptNameRecognizer"}) for a, b, score in spans]

    @staticmethod
    def _unspaced(text: str, start: int, end: int, first: frozenset[str], last: frozenset[str],
                  word_start: bool) -> list[tuple[int, int, float]]:
        """A listed surname then a listed given name (one space allowed), or a surname and one or two
        characters before an honorific. Hangul names start a word ("홍정훈이": the particle follows)."""
        out = []
        i = start
        while i < end:
            hit = None
            if not word_start or i == start or text[i - 1] in " \u00a0":
                for sl in (2, 1, 3):
                    if text[i:i + sl] not in last:
                        continue
                    j = i + sl + (1 if text[i + sl:i + sl + 1] == " " else 0)
                    for gl in (2, 1, 3):
                        if j + gl <= len(text) and text[j:j + gl] in first:
                            hit = (i, j + gl)
                            break
                    if hit is not None and hit[1] - hit[0] == 2 and (_inside_han(text, hit[0], hit[1])
                                                                     or _please_word(text, hit[0], hit[1])
                                                                     or _kana_near(text, hit[0], hit[1])):
                        hit = None  # 翻译成英文: 成 + 英 inside a run of words, not 给王芳 or 王芳说
                    if hit is None:
                        for gl in (2, 1):
                            k = i + sl + gl
                            if k <= end and _titled(text, i, i + sl, k, first, word_start):
                                hit = (i, k)
                                break
                    if hit:
                        break
            if hit:
                out.append((hit[0], hit[1], 0.7))
                i = hit[1]
            else:
                i += 1
        return out

    @staticmethod
    def _spaced(text: str, start: int, end: int, first: frozenset[str], last: frozenset[str], script: str = "",
                ) -> list[tuple[int, int, float]]:
        """Two or three adjacent listed words, at least one a given name; a lone given name only inside
        Latin-script text ("Please ask राहुल to review": in a sentence of its own script a lone listed word
        may be an ordinary word, "आशा" is hope). A word counts in the form its sentence puts it in (atk11 B-H2,
        `proxy.nlp.native_forms`): a Russian or Ukrainian case (`с Иваном Петровым`), an Arabic proclitic before
        it (`لمحمد أحمد`: the name is found without it) or an `ال` family name after a listed one (`خالد العتيبي`);
        and in a Cyrillic sentence a lone capitalised first name not at the sentence's start (`Спасибо Анне`)."""
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        listed = [text[a:b] in first or text[a:b] in last for a, b in words]
        given = [text[a:b] in first for a, b in words]
        lone = [False] * len(words)
        glued = [False] * len(words)  # a proclitic before it: `وبخالد` starts a second name after two words
        if script == "cyrillic":
            for k, (a, b) in enumerate(words):
                if not listed[k]:
                    listed[k], given[k] = cyrillic_base(text[a:b])
                lone[k] = lone_cyrillic_first(text, a, b)
        elif script == "arabic":
            for k, (a, b) in enumerate(words):
                b = a + len(strip_arabic(text[a:b]))
                words[k] = (a, b)
                word = text[a:b]
                listed[k], given[k] = word in first or word in last, word in first
                clitic = 0 if listed[k] else arabic_proclitic(word, first | last)
                if clitic:
                    words[k] = (a + clitic, b)
                    glued[k] = True
                    listed[k], given[k] = True, word[clitic:] in first
            for k in range(1, len(words)):
                if not listed[k] and listed[k - 1] and (al_family(w := text[words[k][0]:words[k][1]])
                                                        or persian_family(w)
                                                        or (given[k - 1] and persian_cued(text, words[k - 1][0],
                                                                                          words[k][1]))):
                    listed[k] = True
            lone = [g and persian_titled(text, a, b) for g, (a, b) in zip(given, words, strict=True)]
        elif script == "hebrew":
            for k, (a, b) in enumerate(words):
                word = text[a:b]
                if listed[k]:
                    continue
                clitic = hebrew_proclitic(word, first) or hebrew_proclitic(word, last)
                if clitic:
                    words[k] = (a + clitic, b)
                    glued[k] = True
                    listed[k], given[k] = True, word[clitic:] in first
        elif script == "thai":
            for k, (a, b) in enumerate(words):
                at = -1 if given[k] else thai_honorific(text[a:b], first)
                if at >= 0:
                    words[k] = (a + at, b)
                    glued[k] = True
                    listed[k] = given[k] = True
                if k and given[k - 1] and not listed[k] and (n := thai_leading_name(text[a:b], last)):
                    words[k] = (a, a + n)
                    listed[k] = True
        elif script in ("bengali", "tamil"):
            for k in range(1, len(words)):
                a, b = words[k]
                if listed[k - 1] and not listed[k] and (n := case_stem(text[a:b], script, last)
                                                        or case_stem(text[a:b], script, first)):
                    words[k] = (a, a + n)
                    listed[k], given[k] = True, text[a:a + n] in first
        elif script == "greek":
            for k, (a, b) in enumerate(words):
                if not given[k]:  # `Σταύρου`: a listed surname, and a given name's genitive
                    given[k] = greek_base(text[a:b], first)
                    listed[k] = listed[k] or given[k] or greek_base(text[a:b], last)
        out = []
        k = 0
        while k < len(words):
            n = 0
            while k + n < len(words) and listed[k + n] and n < 3 and not (n >= 2 and glued[k + n]):
                n += 1
            if n >= 2 and any(given[k:k + n]):
                out.append((words[k][0], words[k + n - 1][1], 0.7))
                k += n
                continue
            if len(words) == 1 and given[k]:
                around = text[max(0, start - 30):start] + " " + text[end:end + 30]
                if re.search("[A-Za-z]{2}", around) and not any(script_of(c) for c in around if c.isalpha()):
                    out.append((words[k][0], words[k][1], 0.6))
                    k += 1
                    continue
            if lone[k]:
                out.append((words[k][0], words[k][1], 0.6))
            k += 1
        return out


_NAME = "PersonNameRecognizer"
# In a token, what only code has: a file's name (`app.py`; not `e.g.`), a path, an identifier (`customer_id`).
_CODE_TOKEN = re.compile(r"\w{2,}\.\w{2,}|[/\\_=<>{}\[\]|$@]")


class PersonNameRecognizer(LocalRecognizer):
    """Names from a deny-list and from cues, completed over adjacent name-shaped tokens."""

    def __init__(self, names: NameLists | None = None, verbs: frozenset[str] = frozenset(),
                 person_filter: PersonFilter | None = None) -> None:
        self.names = names
        self.verbs = verbs
        self.filter = person_filter
        super().__init__(supported_entities=["PERSON"], name=_NAME, supported_language="en")

    def load(self) -> None:
        if self.names is None:
            self.names = name_lists()
        if self.filter is None:
            self.filter = PersonFilter(self.names, self.verbs, TECH_TERMS)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None or "PERSON" not in entities:
            return []
        if self.names is None or self.filter is None:
            self.load()
        doc: Any = nlp_artifacts.tokens
        toks = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        ent_label = [t.ent_type_ for t in doc]
        seeds = self._seeds(toks, ent_label)
        results: list[RecognizerResult] = []
        done: set[int] = set()
        for i, score in sorted(seeds.items()):
            if i in done:
                continue
            lo, hi = self._grow(toks, spaces, i)
            if toks[i].islower() and hi == i and self._label_cued(toks[max(0, i - 3):i]):
                hi = self._grow_lower(toks, i)  # "name: jane doe", "my name is jane van der berg"
            elif hi == i:
                hi = self._surname_after(toks, i) or i  # "ask jane doe" (the model took "jane"), "JANE DOE"
            done.update(range(lo, hi + 1))
            filt = self.filter
            assert filt is not None
            if (filt.place_named(toks, hi) or (filt.before_amount(toks, hi) and not filt.listed_name_among(
                    toks, range(lo, hi + 1)))) and not filt.person_cued(toks, lo, neighbours=False):
                continue  # "Virginia Beach", "Charlotte Douglas Airport", "the Jackson Street exit" (fpnames14)
            start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
            results.append(RecognizerResult("PERSON", start, end, score,
                                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: _NAME}))
        return results

    @staticmethod
    def _label_cued(before: list[str]) -> bool:
        """A name label or cue right before: "name:", "name is", "call me", "contact:"."""
        b = tuple(t.lower() for t in before)
        return any(b[-len(c):] == c for c in (*_LOWER_CUES, *_LABEL_CUES))

    def _grow_lower(self, toks: list[str], i: int) -> int:
        """The last token of a lower-case name after a label ("name: jane doe", "Name: jane van der berg"):
        up to three more words on the line, each a listed name or no common English word (not a stop word,
        not "please" or "thanks"), particles between them."""
        names, filt = self.names, self.filter
        assert names is not None and filt is not None
        stops = filt.stop_words.get("en", frozenset())

        def name_word(k: int) -> bool:
            t = toks[k]
            return len(t) > 1 and t.isalpha() and t.islower() and t not in stops and not names.is_very_common(t) \
                and (names.is_name(t) or not names.is_common(t)) and not filt.not_a_name(toks, k)

        hi = i
        for _ in range(3):
            k = hi + 1
            while k < hi + 3 and k < len(toks) and toks[k] in _PARTICLES:
                k += 1  # "van der"
            if k >= len(toks) or not name_word(k):
                break
            hi = k
        return hi

    def _surname_after(self, toks: list[str], i: int) -> int | None:
        """A full name in lower case or in capitals ("patricia desrosiers", "JANE DOE", "JOHN Q SMITH"): token i
        a listed first name, then (after an initial) a listed surname in the same case that is no common word
        and, read capitalised, no product, tool or place ("dev server", "HTTP GET", "AWS IAM" are none). The
        surname's index, else None."""
        names, filt = self.names, self.filter
        assert names is not None and filt is not None
        tok = toks[i]
        # a capitalised first name before a surname in capitals, as Turkish (and French) forms write it: "Mehmet
        # YILMAZ" (atk13 M7)
        upper = len(tok) > 1 and (tok.isupper() or tok[0].isupper() and tok[1:].islower())
        if not (upper or tok.islower()) or not tok.isalpha() or not names.is_first(tok):
            return None
        j = i + 2 if i + 2 < len(toks) and _INITIAL.fullmatch(toks[i + 1].upper()) else i + 1
        if j >= len(toks) or not (len(toks[j]) > 1 and toks[j].isalpha() and toks[j].isupper() if upper
                                  else toks[j].islower()) or not names.is_name(toks[j]) or names.is_common(toks[j]):
            return None
        if not upper:
            # a first name that is an English adjective and no US census first name is the adjective: "the quick
            # brown fox" (atk8 B L1; "rose smith", "amber lee" stay names)
            if tok in filt.adjectives and not names.is_census_first(tok):
                return None
            return None if filt.not_a_name(toks, j) else j
        # capitals: the filter reads both words as a name would be written ("JOHN SMITH" as "John Smith")
        titled = [*toks[:i], tok.title(), *toks[i + 1:j], toks[j].title(), *toks[j + 1:]]
        return None if filt.not_a_name(titled, i) or filt.not_a_name(titled, j) else j

    def _is_cap(self, tok: str) -> bool:
        """Capitalised like a name: "Yefremova", "O'Neil"; not "API" or "NASA"."""
        return bool(_WORD.fullmatch(tok)) and tok[0].isupper() and not (tok.isupper() and len(tok) > 1)

    def _seeds(self, toks: list[str], ent_label: list[str]) -> dict[int, float]:
        names, filt = self.names, self.filter
        assert names is not None and filt is not None
        seeds: dict[int, float] = {}
        lower = [t.lower() for t in toks]
        for i, tok in enumerate(toks):
            if not _WORD.fullmatch(tok) or names.is_very_common(tok):
                continue  # the small NER model tags capitalised words ("Discipline") as PERSON
            upper_next = i + 1 < len(toks) and len(toks[i + 1]) > 1 and toks[i + 1].isupper()  # "Mehmet YILMAZ"
            if len(tok) > 1 and (tok.isupper() or upper_next) and (j := self._surname_after(toks, i)) is not None:
                seeds[i] = seeds[j] = 0.6  # "JANE DOE", "CONTACT: JOHN SMITH": acronyms to the filter
                continue
            cap = tok[0].isupper() and not (tok.isupper() and len(tok) > 1)
            if filt.language_code(toks, i):
                continue  # "name: en", "lang: de": a language code, even after a name label
            if self._label_cued(toks[max(0, i - 3):i]) and filt.label_identifier(toks, i):
                continue  # "- name: api", "name: nightly-report", "- name: LOG_LEVEL": an identifier
            if i >= 2 and toks[i - 1] == ":" and toks[i - 2].lower() in ("name", "contact") \
                    and filt.plain_label_value(toks, i):
                continue  # "Name: Billing Service", "name: nobody": English words, no listed name (atk8 B L1)
            if filt.not_a_name(toks, i) and not self._strong_cue(toks, lower, i):
                continue  # "Grafana", "CUDA", "Add a unit test", "customer_id"; "my name is Ruby" stays
            foreign = filt.language(toks, i) != "en"
            # in another language only a capitalised listed first name, not alone at the start or after an article
            first = foreign and cap and filt.foreign_first(toks, i) and not filt.lone_foreign_word(toks, i)
            if foreign and ent_label[i] == "PERSON" and filt.capitalised_pair(toks, i):
                first = True  # "Jacopo Pucci verrà": the model's name, two capitalised words
            if ent_label[i] == "PERSON" and not (names.is_common(tok) and not _SURNAME_SUFFIX.fullmatch(tok)) \
                    and not script_of(tok) and (first if foreign else not filt.lone_place(toks, i)) \
                    and not filt.joiner(tok):  # the model's "a Fenwick", "Rabin-Karp vs Levenshtein"
                seeds[i] = 0.85
            elif self._cued(toks, lower, i, cap):
                seeds[i] = 0.6
            elif names.is_common(tok):
                continue
            elif cap and _SURNAME_SUFFIX.fullmatch(tok) and not names.is_name(tok) and not filt.listed_city(tok) \
                    and lower[i] not in filt.foreign_stops \
                    and not (_INDONESIAN_NOUN.fullmatch(tok) and filt.language(toks, i) == "id"):
                seeds[i] = 0.5  # "Kowalska", "Petrova"; not the cities "Genova", "Gdańska" (atk10 B-L3), nor "Mein",
                # nor an Indonesian pe-/ke-...-ian noun in an Indonesian sentence: "Pengembalian dana" (atk13 M9)
            # The small model also tags names as places ("Steffen Mauer" as GPE): a first name wins, unless it
            # stands alone and is no English first name ("nach Berlin", "in Boston": faker's lists have both).
            elif ent_label[i] in _NOT_A_NAME_ENT and (not names.is_first(tok) or self._lone_place(toks, i)):
                continue
            elif tok[0].isupper() and (first if foreign else names.is_name(tok)):
                seeds[i] = 0.7  # in a German sentence "Vogel", "Sommer", "Bauer" are nouns before surnames
            elif tok.islower() and (j := self._surname_after(toks, i)) is not None:
                seeds[i] = seeds[j] = 0.6  # lower-case full names ("patricia desrosiers"), not the "dev server"
        # enumerations of names ("Efimiya, Mary, Ariana and Jodi"): unlisted capitalised words next to a name
        changed = True
        while changed:
            changed = False
            for i, tok in enumerate(toks):
                if i in seeds or not self._is_cap(tok) or names.is_common(tok) or filt.not_a_name(toks, i):
                    continue
                for j in (i - 2, i + 2):
                    if 0 <= j < len(toks) and j in seeds and toks[(i + j) // 2] in (",", "and", "&", "or"):
                        seeds[i] = 0.5
                        changed = True
                        break
        return seeds

    def _lone_place(self, toks: list[str], i: int) -> bool:
        assert self.filter is not None
        return self.filter.lone_place(toks, i, _PLACE_PREPOSITIONS, census=_IN_PLACE)

    @staticmethod
    def _strong_cue(toks: list[str], lower: list[str], i: int) -> bool:
        """A cue that makes even a product name a name: "my name is Ruby", "Dr. Helm", "my friend Jira"."""
        before = tuple(lower[max(0, i - 3):i])
        return any(before[-len(c):] == c for c in _LOWER_CUES) or before[-1:] == ("dear",) or bool(
            i and ((lower[i - 1] in _TITLES and not milliseconds(toks, i - 1) and toks[i - 1] != "MX")
                   or lower[i - 1] in _RELATIONS))  # "MX Master" (a mouse), "MX record": no title

    def _cued(self, toks: list[str], lower: list[str], i: int, cap: bool) -> bool:
        """A word that the words around it make a name, listed or not."""
        before = tuple(lower[max(0, i - 3):i])
        if any(before[-len(c):] == c for c in _LOWER_CUES):
            return True  # "my name is vitoria", "call me višeslav"
        if any(before[-len(c):] == c for c in _LABEL_CUES) and self.names is not None and self.names.is_first(toks[i]):
            return True  # "contact: jane doe"
        if not cap:
            return False
        if i and ((lower[i - 1] in _TITLES and not milliseconds(toks, i - 1)) or lower[i - 1] in _RELATIONS):
            return True  # "Dr. Holst", "my kid Tadzio"
        if any(before[-len(c):] == c for c in _CUES):
            return True  # "Dear Warrane", "called Lily"
        if i + 1 < len(toks) and (lower[i + 1] in _PERSON_VERBS or lower[i + 1:i + 3] == ["is", "from"]):
            return True  # "Valida spent a year", "Quionia is from"
        # a speaker at the start of a line, no English word, then a capital or a quote: "Ubul: What a wife.",
        # `Vsevolod: "Who are you?"` (not "ZIP: 3520", "Standup: yesterday I ...", "Epochs: [10, 20]",
        # "Hyperparameters:\n", "Steps: Run the tests", "Retries: TBD")
        # (nor a log's or a tool's label, issue 12: listed words written together, "Traceback: see below",
        # "Stacktrace: Error in main", or any word before a line with a file, a path or an identifier in it,
        # `Errno: File "/etc/app.yaml"`, `Stderr: File "app.py", line 3`)
        # (nor an English noun no list holds as a name, atk8 B L1: a tracker's field, "Assignee: Nobody",
        # "Approver: Finance")
        # (nor, in a line in another language, a word no name list holds, atk10 B-L2: German and Polish labels,
        # "Hinweis: Der Server ...", "Ursache: Ein ...", "Temat: Pana ...": there a speaker needs a listed name, as
        # any other name does)
        after = toks[i + 2] if i + 2 < len(toks) else ""
        return (i == 0 or "\n" in toks[i - 1]) and toks[i + 1:i + 2] == [":"] \
            and (after[:1].isupper() or after[:1] in "\"“") and not (len(after) > 1 and after.isupper()) \
            and self.names is not None and not self.names.is_english(toks[i]) \
            and not self._compound(toks[i]) and not self._code_line(toks, i) and not self._field_noun(toks[i]) \
            and (self.names.is_name(toks[i]) or self.names.is_any_first(toks[i]) or self._english_line(toks, i))

    def _english_line(self, toks: list[str], i: int) -> bool:
        """The line after the label at token i is English: read so (`PersonFilter.language`), with an English word
        in it that is no listed name ("Ubul: What a wife."; not "Temat: Spotkanie z Anną Kowalską")."""
        names, filt = self.names, self.filter
        assert names is not None and filt is not None
        if filt.language(toks, i) != "en":
            return False
        english = filt.stop_words.get("en", frozenset())
        k = i + 2
        while k < len(toks) and "\n" not in toks[k]:
            t = toks[k]
            if len(t) > 1 and t.isalpha() and (t.lower() in english or names.is_english(t)) and not names.is_name(t):
                return True
            k += 1
        return False

    def _field_noun(self, word: str) -> bool:
        """An English noun (WordNet's) that no name list holds: "Assignee", "Approver" (not "Maria", "Einstein")."""
        assert self.names is not None and self.filter is not None
        return word.lower() in self.filter.nouns and not self.names.is_name(word) and not self.names.is_any_first(word)

    @staticmethod
    def _code_line(toks: list[str], i: int) -> bool:
        """The rest of token i's line holds a file's name, a path or an identifier (`app.py`, `/etc/app.yaml`,
        `customer_id`), not a version (`v2.3`) nor an abbreviation (`e.g.`)."""
        for k in range(i + 1, min(len(toks), i + 41)):
            if "\n" in toks[k]:
                return False
            if _CODE_TOKEN.search(toks[k]) and not _VERSION.fullmatch(toks[k]):
                return True
        return False

    def _compound(self, word: str) -> bool:
        """`word` is words of the word lists written together (`proxy.nlp.segment.split_words`), each of 3 letters
        or more ("Traceback", "Stacktrace", "Coredump", "Healthcheck"), and no listed name."""
        assert self.names is not None
        parts = split_words(word.lower())
        return len(parts) > 1 and all(len(p) >= 3 for p in parts) and not self.names.is_name(word)

    def _grow(self, toks: list[str], spaces: list[bool], i: int) -> tuple[int, int]:
        names, filt = self.names, self.filter
        assert names is not None and filt is not None

        def name_part(k: int) -> bool:
            t = toks[k]
            if _INITIAL.fullmatch(t):
                return True
            # a product name only next to a name, when listed as one ("Taylor Swift"), never "Jane Grafana"
            return self._is_cap(t) and not names.is_common(t) and (not filt.not_a_name(toks, k) or (
                names.is_name(t) and not filt.code_like(t) and not filt.eponym(toks, k)))

        lo = hi = i
        while lo > 0 and "\n" not in toks[lo - 1] and name_part(lo - 1):
            lo -= 1
        while hi + 1 < len(toks):
            nxt = toks[hi + 1]
            if "\n" in nxt:
                break
            if name_part(hi + 1):
                hi += 1
            elif nxt.lower() in _PARTICLES and hi + 2 < len(toks) and self._is_cap(toks[hi + 2]):
                hi += 2
            elif nxt == "-" and not spaces[hi] and hi + 2 < len(toks) and _WORD.fullmatch(toks[hi + 2]):
                hi += 2
            else:
                break
        # lower-case runs ("emidio p lombardo"): include a lone initial and the next listed name
        while (hi + 2 < len(toks) and toks[hi].islower() and len(toks[hi + 1]) == 1 and toks[hi + 1].isalpha()
               and names.is_name(toks[hi + 2])):
            hi += 2
        return lo, hi


# ------------------------------------------------------------------------- names inside file names

# A file-name-shaped token: a run without spaces, quotes or brackets, whose last part after a dot is the
# extension of a document, an image, a recording, a mail or an archive a person's name is put into
# (`Jordan_Smith_CV.pdf`, `/home/docs/JordanSmith_offer.pdf`); not a source file (`.py`, `.js`, `.java`, `.go`:
# modules and tests are named after terms, `Jordan_curve.py`) nor a log or a config.
# A space between digits is the view's (`proxy.nlp.normalize`) reading of `2023_0042`: part of the token.
_FILE_TOKEN = re.compile(r"(?<![^\s\"'`<>()\[\]{},;|*?=])(?:[^\s\"'`<>()\[\]{},;|*?=]|(?<=\d) (?=\d))++")
_NAMED_FILE_EXTENSIONS = frozenset("""
pdf doc docx dotx odt rtf txt md pages xls xlsx ods csv numbers ppt pptx odp key jpg jpeg png gif heic heif webp
tif tiff bmp svg mp3 m4a wav ogg mp4 mov avi mkv webm eml msg vcf ics epub zip rar 7z
""".split())
_FILE_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")
# The parts of a file's name: letters between `_`, `-`, `.`, `/`, `\`, `~`, `+`, digits ("jordan.smith.2024").
_FILE_PART = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")  # (NFD's combining accents too: `Se\u0301gole\u0300ne`)
# Words of software that are also surnames (`Grant_Handler.pdf`, `Ada_Parser.md`)
_SOFTWARE_NOUNS = frozenset("""
handler handlers parser loader runner worker builder helper wrapper manager reader writer listener watcher
scheduler dispatcher controller router mapper formatter logger tester checker launcher tracker fetcher
provider resolver renderer sender receiver viewer
""".split())


def _camel_parts(word: str, offset: int) -> list[tuple[int, int]]:
    """[start, end) of the words of `word` written in CamelCase ("JordanSmith" -> "Jordan", "Smith"; "SmithCV" ->
    "Smith", "CV"; "JORDAN" whole), offsets from `offset`: one pass over the letters."""
    cuts = [0]
    for k in range(1, len(word)):
        prev, cur = word[k - 1], word[k]
        nxt = word[k + 1] if k + 1 < len(word) else ""
        if (prev.islower() and cur.isupper()) or (prev.isupper() and cur.isupper() and nxt.islower()):
            cuts.append(k)
    cuts.append(len(word))
    return [(offset + a, offset + b) for a, b in pairwise(cuts)]


# Endings of a language's words, no surname's (`Max_Pooling.png`, `Grace_Settlement.pdf`)
_WORD_ENDING = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ism|ics|able|ible|ive|ous|ship|hood|ware)\Z")


def _nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word) if not word.isascii() else word


class FileNameNameRecognizer(LocalRecognizer):
    """A person's name written inside a file's name or path, its words joined by `_`, `-`, `.` or CamelCase
    (`Jordan_Smith_CV.pdf`, `resume-jordan-smith.docx`, `/home/docs/JordanSmith_offer.pdf`, `jordan.smith.cv.pdf`):
    two adjacent words of the name, one a listed first name and the other a listed first name or surname (an
    initial may stand between: `jordan_a_smith.pdf`), neither a common English word, a product or a technical
    term, nor both a term named after people (`Reed_Solomon.pdf`, `Gauss_Jordan.pdf`). Only the name's characters
    are found (`<PERSON_1>_CV.pdf`). Identifiers with no document extension (`Jenkins_Build`, `Grant_Type`,
    `user_name`, `MaxRetries`) and source files (`Jordan_curve.py`) are never read."""

    def __init__(self, names: NameLists | None = None) -> None:
        self.names = names
        super().__init__(supported_entities=["PERSON"], name="FileNameNameRecognizer", supported_language="en")

    def load(self) -> None:
        if self.names is None:
            self.names = name_lists()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if "PERSON" not in entities or "." not in text:
            return []
        if self.names is None:
            self.load()
        out: list[RecognizerResult] = []
        for m in _FILE_TOKEN.finditer(text):
            if "." not in m.group()[-6:]:
                continue  # no extension: most tokens, read no further
            ext = _FILE_EXTENSION.search(m.group().rstrip(".:!"))  # (a sentence's end: `rename Jo_Doe.pdf.`, slug40)
            if ext is None or ext.group(1).lower() not in _NAMED_FILE_EXTENSIONS:
                continue
            for start, end in self.names_in(text, m.start(), ext.start() + m.start()):
                out.append(RecognizerResult("PERSON", start, end, 0.7, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: "FileNameNameRecognizer"}))
        return out

    def names_in(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) of each name in text[start:end], a file's name or path without its extension."""
        words: list[tuple[int, int]] = []
        for m in _FILE_PART.finditer(text, start, end):
            w = m.group()
            if w.islower() or w.isupper() or len(w) < 2:
                words.append((m.start(), m.end()))
            else:
                words.extend(_camel_parts(w, m.start()))
        found: list[tuple[int, int]] = []
        k = 0
        while k + 1 < len(words):
            j = k + 2 if k + 2 < len(words) and words[k + 1][1] - words[k + 1][0] == 1 else k + 1
            if j < len(words) and self._pair(text[slice(*words[k])], text[slice(*words[j])]) \
                    and self._joined(text, words[k][1], words[j][0]) \
                    and not self._better_next(text, words, k, j):
                found.append((words[k][0], words[j][1]))
                k = j + 1
            else:
                k += 1
        return found

    def _better_next(self, text: str, words: list[tuple[int, int]], k: int, j: int) -> bool:
        """Whether word j opens a pair with the next word where word k is no listed given name or surname
        (`Nómina_María_Gutiérrez`: the name is `María_Gutiérrez`, slug40)."""
        names = self.names
        assert names is not None
        a, b = _nfc(text[slice(*words[k])]), _nfc(text[slice(*words[j])])
        return j + 1 < len(words) and not names.is_name(a) and names.is_first(b) \
            and self._pair(b, text[slice(*words[j + 1])]) and self._joined(text, words[j][1], words[j + 1][0])

    @staticmethod
    def _joined(text: str, a: int, b: int) -> bool:
        """Only a joint between the words (`_`, `-`, `.`, an initial, nothing), no digit nor path separator."""
        return all(c in "_-." or c.isalpha() for c in text[a:b])

    def _pair(self, a: str, b: str) -> bool:
        """A listed first name and a plausible surname, in either order (`Smith_Jordan_CV.pdf`), that are no
        term named after people (`Monte_Carlo`, `Reed_Solomon`, `Gauss_Jordan`)."""
        a, b = _nfc(a), _nfc(b)
        if not (self._word(a) and self._word(b)):
            return False
        eponymous = EPONYMS | EPONYMS_IN_CONTEXT
        if (a.lower() in eponymous and b.lower() in eponymous) or (a.lower(), b.lower()) in EPONYM_PHRASES:
            return False
        names = self.names
        assert names is not None
        if (names.is_first(a) and self._surname(b)) or (self._surname(a) and names.is_first(b)):
            return True
        # both written as names (`Camille_Delacroix`, `Ségolène_Dupré`): a listed given name before a word that is no
        # common word of the lists' top, or a word that is no word at all before a listed surname (slug40)
        titled = a[0].isupper() and a[1:].islower() and b[0].isupper() and b[1:].islower()
        return titled and (names.is_first(a) and not names.is_common(a) and not names.is_english(a)
                           and not names.is_very_common(b) and not _WORD_ENDING.search(b)
                           or not names.is_common(a) and not names.is_english(a) and b.lower() in names.last
                           and not names.is_common(b))

    def _surname(self, w: str) -> bool:
        """A listed name that is no common word, or a surname's ending on no English word (`ivanova`, `kowalczyk`:
        the password list has them)."""
        names = self.names
        assert names is not None
        return names.is_name(w) or (bool(_SURNAME_SUFFIX.fullmatch(w.lower())) and not names.is_english(w))

    @staticmethod
    def _word(w: str) -> bool:
        """Written as a name is (`jordan`, `Jordan`, `JORDAN`), no product, technical word or eponym alone."""
        low = w.lower()
        return len(w) >= 2 and (w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower())) \
            and low not in TECH_TERMS and low not in EPONYMS and low not in _TECH_HEADS \
            and low not in _SOFTWARE_NOUNS and low not in _SERVICE_FIRST_NAMES and low not in TERM_HEADS

__all__ = [
    "CardNumberRecognizer", "EntityRecognizer", "WholeIbanRecognizer", "FileNameNameRecognizer", "HostIpRecognizer",
    "NativeScriptNameRecognizer", "OfflineEmailRecognizer", "PersonFilter", "PersonNameRecognizer",
    "PhoneNumberRecognizer", "luhn_ok", "plausible_phone",
]
