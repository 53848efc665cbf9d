"""Who is calling: the presented key, the team it belongs to, the team's policy and model allow-list.

With no teams.yaml the proxy is single-tenant: every request is team `default`, and a credential header
that is not shaped like a key is a 401 (the client's key goes upstream: `proxy.edge.credentials`). With it, every
request must carry a team key (`Authorization: Bearer gp-...`, `x-api-key` or `api-key`), compared
as its sha256; a missing or unknown key is a 401 in the provider's format.
"""

from __future__ import annotations

from collections.abc import Mapping

from multidict import MultiMapping

from proxy.config.settings import AmbiguousModel, Settings
from proxy.edge import credentials
from proxy.errors import ProxyError
from proxy.exchange import Exchange


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key the client sent: a bearer token, else `x-api-key` (Anthropic) or `api-key` (Azure)."""
    auth = headers.get("Authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    key = headers.get("x-api-key") or headers.get("api-key")
    return key.strip() if key else None


def identify(settings: Settings, headers: MultiMapping[str], ex: Exchange) -> None:
    """Set the team, its policy and that policy's version; raises 401 for a missing or unknown key (team
    mode) or a credential header that is no key (single tenant: `proxy.edge.credentials`)."""
    if settings.teams is None:
        set_team(settings, ex, "default")  # the default policy is in force, refused or not
        refused = credentials.refused_credential(headers)
        if refused is not None:
            # The client's own key goes upstream in single-tenant mode: only a key's shape may (never the value
            # in the message: it may be anything).
            raise ProxyError("invalid_api_key", f"the '{refused}' header does not hold an API key (one token of "
                             "letters, digits and -._~+/, no spaces, no @, no long digit runs; Authorization: "
                             "Bearer <key>); the request was not forwarded")
        return
    key = presented_key(headers)
    team = settings.team_for_key(key) if key else None
    if team is None:  # no team, so no policy: the answer and its record name none
        raise ProxyError("invalid_api_key",
                         "missing or invalid guardrail key; send a team key (gp-...) as the API key")
    set_team(settings, ex, team)


def set_team(settings: Settings, ex: Exchange, team: str) -> None:
    """The request's team, its policy and that policy's version; the ids its answers relay are remembered as its
    (`proxy.providers.issued.scope`)."""
    from proxy.providers.issued import scope

    ex.team = team
    scope(team)
    ex.policy = policy_name(settings, ex.team)
    ex.policy_version = settings.policies.version(ex.policy) if settings.policies is not None else "builtin"


def policy_name(settings: Settings, team: str | None) -> str:
    """The team's policy (before its request's model is known: `select_policy`)."""
    if settings.teams is not None and team is not None:
        t = settings.team(team)
        if t is not None:
            return str(t.policy)
    return "default"


def select_policy(settings: Settings, ex: Exchange) -> None:
    """The policy for the request's model (teams.yaml `model_policies`), once `check_model` passed.

    Only the team's configuration and the model the provider will receive decide: no header, no other
    field. A model whose rule would change with its letter case is refused (400)."""
    team = settings.team(ex.team) if settings.teams is not None and ex.team is not None else None
    if team is None or not team.model_policies:
        return
    try:
        name = team.policy_for(ex.model, ex.provider, ex.chain)
    except AmbiguousModel:
        raise ProxyError("invalid_request", f"model '{ex.model}' matches a per-model policy of team '{ex.team}' "
                         "only in another letter case: send the exact model name", param="model") from None
    ex.policy = name
    ex.policy_version = settings.policies.version(name) if settings.policies is not None else "builtin"


def check_model(settings: Settings, ex: Exchange) -> None:
    """The team's model allow-list (teams.yaml `models`, globs); raises 403 for a model not on it.

    A request without `model` (on /v1/responses a stored prompt picks the model at the provider) can
    be checked against neither the allow-list, a per-model policy nor a budget: it is refused (400) when
    the team has any of them, unless teams.yaml says `stored_prompts: true` for it (the team's `policy`
    then applies)."""
    if ex.team is None:
        return
    team = settings.team(ex.team) if settings.teams is not None else None
    if ex.model is None:
        budgets = settings.budgets
        capped = budgets is not None and budgets.for_team(ex.team).capped
        listed = team is not None and (team.models is not None or bool(team.model_policies))
        if (capped or listed) and not (team is not None and team.stored_prompts):
            raise ProxyError("invalid_request", f"field 'model' is required for team '{ex.team}': without it "
                             "the provider picks the model (a stored prompt), which the team's allow-list, "
                             "per-model policies and budget cannot check; teams.yaml `stored_prompts: true` "
                             "allows it", param="model")
        return
    if team is not None and not team.model_allowed(ex.model):
        raise ProxyError("model_not_allowed", f"model '{ex.model}' is not allowed for team '{ex.team}'",
                         param="model")
