"""Secrets in text (cloud keys, tokens, private keys, credentials in URLs, JWTs): Yelp's detect-secrets.

`find_secrets(text)` returns (kind, start, end) per secret, from detect-secrets' maintained rule set:
its regex detectors (AWS, Azure storage, GitHub, GitLab, Slack, Stripe, OpenAI, SendGrid, Twilio,
npm, PyPI, Discord, Telegram, Mailchimp, Artifactory, IBM, SoftLayer, Square, Cloudant), private
key headers (the span runs to the END line when there is one), `scheme://user:password@host`
credentials and JWTs. Left out on purpose: the high-entropy string detectors, the public-IP
detector and the `password = "..."` keyword detector, which fire on ordinary code (hashes, base64
test data, IP literals, variable names): see docs/guardrails.md for the measured false positives.

CPU work: the guard calls it off the event loop. Kinds are upper-case identifiers
(`AWS_ACCESS_KEY`), usable as placeholder names; nothing returned holds the secret.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

EXCLUDED = frozenset({"Base64 High Entropy String", "Hex High Entropy String", "Public IP (ipv4)", "Secret Keyword"})
_B64URL = re.compile(r"[A-Za-z0-9_\-=]*")
_END_KEY = re.compile(r"-----END[ A-Z0-9]*PRIVATE KEY[ A-Z0-9]*-----")


@lru_cache(maxsize=1)
def _plugins() -> tuple[Any, ...]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping: dict[str, Any] = get_mapping_from_secret_type_to_class()
    return tuple(mapping[kind]() for kind in sorted(mapping) if kind not in EXCLUDED)


def kind_name(secret_type: str) -> str:
    """detect-secrets' type ("AWS Access Key") as a finding kind ("AWS_ACCESS_KEY")."""
    return re.sub(r"[^A-Z0-9]+", "_", secret_type.upper()).strip("_")


def find_secrets(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every secret in `text`, sorted, overlaps kept (the caller merges).

    Each detector's own patterns give the spans (its `analyze_string` gives only a capture group,
    e.g. `ghp` of a GitHub token); its `analyze_string` on the match keeps its own verification (a
    JWT must decode). The span is the whole match: the token, not just its prefix; for credentials
    in a URL it is the password.
    """
    found: set[tuple[str, int, int]] = set()
    offset = 0
    for line in text.splitlines(keepends=True):
        if len(line.strip()) >= 8:
            for plugin in _plugins():
                kind = plugin.secret_type
                for pattern in getattr(plugin, "denylist", ()):
                    for m in pattern.finditer(line):
                        if not m.group(0) or not any(plugin.analyze_string(m.group(0))):
                            continue
                        start, end = m.span(1) if kind == "Basic Auth Credentials" and m.lastindex else m.span()
                        if kind == "JSON Web Token":  # its pattern ends lazily, before the signature
                            tail = _B64URL.match(line, end)  # `*`: always matches, maybe empty
                            end = tail.end() if tail else end
                        if kind == "Private Key":  # the whole PEM block, not just its header
                            start = line.rfind("-----", 0, start) if "-----" in line[:start] else start
                            close = _END_KEY.search(text, offset + end)
                            end = (close.end() - offset) if close else len(text) - offset
                        found.add((kind_name(kind), offset + start, offset + end))
        offset += len(line)
    return sorted(found, key=lambda f: (f[1], -f[2]))
