"""The market's staple: the best one for the market, tested like any outcome, and logged truly."""

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import relevance, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def _candidate(measures, code, score, *, priority=None, staple=None, rank=(0, 0), asked=False):
    return relevance.Candidate(
        measures[code],
        {"id": priority} if priority else None,
        bool(priority),
        score,
        theme_priority=None if priority else {"id": 99},
        staple=staple,
        staple_rank=rank,
        asked=asked,
    )


def test_a_staple_far_below_the_best_fit_is_not_forced_in(measures):
    """Eleventh review H1: dementia friends (0.45) took a care home's slot ahead of outcomes
    ranking 0.76; a staple is forced only within reach of the best fit."""
    ranked = [
        _candidate(measures, "SKL-01", 0.76, priority=1),
        _candidate(measures, "FWK-06", 0.70, priority=2),
        _candidate(measures, "FWK-10", 0.62, staple="Commonly delivered", rank=(2, -1)),
        _candidate(measures, "COM-09", 0.45, staple="For the people served", rank=(100, 0)),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    assert "COM-09" not in chosen and "FWK-10" in chosen, chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "too far to be chosen" in why["COM-09"]
    # Just below the floor, within the staple's reach, a staple serving no council priority is
    # no longer forced in (FINDINGS-19a-u 3.2: an unlinked outcome needs a real lever): the
    # next outcome within the floor takes the slot.
    ranked[3].score = 0.76 - relevance.STAPLE_REACH + 0.01
    assert [c.code for c in relevance.choose(ranked, 3)] == ["SKL-01", "FWK-06", "FWK-10"]


def test_the_log_names_the_staple_chosen_ahead_of_a_higher_ranked_outcome(measures):
    """Eleventh review H2: "all chosen ranked above it" was printed for outcomes that ranked
    above the staple placed first."""
    ranked = [
        _candidate(measures, "SKL-01", 0.70, priority=1),
        _candidate(measures, "FWK-09", 0.66, staple="Also delivered", rank=(1, 0)),
        _candidate(measures, "FWK-10", 0.60, staple="Commonly delivered", rank=(2, -1)),
    ]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["SKL-01", "FWK-10"]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 2))
    assert "all chosen ranked above it" not in why["FWK-09"]
    assert "the market's staple FWK-10 (0.60) was chosen ahead of it" in why["FWK-09"]
    # Where every chosen outcome did rank above it, that is what the log says.
    plain = [ranked[0], _candidate(measures, "FWK-09", 0.66, priority=2)]
    plain.append(_candidate(measures, "ENV-01", 0.5, priority=3))
    why = dict((c.code, w) for c, w in relevance.passed_over(plain, 2))
    assert "all chosen ranked above it" in why["ENV-01"]


def test_the_floor_text_owns_up_to_a_carried_staple_chosen_below_it(measures):
    """Eleventh review H2: "too far to be chosen" beside a forced pick further still below the
    best fit contradicted itself; the log names the carried staple as the exception."""
    carry = (sectors.BY_CARRY, 0)
    ranked = [
        _candidate(measures, "SKL-01", 0.80, priority=1),
        _candidate(measures, "JOB-05", 0.50, priority=2),
        _candidate(measures, "ECO-01", 0.41, staple="Works spend", rank=carry),
    ]
    assert "ECO-01" in [c.code for c in relevance.choose(ranked, 3)]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert (
        "too far to be chosen" in why["JOB-05"]
        and "staple ECO-01 is chosen below it all the same" in why["JOB-05"]
    )


def test_a_condition_uses_no_outcome_slot(measures):
    """Eleventh review H2: the real Living Wage, a pass or fail condition a priority asks for,
    took one of a retrofit's four outcome slots and pushed out green skills."""
    ranked = [
        _candidate(measures, "FWK-01", 0.70, priority=1, asked=True),
        _candidate(measures, "SKL-01", 0.66, priority=2),
        _candidate(measures, "ECO-01", 0.60, priority=3),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 2)]
    assert chosen == ["FWK-01", "SKL-01", "ECO-01"]
    # One no priority asks for by name takes no slot either, wherever it ranks (FINDINGS-14c
    # D5: services in Welsh left out as "this contract carries at most 6 outcomes").
    ranked[0].asked = False
    assert [c.code for c in relevance.choose(ranked, 1)] == ["FWK-01", "SKL-01"]
    ranked[0].score = 0.5
    assert [c.code for c in relevance.choose(ranked, 2)] == ["SKL-01", "ECO-01", "FWK-01"]
    assert "FWK-01" not in [c.code for c, _ in relevance.passed_over(ranked, 2)]


@pytest.mark.parametrize("pair", [("ENV-10", "ENV-22"), ("ENV-10", "ENV-11"), ("ENV-23", "ENV-22")])
def test_two_outcomes_about_the_same_vehicles_or_plant_are_not_both_chosen(measures, pair):
    """Eleventh review H1: a pest controller's one van was counted twice, as a zero-emission
    fleet share and as kg of NOx; the second is logged as counting the same vehicles."""
    first, second = pair
    ranked = [
        _candidate(measures, first, 0.7, priority=1),
        _candidate(measures, second, 0.65, priority=2),
        _candidate(measures, "ECO-01", 0.6, priority=3),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == [first, "ECO-01"]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert f"as {first}, which ranks higher" in why[second]
    assert relevance.same_subject(measures["ENV-10"], measures["ECO-01"]) is None


WORKWEAR = {
    "title": "Supply of workwear, uniforms and personal protective equipment",
    "description": "Supply of branded uniforms and PPE; take back worn garments for reuse or"
    " recycling.",
    "category": "goods",
    "cpv_code": "18100000",
    "nation": "Wales",
}


def test_reuse_the_contract_already_asks_for_is_not_additional(measures):
    """Eleventh review H1: garment reuse the contract already requires was Outcome 1."""
    scope = relevance.own_scope(WORKWEAR, measures["ENV-15"])
    assert scope and "take back" in scope.because
    bare = WORKWEAR | {"description": "Supply of branded uniforms and PPE."}
    assert relevance.own_scope(bare, measures["ENV-15"]) is None


def test_clothing_carries_ethical_sourcing_and_asks_modern_slavery_checks_first(measures):
    """Eleventh review H1, H7: ethical sourcing and modern slavery checks, not reuse, lead on
    clothing; ethical sourcing is carried whatever the priorities."""
    because = sectors.carried_staple(WORKWEAR, measures["FWK-15"])
    assert because and "forced" in because
    slavery, reuse = (sectors.staple_of(WORKWEAR, measures[c])[1] for c in ("FWK-13", "ENV-15"))
    assert slavery > reuse
    # Furniture is not clothing: its reuse stays its market's first staple.
    chairs = {"title": "Office furniture", "category": "goods", "cpv_code": "39130000"}
    assert sectors.carried_staple(chairs, measures["FWK-15"]) is None


def test_care_staples_put_fair_work_before_dementia_awareness(measures):
    """Eleventh review H1: sick pay and carer's leave come before a dementia friends session."""
    home = {"title": "Residential care home beds", "category": "services", "cpv_code": "85311000"}
    rank = {c: sectors.staple_of(home, measures[c])[1] for c in ("FWK-09", "FWK-10", "COM-09")}
    assert rank["FWK-09"] > rank["FWK-10"] > rank["COM-09"]


def test_school_transport_carries_local_driver_and_passenger_assistant_recruitment(measures):
    """Eleventh review H7: the market's shortage is drivers and passenger assistants."""
    transport = {
        "title": "Home to school transport framework",
        "description": "Routes with drivers and passenger assistants for pupils.",
        "category": "services",
        "cpv_code": "60130000",
        "nation": "Wales",
    }
    assert sectors.carried_staple(transport, measures["JOB-02"])
    worded = sectors.worded(transport, measures["JOB-02"])
    assert "drivers and passenger assistants" in worded["title"]
    bus = {"title": "Local bus services", "category": "services", "cpv_code": "60112000"}
    assert sectors.carried_staple(bus, measures["JOB-02"]) is None


def test_clean_plant_is_carried_where_an_air_priority_names_the_site(measures):
    """Eleventh review H7: a health hub on Crossgate Road, where the council's priority is to
    clean up the air, left out plant emission standards; it is carried there, and only there."""
    air = {"id": 1, "title": "Clean up the air on Crossgate Road", "theme": "environment"}
    skills = {"id": 2, "title": "Apprenticeships", "theme": "skills"}
    hub = {
        "title": "Health hub construction",
        "description": "A new health centre on a site off Crossgate Road.",
        "category": "works",
        "cpv_code": "45215100",
        "nation": "England",
        "value_gbp": 30_000_000,
        "duration_months": 34,
    }

    def chosen(procurement):
        pairs = relevance.pairs([air, skills], list(measures.values()), {2: ["SKL-01"]})
        ranked = relevance.rank(procurement, pairs, _embed)
        return {c.code: c for c in relevance.choose(ranked, 3)}

    assert chosen(hub)["ENV-23"].priority is air  # credited to the priority that asks
    elsewhere = hub | {"description": "A new health centre on a site off Mill Lane."}
    assert "ENV-23" not in chosen(elsewhere)
    assert "ENV-23" not in chosen(hub | {"category": "services", "cpv_code": "85100000"})


def test_an_unlinked_staple_never_displaces_a_linked_outcome_ranking_above_it(measures):
    """FINDINGS-13a E4: on road salt the market's staple (0.36), linked to no priority, took the
    last slot ahead of outcomes the council accepted for its priorities ranking 0.40 to 0.43."""
    ranked = [
        _candidate(measures, "ECO-01", 0.50, priority=1),
        _candidate(measures, "SKL-01", 0.43, priority=2),
        _candidate(measures, "ENV-12", 0.36, staple="Deliveries", rank=(2, -1)),
    ]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["ECO-01", "SKL-01"]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 2))
    assert "chosen ahead of it" not in why.get("SKL-01", "")
    # Credited to a priority, the staple still leads as before.
    ranked[2] = _candidate(measures, "ENV-12", 0.36, priority=3, staple="Deliveries", rank=(2, -1))
    assert relevance.choose(ranked, 2)[0].code == "ENV-12"
