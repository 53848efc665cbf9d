"""The shared test fixtures (`../shared/fixtures`: recorded provider streams, PII and toxicity sets).

They live outside the repository. Missing on a developer's machine, the tests that need them skip;
missing where the environment variable `CI` is set, those tests fail, so a CI run can never pass
quietly without them. `require_fixtures` is for a test's body, `needs_fixtures` decorates a test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FIXTURES = SHARED / "fixtures"

F = TypeVar("F", bound=Callable[..., Any])


def in_ci() -> bool:
    """Whether this run is CI's: the variable `CI` is set (to anything but an empty string)."""
    return bool(os.environ.get("CI"))


def present(path: Path) -> bool:
    """A fixture file, or a folder with something in it."""
    return path.is_file() or (path.is_dir() and any(path.iterdir()))


def missing(path: Path) -> NoReturn:
    """Skip the current test (locally) or fail it (under CI): `path` is not there."""
    message = f"shared fixture {path} not present"
    if in_ci():
        pytest.fail(f"{message}; CI is set, and CI runs must have ../shared/fixtures", pytrace=False)
    pytest.skip(message)


def require_fixtures(*parts: str) -> Path:
    """`FIXTURES/<parts>`, for use inside a test; skips locally and fails under CI when it is missing."""
    path = FIXTURES.joinpath(*parts)
    if not present(path):
        missing(path)
    return path


def needs_fixtures(*parts: str) -> Callable[[F], F]:
    """Decorate a test that reads `FIXTURES/<parts>`. Put it above `parametrize`: when the fixtures are
    missing, its cases (often none, being drawn from the fixtures) give way to one test that skips
    locally and fails under CI."""
    path = FIXTURES.joinpath(*parts)

    def decorate(test: F) -> F:
        if present(path):
            return test

        def fixtures_missing() -> None:
            missing(path)

        fixtures_missing.__name__ = test.__name__
        fixtures_missing.__qualname__ = test.__qualname__
        fixtures_missing.__module__ = test.__module__
        fixtures_missing.__doc__ = test.__doc__
        return fixtures_missing  # type: ignore[return-value]

    return decorate
