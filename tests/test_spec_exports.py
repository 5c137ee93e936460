"""The three exports from one document: Word reopened, HTML self-contained, OCDS validated offline."""

import copy
import csv
import datetime
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import jsonschema
import lxml.html
import pytest
import referencing
import referencing.jsonschema

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, readability
from specifier.specification.eligibility import ANYONE
from specifier.specification.export import html_page, ocds, word
from specifier.wording import measured

OCDS = Path(__file__).parent / "data" / "ocds"
EXTENSIONS = ("lots", "sustainability", "awardCriteriaBreakdown", "techniques")
COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1", "HF2"],
    "weighting_pct": 15,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
PRIORITY = {
    "id": 7,
    "title": "Get more young people <script>into</script> work",
    "description": "Youth unemployment is twice the borough rate.",
    "theme": "jobs",
    "importance": "high",
    "evidence_statistic": "9.2% claimant rate for 18-24s & rising",
    "evidence_source": "Nomis",
    "evidence_date": "2025-09",
    "places": ["Millbank"],
    "target_groups": ["care leavers"],
}
CODES = ("JOB-01", "SKL-01", "ECO-05", "ENV-01", "FWK-01", "COM-17")


def procurement(**changes):
    return {
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
    } | changes


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, council=COUNCIL, **changes):
    chosen = [
        {"measure": measures[c], "priority": PRIORITY if i < 2 else None}
        for i, c in enumerate(CODES)
    ]
    return document.build(
        document.Inputs(council, procurement(**changes), chosen), today=datetime.date(2026, 5, 1)
    )


def test_every_section_is_present_in_order(measures):
    doc = build(measures)
    assert [s.title for s in doc.sections] == [
        "Purpose and legal basis",
        "The council's priorities for this contract",
        "Definitions",
        "Prescribed outcomes",
        "Evaluation",
        "Contract management",
        "Summary",
    ]
    for o in doc.outcomes:
        # An outcome serving no priority gives no reason unless the contract gives one.
        why = ("why",) if o.priority or o.carried else ()
        for part in ("outcome", *why, "minimum", "evidence", "higher"):
            assert doc.clause(f"outcome.{o.code}.{part}") is not None
    assert len(doc.kpis) >= 3
    assert "must" in doc.clause("definitions.additionality").text


def test_clause_text_reads_plainly(measures):
    whole, each = readability.for_document(build(measures))
    assert whole.ease >= readability.TARGET
    generic = {
        k: s for k, s in each.items() if not k.startswith("outcome.") or k.endswith(".minimum")
    }
    assert all(s.meets_target for s in generic.values()), generic


def test_nations_get_their_own_law(measures):
    scotland = build(measures, council=COUNCIL | {"nation": "Scotland"}, nation="Scotland")
    law = scotland.clause("purpose.law").text
    assert "Procurement Reform (Scotland) Act 2014" in law and "Procurement Act 2023" not in law
    assert scotland.clause("purpose.community-benefits") is not None
    assert "This is a regulated procurement" in law and "the sustainable procurement duty" in law
    # Services above the 2015 Regulations' threshold: the Regulations apply too.
    assert "Public Contracts (Scotland) Regulations 2015, so those regulations apply too" in law
    # The council's own justification ("The outcomes in this section are the result") is gone.
    assert "are the result" not in law
    small = build(
        measures,
        council=COUNCIL | {"nation": "Scotland", "threshold_gbp": 0},
        nation="Scotland",
        value_gbp=40_000,
        category="goods",
    ).clause("purpose.law")
    assert "is not a regulated procurement" in small.text and "section 9" not in small.text
    wales = build(measures, council=COUNCIL | {"nation": "Wales"}, nation="Wales")
    assert "Wales Procurement Policy Statement" in wales.clause("purpose.wales").text
    assert "well-being goals" in wales.clause("purpose.wales").text
    england = build(measures)
    assert "National Procurement Policy Statement" in england.clause("purpose.law").text
    assert "Social Value) Act 2012" in england.clause("purpose.law").text
    # Section 23 is said as what the council did, never as a claim that each criterion passes.
    said = england.clause("purpose.law").text
    assert "set in line with section 23 of the Act" in said
    assert "clear, measurable and specific" not in said and "This section is the result" not in said
    assert "can be delivered through the people" not in england.clause("purpose.subject").text


def test_checks_flag_counting_and_missing_minimums(measures):
    doc = build(measures)
    found = checks.run(doc)
    messages = " ".join(c.message for c in found)
    assert "could count under Outcome 1 (JOB-01) and Outcome 2 (SKL-01)" in messages
    assert (
        f"A person who could count under both Outcome 1 ({measures['JOB-01']['title']}) and"
        " Outcome 2 (Apprenticeships started on the contract) counts under both"
    ) in doc.clause("definitions.counting").text
    assert "ENV-01) has no minimum" in messages
    assert any(c.level == "warning" and c.topic == "KPIs" for c in found)


def test_a_minimum_the_rules_leave_out_is_information_not_a_problem(measures):
    odd = measures["ENV-01"] | {"code": "ODD-1", "unit": "widgets", "title": "Widgets"}
    chosen = [{"measure": m, "priority": PRIORITY} for m in (measures["ENV-01"], odd)]
    doc = document.build(document.Inputs(COUNCIL, procurement(), chosen))
    found = {c.message.split(")")[0]: c for c in checks.run(doc) if c.topic == "Measurable"}
    baseline, unknown = found["Outcome 1 (ENV-01"], found["Outcome 2 (ODD-1"]
    assert baseline.level == "ok" and "No action needed" in baseline.message
    assert "bidder's own baseline" in baseline.message
    assert unknown.level == "warning" and "no proportionality rule covers its unit" in (
        unknown.message
    )
    small = document.build(
        document.Inputs(
            COUNCIL,
            procurement(value_gbp=120_000, duration_months=12),
            [{"measure": measures["JOB-01"], "priority": PRIORITY}],
        )
    )
    [tiny] = [c for c in checks.run(small) if c.topic == "Measurable"]
    # Below one FTE year in all, a token: 0 is accepted (FINDINGS-12 D2).
    assert tiny.level == "warning" and "a commitment of 0 is accepted" in tiny.message


def test_edits_override_generated_text(measures):
    chosen = [{"measure": measures["JOB-01"], "priority": None}]
    inputs = document.Inputs(COUNCIL, procurement(), chosen, edits={"purpose.intro": "Our words."})
    doc = document.build(inputs)
    assert doc.clause("purpose.intro").text == "Our words." and doc.clause("purpose.intro").edited


def test_word_document_reopens_with_headings_numbered_clauses_and_tables(measures):
    data = word.render(build(measures))
    opened = docx.Document(io.BytesIO(data))
    # Numbers come from Word's list numbering (see test_itt_pack.py), not typed text.
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Purpose and legal basis" and headings[-1] == "Summary"
    assert any(
        p.style.name == "Heading 2" and p.text.startswith("Outcome 1:") for p in opened.paragraphs
    )
    assert not any(p.text.startswith("1.1\t") for p in opened.paragraphs)
    assert len(opened.tables) == 4
    summary = opened.tables[-1]
    assert [c.text for c in summary.rows[0].cells] == [
        "Outcome",
        "Minimum commitment",
        "Evidence",
        "Weighting",
    ]
    assert summary.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert opened.core_properties.author == "Hatherdale Council"
    assert opened.core_properties.title == "Social value specification: Street cleansing"
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "<script>into</script>" in text  # user text is literal in Word, never markup


def test_html_is_self_contained_and_escapes_user_text(measures):
    page = html_page.render(build(measures))
    assert "<script>into</script>" not in page and "&lt;script&gt;into&lt;/script&gt;" in page
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//html/@lang") == ["en-GB"]
    assert len(tree.xpath("//h1")) == 1 and len(tree.xpath("//style")) == 1
    assert not tree.xpath("//link | //script | //img | //iframe")
    assert all(
        t.xpath("./caption") and t.xpath(".//th[@scope='col']") for t in tree.xpath("//table")
    )


def _merged_schema():
    schema = json.loads((OCDS / "release-schema.json").read_text())

    def merge(target, patch):  # JSON Merge Patch (RFC 7386), as OCDS applies extensions
        for key, value in patch.items():
            if value is None:
                target.pop(key, None)
            elif isinstance(value, dict) and isinstance(target.get(key), dict):
                merge(target[key], value)
            else:
                target[key] = copy.deepcopy(value)

    for name in EXTENSIONS:
        merge(schema, json.loads((OCDS / f"{name}-release-schema.json").read_text()))
    return schema


def _undeclared(data, schema, root, path="release"):
    """Fields we emit that the merged schema does not declare (OCDS 'additional fields')."""
    if "$ref" in schema:
        schema = root["definitions"][schema["$ref"].split("/")[-1]]
    found = []
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        for key, value in data.items():
            if key not in properties:
                found.append(f"{path}.{key}")
            else:
                found += _undeclared(value, properties[key], root, f"{path}.{key}")
    elif isinstance(data, list) and "items" in schema:
        for i, item in enumerate(data):
            found += _undeclared(item, schema["items"], root, f"{path}[{i}]")
    return found


NORTH = {"title": "North rounds", "value_gbp": 2_880_000}
SOUTH = {"title": "South rounds", "value_gbp": None}


@pytest.mark.parametrize("lots", [[], [NORTH, SOUTH]])
def test_ocds_release_validates_against_the_schema_and_extensions(measures, lots):
    # A framework with lots (the techniques extension's flag), a single contract without.
    framework = {"kind": "framework", "guaranteed_value_gbp": None}
    doc = build(measures, lots=lots, **(framework if lots else {}))
    package = json.loads(ocds.package(doc))
    checker = jsonschema.FormatChecker()
    schema = _merged_schema()
    # The published package schema $refs the release schema by its URL: serve the merged
    # (extended) release schema under that URL so validation never touches the network.
    registry = referencing.Registry().with_resource(
        schema["id"], referencing.jsonschema.DRAFT4.create_resource(schema)
    )
    jsonschema.Draft4Validator(
        json.loads((OCDS / "release-package-schema.json").read_text()),
        format_checker=checker,
        registry=registry,
    ).validate(package)
    # OCDS 1.1 requires only version and releases; we also promise the package metadata.
    assert package["uri"] and package["publishedDate"] and package["publisher"]["name"]
    release = package["releases"][0]
    errors = list(jsonschema.Draft4Validator(schema, format_checker=checker).iter_errors(release))
    assert not errors, [e.message for e in errors]
    assert _undeclared(release, schema, schema) == []
    tender = release["tender"]
    goals, strategies = (
        {row["Code"] for row in csv.DictReader(io.StringIO((OCDS / name).read_text()))}
        for name in ("sustainabilityGoal.csv", "sustainabilityStrategy.csv")
    )
    for item in tender["sustainability"]:
        assert item["goal"] in goals or item["goal"].split(".")[0] in goals
        assert set(item["strategies"]) <= strategies
    assert len(tender["lots"]) == max(1, len(lots))
    # A framework says so (FINDINGS-12 D10); a single contract carries no techniques at all.
    assert tender.get("techniques") == ({"hasFrameworkAgreement": True} if lots else None)
    if lots:  # a lot's value when the council gave one, and none made up when it did not
        assert tender["lots"][0]["value"] == {"amount": 2_880_000, "currency": "GBP"}
        assert "value" not in tender["lots"][1]
    weights = [c["numbers"][0]["number"] for c in tender["lots"][0]["awardCriteria"]["criteria"]]
    assert sum(weights) == pytest.approx(doc.weighting.pct)


def _lots(doc):
    clause = doc.clause("outcomes.lots")
    table = next(
        (t for s in doc.sections for t in s.blocks if t.key == "outcomes.lots-table"), None
    )
    return clause.text, table


def test_minimums_are_shared_between_lots_only_when_every_lot_has_a_value(measures):
    south = {**SOUTH, "value_gbp": 4_320_000}
    # Anyone counts: the priority's care leavers would leave too few jobs to share out.
    chosen = [{"measure": measures[c], "priority": PRIORITY, "eligibility": ANYONE} for c in CODES]

    def build(measures, lots):
        inputs = document.Inputs(COUNCIL, procurement(lots=lots), chosen)
        return document.build(inputs, today=datetime.date(2026, 5, 1))

    doc = build(measures, lots=[NORTH, south])
    text, table = _lots(doc)
    assert "social value is evaluated separately for each lot" in text
    assert "each lot's minimum is its share of it, by the lots' estimated values" in text
    assert table.header == [
        "Outcome",
        "North rounds",
        "South rounds",
        "A supplier awarded every lot",
    ]
    jobs = next(o for o in doc.outcomes if o.code == "JOB-01")
    north, south_share = (lot.minimum for lot in jobs.lots)
    assert north == int(jobs.minimum * 0.4) and south_share == int(jobs.minimum * 0.6)
    assert [
        f"Outcome 1: {jobs.title}",
        *(measured(m, jobs.unit) for m in (north, south_share, north + south_share)),
    ] in (table.rows)
    assert doc.clause("purpose.lots").text.startswith("This tender has 2 lots: North rounds;")
    # Without a value for every lot no total is shared: bidders propose it for each lot, and
    # the table (which the scoring points to) says so beside the whole contract's minimum.
    text, table = _lots(build(measures, lots=[NORTH, SOUTH]))
    assert "without estimated values" in text and "propose its commitment" in text
    jobs = next(o for o in build(measures, lots=[NORTH, SOUTH]).outcomes if o.code == "JOB-01")
    row = next(r for r in table.rows if r[0] == f"Outcome 1: {jobs.title}")
    assert row[1:] == ["Supplier proposes", "Supplier proposes", measured(jobs.minimum, jobs.unit)]
    # A lot too small for a worthwhile share still has a minimum its bidders can be held to.
    tiny = {"title": "Keys", "value_gbp": 10_000}
    _text, table = _lots(build(measures, lots=[NORTH, tiny]))
    assert table.rows[0][2] == measured(1, jobs.unit)


def test_libreoffice_opens_the_word_file_and_lays_it_out(measures, tmp_path):
    source = tmp_path / "specification.docx"
    source.write_bytes(word.render(build(measures)))
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: apt-get install -y libreoffice-writer-nogui"
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "specification.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for heading in ("1. Purpose and legal basis", "4. Prescribed outcomes", "7. Summary"):
        assert re.search(heading.replace(". ", r"\.\s+"), text), heading
    assert "<script>into</script>" in text
    assert "Minimum commitment" in text


def build_codes(measures, codes, council=COUNCIL, today=datetime.date(2026, 5, 1), **changes):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    inputs = document.Inputs(council, procurement(**changes), chosen)
    return document.build(inputs, today=today)


# The exports' usual specification with a percentage bidders commit to (FWK-05) in place of the
# real Living Wage, which is a contract condition (pass or fail), not a commitment to fill in.
ITT_CODES = tuple("FWK-05" if c == "FWK-01" else c for c in CODES)


def build_itt(measures, **changes):
    """The specification the response form and workbook tests fill in."""
    return build_codes(measures, ITT_CODES, **changes)


def _inputs(measures, **extra):
    chosen = [{"measure": measures["JOB-01"], "priority": None}]
    return document.Inputs(COUNCIL, procurement(), chosen, **extra)


def test_an_edit_whose_generated_wording_has_changed_is_flagged(measures):
    # The officer's own 15% (one question with a minimum bears 10% unless the officer sets it).
    own = {"weighting_pct": 15}
    generated = document.build(_inputs(measures, **own)).clause("purpose.intro").generated
    assert "15% of the total score" in generated
    edits = {"purpose.intro": "Our words: social value is 15% of the score."}
    bases = {"purpose.intro": generated}
    current = document.build(_inputs(measures, edits=edits, bases=bases, **own))
    assert not current.clause("purpose.intro").stale
    assert not [c for c in checks.run(current) if c.topic == "Edited wording"]
    reweighted = _inputs(measures, edits=edits, bases={"purpose.intro": generated})
    reweighted.weighting_pct = 30
    doc = document.build(reweighted)
    clause = doc.clause("purpose.intro")
    assert clause.stale and "30% of the total score" in clause.generated
    assert "15%" in clause.text  # the edit is kept, and flagged
    found = [c for c in checks.run(doc) if c.topic == "Edited wording"]
    assert [c.level for c in found] == ["warning"]
    assert found[0].message.startswith("Clause 1.1: the generated wording has changed since")
    # An edit saved before the generated wording was kept cannot be judged, so is not flagged.
    legacy = _inputs(measures, edits=edits, weighting_pct=30)
    assert not document.build(legacy).clause("purpose.intro").stale


def test_the_introduction_only_promises_minimums_that_exist(measures):
    every = build_codes(measures, ["JOB-01", "SKL-01"]).clause("purpose.intro").text
    assert "Each outcome has a minimum commitment" in every
    mixed = build_codes(measures, ["JOB-01", "ENV-01"]).clause("purpose.intro").text
    assert "Each outcome has a minimum commitment" not in mixed
    assert "1 of the 2 outcomes has a minimum commitment" in mixed
    assert "For the other outcome, the bidder proposes its own commitment" in mixed
    none = build_codes(measures, ["ENV-01"]).clause("purpose.intro").text
    assert "minimum commitment" not in none and "more than the minimum" not in none
    assert "the bidder proposes its own commitment" in none


def test_the_counting_clause_says_where_each_overlap_counts(measures):
    def rules(codes):
        text = build_codes(measures, codes).clause("definitions.counting").text
        return [line for line in text.splitlines() if "could count under both" in line]

    assert rules(["COM-13", "INN-04"]) == []  # households given energy advice; people online
    assert rules(["JOB-02", "COM-13"]) == []
    [both] = rules(["JOB-01", "JOB-02"])
    assert both.endswith("counts under both, in each one's own unit.")  # FTE years and people
    # A care leaver who is also a lone parent meets one targeted ask, not two.
    [general_care, general_lone, one_only] = rules(["JOB-01", "JOB-07", "JOB-15"])
    assert "counts under both" in general_care and "counts under both" in general_lone
    assert one_only.endswith("counts under Outcome 2 only, the first of them.")
    # Two measures of the same unit that overlap: the narrower is part of the broader.
    [spend] = rules(["ECO-01", "ECO-05"])
    assert "Outcome 2's is not on top of Outcome 1's" in spend


def test_a_group_facing_barriers_gets_a_smaller_minimum_and_says_why(measures):
    cleaning = {"cpv_code": "90910000"}
    doc = build_codes(measures, ["JOB-01", "JOB-15"], **cleaning)
    general, lone_parents = doc.outcomes
    assert lone_parents.minimum < general.minimum
    assert "5% of them, or one a year as a workforce of this size can fill one" in (
        lone_parents.generated_rationale
    )
    assert "staff turnover of 30% a year" in lone_parents.generated_rationale
    # Only new starts count, so the general ask is a share of the vacancies too, a larger one.
    assert "vacancies over 3 years; 20% of them gives" in general.generated_rationale
    assert "rounded down so that it stays a floor" in general.generated_rationale
    short = build_codes(measures, ["JOB-01"], value_gbp=150_000, duration_months=6).outcomes[0]
    assert short.minimum is None
    assert "below the smallest worthwhile ask of 1" in short.generated_rationale
    assert "0 is accepted" in short.generated_rationale  # below one in all: a token


def test_welsh_well_being_goals_are_those_the_chosen_outcomes_serve(measures):
    wales = COUNCIL | {"nation": "Wales"}
    doc = build_codes(measures, ["COM-21", "JOB-01"], council=wales, nation="Wales")
    text = doc.clause("purpose.wales").text
    assert "A Wales of vibrant culture and thriving Welsh language" in text
    assert "A healthier Wales" not in text and "A resilient Wales" not in text
    health = build_codes(measures, ["COM-02"], council=wales, nation="Wales")
    assert "A healthier Wales" in health.clause("purpose.wales").text


def test_short_contracts_report_sensibly_and_days_say_which_days(measures):
    # A contract of a year or less, or under £100,000, reports once, at the end.
    six = build_codes(measures, ["JOB-01"], value_gbp=300_000, duration_months=6)
    assert six.reporting == "once, at the end of the contract"
    small = build_codes(measures, ["JOB-01"], value_gbp=40_000, duration_months=24)
    assert small.reporting == "once, at the end of the contract"
    # Otherwise by what it spends a year (reporting in proportionality.yaml, FINDINGS-16b 6).
    two = build_codes(measures, ["JOB-01"], value_gbp=300_000, duration_months=24)
    assert two.reporting == "once a year"
    mid = build_codes(measures, ["JOB-01"], value_gbp=1_200_000, duration_months=24)
    assert mid.reporting == "every six months"
    three = build_codes(measures, ["JOB-01"], value_gbp=300_000, duration_months=3)
    assert three.reporting == "once, at the end of the contract"
    target = three.kpis[0]["target"]
    assert "each reporting period" not in target and "at each report" not in target
    reporting = three.clause("management.reporting").text
    assert "must report once, within 10 working days of the end of the contract" in reporting
    long = build_codes(measures, ["JOB-01"])
    assert long.reporting == "quarterly"
    assert "no more than 20% behind the delivery plan's profile" in long.kpis[0]["target"]
    plan = long.clause("management.plan").text
    assert "by 31 October 2026, within 30 calendar days of the contract start date" in plan
    for clause in long.clauses():
        assert not re.search(r"\d+ days", clause.text), clause.key  # working or calendar days
    for kpi in long.kpis:
        assert not re.search(r"\d+ days", kpi["target"]), kpi


def test_a_start_date_in_the_past_is_a_warning(measures):
    doc = build_codes(measures, ["JOB-01"], today=datetime.date(2026, 11, 26))
    found = [c for c in checks.run(doc) if c.topic == "Dates"]
    assert [c.level for c in found] == ["warning"]
    assert found[0].message == (
        "The contract start date, 1 October 2026, is in the past, and so is the delivery plan"
        " deadline of 31 October 2026: check the start date before export"
    )
    future = build_codes(measures, ["JOB-01"], today=datetime.date(2026, 5, 1))
    assert not [c for c in checks.run(future) if c.topic == "Dates"]


def test_two_stored_contracts_with_the_same_reference_get_different_ocids(measures):
    """A reference such as "TBC" is often shared; the stored contract's id keeps ocids apart."""
    first = ocds.ocid(build(measures, id=7, reference="TBC"))
    second = ocds.ocid(build(measures, id=8, reference="TBC"))
    assert first != second and first.startswith("ocds-svspec-")
    assert ocds.ocid(build(measures, reference="HC-SC-1")).endswith("-hc-sc-1")


def test_a_sentence_already_said_is_not_said_again(measures):
    # Two jobs outcomes for the same priority: the second's "why" would repeat the first's.
    chosen = [{"measure": measures[c], "priority": PRIORITY} for c in ("JOB-01", "JOB-02")]
    doc = document.build(document.Inputs(COUNCIL, procurement(), chosen))
    first, second = doc.clause("outcome.JOB-01.why"), doc.clause("outcome.JOB-02.why")
    assert "Why Outcome 1 matters here" in first.text
    assert "9.2% claimant rate for 18-24s & rising." in first.text
    assert "claimant rate" not in second.text  # the evidence is said once, under Outcome 1
    said = [s for c in doc.clauses() for s in re.split(r"(?<=[.!?])\s+", c.text)]
    long = [s for s in said if len(s.split()) >= 5]
    assert len(long) == len(set(long))
    # The commissioner's own wording is kept as written, even when it repeats.
    edits = {"outcome.JOB-02.why": first.text}
    kept = document.build(document.Inputs(COUNCIL, procurement(), chosen, edits=edits))
    assert kept.clause("outcome.JOB-02.why").text == first.text


def test_counts_read_as_english(measures):
    one = build_codes(measures, ["JOB-01"], duration_months=1, value_gbp=300_000)
    subject = one.clause("purpose.subject").text
    assert "over 1 month" in subject and "1 months" not in subject
    intro = one.clause("purpose.intro").text
    assert "chosen 1 outcome that matters" in intro


def test_the_local_definition_is_made_of_whole_sentences(measures):
    doc = build_codes(measures, ["JOB-01"])
    text = doc.clause("definitions.local").text
    assert text.startswith('"Local" means within the Hatherdale Council boundary.')
    assert "The local postcode districts are HF1 and HF2." in text
    for line in text.splitlines():
        assert not line or (line[0].isupper() or line[0] == '"') and line.endswith("."), line
    named = build_codes(measures, ["JOB-01"], council=COUNCIL | {"local_description": "Hatherdale"})
    assert named.clause("definitions.local").text.startswith('"Local" means Hatherdale.')


def test_ocds_values_are_always_without_vat(measures):
    """FINDINGS-8 E10: one file's tender.value included VAT and another's did not, with nothing
    to say which; every release's values are now without VAT."""
    lots = [
        {"title": "North", "value_gbp": 4_800_000},
        {"title": "South", "value_gbp": 2_400_000},
    ]
    releases = {
        vat: ocds.release(build(measures, value_includes_vat=vat, lots=lots))["tender"]
        for vat in (True, False, None)
    }
    assert releases[True]["value"] == {"amount": 6_000_000, "currency": "GBP"}
    assert releases[True]["lots"][1]["value"]["amount"] == 2_000_000
    assert releases[False]["value"]["amount"] == releases[None]["value"]["amount"] == 7_200_000
    assert releases[False]["lots"][1]["value"]["amount"] == 2_400_000
