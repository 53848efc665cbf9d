"""Configs that register the client's address with an ACME CA (issue 12, atk41 F02).

A command that registers what it is given with a CA or a SaaS (`certbot`, `acme.sh`, `stripe`, `npm adduser`, `fly
secrets`, `netlify env:set`, `doppler`/`supabase secrets`, `railway variables`, `op item create`) is a publisher
(`proxy.guard.scopes._PUBLISHERS`). A server's config does the same with the address it holds for its ACME
account, every time the server starts: Traefik's `certificatesResolvers.<name>.acme.email` (YAML under `acme:`, TOML
under `[...acme]`, a `--certificatesresolvers.le.acme.email=` flag, a `TRAEFIK_..._ACME_EMAIL=` variable), a
Caddyfile's global options block (`{` / `email <PH>` / `}`) or a site's `tls <PH>`. `sends` reads a scope's text
so (`proxy.guard.scopes.sends`): restore writes no value in it; unfenced, such a config is a scope of its own
(`first`, `proxy.guard.http28.config_run`), from its line to the end of the line that holds the address (a
Caddyfile's block: to its closing `}`). A YAML `email:` elsewhere (a user record), `acme` as a
company's name (`Acme`, `acme.com`) and a Caddyfile block without an address are no such config.
"""

from __future__ import annotations

import re

from proxy.guard.restore24 import PLACEHOLDER

_MAILBOX = rf"(?:{PLACEHOLDER}|[^\s@\"'<>]+@[\w-]+(?:\.[\w-]+)*)"
# An `acme` section's `email` key: a YAML block (up to 8 lines between), a dotted key or flag, a TOML table, an
# environment variable.
_ACME = re.compile(
    r"(?m)(?:^[ \t]*acme[ \t]*:[ \t]*\r?\n(?:[ \t]+[^\n]*\n){0,8}?[ \t]+[\"']?email[\"']?[ \t]*:"
    r"|\.acme\.email[\"']?[ \t]*[=:]|_ACME_EMAIL[ \t]*[=:]"
    r"|^[ \t]*\[[\w.\"-]*\.acme\][ \t]*\r?\n(?:[ \t]*[^\n\[]*\n){0,8}?[ \t]*email[ \t]*=)")
# A Caddyfile's global options block (a `{` alone on its line) with `email <address>`, a site's `tls <address>`.
_CADDY = re.compile(rf"(?m)^[ \t]*\{{[ \t]*\r?\n(?:[ \t]*[^\n{{}}]*\n){{0,12}}?[ \t]*email[ \t]+{_MAILBOX}"
                    rf"|^[ \t]+tls[ \t]+{_MAILBOX}[ \t]*$")


def _gate(text: str) -> bool:
    return "cme" in text or "CME" in text or "email" in text or "tls" in text


def sends(text: str) -> bool:
    """Whether a scope's `text` registers an address with an ACME CA (see the module)."""
    return _gate(text) and (_ACME.search(text) is not None or _CADDY.search(text) is not None)


def first(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end of its opener, end) of the first unfenced ACME config at or after `pos` (see the module)."""
    if not _gate(text[pos:]):
        return None
    found = [m for m in (_ACME.search(text, pos), _CADDY.search(text, pos)) if m is not None]
    if not found:
        return None
    m = min(found, key=lambda f: f.start())
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    if m.re is _CADDY and text[start:m.end()].lstrip().startswith("{"):
        close = _CLOSE.search(text, m.end())
        end = close.end() if close is not None else len(text)
    return start, min(end, start + 256), end


_CLOSE = re.compile(r"(?m)^[ \t]*\}[ \t]*$")
