"""Clauses that cannot apply are left out, by the facts of the file (FINDINGS-10 G9)."""

import datetime

import pytest
from test_tender_terms import CONTRACT, COUNCIL, PRIORITY

from specifier.catalogue.files import builtin_measures
from specifier.specification import aims, checks, document


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes, priority=PRIORITY, **contract):
    chosen = [{"measure": measures[c], "priority": priority} for c in codes]
    inputs = document.Inputs(COUNCIL, CONTRACT | contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


def bidder_text(doc):
    return "\n".join(c.text for c in doc.clauses() if not c.key.startswith("officer"))


FURNITURE = {
    "title": "Office furniture for a refit, supply and installation",
    "description": "Supply, delivery and installation of about 300 desks and chairs. The"
    " supplier will remove the existing furniture and find new homes for it.",
    "category": "goods",
    "cpv_code": "39130000",
    "value_gbp": 145_000,
    "duration_months": 24,
}


def test_an_amount_of_one_off_reuse_asks_for_no_current_baseline(measures):
    """Tonnes reused on a one-off supply, works project or new service have no current
    baseline to state: the bidder proposes its commitment, and no clause asks for one."""
    for contract in (
        FURNITURE,
        {"category": "works", "cpv_code": "45210000", "description": "Build a new school."},
        {"description": "A new service for young carers, not currently provided."},
    ):
        doc = build(measures, ["ENV-15"], **contract)
        [outcome] = doc.outcomes
        assert outcome.suggestion.reason == "amount", contract
        text = bidder_text(doc)
        assert "Outcome 1" in text
        assert "current baseline" not in text and "against its baseline" not in text, contract
        infos = [c.message for c in checks.run(doc) if c.code == "ENV-15"]
        assert not any("baseline" in m and "delivery plan states" in m for m in infos)


def test_a_cut_keeps_its_baseline_and_an_amount_asks_for_none(measures):
    """A cut in emissions is measured against a baseline by definition, so the bidder states
    it; tonnes diverted are an amount committed for this contract, which a new bidder has no
    baseline for (FINDINGS-14a A5), so none is asked."""
    cut = build(measures, ["ENV-22"], **FURNITURE)
    assert cut.outcomes[0].suggestion.reason == "propose"
    assert "current baseline" in bidder_text(cut)
    running = build(measures, ["ENV-14"])  # a parks maintenance service, re-let
    assert running.outcomes[0].suggestion.reason == "propose"
    assert "current baseline" not in bidder_text(running)


def test_an_outcome_promises_only_what_its_measure_counts(measures):
    """A goal making several promises ("Less waste, more reuse and responsibly sourced
    materials") is said, under an outcome with no priority, with only the promises its measure
    keeps: furniture reuse promises no responsibly sourced materials."""
    reuse = build(measures, ["ENV-15"], priority=None, **FURNITURE)
    asks = bidder_text(reuse)
    # The aim is no fragment in front of what is counted (FINDINGS-19b-u 2.4).
    assert "What Outcome 1 asks for: Tonnes of the furniture" in asks
    assert "More reuse." not in asks
    assert "responsibly sourced" not in asks
    assert aims.kept_aim(measures["ENV-14"]) == "Less waste and more reuse"
    assert aims.kept_aim(measures["ENV-21"]) == "Responsibly sourced materials"
    # A goal of one promise is said as it is.
    assert aims.kept_aim(measures["JOB-07"]) == measures["JOB-07"]["outcome"]


def test_a_spend_outcome_states_the_goal_its_suppliers_are_in(measures):
    """FINDINGS-11 H9: spend with supported businesses is not headed "Small firms and social
    enterprises win more work": it states its own title; small-firm spend says small firms."""
    assert aims.kept_aim(measures["ECO-07"]) == ""
    assert aims.kept_aim(measures["ECO-08"]) == ""
    assert aims.kept_aim(measures["ECO-05"]) == "Small firms win more work"
    assert aims.kept_aim(measures["ECO-06"]) == "Social enterprises win more work"
    assert aims.kept_aim(measures["ECO-10"]) == ("Small firms and social enterprises win more work")
    supported = bidder_text(build(measures, ["ECO-07"], priority=None))
    assert "Small firms and social enterprises win more work" not in supported
