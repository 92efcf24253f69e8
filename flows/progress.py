"""Progress reporting hook: the CLI installs a progress bar; elsewhere (served runs, tests) it is silent."""
from __future__ import annotations

from collections.abc import Callable

# (stage description, files done, files in total)
Reporter = Callable[[str, int, int], None]
_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    global _reporter
    _reporter = reporter


def report(stage: str, done: int, total: int) -> None:
    if _reporter is not None:
        _reporter(stage, done, total)
