"""comma33 end to end through the official SDKs (atk31 F7, F21): a census row's `Surname, Given` after a room number
and a ticket's `escalated by Surname, Given (id)` reach the provider redacted while the user's instruction on the next
line (`Summarize the census.`) goes as written; the model's own `Surname, Given` after a person's cue and a device
named after its owner reach the client redacted, streamed in small chunks. Held-out names (not the report's)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
output:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER]}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def test_census_row_and_ticket_names_go_up_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ("Rm 307  Adeyemi, Jaroslav   MRN 551209  Attending: Dr. Iwasaki\n"
            "Ticket escalated by Mbeki, Tomasz (E0917) on Tuesday.\nSummarize the census.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert [w for w in ("Adeyemi", "Jaroslav", "Mbeki", "Tomasz") if w in sent] == [], sent
    assert "MRN 551209" in sent and "(E0917) on Tuesday." in sent and sent.endswith("\nSummarize the census."), sent


def test_the_models_directory_names_and_device_names_are_redacted_streamed(guarded: Proxy, mock: Mock) -> None:
    answer = ("The change was approved by Mukherjee, Amara (U4410). The crash came from "
              "\"Chidi Mbeki's iPad\" after the update.")
    mock.script(text=answer, chunk_chars=4)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=100,
                                         messages=[{"role": "user", "content": "who approved it?"}]) as s:
        got = "".join(s.text_stream)
    assert [w for w in ("Mukherjee", "Amara", "Chidi", "Mbeki") if w in got] == [], got
    assert "(U4410)" in got and "iPad\" after the update." in got, got
