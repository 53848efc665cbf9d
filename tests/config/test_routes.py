"""proxy.yaml `providers:` and `routes:` (issue 17): defaults kept, FILE:LINE errors, the router."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.config.settings import ConfigErrors, ProxyConfig, load_proxy_config
from proxy.edge.routing import Router

GOOD = """\
providers:
  openai:    {kind: openai, base_url: https://api.openai.com/v1, api_key_env: OPENAI_API_KEY}
  local:     {kind: openai, base_url: http://vllm:8000/v1, api_key_env: VLLM_KEY}
  azure-eu:  {kind: azure, base_url: https://myorg.openai.azure.com, api_key_env: AZURE_KEY,
              api_version: "2024-10-21"}
  claude2:   {kind: anthropic, base_url: https://claude.example, api_key_env: C2}
routes:
  - {models: ["llama-*", "qwen*"], provider: local}
  - {models: ["prod-gpt4o"], provider: azure-eu}
  - {models: ["gpt-4o*"], provider: openai, fallback: [azure-eu]}
  - {models: ["claude-*"], provider: anthropic, fallback: [claude2]}
  - {models: ["*"], provider: local}
"""


def _load(tmp_path: Path, text: str) -> ProxyConfig:
    path = tmp_path / "proxy.yaml"
    path.write_text(text)
    return load_proxy_config(path)


def _errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigErrors) as info:
        _load(tmp_path, text)
    return str(info.value).splitlines()


def test_existing_files_keep_their_meaning(tmp_path: Path) -> None:
    config = _load(tmp_path, "providers:\n  openai: {base_url: http://x/v1}\n")
    assert config.providers["openai"].kind == "openai" and config.providers["openai"].api_key_env == "OPENAI_API_KEY"
    assert config.providers["anthropic"].base_url == "https://api.anthropic.com" and config.routes == []
    router = Router(config)
    assert router.chain("openai", "gpt-4o") == ("openai",) and router.chain("anthropic", "claude-3") == ("anthropic",)
    assert router.chain("openai", "dep", azure_client=True) == ("openai",)  # no azure provider: openai
    # ... with the proxy's key for it: an Azure client's `api-key` is not OpenAI's (issue 12).
    assert router.passes_client_key("openai", "openai", azure_client=False)
    assert not router.passes_client_key("openai", "openai", azure_client=True)


def test_an_azure_clients_key_goes_only_to_the_azure_provider(tmp_path: Path) -> None:
    router = Router(_load(tmp_path, GOOD))
    assert router.passes_client_key("azure-eu", "openai", azure_client=True)
    assert not router.passes_client_key("openai", "openai", azure_client=True)
    assert not router.passes_client_key("local", "openai", azure_client=True)


def test_routes_first_match_wins_per_format(tmp_path: Path) -> None:
    router = Router(_load(tmp_path, GOOD))
    assert router.chain("openai", "llama-3") == ("local",)
    assert router.chain("openai", "qwen2.5") == ("local",)
    assert router.chain("openai", "prod-gpt4o") == ("azure-eu",)
    assert router.chain("openai", "gpt-4o-mini") == ("openai", "azure-eu")
    assert router.chain("openai", "anything") == ("local",)  # the catch-all
    assert router.chain("openai", None) == ("openai",)  # no model (GET /v1/models): the default
    # /v1/messages only looks at routes to Anthropic-kind providers.
    assert router.chain("anthropic", "claude-3-5-haiku") == ("anthropic", "claude2")
    assert router.chain("anthropic", "llama-3") == ("anthropic",)
    assert router.chain("openai", "GPT-4O") == ("local",)  # globs match the exact name (case too)
    assert router.chain("openai", "dep", azure_client=True) == ("local",)  # routed like any model
    assert router.chain("openai", "prod-gpt4o", azure_client=True) == ("azure-eu",)


def test_urls_and_keys_per_kind(tmp_path: Path) -> None:
    t = Router(_load(tmp_path, GOOD)).targets
    assert t["azure-eu"].url("chat", "prod-gpt4o", "/v1/chat/completions", "", azure_client=False) == \
        "https://myorg.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21"
    assert t["azure-eu"].url("embeddings", "a/b", "/v1/embeddings", "x=1", azure_client=False) == \
        "https://myorg.openai.azure.com/openai/deployments/a%2Fb/embeddings?api-version=2024-10-21"
    assert t["local"].url("chat", "m", "/v1/chat/completions", "a=1", azure_client=False) == \
        "http://vllm:8000/v1/chat/completions?a=1"
    assert t["local"].url("completions", "m", "/openai/deployments/m/completions", "api-version=1",
                          azure_client=True) == "http://vllm:8000/v1/completions"
    assert t["azure-eu"].auth("k") == {"api-key": "k"} and t["local"].auth("k") == {"Authorization": "Bearer k"}
    assert t["claude2"].auth("k") == {"x-api-key": "k"}


@pytest.mark.parametrize(("text", "expected"), [
    ("routes:\n  - {models: [x], provider: nope}\n",
     "proxy.yaml:2: routes.0.provider: unknown provider 'nope' (known: openai, anthropic)"),
    ("routes:\n  - models: [x]\n    provider: openai\n    fallback: [openai]\n",
     "proxy.yaml:4: routes.0.fallback.0: provider 'openai' is already in this route"),
    ("routes:\n  - {models: [gpt-*], provider: openai, fallback: [anthropic]}\n",
     "proxy.yaml:2: routes.0.fallback.0: provider 'anthropic' (kind: anthropic) cannot take requests for 'openai' "
     "(kind: openai): the proxy does not translate between the OpenAI and Anthropic formats"),
    ("routes:\n  - {models: ['*'], provider: openai}\n  - {models: [gpt-4o], provider: openai}\n",
     "proxy.yaml:3: routes.1.models.0: 'gpt-4o' can never match: routes[0] ('*') comes first and takes every "
     "model it names"),
    ("routes:\n  - {models: ['gpt-4*'], provider: openai}\n  - {models: [x, 'gpt-4o*'], provider: openai}\n",
     "proxy.yaml:3: routes.1.models.1: 'gpt-4o*' can never match: routes[0] ('gpt-4*') comes first and takes "
     "every model it names"),
    ("providers:\n  az: {kind: azure, base_url: 'https://a.example'}\n",
     "proxy.yaml:2: providers.az: api_version is required for kind: azure (e.g. \"2024-10-21\")"),
    ("providers:\n  local: {kind: openai}\n", "proxy.yaml:2: providers.local.base_url: required key missing"),
    ("providers:\n  local: {kind: ollama, base_url: 'http://x'}\n",
     "proxy.yaml:2: providers.local.kind: Input should be 'openai', 'anthropic' or 'azure'"),
    ("providers:\n  local: {kind: openai, base_url: 'http://x', api_key_env: sk-abc}\n",
     "proxy.yaml:2: providers.local.api_key_env: expected the NAME of an environment variable that holds the key, "
     "not the key itself"),
])
def test_config_errors_point_at_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                         expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert _errors(tmp_path, text) == [expected]


def test_a_catch_all_for_one_format_shadows_nothing_of_the_other(tmp_path: Path) -> None:
    config = _load(tmp_path, "routes:\n  - {models: ['*'], provider: anthropic}\n"
                             "  - {models: [gpt-4o], provider: openai}\n")
    assert Router(config).chain("openai", "gpt-4o") == ("openai",)


def test_the_router_agrees_with_a_plain_first_match_loop() -> None:
    import fnmatch
    import random

    rng = random.Random(17)
    parts = ["gpt", "-4o", "-mini", "llama", "-3", "*", "?", "[0-9]", "claude", ".5", "o"]
    for _ in range(200):
        globs = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))]
        routes = [{"models": [g], "provider": f"p{i}"} for i, g in enumerate(globs)]
        providers = {f"p{i}": {"kind": "openai", "base_url": "http://x/v1"} for i in range(len(globs))}
        # Shadowed globs are allowed here (no route_errors): the router's own behaviour is under test.
        config = ProxyConfig.model_validate({"providers": providers, "routes": routes})
        router = Router(config)
        for _ in range(30):
            model = "".join(rng.choice(["gpt", "-4o", "-mini", "llama", "-3", "7", "claude", ".5", "o", "x"])
                            for _ in range(rng.randint(1, 5)))
            expected = next((i for i, g in enumerate(globs) if fnmatch.fnmatchcase(model, g)), None)
            got = router._resolve("openai", model, False)
            assert got == ((f"p{expected}",) if expected is not None else ("openai",)), (globs, model)


@pytest.mark.parametrize(("kind", "base", "path", "url"), [
    ("openai", "https://api.openai.com/v1/", "/v1/models", "https://api.openai.com/v1/models"),
    ("openai", "https://gw.example/v1//", "/v1/chat/completions", "https://gw.example/v1/chat/completions"),
    ("openai", "https://gw.example/v1", "/v1x/odd", "https://gw.example/v1/v1x/odd"),  # only a whole /v1/ is joined
    ("openai", "https://acme.example/openai/", "/v1/embeddings", "https://acme.example/openai/v1/embeddings"),
    ("anthropic", "https://gw.example/anthropic/v1/", "/v1/messages", "https://gw.example/anthropic/v1/v1/messages"),
])
def test_a_targets_url_from_its_base_url_as_loaded(tmp_path: Path, kind: str, base: str, path: str, url: str) -> None:
    """The base URL's root (no trailing `/`) and whether it already names OpenAI's `/v1` are kept once at load."""
    target = Router(_load(tmp_path, f"providers:\n  p: {{kind: {kind}, base_url: '{base}'}}\n")).targets["p"]
    assert target.url("chat", "m", path, "", azure_client=False) == url
    assert target.url("chat", "m", path, "a=1", azure_client=False) == url + "?a=1"


def test_router_for_builds_one_router_per_loaded_file(tmp_path: Path) -> None:
    """The router of the config the last request named is kept at hand; a reloaded file (a new config
    object) gets its own router, and going back to an earlier one finds that one's router again."""
    from proxy.edge.routing import router_for

    first = _load(tmp_path, GOOD)
    second = _load(tmp_path, "providers:\n  openai: {base_url: http://x/v1}\n")
    one = router_for(first)
    assert router_for(first) is one and one.chain("openai", "llama-3") == ("local",)
    two = router_for(second)
    assert two is not one and two.chain("openai", "llama-3") == ("openai",)
    assert router_for(first) is one and router_for(second) is two
