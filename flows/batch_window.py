"""The batches in flight between reading and landing, and the memory they hold."""
from __future__ import annotations

import gc
from collections import deque


class BatchWindow:
    """Batches submitted to the NLP ahead of the one being landed, oldest first.

    A finished task's future and its state form a reference cycle that holds the task's result (a
    batch's analysis) until the interpreter's occasional full collection: `collect()` after each
    landed batch frees it. Freezing what exists when the window opens (Prefect, the libraries)
    keeps those collections cheap.
    """

    def __init__(self, ahead: int):
        self.ahead = ahead
        self._in_flight: deque = deque()
        gc.freeze()

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
