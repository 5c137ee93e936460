"""Northern Ireland's PPN 01/21 applied by its own scope to every NI contract (fourth review, A7),
and a payment term said, or asked for, in every regime (section 2b, Section 88)."""

import datetime

import pytest
from test_tender_terms import CONTRACT, COUNCIL, PRIORITY, text

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, legal

PPN = "Procurement Policy Note PPN 01/21"


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes, nation, **contract):
    chosen = [{"measure": measures[c], "priority": PRIORITY} for c in codes]
    council = COUNCIL | {"nation": nation, "weighting_pct": 10}
    inputs = document.Inputs(council, CONTRACT | {"nation": nation} | contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


@pytest.mark.parametrize(
    ("value", "category", "within"),
    [
        (160_000, "services", True),  # below the Act's threshold, within the note's
        (6_200_000, "services", True),
        (130_000, "services", False),
        (4_000_000, "works", False),  # construction: the note starts above £5,336,937
        (6_000_000, "works", True),
    ],
)
def test_every_northern_ireland_contract_follows_the_note_by_the_notes_own_scope(
    measures, value, category, within
):
    # One outcome whose commitment the bidder proposes: the rules would cap the weighting at 5%.
    doc = build(measures, ["ENV-01"], "Northern Ireland", value_gbp=value, category=category)
    assert all(o.minimum is None for o in doc.outcomes)
    law = text(doc, "purpose.law")
    assert doc.law.ni_policy is within
    assert (PPN in law) is within, law
    if within:
        # The note's 10% minimum holds whatever the cap would do, and is said.
        assert doc.weighting.pct >= legal.MIN_WEIGHTING_PCT
        assert "at least 10% of the total award criteria" in law
    else:
        assert "10% of the total award criteria" not in law


def test_a_below_threshold_welsh_contract_asks_the_officer_for_its_payment_terms(measures):
    england = build(measures, ["JOB-01"], "England", value_gbp=90_000)
    assert "Section 88 of the Act implies" in text(england, "management.remedies")
    assert not [c for c in checks.law(england) if "Payment terms" in c.message]
    wales = build(measures, ["JOB-01"], "Wales", value_gbp=90_000)
    assert "Section 88" not in text(wales, "management.remedies")
    [asked] = [c for c in checks.law(wales) if c.message.startswith("Payment terms")]
    assert asked.level == "warning" and "devolved Welsh authority" in asked.message
    covered = build(measures, ["JOB-01"], "Wales", value_gbp=2_000_000)
    assert "Section 68 of the Act implies" in text(covered, "management.remedies")
    assert not [c for c in checks.law(covered) if c.message.startswith("Payment terms")]
