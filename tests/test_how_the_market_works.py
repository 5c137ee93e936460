"""How the market employs and is paid (thirteenth review, part O1): a concession's remedies act
on what the concession has, and a workforce figure is the supplier's own staff, not the users."""

import pytest
from test_tender_terms import build, text

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, proportionality


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


@pytest.mark.parametrize("value", [90_000, 3_200_000])
def test_a_concessions_remedies_never_hold_back_a_payment_the_council_does_not_make(
    measures, value
):
    concession = build(measures, ["JOB-01"], value_gbp=value, kind="concession")
    remedies = text(concession, "management.remedies")
    assert "hold back" not in remedies and "payment it owes" not in remedies
    assert "service credits" not in remedies
    # A fee adjustment is named only where the pack sets one (it never does): the officer is
    # told (part T2).
    assert "concession fee" not in remedies and "concession's own terms" in remedies
    assert any(
        "concession fee" in c.message for c in checks.run(concession) if c.topic == "Contract terms"
    )
    contract = build(measures, ["JOB-01"], value_gbp=value)
    remedies = text(contract, "management.remedies")
    assert "will not hold back any payment it owes the supplier" in remedies
    assert "concession" not in remedies


def test_a_workforce_figure_is_the_suppliers_staff_never_the_people_who_use_what_is_built():
    works = {"category": "works", "value_gbp": 14_500_000, "duration_months": 30}
    occupants = (
        "Build a new depot: a two-storey office and welfare block for about 180 staff, an"
        " eight-bay vehicle workshop and a salt barn."
    )
    assert proportionality.stated_workforce(works | {"description": occupants}) == (None, "")
    staff, set_aside = proportionality.workforce_mentions(works | {"description": occupants})
    assert staff == [] and set_aside == ["180 staff"]
    for phrase in ("a school to accommodate 420 pupils and 60 staff", "a hub used by 90 staff"):
        assert proportionality.stated_workforce(works | {"description": phrase}) == (None, "")
    own = "The contractor's site team peaks at about 60 workers."
    assert proportionality.stated_workforce(works | {"description": own}) == (60.0, "description")


def test_the_log_quotes_where_a_workforce_figure_came_from_and_what_it_set_aside(measures):
    from specifier.specification import checks

    description = (
        "Cleaning of the civic centre, an office for about 180 staff, by a team of 12 FTE cleaners."
    )
    doc = build(measures, ["JOB-01"], description=description, value_gbp=2_400_000)
    [said] = [c.message for c in checks.sizing(doc) if "read from the description" in c.message]
    assert 'from "12 FTE"' in said and '"180 staff"' in said and "not used" in said
    concession = build(measures, ["JOB-01"], kind="concession", description="Run the kiosks.")
    [said] = [c.message for c in checks.sizing(concession) if "worked out" in c.message]
    assert "supplier's income" in said and "cannot size the workforce" in said


def test_a_passing_description_word_never_names_a_market_the_contract_is_not_in(measures):
    from specifier.specification import sectors

    goods = {
        "title": "Janitorial, cleaning and washroom consumables",
        "description": "Supply of cleaning chemicals, paper towels, mops, cloths and sacks.",
        "category": "goods",
        "cpv_code": "39830000",
    }
    names = [m["name"] for m in sectors.markets(goods)]
    assert "clothing, uniforms and workwear" not in names  # "cloths" is not "clothing"
    assert sectors.staple(goods, measures["ENV-17"]) == (
        "Commonly delivered by suppliers of cleaning and hygiene products"
    )
    # The title's words lead: a market the description only mentions in passing is not named.
    kit = {
        "title": "Corporate clothing and uniforms",
        "description": "Uniforms for staff who work in the council's janitorial team.",
        "category": "goods",
        "cpv_code": "18000000",
    }
    names = [m["name"] for m in sectors.markets(kit)]
    assert "clothing, uniforms and workwear" in names
    assert "cleaning and hygiene products" not in names
    # Where the title names no market, the description's own words still do.
    worn = kit | {"title": "Supplies for depot staff", "cpv_code": ""}
    assert "clothing, uniforms and workwear" in [m["name"] for m in sectors.markets(worn)]


@pytest.mark.parametrize(
    "contract",
    [
        {"title": "Translation and interpreting framework", "cpv_code": "79530000"},
        {
            "title": "Home to school transport",
            "description": "Routes run by owner-drivers under the council's licence.",
            "cpv_code": "60130000",
        },
    ],
)
def test_where_the_workforce_is_paid_by_the_job_employment_terms_are_remote(measures, contract):
    from specifier.specification import sectors

    contract = {"category": "services", "description": ""} | contract
    for code in ("FWK-05", "FWK-06", "FWK-09", "FWK-10"):
        why = sectors.remote(contract, measures[code])
        assert why and "self-employed or sessional, paid by the job" in why, code
    assert sectors.remote(contract, measures["FWK-01"]) is None
    rlw = sectors.worded(contract, measures["FWK-01"])
    assert "self-employed people paid by the job" in rlw["description"]
    assert "fee for the job divided by the hours it takes" in rlw["counting_notes"]
    # An employed workforce keeps its employment-terms outcomes and the catalogue's wording.
    employed = {"title": "Office cleaning", "category": "services", "cpv_code": "90910000"}
    assert sectors.remote(employed, measures["FWK-05"]) is None
    assert sectors.worded(employed, measures["FWK-01"]) == measures["FWK-01"]


def test_a_welsh_language_condition_on_interpreting_binds_dealings_with_the_public(measures):
    from specifier.specification import sectors

    framework = {
        "title": "Translation and interpreting services framework",
        "category": "services",
        "cpv_code": "79540000",
        "lots": [{"title": "British Sign Language"}, {"title": "Arabic interpreting"}],
    }
    welsh = sectors.worded(framework, measures["COM-20"])
    assert "supplier's own dealings with the public" in welsh["description"]
    assert "language each booking asks for, in every lot" in welsh["description"]
    cleaning = {"title": "Office cleaning", "category": "services", "cpv_code": "90910000"}
    assert sectors.worded(cleaning, measures["COM-20"]) == measures["COM-20"]


def test_a_market_its_code_names_is_not_joined_by_one_a_passing_word_names(measures):
    from specifier.specification import sectors

    framework = {
        "title": "Translation, interpreting and BSL framework",
        "description": "Interpreting for resettlement casework and homelessness appointments.",
        "category": "services",
        "cpv_code": "79530000",
    }
    names = [m["name"] for m in sectors.markets(framework)]
    assert names == ["translation and interpreting services"]
    # So the crisis market's safeguarding reason is not given for committee translation.
    assert "adults in crisis" not in (sectors.remote(framework, measures["SKL-08"]) or "")
