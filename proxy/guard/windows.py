"""Output checks and restore over a streamed answer, one logical text (channel) at a time.

`feed(channel, fragment)` returns the text that can be shown now, `end(channel)` the rest. What is
held back, and why (the bound that time-to-first-token pays):
- With output `pii` or `patterns` rules, or `toxicity` with `stream_hold: sentence`, text is
  released in windows: at each sentence end (`.`, `!`, `?` then whitespace, or a newline), or,
  with no sentence end, once `hold_chars` (default 200) are pending, at the last word boundary not
  preceded by digits (a phone number or card is never split), and never more than `2 × hold_chars`
  (400) characters. Each window is analysed whole, so a value split across chunks is still found.
  A JSON channel (tool call arguments) is held whole up to `2 × hold_chars`, no sentence cuts, and its
  values are also read together (`{"a":5555,"b":5555,...}`: `proxy.guard.joined.sibling_joints`).
- `toxicity` with `stream_hold: none` holds nothing: each sentence is scored once it is complete
  and the stream stops after the first violating one.
- Restore (`input.pii.restore`) only holds a tail that can still become one of the request's
  placeholders (`<EMAIL_ADD`), so a placeholder split across chunks is restored whole. On a channel
  fed with `in_json=True` (tool call arguments streamed as JSON fragments) each original goes in
  JSON-string-escaped, so the joined arguments stay valid JSON.

Once a window is blocked, `blocked` is set, `feed` and `end` return "", and the caller ends the
stream (OpenAI `finish_reason: "content_filter"`, Anthropic `stop_reason: "refusal"`). A check that
cannot run mid-stream under `on_error: block` also ends it (a 503 can no longer be sent).
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from proxy.config.policy import Policy
from proxy.guard.checks.base import Finding
from proxy.guard.decision import GuardUnavailable, block_message, rank, strongest
from proxy.guard.joined import JSON, JSON_IN_STRING, json_string_state
from proxy.guard.rewrite import apply_findings, rewritten
from proxy.guard.vault import Vault, placeholder_prefix_at

if TYPE_CHECKING:
    from proxy.guard.engine import Guard

_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*\s+|\n+")
_SAFE_SPACE = re.compile(r"(?<=[^\W\d_])[,;:]?\s+")  # whitespace after a word of letters


def sentence_cut(text: str) -> int:
    """End of the last complete sentence in `text` (0 if none)."""
    cut = 0
    for m in _SENTENCE_END.finditer(text):
        cut = m.end()
    return cut


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, the trailing whitespace included; blank ones left out."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@dataclass
class _Channel:
    pending: str = ""      # received, not yet released
    unscored: str = ""     # released, not yet scored (toxicity with stream_hold: none)
    in_json: bool = False  # the fragments form a JSON document (tool call arguments)
    json_inside: bool = False  # in_json: `pending` starts inside a JSON string


class OutputWindows:
    """Incremental output phase for one streamed answer. Not shared between requests."""

    def __init__(self, guard: Guard, policy: Policy, vault: Vault, hold_chars: int = 200) -> None:
        rules = policy.output
        self.guard, self.policy, self.vault = guard, policy, vault
        self.hold_chars = max(20, hold_chars)
        self.restore: Vault | None = vault if policy.input.pii is not None and policy.input.pii.restore else None
        tox = rules.toxicity
        self.score_after = tox is not None and tox.stream_hold == "none"
        scored = tox is not None or rules.bias is not None
        self.windowed = (rules.pii is not None or rules.secrets is not None or bool(rules.patterns)
                         or (scored and not self.score_after))
        self.blocked = False
        self.block_check: str | None = None
        self.block_kind: str | None = None  # entity type, pattern name or label that blocked
        self.error: str | None = None
        self._channels: dict[str, _Channel] = {}
        self._records: dict[str, dict[str, Any]] = {}
        self._actions: list[str] = []

    # ---- public

    async def feed(self, channel: str, fragment: str, in_json: bool = False) -> str:
        """Release what can be shown of `channel` after `fragment`; `in_json`: the channel's text is a
        JSON document, originals are restored into it JSON-string-escaped."""
        if self.blocked:
            return ""
        ch = self._channels.setdefault(channel, _Channel())
        ch.in_json = ch.in_json or in_json
        ch.pending += fragment
        cut = len(ch.pending)
        if self.windowed:
            cut = self._json_cut(ch.pending) if ch.in_json else self._cut(ch.pending)
        if self.restore is not None and self.vault:
            cut = placeholder_prefix_at(ch.pending[:cut], self.vault)
        if cut <= 0:
            return ""
        segment, ch.pending = ch.pending[:cut], ch.pending[cut:]
        return await self._release(ch, segment, final=False)

    async def end(self, channel: str) -> str:
        if self.blocked:
            return ""
        ch = self._channels.setdefault(channel, _Channel())
        segment, ch.pending = ch.pending, ""
        out = await self._release(ch, segment, final=True) if segment or ch.unscored else ""
        return out

    @property
    def held(self) -> dict[str, int]:
        """Characters held back per channel right now."""
        return {name: len(ch.pending) for name, ch in self._channels.items()}

    def records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._records.values()]

    @property
    def decision(self) -> str:
        enforce = strongest(self._actions)
        if self.policy.monitor:
            return "flag" if enforce != "allow" else "allow"
        return enforce

    @property
    def would_decision(self) -> str | None:
        if not self.policy.monitor:
            return None
        return strongest(self._actions)

    @property
    def block_reason(self) -> str | None:
        if not self.blocked or not self.block_check:
            return None
        return block_message(self.policy.name, self.block_check, self.block_kind)

    # ---- internals

    def _cut(self, text: str) -> int:
        cut = sentence_cut(text)
        if cut or len(text) < self.hold_chars:
            return cut
        for m in _SAFE_SPACE.finditer(text):
            cut = m.end()
        if cut:
            return cut
        return len(text) if len(text) >= 2 * self.hold_chars else 0

    def _json_cut(self, text: str) -> int:
        """A JSON document (tool call arguments) is held whole up to `2 × hold_chars`, so the values of one
        object are read together (`proxy.guard.joined.sibling_joints`); longer, it goes in such windows."""
        return self._cut(text) if len(text) >= 2 * self.hold_chars else 0

    async def _release(self, ch: _Channel, segment: str, final: bool) -> str:
        try:
            if self.windowed and segment:
                inside = ch.json_inside
                if ch.in_json:
                    ch.json_inside = json_string_state(segment, inside)
                out = await self._check_window(segment, ch.in_json, inside)
            else:
                out = self.restore.restore(segment, in_json=ch.in_json) if self.restore is not None else segment
            if self.score_after and not self.blocked:
                await self._score_released(ch, segment, final)
        except GuardUnavailable as exc:
            self._merge(exc.records)
            self.blocked, self.block_check, self.error = True, exc.check, exc.reason
            return ""
        return out

    async def _check_window(self, segment: str, in_json: bool = False, inside: bool = False) -> str:
        """Output checks over one window; the releasable text (up to the sentence that blocks, if any).
        `in_json`: the window is (part of) a JSON document, its values read together too; `inside`: it
        starts inside one of its strings."""
        scoring = {"toxicity", "bias"}
        whole = self.guard.run_phase(self.policy, "output", [segment], vault=self.vault, skip=scoring,
                                     json_texts=[JSON_IN_STRING if inside else JSON] if in_json else None)
        spans = sentence_spans(segment) or [(0, len(segment))]
        if self.score_after or (self.policy.output.toxicity is None and self.policy.output.bias is None):
            result = await whole
            self._merge(result.records)
            scored_findings: list[list[Finding]] = []
        else:
            result, scored = await asyncio.gather(whole, self.guard.run_phase(
                self.policy, "output", [segment[a:b] for a, b in spans], vault=self.vault, only=scoring,
                joined=False))
            self._merge(result.records + scored.records)
            scored_findings = scored.findings
        found = result.findings[0] if result.findings else []
        # Where the first blocking sentence starts: everything before it may still go out.
        stops = [(a, f) for a, b in spans for f in found if f.action == "block" and a <= f.start < b]
        stops += [(spans[k][0], f) for k, per in enumerate(scored_findings) for f in per if f.action == "block"]
        stops.sort(key=lambda item: item[0])
        self._note([f for _, f in stops] + found + [f for per in scored_findings for f in per])
        if self.policy.monitor:
            return self.restore.restore(segment, in_json=in_json) if self.restore is not None else segment
        if stops:
            segment, found = segment[:stops[0][0]], [f for f in found if f.end <= stops[0][0]]
        if not any(f.action == "redact" and f.end > f.start for f in found):
            return self.restore.restore(segment, in_json=in_json) if self.restore is not None else segment
        text, rule, restore, vault = segment, self.policy.output.pii, self.restore, self.vault

        def rewrite() -> list[str]:
            return [apply_findings(text, found, vault, restore, in_json=in_json, rule=rule, restorable=False,
                                   json_inside=inside)]

        return (await rewritten(rewrite, self.policy, [], "output"))[0]

    async def _score_released(self, ch: _Channel, segment: str, final: bool) -> None:
        """stream_hold: none: score sentences after they went out; a violation stops what follows."""
        ch.unscored += segment
        done = len(ch.unscored) if final else sentence_cut(ch.unscored)
        if not done:
            return
        batch, ch.unscored = sentences(ch.unscored[:done]), ch.unscored[done:]
        if batch:
            late = await self.guard.run_phase(self.policy, "output", batch, vault=self.vault,
                                              only={"toxicity", "bias"}, joined=False)
            self._merge(late.records)
            self._note([f for per_text in late.findings for f in per_text])

    def _note(self, found: list[Finding]) -> bool:
        """Remember the findings' actions; True if one blocks."""
        self._actions.extend(f.action for f in found)
        block = next((f for f in found if f.action == "block"), None)
        if block is not None and not self.policy.monitor and not self.blocked:
            self.blocked, self.block_check, self.block_kind = True, block.check, block.kind
        return block is not None

    def _merge(self, records: list[dict[str, Any]]) -> None:
        for rec in records:
            key = rec["check"]
            agg = self._records.get(key)
            if agg is None:
                self._records[key] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in rec.items()}
                continue
            agg["ms"] = round(agg.get("ms", 0) + rec.get("ms", 0), 2)
            if rank(rec["action"]) > rank(agg["action"]) or rec["action"] == "error":
                agg["action"] = rec["action"]
            if "error" in rec:
                agg["error"] = rec["error"]
            if "findings" in rec:
                agg["findings"] = dict(sorted((Counter(agg.get("findings", {})) + Counter(rec["findings"])).items()))
            if "scores" in rec:
                scores = agg.setdefault("scores", {})
                for label, value in rec["scores"].items():
                    scores[label] = max(scores.get(label, 0.0), value)
            if "groups" in rec:
                agg["groups"] = sorted(set(agg.get("groups", [])) | set(rec["groups"]))
