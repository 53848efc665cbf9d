"""Configs that register the client's address with an ACME CA (issue 12, atk41 F02).

A command that registers what it is given with a CA or a SaaS (`certbot`, `acme.sh`, `stripe`, `npm adduser`, `fly
secrets`, `netlify env:set`, `doppler`/`supabase secrets`, `railway variables`, `op item create`) is a publisher
(`proxy.guard.scopes._PUBLISHERS`). A server's config does the same with the address it holds for its ACME
account, every time the server starts: Traefik's `certificatesResolvers.<name>.acme.email` (YAML under `acme:`, TOML
under `[...acme]`, a `--certificatesresolvers.le.acme.email=` flag, a `TRAEFIK_..._ACME_EMAIL=` variable), a
Caddyfile's global options block (`{` / `email <PH>` / `}`) or a site's `tls <PH>`. `sends` reads a scope's text
so (`proxy.guard.scopes.sends`): restore writes no value in it. A YAML `email:` elsewhere (a user record), `acme` as a
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


def sends(text: str) -> bool:
    """Whether a scope's `text` registers an address with an ACME CA (see the module)."""
    if "cme" not in text and "CME" not in text and "email" not in text and "tls" not in text:
        return False
    return _ACME.search(text) is not None or _CADDY.search(text) is not None
