"""Published weights: whole or half percentages that add up exactly to the weighting (D8)."""

import itertools

import pytest

from specifier.specification import proportionality

HALF, WHOLE = proportionality.WEIGHT_STEP, proportionality.HALVED_STEP


def on_grid(value, step):
    return abs(value / step - round(value / step)) < 1e-9


@pytest.mark.parametrize("total", [5, 7.5, 10, 12.5, 15, 20, 25, 30])
@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6])
def test_every_split_is_whole_or_half_percentages_adding_up_exactly(total, count):
    for units in itertools.product((HALF, WHOLE), repeat=count):
        weights = proportionality.split_weights(total, count, units)
        assert sum(weights) == pytest.approx(total), (total, units, weights)
        assert all(on_grid(w, HALF) for w in weights), (total, units, weights)
        # A share halved between quality and commitment is whole, so each half is whole or half,
        # unless the total itself leaves a half no whole share can take.
        odd = sum(1 for w, u in zip(weights, units, strict=True) if not on_grid(w, u))
        assert odd <= (0 if on_grid(total, WHOLE) or HALF in units else 1), (total, units, weights)
        assert max(weights) - min(weights) <= 1, (total, units, weights)


def test_ten_percent_over_three_questions_is_never_thirds():
    assert proportionality.split_weights(10, 3) == [3.5, 3.5, 3.0]
    assert proportionality.split_weights(10, 3, [WHOLE] * 3) == [4.0, 3.0, 3.0]
    assert proportionality.split_weights(20, 3, [WHOLE] * 3) == [7.0, 7.0, 6.0]


def test_a_held_question_passes_its_share_on_in_whole_or_half_percentages():
    weights = proportionality.split_weights(20, 3, [WHOLE, WHOLE, HALF])
    found, held = proportionality.held_shares(weights, [False, False, True], [WHOLE, WHOLE, HALF])
    assert held and found[2] == 5
    assert sum(found) == pytest.approx(20)
    assert all(on_grid(w, WHOLE) for w in found[:2]), found
