"""The `guardrail-proxy` command and its subcommands."""
