"""Quotations on the hand-checked gold (tests/gold/quotes.jsonl, and quotes_fr.jsonl in French): floors
slightly under the measured figures.

Measured (python -m newsflow.tasks.evaluation.quotes; the quotes a run lands, after the label, places
and alias steps): all 62 articles P 1.000 R 0.997 speaker 0.957; the 22 articles read after the rules
were frozen P 1.000 R 0.990 speaker 0.926 (see tests/gold/quotes.md
for the figures of the frozen code on them before the rules were revised; their errors were read
again on 2026-12-07, so they are no longer unseen). French (32 quotations in 24
French Wikinews articles, the French pipeline and lexicon): P 1.000 R 1.000 speaker 0.688, the plain
baseline 0.596 / 0.969 / 0.548.
"""
import pytest

from newsflow.tasks.evaluation.quotes import evaluate_french_quotes, evaluate_quotes


@pytest.fixture(scope="module")
def figures():
    return evaluate_quotes()


@pytest.mark.slow
def test_quotes_gold_size(figures):
    assert figures["articles"] >= 62 and figures["ours"]["gold"] >= 300 and figures["ours_heldout"]["gold"] >= 96


@pytest.mark.slow
def test_quotes_all_gold_floors(figures):
    ours, base = figures["ours"], figures["baseline"]
    assert ours["precision"] >= 0.98 and ours["recall"] >= 0.98
    assert ours["speaker_accuracy"] >= 0.94
    assert ours["speaker_accuracy"] > base["speaker_accuracy"] + 0.3 and ours["recall"] > base["recall"] + 0.2


@pytest.mark.slow
def test_quotes_heldout_floors(figures):
    ours = figures["ours_heldout"]
    assert ours["precision"] >= 0.97 and ours["recall"] >= 0.97
    assert ours["speaker_accuracy"] >= 0.90


@pytest.mark.slow
def test_french_quotes_floors():
    figures = evaluate_french_quotes()
    ours, base = figures["ours"], figures["baseline"]
    assert (figures["articles"], ours["gold"]) == (24, 32)
    assert ours["precision"] >= 0.97 and ours["recall"] >= 0.96
    assert ours["speaker_accuracy"] >= 0.65 and ours["speaker_accuracy"] > base["speaker_accuracy"] + 0.1


@pytest.mark.slow
def test_quotes_on_the_blind_gold():
    """48 ECB+ articles of 48 outlets annotated by a reader who never saw the extractor
    (tests/gold/quotes_blind.md). Measured: P 0.962 R 0.966 speaker 0.915 (the plain baseline
    0.792 / 0.734 / 0.395); on the half no rule was tuned on, P 0.970 R 0.961 speaker 0.867 (baseline
    0.417). The issue's targets (P 0.95, R 0.92, speaker 0.88): speaker not met."""
    from newsflow.tasks.evaluation.quotes import evaluate_blind_quotes

    figures = evaluate_blind_quotes()
    ours, base = figures["ours"], figures["baseline"]
    assert (figures["articles"], ours["gold"]) == (48, 207)
    assert ours["precision"] >= 0.94 and ours["recall"] >= 0.95
    assert ours["speaker_accuracy"] >= 0.88 and ours["speaker_accuracy"] > base["speaker_accuracy"] + 0.3
    held = figures["ours_heldout"]
    assert (figures["heldout_articles"], held["gold"]) == (16, 102)
    assert held["precision"] >= 0.95 and held["recall"] >= 0.95 and held["speaker_accuracy"] >= 0.85


@pytest.mark.slow
def test_quotes_on_the_tuning_gold():
    """61 ECB+ articles of 61 outlets annotated blind (tests/gold/quotes_tune.md), the set speaker rules
    are read against since 2026-12-07. Measured: P 0.941 R 0.955 speaker 0.916 (P 0.892 R 0.874
    speaker 0.816 before the rules it prompted)."""
    from newsflow.tasks.evaluation.quotes import GOLD_TUNE

    figures = evaluate_quotes(GOLD_TUNE)
    ours, base = figures["ours"], figures["baseline"]
    assert (figures["articles"], ours["gold"]) == (61, 199)
    assert ours["precision"] >= 0.93 and ours["recall"] >= 0.94
    assert ours["speaker_accuracy"] >= 0.90 and ours["speaker_accuracy"] > base["speaker_accuracy"] + 0.3


@pytest.mark.slow
def test_quotes_on_the_frozen_test_gold():
    """30 ECB+ articles of 30 outlets new to the quote golds and 30 BBC articles, annotated blind on
    2026-12-07 (tests/gold/quotes_test.md), scored and never read. Measured: P 0.987 R 0.978 speaker
    0.822 (the code before that day's speaker rules: 0.778; 0.818 scored without the honorific rule
    of `_same_key`); the plain baseline 0.726 / 0.783 / 0.422."""
    from newsflow.tasks.evaluation.quotes import GOLD_TEST

    figures = evaluate_quotes(GOLD_TEST)
    ours, base = figures["ours"], figures["baseline"]
    assert (figures["articles"], ours["gold"]) == (60, 230)
    assert ours["precision"] >= 0.97 and ours["recall"] >= 0.96
    assert ours["speaker_accuracy"] >= 0.79 and ours["speaker_accuracy"] > base["speaker_accuracy"] + 0.3


@pytest.mark.slow
def test_quotes_on_the_second_tuning_gold():
    """25 ECB+ and 35 BBC articles annotated blind (tests/gold/quotes_tune2.md), read against for the
    second session's rules of 2026-12-07. Measured: P 0.988 R 0.954 speaker 0.915 (0.818 when first
    scored, before any rule was read from it); the plain baseline 0.697 / 0.737 / 0.450."""
    from newsflow.tasks.evaluation.quotes import GOLD_TUNE2

    figures = evaluate_quotes(GOLD_TUNE2)
    ours, base = figures["ours"], figures["baseline"]
    assert (figures["articles"], ours["gold"]) == (60, 259)
    assert ours["precision"] >= 0.97 and ours["recall"] >= 0.94
    assert ours["speaker_accuracy"] >= 0.88 and ours["speaker_accuracy"] > base["speaker_accuracy"] + 0.3
