"""The register and catalogue pages as a council officer uses them (no browser)."""

import re

from specifier import councils, priorities


def test_home_takes_a_member_to_their_council_and_names_no_other(client):
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    for name in ("Hatherdale Council",):
        assert name in page
    assert "Kilbrannan" not in page and "Cwm Aderyn" not in page


def test_unknown_council_and_priority_answer_404(client, db):
    assert client.get("/nowhere/priorities/").status_code == 404
    other = councils.get_by_slug(db, "kilbrannan")
    theirs = priorities.search(db, other["id"])[0]
    assert client.get(f"/hatherdale/priorities/{theirs['id']}").status_code == 404
    assert client.get(f"/hatherdale/priorities/{theirs['id']}/edit").status_code == 404


def test_register_lists_and_filters(client):
    page = client.get("/hatherdale/priorities/").get_data(as_text=True)
    assert "Priorities register" in page
    filtered = client.get("/hatherdale/priorities/?theme=environment&status=active").get_data(
        as_text=True
    )
    assert "match your filters" in filtered
    assert filtered.count('class="govuk-table__row"') < page.count('class="govuk-table__row"')


FORM = {
    "title": "Warm homes for older people",
    "description": "Cold homes make people ill.",
    "theme": "communities",
    "importance": "high",
    "status": "active",
    "evidence_statistic": "21% of over-75s live in fuel poverty",
    "evidence_source": "DESNZ sub-regional fuel poverty",
    "evidence_date": "2024",
    "target_groups": "older people\npeople with disabilities",
    "places": "Millbank",
    "review_date": ["31", "3", "2027"],
}


def test_add_priority_then_find_it(client):
    response = client.post("/hatherdale/priorities/new", data=FORM, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Priority added: Warm homes for older people" in page
    assert "older people, people with disabilities" in page
    assert "2027-03-31" in page
    listing = client.get("/hatherdale/priorities/?q=Warm+homes").get_data(as_text=True)
    assert "Warm homes for older people" in listing


def test_validation_errors_are_shown_gov_uk_style_and_input_kept(client):
    data = FORM | {"title": "", "theme": "", "review_date": ["31", "2", "2027"]}
    response = client.post("/hatherdale/priorities/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Add a priority" in page
    assert "There is a problem" in page
    for message in (
        "Enter a title for the priority",
        "Select a theme",
        "Review date must be a real date",
    ):
        assert message in page
    assert 'href="#title"' in page
    assert "Cold homes make people ill." in page


def test_edit_and_archive(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    target = priorities.search(db, council["id"], status="active")[0]
    url = f"/hatherdale/priorities/{target['id']}"
    form_page = client.get(url + "/edit").get_data(as_text=True)
    assert target["title"] in form_page
    client.post(url + "/edit", data=FORM | {"title": "Renamed priority"})
    assert priorities.get(db, council["id"], target["id"])["title"] == "Renamed priority"
    assert "Archive this priority?" in client.get(url + "/archive").get_data(as_text=True)
    client.post(url + "/archive", data={})
    assert priorities.get(db, council["id"], target["id"])["status"] == "archived"


def test_user_text_is_escaped(client):
    client.post("/hatherdale/priorities/new", data=FORM | {"title": "<script>alert(1)</script>"})
    page = client.get("/hatherdale/priorities/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_export_csv(client):
    response = client.get("/hatherdale/priorities/export.csv")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).startswith("title,description,theme")


def test_catalogue_browse_search_and_detail(client):
    page = client.get("/hatherdale/catalogue/").get_data(as_text=True)
    codes = re.findall(r"/catalogue/measures/([A-Z]{3}-\d{2})", page)
    assert len(codes) >= 120
    found = client.get("/hatherdale/catalogue/?q=apprenticeship").get_data(as_text=True)
    assert "matching “apprenticeship”" in found
    detail = client.get(f"/hatherdale/catalogue/measures/{codes[0]}")
    assert detail.status_code == 200 and "Evidence required" in detail.get_data(as_text=True)
    assert client.get("/hatherdale/catalogue/measures/NOPE-1").status_code == 404
    assert client.get("/hatherdale/catalogue/export.csv").mimetype == "text/csv"


def test_csrf_is_required_on_forms(app, client_for):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client_for("hatherdale").post("/hatherdale/priorities/new", data=FORM)
    assert response.status_code == 400
    assert "problem with your request" in response.get_data(as_text=True)


def test_oversized_upload_gets_a_friendly_413(client):
    response = client.post("/hatherdale/priorities/new", data={"title": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
