"""Direct quotations in news text, with their speakers and cue verbs (rules around the quote marks;
a dependency parse only of the sentences whose cue has no subject of its own, a participle or a
coordinated verb, `syntax`).

`extract_quotes(articles, sentences, entities, parsers)` is the stage's one entry point; `QUOTES_SCHEMA` the
columns of the table it returns. Conventions (span, split quotes, scare quotes) are in `extract`.
Names are imported when first used, so the schema module imports without pandas.
"""
import importlib

__all__ = ["extract_quotes", "QUOTES_SCHEMA"]


def __getattr__(name: str):
    if name == "extract_quotes":
        return importlib.import_module(f"{__name__}.extract").extract_quotes
    if name == "QUOTES_SCHEMA":
        return importlib.import_module(f"{__name__}.schema").QUOTES_SCHEMA
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
