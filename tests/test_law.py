"""The law data and the regime each contract falls under (no Flask)."""

import datetime
import re

import pytest

from specifier.specification import clauses, legal, readability

ON = datetime.date(2026, 12, 6)
CONFIDENCE = {"verified", "partly verified", "not verified"}


def contract(nation="England", value=1_000_000, category="services", **more):
    return {"nation": nation, "value_gbp": value, "category": category, **more}


def test_every_statement_says_where_it_comes_from_and_none_is_unverified():
    for key, s in legal.statements().items():
        assert s.law and s.section and s.text, key
        assert s.source.startswith("https://"), key
        assert isinstance(s.checked, datetime.date), key
        assert s.confidence in CONFIDENCE - {"not verified"}, key
        assert set(s.nations) <= set(legal.NATIONS), key
    # Every nation has its own file, and nothing in the Scottish one cites the 2023 Act.
    for name in ("england", "wales", "scotland", "northern-ireland"):
        assert (legal.LAW / f"{name}.yaml").is_file()
    scottish = [s for s in legal.statements().values() if s.nations == ("Scotland",)]
    assert scottish and not any("Procurement Act 2023" in s.text for s in scottish)


def test_every_threshold_has_its_legislation_and_effective_date():
    for key, t in legal.thresholds().items():
        assert t.amount_gbp > 0 and t.legislation and t.source.startswith("https://"), key
        assert isinstance(t.effective_from, datetime.date), key
        assert t.comparison in ("at least", "more than"), key
        assert t.confidence in CONFIDENCE, key
    assert legal.KPI_THRESHOLD_GBP == 5_000_000


def test_templates_cite_law_only_through_statements():
    """No clause template names a section of an Act itself: it says a statement by key."""
    keys = set(legal.statements())
    for path in sorted((clauses.TEMPLATES / "clauses").rglob("*.txt")):
        body = path.read_text()
        for key in re.findall(r'say\("([^"]+)"\)', body):
            assert key in keys, (path.name, key)
        if path.parent.name in ("purpose", "management"):
            assert not re.search(r"\bsection \d+", body, re.I), path.name
            assert "Act 20" not in body, path.name


def test_a_statement_not_law_in_a_nation_cannot_be_said_there():
    scotland = legal.position(contract("Scotland", 6_000_000), on=ON)
    with pytest.raises(LookupError, match="not said in Scotland"):
        scotland.say("pa-s52")
    with pytest.raises(LookupError, match="not in force"):
        legal.position(contract("Wales"), on=datetime.date(2026, 1, 1)).say("sppp-s24")


def test_thresholds_depend_on_the_kind_and_the_date():
    services = legal.position(contract(value=210_000), on=ON)
    assert services.covered and services.threshold.amount_gbp == 207_720
    # Before 1 January 2026 the threshold was £214,904, so the same contract was below it.
    assert not legal.position(contract(value=210_000), on=datetime.date(2025, 6, 1)).covered
    works = legal.position(contract(value=5_100_000, category="works"), on=ON)
    assert not works.covered and works.threshold.amount_gbp == 5_193_000
    care = legal.position(contract(value=600_000, cpv_code="85312000"), on=ON)
    assert care.light_touch and care.light_touch_from == "cpv" and not care.covered
    assert care.threshold.amount_gbp == 663_540
    said = legal.position(contract(value=600_000, cpv_code="85312000", light_touch=False), on=ON)
    assert not said.light_touch and said.covered
    concession = legal.position(contract(value=5_000_000, kind="concession"), on=ON)
    assert not concession.covered and concession.threshold.kind == "concession"


@pytest.mark.parametrize(
    ("more", "statutory"),
    [
        ({}, True),
        ({"kind": "framework"}, False),
        ({"kind": "concession"}, False),
        ({"light_touch": True}, False),
    ],
)
def test_section_52_kpis_only_for_a_covered_contract_that_is_not_exempt(more, statutory):
    p = legal.position(contract(value=6_000_000, **more), on=ON)
    assert p.kpi_statutory is statutory
    assert p.payment_terms is (more.get("kind") != "concession")


def test_welsh_duties_and_no_2012_act_in_wales():
    small = legal.position(contract("Wales", 150_000), on=ON)
    assert small.sppp_duty and not small.covered and not small.welsh_objectives
    assert not small.social_value_act and not small.npps
    framework = legal.position(contract("Wales", 12_000_000, "works", kind="framework"), on=ON)
    assert framework.welsh_major_works and framework.covered and not framework.kpi_statutory
    assert not legal.position(contract("Wales", 1_999_999, "works"), on=ON).welsh_major_works


def test_scotland_regulated_pcsr_and_community_benefits():
    small = legal.position(contract("Scotland", 40_000, "goods"), on=ON)
    assert not small.scottish_regulated and not small.fair_work
    meals = legal.position(contract("Scotland", 6_500_000), on=ON)
    assert meals.scottish_regulated and meals.community_benefits and meals.fair_work
    # School meals are light touch services (Schedule 3 to the 2015 Regulations): the
    # Regulations' light touch rules apply, not their ordinary ones.
    meals = legal.position(contract("Scotland", 6_500_000, cpv_code="55523100"), on=ON)
    assert meals.light_touch and meals.pcsr_light_touch and not meals.pcsr_applies
    care = legal.position(
        contract("Scotland", 2_000_000, cpv_code="85312000", kind="framework"), on=ON
    )
    assert care.pcsr_light_touch and care.care and care.safeguarding
    cleaning = legal.position(contract("Scotland", 6_500_000, cpv_code="90610000"), on=ON)
    assert cleaning.pcsr_applies and not cleaning.pcsr_light_touch
    harbour = legal.position(contract("Scotland", 5_600_000, "works"), on=ON)
    assert harbour.pcsr_applies and harbour.pcsr_threshold.amount_gbp == 5_193_000
    concession = legal.position(contract("Scotland", 9_000_000, kind="concession"), on=ON)
    assert not concession.scottish_regulated and concession.cautions


def test_a_regulated_below_threshold_contract_comes_under_part_6():
    # Section 84: below the threshold, not a concession, not a transferred NI authority.
    for nation in ("England", "Wales"):
        small = legal.position(contract(nation, 40_000), on=ON)
        assert not small.covered and small.regulated_below, nation
    assert legal.position(contract("England", 40_000), on=ON).below_payment_terms
    assert not legal.position(contract("Wales", 40_000), on=ON).below_payment_terms
    assert not legal.position(contract("Northern Ireland", 160_000), on=ON).regulated_below
    concession = legal.position(contract("England", 100_000, kind="concession"), on=ON)
    assert not concession.regulated_below
    assert not legal.position(contract("England", 6_000_000), on=ON).regulated_below


def test_the_value_is_tested_with_vat_and_its_basis_said_only_when_known():
    # £180,000 without VAT is £216,000 with it: above the £207,720 services threshold.
    net = legal.position(contract("England", 180_000, value_includes_vat=False), on=ON)
    assert net.covered and net.gross_gbp == 216_000
    assert net.value_text == "£180,000 excluding VAT (£216,000 with VAT at 20%)"
    gross = legal.position(contract("England", 180_000, value_includes_vat=True), on=ON)
    assert not gross.covered and gross.value_text == "£180,000 including VAT"
    unknown = legal.position(contract("England", 180_000), on=ON)
    assert not unknown.covered and unknown.value_text == "£180,000"
    assert any("includes VAT" in c for c in unknown.cautions)
    # Scotland's 2014 Act thresholds exclude VAT: £4.5m with VAT is £3.75m without.
    with_vat = legal.position(contract("Scotland", 4_500_000, value_includes_vat=True), on=ON)
    assert with_vat.scottish_regulated and not with_vat.community_benefits
    near = legal.position(contract("Scotland", 55_000, value_includes_vat=True), on=ON)
    assert not near.scottish_regulated and not near.cautions
    assert legal.position(contract("Scotland", 4_500_000), on=ON).community_benefits


def test_northern_ireland_policy_applies_only_above_the_threshold():
    """PPN 01/21's own thresholds (services above £138,760, construction above £5,336,937),
    not the Procurement Act's: a £160,000 service is below the Act but within the note."""
    assert legal.position(contract("Northern Ireland", 6_000_000), on=ON).ni_policy
    below_act = legal.position(contract("Northern Ireland", 160_000), on=ON)
    assert below_act.ni_policy and not below_act.covered
    below = legal.position(contract("Northern Ireland", 130_000), on=ON)
    assert not below.ni_policy and not below.npps and not below.social_value_act
    works = legal.position(contract("Northern Ireland", 5_000_000, category="works"), on=ON)
    assert not works.ni_policy
    # The note names service and construction contracts only, not supplies (FINDINGS-9).
    goods = legal.position(contract("Northern Ireland", 900_000, category="goods"), on=ON)
    assert not goods.ni_policy


def test_plainer_wording_of_a_statement_is_plainer():
    for key, s in legal.statements().items():
        if s.plain:
            plain, hard = readability.score(s.plain), readability.score(s.text)
            assert plain.meets_target and plain.ease > hard.ease, key


def test_guidance_and_counselling_is_not_care_unless_its_words_say_care_is_given():
    """A youth service coded 85312300 has no care rates and no sleep-in shifts (FINDINGS-12 D8)."""
    youth = "Detached youth work, youth centres and one-to-one support for young people."
    law = legal.position(contract(cpv_code="85312300", title="Youth service", description=youth))
    assert not (law.care or law.care_visits or law.care_nights)
    # The same code with care given at home or overnight is care, and says how.
    home = "Home care visits to older people in their own homes."
    visits = legal.position(contract(cpv_code="85312300", title="Care", description=home))
    assert visits.care and visits.care_visits
    # Care with accommodation stays care whatever its words.
    homes = legal.position(contract(cpv_code="85311000", title="Beds", description="Places."))
    assert homes.care and homes.care_nights
