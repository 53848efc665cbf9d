"""Full names of two everyday words after a letter's, a parcel's, a payment's or a form's cue (issue 12, atk26 F18).

`proxy.nlp.fullnames.label_names` reads a person's label that opens a line and ends in `:` (`Ship to: Hope Young`,
`Payee: Bill White`); the cues mail, letters, forms and payments write otherwise went as sent. Here, in English and
the five other languages the product reads (de, es, fr, it, pt):

- a cue that is a phrase, anywhere in a text, its `:` optional: care of (`c/o Hope Young`, `a/c`, `z. Hd.`, `zu
  Händen von`, `aux bons soins de`, `presso`, `aos cuidados de`), for the attention of (`Attn`, `ATTN:`, `FAO`, `à
  l'attention de`, `a la atención de`, `all'attenzione di`, `c.a.`, `à atenção de`), whom it goes to (`Deliver to`,
  `Send to`, `Payable to`, `Pay to the order of`, `livrer à`, `entregar a`), on whose behalf (`On behalf of`, `i. A.`,
  `im Namen von`, `en nombre de`, `au nom de`, `per conto di`, `em nome de`), who signed or approved (`Signed by`,
  `Approved by`, `Requested by`, `gez.`, `Fdo.`, `F.to`, `/s/`, `genehmigt von`, `aprobado por`, `approuvé par`,
  `approvato da`, `aprovado por`);
- a person's label after another field of its line (`control: Attn: Bill White`, `Tenant: ... | Guardian: ...`) or
  with a dash (`Recipient - Hope Young`), French's space before `:` (`Destinataire : Hope Young`), and the labels of
  the other languages (`Empfänger:`, `Kontoinhaber:`, `Titular:`, `Beneficiario:`, `Destinataire :`, `Intestatario:`,
  `Destinatário:`);
- a letter's sign-off before the name, on its line or the next (`Signed, Hope Young`, `Yours faithfully,\\nBill
  White`, `Mit freundlichen Grüßen\\nHope Young`, `Atentamente,`, `Cordialement,`, `Cordiali saluti,`,
  `Atenciosamente,`), the name ending its line.

The name is what `proxy.nlp.fullnames.pair_ok` reads as one (a listed given name, a surname of any list, no
organisation's or thing's head), written in title case or both words in capitals (`ATTN: HOPE YOUNG`), and the
whole item: not before another capitalised word (`c/o Grace Hall Hotel`), never in lower case (`c/o the front desk`,
`Signed, sealed, delivered`, `Recipient - see below`, `ATTN: ACCOUNTS PAYABLE`, `Approved by Finance Team` hold no
listed pair). Read from each capitalised pair whose first word is a listed given name and whose word before may end a
cue (`_FINALS`, anchored), the cue before it in a window of its line (and the line before, for a sign-off): no scan of
the text per cue.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

_SP = r"[ \t\u00a0]+"
_UP = r"[^\W\d_a-z]"
_WORD = rf"{_UP}[^\W\d_]+(?:[-'’][^\W\d_]{{2,}})*"
# A pair of capitalised words, an initial or two between (`Hope A. Young`), read at each capitalised word (overlapping).
_PAIR = re.compile(rf"(?<![\w'’.@/\\-])(?=(?P<first>{_UP}[^\W\d_]+)(?:{_SP}[A-Z]\.){{0,2}}{_SP}(?P<last>{_WORD}))")
_PAIR_AT = re.compile(rf"(?P<first>{_UP}[^\W\d_]+)(?:{_SP}[A-Z]\.){{0,2}}{_SP}(?P<last>{_WORD})")
# What follows a whole name: not another capitalised word or a word joined to it (`Grace Hall Hotel`, `Hope Young-ish`).
_LONGER = re.compile(rf"[ \t\u00a0]*(?:{_UP}|[-'’&@/\\][^\W\d_]|\d)|[-_.][^\W\d_]")
# The next name of a list after a cue's name (`Approved by Hope Young and Bill White`).
_AND = re.compile(r"[ \t\u00a0]*(?:,|;|/|&|\band\b|\bund\b|\by\b|\bet\b|\be\b)[ \t\u00a0]*")

# Phrase cues, anywhere in a text (lower case; `\.` and spaces as written, matched without case): care of, for the
# attention of, whom it goes to, on whose behalf, who signed, approved, requested.
_PHRASES = [
    # English
    r"c/o", r"c\.o\.?", r"care of", r"in care of", r"attn", r"att", r"attention", r"fao", r"f\.a\.o",
    r"for the attention of", r"to the attention of", r"deliver to", r"delivered to", r"ship to", r"bill to",
    r"sold to", r"send to", r"mail to",
    r"addressed to", r"payable to", r"pay to", r"pay to the order of", r"made out to", r"remit to",
    r"on behalf of", r"for and on behalf of", r"per pro", r"p\.p", r"signed by", r"countersigned by", r"witnessed by",
    r"requested by", r"approved by", r"authori[sz]ed by", r"prepared by", r"reviewed by", r"submitted by",
    r"issued by", r"issued to", r"received by", r"verified by", r"certified by", r"executed by", r"/s/",
    # German
    r"z\.hd", r"z\. hd", r"z\.h", r"z\. h", r"zhd", r"zu h[äa]nden", r"zu h[äa]nden von", r"zu h[äa]nden des",
    r"zu h[äa]nden der", r"gez", r"i\.a", r"i\. a", r"i\.v", r"i\. v",
    r"im auftrag", r"im auftrag von", r"im namen von", r"in vertretung", r"in vertretung von", r"genehmigt von",
    r"angefordert von",
    r"unterzeichnet von", r"zahlbar an", r"lieferung an", r"rechnung an",
    # Spanish
    r"a la atenci[óo]n de", r"atn", r"a/c", r"a cargo de", r"en nombre de", r"de parte de", r"a nombre de",
    r"aprobado por", r"solicitado por", r"firmado por", r"fdo", r"enviar a", r"entregar a", r"p[áa]guese a",
    # French
    r"[àa] l'attention de", r"[àa] l’attention de", r"[àa] l'att\. de", r"[àa] l'intention de",
    r"aux bons soins de", r"chez", r"au nom de", r"de la part de", r"pour le compte de", r"approuv[ée]e? par",
    r"demand[ée]e? par", r"sign[ée]e? par", r"livrer [àa]", r"envoyer [àa]", r"p\.o",
    # Italian
    r"alla cortese attenzione di", r"all'attenzione di", r"all’attenzione di", r"alla c\.a\. di", r"c\.a",
    r"att\.ne", r"presso", r"per conto di", r"a nome di", r"approvato da", r"richiesto da", r"firmato da", r"f\.to",
    r"consegnare a", r"spedire a",
    # Portuguese
    r"aos cuidados de", r"[àa] aten[çc][ãa]o de", r"em nome de", r"por conta de", r"aprovado por", r"assinado por",
    r"enviar para", r"entregar para",
]
# Labels of a person that take a name after `:` or a dash, after another field of their line too.
_LABELS = [
    # English
    r"recipients?", r"addressee", r"consignee", r"receiver", r"payee", r"payer", r"beneficiary", r"account holder",
    r"account name", r"cardholder", r"card holder", r"name on card", r"guardian", r"legal guardian", r"next of kin",
    r"next-of-kin", r"emergency contact", r"contact person", r"signatory", r"signer", r"sender", r"remitter",
    r"signed", r"signature", r"customer", r"client", r"tenant", r"applicant", r"policyholder", r"insured",
    # German
    r"empf[äa]nger(?:in)?", r"absender(?:in)?", r"kontoinhaber(?:in)?", r"karteninhaber(?:in)?",
    r"zahlungsempf[äa]nger(?:in)?", r"beg[üu]nstigte[r]?", r"ansprechpartner(?:in)?", r"notfallkontakt",
    r"erziehungsberechtigte[r]?", r"vormund", r"unterzeichner(?:in)?", r"auftraggeber(?:in)?", r"besteller(?:in)?",
    r"unterschrift", r"kunde", r"kundin", r"mieter(?:in)?",
    # Spanish
    r"destinatari[oa]", r"remitente", r"titular", r"beneficiari[oa]", r"contacto de emergencia", r"tutor(?:a)?",
    r"firmante", r"ordenante", r"persona de contacto", r"firma", r"cliente", r"inquilin[oa]",
    # French
    r"destinataire", r"exp[ée]diteur", r"exp[ée]ditrice", r"titulaire", r"b[ée]n[ée]ficiaire",
    r"contact d'urgence", r"personne [àa] contacter", r"tut(?:eur|rice)", r"signataire", r"donneur d'ordre",
    r"locataire",
    # Italian
    r"mittente", r"intestatari[oa]", r"titolare", r"contatto di emergenza", r"tutore", r"firmatari[oa]", r"referente",
    r"firmato",
    # Portuguese
    r"destinat[áa]ri[oa]", r"remetente", r"benefici[áa]ri[oa]", r"contato de emerg[êe]ncia",
    r"contacto de emerg[êe]ncia", r"signat[áa]ri[oa]", r"respons[áa]vel", r"assinado", r"assinatura",
]
# A letter's sign-offs before its signature.
_SIGN_OFFS = [
    r"signed", r"sincerely", r"yours sincerely", r"sincerely yours", r"yours faithfully", r"faithfully",
    r"yours truly", r"truly yours", r"respectfully", r"respectfully yours", r"yours respectfully", r"with thanks",
    r"kind regards", r"best regards", r"warm regards", r"regards", r"with best regards", r"best wishes",
    r"mit freundlichen gr[üu](?:ß|ss)en", r"freundliche gr[üu](?:ß|ss)e", r"viele gr[üu](?:ß|ss)e",
    r"beste gr[üu](?:ß|ss)e", r"liebe gr[üu](?:ß|ss)e", r"herzliche gr[üu](?:ß|ss)e", r"mfg", r"hochachtungsvoll",
    r"atentamente", r"saludos", r"saludos cordiales", r"un saludo", r"cordialmente", r"reciba un cordial saludo",
    r"cordialement", r"bien cordialement", r"bien [àa] vous", r"salutations", r"salutations distingu[ée]es",
    r"sinc[èe]res salutations", r"respectueusement",
    r"cordiali saluti", r"distinti saluti", r"saluti", r"in fede", r"un cordiale saluto",
    r"atenciosamente", r"cumprimentos", r"com os melhores cumprimentos", r"melhores cumprimentos", r"abra[çc]os",
]


def _alt(words: list[str]) -> str:
    return "|".join(w.replace(" ", r"[ \t\u00a0]+") for w in sorted(words, key=len, reverse=True))


# A phrase cue right before the name: not inside a word, its `:`/`.`/`-` after it optional.
_PHRASE_BEFORE = re.compile(rf"(?i)(?<![\w'’/.])(?:{_alt(_PHRASES)})[ \t\u00a0]*[.:]{{0,2}}[ \t\u00a0]*"
                            r"(?:-[ \t\u00a0]*)?\Z")
# A label right before the name, with its `:` (a space before it allowed) or a dash, at its line's start (after a
# bullet) or after another field of the line (`:`, `|`, `;`, `,`, `(`, a dash, a tab).
_LABEL_BEFORE = re.compile(rf"(?i)(?:^|[\n:|;,(•*>\t]|[ \t\u00a0][-–—])[ \t\u00a0]*(?:{_alt(_LABELS)})"
                           r"[ \t\u00a0]*(?::|[-–—])[ \t\u00a0]*\Z")
# A sign-off before the name: opening its line or a sentence, with its `,` or `:`, the name after it or on the next
# line.
_SIGN_OFF_BEFORE = re.compile(rf"(?i)(?:^|[\n.!?][ \t\u00a0]*)(?:{_alt(_SIGN_OFFS)})[ \t\u00a0]*(?:[,:][ \t\u00a0]*"
                              r"(?:\r?\n[ \t\u00a0]*)?|\r?\n[ \t\u00a0]*)\Z")
# The end of a signature's line: the name alone on it, maybe with a role after a comma (`Hope Young, CFO`).
_LINE_END = re.compile(r"[ \t\u00a0]*(?:[.,][^\n]{0,60})?(?:\r?\n|\Z)")
_BACK = 80


def _case_ok(first: str, last: str) -> bool:
    """Both words in title case, or both in capitals (`Hope Young`, `HOPE YOUNG`)."""
    if first.isupper() and last.isupper():
        return len(first) >= 2 and len(last) >= 2
    return not first.isupper() and not last.isupper() and first[1:].islower() and last[:1].isupper()


# The last word of each cue (`of` of `on behalf of`, `hd` of `z. Hd.`): the word before a name is read against them
# first, anchored (a search of the cue patterns over each name's window costs 45 µs).
_FINALS = re.compile("(?i)(?:" + "|".join(sorted({w.split(" ")[-1] for w in _PHRASES + _LABELS + _SIGN_OFFS},
                                                   key=len, reverse=True)) + ")")
_TRAIL = " \t\u00a0\r\n.,:;-–—"


def _final_word(text: str, a: int) -> bool:
    """Whether the word before `a` (its separators aside) may end a cue (`_FINALS`)."""
    before = text[max(0, a - 48):a].rstrip(_TRAIL)
    cut = max(before.rfind(" "), before.rfind("\t"), before.rfind("\n"), before.rfind("\u00a0"))
    return _FINALS.fullmatch(before[cut + 1:]) is not None


def _window(text: str, start: int, a: int) -> str:
    """`text[start:a]`, at most `_BACK` characters; cut inside a line, it opens with a NUL (no line's start)."""
    cut = max(start, a - _BACK)
    return ("\n" if cut == start and start > 0 else "" if cut == start else "\x00") + text[cut:a]


def _cued(text: str, a: int, end: int) -> bool:
    """Whether a cue of the module's docstring stands right before `a` (the name ending at `end`)."""
    line = text.rfind("\n", 0, a) + 1
    here = _window(text, line, a)
    if _PHRASE_BEFORE.search(here) is not None or _LABEL_BEFORE.search(here) is not None:
        return True
    if _SIGN_OFF_BEFORE.search(here) is None:
        if text[line:a].strip() or line == 0:
            return False
        # a sign-off alone on the line before the name's
        head = text.rfind("\n", 0, line - 1) + 1
        if _SIGN_OFF_BEFORE.search(_window(text, head, a)) is None:
            return False
    return _LINE_END.match(text, end) is not None


def cue28_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each full name after a cue of the module's docstring."""
    out: list[tuple[int, int]] = []
    from proxy.nlp.fullnames import pair_ok

    for m in _PAIR.finditer(text):
        first, last = m.group("first"), m.group("last")
        probe = first.capitalize() if first.isupper() else first
        if not (names.is_first(probe) or names.is_any_first(probe)) or not _case_ok(first, last) \
                or not _final_word(text, m.start()):
            continue  # (a listed given name first and a cue's last word before it: cheap, before the rest is read)
        at = _PAIR_AT.match(text, m.start())
        if at is None:
            continue
        end = at.end("last")
        if _LONGER.match(text, end) is not None or not pair_ok(names, first, last):
            continue
        if not _cued(text, m.start(), end):
            continue
        out.append((m.start(), end))
        # the next names of a list after the cue (`Approved by Hope Young and Bill White`)
        pos = end
        for _ in range(4):
            sep = _AND.match(text, pos)
            nxt = _PAIR_AT.match(text, sep.end()) if sep is not None and sep.end() > pos else None
            if nxt is None or not _case_ok(nxt.group("first"), nxt.group("last")) \
                    or _LONGER.match(text, nxt.end("last")) is not None \
                    or not pair_ok(names, nxt.group("first"), nxt.group("last")):
                break
            out.append((nxt.start(), nxt.end("last")))
            pos = nxt.end("last")
    return out





# --- a US phone number split over a sentence's area code and number (`Area code 617, number 5550143.`) ----------

# `area code` (`'s`, `is`, `:` after it), three digits (in brackets or not), then within the sentence a phone's
# number word (`number`, `no.`, `phone`, `line`, `the rest`) and seven digits (`555-0143`, `555 0143`).
_SPLIT = re.compile(r"(?i)(?<![\w-])area[ \t\u00a0]+code(?:['’]s|[ \t\u00a0]+is|[ \t\u00a0]*:)?[ \t\u00a0]*"
                    r"\(?(?P<a>[2-9][0-9]{2})\)?(?![\w.,-]?[0-9])"
                    r"(?P<gap>[^.!?\n0-9]{0,40}?(?<![\w-])(?:number|no\.|num|phone|line|digits|rest|then)(?![\w-])"
                    r"[^.!?\n0-9]{0,20}?)"
                    r"(?<![\w-])(?P<n>[2-9][0-9]{2}[ .-]?[0-9]{4})(?![\w-]?[0-9])")
SCORE = 0.85


# The same split over two rows of a key/value table or list (tone40, atk40 F06: `| area code | 617 |` then `| number |
# 492-3817 |`; `Vorwahl: 030` then `Rufnummer: 1234567`): the area code's row (`area code`, `area`, `prefix`, `Vorwahl`,
# `indicatif`), the next line the number's (`number`, `no.`, `phone`, `Nummer`, `Rufnummer`, `numéro`, `local`).
_CELL = r"[ \t\u00a0]*(?:\|[ \t\u00a0]*|[:=][*_]*[ \t\u00a0]*)"
_SPLIT_ROWS = re.compile(
    r"(?im)^[ \t\u00a0]*(?:[|\u2022-][ \t\u00a0]*)?[*_]*"
    r"(?P<key>area(?:[ \t\u00a0]+code)?|(?:dial(?:l?ing)?[ \t\u00a0]+)?prefix|vorwahl"
    rf"|indicatif)[*_]*{_CELL}\(?(?P<a>[0-9]{{2,5}})\)?[ \t\u00a0]*\|?[ \t\u00a0]*\r?\n"
    r"[ \t\u00a0]*(?:[|\u2022-][ \t\u00a0]*)?[*_]*(?:(?:phone|local|subscriber|tel(?:ephone)?)[ \t\u00a0]+)?"
    rf"(?:number|no\.?|num|phone|local|nummer|rufnummer|telefonnummer|num[ée]ro|line)[*_]*{_CELL}"
    r"(?P<n>[0-9](?:[ .-]?[0-9]){2,8})(?![\w-]?[0-9])")


def split_phones(text: str) -> list[tuple[int, int]]:
    """[start, end) of the area code and of the number of each US phone number a sentence splits (`Area code 617,
    number 5550143.`): both parts, each a phone number's, when together they are a valid US number; and of a phone
    number an area code's row and a number's row split (`_SPLIT_ROWS`: a valid US number, or a trunk prefix `0...`
    and a local number of 9 to 12 digits together). Gated by `area code` (or a prefix's key) in the text (lower
    case)."""
    lower = text.lower()
    if "area" not in lower and "prefix" not in lower and "vorwahl" not in lower and "indicatif" not in lower:
        return []
    from proxy.nlp.cue27 import valid_phone

    out: list[tuple[int, int]] = []
    for m in _SPLIT.finditer(text):
        if valid_phone(m.group("a") + "".join(c for c in m.group("n") if c.isdigit())):
            out += [m.span("a"), m.span("n")]
    if "\n" in text:
        for m in _SPLIT_ROWS.finditer(text):
            a, n = m.group("a"), "".join(c for c in m.group("n") if c.isdigit())
            if len(a) == 3 and len(n) == 7 and valid_phone(a + n) \
                    or a[0] == "0" and m.group("key").lower()[0] != "a" and 9 <= len(a) + len(n) <= 12:
                out += [m.span("a"), m.span("n")]
    return out


def with_split_phones(text: str, found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """`found` with the parts of the split phone numbers of `text` (`split_phones`) that nothing found covers."""
    spans = split_phones(text)
    added = [("PHONE_NUMBER", a, b, SCORE) for a, b in spans
             if not any(r[1] <= a and b <= r[2] for r in found)]
    return found + added if added else found
__all__ = ["cue28_names", "split_phones", "with_split_phones"]
