"""The proportionality, weighting and legal rules behind every specification (no Flask)."""

import datetime

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.fields import Invalid
from specifier.specification import legal, proportionality, relevance, specifications
from specifier.specification.proportionality import suggest
from specifier.wording import long_date, measured

SERVICES = {"category": "services", "value_gbp": 7_200_000, "duration_months": 36}


def measure(unit, title="A measure"):
    return {"code": "X-1", "unit": unit, "title": title}


def test_people_asks_scale_with_the_workforce_not_the_value():
    """A staff-heavy contract employs more people per pound than one that mostly buys goods."""
    cleaning = suggest(measure("FTE years"), {**SERVICES, "cpv_code": "90910000"})
    consultancy = suggest(measure("FTE years"), {**SERVICES, "cpv_code": "79400000"})
    goods = suggest(measure("FTE years"), {**SERVICES, "category": "goods"})
    assert cleaning.profile.name == "cleaning" and cleaning.profile.cpv == "909"
    assert cleaning.fte > consultancy.fte > goods.fte
    assert cleaning.raw > consultancy.raw and goods.minimum is None
    # Fewer than one new start a year over three years is a token, left to the officer.
    assert cleaning.minimum >= 1 and consultancy.minimum is None and consultancy.token
    # Workforce = yearly value x labour share / (hourly pay x 1,950 hours x 1.22 on-costs).
    yearly_cost = 12.71 * 1950 * 1.22
    assert cleaning.fte == pytest.approx(2_400_000 * 0.75 / yearly_cost)
    # Only new starts who were out of work count, never the existing workforce: a fifth of the
    # vacancies (30% staff turnover a year for three years), each for its first year.
    assert cleaning.vacancies == pytest.approx(cleaning.fte * 0.30 * 3)
    assert cleaning.minimum == int(cleaning.vacancies * 0.2)


def test_works_count_site_workers_per_million_of_output():
    works = {**SERVICES, "category": "works", "cpv_code": "45000000"}
    found = suggest(measure("FTE years"), works)
    assert found.fte == pytest.approx(2.4 * 12.4)  # £2.4m a year at 12.4 workers per £1m


def test_minimums_are_rounded_down_capped_and_dropped_below_the_floor():
    """Below a worthwhile floor there is no minimum: the bidder proposes one (and a warning)."""
    small = suggest(
        measure("hours"), {"category": "services", "value_gbp": 60_000, "duration_months": 12}
    )
    assert small.minimum is None and small.reason == "too-small" and small.raw < small.floor
    big = suggest(measure("hours"), {**SERVICES, "cpv_code": "90910000"})
    assert big.minimum == int(big.raw / 10) * 10  # rounded down to the family's 10 hours
    huge = suggest(
        measure("FTE years"), {"category": "works", "value_gbp": 900_000_000, "duration_months": 12}
    )
    assert huge.minimum == 100  # the cap a year, not 223 FTE years


def test_short_contracts_get_no_minimum():
    short = suggest(measure("people", "Apprenticeships"), {**SERVICES, "duration_months": 9})
    assert short.minimum is None and short.reason == "too-short"


def test_units_map_to_rule_families_with_a_fallback():
    sme = suggest(measure("£ spent", "Spend with small and medium-sized enterprises"), SERVICES)
    assert sme.family == "sme-spend" and sme.bought_in == pytest.approx(7_200_000 * 0.45)
    assert sme.minimum == int(sme.bought_in * 0.25 / 1000) * 1000
    gift = suggest(measure("£ donated", "Money given to a community fund"), SERVICES)
    assert gift.family == "community-investment" and gift.minimum == 18_000
    carbon = suggest(measure("tCO2e"), SERVICES)
    assert carbon.minimum is None and carbon.reason == "propose"
    unknown = suggest(measure("badges"), SERVICES)
    assert unknown.family == "none" and unknown.minimum is None and unknown.reason == "unknown"


def test_a_hundred_per_cent_requirement_is_a_condition_not_a_score():
    for unit, title in (
        ("% of contract workforce", "Contract workers paid at least the Real Living Wage"),
        ("% of public-facing services", "Services offered in Welsh"),
        ("% of invoices", "Subcontractors paid within 30 days"),
    ):
        found = suggest(measure(unit, title), SERVICES)
        assert found.condition and found.minimum == 100, title
    assert not suggest(measure("% of contract workforce", "Guaranteed hours"), SERVICES).condition


def test_every_figure_the_rules_use_names_its_source_edition_and_date_checked():
    rules = proportionality.rules()
    assert proportionality.unsourced(rules) == []
    for key, source in rules["sources"].items():
        if key == "judgement":
            assert source["confidence"] == "judgement"
            continue
        for field in ("publisher", "url", "edition", "checked", "confidence", "figures"):
            assert source.get(field), f"source {key} has no {field}"
        assert source["confidence"] in ("verified", "approximate"), key
    broken = {**rules, "pay": {"median": {"value": 20.0, "source": "somewhere"}}}
    assert proportionality.unsourced(broken) == [
        "pay.median needs a source listed under 'sources' (or 'judgement')"
    ]


COUNCIL = {"weighting_pct": 15, "threshold_gbp": 100_000}


def test_weighting_defaults_to_the_council_and_warns_below_ten():
    w = proportionality.weighting(COUNCIL, {"value_gbp": 500_000})
    assert w.pct == 15 and w.included and not w.warnings
    low = proportionality.weighting(COUNCIL, {"value_gbp": 500_000}, override=5)
    assert low.pct == 5 and "below 10%" in low.warnings[0]


def test_no_section_below_the_threshold_unless_forced():
    below = proportionality.weighting(COUNCIL, {"value_gbp": 99_999})
    assert not below.included and below.below_threshold
    forced = proportionality.weighting(COUNCIL, {"value_gbp": 99_999}, forced=True)
    assert forced.included and forced.forced


def test_weights_are_shared_exactly():
    assert proportionality.split_weights(15, 6) == [2.5] * 6
    assert sum(proportionality.split_weights(10, 3)) == pytest.approx(10)


def contract(nation="England", value=1_000_000, category="services", **more):
    """A procurement as the legal rules read it."""
    return {"nation": nation, "value_gbp": value, "category": category, **more}


ON = datetime.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("nation", "act", "npps", "sva"),
    [
        ("England", True, True, True),
        ("Wales", True, False, False),
        ("Northern Ireland", True, False, False),
        ("Scotland", False, False, False),
    ],
)
def test_the_procurement_act_does_not_apply_to_scottish_councils(nation, act, npps, sva):
    p = legal.position(contract(nation), on=ON)
    assert p.procurement_act is act and p.npps is npps and p.social_value_act is sva
    assert p.regime.startswith(
        "Procurement Act 2023" if act else "Procurement Reform (Scotland) Act 2014"
    )


def test_kpis_over_five_million_and_community_benefits_from_four_million():
    assert not legal.position(contract(value=5_000_000), on=ON).kpi_statutory
    # £5,000,001 of works is below the works threshold (£5,193,000): not a covered procurement.
    assert not legal.position(contract(value=5_000_001, category="works"), on=ON).kpi_statutory
    assert legal.position(contract(value=5_000_001), on=ON).kpi_statutory
    scot = legal.position(contract("Scotland", 5_000_001, "works"), on=ON)
    assert not scot.kpi_statutory  # section 52 is never said in Scotland
    assert legal.position(contract("Scotland", 4_000_000, "goods"), on=ON).community_benefits
    assert not legal.position(contract("Scotland", 3_999_999, "goods"), on=ON).community_benefits
    assert not legal.position(contract(value=9_000_000, category="goods"), on=ON).community_benefits


def test_welsh_major_works_and_wellbeing_goals():
    assert legal.position(contract("Wales", 2_000_000, "works"), on=ON).welsh_major_works
    assert not legal.position(contract("Wales", 2_000_000, "services"), on=ON).welsh_major_works
    # The duties began on 25 March 2026.
    before = datetime.date(2026, 3, 24)
    assert not legal.position(contract("Wales", 2_000_000, "works"), on=before).welsh_major_works
    assert legal.wellbeing_goals([("environment", "Trees planted and established")]) == [
        "A resilient Wales",
        "A globally responsible Wales",
    ]


def test_wellbeing_goals_follow_each_outcome_not_just_its_theme():
    welsh = ("communities", "Staff learning or improving Welsh. Language, culture and heritage")
    # A Welsh-language outcome serves the language goal, not "cohesive communities" as well: the
    # specification lists no goal that no outcome serves (FINDINGS-10 G9).
    assert legal.goals_for(*welsh) == ("A Wales of vibrant culture and thriving Welsh language",)
    assert legal.goals_for("communities", "Volunteering hours for community groups") == (
        "A Wales of cohesive communities",
    )
    # FINDINGS-11 H9: spend serves cohesive communities only where its words say so.
    local = ("local-economy", "Contract spend with local suppliers More spend kept locally")
    assert legal.goals_for(*local) == ("A prosperous Wales",)
    assert "A Wales of cohesive communities" in legal.goals_for(
        "local-economy", "Contract spend with voluntary, community and social enterprises"
    )
    assert "A Wales of cohesive communities" not in legal.wellbeing_goals(
        [local, ("environment", "Materials and products reused")]
    )
    assert "A healthier Wales" not in legal.wellbeing_goals([welsh])
    health = ("communities", "Residents helped by mental health and wellbeing support")
    assert "A healthier Wales" in legal.wellbeing_goals([welsh, health])
    assert legal.wellbeing_goals([]) == []


def test_measures_for_one_nation_are_only_suggested_there():
    by_code = {m["code"]: m for m in builtin_measures()}
    assert legal.nations_for(by_code["COM-20"]) == {"Wales"}
    assert legal.nations_for(by_code["COM-21"]) == {"Wales"}
    assert legal.nations_for(by_code["COM-22"]) == {"Scotland"}
    assert legal.nations_for(by_code["JOB-01"]) == set()
    assert legal.nations_for(by_code["ENV-28"]) == set()  # mentions Wales only as a source
    assert legal.nations_for({"title": "Irish language signage", "keywords": ""}) == {
        "Northern Ireland"
    }
    priority = {"id": 1, "title": "Better services", "description": "", "importance": "high"}
    codes = ("COM-20", "COM-22", "COM-23")
    pairs = [(priority, by_code[c], True) for c in codes]
    stationery = {
        "title": "Office stationery",
        "description": "Paper, pens and toner for council offices.",
        "category": "goods",
        "nation": "England",
    }

    def same(texts, _scopes):
        return [[1.0, 0.0]] * len(texts)

    ranked = relevance.rank(stationery, pairs, same)
    assert [c.code for c in ranked] == ["COM-23"]
    welsh = relevance.rank(stationery | {"nation": "Wales"}, pairs, same)
    assert sorted(c.code for c in welsh) == ["COM-20", "COM-23"]


def test_outcome_reasons_leave_out_filler_and_what_every_candidate_shares():
    priority = {"id": 1, "title": "Cleaner streets", "description": "", "importance": "high"}
    contract = {
        "title": "Litter picking",
        "description": "Planning helps the priority: litter picking in parks.",
        "category": "services",
        "nation": "England",
    }
    litter = {
        "code": "X-1",
        "title": "Litter picking planning helps a priority",
        "categories": ["services"],
    }
    parks = {"code": "X-2", "title": "Volunteering in parks", "categories": ["services"]}
    pairs = [(priority, litter, True), (priority, parks, True)]
    ranked = relevance.rank(contract, pairs, lambda texts, _scopes: [[1.0, 0.0]] * len(texts))
    by_code = {c.code: c for c in ranked}
    assert "Shares words with the contract: litter, picking" in by_code["X-1"].reasons
    assert "Shares words with the contract: parks" in by_code["X-2"].reasons
    shown = relevance.telling_reasons(ranked)
    assert "Suits services contracts" in by_code["X-1"].reasons
    for code in ("X-1", "X-2"):
        assert "Suits services contracts" not in shown[code]
        assert "The priority is of high importance" not in shown[code]
    assert shown["X-2"] == ["Shares words with the contract: parks"]
    assert [c.code for c in ranked] == ["X-1", "X-2"]  # the order is unchanged
    assert relevance.telling_reasons(ranked[:1]) == {"X-1": ranked[0].reasons}


def test_settings_cannot_mark_a_specification_final():
    """Final is reached only through the workspace's confirm step, which runs the checks."""
    assert specifications.clean_settings({"status": "review"})["status"] == "review"
    with pytest.raises(Invalid) as caught:
        specifications.clean_settings({"status": "final"})
    assert "mark it final from the workspace" in caught.value.errors["status"]


def test_a_count_of_one_takes_the_singular_unit():
    assert measured(1, "households") == "1 household"
    assert measured(1, "people") == "1 person" and measured(2, "people") == "2 people"
    assert measured(1, "FTE years") == "1 FTE year"
    assert measured(1, "vacancies") == "1 vacancy" and measured(1, "businesses") == "1 business"
    assert (
        measured(1, "kg NOx") == "1 kg NOx" and measured(1, "level achieved") == "1 level achieved"
    )
    assert (
        measured(7000, "£ spent") == "£7,000 spent" and measured(1, "% of staff") == "1% of staff"
    )


def test_minimums_must_be_more_than_zero_and_finite():
    assert specifications.clean_minimum("") is None
    assert specifications.clean_minimum("1,500") == 1500
    for bad, message in (
        ("0", "must be more than 0"),
        ("-1", "must be more than 0"),
        ("abc", "must be a number"),
        ("nan", "must be a number"),
        ("1e400", "must be a number"),
        ("1e13", "must be 1,000,000,000,000 or less"),
    ):
        with pytest.raises(Invalid) as caught:
            specifications.clean_minimum(bad)
        assert message in caught.value.errors["minimum"], bad


def test_a_stored_weighting_that_is_not_a_number_uses_the_council_default():
    council = {"weighting_pct": 10, "threshold_gbp": 100_000}
    assert proportionality.weighting(council, SERVICES, override=float("nan")).pct == 10
    assert proportionality.weighting(council, SERVICES, override=15).pct == 15


def test_a_group_facing_barriers_is_asked_for_less_than_local_jobs_in_general():
    """One group facing barriers is a small share of the vacancies: a twentieth of them."""
    cleaning = {**SERVICES, "cpv_code": "90910000"}
    general = suggest(measure("FTE years", "Local residents employed"), cleaning)
    for title in ("Care leavers recruited", "Lone parents recruited into family-friendly jobs"):
        targeted = suggest(measure("FTE years", title), cleaning)
        assert targeted.family == "targeted-employment"
        # A twentieth of the vacancies, or one a year as a workforce of 20+ FTE can fill one.
        yearly = int(targeted.years) if targeted.fte >= 20 else 0
        assert targeted.minimum == max(int(targeted.vacancies * 0.05), yearly) < general.minimum
    small = suggest(
        measure("FTE years", "Care leavers recruited"), {**SERVICES, "value_gbp": 900_000}
    )
    assert small.minimum is None and small.reason == "too-small"
    short = suggest(
        measure("FTE years", "Care leavers recruited"), {**SERVICES, "duration_months": 9}
    )
    assert short.minimum is None and short.reason == "too-short"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2027-03-31", "31 March 2027"),
        ("2025-09", "September 2025"),
        ("2025", "2025"),
        # Text stored before dates were checked (an old import) is shown as it is, not an error.
        ("2025-13", "2025-13"),
        ("2025-9", "2025-9"),
        ("2025-02-29", "2025-02-29"),
        ("Sept 2025", "Sept 2025"),
        ("", ""),
        (None, ""),
    ],
)
def test_dates_read_as_people_write_them_and_never_fail(stored, shown):
    assert long_date(stored) == shown


def test_a_reason_most_candidates_share_is_left_out_but_a_minority_one_stays():
    common, rare = "Suits services contracts", "You accepted this measure"
    candidates = [
        relevance.Candidate(
            {"code": f"X-{i}"}, None, False, reasons=[common] + ([rare] if i == 0 else [])
        )
        for i in range(4)
    ] + [relevance.Candidate({"code": "X-4"}, None, False)]
    shown = relevance.telling_reasons(candidates)  # 4 of 5 share `common`: 80%
    assert shown["X-0"] == [rare] and shown["X-1"] == []
    single = relevance.telling_reasons(candidates[:1])
    assert single["X-0"] == [common, rare]
