"""The `guardrail-proxy` command: serve, check, keys, audit, mock-upstream, demo.

Each command imports only what it needs, so `check` or `keys create` start in a blink.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.audit.keys import AuditKey


def _setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _load(config: str | None):  # type: ignore[no-untyped-def]
    from proxy.config.settings import ConfigErrors, load_settings

    try:
        return load_settings(Path(config) if config else None)
    except ConfigErrors as exc:
        print(str(exc), file=sys.stderr)
        return None


def _install_uvloop() -> None:
    try:
        import uvloop
    except ImportError:
        return
    uvloop.install()


async def _freeze_heap(app: object) -> None:
    """Once started: move what exists (config, routes, loaded models) out of the garbage collector's
    view, and collect the young generation less often. Requests allocate many short-lived objects;
    without this every full collection walks the models' millions of objects (latency spikes)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_logging(args.log_level)
    settings = _load(args.config)
    if settings is None:
        return 2
    import asyncio

    from proxy.app import create_app
    from proxy.edge.server import serve

    host = args.host or settings.proxy.listen.host
    port = args.port or settings.proxy.listen.port
    _install_uvloop()
    if args.workers > 1:
        return _supervise(args, settings, host, port)
    app = create_app(settings)
    app.on_startup.append(_freeze_heap)
    mode = "teams" if settings.teams is not None else "single-tenant"
    logger = logging.getLogger("guardrail")
    logger.info("guardrail-proxy starting (%s mode)", mode)
    server = settings.proxy.server
    from proxy.audit import AuditKeyError, DecisionLogError

    def started() -> None:  # the socket is bound, startup is done
        logger.info("guardrail-proxy listening on http://%s:%s (%s mode)", host, port, mode)

    try:
        asyncio.run(serve(app, host, port, max_connections=server.max_connections, drain_s=server.drain_s,
                          on_started=started, reuse_port=args.reuse_port))
    except (DecisionLogError, AuditKeyError) as exc:  # the decision log cannot open: say why, no traceback
        print(f"guardrail-proxy: {exc}", file=sys.stderr)
        return 2
    return 0


def _supervise(args: argparse.Namespace, settings, host: str, port: int) -> int:  # type: ignore[no-untyped-def]
    """`serve --workers N` (N > 1): see `proxy.edge.workers`."""
    import asyncio

    from proxy.edge.workers import supervise

    if settings.proxy.decision_log.path == "-":
        print("guardrail-proxy: --workers > 1 needs a decision_log.path file (one chain per HTTP worker); "
              "'-' (stdout) would interleave their chains", file=sys.stderr)
        return 2
    argv = ["serve", "--host", host, "--port", str(port), "--log-level", args.log_level]
    if args.config:
        argv += ["--config", args.config]
    return asyncio.run(supervise(settings, argv, args.workers))


def cmd_check(args: argparse.Namespace) -> int:
    settings = _load(args.config)
    if settings is None:
        return 1
    from proxy.audit import AuditKeyError
    from proxy.audit.keys import load_key

    cfg = settings.proxy.decision_log
    try:  # the decision log's key, as `serve` reads it (length, both sources agreeing, the file readable)
        load_key(settings.resolve(cfg.key_file) if cfg.key_file else None, os.environ)
    except AuditKeyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    mode = f"{len(settings.teams.teams)} teams" if settings.teams is not None else "single-tenant mode"
    where = settings.config_path or "defaults (no proxy.yaml)"
    print(f"ok: {where}; {mode}")
    return 0


def cmd_keys_create(args: argparse.Namespace) -> int:
    from proxy.config.keys import generate_key, hash_key

    key = generate_key()
    print(f"API key for team {args.team} (shown once; give it to the team, keep it secret):")
    print(f"  {key}")
    print("Add its hash to teams.yaml:")
    print(f"  teams:\n    {args.team}:\n      keys: [\"{hash_key(key)}\"]")
    return 0


def _audit_keys(key_files: list[str] | None) -> list[AuditKey]:
    """The keys to check MACs with: each --key-file, and $GUARDRAIL_AUDIT_KEY when set."""
    from proxy.audit import load_key
    from proxy.audit.keys import read_key_file

    keys: list[AuditKey] = [read_key_file(Path(f)) for f in key_files or []]
    env_key = load_key(None, os.environ)
    if env_key is not None and all(k.key_id != env_key.key_id for k in keys):
        keys.append(env_key)
    return keys


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from proxy.audit import AuditKeyError, verify_all

    try:
        keys = _audit_keys(args.key_file)
    except AuditKeyError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    missing = [f for f in args.paths if not os.path.exists(f)]
    if missing:
        print(f"{missing[0]}: cannot read: no such file or folder", file=sys.stderr)
        return 2
    results = verify_all(args.paths, keys=keys, public_key=args.public_key, partial=args.partial,
                         no_head=args.no_head, allow_unkeyed=args.allow_unkeyed)
    if not results:
        print("no decision log (*.jsonl) found", file=sys.stderr)
        return 2
    for r in results:
        files = f" ({len(r.files)} files)" if len(r.files) > 1 else ""
        span = f", seq {r.first_seq}-{r.last_seq}" if r.first_seq is not None and r.records else ""
        for finding in r.findings:
            where = f"{finding.file}:{finding.line}" if finding.line is not None else finding.file
            print(f"{where}: {finding.message}", file=sys.stderr)
        problems = len(r.findings)
        status = "ok" if r.ok else f"FAILED ({problems} problem{'s' if problems != 1 else ''})"
        print(f"{r.chain}{files}: {status}: {r.records} records{span}" + (", hash chain intact" if r.ok else ""))
        print(f"  {r.auth}")
        if r.head:
            print(f"  head anchor: {r.head}")
        for note in r.notes:
            print(f"  note: {note}")
    return 0 if all(r.ok for r in results) else 1


def cmd_audit_keygen(args: argparse.Namespace) -> int:
    from proxy.audit.keys import AuditKey, generate_key

    key = generate_key()
    print("A new decision log key (shown once; keep it secret, and keep a copy where auditors can get it):")
    print(f"  {key}")
    print("Write it to a file only the proxy can read (chmod 600) named by proxy.yaml's decision_log.key_file,")
    print("or set GUARDRAIL_AUDIT_KEY. Its public key, for auditors without the secret:")
    print(f"  {AuditKey(key.encode(), 'new key').public_key}")
    return 0


def cmd_audit_pubkey(args: argparse.Namespace) -> int:
    from proxy.audit import AuditKeyError

    try:
        keys = _audit_keys([args.key_file] if args.key_file else None)
    except AuditKeyError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not keys:
        print("no key: give --key-file or set GUARDRAIL_AUDIT_KEY", file=sys.stderr)
        return 2
    print(f"key id {keys[0].key_id}; public key (audit verify --public-key): {keys[0].public_key}")
    return 0


def cmd_mock_upstream(args: argparse.Namespace) -> int:
    from proxy.mock.server import run_mock_upstream

    run_mock_upstream(args.host, args.port, latency_ms=args.latency_ms)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from proxy.cli.demo import run_demo

    _setup_logging("WARNING")
    return run_demo(host=args.host, port=args.port, mock_port=args.mock_port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guardrail-proxy", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the proxy")
    p.add_argument("--config", help="proxy.yaml (default: $GUARDRAIL_CONFIG, else ./proxy.yaml if present)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--log-level", default=os.environ.get("GUARDRAIL_LOG_LEVEL", "INFO"))
    p.add_argument("--workers", type=int, default=int(os.environ.get("GUARDRAIL_WORKERS", "1")),
                   help="HTTP worker processes on the port (SO_REUSEPORT), sharing one pool of guard "
                        "workers (default 1: one process, no supervisor)")
    p.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)  # set for each HTTP worker
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("check", help="validate proxy.yaml, teams.yaml and the files they name; exit 1 on errors")
    p.add_argument("--config")
    p.set_defaults(func=cmd_check)

    keys = sub.add_parser("keys", help="team API keys").add_subparsers(dest="keys_command", required=True)
    p = keys.add_parser("create", help="print a new key once, and the line to add to teams.yaml")
    p.add_argument("--team", required=True)
    p.set_defaults(func=cmd_keys_create)

    audit = sub.add_parser("audit", help="decision log tools").add_subparsers(dest="audit_command", required=True)
    p = audit.add_parser("verify", help="check the chain, its MACs and head anchor; exit 1 naming every broken "
                                        "line and gap")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a log file, several, or a folder of them (rotated files)")
    p.add_argument("--key-file", action="append", help="the key (else $GUARDRAIL_AUDIT_KEY); repeat for old keys")
    p.add_argument("--public-key", help="check the head anchor's signature (`audit pubkey`), without the key")
    p.add_argument("--partial", action="store_true", help="the earliest files are archived: start where the files do")
    p.add_argument("--no-head", action="store_true", help="no head anchor to check (a stream captured from stdout)")
    p.add_argument("--allow-unkeyed", action="store_true",
                   help="with --key-file or --public-key: accept a chain with no key at all (a log from before the "
                        "key), reported as not authenticated")
    p.set_defaults(func=cmd_audit_verify)
    p = audit.add_parser("keygen", help="print a new decision log key, and its public key")
    p.set_defaults(func=cmd_audit_keygen)
    p = audit.add_parser("pubkey", help="print the public key of the decision log key, for auditors")
    p.add_argument("--key-file", help="the key (else $GUARDRAIL_AUDIT_KEY)")
    p.set_defaults(func=cmd_audit_pubkey)

    p = sub.add_parser("mock-upstream", help="a mock OpenAI + Anthropic provider for demos and tests")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=9090)
    p.add_argument("--latency-ms", type=float, default=0.0)
    p.set_defaults(func=cmd_mock_upstream)

    p = sub.add_parser("demo", help="start a mock provider and the proxy in front of it, and show how to call it")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--mock-port", type=int, default=9090)
    p.set_defaults(func=cmd_demo)

    from proxy.cli import budget as cli_budget
    from proxy.cli import guard as cli_guard
    from proxy.cli import policy_tests as cli_policy_tests
    from proxy.cli import report as cli_report

    cli_budget.register(sub)
    cli_guard.register(sub)
    cli_policy_tests.register(sub)
    cli_report.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
