"""Northern Ireland packs say what applies there, no more (sixteenth review, part R4).

Reviewers found the Northern Ireland framing thin beside the Welsh and Scottish packs: one
sentence on PPN 01/21. Where the note is cited, the pack now says its link to the Programme for
Government, the note's themes the outcomes serve and why these outcomes (the council's
priorities); the officer is told which parts of the Procurement Act 2023 a transferred Northern
Ireland authority leaves out, and what the note asks of the contract's conditions.
"""

import datetime

import pytest
from test_tender_terms import CONTRACT, COUNCIL, PRIORITY, text

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, legal

PFG = "linked to the outcomes of the Northern Ireland Executive's Programme for Government"
THEMES = "The note groups social value under four themes."
WHY = "the council asks only for what its own priorities for the area call for"


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes, **contract):
    chosen = [{"measure": measures[c], "priority": PRIORITY} for c in codes]
    council = COUNCIL | {"nation": "Northern Ireland", "weighting_pct": 10}
    procurement = CONTRACT | {"nation": "Northern Ireland"} | contract
    return document.build(
        document.Inputs(council, procurement, chosen), today=datetime.date(2026, 12, 7)
    )


# Contracts unlike the panel's: (contract, within the note's own scope).
SHAPES = [
    ({"category": "works", "value_gbp": 6_800_000, "cpv_code": "45213000"}, True),
    ({"category": "services", "value_gbp": 450_000, "cpv_code": "77310000"}, True),
    ({"category": "services", "value_gbp": 150_000, "cpv_code": "90923000"}, True),
    ({"category": "works", "value_gbp": 3_200_000, "cpv_code": "45212000"}, False),
    ({"category": "services", "value_gbp": 120_000, "cpv_code": "90923000"}, False),
    ({"category": "goods", "value_gbp": 400_000, "cpv_code": "39830000"}, False),
]


@pytest.mark.parametrize(("contract", "within"), SHAPES)
def test_a_pack_under_ppn_01_21_says_its_themes_and_why_these_outcomes(measures, contract, within):
    doc = build(measures, ["JOB-01", "ENV-10"], **contract)
    law = text(doc, "purpose.law")
    framing = text(doc, "purpose.northern-ireland")
    assert doc.law.ni_policy is within
    if within:
        assert PFG in law and THEMES in framing and WHY in framing
        # Only the themes these outcomes serve, in the note's order.
        assert "- Increasing secure employment and skills\n" in framing + "\n"
        assert "- Delivering zero carbon" in framing
        assert "Promoting well-being" not in framing and "supply chains" not in framing
        # Below the Act's threshold the council follows the note, not "its own policy".
        assert "as its own policy" not in law
    else:
        assert PFG not in law and not framing and "PPN 01/21" not in law


def test_the_themes_follow_what_each_outcome_serves():
    assert legal.ni_themes([("local-economy", "Contract spend with small firms")]) == [
        "Building ethical and resilient supply chains"
    ]
    # An air pollutant is not carbon; a fleet of zero-emission vehicles is.
    assert (
        legal.ni_themes([("environment", "Cut in nitrogen oxides and particulate emissions")]) == []
    )
    assert legal.ni_themes([("environment", "Zero-emission vehicles in the contract fleet")]) == [
        "Delivering zero carbon"
    ]
    assert legal.ni_themes([("communities", "Residents taking part in physical activity")]) == [
        "Promoting well-being"
    ]


def test_below_ten_percent_no_framing_from_the_note(measures):
    chosen = [{"measure": measures["JOB-01"], "priority": PRIORITY}]
    inputs = document.Inputs(
        COUNCIL | {"nation": "Northern Ireland"},
        CONTRACT | {"nation": "Northern Ireland", "value_gbp": 450_000},
        chosen,
        weighting_pct=5,
    )
    doc = document.build(inputs, today=datetime.date(2026, 12, 7))
    assert doc.law.ni_policy and doc.weighting.pct == 5
    assert PFG not in text(doc, "purpose.law") and not text(doc, "purpose.northern-ireland")


def test_the_officer_is_told_which_parts_of_the_act_leave_northern_ireland_out(measures):
    covered = build(measures, ["JOB-01"], value_gbp=450_000, cpv_code="77310000")
    found = " ".join(c.message for c in checks.law(covered))
    assert "National Procurement Policy Statement (section 13)" in found
    assert "payments compliance notices (section 69(6)(a))" in found
    assert "transferred Northern Ireland authority" in found
    # ...and what the note is reported to ask of the contract's conditions, never to bidders.
    assert "fair work practices" in found
    bidder = " ".join(c.text for s in covered.sections for c in s.clauses())
    assert "fair work practices" not in bidder and "section 69" not in bidder
