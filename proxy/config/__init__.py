"""Configuration users edit: proxy.yaml and teams.yaml, policies, budgets.yaml, YAML errors, reload, keys."""
