"""atk16 tester A MEDIUM-1: a mailbox holding `=` (RFC 5322 allows it: `=` sub-addresses, VERP bounce addresses,
SRS forwarding) kept everything before its last `=`, a person's name, because a key and `=` before an address
(`?email=bob@acme.com`) is left out of the finding. Now only a key's shape is left out: a word, or a dotted key
ending in an address word (`git -c user.email=`)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize("address", [
    "maria.schmidt=sales@example.com",
    "jane.doe=x@example.com",
    "list-bounces+maria.schmidt=acme.com@lists.example.org",
    "SRS0=HHH=TT=example.com=jane.doe@forwarder.example.net",
    "priya.patel=billing@globex.io",
    "news+olivia.taylor=gmail.com@bounce.mailer.com",
])
async def test_a_mailbox_with_equals_signs_is_one_address(analyzer: PiiAnalyzer, address: str) -> None:
    assert await found(analyzer, f"mail {address} please") == {("EMAIL_ADDRESS", address)}


@pytest.mark.parametrize(("text", "value"), [
    ("git -c user.email=bob.ross@acme-corp.com commit", "bob.ross@acme-corp.com"),
    ("export GIT_AUTHOR_EMAIL=jane.doe@example.com", "jane.doe@example.com"),
    ("curl 'https://api.example.com/u?x=1&reply-to=jane.doe@example.com'", "jane.doe@example.com"),
    ("smtp.from=noreply.alerts@example.com in the config", "noreply.alerts@example.com"),
    ("owner=jane.doe@example.com", "jane.doe@example.com"),
])
async def test_a_key_before_an_address_still_stays_out(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    assert await found(analyzer, text) == {("EMAIL_ADDRESS", value)}
