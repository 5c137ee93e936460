"""Pass/fail gates a capable small bidder can meet, and call-offs that are placements
(FINDINGS-15 items 1 to 3): a cut from a baseline the bidder sets is never a rejection gate; a
minimum that needs vehicles, plant or certification is scored, not a gate, where small firms
bid; a framework of placements weighs social value once, at admission, never in a call-off.
Every format says the same (specification, response form, workbook, OCDS)."""

import datetime
import io
import json

import docx
import openpyxl
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document
from specifier.specification.export import commitments, ocds, response_form, workbook

COUNCIL = {
    "id": 3,
    "name": "Ashby Vale Council",
    "slug": "ashby-vale",
    "nation": "England",
    "local_description": "Within the Ashby Vale Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 50_000,
    "max_outcomes": 6,
}
# The council's architect designed it; the contractor builds to that design.
BUILD_ONLY = {
    "title": "New library and community hub",
    "description": (
        "Construction of a library and community hub. The council's architect has completed the"
        " design to RIBA Stage 4; the contractor builds to the council's design."
    ),
    "category": "works",
    "cpv_code": "45212000",
    "value_gbp": 7_000_000,
    "duration_months": 20,
    "start_date": "2027-06-01",
    "nation": "England",
    "reference": "AV-LIB-1",
    "lots": [],
}
ESTIMATED = {
    **BUILD_ONLY,
    "description": BUILD_ONLY["description"]
    + " The design's upfront embodied carbon estimate is 2,400 tCO2e.",
}
DESIGN_AND_BUILD = {
    **BUILD_ONLY,
    "description": "Design and construction of a library and community hub.",
}
# A framework of small local firms in lots, with no guaranteed work.
SMALL_FIRMS = {
    "title": "Minor works framework",
    "description": (
        "Minor building repairs to council buildings by small local contractors, called off"
        " by mini-competition."
    ),
    "category": "works",
    "cpv_code": "45453000",
    "kind": "framework",
    "guaranteed_value_gbp": None,
    "value_gbp": 5_000_000,
    "duration_months": 48,
    "start_date": "2027-04-01",
    "nation": "England",
    "reference": "AV-MW-2",
    "lots": [
        {"title": "Repairs", "value_gbp": 3_000_000},
        {"title": "Roofing", "value_gbp": 2_000_000},
    ],
}
LARGE_CONTRACT = {
    **SMALL_FIRMS,
    "title": "Highways maintenance term contract",
    "description": "Highways maintenance across the council's area, with the supplier's fleet.",
    "category": "services",
    "cpv_code": "45233141",
    "kind": "contract",
    "value_gbp": 40_000_000,
    "duration_months": 84,
    "lots": [],
}
PLACEMENTS = {
    "title": "Supported accommodation placements framework",
    "description": (
        "Supported accommodation for young people leaving care, each placement matched to the"
        " young person's assessed needs and awarded by ranking."
    ),
    "category": "services",
    "cpv_code": "98341000",
    "kind": "framework",
    "guaranteed_value_gbp": None,
    "value_gbp": 6_000_000,
    "duration_months": 48,
    "start_date": "2027-04-01",
    "nation": "England",
    "reference": "AV-SA-4",
    "lots": [],
}
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, procurement, codes):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    return document.build(document.Inputs(COUNCIL, procurement, chosen), today=TODAY)


def issue(doc):
    return commitments.issue_for(doc, {"id": 7, "updated_at": "2026-12-07 01:00:00"})


def form_text(doc):
    found = docx.Document(io.BytesIO(response_form.render(doc, issue(doc))))
    cells = [c.text for t in found.tables for r in t.rows for c in r.cells]
    return " ".join([p.text for p in found.paragraphs] + cells)


def workbook_text(doc):
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue(doc))))
    return " ".join(
        str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value
    )


def ocds_text(doc):
    return json.dumps(ocds.release(doc))


def assert_0_accepted_everywhere(doc, outcome):
    """Not in the pass/fail list, 0 accepted in the minimum, the form, workbook and OCDS."""
    pass_fail = doc.clause("evaluation.pass-fail").text
    assert f"more than 0 for {outcome.name}" not in pass_fail, pass_fail
    assert f"({outcome.title})" not in pass_fail, pass_fail
    minimum = doc.clause(f"outcome.{outcome.code}.minimum").text
    assert "0 is accepted with the reasons for it" in minimum, minimum
    assert "0 is accepted" in form_text(doc)
    said = workbook_text(doc)
    assert "None required" in said and "0 is accepted" in said
    assert "0 is accepted with the reasons for it" in ocds_text(doc)


def test_a_cut_from_a_baseline_the_bidder_sets_is_never_a_rejection_gate(measures):
    """Item 1: the same embodied-carbon cut was a gate on one works pack and accepted 0 on
    another. The contractor's own design, or its own assessment of the council's, is a
    baseline the bidder sets: 0 is accepted in every format, and the text says whose design."""
    for procurement, whose in (
        (BUILD_ONLY, "the baseline is the bidder's own assessment of the council's design"),
        (DESIGN_AND_BUILD, "the bidder sets the baseline design itself"),
    ):
        doc = build(measures, procurement, ["ENV-05"])
        (embodied,) = doc.outcomes
        assert embodied.suggestion.optional
        assert whose in doc.clause(f"outcome.{embodied.code}.minimum").text
        assert_0_accepted_everywhere(doc, embodied)
        assert f"For {embodied.name}, 0 is accepted" in doc.clause("evaluation.proposed").text
        found = [c for c in checks.run(doc) if "has no minimum" in c.message]
        assert found and "a commitment of 0 is accepted" in found[0].message


def test_the_council_s_own_carbon_estimate_is_the_baseline_where_it_gives_one(measures):
    """Where the council gives its design's carbon estimate, bidders cut from that figure: a
    baseline no bidder sets, so a cut of more than 0 can be asked for, and every part of the
    document names the figure."""
    doc = build(measures, ESTIMATED, ["ENV-05"])
    (embodied,) = doc.outcomes
    assert not embodied.suggestion.optional
    said = "measured against the council's estimate for its design, 2,400 tCO2e"
    assert said in doc.clause("evaluation.pass-fail").text
    assert said in doc.clause(f"outcome.{embodied.code}.minimum").text
    method = doc.clause("evaluation.proposed").text
    assert "council's own carbon estimate" in method and "current baseline" not in method


def test_a_minimum_needing_vehicles_is_scored_not_a_gate_where_small_firms_bid(measures):
    """Item 2: a zero-emission fleet share was a gate on framework lots for small local firms.
    There it is scored, 0 is accepted, and the bidder says what it will do instead; on a large
    contract the same outcome is still a requirement of more than 0."""
    doc = build(measures, SMALL_FIRMS, ["ENV-10"])
    (fleet,) = doc.outcomes
    assert fleet.suggestion.asset == "the contract is meant for small firms"
    assert_0_accepted_everywhere(doc, fleet)
    minimum = doc.clause(f"outcome.{fleet.code}.minimum").text
    assert "zero-emission vehicles bought or leased" in minimum
    assert "what the bidder will do instead" in minimum
    assert "50% or more is large" in minimum  # still scored against the published points
    # The same framework without the small-firm words: no guaranteed work is reason enough.
    plain = {**SMALL_FIRMS, "description": "Minor building repairs, called off as needed."}
    assert "guarantees no work" in build(measures, plain, ["ENV-10"]).outcomes[0].suggestion.asset
    large = build(measures, LARGE_CONTRACT, ["ENV-10"])
    assert not large.outcomes[0].suggestion.optional
    assert "more than 0 for Outcome 1" in large.clause("evaluation.pass-fail").text


def test_an_officer_s_minimum_needing_assets_on_a_small_firms_contract_is_warned(measures):
    chosen = [{"measure": measures["ENV-10"], "priority": None, "minimum": 40}]
    doc = document.build(document.Inputs(COUNCIL, SMALL_FIRMS, chosen), today=TODAY)
    warned = [c for c in checks.run(doc) if "a small firm that cannot make" in c.message]
    assert warned and warned[0].level == "warning"


def test_placement_call_offs_carry_no_social_value_weighting(measures):
    """Item 3: a placements framework told the council to weight social value in each call-off.
    Placements chosen for one person's needs are never scored on social value: it is evaluated
    once, at admission, and reported per call-off."""
    doc = build(measures, PLACEMENTS, ["JOB-01"])
    call_offs = doc.clause("purpose.framework").text
    assert "of the call-off's total score" not in call_offs
    assert "no call-off is scored on social value or carries a social value weighting" in call_offs
    assert "showing what each call-off delivered" in call_offs
    reporting = " ".join(c.text for c in doc.clauses() if c.key.startswith("management"))
    assert "what each call-off delivered towards the commitment" in reporting
    assert "call-off's total score" not in ocds_text(doc)
    # Any other framework keeps its further competition on social value.
    works = build(measures, SMALL_FIRMS, ["SKL-01"]).clause("purpose.framework").text
    assert "of the call-off's total score" in works and "placement" not in works


def test_a_levy_transfer_is_never_a_gate_as_only_large_employers_pay_the_levy(measures):
    """Item 4: "more than 0" of apprenticeship levy transferred rejected every provider with a
    pay bill under £3m, which pays no levy, whatever the contract's size."""
    doc = build(measures, LARGE_CONTRACT, ["SKL-05"])
    (levy,) = doc.outcomes
    assert levy.suggestion.asset == "only employers with a pay bill over £3m a year pay the levy"
    assert_0_accepted_everywhere(doc, levy)
    minimum = doc.clause(f"outcome.{levy.code}.minimum").text
    assert "apprenticeships with local small employers in another way" in minimum
