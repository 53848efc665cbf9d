"""tests/support/fixtures.py: missing shared fixtures skip a test locally and fail it under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import fixtures
from tests.support.fixtures import FIXTURES, needs_fixtures, require_fixtures

MISSING = ("no-such-fixture-folder", "x.json")


def test_fixtures_live_next_to_the_repository() -> None:
    repo = Path(__file__).resolve().parents[2]
    assert FIXTURES == repo.parent / "shared" / "fixtures"


def test_require_fixtures_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="shared fixture .*no-such-fixture-folder/x.json not present"):
        require_fixtures(*MISSING)


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_require_fixtures_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="not present; CI is set, and CI runs must have"):
        require_fixtures(*MISSING)


def test_an_empty_ci_variable_is_not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "")
    assert fixtures.in_ci() is False
    with pytest.raises(pytest.skip.Exception):
        require_fixtures(*MISSING)


def test_an_empty_folder_is_missing(tmp_path: Path) -> None:
    assert fixtures.present(tmp_path) is False
    (tmp_path / "a.txt").write_text("x")
    assert fixtures.present(tmp_path) is True
    assert fixtures.present(tmp_path / "a.txt") is True
    assert fixtures.present(tmp_path / "b.txt") is False


def test_needs_fixtures_replaces_the_test_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    @needs_fixtures(*MISSING)
    @pytest.mark.parametrize("case", [])  # cases drawn from the fixtures: none when they are missing
    def test_reads_fixtures(case: str) -> None:
        """The original."""
        calls.append(case)

    assert test_reads_fixtures.__name__ == "test_reads_fixtures"
    assert test_reads_fixtures.__doc__ == "The original."
    assert not hasattr(test_reads_fixtures, "pytestmark")  # no empty parameter set left to skip quietly
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        test_reads_fixtures()  # type: ignore[call-arg]
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-fixture-folder"):
        test_reads_fixtures()  # type: ignore[call-arg]
    assert calls == []


def test_needs_fixtures_keeps_the_test_when_present(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "one.sse").write_text("data: x\n\n")
    monkeypatch.setattr(fixtures, "FIXTURES", tmp_path)

    def test_reads_fixtures() -> None:
        pass

    assert needs_fixtures("wire")(test_reads_fixtures) is test_reads_fixtures
    assert require_fixtures("wire", "one.sse") == tmp_path / "wire" / "one.sse"
