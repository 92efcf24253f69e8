"""Corpus-wide quality of place resolution on the hand-checked gold (runs spaCy: slow)."""
import pytest


@pytest.fixture(scope="module")
def figures():
    from newsflow.tasks.evaluation.places import evaluate_places

    return evaluate_places()


@pytest.mark.slow
def test_gold_is_large_and_varied(figures):
    assert figures["gold_mentions"] >= 200 and figures["gold_sources"] >= 10 and figures["gold_null"] >= 50


@pytest.mark.slow
def test_accuracy_floors(figures):
    # Measured 0.961 by feature, 0.964 by country (baseline 0.936 / 0.958).
    assert figures["accuracy_feature"] >= 0.95
    assert figures["accuracy_country"] >= 0.96
    assert figures["accuracy_feature"] > figures["baseline_accuracy_feature"]


@pytest.mark.slow
def test_precision_and_coverage_floors(figures):
    assert figures["precision_resolved"] >= 0.96 and figures["coverage"] >= 0.96


@pytest.mark.slow
def test_seed_focus(figures):
    assert figures["seed_focus"] == "PK"     # the stage's share of spaCy's time is printed by eval, not asserted


@pytest.mark.slow
def test_french_places_floors():
    """French Wikinews through the French pipeline (tests/gold/places_fr.jsonl, 193 mentions in 25
    articles). Measured 0.933 by feature, 0.943 by country, coverage 0.924; the plain lookup of the
    name as written 0.720 / 0.746. Without CLDR's French country names: 0.689."""
    from newsflow.tasks.evaluation.places import evaluate_french_places

    f = evaluate_french_places()
    assert (f["gold_mentions"], f["gold_articles"]) == (193, 25)
    assert f["accuracy_feature"] >= 0.91 and f["accuracy_country"] >= 0.92 and f["coverage"] >= 0.90
    assert f["accuracy_feature"] > f["baseline_accuracy_feature"] + 0.15


@pytest.fixture(scope="module")
def geovirus():
    from newsflow.tasks.evaluation.geovirus import evaluate_geovirus

    return evaluate_geovirus()


@pytest.mark.slow
def test_geovirus_end_to_end_floors(geovirus):
    # Measured on the frozen test half (105 texts, 884 toponyms): accuracy@161km 0.688, AUC 0.413,
    # precision 0.973; the population baseline 0.605 / 0.485. Before countries got their own points
    # and the same-place rule: 0.291; before the divisions, mainland centres and regions: 0.610.
    test = geovirus["test"]
    assert (test["texts"], test["newsflow"]["toponyms"]) == (105, 884)
    assert geovirus["all"]["newsflow"]["toponyms"] == 2167
    assert test["newsflow"]["accuracy_161km"] >= 0.65 and test["newsflow"]["auc"] <= 0.44
    assert test["newsflow"]["precision"] >= 0.95
    assert test["newsflow"]["accuracy_161km"] > test["baseline"]["accuracy_161km"] + 0.04


@pytest.mark.slow
def test_blind_place_gold_floors():
    """Measured: 0.684 accuracy@161km (before the divisions and mainland centres: 0.642), precision
    0.991; the population baseline 0.587."""
    from newsflow.tasks.evaluation.geovirus import evaluate_blind_places

    blind = evaluate_blind_places()["all"]
    assert (blind["texts"], blind["newsflow"]["toponyms"]) == (45, 288)
    assert blind["newsflow"]["accuracy_161km"] >= 0.65 and blind["newsflow"]["precision"] >= 0.97
    assert blind["newsflow"]["accuracy_161km"] > blind["baseline"]["accuracy_161km"] + 0.05
