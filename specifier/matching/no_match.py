"""Whether a catalogue has nothing for a priority: a small logistic model learned on dev.

Cut-offs on closeness alone (ranking.decide_no_match) flipped between precision and recall from
one set to the next. Six signals of meaning and of the catalogue's coverage, weighed by a
logistic model fitted on every labelled dev split (`flask fit-no-match`), judged it better in
cross-validation leaving bodies out (priorities/evaluation/real/README.md). The model is a few
numbers in specifier/data/no-match.json, with how they were fitted.
"""

from pathlib import Path

import numpy as np

from specifier.matching import logistic
from specifier.matching.logistic import probability

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "no-match.json"
FEATURES = (
    "closest out-of-scope aim minus closest measure",  # the council's own business, say
    "closest measure beyond that aim",  # what the priority says besides it
    "closest theme or outcome",  # the catalogue's headings: does it cover the topic at all?
    "share of the priority's words the catalogue uses",
    "log(1 + content words)",  # a bare heading is judged on less
    "log(1 + best BM25 score)",  # the lexical channel's strongest evidence
)
KINDS = {True: "with keywords", False: "titles and descriptions only"}
C = 1.0  # inverse strength of the fit's L2 penalty (scikit-learn's default)
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)  # probabilities the fit tries


def features(out_of_scope, top_cosine, beyond_aim, context, coverage, length, lexical):
    """The model's inputs, one row per priority, in the order of FEATURES."""
    return np.column_stack(
        [
            np.asarray(out_of_scope) - np.asarray(top_cosine),
            beyond_aim,
            context,
            coverage,
            np.log1p(length),
            np.log1p(np.maximum(lexical, 0)),
        ]
    ).astype(np.float64)


def model(path=MODEL_FILE):
    """The shipped model, or None when there is none (the cut-off rule decides then)."""
    return logistic.load(path)


def decide(chance, enriched, fitted):
    """No suitable measure when the probability reaches the threshold for this kind of catalogue."""
    return chance >= fitted["thresholds"][KINDS[enriched]]


def _f1_key(predicted, truth):
    tp = int((predicted & truth).sum())
    precision = tp / predicted.sum() if predicted.any() else 0.0
    recall = tp / truth.sum() if truth.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(f1, 6), round(min(precision, recall), 6)


def threshold(chance, truth):
    """The probability cut-off with the best no-match F1, the middle of its plateau (ties: the
    better of precision and recall's lower one)."""
    keys = [_f1_key(chance >= t, truth) for t in THRESHOLDS]
    best = max(keys)
    ties = [float(t) for t, key in zip(THRESHOLDS, keys, strict=True) if key == best]
    return ties[len(ties) // 2]


def fit(rows, truth, enriched, sets):
    """Fit the model on dev: one logistic regression for every catalogue, a threshold per kind.

    `rows` are features, `truth` True where the labellers found no measure, `enriched` the kind
    of catalogue each row was judged against, `sets` the names of the sets fitted on.
    """
    fitted = logistic.fit(rows, truth, FEATURES, C, max_iter=1000)
    chance = probability(rows, fitted)
    fitted["thresholds"] = {
        name: threshold(chance[enriched == kind], truth[enriched == kind])
        for kind, name in KINDS.items()
    }
    fitted["fitted"] = (
        f"`flask fit-no-match`: scikit-learn logistic regression (L2, C={C}) on standardised"
        f" features of {len(truth)} dev statements ({int(truth.sum())} with no measure) from"
        f" {'; '.join(sets)}. A probability threshold per kind of catalogue with the best"
        " no-match F1 on its dev rows. Held-out files are never read."
    )
    return fitted
