"""The field's geoparsing figures, computed the way Gritta et al. (2018) compute them."""
from __future__ import annotations

import pytest

from newsflow.tasks.evaluation.geovirus import MAX_KM, _offset_map, half, km, score


def test_great_circle_distances():
    assert km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.6, abs=0.5)   # London - Paris
    assert km(0, 0, 0, 180) == pytest.approx(20015.1, abs=0.5)   # half the mean circumference


def test_every_gold_toponym_counts_and_unplaced_ones_are_max_error():
    gold = [{"article": "a", "start": 0, "end": 6, "lat": 51.5, "lon": -0.13},      # placed right
            {"article": "a", "start": 10, "end": 15, "lat": 48.86, "lon": 2.35},     # placed 344 km off
            {"article": "b", "start": 0, "end": 4, "lat": 0.0, "lon": 0.0}]          # not placed
    placed = {"a": [(0, 6, 51.51, -0.12), (10, 15, 51.5, -0.13), (20, 25, 1.0, 1.0)]}   # the last: no gold
    figures = score(gold, placed)
    assert figures["accuracy_161km"] == round(1 / 3, 4)
    assert (figures["placed"], figures["precision"], figures["unplaced"]) == (3, round(2 / 3, 4), 1)
    right, off = km(51.5, -0.13, 51.51, -0.12), km(48.86, 2.35, 51.5, -0.13)
    assert figures["median_km"] == round(off) == 343
    assert figures["mean_km"] == round((right + off + MAX_KM) / 3)
    assert 0 < figures["auc"] < 1


def test_offsets_follow_the_cleaning_and_halves_are_fixed():
    raw, clean = "a  b\u00adc", "a bc"
    mapping = _offset_map(raw, clean)
    assert clean[mapping[3]:mapping[6]] == "bc"
    assert {half(f"gv_{n:04d}") for n in range(1, 40)} == {"tune", "test"}
    assert half("gv_0001") == half("gv_0001")
