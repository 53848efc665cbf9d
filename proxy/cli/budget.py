"""`guardrail-proxy budget status` and `budget export`: spend reports for finance, from the store.

    guardrail-proxy budget status [--config proxy.yaml] [--team NAME ...] [--json]
    guardrail-proxy budget export --from 2026-11-01 --to 2026-11-30 [--config proxy.yaml] [-o FILE]

Both read proxy.yaml (store URL, data_dir) and budgets.yaml (caps, time zone) the way `serve` does.
With `store.url: embedded` they share the running proxy's embedded server, or start one on its data.
Exit codes: 0 ok, 1 the store is unreachable, 2 a configuration or argument error.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from proxy.budget.ledger import Budgets
from proxy.budget.results import StoreUnavailable, UsageRow, WindowStatus
from proxy.budget.windows import format_usd

T = TypeVar("T")
EXPORT_COLUMNS = ("team", "day", "model", "input_tokens", "output_tokens", "cost_usd", "scope")


def register(subparsers: Any) -> None:
    """Add `budget status` and `budget export` to the `guardrail-proxy` parser's subcommands."""
    budget = subparsers.add_parser("budget", help="team spend: status per window, CSV export for chargeback")
    sub = budget.add_subparsers(dest="budget_command", required=True)

    p = sub.add_parser("status", help="spent, cap, remaining per team, scope and window, and the month-end "
                       "projection")
    p.add_argument("--config", help="proxy.yaml (default: $GUARDRAIL_CONFIG, else ./proxy.yaml if present)")
    p.add_argument("--team", action="append", metavar="NAME", help="only this team (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("export", help="CSV of spend per team, day and model, then per scope (model glob, key id, "
                       "hashed end user; days in the budgets time zone)")
    p.add_argument("--config", help="proxy.yaml (default: $GUARDRAIL_CONFIG, else ./proxy.yaml if present)")
    p.add_argument("--from", dest="date_from", required=True, type=_iso_date, metavar="DATE",
                   help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, type=_iso_date, metavar="DATE",
                   help="last day (included), YYYY-MM-DD")
    p.add_argument("-o", "--output", metavar="FILE", help="write to this file (default: stdout)")
    p.set_defaults(func=cmd_export)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got '{text[:20]}'") from None


# --------------------------------------------------------------------------------------- commands


def cmd_status(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    if settings is None:
        return 2
    config = getattr(settings, "budgets", None)

    async def run(budgets: Budgets) -> list[WindowStatus]:
        teams = args.team or _teams(settings, config, await budgets.known_teams())
        return await budgets.status(config, teams)

    rows = _with_store(settings, run)
    if rows is None:
        return 1
    notes = scope_notes(config, {r.team for r in rows})
    if args.json:
        print(json.dumps({"timezone": config.timezone if config else "UTC",
                          "windows": [r.as_dict() for r in rows], "notes": notes}, indent=2))
    else:
        print("\n".join([format_status(rows), *notes]))
    return 0


def scope_notes(config: Any, teams: set[str]) -> list[str]:
    """What the scopes do not limit: said in `status` and `/admin/budgets`."""
    if config is None:
        return []
    notes = []
    for team in sorted(teams):
        budget = config.for_team(team)
        if budget.per_end_user is not None:
            notes.append(f"team {team}: requests without an end user (user, safety_identifier, metadata.user_id, "
                         "x-guardrail-end-user) are not limited by per_end_user")
        if budget.per_key is not None:
            notes.append(f"team {team}: per_key applies to team keys (teams.yaml); single-tenant requests have none")
        if config.mode_for(budget) == "warn":
            notes.append(f"team {team}: mode warn: nothing is refused; records say would_block")
    return notes


def cmd_export(args: argparse.Namespace) -> int:
    if args.date_from > args.date_to:
        print("budget export: --from is after --to", file=sys.stderr)
        return 2
    settings = _settings(args.config)
    if settings is None:
        return 2

    async def run(budgets: Budgets) -> list[UsageRow]:
        return await budgets.export(args.date_from, args.date_to)

    rows = _with_store(settings, run)
    if rows is None:
        return 1
    if args.output:
        with open(args.output, "w", newline="", encoding="utf-8") as out:
            write_csv(rows, out)
        print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    else:
        write_csv(rows, sys.stdout)
    return 0


# --------------------------------------------------------------------------------------- output


def write_csv(rows: Sequence[UsageRow], out: TextIO) -> None:
    """team, day, model, input_tokens, output_tokens, cost_usd (exact, 6 decimals), scope (`team`: per model;
    else a narrower scope's spend: `model:<glob>`, `key:<key id>`, `end_user:<hash>`, counted in the team's too)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        writer.writerow((r.team, r.day, r.model, r.input_tokens, r.output_tokens, format_usd(r.cost_micros), r.scope))


def _usd(micros: int | None) -> str:
    return "-" if micros is None else "$" + format_usd(micros)


def format_status(rows: Sequence[WindowStatus]) -> str:
    """A plain-text table, one line per team, scope and window."""
    header = ("TEAM", "SCOPE", "WINDOW", "PERIOD", "SPENT", "CAP", "REMAINING", "IN FLIGHT", "RESETS",
              "MONTH-END PROJ.", "OVERRUN")
    lines = [header] + [
        (r.team, r.scope, r.window, r.period, _usd(r.spent_micros), _usd(r.cap_micros), _usd(r.remaining_micros),
         _usd(r.reserved_micros), r.resets_at.strftime("%Y-%m-%d %H:%M %Z"), _usd(r.projected_micros),
         _usd(r.overrun_micros))
        for r in rows
    ]
    if len(lines) == 1:
        return "no teams with budgets or spend"
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    table = "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
                      for line in lines)
    if any(r.overrun_micros for r in rows):
        # Billed above a reservation: spend may have passed a cap. Never expected; see the budget_alert records.
        table += "\nWARNING: billed above the reservation (OVERRUN): see the `budget_alert` records with alert: overrun"
    return table


# --------------------------------------------------------------------------------------- plumbing


def _settings(config: str | None) -> Any:
    from proxy.config.settings import ConfigErrors, load_settings

    try:
        return load_settings(Path(config) if config else None)
    except ConfigErrors as exc:
        print(str(exc), file=sys.stderr)
        return None


def _teams(settings: Any, config: Any, known: Sequence[str]) -> list[str]:
    """Teams to report: those in budgets.yaml and teams.yaml, and any with spend on record."""
    names: list[str] = list(config.teams) if config is not None else []
    if settings.teams is not None:
        names += list(settings.teams.teams)
    names += known
    return sorted(set(names)) or ["default"]


def _with_store(settings: Any, run: Callable[[Budgets], Awaitable[T]]) -> T | None:
    """Open the store (sharing or starting the embedded one), run, close; None when unreachable."""
    from proxy.store.embedded import EmbeddedStore, connect, redact_url

    url = settings.proxy.store.url
    embedded = None
    try:
        if url == "embedded":
            embedded = EmbeddedStore(settings.data_path)
            embedded.start()
            url = embedded.url

        async def main() -> T:
            client = connect(url)
            try:
                return await run(Budgets(client, cooldown_s=0))
            finally:
                await client.aclose()

        return asyncio.run(main())
    except (StoreUnavailable, RuntimeError) as exc:
        print(f"budget store {redact_url(url)}: {exc}", file=sys.stderr)
        return None
    finally:
        if embedded is not None:
            embedded.stop()
