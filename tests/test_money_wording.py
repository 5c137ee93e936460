"""Values said to bidders are said to the precision the council gave them (FINDINGS-12 D8)."""

import pytest

from specifier.wording import money


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (1_450_000, "£1.45m"),  # not "£1.4m": a header must not round a contract's value
        (16_800_000, "£16.8m"),
        (2_000_000, "£2m"),
        (4_584_000, "£4,584,000"),  # not "£4.6m", nor "£4,584k"
        (1_234_567, "£1,234,567"),
        (800_000, "£800k"),
        (75_000, "£75,000"),
    ],
)
def test_money_is_never_rounded_away_from_the_value_given(value, said):
    assert money(value) == said
