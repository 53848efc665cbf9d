"""Secrets check quality: recall on real-format fake secrets, false positives on ordinary code.

    .venv/bin/python bench/secrets_quality.py [--seed 7] [--show]

Secrets: random values in each provider's published format (none is a live credential), each put in a
sentence or a line of code. Code: 240 ordinary snippets in Python, JavaScript, SQL, shell, YAML and
Go, with the things that look random in real code (sha256 digests, UUIDs, base64 test data, IPs,
version strings, URLs without credentials, `password = get_password()`). A snippet with any finding
is a false positive; a secret is found when a finding covers it. Prints per-kind recall.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import string
import sys
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proxy.nlp.secrets import find_secrets  # noqa: E402

A = string.ascii_letters + string.digits


def _r(rng: random.Random, n: int, chars: str = A) -> str:
    return "".join(rng.choice(chars) for _ in range(n))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def secrets(rng: random.Random) -> list[tuple[str, str]]:
    up = string.ascii_uppercase + string.digits
    hexd = "0123456789abcdef"
    jwt = ".".join([_b64url(b'{"alg":"HS256","typ":"JWT"}'),
                    _b64url(json.dumps({"sub": _r(rng, 8), "iat": rng.randrange(10**9)}).encode()),
                    _b64url(rng.randbytes(32))])
    pem_body = "\n".join(base64.b64encode(rng.randbytes(48)).decode() for _ in range(4))
    return [
        ("aws access key", "AKIA" + _r(rng, 16, up)),
        ("aws secret (with its key id)", f"aws_access_key_id=AKIA{_r(rng, 16, up)}"),
        ("github token", "ghp_" + _r(rng, 36)),
        ("github fine-grained", "github_pat_" + _r(rng, 22) + "_" + _r(rng, 59)),
        ("gitlab token", "glpat-" + _r(rng, 20, A + "-_")),
        ("slack bot token", f"xoxb-{rng.randrange(10**11, 10**12)}-{rng.randrange(10**11, 10**12)}-{_r(rng, 24)}"),
        ("slack webhook", f"https://hooks.slack.com/services/T{_r(rng, 8, up)}/B{_r(rng, 8, up)}/{_r(rng, 24)}"),
        ("stripe live key", "sk_live_" + _r(rng, 24)),
        ("stripe restricted key", "rk_live_" + _r(rng, 24)),
        ("openai key", "sk-" + _r(rng, 20) + "T3BlbkFJ" + _r(rng, 20)),
        ("sendgrid key", "SG." + _r(rng, 22, A + "-_") + "." + _r(rng, 43, A + "-_")),
        ("twilio key", "SK" + _r(rng, 32, hexd)),
        ("npm token", "npm_" + _r(rng, 36)),
        ("pypi token", "pypi-AgEIcHlwaS5vcmc" + _r(rng, 70, A + "-_")),
        ("mailchimp key", _r(rng, 32, hexd) + "-us" + str(rng.randrange(1, 20))),
        ("discord bot token", rng.choice("MNO") + _r(rng, 23) + "." + _r(rng, 6) + "." + _r(rng, 27)),
        ("telegram bot token", f"{rng.randrange(10**8, 10**9)}:AA{_r(rng, 33, A + '-_')}"),
        ("azure storage key", "AccountKey=" + base64.b64encode(rng.randbytes(64)).decode()),
        ("jwt", jwt),
        ("rsa private key", f"-----BEGIN RSA PRIVATE KEY-----\n{pem_body}\n-----END RSA PRIVATE KEY-----"),
        ("openssh private key", f"-----BEGIN OPENSSH PRIVATE KEY-----\n{pem_body}\n-----END OPENSSH PRIVATE KEY-----"),
        ("ec private key", f"-----BEGIN EC PRIVATE KEY-----\n{pem_body}\n-----END EC PRIVATE KEY-----"),
        ("postgres url with password", f"postgresql://app:{_r(rng, 14)}@db.internal:5432/orders"),
        ("mysql url with password", f"mysql://root:{_r(rng, 12)}@10.0.0.5:3306/shop"),
        ("mongodb url with password", f"mongodb+srv://svc:{_r(rng, 16)}@cluster0.abcde.mongodb.net/prod"),
        ("redis url with password", f"redis://default:{_r(rng, 20)}@cache.internal:6379/0"),
        ("amqp url with password", f"amqp://guest:{_r(rng, 10)}@mq.internal:5672/"),
        ("artifactory key", "AKC" + _r(rng, 70)),
    ]


CONTEXTS = ["Here is my key {s} can you check why it fails?", "export TOKEN={s}", 'config = {{"key": "{s}"}}',
            "{s}"]


def code_snippets(rng: random.Random, n: int = 240) -> list[str]:
    words = ["user", "order", "invoice", "cart", "item", "price", "total", "count", "name", "value", "result"]
    tpl = [
        lambda: f"def get_{rng.choice(words)}(id: int) -> dict:\n    return db.fetch('{rng.choice(words)}', id)",
        lambda: f"const {rng.choice(words)} = await fetch(`/api/{rng.choice(words)}/${{id}}`);",
        lambda: f"SELECT id, {rng.choice(words)} FROM {rng.choice(words)}s "
                f"WHERE created_at > NOW() - INTERVAL '7 days';",
        lambda: f"checksum = \"{hashlib.sha256(rng.randbytes(8)).hexdigest()}\"  # sha256 of the release tarball",
        lambda: f"request_id = \"{uuid.UUID(int=rng.getrandbits(128))}\"",
        lambda: f"PNG_HEADER = base64.b64decode(\"{base64.b64encode(rng.randbytes(24)).decode()}\")",
        lambda: f"server: {{host: {rng.randrange(1, 255)}.{rng.randrange(255)}.{rng.randrange(255)}."
                f"{rng.randrange(255)}, "
                f"port: {rng.randrange(1024, 65535)}}}",
        lambda: f"version = \"{rng.randrange(10)}.{rng.randrange(30)}.{rng.randrange(100)}\"",
        lambda: f"DATABASE_URL = os.environ['DATABASE_URL']  # postgresql://{rng.choice(words)}@localhost/dev",
        lambda: "password = get_password(user)\nif not check_password(password, stored_hash):\n    raise AuthError()",
        lambda: f"git checkout {hashlib.sha1(rng.randbytes(8)).hexdigest()}",
        lambda: f"curl -s https://api.example.com/v1/{rng.choice(words)}s?page={rng.randrange(9)} | jq .",
        lambda: f"for (let i = 0; i < {rng.choice(words)}s.length; i++) {{ sum += {rng.choice(words)}s[i].price; }}",
        lambda: f"func {rng.choice(words).title()}(ctx context.Context) error {{ return nil }}",
        lambda: f"  - name: {rng.choice(words)}\n    image: nginx:1.{rng.randrange(27)}\n"
                f"    replicas: {rng.randrange(5)}",
        lambda: f"api_key = os.getenv(\"{rng.choice(words).upper()}_API_KEY\")",
        lambda: "token = request.headers.get('Authorization', '').removeprefix('Bearer ')",
        lambda: f"assert {rng.choice(words)}.total == Decimal('{rng.randrange(1000)}.{rng.randrange(100):02d}')",
        lambda: f"color: #{rng.randrange(16**6):06x}; margin: {rng.randrange(40)}px;",
        lambda: f"log.info(\"processed %d {rng.choice(words)}s in %.2f s\", n, elapsed)",
        lambda: f"image_digest: sha256:{hashlib.sha256(rng.randbytes(8)).hexdigest()}",
        lambda: f"ssh-keygen -t ed25519 -C \"{rng.choice(words)}@example.com\"",
        lambda: "with open(path, 'rb') as f:\n    data = f.read()\nprint(len(data))",
        lambda: f"// TODO: rotate the secret stored in vault at secret/{rng.choice(words)}/prod",
    ]
    return [rng.choice(tpl)() for _ in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=5, help="fresh random values per kind and context")
    ap.add_argument("--show", action="store_true", help="print the snippets that were flagged")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for _ in range(args.rounds):
        for kind, value in secrets(rng):
            for ctx in CONTEXTS:
                text = ctx.format(s=value)
                at = text.index(value)
                # found: the findings together cover the secret's distinctive part (all of it but the prefix label)
                core = (at + value.index("=") + 1) if value.startswith(("AccountKey=", "aws_access_key_id=")) else at
                spans = find_secrets(text)
                covered = any(s <= core and e >= at + len(value) - 2 for _, s, e in spans) or (
                    "url" in kind and any(text[s:e] and s >= at and e <= at + len(value) for _, s, e in spans))
                total[kind] += 1
                hits[kind] += covered
    snippets = code_snippets(rng)
    flagged = [(s, find_secrets(s)) for s in snippets]
    fps = [(s, f) for s, f in flagged if f]
    print(f"{'kind':<30} found")
    for kind in total:
        print(f"{kind:<30} {hits[kind]}/{total[kind]}")
    n, h = sum(total.values()), sum(hits.values())
    print(f"\nrecall: {h}/{n} = {h / n:.1%} ({len(total)} kinds x {len(CONTEXTS)} contexts x {args.rounds} rounds)")
    print(f"false positives: {len(fps)}/{len(snippets)} ordinary code snippets = {len(fps) / len(snippets):.1%}")
    if args.show:
        for s, f in fps:
            print("---", [k for k, _, _ in f], "\n" + s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
