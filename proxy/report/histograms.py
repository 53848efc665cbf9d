"""Fixed-bin histograms the aggregate keeps, so its state never grows with the log.

`LogHistogram`: latencies in log-spaced bins (mergeable; percentiles within 1%). `SCORE_EDGES`: the
bins of check scores, per day, that `proxy.report.drift` compares between periods.
"""

from __future__ import annotations

import math

#: Score histogram bin edges (checks' `scores` are probabilities): fine at the low end, where
#: almost every score of harmless traffic lies, so a shift there shows.
SCORE_EDGES = (0.0, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)
SCORE_INNER = SCORE_EDGES[1:-1]
SCORE_BINS = len(SCORE_EDGES) - 1


class LogHistogram:
    """Fixed log-spaced bins from 0.01 ms to ~3 hours; mergeable, percentiles within 1%."""

    LOW = 0.01
    RATIO = 1.02
    SIZE = int(math.log(1e7 / LOW) / math.log(RATIO)) + 2
    _SCALE = 1 / math.log(RATIO)
    _OFFSET = 1 - math.log(LOW) * _SCALE
    __slots__ = ("bins", "count", "min", "max")

    def __init__(self) -> None:
        self.bins = [0] * self.SIZE
        self.count = 0
        self.min = math.inf
        self.max = -math.inf

    def add(self, value: float) -> None:
        if value <= self.LOW:
            i = 0
        else:
            i = int(math.log(value) * self._SCALE + self._OFFSET)
            if i >= self.SIZE:
                i = self.SIZE - 1
        self.bins[i] += 1
        self.count += 1
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value

    def merge(self, other: LogHistogram) -> None:
        self.bins = [a + b for a, b in zip(self.bins, other.bins, strict=True)]
        self.count += other.count
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)

    def percentile(self, q: float) -> float | None:
        """The q-th percentile (0-100): the geometric middle of its bin, clamped to min and max."""
        if not self.count:
            return None
        rank = max(1, math.ceil(q / 100 * self.count))
        seen = 0
        for i, n in enumerate(self.bins):
            seen += n
            if seen >= rank:
                if i == 0 or i == self.SIZE - 1:  # the underflow and overflow bins
                    return self.min if i == 0 else self.max
                mid: float = self.LOW * self.RATIO ** (i - 0.5)  # float ** float is typed Any
                return min(max(mid, self.min), self.max)
        return self.max


#: Token counts per request (input) and per answer (output): bins by lower edge, doubling.
TOKEN_EDGES = (0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
TOKEN_INNER = TOKEN_EDGES[1:]
TOKEN_BINS = len(TOKEN_EDGES)

# The row of numbers kept per model (and per team) and hour for the feature series (`Aggregator.feat`):
N = 0            # request records
IN_N = 1         # records with the `input` features
IN_CHARS = 2     # their characters, summed
MESSAGES = 3     # their messages, summed
TOOLS = 4        # requests offering tools
IN_TOK_N = 5     # records with input tokens
IN_TOK = 6       # input tokens, summed
OUT_N = 7        # answers with output tokens (status 200)
OUT_TOK = 8      # output tokens, summed
ANSWERS = 9      # records with the `output` features
REFUSALS = 10
FILTERED = 11
TOOL_ANSWERS = 12  # answers with at least one tool call
COST = 13        # priced cost of requests with tokens
COST_TOK = 14    # their input + output tokens
UP_N = 15        # records with an upstream latency
UP_MS = 16       # upstream milliseconds, summed
IN_HIST = 17                       # input token histogram (TOKEN_BINS bins)
OUT_HIST = IN_HIST + TOKEN_BINS    # output token histogram
ROW = OUT_HIST + TOKEN_BINS
