"""The log's "Not chosen" reasons are the comparison that left each outcome out (sixteenth
review: "all chosen ranked above it" beside a chosen outcome ranking lower)."""

import re

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import relevance


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _priority(number):
    return {"id": number, "title": f"Priority {number}"}


def _accepted(measures, code, score, number, **kw):
    return relevance.Candidate(measures[code], _priority(number), True, score, **kw)


def _staple(measures, code, score, rank):
    return relevance.Candidate(
        measures[code], None, False, score, staple="Commonly delivered", staple_rank=rank
    )


def assert_reasons_match_the_ranking(ranked, limit):
    """Every reason agrees with the scores: "ranked above it" only where every chosen scored
    outcome does, and every chosen one ranking lower is named in the reason."""
    chosen = [c for c in relevance.choose(ranked, limit) if not relevance.is_condition(c.measure)]
    for candidate, why in relevance.passed_over(ranked, limit):
        lower = [c for c in chosen if c.score < candidate.score]
        if "ranked above it" in why:
            assert not lower, f"{candidate.code}: {why}"
        if "this contract carries at most" in why or "too far to be chosen" in why:
            for c in lower:
                assert c.code in why, f"{candidate.code} leaves out {c.code}: {why}"
        for code, score in re.findall(r"\b([A-Z]{3}-\d{2}) \((\d\.\d\d)\)", why):
            said = next(c for c in ranked if c.code == code)
            assert f"{said.score:.2f}" == score, why
    return dict((c.code, w) for c, w in relevance.passed_over(ranked, limit))


def test_a_token_left_out_names_the_lower_ranked_outcome_with_a_real_minimum(measures):
    """16b item 4: the Gaelic outcome (0.50), a token on a small contract, was left out with
    "all chosen ranked above it" while local spend (0.48) was chosen; the log now gives the
    real reason."""
    ranked = [
        _staple(measures, "SKL-09", 0.51, (2, 0)),
        _accepted(measures, "COM-22", 0.50, 1, token=relevance.UNDER_ONE),
        _accepted(measures, "ECO-01", 0.48, 2),
    ]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["ECO-01", "SKL-09"]
    why = assert_reasons_match_the_ranking(ranked, 2)
    assert "all chosen ranked above it" not in why["COM-22"]
    # A token never fills a slot beside outcomes with a real minimum (part R1): its reason is
    # that it is a token, not a ranking it would have won.
    assert (
        why["COM-22"]
        == "on this contract it comes to less than one in all, a token rather than a minimum"
    )


def test_a_slot_held_for_an_outcome_then_left_out_says_where_the_slot_went(measures):
    """16a: the slot held for the delivery-emissions staple went, once that staple was left out
    for counting the same vehicles as the fleet outcome, to a lower-ranked staple; the log said
    the last slot "is held for" the staple that was never chosen."""
    ranked = [
        _accepted(measures, "ECO-05", 0.47, 1),
        _accepted(measures, "ENV-10", 0.45, 2),
        _accepted(measures, "ENV-01", 0.43, 2),
        _staple(measures, "ENV-12", 0.43, (2, -5)),
        _staple(measures, "FWK-16", 0.39, (2, -2)),
        _staple(measures, "ENV-02", 0.38, (2, -6)),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 3)]
    why = assert_reasons_match_the_ranking(ranked, 3)
    assert chosen == ["ECO-05", "ENV-10", "ENV-02"]
    for said in why.values():
        assert "the last is held for the market's environmental staple ENV-12" not in said, said
    assert (
        "held for the market's environmental staple ENV-12 (0.43), which was then left out:"
        " it could count the same vehicles as ENV-10" in why["ENV-01"]
    )
    assert "the freed slot went to ENV-02 (0.38), which ranks below it (0.43)" in why["ENV-01"]


def test_a_priority_second_left_out_names_the_priority_best_chosen_below_it(measures):
    """Each priority's best comes before any priority's second: the log says so, naming the
    lower-ranked best it chose, never "all chosen ranked above it"."""
    ranked = [
        _accepted(measures, "SKL-01", 0.70, 1),
        _accepted(measures, "JOB-08", 0.60, 1),
        _accepted(measures, "ECO-01", 0.50, 2),
    ]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["SKL-01", "ECO-01"]
    why = assert_reasons_match_the_ranking(ranked, 2)
    assert "ECO-01 (0.50), the best fit for “Priority 2”, was chosen ahead of it" in why["JOB-08"]
    assert "it is a second for “Priority 1”" in why["JOB-08"]


def test_where_every_chosen_outcome_ranks_above_the_log_says_so(measures):
    ranked = [
        _accepted(measures, "SKL-01", 0.70, 1),
        _accepted(measures, "ECO-01", 0.60, 2),
        _accepted(measures, "ENV-01", 0.50, 3),
    ]
    why = assert_reasons_match_the_ranking(ranked, 2)
    assert "all chosen ranked above it (it ranks 0.50)" in why["ENV-01"]


def test_the_words_a_rule_matched_are_quoted_as_the_description_has_them(measures):
    """16b item 10: COM-01 was left out because "its description speaks of fitness", and COM-02
    "of day centre", on a clinic whose description says "LARC fitting" and "six days a week
    ... health centre". The log quotes the words it actually matched."""
    clinic = {
        "title": "Sexual health clinic",
        "description": "LARC fitting in GP practices; a hub at the health centre six days a week.",
    }
    found = relevance.own_scope(clinic, measures["COM-01"])
    assert found.because == "its description has the word “fitting”, read as fitness"
    found = relevance.own_scope(clinic, measures["COM-02"])
    assert found.because == "its description has the words “days” and “centre”, read as day centre"
    gym = {"title": "Leisure", "description": "A gym and a day centre for older residents."}
    assert relevance.own_scope(gym, measures["COM-02"]).because == (
        "its description speaks of day centre"
    )


def test_an_overlap_with_a_lower_ranked_outcome_says_what_put_that_one_first(measures):
    """Of two outcomes counting the same people, the lower-ranked one carried by the market
    is kept: the log said only "chosen before it"; it now says why."""
    carried = (relevance.sectors.BY_CARRY, 0)
    ranked = [
        _accepted(measures, "JOB-05", 0.65, 1),
        _staple(measures, "JOB-01", 0.55, carried),
        _accepted(measures, "ECO-01", 0.50, 2),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["JOB-01", "ECO-01"]
    why = assert_reasons_match_the_ranking(ranked, 3)
    assert why["JOB-05"] == (
        "it could count the same people or pounds as JOB-01, and the market's staple"
        " JOB-01 (0.55) was chosen ahead of it, though it ranks 0.65"
    )


def test_too_far_from_the_best_fit_names_each_outcome_chosen_below_it(measures):
    """An outcome its priority names is kept below the floor (measured from that priority's
    best): one left out as "too far to be chosen" while it ranks higher says so."""
    interns = {"id": 2, "title": "Offer supported internships to young people with SEND"}
    ranked = [
        _accepted(measures, "FWK-06", 0.75, 1),
        relevance.Candidate(measures["SKL-11"], interns, True, 0.45, named=True),
        _accepted(measures, "COM-01", 0.50, 3),
    ]
    assert [c.code for c in relevance.choose(ranked, 3)] == ["FWK-06", "SKL-11"]
    why = assert_reasons_match_the_ranking(ranked, 3)
    assert "too far to be chosen for you" in why["COM-01"]
    assert "SKL-11 (0.45) is kept below it as its priority names it" in why["COM-01"]


def test_a_higher_rank_is_never_shown_as_two_equal_scores(measures):
    """ "which ranks higher (0.40 against 0.40)" read as false: scores that print alike at two
    places are shown to three."""
    ranked = [_accepted(measures, "ECO-06", 0.4024, 1), _accepted(measures, "ECO-01", 0.3981, 1)]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 3))
    assert why["ECO-01"].endswith("which ranks higher (0.402 against 0.398)"), why["ECO-01"]
