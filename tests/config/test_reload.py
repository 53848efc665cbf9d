"""Hot reload: a valid edit applies within 2 s; an invalid one keeps the previous version in force."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import aiohttp
import yaml

from proxy.config.keys import generate_key, hash_key
from tests.conftest import Mock, ProxyFactory

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def _status(url: str, key: str, path: str = "/v1/chat/completions") -> int:
    async def go() -> int:
        async with aiohttp.ClientSession() as s, s.post(f"{url}{path}", json=CHAT,
                                                        headers={"Authorization": f"Bearer {key}"}) as r:
            await r.read()
            return r.status
    return asyncio.run(go())


def _get(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict]:
    async def go() -> tuple[int, dict]:
        async with aiohttp.ClientSession() as s, s.request(method, url, headers=headers) as r:
            return r.status, await r.json()
    return asyncio.run(go())


def _eventually(check: Callable[[], bool], within: float = 2.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < within:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"not true within {within} s")


def test_teams_edit_applies_within_two_seconds(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(teams={"marketing": {}})
    old_key = p.keys["marketing"]
    new_key = generate_key()
    assert _status(p.url, old_key) == 200
    assert _status(p.url, new_key) == 401
    doc = {"teams": {"marketing": {"keys": [hash_key(old_key)]}, "sales": {"keys": [hash_key(new_key)]}}}
    (p.dir / "teams.yaml").write_text(yaml.safe_dump(doc))
    _eventually(lambda: _status(p.url, new_key) == 200)
    # Revoking a key also applies.
    doc["teams"].pop("marketing")
    (p.dir / "teams.yaml").write_text(yaml.safe_dump(doc))
    _eventually(lambda: _status(p.url, old_key) == 401)


def test_invalid_edit_keeps_the_previous_version_and_shows_on_readyz(mock: Mock,
                                                                     proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(teams={"marketing": {}})
    key = p.keys["marketing"]
    good = (p.dir / "teams.yaml").read_text()
    (p.dir / "teams.yaml").write_text(good.replace("keys:", "kyes:"))

    def shows_error() -> bool:
        status, body = _get(f"{p.url}/readyz")
        return body["config"]["status"] == "error"

    _eventually(shows_error)
    status, body = _get(f"{p.url}/readyz")
    assert status == 200, "the previous configuration is still serving"
    assert (f"{p.dir / 'teams.yaml'}:3: teams.marketing.kyes: unknown key 'kyes' "
            "(allowed: keys, policy, models, stored_prompts, model_policies)") in body["config"]["errors"]
    assert key not in str(body)
    assert _status(p.url, key) == 200, "the team's key must keep working under the previous version"
    (p.dir / "teams.yaml").write_text(good + "\n")
    _eventually(lambda: _get(f"{p.url}/readyz")[1]["config"]["status"] == "ok")


def test_admin_reload_needs_the_admin_key(mock: Mock, proxy_factory: ProxyFactory) -> None:
    off = proxy_factory()
    assert _get(f"{off.url}/admin/reload", method="POST")[0] == 404
    p = proxy_factory(env={"GUARDRAIL_ADMIN_KEY": "admin-secret"})
    assert _get(f"{p.url}/admin/reload", {"Authorization": "Bearer nope"}, "POST")[0] == 401
    status, body = _get(f"{p.url}/admin/reload", {"Authorization": "Bearer admin-secret"}, "POST")
    assert status == 200 and body == {"reloaded": True, "errors": []}


def test_an_emptied_policy_file_keeps_the_previous_policy(mock: Mock, proxy_factory: ProxyFactory) -> None:
    """A README-only review: writing an empty `default.yaml` (or one with comments only) reloaded as a policy with
    no checks, so e-mails went up unredacted. It is an error now: the previous version stays in force."""
    policy = "name: default\ninput:\n  pii: {action: redact, entities: [EMAIL_ADDRESS]}\n"
    p = proxy_factory(files={"policies/default.yaml": policy})
    ask = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "mail jane.doe@example.com"}]}

    def sent() -> str:
        async def go() -> str:
            async with aiohttp.ClientSession() as s, s.post(f"{p.url}/v1/chat/completions", json=ask,
                                                            headers={"Authorization": "Bearer sk-x"}) as r:
                assert r.status == 200, await r.text()
            return str(mock.last_body)
        return asyncio.run(go())

    assert "jane.doe@example.com" not in sent()
    for text in ("", "# wip\n"):
        (p.dir / "policies" / "default.yaml").write_text(text)
        _eventually(lambda: _get(f"{p.url}/readyz")[1]["config"]["status"] == "error", within=4.0)
        assert "jane.doe@example.com" not in sent()
        (p.dir / "policies" / "default.yaml").write_text(policy)
        _eventually(lambda: _get(f"{p.url}/readyz")[1]["config"]["status"] == "ok", within=4.0)
