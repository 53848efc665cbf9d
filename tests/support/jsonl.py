"""Reading a decision log that a live proxy may be appending to."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def complete_records(path: Path) -> list[dict[str, Any]]:
    """The records of every whole line (ended by a newline) in `path`.

    A proxy appends its records while a test reads the file: a read can land in the middle of a
    write and see the first part of the last line only. That line is not a record yet, so it is
    left for the next read; every line before it must parse.
    """
    if not path.exists():
        return []
    data = path.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    return [json.loads(line) for line in whole.splitlines() if line.strip()]
