"""Shared fixtures: the mock provider and proxies in front of it, each served from its own thread.

Servers run in background threads with their own event loops, so tests can use both the sync and
the async clients of the official SDKs. Expensive things (servers, the embedded store) are started
once per session; every test starts from a clean mock (no queued scripts, no recorded requests).
"""

from __future__ import annotations

import os

# Nothing in the tests may download: model hubs are unreachable, and must stay unasked.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from proxy.app import SESSION, create_app
from proxy.config.keys import generate_key, hash_key
from proxy.config.settings import load_settings
from proxy.edge.ops import STORE
from proxy.flow import SERVICES, Services
from proxy.mock.server import create_mock_app
from proxy.mock.state import MOCK_STATE, MockState
from proxy.providers import issued
from proxy.store.connection import Store
from tests.support.fixtures import FIXTURES, SHARED, require_fixtures  # noqa: F401 - FIXTURES, SHARED: re-exported
from tests.support.jsonl import complete_records
from tests.support.servers import ServerThread


def _one_ssl_context_per_process() -> None:
    """httpx and httpx2 (the SDKs' HTTP clients) build a new SSL context for every client: ~20 ms of loading the CA
    bundle, most of an end-to-end test's client-side time (each test makes its own clients). Every server of the
    suite is plain HTTP, so the contexts are never used: one context, built once, serves all clients made with the
    default arguments. Other arguments (and every context the proxy's own code builds) are left alone."""
    import functools

    for name in ("httpx._transports.default", "httpx2._transports.default"):
        try:
            module = __import__(name, fromlist=["create_ssl_context"])
        except ImportError:
            continue
        build = module.create_ssl_context
        once = functools.lru_cache(maxsize=1)(lambda build=build: build())

        def create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True,
                               *, _build: Any = build, _once: Any = once) -> Any:
            if verify is True and cert is None and trust_env:
                return _once()
            return _build(verify=verify, cert=cert, trust_env=trust_env)

        module.create_ssl_context = create_ssl_context


_one_ssl_context_per_process()


@dataclass
class Mock:
    server: ServerThread

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def state(self) -> MockState:
        assert self.server.app is not None
        return self.server.app[MOCK_STATE]

    def script(self, **kwargs: Any) -> None:
        self.state.add_script(kwargs)

    @property
    def last_body(self) -> Any:
        last = self.state.last
        assert last is not None, "the mock received no request"
        return last.body

    @property
    def last_headers(self) -> dict[str, str]:
        last = self.state.last
        assert last is not None, "the mock received no request"
        return last.headers


@dataclass
class Proxy:
    server: ServerThread
    dir: Path
    keys: dict[str, str] = field(default_factory=dict)  # team -> plain key

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def services(self) -> Services:
        """What the running proxy's request flow uses (settings, decision log, guard, budgets)."""
        assert self.server.app is not None
        return self.server.app[SERVICES]

    @property
    def store(self) -> Store:
        """The running proxy's store: its URL, client and embedded server."""
        assert self.server.app is not None
        return self.server.app[STORE]

    @property
    def session(self) -> aiohttp.ClientSession:
        """The running proxy's upstream session."""
        assert self.server.app is not None
        return self.server.app[SESSION]

    @property
    def log_path(self) -> Path:
        return self.dir / ".guardrail" / "decisions.jsonl"

    def flush(self) -> None:
        async def _flush() -> None:
            self.services.decisions.flush()
        self.server.call(_flush())

    def record_for(self, request_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The decision record of one request (waits: a stream's record is written after its last byte)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            for rec in reversed(self.records()):
                if rec["request_id"] == request_id:
                    return rec
            if time.monotonic() > deadline:
                raise AssertionError(f"no decision record for {request_id}")
            time.sleep(0.01)

    def records(self) -> list[dict[str, Any]]:
        self.flush()
        return complete_records(self.log_path)


@pytest.fixture(scope="session")
def mock_server() -> Iterator[Mock]:
    server = ServerThread(lambda: create_mock_app()).start()
    yield Mock(server)
    server.stop()


@pytest.fixture
def mock(mock_server: Mock) -> Mock:
    issued.clear()  # each test's ids are its own (`proxy.providers.issued`: ids relayed to a client)
    mock_server.state.reset()
    mock_server.state.latency_ms = 0.0
    return mock_server


ProxyFactory = Callable[..., Proxy]


@pytest.fixture(scope="session")
def proxy_factory(mock_server: Mock, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyFactory]:
    """Start a proxy in front of the mock: `make(proxy_yaml={...}, teams={"team": {...}}, env={...})`."""
    started: list[ServerThread] = []

    def make(proxy_yaml: dict[str, Any] | None = None, teams: dict[str, dict[str, Any]] | None = None,
             env: dict[str, str] | None = None, start_store: bool = False, files: dict[str, str] | None = None,
             ) -> Proxy:
        folder = tmp_path_factory.mktemp("proxy")
        cfg: dict[str, Any] = {
            "providers": {"openai": {"base_url": f"{mock_server.url}/v1"},
                          "anthropic": {"base_url": mock_server.url}},
            # PII in a thread of this process (the engine loads once per test session); toxicity from
            # the deterministic keyword scorer. The detoxify path has its own tests (tests/nlp).
            "models": {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}},
        }
        cfg.update(proxy_yaml or {})
        keys: dict[str, str] = {}
        if teams is not None:
            doc: dict[str, Any] = {"teams": {}}
            for name, spec in teams.items():
                key = generate_key()
                keys[name] = key
                doc["teams"][name] = {"keys": [hash_key(key)], **spec}
            (folder / "teams.yaml").write_text(yaml.safe_dump(doc))
        for rel, text in (files or {}).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text)
        (folder / "proxy.yaml").write_text(yaml.safe_dump(cfg))
        settings = load_settings(folder / "proxy.yaml", env={})
        server = ServerThread(lambda: create_app(settings, env=env or {}, start_store=start_store)).start()
        started.append(server)
        return Proxy(server, folder, keys)

    yield make
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    """Single-tenant proxy (no teams.yaml) in front of the mock."""
    return proxy_factory()


STRICT_POLICY = "name: strict\nmode: enforce\n"
NO_CHECKS_POLICY = "# no checks: the proxy only forwards, attributes and records\nname: default\n"


@pytest.fixture(scope="session")
def plain_proxy(proxy_factory: ProxyFactory) -> Proxy:
    """Single-tenant proxy whose default policy has no checks: answers pass byte for byte."""
    return proxy_factory(files={"policies/default.yaml": NO_CHECKS_POLICY})


@pytest.fixture(scope="session")
def team_proxy(proxy_factory: ProxyFactory) -> Proxy:
    """Team-mode proxy: teams `marketing` (gpt-4o-mini and claude-* only) and `research` (any model)."""
    return proxy_factory(
        teams={"marketing": {"models": ["gpt-4o-mini", "claude-*"]}, "research": {"policy": "strict"}},
        env={"OPENAI_API_KEY": "sk-proxy-openai", "ANTHROPIC_API_KEY": "sk-ant-proxy"},
        files={"policies/strict.yaml": STRICT_POLICY},
    )


@pytest.fixture(scope="session")
def tox_model(request: pytest.FixtureRequest) -> Any:
    """The tiny toxicity model (detoxify's checkpoint format, trained in seconds, cached by pytest)."""
    import tempfile

    from tests.support.toxmodel import cached_model

    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    root = Path(cache.mkdir("toxmodel")) if cache is not None else Path(tempfile.gettempdir()) / "guardrail-toxmodel"
    return cached_model(root)


def shared_fixture(*parts: str) -> Path:
    """A file of ../shared/fixtures: skips when it is missing, fails instead under CI."""
    return require_fixtures(*parts)


def redis_server_binary() -> str | None:
    """Debian's redis-server when CI asks for it (GUARDRAIL_TEST_REDIS_SERVER), else one on PATH."""
    import shutil

    return os.environ.get("GUARDRAIL_TEST_REDIS_SERVER") or shutil.which("redis-server")
