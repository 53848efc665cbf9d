"""proxy.edge.ops: /healthz, /readyz (503 when the proxy would refuse requests), /metrics, the admin routes."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from proxy import __version__
from proxy.metrics import CONTENT_TYPE
from tests.conftest import Mock, Proxy, ProxyFactory

ADMIN = "adm-0123456789abcdef"
MISSING_MODEL = {"pii": {"workers": 0, "spacy_model": "no_such_spacy_model"}, "toxicity": {"model": "keywords"}}
PII_POLICY = "name: default\non_error: {on_error}\ninput:\n  pii: {{action: redact}}\n"


async def call(method: str, url: str, headers: dict[str, str] | None = None, json: Any = None,
               ) -> tuple[int, dict[str, str], Any]:
    async with aiohttp.ClientSession() as s, s.request(method, url, headers=headers, json=json) as r:
        body = await r.json(content_type=None) if "json" in r.headers.get("Content-Type", "") else await r.text()
        return r.status, dict(r.headers), body


@pytest.fixture(scope="module")
def admin_proxy(proxy_factory: ProxyFactory) -> Proxy:
    """No store, the admin API on."""
    return proxy_factory(files={"policies/default.yaml": "name: default\n"}, env={"GUARDRAIL_ADMIN_KEY": ADMIN})


# --------------------------------------------------------------------------- health and readiness


async def test_healthz_says_up_and_the_version(plain_proxy: Proxy) -> None:
    status, _, body = await call("GET", f"{plain_proxy.url}/healthz")
    assert (status, body) == (200, {"status": "ok", "version": __version__})


async def test_readyz_without_a_store_is_ready(proxy: Proxy) -> None:
    status, _, body = await call("GET", f"{proxy.url}/readyz")
    assert status == 200 and body["ready"] is True
    assert body["store"] == {"url": "", "embedded": False, "status": "not configured"}
    assert body["config"] == {"status": "ok", "mode": "single-tenant"}
    assert body["checks"]["pii"] == {"state": "ready", "error": None}
    assert body["checks"]["toxicity"] == {"state": "ready", "model": "keywords", "backend": "keywords",
                                          "error": None}


async def test_readyz_names_team_mode(team_proxy: Proxy) -> None:
    status, _, body = await call("GET", f"{team_proxy.url}/readyz")
    assert status == 200 and body["config"] == {"status": "ok", "mode": "teams"}


async def test_readyz_is_503_when_a_model_failed_and_a_policy_blocks(proxy_factory: ProxyFactory) -> None:
    p = proxy_factory({"models": MISSING_MODEL}, files={"policies/default.yaml": PII_POLICY.format(on_error="block")})
    status, _, body = await call("GET", f"{p.url}/readyz")
    assert status == 503 and body["ready"] is False
    assert body["checks"]["pii"]["state"] == "error"
    assert body["checks"]["pii"]["error"].startswith("spaCy model 'no_such_spacy_model' is not installed")
    assert "toxicity" not in body["checks"]  # no policy scores: that model is not even loaded


async def test_readyz_is_ready_when_every_policy_allows_a_failed_check(proxy_factory: ProxyFactory) -> None:
    p = proxy_factory({"models": MISSING_MODEL}, files={"policies/default.yaml": PII_POLICY.format(on_error="allow")})
    status, _, body = await call("GET", f"{p.url}/readyz")
    assert status == 200 and body["ready"] is True and body["checks"]["pii"]["state"] == "error"


async def test_readyz_shows_a_rejected_reload_and_keeps_serving(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(files={"policies/default.yaml": "name: default\n"}, env={"GUARDRAIL_ADMIN_KEY": ADMIN})
    (p.dir / "policies" / "default.yaml").write_text("name: default\nmode: loud\n")
    status, _, body = await call("POST", f"{p.url}/admin/reload", headers={"Authorization": f"Bearer {ADMIN}"})
    assert status == 422 and body["reloaded"] is False
    assert body["errors"] and all(re.match(r"^.+default\.yaml:\d+: ", line) for line in body["errors"])
    status, _, ready = await call("GET", f"{p.url}/readyz")
    assert status == 200 and ready["ready"] is True  # the previous configuration is in force
    assert ready["config"] == {"status": "error", "errors": body["errors"],
                               "in_force": "the previous valid configuration"}
    status, _, _ = await call("POST", f"{p.url}/v1/chat/completions",
                              json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})
    assert status == 200


async def test_metrics_are_prometheus_text(mock: Mock, plain_proxy: Proxy) -> None:
    await call("POST", f"{plain_proxy.url}/v1/chat/completions",
               json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})
    status, headers, text = await call("GET", f"{plain_proxy.url}/metrics")
    assert status == 200 and headers["Content-Type"] == CONTENT_TYPE
    assert re.search(r'^guardrail_requests_total\{decision="allow",route="/v1/chat/completions",status="200",'
                     r'team="default"\} [1-9]', text, re.MULTILINE), text[:2000]


# --------------------------------------------------------------------------- the admin routes


@pytest.mark.parametrize(("method", "path"), [("GET", "/admin/budgets"), ("POST", "/admin/reload")])
async def test_admin_routes_are_off_without_an_admin_key(plain_proxy: Proxy, method: str, path: str) -> None:
    status, _, body = await call(method, f"{plain_proxy.url}{path}", headers={"Authorization": "Bearer anything"})
    assert status == 404
    assert body == {"error": {"message": "admin routes are off (GUARDRAIL_ADMIN_KEY is not set)",
                              "type": "invalid_request_error", "param": None, "code": "unknown_url"}}


@pytest.mark.parametrize(("method", "path"), [("GET", "/admin/budgets"), ("POST", "/admin/reload")])
@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {ADMIN}x"}, {"Authorization": f"Basic {ADMIN}"},
    {"Authorization": f"Bearer {ADMIN[:-1]}"},
])
async def test_a_wrong_admin_key_is_401(admin_proxy: Proxy, method: str, path: str, headers: dict[str, str]) -> None:
    status, _, body = await call(method, f"{admin_proxy.url}{path}", headers=headers)
    assert status == 401
    assert body == {"error": {"message": "invalid admin key", "type": "invalid_request_error", "param": None,
                              "code": "invalid_api_key"}}
    assert ADMIN not in str(body)


@pytest.mark.parametrize("headers", [{"Authorization": f"Bearer {ADMIN}"}, {"x-api-key": ADMIN}])
async def test_the_admin_key_opens_the_admin_routes(admin_proxy: Proxy, headers: dict[str, str]) -> None:
    status, _, body = await call("POST", f"{admin_proxy.url}/admin/reload", headers=headers)
    assert (status, body) == (200, {"reloaded": True, "errors": []})
    status, _, body = await call("GET", f"{admin_proxy.url}/admin/budgets", headers=headers)
    assert status == 503  # no store: nothing to show
    assert body["error"]["code"] == "store_unavailable" and body["error"]["message"] == "no store is configured"
