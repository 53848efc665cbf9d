"""Fake values for the `synthesize` operator: realistic, of the same type and shape, reproducible.

The model gets natural text ("write to ruth79@example.org") instead of `<EMAIL_ADDRESS_1>`, and the
answer gets the original back (the request's `Vault` maps fake -> original). A fake is derived from
an HMAC of the value under a key (the environment's salt, else a random key per process): the same
value gives the same fake in every turn of a conversation, and nobody without the key can test a
guess ("is this the fake of jane@corp.io?").

Names, e-mails, places, URLs, IBANs and IP addresses come from faker (e-mails on example.* domains,
so a fake never reaches a real mailbox); numbers keep their shape (separators kept, each digit
drawn anew; cards stay Luhn-valid); anything else keeps its shape letter for letter.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import random
import threading
from collections.abc import Callable

from faker import Faker

_PROCESS_KEY = os.urandom(32)  # without a salt in the environment: consistent within this process
_LOCAL = threading.local()  # one Faker per thread: seeding an instance is not thread-safe
_NATIONALITIES = ("Canadian", "Brazilian", "Norwegian", "Kenyan", "Thai", "Portuguese", "Chilean", "Irish",
                  "Vietnamese", "Moroccan", "Dutch", "Peruvian", "Finnish", "Ghanaian", "Austrian")


def _faker() -> Faker:
    fake: Faker | None = getattr(_LOCAL, "faker", None)
    if fake is None:
        fake = _LOCAL.faker = Faker("en_US")
    return fake


def fake_key(salt_env: str = "GUARDRAIL_PII_SALT") -> bytes:
    salt = os.environ.get(salt_env)
    return salt.encode() if salt else _PROCESS_KEY


def synthesize(entity: str, value: str, key: bytes, attempt: int = 0) -> str:
    """A fake `entity` for `value`; another `attempt` gives another fake (collisions)."""
    digest = hmac.new(key, f"{entity}\0{attempt}\0{value}".encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    seed = int.from_bytes(digest[:8], "big")
    rng = random.Random(seed)
    maker = _MAKERS.get(entity)
    if maker is None:
        return _shape(value, rng, letters=True)
    fake = _faker()
    fake.seed_instance(seed)
    return maker(value, fake, rng)


def _shape(value: str, rng: random.Random, *, letters: bool) -> str:
    out = []
    for c in value:
        if c.isdigit():
            out.append(str(rng.randrange(10)))
        elif letters and c.isascii() and c.isalpha():
            letter = chr(ord("a") + rng.randrange(26))
            out.append(letter.upper() if c.isupper() else letter)
        else:
            out.append(c)
    return "".join(out)


def _person(value: str, fake: Faker, rng: random.Random) -> str:
    name = fake.first_name() if len(value.split()) == 1 else f"{fake.first_name()} {fake.last_name()}"
    return name.lower() if value.islower() else name.upper() if value.isupper() else name


def _card(value: str, fake: Faker, rng: random.Random) -> str:
    digits = [rng.randrange(10) for c in value if c.isdigit()]
    if len(digits) < 2:
        return _shape(value, rng, letters=False)
    digits[0] = 4  # a Visa-shaped number
    total = 0  # Luhn: fix the last digit
    for i, d in enumerate(reversed(digits[:-1])):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    digits[-1] = (10 - total % 10) % 10
    it = iter(digits)
    return "".join(str(next(it)) if c.isdigit() else c for c in value)


def _ip(value: str, fake: Faker, rng: random.Random) -> str:
    return str(fake.ipv6()) if ":" in value else str(fake.ipv4_public())


_MAKERS: dict[str, Callable[[str, Faker, random.Random], str]] = {
    "PERSON": _person,
    "EMAIL_ADDRESS": lambda v, f, r: str(f.safe_email()),
    "LOCATION": lambda v, f, r: str(f.city()),
    "URL": lambda v, f, r: str(f.url()).rstrip("/"),
    "IBAN_CODE": lambda v, f, r: str(f.iban()),
    "IP_ADDRESS": _ip,
    "NRP": lambda v, f, r: r.choice(_NATIONALITIES),
    "CREDIT_CARD": _card,
    "PHONE_NUMBER": lambda v, f, r: _shape(v, r, letters=False),
    "US_SSN": lambda v, f, r: _shape(v, r, letters=False),
    "DATE_TIME": lambda v, f, r: _shape(v, r, letters=False),
}
