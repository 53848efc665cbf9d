"""Guardrail checks: each finds things in texts; the engine (`proxy.guard.engine`) decides and rewrites."""
