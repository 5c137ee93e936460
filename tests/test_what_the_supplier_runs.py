"""Outcomes, sources and clauses follow what the supplier physically runs and where its people
work (FINDINGS-18a, 18b): words saying a service travels give no fleet; a supply of people
runs no vehicles and hosts no students; conditions for sleep-ins, websites or labour-only
subcontractors go only where the contract has them; students are kept out of people's homes
and custody, and everyone counted who enters them is vetted."""

import functools

import pytest
import test_what_the_supplier_does as supplier_does
from test_what_the_supplier_does import _generate

from specifier.catalogue.files import builtin_measures
from specifier.specification import emissions, legal, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


# The supplier-does contract, shorter and smaller by default, and with no lots.
_contract = functools.partial(
    supplier_does._contract, value_gbp=900_000, duration_months=36, lots=[]
)


def test_words_saying_a_service_travels_give_no_fleet(measures):
    """FINDINGS-18a 1.1: 'call-outs' read as a fleet on an on-call service whose volunteers
    drive their own cars. Travel words give travel: neither the fleet share nor the miles
    outcome is scored on them; vehicles named as the supplier's still give a fleet."""
    travel = [
        ("Out-of-hours call-outs to police stations by volunteers.", "85320000", "England"),
        ("The service collects stray dogs from anywhere in the borough.", "98380000", "Wales"),
        ("Transport for pupils to swimming lessons, arranged each term.", "", "Scotland"),
        (
            "Befriending, with volunteer drivers taking people to appointments.",
            "85312000",
            "Northern Ireland",
        ),
    ]
    for said, cpv, nation in travel:
        contract = _contract(said, cpv=cpv, nation=nation)
        assert "vehicles" not in emissions.sources(contract), said
        why = emissions.missing(contract, measures["ENV-10"])
        assert why and "no fleet the supplier can change" in why, said
        assert emissions.missing(contract, measures["ENV-11"]), said
    named = [
        "Call-outs answered by mobile technicians in the supplier's vans.",
        "Bulky waste collected by a fleet of four caged tippers.",
    ]
    for said in named:
        assert emissions.missing(_contract(said), measures["ENV-10"]) is None, said
    # On a supply of goods, delivering is the goods' deliveries, not travel.
    goods = _contract("Supply of paper, delivering to 40 schools.", "goods", "30197000")
    assert emissions.sources(goods) == ["deliveries"]


AGENCY = _contract(
    "A managed service for temporary agency workers through second-tier agencies: HGV"
    " drivers and loaders at the council's depot, care staff and office staff.",
    cpv="79620000",
    value_gbp=12_000_000,
    workforce_fte=120,
)


def test_a_supply_of_people_runs_no_fleet_and_hosts_no_students(measures):
    """FINDINGS-18a 3.2, 3.3: an agency managed service was scored on a zero-emission fleet
    (its drivers drive the council's lorries) and T Level placements it cannot host."""
    recruitment = _contract(
        "Recruitment services for hard-to-fill posts.", cpv="79610000", nation="Scotland"
    )
    labour = _contract(
        "Labour supply of drivers and operatives for the council's depot and its vans.",
        title="Labour supply framework",
        nation="Wales",
    )
    for contract in (AGENCY, recruitment, labour):
        assert sectors.supplies_people(contract), contract["title"]
        assert emissions.sources(contract) == [], contract["description"]
        why = emissions.missing(contract, measures["ENV-10"])
        assert why and "drive the client's vehicles" in why
        for code in ("SKL-07", "SKL-08"):
            why = sectors.remote(contract, measures[code])
            assert why and "no workplace on the contract to host students" in why, code
        assert sectors.remote(contract, measures["SKL-01"]) is None
    # A care contract that only mentions agency staff is not a supply of people.
    care = _contract("Home care visits, with fewer agency workers.", cpv="85312000")
    assert not sectors.supplies_people(care)


def test_sleep_ins_only_where_workers_stay_overnight():
    """FINDINGS-18a 1.3: an on-call custody service '24 hours a day' for children 'held
    overnight' got a sleep-in clause. Sleep-ins need workers who stay where the care is."""
    no_nights = [
        "An appropriate adult service 24 hours a day, for children held overnight in custody.",
        "An out-of-hours social work team, answering calls overnight and at weekends.",
    ]
    for said in no_nights:
        assert not legal.position(_contract(said, cpv="85320000")).care_nights, said
    nights = [
        "Supported accommodation for young people with staff on site 24 hours.",
        "Supported living, with sleep-ins at two houses.",
        "Short breaks with overnight stays for disabled children.",
        "A service staffed overnight for adults with learning disabilities.",
    ]
    for said in nights:
        assert legal.position(_contract(said, cpv="85312000")).care_nights, said


def test_professionals_who_assess_where_people_live_give_no_care():
    """FINDINGS-19a-u DoLS 5: assessors visiting care homes and wards were given sleep-in
    shifts and a care pay warning. Assessing or inspecting where people live is not
    care; where the words say a care workforce gives care, it still is."""
    professional = [
        "Best interests assessments completed in person at the care home or ward.",
        "Quality inspections of nursing homes by registered inspectors.",
    ]
    for said in professional:
        law = legal.position(_contract(said, cpv="85312000"))
        assert not (law.care or law.care_nights or law.care_visits), said
    caring = [
        "Assessments and personal care at the care home, with sleep-ins.",
        "Care and support after a needs assessment, with care workers on waking nights.",
    ]
    for said in caring:
        law = legal.position(_contract(said, cpv="85312000"))
        assert law.care and law.care_nights, said


def test_wcag_only_where_the_contract_provides_something_digital(measures):
    """FINDINGS-18a 1.4: a WCAG condition on a service the police ring by phone."""
    phone = _contract("An on-call service, requested by telephone from the custody suite.")
    why = sectors.remote(phone, measures["INN-06"])
    assert why and "websites, apps or online forms" in why
    for said in (
        "A new council website and online forms for residents.",
        "A booking app for leisure centres.",
        "An online advice service for tenants.",
    ):
        assert sectors.remote(_contract(said), measures["INN-06"]) is None, said


def test_students_are_kept_out_of_homes_and_custody(measures):
    """FINDINGS-18b 1.2: pupils placed by outcomes into frail people's homes; by extension any
    setting where the work is done in private homes or with people detained."""
    settings = [
        _contract(
            "Adaptations to the homes of disabled and older people, who usually live at home"
            " during the work.",
            "works",
            "45453000",
            nation="Wales",
        ),
        _contract(
            "Home care for older people in their own homes.", cpv="85312000", nation="Scotland"
        ),
        _contract("Appropriate adults for people detained in police custody.", cpv="85320000"),
    ]
    for contract in settings:
        assert legal.position(contract).safeguarding, contract["description"]
        for code in ("SKL-07", "SKL-08"):
            why = sectors.remote(contract, measures[code])
            assert why and "homes of people who need care or in custody" in why, code
        assert sectors.remote(contract, measures["SKL-11"])
        assert sectors.remote(contract, measures["SKL-01"]) is None  # apprentices are staff
    # Anyone's occupied home, or a school site in term time: placements stay, and the text
    # keeps them off the setting.
    repairs = _contract(
        "Repairs in tenants' occupied homes.", "works", "45453000", nation="Northern Ireland"
    )
    assert (
        sectors.guarded(repairs) == ["in people's homes"] and legal.position(repairs).safeguarding
    )
    assert sectors.remote(repairs, measures["SKL-08"]) is None
    school = _contract("Extension to a primary school, built in term time.", "works", "45214200")
    assert sectors.guarded(school) == ["on school sites while pupils are there"]
    assert sectors.remote(school, measures["SKL-08"]) is None
    # A new build on a cleared site is no such setting.
    build = _contract("New homes on a cleared site.", "works", "45211000")
    assert sectors.guarded(build) == [] and not legal.position(build).safeguarding


def test_embodied_carbon_is_not_asked_where_others_design_the_work(measures):
    """FINDINGS-18b 1.1: embodied carbon 'from lower-carbon design' asked of builders whose
    jobs the council's surveyors design."""
    for said in (
        "Small works designed and supervised by the council's surveyors.",
        "A school extension designed by the council's architects, built under JCT.",
        "Resurfacing to the council's designs.",
    ):
        why = sectors.remote(_contract(said, "works", "45000000"), measures["ENV-05"])
        assert why and "the design is done by others" in why, said
    for said in ("Design and build of a new depot.", "Works designed by the contractor's team."):
        assert sectors.remote(_contract(said, "works", "45000000"), measures["ENV-05"]) is None


def test_a_laboratory_is_not_asked_for_local_spend_and_its_courier_is_travel(measures):
    """FINDINGS-18b 2.1, 2.2: a remote laboratory asked for local spend, its courier dismissed."""
    lab = _contract(
        "Water testing. The supplier's courier collects samples from the depot.",
        cpv="71900000",
        nation="Northern Ireland",
    )
    assert "local" in (sectors.remote(lab, measures["ECO-01"]) or "")
    assert "laboratory" in sectors.remote(lab, measures["ECO-05"])
    assert emissions.missing(lab, measures["ENV-11"]) is None  # the courier's miles
    assert emissions.missing(lab, measures["ENV-10"])  # no fleet of its own named
    assert sectors.remote(lab, measures["ECO-11"]) is None  # its experts' time


def test_the_specifications_follow_what_each_supplier_runs(runner, tmp_path):
    """Through `flask generate-spec`: an on-call custody service gets no fleet, sleep-in or
    WCAG text; an agency managed service no fleet or placements, and its spend rule counts
    second-tier agencies; a home adaptations framework keeps students out of homes."""
    custody, log = _generate(
        runner,
        tmp_path,
        "custody",
        "hatherdale",
        "procurement:\n  title: On-call appropriate adult service\n  description: Trained"
        " volunteers and sessional workers on an on-call rota attend the custody suite 24"
        " hours a day for children held overnight and vulnerable adults detained by the"
        " police, about 900 call-outs a year, requested by telephone.\n  category: services\n"
        "  cpv_code: '85320000'\n  value_gbp: 300000\n  duration_months: 36\n"
        "  workforce_fte: 3\n  nation: England\n",
    )
    for said in ("contract fleet", "sleep-in", "WCAG", "T Level", "Work experience placements"):
        assert said not in custody, said
    assert "Chose ENV-10" not in log
    agency, log = _generate(
        runner,
        tmp_path,
        "agency",
        "hatherdale",
        "procurement:\n  title: Managed service for temporary agency workers\n  description:"
        " A managed service for temporary agency workers filled through second-tier agencies,"
        " including HGV drivers at the council's depot, locum social workers and office"
        " staff.\n  category: services\n  cpv_code: '79620000'\n  value_gbp: 9000000\n"
        "  duration_months: 36\n  workforce_fte: 90\n  nation: England\n",
    )
    for said in ("contract fleet", "T Level", "Work experience placements", "labour-only"):
        assert said not in agency, said
    if "spend with" in agency.lower():
        assert "second-tier agencies and other firms that supply workers" in agency
    homes, log = _generate(
        runner,
        tmp_path,
        "homes",
        "cwm-aderyn",
        "procurement:\n  title: Home adaptations framework\n  description: Adaptations to the"
        " homes of disabled and older people, who usually stay at home during the work, each"
        " job designed by the council's surveyors.\n  category: works\n  cpv_code: '45453000'\n"
        "  kind: framework\n  value_gbp: 6000000\n  duration_months: 48\n  nation: Wales\n",
    )
    assert "Work experience placements" not in homes and "T Level" not in homes
    assert "Embodied carbon" not in homes
    assert "Disclosure and Barring Service" in homes
    assert "who works in people's homes does so only once they have passed the checks" in homes


def test_building_cleaning_runs_no_fleet_unless_its_vans_are_named(measures):
    """Office cleaning (CPV 909) sat in the refuse and street cleansing market, whose staple is a
    fleet: a call-off for cleaning offices and libraries was scored first on zero-emission
    vehicles. Cleaners work on the client's premises; vans the description names still count."""
    offices = _contract(
        "Daily cleaning of the civic offices, two depots and four libraries, with about 30 FTE"
        " cleaning staff.",
        cpv="90919200",
        title="Office and depot cleaning",
    )
    assert emissions.sources(offices) == []
    assert emissions.missing(offices, measures["ENV-10"])
    vans = offices | {
        "description": offices["description"] + " Mobile teams drive the supplier's vans."
    }
    assert "vehicles" in emissions.sources(vans)
    assert emissions.missing(vans, measures["ENV-10"]) is None
    for cpv in ("90610000", "90511000"):  # street cleansing and refuse keep their fleets
        street = _contract("Sweeping streets and emptying bins.", cpv=cpv)
        assert emissions.sources(street) == ["vehicles"]
