"""Environmental outcomes fit how the contract emits: its vehicles, plant, deliveries or
buildings, never a source it does not have, and never two outcomes on the same emissions."""

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import emissions, relevance

LEGAL = {
    "title": "External legal services framework",
    "description": "Solicitors' firms to give the council legal advice and representation.",
    "category": "services",
    "cpv_code": "79100000",
    "value_gbp": 1000000,
    "duration_months": 48,
    "nation": "England",
}
REFUSE = {
    "title": "Household waste and recycling collection",
    "description": "Weekly collection of household waste and recycling.",
    "category": "services",
    "cpv_code": "90511000",
    "value_gbp": 24000000,
    "duration_months": 84,
    "nation": "England",
}
SALT = {
    "title": "Supply and delivery of de-icing rock salt",
    "description": "Graded rock salt delivered in bulk to the council's depots each winter.",
    "category": "goods",
    "cpv_code": "34927100",
    "value_gbp": 1450000,
    "duration_months": 48,
    "nation": "Scotland",
}
BUILD = {
    "title": "New extra care housing scheme",
    "description": "Design and build of 64 apartments for older people.",
    "category": "works",
    "cpv_code": "45215213",
    "value_gbp": 16800000,
    "duration_months": 30,
    "nation": "Wales",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_the_contract_s_emission_sources_come_from_its_category_market_and_words():
    assert emissions.sources(LEGAL) == []
    assert "vehicles" in emissions.sources(REFUSE)  # its market's staples are fleet outcomes
    assert emissions.sources(SALT) == ["deliveries"]
    assert {"vehicles", "plant"} <= set(emissions.sources(BUILD))
    patrols = {**LEGAL, "description": "Guarding with a mobile patrol of both buildings."}
    assert "vehicles" in emissions.sources(patrols)
    sweeping = {
        "title": "Street cleansing",
        "description": "Sweeping streets.",
        "category": "services",
    }
    assert "vehicles" in emissions.sources(sweeping)  # mechanical sweepers, though no CPV code


def test_an_office_based_service_is_not_asked_to_cut_fleet_or_plant_emissions(measures):
    """FINDINGS-12 N2: the legal framework was given nitrogen oxides and particulates (ENV-22)
    and a scopes 1 and 2 cut, though it runs no vehicles or plant."""
    for code in ("ENV-22", "ENV-10", "ENV-11", "ENV-23"):
        why = emissions.missing(LEGAL, measures[code])
        assert why and "nothing in this contract's market or description says it runs" in why
        assert emissions.missing(BUILD if code == "ENV-23" else REFUSE, measures[code]) is None
    assert "deliveries" in emissions.missing(LEGAL, measures["ENV-12"])
    assert emissions.missing(SALT, measures["ENV-12"]) is None
    assert emissions.missing(LEGAL, measures["ENV-01"]) is None  # a weak slot, not impossible
    weak = emissions.own_small(LEGAL, measures["ENV-01"])
    assert "weak use of a scored outcome" in weak and "carbon reduction plan" in weak
    for contract in (REFUSE, BUILD, SALT):
        assert emissions.own_small(contract, measures["ENV-01"]) is None


def test_an_office_based_service_chooses_its_people_outcome_not_an_emissions_cut(measures):
    """Ranked through the real rules: the council accepted NOx, a scopes 1 and 2 cut and help
    for voluntary organisations; the legal framework gets the last, and its log says why not
    the others."""
    air = {
        "id": 1,
        "title": "Cut the carbon and air pollution from council services",
        "theme": "environment",
    }
    vcse = {"id": 2, "title": "A strong voluntary and community sector", "theme": "economy"}
    pairs = relevance.pairs(
        [air, vcse], list(measures.values()), {1: ["ENV-22", "ENV-01"], 2: ["ECO-12"]}
    )
    ranked = relevance.rank(LEGAL, pairs, _embed)
    by_code = {c.code: c for c in ranked}
    assert not by_code["ENV-22"].suitable
    assert by_code["ENV-01"].token
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    assert "ECO-12" in chosen and "ENV-22" not in chosen and "ENV-01" not in chosen, chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "weak use of a scored outcome" in why["ENV-01"]
    # The same priorities on refuse collection: the fleet's NOx is its to cut.
    ranked = relevance.rank(REFUSE, pairs, _embed)
    assert {c.code: c for c in ranked}["ENV-22"].suitable


def test_one_outcome_counts_a_goods_supply_s_delivery_emissions(measures):
    """FINDINGS-12 D3: road salt took scope 3 and scopes 1 and 2 on the same deliveries; the
    delivery-emissions outcome is the single one for goods delivered."""
    assert relevance.same_subject(measures["ENV-12"], measures["ENV-01"]) == "delivery emissions"
    assert relevance.same_subject(measures["ENV-12"], measures["ENV-02"]) == "delivery emissions"
    assert relevance.same_subject(measures["ENV-12"], measures["ENV-10"]) == "vehicles"
    assert relevance.same_subject(measures["ENV-01"], measures["ENV-02"]) is None  # site, chain

    def candidate(code, score):
        return relevance.Candidate(measures[code], {"id": 1}, True, score)

    ranked = [candidate("ENV-12", 0.5), candidate("ENV-02", 0.48), candidate("ENV-01", 0.47)]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["ENV-12"]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "the same delivery emissions as ENV-12" in why["ENV-02"]
    assert "the same delivery emissions as ENV-12" in why["ENV-01"]


def test_a_build_with_a_carbon_priority_keeps_embodied_carbon_below_the_floor(measures):
    """FINDINGS-12 D4 on round M: the one environmental outcome exempt from the floor was
    plant emissions (0.45), no priority's, though the council accepted carbon outcomes and
    embodied carbon (0.44) is the build's carbon staple."""
    carbon = {"id": 3}

    def staple(code, score):
        return relevance.Candidate(
            measures[code], None, False, score, theme_priority=carbon, staple="A build's staple"
        )

    ranked = [
        relevance.Candidate(measures["SKL-01"], {"id": 1}, True, 0.77),
        relevance.Candidate(measures["ECO-01"], {"id": 2}, True, 0.7),
        relevance.Candidate(measures["ENV-01"], carbon, True, 0.5),
        staple("ENV-23", 0.45),
        staple("ENV-05", 0.44),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 5)]
    assert chosen == ["SKL-01", "ECO-01", "ENV-05"], chosen


def test_a_bulk_goods_supply_takes_delivery_emissions_alone(measures):
    """FINDINGS-12 D3: road salt took a scope 3 and a scopes 1 and 2 cut (7% between them) on
    the same deliveries; ranked through the real rules, the council's carbon priority gets the
    delivery-emissions outcome and no other on those lorries."""
    carbon = {"id": 1, "title": "Move council and contractor vehicles to zero emissions"}
    carbon["theme"] = "environment"
    pairs = relevance.pairs(
        [carbon], list(measures.values()), {1: ["ENV-01", "ENV-02", "ENV-10", "ENV-11"]}
    )
    ranked = relevance.rank(SALT, pairs, _embed)
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    assert chosen[0] == "ENV-12", chosen  # packaging and take-back may follow: other things
    assert not {"ENV-01", "ENV-02", "ENV-10", "ENV-11"} & set(chosen), chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert "the same delivery emissions as ENV-12" in why["ENV-01"], why["ENV-01"]
    # A scope 3 cut is out of scale below PPN 006's £5m a year, before any overlap.
    assert "PPN 006" in {c.code: c for c in ranked}["ENV-02"].remote


def test_goods_used_up_in_use_are_not_asked_for_repair_or_take_back(measures):
    """Once road salt's two overlapping carbon outcomes went, its free slot took 'products
    supplied with repair, refurbishment and take-back': salt is spread on the roads."""
    carbon = {"id": 1, "title": "Cut carbon", "theme": "environment"}
    pairs = relevance.pairs([carbon], list(measures.values()), {})
    by_code = {c.code: c for c in relevance.rank(SALT, pairs, _embed)}
    assert "used up in use" in by_code["ENV-18"].remote and not by_code["ENV-18"].suitable
    assert "ENV-18" not in [c.code for c in relevance.choose(list(by_code.values()), 3)]
    chairs = {**SALT, "title": "Supply of office chairs", "description": "Chairs delivered."}
    chairs["cpv_code"] = "39112000"
    by_code = {c.code: c for c in relevance.rank(chairs, pairs, _embed)}
    assert by_code["ENV-18"].suitable  # furniture can be repaired and taken back


def test_a_build_s_environmental_staple_has_a_slot_held_where_it_carries_three(measures):
    """FINDINGS-12 D4: on the £36.5m health hub every slot went to skills and spend outcomes
    ranked above embodied carbon, so a BREEAM Excellent build had no carbon outcome; from three
    outcomes the market's environmental staple has the last slot held, and the log says so."""
    carbon = {"id": 9}
    ranked = [
        relevance.Candidate(measures["SKL-07"], {"id": 1}, True, 0.72),
        relevance.Candidate(measures["SKL-01"], {"id": 4}, True, 0.69),
        relevance.Candidate(measures["ECO-01"], {"id": 2}, True, 0.6),
        relevance.Candidate(measures["SKL-09"], {"id": 3}, True, 0.53),
        relevance.Candidate(measures["ENV-01"], carbon, True, 0.49),
        relevance.Candidate(
            measures["ENV-05"], None, False, 0.38, theme_priority=carbon, staple="A build's"
        ),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 4)]
    assert chosen == ["SKL-07", "SKL-01", "ECO-01", "ENV-05"], chosen  # in rank order
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 4))
    assert "the last is held for the market's environmental staple ENV-05" in why["SKL-09"]
    # With two slots it ranks with the rest: a small contract's few outcomes are its best.
    assert "ENV-05" not in [c.code for c in relevance.choose(ranked, 2)]


ELECTRICITY = {
    "title": "Electricity supply to council buildings and street lighting",
    "description": "Supply of electricity to council supply points: schools, leisure centres,"
    " care homes and the depots, with half-hourly data and meter changes.",
    "category": "goods",
    "cpv_code": "09310000",
    "value_gbp": 38000000,
    "duration_months": 60,
    "nation": "Scotland",
}
KENNELS = {
    "title": "Stray dog collection, kennelling and rehoming",
    "description": "The supplier collects dogs out of hours from anywhere in the borough"
    " within two hours, and runs licensed kennels within 20 miles.",
    "category": "services",
    "cpv_code": "98380000",
    "value_gbp": 138000,
    "duration_months": 24,
    "nation": "Wales",
}
OWN = {"title": "Cut in direct and energy emissions on the contract (scopes 1 and 2)"}


def test_a_market_that_replaces_its_category_takes_no_goods_profile():
    """FINDINGS-14b D2: electricity bought as goods is not delivered by van, made or packed;
    nor does its supplier run the council's care homes its supply points name."""
    from specifier.specification import sectors

    assert [m["name"] for m in sectors.markets(ELECTRICITY)] == ["energy and fuel supply"]
    assert emissions.sources(ELECTRICITY) == []
    assert emissions.missing(ELECTRICITY, {"title": "Delivery emissions cut for goods"})
    assert emissions.own_small(ELECTRICITY, OWN)


def test_emission_sources_are_read_from_what_the_service_does():
    """FINDINGS-14c D2: a service that collects dogs and runs kennels travels and runs
    buildings, so its own emissions are not refused as 'it runs no vehicles'; its collecting
    names no vehicles, so it is travel, not a fleet (FINDINGS-18a 1.1)."""
    assert set(emissions.sources(KENNELS)) == {"travel", "buildings it runs"}
    assert emissions.own_small(KENNELS, OWN) is None
    vans = KENNELS | {"description": KENNELS["description"] + " It runs two vans."}
    assert "vehicles" in emissions.sources(vans)


def test_embodied_carbon_is_not_asked_where_no_lot_designs_or_builds():
    """FINDINGS-14c D1: surveys, removal and demolition lots design and build nothing, so a
    cut in embodied carbon against a 'baseline design' is not the contract's to deliver; a
    works contract with a lot that builds still carries it."""
    from specifier.specification import sectors

    carbon = {"title": "Embodied carbon saved in construction"}
    asbestos = BUILD | {
        "title": "Asbestos surveys, removal and demolition framework",
        "cpv_code": "45262660",
        "lots": [
            {"title": "Asbestos surveys, sampling and air monitoring", "value_gbp": 900000},
            {"title": "Asbestos removal and encapsulation", "value_gbp": 2900000},
            {"title": "Demolition of surplus buildings and structures", "value_gbp": 500000},
        ],
    }
    assert "designs or builds nothing" in sectors.remote(asbestos, carbon)
    mixed = asbestos | {
        "lots": asbestos["lots"] + [{"title": "New depot building", "value_gbp": 4000000}]
    }
    assert sectors.remote(mixed, carbon) is None
    assert sectors.remote(BUILD, carbon) is None


def test_fuels_the_supplier_delivers_are_not_grid_energy():
    """Road fuel, gas oil and heating oil are delivered by the supplier's own tankers and
    drivers: its vehicles are the contract's emission source, and its drivers a workforce, not
    the wholesale price and network charges of electricity bought through the grid."""
    from specifier.catalogue.files import builtin_measures
    from specifier.specification import sectors

    fuel = {
        "title": "Supply and delivery of gas oil and heating oil",
        "description": "Gas oil and heating oil delivered to the council's depots and schools"
        " by road tanker, within two working days of each order.",
        "category": "goods",
        "cpv_code": "09135100",
        "value_gbp": 3000000,
        "duration_months": 36,
        "nation": "Wales",
    }
    assert [m["name"] for m in sectors.markets(fuel)] == ["delivered fuels", "goods"]
    assert {"vehicles", "deliveries"} <= set(emissions.sources(fuel))
    assert (
        emissions.missing(fuel, {"title": "Cut in nitrogen oxides and particulate emissions"})
        is None
    )
    assert emissions.own_small(fuel, OWN) is None
    measures = {m["code"]: m for m in builtin_measures()}
    apprentices = next(
        m for m in measures.values() if m["title"].startswith("Apprenticeships started")
    )
    packaging = next(m for m in measures.values() if "packaging" in m["title"].lower())
    assert not sectors.remote(fuel, apprentices)  # its drivers and depots are a workforce
    assert "burnt" in sectors.remote(fuel, packaging)
    local = next(
        m for m in measures.values() if m["title"] == "Contract spend with local suppliers"
    )
    assert "refineries" in sectors.remote(fuel, local)
    # Electricity through the grid keeps its market: the supplier runs nothing of its own.
    assert [m["name"] for m in sectors.markets(ELECTRICITY | {"cpv_code": "09310000"})] == [
        "energy and fuel supply"
    ]
    assert sectors.remote(ELECTRICITY, apprentices)
    # Under the code for all fuels, the words say which: delivered fuels, or grid energy.
    fuels = fuel | {"cpv_code": "09100000"}
    assert [m["name"] for m in sectors.markets(fuels)] == ["delivered fuels", "goods"]
    grid = ELECTRICITY | {"cpv_code": "09100000"}
    assert [m["name"] for m in sectors.markets(grid)] == ["energy and fuel supply"]
