"""What each outcome's minimum clause tells bidders, whatever the other outcomes say."""

import datetime

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import document

COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "Wales",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1"],
    "weighting_pct": 20,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
SMALL = {
    "title": "Advice service",
    "description": "Housing advice by telephone.",
    "category": "services",
    "cpv_code": "85312300",
    "value_gbp": 300_000,
    "duration_months": 36,
    "start_date": "2027-10-01",
    "nation": "Wales",
    "lots": [],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def test_every_outcome_without_a_minimum_tells_bidders_to_propose_one(measures):
    """FINDINGS-8 E10: the second such outcome lost "The bidder must propose a specific
    commitment" as a sentence said already, yet a 0 for it rejects the tender."""
    chosen = [
        {"measure": measures[code], "priority": None} for code in ("SKL-01", "COM-07", "JOB-02")
    ]
    doc = document.build(document.Inputs(COUNCIL, SMALL, chosen), today=datetime.date(2026, 12, 7))
    unset = [o for o in doc.outcomes if o.minimum is None]
    assert len(unset) >= 2
    for o in unset:
        text = doc.clause(f"outcome.{o.code}.minimum").text
        if o.suggestion.under_one:  # below one in all: 0 is accepted (FINDINGS-12 D2)
            assert "0 is accepted" in text and "must propose" not in text, text
        else:
            assert f"must propose a specific commitment for {o.name}" in text, text


def test_a_counting_rule_two_outcomes_share_is_said_in_full_for_each(measures):
    """FINDINGS-9 F7: "The counting rules of Outcome 1 also apply to Condition 2" sent a
    Welsh-language condition to a guaranteed-hours outcome's rules; the shared rule is said."""
    chosen = [
        {"measure": measures[code], "priority": None} for code in ("FWK-05", "COM-20", "JOB-02")
    ]
    doc = document.build(document.Inputs(COUNCIL, SMALL, chosen), today=datetime.date(2026, 12, 7))
    texts = {o.code: doc.clause(f"outcome.{o.code}.evidence").text for o in doc.prescribed}
    named = {o.code: o.name for o in doc.prescribed}
    assert "Measure at each reporting point" in texts["FWK-05"]
    assert f"Measure at each reporting point (as for {named['FWK-05']})" in texts["COM-20"], texts
    assert not any("also apply to" in text for text in texts.values())
