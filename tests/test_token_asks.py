"""An outcome whose proportionate ask is below one unit is a token: 0 is accepted (FINDINGS-12 D2).

Placements and FTE years are whole things a bidder must promise one of; where the contract's
size supports less than one over the contract (or for each £1m of call-offs on a framework),
a "more than 0" requirement would reject a compliant tender for a nil social value figure.
"""

import datetime
import io

import docx
import pytest

from specifier import wording
from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, proportionality, relevance
from specifier.specification.export import commitments, response_form

COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1"],
    "weighting_pct": 20,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
GUARDING = {
    "title": "Security guarding of civic buildings",
    "description": "Static guarding and lone close-down patrols at the civic centre.",
    "category": "services",
    "cpv_code": "79713000",
    "value_gbp": 190_000,
    "duration_months": 24,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def test_an_ask_below_one_person_accepts_0_and_is_never_a_pass_fail_test(measures):
    doc = document.build(
        document.Inputs(COUNCIL, GUARDING, [{"measure": measures["JOB-02"], "priority": None}]),
        today=datetime.date(2026, 12, 7),
    )
    [jobs] = doc.outcomes
    assert jobs.minimum is None and jobs.suggestion.raw < 1
    assert jobs.suggestion.under_one and jobs.suggestion.token and jobs.suggestion.optional
    pass_fail = next(c.text for c in doc.clauses() if c.key == "evaluation.pass-fail")
    assert f"more than 0 for {jobs.name}" not in pass_fail
    assert "A commitment of 0, or a blank, is not a commitment" not in pass_fail
    minimum = doc.clause(f"outcome.{jobs.code}.minimum").text
    assert "0 is accepted" in minimum
    # Why (the ask is less than one person) is the tool's reasoning: the officer's log says
    # it, the bidder is told only what to do (FINDINGS-17b demolition 1).
    assert "less than 1 person" not in minimum and "proportionate" not in minimum
    assert any("less than 1 person" in c.message for c in checks.run(doc))
    assert "delivered remotely" not in minimum


def test_a_framework_rate_below_one_per_million_is_a_token(measures):
    legal = GUARDING | {"title": "Legal services", "description": "Legal advice."}
    legal |= {"cpv_code": "79100000", "kind": "framework", "duration_months": 48}
    found = proportionality.suggest(measures["JOB-01"], legal | {"value_gbp": 10_000_000})
    # More than one FTE year over the whole framework, but less than one for each £1m called off.
    assert found.raw >= 1 and found.raw / 10 < 1
    assert found.minimum is None and found.per_gbp == 1_000_000
    assert found.under_one and found.optional


def test_pounds_and_shares_are_never_short_of_one(measures):
    spend = proportionality.suggest(measures["ECO-01"], GUARDING)
    assert not spend.under_one and not spend.optional


def test_a_token_is_never_chosen_beside_outcomes_with_a_real_minimum(measures):
    def candidate(code, score, token=None):
        return relevance.Candidate(measures[code], {"id": code}, True, score, token=token)

    ranked = [
        candidate("JOB-06", 0.9),
        candidate("SKL-11", 0.85, token=relevance.UNDER_ONE),
        candidate("ECO-06", 0.75),
    ]
    # The real outcomes only: a token is never weighted beside them, not even in a slot they
    # leave (FINDINGS-15); the weighting is shared among fewer outcomes instead.
    assert [c.code for c in relevance.choose(ranked, 3)] == ["JOB-06", "ECO-06"]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["JOB-06", "ECO-06"]
    ranked[1].token = "On this contract it comes to fewer than one a year"
    assert [c.code for c in relevance.choose(ranked, 3)] == ["JOB-06", "ECO-06"]
    # Where nothing else fits, the token is chosen (the checks then ask the officer to look).
    assert [c.code for c in relevance.choose(ranked[1:2], 3)] == ["SKL-11"]


def _form_tables(doc):
    issue = commitments.issue_for(doc, source="t.yaml", generated_at="2026-12-07T08:00:00Z")
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in form.tables]


@pytest.mark.parametrize("code", ["ECO-11", "ENV-10"])
def test_the_form_states_the_fixed_points_that_cap_the_score(measures, code):
    """FINDINGS-12 D7: the specification capped the score by a reference point (34 hours per
    £1m of call-offs) or a percentage scale, but the form said only "propose a commitment"."""
    legal = GUARDING | {"title": "Legal services", "description": "Legal advice to the council."}
    legal |= {"cpv_code": "79100000", "kind": "framework", "value_gbp": 1_000_000}
    legal |= {"duration_months": 48, "guaranteed_value_gbp": None}
    doc = document.build(
        document.Inputs(COUNCIL, legal, [{"measure": measures[code], "priority": None}]),
        today=datetime.date(2026, 12, 7),
    )
    [outcome] = doc.outcomes
    assert outcome.minimum is None and (outcome.reference or outcome.scale)
    rows = {row[0]: row[1] for table in _form_tables(doc) for row in table if len(row) == 2}
    said = rows["How the size of your commitment is scored"]
    if outcome.reference:
        large = wording.measured(outcome.reference * 2, outcome.unit)
        assert f"A commitment of {large}" in said and "or more is large" in said
    else:
        assert f"{outcome.scale[0]:g}% or more" in said and f"under {outcome.scale[1]:g}%" in said
    assert "can score 5 or 4" in said and "no more than 1" in said


def test_a_fleet_share_on_a_one_van_contract_has_no_fixed_points(measures):
    """FINDINGS-12 D6: a two-technician pest control service with one van was judged against
    "50% large, under 20% low", a share that can only be 0% or 100%."""
    pests = GUARDING | {"title": "Pest control service", "cpv_code": "90923000"}
    pests |= {"description": "Two pest control technicians and a van.", "value_gbp": 148_000}
    fleet = measures["ENV-10"]
    small = proportionality.suggest(fleet, pests | {"workforce_fte": 2})
    assert proportionality.points(small, pests | {"workforce_fte": 2})["scale"] is None
    large = pests | {"workforce_fte": 30, "value_gbp": 3_000_000}
    assert proportionality.points(proportionality.suggest(fleet, large), large)["scale"]
    doc = document.build(
        document.Inputs(
            COUNCIL, pests | {"workforce_fte": 2}, [{"measure": fleet, "priority": None}]
        ),
        today=datetime.date(2026, 12, 7),
    )
    [outcome] = doc.outcomes
    text = doc.clause(f"outcome.{outcome.code}.minimum").text
    assert outcome.scale is None and "scored on its quality" in text and "50%" not in text
