"""An evaluation that survives challenge: pass or fail first, then a stated, capped formula."""

import datetime
import re

import pytest

from specifier import wording
from specifier.catalogue.files import builtin_measures
from specifier.specification import document, proportionality, scoring

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
CONTRACT = {
    "title": "Building cleaning",
    "description": "Cleaning council offices and libraries.",
    "category": "services",
    "cpv_code": "90911200",
    "value_gbp": 7_200_000,
    "duration_months": 36,
    "start_date": "2027-04-01",
    "nation": "England",
    "lots": [],
}
CODES = ("JOB-02", "ECO-05", "ENV-01", "FWK-01")


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes=CODES, scale="0-5"):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    inputs = document.Inputs(COUNCIL, CONTRACT, chosen, scoring_scale=scale)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


def test_commitment_marks_run_from_the_minimum_to_the_cap():
    assert scoring.commitment_marks(10, 10, 20, 1.5) == 0
    assert scoring.commitment_marks(15, 10, 20, 1.5) == pytest.approx(0.75)
    assert scoring.commitment_marks(20, 10, 20, 1.5) == 1.5
    assert scoring.commitment_marks(90, 10, 20, 1.5) == 1.5  # capped
    assert scoring.commitment_marks(9, 10, 20, 1.5) == 0  # below the minimum fails the tender
    assert scoring.quality_marks(4, "0-5", 1.5) == pytest.approx(1.2)
    assert scoring.quality_marks(75, "0-100", 2) == pytest.approx(1.5)


def test_conditions_carry_no_marks_and_the_weights_add_up(measures):
    doc = build(measures)
    assert [o.code for o in doc.conditions] == ["FWK-01"]
    assert sum(o.weight for o in doc.outcomes) == pytest.approx(15)
    hires, sme, carbon = doc.outcomes
    assert hires.split.quality == hires.split.commitment == hires.weight / 2
    assert carbon.split.commitment == 0 and carbon.split.quality == carbon.weight  # no minimum
    rows = next(
        b for s in doc.sections for b in s.blocks if b.key == "evaluation.questions-table"
    ).rows
    assert [r[0] for r in rows] == ["Q1", "Q2", "Q3"]  # no question for the condition
    assert rows[2][4] == "3% (all quality)"  # no minimum: half the share of one with a minimum


def test_the_weighting_follows_each_outcomes_value(measures):
    """Tenth review G7: quality-only and token outcomes got full shares (3.5% to 5%) beside the
    outcomes that matter, which got 3-4%: the weighting followed the count, not the value."""
    doc = build(measures)
    hires, sme, carbon = doc.outcomes
    assert hires.minimum is not None and sme.minimum is not None and carbon.minimum is None
    assert sum(o.weight for o in doc.outcomes) == pytest.approx(doc.weighting.pct)
    assert carbon.weight < min(hires.weight, sme.weight)
    said = doc.clause("evaluation.weighting").text
    # FINDINGS-19a-u DoLS 6: the table gives each share; bidders are not told the tool's rule.
    assert "twice the share" not in said and "The shares follow" not in said
    # The worked example still works through the shares the table states.
    example = doc.clause("evaluation.example").text
    assert f"{hires.name} ({hires.title}) is worth {wording.qty(hires.weight)}%." in example
    # A count of firms holding a whole-firm accreditation is a token, minimum or not.
    assert split_by_value(measures, ["JOB-02", "FWK-02"]) == [10, 5]
    # Scotland's Fair Work First question weighs the whole fair work practice: a full share.
    scots = document.build(
        document.Inputs(COUNCIL, CONTRACT | {"nation": "Scotland"}, chosen_of(measures, CODES)),
        today=datetime.date(2026, 12, 6),
    )
    carbon = next(o for o in scots.outcomes if o.minimum is None)
    assert scots.fair_work.weight > carbon.weight
    assert sum(o.weight for o in scots.outcomes) + scots.fair_work.weight == pytest.approx(15)
    assert "and so does the Fair Work First question" in scots.clause("evaluation.weighting").text
    # Alike questions share alike, and nothing is said.
    alike = build(measures, ["JOB-02", "ECO-01"])
    assert abs(alike.outcomes[0].weight - alike.outcomes[1].weight) <= 1  # whole percentages
    assert "twice the share" not in alike.clause("evaluation.weighting").text


def test_a_token_hours_or_already_required_minimum_weighs_least_and_never_most(measures):
    """Eleventh review H4: dementia friends in a care home and "at least 4 households" carried
    the largest share; careers talks as much as apprenticeships. A minimum that counts hours,
    is raised above what the rules worked out, or is largely what the contract already
    requires weighs least, and rounding never makes it the largest."""

    def weights(contract, codes):
        chosen = chosen_of(measures, codes)
        doc = document.build(
            document.Inputs(COUNCIL | {"weighting_pct": 10}, CONTRACT | contract, chosen),
            today=datetime.date(2026, 12, 6),
        )
        return doc, {o.code: o.weight for o in doc.outcomes}

    care = {
        "title": "Residential and nursing care home places",
        "description": "Care home places for older people, some living with dementia.",
        "cpv_code": "85311100",
        "workforce_fte": 68,
    }
    doc, found = weights(care, ["COM-09", "SKL-01", "FWK-06"])
    dementia = next(o for o in doc.outcomes if o.code == "COM-09")
    assert dementia.minimum is not None and "already requires" in dementia.least
    assert found["COM-09"] < min(found["SKL-01"], found["FWK-06"])
    assert any("carries the least share" in note for note in dementia.officer_notes)
    # The officer is told why; bidders read the shares in the table, not the rule.
    assert "already requires" not in doc.clause("evaluation.weighting").text
    # The same training on a contract that is not a care home keeps its full share.
    _, office = weights({}, ["COM-09", "SKL-01", "FWK-06"])
    assert office["COM-09"] >= office["SKL-01"]
    # An hours count never weighs as much as apprentices.
    _, works = weights({"value_gbp": 36_000_000}, ["SKL-01", "SKL-09"])
    assert works["SKL-09"] < works["SKL-01"]


def test_rounding_never_gives_the_largest_share_to_a_question_worth_less():
    # 10% over four: one question worth less, three worth more; whole-percent units.
    shares = proportionality.split_weights(10, 4, [1, 1, 1, 0.5], [1, 2, 2, 2])
    assert sum(shares) == pytest.approx(10) and shares[0] == min(shares)
    # Alike questions: still the first on a tie.
    assert proportionality.split_weights(10, 3) == [3.5, 3.5, 3]


def chosen_of(measures, codes):
    return [{"measure": measures[c], "priority": None} for c in codes]


def split_by_value(measures, codes):
    chosen = chosen_of(measures, codes)
    big = CONTRACT | {"value_gbp": 20_000_000}
    doc = document.build(document.Inputs(COUNCIL, big, chosen), today=datetime.date(2026, 12, 6))
    assert all(o.minimum is not None for o in doc.outcomes), "both need a minimum here"
    return [o.weight for o in doc.outcomes]


def test_minimums_are_pass_or_fail_requirements_stated_apart_from_the_contract(measures):
    doc = build(measures)
    text = doc.clause("evaluation.pass-fail").text
    hires = doc.outcomes[0]
    assert "A tender that fails any of them is rejected, whatever its score" in text
    assert f"- a commitment of at least {hires.minimum:g} people for Outcome 1" in text
    assert "- confirmation that the supplier will meet Condition 1" in text
    assert "the contract's terms for delivering them are in the contract management section" in text
    assert "commits less than the minimum" not in doc.clause("evaluation.disqualify").text


def test_the_formula_is_stated_with_a_worked_example_that_follows_it(measures):
    doc = build(measures)
    formula = doc.clause("evaluation.quantitative").text
    assert "(C − M) ÷ (cap − M) × W ÷ 2" in formula and "highest credible" not in formula
    assert "not against other bidders' offers" in formula
    example = doc.clause("evaluation.example").text
    hires = doc.outcomes[0]
    ex = scoring.example(doc.outcomes, "0-5")
    assert ex.outcome is hires and ex.commitment > hires.minimum
    numbers = re.findall(r"= ([\d.]+)%", example)
    assert [float(n) for n in numbers] == [
        pytest.approx(ex.quality, abs=0.005),
        pytest.approx(ex.commitment_earned, abs=0.005),
    ]
    assert ex.total == pytest.approx(
        scoring.quality_marks(4, "0-5", hires.weight / 2)
        + scoring.commitment_marks(ex.commitment, hires.minimum, hires.score_cap, hires.weight / 2)
    )
    credibility = doc.clause("evaluation.credibility").text
    assert "earns commitment marks only if it passes this credibility test" in credibility
    assert credibility.count("\n- ") == 4  # the four points of the test


@pytest.mark.parametrize(("scale", "bands"), [("0-5", 6), ("0-100", 5)])
def test_every_band_of_the_scale_has_a_descriptor_including_unacceptable(measures, scale, bands):
    doc = build(measures, scale=scale)
    table = next(b for s in doc.sections for b in s.blocks if b.key == "evaluation.descriptors")
    assert len(table.rows) == bands and table.rows[-1][:2] == ["0", "Unacceptable"]
    assert all(len(row) == 3 and row[2] for row in table.rows)


def test_what_earns_a_higher_score_is_written_for_each_measure(measures):
    doc = build(measures)
    texts = [doc.clause(f"outcome.{o.code}.higher").text for o in doc.outcomes]
    assert len(set(texts)) == len(texts)
    first_lines = {t.splitlines()[1] for t in texts}
    assert len(first_lines) == len(texts)  # the points differ, not just the outcome's number
    assert (
        "- how vacancies will reach local residents before they are advertised widely;" in texts[0]
    )


def test_a_choice_that_would_make_bids_incomparable_is_fixed_by_the_council(measures):
    recycled = measures["ENV-19"]
    assert recycled["unit"] == "% of materials by value"
    assert "Measure by value" in recycled["counting_notes"]
    assert measures["ENV-21"]["counting_notes"] == "Measure by volume."


def test_where_lots_are_scored_on_their_own_minimums_the_example_uses_a_lots(measures):
    """FINDINGS-8 E10: scoring is lot by lot, so the worked example uses a lot's minimum and
    cap, not the whole contract's."""
    lots = [
        {"title": "Offices", "value_gbp": 4_800_000},
        {"title": "Libraries", "value_gbp": 2_400_000},
    ]
    chosen = [{"measure": measures[c], "priority": None} for c in CODES]
    inputs = document.Inputs(COUNCIL, CONTRACT | {"lots": lots}, chosen)
    doc = document.build(inputs, today=datetime.date(2026, 12, 6))
    ex = scoring.example(doc.outcomes, "0-5")
    first = ex.outcome.lots[0]
    assert ex.lot == "Offices" and ex.minimum == first.minimum < ex.outcome.minimum
    assert ex.cap == pytest.approx(first.minimum * scoring_multiple(ex.outcome))
    text = doc.clause("evaluation.example").text
    assert "for the lot Offices, against the lot's minimum of" in text
    assert f"({wording.qty(ex.commitment)} − {wording.qty(first.minimum)})" in text


def scoring_multiple(outcome):
    return outcome.score_cap / outcome.minimum


def test_fair_work_first_scores_only_what_the_fair_work_outcomes_do_not(measures):
    """Twelfth review D9: sick pay and direct employment outcomes and a Fair Work First question
    beside them scored the same practices twice. The question names the fair work outcomes and
    conditions beside it and scores only the rest, in the document, the form and OCDS alike."""
    from specifier.specification.export import ocds

    codes = ("FWK-09", "JOB-02", "FWK-06", "FWK-01")
    scots = document.build(
        document.Inputs(COUNCIL, CONTRACT | {"nation": "Scotland"}, chosen_of(measures, codes)),
        today=datetime.date(2026, 12, 6),
    )
    question = scots.fair_work
    sick, _, direct = scots.outcomes
    assert [o.code for o in question.scored_besides] == ["FWK-09", "FWK-06"]
    assert [o.code for o in question.required_besides] == ["FWK-01"]
    said = scots.clause("evaluation.questions").text
    asked = said[said.index(f"Q{question.number}: How will you apply") :]
    assert f"Q{sick.number} (“{sick.title}”) and Q{direct.number} (“{direct.title}”)" in asked
    assert "are scored in their own questions" in asked
    assert "is a pass or fail condition of the contract" in asked
    assert "starting with paying at least the real Living Wage" not in asked  # a condition
    assert f"Q{sick.number} (“{sick.title}”)" in str(ocds.release(scots))
    # Without fair work outcomes beside it, the question scores every criterion.
    alone = document.build(
        document.Inputs(
            COUNCIL, CONTRACT | {"nation": "Scotland"}, chosen_of(measures, ("JOB-02", "ECO-05"))
        ),
        today=datetime.date(2026, 12, 6),
    )
    said = alone.clause("evaluation.questions").text
    assert "scored twice" not in said
    assert "every criterion to every worker on the contract, starting with paying" in said


def test_two_questions_measuring_the_same_subject_never_score_it_twice(measures):
    """Twelfth review D9, generalised: two chosen outcomes that measure the same thing (the
    contract's plant, in `same_things`) would score one practice in two questions. The later
    question scores only what the earlier one's answer does not cover."""
    codes = [
        c
        for c, m in measures.items()
        if re.search(r"construction plant|nitrogen oxides", m["title"], re.I)
    ]
    assert len(codes) >= 2
    works = CONTRACT | {"category": "works", "cpv_code": "45210000", "title": "New school"}
    doc = document.build(
        document.Inputs(COUNCIL, works, chosen_of(measures, ["JOB-02", *codes[:2]])),
        today=datetime.date(2026, 12, 6),
    )
    first, second = (o for o in doc.outcomes if o.code in codes[:2])
    said = doc.clause("evaluation.questions").text
    assert (
        f"{second.name} and {first.name} both measure the contract's plant: so that nothing is"
        f" scored twice, the answer to Q{second.number} is scored only on what the answer to"
        f" Q{first.number} does not cover." in said
    )
    assert said.count("both measure the contract's") == 1


def test_the_weighting_clause_states_shares_not_the_rule_behind_them(measures):
    """FINDINGS-13b D8 ("twice the share" beside shares that were not) and FINDINGS-19a-u DoLS 6
    (the tool's weighting logic explained to bidders): the clause points to the table, whose
    shares add up to the weighting, and says no ratio, rounding or rule behind them."""
    for codes in (CODES, ("JOB-02", "ECO-05", "SKL-01", "ENV-01"), ("JOB-02", "ECO-01", "ENV-01")):
        doc = build(measures, codes)
        said = doc.clause("evaluation.weighting").text
        assert "as the table below shows" in said, said
        for rule in ("twice", "times the share", "rounded", "exact shares", "what each outcome"):
            assert rule not in said, said
        assert sum(o.weight for o in doc.outcomes) == pytest.approx(doc.weighting.pct)


def test_the_fte_definition_is_left_out_where_nothing_counts_people(measures):
    """FINDINGS-13b D9: an environmental and spend specification defined FTE, which nothing used."""
    doc = build(measures, ("ECO-01", "ENV-01"))
    assert not [b for s in doc.sections for b in s.blocks if b.key == "definitions.fte"]
    doc = build(measures)  # local hires count people
    assert [b for s in doc.sections for b in s.blocks if b.key == "definitions.fte"]
