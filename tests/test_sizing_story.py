"""Seventh review (part G2): one decision on a published figure, sizes from the service, who counts."""

import datetime

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document

ENGLAND = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 50_000,
    "max_outcomes": 6,
}
CONTRACT = {
    "title": "Study and advice",
    "description": "Research and advice for the council.",
    "category": "services",
    "cpv_code": "79400000",
    "value_gbp": 7_200_000,
    "duration_months": 36,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
    "reference": "HC-1",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, procurement, codes, council=ENGLAND, priority=None):
    chosen = [{"measure": measures[c], "priority": priority} for c in codes]
    inputs = document.Inputs(council, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


@pytest.mark.parametrize(
    "procurement",
    [
        CONTRACT,
        {**CONTRACT, "value_gbp": 1_400_000, "cpv_code": "85312100"},
        {**CONTRACT, "value_gbp": 9_000_000, "category": "works", "cpv_code": "45233142"},
        {**CONTRACT, "value_gbp": 2_000_000, "duration_months": 48},
    ],
)
def test_the_log_and_the_specification_tell_one_story_about_a_token_figure(measures, procurement):
    """FINDINGS-6 B8: the log said "no figure reaches bidders" while the specification published
    the same figure as a reference point. Whatever the rules decide, both say it."""
    doc = build(measures, procurement, ["JOB-01"])
    [jobs] = doc.outcomes
    if not jobs.suggestion.token:
        pytest.skip("the rules set a minimum here")
    [warning] = [c for c in checks.run(doc) if c.topic == "Measurable" and "JOB-01" in c.message]
    text = doc.clause(f"outcome.{jobs.code}.minimum").text
    if jobs.reference:
        assert "published reference point" in text
        assert "no figure reaches bidders" not in warning.message
        assert "published reference point" in warning.message
        assert any("published as a reference point" in n for n in jobs.officer_notes)
    else:
        assert "reference point" not in text
        assert "no figure reaches bidders" in warning.message
