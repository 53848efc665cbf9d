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


def test_a_removed_control_file_keeps_the_previous_version(mock: Mock, proxy_factory: ProxyFactory) -> None:
    """A README-only review: deleting `teams.yaml` turned a running teams-mode proxy single-tenant (any key went
    through, a team's own key went upstream), deleting `budgets.yaml` lifted every cap, deleting
    `policies/default.yaml` fell back to the built-in default, each with /readyz `ok`. A reload now refuses
    them: the previous version stays in force and /readyz names the file; restoring it clears the error."""
    policy = "name: default\ninput:\n  patterns: [{name: codenames, regex: '(?i)project falcon', action: block}]\n"
    budgets = "teams: {marketing: {monthly: 0.000001}}\n"
    p = proxy_factory(teams={"marketing": {}, "ops": {}}, start_store=True,
                      files={"policies/default.yaml": policy, "budgets.yaml": budgets})
    key, ops = p.keys["marketing"], p.keys["ops"]
    falcon = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "status of project falcon?"}]}

    def post(body: dict, bearer: str) -> int:
        async def go() -> int:
            async with aiohttp.ClientSession() as s, s.post(f"{p.url}/v1/chat/completions", json=body,
                                                            headers={"Authorization": f"Bearer {bearer}"}) as r:
                await r.read()
                return r.status
        return asyncio.run(go())

    def readyz_errors() -> list[str]:
        body = _get(f"{p.url}/readyz")[1]["config"]
        return list(body.get("errors", [])) if body["status"] == "error" else []

    # the first request spends past the tiny cap; the next one is refused
    post(CHAT, key)
    _eventually(lambda: post(CHAT, key) == 429, within=4.0)
    for rel, message in (("teams.yaml", "is gone: a reload does not leave teams mode"),
                         ("budgets.yaml", "is gone: a reload does not lift every cap"),
                         ("policies/default.yaml", "is gone: a reload does not fall back to the built-in default")):
        saved = (p.dir / rel).read_text()
        (p.dir / rel).unlink()
        _eventually(lambda: bool(readyz_errors()), within=4.0)
        errors = readyz_errors()
        assert any(line.startswith(f"{p.dir / rel}:1: (root): ") and message in line for line in errors), errors
        assert post(CHAT, "sk-someone-else") == 401, rel
        assert post(CHAT, key) == 429, rel
        mock.state.reset()
        assert post(falcon, ops) == 400 and mock.state.last is None, rel
        assert post(CHAT, ops) == 200, rel
        (p.dir / rel).write_text(saved)
        _eventually(lambda: not readyz_errors(), within=4.0)
