"""No one question carries more of the award than it can bear (sixth review, N3, B4 and D7).

One apprenticeship rate at 20%, or one apprentice count at 15%, let a small difference in one
commitment decide the award. The rules lower the council's weighting to what its questions can
bear (question_weighting and proposed_weighting in proportionality.yaml) and the officer
decides the lowering, through the one mechanism that already existed for it.
"""

import dataclasses

import pytest
from test_tender_terms import COUNCIL, build

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, lifecycle, proportionality

SCORED = proportionality.rules()["question_weighting"]["scored"]["value"]
JUDGED = proportionality.proposed_cap(1)
# Contracts unlike the panel's: (codes, contract) pairs giving one to three questions, with and
# without minimums.
SHAPES = [
    (["JOB-02"], {"value_gbp": 20_000_000}),
    (["JOB-02", "ENV-01"], {"value_gbp": 20_000_000}),
    (["JOB-01", "JOB-02", "ENV-01"], {"value_gbp": 9_000_000, "duration_months": 60}),
    (["ECO-05"], {"value_gbp": 60_000, "duration_months": 6, "cpv_code": "79400000"}),
    (["JOB-02", "ENV-01"], {"value_gbp": 750_000, "duration_months": 60, "cpv_code": "79400000"}),
]


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


@pytest.mark.parametrize("pct", [10, 15, 20, 30])
@pytest.mark.parametrize(("codes", "contract"), SHAPES)
def test_no_question_carries_more_than_it_can_bear(measures, codes, contract, pct):
    doc = build(measures, codes, council=COUNCIL | {"weighting_pct": pct}, **contract)
    shares = [(o.weight, o.minimum is not None) for o in doc.outcomes]
    for weight, has_minimum in shares:
        assert weight <= (SCORED if has_minimum else JUDGED), (codes, pct, shares)
    assert sum(w for w, _ in shares) == pytest.approx(doc.weighting.pct)
    bearable = SCORED * sum(m for _, m in shares) + JUDGED * sum(not m for _, m in shares)
    if pct > bearable:
        # Lowered, and the officer has not decided: the check says so and the final waits.
        assert doc.weighting.pct == bearable and doc.weighting.uncapped == pct
        assert doc.weighting.lowered_unconfirmed
        [why] = [c for c in checks.weighting(doc) if "lowered from" in c.message]
        assert why.level == "warning" and "cannot be marked final" in why.message
        assert any("Weighting" in p for p in lifecycle.final_problems(doc, []))
    else:
        assert doc.weighting.pct == pct and doc.weighting.uncapped is None
        assert not lifecycle.final_problems(doc, [])


def test_one_scored_question_is_held_to_its_share_until_the_officer_confirms_it(measures):
    """Housing and flood: one question with a minimum was worth the council's whole 20% or 15%."""
    heavy = COUNCIL | {"weighting_pct": 20}
    doc = build(measures, ["JOB-02"], council=heavy, value_gbp=20_000_000)
    [outcome] = doc.outcomes
    assert outcome.minimum is not None
    assert doc.weighting.pct == outcome.weight == SCORED and doc.weighting.uncapped == 20
    assert (
        f"Social value is worth {SCORED:g}% of the total score"
        in doc.clause("evaluation.weighting").text
    )
    [why] = [c.message for c in checks.weighting(doc) if "lowered from" in c.message]
    assert f"council's 20% to {SCORED:g}%" in why and "question_weighting" in why
    assert "No outcome has a minimum" not in why  # the reason is the one question's share
    # The officer's confirmation, as a procurement file records it, settles it.
    inputs = document.Inputs(
        heavy | {"nation": "England"},
        doc.procurement,
        [{"measure": measures["JOB-02"], "priority": None}],
        weighting_confirmed_pct=SCORED,
    )
    settled = document.build(inputs)
    assert not settled.weighting.lowered_unconfirmed
    assert [c.level for c in checks.weighting(settled) if "lowered from" in c.message] == ["ok"]
    # A weighting the officer sets stands, with a warning saying what the rules allow.
    own = document.build(dataclasses.replace(inputs, weighting_pct=20))
    assert own.weighting.pct == own.outcomes[0].weight == 20
    assert any(f"above the {SCORED:g}% the rules allow" in c.message for c in checks.weighting(own))
