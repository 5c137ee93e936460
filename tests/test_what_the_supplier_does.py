"""Outcomes follow what the supplier itself does on the contract, not the words of its
description (FINDINGS-16a, 16b): what a contract insures, supplies or looks after is not the
supplier's fleet; the outcome its own work leads to comes first; and placements and careers
talks go only where the setting can host them."""

import io

import docx
import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import emissions, relevance, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def _contract(description, category="services", cpv="", **more):
    return {
        "title": more.pop("title", "Contract"),
        "description": description,
        "category": category,
        "cpv_code": cpv,
        "value_gbp": more.pop("value_gbp", 1_500_000),
        "duration_months": more.pop("duration_months", 48),
        "nation": more.pop("nation", "England"),
        **more,
    }


ZEV = {"title": "Zero-emission vehicles in the contract fleet"}


def test_what_a_contract_insures_supplies_or_looks_after_is_not_the_suppliers_fleet():
    """FINDINGS-16a 1.1: an insurance programme naming the council's 170 vehicles was asked
    for a zero-emission 'contract fleet'. Vehicles and buildings the contract insures,
    supplies, services or cleans, or that the council runs, are not the supplier's own."""
    about = [
        "The council insures its buildings. It runs a fleet of about 170 vehicles and plant.",
        "Lisnaharra and Bannside District Council runs about 170 vehicles, including sweepers"
        " and vans. The supplier services and repairs them at the council's depot.",
        "Servicing and repair of the council's fleet of 120 vehicles at its workshop.",
        "Cleaning of the council's leisure centres and care homes.",
        "Insurance of the council's buildings, schools and care homes, and of its fleet of"
        " 120 vehicles and minibuses.",
        "Fuel cards for vehicles provided by the council.",
    ]
    for said in about:
        assert emissions.sources(_contract(said)) == [], said
        why = emissions.missing(_contract(said), ZEV)
        assert "nothing in this contract's market or description says it runs any" in why
    assert "what the contract is about" in emissions.missing(_contract(about[2]), ZEV)
    # What the supplier runs itself, though the buildings are the council's, still counts.
    own = {
        "Weekly collection of household waste with a fleet of 40 refuse vehicles.": "vehicles",
        "Running the council's three leisure centres and two swimming pools.": "buildings it runs",
        "Planned maintenance of council-owned buildings, with a fleet of 30 vans.": "vehicles",
        "The service runs from a hub. It runs three minibuses.": "vehicles",
    }
    for said, source in own.items():
        assert source in emissions.sources(_contract(said)), said
    # An insurer runs nothing for the contract, whatever its lots are called.
    insurance = _contract("Lots are property; motor fleet; engineering.", cpv="66510000")
    assert emissions.sources(insurance) == [] and emissions.missing(insurance, ZEV)


def test_a_goods_suppliers_deliveries_are_not_a_fleet_of_its_own(measures):
    """FINDINGS-16a 1.2: a device reseller shipping by parcel carrier got a zero-emission
    fleet outcome. On a supply of goods the deliveries are counted by the delivery outcome;
    only words naming the supplier's own vehicles give it a fleet."""
    furniture = _contract(
        "Supply and installation of classroom furniture, delivering to 54 schools.",
        category="goods",
        cpv="39160000",
    )
    assert emissions.sources(furniture) == ["deliveries"]
    for code in ("ENV-10", "ENV-11", "ENV-22"):
        why = emissions.missing(furniture, measures[code])
        assert why and "through carriers it does not run" in why, code
    assert emissions.missing(furniture, measures["ENV-12"]) is None
    vans = furniture | {"description": "Supply of furniture, delivered by its own fleet of vans."}
    assert emissions.missing(vans, measures["ENV-10"]) is None
    # A service that delivers or collects travels; it has a fleet only where its vehicles
    # are named (FINDINGS-18a 1.1).
    meals = _contract("A hot meals service that delivers to older people at home.")
    assert emissions.sources(meals) == ["travel"]
    assert "vehicles" in emissions.sources(_contract("A meals on wheels service."))


DEVICES = _contract(
    "Supply of laptops, desktops and tablets for staff and pupils, delivered to schools. The"
    " supplier must take back old devices for data erasure, refurbishment or recycling.",
    category="goods",
    cpv="30213000",
    kind="framework",
    value_gbp=4_800_000,
)
ONLINE = {"id": 1, "title": "No one shut out because they are offline", "theme": "innovation"}
SPEND = {"id": 2, "title": "Spend more with small firms", "theme": "economy"}
CARBON = {"id": 3, "title": "Cut carbon from council vehicles", "theme": "environment"}


def _rank(contract, accepted, measures):
    pairs = relevance.pairs([ONLINE, SPEND, CARBON], list(measures.values()), accepted)
    return relevance.rank(contract, pairs, _embed)


def test_the_accepted_outcome_the_contracts_own_work_leads_to_is_chosen_first(measures):
    """FINDINGS-16a 1.3: a devices framework that takes back old devices left out the
    council's accepted outcome of refurbished devices given to residents who are offline,
    behind a fleet outcome. Where the contract's scope already does what an accepted measure
    counts more of, that measure is chosen first, and the log says why."""
    accepted = {1: ["INN-03", "INN-06"], 2: ["ECO-05"], 3: ["ENV-10", "ENV-01"]}
    ranked = _rank(DEVICES, accepted, measures)
    by_code = {c.code: c for c in ranked}
    assert "takes back used devices" in by_code["INN-03"].extends
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    assert chosen[0] == "INN-03", chosen
    assert "ENV-10" not in chosen
    # A reseller runs no digital service of its own for residents.
    assert "supplies hardware" in by_code["INN-06"].remote and "INN-06" not in chosen
    # Without take-back in its scope the outcome is not put first.
    plain = DEVICES | {"description": "Supply of laptops and tablets, delivered to schools."}
    assert {c.code: c for c in _rank(plain, accepted, measures)}["INN-03"].extends is None
    # Training people to use what the contract provides leads to helping residents online.
    library = _contract(
        "A library management system with a catalogue app and user training for staff.",
        cpv="48000000",
    )
    ranked = _rank(library, {1: ["INN-04", "INN-06"], 2: ["ECO-05"]}, measures)
    assert relevance.choose(ranked, 3)[0].code == "INN-04"
    # Old furniture removed for reuse leads to the reuse outcome the council accepted.
    furniture = _contract(
        "Supply of classroom furniture, with removal and disposal of old furniture.",
        category="goods",
        cpv="39160000",
    )
    ranked = _rank(furniture, {3: ["ENV-15", "ENV-01"], 2: ["ECO-05"]}, measures)
    assert "ENV-15" in [c.code for c in relevance.choose(ranked, 2)]


CLINIC = _contract(
    "An open-access sexual health service with a hub clinic and spoke clinics, treating"
    " residents including under-18s, with a young people's drop-in at the college.",
    cpv="85100000",
    workforce_fte=46,
    value_gbp=17_900_000,
)
TUITION = _contract(
    "Weekly music tuition for pupils in 11 primary schools and the two secondary schools,"
    " by a pool of sessional tutors.",
    cpv="80000000",
    nation="Scotland",
)


def test_placements_and_careers_talks_go_only_where_the_setting_can_host_them(measures):
    """FINDINGS-16b: T Level placements in a clinic that treats under-18s and runs a drop-in
    at their college; careers talks on a contract whose schools are mostly primaries. Each
    is set aside with the reason, for the officer to add if they disagree."""
    for code in ("SKL-07", "SKL-08", "SKL-11"):
        why = sectors.remote(CLINIC, measures[code])
        assert why and "sees children and young people in confidence" in why, code
    assert sectors.remote(CLINIC, measures["SKL-01"]) is None  # apprentices are staff
    adults = CLINIC | {"description": "A hearing clinic for adults aged 55 and over."}
    assert sectors.remote(adults, measures["SKL-07"]) is None  # T Levels in health fit there
    for code in ("SKL-09", "SKL-10"):
        why = sectors.remote(TUITION, measures[code])
        assert why and "most of the schools the contract works in are primary" in why, code
    mixed = TUITION | {"description": "Music tuition in 38 primary and secondary schools."}
    assert sectors.remote(mixed, measures["SKL-09"]) is None
    build = TUITION | {"category": "works", "description": "Building a new primary school."}
    assert sectors.remote(build, measures["SKL-09"]) is None  # its careers talks go elsewhere
    # Through the ranking: the placement is not chosen, and the log gives the setting's reason.
    young = {"id": 4, "title": "Fewer 16 and 17 year olds not in education", "theme": "skills"}
    pairs = relevance.pairs([young], list(measures.values()), {4: ["SKL-07", "SKL-01"]})
    ranked = relevance.rank(CLINIC, pairs, _embed)
    assert "SKL-07" not in [c.code for c in relevance.choose(ranked, 3)]
    assert [c.code for c in relevance.set_aside(ranked, relevance.choose(ranked, 3))] == ["SKL-07"]
    # Careers talks, a staple of education services, are set aside on the tuition with why.
    pairs = relevance.pairs([young], list(measures.values()), {4: ["SKL-01"]})
    ranked = relevance.rank(TUITION, pairs, _embed)
    aside = relevance.set_aside(ranked, relevance.choose(ranked, 2))
    assert "SKL-09" in [c.code for c in aside]
    assert "SKL-09" not in [c.code for c in relevance.choose(ranked, 2)]


def _generate(runner, tmp_path, name, council, body):
    path = tmp_path / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    out = tmp_path / f"{name}.docx"
    args = ["generate-spec", "--council", council, "--procurement", str(path)]
    result = runner.invoke(args=[*args, "--format", "docx", "--output", str(out), "--force"])
    assert result.exit_code == 0, result.output
    word = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    return text, result.output


def test_the_specifications_follow_what_each_supplier_does(runner, tmp_path):
    """Through `flask generate-spec`: an insurer and a device reseller are asked for no fleet
    outcome; the reseller's devices taken back go to residents who are offline; a clinic for
    young people hosts no student placements."""
    insurance, log = _generate(
        runner,
        tmp_path,
        "insurance",
        "hatherdale",
        "procurement:\n  title: Insurance programme\n  description: The council insures its"
        " civic centre, two leisure centres and depots. It runs a fleet of 170 vehicles. Lots"
        " are property, liability and motor fleet.\n  category: services\n  cpv_code:"
        " '66510000'\n  value_gbp: 2400000\n  duration_months: 36\n  nation: England\n",
    )
    assert "contract fleet" not in insurance and "Chose ENV-10" not in log
    devices, log = _generate(
        runner,
        tmp_path,
        "devices",
        "hatherdale",
        "procurement:\n  title: Framework for laptops and tablets\n  description: Supply of"
        " laptops, desktops and tablets to the council and schools, delivered to each site."
        " The supplier must take back old devices for data erasure, refurbishment or"
        " recycling.\n  category: goods\n  cpv_code: '30213000'\n  kind: framework\n"
        "  value_gbp: 4800000\n  duration_months: 48\n  nation: England\n",
    )
    assert "contract fleet" not in devices
    assert "Devices given to digitally excluded residents" in devices
    assert "Chose INN-03 first, as it grows out of the contract's own work" in log
    clinic, log = _generate(
        runner,
        tmp_path,
        "clinic",
        "hatherdale",
        "procurement:\n  title: Integrated sexual health service\n  description: Clinics for"
        " residents including under-18s, with a young people's drop-in at the college.\n"
        "  category: services\n  cpv_code: '85100000'\n  value_gbp: 17900000\n"
        "  duration_months: 60\n  workforce_fte: 46\n  nation: England\n",
    )
    assert "T Level" not in clinic
    assert "SKL-07 (T Level industry placements hosted)" in log
    assert "sees children and young people in confidence" in log
