"""proxy.guard.rewrite: `redact` findings become placeholders, originals go back in (escaped in JSON texts)."""

from __future__ import annotations

import json

from proxy.guard.checks.base import Finding
from proxy.guard.engine import Guard
from proxy.guard.rewrite import apply_findings
from proxy.guard.vault import Vault
from tests.guard.conftest import TICKET, TICKET_IN, policy

PHONE_TEXT = "call 212-555-0142 or mail a@b.io"


def test_each_redact_finding_becomes_its_placeholder() -> None:
    vault = Vault()
    found = [Finding("pii", "PHONE_NUMBER", "redact", 5, 17), Finding("pii", "EMAIL_ADDRESS", "redact", 26, 32)]
    assert apply_findings(PHONE_TEXT, found, vault) == "call <PHONE_NUMBER_1> or mail <EMAIL_ADDRESS_1>"
    assert vault.original("<PHONE_NUMBER_1>") == "212-555-0142"
    assert vault.original("<EMAIL_ADDRESS_1>") == "a@b.io"
    assert vault.counts() == {"PHONE_NUMBER": 1, "EMAIL_ADDRESS": 1}


def test_other_actions_and_whole_text_findings_change_nothing() -> None:
    vault = Vault()
    found = [Finding("pii", "PHONE_NUMBER", "flag", 5, 17), Finding("patterns", "mail", "block", 26, 32),
             Finding("toxicity", "toxicity", "redact", 0, 0)]  # a score: start == end, no span to replace
    assert apply_findings(PHONE_TEXT, found, vault) == PHONE_TEXT
    assert len(vault) == 0


def test_the_same_value_gets_the_same_placeholder() -> None:
    vault = Vault()
    text = "a@b.io, c@d.io and a@b.io"
    found = [Finding("pii", "EMAIL_ADDRESS", "redact", 0, 6), Finding("pii", "EMAIL_ADDRESS", "redact", 8, 14),
             Finding("pii", "EMAIL_ADDRESS", "redact", 19, 25)]
    assert apply_findings(text, found, vault) == "<EMAIL_ADDRESS_1>, <EMAIL_ADDRESS_2> and <EMAIL_ADDRESS_1>"
    assert apply_findings("again a@b.io", [Finding("pii", "EMAIL_ADDRESS", "redact", 6, 12)], vault) \
        == "again <EMAIL_ADDRESS_1>"  # the vault lives for the whole request


def test_overlaps_become_one_placeholder_over_their_union_typed_by_the_first() -> None:
    text = "card 4111 1111 1111 1111 end"
    inside = Finding("patterns", "card-digits", "redact", 5, 9)
    card = Finding("pii", "CREDIT_CARD", "redact", 5, 24)
    vault = Vault()
    assert apply_findings(text, [inside, card], vault) == "card <CREDIT_CARD_1> end"  # same start: the longer first
    assert vault.original("<CREDIT_CARD_1>") == "4111 1111 1111 1111"
    earlier = Finding("patterns", "card-digits", "redact", 3, 9)
    vault = Vault()
    assert apply_findings(text, [card, earlier], vault) == "car<CARD_DIGITS_1> end"  # a pattern: its name, upper case
    assert vault.original("<CARD_DIGITS_1>") == "d 4111 1111 1111 1111"


def test_restore_puts_originals_back_around_the_new_placeholders() -> None:
    request = Vault()
    mine = request.placeholder("PERSON", "Jane Roe")
    text = f"Dear {mine}, call 212-555-0199. Bye {mine}"
    start = text.index("212")
    out = apply_findings(text, [Finding("pii", "PHONE_NUMBER", "redact", start, start + 12)], request, request)
    assert out == "Dear Jane Roe, call <PHONE_NUMBER_1>. Bye Jane Roe"
    assert apply_findings(f"just {mine}", [], request, request) == "just Jane Roe"
    assert apply_findings(f"just {mine}", [], request) == f"just {mine}"  # no restore: placeholders stay


def test_in_json_values_are_stored_decoded_and_restored_escaped() -> None:
    vault = Vault()
    doc = json.dumps({"note": 'say "hi"\n'})  # {"note": "say \"hi\"\n"}
    start, end = doc.index("say"), doc.rindex('"')
    out = apply_findings(doc, [Finding("patterns", "note", "redact", start, end)], vault, in_json=True)
    assert out == '{"note": "<NOTE_1>"}'
    assert vault.original("<NOTE_1>") == 'say "hi"\n'  # decoded: escaped exactly once wherever it goes back
    assert json.loads(apply_findings(out, [], Vault(), vault, in_json=True)) == {"note": 'say "hi"\n'}
    assert apply_findings("<NOTE_1>", [], Vault(), vault) == 'say "hi"\n'  # plain text: as sent


async def test_values_redacted_from_json_texts_are_stored_decoded(guard: Guard) -> None:
    p = policy(input=TICKET_IN)
    history = json.dumps({"ref": TICKET})  # an earlier tool call's arguments: the value JSON-escaped
    v = await guard.input(p, [f"about {TICKET}", history], None, json_texts=[False, True])
    assert v.texts == ["about <TICKET_1>", '{"ref": "<TICKET_1>"}']  # one value, one placeholder
    out = await guard.output(p, ["<TICKET_1>", '{"ref": "<TICKET_1>"}'], v.vault, json_texts=[False, True])
    assert out.texts[0] == TICKET  # not the escaped form
    assert out.texts[1] is not None and json.loads(out.texts[1]) == {"ref": TICKET}  # escaped once, not twice
