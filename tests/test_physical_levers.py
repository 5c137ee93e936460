"""The contract's physical and supply-chain levers (FINDINGS-16-rs, 17a-rs, 17b-rs): emission
sources from what the description says the supplier runs or uses, a forced labour condition on
goods at recognised risk, carbon cuts only where the contract's emissions are material, a Real
Living Wage condition that reaches only the people a supplier can evidence, and Scotland's Fair
Work First and supported business duties on goods."""

import pytest
from test_what_the_supplier_does import _contract, _embed, _generate

from specifier.catalogue.files import builtin_measures
from specifier.specification import emissions, legal, relevance


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


ZEV = {"title": "Zero-emission vehicles in the contract fleet"}
MILES = {"title": "Miles driven in zero-emission vehicles"}
NOX = {"title": "Cut in nitrogen oxides and particulate emissions"}
OWN = {"title": "Cut in direct and energy emissions on the contract (scopes 1 and 2)"}
SCOPE_3 = {"title": "Cut in supply chain emissions on the contract (scope 3)"}
DELIVERY = {"title": "Delivery emissions cut for goods"}


def test_what_the_description_says_the_supplier_runs_or_uses_is_its_source():
    """FINDINGS-17a 1.5, 3.3: "runs no vehicles, plant or buildings" was said of a health
    visiting service whose home visits need a pool car, and of an events contract with
    temporary power and plant. Pool or lease cars are vehicles, generators and site plant are
    plant, and staff who travel to homes or between sites are staff travel; what the contract
    supplies or the place lacks is not the supplier's."""
    said = {
        "Home visits in the hills need a 4x4 pool car in winter.": {"vehicles", "staff travel"},
        "Nurses travel between homes in lease cars.": {"vehicles", "staff travel"},
        "Lot 1 covers staging, temporary power and site infrastructure.": {"plant"},
        "The contractor provides generators and the crew to build and break each site.": {"plant"},
        "Advocates meet people at home visits across the county.": {"staff travel"},
    }
    for text, found in said.items():
        contract = _contract(text)
        assert found <= set(emissions.sources(contract)), text
        assert emissions.own_small(contract, OWN) is None or found == {"staff travel"}, text
    home = _contract("Volunteers make weekly home visits; their mileage is paid.")
    assert emissions.missing(home, MILES) is None  # their miles are the contract's
    assert "nothing in this contract's market or description" in emissions.missing(home, ZEV)
    events = _contract("Temporary power from generators at each event.", cpv="79952000")
    assert emissions.missing(events, NOX) is None
    # What the contract supplies or maintains, and the place's cut buses, are not its own.
    for text in (
        "Supply of generators to the council's depots.",
        "Maintenance of the council's standby generators.",
        "A befriending service in valleys where bus services have been cut.",
    ):
        assert not {"plant", "vehicles"} & set(emissions.sources(_contract(text))), text


DEVICES = _contract(
    "Supply of laptops, desktops and tablets to the council and schools, sent by courier.",
    category="goods",
    cpv="30213000",
    kind="framework",
    value_gbp=4_800_000,
)
SPEND = {"id": 2, "title": "Spend more with small firms", "theme": "local-economy"}
FAIR = {"id": 4, "title": "Good work on council contracts", "theme": "fair-work"}
CARBON = {"id": 3, "title": "Cut carbon from council services", "theme": "environment"}


def _chosen(contract, accepted, measures, limit=3):
    pairs = relevance.pairs([SPEND, CARBON, FAIR], list(measures.values()), accepted)
    ranked = relevance.rank(contract, pairs, _embed)
    return ranked, [c.code for c in relevance.choose(ranked, limit)]


def test_goods_at_risk_of_forced_labour_carry_a_due_diligence_condition(measures):
    """FINDINGS-16 1.1: an ICT hardware framework had nothing on forced labour in electronics
    manufacture (PPN 009, February 2025). Goods at recognised risk (electronics, clothing,
    gloves, solar panels, cotton products) carry a pass or fail due diligence condition, which
    takes no outcome slot; other goods and services do not."""
    accepted = {2: ["ECO-05"], 3: ["ENV-12", "ENV-17"]}
    ranked, chosen = _chosen(DEVICES, accepted, measures)
    assert "FWK-20" in chosen and relevance.is_condition(measures["FWK-20"])
    assert len([c for c in chosen if not relevance.is_condition(measures[c])]) <= 3
    at_risk = [
        _contract("Supply of school uniforms and PE kit.", "goods", "18000000"),
        _contract("Supply of disposable gloves for care staff.", "goods", "18424300"),
        _contract("Free period products for schools and libraries.", "goods", "33771100"),
        _contract("Installing solar panels and batteries on 12 schools.", "works", "45261215"),
    ]
    for contract in at_risk:
        assert "FWK-20" in _chosen(contract, accepted, measures)[1], contract["description"]
    for contract in (
        _contract("Supply of office furniture.", "goods", "39130000"),
        _contract("Road salt for winter gritting.", "goods", "34927100"),
        _contract("Repairs to council homes.", "works", "45453000"),
        _contract("IT support for the council's laptops.", "services", "72000000"),
    ):
        assert "FWK-20" not in _chosen(contract, accepted, measures)[1], contract["description"]


def test_carbon_cuts_are_asked_only_where_the_contracts_emissions_are_material(measures):
    """FINDINGS-17b 2.1: a scope 3 cut asked of a £760k befriending charity; FINDINGS-16 1.5: a
    delivery emissions cut on boxed IT. A supply chain cut needs a contract above PPN 006's £5m
    a year; a cut in handling and delivery emissions is not asked on goods worth much for their
    weight. The officer is told why."""
    charity = _contract("Volunteer befriending.", cpv="85312000", value_gbp=760_000)
    why = emissions.out_of_scale(charity, SCOPE_3)
    assert "PPN 006" in why and "£5,000,000 a year" in why
    large = _contract("Waste collection.", cpv="90511000", value_gbp=150_000_000)
    assert emissions.out_of_scale(large, SCOPE_3) is None
    for measure in (DELIVERY, OWN):
        assert "worth much for their weight" in emissions.out_of_scale(DEVICES, measure)
    salt = _contract("Supply and delivery of road salt.", "goods", "34927100")
    assert emissions.out_of_scale(salt, DELIVERY) is None
    ranked, chosen = _chosen(DEVICES, {2: ["ECO-05"], 3: ["ENV-12", "ENV-02"]}, measures)
    assert "ENV-12" not in chosen and "ENV-02" not in chosen
    by_code = {c.code: c for c in ranked}
    assert "worth much for their weight" in by_code["ENV-12"].remote
    assert "PPN 006" in by_code["ENV-02"].remote


def test_the_packs_carry_the_contracts_physical_and_supply_chain_levers(runner, tmp_path):
    """Through `flask generate-spec`: a device supply carries the forced labour condition, no
    delivery cut and a Living Wage condition that leaves carriers out; a home nursing
    service's log no longer says it runs no vehicles; a service's Living Wage condition covers
    the staff placed on it, not firms paid by the item."""
    devices, log = _generate(
        runner,
        tmp_path,
        "devices",
        "hatherdale",
        "procurement:\n  title: Supply of mobile phones and tablets\n  description: Supply of"
        " about 1,200 smartphones and 300 tablets a year for council staff, sent by courier to"
        " the civic centre.\n  category: goods\n  cpv_code: '32250000'\n  value_gbp: 1500000\n"
        "  duration_months: 36\n  nation: England\n",
    )
    assert "Forced labour due diligence on the goods supplied" in devices
    assert "Delivery emissions cut for goods" not in devices
    if "Real Living Wage" in devices:
        assert "nor those of carriers that deliver parcels for many customers" in devices
        assert "take, store, deliver" not in devices
    nursing, log = _generate(
        runner,
        tmp_path,
        "nursing",
        "hatherdale",
        "procurement:\n  title: District nursing\n  description: Nurses make 900 home visits a"
        " week, travelling between homes in the team's lease cars. GP practices fit devices"
        " paid by the item.\n  category: services\n  cpv_code: '85141000'\n  value_gbp:"
        " 15000000\n  duration_months: 60\n  workforce_fte: 60\n  nation: England\n",
    )
    assert "runs no vehicles, plant or buildings" not in log
    assert "nothing in this contract's market or description says it runs any" not in log
    assert "Real Living Wage" in nursing
    assert "Staff of carriers, and of firms that sell the supplier standard goods" in nursing
    assert "Share of everyone working on the contract, including subcontractor" not in nursing


def test_scottish_goods_ask_fair_work_first_and_tell_the_officer_of_supported_businesses(
    runner, tmp_path
):
    """FINDINGS-17a 2.3, 2.1: a Scottish goods framework had no Fair Work First question
    (SPPN 6/2021: goods as well as services and works) and nothing on supported businesses
    (2014 Act s.9 and s.11, 2015 Regulations reg. 21). The question is asked on regulated
    goods; the officer is told of the duty to consider reserving for supported businesses."""
    goods = _contract("Supply of cleaning products.", "goods", "39830000", nation="Scotland")
    assert legal.position(goods).fair_work
    below = goods | {"value_gbp": 40_000}
    assert not legal.position(below).fair_work
    text, log = _generate(
        runner,
        tmp_path,
        "uniforms",
        "kilbrannan",
        "procurement:\n  title: Supply of school uniforms\n  description: Supply of school"
        " uniforms and PE kit for about 4,000 pupils a year, packed in the supplier's warehouse"
        " and delivered to homes and schools.\n  category: goods\n  cpv_code: '18000000'\n"
        "  value_gbp: 900000\n  duration_months: 36\n  nation: Scotland\n",
    )
    assert "Fair Work First question" in text
    assert "Supported businesses: section 9 of the Procurement Reform (Scotland) Act 2014" in log
    assert "section 11 of the 2014 Act" not in text  # the officer's, not the bidder's
