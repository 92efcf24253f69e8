"""The tables a run lands for some texts, as one batch of a fresh lake: what an extractor is scored on."""
from __future__ import annotations

from collections.abc import Sequence


def land_one_batch(ids: Sequence[str], texts: Sequence[str], model: str, language: str = "en",
                   run_id: str = "eval") -> tuple[dict, object]:
    """(the enrich stage's tables, pyarrow by name; the NLP stage's analysis) of the texts, each an
    article with no source, date or title."""
    from newsflow.tasks.ingest.clean import count_words
    from newsflow.tasks.ingest.records import Article
    from newsflow.tasks.nlp.pipeline import analyse, load_pipeline
    from newsflow.tasks.run.enrich import enrich_batch
    from newsflow.tasks.run.entity_stage import empty_state

    analysis = analyse(load_pipeline(model), list(ids), list(texts))
    articles = [Article(i, i, None, None, None, None, None, None, language, t, count_words(t)) for i, t in zip(ids, texts)]
    tables, _ = enrich_batch(articles, analysis, empty_state(), run_id, {language: model})
    return tables, analysis
