"""`python -m proxy` is the same as the `guardrail-proxy` command."""

from proxy.cli import main

raise SystemExit(main())
