"""The most a provider can bill for a request as sent: the budget reservation, a true upper bound.

Input tokens:
- text: every string in the body counts its UTF-8 bytes (byte-level BPE tokenizers, OpenAI's and
  Anthropic's, never emit more tokens than bytes), object keys and numbers too (tool schemas are
  rendered into the prompt), plus `OBJECT_TOKENS` per JSON object (message and part framing),
  `TOOL_TOKENS` per tool, `REQUEST_TOKENS` per request (reply priming, tool preambles) and, on
  Anthropic with tools, its documented tool-use system prompt. No exact tokenizer is used: none is
  available offline here, and the byte count needs none (English costs ~4 bytes a token, so the bound
  is ~4x the real input; it is replaced by the real cost when the request settles).
- token-id arrays (`prompt` / `input` of completions and embeddings, as lists of ints or lists of
  such lists): one token per id. Numbers elsewhere count their JSON text, like strings.
- images: the provider's documented maximum per image (`image_tokens`), whatever the URL or data:
  the provider scales every image down to a fixed size first. The base64 payload is not text.
- provider-side content the proxy cannot see (`previous_response_id`, `conversation`, a stored
  `prompt`, `item_reference` (typed or not) and reasoning items on /v1/responses; files and PDF documents): the
  model's whole context window (`context_window`), refused when that is not known.
- refused (`Unbounded`, a 400): audio (priced per second at audio rates; an assistant message's
  `audio` reference too), server-side tools (web search, code execution, MCP, ...: per-call fees and
  fetched content), search models (a per-call fee outside `usage`), `service_tier` `priority`, `fast`
  and `scale`, Anthropic's fast `speed` (prices the table does not hold), and an output limit that is
  neither sent nor known for the model.
- price-raising tiers a request may be served at unasked (`proxy.budget.tier47`): Anthropic's US-only
  inference (1.1x), OpenAI's Priority where a capped team's `auto` cannot be sent as `default`.

Output tokens: the request's limit (`max_tokens`, `max_completion_tokens`, `max_output_tokens`), else
the model's output limit, times the choices (`n`, `best_of`, one completion per prompt of a batch),
plus the tokens of a `prediction` (rejected predicted tokens are billed as output).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from proxy.budget import tier47
from proxy.budget.pricing import ModelPrice, Tokens, max_output_tokens, model_candidates
from proxy.providers.base import ANTHROPIC, CHAT, COMPLETIONS, EMBEDDINGS, MESSAGES, RESPONSES

OBJECT_TOKENS = 4      # per JSON object: a message's or part's framing (OpenAI documents 3-4 per message)
TOOL_TOKENS = 32       # per tool: the rendered wrapper around its schema (`type f = (_: {...}) => any;`)
REQUEST_TOKENS = 64    # per request: reply priming, the tools namespace preamble
ANTHROPIC_TOOLS_SYSTEM = 600  # Anthropic's tool-use system prompt: at most 530 tokens (Claude 3 Opus, auto)
ANTHROPIC_TYPED_TOOL = 1_500  # computer / bash / text editor tools: up to 735 tokens + 499 of system prompt

# Images. OpenAI: tile models bill at most 85 + 170 x 8 tiles = 1,445 tokens; patch models at most
# 1,536 patches x 2.46 (gpt-4.1-nano, gpt-5-nano) = 3,779; gpt-4o-mini bills 2,833 + 5,667 x 8 tiles =
# 48,169 (its tokens are cheaper). Anthropic scales images to ~1,600 tokens (1.15 megapixels).
IMAGE_TOKENS_OPENAI_KNOWN = 3_779
IMAGE_TOKENS_OPENAI_MAX = 48_169
IMAGE_TOKENS_ANTHROPIC = 2_000
_OPENAI_IMAGE_FAMILIES = ("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4",
                          "computer-use")

# Context windows (input + output tokens) of models that keep context at the provider, as OpenAI
# documents them; genai-prices rounds some (gpt-4.1: 1,000,000 instead of 1,047,576), so this table
# comes first and the genai-prices snapshot (`context_window`) covers the rest.
CONTEXT_WINDOWS: dict[str, int] = {
    "gpt-4.1": 1_047_576, "gpt-4.1-mini": 1_047_576, "gpt-4.1-nano": 1_047_576,
    "gpt-4o": 128_000, "gpt-4o-mini": 128_000, "gpt-4.5": 128_000, "chatgpt-4o": 128_000,
    "gpt-5": 400_000, "o1": 200_000, "o1-pro": 200_000, "o3": 200_000, "o3-mini": 200_000,
    "o3-pro": 200_000, "o4-mini": 200_000, "codex-mini": 200_000,
}

_IMAGE_TYPES = frozenset({"image_url", "input_image", "image"})
_FILE_TYPES = frozenset({"file", "input_file", "document"})
_AUDIO_TYPES = frozenset({"input_audio", "audio"})
_CONTEXT_ITEMS = frozenset({"item_reference", "reasoning", "compaction"})
_OPENAI_TOOLS = frozenset({"function", "custom"})
_ANTHROPIC_CLIENT_TOOLS = re.compile(r"(bash|text_editor|computer|memory)_\w+")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
# OpenAI's search models (`gpt-4o-search-preview`, `gpt-4o-mini-search-preview`, `gpt-5-search-api`)
# search the web on every Chat Completions call, billed per call outside `usage`.
# OpenAI models that reason by default (o-series, gpt-5, codex), also under a fine-tune's or a router's prefix.
# Models that think in tokens the text never shows, whatever the request asks (an o-series or gpt-5 snapshot, and
# other vendors' always-thinking models over the OpenAI format: Gemini 2.5 and later, Grok 3 mini and Grok 4 and
# later, DeepSeek's reasoner/R1, QwQ, Magistral, a `-thinking` variant; atk46 F02).
_REASONING_MODEL = re.compile(r"(?:.*[:/])?(?:o\d|gpt-5|codex|gemini-(?:2\.5|[3-9])|grok-(?:3-mini|[4-9])"
                              r"|deepseek-(?:reasoner|r1)|qwq|magistral)|.*-thinking(?:[-:@]|\Z)")


def thinks(model: str | None, provider: str) -> bool:
    """Whether `model` (as the request names it or as its answer says, `proxy.stream.usage`) always reasons in
    hidden, billed tokens (`_REASONING_MODEL`; Anthropic models think only when asked: `thinking`)."""
    return provider != ANTHROPIC and model is not None and _REASONING_MODEL.match(model.lower()) is not None
_SEARCH_MODEL = re.compile(r"(?:^|[-_:/])search(?:$|[-_:])")
_LIMIT_FIELDS: Mapping[str, tuple[str, ...]] = {
    CHAT: ("max_completion_tokens", "max_tokens"), COMPLETIONS: ("max_tokens",),
    RESPONSES: ("max_output_tokens",), MESSAGES: ("max_tokens",)}
_CLAMP_FIELD = {CHAT: "max_completion_tokens", COMPLETIONS: "max_tokens", RESPONSES: "max_output_tokens",
                MESSAGES: "max_tokens"}


class Unbounded(ValueError):
    """The request's cost has no bound the proxy can compute; `message` is safe for the client (400)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


@dataclass(frozen=True, slots=True)
class Bound:
    """The most a request can be billed: `input_tokens` + `per_choice` x `choices` (+ `extra_output`)."""

    input_tokens: int
    per_choice: int
    choices: int = 1
    extra_output: int = 0
    limit_field: str | None = None   # the body field that set `per_choice` (None: the model's limit)
    clamp_field: str | None = None   # the field to lower under `on_exceed: clamp` (None: cannot clamp)
    context: str | None = None       # why the input is the whole context window
    background: bool = False
    cache_write: bool = False        # Anthropic `cache_control`: input may be billed at the write rate
    cache_1h: bool = False           # ... at the 1-hour write rate (2x input)
    reasoning: bool = False          # the model may think in tokens the answer's text never shows
    premium: str | None = None       # a dearer tier it may be served at unasked (`proxy.budget.tier47.premium`)

    @property
    def output_tokens(self) -> int:
        return self.per_choice * self.choices + self.extra_output

    def with_limit(self, per_choice: int) -> Bound:
        return replace(self, per_choice=per_choice)


def _utf8(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _safe(value: Any) -> str:
    return f" '{value}'" if isinstance(value, str) and _SAFE_NAME.fullmatch(value) else ""


_PAYLOAD_KEYS = frozenset({"url", "image_url", "data", "file_id"})  # an image's bytes, not its text


class _Walk:
    """One pass over a body: text bytes, images, and the shapes that need the context window.

    Every scalar counts (strings by UTF-8 bytes, numbers and null by their JSON text): a tool schema's
    `enum` of numbers is rendered into the prompt like any text. Only an image's payload (its URL or
    base64 data) is left out, and only that: the part's other strings still count, so text hidden in
    an object that says `"type": "image"` is never waved through."""

    __slots__ = ("context", "image_tokens", "parts", "tokens")

    def __init__(self, image_tokens: int, parts: bool = True) -> None:
        self.tokens = 0
        self.image_tokens = image_tokens
        self.parts = parts  # False: a schema (tools, response formats), rendered as text whatever it says
        self.context: str | None = None

    def run(self, root: Any) -> None:
        # (node, mode): 0 plain, 1 inside an image part, 2 an image's payload (not counted)
        stack: list[tuple[Any, int]] = [(root, 0)]
        tokens = 0
        while stack:
            node, mode = stack.pop()
            if isinstance(node, str):
                if mode != 2:
                    tokens += _utf8(node)
            elif isinstance(node, dict):
                tokens += OBJECT_TOKENS
                kind = node.get("type")
                inside = 1 if mode or (self.parts and isinstance(kind, str) and self._part(kind, node)) else 0
                if self.parts and self.context is not None and isinstance(kind, str) and kind in _SKIPPED:
                    continue  # the whole context window is reserved: its bytes add nothing
                for key, value in node.items():
                    tokens += _utf8(key)
                    stack.append((value, 2 if inside and key in _PAYLOAD_KEYS else inside))
            elif isinstance(node, list):
                stack.extend((item, mode) for item in node)
            elif node is None:
                tokens += 4  # `null`
            elif mode != 2:
                tokens += len(str(node))
        self.tokens += tokens

    def _part(self, kind: str, node: dict[str, Any]) -> bool:
        """Note a content part the provider does not bill by its text; True: an image part."""
        if kind in _IMAGE_TYPES:
            self.tokens += self.image_tokens
            return True
        if kind in _AUDIO_TYPES:
            raise Unbounded("audio input cannot be priced by the proxy (billed per second at audio rates); "
                            "a team with a budget cannot send it")
        if kind in _FILE_TYPES:
            source = node.get("source")
            if kind == "document" and isinstance(source, dict) and source.get("type") in ("text", "content"):
                return False  # a plain-text document: its text counts
            self.context = self.context or "a file or PDF document"
        elif kind in _CONTEXT_ITEMS:
            self.context = self.context or f"an input item of type '{kind}'"
        return False


_SKIPPED = _FILE_TYPES | _CONTEXT_ITEMS
_SCHEMA_KEYS = ("tools", "functions", "response_format", "text", "output_format", "tool_choice")


def _token_ids(value: Any) -> int | None:
    """The length of a token-id array (`prompt` / `input`: a list of ints, or a list of such lists)."""
    if isinstance(value, list) and value:
        if all(type(t) is int for t in value):
            return len(value)
        if all(isinstance(v, list) and all(type(t) is int for t in v) for v in value):
            return sum(len(v) for v in value)
    return None


def image_tokens(provider: str, model: str | None) -> int:
    """The documented maximum one image can cost on `model` (see the module constants)."""
    if provider == ANTHROPIC:
        return IMAGE_TOKENS_ANTHROPIC
    name = (model or "").lower()
    if name.startswith("gpt-4o-mini"):
        return IMAGE_TOKENS_OPENAI_MAX
    if any(name == f or name.startswith(f + "-") for f in _OPENAI_IMAGE_FAMILIES):
        return IMAGE_TOKENS_OPENAI_KNOWN
    return IMAGE_TOKENS_OPENAI_MAX


_WINDOWS: dict[str, int | None] = {}


def context_window(model: str | None) -> int | None:
    """The model's context window in tokens: `CONTEXT_WINDOWS`, else the genai-prices snapshot."""
    if not model:
        return None
    if model in _WINDOWS:
        return _WINDOWS[model]
    found: int | None = None
    for name in model_candidates(model):
        best = max((p for p in CONTEXT_WINDOWS if name == p or name.startswith(p + "-")), key=len, default=None)
        if best is not None:
            found = CONTEXT_WINDOWS[best]
            break
    if found is None:
        from genai_prices import data_snapshot  # loaded once by pricing already; the import is cheap

        for name in model_candidates(model):
            try:
                _, info = data_snapshot.get_snapshot().find_provider_model(name.lower(), None, None, None)
            except LookupError:
                continue
            if isinstance(info.context_window, int) and info.context_window > 0:
                found = info.context_window
                break
    if len(_WINDOWS) > 1024:  # model names come from clients: stay bounded
        _WINDOWS.clear()
    _WINDOWS[model] = found
    return found


def _tools(provider: str, kind: str, body: dict[str, Any]) -> int:
    """Tool overheads; raises Unbounded for server-side tools."""
    tools = body.get("tools")
    extra = 0
    if isinstance(tools, list) and tools:
        for tool in tools:
            ttype = tool.get("type") if isinstance(tool, dict) else None
            if provider == ANTHROPIC:
                if ttype is None or ttype == "custom":
                    extra += TOOL_TOKENS
                elif isinstance(ttype, str) and _ANTHROPIC_CLIENT_TOOLS.fullmatch(ttype):
                    extra += ANTHROPIC_TYPED_TOOL
                else:
                    raise _server_tool(ttype)
            elif ttype in _OPENAI_TOOLS or (ttype is None and kind == CHAT):
                extra += TOOL_TOKENS
            else:
                raise _server_tool(ttype)
        if provider == ANTHROPIC:
            extra += ANTHROPIC_TOOLS_SYSTEM
    functions = body.get("functions")
    if isinstance(functions, list):
        extra += TOOL_TOKENS * len(functions)
    for name in ("mcp_servers", "container", "web_search_options"):
        if body.get(name) is not None:
            raise Unbounded(f"'{name}' runs server-side tools whose fees and fetched content the proxy cannot "
                            "bound; a team with a budget cannot use it", param=name)
    return extra


def _server_tool(ttype: Any) -> Unbounded:
    return Unbounded(f"the tool type{_safe(ttype)} runs at the provider (per-call fees, fetched content) and "
                     "cannot be bounded; a team with a budget can use function tools only", param="tools")


def _choices(kind: str, body: dict[str, Any]) -> int:
    def positive(name: str) -> int:
        value = body.get(name)
        return value if type(value) is int and value > 0 else 1

    if kind == CHAT:
        return positive("n")
    if kind == COMPLETIONS:
        prompt = body.get("prompt")
        prompts = 1
        if isinstance(prompt, list) and prompt and not all(type(t) is int for t in prompt):
            prompts = len(prompt)  # a batch: strings or token lists, one completion each
        return max(positive("n"), positive("best_of")) * prompts
    return 1


def request_bound(provider: str, kind: str, body: dict[str, Any], model: str | None) -> Bound:
    """The bound of one request as it will be sent; raises Unbounded (a 400 for the client)."""
    tier = body.get("service_tier")
    if tier in ("priority", "scale", "fast"):  # `fast`: OpenAI serves it at Priority
        raise Unbounded(f"service_tier '{tier}' is billed above the price table; a team with a budget "
                        "cannot use it", param="service_tier")
    if kind == CHAT and (body.get("audio") is not None or "audio" in (body.get("modalities") or ())):
        raise Unbounded("audio output cannot be priced by the proxy; a team with a budget cannot ask for it",
                        param="modalities")
    speed = body.get("speed")
    if speed is not None and speed != "standard":  # Anthropic's fast mode: billed at a multiple of the table
        raise Unbounded("'speed' other than 'standard' is billed above the price table; a team with a budget "
                        "cannot use it", param="speed")
    if model is not None and _SEARCH_MODEL.search(model.lower()):
        raise Unbounded("this model searches the web on every call (a per-call fee outside the token usage) "
                        "and cannot be bounded; a team with a budget cannot use it", param="model")
    messages = body.get("messages") if kind == CHAT else None
    if isinstance(messages, list) and any(isinstance(m, dict) and m.get("audio") is not None for m in messages):
        # An earlier audio answer referenced by id: the provider feeds it back as audio input tokens.
        raise Unbounded("audio input cannot be priced by the proxy (an assistant message's 'audio'); a team "
                        "with a budget cannot send it", param="messages")
    walk = _Walk(image_tokens(provider, model))
    rest = {k: v for k, v in body.items() if k != "model"}
    if kind in (COMPLETIONS, EMBEDDINGS):
        for name in ("prompt", "input"):
            ids = _token_ids(rest.get(name))
            if ids is not None:  # one token per id (its digits would count several)
                walk.tokens += ids
                del rest[name]
    # Schemas are rendered into the prompt as text: an object in them that says `"type": "image"` is
    # text like the rest, never an image part.
    schemas = _Walk(0, parts=False)
    schemas.run([rest.pop(name) for name in _SCHEMA_KEYS if name in rest])
    walk.run(rest)
    walk.tokens += schemas.tokens
    inp = walk.tokens + REQUEST_TOKENS + _tools(provider, kind, body)
    context = walk.context
    if kind == RESPONSES:
        for name in ("previous_response_id", "conversation"):
            if body.get(name) is not None:
                context = f"'{name}'"
        items = body.get("input")
        if context is None and isinstance(items, list) and any(_reference(item) for item in items):
            context = "an input item given by its id only (an item reference)"
        if isinstance(body.get("prompt"), dict):
            context = "a stored prompt ('prompt')"
    if context is not None:
        window = context_window(model)
        if window is None:
            raise Unbounded(f"the request uses provider-side context ({context}) and the model's context "
                            "window is unknown, so its cost cannot be bounded", param="model")
        inp = max(inp, window)
    out = Bound(input_tokens=inp, per_choice=0, context=context,
                background=kind == RESPONSES and body.get("background") is True)
    if kind == EMBEDDINGS:
        return out
    limit_field = next((f for f in _LIMIT_FIELDS.get(kind, ()) if type(body.get(f)) is int and body[f] > 0), None)
    if limit_field is not None:
        per_choice: int = body[limit_field]
    else:
        known = max_output_tokens(model, default=None)
        per_choice = known if known is not None else context_window(model) or 0
        if per_choice <= 0:
            field = _CLAMP_FIELD.get(kind, "max_tokens")
            raise Unbounded(f"the model's output limit is unknown: send '{field}' so the request's cost is "
                            "bounded", param=field)
    prediction = body.get("prediction")
    extra = 0
    if isinstance(prediction, dict):
        scan = _Walk(0)
        scan.run(prediction)
        extra = scan.tokens
    cache = provider == ANTHROPIC and "cache_control" in _keys_seen(body)
    reasoning = any(body.get(k) is not None for k in ("reasoning", "reasoning_effort", "thinking")) or \
        thinks(model, provider)
    return replace(out, per_choice=per_choice, choices=_choices(kind, body), extra_output=extra,
                   limit_field=limit_field, clamp_field=limit_field or _CLAMP_FIELD.get(kind),
                   cache_write=cache, cache_1h=cache and '"1h"' in _ttl_values(body), reasoning=reasoning,
                   premium=tier47.premium(provider, kind, body, model))


def _reference(item: Any) -> bool:
    """A Responses input item the provider resolves from what it stored: OpenAI's ItemReference has an
    optional `type`, so an item without a type (or `null`) and without a role is one, whatever else it
    carries (a message has a role; every other item has a type)."""
    return isinstance(item, dict) and item.get("type") is None and item.get("role") is None


def _keys_seen(body: Any) -> set[str]:
    seen: set[str] = set()
    stack = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            seen.update(node)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return seen


def _ttl_values(body: Any) -> str:
    out = []
    stack = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            cc = node.get("cache_control")
            if isinstance(cc, dict):
                out.append(f'"{cc.get("ttl")}"')
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return " ".join(out)


def bound_micros(price: ModelPrice, bound: Bound) -> int:
    """The most `bound` can cost at `price`: output at the higher of the output and reasoning rates,
    Anthropic input at the cache-write rate when the request writes to the cache; at the dearer tier the
    request may be served at unasked (`bound.premium`: Priority, US-only inference)."""
    price = tier47.tier_price(price, bound.premium)
    inp, out = bound.input_tokens, bound.output_tokens
    cost = price.cost_micros(Tokens(input=inp, output=out))
    cost = max(cost, price.cost_micros(Tokens(input=inp, output=out, reasoning=out)))
    if bound.cache_write:
        cost = max(cost, price.cost_micros(Tokens(input=inp, output=out, cache_write=inp)))
    if bound.cache_1h:  # the 1-hour cache writes at 2x the input rate; the table holds the 5-minute rate
        cost = max(cost, 2 * price.cost_micros(Tokens(input=inp)) + price.cost_micros(Tokens(output=out)))
    return cost


def affordable_limit(price: ModelPrice, bound: Bound, budget_micros: int) -> int:
    """The largest per-choice output limit below `bound.per_choice` whose bound fits `budget_micros`
    (0: none does). Binary search: costs are monotone in tokens, tiers included."""
    lo, hi = 0, bound.per_choice - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bound_micros(price, bound.with_limit(mid)) <= budget_micros:
            lo = mid
        else:
            hi = mid - 1
    return lo
