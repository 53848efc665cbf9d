"""Fixtures shared by the budget step tests: one embedded store per module, a flushed `Budgets` per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from proxy.budget.ledger import Budgets
from proxy.store.embedded import EmbeddedStore, connect


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("budget"))
    s.start()
    yield s
    s.stop()


@pytest.fixture
async def budgets(store: EmbeddedStore) -> AsyncIterator[Budgets]:
    client = connect(store.url)
    await client.flushall()
    yield Budgets(client)
    await client.aclose()
