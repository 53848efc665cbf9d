"""A mock LLM provider (OpenAI and Anthropic wire formats): `guardrail-proxy mock-upstream`.

It backs `guardrail-proxy mock-upstream` / `guardrail-proxy demo` and stands in for the real
providers in tests and benchmarks. By default it echoes (`"You said: " + <last user text>`); tests
queue `Script`s to make it say chosen things, call tools, fail, stall or break a stream, and read
`MockState.requests` to see what reached it. Control routes under `/_mock/` do the same over HTTP.

Modules, from the bottom up:

- `encoding`: compact JSON, SSE frames, delta templates.
- `state`: `Script`, `RecordedRequest`, `MockState` (at `app[MOCK_STATE]`).
- `turn`: the tokenizer, the echo, and `plan` (one request + its script -> a `Turn`).
- `wire`: JSON and SSE responses (paced, cut, replayed), provider-shaped errors, ids.
- `openai`, `openai_responses`, `anthropic`: one wire format each, a `Turn` in, a response out.
- `control`: the `/_mock/*` routes.
- `server`: `create_mock_app` (recording, validation, scripts around every route), `run_mock_upstream`.
"""
