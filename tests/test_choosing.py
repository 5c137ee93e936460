"""Choosing outcomes: accepted measures first and ticked, few for small contracts, credited truly."""

import re

import numpy as np
import pytest
from conftest import after_progress, undecided

from specifier.catalogue.files import builtin_measures
from specifier.councils import councils
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.specification import listing, procurements, relevance, specifications

FORM = {
    "title": "Household waste and recycling collection",
    "description": "Weekly collection of household waste and recycling with a fleet of refuse vehicles.",
    "category": "services",
    "cpv_code": "90511000",
    "value_gbp": "24,000,000",
    "duration_months": "84",
    "nation": "England",
    "lots": "",
    "reference": "HC-2026-014",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_an_accepted_match_is_never_outranked_or_recredited_by_theme(measures):
    fuel = {
        "id": 1,
        "title": "Households out of fuel poverty",
        "theme": "communities",
        "importance": "low",
    }
    fleet = {
        "id": 2,
        "title": "Cut carbon from vehicles",
        "theme": "environment",
        "importance": "high",
    }
    procurement = {
        "title": "Retrofit",
        "category": "works",
        "description": "Insulating homes.",
        "nation": "England",
    }
    pairs = relevance.pairs([fuel, fleet], list(measures.values()), {1: ["ENV-06"]})
    ranked = relevance.rank(procurement, pairs, _embed)
    homes = next(c for c in ranked if c.code == "ENV-06")
    assert homes.accepted and homes.priority["id"] == 1  # its accepted match, not the fleet's theme
    assert ranked[0].code == "ENV-06"  # accepted and suitable: first, whatever the scores
    theme_only = next(c for c in ranked if c.code == "ENV-10")
    assert theme_only.priority is None and theme_only.theme_priority["id"] == 2


def test_choose_caps_at_the_limit_and_never_takes_two_that_count_the_same_person(measures):
    def candidate(code, accepted=True):
        return relevance.Candidate(measures[code], {"id": 1} if accepted else None, accepted)

    found = relevance.choose(
        [candidate(c) for c in ("JOB-01", "JOB-02", "SKL-01", "ENV-10", "ECO-05")], limit=3
    )
    assert [c.code for c in found] == ["JOB-01", "ENV-10", "ECO-05"]
    assert [c.code for c in relevance.choose([candidate("JOB-01"), candidate("ENV-10")], 1)] == [
        "JOB-01"
    ]
    # With nothing accepted, the best fit for each priority, credited to none.
    loose = [
        relevance.Candidate(measures["ENV-10"], None, False, theme_priority={"id": 7}),
        relevance.Candidate(measures["ENV-11"], None, False, theme_priority={"id": 7}),
        relevance.Candidate(measures["ECO-05"], None, False, theme_priority={"id": 8}),
    ]
    assert [c.code for c in relevance.choose(loose, 5)] == ["ENV-10", "ECO-05"]


def test_choose_takes_each_prioritys_best_before_any_prioritys_second(measures):
    def candidate(code, priority):
        return relevance.Candidate(measures[code], {"id": priority}, True)

    ranked = [candidate("ENV-10", 1), candidate("ENV-01", 1), candidate("JOB-05", 2)]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["ENV-10", "JOB-05"]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["ENV-10", "JOB-05", "ENV-01"]


def _waste_contract(client, db):
    council = undecided(db, "hatherdale")
    active = priorities.search(db, council["id"], status="active")
    youth = next(p for p in active if "young people" in p["title"])
    fleet = next(p for p in active if "vehicles" in p["title"])
    decisions.record(db, council["id"], youth["id"], "SKL-01", "accepted")
    decisions.record(db, council["id"], youth["id"], "JOB-02", "accepted")
    decisions.record(db, council["id"], fleet["id"], "ENV-10", "accepted")
    client.post("/hatherdale/procurements/new", data=FORM)
    found = procurements.for_council(db, council["id"])[0]
    return council, youth, fleet, found


def test_the_outcomes_page_ticks_the_accepted_measures_that_fit_first(client, db):
    _council, _youth, _fleet, found = _waste_contract(client, db)
    _first, page = after_progress(client, f"/hatherdale/procurements/{found['id']}/outcomes")
    page = page.get_data(as_text=True)
    listed = re.findall(r'name="codes" type="checkbox" value="([^"]+)"', page)
    ticked = re.findall(r'name="codes" type="checkbox" value="([^"]+)"[^>]*checked', page)
    assert set(listed[:3]) == {"SKL-01", "JOB-02", "ENV-10"}  # accepted first
    # Ticked: the accepted ones, but not two that could count the same person.
    assert "ENV-10" in ticked and len({"SKL-01", "JOB-02"} & set(ticked)) == 1
    # Tenth review G2: the one left unticked says why, beside it.
    [left] = {"SKL-01", "JOB-02"} - set(ticked)
    [kept] = {"SKL-01", "JOB-02"} & set(ticked)
    assert (
        f"It fits, but we have not ticked it: it could count the same people or pounds as {kept}"
        in page
    )
    assert "We have ticked 2 outcomes for you" in page
    assert "should carry at most 5 outcomes" in page


def test_a_measure_not_accepted_is_credited_only_to_the_priority_the_officer_picks(client, db):
    council, youth, fleet, found = _waste_contract(client, db)
    url = f"/hatherdale/procurements/{found['id']}/outcomes"
    page = client.post(url, data={"show": "all", "was": ""}).get_data(as_text=True)
    assert 'name="priority-ENV-11"' in page and 'name="priority-ENV-10"' not in page
    assert "Which priority does ENV-11 serve?" in page
    client.post(
        url,
        data={"codes": ["ENV-10", "ENV-11", "ECO-05"], "priority-ENV-11": fleet["id"], "was": ""},
    )
    spec = specifications.for_procurement(db, council["id"], found["id"])
    stored = {
        o["measure_code"]: o["priority_id"]
        for o in specifications.outcomes(db, council["id"], spec["id"])
    }
    assert stored == {"ENV-10": fleet["id"], "ENV-11": fleet["id"], "ECO-05": None}
    covered, never = listing.coverage(db, council["id"])
    assert fleet["id"] in {p["id"] for p, _ in covered}
    assert youth["id"] in {p["id"] for p in never}  # nothing credited to it by theme
    # A priority id that is not one of the council's active priorities is ignored.
    client.post(
        url, data={"codes": ["ENV-11"], "priority-ENV-11": "99999", "was": "ENV-10,ENV-11,ECO-05"}
    )
    assert specifications.outcomes(db, council["id"], spec["id"])[0]["priority_id"] is None


def test_a_small_contract_is_offered_fewer_outcomes(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    active = priorities.search(db, council["id"], status="active")
    youth = next(p for p in active if "young people" in p["title"])
    for code in ("JOB-02", "ECO-05", "ENV-10"):
        decisions.record(db, council["id"], youth["id"], code, "accepted")
    client.post(
        "/hatherdale/procurements/new",
        data={**FORM, "value_gbp": "300000", "duration_months": "24"},
    )
    found = procurements.for_council(db, council["id"])[0]
    _first, page = after_progress(client, f"/hatherdale/procurements/{found['id']}/outcomes")
    page = page.get_data(as_text=True)
    ticked = re.findall(r'name="codes" type="checkbox" value="([^"]+)"[^>]*checked', page)
    # The cap counts scored outcomes: a condition a priority asks for (the real Living Wage)
    # is ticked as well, using no slot (eleventh review, H2).
    measures = {m["code"]: m for m in builtin_measures()}
    scored = [c for c in ticked if not relevance.is_condition(measures[c])]
    assert len(scored) == 2 and "should carry at most 2 outcomes" in page


def test_a_contract_with_a_large_workforce_ranks_workforce_outcomes_higher(measures):
    """Jobs count the people who deliver the contract: how many it employs decides, not its words."""
    priority = {"id": 1, "title": "Jobs", "theme": "jobs", "importance": "medium"}
    green = {"id": 2, "title": "Greener", "theme": "environment", "importance": "medium"}
    accepted = {1: ["JOB-05"], 2: ["ENV-01"]}
    pairs = relevance.pairs([priority, green], list(measures.values()), accepted)

    def scores(procurement):
        ranked = relevance.rank(procurement, pairs, _embed)
        return {c.code: c.score for c in ranked if c.accepted}

    cleaning = {
        "title": "Street cleansing",
        "description": "",
        "category": "services",
        "cpv_code": "90610000",
        "value_gbp": 6_000_000,
        "duration_months": 60,
        "nation": "England",
    }
    supply = cleaning | {"title": "Vehicles", "category": "goods", "cpv_code": "34144510"}
    assert scores(cleaning)["JOB-05"] > scores(cleaning)["ENV-01"]
    # The maker's workforce: nothing is added for it, and the few FTE the supply itself needs
    # make a jobs ask of less than one in all, a token ranked down (FINDINGS-12 D2); a goods
    # market has no local workforce to recruit into either (D3), so it ranks lower still.
    assert scores(supply)["JOB-05"] <= scores(supply)["ENV-01"] - relevance.W_TOKEN + 0.011


def test_training_in_a_trade_the_contract_is_not_in_is_never_chosen(measures):
    skills = {
        "id": 1,
        "title": "Build local skills for clean heat and retrofit",
        "theme": "skills",
        "importance": "high",
    }
    harbour = {
        "title": "Harbour wall renewal",
        "description": "Rebuilding the harbour wall.",
        "category": "works",
        "cpv_code": "45241000",
        "value_gbp": 5_000_000,
        "duration_months": 24,
        "nation": "Scotland",
    }
    pairs = relevance.pairs([skills], list(measures.values()), {1: ["SKL-01"]})
    [apprentices] = [c for c in relevance.rank(harbour, pairs, _embed) if c.code == "SKL-01"]
    assert apprentices.trade and not apprentices.suitable
    assert "SKL-01" not in [c.code for c in relevance.choose([apprentices], 3)]


def test_choose_takes_nothing_far_below_the_best_fit(measures):
    def candidate(code, priority, score):
        return relevance.Candidate(measures[code], {"id": priority}, True, score)

    ranked = [
        candidate("JOB-05", 1, 0.6),
        candidate("ECO-06", 2, 0.45),
        candidate("COM-01", 3, 0.3),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["JOB-05", "ECO-06"]


def test_an_outcome_the_law_forbids_requiring_is_never_chosen(measures):
    voice = {"id": 1, "title": "Fair Work First", "theme": "fair-work", "importance": "high"}
    roads = {
        "title": "Road resurfacing",
        "description": "",
        "category": "works",
        "cpv_code": "45233142",
        "value_gbp": 9_000_000,
        "duration_months": 36,
        "nation": "Scotland",
    }
    pairs = relevance.pairs([voice], list(measures.values()), {1: ["FWK-18", "FWK-01"]})
    ranked = [c for c in relevance.rank(roads, pairs, _embed) if c.accepted]
    unions = next(c for c in ranked if c.code == "FWK-18")
    assert unions.unlawful and not unions.suitable
    assert "FWK-18" not in [c.code for c in relevance.choose(ranked, 5)]


def test_an_outcome_the_contract_can_carry_only_as_a_token_ranks_below(measures, monkeypatch):
    """Tenth review G1: supply-chain firms accredited as Living Wage employers, sized at fewer
    than one a year (no minimum, the log called it a token), took a slot from outcomes with a
    real minimum."""
    fair = {"id": 1, "title": "Fair pay on council contracts", "theme": "fair-work"}
    service = {
        "title": "Support service",
        "category": "services",
        "description": "Support for tenants.",
        "cpv_code": "85312000",
        "value_gbp": 1_500_000,
        "duration_months": 60,
        "nation": "England",
    }
    code = "FWK-02"
    assert relevance.proportionality.suggest(measures[code], service).token
    pairs = relevance.pairs([fair], [measures[code]], {1: [code]})
    token = relevance.rank(service, pairs, _embed)[0]
    assert any("a token rather than a minimum" in r for r in token.reasons)
    monkeypatch.setattr(relevance, "W_TOKEN", 0.0)
    unweighed = relevance.rank(service, pairs, _embed)[0]
    assert token.score == pytest.approx(unweighed.score - 0.15)
    larger = service | {"value_gbp": 6_000_000}  # one organisation a year: a real minimum
    assert relevance.proportionality.suggest(measures[code], larger).minimum
    sized = relevance.rank(larger, pairs, _embed)[0]
    assert not any("fewer than one a year" in r for r in sized.reasons)
    # Sized or not, an accreditation is the whole firm's: still a token of the contract.
    assert sized.token and "accreditation of the whole firm" in sized.token


def test_a_token_never_takes_a_slot_from_an_outcome_with_a_real_minimum(measures):
    """Tenth review G1: on fleet maintenance, supply-chain Living Wage accreditation (a whole
    firm's standing, sized at 3 organisations) outranked and replaced local spend."""

    def candidate(code, priority, score, token=None):
        return relevance.Candidate(measures[code], {"id": priority}, True, score, token=token)

    firm = relevance.firm_status(measures["FWK-02"])
    assert firm and relevance.firm_status(measures["ECO-03"]) is None  # a count, not a standing
    ranked = [
        candidate("FWK-02", 1, 0.7, token=firm),
        candidate("SKL-01", 2, 0.6),
        candidate("ECO-01", 3, 0.55),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["SKL-01", "ECO-01"]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["SKL-01", "ECO-01"]
    # The officer is told why, in the log: it fits, it is a token.
    [(over, why)] = relevance.passed_over(ranked, 2)
    assert over.code == "FWK-02" and "accreditation of the whole firm" in why
    # Where nothing else fits, a token is still better than nothing.
    assert [c.code for c in relevance.choose(ranked[:1], 3)] == ["FWK-02"]


def test_an_environmental_outcome_is_measured_from_the_best_of_its_own_theme(measures):
    """FINDINGS-12 D4: a £16.8m build with a carbon priority lost embodied carbon, site waste
    and plant emissions as "too far" below the best skills outcome; the best environmental
    outcome is exempt from the floor, and only the best: the next still goes."""

    def candidate(code, priority, score):
        return relevance.Candidate(measures[code], {"id": priority}, True, score)

    ranked = [
        candidate("SKL-01", 1, 0.75),
        candidate("ECO-01", 2, 0.7),
        candidate("ENV-05", 3, 0.45),
        candidate("COM-01", 4, 0.45),
        candidate("ENV-14", 3, 0.44),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 4)]
    assert chosen == ["SKL-01", "ECO-01", "ENV-05"], chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 4))
    assert "too far to be chosen" in why["COM-01"] and "too far to be chosen" in why["ENV-14"]
    assert "is chosen below it all the same" not in why["COM-01"]  # ENV-05 is no staple
    # The market's environmental staple serving no priority is not exempt beside one the
    # council accepted for its carbon priority (FINDINGS-19a-u 3.2): that one keeps it.
    ranked[-1] = relevance.Candidate(
        measures["ENV-14"], None, False, 0.40, theme_priority={"id": 3}, staple="Site waste"
    )
    chosen = [c.code for c in relevance.choose(ranked, 4)]
    assert chosen == ["SKL-01", "ECO-01", "ENV-05"], chosen


def test_every_fitting_accepted_outcome_not_chosen_is_listed_with_why(measures):
    """Tenth review G2: local spend, accepted and fitting, vanished from the log when it lost
    on rank or the outcome cap; only outcomes a rule set aside were listed."""

    def candidate(code, priority, score):
        return relevance.Candidate(measures[code], {"id": priority}, True, score)

    ranked = [
        candidate("JOB-05", 1, 0.6),
        candidate("ECO-01", 2, 0.58),
        candidate("JOB-01", 3, 0.55),
        candidate("COM-01", 4, 0.3),
    ]
    for limit in (1, 3):
        chosen = relevance.choose(ranked, limit)
        over = dict((c.code, why) for c, why in relevance.passed_over(ranked, limit))
        assert set(over) | {c.code for c in chosen} == {c.code for c in ranked}
        assert not set(over) & {c.code for c in chosen}
        assert "below the best fit" in over["COM-01"]
    assert (
        "this contract carries at most 1 outcome"
        in dict((c.code, why) for c, why in relevance.passed_over(ranked, 1))["ECO-01"]
    )
    assert "the same people or pounds as JOB-05" in over["JOB-01"]
    # An outcome the contract cannot carry is not "fitting": the fit gate's log says why.
    unsuitable = relevance.Candidate(measures["ECO-06"], {"id": 5}, True, 0.9, category_fit=False)
    assert "ECO-06" not in [c.code for c, _ in relevance.passed_over([*ranked, unsuitable], 2)]


def test_the_log_line_for_an_outcome_passed_over_says_why_and_how_to_swap_it_in(measures):
    """Tenth review G2: the officer reads the log and must be able to put the outcome back."""
    from specifier.specification.commands import _passed_over, _swap_in

    local = {"id": 3, "title": "Keep spending with local small firms"}
    chosen = [relevance.Candidate(measures[c], {"id": 1}, True, 0.7) for c in ("SKL-01", "ENV-10")]
    spend = relevance.Candidate(measures["ECO-01"], local, True, 0.5)
    line = _passed_over(spend, "it ranks 0.50, more than 0.20 below the best fit (0.70)")
    assert line.startswith("ECO-01 (Contract spend with local suppliers), which the council")
    assert "accepted for “Keep spending with local small firms”, fits this contract" in line
    assert line.endswith("below the best fit (0.70)")
    swap = _swap_in(chosen)
    assert (
        "name it under `outcomes:` in the file with the outcomes you keep (SKL-01, ENV-10)" in swap
    )
    assert "in place of ENV-10, the last chosen, to swap it in" in swap


def test_an_outcome_is_not_credited_to_a_priority_for_another_sector(measures):
    """FINDINGS-11 H3: apprentices on school transport do not serve a construction programme
    priority: credited to a priority they serve, and the log says so; with none, not chosen."""
    from specifier.specification.commands import _credits

    building = {
        "id": 1,
        "title": "Create apprenticeships on the council's construction and regeneration programme",
        "theme": "skills",
        "importance": "high",
    }
    leavers = {
        "id": 2,
        "title": "Make sure every young person leaving school moves into education or work",
        "theme": "skills",
        "importance": "medium",
    }
    transport = {
        "title": "Home to school transport",
        "description": "Coaches, minibuses and taxis for learners.",
        "category": "services",
        "cpv_code": "60130000",
        "value_gbp": 14_000_000,
        "duration_months": 48,
        "nation": "Wales",
    }
    pairs = relevance.pairs(
        [building, leavers], list(measures.values()), {1: ["SKL-01"], 2: ["SKL-01"]}
    )
    [apprentices] = [c for c in relevance.rank(transport, pairs, _embed) if c.code == "SKL-01"]
    assert apprentices.priority["id"] == 2 and apprentices.suitable
    assert [(p["id"], t) for p, t in apprentices.not_credited] == [(1, "construction")]
    [line] = _credits(apprentices, chosen=True)
    assert line.startswith("Credited SKL-01 to “Make sure every young person")
    assert "not to “Create apprenticeships on the council's construction" in line
    # On a works contract the construction priority is the one served.
    works = transport | {"category": "works", "cpv_code": "45214200", "title": "School extension"}
    [built] = [c for c in relevance.rank(works, pairs, _embed) if c.code == "SKL-01"]
    assert built.priority["id"] == 1 and not built.not_credited
    # Goods for building maintenance staff, delivered within working days, are not building
    # works.
    goods = transport | {
        "title": "Supply of workwear",
        "description": "Workwear for building maintenance staff, delivered within five working"
        " days.",
        "category": "goods",
        "cpv_code": "18100000",
    }
    assert relevance.trade_denied(goods, measures["SKL-01"], building) == "construction"
    # Apprentices completing on school transport complete in its trades, not construction's.
    assert relevance.trade_denied(transport, measures["SKL-03"], building) == "construction"
    # Accepted for the construction priority alone: not chosen, and the log says why.
    alone = relevance.pairs([building], list(measures.values()), {1: ["SKL-01"]})
    [lone] = [c for c in relevance.rank(transport, alone, _embed) if c.code == "SKL-01"]
    assert lone.trade == "construction" and not lone.suitable
    [why] = _credits(lone, chosen=False)
    assert "not in construction, so it does not serve that priority" in why


def test_an_outcome_is_credited_to_the_priority_that_fits_the_contract_best(measures):
    """Twelfth review D5: apprentices on a works contract were credited to a three-ward
    school-leaver priority (of higher importance), not the council's construction programme
    priority, so only young people from three wards counted against a hard minimum. An outcome
    several priorities accept is credited to the one naming the contract's market, then among
    equals to the one whose places and groups narrow who counts least; it ranks by its best."""
    building = {
        "id": 1,
        "title": "Create apprenticeships and training on the council's construction and"
        " regeneration programme",
        "theme": "skills",
        "importance": "medium",
        "target_groups": ["young people", "women entering construction"],
    }
    leavers = {
        "id": 2,
        "title": "Make sure every young person leaving school moves into education or work",
        "theme": "skills",
        "importance": "high",
        "places": ["Blaenaderyn", "Penybryn", "Pontaderyn North"],
        "target_groups": ["young people aged 16-18"],
    }
    works = {
        "title": "Extra care housing scheme",
        "description": "Design and build of 64 apartments for older people.",
        "category": "works",
        "cpv_code": "45215213",
        "value_gbp": 16_800_000,
        "duration_months": 30,
        "nation": "Wales",
    }
    accepted = {1: ["SKL-01"], 2: ["SKL-01"]}
    pairs = relevance.pairs([leavers, building], list(measures.values()), accepted)
    [apprentices] = [c for c in relevance.rank(works, pairs, _embed) if c.code == "SKL-01"]
    assert apprentices.priority["id"] == 1
    # It ranks as well as the best priority accepting it would rank it: crediting does not
    # drop it from the outcomes.
    alone = relevance.pairs([leavers], list(measures.values()), {2: ["SKL-01"]})
    [high] = [c for c in relevance.rank(works, alone, _embed) if c.code == "SKL-01"]
    assert apprentices.score == high.score
    # Neither names the market (a service contract): the one narrowing who counts least.
    service = works | {"category": "services", "cpv_code": "85000000", "title": "Day service"}
    service["description"] = "Day opportunities for older people."
    wider = building | {"title": "Create apprenticeships for adults retraining"}
    pairs = relevance.pairs([leavers, wider], list(measures.values()), accepted)
    [apprentices] = [c for c in relevance.rank(service, pairs, _embed) if c.code == "SKL-01"]
    assert apprentices.priority["id"] == 1
    # A priority of the measure's own theme before one of another, however narrow.
    fair = {"id": 3, "title": "Make every job fair", "theme": "fair-work", "importance": "high"}
    pairs = relevance.pairs(
        [leavers, fair], list(measures.values()), {2: ["SKL-01"], 3: ["SKL-01"]}
    )
    [apprentices] = [c for c in relevance.rank(service, pairs, _embed) if c.code == "SKL-01"]
    assert apprentices.priority["id"] == 2


def test_an_outcome_its_priority_names_is_measured_from_that_prioritys_best(measures):
    """FINDINGS-13b D3: supported internships, which the council's priority asks for by name,
    were "more than 0.20 below the best fit" of another priority; the floor for an outcome its
    priority names is that priority's own best. One it does not name still goes, and the log
    names the best fit it is measured from."""
    interns = {"id": 2, "title": "Offer supported internships to young people with SEND"}
    assert relevance.names_measure(interns, measures["SKL-11"])
    assert not relevance.names_measure(interns, measures["SKL-01"])
    ranked = [
        relevance.Candidate(measures["FWK-06"], {"id": 1}, True, 0.75),
        relevance.Candidate(measures["SKL-11"], interns, True, 0.45, named=True),
        relevance.Candidate(measures["COM-01"], {"id": 3}, True, 0.45),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    assert chosen == ["FWK-06", "SKL-11"], chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "below the best fit, FWK-06 (0.75)" in why["COM-01"], why["COM-01"]


def test_two_environmental_outcomes_ranking_alike_get_a_stated_reason(measures):
    """FINDINGS-13b D3: ENV-01 (0.40) was chosen while ENV-22 (0.40) was "too far"; the log says
    only the best environmental outcome is kept below the floor, and which."""
    ranked = [
        relevance.Candidate(measures["SKL-01"], {"id": 1}, True, 0.75),
        relevance.Candidate(measures["ENV-01"], {"id": 3}, True, 0.40),
        relevance.Candidate(measures["ENV-22"], {"id": 4}, True, 0.40),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["SKL-01", "ENV-01"]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "only one environment outcome is kept below it" in why["ENV-22"], why["ENV-22"]
    assert "the best-ranked: ENV-01 (0.40)" in why["ENV-22"]


def test_a_condition_is_never_said_to_be_chosen_below_the_floor(measures):
    """FINDINGS-13a E8: "the market's staple FWK-01 is chosen below it all the same", of the
    real Living Wage, a pass or fail condition that takes no slot."""
    rlw = relevance.Candidate(measures["FWK-01"], {"id": 2}, True, 0.30, asked=True)
    ranked = [
        relevance.Candidate(measures["SKL-01"], {"id": 1}, True, 0.75),
        relevance.Candidate(measures["COM-01"], {"id": 3}, True, 0.45),
        rlw,
    ]
    assert "FWK-01" in [c.code for c in relevance.choose(ranked, 3)]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "too far" in why["COM-01"] and "FWK-01" not in why["COM-01"], why["COM-01"]


def test_the_overlap_rule_holds_back_only_outcomes_that_can_count_the_same_people(measures):
    """FINDINGS-13b D3: apprenticeships and local vacancies were refused as they "could count the
    same people" as employment for people with a learning disability: different groups. Two
    named groups, or a named group beside local people out of work, still could."""

    def candidate(code, priority, score):
        return relevance.Candidate(measures[code], {"id": priority}, True, score)

    ranked = [
        candidate("JOB-09", 1, 0.7),
        candidate("SKL-01", 2, 0.65),
        candidate("JOB-02", 3, 0.6),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == [
        "JOB-09",
        "SKL-01",
    ]  # a local apprentice
    ranked = [candidate("JOB-09", 1, 0.7), candidate("JOB-02", 3, 0.6)]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["JOB-09", "JOB-02"]
    ranked = [
        candidate("JOB-09", 1, 0.7),
        candidate("JOB-07", 2, 0.65),
        candidate("JOB-01", 3, 0.6),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    assert chosen == ["JOB-09"], chosen


def test_of_two_outcomes_that_count_the_same_people_the_better_fit_is_kept(measures):
    """FINDINGS-14b D3: recovery from drug or alcohol dependency (0.74, the best fit of all) was
    dropped as it "could count the same people" as homelessness (0.68), merely chosen first as
    its priority's best: the higher-ranked of the two is kept, and the log says why."""
    homeless = relevance.Candidate(measures["JOB-12"], {"id": 1}, True, 0.68)
    recovery = relevance.Candidate(measures["JOB-16"], None, False, 0.74, staple="market")
    apprentices = relevance.Candidate(measures["SKL-01"], {"id": 2}, True, 0.6)
    # Another unlinked staple ranks first, so recovery comes after each priority's best.
    vcse = relevance.Candidate(measures["ECO-06"], None, False, 0.8, staple="market")
    ranked = [vcse, recovery, homeless, apprentices]
    assert relevance._same_thing(homeless, recovery)  # the two do overlap
    chosen = [c.code for c in relevance.choose(ranked, 4)]
    assert "JOB-16" in chosen and "JOB-12" not in chosen, chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 4))
    assert "as JOB-16, which ranks higher (0.74 against 0.68)" in why["JOB-12"], why["JOB-12"]


def test_an_outcome_serving_an_accepted_priority_by_aim_is_credited_to_it(measures):
    """FINDINGS-14b D7, 14c D6: delivery emissions and guaranteed hours were logged "not linked
    to a council priority" though the council accepted a fleet measure for its carbon priority
    and its Living Wage priority asks for "secure, predictable hours". The aim or the priority's
    own words link them; the theme alone never does."""
    carbon = {"id": 1, "title": "Cut the carbon and air pollution from council services"}
    carbon["theme"] = "environment"
    pay = {
        "id": 2,
        "title": "Make the Real Living Wage the floor on council contracts",
        "description": "Everyone working on our contracts is paid fairly, with secure,"
        " predictable hours.",
        "theme": "fair-work",
    }
    places = {"id": 3, "title": "Keep spending in our towns", "theme": "local-economy"}
    ranked = [
        relevance.Candidate(measures["ENV-10"], carbon, True, 0.3, category_fit=False),
        relevance.Candidate(measures["FWK-01"], pay, True, 0.3, category_fit=False),
        relevance.Candidate(measures["ECO-01"], places, True, 0.7),
        relevance.Candidate(measures["ENV-12"], None, False, 0.6, staple="market"),
        relevance.Candidate(measures["FWK-05"], None, False, 0.6, staple="market"),
        relevance.Candidate(measures["COM-02"], None, False, 0.6, staple="market"),
    ]
    chosen = {c.code: c for c in relevance.choose(ranked, 6)}
    assert {"ENV-12", "FWK-05", "COM-02"} <= set(chosen), list(chosen)
    assert chosen["ENV-12"].priority is carbon, chosen["ENV-12"].priority
    assert "ENV-10" in chosen["ENV-12"].credited_by
    assert chosen["FWK-05"].priority is pay, chosen["FWK-05"].priority
    assert chosen["COM-02"].priority is None  # no priority of its aim or words
    assert chosen["ECO-01"].priority is places and chosen["ECO-01"].credited_by is None


def test_the_environmental_slot_goes_to_an_accepted_outcome_before_a_staple_no_one_accepted(
    measures,
):
    """FINDINGS-14c D1: on an asbestos removal framework the slot held for the environmental
    staple went to embodied carbon (0.46), which no one accepted, and displaced the zero-emission
    fleet (0.55) the council accepted for its vehicles priority."""
    fleet = {"id": 4, "title": "Move council and contractor vehicles to zero emissions"}
    ranked = [
        relevance.Candidate(measures["JOB-12"], {"id": 1}, True, 0.70),
        relevance.Candidate(measures["SKL-19"], {"id": 2}, True, 0.64),
        relevance.Candidate(measures["FWK-06"], {"id": 3}, True, 0.58),
        relevance.Candidate(measures["ECO-01"], {"id": 5}, True, 0.57),
        relevance.Candidate(measures["ENV-10"], fleet, True, 0.55),
        relevance.Candidate(measures["ENV-05"], None, False, 0.46, staple="market"),
        # a carbon cut accepted for the same priority, which does not fit: the staple's aim
        relevance.Candidate(measures["ENV-01"], fleet, True, 0.2, category_fit=False),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 4)]
    assert "ENV-10" in chosen and "ENV-05" not in chosen, chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 4))
    assert "held for the environmental outcome the council accepted ENV-10" in why["ECO-01"]


def test_every_measure_the_council_accepted_is_in_the_log_chosen_or_not(measures):
    """FINDINGS-14c D2: the council's valley-floor nature priority (land managed for nature,
    trees) vanished from an active travel route's log, not even "Not chosen": every accepted
    measure is chosen or listed with why, whatever rule kept it out."""
    from specifier.specification import commands

    nature = {"id": 9, "title": "Bring nature back to the valley floor"}
    ranked = [
        relevance.Candidate(measures["SKL-01"], {"id": 1, "title": "Skills"}, True, 0.7),
        relevance.Candidate(
            measures["ENV-26"],
            nature,
            True,
            0.5,
            category_fit=False,
            reasons=["Not usually suited to works contracts (suits services)"],
        ),
        relevance.Candidate(measures["ENV-34"], nature, True, 0.45, category_fit=False),
    ]
    picked = relevance.choose(ranked, 3)
    passed = relevance.passed_over(ranked, 3)
    aside = relevance.set_aside(ranked, picked)
    lines = commands._unlisted(ranked, picked, passed, aside)
    said = {c.code for c in picked} | {c.code for c, _ in passed} | {c.code for c in aside}
    for code in ("ENV-26", "ENV-34"):
        line = next((x for x in lines if x.startswith(f"Not chosen: {code} ")), None)
        assert line and "“Bring nature back to the valley floor”" in line, lines
    assert "not usually suited to works contracts" in lines[0]
    assert said | {x.split()[2] for x in lines} == {c.code for c in ranked}
