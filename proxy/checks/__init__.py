"""Guardrail checks: each finds things in texts; the pipeline (`proxy.pipeline`) decides and rewrites."""
