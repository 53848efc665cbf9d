"""budgets.yaml: spend caps per team and window (placeholder until the budgets feature lands)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_budgets(path: Path) -> Any:
    """The validated budgets file, or None when there is none (no caps apply)."""
    return None
