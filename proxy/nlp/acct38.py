"""A person's name as an account's name (acct38, atk37 F08).

A login is often the person's name, `first.last` (`theodora.abernathy`, `theo_abernathy`, `wang.jianguo`), and it
travels in places no name reader looked: a Windows or Linux home folder (`C:\\Users\\theodora.abernathy\\AppData`,
`/home/theodora.abernathy/.ssh`), an Active Directory account after its domain (`CONTOSO\\theodora.abernathy`), an
Exchange X.500 address or an LDAP name (`/o=Contoso/.../cn=Recipients/cn=theodora.abernathy`,
`CN=theodora.abernathy,OU=Staff`), an account's key (`sAMAccountName: tabernathy`, `Owner: theodora.abernathy`), a
mailbox written with no top-level domain (`theo.abernathy@corp`, `wang.jianguo@163`), and after a person's cue in a
sentence (`ask theo.abernathy (same as her gmail)`); and a code host's or a social site's profile URL
(`github.com/theodora-abernathy/taxes`, `instagram.com/theodora.abernathy`; `fp31` reads LinkedIn's, Facebook's).

Where the place says "an account" (a home folder, after a domain, an X.500 `cn=`, an account's key, a mailbox), the
account is a name when it is two or three words apart by `.`, `_` or `-`, none of them an ordinary word or a
product's name, at least one a listed name, or a listed given name first and a surname-shaped word last
(`cordelia.winthrop`), and no service's or role's account (`mail27.user_mailbox`: `svc-backup`, `Administrator`,
`ubuntu`, `runner`) nor a constant (`MAX_RETRIES`); on a code host and after a key a listed given name comes first
(`github.com/rust-lang` is an organisation's); one word only as an initial glued to a listed surname (`tabernathy`,
`TAbernathy`) or a given name and a surname in camel case (`TheodoraAbernathy`). A mailbox with no top-level domain
needs a mail provider's or an intranet's host (`@163`, `@qq`, `@corp`) or a mail word before it (`foo.bar@localhost`
in a test stays). In a sentence the account needs a person's cue right before it (`Owner:`, `ask`, `cc`) and a
handle's shape (a listed given name, then a listed name: `account_name(..., "prose")`): `os.path`, `django.contrib`,
`lodash.debounce`, `max.retries` are code. Only the account's characters are found (`/home/<PERSON_1>/.ssh`).
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.mail27 import PRIVATE_TLDS, user_mailbox
from proxy.nlp.names import NameLists
from proxy.nlp.tech_terms import TECH_TERMS

_ACCOUNT = r"([A-Za-z][A-Za-z0-9'’]*(?:[._-][A-Za-z0-9'’]+){0,3})"
_END = r"(?![A-Za-z0-9'’@]|[._-][A-Za-z0-9])"  # (`owner=jane.doe@example.com`: an address's)
# (after a key, in a lookahead: `Owner: Owner: x` reads the second key too)
_AHEAD = "(?=" + _ACCOUNT + _END + ")"
# A code host's or a social site's profile ( `github.com/theodora-abernathy/taxes`,
# `git@github.com:theodora-abernathy/x.git`, `instagram.com/theodora.abernathy`, `twitter.com/theo_abernathy`, a
# Slack workspace's `/team/theodora.abernathy`): an organisation's or a project's name lives there too
# (`github.com/pallets/flask`, `github.com/rust-lang`): on a code host only a handle's order counts (a listed given
# name first: `account_name(..., "host")`), on a social site an account's shape.
_HOST_PROFILE = re.compile(r"(?i)(?<![\w.-])(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org"
                           r"|gist\.github\.com|instagram\.com|twitter\.com|x\.com|threads\.net|tiktok\.com"
                           r"|medium\.com|keybase\.io|pinterest\.com|youtube\.com|twitch\.tv|reddit\.com/u(?:ser)?"
                           r"|dev\.to|hashnode\.com|behance\.net|dribbble\.com|vimeo\.com|soundcloud\.com"
                           r"|[a-z0-9-]+\.slack\.com/team)[/:]@?([a-z][a-z0-9._-]{1,60})")
_CODE_HOST = re.compile(r"(?i)(?:www\.)?(?:gist\.)?(?:github|gitlab|bitbucket|codeberg)\.")
_HOST_CUES = ("github", "gitlab", "bitbucket", "codeberg", "instagram", "twitter", "x.com", "threads", "tiktok",
              "medium", "keybase", "pinterest", "youtube", "twitch", "reddit", "dev.to", "hashnode", "behance",
              "dribbble", "vimeo", "soundcloud", "slack.com")
# A home folder: Windows (`C:\Users\`, `Documents and Settings`), Linux (`/home/`), macOS (`/Users/`).
_HOME = re.compile(r"(?i)(?:\b[a-z]:|[\\/]|\A|(?<=\s))(?:\\{1,2}|/)?(?:users|home|documents and settings)"
                   r"(?:\\{1,2}|/)" + _ACCOUNT + _END)
# An account after its NetBIOS domain (`CONTOSO\theodora.abernathy`, `"CORP\\tabernathy"` in JSON).
_DOMAIN = re.compile(r"(?<![\w\\/.-])[A-Z][A-Z0-9-]{1,14}\\{1,2}" + _ACCOUNT + _END)
# An X.500 / LDAP common name (`/cn=Recipients/cn=theodora.abernathy`, `cn=<32 hex>-theo.abernathy`, `CN=...,OU=`).
_CN = re.compile(r"(?i)(?<![a-z])cn=(?:[0-9a-f]{32}-)?" + _ACCOUNT + r"(?=[/,;\s\"'>)]|\Z)")
# An Exchange legacyExchangeDN's mailbox alias (num40: `/o=Contoso/ou=.../cn=Recipients/cn=jsmith`): the last RDN
# under `cn=Recipients` is a user's alias whatever its shape (`jsmith`, `okafor.chinwe`, `cn=<hex>-Maria Schmidt`), a
# service's or a role's mailbox none (`mail27.user_mailbox`: `Administrator`, `SystemMailbox{...}`).
_RECIPIENT = re.compile(r"(?i)/cn=recipients/cn=(?:[0-9a-f]{32}-)?([A-Za-z][A-Za-z0-9._'’-]{1,63}"
                        r"(?: [A-Z][A-Za-z'’-]+){0,2})(?=[/,;\s\"'>)]|\Z)")
# An account's key (`sAMAccountName: tabernathy`, `uid=theo.abernathy`, `Owner: theodora.abernathy (you)`).
_KEYED = re.compile(r"(?i)\b(?:samaccountname|mailnickname|uid|user(?:[ _-]?(?:name|id))?|login(?:[ _-]?name)?"
                    r"|account(?:[ _-]?name)?|owner|assignee|author|reporter|created[ _]by|logged[ _]in[ _]as)"
                    r"[\"']?[ \t]*[:=][ \t]*[\"']?" + _AHEAD)
# A mailbox with no top-level domain (`theo.abernathy@corp`, `wang.jianguo@163`).
_NO_TLD = re.compile(r"(?<![\w.@+-])" + _ACCOUNT + r"@([A-Za-z0-9-]{2,30})(?![\w@-]|\.[A-Za-z0-9])")
_MAIL_HOSTS = frozenset("""
163 126 139 188 189 yeah sina sohu qq foxmail aliyun gmail googlemail outlook hotmail live msn yahoo icloud me
proton protonmail aol gmx web naver daum hanmail yandex mail zoho fastmail corp company work office intranet
""".split()) | PRIVATE_TLDS
_MAIL_CUE = re.compile(r"(?i)(?:e-?mail|mail(?:box)?|address|write|wrote|send|sent|contact|reach|cc|to|from)\b"
                       r"[^\n]{0,24}\Z")
# A person's cue right before an account in a sentence (`ask theo.abernathy`, `cc theodora.abernathy`).
_CUED = re.compile(r"(?i)\b(?:ask|cc|bcc|ping|tell|email|e-mail|message|dm|contact|assign(?:ed)?[ \t]+to|hand[ \t]+"
                   r"(?:it|this)[ \t]+to|reviewed[ \t]+by|approved[ \t]+by|signed[ \t]+by|user|login|account)"
                   r"[ \t]+" + _ACCOUNT + r"(?![A-Za-z0-9'’(@/]|[._-][A-Za-z0-9])")
_CAMEL = re.compile(r"([A-Z][a-z]{1,20}|[A-Z])([A-Z][a-z]{2,20})\Z")
_PART = re.compile(r"[._-]")


@functools.cache
def _names() -> NameLists:
    from proxy.nlp.names import name_lists

    return name_lists()


def _word(names: NameLists, word: str) -> bool:
    """Whether `word` may be a name's word in an account: no ordinary word, no product's name."""
    return not names.is_common(word) and word.lower() not in TECH_TERMS


def _single(names: NameLists, account: str) -> bool:
    """One word: an initial and a listed surname (`tabernathy`, `TAbernathy`), or a given name and a surname in
    camel case (`TheodoraAbernathy`)."""
    if not _word(names, account):
        return False
    camel = _CAMEL.match(account)
    if camel is not None:
        first, last = camel.group(1), camel.group(2)
        return _word(names, last) and names.is_name(last) and (
            len(first) == 1 or names.is_first(first) and _word(names, first))
    low = account.lower()
    return account in (low, account.upper()) and len(low) >= 6 and low[1:] in names.last \
        and not names.is_common(low[1:])


def account_name(account: str, level: str = "place") -> int:
    """How many of `account`'s characters are a person's name (see the module; 0 for none): its words without a
    number after them (`theodora.abernathy2`). `level`: where the account stands. "place" (a home folder, after a
    domain, a `cn=`, a mailbox, a social site): no ordinary word and a listed name among the words, or a listed given
    name first and a surname-shaped word last (`cordelia.winthrop`). "host" (a code host, where organisations live:
    `rust-lang`; after an account's key): a listed given name first. "prose" (after a person's cue in a sentence):
    a listed given name first and a listed name last, no ordinary word (`cc max.retries` is a setting)."""
    core = re.sub(r"[._-]?\d+\Z", "", account.rstrip("'’"))
    if len(core) < 4 or not user_mailbox(core) or any(c.isdigit() for c in core) \
            or "_" in core and core.isupper():  # (a constant: `MAX_RETRIES`)
        return 0
    names = _names()
    words = _PART.split(core)
    if len(words) == 1:
        return len(core) if _single(names, core) else 0
    long = [w for w in words if len(w) > 1]
    if len(words) > 3 or not all(words) or not long \
            or any(names.is_very_common(w) or w.lower() in TECH_TERMS for w in long):
        return 0
    first, last = words[0], words[-1]
    plain = all(_word(names, w) for w in long)
    handle = plain and names.is_any_first(first) and names.is_name(last)
    given = names.is_first(first) and len(last) > 2 and all(_word(names, w) for w in words[:-1])
    if level == "prose":
        return len(core) if handle else 0
    if level == "host":
        return len(core) if handle or given else 0
    return len(core) if given or plain and any(names.is_name(w) or names.is_first(w) for w in long) else 0


def _mailbox(chunk: str, m: re.Match[str]) -> bool:
    """Whether the `account@host` of `m` is a mailbox: a mail host, or a mail word before it."""
    if chunk.startswith(":", m.end()):  # (a shell's prompt, `user@host:~$`)
        return False
    return m.group(2).lower() in _MAIL_HOSTS \
        or _MAIL_CUE.search(chunk, max(0, m.start() - 40), m.start()) is not None


def account_names(chunk: str) -> list[tuple[int, int]]:
    """The spans of the names that are accounts in `chunk` (see the module)."""
    spans: list[tuple[int, int]] = []
    low = chunk.lower()
    if any(c in low for c in _HOST_CUES):
        for m in _HOST_PROFILE.finditer(chunk):
            slug = re.sub(r"(?:\.git|[._-]?\d+)\Z", "", re.split(r"[/?#]", m.group(1))[0])
            code = _CODE_HOST.match(m.group()) is not None
            n = account_name(slug, "host" if code else "place") if _PART.search(slug) else 0
            if n:
                spans.append((m.start(1), m.start(1) + n))
    places = []
    if "\\" in chunk or "/" in chunk:
        if "users" in low or "home" in low or "documents and" in low:
            places.append(_HOME)
        if "\\" in chunk:
            places.append(_DOMAIN)
    if "cn=" in low:
        places.append(_CN)
        if "/cn=recipients/cn=" in low:
            spans += [m.span(1) for m in _RECIPIENT.finditer(chunk)
                      if all(user_mailbox(w) for w in m.group(1).split())]
    if ":" in chunk or "=" in chunk:
        places.append(_KEYED)
    for place in places:
        for m in place.finditer(chunk):
            n = account_name(m.group(1), "host" if place is _KEYED else "place")
            if n:
                spans.append((m.start(1), m.start(1) + n))
    if "@" in chunk:
        for m in _NO_TLD.finditer(chunk):
            n = account_name(m.group(1))
            if n and "." in m.group(1)[:n] + "_" and _mailbox(chunk, m):
                spans.append((m.start(1), m.start(1) + n))
    if any(c in low for c in (".", "_")) and any(c in low for c in ("ask", "cc", "ping", "tell", "mail", "message",
                                                                     "dm ", "contact", "to ", "by ", "user", "login",
                                                                     "account")):
        for m in _CUED.finditer(chunk):
            n = account_name(m.group(1), "prose") if _PART.search(m.group(1)) else 0
            if n:
                spans.append((m.start(1), m.start(1) + n))
    return spans
