"""Telephony and messaging records (fp30, atk28 F14): the names and numbers call-centre and SMS tooling forwards.

- keys of a call detail record that name a phone number (`tel_key`, read by `proxy.guard.keyed.named` as a phone's
  key): `ani` (the caller's number), `dnis` (the number dialled), `mdn`, `msisdn`, `caller_id_number`,
  `calling_number`, `called_number`, `dialed_number`... (`{"cnam": "KERR DANA", "ani": "4155550199"}`);
- an SMS record with one end only (`tel_values`): a flat JSON object with a `recipient` (or `to`, `destination`)
  key beside a message's key (`message`, `body`, `text`...): its value of ten or eleven digits valid to
  `phonenumbers` (`{"recipient": "4155550199", "message": "hello"}`);
- an /etc/passwd line's GECOS field (`dkerr:x:1001:1001:Dana Kerr,,,4155550199,:/home/dkerr:/bin/bash`): its
  office and home phones (the fields after the name) when valid;
- a caller's name (`tel_names`): the value of a caller-id name's key (`caller_id_name`, `cnam`, `calling_name`...)
  and a SIP display name before a `sip:`/`tel:` URI on an identity header (`P-Asserted-Identity: "KERR DANA"
  <tel:+14155550199>`, `From:`, `Remote-Party-ID:`): two or three words, one a listed given name and another a
  listed name, in either order (a CNAM is surname first, in capitals), or one listed given name alone in a SIP
  header. `WIRELESS CALLER`, `ACME CORP` are no names.

Each scan is gated by a literal test.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

Found = tuple[int, int, str]
Result = tuple[str, int, int, float]

_TEL_KEYS = frozenset("""
ani dnis mdn msisdn callerid calleridnumber calleridnum callernumber callingnumber callednumber calleenumber
cidnumber cidnum callingparty calledparty callingpartynumber calledpartynumber dialednumber dialled diallednumber
destinationnumber sourcenumber originatingnumber forwardednumber redirectingnumber
""".split())
_NAME_KEYS = frozenset("""
cnam calleridname callername callingname calledname calleename cidname callingpartyname calledpartyname
""".split())
_FOLD = re.compile(r"[^a-z]")


def tel_key(key: str) -> bool:
    """Whether `key` is a call record's key for a phone number (`ani`, `caller_id_number`)."""
    return _FOLD.sub("", key[:64].lower()) in _TEL_KEYS


# ------------------------------------------------------------------------------------------------ numbers

_OBJECT = re.compile(r"\{[^{}]{0,2000}\}")
_KEY = re.compile(r'"([A-Za-z_]{1,32})"[ \t\r\n]*:')
_PAIR = re.compile(r'"(?P<k>[A-Za-z_]{1,32})"[ \t\r\n]*:[ \t\r\n]*(?P<q>"?)(?P<v>\+?[0-9]{10,11})(?P=q)(?![0-9.])')
_RECIPIENT_KEYS = frozenset({"recipient", "to", "destination", "dest", "recipient_number", "to_number"})
_MESSAGE_KEYS = frozenset({"message", "body", "text", "msg", "sms", "content"})
_PASSWD = re.compile(r"(?m)^[a-z_][a-z0-9_.-]{0,31}:[^:\n]{0,128}:\d{1,10}:\d{1,10}:(?P<g>[^:\n]{0,200}):/")
_PHONE_FIELD = re.compile(r"\+?[0-9][0-9 ().-]{8,20}[0-9]")


def tel_values(text: str) -> list[Found]:
    """(start, end, type) of each phone number of an SMS record with one end or of a passwd line's GECOS field."""
    from proxy.nlp.cue27 import valid_phone

    out: list[Found] = []
    if '"' in text and any(k in text for k in ('"recipient"', '"to"', '"destination"', '"dest"', '_number"')):
        for obj in _OBJECT.finditer(text):
            body = obj.group()
            keys = {k.lower() for k in _KEY.findall(body)}
            if not keys & _RECIPIENT_KEYS or not keys & _MESSAGE_KEYS:
                continue
            out.extend((obj.start() + p.start("v"), obj.start() + p.end("v"), "PHONE_NUMBER")
                       for p in _PAIR.finditer(body)
                       if p.group("k").lower() in _RECIPIENT_KEYS and valid_phone(p.group("v")))
    if ":/" in text:
        for m in _PASSWD.finditer(text):
            fields = m.group("g").split(",")
            pos = m.start("g") + len(fields[0]) + 1
            for field in fields[1:]:
                v = _PHONE_FIELD.fullmatch(field.strip())
                if v is not None and valid_phone(v.group()):
                    a = pos + field.index(v.group())
                    out.append((a, a + len(v.group()), "PHONE_NUMBER"))
                pos += len(field) + 1
    return out


# ------------------------------------------------------------------------------------------------ names

_JSON_NAME = re.compile(r'"(?P<k>[A-Za-z_]{3,32})"[ \t]*:[ \t]*"(?P<v>[^"\\\n]{2,60})"')
_SIP = re.compile(r"(?im)^(?:p-asserted-identity|p-preferred-identity|remote-party-id|from|to|contact|referred-by"
                  r"|diversion|[ft])[ \t]*:[ \t]*\"(?P<v>[^\"\n]{2,60})\"[ \t]*<(?:sips?|tel):")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")


def _caller_name(value: str, names: NameLists, alone: bool) -> tuple[int, int] | None:
    """[start, end) of the name in `value`: two or three words, one a listed given name and another a listed name
    (either order); or, where `alone`, one listed given name that is no common word."""
    words = [(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(value)]
    if not words or len(words) > 3 or _NAME_WORD.sub("", value).strip(" ,.") != "":
        return None
    if len(words) == 1:
        w = words[0][2]
        ok = alone and names.is_first(w) and not names.is_common(w)
    else:
        firsts = [i for i, (_, _, w) in enumerate(words) if names.is_first(w)]
        ok = any(names.is_name(w) for i, (_, _, w) in enumerate(words) for f in firsts if i != f)
    return (words[0][0], words[-1][1]) if ok else None


def tel_names(text: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the caller's names of call records and SIP headers as PERSON where no PERSON covers them."""
    spans: list[tuple[int, int]] = []
    if '"' in text and any(k in text.lower() for k in ("cnam", "name")):
        for m in _JSON_NAME.finditer(text):
            if _FOLD.sub("", m.group("k").lower()) in _NAME_KEYS:
                span = _caller_name(m.group("v"), names, False)
                if span is not None:
                    spans.append((m.start("v") + span[0], m.start("v") + span[1]))
    if "<sip" in text or "<tel:" in text or "<SIP" in text or "<TEL:" in text:
        for m in _SIP.finditer(text):
            span = _caller_name(m.group("v"), names, True)
            if span is not None:
                spans.append((m.start("v") + span[0], m.start("v") + span[1]))
    for passwd in _PASSWD.finditer(text) if ":/" in text else ():
        name = passwd.group("g").split(",")[0]
        span = _caller_name(name, names, False)
        if span is not None:
            spans.append((passwd.start("g") + span[0], passwd.start("g") + span[1]))
    added = [("PERSON", a, b, 0.85) for a, b in spans
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    if not added:
        return found
    return [r for r in found if not any(r[0] == "PERSON" and a <= r[1] and r[2] <= b for _, a, b, _ in added)] + added
