"""The batches in flight between reading and landing, and the memory they hold."""
from __future__ import annotations

import gc
from collections import deque

_YOUNG_THRESHOLD = 50_000   # allocations between collections of the youngest generation (default 700)


class BatchWindow:
    """Batches submitted to the NLP ahead of the one being landed, oldest first.

    A finished task's future and its state form a reference cycle that holds the task's result (a
    batch's analysis) until the interpreter's occasional full collection: `collect()` after each
    landed batch frees it. Freezing what exists when the window opens (Prefect, the libraries)
    keeps those collections cheap. With a collection after every batch, the automatic ones can be
    rarer: the enrich and stories stages allocate millions of small objects a batch, and scanning
    the youngest generation every 700 of them cost about 7 % of those stages' CPU
    (`python -m bench.stages --gc default` against `--gc run`).
    """

    def __init__(self, ahead: int):
        self.ahead = ahead
        self._in_flight: deque = deque()
        gc.freeze()
        gc.set_threshold(_YOUNG_THRESHOLD, *gc.get_threshold()[1:])

    def push(self, batch, futures: list) -> None:
        self._in_flight.append((batch, futures))

    def pop(self) -> tuple:
        return self._in_flight.popleft()

    def full(self) -> bool:
        return len(self._in_flight) > self.ahead

    def __len__(self) -> int:
        return len(self._in_flight)

    @staticmethod
    def collect() -> None:
        gc.collect()
