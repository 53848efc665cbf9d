"""The `guardrail-proxy` command: serve, check, keys, audit, mock-upstream, demo.

Each command imports only what it needs, so `check` or `keys create` start in a blink.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path


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
    from aiohttp import web

    from proxy.app import create_app

    host = args.host or settings.proxy.listen.host
    port = args.port or settings.proxy.listen.port
    _install_uvloop()
    app = create_app(settings)
    app.on_startup.append(_freeze_heap)
    mode = "teams" if settings.teams is not None else "single-tenant"
    logging.getLogger("guardrail").info("guardrail-proxy listening on http://%s:%s (%s mode)", host, port, mode)
    web.run_app(app, host=host, port=port, access_log=None, print=None, handler_cancellation=False)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = _load(args.config)
    if settings is None:
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


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from proxy.audit import verify

    try:
        result = verify(args.file)
    except OSError as exc:
        print(f"{args.file}: cannot read: {exc.strerror}", file=sys.stderr)
        return 2
    if result.ok:
        print(f"ok: {result.records} records, hash chain intact")
        return 0
    print(f"{args.file}:{result.line}: {result.reason}", file=sys.stderr)
    return 1


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
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("check", help="validate proxy.yaml, teams.yaml and the files they name; exit 1 on errors")
    p.add_argument("--config")
    p.set_defaults(func=cmd_check)

    keys = sub.add_parser("keys", help="team API keys").add_subparsers(dest="keys_command", required=True)
    p = keys.add_parser("create", help="print a new key once, and the line to add to teams.yaml")
    p.add_argument("--team", required=True)
    p.set_defaults(func=cmd_keys_create)

    audit = sub.add_parser("audit", help="decision log tools").add_subparsers(dest="audit_command", required=True)
    p = audit.add_parser("verify", help="check the hash chain; exit 1 naming the first broken line")
    p.add_argument("file")
    p.set_defaults(func=cmd_audit_verify)

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
    from proxy.cli import report as cli_report

    cli_budget.register(sub)
    cli_guard.register(sub)
    cli_report.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
