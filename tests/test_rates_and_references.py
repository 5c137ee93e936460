"""The third review's findings on reference points, rate tests and the commitment forms (part D).

Each test names the finding it guards (docs/specification-review.md, "Fourth round, 2026-12-07:
part D") and builds contracts unlike the review's panel.
"""

import re

import pytest
from test_tender_terms import build, text

from specifier.catalogue.files import builtin_measures


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


SMALL = [
    {"value_gbp": 180_000, "duration_months": 18, "cpv_code": "90910000"},
    {"value_gbp": 1_400_000, "duration_months": 84, "cpv_code": "85312000"},
    {
        "value_gbp": 2_500_000,
        "duration_months": 48,
        "cpv_code": "45453000",
        "kind": "framework",
        "guaranteed_value_gbp": None,
    },
]


@pytest.mark.parametrize("contract", SMALL, ids=["cleaning", "day-care", "repairs-framework"])
def test_d1_no_reference_point_is_published_below_one_whole_unit(measures, contract):
    """D1: "twice the reference" must never call a token commitment large."""
    small_seen = 0
    for code in measures:
        doc = build(measures, [code], **contract)
        for o in doc.outcomes:
            if o.minimum is not None:
                continue
            assert o.reference is None or o.reference >= 1, (code, o.reference)
            method = text(doc, "evaluation.proposed")
            for figure in re.findall(r"reference points? (?:is|are): (.*)", method):
                assert not re.search(r"(?<![\d,.])0\.\d", figure), (code, figure)
            if o.small_reference is not None:
                small_seen += 1
                assert o.reference is None and 0 < o.small_reference < 1
                # Bidders are told tenders are compared; the officer is told why.
                assert "among the largest in the tenders received" in method
                assert "less than one whole unit" in method
                [note] = [n for n in o.officer_notes if n.startswith("No reference point")]
                assert "set a minimum" in note
    assert small_seen, "no measure fell below one unit: is the contract still small?"
