"""The fourth review's findings on sizing and on how proposed commitments are judged (part F2).

Each test names the finding it guards (docs/specification-review.md, "Fifth review round,
2026-12-07: part F2") and builds contracts unlike the review's panel.
"""

import json
import re

import pytest
from test_tender_terms import build, text

from specifier import wording
from specifier.catalogue.files import builtin_measures
from specifier.specification import proportionality
from specifier.specification.export import ocds

# A rank among the tenders, or a size under one whole unit, said to bidders.
RELATIVE = re.compile(
    r"tenders received|among the largest|largest in the|than one whole unit", re.I
)
CONTRACTS = {
    "street-cleansing": {"value_gbp": 6_000_000, "duration_months": 60, "cpv_code": "90610000"},
    "home-care": {"value_gbp": 6_000_000, "duration_months": 60, "cpv_code": "85312000"},
    "small-cleaning": {"value_gbp": 180_000, "duration_months": 18, "cpv_code": "90910000"},
    "leisure-concession": {
        "value_gbp": 9_500_000,
        "duration_months": 120,
        "cpv_code": "92610000",
        "kind": "concession",
    },
    "highways-works": {
        "value_gbp": 60_000_000,
        "duration_months": 48,
        "cpv_code": "45233000",
        "category": "works",
    },
    "repairs-framework": {
        "value_gbp": 2_500_000,
        "duration_months": 48,
        "cpv_code": "45453000",
        "category": "works",
        "kind": "framework",
        "guaranteed_value_gbp": None,
    },
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


@pytest.fixture(scope="module")
def every_outcome(measures):
    """Every catalogue measure on every contract above, one outcome to a document."""
    return {
        (name, code): build(measures, [code], **contract)
        for name, contract in CONTRACTS.items()
        for code in measures
    }


def _size(outcome):
    return outcome.minimum if outcome.minimum is not None else outcome.reference


@pytest.mark.parametrize("cpv", ["90610000", "85312000"], ids=["street-cleansing", "home-care"])
def test_a1_a2_a_labour_heavy_6m_service_over_5_years_asks_several_people(measures, cpv):
    """First-review defect 6: people outcomes are sized from the workforce the money buys."""
    contract = {"value_gbp": 6_000_000, "duration_months": 60, "cpv_code": cpv}
    doc = build(measures, ["JOB-02", "JOB-01"], **contract)
    hires, jobs = doc.outcomes
    assert hires.suggestion.fte >= 15, "a £1.2m-a-year labour-led service employs a real workforce"
    assert _size(hires) >= 3 and _size(jobs) >= 2, (_size(hires), _size(jobs))
    assert not RELATIVE.search(" ".join(c.text for c in doc.clauses()))


@pytest.mark.parametrize("nation", ["England", "Wales", "Scotland"])
def test_d9_60m_of_works_asks_at_least_the_52_weeks_of_training_per_1m_benchmark(measures, nation):
    """D9: "at least 2 FTE years" or a handful of apprentices on £60m is thin in any nation."""
    contract = CONTRACTS["highways-works"] | {"nation": nation}
    doc = build(measures, ["SKL-02", "SKL-01"], **contract)
    weeks, starts = doc.outcomes
    assert weeks.minimum >= 52 * 60
    # Apprentices in post over the contract give at least the benchmark's weeks too.
    assert starts.suggestion.in_post * 52 * 4 >= 52 * 60
    assert starts.minimum >= 60 / 4
    assert "52 weeks of training per £1m" in starts.generated_rationale


def test_d9_no_people_minimum_of_one_on_a_multi_million_contract(every_outcome):
    """D9: a thin people minimum becomes a proposal judged against a published reference."""
    seen = 0
    for (name, code), doc in every_outcome.items():
        for o in doc.outcomes:
            s = o.suggestion
            if not proportionality.counts_people(s.method, s.unit) or s.value_gbp < 2_000_000:
                continue
            if o.per_gbp:
                continue  # a framework's rate per £1m of call-offs, not a total
            if o.minimum is not None:
                assert o.minimum >= 2, (name, code, o.minimum)
            if s.reason == "thin":
                seen += 1
                assert o.reference and o.reference >= 1, (name, code)
                assert [n for n in o.officer_notes if n.startswith("No minimum is set")]
    assert seen, "no thin minimum was turned into a reference: are the contracts still large?"


def test_a1_a2_no_bidder_text_ranks_tenders_or_publishes_a_sub_unit_size(every_outcome):
    """A1, A2: every scored commitment is judged against fixed, published points."""
    for (name, code), doc in every_outcome.items():
        bidder = " ".join(c.text for c in doc.clauses() if not c.key.startswith("officer"))
        assert not RELATIVE.search(bidder), (name, code, RELATIVE.search(bidder))
        assert not RELATIVE.search(json.dumps(ocds.release(doc))), (name, code)


def test_a1_every_proposed_commitment_is_judged_one_fixed_way_and_5_5_agrees_with_5_6(
    every_outcome,
):
    """A1: a reference, a published percentage scale, or quality alone; never the other tenders."""
    for (name, code), doc in every_outcome.items():
        method = text(doc, "evaluation.proposed")
        for o in doc.outcomes:
            if o.minimum is not None:
                continue
            ways = [
                bool(o.reference)
                and f"{o.name}, a commitment of {wording.measured(o.reference * 2, o.unit)}"
                in method,
                bool(o.scale)
                and f"For {o.name}, " in method
                and f"is large when it is at least {o.scale[0]}%" in method,
                "scored on its quality alone" in method and not o.reference and not o.scale,
            ]
            assert sum(bool(w) for w in ways) == 1, (name, code, method)
            if o.reference or o.scale:
                assert "fixed before tenders are opened" in method, (name, code)
                assert "one bidder's offer never changes" in method
        quantitative = text(doc, "evaluation.quantitative")
        if "C the bidder's commitment" in quantitative:
            assert "not against other bidders' offers" in quantitative


def test_a5_baseline_wording_only_for_a_measure_that_has_a_baseline(every_outcome):
    """A5: vacancies filled by local people have no supplier baseline to take into account."""
    seen = {True: 0, False: 0}
    for (name, code), doc in every_outcome.items():
        for o in doc.outcomes:
            if o.minimum is not None:
                continue
            said = " ".join(
                text(doc, key)
                for key in (
                    "evaluation.proposed",
                    f"outcome.{o.code}.minimum",
                    "evaluation.pass-fail",
                )
            )
            # FINDINGS-14a A5, 14b D5: only a cut is judged against a baseline; a level (a share
            # of the fleet) or an amount (tonnes reused) is what this contract delivers.
            has_baseline = o.suggestion.reason == "propose" and (
                proportionality.is_cut(o.measure) or "reduction" in o.title.lower()
            )
            seen[has_baseline] += 1
            assert ("baseline" in said) == has_baseline, (name, code, said)
            if o.unit.strip().startswith("%") or code in ("ENV-14", "ENV-15", "ENV-11"):
                kpi = text(doc, "management.kpis") + str(doc.kpis)
                assert "baseline" not in said and "against its baseline" not in kpi, (name, code)
                assert "treated as below" not in said, (name, code)
    assert seen[True] and seen[False]


def test_a1_the_ocds_criteria_carry_the_words_points_for_each_proposed_commitment(measures):
    """Word and OCDS agree: the same reference, percentage scale or quality alone, per outcome."""
    who = {"places": [], "groups": ["disabled people"]}
    doc = build(measures, ["JOB-01", "ENV-10", "ENV-06"], who=who, **CONTRACTS["highways-works"])
    hires, fleet, residents = doc.outcomes
    assert hires.reference and fleet.scale and not (residents.reference or residents.scale)
    released = ocds.release(doc)
    [lot] = released["tender"]["lots"]
    criteria = {c["name"]: c["description"] for c in lot["awardCriteria"]["criteria"]}
    # How proposed commitments are judged is part of the published award criteria details.
    assert text(doc, "evaluation.proposed").replace("\n", " ") in lot["awardCriteria"][
        "weightingDescription"
    ].replace("\n", " ")
    for o in doc.outcomes:
        [description] = [d for name, d in criteria.items() if f"outcome {o.number}," in name]
        word = text(doc, f"outcome.{o.code}.minimum")
        assert word in description
    method = text(doc, "evaluation.proposed")
    figure = wording.measured(hires.reference * 2, hires.unit)
    assert figure in text(doc, f"outcome.{hires.code}.minimum") and figure in method
    large, modest = fleet.scale
    assert f"{large}% or more" in text(doc, f"outcome.{fleet.code}.minimum")
    assert f"at least {large}%" in method and f"lower point is {modest}%" in method
    assert "scored on its quality" in text(doc, f"outcome.{residents.code}.minimum")


def test_a1_each_lot_is_judged_against_its_own_share_of_the_reference(measures):
    """Social value is evaluated lot by lot: a contract-wide reference would judge no lot fairly."""
    who = {"places": [], "groups": ["disabled people"]}
    lots = [
        {"title": "North", "value_gbp": 40_000_000},
        {"title": "South", "value_gbp": 20_000_000},
    ]
    contract = CONTRACTS["highways-works"] | {"lots": lots}
    doc = build(measures, ["JOB-01"], who=who, **contract)
    [jobs] = doc.outcomes
    assert jobs.minimum is None and jobs.reference
    method = text(doc, "evaluation.proposed")
    for (title, own), lot in zip(jobs.lot_references, lots, strict=True):
        share = jobs.suggestion.raw * lot["value_gbp"] / 60_000_000
        if own is None:
            assert f"{title}, none" in method
        else:
            assert own >= 1 and abs(own - share) <= 0.5, (title, own, share)
            assert f"{title}, {wording.measured(own * 2, jobs.unit)} or more" in method
    # Where no lot's share is big enough to publish, no answer is judged by the contract's figure.
    tiny = [{"title": f"Lot {n}", "value_gbp": 6_000_000} for n in range(10)]
    split = build(measures, ["JOB-01"], who=who, **contract | {"lots": tiny})
    [jobs] = split.outcomes
    assert jobs.reference is None and jobs.small_reference
    assert "scored on its quality alone" in text(split, "evaluation.proposed")


def test_d1_no_reference_for_whole_things_below_the_smallest_worthwhile_ask(every_outcome):
    """D1: "1 participant over ten years" anchors bidders as low as a minimum of one would."""
    for (name, code), doc in every_outcome.items():
        for o in doc.outcomes:
            s = o.suggestion
            if o.reference and not o.per_gbp and proportionality.counted_whole(s.unit):
                assert o.reference >= (s.floor or 1) and o.reference == int(o.reference), (
                    name,
                    code,
                    o.reference,
                )
