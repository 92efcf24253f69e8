"""A missing spaCy pipeline fails before any worker starts, with the same one-line error whatever
the worker count (two workers used to end in BrokenProcessPool and worker tracebacks)."""
from __future__ import annotations

import multiprocessing

import pytest

from newsflow.tasks.errors import ModelNotInstalled
from newsflow.tasks.nlp.pool import NlpPool


@pytest.mark.parametrize("workers", [1, 2])
def test_a_missing_model_gives_one_clear_error(workers):
    pool = NlpPool(["en_no_such_model"], workers)
    with pytest.raises(ModelNotInstalled, match="spaCy pipeline 'en_no_such_model' is not installed: pip install"):
        pool.__enter__()
    assert multiprocessing.active_children() == []   # no worker process was started
