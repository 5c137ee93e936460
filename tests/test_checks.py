"""One test per compliance check: each rule in checks.RULES says what it finds, and only that."""

import datetime
from types import SimpleNamespace

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, lifecycle

COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1"],
    "weighting_pct": 15,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
PRIORITY = {
    "id": 1,
    "title": "Young people into work",
    "description": "Youth unemployment is twice the borough rate.",
    "theme": "jobs",
    "importance": "high",
    "evidence_statistic": "9.2% claimant rate for 18-24s",
    "evidence_source": "Nomis",
    "evidence_date": "2025-09",
    "places": [],
    "target_groups": [],
}
CONTRACT = {
    "title": "Street cleansing",
    "description": "Sweeping streets and emptying litter bins.",
    "category": "services",
    "cpv_code": "90610000",
    "value_gbp": 7_200_000,
    "duration_months": 36,
    "start_date": "2026-10-01",
    "nation": "England",
    "lots": [],
    "reference": "HC-SC-1",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def doc_with(measures, codes=("JOB-01",), *, council=COUNCIL, edits=None, bases=None, **contract):
    chosen = [{"measure": measures[c], "priority": PRIORITY} for c in codes]
    inputs = document.Inputs(
        council, CONTRACT | contract, chosen, edits=edits or {}, bases=bases or {}
    )
    return document.build(inputs, today=datetime.date(2026, 5, 1))


def messages(rule, doc):
    return [(c.level, c.message) for c in rule(doc)]


def test_every_rule_has_a_test_here():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert {rule.__name__ for rule in checks.RULES} <= tested


def test_threshold(measures):
    below = doc_with(measures, value_gbp=50_000)
    assert not below.included
    [(level, message)] = messages(checks.threshold, below)
    assert level == "warning" and "below the council's threshold of £100,000" in message
    assert checks.run(below) == checks.threshold(below)  # nothing else is checked below it
    assert messages(checks.threshold, doc_with(measures)) == []


def test_outcome_count(measures):
    none = doc_with(measures, codes=())
    assert messages(checks.outcome_count, none) == [("error", "Choose at least one outcome")]
    only_a_condition = doc_with(measures, ("FWK-01",))
    assert (
        "contract conditions are pass or fail"
        in (messages(checks.outcome_count, only_a_condition)[0][1])
    )
    tight = doc_with(measures, ("JOB-01", "SKL-01"), council=COUNCIL | {"max_outcomes": 1})
    assert "more than the council's maximum of 1" in messages(checks.outcome_count, tight)[0][1]
    # The cap is on scored outcomes: a condition beside one uses no slot (eleventh review H2).
    paid = doc_with(measures, ("JOB-01", "FWK-01"), council=COUNCIL | {"max_outcomes": 1})
    assert messages(checks.outcome_count, paid) == []


def test_small_contract(measures):
    """The council's maximum is a cap: a £400k contract should carry two outcomes at most."""
    three = ("JOB-01", "ECO-05", "ENV-01")
    [(level, message)] = messages(
        checks.small_contract, doc_with(measures, three, value_gbp=400_000)
    )
    assert level == "warning" and "at most 2 would suit small firms" in message
    assert not messages(checks.small_contract, doc_with(measures, three[:2], value_gbp=400_000))
    assert not messages(checks.small_contract, doc_with(measures, three))  # £7.2m


def test_subject_matter(measures):
    goods_only = next(c for c, m in measures.items() if m["categories"] == ["goods"])
    found = messages(checks.subject_matter, doc_with(measures, (goods_only,)))
    assert any("not usually suited to services contracts" in m for _, m in found)
    assert not messages(checks.subject_matter, doc_with(measures, ("JOB-01",)))


def test_promises(measures):
    """A priority promising reserved jobs (more in test_weighting_and_fit.py)."""
    assert not messages(checks.promises, doc_with(measures))
    promise = PRIORITY | {"description": "Jobs are offered first to care leavers."}
    chosen = [{"measure": measures["JOB-01"], "priority": promise}]
    doc = document.build(document.Inputs(COUNCIL, CONTRACT, chosen))
    [(level, message)] = messages(checks.promises, doc)
    assert level == "warning" and "offered first to care leavers" in message


def test_additional(measures):
    """An outcome counting what the contract itself delivers is not additional (more in
    test_additional.py)."""
    flood = doc_with(measures, ("ENV-29",), description="New flood walls along the river.")
    [(level, message)] = messages(checks.additional, flood)
    assert level == "error" and "flood protection" in message and "Remove it" in message
    assert not messages(checks.additional, doc_with(measures, ("JOB-01", "ENV-29")))


def test_lawful(measures):
    """Sixth review: a required share of workers under union recognition is void (TULRCA s.186)."""
    doc = doc_with(measures, ("FWK-18", "JOB-01"))
    [found] = checks.lawful(doc)
    assert found.level == "error" and found.code == "FWK-18" and found.blocks_outcome
    assert "section 186" in found.message.lower() or "sections 186 and 187" in found.message
    ni = doc_with(
        measures,
        ("FWK-18",),
        council=COUNCIL | {"nation": "Northern Ireland"},
        nation="Northern Ireland",
    )
    assert "Article 28" in checks.lawful(ni)[0].message
    assert not checks.lawful(doc_with(measures, ("FWK-19", "JOB-01")))


def test_already_required(measures):
    """FINDINGS-10: guaranteed hours on Welsh home care is what regulation 42 of the 2017 Welsh
    Regulations already requires: refused as not additional, in Wales only."""
    home = {
        "title": "Home care",
        "description": "Care visits to people in their own homes.",
        "category": "services",
        "cpv_code": "85312000",
        "light_touch": True,
    }
    wales = doc_with(
        measures, ("FWK-05",), council=COUNCIL | {"nation": "Wales"}, nation="Wales", **home
    )
    [found] = checks.already_required(wales)
    assert found.level == "error" and found.code == "FWK-05" and found.blocks_outcome
    assert "regulation 42" in found.message and "not additional" in found.message
    assert not checks.already_required(doc_with(measures, ("FWK-05",), **home))


def test_measurable(measures):
    carbon = next(c for c, m in measures.items() if m["unit"] == "tCO2e")
    [(level, message)] = messages(checks.measurable, doc_with(measures, (carbon,)))
    assert level == "ok" and "has no minimum" in message and "No action needed" in message
    # Below a worthwhile floor there is no minimum, and the officer is told to look.
    small = doc_with(measures, ("JOB-02",), value_gbp=1_500_000, duration_months=60)
    [(level, message)] = messages(checks.measurable, small)
    assert level == "warning" and "less than 2 people, too small to be worth" in message
    # Below one person in all, a token: 0 is accepted and the officer is told so (FINDINGS-12 D2).
    tiny = doc_with(measures, ("JOB-02",), value_gbp=750_000, duration_months=60)
    [(level, message)] = messages(checks.measurable, tiny)
    assert level == "warning" and "less than 1 person, a token" in message
    assert "a commitment of 0 is accepted" in message


def test_evidence(measures):
    bare = {**measures, "JOB-01": {**measures["JOB-01"], "evidence_required": ""}}
    assert messages(checks.evidence, doc_with(bare))[0][1].endswith(
        "does not say what evidence the supplier must keep"
    )
    assert not messages(checks.evidence, doc_with(measures))


def test_proportionate_minimums(measures):
    doc = doc_with(measures)
    outcome = doc.outcomes[0]
    assert not messages(checks.proportionate_minimums, doc)
    outcome.minimum = outcome.suggestion.minimum * 3
    assert (
        "more than twice the proportionate suggestion"
        in (messages(checks.proportionate_minimums, doc)[0][1])
    )


def test_sizing(measures):
    worked = messages(checks.sizing, doc_with(measures))
    assert worked == [(worked[0][0], worked[0][1])] and worked[0][0] == "warning"
    assert "workforce worked out from the contract's value" in worked[0][1]
    staffed = messages(checks.sizing, doc_with(measures, workforce_fte=80, extension_months=12))
    assert [level for level, _ in staffed] == ["ok", "ok"]
    assert "(80 FTE)" in staffed[0][1] and "firm term of 24 months" in staffed[1][1]


def test_weighting(measures):
    stated, single = messages(checks.weighting, doc_with(measures))
    assert stated[0] == "ok"
    nil = doc_with(measures, council=COUNCIL | {"weighting_pct": 0})
    assert messages(checks.weighting, nil)[0][0] == "error"
    # The council's 15% on one question with a minimum is more than one question can bear: the
    # rules lower it to 10%, and the officer decides (sixth review, N3).
    assert single[0] == "warning" and "lowered from the council's 15% to 10%" in single[1]
    assert "question_weighting" in single[1] and "cannot be marked final" in single[1]
    two = doc_with(measures, ("JOB-01", "ECO-05"))
    assert [lvl for lvl, _ in messages(checks.weighting, two)] == ["ok"]


def test_kpis(measures):
    big = doc_with(measures)  # £7.2m, England: section 52 applies
    [(level, message)] = messages(checks.kpis, big)
    assert level == "warning" and "Section 52" in message and "among them" in message
    assert len(big.kpis) == 1  # no filler KPI tops the social value KPIs up to three
    assert messages(checks.kpis, doc_with(measures, value_gbp=2_000_000)) == []


def test_community_benefits(measures):
    scottish = doc_with(measures, nation="Scotland", value_gbp=4_500_000)
    [(level, message)] = messages(checks.community_benefits, scottish)
    assert level == "warning" and "contract notice" in message and "Section 25" in message
    assert messages(checks.community_benefits, doc_with(measures)) == []


def test_counting(measures):
    # One person in two units (FTE years and people) counting twice is the officer's choice.
    two_hires = doc_with(measures, ("JOB-01", "JOB-02"))
    [(level, message)] = messages(checks.counting, two_hires)
    assert level == "warning" and message.startswith(
        "A person could count under Outcome 1 (JOB-01) and Outcome 2 (JOB-02); the counting"
        " rules say it counts under both, in each one's own unit. Many councils"
    )
    same_unit = doc_with(measures, ("JOB-01", "JOB-07"))  # care leavers: part of the FTE years
    assert [lvl for lvl, _ in messages(checks.counting, same_unit)] == ["ok"]
    two_groups = doc_with(measures, ("JOB-07", "JOB-15"))
    assert "counts under Outcome 1 only" in messages(checks.counting, two_groups)[0][1]
    assert not messages(checks.counting, doc_with(measures, ("JOB-01", "ENV-01")))


def test_eligibility(measures):
    named = {**PRIORITY, "places": ["Millbank"], "target_groups": ["care leavers"]}
    chosen = [{"measure": measures["JOB-02"], "priority": named}]
    doc = document.build(document.Inputs(COUNCIL, CONTRACT, chosen))
    [(level, message)] = messages(checks.eligibility, doc)
    assert level == "error" and "places (Millbank) and groups (care leavers)" in message
    confirmed = [{**chosen[0], "eligibility": {"places": ["Millbank"], "groups": []}}]
    assert not messages(
        checks.eligibility, document.build(document.Inputs(COUNCIL, CONTRACT, confirmed))
    )


def test_places(measures):
    rule = {"places": ["Millbank"], "groups": []}
    islands = CONTRACT | {"lots": [{"title": "Millbank"}, {"title": "Skerray"}]}
    chosen = [{"measure": measures["JOB-02"], "priority": PRIORITY, "eligibility": rule}]
    [(level, message)] = messages(
        checks.places, document.build(document.Inputs(COUNCIL, islands, chosen))
    )
    assert level == "warning" and "do not wholly cover the lots Skerray" in message
    assert not messages(checks.places, document.build(document.Inputs(COUNCIL, CONTRACT, chosen)))


def test_lots(measures):
    unvalued = doc_with(
        measures,
        lots=[{"title": "North", "value_gbp": None}, {"title": "South", "value_gbp": None}],
    )
    [(level, message)] = messages(checks.lots, unvalued)
    assert level == "warning" and "Give each lot a value" in message
    valued = doc_with(
        measures,
        lots=[
            {"title": "North", "value_gbp": 3_000_000},
            {"title": "South", "value_gbp": 4_200_000},
        ],
    )
    assert messages(checks.lots, valued)[0][0] == "ok"
    assert not messages(checks.lots, doc_with(measures))


def test_stale_edits(measures):
    edited = doc_with(
        measures, edits={"purpose.intro": "Our words."}, bases={"purpose.intro": "Old wording."}
    )
    assert "has changed since you edited this clause" in messages(checks.stale_edits, edited)[0][1]


def test_dates(measures):
    past = doc_with(measures, start_date="2026-01-01")
    assert "is in the past" in messages(checks.dates, past)[0][1]
    assert not messages(checks.dates, doc_with(measures))


def test_priority_reviews():
    """FINDINGS-17b-rs 1.8: a priority whose review date had passed was quoted as current with
    no warning. It is still the council's active priority, so it is still used; the officer is
    told to confirm it, once per priority. One not yet due raises nothing."""
    lapsed = {"id": 1, "title": "Young people into work", "review_date": "2026-09-30"}
    current = {"id": 2, "title": "Local spend", "review_date": "2027-03-31"}
    outcomes = [
        SimpleNamespace(priority=lapsed, name="Outcome 1", code="JOB-02"),
        SimpleNamespace(priority=lapsed, name="Outcome 2", code="SKL-01"),
        SimpleNamespace(priority=current, name="Outcome 3", code="ECO-01"),
    ]
    found = checks.priority_reviews(SimpleNamespace(outcomes=outcomes, created="2026-12-07"))
    assert [c.level for c in found] == ["warning"]
    assert "“Young people into work”, which Outcome 1 (JOB-02) serves" in found[0].message
    assert "was due for review on 30 September 2026" in found[0].message


def test_required_already(measures):
    """FINDINGS-17a-rs 2.5: island orders the description says "must be consolidated" were scored
    again as a delivery emissions cut. The outcome stays, its counting text says once that the
    consolidation is a requirement of the contract and does not count, and the officer is told;
    a description that requires none raises nothing."""
    goods = {
        "title": "Supply of school stationery",
        "description": "Orders must be consolidated into one delivery a week for each school.",
        "category": "goods",
        "cpv_code": "30192000",
    }
    doc = doc_with(measures, ("ENV-12",), **goods)
    found = messages(checks.required_already, doc)
    assert [level for level, _ in found] == ["warning"]
    assert (
        "would count consolidated deliveries, which the description already requires"
        in (found[0][1])
    )
    said = " ".join(c.text for c in doc.clauses() if c.key.endswith(".evidence"))
    assert "The specification already requires consolidated deliveries (“Orders must be" in said
    assert "so it does not count towards Outcome 1; only what goes beyond it counts" in said
    assert not messages(checks.required_already, doc_with(measures, ("ENV-12",)))


def test_law(measures):
    assert messages(checks.law, doc_with(measures)) == []  # nothing to check by hand
    welsh = doc_with(
        measures, council=COUNCIL | {"nation": "Wales"}, nation="Wales", category="works"
    )
    found = messages(checks.law, welsh)
    assert {level for level, _ in found} == {"warning"}
    said = " ".join(m for _, m in found)
    assert "tell the Welsh Ministers" in said and "section 29" in said
    assert "whether the contract includes the social public works clauses" in said
    assert "Welsh Language Standards" in said
    included = doc_with(
        measures,
        council=COUNCIL | {"nation": "Wales"},
        nation="Wales",
        category="works",
        social_public_works_clauses=True,
    )
    said = " ".join(m for _, m in messages(checks.law, included))
    assert "section 29" not in said and "Welsh Language Standards" in said
    read = doc_with(measures, cpv_code="85312000")  # home care: light touch read from the CPV
    assert any("decided from the CPV code 85312000" in m for _, m in messages(checks.law, read))
    said = doc_with(measures, cpv_code="85312000", light_touch=False)
    assert messages(checks.law, said) == []
    scottish = doc_with(
        measures, council=COUNCIL | {"nation": "Scotland"}, nation="Scotland", value_gbp=55_000
    )
    found = " ".join(m for _, m in messages(checks.law, scottish))
    assert "excludes VAT" in found and "£55,000" in found
    ni = doc_with(
        measures, council=COUNCIL | {"nation": "Northern Ireland"}, nation="Northern Ireland"
    )
    low = document.build(
        document.Inputs(
            COUNCIL | {"nation": "Northern Ireland"},
            CONTRACT | {"nation": "Northern Ireland"},
            [{"measure": measures["JOB-01"], "priority": PRIORITY}],
            weighting_pct=5,
        ),
        today=datetime.date(2026, 5, 1),
    )
    # Within PPN 01/21's scope at 10% or more, one check asks whether the council follows it;
    # the other says which parts of the Act a transferred NI authority leaves out.
    [follows] = [m for _, m in messages(checks.law, ni) if "PPN 01/21 covers" in m]
    others = [m for _, m in messages(checks.law, ni) if m != follows]
    assert ni.law.covered and others == [ni.law.say("ni-pa-application").text]
    # The note's contract conditions (fair work, a living wage) are the officer's to check.
    assert "fair work practices" in follows
    assert "a district council follows it by choice" in follows
    # Its figures are the note's own scope, said as such, not the Act's thresholds (D8).
    assert "not the Procurement Act's thresholds" in follows and "1 June 2022" in follows
    assert any("PPN 01/21" in m for _, m in messages(checks.law, low))


def test_living_wage(measures):
    paid = doc_with(measures, ("JOB-01", "FWK-01"))
    found = messages(checks.living_wage, paid)
    assert [level for level, _ in found] == ["warning"]
    assert "price review passes annual real Living Wage increases" in found[0][1]
    care = doc_with(measures, ("JOB-01", "FWK-01"), cpv_code="85312000", light_touch=False)
    assert any("travel time" in m for _, m in messages(checks.living_wage, care))
    assert messages(checks.living_wage, doc_with(measures)) == []
    scottish = doc_with(
        measures,
        ("JOB-01", "FWK-01"),
        council=COUNCIL | {"nation": "Scotland"},
        nation="Scotland",
    )
    said = " ".join(m for _, m in messages(checks.living_wage, scottish))
    assert "relevant to how the contract is delivered" in said and "workers in the UK" in said


def test_contract_form(measures):
    # Works with no form named: which remedies depend on the form (FINDINGS-16a 2.5).
    works = doc_with(measures, category="works", cpv_code="45221111", description="Bridge works.")
    [(level, message)] = messages(checks.contract_form, works)
    assert level == "warning" and "Service credits" in message
    named = doc_with(
        measures, category="works", cpv_code="45221111", description="Let on NEC4 ECC."
    )
    (level, message), (_, unset) = messages(checks.contract_form, named)
    assert level == "ok" and 'the description says "NEC4"' in message
    # A money remedy the form has but nothing in the pack prices is named to the officer only.
    assert "X20 incentive" in unset
    [(_, unset)] = messages(checks.contract_form, doc_with(measures))
    assert "service credits" in unset


def test_call_off(measures):
    """A call-off under another body's framework: what was read, what is missing, and what the
    framework must allow for what is scored; nothing for a contract of the council's own."""
    read = doc_with(measures, ("FWK-01",), description="Calling off under a national framework.")
    found = messages(checks.call_off, read)
    assert found[0][0] == "ok" and '"Calling off under a national framework"' in found[0][1]
    assert any("call_off_under" in m for _, m in found)
    assert any("set call_off_route" in m for _, m in found)
    assert any("name the outcomes to score under `outcomes:`" in m for _, m in found)
    named = {"call_off_under": "A framework, lot 1", "call_off_route": "further competition"}
    scored = doc_with(measures, ("JOB-01", "FWK-01"), **named)
    [(level, message)] = messages(checks.call_off, scored)
    assert level == "warning" and "allows a social value criterion at that weighting" in message
    direct = doc_with(measures, ("JOB-01",), **named | {"call_off_route": "direct award"})
    assert (
        "A direct award under a framework scores nothing"
        in messages(checks.weighting, direct)[0][1]
    )
    assert messages(checks.call_off, doc_with(measures)) == []


def test_framework_call_offs(measures):
    framework = {"kind": "framework", "guaranteed_value_gbp": None}
    assumed = doc_with(measures, **framework)
    [(level, message)] = messages(checks.framework_call_offs, assumed)
    assert level == "warning" and "Nothing says how many suppliers" in message
    said = doc_with(measures, **framework, description="A single-supplier framework.")
    [(_, message)] = messages(checks.framework_call_offs, said)
    assert '"single-supplier"' in message and "one supplier for each lot" in message
    given = doc_with(measures, **framework, framework_suppliers="one")
    assert messages(checks.framework_call_offs, given) == []
    assert messages(checks.framework_call_offs, doc_with(measures)) == []


def test_framework_rates(measures):
    """U3 (FINDINGS-18b, adaptations 9): a rate for each £1m hid a token; the log now shows what
    it comes to for each supplier over the term and on the call-off sizes the description names."""
    works = {
        "title": "Minor works framework",
        "description": "Small building repairs to council buildings, about 200 jobs a year at"
        " an average of £6,000. Up to five contractors will be appointed to each lot.",
        "category": "works",
        "cpv_code": "45453000",
        "kind": "framework",
        "guaranteed_value_gbp": None,
        "value_gbp": 4_800_000,
        "duration_months": 48,
        "lots": [{"title": "North"}, {"title": "South"}],
    }
    doc = doc_with(measures, ("SKL-01",), **works)
    [o] = doc.outcomes
    assert o.per_gbp and o.minimum is not None
    [(level, message)] = messages(checks.framework_rates, doc)
    assert level == "warning" and "shared between its 10 suppliers" in message, message
    assert "for each supplier" in message and "on £6,000" in message
    each = o.minimum * 4_800_000 / o.per_gbp / 10
    # Apprentices come whole: under half of one each rounds to none at the end of the framework.
    assert o.counted_whole and each < 0.5 and "is a token for each supplier" in message, message
    # Nothing says how many suppliers: the officer is told how to say it.
    vague = doc_with(measures, ("SKL-01",), **works | {"description": "Small repairs."})
    [(_, message)] = messages(checks.framework_rates, vague)
    assert "nothing says how many suppliers share it" in message and "on £" not in message
    assert messages(checks.framework_rates, doc_with(measures)) == []
    # FINDINGS-19a-u materials 8: "four lots, each with up to three suppliers" is three a lot,
    # and the years said are those the value covers, options to extend included.
    before = "Two lots, each with up to five contractors ranked on price and quality."
    extended = works | {"description": before, "duration_months": 72, "extension_months": 24}
    extended["value_gbp"] = 12_000_000
    [(_, message)] = messages(checks.framework_rates, doc_with(measures, ("SKL-01",), **extended))
    assert "over the framework's £12m and 6 years, shared between its 10 suppliers" in message


def test_evaluation(measures):
    [(level, message)] = messages(checks.evaluation, doc_with(measures))
    assert level == "warning" and "rejects a tender only for" in message
    assert "scored 0 earns no marks" in message and "minimum standards" in message


def test_local_definition(measures):
    council = COUNCIL | {
        "local_description": "Within the borough. Where a contract says so, local may also"
        " mean anywhere in Wales."
    }
    [(level, message)] = messages(checks.local_definition, doc_with(measures, council=council))
    assert level == "warning" and "anywhere in Wales" in message
    islands = COUNCIL | {
        "local_description": "Within the area. For island contracts, local means Skerray."
    }
    [(level, message)] = messages(checks.local_definition, doc_with(measures, council=islands))
    assert level == "warning" and "For island contracts" in message
    assert messages(checks.local_definition, doc_with(measures)) == []
    # A contract with an island lot is one of them: the sentence is applied, not left out.
    ferry = doc_with(measures, council=islands, lots=[{"title": "Island roads", "value_gbp": None}])
    assert messages(checks.local_definition, ferry) == []
    defined = ferry.clause("definitions.local").text
    # FINDINGS-8 E7: said for the lot it applies to, not for "island contracts" in general.
    assert "In the lot Island roads, local means Skerray." in defined
    assert "For island contracts" not in defined
    # A lot naming the place the sentence defines local as is one of them too; the other lots
    # are not.
    lots = [{"title": "Skerray and the Isles", "value_gbp": None}, {"title": "Mainland"}]
    skerray = doc_with(measures, council=islands, lots=lots)
    # FINDINGS-14c D9: a lot serving several islands has them all as local, not only Skerray.
    assert (
        "In the lot Skerray and the Isles, local means Skerray, and any other island the lot"
        " serves." in skerray.clause("definitions.local").text
    )
    # A contract without lots whose description covers the place only in part: one definition
    # for the whole contract, the council's, which covers every place it serves (FINDINGS-16b 1).
    cover = doc_with(measures, council=islands, description="Agency cover, including on Skerray.")
    [(_, message)] = messages(checks.local_definition, cover)
    assert "serves more than that" in message
    assert "Skerray" not in cover.clause("definitions.local").text
    # A contract that is one of them by its title: the one definition for this contract.
    ferry = doc_with(measures, council=islands, title="Island ferry services")
    assert '"Local" means Skerray.' in ferry.clause("definitions.local").text
    assert "Within the area" not in ferry.clause("definitions.local").text
    # "Where a contract says so" never applies by itself.
    wales = COUNCIL | {
        "local_description": "Within the borough. Where a contract says so, local may also"
        " mean anywhere in Wales."
    }
    said = doc_with(measures, council=wales, description="Supply of Welsh food to schools.")
    assert len(messages(checks.local_definition, said)) == 1
    # It applies where the contract says so: an outcome it carries serves a priority for the
    # place ("local and Welsh businesses"), and the definition says so plainly.
    welsh = PRIORITY | {"title": "Spend more with local and Welsh businesses"}
    chosen = [{"measure": measures["ECO-01"], "priority": welsh}]
    food = document.build(document.Inputs(wales, CONTRACT, chosen), today=datetime.date(2026, 5, 1))
    assert messages(checks.local_definition, food) == []
    assert "For suppliers on this contract, local also means anywhere in Wales." in (
        food.clause("definitions.local").text
    )
    # A priority for the Welsh language is not one for Welsh suppliers: an outcome that counts
    # no people or suppliers does not make "local" reach the whole nation.
    language = PRIORITY | {"title": "More council services in Welsh"}
    chosen = [{"measure": measures["COM-20"], "priority": language}]
    refuge = document.build(
        document.Inputs(wales, CONTRACT, chosen), today=datetime.date(2026, 5, 1)
    )
    assert len(messages(checks.local_definition, refuge)) == 1


def test_a_regime_that_turns_on_an_unsaid_vat_basis_keeps_the_pack_a_draft(measures):
    """A value the threshold test flips on, with its VAT basis unsaid, leaves the regime the pack
    states open: the officer is warned and the pack stays a draft until the basis is given
    (FINDINGS-19b: "not a covered procurement" issued as final while the log asked)."""

    def law_problems(doc):
        return [p for p in lifecycle.final_problems(doc, []) if p.startswith("Law:")]

    england = doc_with(measures, value_gbp=190_000)  # under £214,904, over it with VAT added
    [problem] = law_problems(england)
    assert "If £190,000 excludes VAT, this is a covered procurement" in problem
    assert any("excludes VAT" in m for _, m in messages(checks.law, england))
    assert law_problems(doc_with(measures, value_gbp=190_000, value_includes_vat=False)) == []
    assert law_problems(doc_with(measures, value_gbp=100_000)) == []  # below either way
    scotland = {"council": COUNCIL | {"nation": "Scotland"}, "nation": "Scotland"}
    [problem] = law_problems(doc_with(measures, value_gbp=55_000, **scotland))
    assert "If £55,000 includes VAT" in problem
    said = doc_with(measures, value_gbp=55_000, value_includes_vat=False, **scotland)
    assert law_problems(said) == []
