"""`guardrail-proxy budget status` and `budget export`, against the embedded store of a config folder."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from proxy.budget.ledger import Budgets
from proxy.cli.budget import register
from proxy.config.budgets import BudgetsConfig
from proxy.providers.base import Usage
from proxy.store.embedded import EmbeddedStore, connect

BUDGETS = "timezone: UTC\nteams:\n  marketing: {monthly: 500, daily: 40}\n"


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="guardrail-proxy")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A config folder whose embedded store holds some spend (the running proxy's server, shared)."""
    (tmp_path / "proxy.yaml").write_text("data_dir: data\n")
    (tmp_path / "budgets.yaml").write_text(BUDGETS)
    store = EmbeddedStore(tmp_path / "data")
    store.start()

    async def spend() -> None:
        client = connect(store.url)
        budgets = Budgets(client)
        config = BudgetsConfig.model_validate({"teams": {"marketing": {"monthly": 500, "daily": 40}}})
        for team, model, cost in [("marketing", "gpt-4o-mini", 1_500_000), ("marketing", "claude-x", 250_000),
                                  ("research", "gpt-4o", 42)]:
            res = await budgets.reserve(team, model, cost, config=config)
            await budgets.settle(res, cost, Usage(1000, 100), config=config)
        await client.aclose()

    asyncio.run(spend())
    yield tmp_path
    store.stop()


def test_status_table(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("budget", "status", "--config", str(folder / "proxy.yaml")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:7] == ["TEAM", "SCOPE", "WINDOW", "PERIOD", "SPENT", "CAP", "REMAINING"]
    daily = next(line.split() for line in out if line.startswith("marketing") and " daily " in line)
    assert daily[1] == "team" and daily[4:7] == ["$1.750000", "$40.000000", "$38.250000"]
    assert any(line.startswith("research") and "$0.000042" in line for line in out)


def test_status_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("budget", "status", "--config", str(folder / "proxy.yaml"), "--json", "--team", "marketing") == 0
    doc = json.loads(capsys.readouterr().out)
    monthly = next(w for w in doc["windows"] if w["window"] == "monthly")
    assert doc["timezone"] == "UTC" and {w["team"] for w in doc["windows"]} == {"marketing"}
    assert (monthly["spent_usd"], monthly["cap_usd"], monthly["remaining_usd"]) == (1.75, 500.0, 498.25)
    assert monthly["projected_usd"] >= 1.75


def test_export_csv(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = datetime.now(UTC).date().isoformat()
    out_file = folder / "spend.csv"
    args = ("budget", "export", "--config", str(folder / "proxy.yaml"), "--from", today, "--to", today)
    assert run_cli(*args, "-o", str(out_file)) == 0
    rows = list(csv.reader(out_file.read_text().splitlines()))
    assert rows == [
        ["team", "day", "model", "input_tokens", "output_tokens", "cost_usd", "scope"],
        ["marketing", today, "claude-x", "1000", "100", "0.250000", "team"],
        ["marketing", today, "gpt-4o-mini", "1000", "100", "1.500000", "team"],
        ["research", today, "gpt-4o", "1000", "100", "0.000042", "team"],
    ]
    assert run_cli("budget", "export", "--config", str(folder / "proxy.yaml"), "--from", "2000-01-01",
                   "--to", "2000-01-31") == 0
    assert capsys.readouterr().out == "team,day,model,input_tokens,output_tokens,cost_usd,scope\n"


def test_export_rejects_a_reversed_range(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("budget", "export", "--config", str(folder / "proxy.yaml"),
                   "--from", "2026-02-01", "--to", "2026-01-01") == 2
    assert "--from is after --to" in capsys.readouterr().err


def test_bad_budgets_file_exits_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "budgets.yaml").write_text("teams:\n  marketing: {monthly: lots}\n")
    assert run_cli("budget", "status", "--config", str(folder / "proxy.yaml")) == 2
    assert "budgets.yaml:2: teams.marketing.monthly: expected a number, got a string" in capsys.readouterr().err


def test_unreachable_store_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "proxy.yaml").write_text("store: {url: 'redis://:secret@127.0.0.1:1/0'}\n")
    assert run_cli("budget", "status", "--config", str(tmp_path / "proxy.yaml")) == 1
    err = capsys.readouterr().err
    assert "budget store redis://:***@127.0.0.1:1/0: budget store unavailable (ConnectionError)" in err
    assert "secret" not in err


def test_status_shows_overruns() -> None:
    from datetime import datetime as dt

    from proxy.budget.results import WindowStatus
    from proxy.cli.budget import format_status

    resets = dt(2027, 1, 1, tzinfo=UTC)
    clean = format_status([WindowStatus("a", "monthly", "2026-12", 5_000_000, 1, 0, resets)])
    assert clean.splitlines()[0].split()[-1] == "OVERRUN" and "WARNING" not in clean
    row = WindowStatus("a", "monthly", "2026-12", 5_000_000, 1, 0, resets, overrun_micros=1_500)
    out = format_status([row])
    assert "$0.001500" in out.splitlines()[1] and "WARNING" in out
