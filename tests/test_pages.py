"""The register and catalogue pages as a council officer uses them (no browser)."""

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

from specifier.councils import councils
from specifier.priorities import files as priority_files
from specifier.priorities import priorities


def test_home_takes_a_member_to_their_council_and_names_no_other(client):
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    for name in ("Hatherdale Council",):
        assert name in page
    assert "Kilbrannan" not in page and "Cwm Aderyn" not in page
    assert 'href="/setup/">Set up another council' in page  # an admin of one council can find it


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
    assert "31 March 2027" in page
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
    version = re.search(r'name="version" value="(\d+)"', form_page).group(1)
    client.post(url + "/edit", data=FORM | {"title": "Renamed priority", "version": version})
    assert priorities.get(db, council["id"], target["id"])["title"] == "Renamed priority"
    assert "Archive this priority?" in client.get(url + "/archive").get_data(as_text=True)
    client.post(url + "/archive", data={})
    assert priorities.get(db, council["id"], target["id"])["status"] == "archived"


def test_user_text_is_escaped(client):
    client.post("/hatherdale/priorities/new", data=FORM | {"title": "<script>alert(1)</script>"})
    page = client.get("/hatherdale/priorities/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_downloads_open_in_excel_as_utf8_and_import_again(client, db):
    """A byte-order mark makes Excel read UTF-8 ("£", not "Â£"); our importers drop it."""
    response = client.get("/hatherdale/priorities/export.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].endswith('filename="hatherdale-priorities.csv"')
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbftitle,description,theme")
    assert len(priority_files.parse(body, "downloaded.csv")) == len(
        priorities.search(db, councils.get_by_slug(db, "hatherdale")["id"])
    )
    catalogue_csv = client.get("/hatherdale/catalogue/export.csv").get_data()
    assert catalogue_csv.startswith(b"\xef\xbb\xbfcode,")


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


def _static_urls(html):
    """The URLs a page loads: stylesheets, icons, scripts and images."""
    tree = lxml.html.fromstring(html)
    return {url for url in tree.xpath("//link/@href | //script/@src | //img/@src")}


def test_every_asset_the_pages_and_stylesheet_refer_to_exists(client, anon_client):
    """Every URL in the base page's head and body, and every url(...) in the built CSS, is 200."""
    pages = [
        client.get("/hatherdale/").get_data(as_text=True),
        anon_client.get("/sign-in").get_data(as_text=True),
    ]
    urls = set().union(*(_static_urls(page) for page in pages))
    stylesheets = [url for url in urls if url.endswith(".css")]
    assert stylesheets, "the base page loads no stylesheet"
    for stylesheet in stylesheets:
        response = client.get(stylesheet)
        assert response.status_code == 200, stylesheet
        css = response.get_data(as_text=True)
        response.close()
        referenced = re.findall(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""", css)
        assert referenced, f"{stylesheet} refers to no url(...); is the pattern still right?"
        urls |= {urljoin(stylesheet, url) for url in referenced if not url.startswith("data:")}
    assert all(url.startswith("/static/") for url in urls), sorted(urls)
    missing = []
    for url in sorted(urls):
        response = client.get(urlsplit(url).path)
        if response.status_code != 200:
            missing.append(f"{url} ({response.status_code})")
        response.close()
    assert not missing, f"missing assets (run `make assets`): {missing}"


def test_footer_is_a_landmark_and_names_the_projects_own_licences(client):
    tree = lxml.html.fromstring(client.get("/hatherdale/").get_data(as_text=True))
    footers = tree.xpath("/html/body/footer")
    assert len(footers) == 1 and "govuk-footer" in footers[0].get("class").split()
    assert not tree.xpath("//div[contains(concat(' ', @class, ' '), ' govuk-footer ')]")
    footer = footers[0]
    text = " ".join(footer.text_content().split())
    assert "MIT" in text and "CC BY 4.0" in text
    # The project's content is not Crown copyright and not under the Open Government Licence.
    assert not [href for href in footer.xpath(".//@href") if "nationalarchives.gov.uk" in href]
    assert "Crown copyright" not in text and "Open Government Licence" not in text
    for crown_or_ogl in ("govuk-footer__copyright-logo", "govuk-footer__licence-logo"):
        assert not footer.xpath(f".//*[contains(@class, '{crown_or_ogl}')]")
    assert not footer.xpath(".//*[contains(@class, 'govuk-footer__crown')]")


def test_the_council_page_lists_its_local_postcode_districts_in_a_row_of_their_own(client):
    tree = lxml.html.fromstring(client.get("/hatherdale/").get_data(as_text=True))
    rows = {
        " ".join(row.find_class("govuk-summary-list__key")[0].text_content().split()): " ".join(
            row.find_class("govuk-summary-list__value")[0].text_content().split()
        )
        for row in tree.find_class("govuk-summary-list__row")
    }
    assert rows["Local postcode districts"].startswith("HF")
    assert "below" not in rows["What local means"]


def test_a_back_link_is_in_a_landmark_and_a_page_without_one_has_no_empty_nav(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    priority = priorities.search(db, council["id"])[0]
    page = client.get(f"/hatherdale/priorities/{priority['id']}").get_data(as_text=True)
    links = lxml.html.fromstring(page).find_class("govuk-back-link")
    assert len(links) == 1
    assert links[0].getparent().tag == "nav" and links[0].getparent().get("aria-label") == "Back"
    home = lxml.html.fromstring(client.get("/hatherdale/").get_data(as_text=True))
    assert not home.find_class("govuk-back-link") and not home.xpath('//nav[@aria-label="Back"]')


def test_a_search_of_only_punctuation_lists_the_catalogue_without_claiming_a_match(client):
    page = client.get('/hatherdale/catalogue/?q="').get_data(as_text=True)
    heading = re.search(r'<h2[^>]*id="results">(.*?)</h2>', page, re.S).group(1)
    assert "matching" not in heading and "measures" in heading
