"""Importing priorities and a council's own measures through the web pages."""

import io
import json

import lxml.html
import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from specifier.catalogue import catalogue
from specifier.councils import councils
from specifier.priorities import priorities
from specifier.record_files import MAX_BYTES

PRIORITIES = "/hatherdale/priorities/import"
CATALOGUE = "/hatherdale/catalogue/import"
MEASURES_HEADER = "code,theme,outcome,title,description,unit\n"


def upload(client, url, body, filename):
    """Post a file as a browser would (encoded in memory: no temporary file left open)."""
    data = body.encode() if isinstance(body, str) else body
    stream, length, boundary = stream_encode_multipart(
        {"file": FileStorage(io.BytesIO(data), filename)}, use_tempfile=False
    )
    return client.post(
        url,
        input_stream=stream,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def summary_items(response):
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    return [
        " ".join(li.text_content().split())
        for li in tree.xpath("//div[contains(@class, 'govuk-error-summary')]//li")
    ]


def title(response):
    return lxml.html.fromstring(response.get_data(as_text=True)).findtext(".//title").strip()


def register(db, slug="hatherdale"):
    return priorities.search(db, councils.get_by_slug(db, slug)["id"])


def own_measures(db, slug="hatherdale"):
    council_id = councils.get_by_slug(db, slug)["id"]
    return {m["code"]: m for m in catalogue.measures_for(db, council_id) if m["council_id"]}


def audit_entries(db, action="imported"):
    return [dict(r) for r in db.query("SELECT * FROM audit_log WHERE action = ?", [action])]


PRIORITY_FILES = {
    "csv": (
        "new.csv",
        "title,description,theme,target_groups\n"
        "Fewer empty shops on the high street,Vacancy is up a third since 2022.,local-economy,"
        "traders; landlords\n"
        "More young carers supported,Young carers miss school.,communities,young carers\n",
    ),
    "yaml": (
        "new.yaml",
        "priorities:\n"
        "  - title: Fewer empty shops on the high street\n"
        "    description: Vacancy is up a third since 2022.\n"
        "    theme: local-economy\n"
        "  - title: More young carers supported\n"
        "    description: Young carers miss school.\n"
        "    theme: communities\n",
    ),
    "json": (
        "new.json",
        json.dumps(
            {
                "priorities": [
                    {
                        "title": "Fewer empty shops on the high street",
                        "description": "Vacancy is up a third since 2022.",
                        "theme": "local-economy",
                    },
                    {
                        "title": "More young carers supported",
                        "description": "Young carers miss school.",
                        "theme": "communities",
                    },
                ]
            }
        ),
    ),
}


@pytest.mark.parametrize("fmt", sorted(PRIORITY_FILES))
def test_a_good_priorities_file_is_added_with_a_banner_and_an_audit_entry(client, db, fmt):
    filename, body = PRIORITY_FILES[fmt]
    before = len(register(db))
    response = upload(client, PRIORITIES, body, filename)
    assert response.status_code == 302
    assert response.headers["Location"] == "/hatherdale/priorities/"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "govuk-notification-banner--success" in page
    assert f"2 priorities added to the register from {filename}" in page
    titles = {p["title"] for p in register(db)}
    assert len(titles) >= 2 and "More young carers supported" in titles
    assert len(register(db)) == before + 2
    entries = audit_entries(db)
    assert [(e["entity"], e["summary"]) for e in entries] == [
        ("priority", f"2 priorities added from {filename}")
    ]
    assert entries[0]["user_email"] == "admin@hatherdale.example"
    assert entries[0]["council_id"] == councils.get_by_slug(db, "hatherdale")["id"]


def test_importing_the_same_file_again_adds_nothing_and_says_so(client, db):
    filename, body = PRIORITY_FILES["csv"]
    before = len(register(db))
    client.get(upload(client, PRIORITIES, body, filename).headers["Location"])
    logged = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    response = upload(client, PRIORITIES, body, filename)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "govuk-notification-banner--success" not in page
    assert (
        "No priorities added from new.csv. Skipped 2 already in your register:"
        " “Fewer empty shops on the high street”, “More young carers supported”."
    ) in " ".join(lxml.html.fromstring(page).text_content().split())
    assert len(register(db)) == before + 2
    # Nothing changed, so only the first import is in the audit log, and no generic entry either.
    assert [e["summary"] for e in audit_entries(db)] == ["2 priorities added from new.csv"]
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged


def test_an_updated_file_adds_only_its_new_rows(client, db):
    filename, body = PRIORITY_FILES["csv"]
    client.get(upload(client, PRIORITIES, body, filename).headers["Location"])
    before = len(register(db))
    updated = body.replace("More young carers", "MORE young  carers") + (
        "Cleaner air outside schools,Nitrogen dioxide is high.,environment,parents\n"
    )
    response = upload(client, PRIORITIES, updated, "updated.csv")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    text = " ".join(lxml.html.fromstring(page).text_content().split())
    assert "govuk-notification-banner--success" in page
    assert (
        "1 priority added to the register from updated.csv. Skipped 2 already in your register:"
        " “Fewer empty shops on the high street”, “MORE young carers supported”."
    ) in text
    titles = [p["title"] for p in register(db)]
    assert len(titles) == before + 1 and "Cleaner air outside schools" in titles
    assert [e["summary"] for e in audit_entries(db)][-1] == (
        "1 priority added from updated.csv; 2 skipped as already in the register"
    )


def test_another_councils_identical_titles_are_not_skipped(client_for, db):
    filename, body = PRIORITY_FILES["csv"]
    upload(client_for("kilbrannan"), "/kilbrannan/priorities/import", body, filename)
    hatherdale = client_for("hatherdale")
    before = len(register(db))
    response = upload(hatherdale, PRIORITIES, body, filename)
    page = hatherdale.get(response.headers["Location"]).get_data(as_text=True)
    assert f"2 priorities added to the register from {filename}." in page
    assert "Skipped" not in page
    assert len(register(db)) == before + 2
    assert "More young carers supported" in {p["title"] for p in register(db, "kilbrannan")}


def test_a_long_list_of_skipped_titles_names_five_so_the_banner_fits_its_cookie(client, db):
    rows = "".join(f"{'Priority number ' * 12}{i},Why {i}.,jobs\n" for i in range(40))
    body = "title,description,theme\n" + rows
    client.get(upload(client, PRIORITIES, body, "big.csv").headers["Location"])
    response = upload(client, PRIORITIES, body, "big.csv")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Skipped 40 already in your register:" in page and "and 35 more." in page


def test_the_import_pages_are_offered_only_to_people_who_can_edit(client_for):
    for role in ("admin", "commissioner"):
        editor = client_for("hatherdale", role)
        assert "Import priorities" in editor.get("/hatherdale/priorities/").get_data(as_text=True)
        assert "Import your own measures" in editor.get("/hatherdale/catalogue/").get_data(
            as_text=True
        )
        for url in (PRIORITIES, CATALOGUE):
            page = editor.get(url)
            assert page.status_code == 200
            html = page.get_data(as_text=True)
            assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    viewer = client_for("hatherdale", "viewer")
    assert "Import priorities" not in viewer.get("/hatherdale/priorities/").get_data(as_text=True)
    assert "Import your own measures" not in viewer.get("/hatherdale/catalogue/").get_data(
        as_text=True
    )


def test_a_viewer_gets_403_and_changes_nothing(client_for, db):
    viewer = client_for("hatherdale", "viewer")
    before = len(register(db))
    for url, (filename, body) in (
        (PRIORITIES, PRIORITY_FILES["csv"]),
        (CATALOGUE, ("mine.csv", MEASURES_HEADER + "OWN-1,Jobs,O,T,D,people\n")),
    ):
        assert viewer.get(url).status_code == 403
        assert upload(viewer, url, body, filename).status_code == 403
    assert len(register(db)) == before
    assert own_measures(db) == {}


def test_another_councils_user_cannot_import_into_this_council(client_for, db):
    outsider = client_for("kilbrannan", "admin")
    before = len(register(db))
    filename, body = PRIORITY_FILES["csv"]
    assert outsider.get(PRIORITIES).status_code == 404
    assert upload(outsider, PRIORITIES, body, filename).status_code == 404
    assert (
        upload(outsider, CATALOGUE, MEASURES_HEADER + "OWN-1,Jobs,O,T,D,p\n", "m.csv").status_code
        == 404
    )
    assert len(register(db)) == before
    assert own_measures(db) == {} and own_measures(db, "kilbrannan") == {}


def test_a_bad_priorities_file_changes_nothing_and_lists_each_problem_by_line(client, db):
    before = len(register(db))
    body = (
        "title,description,theme\nGood one,Fine.,jobs\n,No title.,jobs\nBad theme,Fine.,weather\n"
    )
    response = upload(client, PRIORITIES, body, "bad.csv")
    assert response.status_code == 400
    assert title(response).startswith("Error: Import priorities")
    items = summary_items(response)
    assert any(i.startswith("bad.csv, line 3, title:") for i in items), items
    assert any(i.startswith("bad.csv, line 4, theme: Select a theme") for i in items), items
    assert len(items) == 2
    html = response.get_data(as_text=True)
    assert 'href="#file"' in html
    assert "The file has 2 problems, listed above. Nothing was imported" in html
    assert len(register(db)) == before
    assert audit_entries(db) == []


def test_many_problems_are_capped_at_20_with_how_many_more(client, db):
    body = "title,description,theme\n" + "".join(f"T{n},D,weather\n" for n in range(25))
    response = upload(client, PRIORITIES, body, "many.csv")
    assert response.status_code == 400
    items = summary_items(response)
    assert len(items) == 21
    assert items[0].startswith("many.csv, line 2, theme: Select a theme")
    assert items[19].startswith("many.csv, line 21, theme:")
    assert items[-1] == "and 5 more problems"


def test_no_file_chosen_asks_for_one(client):
    response = client.post(PRIORITIES, data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert summary_items(response) == ["Select a CSV, YAML or JSON file of priorities"]


def test_too_large_a_file_is_refused(client, db):
    before = len(register(db))
    body = "title,description,theme\n" + "A,B,jobs\n" * (MAX_BYTES // 9 + 10)
    assert len(body) > MAX_BYTES
    response = upload(client, PRIORITIES, body, "big.csv")
    assert response.status_code == 400
    assert summary_items(response) == ["big.csv: the file must be smaller than 2 MB"]
    assert len(register(db)) == before
    body = MEASURES_HEADER + "A,B,C,D,E,F\n" * (MAX_BYTES // 12 + 10)
    response = upload(client, CATALOGUE, body, "big.csv")
    assert response.status_code == 400
    assert summary_items(response) == ["big.csv: the file must be smaller than 2 MB"]
    assert own_measures(db) == {}


def test_a_file_not_in_utf8_is_refused(client, db):
    before = len(register(db))
    body = "title,description,theme\nCafé owners,Crèche places,jobs\n".encode("cp1252")
    response = upload(client, PRIORITIES, body, "latin.csv")
    assert response.status_code == 400
    assert summary_items(response) == ["latin.csv: the file must be saved as UTF-8 text"]
    assert len(register(db)) == before
    response = upload(
        client, CATALOGUE, MEASURES_HEADER.encode() + "É,J,O,T,D,u\n".encode("cp1252"), "m.csv"
    )
    assert response.status_code == 400
    assert summary_items(response) == ["m.csv: the file must be saved as UTF-8 text"]


def test_a_good_catalogue_file_adds_and_updates_the_councils_measures(client, db):
    with open("tests/data/council-catalogue.csv", "rb") as f:
        data = f.read()
    response = upload(client, CATALOGUE, data, "mine.csv")
    assert response.status_code == 302
    assert response.headers["Location"] == "/hatherdale/catalogue/"
    page = client.get("/hatherdale/catalogue/").get_data(as_text=True)
    assert "Your catalogue: 2 measures added from mine.csv" in page
    assert set(own_measures(db)) == {"NT1", "HC-7"}
    assert own_measures(db, "kilbrannan") == {}

    changed = data.replace(b"FTE years", b"FTE weeks")
    extra = MEASURES_HEADER + "OWN-3,Jobs,Work,Local hires,Residents hired,people\n"
    upload(client, CATALOGUE, changed, "mine.csv")
    assert own_measures(db)["NT1"]["unit"] == "FTE weeks"
    page = client.get("/hatherdale/catalogue/").get_data(as_text=True)
    assert "Your catalogue: 2 measures updated from mine.csv" in page
    upload(client, CATALOGUE, extra, "extra.csv")
    entries = audit_entries(db)
    assert [(e["entity"], e["summary"]) for e in entries] == [
        ("measure", "2 measures added from mine.csv: NT1, HC-7"),
        ("measure", "2 measures updated from mine.csv: NT1, HC-7"),
        ("measure", "1 measure added from extra.csv: OWN-3"),
    ]


def test_a_catalogue_import_makes_the_matchers_index_stale(client, db):
    from specifier.matching import service

    council_id = councils.get_by_slug(db, "hatherdale")["id"]
    before = service.fingerprint(catalogue.measures_for(db, council_id))
    upload(
        client, CATALOGUE, MEASURES_HEADER + "OWN-1,Jobs,Work,Local hires,Hired,people\n", "m.csv"
    )
    assert service.fingerprint(catalogue.measures_for(db, council_id)) != before


def test_a_bad_catalogue_file_changes_nothing_and_lists_problems_by_line(client, db):
    body = MEASURES_HEADER + "OWN-1,Jobs,O,T,D,people\nOWN-2,Jobs,O,,D,people\n"
    response = upload(client, CATALOGUE, body, "bad.csv")
    assert response.status_code == 400
    assert title(response).startswith("Error: Import your own measures")
    assert summary_items(response) == ["bad.csv, line 3, title: Enter the measure's title"]
    assert own_measures(db) == {}
    assert audit_entries(db) == []


def test_a_code_of_our_catalogue_is_refused_with_its_line(client, db):
    ours = catalogue.get(db, None, "JOB-01")
    body = MEASURES_HEADER + "OWN-1,Jobs,O,T,D,people\nJOB-01,Jobs,O,My own wording,D,people\n"
    response = upload(client, CATALOGUE, body, "clash.csv")
    assert response.status_code == 400
    assert summary_items(response) == [
        "clash.csv, line 3, code: JOB-01 is a measure of our catalogue;"
        " give your own measure a code of its own"
    ]
    assert own_measures(db) == {}
    council_id = councils.get_by_slug(db, "hatherdale")["id"]
    assert catalogue.get(db, council_id, "JOB-01")["title"] == ours["title"]


def test_a_measure_code_with_a_slash_has_a_working_page(client, db):
    body = MEASURES_HEADER + "HF/JOB/1,Jobs,Work,Local hires with a slash,Hired,people\n"
    assert upload(client, CATALOGUE, body, "slash.csv").status_code == 302
    page = client.get("/hatherdale/catalogue/?q=slash").get_data(as_text=True)
    assert 'href="/hatherdale/catalogue/measures/HF/JOB/1"' in page
    measure = client.get("/hatherdale/catalogue/measures/HF/JOB/1")
    assert measure.status_code == 200
    assert "Local hires with a slash" in measure.get_data(as_text=True)
    assert client.get("/hatherdale/catalogue/measures/HF/JOB").status_code == 404


def test_a_code_with_a_dot_part_is_refused_because_browsers_rewrite_it(client, db):
    body = MEASURES_HEADER + "HF/../JOB,Jobs,O,T,D,people\n"
    response = upload(client, CATALOGUE, body, "dots.csv")
    assert response.status_code == 400
    assert summary_items(response) == [
        "dots.csv, line 2, code: Code must not have a '.' or '..' part between slashes"
    ]


def test_every_route_taking_a_measure_code_accepts_slashes(app):
    """Codes may contain '/': the minimum form for such an outcome must be reachable too."""
    urls = app.url_map.bind("localhost")
    endpoint, args = urls.match(
        "/hatherdale/procurements/1/specification/outcomes/HF/JOB/1", method="POST"
    )
    assert endpoint == "procurements.minimum" and args["code"] == "HF/JOB/1"
