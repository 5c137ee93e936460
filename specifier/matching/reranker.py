"""Reorder the matcher's top three by a small logistic model learned on dev; never which three.

The fused score ranks well enough to put a right measure in the top three, but not always first.
A logistic model over twenty signals of each candidate (each view's cosine, both channels' scores
and ranks, the lead prior, the shipped score and its gap to the first) judged which of the three
is right better in cross-validation leaving bodies out (priorities/evaluation/real/README.md).
Only the order within the top three moves, so recall@3 cannot change, and each suggestion keeps
the confidence band the hybrid's own order gave it. The model is a few numbers in
specifier/data/reranker.json, with how they were fitted (`flask fit-reranker`).
"""

from pathlib import Path

import numpy as np

from specifier.matching import logistic
from specifier.matching.logistic import probability

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "reranker.json"
TOP = 3  # reorders within these; a right measure in the top three stays there
DEPTH = 10  # candidates per statement the model is fitted on: the shipped ranking's top ten
C = 1.0  # inverse strength of the fit's L2 penalty (scikit-learn's default)
BLENDS = np.round(np.arange(0.1, 1.01, 0.1), 1)  # the model's weights against the score tried
FEATURES = (
    "cosine to the title view",
    "cosine to the title-and-description view",
    "cosine to the theme-and-outcome view",
    "cosine to the keywords view (the title-and-description view without keywords)",
    "cosine, best and mean view mixed",
    "best cosine minus this one",
    "log(1 + BM25 score)",
    "BM25 score, min-max over the catalogue",
    "log(rank by cosine)",
    "log(rank by BM25; catalogue size + 1 without a shared word)",
    "lead prior",
    "fused score without the adapter",
    "best fused score without the adapter minus this one",
    "both channels agree (BM25 rank 3 or better, cosine rank 5 or better)",
    "shipped score",
    "first suggestion's shipped score minus this one",
    "log(place in the shipped ranking)",
)


def model(path=MODEL_FILE):
    """The shipped model, or None when there is none (the fused score alone orders then)."""
    return logistic.load(path)


def order(rows, scores, fitted):
    """The top three's new order (positions into them): blend x probability + the rest x score."""
    blend = fitted["blend"]
    key = blend * probability(rows, fitted) + (1 - blend) * np.asarray(scores, dtype=float)
    return np.argsort(-key, kind="stable")


def _reciprocal_ranks(groups, fitted, blend):
    """Each statement's 1 / place of its first right measure after reordering its top three."""
    ranks = []
    for group in groups:
        head = group["rows"][:TOP]
        new = order(head, group["scores"][:TOP], fitted | {"blend": blend}) if len(head) else []
        right = [*(group["right"][:TOP][j] for j in new), *group["right"][TOP:]]
        first = next((i for i, r in enumerate(right) if r), None)
        ranks.append(1 / (first + 1) if first is not None else group["beyond"])
    return np.array(ranks)


def _logistic(groups):
    """Fit the logistic model on the candidates of `groups` (partial measures left out)."""
    rows = np.vstack([g["rows"][g["judged"]] for g in groups])
    truth = np.concatenate([g["right"][g["judged"]] for g in groups])
    return logistic.fit(rows, truth, FEATURES, C, max_iter=2000), len(truth)


def fit(groups, sets):
    """Fit on dev's out-of-fold rankings; choose the blend weight by cross-validation over folds.

    Each group is one matchable statement: its top ten's features (`rows`), which are right,
    which are judged (not partial), its shipped scores, its set, its fold, and its reciprocal
    rank when no right measure is in the top ten (`beyond`). The weight with the best MRR,
    averaged over the sets, each fold scored by a model fitted on the other folds, is kept.
    """
    folds = sorted({g["fold"] for g in groups})
    held = {}
    for fold in folds:
        inside = [g for g in groups if g["fold"] != fold]
        held[fold] = _logistic(inside)[0]
    tried = {}
    for blend in BLENDS:
        ranks = []
        for fold in folds:
            out = [g for g in groups if g["fold"] == fold]
            ranks.append((out, _reciprocal_ranks(out, held[fold], float(blend))))
        chosen = [g for out, _ in ranks for g in out]
        per = np.concatenate([r for _, r in ranks])
        names = sorted({g["set"] for g in chosen})
        tried[float(blend)] = float(
            np.mean([per[[g["set"] == s for g in chosen]].mean() for s in names])
        )
    blend = max(tried, key=lambda b: (round(tried[b], 6), -b))
    fitted, candidates = _logistic(groups)
    fitted["blend"] = blend
    fitted["cross-validated mean MRR by blend"] = {str(b): round(v, 4) for b, v in tried.items()}
    fitted["fitted"] = (
        "`flask fit-reranker`: each dev statement ranked through an adapter fitted on the other"
        f" {len(folds) - 1} of {len(folds)} folds of bodies (out-of-fold, so the shipped score is"
        " never in-sample); scikit-learn logistic regression (L2, C="
        f"{C}) on standardised features of the top {DEPTH} of {len(groups)} matchable statements"
        f" ({candidates} candidates, partial measures left out) from {'; '.join(sets)}; the"
        " blend weight with the best MRR averaged over the sets, each fold ordered by a model"
        " fitted on the others. Held-out files are never read."
    )
    return fitted
