"""Outcomes that serve a council priority come first, and every outcome adds something beyond the
core service (FINDINGS-19a-u 2.1, 3.1-3.2; FINDINGS-19b-u 2.2, 2.4-2.5): an outcome serving no
priority weighs less than every one that does and gives bidders no catalogue label as its
reason; weights follow the importance the council gives its priorities; a take-back or repair
share is never asked of a hire, nor of bulk materials; and what the description already provides
(a language, a format) does not count."""

import datetime
import io
import json

import docx
import pytest
from test_tender_terms import COUNCIL, PRIORITY
from test_what_the_supplier_does import _generate

from specifier.catalogue.files import builtin_measures
from specifier.specification import document
from specifier.specification.export import html_page, ocds, word


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _priority(ident, title, theme, importance):
    return PRIORITY | {"id": ident, "title": title, "theme": theme, "importance": importance}


def _build(measures, chosen, **contract):
    procurement = {
        "title": "Supply and servicing of office equipment",
        "description": "Supply of printers, laptops and monitors to council offices each year.",
        "category": "goods",
        "cpv_code": "30200000",
        "kind": "contract",
        "value_gbp": 2_000_000,
        "duration_months": 36,
        "start_date": "2027-09-01",
        "nation": "England",
        "reference": "T-V1",
        "lots": [],
    } | contract
    picked = [{"measure": measures[code], "priority": priority} for code, priority in chosen]
    inputs = document.Inputs(COUNCIL, procurement, picked)
    return document.build(inputs, today=datetime.date(2026, 12, 8))


def _texts(doc):
    """The bidder's text in Word, HTML and OCDS."""
    word_doc = docx.Document(io.BytesIO(word.render(doc)))
    said = "\n".join(p.text for p in word_doc.paragraphs)
    said += "\n".join(c.text for t in word_doc.tables for r in t.rows for c in r.cells)
    return said, html_page.render(doc), json.dumps(ocds.release(doc), ensure_ascii=False)


def _weights(doc):
    return {o.code: o.weight for o in doc.outcomes}


def test_an_outcome_serving_no_priority_weighs_least_and_gives_no_label_as_its_reason(measures):
    """Reuse no priority asked for carried 7% beside the council's carbon priority at 3%, and
    told bidders it "serves the social value outcome 'More reuse'"."""
    carbon = _priority(1, "Cut the carbon from council services", "environment", "high")
    doc = _build(measures, [("ENV-01", carbon), ("ENV-18", None)])
    weights = _weights(doc)
    assert weights["ENV-18"] < weights["ENV-01"], weights
    for text in _texts(doc):
        assert "serves the social value outcome" not in text
        assert "More reuse." not in text
    reuse = next(o for o in doc.outcomes if o.code == "ENV-18")
    assert doc.clause(f"outcome.{reuse.code}.why") is None
    asks = doc.clause(f"outcome.{reuse.code}.outcome").text
    assert asks.startswith(f"What {reuse.name} asks for: Share of products supplied")
    # Beside two outcomes with minimums, one serving no priority still weighs least.
    jobs = _priority(2, "Help people out of work into jobs", "jobs", "medium")
    doc = _build(
        measures,
        [("ECO-01", _priority(3, "Spend locally", "local-economy", "high")), ("ENV-18", None)],
    )
    weights = _weights(doc)
    assert weights["ENV-18"] < weights["ECO-01"], weights
    doc = _build(measures, [("ENV-18", None), ("JOB-01", jobs)])
    assert _weights(doc)["ENV-18"] < _weights(doc)["JOB-01"], _weights(doc)


def test_weights_follow_the_importance_the_council_gives_its_priorities(measures):
    """A works contract: apprenticeships for a medium-importance priority, with a minimum, no
    longer outweigh local spend and recycled content for high-importance ones."""
    skills = _priority(1, "Create apprenticeships on the building programme", "skills", "medium")
    spend = _priority(2, "Spend more with local businesses", "local-economy", "high")
    carbon = _priority(3, "Cut carbon from the goods the council buys", "environment", "high")
    doc = _build(
        measures,
        [("SKL-01", skills), ("ECO-01", spend), ("ENV-19", carbon)],
        title="Extension to a primary school",
        description="Two-storey classroom extension and hall to a primary school.",
        category="works",
        cpv_code="45214210",
        value_gbp=6_000_000,
        nation="Wales",
        duration_months=24,
    )
    weights = _weights(doc)
    assert weights["SKL-01"] <= min(weights["ECO-01"], weights["ENV-19"]), weights
    assert sum(weights.values()) == pytest.approx(doc.weighting.pct)
    # The published award criteria carry the same weights.
    release = ocds.release(doc)
    published = {
        c["name"].split(", ", 1)[1]: c["numbers"][0]["number"]
        for c in release["tender"]["lots"][0]["awardCriteria"]["criteria"]
        if c["name"].startswith("Social value: outcome")
    }
    by_title = {o.title: o.weight for o in doc.outcomes}
    assert published == pytest.approx(by_title), published


HIRE = (
    "procurement:\n  title: Staging, marquees and seating for council events\n"
    "  description: The supplier hires to the council staging, marquees and temporary seating"
    " for about 25 outdoor events a year, erects them and takes them away after each event,"
    " and repairs the hired equipment between events.\n  category: goods\n"
    "  cpv_code: '39522530'\n  value_gbp: 640000\n  value_includes_vat: no\n"
    "  duration_months: 36\n  start_date: '2027-04-01'\n  nation: {nation}\n"
)


def test_take_back_and_reuse_are_never_asked_of_a_hire(runner, tmp_path):
    """Festive lighting hired each season was scored on the share of units taken back: on a
    hire every item comes back by definition. Not chosen; where the officer names it, the
    hired items' return is said not to count."""
    text, log = _generate(runner, tmp_path, "hire", "kilbrannan", HIRE.format(nation="Scotland"))
    assert "repair, refurbishment and take-back" not in text and "reused" not in text.lower()
    assert "ENV-18 (Products supplied with repair, refurbishment and take-back)" in log
    assert "the contract is a hire: every item comes back to the supplier" in log
    named = HIRE.format(nation="England") + "specification:\n  outcomes:\n"
    named += "    - measure: ENV-18\n    - measure: ECO-01\n"
    text, log = _generate(runner, tmp_path, "named", "hatherdale", named)
    assert (
        "The specification already requires the return of the hired items to the supplier at"
        " the end of each hire, which is the contract's own nature (“The supplier hires to the"
        " council staging" in text
    )
    assert "so it does not count towards Outcome 1; only what goes beyond it counts" in text


BULK = (
    "procurement:\n  title: Framework for aggregates, cement and timber\n"
    "  description: Supply of aggregates, cement, sand, timber and sheet materials to the"
    " council's depots on next-day delivery, about 2,000 order lines a month.\n"
    "  category: goods\n  cpv_code: '44100000'\n  kind: framework\n  value_gbp: 4000000\n"
    "  value_includes_vat: no\n  duration_months: 48\n  start_date: '2027-09-01'\n"
    "  nation: England\n  lots:\n    - {title: Aggregates and cement, value_gbp: 2000000}\n"
    "    - {title: Timber and sheet materials, value_gbp: 2000000}\n"
)


def test_a_share_of_units_repaired_or_taken_back_applies_only_to_durable_goods(runner, tmp_path):
    """ "30% of units supplied" repaired, refurbished or taken back was a per-lot pass or fail
    minimum on timber, cement and cable. On bulk materials it is not chosen, and where the
    officer names it no minimum is set in any lot; laptops keep it."""
    merchant = BULK.replace("aggregates, cement, sand, timber", "copper pipe, fittings, cable")
    merchant = merchant.replace("Framework for aggregates, cement and timber", "Plumbing materials")
    _, log = _generate(runner, tmp_path, "merchant", "hatherdale", merchant)
    assert "Chose ENV-18" not in log
    assert "nothing in this contract's CPV code or description says the goods are durable" in log
    named = BULK + "specification:\n  outcomes:\n    - measure: ENV-18\n    - measure: ECO-01\n"
    text, log = _generate(runner, tmp_path, "bulk", "hatherdale", named)
    assert "Minimum commitment for Outcome 1: none, as the goods are bulk or consumable" in text
    assert "at least 30% of units supplied" not in text and "30%" not in text
    assert "Outcome 1 (ENV-18) has no minimum and a commitment of 0 is accepted" in log
    laptops = (
        "procurement:\n  title: Laptops for council staff\n  description: Supply of about 1,800"
        " laptops and docking stations each year on a rolling refresh, with a four-year"
        " warranty.\n  category: goods\n  cpv_code: '30213100'\n  value_gbp: 3100000\n"
        "  value_includes_vat: no\n  duration_months: 48\n  start_date: '2027-06-01'\n"
        "  nation: Wales\nspecification:\n  outcomes:\n    - measure: ENV-18\n"
    )
    text, _ = _generate(runner, tmp_path, "laptops", "cwm-aderyn", laptops)
    assert "at least 30% of units supplied" in text


def test_what_the_description_already_provides_in_a_language_or_format_does_not_count(
    runner, tmp_path
):
    """A ferry that "provides announcements, signage and booking in Gaelic and English" was
    scored on staff who use Gaelic with service users. A service the description has speak a
    language, or give information in a format, is said not to count it; learning still does."""
    library = (
        "procurement:\n  title: Mobile library service for the islands\n  description: Two"
        " mobile library vans visit 40 island communities each fortnight. The supplier provides"
        " the service, its signage and its reading events in Gaelic and English.\n"
        "  category: services\n  cpv_code: '92511000'\n  value_gbp: 2100000\n"
        "  value_includes_vat: no\n  duration_months: 60\n  workforce_fte: 9\n"
        "  start_date: '2027-04-01'\n  nation: Scotland\nspecification:\n  outcomes:\n"
        "    - measure: COM-22\n"
    )
    text, log = _generate(runner, tmp_path, "library", "kilbrannan", library)
    assert (
        "The specification already requires the service's own use of Gaelic (“The supplier"
        " provides the service, its signage and its reading events in Gaelic and English”)" in text
    )
    assert "Outcome 1 (COM-22) would count the service's own use of Gaelic" in log
    centre = (
        "procurement:\n  title: Visitor centre and boat trips\n  description: The operator runs"
        " the council's visitor centre and boat trips from April to October. It must give"
        " information in easy read formats.\n  category: services\n  cpv_code: '92521000'\n"
        "  value_gbp: 1200000\n  value_includes_vat: no\n  duration_months: 60\n"
        "  workforce_fte: 14\n  start_date: '2027-04-01'\n  nation: England\nspecification:\n"
        "  outcomes:\n    - measure: INN-08\n"
    )
    text, _ = _generate(runner, tmp_path, "centre", "hatherdale", centre)
    assert "The specification already requires information in the formats it names" in text
