"""How the market employs and is paid (thirteenth review, part O1): a concession's remedies act
on what the concession has, and a workforce figure is the supplier's own staff, not the users."""

import pytest
from test_tender_terms import build, text

from specifier.catalogue.files import builtin_measures
from specifier.specification import proportionality


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


@pytest.mark.parametrize("value", [90_000, 3_200_000])
def test_a_concessions_remedies_never_hold_back_a_payment_the_council_does_not_make(
    measures, value
):
    concession = build(measures, ["JOB-01"], value_gbp=value, kind="concession")
    remedies = text(concession, "management.remedies")
    assert "hold back" not in remedies and "payment it owes" not in remedies
    assert "service credits" not in remedies
    assert "concession fee or the council's share of the income" in remedies
    contract = build(measures, ["JOB-01"], value_gbp=value)
    remedies = text(contract, "management.remedies")
    assert "will not hold back any payment it owes the supplier" in remedies
    assert "concession" not in remedies
