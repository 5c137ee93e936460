"""The top-three re-ranker: shipped as a few numbers, it reorders only within the top three."""

import json

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.matching import adapter, evaluation, ranking, reranker
from specifier.matching.embeddings import MemoryCache
from specifier.matching.index import MeasureIndex


@pytest.fixture(scope="module")
def cache():
    return MemoryCache()


@pytest.fixture(scope="module")
def index(cache):
    return MeasureIndex.build(builtin_measures(), cache=cache)


@pytest.fixture(scope="module")
def rows():
    return evaluation.load_split("dev", evaluation.REAL_DIR)[:40]


def _without_reranker(monkeypatch):
    monkeypatch.setattr(reranker, "model", lambda path=None: None)


def test_the_shipped_model_is_a_few_numbers_with_how_they_were_fitted():
    fitted = reranker.model()
    assert fitted is not None, "specifier/data/reranker.json is missing: run `flask fit-reranker`"
    assert fitted["features"] == list(reranker.FEATURES)
    for key in ("mean", "scale", "weights"):
        assert len(fitted[key]) == len(reranker.FEATURES) and np.isfinite(fitted[key]).all()
    assert 0 < fitted["blend"] <= 1
    assert "flask fit-reranker" in fitted["fitted"] and "out-of-fold" in fitted["fitted"]
    assert "Held-out files are never read" in fitted["fitted"]


def test_order_blends_the_models_probability_with_the_shipped_score():
    fitted = {"mean": [0.0], "scale": [1.0], "weights": [10.0], "intercept": 0.0, "blend": 0.5}
    rows = np.array([[-1.0], [1.0], [0.0]])  # probabilities about 0, 1 and 0.5
    scores = [0.9, 0.6, 0.8]
    # 0.5 x p + 0.5 x score: 0.45, 0.80, 0.65
    assert list(reranker.order(rows, scores, fitted)) == [1, 2, 0]
    assert list(reranker.order(rows, scores, fitted | {"blend": 0.0})) == [0, 2, 1]


def test_it_reorders_only_within_the_top_three(index, rows, cache, monkeypatch):
    """Recall@3 cannot change: the same three measures, in a new order, and the rest as before."""
    shipped = ranking.rank(index, rows, top=8, cache=cache, explain=False)
    _without_reranker(monkeypatch)
    fused = ranking.rank(index, rows, top=8, cache=cache, explain=False)
    moved = 0
    for new, old in zip(shipped, fused, strict=True):
        new_codes, old_codes = [m.code for m in new.matches], [m.code for m in old.matches]
        assert set(new_codes[:3]) == set(old_codes[:3])
        assert new_codes[3:] == old_codes[3:]
        moved += new_codes != old_codes
    assert moved, "the shipped re-ranker moved nothing in 40 real statements"


def test_the_order_is_the_models_blend_on_the_hybrids_top_three(index, rows, cache, monkeypatch):
    shipped = ranking.rank(index, rows, top=3, cache=cache, explain=False)
    params = ranking.shipped(index)
    full, dense, lexical, judged, _ = ranking.channel_scores(index, rows, params, cache)
    for q, result in enumerate(shipped):
        fused = ranking.fuse(dense[q], lexical[q], params, index.lead)
        head = np.argsort(-fused, kind="stable")[:3]
        scores = [round(float(fused[i]), 4) for i in head]
        plain = ranking.fuse(judged[2][q], lexical[q], params, index.lead)
        features = ranking.rerank_features(
            index, full[q], judged[2][q], lexical[q], plain, scores, head
        )
        expected = head[reranker.order(features, scores, reranker.model())]
        assert [m.code for m in result.matches] == [index.measures[i]["code"] for i in expected]


def test_bands_read_down_the_reordered_list_on_the_same_cosines(index, rows, cache):
    """Strong needs the matcher's own first choice (now the re-ranked first) and cosine 0.55."""
    params = ranking.shipped(index)
    for result in ranking.rank(index, rows, top=5, cache=cache, explain=False):
        bands = [ranking.BANDS.index(m.confidence) for m in result.matches]
        assert bands == sorted(bands)
        for place, match in enumerate(result.matches):
            if match.confidence == "strong":
                assert place == 0 and match.cosine >= params.strong


def test_dev_is_not_reranked_without_the_adapter_it_was_fitted_through(
    index, rows, cache, monkeypatch
):
    plain = ranking.rank(index, rows, cache=cache, explain=False, adapted=False)
    _without_reranker(monkeypatch)
    before = ranking.rank(index, rows, cache=cache, explain=False, adapted=False)
    assert [[m.code for m in r.matches] for r in plain] == [
        [m.code for m in r.matches] for r in before
    ]


def test_a_council_decision_orders_the_list_as_before(index, cache):
    """Accepting the third suggestion puts it first; the others keep their order and bands."""
    row = {"id": "p1", "title": "More apprenticeships for local young people", "description": ""}
    first = ranking.rank(index, [row], top=5, cache=cache, explain=False)[0]
    third = first.matches[2].code
    vector = index.vectors[0]  # any vector: the decision is on this very priority
    decision = ranking.Decision("p1", vector, third, True)
    again = ranking.rank(
        index, [row], top=5, cache=cache, explain=False, decisions=[decision], keys=["p1"]
    )[0]
    assert again.matches[0].code == third
    others = [m.code for m in first.matches if m.code != third]
    assert [m.code for m in again.matches[1:5]] == others[:4]
    unchanged = {m.code: m.confidence for m in first.matches if m.code != third}
    assert {m.code: m.confidence for m in again.matches if m.code != third} == unchanged


def test_fit_chooses_the_blend_by_cross_validation_and_says_how(monkeypatch):
    rng = np.random.default_rng(0)
    groups = []
    for n in range(40):
        right = np.zeros(reranker.DEPTH, dtype=bool)
        right[n % 3] = True
        rows = rng.normal(size=(reranker.DEPTH, len(reranker.FEATURES)))
        rows[:, 0] += 3 * right  # the first feature tells the right measure
        groups.append(
            {
                "rows": rows,
                "right": right,
                "judged": np.ones(reranker.DEPTH, dtype=bool),
                "scores": np.linspace(0.9, 0.5, reranker.DEPTH),
                "set": "toy",
                "fold": n % 5,
                "beyond": 0.0,
            }
        )
    fitted = reranker.fit(groups, ["toy"])
    assert fitted["blend"] in reranker.BLENDS
    tried = fitted["cross-validated mean MRR by blend"]
    assert tried[str(fitted["blend"])] == max(tried.values()) > 0.9  # the feature is found
    assert fitted["weights"][0] > 0
    assert "40 matchable statements" in fitted["fitted"]


def test_examples_are_ranked_out_of_fold_from_dev_only(splits_read, monkeypatch):
    fitted_on = []

    def identity(examples, fitting=None):
        fitted_on.append(sum(len(e.queries) for e in examples))
        return np.eye(examples[0].queries.shape[1], dtype=np.float32)

    monkeypatch.setattr(adapter, "fit", identity)
    groups, sets = evaluation.reranker_examples(MemoryCache(), folds=2)
    assert set(splits_read) == {"dev", "dev2"}
    assert len(fitted_on) == 2  # one adapter per fold, each from the other fold's statements
    assert {g["fold"] for g in groups} == {0, 1}
    assert len(sets) == len(evaluation.SETS)
    for group in groups:
        assert group["rows"].shape == (reranker.DEPTH, len(reranker.FEATURES))
        assert group["right"].any() or group["beyond"] >= 0


def test_fit_reranker_writes_the_model_from_dev(runner, tmp_path, monkeypatch):
    groups = [
        {
            "rows": np.arange(reranker.DEPTH * len(reranker.FEATURES), dtype=float).reshape(
                reranker.DEPTH, -1
            )
            * (1 + n % 4),
            "right": np.arange(reranker.DEPTH) == n % 2,
            "judged": np.ones(reranker.DEPTH, dtype=bool),
            "scores": np.linspace(0.9, 0.5, reranker.DEPTH),
            "set": "toy",
            "fold": n % 5,
            "beyond": 0.0,
        }
        for n in range(20)
    ]
    monkeypatch.setattr(evaluation, "reranker_examples", lambda cache: (groups, ["toy"]))
    target = tmp_path / "reranker.json"
    result = runner.invoke(args=["fit-reranker", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "fitted on 20 dev statements only" in result.output
    written = json.loads(target.read_text())
    assert written["features"] == list(reranker.FEATURES) and written["blend"] in reranker.BLENDS
