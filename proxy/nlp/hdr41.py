"""Header and field labels the speaker-label rules read as a person (hdr41, atk41 FP03, FP04).

- a line's label that is an HTTP header's name (`Server:` in every pasted `curl -I`, `Link:`, `Via:`), a technical
  or CI field (`Handler:`, `Branch:`, `Commit:`, `Balancer:`, `Oncall:`) or a mail client's header label in another
  language (`Asunto:`, `Onderwerp:`, `Ämne:`, `Konu:`, `Тема:`, `Gesendet:`/`Betreff:`, `Teilnehmer:`) is no speaker:
  a PERSON that is the label alone goes. A mail label that is a listed given name too (`Van:`, `Fra:`) goes only in a
  header block (another label of the lists on another line);
- a capitalised word in the value of a machine's header (`Server: 2019 Datacenter`) that is no listed given name is
  no person either.

Real speaker labels stay (`Priya: can you send it?`, `Okafor: done`): their words are in no list here. Pure
functions, CPU only; gated by `:` and a set lookup per label line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# HTTP header names (responses and requests as `curl -I`/devtools show them) and the fields of technical and CI notes;
# their values are a machine's, never a person's.
_MACHINE = frozenset("""
server date link via age allow vary etag expires pragma location host origin referer referrer upgrade warning
connection cookie set-cookie accept accept-ranges accept-encoding accept-language authorization cache-control
content-type content-length content-encoding content-language content-disposition content-security-policy
last-modified retry-after strict-transport-security transfer-encoding user-agent x-powered-by x-frame-options
x-cache x-request-id x-amz-request-id x-amz-id-2 x-served-by x-runtime alt-svc nel report-to cf-ray cf-cache-status
x-content-type-options x-xss-protection x-forwarded-for x-forwarded-proto x-real-ip keep-alive trailer te
handler handlers controller middleware listener dispatcher resolver router gateway balancer loadbalancer proxy
upstream downstream backend frontend endpoint route path method linker loader compiler interpreter runtime
branch commit tag build release version revision ref sha hash pipeline stage job runner worker executor queue topic
broker cluster namespace node pod container image service deployment replica replicas region zone datacenter
environment env platform arch kernel os distro shell terminal interface port protocol socket driver firmware
bios chipset adapter device mount volume filesystem partition subnet vlan vpc dns
cdn cache database schema table index shard engine storage bucket instance hostname uptime load latency throughput
""".split())
# Labels of people's roles and memo fields whose value may be a person, but which are never one themselves.
_FIELDS = frozenset("""
oncall on-call pager escalation mentor mentee sponsor stakeholders stakeholder approvers approver reviewers
teilnehmer anwesend verteiler abwesend protokoll protokollführer moderation leitung ort raum uhrzeit
""".split())
# A mail client's header labels in other languages (From, To, Cc, Sent, Date, Subject, Attachments).
_MAIL = frozenset("""
asunto enviado para remitente adjuntos fecha de cc cco
objet envoyé envoye expéditeur expediteur destinataire à pièces
betreff gesendet von an datum anlagen kopie absender empfänger
oggetto inviato mittente destinatario allegati da a data
onderwerp verzonden van aan verstuurd afzender bijlagen datum
ämne skickat från till bilagor datum kopia
emne sendt fra til vedlegg vedhæftede dato kopi
aihe lähetetty lähettäjä vastaanottaja päivämäärä liitteet
temat wysłano wysłane od do data załączniki dw
předmět odesláno komu kopie přílohy datum
predmet odoslané poslané poslano šalje prima poslato
konu gönderildi gönderen kimden kime tarih ekler bilgi
тема отправлено от кому дата копия вложения надіслано від кому
assunto enviada enviado de para anexos data
tárgy elküldve feladó címzett dátum melléklet
subiect trimis expeditor către
θέμα εστάλη από προς
teema saadetud saatja saaja
tēma nosūtīts sūtītājs kam
tema išsiųsta siuntėjas kam
tajuk perihal subjek dikirim dari kepada
""".split())
# The machine headers whose whole value is a machine's (`Server: 2019 Datacenter`); not a cookie's or a path's.
_MACHINE_VALUE = frozenset("""
server via x-powered-by handler link branch commit build release version kernel os platform runtime balancer linker
""".split())
# A mail client's `Sent`/`Date` labels: their value is a date (`Gesendet: Freitag, 8. November 2024 16:40`).
_SENT = frozenset("""
date datum fecha data gesendet enviado envoyé envoye inviato verzonden verstuurd skickat sendt lähetetty wysłano
wysłane odesláno odoslané gönderildi tarih отправлено дата надіслано enviada elküldve trimis εστάλη saadetud nosūtīts
išsiųsta dikirim
""".split())
_LABEL = re.compile(r"(?m)^[ \t>*-]*([^\W\d_][\w'’-]{1,30})[ \t]*:")
_VALUE_END = re.compile(r"\r?\n|\Z")


def without_hdr41(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans the docstring's labels and machine values are."""
    if ":" not in chunk or not any(r[0] == "PERSON" for r in found):
        return found
    labels = [m for m in _LABEL.finditer(chunk) if m.group(1).lower() in _MACHINE or m.group(1).lower() in _FIELDS
              or m.group(1).lower() in _MAIL]
    if not labels:
        return found
    block = len({m.group(1).lower() for m in labels}) > 1
    drop: set[tuple[int, int]] = set()
    values: list[tuple[int, int]] = []
    for m in labels:
        word = m.group(1).lower()
        if word in _MACHINE or word in _FIELDS or block or not names.is_first(m.group(1)):
            drop.add(m.span(1))
        if word in _MACHINE_VALUE or word in _SENT:
            values.append((m.end(), _VALUE_END.search(chunk, m.end()).start()))  # type: ignore[union-attr]
    words = {chunk[a:b] for a, b in drop}  # (and the label's echoes: `Server: Windows Server 2022`)
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and ((r[1], r[2]) in drop or chunk[r[1]:r[2]] in words or any(
                a <= r[1] and r[2] <= b and not any(names.is_first(w) for w in chunk[r[1]:r[2]].split())
                for a, b in values)):
            continue
        out.append(r)
    return out
