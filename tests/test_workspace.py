"""The commissioner's workspace: status and the final lock, search, duplicate, compare, coverage."""

import io
import re

import docx
import lxml.html
import pytest

from specifier.councils import councils
from specifier.db import connect
from specifier.fields import Invalid
from specifier.migrations import migrations
from specifier.priorities import priorities
from specifier.specification import (
    checks,
    comparison,
    document,
    eligibility,
    lifecycle,
    listing,
    procurements,
    service,
    specifications,
)

CONTRACT = {
    "title": "Street cleansing",
    "description": "Sweeping streets, emptying litter bins and clearing fly-tipping across the borough.",
    "category": "services",
    "value_gbp": 7200000,
    "duration_months": 36,
    "reference": "HC-SC-1",
}


@pytest.fixture
def hatherdale(db):
    return councils.get_by_slug(db, "hatherdale")


def _specification(db, council, title="Street cleansing", codes=("SKL-01", "FWK-01")):
    """A procurement with a specification prescribing `codes` for two Hatherdale priorities."""
    lots = [{"title": "North", "value_gbp": "£3m"}, "South"]
    record = procurements.clean(
        {**CONTRACT, "title": title, "lots": lots}, default_nation="England"
    )
    procurement_id = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], procurement_id)
    active = priorities.search(db, council["id"], status="active")
    youth = next(p for p in active if "young people" in p["title"])
    wage = next(p for p in active if "Living Wage" in p["title"])
    chosen = list(zip(codes, (youth["id"], wage["id"]), strict=False))
    specifications.set_outcomes(db, council["id"], spec["id"], chosen)
    for code in codes:  # who counts, confirmed as the commissioner would before final
        specifications.set_eligibility(
            db, council["id"], spec["id"], code, eligibility.dump(eligibility.ANYONE)
        )
    # The weighting, set as the commissioner would: a weighting set stands, whatever the rules.
    spec = specifications.for_procurement(db, council["id"], procurement_id)
    settings = {f: spec[f] for f in ("scoring_scale", "status", "forced")}
    specifications.update_settings(db, council["id"], spec["id"], {**settings, "weighting_pct": 15})
    return procurement_id, specifications.for_procurement(db, council["id"], procurement_id)


def _doc(db, council, procurement_id):
    procurement = procurements.get(db, council["id"], procurement_id)
    spec = specifications.for_procurement(db, council["id"], procurement_id)
    return document.build(service.inputs(db, council, procurement, spec))


# Plain functions.


def test_diff_words_marks_insertions_and_deletions():
    assert comparison.diff_words("Employ 10 local people.", "Employ 12 local residents.") == [
        ("equal", "Employ "),
        ("delete", "10 "),
        ("insert", "12 "),
        ("equal", "local "),
        ("delete", "people."),
        ("insert", "residents."),
    ]
    rewritten = comparison.diff_words(
        "Completely different text here.", "Nothing in common at all."
    )
    assert rewritten == [
        ("delete", "Completely different text here."),
        ("insert", "Nothing in common at all."),
    ]
    assert comparison.diff_words("", "New") == [("insert", "New")]
    assert comparison.diff_words("Same", "Same") == [("equal", "Same")]


def test_status_moves_and_the_lock(db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale)
    lifecycle.change_status(db, hatherdale["id"], spec, "review")
    spec = specifications.for_procurement(db, hatherdale["id"], procurement_id)
    assert spec["status"] == "review" and not specifications.is_locked(spec)
    doc = _doc(db, hatherdale, procurement_id)
    lifecycle.change_status(db, hatherdale["id"], spec, "final", doc=doc, findings=checks.run(doc))
    spec = specifications.for_procurement(db, hatherdale["id"], procurement_id)
    assert specifications.is_locked(spec)
    with pytest.raises(Invalid) as refused:
        lifecycle.change_status(db, hatherdale["id"], spec, "draft")
    assert refused.value.errors["status"] == specifications.LOCKED


def test_a_specification_with_no_outcomes_cannot_be_final(db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale, codes=())
    doc = _doc(db, hatherdale, procurement_id)
    assert lifecycle.final_problems(doc, checks.run(doc)) == [
        "Outcomes: Choose at least one outcome"
    ]
    with pytest.raises(Invalid):
        lifecycle.change_status(
            db, hatherdale["id"], spec, "final", doc=doc, findings=checks.run(doc)
        )


def test_listing_searches_titles_references_codes_and_wording(db, hatherdale):
    first, spec = _specification(db, hatherdale)
    _specification(db, hatherdale, title="School meals", codes=("JOB-01",))
    specifications.edit_clause(db, hatherdale["id"], spec["id"], "purpose.intro", "Tidy streets")

    def titles(**kw):
        return [r["title"] for r in listing.listing(db, hatherdale["id"], **kw)]

    assert set(titles()) == {"Street cleansing", "School meals"}
    assert titles(text_query="meals") == ["School meals"]
    assert set(titles(text_query="HC-SC")) == {"Street cleansing", "School meals"}
    assert titles(text_query="FWK-01") == ["Street cleansing"]
    assert titles(text_query="tidy") == ["Street cleansing"]
    specifications.set_status(db, hatherdale["id"], spec["id"], "review")
    assert titles(status="review") == ["Street cleansing"]
    grouped = listing.by_status(listing.listing(db, hatherdale["id"]))
    assert [r["title"] for r in grouped["review"]] == ["Street cleansing"]
    assert [r["title"] for r in grouped["draft"]] == ["School meals"]
    assert grouped["final"] == []


def test_duplicate_copies_outcomes_minimums_and_wording_as_a_draft(db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale)
    specifications.set_minimum(db, hatherdale["id"], spec["id"], "SKL-01", 7, "Seven a year")
    specifications.edit_clause(db, hatherdale["id"], spec["id"], "purpose.intro", "Version 1")
    specifications.edit_clause(db, hatherdale["id"], spec["id"], "purpose.intro", "Version 2")
    specifications.set_status(db, hatherdale["id"], spec["id"], "final")
    procurement = procurements.get(db, hatherdale["id"], procurement_id)
    new_id = lifecycle.duplicate(db, hatherdale["id"], procurement, "Street cleansing 2027")
    copy = specifications.for_procurement(db, hatherdale["id"], new_id)
    assert copy["status"] == "draft" and copy["copied_from"] == spec["id"]
    assert specifications.outcomes(db, hatherdale["id"], copy["id"]) == specifications.outcomes(
        db, hatherdale["id"], spec["id"]
    )
    assert specifications.clause_edits(db, hatherdale["id"], copy["id"]) == {
        "purpose.intro": "Version 2"
    }
    assert procurements.get(db, hatherdale["id"], new_id)["reference"] == "HC-SC-1"
    assert procurements.get(db, hatherdale["id"], new_id)["lots"] == procurement["lots"]
    with pytest.raises(Invalid) as refused:
        lifecycle.duplicate(db, hatherdale["id"], procurement, "")
    assert refused.value.errors == {"title": "Enter the contract's title"}


def test_compare_documents_clause_by_clause(db, hatherdale):
    first, spec = _specification(db, hatherdale)
    second, copy = _specification(db, hatherdale, title="Street cleansing 2027", codes=("SKL-01",))
    specifications.edit_clause(db, hatherdale["id"], copy["id"], "purpose.intro", "New wording.")
    changes = comparison.compare_documents(
        _doc(db, hatherdale, first), _doc(db, hatherdale, second)
    )
    by_key = {c.key: c for c in changes}
    assert by_key["purpose.intro"].status == "changed"
    assert by_key["purpose.intro"].parts[-1] == ("insert", "New wording.")
    assert by_key["outcome.FWK-01.condition"].status == "removed"  # the Living Wage condition
    assert by_key["definitions.fte"].status == "same"
    facts = dict(
        (label, (a, b))
        for label, a, b in comparison.compare_facts(
            _doc(db, hatherdale, first), _doc(db, hatherdale, second)
        )
    )
    assert facts["Contract"] == ("Street cleansing", "Street cleansing 2027")


def test_coverage_shows_prescribed_and_never_asked_for_priorities(db, hatherdale):
    procurement_id, _spec = _specification(db, hatherdale)
    covered, never = listing.coverage(db, hatherdale["id"])
    prescribed = {p["title"]: tenders for p, tenders in covered}
    assert len(prescribed) == 2
    [tender] = next(t for title, t in prescribed.items() if "Living Wage" in title)
    assert tender["procurement_id"] == procurement_id and tender["codes"] == ["FWK-01"]
    active = priorities.search(db, hatherdale["id"], status="active")
    assert len(never) == len(active) - 2


def test_the_migration_keeps_specifications_and_their_children(tmp_path):
    db = connect(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m004_wizard_workspace")
    # Rows as the schema before m004 held them (today's functions expect later columns).
    db.execute("INSERT INTO councils (id, slug, name, nation) VALUES (1, 'x', 'X', 'England')")
    db.execute(
        "INSERT INTO procurements (id, council_id, title, description, category, value_gbp,"
        " duration_months, nation) VALUES (1, 1, 'T', 'D', 'works', 100000, 12, 'England')"
    )
    db.execute("INSERT INTO specifications (id, council_id, procurement_id) VALUES (1, 1, 1)")
    db.execute(
        "INSERT INTO specification_outcomes (council_id, specification_id, position, measure_code)"
        " VALUES (1, 1, 0, 'JOB-01')"
    )
    db.execute(
        "INSERT INTO clause_edits (council_id, specification_id, clause_key, version, text)"
        " VALUES (1, 1, 'purpose.intro', 1, 'Kept')"
    )
    db.conn.commit()
    migrations.apply(db)
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert specifications.outcomes(db, 1, 1)[0]["measure_code"] == "JOB-01"
    assert specifications.clause_edits(db, 1, 1) == {"purpose.intro": "Kept"}
    specifications.set_status(db, 1, 1, "review")
    db.execute("DELETE FROM procurements")
    assert db.table("clause_edits").count == 0  # cascades still work
    db.close()


# Pages.


def test_workspace_lists_by_status_and_searches(client, db, hatherdale):
    _specification(db, hatherdale)
    _specification(db, hatherdale, title="School meals", codes=("JOB-01",))
    page = client.get("/hatherdale/workspace/").get_data(as_text=True)
    for heading in ("Drafts (2)", "In review (0)", "Final (0)"):
        assert heading in page
    page = client.get("/hatherdale/workspace/?q=meals&status=draft").get_data(as_text=True)
    assert "1 specification matches your search" in page
    assert "School meals" in page and "Street cleansing" not in page
    _specification(db, hatherdale, title="Parks & <gardens>", codes=())
    for url in ("/hatherdale/workspace/", "/hatherdale/procurements/"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(
            r'<a class="govuk-link" href="[^"]+">Parks &amp; &lt;gardens&gt;</a>', page
        )


def test_status_review_final_and_the_lock_on_every_edit_route(client, db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale)
    base = f"/hatherdale/workspace/specifications/{procurement_id}"
    page = client.post(f"{base}/status", data={"status": "review"}, follow_redirects=True)
    assert "Street cleansing: in review" in page.get_data(as_text=True)
    page = client.get(f"{base}/final").get_data(as_text=True)
    assert "Once it is final, nobody can change" in page
    page = client.post(f"{base}/final", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Street cleansing is final" in page
    assert "Edit the specification" not in page

    edits = f"/hatherdale/procurements/{procurement_id}"
    for method, url, data in (
        ("get", f"{edits}/edit", None),
        ("post", f"{edits}/edit", {**CONTRACT, "title": "Renamed"}),
        ("get", f"{edits}/outcomes", None),
        ("post", f"{edits}/outcomes", {"codes": ["SKL-01"]}),
        ("post", f"{edits}/specification", {"status": "draft", "scoring_scale": "0-5"}),
        ("post", f"{edits}/specification/outcomes/SKL-01", {"minimum": "99"}),
        ("post", f"{edits}/specification/clauses/purpose.intro", {"text": "Changed"}),
    ):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith(f"{edits}/specification"), url
    page = client.get(f"{edits}/specification").get_data(as_text=True)
    assert "This specification is final, so it cannot be changed" in page
    # Nothing on the page offers a change that would then be refused.
    tree = lxml.html.fromstring(page)
    assert not tree.xpath("//main//form"), "a final specification shows no forms"
    assert not tree.xpath("//main//a[starts-with(normalize-space(.), 'Edit')]")
    assert not tree.xpath("//main//a[starts-with(normalize-space(.), 'Change')]")
    assert tree.xpath("//a[normalize-space(.)='duplicate it']")
    # A clause page reads the clause, says why it cannot change and how to: no form.
    response = client.get(f"{edits}/specification/clauses/purpose.intro")
    clause_page = lxml.html.fromstring(response.get_data(as_text=True))
    assert response.status_code == 200
    assert clause_page.xpath("//h1")[0].text_content().strip() == "Clause 1.1"
    assert "this clause cannot be changed" in clause_page.get_element_by_id("final").text_content()
    assert clause_page.xpath("//a[normalize-space(.)='duplicate the specification']")
    assert not clause_page.xpath("//main//form | //textarea")
    spec = specifications.for_procurement(db, hatherdale["id"], procurement_id)
    assert spec["status"] == "final"
    assert procurements.get(db, hatherdale["id"], procurement_id)["title"] == "Street cleansing"
    assert specifications.clause_edits(db, hatherdale["id"], spec["id"]) == {}
    assert [o["minimum"] for o in specifications.outcomes(db, hatherdale["id"], spec["id"])] == [
        None,
        None,
    ]
    # A final specification can still be downloaded and duplicated; it is marked for issue.
    word = docx.Document(io.BytesIO(client.get(f"{edits}/specification.docx").data))
    assert word.core_properties.content_status == "Final"
    header = "\n".join(p.text for p in word.sections[0].header.paragraphs)
    assert "HC-SC-1" in header and "not for issue" not in header
    page = client.post(
        f"{base}/duplicate", data={"title": "Street cleansing 2027"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Copy made: Street cleansing 2027" in page and "Draft" in page


def test_marking_final_is_refused_while_checks_fail(client, db, hatherdale):
    procurement_id, _spec = _specification(db, hatherdale, codes=())
    base = f"/hatherdale/workspace/specifications/{procurement_id}"
    page = client.get(f"{base}/final").get_data(as_text=True)
    assert "cannot be final yet" in page and "Choose at least one outcome" in page
    client.post(f"{base}/final", data={})
    assert specifications.for_procurement(db, hatherdale["id"], procurement_id)["status"] == "draft"


def test_compare_two_specifications_marks_changes_accessibly(client, db, hatherdale):
    first, _spec = _specification(db, hatherdale)
    procurement = procurements.get(db, hatherdale["id"], first)
    second = lifecycle.duplicate(db, hatherdale["id"], procurement, "Street cleansing 2027")
    copy = specifications.for_procurement(db, hatherdale["id"], second)
    specifications.edit_clause(
        db, hatherdale["id"], copy["id"], "purpose.intro", "Hatherdale wants cleaner streets."
    )
    page = client.get(f"/hatherdale/workspace/specifications/{second}").get_data(as_text=True)
    assert "Copied from" in page and "Compare with the specification it was copied from" in page
    page = client.get(f"/hatherdale/workspace/compare?first={first}&second={second}").get_data(
        as_text=True
    )
    assert re.search(r"1 of \d+ clauses and 0 of \d+ table rows differ", page)
    assert '<ins class="app-diff__ins"><span class="govuk-visually-hidden">[added: </span>' in page
    assert (
        '<del class="app-diff__del"><span class="govuk-visually-hidden">[taken out: </span>' in page
    )
    response = client.get(f"/hatherdale/workspace/compare?first={first}&second={first}")
    assert response.status_code == 400
    assert "Select a different specification to compare with" in response.get_data(as_text=True)


def test_a_change_of_value_shows_in_the_minimums_kpis_and_summary(client, db, hatherdale):
    """£24m to £12m: the clauses barely change, but minimums, KPI and summary rows do."""
    first, _spec = _specification(db, hatherdale, codes=("JOB-01", "SKL-01"))
    original = procurements.get(db, hatherdale["id"], first)
    procurements.update(db, hatherdale["id"], first, {**original, "value_gbp": 24_000_000})
    second = lifecycle.duplicate(
        db, hatherdale["id"], procurements.get(db, hatherdale["id"], first), "Street cleansing 2027"
    )
    copy = procurements.get(db, hatherdale["id"], second)
    procurements.update(db, hatherdale["id"], second, {**copy, "value_gbp": 12_000_000})
    response = client.get(f"/hatherdale/workspace/compare?first={first}&second={second}")
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    summary = tree.xpath("//p[contains(., 'table rows differ')]")[0].text_content()
    changed_rows = int(re.search(r"and (\d+) of \d+ table rows differ", summary).group(1))
    assert changed_rows >= 2, summary  # the KPI and summary rows of each minimum that changed
    minimums = {
        " ".join(row.xpath("./th")[0].text_content().split()): [
            td.text_content().strip() for td in row.xpath("./td")
        ]
        for row in tree.get_element_by_id("minimums").xpath(".//tbody/tr")
    }
    jobs = next(v for k, v in minimums.items() if k.startswith("JOB-01"))
    assert jobs[0] != jobs[1] and all("FTE year" in v for v in jobs), minimums
    assert next(k for k in minimums if k.startswith("JOB-01")).endswith("Differs")
    rows = [
        " ".join(h.text_content().split())
        for h in tree.xpath("//div[contains(@class, 'app-diff-row')]/h4")
    ]
    assert any(r.startswith("Key performance indicators: KPI 1:") for r in rows), rows
    assert any(r.startswith("Summary of prescribed outcomes: Outcome 1:") for r in rows), rows
    target = tree.xpath(
        "//div[contains(@class, 'app-diff-row')][starts-with(normalize-space(h4), "
        "'Summary of prescribed outcomes: Outcome 1:')]//p[starts-with(normalize-space(.), 'Minimum commitment:')]"
    )
    assert target and target[0].xpath(".//del") and target[0].xpath(".//ins")


def test_compare_from_a_specification_waits_for_the_officer(client, db, hatherdale):
    only, _spec = _specification(db, hatherdale)
    manage = f"/hatherdale/workspace/specifications/{only}"
    assert "Compare with another specification" not in client.get(manage).get_data(as_text=True)
    other, _spec = _specification(db, hatherdale, title="School meals", codes=("JOB-01",))
    page = client.get(manage).get_data(as_text=True)
    link = re.search(r'href="([^"]+)">Compare with another specification</a>', page)
    assert link and "second" not in link.group(1)
    response = client.get(link.group(1).replace("&amp;", "&"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" not in page
    second = page[page.index('name="second"') :]
    second = second[: second.index("</select>")]
    assert f'value="{other}"' in second and f'value="{only}"' not in second
    response = client.get(f"/hatherdale/workspace/compare?first={only}&second=")
    assert response.status_code == 400
    assert "Select the second specification" in response.get_data(as_text=True)


def test_the_manage_page_offers_the_same_downloads_as_the_specification_page(
    client, db, hatherdale
):
    procurement_id, _spec = _specification(db, hatherdale)
    manage = client.get(f"/hatherdale/workspace/specifications/{procurement_id}")
    spec = client.get(f"/hatherdale/procurements/{procurement_id}/specification")
    pattern = rf"/procurements/{procurement_id}/specification\.(\w+)"
    offered = sorted(set(re.findall(pattern, manage.get_data(as_text=True))))
    assert offered == sorted(set(re.findall(pattern, spec.get_data(as_text=True))))
    assert offered == ["docx", "html", "ocds", "response", "xlsx", "zip"]


def test_compare_two_versions_of_a_clause(client, db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale)
    specifications.edit_clause(db, hatherdale["id"], spec["id"], "purpose.intro", "First try.")
    specifications.edit_clause(db, hatherdale["id"], spec["id"], "purpose.intro", "Second try.")
    base = f"/hatherdale/workspace/specifications/{procurement_id}"
    page = client.get(base).get_data(as_text=True)
    assert "Compare versions of clause 1.1" in page
    page = client.get(f"{base}/clauses/purpose.intro/versions").get_data(as_text=True)
    assert re.search(r"From\s*</dt>\s*<dd[^>]*>\s*Version 1, ", page)
    assert re.search(r"To\s*</dt>\s*<dd[^>]*>\s*Version 2, ", page)
    assert "[taken out: </span>First" in page and "[added: </span>Second" in page
    page = client.get(f"{base}/clauses/purpose.intro/versions?older=0&newer=2").get_data(
        as_text=True
    )
    assert re.search(r"From\s*</dt>\s*<dd[^>]*>\s*The generated wording", page)
    assert client.get(f"{base}/clauses/purpose.law/versions").status_code == 404


def test_coverage_page(client, db, hatherdale):
    _specification(db, hatherdale)
    page = client.get("/hatherdale/workspace/coverage").get_data(as_text=True)
    assert "Never asked for" in page and "Prescribed in tenders (2)" in page
    assert "Street cleansing" in page and "SKL-01" in page


def test_every_table_that_scrolls_can_be_scrolled_by_keyboard(client, db, hatherdale):
    first, _spec = _specification(db, hatherdale)
    second, _spec = _specification(db, hatherdale, title="School meals", codes=("JOB-01",))
    for url in (
        "/hatherdale/procurements/",
        f"/hatherdale/procurements/{first}/specification",
        "/hatherdale/workspace/",
        "/hatherdale/workspace/coverage",
        f"/hatherdale/workspace/compare?first={first}&second={second}",
    ):
        tree = lxml.html.fromstring(client.get(url).get_data(as_text=True))
        wraps = tree.xpath("//div[contains(@class, 'app-table-wrap')]")
        assert wraps, url
        for wrap in wraps:
            assert wrap.get("tabindex") == "0" and wrap.get("role") == "region", url
            label = wrap.get("aria-label")
            if label is None:
                label = tree.get_element_by_id(wrap.get("aria-labelledby")).text_content()
            assert label.strip(), url


def test_another_councils_specification_is_not_found(client, db):
    kilbrannan = councils.get_by_slug(db, "kilbrannan")
    record = procurements.clean({**CONTRACT, "nation": "Scotland"}, default_nation="Scotland")
    theirs = procurements.create(db, kilbrannan["id"], record)
    for url in (
        f"/hatherdale/workspace/specifications/{theirs}",
        f"/hatherdale/workspace/specifications/{theirs}/final",
        f"/hatherdale/workspace/specifications/{theirs}/duplicate",
    ):
        assert client.get(url).status_code == 404
    assert (
        client.get(f"/hatherdale/workspace/compare?first={theirs}&second={theirs}").status_code
        == 400
    )


def test_workspace_times_read_the_uk_way(client, db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale)
    db.execute(
        "UPDATE specifications SET updated_at = '2026-11-26 15:33:50' WHERE id = ?", [spec["id"]]
    )
    page = client.get(f"/hatherdale/workspace/specifications/{procurement_id}")
    html = page.get_data(as_text=True)
    assert '<time datetime="2026-11-26T15:33:50Z">26 November 2026, 3:33pm UTC</time>' in html
    assert "2026-11-26 15:33:50" not in html
    listing = client.get("/hatherdale/workspace/").get_data(as_text=True)
    assert "26 November 2026" in listing and "2026-11-26" not in listing


def test_compare_is_offered_only_when_there_is_something_to_compare_with(client, db, hatherdale):
    workspace_page = "/hatherdale/workspace/"
    for existing in listing.listing(db, hatherdale["id"]):
        db.execute("DELETE FROM procurements WHERE id = ?", [existing["procurement_id"]])
    _specification(db, hatherdale)
    assert "Compare two specifications" not in client.get(workspace_page).get_data(as_text=True)
    _specification(db, hatherdale, title="Grounds maintenance")
    assert "Compare two specifications" in client.get(workspace_page).get_data(as_text=True)


def test_clause_versions_preview_where_each_version_differs(client, db, hatherdale):
    procurement_id, spec = _specification(db, hatherdale)
    generated = _doc(db, hatherdale, procurement_id).clause("purpose.intro").generated
    first = generated.replace("Social value means", "Social value here means", 1)
    specifications.edit_clause(db, hatherdale["id"], spec["id"], "purpose.intro", first)
    specifications.edit_clause(
        db, hatherdale["id"], spec["id"], "purpose.intro", first + " Bidders may ask questions."
    )
    page = client.get(
        f"/hatherdale/procurements/{procurement_id}/specification/clauses/purpose.intro"
    )
    tree = lxml.html.fromstring(page.get_data(as_text=True))
    items = tree.xpath("//ol[contains(@class, 'app-versions')]/li")
    assert [" ".join(i.xpath("./strong")[0].text_content().split()) for i in items] == [
        "Version 2",
        "Version 1",
    ]
    newest, oldest = (i.xpath(".//p[contains(@class, 'app-diff')]")[0] for i in items)
    [added] = [e.text_content() for e in newest.xpath(".//ins")]
    assert added.startswith("[added: ") and added.endswith("Bidders may ask questions.]")
    assert oldest.xpath(".//ins")[0].text_content() == "[added: here ]"
    # What did not change is shortened to a few words either side, so the change stands out.
    assert "…" in oldest.text_content() and len(oldest.text_content()) < len(first) / 2
    link = tree.xpath("//a[normalize-space(.)='Compare any two versions of clause 1.1']/@href")
    assert link == [
        f"/hatherdale/workspace/specifications/{procurement_id}/clauses/purpose.intro/versions"
    ]


def test_preview_keeps_a_few_words_around_each_change():
    parts = comparison.diff_words(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
        "one two three four five six seven EIGHT nine ten eleven twelve thirteen fourteen",
    )
    assert comparison.preview(parts, words=2) == [
        ("equal", "… six seven "),
        ("delete", "eight "),
        ("insert", "EIGHT "),
        ("equal", "nine ten …"),
    ]


def test_duplicate_keeps_the_kind_light_touch_and_guaranteed_spend(db, hatherdale):
    procurement_id, _spec = _specification(db, hatherdale)
    db.execute(
        "UPDATE procurements SET kind = 'framework', light_touch = 0, guaranteed_value_gbp = 9000"
        " WHERE id = ?",
        [procurement_id],
    )
    procurement = procurements.get(db, hatherdale["id"], procurement_id)
    new_id = lifecycle.duplicate(db, hatherdale["id"], procurement, "A copy")
    copy = procurements.get(db, hatherdale["id"], new_id)
    assert (copy["kind"], copy["light_touch"], copy["guaranteed_value_gbp"]) == (
        "framework",
        False,
        9000,
    )
