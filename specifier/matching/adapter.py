"""A linear map on sentence vectors, learned from labelled dev statements, applied before cosine.

MiniLM places "apprentices" and a measure about apprenticeships, or a council's slogan and the
measure its officers would choose, less close than a matcher needs. A 384 x 384 matrix learned
from dev (statement, relevant measure) pairs, pulled towards the identity so it only nudges the
space, brings them closer. `flask fit-adapter` rebuilds it from the dev splits alone.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ADAPTER_FILE = Path(__file__).resolve().parent.parent / "data" / "adapter.npy"
# How much the adapted cosine counts in the dense channel's ranking score, the model's own cosine
# the rest: chosen with the fitting by cross-validation on dev (priorities/evaluation/real/README.md).
MIX = 0.3


@dataclass(frozen=True)
class Fitting:
    """How the adapter is learned; chosen by cross-validation on dev, leaving bodies out."""

    strength: float = 0.003  # weight of the squared distance from the identity
    steps: int = 100  # full-batch Adam steps
    temperature: float = 0.05  # softmax over the catalogue's measures
    rate: float = 0.003  # Adam learning rate
    view_mix: float = 0.75  # a measure's score: this much best view, the rest mean view


@dataclass
class Example:
    """One catalogue's labelled dev statements, as raw vectors, for learning the adapter."""

    queries: np.ndarray  # statements x dimensions
    views: np.ndarray  # every measure's views, contiguous per measure, x dimensions
    view_starts: np.ndarray  # first view of each measure
    relevant: np.ndarray  # statements x measures, True where labelled relevant
    allowed: np.ndarray  # statements x measures, False where labelled partial: neither side


@functools.cache
def matrix(path=ADAPTER_FILE):
    """The shipped adapter, or None when there is none (vectors are then used as they are)."""
    return np.load(path).astype(np.float32) if Path(path).exists() else None


def adapt(vectors, weights=None):
    """Map unit vectors through the adapter and back to unit length; unchanged without one."""
    weights = matrix() if weights is None else weights
    if weights is None or not len(vectors):
        return vectors
    mapped = vectors @ weights
    return (mapped / np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-9)).astype(
        np.float32
    )


def fit(examples, fitting=Fitting()):
    """Learn the matrix: softmax over each catalogue's measures, pulled towards the identity.

    Deterministic: identity start, full batch, one thread.
    """
    import torch  # only here: the app itself never trains

    torch.set_num_threads(1)
    size = examples[0].queries.shape[1]
    weights = torch.eye(size, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.Adam([weights], lr=fitting.rate)
    prepared = [_prepared(e, torch) for e in examples if e.relevant.any()]
    total = sum(len(p["queries"]) for p in prepared)

    def unit(x):
        return x / x.norm(dim=1, keepdim=True).clamp_min(1e-9)

    for _ in range(fitting.steps):
        optimiser.zero_grad()
        loss = fitting.strength * ((weights - torch.eye(size, dtype=torch.float64)) ** 2).sum()
        for p in prepared:
            sims = unit(p["queries"] @ weights) @ unit(p["views"] @ weights).T
            best = torch.stack([sims @ slot for slot in p["slots"]]).amax(0)
            score = fitting.view_mix * best + (1 - fitting.view_mix) * (sims @ p["mean"])
            logits = (score / fitting.temperature).masked_fill(~p["allowed"], -1e9)
            right = torch.logsumexp(logits.masked_fill(~p["relevant"], -1e9), 1)
            loss = loss + (torch.logsumexp(logits, 1) - right).sum() / total
        loss.backward()
        optimiser.step()
    return weights.detach().numpy().astype(np.float32)


def _prepared(example, torch):
    """Tensors for one example: statements with a relevant measure, and per-slot view selectors.

    A measure's best view is the maximum over slots, each a 0/1 matrix choosing one view per
    measure (a measure with fewer views repeats its first); the mean view is one more matrix.
    """
    keep = example.relevant.any(axis=1)
    n_views, n_measures = len(example.views), len(example.view_starts)
    ends = np.append(example.view_starts[1:], n_views)
    counts = ends - example.view_starts
    slots = []
    for slot in range(int(counts.max())):
        chosen = np.zeros((n_views, n_measures))
        rows = np.where(slot < counts, example.view_starts + slot, example.view_starts)
        chosen[rows, np.arange(n_measures)] = 1
        slots.append(torch.tensor(chosen))
    mean = np.zeros((n_views, n_measures))
    for i, (start, end) in enumerate(zip(example.view_starts, ends, strict=True)):
        mean[start:end, i] = 1 / (end - start)
    return {
        "queries": torch.tensor(example.queries[keep], dtype=torch.float64),
        "views": torch.tensor(example.views, dtype=torch.float64),
        "slots": slots,
        "mean": torch.tensor(mean),
        "relevant": torch.tensor(example.relevant[keep]),
        "allowed": torch.tensor(example.allowed[keep]),
    }
