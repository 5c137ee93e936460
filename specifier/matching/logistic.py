"""The small logistic models the matcher ships (no-match, the top-three re-ranker): fit, load, apply.

Each is a few numbers in a JSON file under specifier/data: the features' means and scales, the
weights and the intercept, with how they were fitted.
"""

import functools
import json
from pathlib import Path

import numpy as np


@functools.cache
def load(path):
    """The shipped model at `path`, or None when there is none."""
    return json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else None


def probability(rows, fitted):
    """The model's probability for each row of features."""
    scaled = (rows - np.array(fitted["mean"])) / np.array(fitted["scale"])
    logit = scaled @ np.array(fitted["weights"]) + fitted["intercept"]
    return 0.5 * (1 + np.tanh(logit / 2))  # the logistic function, without overflow far out


def fit(rows, truth, features, c, max_iter):
    """Fit an L2 logistic regression on standardised features; return it as shipped."""
    from sklearn.linear_model import LogisticRegression  # only here: the app never fits

    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    learned = LogisticRegression(C=c, max_iter=max_iter).fit((rows - mean) / scale, truth)
    return {
        "features": list(features),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "weights": learned.coef_[0].tolist(),
        "intercept": float(learned.intercept_[0]),
    }
