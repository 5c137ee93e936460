"""No one question carries more of the award than it can bear (sixth review, N3, B4 and D7).

One apprenticeship rate at 20%, or one apprentice count at 15%, let a small difference in one
commitment decide the award. The rules lower the council's weighting to what its questions can
bear (question_weighting and proposed_weighting in proportionality.yaml) and the officer
decides the lowering, through the one mechanism that already existed for it.
"""

import dataclasses

import pytest
from test_tender_terms import COUNCIL, build

from specifier import wording
from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, legal, lifecycle, proportionality

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


# Small contracts (£100k to £1m) in each nation where no outcome has a minimum (sixteenth
# review, part R4): (nation, council's weighting, contract).
QUALITY_ONLY = [
    ("England", 20, {"value_gbp": 300_000, "cpv_code": "79800000"}),
    ("Wales", 15, {"value_gbp": 600_000, "cpv_code": "90919200"}),
    ("Scotland", 10, {"value_gbp": 250_000, "cpv_code": "72611000"}),
    ("Northern Ireland", 10, {"value_gbp": 450_000, "cpv_code": "77310000"}),
]


@pytest.mark.parametrize("codes", [["ENV-01"], ["ENV-01", "JOB-02"]])
@pytest.mark.parametrize(("nation", "pct", "contract"), QUALITY_ONLY)
def test_where_no_outcome_has_a_minimum_one_paragraph_shares_the_weighting_with_an_example(
    measures, codes, nation, pct, contract
):
    council = COUNCIL | {"weighting_pct": pct, "nation": nation}
    doc = build(measures, codes, council=council, nation=nation, duration_months=36, **contract)
    assert all(o.minimum is None for o in doc.outcomes)
    weighting = doc.clause("evaluation.weighting").text
    paragraph = weighting.split("\n\n")[-1]
    assert paragraph.startswith("No outcome has a minimum commitment")
    shares = [o.weight for o in doc.outcomes] + ([doc.fair_work.weight] if doc.fair_work else [])
    assert sum(shares) == pytest.approx(doc.weighting.pct)
    # Each question judged on quality alone carries at most the rule's share, unless Northern
    # Ireland's 10% minimum keeps the whole weighting above what the questions can bear.
    floor = legal.MIN_WEIGHTING_PCT if doc.law.ni_policy else 0
    assert doc.weighting.pct == max(min(pct, JUDGED * len(shares)), floor)
    listed = ", ".join(f"Q{i} {wording.points(s)}%" for i, s in enumerate(shares, start=1))
    if len(shares) == 1:
        assert f"The one question carries the whole {wording.qty(doc.weighting.pct)}%" in paragraph
    elif doc.fair_work:
        # Scotland's Fair Work First question weighs as a minimum does: the shares are listed.
        assert listed in paragraph and "twice" not in paragraph
    elif len(set(shares)) == 1:
        assert f"{wording.points(shares[0])}% each" in paragraph
    else:
        assert f"is shared between the {len(shares)} questions: {listed}." in paragraph
    # The worked example is the first question's own arithmetic, in the same paragraph.
    first = doc.outcomes[0]
    earned = 4 / 5 * first.weight
    assert (
        f"an answer to Q{first.number} that scores 4 earns 4 ÷ 5 × {wording.points(first.weight)}%"
        f" = {wording.points(earned)}% of the total score" in paragraph
    )
    # ...so the separate formula and example clauses are not repeated.
    assert doc.clause("evaluation.quantitative") is None
    assert doc.clause("evaluation.example") is None


def test_northern_irelands_minimum_holds_over_the_quality_only_rule_and_the_officer_is_told(
    measures,
):
    contract = {"value_gbp": 160_000, "duration_months": 24, "cpv_code": "79800000"}
    england = build(measures, ["ENV-01"], **contract)
    assert england.weighting.pct == JUDGED and england.weighting.floor is None
    ni = build(
        measures,
        ["ENV-01"],
        council=COUNCIL | {"nation": "Northern Ireland"},
        nation="Northern Ireland",
        **contract,
    )
    [outcome] = ni.outcomes
    assert outcome.minimum is None and outcome.weight == ni.weighting.pct == 10
    assert ni.weighting.floor == 10
    [told] = [c for c in checks.weighting(ni) if "PPN 01/21" in c.message]
    assert told.level == "warning" and "A lower weighting is your decision" in told.message
    assert "PPN 01/21" in ni.clause("purpose.law").text
