"""Saving and loading topic models (joblib pickles: load only files you wrote)."""
from __future__ import annotations

import io
import os
from pathlib import Path

import joblib

from newsflow.tasks.topics.model import TopicModel

MODEL_FILE = "topic_model.joblib"



# -- persistence --------------------------------------------------------------------------------

def dumps(model: TopicModel) -> bytes:
    """The model as the bytes of a ``topic_model.joblib`` file (for storage that is not a folder)."""
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=("zlib", 6))
    return buffer.getvalue()


def loads(data: bytes, where: str = "the data") -> TopicModel:
    model = joblib.load(io.BytesIO(data))
    if not isinstance(model, TopicModel):
        raise TypeError(f"{where} does not hold a TopicModel (got {type(model).__name__})")
    return model


def save_model(model: TopicModel, directory: Path) -> Path:
    """Write the model to ``directory/topic_model.joblib`` atomically; returns the path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    tmp = directory / f".{MODEL_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(dumps(model))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def load_model(directory: Path) -> TopicModel | None:
    """The model saved in ``directory``, or None when there is none."""
    path = Path(directory) / MODEL_FILE
    if not path.is_file():
        return None
    return loads(path.read_bytes(), str(path))


