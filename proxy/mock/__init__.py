"""A mock LLM provider (OpenAI and Anthropic wire formats): `guardrail-proxy mock-upstream`."""
