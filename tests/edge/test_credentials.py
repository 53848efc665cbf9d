"""proxy.edge.credentials: every real key fits a credential's grammar; text does not (issue 12 review, F1)."""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
from collections.abc import Callable

import pytest
from multidict import CIMultiDict

from proxy.edge.credentials import bearer_key, client_credential, key_shaped, refused_credential

_B62 = string.ascii_letters + string.digits
_URL = _B62 + "-_"
_HEX = "0123456789abcdef"


def _rnd(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choices(alphabet, k=n))


def _jwt(rng: random.Random) -> str:
    def seg(doc: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(doc).encode()).rstrip(b"=").decode()
    claims = {"aud": "https://cognitiveservices.azure.com", "oid": str(uuid.UUID(int=rng.getrandbits(128))),
              "x": _rnd(rng, _URL, 900)}
    return f"{seg({'typ': 'JWT', 'alg': 'RS256', 'kid': _rnd(rng, _URL, 27)})}.{seg(claims)}.{_rnd(rng, _URL, 342)}"


# The published shapes of real keys, random in their random part.
SHAPES: dict[str, Callable[[random.Random], str]] = {
    "openai legacy": lambda r: "sk-" + _rnd(r, _B62, 48),
    "openai project": lambda r: "sk-proj-" + _rnd(r, _URL, 156),
    "openai service account": lambda r: "sk-svcacct-" + _rnd(r, _URL, 156),
    "anthropic": lambda r: "sk-ant-api03-" + _rnd(r, _URL, 93) + "AA",
    "azure classic (32 hex)": lambda r: _rnd(r, _HEX, 32),
    "azure (84)": lambda r: _rnd(r, _B62, 84),
    "entra id token": _jwt,
    "deepseek": lambda r: "sk-" + _rnd(r, _HEX, 32),
    "openrouter": lambda r: "sk-or-v1-" + _rnd(r, _HEX, 64),
    "together": lambda r: _rnd(r, _HEX, 64),
    "perplexity": lambda r: "pplx-" + _rnd(r, _HEX, 48),
    "lambda": lambda r: "secret_mykey_" + _rnd(r, _HEX, 32),
    "uuid key": lambda r: str(uuid.UUID(int=r.getrandbits(128))),
    "groq": lambda r: "gsk_" + _rnd(r, _B62, 52),
    "gemini": lambda r: "AIza" + _rnd(r, _URL, 35),
    "xai": lambda r: "xai-" + _rnd(r, _B62, 80),
    "hugging face": lambda r: "hf_" + _rnd(r, string.ascii_letters, 34),
    "base64": lambda r: _rnd(r, _B62 + "+/", 43) + "=",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_real_key_shape_fits(shape: str) -> None:
    rng = random.Random(shape)
    for _ in range(2000):
        key = SHAPES[shape](rng)
        assert key_shaped(key), key
        assert bearer_key(f"Bearer {key}") == key


def test_a_hex_key_with_a_run_of_digits_fits_but_only_at_a_key_generators_size() -> None:
    run = "a123456789b"
    assert key_shaped((run * 3)[:32]) and key_shaped("sk-" + (run * 3)[:32]) and key_shaped((run * 6)[:64])
    assert not key_shaped((run * 3)[:31]) and not key_shaped((run * 3)[:33]) and not key_shaped("g" + (run * 3)[:32])


@pytest.mark.parametrize("value", [
    "4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "sk-4111_1111.1111-1111", "536-90-4399",
    "617.555.0143", "call-617-555-0143", "mkowalski@contoso.com", "Marek Kowalski", "project falcon", "",
    "sk-" + "a" * 4100, "sk-x===", "sk-é", "eyJ4111111111111111.eyJ.x",
])
def test_text_does_not_fit(value: str) -> None:
    assert not key_shaped(value)
    assert bearer_key(f"Bearer {value}") is None


def test_a_bearer_token_is_the_scheme_then_one_key() -> None:
    assert bearer_key("bearer   sk-x") == "sk-x"
    for value in ("Bearer", "Bearer ", "Basic sk-x", "sk-x", "Bearer sk-x extra", "Bearer\tsk-x"):
        assert bearer_key(value) is None


def test_every_value_of_a_repeated_credential_header_is_checked() -> None:
    headers = CIMultiDict([("x-api-key", "sk-good"), ("x-api-key", "mkowalski@contoso.com")])
    assert refused_credential(headers) == "x-api-key"
    assert refused_credential(CIMultiDict([("Authorization", "Bearer sk-a"), ("api-key", "sk-b")])) is None


@pytest.mark.parametrize(("kind", "sent"), [
    ("openai", {"Authorization": "Bearer sk-a"}), ("anthropic", {"x-api-key": "sk-b"}), ("azure", {"api-key": "sk-c"})])
def test_only_the_credential_the_provider_reads(kind: str, sent: dict[str, str]) -> None:
    everything = CIMultiDict({"Authorization": "Bearer sk-a", "x-api-key": "sk-b", "api-key": "sk-c"})
    assert client_credential(everything, kind) == sent
    # Anthropic's and Azure's SDKs may send a bearer token instead (an auth token, an Entra ID token).
    assert client_credential(CIMultiDict({"authorization": "bearer sk-a"}), kind) == {"Authorization": "Bearer sk-a"}
    assert client_credential(CIMultiDict({"x-api-key": "sk-b", "api-key": "sk-c"}), "openai") == {}
