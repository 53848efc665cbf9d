"""Decide and rewrite texts, never HTTP: the engine, decisions, rewriting, the vault, windowed output, and checks/."""
