"""Tagged placeholders (atk13 M2): a request that continues provider-held state numbers its placeholders after a tag
of its own, restores only those, and treats them as every other placeholder (URLs, streams, the client's own)."""

from __future__ import annotations

import asyncio

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.urls import kept_spans, url_spans
from proxy.guard.vault import PLACEHOLDER, Vault, new_tag, placeholder_prefix_at

RESTORE_ONLY = Policy.model_validate({"name": "restore", "input": {"pii": {"restore": True}}})
TAG = "q2mx7kzd"


def test_tagged_numbering_and_restore() -> None:
    vault = Vault(tag=TAG)
    a = vault.placeholder("EMAIL_ADDRESS", "ann@corp.io")
    assert a == f"<EMAIL_ADDRESS_1_{TAG}>"
    assert vault.placeholder("EMAIL_ADDRESS", "ann@corp.io") == a
    assert vault.placeholder("EMAIL_ADDRESS", "ben@corp.io") == f"<EMAIL_ADDRESS_2_{TAG}>"
    assert vault.placeholder("PHONE_NUMBER", "617-555-0143") == f"<PHONE_NUMBER_1_{TAG}>"
    assert PLACEHOLDER.fullmatch(a)
    # An earlier request's placeholders, plain or with another tag: as the model wrote them.
    text = f"{a} / <EMAIL_ADDRESS_1> / <EMAIL_ADDRESS_1_aaaaaaaa> / <PHONE_NUMBER_1_{TAG}>"
    assert vault.restore(text) == "ann@corp.io / <EMAIL_ADDRESS_1> / <EMAIL_ADDRESS_1_aaaaaaaa> / 617-555-0143"
    assert vault.restore(f'{{"to": "{a}", "cc": "<EMAIL_ADDRESS_2>"}}', in_json=True) == \
        '{"to": "ann@corp.io", "cc": "<EMAIL_ADDRESS_2>"}'
    assert vault.protected_spans(f"x {a} <EMAIL_ADDRESS_1>") == [(2, 2 + len(a))]


def test_untagged_vault_is_unchanged() -> None:
    vault = Vault()
    assert vault.placeholder("EMAIL_ADDRESS", "ann@corp.io") == "<EMAIL_ADDRESS_1>"
    assert vault.restore(f"<EMAIL_ADDRESS_1> <EMAIL_ADDRESS_1_{TAG}>") == f"ann@corp.io <EMAIL_ADDRESS_1_{TAG}>"


def test_new_tags_are_of_the_shape_and_differ() -> None:
    tags = {new_tag() for _ in range(200)}
    assert len(tags) == 200
    for tag in tags:
        assert PLACEHOLDER.fullmatch(f"<EMAIL_ADDRESS_1_{tag}>"), tag
    # Never read as a plain placeholder with the tag taken for part of its type.
    assert PLACEHOLDER.fullmatch(f"<EMAIL_ADDRESS_1_{TAG}>").group(1) == "EMAIL_ADDRESS"  # type: ignore[union-attr]


def test_a_client_written_tagged_placeholder_is_never_a_values() -> None:
    vault = Vault(tag=TAG)
    vault.reserve_written([f"my log says <EMAIL_ADDRESS_1_{TAG}>"])
    assert vault.placeholder("EMAIL_ADDRESS", "ann@corp.io") == f"<EMAIL_ADDRESS_2_{TAG}>"
    assert vault.restore(f"<EMAIL_ADDRESS_1_{TAG}>") == f"<EMAIL_ADDRESS_1_{TAG}>"


def test_tagged_placeholder_in_a_model_url_stays() -> None:
    vault = Vault(tag=TAG)
    a = vault.placeholder("EMAIL_ADDRESS", "ann@corp.io")
    text = f"![x](https://collector.example/p.png?u={a}) and {a}"
    url = f"https://collector.example/p.png?u={a}"
    assert any(text[start:end].startswith(url) for start, end, _ in url_spans(text))
    assert vault.restore(text) == f"![x](https://collector.example/p.png?u={a}) and ann@corp.io"


def test_stream_holds_a_tagged_prefix_and_restores_it_whole() -> None:
    vault = Vault(tag=TAG)
    a = vault.placeholder("EMAIL_ADDRESS", "ann@corp.io")
    assert placeholder_prefix_at(f"to {a[:17]}", vault) == 3  # `<EMAIL_ADDRESS_1_` may still become it
    assert placeholder_prefix_at("to <EMAIL_ADDRESS_1>", vault) == len("to <EMAIL_ADDRESS_1>")
    windows = Guard().output_stream(RESTORE_ONLY, vault)
    text = f"Mail {a} or <EMAIL_ADDRESS_1> now."
    out = "".join(asyncio.run(windows.feed("c", text[i:i + 3], False)) for i in range(0, len(text), 3))
    out += asyncio.run(windows.end("c"))
    assert out == "Mail ann@corp.io or <EMAIL_ADDRESS_1> now."


def test_a_tagged_placeholder_is_no_html_tag() -> None:
    """`<EMAIL_ADDRESS_1_q2mx7kzd>` opens no HTML tag (it would keep itself and what follows from restore); inside a
    real tag's attribute it stays as written, as a plain placeholder does."""
    vault = Vault(tag=TAG)
    a = vault.placeholder("EMAIL_ADDRESS", "ann@corp.io")
    assert kept_spans(f"{a} / <EMAIL_ADDRESS_1> and more") == []
    assert vault.restore(f"Hi {a}, <b>{a}</b>") == "Hi ann@corp.io, <b>ann@corp.io</b>"
    assert vault.restore(f'<input value="{a}"> {a}') == f'<input value="{a}"> ann@corp.io'
