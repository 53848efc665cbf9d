"""Which numbers of an answer are text (`proxy.providers.answers.answer_sweep`).

A JSON number is read as its digits (`proxy.providers.inventory.number_text`) wherever a text could be:
- under a key the official SDKs' answer types do not name (an unknown field), or anywhere inside one;
- under a key they name as something else than a number (a type-confused text field: `content`,
  `refusal`, `arguments`, `text`, `title`, `delta`, an `id`, an error's `code` given as a number);
- under one of the SDKs' numeric fields (`NUMERIC_KEYS`: counts, indexes, offsets, scores, logprob values,
  embedding vectors) when it is beyond what that field holds: 9 digits or more (`_LIMIT`, as for a
  request's numeric parameters), and for a Unix time (`TIME_KEYS`: `created`, `*_at`) from 2,000,000,000
  on (2033-05-18; every ten-digit North American phone number is above it: a later time is still read,
  it is only slower). A card, a phone number or an SSN is at least 9 digits.
Any other number (a token count, an index, `created`, an embedding's floats) is not text and is never
looked at again. A number found to hold a value becomes its placeholder, a string; on a block it is
emptied (`""`) like the other fields the adapters do not read as text.

`NUMERIC_KEYS` is generated from the answer types of the installed `openai` and `anthropic` packages (chat,
completions, embeddings, Responses, models, Anthropic messages, and their stream events): every field whose
type is a number or a list or map of numbers. `tests/providers/test_answer_numbers.py` regenerates it.
"""

from __future__ import annotations

from typing import Any

# fmt: off
NUMERIC_KEYS = frozenset({
    'accepted_prediction_tokens', 'annotation_index', 'attributes', 'audio_tokens', 'bytes',
    'cache_creation_input_tokens', 'cache_missed_input_tokens', 'cache_missed_tokens', 'cache_read_input_tokens',
    'cache_write_tokens', 'cached_image_tokens', 'cached_text_tokens', 'cached_tokens', 'category_scores', 'code',
    'command_index', 'comparison_reusable_tokens', 'completed_at', 'completion_tokens', 'content_index', 'created',
    'created_at', 'display_height', 'display_width', 'document_index', 'embedding', 'embedding_weight',
    'end_block_index', 'end_char_index', 'end_index', 'end_page_number', 'ephemeral_1h_input_tokens',
    'ephemeral_5m_input_tokens', 'exit_code', 'expires_at', 'frame_count', 'frame_duration_ms', 'image_tokens',
    'index', 'input_tokens', 'logprob', 'max_input_tokens', 'max_num_results', 'max_output_length',
    'max_output_tokens', 'max_tokens', 'max_tool_calls', 'new_lines', 'new_start', 'num_lines', 'num_requests',
    'old_lines', 'old_start', 'output_compression', 'output_index', 'output_tokens', 'partial_image_index',
    'partial_images', 'prompt_tokens', 'reasoning_tokens', 'rejected_prediction_tokens', 'return_code', 'score',
    'score_threshold', 'scroll_x', 'scroll_y', 'search_result_index', 'sequence_number', 'start_block_index',
    'start_char_index', 'start_index', 'start_line', 'start_page_number', 'summary_index', 'temperature',
    'text_offset', 'text_tokens', 'text_weight', 'thinking_tokens', 'timeout_ms', 'token_logprobs', 'top_logprobs',
    'top_p', 'total_lines', 'total_tokens', 'ttl_12h_tokens', 'ttl_30m_tokens', 'value', 'web_fetch_requests',
    'web_search_requests', 'x', 'y',
})
# fmt: on
# Of those, Unix times in seconds.
TIME_KEYS = frozenset(k for k in NUMERIC_KEYS if k == "created" or k.endswith("_at"))

_LIMIT = 100_000_000
_TIME_LIMIT = 2_000_000_000


def number_is_text(key: Any, value: int | float, loose: bool) -> bool:
    """Whether `value`, a JSON number (not a boolean) under `key` (the nearest object key above it: a
    list's elements are under the list's key), is text to screen; `loose`: it is inside a field the SDKs
    do not name."""
    if loose or key not in NUMERIC_KEYS:
        return True
    return not abs(value) < (_TIME_LIMIT if key in TIME_KEYS else _LIMIT)


def all_in_range(key: str, values: list[Any]) -> bool:
    """A fast check for a long list of numbers under a numeric field (an embedding vector): True when every
    element is a number within that field's range, so none of them is text (False: look at each)."""
    limit = _TIME_LIMIT if key in TIME_KEYS else _LIMIT
    try:
        return bool(values) and -limit < min(values) and max(values) < limit
    except TypeError:  # not all numbers (strings, objects, nested lists): each is looked at
        return False
