"""mail27 end to end with the official openai SDK (issue 12, atk26 F15): a user's mailbox under a private / AD domain
(`jdoe@corp.local`, `rokafor@corp.internal`) reaches the provider as a placeholder and the client as written
(restored), plain and streamed; the model's own reaches the client as a placeholder; a service account stays."""

from __future__ import annotations

import pytest

from tests.conftest import Mock, Proxy
from tests.support.clients import ask_chat, received


@pytest.mark.parametrize("stream", [False, True])
def test_a_client_mailbox_under_a_private_domain_is_redacted_and_restored(proxy: Proxy, mock: Mock,
                                                                          stream: bool) -> None:
    text = "The mailbox jdoe@corp.local is full; ask mkowalski@fabrikam.lan to notify a.nguyen2@ad.contoso.local."
    got = ask_chat(proxy, text, stream=stream)
    sent = mock.last_body["messages"][0]["content"]
    for address in ("jdoe@corp.local", "mkowalski@fabrikam.lan", "a.nguyen2@ad.contoso.local"):
        assert address not in sent, sent
        assert address in got, got  # the mock echoes the placeholders: each restored
    assert sent.count("<EMAIL_ADDRESS_") == 3, sent


@pytest.mark.parametrize("stream", [False, True])
def test_the_models_mailbox_under_a_private_domain_reaches_the_client_redacted(proxy: Proxy, mock: Mock,
                                                                               stream: bool) -> None:
    mock.script(text="I have notified rokafor@corp.internal about the quota.", chunk_chars=5)
    got = ask_chat(proxy, "Notify the owner.", stream=stream)
    assert "rokafor" not in got and "<EMAIL_ADDRESS_" in got, got


def test_a_service_account_under_a_private_domain_goes_as_sent(proxy: Proxy, mock: Mock) -> None:
    text = "Grant postgres@db01.corp.internal and svc-backup@corp.local read access."
    ask_chat(proxy, text)
    assert text in received(mock)
