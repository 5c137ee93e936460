"""Choosing by market: what suppliers of a contract's kind credibly deliver, and what they cannot."""

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import proportionality, relevance, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


ROADS = {
    "title": "Carriageway resurfacing",
    "description": "Planned resurfacing and patching of roads.",
    "category": "works",
    "cpv_code": "45233142",
    "value_gbp": 9_000_000,
    "duration_months": 36,
    "nation": "Scotland",
}
VEHICLES = {
    "title": "Refuse vehicles",
    "description": "Supply of refuse collection vehicles with warranty.",
    "category": "goods",
    "cpv_code": "34144510",
    "value_gbp": 6_000_000,
    "duration_months": 48,
    "nation": "Wales",
}


def _priority(pid, theme, title="A priority"):
    return {"id": pid, "title": title, "theme": theme, "importance": "medium"}


def test_apprenticeships_on_works_win_over_an_equally_close_jobs_outcome(measures):
    """Both were accepted and read equally close; a works contractor's staple is apprenticeships."""
    jobs, skills = _priority(1, "jobs"), _priority(2, "skills")
    pairs = relevance.pairs([jobs, skills], list(measures.values()), {1: ["JOB-01"], 2: ["SKL-01"]})
    ranked = [c for c in relevance.rank(ROADS, pairs, _embed) if c.accepted]
    chosen = [c.code for c in relevance.choose(ranked, 2)]
    # The two could count the same person, so only one is chosen: the staple.
    assert chosen[0] == "SKL-01" and "JOB-01" not in chosen
    apprentices = next(c for c in ranked if c.code == "SKL-01")
    assert "Commonly delivered by suppliers of construction works" in apprentices.reasons


def test_a_goods_supplier_is_never_given_an_outcome_it_cannot_deliver(measures):
    """A vehicle maker's staff cannot give residents social contact; its spend is on the vehicles."""
    lonely, local = _priority(1, "communities"), _priority(2, "local-economy")
    accepted = {1: ["COM-07"], 2: ["ECO-01", "ECO-05"]}
    pairs = relevance.pairs([lonely, local], list(measures.values()), accepted)
    ranked = [c for c in relevance.rank(VEHICLES, pairs, _embed) if c.accepted]
    by_code = {c.code: c for c in ranked}
    assert by_code["COM-07"].remote and not by_code["COM-07"].suitable
    assert by_code["ECO-01"].remote and not by_code["ECO-01"].suitable
    assert by_code["ECO-05"].remote is None  # a dealer may well be a small firm
    assert [c.code for c in relevance.choose(ranked, 3)] == ["ECO-05"]
    assert any("so it is not chosen for you" in r for r in by_code["COM-07"].reasons)
    # On works, the same measures are the contractor's to deliver.
    assert sectors.remote(ROADS, measures["COM-07"]) is None


def test_work_for_the_people_a_service_is_for_is_offered_unlinked(measures):
    """Paid work for people with a learning disability on their own day service: offered though
    not accepted, and credited to no priority until the officer links it."""
    day = {
        "title": "Day opportunities for adults with learning disabilities",
        "description": "Day services and community activities.",
        "category": "services",
        "cpv_code": "85312100",
        "value_gbp": 1_400_000,
        "duration_months": 36,
        "nation": "Northern Ireland",
    }
    inactive = _priority(1, "jobs", "Help people who are economically inactive into work")
    pairs = relevance.pairs([inactive], list(measures.values()), {1: ["JOB-05"]})
    ranked = relevance.rank(day, pairs, _embed)
    chosen = relevance.choose(ranked, 2)
    assert chosen[0].code == "JOB-09"
    assert chosen[0].priority is None and chosen[0].theme_priority["id"] == 1
    assert "It is for the people this contract serves" in chosen[0].reasons
    # Not a staple where the contract serves someone else.
    assert sectors.staple(ROADS, measures["JOB-09"]) is None


def test_devices_for_residents_are_the_output_only_of_a_contract_that_buys_them(measures):
    desk = {
        "title": "IT service desk",
        "description": "Service desk for council staff, laptop build, repair and secure disposal.",
        "category": "services",
        "cpv_code": "72253000",
    }
    lending = desk | {"title": "Digital inclusion device lending scheme", "cpv_code": "85000000"}
    assert relevance.own_scope(desk, measures["INN-03"]) is None
    assert relevance.own_scope(lending, measures["INN-03"]).kind == "output"
    assert sectors.staple(desk, measures["INN-03"])  # donating devices it refurbishes


def test_a_goods_contract_carries_few_outcomes_whatever_its_value():
    assert proportionality.outcome_limit(VEHICLES, 6) == 3
    assert proportionality.outcome_limit(ROADS, 6) == 6


def test_every_market_phrase_names_measures_in_our_catalogue(measures):
    """A phrase matching no measure title is a typo, or a market rule that does nothing."""
    markets, serves, needs, corporate = sectors._loaded()
    titles = [sectors._title(m) for m in measures.values()]
    for need in needs:
        for phrase in need["measure"]:
            assert any(phrase <= t for t in titles), (need["subject"], sorted(phrase))
    for phrase in corporate:
        assert any(phrase <= t for t in titles), sorted(phrase)
    for market in markets:
        for phrase in market["staples"] + market["remote"]:
            assert any(phrase <= t for t in titles), (market["name"], sorted(phrase))
        assert market["cpv"] or market["category"], market["name"]
    for group in serves:
        assert any(p <= t for p in group for t in titles), [sorted(p) for p in group]


def test_a_fair_work_first_criterion_is_not_scored_again_in_scotland(measures):
    """Scotland's Fair Work First question scores zero-hours practice; an outcome would again."""
    fair = _priority(1, "fair-work", "Apply Fair Work First to every contract")
    pairs = relevance.pairs([fair], list(measures.values()), {1: ["FWK-05", "FWK-01"]})
    ranked = {c.code: c for c in relevance.rank(ROADS, pairs, _embed) if c.accepted}
    assert ranked["FWK-05"].fair_work_first and not ranked["FWK-05"].suitable
    assert not ranked["FWK-01"].fair_work_first  # the real Living Wage is a condition
    welsh = {c.code: c for c in relevance.rank(VEHICLES | {"category": "services"}, pairs, _embed)}
    assert not welsh["FWK-05"].fair_work_first  # no Fair Work First question outside Scotland


@pytest.mark.parametrize(
    ("code", "procurement", "why"),
    [
        # An agency's workers are not the client's direct employees, by design.
        ("FWK-06", {"category": "services", "cpv_code": "79620000"}, "recruitment and agency"),
        # Energy measures for homes go with work to homes, not with running children's homes.
        (
            "ENV-06",
            {"category": "services", "cpv_code": "85311300", "title": "Children's care"},
            "work to homes",
        ),
        # A flood survey goes with flood protection work, not with any works contract.
        ("ENV-29", {"category": "works", "cpv_code": "45000000"}, "flood protection work"),
        (
            "ENV-29",
            {
                "category": "works",
                "title": "Bridge strengthening",
                "description": "Bridges over a river, and culverts.",
            },
            "flood protection work",
        ),
        # Running children's homes is not work to homes, whatever the word "homes".
        (
            "ENV-06",
            {"category": "services", "title": "Children's homes", "description": "Three homes."},
            "work to homes",
        ),
        # Children in residential care are safeguarded from people placed briefly among them.
        ("SKL-11", {"category": "services", "cpv_code": "85311300"}, "children's residential"),
        # A corporate plan is not about the contract, which an award criterion must be.
        ("ENV-03", {"category": "services", "cpv_code": "90000000"}, "s.23"),
    ],
)
def test_an_outcome_the_contract_cannot_deliver_is_not_chosen(measures, code, procurement, why):
    assert why in sectors.remote(procurement, measures[code])


def test_a_subject_outcome_stays_open_to_contracts_about_that_subject(measures):
    flood = {"category": "works", "title": "Flood alleviation scheme", "description": ""}
    homes = {"category": "works", "title": "Estate renewal", "description": "Renewing 420 homes."}
    assert sectors.remote(flood, measures["ENV-29"]) is None
    assert sectors.remote(homes, measures["ENV-06"]) is None
