"""Which outcomes take the slots, and what is additional (FINDINGS-17a-rs, 17b-rs): the floor of
fit is measured from the best fit before tokens are left out; an outcome that counts what the
contract does not handle is not chosen; an outcome is credited to a priority only by the promise
it keeps; and what the description already requires is not scored as social value. (A priority
past its review date: test_checks.py::test_priority_reviews.)"""

import pytest
from test_what_the_supplier_does import _generate

from specifier.catalogue.files import builtin_measures
from specifier.specification import commands, relevance

TOKEN = (
    "On this contract, once only the places or groups its priority names count, it comes to"
    " less than the smallest worthwhile ask, a token rather than a minimum"
)


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def test_the_floor_is_measured_from_the_best_fit_before_tokens_are_left_out(measures):
    """FINDINGS-17a-rs 2: local spend (0.54) sized as a token lowered the floor to the next best
    (0.47), so a timber condition (0.33) no priority asked for came in. Measured from 0.54 it is
    out, and the log names the token it was measured from."""
    spend = {"id": 1, "title": "Spend more of the public pound locally", "theme": "local-economy"}
    goods = "Commonly delivered by suppliers of goods"
    ranked = [
        relevance.Candidate(measures["ECO-01"], spend, True, 0.54, token=TOKEN),
        relevance.Candidate(
            measures["ENV-17"], None, False, 0.47, staple=goods, staple_rank=(2, 0)
        ),
        relevance.Candidate(
            measures["ENV-21"], None, False, 0.33, staple=goods, staple_rank=(2, -4)
        ),
    ]
    chosen = [c.code for c in relevance.choose(ranked, 2)]
    assert "ENV-21" not in chosen and "ENV-17" in chosen, chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 2))
    assert "more than 0.20 below the best fit, ECO-01 (0.54, a token here)" in why["ENV-21"]
    # The slot ECO-01 leaves is left empty, and the log says why.
    said = commands._empty(ranked, relevance.choose(ranked, 2), 2)
    assert said.startswith("Chose 1 scored outcome where this contract carries up to 2")
    assert "the best fit, ECO-01 (0.54, a token here" in said and "left empty" in said


def test_an_outcome_is_credited_only_by_the_promise_it_keeps(measures):
    """FINDINGS-17a-rs 3.4: single-use plastics were credited to a carbon priority whose
    description says heating "used" in buildings is the largest "source" of emissions, through
    its goal's other promise, "responsibly sourced materials"; nor does it serve a sourcing
    priority that accepted certified timber under the same goal. Plastics promise more reuse:
    a priority that accepted waste diverted and reused is still credited with them."""
    carbon = {
        "id": 1,
        "title": "Cut carbon from council services",
        "description": "Heating used in council buildings is the largest source of our emissions.",
        "theme": "environment",
    }
    sourcing = {"id": 2, "title": "Buy timber responsibly", "theme": "environment"}
    reuse = {"id": 3, "title": "Send less to landfill", "theme": "environment"}
    ranked = [
        relevance.Candidate(measures["ENV-07"], carbon, True, 0.5),
        relevance.Candidate(measures["ENV-21"], sourcing, True, 0.5),
        relevance.Candidate(measures["ENV-16"], None, False, 0.45, staple="market"),
    ]
    chosen = {c.code: c for c in relevance.choose(ranked, 4)}
    assert chosen["ENV-16"].priority is None, chosen["ENV-16"].credited_by
    ranked.append(relevance.Candidate(measures["ENV-14"], reuse, True, 0.5))
    chosen = {c.code: c for c in relevance.choose(ranked, 4)}
    assert chosen["ENV-16"].priority is reuse, chosen["ENV-16"].credited_by
    assert "its aim, more reuse, is that of ENV-14" in chosen["ENV-16"].credited_by


def test_outcomes_count_only_what_the_contract_handles_and_what_it_does_not_already_require(
    runner, tmp_path
):
    """Through `flask generate-spec`: disposable gloves and aprons are asked for no timber
    condition and no reuse of removed items (FINDINGS-17a-rs 2.1-2.2); a library service the
    description already requires in Welsh to the Welsh Language Standards carries no "services
    in Welsh" condition, and the log says why (FINDINGS-17b-rs 2.6); classroom furniture keeps
    its timber."""
    gloves, log = _generate(
        runner,
        tmp_path,
        "gloves",
        "cwm-aderyn",
        "procurement:\n  title: Supply of disposable gloves, aprons and hygiene consumables\n"
        "  description: Supply and delivery of disposable nitrile gloves, disposable aprons and"
        " hand towels to 40 schools, 6 care homes and 3 day centres, on weekly orders.\n"
        "  category: goods\n  cpv_code: '33141420'\n  value_gbp: 900000\n"
        "  duration_months: 36\n  nation: Wales\n",
    )
    assert "Timber" not in gloves and "reused" not in gloves
    assert "the goods (disposable) are used up in use" in log
    library, log = _generate(
        runner,
        tmp_path,
        "library",
        "cwm-aderyn",
        "procurement:\n  title: Mobile library and home delivery library service\n"
        "  description: Two mobile library vans visiting 60 villages and a home delivery"
        " service for 300 housebound residents. The service must be delivered in Welsh and"
        " English to the Welsh Language Standards.\n  category: services\n"
        "  cpv_code: '92511000'\n  value_gbp: 1600000\n  duration_months: 60\n"
        "  nation: Wales\n",
    )
    assert "Services offered in Welsh" not in library
    assert "measures services offered in Welsh, which the contract itself pays for" in log
    furniture, log = _generate(
        runner,
        tmp_path,
        "furniture",
        "kilbrannan",
        "procurement:\n  title: Classroom furniture for school refurbishments\n"
        "  description: Supply and installation of desks, chairs and storage for 12 school"
        " refurbishments, with removal of the old furniture.\n  category: goods\n"
        "  cpv_code: '39160000'\n  value_gbp: 1200000\n  duration_months: 36\n"
        "  nation: Scotland\n",
    )
    assert "Timber from certified sustainable sources" in furniture
