"""Fixtures for the mock's tests: a fresh mock per test, and the official SDK clients pointed at it.

`mock` here is (state, base URL) of a mock served for the one test; it overrides the shared
session mock of `tests/conftest.py`, so these tests see only their own requests and scripts.
"""

from __future__ import annotations

import anthropic
import openai
import pytest

from proxy.mock.server import create_mock_app
from proxy.mock.state import MockState


@pytest.fixture
async def mock(aiohttp_server):
    state = MockState()
    server = await aiohttp_server(create_mock_app(state))
    return state, str(server.make_url("")).rstrip("/")


@pytest.fixture
async def oai(mock):
    client = openai.AsyncOpenAI(base_url=mock[1] + "/v1", api_key="sk-test", max_retries=0)
    yield client
    await client.close()


@pytest.fixture
async def ant(mock):
    client = anthropic.AsyncAnthropic(base_url=mock[1], api_key="sk-ant-test", max_retries=0)
    yield client
    await client.close()
