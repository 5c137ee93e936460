"""Legal and contract-form statements said only where they are settled (twentieth review, part
V4): a lot's status under the Welsh Act, a mixed supply's kind, the real Living Wage in Scotland,
a scored answer that carries no outcome, and the words of the form of contract named.

Each test builds invented contracts of several kinds and nations, none of them the reviewed ones.
"""

import datetime

import pytest
from test_contract_terms_fit import COUNCIL, PRIORITY, SERVICES, ANYONE

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, lifecycle

ON = datetime.date(2026, 12, 8)
WALES = COUNCIL | {"nation": "Wales", "name": "Glanmor Council"}
SCOTLAND = COUNCIL | {"nation": "Scotland", "name": "Strathlinn Council"}
NI = COUNCIL | {"nation": "Northern Ireland", "name": "Bannmore District Council"}
WORKS = SERVICES | {
    "title": "Refurbishment of three leisure centres",
    "description": "Replacement of pool plant, changing rooms and roofs at three leisure centres.",
    "category": "works",
    "cpv_code": "45212200",
    "value_gbp": 3_000_000,
    "value_includes_vat": False,
    "duration_months": 24,
    "nation": "Wales",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes=("ECO-01",), *, council=COUNCIL, base=SERVICES, **contract):
    chosen = [{"measure": measures[c], "priority": PRIORITY, "eligibility": ANYONE} for c in codes]
    inputs = document.Inputs(council, base | contract, chosen)
    return document.build(inputs, today=ON)


def said(doc):
    """Everything the bidder reads in the specification."""
    return " ".join(c.text for c in doc.clauses())


def law_checks(doc):
    return [c.message for c in checks.run(doc) if c.topic == "Law"]


# FINDINGS-19b-u 1.5: "This is a major construction contract" where every lot is under £2m.


def test_a_works_lot_under_two_million_is_not_called_a_major_construction_contract(measures):
    lots = [
        {"title": "North centre", "value_gbp": 1_400_000},
        {"title": "South centre", "value_gbp": 900_000},
        {"title": "East centre", "value_gbp": 700_000},
    ]
    split = build(measures, council=WALES, base=WORKS, lots=lots, social_public_works_clauses=True)
    text = said(split)
    assert "major construction contract" not in text
    assert "will include the social public works clauses" in text
    assert "in the contract for each lot" in text
    assert "Section 28 of the Social Partnership" not in text  # its duty is for major ones
    [asked] = [m for m in law_checks(split) if m.startswith("Major construction contract")]
    assert "Lot 1, Lot 2 and Lot 3 are under £2,000,000" in asked
    # Not a question the pack turns on once the text no longer asserts it: the log asks.
    assert not [p for p in lifecycle.final_problems(split, []) if "major construction" in p]

    # One lot at £2m or more with VAT, one without a value: only the others are asked about.
    mixed = [{"title": "North centre", "value_gbp": 2_100_000}, {"title": "South centre"}]
    one_big = build(measures, council=WALES, base=WORKS, lots=mixed)
    [asked] = [m for m in law_checks(one_big) if m.startswith("Major construction contract")]
    assert "Lot 2 is under £2,000,000 or has no value" in asked
    assert "major construction contract" not in said(one_big)

    # Without lots, or with every lot over the line, the Act's words are said as before.
    whole = build(measures, council=WALES, base=WORKS, social_public_works_clauses=True)
    assert "This is a major construction contract under section 25" in said(whole)
    assert "Section 28 of the Social Partnership" in said(whole)
    big = [{"title": "A", "value_gbp": 1_700_000}, {"title": "B", "value_gbp": 1_800_000}]
    both = build(measures, council=WALES, base=WORKS, lots=big, value_gbp=3_500_000)
    assert "This is a major construction contract under section 25" in said(both)
    assert not [m for m in law_checks(both) if m.startswith("Major construction contract")]
