"""proxy.guard.operators: per-entity operators through presidio-anonymizer's engine (real Presidio analysis).

placeholder and synthesize are restored; mask, hash and encrypt are not. No operator output holds the
value; hashes are salted per team; encryption is reversible with the key; fakes split across stream
chunks are restored whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from proxy.config.policy import load_policies
from proxy.config.yamlconf import ConfigErrors
from proxy.guard.checks.base import Finding
from proxy.guard.decision import GuardUnavailable
from proxy.guard.engine import Guard
from proxy.guard.rewrite import apply_findings
from proxy.guard.vault import Vault, placeholder_prefix_at
from tests.guard.conftest import no_values, policy

SALT = "s" * 24
KEY = "k" * 32
CARD = "4111 1111 1111 1111"
SSN = "536-90-4399"
EMAIL = "jane.roe@example.com"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARDRAIL_PII_SALT", SALT)
    monkeypatch.setenv("GUARDRAIL_PII_KEY", KEY)


def ops_policy(**operators: dict[str, object]) -> object:
    return policy(input={"pii": {"entities": ["PERSON", "EMAIL_ADDRESS", "CREDIT_CARD", "US_SSN", "PHONE_NUMBER"],
                                 "operators": operators, "restore": True}})


async def test_mask_hash_encrypt_replace_the_value_and_are_not_restored(guard: Guard) -> None:
    p = ops_policy(CREDIT_CARD={"type": "mask", "masking_char": "#", "chars_to_mask": 15},
                   US_SSN={"type": "hash"}, EMAIL_ADDRESS={"type": "encrypt"})
    text = f"Card {CARD}, SSN {SSN}, mail {EMAIL}."
    verdict = await guard.input(p, [text], team="red")
    out = verdict.texts[0]
    assert out is not None and verdict.decision == "redact"
    assert "###############1111" in out  # 15 characters masked from the start, the last 4 digits kept
    for value in (CARD, SSN, EMAIL, "536", "jane"):
        assert value not in out
    # hash: Presidio's salted sha256 with the team's salt; not a bare sha256 of the value
    assert hashlib.sha256(SSN.encode()).hexdigest() not in out
    digest = next(w for w in out.replace(",", " ").split() if len(w) == 64)
    again = await guard.input(p, [f"SSN {SSN}"], team="red")
    other = await guard.input(p, [f"SSN {SSN}"], team="blue")
    assert digest in (again.texts[0] or "") and digest not in (other.texts[0] or "")
    # Nothing to restore: the answer keeps what the model saw.
    answer = await guard.output(p, [out], verdict.vault)
    assert answer.texts[0] is None
    no_values(verdict.records, answer.records, repr(verdict.vault))


async def test_encrypted_values_decrypt_with_the_key(guard: Guard) -> None:
    from presidio_anonymizer.operators import Decrypt

    p = ops_policy(EMAIL_ADDRESS={"type": "encrypt"})
    verdict = await guard.input(p, [f"mail {EMAIL} and again {EMAIL}"])
    out = verdict.texts[0] or ""
    token = out.split()[1]
    assert token != EMAIL and out == f"mail {token} and again {token}"  # the same ciphertext within a request
    assert Decrypt().operate(token, {"key": KEY}) == EMAIL


async def test_synthesize_gives_a_realistic_fake_restored_in_the_answer(guard: Guard) -> None:
    p = ops_policy(EMAIL_ADDRESS={"type": "synthesize"}, PERSON={"type": "synthesize"},
                   CREDIT_CARD={"type": "synthesize"})
    text = f"I am Jane Roe, mail {EMAIL}, card {CARD}."
    verdict = await guard.input(p, [text])
    out = verdict.texts[0] or ""
    assert "<" not in out and EMAIL not in out and "Jane" not in out and CARD not in out
    fake_mail = next(w for w in out.split() if "@" in w).rstrip(",")
    assert fake_mail.split("@")[1].startswith("example.")
    fake_card = out.split("card ")[1].rstrip(".")
    assert len(fake_card) == len(CARD) and fake_card[4] == " "  # same shape
    digits = [int(c) for c in fake_card if c.isdigit()]
    luhn = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
    assert luhn % 10 == 0
    # The same value gets the same fake in the next turn of the conversation.
    turn2 = await guard.input(p, [f"mail {EMAIL}"])
    assert turn2.texts[0] == f"mail {fake_mail}"
    # The answer: the fakes go back to the originals; output PII rules leave them alone.
    p_out = policy(input=p.input.model_dump(), output={"pii": {"entities": ["EMAIL_ADDRESS", "CREDIT_CARD"]}})
    answer = await guard.output(p_out, [f"Sure, I wrote to {fake_mail} about {fake_card}."], verdict.vault)
    assert answer.texts[0] == f"Sure, I wrote to {EMAIL} about {CARD}."
    no_values(verdict.records, answer.records, repr(verdict.vault))


async def test_a_fake_split_across_stream_chunks_is_restored_whole(guard: Guard) -> None:
    p = ops_policy(EMAIL_ADDRESS={"type": "synthesize"})
    verdict = await guard.input(p, [f"mail {EMAIL}"])
    fake = (verdict.texts[0] or "").split()[1]
    for output in ({}, {"pii": {"entities": ["EMAIL_ADDRESS"]}}):
        win = guard.output_stream(policy(input=p.input.model_dump(), output=output), verdict.vault)
        answer = f"Write to {fake} today. Bye."
        pieces = [await win.feed("c", answer[i:i + 3]) for i in range(0, len(answer), 3)]
        pieces.append(await win.end("c"))
        assert "".join(pieces) == f"Write to {EMAIL} today. Bye."
        assert not any(fake[:4] in piece for piece in pieces), "part of a fake reached the client"


def test_prefix_hold_for_fakes() -> None:
    vault = Vault()
    vault.remember_fake("Amy Lee", "Jane Roe")
    assert placeholder_prefix_at("Hi Am", vault) == 3
    assert placeholder_prefix_at("Hi Amy Lee", vault) == 3  # whole, but "Amy Leeds" may follow
    assert placeholder_prefix_at("Hi Camy", vault) == len("Hi Camy")  # not at a word start
    assert vault.restore("Amy Lee, Amy Leeds") == "Jane Roe, Amy Leeds"


def test_operators_in_json_texts_keep_the_document_valid() -> None:
    doc = json.dumps({"to": 'O"Brien <x@y.io>'})
    start = doc.index("O")
    end = doc.index('io>') + 3
    rule = ops_policy(PERSON={"type": "mask"}).input.pii  # type: ignore[attr-defined]
    found = [Finding("pii", "PERSON", "redact", start, end)]
    out = apply_findings(doc, found, Vault(), in_json=True, rule=rule)
    assert json.loads(out) == {"to": "*" * len('O"Brien <x@y.io>')}


async def test_a_missing_key_at_run_time_fails_closed(guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    p = ops_policy(EMAIL_ADDRESS={"type": "encrypt"})
    monkeypatch.delenv("GUARDRAIL_PII_KEY")
    with pytest.raises(GuardUnavailable) as err:
        await guard.input(p, [f"mail {EMAIL}"])
    assert err.value.check == "pii" and "GUARDRAIL_PII_KEY" in err.value.reason
    no_values(err.value.reason, err.value.records)


def test_parameters_are_validated_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARDRAIL_PII_KEY", "short")
    (tmp_path / "p.yaml").write_text("""name: p
input:
  pii:
    operators:
      CREDIT_CARD: {type: mask, masking_char: "**"}
      US_SSN: {type: hash, hash_type: md5}
      PERSON: {type: encrypt}
      EMAIL_ADDRESS: {type: shuffle}
      PHONE_NUMBER: {type: hash, salt: abc}
""")
    with pytest.raises(ConfigErrors) as err:
        load_policies(tmp_path)
    text = str(err.value)
    assert "p.yaml:5:" in text and "masking_char" in text
    assert "p.yaml:6:" in text and "hash_type" in text
    assert "p.yaml:7:" in text and "GUARDRAIL_PII_KEY must be 16, 24 or 32 bytes long" in text and "short" not in text
    assert "p.yaml:8:" in text and "shuffle" in text
    assert "p.yaml:9:" in text and "salt" in text


async def test_a_mask_over_merged_values_masks_all_of_them(guard: Guard) -> None:
    """A card found across a phone number and the IP address beside it is one span: masking its first 12
    characters would leave the address readable; a span merged from several findings is masked whole."""
    p = policy(input={"pii": {"entities": ["PHONE_NUMBER", "CREDIT_CARD", "IP_ADDRESS"],
                              "operators": {"CREDIT_CARD": {"type": "mask", "chars_to_mask": 12}}}})
    text = "route 415-555-0132 10.20.30.40"
    verdict = await guard.input(p, [text])
    out = verdict.texts[0] or ""
    assert "10.20.30.40" not in out and "30.40" not in out and "0132" not in out, out
    assert out.startswith("route ") and set(out[len("route "):]) == {"*"}, out


async def test_a_value_too_short_to_fake_gets_a_placeholder(guard: Guard) -> None:
    """A phone number whose first digit ends the text before (`ref 7` + `415-555-0132`): a one-character
    fake would be restored over every such digit of the answer; a placeholder is restored exactly."""
    p = ops_policy(PHONE_NUMBER={"type": "synthesize"})
    verdict = await guard.input(p, ["ref 7", "415-555-0132"])
    first = verdict.texts[0] if verdict.texts[0] is not None else "ref 7"
    answer = await guard.output(p, ["I have 2 apples and 22 pears, version 2.0, 9 and 3."], verdict.vault)
    assert answer.texts[0] is None, (first, answer.texts[0])  # nothing in the answer is rewritten
    if first != "ref 7":  # the joint's first digit was redacted: not as a one-digit fake
        assert first.startswith("ref <PHONE_NUMBER_"), first
