"""A cut measured against the bidder's own baseline never rejects a bidder that has none (a new
site, a new provider, a small firm): 0 is accepted with reasons (FINDINGS-13b D4, 13a E2)."""

import datetime

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, proportionality, relevance

COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "Scotland",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1"],
    "weighting_pct": 10,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
DEPOT = {
    "title": "New highways depot",
    "description": "Design and build of a depot, workshop and salt barn on a cleared site.",
    "category": "works",
    "cpv_code": "45213000",
    "value_gbp": 14_500_000,
    "duration_months": 30,
    "start_date": "2027-10-01",
    "nation": "Scotland",
    "lots": [],
}
SUPPLY = {
    "title": "Janitorial consumables",
    "description": "Supply and delivery of cleaning chemicals and paper to council buildings.",
    "category": "goods",
    "cpv_code": "39830000",
    "value_gbp": 145_000,
    "duration_months": 36,
    "start_date": "2027-10-01",
    "nation": "Scotland",
    "lots": [],
}
FRAMEWORK = {
    "title": "Translation and interpreting framework",
    "description": "Translation and interpreting for council services, called off as needed.",
    "category": "services",
    "kind": "framework",
    "guaranteed_value_gbp": None,
    "cpv_code": "79530000",
    "value_gbp": 1_400_000,
    "duration_months": 48,
    "start_date": "2027-10-01",
    "nation": "Scotland",
    "lots": [],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, contract, codes):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    inputs = document.Inputs(COUNCIL, contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 7))


def test_a_cut_in_the_bidder_s_own_use_accepts_0_where_it_may_have_no_baseline(measures):
    """A new site, a supply new to the bidder: the cut's answer is scored on quality."""
    site = proportionality.suggest(measures["ENV-01"], DEPOT)
    assert site.optional and "site that no bidder runs yet" in site.no_baseline
    supply = proportionality.suggest(measures["ENV-02"], SUPPLY)
    assert supply.optional and "new to the supply" in supply.no_baseline
    # Not a cut in the bidder's own use: a level with fixed points, a cut against a baseline
    # design, or the metered use of buildings it runs, which exists before any bidder.
    for code in ("ENV-10", "ENV-23", "ENV-05", "ENV-07"):
        found = proportionality.suggest(measures[code], DEPOT)
        assert not found.no_baseline, code


def test_no_bidder_is_rejected_for_a_0_cut_it_has_no_baseline_for(measures):
    doc = build(measures, DEPOT, ["ENV-01", "ENV-22"])
    pass_fail = doc.clause("evaluation.pass-fail").text
    for o in doc.outcomes:
        assert f"more than 0 for {o.name}" not in pass_fail, pass_fail
        minimum = doc.clause(f"outcome.{o.code}.minimum").text
        assert "0 is accepted" in minimum and "no bidder runs yet" in minimum, minimum
        assert "first contract year" in minimum
        assert f"A cut the bidder commits to for {o.name} becomes the contract minimum" in minimum
    assert "is not a commitment: it is rejected" not in pass_fail
    method = doc.clause("evaluation.proposed").text
    names = " and ".join(o.name for o in doc.outcomes)
    assert f"For {names}, 0 is accepted, but an answer that commits 0" in method
    assert "which its answer must state" not in method
    said = [c for c in checks.run(doc) if c.message.startswith(doc.outcomes[0].name)]
    assert any("a commitment of 0 is accepted" in c.message for c in said), said


def test_a_framework_s_cut_per_1m_is_said_to_be_a_reduction_not_an_intensity(measures):
    doc = build(measures, FRAMEWORK, ["ENV-01"])
    (carbon,) = doc.outcomes
    assert carbon.unit.startswith("tCO2e cut per £1") and "call-offs" in carbon.unit, carbon.unit
    minimum = doc.clause(f"outcome.{carbon.code}.minimum").text
    assert "a reduction, not the emissions for each" in minimum, minimum


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_a_share_with_fixed_points_ranks_before_a_cut_for_the_same_aim(measures):
    """Clean plant (a share of the plant on site) before a cut in nitrogen oxides against a
    baseline a new site does not have; with no such share on offer the cut ranks as before."""
    air = {"id": 1, "title": "Cleaner air", "description": "Less air pollution from our works."}
    both = relevance.rank(DEPOT, [(air, measures[c], True) for c in ("ENV-22", "ENV-23")], _embed)
    ranked = {c.code: c for c in both}
    assert [c.code for c in both] == ["ENV-23", "ENV-22"]
    assert "ENV-23" in ranked["ENV-22"].token and "baseline" in ranked["ENV-22"].token
    assert not ranked["ENV-23"].token
    (alone,) = relevance.rank(DEPOT, [(air, measures["ENV-22"], True)], _embed)
    assert not alone.token


def test_a_cut_against_a_baseline_design_asks_for_the_design_not_a_current_level(measures):
    """FINDINGS-13b D4: "with its current baseline" on a depot not yet built."""
    doc = build(measures, DEPOT, ["ENV-05"])
    (embodied,) = doc.outcomes
    said = doc.clause(f"outcome.{embodied.code}.minimum").text
    assert "baseline design" in said and "current baseline" not in said, said
    assert "current baseline" not in doc.clause("evaluation.pass-fail").text


def test_the_share_ranks_in_the_place_of_the_cut_it_is_preferred_to(measures):
    """Respite: the fleet share ranked below the floor, so the cut made way for neither."""
    carbon = {"id": 1, "title": "Cut carbon", "description": "Cut carbon from our vehicles."}
    pairs = [(carbon, measures["ENV-01"], True), (carbon, measures["ENV-10"], False)]
    ranked = {c.code: c for c in relevance.rank(DEPOT, pairs, _embed)}
    assert ranked["ENV-01"].token
    assert ranked["ENV-10"].score >= ranked["ENV-01"].score + relevance.W_TOKEN - 1e-6
    assert any("in place of ENV-01" in r for r in ranked["ENV-10"].reasons)


def test_the_no_marks_for_size_rule_is_said_once_for_every_unsized_group(measures):
    """A cut the bidder may have no baseline for and an outcome sized by the land available each
    ended with the same sentence: the specification said it twice (fourteenth review)."""
    doc = build(measures, DEPOT, ["ENV-01", "ENV-27"])
    method = doc.clause("evaluation.proposed").text
    # Each group says once how its size counts (U3: no closing sentence that the fixed points
    # elsewhere would contradict).
    assert method.count("earns no marks") == 2, method
    assert "earns no marks by its size" not in method
