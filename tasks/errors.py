"""The one exception hierarchy: the CLI turns these into `Error: ...` and an exit code."""


class NewsflowError(Exception):
    """Base class for errors a user can act on."""

    exit_code = 1


class ConfigError(NewsflowError):
    """A setting or argument is wrong."""

    exit_code = 2


class ModelNotInstalled(ConfigError):
    """A configured spaCy pipeline cannot be loaded."""


class LakeBusy(NewsflowError):
    """Another run holds the lake."""

    exit_code = 3


class TooManyRejects(NewsflowError):
    """The share of rejected inputs passed the configured limit: the feed looks broken."""

    exit_code = 4


class DataTestFailed(NewsflowError):
    """A data test of sql/checks found rows that break an invariant of the lake or the views."""

    exit_code = 5


class LakeDamaged(NewsflowError):
    """A file of the lake is not readable Parquet (a disk fault, a partial copy, a hand edit)."""

    def __init__(self, path, cause: BaseException | str):
        super().__init__(f"{path} is not a readable Parquet file ({str(cause).splitlines()[0]}): "
                         "`newsflow views --repair` moves it to the lake's _quarantine folder, "
                         "then restore it from a backup")
