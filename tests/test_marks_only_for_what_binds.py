"""Marks only for what binds (issue 14, round U part U3).

Where an outcome has no minimum and 0 is accepted, an answer that commits 0, or nothing
measurable, scores no more than the low band of the scale, whatever its prose: a higher score
needs a commitment that becomes the contract minimum. Every format says the same, and size and
quality are said once for each outcome, never "earns no marks by its size" beside fixed points
that cap a score by size. The officer is told when the whole weighting rides on commitments the
bidders propose. Contracts of several kinds and nations, none of them the reviewed ones.
"""

import datetime
import io
import json
import re

import docx
import openpyxl
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document
from specifier.specification.export import commitments, html_page, ocds, response_form, workbook

COUNCIL = {
    "id": 7,
    "name": "Fernley Council",
    "slug": "fernley",
    "nation": "England",
    "local_description": "Within the Fernley Council area.",
    "local_postcode_districts": ["FE1", "FE2"],
    "weighting_pct": 10,
    "threshold_gbp": 0,
    "max_outcomes": 6,
}
PRIORITY = {
    "id": 1,
    "title": "A fairer, greener local economy",
    "description": "Worklessness and emissions are both above the regional average.",
    "theme": "jobs",
    "importance": "high",
    "evidence_statistic": "6.1% claimant rate",
    "evidence_source": "Nomis",
    "evidence_date": "2025-09",
    "places": [],
    "target_groups": [],
}
# Goods in Scotland: a supply new to the council, so a cut has no baseline yet.
FURNITURE = {
    "title": "Supply of classroom furniture",
    "description": "Supply and delivery of classroom furniture to schools, a supply new to the"
    " council.",
    "category": "goods",
    "cpv_code": "39160000",
    "value_gbp": 900_000,
    "duration_months": 36,
    "start_date": "2027-10-01",
    "nation": "Scotland",
    "lots": [],
    "reference": "FE-FU-1",
}
# A small laboratory service in Northern Ireland: every outcome too small for a minimum.
SAMPLES = FURNITURE | {
    "title": "Analysis of food samples",
    "description": "Laboratory analysis of food samples sent by the council's officers, with"
    " reports and expert evidence.",
    "category": "services",
    "cpv_code": "71900000",
    "value_gbp": 300_000,
    "duration_months": 48,
    "nation": "Northern Ireland",
}
# Works in England: a new depot, so no bidder has a baseline for its site.
DEPOT = FURNITURE | {
    "title": "New highways depot",
    "description": "Building a new highways depot and salt barn on a cleared site.",
    "category": "works",
    "cpv_code": "45213000",
    "value_gbp": 6_500_000,
    "duration_months": 24,
    "nation": "England",
}
# A small advice service in Wales with an extension: several outcomes too small for minimums.
ADVICE = FURNITURE | {
    "title": "Debt advice service",
    "description": "Debt advice by phone and face to face from two community hubs, by a small"
    " voluntary sector provider.",
    "category": "services",
    "cpv_code": "85312300",
    "value_gbp": 640_000,
    "duration_months": 36,
    "extension_months": 24,
    "nation": "Wales",
}
SAVED = {"id": 9, "updated_at": "2026-12-08 10:00:00"}
# The sentences the old rules wrote, which contradicted the fixed points or paid for prose.
OLD = (
    "earns no marks by its size",
    "the size of the bidder's commitment is part of the quality of its answer",
    "is not a score of 0",
    "scored on its quality like any other",
    "and your answer is scored on its quality",
    "that answer is scored on its quality alone",
)


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, contract, codes, *, scale="0-5"):
    chosen = [{"measure": measures[c], "priority": PRIORITY} for c in codes]
    council = COUNCIL | {"nation": contract["nation"]}
    inputs = document.Inputs(council, contract, chosen, scoring_scale=scale)
    return document.build(inputs, today=datetime.date(2026, 12, 8))


def text(doc, key):
    clause = doc.clause(key)
    return clause.text if clause else ""


def every_format(doc):
    """The words a bidder reads in each format: spec (HTML), response form, workbook, OCDS."""
    issue = commitments.issue_for(doc, SAVED)
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    cells = [c.text for t in form.tables for r in t.rows for c in r.cells]
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    instructions = [c for (c,) in book[workbook.INSTRUCTIONS].iter_rows(values_only=True) if c]
    tender = ocds.release(doc)["tender"]
    criteria = [tender["awardCriteriaDetails"]] + [
        c["description"] for lot in tender["lots"] for c in lot["awardCriteria"]["criteria"]
    ]
    return {
        "spec": re.sub(r"<[^>]+>", " ", html_page.render(doc)),
        "response": " ".join([p.text for p in form.paragraphs] + cells),
        "workbook": " ".join(instructions),
        "ocds": " ".join(criteria),
    }


CASES = [
    (FURNITURE, ["ENV-02", "ENV-01"], "0-5", "1 (Poor)"),
    (SAMPLES, ["JOB-01", "COM-06"], "0-100", "25 (Weak)"),
    (DEPOT, ["ENV-01", "JOB-01"], "0-5", "1 (Poor)"),
    (ADVICE, ["ECO-01", "ENV-02"], "0-100", "25 (Weak)"),
]


@pytest.mark.parametrize(
    "contract, codes, scale, cap", CASES, ids=["goods-S", "lab-NI", "works-E", "advice-W"]
)
def test_an_answer_of_0_cannot_reach_the_top_descriptors_in_any_format(
    measures, contract, codes, scale, cap
):
    doc = build(measures, contract, codes, scale=scale)
    zero = [o for o in doc.outcomes if o.minimum is None and o.suggestion.optional]
    assert zero, [(o.code, o.minimum) for o in doc.outcomes]
    method = text(doc, "evaluation.proposed")
    names = " and ".join(o.name for o in zero)
    if len(zero) > 2:
        names = ", ".join(o.name for o in zero[:-1]) + f" and {zero[-1].name}"
    assert (
        f"For {names}, 0 is accepted, but an answer that commits 0, or nothing measurable in the"
        f" outcome's unit, scores no more than {cap}, whatever else it says: a higher score needs"
        " a commitment of more than 0" in method
    ), method
    assert "becomes the contract's minimum for the outcome" in method
    # Said once for each outcome and once in the evaluation method, never again in the
    # descriptors or the pass or fail list (FINDINGS-19a-u: the rule restated up to eight times).
    [table] = [b for s in doc.sections for b in s.blocks if b.key == "evaluation.descriptors"]
    assert not any("commits 0" in row[2] for row in table.rows), table.rows
    assert "commits 0" not in text(doc, "evaluation.pass-fail")
    for o in zero:
        assert f"An answer for {o.name} that commits 0, or nothing measurable, scores no more" in (
            text(doc, f"outcome.{o.code}.minimum")
        )
    formats = every_format(doc)
    assert formats["spec"].count(f"scores no more than {cap}") == len(zero) + 1, formats["spec"]
    for name, said in formats.items():
        assert f"scores no more than {cap}" in said, name
        for old in OLD:
            assert old not in said, (name, old)


def test_an_outcome_with_a_minimum_carries_no_zero_rule(measures):
    """The rule is said only where 0 is accepted: nowhere else does a 0 reach the evaluation."""
    doc = build(measures, DEPOT, ["JOB-01", "SKL-08"])
    assert all(o.minimum is not None for o in doc.outcomes)
    said = every_format(doc)
    for name, words in said.items():
        assert "commits 0, or nothing measurable" not in words, name
    # Commitment marks above a minimum hang on the credibility test: the form restates it
    # (FINDINGS-18b adaptations: the form left it out, so bidders would miss it).
    assert any(o.split.scores_commitment for o in doc.outcomes)
    assert "passes the specification's credibility test" in said["response"]
    assert "a timetable, year by year" in said["response"]


def test_a_pack_whose_outcomes_all_lack_minimums_warns_the_officer(measures):
    doc = build(measures, ADVICE, ["ECO-01", "ENV-02"])
    assert all(o.minimum is None for o in doc.outcomes)
    [warning] = [c for c in checks.run(doc) if c.message.startswith("No scored outcome has a")]
    assert warning.level == "warning"
    assert "weighting rides on commitments the bidders propose" in warning.message
    assert "set a minimum from the service's own figures" in warning.message
    assert "or carry fewer outcomes" in warning.message
    # The weighting policy it stands on is cited with its source and the date checked.
    assert "PPN 002's 10% least weighting is for central government" in warning.message
    assert "gov.uk" in warning.message and "checked 2026-12-08" in warning.message
    # Northern Ireland's own note sets its floor: PPN 002 is not cited there.
    ni = build(measures, SAMPLES, ["JOB-01", "COM-06"])
    [warning] = [c for c in checks.run(ni) if c.message.startswith("No scored outcome has a")]
    assert "PPN 002" not in warning.message
    # One outcome with a minimum: no such warning.
    mixed = build(measures, DEPOT, ["ENV-01", "JOB-01"])
    assert any(o.minimum is not None for o in mixed.outcomes)
    assert not [c for c in checks.run(mixed) if c.message.startswith("No scored outcome has a")]


@pytest.mark.parametrize(
    "contract, codes",
    [(FURNITURE, ["ECO-11", "ENV-10", "ENV-01"]), (SAMPLES, ["COM-06", "JOB-01"])],
    ids=["fixed-points-and-none", "lab-NI"],
)
def test_size_and_quality_are_said_once_for_each_outcome_and_never_contradict(
    measures, contract, codes
):
    """FINDINGS-18a adults 7, agency 9: "the size ... is part of the quality of its answer"
    beside "The commitment offered earns no marks by its size"."""
    doc = build(measures, contract, codes)
    sized = {o.name for o in doc.outcomes if o.minimum is None and (o.reference or o.scale)}
    unsized = {o.name for o in doc.outcomes if o.minimum is None} - sized
    assert sized and unsized
    method = text(doc, "evaluation.proposed")
    for old in OLD:
        assert old not in method
    # Every sentence that says a size earns no marks names only outcomes without fixed points,
    # and every one that says size limits the score names only outcomes with them.
    for sentence in re.split(r"(?<=\.)\s+", method):
        named = set(re.findall(r"Outcome \d+", sentence))
        if "earns no marks" in sentence:
            assert named and named <= unsized, sentence
        if "limits the quality score" in sentence:
            assert named and named <= sized, sentence
    for o in doc.outcomes:
        minimum = text(doc, f"outcome.{o.code}.minimum")
        assert ("not on the size of the commitment" in minimum) == (o.name in unsized), minimum
    # The weighting paragraph says one quality score, never "quality alone" beside fixed points.
    weighting = text(doc, "evaluation.weighting")
    assert "is given one quality score, and the commitment earns no separate marks" in weighting
    assert "quality alone" not in weighting
    # The OCDS criteria carry each outcome's own rule, as the specification does.
    published = json.dumps(ocds.release(doc))
    assert "earns no marks by its size" not in published


def test_a_cut_against_a_baseline_the_bidder_may_not_have_says_one_baseline_rule(measures):
    """FINDINGS-18b public analyst 3: "with its current baseline or ... how it will measure one
    in the first contract year" beside "a baseline agreed before work starts"."""
    doc = build(measures, FURNITURE, ["ENV-01"])
    [cut] = doc.outcomes
    assert cut.suggestion.no_baseline
    minimum = text(doc, f"outcome.{cut.code}.minimum")
    assert (
        f"The council agrees {cut.name}'s baseline with the supplier by the end of the first"
        " contract year" in minimum
    )
    assert "then its first year's cut is 0" in minimum
    assert (
        "Each year's figure is the cut in that year against the baseline, not a running total"
        in (minimum)
    )
    said = " ".join(c.text for c in doc.clauses())
    assert "before work starts" not in said
    assert "against the baseline agreed with the council" in said
