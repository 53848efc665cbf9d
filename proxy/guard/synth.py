"""Fake values for the `synthesize` operator: realistic, of the same type and shape, reproducible.

The model gets natural text ("write to ruth79@example.org") instead of `<EMAIL_ADDRESS_1>`, and the
answer gets the original back (the request's `Vault` maps fake -> original). A fake is derived from
an HMAC of the value under a key (the environment's salt, else a random key per process): the same
value gives the same fake in every turn of a conversation, and nobody without the key can test a
guess ("is this the fake of jane@corp.io?").

Names, e-mails, places and URLs are drawn from faker's en_US name and place lists with faker's
weights (e-mails on example.* domains, so a fake never reaches a real mailbox); IP addresses are
public unicast ones; IBANs come from faker itself; numbers keep their shape (separators kept, each digit drawn anew;
cards stay Luhn-valid); anything else keeps its shape letter for letter. Drawing from the lists
directly takes microseconds where faker's own weighted choice takes 0.4-1 ms a value
(bench/operators.py); the draws come from the HMAC's own bytes (extended with SHAKE-256), not from a
seeded `random.Random`, whose seeding alone cost more than the rest of a fake.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from itertools import accumulate
from typing import TypeVar

from faker import Faker

T = TypeVar("T")
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


class Draws:
    """Reproducible draws from a seed's bytes: 8 bytes a draw, from SHAKE-256 of the seed (a fake needs a
    few dozen draws at most; more are made on demand)."""

    __slots__ = ("_seed", "_pool", "_at")

    def __init__(self, seed: bytes) -> None:
        self._seed = seed
        self._pool = hashlib.shake_256(seed).digest(256)
        self._at = 0

    def _next(self) -> int:
        if self._at + 8 > len(self._pool):
            self._pool = hashlib.shake_256(self._seed).digest(len(self._pool) * 2)
        at = self._at
        self._at = at + 8
        return int.from_bytes(self._pool[at:at + 8], "big")

    def randrange(self, start: int, stop: int | None = None) -> int:
        """Like random.randrange (no step); the bias of a 64-bit draw modulo a small range is negligible."""
        if stop is None:
            start, stop = 0, start
        return start + self._next() % (stop - start)

    def random(self) -> float:
        return (self._next() >> 11) * (1.0 / (1 << 53))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self._next() % len(seq)]


_ISSUED_MAX = 1 << 16  # fakes remembered (`claim`): two 12-byte digests each, some 15 MB at most
_ISSUED: OrderedDict[bytes, bytes] = OrderedDict()  # digest of a fake -> digest of the value it was issued for
_ISSUED_LOCK = threading.Lock()  # operators run in worker threads


def claim(fake: str, entity: str, value: str, key: bytes) -> bool:
    """Whether `fake` may stand for `value` (of type `entity`): no earlier request of this process gave it to another
    value. The first value a fake is issued for keeps it (the last `_ISSUED_MAX` fakes issued are remembered, as
    keyed digests, never the values), so two turns of a conversation never share a fake for two values: turn 1's
    fake of jane, which the provider keeps in its context, is never turn 2's fake of bob and restored to bob
    (stream14). Replicas sharing `GUARDRAIL_PII_SALT` do not share what they issued."""
    mark = hmac.digest(key, b"issued-fake\0" + fake.encode("utf-8", "surrogatepass"), "sha256")[:12]
    owner = hmac.digest(key, f"issued-for\0{entity}\0{value}".encode("utf-8", "surrogatepass"), "sha256")[:12]
    with _ISSUED_LOCK:
        found = _ISSUED.get(mark)
        if found is None:
            _ISSUED[mark] = owner
            if len(_ISSUED) > _ISSUED_MAX:
                _ISSUED.popitem(last=False)
            return True
        _ISSUED.move_to_end(mark)
        return found == owner


def synthesize(entity: str, value: str, key: bytes, attempt: int = 0) -> str:
    """A fake `entity` for `value`; another `attempt` gives another fake (collisions)."""
    digest = hmac.digest(key, f"{entity}\0{attempt}\0{value}".encode("utf-8", "surrogatepass"), "sha256")
    rng = Draws(digest)
    own = _OWN.get(entity)
    if own is not None:
        return own(value, rng)
    maker = _MAKERS.get(entity)
    if maker is None:
        return _shape(value, rng, letters=True)
    fake = _faker()
    fake.seed_instance(int.from_bytes(digest[:8], "big"))
    return maker(value, fake, rng)


class _Weighted:
    """A weighted list (faker's name lists: value -> weight), drawn from with one bisection."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.values = list(weights)
        self.cum = list(accumulate(float(w) for w in weights.values()))

    def draw(self, rng: Draws) -> str:
        return self.values[min(bisect_right(self.cum, rng.random() * self.cum[-1]), len(self.values) - 1)]


@cache
def _lists() -> dict[str, _Weighted | tuple[str, ...]]:
    from faker.providers.address.en_US import Provider as Address
    from faker.providers.person.en_US import Provider as Person

    return {"first": _Weighted(Person.first_names), "last": _Weighted(Person.last_names),
            "city_prefix": tuple(Address.city_prefixes), "city_suffix": tuple(Address.city_suffixes)}


def _draw(name: str, rng: Draws) -> str:
    found = _lists()[name]
    return found.draw(rng) if isinstance(found, _Weighted) else rng.choice(found)


def _person_name(value: str, rng: Draws) -> str:
    first = _draw("first", rng)
    name = first if len(value.split()) == 1 else f"{first} {_draw('last', rng)}"
    return name.lower() if value.islower() else name.upper() if value.isupper() else name


def _email(value: str, rng: Draws) -> str:
    user = rng.choice((f"{_draw('first', rng)}.{_draw('last', rng)}", f"{_draw('first', rng)}{rng.randrange(10, 100)}",
                       f"{_draw('first', rng)[0]}{_draw('last', rng)}"))
    return f"{user.lower()}@example.{rng.choice(('com', 'org', 'net'))}"


def _city(value: str, rng: Draws) -> str:
    # faker's en_US city formats: "{prefix} {first}{suffix}", "{prefix} {first}", "{first}{suffix}", "{last}{suffix}"
    form = rng.randrange(4)
    if form == 0:
        return f"{_draw('city_prefix', rng)} {_draw('first', rng)}{_draw('city_suffix', rng)}"
    if form == 1:
        return f"{_draw('city_prefix', rng)} {_draw('first', rng)}"
    return f"{_draw('first' if form == 2 else 'last', rng)}{_draw('city_suffix', rng)}"


def _url(value: str, rng: Draws) -> str:
    return f"https://www.{_draw('last', rng).lower()}.{rng.choice(('com', 'org', 'net', 'info', 'biz'))}"


def _shape(value: str, rng: Draws, *, letters: bool) -> str:
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


def _card(value: str, rng: Draws) -> str:
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


# First octets of public unicast IPv4 (no 0, 10, 100, 127, 169, 172, 192, multicast or reserved).
_PUBLIC_FIRST = tuple(o for o in range(1, 224) if o not in (10, 100, 127, 169, 172, 192))


def _ip(value: str, rng: Draws) -> str:
    if ":" in value:  # global unicast (2000::/3)
        return ":".join([f"{rng.randrange(0x2000, 0x4000):x}", *(f"{rng.randrange(0x10000):x}" for _ in range(7))])
    return f"{rng.choice(_PUBLIC_FIRST)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


# Makers that need no faker instance (no seeding: that alone takes ~0.05 ms).
_OWN: dict[str, Callable[[str, Draws], str]] = {
    "PERSON": _person_name,
    "EMAIL_ADDRESS": _email,
    "LOCATION": _city,
    "URL": _url,
    "NRP": lambda v, r: r.choice(_NATIONALITIES),
    "PHONE_NUMBER": lambda v, r: _shape(v, r, letters=False),
    "US_SSN": lambda v, r: _shape(v, r, letters=False),
    "DATE_TIME": lambda v, r: _shape(v, r, letters=False),
    "IP_ADDRESS": _ip,
    "CREDIT_CARD": _card,
}
_MAKERS: dict[str, Callable[[str, Faker, Draws], str]] = {
    "IBAN_CODE": lambda v, f, r: str(f.iban()),
}
