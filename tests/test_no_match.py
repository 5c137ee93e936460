"""The no-match model: shipped as a few numbers, used by the matcher, fitted on dev only."""

import json

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.matching import evaluation, no_match, ranking
from specifier.matching.embeddings import MemoryCache
from specifier.matching.index import MeasureIndex

SMALL = [
    {"code": "A1", "theme": "Jobs", "outcome": "Skills", "title": "Apprenticeships started"},
    {"code": "B2", "theme": "Environment", "outcome": "Clean air", "title": "Electric vans"},
]


@pytest.fixture(scope="module")
def cache():
    return MemoryCache()


def test_the_shipped_model_is_a_few_numbers_with_how_they_were_fitted():
    fitted = no_match.model()
    assert fitted is not None, "specifier/data/no-match.json is missing: run `flask fit-no-match`"
    assert fitted["features"] == list(no_match.FEATURES)
    for key in ("mean", "scale", "weights"):
        assert len(fitted[key]) == len(no_match.FEATURES) and np.isfinite(fitted[key]).all()
    assert set(fitted["thresholds"]) == set(no_match.KINDS.values())
    assert all(0 < t < 1 for t in fitted["thresholds"].values())
    assert "flask fit-no-match" in fitted["fitted"] and "dev" in fitted["fitted"]


def test_the_shipped_weights_read_as_meaning():
    """Closer to the council's own business: likelier no match; more said beyond it, a closer
    theme or a stronger shared word: less likely."""
    weights = dict(zip(no_match.FEATURES, no_match.model()["weights"], strict=True))
    assert weights["closest out-of-scope aim minus closest measure"] > 0
    assert weights["closest measure beyond that aim"] < 0
    assert weights["closest theme or outcome"] < 0
    assert weights["log(1 + best BM25 score)"] < 0


def test_probability_is_a_logistic_of_standardised_features_and_the_threshold_follows_the_kind():
    fitted = {
        "mean": [1.0, 0.0],
        "scale": [2.0, 1.0],
        "weights": [1.0, -1.0],
        "intercept": 0.5,
        "thresholds": {"with keywords": 0.4, "titles and descriptions only": 0.7},
    }
    chance = no_match.probability(np.array([[3.0, 1.0], [1.0, 0.0]]), fitted)
    assert chance == pytest.approx([1 / (1 + np.exp(-0.5))] * 2)  # 1 - 1 + 0.5; 0 - 0 + 0.5
    assert no_match.decide(0.6, True, fitted) and not no_match.decide(0.6, False, fitted)


def test_the_threshold_is_the_middle_of_the_best_f1_plateau():
    chance = np.array([0.1, 0.2, 0.8, 0.9])
    truth = np.array([False, False, True, True])
    # 0.21 to 0.80 all separate them perfectly: the 31st of those 60 is taken
    assert no_match.threshold(chance, truth) == pytest.approx(0.51)


def test_the_matcher_decides_with_the_model_and_says_how_sure_it_is(cache):
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    rows = [
        {"title": "Balance the council's budget by 2028", "description": ""},
        {"title": "More apprenticeships for young people", "description": ""},
    ]
    budget, apprentices = ranking.rank(index, rows, top=3, cache=cache, explain=False)
    threshold = no_match.model()["thresholds"]["with keywords"]
    assert budget.no_match and budget.no_match_chance >= threshold
    assert {m.confidence for m in budget.matches} == {"weak"}
    assert not apprentices.no_match and apprentices.no_match_chance < threshold
    assert apprentices.matches[0].confidence == "strong"


def test_without_a_model_the_cut_off_rule_decides(cache, monkeypatch):
    monkeypatch.setattr(no_match, "model", lambda: None)
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    row = {"title": "Balance the council's budget by 2028", "description": ""}
    result = ranking.rank(index, [row], cache=cache, explain=False)[0]
    assert result.no_match_chance is None
    assert result.no_match == ranking.decide_no_match(
        result.top_cosine, result.out_of_scope, result.beyond_aim, ranking.SHIPPED
    )


def test_the_catalogue_knows_its_words_and_headings(cache):
    index = MeasureIndex.build(SMALL, cache=cache)
    assert index.coverage("Electric vans and potholes") == pytest.approx(2 / 3)
    assert index.coverage("the of and") == 0.0  # no content words
    assert index.contexts.shape == (2, 384)
    no_headings = MeasureIndex.build([{"code": "X", "title": "Electric vans"}], cache=cache)
    assert no_headings.closest_heading(index.contexts) is None


def test_examples_for_fitting_come_from_the_dev_splits_only(splits_read):
    rows, truth, enriched, sets = evaluation.no_match_examples(MemoryCache())
    assert set(splits_read) == {"dev", "dev2"}
    assert rows.shape == (len(truth), len(no_match.FEATURES)) == (len(enriched), 6)
    assert len(sets) == len(evaluation.SETS) and enriched.any() and not enriched.all()


def test_fit_no_match_rebuilds_the_shipped_model_from_dev(runner, tmp_path):
    target = tmp_path / "no-match.json"
    result = runner.invoke(args=["fit-no-match", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "dev statements only" in result.output
    rebuilt, shipped = json.loads(target.read_text()), no_match.model()
    assert rebuilt["thresholds"] == shipped["thresholds"]
    for key in ("mean", "scale", "weights", "intercept"):
        assert np.allclose(rebuilt[key], shipped[key], atol=1e-6), key
