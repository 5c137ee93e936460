"""The evaluation and remedies a bidder reads (issue 14, round T part T2).

What rejects a tender is said exactly, and a low quality score is not among it; every formula
and fixed point is in figures the bidder is told; remedies name only machinery the pack sets,
with a whole-unit margin at small numbers; and bidder text carries no reasoning of the tool's.
Contracts of several kinds and nations, none of them the reviewed ones.
"""

import datetime
import io
import re

import docx
import openpyxl
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document
from specifier.specification.export import commitments, ocds, response_form, workbook

COUNCIL = {
    "id": 4,
    "name": "Eastmere Council",
    "slug": "eastmere",
    "nation": "England",
    "local_description": "Within the Eastmere Council area.",
    "local_postcode_districts": ["EM1", "EM2"],
    "weighting_pct": 10,
    "threshold_gbp": 0,
    "max_outcomes": 6,
}
PRIORITY = {
    "id": 1,
    "title": "Good jobs for people out of work",
    "description": "Worklessness is high in the east of the borough.",
    "theme": "jobs",
    "importance": "high",
    "evidence_statistic": "7.9% claimant rate",
    "evidence_source": "Nomis",
    "evidence_date": "2025-09",
    "places": [],
    "target_groups": [],
}
CLEANING = {
    "title": "Cleaning of council offices and depots",
    "description": "Daily cleaning of twelve offices and three depots.",
    "category": "services",
    "cpv_code": "90911200",
    "value_gbp": 4_800_000,
    "duration_months": 48,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
    "reference": "EM-CL-1",
}
CULVERTS = CLEANING | {
    "title": "Culvert replacement on four watercourses",
    "description": "Replacing four failed culverts with box sections, let as an NEC4"
    " Engineering and Construction Contract, Option B.",
    "category": "works",
    "cpv_code": "45246000",
    "value_gbp": 6_500_000,
    "duration_months": 24,
    "nation": "Wales",
}
ADVICE = CLEANING | {
    "title": "Welfare benefits advice service",
    "description": "Benefits advice by phone and face to face from two community hubs, by a"
    " small voluntary sector provider.",
    "cpv_code": "85312300",
    "value_gbp": 640_000,
    "duration_months": 36,
    "extension_months": 24,
}
LEGAL = CLEANING | {
    "title": "Legal services framework",
    "description": "Legal advice and representation for the council.",
    "cpv_code": "79100000",
    "kind": "framework",
    "value_gbp": 10_000_000,
    "guaranteed_value_gbp": None,
    "nation": "Scotland",
}
SAVED = {"id": 5, "updated_at": "2026-12-07 10:00:00"}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, contract, codes, *, priority=PRIORITY, **changes):
    nation = (contract | changes)["nation"]
    chosen = [{"measure": measures[c], "priority": priority} for c in codes]
    inputs = document.Inputs(COUNCIL | {"nation": nation}, contract | changes, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 7))


def text(doc, key):
    clause = doc.clause(key)
    return clause.text if clause else ""


def bidder_text(doc):
    cells = [
        c for s in doc.sections for b in s.blocks if b.kind == "table" for r in b.rows for c in r
    ]
    return "\n".join([c.text for c in doc.clauses()] + cells)


# 1. What rejects a tender, and what a 0 means.


@pytest.mark.parametrize(
    "contract, codes",
    [(CLEANING, ["JOB-02", "ECO-01"]), (CULVERTS, ["SKL-01"]), (ADVICE, ["SKL-08", "ENV-02"])],
    ids=["services", "welsh-works", "small-service"],
)
def test_a_quality_score_of_0_earns_no_marks_and_never_rejects_a_tender(measures, contract, codes):
    doc = build(measures, contract, codes)
    pass_fail = text(doc, "evaluation.pass-fail")
    assert "scores more than 0" not in pass_fail
    assert "means the tender is rejected" not in pass_fail
    assert "earns no marks for its question" in pass_fail
    assert re.search(r"- an answer to (the|every) social value question\.", pass_fail)
    [table] = [b for s in doc.sections for b in s.blocks if b.key == "evaluation.descriptors"]
    zero = next(row for row in table.rows if row[0] == "0")
    assert "rejected" not in zero[2] and "no marks" in zero[2]
    [check] = checks.evaluation(doc)
    assert "rejects a tender only for" in check.message and "earns no marks" in check.message
    assert "A score of 0 on any social value answer rejects" not in check.message


def test_where_0_is_accepted_the_workbook_never_calls_it_no_commitment(measures):
    """FINDINGS-16 devices 4, 17a period products 4: a framework rate with 0 accepted."""
    doc = build(measures, LEGAL, ["JOB-01"])
    [jobs] = doc.outcomes
    assert jobs.per_gbp and jobs.minimum is None and jobs.suggestion.optional
    assert "0 is accepted" in text(doc, f"outcome.{jobs.code}.minimum")
    book = openpyxl.load_workbook(
        io.BytesIO(workbook.render(doc, commitments.issue_for(doc, SAVED)))
    )
    sheet = book[workbook.COMMITMENTS]
    formulas = [
        str(c.value) for row in sheet.iter_rows() for c in row if str(c.value).startswith("=IF(")
    ]
    checked = [f for f in formulas if "No minimum to check" in f]
    assert checked and not any(workbook.CHECKS["zero"] in f for f in checked)
    said = " ".join(str(c) for (c,) in book[workbook.INSTRUCTIONS].iter_rows(values_only=True) if c)
    # No minimum anywhere: nothing says a total must reach one, or that one rejects.
    assert "must reach the minimum" not in said and "below the minimum" not in said


def test_the_response_form_speaks_of_minimums_only_where_there_are_some(measures):
    none_set = build(measures, LEGAL, ["JOB-01"])
    form = response_form.render(none_set, commitments.issue_for(none_set, SAVED))
    words = " ".join(p.text for p in docx.Document(io.BytesIO(form)).paragraphs)
    assert "or the minimums" not in words and "Do not change the headings" in words


# 3. Every formula a bidder reads can be worked out from what the bidder is told.


def test_lots_without_values_have_no_per_lot_formula_and_their_answer_is_scored_on_quality(
    measures,
):
    """FINDINGS-17a events 1: M "the minimum for the lot" where every lot said "Supplier
    proposes"."""
    lots = [{"title": "Staging and power"}, {"title": "Stewarding"}]
    doc = build(measures, CLEANING, ["ECO-01", "JOB-02"], lots=lots)
    spend = next(o for o in doc.outcomes if o.code == "ECO-01")
    assert spend.minimum is not None and not spend.lots
    assert not spend.split.scores_commitment
    assert "further marks" not in text(doc, f"outcome.{spend.code}.higher")
    assert "M is the minimum for the lot" not in text(doc, "evaluation.quantitative")


def test_fixed_points_are_published_as_figures_never_as_the_rules_behind_them(measures):
    """FINDINGS-16 insurance 5: "at least twice the reference point the council works out from
    the contract's value and length ... by the same rules that set its minimums"."""
    seen = 0
    for contract in (CLEANING | {"value_gbp": 1_400_000}, LEGAL | {"nation": "England"}):
        for code in ("ECO-01", "ECO-11", "JOB-01", "ECO-06"):
            doc = build(measures, contract, [code])
            for o in doc.outcomes:
                if o.minimum is not None or not o.reference:
                    continue
                seen += 1
                method = text(doc, "evaluation.proposed")
                assert "works out" not in method and "rules that set" not in method
                large = re.search(rf"For {o.name}, a commitment of (.+?) or more", method)
                assert large and large.group(1).split()[0].replace(",", "").replace("£", "")
                assert "is large" in text(doc, f"outcome.{o.code}.minimum")
    assert seen


# 4. Remedies with something behind them.


def test_remedies_name_no_incentive_or_service_credit_the_pack_does_not_set(measures):
    nec = build(measures, CULVERTS, ["SKL-01"])
    remedies = text(nec, "management.remedies")
    assert "Option X20" in remedies and "incentive payment" not in remedies
    assert any("X20 incentive" in c.message for c in checks.run(nec) if c.topic == "Contract terms")
    own_terms = build(measures, CLEANING, ["JOB-02"])
    assert "service credits" not in text(own_terms, "management.remedies")
    assert "material breach" in text(own_terms, "management.remedies")


def test_a_small_providers_continuing_failure_is_no_material_breach(measures):
    """FINDINGS-16a befriending 7: "material breach" for a 4.6 FTE charity."""
    doc = build(measures, ADVICE, ["SKL-08"])
    assert doc.weighting.light
    remedies = text(doc, "management.remedies")
    assert "material breach" not in remedies
    assert "into account in deciding whether to extend the contract" in remedies


def test_a_count_of_people_is_behind_only_when_a_whole_person_short(measures):
    """FINDINGS-16 coal tip 6: 20% behind a profile of 1 or 2 apprentices."""
    doc = build(measures, CULVERTS, ["SKL-01"])
    [apprentices] = doc.outcomes
    assert apprentices.whole and apprentices.minimum
    remedies = text(doc, "management.remedies")
    assert f"for {apprentices.name}, by more than 20% of it and by more than 1 " in remedies
    [kpi] = [k for k in doc.kpis if apprentices.name in str(k)] or doc.kpis[:1]
    assert "behind where that is more" in str(kpi)
    spend = build(measures, CLEANING, ["ECO-01"])
    assert "by more than 20% of it." in text(spend, "management.remedies")


# 5. The tool's reasoning stays in the officer's log.


def test_no_reasoning_of_the_tools_reaches_bidders(measures):
    """FINDINGS-16 insurance 1, sexual health 2, devices 2; FINDINGS-17b demolition 1."""
    unlinked = build(
        measures, CLEANING | {"value_gbp": 300_000}, ["JOB-02", "SKL-12"], priority=None
    )
    said = bidder_text(unlinked)
    assert "None is yet linked" not in said
    assert "commonly delivered by suppliers" not in said.lower()
    assert "proportionate commitment" not in said and "On a contract of this size" not in said
    light = build(measures, ADVICE, ["SKL-08"])
    assert "keeps the social value ask light" not in bidder_text(light)
    assert any("keep the social value ask light" in c.message for c in checks.run(light))
    published = str(ocds.release(unlinked))
    assert "commonly delivered" not in published and "proportionate commitment" not in published
