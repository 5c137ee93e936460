"""Counting rules fit how the work is delivered (FINDINGS-19a-u, 19b-u): apprentice weeks are
weeks worked on the contract, in the windows the work happens in, with one rule and existing
apprentices counted; where people live follows the measure's nature and its priority; a course
has a length and TUPE transferees count only for what is new; students are placed only where
the supplier has a workplace to host and supervise them. Contracts invented here, of several
kinds and nations."""

import pytest
from test_what_the_supplier_does import _generate

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, procurements, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _council(name, nation):
    return {
        "id": 1,
        "name": name,
        "nation": nation,
        "threshold_gbp": 100000,
        "max_outcomes": 6,
        "local_description": "",
        "weighting_pct": 10,
        "local_postcode_districts": [],
    }


def _contract(description, nation, category="works", **more):
    return procurements.clean(
        {
            "title": more.pop("title", "Contract"),
            "description": description,
            "category": category,
            "value_gbp": more.pop("value_gbp", 2_400_000),
            "duration_months": more.pop("duration_months", 36),
            "start_date": "2027-06-01",
            **more,
        },
        default_nation=nation,
    )


def _priority(title, description, groups=(), places=()):
    return {
        "id": abs(hash(title)) % 1000,
        "title": title,
        "description": description,
        "theme": "skills",
        "importance": "high",
        "evidence_statistic": "",
        "evidence_source": "",
        "evidence_date": "",
        "target_groups": list(groups),
        "places": list(places),
    }


def _built(contract, chosen, nation="England", council="Hatherdale Council"):
    doc = document.build(document.Inputs(_council(council, nation), contract, chosen))
    text = "\n".join(c.text for c in doc.clauses())
    return doc, text


def _outcome_text(text, number=1):
    """The lines of one outcome's own clauses."""
    return "\n".join(line for line in text.splitlines() if f"Outcome {number}" in line)


WINDOWED = [
    (
        "Wales",
        "Roof replacement at three primary schools, phased into the summer and Easter holidays"
        " of 2027 and 2028, with a 12-month defects period after completion.",
    ),
    (
        "England",
        "Refurbishment of the changing rooms and plant at two leisure centres, done during the"
        " centres' planned closures each January and September.",
    ),
    (
        "Scotland",
        "Renewal of the harbour's timber fenders and ladders, done in phases outside the"
        " ferry timetable's busy months.",
    ),
]


@pytest.mark.parametrize("nation,said", WINDOWED)
def test_apprentice_weeks_on_work_done_in_windows_count_weeks_worked_in_them(
    measures, nation, said
):
    """FINDINGS-19b-u roofing 1, 3, 6: the half-time rule beside 'part weeks count pro rata',
    existing apprentices shut out, and 'about 59.2 a year' on works phased into holidays. One
    counting rule, weeks worked on the contract in its windows, existing apprentices counted
    for their weeks, and no yearly rate beside the total."""
    contract = _contract(said, nation)
    chosen = [{"measure": measures["SKL-02"], "priority": None, "eligibility": None}]
    _, text = _built(contract, chosen, nation)
    counting = _outcome_text(text)
    assert "at least half of their working time" not in text
    assert "part weeks count pro rata" not in text
    assert "already employ" in counting and "count for their weeks on this contract" in counting
    assert "fifths of a week" in counting
    assert "The work is done in windows" in counting
    assert " a year." not in counting


def test_apprentice_weeks_on_continuous_work_keep_the_yearly_rate_and_say_no_windows(measures):
    """A site that runs through the term is not said to work in windows, and keeps its rate."""
    contract = _contract(
        "Construction of a two-storey extension to a secondary school, on a site hoarded off"
        " from the school for the whole build.",
        "England",
        value_gbp=6_000_000,
    )
    chosen = [{"measure": measures["SKL-02"], "priority": None, "eligibility": None}]
    _, text = _built(contract, chosen)
    counting = _outcome_text(text)
    assert "The work is done in windows" not in counting
    assert " a year." in counting
    assert "already employ" in counting


def test_the_cap_of_an_outcome_scored_lot_by_lot_is_the_lots(measures):
    """FINDINGS-19b-u roofing 6: 'up to 296 weeks', a whole-contract figure, where each lot is
    scored against twice its own minimum."""
    contract = _contract(
        "Roof replacement at two schools, done in the summer holidays.",
        "Wales",
        lots=[
            {"title": "Ysgol Uwchradd", "value_gbp": 1_600_000},
            {"title": "Primary schools", "value_gbp": 800_000},
        ],
    )
    chosen = [{"measure": measures["SKL-02"], "priority": None, "eligibility": None}]
    doc, text = _built(contract, chosen, "Wales")
    assert "up to 2 times the lot's minimum in the table of lot minimums" in text
    total_cap = doc.outcomes[0].score_cap
    assert f"up to {total_cap} weeks" not in text


LOCAL_APPRENTICES = _priority(
    "Apprenticeships on the council's building programme",
    "We want contractors to create new apprenticeships for local people.",
    groups=["young people", "adults retraining"],
)


@pytest.mark.parametrize(
    "nation,council,code",
    [
        ("Wales", "Cwm Aderyn County Borough Council", "SKL-02"),
        ("Northern Ireland", "Lisnaharra and Bannside District Council", "SKL-01"),
    ],
)
def test_a_priority_for_local_people_carries_into_who_counts(measures, nation, council, code):
    """FINDINGS-19b-u roofing 2: "people count wherever they live" for a priority asking for
    apprenticeships for local people. With no places named (the officer confirmed anyone), only
    local people count, and the priority's groups are what the answer is scored on reaching;
    the officer is told."""
    contract = _contract("Resurfacing of estate roads and footways.", nation)
    anyone = {"places": [], "groups": []}
    chosen = [{"measure": measures[code], "priority": LOCAL_APPRENTICES, "eligibility": anyone}]
    doc, text = _built(contract, chosen, nation, council)
    who = _outcome_text(text)
    assert "wherever they live" not in who
    assert 'only people who live in the local area (see the definition of "local")' in who
    assert '"Local" means' in text
    assert "how it will reach young people and adults retraining" in text
    warned = [c.message for c in checks.run(doc) if c.topic == "Who counts"]
    assert any("which asks for local people" in m for m in warned), warned
    # With groups confirmed, they narrow who counts and the place stays local.
    groups = {"places": [], "groups": ["young people"]}
    chosen = [{"measure": measures[code], "priority": LOCAL_APPRENTICES, "eligibility": groups}]
    _, text = _built(contract, chosen, nation, council)
    assert 'only people who live in the local area (see the definition of "local") and who' in (
        _outcome_text(text)
    )


def test_a_priority_not_asking_for_local_people_counts_people_wherever_they_live(measures):
    """The other way: a priority about apprenticeships with no local ask keeps anyone."""
    priority = _priority(
        "More apprenticeships in construction",
        "We want contractors to create new apprenticeships and sustain them to completion.",
    )
    contract = _contract("Resurfacing of estate roads and footways.", "Scotland")
    anyone = {"places": [], "groups": []}
    chosen = [{"measure": measures["SKL-02"], "priority": priority, "eligibility": anyone}]
    _, text = _built(contract, chosen, "Scotland", "Kilbrannan Council")
    assert "people count wherever they live" in _outcome_text(text)


@pytest.mark.parametrize(
    "nation,title,places",
    [
        (
            "Scotland",
            "Staff using or learning Gaelic in service delivery",
            ["Innsay and the Isles"],
        ),
        ("Wales", "Staff using Welsh with service users", ["Blaenaderyn"]),
    ],
)
def test_staff_using_a_language_count_wherever_they_live(measures, nation, title, places):
    """FINDINGS-19a-u ferry 3: a Gaelic outcome for the crew counted only residents "for no
    reason". Where people live has nothing to do with staff using a language in the service:
    the places, even confirmed, are not applied, and the officer is told why."""
    measure = {**measures["COM-22"], "title": title}
    priority = _priority("Support the language in work and community life", "More use of it.")
    contract = _contract(
        "Operation of the lifeline ferry service with a crew on two-week rotations.",
        nation,
        category="services",
        workforce_fte=41,
    )
    rule = {"places": places, "groups": []}
    chosen = [{"measure": measure, "priority": priority, "eligibility": rule}]
    doc, text = _built(contract, chosen, nation)
    who = _outcome_text(text)
    assert "anyone working on the contract counts, wherever they live" in who
    assert places[0] not in who
    warned = [c.message for c in checks.run(doc) if c.topic == "Who counts"]
    assert any("are not applied" in m and places[0] in m for m in warned), warned


def test_staff_training_for_a_local_skills_priority_keeps_its_places(measures):
    """Residence stays where the measure's nature makes it matter: accredited training for a
    priority about local skills still counts the workers who live in its places."""
    priority = _priority("Local skills", "Build skills in Millbank.", places=["Millbank"])
    contract = _contract(
        "Cleaning of the council's offices in Millbank by about 40 FTE staff.",
        "England",
        category="services",
        workforce_fte=40,
    )
    rule = {"places": ["Millbank"], "groups": []}
    chosen = [{"measure": measures["SKL-15"], "priority": priority, "eligibility": rule}]
    _, text = _built(contract, chosen)
    assert "only people who live in Millbank" in _outcome_text(text)


def test_a_course_has_a_length_and_tupe_transferees_count_only_for_what_is_new(measures):
    """FINDINGS-19a-u ferry 1, 2: "complete a Gaelic course" of any length, and transferred
    staff neither in nor out. A course the measure gives no length or level counts only with a
    set number of hours' teaching or a completed level; staff who transfer under TUPE count
    only for what is new on the contract. A measure whose course has a level is left alone."""
    tupe = _contract(
        "Operation of the ferry service; about 41 FTE crew and booking staff transfer under TUPE.",
        "Scotland",
        category="services",
        workforce_fte=41,
    )
    chosen = [
        {"measure": measures["COM-22"], "priority": None, "eligibility": None},
        {"measure": measures["SKL-14"], "priority": None, "eligibility": None},
    ]
    _, text = _built(tupe, chosen, "Scotland")
    assert "A course counts only when it gives at least 20 hours of teaching" in _outcome_text(
        text, 1
    )
    assert "hours of teaching" not in _outcome_text(text, 2)
    assert "staff who transfer to the supplier under TUPE" in text
    plain = _contract(
        "Day services for adults with learning disabilities at two centres.",
        "Northern Ireland",
        category="services",
        workforce_fte=30,
    )
    _, text = _built(plain, chosen, "Northern Ireland")
    assert "TUPE" not in text


UNHOSTED = [
    (
        "England",
        "A panel of self-employed Best Interests Assessors who assess people in care homes.",
        "mostly self-employed",
    ),
    ("Wales", "Driving assessments by sole traders for older drivers.", "mostly self-employed"),
    (
        "Scotland",
        "Podiatrists employed by the provider visit people in care homes and nursing homes,"
        " working alone on each visit.",
        "visit people who may lack capacity",
    ),
    (
        "Northern Ireland",
        "Assessments of mental capacity, completed in person at the hospice or hospital ward.",
        "visit people who may lack capacity",
    ),
]


@pytest.mark.parametrize("nation,said,why", UNHOSTED)
def test_no_student_placement_without_a_workplace_to_host_it(measures, nation, said, why):
    """FINDINGS-19a-u DoLS 1: a 45-day T Level placement a pass or fail requirement in each lot
    of a panel of self-employed assessors and doctors. Placements need a host workplace and a
    supervisor: not chosen where the workforce is self-employed or visits people who may lack
    capacity alone, with the reason; an employed team with a workplace keeps them."""
    contract = _contract(said, nation, category="services")
    for code in ("SKL-07", "SKL-08", "SKL-11"):
        found = sectors.remote(contract, measures[code])
        assert found and why in found, (code, said, found)
    hosted = _contract(
        "Cleaning of the hospital's wards and offices by an employed team of 40; visiting"
        " hours apply.",
        nation,
        category="services",
    )
    assert sectors.remote(hosted, measures["SKL-07"]) is None


def test_a_self_employed_assessment_panel_sets_no_placement_minimum(runner, tmp_path):
    """Through `flask generate-spec`: the placement is neither chosen nor required in any lot,
    and the log says why."""
    text, log = _generate(
        runner,
        tmp_path,
        "assessors",
        "hatherdale",
        "procurement:\n  title: Independent assessor panel\n  description: Mental capacity and"
        " best interests assessments for people in care homes and hospital, completed in"
        " person by a panel of mostly self-employed assessors paid a fee per assessment.\n"
        "  category: services\n  cpv_code: '85312000'\n  value_gbp: 900000\n"
        "  duration_months: 36\n  workforce_fte: 6\n  nation: England\n"
        "  lots: [Best interests assessments, Mental health assessments]\n",
    )
    assert "T Level" not in text and "industry placement" not in text.lower()
    assert "no workplace of its own where a student could be hosted" in log
