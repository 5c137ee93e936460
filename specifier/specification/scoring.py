"""How an answer's scores become its share of the social value weighting (no Flask here).

Each question is worth its outcome's weight. Where the council has set a minimum that more
can be offered against, half is for the quality of the answer and half for the commitment
above the minimum, scored in a straight line from nothing at the minimum to full marks at the
cap. Otherwise the whole weight is for quality.
"""

from dataclasses import dataclass

SCALE_MAX = {"0-5": 5, "0-100": 100}
COMMITMENT_SHARE = 0.5
# Marks only for what binds (FINDINGS-18b, recurring 2): where 0 is accepted, an answer that
# commits 0, or nothing measurable, scores no higher than this band of the scale, whatever its
# prose. It is the band a commitment under a fixed point's lower point is held to, so one rule
# holds for every proposed commitment.
ZERO_CAP = {"0-5": (1, "Poor"), "0-100": (25, "Weak")}


@dataclass(frozen=True)
class Split:
    """One question's weight, split between the quality of the answer and the commitment."""

    weight: float
    quality: float
    commitment: float

    @property
    def scores_commitment(self):
        return self.commitment > 0


def scores_commitment(outcome):
    """Return True when an outcome's commitment above its minimum earns marks.

    Never where the contract has lots and the lots have no values to share the minimum: each
    lot's bidder proposes its own commitment, so the formula would have no minimum (M) to score
    from (FINDINGS-17a, events 1). The answer is then scored on its quality alone.
    """
    return (
        not outcome.condition
        and outcome.minimum is not None
        and outcome.score_cap is not None
        and outcome.score_cap > outcome.minimum
        and not (getattr(outcome, "lot_count", 0) and not outcome.lots)
    )


def zero_cap(scale):
    """Return the score an answer committing nothing binding cannot go above, as bidders read it."""
    score, rating = ZERO_CAP[scale]
    return f"{score} ({rating})"


def split(outcome):
    """Return the outcome's weight split between quality and commitment."""
    commitment = outcome.weight * COMMITMENT_SHARE if scores_commitment(outcome) else 0.0
    return Split(outcome.weight, outcome.weight - commitment, commitment)


def quality_marks(score, scale, quality_weight):
    """Return the share of the total score earned by a quality score on the scale."""
    return score / SCALE_MAX[scale] * quality_weight


def commitment_marks(commitment, minimum, cap, commitment_weight):
    """Return the share earned by a commitment: nothing at the minimum, all of it at the cap.

    A commitment below the minimum fails the tender (it earns nothing here); one above the cap
    scores as the cap.
    """
    if commitment < minimum or cap <= minimum:
        return 0.0
    return (min(commitment, cap) - minimum) / (cap - minimum) * commitment_weight


@dataclass(frozen=True)
class Example:
    """A worked example of one question's marks, for the evaluation section."""

    outcome: object
    split: Split
    score: int
    scale_max: int
    quality: float
    commitment: float | None
    commitment_earned: float
    total: float
    # Where each lot is scored against its own minimum: the lot the example works through, and
    # that lot's minimum and cap; else the outcome's.
    lot: str | None = None
    minimum: float | None = None
    cap: float | None = None


def example(outcomes, scale):
    """Work one question's marks through: the first outcome that scores a commitment, if any."""
    if not outcomes:
        return None
    outcome = next((o for o in outcomes if scores_commitment(o)), outcomes[0])
    parts = split(outcome)
    top = SCALE_MAX[scale]
    score = 4 if top == 5 else 75
    quality = quality_marks(score, scale, parts.quality)
    commitment, earned = None, 0.0
    lot, minimum, cap = None, outcome.minimum, outcome.score_cap
    # Scored lot by lot: the example uses a lot's own minimum, as bidders are scored.
    own = [x for x in outcome.lots or () if x.minimum]  # not a lot that cannot deliver it
    if parts.scores_commitment and len(own) > 1:
        lot, minimum = own[0].title, own[0].minimum
        cap = minimum * outcome.score_cap / outcome.minimum
        cap = min(cap, 100.0) if outcome.unit.startswith("%") else cap
    if parts.scores_commitment:
        step = 1 if not outcome.unit.startswith("£") else 1000
        halfway = minimum + (cap - minimum) / 2
        commitment = max(minimum, round(halfway / step) * step)
        earned = commitment_marks(commitment, minimum, cap, parts.commitment)
    total = quality + earned
    return Example(
        outcome, parts, score, top, quality, commitment, earned, total, lot, minimum, cap
    )
