"""The matcher's embedding adapter: loaded, applied after the cache, learned from dev only."""

import numpy as np
import pytest

from specifier.matching import adapter, embeddings, evaluation, ranking
from specifier.matching.embeddings import MemoryCache, embed
from specifier.matching.index import MeasureIndex, measure_views

MEASURES = [
    {"code": "A1", "title": "Apprenticeships started on the contract"},
    {"code": "B2", "title": "Zero-emission delivery vehicles"},
]


def test_the_shipped_adapter_loads_and_nudges_rather_than_replaces_the_space():
    weights = adapter.matrix()
    assert weights is not None, "specifier/data/adapter.npy is missing: run `flask fit-adapter`"
    assert weights.shape == (embeddings.DIMENSIONS, embeddings.DIMENSIONS)
    assert weights.dtype == np.float32 and np.isfinite(weights).all()
    # Pulled towards the identity: a statement stays close to where the model put it.
    vectors = embed(["More apprenticeships for young people", "Cleaner air in the town centre"])
    moved = adapter.adapt(vectors)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1, atol=1e-5)
    assert ((moved @ vectors.T).argmax(axis=1) == [0, 1]).all()
    assert (np.sum(moved * vectors, axis=1) > 0.5).all()
    assert not np.allclose(moved, vectors, atol=1e-3)


def test_adapt_maps_and_renormalises_and_leaves_vectors_alone_without_a_matrix(tmp_path):
    vectors = np.array([[0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    scaled = adapter.adapt(vectors, np.diag([2.0, 1.0]).astype(np.float32))
    expected = np.array([[1.2, 0.8], [2.0, 0.0]])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(scaled, expected)
    assert adapter.matrix(tmp_path / "none.npy") is None
    assert adapter.adapt(np.zeros((0, 2), dtype=np.float32)).shape == (0, 2)


def test_the_cache_keeps_the_models_vectors_and_ranking_uses_adapted_ones():
    """An adapter rebuilt from new dev data never meets stale cached vectors; no-match and
    confidence keep the model's own cosines, where their cut-offs were calibrated."""
    cache = MemoryCache()
    index = MeasureIndex.build(MEASURES, cache=cache)
    raw = embed([text for m in MEASURES for text in measure_views(m).values()], cache=MemoryCache())
    assert all(any(np.array_equal(r, v) for v in cache.vectors.values()) for r in raw)
    assert np.array_equal(index.vectors, raw)
    assert np.allclose(index.adapted, adapter.adapt(raw), atol=1e-6)
    priority = {"title": "More apprenticeships for young people", "description": ""}
    _, dense, _, (_, _, cosines), _ = ranking.channel_scores(
        index, [priority], ranking.SHIPPED, cache
    )
    query = embed([ranking.query_text(priority)[0]], cache=cache)
    assert np.allclose(cosines, index.dense(query, ranking.SHIPPED.view_mix), atol=1e-6)
    through = index.dense(adapter.adapt(query), ranking.SHIPPED.view_mix, adapted=True)
    # Ranking mixes the adapted cosine with the model's own, so the adapter only nudges it.
    assert 0 < adapter.MIX < 1
    assert np.allclose(dense, adapter.MIX * through + (1 - adapter.MIX) * cosines, atol=1e-6)
    assert not np.allclose(dense, cosines, atol=1e-4)
    result = ranking.rank(index, [priority], cache=cache)[0]
    assert result.top_cosine == pytest.approx(float(cosines.max()), abs=1e-6)
    _, plain, *_ = ranking.channel_scores(index, [priority], ranking.SHIPPED, cache, adapted=False)
    assert np.array_equal(plain, cosines)


def test_dev_is_measured_without_the_adapter_it_was_learned_from_and_held_out_with_it():
    """Dev figures through the adapter would be in-sample; held-out figures must use it."""
    assert not evaluation.adapted_on("dev") and not evaluation.adapted_on("dev2")
    assert evaluation.adapted_on("heldout") and all(
        map(evaluation.adapted_on, evaluation.FRESH_SPLITS)
    )
    cache = MemoryCache()
    index = MeasureIndex.build(evaluation.catalogues()["our catalogue"], cache=cache)
    rows = evaluation.load_split("dev")[:40]
    codes = [m["code"] for m in index.measures]
    own = evaluation.evaluate_split(index, rows, cache=cache, adapted=False)
    through = evaluation.evaluate_split(index, rows, cache=cache)
    _, cosines, *_ = ranking.channel_scores(index, rows, ranking.SHIPPED, cache, adapted=False)
    orders = [[codes[i] for i in np.argsort(-c, kind="stable")] for c in cosines]
    assert own["dense"] == evaluation.ranking_metrics(orders, rows)
    assert own["dense"] != through["dense"]


def _toy_example(rng):
    """Queries that the raw geometry sends to the wrong measure: measure 1 is relevant, 0 closer."""
    views = np.eye(4)[:2]  # measure 0 along axis 0, measure 1 along axis 1, one view each
    queries = np.array([[0.8, 0.6, 0.0, 0.0]] * 6) + rng.normal(0, 0.01, (6, 4))
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    relevant = np.zeros((6, 2), dtype=bool)
    relevant[:, 1] = True
    return adapter.Example(
        queries=queries.astype(np.float32),
        views=views.astype(np.float32),
        view_starts=np.array([0, 1]),
        relevant=relevant,
        allowed=np.ones((6, 2), dtype=bool),
    )


def test_fit_learns_the_labelled_pairs_deterministically_and_strength_holds_it_to_identity():
    example = _toy_example(np.random.default_rng(0))
    loose = adapter.Fitting(strength=0.0001, steps=200, rate=0.01)
    weights = adapter.fit([example], loose)
    assert np.array_equal(weights, adapter.fit([example], loose))
    before = example.queries @ example.views.T
    after = adapter.adapt(example.queries, weights) @ adapter.adapt(example.views, weights).T
    assert (before.argmax(axis=1) == 0).all() and (after.argmax(axis=1) == 1).all()
    firm = adapter.fit([example], adapter.Fitting(strength=100.0, steps=200, rate=0.01))
    identity = np.eye(4)
    assert np.abs(firm - identity).max() < np.abs(weights - identity).max() / 5


def test_examples_for_fitting_come_from_the_dev_splits_only(splits_read):
    examples = evaluation.adapter_examples(MemoryCache())
    assert set(splits_read) == {"dev", "dev2"}
    assert len(examples) == len(evaluation.SETS)
    for example, labelled in zip(examples, evaluation.SETS, strict=True):
        measures = evaluation.catalogues()[labelled.catalogue]
        assert (
            example.relevant.shape == example.allowed.shape == (len(example.queries), len(measures))
        )
        assert (example.allowed | ~example.relevant).all()  # a relevant measure is never excluded
        assert len(example.view_starts) == len(measures)


def test_fit_adapter_rebuilds_the_shipped_matrix_from_dev(runner, tmp_path):
    target = tmp_path / "adapter.npy"
    result = runner.invoke(args=["fit-adapter", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "learned from dev only" in result.output
    assert np.allclose(np.load(target), adapter.matrix(), atol=1e-4)
