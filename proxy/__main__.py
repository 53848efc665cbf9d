"""`python -m proxy` is the same as the `guardrail-proxy` command."""

from proxy.cli.main import main

# Guarded: PII analysis workers are spawned processes, which import the parent's __main__ module.
if __name__ == "__main__":
    raise SystemExit(main())
