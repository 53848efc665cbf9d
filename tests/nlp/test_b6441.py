"""b6441 (atk41 F06): short base64 values in the shapes where base64 is the standard encoding of a value (an LDIF
`attr:: `, a Kubernetes Secret's `data:`, a short MIME body, a literal decoded in code or SQL, an XML element that
says base64, an HTTP header / YAML line, a CSV cell) are decoded, redacted and re-encoded. Values are not the report's;
the look-alikes (binary, tokens, passwords, hashes, JWTs, UUIDs, plain words) go as sent."""

from __future__ import annotations

import base64

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def b(s: str | bytes) -> str:
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


MAIL = "li.wei.chen@fastmail.fm"
PHONE = "+33612345678"
CASES = [
    (f"dn: uid=lchen,ou=staff,dc=corp,dc=example\nobjectClass: person\nmail:: {b(MAIL)}\n", MAIL),
    (f"dn: cn=x,dc=example\ncn:: {b('Søren Kierkegaard-Lund')}\ngivenName: Soren\n", "Kierkegaard"),
    (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: owner\ntype: Opaque\ndata:\n  contact: {b(MAIL)}\n", MAIL),
    (f"apiVersion: v1\nkind: Secret\ndata:\n  mobile: {b(PHONE)}\n  user: {b('admin')}\n", "612345678"),
    (f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{b('Ring me: ' + PHONE)}\n",
     "612345678"),
    (f"SELECT id FROM users WHERE mail = FROM_BASE64('{b(MAIL)}');", MAIL),
    (f"import base64\nprint(base64.b64decode('{b(MAIL)}').decode())", MAIL),
    (f"const who = atob(`{b(MAIL)}`);", MAIL),
    (f'const who = Buffer.from("{b(MAIL)}", "base64").toString();', MAIL),
    (f'<owner encoding="base64">{b(MAIL)}</owner>', MAIL),
    (f"GET /api HTTP/1.1\nHost: api.example\nX-Forwarded-User: {b(MAIL)}\n", MAIL),
    (f"id;owner;plan\n7;{b(MAIL)};pro\n", MAIL),
]


@pytest.mark.parametrize(("text", "needle"), CASES)
async def test_short_base64_in_its_shapes(guard: Guard, text: str, needle: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert sent != text
    runs = [w for w in sent.replace("(", " ").replace(")", " ").replace("'", " ").replace('"', " ").replace("`", " ")
            .replace(";", " ").replace(">", " ").replace("<", " ").split() if len(w) >= 8]
    decoded = b" ".join(base64.b64decode(w + "=" * (-len(w) % 4)) for w in runs
                        if all(c.isalnum() or c in "+/=" for c in w) and len(w.rstrip("=")) % 4 != 1)
    assert needle.encode() not in decoded and needle not in sent


LOOK_ALIKES = [
    f"dn: cn=logo,dc=example\njpegPhoto:: {b(bytes(range(0, 40)))}\n",
    f"apiVersion: v1\nkind: Secret\ndata:\n  password: {b('Tr0ub4dor&3xyz')}\n  token: {b(bytes(range(90, 130)))}\n",
    f"apiVersion: v1\nkind: Secret\ndata:\n  role: {b('admin')}\n  db: {b('postgres')}\n",
    f"data = base64.b64decode('{b(bytes(range(200, 240)))}')",
    "commit: 9779cf60d0e9b1f4c2a3e5d6f7a8b9c0d1e2f3a4", "id,sha\n1,9779cf60d0e9b1f4c2a3e5d6f7a8b9c0\n",
    "x-request-id: 3f2a9c1e-7b4d-4e8a-9f01-2c3d4e5f6a7b",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MjQyIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r",
    "std::cout << value;\nFoo::BarBaz\n", "X-Backend: nginxIngressController\nX-Cache: MISS\n",
    "name,value\nthroughput,1234567890123456\nlatency,12\n", "image: registry/app:v1.2.3\nreplicas: 3\n",
    "api_key: AKIAIOSFODNN7EXAMPLE\n", "checksum: d41d8cd98f00b204e9800998ecf8427e\n",
    "atob is the browser's base64 decoder; int64 and x86_64 are types.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text
