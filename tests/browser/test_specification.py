"""From a contract description to a downloaded Word specification, in a real browser, with axe."""

import io
import re
import zipfile

import docx
import pytest
from playwright.sync_api import expect

from specifier.specification.export import workbook

from .pages import FINDING_MS, FOUND

pytestmark = pytest.mark.browser


def test_describe_choose_check_and_download(signed_in_page, live_server, check_a11y, tmp_path):
    page = signed_in_page("hatherdale")
    page.goto(f"{live_server}/hatherdale/procurements/")
    check_a11y(page)
    page.get_by_role("button", name="Describe a new contract").click()
    expect(page).to_have_title(re.compile("^Describe the contract"))
    check_a11y(page)
    page.get_by_role("button", name="Save and find outcomes").click()
    expect(page).to_have_title(re.compile("^Error: Describe the contract"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the contract's title")
    check_a11y(page)

    page.get_by_label("Contract title").fill("Street cleansing")
    page.get_by_label("What will the contract buy?").fill(
        "Sweeping streets, emptying litter bins and clearing fly-tipping in town centres."
    )
    page.get_by_label("Services").check()
    page.get_by_label("Estimated value in pounds").fill("7200000")
    page.get_by_label("Duration in months").fill("36")
    page.get_by_role("button", name="Save and find outcomes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(FOUND, timeout=FINDING_MS)
    check_a11y(page)
    boxes = page.locator("input[name=codes]")
    expect(boxes).to_have_count(20)
    boxes.nth(0).check()
    # The rest are listed on request, by keyboard, with the tick kept and the page at the new ones.
    more = page.get_by_role(
        "button", name=re.compile(r"^Show \d+ more measures that fit less well")
    )
    more.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#more$"))
    expect(page.locator("#more")).to_be_attached()  # the longer list has loaded
    assert boxes.count() > 20
    expect(boxes.nth(0)).to_be_checked()
    check_a11y(page)
    for i in (1, 2, boxes.count() - 1):
        boxes.nth(i).check()
    page.get_by_role("button", name="Use these outcomes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Social value specification")
    expect(page.get_by_role("heading", name="Checks before export")).to_be_visible()
    expect(page.get_by_text("Flesch reading ease")).to_be_visible()
    # An outcome failing a blocking check (such as work the contract itself pays for) is left
    # out of the bidder files, and the page says so.
    left_out = page.locator(
        "main li", has_text=re.compile(r"Bidder files: Outcome \d+ .* left out: ")
    ).count()
    check_a11y(page)
    # Review first, download last; each minimum's form opens when wanted.
    assert page.locator("main h2").all_inner_texts()[-1] == "Download"
    minimum = page.locator("input[name=minimum]").first
    expect(minimum).to_be_hidden()
    page.locator("main summary").first.click()
    expect(minimum).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Edit clause 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit clause 1.1")
    check_a11y(page)
    page.get_by_label("Clause wording").fill("The supplier must deliver the outcomes below.")
    page.get_by_role("button", name="Save clause").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Clause 1.1 saved")

    with page.expect_download() as download:
        page.get_by_role("link", name="Specification as a Word document").click()
    word = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    assert any("The supplier must deliver the outcomes below." in p.text for p in word.paragraphs)

    with page.expect_download() as download:
        page.get_by_role("link", name="Specification as a web page (HTML)").click()
    # The ITT pack: every file to issue with the tender, in one zip named from the contract.
    with page.expect_download() as pack_download:
        page.get_by_role("button", name="Download the ITT pack (zip)").click()
    assert pack_download.value.suggested_filename == (
        "Hatherdale Council Street cleansing - social value ITT pack.zip"
    )
    with zipfile.ZipFile(io.BytesIO(pack_download.value.path().read_bytes())) as pack:
        files = pack.namelist()
        assert [name.split(" - ")[1] for name in files] == [
            "social value specification.docx",
            "social value specification.html",
            "social value response form.docx",
            "social value commitments.xlsx",
            "OCDS release.json",
        ]
        form = docx.Document(io.BytesIO(pack.read(files[2])))
        assert (
            sum(
                p.style.name == "Heading 1" and p.text.startswith("Outcome ")
                for p in form.paragraphs
            )
            == 4 - left_out
        )
        read = workbook.read_commitments(pack.read(files[3]))
        assert read["specification"]["title"] == "Street cleansing"

    exported = tmp_path / "spec.html"
    exported.write_bytes(download.value.path().read_bytes())
    page.goto(exported.as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Social value specification")
    check_a11y(page)
