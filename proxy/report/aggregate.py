"""Decision logs in, one `Aggregator` out: every number the report shows, in bounded state.

`aggregate_files()` streams one or more `decisions.jsonl` files (plain, gzip or stdin) through an
`Aggregator` whose state does not grow with the number of records: counters per team, model,
policy, check and entity; spend and score histograms per calendar day; latencies in fixed
log-spaced histogram bins (percentiles within 1%); only the request ids grow with it, 16 bytes a
request (`repeats()`: a request counted twice, e.g. a log copied to another name). Large files
are cut into byte ranges and aggregated in parallel worker processes, whose aggregators are then
merged.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import sys
from bisect import bisect_right
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Any

import orjson

from proxy.audit.repeats import Repeats, id_key
from proxy.report import histograms as H
from proxy.report.histograms import SCORE_BINS, SCORE_INNER, LogHistogram

MAX_ALERTS = 1000
#: Finish reasons kept by name in the report (as `proxy.features` records them); others count as `other`.
FINISH_REASONS = frozenset({
    "stop", "length", "tool_calls", "function_call", "content_filter", "end_turn", "max_tokens", "stop_sequence",
    "tool_use", "pause_turn", "refusal", "model_context_window_exceeded", "max_output_tokens", "completed",
    "incomplete", "other"})
_FINISH_KEYS = {r: f"finish:{r}" for r in FINISH_REASONS}
_LANG_KEYS: dict[str, str] = {}  # language code -> its category key (a cache: codes are a short list)
assert (H.N, H.IN_N, H.IN_CHARS, H.MESSAGES, H.TOOLS, H.IN_TOK_N, H.IN_TOK, H.OUT_N, H.OUT_TOK, H.ANSWERS, H.REFUSALS,
        H.FILTERED, H.TOOL_ANSWERS, H.COST, H.COST_TOK, H.UP_N, H.UP_MS, H.IN_HIST, H.OUT_HIST, H.ROW,
        H.TOKEN_BINS) == (*range(17), 17, 30, 43, 13), "Aggregator._add_features writes these indices as numbers"


def _lang_key(lang: Any) -> str:
    """`lang:CODE` for a language code of 2-3 letters, else `lang:?` (cached: codes are a short list)."""
    if lang.__class__ is not str:
        return "lang:?"
    key = _LANG_KEYS.get(lang)
    if key is None:
        key = f"lang:{lang}" if 2 <= len(lang) <= 3 and lang.isalpha() else "lang:?"
        if len(_LANG_KEYS) < 1000:
            _LANG_KEYS[lang] = key
    return key
PARALLEL_MIN_BYTES = 32 << 20
NO_TEAM = "(no team)"

Counts = dict[str, int]


def _bump(table: dict[str, Counts], key: str, sub: str, n: int = 1) -> None:
    inner = table.get(key)
    if inner is None:
        table[key] = inner = {}
    inner[sub] = inner.get(sub, 0) + n


def merge_nested(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Add `other` into `into`: nested dicts of numbers, or of equal-length lists of numbers."""
    for key, value in other.items():
        mine = into.get(key)
        if mine is None:
            into[key] = value
        elif isinstance(value, dict):
            merge_nested(mine, value)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                mine[i] += v
        else:
            into[key] = mine + value


def json_number(value: Any) -> float | None:
    """A JSON number as float; None for null, strings, booleans, NaN and infinities."""
    kind = type(value)
    if kind is float:
        return value if -math.inf < value < math.inf else None
    if kind is int:
        return float(value)
    return None


def _day(ts: Any) -> str:
    if isinstance(ts, str) and len(ts) >= 10 and ts[4] == "-" and ts[7] == "-" and ts[:4].isdigit():
        return ts[:10]
    return ""


class Aggregator:
    """Everything the report shows, accumulated one record at a time in bounded state."""

    def __init__(self, source: str = "") -> None:
        self.requests = 0
        self.bad_lines = 0          # not JSON, or not an object
        self.malformed = 0          # a record whose fields had the wrong shape
        self.other_records = 0      # records of a `type` this report does not know
        self.errors = 0             # status >= 500
        self.over_budget = 0        # status 429
        self.cost_missing = 0
        self.total_cost = 0.0
        self.first_ts = ""
        self.last_ts = ""
        self.day_requests: Counts = {}
        self.spend: dict[str, dict[str, float]] = {}            # day -> team -> USD
        self.policy_decisions: dict[str, Counts] = {}           # policy -> decision -> n
        self.team_decisions: dict[str, Counts] = {}             # team -> decision -> n
        self.team_would_block: Counts = {}                      # monitor mode: enforce would have blocked
        self.team_over_budget: Counts = {}                      # status 429
        self.team_budget_blocks: Counts = {}                    # status 429 logged as decision "block"
        self.team_usage: dict[str, list[float]] = {}            # team -> [cost, input tok, output tok]
        self.check_actions: dict[str, Counts] = {}              # "phase/check" -> action -> n
        self.check_ms: dict[str, LogHistogram] = {}
        self.findings: dict[str, Counts] = {}                   # entity label -> phase -> n
        self.findings_by_day: dict[str, Counts] = {}            # day -> entity label -> n
        self.scores: dict[str, dict[str, list[float]]] = {}     # "phase/check/label" -> day -> bins+[sum]
        self.models: dict[str, list[float]] = {}                # model -> [requests, cost, in, out]
        self.latency = {"total": LogHistogram(), "guard": LogHistogram(), "upstream": LogHistogram()}
        self.alerts: list[dict[str, Any]] = []
        self.alert_count = 0
        # Feature series: "MODEL\tTEAM" -> hour ("YYYY-MM-DDTHH") -> a row of numbers (histograms.ROW), and
        # -> hour -> {"lang:xx" | "finish:reason": n}: what goes in and comes out (see `feature_rows()`).
        self.feat: dict[str, dict[str, list[float]]] = {}
        self.feat_cat: dict[str, dict[str, Counts]] = {}
        self.ids = Repeats()        # each request record's id, and the file it came from
        self._source = self.ids.place(source)
        self.duplicate_ids = 0      # set by the caller from `repeats()`, for the page to say

    # ------------------------------------------------------------------------------------ input
    def add_line(self, line: str) -> None:
        try:  # orjson: ~8 µs a record against ~22 µs for the standard library's C scanner
            rec = orjson.loads(line)
        except orjson.JSONDecodeError:
            # What orjson refuses and the standard library reads (NaN, integers past 64 bits, lone
            # surrogate escapes), blank lines, and lines that really are not JSON.
            if not line.strip():
                return
            try:
                rec = json.loads(line)
            except ValueError:
                self.bad_lines += 1
                return
        if not isinstance(rec, dict):
            self.bad_lines += 1
            return
        try:
            self.add(rec)
        except (TypeError, AttributeError, ValueError):
            self.malformed += 1

    def add(self, rec: dict[str, Any]) -> None:
        kind = rec.get("type")
        if kind is not None:
            if kind == "budget_alert":
                self._add_alert(rec)
            else:
                self.other_records += 1
            return
        self.requests += 1
        rid = rec.get("request_id")
        if rid.__class__ is str:
            self.ids.add(id_key(rid), self._source)
        ts = rec.get("ts") or ""
        day = _day(ts)
        if day:
            if not self.first_ts or ts < self.first_ts:
                self.first_ts = ts
            if ts > self.last_ts:
                self.last_ts = ts
            self.day_requests[day] = self.day_requests.get(day, 0) + 1
        team = rec.get("team")
        team = NO_TEAM if team is None else str(team)
        model = str(rec.get("model") or "(unknown)")
        decision = str(rec.get("decision") or "unknown")
        _bump(self.policy_decisions, str(rec.get("policy") or "(none)"), decision)
        _bump(self.team_decisions, team, decision)
        status = rec.get("status")
        if type(status) is int:
            if status >= 500:
                self.errors += 1
            elif status == 429:
                self.over_budget += 1
                self.team_over_budget[team] = self.team_over_budget.get(team, 0) + 1
                if decision == "block":
                    self.team_budget_blocks[team] = self.team_budget_blocks.get(team, 0) + 1

        cost = json_number(rec.get("cost_usd"))
        usage = rec.get("usage")
        tin = tout = 0.0
        if isinstance(usage, dict):
            tin = json_number(usage.get("input_tokens")) or 0.0
            tout = json_number(usage.get("output_tokens")) or 0.0
        m = self.models.get(model)
        if m is None:
            self.models[model] = m = [0.0, 0.0, 0.0, 0.0]
        tu = self.team_usage.get(team)
        if tu is None:
            self.team_usage[team] = tu = [0.0, 0.0, 0.0]
        m[0] += 1
        m[2] += tin
        m[3] += tout
        tu[1] += tin
        tu[2] += tout
        if cost is None:
            self.cost_missing += 1
        else:
            self.total_cost += cost
            m[1] += cost
            tu[0] += cost
            if day:
                per_team = self.spend.get(day)
                if per_team is None:
                    self.spend[day] = per_team = {}
                per_team[team] = per_team.get(team, 0.0) + cost

        checks = rec.get("checks")
        if checks and type(checks) is list:
            would_block = self._add_checks(checks, day)
            if would_block:
                self.team_would_block[team] = self.team_would_block.get(team, 0) + 1

        lat = rec.get("latency_ms")
        if isinstance(lat, dict):
            for key in ("total", "guard"):
                v = json_number(lat.get(key))
                if v is not None:
                    self.latency[key].add(v)
        up = rec.get("upstream")
        up_ms = None
        if isinstance(up, dict):
            up_ms = v = json_number(up.get("ms"))
            if v is not None:
                self.latency["upstream"].add(v)
        if day:
            self._add_features(rec, ts[:13], model, team, status == 200, tin, tout, cost, up_ms)

    def _add_features(self, rec: dict[str, Any], hour: str, model: str, team: str, ok: bool, tin: float,
                      tout: float, cost: float | None, up_ms: float | None) -> None:
        """One record into the hourly row of its model and team; the rows per model and per team are
        summed from these when the report is drawn (`feature_rows()`). The row's indices are written as
        numbers (this runs once per record): `histograms.ROW` names them, and the module asserts they match."""
        key = model + "\t" + team
        per = self.feat.get(key)
        if per is None:
            self.feat[key] = per = {}
        row = per.get(hour)
        if row is None:
            per[hour] = row = [0.0] * 43
        row[0] += 1
        if tin > 0:
            b = int(tin).bit_length() - 4
            row[5] += 1
            row[6] += tin
            row[17 + (0 if b < 0 else b if b < 13 else 12)] += 1
        if ok and tout > 0:
            b = int(tout).bit_length() - 4
            row[7] += 1
            row[8] += tout
            row[30 + (0 if b < 0 else b if b < 13 else 12)] += 1
        if cost is not None and tin + tout > 0:
            row[13] += cost
            row[14] += tin + tout
        if up_ms is not None:
            row[15] += 1
            row[16] += up_ms
        inp = rec.get("input")
        out = rec.get("output")
        if inp.__class__ is not dict and out.__class__ is not dict:
            return
        cats = self.feat_cat.get(key)
        if cats is None:
            self.feat_cat[key] = cats = {}
        counts = cats.get(hour)
        if counts is None:
            cats[hour] = counts = {}
        if inp.__class__ is dict:
            row[1] += 1
            v = inp.get("chars")
            if v.__class__ is int:
                row[2] += v
            v = inp.get("messages")
            if v.__class__ is int:
                row[3] += v
            v = inp.get("tools")
            if v.__class__ is int and v > 0:
                row[4] += 1
            c = _lang_key(inp.get("lang"))
            counts[c] = counts.get(c, 0) + 1
        if out.__class__ is dict:
            row[9] += 1
            if out.get("refusal") is True:
                row[10] += 1
            if out.get("filtered") is True:
                row[11] += 1
            v = out.get("tool_calls")
            if v.__class__ is int and v > 0:
                row[12] += 1
            finish = out.get("finish")
            if finish.__class__ is list:
                for r in finish[:8]:
                    c = _FINISH_KEYS.get(r, "finish:other") if r.__class__ is str else "finish:other"
                    counts[c] = counts.get(c, 0) + 1

    def feature_rows(self) -> tuple[dict[str, dict[str, list[float]]], dict[str, dict[str, Counts]]]:
        """The hourly feature rows and category counts per model (`m:MODEL`) and per team (`t:TEAM`)."""
        rows: dict[str, dict[str, list[float]]] = {}
        cats: dict[str, dict[str, Counts]] = {}
        for key, per in self.feat.items():
            model, _, team = key.partition("\t")
            for name in ("m:" + model, "t:" + team):
                mine = rows.setdefault(name, {})
                for hour, row in per.items():
                    have = mine.get(hour)
                    if have is None:
                        mine[hour] = row.copy()
                    else:
                        for i, v in enumerate(row):
                            have[i] += v
        for key, per_cat in self.feat_cat.items():
            model, _, team = key.partition("\t")
            for name in ("m:" + model, "t:" + team):
                mine_c = cats.setdefault(name, {})
                for hour, counts in per_cat.items():
                    merge_nested(mine_c, {hour: counts.copy()})
        return rows, cats

    def _add_checks(self, checks: list[Any], day: str) -> bool:
        """Count one record's checks; True when one of them would have blocked (monitor mode)."""
        would_block = False
        check_actions, check_ms, score_table = self.check_actions, self.check_ms, self.scores
        for c in checks:
            if type(c) is not dict:
                continue
            get = c.get
            phase = get("phase") or "?"
            name = get("check") or "?"
            key = f"{phase}/{name}"
            action = get("action") or "none"
            if type(action) is not str:
                action = str(action)
            counts = check_actions.get(key)
            if counts is None:
                check_actions[key] = counts = {}
            counts[action] = counts.get(action, 0) + 1
            if action == "would_block":
                would_block = True
            ms = json_number(get("ms"))
            if ms is not None:
                h = check_ms.get(key)
                if h is None:
                    check_ms[key] = h = LogHistogram()
                h.add(ms)
            findings = get("findings")
            if findings and type(findings) is dict:
                for entity, n in findings.items():
                    if type(n) is int and n > 0:
                        label = entity if name == "pii" else f"{entity} ({name})"
                        _bump(self.findings, label, str(phase), n)
                        if day:
                            _bump(self.findings_by_day, day, label, n)
            scores = get("scores")
            if scores and type(scores) is dict and day:
                for label, value in scores.items():
                    v = json_number(value)
                    if v is None:
                        continue
                    per_day = score_table.get(f"{key}/{label}")
                    if per_day is None:
                        score_table[f"{key}/{label}"] = per_day = {}
                    hist = per_day.get(day)
                    if hist is None:
                        per_day[day] = hist = [0.0] * (SCORE_BINS + 1)
                    hist[bisect_right(SCORE_INNER, v)] += 1
                    hist[SCORE_BINS] += v
        return would_block

    def _add_alert(self, rec: dict[str, Any]) -> None:
        self.alert_count += 1
        keep = {k: rec.get(k) for k in ("ts", "team", "window", "period", "threshold", "spent_usd", "cap_usd")}
        self.alerts.append(keep)
        if len(self.alerts) > 2 * MAX_ALERTS:
            self._trim_alerts()

    def _trim_alerts(self) -> None:
        self.alerts.sort(key=lambda a: str(a.get("ts") or ""))
        del self.alerts[:-MAX_ALERTS]

    # ------------------------------------------------------------------------------------ merge
    def merge(self, other: Aggregator) -> None:
        """Add another aggregator's records (e.g. another byte range of the same file) to this one."""
        for name in ("requests", "bad_lines", "malformed", "other_records", "errors", "over_budget",
                     "cost_missing", "total_cost", "alert_count"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.first_ts and (not self.first_ts or other.first_ts < self.first_ts):
            self.first_ts = other.first_ts
        self.last_ts = max(self.last_ts, other.last_ts)
        for name in ("day_requests", "spend", "policy_decisions", "team_decisions", "team_would_block",
                     "team_over_budget", "team_budget_blocks", "team_usage", "check_actions", "findings",
                     "findings_by_day", "scores", "models", "feat", "feat_cat"):
            merge_nested(getattr(self, name), getattr(other, name))
        for table_self, table_other in ((self.check_ms, other.check_ms), (self.latency, other.latency)):
            for key, hist in table_other.items():
                if key in table_self:
                    table_self[key].merge(hist)
                else:
                    table_self[key] = hist
        self.alerts.extend(other.alerts)
        self._trim_alerts()
        self.ids.extend(other.ids)

    def repeats(self) -> tuple[int, int, list[str]]:
        """Request ids seen more than once: (how many, how many of them in more than one source, those
        sources' names, in order)."""
        ids = across = 0
        sources: set[int] = set()
        for group in self.ids.groups():
            ids += 1
            places = {p.place for p in group}
            if len(places) > 1:
                across += 1
                sources |= places
        return ids, across, [self.ids.places[i] for i in sorted(sources)]


# ---------------------------------------------------------------------------------------- reading
def _lines(path: str, start: int = 0, end: int | None = None, block: int = 1 << 22) -> Iterator[str]:
    """The lines of `path` ("-" for stdin, `.gz` decompressed) between byte offsets `start` and `end`."""
    if path == "-" or path.endswith(".gz"):
        raw = sys.stdin.buffer if path == "-" else gzip.open(path, "rb")
        with io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n") as text:
            for line in text:
                yield line.rstrip("\n")
        return
    with open(path, "rb") as fh:
        fh.seek(start)
        left = math.inf if end is None else end - start
        carry = b""
        while left > 0:
            data = fh.read(int(min(block, left)))
            if not data:
                break
            left -= len(data)
            data = carry + data
            cut = data.rfind(b"\n") + 1   # decode whole lines only: a block may end inside a character
            carry = data[cut:]
            yield from data[:cut].decode("utf-8", "replace").split("\n")[:-1]
        if carry:
            yield carry.decode("utf-8", "replace")


def aggregate_range(path: str, start: int = 0, end: int | None = None, source: str = "") -> Aggregator:
    agg = Aggregator(source)
    add_line = agg.add_line
    for line in _lines(path, start, end):
        add_line(line)
    return agg


def _split(path: str, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of about equal size, each starting at the beginning of a line."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as fh:
        for i in range(1, parts):
            fh.seek(max(size * i // parts, cuts[-1]))
            fh.readline()
            cuts.append(min(fh.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def aggregate_files(paths: list[str], jobs: int | None = None) -> Aggregator:
    """Aggregate decision logs; plain files over 32 MiB are read by `jobs` processes (default: CPUs)."""
    jobs = jobs or os.cpu_count() or 1
    total = Aggregator()
    for index, path in enumerate(paths):
        source = f"{index}\t{path}"  # one file given twice: two sources
        splittable = path != "-" and not path.endswith(".gz")
        if jobs > 1 and splittable and os.path.getsize(path) >= PARALLEL_MIN_BYTES:
            ranges = _split(path, jobs)
            method = "forkserver" if "forkserver" in get_all_start_methods() else "spawn"
            with ProcessPoolExecutor(max_workers=len(ranges), mp_context=get_context(method)) as pool:
                futures = [pool.submit(aggregate_range, path, a, b, source) for a, b in ranges]
                for future in futures:
                    total.merge(future.result())
        else:
            total.merge(aggregate_range(path, source=source))
    return total
